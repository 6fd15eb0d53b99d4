"""SA306 record-token-none."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...checks import RECORD_TOKEN_MESSAGE, Problem
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._durations import duration_uses


@register
class RecordTokenNoneRule(Rule):
    """``DURATION FOR TOKEN NONE`` on a RECORD method, which SurrealDB 3.2+ refuses.

    **What it does**

    Reports ``FOR TOKEN NONE`` in a ``TYPE RECORD`` definition, and in an ``ALTER ACCESS``
    of a RECORD method defined in the same file.

    **Why**

    SurrealDB refuses the statement ("Tokens issued by record access methods can be
    consumed by third parties and must have an expiration").

    **Bad**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))
        DURATION FOR TOKEN NONE, FOR SESSION 12h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))
        DURATION FOR TOKEN 15m, FOR SESSION 12h;
    ```
    """

    code = "SA306"
    name = "record-token-none"
    severity = "error"
    summary = "DURATION FOR TOKEN NONE on a RECORD method (SurrealDB rejects it)"

    @classmethod
    def claims(cls, ctx: LintContext, problem: Problem) -> bool:
        """The record-token problem of `surrealaccess.check` is reported here."""
        return problem.message == RECORD_TOKEN_MESSAGE

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report FOR TOKEN NONE on record methods (definitions and alterations)."""
        yield from self.claimed(ctx)
        for use in duration_uses(ctx):
            if (
                isinstance(use.statement, ast.AlterAccess)
                and use.kind == "token"
                and use.nanoseconds is None
                and isinstance(use.access, ast.RecordAccess)
            ):
                yield ctx.report(self, use.expr.span, RECORD_TOKEN_MESSAGE)
