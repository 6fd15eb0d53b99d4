"""SA301 session-never-expires."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._durations import duration_uses


@register
class SessionNeverExpiresRule(Rule):
    """``DURATION FOR SESSION NONE``: sessions never expire.

    **What it does**

    Reports an explicit ``FOR SESSION NONE`` in DEFINE ACCESS, DEFINE USER and ALTER
    ACCESS.

    **Why**

    A session's lifetime is not its token's: once authenticated, a
    WebSocket connection stays authenticated until the session expires, so with NONE a
    revoked user, a removed access method or a leaked connection keeps working forever.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION NONE;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 1h;
    ```

    **Limitations**

    Leaving ``FOR SESSION`` out means the same (SurrealDB's default is NONE); that case is
    SA302, which is off by default.
    """

    code = "SA301"
    name = "session-never-expires"
    severity = "warning"
    summary = "DURATION FOR SESSION NONE: sessions never expire"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report FOR SESSION NONE."""
        for use in duration_uses(ctx):
            if use.kind == "session" and use.nanoseconds is None:
                yield ctx.report(
                    self, use.expr.span,
                    "Sessions never expire (FOR SESSION NONE): set a session duration",
                )
