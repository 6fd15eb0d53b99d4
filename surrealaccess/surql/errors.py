"""The errors evaluation raises.

Every error carries ``message``, worded like the engine's message where that is known (for
example ``Cannot perform addition with 'int' and 'string'``), so a caller can show the same
text SurrealDB would. Anything the interpreter does not implement raises `Unsupported`:
evaluation fails closed and never quietly produces ``NONE``.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import SurrealAccessError
from .values import Value, render, to_raw_string

__all__ = ["DatastoreRequired", "EvaluationError", "Thrown", "Unsupported"]


class EvaluationError(SurrealAccessError):
    """Evaluating SurrealQL failed; ``message`` is the engine's wording where it is known."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message,))


class Thrown(EvaluationError):
    """``THROW value`` ran; ``str(error)`` is ``An error occurred: <value>`` as in SurrealDB.

    Strings, datetimes and UUIDs appear bare (``THROW 'bad'`` reads ``An error occurred: bad``),
    anything else in SurrealQL text (``THROW {a: 1}`` reads ``… { a: 1 }``; decimals keep their
    suffix, ``THROW 1.5dec`` reads ``… 1.5dec``, unlike the ``<string>`` cast).
    """

    def __init__(self, value: Value) -> None:
        text = render(value) if isinstance(value, Decimal) else to_raw_string(value)
        super().__init__(f"An error occurred: {text}")
        self.value = value

    def __reduce__(self) -> tuple[object, ...]:
        return (Thrown, (self.value,))


class DatastoreRequired(EvaluationError):
    """A statement or function needs a database and the environment has no datastore.

    ``statement`` names it (``SELECT``, ``CREATE``, ``record::exists``…).
    """

    def __init__(self, statement: str) -> None:
        super().__init__(f"{statement} needs a datastore, and none was given")
        self.statement = statement

    def __reduce__(self) -> tuple[object, ...]:
        return (DatastoreRequired, (self.statement,))


class Unsupported(EvaluationError):
    """SurrealDB can evaluate this, but surrealaccess does not implement it (it fails closed)."""
