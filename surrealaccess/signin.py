"""Sign-up, sign-in, refresh and revocation with SurrealDB 3.x semantics (reference §4).

`Authenticator.signup`, `Authenticator.signin`, `Authenticator.refresh`,
`Authenticator.revoke` and `Authenticator.execute` delegate here. What each does:

* **signup** ``{ns, db, ac, …}``: all three routing parameters (``NS``/``ns``… the upper-case
  spelling wins) or ``There was a problem with signing up``; the database must exist, the
  method must exist at DATABASE level, be RECORD, have an issuer and a SIGNUP clause. The
  clause is evaluated with every parameter bound as a variable (``$email``, ``$pass``, also
  ``$ns``…), through the evaluator and the compile-time datastore; its value must convert to
  a record id (a record, a string that parses, an object with ``id``, an array's first
  element) or ``No record was returned``. AUTHENTICATE then runs and may replace the record;
  ``WITH REFRESH`` creates a refresh grant; the token is signed with the issuer key.
* **signin**: dispatch on which of ns/db/ac are present (§4.1): ns+db+ac → DATABASE method
  (RECORD: SIGNIN clause, or the refresh key when ``WITH REFRESH`` and ``refresh`` is given;
  BEARER: the ``key``); ns+ac → NAMESPACE bearer; ac alone → ROOT bearer. System users
  (``user``/``pass``) are not compiled by this library and are refused.
* **refresh** ``(access, refresh)``: the access token's claims become the sign-in variables
  plus ``refresh`` (SurrealDB decodes them without checking the signature; the ``strict``
  policy checks the signature, not the expiry).
* **revoke**: revokes the refresh grant named by the key.
* **execute**: ``ACCESS … GRANT / SHOW / REVOKE / PURGE`` against the grant store.

Every refusal is an `AuthenticationError` whose ``public_message`` is the engine's text
(reference §3.9) and whose ``kind`` is stable for programs (``invalid_signup``,
``missing_credentials``, ``no_signin_target``, ``invalid_params``, ``not_found``,
``access_mismatch``, ``signup_not_allowed``, ``signin_not_allowed``, ``query_failed``,
``no_record``, ``thrown``, ``missing_key``, ``invalid_grant``, ``invalid_auth``,
``unexpected_auth``, ``invalid_key``, ``invalid_duration``, ``invalid_role``,
``unsupported``, ``datastore_required``). Keys, secrets and passwords never appear in a
message or detail.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

from . import ast
from .access import altered_roles, user_roles
from .authenticate import record_of, run_authenticate
from .catalog_messages import does_not_exist
from .claims import KNOWN_CLAIMS, read_claims
from .errors import AuthenticationError
from .grants import (
    Grant,
    GrantExists,
    GrantKind,
    Scope,
    digest,
    grant_id_of,
    keys_match,
    new_key,
)
from .issuing import encode_token, expiration, issue_claims
from .jws import GENERIC, decode_surrealdb
from .plan import AccessPlan, KeyVerification, Level
from .recordid import RecordId
from .roles import system_role
from .session import Session
from .source import Span
from .surql import (
    NONE,
    DatastoreRequired,
    Datetime,
    Environment,
    EvaluationError,
    Null,
    Object,
    Thrown,
    Unsupported,
    Value,
    evaluate,
    render,
)
from .surql.values import Duration, Table

if TYPE_CHECKING:
    from .runtime import Authenticator

__all__ = ["Tokens", "UserInfo", "collect_users"]

MISMATCH: Final = "The access method cannot be used in the requested operation"
UNEXPECTED: Final = "There was an unexpected error while performing authentication"
#: Attempts at a fresh grant id before giving up (a collision is ~1 in 2^68).
_GRANT_ATTEMPTS: Final = 5


@dataclass(frozen=True, slots=True)
class Tokens:
    """What a successful sign-up, sign-in or refresh returns.

    ``access`` is the signed JWT, ``refresh`` the refresh key (``WITH REFRESH`` methods) or
    None, and ``session`` the session SurrealDB sets up for the connection that signed in.
    The ``repr`` never shows the token or the key.
    """

    access: str
    refresh: str | None
    session: Session

    def __repr__(self) -> str:
        refresh = "None" if self.refresh is None else "'…'"
        return f"Tokens(access='…', refresh={refresh}, session={self.session!r})"


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A ``DEFINE USER`` as bearer access needs it: where it lives and its roles as stored.

    ``roles`` is what SurrealDB stores, spelled as written and default included:
    ``("editor", "OWNER")`` for ``ROLES editor, OWNER``, ``("Viewer",)`` for a user defined
    without ROLES, and the roles of a later ``ALTER USER … ROLES`` instead (any name: ALTER
    does not check them). Bearer sign-in as the user puts them, so spelled, in the token's
    ``RL`` claim; the session holds them by their canonical names (``Editor``, ``Owner``),
    and a name that is no role fails the sign-in (``invalid_role``).
    """

    name: str
    level: Level
    ns: str | None
    db: str | None
    roles: tuple[str, ...]


