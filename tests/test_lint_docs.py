"""The rule pages and the packaging hooks stay in step with the rules."""

from __future__ import annotations

from pathlib import Path

from surrealaccess.lint import all_rules
from surrealaccess.lint.docs import main, pages

ROOT = Path(__file__).resolve().parent.parent


def test_rule_pages_are_up_to_date() -> None:
    folder = ROOT / "docs" / "rules"
    for name, content in pages().items():
        path = folder / name
        assert path.is_file(), f"run: python -m surrealaccess.lint.docs docs/rules ({name})"
        assert path.read_text(encoding="utf-8") == content, (
            f"{name} is stale; run: python -m surrealaccess.lint.docs docs/rules")


def test_every_page_has_what_why_bad_good() -> None:
    for rule in all_rules():
        doc = rule.documentation()
        for part in ("**What it does**", "**Why**", "**Bad**", "**Good**"):
            assert part in doc, f"{rule.code} lacks {part}"
        assert rule.code[:2] == "SA" and len(rule.code) == 5
        assert rule.summary and rule.name == rule.name.lower()


def test_docs_main_writes_pages(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    assert (tmp_path / "SA101.md").is_file() and (tmp_path / "README.md").is_file()
    assert main([]) == 2


def test_lint_guide_and_hooks() -> None:
    guide = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    assert "github/codeql-action/upload-sarif" in guide and "--format sarif" in guide
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: surrealaccess-lint" in hooks and "entry: surrealaccess lint" in hooks
