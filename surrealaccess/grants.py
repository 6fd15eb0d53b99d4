"""Access grants: refresh keys of ``WITH REFRESH`` record methods and keys of BEARER methods.

A grant is what ``ACCESS … GRANT`` (or a sign-in with ``WITH REFRESH``) creates in SurrealDB
(reference §4.4, §4.5, ``expr/statements/access.rs``). Its key, shown once, reads
``surreal-bearer-<id>-<secret>`` or ``surreal-refresh-<id>-<secret>``: the id is 12
characters of ``[0-9a-zA-Z]`` whose first is a letter, the secret 24 such characters. Only
the SHA-256 hex digest of the whole key is ever stored; a presented key is hashed and compared
in constant time.

Grants live behind the small `GrantStore` protocol:

* `MemoryGrantStore` keeps them in the process (tests, one application process);
* `DatastoreGrantStore` keeps them as records in a database through the `Datastore`
  protocol, so every process of a cluster sees the same grants. Revocation there is a single
  conditional ``UPDATE … WHERE revocation = NONE``, so a refresh key is consumed at most once
  even under concurrent use.

All times are integer nanoseconds since the Unix epoch (UTC).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, Literal, NamedTuple, Protocol, runtime_checkable

from .errors import AuthenticationError
from .recordid import RecordId, RecordIdError, parse_record_id

if TYPE_CHECKING:
    from . import ast
    from .plan import Level
    from .surql import Datastore, Value

__all__ = [
    "DatastoreGrantStore",
    "Grant",
    "GrantKind",
    "GrantStore",
    "MemoryGrantStore",
    "RevokeOutcome",
    "Scope",
    "digest",
    "grant_id_of",
    "keys_match",
    "new_key",
]

GrantKind = Literal["bearer", "refresh"]
RevokeOutcome = Literal["revoked", "missing", "already_revoked"]

#: The character pool of grant ids and secrets (``GRANT_BEARER_CHARACTER_POOL``).
POOL: Final = string.digits + string.ascii_lowercase + string.ascii_uppercase
ID_LENGTH: Final = 12
SECRET_LENGTH: Final = 24
INVALID_FORMAT: Final = "This bearer access grant has an invalid format"


class Scope(NamedTuple):
    """Where an access method lives: its level and, below ROOT, its namespace and database."""

    level: Level
    ns: str | None
    db: str | None


@dataclass(frozen=True, slots=True)
class Grant:
    """One stored grant. It holds the key's digest, never the key.

    Attributes:
        id: the key identifier (the 12 characters after the prefix).
        ac: the access method's name; ``scope`` where it lives.
        kind: ``bearer`` (BEARER methods) or ``refresh`` (record ``WITH REFRESH``).
        subject: ``("record", "user:1")`` or ``("user", "tobie")``.
        digest: the SHA-256 hex digest of the whole key.
        creation, expiration, revocation: nanoseconds since the epoch; expiration None means
            never, revocation None means not revoked.

    """

    id: str
    ac: str
    scope: Scope
    kind: GrantKind
    subject: tuple[Literal["record", "user"], str]
    digest: str
    creation: int
    expiration: int | None = None
    revocation: int | None = None

    @property
    def record(self) -> RecordId | None:
        """The subject record id, or None for a user subject."""
        if self.subject[0] != "record":
            return None
        return parse_record_id(self.subject[1])

    def active(self, now_ns: int) -> bool:
        """Not revoked, and not past its expiration (SurrealDB: ``exp < now`` is expired)."""
        if self.revocation is not None:
            return False
        return self.expiration is None or not self.expiration < now_ns

    def __repr__(self) -> str:
        return (f"Grant(id={self.id!r}, ac={self.ac!r}, kind={self.kind!r}, "
                f"subject={self.subject!r}, revoked={self.revocation is not None})")


# ---- keys -------------------------------------------------------------------------------------


def new_key(kind: GrantKind) -> tuple[str, str]:
    """A fresh ``(id, key)``: ``surreal-<kind>-<id>-<secret>`` from a CSPRNG."""
    first = secrets.choice(POOL[10:])
    grant_id = first + "".join(secrets.choice(POOL) for _ in range(ID_LENGTH - 1))
    secret = "".join(secrets.choice(POOL) for _ in range(SECRET_LENGTH))
    return grant_id, f"surreal-{kind}-{grant_id}-{secret}"


def grant_id_of(key: str) -> str:
    """The grant id in ``key``, checked as SurrealDB checks it (``validate_grant_bearer``).

    The key must split on ``-`` into exactly four parts, the second ``bearer`` or
    ``refresh`` (any case), the third 12 characters long and the fourth 24 (lengths in
    bytes). The first part is not checked here (it is part of the digest). Raises
    `AuthenticationError` ``invalid_grant`` otherwise.
    """
    parts = key.split("-")
    if (
        len(parts) != 4
        or parts[1].lower() not in ("bearer", "refresh")
        or len(parts[2].encode("utf-8")) != ID_LENGTH
        or len(parts[3].encode("utf-8")) != SECRET_LENGTH
    ):
        raise AuthenticationError("invalid_grant", INVALID_FORMAT,
                                  "the key is not <prefix>-bearer|refresh-<12>-<24>",
                                  reason="grant_format")
    return parts[2]


def digest(key: str) -> str:
    """The SHA-256 hex digest stored for ``key``."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def keys_match(grant: Grant, key: str) -> bool:
    """Whether ``key`` hashes to the grant's digest (constant-time comparison)."""
    return hmac.compare_digest(digest(key).encode("ascii"), grant.digest.encode("ascii"))


