"""Helpers shared by several rules: the keys a definition holds, its durations, names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ... import ast
from ...access import HMAC_ALGORITHMS, RANDOM_KEY, access_type, issuer_plan
from ..context import LintContext


@dataclass(frozen=True, slots=True)
class KeyUse:
    """A ``KEY`` written in a definition: what it is for, and its constant text if any."""

    statement: ast.DefineAccess
    algorithm: str
    role: Literal["verify", "issuer"]
    expr: ast.Expr
    text: str | None


def jwt_configs(statement: ast.DefineAccess) -> list[ast.JwtConfig]:
    """The JWT configurations written in a definition (TYPE JWT, WITH JWT)."""
    jwt = access_type(statement).jwt
    return [jwt] if jwt is not None else []


def url_verifiers(statement: ast.DefineAccess) -> list[ast.UrlVerifier]:
    """The JWKS ``URL`` verifiers written in a definition (TYPE JWT URL, WITH JWT URL)."""
    verifiers = []
    for jwt in jwt_configs(statement):
        if isinstance(jwt.verifier, ast.UrlVerifier):
            verifiers.append(jwt.verifier)
    return verifiers


def key_uses(ctx: LintContext) -> Iterator[KeyUse]:
    """Every verify and issuer ``KEY`` of the file's ``DEFINE ACCESS`` statements.

    An issuer key that repeats the verify key's value (SurrealDB requires that for HMAC) is
    not listed again.
    """
    for statement in ctx.accesses():
        for jwt in jwt_configs(statement):
            verify_text: str | None = None
            if isinstance(jwt.verifier, ast.KeyVerifier):
                verify_text = ctx.string_value(jwt.verifier.key)
                yield KeyUse(statement, jwt.verifier.algorithm, "verify", jwt.verifier.key,
                             verify_text)
            plan = issuer_plan(jwt)
            if plan is None or plan.key is RANDOM_KEY or not plan.written:
                continue
            assert isinstance(plan.key, ast.Expr)
            if jwt.issuer is None or plan.key is not jwt.issuer.key:
                continue  # the implied issuer reuses the verify key expression
            text = ctx.string_value(plan.key)
            if verify_text is not None and text == verify_text:
                continue
            yield KeyUse(statement, plan.algorithm, "issuer", plan.key, text)


def hmac(use: KeyUse) -> bool:
    """Whether a key is an HMAC secret."""
    return use.algorithm in HMAC_ALGORITHMS


#: Names of fields and parameters that hold passwords (``pass``, ``$password``,
#: ``password_hash``…), but not ``passport`` or ``bypass``.
PASSWORD_NAME = re.compile(r"(?:^|_)(?:pass(?:word|wd|phrase)?|pwd)(?:_|$)", re.IGNORECASE)


def names(expr: ast.Expr) -> list[str]:
    """The field and parameter names an operand refers to (``a.b`` gives ``a`` and ``b``)."""
    if isinstance(expr, ast.Field):
        return [expr.name]
    if isinstance(expr, ast.Param):
        return [expr.name]
    if isinstance(expr, ast.Idiom):
        found = names(expr.base)
        found.extend(p.name for p in expr.parts if isinstance(p, ast.FieldPart))
        return found
    if isinstance(expr, ast.Paren):
        return names(expr.expr)
    return []


def mentions_password(expr: ast.Expr) -> bool:
    """Whether an operand refers to a password field or parameter."""
    return any(PASSWORD_NAME.search(name) for name in names(expr))


LITERALS = (
    ast.NoneLiteral, ast.NullLiteral, ast.BoolLiteral, ast.NumberLiteral, ast.StringLiteral,
    ast.DurationLiteral, ast.PrefixedString,
)  # fmt: skip


def duration_items(statement: object) -> Iterator[tuple[str, ast.Expr]]:
    """The ``DURATION FOR kind value`` items of a DEFINE/ALTER statement, as (kind, value)."""
    durations = getattr(statement, "durations", None)
    if not isinstance(durations, ast.Durations):
        return
    for kind in ("grant", "token", "session"):
        value = getattr(durations, kind)
        if value is not None:
            yield kind, value


def method_key(statement: ast.DefineAccess | ast.AlterAccess) -> tuple[str, str] | None:
    """(name, base) of an access method, to match ALTER ACCESS with its DEFINE ACCESS."""
    if isinstance(statement, ast.AlterAccess):
        return statement.name, statement.base
    if isinstance(statement.name, ast.Field):
        return statement.name.name, statement.base
    text = LintContext.string_value(statement.name)
    return (text, statement.base) if text is not None else None


def defined_types(
    ctx: LintContext,
) -> dict[tuple[str, str], ast.JwtAccess | ast.RecordAccess | ast.BearerAccess]:
    """The access type of every method the file defines, by (name, base); the last wins."""
    found = {}
    for statement in ctx.accesses():
        key = method_key(statement)
        if key is not None:
            found[key] = access_type(statement)
    return found


def authenticate_clauses(
    ctx: LintContext,
) -> Iterator[tuple[ast.DefineAccess, ast.Expr]]:
    """Each AUTHENTICATE with the definition it belongs to (ALTER ACCESS ones included)."""
    by_key: dict[tuple[str, str], ast.DefineAccess] = {}
    for statement in ctx.statements:
        if isinstance(statement, ast.DefineAccess):
            key = method_key(statement)
            if key is not None:
                by_key[key] = statement
            if statement.authenticate is not None:
                yield statement, statement.authenticate
        elif isinstance(statement, ast.AlterAccess) and statement.authenticate is not None:
            owner = by_key.get((statement.name, statement.base))
            if owner is not None:
                yield owner, statement.authenticate
