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
from typing import TYPE_CHECKING, Any, Final

from .authenticate import run_authenticate
from .claims import KNOWN_CLAIMS, Claims, read_claims
from .errors import AuthenticationError
from .grants import MemoryGrantStore
from .jwks import JwksSource
from .jws import GENERIC, Decoded, decode_strict, decode_surrealdb
from .keys import Policy
from .plan import AccessPlan, KeyVerification, Level
from .recordid import RecordId, RecordIdError, parse_record_id
from .roles import DEFAULT_ROLE, system_role
from .session import Session

if TYPE_CHECKING:
    from . import ast
    from .grants import GrantStore
    from .signin import Tokens, UserInfo
from .surql import Environment, Value

EXPIRED: Final = "The token has expired"
MISMATCH: Final = "The access method cannot be used in the requested operation"
#: How many keys an unroutable strict-mode token is checked against (for the reason only).
_MAX_SIGNER_PROBES: Final = 4
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
        grants: GrantStore | None = None,
        users: Mapping[tuple[Level, str | None, str | None, str], UserInfo] | None = None,
    ) -> None:
        self._plans = plans
        self._environment = environment or Environment()
        self._jwks: Mapping[str, JwksSource] = MappingProxyType(dict(jwks or {}))
        self._index: Mapping[tuple[Level, str | None, str | None, str], AccessPlan] = (
            MappingProxyType({(p.level, p.ns, p.db, p.name): p for p in plans})
        )
        by_issuer: dict[str, list[AccessPlan]] = {}
        for plan in plans:
            for issuer in plan.issuers or ():
                by_issuer.setdefault(issuer, []).append(plan)
        self._by_issuer = {iss: tuple(found) for iss, found in by_issuer.items()}
        self._namespaces = namespaces
        self._databases = databases
        self.policy: Final = policy
        self._clock = clock
        # Issuing (surrealaccess.signin): grants and the DEFINE USERs bearer access names.
        self._grants: GrantStore = grants if grants is not None else MemoryGrantStore()
        self._users = MappingProxyType(dict(users or {}))

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

        Schemas without JWKS URLs or a datastore verify inline; otherwise the work runs in a
        worker thread (a fetch or a query may block), where concurrent callers that need the
        same fetch share it (single flight).
        """
        if not self._jwks and self._environment.datastore is None:
            return self.authenticate(token, now=now)
        return await asyncio.to_thread(self.authenticate, token, now=now)

    # ---- issuing (delegates to surrealaccess.signin) -----------------------------------------

    @property
    def grants(self) -> GrantStore:
        """Where refresh and bearer grants are kept."""
        return self._grants

    def signup(self, variables: Mapping[str, object], *, now: float | None = None) -> Tokens:
        """Sign up through a record method's SIGNUP clause (``{ns, db, ac, …}``)."""
        from .signin import Flows

        return Flows(self).signup(variables, self._clock() if now is None else now)

    def signin(self, variables: Mapping[str, object], *, now: float | None = None) -> Tokens:
        """Sign in: record SIGNIN, a refresh key, or a bearer key (``{ns, db, ac, …}``)."""
        from .signin import Flows

        return Flows(self).signin(variables, self._clock() if now is None else now)

    def refresh(self, access: str, refresh: str, *, now: float | None = None) -> Tokens:
        """Exchange a refresh key (and the access token it came with) for new tokens."""
        from .signin import Flows

        return Flows(self).refresh(access, refresh, self._clock() if now is None else now)

    def revoke(self, refresh: str, *, access: str | None = None,
               now: float | None = None) -> None:
        """Revoke the refresh grant of ``refresh`` (``access`` names its method, optional)."""
        from .signin import Flows

        Flows(self).revoke(refresh, access, self._clock() if now is None else now)

    def execute(
        self, statement: ast.AccessGrant | ast.AccessShow | ast.AccessPurge, *,
        ns: str | None = None, db: str | None = None, now: float | None = None,
    ) -> Value:
        """Run ``ACCESS … GRANT/SHOW/REVOKE/PURGE`` against the grant store."""
        from .signin import Flows

        return Flows(self).execute(statement, ns, db, self._clock() if now is None else now)

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
        # SurrealDB checks the times before it looks anything up; a LEEWAY can only be known
        # once the method is found, so an early failure is re-judged with it.
        early = _surrealdb_times(claims, now, 0.0)
        try:
            plan, record = self._route(claims, parse_id_first=True)
        except AuthenticationError:
            if early is not None:
                raise early from None
            raise
        if early is not None and (
            plan.leeway_seconds == 0 or _surrealdb_times(claims, now, plan.leeway_seconds)
        ):
            raise early
        self._check_signature(plan, decoded, now)
        if claims.exp is None:
            raise _error("invalid_auth", GENERIC, "the token has no exp claim", "claims_invalid")
        self._check_extensions(plan, claims, strict=False)
        return self._session(plan, claims, record, now, decoded.claims)

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
        record = _parse_id(claims.id) if plan.kind == "RECORD" and claims.id else None
        self._check_times(claims, now, plan.leeway_seconds)
        if plan.issuers is not None or plan.audiences is not None or claims.aud is not None:
            self._check_extensions(plan, claims, strict=True)
        return self._session(plan, claims, record, now, decoded.claims)

    @staticmethod
    def _check_extensions(plan: AccessPlan, claims: Claims, *, strict: bool) -> None:
        """ISSUER and AUDIENCE (extensions reference), after the signature."""
        if plan.issuers is not None and claims.iss not in plan.issuers:
            raise _error("invalid_issuer", GENERIC,
                         f"iss {claims.iss!r} is not one of the issuers {list(plan.issuers)} "
                         f"of {plan.name!r}", "invalid_issuer")
        aud = claims.aud
        if plan.audiences is not None:
            if not _names_audience(plan.audiences, aud):
                raise _error("invalid_audience", GENERIC,
                             f"aud {aud!r} names none of the audiences {list(plan.audiences)} "
                             f"of {plan.name!r}", "invalid_audience")
        elif strict and aud is not None:
            raise _error("invalid_auth", GENERIC,
                         "the token names an audience (aud) but the access method defines none "
                         "to accept (RFC 7519 §4.1.3)", "claims_invalid")

    @staticmethod
    def _check_times(claims: Claims, now: float, leeway: float) -> None:
        if claims.exp is None:
            raise _error("invalid_auth", GENERIC, "the token has no exp claim", "claims_invalid")
        if now >= claims.exp + leeway:
            raise _error("token_expired", EXPIRED,
                         f"exp {claims.exp} is not after {now} (leeway {leeway:g} s)", "expired")
        if claims.nbf is not None and now + leeway < claims.nbf:
            raise _error("invalid_auth", GENERIC,
                         f"nbf {claims.nbf} is after {now} (leeway {leeway:g} s)",
                         "not_yet_valid")
        if claims.iat is not None and claims.iat > now + leeway:
            raise _error("invalid_auth", GENERIC,
                         f"iat {claims.iat} is after {now} (leeway {leeway:g} s)",
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
            if (
                rid is None and plan.kind == "RECORD"
                and plan.authenticate is None and plan.claims is None
            ):
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
        if ns is None and db is None and self._by_issuer:
            return self._route_by_issuer(claims), None
        raise _error("invalid_auth", GENERIC,
                     "the token names no access method (no ns/db/ac/id routing claims)",
                     "claims_invalid")

    def _route_by_issuer(self, claims: Claims) -> AccessPlan:
        """Routing by issuer (extensions reference): for tokens with no routing claims."""
        candidates = [
            plan for plan in self._by_issuer.get(claims.iss or "", ())
            if plan.audiences is None or _names_audience(plan.audiences, claims.aud)
        ]
        if len(candidates) != 1:
            names = ", ".join(repr(plan.name) for plan in candidates) or "none"
            raise _error("invalid_auth", GENERIC,
                         f"the token has no routing claims; access methods whose ISSUER (and "
                         f"AUDIENCE) accept iss {claims.iss!r}: {names} (exactly one needed)",
                         "claims_invalid")
        return candidates[0]

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

    def _session(
        self, plan: AccessPlan, claims: Claims, record: RecordId | None, now: float,
        payload: Mapping[str, Any],
    ) -> Session:
        auth: Value = None
        if plan.claims is not None:
            mapped = plan.claims.apply(payload, plan.name)
            if plan.kind == "RECORD":
                mapped_id = mapped.get("id")
                if isinstance(mapped_id, RecordId):
                    record = mapped_id  # as if the token had carried SurrealDB's `id`
            else:
                auth = mapped
        if plan.kind == "RECORD":
            if record is None and claims.id is not None:
                record = _parse_id(claims.id)
            if record is None and plan.authenticate is None:
                raise _error("invalid_auth", GENERIC,
                             f"record access {plan.name!r}: neither the token nor CLAIMS gave a "
                             "record id", "claim_missing")
            auth = record
        if plan.authenticate is not None:
            auth = run_authenticate(plan, self._environment, claims.token, auth, now)
            if plan.kind == "RECORD":
                record = auth if isinstance(auth, RecordId) else None
        if plan.kind == "RECORD":
            roles: tuple[str, ...] = ()
        else:
            roles = self._roles(claims)
        exp = None if plan.session_nanoseconds is None else _session_expiry(plan, now)
        return Session(plan.ns, plan.db, plan.name, record, exp, roles,
                       MappingProxyType(claims.token), plan.level, plan, auth)

    def _roles(self, claims: Claims) -> tuple[str, ...]:
        if claims.roles is None:
            return (DEFAULT_ROLE,)
        roles = []
        for role in claims.roles:
            canonical = system_role(role)
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


def _names_audience(audiences: tuple[str, ...], aud: str | list[str] | None) -> bool:
    """Whether the token's ``aud`` (one string or a list) names one of ``audiences``."""
    if isinstance(aud, str):
        return aud in audiences
    return any(item in audiences for item in aud or ())


def _surrealdb_times(claims: Claims, now: float, leeway: float) -> AuthenticationError | None:
    """SurrealDB's time pre-checks (integer seconds, ``nbf`` first), widened by LEEWAY."""
    second = math.floor(now)
    if claims.nbf is not None and claims.nbf > second + leeway:
        return _error("invalid_auth", GENERIC, "the token is not valid yet (nbf)", "not_yet_valid")
    if claims.exp is not None and claims.exp < second - leeway:
        return _error("token_expired", EXPIRED, "the token's exp is in the past", "expired")
    return None


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