# ---- the protocol -----------------------------------------------------------------------------


class GrantExists(Exception):
    """`GrantStore.create` found a grant with the same id (a collision: try another key)."""


@runtime_checkable
class GrantStore(Protocol):
    """Where grants are kept. Implementations must be safe to call from many threads."""

    def create(self, grant: Grant) -> None:
        """Store a new grant; raise `GrantExists` if its id is taken in that method."""
        ...

    def get(self, scope: Scope, ac: str, grant_id: str) -> Grant | None:
        """The grant, or None."""
        ...

    def revoke(self, scope: Scope, ac: str, grant_id: str,
               at: int) -> tuple[RevokeOutcome, Grant | None]:
        """Revoke atomically: only a grant not yet revoked is changed.

        Returns ``("revoked", grant_after)``, ``("missing", None)`` or
        ``("already_revoked", grant)``. Of several concurrent calls for one grant, exactly
        one gets ``revoked``.
        """
        ...

    def list(self, scope: Scope, ac: str) -> list[Grant]:
        """Every grant of the access method, ordered by id (as SurrealDB lists them)."""
        ...

    def delete(self, scope: Scope, ac: str, grant_id: str) -> bool:
        """Remove a grant; True if it existed."""
        ...


class MemoryGrantStore:
    """Grants in a dictionary of this process, behind one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._grants: dict[tuple[Scope, str, str], Grant] = {}

    def __repr__(self) -> str:
        return f"MemoryGrantStore({len(self._grants)} grants)"

    def create(self, grant: Grant) -> None:
        """Store a new grant; raise `GrantExists` on an id collision."""
        where = (grant.scope, grant.ac, grant.id)
        with self._lock:
            if where in self._grants:
                raise GrantExists(grant.id)
            self._grants[where] = grant

    def get(self, scope: Scope, ac: str, grant_id: str) -> Grant | None:
        """The grant, or None."""
        with self._lock:
            return self._grants.get((scope, ac, grant_id))

    def revoke(self, scope: Scope, ac: str, grant_id: str,
               at: int) -> tuple[RevokeOutcome, Grant | None]:
        """Revoke if not revoked yet (atomic under the lock)."""
        where = (scope, ac, grant_id)
        with self._lock:
            grant = self._grants.get(where)
            if grant is None:
                return "missing", None
            if grant.revocation is not None:
                return "already_revoked", grant
            revoked = replace(grant, revocation=at)
            self._grants[where] = revoked
            return "revoked", revoked

    def list(self, scope: Scope, ac: str) -> list[Grant]:
        """Every grant of the method, by id."""
        with self._lock:
            found = [g for (s, a, _), g in self._grants.items() if s == scope and a == ac]
        return sorted(found, key=lambda g: g.id.encode())

    def delete(self, scope: Scope, ac: str, grant_id: str) -> bool:
        """Remove a grant; True if it existed."""
        with self._lock:
            return self._grants.pop((scope, ac, grant_id), None) is not None


# ---- in a database ----------------------------------------------------------------------------


_STATEMENTS: Final = {
    "create": "CREATE type::record($gt, $gk) CONTENT $grant",
    "get": "SELECT * FROM type::record($gt, $gk)",
    "revoke": ("UPDATE type::record($gt, $gk) SET revocation = $at "
               "WHERE revocation = NONE RETURN AFTER"),
    "list": ("SELECT * FROM type::table($gt) WHERE level = $glevel AND ns = $gns "
             "AND db = $gdb AND ac = $gac"),
    "delete": "DELETE type::record($gt, $gk) RETURN BEFORE",
}


class DatastoreGrantStore:
    """Grants as records of one table, read and written through a `Datastore`.

    Each grant is the record ``<table>:[level, ns, db, ac, id]`` with the fields ``level``,
    ``ns``, ``db``, ``ac``, ``gid``, ``kind``, ``subject_kind``, ``subject``, ``digest``
    and the times ``creation``, ``expiration``, ``revocation`` (integer microseconds, NONE
    when unset). Pass the same datastore (for example `SurrealDatastore` over one SurrealDB)
    to every process so they share grants. The table holds digests, not keys, but record
    users should not read it: define it first with
    ``DEFINE TABLE surrealaccess_grant SCHEMALESS PERMISSIONS NONE``.
    """

    def __init__(self, datastore: Datastore, *, table: str = "surrealaccess_grant") -> None:
        from .formatter import format as format_node
        from .parser import parse

        self._datastore = datastore
        self._table = table
        self._missing = f"The table '{table}' does not exist"
        self._statements: dict[str, tuple[ast.Expr, str]] = {}
        for name, text in _STATEMENTS.items():
            [statement] = parse(text, dialect="surrealdb").statements
            assert not isinstance(statement, tuple)
            self._statements[name] = (statement, format_node(statement))  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DatastoreGrantStore(table={self._table!r})"

    def _run(self, name: str, **variables: Value) -> Value:
        from .surql import EvaluationError

        statement, text = self._statements[name]
        try:
            return self._datastore.query(statement, text, {"gt": self._table, **variables})
        except EvaluationError as error:
            # SurrealDB 3 creates the table on the first CREATE; before it, reads fail.
            if name != "create" and error.message == self._missing:
                return ()
            raise
        except Exception as error:  # an adapter's own error type: one kind for callers
            raise EvaluationError(f"grant store query failed: {error}") from error

    def _key(self, scope: Scope, ac: str, grant_id: str) -> Value:
        return (scope.level, scope.ns or "", scope.db or "", ac, grant_id)

    def create(self, grant: Grant) -> None:
        """Store a new grant; raise `GrantExists` if the record exists."""
        from .surql import EvaluationError

        if self.get(grant.scope, grant.ac, grant.id) is not None:
            raise GrantExists(grant.id)
        try:
            self._run("create", gk=self._key(grant.scope, grant.ac, grant.id),
                      grant=_to_record(grant))
        except EvaluationError as error:
            if self.get(grant.scope, grant.ac, grant.id) is not None:
                raise GrantExists(grant.id) from error
            raise

    def get(self, scope: Scope, ac: str, grant_id: str) -> Grant | None:
        """The grant, or None."""
        rows = _rows(self._run("get", gk=self._key(scope, ac, grant_id)))
        return _from_record(rows[0]) if rows else None

    def revoke(self, scope: Scope, ac: str, grant_id: str,
               at: int) -> tuple[RevokeOutcome, Grant | None]:
        """One conditional UPDATE; a concurrent second revocation changes nothing."""
        rows = _rows(self._run("revoke", gk=self._key(scope, ac, grant_id), at=at // 1000))
        if rows:
            return "revoked", _from_record(rows[0])
        grant = self.get(scope, ac, grant_id)
        return ("missing", None) if grant is None else ("already_revoked", grant)

    def list(self, scope: Scope, ac: str) -> list[Grant]:
        """Every grant of the method, by id."""
        rows = _rows(self._run("list", glevel=scope.level, gns=scope.ns or "",
                               gdb=scope.db or "", gac=ac))
        found = [_from_record(row) for row in rows]
        return sorted(found, key=lambda g: g.id.encode())

    def delete(self, scope: Scope, ac: str, grant_id: str) -> bool:
        """Remove a grant; True if it existed."""
        return bool(_rows(self._run("delete", gk=self._key(scope, ac, grant_id))))


def _rows(value: Value) -> list[object]:
    from .surql import Object

    if isinstance(value, Object):
        return [value]
    if isinstance(value, tuple):
        return [row for row in value if isinstance(row, Object)]
    return []


def _to_record(grant: Grant) -> Value:
    from .surql import Object

    def micros(value: int | None) -> Value:
        return None if value is None else value // 1000

    return Object({
        "level": grant.scope.level, "ns": grant.scope.ns or "", "db": grant.scope.db or "",
        "ac": grant.ac, "gid": grant.id, "kind": grant.kind,
        "subject_kind": grant.subject[0], "subject": grant.subject[1],
        "digest": grant.digest, "creation": micros(grant.creation),
        "expiration": micros(grant.expiration), "revocation": micros(grant.revocation),
    })


def _from_record(row: object) -> Grant:
    from .surql import Object

    assert isinstance(row, Object)

    def text(name: str) -> str:
        value = row.get(name)
        if not isinstance(value, str):
            raise ValueError(f"grant record field {name!r} is not a string")
        return value

    def nanos(name: str) -> int | None:
        value = row.get(name)
        if value is None or not isinstance(value, int) or isinstance(value, bool):
            return None
        return value * 1000

    level = text("level")
    if level not in ("ROOT", "NAMESPACE", "DATABASE"):
        raise ValueError(f"grant record has an unknown level {level!r}")
    kind = text("kind")
    subject_kind = text("subject_kind")
    if kind not in ("bearer", "refresh") or subject_kind not in ("record", "user"):
        raise ValueError("grant record has an unknown kind or subject")
    creation = nanos("creation")
    return Grant(
        id=text("gid"), ac=text("ac"),
        scope=Scope(level, text("ns") or None, text("db") or None),  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        subject=(subject_kind, text("subject")),  # type: ignore[arg-type]
        digest=text("digest"), creation=creation or 0,
        expiration=nanos("expiration"), revocation=nanos("revocation"),
    )


def record_subject(record: RecordId) -> tuple[Literal["record"], str]:
    """The subject of a grant for ``record``."""
    return ("record", str(record))


def parse_subject(text: str) -> RecordId | None:
    """A stored record subject back as a record id (None if it no longer parses)."""
    try:
        return parse_record_id(text)
    except RecordIdError:
        return None


def active_grants(grants: Iterable[Grant], now_ns: int) -> list[Grant]:
    """The grants that would still authenticate at ``now_ns``."""
    return [grant for grant in grants if grant.active(now_ns)]
