"""The interpreter: evaluate SurrealQL syntax trees with SurrealDB 3.x semantics.

`evaluate` walks the tree directly (no code generation, no ``exec``). Control flow follows the
engine: ``RETURN`` leaves the whole statement being evaluated (or the ``fn::`` function it is
in), a block's value is its last statement's, ``LET`` variables live until the end of their
block, and an ``IF`` without a matching branch is ``NONE``. Statements that need a database
go to ``env.datastore``.
"""

from __future__ import annotations

import os
import secrets
import time as _time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .. import ast, recordid
from . import functions, operators
from .datastore import Datastore
from .errors import DatastoreRequired, EvaluationError, Thrown, Unsupported
from .kinds import Kind, cast, coerce, parse_kind
from .values import (
    NULL,
    Datetime,
    Null,
    Object,
    RecordId,
    Value,
    kind_of,
)

__all__ = ["PROTECTED", "Environment", "evaluate", "execute"]

#: Variables that ``LET`` may not set (SurrealDB's session variables).
PROTECTED = frozenset({"access", "auth", "token", "session"})

#: How deeply evaluation may nest (function calls and expressions) before it fails.
MAX_DEPTH = 200

_STATEMENTS: dict[type, str] = {
    ast.Select: "SELECT", ast.Create: "CREATE", ast.Update: "UPDATE", ast.Delete: "DELETE",
    ast.Relate: "RELATE", ast.Insert: "INSERT",
}  # fmt: skip


@dataclass(frozen=True)
class Environment:
    """Everything an evaluation can see.

    Attributes:
        variables: the variables in scope, by name without ``$``: typically ``token``,
            ``auth``, ``session`` and ``access`` (see the package documentation).
        params: database parameters (``DEFINE PARAM``), looked up after ``variables``.
        functions: ``DEFINE FUNCTION`` definitions by name without ``fn::`` (``a::b``).
        datastore: where statements that need a database go; None makes them fail with
            `DatastoreRequired`.
        now: the current time for ``time::now()`` and friends; None reads the clock once per
            evaluation.
        document: the current document, which bare field names (``email``) read; NONE
            outside a document.
        clause: evaluate as SurrealDB evaluates the value of a definition's clause
            (``AUTHENTICATE``, ``SIGNIN``, ``SIGNUP``, ``DEFINE PARAM … VALUE``): with the
            engine's expression evaluator, not its query executor. The two differ (3.2.4,
            observed): in a clause ``[WHERE …]``/``[? …]`` on anything but an array is NONE
            (a query gives ``[value]`` or ``[]``), ``...`` applies the rest of the idiom to
            each element instead of flattening, ``$this`` is only ever the current document
            (``LET $this`` has no effect), and a ``fn::`` function does not see the LET
            variables of its caller.

    """

    variables: Mapping[str, Value] = field(default_factory=dict)
    params: Mapping[str, Value] = field(default_factory=dict)
    functions: Mapping[str, ast.DefineFunction] = field(default_factory=dict)
    datastore: Datastore | None = None
    now: Datetime | None = None
    document: Value = None
    clause: bool = False

    def with_script(self, script: ast.Script | Sequence[ast.Node]) -> Environment:
        """A copy that also holds the ``DEFINE FUNCTION`` / ``DEFINE PARAM`` of a script.

        Definitions apply in order, like the engine running the script: a later definition
        replaces an earlier one unless it says ``IF NOT EXISTS``; a ``DEFINE PARAM`` value is
        evaluated at that point (it may use earlier parameters and functions), as a clause
        value (see ``clause``).
        """
        statements = script.statements if isinstance(script, ast.Script) else script
        params = dict(self.params)
        defined = dict(self.functions)
        for statement in statements:
            if isinstance(statement, ast.DefineFunction):
                if statement.mode == "IF NOT EXISTS" and statement.name in defined:
                    continue
                defined[statement.name] = statement
            elif isinstance(statement, ast.DefineParam):
                if statement.mode == "IF NOT EXISTS" and statement.name in params:
                    continue
                current = Environment(
                    self.variables, params, defined, self.datastore, self.now, self.document,
                    clause=True,
                )
                params[statement.name] = (
                    evaluate(statement.value, current) if statement.value is not None else None
                )
        return Environment(
            self.variables, params, defined, self.datastore, self.now, self.document,
            clause=self.clause,
        )


