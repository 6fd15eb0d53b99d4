"""Read a token's claims the way SurrealDB does: aliases, types, and the ``$token`` value.

SurrealDB's ``Claims`` struct (reference §3.2) accepts four spellings of each routing claim
and keeps them in ``$token`` under the canonical upper-case name; the standard claims have
fixed types; everything else is a custom claim kept as it came. `read_claims` applies those
rules for one of the two policies and returns a `Claims` record.

``policy="surrealdb"`` reproduces the engine, warts included: NumericDates must be integers
in i64 range, ``null`` routing claims count as absent, and a custom claim holding an integer
in u64-but-not-i64 range is silently dropped while bigger integers become floats.
``policy="strict"`` follows RFC 7519 instead (fractional NumericDates allowed, 0 … year 9999,
no ``null`` routing claims, ``sub``/``jti`` strings) and keeps custom claims exactly.
"""

from __future__ import annotations

import math
from typing import Any, Final, NamedTuple

from .errors import AuthenticationError
from .jws import GENERIC, malformed

#: Every accepted spelling of the routing claims, mapped to the name kept in ``$token``.
ALIASES: Final = {
    spelling: canonical
    for canonical, names in {
        "NS": ("ns", "NS", "https://surrealdb.com/ns", "https://surrealdb.com/namespace"),
        "DB": ("db", "DB", "https://surrealdb.com/db", "https://surrealdb.com/database"),
        "AC": ("ac", "AC", "https://surrealdb.com/ac", "https://surrealdb.com/access"),
        "ID": ("id", "ID", "https://surrealdb.com/id", "https://surrealdb.com/record"),
        "RL": ("rl", "RL", "https://surrealdb.com/rl", "https://surrealdb.com/roles"),
    }.items()
    for spelling in names
}
NUMERIC_DATES: Final = ("iat", "nbf", "exp")
STRING_CLAIMS: Final = ("iss", "sub", "jti")
_ROLE_OF: Final = {
    **ALIASES,
    **dict.fromkeys(NUMERIC_DATES, "date"),
    **dict.fromkeys(STRING_CLAIMS, "string"),
    "aud": "aud",
}
#: The top-level names serde reads into typed fields (a repeat of one is an error there).
KNOWN_CLAIMS: Final = frozenset(ALIASES) | frozenset(NUMERIC_DATES + STRING_CLAIMS + ("aud",))

I64_MIN: Final = -(2**63)
I64_MAX: Final = 2**63 - 1
U64_MAX: Final = 2**64 - 1
#: RFC 7519 NumericDates beyond 9999-12-31T23:59:59Z are refused in strict mode.
MAX_NUMERIC_DATE: Final = 253402300799


class Claims(NamedTuple):
    """The claims of one token after alias resolution.

    ``ns``/``db``/``ac``/``id`` are None when absent; ``roles`` is None when no roles claim
    was sent (SurrealDB then grants Viewer). ``token`` is the ``$token`` object.
    """

    ns: str | None
    db: str | None
    ac: str | None
    id: str | None
    roles: tuple[str, ...] | None
    exp: int | float | None
    nbf: int | float | None
    iat: int | float | None
    aud: str | list[str] | None
    iss: str | None
    token: dict[str, Any]


def _invalid(detail: str) -> AuthenticationError:
    return AuthenticationError("invalid_auth", GENERIC, detail, reason="claims_invalid")


