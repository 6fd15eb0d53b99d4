"""``surrealaccess token``: mint a token through a record method's SIGNIN, for local testing.

The schema is compiled (``--policy``, ``--ns``, ``--db`` as for ``verify``), then
``signin({ns, db, ac: --access, …--var})`` runs against a database: ``--datastore URL`` (any
URL `SurrealDatastore` takes), or by default an embedded in-memory SurrealDB into which the
schema file itself is loaded first (so its ``CREATE``/``INSERT`` statements seed users). The
result is printed as JSON: ``access`` (the token), ``refresh`` (or null) and ``session``.
Exit status: 0 on success, 1 when sign-in is refused (the error as JSON), 2 for usage, schema
or datastore problems.
"""

from __future__ import annotations

import argparse
import json
import sys

from .compiler import compile as compile_schema
from .errors import AuthenticationError, SchemaError
from .parser import load
from .surql import EvaluationError


def _variables(pairs: list[str]) -> dict[str, object] | str:
    found: dict[str, object] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            return f"--var needs KEY=VALUE, got {pair!r}"
        found[name] = value
    return found


def run(args: argparse.Namespace) -> int:
    """Run the subcommand; returns the exit status."""
    variables = _variables(args.var)
    if isinstance(variables, str):
        print(f"surrealaccess: {variables}", file=sys.stderr)
        return 2
    try:
        script = load(args.schema, dialect=args.dialect)
    except (SchemaError, OSError) as error:
        print(str(error), file=sys.stderr)
        return 2
    try:
        from .datastores import SurrealDatastore
    except ImportError as error:  # pragma: no cover - the package ships it
        print(f"surrealaccess: no datastore adapter: {error}", file=sys.stderr)
        return 2
    ns, db = args.ns, args.db
    try:
        if args.datastore is not None:
            datastore = SurrealDatastore(args.datastore, ns=ns, db=db)
        else:
            datastore = SurrealDatastore("mem://", ns=ns, db=db)
            datastore.execute(script.source)
    except ImportError:
        print("surrealaccess: the surrealdb SDK is needed for `token` "
              "(pip install 'surrealaccess[surrealdb]')", file=sys.stderr)
        return 2
    except (EvaluationError, ValueError) as error:
        print(f"surrealaccess: the datastore failed: {error}", file=sys.stderr)
        return 2
    try:
        authenticator = compile_schema(script, ns=ns, db=db, policy=args.policy,
                                       datastore=datastore)
    except SchemaError as error:
        print(str(error), file=sys.stderr)
        datastore.close()
        return 2
    params: dict[str, object] = {"ac": args.access, **variables}
    if ns is not None:
        params["ns"] = ns
    if db is not None:
        params["db"] = db
    try:
        tokens = authenticator.signin(params)
    except AuthenticationError as error:
        report = {"error": {"kind": error.kind, "reason": error.reason,
                            "public_message": error.public_message, "detail": error.detail}}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 1
    finally:
        datastore.close()
    print(json.dumps({"access": tokens.access, "refresh": tokens.refresh,
                      "session": tokens.session.to_json()}, indent=2, ensure_ascii=False))
    return 0
