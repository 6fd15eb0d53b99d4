"""``math::*`` built-ins and constants (``math::pi``…)."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .. import operators
from ..errors import EvaluationError
from ..values import Value, to_raw_string
from . import CONSTANTS, builtin

Number = int | float | Decimal

CONSTANTS.update({
    "math::pi": math.pi, "math::e": math.e, "math::tau": math.tau, "math::inf": math.inf,
    "math::neg_inf": -math.inf, "math::sqrt_2": math.sqrt(2), "math::ln_2": math.log(2),
    "math::ln_10": math.log(10), "math::log2_e": math.log2(math.e),
    "math::log10_e": math.log10(math.e), "math::frac_1_pi": 1 / math.pi,
    "math::frac_1_sqrt_2": 1 / math.sqrt(2), "math::frac_2_pi": 2 / math.pi,
    "math::frac_2_sqrt_pi": 2 / math.sqrt(math.pi), "math::frac_pi_2": math.pi / 2,
    "math::frac_pi_3": math.pi / 3, "math::frac_pi_4": math.pi / 4,
    "math::frac_pi_6": math.pi / 6, "math::frac_pi_8": math.pi / 8,
    "math::log2_10": math.log2(10), "math::log10_2": math.log10(2),
})  # fmt: skip


def _overflow(call: str) -> EvaluationError:
    return EvaluationError(
        f'Failed to compute: "{call}", as the operation results in an arithmetic overflow.'
    )


@builtin("math::abs", "number")
def abs_(value: Number) -> Value:
    if isinstance(value, int) and value == -(2**63):
        raise _overflow(f"math::abs({value})")
    if isinstance(value, Decimal):
        return value.copy_abs()
    return abs(value)


def _rounding(name: str, decimal_mode: str, float_op: object) -> None:
    def run(value: Number) -> Value:
        if isinstance(value, int):
            return value
        if isinstance(value, Decimal):
            return value.quantize(Decimal(1), rounding=decimal_mode)
        if not math.isfinite(value):
            return value
        result: float = float(float_op(value))  # type: ignore[operator]
        return result

    builtin(f"math::{name}", "number")(run)


def _round_half_away(value: float) -> float:
    return float(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)


_rounding("floor", ROUND_FLOOR, math.floor)
_rounding("ceil", ROUND_CEILING, math.ceil)
_rounding("round", ROUND_HALF_UP, _round_half_away)


def _floats(name: str, function: object) -> None:
    def run(value: Number) -> Value:
        try:
            result: float = float(function(float(value)))  # type: ignore[operator]
            return result
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf

    builtin(f"math::{name}", "number")(run)


for _name, _function in (("log10", math.log10), ("log2", math.log2), ("ln", math.log),
                         ("sin", math.sin), ("cos", math.cos), ("tan", math.tan),
                         ("asin", math.asin), ("acos", math.acos), ("atan", math.atan)):
    _floats(_name, _function)


@builtin("math::sqrt", "number")
def sqrt(value: Number) -> Value:
    if isinstance(value, Decimal):
        if value < 0:
            return math.nan
        return operators.fit_decimal(value.sqrt(operators._CONTEXT)) or math.nan
    return math.sqrt(value) if value >= 0 else math.nan


@builtin("math::log", "number", "number")
def log(value: Number, base: Number) -> Value:
    try:
        return math.log(float(value)) / math.log(float(base))
    except (ValueError, ZeroDivisionError):
        return math.nan


@builtin("math::pow", "number", "number")
def pow_(value: Number, exponent: Number) -> Value:
    return operators.power(value, exponent)


@builtin("math::sign", "number")
def sign(value: Number) -> Value:
    if isinstance(value, int):
        return (value > 0) - (value < 0)
    if isinstance(value, Decimal):
        return Decimal((value > 0) - (value < 0))
    return math.copysign(1.0, value) if not math.isnan(value) else value


@builtin("math::clamp", "number", "number", "number")
def clamp(value: Number, low: Number, high: Number) -> Value:
    if operators.compare(value, low) < 0:
        return low
    if operators.compare(value, high) > 0:
        return high
    return value


@builtin("math::fixed", "number", "int")
def fixed(value: Number, places: int) -> Value:
    if places <= 0:
        raise EvaluationError(
            "Incorrect arguments for function math::fixed(). The second argument must be an "
            "integer greater than 0."
        )
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(format(float(value), f".{places}f"))


def _numbers(items: tuple[Value, ...], name: str) -> list[Number]:
    out: list[Number] = []
    for item in items:
        if not (isinstance(item, (int, float, Decimal)) and not isinstance(item, bool)):
            raise EvaluationError(
                f"Incorrect arguments for function {name}(). Argument 1 was the wrong type. "
                f"Expected `array<number>` but found `{to_raw_string(items)}`"
            )
        out.append(item)
    return out


@builtin("math::max", "array")
def maximum(items: tuple[Value, ...]) -> Value:
    numbers = _numbers(items, "math::max")
    best: Value = -math.inf
    for number in numbers:
        if operators.compare(number, best) > 0:
            best = number
    return best


@builtin("math::min", "array")
def minimum(items: tuple[Value, ...]) -> Value:
    numbers = _numbers(items, "math::min")
    best: Value = math.inf
    for number in numbers:
        if operators.compare(number, best) < 0:
            best = number
    return best


@builtin("math::sum", "array")
def total(items: tuple[Value, ...]) -> Value:
    result: Value = 0
    for number in _numbers(items, "math::sum"):
        result = operators.add(result, number)
    return result


@builtin("math::product", "array")
def product(items: tuple[Value, ...]) -> Value:
    result: Value = 1
    for number in _numbers(items, "math::product"):
        result = operators.multiply(result, number)
    return result


@builtin("math::mean", "array")
def mean(items: tuple[Value, ...]) -> Value:
    numbers = _numbers(items, "math::mean")
    if not numbers:
        return math.nan
    return sum(float(n) for n in numbers) / len(numbers)


@builtin("math::median", "array")
def median(items: tuple[Value, ...]) -> Value:
    numbers = sorted(float(n) for n in _numbers(items, "math::median"))
    if not numbers:
        return math.nan
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2
