"""The extended dialect: ISSUER, AUDIENCE, LEEWAY and CLAIMS (../shared/reference/extensions.md).

Grouped as the specification is: syntax and dialects, canonical text, definition errors, the
semantics of each clause at run time (both policies where they differ), CLAIMS results and
coercions, routing by issuer, the order of checks, ``$auth`` inside AUTHENTICATE, and the plan
JSON. Tokens are assembled by hand (`jose_builders`) so that claims of any type can be sent.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import random
import re
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import jose_builders as jb
import pytest

import surrealaccess as sa
from surrealaccess import cli
from surrealaccess.jws import GENERIC
from surrealaccess.recordid import RecordId
from surrealaccess.runtime import EXPIRED
from surrealaccess.surql import NULL, Object

NOW = 1_800_000_000
SECRET = "s3cr3t-" + "q" * 57
OTHER_SECRET = "0th3r-" + "z" * 58
POLICIES = ("strict", "surrealdb")
ISS = "https://idp.example.com/"
KEYWORDS = ("ISSUER", "AUDIENCE", "LEEWAY", "CLAIMS")
DIALECT_MESSAGE = ("{} is a surrealaccess extension of DEFINE ACCESS, not available in dialect "
                   "'surrealdb'")


# ---- helpers ---------------------------------------------------------------------------------


def sign(payload: Any, *, key: str = SECRET, header: dict[str, Any] | None = None) -> str:
    return jb.jws(header or {"alg": "HS256", "typ": "JWT"}, payload, jb.hs(key))


def payload(*, route: str | None = "a", **claims: Any) -> dict[str, Any]:
    """Claims of a valid token; ``route`` adds ns/db/ac; a claim set to ... is left out."""
    base: dict[str, Any] = {"iat": NOW - 10, "exp": NOW + 3600}
    if route is not None:
        base.update(ns="test", db="test", ac=route)
    base.update(claims)
    return {name: value for name, value in base.items() if value is not ...}


def jwt_access(clauses: str, name: str = "a", *, base: str = "DATABASE") -> str:
    return (f"DEFINE ACCESS {name} ON {base} TYPE JWT ALGORITHM HS256 KEY '{SECRET}' {clauses} "
            "DURATION FOR SESSION 1h;")


@functools.cache  # an Authenticator is immutable (its JWKS caches aside; none here)
def build(text: str, policy: str = "strict") -> sa.Authenticator:
    return sa.compile(sa.parse(text), ns="test", db="test", policy=policy,  # type: ignore[arg-type]
                      clock=lambda: NOW)


def accepted(auth: sa.Authenticator, token: str, now: float = NOW) -> sa.Session:
    return auth.authenticate(token, now=now)


def refused(auth: sa.Authenticator, token: str, now: float = NOW) -> sa.AuthenticationError:
    with pytest.raises(sa.AuthenticationError) as caught:
        auth.authenticate(token, now=now)
    return caught.value


def mapped(clauses: str, claims: dict[str, Any], policy: str = "strict") -> Any:
    """``$auth`` (as JSON) of a JWT method with ``clauses`` for a token with ``claims``."""
    session = accepted(build(jwt_access(clauses), policy), sign(payload(**claims)))
    return session.to_json()["auth"]


def mapping_refused(clauses: str, claims: dict[str, Any],
                    policy: str = "strict") -> sa.AuthenticationError:
    return refused(build(jwt_access(clauses), policy), sign(payload(**claims)))


def at(text: str, fragment: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th ``fragment`` in ``text``."""
    index = -1
    for _ in range(occurrence):
        index = text.index(fragment, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def problems(text: str) -> list[tuple[int, int, str]]:
    return [(p.span.line, p.span.column, p.message) for p in sa.check(sa.parse(text))]


# ---- syntax ----------------------------------------------------------------------------------


FULL = (
    "DEFINE ACCESS auth0 ON DATABASE TYPE JWT\n"
    "    URL 'https://acme.eu.auth0.com/.well-known/jwks.json'\n"
    "    ISSUER 'https://acme.eu.auth0.com/'\n"
    "    AUDIENCE 'https://api.acme.com'\n"
    "    LEEWAY 30s\n"
    "    CLAIMS {\n"
    "        id: '$.sub',\n"
    "        email: '$.email',\n"
    "        roles: { path: '$[\"https://acme.com/roles\"]', type: 'array', default: [] },\n"
    "        tenant: { path: '$.app_metadata.tenant', required: true }\n"
    "    }\n"
    "    DURATION FOR SESSION 8h;\n"
)


def test_the_specification_example_parses_into_the_extension_fields() -> None:
    access = sa.parse(FULL).accesses[0]
    ext = access.extensions
    assert ext.issuers is not None and [s.value for s in ext.issuers] == [
        "https://acme.eu.auth0.com/"]
    assert ext.audiences is not None and [s.value for s in ext.audiences] == [
        "https://api.acme.com"]
    assert ext.leeway is not None and ext.leeway.nanoseconds == 30 * 10**9
    assert ext.claims is not None and [k for k, _ in ext.claims.entries] == [
        "id", "email", "roles", "tenant"]
    assert sa.check(sa.parse(FULL)) == []


def test_lists_of_issuers_and_audiences() -> None:
    ext = sa.parse(jwt_access("ISSUER 'a', \"b\", 'c' AUDIENCE 'x', 'y'")).accesses[0].extensions
    assert ext.issuers is not None and [s.value for s in ext.issuers] == ["a", "b", "c"]
    assert ext.audiences is not None and [s.value for s in ext.audiences] == ["x", "y"]


def test_keywords_are_case_insensitive() -> None:
    lower = sa.parse(jwt_access("issuer 'a' audience 'b' leeway 1s claims { id: '$.sub' }"))
    upper = sa.parse(jwt_access("ISSUER 'a' AUDIENCE 'b' LEEWAY 1s CLAIMS { id: '$.sub' }"))
    assert sa.format(lower) == sa.format(upper)


def test_issuer_clause_and_with_issuer_coexist() -> None:
    text = (f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
            f"WITH ISSUER KEY '{SECRET}' ISSUER 'https://i/';")
    access = sa.parse(text).accesses[0]
    assert access.extensions.issuers is not None
    assert access.type is not None and access.type.jwt is not None  # type: ignore[union-attr]
    assert access.type.jwt.issuer is not None  # type: ignore[union-attr]


CLAUSES = [
    "TYPE JWT URL 'https://idp.example.com/jwks'",
    "ISSUER 'https://idp.example.com/'",
    "AUDIENCE 'api'",
    "LEEWAY 10s",
    "CLAIMS { id: '$.sub' }",
    "AUTHENTICATE { RETURN NONE }",
    "DURATION FOR SESSION 1h",
    "COMMENT 'c'",
]


def test_extension_clauses_may_come_in_any_order() -> None:
    rng = random.Random(7)
    orders = [list(p) for p in itertools.islice(itertools.permutations(CLAUSES), 0, 40320, 997)]
    for _ in range(30):
        order = CLAUSES[:]
        rng.shuffle(order)
        orders.append(order)
    canonical = sa.format(sa.parse("DEFINE ACCESS a ON DATABASE " + " ".join(CLAUSES) + ";"))
    for order in orders:
        text = "DEFINE ACCESS a ON DATABASE " + " ".join(order) + ";"
        assert sa.format(sa.parse(text)) == canonical, text


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_a_repeated_extension_clause_is_a_parse_error(keyword: str) -> None:
    clause = {"ISSUER": "ISSUER 'a'", "AUDIENCE": "AUDIENCE 'a'", "LEEWAY": "LEEWAY 1s",
              "CLAIMS": "CLAIMS { id: '$.sub' }"}[keyword]
    # the same value twice, with a SurrealDB clause in between: still not last-wins
    text = jwt_access(f"{clause} COMMENT 'x'\n  {clause}")
    with pytest.raises(sa.ParseError) as caught:
        sa.parse(text)
    error = caught.value
    assert error.message == f"The {keyword} clause may appear only once"
    assert (error.line, error.column) == at(text, keyword, 2)


def test_surrealdb_clauses_stay_last_wins() -> None:
    text = jwt_access("ISSUER 'a' COMMENT 'one' COMMENT 'two'")
    assert "COMMENT 'two'" in sa.format(sa.parse(text))


@pytest.mark.parametrize("keyword", KEYWORDS)
def test_dialect_surrealdb_refuses_each_clause_by_name(keyword: str) -> None:
    clause = {"ISSUER": "ISSUER 'a'", "AUDIENCE": "AUDIENCE 'a', 'b'", "LEEWAY": "LEEWAY 1s",
              "CLAIMS": "CLAIMS { id: '$.sub' }"}[keyword]
    text = ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/jwks'\n"
            "    AUTHENTICATE { RETURN NONE }\n"
            f"    {clause.lower() if keyword == 'LEEWAY' else clause}\n"
            "    DURATION FOR SESSION 1h;")
    sa.parse(text)  # the extended dialect (the default) accepts it
    with pytest.raises(sa.ParseError) as caught:
        sa.parse(text, dialect="surrealdb")
    error = caught.value
    assert error.message == DIALECT_MESSAGE.format(keyword)
    assert (error.line, error.column) == (3, 5)
    assert "surrealaccess extension" in str(error) and keyword in str(error)


