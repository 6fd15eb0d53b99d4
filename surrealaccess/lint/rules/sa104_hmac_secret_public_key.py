"""SA104 hmac-secret-public-key."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._keys import hmac_reports


@register
class HmacSecretPublicKeyRule(Rule):
    """An HMAC secret is shaped like public key material (PEM, OpenSSH, JWK, DER).

    **What it does**

    Reports an HS* KEY that holds a PEM block, an OpenSSH public key line, a JWK object or
    DER public key bytes.

    **Why**

    Public keys are public: whoever has the text can compute the MAC and forge tokens. This
    is the algorithm-confusion attack; it usually means the
    algorithm should be RS*/ES*/EdDSA, not HS*.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256
        KEY '{"kty":"oct","k":"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}';
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret;
    ```
    """

    code = "SA104"
    name = "hmac-secret-public-key"
    severity = "error"
    summary = "HMAC secret is shaped like a public key, PEM block or JWK"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report HMAC keys that look like key material."""
        return hmac_reports(self, ctx, "public-key")
