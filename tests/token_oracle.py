r"""Token oracle: authenticate JWTs against the real SurrealDB 3.x engine, in a child process.

This is the authentication counterpart of :mod:`oracle` (which runs ``DEFINE`` statements) and
follows its style: the engine embedded in ``surrealdb-embedded`` 3.0.0b10 (surrealdb-core 3.2.4,
see ``/work/shared/reference/surrealdb-access.md`` §0) may panic and abort the process, so it is
**never** loaded in the calling process. :func:`run_tokens` starts this very file as a child
(``python token_oracle.py --child``), sends it the work as JSON on stdin and reads one JSON
line per token back from stdout.

For each schema the child opens a fresh ``mem://`` datastore, selects namespace and database
``test`` (which creates both), defines the harness's own root access method
:data:`ROOT_ACCESS` (HS512 with a random 64-character key) and then runs the schema. For each
token it then:

1. resets the session: ``invalidate()``, ``authenticate(<Owner token for ROOT_ACCESS>)`` and
   ``use(PRIOR_NS, PRIOR_DB)``. The embedded engine has a single session per connection and
   ``invalidate()`` leaves an anonymous session that cannot even run ``RETURN``, hence the
   harness root token. After the reset ``$auth`` is NONE and ns/db are :data:`PRIOR_NS` /
   :data:`PRIOR_DB` (``use`` creates them; database ``prior_db`` is also defined in namespace
   ``test`` so that RETURN works after an NS-level token; no token names them), so
   fields an authentication leaves untouched (``rd`` for JWT methods, ``db`` for NS methods,
   ``ns``/``db`` for ROOT methods) read back as NONE / ``'prior_ns'`` / ``'prior_db'``;
2. records ``now_before = int(time.time())``, calls ``authenticate(token)`` and records
   ``now_after``;
3. on success reads ``$auth``, ``$token``, ``$session`` and ``$access`` with one ``RETURN``.

How the SDK reports things, as observed:

* The SDK validates tokens client-side against ``^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.
  [A-Za-z0-9_-]+$`` and raises ``ValueError`` without calling the engine. The child removes
  that validator, so that malformed tokens reach the engine.
* Errors are ``surrealdb.errors.ServerError`` subclasses (``NotAllowedError``,
  ``NotFoundError``, ``ValidationError``, ``InternalError``…); ``str(error)`` is the engine's
  full message (for a bad ``id`` claim that is a multi-line ``Parse error`` with a diagram).
  ``error.kind`` and ``error.details`` carry the RPC error kind and details.
* Record ids come back as SDK ``RecordID`` objects; the child uses ``<string> $auth`` and
  ``<string> $session.rd`` for their SurrealQL text (``user:1``, ``user:`a b```,
  ``user:[1, 'a']``, ``user:{ a: 1 }``). ``<string> NONE`` is ``'NONE'``, reported as ``None``.
* SurrealQL NULL comes back as ``surrealdb.Null`` and NONE as ``None``; both are reported as
  JSON ``null``. Integers and floats keep their Python types through the JSON line, so
  ``9223372036854775807`` and ``1.8446744073709552e+19`` stay distinguishable.

If the child dies while authenticating a token (an engine panic), that token is reported with
``error_class`` :data:`CRASHED` and the remaining tokens run in a new child (the schema is run
again there). A token that takes longer than ``timeout`` seconds is reported as
:data:`TIMED_OUT`.

Typical use::

    from tests import token_oracle
    if token_oracle.available():
        schema = "DEFINE ACCESS j ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret'"
        [outcome] = token_oracle.run_tokens(schema, [token])
        assert outcome.ok and outcome.value["access"] == "j"
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import os
import secrets
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import engine_child
from engine_child import ChildRun

__all__ = [
    "CRASHED",
    "CRASH_ENV",
    "PRIOR_DB",
    "PRIOR_NS",
    "ROOT_ACCESS",
    "TIMED_OUT",
    "TokenOutcome",
    "available",
    "run_batches",
    "run_tokens",
]

#: ``error_class`` of a token during which the engine process died (a panic / abort).
CRASHED = "EngineCrashed"
#: ``error_class`` of a token that did not finish within the timeout.
TIMED_OUT = "EngineTimedOut"
_DIED = {engine_child.CRASHED: CRASHED, engine_child.TIMED_OUT: TIMED_OUT}
#: Name of the root access method the harness defines to reset the session between tokens.
ROOT_ACCESS = "__oracle_root"
#: Namespace and database selected before each token. They differ from ``test`` on purpose:
#: a field that an authentication leaves untouched (``db`` for NS methods, ``ns`` and ``db`` for
#: ROOT methods) reads back as these, so "left unchanged" and "set to test" are told apart.
PRIOR_NS = "prior_ns"
PRIOR_DB = "prior_db"
#: Test hook: the child aborts (like an engine panic) when it is given exactly this token.
CRASH_ENV = "SURREALACCESS_TOKEN_ORACLE_CRASH_ON"

#: Prefix of the child's result lines, so that anything else written to stdout is ignored.
_TAG = "@@surrealaccess-token-oracle@@ "
_QUERY = (
    "RETURN {auth: $auth, auth_text: <string> $auth, token: $token, access: $access,"
    " session: $session, rd_text: <string> $session.rd}"
)


@dataclass(frozen=True)
class TokenOutcome:
    """What the engine made of one token.

    Attributes:
        ok: ``authenticate`` succeeded.
        value: on success, ``{"auth", "token", "session", "access"}``: ``auth`` is the record
            id text of ``$auth`` or ``None``; ``token`` the ``$token`` object; ``session`` the
            keys ``ac``, ``db``, ``exp``, ``ns``, ``rd`` (record id text or ``None``) and ``tk``
            of ``$session``; ``access`` the ``$access`` string or ``None``. ``None`` on failure.
        error_class: on failure, the SDK exception class name (``NotAllowedError`` …), or
            :data:`CRASHED` / :data:`TIMED_OUT`; ``None`` on success.
        message: on failure, the engine's full message; ``None`` on success.
        now_before: ``int(time.time())`` just before ``authenticate`` (0 if it never ran).
        now_after: ``int(time.time())`` just after it.
        kind: on failure, the RPC error kind (``NotAllowed``, ``Internal`` …) if any.
        details: on failure, the RPC error details (e.g. ``{"kind": "Auth", "details":
            {"kind": "TokenExpired"}}``) if any.
    """

    ok: bool
    value: dict[str, Any] | None
    error_class: str | None
    message: str | None
    now_before: int
    now_after: int
    kind: str | None = None
    details: Any = None


def available() -> bool:
    """Return True if the SurrealDB SDK and its embedded engine can be imported.

    Only the module specs are looked up; the engine itself is never loaded in this process.
    """
    return all(
        importlib.util.find_spec(name) is not None for name in ("surrealdb", "surrealdb_embedded")
    )


def run_tokens(schema: str, tokens: Sequence[str], *, timeout: float = 120) -> list[TokenOutcome]:
    """Authenticate each token against a fresh datastore holding ``schema``.

    Args:
        schema: SurrealQL run once (after ``USE NS test DB test``), typically ``DEFINE ACCESS``
            statements. Every statement must succeed, else ``ValueError`` is raised.
        tokens: the tokens, each authenticated in a freshly reset session.
        timeout: seconds the schema or one token may take before the token is reported as
            :data:`TIMED_OUT`.

    Returns:
        One outcome per token, in order.

    Raises:
        ValueError: the engine rejected the schema.
        RuntimeError: the child failed for a reason other than an engine crash.
    """
    return run_batches([(schema, tokens)], timeout=timeout)[0]


def run_batches(
    batches: Sequence[tuple[str, Sequence[str]]], *, timeout: float = 120
) -> list[list[TokenOutcome]]:
    """Like :func:`run_tokens` for many ``(schema, tokens)`` pairs, sharing child processes.

    Each schema still gets a datastore of its own. This is much faster than one
    :func:`run_tokens` call per schema, because a child (which imports the engine) is started
    only once, and again only after a crash.
    """
    work = [(str(schema), [str(t) for t in tokens]) for schema, tokens in batches]
    results: list[list[TokenOutcome]] = [[] for _ in work]
    position = (0, 0)
    while True:
        while position[0] < len(work) and position[1] >= len(work[position[0]][1]):
            position = (position[0] + 1, 0)
        if position[0] >= len(work):
            return results
        got, died = _run_child(work, position, timeout)
        for (i, _), outcome in got:
            results[i].append(outcome)
        if got:
            last = got[-1][0]
            position = (last[0], last[1] + 1)
        if died is not None:
            while position[0] < len(work) and position[1] >= len(work[position[0]][1]):
                position = (position[0] + 1, 0)
            if position[0] >= len(work):
                return results
            results[position[0]].append(TokenOutcome(False, None, died, died, 0, 0))
            position = (position[0], position[1] + 1)


# --------------------------------------------------------------------------- parent side


def _outcome(record: dict[str, Any]) -> TokenOutcome:
    return TokenOutcome(
        ok=bool(record["ok"]),
        value=record.get("value"),
        error_class=record.get("error_class"),
        message=record.get("message"),
        now_before=int(record["now_before"]),
        now_after=int(record["now_after"]),
        kind=record.get("kind"),
        details=record.get("details"),
    )


def _run_child(
    work: list[tuple[str, list[str]]], start: tuple[int, int], timeout: float
) -> tuple[list[tuple[tuple[int, int], TokenOutcome]], str | None]:
    """Run the work from ``start`` in one child until it finishes or dies.

    Returns the outcomes received, keyed by (batch, token) index, and, if the child died or
    hung on the next token, :data:`CRASHED` or :data:`TIMED_OUT`; else ``None``.
    """
    payload = json.dumps(
        {
            "start": list(start),
            "batches": [
                {"schema": schema, "tokens": tokens[start[1] :] if i == start[0] else tokens}
                for i, (schema, tokens) in enumerate(work)
                if i >= start[0]
            ],
        }
    )
    expected = sum(len(tokens) for _, tokens in work[start[0] :]) - start[1]
    got: list[tuple[tuple[int, int], TokenOutcome]] = []
    with ChildRun(__file__, payload, tag=_TAG, timeout=timeout, label="token oracle child") as run:
        for record in run.records():
            if "schema_error" in record:
                schema = work[int(record["batch"]) + start[0]][0]
                raise ValueError(
                    f"schema rejected by the engine: {record['schema_error']}\n"
                    f"--- schema ---\n{schema}"
                )
            if "outcome" not in record:
                continue
            batch = int(record["batch"]) + start[0]
            index = int(record["token"]) + (start[1] if batch == start[0] else 0)
            got.append(((batch, index), _outcome(record["outcome"])))
            if len(got) == expected:
                run.done()
                break
    run.raise_if_python_failure(got_results=bool(got))
    return got, _DIED.get(run.died) if run.died is not None else None


# --------------------------------------------------------------------------- child side


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _hs512_token(key: str, claims: dict[str, Any]) -> str:
    """A compact HS512 JWT (used for the harness's own root token)."""
    head = _b64u(json.dumps({"alg": "HS512", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64u(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{head}.{body}".encode("ascii")
    mac = hmac.new(key.encode("utf-8"), signing_input, hashlib.sha512).digest()
    return f"{head}.{body}.{_b64u(mac)}"


class _Child:
    """The engine side: runs inside the child process only."""

    def __init__(self) -> None:
        from surrealdb import ErrorFrame, RecordID, Surreal, SurrealError
        from surrealdb.request_message.descriptors import cbor_ws
        from surrealdb.request_message.methods import RequestMethod

        # The SDK checks tokens client-side against ^[A-Za-z0-9_-]+\.…\.…$ and raises
        # ValueError("Invalid schema for Cbor WS encoding …") before the engine sees them, so
        # malformed tokens ("abc", "", padded base64, alg none with an empty signature) would
        # never reach the engine. The child drops that validator: it tests the engine.
        cbor_ws._VALIDATORS.pop(RequestMethod.AUTHENTICATE, None)
        self._surreal = Surreal
        self._error_frame = ErrorFrame
        self._surreal_error = SurrealError
        self._record_id = RecordID
        self._root_key = secrets.token_urlsafe(48)[:64]
        self.db: Any = None

    def open(self, schema: str) -> str | None:
        """Open a fresh datastore and run the schema; return an error message if it fails."""
        if self.db is not None:
            self.db.close()
        self.db = self._surreal("mem://")
        self.db.use("test", "test")
        # The harness's root method, and the prior database inside namespace test (a session
        # left on ns test / db prior_db by an NS-level token must be able to run RETURN).
        self.db.query(
            f"DEFINE ACCESS {ROOT_ACCESS} ON ROOT TYPE JWT ALGORITHM HS512 "
            f"KEY '{self._root_key}'; DEFINE DATABASE {PRIOR_DB};"
        ).execute()
        try:
            for frame in self.db.query(schema).stream():
                if isinstance(frame, self._error_frame):
                    return f"statement {int(frame.index) + 1}: {frame.error}"
        except self._surreal_error as exc:
            return str(exc)
        return None

    def reset(self) -> None:
        """Drop the previous authentication and come back as the harness's root owner."""
        self.db.invalidate()
        claims = {"ac": ROOT_ACCESS, "exp": int(time.time()) + 3600, "rl": ["Owner"]}
        self.db.authenticate(_hs512_token(self._root_key, claims))
        self.db.use(PRIOR_NS, PRIOR_DB)

    def plain(self, value: Any) -> Any:
        """An SDK value as plain JSON data (NULL and NONE both become ``None``)."""
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, dict):
            return {str(k): self.plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.plain(v) for v in value]
        if type(value).__name__ == "NullType":
            return None
        if isinstance(value, self._record_id):
            return {"$record": str(value)}
        return {"$" + type(value).__name__: str(value)}

    def authenticate(self, token: str) -> dict[str, Any]:
        """Authenticate one token in a freshly reset session; return its outcome record."""
        self.reset()
        if token == os.environ.get(CRASH_ENV):
            os.abort()
        now_before = int(time.time())
        try:
            self.db.authenticate(token)
        except Exception as exc:
            now_after = int(time.time())
            return {
                "ok": False,
                "error_class": type(exc).__name__,
                "message": str(exc),
                "kind": getattr(exc, "kind", None),
                "details": self.plain(getattr(exc, "details", None)),
                "now_before": now_before,
                "now_after": now_after,
            }
        now_after = int(time.time())
        try:
            [row] = self.db.query(_QUERY).execute()
        except Exception as exc:
            # Authenticated, but the session could not be read back (should not happen).
            return {
                "ok": True,
                "value": None,
                "error_class": type(exc).__name__,
                "message": f"reading the session failed: {exc}",
                "now_before": now_before,
                "now_after": now_after,
            }
        session = row["session"]

        def text(raw: Any, shown: Any) -> str | None:
            return None if raw is None or shown == "NONE" else str(shown)

        value = {
            "auth": text(row["auth"], row["auth_text"]),
            "token": self.plain(row["token"]),
            "access": self.plain(row["access"]),
            "session": {
                "ac": self.plain(session.get("ac")),
                "db": self.plain(session.get("db")),
                "exp": self.plain(session.get("exp")),
                "ns": self.plain(session.get("ns")),
                "rd": text(session.get("rd"), row["rd_text"]),
                "tk": self.plain(session.get("tk")),
            },
        }
        return {"ok": True, "value": value, "now_before": now_before, "now_after": now_after}


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(_TAG + json.dumps(record) + "\n")
    sys.stdout.flush()


def _child_main(payload: dict[str, Any]) -> None:
    """Entry point of the child process."""
    import traceback

    try:
        child = _Child()
        for b, batch in enumerate(payload.get("batches") or []):
            tokens = [str(t) for t in batch.get("tokens") or []]
            if not tokens:
                continue
            problem = child.open(str(batch.get("schema") or ""))
            if problem is not None:
                _emit({"batch": b, "schema_error": problem})
                return
            for t, token in enumerate(tokens):
                _emit({"batch": b, "token": t, "outcome": child.authenticate(token)})
    except Exception:
        _emit({"fatal": traceback.format_exc()})
        sys.exit(2)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _child_main(json.loads(sys.stdin.read()))
