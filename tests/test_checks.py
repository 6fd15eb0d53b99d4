"""Definition-time checks (what SurrealDB refuses when it runs a statement)."""

from __future__ import annotations

import pytest

import surrealaccess as sa


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES512 KEY 'a'", sa.checks.ES512_MESSAGE),
        ("DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'a' WITH ISSUER KEY 'b'",
         "Invalid query: Symmetric algorithm HS256 requires the same key for signing and "
         "verification. Use the same key value for both KEY and WITH ISSUER KEY clauses, or omit "
         "WITH ISSUER KEY."),
        ("DEFINE ACCESS a ON DB TYPE RECORD DURATION FOR TOKEN NONE",
         sa.checks.RECORD_TOKEN_MESSAGE),
        ("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' DURATION FOR SESSION NULL",
         "Could not cast into `duration` using input `NULL`"),
        ("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 123",
         "Expected `string` but found `123`"),
        ("DEFINE ACCESS true ON DB", "Expected `access name` but found `true`"),
        ("DEFINE ACCESS a ON DB TYPE BEARER FOR USER; DEFINE ACCESS a ON DB TYPE BEARER FOR USER",
         "The access method 'a' already exists in the database ''"),
    ],
)
def test_engine_execution_errors(text: str, message: str) -> None:
    problems = sa.check(sa.parse(text, dialect="surrealdb"))
    assert [p.message for p in problems] == [message]


def test_problem_positions_and_text() -> None:
    text = "USE NS n DB d;\nDEFINE ACCESS a ON DB\n  TYPE JWT ALGORITHM ES512 KEY 'a'"
    (problem,) = sa.check(sa.parse(text, path="s.surql"))
    assert (problem.span.line, problem.span.column) == (3, 22)
    assert str(problem) == f"s.surql:3:22: {sa.checks.ES512_MESSAGE}"


def test_valid_definitions_have_no_problems() -> None:
    script = sa.parse(
        "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' WITH ISSUER KEY 's';"
        "DEFINE ACCESS OVERWRITE a ON DB TYPE JWT ALGORITHM HS256 KEY 's' WITH ISSUER;"
        "DEFINE ACCESS b ON DB TYPE RECORD DURATION FOR TOKEN 15m, FOR SESSION '12h';"
        "DEFINE ACCESS c ON DB TYPE JWT ALGORITHM HS256 KEY $secret"
    )
    assert sa.check(script) == []


def test_duplicate_messages_follow_use() -> None:
    script = sa.parse("USE NS app DB main; DEFINE ACCESS a ON NS TYPE BEARER FOR USER;"
                      "DEFINE ACCESS a ON NS TYPE BEARER FOR USER;"
                      "DEFINE ACCESS IF NOT EXISTS a ON NS TYPE BEARER FOR USER")
    assert [p.message for p in sa.check(script)] == [
        "The access method 'a' already exists in the namespace 'app'"]


def test_a_user_defined_twice_is_refused_as_the_engine_refuses_it() -> None:
    script = sa.parse(
        "USE NS app DB main;"
        "DEFINE USER u ON DB PASSWORD 'p'; DEFINE USER u ON DB PASSWORD 'q';"  # refused
        "DEFINE USER OVERWRITE u ON DB PASSWORD 'r'; DEFINE USER IF NOT EXISTS u ON DB "
        "PASSWORD 's';"
        "DEFINE USER U ON DB PASSWORD 'p'; DEFINE USER u ON NS PASSWORD 'p';"  # other users
        "DEFINE ACCESS u ON DB TYPE BEARER FOR USER;"  # users and methods do not collide
        "REMOVE USER u ON DB; DEFINE USER u ON DB PASSWORD 'p';"  # defined again after removal
        "DEFINE USER r ON ROOT PASSWORD 'p'; DEFINE USER r ON ROOT PASSWORD 'p';"  # refused
        "USE DB other; DEFINE USER u ON DB PASSWORD 'p'"  # another database
    )
    assert [p.message for p in sa.check(script)] == [
        "The user 'u' already exists in the database 'main'",
        "The root user 'r' already exists",
    ]


def test_top_level_let_of_a_protected_variable_is_refused() -> None:
    # SurrealDB parses it and refuses to run it; inside AUTHENTICATE it fails per token.
    [problem] = sa.check(sa.parse("LET $auth = 1;"))
    assert problem.message == "'auth' is a protected variable and cannot be set"
    assert sa.check(sa.parse(
        "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'x' "
        "AUTHENTICATE { LET $auth = 1; RETURN NONE };"), ns="t", db="t") == []
