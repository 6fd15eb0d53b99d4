"""Differential oracle: run ``DEFINE ACCESS`` statements through the real SurrealDB 3.x engine.

The engine is the one embedded in the PyPI package ``surrealdb-embedded`` (surrealdb-core
3.2.4, see ``/work/shared/reference/surrealdb-access.md`` §0). Some malformed inputs make that
engine panic and abort the whole process, so it is **never** loaded in the calling process:
:func:`run` starts this very file as a child process (``python oracle.py --child``), sends it
the statements as JSON on stdin and reads one JSON line per statement back from stdout.

Each statement runs in a fresh ``mem://`` datastore with namespace and database ``test``,
after an optional ``prelude`` (for example ``LET $k = '...';`` lines or an earlier ``DEFINE``).
The prelude and the statement are sent as *one* query text, because ``LET`` parameters do not
survive from one query to the next; positions of parse errors are translated back so that they
are relative to the statement text. Afterwards ``INFO FOR ROOT``, ``INFO FOR NS`` and
``INFO FOR DB`` are read, and the access method the statement created (or replaced) is
reported with its canonical definition text.

If the child dies while running a statement (an engine panic), that statement is reported as
rejected with the message :data:`CRASHED` and the remaining statements are run in a new child.
A statement that takes longer than ``timeout`` seconds is reported with :data:`TIMED_OUT`.

How the SDK (surrealdb 3.0.0b10) reports errors, as observed:

* A parse error fails the whole query: ``query(...).execute()``, ``.statements()`` and
  ``.stream()`` all raise (``ValidationError``, code -32000) before any statement runs.
* An execution error fails only its statement; the engine still runs the statements after it.
  ``execute()`` and ``statements()`` nevertheless raise on the first failed statement (the
  results of the others are lost), so the child uses ``stream()``, which yields an
  ``ErrorFrame`` for the failed statement and carries on.
* The exception class says little: ``KEY 123`` gives ``InternalError``, ES512 gives
  ``ValidationError`` like a parse error. All are ``ServerError``/``SurrealError``. Verdicts are
  therefore classified by message (``parse_error`` means the message starts with
  ``"Parse error"``), never by class.
* Parse error positions (``--> [line:col]``) count Unicode code points, 1-based, so
  ``column - 1`` indexes the Python string of that line.

Typical use::

    from tests import oracle
    if oracle.available():
        [v] = oracle.run(["DEFINE ACCESS a ON DB TYPE BEARER FOR USER"])
        assert v.accepted and v.text is not None
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from engine_child import CRASHED, TIMED_OUT, ChildRun

__all__ = ["CRASHED", "TIMED_OUT", "Verdict", "available", "run"]


#: Prefix of the child's result lines, so that anything else written to stdout is ignored.
_TAG = "@@surrealaccess-oracle@@ "
#: Comment that marks access methods left behind by the prelude (see ``_Child.setup``).
_MARKER = "__surrealaccess_oracle_marker__"
_LEVELS = (("ROOT", "ROOT"), ("NS", "NAMESPACE"), ("DB", "DATABASE"))
_LOCATOR = re.compile(r"-->\s*\[(\d+):(\d+)\]")


@dataclass(frozen=True)
class Verdict:
    """What the engine made of one statement.

    Attributes:
        accepted: the statement ran without error.
        text: when accepted, the canonical definition text that ``INFO FOR ROOT/NS/DB`` prints
            for the access method the statement defined; ``None`` if it defined nothing (for
            example an ``IF NOT EXISTS`` no-op) or was rejected.
        message: when rejected, the first line of the engine's error message, for example
            ``"Parse error: Unexpected token `RECORD`, expected a valid access type at this
            level"``, or :data:`CRASHED` / :data:`TIMED_OUT`; ``None`` when accepted.
        parse_error: rejected with a message starting with ``"Parse error"``.
        line: 1-based line of the parse error's ``--> [line:col]`` locator, relative to the
            statement text (the prelude is not counted); ``None`` unless ``parse_error``.
        column: 1-based column (in characters) of that locator; ``None`` unless ``parse_error``.
    """

    accepted: bool
    text: str | None
    message: str | None
    parse_error: bool
    line: int | None
    column: int | None


def available() -> bool:
    """Return True if the SurrealDB SDK and its embedded engine can be imported.

    Only the module specs are looked up; the engine itself is never loaded in this process.
    """
    return all(
        importlib.util.find_spec(name) is not None for name in ("surrealdb", "surrealdb_embedded")
    )


def run(statements: Sequence[str], *, prelude: str = "", timeout: float = 60.0) -> list[Verdict]:
    """Run each statement in a fresh in-memory database and return one verdict per statement.

    Args:
        statements: SurrealQL texts, normally one ``DEFINE ACCESS`` statement each.
        prelude: SurrealQL run before every statement in the same query (a missing final
            ``;`` is added). It must itself run without error, else ``ValueError`` is raised.
        timeout: seconds one statement may take before it is reported as :data:`TIMED_OUT`.

    Returns:
        The verdicts, in the order of ``statements``.

    Raises:
        ValueError: the prelude is rejected by the engine.
        RuntimeError: the child process failed for a reason other than an engine crash
            (for example the SDK is not installed).
    """
    texts = list(statements)
    verdicts: list[Verdict] = []
    while len(verdicts) < len(texts):
        start = len(verdicts)
        results, died = _run_child(texts[start:], prelude, timeout)
        verdicts.extend(results)
        if died is not None:
            verdicts.append(Verdict(False, None, died, False, None, None))
    return verdicts


# --------------------------------------------------------------------------- parent side


def _verdict(record: dict[str, Any], head_lines: int) -> Verdict:
    """Build a verdict from one child result line."""
    if record["accepted"]:
        text = record["text"]
        return Verdict(True, text if isinstance(text, str) else None, None, False, None, None)
    full = str(record["message"])
    first = full.split("\n", 1)[0]
    parse_error = first.startswith("Parse error")
    line: int | None = None
    column: int | None = None
    if parse_error:
        found = _LOCATOR.search(full)
        if found is not None:
            line = int(found.group(1)) - head_lines
            column = int(found.group(2))
    return Verdict(False, None, first, parse_error, line, column)


def _run_child(
    statements: list[str], prelude: str, timeout: float
) -> tuple[list[Verdict], str | None]:
    """Run statements in one child until it finishes or dies.

    Returns the verdicts received and, if the child died or hung on the next statement, the
    message for that statement (:data:`CRASHED` or :data:`TIMED_OUT`); else ``None``.
    """
    payload = json.dumps({"prelude": prelude, "statements": statements})
    verdicts: list[Verdict] = []
    head_lines = 0
    with ChildRun(__file__, payload, tag=_TAG, timeout=timeout, label="oracle child") as run:
        for record in run.records():
            if "prelude_error" in record:
                raise ValueError(f"prelude rejected by the engine: {record['prelude_error']}")
            if "head_lines" in record:
                head_lines = int(record["head_lines"])
                continue
            verdicts.append(_verdict(record, head_lines))
            if len(verdicts) == len(statements):
                run.done()
                break
    run.raise_if_python_failure(got_results=bool(verdicts))
    return verdicts, run.died


# --------------------------------------------------------------------------- child side


def _backticked(name: str) -> str:
    """Quote an access-method name as a backtick identifier."""
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


class _Child:
    """The engine side: runs inside the child process only."""

    def __init__(self) -> None:
        from surrealdb import ErrorFrame, Surreal, SurrealError

        self._surreal = Surreal
        self._error_frame = ErrorFrame
        self._surreal_error = SurrealError
        self.head = ""
        self.head_statements = 0
        self.baseline: dict[tuple[str, str], str] = {}

    def _open(self) -> Any:
        db = self._surreal("mem://")
        db.use("test", "test")
        return db

    def _execute(self, db: Any, text: str) -> tuple[int, str | None]:
        """Run a query; return (number of statements seen, first error message or None)."""
        indices: set[int] = set()
        first_error: str | None = None
        try:
            for frame in db.query(text).stream():
                index = int(frame.index)
                indices.add(index)
                if isinstance(frame, self._error_frame) and first_error is None:
                    first_error = str(frame.error)
        except self._surreal_error as exc:
            return len(indices), str(exc)
        return len(indices), first_error

    def _execute_from(self, db: Any, text: str, skip: int) -> str | None:
        """Run a query; return the first error among statements with index >= ``skip``."""
        try:
            for frame in db.query(text).stream():
                if isinstance(frame, self._error_frame) and int(frame.index) >= skip:
                    return str(frame.error)
        except self._surreal_error as exc:
            return str(exc)
        return None

    @staticmethod
    def _info(db: Any) -> dict[tuple[str, str], str]:
        """All access definitions, keyed by (level, name)."""
        found: dict[tuple[str, str], str] = {}
        for level, _ in _LEVELS:
            info = db.query(f"INFO FOR {level}").execute()[0]
            for name, text in dict(info.get("accesses") or {}).items():
                found[(level, str(name))] = str(text)
        return found

    def setup(self, prelude: str) -> str | None:
        """Prepare the query head from the prelude; return an error message if it fails.

        Access methods left behind by the prelude get a marker comment (``ALTER ACCESS``), so
        that an ``OVERWRITE`` with an identical definition still shows up as a change while
        an ``IF NOT EXISTS`` no-op does not.
        """
        if not prelude.strip():
            return None
        head = prelude if prelude.rstrip().endswith(";") else prelude.rstrip() + ";"
        db = self._open()
        try:
            count, error = self._execute(db, head)
            if error is not None:
                return error.split("\n", 1)[0]
            existing = self._info(db)
        finally:
            db.close()
        alters = "".join(
            f"\nALTER ACCESS {_backticked(name)} ON {base} COMMENT '{_MARKER}';"
            for (level, name) in existing
            for key, base in _LEVELS
            if key == level
        )
        if alters:
            db = self._open()
            try:
                marked_count, error = self._execute(db, head + alters)
                if error is None:
                    head, count = head + alters, marked_count
                    existing = self._info(db)
            finally:
                db.close()
        self.head = head + "\n"
        self.head_statements = count
        self.baseline = existing
        return None

    def judge(self, statement: str) -> dict[str, Any]:
        """Run one statement after the head; return its result record."""
        db = self._open()
        try:
            error = self._execute_from(db, self.head + statement, self.head_statements)
            if error is not None:
                return {"accepted": False, "message": error}
            after = self._info(db)
        finally:
            db.close()
        changed = [text for key, text in after.items() if self.baseline.get(key) != text]
        return {"accepted": True, "text": changed[0] if changed else None}


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(_TAG + json.dumps(record) + "\n")
    sys.stdout.flush()


def _child_main(payload: dict[str, Any]) -> None:
    """Entry point of the child process."""
    import traceback

    try:
        child = _Child()
        problem = child.setup(str(payload.get("prelude") or ""))
        if problem is not None:
            _emit({"prelude_error": problem})
            return
        _emit({"head_lines": child.head.count("\n")})
        for statement in _iter_statements(payload):
            _emit(child.judge(statement))
    except Exception:
        _emit({"fatal": traceback.format_exc()})
        sys.exit(2)


def _iter_statements(payload: dict[str, Any]) -> Iterator[str]:
    for statement in payload.get("statements") or []:
        yield str(statement)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _child_main(json.loads(sys.stdin.read()))
