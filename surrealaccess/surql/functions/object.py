"""``object::*`` built-ins."""

from __future__ import annotations

from ..errors import EvaluationError
from ..values import Object, Value
from . import builtin


@builtin("object::keys", "object")
def keys(value: Object) -> Value:
    return tuple(value)


@builtin("object::values", "object")
def values(value: Object) -> Value:
    return tuple(value.values())


@builtin("object::len", "object")
def length(value: Object) -> Value:
    return len(value)


@builtin("object::entries", "object")
def entries(value: Object) -> Value:
    return tuple((key, item) for key, item in value.items())


@builtin("object::from_entries", "array")
def from_entries(items: tuple[Value, ...]) -> Value:
    out: dict[str, Value] = {}
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise EvaluationError(
                "Incorrect arguments for function object::from_entries(). Expected entries "
                "to be an array of [key, value] pairs"
            )
        out[item[0]] = item[1]
    return Object(out)


@builtin("object::is_empty", "object")
def is_empty(value: Object) -> Value:
    return len(value) == 0


@builtin("object::extend", "object", "object")
def extend(value: Object, other: Object) -> Value:
    return Object({**value, **other})


@builtin("object::remove", "object", "string | array<string>")
def remove(value: Object, names: str | tuple[str, ...]) -> Value:
    drop = {names} if isinstance(names, str) else set(names)
    return Object({k: v for k, v in value.items() if k not in drop})
