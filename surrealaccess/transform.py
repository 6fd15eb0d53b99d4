"""Build the typed syntax tree of `surrealaccess.ast`, one grammar rule at a time.

`ToAst` has a method per rule, which `surrealaccess.ast_builder` calls as the LALR parser
reduces the rule (no Lark parse tree is built). The grammar keeps clause loops permissive
(any order, any number of times), exactly as SurrealDB's parser does; this module applies
SurrealDB's resolution rules (the last clause wins) and the checks SurrealDB makes while
parsing (RECORD only on a database, a compatible issuer algorithm, reserved words as names,
…). Problems are raised as `GrammarProblem`, which the parser turns into a `ParseError` at
the right place.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias, TypeVar, cast

from lark import Token

from . import ast
from .ast import Dialect
from .ast_builder import passes_child
from .lexical import (
    LexicalError,
    decode_ident,
    decode_string,
    parse_decimal,
    parse_duration,
    parse_float,
    parse_int,
)
from .roles import system_role
from .source import NO_SPAN, LineIndex, Span, parsed_span

#: Words that start a statement in expression position, so SurrealDB never reads them as a name.
STATEMENT_WORDS = frozenset(
    {
        "ALTER", "CREATE", "DEFINE", "DELETE", "EXPLAIN", "FOR", "FUNCTION", "IF", "INFO", "INSERT",
        "LET", "REBUILD", "RELATE", "REMOVE", "RETURN", "SELECT", "SLEEP", "THROW", "UPDATE",
        "UPSERT",
    }
)


class GrammarProblem(Exception):
    """A parse-time error found after Lark accepted the token sequence."""

    def __init__(self, message: str, span: Span, expected: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.span = span
        self.expected = tuple(expected)


if TYPE_CHECKING:
    #: The token classes the callbacks see: Lark's, and lark-cython's (not even a `str`
    #: subclass) when the accelerator parses; both have the same attributes.
    TOKENS = Token
else:
    try:
        from lark_cython import Token as _CythonToken

        TOKENS = (Token, _CythonToken)
    except ImportError:  # pragma: no cover - depends on the environment
        TOKENS = (Token,)

#: The `LineIndex` of the text being parsed on this thread (spans made while parsing share it;
#: the streaming parser sets it around each parse).
_parsing = threading.local()


def current_lines(lines: LineIndex | None) -> LineIndex | None:
    """Make ``lines`` the index of the text this thread parses; return the previous one."""
    previous: LineIndex | None = getattr(_parsing, "lines", None)
    _parsing.lines = lines
    return previous


def token_span(token: Any) -> Span:
    """Return the span of a token of the text being parsed."""
    return parsed_span(token.start_pos or 0, token.end_pos or 0, _parsing.lines)


#: What an AST method learns of its rule's position: the first and last token it matched,
#: or None when it matched no text (see `surrealaccess.ast_builder`).
Meta: TypeAlias = "tuple[Any, Any] | None"


def meta_span(meta: Meta) -> Span:
    """Return the span of a rule match (empty rules have no position)."""
    if meta is None:
        return NO_SPAN
    first, last = meta
    return parsed_span(first.start_pos or 0, last.end_pos or 0, _parsing.lines)


def text_of(token: Any) -> str:
    """A token's text as a shared string: a schema repeats its names thousands of times."""
    return sys.intern(str(token))


def _fail(message: str, span: Span, expected: Sequence[str] = ()) -> NoReturn:
    raise GrammarProblem(message, span, expected)


def _lexical(token: Token, error: LexicalError) -> NoReturn:
    span = token_span(token)
    start = span.start + error.offset
    _fail(error.message, Span(span.line, span.column + error.offset, span.line,
                              span.column + error.offset + 1, start, start + 1))


_N = TypeVar("_N", bound=ast.Node)


def _tokens(children: Iterable[object], *types: str) -> list[Token]:
    return [c for c in children if isinstance(c, TOKENS) and c.type in types]


def _nodes(children: Iterable[object], kind: type[_N]) -> list[_N]:
    return [c for c in children if isinstance(c, kind)]


def _split_if_exists(children: list[Any]) -> tuple[bool, list[Any]]:
    """Split off an ``IF EXISTS`` token: whether it was written, and the other children."""
    rest = [c for c in children if not (isinstance(c, TOKENS) and c.type == "IF_EXISTS")]
    return len(rest) != len(children), rest


def _durations(items: dict[str, ast.Expr]) -> ast.Durations:
    # The grammar only admits GRANT, TOKEN and SESSION (lower-cased by the callbacks).
    return ast.Durations(
        grant=items.get("grant"), token=items.get("token"), session=items.get("session")
    )


_BASES: dict[str, ast.Base] = {
    "ROOT": "ROOT", "KV": "ROOT",
    "NAMESPACE": "NAMESPACE", "NS": "NAMESPACE",
    "DATABASE": "DATABASE", "DB": "DATABASE",
}  # fmt: skip


def _base(token: Token) -> ast.Base:
    return _BASES[str(token).upper()]


#: The `ast.Extensions` field each extension clause sets.
_EXTENSION_FIELDS = {
    "ISSUER": "issuers", "AUDIENCE": "audiences", "LEEWAY": "leeway", "CLAIMS": "claims",
}  # fmt: skip

#: A SELECT projection: its fields, and whether it was written `SELECT VALUE`.
_Projection: TypeAlias = tuple[tuple[ast.SelectField, ...], bool]


