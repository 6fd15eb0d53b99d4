"""SA302 session-expiry-default."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register


@register
class SessionExpiryDefaultRule(Rule):
    """No ``DURATION FOR SESSION``: SurrealDB's default is that sessions never expire.

    **What it does**

    Reports DEFINE ACCESS and DEFINE USER statements that do not set ``FOR SESSION``. Off
    by default (enable it with ``--select SA302`` or ``extend-select``).

    **Why**

    The default session duration is NONE, with the consequences described
    for SA301; writing the duration down makes the choice visible in review.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 1h;
    ```
    """

    code = "SA302"
    name = "session-expiry-default"
    severity = "info"
    summary = "No DURATION FOR SESSION: sessions never expire by default"
    default = False

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report definitions without a session duration."""
        for statement in ctx.statements:
            if (
                isinstance(statement, (ast.DefineAccess, ast.DefineUser))
                and statement.durations.session is None
            ):
                yield ctx.report(
                    self, statement.name.span,
                    "No DURATION FOR SESSION: sessions of this method never expire "
                    "(SurrealDB's default)",
                )
