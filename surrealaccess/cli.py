"""The ``surrealaccess`` command line: check, fmt, lint, lower, verify, plan and token."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .checks import check
from .compiler import compile as compile_schema
from .errors import AuthenticationError, CompileError, ParseError, SchemaError
from .formatter import format as format_script
from .lint import cli as lint_cli
from .lowering import WARNING_CODES, lower
from .parser import DIALECTS, load
from .runtime import Authenticator


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 clean, 1 problems, 2 usage or I/O)."""
    parser = argparse.ArgumentParser(
        prog="surrealaccess",
        description="Read SurrealQL schemas and check their DEFINE ACCESS statements.",
    )
    parser.add_argument("--version", action="version", version=f"surrealaccess {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    check_cmd = commands.add_parser(
        "check", help="parse files and run SurrealDB's definition checks"
    )
    check_cmd.add_argument("paths", nargs="+", help=".surql files or directories")
    check_cmd.add_argument("--dialect", choices=DIALECTS, default="extended")

    fmt_cmd = commands.add_parser("fmt", help="print files as SurrealDB's canonical text")
    fmt_cmd.add_argument("paths", nargs="+", help=".surql files or directories")
    fmt_cmd.add_argument(
        "--check", action="store_true", help="list files that would change; exit 1 if any"
    )
    fmt_cmd.add_argument("--redact", action="store_true", help="hide keys as INFO FOR does")
    fmt_cmd.add_argument("--dialect", choices=DIALECTS, default="extended")

    lint_cli.add_parser(commands)

    lower_cmd = commands.add_parser(
        "lower",
        help="print extended-dialect files as plain SurrealDB 3.x text (warnings to stderr)",
        description="Lower ISSUER, AUDIENCE, LEEWAY and CLAIMS to plain SurrealDB 3.x. The "
        "lowered text goes to stdout; what SurrealDB cannot express is kept as a comment "
        "above its statement and reported on stderr.",
    )
    lower_cmd.add_argument("paths", nargs="+", help=".surql files or directories")
    lower_cmd.add_argument(
        "--strict", action="store_true", help="exit 1 if anything could not be lowered")
    lower_cmd.add_argument(
        "--allow", action="append", default=[], choices=WARNING_CODES, metavar="CODE",
        help="with --strict: a warning code that does not fail (repeatable)")

    verify_cmd = commands.add_parser(
        "verify", help="authenticate a token against a schema and print the session as JSON"
    )
    _schema_arguments(verify_cmd)
    verify_cmd.add_argument(
        "token", nargs="?", default="-", help="the token, or - (default) to read it from stdin"
    )
    verify_cmd.add_argument(
        "--now", type=float, default=None, help="Unix time to verify at (default: now)"
    )

    plan_cmd = commands.add_parser(
        "plan", help="compile a schema and print its access plans as JSON (no keys)"
    )
    _schema_arguments(plan_cmd)

    token_cmd = commands.add_parser(
        "token", help="mint a token through a record method's SIGNIN (for local testing)"
    )
    _schema_arguments(token_cmd)
    token_cmd.add_argument("--access", required=True, help="the access method to sign in to")
    token_cmd.add_argument("--var", action="append", default=[], metavar="KEY=VALUE",
                           help="a sign-in variable (a string); repeatable")
    token_cmd.add_argument("--datastore", default=None, metavar="URL",
                           help="the database SIGNIN queries (default: an embedded in-memory "
                                "SurrealDB seeded with the schema)")

    args = parser.parse_args(argv)
    if args.command == "token":
        from .tokencli import run as run_token

        return run_token(args)
    if args.command == "lint":
        return lint_cli.run(args)
    if args.command in ("verify", "plan"):
        return _verify(args) if args.command == "verify" else _plan(args)
    try:
        files = list(_surql_files(args.paths))
    except FileNotFoundError as error:
        print(f"surrealaccess: {error}", file=sys.stderr)
        return 2
    if args.command == "check":
        return _check(files, args.dialect)
    if args.command == "lower":
        return _lower(files, strict=args.strict, allow=args.allow)
    return _fmt(files, args.dialect, check_only=args.check, redact=args.redact)


