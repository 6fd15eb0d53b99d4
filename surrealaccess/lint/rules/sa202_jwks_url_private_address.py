"""SA202 jwks-url-private-address."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ._urls import url_findings


@register
class JwksUrlPrivateAddressRule(Rule):
    """A JWKS ``URL`` points at a private, loopback or link-local address.

    **What it does**

    Reports JWKS URLs whose host is a loopback, private, link-local, unique-local,
    multicast or unspecified address (also when written as ``[::ffff:127.0.0.1]``, as a
    decimal number such as ``2852039166``, or as ``localhost``), and URLs with user
    information (``https://idp.example.com@127.0.0.1/``) that hide the real host. The same
    rules as ``surrealaccess compile`` apply.

    **Why**

    A definition that makes the server fetch internal addresses is a server-side request
    forgery: cloud metadata endpoints (``169.254.169.254``) hand out credentials, and an
    internal service may answer with a key set the attacker controls.

    **Bad**

    ```surql
    DEFINE ACCESS idp ON DATABASE TYPE JWT URL 'https://169.254.169.254/latest/jwks.json';
    ```

    **Good**

    ```surql
    DEFINE ACCESS idp ON DATABASE TYPE JWT URL 'https://idp.example.com/.well-known/jwks.json'
        AUTHENTICATE {
            IF $token.iss != 'https://idp.example.com/' { THROW 'wrong issuer' };
            IF $token.aud != 'api' { THROW 'wrong audience' };
        };
    ```

    **Limitations**

    Host names are not resolved: a public name that resolves to a private address is
    refused when the key set is fetched, not here.
    """

    code = "SA202"
    name = "jwks-url-private-address"
    severity = "error"
    summary = "JWKS URL points at a private, loopback or link-local address"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report JWKS URLs whose host may not be fetched."""
        for finding in url_findings(ctx):
            if finding.host_problem is not None:
                yield ctx.report(self, finding.verifier.url.span, finding.host_problem)
