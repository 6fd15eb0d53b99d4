"""Turn a parsed schema into an `Authenticator`: one immutable `AccessPlan` per access method.

The statements run in order, as SurrealDB would run the file: ``USE`` moves the context,
``DEFINE ACCESS`` (with ``OVERWRITE`` / ``IF NOT EXISTS``) adds or replaces a method,
``ALTER ACCESS`` changes its durations and ``AUTHENTICATE``, ``REMOVE ACCESS`` drops it.
Every problem is collected and raised together as one `CompileError`; nothing is skipped.
"""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from . import ast
from .access import (
    DEFAULT_GRANT_NS,
    DEFAULT_TOKEN_NS,
    RANDOM_KEY,
    access_type,
    issuer_plan,
    issues_grants,
    issues_tokens,
    stored_duration,
)
from .catalog_messages import does_not_exist
from .checks import RECORD_TOKEN_MESSAGE, check
from .claimmap import ClaimMapProblem, compile_claims
from .errors import CompileError, CompileProblem
from .grants import GrantStore
from .issuing import issuing_fields
from .jwks import Fetch, JwksOptions, JwksSource, StdlibFetch, check_url
from .keys import KeyProblem, Policy, load_verify_key
from .plan import AccessPlan, IssuerInfo, KeyVerification, Level, UrlVerification
from .runtime import Authenticator
from .signin import collect_users
from .source import Span
from .static import NONE, NOT_STATIC, evaluate, is_random
from .surql import Datastore, Environment, EvaluationError

Clock = Callable[[], float]

_KEY_ALPHABET = string.ascii_letters + string.digits


def generated_key() -> str:
    """A key like the 128-character random one SurrealDB stores when none is written."""
    return "".join(secrets.choice(_KEY_ALPHABET) for _ in range(128))


def compile(
    script: ast.Script,
    *,
    ns: str | None = None,
    db: str | None = None,
    policy: Literal["strict", "surrealdb"] = "strict",
    clock: Clock | None = None,
    http: Fetch | None = None,
    jwks: JwksOptions | None = None,
    datastore: Datastore | None = None,
    grants: GrantStore | None = None,
) -> Authenticator:
    """Compile every access method of ``script`` for ``policy``.

    ``ns``/``db`` are the context of the first statements (``USE`` inside the script moves
    it). ``clock`` returns Unix seconds; it defaults to `time.time`. ``http`` is the
    transport for JWKS URLs (default: `surrealaccess.jwks.StdlibFetch`) and ``jwks`` tunes
    their caching (`JwksOptions`); JWKS URLs are checked here and fetched lazily (or by
    `Authenticator.prefetch`). ``datastore`` runs the statements of ``AUTHENTICATE`` clauses
    that need a database (``SELECT``, ``CREATE``, …); without one they fail closed. The
    script's ``DEFINE FUNCTION`` and ``DEFINE PARAM`` are available to those clauses (and to
    SIGNUP/SIGNIN). ``grants`` keeps refresh and bearer grants (default: a
    `surrealaccess.grants.MemoryGrantStore` of this process). Raises
    `CompileError`
    listing every definition that SurrealDB would refuse or that cannot be enforced.
    """
    if policy not in ("strict", "surrealdb"):
        raise ValueError(f"policy must be 'strict' or 'surrealdb', not {policy!r}")
    options = jwks or JwksOptions()
    compiler = _Compiler(script, ns, db, policy, options)
    for problem in check(script, ns=ns, db=db):
        if problem.severity == "error":
            compiler.fail(problem.message, problem.span)
    for statement in script.statements:
        compiler.statement(statement)
    users = collect_users(script, ns=ns, db=db, fail=compiler.fail)
    environment = Environment(datastore=datastore)
    if any(plan.authenticate is not None or plan.signin is not None or plan.signup is not None
           for plan in compiler.plans.values()):
        try:
            environment = environment.with_script(script)
        except EvaluationError as error:
            compiler.fail(f"a DEFINE PARAM value cannot be computed: {error}", script_span(script))
    if compiler.problems:
        raise CompileError(sorted(compiler.problems, key=lambda p: (p.line, p.column)))
    urls = {
        plan.verification.url
        for plan in compiler.plans.values()
        if isinstance(plan.verification, UrlVerification)
    }
    sources: dict[str, JwksSource] = {}
    if urls:  # the default transport builds an SSL context (~25 ms): only when needed
        fetch = http or StdlibFetch(options)
        sources = {
            url: JwksSource(url, fetch=fetch, options=options, policy=policy)
            for url in sorted(urls)
        }
    return Authenticator(
        tuple(compiler.plans.values()),
        environment=environment,
        jwks=sources,
        namespaces=frozenset(compiler.namespaces),
        databases=frozenset(compiler.databases),
        policy=policy,
        clock=clock or time.time,
        grants=grants,
        users=users,
    )


