"""The rule registry: every rule is a `Rule` subclass registered under its code."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, TypeVar

from ..checks import Problem
from ..errors import ParseError
from .config import LintConfig, LintConfigError, file_ignores
from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .context import LintContext

class Rule:
    """Base class of the lint rules; one subclass per module in `surrealaccess.lint.rules`.

    Class attributes describe the rule (they feed ``--format sarif`` and the docs); a rule
    overrides `check` to look at a parsed script, or `parse_error` to explain a parse error.
    Definition problems found by `surrealaccess.check` that a rule reports under its own
    code are claimed with `claims`, so the generic pseudo-rule does not report them twice.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    #: Part of the default selection (rules that are off by default need ``--select``).
    default: ClassVar[bool] = True
    #: Some of its diagnostics carry a safe fix.
    fixable: ClassVar[bool] = False
    #: Order in which rules are asked to explain a parse error (lower first).
    parse_priority: ClassVar[int] = 100

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        """Diagnostics for a script that parsed."""
        return ()

    def parse_error(self, ctx: LintContext, error: ParseError) -> Diagnostic | None:
        """A diagnostic for a parse error this rule explains, or None."""
        return None

    @classmethod
    def claims(cls, ctx: LintContext, problem: Problem) -> bool:
        """Whether this rule reports a `surrealaccess.check` problem under its own code."""
        return False

    def claimed(self, ctx: LintContext) -> Iterator[Diagnostic]:
        """Diagnostics for the `surrealaccess.check` problems this rule claims."""
        for problem in ctx.problems:
            if self.claims(ctx, problem):
                yield ctx.report(self, problem.span, problem.message)

    @classmethod
    def documentation(cls) -> str:
        """The rule's documentation (its class docstring): what, why, bad and good examples."""
        return inspect.cleandoc(cls.__doc__ or cls.summary)


_RULES: dict[str, type[Rule]] = {}
R = TypeVar("R", bound=type[Rule])


def register(rule: R) -> R:
    """Class decorator: add a rule to the registry under its code."""
    if rule.code in _RULES:  # pragma: no cover - a programming error caught by the tests
        raise ValueError(f"rule code {rule.code} registered twice")
    _RULES[rule.code] = rule
    return rule


def all_rules() -> list[type[Rule]]:
    """Every registered rule, ordered by code."""
    from . import rules  # noqa: F401  (importing the package registers every rule)

    return [_RULES[code] for code in sorted(_RULES)]


def get_rule(code: str) -> type[Rule]:
    """The rule registered under ``code``; raise `KeyError` if there is none."""
    all_rules()
    return _RULES[code.upper()]


def validate_selectors(selectors: Iterable[str]) -> None:
    """Raise `LintConfigError` for a selector that matches no rule code."""
    codes = [rule.code for rule in all_rules()]
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in codes):
            raise LintConfigError(f"unknown rule code or prefix {selector!r}")


def enabled_codes(config: LintConfig, path: str | None = None) -> frozenset[str]:
    """The codes that run for a file at ``path`` under ``config``.

    The most specific selector wins (``ignore = ["SA1"]`` with ``extend-select =
    ["SA103"]`` keeps SA103); between equally specific ones, ignoring wins.
    """
    extra_ignores = file_ignores(config, path)
    validate_selectors((*config.select, *config.extend_select, *config.ignore, *extra_ignores))
    enabled = set()
    for rule in all_rules():
        best = -1
        selected = False
        if not config.select and rule.default:
            best, selected = 0, True
        for selector in (*config.select, *config.extend_select):
            length = _match(selector, rule.code)
            if length > best:
                best, selected = length, True
        for selector in (*config.ignore, *extra_ignores):
            length = _match(selector, rule.code)
            if length >= best and length >= 0:
                best, selected = length, False
        if selected:
            enabled.add(rule.code)
    return frozenset(enabled)


def _match(selector: str, code: str) -> int:
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1
