"""Lower the extended dialect to plain SurrealDB 3.x text (extensions reference, "Lowering").

`lower` rewrites every ``DEFINE ACCESS`` that uses ISSUER, AUDIENCE, LEEWAY or CLAIMS into a
definition the real engine accepts, and reports what could not be carried over:

* ISSUER and AUDIENCE become checks at the start of ``AUTHENTICATE`` that ``THROW`` on failure
  (``THROW 'invalid_issuer: …'``, ``THROW 'invalid_audience: …'``; the engine reports them to
  the client as ``An error occurred: invalid_issuer: …``). ``aud`` may be a string or an array
  in SurrealDB's ``$token``, so the audience check tests both shapes, each behind a type check
  (``CONTAINSANY`` on a string would test substrings).
* CLAIMS on ``TYPE RECORD`` (only ``id`` is allowed there) becomes two ``LET`` statements: the
  claim's value, read from ``$token`` by an idiom equivalent to the plain JSONPath, and the
  record id made from it with SurrealDB's ``type::record``, exactly as surrealaccess's
  coercion does (a string or integer key with ``table``, a ``tb:id`` string without; anything
  else ``THROW 'claim_invalid: …'``; no match gives ``default`` when it is a record, ``THROW
  'claim_missing: …'`` when ``required``, else the token's own record, ``$auth``).
* The original ``AUTHENTICATE`` runs after those statements (with ``$auth`` renamed to the
  mapped record when CLAIMS is lowered, since ``$auth`` cannot be assigned in SurrealQL). A
  ``TYPE RECORD`` method without one returns the record.

What SurrealDB cannot express is kept as a ``--`` comment above the statement and reported as
a `LoweringWarning`: LEEWAY, CLAIMS on ``TYPE JWT``, a CLAIMS path that is not a plain path,
routing by issuer, and (lowered, but only approximately) CLAIMS paths that read a routing
claim, whose name SurrealDB's ``$token`` normalises.

Statements that need no lowering keep their source text, comments included; a lowered
definition is printed with `surrealaccess.format` (canonical text). The returned script is
that text parsed again under ``dialect="surrealdb"``, so ``lowered.source`` is the complete
lowered file, comments and all.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from . import ast
from .access import access_type
from .claimmap import ClaimMapProblem, ClaimProgram, ClaimRule, compile_claims
from .claims import ALIASES
from .errors import (
    AuthenticationError,
    CompileError,
    CompileProblem,
    ParseError,
)
from .formatter import expr as format_expr
from .formatter import format as format_node
from .lexical import format_duration
from .lint.walk import walk
from .parser import parse
from .source import Span
from .surql import RecordId, render

WarningCode = Literal[
    "leeway", "claims-jwt", "claims-path", "routing-claim-path", "routing-by-issuer",
    "sign-in", "session-rd",
]  # fmt: skip
#: Every warning code, in the order the README documents them.
WARNING_CODES: Final[tuple[WarningCode, ...]] = (
    "leeway", "claims-jwt", "claims-path", "routing-claim-path", "routing-by-issuer",
    "sign-in", "session-rd",
)  # fmt: skip

#: What the lowered checks throw; the engine shows ``An error occurred: <text>``.
ISSUER_THROW: Final = "invalid_issuer: the token's iss is not a trusted issuer"
AUDIENCE_THROW: Final = "invalid_audience: the token's aud names no accepted audience"
_COMMENT_HEAD: Final = "-- surrealaccess lower: not expressible in SurrealDB 3.x"
# Characters that end a line comment (or could, for some reader): never inside a comment line.
_FIELD_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LINE_BREAKS: Final = str.maketrans(dict.fromkeys("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029", " "))


@dataclass(frozen=True, slots=True)
class LoweringWarning:
    """Something of an extended definition that plain SurrealDB cannot express.

    ``statement`` is the index of the definition in the input script's statements; ``span``
    points at the clause in the input source; ``clause`` is the clause's canonical text when
    it was dropped (and kept in the comment), else ``""``.
    """

    code: WarningCode
    message: str
    access: str
    statement: int
    span: Span
    path: str | None = None
    clause: str = ""

    def __str__(self) -> str:
        where = f"{self.path or '<string>'}:{self.span.line}:{self.span.column}"
        return f"{where}: warning[{self.code}]: {self.message}"


def lower(script: ast.Script) -> tuple[ast.Script, list[LoweringWarning]]:
    """Lower ``script`` to plain SurrealDB 3.x; return the lowered script and the warnings.

    The lowered script is parsed under ``dialect="surrealdb"``; its ``source`` is the lowered
    text, with the untouched statements (and comments) as they were written and a comment
    above each definition that lost something. Lowering a script without extension clauses
    returns the same text.

    Raises `CompileError` if an extension clause is itself invalid (a bad CLAIMS object,
    extensions on ``TYPE BEARER``): there is nothing sensible to lower then.
    """
    problems: list[CompileProblem] = []
    warnings: list[LoweringWarning] = []
    lowered: dict[int, tuple[ast.DefineAccess, list[LoweringWarning]]] = {}
    for index, statement in enumerate(script.statements):
        if not isinstance(statement, ast.DefineAccess) or not _extended(statement.extensions):
            continue
        definition = _Definition(script, index, statement)
        node = definition.lower()
        problems.extend(definition.problems)
        warnings.extend(definition.warnings)
        lowered[index] = (node, definition.warnings)
    if problems:
        raise CompileError(problems)
    text = _render(script, lowered)
    try:
        result = parse(text, path=script.path, dialect="surrealdb")
    except ParseError as error:  # pragma: no cover - a bug in lowering, never the input's fault
        raise RuntimeError(f"lowering produced text SurrealDB cannot parse: {error}") from None
    return result, warnings


def _extended(ext: ast.Extensions) -> bool:
    return any(
        value is not None for value in (ext.issuers, ext.audiences, ext.leeway, ext.claims)
    )


# ---- one definition ----------------------------------------------------------------------------


def _token(*steps: str | int) -> ast.Idiom:
    """``$token`` followed by field / index steps."""
    return ast.Idiom(base=ast.Param(name="token"), parts=tuple(_step(s) for s in steps))


def _step(step: str | int) -> ast.Part:
    if isinstance(step, int):
        return ast.IndexPart(index=ast.NumberLiteral(value=step, kind="int"))
    if _FIELD_NAME.fullmatch(step):
        return ast.FieldPart(name=step)
    return ast.IndexPart(index=ast.StringLiteral(value=step))


def _call(name: str, *args: ast.Expr) -> ast.FunctionCall:
    return ast.FunctionCall(name=name, args=args)


def _and(*items: ast.Expr) -> ast.Expr:
    result = items[0]
    for item in items[1:]:
        result = ast.BinaryOp(op="AND", left=result, right=item)
    return result


def _throw(message: str) -> ast.Block:
    return ast.Block(statements=(ast.Throw(value=ast.StringLiteral(value=message)),))


def _if(condition: ast.Expr, then: ast.Expr) -> ast.IfElse:
    return ast.IfElse(branches=((condition, then),))


def _strings(values: tuple[ast.StringLiteral, ...]) -> ast.ArrayLiteral:
    return ast.ArrayLiteral(items=tuple(ast.StringLiteral(value=v.value) for v in values))


def issuer_check(issuers: tuple[ast.StringLiteral, ...]) -> ast.IfElse:
    """``IF $token.iss != 'a' { THROW … }`` (``NOT IN [...]`` for several issuers).

    A missing ``iss`` is NONE, which equals no string: rejected, as surrealaccess does.
    """
    iss = _token("iss")
    if len(issuers) == 1:
        condition: ast.Expr = ast.BinaryOp(
            op="!=", left=iss, right=ast.StringLiteral(value=issuers[0].value))
    else:
        condition = ast.BinaryOp(op="NOTINSIDE", left=iss, right=_strings(issuers))
    return _if(condition, _throw(ISSUER_THROW))


def audience_check(audiences: tuple[ast.StringLiteral, ...]) -> ast.IfElse:
    """Reject unless ``aud`` (a string, or an array of strings) names an accepted audience.

    SurrealDB refuses any other ``aud`` type when it decodes the token; a missing or empty
    ``aud`` matches neither branch.
    """
    aud = _token("aud")
    if len(audiences) == 1:
        wanted: ast.Expr = ast.StringLiteral(value=audiences[0].value)
        as_string: ast.Expr = ast.BinaryOp(op="=", left=aud, right=wanted)
        as_array: ast.Expr = ast.BinaryOp(op="CONTAINS", left=aud, right=wanted)
    else:
        as_string = ast.BinaryOp(op="INSIDE", left=aud, right=_strings(audiences))
        as_array = ast.BinaryOp(op="CONTAINSANY", left=aud, right=_strings(audiences))
    accepted = ast.BinaryOp(
        op="OR",
        left=_and(_call("type::is_string", aud), as_string),
        right=_and(_call("type::is_array", aud), as_array),
    )
    return _if(ast.UnaryOp(op="!", operand=accepted), _throw(AUDIENCE_THROW))


def claim_value(steps: tuple[str | int, ...], name: str) -> list[ast.Expr]:
    """``LET $name`` statements giving a plain JSONPath's value in ``$token`` (NONE: no match).

    They follow surrealaccess's lookup (`surrealaccess.claimmap`), which SurrealQL idioms
    alone do not: a field of an array would map over its items and an index into an object
    would read a key, so each step is guarded by the type it needs. A name step needs an
    object; an index step takes an array item or, as jsonpath-ng does, one character of a
    string. The payload is an object, so a path that starts with an index matches nothing.
    """
    variable = ast.Param(name=name)
    if isinstance(steps[0], int):
        return [ast.Let(name=name, value=ast.NoneLiteral())]
    statements: list[ast.Expr] = []
    base: ast.Expr = ast.Param(name="token")
    known_object = True  # $token is an object; a value read by an index step may be anything
    parts: list[ast.Part] = []
    guards: list[ast.Expr] = []

    def prefix() -> ast.Expr:
        return ast.Idiom(base=base, parts=tuple(parts)) if parts else base

    def flush() -> None:
        if base is variable and not parts:
            return  # the variable already holds the value
        value = prefix()
        if guards:
            value = ast.IfElse(branches=((_and(*guards), ast.Block(statements=(value,))),),
                               otherwise=ast.Block(statements=(ast.NoneLiteral(),)))
        statements.append(ast.Let(name=name, value=value))

    for step in steps:
        if isinstance(step, str):
            if parts or not known_object:
                guards.append(_call("type::is_object", prefix()))
            parts.append(_step(step))
            continue
        flush()
        index = ast.NumberLiteral(value=step, kind="int")
        item = ast.Idiom(base=variable, parts=(ast.IndexPart(index=index),))
        character = _call("string::slice", variable, index,
                          ast.NumberLiteral(value=step + 1, kind="int"))
        in_string = _and(_call("type::is_string", variable), ast.BinaryOp(
            op=">", left=_call("string::len", variable), right=index))
        statements.append(ast.Let(name=name, value=ast.IfElse(
            branches=(
                (_call("type::is_array", variable), ast.Block(statements=(item,))),
                (in_string, ast.Block(statements=(character,))),
            ),
            otherwise=ast.Block(statements=(ast.NoneLiteral(),)),
        )))
        base, known_object, parts, guards = variable, False, [], []
    if parts or not statements:
        flush()
    return statements


def _fresh(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}{n}"
    taken.add(candidate)
    return candidate


def _rename(node: ast.Node, old: str, new: str) -> ast.Node:
    """``node`` with every ``$old`` parameter read as ``$new``."""
    if isinstance(node, ast.Param):
        return dataclasses.replace(node, name=new) if node.name == old else node
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        if f.name in ("span", "clauses"):
            continue
        value = getattr(node, f.name)
        renamed = _rename_value(value, old, new)
        if renamed is not value:
            changes[f.name] = renamed
    return dataclasses.replace(node, **changes) if changes else node


def _rename_value(value: object, old: str, new: str) -> object:
    if isinstance(value, ast.Node):
        return _rename(value, old, new)
    if isinstance(value, tuple):
        items = tuple(_rename_value(item, old, new) for item in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


class _Definition:
    """Lowers one DEFINE ACCESS; collects its warnings and problems."""

    def __init__(self, script: ast.Script, index: int, node: ast.DefineAccess) -> None:
        self.script = script
        self.index = index
        self.node = node
        self.name = self._name(node.name)
        self.warnings: list[LoweringWarning] = []
        self.problems: list[CompileProblem] = []
        self.spans = {clause.keyword: clause.span for clause in node.clauses}

    @staticmethod
    def _name(expr: ast.Expr) -> str:
        if isinstance(expr, ast.Field):
            return expr.name
        if isinstance(expr, ast.StringLiteral):
            return expr.value
        return format_expr(expr)

    def span(self, keyword: str) -> Span:
        return self.spans.get(keyword, self.node.span)

    def warn(self, code: WarningCode, message: str, keyword: str, clause: str = "") -> None:
        self.warnings.append(LoweringWarning(
            code, message, self.name, self.index, self.span(keyword), self.script.path, clause))

    def fail(self, message: str, span: Span) -> None:
        self.problems.append(
            CompileProblem(message, line=span.line, column=span.column, path=self.script.path))

    def lower(self) -> ast.DefineAccess:
        node, ext = self.node, self.node.extensions
        kind = access_type(node)
        if isinstance(kind, ast.BearerAccess):
            self.fail("ISSUER, AUDIENCE, LEEWAY and CLAIMS do not apply to TYPE BEARER access",
                      node.span)
            return node
        record = isinstance(kind, ast.RecordAccess)
        checks: list[ast.Expr] = []
        if ext.issuers is not None:
            checks.append(issuer_check(ext.issuers))
            self.warn("routing-by-issuer",
                      "routing by issuer is not expressible: SurrealDB routes a token only by "
                      "its ns/db/ac claims, so tokens without them are rejected",
                      "ISSUER")
        if ext.audiences is not None:
            checks.append(audience_check(ext.audiences))
        if ext.leeway is not None:
            leeway = format_duration(ext.leeway.nanoseconds)
            self.warn("leeway",
                      f"LEEWAY {leeway} is not expressible: SurrealDB checks exp and nbf with "
                      "no clock skew", "LEEWAY", f"LEEWAY {leeway}")
        auth_name = "auth"
        mapping: list[ast.Expr] = []
        if ext.claims is not None:
            clause = f"CLAIMS {format_expr(ext.claims)}"
            if not record:
                self.warn("claims-jwt",
                          "CLAIMS on TYPE JWT is not expressible: SurrealDB's $auth is always "
                          "NONE for JWT access (the mapping, its `required` and `type` checks "
                          "are dropped)", "CLAIMS", clause)
            else:
                auth_name, mapping = self.record_claims(ext.claims, clause)
        if record and (ext.issuers is not None or ext.audiences is not None):
            assert isinstance(kind, ast.RecordAccess)
            if kind.signin is not None or kind.signup is not None or kind.refresh:
                self.warn("sign-in",
                          "AUTHENTICATE also runs after SIGNIN/SIGNUP and on refresh, where "
                          "$token is the token SurrealDB issues (iss 'SurrealDB', no aud; "
                          "NONE on refresh): the lowered ISSUER/AUDIENCE checks reject those "
                          "sign-ins", "ISSUER" if ext.issuers is not None else "AUDIENCE")
        prelude = checks + mapping
        if not prelude:
            return dataclasses.replace(node, extensions=ast.Extensions())
        original = node.authenticate
        if original is not None and auth_name != "auth":
            if any(isinstance(n, ast.Param) and n.name == "session" for n in walk(original)):
                self.warn("session-rd",
                          "the original AUTHENTICATE reads $session: in SurrealDB its rd is "
                          "still the token's own record, not the one CLAIMS maps", "CLAIMS")
            renamed = _rename(original, "auth", auth_name)
            assert isinstance(renamed, ast.Expr)
            original = renamed
        if original is None:
            rest: tuple[ast.Expr, ...] = (
                (ast.Return(value=ast.Param(name=auth_name)),) if record else ())
        elif isinstance(original, ast.Block):
            rest = original.statements
        else:
            rest = (original,)
        block = ast.Block(statements=(*prelude, *rest))
        return dataclasses.replace(node, extensions=ast.Extensions(), authenticate=block)

    def record_claims(self, claims: ast.ObjectLiteral, clause: str) -> tuple[str, list[ast.Expr]]:
        """The statements that map CLAIMS ``id`` on TYPE RECORD; returns the record's name."""
        try:
            program = compile_claims(claims, kind="RECORD")
        except ClaimMapProblem as problem:
            self.fail(str(problem), problem.span)
            return "auth", []
        rule = program.rules[0]
        if not rule.steps:
            self.warn("claims-path",
                      f"CLAIMS id path {rule.path!r} is not a plain path (names, quoted names, "
                      "indices) and cannot be written as a SurrealQL idiom: the mapping is "
                      "dropped", "CLAIMS", clause)
            return "auth", []
        steps = self.routing_steps(rule)
        original = self.node.authenticate
        taken = set() if original is None else {
            n.name for n in walk(original) if isinstance(n, (ast.Param, ast.Let))}
        value_name = _fresh("claims_value", taken)
        auth_name = _fresh("claims_auth", taken)
        value = ast.Param(name=value_name)
        where = f"claim id ({rule.path})"
        if rule.table is not None:
            accepted: ast.Expr = ast.BinaryOp(
                op="OR", left=_call("type::is_string", value), right=_call("type::is_int", value))
            made: ast.Expr = _call("type::record", ast.StringLiteral(value=rule.table), value)
        else:
            accepted = _call("type::is_string", value)
            made = _call("type::record", value)
        missing = self.missing(program, where)
        choose = ast.IfElse(
            branches=(
                (_call("type::is_none", value), missing),
                (accepted, ast.Block(statements=(made,))),
            ),
            otherwise=_throw(f"claim_invalid: {where} is not a valid record id"),
        )
        return auth_name, [
            *claim_value(steps, value_name),
            ast.Let(name=auth_name, value=choose),
        ]

    def routing_steps(self, rule: ClaimRule) -> tuple[str | int, ...]:
        assert rule.steps
        first = rule.steps[0]
        if isinstance(first, str) and first in ALIASES:
            canonical = ALIASES[first]
            self.warn("routing-claim-path",
                      f"CLAIMS id path {rule.path!r} reads the routing claim {first!r}, which "
                      f"SurrealDB's $token keeps as {canonical} whichever of its spellings the "
                      f"token used: lowered to $token.{canonical}, the same value only when "
                      f"the token spells it {first!r}", "CLAIMS")
            return (canonical, *rule.steps[1:])
        return rule.steps

    def missing(self, program: ClaimProgram, where: str) -> ast.Expr:
        """What surrealaccess does when the path matches nothing.

        Asked of `ClaimProgram.apply` itself, on an empty payload (where no plain path
        matches): ``required`` rejects; a ``default`` that is a record id becomes the record;
        anything else leaves the token's own record (``$auth``, NONE without an ``id`` claim).
        """
        try:
            mapped = program.apply({}, self.name).get("id")
        except AuthenticationError as error:
            return _throw(f"{error.kind}: {where} is missing" if error.kind == "claim_missing"
                          else f"{error.kind}: {where} has an invalid default")
        if isinstance(mapped, RecordId):
            return ast.Block(statements=(_literal(mapped),))
        return ast.Block(statements=(ast.Param(name="auth"),))


