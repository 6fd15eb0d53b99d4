"""The typed syntax tree.

Every node is a frozen dataclass with a ``span`` (its place in the source). Spans never take
part in equality, so two trees compare equal when they mean the same thing wherever they came
from. `DefineAccess` and `DefineUser` hold *what was written*, with SurrealDB's clause rules
already applied (a repeated clause keeps its last value); defaults that SurrealDB fills in are
the business of `surrealaccess.access`, so these trees never invent a value the author did not
write. They compare by meaning all the same: their equality (and hash) is that of
`surrealaccess.access.meaning`, the definition with SurrealDB's defaults filled in, so a
definition equals the one parsed back from its canonical text. Their parts (`Durations`,
`JwtAccess`, …) compare as written.
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

    ``op`` is the canonical upper-case spelling (``=``, ``AND``, ``INSIDE``…): aliases are
    resolved (``||`` is ``OR``, ``IN`` is ``INSIDE``, ``IS NOT`` is ``!=``).
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
    """``a..b``, ``a..=b``, ``a>..b`` or ``a>..=b``.

    A missing bound (``a..``, ``..b``, ``..``) is None.
    """

    op: str
    start: Expr | None
    end: Expr | None


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphStart(Expr):
    """A graph traversal that starts from the current document, such as ``->likes``.

    ``query`` holds the parenthesised form: ``->(likes WHERE …)`` or ``->(SELECT …)``.
    """

    arrow: Literal["->", "<-", "<->", "<~"]
    what: str
    query: Node | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphTables(Node):
    """The inside of ``->(a, b:1 WHERE cond AS alias)``."""

    subjects: tuple[str, ...]
    where: Expr | None = None
    alias: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SetLiteral(Expr):
    """``{a, b, …}`` (3.x sets); ``{,}`` is the empty set."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Closure(Expr):
    """``|$a: int, $b| expr`` or ``|$a| -> kind { … }``."""

    args: tuple[tuple[str, str | None], ...]
    body: Expr
    returns: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mock(Expr):
    """``|table:count|`` or ``|table:a..b|`` (a range; ``inclusive`` for ``..=``)."""

    table: str
    count: int | None = None
    start: int | None = None
    end: int | None = None
    inclusive: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RegexLiteral(Expr):
    """``/pattern/``."""

    pattern: str


@dataclass(frozen=True, slots=True, kw_only=True)
class JsFunction(Expr):
    """``function(args) { JavaScript }``, kept as written."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentDoc(Expr):
    """``@``: the current document (in recursion and ``@.field`` idioms)."""


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
    """``->edge``, ``<-edge``, ``<->edge`` or ``<~table`` (``?`` for any); ``query`` as above."""

    arrow: Literal["->", "<-", "<->", "<~"]
    what: str
    query: Node | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructureItem(Node):
    """One field of a destructuring part: ``a``, ``a: expr``, ``a.*`` or ``a.{ … }``."""

    name: str
    alias: Expr | None = None
    all: bool = False
    nested: tuple[DestructureItem, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructurePart(Part):
    """``.{ a, b: c.d }``."""

    items: tuple[DestructureItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RecursePart(Part):
    """``.{3}``, ``.{1..3}``, ``.{..+collect}`` (recursion instructions kept as written)."""

    minimum: int | None = None
    maximum: int | None = None
    exact: bool = False
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RepeatPart(Part):
    """``.@``: repeat the recursion."""


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
    collate: bool = False
    numeric: bool = False


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
    with_index: tuple[str, ...] | Literal["NOINDEX"] | None = None
    version: Expr | None = None
    tempfiles: bool = False
    explain: Literal["", "FULL"] | None = None


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

    kind: Literal["NONE", "NULL", "DIFF", "AFTER", "BEFORE", "FIELDS", "VALUE"]
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


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DefineAccess(Statement):
    """``DEFINE ACCESS``, with repeated clauses already resolved (the last one wins).

    ``type`` is None when no ``TYPE`` clause was written (SurrealDB then stores a RECORD
    method). ``clauses`` keeps every clause in source order for tools that need positions.
    Two definitions are equal when they mean the same (`surrealaccess.access.meaning`):
    ``TYPE RECORD DURATION FOR TOKEN 1h`` equals a definition that writes neither.
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

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DefineAccess) or other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or _meaning(self) == _meaning(other)

    def __hash__(self) -> int:
        return hash(_meaning(self))


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


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DefineUser(Statement):
    """``DEFINE USER name ON base PASSWORD|PASSHASH '…' ROLES … DURATION … COMMENT …``.

    ``roles`` keeps each name as written (``("editor", "OWNER")``), as SurrealDB stores it;
    it is empty and ``durations`` hold None when not written (SurrealDB then stores
    the role Viewer, a one-hour token and a session that never expires; see
    `surrealaccess.access.user_roles`). Two definitions are equal
    when they mean the same (`surrealaccess.access.meaning`).
    """

    name: Expr
    base: Base
    mode: DefineMode = ""
    password: StringLiteral | None = None
    passhash: StringLiteral | None = None
    roles: tuple[str, ...] = ()
    durations: Durations = field(default_factory=Durations)
    comment: Expr | None = None
    clauses: tuple[Clause, ...] = field(default=(), compare=False, repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DefineUser) or other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or _meaning(self) == _meaning(other)

    def __hash__(self) -> int:
        return hash(_meaning(self))


