"""Every lint rule: table-driven pass and fail cases, plus the examples of its docs page."""

from __future__ import annotations

import re
from functools import cache

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

import surrealaccess as sa
from surrealaccess import ast
from surrealaccess.lint import LintConfig, all_rules, lint
from surrealaccess.lint.rules._keys import entropy_bits
from surrealaccess.lint.rules.sa701_unreachable_claim import permission_expressions
from surrealaccess.source import NO_SPAN

ALL = LintConfig(select=("ALL",))
SECRET = "$api_secret"
STRONG = "k3J9x0Qm2Lr7Vt5Wc8Yh1Nb4Pd6Sg0Fa3Ze9Ku2Mx7Rq5Tw8Ly1Hn4Bv6Dc0Gj3Ps9Qa2Xk7Vm5"
SIGNIN = "SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))"


def _pem_public(key: object) -> str:
    assert hasattr(key, "public_key")
    public = key.public_key()
    return public.public_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


@cache
def keys() -> dict[str, str]:
    rsa_small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    rsa_good = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p256 = ec.generate_private_key(ec.SECP256R1())
    p384 = ec.generate_private_key(ec.SECP384R1())
    ed = ed25519.Ed25519PrivateKey.generate()
    return {
        "rsa1024": _pem_public(rsa_small),
        "rsa2048": _pem_public(rsa_good),
        "p256": _pem_public(p256),
        "p384": _pem_public(p384),
        "ed25519": _pem_public(ed),
        "ed_private": ed.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    }


def jwt(alg: str, key: str, tail: str = "") -> str:
    return f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM {alg} KEY {key} {tail};"


def quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def codes(text: str, code: str, config: LintConfig = ALL) -> list[str]:
    return [d.code for d in lint(text, config=config) if d.code == code]


