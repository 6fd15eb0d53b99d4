"""Shared fixtures: the optional SurrealDB oracle."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
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


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every attempt to resolve or connect; any attempt fails the test.

    The refusal is an ``OSError``, which the code under test may well catch and turn into a
    clean rejection, so the attempts are also recorded and checked when the test ends.
    """
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield
    assert attempts == [], f"the code under test tried to open a network connection: {attempts}"