class ToAst:
    """The callbacks that build `surrealaccess.ast` nodes, one per grammar rule.

    `surrealaccess.ast_builder` calls them as the parser reduces each rule, with the rule's
    children (tokens and the values of the rules under it) and its `Meta`.
    """

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def reset(self) -> None:
        """Forget what the previous parse found (the builder is reused)."""

    # ---- script --------------------------------------------------------------------------

    def start(self, meta: Meta, children: list[Any]) -> tuple[Any, ...]:
        for child in children:
            self._check_statement(child)
        return tuple(children)

    # ---- tokens --------------------------------------------------------------------------

    def STRING(self, token: Token) -> Token:
        try:
            value = decode_string(str(token))
        except LexicalError as error:
            _lexical(token, replace_offset(error, 1))
        return token.update(value=value)

    def ESC_IDENT(self, token: Token) -> Token:
        try:
            value = decode_ident(str(token))
        except LexicalError as error:
            _lexical(token, replace_offset(error, 1))
        return token.update(value=value)

    # ---- names ---------------------------------------------------------------------------

    @passes_child
    def ident(self, meta: Meta, children: list[Token]) -> Token:
        return children[0]

    def name_ident(self, meta: Meta, children: list[Token]) -> ast.Expr:
        token = children[0]
        span = token_span(token)
        if token.type == "IDENT":
            self._check_expression_word(token)
            word = str(token).upper()
            # NONE / NULL / TRUE / FALSE are values, not names, wherever an expression may stand.
            if word == "NONE":
                return ast.NoneLiteral(span=span)
            if word == "NULL":
                return ast.NullLiteral(span=span)
            if word in ("TRUE", "FALSE"):
                return ast.BoolLiteral(value=word == "TRUE", span=span)
        return ast.Field(name=text_of(token), span=span)

    @passes_child
    def name_string(self, meta: Meta, children: list[ast.StringLiteral]) -> ast.Expr:
        return children[0]

    @passes_child
    def name_param(self, meta: Meta, children: list[ast.Param]) -> ast.Expr:
        return children[0]

    def _check_expression_word(self, token: Token) -> None:
        word = str(token).upper()
        if word in STATEMENT_WORDS:
            _fail(f"Unexpected token `{word}`, expected an identifier", token_span(token))

    # ---- literals ------------------------------------------------------------------------

    def none_lit(self, meta: Meta, children: list[Token]) -> ast.Expr:
        return ast.NoneLiteral(span=token_span(children[0]))

    def null_lit(self, meta: Meta, children: list[Token]) -> ast.Expr:
        return ast.NullLiteral(span=token_span(children[0]))

    def true_lit(self, meta: Meta, children: list[Token]) -> ast.Expr:
        return ast.BoolLiteral(value=True, span=token_span(children[0]))

    def false_lit(self, meta: Meta, children: list[Token]) -> ast.Expr:
        return ast.BoolLiteral(value=False, span=token_span(children[0]))

    def number(self, meta: Meta, children: list[Token]) -> ast.Expr:
        token = children[0]
        text = str(token)
        span = token_span(token)
        try:
            if token.type == "INT":
                return ast.NumberLiteral(value=parse_int(text), kind="int", span=span)
            if token.type == "DECIMAL":
                return ast.NumberLiteral(value=parse_decimal(text), kind="decimal", span=span)
            if token.type == "NAN":
                return ast.NumberLiteral(value=float("nan"), kind="float", span=span)
            if token.type == "INFINITY":
                return ast.NumberLiteral(value=float("inf"), kind="float", span=span)
            return ast.NumberLiteral(value=parse_float(text), kind="float", span=span)
        except LexicalError as error:
            _lexical(token, error)

    def duration_lit(self, meta: Meta, children: list[Token]) -> ast.Expr:
        return self._duration(children[0])

    def _duration(self, token: Token) -> ast.DurationLiteral:
        try:
            nanoseconds = parse_duration(str(token))
            return ast.DurationLiteral(nanoseconds=nanoseconds, span=token_span(token))
        except LexicalError as error:
            _lexical(token, error)

    def string(self, meta: Meta, children: list[Token]) -> ast.StringLiteral:
        token = children[0]
        return ast.StringLiteral(value=str(token), span=token_span(token))

    def prefixed_string(self, meta: Meta, children: list[Token]) -> ast.Expr:
        token = children[0]
        text = str(token)
        try:
            value = decode_string(text[1:])
        except LexicalError as error:
            _lexical(token, replace_offset(error, 2))
        span = token_span(token)
        prefix = text[0]
        if prefix == "s":
            return ast.StringLiteral(value=value, span=span)
        return ast.PrefixedString(prefix=cast(Any, prefix), value=value, span=span)

    def param(self, meta: Meta, children: list[Token]) -> ast.Param:
        token = children[0]
        try:
            name = decode_ident(str(token)[1:])
        except LexicalError as error:
            _lexical(token, replace_offset(error, 2))
        return ast.Param(name=sys.intern(name), span=token_span(token))

    # ---- record ids ----------------------------------------------------------------------

    def record_id(self, meta: Meta, children: list[Any]) -> ast.RecordIdLiteral:
        head, key = children
        try:
            table = decode_ident(str(head)[:-1])
        except LexicalError as error:
            _lexical(head, replace_offset(error, 1))
        return ast.RecordIdLiteral(table=table, key=key, span=meta_span(meta))

    def rid_generator(self, meta: Meta, children: list[Token]) -> ast.RecordGenerator:
        token = children[0]
        name = str(token)[:-2]
        return ast.RecordGenerator(name=cast(Any, name), span=token_span(token))

    def rid_number(self, meta: Meta, children: list[Token]) -> int | str:
        text = str(children[0])
        body = text.lstrip("+-")
        if body.isdigit():
            value = int(text)
            if -(2**63) <= value <= 2**63 - 1:
                return value
            return text  # out of i64 range: SurrealDB keeps it as a string key
        if text[0] in "+-":
            _fail("Invalid record id key", token_span(children[0]))
        return text

    def rid_ident(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    @passes_child
    def rid_array(self, meta: Meta, children: list[ast.ArrayLiteral]) -> ast.ArrayLiteral:
        return children[0]

    @passes_child
    def rid_object(self, meta: Meta, children: list[ast.ObjectLiteral]) -> ast.ObjectLiteral:
        return children[0]

    def rid_uuid(self, meta: Meta, children: list[Any]) -> ast.PrefixedString:
        value = self.prefixed_string(meta, children)
        if not isinstance(value, ast.PrefixedString) or value.prefix != "u":
            _fail("Invalid record id key: only u'…' strings are allowed", value.span)
        return value

    # ---- compound literals ---------------------------------------------------------------

    def array(self, meta: Meta, children: list[ast.Expr]) -> ast.ArrayLiteral:
        return ast.ArrayLiteral(items=tuple(children), span=meta_span(meta))

    def object(self, meta: Meta, children: list[Any]) -> ast.ObjectLiteral:
        entries = tuple(c for c in children if isinstance(c, tuple))
        return ast.ObjectLiteral(entries=entries, span=meta_span(meta))

    def object_entry(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Expr]:
        key, value = children
        if isinstance(key, ast.StringLiteral):
            return key.value, value
        return str(key), value

    def block(self, meta: Meta, children: list[ast.Expr]) -> ast.Block:
        for child in children:
            self._check_statement(child)
        return ast.Block(statements=tuple(children), span=meta_span(meta))

    def _check_statement(self, expr: Any) -> None:
        # SurrealDB 3.x refuses a bare `$x = …` statement (it used to be LET without LET).
        if isinstance(expr, ast.BinaryOp) and expr.op == "=" and isinstance(expr.left, ast.Param):
            _fail(
                "Variable declaration without `let` is deprecated",
                expr.span,
            )

    @passes_child
    def paren(self, meta: Meta, children: list[ast.Expr]) -> ast.Expr:
        # Like SurrealDB, keep no trace of grouping parentheses: the tree's shape already
        # says how the expression groups, and the printer adds parentheses where needed.
        return children[0]

    def _tuple_literal(self, meta: Meta, children: list[ast.Expr]) -> ast.TupleLiteral:
        # Bound to the rule name `tuple` at the end of the class (see there).
        return ast.TupleLiteral(items=tuple(children), span=meta_span(meta))

    # ---- identifiers, paths and calls ----------------------------------------------------

    def field_name(self, meta: Meta, children: list[Token]) -> ast.Expr:
        token = children[0]
        if token.type == "IDENT":
            self._check_expression_word(token)
        return ast.Field(name=text_of(token), span=token_span(token))

    def fn_path(self, meta: Meta, children: list[Token]) -> ast.Expr:
        token = children[0]
        path = "::".join(part.strip() for part in str(token).split("::"))
        return ast.Constant(path="fn" + path[2:], span=token_span(token))

    def builtin_path(self, meta: Meta, children: list[Token]) -> ast.Constant:
        return ast.Constant(path=sys.intern("::".join(str(c) for c in children)),
                            span=meta_span(meta))

    def call_args(self, meta: Meta, children: list[ast.Expr]) -> tuple[ast.Expr, ...]:
        return tuple(children)

    def graph_start(self, meta: Meta, children: list[Token]) -> ast.GraphStart:
        arrow = cast(Any, str(children[0]))
        what = str(children[1]) if len(children) > 1 else "?"
        return ast.GraphStart(arrow=arrow, what=what, span=meta_span(meta))

    def idiom(self, meta: Meta, children: list[Any]) -> ast.Expr:
        base, part = children
        span = meta_span(meta)
        if isinstance(part, ast.CallPart) and isinstance(base, (ast.Constant, ast.Field)):
            name = base.path if isinstance(base, ast.Constant) else base.name
            custom = name.lower().startswith("fn::")
            return ast.FunctionCall(name=name, args=part.args, custom=custom, span=span)
        if isinstance(base, ast.Idiom):
            return ast.Idiom(base=base.base, parts=(*base.parts, part), span=span)
        return ast.Idiom(base=base, parts=(part,), span=span)

    def part_field(self, meta: Meta, children: list[Token]) -> ast.Part:
        return ast.FieldPart(name=text_of(children[0]), span=meta_span(meta))

    def part_method(self, meta: Meta, children: list[Any]) -> ast.Part:
        name, args = children
        return ast.MethodPart(name=text_of(name), args=args, span=meta_span(meta))

    def part_all(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.AllPart(span=meta_span(meta))

    def part_optional(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.OptionalPart(span=meta_span(meta))

    def part_last(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.LastPart(span=meta_span(meta))

    def part_index(self, meta: Meta, children: list[ast.Expr]) -> ast.Part:
        return ast.IndexPart(index=children[0], span=meta_span(meta))

    def part_where(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.WherePart(condition=_nodes(children, ast.Expr)[0], span=meta_span(meta))

    def part_flatten(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.FlattenPart(span=meta_span(meta))

    def part_graph(self, meta: Meta, children: list[Token]) -> ast.Part:
        arrow = cast(Any, str(children[0]))
        what = str(children[1]) if len(children) > 1 else "?"
        return ast.GraphPart(arrow=arrow, what=what, span=meta_span(meta))

    def part_call(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.CallPart(args=children[0], span=meta_span(meta))

    def plain_idiom(self, meta: Meta, children: list[Any]) -> ast.Expr:
        first = children[0]
        base = ast.Field(name=text_of(first), span=token_span(first))
        if len(children) == 1:
            return base
        return ast.Idiom(base=base, parts=tuple(children[1:]), span=meta_span(meta))

    # ---- operators -----------------------------------------------------------------------

    def binary(self, meta: Meta, children: list[Any]) -> ast.Expr:
        left, op, right = children
        return ast.BinaryOp(op=canonical_operator(str(op)), left=left, right=right,
                            span=meta_span(meta))

    @passes_child
    def _keyword(self, meta: Meta, children: list[Token]) -> Token:
        return children[0]

    namespace_kw = database_kw = duration_kind = algorithm = bearer_subject = _keyword
    droppable = purge_kind = user_duration_kind = order_dir = data_kind = assign_op = _keyword
    or_op = and_op = output_kind = nullish_op = add_op = mul_op = prefix_op = _keyword
    range_op = flatten = graph_arrow = _keyword

    def power(self, meta: Meta, children: list[Any]) -> ast.Expr:
        left, right = children
        return ast.BinaryOp(op="**", left=left, right=right, span=meta_span(meta))

    def eq_op(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(c).upper() for c in children)

    def rel_op(self, meta: Meta, children: list[Token]) -> str:
        return " ".join(str(c).upper() for c in children)

    def unary(self, meta: Meta, children: list[Any]) -> ast.Expr:
        op, operand = children
        span = meta_span(meta)
        sign = str(op)
        if (
            sign == "-"
            and isinstance(operand, ast.NumberLiteral)
            and operand.span.start == token_span(op).end
        ):
            # `-1` with the sign touching the digits is a negative literal in SurrealDB.
            return replace(operand, value=-operand.value, span=span)
        return ast.UnaryOp(op=cast(Any, sign), operand=operand, span=span)

    def cast(self, meta: Meta, children: list[Any]) -> ast.Expr:
        kind, operand = children
        return ast.Cast(kind=kind, operand=operand, span=meta_span(meta))

    def kind(self, meta: Meta, children: list[str]) -> str:
        return " | ".join(children)

    def kind_item(self, meta: Meta, children: list[Any]) -> str:
        head = children[0]
        if isinstance(head, TOKENS) and head.type in ("NONE", "NULL"):
            return str(head).lower()
        name = str(head)
        inner = [c for c in children[1:] if isinstance(c, str) and not isinstance(c, TOKENS)]
        sizes = [str(c) for c in children[1:] if isinstance(c, TOKENS) and c.type == "INT"]
        if not inner:
            return name
        return f"{name}<{', '.join([*inner, *sizes])}>"

    def range(self, meta: Meta, children: list[Any]) -> ast.Expr:
        start, op, end = children
        return ast.Range(op=str(op), start=start, end=end, span=meta_span(meta))

    # ---- data statements -----------------------------------------------------------------

    def select_stmt(self, meta: Meta, children: list[Any]) -> ast.Select:
        fields, value = children[0]
        rest = children[1:]
        omit: tuple[ast.Expr, ...] = ()
        if rest and isinstance(rest[0], tuple) and not isinstance(rest[0], TOKENS):
            omit = rest[0]
            rest = rest[1:]
        only = bool(_tokens(rest, "ONLY"))
        lists = [c for c in rest if isinstance(c, list)]
        what = tuple(lists[0]) if lists else ()
        clauses = dict(
            c for c in rest if isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], str)
        )
        return ast.Select(
            fields=fields,
            value=value,
            omit=omit,
            only=only,
            what=what,
            where=clauses.get("where"),
            split=clauses.get("split", ()),
            group=clauses.get("group", ()),
            order=clauses.get("order", ()),
            limit=clauses.get("limit"),
            start=clauses.get("start"),
            fetch=clauses.get("fetch", ()),
            timeout=clauses.get("timeout"),
            parallel="parallel" in clauses,
            span=meta_span(meta),
        )

    def select_value(self, meta: Meta, children: list[Any]) -> _Projection:
        return (self.field_expr(meta, children),), True

    def select_list(self, meta: Meta, children: list[ast.SelectField]) -> _Projection:
        return tuple(children), False

    def field_all(self, meta: Meta, children: list[Any]) -> ast.SelectField:
        return ast.SelectField(expr=None, span=meta_span(meta))

    def field_expr(self, meta: Meta, children: list[Any]) -> ast.SelectField:
        exprs = _nodes(children, ast.Expr)
        alias = [
            str(c) for c in children if isinstance(c, TOKENS) and c.type in ("IDENT", "ESC_IDENT")
        ]
        return ast.SelectField(
            expr=exprs[0], alias=alias[0] if alias else None, span=meta_span(meta)
        )

    def idiom_list(self, meta: Meta, children: list[ast.Expr]) -> tuple[ast.Expr, ...]:
        return tuple(children)

    def expr_list(self, meta: Meta, children: list[ast.Expr]) -> list[ast.Expr]:
        return list(children)

    def where_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("where", children[-1])

    def split_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("split", children[-1])

    def group_all(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("group", "ALL")

    def group_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("group", children[-1])

    def order_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("order", tuple(_nodes(children, ast.OrderItem)))

    def order_item(self, meta: Meta, children: list[Any]) -> ast.OrderItem:
        direction = [c for c in children[1:] if isinstance(c, TOKENS)]
        return ast.OrderItem(
            expr=children[0],
            direction=cast(Any, str(direction[0]).upper()) if direction else "",
            span=meta_span(meta),
        )

    def limit_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("limit", children[-1])

    def start_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("start", children[-1])

    def fetch_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("fetch", children[-1])

    def timeout_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("timeout", children[-1])

    def parallel_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("parallel", True)

    def set_data(self, meta: Meta, children: list[ast.Assignment]) -> ast.Data:
        return ast.Data(kind="SET", assignments=tuple(children), span=meta_span(meta))

    def unset_data(self, meta: Meta, children: list[Any]) -> ast.Data:
        return ast.Data(kind="UNSET", fields=children[0], span=meta_span(meta))

    def content_data(self, meta: Meta, children: list[Any]) -> ast.Data:
        kind, value = children
        return ast.Data(kind=cast(Any, str(kind).upper()), value=value, span=meta_span(meta))

    def assignment(self, meta: Meta, children: list[Any]) -> ast.Assignment:
        target, op, value = children
        return ast.Assignment(target=target, op=str(op), value=value, span=meta_span(meta))

    def output_word(self, meta: Meta, children: list[Token]) -> ast.Output:
        return ast.Output(kind=cast(Any, str(children[0]).upper()), span=meta_span(meta))

    def output_fields(self, meta: Meta, children: list[ast.SelectField]) -> ast.Output:
        if len(children) == 1 and children[0].alias is None:
            expr = children[0].expr
            if isinstance(expr, ast.NoneLiteral):
                return ast.Output(kind="NONE", span=meta_span(meta))
            if isinstance(expr, ast.NullLiteral):
                return ast.Output(kind="NULL", span=meta_span(meta))
        return ast.Output(kind="FIELDS", fields=tuple(children), span=meta_span(meta))

    def _write_parts(self, children: list[Any]) -> dict[str, Any]:
        parts: dict[str, Any] = {"only": bool(_tokens(children, "ONLY"))}
        for child in children:
            if isinstance(child, list):
                parts["what"] = tuple(child)
            elif isinstance(child, ast.Data):
                parts["data"] = child
            elif isinstance(child, ast.Output):
                parts["output"] = child
            elif isinstance(child, tuple) and len(child) == 2 and child[0] in ("where", "timeout"):
                parts[child[0]] = child[1]
        return parts

    def create_stmt(self, meta: Meta, children: list[Any]) -> ast.Create:
        return ast.Create(span=meta_span(meta), **self._write_parts(children))

    def update_stmt(self, meta: Meta, children: list[Any]) -> ast.Update:
        return ast.Update(span=meta_span(meta), **self._write_parts(children))

    def upsert_stmt(self, meta: Meta, children: list[Any]) -> ast.Update:
        return ast.Update(upsert=True, span=meta_span(meta), **self._write_parts(children))

    def delete_stmt(self, meta: Meta, children: list[Any]) -> ast.Delete:
        return ast.Delete(span=meta_span(meta), **self._write_parts(children))

    def relate_stmt(self, meta: Meta, children: list[Any]) -> ast.Relate:
        source, kind, target = _nodes(children, ast.Expr)[:3]
        parts = self._write_parts(children)
        return ast.Relate(source=source, kind=kind, target=target,
                          unique=bool(_tokens(children, "UNIQUE")), span=meta_span(meta), **parts)

    def insert_into(self, meta: Meta, children: list[ast.Expr]) -> tuple[str, ast.Expr]:
        return ("into", children[0])

    def insert_stmt(self, meta: Meta, children: list[Any]) -> ast.Insert:
        into = next((c[1] for c in children if isinstance(c, tuple) and c[:1] == ("into",)), None)
        data = next(c for c in children if isinstance(c, ast.Expr))
        values = next((c for c in children if isinstance(c, _Values)), None)
        on_duplicate = next((c for c in children if isinstance(c, _OnDuplicate)), None)
        output = next((c for c in children if isinstance(c, ast.Output)), None)
        common: dict[str, Any] = {
            "into": into,
            "relation": bool(_tokens(children, "RELATION")),
            "ignore": bool(_tokens(children, "IGNORE")),
            "on_duplicate": on_duplicate.items if on_duplicate else (),
            "output": output,
            "span": meta_span(meta),
        }
        if values is None:
            return ast.Insert(data=data, **common)
        columns = _tuple_items(data)
        if not all(isinstance(c, (ast.Field, ast.Idiom)) for c in columns):
            _fail("Expected a list of fields before VALUES", data.span)
        rows = []
        for row in values.rows:
            items = _tuple_items(row)
            if len(items) != len(columns):
                _fail("The number of values does not match the number of fields", row.span)
            rows.append(items)
        return ast.Insert(columns=columns, rows=tuple(rows), **common)

    def insert_values(self, meta: Meta, children: list[ast.Expr]) -> _Values:
        return _Values(tuple(children))

    def on_duplicate(self, meta: Meta, children: list[ast.Assignment]) -> _OnDuplicate:
        return _OnDuplicate(tuple(children))

    # ---- control flow --------------------------------------------------------------------

    def if_braced(self, meta: Meta, children: list[Any]) -> ast.IfElse:
        return self._if(meta, children, worded=False)

    def if_worded(self, meta: Meta, children: list[Any]) -> ast.IfElse:
        return self._if(meta, children, worded=True)

    def _if(self, meta: Meta, children: list[Any], worded: bool) -> ast.IfElse:
        exprs = _nodes(children, ast.Expr)
        branches = tuple((exprs[i], exprs[i + 1]) for i in range(0, len(exprs) - 1, 2))
        otherwise = exprs[-1] if len(exprs) % 2 else None
        return ast.IfElse(
            branches=branches, otherwise=otherwise, worded=worded, span=meta_span(meta)
        )

    def let_stmt(self, meta: Meta, children: list[Any]) -> ast.Let:
        # LET of a protected name ($auth, $token, …) parses; SurrealDB refuses it when it
        # runs (checks.py reports a top-level one, the evaluator a nested one).
        name = self.param(meta, [children[0]]).name
        kind = next((c for c in children[1:-1] if isinstance(c, str)), None)
        return ast.Let(name=name, value=children[-1], kind=kind, span=meta_span(meta))

    def return_stmt(self, meta: Meta, children: list[ast.Expr]) -> ast.Return:
        return ast.Return(value=children[0], span=meta_span(meta))

    def throw_stmt(self, meta: Meta, children: list[ast.Expr]) -> ast.Throw:
        return ast.Throw(value=children[0], span=meta_span(meta))

    def break_stmt(self, meta: Meta, children: list[Any]) -> ast.Break:
        return ast.Break(span=meta_span(meta))

    def continue_stmt(self, meta: Meta, children: list[Any]) -> ast.Continue:
        return ast.Continue(span=meta_span(meta))

    # ---- DEFINE ACCESS -------------------------------------------------------------------

    def define_mode(self, meta: Meta, children: list[Token]) -> ast.DefineMode:
        if not children:
            return ""
        return "OVERWRITE" if children[0].type == "OVERWRITE" else "IF NOT EXISTS"

    @passes_child
    def base(self, meta: Meta, children: list[Token]) -> Token:
        return children[0]

    def define_access(self, meta: Meta, children: list[Any]) -> ast.DefineAccess:
        mode, name, base_token, *clauses = children
        base = _base(base_token)
        fields: dict[str, Any] = {}
        durations: dict[str, ast.Expr] = {}
        extensions: dict[str, Any] = {}
        clause_nodes: list[ast.Clause] = []
        for keyword, value, span, *blame in clauses:
            clause_nodes.append(_clause(keyword, value, span))
            if keyword == "TYPE":
                self._check_access_level(value, base, blame[0])
                fields["type"] = value
            elif keyword == "DURATION":
                durations.update(value)
            elif keyword in ("ISSUER", "AUDIENCE", "LEEWAY", "CLAIMS"):
                self._extension(keyword, span)
                attr = _EXTENSION_FIELDS[keyword]
                if attr in extensions:
                    _fail(f"The {keyword} clause may appear only once", span)
                extensions[attr] = value
            else:
                fields[keyword.lower()] = value
        return ast.DefineAccess(
            name=name,
            base=base,
            mode=mode,
            type=fields.get("type"),
            authenticate=fields.get("authenticate"),
            durations=_durations(durations),
            comment=fields.get("comment"),
            extensions=ast.Extensions(**extensions),
            clauses=tuple(clause_nodes),
            span=meta_span(meta),
        )

    def _extension(self, keyword: str, span: Span) -> None:
        if self.dialect == "surrealdb":
            _fail(
                f"{keyword} is a surrealaccess extension of DEFINE ACCESS, "
                "not available in dialect 'surrealdb'",
                span,
            )

    def _check_access_level(self, value: Any, base: ast.Base, blame: Span) -> None:
        if base == "DATABASE":
            return
        if isinstance(value, ast.RecordAccess):
            span = value.span
            record_word = Span(span.line, span.column, span.line, span.column + 6,
                               span.start, span.start + 6)
            _fail("Unexpected token `RECORD`, expected a valid access type at this level",
                  record_word)
        if isinstance(value, ast.BearerAccess) and value.subject == "RECORD":
            _fail("Unexpected token `RECORD`, expected USER", blame)

    def type_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span, Span]:
        # The fourth item is the span to blame when the type is not allowed at this level.
        value = children[0]
        if isinstance(value, tuple):  # a bearer type comes with the span of its subject
            value, subject_span = value
            return ("TYPE", value, meta_span(meta), subject_span)
        return ("TYPE", value, meta_span(meta), value.span)

    def authenticate_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("AUTHENTICATE", children[0], meta_span(meta))

    def comment_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("COMMENT", children[0], meta_span(meta))

    def duration_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        items: dict[str, ast.Expr] = {}
        for kind, value in children:
            items[kind] = value
        return ("DURATION", items, meta_span(meta))

    def duration_item(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Expr]:
        kind, value = children[0], children[1]
        return (str(kind).lower(), value)

    def issuer_ext_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("ISSUER", tuple(_nodes(children, ast.StringLiteral)), meta_span(meta))

    def audience_ext_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("AUDIENCE", tuple(_nodes(children, ast.StringLiteral)), meta_span(meta))

    def leeway_ext_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("LEEWAY", self._duration(children[1]), meta_span(meta))

    def claims_ext_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("CLAIMS", children[1], meta_span(meta))

    def jwt_type(self, meta: Meta, children: list[Any]) -> ast.JwtAccess:
        return ast.JwtAccess(jwt=children[1], span=meta_span(meta))

    def jwt(self, meta: Meta, children: list[Any]) -> ast.JwtConfig:
        verifier = children[0]
        issuer: ast.Issuer | None = None
        if len(children) > 1:
            items, issuer_span = children[1]
            algorithm: ast.Algorithm | None = None
            key: ast.Expr | None = None
            algorithm_span = issuer_span
            for kind, value, span in items:
                if kind == "KEY":
                    key = value
                    continue
                algorithm = value
                algorithm_span = span
                if isinstance(verifier, ast.KeyVerifier) and value != verifier.algorithm:
                    _fail(
                        f"Unexpected token `{value}`, expected a compatible algorithm "
                        "or no algorithm",
                        span,
                    )
            issuer = ast.Issuer(algorithm=algorithm, key=key, span=issuer_span,
                                algorithm_span=algorithm_span)
        return ast.JwtConfig(verifier=verifier, issuer=issuer, span=meta_span(meta))

    def jwt_key(self, meta: Meta, children: list[Any]) -> ast.KeyVerifier:
        alg, key = children
        return ast.KeyVerifier(algorithm=_algorithm(alg), key=key, span=meta_span(meta),
                               algorithm_span=token_span(alg))

    def jwt_url(self, meta: Meta, children: list[Any]) -> ast.UrlVerifier:
        return ast.UrlVerifier(url=children[0], span=meta_span(meta))

    def issuer(self, meta: Meta, children: list[Any]) -> tuple[list[Any], Span]:
        return [c for c in children if isinstance(c, tuple)], meta_span(meta)

    def issuer_alg(self, meta: Meta, children: list[Token]) -> tuple[str, Any, Span]:
        return ("ALGORITHM", _algorithm(children[0]), token_span(children[0]))

    def issuer_key(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("KEY", children[0], meta_span(meta))

    def record_type(self, meta: Meta, children: list[Any]) -> ast.RecordAccess:
        signup = signin = None
        jwt: ast.JwtConfig | None = None
        refresh = False
        for child in children[1:]:
            kind, value = child
            if kind == "SIGNUP":
                signup = value
            elif kind == "SIGNIN":
                signin = value
            elif kind == "JWT":
                jwt = value
            else:
                refresh = True
        return ast.RecordAccess(
            signup=signup, signin=signin, jwt=jwt, refresh=refresh, span=meta_span(meta)
        )

    def record_auth(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return (str(children[0]).upper(), children[1])

    def record_with_jwt(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("JWT", _nodes(children, ast.JwtConfig)[0])

    def record_with_refresh(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("REFRESH", True)

    def bearer_type(self, meta: Meta, children: list[Any]) -> tuple[ast.BearerAccess, Span]:
        subject = next(c for c in children if isinstance(c, TOKENS) and c.type != "BEARER")
        jwt = _nodes(children, ast.JwtConfig)
        node = ast.BearerAccess(
            subject=cast(Any, str(subject).upper()),
            jwt=jwt[0] if jwt else None,
            span=meta_span(meta),
        )
        return node, token_span(subject)

    # ---- ALTER / REMOVE / ACCESS ---------------------------------------------------------

    def alter_access(self, meta: Meta, children: list[Any]) -> ast.AlterAccess:
        if_exists, (name_token, base_token, *clauses) = _split_if_exists(children)
        fields: dict[str, Any] = {}
        durations: dict[str, ast.Expr] = {}
        for kind, value in clauses:
            if kind == "DURATION":
                durations.update(value)
            elif kind == "DROP AUTHENTICATE":
                fields["authenticate"] = None
                fields["drop_authenticate"] = True
            elif kind == "DROP COMMENT":
                fields["comment"] = None
                fields["drop_comment"] = True
            elif kind == "AUTHENTICATE":
                fields["authenticate"] = value
                fields["drop_authenticate"] = False
            else:
                fields["comment"] = value
                fields["drop_comment"] = False
        return ast.AlterAccess(
            name=str(name_token),
            base=_base(base_token),
            if_exists=if_exists,
            durations=_durations(durations),
            span=meta_span(meta),
            **fields,
        )

    def alter_drop(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return (f"DROP {str(children[1]).upper()}", None)

    def alter_authenticate(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("AUTHENTICATE", children[0])

    def alter_durations(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("DURATION", dict(children))

    def alter_comment(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("COMMENT", children[0])

    def alter_duration(self, meta: Meta, children: list[Token]) -> tuple[str, ast.Expr]:
        kind, value = children
        if value.type == "NONE":
            return (str(kind).lower(), ast.NoneLiteral(span=token_span(value)))
        return (str(kind).lower(), self._duration(value))

    def remove_access(self, meta: Meta, children: list[Any]) -> ast.RemoveAccess:
        if_exists, (name, base) = _split_if_exists(children)
        return ast.RemoveAccess(
            name=name, base=_base(base), if_exists=if_exists, span=meta_span(meta)
        )

    def remove_user(self, meta: Meta, children: list[Any]) -> ast.RemoveUser:
        if_exists, (name, base) = _split_if_exists(children)
        return ast.RemoveUser(
            name=name, base=_base(base), if_exists=if_exists, span=meta_span(meta)
        )

    def access_stmt(self, meta: Meta, children: list[Any]) -> Any:
        name = str(children[0])
        base = _base(children[1]) if len(children) == 3 else None
        action = children[-1]
        return replace(action, access=name, base=base, span=meta_span(meta))

    def grant_user(self, meta: Meta, children: list[Token]) -> ast.AccessGrant:
        return ast.AccessGrant(access="", base=None, subject="USER", user=str(children[-1]))

    def grant_record(self, meta: Meta, children: list[Any]) -> ast.AccessGrant:
        return ast.AccessGrant(access="", base=None, subject="RECORD", record=children[-1])

    def show_grants(self, meta: Meta, children: list[ast.AccessShow]) -> ast.AccessShow:
        return replace(children[0], action="SHOW")

    def revoke_grants(self, meta: Meta, children: list[ast.AccessShow]) -> ast.AccessShow:
        return replace(children[0], action="REVOKE")

    def select_all(self, meta: Meta, children: list[Any]) -> ast.AccessShow:
        return ast.AccessShow(access="", base=None, action="SHOW")

    def select_grant(self, meta: Meta, children: list[Token]) -> ast.AccessShow:
        return ast.AccessShow(access="", base=None, action="SHOW", grant=str(children[0]))

    def select_where(self, meta: Meta, children: list[Any]) -> ast.AccessShow:
        return ast.AccessShow(access="", base=None, action="SHOW", where=children[0])

    def purge_grants(self, meta: Meta, children: list[Token]) -> ast.AccessPurge:
        kinds = {str(c).upper() for c in children if isinstance(c, TOKENS) and c.type != "DURATION"}
        grace = _tokens(children, "DURATION")
        return ast.AccessPurge(
            access="",
            base=None,
            expired="EXPIRED" in kinds,
            revoked="REVOKED" in kinds,
            grace=self._duration(grace[0]) if grace else None,
        )

    # ---- DEFINE USER ---------------------------------------------------------------------

    def define_user(self, meta: Meta, children: list[Any]) -> ast.DefineUser:
        mode, name, base_token, *clauses = children
        fields: dict[str, Any] = {}
        durations: dict[str, ast.Expr] = {}
        clause_nodes = []
        for keyword, value, span in clauses:
            clause_nodes.append(_clause(keyword, value, span))
            if keyword == "DURATION":
                durations.update(value)
            else:
                fields[keyword.lower()] = value
        if "password" in fields and "passhash" in fields:
            span = next(c.span for c in clause_nodes if c.keyword == "PASSHASH")
            _fail("Cannot set both PASSWORD and PASSHASH", span)
        return ast.DefineUser(
            name=name,
            base=_base(base_token),
            mode=mode,
            password=fields.get("password"),
            passhash=fields.get("passhash"),
            roles=fields.get("roles", ()),
            durations=_durations(durations),
            comment=fields.get("comment"),
            clauses=tuple(clause_nodes),
            span=meta_span(meta),
        )

    def user_password(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("PASSWORD", children[0], meta_span(meta))

    def user_passhash(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("PASSHASH", children[0], meta_span(meta))

    def user_roles(self, meta: Meta, children: list[Token]) -> tuple[str, Any, Span]:
        # Kept as written: SurrealDB stores (and puts in a bearer token's RL) the spelling.
        for token in children:
            if system_role(str(token)) is None:
                _fail(
                    f"Invalid role `{token}`, expected VIEWER, EDITOR or OWNER", token_span(token)
                )
        return ("ROLES", tuple(str(token) for token in children), meta_span(meta))

    def al_user_roles(self, meta: Meta, children: list[Token]) -> tuple[str, Any, Span]:
        # ALTER USER … ROLES takes any name (SurrealDB stores it; signing in refuses it).
        return ("ROLES", tuple(str(token) for token in children), meta_span(meta))

    def user_durations(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("DURATION", dict(children), meta_span(meta))

    def user_duration(self, meta: Meta, children: list[Any]) -> tuple[str, ast.Expr]:
        return (str(children[0]).lower(), children[1])

    def user_comment(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Span]:
        return ("COMMENT", children[0], meta_span(meta))

    # ---- legacy statements ---------------------------------------------------------------

    def _legacy(self, meta: Meta, what: str) -> None:
        if self.dialect == "surrealdb":
            span = meta_span(meta)
            word_start = span.start + len("DEFINE ")
            # SurrealDB 3.x stops at the word after DEFINE; point at it, as the engine does.
            _fail(
                f"Unexpected token `an identifier`, expected a define statement keyword "
                f"(DEFINE {what} was removed in SurrealDB 3.x)",
                Span(span.line, span.column + 7, span.line, span.column + 7 + len(what),
                     word_start, word_start + len(what)),
            )

    def define_scope(self, meta: Meta, children: list[Any]) -> ast.DefineScope:
        self._legacy(meta, "SCOPE")
        mode, name, *clauses = children
        fields = {kind: value for kind, value in clauses}
        return ast.DefineScope(name=str(name), mode=mode, span=meta_span(meta), **fields)

    def scope_session(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("session", children[0])

    def scope_signup(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("signup", children[-1])

    def scope_signin(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("signin", children[-1])

    def scope_comment(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("comment", children[0])

    def define_token(self, meta: Meta, children: list[Any]) -> ast.DefineToken:
        self._legacy(meta, "TOKEN")
        mode, name, (base, scope), *clauses = children
        fields = {kind: value for kind, value in clauses}
        return ast.DefineToken(name=str(name), base=base, scope=scope, mode=mode,
                               span=meta_span(meta), **fields)

    def token_base(self, meta: Meta, children: list[Token]) -> tuple[str, str | None]:
        if children[0].type == "SCOPE":
            return ("SCOPE", str(children[1]))
        return (_base(children[0]), None)

    def token_type(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("algorithm", str(children[0]).upper())

    def token_value(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("value", children[-1])

    def token_comment(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("comment", children[0])

    # ---- USE -----------------------------------------------------------------------------

    def use_ns(self, meta: Meta, children: list[Any]) -> ast.Use:
        exprs = _nodes(children, ast.Expr)
        return ast.Use(namespace=exprs[0], database=exprs[1] if len(exprs) > 1 else None,
                       span=meta_span(meta))

    def use_db(self, meta: Meta, children: list[Any]) -> ast.Use:
        return ast.Use(database=_nodes(children, ast.Expr)[0], span=meta_span(meta))

    # Lark calls the method named after the rule. A method named `tuple` shadows the built-in
    # in the annotations of every method after it (mypy resolves them in the class scope), so
    # the rule's callback is bound last.
    tuple = _tuple_literal


#: Operator spellings that SurrealDB prints differently from how they may be written.
_OPERATOR_SPELLINGS = {
    "||": "OR", "&&": "AND", "×": "*", "÷": "/",
    "∋": "CONTAINS", "∌": "CONTAINSNOT", "∈": "INSIDE", "∉": "NOTINSIDE",
    "⊇": "CONTAINSALL", "⊃": "CONTAINSANY", "⊅": "CONTAINSNONE",
    "⊆": "ALLINSIDE", "⊂": "ANYINSIDE", "⊄": "NONEINSIDE",
    # SurrealDB reads these as the same operators (and prints them so).
    "IN": "INSIDE", "NOT IN": "NOTINSIDE", "IS": "=", "IS NOT": "!=",
}  # fmt: skip


def canonical_operator(text: str) -> str:
    """Return the canonical spelling of an infix operator (upper-case, single spaces)."""
    text = " ".join(text.split()).upper()
    return _OPERATOR_SPELLINGS.get(text) or sys.intern(text)


def replace_offset(error: LexicalError, shift: int) -> LexicalError:
    """Return the same lexical error, with its offset moved by the length of a prefix."""
    return LexicalError(error.message, error.offset + shift)


def _clause(keyword: str, value: Any, span: Span) -> ast.Clause:
    return ast.Clause(keyword=keyword, value=value if isinstance(value, ast.Node) else None,
                      span=span)


def _algorithm(token: Token) -> ast.Algorithm:
    return cast(ast.Algorithm, str(token).upper())


def _tuple_items(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    # `(a, b)` is a tuple; a single parenthesised item arrives as the item itself.
    return expr.items if isinstance(expr, ast.TupleLiteral) else (expr,)


class _Values(tuple[Any, ...]):
    @property
    def rows(self) -> tuple[Any, ...]:
        return tuple(self[0])

    def __new__(cls, rows: tuple[Any, ...]) -> _Values:
        return super().__new__(cls, (rows,))


class _OnDuplicate(tuple[Any, ...]):
    @property
    def items(self) -> tuple[ast.Assignment, ...]:
        return tuple(self[0])

    def __new__(cls, items: tuple[ast.Assignment, ...]) -> _OnDuplicate:
        return super().__new__(cls, (items,))
