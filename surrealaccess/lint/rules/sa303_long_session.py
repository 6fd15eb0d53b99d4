"""SA303 long-session."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._durations import long_durations


@register
class LongSessionRule(Rule):
    """A session lasts longer than ``max-session-duration`` (default 7 days).

    **What it does**

    Reports ``FOR SESSION`` values above the ``max-session-duration`` setting.

    **Why**

    Long sessions outlive the events that should end them: a password change, a revoked
    grant, a removed role. Prefer short sessions and re-authentication (with refresh
    grants for record users).

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 90d;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 12h;
    ```
    """

    code = "SA303"
    name = "long-session"
    severity = "warning"
    summary = "Session duration above the configured maximum"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report sessions above the limit."""
        # FOR SESSION NONE is SA301's.
        return long_durations(
            self, ctx, "session", ctx.config.max_session, none_elsewhere=lambda use: True
        )
