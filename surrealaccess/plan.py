"""Compiled access methods: immutable, inspectable data (never generated code).

An `AccessPlan` says everything the runtime needs to accept or refuse a token for one
``DEFINE ACCESS``: where it lives, which claims route a token to it, which algorithm and key
verify it, how long sessions last, and whether an ``AUTHENTICATE`` program runs. Keys are
loaded once, when the plan is built; `AccessPlan.to_json` shows a fingerprint, never the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from . import ast
from .claimmap import ClaimProgram
from .keys import Policy, VerifyKey
from .source import NO_SPAN, Span

if TYPE_CHECKING:
    from .issuing import SigningKey

Level = Literal["ROOT", "NAMESPACE", "DATABASE"]
AccessKind = Literal["JWT", "RECORD", "BEARER"]


@dataclass(frozen=True, slots=True)
class KeyVerification:
    """Tokens are verified with one pinned algorithm and one key.

    ``generated`` is True when SurrealDB would have made the key up itself (no ``WITH JWT``
    on a RECORD or BEARER method): only tokens this library issues can verify with it.
    """

    algorithm: str
    key: VerifyKey
    generated: bool = False

    def to_json(self) -> dict[str, Any]:
        """The verification as JSON-ready data (the key's fingerprint, not the key)."""
        data: dict[str, Any] = {
            "method": "key",
            "algorithm": self.algorithm,
            "key": {
                "family": self.key.family,
                "fingerprint": self.key.fingerprint,
                "description": self.key.description,
                "generated": self.generated,
            },
        }
        if self.key.unusable is not None:
            data["key"]["unusable"] = self.key.unusable
        return data


@dataclass(frozen=True, slots=True)
class UrlVerification:
    """Tokens are verified with a key from a JWKS document at ``url``."""

    url: str

    def to_json(self) -> dict[str, Any]:
        """The verification as JSON-ready data."""
        return {"method": "jwks", "url": self.url}


@dataclass(frozen=True, slots=True)
class IssuerInfo:
    """How tokens issued by this method are signed (the key itself stays out of plans)."""

    algorithm: str
    key: Literal["verify-key", "written", "generated"]


@dataclass(frozen=True, slots=True)
class AccessPlan:
    """One compiled ``DEFINE ACCESS``.

    Attributes:
        name, level, ns, db: where the method lives (``ns``/``db`` are None above their level).
        kind: ``JWT``, ``RECORD`` or ``BEARER``; ``subject`` is the bearer's USER/RECORD.
        verification: how a token's signature is checked.
        issuer: how the method signs tokens it issues, or None if it cannot issue.
        session_nanoseconds: ``DURATION FOR SESSION`` in nanoseconds, or None (sessions never
            expire); ``token_nanoseconds`` and ``grant_nanoseconds`` likewise.
        authenticate: the ``AUTHENTICATE`` expression, or None.
        issuers, audiences: the extension clauses ISSUER / AUDIENCE (None: not checked).
        leeway_seconds: LEEWAY, the clock skew allowed for ``exp`` and ``nbf``.
        claims: the compiled CLAIMS mapping, or None.
        policy: the verifier policy the plan was compiled for.
        span, path: where the definition is written.

    """

    name: str
    level: Level
    ns: str | None
    db: str | None
    kind: AccessKind
    verification: KeyVerification | UrlVerification
    policy: Policy
    subject: Literal["USER", "RECORD"] | None = None
    issuer: IssuerInfo | None = None
    session_nanoseconds: int | None = None
    token_nanoseconds: int | None = None
    grant_nanoseconds: int | None = None
    authenticate: ast.Expr | None = field(default=None, compare=False, repr=False)
    issuers: tuple[str, ...] | None = None
    audiences: tuple[str, ...] | None = None
    leeway_seconds: float = 0.0
    claims: ClaimProgram | None = None
    span: Span = field(default=NO_SPAN, compare=False, repr=False)
    path: str | None = field(default=None, compare=False, repr=False)
    # Issuing (surrealaccess.signin): the SIGNUP/SIGNIN clauses, WITH REFRESH, and the issuer
    # key. The key is never compared, printed or put in to_json.
    signup: ast.Expr | None = field(default=None, compare=False, repr=False)
    signin: ast.Expr | None = field(default=None, compare=False, repr=False)
    refresh: bool = False
    signer: SigningKey | None = field(default=None, compare=False, repr=False)

    @property
    def routing_claims(self) -> tuple[str, ...]:
        """The claims a token must carry to reach this method (reference §3.1 step 3)."""
        if self.level == "ROOT":
            return ("ac",)
        if self.level == "NAMESPACE":
            return ("ns", "ac")
        if self.kind == "RECORD":
            return ("ns", "db", "ac", "id")
        return ("ns", "db", "ac")

    def to_json(self) -> dict[str, Any]:
        """The plan as JSON-ready data: stable keys, no secrets."""
        return {
            "name": self.name,
            "level": self.level,
            "ns": self.ns,
            "db": self.db,
            "kind": self.kind,
            "subject": self.subject,
            "policy": self.policy,
            "routing": {
                "claims": list(self.routing_claims),
                "values": {
                    claim: value
                    for claim, value in (("ns", self.ns), ("db", self.db), ("ac", self.name))
                    if value is not None
                },
            },
            "verification": self.verification.to_json(),
            "issuer": (
                None if self.issuer is None
                else {"algorithm": self.issuer.algorithm, "key": self.issuer.key}
            ),
            "durations": {
                "session": self.session_nanoseconds,
                "token": self.token_nanoseconds,
                "grant": self.grant_nanoseconds,
            },
            "authenticate": self.authenticate is not None,
            "issuers": list(self.issuers) if self.issuers is not None else None,
            "audiences": list(self.audiences) if self.audiences is not None else None,
            "leeway_seconds": self.leeway_seconds,
            "claims": self.claims.to_json() if self.claims is not None else None,
            "source": (
                {"path": self.path, "line": self.span.line, "column": self.span.column}
                if self.span is not NO_SPAN else None
            ),
        }
