"""The SurrealQL value model of the whole library, and how SurrealDB prints values.

One Python type stands for each SurrealQL type:

======================  ==================================================================
SurrealQL               Python
======================  ==================================================================
``NONE``                ``None`` (`NONE` is an alias): what a missing field or an unknown
                        ``$param`` gives
``NULL``                `NULL`, the only instance of `Null`
``bool``                `bool`
``int`` (i64)           `int`, always within ``-2**63 .. 2**63-1``
``float`` (f64)         `float`
``decimal``             `decimal.Decimal` (finite, like rust_decimal's 96-bit decimals)
``string``              `str`
``duration``            `Duration` (whole nanoseconds, 0 .. 2**64 seconds)
``datetime``            `Datetime` (UTC, nanosecond precision)
``uuid``                `uuid.UUID`
``bytes``               `bytes`
``array``               `tuple` — arrays are immutable values, so they can be shared, hashed
                        and used inside record keys
``object``              `Object` — an immutable mapping kept sorted by key, as SurrealDB's
                        ``BTreeMap`` keeps it (``RecordObject`` is the same class)
``record``              `RecordId` (``table:key``)
``table``               `Table` (what ``type::table()`` returns)
======================  ==================================================================

Python equality (``==``/``hash``) on these values is *identity of SurrealQL values*: ``1``,
``1f`` and ``true`` are three different values inside arrays, objects and record keys (Python's
``1 == 1.0 == True`` does not leak through `Object`, `RecordId` or `value_key`). The
SurrealQL operators (``=``, ``<``, ``CONTAINS``…) have their own rules and live in
`surrealaccess.surql.operators`.

`render` prints a value as SurrealDB's SurrealQL text (what ``<string> [v]``, ``THROW`` and
error messages show); `to_raw_string` is the ``<string>`` cast (strings, datetimes and UUIDs
without their quotes or prefix). Every printing rule here was checked against the engine.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, TypeAlias

from ..lexical import I64_MAX, I64_MIN, format_duration, format_float, quote_string

__all__ = [
    "NONE",
    "NULL",
    "Datetime",
    "Duration",
    "Null",
    "Object",
    "RecordId",
    "RecordKey",
    "RecordObject",
    "Table",
    "Value",
    "escape_key",
    "escape_rid",
    "from_json",
    "is_number",
    "kind_of",
    "render",
    "to_json",
    "to_raw_string",
    "value_key",
]

#: SurrealQL ``NONE``.
NONE: Final = None

_U64_MAX = 2**64 - 1
_NANOS = 1_000_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class Null:
    """SurrealQL ``NULL`` (distinct from ``NONE``, which is Python ``None``)."""

    def __str__(self) -> str:
        return "NULL"

    def __repr__(self) -> str:
        return "NULL"


#: The ``NULL`` value.
NULL: Final = Null()


@dataclass(frozen=True, slots=True)
class Duration:
    """A SurrealQL duration, in nanoseconds (0 to 2**64 seconds)."""

    nanoseconds: int

    def __post_init__(self) -> None:
        if isinstance(self.nanoseconds, bool) or not isinstance(self.nanoseconds, int):
            raise TypeError("a duration is a whole number of nanoseconds")
        if not 0 <= self.nanoseconds // _NANOS <= _U64_MAX:
            raise ValueError("a duration must be between 0 and 2**64 seconds")

    def __int__(self) -> int:
        return self.nanoseconds

    def __str__(self) -> str:
        return format_duration(self.nanoseconds)

    def __repr__(self) -> str:
        return f"Duration({self})"


#: The largest duration, in nanoseconds (a Rust ``Duration`` holds u64 seconds).
MAX_DURATION_NS: Final = _U64_MAX * _NANOS + _NANOS - 1


@dataclass(frozen=True, slots=True)
class Datetime:
    """A SurrealQL datetime with nanosecond precision, in UTC.

    ``moment`` is an aware UTC :class:`datetime.datetime` truncated to microseconds;
    ``nanosecond`` is the full sub-second part (0..999_999_999). Only the years 1 to 9999
    (Python's range) are modelled; SurrealDB's wider range is refused where it would arise.
    """

    moment: _dt.datetime
    nanosecond: int

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("a datetime needs a time zone")
        if not 0 <= self.nanosecond < _NANOS:
            raise ValueError("nanosecond must be within 0..999_999_999")
        utc = self.moment.astimezone(_dt.timezone.utc)
        object.__setattr__(self, "moment", utc.replace(microsecond=self.nanosecond // 1000))

    @classmethod
    def from_epoch_ns(cls, nanoseconds: int) -> Datetime:
        """The datetime ``nanoseconds`` after 1970-01-01T00:00:00Z (may be negative).

        Raises `OverflowError` outside the years 1 to 9999.
        """
        seconds, nanos = divmod(nanoseconds, _NANOS)
        moment = _EPOCH + _dt.timedelta(seconds=seconds)
        return cls(moment, nanos)

    @property
    def epoch_ns(self) -> int:
        """Nanoseconds since 1970-01-01T00:00:00Z."""
        delta = self.moment.replace(microsecond=0) - _EPOCH
        return (delta.days * 86_400 + delta.seconds) * _NANOS + self.nanosecond

    def iso(self) -> str:
        """The RFC 3339 text SurrealDB prints (UTC, ``Z``, shortest of ms/µs/ns fraction)."""
        m = self.moment
        base = f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        nanos = self.nanosecond
        if nanos == 0:
            frac = ""
        elif nanos % 1_000_000 == 0:
            frac = f".{nanos // 1_000_000:03d}"
        elif nanos % 1_000 == 0:
            frac = f".{nanos // 1_000:06d}"
        else:
            frac = f".{nanos:09d}"
        return f"{base}{frac}Z"

    def __str__(self) -> str:
        return f"d'{self.iso()}'"


@dataclass(frozen=True, slots=True)
class Table:
    """A table name as a value (``type::table('user')``); prints like a record id's table."""

    name: str

    def __str__(self) -> str:
        return escape_rid(self.name)


class Object(Mapping[str, "Value"]):
    """An immutable, hashable object value: entries sorted by key, as the engine stores them."""

    __slots__ = ("_items", "_text")
    _items: dict[str, Value]
    _text: str | None

    def __init__(self, entries: Mapping[str, Value] | None = None) -> None:
        data = dict(entries or {})
        for key in data:
            if not isinstance(key, str):
                raise TypeError(f"object keys must be strings, not {type(key).__name__}")
        self._items = dict(sorted(data.items(), key=lambda item: item[0]))
        self._text = None

    def __getitem__(self, key: str) -> Value:
        return self._items[key]

    def get(self, key: str, default: Any = None) -> Any:  # a faster Mapping.get
        return self._items.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Object):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"Object({self._items!r})"

    def __str__(self) -> str:
        if self._text is None:
            self._text = render(self)
        return self._text


