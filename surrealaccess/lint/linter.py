"""Run the rules over one script: parse, check, suppress, sort; and apply safe fixes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import ast
from ..errors import ParseError
from ..parser import parse
from . import suppressions
from .config import LintConfig, config_from_mapping
from .context import LintContext
from .diagnostics import Diagnostic, Edit, Fix
from .registry import all_rules, enabled_codes

#: The pseudo-rule that reports suppressions which silenced nothing.
UNUSED_SUPPRESSION = "SA003"
#: How many rounds of fixes `fix` applies at most (a fix may enable another).
MAX_FIX_ROUNDS = 10


def lint(
    script: str | ast.Script,
    *,
    config: LintConfig | Mapping[str, Any] | None = None,
    path: str | None = None,
) -> list[Diagnostic]:
    """Lint SurrealQL text (or a parsed `Script`) and return its diagnostics, in source order.

    ``config`` is a `LintConfig`, or a mapping with the keys of a
    ``[tool.surrealaccess.lint]`` table; None means the defaults (no settings file is read
    here: the command line does that). A parse error is a diagnostic (SA001), not an
    exception.
    """
    settings = _config(config)
    if isinstance(script, ast.Script):
        text = script.source
        path = path if path is not None else script.path
        parsed: ast.Script | ParseError = script
    else:
        text = script
        parsed = _parse(text, path, settings)
    return _run(text, path, settings, parsed)


def _config(config: LintConfig | Mapping[str, Any] | None) -> LintConfig:
    if config is None:
        return LintConfig()
    if isinstance(config, LintConfig):
        return config
    return config_from_mapping(config)


def _parse(text: str, path: str | None, config: LintConfig) -> ast.Script | ParseError:
    try:
        return parse(text, path=path, dialect=config.dialect)
    except ParseError as error:
        return error


def _run(
    text: str, path: str | None, config: LintConfig, parsed: ast.Script | ParseError
) -> list[Diagnostic]:
    enabled = enabled_codes(config, path)
    rules = all_rules()
    script = parsed if isinstance(parsed, ast.Script) else None
    ctx = LintContext(text, path, config, script)
    found: list[Diagnostic] = []
    if isinstance(parsed, ParseError):
        for rule in sorted(rules, key=lambda r: r.parse_priority):
            diagnostic = rule().parse_error(ctx, parsed)
            if diagnostic is not None:
                found.append(diagnostic)
                break
    else:
        for rule in rules:
            if rule.code in enabled:
                found.extend(rule().check(ctx))
    found = [d for d in found if d.code in enabled]
    unused_rule = next((r for r in rules if r.code == UNUSED_SUPPRESSION), None)
    reporter: suppressions.Reporter | None = None
    if unused_rule is not None and UNUSED_SUPPRESSION in enabled:
        rule_class = unused_rule

        def reporter(start: int, end: int, message: str, fix: Fix) -> Diagnostic:
            return ctx.report(rule_class, ctx.span(start, end), message, fix)

    found = suppressions.apply(
        text,
        found,
        enabled=enabled,
        known=frozenset(r.code for r in rules),
        report_unused=reporter,
    )
    return sorted(found, key=lambda d: (d.span.start, d.span.end, d.code, d.message))


def apply_fixes(text: str, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """Apply the fixes of ``diagnostics`` that do not overlap; return the text and how many.

    Fixes are taken in source order; one whose edits overlap an edit already taken waits
    for the next round (`fix` lints again and retries).
    """
    taken: list[Edit] = []
    count = 0
    for diagnostic in sorted(diagnostics, key=lambda d: d.span.start):
        if diagnostic.fix is None:
            continue
        edits = diagnostic.fix.edits
        if any(_overlap(edit, other) for edit in edits for other in taken):
            continue
        taken.extend(edits)
        count += 1
    for edit in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text, count


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions clash only at the same place
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def fix(
    text: str,
    *,
    config: LintConfig | Mapping[str, Any] | None = None,
    path: str | None = None,
) -> tuple[str, list[Diagnostic]]:
    """Apply every safe fix, repeatedly, until none is left.

    Returns the fixed text and the diagnostics that remain in it. Running `fix` on its own
    output changes nothing.
    """
    settings = _config(config)
    diagnostics = lint(text, config=settings, path=path)
    for _ in range(MAX_FIX_ROUNDS):
        fixed, count = apply_fixes(text, diagnostics)
        if count == 0 or fixed == text:
            break
        text = fixed
        diagnostics = lint(text, config=settings, path=path)
    return text, diagnostics
