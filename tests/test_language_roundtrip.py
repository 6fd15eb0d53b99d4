"""``parse(format(x))`` equals ``parse(x)`` for every statement kind (no engine needed).

DEFINE ACCESS and DEFINE USER keep what was written (None where the author wrote nothing),
while their canonical text writes SurrealDB's defaults out; they compare by meaning
(`surrealaccess.access.meaning`), so the two are equal all the same.
"""

from __future__ import annotations

import access_cases
import language_cases
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surrealaccess as sa
from surrealaccess import ast


def _accepted() -> list[ast.Script]:
    scripts = []
    for case in language_cases.generate(3000):
        try:
            scripts.append(sa.parse(case.text, dialect="surrealdb"))
        except sa.ParseError:
            continue
    return scripts


SCRIPTS = _accepted()


def test_enough_statements_of_every_family() -> None:
    kinds = {type(s).__name__ for script in SCRIPTS for s in script.statements}
    assert len(SCRIPTS) > 1500
    for expected in (
        "DefineTable",
        "DefineField",
        "DefineIndex",
        "DefineEvent",
        "DefineFunction",
        "DefineParam",
        "DefineAnalyzer",
        "DefineNamespace",
        "DefineDatabase",
        "DefineSequence",
        "DefineApi",
        "DefineConfig",
        "Remove",
        "Alter",
        "Info",
        "Transaction",
        "OptionStmt",
        "Select",
        "Create",
        "Update",
        "Delete",
        "Relate",
        "Insert",
        "ForEach",
        "Live",
    ):
        assert expected in kinds, expected


@pytest.mark.parametrize("redact", [False])
def test_format_parses_back_to_the_same_tree(redact: bool) -> None:
    for script in SCRIPTS:
        text = sa.format(script, redact=redact)
        again = sa.parse(text, dialect="surrealdb")
        for before, after in zip(script.statements, again.statements, strict=True):
            if "NaN" in text:
                # NaN != NaN, so a tree holding NaN never equals itself: compare the text.
                assert sa.format(after) == sa.format(before), script.source
                continue
            assert after == before, (script.source, text)


def test_format_is_a_fixed_point() -> None:
    for script in SCRIPTS:
        once = sa.format(script)
        assert sa.format(sa.parse(once, dialect="surrealdb")) == once


# ---- DEFINE ACCESS and DEFINE USER: equal by meaning ------------------------------------------


def _one(text: str, dialect: ast.Dialect = "surrealdb") -> ast.DefineAccess | ast.DefineUser:
    [node] = sa.parse(text, dialect=dialect).statements
    assert isinstance(node, (ast.DefineAccess, ast.DefineUser))
    return node


def _definitions() -> list[ast.DefineAccess | ast.DefineUser]:
    texts = [*access_cases.SPECIAL, *access_cases.generate(600)]
    texts += [case.text for case in language_cases.generate(3000)]
    nodes = []
    for text in texts:
        for dialect in ("surrealdb", "extended"):
            try:
                script = sa.parse(text, dialect=dialect)
            except sa.ParseError:
                continue
            nodes += [
                s for s in script.statements if isinstance(s, (ast.DefineAccess, ast.DefineUser))
            ]
    return [n for n in nodes if "NaN" not in sa.format(n)]


DEFINITIONS = _definitions()


def test_generated_definitions_parse_back_to_an_equal_tree() -> None:
    assert len(DEFINITIONS) > 1000
    assert {type(n) for n in DEFINITIONS} == {ast.DefineAccess, ast.DefineUser}
    for node in DEFINITIONS:
        again = _one(sa.format(node), "extended")
        assert again == node, sa.format(node)
        assert hash(again) == hash(node)


def test_definitions_are_equal_exactly_when_their_canonical_text_is() -> None:
    by_text: dict[str, list[ast.DefineAccess | ast.DefineUser]] = {}
    for node in DEFINITIONS:
        by_text.setdefault(sa.format(node), []).append(node)
    assert len(by_text) > 400
    for group in by_text.values():
        assert all(node == group[0] and hash(node) == hash(group[0]) for node in group)
    firsts = [group[0] for group in by_text.values()]
    assert len(set(firsts)) == len(firsts)  # no two different texts are equal


