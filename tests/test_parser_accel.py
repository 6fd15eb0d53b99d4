"""lark-cython (the ``fast`` extra) gives exactly the trees and ASTs of pure-Python Lark."""

from __future__ import annotations

from pathlib import Path

import pytest
from ast_spans import node_spans
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


def _run(accelerated: bool, monkeypatch: pytest.MonkeyPatch, text: str, dialect: str):
    # The Lark tree (what lint reads) and `parse` (the streaming parser); a failing text on
    # lark-cython is parsed again with pure-Python Lark, which is what the patches keep.
    lark = {flag: sa_parser.lark_parser(flag) for flag in (False, True)}
    streaming = {flag: sa_parser.streaming_parser(flag) for flag in (False, True)}
    monkeypatch.setattr(sa_parser, "lark_parser",
                        lambda flag=None: lark[False if flag is False else accelerated])
    monkeypatch.setattr(sa_parser, "streaming_parser",
                        lambda flag=None: streaming[False if flag is False else accelerated])
    try:
        tree = _leaves(lark[accelerated].parse(text, on_error=sa_parser._brace_as_block))
    except Exception as error:
        tree = ("error", type(error).__name__, str(error))
    try:
        script = sa.parse(text, dialect=dialect)
        result = (
            script.statements,
            node_spans(script.statements),
            script.notes,
            sa.format(script),
            script.leading_comments,
            script.trailing_comments,
            node_spans((script.leading_comments, script.trailing_comments)),
        )
    except ParseError as error:
        result = ("ParseError", str(error), error.line, error.column)
    return tree, result


@pytest.mark.parametrize(
    "text",
    [p.read_text(encoding="utf-8") for p in FILES] + EXTRA,
    ids=[p.relative_to(CORPUS).as_posix() for p in FILES]
    + [f"extra{i}" for i in range(len(EXTRA))],
)
def test_same_results(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert type(sa_parser.lark_parser(True)).__name__ == "_LarkCython"
    assert sa_parser.streaming_parser(True).accelerated
    for dialect in ("surrealdb", "extended"):
        pure = _run(False, monkeypatch, text, dialect)
        fast = _run(True, monkeypatch, text, dialect)
        assert fast == pure
