"""The session a successful authentication produces (reference §3.8 and §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .recordid import RecordId

if TYPE_CHECKING:
    from .plan import AccessPlan, Level


@dataclass(frozen=True, slots=True)
class Session:
    """What SurrealDB's session holds after a token is accepted.

    ``ns`` and ``db`` are None when the authentication does not set them (an ON NAMESPACE
    method leaves the database as it was, ON ROOT leaves both); the caller keeps its current
    values then, as SurrealDB does. ``rd`` is the record id of a record session, else None.
    ``exp`` is the session's own expiry in Unix seconds (``DURATION FOR SESSION``), None for
    never; it is independent of the token's ``exp``. ``roles`` are the system roles of a
    JWT/bearer session ("Viewer", "Editor", "Owner"; empty for record sessions and for
    ``rl: []``). ``token`` is ``$token``: the claims with routing claims under ``NS``,
    ``DB``, ``AC``, ``ID`` and ``RL``.
    """

    ns: str | None
    db: str | None
    ac: str
    rd: RecordId | None
    exp: int | None
    roles: tuple[str, ...]
    token: Mapping[str, Any]
    level: Level
    access: AccessPlan = field(compare=False, repr=False)

    @property
    def auth(self) -> RecordId | None:
        """``$auth``: the record id of a record session, None (NONE) otherwise."""
        return self.rd

    def to_json(self) -> dict[str, Any]:
        """``$auth``, ``$token``, ``$session`` and ``$access`` as JSON-ready data.

        Record ids are their SurrealQL text (``"user:1"``, ``"user:`a b`"``).
        """
        token = dict(sorted(self.token.items()))  # SurrealDB prints objects sorted by key
        rd = str(self.rd) if self.rd is not None else None
        return {
            "auth": rd,
            "token": token,
            "session": {
                "ac": self.ac,
                "db": self.db,
                "exp": self.exp,
                "ns": self.ns,
                "rd": rd,
                "tk": token,
            },
            "access": self.ac,
        }
