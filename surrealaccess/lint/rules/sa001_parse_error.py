"""SA001 parse-error."""

from __future__ import annotations

from ...errors import ParseError
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ..scan import offset_at


@register
class ParseErrorRule(Rule):
    """The file is not valid SurrealQL, so nothing else in it can be checked.

    **What it does**

    Reports the first syntax error, with SurrealDB's wording and position. This is a
    pseudo-rule: select, ignore and suppress it like any other code.

    **Why**

    SurrealDB refuses the whole file when one statement does not parse, so nothing after
    the error is defined.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT KEY 'secret';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```

    **Limitations**

    Only the first error is reported; the others show once it is fixed. The parser follows
    the dialect setting (``extended`` by default, which also reads the 2.x ``DEFINE SCOPE``
    and ``DEFINE TOKEN`` so that SA601 can rewrite them).
    """

    code = "SA001"
    name = "parse-error"
    severity = "error"
    summary = "The text is not valid SurrealQL"
    parse_priority = 1000

    def parse_error(self, ctx: LintContext, error: ParseError) -> Diagnostic | None:
        """Report any parse error (the rules that explain particular ones come first)."""
        start = offset_at(ctx.text, error.line, error.column)
        end = min(start + max(error.width, 1), len(ctx.text))
        return ctx.report(self, ctx.span(start, max(end, start)), error.message)
