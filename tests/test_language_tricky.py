"""Hand-picked hard statements (keywords as names, every literal form, ranges, idioms, 2.x
syntax, …): our accept/reject verdict against SurrealDB 3.x, one statement per line of
``language_tricky.txt``. Disagreements must be listed in ``language_known_gaps.txt``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import language_cases
import language_oracle
from test_language_differential import _known

import surrealaccess as sa

LINES = [
    line
    for line in Path(__file__).with_name("language_tricky.txt").read_text("utf-8").splitlines()
    if line.strip()
]


def test_tricky_verdicts_agree(engine: Any) -> None:
    results = language_oracle.run(
        [language_oracle.Case(line, language_cases.PRELUDE) for line in LINES]
    )
    disagreements = []
    for line, result in zip(LINES, results, strict=True):
        try:
            sa.parse(line, dialect="surrealdb")
            ours = True
        except sa.ParseError:
            ours = False
        if ours != result.parsed and not _known("verdict", line):
            disagreements.append((line, result.message))
    assert len(LINES) > 300
    assert disagreements == []
