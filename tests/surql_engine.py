"""Evaluate SurrealQL expressions with the real engine, in a child process.

Each expression ``e`` is run as ``RETURN <string> [e]`` in one embedded ``mem://`` database
(namespace and database ``test``) after a prelude (``DEFINE FUNCTION`` / ``DEFINE PARAM``) ran
once. Casting the one-element array to a string makes the engine print the value in SurrealQL
text, with its type (``['a']``, ``[1f]``, ``[1dec]``, ``[NONE]``): the differential tests
compare that text with `surrealaccess.surql.render` of our value, so they check evaluation
and printing at once, and no SDK conversion (which loses NONE vs NULL, int vs float in JSON…)
stands in between.

The engine can abort the process on odd input, so it never runs in the test process: a child
(this file with ``--child``) reads the work as JSON on stdin and writes one tagged JSON line per
expression; if it dies, the expression is reported as ``engine crashed`` and a new child
carries on with the rest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

_TAG = "@@surql@@ "
CRASHED = "engine crashed"


def wrap(expression: str) -> str:
    """The statement both sides evaluate for one expression."""
    return f"RETURN <string> [{expression}]"


def run(expressions: Sequence[str], prelude: str = "") -> list[tuple[bool, str]]:
    """Return ``(ok, text)`` per expression: the printed value, or the error's first line."""
    results: list[tuple[bool, str]] = []
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONIOENCODING="utf-8")
    while len(results) < len(expressions):
        rest = list(expressions[len(results):])
        done = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child"],
            input=json.dumps({"prelude": prelude, "expressions": rest}),
            capture_output=True, text=True, encoding="utf-8", env=env, timeout=600,
            check=False,
        )
        got = [json.loads(line[len(_TAG):]) for line in done.stdout.splitlines()
               if line.startswith(_TAG)]
        if got and "fatal" in got[0]:
            raise RuntimeError(f"engine child failed:\n{got[0]['fatal']}")
        if not got and not results and "Traceback" in done.stderr:
            raise RuntimeError(f"engine child failed:\n{done.stderr}")
        results.extend((bool(g["ok"]), str(g["text"])) for g in got)
        if len(results) < len(expressions):
            results.append((False, CRASHED))
    return results


def _child(payload: dict[str, Any]) -> None:
    from surrealdb import ErrorFrame, Surreal, SurrealError

    def emit(record: dict[str, Any]) -> None:
        sys.stdout.write(_TAG + json.dumps(record) + "\n")
        sys.stdout.flush()

    db = Surreal("mem://")
    db.use("test", "test")
    if payload["prelude"]:
        try:
            for frame in db.query(payload["prelude"]).stream():
                if isinstance(frame, ErrorFrame):
                    emit({"fatal": f"prelude failed: {frame.error}"})
                    return
        except SurrealError as error:
            emit({"fatal": f"prelude failed: {error}"})
            return
    for expression in payload["expressions"]:
        ok, text = False, "no result"
        try:
            for frame in db.query(wrap(expression)).stream():
                if isinstance(frame, ErrorFrame):
                    ok, text = False, str(frame.error)
                elif hasattr(frame, "value"):
                    value = frame.value
                    ok, text = True, value if isinstance(value, str) else repr(value)
        except SurrealError as error:
            ok, text = False, str(error)
        emit({"ok": ok, "text": text.split("\n", 1)[0]})


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _child(json.loads(sys.stdin.read()))
