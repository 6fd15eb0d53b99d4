"""Deterministic corpus of ``DEFINE ACCESS`` statement texts for differential tests.

:func:`generate` returns statement texts (seeded :class:`random.Random`, no hypothesis) that
together cover every clause, form and order of the SurrealDB 3.x grammar described in
``/work/shared/reference/surrealdb-access.md`` §1.1-§1.4 and §2.2, with a realistic share
(roughly 30%) of statements the engine rejects, either while parsing or at definition time.
The first part of the list is a fixed coverage block that names every form at least once; the
rest is random combinations of the same building blocks.

Key material: a few throwaway RSA / EC / Ed25519 key pairs are generated once per process at
import time (module globals below). The list is deterministic for a given ``seed`` *and* set of
keys, so two calls in one process return the same list; across processes only the PEM text
changes.

:data:`SPECIAL` holds the exact ``IN`` lines of §2.2 that need no ``$param``;
:data:`SPECIAL_EXPECTED` maps each to the ``OUT`` line the reference records;
:data:`SPECIAL_REJECTED` maps the §2.2 rejection inputs to the expected first message line;
:func:`special_with_params` gives the §2.2 pairs that need ``$pub``-style parameters, as
``(prelude, statement, expected)`` built from this process's keys.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

__all__ = [
    "EC256_PRIV",
    "EC256_PUB",
    "EC384_PRIV",
    "EC384_PUB",
    "EC521_PUB",
    "ED_PRIV",
    "ED_PUB",
    "RSA_PRIV",
    "RSA_PUB",
    "RSA_PUB_PKCS1",
    "SPECIAL",
    "SPECIAL_EXPECTED",
    "SPECIAL_REJECTED",
    "generate",
    "special_with_params",
    "sql_string",
]

# --------------------------------------------------------------------------- key material

_PUBLIC = serialization.PublicFormat.SubjectPublicKeyInfo
_PEM = serialization.Encoding.PEM


def _private_pem(
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey,
) -> str:
    return key.private_bytes(
        _PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_EC256 = ec.generate_private_key(ec.SECP256R1())
_EC384 = ec.generate_private_key(ec.SECP384R1())
_EC521 = ec.generate_private_key(ec.SECP521R1())
_ED = ed25519.Ed25519PrivateKey.generate()

#: RSA-2048 public key (SubjectPublicKeyInfo PEM), for RS* and PS*.
RSA_PUB = _RSA.public_key().public_bytes(_PEM, _PUBLIC).decode("ascii")
#: The same RSA public key in PKCS#1 form (``BEGIN RSA PUBLIC KEY``).
RSA_PUB_PKCS1 = (
    _RSA.public_key().public_bytes(_PEM, serialization.PublicFormat.PKCS1).decode("ascii")
)
#: RSA private key (PKCS#8 PEM).
RSA_PRIV = _private_pem(_RSA)
#: P-256 keys, for ES256.
EC256_PUB = _EC256.public_key().public_bytes(_PEM, _PUBLIC).decode("ascii")
EC256_PRIV = _private_pem(_EC256)
#: P-384 keys, for ES384.
EC384_PUB = _EC384.public_key().public_bytes(_PEM, _PUBLIC).decode("ascii")
EC384_PRIV = _private_pem(_EC384)
#: P-521 public key, for ES512 (which the engine rejects at definition time).
EC521_PUB = _EC521.public_key().public_bytes(_PEM, _PUBLIC).decode("ascii")
#: Ed25519 keys, for EDDSA.
ED_PUB = _ED.public_key().public_bytes(_PEM, _PUBLIC).decode("ascii")
ED_PRIV = _private_pem(_ED)


def sql_string(value: str, quote: str = "'") -> str:
    """Write ``value`` as a SurrealQL string literal with the given quote character."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace(quote, "\\" + quote)
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return quote + escaped + quote


# --------------------------------------------------------------------------- §2.2 pairs

#: The exact ``IN`` lines of reference §2.2 that need no ``$param`` (``<LF>`` is a newline).
SPECIAL: list[str] = [
    "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret'",
    "define access a on db type jwt algorithm hs512 key 'secret'",
    "DEFINE ACCESS a ON DB TYPE JWT URL 'https://example.com/.well-known/jwks.json'",
    "DEFINE ACCESS a ON DB TYPE JWT URL 'https://example.com/jwks.json' WITH ISSUER ALGORITHM PS256 KEY 'k'",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE RECORD",
    "DEFINE ACCESS a ON DB TYPE RECORD SIGNIN (SELECT * FROM user WHERE email = $email) SIGNUP (CREATE user SET email = $email) DURATION FOR TOKEN 18m, FOR SESSION 12h",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k' DURATION FOR SESSION 1w",
    "DEFINE ACCESS a ON DB TYPE RECORD WITH REFRESH",
    "DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k', WITH REFRESH",
    "DEFINE ACCESS a ON DB TYPE BEARER FOR USER",
    "DEFINE ACCESS a ON DB TYPE BEARER FOR RECORD DURATION FOR GRANT 90d",
    "DEFINE ACCESS a ON DB TYPE BEARER FOR USER WITH JWT ALGORITHM HS256 KEY 'k' DURATION FOR GRANT NONE, FOR TOKEN NONE, FOR SESSION NONE",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' AUTHENTICATE { IF $token.email != 'x' { THROW 'no' } } DURATION FOR SESSION 90m COMMENT 'hello'",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'a' AUTHENTICATE IF $token.x { RETURN NONE } ELSE { THROW 'bad' }",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'a' AUTHENTICATE { LET $x = 1; RETURN $x; }",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES384 KEY 'k' DURATION FOR SESSION 1y2w3d4h5m6s7ms",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'a' DURATION FOR SESSION 1d1h1m1s1ms1us1ns",
    "DEFINE ACCESS `my-access` ON DB TYPE JWT ALGORITHM HS256 KEY 's'",
    "DEFINE ACCESS `select` ON DB TYPE JWT ALGORITHM HS256 KEY 's'",
    "DEFINE ACCESS `from` ON DB TYPE BEARER FOR USER",
    "DEFINE ACCESS ⟨weird name⟩ ON DB TYPE JWT ALGORITHM HS256 KEY 's'",
    "DEFINE ACCESS 'strname' ON DB TYPE JWT ALGORITHM HS256 KEY 's'",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'it\\'s' COMMENT \"dq \\\"x\\\" 'y'\"",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' COMMENT 'multi\nline'",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' TYPE RECORD",
    "DEFINE ACCESS a ON DB DURATION FOR SESSION 5m",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' DURATION FOR TOKEN 1h + 30m",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' DURATION FOR SESSION '2h'",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' DURATION FOR SESSION 0s",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' COMMENT NULL",
    "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'a' DURATION FOR GRANT 1d",
    "DEFINE ACCESS a ON DB TYPE JWT URL 'x' DURATION FOR TOKEN 1d",
    "DEFINE ACCESS a ON DB TYPE RECORD SIGNUP ( CREATE user ) SIGNIN ( SELECT * FROM user ) AUTHENTICATE ( $auth ) COMMENT 'x'",  # noqa: E501
    "DEFINE ACCESS a ON DB TYPE RECORD SIGNIN { RETURN 1; }",
    "DEFINE ACCESS a ON DB TYPE RECORD SIGNIN SELECT * FROM user",
    'DEFINE ACCESS a ON DB TYPE RECORD SIGNIN (SELECT * FROM user WHERE name = "bob")',
    "DEFINE ACCESS a ON DB TYPE RECORD SIGNIN fn::signin($user, $pass)",
    "DEFINE ACCESS a ON NS TYPE BEARER FOR USER",
    "DEFINE ACCESS a ON ROOT TYPE JWT ALGORITHM HS256 KEY 's' DURATION FOR SESSION 1h",
    "DEFINE ACCESS a ON ROOT",
]

