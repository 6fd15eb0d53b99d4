"""SA111 private-key-in-key."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._keys import private_key_label, public_verify_keys, strict_problem


@register
class PrivateKeyRule(Rule):
    """The verify KEY of an asymmetric algorithm holds a private key.

    **What it does**

    Reports a verify ``KEY`` (RS*, PS*, ES*, EdDSA) whose text contains a PEM private key
    (``-----BEGIN … PRIVATE KEY-----``). The issuer key (``WITH ISSUER KEY``) is where a
    private key belongs, and is not reported here.

    **Why**

    A verify key only needs the public half. SurrealDB stores the KEY and prints it in
    ``INFO FOR DB`` (asymmetric verify keys are not redacted), so every user allowed to read
    the schema gets the signing key and can mint tokens. SurrealDB also cannot verify with
    it: every token is rejected.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM EDDSA KEY '-----BEGIN PRIVATE KEY-----
    MC4CAQAwBQYDK2VwBCIE…
    -----END PRIVATE KEY-----';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM EDDSA KEY '-----BEGIN PUBLIC KEY-----
    MCowBQYDK2VwAyEAr/+T/c4ahhAF0V4Tzdy7Wd9SkCGIBiebDA5HKbRzgMA=
    -----END PUBLIC KEY-----';
    ```
    """

    code = "SA111"
    name = "private-key-in-key"
    severity = "error"
    summary = "Private key material in a verify KEY"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report verify keys that hold a private key."""
        for use, text in public_verify_keys(ctx):
            label = private_key_label(text)
            if label is None:
                continue
            message = strict_problem(use.algorithm, text)
            if message is None or "private key" not in message:
                message = (
                    f"KEY holds a private key ({label}); a verify key must be public (INFO FOR "
                    "DB would print the private key)"
                )
            yield ctx.report(self, use.expr.span, message)