def _meaning(node: DefineAccess | DefineUser) -> tuple[object, ...]:
    from .access import meaning  # `access` builds on this module

    return meaning(node)


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


# ---------------------------------------------------------------------------------------------
# The schema language: every other DEFINE, ALTER and REMOVE, INFO and the utility statements
#
# Unlike DEFINE ACCESS, these nodes hold the definition *as SurrealDB stores it*: defaults the
# engine fills in (TYPE ANY, PERMISSIONS NONE on tables and FULL on fields, WHEN true, HNSW
# parameters, …) are resolved by the parser, so a tree, its canonical text (what INFO FOR
# prints) and the tree parsed back from that text are all equal.

#: A kind (type) in SurrealDB's canonical spelling: ``string``, ``none | int``, ``record<a | b>``.
Kind: TypeAlias = str
#: One permission rule: ``"NONE"``, ``"FULL"`` or the ``WHERE`` condition.
Permission: TypeAlias = "Literal['NONE', 'FULL'] | Expr"


@dataclass(frozen=True, slots=True, kw_only=True)
class Permissions(Node):
    """``PERMISSIONS …`` of a table or field, one rule per action."""

    select: Permission = "NONE"
    create: Permission = "NONE"
    update: Permission = "NONE"
    delete: Permission = "NONE"


