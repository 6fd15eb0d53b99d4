"""``surrealaccess lint``: paths, formats, exit codes, --fail-on, --fix, settings files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from surrealaccess.cli import main

ROOT = Path(__file__).resolve().parent.parent

CLEAN = "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY $k DURATION FOR SESSION 1h;\n"
WARN = "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY $k DURATION FOR SESSION NONE;\n"
ERROR = "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM ES512 KEY $k;\n"
LEGACY = ("DEFINE SCOPE s SESSION 1h SIGNIN "
          "(SELECT * FROM u WHERE crypto::argon2::compare(p, $p));\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "clean.surql").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "schema" / "warn.surql").write_text(WARN, encoding="utf-8")
    return tmp_path


def test_exit_codes_follow_fail_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "schema/clean.surql"]) == 0
    assert "All checks passed" in capsys.readouterr().out
    assert main(["lint", "schema"]) == 1
    assert "schema/warn.surql:1:82: SA301" in capsys.readouterr().out
    assert main(["lint", "--fail-on", "error", "schema"]) == 0
    assert main(["lint", "--fail-on", "warning", "schema"]) == 1
    assert main(["lint", "--fail-on", "never", "schema"]) == 0
    (project / "schema" / "error.surql").write_text(ERROR, encoding="utf-8")
    assert main(["lint", "--fail-on", "error", "schema"]) == 1


def test_usage_and_io_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "missing.surql"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["lint", "nothing/*.surql"]) == 2
    assert main(["lint", "--select", "SA9", "schema"]) == 2
    assert "unknown rule code" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["lint", "--format", "yaml", "schema"])
    assert caught.value.code == 2
    (project / "pyproject.toml").write_text("[tool.surrealaccess.lint]\nbogus = 1\n")
    assert main(["lint", "schema"]) == 2
    assert "unknown lint setting 'bogus'" in capsys.readouterr().err


def test_globs_and_select_ignore(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "schema/*.surql", "--select", "SA1"]) == 0
    assert main(["lint", "schema/**/*.surql", "--ignore", "SA301"]) == 0
    assert main(["lint", "schema", "--ignore", "SA3", "--extend-select", "SA301"]) == 1


def test_stdin(project: Path, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WARN.encode())))
    assert main(["lint", "--format", "json", "--stdin-filename", "x.surql", "-"]) == 1
    [item] = json.loads(capsys.readouterr().out)
    assert item["path"] == "x.surql" and item["code"] == "SA301"


def test_fix_rewrites_files_in_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "schema" / "legacy.surql"
    path.write_text(LEGACY, encoding="utf-8")
    assert main(["lint", "schema/legacy.surql"]) == 1
    assert main(["lint", "--fix", "--fail-on", "error", "schema/legacy.surql"]) == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed.startswith("DEFINE ACCESS s ON DATABASE TYPE RECORD SIGNIN")
    assert main(["lint", "--fix", "--fail-on", "error", "schema/legacy.surql"]) == 0
    assert path.read_text(encoding="utf-8") == fixed


def test_fix_from_stdin_prints_the_text(project: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LEGACY.encode())))
    assert main(["lint", "--fix", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("DEFINE ACCESS s ON DATABASE TYPE RECORD")
    assert "All checks passed" in captured.err


def test_settings_from_pyproject_and_surrealaccess_toml(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.surrealaccess.lint]\nignore = ["SA301"]\n', encoding="utf-8")
    assert main(["lint", "schema"]) == 0
    assert main(["lint", "--isolated", "schema"]) == 1
    (project / "surrealaccess.toml").write_text('[lint]\nfail-on = "error"\n', encoding="utf-8")
    assert main(["lint", "schema"]) == 0  # surrealaccess.toml wins; SA301 is only a warning
    other = project / "strict.toml"
    other.write_text('[lint]\nmax-session-duration = "30m"\n', encoding="utf-8")
    assert main(["lint", "--config", str(other), "schema/clean.surql"]) == 1
    assert "SA303" in capsys.readouterr().out


def test_per_file_ignores(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.surrealaccess.lint.per-file-ignores]\n"schema/warn.surql" = ["SA301"]\n',
        encoding="utf-8")
    assert main(["lint", "schema"]) == 0


def test_output_file_and_sarif(project: Path) -> None:
    assert main(["lint", "--format", "sarif", "-o", "lint.sarif", "schema"]) == 1
    log = json.loads((project / "lint.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"][0]["ruleId"] == "SA301"


def test_not_utf8_is_a_parse_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "bad.surql").write_bytes(b"DEFINE ACCESS \xff ON DB;")
    assert main(["lint", "bad.surql"]) == 1
    assert "bad.surql:1:15: SA001 error: The file is not valid UTF-8" in capsys.readouterr().out


def test_python_dash_m_lint(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "surrealaccess", "lint", "--format",
                             "github", "schema/warn.surql"], capture_output=True, text=True,
                            check=False, env=env)
    assert result.returncode == 1
    assert result.stdout.startswith("::warning file=schema/warn.surql,line=1,col=82")
