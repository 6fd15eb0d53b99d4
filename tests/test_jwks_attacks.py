"""The JWKS attack catalogue (security reference A20–A22, and A1/A3/A7/A9/A10/A12/A13 via ``U``).

Every token goes to ``U`` (``TYPE JWT URL 'https://idp.example.com/.well-known/jwks.json'``)
through an injected `MockIdp` transport that serves one canned response per URL and records
every URL it is asked for, so each case asserts the precise ``reason`` and ``kind`` of the
`AuthenticationError` *and* exactly which fetches happened. Definitions the URL policy must
refuse assert a `CompileError` tagged ``[definition_invalid]`` and no fetch at all.

Real HTTP servers, rotation under concurrency, single flight and outage timing live in
``test_jwks.py``; `StdlibFetch` appears here only for its address policy (DNS rebinding),
with the resolver and ``socket.create_connection`` replaced, so no test opens a socket.

Where this suite pins down behaviour the catalogue leaves open:

* Header-level refusals (``alg`` not allowed with a JWKS URL, no ``kid``, non-string ``kid``)
  happen **before** any fetch in strict mode: a junk token never costs a request.
* A21 "TTL expired and 503": within `JwksOptions.stale_if_error` the last good set keeps
  serving (the library's documented improvement over SurrealDB); with ``stale_if_error=0``
  the verdict is the catalogue's ``jwks_unavailable``.
* Two JWKs with the same ``kid`` and the same ``kty``: strict takes the first that fits the
  ``alg`` (as SurrealDB takes the first with the ``kid``), so a token signed by the second
  one is ``signature_invalid``.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import socket
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jose_builders as jb
import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, utils
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surrealaccess as sa
from surrealaccess import HttpResponse, JwksEvent, JwksOptions
from surrealaccess.errors import AuthenticationError, CompileError
from surrealaccess.jwks import StdlibFetch, check_url

NOW = jb.NOW
GENERIC = "There was a problem with authentication"
MISSING_KID = "Incorrect arguments for function token(). Missing token header 'kid'"
URL = "https://idp.example.com/.well-known/jwks.json"
U = f"DEFINE ACCESS token ON DATABASE TYPE JWT URL '{URL}'"
ATTACKER_URL = "https://attacker.example/jwks.json"
METADATA_URL = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
LOOPBACK_RPC = "http://127.0.0.1:8000/rpc"

#: The AuthenticationError.kind each reason comes with.
KIND = {
    "key_not_found": "invalid_auth",
    "jwk_invalid": "invalid_auth",
    "alg_not_allowed": "invalid_auth",
    "signature_invalid": "invalid_auth",
    "header_invalid": "malformed_token",
    "malformed": "malformed_token",
    "jwks_unavailable": "key_unavailable",
}

# ---- keys --------------------------------------------------------------------------------------

RSA = jb.rsa_key("victim")
RSA_ROTATED = jb.rsa_key("rotated")
RSA_ATTACKER = jb.rsa_key("attacker")
RSA_1024 = jb.rsa_key("weak", 1024)
RSA_E3 = jb.rsa_key("e3", 2048, 3)
P256 = jb.ec_key("victim")
P256_ATTACKER = jb.ec_key("attacker")
P384 = jb.ec_key("victim", "P-384")
P521 = jb.ec_key("victim", "P-521")
ED = jb.ed_key("victim")
OCT = b"0123456789abcdef0123456789abcdef"


def _short_x_p256() -> ec.EllipticCurvePrivateKey:
    """A P-256 key whose x coordinate fits in 31 bytes (about 1 key in 256)."""
    while True:
        key = ec.generate_private_key(ec.SECP256R1())
        if key.public_key().public_numbers().x < 1 << 248:
            return key


P256_SHORT_X = _short_x_p256()


def _self_signed_certificate(key: rsa.RSAPrivateKey) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.com")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


CERTIFICATE_DER = _self_signed_certificate(RSA)
DROP = object()  # a jwk() member value meaning "remove this member"


def jwk(key: Any, kid: Any = "k1", **members: Any) -> dict[str, Any]:
    """The public JWK of ``key`` (raw bytes: an ``oct`` JWK) with ``kid`` and ``members``."""
    if isinstance(key, bytes):
        data: dict[str, Any] = {"kty": "oct", "k": jb.b64u(key)}
    else:
        data = json.loads(jb.jwk_json(key))
    if kid is not DROP:
        data["kid"] = kid
    for name, value in members.items():
        if value is DROP:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _be(value: int, size: int | None = None) -> bytes:
    return value.to_bytes(size or (value.bit_length() + 7) // 8, "big")


# ---- responses and the mock transport ----------------------------------------------------------


def response(document: Any, status: int = 200, headers: Mapping[str, str] | None = None
             ) -> HttpResponse:
    """An HTTP response; ``document`` as bytes verbatim, anything else as JSON."""
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return HttpResponse(status, dict(headers or {"content-type": "application/json"}), body)


def jwks(*keys: dict[str, Any], **headers: str) -> HttpResponse:
    """A JWK Set response."""
    return response({"keys": list(keys)},
                    headers={"content-type": "application/jwk-set+json", **headers})


V1 = jwks(jwk(RSA, use="sig", alg="RS256"))
ATTACKER_SET = jwks(jwk(RSA_ATTACKER), jwk(RSA_ATTACKER, "attacker-k"))


class MockIdp:
    """A transport that serves canned responses per URL and records every URL requested.

    A URL it does not serve raises `OSError`, as an unreachable host would; an `Exception`
    value is raised instead of answering.
    """

    def __init__(self, routes: Mapping[str, HttpResponse | Exception]) -> None:
        self.routes: dict[str, HttpResponse | Exception] = dict(routes)
        self.requested: list[str] = []

    def __call__(self, url: str, timeout: float) -> HttpResponse:
        self.requested.append(url)
        answer = self.routes.get(url)
        if answer is None:
            raise OSError(f"the mock does not serve {url}")
        if isinstance(answer, Exception):
            raise answer
        return answer

    @property
    def fetches(self) -> int:
        return len(self.requested)


def compile_u(idp: MockIdp, *, policy: str = "strict", options: JwksOptions | None = None,
              schema: str = U) -> sa.Authenticator:
    return sa.compile(sa.parse(schema), ns="test", db="test", policy=policy,  # type: ignore[arg-type]
                      http=idp, jwks=options)


# ---- tokens ------------------------------------------------------------------------------------


def claims_at(at: float = NOW) -> dict[str, Any]:
    """The default claims, issued at ``at`` and valid for an hour."""
    return {"ns": "test", "db": "test", "ac": "token", "iat": at, "exp": at + 3600}


CLAIMS = claims_at()


def u_token(alg: str, sign: jb.Signer | None, kid: Any = "k1", *, at: float = NOW,
            **members: Any) -> str:
    """A token for ``U``: header ``{"alg", "typ", "kid", **members}`` (``kid=DROP``: none)."""
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    if kid is not DROP:
        header["kid"] = kid
    header.update(members)
    return jb.jws(header, claims_at(at), sign)


RS_GOOD = u_token("RS256", jb.rs(RSA))
ES_GOOD = u_token("ES256", jb.es(P256))
V_EC = jwks(jwk(P256))


# ---- case records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    id: str
    routes: Mapping[str, HttpResponse | Exception]
    token: str
    reason: str
    policy: str = "strict"
    fetches: int = 1  # exactly this many requests, all to URL
    public: str = GENERIC


@dataclass(frozen=True)
class Control:
    id: str
    routes: Mapping[str, HttpResponse | Exception]
    token: str
    key: Any  # for the independent PyJWT check
    alg: str
    policy: str = "strict"
    payload: dict[str, Any] = field(default_factory=lambda: dict(CLAIMS))


ATTACKS: list[Attack] = []
CONTROLS: list[Control] = []


def attack(id: str, keys: HttpResponse | Mapping[str, HttpResponse | Exception], token: str,
           reason: str, **options: Any) -> None:
    assert reason in KIND, reason
    routes = keys if isinstance(keys, Mapping) else {URL: keys}
    ATTACKS.append(Attack(id, routes, token, reason, **options))


def control(id: str, keys: HttpResponse, token: str, key: Any, alg: str, **options: Any) -> None:
    CONTROLS.append(Control(id, {URL: keys, ATTACKER_URL: ATTACKER_SET}, token, key, alg,
                            **options))


# ---- A20. responses that are not a usable JWK set ----------------------------------------------

_GOOD_BODY = json.dumps({"keys": [jwk(RSA)]}).encode()
for _status in (301, 302, 303, 307, 308):
    for _name, _target in (("metadata", METADATA_URL), ("loopback_rpc", LOOPBACK_RPC)):
        # The redirect target serves the victim's real JWKS: following it would accept.
        attack(f"a20_redirect_{_status}_to_{_name}",
               {URL: response(b"", _status, {"location": _target}), _target: V1},
               RS_GOOD, "jwks_unavailable")
for _name, _answer in (
    ("status_404", response({"error": "not found"}, 404)),
    ("status_500", response(b"Internal Server Error", 500, {"content-type": "text/plain"})),
    ("status_503", response(b"", 503)),
    ("status_204_no_content", response(b"", 204)),
    ("status_304_unsolicited", response(b"", 304)),
    ("status_404_with_valid_jwks_body", response(_GOOD_BODY, 404)),
    ("html_login_page", response(b"<!doctype html><html><body>Sign in</body></html>", 200,
                                 {"content-type": "text/html"})),
    ("json_array_of_jwks", response([jwk(RSA)])),
    ("keys_object", response({"keys": {"k1": jwk(RSA)}})),
    ("keys_string", response({"keys": jb.jwk_json(RSA)})),
    ("keys_missing", response({"jwks": [jwk(RSA)]})),
    ("single_jwk_not_a_set", response(jwk(RSA))),
    ("json_null", response(b"null")),
    ("json_string", response(json.dumps(_GOOD_BODY.decode()).encode())),
    ("empty_body", response(b"")),
    ("valid_jwks_plus_5_mib_whitespace", response(_GOOD_BODY + b" " * (5 << 20))),
    ("valid_jwks_then_garbage", response(_GOOD_BODY + b"<!-- cached -->")),
    ("invalid_utf8", response(_GOOD_BODY[:-2] + b'\xff"]}')),
    ("nesting_100000_deep", response(b'{"keys":' + b"[" * 100_000 + b"]" * 100_000 + b"}")),
    ("integer_5000_digits", response(b'{"keys":[],"x":' + b"9" * 5000 + b"}")),
    ("transport_timeout", TimeoutError("timed out")),
    ("transport_connection_refused", ConnectionRefusedError("refused")),
):
    attack(f"a20_{_name}", {URL: _answer}, RS_GOOD, "jwks_unavailable")

# ---- A22. JWK validation and selection -----------------------------------------------------------

_PRIVATE = RSA.private_numbers()
for _name, _jwk in (
    ("use_enc", jwk(RSA, use="enc")),
    ("use_empty", jwk(RSA, use="")),
    ("key_ops_encrypt_wrapkey", jwk(RSA, key_ops=["encrypt", "wrapKey"])),
    ("key_ops_sign_only", jwk(RSA, key_ops=["sign"])),
    ("key_ops_string_verify", jwk(RSA, key_ops="verify")),
    ("private_members_d_p_q", jwk(RSA, d=jb.b64u(_be(_PRIVATE.d)), p=jb.b64u(_be(_PRIVATE.p)),
                                  q=jb.b64u(_be(_PRIVATE.q)))),
    ("alg_none", jwk(RSA, alg="none")),
    ("alg_rsa_oaep", jwk(RSA, alg="RSA-OAEP")),
    ("alg_hs256_on_rsa_jwk", jwk(RSA, alg="HS256")),
    ("alg_list", jwk(RSA, alg=["RS256"])),
    ("x5c_only_rsa", {"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
                      "x5c": [base64.b64encode(CERTIFICATE_DER).decode()]}),
    ("rsa_n_missing", jwk(RSA, n=DROP)),
    ("rsa_n_padded_base64", jwk(RSA, n=jwk(RSA)["n"] + "==")),
    ("rsa_n_standard_alphabet",
     jwk(RSA, n=base64.b64encode(_be(RSA.public_key().public_numbers().n)).decode())),
):
    attack(f"a22_jwk_{_name}", jwks(_jwk), RS_GOOD, "jwk_invalid")
attack("a22_oct_jwk_hs256_token", jwks(jwk(OCT)), u_token("HS256", jb.hs(OCT)),
       "alg_not_allowed", fetches=0)
attack("a22_oct_jwk_hs512_token", jwks(jwk(OCT * 2)), u_token("HS512", jb.hs(OCT * 2, 512)),
       "alg_not_allowed", fetches=0)
attack("a22_oct_jwk_rs256_token", jwks(jwk(OCT)), u_token("RS256", jb.rs(RSA_ATTACKER)),
       "alg_not_allowed")
attack("a22_jwk_alg_rs256_ps256_token", V1, u_token("PS256", jb.ps(RSA)), "alg_not_allowed")
attack("a22_jwk_alg_rs256_rs512_token", V1, u_token("RS512", jb.rs(RSA, 512)),
       "alg_not_allowed")
attack("a22_rsa_jwk_es256_token", jwks(jwk(RSA)), u_token("ES256", jb.es(P256_ATTACKER)),
       "alg_not_allowed")
attack("a22_rsa_jwk_eddsa_token", jwks(jwk(RSA)), u_token("EdDSA", jb.ed(jb.ed_key("attacker"))),
       "alg_not_allowed")
attack("a22_ec_jwk_rs256_token", V_EC, u_token("RS256", jb.rs(RSA_ATTACKER)), "alg_not_allowed")
attack("a22_token_without_kid", V1, u_token("RS256", jb.rs(RSA), DROP), "key_not_found",
       fetches=0)
attack("a22_unknown_kid", V1, u_token("RS256", jb.rs(RSA), "k9"), "key_not_found")
attack("a22_jwk_without_kid_never_chosen", jwks(jwk(RSA, DROP)),
       u_token("RS256", jb.rs(RSA), ""), "key_not_found")
attack("a22_jwk_numeric_kid_vs_string", jwks(jwk(RSA, 1)), u_token("RS256", jb.rs(RSA), "1"),
       "key_not_found")
attack("a22_empty_key_set", jwks(), RS_GOOD, "key_not_found")
attack("a22_duplicate_kid_same_kty_first_wins", jwks(jwk(RSA_ROTATED), jwk(RSA)), RS_GOOD,
       "signature_invalid")

# ---- A9 / A10 via U. wrong-curve, invalid-curve and weak JWKs ----------------------------------

attack("a9_p384_jwk_es256_token", jwks(jwk(P384)), u_token("ES256", jb.es(P384, 256)),
       "alg_not_allowed")
attack("a9_p256_jwk_es384_token", V_EC, u_token("ES384", jb.es(P256, 384)), "alg_not_allowed")
attack("a9_p256_jwk_es512_token", V_EC, u_token("ES512", jb.es(P256, 512)), "alg_not_allowed")
attack("a9_secp256k1_jwk_es256_token",
       jwks({**jwk(P256), "crv": "secp256k1"}), ES_GOOD, "alg_not_allowed")
_EC = jwk(P256)
_X, _Y = jb.unb64u(_EC["x"]), jb.unb64u(_EC["y"])
_Y_PLUS_1 = (int.from_bytes(_Y, "big") + 1) % jb.P256_P
attack("a9_jwk_point_not_on_curve", jwks({**_EC, "y": jb.b64u(_be(_Y_PLUS_1, 32))}), ES_GOOD,
       "jwk_invalid")
attack("a9_jwk_point_at_origin", jwks({**_EC, "x": jb.b64u(bytes(32)), "y": jb.b64u(bytes(32))}),
       ES_GOOD, "jwk_invalid")
_SHORT = P256_SHORT_X.public_key().public_numbers()
_ES_SHORT = u_token("ES256", jb.es(P256_SHORT_X))
attack("a9_jwk_x_31_bytes", jwks(jwk(P256_SHORT_X, x=jb.b64u(_be(_SHORT.x, 31)))), _ES_SHORT,
       "jwk_invalid")
attack("a9_jwk_x_33_bytes_leading_zero", jwks({**_EC, "x": jb.b64u(b"\x00" + _X)}), ES_GOOD,
       "jwk_invalid")
attack("a9_jwk_y_missing", jwks(jwk(P256, y=DROP)), ES_GOOD, "jwk_invalid")
attack("a9_jwk_crv_p256_with_p384_coordinates", jwks({**jwk(P384), "crv": "P-256"}),
       u_token("ES256", jb.es(P384, 256)), "jwk_invalid")
attack("a9_okp_jwk_x_31_bytes", jwks({**jwk(ED), "x": jwk(ED)["x"][:-2]}),
       u_token("EdDSA", jb.ed(ED)), "jwk_invalid")
attack("a10_rsa_1024_bit_jwk", jwks(jwk(RSA_1024)), u_token("RS256", jb.rs(RSA_1024)),
       "jwk_invalid")
attack("a10_rsa_1024_bit_jwk_ps256", jwks(jwk(RSA_1024)), u_token("PS256", jb.ps(RSA_1024)),
       "jwk_invalid")
attack("a10_rsa_exponent_3_jwk", jwks(jwk(RSA_E3)), u_token("RS256", jb.rs(RSA_E3)),
       "jwk_invalid")

# ---- A1 / A3 / A7 via U ------------------------------------------------------------------------

for _alg in ("none", "None", "NONE", "nOnE"):
    attack(f"a1_alg_{_alg}_valid_kid", V1, u_token(_alg, None), "alg_not_allowed", fetches=0)
attack("a1_alg_none_copied_rs256_signature", V1,
       jb.resign(u_token("none", None), jb.signature_of(RS_GOOD)), "alg_not_allowed", fetches=0)

_RSA_PUBLISHED = jwk(RSA)  # no alg: nothing in the JWK itself pins the algorithm
_A3_SECRETS = (
    ("jwk_json", json.dumps(_RSA_PUBLISHED).encode()),
    ("jwk_json_compact", jb.js(_RSA_PUBLISHED)),
    ("spki_pem", jb.spki_pem(RSA).encode()),
    ("raw_modulus", _be(RSA.public_key().public_numbers().n)),
    ("n_member_text", _RSA_PUBLISHED["n"].encode()),
)
for _name, _secret in _A3_SECRETS:
    for _alg, _bits in (("HS256", 256), ("HS512", 512)):
        attack(f"a3_rsa_jwk_no_alg_{_alg.lower()}_secret_{_name}", jwks(_RSA_PUBLISHED),
               u_token(_alg, jb.hs(_secret, _bits)), "alg_not_allowed", fetches=0)
attack("a3_ec_jwk_no_alg_hs256_secret_jwk_json", V_EC,
       u_token("HS256", jb.hs(jb.js(jwk(P256)))), "alg_not_allowed", fetches=0)

_SIG = jb.signature_of(ES_GOOD)
_R, _S = int.from_bytes(_SIG[:32], "big"), int.from_bytes(_SIG[32:], "big")
for _name, _signature in (
    ("zero_64_bytes", bytes(64)),
    ("r_and_s_equal_n", _be(jb.P256_N, 32) * 2),
    ("der_encoded", utils.encode_dss_signature(_R, _S)),
    ("empty", b""),
    ("truncated_63_bytes", _SIG[:63]),
):
    attack(f"a7_es256_signature_{_name}", V_EC, jb.resign(ES_GOOD, _signature),
           "signature_invalid")
attack("a7_es256_valid_signature_other_p256_key", V_EC, u_token("ES256", jb.es(P256_ATTACKER)),
       "signature_invalid")
attack("a7_rs256_attacker_signature_right_kid", V1, u_token("RS256", jb.rs(RSA_ATTACKER)),
       "signature_invalid")

# ---- A12. kid injection against U (attacker-signed) ------------------------------------------

A12_KIDS = (
    ("path_traversal", "../../../../../../dev/null"),
    ("url", ATTACKER_URL),
    ("sql", "x' UNION SELECT 'attacker-key' -- "),
    ("surrealql", "k1'; DEFINE ACCESS token ON ROOT TYPE JWT ALGORITHM HS256 KEY 'x'; --"),
    ("case_K1", "K1"),
    ("trailing_space", "k1 "),
    ("leading_space", " k1"),
    ("zwsp", "k1\u200b"),
    ("nul", "k1\u0000"),
    ("fullwidth", "\uff4b1"),
    ("chars_20000", "k" * 20_000),
    ("empty", ""),
)
for _name, _kid in A12_KIDS:
    attack(f"a12_kid_{_name}", V1, u_token("RS256", jb.rs(RSA_ATTACKER), _kid), "key_not_found")
for _name, _kid in (("number", 1), ("null", None), ("object", {"k": "k1"}), ("array", ["k1"]),
                    ("bool", True)):
    attack(f"a12_kid_{_name}", V1, u_token("RS256", jb.rs(RSA), _kid), "header_invalid",
           fetches=0)

# ---- A13. embedded or referenced keys under the right kid ------------------------------------

_ATTACKER_JWK = jwk(RSA_ATTACKER)
for _name, _members in (
    ("jku_attacker", {"jku": ATTACKER_URL}),
    ("embedded_jwk", {"jwk": _ATTACKER_JWK}),
    ("embedded_jwk_and_jku", {"jwk": _ATTACKER_JWK, "jku": ATTACKER_URL}),
    ("x5u_attacker", {"x5u": ATTACKER_URL}),
    ("x5c_attacker_selfsigned",
     {"x5c": [base64.b64encode(_self_signed_certificate(RSA_ATTACKER)).decode()]}),
):
    attack(f"a13_{_name}_same_kid", {URL: V1, ATTACKER_URL: ATTACKER_SET},
           u_token("RS256", jb.rs(RSA_ATTACKER), **_members), "signature_invalid")
attack("a13_jku_attacker_kid_only_in_attacker_set", {URL: V1, ATTACKER_URL: ATTACKER_SET},
       u_token("RS256", jb.rs(RSA_ATTACKER), "attacker-k", jku=ATTACKER_URL), "key_not_found")

# ---- A21 (single token). unroutable tokens never reach the key set ---------------------------

attack("a21_unroutable_token_random_kid_no_fetch", V1,
       jb.jws({"alg": "RS256", "kid": "r4nd0m"}, {**CLAIMS, "ac": "nope"}, jb.rs(RSA_ATTACKER)),
       "signature_invalid", fetches=0)

# ---- surrealdb policy (surrealdb-access reference §3.7) ----------------------------------------

attack("sdb_token_without_kid", V1, u_token("RS256", jb.rs(RSA), DROP), "key_not_found",
       policy="surrealdb", fetches=0, public=MISSING_KID)
attack("sdb_kid_null_is_missing", V1, u_token("RS256", jb.rs(RSA), None), "key_not_found",
       policy="surrealdb", fetches=0, public=MISSING_KID)
attack("sdb_kid_number", V1, u_token("RS256", jb.rs(RSA), 1), "malformed", policy="surrealdb",
       fetches=0, public="JSON error: invalid type in the token header")
attack("sdb_unknown_kid", V1, u_token("RS256", jb.rs(RSA), "k9"), "key_not_found",
       policy="surrealdb")
attack("sdb_jwk_alg_rs256_ps256_token", V1, u_token("PS256", jb.ps(RSA)), "alg_not_allowed",
       policy="surrealdb")
attack("sdb_jwk_alg_rsa_oaep", jwks(jwk(RSA, alg="RSA-OAEP")), RS_GOOD, "alg_not_allowed",
       policy="surrealdb")
attack("sdb_jwk_alg_none", jwks(jwk(RSA, alg="none")), RS_GOOD, "alg_not_allowed",
       policy="surrealdb")
attack("sdb_jwk_alg_list", jwks(jwk(RSA, alg=["RS256"])), RS_GOOD, "alg_not_allowed",
       policy="surrealdb")
attack("sdb_rsa_jwk_no_alg_es256_token", jwks(jwk(RSA)), u_token("ES256", jb.es(P256_ATTACKER)),
       "alg_not_allowed", policy="surrealdb")
for _name, _secret in _A3_SECRETS:
    attack(f"sdb_rsa_jwk_no_alg_hs256_secret_{_name}", jwks(_RSA_PUBLISHED),
           u_token("HS256", jb.hs(_secret)), "alg_not_allowed", policy="surrealdb")
attack("sdb_use_enc", jwks(jwk(RSA, use="enc")), RS_GOOD, "jwk_invalid", policy="surrealdb")
attack("sdb_key_ops_sign_only", jwks(jwk(RSA, key_ops=["sign"])), RS_GOOD, "jwk_invalid",
       policy="surrealdb")
attack("sdb_key_ops_not_a_list", jwks(jwk(RSA, key_ops="verify")), RS_GOOD, "jwk_invalid",
       policy="surrealdb")
attack("sdb_first_jwk_with_kid_chosen_other_kty", jwks(jwk(P256), jwk(RSA)), RS_GOOD,
       "alg_not_allowed", policy="surrealdb")
attack("sdb_first_jwk_with_kid_chosen_other_key", jwks(jwk(RSA_ROTATED), jwk(RSA)), RS_GOOD,
       "signature_invalid", policy="surrealdb")
attack("sdb_jwk_without_kid_never_chosen", jwks(jwk(RSA, DROP)), u_token("RS256", jb.rs(RSA), ""),
       "key_not_found", policy="surrealdb")
attack("sdb_attacker_signature_jku", {URL: V1, ATTACKER_URL: ATTACKER_SET},
       u_token("RS256", jb.rs(RSA_ATTACKER), jku=ATTACKER_URL), "signature_invalid",
       policy="surrealdb")
attack("sdb_jwks_unavailable_503", {URL: response(b"", 503)}, RS_GOOD, "jwks_unavailable",
       policy="surrealdb")
attack("sdb_redirect_to_metadata",
       {URL: response(b"", 302, {"location": METADATA_URL}), METADATA_URL: V1}, RS_GOOD,
       "jwks_unavailable", policy="surrealdb")

# ---- controls ----------------------------------------------------------------------------------

_RSA_PUBLIC = RSA.public_key()
control("pos_rsa_with_alg_and_use", V1, RS_GOOD, _RSA_PUBLIC, "RS256")
control("pos_rsa_without_alg", jwks(jwk(RSA)), RS_GOOD, _RSA_PUBLIC, "RS256")
control("pos_rsa_key_ops_verify", jwks(jwk(RSA, key_ops=["verify"])), RS_GOOD, _RSA_PUBLIC,
        "RS256")
control("pos_rsa_without_alg_ps256", jwks(jwk(RSA)), u_token("PS256", jb.ps(RSA)), _RSA_PUBLIC,
        "PS256")
control("pos_rsa_alg_rs512", jwks(jwk(RSA, alg="RS512")), u_token("RS512", jb.rs(RSA, 512)),
        _RSA_PUBLIC, "RS512")
control("pos_ec_p256", V_EC, ES_GOOD, P256.public_key(), "ES256")
control("pos_ec_p256_31_byte_x_padded_to_32", jwks(jwk(P256_SHORT_X)), _ES_SHORT,
        P256_SHORT_X.public_key(), "ES256")
control("pos_ec_p384_es384", jwks(jwk(P384, alg="ES384")), u_token("ES384", jb.es(P384, 384)),
        P384.public_key(), "ES384")
control("pos_ec_p521_es512", jwks(jwk(P521)), u_token("ES512", jb.es(P521, 512)),
        P521.public_key(), "ES512")
control("pos_okp_ed25519", jwks(jwk(ED, alg="EdDSA", use="sig")), u_token("EdDSA", jb.ed(ED)),
        ED.public_key(), "EdDSA")
control("pos_duplicate_kid_ec_then_rsa_rs256", jwks(jwk(P256), jwk(RSA)), RS_GOOD, _RSA_PUBLIC,
        "RS256")
control("pos_duplicate_kid_ec_then_rsa_es256", jwks(jwk(P256), jwk(RSA)), ES_GOOD,
        P256.public_key(), "ES256")
control("pos_duplicate_kid_rsa_then_ec_es256", jwks(jwk(RSA), jwk(P256)), ES_GOOD,
        P256.public_key(), "ES256")
control("pos_selects_by_kid_among_many",
        jwks(jwk(RSA_ATTACKER, "k0"), jwk(P256_ATTACKER, "k2"), jwk(RSA), jwk(RSA_ROTATED, "k3")),
        RS_GOOD, _RSA_PUBLIC, "RS256")
control("pos_unknown_jwk_members_and_x5c_ignored",
        jwks(jwk(RSA, x5c=[base64.b64encode(CERTIFICATE_DER).decode()], x5t="ignored",
                 ext=True, custom={"a": [1]})),
        RS_GOOD, _RSA_PUBLIC, "RS256")
control("pos_unusable_neighbour_jwks_ignored",
        jwks(jwk(RSA_1024, "weak"), jwk(OCT, "oct"), {"kty": "XYZ", "kid": "odd"},
             jwk(RSA, "k0", alg=["RS256"]), jwk(RSA)),
        RS_GOOD, _RSA_PUBLIC, "RS256")
_ODD_KID = "kéy/../1 ' OR 1=1"
control("pos_kid_matched_exactly_whatever_it_contains", jwks(jwk(RSA, _ODD_KID)),
        u_token("RS256", jb.rs(RSA), _ODD_KID), _RSA_PUBLIC, "RS256")
control("pos_a13_jku_x5u_ignored", V1,
        u_token("RS256", jb.rs(RSA), jku=ATTACKER_URL, x5u=ATTACKER_URL), _RSA_PUBLIC, "RS256")
control("pos_sdb_oct_jwk_hs256", jwks(jwk(OCT)), u_token("HS256", jb.hs(OCT)), OCT, "HS256",
        policy="surrealdb")
control("pos_sdb_rsa_alg_rs256", V1, RS_GOOD, _RSA_PUBLIC, "RS256", policy="surrealdb")
control("pos_sdb_rsa_no_alg_ps256", jwks(jwk(RSA)), u_token("PS256", jb.ps(RSA)), _RSA_PUBLIC,
        "PS256", policy="surrealdb")
control("pos_sdb_use_sig_key_ops_sign_verify",
        jwks(jwk(RSA, use="sig", key_ops=["sign", "verify"])), RS_GOOD, _RSA_PUBLIC, "RS256",
        policy="surrealdb")
control("pos_sdb_duplicate_kid_first_fits", jwks(jwk(RSA), jwk(P256)), RS_GOOD, _RSA_PUBLIC,
        "RS256", policy="surrealdb")
control("pos_sdb_ec_p256", V_EC, ES_GOOD, P256.public_key(), "ES256", policy="surrealdb")
control("pos_sdb_okp_ed25519", jwks(jwk(ED)), u_token("EdDSA", jb.ed(ED)), ED.public_key(),
        "EdDSA", policy="surrealdb")


# ---- parametrised tests ------------------------------------------------------------------------


def _ids_unique() -> None:
    ids = [case.id for case in (*ATTACKS, *CONTROLS)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, duplicates


_ids_unique()

# Only the mock transport may answer: a real resolve or connect fails the test (see conftest).
pytestmark = pytest.mark.usefixtures("no_network")


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in ATTACKS])
def test_jwks_attack_is_rejected(case: Attack) -> None:
    idp = MockIdp(case.routes)
    auth = compile_u(idp, policy=case.policy)
    with pytest.raises(AuthenticationError) as caught:
        session = auth.authenticate(case.token, now=NOW)
        pytest.fail(f"accepted: {session!r}")  # pragma: no cover
    error = caught.value
    assert (error.reason, error.kind) == (case.reason, KIND[case.reason]), error.detail
    assert error.public_message == case.public
    assert idp.requested == [URL] * case.fetches
    assert auth.jwks[URL].fetches == case.fetches


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CONTROLS])
def test_jwks_control_is_accepted(case: Control) -> None:
    idp = MockIdp(case.routes)
    auth = compile_u(idp, policy=case.policy)
    session = auth.authenticate(case.token, now=NOW)
    assert (session.ns, session.db, session.ac, session.level, session.rd) == (
        "test", "test", "token", "DATABASE", None)
    # $token carries the routing claims under SurrealDB's canonical names.
    canonical = {"ns": "NS", "db": "DB", "ac": "AC"}
    assert dict(session.token) == {canonical.get(k, k): v for k, v in case.payload.items()}
    assert idp.requested == [URL]


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CONTROLS])
def test_jwks_control_verifies_with_pyjwt(case: Control) -> None:
    """Each control is a genuinely valid token for an independent verifier (pinned alg)."""
    decoded = jwt.decode(case.token, case.key, algorithms=[case.alg],
                         options={"verify_exp": False, "verify_iat": False})
    assert decoded == case.payload


def test_catalogue_size() -> None:
    assert len(ATTACKS) >= 130
    assert len(CONTROLS) >= 25


# ---- A20. definitions the URL policy refuses --------------------------------------------------

REFUSED_URLS = (
    ("http", "http://idp.example.com/.well-known/jwks.json"),
    ("metadata_ipv4", "https://169.254.169.254/latest/meta-data/"),
    ("loopback_ipv4", "https://127.0.0.1/.well-known/jwks.json"),
    ("loopback_ipv6", "https://[::1]/.well-known/jwks.json"),
    ("ipv4_mapped_loopback", "https://[::ffff:127.0.0.1]/.well-known/jwks.json"),
    ("ipv4_mapped_metadata", "https://[::ffff:a9fe:a9fe]/latest/meta-data/"),
    ("private_10", "https://10.0.0.5/.well-known/jwks.json"),
    ("private_192_168", "https://192.168.1.1/.well-known/jwks.json"),
    ("cgnat_alibaba_metadata", "https://100.100.100.200/latest/meta-data/"),
    ("decimal_metadata", "https://2852039166/latest/meta-data/"),
    ("hex_metadata", "https://0xa9fea9fe/latest/meta-data/"),
    ("short_loopback", "https://127.1/.well-known/jwks.json"),
    ("octal_loopback", "https://0177.0.0.1/.well-known/jwks.json"),
    ("hex_dotted_loopback", "https://0x7f.0.0.1/.well-known/jwks.json"),
    ("unspecified_ipv4", "https://0.0.0.0/.well-known/jwks.json"),
    ("unspecified_ipv6", "https://[::]/.well-known/jwks.json"),
    ("link_local_ipv6_zone", "https://[fe80::1%25eth0]/.well-known/jwks.json"),
    ("aws_metadata_ipv6", "https://[fd00:ec2::254]/latest/meta-data/"),
    ("nat64_metadata", "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/"),
    ("sixtofour_metadata", "https://[2002:a9fe:a9fe::]/latest/meta-data/"),
    ("ipv4_compatible_loopback", "https://[::127.0.0.1]/.well-known/jwks.json"),
    ("multicast", "https://224.0.0.1/.well-known/jwks.json"),
    ("localhost", "https://localhost/.well-known/jwks.json"),
    ("localhost_trailing_dot_upper", "https://LOCALHOST./.well-known/jwks.json"),
    ("file", "file:///etc/passwd"),
    ("ftp", "ftp://idp.example.com/jwks.json"),
    ("gopher", "gopher://127.0.0.1:6379/_INFO"),
    ("no_scheme", "//idp.example.com/.well-known/jwks.json"),
    ("no_host", "https:///.well-known/jwks.json"),
    ("userinfo_to_loopback", "https://idp.example.com@127.0.0.1/.well-known/jwks.json"),
    ("userinfo_password", "https://user:secret@idp.example.com/.well-known/jwks.json"),
    ("backslash_userinfo", "https://127.0.0.1\\@idp.example.com/.well-known/jwks.json"),
    ("port_out_of_range", "https://idp.example.com:99999/.well-known/jwks.json"),
)


def _surql(url: str) -> str:
    return f"DEFINE ACCESS token ON DATABASE TYPE JWT URL {jb.surql_string(url)}"


@pytest.mark.parametrize(("name", "url"), [pytest.param(*case, id=case[0])
                                           for case in REFUSED_URLS])
def test_a20_definition_is_refused_without_fetching(name: str, url: str) -> None:
    # The mock serves the victim's real JWKS at the URL: a fetch would wrongly accept.
    idp = MockIdp({url: V1, URL: V1})
    with pytest.raises(CompileError) as caught:
        compile_u(idp, schema=_surql(url))
    messages = [problem.message for problem in caught.value.problems]
    assert [m for m in messages if m.endswith("[definition_invalid]")], messages
    assert idp.requested == []


def test_a20_allowed_hosts_refuses_other_hosts() -> None:
    options = JwksOptions(allowed_hosts=frozenset({"idp.example.com"}))
    idp = MockIdp({"https://other.example/jwks.json": V1, URL: V1})
    with pytest.raises(CompileError, match=r"allowed_hosts \[definition_invalid\]"):
        compile_u(idp, options=options, schema=_surql("https://other.example/jwks.json"))
    auth = compile_u(idp, options=options)
    assert auth.authenticate(RS_GOOD, now=NOW).ac == "token"
    assert idp.requested == [URL]


@pytest.mark.parametrize("url", [
    "https://cafe.de/.well-known/jwks.json",  # every character a hex digit: still a name
    "https://deadbeef/.well-known/jwks.json",
    "https://idp.example.com:8443/jwks?tenant=1",
    "https://idp.example.com./.well-known/jwks.json",
    "https://[2606:4700:4700::1111]/.well-known/jwks.json",
    "https://8.8.8.8/.well-known/jwks.json",
])
def test_a20_public_definitions_compile(url: str) -> None:
    assert check_url(url, JwksOptions()) is None
    idp = MockIdp({url: V1})
    auth = compile_u(idp, schema=_surql(url))
    assert auth.authenticate(RS_GOOD, now=NOW).ac == "token"
    assert idp.requested == [url]


def test_a20_loopback_only_with_allow_loopback() -> None:
    local = "http://127.0.0.1:8000/jwks.json"
    assert check_url(local, JwksOptions()) is not None
    assert check_url(local, JwksOptions(allow_loopback=True)) is None
    # allow_loopback opens loopback only, never private or link-local ranges.
    for url in ("http://10.0.0.5/jwks.json", "https://169.254.169.254/",
                "http://idp.example.com/jwks.json"):
        assert check_url(url, JwksOptions(allow_loopback=True)) is not None, url


# ---- A20. StdlibFetch: the address actually connected to --------------------------------------


class _Resolver:
    """Stands in for DNS and records resolutions and connection attempts."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.resolved: list[tuple[object, object]] = []
        self.connected: list[tuple[object, ...]] = []

    def getaddrinfo(self, host: object, port: object, *args: object, **kwargs: object
                    ) -> list[tuple[Any, ...]]:
        self.resolved.append((host, port))
        result = []
        for answer in self.answers:
            if ipaddress.ip_address(answer.split("%")[0]).version == 6:
                result.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (answer, port, 0, 0)))
            else:
                result.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port)))
        return result

    def create_connection(self, address: object, *args: object, **kwargs: object) -> None:
        self.connected.append((address, *args))
        raise ConnectionRefusedError("the test stops here")


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Resolver]:
    fake = _Resolver([])
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake.create_connection)
    yield fake


