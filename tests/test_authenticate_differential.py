"""Differential tests: AUTHENTICATE clauses under ``policy="surrealdb"`` against SurrealDB 3.x.

Every token of :mod:`authenticate_cases` is authenticated twice:

* by the embedded engine, through the child-process harness :mod:`token_oracle` (one fresh
  ``mem://`` datastore per schema; the schema is the clause's data, its ``DEFINE FUNCTION`` /
  ``DEFINE PARAM`` definitions and its ``DEFINE ACCESS``);
* by ``surrealaccess.compile(..., policy="surrealdb")`` of the definitions and the
  ``DEFINE ACCESS``. Clauses with data get a real `surrealaccess.SurrealDatastore` (in a child
  process, :mod:`datastore_child`) prepared with the same data and definitions, so both sides
  see the same records; clauses without data get no datastore at all, which also proves that
  they are evaluated by the interpreter alone.

The verdicts must agree; for rejections the kind (``thrown`` / ``invalid_auth`` / …) and the
public message (``An error occurred: { a: 1 }`` …) must be the engine's; for successes
``$auth``, ``$token``, ``$access`` and ``$session`` must be equal (ints and floats told apart).
The engine uses the wall clock, so our side is evaluated at every second from the one the
harness recorded before ``authenticate`` to the one after, and passes if any agrees.

A disagreement must be fixed, or listed with its reason in ``authenticate_known_gaps.txt``
(``<case id or fnmatch pattern>\\t<reason>``); a listed case that agrees fails as stale.
"""

from __future__ import annotations

import fnmatch
import time
from collections import Counter
from pathlib import Path
from typing import Any

import authenticate_cases
import pytest
import token_oracle
from authenticate_cases import AuthCase
from datastore_child import ChildDatastore
from strict_json import plain, strict_equal
from token_oracle import TokenOutcome

import surrealaccess as sa

pytestmark = pytest.mark.oracle

GAPS_FILE = Path(__file__).with_name("authenticate_known_gaps.txt")
GENERIC = "There was a problem with authentication"
_CASES = authenticate_cases.generate()
_BY_ID = {case.id: case for case in _CASES}


def known_gaps() -> dict[str, str]:
    gaps = {}
    for line in GAPS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, reason = line.split("\t", 1)
            gaps[pattern] = reason.strip()
    return gaps


def _gap(case_id: str, gaps: dict[str, str]) -> str | None:
    for pattern, reason in gaps.items():
        if fnmatch.fnmatchcase(case_id, pattern):
            return reason
    return None


# --------------------------------------------------------------------------- views


def _engine_view(outcome: TokenOutcome) -> dict[str, Any]:
    if outcome.ok:
        assert outcome.value is not None, outcome.message
        return {"ok": True, **outcome.value}
    message = outcome.message or ""
    if outcome.error_class == "ThrownError" or message.startswith("An error occurred: "):
        kind = "thrown"
    elif message == GENERIC:
        kind = "invalid_auth"
    else:
        kind = f"unclassified: {outcome.error_class}"
    return {"ok": False, "kind": kind, "message": message}


def _our_view(auth: Any, case: AuthCase, now: int) -> dict[str, Any]:
    try:
        session = auth.authenticate(case.token, now=now)
    except sa.AuthenticationError as error:
        return {"ok": False, "kind": error.kind, "message": error.public_message,
                "detail": error.detail}
    value = plain(session.to_json())
    state = dict(value["session"])
    state["ns"] = state.get("ns") or token_oracle.PRIOR_NS
    state["db"] = state.get("db") or token_oracle.PRIOR_DB
    return {
        "ok": True,
        "auth": value["auth"],
        "token": value["token"],
        "access": value["access"],
        "session": {k: state.get(k) for k in ("ac", "db", "exp", "ns", "rd", "tk")},
    }


