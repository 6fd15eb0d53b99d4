"""The checks SurrealDB makes when it *executes* a definition (reference §1.4).

These are not parse errors: SurrealDB parses the statement, then refuses it while running it
(an ES512 key, a symmetric issuer key that differs from the verify key, a RECORD token that
never expires, a value of the wrong type, an access method or a user defined twice). `check`
finds them without a database and reports each with SurrealDB's message and the place in the
source to blame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import ast
from .access import HMAC_ALGORITHMS, RANDOM_KEY, access_type, algorithms_used, issuer_plan
from .catalog_messages import Definition, already_exists
from .claimmap import ClaimMapProblem, compile_claims
from .lexical import MINUTE, is_duration_text
from .source import Span
from .static import NONE, NOT_STATIC, Duration, is_random, render
from .static import evaluate as static_value

ES512_MESSAGE = (
    "The ES512 algorithm is not currently supported. Please use ES384 or another supported "
    "algorithm"
)
#: Session variables a script may not set (reference §5).
PROTECTED_VARIABLES = frozenset({"auth", "token", "session", "access"})

#: The longest LEEWAY the extended dialect allows.
MAX_LEEWAY_NS = 5 * MINUTE

RECORD_TOKEN_MESSAGE = (
    "Tokens issued by record access methods can be consumed by third parties and must have an "
    "expiration; DURATION FOR TOKEN cannot be NONE on TYPE RECORD access"
)


@dataclass(frozen=True, slots=True)
class Problem:
    """A definition SurrealDB would refuse (or, for legacy statements, no longer accepts)."""

    message: str
    span: Span
    path: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path or '<string>'}:{self.span.line}:{self.span.column}: {self.message}"


def check(script: ast.Script, *, ns: str | None = None, db: str | None = None) -> list[Problem]:
    """Return the problems SurrealDB would report when running the script's definitions.

    ``ns`` and ``db`` name the namespace and database the script starts in (``USE``
    statements inside the script change them); they only appear in messages.
    """
    checker = _Checker(script.path, ns, db)
    for statement in script.statements:
        checker.statement(statement)
    for message, span in script.notes:
        checker.fail(message, span)
    checker.problems.sort(key=lambda p: (p.span.line, p.span.column))
    return checker.problems


#: Where a definition lives and its name: level, namespace, database, name.
_Key = tuple[str, str | None, str | None, str]


class _Checker:
    def __init__(self, path: str | None, ns: str | None, db: str | None) -> None:
        self.path = path
        self.ns = ns
        self.db = db
        self.problems: list[Problem] = []
        self.defined: set[_Key] = set()  # access methods
        self.users: set[_Key] = set()

    def fail(self, message: str, span: Span) -> None:
        self.problems.append(Problem(message, span, self.path))

    def fail_legacy(self, message: str, span: Span) -> None:
        # Point at the word after DEFINE (SCOPE / TOKEN), where SurrealDB 3.x stops.
        start = span.column + len("DEFINE ")
        word = Span(span.line, start, span.line, start + 5, span.start + 7, span.start + 12)
        self.problems.append(Problem(message, word, self.path))

    def statement(self, node: object) -> None:
        if isinstance(node, ast.Use):
            self.use(node)
        elif isinstance(node, ast.DefineAccess):
            self.define_access(node)
        elif isinstance(node, ast.Let) and node.name in PROTECTED_VARIABLES:
            self.fail(f"'{node.name}' is a protected variable and cannot be set", node.span)
        elif isinstance(node, ast.RemoveAccess):
            name = self.name(node.name)
            if name is not None:
                self.defined.discard(self.key(node.base, name))
        elif isinstance(node, ast.DefineUser):
            self.durations(node.durations, record=False)
            name = _user_name(node.name)
            if name is not None:
                # Users are a namespace of their own: a user may share an access method's name.
                self.duplicate("user", self.users, node, name)
        elif isinstance(node, ast.RemoveUser):
            name = _user_name(node.name)
            if name is not None:
                self.users.discard(self.key(node.base, name))
        elif isinstance(node, ast.DefineScope):
            self.fail_legacy(
                "DEFINE SCOPE was removed in SurrealDB 3.x; use DEFINE ACCESS … ON DATABASE "
                "TYPE RECORD (with the same SIGNUP and SIGNIN) instead",
                node.span,
            )
        elif isinstance(node, ast.DefineToken):
            self.fail_legacy(
                "DEFINE TOKEN was removed in SurrealDB 3.x; use DEFINE ACCESS … TYPE JWT "
                "ALGORITHM … KEY … (or URL … for JWKS) instead",
                node.span,
            )

    def use(self, node: ast.Use) -> None:
        if node.namespace is not None:
            value = static_value(node.namespace)
            self.ns = value if isinstance(value, str) else _field_name(node.namespace)
        if node.database is not None:
            value = static_value(node.database)
            self.db = value if isinstance(value, str) else _field_name(node.database)

    # ---- DEFINE ACCESS -------------------------------------------------------------------

    def define_access(self, node: ast.DefineAccess) -> None:
        name = self.name(node.name)
        if (
            node.mode == "IF NOT EXISTS"
            and name is not None
            and self.key(node.base, name) in self.defined
        ):
            return  # SurrealDB does nothing at all, so it checks nothing either (§1.4)
        kind = access_type(node)
        for algorithm, where in algorithms_used(kind):
            if algorithm == "ES512":
                self.fail(ES512_MESSAGE, where)
                break
        jwt = kind.jwt
        if jwt is not None and isinstance(jwt.verifier, ast.KeyVerifier):
            key = static_value(jwt.verifier.key)
            if key is not NOT_STATIC and not isinstance(key, str):
                self.fail(f"Expected `string` but found `{render(key)}`", jwt.verifier.key.span)
            self.symmetric_issuer(jwt, jwt.verifier)
        self.durations(node.durations, record=isinstance(kind, ast.RecordAccess))
        self.extensions(node.extensions, kind)
        if name is not None:
            self.duplicate("access method", self.defined, node, name)

    def extensions(
        self, ext: ast.Extensions, kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess
    ) -> None:
        """The definition errors of the extended dialect (extensions reference)."""
        if isinstance(kind, ast.BearerAccess):
            for clause, value in (("ISSUER", ext.issuers), ("AUDIENCE", ext.audiences),
                                  ("LEEWAY", ext.leeway), ("CLAIMS", ext.claims)):
                if value is not None:
                    span = value[0].span if isinstance(value, tuple) else value.span
                    self.fail(f"{clause} does not apply to TYPE BEARER access", span)
            return
        if ext.leeway is not None and ext.leeway.nanoseconds > MAX_LEEWAY_NS:
            self.fail("LEEWAY may be at most 5m: a longer clock skew keeps expired tokens "
                      "alive", ext.leeway.span)
        if ext.claims is not None:
            try:
                compile_claims(ext.claims, kind="JWT" if isinstance(kind, ast.JwtAccess)
                               else "RECORD")
            except ClaimMapProblem as problem:
                self.fail(str(problem), problem.span)

    def name(self, expr: ast.Expr) -> str | None:
        if isinstance(expr, ast.Field):
            return expr.name
        value = static_value(expr)
        if value is NOT_STATIC:
            return None
        if not isinstance(value, str):
            self.fail(f"Expected `access name` but found `{render(value)}`", expr.span)
            return None
        return value

    def symmetric_issuer(self, jwt: ast.JwtConfig, verifier: ast.KeyVerifier) -> None:
        issuer = issuer_plan(jwt)
        if verifier.algorithm not in HMAC_ALGORITHMS or issuer is None:
            return
        if not issuer.written and not is_random(verifier.key):
            return  # the implied issuer re-evaluates the same key expression
        span = jwt.issuer.span if jwt.issuer is not None else verifier.span
        if issuer.key is RANDOM_KEY:
            same = False
        else:
            assert isinstance(issuer.key, ast.Expr)
            span = issuer.key.span
            verify_key = static_value(verifier.key)
            issuer_key = static_value(issuer.key)
            if is_random(verifier.key) or is_random(issuer.key):
                same = False  # SurrealDB evaluates the key twice and gets two different values
            elif verify_key is NOT_STATIC or issuer_key is NOT_STATIC:
                return  # depends on parameters: only the database can tell
            else:
                same = verify_key == issuer_key
        if not same:
            self.fail(
                f"Invalid query: Symmetric algorithm {verifier.algorithm} requires the same key "
                "for signing and verification. Use the same key value for both KEY and WITH "
                "ISSUER KEY clauses, or omit WITH ISSUER KEY.",
                span,
            )

    def durations(self, durations: ast.Durations, *, record: bool) -> None:
        for kind in ("grant", "token", "session"):
            expr = getattr(durations, kind)
            if expr is None:
                continue
            if isinstance(expr, ast.UnaryOp) and expr.op == "-":
                operand = static_value(expr.operand)
                if isinstance(operand, Duration):
                    self.fail("Cannot negate the value 'duration'", expr.span)
                    continue
            value = static_value(expr)
            if value is NOT_STATIC:
                continue
            if value is NONE:
                if record and kind == "token":
                    self.fail(RECORD_TOKEN_MESSAGE, expr.span)
                continue
            if isinstance(value, Duration):
                continue
            if isinstance(value, str) and is_duration_text(value):
                continue
            self.fail(f"Could not cast into `duration` using input `{render(value)}`", expr.span)

    def key(self, base: ast.Base, name: str) -> _Key:
        return (
            base,
            self.ns if base != "ROOT" else None,
            self.db if base == "DATABASE" else None,
            name,
        )

    def duplicate(self, what: Definition, defined: set[_Key],
                  node: ast.DefineAccess | ast.DefineUser, name: str) -> None:
        """A plain DEFINE of what is already defined there: SurrealDB refuses it."""
        key = self.key(node.base, name)
        if key in defined and node.mode == "":
            self.fail(already_exists(what, node.base, self.ns, self.db, name), node.span)
        defined.add(key)


def _user_name(expr: ast.Expr) -> str | None:
    if isinstance(expr, ast.Field):
        return expr.name
    value = static_value(expr)
    return value if isinstance(value, str) else None


def _field_name(expr: ast.Expr) -> str | None:
    return expr.name if isinstance(expr, ast.Field) else None
