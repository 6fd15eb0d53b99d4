"""Print syntax trees as SurrealDB's canonical text (what ``INFO FOR ROOT/NS/DB`` shows).

Definitions are printed with SurrealDB's defaults made explicit, its clause order, durations
re-split into units, and constant clause values evaluated. Expressions follow SurrealDB's
printer: parentheses only where precedence needs them, statements inside expressions wrapped
in ``( … )``, single-quoted strings, ``IN`` spelled ``INSIDE`` and so on.

``redact=True`` reproduces ``INFO FOR`` exactly, keys ``'[REDACTED]'`` where SurrealDB hides
them (and, like SurrealDB, drops what it never prints: ``WITH ISSUER ALGORITHM`` and a
bearer's ``WITH JWT``; it upper-cases a user's roles). ``redact=False`` keeps every key
and everything written (a role as spelled: ``ROLES editor``, ``ROLES Viewer`` by default), so
the output re-parses to the same definition.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import ast
from .access import (
    HMAC_ALGORITHMS,
    RANDOM_KEY,
    access_type,
    durations_in_effect,
    issuer_plan,
    stored_comment,
    stored_duration,
    stored_string,
    user_roles,
)
from .errors import SurrealAccessError
from .lexical import format_duration, format_float, quote_name, quote_string
from .surql.values import escape_key

REDACTED = "'[REDACTED]'"


def format(node: ast.Node | ast.Script, *, redact: bool = False) -> str:
    """Print a script, a statement or an expression as canonical SurrealQL.

    A script prints one statement per line, each ending with ``;``. Its comments are kept,
    exactly as written, each on lines of its own above the statement it is attached to (see
    `ast.Script`: a comment written inside a statement moves above it), and the comments after
    the last statement at the end; so the output parses back to the same statements with the
    same comments.
    """
    if isinstance(node, ast.Script):
        lines: list[str] = []
        for index, statement in enumerate(node.statements):
            lines.extend(f"{comment.text}\n" for comment in node.comments_before(index))
            lines.append(f"{_statement(statement, redact)};\n")
        lines.extend(f"{comment.text}\n" for comment in node.trailing_comments)
        return "".join(lines)
    return _statement(node, redact)


def _statement(node: ast.Node, redact: bool) -> str:
    from .schema_formatter import schema_statement  # it builds on this module's printers

    text = schema_statement(node, redact)
    if text is not None:
        return text
    if isinstance(node, ast.DefineAccess):
        return _define_access(node, redact)
    if isinstance(node, ast.DefineUser):
        return _define_user(node, redact)
    if isinstance(node, ast.AlterAccess):
        return _alter_access(node)
    if isinstance(node, (ast.RemoveAccess, ast.RemoveUser)):
        what = "ACCESS" if isinstance(node, ast.RemoveAccess) else "USER"
        exists = " IF EXISTS" if node.if_exists else ""
        return f"REMOVE {what}{exists} {_name(node.name)} ON {node.base}"
    if isinstance(node, ast.DefineScope):
        return _define_scope(node)
    if isinstance(node, ast.DefineToken):
        return _define_token(node)
    if isinstance(node, ast.Use):
        return _use(node)
    if isinstance(node, (ast.AccessGrant, ast.AccessShow, ast.AccessPurge)):
        return _access_statement(node)
    if isinstance(node, ast.Expr):
        return expr(node, statement=True)
    raise TypeError(f"cannot format {type(node).__name__}")


# ---------------------------------------------------------------------------------------------
# Definitions


def _name(node: ast.Expr) -> str:
    if isinstance(node, ast.Field):
        return quote_name(node.name)
    if isinstance(node, ast.StringLiteral):
        return quote_name(node.value)
    return expr(node)


def _string_value(node: ast.Expr) -> str:
    """Print a clause value SurrealDB stores as a string (keys, URL), or its expression."""
    value = stored_string(node)
    return quote_string(value) if isinstance(value, str) else expr(value)


def _duration_text(value: int | ast.Expr | None) -> str:
    """Print a value of `stored_duration`."""
    if value is None:
        return "NONE"
    if isinstance(value, int):
        return format_duration(value)
    return expr(value)


def _comment(node: ast.Expr | None) -> str:
    value = stored_comment(node)
    if value is None:
        return ""
    return f" COMMENT {quote_string(value) if isinstance(value, str) else expr(value)}"


def _jwt(jwt: ast.JwtConfig | None, redact: bool) -> str:
    if jwt is None:
        if redact:
            return f"ALGORITHM HS512 KEY {REDACTED} WITH ISSUER KEY {REDACTED}"
        return ""
    verifier = jwt.verifier
    if isinstance(verifier, ast.KeyVerifier):
        hidden = redact and verifier.algorithm in HMAC_ALGORITHMS
        key = REDACTED if hidden else _string_value(verifier.key)
        text = f"ALGORITHM {verifier.algorithm} KEY {key}"
    else:
        text = f"URL {_string_value(verifier.url)}"
    issuer = issuer_plan(jwt)
    if issuer is None:
        return text
    if redact:
        return f"{text} WITH ISSUER KEY {REDACTED}"
    parts = [text, "WITH ISSUER"]
    if isinstance(verifier, ast.UrlVerifier) and issuer.algorithm != "HS512":
        parts.append(f"ALGORITHM {issuer.algorithm}")
    if issuer.key is not RANDOM_KEY:
        assert isinstance(issuer.key, ast.Expr)
        parts.append(f"KEY {_string_value(issuer.key)}")
    return " ".join(parts)


def _access_kind(kind: ast.JwtAccess | ast.RecordAccess | ast.BearerAccess, redact: bool) -> str:
    if isinstance(kind, ast.JwtAccess):
        return f"JWT {_jwt(kind.jwt, redact)}"
    if isinstance(kind, ast.RecordAccess):
        parts = ["RECORD"]
        if kind.signup is not None:
            parts.append(f"SIGNUP {expr(kind.signup, clause=True)}")
        if kind.signin is not None:
            parts.append(f"SIGNIN {expr(kind.signin, clause=True)}")
        if kind.refresh:
            parts.append("WITH REFRESH")
        jwt = _jwt(kind.jwt, redact)
        if jwt:
            parts.append(f"WITH JWT {jwt}")
        return " ".join(parts)
    text = f"BEARER FOR {kind.subject}"
    if kind.jwt is not None and not redact:
        text += f" WITH JWT {_jwt(kind.jwt, redact)}"
    return text


def _extensions(ext: ast.Extensions) -> str:
    parts = []
    if ext.issuers is not None:
        parts.append("ISSUER " + ", ".join(quote_string(s.value) for s in ext.issuers))
    if ext.audiences is not None:
        parts.append("AUDIENCE " + ", ".join(quote_string(s.value) for s in ext.audiences))
    if ext.leeway is not None:
        parts.append(f"LEEWAY {format_duration(ext.leeway.nanoseconds)}")
    if ext.claims is not None:
        parts.append(f"CLAIMS {expr(ext.claims)}")
    return "".join(f" {p}" for p in parts)


def _define_mode(mode: ast.DefineMode) -> str:
    return f" {mode}" if mode else ""


def _define_head(what: str, node: ast.DefineAccess | ast.DefineUser, redact: bool) -> str:
    mode = "" if redact else _define_mode(node.mode)
    return f"DEFINE {what}{mode} {_name(node.name)} ON {node.base}"


def _define_access(node: ast.DefineAccess, redact: bool) -> str:
    kind = access_type(node)
    text = _define_head("ACCESS", node, redact)
    if node.type is not None or node.base == "DATABASE" or redact:
        # SurrealDB prints `TYPE RECORD` even ON ROOT / NAMESPACE, where it cannot be parsed
        # back; the lossless form keeps the clause out, as it was written.
        text += f" TYPE {_access_kind(kind, redact)}"
    text += _extensions(node.extensions)
    if node.authenticate is not None:
        text += f" AUTHENTICATE {expr(node.authenticate, clause=True)}"
    text += _durations(node)
    return text + _comment(node.comment)


def _durations(node: ast.DefineAccess | ast.DefineUser) -> str:
    return " " + _duration_clause(durations_in_effect(node))


def _duration_clause(items: Iterable[tuple[str, int | ast.Expr | None]]) -> str:
    """``DURATION FOR GRANT …, FOR TOKEN …`` from (kind, `stored_duration` value) pairs."""
    return "DURATION " + ", ".join(f"FOR {k.upper()} {_duration_text(v)}" for k, v in items)


def _define_user(node: ast.DefineUser, redact: bool) -> str:
    text = _define_head("USER", node, redact)
    if redact:
        # SurrealDB stores a hash either way, and prints it redacted (empty if there is none).
        written = node.passhash is not None or node.password is not None
        text += f" PASSHASH {REDACTED if written else quote_string('')}"
    elif node.passhash is not None:
        text += f" PASSHASH {quote_string(node.passhash.value)}"
    elif node.password is not None:
        text += f" PASSWORD {quote_string(node.password.value)}"
    # INFO prints the stored role names upper-cased; unredacted text keeps them as stored,
    # so that it parses back to the same definition (the spelling is the token's RL claim).
    text += " ROLES " + ", ".join(quote_name(r) for r in user_roles(node, stored=not redact))
    text += _durations(node)
    return text + _comment(node.comment)


def _alter_access(node: ast.AlterAccess) -> str:
    exists = " IF EXISTS" if node.if_exists else ""
    parts = [f"ALTER ACCESS{exists} {quote_name(node.name)} ON {node.base}"]
    if node.drop_authenticate:
        parts.append("DROP AUTHENTICATE")
    elif node.authenticate is not None:
        parts.append(f"AUTHENTICATE {expr(node.authenticate, clause=True)}")
    durations = [
        (kind, stored_duration(value, None))
        for kind, value in (("grant", node.durations.grant), ("token", node.durations.token),
                            ("session", node.durations.session))
        if value is not None
    ]
    if durations:
        parts.append(_duration_clause(durations))
    if node.drop_comment:
        parts.append("DROP COMMENT")
    elif node.comment is not None:
        parts.append(f"COMMENT {quote_string(node.comment.value)}")
    return " ".join(parts)


def _define_scope(node: ast.DefineScope) -> str:
    parts = [f"DEFINE SCOPE{_define_mode(node.mode)} {quote_name(node.name)}"]
    if node.session is not None:
        parts.append(f"SESSION {expr(node.session)}")
    if node.signup is not None:
        parts.append(f"SIGNUP {expr(node.signup, clause=True)}")
    if node.signin is not None:
        parts.append(f"SIGNIN {expr(node.signin, clause=True)}")
    if node.comment is not None:
        parts.append(f"COMMENT {expr(node.comment)}")
    return " ".join(parts)


def _define_token(node: ast.DefineToken) -> str:
    base = f"SCOPE {quote_name(node.scope or '')}" if node.base == "SCOPE" else node.base
    parts = [f"DEFINE TOKEN{_define_mode(node.mode)} {quote_name(node.name)} ON {base}"]
    if node.algorithm is not None:
        parts.append(f"TYPE {node.algorithm}")
    if node.value is not None:
        parts.append(f"VALUE {expr(node.value)}")
    if node.comment is not None:
        parts.append(f"COMMENT {expr(node.comment)}")
    return " ".join(parts)


def _use(node: ast.Use) -> str:
    parts = ["USE"]
    if node.namespace is not None:
        parts.append(f"NS {_name(node.namespace)}")
    if node.database is not None:
        parts.append(f"DB {_name(node.database)}")
    return " ".join(parts)


def _access_statement(node: ast.AccessGrant | ast.AccessShow | ast.AccessPurge) -> str:
    text = f"ACCESS {quote_name(node.access)}"
    if node.base is not None:
        text += f" ON {node.base}"
    if isinstance(node, ast.AccessGrant):
        if node.subject == "USER":
            return f"{text} GRANT FOR USER {quote_name(node.user or '')}"
        assert node.record is not None
        return f"{text} GRANT FOR RECORD {expr(node.record)}"
    if isinstance(node, ast.AccessShow):
        if node.grant is not None:
            return f"{text} {node.action} GRANT {quote_name(node.grant)}"
        if node.where is not None:
            return f"{text} {node.action} WHERE {expr(node.where)}"
        return f"{text} {node.action} ALL"
    kinds = [k for k, on in (("EXPIRED", node.expired), ("REVOKED", node.revoked)) if on]
    text += " PURGE " + ", ".join(kinds)
    if node.grace is not None:
        text += f" FOR {format_duration(node.grace.nanoseconds)}"
    return text


# ---------------------------------------------------------------------------------------------
# Expressions

# Binding power of each operator, loosest first (SurrealDB's Pratt parser levels).
_PRECEDENCE: dict[str, int] = {
    "??": 1, "?:": 1,
    "OR": 2,
    "AND": 3,
    "=": 4, "==": 4, "!=": 4, "*=": 4, "?=": 4, "@@": 4,
    "<": 5, "<=": 5, ">": 5, ">=": 5, "CONTAINS": 5, "CONTAINSNOT": 5, "CONTAINSALL": 5,
    "CONTAINSANY": 5, "CONTAINSNONE": 5, "INSIDE": 5, "NOTINSIDE": 5, "ALLINSIDE": 5,
    "ANYINSIDE": 5, "NONEINSIDE": 5, "OUTSIDE": 5, "INTERSECTS": 5,
    "+": 6, "-": 6,
    "*": 7, "/": 7, "%": 7,
    "**": 8,
}  # fmt: skip
_PREFIX = 9
_RANGE = 10
_PRIME = 12

_OPERATOR_ALIASES = {"IN": "INSIDE", "NOT IN": "NOTINSIDE", "IS": "=", "IS NOT": "!="}

_STATEMENTS = (
    ast.Select, ast.Create, ast.Update, ast.Delete, ast.Relate, ast.Insert, ast.IfElse,
    ast.Let, ast.Statement, ast.Break, ast.Continue,
)  # fmt: skip


def _precedence(op: str) -> int:
    if op.startswith("<|"):
        return 5  # KNN, a relational operator
    if op.startswith("@") and op != "@@":
        return 4  # full-text matches, an equality operator
    return _PRECEDENCE[op]


def _strip(node: ast.Expr) -> ast.Expr:
    while isinstance(node, ast.Paren):
        node = node.expr
    return node


def _power(node: ast.Expr) -> int:
    node = _strip(node)
    if isinstance(node, ast.BinaryOp):
        return _precedence(_OPERATOR_ALIASES.get(node.op, node.op))
    if isinstance(node, (ast.UnaryOp, ast.Cast)):
        return _PREFIX
    if isinstance(node, ast.Range):
        return _RANGE
    if isinstance(node, (ast.Return, ast.Throw)):
        return 0
    return _PRIME


def expr(node: ast.Expr, *, statement: bool = False, clause: bool = False) -> str:
    """Print an expression.

    ``statement``: the expression stands as a statement (top level or in a block), so
    statements print bare. ``clause``: it is a clause value of a definition, where SurrealDB
    wraps statements other than RETURN and THROW in parentheses.
    """
    node = _strip(node)
    if isinstance(node, _STATEMENTS) and not statement:
        return f"({_bare(node)})"
    if isinstance(node, (ast.Return, ast.Throw)) and not (statement or clause):
        return f"({_bare(node)})"
    return _bare(node)


def _operand(node: ast.Expr, minimum: int) -> str:
    text = expr(node)
    if _power(node) < minimum and not text.startswith("("):
        return f"({text})"
    return text


def _bare(node: ast.Expr) -> str:  # one branch per node type
    if isinstance(node, ast.NoneLiteral):
        return "NONE"
    if isinstance(node, ast.NullLiteral):
        return "NULL"
    if isinstance(node, ast.BoolLiteral):
        return "true" if node.value else "false"
    if isinstance(node, ast.NumberLiteral):
        return _number(node)
    if isinstance(node, ast.DurationLiteral):
        return format_duration(node.nanoseconds)
    if isinstance(node, ast.StringLiteral):
        return quote_string(node.value)
    if isinstance(node, ast.PrefixedString):
        if node.prefix == "r":
            return _record_string(node.value)
        return node.prefix + quote_string(node.value)
    if isinstance(node, ast.Param):
        return "$" + _param_name(node.name)
    if isinstance(node, ast.Field):
        return quote_name(node.name)
    if isinstance(node, ast.Constant):
        return _path(node.path)
    if isinstance(node, ast.FunctionCall):
        name = node.name if node.custom else _path(node.name)
        return f"{name}({_args(node.args)})"
    if isinstance(node, ast.RecordIdLiteral):
        return _record_id(node)
    if isinstance(node, ast.ArrayLiteral):
        return f"[{_args(node.items)}]"
    if isinstance(node, ast.ObjectLiteral):
        return _object(node)
    if isinstance(node, ast.TupleLiteral):
        return f"({_args(node.items)})"
    if isinstance(node, ast.Block):
        return _block(node)
    if isinstance(node, ast.BinaryOp):
        op = _OPERATOR_ALIASES.get(node.op, node.op)
        power = _precedence(op)
        return f"{_operand(node.left, power)} {op} {_operand(node.right, power + 1)}"
    if isinstance(node, ast.UnaryOp):
        return f"{node.op}{_operand(node.operand, _PREFIX)}"
    if isinstance(node, ast.Cast):
        return f"<{_kind(node.kind)}> {_operand(node.operand, _PREFIX)}"
    if isinstance(node, ast.Range):
        start = "" if node.start is None else _operand(node.start, _RANGE + 1)
        end = "" if node.end is None else _operand(node.end, _RANGE + 1)
        return f"{start}{node.op}{end}"
    if isinstance(node, ast.GraphStart):
        return node.arrow + _graph_target(node.what, node.query)
    if isinstance(node, ast.SetLiteral):
        return "{" + _args(node.items) + "}" if node.items else "{,}"
    if isinstance(node, ast.Closure):
        return _closure(node)
    if isinstance(node, ast.Mock):
        return _mock(node)
    if isinstance(node, ast.RegexLiteral):
        return f"/{node.pattern}/"
    if isinstance(node, ast.JsFunction):
        return node.text
    if isinstance(node, ast.CurrentDoc):
        return "@"
    if isinstance(node, ast.Idiom):
        base = _operand(node.base, _PRIME)
        if isinstance(node.base, ast.RecordIdLiteral) and isinstance(
            node.parts[0], (ast.GraphPart, ast.RecursePart, ast.DestructurePart)
        ):
            base = f"({base})"  # SurrealDB's spelling of a graph walk from a record id
        return base + "".join(_part(p) for p in node.parts)
    return _statement_text(node)


def _statement_text(node: ast.Expr) -> str:
    if isinstance(node, ast.Select):
        return _select(node)
    if isinstance(node, ast.Create):
        return _join("CREATE", "ONLY" if node.only else "", _args(node.what), _data(node.data),
                     _output(node.output), _timeout(node.timeout))
    if isinstance(node, ast.Update):
        return _join("UPSERT" if node.upsert else "UPDATE", "ONLY" if node.only else "",
                     _args(node.what), _data(node.data), _where(node.where),
                     _output(node.output), _timeout(node.timeout))
    if isinstance(node, ast.Delete):
        return _join("DELETE", "ONLY" if node.only else "", _args(node.what), _where(node.where),
                     _output(node.output), _timeout(node.timeout))
    if isinstance(node, ast.Relate):
        return _join("RELATE", "ONLY" if node.only else "",
                     f"{expr(node.source)} -> {expr(node.kind)} -> {expr(node.target)}",
                     "UNIQUE" if node.unique else "", _data(node.data), _output(node.output),
                     _timeout(node.timeout))
    if isinstance(node, ast.Insert):
        return _insert(node)
    if isinstance(node, ast.IfElse):
        return _if(node)
    if isinstance(node, ast.Let):
        kind = f": {_kind(node.kind)}" if node.kind else ""
        return f"LET ${_param_name(node.name)}{kind} = {expr(node.value)}"
    if isinstance(node, ast.Return):
        return f"RETURN {expr(node.value)}"
    if isinstance(node, ast.Throw):
        return f"THROW {expr(node.value)}"
    if isinstance(node, ast.Break):
        return "BREAK"
    if isinstance(node, ast.Continue):
        return "CONTINUE"
    if isinstance(node, ast.Statement):
        return _statement(node, redact=False)
    raise TypeError(f"cannot format {type(node).__name__}")  # pragma: no cover


def _path(path: str) -> str:
    """A built-in path: SurrealDB escapes a first segment that is a reserved word."""
    head, sep, rest = path.partition("::")
    if not sep or head.lower() == "fn":
        return path
    return quote_name(head) + sep + rest


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _args(items: tuple[ast.Expr, ...]) -> str:
    return ", ".join(expr(item) for item in items)


def _param_name(name: str) -> str:
    # After `$` every plain word prints bare, keywords included (`$value`, `$table`).
    if name and (name[0].isalpha() or name[0] == "_") and name.isascii() and name.replace(
        "_", "a"
    ).isalnum():
        return name
    return quote_name(name)


def _number(node: ast.NumberLiteral) -> str:
    value = node.value
    if node.kind == "int":
        return str(value)
    if node.kind == "decimal":
        return f"{value}dec"
    assert isinstance(value, float)
    return format_float(value)


def _kind(kind: str) -> str:
    if kind.startswith("option<") and kind.endswith(">"):
        return "none | " + kind[len("option<") : -1]
    return kind


def _record_id(node: ast.RecordIdLiteral) -> str:
    key = node.key
    if isinstance(key, int):
        text = str(key)
    elif isinstance(key, str):
        text = key if _plain_key(key) else quote_name_always(key)
    elif isinstance(key, ast.RecordGenerator):
        text = f"{key.name}()"
    else:
        text = expr(key)
    return f"{quote_name(node.table)}:{text}"


def _record_string(text: str) -> str:
    """``r'…'`` holds record-id text; SurrealDB prints the record id it parses to."""
    from .parser import parse  # the parser imports the formatter's users, not the reverse

    try:
        statements = parse(f"RETURN {text}").statements
    except SurrealAccessError:
        return "r" + quote_string(text)
    value = statements[0].value if statements and isinstance(statements[0], ast.Return) else None
    return _record_id(value) if isinstance(value, ast.RecordIdLiteral) else "r" + quote_string(text)


def _plain_key(key: str) -> bool:
    return bool(key) and all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in key)


def quote_name_always(name: str) -> str:
    """Backtick-quote a name unconditionally."""
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def _object(node: ast.ObjectLiteral) -> str:
    if not node.entries:
        return "{  }"
    entries = ", ".join(f"{object_key(k)}: {expr(v)}" for k, v in node.entries)
    return "{ " + entries + " }"


def object_key(key: str) -> str:
    """Print an object key: bare when it is a plain word, else double-quoted."""
    return escape_key(key)


def _block(node: ast.Block) -> str:
    if not node.statements:
        return "{;}"
    items = [expr(s, statement=True) for s in node.statements]
    if len(items) == 1:
        return "{ " + items[0] + " }"
    return "{ " + "; ".join(items) + "; }"


def _part(part: ast.Part) -> str:
    if isinstance(part, ast.FieldPart):
        return "." + quote_name(part.name)
    if isinstance(part, ast.IndexPart):
        return f"[{expr(part.index)}]"
    if isinstance(part, ast.AllPart):
        return ".*"
    if isinstance(part, ast.LastPart):
        return "[$]"
    if isinstance(part, ast.WherePart):
        return f"[WHERE {expr(part.condition)}]"
    if isinstance(part, ast.FlattenPart):
        return "..."
    if isinstance(part, ast.OptionalPart):
        return ".?"
    if isinstance(part, ast.MethodPart):
        return f".{part.name}({_args(part.args)})"
    if isinstance(part, ast.CallPart):
        return f"({_args(part.args)})"
    if isinstance(part, ast.GraphPart):
        return part.arrow + _graph_target(part.what, part.query)
    if isinstance(part, ast.DestructurePart):
        return ".{ " + ", ".join(_destructure(i) for i in part.items) + " }"
    if isinstance(part, ast.RecursePart):
        return ".{" + _recurse(part) + "}"
    if isinstance(part, ast.RepeatPart):
        return ".@"
    raise TypeError(f"cannot format {type(part).__name__}")  # pragma: no cover


def _graph_target(what: str, query: ast.Node | None) -> str:
    if query is None:
        return what
    if isinstance(query, ast.GraphTables):
        text = ", ".join(query.subjects)
        if query.where is not None:
            text += f" WHERE {expr(query.where)}"
        if query.alias is not None:
            text += f" AS {quote_name(query.alias)}"
        return f"({text})"
    assert isinstance(query, ast.Select)
    return f"({_select(query)})"


def _closure(node: ast.Closure) -> str:
    from .schema_transform import split_union

    args = ", ".join(
        f"${_param_name(name)}"
        + ("" if not kind else f": <{kind}>" if len(split_union(kind)) > 1 else f": {kind}")
        for name, kind in node.args
    )
    if node.returns is not None:
        return f"|{args}| -> {node.returns} {expr(node.body)}"
    return f"|{args}| {expr(node.body)}"


def _mock(node: ast.Mock) -> str:
    if node.count is not None:
        return f"|{quote_name(node.table)}:{node.count}|"
    start = "" if node.start is None else str(node.start)
    end = "" if node.end is None else str(node.end)
    dots = "..=" if node.inclusive else ".."
    return f"|{quote_name(node.table)}:{start}{dots}{end}|"


def _destructure(item: ast.DestructureItem) -> str:
    name = quote_name(item.name)
    if item.alias is not None:
        return f"{name}: {expr(item.alias)}"
    if item.all:
        return f"{name}.*"
    if item.nested is not None:
        return f"{name}.{{ " + ", ".join(_destructure(i) for i in item.nested) + " }"
    return name


def _recurse(part: ast.RecursePart) -> str:
    if part.exact:
        text = str(part.minimum)
    else:
        low = "" if part.minimum is None else str(part.minimum)
        high = "" if part.maximum is None else str(part.maximum)
        text = f"{low}..{high}"
    return text + "".join(part.options)


def _fields(fields: tuple[ast.SelectField, ...]) -> str:
    out = []
    for f in fields:
        if f.expr is None:
            out.append("*")
        else:
            out.append(expr(f.expr) + (f" AS {quote_name(f.alias)}" if f.alias else ""))
    return ", ".join(out)


def _select(node: ast.Select) -> str:
    fields = f"VALUE {_fields(node.fields)}" if node.value else _fields(node.fields)
    group = ""
    if node.group == "ALL":
        group = "GROUP ALL"
    elif node.group:
        group = f"GROUP BY {_args(node.group)}"
    order = ""
    if node.order:
        order = "ORDER BY " + ", ".join(
            _join(_order_expr(o.expr), "COLLATE" if o.collate else "",
                  "NUMERIC" if o.numeric else "", o.direction)
            for o in node.order
        )
    with_index = ""
    if node.with_index == "NOINDEX":
        with_index = "WITH NOINDEX"
    elif node.with_index is not None:
        with_index = "WITH INDEX " + ", ".join(quote_name(i) for i in node.with_index)
    return _join(
        "SELECT", fields,
        f"OMIT {_args(node.omit)}" if node.omit else "",
        "FROM", "ONLY" if node.only else "", _args(node.what), with_index,
        _where(node.where),
        f"SPLIT ON {_args(node.split)}" if node.split else "",
        group, order,
        f"LIMIT {expr(node.limit)}" if node.limit is not None else "",
        f"START {expr(node.start)}" if node.start is not None else "",
        f"FETCH {_args(node.fetch)}" if node.fetch else "",
        f"VERSION {expr(node.version)}" if node.version is not None else "",
        _timeout(node.timeout),
        "PARALLEL" if node.parallel else "",
        "TEMPFILES" if node.tempfiles else "",
        _join("EXPLAIN", node.explain) if node.explain is not None else "",
    )  # fmt: skip


def _order_expr(node: ast.Expr) -> str:
    if isinstance(node, ast.FunctionCall) and node.name.lower() == "rand" and not node.args:
        return "RAND()"  # ORDER BY RAND() is a clause of its own, in capitals
    return expr(node)


def _where(node: ast.Expr | None) -> str:
    return f"WHERE {expr(node)}" if node is not None else ""


def _timeout(node: ast.Expr | None) -> str:
    return f"TIMEOUT {expr(node)}" if node is not None else ""


def _data(data: ast.Data | None) -> str:
    if data is None:
        return ""
    if data.kind == "SET":
        return "SET " + _assignments(data.assignments)
    if data.kind == "UNSET":
        return "UNSET " + _args(data.fields)
    assert data.value is not None
    return f"{data.kind} {expr(data.value)}"


def _assignments(items: tuple[ast.Assignment, ...]) -> str:
    return ", ".join(f"{expr(a.target)} {a.op} {expr(a.value)}" for a in items)


def _output(output: ast.Output | None) -> str:
    if output is None:
        return ""
    if output.kind == "FIELDS":
        return f"RETURN {_fields(output.fields)}"
    if output.kind == "VALUE":
        return f"RETURN VALUE {_fields(output.fields)}"
    return f"RETURN {output.kind}"


def _insert(node: ast.Insert) -> str:
    head = _join("INSERT", "RELATION" if node.relation else "", "IGNORE" if node.ignore else "",
                 f"INTO {expr(node.into)}" if node.into is not None else "")
    if node.data is not None:
        body = expr(node.data)
    else:
        rows = ", ".join(f"({_args(row)})" for row in node.rows)
        body = f"({_args(node.columns)}) VALUES {rows}"
    update = ""
    if node.on_duplicate:
        update = "ON DUPLICATE KEY UPDATE " + _assignments(node.on_duplicate)
    return _join(head, body, update, _output(node.output))


def _if(node: ast.IfElse) -> str:
    then = " THEN " if node.worded else " "
    parts = [
        f"{'IF' if i == 0 else 'ELSE IF'} {expr(cond)}{then}{expr(body)}"
        for i, (cond, body) in enumerate(node.branches)
    ]
    if node.otherwise is not None:
        parts.append(f"ELSE {expr(node.otherwise)}")
    return " ".join(parts) + (" END" if node.worded else "")


__all__ = ["expr", "format"]