def collect_users(
    script: ast.Script, *, ns: str | None = None, db: str | None = None,
    fail: Callable[[str, Span], None] | None = None,
) -> dict[tuple[Level, str | None, str | None, str], UserInfo]:
    """The system users a script defines, following ``USE`` as the compiler does.

    DEFINE USER, ALTER USER and REMOVE USER apply in statement order, as SurrealDB runs
    them: ``ALTER USER … ROLES`` replaces the roles (as written, any name), its other clauses
    change nothing bearer access uses (a user's DURATION does not bound a bearer token or
    session, the access method's does). ``DEFINE USER OVERWRITE`` replaces an existing user,
    ``DEFINE USER IF NOT EXISTS`` keeps it. User names are case-sensitive, each level
    (and each namespace / database) has its own users, and a user may share its name with an
    access method. SurrealDB refuses, and leaves the users as they were, a plain
    ``DEFINE USER`` of a user that exists (`surrealaccess.check` reports that one: it is
    wrong in any file) and ``ALTER USER`` / ``REMOVE USER`` (without IF EXISTS) of one that
    does not (passed to ``fail``, with the engine's message and the statement's span, when
    given: only a script that is the whole schema can tell).
    """
    from .static import evaluate as static_evaluate

    def name_of(expr: ast.Expr) -> str | None:
        if isinstance(expr, ast.Field):
            return expr.name
        value = static_evaluate(expr)
        return value if isinstance(value, str) else None

    users: dict[tuple[Level, str | None, str | None, str], UserInfo] = {}
    for statement in script.statements:
        if isinstance(statement, ast.Use):
            if statement.namespace is not None:
                ns = name_of(statement.namespace)
            if statement.database is not None:
                db = name_of(statement.database)
            continue
        if isinstance(statement, ast.Alter):
            if statement.what != "USER" or statement.name is None or statement.base is None:
                continue
            name, level = name_of(statement.name), statement.base
        elif isinstance(statement, (ast.DefineUser, ast.RemoveUser)):
            name, level = name_of(statement.name), statement.base
        else:
            continue
        if name is None or (level != "ROOT" and ns is None) or (level == "DATABASE" and db is None):
            continue
        where = (level, ns if level != "ROOT" else None, db if level == "DATABASE" else None, name)
        if isinstance(statement, ast.DefineUser):
            if where in users and statement.mode != "OVERWRITE":
                continue  # IF NOT EXISTS keeps it; a plain DEFINE is refused (`check` says so)
            users[where] = UserInfo(name, level, where[1], where[2],
                                    user_roles(statement, stored=True))
            continue
        user = users.get(where)
        if user is None:
            if not statement.if_exists and fail is not None:
                fail(missing_user(level, where[1], where[2], name), statement.span)
            continue
        if isinstance(statement, ast.RemoveUser):
            del users[where]
            continue
        roles = altered_roles(statement)
        if roles is not None:
            users[where] = replace(user, roles=roles)
    return users


def missing_user(level: Level, ns: str | None, db: str | None, name: str) -> str:
    """SurrealDB's message for a system user that does not exist (ALTER/REMOVE USER, GRANT)."""
    return does_not_exist("user", level, ns, db, name)


