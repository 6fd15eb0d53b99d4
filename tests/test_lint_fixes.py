"""Safe fixes: the rewritten text parses, keeps its comments, and fixing again changes nothing."""

from __future__ import annotations

import re

import pytest

import surrealaccess as sa
from surrealaccess.lint import Edit, apply_fixes, fix, lint
from surrealaccess.lint.diagnostics import Diagnostic, Fix
from surrealaccess.source import NO_SPAN

SCOPE = """-- 2.x schema
DEFINE SCOPE /* keep */ account SESSION 24h -- session comment
    SIGNUP ( CREATE user SET email = $email, pass = crypto::argon2::generate($pass) )
    /* signin */ SIGNIN ( SELECT * FROM user WHERE email = $email
        AND crypto::argon2::compare(pass, $pass) )
    COMMENT 'accounts';
"""

CASES = {
    "scope": SCOPE,
    "scope_ordered": "DEFINE SCOPE s SIGNIN (SELECT * FROM u WHERE crypto::argon2::compare(pass, "
                     "$pass)) SESSION 1h COMMENT 'c'",
    "scope_empty": "DEFINE SCOPE IF NOT EXISTS example;",
    "scope_overwrite": "define scope OVERWRITE s session 2h signup (CREATE u SET "
                       "pass = crypto::argon2::generate($pass));",
    "token": "DEFINE TOKEN tk ON DATABASE VALUE $secret /* v */ TYPE HS512 COMMENT 'x';",
    "token_ns": "DEFINE TOKEN t ON NS TYPE RS256 VALUE $pem;",
    "token_jwks": "DEFINE TOKEN j ON ROOT TYPE JWKS -- idp\n VALUE 'https://idp.example.com/j' "
                  "COMMENT 'idp';",
    "refresh": "DEFINE ACCESS r ON DATABASE TYPE RECORD\n"
               "    WITH JWT ALGORITHM HS512 KEY $k -- the key\n    WITH REFRESH;",
    "two_traps": "DEFINE ACCESS a ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY $k "
                 "WITH REFRESH;\nDEFINE ACCESS b ON DATABASE TYPE RECORD WITH JWT URL "
                 "'https://idp.example.com/j' WITH REFRESH;",
    "mixed": SCOPE + "DEFINE TOKEN t ON DATABASE TYPE HS256 VALUE $k;\n",
}


def _comments(text: str) -> list[str]:
    return re.findall(r"--[^\n]*|/\*.*?\*/", text, re.DOTALL)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fix_parses_is_idempotent_and_keeps_comments(name: str) -> None:
    text = CASES[name]
    before = lint(text)
    assert any(d.fix is not None for d in before), [str(d) for d in before]
    fixed, remaining = fix(text)
    assert fixed != text
    for dialect in ("surrealdb", "extended"):
        sa.parse(fixed, dialect=dialect)  # raises if the result does not parse
    assert all(d.fix is None for d in remaining), [str(d) for d in remaining]
    assert not [d for d in remaining if d.code in ("SA001", "SA403", "SA601")]
    again, _ = fix(fixed)
    assert again == fixed
    kept = [c for c in _comments(text) if "surrealaccess:" not in c]
    assert _comments(fixed)[: len(kept)] == kept or set(kept) <= set(_comments(fixed))


def test_scope_rewrite_text() -> None:
    fixed, _ = fix(CASES["scope_ordered"])
    assert fixed == (
        "DEFINE ACCESS s ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM u WHERE "
        "crypto::argon2::compare(pass, $pass)) DURATION FOR SESSION 1h COMMENT 'c'"
    )
    fixed, _ = fix(CASES["scope_empty"])
    assert fixed == "DEFINE ACCESS IF NOT EXISTS example ON DATABASE TYPE RECORD;"


def test_scope_rewrite_moves_session_after_signin_with_its_comments() -> None:
    fixed, _ = fix(SCOPE)
    script = sa.parse(fixed, dialect="surrealdb")
    [define] = script.accesses
    assert isinstance(define.type, sa.ast.RecordAccess)
    assert define.type.signup is not None and define.type.signin is not None
    assert sa.format(define.durations.session) == "1d"  # 24h, printed canonically
    assert "/* keep */" in fixed and "-- session comment" in fixed and "/* signin */" in fixed
    assert fixed.index("SIGNIN") < fixed.index("DURATION FOR SESSION 24h")


def test_token_rewrites() -> None:
    assert fix(CASES["token_ns"])[0] == "DEFINE ACCESS t ON NS TYPE JWT ALGORITHM RS256 KEY $pem;"
    fixed = fix(CASES["token_jwks"])[0]
    assert fixed == ("DEFINE ACCESS j ON ROOT TYPE JWT -- idp\n URL 'https://idp.example.com/j' "
                     "COMMENT 'idp';")
    fixed = fix(CASES["token"])[0]
    assert "TYPE JWT ALGORITHM HS512 KEY $secret COMMENT 'x'" in fixed and "/* v */" in fixed


def test_suppressed_diagnostics_are_not_fixed() -> None:
    text = "-- surrealaccess: ignore[SA601] kept for the 2.x cluster\nDEFINE SCOPE x SESSION 1h;\n"
    assert fix(text) == (text, [])


def test_legacy_statements_without_a_safe_rewrite_keep_their_diagnostic() -> None:
    for text in ("DEFINE TOKEN t ON SCOPE s TYPE HS512 VALUE $k;",
                 "DEFINE TOKEN t ON DATABASE TYPE HS512;",
                 "DEFINE TOKEN t ON DATABASE TYPE HS512 VALUE $a VALUE $b;"):
        fixed, remaining = fix(text)
        assert fixed == text
        assert [d.code for d in remaining] == ["SA601"]


def test_refresh_fix_inserts_the_comma_before_the_comment() -> None:
    fixed, _ = fix(CASES["refresh"])
    assert "KEY $k, -- the key\n    WITH REFRESH;" in fixed


def test_unused_suppression_fix() -> None:
    text = ("-- surrealaccess: ignore[SA105, SA101] short on purpose\n"
            "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret';\n"
            "DEFINE ACCESS b ON DATABASE TYPE JWT ALGORITHM HS256 KEY $k; "
            "-- surrealaccess: ignore[SA105]\n")
    [unused] = [d for d in lint(text) if d.code == "SA003"]
    assert unused.span.line == 3
    fixed, remaining = fix(text)
    assert remaining == []
    assert fixed.endswith("KEY $k;\n")
    partial = ("-- surrealaccess: ignore[SA105, SA999] why\n"
               "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY $k || 'x';\n")
    fixed, _ = fix(partial)
    assert fixed.startswith("\nDEFINE") or fixed.startswith("DEFINE")


def test_apply_fixes_skips_overlapping_edits() -> None:
    def diag(start: int, end: int, content: str) -> Diagnostic:
        return Diagnostic("SA003", "warning", "m", NO_SPAN, "x",
                          Fix("f", (Edit(start, end, content),)))

    text, count = apply_fixes("abcdef", [diag(0, 2, "X"), diag(1, 3, "Y"), diag(4, 4, "Z")])
    assert (text, count) == ("Xcd" + "Z" + "ef", 2)
