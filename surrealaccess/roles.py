"""SurrealDB's system roles: their names, how a role name is read, and the default role.

SurrealDB keeps a role name as it was written (``ROLES editor`` is stored, and put in a
bearer token's ``RL`` claim, as ``editor``) and reads it case-insensitively wherever it
needs the role itself: a DEFINE USER with an unknown name is a parse error, a token whose
``RL`` holds one is refused, and a session holds the role by its canonical name
(``Viewer``, ``Editor``, ``Owner``). ``INFO FOR`` prints the stored names upper-cased.
"""

from __future__ import annotations

from typing import Final

#: The system roles, by the lower-case spelling of their names.
SYSTEM_ROLES: Final = {"viewer": "Viewer", "editor": "Editor", "owner": "Owner"}

#: The role SurrealDB gives a user defined without ROLES and a system JWT without ``RL``,
#: spelled as it stores it (a bearer sign-in as such a user puts ``RL: ["Viewer"]`` in the
#: token; INFO prints ``ROLES VIEWER``).
DEFAULT_ROLE: Final = SYSTEM_ROLES["viewer"]


def system_role(name: str) -> str | None:
    """The canonical name of the role ``name`` spells in any case, or None if it is none."""
    return SYSTEM_ROLES.get(name.lower()) if name.isascii() else None
