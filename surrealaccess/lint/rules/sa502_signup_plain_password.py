"""SA502 signup-plain-password."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...source import Span
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ..walk import calls, walk
from ._common import PASSWORD_NAME, mentions_password, names
from ._record import bodies


@register
class SignupPlainPasswordRule(Rule):
    """SIGNUP stores a password without ``crypto::*::generate``.

    **What it does**

    In the SIGNUP of a RECORD access method (or a 2.x scope), reports writes of a password
    field (``SET pass = …``, ``CONTENT { password: … }``) whose value does not come from a
    ``crypto::*::generate`` call, directly or through a ``LET`` parameter.

    **Why**

    The password is stored as the user typed it: one leak of the table (a backup, an
    export, an over-broad ``PERMISSIONS``) discloses every account, and users reuse
    passwords elsewhere.

    **Bad**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNUP (CREATE user SET email = $email, pass = $pass)
        DURATION FOR TOKEN 15m, FOR SESSION 12h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNUP (CREATE user SET email = $email, pass = crypto::argon2::generate($pass))
        DURATION FOR TOKEN 15m, FOR SESSION 12h;
    ```

    **Limitations**

    Passwords are recognised by field name. A value that is hashed by a custom function
    (``fn::hash($pass)``) is reported; suppress the finding with a justification.
    """

    code = "SA502"
    name = "signup-plain-password"
    severity = "error"
    summary = "SIGNUP stores a password without crypto::*::generate"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report password writes whose value is not hashed."""
        for body in bodies(ctx, "signup"):
            hashed = {
                node.name.lower() for node in walk(body)
                if isinstance(node, ast.Let) and calls(node.value, "crypto", "generate")
            }
            for target, value, span in _writes(body):
                if not mentions_password(target) or _is_hashed(value, hashed):
                    continue
                yield ctx.report(
                    self,
                    span,
                    "SIGNUP stores a password without hashing it; store "
                    "crypto::argon2::generate($pass) (or another crypto::*::generate)",
                )


def _writes(body: ast.Expr) -> Iterator[tuple[ast.Expr, ast.Expr, Span]]:
    for node in walk(body):
        if isinstance(node, ast.Assignment):
            yield node.target, node.value, node.span
        elif isinstance(node, ast.ObjectLiteral):
            for key, value in node.entries:
                if PASSWORD_NAME.search(key):
                    yield ast.Field(name=key), value, value.span


def _is_hashed(value: ast.Expr, hashed: set[str]) -> bool:
    if isinstance(value, (ast.NoneLiteral, ast.NullLiteral)):
        return True  # clearing a password is not storing one
    if calls(value, "crypto", "generate"):
        return True
    return (isinstance(value, ast.Param) and value.name.lower() in hashed) or (
        isinstance(value, ast.Idiom) and any(n.lower() in hashed for n in names(value)[:1])
    )
