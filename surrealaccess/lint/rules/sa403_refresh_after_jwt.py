"""SA403 refresh-after-jwt."""

from __future__ import annotations

from ...errors import ParseError
from .. import scan
from ..context import LintContext
from ..diagnostics import Diagnostic, Edit, Fix
from ..registry import Rule, register

_TRAP = "Unexpected token `REFRESH`, expected ISSUER"


@register
class RefreshAfterJwtRule(Rule):
    """``WITH JWT … WITH REFRESH`` without a comma: a parse error.

    **What it does**

    Explains the parse error "Unexpected token `REFRESH`, expected ISSUER": inside ``TYPE
    RECORD``, ``WITH JWT <config>`` reads the next ``WITH`` as the start of ``WITH
    ISSUER``. The fix inserts the comma after the JWT configuration.

    **Why**

    The SurrealDB documentation writes ``WITH REFRESH`` after ``WITH JWT …`` in its syntax
    block, and the engine refuses exactly that. These orders work:
    ``WITH JWT …, WITH REFRESH``, ``WITH REFRESH WITH JWT …``, and ``WITH JWT … WITH
    ISSUER KEY … WITH REFRESH``.

    **Bad**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))
        WITH JWT ALGORITHM HS512 KEY $account_secret WITH REFRESH
        DURATION FOR GRANT 14d, FOR TOKEN 15m, FOR SESSION 12h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))
        WITH JWT ALGORITHM HS512 KEY $account_secret, WITH REFRESH
        DURATION FOR GRANT 14d, FOR TOKEN 15m, FOR SESSION 12h;
    ```
    """

    code = "SA403"
    name = "refresh-after-jwt"
    severity = "error"
    summary = "WITH JWT … WITH REFRESH without a comma (parse error)"
    fixable = True
    parse_priority = 10

    def parse_error(self, ctx: LintContext, error: ParseError) -> Diagnostic | None:
        """Claim the ``expected ISSUER`` error at a REFRESH keyword, with its fix."""
        if error.message != _TRAP:
            return None
        refresh = scan.offset_at(ctx.text, error.line, error.column)
        before = scan.code_tokens(ctx.text, 0, refresh)
        if len(before) < 2 or before[-1].text.upper() != "WITH":
            return None  # pragma: no cover - the grammar only fails here after WITH
        jwt_end = before[-2]
        return ctx.report(
            self,
            ctx.span(refresh, refresh + len("REFRESH")),
            "WITH REFRESH right after WITH JWT … is read as WITH ISSUER; put a comma after "
            "the JWT configuration (or WITH REFRESH first)",
            Fix("Insert a comma after the JWT configuration",
                (Edit(jwt_end.end, jwt_end.end, ","),)),
        )
