"""SA203 jwks-unchecked-issuer-audience."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ..walk import reads
from ._common import authenticate_clauses, url_verifiers

#: Claims that name the token's recipient: ``aud``; OIDC's ``azp`` (what Keycloak access
#: tokens identify the client by); Cognito access tokens' ``client_id``.
_AUDIENCE = frozenset({"aud", "azp", "client_id"})


@register
class JwksUncheckedIssuerAudienceRule(Rule):
    """Third-party tokens (a JWKS ``URL``) are accepted without checking issuer or audience.

    **What it does**

    For every definition verified through a JWKS URL, looks for an issuer check and an
    audience check: the extension clauses ``ISSUER``/``AUDIENCE``, or an ``AUTHENTICATE``
    (on the definition or in a later ``ALTER ACCESS``) that reads ``$token.iss`` /
    ``$token.aud`` (or ``$token.azp``, which Keycloak uses for the client, or Cognito's
    ``$token.client_id``). Reports the definition when either is missing, and says which.

    **Why**

    SurrealDB never checks ``iss`` or ``aud`` itself. A key set is often shared:
    Google and Firebase keys sign tokens for every project, Entra ID's common keys for
    every tenant, and one Auth0 tenant's keys sign tokens for all of its applications. Any
    of those tokens then opens this database.

    **Bad**

    ```surql
    DEFINE ACCESS idp ON DATABASE TYPE JWT URL 'https://idp.example.com/.well-known/jwks.json';
    ```

    **Good**

    ```surql
    DEFINE ACCESS idp ON DATABASE TYPE JWT URL 'https://idp.example.com/.well-known/jwks.json'
        AUTHENTICATE {
            IF $token.iss != 'https://idp.example.com/' { THROW 'wrong issuer' };
            IF !($token.aud CONTAINS 'https://api.example.com') { THROW 'wrong audience' };
        };
    ```

    **Limitations**

    The rule sees that a claim is read, not that the comparison is right. Static ``KEY``
    definitions are not covered: their tokens come from whoever holds the key.
    """

    code = "SA203"
    name = "jwks-unchecked-issuer-audience"
    severity = "warning"
    summary = "JWKS access without an issuer or audience check"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report JWKS definitions that do not pin the issuer or the audience."""
        checked: dict[int, set[str]] = {}
        for owner, body in authenticate_clauses(ctx):
            claims = checked.setdefault(id(owner), set())
            claims.update(read.member for read in reads(body, "token") if read.member)
        for statement in ctx.accesses():
            urls = url_verifiers(statement)
            if not urls:
                continue
            claims = checked.get(id(statement), set())
            issuer = statement.extensions.issuers is not None or "iss" in claims
            audience = statement.extensions.audiences is not None or bool(_AUDIENCE & claims)
            if issuer and audience:
                continue
            if not issuer and not audience:
                what = "checks neither the issuer (iss) nor the audience (aud)"
            elif not issuer:
                what = "does not check the issuer (iss)"
            else:
                what = "does not check the audience (aud)"
            yield ctx.report(
                self,
                urls[0].span,
                f"This JWKS access method {what} of third-party tokens; add ISSUER/AUDIENCE or "
                "check $token.iss and $token.aud in AUTHENTICATE",
            )