def _same(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    mine = {k: v for k, v in ours.items() if k != "detail"}
    return strict_equal(plain(mine), plain(theirs))


def _no_http(url: str, timeout: float) -> Any:  # no clause has a JWKS URL
    raise AssertionError(f"unexpected fetch of {url}")


# --------------------------------------------------------------------------- both sides


@pytest.fixture(scope="module")
def engine_outcomes(engine: Any) -> dict[str, TokenOutcome]:
    started = time.monotonic()
    groups: dict[str, list[AuthCase]] = {}
    for case in _CASES:
        groups.setdefault(case.clause.schema, []).append(case)
    batches = [(schema, [c.token for c in group]) for schema, group in groups.items()]
    results = token_oracle.run_batches(batches)
    print(f"\nengine: {len(_CASES)} tokens in {len(batches)} schemas in "
          f"{time.monotonic() - started:.1f}s")
    return {
        case.id: outcome
        for group, outcomes in zip(groups.values(), results, strict=True)
        for case, outcome in zip(group, outcomes, strict=True)
    }


class Comparison:
    """Both sides' views of every case, computed once per module."""

    def __init__(self) -> None:
        self.engine: dict[str, dict[str, Any]] = {}
        self.ours: dict[str, dict[str, Any]] = {}
        self.agree: dict[str, bool] = {}
        self.datastore_calls: dict[str, int] = {}


@pytest.fixture(scope="module")
def comparison(engine_outcomes: dict[str, TokenOutcome]) -> Comparison:
    started = time.monotonic()
    result = Comparison()
    clauses: dict[str, list[AuthCase]] = {}
    for case in _CASES:
        clauses.setdefault(case.clause.id, []).append(case)
    with ChildDatastore() as store:
        for cases in clauses.values():
            clause = cases[0].clause
            before = store.calls
            auth: Any = None
            failure: dict[str, Any] | None = None
            try:
                if clause.data:
                    store.reset(clause.setup)
                auth = sa.compile(
                    sa.parse(clause.script, dialect="surrealdb"), ns="test", db="test",
                    policy="surrealdb", datastore=store if clause.data else None,
                    http=_no_http,
                )
            except sa.SurrealAccessError as error:
                failure = {"ok": False, "kind": "compile_error",
                           "message": str(error).splitlines()[0]}
            for case in cases:
                outcome = engine_outcomes[case.id]
                theirs = _engine_view(outcome)
                result.engine[case.id] = theirs
                if outcome.error_class in (token_oracle.CRASHED, token_oracle.TIMED_OUT):
                    result.ours[case.id] = {"ok": False, "kind": "engine gave no answer"}
                    result.agree[case.id] = False
                    continue
                if failure is not None:
                    result.ours[case.id] = failure
                    result.agree[case.id] = False
                    continue
                first: dict[str, Any] | None = None
                agree = False
                for now in range(outcome.now_before, max(outcome.now_after, outcome.now_before)
                                 + 1):
                    mine = _our_view(auth, case, now)
                    first = first or mine
                    if _same(mine, theirs):
                        agree, first = True, mine
                        break
                assert first is not None
                result.ours[case.id] = first
                result.agree[case.id] = agree
            result.datastore_calls[clause.id] = store.calls - before
            assert not store.crashed, f"the datastore's engine crashed in {clause.id}"
    agreed = sum(result.agree.values())
    print(f"\nours: {len(_CASES)} tokens in {time.monotonic() - started:.1f}s; "
          f"{agreed}/{len(_CASES)} agree with the engine")
    return result


# --------------------------------------------------------------------------- tests


def test_counts_and_coverage(comparison: Comparison) -> None:
    clauses = authenticate_cases.clauses()
    families = Counter(c.family for c in clauses)
    kinds = Counter(
        "success" if v["ok"] else v["kind"] for v in comparison.engine.values()
    )
    print(f"\n{len(clauses)} clauses, {len(_CASES)} tokens; families {dict(families)}; "
          f"engine outcomes {dict(kinds)}")
    assert len(clauses) >= 150
    assert len(_CASES) >= 600
    assert set(families) >= {
        "issuer", "audience", "email", "roles", "tenant", "throw", "if_else", "jwt_return",
        "record_return", "fn", "param", "let", "session", "access", "claims", "errors",
        "semantics",
    }
    assert {c.kind for c in clauses} == {"JWT", "RECORD"}
    assert kinds["success"] >= 200 and kinds["thrown"] >= 200 and kinds["invalid_auth"] >= 100
    assert not [k for k in kinds if k.startswith("unclassified")], kinds
    assert len({c.id for c in clauses}) == len(clauses)


def test_clauses_with_data_use_the_datastore(comparison: Comparison) -> None:
    """Every clause with data really queried the SurrealDatastore; pure ones needed none."""
    for clause in authenticate_cases.clauses():
        if clause.data:
            assert comparison.datastore_calls[clause.id] > 0, clause.id
    needed = [i for i, v in comparison.ours.items() if v.get("kind") == "datastore_required"]
    assert needed == []


def test_known_gaps_are_current(comparison: Comparison) -> None:
    gaps = known_gaps()
    used = {p for p in gaps for i in _BY_ID if fnmatch.fnmatchcase(i, p)}
    assert sorted(set(gaps) - used) == [], "gap patterns that match no case"
    stale = sorted(i for i, ok in comparison.agree.items() if ok and _gap(i, gaps))
    assert stale == [], "these cases agree now: remove them from authenticate_known_gaps.txt"


@pytest.mark.parametrize("case_id", [case.id for case in _CASES])
def test_case_matches_engine(case_id: str, comparison: Comparison) -> None:
    if comparison.agree[case_id]:
        return
    case = _BY_ID[case_id]
    reason = _gap(case_id, known_gaps())
    if reason is not None:
        pytest.xfail(reason)
    pytest.fail(
        f"{case_id}: differs from the engine\n"
        f"clause: {case.clause.define[:600]}\nclaims: {case.claims}\n"
        f"engine: {comparison.engine[case_id]}\nours:   {comparison.ours[case_id]}",
        pytrace=False,
    )
