"""The streaming AST builder: keyword lookup, chain shortcuts, positions, the table cache."""

from __future__ import annotations

import os
import pickle
import stat
import threading
from pathlib import Path

import language_cases
import pytest
from ast_spans import node_spans
from hypothesis import given, settings
from hypothesis import strategies as st
from lark.lexer import UnlessCallback

import surrealaccess as sa
from surrealaccess import ast
from surrealaccess import parser as sa_parser
from surrealaccess.ast_builder import ReductionTable, StaleTable, _keyword_callback
from surrealaccess.schema_transform import LanguageToAst
from surrealaccess.source import NO_SPAN, LineIndex, Span, position_at

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("**/*.surql"))] + [
    case.text for case in language_cases.generate(600)
]


# ---- keywords ---------------------------------------------------------------------------


def _unless_callbacks() -> list[UnlessCallback]:
    lexer = sa_parser.lark_parser(False).parser.lexer
    found: dict[int, UnlessCallback] = {}
    for basic in {id(b): b for b in lexer.lexers.values()}.values():
        basic.scanner  # noqa: B018 - builds the lexer's callbacks
        for callback in basic.callback.values():
            if isinstance(callback, UnlessCallback):
                found[id(callback)] = callback
    return list(found.values())


class _Token:
    def __init__(self, value: str) -> None:
        self.value = value
        self.type = "IDENT"


def test_the_keyword_dictionaries_answer_as_lark_s_regular_expressions() -> None:
    callbacks = _unless_callbacks()
    assert len(callbacks) > 50
    words = {"ſelect", "K", "SELECTION", "nan", "NaN", "Infinity", "infinity", "value", "x1"}
    for callback in callbacks:
        for terminal in callback.scanner.terminals:
            word = terminal.pattern.value
            words |= {word, word.lower(), word.upper(), word.title(), word + "s", "_" + word}
    replaced = 0
    for callback in callbacks:
        fast = _keyword_callback(callback)
        if fast is None:
            continue
        replaced += 1
        for word in words:
            expected = callback(_Token(word)).type  # Lark's own answer
            assert fast(_Token(word)).type == expected, (word, expected)
    assert replaced == len(callbacks)


# ---- the chain shortcuts ----------------------------------------------------------------


@pytest.fixture(scope="module")
def unshortcut() -> sa_parser._StreamingParser:
    """A pure-Python streaming parser whose table climbs every unit rule, as Lark's does."""
    streaming = sa_parser._StreamingParser(False)
    streaming.table = ReductionTable(sa_parser.lark_parser(False), LanguageToAst,
                                     shortcut_chains=False)
    return streaming


def _outcome(text: str) -> object:
    try:
        script = sa.parse(text, dialect="surrealdb")
    except sa.ParseError as error:
        return ("error", error.message, error.line, error.column)
    return (script.statements, node_spans(script.statements), script.notes)


def test_the_shortcut_table_parses_exactly_as_the_full_one(
    unshortcut: sa_parser._StreamingParser, monkeypatch: pytest.MonkeyPatch
) -> None:
    shortcut = sa_parser.streaming_parser(False)
    full_reductions = {r for row in unshortcut.table.parse_table.states.values()
                       for _, r in row.values() if not isinstance(r, int)}
    fewer = {r for row in shortcut.table.parse_table.states.values()
             for _, r in row.values() if not isinstance(r, int)}
    assert any("@" in r.origin.name for r in fewer)
    assert not any("@" in r.origin.name for r in full_reductions)
    errors = 0
    for text in TEXTS:
        monkeypatch.setattr(sa_parser, "streaming_parser", lambda flag=None: shortcut)
        fast = _outcome(text)
        monkeypatch.setattr(sa_parser, "streaming_parser", lambda flag=None: unshortcut)
        slow = _outcome(text)
        assert fast == slow, text
        errors += isinstance(fast, tuple) and fast[0] == "error"
    assert 0 < errors < len(TEXTS)  # both verdicts were exercised


# ---- positions --------------------------------------------------------------------------


def _children(node: ast.Node) -> list[ast.Node]:
    import dataclasses

    found: list[ast.Node] = []
    stack: list[object] = [getattr(node, f.name) for f in dataclasses.fields(node)
                           if f.name != "span"]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Node):
            found.append(item)
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
    return found