def read_claims(raw: dict[str, Any], *, strict: bool) -> Claims:
    """Resolve aliases and check claim types; raise `AuthenticationError` if they are wrong."""
    routing: dict[str, Any] = {}
    token: dict[str, Any] = {}
    for name, value in raw.items():
        role = _ROLE_OF.get(name)
        if role is None:  # a custom claim; it keeps null (SurrealQL NULL)
            if not strict:
                value = _surreal_value(value)
                if value is _DROPPED:
                    continue
            token[name] = value
        elif role == "date":
            if type(value) is not int or not 0 <= value <= MAX_NUMERIC_DATE:
                value = _numeric_date(name, value, strict)
            if value is not None:  # serde reads a null standard claim as absent
                token[name] = value
        elif role == "string" or role == "aud":
            if type(value) is not str:
                if role == "aud":
                    _check_audience(value, strict)
                else:
                    _check_string(name, value, strict)
            if value is not None:
                token[name] = value
        else:
            if role in routing:
                raise _repeated(raw, role, name, strict)
            if type(value) is not str or role == "RL":  # RL is a list: a str is refused
                _check_routing(name, role, value, strict)
            routing[role] = value  # None (JSON null) still counts for the repeat check
            if value is not None:
                token[role] = value
    roles = routing.get("RL")
    return Claims(
        routing.get("NS"),
        routing.get("DB"),
        routing.get("AC"),
        routing.get("ID"),
        tuple(roles) if roles is not None else None,
        token.get("exp"),
        token.get("nbf"),
        token.get("iat"),
        token.get("aud"),
        token.get("iss"),
        token,
    )


def _repeated(raw: dict[str, Any], canonical: str, name: str, strict: bool) -> AuthenticationError:
    first = next(key for key in raw if ALIASES.get(key) == canonical)
    detail = f"the claims {first!r} and {name!r} both give `{canonical}`"
    if strict:
        return _invalid(detail)
    return malformed(detail, public=f"JSON error: duplicate field `{canonical}`")


def _type_error(name: str, value: Any, expected: str, strict: bool) -> AuthenticationError:
    found = _json_type(value)
    detail = f"the claim {name!r} is {found}, expected {expected}"
    if strict:
        return _invalid(detail)
    return malformed(detail, public=f"JSON error: invalid type: {found}, expected {expected}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean `{'true' if value else 'false'}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value}`"
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, list):
        return "a sequence"
    return "a map"


def _check_routing(name: str, canonical: str, value: Any, strict: bool) -> None:
    if value is None and not strict:
        return  # serde reads null into None: the claim counts as absent
    if canonical == "RL":
        if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
            raise _type_error(name, value, "a sequence of strings", strict)
    elif not isinstance(value, str):
        raise _type_error(name, value, "a string", strict)


def _numeric_date(name: str, value: Any, strict: bool) -> Any:
    if strict:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise _type_error(name, value, "a NumericDate (a JSON number)", True)
        if not 0 <= value <= MAX_NUMERIC_DATE:
            raise _invalid(f"the claim {name!r} ({value}) is outside 0 … {MAX_NUMERIC_DATE}")
        return value
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, value, "i64", False)
    if not I64_MIN <= value <= I64_MAX:
        # serde reads an integer beyond i64 as a float, then refuses it for an i64 field.
        raise _type_error(name, float(value), "i64", False)
    return value


def _check_string(name: str, value: Any, strict: bool) -> None:
    if value is None and not strict:
        return
    if not isinstance(value, str):
        raise _type_error(name, value, "a string", strict)


def _check_audience(value: Any, strict: bool) -> None:
    if value is None and not strict:
        return
    if isinstance(value, str):
        return
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return
    raise _type_error("aud", value, "a string or a sequence of strings", strict)


class _Dropped:
    pass


_DROPPED: Final = _Dropped()


def _surreal_value(value: Any) -> Any:
    """A custom claim's value after SurrealDB's JSON round trip (reference §3.2).

    serde_json reads integers as i64, else u64, else f64; SurrealDB cannot hold a u64 above
    i64, so the whole top-level claim that contains one disappears.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        if I64_MIN <= value <= I64_MAX:
            return value
        if 0 <= value <= U64_MAX:
            return _DROPPED
        return float(value)
    if isinstance(value, list):
        items = [_surreal_value(item) for item in value]
        return _DROPPED if any(item is _DROPPED for item in items) else items
    entries = {key: _surreal_value(item) for key, item in value.items()}
    return _DROPPED if any(item is _DROPPED for item in entries.values()) else entries
