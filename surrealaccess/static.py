"""Evaluate the constant expressions that definitions hold (names, keys, durations, comments).

SurrealDB evaluates these clause values when the statement runs. Most real schemas write
literals, so the formatter and the definition checks can compute the stored value without a
database; anything that needs one (a ``$param``, a function call) is `NOT_STATIC`.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Final, TypeAlias

from . import ast
from .lexical import MAX_DURATION_NS, format_duration, format_float, quote_name, quote_string


class Duration(int):
    """A SurrealQL duration value in nanoseconds (an int, so arithmetic works)."""

    def __repr__(self) -> str:
        return f"Duration({format_duration(self)})"


class _NoneType(enum.Enum):
    # An enum member, so that `value is NONE` narrows the type for mypy.
    NONE = "NONE"

    def __repr__(self) -> str:
        return "NONE"

    __str__ = __repr__


class _NotStatic(enum.Enum):
    # An enum member, so that `value is NOT_STATIC` narrows the type for mypy.
    NOT_STATIC = "NOT_STATIC"

    def __repr__(self) -> str:
        return "NOT_STATIC"

    __str__ = __repr__


#: SurrealQL ``NONE`` (``None`` stands for ``NULL``).
NONE: Final = _NoneType.NONE
#: The value of an expression that cannot be computed without a database.
NOT_STATIC: Final = _NotStatic.NOT_STATIC

Value: TypeAlias = (
    "str | int | float | Decimal | bool | Duration | _NoneType | list[Value] | dict[str, Value]"
    " | None"
)


def evaluate(expr: ast.Expr) -> Value | _NotStatic:
    """Compute the value of a constant expression, or return `NOT_STATIC`."""
    if isinstance(expr, ast.StringLiteral):
        return expr.value
    if isinstance(expr, ast.NumberLiteral):
        return expr.value
    if isinstance(expr, ast.DurationLiteral):
        return Duration(expr.nanoseconds)
    if isinstance(expr, ast.NoneLiteral):
        return NONE
    if isinstance(expr, ast.NullLiteral):
        return None
    if isinstance(expr, ast.BoolLiteral):
        return expr.value
    if isinstance(expr, ast.Paren):
        return evaluate(expr.expr)
    if isinstance(expr, ast.Field) or (
        isinstance(expr, ast.Idiom) and isinstance(expr.base, ast.Field)
    ):
        # A definition is evaluated with no current document, so a bare field is NONE.
        return NONE
    if isinstance(expr, ast.PrefixedString) and expr.prefix in ("d", "u"):
        return expr.value
    if isinstance(expr, ast.ArrayLiteral):
        items: list[Value] = []
        for item in expr.items:
            item_value = evaluate(item)
            if item_value is NOT_STATIC:
                return NOT_STATIC
            items.append(item_value)
        return items
    if isinstance(expr, ast.ObjectLiteral):
        # Evaluate every entry first: with a repeated key, only the last value counts.
        evaluated = {key: evaluate(entry) for key, entry in expr.entries}
        entries: dict[str, Value] = {}
        for key, entry_value in evaluated.items():
            if entry_value is NOT_STATIC:
                return NOT_STATIC
            entries[key] = entry_value
        return entries
    if isinstance(expr, ast.BinaryOp) and expr.op in ("+", "-"):
        return _add(expr.op, evaluate(expr.left), evaluate(expr.right))
    if isinstance(expr, ast.UnaryOp) and expr.op == "-":
        value = evaluate(expr.operand)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, (bool, Duration)):
            return -value
    return NOT_STATIC


def _add(op: str, left: object, right: object) -> Value | _NotStatic:
    if isinstance(left, Duration) and isinstance(right, Duration):
        total = left + right if op == "+" else left - right
        if 0 <= total <= MAX_DURATION_NS:
            return Duration(total)
        return NOT_STATIC
    if op == "+" and isinstance(left, str) and isinstance(right, str):
        return left + right
    return NOT_STATIC


def render(value: Value) -> str:
    """SurrealQL text of a value, as SurrealDB prints it in messages and casts."""
    if value is NONE:
        return "NONE"
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Duration):
        return format_duration(value)
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, Decimal):
        return f"{value}dec"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{  }"
        return "{ " + ", ".join(f"{_key(k)}: {render(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"not a SurrealQL value: {value!r}")  # pragma: no cover


def _key(key: str) -> str:
    quoted = quote_name(key)
    return quoted if not quoted.startswith("`") else quote_string(key)


def as_string(value: Value) -> str:
    """Cast a value to a string the way ``<string>`` does (strings stay as they are)."""
    return value if isinstance(value, str) else render(value)


def is_random(expr: ast.Expr) -> bool:
    """Whether an expression calls a random generator (so two evaluations differ)."""
    if isinstance(expr, ast.FunctionCall):
        name = expr.name.lower()
        return name == "rand" or name.startswith("rand::") or any(is_random(a) for a in expr.args)
    if isinstance(expr, ast.BinaryOp):
        return is_random(expr.left) or is_random(expr.right)
    if isinstance(expr, ast.Paren):
        return is_random(expr.expr)
    return False
