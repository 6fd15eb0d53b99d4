"""SA113 weak-rsa-key."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._keys import private_key_label, public_verify_keys, strict_problem, weak_rsa


@register
class WeakRsaKeyRule(Rule):
    """An RSA verify KEY is under 2048 bits or has a small public exponent.

    **What it does**

    Reports RS*/PS* verify keys with a modulus under 2048 bits (RFC 7518 §3.3) or a public
    exponent below 65537.

    **Why**

    512- and 1024-bit moduli are factorable or below every current policy; whoever factors
    the key signs tokens. Exponent 3 enables Bleichenbacher'06 forgeries against lax
    verifiers.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM RS256 KEY '-----BEGIN PUBLIC KEY-----
    MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCtVbNfApZGdDKQjIrHIg999ktf
    utlTuyXClaSMEovRYkDloKApNujYNRFpZFxV/MDPWCsWyMKmeEcwsDR8lGy1fkgU
    YGHz0Lw5dO/wCU0ClXu6lfU9sbzlTHDWBgu+3ArcUbY3MGgWKGQCO3CYCxfpHAjE
    UTKWfrG/oifVS/lnbwIDAQAB
    -----END PUBLIC KEY-----';
    ```

    **Good**

    ```surql
    -- a 2048-bit (or larger) RSA public key, or an EdDSA/ES256 key
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM EDDSA KEY '-----BEGIN PUBLIC KEY-----
    MCowBQYDK2VwAyEAr/+T/c4ahhAF0V4Tzdy7Wd9SkCGIBiebDA5HKbRzgMA=
    -----END PUBLIC KEY-----';
    ```
    """

    code = "SA113"
    name = "weak-rsa-key"
    severity = "error"
    summary = "RSA key under 2048 bits or with a weak public exponent"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report small or low-exponent RSA verify keys."""
        for use, text in public_verify_keys(ctx):
            if private_key_label(text) is not None:
                continue
            message = strict_problem(use.algorithm, text)
            if message is not None and weak_rsa(message):
                yield ctx.report(self, use.expr.span, message)