def test_dialect_surrealdb_still_reads_with_issuer() -> None:
    text = (f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
            f"WITH ISSUER KEY '{SECRET}';")
    script = sa.parse(text, dialect="surrealdb")
    assert sa.format(script) == sa.format(sa.parse(text))


@pytest.mark.parametrize(("clauses", "message"), [
    ("ISSUER", "Unexpected token `DURATION`, expected a string"),
    ("ISSUER 5", "Unexpected token `5`, expected a string"),
    ("ISSUER 'a',", "Unexpected token `DURATION`, expected a string"),
    ("AUDIENCE $aud", None),
    ("LEEWAY '5s'", "Unexpected token `a string`, expected a duration"),
    ("LEEWAY 5", None),
    ("CLAIMS '$.sub'", "Unexpected token `a string`, expected `{`"),
    ("CLAIMS", None),
])
def test_clause_syntax_errors(clauses: str, message: str | None) -> None:
    with pytest.raises(sa.ParseError) as caught:
        sa.parse(jwt_access(clauses))
    if message is not None:
        assert caught.value.message == message


# ---- canonical text --------------------------------------------------------------------------


def test_canonical_order_is_issuer_audience_leeway_claims_between_type_and_authenticate() -> None:
    text = ("DEFINE ACCESS a ON DATABASE COMMENT 'c' CLAIMS { id: '$.sub' } "
            "AUTHENTICATE { RETURN NONE } LEEWAY 30s AUDIENCE \"api\" DURATION FOR SESSION 1h "
            "ISSUER \"https://i/\" TYPE JWT URL 'https://idp.example.com/jwks';")
    assert sa.format(sa.parse(text)) == (
        "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example.com/jwks' "
        "ISSUER 'https://i/' AUDIENCE 'api' LEEWAY 30s CLAIMS { id: '$.sub' } "
        "AUTHENTICATE { RETURN NONE } DURATION FOR SESSION 1h COMMENT 'c';\n"
    )


def test_canonical_text_of_record_access_puts_extensions_after_with_jwt() -> None:
    text = ("DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user) "
            "WITH JWT URL 'https://x/jwks' CLAIMS { id: { path: '$.sub', type: 'record', "
            "table: 'user' } } ISSUER \"https://x/\" DURATION FOR TOKEN 5m "
            "AUTHENTICATE { RETURN $auth } COMMENT 'c' AUDIENCE 'a', \"b\" LEEWAY 1m;")
    assert sa.format(sa.parse(text)) == (
        "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user) "
        "WITH JWT URL 'https://x/jwks' ISSUER 'https://x/' AUDIENCE 'a', 'b' LEEWAY 1m "
        "CLAIMS { id: { path: '$.sub', type: 'record', table: 'user' } } "
        "AUTHENTICATE { RETURN $auth } DURATION FOR TOKEN 5m, FOR SESSION NONE COMMENT 'c';\n"
    )


def test_strings_and_durations_print_in_surrealdb_syntax() -> None:
    text = jwt_access("ISSUER \"it's\", 'plain' LEEWAY 1500ms "
                      "CLAIMS { \"a b\": \"$['a b']\", 'https://x/r': { path: \"$.r\", "
                      "default: [1, 'two', NONE, { k: true }], required: false } }")
    out = sa.format(sa.parse(text))
    assert "ISSUER \"it's\", 'plain' LEEWAY 1s500ms " in out
    assert ("CLAIMS { \"a b\": \"$['a b']\", \"https://x/r\": { path: '$.r', "
            "default: [1, 'two', NONE, { k: true }], required: false } }") in out


def test_a_definition_without_extensions_prints_as_surrealdb_does() -> None:
    text = jwt_access("AUTHENTICATE { RETURN NONE }")
    assert sa.format(sa.parse(text)) == sa.format(sa.parse(text, dialect="surrealdb"))
    for keyword in KEYWORDS:
        assert keyword + " " not in sa.format(sa.parse(text)).replace("WITH ISSUER", "")


ROUND_TRIP = [
    FULL,
    jwt_access("ISSUER 'a', 'b' AUDIENCE 'x' LEEWAY 0s CLAIMS {}"),
    jwt_access("LEEWAY 5m CLAIMS { 'n': { path: '$..name', type: 'array', default: NONE } }"),
    jwt_access("CLAIMS { r: { path: '$.groups[?(@.kind == \"role\")].name', type: 'array' } }"),
    "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT URL 'https://x/jwks' "
    "CLAIMS { id: { path: '$[\"https://acme.com/user\"]', type: 'record' } } "
    "AUTHENTICATE { RETURN $auth } DURATION FOR TOKEN 1h;",
    "DEFINE ACCESS j ON ROOT TYPE JWT URL 'https://x/jwks' ISSUER 'https://x/';\n"
    "USE NS a DB b;\n" + jwt_access("AUDIENCE 'api'", "b"),
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_format_is_a_fixed_point(text: str) -> None:
    once = sa.format(sa.parse(text))
    assert sa.format(sa.parse(once)) == once


@pytest.mark.parametrize("subset", [
    c for n in range(len(CLAUSES[1:5]) + 1) for c in itertools.combinations(CLAUSES[1:5], n)
])
def test_every_combination_of_clauses_round_trips_in_canonical_order(
    subset: tuple[str, ...]
) -> None:
    text = ("DEFINE ACCESS a ON DATABASE AUTHENTICATE { RETURN NONE } "
            + " ".join(reversed(subset)) + " " + CLAUSES[0] + ";")
    once = sa.format(sa.parse(text))
    assert sa.format(sa.parse(once)) == once
    positions = [once.index(k + " ") for k in KEYWORDS if any(c.startswith(k) for c in subset)]
    assert positions == sorted(positions)
    assert all(once.index("TYPE JWT") < p < once.index("AUTHENTICATE") for p in positions)


# ---- definition errors -----------------------------------------------------------------------


@pytest.mark.parametrize("leeway", ["0s", "1ms", "30s", "300s", "5m", "4m59s999ms"])
def test_leeway_up_to_five_minutes_is_accepted(leeway: str) -> None:
    assert problems(jwt_access(f"LEEWAY {leeway}")) == []


@pytest.mark.parametrize("leeway", ["6m", "5m1s", "301s", "300001ms", "1h", "1d"])
def test_leeway_over_five_minutes_is_a_definition_error(leeway: str) -> None:
    text = f"DEFINE ACCESS a ON DATABASE\n  TYPE JWT URL 'https://x/jwks'\n  LEEWAY {leeway};"
    line, column = at(text, leeway)
    message = "LEEWAY may be at most 5m: a longer clock skew keeps expired tokens alive"
    assert problems(text) == [(line, column, message)]
    with pytest.raises(sa.CompileError) as caught:
        build(text)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (line, column, message)]


