"""Comments survive: the AST keeps them with the statements they precede, and `fmt` prints them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surrealaccess as sa
from surrealaccess import ast
from surrealaccess.cli import main
from surrealaccess.lint import scan

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VALID = sorted(CORPUS.glob("*.surql"))
IDP = sorted((CORPUS / "idp").glob("*.surql"))
FILES = [(path, "surrealdb") for path in VALID] + [(path, "extended") for path in IDP]


def texts(comments: tuple[ast.Comment, ...]) -> list[str]:
    return [comment.text for comment in comments]


def fixed_point(text: str, dialect: ast.Dialect = "extended") -> str:
    """Format ``text``, check the output is a fixed point with the same comments; return it."""
    script = sa.parse(text, dialect=dialect)
    out = sa.format(script)
    again = sa.parse(out, dialect=dialect)
    assert sa.format(again) == out
    # The formatter canonicalises statements (defaults spelled out), so compare them as text;
    # the comments come back exactly, attached to the same statements.
    assert len(again.statements) == len(script.statements)
    assert again.leading_comments == script.leading_comments
    assert again.trailing_comments == script.trailing_comments
    return out


@pytest.mark.parametrize("comment", ["-- dash", "# hash", "// slashes", "/* block */",
                                     "/* multi\n   line */", "--", "#", "//", "/**/",
                                     "-- /* not a block", "/* -- not a line */"])
def test_every_style_before_between_and_after(comment: str) -> None:
    text = f"{comment}\nDEFINE TABLE a;\n{comment}\nDEFINE TABLE b;\n{comment}\n"
    script = sa.parse(text)
    assert texts(script.comments_before(0)) == [comment]
    assert texts(script.comments_before(1)) == [comment]
    assert texts(script.trailing_comments) == [comment]
    out = fixed_point(text)
    assert out == (f"{comment}\nDEFINE TABLE a TYPE ANY SCHEMALESS PERMISSIONS NONE;\n"
                   f"{comment}\nDEFINE TABLE b TYPE ANY SCHEMALESS PERMISSIONS NONE;\n"
                   f"{comment}\n")


def test_comment_spans() -> None:
    text = "DEFINE TABLE a; -- one\n  /* two\nlines */ DEFINE TABLE b;"
    script = sa.parse(text)
    one, two = script.comments_before(1)
    where = (one.span.line, one.span.column, one.span.end_line, one.span.end_column)
    assert where == (1, 17, 1, 23)
    assert text[one.span.start:one.span.end] == "-- one"
    assert (two.span.line, two.span.column, two.span.end_line, two.span.end_column) == (2, 3, 3, 9)
    assert text[two.span.start:two.span.end] == "/* two\nlines */"
    assert script.comments == (one, two)


def test_comment_after_a_statement_on_its_line_goes_with_the_next() -> None:
    script = sa.parse("DEFINE TABLE a; -- about b\nDEFINE TABLE b; -- the end")
    assert script.comments_before(0) == ()
    assert texts(script.comments_before(1)) == ["-- about b"]
    assert texts(script.trailing_comments) == ["-- the end"]


def test_comments_inside_a_statement_move_above_it() -> None:
    text = ("DEFINE TABLE a;\nDEFINE FIELD -- the name\n  x ON a /* its type */ TYPE string # why\n"
            "  ASSERT $value != '';\n")
    script = sa.parse(text)
    assert texts(script.comments_before(1)) == ["-- the name", "/* its type */", "# why"]
    out = fixed_point(text)
    assert out.splitlines()[1:4] == ["-- the name", "/* its type */", "# why"]


def test_comment_markers_inside_strings_are_not_comments() -> None:
    script = sa.parse("DEFINE PARAM $a VALUE '-- no # no // no /* no */'; -- yes")
    assert texts(script.comments) == ["-- yes"]


def test_only_comments_and_empty() -> None:
    assert sa.parse("").comments == ()
    assert sa.format(sa.parse("")) == ""
    script = sa.parse("-- just\n/* comments */\n")
    assert script.statements == () and texts(script.trailing_comments) == ["-- just",
                                                                          "/* comments */"]
    assert fixed_point("-- just\n/* comments */\n") == "-- just\n/* comments */\n"


def test_crlf_line_endings() -> None:
    script = sa.parse("-- a\r\nDEFINE TABLE a;\r\n# b\r\n")
    assert texts(script.comments) == ["-- a", "# b"]


def test_equality_counts_comments_but_not_how_the_script_was_built() -> None:
    plain = sa.parse("DEFINE TABLE a; DEFINE TABLE b;")
    assert plain == ast.Script(statements=plain.statements)
    assert plain == ast.Script(statements=plain.statements, leading_comments=((), ()))
    assert plain != sa.parse("-- x\nDEFINE TABLE a; DEFINE TABLE b;")
    assert sa.parse("-- x\nDEFINE TABLE a;") == sa.parse("  -- x\n\n  define  table a  ;")


def test_built_script_without_comment_groups_formats() -> None:
    plain = sa.parse("DEFINE TABLE a; DEFINE TABLE b;")
    built = ast.Script(statements=plain.statements, leading_comments=((), (ast.Comment(
        text="-- b"),)), trailing_comments=(ast.Comment(text="/* end */"),))
    assert sa.format(built).splitlines()[1:] == [
        "-- b", "DEFINE TABLE b TYPE ANY SCHEMALESS PERMISSIONS NONE;", "/* end */"]


def test_a_failed_parse_does_not_leak_comments() -> None:
    from surrealaccess import parser

    with pytest.raises(sa.ParseError):
        sa.parse("-- a\nDEFINE TABLE ;")
    assert getattr(parser._comment_sink, "tokens", None) is None
    assert sa.parse("DEFINE TABLE a;").comments == ()


def test_the_raw_lark_parser_still_ignores_comments() -> None:
    """The linter parses with the shared Lark parser directly: no collection happens then."""
    from surrealaccess.parser import lark_parser

    lark_parser().parse("-- a\nDEFINE TABLE a;")
    assert sa.parse("DEFINE TABLE a;").comments == ()


# ---------------------------------------------------------------------------------------------
# Corpus files


@pytest.mark.parametrize(("path", "dialect"), FILES, ids=lambda v: getattr(v, "name", v))
def test_corpus_keeps_every_comment(path: Path, dialect: ast.Dialect) -> None:
    text = path.read_text(encoding="utf-8")
    script = sa.parse(text, dialect=dialect)
    written = [token.text for token in scan.comments(text)]
    assert texts(script.comments) == written  # the linter's own scan agrees
    out = fixed_point(text, dialect)
    remaining = out
    for comment in written:  # every comment, in order
        at = remaining.index(comment)
        remaining = remaining[at + len(comment):]


def test_corpus_has_comments() -> None:
    assert sum(len(sa.load(path).comments) for path, _ in FILES) > 20


@pytest.mark.parametrize(("path", "dialect"), FILES[:6], ids=lambda v: getattr(v, "name", v))
def test_fmt_check_on_corpus(path: Path, dialect: str, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--dialect", dialect, str(path)]) == 0
    out = capsys.readouterr().out
    for token in scan.comments(path.read_text(encoding="utf-8")):
        assert token.text in out
    formatted = tmp_path / path.name
    formatted.write_text(out, encoding="utf-8")
    assert main(["fmt", "--check", "--dialect", dialect, str(formatted)]) == 0
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------------------------------------
# Generated interleavings of statements and comments

STATEMENTS = [
    "DEFINE TABLE person SCHEMAFULL",
    "DEFINE FIELD name ON person TYPE string",
    "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret'",
    "SELECT * FROM person WHERE age > 1",
    "LET $x = 1 + 2",
    "DEFINE PARAM $p VALUE [1, 2, 3]",
    "DEFINE INDEX i ON person FIELDS name UNIQUE",
    "UPDATE person SET age = 3",
]

_BODY = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
                max_size=12)
LINE_COMMENTS = st.builds(lambda marker, body: marker + body,
                          st.sampled_from(["--", "#", "//"]), _BODY)
BLOCK_COMMENTS = st.builds(lambda body: f"/*{body}*/",
                           st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
                           .filter(lambda b: "*/" not in b and not b.endswith("*")))
COMMENTS = st.one_of(LINE_COMMENTS, BLOCK_COMMENTS)


def _with_comment(comment: str) -> str:
    """The comment, then what must follow it (a line comment ends at the line's end)."""
    return f"{comment}\n" if not comment.startswith("/*") else f"{comment} "


# Each piece: (statement index or None for a lone comment, comments inside, comment after on
# the same line).
PIECES = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(0, len(STATEMENTS) - 1)),
        st.lists(COMMENTS, max_size=2),
        st.one_of(st.none(), COMMENTS),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PIECES, st.lists(COMMENTS, max_size=2))
