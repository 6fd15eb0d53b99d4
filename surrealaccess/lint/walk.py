"""Walking the syntax tree: every node below a node, and the reads of ``$token``/``$auth``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from .. import ast

_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type[ast.Node]) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(
            f.name for f in dataclasses.fields(cls) if f.name != "span"
        )
    return names


def children(node: ast.Node) -> Iterator[ast.Node]:
    """The nodes directly inside ``node`` (also inside tuples of nodes and of pairs)."""
    for name in _child_fields(type(node)):
        yield from _nodes_in(getattr(node, name))


def _nodes_in(value: object) -> Iterator[ast.Node]:
    if isinstance(value, ast.Node):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes_in(item)


def walk(node: ast.Node) -> Iterator[ast.Node]:
    """``node`` and every node below it, parents before children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))


def calls(node: ast.Node, namespace: str, verb: str) -> list[ast.FunctionCall]:
    """Calls of ``namespace::*::verb`` below ``node`` (``crypto::*::compare``), any case."""
    found = []
    for item in walk(node):
        if isinstance(item, ast.FunctionCall):
            parts = item.name.lower().split("::")
            if len(parts) == 3 and parts[0] == namespace and parts[2] == verb:
                found.append(item)
    return found


#: Members of ``$session`` that are the session variables themselves.
_SESSION_ALIASES = {"tk": "token", "rd": "auth"}


@dataclass(frozen=True, slots=True)
class Read:
    """A read of a member of a session variable: ``$token.iss``, ``$auth["email"]``.

    ``member`` is the first member read (None when it is computed, as in ``$token[$k]``);
    ``node`` is the whole idiom, for positions.
    """

    variable: str
    member: str | None
    node: ast.Idiom


def reads(node: ast.Node, variable: str) -> list[Read]:
    """Reads of ``$variable.member`` below ``node``.

    ``$session.tk`` counts as ``$token`` and ``$session.rd`` as ``$auth``.
    """
    found = []
    for item in walk(node):
        if not isinstance(item, ast.Idiom) or not isinstance(item.base, ast.Param):
            continue
        name = item.base.name.lower()
        parts = item.parts
        if name == "session" and parts:
            alias = _SESSION_ALIASES.get(_member(parts[0]) or "")
            if alias is not None:
                name, parts = alias, parts[1:]
        if name != variable or not parts:
            continue
        first = parts[0]
        if isinstance(first, (ast.FieldPart, ast.IndexPart)):
            found.append(Read(variable, _member(first), item))
    return found


def _member(part: ast.Part) -> str | None:
    if isinstance(part, ast.FieldPart):
        return part.name
    if isinstance(part, ast.IndexPart) and isinstance(part.index, ast.StringLiteral):
        return part.index.value
    return None