def test_every_node_lies_inside_its_parent_and_its_positions_agree() -> None:
    checked = 0
    for text in TEXTS:
        try:
            script = sa.parse(text)
        except sa.ParseError:
            continue
        stack: list[ast.Node] = list(script.statements)
        while stack:
            node = stack.pop()
            span = node.span
            if span is not NO_SPAN and span != NO_SPAN:
                assert 0 <= span.start <= span.end <= len(text)
                assert (span.line, span.column) == position_at(text, span.start)
                assert (span.end_line, span.end_column) == position_at(text, span.end)
                for child in _children(node):
                    inner = child.span
                    if inner != NO_SPAN:
                        assert span.start <= inner.start <= inner.end <= span.end, (node, child)
                checked += 1
            stack.extend(_children(node))
    assert checked > 5_000


def test_parses_on_many_threads_at_once_agree() -> None:
    texts = TEXTS[:120]
    expected = [_outcome(text) for text in texts]
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for text, outcome in zip(texts, expected, strict=True):
                assert _outcome(text) == outcome
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[0]


# ---- Span -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n\r\t é", max_size=60), st.data())
def test_a_lazy_span_gives_the_positions_it_would_spell_out(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lazy = Span.at(start, end, LineIndex(text))
    spelled = Span(*position_at(text, start), *position_at(text, end), start, end)
    assert lazy == spelled and hash(lazy) == hash(spelled)
    assert (lazy.line, lazy.column, lazy.end_line, lazy.end_column, lazy.start, lazy.end) == (
        spelled.line, spelled.column, spelled.end_line, spelled.end_column, start, end)
    assert repr(lazy) == repr(spelled)
    assert pickle.loads(pickle.dumps(lazy)) == lazy


def test_spans_are_immutable_and_bounded() -> None:
    span = Span.at(3, 5, LineIndex("ab\ncdef"))
    with pytest.raises(AttributeError):
        span.start = 4  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del span.end  # type: ignore[misc]
    assert (span.line, span.column, span.end_line, span.end_column) == (2, 1, 2, 3)
    assert span.to(Span.at(6, 7, LineIndex("ab\ncdef"))) == Span(2, 1, 2, 5, 3, 7)
    with pytest.raises(ValueError, match="2\\*\\*32"):
        Span.at(0, 2**32, LineIndex(""))
    with pytest.raises(ValueError, match="2\\*\\*32"):
        Span(1, 1, 1, 1, -1, 0)
    # A pickled span does not drag the source's line index along.
    assert b"LineIndex" not in pickle.dumps(span)


# ---- the table cache --------------------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SURREALACCESS_CACHE_DIR", str(folder))
    sa_parser._tables.cache_clear()
    yield folder
    sa_parser._tables.cache_clear()


def _cached_file(folder: Path) -> Path:
    (found,) = folder.glob("tables-*.pickle")
    return found


def test_tables_are_cached_privately_and_loaded_back(cache_dir: Path) -> None:
    built = sa_parser._tables()
    path = _cached_file(cache_dir)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    sa_parser._tables.cache_clear()
    loaded = sa_parser._tables()
    assert loaded is not built
    assert loaded.reductions.parse_table.states.keys() == built.reductions.parse_table.states.keys()
    assert loaded.keywords == built.keywords
    # Lark's loop tells actions apart by identity: they must come back as its singletons.
    from lark.parsers.lalr_analysis import Reduce, Shift

    actions = {id(a) for row in loaded.reductions.parse_table.states.values()
               for a, _ in row.values()}
    assert actions == {id(Shift), id(Reduce)}


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_is_rebuilt(cache_dir: Path, damage: bytes) -> None:
    sa_parser._tables()
    path = _cached_file(cache_dir)
    path.write_bytes(damage)
    sa_parser._tables.cache_clear()
    tables = sa_parser._tables()
    assert isinstance(tables.reductions, ReductionTable)
    assert path.read_bytes() != damage


def test_a_table_made_for_other_pass_through_rules_is_refused(cache_dir: Path) -> None:
    tables = sa_parser._tables()
    state = tables.reductions.__getstate__()
    state["unit_rules"] = state["unit_rules"] - {next(iter(state["unit_rules"]))}
    table = ReductionTable.__new__(ReductionTable)
    with pytest.raises(StaleTable):
        table.__setstate__(state)


def test_a_folder_others_may_write_to_is_never_used(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o777)
    monkeypatch.setenv("SURREALACCESS_CACHE_DIR", str(folder))
    assert sa_parser._tables_cache_path() is None


def test_a_text_too_long_for_span_offsets_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sa_parser, "MAX_TEXT", 10)
    with pytest.raises(sa.ParseError, match="too long"):
        sa.parse("DEFINE TABLE abc;")
    assert sa.parse("RETURN 1;").statements