_HS = "KEY '[REDACTED]' WITH ISSUER KEY '[REDACTED]'"
_T1 = "DURATION FOR TOKEN 1h, FOR SESSION NONE"
_REC = f"TYPE RECORD WITH JWT ALGORITHM HS512 {_HS}"

#: ``IN`` -> ``OUT`` for every line of :data:`SPECIAL`, as recorded in reference §2.2.
SPECIAL_EXPECTED: dict[str, str] = dict(
    zip(
        SPECIAL,
        [
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 {_HS} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://example.com/.well-known/jwks.json'"
            " DURATION FOR SESSION NONE",
            "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://example.com/jwks.json'"
            f" WITH ISSUER KEY '[REDACTED]' {_T1}",
            f"DEFINE ACCESS a ON DATABASE {_REC} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNUP (CREATE user SET email = $email)"
            " SIGNIN (SELECT * FROM user WHERE email = $email) WITH JWT ALGORITHM HS512"
            f" {_HS} DURATION FOR TOKEN 18m, FOR SESSION 12h",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256"
            f" {_HS} DURATION FOR TOKEN 1h, FOR SESSION 1w",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH REFRESH WITH JWT ALGORITHM HS512"
            f" {_HS} DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH REFRESH WITH JWT ALGORITHM HS256"
            f" {_HS} DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE",
            "DEFINE ACCESS a ON DATABASE TYPE BEARER FOR USER"
            " DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE",
            "DEFINE ACCESS a ON DATABASE TYPE BEARER FOR RECORD"
            " DURATION FOR GRANT 12w6d, FOR TOKEN 1h, FOR SESSION NONE",
            "DEFINE ACCESS a ON DATABASE TYPE BEARER FOR USER"
            " DURATION FOR GRANT NONE, FOR TOKEN NONE, FOR SESSION NONE",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            " AUTHENTICATE { IF $token.email != 'x' { THROW 'no' } }"
            " DURATION FOR TOKEN 1h, FOR SESSION 1h30m COMMENT 'hello'",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            f" AUTHENTICATE (IF $token.x {{ RETURN NONE }} ELSE {{ THROW 'bad' }}) {_T1}",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            f" AUTHENTICATE {{ LET $x = 1; RETURN $x; }} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM ES384 KEY 'k'"
            " DURATION FOR SESSION 1y2w3d4h5m6s7ms",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            " DURATION FOR TOKEN 1h, FOR SESSION 1d1h1m1s1ms1µs1ns",
            f"DEFINE ACCESS `my-access` ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
            f"DEFINE ACCESS `select` ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
            "DEFINE ACCESS from ON DATABASE TYPE BEARER FOR USER"
            " DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE",
            f"DEFINE ACCESS `weird name` ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
            f"DEFINE ACCESS strname ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}"
            ' COMMENT "dq \\"x\\" \'y\'"',
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}"
            " COMMENT 'multi\\nline'",
            f"DEFINE ACCESS a ON DATABASE {_REC} {_T1}",
            f"DEFINE ACCESS a ON DATABASE {_REC} DURATION FOR TOKEN 1h, FOR SESSION 5m",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            " DURATION FOR TOKEN 1h30m, FOR SESSION NONE",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            " DURATION FOR TOKEN 1h, FOR SESSION 2h",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS}"
            " DURATION FOR TOKEN 1h, FOR SESSION 0ns",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1} COMMENT 'NULL'",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'x' DURATION FOR SESSION NONE",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNUP (CREATE user)"
            f" SIGNIN (SELECT * FROM user) WITH JWT ALGORITHM HS512 {_HS}"
            f" AUTHENTICATE $auth {_T1} COMMENT 'x'",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNIN { RETURN 1 }"
            f" WITH JWT ALGORITHM HS512 {_HS} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user)"
            f" WITH JWT ALGORITHM HS512 {_HS} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user WHERE name = 'bob')"
            f" WITH JWT ALGORITHM HS512 {_HS} {_T1}",
            "DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNIN fn::signin($user, $pass)"
            f" WITH JWT ALGORITHM HS512 {_HS} {_T1}",
            "DEFINE ACCESS a ON NAMESPACE TYPE BEARER FOR USER"
            " DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE",
            f"DEFINE ACCESS a ON ROOT TYPE JWT ALGORITHM HS256 {_HS}"
            " DURATION FOR TOKEN 1h, FOR SESSION 1h",
            f"DEFINE ACCESS a ON ROOT {_REC} {_T1}",
        ],
        strict=True,
    )
)

_ES512_MESSAGE = (
    "The ES512 algorithm is not currently supported. Please use ES384 or another supported"
    " algorithm"
)

#: The §2.2 rejection inputs (``...`` completed) -> the first line of the engine's message.
SPECIAL_REJECTED: dict[str, str] = dict(
    [
        (
            "DEFINE ACCESS a ON NS TYPE RECORD",
            "Parse error: Unexpected token `RECORD`, expected a valid access type at this level",
        ),
        (
            "DEFINE ACCESS a ON NS TYPE BEARER FOR RECORD",
            "Parse error: Unexpected token `RECORD`, expected USER",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE BEARER FOR NOBODY",
            "Parse error: Unexpected token `an identifier`, expected USER or RECORD",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE BEARER",
            "Parse error: Unexpected end of file, expected FOR",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT",
            "Parse error: Unexpected end of file, expected `ALGORITHM`, or `URL`",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE RECORD WITH ISSUER KEY 'a'",
            "Parse error: Unexpected token `ISSUER`, expected JWT or REFRESH",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'a' WITH ISSUER ALGORITHM HS512 "
            "KEY 'a'",
            "Parse error: Unexpected token `HS512`, expected a compatible algorithm or no "
            "algorithm",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k' WITH REFRESH",
            "Parse error: Unexpected token `REFRESH`, expected ISSUER",
        ),
        (
            "DEFINE ACCESS a ON DB DURATION FOR FOO 1h",
            "Parse error: Unexpected token `an identifier`, expected GRANT, TOKEN or SESSIONS",
        ),
        (
            "DEFINE ACCESS a ON SCOPE TYPE JWT ALGORITHM HS256 KEY 's'",
            "Parse error: Unexpected token `an identifier`, expected 'NAMESPACE', 'DATABASE' or "
            "'ROOT'",
        ),
        (
            "DEFINE ACCESS a TYPE JWT ALGORITHM HS256 KEY 's'",
            "Parse error: Unexpected token `TYPE`, expected ON",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES512 KEY 'a'",
            _ES512_MESSAGE,
        ),
        (
            "DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'a' WITH ISSUER KEY "
            "'b'",
            "Invalid query: Symmetric algorithm HS256 requires the same key for signing and "
            "verification. Use the same key value for both KEY and WITH ISSUER KEY clauses, or "
            "omit WITH ISSUER KEY.",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE RECORD DURATION FOR TOKEN NONE",
            "Tokens issued by record access methods can be consumed by third parties and must "
            "have an expiration; DURATION FOR TOKEN cannot be NONE on TYPE RECORD access",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' DURATION FOR SESSION NULL",
            "Could not cast into `duration` using input `NULL`",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 123",
            "Expected `string` but found `123`",
        ),
    ]
)


def _printed(value: str) -> str:
    """How the engine prints a key or URL string that contains no quote characters."""
    return "'" + value.replace("\\", "\\\\").replace("\n", "\\n") + "'"


