"""Generator of ``DEFINE ACCESS`` definitions and JWTs for the authentication differential tests.

:func:`definitions` returns the definitions: every algorithm, every level (``ON ROOT``,
``ON NAMESPACE``, ``ON DATABASE``), ``TYPE JWT``, ``TYPE RECORD WITH JWT`` and
``TYPE BEARER … WITH JWT``, with and without ``DURATION FOR SESSION``, RSA keys as SPKI and
PKCS#1 PEM, whitespace-padded PEMs, odd HMAC secrets, unusable keys and durations. Most live in a
schema of their own; the ``layered-*`` ones share one schema that defines the same name at all
three levels.

:func:`generate` returns, for each definition, token variants named after what they do
(``valid``, ``expired_7200``, ``alias_url_long``, ``record_id_backticked``, ``malformed_abc``,
…). Claims are relative to ``now`` (default: ``int(time.time())`` at generation). Normal tokens
are signed with PyJWT; odd ones (exact header/payload bytes, ``alg: none``, HMAC keyed with a
PEM, padded base64, …) with a raw builder over exact bytes.

:func:`time_sensitive` returns the variants that sit exactly on a time boundary (``exp == now``,
``nbf == now + 1`` …); callers should generate them right before handing them to the engine.

Throwaway keys (RSA 2048, P-256, P-384, Ed25519, two of each) are generated once per process and
cached in :data:`_KEYS`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

__all__ = ["Definition", "TokenCase", "definitions", "generate", "time_sensitive"]

NS = "test"
DB = "test"

# --------------------------------------------------------------------------- keys

_KEYS: dict[str, Any] = {}


def _key(name: str) -> Any:
    """A throwaway private key, generated on first use and cached for the process."""
    if name not in _KEYS:
        if name.startswith("rsa"):
            _KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        elif name.startswith("p256"):
            _KEYS[name] = ec.generate_private_key(ec.SECP256R1())
        elif name.startswith("p384"):
            _KEYS[name] = ec.generate_private_key(ec.SECP384R1())
        elif name.startswith("ed"):
            _KEYS[name] = ed25519.Ed25519PrivateKey.generate()
        else:
            raise KeyError(name)
    return _KEYS[name]


def _public_pem(name: str, *, pkcs1: bool = False) -> str:
    public = _key(name).public_key()
    fmt = (
        serialization.PublicFormat.PKCS1
        if pkcs1
        else serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return public.public_bytes(serialization.Encoding.PEM, fmt).decode("ascii")


def _private_pem(name: str) -> str:
    return (
        _key(name)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


#: For each asymmetric family: (main key, another key of the same type).
_FAMILY_KEYS = {
    "RS": ("rsa", "rsa2"),
    "PS": ("rsa", "rsa2"),
    "ES256": ("p256", "p256b"),
    "ES384": ("p384", "p384b"),
    "EdDSA": ("ed", "ed2"),
}


def _family(alg: str) -> str:
    return alg[:2] if alg[:2] in ("RS", "PS", "HS") else alg


# --------------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class Definition:
    """One access method under test.

    Attributes:
        name: readable id, used in test ids (``db-jwt-HS256``).
        schema: the whole schema text the method lives in (run once per datastore).
        access: the access method name as a token's ``ac`` claim spells it.
        level: ``"ROOT"``, ``"NS"`` or ``"DB"``.
        kind: ``"JWT"``, ``"RECORD"`` or ``"BEARER"``.
        algorithm: the verification algorithm as defined (``"EdDSA"`` …).
        key: the KEY string value as defined (after SurrealQL unescaping).
        signing: how to sign a valid token: the HMAC secret text for HS*, else the name of the
            throwaway private key in :data:`_KEYS` (``"rsa"``, ``"p256"`` …).
        session: the ``DURATION FOR SESSION`` text, or ``None`` if not set.
        note: what is special about it (``"pkcs1"``, ``"padded-pem"``, ``"invalid-key"`` …).
    """

    name: str
    schema: str
    access: str
    level: str
    kind: str
    algorithm: str
    key: str
    signing: str
    session: str | None = None
    note: str = ""


@dataclass(frozen=True)
class TokenCase:
    """One token for one definition."""

    definition: Definition
    variant: str
    token: str

    @property
    def id(self) -> str:
        return f"{self.definition.name}:{self.variant}"


def _q(text: str) -> str:
    """A SurrealQL single-quoted string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_BASE = {"ROOT": "ROOT", "NS": "NAMESPACE", "DB": "DATABASE"}


def _statement(
    access: str,
    level: str,
    kind: str,
    alg: str,
    key: str,
    *,
    session: str | None = None,
    extra: str = "",
    subject: str = "USER",
    quoted_name: bool = False,
) -> str:
    name = f"`{access}`" if quoted_name else access
    jwt_part = f"ALGORITHM {alg.upper() if alg == 'EdDSA' else alg} KEY {_q(key)}{extra}"
    if kind == "JWT":
        body = f"TYPE JWT {jwt_part}"
    elif kind == "RECORD":
        body = f"TYPE RECORD WITH JWT {jwt_part}"
    else:
        body = f"TYPE BEARER FOR {subject} WITH JWT {jwt_part}"
    durations = f" DURATION FOR SESSION {session}" if session is not None else ""
    return f"DEFINE ACCESS {name} ON {_BASE[level]} {body}{durations};"


