"""What a DEFINE ACCESS statement means once SurrealDB's defaults are applied (reference §1.3).

The syntax tree records what was written; these helpers answer the questions the formatter,
the definition checks and the compiler all ask: which key verifies, is there an issuer and
with which key, which durations apply, which value SurrealDB stores for a clause. DEFINE USER
has defaults too (its roles and durations), answered here as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import ast
from .lexical import DAY, HOUR, is_duration_text, parse_duration
from .roles import DEFAULT_ROLE
from .source import Span
from .static import NONE, NOT_STATIC, Duration, as_string, evaluate

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})

#: Default durations: FOR GRANT 30 days, FOR TOKEN 1 hour, FOR SESSION none (never expires).
DEFAULT_GRANT_NS = 30 * DAY
DEFAULT_TOKEN_NS = HOUR


@dataclass(frozen=True, slots=True)
class RandomKey:
    """The 128-character random key SurrealDB makes when a definition names none."""


RANDOM_KEY = RandomKey()


@dataclass(frozen=True, slots=True)
class IssuerPlan:
    """The issuer SurrealDB stores: its algorithm and key (an expression or `RANDOM_KEY`)."""

    algorithm: ast.Algorithm
    key: ast.Expr | RandomKey
    written: bool  # a WITH ISSUER clause was written (otherwise it is implied by an HS key)


def access_type(define: ast.DefineAccess) -> ast.JwtAccess | ast.RecordAccess | ast.BearerAccess:
    """Return the access type, with SurrealDB's default (RECORD) when no TYPE was written."""
    return define.type if define.type is not None else ast.RecordAccess()


def issuer_plan(jwt: ast.JwtConfig | None) -> IssuerPlan | None:
    """Return the issuer SurrealDB derives for a JWT configuration, or None if it cannot issue."""
    if jwt is None:
        return IssuerPlan("HS512", RANDOM_KEY, written=False)
    verifier = jwt.verifier
    written = jwt.issuer
    if isinstance(verifier, ast.KeyVerifier):
        if written is not None:
            if written.key is not None:
                return IssuerPlan(verifier.algorithm, written.key, written=True)
            # An HMAC issuer without a KEY signs with the verify key; others get a random one.
            symmetric = verifier.algorithm in HMAC_ALGORITHMS
            return IssuerPlan(verifier.algorithm, verifier.key if symmetric else RANDOM_KEY,
                              written=True)
        if verifier.algorithm in HMAC_ALGORITHMS:
            return IssuerPlan(verifier.algorithm, verifier.key, written=False)
        return None
    if written is None:
        return None
    key = written.key if written.key is not None else RANDOM_KEY
    return IssuerPlan(written.algorithm or "HS512", key, written=True)


def issues_tokens(kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess) -> bool:
    """Whether SurrealDB prints (and uses) ``DURATION FOR TOKEN`` for this type."""
    if isinstance(kind, ast.JwtAccess):
        return issuer_plan(kind.jwt) is not None
    return True


def issues_grants(kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess) -> bool:
    """Whether SurrealDB prints (and uses) ``DURATION FOR GRANT`` for this type."""
    if isinstance(kind, ast.BearerAccess):
        return True
    return isinstance(kind, ast.RecordAccess) and kind.refresh


def algorithms_used(
    kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess,
) -> list[tuple[str, Span]]:
    """Every algorithm the definition names, with where it is written."""
    jwt = kind.jwt
    if jwt is None:
        return []
    found: list[tuple[str, Span]] = []
    if isinstance(jwt.verifier, ast.KeyVerifier):
        found.append((jwt.verifier.algorithm, jwt.verifier.algorithm_span))
    if jwt.issuer is not None and jwt.issuer.algorithm is not None:
        found.append((jwt.issuer.algorithm, jwt.issuer.algorithm_span))
    return found


DurationKind = Literal["grant", "token", "session"]

_DEFAULT_NS: dict[DurationKind, int | None] = {
    "grant": DEFAULT_GRANT_NS,
    "token": DEFAULT_TOKEN_NS,
    "session": None,
}


# ---- the values SurrealDB stores for clause expressions ----------------------------------------
#
# SurrealDB evaluates a clause value when the statement runs. When the value is a constant
# (see `surrealaccess.static`) these return what it stores; otherwise the expression itself.


def stored_string(expr: ast.Expr) -> str | ast.Expr:
    """The string stored for a key or a URL, or the expression if it needs a database."""
    value = evaluate(expr)
    if value is NOT_STATIC:
        return expr
    return as_string(value)


def stored_comment(expr: ast.Expr | None) -> str | ast.Expr | None:
    """The comment stored (None for none, or a NONE value), or the expression."""
    if expr is None:
        return None
    value = evaluate(expr)
    if value is NONE:
        return None
    if value is NOT_STATIC:
        return expr
    return as_string(value)


def stored_duration(expr: ast.Expr | None, default: int | None) -> int | ast.Expr | None:
    """A duration in nanoseconds (``default`` if not written, None for NONE: never expires).

    A value that is not a constant duration, a duration string or NONE comes back as the
    expression: it needs a database, or SurrealDB rejects it when the statement runs.
    """
    if expr is None:
        return default
    value = evaluate(expr)
    if value is NONE:
        return None
    if isinstance(value, Duration):
        return int(value)
    if isinstance(value, str) and is_duration_text(value):
        return parse_duration(value)
    return expr


