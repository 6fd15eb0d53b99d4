"""The SIGNUP and SIGNIN bodies of record access (and of legacy 2.x scopes)."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ..context import LintContext


def bodies(ctx: LintContext, which: str) -> Iterator[ast.Expr]:
    """Every ``SIGNUP`` (``which="signup"``) or ``SIGNIN`` body in the file."""
    for statement in ctx.statements:
        body: ast.Expr | None = None
        if isinstance(statement, ast.DefineAccess) and isinstance(
            statement.type, ast.RecordAccess
        ):
            body = getattr(statement.type, which)
        elif isinstance(statement, ast.DefineScope):
            body = getattr(statement, which)
        if body is not None:
            yield body
