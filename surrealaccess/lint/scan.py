"""A lexical scan of SurrealQL text that knows only comments, strings and brackets.

The linter needs three things the syntax tree does not keep: where the comments are (for
inline suppressions), where each top-level statement starts and ends (also when the text
does not parse), and the position of keywords around a clause (for fixes that must keep
every comment in place). The scan is deliberately small: the parser is the authority on
meaning, this only finds boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["comment", "string", "word", "punct"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>/\*(?:[^*]|\*(?!/))*(?:\*/|\Z)|--[^\n\r]*|//[^\n\r]*|\#[^\n\r]*)
  | (?P<string>[rdusb]?(?:'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z)))
  | (?P<ident>`(?:[^`\\]|\\.)*(?:`|\Z)|⟨(?:[^⟩\\]|\\.)*(?:⟩|\Z))
  | (?P<word>\$?[A-Za-z0-9_µ]+)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical token: ``text[start:end]``."""

    kind: TokenKind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class StatementRange:
    """A top-level statement's extent.

    ``start`` is its first token, ``end`` is past its ``;`` (or past its last token when no
    ``;`` closes it).
    """

    start: int
    end: int


def tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The tokens of ``text[start:end]`` (whitespace skipped), in order."""
    stop = len(text) if end is None else end
    position = start
    while position < stop:
        match = _TOKEN.match(text, position, stop)
        if match is None:  # pragma: no cover - the last alternative matches any character
            break
        kind = match.lastgroup
        position = match.end()
        if kind == "ws":
            continue
        token_kind: TokenKind = "word" if kind == "ident" else kind  # type: ignore[assignment]
        yield Token(token_kind, match.start(), match.end(), match.group())


def comments(text: str) -> list[Token]:
    """Every comment in ``text``."""
    return [token for token in tokens(text) if token.kind == "comment"]


def statements(text: str) -> list[StatementRange]:
    """The top-level statements of ``text``, split at ``;`` outside brackets."""
    found: list[StatementRange] = []
    depth = 0
    first: int | None = None
    last = 0
    for token in tokens(text):
        if token.kind == "comment":
            continue
        if token.kind == "punct" and token.text == ";" and depth == 0:
            if first is not None:
                found.append(StatementRange(first, token.end))
            first = None
            continue
        if first is None:
            first = token.start
        last = token.end
        if token.kind == "punct":
            if token.text in "([{":
                depth += 1
            elif token.text in ")]}" and depth > 0:
                depth -= 1
    if first is not None:
        found.append(StatementRange(first, last))
    return found


def code_tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of ``text[start:end]`` that are not comments."""
    return [token for token in tokens(text, start, end) if token.kind != "comment"]


def line_start(text: str, offset: int) -> int:
    """The offset of the first character of the line that holds ``offset``."""
    return text.rfind("\n", 0, offset) + 1


def offset_at(text: str, line: int, column: int) -> int:
    """The character offset of a 1-based line and column (clamped to the text)."""
    position = 0
    for _ in range(max(line, 1) - 1):
        newline = text.find("\n", position)
        if newline < 0:
            return len(text)
        position = newline + 1
    return min(position + max(column, 1) - 1, len(text))