def durations_in_effect(
    define: ast.DefineAccess | ast.DefineUser,
) -> tuple[tuple[DurationKind, int | ast.Expr | None], ...]:
    """The durations SurrealDB keeps (and prints) for a definition, defaults filled in.

    In SurrealDB's order (GRANT, TOKEN, SESSION): a user has no grants; an access method has
    a grant duration only if it issues grants and a token duration only if it issues tokens.
    """
    kinds: tuple[DurationKind, ...]
    if isinstance(define, ast.DefineUser):
        kinds = ("token", "session")
    else:
        kind = access_type(define)
        kinds = (
            *(("grant",) if issues_grants(kind) else ()),
            *(("token",) if issues_tokens(kind) else ()),
            "session",
        )
    return tuple(
        (k, stored_duration(getattr(define.durations, k), _DEFAULT_NS[k])) for k in kinds
    )


def user_roles(define: ast.DefineUser, *, stored: bool = False) -> tuple[str, ...]:
    """The roles of a user, with SurrealDB's default (Viewer) when no ROLES was written.

    SurrealDB stores role names as written, and a bearer sign-in as the user puts them in the
    token's ``RL`` claim so: ``ROLES editor, OWNER`` is ``("editor", "OWNER")``, no ROLES is
    ``("Viewer",)``. That is what ``stored=True`` returns. Without it the names come as
    ``INFO FOR`` prints them, upper-cased: ``("EDITOR", "OWNER")``, ``("VIEWER",)``.
    """
    roles = define.roles or (DEFAULT_ROLE,)
    return roles if stored else tuple(role.upper() for role in roles)


def altered_roles(alter: ast.Alter) -> tuple[str, ...] | None:
    """The roles an ``ALTER USER`` gives the user, as stored, or None if it writes no ROLES.

    SurrealDB replaces the user's roles with the names written, spelled so (like
    ``user_roles(…, stored=True)``), and the last ROLES clause wins. ALTER takes any name:
    ``ROLES foo`` is stored, and a bearer sign-in as the user then fails with
    ``IAM error: Invalid role 'foo'``.
    """
    roles: tuple[str, ...] | None = None
    for item in alter.items:
        if item.keyword == "ROLES" and isinstance(item.value, tuple):
            roles = tuple(str(role) for role in item.value)
    return roles


# ---- what a definition means -------------------------------------------------------------------


def meaning(define: ast.DefineAccess | ast.DefineUser) -> tuple[object, ...]:
    """What a definition means once SurrealDB's defaults are applied, as a hashable value.

    `ast.DefineAccess` and `ast.DefineUser` compare (and hash) by this value, while their
    fields keep what was written: so ``DEFINE USER u ON ROOT`` equals the statement parsed
    back from its canonical text, ``… ROLES Viewer DURATION FOR TOKEN 1h, FOR SESSION NONE``.
    Constant clause values count as the value SurrealDB stores (``KEY 'a' + 'b'`` is
    ``KEY 'ab'``, a string name is the same name written bare). What SurrealDB neither prints
    nor uses does not count: positions, the clause list, a duration the access type has no
    use for, and whether ``WITH ISSUER`` was written when an HMAC key implies it.

    Role names count as stored, in their spelling: INFO prints ``ROLES editor`` and
    ``ROLES EDITOR`` alike, but SurrealDB stores them apart (INFO … STRUCTURE shows
    ``["editor"]`` and ``["EDITOR"]``) and a bearer sign-in as the user puts that spelling in
    the token's ``RL`` claim, so the two are different definitions (and no ROLES is
    ``ROLES Viewer``, not ``ROLES VIEWER``).
    """
    name = define.name.name if isinstance(define.name, ast.Field) else stored_string(define.name)
    durations = durations_in_effect(define)
    comment = stored_comment(define.comment)
    if isinstance(define, ast.DefineUser):
        secret: tuple[str, str] | None = None
        if define.passhash is not None:
            secret = ("PASSHASH", define.passhash.value)
        elif define.password is not None:
            secret = ("PASSWORD", define.password.value)
        return ("USER", name, define.base, define.mode, secret, user_roles(define, stored=True),
                durations, comment)
    return ("ACCESS", name, define.base, define.mode, _type_meaning(access_type(define)),
            define.authenticate, define.extensions, durations, comment)


def _type_meaning(kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess) -> tuple[object, ...]:
    if isinstance(kind, ast.JwtAccess):
        return ("JWT", _jwt_meaning(kind.jwt))
    if isinstance(kind, ast.RecordAccess):
        return ("RECORD", kind.signup, kind.signin, kind.refresh, _jwt_meaning(kind.jwt))
    return ("BEARER", kind.subject, _jwt_meaning(kind.jwt))


def _jwt_meaning(jwt: ast.JwtConfig | None) -> tuple[object, ...] | None:
    if jwt is None:
        return None  # SurrealDB's random HS512 key, which also signs
    verifier = jwt.verifier
    verify: tuple[object, ...]
    if isinstance(verifier, ast.KeyVerifier):
        verify = ("KEY", verifier.algorithm, stored_string(verifier.key))
    else:
        verify = ("URL", stored_string(verifier.url))
    issuer = issuer_plan(jwt)
    if issuer is None:
        return (verify, None)
    key = issuer.key if isinstance(issuer.key, RandomKey) else stored_string(issuer.key)
    return (verify, (issuer.algorithm, key))