def test_every_extension_clause_on_bearer_is_a_definition_error() -> None:
    text = ("DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER\n"
            "  ISSUER 'x'\n  AUDIENCE 'y', 'z'\n  LEEWAY 1s\n  CLAIMS { id: '$.sub' };")
    assert problems(text) == [
        (*at(text, "'x'"), "ISSUER does not apply to TYPE BEARER access"),
        (*at(text, "'y'"), "AUDIENCE does not apply to TYPE BEARER access"),
        (*at(text, "1s"), "LEEWAY does not apply to TYPE BEARER access"),
        (*at(text, "{ id"), "CLAIMS does not apply to TYPE BEARER access"),
    ]
    with pytest.raises(sa.CompileError) as caught:
        build(text)
    assert len([p for p in caught.value.problems if "BEARER" in p.message]) == 4


RECORD_ONLY_ID = ("on TYPE RECORD, CLAIMS may only map `id`, with type: 'record' (it becomes "
                  "the session's record)")


@pytest.mark.parametrize(("claims", "blame"), [
    ("{ id: { path: '$.sub', type: 'record' }, email: '$.email' }", "'$.email'"),
    ("{ email: { path: '$.email', type: 'record' } }", "{ path: '$.email'"),
    ("{ id: '$.sub' }", "'$.sub'"),
    ("{ id: { path: '$.sub', type: 'string' } }", "{ path"),
    ("{ id: { path: '$.sub' } }", "{ path"),
])
def test_claims_on_record_may_only_map_id_to_a_record(claims: str, blame: str) -> None:
    text = ("DEFINE ACCESS r ON DATABASE TYPE RECORD\n  WITH JWT URL 'https://x/jwks'\n"
            f"  CLAIMS {claims};")
    assert problems(text) == [(*at(text, blame), RECORD_ONLY_ID)]


def test_claims_on_record_must_not_be_empty() -> None:
    text = "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT URL 'https://x/jwks' CLAIMS {};"
    assert problems(text) == [(*at(text, "{}"), "CLAIMS on TYPE RECORD must map `id`")]


@pytest.mark.parametrize("path", [
    "$[?(", "$.a[", "$..", "$.a]", "$.where", "$.true_tenant", "$.a.wherenot", "$[?(@.a ==)]",
    "$.a b",
])
def test_an_invalid_jsonpath_points_at_the_string(path: str) -> None:
    text = ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://x/jwks'\n"
            "  CLAIMS {\n    ok: '$.sub',\n"
            f"    bad: {{ path: '{path}', default: 1 }}\n  }};")
    found = problems(text)
    assert len(found) == 1, found
    line, column, message = found[0]
    assert (line, column) == at(text, f"'{path}'")
    assert message.startswith(f"invalid JSONPath {path!r}: ")


@pytest.mark.parametrize(("rule", "blame", "message"), [
    ("{ path: '$.a', typo: 1, also: 2 }", "{ path",
     "CLAIMS field 'a' has unknown keys ['also', 'typo']"),
    ("{ path: '$.a', Type: 'int' }", "{ path", "CLAIMS field 'a' has unknown keys ['Type']"),
    ("{ path: '$.a', type: 'integer' }", "'integer'",
     "`type` of 'a' must be one of array, bool, float, int, json, object, record, string"),
    ("{ path: '$.a', type: 'INT' }", "'INT'",
     "`type` of 'a' must be one of array, bool, float, int, json, object, record, string"),
    ("{ path: '$.a', required: 'yes' }", "'yes'", "`required` of 'a' must be true or false"),
    ("{ path: '$.a', table: 'user' }", "'user'", "`table` of 'a' needs type: 'record'"),
    ("{ path: '$.a', type: 'record', table: '' }", "''", "`table` of 'a' must be a table name"),
    ("{ path: '$.a', default: $x }", "$x",
     "the default of 'a' must be a constant (a literal, array or object)"),
    ("{ path: '$.a', default: time::now() }", "time::now()",
     "the default of 'a' must be a constant (a literal, array or object)"),
    ("{ default: 1 }", "{ default", "CLAIMS field 'a' needs `path` as a string"),
    ("{ path: 1 }", "{ path", "CLAIMS field 'a' needs `path` as a string"),
    ("1", "1 }", "CLAIMS field 'a' must be a JSONPath string or an object with a `path`"),
    ("['$.a']", "['$.a']", "CLAIMS field 'a' must be a JSONPath string or an object with a `path`"),
])
def test_claim_rule_errors_point_at_their_cause(rule: str, blame: str, message: str) -> None:
    text = f"DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://x/jwks' CLAIMS {{ a: {rule} }};"
    assert problems(text) == [(*at(text, blame), message)]


def test_definition_errors_are_reported_once_by_compile() -> None:
    text = ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://x/jwks' LEEWAY 10m "
            "CLAIMS { a: { path: '$[', typo: 1 } };")
    with pytest.raises(sa.CompileError) as caught:
        build(text)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2 and len(set(messages)) == 2
    assert messages[0].startswith("LEEWAY may be at most 5m")
    assert messages[1] == "CLAIMS field 'a' has unknown keys ['typo']"


# ---- ISSUER ----------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES)
def test_issuer_matches_byte_for_byte(policy: str) -> None:
    auth = build(jwt_access("ISSUER 'https://idp.example.com/', 'https://other.example'"), policy)
    for iss in ("https://idp.example.com/", "https://other.example"):
        assert accepted(auth, sign(payload(iss=iss))).ac == "a"
    for iss in ("https://idp.example.com", "https://other.example/",  # no slash folding
                "HTTPS://IDP.EXAMPLE.COM/", "https://Idp.example.com/",  # no case folding
                "https://idp.example.com/ ", " https://idp.example.com/", "",
                "https://idp.example.com/\u200b", "https://idp.example.com//"):
        error = refused(auth, sign(payload(iss=iss)))
        assert (error.kind, error.public_message) == ("invalid_issuer", GENERIC), iss
        assert repr(iss) in error.detail


