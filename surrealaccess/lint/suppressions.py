"""Inline suppressions: ``-- surrealaccess: ignore[CODE, …] reason``.

``-- surrealaccess: ignore-file[CODE, …] reason`` silences the codes in the whole file.

A suppression comment belongs to one statement: the one it is written inside, else the one
whose last line it ends (``…; -- surrealaccess: ignore[SA105]``), else the next statement
below it. It silences the listed codes for that statement only. Text after the closing
bracket is the justification and is ignored by the linter (write one: reviewers read it).
Any comment style works (``--``, ``//``, ``#``, ``/* */``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import scan
from .diagnostics import Diagnostic, Edit, Fix

_DIRECTIVE = re.compile(
    r"(?:--|//|\#|/\*)\s*surrealaccess:\s*ignore(?P<file>-file)?\[(?P<codes>[^\]]*)\]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment: its codes, where the comment is, which statement it covers."""

    codes: tuple[str, ...]
    comment: scan.Token
    #: offsets of the codes' text between the brackets
    codes_start: int
    codes_end: int
    statement: int | None  # index into the statement list; None when the file has none
    whole_file: bool = False

    @property
    def scope(self) -> int | str | None:
        """What the suppression covers: ``"file"`` or a statement index."""
        return "file" if self.whole_file else self.statement


def find(text: str) -> tuple[list[Suppression], list[scan.StatementRange]]:
    """The suppression comments of ``text`` and its statements."""
    statements = scan.statements(text)
    starts = [s.start for s in statements]
    found = []
    for comment in scan.comments(text):
        match = _DIRECTIVE.match(comment.text)
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in match.group("codes").split(",") if c.strip())
        found.append(
            Suppression(
                codes=codes,
                comment=comment,
                codes_start=comment.start + match.start("codes"),
                codes_end=comment.start + match.end("codes"),
                statement=_owner(text, statements, starts, comment),
                whole_file=match.group("file") is not None,
            )
        )
    return found, statements


def _owner(
    text: str,
    statements: list[scan.StatementRange],
    starts: list[int],
    comment: scan.Token,
) -> int | None:
    if not statements:
        return None
    before = bisect.bisect_right(starts, comment.start) - 1  # last statement starting before
    if before >= 0:
        previous = statements[before]
        if comment.start < previous.end:
            return before  # inside the statement
        if "\n" not in text[previous.end:comment.start]:
            return before  # trailing comment on the statement's last line
    if before + 1 < len(statements):
        return before + 1
    return before


def statement_of(statements: list[scan.StatementRange], offset: int) -> int | None:
    """The index of the statement that holds ``offset`` (or the last one before it)."""
    if not statements:
        return None
    index = bisect.bisect_right([s.start for s in statements], offset) - 1
    return max(index, 0)


#: Builds the diagnostic of an unused suppression: ``report(start, end, message, fix)``.
Reporter = Callable[[int, int, str, Fix], Diagnostic]


def apply(
    text: str,
    diagnostics: list[Diagnostic],
    *,
    enabled: frozenset[str],
    known: frozenset[str],
    report_unused: Reporter | None,
) -> list[Diagnostic]:
    """Drop suppressed diagnostics; add one for every suppression that silenced nothing.

    ``report_unused`` is None when unused suppressions are not reported. A code counts as
    unused only when it is enabled for this file (otherwise this run cannot tell); a code
    that names no rule is always reported.
    """
    suppressions, statements = find(text)
    if not suppressions:
        return diagnostics
    covered: dict[int | str | None, set[str]] = {}
    for suppression in suppressions:
        covered.setdefault(suppression.scope, set()).update(suppression.codes)
    used: set[tuple[int | str | None, str]] = set()
    kept = []
    for diagnostic in diagnostics:
        owner = statement_of(statements, diagnostic.span.start)
        if diagnostic.code in covered.get(owner, ()):
            used.add((owner, diagnostic.code))
        elif diagnostic.code in covered.get("file", ()):
            used.add(("file", diagnostic.code))
        else:
            kept.append(diagnostic)
    if report_unused is None:
        return kept
    for suppression in suppressions:
        unknown = [c for c in suppression.codes if c not in known]
        unused = [
            c for c in suppression.codes
            if c in known and c in enabled and (suppression.scope, c) not in used
        ]
        if not suppression.codes:
            unknown = ["(none)"]
        if not unknown and not unused:
            continue
        reasons = []
        if unknown:
            reasons.append(f"unknown rule code {', '.join(unknown)}")
        if unused:
            reasons.append(f"nothing to suppress for {', '.join(unused)}")
        fix = _removal(text, suppression, set(unknown) | set(unused))
        message = f"Unused suppression ({'; '.join(reasons)})"
        kept.append(report_unused(suppression.comment.start, suppression.comment.end, message,
                                  fix))
    return kept


def _removal(text: str, suppression: Suppression, drop: set[str]) -> Fix:
    remaining = [c for c in suppression.codes if c not in drop]
    if remaining:
        return Fix(
            f"Remove {', '.join(sorted(drop))} from the suppression",
            (Edit(suppression.codes_start, suppression.codes_end, ", ".join(remaining)),),
        )
    comment = suppression.comment
    start, end = comment.start, comment.end
    line_begin = scan.line_start(text, start)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_begin:start].strip() and not text[end:line_end].strip():
        # The comment is alone on its line: remove the line.
        start, end = line_begin, min(line_end + 1, len(text))
    else:
        while start > line_begin and text[start - 1] in " \t":
            start -= 1
    return Fix("Remove the unused suppression", (Edit(start, end, ""),))
