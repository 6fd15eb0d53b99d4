"""Every node's type and span in a syntax tree (node equality ignores spans; these don't)."""

from __future__ import annotations

import dataclasses

from surrealaccess import ast


def node_spans(value: object) -> list[tuple[str, int, int, int, int, int, int]]:
    """``(type, line, column, end_line, end_column, start, end)`` of every node, in order."""
    found: list[tuple[str, int, int, int, int, int, int]] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Node):
            span = item.span
            found.append((type(item).__name__, span.line, span.column, span.end_line,
                          span.end_column, span.start, span.end))
            stack.extend(getattr(item, f.name) for f in reversed(dataclasses.fields(item))
                         if f.name != "span")
        elif isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
    return found