@pytest.mark.parametrize("policy", POLICIES)
def test_a_missing_issuer_is_rejected(policy: str) -> None:
    error = refused(build(jwt_access(f"ISSUER '{ISS}'"), policy), sign(payload()))
    assert (error.kind, error.reason, error.public_message) == (
        "invalid_issuer", "invalid_issuer", GENERIC)
    assert "iss None" in error.detail and "'a'" in error.detail


@pytest.mark.parametrize("policy", POLICIES)
def test_an_issuer_of_another_type_is_rejected(policy: str) -> None:
    auth = build(jwt_access(f"ISSUER '{ISS}'"), policy)
    for iss in (5, [ISS], {"url": ISS}, True):
        error = refused(auth, sign(payload(iss=iss)))
        # SurrealDB's claim types are checked when the token is read, before any method
        assert error.kind in ("invalid_auth", "malformed_token"), iss
        assert "'iss'" in error.detail


def test_a_null_issuer_is_missing_under_surrealdb_and_malformed_under_strict() -> None:
    token = sign(payload(iss=None))
    lax = refused(build(jwt_access(f"ISSUER '{ISS}'"), "surrealdb"), token)
    assert lax.kind == "invalid_issuer"
    strict = refused(build(jwt_access(f"ISSUER '{ISS}'"), "strict"), token)
    assert (strict.kind, strict.reason) == ("invalid_auth", "claims_invalid")


@pytest.mark.parametrize("policy", POLICIES)
def test_without_issuer_any_iss_is_accepted(policy: str) -> None:
    auth = build(jwt_access(""), policy)
    for iss in ("https://anything/", "x", ...):
        accepted(auth, sign(payload(iss=iss)))


# ---- AUDIENCE --------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("aud", [
    "api", ["api"], ["other", "api"], ["api", "api"], "https://api.acme.com", ["x", "https://api.acme.com"],
])
def test_audience_string_or_array_with_one_listed_value_is_accepted(policy: str, aud: Any) -> None:
    auth = build(jwt_access("AUDIENCE 'api', 'https://api.acme.com'"), policy)
    assert accepted(auth, sign(payload(aud=aud))).ac == "a"


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("aud", [
    ..., "", [], [""], "API", "api ", "https://api.acme.com/", ["other"], "api,https://api.acme.com",
    "api https://api.acme.com",
])
def test_audience_missing_empty_or_without_overlap_is_rejected(policy: str, aud: Any) -> None:
    auth = build(jwt_access("AUDIENCE 'api', 'https://api.acme.com'"), policy)
    error = refused(auth, sign(payload(aud=aud)))
    assert (error.kind, error.reason, error.public_message) == (
        "invalid_audience", "invalid_audience", GENERIC)
    assert "'api'" in error.detail and "'https://api.acme.com'" in error.detail


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("aud", [5, [1], ["api", 2], {"api": True}, True, [["api"]]])
def test_audience_of_another_type_is_rejected(policy: str, aud: Any) -> None:
    error = refused(build(jwt_access("AUDIENCE 'api'"), policy), sign(payload(aud=aud)))
    # a non-string aud fails SurrealDB's claim types when the token is read
    assert error.kind in ("invalid_auth", "malformed_token")
    assert "'aud'" in error.detail


def test_a_null_audience_is_missing_under_surrealdb() -> None:
    error = refused(build(jwt_access("AUDIENCE 'api'"), "surrealdb"), sign(payload(aud=None)))
    assert error.kind == "invalid_audience"


def test_without_audience_strict_refuses_tokens_that_name_one() -> None:
    token = sign(payload(aud="api"))
    assert accepted(build(jwt_access(""), "surrealdb"), token).ac == "a"
    error = refused(build(jwt_access(""), "strict"), token)
    assert (error.kind, error.reason) == ("invalid_auth", "claims_invalid")
    assert "aud" in error.detail


# ---- LEEWAY ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("policy", "exp", "ok"), [
    # strict: now < exp + leeway (RFC 7519); surrealdb: exp >= floor(now) - leeway
    ("strict", NOW - 29, True), ("strict", NOW - 30, False), ("strict", NOW - 31, False),
    ("surrealdb", NOW - 30, True), ("surrealdb", NOW - 31, False),
    ("strict", NOW + 1, True), ("surrealdb", NOW, True),
])
def test_leeway_on_exp(policy: str, exp: int, ok: bool) -> None:
    auth = build(jwt_access("LEEWAY 30s"), policy)
    token = sign(payload(exp=exp, iat=NOW - 100))
    if ok:
        accepted(auth, token)
    else:
        error = refused(auth, token)
        assert (error.kind, error.public_message) == ("token_expired", EXPIRED)


@pytest.mark.parametrize("policy", POLICIES)
def test_without_leeway_exp_is_exact(policy: str) -> None:
    auth = build(jwt_access(""), policy)
    error = refused(auth, sign(payload(exp=NOW - 1, iat=NOW - 100)))
    assert (error.kind, error.public_message) == ("token_expired", EXPIRED)


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("nbf", "ok"), [(NOW + 29, True), (NOW + 30, True), (NOW + 31, False)])
def test_leeway_on_nbf(policy: str, nbf: int, ok: bool) -> None:
    auth = build(jwt_access("LEEWAY 30s"), policy)
    token = sign(payload(nbf=nbf, iat=NOW))
    if ok:
        accepted(auth, token)
    else:
        error = refused(auth, token)
        assert (error.kind, error.reason, error.public_message) == (
            "invalid_auth", "not_yet_valid", GENERIC)


@pytest.mark.parametrize("policy", POLICIES)
def test_without_leeway_a_future_nbf_is_refused(policy: str) -> None:
    error = refused(build(jwt_access(""), policy), sign(payload(nbf=NOW + 2)))
    assert error.reason == "not_yet_valid"


def test_strict_leeway_also_covers_iat() -> None:
    auth = build(jwt_access("LEEWAY 30s"))
    accepted(auth, sign(payload(iat=NOW + 30)))
    assert refused(auth, sign(payload(iat=NOW + 31))).reason == "not_yet_valid"


def test_a_fractional_leeway() -> None:
    auth = build(jwt_access("LEEWAY 1500ms"))
    accepted(auth, sign(payload(exp=NOW - 1, iat=NOW - 100)))
    assert refused(auth, sign(payload(exp=NOW - 2, iat=NOW - 100))).kind == "token_expired"


def test_surrealdb_times_come_before_routing_so_they_win_when_routing_fails() -> None:
    # SurrealDB checks exp/nbf before it looks the method up; a LEEWAY is only known once the
    # method is found. An expired token for a method that does not exist is "expired" ...
    auth = build(jwt_access("LEEWAY 30s"), "surrealdb")
    for exp in (NOW - 10, NOW - 100):
        error = refused(auth, sign(payload(route="nope", exp=exp, iat=NOW - 200)))
        assert (error.kind, error.public_message) == ("token_expired", EXPIRED)
    # ... a token within the LEEWAY of a method that exists is re-judged and accepted ...
    accepted(auth, sign(payload(exp=NOW - 10, iat=NOW - 200)))
    # ... and a current token for a missing method gets the engine's not-found message.
    error = refused(auth, sign(payload(route="nope")))
    assert (error.kind, error.public_message) == (
        "not_found", "The access method 'nope' does not exist in the database 'test'")
    # nbf too
    error = refused(auth, sign(payload(route="nope", nbf=NOW + 10, iat=NOW)))
    assert error.reason == "not_yet_valid"
    accepted(auth, sign(payload(nbf=NOW + 10, iat=NOW)))