def special_with_params() -> list[tuple[str, str, str]]:
    """The §2.2 pairs that use ``$pub``-style parameters, as ``(prelude, statement, expected)``.

    The prelude binds ``$pub``/``$priv`` (RSA), ``$edpub``, ``$ecpub`` (P-256), ``$nm`` and
    ``$k`` (an RSA public key with whitespace around it) with ``LET``.
    """
    prelude = "".join(
        f"LET ${name} = {sql_string(value)};\n"
        for name, value in (
            ("pub", RSA_PUB),
            ("priv", RSA_PRIV),
            ("edpub", ED_PUB),
            ("ecpub", EC256_PUB),
            ("nm", "param_name"),
            ("k", "\n   " + RSA_PUB + "\n\n"),
        )
    )
    rsa_ = _printed(RSA_PUB)
    pairs = [
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM RS256 KEY $pub",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM RS256 KEY {rsa_}"
            " DURATION FOR SESSION NONE",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM RS256 KEY $pub WITH ISSUER ALGORITHM RS256"
            " KEY $priv DURATION FOR TOKEN 15m",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM RS256 KEY {rsa_} WITH ISSUER KEY"
            " '[REDACTED]' DURATION FOR TOKEN 15m, FOR SESSION NONE",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM RS256 KEY $pub WITH ISSUER KEY"
            " $priv WITH REFRESH DURATION FOR GRANT 15d FOR TOKEN 1m FOR SESSION 2h",
            f"DEFINE ACCESS a ON DATABASE TYPE RECORD WITH REFRESH WITH JWT ALGORITHM RS256 KEY"
            f" {rsa_} WITH ISSUER KEY '[REDACTED]' DURATION FOR GRANT 2w1d, FOR TOKEN 1m,"
            " FOR SESSION 2h",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE BEARER FOR RECORD WITH JWT ALGORITHM RS256 KEY $pub"
            " WITH ISSUER KEY $priv",
            "DEFINE ACCESS a ON DATABASE TYPE BEARER FOR RECORD"
            " DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE",
        ),
        (
            "DEFINE ACCESS a ON DB COMMENT 'c' DURATION FOR SESSION 1d TYPE JWT ALGORITHM EDDSA"
            " KEY $edpub",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM EDDSA KEY {_printed(ED_PUB)}"
            " DURATION FOR SESSION 1d COMMENT 'c'",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES256 KEY $ecpub"
            " DURATION FOR TOKEN 3600s, FOR SESSION 86400s",
            f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM ES256 KEY {_printed(EC256_PUB)}"
            " DURATION FOR SESSION 1d",
        ),
        (
            "DEFINE ACCESS $nm ON DB TYPE JWT ALGORITHM HS256 KEY 's'",
            f"DEFINE ACCESS param_name ON DATABASE TYPE JWT ALGORITHM HS256 {_HS} {_T1}",
        ),
        (
            "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM RS256 KEY $k",
            "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM RS256 KEY"
            f" {_printed(chr(10) + '   ' + RSA_PUB + chr(10) + chr(10))}"
            " DURATION FOR SESSION NONE",
        ),
    ]
    return [(prelude, statement, expected) for statement, expected in pairs]


# --------------------------------------------------------------------------- building blocks

_BASES = ["ROOT", "NAMESPACE", "NS", "DATABASE", "DB"]
_DB_BASES = ["DATABASE", "DB"]
_SYMMETRIC = ["HS256", "HS384", "HS512"]
_ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EDDSA"]
_ALGORITHMS = [*_SYMMETRIC, *_ASYMMETRIC, "ES512"]
_ALG_SPELLINGS = {
    "HS256": ["hs256", "Hs256"],
    "HS384": ["hs384"],
    "HS512": ["hs512", "hS512"],
    "RS256": ["rs256", "Rs256"],
    "RS384": ["rs384"],
    "RS512": ["rs512"],
    "PS256": ["ps256"],
    "PS384": ["Ps384"],
    "PS512": ["ps512"],
    "ES256": ["es256"],
    "ES384": ["Es384"],
    "ES512": ["es512"],
    "EDDSA": ["EdDSA", "eddsa", "EDdsa"],
}

_PLAIN_NAMES = ["a", "api", "my_access", "users", "account", "_priv", "A1", "auth_v2", "x123"]
#: Keywords that the engine accepts as bare identifiers (and prints bare).
_KEYWORD_NAMES = [
    "from", "jwt", "type", "on", "duration", "access", "token", "session", "grant", "key",
    "url", "signin", "signup", "bearer", "record", "comment", "issuer", "algorithm", "refresh",
    "user", "authenticate", "root", "namespace", "database",
]  # fmt: skip
_QUOTED_NAMES = [
    "`select`", "`true`", "`none`", "`for`", "`if`", "`define`", "`return`", "`my-access`",
    "`weird name`", "`with\\`tick`", "`back\\\\slash`", "`123abc`", "`ünï`", "``", "`from`",
    "`a`", "⟨weird name⟩", "⟨a-b⟩", "⟨select⟩", "⟨plain⟩", "'strname'", '"dqname"',
    "'has space'", "''", "'select'",
]  # fmt: skip
_BAD_NAMES = ["a.b", "1", "NONE", "[1]", "{a: 1}", "for", "ünï", "a-b", "1a2", "true"]

_HS_KEYS = [
    "'secret'", '"secret"', "'s'", "'k'", "'a'", "'it\\'s'", '"say \\"hi\\""',
    "'line\\nbreak'", "'tab\\there'", "'back\\\\slash'", "'aé日本🚀'", "'a\\u00e9b'",
    "'a\\u{1F600}b'", '"dq with \'single\'"', "''", "'" + "x" * 80 + "'",
    "'sup3r-s3cr3t-k3y-0123456789'", "'a' + 'b'", "string::concat('a', 'b')", "<string> 42",
]  # fmt: skip
_URLS = [
    "'https://example.com/.well-known/jwks.json'", "'https://example.com/jwks.json'",
    '"http://localhost:8080/jwks"', "'x'", "''", "123", "NONE",
    "'https://auth.example.com/realms/main/protocol/openid-connect/certs?x=1&y=2'",
    "'https://example.com/' + 'jwks'",
]  # fmt: skip

