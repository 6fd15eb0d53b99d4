"""A non-editable install from a built wheel carries the grammar and works on its own."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_parses(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = dist.glob("surrealaccess-*.whl")
    env = tmp_path / "venv"
    venv.create(env, with_pip=True, system_site_packages=True)
    python = env / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True)
    code = (
        "import surrealaccess, surrealaccess.parser as p;"
        "s = surrealaccess.parse(\"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'k'\");"
        "print(p.grammar_path()); print(len(s.accesses))"
    )
    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True,
                         cwd=tmp_path).stdout.split()
    assert out[1] == "1"
    assert "_grammar" in out[0] and str(env) in out[0]
    cli = subprocess.run([str(env / "bin" / "surrealaccess"), "--version"], check=True,
                         capture_output=True, text=True)
    assert "surrealaccess" in cli.stdout