def test_strict_says_nothing_about_times_when_routing_fails() -> None:
    auth = build(jwt_access("LEEWAY 30s"), "strict")
    error = refused(auth, sign(payload(route="nope", exp=NOW - 100, iat=NOW - 200)))
    assert (error.kind, error.public_message) == ("invalid_auth", GENERIC)


@pytest.mark.parametrize("policy", POLICIES)
def test_leeway_applies_to_methods_found_by_issuer(policy: str) -> None:
    auth = build(jwt_access(f"ISSUER '{ISS}' LEEWAY 30s"), policy)
    accepted(auth, sign(payload(route=None, iss=ISS, exp=NOW - 10, iat=NOW - 100)))
    error = refused(auth, sign(payload(route=None, iss=ISS, exp=NOW - 100, iat=NOW - 200)))
    assert error.kind == "token_expired"


# ---- CLAIMS: results -------------------------------------------------------------------------


def test_no_match_gives_the_default_or_nothing() -> None:
    clauses = ("CLAIMS { a: { path: '$.missing', default: 'dflt' }, b: '$.missing', "
               "c: { path: '$.missing', default: [] }, d: { path: '$.x.y[3]', default: NULL }, "
               "e: { path: '$.missing', default: { k: 1 } } }")
    assert mapped(clauses, {"x": {"y": [1]}}) == {"a": "dflt", "c": [], "d": None,
                                                   "e": {"k": 1}}


def test_the_default_is_used_as_written_without_coercion() -> None:
    assert mapped("CLAIMS { n: { path: '$.n', type: 'int', default: 'none' } }", {}) == {
        "n": "none"}


@pytest.mark.parametrize("policy", POLICIES)
def test_a_required_claim_that_matches_nothing_is_claim_missing(policy: str) -> None:
    clauses = ("CLAIMS { t: { path: '$.app_metadata.tenant', required: true, default: 'x' }, "
               "e: { path: '$.e', required: false } }")
    assert mapped(clauses, {"app_metadata": {"tenant": "acme"}}, policy) == {"t": "acme"}
    error = mapping_refused(clauses, {"app_metadata": {}}, policy)
    assert (error.kind, error.reason, error.public_message) == (
        "claim_missing", "claim_missing", GENERIC)
    assert "'t'" in error.detail and "$.app_metadata.tenant" in error.detail


def test_a_null_claim_is_a_match() -> None:
    clauses = "CLAIMS { v: { path: '$.v', default: 'dflt', required: true } }"
    session = accepted(build(jwt_access(clauses)), sign(payload(v=None)))
    assert session.auth == Object({"v": NULL})
    assert session.to_json()["auth"] == {"v": None}


def test_one_match_gives_that_value() -> None:
    claims = {"sub": "auth0|1", "n": {"deep": [{"x": [1, 2.5, True, None, "s"]}]},
              "https://acme.com/roles": ["admin"], "a b": 1, "it's": 2}
    clauses = ("CLAIMS { id: '$.sub', x: '$.n.deep[0].x', last: \"$['n']['deep'][0]['x'][4]\", "
               "roles: '$[\"https://acme.com/roles\"]', sp: '$[\"a b\"]', q: \"$['it\\\\'s']\", "
               "all: '$' }")
    auth = mapped(clauses, claims)
    assert auth["id"] == "auth0|1"
    assert auth["x"] == [1, 2.5, True, None, "s"]
    assert auth["last"] == "s"
    assert auth["roles"] == ["admin"]
    assert (auth["sp"], auth["q"]) == (1, 2)
    assert auth["all"]["ns"] == "test" and auth["all"]["it's"] == 2


def test_paths_run_on_the_payload_as_received_before_alias_normalisation() -> None:
    # $token has `ns` as NS; the CLAIMS path still sees the payload's spelling.
    clauses = "CLAIMS { lower: '$.ns', upper: '$.NS', alias: '$[\"https://surrealdb.com/db\"]' }"
    auth = build(jwt_access(clauses))
    token = sign({"ns": "test", "https://surrealdb.com/db": "test", "ac": "a", "exp": NOW + 60})
    session = accepted(auth, token)
    assert session.to_json()["auth"] == {"lower": "test", "alias": "test"}
    assert "NS" in session.token


@pytest.mark.parametrize(("path", "claims", "expected"), [
    ("$.groups[*].name", {"groups": [{"name": "b"}, {"name": "a"}, {"x": 1}, {"name": "c"}]},
     ["b", "a", "c"]),
    ("$.roles[*]", {"roles": ["z", "y", "x"]}, ["z", "y", "x"]),
    ("$.items[?(@.on == true)].n", {"items": [{"on": True, "n": 2}, {"on": False, "n": 1},
                                              {"on": True, "n": 0}]}, [2, 0]),
    # recursive descent: jsonpath-ng's order (RFC 9535: a node's own member, then descendants)
    ("$.o..r", {"o": {"z": {"r": 1, "q": {"r": 3}}, "a": {"r": 2}}}, [1, 3, 2]),
    ("$.o.*", {"o": {"zeta": 1, "alpha": 2, "mid": 3}}, [1, 2, 3]),  # not sorted
    ("$.l[0:2]", {"l": [5, 6, 7]}, [5, 6]),
    ("$.l[*]", {"l": [5]}, 5),  # one match is that value, not an array
    ("$.l[*]", {"l": []}, "dflt"),
])
def test_several_matches_give_an_array_in_document_order(path: str, claims: dict[str, Any],
                                                          expected: Any) -> None:
    clauses = f"CLAIMS {{ v: {{ path: '{path}', default: 'dflt' }} }}"
    assert mapped(clauses, claims)["v"] == expected


def test_mapped_object_is_an_object_of_surrealql_values() -> None:
    clauses = "CLAIMS { id: '$.sub', roles: '$.roles', big: '$.big' }"
    session = accepted(build(jwt_access(clauses)),
                       sign(payload(sub="u", roles=["a"], big=2**63)))
    assert isinstance(session.auth, Object)
    assert session.auth["roles"] == ("a",)
    assert session.auth["big"] == float(2**63)  # JSON beyond i64 is a float, as in SurrealDB
    assert list(session.to_json()["auth"]) == ["big", "id", "roles"]  # sorted like SurrealDB


def test_jwt_without_claims_keeps_auth_none() -> None:
    session = accepted(build(jwt_access(f"ISSUER '{ISS}'")), sign(payload(iss=ISS)))
    assert session.auth is None and session.to_json()["auth"] is None


def test_empty_claims_give_an_empty_object() -> None:
    assert mapped("CLAIMS {}", {"sub": "x"}) == {}


# ---- CLAIMS: coercions -----------------------------------------------------------------------


