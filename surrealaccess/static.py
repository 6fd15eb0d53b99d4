"""Evaluate the constant expressions that definitions hold (names, keys, durations, comments).

SurrealDB evaluates these clause values when the statement runs. Most real schemas write
literals, so the formatter and the definition checks can compute the stored value without a
database. This module decides *which* expressions are constant (literals, arrays, objects,
``+``/``-``, a bare field, which is NONE outside a document) and hands them to the interpreter
(`surrealaccess.surql`), the library's one implementation of SurrealQL values; anything that
needs a database or a parameter, and anything whose evaluation fails, is `NOT_STATIC`.
"""

from __future__ import annotations

import enum
from typing import Final

from . import ast
from .surql.errors import EvaluationError
from .surql.values import NONE, Duration, Value, render, to_raw_string

__all__ = ["NONE", "NOT_STATIC", "Duration", "Value", "as_string", "evaluate", "is_random",
           "render"]


class _NotStatic(enum.Enum):
    # An enum member, so that `value is NOT_STATIC` narrows the type for mypy.
    NOT_STATIC = "NOT_STATIC"

    def __repr__(self) -> str:
        return "NOT_STATIC"

    __str__ = __repr__


#: The value of an expression that cannot be computed without a database.
NOT_STATIC: Final = _NotStatic.NOT_STATIC


def evaluate(expr: ast.Expr) -> Value | _NotStatic:
    """Compute the value of a constant expression, or return `NOT_STATIC`."""
    if not _constant(expr):
        return NOT_STATIC
    from .surql.interpreter import evaluate as run  # the interpreter imports the formatter

    try:
        return run(expr)
    except EvaluationError:
        return NOT_STATIC


def _constant(expr: ast.Expr) -> bool:
    if isinstance(
        expr,
        (ast.StringLiteral, ast.NumberLiteral, ast.DurationLiteral, ast.NoneLiteral,
         ast.NullLiteral, ast.BoolLiteral, ast.Field),
    ):
        return True
    if isinstance(expr, ast.PrefixedString):
        return expr.prefix in ("d", "u")
    if isinstance(expr, ast.Paren):
        return _constant(expr.expr)
    if isinstance(expr, ast.Idiom):
        return isinstance(expr.base, ast.Field)
    if isinstance(expr, ast.ArrayLiteral):
        return all(_constant(item) for item in expr.items)
    if isinstance(expr, ast.ObjectLiteral):
        return all(_constant(value) for _, value in expr.entries)
    if isinstance(expr, ast.BinaryOp):
        return expr.op in ("+", "-") and _constant(expr.left) and _constant(expr.right)
    if isinstance(expr, ast.UnaryOp):
        return expr.op == "-" and _constant(expr.operand)
    return False


def as_string(value: Value) -> str:
    """Cast a value to a string the way ``<string>`` does (strings stay as they are)."""
    return to_raw_string(value)


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
