"""SA503 authenticate-returns-value."""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...access import access_type
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._common import authenticate_clauses

#: Operators whose result is always a boolean.
_COMPARISONS = frozenset({
    "=", "==", "!=", "*=", "?=", "@@", "IS", "IS NOT", "<", "<=", ">", ">=",
    "CONTAINS", "CONTAINSNOT", "CONTAINSALL", "CONTAINSANY", "CONTAINSNONE",
    "INSIDE", "IN", "NOT IN", "NOTINSIDE", "ALLINSIDE", "ANYINSIDE", "NONEINSIDE",
    "OUTSIDE", "INTERSECTS",
})  # fmt: skip
_VALUES = (
    ast.NullLiteral, ast.BoolLiteral, ast.NumberLiteral, ast.StringLiteral,
    ast.DurationLiteral, ast.PrefixedString, ast.RecordIdLiteral, ast.ArrayLiteral,
    ast.ObjectLiteral, ast.Select,
)  # fmt: skip


@register
class AuthenticateReturnsValueRule(Rule):
    """``AUTHENTICATE`` on a JWT or BEARER method returns something other than NONE.

    **What it does**

    For ``TYPE JWT`` and ``TYPE BEARER`` methods, follows the values the AUTHENTICATE
    expression can produce (``RETURN`` statements, the last statement of a block, the
    branches of ``IF``) and reports those that are certainly not NONE: ``true``, ``NULL``,
    numbers, strings, record ids, arrays, objects, comparisons and ``SELECT`` results.

    **Why**

    For these methods SurrealDB accepts the session only when AUTHENTICATE yields exactly
    NONE: ``RETURN true`` or ``RETURN $auth`` makes every token fail with
    "There was a problem with authentication". (RECORD methods are the opposite: they must
    return a record.)

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        AUTHENTICATE {
            IF $token.iss != 'https://auth.example.com' { THROW 'wrong issuer' };
            RETURN true;
        };
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        AUTHENTICATE {
            IF $token.iss != 'https://auth.example.com' { THROW 'wrong issuer' };
            RETURN NONE;
        };
    ```

    **Limitations**

    Values that depend on data (a parameter, a function call) are not judged.
    """

    code = "SA503"
    name = "authenticate-returns-value"
    severity = "error"
    summary = "AUTHENTICATE on a JWT/BEARER method returns something other than NONE"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report AUTHENTICATE results that are certainly not NONE."""
        for owner, body in authenticate_clauses(ctx):
            kind = access_type(owner)
            if isinstance(kind, ast.RecordAccess):
                continue
            what = "TYPE JWT" if isinstance(kind, ast.JwtAccess) else "TYPE BEARER"
            for value in results(body):
                if _certainly_not_none(value):
                    yield ctx.report(
                        self,
                        value.span,
                        f"AUTHENTICATE of a {what} method must yield NONE; this value makes "
                        "every authentication fail",
                    )


def results(expr: ast.Expr, *, tail: bool = True) -> Iterator[ast.Expr]:
    """The expressions whose value ``expr`` can produce as its result.

    ``tail`` is false for a statement that is not the last of its block: only an explicit
    ``RETURN`` inside it produces the result then.
    """
    if isinstance(expr, ast.Paren):
        yield from results(expr.expr, tail=tail)
    elif isinstance(expr, ast.Block):
        for index, statement in enumerate(expr.statements):
            last = tail and index == len(expr.statements) - 1
            if isinstance(statement, ast.Return):
                yield from results(statement.value)
                return
            if isinstance(statement, ast.Throw):
                return
            if isinstance(statement, (ast.IfElse, ast.Block)):
                yield from results(statement, tail=last)
            elif last and not isinstance(statement, ast.Let):
                yield from results(statement)
    elif isinstance(expr, ast.IfElse):
        branches = [body for _, body in expr.branches]
        if expr.otherwise is not None:
            branches.append(expr.otherwise)
        for body in branches:
            yield from results(body, tail=tail)
    elif isinstance(expr, ast.Return):
        yield from results(expr.value)
    elif tail:
        yield expr


def _certainly_not_none(value: ast.Expr) -> bool:
    if isinstance(value, _VALUES):
        return True
    if isinstance(value, ast.Create) and value.output is None:
        return True
    return isinstance(value, ast.BinaryOp) and value.op in _COMPARISONS
