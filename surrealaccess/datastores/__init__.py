"""Datastores: where the statements of an ``AUTHENTICATE`` clause that need a database run.

`surrealaccess.surql.Datastore` is the protocol; this package holds the adapters that ship with
surrealaccess:

* `SurrealDatastore` (module `surrealaccess.datastores.surreal`): a SurrealDB database through
  the official ``surrealdb`` Python SDK, embedded (``mem://``, ``surrealkv://path``) or remote
  (``ws://``, ``wss://``, ``http://``, ``https://``). It needs the optional extra
  ``pip install "surrealaccess[surrealdb]"``; the SDK is imported when the first datastore
  connects, never when surrealaccess is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .surreal import SurrealDatastore, SurrealDatastoreError

__all__ = ["SurrealDatastore", "SurrealDatastoreError"]


def __getattr__(name: str) -> Any:
    if name in ("SurrealDatastore", "SurrealDatastoreError"):
        from . import surreal

        return getattr(surreal, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
