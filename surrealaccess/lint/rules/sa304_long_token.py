"""SA304 long-token."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._durations import long_durations


@register
class LongTokenRule(Rule):
    """Issued tokens last longer than ``max-token-duration`` (default 1 day), or forever.

    **What it does**

    Reports ``FOR TOKEN`` values above the ``max-token-duration`` setting, and ``FOR TOKEN
    NONE`` where SurrealDB accepts it (JWT and BEARER methods that issue tokens, system
    users). On RECORD methods ``FOR TOKEN NONE`` is an error, SA306. Methods that cannot
    issue tokens (``TYPE JWT`` with a public key or a URL) ignore ``FOR TOKEN`` and are
    not reported.

    **Why**

    A token is a bearer credential that can be replayed until it expires, and SurrealDB has
    no token revocation. Record tokens can be consumed by third parties, which is why
    SurrealDB 3.2 started to require an expiry for them.

    **Bad**

    ```surql
    DEFINE ACCESS api_keys ON DATABASE TYPE BEARER FOR USER
        DURATION FOR GRANT 30d, FOR TOKEN NONE, FOR SESSION 1h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api_keys ON DATABASE TYPE BEARER FOR USER
        DURATION FOR GRANT 30d, FOR TOKEN 15m, FOR SESSION 1h;
    ```
    """

    code = "SA304"
    name = "long-token"
    severity = "warning"
    summary = "Token duration above the configured maximum, or tokens that never expire"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report long-lived or non-expiring tokens."""
        # FOR TOKEN NONE on a RECORD method is SA306's.
        return long_durations(
            self, ctx, "token", ctx.config.max_token,
            none_elsewhere=lambda use: isinstance(use.access, ast.RecordAccess),
        )
