"""Differential tests: our verdict and canonical text against the real SurrealDB 3.x engine."""

from __future__ import annotations

from typing import Any

import pytest
from access_cases import SPECIAL, SPECIAL_REJECTED, generate

import surrealaccess as sa
from surrealaccess import ast
from surrealaccess.static import NOT_STATIC, evaluate

pytestmark = pytest.mark.oracle


def _ours(text: str) -> tuple[bool, ast.Script | None, str]:
    try:
        script = sa.parse(text, dialect="surrealdb")
    except sa.ParseError as error:
        return False, None, error.message
    problems = sa.check(script)
    return not problems, script, problems[0].message if problems else ""


def _has_dynamic_value(define: ast.DefineAccess) -> bool:
    """Whether a stored value needs a database to compute (we then print the expression)."""
    values: list[Any] = [define.durations.grant, define.durations.token, define.durations.session,
                         define.comment]
    return any(v is not None and evaluate(v) is NOT_STATIC for v in values)


@pytest.fixture(scope="module")
def cases(engine: Any) -> list[tuple[str, Any]]:
    statements = list(SPECIAL) + list(SPECIAL_REJECTED) + generate(600)
    return list(zip(statements, engine.run(statements), strict=True))


def test_enough_cases_of_each_kind(cases: list[tuple[str, Any]]) -> None:
    accepted = sum(v.accepted for _, v in cases)
    assert len(cases) >= 600
    assert accepted >= 350 and len(cases) - accepted >= 150
    assert not [s for s, v in cases if v.message == "engine crashed"]


def test_accept_reject_verdicts_match_the_engine(cases: list[tuple[str, Any]]) -> None:
    disagreements = []
    for text, verdict in cases:
        ours, _, message = _ours(text)
        if ours != verdict.accepted:
            disagreements.append((text, verdict.message, message))
    assert disagreements == []


def test_parse_error_positions_match_the_engine(cases: list[tuple[str, Any]]) -> None:
    checked = 0
    mismatches = []
    for text, verdict in cases:
        if not verdict.parse_error or verdict.line is None:
            continue
        try:
            sa.parse(text, dialect="surrealdb")
        except sa.ParseError as error:
            checked += 1
            if (error.line, error.column) != (verdict.line, verdict.column):
                mismatches.append((text, (verdict.line, verdict.column), (error.line, error.column),
                                   verdict.message, error.message))
    assert checked >= 100
    # Positions agree for the overwhelming majority; the rest are listed so regressions show.
    # Measured: 120 of 151 agree (the rest: generic errors where LALR stops later/earlier).
    assert len(mismatches) <= checked // 4, mismatches[:10]


def test_canonical_text_matches_info_for(cases: list[tuple[str, Any]]) -> None:
    compared = 0
    mismatches = []
    for text, verdict in cases:
        ours, script, _ = _ours(text)
        if not (ours and verdict.accepted and verdict.text):
            continue
        define = script.accesses[-1] if script else None
        assert define is not None
        if _has_dynamic_value(define):
            continue
        compared += 1
        got = sa.format(define, redact=True)
        if got != verdict.text:
            mismatches.append((text, verdict.text, got))
    assert compared >= 350
    assert mismatches == []


