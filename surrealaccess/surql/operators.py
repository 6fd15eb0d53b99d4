"""SurrealQL's operators with SurrealDB 3.x semantics.

`binary(op, left, right)` and `unary(op, value)` take the canonical operator spelling of the
syntax tree (``=``, ``AND``, ``CONTAINSALL``, ``NOT IN``…). ``AND``, ``OR``, ``??`` and
``?:`` short-circuit, so the interpreter evaluates them itself with `truthy`; the functions
here are for evaluated operands.

Semantics, as observed on the engine:

* Equality (``=``, ``==``, ``IS``) never converts between types except among numbers
  (``1 = 1f = 1dec``, also inside arrays and objects); ``NONE`` and ``NULL`` differ.
* Ordering (``<``…) first orders by type: none < null < bool < number < string < duration <
  datetime < uuid < array < object < bytes < table < record; numbers compare by value (NaN is
  equal to NaN and greater than every other number), strings by code point, arrays
  lexicographically, objects entry by entry, record ids by table then key.
* Arithmetic promotes int → float → decimal; int overflow is an error (never wrap-around);
  ``/`` divides integers towards zero and gives ``NaN`` for anything it cannot divide (a zero
  divisor, mismatched types); ``%`` follows the dividend's sign.
* ``+`` concatenates strings and arrays and merges objects; ``-`` removes array items;
  durations and datetimes add and subtract; durations multiply and divide by numbers.
"""

from __future__ import annotations

import decimal
import math
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NoReturn

from ..lexical import I64_MAX, I64_MIN
from .errors import EvaluationError, Unsupported
from .values import (
    MAX_DURATION_NS,
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

__all__ = ["binary", "compare", "equal", "truthy", "unary"]

_NANOS = 1_000_000_000
_DECIMAL_MAX = Decimal(2**96 - 1)
#: Enough precision for exact intermediate results before fitting into rust_decimal's 96 bits.
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, Emax=10**6, Emin=-(10**6))


# --------------------------------------------------------------------------- truth


def truthy(value: Value) -> bool:
    """SurrealDB's truthiness: non-empty strings/arrays/objects, non-zero numbers, ids…."""
    if value is None or isinstance(value, Null):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return bool(value)  # NaN is truthy, as `NaN != 0` in the engine
    if isinstance(value, (str, tuple, Object, bytes)):
        return len(value) > 0
    if isinstance(value, Duration):
        return value.nanoseconds > 0
    return bool(isinstance(value, (Datetime, uuid.UUID, RecordId)))


# --------------------------------------------------------------------------- equality, order


def equal(left: Value, right: Value) -> bool:
    """SurrealQL ``=``: same type and value, numbers compared across int/float/decimal."""
    if is_number(left):
        return is_number(right) and _number_cmp(left, right) == 0  # type: ignore[arg-type]
    if isinstance(left, tuple):
        return (
            isinstance(right, tuple)
            and len(left) == len(right)
            and all(equal(a, b) for a, b in zip(left, right, strict=False))
        )
    if isinstance(left, Object):
        return (
            isinstance(right, Object)
            and len(left) == len(right)
            and all(a == b and equal(left[a], right[b]) for a, b in zip(left, right, strict=False))
        )
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if is_number(right):
        return False
    return type(left) is type(right) and left == right


def _number_cmp(left: int | float | Decimal, right: int | float | Decimal) -> int:
    left_nan = isinstance(left, float) and math.isnan(left)
    right_nan = isinstance(right, float) and math.isnan(right)
    if left_nan or right_nan:
        return (left_nan and not right_nan) - (right_nan and not left_nan)
    return (left > right) - (left < right)


_RANKS: dict[type, int] = {
    type(None): 0, Null: 1, bool: 2, int: 3, float: 3, Decimal: 3, str: 4, Duration: 5,
    Datetime: 6, uuid.UUID: 7, tuple: 8, Object: 10, bytes: 12, Table: 13, RecordId: 14,
}  # fmt: skip
_KEY_RANKS: dict[type, int] = {int: 0, str: 1, uuid.UUID: 2, tuple: 3, Object: 4}


