"""Differential proof of lowering: the real SurrealDB 3.x engine on the lowered text agrees with
surrealaccess on the extended definition.

For every definition of :mod:`lowering_cases` (KEY-based, with ISSUER, AUDIENCE and CLAIMS
mapping ``id`` on TYPE RECORD, with and without an original AUTHENTICATE), the definition is
lowered with `surrealaccess.lower` and the lowered text is loaded into the embedded engine
(through the child-process harness :mod:`token_oracle`, all definitions in one call). Each
token is then authenticated three ways:

* **engine**: the real engine, on the lowered text;
* **ours**: surrealaccess (``policy="surrealdb"``) on the *unlowered* extended definition;
* **ours, lowered**: surrealaccess on the lowered text (its SurrealQL evaluator running the
  generated AUTHENTICATE).

What must agree, for both comparisons with the engine:

* the verdict (accepted or rejected);
* on success: ``$auth`` (the record id for TYPE RECORD), ``$access``, ``$token`` and
  ``$session`` (``ac``, ``db``, ``exp``, ``ns``, ``rd``);
* on failure: the kind. Public messages differ **by design**: the lowered checks ``THROW``, so
  the engine reports ``An error occurred: invalid_issuer: …`` (kind Thrown), while
  surrealaccess reports SurrealDB's generic "There was a problem with authentication" with
  kind ``invalid_issuer``. The engine's kind is therefore read from the thrown text (the
  lowered THROWs start with the kind). Two engine kinds legitimately differ from ours (see
  `_EQUIVALENT_KINDS`).

Every disagreement must be listed in ``tests/lowering_known_gaps.txt`` (a pattern matched
against ``<definition>/<variant>``, prefixed ``lowered:`` for the third column, a TAB, the
reason); a listed pattern that no longer matches any disagreement fails as stale.
"""

from __future__ import annotations

import fnmatch
import time
from collections import Counter
from pathlib import Path
from typing import Any

import lowering_cases
import pytest
import token_oracle
from lowering_cases import Definition, TokenCase
from strict_json import plain, strict_equal
from token_oracle import TokenOutcome

import surrealaccess as sa

pytestmark = pytest.mark.oracle

GAPS_FILE = Path(__file__).with_name("lowering_known_gaps.txt")
_CASES = lowering_cases.generate(int(time.time()))
_DEFINITIONS = lowering_cases.definitions()

#: Kinds the lowered checks throw (``THROW '<kind>: …'``).
_THROWN_KINDS = ("invalid_issuer", "invalid_audience", "claim_missing", "claim_invalid")
#: (engine kind, our kind) pairs that are the same verdict for a documented reason.
_EQUIVALENT_KINDS = {
    # A RECORD token without `id` for a method that had no AUTHENTICATE and no CLAIMS: we
    # refuse it while routing (as SurrealDB does for such a method); the lowered method has an
    # AUTHENTICATE (the ISSUER/AUDIENCE checks, then `RETURN $auth`), which returns NONE.
    ("invalid_auth", "access_mismatch"),
    # CLAIMS without `table`: a string that is not a record id. Our coercion reports
    # claim_invalid; the lowered `type::record($value)` fails, which SurrealDB reports as
    # InvalidAuth.
    ("invalid_auth", "claim_invalid"),
}
_ENGINE_KINDS = {
    "There was a problem with authentication": "invalid_auth",
    "The token has expired": "token_expired",
    "The access method cannot be used in the requested operation": "access_mismatch",
}


def _lowered(d: Definition) -> tuple[str, list[sa.LoweringWarning]]:
    script, warnings = sa.lower(sa.parse(d.schema))
    return script.source, warnings


_LOWERED = {d.name: _lowered(d) for d in _DEFINITIONS}


def _engine_kind(message: str) -> str:
    if message.startswith("An error occurred: "):
        thrown = message.removeprefix("An error occurred: ")
        kind = thrown.split(":", 1)[0]
        return kind if kind in _THROWN_KINDS else "thrown"
    if message.startswith("JSON error: "):
        return "malformed_token"
    return _ENGINE_KINDS.get(message, f"unclassified: {message}")


@pytest.fixture(scope="module")
def engine_outcomes(engine: Any) -> dict[str, TokenOutcome]:
    groups: dict[str, list[TokenCase]] = {}
    for case in _CASES:
        groups.setdefault(case.definition.name, []).append(case)
    batches = [(_LOWERED[name][0], [c.token for c in group]) for name, group in groups.items()]
    started = time.monotonic()
    results = token_oracle.run_batches(batches)
    print(f"\nengine: {len(_CASES)} tokens, {len(batches)} lowered definitions, "
          f"{time.monotonic() - started:.1f}s")
    return {
        case.id: outcome
        for group, outcomes in zip(groups.values(), results, strict=True)
        for case, outcome in zip(group, outcomes, strict=True)
    }


# --------------------------------------------------------------------------- the three views

_COMPILED: dict[tuple[str, str], sa.Authenticator] = {}


def _authenticator(schema: str, dialect: str) -> sa.Authenticator:
    key = (schema, dialect)
    if key not in _COMPILED:
        script = sa.parse(schema, dialect=dialect)  # type: ignore[arg-type]
        _COMPILED[key] = sa.compile(script, ns="test", db="test", policy="surrealdb")
    return _COMPILED[key]


