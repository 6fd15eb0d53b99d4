"""JWKS URL checks shared by SA201 and SA202, built on `surrealaccess.jwks.check_url`."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from ... import ast
from ...jwks import JwksOptions, check_url
from ..context import LintContext
from ._common import url_verifiers


@dataclass(frozen=True, slots=True)
class UrlFinding:
    """What `check_url` says about one constant JWKS URL."""

    statement: ast.DefineAccess
    verifier: ast.UrlVerifier
    url: str
    https: bool
    #: the scheme problem (None when the URL is https)
    scheme_problem: str | None
    #: any other problem, judged as if the URL were https
    host_problem: str | None


def url_findings(ctx: LintContext) -> Iterator[UrlFinding]:
    """The constant JWKS URLs of the file's definitions, with what is wrong with them."""
    options = JwksOptions()
    for statement in ctx.accesses():
        for verifier in url_verifiers(statement):
            url = ctx.string_value(verifier.url)
            if url is None:
                continue
            scheme = urllib.parse.urlsplit(url).scheme if "://" in url else ""
            https = scheme.lower() == "https"
            scheme_problem = None if https else check_url(url, options)
            as_https = url if https or not scheme else "https" + url[len(scheme):]
            host_problem = check_url(as_https, options) if scheme else None
            if not https and scheme_problem is None:  # pragma: no cover - check_url is stricter
                scheme_problem = "the JWKS URL must use https"
            yield UrlFinding(statement, verifier, url, https, scheme_problem, host_problem)
