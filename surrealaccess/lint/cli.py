"""``surrealaccess lint``: the command-line front end of the linter."""

from __future__ import annotations

import argparse
import glob
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..parser import DIALECTS
from ..source import span_at
from .config import LintConfig, LintConfigError, find_config, load_config
from .diagnostics import SEVERITIES, SEVERITY_RANK, Diagnostic
from .linter import fix, lint
from .registry import enabled_codes, get_rule
from .reporters import FORMATS, FileReport, render, use_colour

STDIN = "-"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``lint`` subcommand to the main parser."""
    cmd = commands.add_parser(
        "lint",
        help="find insecure and broken access definitions (rule codes SA001…)",
        description="Lint SurrealQL schema files. Exit status: 0 clean, 1 findings at or "
        "above --fail-on, 2 usage or I/O error.",
    )
    cmd.add_argument("paths", nargs="+", help=".surql files, directories, globs, or - (stdin)")
    cmd.add_argument("--format", choices=FORMATS, default="text", dest="output_format")
    cmd.add_argument("--select", action="append", default=None, metavar="CODES",
                     help="comma-separated codes or prefixes to run (replaces the settings)")
    cmd.add_argument("--extend-select", action="append", default=[], metavar="CODES",
                     help="codes or prefixes to run in addition")
    cmd.add_argument("--ignore", action="append", default=[], metavar="CODES",
                     help="codes or prefixes not to run")
    cmd.add_argument("--fail-on", choices=(*SEVERITIES, "never"), default=None,
                     help="lowest severity that makes the exit status 1 (default: info)")
    cmd.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    cmd.add_argument("--config", default=None, metavar="FILE",
                     help="settings file (pyproject.toml or surrealaccess.toml)")
    cmd.add_argument("--isolated", action="store_true", help="ignore settings files")
    cmd.add_argument("--dialect", choices=DIALECTS, default=None)
    cmd.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    cmd.add_argument("--output-file", "-o", default=None, metavar="FILE",
                     help="write the report to FILE instead of standard output")
    cmd.add_argument("--stdin-filename", default=None, metavar="NAME",
                     help="the path to report for text read from standard input")


def _codes(values: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [code.strip().upper() for value in values for code in value.split(",") if code.strip()]


def _settings(args: argparse.Namespace) -> LintConfig:
    if args.config is not None:
        config = load_config(args.config)
    elif args.isolated:
        config = LintConfig()
    else:
        found = find_config(Path.cwd())
        config = load_config(found) if found is not None else LintConfig()
    fail_on = args.fail_on if args.fail_on in SEVERITIES else None
    config = config.with_overrides(
        select=_codes(args.select),
        extend_select=_codes(args.extend_select) or (),
        ignore=_codes(args.ignore) or (),
        fail_on=fail_on,
        dialect=args.dialect,
    )
    enabled_codes(config)  # raises LintConfigError for an unknown selector
    return config


def _files(paths: Sequence[str]) -> Iterator[str]:
    for name in paths:
        if name == STDIN:
            yield STDIN
            continue
        path = Path(name)
        if path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*.surql") if p.is_file())
        elif path.is_file():
            yield name
        elif glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise FileNotFoundError(f"{name}: no file matches")
            for match in matches:
                yield from _files([match]) if Path(match).is_dir() else [match]
        else:
            raise FileNotFoundError(f"{name}: no such file or directory")


def _not_utf8(path: str, data: bytes, error: UnicodeDecodeError) -> Diagnostic:
    text = data.decode("utf-8", "replace")
    start = len(data[: error.start].decode("utf-8", "replace"))
    rule = get_rule("SA001")
    return Diagnostic(rule.code, rule.severity, "The file is not valid UTF-8",
                      span_at(text, start, min(start + 1, len(text))), rule.name, path=path)


def run(args: argparse.Namespace) -> int:
    """Run ``surrealaccess lint``; return the exit status."""
    from .. import __version__

    try:
        config = _settings(args)
        files = list(_files(args.paths))
    except (LintConfigError, FileNotFoundError) as error:
        print(f"surrealaccess: {error}", file=sys.stderr)
        return 2
    reports: list[FileReport] = []
    for name in files:
        shown = (args.stdin_filename or "<stdin>") if name == STDIN else name
        path_for_rules = args.stdin_filename if name == STDIN else name
        try:
            data = sys.stdin.buffer.read() if name == STDIN else Path(name).read_bytes()
        except OSError as error:
            print(f"surrealaccess: {name}: {error.strerror or error}", file=sys.stderr)
            return 2
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            reports.append(FileReport(shown, data.decode("utf-8", "replace"),
                                      (_not_utf8(shown, data, error),)))
            continue
        if args.fix:
            fixed, diagnostics = fix(text, config=config, path=path_for_rules)
            if name == STDIN:
                sys.stdout.write(fixed)
            elif fixed != text:
                try:
                    Path(name).write_text(fixed, encoding="utf-8")
                except OSError as error:
                    print(f"surrealaccess: {name}: {error.strerror or error}", file=sys.stderr)
                    return 2
            text = fixed
        else:
            diagnostics = lint(text, config=config, path=path_for_rules)
        reports.append(FileReport(shown, text, tuple(diagnostics)))
    stdout_busy = args.fix and STDIN in files
    target = sys.stderr if stdout_busy else sys.stdout
    colour = args.output_file is None and use_colour(target, args.color)
    output = render(reports, args.output_format, colour=colour, version=__version__)
    if args.output_file is not None:
        try:
            Path(args.output_file).write_text(output, encoding="utf-8")
        except OSError as error:
            print(f"surrealaccess: {args.output_file}: {error.strerror or error}",
                  file=sys.stderr)
            return 2
    else:
        target.write(output)
    if args.fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[config.fail_on]
    failing = any(
        SEVERITY_RANK[d.severity] >= threshold for r in reports for d in r.diagnostics
    )
    return 1 if failing else 0