COERCIONS: list[tuple[str, Any, Any]] = [
    ("string", "x", "x"), ("string", "", ""), ("string", 5, "5"), ("string", -1.5, "-1.5"),
    ("string", True, "true"), ("string", False, "false"),
    ("int", 5, 5), ("int", -5, -5), ("int", 5.0, 5), ("int", "42", 42), ("int", " 42 ", 42),
    ("int", "-7", -7), ("int", "+7", 7), ("int", 2**63 - 1, 2**63 - 1), ("int", 0, 0),
    ("float", 1, 1.0), ("float", 1.5, 1.5), ("float", "1.5", 1.5), ("float", "-2", -2.0),
    ("float", "1e3", 1000.0), ("float", ".5", 0.5), ("float", "5.", 5.0),
    ("bool", True, True), ("bool", False, False), ("bool", "true", True),
    ("bool", "FALSE", False), ("bool", "True", True),
    ("array", "openid profile email", ["openid", "profile", "email"]),
    ("array", "  read:a \t write:b ", ["read:a", "write:b"]), ("array", "", []),
    ("array", "admin", ["admin"]), ("array", ["a", "b"], ["a", "b"]), ("array", [], []),
    ("array", 5, [5]), ("array", {"k": 1}, [{"k": 1}]), ("array", True, [True]),
    ("object", {"k": [1]}, {"k": [1]}), ("object", {}, {}),
    ("json", '{"tenant": "acme", "n": [1, 2]}', {"n": [1, 2], "tenant": "acme"}),
    ("json", "[1, \"two\"]", [1, "two"]), ("json", "\"s\"", "s"), ("json", "3", 3),
    ("json", "null", None), ("json", {"already": "object"}, {"already": "object"}),
    ("json", [1], [1]), ("json", 7, 7),
    ("record", "user:1", "user:1"), ("record", "user:abc", "user:abc"),
    ("record", "user:⟨a b⟩", str(RecordId("user", "a b"))),
]
COERCION_FAILURES: list[tuple[str, Any]] = [
    ("string", ["a"]), ("string", {"k": 1}), ("string", None),
    ("int", 4.5), ("int", "4.2"), ("int", "4e2"), ("int", True), ("int", "abc"), ("int", ""),
    ("int", 2**63), ("int", "-9223372036854775809"), ("int", "9223372036854775808"), ("int", "١٢"),
    ("int", "1_000"), ("int", [1]), ("int", None), ("int", 1e300),
    ("float", "nan"), ("float", "NaN"), ("float", "inf"), ("float", "-Infinity"),
    ("float", "1_000.5"), ("float", "1e400"), ("float", True), ("float", "abc"), ("float", ""),
    ("float", "0x10"), ("float", [1.5]), ("float", None), ("float", "١٫٥"),
    ("bool", "yes"), ("bool", 1), ("bool", 0), ("bool", "1"), ("bool", ""), ("bool", None),
    ("bool", [True]),
    ("object", "{}"), ("object", [1]), ("object", 1), ("object", None),
    ("json", "not json"), ("json", "{'single': 1}"), ("json", "NaN"), ("json", "Infinity"),
    ("json", "[1,"), ("json", ""), ("json", "[" * 5000 + "]" * 5000),
    ("record", "abc"), ("record", 5), ("record", True), ("record", {"tb": "user"}),
    ("record", "user:"), ("record", None), ("record", ["user", 1]),
]


@pytest.mark.parametrize(("kind", "value", "expected"), COERCIONS,
                         ids=[f"{k}-{json.dumps(v)[:20]}" for k, v, _ in COERCIONS])
def test_coercion(kind: str, value: Any, expected: Any) -> None:
    clauses = f"CLAIMS {{ v: {{ path: '$.v', type: '{kind}' }} }}"
    assert mapped(clauses, {"v": value}) == {"v": expected}


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("kind", "value"), COERCION_FAILURES,
                         ids=[f"{k}-{json.dumps(v)[:20]}" for k, v in COERCION_FAILURES])
def test_a_value_that_cannot_be_coerced_is_claim_invalid(kind: str, value: Any,
                                                         policy: str) -> None:
    error = mapping_refused(f"CLAIMS {{ v: {{ path: '$.v', type: '{kind}' }} }}",
                            {"v": value}, policy)
    assert (error.kind, error.reason, error.public_message) == (
        "claim_invalid", "claim_invalid", GENERIC)
    assert "'v' ($.v)" in error.detail and f"not a valid {kind}" in error.detail


def test_several_matches_are_coerced_as_one_array() -> None:
    claims = {"g": [{"n": "a"}, {"n": "b"}]}
    assert mapped("CLAIMS { v: { path: '$.g[*].n', type: 'array' } }", claims) == {
        "v": ["a", "b"]}
    assert mapping_refused("CLAIMS { v: { path: '$.g[*].n', type: 'string' } }",
                           claims).kind == "claim_invalid"


UUID = "8f1c2d3e-0000-4000-8000-000000000000"


def test_record_with_a_table_refuses_an_empty_key() -> None:
    # As SurrealDB's type::record('user', '') does ("not a valid id").
    auth = sa.compile(sa.parse(
        f"DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}' "
        "CLAIMS { id: { path: '$.sub', type: 'record', table: 'user' } };"), ns="test", db="test")
    assert refused(auth, sign(payload(sub=""))).kind == "claim_invalid"


@pytest.mark.parametrize(("value", "expected"), [
    ("google-oauth2|1234", RecordId("user", "google-oauth2|1234")),
    ("00u1abcd", RecordId("user", "00u1abcd")),
    ("user:1", RecordId("user", "user:1")),  # the whole value is the key
    (UUID, RecordId("user", UUID)),
    (42, RecordId("user", 42)),
])
def test_record_with_a_table_takes_the_value_as_the_key(value: Any, expected: RecordId) -> None:
    clauses = "CLAIMS { u: { path: '$.uid', type: 'record', table: 'user' } }"
    session = accepted(build(jwt_access(clauses)), sign(payload(uid=value)))
    assert session.auth == Object({"u": expected})
    assert session.to_json()["auth"] == {"u": str(expected)}


@pytest.mark.parametrize("value", [True, 1.5, None, ["x"], {"id": 1}])
def test_record_with_a_table_refuses_other_types(value: Any) -> None:
    clauses = "CLAIMS { u: { path: '$.uid', type: 'record', table: 'user' } }"
    assert mapping_refused(clauses, {"uid": value}).kind == "claim_invalid"


def test_a_jsonpath_that_cannot_run_on_the_payload_is_claim_invalid() -> None:
    # jsonpath-ng raises on an index into an object; that must not escape authenticate()
    error = mapping_refused("CLAIMS { v: '$.*[0]' }", {"a": ["x"], "b": {"c": 1}})
    assert (error.kind, error.reason) == ("claim_invalid", "claim_invalid")
    assert "$.*[0]" in error.detail


def test_an_index_into_a_string_selects_a_character_as_jsonpath_ng_does() -> None:
    assert mapped("CLAIMS { v: '$.s[1]', w: '$.s[9]', n: '$.o[0]' }",
                  {"s": "abc", "o": {"k": 1}}) == {"v": "b"}


# ---- TYPE RECORD -----------------------------------------------------------------------------


RECORD = ("DEFINE ACCESS members ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 "
          f"KEY '{SECRET}' {{}} DURATION FOR TOKEN 1h, FOR SESSION 1h;")


@pytest.mark.parametrize("policy", POLICIES)
def test_record_claims_id_links_the_sub_to_a_record(policy: str) -> None:
    auth = build(RECORD.format(
        "CLAIMS { id: { path: '$.sub', type: 'record', table: 'member', required: true } }"),
        policy)
    session = accepted(auth, sign(payload(route="members", sub="auth0|abc")))
    assert session.rd == RecordId("member", "auth0|abc")
    assert session.auth == session.rd
    assert session.to_json()["auth"] == str(session.rd) == session.to_json()["session"]["rd"]
    error = refused(auth, sign(payload(route="members")))
    assert error.kind == "claim_missing"