#: Scripts of system-user statements, each run by the engine in a fresh database (test/test):
#: duplicate DEFINE USER (plain, OVERWRITE, IF NOT EXISTS), REMOVE USER of a missing user (with
#: and without IF EXISTS), ALTER USER of a missing user, at each level; case-sensitive names;
#: users and access methods of the same name do not collide.
USER_SCRIPTS = [
    *(f"DEFINE USER x ON {base} PASSWORD 'p'; DEFINE USER {mode}x ON {base} PASSWORD 'q'"
      for base in ("DATABASE", "NAMESPACE", "ROOT")
      for mode in ("", "OVERWRITE ", "IF NOT EXISTS ")),
    *(f"REMOVE USER {mode}nobody ON {base}"
      for base in ("DATABASE", "NAMESPACE", "ROOT") for mode in ("", "IF EXISTS ")),
    *(f"ALTER USER {mode}nobody ON {base} ROLES editor"
      for base in ("DATABASE", "NAMESPACE", "ROOT") for mode in ("", "IF EXISTS ")),
    "DEFINE USER x ON DATABASE PASSWORD 'p'; REMOVE USER x ON DATABASE; "
    "REMOVE USER x ON DATABASE",
    "DEFINE USER x ON DATABASE PASSWORD 'p'; REMOVE USER x ON DATABASE; "
    "DEFINE USER x ON DATABASE PASSWORD 'p'",
    "DEFINE USER x ON DATABASE PASSWORD 'p'; DEFINE USER X ON DATABASE PASSWORD 'p'",
    "DEFINE USER x ON DATABASE PASSWORD 'p'; REMOVE USER X ON DATABASE",
    "DEFINE USER `a b` ON DATABASE PASSWORD 'p'; DEFINE USER ⟨a b⟩ ON DATABASE PASSWORD 'p'",
    "DEFINE USER x ON ROOT PASSWORD 'p'; DEFINE USER x ON NAMESPACE PASSWORD 'p'; "
    "DEFINE USER x ON DATABASE PASSWORD 'p'",
    "DEFINE USER x ON ROOT PASSWORD 'p'; REMOVE USER x ON DATABASE",
    "DEFINE USER x ON DATABASE PASSWORD 'p'; USE DB other; DEFINE USER x ON DATABASE "
    "PASSWORD 'p'; REMOVE USER x ON DATABASE; REMOVE USER x ON DATABASE",
    "DEFINE USER x ON NAMESPACE PASSWORD 'p'; USE NS other; DEFINE USER x ON NAMESPACE "
    "PASSWORD 'p'; REMOVE USER x ON NAMESPACE; REMOVE USER x ON NAMESPACE",
    *(f"DEFINE ACCESS x ON {base} TYPE BEARER FOR USER; DEFINE USER x ON {base} PASSWORD 'p'; "
      f"REMOVE USER x ON {base}; REMOVE ACCESS x ON {base}"
      for base in ("DATABASE", "NAMESPACE", "ROOT")),
    "DEFINE USER x ON DATABASE PASSWORD 'p'; DEFINE ACCESS x ON DATABASE TYPE BEARER FOR USER; "
    "DEFINE USER x ON DATABASE PASSWORD 'q'",
    "DEFINE ACCESS x ON DATABASE TYPE BEARER FOR USER; REMOVE USER x ON DATABASE",
]

#: The same for access methods: duplicate DEFINE ACCESS, ALTER / REMOVE ACCESS of a missing one.
_JWT = "TYPE JWT ALGORITHM HS256 KEY 'a-throwaway-test-secret-of-48-characters-aaaaaa'"
ACCESS_SCRIPTS = [
    *(f"DEFINE ACCESS a ON {base} {_JWT}; DEFINE ACCESS {mode}a ON {base} {_JWT}"
      for base in ("DATABASE", "NAMESPACE", "ROOT")
      for mode in ("", "OVERWRITE ", "IF NOT EXISTS ")),
    *(f"REMOVE ACCESS {mode}nobody ON {base}"
      for base in ("DATABASE", "NAMESPACE", "ROOT") for mode in ("", "IF EXISTS ")),
    *(f"ALTER ACCESS {mode}nobody ON {base} DURATION FOR SESSION 1h"
      for base in ("DATABASE", "NAMESPACE", "ROOT") for mode in ("", "IF EXISTS ")),
    f"DEFINE ACCESS a ON DATABASE {_JWT}; REMOVE ACCESS a ON DATABASE; REMOVE ACCESS a ON DATABASE",
    f"DEFINE ACCESS a ON DATABASE {_JWT}; REMOVE ACCESS A ON DATABASE",
    f"DEFINE ACCESS a ON ROOT {_JWT}; REMOVE ACCESS a ON DATABASE",
    f"DEFINE ACCESS a ON DATABASE {_JWT}; USE DB other; ALTER ACCESS a ON DATABASE "
    "DURATION FOR SESSION 1h",
]


@pytest.mark.parametrize("scripts", [USER_SCRIPTS, ACCESS_SCRIPTS], ids=["users", "access"])
def test_definition_verdicts_and_messages_match_the_engine(
    engine: Any, scripts: list[str]
) -> None:
    # compile() applies DEFINE / ALTER / REMOVE USER and ACCESS as the engine runs them: the
    # same statements are refused, with the engine's message (the first refused statement's).
    verdicts = engine.run(scripts)
    seen = []
    for text, verdict in zip(scripts, verdicts, strict=True):
        try:
            sa.compile(sa.parse(text, dialect="surrealdb"), ns="test", db="test")
        except sa.CompileError as error:
            ours: str | None = error.problems[0].message
        else:
            ours = None
        seen.append((text, verdict.message, ours))
    assert [(text, theirs, ours) for text, theirs, ours in seen if theirs != ours] == []
    assert sum(theirs is None for _, theirs, _ in seen) >= 6
    assert sum(theirs is not None for _, theirs, _ in seen) >= 6
