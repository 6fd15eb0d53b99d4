"""SA105 literal-secret."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._common import hmac, key_uses


@register
class LiteralSecretRule(Rule):
    """A signing secret is written literally in the schema file.

    **What it does**

    Reports an HS* KEY (verify or issuer) or an asymmetric ``WITH ISSUER KEY`` (a private
    key) written as a constant string. Public verify keys (RS*, PS*, ES*, EdDSA) are not
    secrets and are not reported.

    **Why**

    Schema files live in version control, CI logs and container images; a secret in them
    is readable by everyone who can read the repository, forever. Write ``KEY $name`` and
    give the parameter its value when the schema is applied, from a secret store (for
    example a ``DEFINE PARAM $name VALUE …`` statement generated at deploy time and never
    committed).

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS512
        KEY 'k3J9x0Qm2Lr7Vt5Wc8Yh1Nb4Pd6Sg0Fa3Ze9Ku2Mx7Rq5Tw8Ly1Hn4Bv6Dc0Gj3Ps9Qa2Xk7Vm5';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS512 KEY $api_secret;
    ```

    **Limitations**

    The current parser does not read ``DEFINE PARAM`` yet, so the linter cannot follow a
    parameter to a literal defined in the same file.
    """

    code = "SA105"
    name = "literal-secret"
    severity = "warning"
    summary = "HMAC secret or issuer private key written literally in the schema"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report constant HMAC keys and constant issuer keys."""
        for use in key_uses(ctx):
            if use.text is None or not (hmac(use) or use.role == "issuer"):
                continue
            what = f"{use.algorithm} secret" if hmac(use) else f"{use.algorithm} issuer key"
            yield ctx.report(
                self,
                use.expr.span,
                f"The {what} is written in the schema file; write KEY $param and supply the "
                "value when the schema is applied",
            )
