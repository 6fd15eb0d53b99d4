"""Parse-time checks that need the whole tree: built-in function and constant paths.

SurrealDB looks every built-in path up in a fixed table while parsing, so ``string::nope(1)``
and the 2.x name ``string::is::email`` are parse errors there. `unknown_paths` finds them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from . import ast
from .builtins import is_constant, is_function, unknown_path_message
from .source import Span


def walk(node: object) -> Iterator[ast.Node]:
    """Yield every node under ``node`` (itself included), depth first."""
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Node):
            yield item
            for f in dataclasses.fields(item):
                if f.name != "span" and f.compare:
                    stack.append(getattr(item, f.name))
        elif isinstance(item, (tuple, list)):
            stack.extend(reversed(item))


def unknown_paths(node: object) -> list[tuple[str, Span, str]]:
    """Return ``(message, span, path)`` for every unknown built-in function or constant."""
    found: list[tuple[str, Span, str]] = []
    for item in walk(node):
        if isinstance(item, ast.FunctionCall) and not item.custom:
            name = item.name
            if "::" not in name:
                if not is_function(name):
                    found.append((unknown_path_message(name), item.span, name))
                continue
            if name.split("::", 1)[0].lower() in ("ml", "mod", "silo"):
                continue
            if not is_function(name):
                found.append((unknown_path_message(name), item.span, name))
        elif isinstance(item, ast.Constant):
            path = item.path
            if path.lower().startswith("fn::"):
                continue
            if not is_constant(path):
                found.append((unknown_path_message(path), item.span, path))
    found.sort(key=lambda f: (f[1].start, f[1].end))
    return found
