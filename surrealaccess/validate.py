"""Parse-time checks that need the whole tree: built-in function and constant paths.

SurrealDB looks every built-in path up in a fixed table while parsing, so ``string::nope(1)``
and the 2.x name ``string::is::email`` are parse errors there. `unknown_paths` finds them.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable
from typing import Any

from . import ast
from .builtins import is_constant, is_function, unknown_path_message
from .lexical import I64_MAX
from .source import Span


def _point(node: ast.TupleLiteral) -> bool:
    def number(item: ast.Expr) -> bool:
        if isinstance(item, ast.UnaryOp) and item.op in ("-", "+"):
            item = item.operand
        return isinstance(item, ast.NumberLiteral)

    return len(node.items) == 2 and all(number(i) for i in node.items)


@functools.cache
def _field_getters() -> dict[type, tuple[Callable[[Any], Any] | None, bool]]:
    """Per node class: a getter of the fields that take part in equality (all but ``span``).

    ``(getter, True)`` returns a tuple of values; ``(getter, False)`` returns the one value
    (or the getter is None: no such field).
    """
    getters: dict[type, tuple[Callable[[Any], Any] | None, bool]] = {}
    classes: list[type] = [ast.Node]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        names = [f.name for f in dataclasses.fields(cls) if f.name != "span" and f.compare]
        if not names:
            getters[cls] = (None, False)
        elif len(names) == 1:
            getters[cls] = (operator.attrgetter(names[0]), False)
        else:
            getters[cls] = (operator.attrgetter(*names), True)
    return getters


def unknown_paths(node: object) -> list[tuple[str, Span, str]]:
    """Return ``(message, span, path)`` for every parse-time error the whole tree shows.

    Unknown built-in functions or constants, experimental paths (``mod::``, ``silo::``),
    ``9223372036854775808`` without a minus, tuples that are not points, and a bare ``@``.
    """
    found: list[tuple[str, Span, str]] = []
    bases: set[int] = set()
    # Every parse runs this over the whole tree: a plain loop (no generator), one C call
    # per node to fetch its fields, a close look only at the few node types that matter
    # (none of them has subclasses). The order does not matter: the findings are sorted.
    stack: list[Any] = [node]
    pop, push, extend = stack.pop, stack.append, stack.extend
    getters = _field_getters()
    while stack:
        item = pop()
        kind = type(item)
        if kind in getters:
            getter, many = getters[kind]
            if getter is not None:
                if many:
                    extend(getter(item))
                else:
                    push(getter(item))
            if kind in _CHECKED:
                _check(item, bases, found)
        elif kind is tuple or kind is list:
            extend(item)
    found.sort(key=lambda f: (f[1].start, f[1].end))
    return found


_CHECKED = frozenset({ast.Idiom, ast.NumberLiteral, ast.TupleLiteral, ast.CurrentDoc,
                      ast.FunctionCall, ast.Constant})


def _check(item: ast.Node, bases: set[int], found: list[tuple[str, Span, str]]) -> None:
    # Parents are checked before their children, so an idiom's base is known in time.
    if isinstance(item, ast.Idiom):
        bases.add(id(item.base))
    elif isinstance(item, ast.NumberLiteral):
        if item.kind == "int" and item.value > I64_MAX:
            found.append(("Invalid number: the integer does not fit in 64 bits", item.span, ""))
    elif isinstance(item, ast.TupleLiteral):
        if not _point(item):
            found.append(("Unexpected token `,` expected delimiter `)`", item.span, ""))
    elif isinstance(item, ast.CurrentDoc):
        if id(item) not in bases:
            found.append(("Unexpected end of file, expected an identifier", item.span, ""))
    elif isinstance(item, ast.FunctionCall):
        if not item.custom:
            _check_function(item, found)
    elif isinstance(item, ast.Constant):
        path = item.path
        if not path.lower().startswith("fn::") and not is_constant(path):
            found.append((unknown_path_message(path), item.span, path))


def _check_function(item: ast.FunctionCall, found: list[tuple[str, Span, str]]) -> None:
    name = item.name
    if "::" not in name:
        if not is_function(name):
            found.append((unknown_path_message(name), item.span, name))
        return
    head = name.split("::", 1)[0].lower()
    if head in ("mod", "silo"):
        found.append(("Experimental capability `surrealism` is not enabled", item.span, name))
    elif head != "ml" and not is_function(name):
        found.append((unknown_path_message(name), item.span, name))
