"""Kinds (``int``, ``record<user>``, ``option<string>``…): casts and coercions.

``<kind> value`` *casts*: it converts where SurrealDB converts (``<int> '12'`` is ``12``).
A kind on ``LET $x: kind`` or on a function parameter *coerces*: the value must already be of
the kind, with only lossless number conversions (``1.0`` is an ``int``, ``1`` a ``float``).
Errors carry the engine's wording (``Could not cast into `int` using input `'x'```).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .. import recordid
from ..lexical import I64_MAX, I64_MIN, is_duration_text, parse_duration
from .errors import EvaluationError, Unsupported
from .operators import fit_decimal, normalize_decimal, to_decimal
from .values import (
    Datetime,
    Duration,
    Null,
    Object,
    RecordId,
    Table,
    Value,
    is_number,
    render,
    to_raw_string,
)

__all__ = ["Kind", "cast", "coerce", "matches", "parse_kind"]


@dataclass(frozen=True, slots=True)
class Kind:
    """One alternative of a kind: a name with its type arguments (``record`` + ``user``)."""

    name: str
    args: tuple[tuple[Kind, ...], ...] = ()
    sizes: tuple[int, ...] = ()

    def __str__(self) -> str:
        if self.name == "option" and self.args:
            return "none | " + " | ".join(str(k) for k in self.args[0])
        if not self.args and not self.sizes:
            return self.name
        inner = [" | ".join(str(k) for k in alternative) for alternative in self.args]
        return f"{self.name}<{', '.join([*inner, *map(str, self.sizes)])}>"


_TOKEN = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*|`(?:[^`\\]|\\.)*`|⟨[^⟩]*⟩|\d+|[<>|,])")


def parse_kind(text: str) -> tuple[Kind, ...]:
    """Parse a kind's canonical text (``int | string``) into its alternatives."""
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    position = 0

    def alternatives() -> tuple[Kind, ...]:
        nonlocal position
        found = [single()]
        while position < len(tokens) and tokens[position] == "|":
            position += 1
            found.append(single())
        return tuple(found)

    def single() -> Kind:
        nonlocal position
        name = tokens[position].strip("`⟨⟩")
        position += 1
        args: list[tuple[Kind, ...]] = []
        sizes: list[int] = []
        if position < len(tokens) and tokens[position] == "<":
            position += 1
            while True:
                if tokens[position].isdigit():
                    sizes.append(int(tokens[position]))
                    position += 1
                else:
                    args.append(alternatives())
                if tokens[position] == ",":
                    position += 1
                    continue
                position += 1  # ">"
                break
        lower = name.lower()
        if lower == "option":
            return Kind("option", tuple(args))
        return Kind(lower if lower in _KNOWN else name, tuple(args), tuple(sizes))

    try:
        return alternatives()
    except IndexError:
        raise Unsupported(f"the kind `{text}` is not supported by surrealaccess") from None


_Converter = Callable[[tuple["Kind", ...], Value], Value]

_KNOWN = frozenset(
    [
    "any", "none", "null", "bool", "int", "float", "decimal", "number", "string", "datetime",
    "duration", "uuid", "array", "set", "object", "record", "bytes", "table", "option",
    "geometry", "regex", "range", "function", "literal", "file",
])


def kind_text(kinds: tuple[Kind, ...]) -> str:
    """The canonical text of a kind, as error messages print it."""
    return " | ".join(str(k) for k in kinds)


class _Mismatch(Exception):
    """A value does not fit one alternative of a kind."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- casts


def cast(kinds: tuple[Kind, ...], value: Value) -> Value:
    """``<kinds> value``: convert, or raise the engine's cast error."""
    try:
        return _cast_any(kinds, value)
    except _Mismatch as mismatch:
        raise EvaluationError(
            mismatch.message
            or f"Could not cast into `{kind_text(kinds)}` using input `{render(value)}`"
        ) from None


def _cast_any(kinds: tuple[Kind, ...], value: Value) -> Value:
    # The alternatives are tried in the written order (`<int | string> '1'` is the int 1).
    first: _Mismatch | None = None
    for kind in kinds:
        if len(kinds) > 1 and kind.name == "string" and (value is None or
                                                         isinstance(value, Null)):
            continue  # in a union, NONE and NULL do not become strings
        try:
            return _cast_one(kind, value)
        except _Mismatch as mismatch:
            first = first or mismatch
    if len(kinds) == 1 and first is not None:
        raise first
    raise _Mismatch()