_SIGNUPS = [
    "(CREATE user SET email = $email, pass = crypto::argon2::generate($pass))",
    "(CREATE user CONTENT { email: $email, pass: crypto::argon2::generate($pass) })",
    "( CREATE user )",
    "(CREATE user SET email = $email)",
    "CREATE user SET email = $email",
    "{ RETURN CREATE user SET email = $email; }",
    "fn::signup($email, $pass)",
    "fn::x($a, $b)",
    "{ IF !$email { THROW 'email required' }; RETURN (CREATE user SET email = $email); }",
    "(UPSERT user:[$email] SET email = $email, created = time::now())",
    "THROW 'signups are closed'",
]  # fmt: skip
_SIGNINS = [
    "(SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))",
    "(SELECT * FROM user WHERE email = $email)",
    "( SELECT * FROM user )",
    '(SELECT * FROM user WHERE name = "bob")',
    "SELECT * FROM user WHERE email = $email",
    "SELECT * FROM user",
    "{ RETURN 1; }",
    "{ LET $u = (SELECT * FROM ONLY user WHERE email = $email LIMIT 1); IF !$u { THROW 'no"
    " such user' }; RETURN $u; }",
    "fn::signin($user, $pass)",
    "fn::x($a, $b)",
    "IF $email { (SELECT * FROM user WHERE email = $email) } ELSE { THROW 'missing' }",
    "(SELECT * FROM user WHERE email = $email AND crypto::bcrypt::compare(pass, $pass))",
    "user:[$email]",
]  # fmt: skip
_AUTHENTICATES = [
    "{ IF $token.email != 'x' { THROW 'no' } }",
    "IF $token.x { RETURN NONE } ELSE { THROW 'bad' }",
    "IF $auth.enabled = false { THROW \"disabled\" } ELSE IF $auth.admin { RETURN $auth }"
    " ELSE { RETURN NONE }",
    "( $auth )",
    "$auth",
    "THROW 'forbidden'",
    "RETURN $auth",
    "$token.email",
    '$token["https://x/roles"]',
    "$token.aud CONTAINS 'x'",
    "$token.exp > time::unix()",
    "$token.roles CONTAINSANY ['admin', 'editor']",
    "!$token.disabled",
    "$token.iss = 'https://issuer' AND $token.aud CONTAINS 'api'",
    "{ LET $x = 1; RETURN $x; }",
    "{ IF $auth.enabled = false { THROW \"disabled\" }; RETURN $auth; }",
    "(SELECT * FROM user WHERE email = $token.email)",
    "fn::check($token)",
    "string::starts_with($token.sub, 'user:')",
    "$token.ID",
    "1",
    "{ RETURN (SELECT * FROM ONLY user WHERE id = $auth.id); }",
    "$undefined_param",
]  # fmt: skip
_DURATION_LITERALS = [
    "1h", "15m", "30m", "90m", "1d", "2h", "12h", "7d", "30d", "90d", "365d", "366d", "400d",
    "52w", "1w", "86400s", "3600s", "60m", "120s", "1500ms", "0s", "1us", "1µs", "1ns",
    "1y2w3d4h5m6s7ms", "1d1h1m1s1ms1us1ns", "2w1d", "1y", "100ms", "15d", "1m", "18m",
    "1h1h", "1m1h", "1d24h", "500000000y",
]  # fmt: skip
_DURATION_EXPRS = ["NONE", "1h + 30m", "'2h'", '"90m"', "2d - 1d", "duration::from_hours(2)"]
_BAD_DURATIONS = [
    "NULL", "1", "-1h", "'abc'", "true", "99999999999999999999y", "1.5h", "99999999999999w",
    "'1 hour'", "[1h]",
]  # fmt: skip
_COMMENTS = [
    "'hello'", "'c'", "'x'", '"dq \\"x\\" \'y\'"', "'it\\'s'", "'multi\\nline'",
    "'tab\\there'", "'ünï 日本 🚀'", "'a\\u00e9b'", "''", "NULL", "NONE", "42", "3.14", "-7",
    "[1, 2]", "['a', 'b']", "{a: 1}", "true", "'a' + 'b'", "'back\\\\slash'", "\"it's\"",
    "'Used by the web app'", "d'2024-01-01T00:00:00Z'", "'bs\\b ff\\f nul\\0 cr\\r'",
    "'\\u{e9}\\u00e9'",
]  # fmt: skip


