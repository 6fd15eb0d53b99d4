"""``type::*`` built-ins: conversions (``type::int``…), ``type::record``, ``type::is_*``."""

from __future__ import annotations

import math
import uuid
from decimal import Decimal
from typing import Any

from ..errors import EvaluationError
from ..kinds import cast, parse_kind
from ..values import (
    Datetime,
    Duration,
    Null,
    Object,
    RecordId,
    Table,
    Value,
    is_number,
    kind_of,
    render,
    to_raw_string,
)
from . import builtin


def _converter(kind: str) -> None:
    kinds = parse_kind(kind)

    def convert(value: Value) -> Value:
        return cast(kinds, value)

    builtin(f"type::{kind}", "any")(convert)


for _kind in ("array", "bool", "bytes", "datetime", "decimal", "duration", "float", "int",
              "number", "string", "uuid"):
    _converter(_kind)


@builtin("type::of", "any")
def of(value: Value) -> Value:
    return kind_of(value)


@builtin("type::table", "any")
def table(value: Value) -> Value:
    if isinstance(value, RecordId):
        return Table(value.table)
    if isinstance(value, Table):
        return value
    return Table(to_raw_string(value))


#: Stands for a left-out second argument of ``type::record`` (NONE is a key there).
_NO_KEY: Any = object()


@builtin("type::record", "any", "any", optional=1)
def record(value: Value, key: Value = _NO_KEY) -> Value:
    if key is _NO_KEY:
        return cast(parse_kind("record"), value)
    table_name = value.table if isinstance(value, RecordId) else (
        value.name if isinstance(value, Table) else to_raw_string(value)
    )
    if table_name == "":
        raise EvaluationError("Found  for the Record ID but this is not a valid table name")
    if key == "":
        raise EvaluationError("Found  for the Record ID but this is not a valid id")
    if isinstance(key, RecordId):
        return RecordId(table_name, key.key)
    if isinstance(key, (int, str, uuid.UUID, tuple, Object)) and not isinstance(key, bool):
        return RecordId(table_name, key)
    return RecordId(table_name, _key_text(key))


def _key_text(key: Value) -> str:
    """Any other key as the engine turns it into a string key (observed, 3.2.4).

    NONE and NULL give 'NONE' and 'NULL' (``type::record('user', $token.missing)`` is
    ``user:NONE``, not an error); floats print without their ``f`` (``user:`1.5```, Rust's
    ``inf``/``-inf``/``NaN``); bytes print as ``b"00"``; the rest as the ``<string>`` cast.
    """
    if isinstance(key, float):
        if math.isnan(key):
            return "NaN"
        if math.isinf(key):
            return "inf" if key > 0 else "-inf"
        return render(key).removesuffix("f")
    if isinstance(key, bytes):
        return render(key)
    return to_raw_string(key)


def _is(name: str, test: type | tuple[type, ...]) -> None:
    def check(value: Value) -> Value:
        return isinstance(value, test) and not (isinstance(value, bool) and bool not in
                                                (test if isinstance(test, tuple) else (test,)))

    builtin(f"type::is_{name}", "any")(check)


_is("array", tuple)
_is("bool", bool)
_is("bytes", bytes)
_is("datetime", Datetime)
_is("decimal", Decimal)
_is("duration", Duration)
_is("float", float)
_is("int", int)
_is("null", Null)
_is("object", Object)
_is("string", str)
_is("uuid", uuid.UUID)


@builtin("type::is_none", "any")
def is_none(value: Value) -> Value:
    return value is None


@builtin("type::is_number", "any")
def is_number_(value: Value) -> Value:
    return is_number(value)


@builtin("type::is_geometry", "any")
def is_geometry(value: Value) -> Value:
    return False  # surrealaccess has no geometry values


@builtin("type::is_record", "any", "option<string>", optional=1)
def is_record(value: Value, table_name: str | None = None) -> Value:
    return isinstance(value, RecordId) and (table_name is None or value.table == table_name)
