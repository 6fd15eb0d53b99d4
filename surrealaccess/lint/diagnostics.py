"""What the linter reports: `Diagnostic` objects, with optional safe `Fix` edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, TypeAlias

from ..source import Span

Severity: TypeAlias = Literal["error", "warning", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("info", "warning", "error")
#: Higher is more severe; ``--fail-on`` compares against this.
SEVERITY_RANK: Final[dict[str, int]] = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets into the source) with ``content``."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe rewrite: applying every edit keeps the meaning and the comments of the source."""

    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule.

    ``span`` uses the parser's conventions: 1-based line and column of the first character,
    ``end_line``/``end_column`` one past the last character, and character offsets
    ``start``/``end``. Columns count characters (code points), not bytes.
    """

    code: str
    severity: Severity
    message: str
    span: Span
    rule: str
    fix: Fix | None = None
    path: str | None = None

    def __str__(self) -> str:
        where = f"{self.path or '<string>'}:{self.span.line}:{self.span.column}"
        return f"{where}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The JSON form (``--format json``): positions, code, severity, message and fix."""
        fix: dict[str, object] | None = None
        if self.fix is not None:
            fix = {
                "message": self.fix.message,
                "edits": [
                    {"start": e.start, "end": e.end, "content": e.content} for e in self.fix.edits
                ],
            }
        return {
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fix": fix,
        }