# (code, source, how many diagnostics of that code); sources that take keys are callables.
CASES: list[tuple[str, object, int]] = [
    # SA001 parse-error
    ("SA001", "DEFINE ACCESS a ON DATABASE TYPE JWT KEY 'x';", 1),
    ("SA001", jwt("HS256", SECRET), 0),
    # SA002 definition-error (what check() reports, minus the claimed problems)
    ("SA002", jwt("HS256", "123"), 1),
    ("SA002", jwt("HS256", SECRET) + jwt("HS256", SECRET), 1),  # defined twice
    ("SA002", jwt("HS256", SECRET, "DURATION FOR SESSION NULL"), 1),
    ("SA002", jwt("ES512", SECRET), 0),  # SA114
    ("SA002", "DEFINE SCOPE s SESSION 1h;", 0),  # SA601
    ("SA002", jwt("HS256", SECRET), 0),
    # SA101 hmac-secret-short
    ("SA101", jwt("HS256", "'secret'"), 1),
    ("SA101", jwt("HS256", quoted("x" * 31)), 1),
    ("SA101", jwt("HS384", quoted(STRONG[:47])), 1),
    ("SA101", jwt("HS512", quoted(STRONG[:63])), 1),
    ("SA101", jwt("HS256", quoted(STRONG[:32])), 0),
    ("SA101", jwt("HS256", "' '"), 1),
    ("SA101", jwt("HS256", SECRET), 0),
    ("SA101", jwt("RS256", SECRET), 0),
    ("SA101", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j' WITH ISSUER "
              "KEY 'short';", 1),  # the issuer defaults to HS512
    ("SA101", "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k';", 1),
    # SA102 hmac-secret-empty
    ("SA102", jwt("HS512", "''"), 1),
    ("SA102", jwt("HS512", "'' + ''"), 1),
    ("SA102", jwt("HS512", quoted(STRONG)), 0),
    ("SA102", jwt("ES256", "''"), 0),
    # SA103 hmac-secret-low-entropy
    ("SA103", jwt("HS256", quoted("a" * 60)), 1),
    ("SA103", jwt("HS256", quoted("secret" * 8)), 1),
    ("SA103", jwt("HS256", quoted(STRONG)), 0),
    ("SA103", jwt("HS256", "'short'"), 0),  # SA101 instead
    # SA104 hmac-secret-public-key
    ("SA104", lambda k: jwt("HS256", quoted(k["rsa2048"])), 1),
    ("SA104", jwt("HS256", quoted('{"kty":"RSA","n":"abc","e":"AQAB"}')), 1),
    ("SA104", jwt("HS256", quoted("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA user@example")), 1),
    ("SA104", jwt("HS256", quoted(STRONG)), 0),
    # SA105 literal-secret
    ("SA105", jwt("HS512", quoted(STRONG)), 1),
    ("SA105", jwt("HS512", SECRET), 0),
    ("SA105", lambda k: jwt("RS256", quoted(k["rsa2048"])), 0),  # public keys are not secrets
    ("SA105", lambda k: jwt("EDDSA", quoted(k["ed25519"]),
                            "WITH ISSUER KEY " + quoted(k["ed_private"])), 1),
    ("SA105", jwt("HS512", quoted(STRONG), "WITH ISSUER KEY " + quoted(STRONG)), 1),
    # SA111 private-key-in-key
    ("SA111", lambda k: jwt("EDDSA", quoted(k["ed_private"])), 1),
    ("SA111", lambda k: jwt("EDDSA", quoted(k["ed25519"])), 0),
    ("SA111", lambda k: jwt("EDDSA", quoted(k["ed25519"]),
                            "WITH ISSUER KEY " + quoted(k["ed_private"])), 0),
    # SA112 key-algorithm-mismatch
    ("SA112", lambda k: jwt("RS256", quoted(k["p256"])), 1),
    ("SA112", lambda k: jwt("ES256", quoted(k["p384"])), 1),
    ("SA112", lambda k: jwt("EDDSA", quoted(k["rsa2048"])), 1),
    ("SA112", jwt("RS256", "'notapem'"), 1),
    ("SA112", lambda k: jwt("ES256", quoted(k["p256"])), 0),
    ("SA112", lambda k: jwt("ES384", quoted(k["p384"])), 0),
    ("SA112", lambda k: jwt("PS256", quoted(k["rsa2048"])), 0),
    ("SA112", lambda k: jwt("RS256", quoted(k["rsa1024"])), 0),  # SA113
    # SA113 weak-rsa-key
    ("SA113", lambda k: jwt("RS256", quoted(k["rsa1024"])), 1),
    ("SA113", lambda k: jwt("PS512", quoted(k["rsa1024"])), 1),
    ("SA113", lambda k: jwt("RS256", quoted(k["rsa2048"])), 0),
    # SA114 es512
    ("SA114", jwt("ES512", SECRET), 1),
    ("SA114", "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH JWT ALGORITHM ES512 KEY $k "
              "WITH ISSUER KEY $p;", 1),
    ("SA114", jwt("ES384", SECRET), 0),
    # SA201 jwks-url-not-https
    ("SA201", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'http://idp.example.com/jwks';", 1),
    ("SA201", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'file:///etc/jwks.json';", 1),
    ("SA201", "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH JWT URL 'http://x.example.com/j';",
     1),
    ("SA201", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/jwks';", 0),
    ("SA201", "DEFINE ACCESS a ON DATABASE TYPE JWT URL $jwks_url;", 0),
    # SA202 jwks-url-private-address
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://169.254.169.254/jwks';", 1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://127.0.0.1/jwks';", 1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://[::ffff:127.0.0.1]/j';", 1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://10.0.0.5/jwks';", 1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://2852039166/jwks';", 1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://localhost/jwks';", 1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com@127.0.0.1/j';",
     1),
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'http://127.0.0.1/jwks';", 1),  # + SA201
    ("SA202", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/jwks';", 0),
    # SA203 jwks-unchecked-issuer-audience
    ("SA203", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j';", 1),
    ("SA203", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j' "
              "AUTHENTICATE { IF $token.iss != 'x' { THROW 'no' } };", 1),
    ("SA203", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j' "
              "AUTHENTICATE { IF $token.iss != 'x' OR $token.aud != 'y' { THROW 'no' } };", 0),
    ("SA203", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j' "
              "AUTHENTICATE { IF $session.tk.iss != 'x' OR $token.azp != 'y' { THROW 'no' } };",
     0),
    ("SA203", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j' "
              "ISSUER 'https://idp.example.com/' AUDIENCE 'api';", 0),
    ("SA203", "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/j';"
              "ALTER ACCESS a ON DATABASE AUTHENTICATE { IF $token.iss != 'x' OR "
              "$token[\"aud\"] != 'y' { THROW 'no' } };", 0),
    ("SA203", jwt("HS256", SECRET), 0),
    # SA301 session-never-expires
    ("SA301", jwt("HS256", SECRET, "DURATION FOR SESSION NONE"), 1),
    ("SA301", "DEFINE USER u ON ROOT PASSWORD 'x' ROLES VIEWER DURATION FOR SESSION NONE;", 1),
    ("SA301", "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY $k;"
              "ALTER ACCESS a ON DATABASE DURATION FOR SESSION NONE;", 1),
    ("SA301", jwt("HS256", SECRET, "DURATION FOR SESSION 1h"), 0),
    ("SA301", jwt("HS256", SECRET), 0),
    # SA302 session-expiry-default (off by default)
    ("SA302", jwt("HS256", SECRET), 1),
    ("SA302", "DEFINE USER u ON ROOT PASSWORD 'x' ROLES VIEWER;", 1),
    ("SA302", jwt("HS256", SECRET, "DURATION FOR SESSION 1h"), 0),
    # SA303 long-session
    ("SA303", jwt("HS256", SECRET, "DURATION FOR SESSION 8d"), 1),
    ("SA303", jwt("HS256", SECRET, "DURATION FOR SESSION '30d'"), 1),
    ("SA303", jwt("HS256", SECRET, "DURATION FOR SESSION 7d"), 0),
    ("SA303", jwt("HS256", SECRET, "DURATION FOR SESSION NONE"), 0),  # SA301
    # SA304 long-token
    ("SA304", jwt("HS256", SECRET, "DURATION FOR TOKEN 2d"), 1),
    ("SA304", jwt("HS256", SECRET, "DURATION FOR TOKEN NONE"), 1),
    ("SA304", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER DURATION FOR TOKEN NONE;", 1),
    ("SA304", "DEFINE USER u ON ROOT PASSWORD 'x' ROLES VIEWER DURATION FOR TOKEN 30d;", 1),
    ("SA304", jwt("HS256", SECRET, "DURATION FOR TOKEN 1h"), 0),
    ("SA304", jwt("RS256", SECRET, "DURATION FOR TOKEN NONE"), 0),  # cannot issue: unused
    ("SA304", "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR TOKEN NONE;", 0),  # SA306
    # SA305 long-grant
    ("SA305", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER DURATION FOR GRANT 31d;", 1),
    ("SA305", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER DURATION FOR GRANT NONE;", 1),
    ("SA305", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH DURATION FOR GRANT 90d;", 1),
    ("SA305", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER DURATION FOR GRANT 30d;", 0),
    ("SA305", "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR GRANT 90d;", 0),  # unused
    ("SA305", jwt("HS256", SECRET, "DURATION FOR GRANT 365d"), 0),  # unused on JWT
    # SA306 record-token-none
    ("SA306", "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR TOKEN NONE;", 1),
    ("SA306", "DEFINE ACCESS r ON DATABASE TYPE RECORD; "
              "ALTER ACCESS r ON DATABASE DURATION FOR TOKEN NONE;", 1),
    ("SA306", "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR TOKEN 15m;", 0),
    ("SA306", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER; "
              "ALTER ACCESS b ON DATABASE DURATION FOR TOKEN NONE;", 0),
    # SA401 repeated-clause
    ("SA401", jwt("HS256", SECRET, "DURATION FOR SESSION 1h DURATION FOR SESSION 2h"), 1),
    ("SA401", jwt("HS256", SECRET, "DURATION FOR SESSION 1h, FOR SESSION 2h, FOR SESSION 3h"),
     2),
    ("SA401", jwt("HS256", SECRET, "COMMENT 'a' COMMENT 'b'"), 1),
    ("SA401", jwt("HS256", SECRET, "TYPE RECORD"), 1),
    ("SA401", jwt("HS256", SECRET, "AUTHENTICATE NONE AUTHENTICATE NONE"), 1),
    ("SA401", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT 1 FROM a) "
              "SIGNIN (SELECT 2 FROM b);", 1),
    ("SA401", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS512 KEY $a, "
              "WITH JWT ALGORITHM HS512 KEY $b;", 1),
    ("SA401", "DEFINE USER u ON ROOT PASSWORD 'x' ROLES VIEWER ROLES OWNER;", 1),
    ("SA401", jwt("HS256", SECRET, "DURATION FOR TOKEN 1h, FOR SESSION 2h COMMENT 'a'"), 0),
    ("SA401", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNUP (CREATE a) SIGNIN (SELECT * "
              "FROM a) WITH REFRESH;", 0),
    # SA402 type-omitted
    ("SA402", "DEFINE ACCESS a ON DATABASE;", 1),
    ("SA402", "DEFINE ACCESS a ON ROOT DURATION FOR SESSION 1h;", 1),
    ("SA402", jwt("HS256", SECRET), 0),
    # SA403 refresh-after-jwt
    ("SA403", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS512 KEY $k "
              "WITH REFRESH;", 1),
    ("SA403", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS512 KEY $k, "
              "WITH REFRESH;", 0),
    ("SA403", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH WITH JWT ALGORITHM HS512 "
              "KEY $k;", 0),
    ("SA403", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH ISSUER KEY 'x';", 0),  # SA001
    # SA501 signin-plain-password
    ("SA501", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user WHERE "
              "email = $email AND pass = $pass);", 1),
    ("SA501", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN { LET $u = SELECT * FROM user "
              "WHERE name = $user AND password == $password; RETURN $u; };", 1),
    ("SA501", "DEFINE SCOPE s SIGNIN (SELECT * FROM user WHERE pwd = $pwd);", 1),
    ("SA501", "DEFINE ACCESS r ON DATABASE TYPE RECORD " + SIGNIN + ";", 0),
    ("SA501", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user WHERE "
              "email = $email AND $pass != NONE AND crypto::bcrypt::compare(pass, $pass));", 0),
    ("SA501", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user WHERE "
              "passport = $passport);", 0),
    # SA502 signup-plain-password
    ("SA502", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNUP (CREATE user SET email = $email, "
              "pass = $pass);", 1),
    ("SA502", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNUP (CREATE user CONTENT { "
              "email: $email, password: $password });", 1),
    ("SA502", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNUP (CREATE user SET "
              "pass = crypto::argon2::generate($pass));", 0),
    ("SA502", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNUP { LET $h = "
              "crypto::scrypt::generate($pass); RETURN CREATE user SET password_hash = $h; };",
     0),
    ("SA502", "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNUP (CREATE user CONTENT { "
              "email: $email, pass: crypto::argon2::generate($pass) });", 0),
    # SA503 authenticate-returns-value
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { RETURN true }"), 1),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE true"), 1),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { IF $token.a { RETURN NONE } ELSE "
                                   "{ RETURN NULL } }"), 1),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { $token.a = 1 }"), 1),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { LET $x = 1; (SELECT * FROM a) }"), 1),
    ("SA503", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER AUTHENTICATE { RETURN {} };", 1),
    ("SA503", jwt("HS256", SECRET) + "ALTER ACCESS a ON DATABASE AUTHENTICATE { RETURN 1 };", 1),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { IF $token.a { THROW 'x' }; RETURN NONE }"),
     0),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { IF $token.a { THROW 'x' } }"), 0),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { LET $x = 1 }"), 0),
    ("SA503", jwt("HS256", SECRET, "AUTHENTICATE { RETURN $token.x }"), 0),  # unknown value
    ("SA503", "DEFINE ACCESS r ON DATABASE TYPE RECORD AUTHENTICATE { RETURN user:1 };", 0),
    # SA601 legacy-definition
    ("SA601", "DEFINE SCOPE s SESSION 1h;", 1),
    ("SA601", "DEFINE TOKEN t ON DATABASE TYPE HS512 VALUE $k;", 1),
    ("SA601", "DEFINE TOKEN t ON SCOPE s TYPE HS512 VALUE $k;", 1),
    ("SA601", "DEFINE ACCESS s ON DATABASE TYPE RECORD;", 0),
    # SA701 unreachable-claim
    ("SA701", jwt("HS256", SECRET, "AUTHENTICATE { IF $token.ns != 'x' { THROW 'no' } }"), 1),
    ("SA701", jwt("HS256", SECRET,
                  "AUTHENTICATE { IF $token['https://surrealdb.com/db'] { THROW 'no' } }"), 1),
    ("SA701", jwt("HS256", SECRET, "AUTHENTICATE { IF $auth.email { THROW 'no' } }"), 1),
    ("SA701", "DEFINE ACCESS r ON DATABASE TYPE RECORD AUTHENTICATE { IF $token.email "
              "{ THROW 'x' }; RETURN $auth };", 1),
    ("SA701", "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER AUTHENTICATE { IF "
              "$token.RL CONTAINS 'Owner' { THROW 'no' } };", 0),
    ("SA701", jwt("HS256", SECRET, "AUTHENTICATE { IF $token.NS != 'x' OR $token.email "
                                   "{ THROW 'no' } }"), 0),
    ("SA701", "DEFINE ACCESS r ON DATABASE TYPE RECORD AUTHENTICATE { IF $auth.banned "
              "{ THROW 'x' }; RETURN $auth };", 0),
    ("SA701", "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY $k "
              "AUTHENTICATE { RETURN type::record('user', $token.sub) };", 0),
    ("SA701", jwt("HS256", SECRET, "CLAIMS { tenant: '$.tenant' } AUTHENTICATE { "
                                   "IF $auth.tenant = NONE { THROW 'no' } }"), 0),
    ("SA701", jwt("HS256", SECRET, "CLAIMS { tenant: '$.tenant' } AUTHENTICATE { "
                                   "IF $auth.team = NONE { THROW 'no' } }"), 1),
]


def _source(case: object) -> str:
    return case(keys()) if callable(case) else str(case)


@pytest.mark.parametrize(
    ("code", "source", "count"), CASES,
    ids=[f"{c[0]}-{'fail' if c[2] else 'pass'}-{i}" for i, c in enumerate(CASES)],
)
def test_rule_case(code: str, source: object, count: int) -> None:
    text = _source(source)
    found = codes(text, code)
    assert len(found) == count, [str(d) for d in lint(text, config=ALL)]


def test_every_rule_has_pass_and_fail_cases() -> None:
    failing = {c[0] for c in CASES if c[2]}
    passing = {c[0] for c in CASES if not c[2]} | {"SA003"}  # SA003: tests/test_lint_config.py
    for rule in all_rules():
        if rule.code != "SA003":
            assert rule.code in failing, rule.code
        assert rule.code in passing, rule.code


# ---- the docs examples are test cases too ------------------------------------------------------

_BLOCK = re.compile(r"\*\*(Bad|Good)\*\*\s*```surql\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str, str]]:
    found = []
    for rule in all_rules():
        blocks = _BLOCK.findall(rule.documentation())
        kinds = [kind for kind, _ in blocks]
        assert kinds == ["Bad", "Good"], f"{rule.code} needs one Bad and one Good example"
        found.extend((rule.code, kind, text) for kind, text in blocks)
    return found


@pytest.mark.parametrize(("code", "kind", "text"), _examples(),
                         ids=lambda v: v if isinstance(v, str) and len(v) < 8 else "")
def test_docs_example(code: str, kind: str, text: str) -> None:
    found = codes(text, code)
    if kind == "Bad":
        assert found, f"the Bad example of {code} is not reported"
    else:
        assert not found, f"the Good example of {code} is reported"
        if code != "SA001":
            sa.parse(text)


# ---- pieces ------------------------------------------------------------------------------------


def test_entropy_estimate_is_deterministic_and_ordered() -> None:
    assert entropy_bits("") == 0.0
    assert entropy_bits("0" * 64) == 0.0
    assert entropy_bits("secret" * 8) == pytest.approx(entropy_bits("secret" * 8))
    assert 100 < entropy_bits("secret" * 8) < 128
    assert entropy_bits(STRONG) > 300


def test_default_selection_leaves_opt_in_rules_out() -> None:
    text = jwt("HS256", SECRET)
    assert [d.code for d in lint(text)] == []
    assert [d.code for d in lint(text, config={"extend-select": ["SA302"]})] == ["SA302"]


def test_positions_point_at_the_offending_value() -> None:
    text = "DEFINE ACCESS a ON DATABASE\n    TYPE JWT ALGORITHM HS256 KEY 'secret';"
    [short] = [d for d in lint(text) if d.code == "SA101"]
    assert (short.span.line, short.span.column, short.span.end_column) == (2, 34, 42)
    assert text[short.span.start:short.span.end] == "'secret'"
    assert short.rule == "hmac-secret-short" and short.severity == "error"


def test_lint_accepts_a_parsed_script() -> None:
    script = sa.parse(jwt("HS256", "'secret'"), path="x.surql")
    found = sa.lint(script)
    assert {d.code for d in found} == {"SA101", "SA105"}
    assert all(d.path == "x.surql" for d in found)


def test_permissions_are_checked_when_a_statement_has_them() -> None:
    # The grammar reads no PERMISSIONS yet: a statement type that has them is checked
    # through its `permissions` field, whatever node produces it.
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True, kw_only=True)
    class DefineTable(ast.Statement):
        name: str
        permissions: tuple[ast.Expr, ...] = ()

    base = sa.parse("DEFINE ACCESS r ON DATABASE TYPE RECORD; DEFINE ACCESS j ON DATABASE "
                    "TYPE JWT ALGORITHM HS256 KEY $k;")
    reads = sa.parse("$token.email = 1; $token.ns = 1; $auth.owner = 1; $token.NS = 1")
    table = DefineTable(name="post", permissions=tuple(reads.statements), span=NO_SPAN)
    assert list(permission_expressions(table)) == list(reads.statements)
    script = ast.Script(statements=(*base.statements, table), source=base.source)
    found = [d.message for d in lint(script) if d.code == "SA701"]
    assert len(found) == 1 and "`NS`" in found[0]
    # Without a record method, $auth.owner can never be read; without a JWT one, `email`
    # is no claim of a SurrealDB-issued token.
    only_record = sa.parse("DEFINE ACCESS r ON DATABASE TYPE RECORD;")
    script = ast.Script(statements=(*only_record.statements, table), source=only_record.source)
    assert len([d for d in lint(script) if d.code == "SA701"]) == 2
    users = sa.parse("DEFINE USER u ON ROOT PASSWORD 'x' ROLES VIEWER;")
    script = ast.Script(statements=(*users.statements, table), source=users.source)
    assert len([d for d in lint(script) if d.code == "SA701"]) == 3
    nothing = ast.Script(statements=(table,), source="")
    assert [d for d in lint(nothing) if d.code == "SA701"] == []
