"""Build the syntax tree while the LALR parser runs, without a Lark parse tree.

Lark's tree builder would make a ``Tree`` and a ``Meta`` per grammar rule and keep the whole
tree alive until a transformer turned it into our AST: most of a parse's time and nearly all
of its memory. Here each reduction calls the AST callback straight away, with the same
children and the same positions the transformer would have seen:

* Anonymous punctuation is dropped and ``_rule`` children are spliced in (Lark's child filter),
  ``?rule`` rules with one child pass it through (Lark's ``ExpandSingleChild``).
* A rule's position runs from the first to the last token under it, counting the punctuation
  and the parentheses of a passed-through child (Lark's ``propagate_positions`` "container").

The parser's value stack holds tokens, ``(value, first_token, last_token)`` triples for rule
results, and `_Splice` objects for ``_rule`` rules; the callbacks unwrap them for the AST methods.
The parse table's rules are swapped for `_Reduction` objects that hash by identity, so the
parser loop's callback lookup costs a dictionary probe rather than two Python calls.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from lark import Lark
from lark.grammar import Rule
from lark.lexer import UnlessCallback
from lark.parsers.lalr_analysis import IntParseTable

#: A parser callback: the children of a reduction (or a token being shifted) to its value.
Callback = Callable[[Any], Any]
#: An AST method: ``(meta, children)`` to the rule's value.
Method = Callable[[Any, list[Any]], Any]


class _Origin:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Reduction:
    """A grammar rule as the parser loop needs it: ``len(expansion)`` and ``origin.name``."""

    __slots__ = ("expansion", "origin", "rule")

    def __init__(self, rule: Rule, origin: _Origin) -> None:
        self.expansion = tuple(rule.expansion)
        self.origin = origin
        self.rule = rule

    def __repr__(self) -> str:
        return f"_Reduction({self.rule})"


class _Splice:
    """The children of a ``_rule``, to be spliced into the rule that contains it."""

    __slots__ = ("first", "last", "values")

    def __init__(self, values: list[Any], first: Any, last: Any) -> None:
        self.values = values
        self.first = first
        self.last = last


def _first_token(children: list[Any]) -> Any:
    for child in children:
        kind = type(child)
        if kind is tuple:
            if child[1] is not None:
                return child[1]
        elif kind is _Splice:
            if child.first is not None:
                return child.first
        else:
            return child
    return None


def _last_token(children: list[Any]) -> Any:
    for child in reversed(children):
        kind = type(child)
        if kind is tuple:
            if child[2] is not None:
                return child[2]
        elif kind is _Splice:
            if child.last is not None:
                return child.last
        else:
            return child
    return None


def _values(children: list[Any], include: tuple[int, ...]) -> list[Any]:
    """The children an AST method receives: rule results unwrapped, ``_rule`` rules spliced."""
    values: list[Any] = []
    for index in include:
        child = children[index]
        kind = type(child)
        if kind is tuple:
            values.append(child[0])
        elif kind is _Splice:
            if values:
                values += child.values
            else:  # a left-recursive repetition: reuse its list rather than copy it
                values = child.values
        else:
            values.append(child)
    return values


def _splice_callback(include: tuple[int, ...]) -> Callback:
    def splice(children: list[Any]) -> _Splice:
        return _Splice(_values(children, include), _first_token(children),
                       _last_token(children))

    return splice


def _pass_through_callback(include: tuple[int, ...], method: Method | None) -> Callback:
    """A ``?rule``: its only child as it is (widened to the rule's tokens), else ``method``."""

    def pass_through(children: list[Any]) -> Any:
        values = _values(children, include)
        if len(values) == 1:
            child = children[include[0]] if len(include) == 1 else None
            if type(child) is tuple:
                return (child[0], _first_token(children), _last_token(children))
            if child is not None and type(child) is not _Splice:
                return child  # a token stays itself, as in Lark
            return (values[0], _first_token(children), _last_token(children))
        if method is None:
            raise AssertionError(f"no AST callback for a rule with {len(values)} children")
        first, last = _first_token(children), _last_token(children)
        return (method((first, last) if first is not None else None, values), first, last)

    return pass_through


def _method_callback(include: tuple[int, ...], method: Method) -> Callback:
    def reduce(children: list[Any]) -> tuple[Any, Any, Any]:
        first, last = _first_token(children), _last_token(children)
        meta = (first, last) if first is not None else None
        return (method(meta, _values(children, include)), first, last)

    return reduce


def _simple_method_callback(method: Method) -> Callback:
    """All children kept, none spliced: the common case, without the index loop."""

    def reduce(children: list[Any]) -> tuple[Any, Any, Any]:
        first, last = _first_token(children), _last_token(children)
        meta = (first, last) if first is not None else None
        values = [c[0] if type(c) is tuple else c for c in children]
        return (method(meta, values), first, last)

    return reduce


def _unbound(owner: type, name: str) -> Callable[..., Any] | None:
    for klass in owner.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            return found if callable(found) else None
    return None


class ReductionTable:
    """The parse table of one Lark parser, with rules the streaming callbacks are keyed by."""

    def __init__(self, lark: Lark) -> None:
        table = lark.parser.parser._parse_table
        origins: dict[str, _Origin] = {}
        reductions: dict[Rule, _Reduction] = {}
        states: dict[int, dict[str, tuple[Any, Any]]] = {}
        for state, actions in table.states.items():
            row: dict[str, tuple[Any, Any]] = {}
            for symbol, (action, argument) in actions.items():
                if isinstance(argument, Rule):
                    reduction = reductions.get(argument)
                    if reduction is None:
                        name = argument.origin.name
                        origin = origins.setdefault(name, _Origin(name))
                        reduction = reductions[argument] = _Reduction(argument, origin)
                    argument = reduction
                row[symbol] = (action, argument)
            states[state] = row
        self.parse_table = IntParseTable(  # type: ignore[no-untyped-call]
            states, table.start_states, table.end_states
        )
        self.reductions = tuple(reductions.values())
        self.terminals = tuple(t.name for t in lark.terminals)

    def callbacks(self, builder: object) -> dict[Any, Callback]:
        """The parser callbacks that run ``builder``'s AST methods, by reduction and terminal.

        ``builder`` has a method per named rule, ``(meta, children)``, where ``meta`` is the
        rule's ``(first_token, last_token)`` or None for a rule that matched no text, and a
        method per terminal whose tokens it rewrites, ``(token)``.
        """
        owner = type(builder)
        callbacks: dict[Any, Callback] = {}
        take_first = operator.itemgetter(0)
        for reduction in self.reductions:
            rule = reduction.rule
            options = rule.options
            name = rule.alias or options.template_source or rule.origin.name
            name = name if isinstance(name, str) else name.value
            include = tuple(
                i for i, symbol in enumerate(rule.expansion)
                if options.keep_all_tokens or not _filtered_out(symbol)
            )
            spliced = any(
                not rule.expansion[i].is_term and _symbol_name(rule.expansion[i]).startswith("_")
                for i in include
            )
            function = _unbound(owner, name)
            method = function.__get__(builder) if function is not None else None
            if name.startswith("_"):
                callbacks[reduction] = _splice_callback(include)
            elif options.expand1 and not rule.alias:
                if len(rule.expansion) == 1 and include == (0,) and not spliced:
                    callbacks[reduction] = take_first
                else:
                    callbacks[reduction] = _pass_through_callback(include, method)
            elif method is None:
                raise AssertionError(f"the AST builder has no method for rule {name!r}")
            elif not spliced and len(include) == len(rule.expansion):
                callbacks[reduction] = _simple_method_callback(method)
            else:
                callbacks[reduction] = _method_callback(include, method)
        for terminal in self.terminals:
            function = _unbound(owner, terminal)
            if function is not None:
                callbacks[terminal] = function.__get__(builder)
        return callbacks


def _filtered_out(symbol: Any) -> bool:
    """Anonymous punctuation and keywords Lark leaves out of a rule's children."""
    return bool(symbol.is_term and symbol.filter_out)


def _symbol_name(symbol: Any) -> str:
    name = symbol.name
    return name if isinstance(name, str) else str(name.value)


# ---------------------------------------------------------------------------------------------
# Keywords: a dictionary probe instead of a regular expression per identifier


class _KeywordTable:
    """Stands in for the scanner of Lark's `UnlessCallback` (is this identifier a keyword?).

    Lark lexes a keyword as an identifier, then full-matches the identifier against an
    alternation of every keyword the lexer state accepts: about a microsecond per identifier.
    The keywords are literal strings, so a dictionary answers the same question; text that is
    not ASCII (where case-insensitive matching has Unicode subtleties) still goes to the
    regular expression.
    """

    __slots__ = ("_exact", "_folded", "_scanner")

    def __init__(self, scanner: Any) -> None:
        self._scanner = scanner
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        for terminal in scanner.terminals:
            pattern = terminal.pattern
            if pattern.type != "str" or not pattern.value.isascii() or set(pattern.flags) - {"i"}:
                raise ValueError("not a table of literal keywords")
            if "i" in pattern.flags:
                self._folded.setdefault(pattern.value.lower(), terminal.name)
            else:
                self._exact.setdefault(pattern.value, terminal.name)

    def fullmatch(self, text: str) -> str | None:
        if not text.isascii():
            return self._scanner.fullmatch(text)  # type: ignore[no-any-return]
        found = self._exact.get(text)
        return found if found is not None else self._folded.get(text.lower())


def fast_keywords(callbacks: dict[str, Any]) -> None:
    """Give the `UnlessCallback` objects in a lexer's callback table a `_KeywordTable`."""
    for callback in callbacks.values():
        if isinstance(callback, UnlessCallback) and not isinstance(
            callback.scanner, _KeywordTable
        ):
            try:
                callback.scanner = _KeywordTable(callback.scanner)  # type: ignore[assignment]
            except ValueError:
                continue
