"""SA112 key-algorithm-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._keys import private_key_label, public_verify_keys, strict_problem, weak_rsa


@register
class KeyAlgorithmMismatchRule(Rule):
    """The verify KEY does not fit the algorithm.

    **What it does**

    Loads every constant asymmetric verify KEY the way ``surrealaccess compile`` does in
    its strict policy and reports the ones it refuses: a key of another family (an EC key
    for RS256), another curve (a P-384 key for ES256), explicit curve parameters, a
    certificate instead of a public key, several PEM blocks, text that is not PEM at all,
    or an RSA modulus above 8192 bits.

    **Why**

    SurrealDB does not check key material when the definition runs; it
    fails every token later with ``InvalidKeyFormat`` or a signature error. A key of the
    wrong curve is also the setting of invalid-curve confusions.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM RS256 KEY '-----BEGIN PUBLIC KEY-----
    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEfiCLZc3XmiRHGM1uLWYQjPCPGrdH
    4hlv6128+OLcIBJgbWc68p5X1CyjxdrsTyafCejXcJKeMbUCRij2p90/sA==
    -----END PUBLIC KEY-----';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM ES256 KEY '-----BEGIN PUBLIC KEY-----
    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEfiCLZc3XmiRHGM1uLWYQjPCPGrdH
    4hlv6128+OLcIBJgbWc68p5X1CyjxdrsTyafCejXcJKeMbUCRij2p90/sA==
    -----END PUBLIC KEY-----';
    ```
    """

    code = "SA112"
    name = "key-algorithm-mismatch"
    severity = "error"
    summary = "KEY does not match the algorithm family or curve, or is not a usable public key"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report verify keys the strict policy refuses for a reason no other rule names."""
        for use, text in public_verify_keys(ctx):
            if use.algorithm == "ES512" or private_key_label(text) is not None:
                continue  # SA114 / SA111
            message = strict_problem(use.algorithm, text)
            if message is not None and not weak_rsa(message):
                yield ctx.report(self, use.expr.span, message)
