"""The built-in function registry: SurrealQL name → a small Python function.

Each built-in is registered with `builtin`, which records its parameter kinds; the registry
checks the number and kinds of arguments and raises the engine's messages
(``Incorrect arguments for function string::len(). Expected 1 argument``). Implementations
receive coerced arguments and return a value; the few that need the environment (the clock,
the datastore) ask for a `Context` as their first parameter.

Only names SurrealDB 3.x has are registered (``type::is_string``, not the 2.x
``type::is::string``). A name that is not registered is either a SurrealDB built-in that
surrealaccess does not implement (its family, such as ``geo::`` or ``http::``, exists) — the
interpreter then hands the call to the datastore, or raises `Unsupported` without one — or not
a function at all, which raises ``Invalid function/constant path`` like the engine's parser.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import EvaluationError
from ..kinds import Kind, coerce, parse_kind
from ..values import Datetime, Value

__all__ = ["CONSTANTS", "FAMILIES", "REGISTRY", "Builtin", "Context", "builtin", "call"]


class Context(Protocol):
    """What a built-in may ask of the running interpreter."""

    def now(self) -> Datetime:
        """The evaluation's current time (fixed for one evaluation)."""
        ...

    def delegate(self, name: str, args: Sequence[Value]) -> Value:
        """Run the call ``name(args)`` on the datastore (or raise `DatastoreRequired`)."""
        ...


@dataclass(frozen=True, slots=True)
class Builtin:
    """A registered built-in function."""

    name: str
    function: Callable[..., Value]
    params: tuple[tuple[Kind, ...], ...]
    required: int
    variadic: tuple[Kind, ...] | None
    context: bool

    def expected(self) -> str:
        """``Expected 1 argument`` and its variants, as the engine words them."""
        total = len(self.params)
        if self.variadic is not None:
            if self.required == 0:
                return "Expected any number of arguments"
            return f"Expected at least {self.required} argument{'s' * (self.required != 1)}"
        if self.required == total:
            return f"Expected {total} argument{'s' * (total != 1)}"
        return f"Expected {self.required} or {total} arguments" if total - self.required == 1 \
            else f"Expected {self.required} to {total} arguments"


#: Every implemented built-in, by its SurrealQL name.
REGISTRY: dict[str, Builtin] = {}

#: The function families SurrealDB 3.x has; a call to an unregistered name in one of these is a
#: real built-in that surrealaccess does not implement.
FAMILIES = frozenset(
    [
    "api", "array", "bytes", "count", "crypto", "duration", "encoding", "file", "geo", "http",
    "math", "meta", "not", "object", "parse", "rand", "record", "search", "sequence", "session",
    "set", "sleep", "string", "time", "type", "value", "vector",
])


def builtin(
    name: str, *params: str, optional: int = 0, variadic: str | None = None,
    context: bool = False,
) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """Register a built-in: ``params`` are kind texts, the last ``optional`` may be left out."""

    def register(function: Callable[..., Value]) -> Callable[..., Value]:
        REGISTRY[name] = Builtin(
            name=name,
            function=function,
            params=tuple(parse_kind(p) for p in params),
            required=len(params) - optional,
            variadic=parse_kind(variadic) if variadic is not None else None,
            context=context,
        )
        return function

    return register


def call(name: str, args: Sequence[Value], context: Context) -> Value:
    """Check the arguments of a registered built-in and run it."""
    spec = REGISTRY[name]
    count = len(args)
    if count < spec.required or (spec.variadic is None and count > len(spec.params)):
        raise EvaluationError(
            f"Incorrect arguments for function {name}(). {spec.expected()}"
        )
    values: list[Any] = []
    for index, value in enumerate(args):
        kinds = spec.params[index] if index < len(spec.params) else spec.variadic
        assert kinds is not None
        try:
            values.append(coerce(kinds, value))
        except EvaluationError as problem:
            raise EvaluationError(
                f"Incorrect arguments for function {name}(). Argument {index + 1} was the "
                f"wrong type. {problem.message}"
            ) from None
    try:
        if spec.context:
            return spec.function(context, *values)
        return spec.function(*values)
    except EvaluationError:
        raise
    except (ValueError, OverflowError, ArithmeticError, MemoryError, re.error) as problem:
        # A failure inside an implementation fails the call (closed), never the process.
        raise EvaluationError(
            f"Incorrect arguments for function {name}(). {problem}"
        ) from None


def fail(name: str, message: str) -> EvaluationError:
    """An error raised by a built-in, worded like the engine's."""
    return EvaluationError(f"Incorrect arguments for function {name}(). {message}")


def utc(moment: Datetime) -> _dt.datetime:
    """The aware Python datetime of a `Datetime` (microsecond precision)."""
    return moment.moment


#: Constants such as ``math::pi`` (lower-cased path → value).
CONSTANTS: dict[str, Value] = {}


def _load() -> None:
    # Importing the modules registers their functions.
    from . import array, crypto, math, object, record, string, time, type_  # noqa: F401


_load()
