"""Source positions and the caret snippets that error messages show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A region of source text.

    ``line`` and ``column`` are 1-based and point at the first character; ``end_line`` and
    ``end_column`` point one past the last character, as Lark reports them. ``start`` and
    ``end`` are character offsets into the source (``text[start:end]`` is the region).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int

    def to(self, other: Span) -> Span:
        """Return the span that runs from the start of ``self`` to the end of ``other``."""
        return Span(self.line, self.column, other.end_line, other.end_column, self.start, other.end)


#: The span of a node that was built in code rather than parsed.
NO_SPAN = Span(0, 0, 0, 0, 0, 0)


def position_at(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based (line, column) of a character offset in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    return line, offset - line_start + 1


def span_at(text: str, start: int, end: int) -> Span:
    """Build a span for ``text[start:end]``."""
    line, column = position_at(text, start)
    end_line, end_column = position_at(text, end)
    return Span(line, column, end_line, end_column, start, end)


def snippet(text: str, line: int, column: int, width: int = 1) -> str:
    """Return the source line at ``line`` with a caret line under ``column``.

    Tabs are kept in the caret line's indentation so the caret lines up in a terminal.
    """
    lines = text.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return ""
    source_line = lines[line - 1]
    prefix = "".join("\t" if ch == "\t" else " " for ch in source_line[: max(column - 1, 0)])
    width = max(1, min(width, len(source_line) - column + 1)) if source_line else 1
    gutter = f"{line} | "
    return f"{gutter}{source_line}\n{' ' * len(gutter)}{prefix}{'^' * width}"