def compare(left: Value, right: Value) -> int:
    """Order two values as SurrealDB does: -1, 0 or 1 (see the module documentation)."""
    left_rank, right_rank = _RANKS[type(left)], _RANKS[type(right)]
    if left_rank != right_rank:
        return -1 if left_rank < right_rank else 1
    if left_rank == 3:
        return _number_cmp(left, right)  # type: ignore[arg-type]
    if isinstance(left, tuple):
        assert isinstance(right, tuple)
        for a, b in zip(left, right, strict=False):
            order = compare(a, b)
            if order:
                return order
        return (len(left) > len(right)) - (len(left) < len(right))
    if isinstance(left, Object):
        assert isinstance(right, Object)
        for (ka, va), (kb, vb) in zip(left.items(), right.items(), strict=False):
            if ka != kb:
                return -1 if ka < kb else 1
            order = compare(va, vb)
            if order:
                return order
        return (len(left) > len(right)) - (len(left) < len(right))
    if isinstance(left, RecordId):
        assert isinstance(right, RecordId)
        if left.table != right.table:
            return -1 if left.table < right.table else 1
        rank_a, rank_b = _KEY_RANKS[type(left.key)], _KEY_RANKS[type(right.key)]
        if rank_a != rank_b:
            return -1 if rank_a < rank_b else 1
        return compare(left.key, right.key)
    if isinstance(left, Duration):
        assert isinstance(right, Duration)
        return _sign(left.nanoseconds - right.nanoseconds)
    if isinstance(left, Datetime):
        assert isinstance(right, Datetime)
        return _sign(left.epoch_ns - right.epoch_ns)
    if isinstance(left, uuid.UUID):
        assert isinstance(right, uuid.UUID)
        return _sign(left.int - right.int)
    if isinstance(left, Table):
        assert isinstance(right, Table)
        return (left.name > right.name) - (left.name < right.name)
    if left is None or isinstance(left, Null):
        return 0
    return (left > right) - (left < right)  # type: ignore[operator]


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)


# --------------------------------------------------------------------------- containment


def contains(container: Value, item: Value) -> bool:
    """``container CONTAINS item``."""
    if isinstance(container, tuple):
        return any(equal(member, item) for member in container)
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    if isinstance(container, uuid.UUID):
        return isinstance(item, str) and item in str(container)
    if isinstance(container, Object):
        return isinstance(item, str) and item in container
    return False


def _contains_some(container: Value, items: Value, every: bool) -> bool:
    combine = all if every else any
    if isinstance(items, tuple):
        if isinstance(container, str) and all(isinstance(i, str) for i in items):
            return combine(i in container for i in items)  # type: ignore[operator]
        if isinstance(container, tuple):
            return combine(any(equal(i, m) for m in container) for i in items)
        return combine(False for _ in items)
    if isinstance(items, str):
        return isinstance(container, str) and items in container
    return False


def contains_all(container: Value, items: Value) -> bool:
    """``container CONTAINSALL items``."""
    return _contains_some(container, items, every=True)


def contains_any(container: Value, items: Value) -> bool:
    """``container CONTAINSANY items``."""
    return _contains_some(container, items, every=False)


# --------------------------------------------------------------------------- arithmetic


def _fail(message: str) -> NoReturn:
    raise EvaluationError(message)


def _mismatch(action: str, left: Value, right: Value) -> NoReturn:
    _fail(f"Cannot perform {action} with '{kind_of(left)}' and '{kind_of(right)}'")


def _overflow(action: str, left: Value, right: Value) -> NoReturn:
    _fail(f"Cannot perform {action} with '{to_raw_string(left)}' and '{to_raw_string(right)}'")


def fit_decimal(value: Decimal) -> Decimal | None:
    """Round a decimal into rust_decimal's range (28 places, 96-bit mantissa), or None."""
    if not value.is_finite():
        return None
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if exponent < -28:
        value = value.quantize(Decimal(1).scaleb(-28), context=_CONTEXT)
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
    mantissa = int("".join(map(str, digits)) or "0")
    while mantissa > _DECIMAL_MAX and exponent < 0:
        value = value.quantize(Decimal(1).scaleb(exponent + 1), context=_CONTEXT)
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        mantissa = int("".join(map(str, digits)) or "0")
    if mantissa * 10 ** max(exponent, 0) > _DECIMAL_MAX:
        return None
    if exponent > 0:
        value = value.quantize(Decimal(1), context=_CONTEXT)
    return value