def test_equal_by_meaning_but_the_fields_keep_what_was_written() -> None:
    written = _one("DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x'")
    text = sa.format(written)
    assert text == (
        "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x' WITH ISSUER KEY 'x' "
        "DURATION FOR TOKEN 1h, FOR SESSION NONE"
    )
    again = _one(text)
    assert again == written and hash(again) == hash(written)
    assert written.__ne__(again) is False  # `!=` follows `==`
    # The compiler and the linter still see what the author wrote, and what they did not.
    assert isinstance(written, ast.DefineAccess) and isinstance(again, ast.DefineAccess)
    assert written.durations == ast.Durations()
    assert again.durations == ast.Durations(
        token=ast.DurationLiteral(nanoseconds=3600 * 10**9), session=ast.NoneLiteral()
    )
    assert isinstance(written.type, ast.JwtAccess) and written.type.jwt.issuer is None
    assert isinstance(again.type, ast.JwtAccess) and again.type.jwt.issuer is not None
    assert written.durations != again.durations  # the parts compare as written
    assert {written, again} == {written}


SAME = [
    # RECORD with and without its defaults written out.
    ("DEFINE ACCESS r ON DATABASE",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR TOKEN 1h, FOR SESSION NONE"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD",
     "DEFINE ACCESS r ON DB TYPE RECORD DURATION FOR SESSION NONE, FOR TOKEN 60m"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH "
     "DURATION FOR GRANT 30d, FOR TOKEN 1h, FOR SESSION NONE"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user) DURATION FOR TOKEN 2h",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user) "
     "DURATION FOR TOKEN 2h, FOR SESSION NONE"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k'",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k' "
     "WITH ISSUER KEY 'k' DURATION FOR TOKEN 1h"),
    # JWT: the issuer an HMAC key implies, a duration the method never uses.
    ("DEFINE ACCESS a ON ROOT TYPE JWT ALGORITHM HS384 KEY 'x' WITH ISSUER",
     "DEFINE ACCESS a ON ROOT TYPE JWT ALGORITHM HS384 KEY 'x' WITH ISSUER ALGORITHM HS384"),
    ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example/jwks.json'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://idp.example/jwks.json' "
     "DURATION FOR TOKEN 5h, FOR SESSION NONE"),
    ("DEFINE ACCESS b ON NAMESPACE TYPE BEARER FOR USER",
     "DEFINE ACCESS b ON NS TYPE BEARER FOR USER "
     "DURATION FOR GRANT 4w2d, FOR TOKEN 1h, FOR SESSION NONE"),
    # Constant values count as the value SurrealDB stores.
    ("DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x' + 'y' COMMENT 'a' + 'b'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'xy' COMMENT 'ab'"),
    ("DEFINE ACCESS 'a' ON DATABASE TYPE RECORD DURATION FOR TOKEN '2h', FOR SESSION 1h + 1h",
     "DEFINE ACCESS a ON DATABASE TYPE RECORD DURATION FOR TOKEN 2h, FOR SESSION 2h"),
    ("DEFINE ACCESS a ON DATABASE TYPE RECORD COMMENT NONE", "DEFINE ACCESS a ON DATABASE"),
    # DEFINE USER: the role Viewer (so spelled), a one-hour token and a session that never
    # expires.
    ("DEFINE USER u ON ROOT PASSWORD 'p'",
     "DEFINE USER u ON ROOT PASSWORD 'p' ROLES Viewer DURATION FOR TOKEN 1h, FOR SESSION NONE"),
    ("DEFINE USER u ON DATABASE PASSHASH 'h' DURATION FOR SESSION 2h",
     "DEFINE USER u ON DB PASSHASH 'h' ROLES `Viewer` DURATION FOR TOKEN 60m, FOR SESSION 2h"),
    ("DEFINE USER u ON ROOT ROLES editor, OWNER", "DEFINE USER u ON ROOT ROLES ⟨editor⟩, `OWNER`"),
    ("DEFINE USER 'u' ON NAMESPACE ROLES OWNER COMMENT 'x' + 'y'",
     "DEFINE USER u ON NAMESPACE ROLES OWNER DURATION FOR SESSION NONE COMMENT 'xy'"),
]  # fmt: skip

