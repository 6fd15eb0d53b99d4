r"""Evaluate SurrealQL with SurrealDB 3.x semantics: the value model, operators, built-ins.

The interpreter walks the syntax tree that `surrealaccess.parse` builds; it never generates or
``exec``\\ s Python. It is what runs an ``AUTHENTICATE`` clause::

    from surrealaccess import parse
    from surrealaccess.surql import Environment, Object, Thrown, evaluate

    script = parse(schema_text)
    clause = script.accesses[0].authenticate          # an ast.Expr (usually an ast.Block)
    env = Environment(
        variables={
            "token": Object(claims),                  # normalised claims (values.from_json)
            "auth": None,                             # NONE, or a RecordId
            "access": None,
            "session": Object({...}),                 # the nine $session keys
        },
        datastore=None,                               # or a Datastore for SELECT & co.
        now=None,                                     # or a fixed Datetime
    ).with_script(script)                             # DEFINE FUNCTION / DEFINE PARAM
    try:
        result = evaluate(clause, env)                # a Value; RETURN ends the clause
    except Thrown as thrown:                          # THROW: str(thrown) is the message
        ...                                           # "An error occurred: <value>"
    except EvaluationError as error:                  # any other failure (fail closed)
        ...

The API:

* `Environment` holds what an evaluation sees: ``variables`` (``$token``, ``$auth``,
  ``$session``, ``$access`` and any other names, without ``$``), ``params``
  (``DEFINE PARAM``), ``functions`` (``DEFINE FUNCTION``, by name without ``fn::``), the
  ``datastore`` and the clock ``now``. `Environment.with_script` adds a script's definitions.
  Unknown ``$params`` are NONE, as in SurrealDB; ``LET`` may not set the four protected names.
* `evaluate(expr, env)` returns the value of an expression or block; `execute(script, env)`
  runs a script statement by statement.
* Errors (`surrealaccess.surql.errors`): `EvaluationError` is the base and its ``message`` is
  the engine's wording where known; `Thrown` carries the thrown ``value``; `DatastoreRequired`
  names the statement that needed a database; `Unsupported` marks what this library does not
  implement. Nothing unsupported ever evaluates to a silent NONE.
* Values (`surrealaccess.surql.values`): NONE is ``None``, NULL is `NULL`, arrays are tuples,
  objects are `Object`; `render` prints SurrealQL text, `from_json` converts decoded JSON.
* `Datastore` (`surrealaccess.surql.datastore`) is the protocol for statements that need a
  database: ``query(statement, text, variables) -> Value``.

What is supported: literals and record ids; ``$params``; idioms (``.field``, ``[0]``,
``[$]``, ``[*]``/``.*``, ``[WHERE …]``/``[? …]``, ``.?``, ``...``, method calls such as
``.len()``, quoted keys); every operator of the precedence table except ``@@``; casts to
``string int float decimal number bool datetime duration uuid record record<t> array
array<k> object bytes table option<k> any`` and unions; ``LET`` (with kinds), ``IF``/``ELSE``,
blocks, ``RETURN``, ``THROW``; ``fn::`` functions defined in the script; the built-ins listed
in `surrealaccess.surql.functions.REGISTRY` (``string::*``, ``array::*``, ``object::*``,
``type::*``, ``record::*``, ``time::*``, ``math::*``, ``crypto::*``). Not supported (they
raise `Unsupported`, or go to the datastore): geometries, ranges, closures, graph traversal,
``FOR`` loops, full-text ``@@``, and built-ins outside the registry.
"""

from __future__ import annotations

from .datastore import Datastore
from .errors import DatastoreRequired, EvaluationError, Thrown, Unsupported
from .interpreter import PROTECTED, Environment, evaluate, execute
from .values import (
    NONE,
    NULL,
    Datetime,
    Duration,
    Null,
    Object,
    RecordId,
    Table,
    Value,
    from_json,
    render,
    to_json,
    to_raw_string,
)

__all__ = [
    "NONE",
    "NULL",
    "PROTECTED",
    "Datastore",
    "DatastoreRequired",
    "Datetime",
    "Duration",
    "Environment",
    "EvaluationError",
    "Null",
    "Object",
    "RecordId",
    "Table",
    "Thrown",
    "Unsupported",
    "Value",
    "evaluate",
    "execute",
    "from_json",
    "render",
    "to_json",
    "to_raw_string",
]