def _asym(alg: str, *, pkcs1: bool = False) -> tuple[str, str]:
    """(public PEM, signing key name) for an asymmetric algorithm."""
    main = _FAMILY_KEYS[_family(alg)][0]
    return _public_pem(main, pkcs1=pkcs1), main


def _padded(pem: str) -> str:
    """A PEM with surrounding whitespace and every line indented."""
    lines = pem.strip("\n").split("\n")
    return "\n\t  " + "\n".join("    " + line for line in lines) + "\n   \n"


def _simple(
    name: str,
    access: str,
    level: str,
    kind: str,
    alg: str,
    *,
    secret: str | None = None,
    session: str | None = None,
    pkcs1: bool = False,
    key: str | None = None,
    signing: str | None = None,
    note: str = "",
    extra: str = "",
    subject: str = "USER",
    quoted_name: bool = False,
    schema_suffix: str = "",
) -> Definition:
    if alg.startswith("HS"):
        verify = secret if secret is not None else f"{name}-secret-0123456789abcdef0123456789"
        sign = verify if signing is None else signing
    else:
        pem, main = _asym(alg, pkcs1=pkcs1)
        verify = pem if key is None else key
        sign = main if signing is None else signing
    schema = (
        _statement(
            access,
            level,
            kind,
            alg,
            verify,
            session=session,
            extra=extra,
            subject=subject,
            quoted_name=quoted_name,
        )
        + schema_suffix
    )
    return Definition(name, schema, access, level, kind, alg, verify, sign, session, note)


_ALGS = (
    "HS256",
    "HS384",
    "HS512",
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "EdDSA",
)


