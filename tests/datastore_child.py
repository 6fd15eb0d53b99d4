"""`SurrealDatastore` in a child process, for tests: the embedded engine may abort a process.

:class:`ChildDatastore` implements the `surrealaccess.surql.Datastore` protocol by forwarding
each call to a real `surrealaccess.SurrealDatastore` running in a child (this file with
``--child``), so the adapter's own code (parameter binding, renaming of protected variables,
value conversion, error mapping) is what runs, while an engine panic only kills the child.
Requests and replies are pickled frames (4-byte length + pickle) on the child's stdin and on a
private copy of its stdout; the child points its file descriptor 1 at stderr, so anything the
engine prints cannot corrupt the stream.

Exceptions raised in the child (``Thrown``, ``SurrealDatastoreError``, ``Unsupported``…) are
raised again in the parent. If the child dies, the call raises :class:`EngineCrashed` and
``crashed`` stays true; the next :meth:`ChildDatastore.reset` starts a new child.

Typical use::

    with ChildDatastore(setup="CREATE tenant:acme SET active = true") as store:
        auth = sa.compile(script, ns="test", db="test", datastore=store)
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ChildDatastore", "EngineCrashed"]


class EngineCrashed(RuntimeError):
    """The child process running the engine died (a panic) or stopped answering."""


def _write(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def _read(stream: IO[bytes]) -> Any:
    head = stream.read(4)
    if len(head) < 4:
        raise EOFError
    (size,) = struct.unpack(">I", head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class ChildDatastore:
    """A `Datastore` whose `SurrealDatastore` lives in a child process."""

    def __init__(
        self, url: str = "mem://", *, ns: str | None = "test", db: str | None = "test",
        setup: str = "",
    ) -> None:
        self.url = url
        self.ns = ns
        self.db = db
        self.crashed = False
        self.calls = 0
        self._child: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        try:
            self.reset(setup)
        except BaseException:
            self.close()
            raise

    # ---- process ------------------------------------------------------------------------

    def _start(self) -> None:
        env = dict(os.environ, RUST_BACKTRACE="0", PYTHONIOENCODING="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p
        )
        self._child = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env,
        )
        self.crashed = False

    def _call(self, op: str, *args: Any) -> Any:
        if self._child is None or self.crashed:
            raise EngineCrashed("the engine child is not running")
        assert self._child.stdin is not None and self._child.stdout is not None
        try:
            _write(self._child.stdin, (op, args))
            status, payload = _read(self._child.stdout)
        except (EOFError, BrokenPipeError, OSError):
            self.crashed = True
            self._child.kill()
            self._child.wait()
            for pipe in (self._child.stdin, self._child.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
            self._stderr.seek(0)
            tail = self._stderr.read().decode("utf-8", "replace")[-2000:]
            raise EngineCrashed(f"the engine child died during {op}:\n{tail}") from None
        if status == "error":
            raise payload
        return payload

    def reset(self, setup: str = "") -> None:
        """Start over with an empty datastore (a new child after a crash) and run ``setup``."""
        if self._child is None or self.crashed:
            self._start()
        self._call("open", self.url, self.ns, self.db)
        if setup.strip():
            self._call("execute", setup, {})

    def close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            assert child.stdin is not None
            try:
                child.stdin.close()
                child.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                child.kill()
                child.wait()
            assert child.stdout is not None
            child.stdout.close()
        self._stderr.close()

    def __enter__(self) -> ChildDatastore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the Datastore protocol and helpers ----------------------------------------------

    def query(self, statement: Any, text: str, variables: Mapping[str, Any]) -> Any:
        self.calls += 1
        return self._call("query", statement, text, dict(variables))

    def execute(self, text: str, variables: Mapping[str, Any] | None = None) -> Any:
        return self._call("execute", text, dict(variables or {}))

    def call(self, method: str, *args: Any) -> Any:
        """Call any method of the child's `SurrealDatastore` (``close``, ``connect``…)."""
        return self._call(method, *args)

    def modules(self) -> list[str]:
        """Names of the modules imported in the child (to check the SDK is loaded there)."""
        result: list[str] = self._call("modules")
        return result


def _child_main() -> None:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever the engine prints goes to stderr, not into the frames
    inp = sys.stdin.buffer
    from surrealaccess.datastores.surreal import SurrealDatastore

    store: SurrealDatastore | None = None
    while True:
        try:
            op, args = _read(inp)
        except EOFError:
            break
        try:
            if op == "open":
                if store is not None:
                    store.close()
                url, ns, db = args
                store = SurrealDatastore(url, ns=ns, db=db)
                store.connect()
                result: Any = None
            elif op == "modules":
                result = sorted(sys.modules)
            else:
                assert store is not None, "open first"
                result = getattr(store, op)(*args)
            reply: tuple[str, Any] = ("ok", result)
        except Exception as error:
            reply = ("error", error)
        try:
            _write(out, reply)
        except Exception as error:  # an unpicklable result or exception
            _write(out, ("error", RuntimeError(f"{type(error).__name__}: {error}")))
    if store is not None:
        store.close()


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _child_main()
