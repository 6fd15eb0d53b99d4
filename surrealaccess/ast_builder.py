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
results, and `_Splice` objects for ``_rule`` rules; the callbacks unwrap them for the AST
methods. The parse table's rules are swapped for `_Reduction` objects that hash by identity,
so the parser loop's callback lookup costs a dictionary probe rather than two Python calls,
and chains of rules that only pass their child on are skipped (`_shortcut_unit_chains`).
Keywords are told from identifiers with a dictionary (`fast_keywords`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar, cast

from lark import Lark
from lark.grammar import Rule
from lark.lexer import UnlessCallback
from lark.parsers.lalr_analysis import IntParseTable, Shift

#: A parser callback: the children of a reduction (or a token being shifted) to its value.
Callback = Callable[[Any], Any]
#: An AST method: ``(meta, children)`` to the rule's value.
Method = Callable[[Any, list[Any]], Any]


class StaleTable(Exception):
    """A cached `ReductionTable` made for a different builder: build a new one."""


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


def _edge_token(children: Any, last: bool) -> Any:
    """The first (or last) token under ``children``, skipping children that matched no text."""
    for child in reversed(children) if last else children:
        kind = type(child)
        if kind is tuple:
            token = child[2 if last else 1]
        elif kind is _Splice:
            token = child.last if last else child.first
        else:
            return child
        if token is not None:
            return token
    return None


def _bounds(children: list[Any]) -> tuple[Any, Any]:
    """The first and last token under ``children``; quick when the end children have some."""
    if not children:
        return None, None
    child = children[0]
    kind = type(child)
    first = child[1] if kind is tuple else child.first if kind is _Splice else child
    if first is None:
        first = _edge_token(children, False)
    child = children[-1]
    kind = type(child)
    last = child[2] if kind is tuple else child.last if kind is _Splice else child
    if last is None:
        last = _edge_token(children, True)
    return first, last


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
    if not include:  # punctuation only (``_sep: ";"+``): the position is all it carries

        def bare(children: list[Any]) -> _Splice:
            first, last = _bounds(children)
            return _Splice([], first, last)

        return bare

    def splice(children: list[Any]) -> _Splice:
        first, last = _bounds(children)
        return _Splice(_values(children, include), first, last)

    return splice


def _pass_through_callback(include: tuple[int, ...], method: Method | None) -> Callback:
    """A ``?rule``: its only child as it is (widened to the rule's tokens), else ``method``."""

    def pass_through(children: list[Any]) -> Any:
        values = _values(children, include)
        if len(values) == 1:
            child = children[include[0]] if len(include) == 1 else None
            if child is not None and type(child) is not tuple and type(child) is not _Splice:
                return child  # a token stays itself, as in Lark
            first, last = _bounds(children)
            return (values[0], first, last)
        if method is None:
            raise AssertionError(f"no AST callback for a rule with {len(values)} children")
        first, last = bounds = _bounds(children)
        return (method(bounds if first is not None else None, values), first, last)

    return pass_through


def _method_callback(include: tuple[int, ...], method: Method) -> Callback:
    def reduce(children: list[Any]) -> tuple[Any, Any, Any]:
        first, last = bounds = _bounds(children)
        return (method(bounds if first is not None else None, _values(children, include)),
                first, last)

    return reduce


def _one_kept_method_callback(index: int, method: Method) -> Callback:
    """One child kept among keywords and punctuation (``"ASSERT"i expr``), none spliced."""

    def reduce(children: list[Any]) -> tuple[Any, Any, Any]:
        first, last = bounds = _bounds(children)
        child = children[index]
        value = child[0] if type(child) is tuple else child
        return (method(bounds if first is not None else None, [value]), first, last)

    return reduce


def _empty_method_callback(method: Method) -> Callback:
    """A rule that matched no text: no position, no children."""

    def reduce(children: list[Any]) -> tuple[Any, None, None]:
        return (method(None, []), None, None)

    return reduce


def _single_method_callback(method: Method) -> Callback:
    """One symbol, kept: the most frequent shape (``param: PARAM``, ``kind: kind_item``)."""

    def reduce(children: list[Any]) -> tuple[Any, Any, Any]:
        child = children[0]
        if type(child) is tuple:
            value, first, last = child
            return (method((first, last) if first is not None else None, [value]), first, last)
        return (method((child, child), [child]), child, child)

    return reduce


def _simple_method_callback(method: Method) -> Callback:
    """All children kept, none spliced: the common case, without the index loop."""

    def reduce(children: list[Any]) -> tuple[Any, Any, Any]:
        # The first and last child usually hold tokens: look further only when they are empty.
        child = children[0]
        first = child[1] if type(child) is tuple else child
        if first is None:
            first = _edge_token(children, False)
        child = children[-1]
        last = child[2] if type(child) is tuple else child
        if last is None:
            last = _edge_token(children, True)
        return (
            method((first, last) if first is not None else None,
                   [c[0] if type(c) is tuple else c for c in children]),
            first,
            last,
        )

    return reduce


_F = TypeVar("_F", bound=Callable[..., Any])


def passes_child(method: _F) -> _F:
    """Mark an AST method that returns its first child unchanged.

    The builder then does not call it: the child stays on the parser's stack as it is (for a
    rule of one symbol, with a C-level ``itemgetter``), with the rule's position.
    """
    method._passes_child = True  # type: ignore[attr-defined]
    return method


def _passing_callback(include: tuple[int, ...]) -> Callback:
    def passing(children: list[Any]) -> tuple[Any, Any, Any]:
        first, last = _bounds(children)
        return (_values(children, include)[0], first, last)

    return passing


def _unbound(owner: type, name: str) -> Callable[..., Any] | None:
    for klass in owner.__mro__:
        if name in klass.__dict__:
            found = klass.__dict__[name]
            return found if callable(found) else None
    return None


class ReductionTable:
    """The parse table of one Lark parser, with rules keyed by identity, for one builder class.

    ``builder_class`` has a method per named rule, ``(meta, children)``, where ``meta`` is the
    rule's ``(first_token, last_token)`` or None for a rule that matched no text, and a method
    per terminal whose tokens it rewrites, ``(token)``. Chains of rules that only pass their
    one child on are shortcut in the table (see `_shortcut_unit_chains`).
    """

    def __init__(self, lark: Lark, builder_class: type, *, shortcut_chains: bool = True) -> None:
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
        self.builder_class = builder_class
        self.plans = {r: _plan(r.rule, builder_class) for r in reductions.values()}
        unit = {r for r, (kind, _, _) in self.plans.items() if kind == "first"}
        self.rules = tuple(reductions)
        self.unit_rules = _unit_rules(self.rules, builder_class)
        for shortcut in _shortcut_unit_chains(states, unit, origins) if shortcut_chains else ():
            self.plans[shortcut] = ("first", (0,), None)
        self.parse_table = IntParseTable(  # type: ignore[no-untyped-call]
            states, table.start_states, table.end_states
        )
        self.terminals = tuple(t.name for t in lark.terminals)

    # Pickled into the per-user parser cache without the plans, which name functions of the
    # builder class: they are worked out again on loading, and a table whose chain shortcuts
    # were made for other unit rules (an edited builder) refuses to load.

    def __getstate__(self) -> dict[str, Any]:
        table = self.parse_table
        return {
            "builder_class": self.builder_class, "rules": self.rules,
            "unit_rules": self.unit_rules,
            "terminals": self.terminals, "states": table.states,
            "start_states": table.start_states, "end_states": table.end_states,
        }  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.builder_class = state["builder_class"]
        self.rules = state["rules"]
        self.unit_rules = state["unit_rules"]
        if _unit_rules(self.rules, self.builder_class) != self.unit_rules:
            raise StaleTable("the builder passes other rules' children on than the table knows")
        self.terminals = state["terminals"]
        self.parse_table = IntParseTable(  # type: ignore[no-untyped-call]
            state["states"], state["start_states"], state["end_states"]
        )
        reductions = {
            argument for row in self.parse_table.states.values()
            for _, argument in row.values() if isinstance(argument, _Reduction)
        }
        self.plans = {}
        for reduction in reductions:
            if reduction.origin.name != reduction.rule.origin.name:  # a chain shortcut
                self.plans[reduction] = ("first", (0,), None)
            else:
                self.plans[reduction] = _plan(reduction.rule, self.builder_class)

    def callbacks(self, builder: object) -> dict[Any, Callback]:
        """The parser callbacks that run ``builder``'s AST methods, by reduction and terminal."""
        if not isinstance(builder, self.builder_class):
            raise TypeError(f"the table was made for {self.builder_class.__name__} builders")
        callbacks: dict[Any, Callback] = {}
        take_first = operator.itemgetter(0)
        for reduction, (kind, include, function) in self.plans.items():
            method = function.__get__(builder) if function is not None else None
            if kind == "first":
                callbacks[reduction] = take_first
            elif kind == "splice":
                callbacks[reduction] = _splice_callback(include)
            elif kind == "pass_through":
                callbacks[reduction] = _pass_through_callback(include, method)
            elif kind == "passing":
                callbacks[reduction] = _passing_callback(include)
            elif kind == "empty":
                callbacks[reduction] = _empty_method_callback(cast(Method, method))
            elif kind == "simple" and len(reduction.expansion) == 1:
                callbacks[reduction] = _single_method_callback(cast(Method, method))
            elif kind == "simple":
                callbacks[reduction] = _simple_method_callback(cast(Method, method))
            elif len(include) == 1 and not _spliced(reduction.rule, include):
                callbacks[reduction] = _one_kept_method_callback(include[0], cast(Method, method))
            else:
                callbacks[reduction] = _method_callback(include, cast(Method, method))
        for terminal in self.terminals:
            function = _unbound(self.builder_class, terminal)
            if function is not None:
                callbacks[terminal] = function.__get__(builder)
        return callbacks


def _spliced(rule: Rule, include: tuple[int, ...]) -> bool:
    """Whether a kept child is a ``_rule``, whose children are spliced in."""
    return any(
        not rule.expansion[i].is_term and _symbol_name(rule.expansion[i]).startswith("_")
        for i in include
    )


def _unit_rules(rules: tuple[Rule, ...], owner: type) -> frozenset[str]:
    """The rules whose reductions only pass their one child on (chains of them are skipped)."""
    return frozenset(str(rule) for rule in rules if _plan(rule, owner)[0] == "first")


def _plan(rule: Rule, owner: type) -> tuple[str, tuple[int, ...], Any]:
    """How a rule's reductions run: ``(kind, children kept, the owner's function)``."""
    options = rule.options
    name = rule.alias or options.template_source or rule.origin.name
    name = name if isinstance(name, str) else name.value
    include = tuple(
        i for i, symbol in enumerate(rule.expansion)
        if options.keep_all_tokens or not _filtered_out(symbol)
    )
    spliced = _spliced(rule, include)
    one_child = len(rule.expansion) == 1 and include == (0,) and not spliced
    function = _unbound(owner, name)
    if name.startswith("_"):
        # One symbol, kept: the parent takes the child just as it would take the splice.
        if len(rule.expansion) == 1 and include == (0,):
            return ("first", include, None)
        return ("splice", include, None)
    if options.expand1 and not rule.alias:
        return ("first" if one_child else "pass_through", include, function)
    if function is None:
        raise AssertionError(f"{owner.__name__} has no method for the rule {name!r}")
    if getattr(function, "_passes_child", False):
        return ("first" if one_child else "passing", include, None)
    if not rule.expansion:
        return ("empty", include, function)
    if not spliced and len(include) == len(rule.expansion):
        return ("simple", include, function)
    return ("method", include, function)


def _shortcut_unit_chains(
    states: dict[int, dict[str, tuple[Any, Any]]],
    unit: set[_Reduction],
    origins: dict[str, _Origin],
) -> list[_Reduction]:
    """Let one reduction stand for a chain of rules that pass their one child on.

    An expression such as ``$value`` climbs thirteen precedence levels (``prime`` to
    ``postfix`` to … to ``expr``), one reduction each, and each only hands the same value on.
    In state ``top`` with lookahead ``t``, reducing such a unit rule ``A: B`` pops one state
    (back to some ``s``) and goes to ``goto(s, A)``; if that state reduces another unit rule
    on ``t``, the parser is back in ``s`` and moves on, and so on. Where the chain ends depends
    only on ``(s, A, t)``. So the reduction in ``top`` becomes one of a new nonterminal, named
    after ``A`` and numbered, whose goto in each state ``s`` that can lie below ``top`` is the
    end of the chain from there: the parser reaches the same state with the same value and
    position, without the hops. Lookaheads (and top states) whose chains end alike share one
    new nonterminal, which keeps the table small. Returns the new reductions.
    """
    below: dict[tuple[int, str], list[int]] = {}
    for state, row in states.items():
        for symbol, (action, target) in row.items():
            if action is Shift:
                below.setdefault((target, symbol), []).append(state)
    shortcuts: dict[tuple[str, tuple[tuple[int, int], ...]], _Reduction] = {}
    gotos: dict[int, tuple[Any, int]] = {}  # one (Shift, state) tuple per target state
    for top, row in states.items():
        for lookahead, (action, reduction) in list(row.items()):
            if action is Shift or reduction not in unit:
                continue
            head = reduction.origin.name
            beneath = below.get((top, _symbol_name(reduction.rule.expansion[0])), [])
            ends = tuple(sorted(
                (state, _chain_end(states, unit, state, head, lookahead)) for state in beneath
            ))
            if all(states[state][head][1] == end for state, end in ends):
                continue  # no unit rule follows on this lookahead: nothing to skip
            shortcut = shortcuts.get((head, ends))
            if shortcut is None:
                name = f"{head}@{len(shortcuts)}"
                shortcut = _Reduction(reduction.rule, origins.setdefault(name, _Origin(name)))
                shortcuts[(head, ends)] = shortcut
                for state, end in ends:
                    states[state][name] = gotos.setdefault(end, (Shift, end))
            row[lookahead] = (action, shortcut)
    return list(shortcuts.values())


def _chain_end(
    states: dict[int, dict[str, tuple[Any, Any]]],
    unit: set[_Reduction],
    below: int,
    head: str,
    lookahead: str,
) -> int:
    """The state the unit chain that starts by reducing to ``head`` above ``below`` ends in."""
    while True:
        state: int = states[below][head][1]
        action, reduction = states[state].get(lookahead, (None, None))
        if action is None or action is Shift or reduction not in unit:
            return state
        head = reduction.origin.name


def _filtered_out(symbol: Any) -> bool:
    """Anonymous punctuation and keywords Lark leaves out of a rule's children."""
    return bool(symbol.is_term and symbol.filter_out)


def _symbol_name(symbol: Any) -> str:
    name = symbol.name
    return name if isinstance(name, str) else str(name.value)


# ---------------------------------------------------------------------------------------------
# Keywords: a dictionary probe instead of a regular expression per identifier


def _keyword_callback(unless: UnlessCallback) -> Callable[[Any], Any] | None:
    """A faster stand-in for Lark's `UnlessCallback` (is this identifier a keyword?).

    Lark lexes a keyword as an identifier, then full-matches the identifier against an
    alternation of every keyword the lexer state accepts: about a microsecond per identifier.
    When the keywords are ASCII literals, dictionaries answer the same question; text that
    is not ASCII (where case-insensitive matching has Unicode subtleties) still goes to the
    regular expression. Returns None for any other kind of table.
    """
    scanner = unless.scanner
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for terminal in scanner.terminals:
        pattern = terminal.pattern
        flags = set(pattern.flags)
        if pattern.type != "str" or not pattern.value.isascii() or flags - {"i"}:
            return None
        if flags:
            folded.setdefault(pattern.value.lower(), terminal.name)  # the first match wins
        else:
            exact.setdefault(pattern.value, terminal.name)
    if any(word.lower() in folded for word in exact):
        return None  # a word both tables match: only the alternation's order can tell
    lookup = folded.get
    lookup_exact = exact.get

    def keyword(token: Any) -> Any:
        text = token.value
        if not text.isascii():
            return unless(token)
        kind = lookup(text.lower())
        if kind is None and exact:
            kind = lookup_exact(text)
        if kind is not None:
            token.type = kind
        return token

    return keyword


def fast_keywords(callbacks: dict[str, Any]) -> None:
    """Put `_keyword_callback` stand-ins in place of a lexer's `UnlessCallback` objects."""
    for name, callback in list(callbacks.items()):
        if isinstance(callback, UnlessCallback):
            replacement = _keyword_callback(callback)
            if replacement is not None:
                callbacks[name] = replacement