@pytest.mark.parametrize("answer", [
    "127.0.0.1", "127.8.9.10", "169.254.169.254", "10.0.0.5", "172.16.0.1", "192.168.0.10",
    "100.64.0.1", "0.0.0.0", "::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "fe80::1%eth0", "fd00:ec2::254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "::",
])
def test_stdlib_fetch_refuses_dns_rebinding(resolver: _Resolver, answer: str) -> None:
    resolver.answers = [answer]
    fetch = StdlibFetch(JwksOptions())
    with pytest.raises(OSError, match="resolves only to non-public addresses"):
        fetch(URL, 1.0)
    assert resolver.resolved == [("idp.example.com", 443)]
    assert resolver.connected == []


def test_stdlib_fetch_connects_only_to_the_checked_address(resolver: _Resolver) -> None:
    resolver.answers = ["127.0.0.1", "10.0.0.5", "93.184.215.14", "169.254.169.254"]
    with pytest.raises(OSError, match="the test stops here"):
        StdlibFetch(JwksOptions())(URL, 1.0)
    assert [call[0] for call in resolver.connected] == [("93.184.215.14", 443)]


def test_stdlib_fetch_loopback_needs_allow_loopback(resolver: _Resolver) -> None:
    resolver.answers = ["127.0.0.1"]
    with pytest.raises(OSError, match="the test stops here"):
        StdlibFetch(JwksOptions(allow_loopback=True))(URL, 1.0)
    assert [call[0] for call in resolver.connected] == [("127.0.0.1", 443)]