#: The historical name of `Object` (record keys were the first objects the library modelled).
RecordObject = Object

#: A record key: an ``i64``, a string, a UUID, an array (tuple) or an object.
RecordKey: TypeAlias = "int | str | uuid.UUID | tuple[Value, ...] | Object"


@dataclass(frozen=True, slots=True)
class RecordId:
    """An immutable record id ``table:key``.

    Two ids are equal when they print the same, so equality follows SurrealQL value types:
    ``user:[1]``, ``user:[1f]`` and ``user:[true]`` are three different ids, although
    ``1 == 1.0 == True`` in Python.
    """

    table: str = field(compare=False)
    key: RecordKey = field(compare=False)
    _text: str = field(init=False, repr=False, compare=True)

    def __post_init__(self) -> None:
        if not isinstance(self.table, str):
            raise TypeError("the table of a record id must be a string")
        key = self.key
        if isinstance(key, bool) or not isinstance(key, (int, str, uuid.UUID, tuple, Object)):
            raise TypeError(f"unsupported record key type: {type(key).__name__}")
        if isinstance(key, int) and not I64_MIN <= key <= I64_MAX:
            raise ValueError("integer record keys must fit in a signed 64-bit integer")
        if isinstance(key, tuple):
            for item in key:
                _check_key_value(item)
        elif isinstance(key, Object):
            for item in key.values():
                _check_key_value(item)
        object.__setattr__(self, "_text", escape_rid(self.table) + ":" + _key_text(key))

    def __str__(self) -> str:
        return self._text

    def to_json(self) -> str:
        """The JSON form of the id: its SurrealQL text, as the engine serialises record ids."""
        return self._text


#: A SurrealQL value (see the module documentation for the mapping).
Value: TypeAlias = (
    "Null | bool | int | float | decimal.Decimal | str | uuid.UUID | Duration | Datetime"
    " | RecordId | tuple[Value, ...] | Object | bytes | Table | None"
)


def _check_key_value(value: object) -> None:
    """Refuse values that cannot stand inside a record key (or are not values at all)."""
    if value is None or isinstance(
        value, (Null, bool, float, str, uuid.UUID, Duration, Datetime, RecordId)
    ):
        return
    if isinstance(value, decimal.Decimal):
        _, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int) or not -28 <= exponent <= 28:
            raise ValueError("decimals must be finite with at most 28 decimal places")
        if int("".join(map(str, digits)) or "0") * 10 ** max(exponent, 0) >= 2**96:
            raise ValueError("decimals must fit in 96 bits")
        return
    if isinstance(value, int):
        if not I64_MIN <= value <= I64_MAX:
            raise ValueError("integers must fit in a signed 64-bit integer")
        return
    if isinstance(value, tuple):
        for item in value:
            _check_key_value(item)
        return
    if isinstance(value, Object):
        for item in value.values():
            _check_key_value(item)
        return
    raise TypeError(f"unsupported value type in a record key: {type(value).__name__}")


# --------------------------------------------------------------------------- printing


def _is_plain(text: str) -> bool:
    return text != "" and all(c.isascii() and (c.isalnum() or c == "_") for c in text)


