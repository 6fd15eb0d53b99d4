"""``parse(format(x))`` equals ``parse(x)`` for every statement kind (no engine needed)."""

from __future__ import annotations

import language_cases
import pytest

import surrealaccess as sa
from surrealaccess import ast


def _accepted() -> list[ast.Script]:
    scripts = []
    for case in language_cases.generate(3000):
        try:
            scripts.append(sa.parse(case.text, dialect="surrealdb"))
        except sa.ParseError:
            continue
    return scripts


SCRIPTS = _accepted()


def test_enough_statements_of_every_family() -> None:
    kinds = {type(s).__name__ for script in SCRIPTS for s in script.statements}
    assert len(SCRIPTS) > 1500
    for expected in (
        "DefineTable",
        "DefineField",
        "DefineIndex",
        "DefineEvent",
        "DefineFunction",
        "DefineParam",
        "DefineAnalyzer",
        "DefineNamespace",
        "DefineDatabase",
        "DefineSequence",
        "DefineApi",
        "DefineConfig",
        "Remove",
        "Alter",
        "Info",
        "Transaction",
        "OptionStmt",
        "Select",
        "Create",
        "Update",
        "Delete",
        "Relate",
        "Insert",
        "ForEach",
        "Live",
    ):
        assert expected in kinds, expected


@pytest.mark.parametrize("redact", [False])
def test_format_parses_back_to_the_same_tree(redact: bool) -> None:
    for script in SCRIPTS:
        text = sa.format(script, redact=redact)
        again = sa.parse(text, dialect="surrealdb")
        for before, after in zip(script.statements, again.statements, strict=True):
            if isinstance(before, (ast.DefineUser, ast.DefineAccess)) or "NaN" in text:
                # NaN != NaN, so a tree holding NaN never equals itself: compare the text.
                # These trees keep "not written" apart from SurrealDB's defaults (the compiler
                # needs to know); their text is a fixed point instead.
                assert sa.format(after) == sa.format(before), script.source
                continue
            assert after == before, (script.source, text)


def test_format_is_a_fixed_point() -> None:
    for script in SCRIPTS:
        once = sa.format(script)
        assert sa.format(sa.parse(once, dialect="surrealdb")) == once