def _error(kind: str, public: str, detail: str, reason: str = "") -> AuthenticationError:
    return AuthenticationError(kind, public, detail, reason=reason or kind)


def _invalid(detail: str, reason: str = "invalid_auth") -> AuthenticationError:
    return _error("invalid_auth", GENERIC, detail, reason)


# ---- parameters --------------------------------------------------------------------------------


def to_value(value: object) -> Value:
    """A sign-in parameter as a SurrealQL value (Python None is NONE, lists are arrays)."""
    if value is None or isinstance(
        value, (bool, int, float, str, decimal.Decimal, bytes, RecordId, Datetime, Duration,
                Table, Null, Object)
    ):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(to_value(item) for item in value)
    if isinstance(value, Mapping):
        return Object({str(key): to_value(item) for key, item in value.items()})
    import uuid

    if isinstance(value, uuid.UUID):
        return value
    raise TypeError(f"a sign-in parameter cannot be a {type(value).__name__}")


def _kind_name(value: Value) -> str:
    """The kind SurrealDB names in ``Expected string, got …``."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "number"
    if isinstance(value, tuple):
        return "array<any>"
    if value is None:
        return "none"
    from .surql.values import kind_of

    return kind_of(value)


def _routing(variables: Mapping[str, Value], upper: str, lower: str) -> Value:
    value = variables.get(upper)
    return value if value is not None else variables.get(lower)


def _string(value: Value, name: str) -> str:
    if isinstance(value, str):
        return value
    raise _error("invalid_params", f"Expected string, got {_kind_name(value)}",
                 f"the sign-in parameter {name} is not a string", "invalid_params")


# ---- the flows ---------------------------------------------------------------------------------


class Flows:
    """Sign-up, sign-in, refresh, revoke and ACCESS statements for one `Authenticator`."""

    def __init__(self, authenticator: Authenticator) -> None:
        self.auth = authenticator

    # -- lookups --

    def _database(self, ns: str, db: str) -> None:
        if ns not in self.auth._namespaces:
            raise _error("not_found", f"The namespace '{ns}' does not exist",
                         f"no namespace {ns!r} in the schema")
        if (ns, db) not in self.auth._databases:
            raise _error("not_found", f"The database '{db}' does not exist",
                         f"no database {ns}/{db} in the schema")

    def _method(self, level: Level, ns: str | None, db: str | None, ac: str) -> AccessPlan:
        plan = self.auth.plan(ac, level=level, ns=ns, db=db)
        if plan is None:
            raise _error("not_found", "The access method does not exist",
                         f"no {level} access method {ac!r}" + (f" in {ns}/{db}" if ns else ""))
        return plan

    # -- signup --

    def signup(self, raw: Mapping[str, object], now: float) -> Tokens:
        variables = {str(k): to_value(v) for k, v in raw.items()}
        ns_v, db_v, ac_v = (_routing(variables, "NS", "ns"), _routing(variables, "DB", "db"),
                            _routing(variables, "AC", "ac"))
        if ns_v is None or db_v is None or ac_v is None:
            raise _error("invalid_signup", "There was a problem with signing up",
                         "signup needs ns, db and ac")
        ns, db, ac = _string(ns_v, "ns"), _string(db_v, "db"), _string(ac_v, "ac")
        if (ns, db) not in self.auth._databases:
            raise _error("not_found", f"The database '{db}' does not exist",
                         f"no database {ns}/{db} in the schema")
        plan = self._method("DATABASE", ns, db, ac)
        if plan.kind != "RECORD" or plan.signer is None:
            raise _error("access_mismatch", MISMATCH,
                         f"{ac!r} is TYPE {plan.kind}" + (" without an issuer key"
                                                         if plan.kind == "RECORD" else ""))
        if plan.signup is None:
            raise _error("signup_not_allowed", "This record access method does not allow signup",
                         f"{ac!r} has no SIGNUP clause")
        record = self._clause(plan, plan.signup, variables, ns, db, now, "signup")
        return self._record_tokens(plan, record, ns, db, now)

    # -- signin --

    def signin(self, raw: Mapping[str, object], now: float) -> Tokens:
        variables = {str(k): to_value(v) for k, v in raw.items()}
        ns_v, db_v, ac_v = (_routing(variables, "NS", "ns"), _routing(variables, "DB", "db"),
                            _routing(variables, "AC", "ac"))
        if ns_v is not None and db_v is not None and ac_v is not None:
            ns, db, ac = _string(ns_v, "ns"), _string(db_v, "db"), _string(ac_v, "ac")
            return self._db_access(ns, db, ac, variables, now)
        if ns_v is not None and ac_v is not None and db_v is None:
            ns, ac = _string(ns_v, "ns"), _string(ac_v, "ac")
            if ns not in self.auth._namespaces:
                raise _error("not_found", f"The namespace '{ns}' does not exist",
                             f"no namespace {ns!r} in the schema")
            return self._bearer_access(self._method("NAMESPACE", ns, None, ac), variables, now)
        if ns_v is None and db_v is None and ac_v is not None:
            ac = _string(ac_v, "ac")
            return self._bearer_access(self._method("ROOT", None, None, ac), variables, now)
        if db_v is None or ns_v is not None:
            if variables.get("user") is None or variables.get("pass") is None:
                raise _error("missing_credentials", "Username or Password was not provided",
                             "a system-user signin needs user and pass")
            raise _error("unsupported", GENERIC,
                         "system users (DEFINE USER) sign in with secrets only SurrealDB holds; "
                         "surrealaccess signs in record and bearer access only", "system_user")
        raise _error("no_signin_target", "No signin target to either SC or DB or NS or KV",
                     "a database was named without a namespace")

    def _db_access(
        self, ns: str, db: str, ac: str, variables: dict[str, Value], now: float
    ) -> Tokens:
        self._database(ns, db)
        plan = self._method("DATABASE", ns, db, ac)
        if plan.kind == "RECORD":
            if plan.signer is None:
                raise _error("access_mismatch", MISMATCH,
                             f"record access {ac!r} has no issuer key, so it cannot sign in")
            if plan.refresh and "refresh" in variables and variables["refresh"] is not None:
                key = variables["refresh"]
                if not isinstance(key, str):
                    raise _invalid("the refresh key is not a string")
                return self._bearer(plan, key, now)
            if plan.signin is None:
                raise _error("signin_not_allowed",
                             "This record access method does not allow signin",
                             f"{ac!r} has no SIGNIN clause")
            record = self._clause(plan, plan.signin, variables, ns, db, now, "signin")
            return self._record_tokens(plan, record, ns, db, now)
        if plan.kind == "BEARER":
            return self._bearer_access(plan, variables, now)
        raise _error("access_mismatch", MISMATCH, f"{ac!r} is TYPE JWT: authenticate its tokens")

    def _bearer_access(self, plan: AccessPlan, variables: dict[str, Value], now: float) -> Tokens:
        if plan.kind != "BEARER":
            raise _error("access_mismatch", MISMATCH,
                         f"{plan.name!r} is TYPE {plan.kind}; only bearer access signs in here")
        key = variables.get("key")
        if key is None or (plan.level == "ROOT" and not isinstance(key, str)):
            raise _error("missing_key", "This bearer access method requires a key to be provided",
                         f"no key given for bearer access {plan.name!r}")
        if not isinstance(key, str):
            raise _invalid("the bearer key is not a string")
        return self._bearer(plan, key, now)

    # -- SIGNUP / SIGNIN clauses --

    def _clause(
        self, plan: AccessPlan, clause: ast.Expr, variables: dict[str, Value], ns: str, db: str,
        now: float, what: Literal["signup", "signin"],
    ) -> RecordId:
        base = self.auth._environment
        session = Object({
            "ac": NONE, "db": db, "exp": NONE, "id": NONE, "ip": NONE, "ns": ns, "or": NONE,
            "rd": NONE, "tk": NONE,
        })
        bound: dict[str, Value] = dict(variables)
        bound.update({"auth": NONE, "token": NONE, "access": NONE, "session": session})
        env = Environment(
            variables=bound, params=base.params, functions=base.functions,
            datastore=base.datastore, now=Datetime.from_epoch_ns(int(now * 1_000_000_000)),
            clause=True,  # SIGNUP/SIGNIN run through the engine's evaluator, like AUTHENTICATE
        )
        upper = what.upper()
        try:
            result = evaluate(clause, env)
        except Thrown as thrown:
            raise _error("thrown", str(thrown),
                         f"{upper} of {plan.name!r} threw {render(thrown.value)}") from None
        except DatastoreRequired as error:
            raise _error("datastore_required", f"The record access {what} query failed",
                         f"{upper} of {plan.name!r} needs a database for {error}; pass "
                         "compile(..., datastore=...)") from None
        except Unsupported as error:
            raise _error("unsupported", f"The record access {what} query failed",
                         f"{upper} of {plan.name!r} uses something this version cannot "
                         f"evaluate: {error}") from None
        except EvaluationError as error:
            raise _error("query_failed", f"The record access {what} query failed",
                         f"{upper} of {plan.name!r} failed: {error}") from None
        except Exception as error:  # a datastore adapter's own error: fail closed, typed
            raise _error("query_failed", f"The record access {what} query failed",
                         f"{upper} of {plan.name!r} failed in the datastore: "
                         f"{type(error).__name__}") from None
        record = record_of(result)
        if record is None:
            raise _error("no_record", "No record was returned",
                         f"{upper} of {plan.name!r} returned {_shape(result)}, not a record")
        return record

    # -- issuing --

    def _record_tokens(
        self, plan: AccessPlan, record: RecordId, ns: str, db: str, now: float
    ) -> Tokens:
        claims = issue_claims(now, plan.token_nanoseconds, ns=ns, db=db, ac=plan.name,
                              id=str(record))
        if plan.authenticate is not None:
            final = run_authenticate(plan, self.auth._environment, claims, record, now)
            assert isinstance(final, RecordId)
            record = final
        refresh = None
        if plan.refresh:
            refresh = self._create(plan, ("record", str(record)), "refresh", now)
        return self._finish(plan, claims, record, (), refresh, now)

    def _finish(
        self, plan: AccessPlan, claims: dict[str, Any], record: RecordId | None,
        roles: tuple[str, ...], refresh: str | None, now: float,
    ) -> Tokens:
        assert plan.signer is not None
        access = encode_token(plan.signer, claims)
        exp = expiration(now, plan.session_nanoseconds)
        session = Session(plan.ns, plan.db, plan.name, record, exp, roles,
                          MappingProxyType(dict(claims)), plan.level, plan)
        return Tokens(access, refresh, session)

    # -- grants --

    def _create(
        self, plan: AccessPlan, subject: tuple[Literal["record", "user"], str], kind: GrantKind,
        now: float,
    ) -> str:
        now_ns = int(now * 1_000_000_000)
        expires = (None if plan.grant_nanoseconds is None
                   else now_ns + plan.grant_nanoseconds)
        scope = Scope(plan.level, plan.ns, plan.db)
        for _ in range(_GRANT_ATTEMPTS):
            grant_id, key = new_key(kind)
            grant = Grant(grant_id, plan.name, scope, kind, subject, digest(key), now_ns,
                          expires, None)
            try:
                self.auth.grants.create(grant)
            except GrantExists:
                continue
            except Exception as error:
                raise _error("unexpected_auth", UNEXPECTED,
                             f"the grant store failed to create a grant: "
                             f"{type(error).__name__}") from None
            return key
        raise _error("unexpected_auth", UNEXPECTED, "no free grant id after several attempts")

    def _lookup(self, plan: AccessPlan, grant_id: str) -> Grant | None:
        try:
            return self.auth.grants.get(Scope(plan.level, plan.ns, plan.db), plan.name, grant_id)
        except Exception as error:
            raise _error("unexpected_auth", UNEXPECTED,
                         f"the grant store failed: {type(error).__name__}") from None

    def _bearer(self, plan: AccessPlan, key: str, now: float) -> Tokens:
        """``signin_bearer``: a bearer key, or a record method's refresh key."""
        if plan.signer is None:
            raise _error("access_mismatch", MISMATCH, f"{plan.name!r} has no issuer key")
        grant_id = grant_id_of(key)
        grant = self._lookup(plan, grant_id)
        now_ns = int(now * 1_000_000_000)
        if grant is None:
            raise _invalid(f"no grant {grant_id!r} for {plan.name!r}", "grant_unknown")
        if grant.revocation is not None:
            raise _invalid(f"grant {grant_id!r} of {plan.name!r} is revoked", "grant_revoked")
        if grant.expiration is not None and grant.expiration < now_ns:
            raise _invalid(f"grant {grant_id!r} of {plan.name!r} is expired", "grant_expired")
        if not keys_match(grant, key):
            raise _invalid(f"the key does not match grant {grant_id!r} of {plan.name!r}",
                           "grant_mismatch")
        roles: tuple[str, ...] | None = None
        record: RecordId | None = None
        if grant.subject[0] == "user":
            user = self.auth._users.get((plan.level, plan.ns, plan.db, grant.subject[1]))
            if user is None:
                raise _invalid(f"the user of grant {grant_id!r} no longer exists",
                               "grant_subject")
            roles = user.roles
        else:
            record = grant.record
            if record is None or plan.ns is None or plan.db is None:
                raise _invalid(f"grant {grant_id!r} has a record subject outside a database",
                               "grant_subject")
        claims = issue_claims(now, plan.token_nanoseconds, ns=plan.ns, db=plan.db,
                              ac=plan.name, id=grant.subject[1], roles=roles)
        if plan.authenticate is not None:
            run_authenticate(plan, self.auth._environment, claims, None, now, generic=True)
        refresh = None
        if plan.kind == "RECORD":
            if record is None:
                raise _invalid("a refresh key for a system user", "grant_subject")
            outcome = self._revoke(plan, grant_id, now_ns)
            if outcome != "revoked":
                raise _error("unexpected_auth", UNEXPECTED,
                             f"grant {grant_id!r} was used concurrently ({outcome})",
                             "grant_reused")
            refresh = self._create(plan, grant.subject, "refresh", now)
        session_roles = _session_roles(roles) if roles is not None else ()
        return self._finish(plan, claims, record, session_roles, refresh, now)

    def _revoke(self, plan: AccessPlan, grant_id: str, now_ns: int) -> str:
        try:
            outcome, _ = self.auth.grants.revoke(Scope(plan.level, plan.ns, plan.db), plan.name,
                                                 grant_id, now_ns)
        except Exception as error:
            raise _error("unexpected_auth", UNEXPECTED,
                         f"the grant store failed to revoke: {type(error).__name__}") from None
        return outcome

    # -- refresh and revoke --

    def refresh(self, access: str, key: str, now: float) -> Tokens:
        claims = self._access_claims(access)
        variables: dict[str, object] = dict(claims)
        variables["refresh"] = key
        return self.signin(variables, now)

    def _access_claims(self, access: object) -> dict[str, Any]:
        decoded = decode_surrealdb(access, KNOWN_CLAIMS)
        claims = read_claims(decoded.claims, strict=False)
        token = dict(claims.token)
        if self.auth.policy == "strict":
            plan = None
            if claims.ns is not None and claims.db is not None and claims.ac is not None:
                plan = self.auth.plan(claims.ac, level="DATABASE", ns=claims.ns, db=claims.db)
            verification = plan.verification if plan is not None else None
            if (
                not isinstance(verification, KeyVerification)
                or decoded.header.get("alg") != verification.algorithm
                or decoded.signature is None
                or not verification.key.verify(decoded.signing_input, decoded.signature)
            ):
                raise _invalid("the access token given to refresh is not signed by the key of "
                               "the access method it names", "signature_invalid")
        return token

    def revoke(self, key: str, access: str | None, now: float) -> None:
        grant_id = grant_id_of(key)
        now_ns = int(now * 1_000_000_000)
        if access is not None:
            claims = self._access_claims(access)
            ns, db, ac = claims.get("NS"), claims.get("DB"), claims.get("AC")
            for value, name in ((ns, "namespace"), (db, "database"), (ac, "access name")):
                if not isinstance(value, str):
                    raise _error("invalid_params", "Incorrect arguments for function refresh(). "
                                 f"Token does not contain a {name}", f"no {name} in the token")
            plan = self.auth.plan(str(ac), level="DATABASE", ns=str(ns), db=str(db))
            candidates = [plan] if plan is not None else []
        else:
            candidates = [p for p in self.auth.plans if p.kind == "RECORD" and p.refresh]
        for plan in candidates:
            grant = self._lookup(plan, grant_id)
            if grant is None:
                continue
            if (self.auth.policy == "strict" or access is None) and not keys_match(grant, key):
                continue
            outcome = self._revoke(plan, grant_id, now_ns)
            if outcome == "revoked":
                return
            raise _error("unexpected_auth", UNEXPECTED, f"grant {grant_id!r} is {outcome}",
                         "grant_revoked")
        raise _error("unexpected_auth", UNEXPECTED, f"no refresh grant {grant_id!r} to revoke",
                     "grant_unknown")

    # -- ACCESS statements --

    def execute(
        self, statement: ast.AccessGrant | ast.AccessShow | ast.AccessPurge,
        ns: str | None, db: str | None, now: float,
    ) -> Value:
        level: Level
        if statement.base is not None:
            level = statement.base
        else:
            level = "DATABASE" if db is not None else "NAMESPACE" if ns is not None else "ROOT"
        if level != "ROOT" and ns is None:
            raise EvaluationError("Specify a namespace to use")
        if level == "DATABASE" and db is None:
            raise EvaluationError("Specify a database to use")
        ns = ns if level != "ROOT" else None
        db = db if level == "DATABASE" else None
        plan = self.auth.plan(statement.access, level=level, ns=ns, db=db)
        where = (f"in the database '{db}'" if level == "DATABASE"
                 else f"in the namespace '{ns}'" if level == "NAMESPACE" else "")
        now_ns = int(now * 1_000_000_000)
        if isinstance(statement, ast.AccessShow) and statement.action == "REVOKE" \
                and statement.grant is not None:
            return (self._revoke_one(statement, plan, level, ns, db, where, now_ns),)
        if plan is None:
            if level == "ROOT":
                raise EvaluationError(f"The root access method '{statement.access}' does not "
                                      "exist")
            raise EvaluationError(f"The access method '{statement.access}' does not exist "
                                  f"{where}")
        if isinstance(statement, ast.AccessGrant):
            return self._grant(statement, plan, level, where, now)
        scope = Scope(level, ns, db)
        if isinstance(statement, ast.AccessShow):
            grants = self.auth.grants.list(scope, plan.name)
            if statement.grant is not None:
                found = [g for g in grants if g.id == statement.grant]
                if not found:
                    raise EvaluationError(f"The access grant '{statement.grant}' does not exist "
                                          f"for '{plan.name}' {where}".rstrip())
                return _grant_object(found[0], None)
            if statement.action == "SHOW":
                return tuple(obj for g in grants
                             if self._matches(obj := _grant_object(g, None), statement.where))
            revoked = []
            for grant in grants:
                if grant.revocation is not None:
                    continue
                if not self._matches(_grant_object(grant, None), statement.where):
                    continue
                outcome, after = self.auth.grants.revoke(scope, plan.name, grant.id, now_ns)
                if outcome == "revoked" and after is not None:
                    revoked.append(_grant_object(after, None))
            return (tuple(revoked),)
        return self._purge(statement, plan, scope, now_ns)

    def _revoke_one(
        self, statement: ast.AccessShow, plan: AccessPlan | None, level: Level, ns: str | None,
        db: str | None, where: str, now_ns: int,
    ) -> Value:
        assert statement.grant is not None
        outcome, after = self.auth.grants.revoke(Scope(level, ns, db), statement.access,
                                                 statement.grant, now_ns)
        if outcome == "missing":
            raise EvaluationError(f"The access grant '{statement.grant}' does not exist for "
                                  f"'{statement.access}' {where}".rstrip())
        if outcome == "already_revoked":
            raise EvaluationError("This access grant has been revoked")
        assert after is not None
        return (_grant_object(after, None),)

    def _matches(self, grant: Value, condition: ast.Expr | None) -> bool:
        if condition is None:
            return True
        from .surql.operators import truthy

        base = self.auth._environment
        env = Environment(params=base.params, functions=base.functions,
                          datastore=base.datastore, document=grant)
        return truthy(evaluate(condition, env))

    def _grant(
        self, statement: ast.AccessGrant, plan: AccessPlan, level: Level, where: str, now: float
    ) -> Value:
        if plan.kind == "JWT":
            raise EvaluationError(f"Unimplemented functionality: Grants for JWT on {level}")
        kind: GrantKind
        if statement.subject == "USER":
            if plan.kind == "RECORD" or plan.subject != "USER":
                raise EvaluationError("This access grant has an invalid subject")
            name = statement.user or ""
            if (level, plan.ns, plan.db, name) not in self.auth._users:
                raise EvaluationError(missing_user(level, plan.ns, plan.db, name))
            subject: tuple[Literal["record", "user"], str] = ("user", name)
        else:
            if level != "DATABASE":
                raise EvaluationError("Specify a database to use")
            if plan.kind == "BEARER" and plan.subject != "RECORD":
                raise EvaluationError("This access grant has an invalid subject")
            if plan.kind == "RECORD" and not plan.refresh:
                raise EvaluationError(MISMATCH)
            assert statement.record is not None
            record = evaluate(statement.record, self.auth._environment)
            if not isinstance(record, RecordId):
                raise EvaluationError("Expected a record id")
            subject = ("record", str(record))
        kind = "refresh" if plan.kind == "RECORD" else "bearer"
        key = self._create(plan, subject, kind, now)
        grant = self._lookup(plan, grant_id_of(key))
        assert grant is not None
        return _grant_object(grant, key)

    def _purge(
        self, statement: ast.AccessPurge, plan: AccessPlan, scope: Scope, now_ns: int
    ) -> Value:
        grace = 0 if statement.grace is None else statement.grace.nanoseconds // 1_000_000_000
        now_s = now_ns // 1_000_000_000

        def due(at: int | None) -> bool:
            # Only whole seconds count, and a grant expired or revoked this very second stays.
            if at is None:
                return False
            at_s = at // 1_000_000_000
            return now_s >= at_s and now_s - at_s > grace

        purged = []
        for grant in self.auth.grants.list(scope, plan.name):
            due_now = ((statement.expired and due(grant.expiration))
                       or (statement.revoked and due(grant.revocation)))
            if due_now and self.auth.grants.delete(scope, plan.name, grant.id):
                purged.append(_grant_object(grant, None))
        return tuple(purged)


