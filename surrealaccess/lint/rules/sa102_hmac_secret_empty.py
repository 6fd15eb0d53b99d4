"""SA102 hmac-secret-empty."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._keys import hmac_reports


@register
class HmacSecretEmptyRule(Rule):
    """An HMAC secret is empty.

    **What it does**

    Reports ``KEY ''`` for an HS* algorithm (verify or issuer key).

    **Why**

    With an empty key anyone can compute a valid MAC, so every token is forgeable
    (ruby-jwt CVE-2026-45363 and fast-jwt GHSA-gmvf-9v4p-v8jc were this bug). SurrealDB
    accepts the definition.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS512 KEY '';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS512 KEY $api_secret;
    ```
    """

    code = "SA102"
    name = "hmac-secret-empty"
    severity = "error"
    summary = "HMAC secret is empty"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report empty HMAC keys."""
        return hmac_reports(self, ctx, "empty")
