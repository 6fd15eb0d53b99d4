"""Differential oracle for the whole language: verdicts and INFO texts from SurrealDB 3.x.

Like ``oracle.py`` (which is specialised for DEFINE ACCESS), the engine (surrealdb-core 3.2.4
in the ``surrealdb`` SDK 3.0.0b10, ``Surreal("mem://")``) runs only in a child process
(``python language_oracle.py --child``): some inputs make it panic and abort the process. The
parent sends every case at once as JSON and reads one JSON line per case back, so a whole test
run costs one process start (plus one per crash).

Each case runs in a fresh ``mem://`` datastore, namespace and database ``test``, after its
``prelude`` (SurrealQL the case needs, such as a table a view reads). The case text and the
prelude are sent as one query. The result says whether the engine parsed the text and, if it
ran, which definitions it added or changed, as ``INFO FOR ROOT/NS/DB/TABLE`` prints them
(``DEFINE CONFIG`` entries, which INFO prints without the ``DEFINE CONFIG`` head, get it back).

With ``probe=True`` the case is instead wrapped in ``DEFINE FUNCTION fn::probe() { … }`` and
the engine's canonical text of the function body is returned: that is how SurrealDB prints any
statement or expression.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine_child import CRASHED as CRASHED  # re-exported: the tests compare messages with it
from engine_child import TIMED_OUT as TIMED_OUT
from engine_child import ChildRun

_TAG = "@@surrealaccess-language-oracle@@ "
PROBE_HEAD = "DEFINE FUNCTION fn::probe() { "
PROBE_TAIL = " }"


@dataclass(frozen=True)
class Case:
    """One text to run: ``prelude`` runs first in the same query."""

    text: str
    prelude: str = ""
    probe: bool = False


@dataclass(frozen=True)
class Result:
    """The engine's verdict on one case.

    ``parsed``: no parse error (execution errors still count as parsed). ``definitions``: the
    definition texts the case added or changed. ``probe``: the canonical body text of the probe
    function (``probe=True`` cases). ``message``: the first line of the parse or execution
    error, if any.
    """

    parsed: bool
    definitions: tuple[str, ...] = ()
    probe: str | None = None
    message: str | None = None


def run(cases: Sequence[Case], *, timeout: float = 30.0) -> list[Result]:
    """Run every case; return one result per case, in order."""
    items = list(cases)
    results: list[Result] = []
    while len(results) < len(items):
        got, died = _run_child(items[len(results) :], timeout)
        results.extend(got)
        if died is not None:
            results.append(Result(parsed=False, message=died))
    return results


def _run_child(cases: list[Case], timeout: float) -> tuple[list[Result], str | None]:
    payload = json.dumps([[c.text, c.prelude, c.probe] for c in cases])
    results: list[Result] = []
    with ChildRun(__file__, payload, tag=_TAG, timeout=timeout, label="oracle child") as run:
        for record in run.records():
            results.append(Result(
                parsed=record["parsed"], definitions=tuple(record.get("definitions", ())),
                probe=record.get("probe"), message=record.get("message"),
            ))  # fmt: skip
            if len(results) == len(cases):
                run.done()
                break
    run.raise_if_python_failure(got_results=bool(results))
    return results, run.died


# --------------------------------------------------------------------------- child side


class _Child:
    def __init__(self) -> None:
        from surrealdb import ErrorFrame, Surreal, SurrealError

        self._surreal = Surreal
        self._error_frame = ErrorFrame
        self._surreal_error = SurrealError

    def _run(self, db: Any, text: str) -> tuple[int, str | None, bool]:
        """Run a query: (statements seen, first error, whether that error is a parse error)."""
        seen = 0
        first: str | None = None
        try:
            for frame in db.query(text).stream():
                seen = max(seen, int(frame.index) + 1)
                if isinstance(frame, self._error_frame) and first is None:
                    first = str(frame.error)
        except self._surreal_error as exc:
            message = str(exc)
            return seen, message, message.startswith("Parse error")
        except Exception as exc:  # a result the SDK cannot decode: the query ran
            return seen, f"undecodable result: {exc}", False
        return seen, first, False

    def _definitions(self, db: Any) -> dict[str, str]:
        found: dict[str, str] = {}

        def info(query: str) -> dict[str, Any]:
            try:
                result = db.query(query).execute()[0]
            except Exception:
                return {}
            return result if isinstance(result, dict) else {}

        for section, value in info("INFO FOR ROOT").items():
            if section in ("namespaces", "users"):
                for name, text in dict(value or {}).items():
                    found[f"root/{section}/{name}"] = str(text)
        for section, value in info("INFO FOR NS").items():
            if section in ("databases", "users"):
                for name, text in dict(value or {}).items():
                    found[f"ns/{section}/{name}"] = str(text)
        tables: list[str] = []
        for section, value in info("INFO FOR DB").items():
            if section == "accesses" or not isinstance(value, dict):
                continue
            for name, text in value.items():
                if not isinstance(text, str):
                    continue
                if section == "configs":
                    text = "DEFINE CONFIG " + text
                found[f"db/{section}/{name}"] = text
                if section == "tables":
                    tables.append(str(name))
        for table in tables:
            quoted = "`" + table.replace("\\", "\\\\").replace("`", "\\`") + "`"
            for section, value in info(f"INFO FOR TABLE {quoted}").items():
                if section in ("events", "fields", "indexes") and isinstance(value, dict):
                    for name, text in value.items():
                        found[f"tb/{table}/{section}/{name}"] = str(text)
        return found

    def judge(self, text: str, prelude: str, probe: bool) -> dict[str, Any]:
        db = self._surreal("mem://")
        try:
            db.use("test", "test")
            head = ""
            before: dict[str, str] = {}
            if prelude.strip():
                head = prelude if prelude.rstrip().endswith(";") else prelude.rstrip() + ";"
                head += "\n"
                if not probe:
                    self._run(db, head)  # what the prelude alone defines is not the case's
                    before = self._definitions(db)
                db.close()
                db = self._surreal("mem://")
                db.use("test", "test")
            body = PROBE_HEAD + text + PROBE_TAIL if probe else text
            _seen, error, parse_error = self._run(db, head + body)
            if parse_error:
                return {"parsed": False, "message": (error or "").split("\n", 1)[0]}
            if probe:
                texts = self._definitions(db)
                probe_text = texts.get("db/functions/probe")
                return {"parsed": True, "probe": _probe_body(probe_text), "message": error}
            after = self._definitions(db)
            changed = [t for k, t in after.items() if before.get(k) != t]
            message = error.split("\n", 1)[0] if error else None
            return {"parsed": True, "definitions": changed, "message": message}
        finally:
            db.close()


def _probe_body(text: str | None) -> str | None:
    if text is None:
        return None
    head = "DEFINE FUNCTION fn::probe() { "
    tail = " } PERMISSIONS FULL"
    if text.startswith(head) and text.endswith(tail):
        body = text[len(head) : -len(tail)]
        return body[:-1] if body.endswith(";") else body
    return text


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(_TAG + json.dumps(record) + "\n")
    sys.stdout.flush()


def _child_main(payload: list[list[Any]]) -> None:
    import traceback

    try:
        child = _Child()
        for text, prelude, probe in payload:
            _emit(child.judge(str(text), str(prelude), bool(probe)))
    except Exception:
        _emit({"fatal": traceback.format_exc()})
        sys.exit(2)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _child_main(json.loads(sys.stdin.read()))
