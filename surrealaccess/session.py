"""The session a successful authentication produces (reference §3.8 and §5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .recordid import RecordId
from .surql.values import Value
from .surql.values import to_json as value_to_json

if TYPE_CHECKING:
    from .plan import AccessPlan, Level


class Session:
    """What SurrealDB's session holds after a token is accepted. Read-only.

    ``ns`` and ``db`` are None when the authentication does not set them (an ON NAMESPACE
    method leaves the database as it was, ON ROOT leaves both); the caller keeps its current
    values then, as SurrealDB does. ``rd`` is the record id of a record session, else None.
    ``exp`` is the session's own expiry in Unix seconds (``DURATION FOR SESSION``), None for
    never; it is independent of the token's ``exp``. ``roles`` are the system roles of a
    JWT/bearer session by their canonical names ("Viewer", "Editor", "Owner"; empty for
    record sessions and for ``rl: []``), however the token spells them. ``token`` is
    ``$token``: the claims with routing claims under ``NS``, ``DB``, ``AC``, ``ID`` and
    ``RL`` (that keeps the token's spelling: ``RL: ["editor"]`` for ``ROLES editor``).
    ``access`` is the plan that accepted the token.
    """

    # Plain slots behind read-only properties: a session is built for every token, and a
    # frozen dataclass pays an object.__setattr__ call per field.
    __slots__ = (
        "_ac", "_access", "_auth", "_db", "_exp", "_level", "_ns", "_rd", "_roles", "_token",
    )

    def __init__(
        self,
        ns: str | None,
        db: str | None,
        ac: str,
        rd: RecordId | None,
        exp: int | None,
        roles: tuple[str, ...],
        token: Mapping[str, Any],
        level: Level,
        access: AccessPlan,
        auth: Value = None,
    ) -> None:
        self._ns = ns
        self._db = db
        self._ac = ac
        self._rd = rd
        self._exp = exp
        self._roles = roles
        self._token = token
        self._level = level
        self._access = access
        self._auth = auth if auth is not None else rd

    @property
    def ns(self) -> str | None:
        """The namespace the session is in, or None if authentication leaves it as it was."""
        return self._ns

    @property
    def db(self) -> str | None:
        """The database, or None if authentication leaves it as it was."""
        return self._db

    @property
    def ac(self) -> str:
        """``$access``: the name of the access method."""
        return self._ac

    @property
    def rd(self) -> RecordId | None:
        """The record id of a record session (``$session.rd``), else None."""
        return self._rd

    @property
    def auth(self) -> Value:
        """``$auth``: a record session's record id, a JWT method's CLAIMS mapping, or None.

        The mapping is an `surrealaccess.surql.Object`; None stands for NONE.
        """
        return self._auth

    @property
    def exp(self) -> int | None:
        """The session's expiry in Unix seconds, None for never."""
        return self._exp

    @property
    def roles(self) -> tuple[str, ...]:
        """System roles of a JWT/bearer session."""
        return self._roles

    @property
    def token(self) -> Mapping[str, Any]:
        """``$token``: the normalised claims (read-only)."""
        return self._token

    @property
    def level(self) -> Level:
        """Where the access method lives: ROOT, NAMESPACE or DATABASE."""
        return self._level

    @property
    def access(self) -> AccessPlan:
        """The compiled plan that accepted the token."""
        return self._access

    def _key(self) -> tuple[object, ...]:
        return (self._ns, self._db, self._ac, self._rd, self._exp, self._roles,
                dict(self._token), self._level, self._auth)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Session):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # the claims are a mapping

    def __repr__(self) -> str:
        return (
            f"Session(ns={self._ns!r}, db={self._db!r}, ac={self._ac!r}, rd={self._rd!r}, "
            f"exp={self._exp!r}, roles={self._roles!r}, level={self._level!r})"
        )

    def to_json(self) -> dict[str, Any]:
        """``$auth``, ``$token``, ``$session`` and ``$access`` as JSON-ready data.

        Record ids are their SurrealQL text (``"user:1"``, ``"user:`a b`"``); objects are
        sorted by key, as SurrealDB prints them; a CLAIMS mapping is a JSON object.
        """
        token = dict(sorted(self._token.items()))
        rd = str(self._rd) if self._rd is not None else None
        return {
            "auth": value_to_json(self._auth),
            "token": token,
            "session": {
                "ac": self._ac,
                "db": self._db,
                "exp": self._exp,
                "ns": self._ns,
                "rd": rd,
                "tk": token,
            },
            "access": self._ac,
        }
