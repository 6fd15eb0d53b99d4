"""AST callbacks for the schema language and the rest of the expression language.

They cover every DEFINE, ALTER and REMOVE but ACCESS and USER, INFO, and the utility statements
(transactions, OPTION, KILL, LIVE, SHOW, SLEEP, FOR, REBUILD, EXPLAIN).

`SchemaToAst` extends `ToAst`. Clause callbacks return ``(keyword, value, span)`` triples; the
statement callbacks fold them (the last clause wins), apply the parse-time checks SurrealDB
makes, and resolve the defaults SurrealDB stores, so that a node equals the node parsed back
from its canonical text.
"""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from typing import Any, cast

from lark import Token

from . import ast
from .ast_builder import passes_child
from .builtins import canonical_constant
from .lexical import format_duration, format_float, parse_duration, quote_name, quote_string
from .source import Span
from .transform import (
    TOKENS,
    Meta,
    ToAst,
    _base,
    _fail,
    _nodes,
    _split_if_exists,
    meta_span,
    text_of,
    token_span,
)

_Clause = tuple[str, Any, Span]

#: Kind names that take no parameters, as SurrealDB prints them.
_SIMPLE_KINDS = {
    name: name for name in (
        "any", "none", "null", "bool", "bytes", "datetime", "decimal", "duration", "float",
        "int", "number", "object", "string", "uuid", "regex", "range", "function",
    )
}  # fmt: skip
_TABLE_KINDS = frozenset({"record", "table", "file"})
_GEOMETRIES = frozenset(
    {"point", "line", "polygon", "multipoint", "multiline", "multipolygon", "collection"}
)
_ACTIONS = ("select", "create", "update", "delete")

#: 2.x index parameters that 3.x no longer has.
_LEGACY_INDEX = "SEARCH / MTREE indexes were removed in SurrealDB 3.x"


def split_union(text: str) -> list[str]:
    """Split a canonical kind at its top-level ``|`` (not inside ``<…>``, ``{…}``, ``[…]``)."""
    parts: list[str] = []
    depth = 0
    start = 0
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "<{[":
            depth += 1
        elif ch in ">}]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _union(items: list[str]) -> str:
    seen: list[str] = []
    for item in items:
        for part in split_union(item):
            if part not in seen:
                seen.append(part)
    return " | ".join(seen)


def _int(token: Token) -> int:
    return int(str(token).replace("_", ""))


def _number_value(node: ast.Expr) -> int | float:
    assert isinstance(node, ast.NumberLiteral)
    return node.value if isinstance(node.value, int) else float(node.value)


def _fn_name(token: Token) -> str:
    parts = [p.strip() for p in str(token).split("::")]
    return "::".join(parts[1:])