def evaluate(expr: ast.Expr, env: Environment | None = None) -> Value:
    """Evaluate an expression or block and return its value.

    A ``RETURN`` anywhere inside ends the evaluation with its value, as it ends the statement
    in SurrealDB (an ``AUTHENTICATE`` clause is one such statement).

    Raises:
        Thrown: a ``THROW`` ran.
        DatastoreRequired: a statement needs a database and ``env.datastore`` is None.
        Unsupported: the expression uses something surrealaccess does not implement.
        EvaluationError: any other runtime error, with the engine's message.

    """
    run = _Run(env or Environment())
    try:
        return run.eval(expr, run.root)
    except _Return as returned:
        return returned.value
    except RecursionError:
        raise EvaluationError("Reached excessive computation depth due to functions, "
                              "subqueries, or computed values") from None


def execute(script: ast.Script, env: Environment | None = None) -> list[Value]:
    """Run a script's statements in order and return each statement's value.

    ``DEFINE FUNCTION`` / ``DEFINE PARAM`` take effect for the statements after them; ``LET``
    variables carry over from one statement to the next, as in one SurrealDB query.
    """
    current = env or Environment()
    run = _Run(current)
    results: list[Value] = []
    for statement in script.statements:
        if isinstance(statement, (ast.DefineFunction, ast.DefineParam)):
            current = current.with_script([statement])
            run.env = current
            results.append(None)
            continue
        if not isinstance(statement, ast.Expr):
            raise Unsupported(f"{type(statement).__name__} statements are not supported")
        try:
            results.append(run.eval(statement, run.root))
        except _Return as returned:
            results.append(returned.value)
    return results


# --------------------------------------------------------------------------- control flow


class _Return(Exception):
    def __init__(self, value: Value) -> None:
        super().__init__()
        self.value = value


class _Frame:
    """One scope: the variables ``LET`` set in it and the current document."""

    __slots__ = ("document", "parent", "vars")

    def __init__(self, parent: _Frame | None, document: Value = None) -> None:
        self.parent = parent
        self.vars: dict[str, Value] = {}
        self.document: Value = document
        if parent is not None and document is None:
            self.document = parent.document

    def lookup(self, name: str) -> tuple[bool, Value]:
        frame: _Frame | None = self
        while frame is not None:
            if name in frame.vars:
                return True, frame.vars[name]
            frame = frame.parent
        return False, None

    def visible(self) -> dict[str, Value]:
        chain = []
        frame: _Frame | None = self
        while frame is not None:
            chain.append(frame.vars)
            frame = frame.parent
        out: dict[str, Value] = {}
        for variables in reversed(chain):
            out.update(variables)
        return out


