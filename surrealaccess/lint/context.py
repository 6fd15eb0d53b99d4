"""What a rule sees while it checks one file."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from lark import Tree

from .. import ast
from ..checks import Problem, check
from ..parser import lark_parser
from ..source import Span, span_at
from ..static import evaluate
from .config import LintConfig
from .diagnostics import Diagnostic, Fix
from .registry import Rule


class LintContext:
    """One file being linted: its text, its syntax tree (if it parsed) and the settings.

    ``script`` is None when the text did not parse; only `Rule.parse_error` runs then.
    """

    def __init__(
        self, text: str, path: str | None, config: LintConfig, script: ast.Script | None
    ) -> None:
        self.text = text
        self.path = path
        self.config = config
        self.script = script

    def report(
        self, rule: type[Rule] | Rule, span: Span, message: str, fix: Fix | None = None
    ) -> Diagnostic:
        """A diagnostic of ``rule`` at ``span``."""
        return Diagnostic(
            code=rule.code,
            severity=rule.severity,
            message=message,
            span=span,
            rule=rule.name,
            fix=fix,
            path=self.path,
        )

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]``."""
        return span_at(self.text, start, end)

    # ---- the parsed script ---------------------------------------------------------------

    @property
    def statements(self) -> tuple[ast.TopLevel, ...]:
        """The top-level statements (empty when the text did not parse)."""
        return self.script.statements if self.script is not None else ()

    def accesses(self) -> Iterator[ast.DefineAccess]:
        """The top-level ``DEFINE ACCESS`` statements."""
        for statement in self.statements:
            if isinstance(statement, ast.DefineAccess):
                yield statement

    @functools.cached_property
    def problems(self) -> list[Problem]:
        """What `surrealaccess.check` reports for the script (computed once)."""
        return check(self.script) if self.script is not None else []

    @staticmethod
    def string_value(expr: ast.Expr | None) -> str | None:
        """The value of a clause expression when it is a constant string, else None."""
        if expr is None:
            return None
        value = evaluate(expr)
        return value if isinstance(value, str) else None

    # ---- the concrete syntax tree (positions of clauses and keywords) ----------------------

    @functools.cached_property
    def _syntax_index(self) -> dict[tuple[str, int], Tree[Any]]:
        index: dict[tuple[str, int], Tree[Any]] = {}
        if self.script is None:
            return index
        tree = lark_parser().parse(self.text)
        for subtree in tree.iter_subtrees():
            meta = subtree.meta
            if not getattr(meta, "empty", True):
                index.setdefault((str(subtree.data), meta.start_pos), subtree)
        return index

    def syntax(self, rule: str, node: ast.Node) -> Tree[object] | None:
        """The Lark tree of grammar rule ``rule`` that starts where ``node`` starts.

        The syntax tree keeps what rules about clause order and repetition need: every
        clause as written, with its position.
        """
        return self._syntax_index.get((rule, node.span.start))


def tree_span(ctx: LintContext, tree: Tree[object]) -> Span:
    """The span of a Lark tree (whose positions are always set: it was parsed)."""
    return ctx.span(tree.meta.start_pos, tree.meta.end_pos)
