"""SurrealDB's messages for a definition that already exists, or does not exist, where asked.

The engine words them the same way for system users and access methods: ``The user 'x'
already exists in the database 'app'``, ``The root access method 'x' does not exist``.
"""

from __future__ import annotations

from typing import Literal

#: What is defined: a system user or an access method.
Definition = Literal["user", "access method"]
#: Where it is defined.
Level = Literal["ROOT", "NAMESPACE", "DATABASE"]


def already_exists(what: Definition, level: Level, ns: str | None, db: str | None,
                   name: str) -> str:
    """The message for a plain DEFINE of something that is already defined there."""
    return _message(what, level, ns, db, name, "already exists")


def does_not_exist(what: Definition, level: Level, ns: str | None, db: str | None,
                   name: str) -> str:
    """The message for ALTER / REMOVE (without IF EXISTS) of something not defined there."""
    return _message(what, level, ns, db, name, "does not exist")


def _message(what: Definition, level: Level, ns: str | None, db: str | None, name: str,
             state: str) -> str:
    if level == "ROOT":
        return f"The root {what} '{name}' {state}"
    if level == "NAMESPACE":
        return f"The {what} '{name}' {state} in the namespace '{ns or ''}'"
    return f"The {what} '{name}' {state} in the database '{db or ''}'"
