"""The typed syntax tree.

Every node is a frozen dataclass with a ``span`` (its place in the source). Spans never take
part in equality, so two trees compare equal when they mean the same thing wherever they came
from. Nodes hold *what was written*, with SurrealDB's clause rules already applied (a repeated
clause keeps its last value); defaults that SurrealDB fills in are the business of
`surrealaccess.access`, so a tree never invents a value the author did not write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeAlias

from .source import NO_SPAN, Span

Base: TypeAlias = Literal["ROOT", "NAMESPACE", "DATABASE"]
DefineMode: TypeAlias = Literal["", "OVERWRITE", "IF NOT EXISTS"]
#: ``"surrealdb"``: what SurrealDB 3.x accepts; ``"extended"``: plus the surrealaccess clauses.
Dialect: TypeAlias = Literal["surrealdb", "extended"]
Algorithm: TypeAlias = Literal[
    "EDDSA", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
    "PS256", "PS384", "PS512", "RS256", "RS384", "RS512",
]  # fmt: skip
ALGORITHMS: tuple[Algorithm, ...] = (
    "EDDSA", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
    "PS256", "PS384", "PS512", "RS256", "RS384", "RS512",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """Base class of every syntax-tree node."""

    span: Span = field(default=NO_SPAN, compare=False, repr=False)


# ---------------------------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True, slots=True, kw_only=True)
class Expr(Node):
    """Base class of expressions (in SurrealDB 3.x statements are expressions too)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NoneLiteral(Expr):
    """``NONE``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NullLiteral(Expr):
    """``NULL``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolLiteral(Expr):
    """``true`` or ``false``."""

    value: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberLiteral(Expr):
    """An integer, float (``1.5``, ``1e3``, ``10f``, ``NaN``) or decimal (``1.5dec``)."""

    value: int | float | Decimal
    kind: Literal["int", "float", "decimal"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DurationLiteral(Expr):
    """A duration such as ``1h30m``, held as whole nanoseconds."""

    nanoseconds: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StringLiteral(Expr):
    """A string (quotes and escapes already decoded; ``s'…'`` is a plain string too)."""

    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PrefixedString(Expr):
    """A typed string literal: ``d'…'`` datetime, ``u'…'`` uuid, ``r'…'`` record, ``b'…'`` bytes."""

    prefix: Literal["d", "u", "r", "b"]
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Param(Expr):
    """A parameter such as ``$token``."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Field(Expr):
    """A bare identifier in expression position (a field, or a table in FROM/what lists)."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Constant(Expr):
    """A built-in path that is not called, such as ``math::PI``."""

    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionCall(Expr):
    """A function call.

    A built-in (``string::lowercase(x)``, ``count()``) or custom (``fn::x()``) function;
    ``custom`` is true for ``fn::`` functions.
    """

    name: str
    args: tuple[Expr, ...]
    custom: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordGenerator(Node):
    """The key generators of a record id: ``ulid()``, ``uuid()`` and ``rand()``."""

    name: Literal["ulid", "uuid", "rand"]


RecordKey: TypeAlias = "int | str | ArrayLiteral | ObjectLiteral | RecordGenerator | PrefixedString"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordIdLiteral(Expr):
    """A record id such as ``user:1``, ``user:⟨a b⟩`` or ``user:[1, 'a']``."""

    table: str
    key: RecordKey


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrayLiteral(Expr):
    """``[a, b, …]``."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectLiteral(Expr):
    """``{ key: value, … }`` (keys in written order)."""

    entries: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TupleLiteral(Expr):
    """``(a, b, …)``: a point ``(x, y)``, or the column list and rows of ``INSERT … VALUES``."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Block(Expr):
    """``{ stmt; stmt; … }``."""

    statements: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Paren(Expr):
    """An expression written in parentheses."""

    expr: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class BinaryOp(Expr):
    """``left op right``.

    ``op`` is the canonical upper-case spelling (``=``, ``AND``, ``NOT IN``…).
    """

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class UnaryOp(Expr):
    """``!x``, ``-x`` or ``+x``."""

    op: Literal["!", "-", "+"]
    operand: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Cast(Expr):
    """``<kind> expr``; ``kind`` is the kind's canonical text (``string``, ``record<user>``)."""

    kind: str
    operand: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Range(Expr):
    """``a..b``, ``a..=b``, ``a>..b`` or ``a>..=b``."""

    op: str
    start: Expr
    end: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphStart(Expr):
    """A graph traversal that starts from the current document, such as ``->likes``."""

    arrow: Literal["->", "<-", "<->"]
    what: str


# ---- idiom parts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Part(Node):
    """Base class of the parts that follow the start of an idiom."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldPart(Part):
    """``.name``."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexPart(Part):
    """``[expr]`` (an index or a key, such as ``[0]`` or ``["https://x/roles"]``)."""

    index: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class AllPart(Part):
    """``[*]`` or ``.*``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LastPart(Part):
    """``[$]``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WherePart(Part):
    """``[WHERE cond]`` or ``[? cond]``."""

    condition: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class FlattenPart(Part):
    """``...``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionalPart(Part):
    """``.?``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MethodPart(Part):
    """``.name(args)``."""

    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CallPart(Part):
    """``(args)`` applied to a value, such as ``$f(1)``."""

    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphPart(Part):
    """``->edge``, ``<-edge`` or ``<->edge`` (``?`` for any)."""

    arrow: Literal["->", "<-", "<->"]
    what: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Idiom(Expr):
    """A start expression followed by parts: ``$token.email``, ``a.b[0]``, ``$x[*].y``."""

    base: Expr
    parts: tuple[Part, ...]


# ---- data statements ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SelectField(Node):
    """One projection: ``*``, or an expression with an optional ``AS`` alias."""

    expr: Expr | None  # None means ``*``
    alias: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderItem(Node):
    """One ``ORDER BY`` item."""

    expr: Expr
    direction: Literal["", "ASC", "DESC"] = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Select(Expr):
    """``SELECT …`` with the clauses SIGNIN bodies use."""

    fields: tuple[SelectField, ...]
    value: bool = False  # SELECT VALUE expr
    omit: tuple[Expr, ...] = ()
    only: bool = False
    what: tuple[Expr, ...] = ()
    where: Expr | None = None
    split: tuple[Expr, ...] = ()
    group: tuple[Expr, ...] | Literal["ALL"] = ()
    order: tuple[OrderItem, ...] = ()
    limit: Expr | None = None
    start: Expr | None = None
    fetch: tuple[Expr, ...] = ()
    timeout: Expr | None = None
    parallel: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Assignment(Node):
    """``target op value`` in a ``SET`` list (``op`` is ``=``, ``+=``, ``-=`` or ``+?=``)."""

    target: Expr
    op: str
    value: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Data(Node):
    """The data clause of CREATE / UPDATE / UPSERT / RELATE / INSERT."""

    kind: Literal["SET", "UNSET", "CONTENT", "MERGE", "PATCH", "REPLACE"]
    assignments: tuple[Assignment, ...] = ()
    fields: tuple[Expr, ...] = ()  # UNSET
    value: Expr | None = None  # CONTENT / MERGE / PATCH / REPLACE


@dataclass(frozen=True, slots=True, kw_only=True)
class Output(Node):
    """A ``RETURN`` output clause: NONE, NULL, DIFF, AFTER, BEFORE or a projection."""

    kind: Literal["NONE", "NULL", "DIFF", "AFTER", "BEFORE", "FIELDS"]
    fields: tuple[SelectField, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Create(Expr):
    """``CREATE [ONLY] what [data] [RETURN …] [TIMEOUT d]``."""

    what: tuple[Expr, ...]
    only: bool = False
    data: Data | None = None
    output: Output | None = None
    timeout: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Update(Expr):
    """``UPDATE`` (or, with ``upsert``, ``UPSERT``) ``[ONLY] what [data] [WHERE …] …``."""

    what: tuple[Expr, ...]
    upsert: bool = False
    only: bool = False
    data: Data | None = None
    where: Expr | None = None
    output: Output | None = None
    timeout: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Delete(Expr):
    """``DELETE [FROM] [ONLY] what [WHERE …] …``."""

    what: tuple[Expr, ...]
    only: bool = False
    where: Expr | None = None
    output: Output | None = None
    timeout: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Relate(Expr):
    """``RELATE from->kind->to …``."""

    source: Expr
    kind: Expr
    target: Expr
    only: bool = False
    unique: bool = False
    data: Data | None = None
    output: Output | None = None
    timeout: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Insert(Expr):
    """``INSERT``.

    ``INSERT [RELATION] [IGNORE] [INTO t] data|(cols) VALUES rows … [ON DUPLICATE KEY UPDATE …]``
    """

    into: Expr | None
    data: Expr | None = None
    columns: tuple[Expr, ...] = ()
    rows: tuple[tuple[Expr, ...], ...] = ()
    relation: bool = False
    ignore: bool = False
    on_duplicate: tuple[Assignment, ...] = ()
    output: Output | None = None


# ---- control flow ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class IfElse(Expr):
    """``IF c { … } ELSE IF c { … } ELSE { … }`` or the worded ``IF c THEN … END`` form."""

    branches: tuple[tuple[Expr, Expr], ...]
    otherwise: Expr | None = None
    worded: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Let(Expr):
    """``LET $name [: kind] = value``."""

    name: str
    value: Expr
    kind: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Return(Expr):
    """``RETURN value``."""

    value: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Throw(Expr):
    """``THROW value``."""

    value: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Break(Expr):
    """``BREAK``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Continue(Expr):
    """``CONTINUE``."""


# ---------------------------------------------------------------------------------------------
# DEFINE ACCESS


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyVerifier(Node):
    """``ALGORITHM alg KEY expr``."""

    algorithm: Algorithm
    key: Expr
    algorithm_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlVerifier(Node):
    """``URL expr`` (a JWKS document)."""

    url: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Issuer(Node):
    """``WITH ISSUER [ALGORITHM alg] [KEY expr]`` as written (either part may be missing)."""

    algorithm: Algorithm | None = None
    key: Expr | None = None
    algorithm_span: Span = field(default=NO_SPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class JwtConfig(Node):
    """How tokens are verified and, if there is an issuer, signed."""

    verifier: KeyVerifier | UrlVerifier
    issuer: Issuer | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class JwtAccess(Node):
    """``TYPE JWT …``."""

    jwt: JwtConfig


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordAccess(Node):
    """``TYPE RECORD [SIGNUP e] [SIGNIN e] [WITH JWT …] [WITH REFRESH]``.

    ``jwt`` is None when no ``WITH JWT`` was written: SurrealDB then makes a random HS512 key.
    """

    signup: Expr | None = None
    signin: Expr | None = None
    jwt: JwtConfig | None = None
    refresh: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class BearerAccess(Node):
    """``TYPE BEARER FOR USER|RECORD [WITH JWT …]``."""

    subject: Literal["USER", "RECORD"]
    jwt: JwtConfig | None = None


AccessType: TypeAlias = "JwtAccess | RecordAccess | BearerAccess"


@dataclass(frozen=True, slots=True, kw_only=True)
class Extensions(Node):
    """The surrealaccess extension clauses of the extended dialect (see extensions.md)."""

    issuers: tuple[StringLiteral, ...] | None = None
    audiences: tuple[StringLiteral, ...] | None = None
    leeway: DurationLiteral | None = None
    claims: ObjectLiteral | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Durations(Node):
    """The ``DURATION`` items that were written; None means "not written" (the default applies).

    A written ``NONE`` is a `NoneLiteral` and means "never expires".
    """

    grant: Expr | None = None
    token: Expr | None = None
    session: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Clause(Node):
    """One top-level clause of a DEFINE statement as it was written, kept for positions."""

    keyword: str
    value: Node | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(Expr):
    """Base class of the definition statements."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineAccess(Statement):
    """``DEFINE ACCESS``, with repeated clauses already resolved (the last one wins).

    ``type`` is None when no ``TYPE`` clause was written (SurrealDB then stores a RECORD
    method). ``clauses`` keeps every clause in source order for tools that need positions.
    """

    name: Expr
    base: Base
    mode: DefineMode = ""
    type: AccessType | None = None
    authenticate: Expr | None = None
    durations: Durations = field(default_factory=Durations)
    comment: Expr | None = None
    extensions: Extensions = field(default_factory=Extensions)
    clauses: tuple[Clause, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlterAccess(Statement):
    """``ALTER ACCESS [IF EXISTS] name ON base …``; None fields are left unchanged.

    ``drop_authenticate`` / ``drop_comment`` record ``DROP AUTHENTICATE`` / ``DROP COMMENT``;
    a duration set to ``NONE`` is a `NoneLiteral`.
    """

    name: str
    base: Base
    if_exists: bool = False
    authenticate: Expr | None = None
    drop_authenticate: bool = False
    comment: StringLiteral | None = None
    drop_comment: bool = False
    durations: Durations = field(default_factory=Durations)


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveAccess(Statement):
    """``REMOVE ACCESS [IF EXISTS] name ON base``."""

    name: Expr
    base: Base
    if_exists: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessGrant(Node):
    """``ACCESS name [ON base] GRANT FOR USER u | RECORD r``."""

    access: str
    base: Base | None
    subject: Literal["USER", "RECORD"]
    user: str | None = None
    record: RecordIdLiteral | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessShow(Node):
    """``ACCESS name [ON base] SHOW|REVOKE ALL | GRANT id | WHERE cond``."""

    access: str
    base: Base | None
    action: Literal["SHOW", "REVOKE"]
    grant: str | None = None
    where: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessPurge(Node):
    """``ACCESS name [ON base] PURGE EXPIRED|REVOKED [, …] [FOR duration]``."""

    access: str
    base: Base | None
    expired: bool
    revoked: bool
    grace: DurationLiteral | None = None


# ---------------------------------------------------------------------------------------------
# Other definitions


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineUser(Statement):
    """``DEFINE USER name ON base PASSWORD|PASSHASH '…' ROLES … DURATION … COMMENT …``."""

    name: Expr
    base: Base
    mode: DefineMode = ""
    password: StringLiteral | None = None
    passhash: StringLiteral | None = None
    roles: tuple[str, ...] = ()
    durations: Durations = field(default_factory=Durations)
    comment: Expr | None = None
    clauses: tuple[Clause, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveUser(Statement):
    """``REMOVE USER [IF EXISTS] name ON base``."""

    name: Expr
    base: Base
    if_exists: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineScope(Statement):
    """The 2.x ``DEFINE SCOPE`` (SurrealDB 3.x replaced it with ``DEFINE ACCESS … TYPE RECORD``)."""

    name: str
    mode: DefineMode = ""
    session: Expr | None = None
    signup: Expr | None = None
    signin: Expr | None = None
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineToken(Statement):
    """The 2.x ``DEFINE TOKEN`` (SurrealDB 3.x replaced it with ``DEFINE ACCESS … TYPE JWT``)."""

    name: str
    base: Base | Literal["SCOPE"]
    scope: str | None = None
    mode: DefineMode = ""
    algorithm: str | None = None
    value: Expr | None = None
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionParam(Node):
    """One parameter of ``DEFINE FUNCTION``: ``$name: kind`` (the kind is mandatory)."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Permissions(Node):
    """``PERMISSIONS NONE``, ``PERMISSIONS FULL`` or ``PERMISSIONS WHERE cond``."""

    kind: Literal["NONE", "FULL", "WHERE"]
    where: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineFunction(Statement):
    """``DEFINE FUNCTION fn::name($a: kind, …) [-> kind] { … } [COMMENT …] [PERMISSIONS …]``.

    ``name`` is the path after ``fn::`` (``a::b`` for ``fn::a::b``).
    """

    name: str
    mode: DefineMode = ""
    params: tuple[FunctionParam, ...] = ()
    returns: str | None = None
    body: Block = field(default_factory=lambda: Block(statements=()))
    comment: Expr | None = None
    permissions: Permissions | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineParam(Statement):
    """``DEFINE PARAM $name [VALUE expr] [COMMENT …] [PERMISSIONS …]``."""

    name: str
    mode: DefineMode = ""
    value: Expr | None = None
    comment: Expr | None = None
    permissions: Permissions | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Use(Node):
    """``USE NS x [DB y]`` or ``USE DB y``."""

    namespace: Expr | None = None
    database: Expr | None = None


TopLevel: TypeAlias = "Expr | Use | AccessGrant | AccessShow | AccessPurge"


@dataclass(frozen=True, slots=True, kw_only=True)
class Script(Node):
    """A parsed file: its statements in order, plus where it came from."""

    statements: tuple[TopLevel, ...]
    source: str = field(default="", compare=False, repr=False)
    path: str | None = field(default=None, compare=False)
    dialect: Dialect = field(default="extended", compare=False)

    @property
    def accesses(self) -> tuple[DefineAccess, ...]:
        """The top-level ``DEFINE ACCESS`` statements, in order."""
        return tuple(s for s in self.statements if isinstance(s, DefineAccess))