@pytest.mark.parametrize("policy", POLICIES)
def test_record_claims_id_without_table_reads_a_record_id(policy: str) -> None:
    auth = build(RECORD.format(
        "CLAIMS { id: { path: '$[\"https://acme.com/user\"]', type: 'record' } }"), policy)
    session = accepted(auth, sign(payload(route="members", **{"https://acme.com/user": "user:7"})))
    assert session.rd == RecordId("user", 7)
    assert refused(auth, sign(payload(route="members", **{
        "https://acme.com/user": "seven"}))).kind == "claim_invalid"
    # not required, no match, no AUTHENTICATE: nothing names the record
    error = refused(auth, sign(payload(route="members")))
    assert (error.kind, error.reason) == ("invalid_auth", "claim_missing")


@pytest.mark.parametrize("policy", POLICIES)
def test_record_authenticate_sees_the_mapped_record_as_auth(policy: str) -> None:
    auth = build(RECORD.format(
        "CLAIMS { id: { path: '$.sub', type: 'record', table: 'member' } } "
        "AUTHENTICATE { IF record::id($auth) == 'banned' { THROW 'banned' }; "
        "RETURN type::record('profile', record::id($auth)) }"), policy)
    session = accepted(auth, sign(payload(route="members", sub="u1")))
    assert session.rd == RecordId("profile", "u1") and session.auth == session.rd
    error = refused(auth, sign(payload(route="members", sub="banned")))
    assert (error.kind, error.public_message) == ("thrown", "An error occurred: banned")


# ---- AUTHENTICATE sees the new $auth ---------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES)
def test_jwt_authenticate_reads_the_mapped_auth(policy: str) -> None:
    clauses = ("CLAIMS { id: '$.sub', tenant: '$.org.id', roles: { path: '$.realm_access.roles', "
               "type: 'array', default: [] } } AUTHENTICATE { "
               "IF $auth.tenant != 'acme' { THROW 'wrong tenant: ' + <string> $auth.tenant }; "
               "IF 'reader' NOTINSIDE $auth.roles { THROW 'not a reader' }; "
               "IF $auth.id != $token.sub { THROW 'id' }; RETURN NONE }")
    auth = build(jwt_access(clauses), policy)
    good = {"sub": "u1", "org": {"id": "acme"}, "realm_access": {"roles": ["reader"]}}
    session = accepted(auth, sign(payload(**good)))
    assert session.to_json()["auth"] == {"id": "u1", "roles": ["reader"], "tenant": "acme"}
    error = refused(auth, sign(payload(**{**good, "org": {"id": "evil"}})))
    assert error.public_message == "An error occurred: wrong tenant: evil"
    error = refused(auth, sign(payload(**{**good, "realm_access": {}})))
    assert error.public_message == "An error occurred: not a reader"
    error = refused(auth, sign(payload(**{**good, "org": ...})))
    assert error.public_message == "An error occurred: wrong tenant: NONE"


def test_jwt_authenticate_without_claims_sees_none() -> None:
    auth = build(jwt_access("AUTHENTICATE { IF $auth != NONE { THROW 'auth is set' } }"))
    accepted(auth, sign(payload()))


# ---- order of checks -------------------------------------------------------------------------


ORDER = ("ISSUER 'https://i/' AUDIENCE 'api' LEEWAY 10s "
         "CLAIMS { t: { path: '$.t', required: true }, n: { path: '$.n', type: 'int' } } "
         "AUTHENTICATE { THROW 'authenticate ran' }")
GOOD = {"iss": "https://i/", "aud": "api", "t": "x", "n": 1}


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("changes", "key", "kind"), [
    ({}, None, "thrown"),
    ({"n": "one"}, None, "claim_invalid"),
    ({"t": ..., "n": "one"}, None, "claim_missing"),
    ({"aud": "other", "t": ...}, None, "invalid_audience"),
    ({"iss": "https://i", "aud": "other"}, None, "invalid_issuer"),
    ({"iss": "https://i", "exp": NOW - 60, "iat": NOW - 100}, None, "token_expired"),
    ({"iss": "https://i"}, OTHER_SECRET, "invalid_auth"),
])
def test_order_of_checks(policy: str, changes: dict[str, Any], key: str | None,
                         kind: str) -> None:
    auth = build(jwt_access(ORDER), policy)
    error = refused(auth, sign(payload(**{**GOOD, **changes}), key=key or SECRET))
    assert error.kind == kind
    if kind == "invalid_auth":
        assert error.reason == "signature_invalid"


def test_times_before_signature_under_surrealdb_signature_first_under_strict() -> None:
    token = sign(payload(**{**GOOD, "exp": NOW - 60, "iat": NOW - 100}), key=OTHER_SECRET)
    assert refused(build(jwt_access(ORDER), "surrealdb"), token).kind == "token_expired"
    strict = refused(build(jwt_access(ORDER), "strict"), token)
    assert (strict.kind, strict.reason) == ("invalid_auth", "signature_invalid")


def test_every_new_kind_carries_the_generic_public_message() -> None:
    auth = build(jwt_access(ORDER))
    for changes, kind in (({"iss": "x"}, "invalid_issuer"), ({"aud": "x"}, "invalid_audience"),
                          ({"t": ...}, "claim_missing"), ({"n": []}, "claim_invalid")):
        error = refused(auth, sign(payload(**{**GOOD, **changes})))
        assert (error.kind, error.public_message) == (kind, GENERIC)
        assert str(error).startswith(GENERIC)
        assert re.search(r"\ba\b", error.detail), error.detail  # names the method


# ---- routing by issuer -----------------------------------------------------------------------


ROUTED = (
    f"DEFINE ACCESS tenant_a ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://shared.example/' AUDIENCE 'app-a' CLAIMS { id: '$.sub' };\n"
    f"DEFINE ACCESS tenant_b ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://shared.example/', 'https://b.example/' AUDIENCE 'app-b';\n"
    f"DEFINE ACCESS open_a ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://twice.example/';\n"
    f"DEFINE ACCESS open_b ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://twice.example/';\n"
    f"DEFINE ACCESS plain ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}';\n"
    "USE NS other DB elsewhere;\n"
    f"DEFINE ACCESS far ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://far.example/';\n"
    f"DEFINE ACCESS ops ON ROOT TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://ops.example/';\n"
    "USE NS other;\n"
    f"DEFINE ACCESS nsops ON NAMESPACE TYPE JWT ALGORITHM HS256 KEY '{SECRET}' "
    "ISSUER 'https://nsops.example/';\n"
)