@pytest.mark.parametrize("url", [
    "http://idp.example.com/.well-known/jwks.json", "file:///etc/passwd",
    "https://2852039166/latest/meta-data/", "https://idp.example.com@127.0.0.1/jwks.json",
    "https://169.254.169.254/latest/meta-data/",
])
def test_stdlib_fetch_refuses_bad_urls_before_resolving(resolver: _Resolver, url: str) -> None:
    resolver.answers = ["93.184.215.14"]
    with pytest.raises(OSError):
        StdlibFetch(JwksOptions())(url, 1.0)
    assert resolver.resolved == [] and resolver.connected == []


def test_default_transport_rebinding_fails_closed(resolver: _Resolver) -> None:
    """compile() without http= uses StdlibFetch: a name that resolves to loopback is no key."""
    resolver.answers = ["127.0.0.1"]
    auth = sa.compile(sa.parse(U), ns="test", db="test")
    with pytest.raises(AuthenticationError) as caught:
        auth.authenticate(RS_GOOD, now=NOW)
    assert (caught.value.reason, caught.value.kind) == ("jwks_unavailable", "key_unavailable")
    assert caught.value.public_message == GENERIC
    assert resolver.resolved == [("idp.example.com", 443)]
    assert resolver.connected == []
    assert auth.jwks[URL].fetches == 1


