"""Render diagnostics: human text, JSON, SARIF 2.1.0, GitHub workflow annotations."""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Final, TextIO

from ..source import snippet
from .diagnostics import Diagnostic
from .registry import all_rules

FORMATS: Final = ("text", "json", "sarif", "github")
SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVELS: Final = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVELS: Final = {"error": "error", "warning": "warning", "info": "notice"}
_COLOURS: Final = {"error": "31", "warning": "33", "info": "36"}


@dataclass(frozen=True, slots=True)
class FileReport:
    """The diagnostics of one file, with the text they point into (for snippets)."""

    path: str
    text: str
    diagnostics: tuple[Diagnostic, ...]


def use_colour(stream: TextIO, choice: str = "auto") -> bool:
    """Whether to colour text output.

    ``always`` and ``never`` decide; ``auto`` colours a terminal unless ``NO_COLOR`` is set
    (https://no-color.org).
    """
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render(reports: Sequence[FileReport], fmt: str, *, colour: bool = False,
           version: str = "") -> str:
    """Render ``reports`` in format ``fmt`` (one of `FORMATS`)."""
    if fmt == "text":
        return render_text(reports, colour=colour)
    if fmt == "json":
        return render_json(reports)
    if fmt == "sarif":
        return json.dumps(sarif(reports, version=version), indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return render_github(reports)
    raise ValueError(f"unknown format {fmt!r}")


# ---- text ------------------------------------------------------------------------------------


def render_text(reports: Sequence[FileReport], *, colour: bool = False) -> str:
    """``path:line:col: CODE [severity] message (rule)``, a caret snippet, and a summary."""

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    lines: list[str] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    fixable = 0
    for report in reports:
        for d in report.diagnostics:
            counts[d.severity] += 1
            fixable += d.fix is not None
            where = paint(f"{report.path}:{d.span.line}:{d.span.column}:", "1")
            code = paint(d.code, "1;" + _COLOURS[d.severity])
            marker = " [*]" if d.fix is not None else ""
            lines.append(f"{where} {code}{marker} {d.severity}: {d.message} ({d.rule})")
            width = (d.span.end_column - d.span.column) if d.span.end_line == d.span.line else 999
            caret = snippet(report.text, d.span.line, d.span.column, max(width, 1))
            if caret:
                source, marks = caret.split("\n", 1)
                lines.append("  " + source)
                lines.append("  " + paint(marks, _COLOURS[d.severity]))
    total = sum(counts.values())
    files = len(reports)
    noun = "file" if files == 1 else "files"
    if total == 0:
        lines.append(f"All checks passed ({files} {noun} linted).")
    else:
        parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n]
        summary = f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in "
        summary += f"{files} {noun}."
        if fixable:
            summary += f" {fixable} fixable with --fix (marked [*])."
        lines.append(summary)
    return "\n".join(lines) + "\n"


# ---- JSON ------------------------------------------------------------------------------------


def render_json(reports: Sequence[FileReport]) -> str:
    """A JSON array with one object per diagnostic (see `Diagnostic.to_dict`)."""
    items = []
    for report in reports:
        for d in report.diagnostics:
            item = d.to_dict()
            item["path"] = report.path
            items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


# ---- SARIF -----------------------------------------------------------------------------------


def _uri(path: str) -> str:
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = Path(path).resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return Path(path).resolve().as_uri()
    return urllib.parse.quote(pure.as_posix())


def sarif(reports: Sequence[FileReport], *, version: str = "") -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every rule is listed with its documentation."""
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for report in reports:
        for d in report.diagnostics:
            region = {
                "startLine": max(d.span.line, 1),
                "startColumn": max(d.span.column, 1),
                "endLine": max(d.span.end_line, d.span.line, 1),
                "endColumn": max(d.span.end_column, 1),
            }
            if region["endLine"] == region["startLine"]:
                region["endColumn"] = max(region["endColumn"], region["startColumn"])
            results.append({
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _SARIF_LEVELS[d.severity],
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(report.path)},
                        "region": region,
                    },
                }],
            })
    driver: dict[str, Any] = {
        "name": "surrealaccess",
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.documentation().split("\n", 1)[0]},
                "help": {"text": rule.documentation(), "markdown": rule.documentation()},
                "defaultConfiguration": {
                    "level": _SARIF_LEVELS[rule.severity],
                    "enabled": rule.default,
                },
            }
            for rule in rules
        ],
    }
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


# ---- GitHub ----------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence[FileReport]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    lines = []
    for report in reports:
        for d in report.diagnostics:
            properties = ",".join([
                f"file={_escape_property(report.path)}",
                f"line={d.span.line}",
                f"col={d.span.column}",
                f"endLine={d.span.end_line}",
                f"endColumn={d.span.end_column}",
                f"title={_escape_property(f'{d.code} {d.rule}')}",
            ])
            lines.append(f"::{_GITHUB_LEVELS[d.severity]} {properties}::"
                         f"{_escape_data(d.message)}")
    return "".join(line + "\n" for line in lines)
