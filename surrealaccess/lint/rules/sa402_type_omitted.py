"""SA402 type-omitted."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register


@register
class TypeOmittedRule(Rule):
    """``DEFINE ACCESS`` without ``TYPE``: SurrealDB silently makes it a RECORD method.

    **What it does**

    Reports DEFINE ACCESS statements with no ``TYPE`` clause.

    **Why**

    Without TYPE the engine stores ``TYPE RECORD`` with a random HS512 key, at any level
    (SurrealDB 3.x). ON ROOT or ON NAMESPACE such a method can never be used; ON DATABASE
    it has neither SIGNUP nor SIGNIN, so nobody can sign in, and tokens signed elsewhere
    are refused. The author usually meant ``TYPE JWT``.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE DURATION FOR SESSION 1h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        DURATION FOR SESSION 1h;
    ```
    """

    code = "SA402"
    name = "type-omitted"
    severity = "warning"
    summary = "DEFINE ACCESS without TYPE (silently a RECORD method)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report definitions without TYPE."""
        for statement in ctx.accesses():
            if statement.type is not None:
                continue
            if statement.base == "DATABASE":
                consequence = "with no SIGNUP or SIGNIN and a random key"
            else:
                consequence = f"that can never be used ON {statement.base}"
            yield ctx.report(
                self,
                statement.name.span,
                f"No TYPE clause: SurrealDB stores a RECORD access method {consequence}; "
                "write the TYPE you mean",
            )
