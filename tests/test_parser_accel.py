"""lark-cython (the ``fast`` extra) gives exactly the trees and ASTs of pure-Python Lark."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Token, Tree

import surrealaccess as sa
from surrealaccess import parser as sa_parser
from surrealaccess.errors import ParseError

pytest.importorskip("lark_cython")

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(CORPUS.glob("**/*.surql"))
EXTRA = [
    "IF true { user:one }",
    "DEFINE FIELD x ON t VALUE IF a { b:c } ELSE { 1 };",
    "DEFINE TABLE t SCHEMAFULL; -- trailing comment\n/* block */ DEFINE FIELD f ON t;",
    "DEFINE TABLE",  # error
    "SELECT * FROM user WHERE",  # error
]


def _leaves(tree: Tree) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for subtree in tree.iter_subtrees_topdown():
        meta = subtree.meta
        out.append((subtree.data, getattr(meta, "start_pos", None), getattr(meta, "end_pos", None)))
        for child in subtree.children:
            if not isinstance(child, Tree):
                assert type(child) is Token
                out.append(
                    (
                        child.type,
                        str(child),
                        child.start_pos,
                        child.end_pos,
                        child.line,
                        child.column,
                        child.end_line,
                        child.end_column,
                    )
                )
    return out


@pytest.fixture(scope="module")
def parsers() -> dict[bool, object]:
    return {False: sa_parser.lark_parser(False), True: sa_parser.lark_parser(True)}


def _run(parser: object, pure: object, monkeypatch: pytest.MonkeyPatch, text: str, dialect: str):
    # lark_parser(False) is what the accelerated parser re-parses a failing text with
    monkeypatch.setattr(
        sa_parser, "lark_parser", lambda accelerated=None: pure if accelerated is False else parser
    )
    try:
        tree = _leaves(parser.parse(text, on_error=sa_parser._brace_as_block))
    except Exception as error:
        tree = ("error", type(error).__name__, str(error))
    try:
        script = sa.parse(text, dialect=dialect)
        result = (
            script.statements,
            script.notes,
            sa.format(script),
            getattr(script, "leading_comments", None),
            getattr(script, "trailing_comments", None),
        )
    except ParseError as error:
        result = ("ParseError", str(error))
    return tree, result


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in FILES] + EXTRA,
    ids=[p.relative_to(CORPUS).as_posix() for p in FILES]
    + [f"extra{i}" for i in range(len(EXTRA))],
)
def test_same_results(
    text: str, parsers: dict[bool, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert type(parsers[True]).__name__ == "_LarkCython"
    for dialect in ("surrealdb", "extended"):
        pure = _run(parsers[False], parsers[False], monkeypatch, text, dialect)
        fast = _run(parsers[True], parsers[False], monkeypatch, text, dialect)
        assert fast == pure
