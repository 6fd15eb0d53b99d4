"""Signing keys and token encoding: the issuing half of SurrealDB's ``iam`` (reference §4.3).

A definition that can issue tokens (RECORD, BEARER, or JWT with ``WITH ISSUER``) names an
issuer algorithm and key (`surrealaccess.access.issuer_plan`). `load_signing_key` turns that
key text into a `SigningKey` once, at compile time: the UTF-8 bytes of the text for HS*, or a
private PEM (RSA for RS*/PS*, EC for ES256/ES384, Ed25519 for EdDSA) loaded with
``cryptography``. `encode_token` then writes what ``jsonwebtoken::encode`` writes: the header
``{"typ":"JWT","alg":…}`` and the claims in SurrealDB's serialisation order (``iat``, ``nbf``,
``exp``, ``iss``, ``sub``, ``aud``, ``jti``, ``NS``, ``DB``, ``AC``, ``ID``, ``RL``, then
custom claims), compact JSON, unpadded base64url, and a raw ``R || S`` ECDSA signature.

The key material never leaves a `SigningKey`: it lives in a closure, the object's ``repr``
shows the algorithm and a fingerprint only, and a `SigningKey` cannot be pickled or copied.
A key SurrealDB could not use (a PEM of the wrong kind, a random text where a PEM belongs) is
kept as *unusable*: signing with it raises the engine's ``InvalidKeyFormat`` at sign-in time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final, NoReturn

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from .errors import AuthenticationError
from .keys import _PEM_BLOCK, KeyProblem, VerifyKey

__all__ = [
    "CLAIM_ORDER",
    "ISSUER_NAME",
    "SigningKey",
    "encode_token",
    "issue_claims",
    "load_signing_key",
]

#: ``iss`` of every token SurrealDB issues (``surrealdb_cnf::SERVER_NAME``).
ISSUER_NAME: Final = "SurrealDB"
#: The order ``jsonwebtoken`` serialises SurrealDB's ``Claims`` struct in.
CLAIM_ORDER: Final = ("iat", "nbf", "exp", "iss", "sub", "aud", "jti", "NS", "DB", "AC", "ID",
                      "RL")
INVALID_KEY_FORMAT: Final = "InvalidKeyFormat"
TOKEN_FAILED: Final = "There was an error creating the token"

_HASHES: Final[dict[str, Callable[[], hashes.HashAlgorithm]]] = {
    "256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512,
}
_EC: Final = {"ES256": ("secp256r1", 32), "ES384": ("secp384r1", 48)}


class SigningKey:
    """A loaded issuer key for exactly one algorithm. Holds the secret; never shows it.

    ``algorithm`` is the JOSE spelling (``HS512``, ``RS256``, ``EdDSA``…). ``fingerprint``
    identifies the key without revealing it (the SHA-256 of the public key, or a slow hash of
    an HMAC secret, as `VerifyKey` fingerprints are made). ``unusable`` is the reason the key
    cannot sign (SurrealDB's ``InvalidKeyFormat``), else None.
    """

    __slots__ = ("_sign", "algorithm", "fingerprint", "public", "unusable")

    def __init__(
        self,
        algorithm: str,
        sign: Callable[[bytes], bytes],
        *,
        fingerprint: str,
        public: VerifyKey | None = None,
        unusable: str | None = None,
    ) -> None:
        self.algorithm = algorithm
        self._sign = sign
        self.fingerprint = fingerprint
        #: The matching verification key (for HS*, the same secret), if one could be built.
        self.public = public
        self.unusable = unusable

    def sign(self, signing_input: bytes) -> bytes:
        """The JWS signature of ``signing_input``; raises `AuthenticationError` if unusable."""
        if self.unusable is not None:
            raise AuthenticationError("invalid_key", INVALID_KEY_FORMAT,
                                      f"the issuer key cannot sign: {self.unusable}",
                                      reason="key_invalid")
        return self._sign(signing_input)

    def __repr__(self) -> str:
        state = "unusable" if self.unusable is not None else self.fingerprint
        return f"SigningKey({self.algorithm}, {state})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a SigningKey holds a secret and cannot be pickled or copied")

    def __copy__(self) -> SigningKey:
        return self

    def __deepcopy__(self, memo: object) -> SigningKey:
        return self


def _unusable_sign(signing_input: bytes) -> bytes:  # pragma: no cover - guarded by sign()
    raise AssertionError("unusable key")


def _unusable(algorithm: str, why: str) -> SigningKey:
    return SigningKey(algorithm, _unusable_sign, fingerprint="", unusable=why)


def load_signing_key(algorithm: str, key: str) -> SigningKey:
    """Load the issuer ``key`` text for ``algorithm`` as SurrealDB does (``iam/issue.rs``).

    HS* signs with the UTF-8 bytes of the text (any text, even empty). RS*/PS* need an RSA
    private key PEM (PKCS#1 or PKCS#8), ES256/ES384 an EC private key on the algorithm's curve
    (ES512 signs as ES384, like the engine), EdDSA an Ed25519 private key. Anything else gives
    an unusable key (``InvalidKeyFormat`` when a token is issued), never an exception here.
    """
    if algorithm == "EDDSA":
        algorithm = "EdDSA"
    if algorithm.startswith("HS"):
        return _hmac(algorithm, key.encode("utf-8"))
    if algorithm == "ES512":
        algorithm = "ES384"
    try:
        private = _load_private(key)
    except KeyProblem as problem:
        return _unusable(algorithm, str(problem))
    if algorithm.startswith(("RS", "PS")):
        return _rsa(algorithm, private)
    if algorithm.startswith("ES"):
        return _ec(algorithm, private)
    if algorithm == "EdDSA":
        return _ed(private)
    return _unusable(algorithm, f"unknown algorithm {algorithm}")


def _hmac(algorithm: str, secret: bytes) -> SigningKey:
    from .keys import hmac_verify_key

    digest = "sha" + algorithm[2:]

    def sign(signing_input: bytes) -> bytes:
        return hmac.digest(secret, signing_input, digest)

    public = hmac_verify_key(algorithm, secret)
    return SigningKey(algorithm, sign, fingerprint=public.fingerprint, public=public)


def _load_private(key: str) -> object:
    blocks = _PEM_BLOCK.findall(key)
    if len(blocks) != 1:
        raise KeyProblem("the issuer key is not a single PEM block" if blocks
                         else "the issuer key is not PEM")
    label, body = blocks[0]
    if "PRIVATE" not in label:
        raise KeyProblem(f"the issuer key is a {label.lower()}, not a private key")
    lines = [line.strip() for line in body.strip().splitlines() if line.strip()]
    pem = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"
    try:
        return serialization.load_pem_private_key(pem.encode("ascii", "replace"), password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KeyProblem(f"the issuer key is not a readable private key: {error}") from None


def _spki(public: Any) -> str:
    der = public.public_bytes(serialization.Encoding.DER,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256:" + base64.urlsafe_b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")


def _public_verify(algorithm: str, public: Any) -> VerifyKey | None:
    from .keys import public_verify_key

    try:
        return public_verify_key(algorithm, public, "surrealdb")
    except KeyProblem:  # pragma: no cover - surrealdb policy does not raise
        return None


def _rsa(algorithm: str, private: object) -> SigningKey:
    if not isinstance(private, rsa.RSAPrivateKey):
        return _unusable(algorithm, f"{algorithm} needs an RSA private key")
    if not 2048 <= private.key_size <= 8192:
        return _unusable(algorithm, f"{private.key_size}-bit RSA keys cannot sign")
    hash_name = algorithm[2:]
    hash_algorithm = _HASHES[hash_name]()
    scheme: padding.AsymmetricPadding = (
        padding.PKCS1v15() if algorithm.startswith("RS")
        else padding.PSS(mgf=padding.MGF1(_HASHES[hash_name]()),
                         salt_length=hash_algorithm.digest_size)
    )

    def sign(signing_input: bytes) -> bytes:
        return private.sign(signing_input, scheme, hash_algorithm)

    public = private.public_key()
    return SigningKey(algorithm, sign, fingerprint=_spki(public),
                      public=_public_verify(algorithm, public))


def _ec(algorithm: str, private: object) -> SigningKey:
    if not isinstance(private, ec.EllipticCurvePrivateKey):
        return _unusable(algorithm, f"{algorithm} needs an EC private key")
    curve, size = _EC[algorithm]
    if private.curve.name != curve:
        return _unusable(algorithm, f"{algorithm} needs a {curve} key, not {private.curve.name}")
    scheme = ec.ECDSA(_HASHES[algorithm[2:]]())

    def sign(signing_input: bytes) -> bytes:
        r, s = decode_dss_signature(private.sign(signing_input, scheme))
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    public = private.public_key()
    return SigningKey(algorithm, sign, fingerprint=_spki(public),
                      public=_public_verify(algorithm, public))


def _ed(private: object) -> SigningKey:
    if not isinstance(private, ed25519.Ed25519PrivateKey):
        return _unusable("EdDSA", "EdDSA needs an Ed25519 private key")

    def sign(signing_input: bytes) -> bytes:
        return private.sign(signing_input)

    public = private.public_key()
    return SigningKey("EdDSA", sign, fingerprint=_spki(public),
                      public=_public_verify("EdDSA", public))


# ---- claims and encoding ----------------------------------------------------------------------


def issue_claims(
    now: float,
    token_nanoseconds: int | None,
    *,
    ns: str | None,
    db: str | None,
    ac: str | None,
    id: str | None,
    roles: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The claims SurrealDB puts in a token it issues, in its order.

    ``iat`` = ``nbf`` = now (whole seconds); ``exp`` = now + ``DURATION FOR TOKEN`` (left
    out when the duration is NONE); ``iss`` = ``SurrealDB``; ``jti`` a random UUIDv4; then
    ``NS``, ``DB``, ``AC``, ``ID`` and ``RL`` when given.
    """
    second = int(now // 1)
    claims: dict[str, Any] = {"iat": second, "nbf": second}
    if token_nanoseconds is not None:
        claims["exp"] = _expiration(now, token_nanoseconds)
    claims["iss"] = ISSUER_NAME
    claims["jti"] = str(uuid.uuid4())
    for name, value in (("NS", ns), ("DB", db), ("AC", ac), ("ID", id)):
        if value is not None:
            claims[name] = value
    if roles is not None:
        claims["RL"] = list(roles)
    return claims


#: chrono's TimeDelta holds at most i64::MAX milliseconds.
_MAX_DURATION_NS: Final = (2**63 - 1) * 1_000_000
#: chrono's latest representable instant (+262143-12-31T23:59:59Z) in Unix seconds.
_MAX_TIMESTAMP: Final = 8210298412799


def _expiration(now: float, nanoseconds: int) -> int:
    """``iam/issue.rs::expiration``: now + duration in Unix seconds, or the engine's errors."""
    if nanoseconds // 1_000_000 > _MAX_DURATION_NS // 1_000_000:
        raise AuthenticationError("invalid_duration", "This access method has an invalid duration",
                                  "the duration is beyond what SurrealDB can hold",
                                  reason="invalid_duration")
    expiry = (int(now * 1_000_000_000) + nanoseconds) // 1_000_000_000
    if expiry > _MAX_TIMESTAMP:
        raise AuthenticationError("invalid_duration",
                                  "This access method results in an invalid expiration",
                                  "now + the duration is past year 262143",
                                  reason="invalid_duration")
    return expiry


def expiration(now: float, nanoseconds: int | None) -> int | None:
    """Now + ``nanoseconds`` in Unix seconds, None for NONE (``iam/issue.rs::expiration``)."""
    return None if nanoseconds is None else _expiration(now, nanoseconds)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def encode_token(key: SigningKey, claims: Mapping[str, Any]) -> str:
    """A compact JWS of ``claims`` signed with ``key``, byte for byte as SurrealDB writes it.

    Raises `AuthenticationError` (``invalid_key``: ``InvalidKeyFormat``) if the key cannot
    sign, or (``token_failed``) if the signature cannot be made.
    """
    header = _b64(_json({"typ": "JWT", "alg": key.algorithm}))
    payload = _b64(_json(dict(claims)))
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = key.sign(signing_input)
    return f"{header}.{payload}.{_b64(signature)}"


def issuing_fields(
    kind: object, issuer: object, verify_text: str | None
) -> dict[str, Any]:
    """The `AccessPlan` fields sign-in needs: SIGNUP/SIGNIN, WITH REFRESH and the signer.

    ``kind`` is the definition's access type, ``issuer`` its `surrealaccess.access.IssuerPlan`
    (None: the method cannot issue) and ``verify_text`` the verify key text the compiler
    used (the random key it made when SurrealDB would have made one). A symmetric issuer
    signs with exactly that text, as SurrealDB requires.
    """
    from . import ast
    from .access import RANDOM_KEY, IssuerPlan
    from .static import NOT_STATIC, evaluate, is_random

    fields: dict[str, Any] = {}
    if isinstance(kind, ast.RecordAccess):
        fields.update(signup=kind.signup, signin=kind.signin, refresh=kind.refresh)
    if not isinstance(issuer, IssuerPlan):
        return fields
    algorithm = "EdDSA" if issuer.algorithm == "EDDSA" else issuer.algorithm
    jwt = getattr(kind, "jwt", None)
    verifier = getattr(jwt, "verifier", None)
    text: object
    if issuer.key is RANDOM_KEY:
        text = verify_text if algorithm.startswith("HS") else _random_text()
    elif isinstance(verifier, ast.KeyVerifier) and issuer.key is verifier.key:
        text = verify_text
    else:
        assert isinstance(issuer.key, ast.Expr)
        text = evaluate(issuer.key)
        if text is NOT_STATIC and is_random(issuer.key):
            text = _random_text()
    if not isinstance(text, str):
        fields["signer"] = _unusable(algorithm, "the issuer key is not a constant string")
    else:
        fields["signer"] = load_signing_key(algorithm, text)
    return fields


def _random_text() -> str:
    import secrets
    import string

    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(128))
