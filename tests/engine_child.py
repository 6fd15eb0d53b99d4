"""The parent side of every engine oracle: run a script as a child, read its tagged records.

The embedded SurrealDB engine can panic and abort its process, so the oracles
(``oracle.py``, ``token_oracle.py``, ``language_oracle.py``) run it in a child: the oracle
module itself, started with ``--child``, reading one JSON payload on stdin and writing one
tagged JSON line per result. `ChildRun` is that plumbing, shared: it starts the child, feeds
it, yields the records, and tells a crash (`CRASHED`) from a hang (`TIMED_OUT`).

Typical use::

    with ChildRun(__file__, payload, tag=_TAG, timeout=timeout, label="oracle child") as run:
        for record in run.records():
            ...
            if have_everything:
                run.done()
                break
    run.raise_if_python_failure(got_results=bool(results))
    return results, run.died
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Any

#: Message of an item during which the engine process died (a panic / abort).
CRASHED = "engine crashed"
#: Message of an item that did not finish within the per-item timeout.
TIMED_OUT = "engine timed out"
#: Extra time for the first record: the child also imports the SDK and starts the engine.
_STARTUP_SECONDS = 30.0


def _reader(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Copy the child's stdout into a queue, line by line; ``None`` marks the end."""
    for raw in stream:
        lines.put(raw)
    lines.put(None)


class ChildRun:
    """One child process running ``script --child`` on ``payload``.

    ``records()`` yields the decoded records of the lines that start with ``tag``; it stops
    early, setting `died`, if the child exits (`CRASHED`) or stays silent for ``timeout``
    seconds (`TIMED_OUT`). A record with ``fatal`` (the child's own Python failure) raises
    `RuntimeError`. Leaving the ``with`` block kills the child unless `done` was called.
    """

    def __init__(self, script: str, payload: str, *, tag: str, timeout: float, label: str) -> None:
        self._script = os.path.abspath(script)
        self._payload = payload
        self._tag = tag
        self._timeout = timeout
        self._label = label
        self._complete = False
        self.died: str | None = None
        self.returncode: int | None = None
        self._stderr = ""

    def __enter__(self) -> ChildRun:
        self._errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        env = dict(os.environ, RUST_BACKTRACE="0", PYTHONIOENCODING="utf-8")
        self._child = subprocess.Popen(
            [sys.executable, self._script, "--child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
            encoding="utf-8",
            env=env,
        )
        assert self._child.stdin is not None and self._child.stdout is not None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(
            target=_reader, args=(self._child.stdout, self._lines), daemon=True
        )
        self._thread.start()
        try:
            self._child.stdin.write(self._payload)
            self._child.stdin.close()
        except BrokenPipeError:
            pass
        return self

    def records(self) -> Iterator[dict[str, Any]]:
        """The child's tagged records, in order, until it ends, dies or hangs."""
        wait = self._timeout + _STARTUP_SECONDS
        while True:
            try:
                raw = self._lines.get(timeout=wait)
            except queue.Empty:
                self.died = TIMED_OUT
                return
            wait = self._timeout
            if raw is None:
                self.died = CRASHED
                return
            if not raw.startswith(self._tag):
                continue
            record: dict[str, Any] = json.loads(raw[len(self._tag) :])
            if "fatal" in record:
                raise RuntimeError(f"{self._label} failed:\n{record['fatal']}")
            yield record

    def done(self) -> None:
        """Everything expected has arrived: let the child end by itself."""
        self._complete = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        child = self._child
        if child.poll() is None and not self._complete:
            child.kill()
        child.wait()
        self._thread.join(timeout=5)
        self.returncode = child.returncode
        self._errors.seek(0)
        self._stderr = self._errors.read()
        self._errors.close()

    def raise_if_python_failure(self, *, got_results: bool) -> None:
        """Raise if the child died before any result with a plain Python error, not a panic."""
        detail = self._stderr
        if (
            self.died == CRASHED
            and not got_results
            and self.returncode not in (0, None)
            and "Traceback" in detail
            and "panic" not in detail.lower()
        ):
            raise RuntimeError(f"{self._label} failed:\n{detail}")
