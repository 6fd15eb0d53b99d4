"""The command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from surrealaccess import __version__
from surrealaccess.cli import main

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"surrealaccess {__version__}"


def test_check_clean_files_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CORPUS / "jwt_hs256.surql"), str(CORPUS / "bearer.surql")]) == 0
    assert "2 files checked: no problems" in capsys.readouterr().out


def test_check_reports_problems_with_positions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CORPUS / "invalid")]) == 1
    out = capsys.readouterr().out
    assert "record_on_namespace.surql:12:43: Unexpected token `RECORD`" in out
    assert "es512.surql:23:24: The ES512 algorithm is not currently supported" in out


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/file.surql"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_fmt_prints_canonical_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.surql"
    path.write_text("define access a on db type jwt algorithm hs256 key 's'", encoding="utf-8")
    assert main(["fmt", "--redact", str(path)]) == 0
    assert capsys.readouterr().out == (
        "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY '[REDACTED]' WITH ISSUER KEY "
        "'[REDACTED]' DURATION FOR TOKEN 1h, FOR SESSION NONE;\n"
    )
    assert main(["fmt", "--check", str(path)]) == 1
    assert str(path) in capsys.readouterr().out
    main(["fmt", str(path)])
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 0


def test_python_dash_m() -> None:
    result = subprocess.run([sys.executable, "-m", "surrealaccess", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and __version__ in result.stdout