def _ours(schema: str, dialect: str, token: str, now: int) -> dict[str, Any]:
    try:
        session = _authenticator(schema, dialect).authenticate(token, now=now)
    except sa.AuthenticationError as error:
        if error.kind == "thrown":  # the lowered checks: the kind is in the thrown text
            return {"ok": False, "kind": _engine_kind(error.public_message)}
        return {"ok": False, "kind": error.kind}
    value = session.to_json()
    found = {"ok": True, "auth": value["auth"], "access": value["access"],
             "token": value["token"], "session": dict(value["session"])}
    del found["session"]["tk"]
    return found


def _engine(outcome: TokenOutcome) -> dict[str, Any]:
    if not outcome.ok:
        return {"ok": False, "kind": _engine_kind(outcome.message or "")}
    assert outcome.value is not None, outcome.message
    value = outcome.value
    session = {k: value["session"][k] for k in ("ac", "db", "exp", "ns", "rd")}
    return {"ok": True, "auth": value["auth"], "access": value["access"],
            "token": value["token"], "session": session}


def _agree(engine: dict[str, Any], ours: dict[str, Any]) -> bool:
    if engine["ok"] != ours["ok"]:
        return False
    if not engine["ok"]:
        return engine["kind"] == ours["kind"] or (engine["kind"], ours["kind"]) in _EQUIVALENT_KINDS
    return strict_equal(plain(engine), plain(ours))


def _disagreements(
    d: Definition, outcomes: dict[str, TokenOutcome]
) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    if d.name in _FOUND:
        return _FOUND[d.name]
    found = _FOUND[d.name] = {}
    lowered_text = _LOWERED[d.name][0]
    for case in (c for c in _CASES if c.definition.name == d.name):
        outcome = outcomes[case.id]
        if outcome.error_class in (token_oracle.CRASHED, token_oracle.TIMED_OUT):
            pytest.fail(f"{case.id}: the engine gave no answer ({outcome.error_class})")
        engine = _engine(outcome)
        ours = _ours(d.schema, "extended", case.token, outcome.now_before)
        if not _agree(engine, ours):
            found[case.id] = (engine, ours)
        lowered = _ours(lowered_text, "surrealdb", case.token, outcome.now_before)
        if not _agree(engine, lowered):
            found[f"lowered:{case.id}"] = (engine, lowered)
    return found


# --------------------------------------------------------------------------- known gaps


def _gaps() -> dict[str, str]:
    gaps = {}
    for line in GAPS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, _, reason = line.partition("\t")
        assert reason.strip(), f"{GAPS_FILE.name}: {pattern!r} has no reason"
        gaps[pattern] = reason
    return gaps


_GAPS = _gaps()
_FOUND: dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]] = {}


def _listed(case_id: str) -> str | None:
    return next((p for p in _GAPS if fnmatch.fnmatchcase(case_id, p)), None)


# --------------------------------------------------------------------------- tests


def test_definitions_lower_without_loss() -> None:
    """The definitions stay inside what lowering expresses: no warning but routing by issuer.

    Routing by issuer only concerns tokens without routing claims; every token here has them.
    """
    for d in _DEFINITIONS:
        text, warnings = _LOWERED[d.name]
        assert {w.code for w in warnings} <= {"routing-by-issuer"}, (d.name, warnings)
        assert bool(warnings) == bool(d.issuers)
        sa.parse(text, dialect="surrealdb")


@pytest.mark.parametrize("definition", _DEFINITIONS, ids=lambda d: d.name)
def test_lowered_engine_agrees(
    definition: Definition, engine_outcomes: dict[str, TokenOutcome]
) -> None:
    found = _disagreements(definition, engine_outcomes)
    unlisted = [
        f"{case_id}\n    engine: {engine}\n    ours:   {ours}"
        for case_id, (engine, ours) in found.items() if _listed(case_id) is None
    ]
    if unlisted:
        pytest.fail(f"{definition.name}: {len(unlisted)} disagreement(s) with the engine on the "
                    f"lowered text:\n{definition.schema}\n--- lowered ---\n"
                    f"{_LOWERED[definition.name][0]}\n" + "\n".join(unlisted), pytrace=False)


def test_no_stale_gaps(engine_outcomes: dict[str, TokenOutcome]) -> None:
    seen: set[str] = set()
    for d in _DEFINITIONS:
        for case_id in _disagreements(d, engine_outcomes):
            pattern = _listed(case_id)
            if pattern is not None:
                seen.add(pattern)
    stale = sorted(set(_GAPS) - seen)
    assert not stale, f"{GAPS_FILE.name} lists patterns that no longer disagree: {stale}"


def test_counts(engine_outcomes: dict[str, TokenOutcome]) -> None:
    verdicts = Counter(
        "accepted" if o.ok else _engine_kind(o.message or "") for o in engine_outcomes.values()
    )
    print(f"\n{len(_DEFINITIONS)} definitions, {len(_CASES)} tokens; engine verdicts on the "
          f"lowered text: {dict(sorted(verdicts.items()))}")
    assert len(_DEFINITIONS) >= 30
    assert len(_CASES) >= 1000
    # Every lowered rule is exercised in both directions.
    for kind in (*_THROWN_KINDS, "invalid_auth", "malformed_token", "thrown"):
        assert verdicts[kind] > 0, kind
    assert verdicts["accepted"] >= 400
    records = {o.value["auth"] for o in engine_outcomes.values() if o.ok and o.value}
    assert {"user:alice", "user:1", "user:fromtoken", "member:alice"} <= records