# ---- A21. refresh storms, rotation and revocation ----------------------------------------------

A21 = JwksOptions(min_ttl=60, max_ttl=43200, default_ttl=43200, cooldown=300)
V2 = jwks(jwk(RSA, use="sig", alg="RS256"), jwk(RSA_ROTATED, "k2", use="sig", alg="RS256"))
V2_ONLY = jwks(jwk(RSA_ROTATED, "k2", use="sig", alg="RS256"))


def k1(at: float) -> str:
    return u_token("RS256", jb.rs(RSA), at=at)


def k2(at: float) -> str:
    return u_token("RS256", jb.rs(RSA_ROTATED), "k2", at=at)


def _rejected(auth: sa.Authenticator, token: str, now: float) -> tuple[str, str]:
    with pytest.raises(AuthenticationError) as caught:
        session = auth.authenticate(token, now=now)
        pytest.fail(f"accepted: {session!r}")  # pragma: no cover
    return caught.value.reason, caught.value.kind


def _events(kinds: list[str]) -> JwksOptions:
    def record(event: JwksEvent) -> None:
        assert event.url == URL
        kinds.append(event.kind)

    return JwksOptions(min_ttl=A21.min_ttl, max_ttl=A21.max_ttl, default_ttl=A21.default_ttl,
                       cooldown=A21.cooldown, on_event=record)


