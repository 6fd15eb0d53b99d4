"""SA103 hmac-secret-low-entropy."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._common import hmac, key_uses
from ._keys import entropy_bits, hmac_finding


@register
class HmacSecretLowEntropyRule(Rule):
    """An HMAC secret is long enough but looks far from random.

    **What it does**

    Estimates the entropy of an HS* KEY that passes the length check (SA101) and reports
    it when the estimate is below ``min-secret-entropy-bits`` (default 128). The estimate
    is the key's length in characters times the Shannon entropy of its own character
    frequencies: repeated characters, short alphabets and repeated words score low. It is
    the same on every run (no randomness, no word lists).

    **Why**

    RFC 8725 §3.5: HMAC keys must not be human-memorable passwords. A long key made of a
    few distinct characters is as guessable as a short one.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256
        KEY 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    ```

    **Good**

    ```surql
    -- 32 random bytes, base64url: 43 characters, about 200 bits by this estimate.
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```

    **Limitations**

    Entropy cannot be measured from one sample. The estimate catches repetition, not
    passphrases such as ``'my-super-secret-key-for-signing-tokens'``; a 32-character hex
    string scores about 110 bits because hex carries at most 4 bits per character. Generate
    keys with a CSPRNG (``openssl rand -base64 48``) and keep them out of the schema file
    (SA105).
    """

    code = "SA103"
    name = "hmac-secret-low-entropy"
    severity = "warning"
    summary = "HMAC secret looks far from random (low estimated entropy)"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report long-enough HMAC keys whose entropy estimate is below the threshold."""
        threshold = ctx.config.min_secret_entropy
        for use in key_uses(ctx):
            if not hmac(use) or use.text is None or hmac_finding(use.algorithm, use.text):
                continue
            bits = entropy_bits(use.text)
            if bits < threshold:
                yield ctx.report(
                    self,
                    use.expr.span,
                    f"{use.algorithm} KEY has an estimated entropy of {bits:.0f} bits (below "
                    f"{threshold:.0f}): use a random secret, not a pattern or a password",
                )
