"""The CLAIMS clause: map an identity provider's claims to stable ``$auth`` fields.

``CLAIMS { id: '$.sub', roles: { path: '$["https://acme.com/roles"]', type: 'array',
default: [] } }`` compiles, once, into a `ClaimProgram`: one `ClaimRule` per field, each with
its JSONPath compiled ahead of time. Simple paths (``$``, ``.name``, ``["quoted name"]``,
``['quoted']``, ``[0]``) run through a direct lookup; everything else (wildcards, filters,
recursive descent, slices) through jsonpath-ng, which parses paths with its own grammar and
never evaluates code.

Semantics (extensions reference, "CLAIMS"): the path runs on the verified payload exactly as
received (before SurrealDB's alias normalisation); no match gives ``default`` (or NONE, or
``claim_missing`` when ``required``); one match gives that value; several give an array in
document order; ``type`` coerces the value or rejects the token (``claim_invalid``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from . import ast
from .claims import I64_MAX, I64_MIN
from .errors import AuthenticationError
from .jws import GENERIC
from .recordid import RecordIdError, parse_record_id
from .source import Span
from .static import NOT_STATIC
from .static import evaluate as static_value
from .surql import NONE, Object, RecordId, Value, from_json, render

ClaimType = Literal["string", "int", "float", "bool", "array", "object", "json", "record"]
CLAIM_TYPES: Final = frozenset(
    {"string", "int", "float", "bool", "array", "object", "json", "record"}
)
_RULE_KEYS: Final = frozenset({"path", "default", "required", "type", "table"})
# jsonpath-ng's lexer skips only space, tab and newline; other white space is an error there.
_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)"""
    r"""|\[[ \t\n]*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'|(?P<index>[0-9]+))"""
    r"""[ \t\n]*\]"""
)
#: Bare names jsonpath-ng's (extended) lexer reads as keywords: ``where``/``wherenot``, and
#: any name starting with ``true``/``false`` (its BOOL token matches a prefix).
_KEYWORD_NAME = re.compile(r"where(?:not)?$|true|false")
_ABSENT: Final = object()
_INT_TEXT: Final = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class ClaimMapProblem(ValueError):
    """A CLAIMS clause that cannot be compiled; ``span`` points at the offending text."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.span = span


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """One field of the mapped object.

    ``steps`` is the direct-lookup form of a simple path (names and indices), or None when
    the path needs jsonpath-ng (``finder`` then holds the compiled expression).
    """

    name: str
    path: str
    steps: tuple[str | int, ...] | None
    default: Value | object = field(default=_ABSENT, compare=False)
    required: bool = False
    type: ClaimType | None = None
    table: str | None = None
    finder: Any = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The rule as JSON-ready data."""
        data: dict[str, Any] = {"path": self.path, "fast_path": self.steps is not None}
        if self.default is not _ABSENT:
            data["default"] = render(self.default)  # type: ignore[arg-type]
        if self.required:
            data["required"] = True
        if self.type is not None:
            data["type"] = self.type
        if self.table is not None:
            data["table"] = self.table
        return data