def test_a21_refresh_storm_random_kids() -> None:
    kinds: list[str] = []
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=_events(kinds))
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    for i in range(31):
        at = NOW + 1 + i * 9  # all within the 300 s cooldown
        token = u_token("RS256", jb.rs(RSA_ATTACKER), f"random-{i:02d}-{i * 7919:x}", at=at)
        assert _rejected(auth, token, at) == ("key_not_found", "invalid_auth")
    assert idp.requested == [URL]
    assert kinds == ["fetch"] + ["cooldown"] * 31
    # The storm did not disturb the good key.
    assert auth.authenticate(k1(NOW + 290), now=NOW + 290).ac == "token"
    assert idp.fetches == 1


def test_a21_random_kids_cost_at_most_one_fetch_per_cooldown() -> None:
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=A21)
    for i in range(1000):
        at = NOW + i * 3  # 3000 s of random kids, 10 cooldown periods
        token = u_token("RS256", jb.rs(RSA_ATTACKER), f"r{i}", at=at)
        assert _rejected(auth, token, at) == ("key_not_found", "invalid_auth")
    assert idp.fetches == 10
    assert set(idp.requested) == {URL}


def test_a21_rotation_after_cooldown_is_accepted() -> None:
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=A21)
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    idp.routes[URL] = V2
    assert auth.authenticate(k2(NOW + 400), now=NOW + 400).ac == "token"
    assert idp.requested == [URL, URL]
    assert auth.authenticate(k1(NOW + 401), now=NOW + 401).ac == "token"
    assert idp.fetches == 2


