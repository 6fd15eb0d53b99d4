"""Property tests: whatever text comes in, parse raises only ParseError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import surrealaccess as sa

WORDS = ["DEFINE", "ACCESS", "ON", "DB", "NS", "ROOT", "TYPE", "JWT", "RECORD", "BEARER", "FOR",
         "USER", "ALGORITHM", "HS256", "RS256", "KEY", "URL", "WITH", "ISSUER", "REFRESH",
         "SIGNUP", "SIGNIN", "AUTHENTICATE", "DURATION", "GRANT", "TOKEN", "SESSION", "COMMENT",
         "NONE", "NULL", "SELECT", "FROM", "WHERE", "CREATE", "SET", "IF", "ELSE", "THEN", "END",
         "RETURN", "THROW", "LET", "'s'", '"x"', "$token", ".email", "1h", "30d", "1", "-", "+",
         "(", ")", "{", "}", "[", "]", ",", ";", ":", "::", "=", "!=", "<", ">", "..", "user:1",
         "`a b`", "⟨x⟩", "/*", "*/", "--", "\n", "IN", "NOT", "AND", "OR", "??", "fn::f"]


def _parse_only_raises_parse_error(text: str) -> None:
    try:
        script = sa.parse(text)
    except sa.ParseError as error:
        assert error.line >= 1 and error.column >= 1
        assert str(error)
        return
    sa.check(script)
    sa.format(script)
    sa.format(script, redact=True)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    _parse_only_raises_parse_error(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_token_soup(words: list[str]) -> None:
    _parse_only_raises_parse_error(" ".join(words))
