"""The exception tree: everything surrealaccess raises derives from `SurrealAccessError`."""

from __future__ import annotations

from collections.abc import Sequence

from .source import snippet


class SurrealAccessError(Exception):
    """Base class of every error surrealaccess raises."""


class SchemaError(SurrealAccessError):
    """A schema could not be read or is not valid SurrealQL."""


class ParseError(SchemaError):
    """The text is not valid SurrealQL for the chosen dialect.

    ``line`` and ``column`` are 1-based; ``expected`` lists what the parser would have accepted
    at that point, in SurrealQL spelling (keywords upper-case, punctuation quoted).
    ``str(error)`` reads ``path:line:col: message`` followed by the source line and a caret.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        path: str | None = None,
        source: str | None = None,
        expected: Sequence[str] = (),
        width: int = 1,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.path = path
        self.source = source
        self.expected = tuple(expected)
        self.width = width
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.path or '<string>'}:{self.line}:{self.column}"
        text = f"{where}: {self.message}"
        if self.source is not None:
            caret = snippet(self.source, self.line, self.column, self.width)
            if caret:
                text = f"{text}\n{caret}"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only constructor arguments do not survive the default pickling.
        return (_rebuild_parse_error, (self.message, self.__dict__.copy()))


def _rebuild_parse_error(message: str, state: dict[str, object]) -> ParseError:
    error = ParseError.__new__(ParseError)
    error.__dict__.update(state)
    Exception.__init__(error, error._render())
    return error