def test_a21_rotation_within_cooldown_is_not_found_until_it_ends() -> None:
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=A21)
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    idp.routes[URL] = V2
    for delay in (100, 299):
        assert _rejected(auth, k2(NOW + delay), NOW + delay) == ("key_not_found", "invalid_auth")
    assert idp.requested == [URL]
    assert auth.authenticate(k2(NOW + 300), now=NOW + 300).ac == "token"
    assert idp.fetches == 2


def test_a21_ttl_refetch_accepts_k1() -> None:
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=A21)
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    assert auth.authenticate(k1(NOW + 43199), now=NOW + 43199).ac == "token"
    assert idp.fetches == 1
    assert auth.authenticate(k1(NOW + 50000), now=NOW + 50000).ac == "token"
    assert idp.requested == [URL, URL]


def test_a21_max_age_cannot_pin_a_key_past_max_ttl() -> None:
    idp = MockIdp({URL: jwks(jwk(RSA), **{"cache-control": "public, max-age=999999999"})})
    auth = compile_u(idp, options=A21)
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    idp.routes[URL] = V2_ONLY  # k1 revoked
    assert _rejected(auth, k1(NOW + 43200), NOW + 43200) == ("key_not_found", "invalid_auth")
    assert idp.fetches == 2


def test_a21_revoked_key_after_ttl() -> None:
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=A21)
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    idp.routes[URL] = V2_ONLY
    assert _rejected(auth, k1(NOW + 50000), NOW + 50000) == ("key_not_found", "invalid_auth")
    assert idp.requested == [URL, URL]
    assert auth.authenticate(k2(NOW + 50001), now=NOW + 50001).ac == "token"
    assert idp.fetches == 2


