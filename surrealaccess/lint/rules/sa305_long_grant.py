"""SA305 long-grant."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._durations import long_durations


@register
class LongGrantRule(Rule):
    """Bearer or refresh grants last longer than ``max-grant-duration`` (default 30 days).

    **What it does**

    Reports ``FOR GRANT`` values above the ``max-grant-duration`` setting, and ``FOR GRANT
    NONE`` (grants that never expire), on BEARER methods and RECORD methods ``WITH
    REFRESH`` (the only ones that use grants).

    **Why**

    A grant is a long-lived secret (an API key, a refresh key). SurrealDB's own default is
    30 days; beyond that a leaked key stays useful for months unless someone remembers to
    revoke it.

    **Bad**

    ```surql
    DEFINE ACCESS api_keys ON DATABASE TYPE BEARER FOR USER
        DURATION FOR GRANT 365d, FOR TOKEN 15m, FOR SESSION 1h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api_keys ON DATABASE TYPE BEARER FOR USER
        DURATION FOR GRANT 30d, FOR TOKEN 15m, FOR SESSION 1h;
    ```
    """

    code = "SA305"
    name = "long-grant"
    severity = "warning"
    summary = "Grant duration beyond the configured maximum (default 30 days)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report long-lived or non-expiring grants."""
        return long_durations(
            self, ctx, "grant", ctx.config.max_grant, none_elsewhere=lambda use: False
        )
