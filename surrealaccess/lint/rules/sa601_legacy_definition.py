"""SA601 legacy-definition."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lark import Tree

from ... import ast
from ...checks import Problem
from ...errors import ParseError
from .. import scan
from ..context import LintContext
from ..diagnostics import Diagnostic, Edit, Fix
from ..registry import Rule, register

_LEGACY = (ast.DefineScope, ast.DefineToken)
_REMOVED = "was removed in SurrealDB 3.x"


@register
class LegacyDefinitionRule(Rule):
    """2.x ``DEFINE SCOPE`` / ``DEFINE TOKEN``, which SurrealDB 3.x no longer accepts.

    **What it does**

    Reports the legacy statements and rewrites them into the ``DEFINE ACCESS`` that
    SurrealDB 2.x itself converted them to:

    * ``DEFINE SCOPE s SESSION d SIGNUP … SIGNIN …`` becomes ``DEFINE ACCESS s ON DATABASE
      TYPE RECORD SIGNUP … SIGNIN … DURATION FOR SESSION d`` (the scope's SESSION was its
      session duration; tokens get SurrealDB's default of 1 hour);
    * ``DEFINE TOKEN t ON base TYPE alg VALUE k`` becomes ``DEFINE ACCESS t ON base TYPE
      JWT ALGORITHM alg KEY k``, and ``TYPE JWKS VALUE u`` becomes ``TYPE JWT URL u``.

    The fix keeps every comment, the SIGNUP/SIGNIN bodies and the other clause values as
    written; only keywords change and clauses move where DEFINE ACCESS needs them.

    **Why**

    SurrealDB 3.x refuses the whole file at the first legacy statement ("expected a define
    statement keyword").

    **Bad**

    ```surql
    DEFINE SCOPE account SESSION 24h
        SIGNUP (CREATE user SET email = $email, pass = crypto::argon2::generate($pass))
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass));
    ```

    **Good**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNUP (CREATE user SET email = $email, pass = crypto::argon2::generate($pass))
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))
        DURATION FOR SESSION 24h;
    ```

    **Limitations**

    ``DEFINE TOKEN … ON SCOPE s`` has no fix: it belongs inside the record access method
    ``s`` as ``WITH JWT ALGORITHM … KEY …``, which needs a decision about the token's
    name. Tokens minted for 2.x carried ``TK`` (the token name) where 3.x reads ``AC``.
    With ``dialect = "surrealdb"`` the legacy statements do not parse, so they are
    reported (as the parse error) without a fix.
    """

    code = "SA601"
    name = "legacy-definition"
    severity = "error"
    summary = "Legacy 2.x DEFINE SCOPE / DEFINE TOKEN (use DEFINE ACCESS)"
    fixable = True
    parse_priority = 20

    @classmethod
    def claims(cls, ctx: LintContext, problem: Problem) -> bool:
        """The legacy-statement problems of `surrealaccess.check` are reported here."""
        return any(problem.span.start == start for start in _keyword_starts(ctx))

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report each legacy statement, with its rewrite when one is safe."""
        problems = {p.span.start: p for p in ctx.problems}
        for statement in ctx.statements:
            if not isinstance(statement, _LEGACY):
                continue
            problem = problems.get(statement.span.start + len("DEFINE "))
            what = "SCOPE" if isinstance(statement, ast.DefineScope) else "TOKEN"
            message = problem.message if problem else f"DEFINE {what} {_REMOVED}"
            span = problem.span if problem else statement.span
            if isinstance(statement, ast.DefineScope):
                fix = _scope_fix(ctx, statement)
            else:
                fix = _token_fix(ctx, statement)
            yield ctx.report(self, span, message, fix)

    def parse_error(self, ctx: LintContext, error: ParseError) -> Diagnostic | None:
        """In the ``surrealdb`` dialect a legacy statement is a parse error: report it here."""
        if _REMOVED not in error.message:
            return None
        start = scan.offset_at(ctx.text, error.line, error.column)
        return ctx.report(self, ctx.span(start, start + max(error.width, 1)), error.message)


def _keyword_starts(ctx: LintContext) -> list[int]:
    return [s.span.start + len("DEFINE ") for s in ctx.statements if isinstance(s, _LEGACY)]


@dataclass(frozen=True, slots=True)
class _Clause:
    data: str
    start: int
    end: int


def _clauses(tree: Tree[object], names: tuple[str, ...]) -> list[_Clause]:
    return [
        _Clause(str(child.data), child.meta.start_pos, child.meta.end_pos)
        for child in tree.children
        if isinstance(child, Tree) and child.data in names
    ]


def _child(tree: Tree[object], name: str) -> Tree[object]:
    return next(c for c in tree.children if isinstance(c, Tree) and c.data == name)


def _reorder(text: str, clauses: list[_Clause], order: list[tuple[_Clause, str]]) -> Edit:
    """Rewrite the clause region: clauses in a new order, each with the gap before it.

    ``order`` pairs each clause with its new text. The text between two clauses (spaces,
    newlines, comments) travels with the clause that followed it.
    """
    gaps = {}
    previous = None
    for clause in clauses:
        gaps[clause.start] = "" if previous is None else text[previous:clause.start]
        previous = clause.end
    out = []
    for index, (clause, body) in enumerate(order):
        gap = gaps[clause.start]
        if index == 0 and not gap.strip():
            gap = ""
        elif index > 0 and not gap:
            gap = " "
        out.append(gap + body)
    return Edit(clauses[0].start, clauses[-1].end, "".join(out))


def _keyword_edit(ctx: LintContext, statement: ast.Statement) -> Edit:
    words = scan.code_tokens(ctx.text, statement.span.start, statement.span.end)
    keyword = words[1]  # SCOPE or TOKEN, after DEFINE
    return Edit(keyword.start, keyword.end, "ACCESS")


def _scope_fix(ctx: LintContext, statement: ast.DefineScope) -> Fix | None:
    tree = ctx.syntax("define_scope", statement)
    if tree is None:  # pragma: no cover - every parsed statement has its tree
        return None
    text = ctx.text
    name_end = _child(tree, "ident").meta.end_pos
    edits = [_keyword_edit(ctx, statement), Edit(name_end, name_end, " ON DATABASE TYPE RECORD")]
    clauses = _clauses(tree, ("scope_session", "scope_signup", "scope_signin", "scope_comment"))
    if clauses:
        record = [c for c in clauses if c.data in ("scope_signup", "scope_signin")]
        rest = [c for c in clauses if c not in record]
        order = []
        for clause in record + rest:
            body = text[clause.start:clause.end]
            if clause.data == "scope_session":
                body = "DURATION FOR SESSION" + body[len("SESSION"):]
            order.append((clause, body))
        edits.append(_reorder(text, clauses, order))
    return Fix("Rewrite as DEFINE ACCESS … ON DATABASE TYPE RECORD", tuple(edits))


def _token_fix(ctx: LintContext, statement: ast.DefineToken) -> Fix | None:
    if statement.base == "SCOPE" or statement.algorithm is None or statement.value is None:
        return None
    tree = ctx.syntax("define_token", statement)
    if tree is None:  # pragma: no cover - every parsed statement has its tree
        return None
    text = ctx.text
    clauses = _clauses(tree, ("token_type", "token_value", "token_comment"))
    types = [c for c in clauses if c.data == "token_type"]
    values = [c for c in clauses if c.data == "token_value"]
    if len(types) != 1 or len(values) != 1:
        return None  # repeated clauses: let the author pick which one is meant
    type_clause, value_clause = types[0], values[0]
    algorithm = scan.code_tokens(text, type_clause.start, type_clause.end)[-1]
    between = text[type_clause.start + len("TYPE"):algorithm.start]
    value_rest = text[value_clause.start + len("VALUE"):value_clause.end]
    if statement.algorithm == "JWKS":
        new_type = "TYPE JWT" + (between.rstrip() if between.strip() else "")
        new_value = "URL" + value_rest
    else:
        new_type = "TYPE JWT ALGORITHM" + between + algorithm.text
        new_value = "KEY" + value_rest
    rest = [c for c in clauses if c.data == "token_comment"]
    order = [(type_clause, new_type), (value_clause, new_value)]
    order += [(c, text[c.start:c.end]) for c in rest]
    edits = (_keyword_edit(ctx, statement), _reorder(text, clauses, order))
    what = "URL" if statement.algorithm == "JWKS" else "ALGORITHM … KEY"
    return Fix(f"Rewrite as DEFINE ACCESS … TYPE JWT {what}", edits)