def test_a21_remote_down_after_ttl_serves_stale_within_stale_if_error() -> None:
    kinds: list[str] = []
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, options=_events(kinds))
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    idp.routes[URL] = response(b"Service Unavailable", 503)
    # Thirty tokens during the first cooldown of the outage: one failed fetch (negative cache).
    for i in range(30):
        at = NOW + 50000 + i * 10
        assert auth.authenticate(k1(at), now=at).ac == "token"
    assert idp.requested == [URL, URL]
    assert kinds[:3] == ["fetch", "fetch_failed", "stale"]
    assert set(kinds[2:]) == {"stale"}
    # Past the stale-if-error window (default 86 400 s after expiry) it fails closed …
    late = NOW + 43200 + 86400 + 1
    assert _rejected(auth, k1(late), late) == ("jwks_unavailable", "key_unavailable")
    assert idp.fetches == 3
    # … and recovers with the first fetch the cooldown allows.
    idp.routes[URL] = V1
    assert _rejected(auth, k1(late + 299), late + 299) == ("jwks_unavailable", "key_unavailable")
    assert auth.authenticate(k1(late + 300), now=late + 300).ac == "token"
    assert idp.fetches == 4


@pytest.mark.parametrize("policy", ["strict", "surrealdb"])
def test_a21_remote_down_after_ttl_without_stale_if_error(policy: str) -> None:
    options = JwksOptions(min_ttl=60, max_ttl=43200, default_ttl=43200, cooldown=300,
                          stale_if_error=0)
    idp = MockIdp({URL: V1})
    auth = compile_u(idp, policy=policy, options=options)
    assert auth.authenticate(k1(NOW), now=NOW).ac == "token"
    idp.routes[URL] = response(b"", 503)
    assert _rejected(auth, k1(NOW + 50000), NOW + 50000) == ("jwks_unavailable",
                                                             "key_unavailable")
    assert _rejected(auth, k1(NOW + 50100), NOW + 50100) == ("jwks_unavailable",
                                                             "key_unavailable")
    assert idp.requested == [URL, URL]


