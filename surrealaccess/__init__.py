"""surrealaccess: read SurrealQL schemas and turn DEFINE ACCESS statements into authentication.

The public surface:

* `parse` / `load`: SurrealQL text or a ``.surql`` file to a typed `ast.Script`;
* `format`: a script or node back to SurrealDB's canonical text;
* `check`: the definition-time checks SurrealDB makes when it runs a statement;
* `compile`: a script to an `Authenticator` of immutable `AccessPlan` objects, whose
  `Authenticator.authenticate` turns a token into a `Session` or an `AuthenticationError`;
* `lint`: a script to `Diagnostic` objects (the rules of `surrealaccess lint`);
* `lower`: an extended-dialect script to plain SurrealDB 3.x, with `LoweringWarning` objects
  for what SurrealDB cannot express;
* `SurrealDatastore`: run the database statements of AUTHENTICATE clauses on SurrealDB (the
  optional ``surrealdb`` SDK is imported only when one connects);
* the exception tree rooted at `SurrealAccessError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import ast
from .checks import Problem, check
from .compiler import compile  # mirrors the built-in on purpose, like `format`
from .errors import (
    AuthenticationError,
    CompileError,
    CompileProblem,
    ParseError,
    SchemaError,
    SurrealAccessError,
)
from .formatter import format  # mirrors the built-in on purpose, like sqlglot
from .jwks import HttpResponse, JwksEvent, JwksOptions
from .lint import Diagnostic, LintConfig, lint
from .lowering import LoweringWarning, lower
from .parser import load, parse
from .plan import AccessPlan
from .recordid import RecordId
from .runtime import Authenticator
from .session import Session

if TYPE_CHECKING:
    from .datastores.surreal import SurrealDatastore

__version__ = "0.1.0"

__all__ = [
    "AccessPlan",
    "AuthenticationError",
    "Authenticator",
    "CompileError",
    "CompileProblem",
    "Diagnostic",
    "HttpResponse",
    "JwksEvent",
    "JwksOptions",
    "LintConfig",
    "LoweringWarning",
    "ParseError",
    "Problem",
    "RecordId",
    "SchemaError",
    "Session",
    "SurrealAccessError",
    "SurrealDatastore",
    "__version__",
    "ast",
    "check",
    "compile",
    "format",
    "lint",
    "load",
    "lower",
    "parse",
]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing surrealaccess never imports the datastore module (or the SDK).
    if name == "SurrealDatastore":
        from .datastores.surreal import SurrealDatastore

        return SurrealDatastore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