FULL_PERMISSIONS = Permissions(select="FULL", create="FULL", update="FULL", delete="FULL")


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeFeed(Node):
    """``CHANGEFEED duration [INCLUDE ORIGINAL]``."""

    expiry: int  # nanoseconds
    original: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineNamespace(Statement):
    """``DEFINE NAMESPACE name [COMMENT …]``."""

    name: Expr
    mode: DefineMode = ""
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineDatabase(Statement):
    """``DEFINE DATABASE name [COMMENT …] [CHANGEFEED …] [STRICT]``."""

    name: Expr
    mode: DefineMode = ""
    comment: Expr | None = None
    changefeed: ChangeFeed | None = None
    strict: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineTable(Statement):
    """``DEFINE TABLE``: its type, schema mode, view, changefeed, permissions and comment."""

    name: Expr
    mode: DefineMode = ""
    table_type: Literal["NORMAL", "ANY", "RELATION"] = "ANY"
    relation_in: tuple[str, ...] = ()
    relation_out: tuple[str, ...] = ()
    enforced: bool = False
    drop: bool = False
    full: bool = False
    view: Select | None = None
    changefeed: ChangeFeed | None = None
    permissions: Permissions = field(default_factory=Permissions)
    comment: Expr | None = None
    graphql_alias: str | None = None
    graphql_deprecated: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference(Node):
    """``REFERENCE [ON DELETE REJECT | CASCADE | IGNORE | UNSET | THEN expr]``."""

    on_delete: Literal["REJECT", "CASCADE", "IGNORE", "UNSET", "THEN"] = "IGNORE"
    then: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineField(Statement):
    """``DEFINE FIELD path ON table …``."""

    name: Expr
    table: Expr
    mode: DefineMode = ""
    kind: Kind | None = None
    flexible: bool = False
    readonly: bool = False
    value: Expr | None = None
    assert_: Expr | None = None
    default: Expr | None = None
    default_always: bool = False
    computed: Expr | None = None
    reference: Reference | None = None
    permissions: Permissions = FULL_PERMISSIONS
    comment: Expr | None = None
    graphql_alias: str | None = None
    graphql_deprecated: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FullTextIndex(Node):
    """``FULLTEXT ANALYZER a BM25(k1, b) [HIGHLIGHTS]`` (``legacy``: the 2.x ``SEARCH`` form)."""

    analyzer: str | None = None
    k1: float = 1.2
    b: float = 0.75
    highlights: bool = False
    legacy: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorIndex(Node):
    """``HNSW`` / ``DISKANN`` (``MTREE``: the 2.x form) with every parameter resolved."""

    method: Literal["HNSW", "DISKANN", "MTREE"]
    dimension: int
    distance: str = "EUCLIDEAN"
    minkowski: NumberLiteral | None = None
    vector_type: str = "F32"
    options: tuple[tuple[str, int | float], ...] = ()
    hashed_vector: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CountIndex(Node):
    """``COUNT [WHERE cond]``."""

    where: Expr | None = None


