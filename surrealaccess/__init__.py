"""surrealaccess: read SurrealQL schemas and turn DEFINE ACCESS statements into authentication.

The public surface:

* `parse` / `load`: SurrealQL text or a ``.surql`` file to a typed `ast.Script`;
* `format`: a script or node back to SurrealDB's canonical text;
* `check`: the definition-time checks SurrealDB makes when it runs a statement;
* the exception tree rooted at `SurrealAccessError`.
"""

from __future__ import annotations

from . import ast
from .checks import Problem, check
from .errors import ParseError, SchemaError, SurrealAccessError
from .formatter import format  # mirrors the built-in on purpose, like sqlglot
from .parser import load, parse

__version__ = "0.1.0"

__all__ = [
    "ParseError",
    "Problem",
    "SchemaError",
    "SurrealAccessError",
    "__version__",
    "ast",
    "check",
    "format",
    "load",
    "parse",
]