def to_decimal(value: int | float | Decimal) -> Decimal | None:
    """A number as a decimal, as rust_decimal converts (floats by their shortest digits)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return Decimal(0)  # rust_decimal's from_f64 fails and the engine uses zero
        return fit_decimal(normalize_decimal(Decimal(repr(value))))
    return Decimal(value)


def normalize_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros as rust_decimal's parser does (``1.50`` is ``1.5``, ``2.0`` is ``2``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=_CONTEXT)
    return value.normalize(_CONTEXT)


_NumberOp = Callable[[int | float | Decimal, int | float | Decimal], int | float | Decimal]


def _numeric(
    action: str, left: int | float | Decimal, right: int | float | Decimal, op: _NumberOp
) -> Value:
    if isinstance(left, Decimal) or isinstance(right, Decimal):
        a, b = to_decimal(left), to_decimal(right)
        if a is None or b is None:
            _overflow(action, left, right)
        try:
            result = op(a, b)
        except (decimal.DecimalException, ZeroDivisionError, OverflowError):
            _overflow(action, left, right)
        assert isinstance(result, Decimal)
        fitted = fit_decimal(result)
        if fitted is None:
            _overflow(action, left, right)
        if fitted.is_zero():
            # rust_decimal: a zero factor or dividend gives a plain 0; other zeros lose the sign.
            if (op is _times and (a.is_zero() or b.is_zero())) or (
                op in (_quotient, _modulo) and a.is_zero()
            ):
                return Decimal(0)
            return fitted.copy_abs()
        return fitted
    if isinstance(left, float) or isinstance(right, float):
        try:
            return float(op(float(left), float(right)))
        except ZeroDivisionError:
            return math.nan
        except OverflowError:
            return math.inf
    result = op(left, right)
    if not isinstance(result, int) or not I64_MIN <= result <= I64_MAX:
        _overflow(action, left, right)
    return result


def add(left: Value, right: Value) -> Value:
    """``left + right``."""
    if is_number(left) and is_number(right):
        return _numeric("addition", left, right, _plus)  # type: ignore[arg-type]
    if isinstance(left, str) and isinstance(right, str):
        return left + right
    if isinstance(left, tuple) and isinstance(right, tuple):
        return left + right
    if isinstance(left, Object) and isinstance(right, Object):
        return Object({**left, **right})
    if isinstance(left, Duration) and isinstance(right, Duration):
        total = left.nanoseconds + right.nanoseconds
        if total > MAX_DURATION_NS:
            _fail(
                f'Failed to compute: "{left} + {right}", as the operation results in an '
                "arithmetic overflow."
            )
        return Duration(total)
    if isinstance(left, Datetime) and isinstance(right, Duration):
        return _shift(left, right, right.nanoseconds, f"{right} + {left.iso()}")
    if isinstance(left, Duration) and isinstance(right, Datetime):
        return _shift(right, left, left.nanoseconds, f"{left} + {right.iso()}")
    _mismatch("addition", left, right)


def _plus(a: Any, b: Any) -> int | float | Decimal:
    return _CONTEXT.add(a, b) if isinstance(a, Decimal) else a + b


def _minus(a: Any, b: Any) -> int | float | Decimal:
    return _CONTEXT.subtract(a, b) if isinstance(a, Decimal) else a - b


def _times(a: Any, b: Any) -> int | float | Decimal:
    return _CONTEXT.multiply(a, b) if isinstance(a, Decimal) else a * b


def _shift(moment: Datetime, duration: Duration, nanoseconds: int, text: str) -> Datetime:
    try:
        return Datetime.from_epoch_ns(moment.epoch_ns + nanoseconds)
    except (OverflowError, ValueError):
        _fail(f'Failed to compute: "{text}", as the operation results in an arithmetic overflow.')


def subtract(left: Value, right: Value) -> Value:
    """``left - right``."""
    if is_number(left) and is_number(right):
        return _numeric("subtraction", left, right, _minus)  # type: ignore[arg-type]
    if isinstance(left, tuple) and isinstance(right, tuple):
        return tuple(item for item in left if not any(equal(item, r) for r in right))
    if isinstance(left, Duration) and isinstance(right, Duration):
        if right.nanoseconds > left.nanoseconds:
            _fail(
                f'Failed to compute: "{left} - {right}", as the operation results in a '
                "negative value."
            )
        return Duration(left.nanoseconds - right.nanoseconds)
    if isinstance(left, Datetime) and isinstance(right, Datetime):
        difference = left.epoch_ns - right.epoch_ns
        if difference < 0:
            _fail(
                f'Failed to compute: "{left.iso()} - {right.iso()}", as the operation results '
                "in a negative value."
            )
        return Duration(difference)
    if isinstance(left, Datetime) and isinstance(right, Duration):
        return _shift(left, right, -right.nanoseconds, f"{left.iso()} - {right}")
    if isinstance(left, Duration) and isinstance(right, Datetime):
        return _shift(right, left, -left.nanoseconds, f"{right.iso()} - {left}")
    _mismatch("subtraction", left, right)


def multiply(left: Value, right: Value) -> Value:
    """``left * right``."""
    if is_number(left) and is_number(right):
        return _numeric("multiplication", left, right, _times)  # type: ignore[arg-type]
    if isinstance(left, Duration) and is_number(right):
        return _scale_duration(left, right, multiply=True)  # type: ignore[arg-type]
    _mismatch("multiplication", left, right)


def _scale_duration(duration: Duration, factor: int | float | Decimal, multiply: bool) -> Value:
    nanos = duration.nanoseconds
    if multiply:
        negative = factor < 0 or (isinstance(factor, float) and not math.isfinite(factor))
        if negative:
            if isinstance(factor, float):
                _fail("Cannot multiply a duration with a non-finite or negative number")
            _fail("Cannot multiply a duration with a negative number")
        if isinstance(factor, int):
            if factor > 2**32 - 1:
                _fail("number too large to fit in target type")
            result = nanos * factor
        elif isinstance(factor, float):
            result = _seconds_to_nanos(nanos / _NANOS * factor)
        else:
            result = int(_CONTEXT.multiply(Decimal(nanos), factor))
    else:
        if not factor > 0 or (isinstance(factor, float) and not math.isfinite(factor)):
            return math.nan
        if isinstance(factor, int):
            if factor > 2**32 - 1:
                return math.nan
            result = nanos // factor
        elif isinstance(factor, float):
            result = _seconds_to_nanos(nanos / _NANOS / factor)
        else:
            result = int(_CONTEXT.divide(Decimal(nanos), factor))
    if result > MAX_DURATION_NS:
        if not multiply:
            return math.nan
        _fail(f"Arithmetic overflow: {duration} * {factor}")
    return Duration(result)


def _seconds_to_nanos(seconds: float) -> int:
    # Rust's Duration::from_secs_f64 rounds to the nearest nanosecond.
    whole = math.floor(seconds)
    return int(whole) * _NANOS + round((seconds - whole) * _NANOS)


def divide(left: Value, right: Value) -> Value:
    """``left / right``: anything that cannot be divided gives NaN, as in SurrealDB."""
    if is_number(left) and is_number(right):
        try:
            return _numeric("division", left, right, _quotient)  # type: ignore[arg-type]
        except (EvaluationError, ZeroDivisionError):
            return math.nan
    if isinstance(left, Duration) and is_number(right):
        return _scale_duration(left, right, multiply=False)  # type: ignore[arg-type]
    return math.nan


def _quotient(a: Any, b: Any) -> int | float | Decimal:
    if isinstance(a, Decimal):
        if b == 0:
            raise ZeroDivisionError
        return _CONTEXT.divide(a, b)
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise ZeroDivisionError
        quotient = abs(a) // abs(b)
        return quotient if (a < 0) == (b < 0) else -quotient
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return float(math.copysign(math.inf, a) * math.copysign(1.0, b))
    return float(a / b)


def remainder(left: Value, right: Value) -> Value:
    """``left % right`` (the result takes the dividend's sign)."""
    if is_number(left) and is_number(right):
        decimals = isinstance(left, Decimal) or isinstance(right, Decimal)
        if (isinstance(left, int) and isinstance(right, int) and right == 0) or (
            decimals
            and (right == 0 or (isinstance(right, float) and not math.isfinite(right)))
        ):
            show = to_raw_string if isinstance(left, Decimal) and isinstance(right, Decimal) \
                else render
            _fail(f"Cannot perform remainder with '{show(left)}' and '{show(right)}'")
        return _numeric("remainder", left, right, _modulo)  # type: ignore[arg-type]
    _mismatch("remainder", left, right)


def _modulo(a: Any, b: Any) -> int | float | Decimal:
    if isinstance(a, Decimal):
        if b == 0:
            raise ZeroDivisionError
        return _CONTEXT.remainder(a, b)
    if isinstance(a, int) and isinstance(b, int):
        result = abs(a) % abs(b)
        return result if a >= 0 else -result
    if b == 0:
        return math.nan
    return float(math.fmod(a, b))


def power(left: Value, right: Value) -> Value:
    """``left ** right``."""
    if not (is_number(left) and is_number(right)):
        _fail(f"Cannot raise the value '{kind_of(left)}' with '{kind_of(right)}'")
    assert isinstance(left, (int, float, Decimal)) and isinstance(right, (int, float, Decimal))
    failure = f"Cannot raise the value '{to_raw_string(left)}' with '{to_raw_string(right)}'"
    if isinstance(left, int) and isinstance(right, int):
        if right < 0:
            _fail(failure)
        if left in (0, 1) and right > 0:
            return left
        if left == -1:
            return 1 if right % 2 == 0 else -1
        if right > 2**32 - 1:
            _fail(failure)
        result: int = left**right
        if not I64_MIN <= result <= I64_MAX:
            _fail(failure)
        return result
    if isinstance(left, Decimal):
        if isinstance(right, float) and not math.isfinite(right):
            _fail(failure)
        b = to_decimal(right)
        assert b is not None
        if b.is_zero():
            return Decimal(1)
        try:
            raised = _CONTEXT.power(left, b)
        except (decimal.DecimalException, ZeroDivisionError):
            _fail(failure)
        fitted = fit_decimal(raised)
        if fitted is None:
            _fail(failure)
        return fitted
    try:
        raised_float = float(left) ** float(right)
    except ZeroDivisionError:
        return math.inf
    except OverflowError:
        return math.inf
    return raised_float if isinstance(raised_float, float) else math.nan  # complex: NaN


def negate(value: Value) -> Value:
    """``-value``."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value == I64_MIN:
            _fail(f"Cannot negate the value '{value}'")
        return -value
    if isinstance(value, Decimal):
        return value.copy_negate()
    if isinstance(value, float):
        return -value
    _fail(f"Cannot negate the value '{kind_of(value)}'")


# --------------------------------------------------------------------------- dispatch


def _not_equal(left: Value, right: Value) -> Value:
    return not equal(left, right)


def _any_equal(left: Value, right: Value) -> Value:
    if isinstance(left, tuple):
        return any(equal(item, right) for item in left)
    return equal(left, right)


def _all_equal(left: Value, right: Value) -> Value:
    if isinstance(left, tuple):
        return all(equal(item, right) for item in left)
    return equal(left, right)


def _unsupported(op: str) -> Callable[[Value, Value], Value]:
    def run(left: Value, right: Value) -> Value:
        raise Unsupported(f"the {op} operator is not supported by surrealaccess")

    return run


_BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "=": equal,
    "IS": equal,
    "==": equal,
    "!=": _not_equal,
    "IS NOT": _not_equal,
    "?=": _any_equal,
    "*=": _all_equal,
    "<": lambda a, b: compare(a, b) < 0,
    "<=": lambda a, b: compare(a, b) <= 0,
    ">": lambda a, b: compare(a, b) > 0,
    ">=": lambda a, b: compare(a, b) >= 0,
    "+": add,
    "-": subtract,
    "*": multiply,
    "/": divide,
    "%": remainder,
    "**": power,
    "CONTAINS": contains,
    "CONTAINSNOT": lambda a, b: not contains(a, b),
    "CONTAINSALL": contains_all,
    "CONTAINSANY": contains_any,
    "CONTAINSNONE": lambda a, b: not contains_any(a, b),
    "INSIDE": lambda a, b: contains(b, a),
    "IN": lambda a, b: contains(b, a),
    "NOTINSIDE": lambda a, b: not contains(b, a),
    "NOT IN": lambda a, b: not contains(b, a),
    "ALLINSIDE": lambda a, b: contains_all(b, a),
    "ANYINSIDE": lambda a, b: contains_any(b, a),
    "NONEINSIDE": lambda a, b: not contains_any(b, a),
    # Geometry operators: without geometry values, nothing intersects anything.
    "OUTSIDE": lambda a, b: True,
    "INTERSECTS": lambda a, b: False,
    "@@": _unsupported("@@ (full-text match)"),
}


def binary(op: str, left: Value, right: Value) -> Value:
    """Apply a non-short-circuit binary operator to two values."""
    function = _BINARY.get(op)
    if function is None:
        raise Unsupported(f"the {op} operator is not supported by surrealaccess")
    return function(left, right)


def unary(op: str, value: Value) -> Value:
    """Apply ``!``, ``-`` or ``+``."""
    if op == "!":
        return not truthy(value)
    if op == "-":
        return negate(value)
    return value
