"""SA101 hmac-secret-short."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._keys import hmac_reports


@register
class HmacSecretShortRule(Rule):
    """An HMAC secret is shorter than the hash output.

    **What it does**

    Reports an ``HS256``/``HS384``/``HS512`` KEY (verify or issuer) whose UTF-8 bytes are
    fewer than 32/48/64, the minimum of RFC 7518 §3.2.

    **Why**

    A short secret can be brute-forced offline from any one token (hashcat mode 16500),
    after which anyone can mint tokens for this access method. SurrealDB accepts it.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```

    **Limitations**

    Only constant keys are measured; a ``$param`` is checked where its value is known (by
    ``surrealaccess compile`` at run time).
    """

    code = "SA101"
    name = "hmac-secret-short"
    severity = "error"
    summary = "HMAC secret shorter than the hash output (RFC 7518 §3.2)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report short HMAC keys."""
        return hmac_reports(self, ctx, "short")