def _schema_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--schema", required=True, help="the .surql file to compile")
    command.add_argument("--ns", default=None, help="namespace of the schema's definitions")
    command.add_argument("--db", default=None, help="database of the schema's definitions")
    command.add_argument("--policy", choices=("strict", "surrealdb"), default="strict")
    command.add_argument("--dialect", choices=DIALECTS, default="extended")


def _compile(args: argparse.Namespace) -> Authenticator | int:
    try:
        script = load(args.schema, dialect=args.dialect)
        return compile_schema(script, ns=args.ns, db=args.db, policy=args.policy)
    except ParseError as error:
        print(str(error), file=sys.stderr)
        return 2
    except CompileError as error:
        print(str(error), file=sys.stderr)
        return 2
    except (SchemaError, OSError) as error:
        print(f"surrealaccess: {error}", file=sys.stderr)
        return 2


def _verify(args: argparse.Namespace) -> int:
    authenticator = _compile(args)
    if isinstance(authenticator, int):
        return authenticator
    token = sys.stdin.read().strip() if args.token == "-" else args.token
    try:
        session = authenticator.authenticate(token, now=args.now)
    except AuthenticationError as error:
        report = {"error": {"kind": error.kind, "reason": error.reason,
                            "public_message": error.public_message, "detail": error.detail}}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 1
    print(json.dumps(session.to_json(), indent=2, ensure_ascii=False))
    return 0


def _plan(args: argparse.Namespace) -> int:
    authenticator = _compile(args)
    if isinstance(authenticator, int):
        return authenticator
    print(json.dumps(authenticator.to_json(), indent=2, ensure_ascii=False))
    return 0


def _surql_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.surql") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"{name}: no such file or directory")


def _check(files: list[Path], dialect: str) -> int:
    problems = 0
    failed_files = 0
    for path in files:
        found = 0
        try:
            script = load(path, dialect=dialect)  # type: ignore[arg-type]
        except ParseError as error:
            print(f"{error.path}:{error.line}:{error.column}: {error.message}")
            found = 1
        except SchemaError as error:
            print(f"surrealaccess: {error}", file=sys.stderr)
            return 2
        else:
            for problem in check(script):
                print(problem)
                found += 1
        problems += found
        failed_files += bool(found)
    noun = "file" if len(files) == 1 else "files"
    if problems:
        print(f"{len(files)} {noun} checked: {problems} problem(s) in {failed_files} file(s)")
        return 1
    print(f"{len(files)} {noun} checked: no problems")
    return 0


def _lower(files: list[Path], *, strict: bool, allow: list[str]) -> int:
    """``surrealaccess lower``: 0 done, 1 warnings under --strict, 2 unreadable input."""
    outputs: list[str] = []
    failing = 0
    for path in files:
        try:
            lowered, warnings = lower(load(path))
        except (ParseError, CompileError) as error:
            print(str(error), file=sys.stderr)
            return 2
        except (SchemaError, OSError) as error:
            print(f"surrealaccess: {error}", file=sys.stderr)
            return 2
        for warning in warnings:
            print(warning, file=sys.stderr)
        failing += sum(w.code not in allow for w in warnings)
        text = lowered.source
        outputs.append(f"-- {path}\n{text}" if len(files) > 1 else text)
    sys.stdout.write("\n".join(outputs))
    return 1 if strict and failing else 0


def _fmt(files: list[Path], dialect: str, *, check_only: bool, redact: bool) -> int:
    changed = 0
    for path in files:
        try:
            script = load(path, dialect=dialect)  # type: ignore[arg-type]
        except ParseError as error:
            print(str(error), file=sys.stderr)
            return 1
        except SchemaError as error:
            print(f"surrealaccess: {error}", file=sys.stderr)
            return 2
        text = format_script(script, redact=redact)
        if check_only:
            if text != script.source:
                print(path)
                changed += 1
        else:
            sys.stdout.write(text)
    return 1 if changed else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