def _cast_one(kind: Kind, value: Value) -> Value:
    name = kind.name
    if name == "any":
        return value
    if name == "option":
        if value is None:
            return None
        return _cast_any(kind.args[0], value) if kind.args else value
    if name == "none":
        if value is None:
            return None
        raise _Mismatch()
    if name == "null":
        if isinstance(value, Null):
            return value
        raise _Mismatch()
    if name == "string":
        return to_raw_string(value)
    if name == "int":
        return _to_int(value)
    if name == "float":
        return _to_float(value)
    if name == "decimal":
        return _to_decimal(value)
    if name == "number":
        if is_number(value):
            return value
        if isinstance(value, str):
            try:
                return _parse_int(value)
            except _Mismatch:
                return _parse_float(value)
        raise _Mismatch()
    if name == "bool":
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise _Mismatch()
    if name == "datetime":
        if isinstance(value, Datetime):
            return value
        if isinstance(value, str):
            return _parse_datetime(value)
        raise _Mismatch()
    if name == "duration":
        if isinstance(value, Duration):
            return value
        if isinstance(value, str) and is_duration_text(value):
            return Duration(parse_duration(value))
        raise _Mismatch()
    if name == "uuid":
        if isinstance(value, uuid.UUID):
            return value
        if isinstance(value, str):
            return _parse_uuid(value)
        raise _Mismatch()
    if name == "record":
        record = value
        if isinstance(value, str):
            try:
                record = recordid.parse_record_id(value)
            except recordid.RecordIdError:
                raise _Mismatch() from None
        if not isinstance(record, RecordId):
            raise _Mismatch()
        _check_tables(kind, record)
        return record
    if name == "array":
        if not isinstance(value, tuple):
            raise _Mismatch(f"Could not cast into `array` using input `{render(value)}`")
        return _elements(kind, value, "casting", _cast_any)
    if name == "object":
        if isinstance(value, Object):
            return value
        raise _Mismatch()
    if name == "bytes":
        if isinstance(value, bytes):
            return value
        if isinstance(value, str):
            return value.encode()
        if isinstance(value, tuple):
            octets = [_to_int(item) for item in value]
            if all(0 <= octet <= 255 for octet in octets):
                return bytes(octets)
        raise _Mismatch()
    if name == "table":
        if isinstance(value, Table):
            return value
        if isinstance(value, str):
            return Table(value)
        raise _Mismatch()
    raise Unsupported(f"casts to `{kind}` are not supported by surrealaccess")


def _check_tables(kind: Kind, record: RecordId) -> None:
    if kind.args:
        tables = {k.name for k in kind.args[0]}
        if record.table not in tables:
            raise _Mismatch()


def _elements(kind: Kind, items: tuple[Value, ...], verb: str, convert: _Converter) -> Value:
    if kind.sizes and len(items) > kind.sizes[0]:
        raise _Mismatch()
    if not kind.args:
        return items
    out = []
    for index, item in enumerate(items):
        try:
            out.append(convert(kind.args[0], item))
        except _Mismatch as mismatch:
            inner = kind_text(kind.args[0])
            base = mismatch.message or (
                f"Could not cast into `{inner}` using input `{render(item)}`"
                if verb == "casting"
                else f"Expected `{inner}` but found `{render(item)}`"
            )
            raise _Mismatch(f"{base} when {verb} element at index {index} of `{kind}`") from None
    return tuple(out)


_INT_TEXT = re.compile(r"[+-]?[0-9]+\Z")
_FLOAT_TEXT = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)\Z", re.I
)


def _parse_int(text: str) -> int:
    if not _INT_TEXT.match(text):
        raise _Mismatch()
    number = int(text)
    if not I64_MIN <= number <= I64_MAX:
        raise _Mismatch()
    return number


def _parse_float(text: str) -> float:
    if not _FLOAT_TEXT.match(text):
        raise _Mismatch()
    return float(text)


def _to_int(value: Value) -> int:
    if isinstance(value, bool):
        raise _Mismatch()
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or (math.isfinite(value) and not value.is_integer()):
            raise _Mismatch()
        if math.isinf(value):
            return I64_MAX if value > 0 else I64_MIN
        return max(I64_MIN, min(I64_MAX, int(value)))
    if isinstance(value, Decimal):
        if value != value.to_integral_value() or not I64_MIN <= value <= I64_MAX:
            raise _Mismatch()
        return int(value)
    if isinstance(value, str):
        return _parse_int(value)
    raise _Mismatch()


def _to_float(value: Value) -> float:
    if isinstance(value, bool):
        raise _Mismatch()
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, str):
        return _parse_float(value)
    raise _Mismatch()


