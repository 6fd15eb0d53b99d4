"""SA501 signin-plain-password."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ..walk import calls, walk
from ._common import LITERALS, mentions_password
from ._record import bodies

_EQUALITY = frozenset({"=", "==", "IS", "?=", "*=", "CONTAINS", "INSIDE", "IN"})


@register
class SigninPlainPasswordRule(Rule):
    """SIGNIN compares a password with ``=`` instead of ``crypto::*::compare``.

    **What it does**

    In the SIGNIN of a RECORD access method (or a 2.x scope), reports equality comparisons
    between a password field or parameter (``pass``, ``password``, ``$pass``, ``pwd``…)
    and another non-constant value, outside a ``crypto::*::compare`` call.

    **Why**

    Comparing with ``=`` means the stored value is the plain password (or a hash the
    client sends, which then works as the password): one database leak discloses every
    account. Store ``crypto::argon2::generate($pass)`` (or bcrypt, pbkdf2, scrypt) and
    check with the matching ``compare``.

    **Bad**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNIN (SELECT * FROM user WHERE email = $email AND pass = $pass)
        DURATION FOR TOKEN 15m, FOR SESSION 12h;
    ```

    **Good**

    ```surql
    DEFINE ACCESS account ON DATABASE TYPE RECORD
        SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass))
        DURATION FOR TOKEN 15m, FOR SESSION 12h;
    ```

    **Limitations**

    Passwords are recognised by name. A comparison with a constant (``$pass != NONE``) is
    not reported.
    """

    code = "SA501"
    name = "signin-plain-password"
    severity = "error"
    summary = "SIGNIN compares passwords without crypto::*::compare"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report plain password comparisons in SIGNIN bodies."""
        for body in bodies(ctx, "signin"):
            for node in walk(body):
                if not isinstance(node, ast.BinaryOp) or node.op not in _EQUALITY:
                    continue
                sides = (node.left, node.right)
                if any(isinstance(side, LITERALS) for side in sides):
                    continue
                if any(calls(side, "crypto", "compare") for side in sides):
                    continue
                if any(mentions_password(side) for side in sides):
                    yield ctx.report(
                        self,
                        node.span,
                        "SIGNIN compares a password directly; store a hash and check it with "
                        "crypto::argon2::compare (or another crypto::*::compare)",
                    )