def escape_rid(text: str) -> str:
    """A table name or string key: backticks unless plain and not all digits/underscores."""
    if (
        not _is_plain(text)
        or all(c == "_" or "0" <= c <= "9" for c in text)
        or text in ("NaN", "Infinity")
    ):
        return "`" + quote_string(text, "`")[1:-1] + "`"
    return text


def escape_key(text: str) -> str:
    """An object key: bare when plain and not starting with a digit, else ``"…"``."""
    if not _is_plain(text) or "0" <= text[0] <= "9" or text in ("NaN", "Infinity"):
        return quote_string(text, '"')
    return text


def _key_text(key: RecordKey) -> str:
    if isinstance(key, str):
        return escape_rid(key)
    return render(key)


def render_decimal(value: decimal.Decimal) -> str:
    """Digits of a decimal as rust_decimal prints them (no exponent, scale kept)."""
    return format(value, "f")


def render(value: Value) -> str:
    """SurrealQL text of a value, as SurrealDB prints it (``{ a: 1 }``, ``'s'``, ``1f``…)."""
    if value is None:
        return "NONE"
    if value is True:
        return "true"
    if value is False:
        return "false"
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return quote_string(value)  # type: ignore[arg-type]
    if kind is float:
        return format_float(value)  # type: ignore[arg-type]
    if kind is tuple:
        return "[" + ", ".join(render(item) for item in value) + "]"  # type: ignore[union-attr]
    if isinstance(value, Object):
        if not value:
            return "{  }"
        inner = ", ".join(f"{escape_key(name)}: {render(item)}" for name, item in value.items())
        return "{ " + inner + " }"
    if isinstance(value, decimal.Decimal):
        return render_decimal(value) + "dec"
    if isinstance(value, uuid.UUID):
        return f"u'{value}'"
    if isinstance(value, bytes):
        return 'b"' + value.hex().upper() + '"'
    if isinstance(value, (Null, Duration, Datetime, RecordId, Table)):
        return str(value)
    raise TypeError(f"not a SurrealQL value: {value!r}")


def to_raw_string(value: Value) -> str:
    """The ``<string>`` cast: strings as they are, datetimes and UUIDs bare, the rest rendered.

    Decimals print without their ``dec`` suffix, as the engine's cast does.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Datetime):
        return value.iso()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return render_decimal(value)
    if isinstance(value, Table):
        return value.name
    return render(value)


def is_number(value: object) -> bool:
    """Whether a value is a SurrealQL number (int, float or decimal; never a bool)."""
    return type(value) in (int, float) or isinstance(value, decimal.Decimal)


def kind_of(value: Value) -> str:
    """The SurrealQL kind name of a value, as error messages print it (``int``, ``none``…)."""
    if value is None:
        return "none"
    if isinstance(value, Null):
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, decimal.Decimal):
        return "decimal"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Duration):
        return "duration"
    if isinstance(value, Datetime):
        return "datetime"
    if isinstance(value, uuid.UUID):
        return "uuid"
    if isinstance(value, tuple):
        return "array"
    if isinstance(value, Object):
        return "object"
    if isinstance(value, RecordId):
        return "record"
    if isinstance(value, bytes):
        return "bytes"
    if isinstance(value, Table):
        return "table"
    raise TypeError(f"not a SurrealQL value: {value!r}")


def value_key(value: Value) -> tuple[str, object]:
    """A hashable key that tells SurrealQL values apart (``1``, ``1f`` and ``true`` differ).

    Used where values must be grouped or de-duplicated exactly (``array::distinct``…).
    """
    if isinstance(value, float) and math.isnan(value):
        return ("float", "NaN")
    return (kind_of(value), render(value) if isinstance(value, (tuple, Object)) else value)


# --------------------------------------------------------------------------- JSON


def from_json(data: object) -> Value:
    """Turn decoded JSON (``json.loads``) into a value: ``null`` is NULL, lists are arrays.

    Integers outside the i64 range become floats, as SurrealDB reads JSON numbers.
    """
    if data is None:
        return NULL
    if isinstance(data, (bool, str, float)):
        return data
    if isinstance(data, int):
        return data if I64_MIN <= data <= I64_MAX else float(data)
    if isinstance(data, (list, tuple)):
        return tuple(from_json(item) for item in data)
    if isinstance(data, Mapping):
        return Object({str(key): from_json(item) for key, item in data.items()})
    if isinstance(data, decimal.Decimal):
        return data
    raise TypeError(f"not JSON data: {type(data).__name__}")


def to_json(value: Value) -> object:
    """The JSON form of a value, as SurrealDB's JSON output shows it.

    NONE and NULL are ``None``; durations, datetimes, UUIDs, record ids, tables and decimals
    are strings; bytes are a list of integers.
    """
    if value is None or isinstance(value, Null):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return [to_json(item) for item in value]
    if isinstance(value, Object):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, bytes):
        return list(value)
    return to_raw_string(value)
