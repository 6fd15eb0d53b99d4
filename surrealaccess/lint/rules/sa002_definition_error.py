"""SA002 definition-error."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, all_rules, register


@register
class DefinitionErrorRule(Rule):
    """A statement parses, but SurrealDB refuses it when it runs.

    **What it does**

    Reports what `surrealaccess check` finds: the checks SurrealDB 3.x makes when it
    executes a definition (a KEY that is not a string, a symmetric issuer key that differs
    from the verify key, a NULL duration, an access method defined twice…). Problems that
    have their own rule (ES512: SA114, ``FOR TOKEN NONE`` on RECORD: SA306, legacy
    statements: SA601) are reported under that code instead.

    **Why**

    The file is accepted by the parser and fails when it is applied, often in the middle of
    a migration.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY 123;
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```
    """

    code = "SA002"
    name = "definition-error"
    severity = "error"
    summary = "SurrealDB refuses this definition when it runs"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report every problem of `surrealaccess.check` that no other rule claims."""
        claimers = [rule for rule in all_rules() if rule is not type(self)]
        for problem in ctx.problems:
            if any(rule.claims(ctx, problem) for rule in claimers):
                continue
            yield ctx.report(self, problem.span, problem.message)