class SchemaToAst(ToAst):
    """`ToAst` plus the callbacks of the schema language."""

    def reset(self) -> None:
        super().reset()
        self._legacy_found: list[tuple[str, Span]] | None = None

    # ---- kinds ---------------------------------------------------------------------------

    def kind(self, meta: Meta, children: list[Any]) -> str:
        if len(children) == 1 and type(children[0]) is str:
            return children[0]  # one plain kind, already canonical (what `_union` would give)
        items = [c for c in children if isinstance(c, str) and not isinstance(c, TOKENS)]
        if all(isinstance(c, _Name) for c in items):
            return _Name(" | ".join(items))
        if any(isinstance(c, _Name) for c in items):
            return _Mixed(" | ".join(items))
        if any(isinstance(c, _Option) for c in items):
            return _Option(_union(items))
        if len(items) > 1 and "any" in items:
            _fail("Unexpected token `|`, `any` cannot be part of a union", meta_span(meta))
        return _union(items)

    def kind_item(self, meta: Meta, children: list[Any]) -> str:
        head = children[0]
        if len(children) == 1 and head.type == "IDENT":
            simple = str(head).lower()
            if simple in _SIMPLE_KINDS:
                return _SIMPLE_KINDS[simple]  # the shared canonical string
        span = meta_span(meta)
        if isinstance(head, TOKENS) and head.type in ("NONE", "NULL"):
            if len(children) > 1:
                _fail(f"Unexpected token `<`, `{str(head).lower()}` takes no parameters", span)
            return str(head).lower()
        name = str(head).lower() if head.type == "IDENT" else str(head)
        inner = [c for c in children[1:] if isinstance(c, str) and not isinstance(c, TOKENS)]
        sizes = [c for c in children[1:] if isinstance(c, TOKENS) and c.type == "INT"]
        generic = len(children) > 1
        if name == "future":
            _fail("`<future>` was removed in SurrealDB 3.x; use a COMPUTED field (DEFINE FIELD … "
                  "COMPUTED expr) or compute the value in the query instead", span)
        if name in _SIMPLE_KINDS:
            if generic:
                _fail(f"Unexpected token `<`, the kind `{name}` takes no parameters", span)
            return name
        if name == "point":
            if generic:
                _fail("Unexpected token `<`, the kind `point` takes no parameters", span)
            return "geometry<point>"
        for item in inner:
            if isinstance(item, _Name) and name not in _TABLE_KINDS and name != "geometry":
                _fail(f"Unexpected token `{item}`, expected a kind name", span)
        if name == "option":
            if not generic or len(inner) != 1 or sizes:
                _fail("Unexpected token, expected `option<kind>`", span)
            if "any" in split_union(inner[0]):
                _fail("Unexpected token `any`, `option<any>` is not a valid kind", span)
            if isinstance(inner[0], _Option):
                _fail("Unexpected token `OPTION`, expected a kind name", span)
            return _Option(_union(["none", inner[0]]))
        if name in _TABLE_KINDS:
            if not generic:
                return name
            tables = [t for item in inner for t in split_union(item)]
            if sizes or not all(_is_names(item) for item in inner):
                _fail(f"Unexpected token, expected table names in `{name}<…>`", span)
            return f"{name}<{' | '.join(tables)}>"
        if name == "geometry":
            if not generic:
                return name
            geos = [g for item in inner for g in split_union(item)]
            geos = ["point" if g == "geometry<point>" else g.lower() for g in geos]
            if sizes or not all(g in _GEOMETRIES for g in geos):
                _fail("Unexpected token, expected a geometry kind", span)
            return f"geometry<{' | '.join(geos)}>"
        if name in ("array", "set"):
            if not generic:
                return name
            if len(inner) != 1 or len(sizes) > 1:
                _fail(f"Unexpected token, expected `{name}<kind[, size]>`", span)
            size = f", {_int(sizes[0])}" if sizes else ""
            if inner[0] == "any" and not size:
                return name
            return f"{name}<{inner[0]}{size}>"
        if generic:
            _fail(f"Unexpected token `{head}`, expected a kind name", token_span(head))
        return _Name(quote_name(str(head)))

    def kind_literal(self, meta: Meta, children: list[Any]) -> str:
        value = children[-1]
        if isinstance(value, ast.StringLiteral):
            return quote_string(value.value)
        if isinstance(value, ast.NumberLiteral):
            sign = -1 if len(children) == 2 and str(children[0]) == "-" else 1
            number = value.value * sign
            if value.kind == "int":
                return str(number)
            if value.kind == "decimal":
                return f"{number}dec"
            return format_float(float(number))
        assert isinstance(value, TOKENS)
        if value.type == "DURATION":
            return format_duration(parse_duration(str(value)))
        return str(value).lower()

    @passes_child
    def kind_sign(self, meta: Meta, children: list[Token]) -> Token:
        return children[0]

    def kind_entry(self, meta: Meta, children: list[Any]) -> tuple[str, str]:
        key, kind = children
        if isinstance(key, ast.StringLiteral):
            return (key.value, kind)
        return (str(key), kind)

    def kind_object(self, meta: Meta, children: list[Any]) -> str:
        entries: dict[str, str] = dict(c for c in children if isinstance(c, tuple))
        if not entries:
            return "{  }"
        from .formatter import object_key

        body = ", ".join(f"{object_key(k)}: {v}" for k, v in sorted(entries.items()))
        return "{ " + body + " }"

    def kind_array(self, meta: Meta, children: list[Any]) -> str:
        items = [c for c in children if isinstance(c, str) and not isinstance(c, TOKENS)]
        return "[" + ", ".join(items) + "]"

    def cast(self, meta: Meta, children: list[Any]) -> ast.Expr:
        kind, operand = children
        span = meta_span(meta)
        return ast.Cast(kind=checked_kind(kind, span), operand=operand, span=span)

    # ---- shared pieces -------------------------------------------------------------------

    def perms_none(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("NONE", None)

    def perms_full(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("FULL", None)

    def perms_groups(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("FOR", [c for c in children if isinstance(c, tuple)])

    def perm_group(self, meta: Meta, children: list[Any]) -> tuple[list[Token], Any]:
        actions = [c for c in children if isinstance(c, TOKENS)]
        return (actions, children[-1])

    @passes_child
    def perm_action(self, meta: Meta, children: list[Token]) -> Token:
        return children[0]

    def perm_none(self, meta: Meta, children: list[Any]) -> ast.Permission:
        return "NONE"

    def perm_full(self, meta: Meta, children: list[Any]) -> ast.Permission:
        return "FULL"

    def perm_where(self, meta: Meta, children: list[Any]) -> ast.Permission:
        return cast(ast.Expr, children[-1])

    def _permissions(self, written: tuple[str, Any] | None, *, field: bool) -> ast.Permissions:
        if written is None:
            return ast.FULL_PERMISSIONS if field else ast.Permissions()
        kind, groups = written
        if kind == "FULL":
            return ast.FULL_PERMISSIONS
        if kind == "NONE":
            if field:
                return ast.Permissions(delete="FULL")
            return ast.Permissions()
        rules: dict[str, ast.Permission] = (
            {a: "FULL" for a in _ACTIONS} if field else {a: "NONE" for a in _ACTIONS}
        )
        for actions, value in groups:
            for action in actions:
                word = str(action).lower()
                if field and word == "delete":
                    _fail(
                        "Unexpected token `DELETE`, expected SELECT, CREATE or UPDATE "
                        "(fields have no DELETE permission)",
                        token_span(action),
                    )
                rules[word] = value
        return ast.Permissions(
            select=rules["select"],
            create=rules["create"],
            update=rules["update"],
            delete=rules["delete"],
        )

    def schema_comment(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("COMMENT", _stored_comment(children[-1]), meta_span(meta))

    def changefeed(self, meta: Meta, children: list[Token]) -> _Clause:
        expiry = self._duration(children[0]).nanoseconds
        node = ast.ChangeFeed(expiry=expiry, original=len(children) > 1, span=meta_span(meta))
        return ("CHANGEFEED", node, meta_span(meta))

    def field_path(self, meta: Meta, children: list[Any]) -> ast.Expr:
        first = children[0]
        if isinstance(first, ast.Expr):
            return first
        if first.type == "IDENT":
            self._check_expression_word(first)
        base = ast.Field(name=text_of(first), span=token_span(first))
        if len(children) == 1:
            return base
        return ast.Idiom(base=base, parts=tuple(children[1:]), span=meta_span(meta))

    def part_number(self, meta: Meta, children: list[Token]) -> ast.Part:
        number = ast.NumberLiteral(
            value=_int(children[0]), kind="int", span=token_span(children[0])
        )
        return ast.IndexPart(index=number, span=meta_span(meta))

    def table_list(self, meta: Meta, children: list[Token]) -> tuple[str, ...]:
        return tuple(str(c) for c in children)

    table_kw = flexible = fields_kw = dist_kw = rel_in = rel_out = ToAst._keyword
    tokenizer = distance_word = vector_type = http_method = config_what = ToAst._keyword
    info_level = tx_word = option_value = explain_format_kind = legacy_order = ToAst._keyword
    gq_auto_none = drop_word = ToAst._keyword

    def config_mode(self, meta: Meta, children: list[Token]) -> ast.DefineMode:
        return self.define_mode(meta, children)

    @staticmethod
    def _fold(clauses: list[Any]) -> dict[str, Any]:
        folded: dict[str, Any] = {}
        for clause in clauses:
            if isinstance(clause, tuple) and len(clause) == 3 and isinstance(clause[0], str):
                folded[clause[0]] = clause[1]
        return folded

    @staticmethod
    def _clauses(children: list[Any]) -> list[_Clause]:
        return [
            c for c in children
            if isinstance(c, tuple) and len(c) == 3 and isinstance(c[0], str)
        ]  # fmt: skip

    def _head(self, children: list[Any]) -> tuple[ast.DefineMode, list[Any]]:
        """Split off the DEFINE mode (the first child that is a mode string)."""
        rest = [c for c in children if not (isinstance(c, TOKENS) and c.type in ("TB", "TABLE"))]
        for i, child in enumerate(rest):
            if isinstance(child, str) and not isinstance(child, TOKENS):
                return cast(ast.DefineMode, child), rest[:i] + rest[i + 1 :]
        return "", rest

    # ---- DEFINE NAMESPACE / DATABASE -----------------------------------------------------

    def define_namespace(self, meta: Meta, children: list[Any]) -> ast.DefineNamespace:
        mode, rest = self._head(children[1:])
        folded = self._fold(rest)
        return ast.DefineNamespace(
            name=rest[0], mode=mode, comment=_comment(folded), span=meta_span(meta)
        )

    def define_database(self, meta: Meta, children: list[Any]) -> ast.DefineDatabase:
        mode, rest = self._head(children[1:])
        folded = self._fold(rest)
        return ast.DefineDatabase(
            name=rest[0], mode=mode, comment=_comment(folded),
            changefeed=folded.get("CHANGEFEED"), strict="STRICT" in folded,
            span=meta_span(meta),
        )  # fmt: skip

    def db_strict(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("STRICT", True, meta_span(meta))

    # ---- DEFINE TABLE --------------------------------------------------------------------

    def define_table(self, meta: Meta, children: list[Any]) -> ast.DefineTable:
        mode, rest = self._head(children)
        name = rest[0]
        fields: dict[str, Any] = {}
        full: bool | None = None
        table_type: tuple[str, Any] | None = None
        permissions = None
        for keyword, value, _ in self._clauses(rest):
            if keyword == "SCHEMAFULL":
                full = True
            elif keyword == "SCHEMALESS":
                full = False
            elif keyword == "TYPE":
                table_type = value
            elif keyword == "PERMISSIONS":
                permissions = value
            else:
                fields[keyword] = value
        kind = "ANY"
        relation: dict[str, Any] = {}
        if table_type is not None:
            kind, relation = table_type
        elif full:
            kind = "NORMAL"
        return ast.DefineTable(
            name=name, mode=mode, table_type=cast(Any, kind),
            relation_in=relation.get("in", ()), relation_out=relation.get("out", ()),
            enforced=relation.get("enforced", False), drop="DROP" in fields,
            full=bool(full), view=fields.get("AS"), changefeed=fields.get("CHANGEFEED"),
            permissions=self._permissions(permissions, field=False),
            comment=_comment(fields), graphql_alias=fields.get("GRAPHQL_ALIAS"),
            graphql_deprecated=fields.get("GRAPHQL_DEPRECATED"), span=meta_span(meta),
        )  # fmt: skip

    def tb_drop(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("DROP", True, meta_span(meta))

    def tb_schemafull(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("SCHEMAFULL", True, meta_span(meta))

    def tb_schemaless(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("SCHEMALESS", True, meta_span(meta))

    def tb_type(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("TYPE", children[-1], meta_span(meta))

    def tt_normal(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("NORMAL", {})

    def tt_any(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("ANY", {})

    def tt_relation(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        relation: dict[str, Any] = {}
        for child in children:
            if isinstance(child, tuple):
                relation[child[0]] = child[1]
            elif isinstance(child, TOKENS) and child.type == "ENFORCED":
                relation["enforced"] = True
        return ("RELATION", relation)

    def rel_from(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("in", children[-1])

    def rel_to(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("out", children[-1])

    def tb_view(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("AS", children[-1], meta_span(meta))

    def table_view(self, meta: Meta, children: list[Any]) -> ast.Select:
        view = _nodes(children, ast.Select)[0]
        for what in view.what:
            if not isinstance(what, ast.Field):
                _fail("Unexpected token, expected a table name in the view's FROM", what.span)
        return view

    def tb_permissions(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("PERMISSIONS", children[-1], meta_span(meta))

    def tb_graphql_alias(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("GRAPHQL_ALIAS", children[-1].value, meta_span(meta))

    def tb_graphql_deprecated(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("GRAPHQL_DEPRECATED", children[-1].value, meta_span(meta))

    fd_graphql_alias = tb_graphql_alias
    fd_graphql_deprecated = tb_graphql_deprecated

    def tb_shard(self, meta: Meta, children: list[Any]) -> _Clause:  # pragma: no cover
        return ("SHARD", True, meta_span(meta))

    # ---- DEFINE FIELD --------------------------------------------------------------------

    def define_field(self, meta: Meta, children: list[Any]) -> ast.DefineField:
        mode, rest = self._head(children)
        name, table = rest[0], rest[1]
        values: dict[str, Any] = {}
        kind: str | None = None
        flexible = False
        permissions = None
        for keyword, value, span in self._clauses(rest[2:]):
            if keyword == "TYPE":
                kind, flexible = value
            elif keyword == "FLEXIBLE_TYPE":
                self._legacy_syntax(
                    "FLEXIBLE before TYPE is 2.x syntax; SurrealDB 3.x writes "
                    "`TYPE object FLEXIBLE`",
                    span,
                )
                kind, flexible = value, True
            elif keyword == "FLEXIBLE":
                self._legacy_syntax(
                    "FLEXIBLE must follow a TYPE clause in SurrealDB 3.x (`TYPE object FLEXIBLE`)",
                    span,
                )
                flexible = True
            elif keyword == "PERMISSIONS":
                permissions = value
            elif keyword == "DEFAULT":
                values["default"], values["default_always"] = value
            else:
                values[keyword] = value
        if flexible and kind is not None and not _has_object(kind):
            self._legacy_syntax(
                "FLEXIBLE can only be used with an object type in SurrealDB 3.x", meta_span(meta)
            )
        return ast.DefineField(
            name=name, table=table, mode=mode, kind=kind, flexible=flexible,
            readonly="READONLY" in values, value=values.get("VALUE"),
            assert_=values.get("ASSERT"), default=values.get("default"),
            default_always=values.get("default_always", False),
            computed=values.get("COMPUTED"), reference=values.get("REFERENCE"),
            permissions=self._permissions(permissions, field=True),
            comment=_comment(values), graphql_alias=values.get("GRAPHQL_ALIAS"),
            graphql_deprecated=values.get("GRAPHQL_DEPRECATED"), span=meta_span(meta),
        )  # fmt: skip

    def _legacy_syntax(self, message: str, span: Span) -> None:
        if self.dialect == "surrealdb":
            _fail(message, span)
        self.legacy.append((message, span))

    @property
    def legacy(self) -> list[tuple[str, Span]]:
        found: list[tuple[str, Span]] | None = getattr(self, "_legacy_found", None)
        if found is None:
            found = []
            self._legacy_found = found
        return found

    def fd_type(self, meta: Meta, children: list[Any]) -> _Clause:
        span = meta_span(meta)
        return ("TYPE", (checked_kind(children[0], span), len(children) > 1), span)

    def fd_flexible_type(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("FLEXIBLE_TYPE", checked_kind(children[-1], meta_span(meta)), meta_span(meta))

    def fd_flexible(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("FLEXIBLE", True, meta_span(meta))

    def fd_readonly(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("READONLY", True, meta_span(meta))

    def fd_value(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("VALUE", children[-1], meta_span(meta))

    def fd_assert(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("ASSERT", children[-1], meta_span(meta))

    def fd_default(self, meta: Meta, children: list[Any]) -> _Clause:
        always = any(isinstance(c, TOKENS) and c.type == "ALWAYS" for c in children)
        return ("DEFAULT", (children[-1], always), meta_span(meta))

    def fd_permissions(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("PERMISSIONS", children[-1], meta_span(meta))

    def fd_computed(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("COMPUTED", children[-1], meta_span(meta))

    def fd_reference(self, meta: Meta, children: list[Any]) -> _Clause:
        node = children[-1] if children else ast.Reference(span=meta_span(meta))
        return ("REFERENCE", node, meta_span(meta))

    def on_delete(self, meta: Meta, children: list[Any]) -> ast.Reference:
        return cast(ast.Reference, children[-1])

    def od_word(self, meta: Meta, children: list[Token]) -> ast.Reference:
        word = cast(Any, str(children[0]).upper())
        return ast.Reference(on_delete=word, span=meta_span(meta))

    def od_then(self, meta: Meta, children: list[Any]) -> ast.Reference:
        return ast.Reference(on_delete="THEN", then=children[-1], span=meta_span(meta))

    # ---- DEFINE INDEX --------------------------------------------------------------------

    def define_index(self, meta: Meta, children: list[Any]) -> ast.DefineIndex:
        mode, rest = self._head(children)
        name, table = rest[0], rest[1]
        values: dict[str, Any] = {}
        index: ast.IndexKind = "IDX"
        fields_span = meta_span(meta)
        for keyword, value, span in self._clauses(rest[2:]):
            if keyword == "FIELDS":
                fields_span = span
            if keyword in ("UNIQUE", "COUNT", "FULLTEXT", "VECTOR"):
                index = value
            else:
                values[keyword] = value
        fields: tuple[ast.Expr, ...] = values.get("FIELDS", ())
        if index in ("IDX", "UNIQUE") and not fields:
            _fail("Expected at least one field for the index (FIELDS …)", meta_span(meta))
        if isinstance(index, ast.CountIndex) and fields:
            _fail("A COUNT index cannot have FIELDS", fields_span)
        if isinstance(index, (ast.FullTextIndex, ast.VectorIndex)) and len(fields) != 1:
            _fail("Expected exactly one field for this index", fields_span)
        return ast.DefineIndex(
            name=name, table=table, mode=mode, fields=fields, index=index,
            comment=_comment(values), concurrently="CONCURRENTLY" in values,
            span=meta_span(meta),
        )  # fmt: skip

    def ix_fields(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("FIELDS", tuple(_nodes(children, ast.Expr)), meta_span(meta))

    def ix_unique(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("UNIQUE", "UNIQUE", meta_span(meta))

    def ix_count(self, meta: Meta, children: list[Any]) -> _Clause:
        where = _nodes(children, ast.Expr)
        node = ast.CountIndex(where=where[0] if where else None, span=meta_span(meta))
        return ("COUNT", node, meta_span(meta))

    def ix_fulltext(self, meta: Meta, children: list[Any]) -> _Clause:
        options = dict(children)
        if "LEGACY" in options:
            self._legacy_syntax(
                f"{options['LEGACY']} is 2.x syntax; {_LEGACY_INDEX}", meta_span(meta)
            )
        k1, b = options.get("BM25", (1.2, 0.75))
        node = ast.FullTextIndex(
            analyzer=options.get("ANALYZER", "like"), k1=k1, b=b,
            highlights="HIGHLIGHTS" in options, span=meta_span(meta),
        )  # fmt: skip
        return ("FULLTEXT", node, meta_span(meta))

    def ix_search(self, meta: Meta, children: list[Any]) -> _Clause:
        self._legacy_syntax(
            "SEARCH ANALYZER indexes were removed in SurrealDB 3.x; use FULLTEXT ANALYZER … "
            "BM25 [HIGHLIGHTS] instead",
            meta_span(meta),
        )
        keyword, node, span = self.ix_fulltext(meta, [c for c in children if c[0] != "LEGACY"])
        return (keyword, ast.FullTextIndex(
            analyzer=node.analyzer, k1=node.k1, b=node.b, highlights=node.highlights,
            legacy=True, span=span,
        ), span)  # fmt: skip

    def ft_analyzer(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("ANALYZER", str(children[0]))

    def ft_bm25(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        if not children:
            return ("BM25", (1.2, 0.75))
        return ("BM25", (float(_number_value(children[0])), float(_number_value(children[1]))))

    def ft_highlights(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("HIGHLIGHTS", True)

    def ft_legacy(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("LEGACY", str(children[0]).upper())

    def ix_hnsw(self, meta: Meta, children: list[Any]) -> _Clause:
        dimension = _int(children[0])
        options = dict(children[1:])
        m = int(options.get("M", 12))
        if m > 127:
            _fail("The HNSW parameter M must be at most 127", meta_span(meta))
        m0 = int(options.get("M0", m * 2))
        lm: int | float = options.get("LM", 1 / math.log(m) if m > 1 else 0.0)
        ordered: tuple[tuple[str, int | float], ...] = (
            ("EFC", int(options.get("EFC", 150))),
            ("M", m),
            ("M0", m0),
            ("LM", lm),
        )
        extras = tuple(
            (k, 1) for k in ("EXTEND_CANDIDATES", "KEEP_PRUNED_CONNECTIONS") if k in options
        )
        distance, minkowski = options.get("DISTANCE", ("EUCLIDEAN", None))
        node = ast.VectorIndex(
            method="HNSW", dimension=dimension, distance=distance, minkowski=minkowski,
            vector_type=options.get("TYPE", "F32"), options=ordered + extras,
            hashed_vector="HASHED_VECTOR" in options, span=meta_span(meta),
        )  # fmt: skip
        return ("VECTOR", node, meta_span(meta))

    def ix_diskann(self, meta: Meta, children: list[Any]) -> _Clause:
        dimension = _int(children[0])
        options = dict(children[1:])
        distance, minkowski = options.get("DISTANCE", ("EUCLIDEAN", None))
        if distance not in ("EUCLIDEAN", "COSINE", "INNER_PRODUCT", "COSINE_NORMALIZED"):
            _fail(f"Unexpected distance `{distance}` for a DISKANN index", meta_span(meta))
        vector_type = options.get("TYPE", "F32")
        if vector_type not in ("F32", "F16", "I8", "U8"):
            _fail(f"Unexpected vector type `{vector_type}` for a DISKANN index", meta_span(meta))
        ordered: tuple[tuple[str, int | float], ...] = (
            ("DEGREE", int(options.get("DEGREE", 64))),
            ("L_BUILD", int(options.get("L_BUILD", 100))),
            ("ALPHA", options.get("ALPHA", 1.2)),
        )
        node = ast.VectorIndex(
            method="DISKANN", dimension=dimension, distance=distance, minkowski=minkowski,
            vector_type=vector_type, options=ordered,
            hashed_vector="HASHED_VECTOR" in options, span=meta_span(meta),
        )  # fmt: skip
        return ("VECTOR", node, meta_span(meta))

    def ix_mtree(self, meta: Meta, children: list[Any]) -> _Clause:
        self._legacy_syntax(
            "MTREE indexes were removed in SurrealDB 3.x; use HNSW DIMENSION … DIST … instead",
            meta_span(meta),
        )
        dimension = _int(children[0])
        options = dict(children[1:])
        distance, minkowski = options.get("DISTANCE", ("EUCLIDEAN", None))
        node = ast.VectorIndex(
            method="MTREE", dimension=dimension, distance=distance, minkowski=minkowski,
            vector_type=options.get("TYPE", "F64"), span=meta_span(meta),
        )  # fmt: skip
        return ("VECTOR", node, meta_span(meta))

    def hn_distance(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("DISTANCE", children[-1])

    dk_distance = mt_distance = hn_distance

    def distance_plain(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return (str(children[0]).upper(), None)

    def distance_minkowski(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("MINKOWSKI", children[-1])

    def hn_type(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("TYPE", str(children[-1]).upper())

    dk_type = mt_type = hn_type

    def hn_lm(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("LM", _number_value(children[-1]))

    def hn_m0(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("M0", _int(children[-1]))

    def hn_m(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("M", _int(children[-1]))

    def hn_efc(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("EFC", _int(children[-1]))

    def hn_extend(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("EXTEND_CANDIDATES", True)

    def hn_keep(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("KEEP_PRUNED_CONNECTIONS", True)

    def hn_hashed(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("HASHED_VECTOR", True)

    dk_hashed = hn_hashed

    def dk_degree(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("DEGREE", _int(children[-1]))

    def dk_l_build(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("L_BUILD", _int(children[-1]))

    def dk_alpha(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("ALPHA", _number_value(children[-1]))

    def mt_legacy(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return (str(children[0]).upper(), _int(children[-1]))

    def ix_concurrently(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("CONCURRENTLY", True, meta_span(meta))

    def ix_defer(self, meta: Meta, children: list[Any]) -> _Clause:
        _fail(
            "Unexpected token `DEFER`: deferred indexes are not supported by SurrealDB 3.x",
            meta_span(meta),
        )

    # ---- DEFINE EVENT --------------------------------------------------------------------

    def define_event(self, meta: Meta, children: list[Any]) -> ast.DefineEvent:
        mode, rest = self._head(children)
        name, table = rest[0], rest[1]
        values: dict[str, Any] = {}
        asynchronous = False
        for keyword, value, span in self._clauses(rest[2:]):
            if keyword == "ASYNC":
                asynchronous = True
            elif keyword in ("RETRY", "MAXDEPTH") and not asynchronous:
                _fail(f"Unexpected token `{keyword}`, {keyword} is only allowed after ASYNC", span)
            values[keyword] = value
        if "THEN" not in values:
            _fail(
                "Unexpected end of the statement, expected THEN (an event needs an action)",
                meta_span(meta),
            )
        return ast.DefineEvent(
            name=name, table=table, mode=mode,
            when=values.get("WHEN", ast.BoolLiteral(value=True)), then=values["THEN"],
            comment=_comment(values), asynchronous=asynchronous,
            retry=values.get("RETRY", 1) if asynchronous else None,
            maxdepth=values.get("MAXDEPTH", 3) if asynchronous else None,
            span=meta_span(meta),
        )  # fmt: skip

    def ev_when(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("WHEN", children[-1], meta_span(meta))

    def ev_then(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("THEN", tuple(_nodes(children, ast.Expr)), meta_span(meta))

    def ev_async(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("ASYNC", True, meta_span(meta))

    def ev_retry(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("RETRY", _int(children[-1]), meta_span(meta))

    def ev_maxdepth(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("MAXDEPTH", _int(children[-1]), meta_span(meta))

    # ---- DEFINE FUNCTION / PARAM ---------------------------------------------------------

    def define_function(self, meta: Meta, children: list[Any]) -> ast.DefineFunction:
        mode, rest = self._head(children)
        path, (args, returns, body) = rest[0], rest[1]
        values = self._fold(rest[2:])
        return ast.DefineFunction(
            name=_fn_name(path), args=args, returns=returns, body=body, mode=mode,
            permissions=values.get("PERMISSIONS", "FULL"), comment=_comment(values),
            span=meta_span(meta),
        )  # fmt: skip

    def fn_signature(self, meta: Meta, children: list[Any]) -> tuple[Any, Any, Any]:
        args = tuple(c for c in children if isinstance(c, tuple))
        kinds = [c for c in children if isinstance(c, str) and not isinstance(c, TOKENS)]
        body = _nodes(children, ast.Block)[-1]
        returns = checked_kind(kinds[0], meta_span(meta)) if kinds else None
        return args, returns, body

    def fn_arg(self, meta: Meta, children: list[Any]) -> tuple[str, str]:
        param, kind = children
        return (param.name, checked_kind(kind, meta_span(meta)))

    def fn_permissions(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("PERMISSIONS", children[-1], meta_span(meta))

    pa_permissions = bk_permissions = fn_permissions

    def define_param(self, meta: Meta, children: list[Any]) -> ast.DefineParam:
        mode, rest = self._head(children)
        param = rest[0]
        values = self._fold(rest[1:])
        return ast.DefineParam(
            name=param.name, value=values.get("VALUE", ast.NoneLiteral()), mode=mode,
            permissions=values.get("PERMISSIONS", "FULL"), comment=_comment(values),
            span=meta_span(meta),
        )  # fmt: skip

    def pa_value(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("VALUE", children[-1], meta_span(meta))

    # ---- DEFINE ANALYZER -----------------------------------------------------------------

    def define_analyzer(self, meta: Meta, children: list[Any]) -> ast.DefineAnalyzer:
        mode, rest = self._head(children)
        values = self._fold(rest[1:])
        return ast.DefineAnalyzer(
            name=rest[0], mode=mode, function=values.get("FUNCTION"),
            tokenizers=values.get("TOKENIZERS"), filters=values.get("FILTERS"),
            comment=_comment(values), span=meta_span(meta),
        )  # fmt: skip

    def an_tokenizers(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("TOKENIZERS", tuple(str(c).upper() for c in children), meta_span(meta))

    def an_filters(self, meta: Meta, children: list[ast.AnalyzerFilter]) -> _Clause:
        return ("FILTERS", tuple(children), meta_span(meta))

    def an_function(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("FUNCTION", _fn_name(children[-1]), meta_span(meta))

    def _filter(self, meta: Meta, name: str, args: tuple[int | str, ...] = ()) -> Any:
        return ast.AnalyzerFilter(name=name, args=args, span=meta_span(meta))

    def fl_ascii(self, meta: Meta, children: list[Any]) -> ast.AnalyzerFilter:
        return cast(ast.AnalyzerFilter, self._filter(meta, "ASCII"))

    def fl_lowercase(self, meta: Meta, children: list[Any]) -> ast.AnalyzerFilter:
        return cast(ast.AnalyzerFilter, self._filter(meta, "LOWERCASE"))

    def fl_uppercase(self, meta: Meta, children: list[Any]) -> ast.AnalyzerFilter:
        return cast(ast.AnalyzerFilter, self._filter(meta, "UPPERCASE"))

    def fl_edgengram(self, meta: Meta, children: list[Token]) -> ast.AnalyzerFilter:
        return cast(
            ast.AnalyzerFilter,
            self._filter(meta, "EDGENGRAM", (_int(children[0]), _int(children[1]))),
        )

    def fl_ngram(self, meta: Meta, children: list[Token]) -> ast.AnalyzerFilter:
        return cast(
            ast.AnalyzerFilter, self._filter(meta, "NGRAM", (_int(children[0]), _int(children[1])))
        )

    def fl_snowball(self, meta: Meta, children: list[Token]) -> ast.AnalyzerFilter:
        language = _LANGUAGES.get(str(children[0]).upper())
        if language is None:
            _fail(f"Unexpected token `{children[0]}`, expected a language", token_span(children[0]))
        return cast(ast.AnalyzerFilter, self._filter(meta, "SNOWBALL", (language,)))

    def fl_mapper(self, meta: Meta, children: list[ast.StringLiteral]) -> ast.AnalyzerFilter:
        return cast(ast.AnalyzerFilter, self._filter(meta, "MAPPER", (children[0].value,)))

    # ---- DEFINE SEQUENCE / API / CONFIG / BUCKET / MODULE ------------------------------

    def define_sequence(self, meta: Meta, children: list[Any]) -> ast.DefineSequence:
        mode, rest = self._head(children)
        values: dict[str, ast.Expr] = dict(c for c in rest[1:] if isinstance(c, tuple))
        return ast.DefineSequence(
            name=rest[0], mode=mode,
            batch=values.get("BATCH", ast.NumberLiteral(value=1000, kind="int")),
            start=values.get("START", ast.NumberLiteral(value=0, kind="int")),
            timeout=values.get("TIMEOUT"), span=meta_span(meta),
        )  # fmt: skip

    def seq_batch(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("BATCH", children[-1])

    def seq_start(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("START", children[-1])

    def seq_timeout(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("TIMEOUT", children[-1])

    def define_api(self, meta: Meta, children: list[Any]) -> ast.DefineApi:
        mode, rest = self._head(children)
        actions = _nodes(rest, ast.ApiAction)
        values = self._fold(rest)
        # SurrealDB keeps one action per method set and prints FOR ANY first.
        anys = [a for a in actions if not a.methods] or [ast.ApiAction()]
        others = [a for a in actions if a.methods]
        ordered = tuple(anys[-1:] + others)
        return ast.DefineApi(
            name=rest[0], mode=mode, actions=ordered, comment=_comment(values), span=meta_span(meta)
        )

    def api_any(self, meta: Meta, children: list[Any]) -> ast.ApiAction:
        config = _nodes(children, ast.ApiAction)[0]
        then = [c for c in children if isinstance(c, tuple) and c[0] == "THEN"]
        return ast.ApiAction(
            middleware=config.middleware,
            permissions=config.permissions,
            then=then[0][1] if then else None,
            span=meta_span(meta),
        )

    def api_methods(self, meta: Meta, children: list[Any]) -> ast.ApiAction:
        methods = tuple(str(c).lower() for c in children if isinstance(c, TOKENS))
        config = _nodes(children, ast.ApiAction)[0]
        then = [c for c in children if isinstance(c, tuple) and c[0] == "THEN"]
        return ast.ApiAction(
            methods=methods,
            middleware=config.middleware,
            permissions=config.permissions,
            then=then[0][1],
            span=meta_span(meta),
        )

    def api_then(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("THEN", children[-1])

    def api_config(self, meta: Meta, children: list[Any]) -> ast.ApiAction:
        middleware: tuple[ast.FunctionCall, ...] = ()
        permissions: ast.Permission = "FULL"
        for keyword, value in children:
            if keyword == "PERMISSIONS":
                permissions = value
            else:
                middleware = value
        return ast.ApiAction(middleware=middleware, permissions=permissions, span=meta_span(meta))

    def api_permissions(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("PERMISSIONS", children[-1])

    def api_middleware(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("MIDDLEWARE", tuple(children))

    def middleware(self, meta: Meta, children: list[Any]) -> ast.FunctionCall:
        head, args = children
        if isinstance(head, TOKENS):
            name = "fn::" + _fn_name(head)
            if self.dialect == "surrealdb":
                _fail("Custom middlewares are not supported by SurrealDB 3.x", meta_span(meta))
        else:
            name = head.path
        return ast.FunctionCall(
            name=name, args=args, custom=name.startswith("fn::"), span=meta_span(meta)
        )

    def define_config(self, meta: Meta, children: list[Any]) -> ast.DefineConfig:
        mode, rest = self._head(children)
        target, api, settings = rest[0]
        return ast.DefineConfig(
            target=target, mode=mode, api=api, settings=settings, span=meta_span(meta)
        )

    def cfg_api(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Any]:
        return ("API", children[0], ())

    def cfg_graphql(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Any]:
        values: dict[str, Any] = {}
        for keyword, value in children:
            if keyword == "ALL":
                values["TABLES"] = value
                values["FUNCTIONS"] = value
            else:
                values[keyword] = value
        values.setdefault("TABLES", "NONE")
        values.setdefault("FUNCTIONS", "NONE")
        order = ("TABLES", "FUNCTIONS", "DEPTH", "COMPLEXITY", "INTROSPECTION")
        settings = tuple((k, values[k]) for k in order if k in values)
        return ("GRAPHQL", None, settings)

    def gq_none(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("ALL", "NONE")

    def gq_auto(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("ALL", "AUTO")

    def gq_tables_opt(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        value = children[-1]
        return ("TABLES", str(value).upper() if isinstance(value, TOKENS) else value)

    def gq_functions_opt(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        value = children[-1]
        return ("FUNCTIONS", str(value).upper() if isinstance(value, TOKENS) else value)

    def gq_include(self, meta: Meta, children: list[Token]) -> tuple[str, ...]:
        return ("INCLUDE", *(str(c) for c in children))

    def gq_exclude(self, meta: Meta, children: list[Token]) -> tuple[str, ...]:
        return ("EXCLUDE", *(str(c) for c in children))

    def gq_tables_auto_none(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0]).upper()

    def gq_depth(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("DEPTH", _int(children[-1]))

    def gq_complexity(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("COMPLEXITY", _int(children[-1]))

    def gq_introspection(self, meta: Meta, children: list[Token]) -> tuple[str, Any]:
        return ("INTROSPECTION", str(children[-1]).upper())

    def cfg_default(self, meta: Meta, children: list[Any]) -> tuple[str, Any, Any]:
        values = dict(children)
        order = ("NAMESPACE", "DATABASE")
        return ("DEFAULT", None, tuple((k, values[k]) for k in order if k in values))

    def df_namespace(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("NAMESPACE", children[-1])

    def df_database(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("DATABASE", children[-1])

    def define_bucket(self, meta: Meta, children: list[Any]) -> ast.DefineBucket:
        if self.dialect == "surrealdb":
            _fail(
                "Unexpected token `BUCKET`, expected the experimental files feature to be enabled",
                meta_span(meta),
            )
        mode, rest = self._head(children)
        values = self._fold(rest[1:])
        return ast.DefineBucket(
            name=rest[0], mode=mode, backend=values.get("BACKEND"),
            permissions=values.get("PERMISSIONS", "FULL"), readonly="READONLY" in values,
            comment=_comment(values), span=meta_span(meta),
        )  # fmt: skip

    def bk_backend(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("BACKEND", children[-1], meta_span(meta))

    def bk_readonly(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("READONLY", True, meta_span(meta))

    def define_module(self, meta: Meta, children: list[Any]) -> ast.DefineModule:
        if self.dialect == "surrealdb":
            _fail(
                "Unexpected token `MODULE`, expected the experimental surrealism feature to "
                "be enabled",
                meta_span(meta),
            )
        from .formatter import expr

        return ast.DefineModule(text=expr(children[-1]), span=meta_span(meta))

    # ---- REMOVE ----------------------------------------------------------------------------

    def remove_stmt(self, meta: Meta, children: list[Any]) -> ast.Remove:
        node: ast.Remove = children[-1]
        return replace(node, span=meta_span(meta))

    def _remove(self, what: str, children: list[Any], **extra: Any) -> ast.Remove:
        expunge = any(isinstance(c, TOKENS) and c.type == "AND_EXPUNGE" for c in children)
        if_exists, rest = _split_if_exists(children)
        rest = [
            c
            for c in rest
            if not (
                isinstance(c, TOKENS)
                and c.type in ("AND_EXPUNGE", "NAMESPACE", "NS", "DATABASE", "DB", "TABLE", "TB")
            )
        ]
        name = rest[0] if rest else None
        table = rest[1] if len(rest) > 1 and isinstance(rest[1], ast.Expr) else None
        return ast.Remove(
            what=what, name=name, table=table, if_exists=if_exists, expunge=expunge, **extra
        )

    def rm_namespace(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("NAMESPACE", children[1:])

    def rm_database(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("DATABASE", children[1:])

    def rm_table(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("TABLE", children[1:])

    def rm_field(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("FIELD", children)

    def rm_index(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("INDEX", children)

    def rm_event(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("EVENT", children)

    def rm_function(self, meta: Meta, children: list[Any]) -> ast.Remove:
        if_exists, rest = _split_if_exists(children)
        name = ast.Field(name=_fn_name(rest[0]), span=token_span(rest[0]))
        return ast.Remove(what="FUNCTION", name=name, if_exists=if_exists)

    def rm_param(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("PARAM", children)

    def rm_analyzer(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("ANALYZER", children)

    def rm_sequence(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("SEQUENCE", children)

    def rm_api(self, meta: Meta, children: list[Any]) -> ast.Remove:
        return self._remove("API", children)

    def rm_bucket(self, meta: Meta, children: list[Any]) -> ast.Remove:
        if self.dialect == "surrealdb":
            _fail(
                "Unexpected token `BUCKET`, expected the experimental files feature to be enabled",
                meta_span(meta),
            )
        return self._remove("BUCKET", children)

    def rm_config(self, meta: Meta, children: list[Any]) -> ast.Remove:
        if_exists, rest = _split_if_exists(children)
        return ast.Remove(what="CONFIG", target=str(rest[0]).upper(), if_exists=if_exists)

    def rm_scope(self, meta: Meta, children: list[Any]) -> ast.Remove:
        self._legacy_syntax(
            "REMOVE SCOPE was removed in SurrealDB 3.x; scopes are record "
            "access methods now (REMOVE ACCESS … ON DATABASE)",
            meta_span(meta),
        )
        if_exists, rest = _split_if_exists(children)
        return ast.Remove(what="SCOPE", name=ast.Field(name=str(rest[0])), if_exists=if_exists)

    def rm_token(self, meta: Meta, children: list[Any]) -> ast.Remove:
        self._legacy_syntax(
            "REMOVE TOKEN was removed in SurrealDB 3.x; tokens are JWT access "
            "methods now (REMOVE ACCESS … ON …)",
            meta_span(meta),
        )
        if_exists, rest = _split_if_exists(children)
        base, scope = rest[1]
        target = f"SCOPE {scope}" if base == "SCOPE" else base
        return ast.Remove(
            what="TOKEN", name=ast.Field(name=str(rest[0])), target=target, if_exists=if_exists
        )

    # ---- ALTER -----------------------------------------------------------------------------

    def alter_stmt(self, meta: Meta, children: list[Any]) -> ast.Alter:
        node: ast.Alter = children[-1]
        return replace(node, span=meta_span(meta))

    def _alter(self, what: str, children: list[Any], *, names: int = 1) -> ast.Alter:
        if_exists, rest = _split_if_exists(children)
        rest = [c for c in rest if not (isinstance(c, TOKENS) and c.type in ("TABLE", "TB"))]
        heads = rest[:names]
        items = tuple(
            ast.AlterItem(keyword=k, value=v, span=s) for k, v, s in self._clauses(rest[names:])
        )
        name = heads[0] if heads else None
        table = heads[1] if len(heads) > 1 else None
        return ast.Alter(what=what, name=name, table=table, if_exists=if_exists, items=items)

    def al_system(self, meta: Meta, children: list[Any]) -> ast.Alter:
        items = tuple(c for c in children if isinstance(c, ast.AlterItem))
        return ast.Alter(what="SYSTEM", items=items)

    def alter_system_item(self, meta: Meta, children: list[Any]) -> ast.AlterItem:
        words = [str(c).upper() for c in children if isinstance(c, TOKENS)]
        exprs = _nodes(children, ast.Expr)
        return ast.AlterItem(
            keyword=" ".join(words), value=exprs[0] if exprs else None, span=meta_span(meta)
        )

    def al_namespace(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return ast.Alter(what="NAMESPACE", items=(ast.AlterItem(keyword="COMPACT"),))

    def al_database(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return ast.Alter(what="DATABASE", items=(ast.AlterItem(keyword="COMPACT"),))

    def al_table(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return self._alter("TABLE", children[1:])

    def al_field(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return self._alter("FIELD", children, names=2)

    def al_index(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return self._alter("INDEX", children, names=2)

    def al_event(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return self._alter("EVENT", children, names=2)

    def al_param(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return self._alter("PARAM", children)

    def al_analyzer(self, meta: Meta, children: list[Any]) -> ast.Alter:
        return self._alter("ANALYZER", children)

    def al_sequence(self, meta: Meta, children: list[Any]) -> ast.Alter:
        if_exists, rest = _split_if_exists(children)
        items = tuple(ast.AlterItem(keyword="TIMEOUT", value=v) for v in rest[1:])
        return ast.Alter(what="SEQUENCE", name=rest[0], if_exists=if_exists, items=items)

    def al_user(self, meta: Meta, children: list[Any]) -> ast.Alter:
        if_exists, rest = _split_if_exists(children)
        name = ast.Field(name=str(rest[0]), span=token_span(rest[0]))
        items = tuple(
            ast.AlterItem(keyword=k, value=v, span=s) for k, v, s in self._clauses(rest[2:])
        )
        return ast.Alter(
            what="USER", name=name, base=_base(rest[1]), if_exists=if_exists, items=items
        )

    def al_drop(self, meta: Meta, children: list[Token]) -> _Clause:
        return (f"DROP {str(children[-1]).upper()}", None, meta_span(meta))

    def al_compact(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("COMPACT", None, meta_span(meta))

    def al_comment(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("COMMENT", children[-1], meta_span(meta))

    def al_field_type(self, meta: Meta, children: list[Any]) -> _Clause:
        return ("TYPE", checked_kind(children[-1], meta_span(meta)), meta_span(meta))

    def al_prepare(self, meta: Meta, children: list[Any]) -> _Clause:
        keyword = "PREPARE REMOVE" if children else "PREPARE"
        return (keyword, None, meta_span(meta))

    # ---- INFO, REBUILD, SLEEP, FOR, EXPLAIN ------------------------------------------------

    def info_stmt(self, meta: Meta, children: list[Any]) -> ast.Info:
        node: ast.Info = children[0]
        structure = any(isinstance(c, TOKENS) and c.type == "STRUCTURE" for c in children)
        return replace(node, structure=structure, span=meta_span(meta))

    def info_level_target(self, meta: Meta, children: list[Any]) -> ast.Info:
        target = _base(children[0])
        version = _nodes(children[1:], ast.Expr)
        return ast.Info(target=target, version=version[0] if version else None)

    def info_table(self, meta: Meta, children: list[Any]) -> ast.Info:
        exprs = _nodes(children, ast.Expr)
        return ast.Info(target="TABLE", name=exprs[0], version=exprs[1] if len(exprs) > 1 else None)

    def info_user(self, meta: Meta, children: list[Any]) -> ast.Info:
        bases = [c for c in children if isinstance(c, TOKENS)]
        return ast.Info(target="USER", name=children[0], base=_base(bases[0]) if bases else None)

    def info_index(self, meta: Meta, children: list[Any]) -> ast.Info:
        exprs = _nodes(children, ast.Expr)
        return ast.Info(target="INDEX", name=exprs[0], table=exprs[1])

    def rebuild_stmt(self, meta: Meta, children: list[Any]) -> ast.Rebuild:
        if_exists, rest = _split_if_exists(children)
        exprs = _nodes(rest, ast.Expr)
        concurrently = any(isinstance(c, TOKENS) and c.type == "CONCURRENTLY" for c in rest)
        return ast.Rebuild(
            name=exprs[0],
            table=exprs[1],
            if_exists=if_exists,
            concurrently=concurrently,
            span=meta_span(meta),
        )

    def sleep_stmt(self, meta: Meta, children: list[Token]) -> ast.Sleep:
        return ast.Sleep(duration=self._duration(children[0]), span=meta_span(meta))

    def for_stmt(self, meta: Meta, children: list[Any]) -> ast.ForEach:
        param, iterable, body = children
        return ast.ForEach(param=param.name, iterable=iterable, body=body, span=meta_span(meta))

    def explain_stmt(self, meta: Meta, children: list[Any]) -> ast.Explain:
        analyze = any(isinstance(c, TOKENS) and c.type == "EXPLAIN_ANALYZE" for c in children)
        formats = [c for c in children if isinstance(c, tuple)]
        return ast.Explain(
            statement=children[-1],
            analyze=analyze,
            format=formats[0][1] if formats else "TEXT",
            span=meta_span(meta),
        )

    def explain_format(self, meta: Meta, children: list[Token]) -> tuple[str, str]:
        return ("FORMAT", str(children[-1]).upper())

    # ---- top-level only --------------------------------------------------------------------

    def tx_stmt(self, meta: Meta, children: list[Token]) -> ast.Transaction:
        action = cast(Any, str(children[0]).upper())
        return ast.Transaction(action=action, span=meta_span(meta))

    def option_stmt(self, meta: Meta, children: list[Any]) -> ast.OptionStmt:
        value = True
        if len(children) > 1:
            value = str(children[-1]).upper() == "TRUE"
        return ast.OptionStmt(name=str(children[0]), value=value, span=meta_span(meta))

    def kill_stmt(self, meta: Meta, children: list[Any]) -> ast.Kill:
        target = children[-1]
        if isinstance(target, ast.StringLiteral):
            _fail("Unexpected token `a strand`, expected a UUID or a parameter", target.span)
        if isinstance(target, TOKENS):
            target = self.prefixed_string(meta, [target])
        return ast.Kill(target=target, span=meta_span(meta))

    def live_stmt(self, meta: Meta, children: list[Any]) -> ast.Live:
        projection = children[0]
        what = children[1]
        clauses = dict(c for c in children[2:] if isinstance(c, tuple) and len(c) == 2)
        fetch = [c for c in children[2:] if isinstance(c, tuple) and len(c) != 2]
        if projection == "DIFF":
            fields: tuple[ast.SelectField, ...] = ()
            value = False
        else:
            fields, value = projection
        return ast.Live(
            fields=fields, value=value, diff=projection == "DIFF", what=what,
            where=clauses.get("where"), fetch=tuple(fetch[0]) if fetch else (),
            span=meta_span(meta),
        )  # fmt: skip

    def live_diff(self, meta: Meta, children: list[Any]) -> str:
        return "DIFF"

    def show_stmt(self, meta: Meta, children: list[Any]) -> ast.ShowChanges:
        table = children[0]
        since = children[1]
        if isinstance(since, TOKENS) and since.type == "INT":
            since_expr: ast.Expr = ast.NumberLiteral(
                value=_int(since), kind="int", span=token_span(since)
            )
        else:
            since_expr = self.prefixed_string(meta, [since])
        limit = _int(children[2]) if len(children) > 2 else None
        return ast.ShowChanges(table=table, since=since_expr, limit=limit, span=meta_span(meta))

    def show_table(self, meta: Meta, children: list[Token]) -> str:
        return str(children[-1])

    def show_database(self, meta: Meta, children: list[Any]) -> None:
        return None


def _stored_comment(node: ast.Expr) -> ast.Expr:
    """SurrealDB stores a comment as text: fold a constant expression (``'a' + 'b'``) into it."""
    from .static import NONE, NOT_STATIC, as_string, evaluate

    value = evaluate(node)
    if value is NOT_STATIC or isinstance(node, (ast.StringLiteral, ast.NoneLiteral)):
        return node
    if value is NONE:
        return ast.NoneLiteral(span=node.span)
    return ast.StringLiteral(value=as_string(value), span=node.span)


def _comment(values: dict[str, Any]) -> ast.Expr | None:
    comment = values.get("COMMENT")
    if isinstance(comment, ast.NoneLiteral):
        return None
    return cast("ast.Expr | None", comment)


class _Name(str):
    """A kind item that is not a kind name (a table or geometry name inside ``<…>``)."""

    __slots__ = ()


class _Option(str):
    """A kind written with ``option<…>`` (which may not nest)."""

    __slots__ = ()


class _Mixed(_Name):
    """A union of kind names and other names (only valid as ``geometry<point | line>``)."""

    __slots__ = ()


def _is_names(item: str) -> bool:
    return isinstance(item, _Name) and not isinstance(item, _Mixed)


def checked_kind(kind: str, span: Span) -> str:
    """Refuse a kind that is only a table name (``TYPE user``)."""
    if isinstance(kind, _Name):
        _fail(f"Unexpected token `{kind}`, expected a kind name", span)
    return sys.intern(str(kind))


def _has_object(kind: str) -> bool:
    for part in split_union(kind):
        if part == "object" or part.startswith("{"):
            return True
        if part.startswith(("array<", "set<")) and _has_object(part[part.index("<") + 1 : -1]):
            return True
    return False


#: Snowball languages: every spelling the engine accepts, mapped to the name it prints.
_LANGUAGES: dict[str, str] = {}
for _names in (
    ("ARABIC", "AR", "ARA"), ("DANISH", "DA", "DAN"), ("DUTCH", "NL", "NLD"),
    ("ENGLISH", "EN", "ENG"), ("FINNISH", "FI", "FIN"), ("FRENCH", "FR", "FRA"),
    ("GERMAN", "DE", "DEU"), ("GREEK", "EL", "ELL"), ("HUNGARIAN", "HU", "HUN"),
    ("ITALIAN", "IT", "ITA"), ("NORWEGIAN", "NO", "NOR"), ("PORTUGUESE", "PT", "POR"),
    ("ROMANIAN", "RO", "RON"), ("RUSSIAN", "RU", "RUS"), ("SPANISH", "ES", "SPA"),
    ("SWEDISH", "SV", "SWE"), ("TAMIL", "TA", "TAM"), ("TURKISH", "TR", "TUR"),
):  # fmt: skip
    for _name in _names:
        _LANGUAGES[_name] = _names[0]


class LanguageToAst(SchemaToAst):
    """`SchemaToAst` plus the remaining expression forms and the data-statement clauses."""

    def reset(self) -> None:
        super().reset()
        self._too_big: set[int] | None = None

    # ---- expressions ---------------------------------------------------------------------

    def closure(self, meta: Meta, children: list[Any]) -> ast.Closure:
        args = tuple(c for c in children[:-1] if isinstance(c, tuple))
        returns, body = children[-1]
        return ast.Closure(args=args, body=body, returns=returns, span=meta_span(meta))

    def closure_arg(self, meta: Meta, children: list[Any]) -> tuple[str, str | None]:
        kind = checked_kind(children[1], meta_span(meta)) if len(children) > 1 else "any"
        return (children[0].name, kind)

    def closure_typed(self, meta: Meta, children: list[Any]) -> tuple[str | None, ast.Expr]:
        return (checked_kind(children[0], meta_span(meta)), children[-1])

    def closure_expr(self, meta: Meta, children: list[Any]) -> tuple[str | None, ast.Expr]:
        return (None, children[-1])

    @passes_child
    def body_block(self, meta: Meta, children: list[Any]) -> ast.Block:
        return cast(ast.Block, children[0])

    def empty_block(self, meta: Meta, children: list[Any]) -> ast.Block:
        return ast.Block(statements=(), span=meta_span(meta))

    def mock(self, meta: Meta, children: list[Any]) -> ast.Mock:
        head, spec = children
        from .lexical import decode_ident

        table = decode_ident(str(head)[:-1])
        return ast.Mock(table=table, span=meta_span(meta), **spec)

    def mock_count(self, meta: Meta, children: list[Token]) -> dict[str, Any]:
        return {"count": self._mock_int(children[0])}

    def mock_span(self, meta: Meta, children: list[Token]) -> dict[str, Any]:
        ints = [c for c in children if c.type == "RID_NUM"]
        inclusive = any(c.type == "MOCK_EQ" for c in children)
        spec: dict[str, Any] = {"inclusive": inclusive}
        # `|t:a..b|`, `|t:..b|`, `|t:a..|`: tell the bounds apart by position.
        dots = (
            next(i for i, c in enumerate(children) if c.type not in ("RID_NUM", "MOCK_EQ"))
            if any(c.type not in ("RID_NUM", "MOCK_EQ") for c in children)
            else None
        )
        before = [c for c in children[: dots or 0] if c.type == "RID_NUM"] if dots else []
        if dots is None:
            before = ints[:1] if len(ints) == 2 else []
        after = [c for c in ints if c not in before]
        if before:
            spec["start"] = self._mock_int(before[0])
        if after:
            spec["end"] = self._mock_int(after[0])
        return spec

    def _mock_int(self, token: Token) -> int:
        text = str(token)
        if not text.lstrip("+-").isdigit():
            _fail("Unexpected token, expected an integer in a mock", token_span(token))
        return int(text)

    def regex(self, meta: Meta, children: list[Token]) -> ast.RegexLiteral:
        token = children[0]
        pattern = str(token)[1:-1]
        import re

        try:
            re.compile(pattern.replace("\\/", "/"))
        except re.error:
            _fail("Invalid regex", token_span(token))
        return ast.RegexLiteral(pattern=pattern, span=token_span(token))

    def js_function(self, meta: Meta, children: list[Token]) -> ast.JsFunction:
        return ast.JsFunction(text=str(children[0]), span=token_span(children[0]))

    def current_doc(self, meta: Meta, children: list[Any]) -> ast.CurrentDoc:
        return ast.CurrentDoc(span=meta_span(meta))

    def set_literal(self, meta: Meta, children: list[Any]) -> ast.SetLiteral:
        return ast.SetLiteral(items=tuple(_nodes(children, ast.Expr)), span=meta_span(meta))

    def graph_start_query(self, meta: Meta, children: list[Any]) -> ast.GraphStart:
        arrow = cast(Any, str(children[0]))
        return ast.GraphStart(arrow=arrow, what="", query=children[-1], span=meta_span(meta))

    def part_graph_query(self, meta: Meta, children: list[Any]) -> ast.Part:
        arrow = cast(Any, str(children[0]))
        return ast.GraphPart(arrow=arrow, what="", query=children[-1], span=meta_span(meta))

    def graph_tables(self, meta: Meta, children: list[Any]) -> ast.GraphTables:
        subjects = tuple(c for c in children if isinstance(c, str) and not isinstance(c, TOKENS))
        exprs = _nodes(children, ast.Expr)
        alias = [str(c) for c in children if isinstance(c, TOKENS)]
        return ast.GraphTables(
            subjects=subjects,
            where=exprs[0] if exprs else None,
            alias=alias[0] if alias else None,
            span=meta_span(meta),
        )

    @passes_child
    def graph_select(self, meta: Meta, children: list[Any]) -> ast.Select:
        return cast(ast.Select, children[0])

    def graph_subject(self, meta: Meta, children: list[Any]) -> str:
        text = quote_name(str(children[0]))
        for child in children[1:]:
            if isinstance(child, tuple):
                text += f" FIELD {quote_name(child[1])}"
            else:
                text += f":{child}"
        return text

    def graph_field(self, meta: Meta, children: list[Token]) -> tuple[str, str]:
        return ("FIELD", str(children[0]))

    def graph_any(self, meta: Meta, children: list[Any]) -> str:
        return "?"

    def destructure_open(self, meta: Meta, children: list[Any]) -> None:
        return None

    def part_destructure(self, meta: Meta, children: list[Any]) -> ast.Part:
        items = tuple(_nodes(children, ast.DestructureItem))
        return ast.DestructurePart(items=items, span=meta_span(meta))

    def destr_field(self, meta: Meta, children: list[Token]) -> ast.DestructureItem:
        return ast.DestructureItem(name=str(children[0]), span=meta_span(meta))

    def destr_alias(self, meta: Meta, children: list[Any]) -> ast.DestructureItem:
        return ast.DestructureItem(name=str(children[0]), alias=children[-1], span=meta_span(meta))

    def destr_all(self, meta: Meta, children: list[Token]) -> ast.DestructureItem:
        return ast.DestructureItem(name=str(children[0]), all=True, span=meta_span(meta))

    def destr_nested(self, meta: Meta, children: list[Any]) -> ast.DestructureItem:
        nested = tuple(_nodes(children, ast.DestructureItem))
        return ast.DestructureItem(name=str(children[0]), nested=nested, span=meta_span(meta))

    @passes_child
    def part_recurse(self, meta: Meta, children: list[Any]) -> ast.Part:
        return cast(ast.Part, children[0])

    def recurse_exact(self, meta: Meta, children: list[Token]) -> ast.RecursePart:
        value = _int(children[0])
        return ast.RecursePart(minimum=value, maximum=value, exact=True, span=meta_span(meta))

    def recurse_range(self, meta: Meta, children: list[Any]) -> ast.RecursePart:
        ints = [c for c in children if isinstance(c, TOKENS) and c.type == "INT"]
        options = tuple(c for c in children if isinstance(c, str) and not isinstance(c, TOKENS))
        # The grammar is `INT? ".." INT?`; the dots are anonymous, so use positions.
        dots = meta_span(meta).start
        minimum = maximum = None
        for token in ints:
            if minimum is None and maximum is None and _before_dots(token, meta):
                minimum = _int(token)
            else:
                maximum = _int(token)
        del dots
        return ast.RecursePart(
            minimum=minimum, maximum=maximum, options=options, span=meta_span(meta)
        )

    def recurse_option(self, meta: Meta, children: list[Any]) -> str:
        from .formatter import expr

        text = "+" + str(children[0]).lower()
        if len(children) > 1:
            text += "=" + expr(children[1])
        return text

    def part_repeat(self, meta: Meta, children: list[Any]) -> ast.Part:
        return ast.RepeatPart(span=meta_span(meta))

    def number(self, meta: Meta, children: list[Token]) -> ast.Expr:
        node = super().number(meta, children)
        if isinstance(node, ast.NumberLiteral) and node.kind == "int" and node.value > 2**63 - 1:
            # Only valid with a minus sign touching it (-9223372036854775808): `unary` clears it.
            self.too_big.add(node.span.start)
        return node

    def unary(self, meta: Meta, children: list[Any]) -> ast.Expr:
        node = super().unary(meta, children)
        if isinstance(node, ast.NumberLiteral) and node.kind == "int" and node.value < 0:
            self.too_big.discard(children[1].span.start)
        return node

    @property
    def too_big(self) -> set[int]:
        found: set[int] | None = getattr(self, "_too_big", None)
        if found is None:
            found = set()
            self._too_big = found
        return found

    def idiom(self, meta: Meta, children: list[Any]) -> ast.Expr:
        node = super().idiom(meta, children)
        if isinstance(node, ast.FunctionCall) and not node.custom:
            # Built-in paths are case-insensitive; SurrealDB prints them in lower case.
            lower = node.name.lower()
            if lower != node.name:
                return replace(node, name=sys.intern(lower))
        return node

    def builtin_path(self, meta: Meta, children: list[Token]) -> ast.Constant:
        path = "::".join(str(c) for c in children)
        return ast.Constant(path=sys.intern(canonical_constant(path)), span=meta_span(meta))

    def range_from(self, meta: Meta, children: list[Any]) -> ast.Expr:
        start, op = children
        return ast.Range(op=str(op), start=start, end=None, span=meta_span(meta))

    def range_to(self, meta: Meta, children: list[Any]) -> ast.Expr:
        op, end = children
        return ast.Range(op=str(op), start=None, end=end, span=meta_span(meta))

    def range_full(self, meta: Meta, children: list[Any]) -> ast.Expr:
        return ast.Range(op=str(children[0]), start=None, end=None, span=meta_span(meta))

    def sleep_call(self, meta: Meta, children: list[Any]) -> ast.Expr:
        return ast.FunctionCall(name="sleep", args=children[-1], span=meta_span(meta))

    def knn_op(self, meta: Meta, children: list[Any]) -> str:
        return (
            "<|"
            + ",".join(str(c).upper() if not str(c).isdigit() else str(c) for c in children)
            + "|>"
        )

    def match_op(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0]).upper()

    def prefixed_string(self, meta: Meta, children: list[Token]) -> ast.Expr:
        node = super().prefixed_string(meta, children)
        if isinstance(node, ast.PrefixedString):
            problem = _literal_problem(node.prefix, node.value)
            if problem is not None:
                _fail(problem, node.span)
        if isinstance(node, ast.PrefixedString) and node.prefix == "r":
            # `r'person:1'` is the record id itself (SurrealDB parses the text at parse time).
            from .parser import parse

            try:
                statements = parse(f"RETURN {node.value}", dialect=self.dialect).statements
            except Exception:
                _fail("Invalid record id in r'…' string", node.span)
            value = statements[0].value if isinstance(statements[0], ast.Return) else None
            if not isinstance(value, ast.RecordIdLiteral) or len(statements) != 1:
                _fail("Invalid record id in r'…' string", node.span)
            return replace(value, span=node.span)
        return node

    # ---- data statements -------------------------------------------------------------------

    def select_stmt(self, meta: Meta, children: list[Any]) -> ast.Select:
        node = super().select_stmt(meta, children)
        keys = [
            c for c in children if isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], str)
        ]
        extra: dict[str, Any] = {}
        rank = -1
        seen: set[str] = set()
        for key, value in keys:
            if key not in _SELECT_RANK:
                continue
            position = _SELECT_RANK[key]
            if key in seen or position < rank:
                _fail(
                    f"Unexpected token `{key.upper()}`, expected the query to end", meta_span(meta)
                )
            seen.add(key)
            rank = position
            if key in ("with", "version", "tempfiles", "explain"):
                extra[key] = value
        if "parallel" in seen:
            self._legacy_syntax(
                "PARALLEL was removed in SurrealDB 3.x; remove it (SurrealDB "
                "parallelises on its own)",
                meta_span(meta),
            )
        if "split" in seen and "group" in seen:
            _fail("SPLIT and GROUP cannot be used in the same SELECT statement", meta_span(meta))
        node = _select_extras(node, extra, meta_span(meta))
        self._check_selection(node)
        return node

    def _check_selection(self, node: ast.Select) -> None:
        from .formatter import expr

        if any(f.expr is None for f in node.fields):
            return
        names: set[str] = set()
        for f in node.fields:
            assert f.expr is not None
            names.add(expr(f.expr))
            if f.alias is not None:
                names.add(quote_name(f.alias))
        checks: list[tuple[str, ast.Expr]] = [("split", e) for e in node.split]
        if node.group != "ALL":
            checks += [("group", e) for e in node.group]
        checks += [("order", o.expr) for o in node.order if not _is_rand(o.expr)]
        for what, idiom in checks:
            text = expr(idiom)
            if text not in names:
                _fail(f"Missing {what} idiom `{text}` in statement selection", idiom.span)

    def with_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        names = tuple(
            str(c)
            for c in children
            if isinstance(c, TOKENS) and c.type not in ("NOINDEX", "NO_INDEX")
        )
        if any(isinstance(c, TOKENS) and c.type in ("NOINDEX", "NO_INDEX") for c in children):
            return ("with", "NOINDEX")
        return ("with", names)

    def version_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("version", children[-1])

    def tempfiles_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("tempfiles", True)

    def explain_clause(self, meta: Meta, children: list[Any]) -> tuple[str, Any]:
        return ("explain", "FULL" if children else "")

    def order_item(self, meta: Meta, children: list[Any]) -> ast.OrderItem:
        words = {str(c).upper() for c in children[1:] if isinstance(c, TOKENS)}
        # ASC is the default: SurrealDB keeps (and prints) only DESC.
        direction = "DESC" if "DESC" in words else ""
        return ast.OrderItem(
            expr=children[0],
            direction=cast(Any, direction),
            collate="COLLATE" in words,
            numeric="NUMERIC" in words,
            span=meta_span(meta),
        )

    @passes_child
    def relate_arrow(self, meta: Meta, children: list[Token]) -> Token:
        return children[0]

    def relate_stmt(self, meta: Meta, children: list[Any]) -> ast.Relate:
        arrows = [c for c in children if isinstance(c, TOKENS) and str(c) in ("->", "<-")]
        if len(arrows) == 2 and str(arrows[0]) != str(arrows[1]):
            _fail(f"Unexpected token `{arrows[1]}`, expected `{arrows[0]}`", token_span(arrows[1]))
        rest = [c for c in children if c not in arrows]
        node = super().relate_stmt(meta, rest)
        for end in (node.source, node.target):
            if isinstance(end, ast.Field):
                _fail("Unexpected end of file, expected :", end.span)
        if arrows and str(arrows[0]) == "<-":
            node = replace(node, source=node.target, target=node.source)
        return node

    def output_value(self, meta: Meta, children: list[Any]) -> ast.Output:
        field = ast.SelectField(expr=children[-1], span=meta_span(meta))
        return ast.Output(kind="VALUE", fields=(field,), span=meta_span(meta))


#: The fixed order of SELECT clauses (LIMIT and START may come in either order).
_SELECT_RANK = {
    "with": 0, "where": 1, "split": 2, "group": 3, "order": 4, "limit": 5, "start": 5,
    "fetch": 6, "version": 7, "timeout": 8, "parallel": 9, "tempfiles": 10, "explain": 11,
}  # fmt: skip


_DATETIME = __import__("re").compile(
    r"([+-]?\d{4}(?:\d{2})?)-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?"
)
_UUID = __import__("re").compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def _literal_problem(prefix: str, value: str) -> str | None:
    """SurrealDB validates typed strings while parsing; return its complaint, if any."""
    if prefix == "d":
        match = _DATETIME.fullmatch(value)
        if match is None:
            return "Invalid datetime"
        import calendar

        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return "Invalid datetime digit section, section not within allowed range"
        if month == 2 and day == 29 and not calendar.isleap(year):
            return "Invalid datetime digit section, section not within allowed range"
        if match[4] is not None and (
            int(match[4]) > 23 or int(match[5]) > 59 or int(match[6]) > 59
        ):
            return "Invalid datetime digit section, section not within allowed range"
    elif prefix == "u":
        if _UUID.fullmatch(value) is None:
            return "Unexpected end of string, expected UUID token to finish"
    elif prefix == "b" and (
        len(value) % 2 or any(ch not in "0123456789abcdefABCDEF" for ch in value)
    ):
        return "Unexpected end of byte-string, expected a hexidecimal digit"
    return None


def _is_rand(node: ast.Expr) -> bool:
    return isinstance(node, ast.FunctionCall) and node.name.lower() == "rand" and not node.args


def _before_dots(token: Token, meta: Meta) -> bool:
    # In `{a..b}` the first INT starts right after the brace; `{..b}` has the dots first.
    return (token.start_pos or 0) <= meta_span(meta).start + 1


def _select_extras(node: ast.Select, extra: dict[str, Any], span: Span) -> ast.Select:
    return replace(
        node, with_index=extra.get("with"), version=extra.get("version"),
        tempfiles=bool(extra.get("tempfiles")), explain=extra.get("explain"),
    )  # fmt: skip
