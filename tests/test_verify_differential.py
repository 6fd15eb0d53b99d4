"""Differential tests: ``policy="surrealdb"`` authentication against the real SurrealDB 3.x engine.

Every token of :mod:`token_cases` is authenticated twice: by the embedded engine (through the
child-process harness :mod:`token_oracle`, once per module for all cases) and by
``surrealaccess`` compiled from the same schema. The verdicts must agree; for errors the kind
must agree and, except for malformed tokens (whose texts come from serde/base64/the SurrealQL
parser), the public message must be the engine's message; for successes ``$auth``, ``$token``,
``$access`` and ``$session`` must agree exactly (ints and floats are told apart, and so are
``0.0`` and ``-0.0``). Our ``session.ns``/``session.db`` of ``None`` ("left unchanged") is
compared with the value the harness selected before the token (``token_oracle.PRIOR_NS`` /
``PRIOR_DB``, deliberately not ``test``, so that "unchanged" and "set to test" differ).

The engine uses the wall clock. Our side is evaluated at the ``now`` the harness recorded just
before ``authenticate``, and at every second up to the one recorded just after it, and passes if
any of those agrees.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
import token_cases
import token_oracle
from strict_json import plain, strict_equal
from token_cases import TokenCase
from token_oracle import TokenOutcome

import surrealaccess as sa

pytestmark = pytest.mark.oracle

# Collection only needs the case names; the tokens themselves are made again right before the
# engine sees them (in `engine_outcomes`), because claims such as `nbf = now + 100` stop
# meaning "future" if the suite reaches this module minutes after collection.
_CASES = token_cases.generate()
_FRESH: dict[str, TokenCase] = {}
_TIME_SENSITIVE_IDS = [case.id for case in token_cases.time_sensitive(0)]

#: Engine message → the ``AuthenticationError.kind`` we must report.
_EXACT_KINDS = {
    "There was a problem with authentication": "invalid_auth",
    "The token has expired": "token_expired",
    "InvalidToken": "malformed_token",
    "The access method cannot be used in the requested operation": "access_mismatch",
    "InvalidKeyFormat": "invalid_key",
    "This access method has an invalid duration": "invalid_duration",
    "This access method results in an invalid expiration": "invalid_duration",
}
_PREFIX_KINDS = (
    ("Base64 error: ", "malformed_token"),
    ("JSON error: ", "malformed_token"),
    ("Parse error: ", "malformed_token"),
    ("IAM error: Invalid role ", "invalid_role"),
    ("The database '", "not_found"),
    ("The namespace '", "not_found"),
    ("The access method '", "not_found"),
    ("The root access method '", "not_found"),
)
_ALL_KINDS = {
    "invalid_auth",
    "token_expired",
    "malformed_token",
    "not_found",
    "access_mismatch",
    "invalid_role",
    "invalid_key",
    "invalid_duration",
}


def _engine_kind(message: str) -> str:
    if message in _EXACT_KINDS:
        return _EXACT_KINDS[message]
    for prefix, kind in _PREFIX_KINDS:
        if message.startswith(prefix):
            return kind
    return f"unclassified engine message: {message!r}"


def _run_engine(cases: list[TokenCase]) -> dict[str, TokenOutcome]:
    """Run all cases in one harness call (one datastore per distinct schema)."""
    groups: dict[str, list[TokenCase]] = {}
    for case in cases:
        groups.setdefault(case.definition.schema, []).append(case)
    batches = [(schema, [c.token for c in group]) for schema, group in groups.items()]
    outcomes = token_oracle.run_batches(batches)
    return {
        case.id: outcome
        for group, results in zip(groups.values(), outcomes, strict=True)
        for case, outcome in zip(group, results, strict=True)
    }


@pytest.fixture(scope="module")
def engine_outcomes(engine: Any) -> dict[str, TokenOutcome]:
    started = time.monotonic()
    fresh = token_cases.generate()
    assert [case.id for case in fresh] == [case.id for case in _CASES]
    _FRESH.update((case.id, case) for case in fresh)
    outcomes = _run_engine(fresh)
    print(f"\nengine: {len(fresh)} tokens in {time.monotonic() - started:.1f}s")
    return outcomes


@pytest.fixture(scope="module")
def time_sensitive(engine: Any) -> dict[str, tuple[TokenCase, TokenOutcome]]:
    # Start at the beginning of a second so the engine most likely sees the same second.
    time.sleep(1.02 - time.time() % 1)
    generated = int(time.time())
    cases = token_cases.time_sensitive(generated)
    outcomes = _run_engine(cases)
    same = sum(o.now_before == generated for o in outcomes.values())
    print(f"\ntime-sensitive: {same}/{len(cases)} authenticated in the generation second")
    return {case.id: (case, outcomes[case.id]) for case in cases}


# --------------------------------------------------------------------------- our side

_COMPILED: dict[str, Any] = {}


def _compiled(schema: str) -> Any:
    if schema not in _COMPILED:
        try:
            _COMPILED[schema] = sa.compile(
                sa.parse(schema), ns="test", db="test", policy="surrealdb"
            )
        except Exception as error:
            _COMPILED[schema] = error
    found = _COMPILED[schema]
    if isinstance(found, Exception):
        raise found
    return found


def _ours(case: TokenCase, now: int) -> dict[str, Any]:
    auth = _compiled(case.definition.schema)
    try:
        session = auth.authenticate(case.token, now=now)
    except sa.AuthenticationError as error:
        return {
            "ok": False,
            "kind": error.kind,
            "message": error.public_message,
            "detail": error.detail,
        }
    return {"ok": True, "value": session.to_json()}


# --------------------------------------------------------------------------- comparison


def _expected_view(outcome: TokenOutcome) -> dict[str, Any]:
    """What the engine did, in the shape :func:`_our_view` produces."""
    if outcome.ok:
        assert outcome.value is not None, outcome.message
        return {"ok": True, **outcome.value}
    message = outcome.message or ""
    kind = _engine_kind(message)
    return {"ok": False, "kind": kind, "message": None if kind == "malformed_token" else message}


def _our_view(ours: dict[str, Any]) -> dict[str, Any]:
    """Our result, with "left unchanged" session fields filled in as the engine shows them."""
    if not ours["ok"]:
        kind = ours["kind"]
        return {
            "ok": False,
            "kind": kind,
            "message": None if kind == "malformed_token" else ours["message"],
        }
    value = plain(ours["value"])
    session = dict(value.get("session") or {})
    if session.get("ns") is None:
        session["ns"] = token_oracle.PRIOR_NS
    if session.get("db") is None:
        session["db"] = token_oracle.PRIOR_DB
    return {
        "ok": True,
        "auth": value.get("auth"),
        "token": value.get("token"),
        "access": value.get("access"),
        "session": {k: session.get(k) for k in ("ac", "db", "exp", "ns", "rd", "tk")},
    }


def _check(case: TokenCase, outcome: TokenOutcome) -> None:
    if outcome.error_class in (token_oracle.CRASHED, token_oracle.TIMED_OUT):
        pytest.skip(f"the engine gave no answer for this token: {outcome.error_class}")
    expected = _expected_view(outcome)
    last = max(outcome.now_after, outcome.now_before)
    first_view: dict[str, Any] | None = None
    for now in range(outcome.now_before, last + 1):
        mine = _our_view(_ours(case, now))
        if strict_equal(plain(mine), plain(expected)):
            return
        if first_view is None:
            first_view = mine
    detail = "" if outcome.ok else f"\nengine class: {outcome.error_class}\n"
    pytest.fail(
        f"{case.id}: differs from the engine (now={outcome.now_before}..{last})\n"
        f"schema: {case.definition.schema[:300]}\ntoken: {case.token[:400]}{detail}\n"
        f"engine: {expected}\nours:   {first_view}\n"
        f"engine message: {outcome.message!r}",
        pytrace=False,
    )


# --------------------------------------------------------------------------- tests


def test_counts_and_coverage(engine_outcomes: dict[str, TokenOutcome]) -> None:
    definitions = token_cases.definitions()
    per_definition = Counter(case.definition.name for case in _CASES)
    schemas = {d.schema for d in definitions}
    kinds = Counter(
        "success" if o.ok else _engine_kind(o.message or "") for o in engine_outcomes.values()
    )
    print(
        f"\n{len(definitions)} definitions in {len(schemas)} schemas, {len(_CASES)} tokens "
        f"(+{len(_TIME_SENSITIVE_IDS)} time-sensitive), outcomes: {dict(kinds)}"
    )
    assert len(definitions) >= 40
    assert len(_CASES) >= 1000
    assert min(per_definition.values()) >= 25
    assert {d.algorithm for d in definitions} >= {
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
    }
    assert {(d.level, d.kind) for d in definitions} >= {
        ("ROOT", "JWT"),
        ("NS", "JWT"),
        ("DB", "JWT"),
        ("DB", "RECORD"),
        ("DB", "BEARER"),
        ("NS", "BEARER"),
        ("ROOT", "BEARER"),
    }
    assert not [k for k in kinds if k.startswith("unclassified")], kinds
    assert set(kinds) >= _ALL_KINDS | {"success"}, kinds
    assert kinds["success"] >= 1000
    crashed = [
        i
        for i, o in engine_outcomes.items()
        if o.error_class in (token_oracle.CRASHED, token_oracle.TIMED_OUT)
    ]
    assert crashed == []


def test_variants_do_what_their_names_say(engine_outcomes: dict[str, TokenOutcome]) -> None:
    """Guard the generator: the engine's reading of each variant must match its name."""
    usable = {
        d.name
        for d in token_cases.definitions()
        if not any(w in d.note for w in ("invalid", "random key", "private PEM", "curve mismatch"))
    }
    wrong = []
    for case in (_FRESH[case.id] for case in _CASES):
        outcome = engine_outcomes[case.id]
        message = outcome.message or ""
        variant, name = case.variant, case.definition.name
        if variant.startswith("expired_") or variant == "roles_invalid_expired":
            ok = message == "The token has expired"
        elif variant.startswith(
            ("nbf_future_100", "nbf_future_exp_past", "nbf_future_wrong_signature")
        ):
            ok = message == "There was a problem with authentication"
        elif variant.startswith(
            (
                "alg_none",
                "alg_NONE",
                "alg_ES512",
                "alg_lowercase",
                "duplicate_ns_",
                "duplicate_db_",
                "duplicate_ac_",
                "duplicate_id_",
                "duplicate_rl_",
                "exp_float",
                "exp_string",
                "malformed_payload_not_json",
                "malformed_payload_array",
                "malformed_abc",
                "malformed_empty",
                "header_alg_",
            )
        ):
            ok = _engine_kind(message) == "malformed_token"
        elif variant.startswith(("unknown_ac", "unknown_db")):
            ok = _engine_kind(message) == "not_found"
        elif variant in ("wrong_key", "no_exp", "exp_null", "signature_first_char_changed") or (
            variant.startswith("wrong_alg_")
        ):
            ok = message in ("There was a problem with authentication", "InvalidKeyFormat")
        elif variant == "roles_invalid_superuser":
            # Roles are checked after the signature; record sessions ignore them.
            want = "IAM error: Invalid role 'Superuser'"
            ok = name not in usable or (
                outcome.ok if case.definition.kind == "RECORD" else message == want
            )
        elif variant in (
            "valid",
            "valid_raw_builder",
            "alias_upper",
            "alias_url_short",
            "alias_url_long",
            "alias_mixed",
            "claim_string",
            "header_kid_string",
        ):
            ok = outcome.ok or name not in usable
        elif variant == "record_id_not_a_record":
            ok = message.startswith("Parse error")
        else:
            continue
        if not ok:
            wrong.append((case.id, outcome.error_class, message[:80]))
    assert wrong == []