@pytest.mark.parametrize("policy", ["strict", "surrealdb"])
def test_a21_short_max_age_below_cooldown_leaves_no_gap(policy: str) -> None:
    """``max-age=0`` from a healthy IdP: the set stays current until a refetch may start."""
    options = JwksOptions(min_ttl=60, max_ttl=43200, cooldown=300, stale_if_error=0)
    idp = MockIdp({URL: jwks(jwk(RSA), **{"cache-control": "max-age=0"})})
    auth = compile_u(idp, policy=policy, options=options)
    for delay in (0, 30, 61, 200, 299):
        assert auth.authenticate(k1(NOW + delay), now=NOW + delay).ac == "token"
    assert idp.fetches == 1
    assert auth.authenticate(k1(NOW + 300), now=NOW + 300).ac == "token"
    assert idp.fetches == 2


def test_a21_failed_first_fetch_is_rate_limited() -> None:
    idp = MockIdp({URL: response(b"", 500)})
    auth = compile_u(idp, options=A21)
    for i in range(20):
        assert _rejected(auth, k1(NOW + i), NOW + i) == ("jwks_unavailable", "key_unavailable")
    assert idp.fetches == 1
    idp.routes[URL] = V1
    assert auth.authenticate(k1(NOW + 300), now=NOW + 300).ac == "token"
    assert idp.fetches == 2


# ---- A12 / A13 across one authenticator ----------------------------------------------------------


def test_a12_every_injected_kid_costs_one_fetch_in_total() -> None:
    idp = MockIdp({URL: V1, ATTACKER_URL: ATTACKER_SET})
    auth = compile_u(idp)
    for _, kid in A12_KIDS:
        token = u_token("RS256", jb.rs(RSA_ATTACKER), kid)
        assert _rejected(auth, token, NOW) == ("key_not_found", "invalid_auth")
    assert idp.requested == [URL]
    assert auth.authenticate(RS_GOOD, now=NOW).ac == "token"
    assert idp.requested == [URL]


def test_a13_only_the_configured_url_is_ever_fetched() -> None:
    idp = MockIdp({URL: V1, ATTACKER_URL: ATTACKER_SET})
    auth = compile_u(idp, options=A21)
    for i, members in enumerate(({"jku": ATTACKER_URL}, {"x5u": ATTACKER_URL},
                                 {"jwk": {**_ATTACKER_JWK, "jku": ATTACKER_URL}})):
        at = NOW + i * 400  # past every cooldown: each unknown kid may refetch
        token = u_token("RS256", jb.rs(RSA_ATTACKER), "attacker-k", at=at, **members)
        assert _rejected(auth, token, at) == ("key_not_found", "invalid_auth")
    assert set(idp.requested) == {URL}
    assert idp.fetches == 3


# ---- robustness: any JWK set, any header → a Session or an AuthenticationError ----------------

_B64 = st.binary(max_size=70).map(jb.b64u)
_MEMBER_VALUES = (st.none() | st.booleans() | st.integers() | _B64 | st.text(max_size=8)
                  | st.lists(st.sampled_from(["verify", "sign", "RS256", 1]), max_size=3)
                  | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
_REAL = [jwk(RSA), jwk(P256), jwk(ED), jwk(OCT), jwk(P384), jwk(RSA_1024)]
JWKS_ENTRIES = st.one_of(
    st.sampled_from(_REAL),
    st.tuples(st.sampled_from(_REAL),
              st.dictionaries(st.sampled_from(["kty", "crv", "kid", "alg", "use", "key_ops",
                                               "n", "e", "x", "y", "k", "d"]),
                              st.sampled_from(["RSA", "EC", "OKP", "oct", "P-256", "Ed25519",
                                               "k1", "RS256", "ES256", "sig", "enc"])
                              | _MEMBER_VALUES, max_size=4))
    .map(lambda pair: {**pair[0], **pair[1]}),
    _MEMBER_VALUES,
)
SETS = st.lists(JWKS_ENTRIES, max_size=4).map(lambda keys: jwks(*keys))
_SIGNERS = {"RS256": jb.rs(RSA), "PS256": jb.ps(RSA), "ES256": jb.es(P256),
            "ES384": jb.es(P384, 384), "EdDSA": jb.ed(ED), "HS256": jb.hs(OCT)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(keys=SETS, alg=st.sampled_from(sorted(_SIGNERS)),
       kid=st.sampled_from(["k1", "k2", ""]) | _MEMBER_VALUES,
       policy=st.sampled_from(["strict", "surrealdb"]))
def test_any_jwk_set_gives_a_session_or_an_authentication_error(
        keys: HttpResponse, alg: str, kid: Any, policy: str) -> None:
    idp = MockIdp({URL: keys})
    auth = compile_u(idp, policy=policy)
    token = u_token(alg, _SIGNERS[alg], kid)
    for now in (NOW, NOW + 1):
        try:
            auth.authenticate(token, now=now)
        except AuthenticationError as error:
            assert error.reason and error.kind
    assert idp.fetches <= 1
