"""SA401 repeated-clause."""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token, Tree

from ... import ast
from ..context import LintContext, tree_span
from ..diagnostics import Diagnostic
from ..registry import Rule, register

_TOP_LEVEL = {
    "type_clause": "TYPE",
    "authenticate_clause": "AUTHENTICATE",
    "comment_clause": "COMMENT",
    "user_password": "PASSWORD",
    "user_passhash": "PASSHASH",
    "user_roles": "ROLES",
    "user_comment": "COMMENT",
}


@register
class RepeatedClauseRule(Rule):
    """A clause is written twice in one statement; SurrealDB silently keeps the last one.

    **What it does**

    Reports every clause of a DEFINE ACCESS or DEFINE USER that a later clause of the same
    kind overrides: ``TYPE``, ``AUTHENTICATE``, ``COMMENT``, each ``DURATION FOR`` kind,
    and inside ``TYPE RECORD`` the ``SIGNUP``, ``SIGNIN`` and ``WITH JWT`` items.

    **Why**

    The engine accepts repeats without a word: ``TYPE JWT … TYPE RECORD``
    stores a RECORD method with a random key and drops the JWT configuration, and a second
    ``AUTHENTICATE`` silently removes the first one's checks. It is almost always a merge
    or copy-paste accident.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 1h
        DURATION FOR SESSION 12h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 12h;
    ```
    """

    code = "SA401"
    name = "repeated-clause"
    severity = "warning"
    summary = "Clause repeated in one statement (SurrealDB silently keeps the last)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report overridden clauses."""
        for statement in ctx.statements:
            if isinstance(statement, ast.DefineAccess):
                tree = ctx.syntax("define_access", statement)
            elif isinstance(statement, ast.DefineUser):
                tree = ctx.syntax("define_user", statement)
            else:
                continue
            if tree is None:  # pragma: no cover - every parsed statement has its tree
                continue
            seen: dict[str, list[Tree[object]]] = {}
            for label, clause in _clauses(tree):
                seen.setdefault(label, []).append(clause)
            for label, clauses in seen.items():
                last = tree_span(ctx, clauses[-1])
                for clause in clauses[:-1]:
                    yield ctx.report(
                        self,
                        tree_span(ctx, clause),
                        f"This {label} is overridden by the one at {last.line}:{last.column}; "
                        "SurrealDB keeps only the last",
                    )


def _clauses(tree: Tree[object]) -> Iterator[tuple[str, Tree[object]]]:
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        name = str(child.data)
        if name in _TOP_LEVEL:
            yield _TOP_LEVEL[name], child
            if name == "type_clause":
                yield from _record_items(child)
        elif name in ("duration_clause", "user_durations"):
            for item in child.children:
                if isinstance(item, Tree):
                    yield f"DURATION FOR {_keyword(item)}", item


def _record_items(type_clause: Tree[object]) -> Iterator[tuple[str, Tree[object]]]:
    for record in type_clause.children:
        if not isinstance(record, Tree) or record.data != "record_type":
            continue
        for item in record.children:
            if not isinstance(item, Tree):
                continue
            if item.data == "record_auth":
                yield _keyword(item), item
            elif item.data == "record_with_jwt":
                yield "WITH JWT", item


def _keyword(tree: Tree[object]) -> str:
    """The first keyword token under ``tree`` (``TOKEN`` of ``FOR TOKEN 1h``), upper-case."""
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        assert isinstance(token, Token)
        return str(token).upper()
    return "?"  # pragma: no cover - every clause starts with a keyword