def test_harness_survives_an_engine_crash(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    [case] = [c for c in _CASES if c.id == "db-jwt-HS256:valid"]
    expired = next(c for c in _CASES if c.id == "db-jwt-HS256:expired_7200")
    monkeypatch.setenv(token_oracle.CRASH_ENV, "crash.me.now")
    first, crashed, last = token_oracle.run_tokens(
        case.definition.schema, [case.token, "crash.me.now", expired.token]
    )
    assert first.ok and first.value is not None and first.value["access"] == "api"
    assert crashed.error_class == token_oracle.CRASHED
    assert not last.ok and last.message == "The token has expired"


def test_harness_reports_a_rejected_schema(engine: Any) -> None:
    with pytest.raises(ValueError, match="schema rejected by the engine"):
        token_oracle.run_tokens("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES512 KEY 'k'", ["x"])


@pytest.mark.parametrize("case", _CASES, ids=[case.id for case in _CASES])
def test_token_matches_engine(case: TokenCase, engine_outcomes: dict[str, TokenOutcome]) -> None:
    _check(_FRESH[case.id], engine_outcomes[case.id])


@pytest.mark.parametrize("case_id", _TIME_SENSITIVE_IDS)
def test_time_sensitive_token_matches_engine(
    case_id: str, time_sensitive: dict[str, tuple[TokenCase, TokenOutcome]]
) -> None:
    case, outcome = time_sensitive[case_id]
    _check(case, outcome)