def _grant_object(grant: Grant, key: str | None) -> Value:
    """A grant as ``ACCESS … SHOW`` prints it (the key only right after GRANT)."""
    subject: Value
    if grant.subject[0] == "record":
        record = grant.record
        subject = Object({"record": record if record is not None else grant.subject[1]})
    else:
        subject = Object({"user": grant.subject[1]})

    def when(at: int | None) -> Value:
        return None if at is None else Datetime.from_epoch_ns(at)

    return Object({
        "ac": grant.ac, "creation": when(grant.creation), "expiration": when(grant.expiration),
        "grant": Object({"id": grant.id, "key": key if key is not None else "[REDACTED]"}),
        "id": grant.id, "revocation": when(grant.revocation), "subject": subject,
        "type": "bearer",
    })


def _session_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    found = []
    for role in roles:
        canonical = system_role(role)
        if canonical is None:
            raise _error("invalid_role", f"IAM error: Invalid role '{role}'",
                         f"{role!r} is not Viewer, Editor or Owner")
        found.append(canonical)
    return tuple(found)


def _shape(value: Value) -> str:
    """What a clause returned, without its content (it may hold a password hash)."""
    if isinstance(value, tuple):
        return f"an array of {len(value)}"
    from .surql.values import kind_of

    return kind_of(value)


__all__ += ["Flows", "to_value"]
