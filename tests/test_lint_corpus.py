"""The corpus under lint: valid files are clean (or carry a justified suppression), invalid
files produce exactly the findings their ``-- expect-lint: CODE L:C`` lines declare.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from surrealaccess.lint import LintConfig, lint

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VALID = sorted(CORPUS.glob("*.surql"))
INVALID = sorted((CORPUS / "invalid").glob("*.surql"))
#: Identity-provider schemas: extended dialect only (SurrealDB itself refuses the extensions).
IDP = sorted((CORPUS / "idp").glob("*.surql"))
#: Codes that stand for "SurrealDB refuses this file".
REFUSALS = {"SA001", "SA002", "SA114", "SA306", "SA403", "SA601"}
_SUPPRESSION = re.compile(r"surrealaccess: ignore(?:-file)?\[([^\]]*)\](.*)")


@pytest.mark.parametrize("dialect", ["extended", "surrealdb"])
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_file_is_lint_clean(path: Path, dialect: str) -> None:
    text = path.read_text(encoding="utf-8")
    found = lint(text, path=str(path), config=LintConfig(dialect=dialect))  # type: ignore[arg-type]
    assert found == [], "\n".join(str(d) for d in found)


@pytest.mark.parametrize("path", IDP, ids=lambda p: f"idp/{p.name}")
def test_identity_provider_file_is_lint_clean(path: Path) -> None:
    found = lint(path.read_text(encoding="utf-8"), path=str(path))
    assert found == [], "\n".join(str(d) for d in found)


@pytest.mark.parametrize("path", VALID + IDP, ids=lambda p: p.name)
def test_suppressions_are_justified(path: Path) -> None:
    for codes, reason in _SUPPRESSION.findall(path.read_text(encoding="utf-8")):
        assert len(reason.strip()) >= 20, f"{path.name}: ignore[{codes}] needs a reason"


def _declared(path: Path) -> list[tuple[str, int, int]]:
    found = []
    for code, line, column in re.findall(r"^-- expect-lint: (SA\d{3}) (\d+):(\d+)$",
                                         path.read_text(encoding="utf-8"), re.MULTILINE):
        found.append((code, int(line), int(column)))
    return found


def _header_error(path: Path) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    ours = re.search(r"\[surrealaccess-error: (\d+):(\d+)\]", text)
    match = ours or re.search(r"^-- expect-error: (\d+):(\d+)", text, re.MULTILINE)
    assert match is not None
    return int(match.group(1)), int(match.group(2))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_file_produces_exactly_the_declared_findings(path: Path) -> None:
    declared = _declared(path)
    assert declared, f"{path.name} declares no expect-lint lines"
    found = [(d.code, d.span.line, d.span.column)
             for d in lint(path.read_text(encoding="utf-8"), path=str(path))]
    assert found == declared
    # The mistake the file is about is among them, as a refusal, where the header says.
    line, column = _header_error(path)
    assert any(code in REFUSALS and (at, col) == (line, column) for code, at, col in found)
