"""Lint settings and inline suppressions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from surrealaccess.lint import (
    LintConfig,
    LintConfigError,
    config_from_mapping,
    enabled_codes,
    find_config,
    lint,
    load_config,
)

SHORT = "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret';"
OTHER = SHORT.replace("ACCESS a", "ACCESS b")


def test_selection_precedence() -> None:
    default = enabled_codes(LintConfig())
    assert "SA101" in default and "SA302" not in default
    assert enabled_codes(LintConfig(select=("SA1",))) == {
        "SA101", "SA102", "SA103", "SA104", "SA105", "SA111", "SA112", "SA113", "SA114"}
    assert "SA103" in enabled_codes(LintConfig(ignore=("SA1",), extend_select=("SA103",)))
    assert "SA101" not in enabled_codes(LintConfig(select=("SA101",), ignore=("SA101",)))
    assert "SA302" in enabled_codes(LintConfig(select=("ALL",)))
    with pytest.raises(LintConfigError):
        enabled_codes(LintConfig(ignore=("XX1",)))


def test_mapping_keys_and_errors() -> None:
    config = config_from_mapping({
        "select": ["sa1"], "fail-on": "error", "dialect": "surrealdb",
        "max-session-duration": "1d", "max-token-duration": "10m",
        "max-grant-duration": "7d", "min-secret-entropy-bits": 64,
        "per-file-ignores": {"legacy/*.surql": ["SA601"]},
    })
    assert config.select == ("SA1",) and config.fail_on == "error"
    assert config.max_token == 10 * 60 * 10**9 and config.min_secret_entropy == 64
    assert "SA601" not in enabled_codes(config, "legacy/old.surql")
    # select = ["sa1"] keeps SA601 off everywhere; with every rule on, only the pattern does.
    everything = replace(config, select=("ALL",))
    assert "SA601" not in enabled_codes(everything, "legacy/old.surql")
    assert "SA601" in enabled_codes(everything, "other/old.surql")
    for bad in ({"select": "SA1"}, {"fail-on": "fatal"}, {"dialect": "x"},
                {"max-token-duration": "1 hour"}, {"min-secret-entropy-bits": -1},
                {"per-file-ignores": []}, {"colour": True}):
        with pytest.raises(LintConfigError):
            config_from_mapping(bad)


def test_find_and_load(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) is None or not str(find_config(nested)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(nested) is None or not str(find_config(nested)).startswith(str(tmp_path))
    (tmp_path / "pyproject.toml").write_text("[tool.surrealaccess.lint]\nignore = ['SA105']\n")
    assert find_config(nested) == tmp_path / "pyproject.toml"
    assert load_config(tmp_path / "pyproject.toml").ignore == ("SA105",)
    (tmp_path / "a" / "surrealaccess.toml").write_text("[lint]\nselect = ['SA2']\n")
    assert find_config(nested) == tmp_path / "a" / "surrealaccess.toml"
    (tmp_path / "broken.toml").write_text("[lint\n")
    with pytest.raises(LintConfigError):
        load_config(tmp_path / "broken.toml")
    with pytest.raises(LintConfigError):
        load_config(tmp_path / "missing.toml")


def test_lint_accepts_a_mapping() -> None:
    assert [d.code for d in lint(SHORT, config={"select": ["SA101"]})] == ["SA101"]


# ---- suppressions ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "-- surrealaccess: ignore[SA101, SA105] short on purpose (test fixture)\n" + SHORT,
    SHORT[:-1] + " -- surrealaccess: ignore[SA101,SA105]\n;",
    SHORT + " // surrealaccess: ignore[SA101, SA105]",
    "DEFINE ACCESS a ON DATABASE /* surrealaccess: ignore[sa101 , sa105] */ TYPE JWT "
    "ALGORITHM HS256 KEY 'secret';",
    "# surrealaccess: ignore-file[SA101, SA105] fixtures\nUSE NS a;\n" + SHORT,
])
def test_suppressions_attach_to_their_statement(text: str) -> None:
    assert lint(text) == []


def test_suppression_covers_only_its_statement() -> None:
    text = ("-- surrealaccess: ignore[SA101, SA105]\n" + SHORT + "\n" + OTHER + "\n")
    found = [(d.code, d.span.line) for d in lint(text)]
    assert found == [("SA101", 3), ("SA105", 3)]


def test_comment_after_a_statement_on_its_own_line_belongs_to_the_next() -> None:
    text = (SHORT + "\n-- surrealaccess: ignore[SA101, SA105]\n" + OTHER + "\n")
    assert [(d.code, d.span.line) for d in lint(text)] == [("SA101", 1), ("SA105", 1)]


def test_unused_and_unknown_suppressions() -> None:
    text = "-- surrealaccess: ignore[SA101, SA999, SA105]\nDEFINE ACCESS a ON DB TYPE JWT " \
           "ALGORITHM HS256 KEY 'secret-secret-secret-secret-xyz!';"
    [unused] = [d for d in lint(text) if d.code == "SA003"]
    assert "unknown rule code SA999" in unused.message and "SA101" in unused.message
    assert unused.span.line == 1 and unused.fix is not None
    # Only rules that ran can be judged unused.
    assert [d.code for d in lint(text, config={"select": ["SA003", "SA105"]})] == ["SA003"]
    assert "SA101" not in lint(text, config={"select": ["SA003", "SA105"]})[0].message
    assert [d.code for d in lint("-- surrealaccess: ignore[]\nUSE NS a;")] == ["SA003"]


def test_suppressing_a_parse_error() -> None:
    text = "-- surrealaccess: ignore[SA001] work in progress\nDEFINE ACCESS a ON;"
    assert lint(text) == []
