"""Canonical text of the schema language, as ``INFO FOR ROOT/NS/DB/TABLE`` prints it.

`surrealaccess.formatter.format` hands every node of the schema language here. With
``redact=True`` the text is exactly SurrealDB's INFO text (no ``OVERWRITE`` / ``IF NOT
EXISTS``, no ``STRICT``); by default those are kept, so the text parses back to an equal tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import ast
from .formatter import _comment, _param_name, _select, expr, object_key
from .formatter import _name as _ident_name
from .lexical import format_duration, format_float, quote_name, quote_string
from .static import NOT_STATIC, evaluate, render

_ACTIONS = ("select", "create", "update", "delete")


def schema_statement(node: ast.Node, redact: bool) -> str | None:
    """Print a schema-language node; None if it is not one."""
    printer = _PRINTERS.get(type(node))
    if printer is None:
        return None
    return printer(node, redact)


def _sname(node: ast.Expr, redact: bool) -> str:
    """Print a definition's name.

    A string name prints as SurrealDB stores it (an identifier) in INFO text, and as the string
    it was written as otherwise, so that it parses back the same.
    """
    if isinstance(node, ast.StringLiteral) and not redact:
        return quote_string(node.value)
    return _ident_name(node)


def _mode(node: ast.Node, redact: bool) -> str:
    mode: str = getattr(node, "mode", "")
    return f" {mode}" if mode and not redact else ""


def _clause_expr(node: ast.Expr) -> str:
    return expr(node, clause=True)


def permissions(perms: ast.Permissions, *, keep_delete: bool = False) -> str:
    """``PERMISSIONS NONE | FULL | FOR select, … WHERE …, FOR …``.

    SurrealDB leaves ``FOR delete FULL`` out (right for fields, lossy for tables, whose default
    is NONE); ``keep_delete`` prints it, so that a table's text parses back the same.
    """
    rules = [perms.select, perms.create, perms.update, perms.delete]
    if all(r == "NONE" for r in rules):
        return "PERMISSIONS NONE"
    if all(r == "FULL" for r in rules):
        return "PERMISSIONS FULL"
    lines: list[tuple[list[str], ast.Permission]] = []
    for action, rule in zip(_ACTIONS, rules, strict=True):
        if action == "delete" and rule == "FULL" and not keep_delete:
            continue  # SurrealDB leaves the default out
        for names, existing in lines:
            if existing == rule:
                names.append(action)
                break
        else:
            lines.append(([action], rule))
    return "PERMISSIONS " + ", ".join(
        f"FOR {', '.join(names)} {permission(rule)}" for names, rule in lines
    )


def permission(rule: ast.Permission) -> str:
    """``NONE``, ``FULL`` or ``WHERE cond``."""
    if rule == "NONE" or rule == "FULL":
        return str(rule)
    assert isinstance(rule, ast.Expr)
    return f"WHERE {_clause_expr(rule)}"


def _changefeed(feed: ast.ChangeFeed | None) -> str:
    if feed is None:
        return ""
    text = f" CHANGEFEED {format_duration(feed.expiry)}"
    return text + " INCLUDE ORIGINAL" if feed.original else text


def _define_namespace(node: ast.DefineNamespace, redact: bool) -> str:
    return (
        f"DEFINE NAMESPACE{_mode(node, redact)} {_sname(node.name, redact)}{_comment(node.comment)}"
    )


def _define_database(node: ast.DefineDatabase, redact: bool) -> str:
    text = (
        f"DEFINE DATABASE{_mode(node, redact)} {_sname(node.name, redact)}{_comment(node.comment)}"
    )
    text += _changefeed(node.changefeed)
    if node.strict and not redact:
        text += " STRICT"
    return text


def _graphql(node: ast.DefineTable | ast.DefineField) -> str:
    text = ""
    if node.graphql_alias is not None:
        text += f" GRAPHQL_ALIAS {quote_string(node.graphql_alias)}"
    if node.graphql_deprecated is not None:
        text += f" GRAPHQL_DEPRECATED {quote_string(node.graphql_deprecated)}"
    return text


def _define_table(node: ast.DefineTable, redact: bool) -> str:
    parts = [
        f"DEFINE TABLE{_mode(node, redact)} {_sname(node.name, redact)} TYPE {node.table_type}"
    ]
    if node.table_type == "RELATION":
        if node.relation_in:
            parts.append("IN " + " | ".join(quote_name(t) for t in node.relation_in))
        if node.relation_out:
            parts.append("OUT " + " | ".join(quote_name(t) for t in node.relation_out))
        if node.enforced:
            parts.append("ENFORCED")
    if node.drop:
        parts.append("DROP")
    parts.append("SCHEMAFULL" if node.full else "SCHEMALESS")
    text = " ".join(parts) + _comment(node.comment) + _graphql(node)
    if node.view is not None:
        text += f" AS {_select(node.view)}"
    text += _changefeed(node.changefeed)
    return f"{text} {permissions(node.permissions, keep_delete=not redact)}"


def _define_field(node: ast.DefineField, redact: bool) -> str:
    text = f"DEFINE FIELD{_mode(node, redact)} {expr(node.name)} ON {_sname(node.table, redact)}"
    if node.kind is not None:
        text += f" TYPE {node.kind}"
        if node.flexible:
            text += " FLEXIBLE"
    if node.default is not None:
        always = " ALWAYS" if node.default_always else ""
        text += f" DEFAULT{always} {_clause_expr(node.default)}"
    if node.readonly:
        text += " READONLY"
    if node.value is not None:
        text += f" VALUE {_clause_expr(node.value)}"
    if node.assert_ is not None:
        text += f" ASSERT {_clause_expr(node.assert_)}"
    if node.computed is not None:
        text += f" COMPUTED {_clause_expr(node.computed)}"
    if node.reference is not None:
        text += f" {_reference(node.reference)}"
    text += _comment(node.comment) + _graphql(node)
    return f"{text} {permissions(node.permissions)}"


def _reference(node: ast.Reference) -> str:
    if node.on_delete == "THEN":
        assert node.then is not None
        return f"REFERENCE ON DELETE THEN {_clause_expr(node.then)}"
    return f"REFERENCE ON DELETE {node.on_delete}"


def _plain_float(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _index_kind(index: ast.IndexKind) -> str:
    if index == "IDX":
        return ""
    if index == "UNIQUE":
        return " UNIQUE"
    if isinstance(index, ast.CountIndex):
        return " COUNT" + (f" WHERE {_clause_expr(index.where)}" if index.where else "")
    if isinstance(index, ast.FullTextIndex):
        word = "SEARCH" if index.legacy else "FULLTEXT"
        text = f" {word}"
        if index.analyzer is not None:
            text += f" ANALYZER {quote_name(index.analyzer)}"
        text += f" BM25({_plain_float(index.k1)},{_plain_float(index.b)})"
        return text + (" HIGHLIGHTS" if index.highlights else "")
    assert isinstance(index, ast.VectorIndex)
    distance = index.distance
    if index.minkowski is not None:
        distance += f" {expr(index.minkowski)}"
    text = f" {index.method} DIMENSION {index.dimension} DIST {distance} TYPE {index.vector_type}"
    for key, value in index.options:
        if key in ("EXTEND_CANDIDATES", "KEEP_PRUNED_CONNECTIONS"):
            text += f" {key}"
        elif isinstance(value, float):
            text += f" {key} {format_float(value)}"
        else:
            text += f" {key} {value}"
    return text + (" HASHED_VECTOR" if index.hashed_vector else "")


def _define_index(node: ast.DefineIndex, redact: bool) -> str:
    name, table = _sname(node.name, redact), _sname(node.table, redact)
    text = f"DEFINE INDEX{_mode(node, redact)} {name} ON {table}"
    if node.fields:
        text += " FIELDS " + ", ".join(expr(f) for f in node.fields)
    text += _index_kind(node.index)
    if node.concurrently and not redact:
        text += " CONCURRENTLY"
    return text + _comment(node.comment)


def _define_event(node: ast.DefineEvent, redact: bool) -> str:
    name, table = _sname(node.name, redact), _sname(node.table, redact)
    text = f"DEFINE EVENT{_mode(node, redact)} {name} ON {table}"
    if node.asynchronous:
        text += " ASYNC"
        if node.retry is not None:
            text += f" RETRY {node.retry}"
        if node.maxdepth is not None:
            text += f" MAXDEPTH {node.maxdepth}"
    text += f" WHEN {_clause_expr(node.when)}"
    text += " THEN " + ", ".join(_clause_expr(t) for t in node.then)
    return text + _comment(node.comment)


def _define_function(node: ast.DefineFunction, redact: bool) -> str:
    args = ", ".join(f"${_param_name(name)}: {kind}" for name, kind in node.args)
    text = f"DEFINE FUNCTION{_mode(node, redact)} fn::{node.name}({args})"
    if node.returns is not None:
        text += f" -> {node.returns}"
    text += f" {expr(node.body)}" + _comment(node.comment)
    return f"{text} PERMISSIONS {permission(node.permissions)}"


def _define_param(node: ast.DefineParam, redact: bool) -> str:
    text = f"DEFINE PARAM{_mode(node, redact)} ${_param_name(node.name)}"
    value = _stored_value(node.value) if redact else _clause_expr(node.value)
    text += f" VALUE {value}" + _comment(node.comment)
    return f"{text} PERMISSIONS {permission(node.permissions)}"


def _stored_value(node: ast.Expr) -> str:
    """A value SurrealDB computes when the definition runs: printed as computed when static."""
    value = evaluate(node)
    if value is NOT_STATIC:
        return _clause_expr(node)
    return render(value)


def _filter(node: ast.AnalyzerFilter) -> str:
    if not node.args:
        return node.name
    if node.name == "MAPPER":
        return f"MAPPER({quote_string(str(node.args[0]))})"
    return f"{node.name}({','.join(str(a) for a in node.args)})"


def _define_analyzer(node: ast.DefineAnalyzer, redact: bool) -> str:
    text = f"DEFINE ANALYZER{_mode(node, redact)} {_sname(node.name, redact)}"
    if node.function is not None:
        text += f" FUNCTION fn::{node.function}"
    if node.tokenizers is not None:
        text += " TOKENIZERS " + ",".join(node.tokenizers)
    if node.filters is not None:
        text += " FILTERS " + ", ".join(_filter(f) for f in node.filters)
    return text + _comment(node.comment)


def _define_sequence(node: ast.DefineSequence, redact: bool) -> str:
    text = f"DEFINE SEQUENCE{_mode(node, redact)} {_sname(node.name, redact)}"
    text += f" BATCH {expr(node.batch)} START {expr(node.start)}"
    if node.timeout is not None:
        text += f" TIMEOUT {expr(node.timeout)}"
    return text


def _api_action(action: ast.ApiAction, *, head: bool = True) -> str:
    parts = []
    if head:
        parts.append("FOR " + (", ".join(action.methods) if action.methods else "any"))
    if action.middleware:
        parts.append("MIDDLEWARE " + ", ".join(expr(m) for m in action.middleware))
    parts.append(f"PERMISSIONS {permission(action.permissions)}")
    if action.then is not None:
        parts.append(f"THEN {_clause_expr(action.then)}")
    return " ".join(parts)


def _define_api(node: ast.DefineApi, redact: bool) -> str:
    name = node.name
    printed = quote_string(name.name) if isinstance(name, ast.Field) else _clause_expr(name)
    text = f"DEFINE API{_mode(node, redact)} {printed}"
    for action in node.actions:
        text += " " + _api_action(action)
    return text + _comment(node.comment)


def _define_config(node: ast.DefineConfig, redact: bool) -> str:
    text = f"DEFINE CONFIG{_mode(node, redact)} {node.target}"
    if node.target == "API":
        assert node.api is not None
        return f"{text} {_api_action(node.api, head=False)}"
    for key, value in node.settings:
        if isinstance(value, tuple):
            text += f" {key} {value[0]} " + ", ".join(str(v) for v in value[1:])
        elif isinstance(value, ast.Expr):
            text += f" {key} {_clause_expr(value)}"
        else:
            text += f" {key} {value}"
    return text


def _define_bucket(node: ast.DefineBucket, redact: bool) -> str:
    text = f"DEFINE BUCKET{_mode(node, redact)} {_sname(node.name, redact)}"
    if node.readonly:
        text += " READONLY"
    if node.backend is not None:
        text += f" BACKEND {_clause_expr(node.backend)}"
    text += f" PERMISSIONS {permission(node.permissions)}"
    return text + _comment(node.comment)


def _define_module(node: ast.DefineModule, redact: bool) -> str:
    return f"DEFINE MODULE {node.text}"


def _remove(node: ast.Remove, redact: bool) -> str:
    text = f"REMOVE {node.what}"
    if node.expunge:
        text += " AND EXPUNGE"
    if node.if_exists:
        text += " IF EXISTS"
    if node.what == "CONFIG":
        return f"{text} {node.target}"
    if node.what == "FUNCTION":
        assert isinstance(node.name, ast.Field)
        return f"{text} fn::{node.name.name}"
    if node.what == "PARAM":
        assert isinstance(node.name, ast.Param)
        return f"{text} {expr(node.name)}"
    if node.what == "FIELD":
        assert node.name is not None and node.table is not None
        return f"{text} {expr(node.name)} ON {_sname(node.table, redact)}"
    assert node.name is not None
    text += f" {_sname(node.name, redact)}"
    if node.table is not None:
        text += f" ON {_sname(node.table, redact)}"
    if node.what == "TOKEN":
        text += f" ON {node.target}"
    return text


def _alter_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, ast.Expr):
        return " " + _clause_expr(value)
    if isinstance(value, str):
        return " " + value
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        kind, detail = value
        if kind == "RELATION":
            return " " + _relation(detail)
        if kind in ("NORMAL", "ANY"):
            return " " + str(kind)
        if isinstance(detail, bool):  # DEFAULT [ALWAYS] expr
            return (" ALWAYS" if detail else "") + _alter_value(kind)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], ast.Expr):
        default, always = value
        return (" ALWAYS" if always else "") + " " + _clause_expr(default)
    if isinstance(value, tuple) and value and isinstance(value[0], ast.AnalyzerFilter):
        return " " + ",".join(_filter(f) for f in value)
    if isinstance(value, tuple) and value and isinstance(value[0], ast.Expr):
        return " " + ", ".join(_clause_expr(v) for v in value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return " " + ", ".join(str(v) for v in value)
    if isinstance(value, ast.ChangeFeed):
        return _changefeed(value)[len(" CHANGEFEED") :]
    if isinstance(value, ast.Reference):
        return _reference(value)[len("REFERENCE") :]
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, dict):  # DURATION FOR …
        return " " + ", ".join(f"FOR {k.upper()} {_clause_expr(v)}" for k, v in value.items())
    return f" {value}"


def _relation(detail: dict[str, object]) -> str:
    text = "RELATION"
    for key, word in (("in", "IN"), ("out", "OUT")):
        tables = detail.get(key)
        if isinstance(tables, tuple) and tables:
            text += f" {word} " + " | ".join(quote_name(str(t)) for t in tables)
    return text + (" ENFORCED" if detail.get("enforced") else "")


def _alter_item(item: ast.AlterItem) -> str:
    if item.keyword == "PERMISSIONS" and isinstance(item.value, tuple):
        kind, groups = item.value
        if kind in ("NONE", "FULL"):
            return f"PERMISSIONS {kind}"
        perms = " ".join(
            f"FOR {', '.join(str(a).lower() for a in actions)} {permission(rule)}"
            for actions, rule in groups
        )
        return f"PERMISSIONS {perms}"
    if item.keyword == "PERMISSIONS":
        return f"PERMISSIONS {permission(item.value)}"  # type: ignore[arg-type]
    if item.keyword == "TYPE" and isinstance(item.value, tuple) and len(item.value) == 2:
        kind, flexible = item.value
        if isinstance(flexible, bool):
            return f"TYPE {kind}" + (" FLEXIBLE" if flexible else "")
    if item.keyword == "CHANGEFEED":
        return "CHANGEFEED" + _alter_value(item.value)
    if item.keyword == "ROLES" and isinstance(item.value, tuple):
        # As written, as SurrealDB prints an ALTER USER (and stores its roles).
        return "ROLES " + ", ".join(quote_name(str(role)) for role in item.value)
    if item.keyword == "COMMENT" and isinstance(item.value, ast.StringLiteral):
        return f"COMMENT {quote_string(item.value.value)}"
    return item.keyword + _alter_value(item.value)


def _alter(node: ast.Alter, redact: bool) -> str:
    text = f"ALTER {node.what}"
    if node.if_exists:
        text += " IF EXISTS"
    if node.name is not None:
        text += " " + (
            expr(node.name) if node.what in ("FIELD", "PARAM") else _sname(node.name, redact)
        )
    if node.table is not None:
        text += f" ON {_sname(node.table, redact)}"
    if node.base is not None:
        text += f" ON {node.base}"
    for item in node.items:
        text += " " + _alter_item(item)
    return text


def _info(node: ast.Info, redact: bool) -> str:
    text = f"INFO FOR {node.target}"
    if node.name is not None:
        text += f" {_sname(node.name, redact)}"
    if node.table is not None:
        text += f" ON {_sname(node.table, redact)}"
    if node.base is not None:
        text += f" ON {node.base}"
    if node.version is not None:
        text += f" VERSION {expr(node.version)}"
    return text + (" STRUCTURE" if node.structure else "")


def _rebuild(node: ast.Rebuild, redact: bool) -> str:
    exists = " IF EXISTS" if node.if_exists else ""
    text = f"REBUILD INDEX{exists} {_sname(node.name, redact)} ON {_sname(node.table, redact)}"
    return text + (" CONCURRENTLY" if node.concurrently else "")


def _sleep(node: ast.Sleep, redact: bool) -> str:
    return f"SLEEP {format_duration(node.duration.nanoseconds)}"


def _for(node: ast.ForEach, redact: bool) -> str:
    return f"FOR ${_param_name(node.param)} IN {expr(node.iterable)} {expr(node.body)}"


def _explain(node: ast.Explain, redact: bool) -> str:
    text = "EXPLAIN"
    if node.analyze:
        text += " ANALYZE"
    if node.format:
        text += f" FORMAT {node.format}"
    return f"{text} {expr(node.statement, statement=True)}"


def _transaction(node: ast.Transaction, redact: bool) -> str:
    return f"{node.action} TRANSACTION"


def _option(node: ast.OptionStmt, redact: bool) -> str:
    return f"OPTION {node.name} = {'true' if node.value else 'false'}"


def _kill(node: ast.Kill, redact: bool) -> str:
    return f"KILL {expr(node.target)}"


def _live(node: ast.Live, redact: bool) -> str:
    from .formatter import _fields

    if node.diff:
        fields = "DIFF"
    elif node.value:
        fields = f"VALUE {_fields(node.fields)}"
    else:
        fields = _fields(node.fields)
    text = f"LIVE SELECT {fields} FROM {expr(node.what)}"
    if node.where is not None:
        text += f" WHERE {expr(node.where)}"
    if node.fetch:
        text += " FETCH " + ", ".join(expr(f) for f in node.fetch)
    return text


def _show(node: ast.ShowChanges, redact: bool) -> str:
    target = f"TABLE {quote_name(node.table)}" if node.table is not None else "DATABASE"
    text = f"SHOW CHANGES FOR {target} SINCE {expr(node.since)}"
    return text + (f" LIMIT {node.limit}" if node.limit is not None else "")


_PRINTERS: dict[type, Callable[[Any, bool], str]] = {
    ast.DefineNamespace: _define_namespace,
    ast.DefineDatabase: _define_database,
    ast.DefineTable: _define_table,
    ast.DefineField: _define_field,
    ast.DefineIndex: _define_index,
    ast.DefineEvent: _define_event,
    ast.DefineFunction: _define_function,
    ast.DefineParam: _define_param,
    ast.DefineAnalyzer: _define_analyzer,
    ast.DefineSequence: _define_sequence,
    ast.DefineApi: _define_api,
    ast.DefineConfig: _define_config,
    ast.DefineBucket: _define_bucket,
    ast.DefineModule: _define_module,
    ast.Remove: _remove,
    ast.Alter: _alter,
    ast.Info: _info,
    ast.Rebuild: _rebuild,
    ast.Sleep: _sleep,
    ast.ForEach: _for,
    ast.Explain: _explain,
    ast.Transaction: _transaction,
    ast.OptionStmt: _option,
    ast.Kill: _kill,
    ast.Live: _live,
    ast.ShowChanges: _show,
}

__all__ = ["object_key", "permission", "permissions", "schema_statement"]
