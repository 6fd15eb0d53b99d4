"""The whole language against SurrealDB 3.x: verdicts, INFO texts and canonical texts.

Thousands of generated statements of every kind (``language_cases.py``), a third of them
broken on purpose, run through the embedded engine in one child process
(``language_oracle.py``). Every disagreement must be listed in ``language_known_gaps.txt``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import language_cases
import language_oracle
import pytest

import surrealaccess as sa
from surrealaccess import ast

pytestmark = pytest.mark.oracle

CASES = 3000
GAPS_FILE = Path(__file__).with_name("language_known_gaps.txt")


def _gaps(check: str) -> list[tuple[re.Pattern[str], str]]:
    gaps = []
    for line in GAPS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern, reason = line.split("\t")
        if kind == check:
            gaps.append((re.compile(pattern), reason))
    return gaps


def _known(check: str, text: str) -> bool:
    return any(p.search(text) for p, _ in _gaps(check))


def _ours(text: str) -> tuple[bool, ast.Script | None, str]:
    try:
        script = sa.parse(text, dialect="surrealdb")
    except sa.ParseError as error:
        return False, None, error.message
    return True, script, ""


@pytest.fixture(scope="module")
def judged(engine: Any) -> list[tuple[Any, Any, tuple[bool, ast.Script | None, str]]]:
    cases = language_cases.generate(CASES)
    results = language_oracle.run([language_oracle.Case(c.text, c.prelude) for c in cases])
    return [(c, r, _ours(c.text)) for c, r in zip(cases, results, strict=True)]


def test_every_family_and_both_verdicts_are_covered(judged: list[Any]) -> None:
    families = {c.family for c, _, _ in judged}
    assert families == set(language_cases.FAMILIES)
    accepted = sum(r.parsed for _, r, _ in judged)
    assert accepted > CASES // 2 and CASES - accepted > CASES // 10
    assert not [c.text for c, r, _ in judged if r.message == language_oracle.CRASHED]


def test_accept_reject_verdicts_agree(judged: list[Any]) -> None:
    disagreements = [(c.text, r.message, ours[2]) for c, r, ours in judged if ours[0] != r.parsed]
    unexplained = [d for d in disagreements if not _known("verdict", d[0])]
    assert unexplained == []
    assert len(disagreements) <= len(judged) // 100  # at least 99% agree


def _define_comparable(case: Any, result: Any, script: ast.Script | None) -> ast.Node | None:
    """The DEFINE statement whose INFO text can be compared, if the case has one."""
    if case.mutated or script is None or len(script.statements) != 1:
        return None
    node = script.statements[0]
    if not isinstance(node, ast.Statement) or not type(node).__name__.startswith("Define"):
        return None
    if isinstance(node, (ast.DefineAccess, ast.DefineScope, ast.DefineToken)):
        return None
    if result.message or not result.definitions:
        return None  # the engine refused to run it (or an IF NOT EXISTS did nothing)
    if isinstance(node, ast.DefineParam) and not _literal(node.value):
        return None  # SurrealDB stores the computed value; computing needs a database
    return node


def _literal(node: ast.Expr) -> bool:
    from surrealaccess.static import NOT_STATIC, evaluate

    return not isinstance(node, ast.PrefixedString) and evaluate(node) is not NOT_STATIC


def test_define_text_matches_info_for(judged: list[Any]) -> None:
    compared = 0
    mismatches = []
    for case, result, (_, script, _) in judged:
        node = _define_comparable(case, result, script)
        if node is None:
            continue
        compared += 1
        text = sa.format(node, redact=True)
        if text not in result.definitions and not _known("text", case.text):
            mismatches.append((case.text, text, result.definitions))
    assert compared >= 1000
    assert len(mismatches) <= compared // 50, mismatches[:5]  # at least 98% equal


@pytest.fixture(scope="module")
def probed(engine: Any) -> list[tuple[str, ast.Expr, Any]]:
    items = []
    for case in language_cases.generate(CASES):
        if case.mutated or case.family.startswith("define"):
            continue
        ok, script, _ = _ours(case.text)
        if ok and script is not None and len(script.statements) == 1:
            node = script.statements[0]
            if isinstance(node, ast.Expr):
                items.append((case, node))
    results = language_oracle.run(
        [language_oracle.Case(c.text, c.prelude, probe=True) for c, _ in items]
    )
    return [(c.text, n, r) for (c, n), r in zip(items, results, strict=True)]


def test_other_statements_print_as_the_engine_prints_them(probed: list[Any]) -> None:
    compared = 0
    mismatches = []
    for text, node, result in probed:
        if not result.parsed or result.probe is None:
            continue
        compared += 1
        ours = sa.format(node)
        if ours != result.probe and not _known("probe", text):
            mismatches.append((text, ours, result.probe))
    assert compared >= 300
    assert mismatches == []
