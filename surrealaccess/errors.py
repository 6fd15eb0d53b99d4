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


class CompileError(SchemaError):
    """A schema parsed but cannot be turned into working authentication.

    ``problems`` lists every reason found (not just the first), each with its position, so a
    schema with three bad keys reports all three at once. ``str(error)`` shows them one per
    line as ``path:line:col: message``.
    """

    def __init__(self, problems: Sequence[CompileProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __reduce__(self) -> tuple[object, ...]:
        return (CompileError, (self.problems,))


class CompileProblem:
    """One reason a definition cannot be compiled, with where it is written."""

    __slots__ = ("column", "line", "message", "path")

    def __init__(self, message: str, *, line: int, column: int, path: str | None) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.path = path

    def __str__(self) -> str:
        return f"{self.path or '<string>'}:{self.line}:{self.column}: {self.message}"

    def __repr__(self) -> str:
        return f"CompileProblem({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompileProblem):
            return NotImplemented
        return (self.message, self.line, self.column, self.path) == (
            other.message, other.line, other.column, other.path
        )

    def __hash__(self) -> int:
        return hash((self.message, self.line, self.column, self.path))

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_problem, (self.message, self.line, self.column, self.path))


def _rebuild_problem(message: str, line: int, column: int, path: str | None) -> CompileProblem:
    return CompileProblem(message, line=line, column=column, path=path)


class AuthenticationError(SurrealAccessError):
    """A token (or later a sign-in) was refused.

    Attributes:
        kind: the category, stable for programs: ``invalid_auth``, ``token_expired``,
            ``malformed_token``, ``not_found``, ``access_mismatch``, ``invalid_role``,
            ``thrown``, ``unsupported``, ``invalid_key``, ``invalid_duration``.
        public_message: what SurrealDB would tell the client (in the ``strict`` policy,
            never more than the generic message for anything decided before the signature).
        detail: the operator-facing reason; may name access methods, claims and keys, so
            log it, do not send it to the client.
        reason: a finer machine-readable cause for operators and tests, e.g.
            ``signature_invalid``, ``alg_not_allowed``, ``header_invalid``, ``claims_invalid``.

    """

    def __init__(self, kind: str, public_message: str, detail: str, *, reason: str = "") -> None:
        self.kind = kind
        self.public_message = public_message
        self.detail = detail
        self.reason = reason or kind
        super().__init__(f"{public_message} ({kind}: {detail})")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_auth_error, (self.kind, self.public_message, self.detail, self.reason))


def _rebuild_auth_error(kind: str, public: str, detail: str, reason: str) -> AuthenticationError:
    return AuthenticationError(kind, public, detail, reason=reason)