@lru_cache(maxsize=1)
def definitions() -> tuple[Definition, ...]:
    """Every definition under test (the keys are generated on the first call)."""
    out: list[Definition] = []
    db_sessions = {
        "HS384": "2h",
        "RS512": "1d",
        "PS384": "30m",
        "ES384": "1w",
        "EdDSA": "1h30m",
        "PS512": "NONE",
    }
    for alg in _ALGS:
        out.append(_simple(f"db-jwt-{alg}", "api", "DB", "JWT", alg, session=db_sessions.get(alg)))
    for alg, session in (
        ("HS512", "12h"),
        ("RS256", None),
        ("PS512", None),
        ("ES256", "2h"),
        ("EdDSA", None),
    ):
        out.append(_simple(f"ns-jwt-{alg}", "ns_api", "NS", "JWT", alg, session=session))
    for alg, session in (
        ("HS256", None),
        ("RS384", None),
        ("PS256", "3h"),
        ("ES384", "1h"),
        ("EdDSA", None),
    ):
        out.append(_simple(f"root-jwt-{alg}", "root_api", "ROOT", "JWT", alg, session=session))
    for alg, session in (
        ("HS256", None),
        ("HS384", "6h"),
        ("RS256", None),
        ("ES256", None),
        ("ES384", "1d"),
        ("EdDSA", None),
    ):
        out.append(_simple(f"db-record-{alg}", "account", "DB", "RECORD", alg, session=session))
    out.append(
        _simple(
            "db-record-PS512-issuer",
            "account",
            "DB",
            "RECORD",
            "PS512",
            extra=f" WITH ISSUER KEY {_q(_private_pem('rsa'))}",
            session="45m",
        )
    )
    out.append(
        Definition(
            "db-record-default-key",
            "DEFINE ACCESS account ON DATABASE TYPE RECORD;",
            "account",
            "DB",
            "RECORD",
            "HS512",
            "",
            "not-the-random-key",
            None,
            "random key",
        )
    )
    out.append(_simple("db-bearer-user-HS256", "bearer", "DB", "BEARER", "HS256"))
    out.append(_simple("ns-bearer-user-HS384", "bearer", "NS", "BEARER", "HS384", session="2h"))
    out.append(_simple("root-bearer-user-HS512", "bearer", "ROOT", "BEARER", "HS512"))
    out.append(
        _simple("db-bearer-record-RS256", "bearer", "DB", "BEARER", "RS256", subject="RECORD")
    )
    out.append(_simple("db-bearer-user-ES256", "bearer", "DB", "BEARER", "ES256", session="1d"))
    # Key formats.
    out.append(_simple("db-jwt-RS256-pkcs1", "api", "DB", "JWT", "RS256", pkcs1=True, note="pkcs1"))
    out.append(
        _simple("ns-jwt-PS384-pkcs1", "ns_api", "NS", "JWT", "PS384", pkcs1=True, note="pkcs1")
    )
    out.append(
        _simple(
            "db-jwt-RS512-padded",
            "api",
            "DB",
            "JWT",
            "RS512",
            key=_padded(_public_pem("rsa")),
            note="padded-pem",
        )
    )
    out.append(
        _simple(
            "db-jwt-ES256-padded",
            "api",
            "DB",
            "JWT",
            "ES256",
            key=_padded(_public_pem("p256")),
            note="padded-pem",
        )
    )
    out.append(
        _simple(
            "root-jwt-EdDSA-padded",
            "root_api",
            "ROOT",
            "JWT",
            "EdDSA",
            key=_padded(_public_pem("ed")),
            note="padded-pem",
        )
    )
    out.append(
        _simple(
            "db-jwt-RS256-pkcs1-padded",
            "api",
            "DB",
            "JWT",
            "RS256",
            key=_padded(_public_pem("rsa", pkcs1=True)),
            note="pkcs1 padded-pem",
        )
    )
    # HMAC secrets.
    out.append(
        _simple(
            "db-jwt-HS256-empty-key", "api", "DB", "JWT", "HS256", secret="", note="empty secret"
        )
    )
    out.append(
        _simple(
            "ns-jwt-HS512-unicode-key",
            "ns_api",
            "NS",
            "JWT",
            "HS512",
            secret="ключ-🔑-clé",
            note="unicode secret",
        )
    )
    out.append(
        _simple(
            "db-jwt-HS384-quote-key",
            "api",
            "DB",
            "JWT",
            "HS384",
            secret='it\'s a \\ key "with" quotes',
            note="escaped secret",
        )
    )
    out.append(
        _simple(
            "db-jwt-HS256-base64-text-key",
            "api",
            "DB",
            "JWT",
            "HS256",
            secret="c2VjcmV0",
            note="base64-looking secret used raw",
        )
    )
    out.append(
        _simple(
            "db-jwt-HS256-pem-text-key",
            "api",
            "DB",
            "JWT",
            "HS256",
            secret=_public_pem("rsa"),
            note="PEM text as HMAC secret",
        )
    )
    out.append(
        _simple(
            "db-jwt-my-access-HS256",
            "my-access",
            "DB",
            "JWT",
            "HS256",
            quoted_name=True,
            session="15m",
            note="backticked name",
        )
    )
    # Unusable keys.
    out.append(
        _simple(
            "db-jwt-RS256-notapem", "api", "DB", "JWT", "RS256", key="notapem", note="invalid key"
        )
    )
    out.append(
        _simple(
            "db-jwt-ES256-rsa-pem",
            "api",
            "DB",
            "JWT",
            "ES256",
            key=_public_pem("rsa"),
            note="invalid key",
        )
    )
    out.append(
        _simple(
            "db-jwt-EdDSA-ec-pem",
            "api",
            "DB",
            "JWT",
            "EdDSA",
            key=_public_pem("p256"),
            note="invalid key",
        )
    )
    out.append(
        _simple(
            "db-jwt-RS256-private-pem",
            "api",
            "DB",
            "JWT",
            "RS256",
            key=_private_pem("rsa"),
            note="private PEM as verify key",
        )
    )
    out.append(
        _simple(
            "db-jwt-ES384-p256-pem",
            "api",
            "DB",
            "JWT",
            "ES384",
            key=_public_pem("p256"),
            signing="p256",
            note="curve mismatch",
        )
    )
    # Durations that fail at authentication time.
    out.append(
        _simple(
            "db-jwt-HS256-session-too-long",
            "api",
            "DB",
            "JWT",
            "HS256",
            session="500000000000y",
            note="invalid duration",
        )
    )
    out.append(
        _simple(
            "db-jwt-HS256-session-overflow",
            "api",
            "DB",
            "JWT",
            "HS256",
            session="300000y",
            note="invalid expiration",
        )
    )
    # The same name at three levels, in one schema, each with its own key and algorithm.
    layered = [
        ("ROOT", "HS256", "layered-root-secret-0123456789abcdef", "1h"),
        ("NS", "HS384", "layered-ns-secret-0123456789abcdef", None),
        ("DB", "HS512", "layered-db-secret-0123456789abcdef", "2h"),
    ]
    schema = "\n".join(
        _statement("shared", level, "JWT", alg, secret, session=session)
        for level, alg, secret, session in layered
    )
    for level, alg, secret, session in layered:
        out.append(
            Definition(
                f"layered-{level.lower()}-{alg}",
                schema,
                "shared",
                level,
                "JWT",
                alg,
                secret,
                secret,
                session,
                "layered",
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- token building


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_HASHES = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}


def _signature(alg: str, signing: Any, message: bytes) -> bytes:
    """Raw JWS signature bytes. ``signing``: HMAC secret text, or a private key name/object."""
    if alg.startswith("HS"):
        secret = signing if isinstance(signing, bytes) else str(signing).encode("utf-8")
        return hmac.new(secret, message, _HASHES[alg[2:]]).digest()
    key = _key(signing) if isinstance(signing, str) else signing
    return bytes(jwt.get_algorithm_by_name(alg).sign(message, key))


def _raw(
    header: bytes | dict[str, Any],
    payload: bytes | dict[str, Any],
    alg: str | None,
    signing: Any = None,
) -> str:
    """A compact JWS over exact header/payload bytes; ``alg=None`` gives an empty signature."""
    head = header if isinstance(header, bytes) else _json(header)
    body = payload if isinstance(payload, bytes) else _json(payload)
    signing_input = f"{_b64u(head)}.{_b64u(body)}"
    if alg is None:
        return signing_input + "."
    return signing_input + "." + _b64u(_signature(alg, signing, signing_input.encode("ascii")))


def _sign(
    claims: dict[str, Any], alg: str, signing: Any, headers: dict[str, Any] | None = None
) -> str:
    """A normal token: PyJWT where it agrees to sign, else the raw builder."""
    key = _key(signing) if not alg.startswith("HS") and isinstance(signing, str) else signing
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return jwt.encode(claims, key, algorithm=alg, headers=headers)
    except jwt.InvalidKeyError:  # e.g. empty or PEM-looking HMAC secrets
        header = {"alg": alg, "typ": "JWT", **(headers or {})}
        return _raw(header, claims, alg, signing)


_DROP = object()

_ALIASES = {
    "upper": {"ns": "NS", "db": "DB", "ac": "AC", "id": "ID", "rl": "RL"},
    "url_short": {f: f"https://surrealdb.com/{f}" for f in ("ns", "db", "ac", "id", "rl")},
    "url_long": {
        "ns": "https://surrealdb.com/namespace",
        "db": "https://surrealdb.com/database",
        "ac": "https://surrealdb.com/access",
        "id": "https://surrealdb.com/record",
        "rl": "https://surrealdb.com/roles",
    },
    "mixed": {
        "ns": "https://surrealdb.com/namespace",
        "db": "DB",
        "ac": "https://surrealdb.com/ac",
        "id": "ID",
        "rl": "https://surrealdb.com/rl",
    },
}

_RECORD_IDS = {
    "record_id_int": "user:1",
    "record_id_backticked": "user:`a b`",
    "record_id_angle_brackets": "user:⟨a b⟩",
    "record_id_array": "user:[1, 'a']",
    "record_id_array_compact": 'user:[1,"a"]',
    "record_id_object": "user:{a:1}",
    "record_id_space_unquoted": "user:a b",
    "record_id_not_a_record": "notarecord",
    "record_id_negative": "user:-1",
    "record_id_leading_zero": "user:01",
    "record_id_big_int": "user:100000000000000000000",
    "record_id_alnum": "user:123abc",
    "record_id_angle_digits": "user:⟨1⟩",
    "record_id_table_backticked": "`a b`:c",
    "record_id_empty_key": "user:",
    "record_id_leading_space": " user:1",
    "record_id_trailing_space": "user:1 ",
    "record_id_unicode": "usér:ключ",
    "record_id_float": "user:1.5",
    "record_id_true": "user:true",
}


class _Maker:
    """Builds the token variants of one definition."""

    def __init__(self, d: Definition, now: int) -> None:
        self.d = d
        self.now = now
        self.alg = d.algorithm
        self.signing = d.signing

    def routing(self) -> dict[str, Any]:
        d = self.d
        if d.level == "ROOT":
            out: dict[str, Any] = {"ac": d.access}
        elif d.level == "NS":
            out = {"ns": NS, "ac": d.access}
        else:
            out = {"ns": NS, "db": DB, "ac": d.access}
        if d.kind == "RECORD":
            out["id"] = "user:1"
        return out

    def claims(self, **changes: Any) -> dict[str, Any]:
        """Base claims with changes (``_DROP`` removes a claim; order: routing, iat, exp)."""
        out = {**self.routing(), "iat": self.now, "exp": self.now + 3600}
        for name, value in changes.items():
            if value is _DROP:
                out.pop(name, None)
            else:
                out[name] = value
        return out

    def good(self, claims: dict[str, Any], headers: dict[str, Any] | None = None) -> str:
        return _sign(claims, self.alg, self.signing, headers)

    def raw(self, header: bytes | dict[str, Any], payload: bytes | dict[str, Any]) -> str:
        return _raw(header, payload, self.alg, self.signing)

    def header(self, **extra: Any) -> dict[str, Any]:
        return {"alg": self.alg, "typ": "JWT", **extra}

    def wrong_signing(self) -> Any:
        if self.alg.startswith("HS"):
            return "wrong-" + str(self.signing)
        for main, other in _FAMILY_KEYS.values():
            if self.signing == main:
                return other
        return "rsa2" if self.signing != "rsa2" else "rsa"

    def renamed(self, mapping: dict[str, str], **changes: Any) -> dict[str, Any]:
        return {mapping.get(k, k): v for k, v in self.claims(**changes).items()}

    # ------------------------------------------------------------------ variant groups

    def variants(self) -> Iterator[tuple[str, str]]:
        yield from self.basics()
        yield from self.algorithms()
        yield from self.times()
        yield from self.aliases()
        yield from self.routings()
        yield from self.ids()
        yield from self.roles()
        yield from self.custom_claims()
        yield from self.headers()
        yield from self.malformed()

    def basics(self) -> Iterator[tuple[str, str]]:
        c = self.claims
        yield "valid", self.good(c())
        yield "valid_minimal", self.good(c(iat=_DROP))
        yield "valid_raw_builder", self.raw(self.header(), c())
        yield "valid_nbf_past", self.good(c(nbf=self.now - 60))
        yield "valid_iat_future", self.good(c(iat=self.now + 10**6))
        yield "wrong_key", _sign(c(), self.alg, self.wrong_signing())
        yield (
            "expired_wrong_signature",
            _sign(c(exp=self.now - 3600), self.alg, self.wrong_signing()),
        )
        token = self.good(c())
        head, body, sig = token.split(".")
        flipped = ("A" if sig[0] != "A" else "B") + sig[1:]
        yield "signature_first_char_changed", f"{head}.{body}.{flipped}"
        yield "signature_empty", f"{head}.{body}."
        yield "signature_of_other_payload", f"{head}.{self.good(c(extra=1)).split('.')[1]}.{sig}"

    def algorithms(self) -> Iterator[tuple[str, str]]:
        c = self.claims()
        family = _family(self.alg)
        if family == "HS":
            others = [a for a in ("HS256", "HS384", "HS512") if a != self.alg]
            for other in others:
                yield f"wrong_alg_{other}_same_secret", _sign(c, other, self.signing)
        elif family in ("RS", "PS"):
            size = self.alg[2:]
            other_size = "384" if size != "384" else "256"
            yield (
                f"wrong_alg_{family}{other_size}_same_key",
                _sign(c, family + other_size, self.signing),
            )
            other_pad = ("PS" if family == "RS" else "RS") + size
            yield f"wrong_alg_{other_pad}_same_key", _sign(c, other_pad, self.signing)
            yield "wrong_alg_ES256", _sign(c, "ES256", "p256")
        elif family == "ES256":
            yield "wrong_alg_ES384_p384_key", _sign(c, "ES384", "p384")
            yield "wrong_alg_EdDSA", _sign(c, "EdDSA", "ed")
        elif family == "ES384":
            yield "wrong_alg_ES256_p256_key", _sign(c, "ES256", "p256")
            yield "wrong_alg_RS384", _sign(c, "RS384", "rsa")
        else:
            yield "wrong_alg_ES256", _sign(c, "ES256", "p256")
            yield "wrong_alg_RS256", _sign(c, "RS256", "rsa")
        yield (
            "hs256_mac_keyed_with_KEY_text",
            _raw({"alg": "HS256", "typ": "JWT"}, c, "HS256", self.d.key.encode("utf-8")),
        )
        yield "alg_none_empty_signature", _raw({"alg": "none", "typ": "JWT"}, c, None)
        yield "alg_NONE_upper_empty_signature", _raw({"alg": "NONE", "typ": "JWT"}, c, None)
        yield (
            "alg_none_with_valid_signature",
            _raw({"alg": "none", "typ": "JWT"}, c, self.alg, self.signing),
        )
        yield "alg_ES512_header", _raw({"alg": "ES512", "typ": "JWT"}, c, "ES384", "p384")
        yield (
            "alg_lowercase_header",
            _raw({"alg": self.alg.lower(), "typ": "JWT"}, c, self.alg, self.signing),
        )

    def times(self) -> Iterator[tuple[str, str]]:
        c, now = self.claims, self.now
        yield "expired_1", self.good(c(exp=now - 1))
        yield "expired_30", self.good(c(exp=now - 30))
        yield "expired_7200", self.good(c(exp=now - 7200))
        yield "expired_0", self.good(c(exp=0))
        yield "expired_negative_5", self.good(c(exp=-5))
        yield "no_exp", self.good(c(exp=_DROP))
        yield "exp_null", self.good(c(exp=None))
        yield "exp_float", self.good(c(exp=now + 3600.5))
        yield "exp_float_integral", self.good(c(exp=float(now + 3600)))
        yield "exp_string", self.good(c(exp=str(now + 3600)))
        yield "exp_bool", self.good(c(exp=True))
        yield "exp_i64_max", self.good(c(exp=2**63 - 1))
        yield "exp_above_i64", self.good(c(exp=2**63))
        yield "exp_far_future", self.good(c(exp=now + 10**9))
        yield (
            "exp_exponent_notation",
            self.raw(self.header(), _json(c(exp=_DROP))[:-1] + b',"exp":1e10}'),
        )
        yield "nbf_future_100", self.good(c(nbf=now + 100))
        yield "nbf_future_5", self.good(c(nbf=now + 5))
        yield "nbf_future_exp_past", self.good(c(nbf=now + 100, exp=now - 100))
        yield "nbf_future_wrong_signature", _sign(c(nbf=now + 100), self.alg, self.wrong_signing())
        yield "nbf_null", self.good(c(nbf=None))
        yield "nbf_string", self.good(c(nbf=str(now)))
        yield "nbf_float", self.good(c(nbf=now - 10.5))
        yield "iat_string", self.good(c(iat="yesterday"))
        yield "iat_null", self.good(c(iat=None))
        yield "iat_float", self.good(c(iat=now + 0.25))
        yield "expired_unknown_ac", self.good(c(exp=now - 10, ac="nope"))
        yield "nbf_future_unknown_ac", self.good(c(nbf=now + 100, ac="nope"))

    def aliases(self) -> Iterator[tuple[str, str]]:
        for name, mapping in _ALIASES.items():
            yield f"alias_{name}", self.good(self.renamed(mapping, rl=["Editor"]))
        for field in ("ns", "db", "ac", "id", "rl"):
            for spelling in {m[field] for m in _ALIASES.values()}:
                if field in ("ns", "db", "id") and field not in self.routing():
                    continue
                value = ["Editor"] if field == "rl" else self.routing()[field]
                claims = self.claims() if field != "rl" else self.claims(rl=value)
                renamed = {(spelling if k == field else k): v for k, v in claims.items()}
                yield f"alias_{field}_as_{_slug(spelling)}", self.good(renamed)
        routing = self.routing()
        first = next(iter(routing))
        yield "duplicate_ns_NS", self.good(self.claims(ns=NS, NS=NS))
        yield (
            "duplicate_db_url_database",
            self.good(self.claims(db=DB, **{"https://surrealdb.com/database": DB})),
        )
        yield (
            "duplicate_ac_url_access",
            self.good(self.claims(**{"https://surrealdb.com/access": self.d.access})),
        )
        yield "duplicate_id_ID", self.good(self.claims(id="user:1", ID="user:1"))
        yield (
            "duplicate_rl_url_roles",
            self.good(self.claims(rl=["Viewer"], **{"https://surrealdb.com/roles": ["Viewer"]})),
        )
        yield (
            f"duplicate_raw_{first}_twice",
            self.raw(self.header(), b'{"' + first.encode() + b'":"x",' + _json(self.claims())[1:]),
        )
        yield (
            "duplicate_raw_exp_twice",
            self.raw(
                self.header(),
                _json(self.claims())[:-1] + b',"exp":' + str(self.now + 60).encode() + b"}",
            ),
        )
        yield (
            "duplicate_raw_custom_claim",
            self.raw(self.header(), _json(self.claims())[:-1] + b',"x":1,"x":2}'),
        )
        spelled = {("Ns" if k == "ns" else k): v for k, v in self.claims().items()}
        if "Ns" not in spelled:
            spelled["Ns"] = NS
        yield "custom_spelling_Ns", self.good(spelled)
        yield (
            "custom_spellings_kept",
            self.good(
                self.claims(
                    **{
                        "Ns": "a",
                        "Db": "b",
                        "Ac": "c",
                        "EXP": 1,
                        "Iss": "x",
                        "https://surrealdb.com/NS": "y",
                        "https://surrealdb.com/ns2": "z",
                        "https://surrealdb.com/Access": "w",
                    }
                )
            ),
        )

    def routings(self) -> Iterator[tuple[str, str]]:
        c, a = self.claims, self.d.access
        yield "unknown_ac", self.good(c(ac="nope"))
        yield "unknown_ac_wrong_signature", _sign(c(ac="nope"), self.alg, self.wrong_signing())
        yield "unknown_db", self.good(c(ns=NS, db="other"))
        yield "unknown_ns", self.good(c(ns="other"))
        yield "unknown_ns_and_db", self.good(c(ns="other", db="other"))
        yield (
            "unknown_db_wrong_signature",
            _sign(c(ns=NS, db="other"), self.alg, self.wrong_signing()),
        )
        yield "routing_root_only_ac", self.good(c(ns=_DROP, db=_DROP, id=_DROP))
        yield "routing_ns_ac", self.good(c(ns=NS, db=_DROP, id=_DROP))
        yield "routing_ns_db_ac", self.good(c(ns=NS, db=DB, id=_DROP))
        yield "routing_db_ac_without_ns", self.good(c(ns=_DROP, db=DB))
        yield "routing_ns_db_id_without_ac", self.good(c(ns=NS, db=DB, ac=_DROP, id="user:1"))
        yield "routing_ns_id_without_ac", self.good(c(ns=NS, db=_DROP, ac=_DROP, id="user:1"))
        yield "routing_id_only", self.good(c(ns=_DROP, db=_DROP, ac=_DROP, id="root"))
        yield "no_routing_claims", self.good(c(ns=_DROP, db=_DROP, ac=_DROP, id=_DROP))
        yield "ns_null", self.good(c(ns=None))
        yield "db_null", self.good(c(db=None))
        yield "ac_null", self.good(c(ac=None))
        yield "ns_number", self.good(c(ns=1))
        yield "ac_number", self.good(c(ac=5))
        yield "ac_empty_string", self.good(c(ac=""))
        yield "db_empty_string", self.good(c(db=""))
        yield "ac_different_case", self.good(c(ac=a.upper() if a.upper() != a else a.lower()))
        yield "ns_different_case", self.good(c(ns="TEST"))

    def ids(self) -> Iterator[tuple[str, str]]:
        c = self.claims
        if self.d.kind != "RECORD":
            yield "id_on_non_record_method", self.good(c(id="user:1"))
            yield "id_alias_ID_on_non_record_method", self.good(c(ID="user:1"))
            yield "id_null_on_non_record_method", self.good(c(id=None))
            return
        for name, rid in _RECORD_IDS.items():
            yield name, self.good(c(id=rid))
        yield "record_without_id", self.good(c(id=_DROP))
        yield "record_id_null", self.good(c(id=None))
        yield "record_id_number", self.good(c(id=1))
        yield "record_id_object_json", self.good(c(id={"tb": "user", "id": 1}))

    def roles(self) -> Iterator[tuple[str, str]]:
        c = self.claims
        yield "roles_editor", self.good(c(rl=["Editor"]))
        yield "roles_lowercase_editor_owner", self.good(c(rl=["editor", "owner"]))
        yield "roles_uppercase_OWNER", self.good(c(rl=["OWNER"]))
        yield "roles_viewer", self.good(c(rl=["Viewer"]))
        yield "roles_empty", self.good(c(rl=[]))
        yield "roles_invalid_superuser", self.good(c(rl=["Superuser"]))
        yield "roles_owner_then_invalid", self.good(c(rl=["Owner", "root"]))
        yield "roles_owner_string_not_list", self.good(c(rl="Owner"))
        yield "roles_number_entry", self.good(c(rl=[1]))
        yield "roles_null", self.good(c(rl=None))
        yield "roles_invalid_expired", self.good(c(rl=["Nope"], exp=self.now - 5))
        yield "roles_invalid_wrong_signature", _sign(c(rl=["Nope"]), self.alg, self.wrong_signing())

    def custom_claims(self) -> Iterator[tuple[str, str]]:
        c = self.claims
        simple: dict[str, Any] = {
            "string": "a@b.c",
            "string_escapes": 'line\nbreak\ttab "quote" back\\slash',
            "string_nul": "a\u0000b",
            "string_record_like": "user:1",
            "string_datetime_like": "2024-01-01T00:00:00Z",
            "int": 42,
            "int_negative": -7,
            "int_zero": 0,
            "float": 1.5,
            "float_integral": 2.0,
            "float_negative_zero": -0.0,
            "float_large": 1e308,
            "float_tiny": 5e-324,
            "bool_true": True,
            "bool_false": False,
            "null": None,
            "object_nested": {"a": {"b": [1, "x", None, 2.5, True]}},
            "object_empty": {},
            "array": [1, "two", 3.0, True, None, {"k": "v"}],
            "array_empty": [],
            "unicode_value": "ключ ✓ 😀 日本",
            "int_i64_max": 2**63 - 1,
            "int_i64_min": -(2**63),
            "int_above_i64": 2**63 + 5,
            "int_u64_max": 2**64 - 1,
            "int_above_u64": 2**64 + 1,
            "int_below_i64": -(2**63) - 1,
            "nested_object_above_i64": {"a": 1, "b": 2**63 + 5},
            "nested_array_above_i64": [1, 2**63 + 5],
            "nested_array_above_u64": [[2**64 + 1]],
            "nested_object_i64_max": {"deep": {"v": 2**63 - 1}},
        }
        for name, value in simple.items():
            yield f"claim_{name}", self.good(c(custom=value))
        yield "claim_unicode_key", self.good(c(**{"名前": "値", "ключ": 1}))
        yield "claim_many", self.good(c(a=1, b="2", c=[3], d={"e": 4}, f=None, g=1.25))
        yield "claim_above_i64_next_to_kept", self.good(c(big=2**63 + 5, small=5))
        base = _json(c())[:-1]
        for name, number in (
            ("exponent_int", b"1E2"),
            ("exponent_float", b"1.5e3"),
            ("out_of_f64_range", b"1e400"),
            ("minus_zero_int", b"-0"),
            ("long_fraction", b"0.1000000000000000055511151231257827"),
        ):
            yield f"claim_raw_{name}", self.raw(self.header(), base + b',"custom":' + number + b"}")
        deep_ok = json.loads("[" * 100 + "]" * 100)
        yield "claim_nested_depth_100", self.good(c(custom=deep_ok))
        yield (
            "claim_nested_depth_130_raw",
            self.raw(self.header(), base + b',"custom":' + b"[" * 130 + b"]" * 130 + b"}"),
        )
        std = c(iss="issuer", sub="subject", jti="id-1", aud="someone")
        yield "std_iss_sub_jti_aud", self.good(std)
        yield "std_aud_list", self.good(c(aud=["a", "b"]))
        yield "std_iss_number", self.raw(self.header(), c(iss=5))
        yield "std_sub_null", self.raw(self.header(), c(sub=None))
        yield "std_aud_number", self.raw(self.header(), c(aud=5))
        yield "std_jti_list", self.raw(self.header(), c(jti=["x"]))
        yield "claim_named_like_session_fields", self.good(c(tk="x", rd="user:2", auth="y"))
        if self.d.level != "DB":  # at NS and ROOT level an ID claim is not routing
            yield "id_claim_kept_at_ns_or_root", self.good(c(ID="kept"))

    def headers(self) -> Iterator[tuple[str, str]]:
        c = self.claims()
        yield "header_kid_string", self.good(c, {"kid": "whatever"})
        yield "header_kid_number", self.raw(self.header(kid=7), c)
        yield "header_kid_null", self.raw(self.header(kid=None), c)
        yield "header_typ_foo", self.raw({"alg": self.alg, "typ": "foo"}, c)
        yield "header_typ_number", self.raw({"alg": self.alg, "typ": 1}, c)
        yield "header_no_typ", self.raw({"alg": self.alg}, c)
        yield "header_unknown_string_field", self.raw(self.header(foo="bar"), c)
        yield "header_unknown_number_field", self.raw(self.header(foo=1), c)
        yield "header_unknown_null_field", self.raw(self.header(foo=None), c)
        yield "header_crit", self.raw(self.header(crit=["exp"]), c)
        yield "header_jku", self.raw(self.header(jku="https://evil.example/jwks.json"), c)
        yield "header_cty", self.raw(self.header(cty="JWT"), c)
        yield "header_alg_number", self.raw(b'{"alg":5,"typ":"JWT"}', c)
        yield "header_alg_missing", self.raw(b'{"typ":"JWT"}', c)
        yield (
            "header_alg_twice",
            self.raw(b'{"alg":"none","alg":"' + self.alg.encode() + b'","typ":"JWT"}', c),
        )
        yield "header_array", self.raw(b"[1,2]", c)
        yield "header_empty_object", self.raw(b"{}", c)

    def malformed(self) -> Iterator[tuple[str, str]]:
        c = self.claims()
        good = self.good(c)
        head, body, sig = good.split(".")
        yield "malformed_empty", ""
        yield "malformed_abc", "abc"
        yield "malformed_a_dot_b", "a.b"
        yield "malformed_four_parts", good + ".x"
        yield "malformed_dots_only", ".."
        yield "malformed_leading_space", " " + good
        yield "malformed_trailing_newline", good + "\n"
        yield "malformed_header_bad_base64", f"@@@.{body}.{sig}"
        yield "malformed_payload_bad_base64", f"{head}.@@@.{sig}"
        yield "malformed_signature_bad_base64", f"{head}.{body}.@@@"
        yield "malformed_padded_signature", f"{good}=="
        yield "malformed_padded_payload", f"{head}.{body}==.{sig}"
        yield "malformed_padded_header_resigned", self._resigned(head + "==", body)
        yield "malformed_header_not_json", self.raw(b"notjson", c)
        yield "malformed_payload_not_json", self.raw(self.header(), b"notjson")
        yield "malformed_payload_array", self.raw(self.header(), b"[1,2]")
        yield "malformed_payload_string", self.raw(self.header(), b'"claims"')
        yield "malformed_payload_empty", self.raw(self.header(), b"")
        yield "malformed_payload_trailing_garbage", self.raw(self.header(), _json(c) + b"x")
        yield "malformed_payload_trailing_space", self.raw(self.header(), _json(c) + b" ")
        yield (
            "malformed_payload_latin1",
            self.raw(self.header(), _json(c)[:-1] + b',"x":"caf\xe9"}'),
        )
        yield "malformed_payload_standard_base64", self._standard_base64()
        yield "malformed_signature_truncated", f"{head}.{body}.{sig[:-1]}"
        if _tweak_tail(sig) != sig:  # only when the last character has unused bits
            yield "malformed_signature_noncanonical_tail", f"{head}.{body}.{_tweak_tail(sig)}"
        for n in range(3):  # pad the payload until its last character has unused bits
            padded = _b64u(_json(self.claims(pad="x" * n)))
            if _tweak_tail(padded) != padded:
                yield (
                    "malformed_payload_noncanonical_tail",
                    self._resigned(head, _tweak_tail(padded)),
                )
                break

    def _resigned(self, head: str, body: str) -> str:
        """Exact header/payload segments with a genuine signature over them."""
        signing_input = f"{head}.{body}"
        return (
            signing_input
            + "."
            + _b64u(_signature(self.alg, self.signing, signing_input.encode("ascii")))
        )

    def _standard_base64(self) -> str:
        """A payload segment that contains '+' or '/' (standard alphabet), genuinely signed."""
        for n in range(64):
            payload = _json(self.claims(pad="~" * n + "\u00ff"))
            body = base64.b64encode(payload).rstrip(b"=").decode("ascii")
            if "+" in body or "/" in body:
                return self._resigned(_b64u(_json(self.header())), body)
        raise AssertionError("no '+' or '/' produced")


def _tweak_tail(segment: str) -> str:
    """Change the unused low bits of the last base64url character (non-canonical encoding)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    unused = {2: 4, 3: 2}.get(len(segment) % 4, 0)
    if unused == 0:
        return segment
    value = alphabet.index(segment[-1])
    return segment[:-1] + alphabet[value ^ 1]


def _slug(text: str) -> str:
    return text.replace("https://surrealdb.com/", "url_").replace("/", "_")


def _cases(makers: Callable[[_Maker], Iterator[tuple[str, str]]], now: int) -> list[TokenCase]:
    out: list[TokenCase] = []
    for d in definitions():
        seen: set[str] = set()
        for variant, token in makers(_Maker(d, now)):
            if variant in seen:
                raise AssertionError(f"duplicate variant {variant} for {d.name}")
            seen.add(variant)
            out.append(TokenCase(d, variant, token))
    return out


def generate(now: int | None = None) -> list[TokenCase]:
    """Every token variant of every definition, with claims relative to ``now``."""
    when = int(time.time()) if now is None else now
    return _cases(_Maker.variants, when)


def _boundaries(m: _Maker) -> Iterator[tuple[str, str]]:
    c, now = m.claims, m.now
    yield "exp_now", m.good(c(exp=now))
    yield "exp_now_plus_1", m.good(c(exp=now + 1))
    yield "exp_now_minus_1", m.good(c(exp=now - 1))
    yield "nbf_now", m.good(c(nbf=now))
    yield "nbf_now_plus_1", m.good(c(nbf=now + 1))


def time_sensitive(now: int | None = None) -> list[TokenCase]:
    """Variants on the ``exp``/``nbf`` boundaries; run them as soon as they are generated."""
    when = int(time.time()) if now is None else now
    return _cases(_boundaries, when)