@dataclass(frozen=True, slots=True)
class ClaimProgram:
    """The compiled CLAIMS clause: rules in written order."""

    rules: tuple[ClaimRule, ...]
    #: Per rule: (field name, its resolver), in written order and in field-name order (how
    #: an Object keeps its entries). Built once, so `apply` does no per-token set-up.
    _written: tuple[tuple[str, _Lookup], ...] = field(init=False, repr=False, compare=False)
    _by_name: tuple[tuple[str, _Lookup], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        steps = tuple((rule.name, _resolver(rule)) for rule in self.rules)
        object.__setattr__(self, "_written", steps)
        # sorted() is stable: of two rules with one name, the later still wins
        object.__setattr__(self, "_by_name", tuple(sorted(steps, key=lambda step: step[0])))

    def to_json(self) -> dict[str, Any]:
        """The program as JSON-ready data."""
        return {rule.name: rule.to_json() for rule in self.rules}

    def apply(self, payload: Mapping[str, Any], access: str) -> Object:
        """The mapped object for one verified payload.

        Raises `AuthenticationError` (``claim_missing`` / ``claim_invalid``) if a required
        claim is missing or a value cannot be coerced.
        """
        mapped: dict[str, Value] = {}
        try:
            # In field-name order, so the entries come out sorted, as an Object keeps them.
            for name, resolve in self._by_name:
                value = resolve(payload, access)
                if value is not _ABSENT:  # NONE: SurrealDB objects do not hold NONE fields
                    mapped[name] = value  # type: ignore[assignment]
        except AuthenticationError:
            # Report the first failure in written order (paths are pure: a re-run is exact).
            _run(self._written, payload, access)
            raise
        # `Object(...)` copies, type-checks and sorts its entries; these keys are the field
        # names (strings), already in order, so the object is built directly.
        result = _new_object(Object)
        result._items = mapped
        result._text = None
        return result


def _run(steps: tuple[tuple[str, _Lookup], ...], payload: Mapping[str, Any], access: str) -> None:
    for _, resolve in steps:
        resolve(payload, access)


def _resolver(rule: ClaimRule) -> _Lookup:
    """The field's value for a payload: found, defaulted and coerced; _ABSENT for NONE."""
    lookup = _lookup(rule)
    required = rule.required
    default = _ABSENT if rule.default is NONE else rule.default
    if rule.type is None:
        if not required and default is _ABSENT:
            return lookup  # a plain path: what it finds, as it is

        def found_or_default(payload: Mapping[str, Any], access: str) -> Value | object:
            value = lookup(payload, access)
            if value is _ABSENT:
                if required:
                    raise _missing(rule, access)
                return default
            return value

        return found_or_default
    coerce = _COERCIONS[rule.type]
    arrays = rule.type == "array"

    def coerced(payload: Mapping[str, Any], access: str) -> Value | object:
        value = lookup(payload, access)
        if value is _ABSENT:
            if required:
                raise _missing(rule, access)
            return default
        if arrays and type(value) is tuple:
            return value  # already an array: the coercion would return it as it is
        try:
            result = coerce(value, rule)
        except (ValueError, TypeError, OverflowError, RecursionError, RecordIdError):
            # RecursionError: JSON text nested deeper than Python's stack (type: 'json').
            raise _invalid(rule, value, access) from None
        if result is _ABSENT:
            raise _invalid(rule, value, access)
        return result

    return coerced


def _missing(rule: ClaimRule, access: str) -> AuthenticationError:
    return AuthenticationError(
        "claim_missing", GENERIC,
        f"{access}: required claim {rule.name!r} ({rule.path}) is missing",
        reason="claim_missing")


#: A compiled path: (payload, access name) -> the value it selects, or _ABSENT.
_Lookup = Callable[[Mapping[str, Any], str], "Value | object"]


def _lookup(rule: ClaimRule) -> _Lookup:
    steps = rule.steps
    if steps is None:
        return lambda payload, access: _jsonpath_value(rule, payload, access)
    # The common shapes, `$.claim` / `$["https://…"]` and `$.claim.member`, are one or two
    # dict look-ups; a string (most claims) needs no conversion.
    if len(steps) == 1 and isinstance(steps[0], str):
        name = steps[0]

        def top_level(payload: Mapping[str, Any], access: str) -> Value | object:
            value = payload.get(name, _ABSENT) if type(payload) is dict else _ABSENT
            if type(value) is str or value is _ABSENT:
                return value
            return _json_value(value)

        return top_level
    if len(steps) == 2 and isinstance(steps[0], str) and isinstance(steps[1], str):
        outer, inner = steps

        def nested(payload: Mapping[str, Any], access: str) -> Value | object:
            parent = payload.get(outer) if type(payload) is dict else None
            value = parent.get(inner, _ABSENT) if type(parent) is dict else _ABSENT
            if type(value) is str or value is _ABSENT:
                return value
            return _json_value(value)

        return nested
    return lambda payload, access: _walk(steps, payload)


def _walk(steps: tuple[str | int, ...], payload: Any) -> Value | object:
    current: Any = payload
    for step in steps:
        if type(step) is int:
            # As jsonpath-ng's Index: arrays, and strings (one character); an index on
            # anything else matches nothing (where jsonpath-ng would raise).
            if not isinstance(current, (list, str)) or step >= len(current):
                return _ABSENT
            current = current[step]
        else:
            if not isinstance(current, dict) or step not in current:
                return _ABSENT
            current = current[step]
    return _json_value(current)


def _json_value(data: Any) -> Value:
    """`from_json`, with the usual claim shapes (strings, lists of strings) done inline."""
    kind = type(data)
    if kind is str or kind is bool or kind is float:
        return data  # type: ignore[no-any-return]
    if kind is list:
        for item in data:
            if type(item) is not str:
                return from_json(data)
        return tuple(data)
    return from_json(data)


_new_object: Final = Object.__new__


def _jsonpath_value(rule: ClaimRule, payload: Mapping[str, Any], access: str) -> Value | object:
    try:
        found = [match.value for match in rule.finder.find(payload)]
    except Exception as error:  # jsonpath-ng indexes objects, numbers and booleans blindly
        raise AuthenticationError(
            "claim_invalid", GENERIC,
            f"{access}: claim {rule.name!r} ({rule.path}) cannot be evaluated on this "
            f"payload ({type(error).__name__}: {error})", reason="claim_invalid") from None
    if not found:
        return _ABSENT
    if len(found) == 1:
        return from_json(found[0])
    return tuple(from_json(item) for item in found)


def simple_steps(path: str) -> tuple[str | int, ...] | None:
    """The lookup steps of a simple JSONPath, or None if it needs the full engine.

    Only paths that jsonpath-ng reads as the same chain of fields and indices are simple:
    bare names it lexes as keywords (``where``, ``true…``, ``false…``), the quoted name
    ``"*"`` (its wildcard), escapes and white space it refuses are left to it.
    """
    text = path.strip(" \t\n")
    if not text.startswith("$"):
        return None
    steps: list[str | int] = []
    at = 1
    while at < len(text):
        match = _STEP.match(text, at)
        if match is None:
            return None
        if match.group("name") is not None:
            if _KEYWORD_NAME.match(match.group("name")):
                return None  # a keyword to jsonpath-ng: it decides (and refuses)
            steps.append(match.group("name"))
        elif match.group("index") is not None:
            steps.append(int(match.group("index")))
        else:
            quoted = match.group("dq") if match.group("dq") is not None else match.group("sq")
            if "\\" in quoted or quoted == "*":
                return None  # escapes, and "*" (a wildcard there): jsonpath-ng decides
            steps.append(quoted)
        at = match.end()
    return tuple(steps)


def compile_claims(node: ast.ObjectLiteral, *, kind: str) -> ClaimProgram:
    """Compile a CLAIMS object for a method of ``kind`` (JWT, RECORD or BEARER)."""
    if kind == "BEARER":
        raise ClaimMapProblem("CLAIMS does not apply to TYPE BEARER access", node.span)
    rules = []
    for name, expr in node.entries:
        rule = _rule(name, expr)
        if kind == "RECORD" and (name != "id" or rule.type != "record"):
            raise ClaimMapProblem(
                "on TYPE RECORD, CLAIMS may only map `id`, with type: 'record' "
                "(it becomes the session's record)", expr.span)
        rules.append(rule)
    if kind == "RECORD" and not rules:
        raise ClaimMapProblem("CLAIMS on TYPE RECORD must map `id`", node.span)
    return ClaimProgram(tuple(rules))


def _rule(name: str, expr: ast.Expr) -> ClaimRule:
    if isinstance(expr, ast.StringLiteral):
        return _path_rule(name, expr)
    if not isinstance(expr, ast.ObjectLiteral):
        raise ClaimMapProblem(
            f"CLAIMS field {name!r} must be a JSONPath string or an object with a `path`",
            expr.span)
    entries = dict(expr.entries)
    unknown = sorted(set(entries) - _RULE_KEYS)
    if unknown:
        raise ClaimMapProblem(f"CLAIMS field {name!r} has unknown keys {unknown}", expr.span)
    path = entries.get("path")
    if not isinstance(path, ast.StringLiteral):
        raise ClaimMapProblem(f"CLAIMS field {name!r} needs `path` as a string", expr.span)
    rule = _path_rule(name, path)
    options: dict[str, Any] = {}
    if "default" in entries:
        # Literals, arrays and objects only: a $param or a function call (time::now()) would
        # be frozen at compile time, or read a variable that does not exist then.
        default = static_value(entries["default"])
        if default is NOT_STATIC:
            raise ClaimMapProblem(f"the default of {name!r} must be a constant (a literal, "
                                  "array or object)", entries["default"].span)
        options["default"] = default
    if "required" in entries:
        required = entries["required"]
        if not isinstance(required, ast.BoolLiteral):
            raise ClaimMapProblem(f"`required` of {name!r} must be true or false", required.span)
        options["required"] = required.value
    if "type" in entries:
        kind = entries["type"]
        if not isinstance(kind, ast.StringLiteral) or kind.value not in CLAIM_TYPES:
            raise ClaimMapProblem(
                f"`type` of {name!r} must be one of {', '.join(sorted(CLAIM_TYPES))}",
                kind.span)
        options["type"] = kind.value
    if "table" in entries:
        table = entries["table"]
        if not isinstance(table, ast.StringLiteral) or not table.value:
            raise ClaimMapProblem(f"`table` of {name!r} must be a table name", table.span)
        if options.get("type") != "record":
            raise ClaimMapProblem(f"`table` of {name!r} needs type: 'record'", table.span)
        options["table"] = table.value
    return ClaimRule(name, rule.path, rule.steps, finder=rule.finder, **options)


def _path_rule(name: str, literal: ast.StringLiteral) -> ClaimRule:
    path = literal.value
    steps = simple_steps(path)
    finder = None
    if steps is None:
        finder = _jsonpath(path, literal.span)
    return ClaimRule(name, path, steps, finder=finder)


def _jsonpath(path: str, span: Span) -> Any:
    from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
    from jsonpath_ng.ext import parse as parse_jsonpath

    try:
        return parse_jsonpath(path)
    except (JsonPathLexerError, JsonPathParserError, Exception) as error:
        # jsonpath-ng raises plain Exceptions for some inputs; any failure is a bad path.
        raise ClaimMapProblem(f"invalid JSONPath {path!r}: {error}", span) from None


# ---- coercions -------------------------------------------------------------------------------


def _invalid(rule: ClaimRule, value: Value | object, access: str) -> AuthenticationError:
    shown = render(value) if value is not _ABSENT else "?"  # type: ignore[arg-type]
    return AuthenticationError(
        "claim_invalid", GENERIC,
        f"{access}: claim {rule.name!r} ({rule.path}) = {shown} is not a valid {rule.type}",
        reason="claim_invalid")


def _to_string(value: Any, rule: ClaimRule) -> Value | object:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return _ABSENT


def _to_int(value: Any, rule: ClaimRule) -> Value | object:
    if isinstance(value, bool):
        return _ABSENT
    if isinstance(value, float):
        exact = math.isfinite(value) and value.is_integer()
    elif isinstance(value, str):
        exact = _INT_TEXT.fullmatch(value.strip()) is not None
    else:
        exact = isinstance(value, int)
    if not exact:
        return _ABSENT
    result = int(value)
    return result if I64_MIN <= result <= I64_MAX else _ABSENT  # SurrealDB's int is an i64


def _to_float(value: Any, rule: ClaimRule) -> Value | object:
    if isinstance(value, bool):
        return _ABSENT
    if isinstance(value, (int, float)):
        result = float(value)
    elif isinstance(value, str) and _FLOAT_TEXT.fullmatch(value.strip()):
        result = float(value)  # JSON-style numbers only: no "1_000", "nan", "٤٢"
    else:
        return _ABSENT
    return result if math.isfinite(result) else _ABSENT


def _to_bool(value: Any, rule: ClaimRule) -> Value | object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return _ABSENT


def _to_array(value: Any, rule: ClaimRule) -> Value | object:
    if isinstance(value, tuple):
        return value
    if isinstance(value, str):
        return tuple(value.split())  # OAuth `scope`: space-separated
    return (value,)


def _to_object(value: Any, rule: ClaimRule) -> Value | object:
    return value if isinstance(value, Object) else _ABSENT


def _to_json(value: Any, rule: ClaimRule) -> Value | object:
    if not isinstance(value, str):
        return value  # type: ignore[no-any-return]
    return from_json(json.loads(value, parse_constant=_no_constant))


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _to_record(value: Any, rule: ClaimRule) -> Value | object:
    if isinstance(value, RecordId):
        return value
    if value == "":
        return _ABSENT  # SurrealDB's type::record refuses an empty key as well
    if rule.table is not None and isinstance(value, (str, int)) and not isinstance(value, bool):
        return RecordId(rule.table, value)
    if isinstance(value, str):
        return parse_record_id(value)
    return _ABSENT


_COERCIONS: Final[dict[str, Callable[[Any, ClaimRule], Value | object]]] = {
    "string": _to_string,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "array": _to_array,
    "object": _to_object,
    "json": _to_json,
    "record": _to_record,
}
