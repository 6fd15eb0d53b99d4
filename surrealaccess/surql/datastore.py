"""The datastore protocol: how the interpreter hands statements that need a database elsewhere.

The interpreter evaluates pure SurrealQL itself. Statements that read or write data
(``SELECT``, ``CREATE``, ``UPDATE``, ``UPSERT``, ``DELETE``, ``RELATE``, ``INSERT``) and
functions it does not implement go to the environment's `Datastore`. A datastore receives the
statement twice, as the syntax tree and as surrealaccess's canonical SurrealQL text, together
with every variable in scope; the text refers to variables as ``$name`` parameters and values
are never spliced into it, so an adapter can pass ``variables`` to its driver as query
parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from .. import ast
from .values import Value

__all__ = ["Datastore"]


@runtime_checkable
class Datastore(Protocol):
    """Something that can run one SurrealQL statement and return its value."""

    def query(self, statement: ast.Expr, text: str, variables: Mapping[str, Value]) -> Value:
        """Run ``statement`` and return its value.

        Args:
            statement: the statement's syntax tree (a `ast.Select`, `ast.Create`…, or a
                `ast.FunctionCall` the interpreter cannot run).
            text: the statement as canonical SurrealQL (``surrealaccess.format``), referring to
                variables as ``$name``.
            variables: every variable in scope at that point (``$token``, ``$auth``, ``LET``
                variables…), to bind as query parameters.

        Returns:
            The statement's value in the library's value model (`surrealaccess.surql.values`).
            Errors should be raised as `surrealaccess.surql.EvaluationError`.

        """
        ...
