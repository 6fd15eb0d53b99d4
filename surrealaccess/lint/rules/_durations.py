"""Durations as SurrealDB applies them, for the SA3xx rules."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ... import ast
from ...access import access_type, issues_grants, issues_tokens, stored_duration
from ...lexical import DAY, format_duration
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule
from ._common import defined_types, duration_items, method_key

Kind = ast.JwtAccess | ast.RecordAccess | ast.BearerAccess


@dataclass(frozen=True, slots=True)
class DurationUse:
    """One written ``DURATION FOR kind value`` with what it applies to.

    ``nanoseconds`` is None for NONE ("never expires"), and the item is left out when the
    value is not a constant. ``access`` is the access type (None for DEFINE USER, or for an
    ALTER ACCESS of a method this file does not define).
    """

    statement: ast.DefineAccess | ast.DefineUser | ast.AlterAccess
    kind: str
    expr: ast.Expr
    nanoseconds: int | None
    access: Kind | None

    @property
    def used(self) -> bool:
        """Whether SurrealDB uses this duration for this kind of method."""
        if self.access is None:
            return True
        if self.kind == "token":
            return issues_tokens(self.access)
        if self.kind == "grant":
            return issues_grants(self.access)
        return True


def duration_uses(ctx: LintContext) -> Iterator[DurationUse]:
    """Every constant duration written in DEFINE ACCESS, DEFINE USER and ALTER ACCESS."""
    types = defined_types(ctx)
    for statement in ctx.statements:
        access: Kind | None
        if isinstance(statement, ast.DefineAccess):
            access = access_type(statement)
        elif isinstance(statement, ast.AlterAccess):
            key = method_key(statement)
            access = types.get(key) if key is not None else None
        elif isinstance(statement, ast.DefineUser):
            access = None
        else:
            continue
        for kind, expr in duration_items(statement):
            value = stored_duration(expr, None)
            if not isinstance(value, ast.Expr):
                yield DurationUse(statement, kind, expr, value, access)


def long_durations(
    rule: Rule,
    ctx: LintContext,
    kind: str,
    limit: int,
    *,
    none_elsewhere: Callable[[DurationUse], bool],
) -> Iterator[Diagnostic]:
    """Diagnostics of ``rule`` for the ``FOR kind`` values SurrealDB uses that exceed ``limit``.

    The message names the ``max-<kind>-duration`` setting. NONE ("never expires") counts as
    too long, except where ``none_elsewhere`` says another rule reports it.
    """
    what = f"{kind.capitalize()}s"
    for use in duration_uses(ctx):
        if use.kind != kind or not use.used:
            continue
        if use.nanoseconds is None:
            if not none_elsewhere(use):
                message = f"{what} never expire (FOR {kind.upper()} NONE)"
                yield ctx.report(rule, use.expr.span, message)
        elif use.nanoseconds > limit:
            yield ctx.report(
                rule,
                use.expr.span,
                f"{what} last {_human(use.nanoseconds)}, more than the {_human(limit)} allowed "
                f"by max-{kind}-duration",
            )


def _human(nanoseconds: int) -> str:
    if nanoseconds % DAY == 0:
        days = nanoseconds // DAY
        return f"{days} day{'s' if days != 1 else ''}"
    return format_duration(nanoseconds)
