"""SA201 jwks-url-not-https."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._urls import url_findings


@register
class JwksUrlNotHttpsRule(Rule):
    """A JWKS ``URL`` does not use https.

    **What it does**

    Reports ``TYPE JWT URL`` and ``WITH JWT URL`` values whose scheme is not ``https``
    (``http://``, ``file://``, no scheme at all).

    **Why**

    The key set decides which tokens are genuine. Fetched over plain http, anyone on the
    path can substitute their own keys and sign any token; ``file://`` and other schemes
    turn the server into a file reader (PyJWT CVE-2026-48522).

    **Bad**

    ```surql
    DEFINE ACCESS idp ON DATABASE TYPE JWT URL 'http://idp.example.com/.well-known/jwks.json';
    ```

    **Good**

    ```surql
    DEFINE ACCESS idp ON DATABASE TYPE JWT URL 'https://idp.example.com/.well-known/jwks.json'
        AUTHENTICATE {
            IF $token.iss != 'https://idp.example.com/' { THROW 'wrong issuer' };
            IF $token.aud != 'api' { THROW 'wrong audience' };
        };
    ```
    """

    code = "SA201"
    name = "jwks-url-not-https"
    severity = "error"
    summary = "JWKS URL is not HTTPS"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report JWKS URLs that are not https."""
        for finding in url_findings(ctx):
            if finding.scheme_problem is not None:
                yield ctx.report(self, finding.verifier.url.span, finding.scheme_problem)