IndexKind: TypeAlias = "Literal['IDX', 'UNIQUE'] | CountIndex | FullTextIndex | VectorIndex"


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineIndex(Statement):
    """``DEFINE INDEX name ON table FIELDS … [UNIQUE | COUNT | FULLTEXT | HNSW | DISKANN]``."""

    name: Expr
    table: Expr
    mode: DefineMode = ""
    fields: tuple[Expr, ...] = ()
    index: IndexKind = "IDX"
    comment: Expr | None = None
    concurrently: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineEvent(Statement):
    """``DEFINE EVENT name ON table [ASYNC …] WHEN cond THEN action, …``."""

    name: Expr
    table: Expr
    mode: DefineMode = ""
    when: Expr = field(default_factory=lambda: BoolLiteral(value=True))
    then: tuple[Expr, ...] = ()
    comment: Expr | None = None
    asynchronous: bool = False
    retry: int | None = None
    maxdepth: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineFunction(Statement):
    """``DEFINE FUNCTION fn::name($arg: kind, …) [-> kind] { … }``.

    ``name`` is the path after ``fn::`` (``a::b`` for ``fn::a::b``), as INFO FOR DB keys it.
    """

    name: str
    args: tuple[tuple[str, Kind], ...] = ()
    returns: Kind | None = None
    body: Block = field(default_factory=lambda: Block(statements=()))
    mode: DefineMode = ""
    permissions: Permission = "FULL"
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineParam(Statement):
    """``DEFINE PARAM $name VALUE expr``; ``name`` has no ``$``."""

    name: str
    value: Expr = field(default_factory=NoneLiteral)
    mode: DefineMode = ""
    permissions: Permission = "FULL"
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzerFilter(Node):
    """A filter of an analyzer: ``lowercase``, ``edgengram(1, 3)``, ``snowball(english)``, …."""

    name: str  # canonical upper-case spelling
    args: tuple[int | str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineAnalyzer(Statement):
    """``DEFINE ANALYZER name [FUNCTION fn::f] [TOKENIZERS …] [FILTERS …]``."""

    name: Expr
    mode: DefineMode = ""
    function: str | None = None
    tokenizers: tuple[str, ...] | None = None
    filters: tuple[AnalyzerFilter, ...] | None = None
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineSequence(Statement):
    """``DEFINE SEQUENCE name [BATCH n] [START n] [TIMEOUT d]``."""

    name: Expr
    mode: DefineMode = ""
    batch: Expr = field(default_factory=lambda: NumberLiteral(value=1000, kind="int"))
    start: Expr = field(default_factory=lambda: NumberLiteral(value=0, kind="int"))
    timeout: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiAction(Node):
    """``FOR ANY | methods [MIDDLEWARE …] [PERMISSIONS …] [THEN expr]`` of an API."""

    methods: tuple[str, ...] = ()  # empty: ANY
    middleware: tuple[FunctionCall, ...] = ()
    permissions: Permission = "FULL"
    then: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineApi(Statement):
    """``DEFINE API path FOR … [COMMENT …]``."""

    name: Expr
    mode: DefineMode = ""
    actions: tuple[ApiAction, ...] = ()
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineConfig(Statement):
    """``DEFINE CONFIG API … | GRAPHQL … | DEFAULT …``.

    ``settings`` holds the options in canonical order: ``("TABLES", "AUTO")``,
    ``("TABLES", ("INCLUDE", a, b))``, ``("DEPTH", 5)``, ``("NAMESPACE", expr)``, …
    """

    target: Literal["API", "GRAPHQL", "DEFAULT"]
    mode: DefineMode = ""
    api: ApiAction | None = None
    settings: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineBucket(Statement):
    """``DEFINE BUCKET`` (SurrealDB's experimental ``files`` capability)."""

    name: Expr
    mode: DefineMode = ""
    backend: Expr | None = None
    permissions: Permission = "FULL"
    readonly: bool = False
    comment: Expr | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DefineModule(Statement):
    """``DEFINE MODULE`` (experimental ``surrealism``), kept as written."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Remove(Statement):
    """``REMOVE kind [IF EXISTS] name [ON table | ON base]`` for every kind but ACCESS/USER."""

    what: str  # NAMESPACE, DATABASE, TABLE, FIELD, INDEX, EVENT, FUNCTION, PARAM, …
    name: Expr | None = None  # the path after fn:: for FUNCTION, the name for PARAM
    table: Expr | None = None
    if_exists: bool = False
    expunge: bool = False
    target: str | None = None  # CONFIG: GRAPHQL / API / DEFAULT; TOKEN: its base


@dataclass(frozen=True, slots=True, kw_only=True)
class AlterItem(Node):
    """One clause of an ALTER statement as written: ``DROP COMMENT``, ``TYPE int``, …."""

    keyword: str
    value: object = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Alter(Statement):
    """``ALTER kind [IF EXISTS] name [ON table] clause…`` for every kind but ACCESS."""

    what: str
    name: Expr | None = None
    table: Expr | None = None
    base: Base | None = None
    if_exists: bool = False
    items: tuple[AlterItem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Info(Statement):
    """``INFO FOR ROOT | NS | DB | TABLE t | USER u [ON base] | INDEX i ON t [STRUCTURE]``."""

    target: Literal["ROOT", "NAMESPACE", "DATABASE", "TABLE", "USER", "INDEX"]
    name: Expr | None = None
    table: Expr | None = None
    base: Base | None = None
    version: Expr | None = None
    structure: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Rebuild(Statement):
    """``REBUILD INDEX [IF EXISTS] name ON table [CONCURRENTLY]``."""

    name: Expr
    table: Expr
    if_exists: bool = False
    concurrently: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Sleep(Statement):
    """``SLEEP duration``."""

    duration: DurationLiteral


@dataclass(frozen=True, slots=True, kw_only=True)
class ForEach(Statement):
    """``FOR $param IN expr { … }``."""

    param: str
    iterable: Expr
    body: Block


@dataclass(frozen=True, slots=True, kw_only=True)
class Explain(Statement):
    """``EXPLAIN [ANALYZE] [FORMAT TEXT|JSON] statement``."""

    statement: Expr
    analyze: bool = False
    format: Literal["", "TEXT", "JSON"] = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Transaction(Node):
    """``BEGIN``, ``COMMIT`` or ``CANCEL`` (``TRANSACTION`` is optional)."""

    action: Literal["BEGIN", "COMMIT", "CANCEL"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OptionStmt(Node):
    """``OPTION NAME [= true|false]``."""

    name: str
    value: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Kill(Node):
    """``KILL u'…' | $param``."""

    target: Expr


@dataclass(frozen=True, slots=True, kw_only=True)
class Live(Node):
    """``LIVE SELECT [DIFF | fields] FROM what [WHERE …] [FETCH …]``."""

    fields: tuple[SelectField, ...] = ()
    value: bool = False
    diff: bool = False
    what: Expr = field(default_factory=NoneLiteral)
    where: Expr | None = None
    fetch: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowChanges(Node):
    """``SHOW CHANGES FOR TABLE t | DATABASE SINCE n [LIMIT n]``."""

    table: str | None
    since: Expr
    limit: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Use(Node):
    """``USE NS x [DB y]`` or ``USE DB y``."""

    namespace: Expr | None = None
    database: Expr | None = None


TopLevel: TypeAlias = (
    "Expr | Use | AccessGrant | AccessShow | AccessPurge | Transaction | OptionStmt | Kill | Live"
    " | ShowChanges"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment(Node):
    """A comment, exactly as written (``-- …``, ``# …``, ``// …`` or ``/* … */``)."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Script(Node):
    """A parsed file: its statements in order, its comments, plus where it came from.

    Comments are attached to statements by position: ``leading_comments[i]`` holds, in source
    order, every comment that starts after statement ``i - 1`` ends and before statement ``i``
    ends, so a comment written *inside* a statement belongs to that statement too (the
    formatter prints it above the statement, since canonical text has no place for it).
    Comments after the last statement are ``trailing_comments``. ``leading_comments`` may be
    shorter than ``statements`` (a script built in code); missing entries mean no comments,
    and trailing empty entries are dropped, so two scripts with the same statements and the
    same comments in the same places are equal however they were built.
    """

    statements: tuple[TopLevel, ...]
    leading_comments: tuple[tuple[Comment, ...], ...] = ()
    trailing_comments: tuple[Comment, ...] = ()
    source: str = field(default="", compare=False, repr=False)
    path: str | None = field(default=None, compare=False)
    dialect: Dialect = field(default="extended", compare=False)
    #: 2.x syntax and unknown built-in paths that the extended dialect let through, with where
    #: they are; `surrealaccess.check` reports them.
    notes: tuple[tuple[str, Span], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        groups = tuple(tuple(group) for group in self.leading_comments)
        while groups and not groups[-1]:
            groups = groups[:-1]
        object.__setattr__(self, "leading_comments", groups)
        object.__setattr__(self, "trailing_comments", tuple(self.trailing_comments))

    @property
    def comments(self) -> tuple[Comment, ...]:
        """Every comment of the script, in source order."""
        leading = tuple(c for group in self.leading_comments for c in group)
        return leading + self.trailing_comments

    def comments_before(self, index: int) -> tuple[Comment, ...]:
        """The comments attached to statement ``index`` (printed above it)."""
        return self.leading_comments[index] if index < len(self.leading_comments) else ()

    @property
    def accesses(self) -> tuple[DefineAccess, ...]:
        """The top-level ``DEFINE ACCESS`` statements, in order."""
        return tuple(s for s in self.statements if isinstance(s, DefineAccess))