_PlanKey = tuple[Level, str | None, str | None, str]


class _Compiler:
    def __init__(
        self, script: ast.Script, ns: str | None, db: str | None, policy: Policy,
        options: JwksOptions,
    ) -> None:
        self.script = script
        self.policy = policy
        self.options = options
        self.ns = ns
        self.db = db
        self.plans: dict[_PlanKey, AccessPlan] = {}
        self.problems: list[CompileProblem] = []
        self._reported: set[tuple[str, int, int]] = set()
        self.namespaces: set[str] = set()
        self.databases: set[tuple[str, str]] = set()
        self.verify_text: str | None = None  # the KEY text of the plan being built
        self._note_context()

    def fail(self, message: str, span: Span) -> None:
        # compile() runs check() and then its own pass over the same statements, and both may
        # refuse the same clause (a bad CLAIMS path): each message at each place once.
        where = (message, span.line, span.column)
        if where in self._reported:
            return
        self._reported.add(where)
        self.problems.append(
            CompileProblem(message, line=span.line, column=span.column, path=self.script.path)
        )

    def _note_context(self) -> None:
        # A context the caller names, or the script moves to, exists (as in the engine,
        # where the connection's USE and the definitions made in it create it).
        if self.ns is not None:
            self.namespaces.add(self.ns)
            if self.db is not None:
                self.databases.add((self.ns, self.db))

    def statement(self, node: object) -> None:
        if isinstance(node, ast.Use):
            if node.namespace is not None:
                self.ns = _name(node.namespace)
            if node.database is not None:
                self.db = _name(node.database)
            self._note_context()
        elif isinstance(node, ast.DefineAccess):
            self.define(node)
        elif isinstance(node, ast.AlterAccess):
            self.alter(node)
        elif isinstance(node, ast.RemoveAccess):
            self.remove(node)

    def key(self, level: Level, name: str) -> _PlanKey | None:
        if level != "ROOT" and self.ns is None:
            return None
        if level == "DATABASE" and self.db is None:
            return None
        return (
            level,
            self.ns if level != "ROOT" else None,
            self.db if level == "DATABASE" else None,
            name,
        )

    def located(self, level: Level, name: str, span: Span) -> _PlanKey | None:
        where = self.key(level, name)
        if where is None:
            needed = "a namespace" if level == "NAMESPACE" else "a namespace and a database"
            self.fail(
                f"ON {level} needs {needed}: pass ns=/db= to compile() or write USE before it",
                span,
            )
        return where

    # ---- DEFINE / ALTER / REMOVE -------------------------------------------------------------

    def named(self, node: ast.DefineAccess | ast.RemoveAccess) -> _PlanKey | None:
        """Where the method a DEFINE or REMOVE names lives (None: reported as a problem)."""
        name = _name(node.name)
        if name is None:
            self.fail("the access method name must be a constant", node.name.span)
            return None
        return self.located(node.base, name, node.span)

    def define(self, node: ast.DefineAccess) -> None:
        where = self.named(node)
        if where is None:
            return
        if where in self.plans and node.mode == "IF NOT EXISTS":
            return
        plan = self.plan(node, where[3])
        if plan is None:
            return
        self.plans[where] = plan
        if plan.ns is not None:
            self.namespaces.add(plan.ns)
        if plan.ns is not None and plan.db is not None:
            self.databases.add((plan.ns, plan.db))

    def alter(self, node: ast.AlterAccess) -> None:
        where = self.located(node.base, node.name, node.span)
        if where is None:
            return
        plan = self.plans.get(where)
        if plan is None:
            if not node.if_exists:
                self.fail(does_not_exist("access method", *where), node.span)
            return
        changes: dict[str, object] = {}
        if node.drop_authenticate:
            changes["authenticate"] = None
        elif node.authenticate is not None:
            changes["authenticate"] = node.authenticate
        token = node.durations.token
        if plan.kind == "RECORD" and token is not None and evaluate(token) is NONE:
            self.fail(RECORD_TOKEN_MESSAGE, token.span)
            return
        for kind in ("grant", "token", "session"):
            expr = getattr(node.durations, kind)
            if expr is not None:
                changes[f"{kind}_nanoseconds"] = self.duration(expr, None)
        self.plans[where] = replace(plan, **changes)  # type: ignore[arg-type]

    def remove(self, node: ast.RemoveAccess) -> None:
        where = self.named(node)
        if where is None:
            return
        if self.plans.pop(where, None) is None and not node.if_exists:
            self.fail(does_not_exist("access method", *where), node.span)

    # ---- one plan ----------------------------------------------------------------------------

    def plan(self, node: ast.DefineAccess, name: str) -> AccessPlan | None:
        kind = access_type(node)
        self.verify_text = None
        verification = self.verification(kind)
        if verification is None:
            return None
        issuer = issuer_plan(kind.jwt)
        issuer_info = None
        if issuer is not None:
            if issuer.key is RANDOM_KEY:
                source: Literal["verify-key", "written", "generated"] = "generated"
            elif issuer.written and kind.jwt is not None and kind.jwt.issuer is not None \
                    and kind.jwt.issuer.key is not None:
                source = "written"
            else:
                source = "verify-key"
            issuer_info = IssuerInfo(issuer.algorithm, source)
        durations = node.durations
        if isinstance(kind, ast.JwtAccess):
            type_name: Literal["JWT", "RECORD", "BEARER"] = "JWT"
        elif isinstance(kind, ast.RecordAccess):
            type_name = "RECORD"
        else:
            type_name = "BEARER"
        return AccessPlan(
            name=name,
            level=node.base,
            ns=self.ns if node.base != "ROOT" else None,
            db=self.db if node.base == "DATABASE" else None,
            kind=type_name,
            subject=kind.subject if isinstance(kind, ast.BearerAccess) else None,
            verification=verification,
            policy=self.policy,
            issuer=issuer_info,
            session_nanoseconds=self.duration(durations.session, None),
            token_nanoseconds=(
                self.duration(durations.token, DEFAULT_TOKEN_NS) if issues_tokens(kind) else None
            ),
            grant_nanoseconds=(
                self.duration(durations.grant, DEFAULT_GRANT_NS) if issues_grants(kind) else None
            ),
            authenticate=node.authenticate,
            **self.extension_fields(node.extensions, type_name),
            **issuing_fields(kind, issuer, self.verify_text),
            span=node.span,
            path=self.script.path,
        )

    def extension_fields(self, ext: ast.Extensions, kind: str) -> dict[str, Any]:
        """ISSUER / AUDIENCE / LEEWAY / CLAIMS as plan fields.

        Their definition errors (BEARER, LEEWAY over 5m, bad CLAIMS) come from `check`,
        which `compile` runs first, so a bad clause is reported once and nothing compiles.
        """
        fields: dict[str, Any] = {}
        if ext.issuers is not None:
            fields["issuers"] = tuple(literal.value for literal in ext.issuers)
        if ext.audiences is not None:
            fields["audiences"] = tuple(literal.value for literal in ext.audiences)
        if ext.leeway is not None:
            fields["leeway_seconds"] = ext.leeway.nanoseconds / 1_000_000_000
        if ext.claims is not None and kind != "BEARER":
            # check() reports a bad CLAIMS clause too; `fail` keeps one of the two reports.
            # Reporting it here as well means a clause check() let through can never
            # compile into a plan that silently maps no claims.
            try:
                fields["claims"] = compile_claims(ext.claims, kind=kind)
            except ClaimMapProblem as problem:
                self.fail(str(problem), problem.span)
        return fields

    def verification(
        self, kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess
    ) -> KeyVerification | UrlVerification | None:
        jwt = kind.jwt
        if jwt is None:
            self.verify_text = generated_key()
            key = load_verify_key("HS512", self.verify_text, self.policy)
            return KeyVerification("HS512", key, generated=True)
        verifier = jwt.verifier
        if isinstance(verifier, ast.UrlVerifier):
            url = evaluate(verifier.url)
            if not isinstance(url, str):
                self.fail("the JWKS URL must be a constant string", verifier.url.span)
                return None
            problem = check_url(url, self.options)
            if problem is not None:
                self.fail(f"{problem} [definition_invalid]", verifier.url.span)
                return None
            return UrlVerification(url)
        text = evaluate(verifier.key)
        generated = False
        if text is NOT_STATIC and is_random(verifier.key):
            # `KEY rand::string(…)`: nobody, including us, can know the value SurrealDB stored.
            text, generated = generated_key(), True
        if not isinstance(text, str):
            self.fail(
                "KEY must be a constant string to be compiled (it depends on the database)",
                verifier.key.span,
            )
            return None
        self.verify_text = text
        try:
            key = load_verify_key(verifier.algorithm, text, self.policy)
        except KeyProblem as problem:
            self.fail(f"{problem} [{problem.reason}]", verifier.key.span)
            return None
        # The key knows the JOSE spelling (`EdDSA`); the schema may write `EDDSA`.
        return KeyVerification(key.algorithm, key, generated=generated)

    def duration(self, expr: ast.Expr | None, default: int | None) -> int | None:
        value = stored_duration(expr, default)
        if isinstance(value, ast.Expr):
            self.fail("the duration must be a constant duration or NONE", value.span)
            return default
        return value


def script_span(script: ast.Script) -> Span:
    """Where to point a problem that belongs to the whole script: its first statement."""
    return script.statements[0].span if script.statements else Span(1, 1, 1, 1, 0, 0)


def _name(expr: ast.Expr) -> str | None:
    if isinstance(expr, ast.Field):
        return expr.name
    value = evaluate(expr)
    return value if isinstance(value, str) else None