def _literal(value: RecordId) -> ast.Expr:
    """A record id as a SurrealQL literal expression."""
    [statement] = parse(f"RETURN {render(value)}", dialect="surrealdb").statements
    assert isinstance(statement, ast.Return)
    return statement.value


# ---- text -----------------------------------------------------------------------------------


def _comment(warnings: list[LoweringWarning]) -> str:
    if not warnings:
        return ""
    lines = [_COMMENT_HEAD]
    lines.extend(f"--   {w.clause}" for w in warnings if w.clause)
    lines.extend(f"--   warning[{w.code}]: {w.message}" for w in warnings)
    return "".join(line.translate(_LINE_BREAKS) + "\n" for line in lines)


def _render(
    script: ast.Script, lowered: dict[int, tuple[ast.DefineAccess, list[LoweringWarning]]]
) -> str:
    """The lowered text: untouched statements keep their source, lowered ones are canonical."""
    source = script.source
    spans = [script.statements[i].span for i in sorted(lowered)]
    spliceable = bool(source) and all(
        span.end > span.start and source[span.start:span.start + 6].upper() == "DEFINE"
        for span in spans
    )
    if not spliceable:
        out = []
        for index, statement in enumerate(script.statements):
            if index in lowered:
                node, warnings = lowered[index]
                out.append(_comment(warnings) + format_node(node) + ";\n")
            else:
                out.append(format_node(statement) + ";\n")
        return "".join(out)
    pieces: list[str] = []
    at = 0
    for index in sorted(lowered):
        node, warnings = lowered[index]
        span = script.statements[index].span
        before = source[at:span.start]
        comment = _comment(warnings)
        prefix = before[before.rfind("\n") + 1:]
        if comment and prefix.strip():
            comment = "\n" + comment  # something precedes on the line: start a new one
        elif comment and prefix:
            comment = comment.replace("\n", "\n" + prefix)  # keep the statement's indent
        pieces.append(before + comment + format_node(node))
        at = span.end
    pieces.append(source[at:])
    return "".join(pieces)


__all__ = [
    "WARNING_CODES",
    "LoweringWarning",
    "audience_check",
    "claim_value",
    "issuer_check",
    "lower",
]
