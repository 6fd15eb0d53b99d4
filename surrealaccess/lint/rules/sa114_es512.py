"""SA114 es512."""

from __future__ import annotations

from collections.abc import Iterator

from ...checks import ES512_MESSAGE, Problem
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register


@register
class Es512Rule(Rule):
    """ES512 is used; SurrealDB 3.x refuses it.

    **What it does**

    Reports ``ALGORITHM ES512`` anywhere in a definition (verify, issuer, record or bearer
    JWT), as SurrealDB 3.x does when the statement runs.

    **Why**

    The statement fails with "The ES512 algorithm is not currently supported"; definitions
    stored by older versions are silently verified as ES384.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM ES512 KEY $p521_public_key;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM ES384 KEY $p384_public_key;
    ```
    """

    code = "SA114"
    name = "es512"
    severity = "error"
    summary = "ES512 is rejected by SurrealDB 3.x"

    @classmethod
    def claims(cls, ctx: LintContext, problem: Problem) -> bool:
        """ES512 problems of `surrealaccess.check` are reported here."""
        return problem.message == ES512_MESSAGE

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report the ES512 problems that `surrealaccess.check` finds."""
        return self.claimed(ctx)
