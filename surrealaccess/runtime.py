"""Apply compiled plans to tokens: the ``authenticate`` half of SurrealDB's ``iam``.

`Authenticator.authenticate` follows reference §3.1. Both policies route a token the same
way, by which routing claims it carries (ns+db+ac+id → record access; ns+db+ac → database
method; ns+ac → namespace method; ac → root method; anything with a system-user shape is
refused, since system users are not compiled). They differ in order and strictness:

* ``surrealdb``: time checks on the unverified claims first, then lookups that say what
  does not exist, then the signature; messages and session values are the engine's.
* ``strict``: the token is decoded under the strict policy, the signature is checked
  before anything in the claims is acted on, and every failure before it looks the same to
  the client (no existence oracle); NumericDates follow RFC 7519.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

from .authenticate import run_authenticate
from .claims import KNOWN_CLAIMS, Claims, read_claims
from .errors import AuthenticationError
from .jwks import JwksSource
from .jws import GENERIC, Decoded, decode_strict, decode_surrealdb
from .keys import Policy
from .plan import AccessPlan, KeyVerification, Level
from .recordid import RecordId, RecordIdError, parse_record_id
from .session import Session
from .surql import Environment

EXPIRED: Final = "The token has expired"
MISMATCH: Final = "The access method cannot be used in the requested operation"
#: How many keys an unroutable strict-mode token is checked against (for the reason only).
_MAX_SIGNER_PROBES: Final = 4
_ROLES: Final = {"viewer": "Viewer", "editor": "Editor", "owner": "Owner"}
#: chrono's TimeDelta holds at most i64::MAX milliseconds.
_MAX_DURATION_NS: Final = (2**63 - 1) * 1_000_000
#: chrono's latest representable instant (+262143-12-31T23:59:59Z) in Unix seconds.
_MAX_TIMESTAMP: Final = 8210298412799


def _error(kind: str, public: str, detail: str, reason: str = "") -> AuthenticationError:
    return AuthenticationError(kind, public, detail, reason=reason)


class Authenticator:
    """Compiled access methods, ready to authenticate tokens. Built by `compile`.

    Safe to share between threads and event loops: the plans and keys are immutable; the
    only state is the JWKS key-set caches, which are thread-safe (see `surrealaccess.jwks`).
    """

    def __init__(
        self,
        plans: tuple[AccessPlan, ...],
        *,
        namespaces: frozenset[str],
        databases: frozenset[tuple[str, str]],
        policy: Policy,
        clock: Callable[[], float],
        jwks: Mapping[str, JwksSource] | None = None,
        environment: Environment | None = None,
    ) -> None:
        self._plans = plans
        self._environment = environment or Environment()
        self._jwks: Mapping[str, JwksSource] = MappingProxyType(dict(jwks or {}))
        self._index: Mapping[tuple[Level, str | None, str | None, str], AccessPlan] = (
            MappingProxyType({(p.level, p.ns, p.db, p.name): p for p in plans})
        )
        self._namespaces = namespaces
        self._databases = databases
        self.policy: Final = policy
        self._clock = clock

    @property
    def plans(self) -> tuple[AccessPlan, ...]:
        """Every compiled access method, in definition order."""
        return self._plans

    def plan(
        self, name: str, *, level: Level = "DATABASE", ns: str | None = None, db: str | None = None
    ) -> AccessPlan | None:
        """The plan of one access method, or None."""
        return self._index.get((level, ns, db, name))

    def to_json(self) -> dict[str, Any]:
        """All plans as JSON-ready data (fingerprints, never keys)."""
        return {"policy": self.policy, "accesses": [plan.to_json() for plan in self._plans]}

    def prefetch(self, *, now: float | None = None) -> dict[str, bool]:
        """Fetch every JWKS key set now (start-up warming), ignoring the cooldown.

        Returns, per URL, whether a key set was loaded; failures are also reported through
        the ``on_event`` hook. Never raises for a fetch failure.
        """
        moment = self._clock() if now is None else now
        return {url: source.refresh(moment) for url, source in self._jwks.items()}

    @property
    def jwks(self) -> Mapping[str, JwksSource]:
        """The JWKS key-set caches, by URL (read-only view)."""
        return self._jwks

    async def authenticate_async(self, token: str, *, now: float | None = None) -> Session:
        """`authenticate` for asyncio code: a JWKS fetch never blocks the event loop.

        Schemas without JWKS URLs verify inline; otherwise the work runs in a worker thread,
        where concurrent callers that need the same fetch share it (single flight).
        """
        if not self._jwks:
            return self.authenticate(token, now=now)
        return await asyncio.to_thread(self.authenticate, token, now=now)

    def authenticate(self, token: str, *, now: float | None = None) -> Session:
        """Verify ``token`` and return the session SurrealDB would set up.

        ``now`` is Unix seconds (default: the compile-time clock). Raises
        `AuthenticationError`; never anything else.
        """
        moment = self._clock() if now is None else now
        if self.policy == "surrealdb":
            return self._surrealdb(token, moment)
        return self._strict(token, moment)

    # ---- SurrealDB parity ------------------------------------------------------------------

    def _surrealdb(self, token: object, now: float) -> Session:
        decoded = decode_surrealdb(token, KNOWN_CLAIMS)
        claims = read_claims(decoded.claims, strict=False)
        second = math.floor(now)
        if claims.nbf is not None and claims.nbf > second:
            raise _error("invalid_auth", GENERIC, "the token is not valid yet (nbf)",
                         "not_yet_valid")
        if claims.exp is not None and claims.exp < second:
            raise _error("token_expired", EXPIRED, "the token's exp is in the past", "expired")
        plan, record = self._route(claims, parse_id_first=True)
        self._check_signature(plan, decoded, now)
        if claims.exp is None:
            raise _error("invalid_auth", GENERIC, "the token has no exp claim", "claims_invalid")
        return self._session(plan, claims, record, now)

    # ---- strict ----------------------------------------------------------------------------

    def _strict(self, token: object, now: float) -> Session:
        decoded = decode_strict(token)
        claims = read_claims(decoded.claims, strict=True)
        try:
            plan, _ = self._route(claims, parse_id_first=False)
        except AuthenticationError as error:
            # Nothing about what exists may reach the client before a signature verifies;
            # the operator learns whether one of our keys signed it (a routing mistake at the
            # issuer) or none did (a forgery or a foreign token).
            signer = self._signer(decoded)
            if signer is None:
                raise _error("invalid_auth", GENERIC,
                             f"{error.detail}; no compiled key verifies the signature either",
                             "signature_invalid") from None
            raise _error("invalid_auth", GENERIC,
                         f"{error.detail}; the token is signed with the key of {signer!r}",
                         "claims_invalid") from None
        self._check_signature(plan, decoded, now)
        record = self._record(plan, claims) if plan.kind == "RECORD" and claims.id else None
        self._check_times(claims, now)
        if claims.aud is not None:
            raise _error("invalid_auth", GENERIC,
                         "the token names an audience (aud) but the access method defines none "
                         "to accept (RFC 7519 §4.1.3)", "claims_invalid")
        return self._session(plan, claims, record, now)

    @staticmethod
    def _check_times(claims: Claims, now: float) -> None:
        if claims.exp is None:
            raise _error("invalid_auth", GENERIC, "the token has no exp claim", "claims_invalid")
        if now >= claims.exp:
            raise _error("token_expired", EXPIRED, f"exp {claims.exp} is not after {now}",
                         "expired")
        if claims.nbf is not None and now < claims.nbf:
            raise _error("invalid_auth", GENERIC, f"nbf {claims.nbf} is after {now}",
                         "not_yet_valid")
        if claims.iat is not None and claims.iat > now:
            raise _error("invalid_auth", GENERIC, f"iat {claims.iat} is after {now}",
                         "not_yet_valid")

    # ---- shared steps ----------------------------------------------------------------------

    def _route(self, claims: Claims, *, parse_id_first: bool) -> tuple[AccessPlan, RecordId | None]:
        """Find the access method the routing claims name (reference §3.1 step 3)."""
        ns, db, ac, rid = claims.ns, claims.db, claims.ac, claims.id
        record: RecordId | None = None
        if ns is not None and db is not None and (ac is not None or rid is not None):
            if (ns, db) not in self._databases:
                raise _error("not_found", f"The database '{db}' does not exist",
                             f"no database {ns}/{db} in the schema", "not_found")
            if ac is None:
                raise _error("invalid_auth", GENERIC,
                             f"the token has a system-user shape (ns, db, id) for {rid!r}; system "
                             "user tokens are signed with secrets only SurrealDB knows",
                             "system_user")
            if rid is not None and parse_id_first:
                record = _parse_id(rid)
            plan = self._index.get(("DATABASE", ns, db, ac))
            if plan is None:
                raise _error("not_found",
                             f"The access method '{ac}' does not exist in the database '{db}'",
                             f"no access method {ac!r} in {ns}/{db}", "not_found")
            if rid is not None and plan.kind != "RECORD":
                raise _error("access_mismatch", MISMATCH,
                             f"the token carries a record id, but {ac!r} is TYPE {plan.kind}",
                             "access_mismatch")
            if rid is None and plan.kind == "RECORD" and plan.authenticate is None:
                raise _error("access_mismatch", MISMATCH,
                             f"the token for record access {ac!r} has no record id and the "
                             "method has no AUTHENTICATE clause to find one", "access_mismatch")
            return plan, record
        if ns is not None and (ac is not None or rid is not None):
            if ns not in self._namespaces:
                raise _error("not_found", f"The namespace '{ns}' does not exist",
                             f"no namespace {ns!r} in the schema", "not_found")
            if ac is None:
                raise _error("invalid_auth", GENERIC,
                             "the token has a system-user shape (ns, id)", "system_user")
            plan = self._index.get(("NAMESPACE", ns, None, ac))
            if plan is None:
                raise _error("not_found",
                             f"The access method '{ac}' does not exist in the namespace '{ns}'",
                             f"no access method {ac!r} in namespace {ns!r}", "not_found")
            return self._system(plan), None
        if ac is not None:
            plan = self._index.get(("ROOT", None, None, ac))
            if plan is None:
                raise _error("not_found", f"The root access method '{ac}' does not exist",
                             f"no root access method {ac!r}", "not_found")
            return self._system(plan), None
        if rid is not None:
            raise _error("invalid_auth", GENERIC, "the token has a root-user shape (id)",
                         "system_user")
        raise _error("invalid_auth", GENERIC,
                     "the token names no access method (no ns/db/ac/id routing claims)",
                     "claims_invalid")

    @staticmethod
    def _system(plan: AccessPlan) -> AccessPlan:
        if plan.kind == "RECORD":  # pragma: no cover - RECORD is refused above DATABASE
            raise _error("access_mismatch", MISMATCH, "record access outside a database",
                         "access_mismatch")
        return plan

    def _signer(self, decoded: Decoded) -> str | None:
        """The name of a method whose key verifies an unroutable token, if any.

        Only keys pinned to the token's algorithm are tried, at most `_MAX_SIGNER_PROBES`,
        so an unroutable token costs a bounded number of signature checks.
        """
        alg = decoded.header.get("alg")
        signature = decoded.signature
        if signature is None:
            return None
        tried = 0
        for plan in self._plans:
            verification = plan.verification
            if not isinstance(verification, KeyVerification) or verification.algorithm != alg:
                continue
            if verification.key.verify(decoded.signing_input, signature):
                return plan.name
            tried += 1
            if tried >= _MAX_SIGNER_PROBES:
                break
        return None

    def _check_signature(self, plan: AccessPlan, decoded: Decoded, now: float) -> None:
        verification = plan.verification
        if not isinstance(verification, KeyVerification):
            key = self._jwks[verification.url].key_for(decoded.header, now)
            signature = decoded.signature
            if signature is None or not key.verify(decoded.signing_input, signature):
                raise _error("invalid_auth", GENERIC,
                             f"the signature does not verify with the JWK chosen for "
                             f"{plan.name!r}", "signature_invalid")
            return
        key = verification.key
        if key.unusable is not None:
            raise _error("invalid_key", "InvalidKeyFormat", key.unusable, "key_invalid")
        alg = decoded.header.get("alg")
        if alg != verification.algorithm:
            raise _error("invalid_auth", GENERIC,
                         f"the token is signed with {alg!r}; {plan.name!r} accepts only "
                         f"{verification.algorithm}", "alg_not_allowed")
        signature = decoded.signature
        if signature is None or not key.verify(decoded.signing_input, signature):
            raise _error("invalid_auth", GENERIC,
                         f"the signature does not verify with the key of {plan.name!r}",
                         "signature_invalid")

    def _record(self, plan: AccessPlan, claims: Claims) -> RecordId:
        assert claims.id is not None
        return _parse_id(claims.id)

    def _session(
        self, plan: AccessPlan, claims: Claims, record: RecordId | None, now: float
    ) -> Session:
        if plan.kind == "RECORD" and record is None and claims.id is not None:
            record = _parse_id(claims.id)
        if plan.authenticate is not None:
            record = run_authenticate(plan, self._environment, claims.token, record, now)
        if plan.kind == "RECORD":
            roles: tuple[str, ...] = ()
        else:
            roles = self._roles(claims)
        exp = None if plan.session_nanoseconds is None else _session_expiry(plan, now)
        return Session(plan.ns, plan.db, plan.name, record, exp, roles,
                       MappingProxyType(claims.token), plan.level, plan)

    def _roles(self, claims: Claims) -> tuple[str, ...]:
        if claims.roles is None:
            return ("Viewer",)
        roles = []
        for role in claims.roles:
            canonical = _ROLES.get(role.lower()) if role.isascii() else None
            if canonical is None:
                raise _error("invalid_role", f"IAM error: Invalid role '{role}'",
                             f"{role!r} is not Viewer, Editor or Owner", "invalid_role")
            roles.append(canonical)
        return tuple(roles)


def _parse_id(text: str) -> RecordId:
    try:
        return parse_record_id(text)
    except RecordIdError as error:
        raise _error("malformed_token", f"Parse error: {error}",
                     f"the id claim {text!r} is not a record id: {error}",
                     "claims_invalid") from None


def _session_expiry(plan: AccessPlan, now: float) -> int | None:
    duration = plan.session_nanoseconds
    if duration is None:
        return None
    if duration // 1_000_000 > _MAX_DURATION_NS // 1_000_000:
        raise _error("invalid_duration", "This access method has an invalid duration",
                     f"DURATION FOR SESSION of {plan.name!r} is beyond what SurrealDB can hold",
                     "invalid_duration")
    expiry = (int(now * 1_000_000_000) + duration) // 1_000_000_000
    if expiry > _MAX_TIMESTAMP:
        raise _error("invalid_duration", "This access method results in an invalid expiration",
                     f"now + DURATION FOR SESSION of {plan.name!r} is past year 262143",
                     "invalid_duration")
    return expiry