class _Run:
    """One evaluation: the environment, its fixed clock and the root scope."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.root = _Frame(None, env.document)
        self._now = env.now
        self.depth = 0

    # ---- the functions.Context protocol -------------------------------------------------

    def now(self) -> Datetime:
        if self._now is None:
            self._now = Datetime.from_epoch_ns(_time.time_ns())
        return self._now

    def delegate(self, name: str, args: Sequence[Value]) -> Value:
        names = [f"__arg{i}" for i in range(len(args))]
        call = ast.FunctionCall(name=name, args=tuple(ast.Param(name=n) for n in names))
        return self.datastore(call, name, dict(zip(names, args, strict=False)), self.root)

    # ---- helpers --------------------------------------------------------------------------

    def datastore(
        self, statement: ast.Expr, what: str, extra: Mapping[str, Value], frame: _Frame
    ) -> Value:
        store = self.env.datastore
        if store is None:
            raise DatastoreRequired(what)
        from ..formatter import expr as format_expr  # the formatter imports this package

        variables: dict[str, Value] = {**self.env.params, **self.env.variables}
        variables.update(frame.visible())
        variables.update(extra)
        return store.query(statement, format_expr(statement, statement=True), variables)

    def variable(self, name: str, frame: _Frame) -> Value:
        if name == "this" and self.env.clause:
            return frame.document
        found, value = frame.lookup(name)
        if found:
            return value
        if name == "this" and frame.document is not None:
            return frame.document
        if name in self.env.variables:
            return self.env.variables[name]
        if name in self.env.params:
            return self.env.params[name]
        return None

    # ---- expressions ----------------------------------------------------------------------

    def eval(self, node: ast.Expr, frame: _Frame) -> Value:
        kind = type(node)
        if kind is ast.StringLiteral:
            return node.value  # type: ignore[attr-defined, no-any-return]
        if kind is ast.NumberLiteral:
            value = node.value  # type: ignore[attr-defined]
            if isinstance(value, Decimal):
                return operators.normalize_decimal(value)
            return value  # type: ignore[no-any-return]
        if kind is ast.Param:
            return self.variable(node.name, frame)  # type: ignore[attr-defined]
        if kind is ast.Idiom:
            assert isinstance(node, ast.Idiom)
            return self.idiom(node, frame)
        if kind is ast.BinaryOp:
            assert isinstance(node, ast.BinaryOp)
            return self.binary(node, frame)
        if kind is ast.BoolLiteral:
            return node.value  # type: ignore[attr-defined, no-any-return]
        if kind is ast.NoneLiteral:
            return None
        if kind is ast.NullLiteral:
            return NULL
        if kind is ast.DurationLiteral:
            from .values import Duration

            return Duration(node.nanoseconds)  # type: ignore[attr-defined]
        if kind is ast.Field:
            return self.field(frame.document, node.name, frame)  # type: ignore[attr-defined]
        if kind is ast.UnaryOp:
            assert isinstance(node, ast.UnaryOp)
            return operators.unary(node.op, self.eval(node.operand, frame))
        if kind is ast.Cast:
            assert isinstance(node, ast.Cast)
            return cast(_kind(node.kind), self.eval(node.operand, frame))
        if kind is ast.ArrayLiteral:
            return tuple(self.eval(item, frame) for item in node.items)  # type: ignore[attr-defined]
        if kind is ast.ObjectLiteral:
            assert isinstance(node, ast.ObjectLiteral)
            return self.object(node, frame)
        if kind is ast.Block:
            assert isinstance(node, ast.Block)
            return self.block(node.statements, _Frame(frame))
        if kind is ast.FunctionCall:
            assert isinstance(node, ast.FunctionCall)
            return self.call(node, frame)
        if kind is ast.RecordIdLiteral:
            assert isinstance(node, ast.RecordIdLiteral)
            return self.record_id(node, frame)
        if kind is ast.PrefixedString:
            assert isinstance(node, ast.PrefixedString)
            return _prefixed(node)
        if kind is ast.IfElse:
            assert isinstance(node, ast.IfElse)
            for condition, body in node.branches:
                if operators.truthy(self.eval(condition, frame)):
                    return self.eval(body, frame)
            return self.eval(node.otherwise, frame) if node.otherwise is not None else None
        if kind is ast.Let:
            assert isinstance(node, ast.Let)
            return self.let(node, frame)
        if kind is ast.Return:
            raise _Return(self.eval(node.value, frame))  # type: ignore[attr-defined]
        if kind is ast.Throw:
            raise Thrown(self.eval(node.value, frame))  # type: ignore[attr-defined]
        if kind is ast.Paren:
            return self.eval(node.expr, frame)  # type: ignore[attr-defined]
        if kind is ast.Constant:
            return _constant(node.path)  # type: ignore[attr-defined]
        if kind in _STATEMENTS:
            return self.datastore(node, _STATEMENTS[kind], {}, frame)
        if kind in (ast.Break, ast.Continue):
            raise EvaluationError(
                f"{'BREAK' if kind is ast.Break else 'CONTINUE'} can only be used inside a loop"
            )
        if kind is ast.TupleLiteral:
            raise Unsupported("geometry points are not supported by surrealaccess")
        if kind is ast.Range:
            raise Unsupported("ranges are not supported by surrealaccess")
        if kind is ast.GraphStart:
            raise Unsupported("graph traversals need a document and are not supported here")
        if isinstance(node, ast.Statement):
            what = type(node).__name__
            return self.datastore(node, what, {}, frame)
        raise Unsupported(f"{type(node).__name__} expressions are not supported")

    def block(self, statements: Sequence[ast.Expr], frame: _Frame) -> Value:
        value: Value = None
        for statement in statements:
            value = self.eval(statement, frame)
        return value

    def let(self, node: ast.Let, frame: _Frame) -> Value:
        if node.name in PROTECTED:
            raise EvaluationError(f"'{node.name}' is a protected variable and cannot be set")
        value = self.eval(node.value, frame)
        if node.kind is not None:
            value = _coerce(
                node.kind, value, f"Tried to set `${node.name}`, but couldn't coerce value: "
            )
        frame.vars[node.name] = value
        return None

    def binary(self, node: ast.BinaryOp, frame: _Frame) -> Value:
        op = node.op
        left = self.eval(node.left, frame)
        if op in ("AND", "&&"):
            return self.eval(node.right, frame) if operators.truthy(left) else left
        if op in ("OR", "||"):
            return left if operators.truthy(left) else self.eval(node.right, frame)
        if op == "??":
            return self.eval(node.right, frame) if left is None or isinstance(left, Null) else left
        if op == "?:":
            return left if operators.truthy(left) else self.eval(node.right, frame)
        return operators.binary(op, left, self.eval(node.right, frame))

    def object(self, node: ast.ObjectLiteral, frame: _Frame) -> Value:
        entries: dict[str, Value] = {}
        for key, value in node.entries:
            entries[key] = self.eval(value, frame)
        if _looks_like_geometry(entries):
            raise Unsupported("geometry values are not supported by surrealaccess")
        return Object(entries)

    def record_id(self, node: ast.RecordIdLiteral, frame: _Frame) -> Value:
        key = node.key
        if isinstance(key, (int, str)):
            return RecordId(node.table, key)
        if isinstance(key, ast.RecordGenerator):
            generated: str | uuid.UUID = _generate(key.name)
            return RecordId(node.table, generated)
        if isinstance(key, ast.PrefixedString):
            value = _prefixed(key)
            if not isinstance(value, uuid.UUID):
                raise EvaluationError("Invalid record id key")
            return RecordId(node.table, value)
        evaluated = self.eval(key, frame)
        if not isinstance(evaluated, (tuple, Object)):
            raise EvaluationError("Invalid record id key")
        try:
            return RecordId(node.table, evaluated)
        except (TypeError, ValueError) as problem:
            raise Unsupported(f"this record key is not supported: {problem}") from None

    # ---- functions ------------------------------------------------------------------------

    def call(self, node: ast.FunctionCall, frame: _Frame) -> Value:
        args = [self.eval(arg, frame) for arg in node.args]
        if node.custom:
            return self.custom(node.name, args, frame)
        return self.builtin(node.name, args, node)

    def builtin(self, name: str, args: Sequence[Value], node: ast.Expr | None = None) -> Value:
        path = name.lower()
        if path in functions.REGISTRY:
            return functions.call(path, args, self)
        family = path.split("::", 1)[0]
        if family in functions.FAMILIES or path in ("count", "not", "sleep"):
            if self.env.datastore is not None:
                return self.delegate(name, args)
            raise Unsupported(f"the function {name}() is not supported by surrealaccess")
        raise EvaluationError("Invalid function/constant path")

    def custom(self, name: str, args: Sequence[Value], caller: _Frame | None = None) -> Value:
        short = name[4:] if name.lower().startswith("fn::") else name
        definition = self.env.functions.get(short)
        if definition is None:
            if self.env.datastore is not None:
                return self.delegate(name, args)
            raise EvaluationError(
                f"Function 'fn::{short}' not found: The function 'fn::{short}' does not exist"
            )
        params = definition.args
        required = len(params)
        # A trailing argument whose kind admits NONE may be left out: `any`, `option<T>`
        # (which the parser spells as the engine prints it, `none | T`).
        while required and any(
            k.name in ("option", "none", "any") for k in _kind(params[required - 1][1])
        ):
            required -= 1
        if not required <= len(args) <= len(params):
            count = (
                f"{len(params)} argument{'s' * (len(params) != 1)}"
                if required == len(params)
                else f"{required} to {len(params)} arguments"
            )
            raise EvaluationError(
                f"Incorrect arguments for function fn::{short}(). The function expects {count}."
            )
        # A function sees its caller's variables in a query (SurrealDB scopes them
        # dynamically there), but not in a clause value.
        scope = _Frame(None if self.env.clause else caller)
        for index, (param_name, param_kind) in enumerate(params):
            value = args[index] if index < len(args) else None
            scope.vars[param_name] = _coerce(
                param_kind,
                value,
                f"Incorrect arguments for function fn::{short}(). Failed to coerce argument "
                f"`${param_name}`: ",
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise EvaluationError("Reached excessive computation depth due to functions, "
                                  "subqueries, or computed values")
        try:
            result = self.block(definition.body.statements, scope)
        except _Return as returned:
            result = returned.value
        finally:
            self.depth -= 1
        if definition.returns is not None:
            result = _coerce(
                definition.returns,
                result,
                f"Couldn't coerce return value from function `fn::{short}`: ",
            )
        return result

    # ---- idioms ---------------------------------------------------------------------------

    def idiom(self, node: ast.Idiom, frame: _Frame) -> Value:
        base = node.base
        parts = node.parts
        if any(isinstance(p, ast.GraphPart) for p in parts):
            return self.datastore(node, "graph traversal", {}, frame)
        return self.get(self.eval(base, frame), parts, 0, frame)

    def get(
        self, value: Value, parts: tuple[ast.Part, ...], index: int, frame: _Frame
    ) -> Value:
        clause = self.env.clause
        while index < len(parts):
            part = parts[index]
            kind = type(part)
            if clause:
                # A clause value's `...` is the `[*]` of a query; its filters keep arrays.
                if kind is ast.FlattenPart:
                    kind = ast.AllPart
                elif kind is ast.WherePart and not isinstance(value, tuple):
                    if isinstance(value, RecordId):
                        value = self.fetch(value, frame)
                        continue
                    value = None
                    index += 1
                    continue
            if kind is ast.OptionalPart:
                if value is None or isinstance(value, Null):
                    return None
            elif kind is ast.MethodPart:
                assert isinstance(part, ast.MethodPart)
                value = self.method(value, part, frame)
            elif kind is ast.FlattenPart:
                if isinstance(value, tuple):
                    value = _flatten(value)
            elif kind is ast.CallPart:
                raise Unsupported("calling a value (closures) is not supported by surrealaccess")
            elif isinstance(value, tuple):
                if kind is ast.AllPart:
                    return tuple(self.get(v, parts, index + 1, frame) for v in value)
                if kind is ast.LastPart:
                    value = value[-1] if value else None
                elif kind is ast.WherePart:
                    condition = part.condition  # type: ignore[attr-defined]
                    value = tuple(v for v in value if self.where(condition, v, frame))
                elif kind is ast.IndexPart:
                    key = self.eval(part.index, frame)  # type: ignore[attr-defined]
                    value = _index(value, key)
                else:  # a field: the rest of the path applies to every item
                    return tuple(self.get(v, parts, index, frame) for v in value)
            elif isinstance(value, Object):
                if kind is ast.FieldPart:
                    value = value.get(part.name)  # type: ignore[attr-defined]
                elif kind is ast.IndexPart:
                    key = self.eval(part.index, frame)  # type: ignore[attr-defined]
                    value = value.get(key) if isinstance(key, str) else None
                elif kind is ast.WherePart:
                    condition = part.condition  # type: ignore[attr-defined]
                    value = (value,) if self.where(condition, value, frame) else ()
                elif kind is ast.LastPart:
                    value = None
                # `.*` / `[*]` on an object leave it as it is
            elif isinstance(value, RecordId) and kind in (
                ast.FieldPart, ast.IndexPart, ast.AllPart
            ):
                value = self.fetch(value, frame)
                continue
            elif kind is ast.WherePart:
                condition = part.condition  # type: ignore[attr-defined]
                if value is None or not self.where(condition, value, frame):
                    value = () if value is not None else None
                else:
                    value = (value,)
            elif kind is not ast.AllPart:
                value = None
            index += 1
        return value

    def where(self, condition: ast.Expr, document: Value, frame: _Frame) -> bool:
        scope = _Frame(frame, document)
        scope.vars["this"] = document
        return operators.truthy(self.eval(condition, scope))

    def field(self, document: Value, name: str, frame: _Frame) -> Value:
        if isinstance(document, Object):
            found: Value = document.get(name)
            return found
        if isinstance(document, RecordId):
            return self.field(self.fetch(document, frame), name, frame)
        return None

    def fetch(self, record: RecordId, frame: _Frame) -> Value:
        select = ast.Select(
            fields=(ast.SelectField(expr=None),),
            only=True,
            what=(ast.Param(name="__record"),),
        )
        return self.datastore(select, f"reading the record {record}", {"__record": record},
                              frame)

    def method(self, value: Value, part: ast.MethodPart, frame: _Frame) -> Value:
        family = _method_family(value)
        args = [value, *(self.eval(arg, frame) for arg in part.args)]
        name = f"{family}::{part.name}" if family else part.name
        if family is None or name.lower() not in functions.REGISTRY:
            if family is not None and self.env.datastore is not None:
                return self.delegate(name, args)
            raise Unsupported(f"the method .{part.name}() is not supported by surrealaccess "
                              f"on this value")
        return functions.call(name.lower(), args, self)


# --------------------------------------------------------------------------- helpers


def _kind(text: str) -> tuple[Kind, ...]:
    return _KIND_CACHE.get(text) or _KIND_CACHE.setdefault(text, parse_kind(text))


_KIND_CACHE: dict[str, tuple[Kind, ...]] = {}


def _coerce(kind: str, value: Value, context: str) -> Value:
    """Coerce ``value`` to ``kind``; a mismatch is reported as ``context`` + the engine's reason.

    `Unsupported` passes through untouched: it says what surrealaccess cannot do, and wrapping
    it would turn a fail-closed gap into an ordinary type error.
    """
    try:
        return coerce(_kind(kind), value)
    except Unsupported:
        raise
    except EvaluationError as problem:
        raise EvaluationError(context + problem.message) from None


def _prefixed(node: ast.PrefixedString) -> Value:
    try:
        if node.prefix == "d":
            return recordid.parse_datetime(node.value)
        if node.prefix == "u":
            return recordid.parse_uuid(node.value)
        if node.prefix == "r":
            return recordid.parse_record_id(node.value)
    except recordid.RecordIdUnsupported as problem:
        raise Unsupported(problem.message) from None
    except recordid.RecordIdError as problem:
        raise EvaluationError(f"Parse error: {problem.message}") from None
    try:
        return bytes.fromhex(node.value)
    except ValueError:
        raise EvaluationError("Parse error: Invalid bytes") from None


def _constant(path: str) -> Value:
    lowered = path.lower()
    if lowered in functions.CONSTANTS:
        value: Value = functions.CONSTANTS[lowered]
        return value
    raise EvaluationError("Invalid function/constant path")


def _index(items: tuple[Value, ...], key: Value) -> Value:
    if isinstance(key, bool) or not isinstance(key, int):
        if isinstance(key, (float, Decimal)) and not isinstance(key, bool) and key == int(key):
            key = int(key)
        else:
            return None
    return items[key] if 0 <= key < len(items) else None


def _flatten(items: tuple[Value, ...]) -> tuple[Value, ...]:
    out: list[Value] = []
    for item in items:
        if isinstance(item, tuple):
            out.extend(item)
        else:
            out.append(item)
    return tuple(out)


_METHOD_FAMILIES = {
    "string": "string", "array": "array", "object": "object", "record": "record",
    "datetime": "time", "int": "math", "float": "math", "decimal": "math", "bytes": "bytes",
    "duration": "duration",
}  # fmt: skip


def _method_family(value: Value) -> str | None:
    return _METHOD_FAMILIES.get(kind_of(value))


_GEOMETRY_TYPES = frozenset(
    ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon",
     "GeometryCollection")
)


def _looks_like_geometry(entries: Mapping[str, Value]) -> bool:
    kind = entries.get("type")
    if kind not in _GEOMETRY_TYPES or len(entries) != 2:
        return False
    return "coordinates" in entries or "geometries" in entries


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _generate(name: str) -> str | uuid.UUID:
    if name == "rand":
        return "".join(secrets.choice(_ALPHABET) for _ in range(20))
    if name == "uuid":
        return uuid7()
    stamp = _time.time_ns() // 1_000_000
    number = (stamp << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_ULID[(number >> (5 * i)) & 31] for i in reversed(range(26)))


def uuid7() -> uuid.UUID:
    """A version-7 UUID (time-ordered), as ``rand::uuid()`` makes."""
    stamp = _time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    number = (stamp & ((1 << 48) - 1)) << 80 | rand & ((1 << 80) - 1)
    number = (number & ~(0xF << 76)) | (0x7 << 76)
    number = (number & ~(0x3 << 62)) | (0x2 << 62)
    return uuid.UUID(int=number)