def test_generated_interleavings(pieces: list[tuple[int | None, list[str], str | None]],
                                 tail: list[str]) -> None:
    parts: list[str] = []
    expected: list[str] = []
    for index, inner, after in pieces:
        if index is None:
            for comment in inner:
                parts.append(_with_comment(comment))
                expected.append(comment)
        else:
            head, rest = STATEMENTS[index].split(" ", 1)
            inside = "".join(_with_comment(comment) for comment in inner)
            parts.append(f"{head} {inside}{rest};")
            expected.extend(inner)
        if after is not None:
            parts.append(f" {after}")
            expected.append(after)
        parts.append("\n")
    for comment in tail:
        parts.append(_with_comment(comment))
        expected.append(comment)
    text = "".join(parts)
    script = sa.parse(text)
    assert texts(script.comments) == expected
    out = fixed_point(text)
    remaining = out
    for comment in expected:
        at = remaining.index(comment)
        remaining = remaining[at + len(comment):]


# ---------------------------------------------------------------------------------------------
# The cached parser tables


def test_comments_are_collected_when_the_tables_come_from_the_cache(tmp_path: Path) -> None:
    code = ("import surrealaccess as sa; "
            "print(len(sa.parse('-- a\\nDEFINE TABLE t; # b\\n/* c */').comments))")
    env = {**os.environ, "SURREALACCESS_CACHE_DIR": str(tmp_path / "cache")}
    runs = []
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, check=False)
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout.strip())
        assert list((tmp_path / "cache").iterdir())  # the second run loads this file
    assert runs == ["3", "3"]
