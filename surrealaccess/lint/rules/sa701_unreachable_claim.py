"""SA701 unreachable-claim."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from ... import ast
from ...access import access_type
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule, register
from ..walk import Read, reads
from ._common import authenticate_clauses

#: Claims of the tokens SurrealDB issues itself (record signin/signup, bearer, system users).
ISSUED_CLAIMS = frozenset({"iat", "nbf", "exp", "iss", "jti", "NS", "DB", "AC", "ID"})
#: Claim spellings SurrealDB renames when it builds ``$token`` (reference §3.2): they are
#: never present under these names.
RENAMED: dict[str, str] = {}
for _canonical, _aliases in {
    "NS": ("ns", "namespace"), "DB": ("db", "database"), "AC": ("ac", "access"),
    "ID": ("id", "record"), "RL": ("rl", "roles"),
}.items():
    _short = _aliases[0]
    RENAMED[_short] = _canonical
    for _alias in _aliases:
        RENAMED[f"https://surrealdb.com/{_alias}"] = _canonical


@dataclass(frozen=True, slots=True)
class SessionShape:
    """What one kind of session can put in ``$token`` and ``$auth``.

    ``claims`` is None when tokens may come from a third party (any claim is possible);
    ``auth`` is ``"record"`` (a record id: any field can be read), ``"none"`` or the set
    of keys of a CLAIMS mapping (extended dialect).
    """

    claims: frozenset[str] | None
    auth: str | frozenset[str]


def shape(statement: ast.DefineAccess) -> SessionShape:
    """The session shape an access method produces."""
    kind = access_type(statement)
    if isinstance(kind, ast.JwtAccess) or kind.jwt is not None:
        claims: frozenset[str] | None = None  # someone else can hold the key or run the IdP
    elif isinstance(kind, ast.BearerAccess) and kind.subject == "USER":
        claims = ISSUED_CLAIMS | {"RL"}
    else:
        claims = ISSUED_CLAIMS
    auth: str | frozenset[str]
    if isinstance(kind, ast.RecordAccess) or (
        isinstance(kind, ast.BearerAccess) and kind.subject == "RECORD"
    ):
        auth = "record"
    elif isinstance(kind, ast.JwtAccess) and statement.extensions.claims is not None:
        auth = frozenset(key for key, _ in statement.extensions.claims.entries)
    else:
        auth = "none"
    return SessionShape(claims, auth)


USER_SHAPE = SessionShape(ISSUED_CLAIMS, "none")


def permission_expressions(statement: object) -> Iterator[ast.Node]:
    """The ``PERMISSIONS`` expressions of a statement.

    The current grammar reads no statement with a PERMISSIONS clause; any node type that
    has a field named ``permissions`` (as DEFINE TABLE / FIELD / FUNCTION / PARAM will) is
    covered as soon as the parser produces it.
    """
    if not dataclasses.is_dataclass(statement):
        return
    value = getattr(statement, "permissions", None)
    items = value if isinstance(value, tuple) else (value,)
    for item in items:
        if isinstance(item, ast.Node):
            yield item
        elif isinstance(item, tuple):
            yield from (i for i in item if isinstance(i, ast.Node))


@register
class UnreachableClaimRule(Rule):
    """An expression reads a ``$token`` claim or ``$auth`` field that no session can have.

    **What it does**

    Works out what each access method of the file can put in ``$token`` and ``$auth``:

    * tokens SurrealDB issues itself (RECORD and BEARER methods without ``WITH JWT``,
      system users) carry only ``iat``, ``nbf``, ``exp``, ``iss``, ``jti``, ``NS``, ``DB``,
      ``AC``, ``ID`` (and ``RL`` for BEARER FOR USER); methods that verify tokens minted
      elsewhere (``TYPE JWT``, ``WITH JWT``) may see any claim;
    * ``$token`` never holds ``ns``, ``db``, ``ac``, ``id``, ``rl`` or their
      ``https://surrealdb.com/…`` aliases: SurrealDB renames them to ``NS``, ``DB``…;
    * ``$auth`` is a record only for RECORD and BEARER FOR RECORD methods, the CLAIMS
      mapping for ``TYPE JWT`` with CLAIMS (extended dialect), and NONE otherwise.

    It then reports reads that can never succeed: in the ``AUTHENTICATE`` of a method
    (against that method), and in ``PERMISSIONS`` (against every method and user of the
    file).

    **Why**

    A permission that reads a claim nobody issues is always NONE: it silently denies
    everything, or, written as a negation (``$token.tenant != 'x'``), allows everything.

    **Bad**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        AUTHENTICATE {
            IF $token.ns != 'shop' { THROW 'wrong namespace' };
        };
    ```

    **Good**

    ```surql
    DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY $api_secret
        AUTHENTICATE {
            IF $token.NS != 'shop' { THROW 'wrong namespace' };
        };
    ```

    **Limitations**

    The parser does not read ``DEFINE TABLE``, ``DEFINE FIELD``, ``DEFINE FUNCTION`` or
    ``DEFINE PARAM`` yet, so today the rule checks AUTHENTICATE clauses only; PERMISSIONS
    are checked as soon as the parser reads them. Only the access methods in the same file
    count, and a file without any DEFINE ACCESS or DEFINE USER is not judged for
    PERMISSIONS. Record fields (``$auth.email``) are not checked against the table.
    """

    code = "SA701"
    name = "unreachable-claim"
    severity = "warning"
    summary = "Reads a $token claim or $auth field that no access method can produce"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Report unreachable reads in AUTHENTICATE clauses and PERMISSIONS."""
        for owner, body in authenticate_clauses(ctx):
            method = shape(owner)
            for read in reads(body, "token") + reads(body, "auth"):
                message = _unreachable(read, [method], "this access method")
                if message is not None:
                    yield ctx.report(self, read.node.span, message)
        shapes = [shape(s) for s in ctx.accesses()]
        shapes += [USER_SHAPE for s in ctx.statements if isinstance(s, ast.DefineUser)]
        if not shapes:
            return
        for statement in ctx.statements:
            for expression in permission_expressions(statement):
                for read in reads(expression, "token") + reads(expression, "auth"):
                    message = _unreachable(read, shapes, "any access method in this file")
                    if message is not None:
                        yield ctx.report(self, read.node.span, message)


def _unreachable(read: Read, shapes: list[SessionShape], who: str) -> str | None:
    member = read.member
    if member is None:
        return None
    if read.variable == "token":
        if member in RENAMED:
            return (f"$token never has `{member}`: SurrealDB stores that claim as "
                    f"`{RENAMED[member]}`; read $token.{RENAMED[member]}")
        if any(s.claims is None or member in s.claims for s in shapes):
            return None
        return (f"No token of {who} carries the claim `{member}` (tokens issued by SurrealDB "
                "have only iat, nbf, exp, iss, jti, NS, DB, AC, ID and RL)")
    if any(s.auth == "record" or (isinstance(s.auth, frozenset) and member in s.auth)
           for s in shapes):
        return None
    return f"$auth is never a record for {who}, so $auth.{member} is always NONE"