def unrouted(**claims: Any) -> str:
    return sign(payload(route=None, **claims))


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("claims", "where"), [
    ({"iss": "https://shared.example/", "aud": "app-a", "sub": "u"}, ("test", "test", "tenant_a")),
    ({"iss": "https://shared.example/", "aud": ["x", "app-b"]}, ("test", "test", "tenant_b")),
    ({"iss": "https://b.example/", "aud": "app-b"}, ("test", "test", "tenant_b")),
    ({"iss": "https://far.example/"}, ("other", "elsewhere", "far")),
    ({"iss": "https://ops.example/"}, (None, None, "ops")),
    ({"iss": "https://nsops.example/"}, ("other", None, "nsops")),
])
def test_exactly_one_match_routes_to_that_method_in_its_place(
    policy: str, claims: dict[str, Any], where: tuple[str | None, str | None, str]
) -> None:
    session = accepted(build(ROUTED, policy), unrouted(**claims))
    assert (session.ns, session.db, session.ac) == where
    if where[2] == "tenant_a":
        assert session.to_json()["auth"] == {"id": "u"}


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("claims", "names"), [
    ({"iss": "https://nobody.example/"}, "none"),
    ({}, "none"),
    ({"iss": "https://shared.example"}, "none"),  # no trailing-slash folding here either
    ({"iss": "https://shared.example/", "aud": "app-c"}, "none"),
    ({"iss": "https://shared.example/"}, "none"),  # both methods have an AUDIENCE
    ({"iss": "https://twice.example/"}, "'open_a', 'open_b'"),
    ({"iss": "https://shared.example/", "aud": ["app-a", "app-b"]}, "'tenant_a', 'tenant_b'"),
])
def test_no_match_or_several_matches_are_refused(
    policy: str, claims: dict[str, Any], names: str
) -> None:
    error = refused(build(ROUTED, policy), unrouted(**claims))
    assert (error.kind, error.public_message) == ("invalid_auth", GENERIC)
    assert f"{names} (exactly one needed)" in error.detail


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("routing", [
    {"ac": "tenant_b"}, {"AC": "tenant_b"}, {"https://surrealdb.com/ac": "tenant_b"},
    {"ns": "test"}, {"db": "test"}, {"https://surrealdb.com/database": "test"}, {"id": "user:1"},
])
def test_a_token_with_any_routing_claim_is_routed_by_surrealdb_rules(
    policy: str, routing: dict[str, Any]
) -> None:
    token = unrouted(iss="https://shared.example/", aud="app-a", **routing)
    error = refused(build(ROUTED, policy), token)
    assert error.kind in ("invalid_auth", "not_found")
    assert "exactly one needed" not in error.detail


@pytest.mark.parametrize("policy", POLICIES)
def test_routing_claims_still_reach_methods_with_an_issuer(policy: str) -> None:
    token = sign(payload(route="tenant_b", iss="https://b.example/", aud="app-b"))
    assert accepted(build(ROUTED, policy), token).ac == "tenant_b"
    wrong = sign(payload(route="tenant_b", iss="https://shared.example/", aud="app-a"))
    assert refused(build(ROUTED, policy), wrong).kind == "invalid_audience"


@pytest.mark.parametrize("policy", POLICIES)
def test_methods_without_issuer_never_take_part(policy: str) -> None:
    plain = build(jwt_access("", "plain"), policy)
    error = refused(plain, unrouted(iss="https://anything/"))
    assert (error.kind, error.public_message) == ("invalid_auth", GENERIC)
    assert "names no access method" in error.detail
    # a schema with issuers too: the plain method is still only reachable by its routing claims
    error = refused(build(ROUTED, policy), unrouted())
    assert "none (exactly one needed)" in error.detail
    assert accepted(build(ROUTED, policy), sign(payload(route="plain"))).ac == "plain"


@pytest.mark.parametrize("policy", POLICIES)
def test_routing_by_issuer_reaches_record_access(policy: str) -> None:
    text = ("DEFINE ACCESS members ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 "
            f"KEY '{SECRET}' ISSUER 'https://idp/' AUDIENCE 'web' "
            "CLAIMS { id: { path: '$.sub', type: 'record', table: 'member' } } "
            "DURATION FOR TOKEN 1h;")
    session = accepted(build(text, policy), unrouted(iss="https://idp/", aud="web", sub="m1"))
    assert (session.ns, session.db, session.ac, session.rd) == (
        "test", "test", "members", RecordId("member", "m1"))


@pytest.mark.parametrize("policy", POLICIES)
def test_routing_by_issuer_still_checks_the_signature(policy: str) -> None:
    token = sign(payload(route=None, iss="https://far.example/"), key=OTHER_SECRET)
    error = refused(build(ROUTED, policy), token)
    assert (error.kind, error.reason) == ("invalid_auth", "signature_invalid")


# ---- the plan shows the program --------------------------------------------------------------


def test_plan_json_shows_the_compiled_program() -> None:
    auth = sa.compile(sa.parse(FULL), ns="test", db="test")
    data = auth.to_json()["accesses"][0]
    assert data["issuers"] == ["https://acme.eu.auth0.com/"]
    assert data["audiences"] == ["https://api.acme.com"]
    assert data["leeway_seconds"] == 30.0
    assert data["claims"] == {
        "id": {"path": "$.sub", "fast_path": True},
        "email": {"path": "$.email", "fast_path": True},
        "roles": {"path": '$["https://acme.com/roles"]', "fast_path": True, "default": "[]",
                  "type": "array"},
        "tenant": {"path": "$.app_metadata.tenant", "fast_path": True, "required": True},
    }
    json.dumps(auth.to_json())  # JSON-ready


def test_plan_json_marks_paths_that_need_jsonpath_ng() -> None:
    text = jwt_access("CLAIMS { a: '$..x', b: '$.where_ok', c: '$[\"where\"]', "
                      "d: { path: '$.s', type: 'record', table: 'user' } }")
    claims = build(text).to_json()["accesses"][0]["claims"]
    assert {k: v["fast_path"] for k, v in claims.items()} == {
        "a": False, "b": True, "c": True, "d": True}
    assert claims["d"] == {"path": "$.s", "fast_path": True, "type": "record", "table": "user"}


def test_plan_cli_prints_the_program(tmp_path: Path) -> None:
    schema = tmp_path / "auth0.surql"
    schema.write_text(FULL, encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        status = cli.main(["plan", "--schema", str(schema), "--ns", "test", "--db", "test"])
    assert status == 0
    access = json.loads(out.getvalue())["accesses"][0]
    assert access["claims"]["tenant"] == {"path": "$.app_metadata.tenant", "fast_path": True,
                                          "required": True}
    assert access["issuers"] == ["https://acme.eu.auth0.com/"]


def test_check_cli_reports_extension_errors_with_positions(tmp_path: Path) -> None:
    schema = tmp_path / "bad.surql"
    schema.write_text("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://x/jwks'\n"
                      "  LEEWAY 10m;\n", encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        status = cli.main(["check", str(schema)])
    assert status == 1
    assert f"{schema}:2:10: LEEWAY may be at most 5m" in out.getvalue()
    out = io.StringIO()
    with redirect_stdout(out):
        status = cli.main(["check", "--dialect", "surrealdb", str(schema)])
    assert status == 1
    assert f"{schema}:2:3: {DIALECT_MESSAGE.format('LEEWAY')}" in out.getvalue()


def test_compile_problem_positions_match_check() -> None:
    text = ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://x/jwks'\n"
            "  CLAIMS { a: '$[' };\n")
    with pytest.raises(sa.CompileError) as caught:
        build(text)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == at(text, "'$['")
    assert re.match(r"invalid JSONPath '\$\[': ", problem.message)


def test_a_bad_claims_clause_fails_compile_even_if_check_misses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The compiler must not rely on check() alone: a CLAIMS clause it cannot compile would
    # otherwise become a plan that maps no claims at all.
    import surrealaccess.compiler as compiler

    monkeypatch.setattr(compiler, "check", lambda script, **_: [])
    text = jwt_access("CLAIMS { a: { path: '$[' } }")
    with pytest.raises(sa.CompileError) as caught:
        sa.compile(sa.parse(text), ns="test", db="test", clock=lambda: NOW)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == at(text, "'$['")
    assert problem.message.startswith("invalid JSONPath '$[': ")
