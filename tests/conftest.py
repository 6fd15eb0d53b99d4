"""Shared fixtures: the optional SurrealDB oracle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import oracle

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def engine() -> object:
    """The oracle module, when the embedded SurrealDB 3.x engine is installed.

    CI sets SURREALACCESS_REQUIRE_ORACLE=1 so a missing engine fails instead of skipping.
    """
    if not oracle.available():
        if os.environ.get("SURREALACCESS_REQUIRE_ORACLE") == "1":
            pytest.fail("the SurrealDB oracle (surrealdb[embedded]==3.0.0b10) is not installed")
        pytest.skip("the SurrealDB oracle is not installed")
    return oracle
