"""Source positions and the caret snippets that error messages show."""

from __future__ import annotations

import bisect
from typing import Any


class LineIndex:
    """Where each line of one source text starts, to turn character offsets into positions.

    Spans made by the parser keep only their two offsets and share the source's index, which
    works out line and column on demand: a parse makes one span per node, and six boxed
    integers apiece would be most of a syntax tree's memory.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of ``offset``, counting only line feeds as line breaks."""
        starts = self._starts
        if starts is None:
            starts = self._index()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _index(self) -> list[int]:
        text = self._text or ""
        starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts = starts
        self._text = None  # the offsets are all it needs from now on
        return starts

    def __deepcopy__(self, memo: dict[int, Any]) -> LineIndex:
        return self  # immutable once built; parser states are deep-copied on error paths


class Span:
    """A region of source text.

    ``line`` and ``column`` are 1-based and point at the first character; ``end_line`` and
    ``end_column`` point one past the last character, as Lark reports them. ``start`` and
    ``end`` are character offsets into the source (``text[start:end]`` is the region).

    Spans are immutable and compare by position. ``Span(line, column, end_line, end_column,
    start, end)`` spells a span out; `Span.at` makes one that works out its lines and columns
    from the source's `LineIndex` when asked (the parser makes those). Both offsets share one
    integer (a syntax tree holds one span per node, so every byte counts).
    """

    __slots__ = ("_lines", "_offsets")

    _offsets: int
    _lines: LineIndex | tuple[int, int, int, int]

    def __init__(
        self, line: int, column: int, end_line: int, end_column: int, start: int, end: int
    ) -> None:
        _set_offsets(self, _pack(start, end))
        _set_lines(self, (line, column, end_line, end_column))

    @classmethod
    def at(cls, start: int, end: int, lines: LineIndex) -> Span:
        """The span of ``[start, end)`` in the text ``lines`` indexes."""
        _pack(start, end)  # the range check `parsed_span` leaves out
        return parsed_span(start, end, lines)

    @property
    def start(self) -> int:
        """Offset of the first character."""
        return self._offsets >> _OFFSET_BITS

    @property
    def end(self) -> int:
        """Offset one past the last character."""
        return self._offsets & _OFFSET_MASK

    def _start_position(self) -> tuple[int, int]:
        lines = self._lines
        if type(lines) is tuple:
            return lines[0], lines[1]
        return lines.position(self.start)  # type: ignore[union-attr]

    def _end_position(self) -> tuple[int, int]:
        lines = self._lines
        if type(lines) is tuple:
            return lines[2], lines[3]
        return lines.position(self.end)  # type: ignore[union-attr]

    @property
    def line(self) -> int:
        """1-based line of the first character."""
        return self._start_position()[0]

    @property
    def column(self) -> int:
        """1-based column of the first character."""
        return self._start_position()[1]

    @property
    def end_line(self) -> int:
        """1-based line one past the last character."""
        return self._end_position()[0]

    @property
    def end_column(self) -> int:
        """1-based column one past the last character."""
        return self._end_position()[1]

    def to(self, other: Span) -> Span:
        """Return the span that runs from the start of ``self`` to the end of ``other``."""
        if type(self._lines) is not tuple and self._lines is other._lines:
            return Span.at(self.start, other.end, self._lines)  # type: ignore[arg-type]
        line, column = self._start_position()
        end_line, end_column = other._end_position()
        return Span(line, column, end_line, end_column, self.start, other.end)

    def _key(self) -> tuple[int, int, int, int, int, int]:
        return (*self._start_position(), *self._end_position(), self.start, self.end)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Span is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Span is immutable: cannot delete {name!r}")

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int, int, int, int]]:
        # Spelled out, so a pickled error or plan does not carry the whole source's index.
        return (Span, self._key())

    def __copy__(self) -> Span:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Span:
        return self

    def __repr__(self) -> str:
        line, column, end_line, end_column, start, end = self._key()
        return (f"Span(line={line}, column={column}, end_line={end_line}, "
                f"end_column={end_column}, start={start}, end={end})")


_OFFSET_BITS = 32
_OFFSET_MASK = (1 << _OFFSET_BITS) - 1


def _pack(start: int, end: int) -> int:
    if not (0 <= start <= _OFFSET_MASK and 0 <= end <= _OFFSET_MASK):
        raise ValueError(f"a span's offsets must lie in [0, 2**32): {start}, {end}")
    return start << _OFFSET_BITS | end


#: The longest text whose offsets a span can hold.
MAX_TEXT = _OFFSET_MASK


def parsed_span(start: int, end: int, lines: LineIndex) -> Span:
    """`Span.at` without the range check, for the parser (its texts are at most `MAX_TEXT`)."""
    span = _new_span(Span)
    _set_offsets(span, start << _OFFSET_BITS | end)
    _set_lines(span, lines)
    return span


# The slots' own setters: they bypass the __setattr__ that keeps spans immutable.
_set_offsets = Span.__dict__["_offsets"].__set__
_set_lines = Span.__dict__["_lines"].__set__
_new_span = object.__new__

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
