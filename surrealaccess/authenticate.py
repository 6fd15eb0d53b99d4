"""Run a definition's ``AUTHENTICATE`` clause and apply SurrealDB's rules to its result.

Reference §3.6: the clause runs after the signature and time checks, sees ``$token`` (the
normalised claims), ``$auth`` (the record id of a record session, else NONE), ``$access``
(NONE) and ``$session`` (``ac``/``exp``/``id``/``ip``/``or`` NONE, ``ns``/``db`` of the
token, ``rd`` = ``$auth``, ``tk`` = ``$token``). What it returns must be:

* for JWT and BEARER methods (and the record refresh path): exactly NONE;
* for RECORD methods: something that converts to a record id (a record id, a string that
  parses as one, an object with an ``id``, or an array whose first element converts), which
  replaces ``$auth``.

``THROW x`` rejects with kind ``thrown`` and public message ``An error occurred: <x>``; any
other failure rejects with ``invalid_auth`` and keeps the reason in the detail. A statement
that needs a database and has none fails closed with kind ``datastore_required``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import AuthenticationError
from .jws import GENERIC
from .plan import AccessPlan
from .surql import (
    NONE,
    DatastoreRequired,
    Datetime,
    Environment,
    EvaluationError,
    Object,
    RecordId,
    Thrown,
    Unsupported,
    Value,
    evaluate,
    from_json,
    render,
)


def run_authenticate(
    plan: AccessPlan,
    base: Environment,
    token: Mapping[str, Any],
    auth: Value,
    now: float,
    *,
    generic: bool = False,
) -> Value:
    """Evaluate ``plan.authenticate`` with ``$auth`` = ``auth``; return the new ``$auth``.

    For RECORD methods that is the record id the clause returned; for the others ``auth``
    itself (a CLAIMS mapping, or NONE), since their clause must return NONE.

    ``generic`` applies the non-record rule (must return NONE) to a RECORD method too, as
    SurrealDB does when a refresh or bearer key signs in (reference §3.6).

    Raises `AuthenticationError` when the clause throws, fails, or returns a value the
    method type does not allow.
    """
    assert plan.authenticate is not None
    claims = from_json(dict(token))
    session = Object({
        "ac": NONE, "db": plan.db, "exp": NONE, "id": NONE, "ip": NONE,
        "ns": plan.ns, "or": NONE, "rd": auth if isinstance(auth, RecordId) else NONE,
        "tk": claims,
    })
    env = Environment(
        variables={"token": claims, "auth": auth, "access": NONE, "session": session},
        params=base.params,
        functions=base.functions,
        datastore=base.datastore,
        now=Datetime.from_epoch_ns(int(now * 1_000_000_000)),
        clause=True,  # the engine's expression evaluator, not its query executor
    )
    try:
        result = evaluate(plan.authenticate, env)
    except Thrown as thrown:
        raise AuthenticationError("thrown", str(thrown),
                                  f"AUTHENTICATE of {plan.name!r} threw {render(thrown.value)}",
                                  reason="thrown") from None
    except DatastoreRequired as error:
        raise AuthenticationError(
            "datastore_required", GENERIC,
            f"AUTHENTICATE of {plan.name!r} needs a database for {error}; pass "
            "compile(..., datastore=...)", reason="datastore_required") from None
    except Unsupported as error:
        raise AuthenticationError(
            "unsupported", GENERIC,
            f"AUTHENTICATE of {plan.name!r} uses something this version cannot evaluate: "
            f"{error}", reason="unsupported") from None
    except EvaluationError as error:
        raise AuthenticationError(
            "invalid_auth", GENERIC, f"AUTHENTICATE of {plan.name!r} failed: {error}",
            reason="authenticate_failed") from None
    except Exception as error:  # a datastore adapter's own error: fail closed, typed
        raise AuthenticationError(
            "invalid_auth", GENERIC,
            f"AUTHENTICATE of {plan.name!r} failed in the datastore: "
            f"{type(error).__name__}: {error}", reason="authenticate_failed") from None
    if plan.kind != "RECORD" or generic:
        if result is not NONE:
            raise AuthenticationError(
                "invalid_auth", GENERIC,
                f"AUTHENTICATE of {plan.name!r} ({plan.kind}) must return NONE, returned "
                f"{render(result)}", reason="authenticate_failed")
        return auth
    converted = record_of(result)
    if converted is None:
        raise AuthenticationError(
            "invalid_auth", GENERIC,
            f"AUTHENTICATE of record access {plan.name!r} must return a record, returned "
            f"{render(result)}", reason="authenticate_failed")
    return converted


def record_of(value: Value) -> RecordId | None:
    """The record id SurrealDB takes from an AUTHENTICATE/SIGNIN/SIGNUP result, or None."""
    if isinstance(value, RecordId):
        return value
    if isinstance(value, str):
        # The engine splits at the first ':' and keeps the rest as a string key, without
        # parsing it: 'user:1' is user:`1`, 'a:b:c' is a:`b:c` (observed).
        table, colon, key = value.partition(":")
        return RecordId(table, key) if colon else None
    if isinstance(value, Object):
        return record_of(value.get("id", NONE))
    if isinstance(value, tuple):
        return record_of(value[0]) if value else None
    return None
