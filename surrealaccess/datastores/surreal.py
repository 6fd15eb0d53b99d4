"""`SurrealDatastore`: run the database statements of AUTHENTICATE clauses on SurrealDB.

The adapter implements `surrealaccess.surql.Datastore` over the official ``surrealdb`` Python
SDK (``pip install "surrealaccess[surrealdb]"``). The SDK is imported when the datastore first
connects, so ``import surrealaccess`` never needs it. One class covers every transport the SDK
has, chosen by the URL's scheme:

* ``mem://`` (the default) and ``surrealkv://path``: an engine embedded in this process;
* ``ws://``, ``wss://``, ``http://``, ``https://``: a SurrealDB server or cluster.

Each statement is sent as its canonical SurrealQL text with the variables it refers to bound
as query parameters (never spliced into the text). SurrealDB refuses to bind its four protected
names, so ``$token``, ``$auth``, ``$session`` and ``$access`` are renamed in the statement's
syntax tree (to ``$__surrealaccess_token`` …) before it is printed, and bound under the new
names. Values cross in both directions through the library's value model
(`surrealaccess.surql.values`): NONE ↔ ``None``, NULL ↔ ``surrealdb.Null``, record ids ↔
``RecordID``, datetimes with their nanoseconds, durations, UUIDs, decimals, bytes, tables,
objects ↔ dicts and arrays ↔ lists (sets arrive as arrays).

Every failure is an `EvaluationError`: ``THROW`` inside the statement (or inside a database
function it calls) raises `Thrown` with the engine's message, any other engine error raises
`SurrealDatastoreError` carrying the engine's message, error kind and details, and so does a
connection that fails. Values this library does not model (geometries, ranges, files) raise
`Unsupported`. AUTHENTICATE turns all of them into a rejection: it fails closed.

Thread safety: a datastore holds one connection and serialises the queries sent through it,
so one instance may be shared by an `Authenticator` used from many threads. Calls block; from
asyncio code, call ``authenticate`` through ``asyncio.to_thread`` when clauses query a remote
server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import decimal
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from .. import ast
from ..lexical import I64_MAX, I64_MIN
from ..surql.errors import EvaluationError, Thrown, Unsupported
from ..surql.interpreter import PROTECTED
from ..surql.values import (
    NULL,
    Datetime,
    Duration,
    Null,
    Object,
    RecordId,
    Table,
    Value,
)

__all__ = ["SurrealDatastore", "SurrealDatastoreError"]

#: What ``$token``, ``$auth``, ``$session`` and ``$access`` are bound as (SurrealDB refuses to
#: bind the protected names themselves: "'token' is a protected variable and cannot be set").
RENAMED: Final = {name: f"__surrealaccess_{name}" for name in sorted(PROTECTED)}
_THROWN_PREFIX: Final = "An error occurred: "
_SCHEMES: Final = ("mem://", "memory", "surrealkv://", "surrealkv+versioned://", "file://",
                   "ws://", "wss://", "http://", "https://")


class SurrealDatastoreError(EvaluationError):
    """SurrealDB refused or failed a statement, or could not be reached.

    ``message`` is the engine's message (``The table 'tenant' does not exist``…); ``kind``
    and ``details`` are the engine's structured error kind and details when it sent them.
    """

    def __init__(self, message: str, kind: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details

    def __reduce__(self) -> tuple[object, ...]:
        return (SurrealDatastoreError, (self.message, self.kind, self.details))


class SurrealDatastore:
    """A `surrealaccess.surql.Datastore` backed by SurrealDB through the official SDK.

    Args:
        url: where the database is: ``mem://`` (an empty in-memory engine in this process, the
            default), ``surrealkv://path`` (an embedded engine on disk), or a server at
            ``ws://``, ``wss://``, ``http://`` or ``https://``.
        ns: the namespace statements run in (``USE NS``); with ``db``.
        db: the database statements run in (``USE DB``); with ``ns``.
        username: a root user to sign in as, with ``password``.
        password: that user's password.
        token: a token to authenticate the connection with instead (any user or access
            method SurrealDB accepts); exclusive with ``username``.

    The connection opens on first use (or `connect`); `close` (or ``with``) ends it. With an
    embedded ``mem://`` engine the data lives as long as the connection: prepare it with
    `execute`. The connection runs with the rights of whoever it signed in as, which should
    be able to read what the clauses read (SurrealDB itself runs AUTHENTICATE as an Editor of
    the token's namespace).

    """

    def __init__(
        self,
        url: str = "mem://",
        *,
        ns: str | None = None,
        db: str | None = None,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
    ) -> None:
        if not isinstance(url, str) or not url.lower().startswith(_SCHEMES):
            raise ValueError(f"unsupported datastore URL {url!r}: use mem://, surrealkv://, "
                             "ws://, wss://, http:// or https://")
        if (ns is None) != (db is None):
            raise ValueError("give both a namespace (ns) and a database (db), or neither")
        if (username is None) != (password is None):
            raise ValueError("username and password go together")
        if token is not None and username is not None:
            raise ValueError("give either a token or a username and password, not both")
        self.url: Final = url
        self.ns: Final = ns
        self.db: Final = db
        self._username = username
        self._password = password
        self._token = token
        self._connection: Any = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"SurrealDatastore({self.url!r}, ns={self.ns!r}, db={self.db!r})"

    # ---- connection -------------------------------------------------------------------------

    def connect(self) -> None:
        """Open the connection now (it otherwise opens on first use); idempotent.

        Raises:
            ImportError: the ``surrealdb`` SDK is not installed.
            SurrealDatastoreError: the database cannot be opened, or signing in or selecting
                the namespace and database failed.

        """
        with self._lock:
            if self._connection is not None:
                return
            sdk = _sdk()
            connection: Any = None
            try:
                connection = sdk.Surreal(self.url)
                connection.connect()
                if self._token is not None:
                    connection.authenticate(self._token)
                elif self._username is not None:
                    connection.signin({"username": self._username, "password": self._password})
                if self.ns is not None and self.db is not None:
                    connection.use(self.ns, self.db)
            except Exception as error:
                if connection is not None:
                    _quietly_close(connection)
                raise _error(error, "connecting to") from None
            self._connection = connection

    def close(self) -> None:
        """Close the connection (an embedded ``mem://`` database is gone afterwards)."""
        with self._lock:
            connection, self._connection = self._connection, None
            if connection is not None:
                _quietly_close(connection)

    def __enter__(self) -> SurrealDatastore:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- queries ----------------------------------------------------------------------------

    def query(self, statement: ast.Expr, text: str, variables: Mapping[str, Value]) -> Value:
        """Run one statement with the variables it refers to bound; return its value.

        ``text`` is used as it is unless the statement refers to a protected variable, in
        which case the statement is printed again from ``statement`` with those renamed.
        """
        names = parameters(statement)
        if names & PROTECTED:
            from ..formatter import expr as format_expr

            text = format_expr(rename(statement, RENAMED), statement=True)
        bound = {RENAMED.get(name, name): variables[name] for name in names if name in variables}
        results = self._run(text, bound)
        return results[-1] if results else None

    def execute(
        self, text: str, variables: Mapping[str, Value] | None = None
    ) -> list[Value]:
        """Run SurrealQL (one or more statements); return each statement's value.

        For preparing data and definitions (``DEFINE TABLE``, ``CREATE``…). ``variables`` are
        bound as query parameters. The first statement that fails raises, as in `query`.
        """
        return self._run(text, dict(variables or {}))

    def _run(self, text: str, variables: Mapping[str, Value]) -> list[Value]:
        try:
            params = {name: to_sdk(value) for name, value in variables.items()}
        except (TypeError, ValueError) as error:
            raise Unsupported(f"a variable cannot be sent to SurrealDB: {error}") from None
        with self._lock:
            self.connect()
            try:
                raw = self._connection.query(text, params).execute()
            except Exception as error:
                if _broken(error):
                    # Reconnect on the next call; this one fails closed.
                    connection, self._connection = self._connection, None
                    _quietly_close(connection)
                raise _error(error, "querying") from None
        try:
            return [from_sdk(item) for item in raw]
        except (TypeError, ValueError, OverflowError) as error:
            raise Unsupported(f"SurrealDB returned a value surrealaccess cannot hold: {error}"
                              ) from None


# --------------------------------------------------------------------------- the SDK


def _sdk() -> Any:
    try:
        import surrealdb
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "SurrealDatastore needs the surrealdb SDK: pip install \"surrealaccess[surrealdb]\""
        ) from error
    return surrealdb


def _quietly_close(connection: Any) -> None:
    with contextlib.suppress(Exception):  # closing is best effort
        connection.close()


def _broken(error: Exception) -> bool:
    """Whether an error means the connection itself is unusable."""
    sdk = _sdk()
    return isinstance(error, (sdk.TransportError, ConnectionError, OSError))


def _error(error: Exception, doing: str) -> EvaluationError:
    """The library's error for an SDK exception."""
    sdk = _sdk()
    message = str(error) or type(error).__name__
    if isinstance(error, sdk.ThrownError) or (
        isinstance(error, sdk.ServerError) and error.kind == "Thrown"
    ):
        if message.startswith(_THROWN_PREFIX):
            return Thrown(message[len(_THROWN_PREFIX):])
        return Thrown(message)
    if isinstance(error, sdk.ServerError):
        return SurrealDatastoreError(message, error.kind, error.details)
    if _broken(error):
        return SurrealDatastoreError(f"{doing} SurrealDB failed: {message}", "Connection")
    return SurrealDatastoreError(f"{doing} SurrealDB failed: {type(error).__name__}: {message}")


# --------------------------------------------------------------------------- statements


def parameters(node: object) -> frozenset[str]:
    """The names of every ``$param`` a syntax tree refers to (without ``$``)."""
    found: set[str] = set()
    _collect(node, found)
    return frozenset(found)


def _collect(node: object, found: set[str]) -> None:
    if isinstance(node, ast.Param):
        found.add(node.name)
    elif isinstance(node, ast.Node):
        for item in dataclasses.fields(node):
            _collect(getattr(node, item.name), found)
    elif isinstance(node, (tuple, list)):
        for item in node:
            _collect(item, found)


def rename(node: ast.Expr, names: Mapping[str, str]) -> ast.Expr:
    """A copy of ``node`` with the ``$params`` in ``names`` renamed."""
    renamed = _rename(node, names)
    assert isinstance(renamed, ast.Expr)
    return renamed


def _rename(node: object, names: Mapping[str, str]) -> object:
    if isinstance(node, ast.Param):
        new = names.get(node.name)
        return node if new is None else dataclasses.replace(node, name=new)
    if isinstance(node, ast.Node):
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(node):
            if item.name == "span":
                continue
            old = getattr(node, item.name)
            new_value = _rename(old, names)
            if new_value is not old:
                changes[item.name] = new_value
        return dataclasses.replace(node, **changes) if changes else node
    if isinstance(node, tuple):
        items = tuple(_rename(item, names) for item in node)
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    return node


# --------------------------------------------------------------------------- values


def to_sdk(value: Value) -> Any:
    """A library value as the SDK sends it (NONE stays ``None``, NULL is ``surrealdb.Null``).

    Raises:
        TypeError: not a value of the library's model.
        ValueError: an integer outside i64, or a duration the SDK cannot encode (over i64
            seconds).

    """
    if isinstance(value, int) and not isinstance(value, bool) and not I64_MIN <= value <= I64_MAX:
        raise ValueError(f"the integer {value} is outside SurrealDB's 64-bit range")
    if value is None or isinstance(value, (bool, int, float, str, bytes, decimal.Decimal,
                                           uuid.UUID)):
        return value
    sdk = _sdk()
    if isinstance(value, Null):
        return sdk.Null
    if isinstance(value, tuple):
        return [to_sdk(item) for item in value]
    if isinstance(value, Object):
        return {key: to_sdk(item) for key, item in value.items()}
    if isinstance(value, RecordId):
        return sdk.RecordID(value.table, to_sdk(value.key))
    if isinstance(value, Datetime):
        moment = value.moment
        return sdk.PreciseDatetime(
            moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
            value.nanosecond // 1000, tzinfo=_dt.timezone.utc, nanosecond=value.nanosecond % 1000,
        )
    if isinstance(value, Duration):
        if value.nanoseconds // 1_000_000_000 > I64_MAX:
            raise ValueError("the SDK cannot send durations over 2**63 - 1 seconds")
        return sdk.Duration(value.nanoseconds)
    if isinstance(value, Table):
        return sdk.Table(value.name)
    raise TypeError(f"not a SurrealQL value: {type(value).__name__}")


def from_sdk(value: Any) -> Value:
    """An SDK value as a library value.

    Raises:
        Unsupported: a geometry, range, file or another value the library does not model.
        TypeError, ValueError: a value that breaks the model's limits.

    """
    if value is None or isinstance(value, (bool, str, float, bytes, decimal.Decimal,
                                           uuid.UUID)):
        return value
    if isinstance(value, int):
        return value
    sdk = _sdk()
    if isinstance(value, sdk.NullType):
        return NULL
    if isinstance(value, Mapping):
        return Object({str(key): from_sdk(item) for key, item in value.items()})
    if isinstance(value, sdk.RecordID):
        key = from_sdk(value.id)
        if not isinstance(key, (int, str, uuid.UUID, tuple, Object)) or isinstance(key, bool):
            raise Unsupported(f"record ids with a {type(value.id).__name__} key are not "
                              "supported by surrealaccess")
        return RecordId(str(value.table_name), key)
    if isinstance(value, _dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)
        extra = getattr(value, "nanosecond", 0) or 0
        return Datetime(moment, moment.microsecond * 1000 + int(extra))
    if isinstance(value, sdk.Datetime):
        from ..recordid import RecordIdError, parse_datetime

        try:
            parsed = parse_datetime(str(value.dt))
        except RecordIdError as error:
            raise ValueError(f"a datetime that cannot be read: {error}") from None
        return parsed
    if isinstance(value, sdk.Duration):
        return Duration(int(value.elapsed))
    if isinstance(value, sdk.Table):
        return Table(str(value.table_name))
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return tuple(from_sdk(item) for item in value)
    raise Unsupported(f"{type(value).__name__} values are not supported by surrealaccess")