def _to_decimal(value: Value) -> Decimal:
    if isinstance(value, bool):
        raise _Mismatch()
    if isinstance(value, (int, float, Decimal)):
        result = to_decimal(value)
        if result is None or (isinstance(value, float) and not math.isfinite(value)):
            raise _Mismatch()
        return result
    if isinstance(value, str):
        if not _FLOAT_TEXT.match(value.replace("_", "")):
            raise _Mismatch()
        try:
            parsed = fit_decimal(Decimal(value.replace("_", "")))
        except InvalidOperation:
            raise _Mismatch() from None
        if parsed is None:
            raise _Mismatch()
        return normalize_decimal(parsed)
    raise _Mismatch()


def _parse_datetime(text: str) -> Datetime:
    try:
        return recordid.parse_datetime(text)
    except recordid.RecordIdUnsupported as problem:
        raise Unsupported(problem.message) from None
    except recordid.RecordIdError:
        raise _Mismatch() from None


def _parse_uuid(text: str) -> uuid.UUID:
    if len(text) != 36:
        raise _Mismatch()
    try:
        return recordid.parse_uuid(text)
    except recordid.RecordIdError:
        raise _Mismatch() from None


# --------------------------------------------------------------------------- coercion


def coerce(kinds: tuple[Kind, ...], value: Value) -> Value:
    """Check that ``value`` is of ``kinds`` (numbers convert losslessly); raise otherwise.

    The error reads ``Expected `kind` but found `value```; callers prefix their context.
    """
    try:
        return _coerce_any(kinds, value)
    except _Mismatch as mismatch:
        raise EvaluationError(
            mismatch.message or f"Expected `{kind_text(kinds)}` but found `{render(value)}`"
        ) from None


def _coerce_any(kinds: tuple[Kind, ...], value: Value) -> Value:
    first: _Mismatch | None = None
    for kind in kinds:
        try:
            return _coerce_one(kind, value)
        except _Mismatch as mismatch:
            first = first or mismatch
    if len(kinds) == 1 and first is not None:
        raise first
    raise _Mismatch()


def _coerce_one(kind: Kind, value: Value) -> Value:
    name = kind.name
    if name == "any":
        return value
    if name == "option":
        if value is None:
            return None
        return _coerce_any(kind.args[0], value) if kind.args else value
    if name == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if (
            isinstance(value, (float, Decimal))
            and math.isfinite(value)
            and value == int(value)
            and I64_MIN <= value <= I64_MAX
        ):
            return int(value)
        raise _Mismatch()
    if name == "float":
        if is_number(value):
            return float(value)  # type: ignore[arg-type]
        raise _Mismatch()
    if name == "decimal":
        if is_number(value):
            result = to_decimal(value)  # type: ignore[arg-type]
            if result is not None:
                return result
        raise _Mismatch()
    if name == "array":
        if not isinstance(value, tuple):
            raise _Mismatch()
        return _elements(kind, value, "coercing", _coerce_any)
    if name == "record":
        if not isinstance(value, RecordId):
            raise _Mismatch()
        _check_tables(kind, value)
        return value
    if _is(kind, value):
        return value
    if name in _KNOWN:
        raise _Mismatch()
    raise Unsupported(f"the kind `{kind}` is not supported by surrealaccess")


def _is(kind: Kind, value: Value) -> bool:
    """Whether a value is exactly of one kind (no conversion)."""
    name = kind.name
    checks: dict[str, bool] = {
        "any": True,
        "none": value is None,
        "null": isinstance(value, Null),
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, float),
        "decimal": isinstance(value, Decimal),
        "number": is_number(value),
        "string": isinstance(value, str),
        "datetime": isinstance(value, Datetime),
        "duration": isinstance(value, Duration),
        "uuid": isinstance(value, uuid.UUID),
        "object": isinstance(value, Object),
        "bytes": isinstance(value, bytes),
        "table": isinstance(value, Table),
    }
    if name in checks:
        return checks[name]
    if name == "option":
        return value is None or any(_is(k, value) for k in (kind.args[0] if kind.args else ()))
    if name == "record":
        if not isinstance(value, RecordId):
            return False
        return not kind.args or value.table in {k.name for k in kind.args[0]}
    if name == "array":
        if not isinstance(value, tuple):
            return False
        if kind.sizes and len(value) > kind.sizes[0]:
            return False
        return not kind.args or all(any(_is(k, v) for k in kind.args[0]) for v in value)
    return False


def matches(kinds: tuple[Kind, ...], value: Value) -> bool:
    """Whether a value is exactly of one of the kinds (used by ``type::is::*``)."""
    return any(_is(kind, value) for kind in kinds)