DIFFERENT = [
    # a different key, algorithm, issuer key or URL
    ("DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'y'"),
    ("DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'x'"),
    ("DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x' WITH ISSUER KEY 'y'"),
    ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://a.example/jwks'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://b.example/jwks'"),
    ("DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://a.example/jwks'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT URL 'https://a.example/jwks' WITH ISSUER KEY 'k'"),
    # SurrealDB's random key is not a written one
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS512 KEY 'x'"),
    # a different duration; NONE written is not the default left out
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR TOKEN 2h"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR TOKEN NONE"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD DURATION FOR SESSION 1h"),
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH DURATION FOR GRANT 31d"),
    # other clauses, names, bases and modes
    ("DEFINE ACCESS r ON DATABASE TYPE RECORD",
     "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH"),
    ("DEFINE ACCESS r ON DATABASE", "DEFINE ACCESS r ON DATABASE COMMENT ''"),
    ("DEFINE ACCESS r ON DATABASE", "DEFINE ACCESS r ON DATABASE AUTHENTICATE $auth"),
    ("DEFINE ACCESS r ON DATABASE", "DEFINE ACCESS s ON DATABASE"),
    ("DEFINE ACCESS r ON DATABASE", "DEFINE ACCESS OVERWRITE r ON DATABASE"),
    ("DEFINE ACCESS a ON ROOT TYPE JWT ALGORITHM HS512 KEY 'x'",
     "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'x'"),
    ("DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER",
     "DEFINE ACCESS b ON DATABASE TYPE BEARER FOR RECORD"),
    # DEFINE USER: roles, durations, secrets
    ("DEFINE USER u ON ROOT PASSWORD 'p'", "DEFINE USER u ON ROOT PASSWORD 'p' ROLES EDITOR"),
    ("DEFINE USER u ON ROOT ROLES VIEWER", "DEFINE USER u ON ROOT ROLES VIEWER, EDITOR"),
    ("DEFINE USER u ON ROOT ROLES OWNER", "DEFINE USER u ON ROOT ROLES EDITOR"),
    # SurrealDB stores a role as spelled (INFO … STRUCTURE shows it) and puts that spelling in
    # a bearer token's RL claim, although INFO FOR prints every spelling upper-cased.
    ("DEFINE USER u ON ROOT ROLES editor", "DEFINE USER u ON ROOT ROLES EDITOR"),
    ("DEFINE USER u ON ROOT PASSWORD 'p'", "DEFINE USER u ON ROOT PASSWORD 'p' ROLES VIEWER"),
    ("DEFINE USER u ON ROOT PASSWORD 'p'", "DEFINE USER u ON ROOT PASSWORD 'p' ROLES viewer"),
    ("DEFINE USER u ON ROOT ROLES EDITOR, OWNER", "DEFINE USER u ON ROOT ROLES OWNER, EDITOR"),
    ("DEFINE USER u ON ROOT ROLES EDITOR", "DEFINE USER u ON ROOT ROLES EDITOR, EDITOR"),
    ("DEFINE USER u ON ROOT PASSWORD 'p'", "DEFINE USER u ON ROOT PASSWORD 'q'"),
    ("DEFINE USER u ON ROOT PASSWORD 'p'", "DEFINE USER u ON ROOT PASSHASH 'p'"),
    ("DEFINE USER u ON ROOT", "DEFINE USER u ON ROOT DURATION FOR TOKEN 2h"),
    ("DEFINE USER u ON ROOT", "DEFINE USER u ON ROOT DURATION FOR TOKEN NONE"),
    ("DEFINE USER u ON ROOT", "DEFINE USER u ON ROOT DURATION FOR SESSION 1d"),
    ("DEFINE USER u ON ROOT", "DEFINE USER u ON NAMESPACE"),
]  # fmt: skip


