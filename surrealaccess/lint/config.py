"""Lint settings: rule selection, thresholds, and where they are read from.

Settings live in ``[tool.surrealaccess.lint]`` of a ``pyproject.toml`` or in ``[lint]`` of a
``surrealaccess.toml``. `find_config` looks in the starting folder and then its parents; in
each folder ``surrealaccess.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml``
counts only when it has a ``[tool.surrealaccess]`` table (as ruff does for ``[tool.ruff]``).
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any, Final, get_args

from ..ast import Dialect
from ..lexical import DAY, is_duration_text, parse_duration
from .diagnostics import SEVERITIES, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

CONFIG_FILES: Final = ("surrealaccess.toml", "pyproject.toml")


class LintConfigError(ValueError):
    """A setting is unknown or has a value of the wrong kind."""


@dataclass(frozen=True, slots=True)
class LintConfig:
    """Which rules run, and the thresholds some of them use.

    Selectors are rule codes or code prefixes (``SA1`` selects every key-material rule,
    ``ALL`` every rule). ``select`` replaces the default selection when not empty,
    ``extend_select`` adds to it, ``ignore`` removes; the longest matching selector wins,
    and on a tie ``ignore`` wins. ``per_file_ignores`` maps glob patterns (matched against
    the path as given and against its file name) to codes ignored in those files.
    """

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = "info"
    dialect: Dialect = "extended"
    #: Sessions longer than this (nanoseconds) are reported (SA303).
    max_session: int = 7 * DAY
    #: Tokens longer than this are reported (SA304).
    max_token: int = DAY
    #: Refresh and bearer grants longer than this are reported (SA305).
    max_grant: int = 30 * DAY
    #: HMAC secrets whose estimated entropy is below this many bits are reported (SA103).
    min_secret_entropy: float = 128.0
    #: Where the settings came from (for messages), or None for the defaults.
    source: str | None = field(default=None, compare=False)

    def with_overrides(
        self,
        *,
        select: Iterable[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        fail_on: Severity | None = None,
        dialect: Dialect | None = None,
    ) -> LintConfig:
        """Apply command-line options: ``select`` replaces, the others extend or replace."""
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            extend_select=self.extend_select + tuple(extend_select),
            ignore=self.ignore + tuple(ignore),
            fail_on=fail_on or self.fail_on,
            dialect=dialect or self.dialect,
        )


#: TOML key → `LintConfig` attribute, for the duration thresholds.
_DURATION_KEYS: Final = {
    "max-session-duration": "max_session",
    "max-token-duration": "max_token",
    "max-grant-duration": "max_grant",
}


def config_from_mapping(data: Mapping[str, Any], *, source: str | None = None) -> LintConfig:
    """Build a `LintConfig` from the keys of a ``[tool.surrealaccess.lint]`` table."""
    values: dict[str, Any] = {}
    where = f" in {source}" if source else ""
    for key, value in data.items():
        if key in ("select", "extend-select", "ignore"):
            values[key.replace("-", "_")] = _codes(key, value, where)
        elif key == "per-file-ignores":
            if not isinstance(value, Mapping):
                raise LintConfigError(f"per-file-ignores{where} must be a table")
            values["per_file_ignores"] = tuple(
                (str(pattern), _codes(f"per-file-ignores.{pattern}", codes, where))
                for pattern, codes in value.items()
            )
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise LintConfigError(f"fail-on{where} must be one of {', '.join(SEVERITIES)}")
            values["fail_on"] = value
        elif key == "dialect":
            if value not in get_args(Dialect):
                raise LintConfigError(f"dialect{where} must be 'surrealdb' or 'extended'")
            values["dialect"] = value
        elif key in _DURATION_KEYS:
            if not isinstance(value, str) or not is_duration_text(value):
                raise LintConfigError(f"{key}{where} must be a SurrealQL duration such as '12h'")
            values[_DURATION_KEYS[key]] = parse_duration(value)
        elif key == "min-secret-entropy-bits":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise LintConfigError(f"{key}{where} must be a non-negative number")
            values["min_secret_entropy"] = float(value)
        else:
            raise LintConfigError(f"unknown lint setting {key!r}{where}")
    return LintConfig(source=source, **values)


def _codes(key: str, value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise LintConfigError(f"{key}{where} must be a list of rule codes")
    return tuple(item.strip().upper() for item in value)


def load_config(path: str | Path) -> LintConfig:
    """Read the lint settings of one ``pyproject.toml`` or ``surrealaccess.toml`` file."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as error:
        raise LintConfigError(f"{file}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise LintConfigError(f"{file}: {error}") from None
    if file.name == "pyproject.toml":
        table = document.get("tool", {}).get("surrealaccess", {}).get("lint", {})
    else:
        table = document.get("lint", {})
    if not isinstance(table, Mapping):
        raise LintConfigError(f"{file}: the lint settings must be a table")
    return config_from_mapping(table, source=str(file))


def find_config(start: str | Path) -> Path | None:
    """The settings file that applies in ``start`` (a folder), or None."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / "surrealaccess.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and _has_tool_table(project):
            return project
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return False
    tool = document.get("tool", {})
    return isinstance(tool, Mapping) and "surrealaccess" in tool


def file_ignores(config: LintConfig, path: str | None) -> tuple[str, ...]:
    """The codes that ``per_file_ignores`` turns off for ``path``."""
    if path is None or not config.per_file_ignores:
        return ()
    posix = PurePath(path).as_posix()
    name = PurePath(path).name
    found: list[str] = []
    for pattern, codes in config.per_file_ignores:
        if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(name, pattern):
            found.extend(codes)
    return tuple(found)