class _Gen:
    """Random building blocks; every choice goes through one seeded ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # ---- small helpers

    def kw(self, word: str) -> str:
        """A keyword, usually upper case, sometimes lower or mixed case."""
        roll = self.r.random()
        if roll < 0.08:
            return word.lower()
        if roll < 0.11:
            return word.capitalize()
        return word

    def words(self, text: str) -> str:
        """Apply :meth:`kw` to each space-separated keyword of ``text``."""
        return " ".join(self.kw(w) for w in text.split(" "))

    def pick(self, items: list[str]) -> str:
        return self.r.choice(items)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def alg(self, name: str) -> str:
        """An algorithm keyword, sometimes spelled in lower or mixed case."""
        if self.chance(0.2):
            return self.pick(_ALG_SPELLINGS[name])
        return name

    # ---- keys

    def public_key(self, alg: str) -> str:
        """A key expression for verifying with ``alg`` (PEM text for asymmetric ones)."""
        if alg in _SYMMETRIC:
            return self.pick(_HS_KEYS)
        if self.chance(0.12):
            return self.pick(["'k'", "'notapem'", "''", "'" + "A" * 40 + "'"])
        pem = {
            "RS": RSA_PUB,
            "PS": RSA_PUB,
            "ES256": EC256_PUB,
            "ES384": EC384_PUB,
            "ES512": EC521_PUB,
            "EDDSA": ED_PUB,
        }
        text = pem.get(alg[:2], pem.get(alg, RSA_PUB))
        if alg[:2] == "RS" and self.chance(0.2):
            text = RSA_PUB_PKCS1
        return sql_string(text, '"' if self.chance(0.15) else "'")

    def private_key(self, alg: str) -> str:
        """A key expression for issuing with asymmetric ``alg``."""
        if self.chance(0.1):
            return self.pick(["'garbage'", "'k'"])
        pem = {"RS": RSA_PRIV, "PS": RSA_PRIV, "ES256": EC256_PRIV, "ES384": EC384_PRIV}
        text = pem.get(alg[:2], pem.get(alg, ED_PRIV))
        return sql_string(text)

    # ---- JWT part

    def issuer(self, alg: str | None, key: str | None, *, valid: bool = True) -> str:
        """``WITH ISSUER`` with zero or more ALGORITHM / KEY items in any order.

        ``alg``/``key`` are the verify algorithm and key (``None`` after ``URL``).
        """
        items: list[str] = []
        if alg is None:  # after URL: any algorithm is allowed
            if self.chance(0.7):
                issuer_alg = self.pick([*_SYMMETRIC, *_ASYMMETRIC])
                items.append(f"{self.kw('ALGORITHM')} {self.alg(issuer_alg)}")
            else:
                issuer_alg = "HS512"
            if self.chance(0.8):
                items.append(
                    f"{self.kw('KEY')} "
                    + (
                        self.pick(_HS_KEYS)
                        if issuer_alg in _SYMMETRIC
                        else self.private_key(issuer_alg)
                    )
                )
        else:
            if self.chance(0.4):
                items.append(f"{self.kw('ALGORITHM')} {self.alg(alg)}")
            if alg in _SYMMETRIC:
                if self.chance(0.6) and key is not None:
                    items.append(f"{self.kw('KEY')} {key}")
            elif self.chance(0.85):
                items.append(f"{self.kw('KEY')} {self.private_key(alg)}")
        self.r.shuffle(items)
        if valid and self.chance(0.05) and items:
            items.append(items[-1])  # a repeated item: last wins
        return " ".join([self.words("WITH ISSUER"), *items])

    def jwt(self, *, allow_es512: bool = False, issuer: bool = True) -> str:
        """``ALGORITHM x KEY k [WITH ISSUER ...]`` or ``URL u [WITH ISSUER ...]``."""
        if self.chance(0.18):
            text = f"{self.kw('URL')} {self.pick(_URLS)}"
            if issuer and self.chance(0.45):
                text += " " + self.issuer(None, None)
            return text
        choices = _ALGORITHMS if allow_es512 else [*_SYMMETRIC, *_SYMMETRIC, *_ASYMMETRIC]
        alg = self.pick(choices)
        key = self.public_key(alg)
        text = f"{self.kw('ALGORITHM')} {self.alg(alg)} {self.kw('KEY')} {key}"
        if issuer and self.chance(0.35):
            text += " " + self.issuer(alg, key)
        return text

    # ---- types

    def record(self) -> str:
        """``RECORD`` with SIGNUP/SIGNIN items, then legal WITH items."""
        form = self.r.choice(
            [
                "none",
                "jwt",
                "refresh",
                "refresh_jwt",
                "jwt_comma_refresh",
                "jwt_issuer_refresh",
                "refresh_comma_jwt",
                "jwt_comma",
            ]
        )
        parts = [self.kw("RECORD")]
        count = self.r.choice([0, 1, 1, 2, 2, 2, 3])
        for index in range(count):
            keyword, expr = (
                ("SIGNUP", self.pick(_SIGNUPS))
                if self.chance(0.5)
                else ("SIGNIN", self.pick(_SIGNINS))
            )
            # A bare SELECT / CREATE swallows a following `WITH` (SELECT ... WITH INDEX):
            # mostly keep bare statements last.
            last = index == count - 1 and form == "none"
            if expr.startswith(("SELECT", "CREATE")) and not last and self.chance(0.85):
                expr = f"({expr})"
            parts.append(f"{self.kw(keyword)} {expr}")
        with_jwt = self.words("WITH JWT")
        refresh = self.words("WITH REFRESH")
        if form == "jwt":
            parts.append(f"{with_jwt} {self.jwt()}")
        elif form == "refresh":
            parts.append(refresh)
        elif form == "refresh_jwt":
            parts.append(f"{refresh} {with_jwt} {self.jwt()}")
        elif form == "refresh_comma_jwt":
            parts.append(f"{refresh}, {with_jwt} {self.jwt()}")
        elif form == "jwt_comma_refresh":
            parts.append(f"{with_jwt} {self.jwt()}, {refresh}")
        elif form == "jwt_issuer_refresh":
            alg = self.pick([*_SYMMETRIC, "RS256", "ES384", "EDDSA"])
            key = self.public_key(alg)
            issuer_key = key if alg in _SYMMETRIC else self.private_key(alg)
            parts.append(
                f"{with_jwt} {self.kw('ALGORITHM')} {self.alg(alg)} {self.kw('KEY')} {key} "
                f"{self.words('WITH ISSUER KEY')} {issuer_key} {refresh}"
            )
        elif form == "jwt_comma":
            parts.append(f"{with_jwt} {self.jwt()},")
        return " ".join(parts)

    def bearer(self, on_db: bool) -> str:
        subject = "RECORD" if on_db and self.chance(0.4) else "USER"
        text = f"{self.words('BEARER FOR')} {self.kw(subject)}"
        if self.chance(0.35):
            text += f" {self.words('WITH JWT')} {self.jwt()}"
        return text

    def access_type(self, on_db: bool) -> tuple[str, str]:
        """A valid ``TYPE ...`` clause; returns (kind, text)."""
        roll = self.r.random()
        if roll < 0.42:
            kind, body = "JWT", f"{self.kw('JWT')} {self.jwt()}"
        elif roll < 0.72 and on_db:
            kind, body = "RECORD", self.record()
        else:
            kind, body = "BEARER", self.bearer(on_db)
        return kind, f"{self.kw('TYPE')} {body}"

    # ---- other clauses

    def duration_value(self) -> str:
        if self.chance(0.78):
            return self.pick(_DURATION_LITERALS)
        return self.pick(_DURATION_EXPRS)

    def duration(self, record: bool) -> str:
        """``DURATION`` with zero or more ``FOR kind value`` items, commas optional."""
        kinds = ["GRANT", "TOKEN", "SESSION"]
        count = self.r.choice([0, 1, 1, 2, 2, 3, 3, 3, 4])
        chosen = [self.pick(kinds) for _ in range(count)]
        if count == 3 and self.chance(0.6):
            chosen = self.r.sample(kinds, 3)
        items: list[str] = []
        for kind in chosen:
            value = self.duration_value()
            if record and kind == "TOKEN" and value == "NONE":
                value = "1h"
            items.append(f"{self.words('FOR ' + kind)} {value}")
        separator = self.r.choice([", ", " ", ", ", " , "])
        text = self.kw("DURATION")
        if items:
            text += " " + separator.join(items)
        if items and self.chance(0.06):
            text += ","  # a trailing comma before the next clause
        return text

    def comment(self) -> str:
        return f"{self.kw('COMMENT')} {self.pick(_COMMENTS)}"

    def authenticate(self) -> str:
        return f"{self.kw('AUTHENTICATE')} {self.pick(_AUTHENTICATES)}"

    def name(self) -> str:
        roll = self.r.random()
        if roll < 0.55:
            return self.pick(_PLAIN_NAMES)
        if roll < 0.72:
            return self.pick(_KEYWORD_NAMES)
        return self.pick(_QUOTED_NAMES)

    def base(self, *, db_bias: float = 0.55) -> str:
        if self.chance(db_bias):
            return self.kw(self.pick(_DB_BASES))
        return self.kw(self.pick(_BASES))

    def define_kind(self) -> str:
        roll = self.r.random()
        if roll < 0.12:
            return self.kw("OVERWRITE") + " "
        if roll < 0.22:
            return self.words("IF NOT EXISTS") + " "
        return ""

    def head(self, name: str | None = None, base: str | None = None) -> tuple[str, str]:
        """``DEFINE ACCESS [kind] name ON base``; returns (text, base)."""
        base = base if base is not None else self.base()
        name = name if name is not None else self.name()
        text = f"{self.words('DEFINE ACCESS')} {self.define_kind()}{name} {self.kw('ON')} {base}"
        return text, base

    # ---- whole statements

    def valid(self) -> str:
        """A statement the engine should accept (a few may still be rejected)."""
        head, base = self.head()
        on_db = base.upper() in _DB_BASES
        clauses: list[str] = []
        kind = "RECORD"
        if self.chance(0.9):
            kind, text = self.access_type(on_db)
            clauses.append(text)
        if self.chance(0.35):
            clauses.append(self.authenticate())
        if self.chance(0.6):
            clauses.append(self.duration(kind == "RECORD"))
        if self.chance(0.3):
            clauses.append(self.comment())
        if len(clauses) > 1 and self.chance(0.45):
            self.r.shuffle(clauses)
        if clauses and self.chance(0.1):
            # Repeat a clause earlier on (the last one wins). A TYPE replaced later by another
            # TYPE is fine too; a RECORD DURATION FOR TOKEN NONE cannot come from here.
            extra = self.r.choice(
                [self.comment(), self.authenticate(), self.duration(kind == "RECORD")]
            )
            clauses.insert(0, extra)
        if self.chance(0.05):
            _, replaced = self.access_type(on_db)
            clauses.insert(0, replaced)
        return " ".join([head, *clauses])

    def invalid(self) -> str:
        """A statement with one deliberate mistake (parse or definition-time error)."""
        return self.r.choice(self._mistakes())()

    def _mistakes(self) -> list[Callable[[], str]]:
        def db_head() -> str:
            return self.head(base=self.kw(self.pick(_DB_BASES)))[0]

        def ns_or_root_head() -> str:
            return self.head(base=self.kw(self.pick(["NS", "NAMESPACE", "ROOT"])))[0]

        def hs_jwt() -> str:
            alg = self.pick(_SYMMETRIC)
            return f"{self.words('TYPE JWT ALGORITHM')} {alg} {self.kw('KEY')} 's'"

        def tail() -> str:
            return self.r.choice(["", " " + self.comment(), " " + self.duration(False)])

        return [
            lambda: f"{ns_or_root_head()} {self.kw('TYPE')} {self.record()}",
            lambda: f"{ns_or_root_head()} {self.words('TYPE BEARER FOR RECORD')}",
            lambda: (
                f"{db_head()} {self.words('TYPE BEARER FOR')} "
                + self.pick(["NOBODY", "USERS", "ROLE", "'user'", "NONE"])
            ),
            lambda: f"{db_head()} {self.words('TYPE BEARER')}" + tail(),
            lambda: f"{db_head()} {self.words('TYPE BEARER WITH JWT')} {self.jwt()}",
            lambda: f"{db_head()} {self.words('TYPE JWT')}" + tail(),
            lambda: f"{db_head()} {self.words('TYPE JWT KEY')} 's'",
            lambda: f"{db_head()} {self.words('TYPE JWT ALGORITHM HS256')}" + tail(),
            lambda: f"{db_head()} {self.words('TYPE JWT URL')}" + tail(),
            lambda: (
                f"{db_head()} {self.words('TYPE JWT ALGORITHM')} "
                + self.pick(["'HS256'", '"RS256"', "none", "HS1024", "RSA", "$alg", "ES"])
                + " KEY 's'"
            ),
            lambda: f"{db_head()} {self.words('TYPE RECORD WITH ISSUER KEY')} 'a'",
            lambda: self._incompatible_issuer(db_head()),
            lambda: self._jwt_then_refresh(db_head()),
            lambda: (
                f"{db_head()} {self.words('TYPE RECORD WITH REFRESH')} "
                + self.pick(["SIGNUP", "SIGNIN"])
                + " (SELECT * FROM user)"
            ),
            lambda: (
                f"{db_head()} {self.words('TYPE RECORD WITH JWT')} {self.jwt()} "
                + self.pick(["SIGNIN", "SIGNUP"])
                + " (CREATE user)"
            ),
            lambda: (
                f"{db_head()} {self.words('TYPE RECORD WITH')} "
                + self.pick(["ALGORITHM HS256 KEY 'k'", "TOKEN", "JWT", "SESSION"])
            ),
            lambda: (
                f"{self.head()[0]} {self.words('DURATION FOR')} "
                + self.pick(["FOO", "TOKENS", "SESSIONS", "ACCESS", "NONE", "'TOKEN'"])
                + " 1h"
            ),
            lambda: f"{self.head()[0]} {self.words('DURATION FOR')}",
            lambda: f"{self.head()[0]} {self.kw('DURATION')} 1h",
            lambda: (
                f"{self.words('DEFINE ACCESS')} {self.name()} {self.kw('ON')} "
                + self.pick(["SCOPE", "TABLE", "user", "NOTHING", "'DB'", "KV"])
                + " "
                + hs_jwt()
            ),
            lambda: f"{self.words('DEFINE ACCESS')} {self.name()} " + hs_jwt(),
            lambda: f"{self.words('DEFINE ACCESS')} {self.name()}",
            lambda: f"{self.words('DEFINE ACCESS ON DB')} " + hs_jwt(),
            lambda: (
                f"{self.words('DEFINE ACCESS IF EXISTS')} {self.name()} "
                f"{self.kw('ON')} {self.base()} " + hs_jwt()
            ),
            lambda: (
                f"{self.words('DEFINE ACCESS OVERWRITE IF NOT EXISTS')} a "
                f"{self.kw('ON')} {self.base()}"
            ),
            lambda: (
                f"{self.words('DEFINE ACCESS IF NOT EXISTS OVERWRITE')} a "
                f"{self.kw('ON')} {self.base()}"
            ),
            lambda: f"{self.words('DEFINE ACCESS OVERWRITE OVERWRITE')} a {self.kw('ON')} DB",
            lambda: (
                f"{self.words('DEFINE ACCESS')} {self.pick(_BAD_NAMES)} {self.kw('ON')} "
                f"{self.base()} " + hs_jwt()
            ),
            lambda: (
                f"{db_head()} {self.kw('TYPE')} "
                + self.pick(["FOO", "SCOPE", "TOKEN", "'JWT'", "NONE"])
                + tail()
            ),
            lambda: self._es512(),
            lambda: self._symmetric_mismatch(),
            lambda: (
                f"{self.head(base=self.kw(self.pick(_DB_BASES)))[0]} "
                + self.pick(["", self.words("TYPE RECORD") + " "])
                + self.words("DURATION FOR TOKEN NONE")
                + self.pick(["", ", " + self.words("FOR SESSION 1h")])
            ),
            lambda: (
                f"{self.head()[0]} {hs_jwt()} {self.words('DURATION FOR')} "
                f"{self.pick(['GRANT', 'TOKEN', 'SESSION'])} {self.pick(_BAD_DURATIONS)}"
            ),
            lambda: (
                f"{db_head()} {self.words('TYPE JWT ALGORITHM HS256 KEY')} "
                + self.pick(["123", "NONE", "NULL", "true", "[1]", "{a: 1}"])
            ),
            lambda: (
                f"{db_head()} {self.words('TYPE JWT ALGORITHM RS256 KEY')}"
                + self.pick(["", " 'k' KEY"])
            ),
            lambda: f"{db_head()} {hs_jwt()} {self.kw('COMMENT')}",
            lambda: f"{db_head()} {hs_jwt()} {self.kw('AUTHENTICATE')}",
            lambda: (
                f"{db_head()} {self.kw('TYPE')} {self.kw('RECORD')} "
                + self.pick(["SIGNIN", "SIGNUP"])
            ),
            lambda: (
                f"{db_head()} {hs_jwt()} "
                + self.pick(
                    [
                        "'unterminated",
                        "COMMENT 'unterminated",
                        "WITH",
                        "GARBAGE",
                        "DURATION FOR SESSION 1h FOR",
                        "COMMENT 'a' 'b'",
                        "PERMISSIONS FULL",
                        "SIGNIN (SELECT * FROM user)",
                        "AUTHENTICATE {",
                        "COMMENT 'tab\\q'",
                        "COMMENT 'json\\/slash'",
                        "; x y",
                    ]
                )
            ),
            lambda: (
                f"{db_head()} {self.words('TYPE BEARER FOR USER WITH JWT')} {self.jwt()} "
                + self.words("WITH JWT ALGORITHM HS256 KEY 'k'")
            ),
            lambda: f"{db_head()} {self.words('TYPE BEARER FOR USER WITH REFRESH')}",
            lambda: f"{self.words('DEFINE ACCESSS')} a {self.kw('ON')} DB " + hs_jwt(),
            lambda: f"{self.words('DEFINE')} a {self.kw('ON')} DB " + hs_jwt(),
        ]

    def _incompatible_issuer(self, head: str) -> str:
        alg = self.pick(_ALGORITHMS)
        other = self.pick([a for a in _ALGORITHMS if a != alg])
        key = self.public_key(alg)
        issuer_key = key if alg in _SYMMETRIC else self.private_key(alg)
        items = [f"{self.kw('ALGORITHM')} {self.alg(other)}", f"{self.kw('KEY')} {issuer_key}"]
        if self.chance(0.5):
            items.reverse()
        prefix = self.pick(["TYPE JWT", "TYPE RECORD WITH JWT", "TYPE BEARER FOR USER WITH JWT"])
        return (
            f"{head} {self.words(prefix)} {self.kw('ALGORITHM')} {self.alg(alg)} "
            f"{self.kw('KEY')} {key} {self.words('WITH ISSUER')} " + " ".join(items)
        )

    def _jwt_then_refresh(self, head: str) -> str:
        """``WITH JWT <jwt> WITH REFRESH``: the second WITH is read as ``WITH ISSUER``."""
        return (
            f"{head} {self.kw('TYPE')} {self.kw('RECORD')} {self.words('WITH JWT')} "
            f"{self.jwt(issuer=False)} {self.words('WITH REFRESH')}"
        )

    def _es512(self) -> str:
        """ES512 in any JWT position: a definition-time error."""
        head = self.head(base=self.kw(self.pick(_DB_BASES)))[0]
        alg = self.alg("ES512")
        key = self.public_key("ES512")
        where = self.r.choice(["verify", "issuer_url", "record", "bearer", "issuer_same"])
        if where == "verify":
            body = f"{self.words('TYPE JWT ALGORITHM')} {alg} {self.kw('KEY')} {key}"
        elif where == "issuer_url":
            body = (
                f"{self.words('TYPE JWT URL')} 'https://example.com/jwks.json' "
                f"{self.words('WITH ISSUER ALGORITHM')} {alg} {self.kw('KEY')} 'k'"
            )
        elif where == "record":
            body = f"{self.words('TYPE RECORD WITH JWT ALGORITHM')} {alg} {self.kw('KEY')} {key}"
        elif where == "bearer":
            body = (
                f"{self.words('TYPE BEARER FOR USER WITH JWT ALGORITHM')} {alg} "
                f"{self.kw('KEY')} {key}"
            )
        else:
            body = (
                f"{self.words('TYPE JWT ALGORITHM')} {alg} {self.kw('KEY')} {key} "
                f"{self.words('WITH ISSUER ALGORITHM')} {alg} {self.kw('KEY')} 'priv'"
            )
        return f"{head} {body}"

    def _symmetric_mismatch(self) -> str:
        """An HS* method whose issuer key differs from the verify key."""
        head = self.head(base=self.kw(self.pick(_DB_BASES)))[0]
        alg = self.pick(_SYMMETRIC)
        key, other = self.r.sample(["'a'", "'b'", "'secret'", "'Secret'", "'secret '"], 2)
        if self.chance(0.2):
            key, other = "rand::string(20)", ""
        prefix = self.pick(["TYPE JWT", "TYPE RECORD WITH JWT", "TYPE BEARER FOR USER WITH JWT"])
        text = f"{head} {self.words(prefix)} {self.kw('ALGORITHM')} {alg} {self.kw('KEY')} {key}"
        if other:
            text += f" {self.words('WITH ISSUER')} "
            items = [f"{self.kw('KEY')} {other}"]
            if self.chance(0.4):
                items.append(f"{self.kw('ALGORITHM')} {alg}")
                self.r.shuffle(items)
            text += " ".join(items)
        return text

    # ---- fixed coverage block

    def coverage(self) -> list[str]:
        """Statements that name every form at least once (plus §2.2 as written)."""
        out: list[str] = []
        add = out.append
        hs = "TYPE JWT ALGORITHM HS256 KEY 's'"
        for base in [*_BASES, "root", "ns", "Database", "db"]:
            add(f"DEFINE ACCESS a ON {base} {hs}")
            add(f"DEFINE ACCESS a ON {base} TYPE BEARER FOR USER")
            add(f"DEFINE ACCESS a ON {base}")
        for base in _BASES:
            add(f"DEFINE ACCESS a ON {base} TYPE RECORD")
            add(f"DEFINE ACCESS a ON {base} TYPE BEARER FOR RECORD")
        for kind in ["OVERWRITE ", "IF NOT EXISTS ", "overwrite ", "if not exists ", ""]:
            add(f"DEFINE ACCESS {kind}a ON DB TYPE BEARER FOR USER")
        bodies = [hs, "TYPE BEARER FOR USER", "TYPE RECORD", "TYPE JWT URL 'x'", ""]
        for name in [*_PLAIN_NAMES, *_KEYWORD_NAMES, *_QUOTED_NAMES, *_BAD_NAMES]:
            add(f"DEFINE ACCESS {name} ON DB {self.pick(bodies)}".rstrip())
        for alg in _ALGORITHMS:
            for spelling in [alg, *_ALG_SPELLINGS[alg]]:
                add(
                    f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {spelling} KEY "
                    f"{self.public_key(alg)}"
                )
        for alg in _ASYMMETRIC:
            pub = sql_string(
                {
                    "RS": RSA_PUB,
                    "PS": RSA_PUB,
                    "ES": EC384_PUB if alg == "ES384" else EC256_PUB,
                    "ED": ED_PUB,
                }[alg[:2]]
            )
            priv = sql_string(
                {
                    "RS": RSA_PRIV,
                    "PS": RSA_PRIV,
                    "ES": EC384_PRIV if alg == "ES384" else EC256_PRIV,
                    "ED": ED_PRIV,
                }[alg[:2]]
            )
            issuer = self.pick(
                [
                    f"KEY {priv}",
                    f"KEY {priv} ALGORITHM {alg}",
                    f"ALGORITHM {alg} KEY {priv}",
                    "",
                    f"ALGORITHM {alg}",
                ]
            )
            add(
                f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY {pub} "
                f"WITH ISSUER {issuer}".rstrip()
            )
        for key in _HS_KEYS:
            add(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS384 KEY {key}")
        for quote in ["'", '"']:
            add(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM RS256 KEY {sql_string(RSA_PUB, quote)}")
        # Real newlines inside a PEM literal: the newline is the point here.
        add(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM RS256 KEY '{RSA_PUB}'")
        add(
            f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM EDDSA KEY '{ED_PUB}' "
            f"WITH ISSUER KEY '{ED_PRIV}'"
        )
        for url in _URLS:
            add(f"DEFINE ACCESS a ON DB TYPE JWT URL {url}")
        for alg in _ALGORITHMS:
            add(
                f"DEFINE ACCESS a ON DB TYPE JWT URL 'https://example.com/jwks.json' "
                f"WITH ISSUER ALGORITHM {alg} KEY 'k'"
            )
        add("DEFINE ACCESS a ON DB TYPE JWT URL 'x' WITH ISSUER")
        add("DEFINE ACCESS a ON DB TYPE JWT URL 'x' WITH ISSUER KEY 'k'")
        add("DEFINE ACCESS a ON DB TYPE JWT URL 'x' WITH ISSUER KEY 'k' ALGORITHM RS256")
        for issuer in [
            "WITH ISSUER",
            "WITH ISSUER KEY 's'",
            "WITH ISSUER ALGORITHM HS256",
            "WITH ISSUER ALGORITHM HS256 KEY 's'",
            "WITH ISSUER KEY 's' ALGORITHM HS256",
            'WITH ISSUER KEY "s"',
            "WITH ISSUER KEY 't'",
            "WITH ISSUER ALGORITHM HS512",
            "WITH ISSUER KEY 's' KEY 's'",
            "WITH ISSUER ALGORITHM RS256 KEY 's'",
        ]:
            add(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' {issuer}")
        for alg in _SYMMETRIC:
            add(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY rand::string(20)")
            add(
                f"DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM {alg} KEY 'a' "
                "WITH ISSUER KEY 'b'"
            )
        for signup in _SIGNUPS:
            add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNUP {signup}")
        for signin in _SIGNINS:
            add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN {signin}")
        s1, s2 = _SIGNINS[0], _SIGNINS[1]
        u1 = _SIGNUPS[0]
        add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN {s1} SIGNIN {s2}")
        add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN {s1} SIGNUP {u1} SIGNIN {s2}")
        add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNUP {u1} SIGNUP ( CREATE user )")
        add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN SELECT * FROM user SIGNUP {u1}")
        add("DEFINE ACCESS a ON DB TYPE RECORD SIGNIN SELECT * FROM user SIGNUP CREATE user")
        jwt = "ALGORITHM HS256 KEY 'k'"
        for with_items in [
            "WITH REFRESH",
            f"WITH JWT {jwt}",
            f"WITH REFRESH WITH JWT {jwt}",
            f"WITH REFRESH, WITH JWT {jwt}",
            f"WITH JWT {jwt}, WITH REFRESH",
            f"WITH JWT {jwt} , WITH REFRESH",
            f"WITH JWT {jwt} WITH ISSUER KEY 'k' WITH REFRESH",
            f"WITH JWT {jwt} WITH ISSUER WITH REFRESH",
            f"WITH JWT {jwt} WITH REFRESH",
            f"WITH JWT {jwt} WITH JWT {jwt}",
            f"WITH JWT {jwt}, WITH JWT ALGORITHM HS384 KEY 'j'",
            "WITH REFRESH WITH REFRESH",
            "WITH REFRESH,",
            f"WITH JWT {jwt},",
            "WITH JWT URL 'https://example.com/jwks.json', WITH REFRESH",
            f"WITH REFRESH SIGNUP {u1}",
            f"WITH JWT {jwt} SIGNIN {s1}",
            "WITH ISSUER KEY 'a'",
            "WITH",
        ]:
            if self.chance(0.5):
                add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN {s1} {with_items}")
            else:
                add(f"DEFINE ACCESS a ON DB TYPE RECORD {with_items} DURATION FOR SESSION 1h")
        for subject in ["USER", "RECORD"]:
            for jwt_part in [
                "",
                f" WITH JWT {jwt}",
                " WITH JWT URL 'u'",
                f" WITH JWT ALGORITHM RS256 KEY {sql_string(RSA_PUB)} "
                f"WITH ISSUER KEY {sql_string(RSA_PRIV)}",
            ]:
                add(f"DEFINE ACCESS a ON DB TYPE BEARER FOR {self.kw(subject)}{jwt_part}")
        add("DEFINE ACCESS a ON NS TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY 'k'")
        add("DEFINE ACCESS a ON ROOT TYPE BEARER FOR USER DURATION FOR GRANT 1d")
        for auth in _AUTHENTICATES:
            add(f"DEFINE ACCESS a ON DB {hs} AUTHENTICATE {auth}")
        add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN {s1} AUTHENTICATE {_AUTHENTICATES[3]}")
        for i in range(0, len(_DURATION_LITERALS), 3):
            grant, token, session = (_DURATION_LITERALS * 2)[i : i + 3]
            add(
                f"DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION FOR GRANT {grant}, "
                f"FOR TOKEN {token}, FOR SESSION {session}"
            )
        for value in [*_DURATION_EXPRS, *_BAD_DURATIONS]:
            add(f"DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION FOR SESSION {value}")
        for kind in ["GRANT", "TOKEN", "SESSION"]:
            for type_ in [
                "TYPE BEARER FOR USER",
                hs,
                "TYPE JWT ALGORITHM RS256 KEY 'k'",
                "TYPE RECORD",
                "TYPE RECORD WITH REFRESH",
            ]:
                add(f"DEFINE ACCESS a ON DB {type_} DURATION FOR {kind} 2h")
                add(f"DEFINE ACCESS a ON DB {type_} DURATION FOR {kind} NONE")
        for order in [
            ("GRANT", "TOKEN", "SESSION"),
            ("SESSION", "TOKEN", "GRANT"),
            ("TOKEN", "SESSION", "GRANT"),
            ("SESSION", "GRANT", "TOKEN"),
        ]:
            for sep in [", ", " ", " , "]:
                items = sep.join(
                    f"FOR {k} {v}" for k, v in zip(order, ["1d", "2h", "3m"], strict=True)
                )
                add(f"DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION {items}")
        add("DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION FOR TOKEN 1h FOR TOKEN 5m")
        add(
            "DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION FOR TOKEN 1h DURATION FOR TOKEN 2h"
        )
        add("DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION")
        add(
            "DEFINE ACCESS a ON DB DURATION FOR TOKEN 1h, FOR SESSION 2h, TYPE JWT "
            "ALGORITHM HS256 KEY 's'"
        )
        add("DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION FOR SESSION 1h,")
        add("DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION, FOR SESSION 1h")
        add("DEFINE ACCESS a ON DB TYPE BEARER FOR USER DURATION FOR SESSION 1h,, FOR TOKEN 1h")
        for value in _COMMENTS:
            add(f"DEFINE ACCESS a ON DB TYPE BEARER FOR USER COMMENT {value}")
        add(f"DEFINE ACCESS a ON DB {hs} COMMENT 'one' COMMENT 'two'")
        add(f"DEFINE ACCESS a ON DB {hs} AUTHENTICATE 1 AUTHENTICATE 2")
        add(f"DEFINE ACCESS a ON DB {hs} TYPE RECORD")
        add(f"DEFINE ACCESS a ON DB TYPE RECORD SIGNIN {s1} WITH REFRESH TYPE RECORD SIGNUP {u1}")
        add("DEFINE ACCESS a ON DB TYPE BEARER FOR USER TYPE JWT URL 'x'")
        add("DEFINE ACCESS a ON NS TYPE JWT URL 'x' TYPE BEARER FOR USER")
        add(f"DEFINE ACCESS a ON DB COMMENT 'c' AUTHENTICATE $auth DURATION FOR SESSION 1d {hs}")
        add("DEFINE ACCESS a ON DB COMMENT 'c'")
        # Oddities: KV is a synonym of ROOT; a bare identifier evaluates to NONE.
        add("DEFINE ACCESS a ON KV TYPE BEARER FOR USER")
        add("DEFINE ACCESS a ON DB TYPE JWT URL foo")
        add("DEFINE ACCESS a ON DB TYPE JWT URL DURATION")
        add(f"DEFINE ACCESS a ON DB {hs} COMMENT foo")
        add("DEFINE ACCESS a ON DB COMMENT COMMENT")
        add("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY s")
        add("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES KEY 's'")
        add("DEFINE ACCESS a ON ROOT DURATION FOR SESSION 5m COMMENT 'root record'")
        # Whitespace: newlines and tabs between the parts (the newline is the point).
        add(f"DEFINE ACCESS a\nON DB\n{hs}\nDURATION FOR SESSION 1h")
        add(f"DEFINE\tACCESS\ta\tON\tDB\t{hs}")
        add(f"  DEFINE ACCESS a ON DB {hs}  ")
        add(f"DEFINE ACCESS a ON DB {hs};")
        add(f"DEFINE ACCESS a ON DB {hs}\nCOMMENT 'x\ny' TYPE FOO")
        add(f"DEFINE ACCESS a ON DB {hs} -- trailing comment")
        add(f"DEFINE ACCESS a ON DB /* inline */ {hs}")
        # In a fresh database OVERWRITE and IF NOT EXISTS change nothing, so sprinkle them (and
        # lower-case keywords) over the block above.
        for index, text in enumerate(out):
            if not text.startswith("DEFINE ACCESS ") or self.chance(0.8):
                continue
            rest = text[len("DEFINE ACCESS ") :]
            if rest.upper().startswith(("OVERWRITE ", "IF ")):
                continue
            out[index] = f"{self.words('DEFINE ACCESS')} {self.define_kind() or 'OVERWRITE '}{rest}"
        # Every §2.2 rejection, and each kind of mistake.
        out.extend(SPECIAL_REJECTED)
        for mistake in self._mistakes():
            add(mistake())
        return out


_REJECTED_TARGET = 0.3
_COVERAGE_REJECTED = 0.23


def generate(count: int = 600, seed: int = 2) -> list[str]:
    """Return ``count`` distinct ``DEFINE ACCESS`` statement texts, deterministic for ``seed``.

    The list starts with the fixed coverage block (when ``count`` is smaller than that block,
    a seeded sample of it, in order) and is filled up with random statements: either a
    statement meant to be accepted (:meth:`_Gen.valid`, >99% are) or one with a deliberate
    mistake (:meth:`_Gen.invalid`, >99% are rejected), mixed so that the whole list comes out
    near 70% accepted / 30% rejected.
    """
    rng = random.Random(seed)
    gen = _Gen(rng)
    core: list[str] = []
    seen: set[str] = set()
    for text in gen.coverage():
        if text not in seen:
            seen.add(text)
            core.append(text)
    if count <= len(core):
        keep = sorted(rng.sample(range(len(core)), count))
        return [core[i] for i in keep]
    out = core
    # About 23% of the coverage block is rejected by the engine; pick the share of mistakes in
    # the random part so that the whole list comes out near 30% rejected at any ``count``.
    share = (_REJECTED_TARGET * count - _COVERAGE_REJECTED * len(core)) / (count - len(core))
    share = min(max(share, 0.2), 0.6)
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        text = gen.invalid() if rng.random() < share else gen.valid()
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out
