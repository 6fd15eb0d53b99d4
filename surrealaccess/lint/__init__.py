"""The schema linter: stable rule codes, precise positions, suppressions, safe fixes.

``lint(text)`` returns `Diagnostic` objects; ``fix(text)`` applies the safe fixes. Rules
live in `surrealaccess.lint.rules`, one per module; `all_rules` lists them. Settings come
from a `LintConfig` (``[tool.surrealaccess.lint]`` in ``pyproject.toml``, or
``surrealaccess.toml``; see `load_config` and `find_config`). The command line is
``surrealaccess lint``.
"""

from __future__ import annotations

from .config import LintConfig, LintConfigError, config_from_mapping, find_config, load_config
from .diagnostics import Diagnostic, Edit, Fix, Severity
from .linter import apply_fixes, fix, lint
from .registry import Rule, all_rules, enabled_codes, get_rule

__all__ = [
    "Diagnostic",
    "Edit",
    "Fix",
    "LintConfig",
    "LintConfigError",
    "Rule",
    "Severity",
    "all_rules",
    "apply_fixes",
    "config_from_mapping",
    "enabled_codes",
    "find_config",
    "fix",
    "get_rule",
    "lint",
    "load_config",
]