@pytest.mark.parametrize(("left", "right"), SAME)
def test_definitions_that_mean_the_same_are_equal(left: str, right: str) -> None:
    a, b = _one(left), _one(right)
    assert a == b and b == a and hash(a) == hash(b)
    assert sa.format(a) == sa.format(b)
    assert _one(sa.format(a)) == a


@pytest.mark.parametrize(("left", "right"), DIFFERENT)
def test_definitions_that_mean_something_else_are_not_equal(left: str, right: str) -> None:
    a, b = _one(left), _one(right)
    assert a != b and b != a
    assert sa.format(a) != sa.format(b)
    assert _one(sa.format(a)) == a and _one(sa.format(b)) == b


def test_a_definition_equals_only_its_own_kind() -> None:
    access = _one("DEFINE ACCESS u ON ROOT TYPE JWT ALGORITHM HS512 KEY 'x'")
    user = _one("DEFINE USER u ON ROOT")
    assert access != user and user != access
    assert access != "DEFINE ACCESS u ON ROOT" and user is not None


_DURATIONS = st.sampled_from([None, "1h", "60m", "2h", "NONE", "'1h'", "30m + 30m", "1d"])
_COMMENTS = st.sampled_from([None, "'c'", "'' + 'c'", "NONE", "'d'"])


def _durations_clause(items: list[tuple[str, str | None]]) -> str:
    written = [f"FOR {kind} {value}" for kind, value in items if value is not None]
    return f" DURATION {', '.join(written)}" if written else ""


@st.composite
def _user_texts(draw: st.DrawFn) -> str:
    text = f"DEFINE USER {draw(st.sampled_from(['u', 'v', '`u`']))} ON ROOT"
    secret = draw(st.sampled_from([None, "PASSWORD 'p'", "PASSWORD 'q'", "PASSHASH 'p'"]))
    text += f" {secret}" if secret else ""
    roles = draw(st.lists(st.sampled_from(
        ["VIEWER", "Viewer", "viewer", "EDITOR", "editor", "OWNER", "Owner", "`owner`"]),
        max_size=2))
    text += f" ROLES {', '.join(roles)}" if roles else ""
    text += _durations_clause([("TOKEN", draw(_DURATIONS)), ("SESSION", draw(_DURATIONS))])
    comment = draw(_COMMENTS)
    return text + (f" COMMENT {comment}" if comment else "")


@st.composite
def _access_texts(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from([
        "", " TYPE RECORD", " TYPE RECORD WITH REFRESH", " TYPE JWT ALGORITHM HS512 KEY 'k'",
        " TYPE JWT ALGORITHM HS512 KEY 'k' WITH ISSUER KEY 'k'",
        " TYPE JWT ALGORITHM HS512 KEY 'k' WITH ISSUER KEY 'j'",
        " TYPE JWT ALGORITHM HS256 KEY 'k'", " TYPE JWT URL 'https://x.example/jwks'",
        " TYPE RECORD WITH JWT ALGORITHM HS512 KEY 'k'", " TYPE BEARER FOR USER",
        " TYPE BEARER FOR RECORD",
    ]))  # fmt: skip
    name = draw(st.sampled_from(["a", "b", "'a'"]))
    text = f"DEFINE ACCESS {name} ON DB"
    text += kind + _durations_clause(
        [(k, draw(_DURATIONS)) for k in ("GRANT", "TOKEN", "SESSION")]
    )
    comment = draw(_COMMENTS)
    return text + (f" COMMENT {comment}" if comment else "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_user_texts(), _access_texts()), st.one_of(_user_texts(), _access_texts()))
def test_equal_exactly_when_the_canonical_text_is(left: str, right: str) -> None:
    a, b = _one(left), _one(right)
    assert _one(sa.format(a)) == a and _one(sa.format(b)) == b
    assert (a == b) == (sa.format(a) == sa.format(b))
    if a == b:
        assert hash(a) == hash(b)
