"""`surrealaccess.lower` and ``surrealaccess lower``: the rules, warnings, text and CLI.

The engine-backed proof is tests/test_lowering_differential.py; the last tests here check the
same property without the engine, against surrealaccess's own runtime on the lowered text.
"""

from __future__ import annotations

import time
from pathlib import Path

import lowering_cases
import pytest

import surrealaccess as sa
from surrealaccess import ast
from surrealaccess.cli import main
from surrealaccess.lowering import AUDIENCE_THROW, ISSUER_THROW, WARNING_CODES

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
JWT = "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 's'"
RECORD = "DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY 's'"
JWT_TAIL = " DURATION FOR TOKEN 1h, FOR SESSION NONE"
RECORD_HEAD = f"{RECORD} WITH ISSUER KEY 's'"
ISS_CHECK = f'IF $token.iss != \'i\' {{ THROW "{ISSUER_THROW}" }}'
AUD_CHECK = (
    "IF !(type::is_string($token.aud) AND $token.aud = 'a' OR type::is_array($token.aud) "
    f'AND $token.aud CONTAINS \'a\') {{ THROW "{AUDIENCE_THROW}" }}'
)


def lowered(text: str) -> tuple[str, list[sa.LoweringWarning]]:
    script, warnings = sa.lower(sa.parse(text))
    return script.source, warnings


def statement(text: str) -> str:
    """The lowered text without its comment lines."""
    source, _ = lowered(text)
    return "\n".join(line for line in source.splitlines() if not line.startswith("--"))


def codes(text: str) -> list[str]:
    return [w.code for w in lowered(text)[1]]


# ---- ISSUER and AUDIENCE --------------------------------------------------------------------


def test_issuer_becomes_a_throwing_check() -> None:
    assert statement(f"{JWT} ISSUER 'i'") == (
        f"DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 's' WITH ISSUER KEY 's' "
        f"AUTHENTICATE {{ {ISS_CHECK} }}{JWT_TAIL}"
    )


def test_several_issuers_use_not_in() -> None:
    assert "IF $token.iss NOTINSIDE ['i', 'j'] { THROW" in statement(f"{JWT} ISSUER 'i', 'j'")


def test_audience_accepts_a_string_or_an_array_each_behind_a_type_check() -> None:
    assert f"AUTHENTICATE {{ {AUD_CHECK} }}" in statement(f"{JWT} AUDIENCE 'a'")
    several = statement(f"{JWT} AUDIENCE 'a', 'b'")
    assert ("IF !(type::is_string($token.aud) AND $token.aud INSIDE ['a', 'b'] OR "
            "type::is_array($token.aud) AND $token.aud CONTAINSANY ['a', 'b'])") in several


def test_checks_run_in_the_order_issuer_then_audience_then_the_original() -> None:
    original = "AUTHENTICATE { IF $token.x { THROW 'x' } }"
    text = statement(f"{JWT} AUDIENCE 'a' ISSUER 'i' {original}")
    assert f"AUTHENTICATE {{ {ISS_CHECK}; {AUD_CHECK}; IF $token.x {{ THROW 'x' }}; }}" in text


def test_an_original_that_is_not_a_block_becomes_the_last_statement() -> None:
    text = statement(f"{JWT} ISSUER 'i' AUTHENTICATE IF $token.x {{ THROW 'x' }}")
    assert f"AUTHENTICATE {{ {ISS_CHECK}; IF $token.x {{ THROW 'x' }}; }}" in text


def test_record_access_returns_its_record() -> None:
    assert statement(f"{RECORD} ISSUER 'i'") == (
        f"{RECORD_HEAD} AUTHENTICATE {{ {ISS_CHECK}; RETURN $auth; }}{JWT_TAIL}"
    )
    # With an original AUTHENTICATE, that clause's value stays the result.
    text = statement(f"{RECORD} ISSUER 'i' AUTHENTICATE {{ RETURN user:x }}")
    assert f"AUTHENTICATE {{ {ISS_CHECK}; RETURN user:x; }}" in text


# ---- CLAIMS on TYPE RECORD ------------------------------------------------------------------


def _claims(mapping: str, extra: str = "") -> str:
    return statement(f"{RECORD} CLAIMS {mapping}{extra}")


def test_claims_with_table() -> None:
    assert _claims("{ id: { path: '$.sub', type: 'record', table: 'user' } }") == (
        f"{RECORD_HEAD} AUTHENTICATE {{ LET $claims_value = $token.sub; LET $claims_auth = "
        "(IF type::is_none($claims_value) { $auth } ELSE IF type::is_string($claims_value) OR "
        "type::is_int($claims_value) { type::record('user', $claims_value) } ELSE { THROW "
        "'claim_invalid: claim id ($.sub) is not a valid record id' }); RETURN $claims_auth; }"
        f"{JWT_TAIL}"
    )


def test_claims_without_table_parse_a_record_id_string() -> None:
    text = _claims("{ id: { path: '$[\"https://x.com/uid\"]', type: 'record' } }")
    assert "LET $claims_value = $token['https://x.com/uid'];" in text
    assert ("ELSE IF type::is_string($claims_value) { type::record($claims_value) } ELSE "
            "{ THROW") in text


def test_required_claim_throws_when_missing() -> None:
    text = _claims("{ id: { path: '$.sub', type: 'record', table: 'u', required: true } }")
    assert ("IF type::is_none($claims_value) { THROW 'claim_missing: claim id ($.sub) is "
            "missing' }") in text


def test_a_default_that_is_not_a_record_leaves_the_token_record() -> None:
    # As ClaimProgram.apply: the default is not coerced, and only a record id becomes $auth.
    text = _claims("{ id: { path: '$.sub', type: 'record', table: 'u', default: 'u:x' } }")
    assert "IF type::is_none($claims_value) { $auth }" in text


def test_nested_paths_are_guarded_by_type() -> None:
    text = _claims("{ id: { path: \"$.app['user id'].id\", type: 'record', table: 'u' } }")
    assert ("LET $claims_value = (IF type::is_object($token.app) AND "
            "type::is_object($token.app['user id']) { $token.app['user id'].id } ELSE "
            "{ NONE });") in text


def test_index_steps_read_arrays_or_one_character_of_a_string() -> None:
    text = _claims("{ id: { path: '$.ids[1]', type: 'record', table: 'u' } }")
    assert ("LET $claims_value = $token.ids; LET $claims_value = (IF "
            "type::is_array($claims_value) { $claims_value[1] } ELSE IF "
            "type::is_string($claims_value) AND string::len($claims_value) > 1 { "
            "string::slice($claims_value, 1, 2) } ELSE { NONE });") in text
    assert "LET $claims_value = NONE;" in _claims(
        "{ id: { path: '$[0]', type: 'record', table: 'u' } }")


def test_the_original_authenticate_sees_the_mapped_record() -> None:
    text = _claims("{ id: { path: '$.sub', type: 'record', table: 'u' } }",
                   " AUTHENTICATE { IF $auth = u:banned { THROW 'no' }; RETURN $auth }")
    assert "IF $claims_auth = u:banned { THROW 'no' }; RETURN $claims_auth; }" in text
    assert "RETURN $auth" not in text


def test_generated_names_avoid_the_original_parameters() -> None:
    text = _claims("{ id: { path: '$.sub', type: 'record', table: 'u' } }",
                   " AUTHENTICATE { LET $claims_auth = 1; RETURN $auth }")
    assert "LET $claims_auth2 = (IF" in text
    assert "LET $claims_auth = 1; RETURN $claims_auth2;" in text


def test_checks_come_before_the_mapping() -> None:
    text = _claims("{ id: { path: '$.sub', type: 'record', table: 'u' } }", " ISSUER 'i'")
    assert f"AUTHENTICATE {{ {ISS_CHECK}; LET $claims_value = $token.sub;" in text


# ---- warnings and the comment above the statement ----------------------------------------------


def test_a_plain_definition_has_no_warnings() -> None:
    assert codes(f"{JWT} AUDIENCE 'a'") == []
    assert codes(f"{RECORD} CLAIMS {{ id: {{ path: '$.sub', type: 'record' }} }}") == []


def test_issuer_warns_that_routing_by_issuer_is_lost() -> None:
    [warning] = lowered(f"{JWT}\n    ISSUER 'i'")[1]
    assert warning.code == "routing-by-issuer"
    assert (warning.access, warning.statement, warning.clause) == ("a", 0, "")
    assert (warning.span.line, warning.span.column) == (2, 5)
    assert str(warning).startswith("<string>:2:5: warning[routing-by-issuer]: routing by issuer")


def test_leeway_and_jwt_claims_are_kept_as_comments() -> None:
    source, warnings = lowered(
        f"-- head\n{JWT} LEEWAY 1m30s CLAIMS {{ email: '$.email' }} AUTHENTICATE {{ RETURN NONE }};"
    )
    assert [w.code for w in warnings] == ["leeway", "claims-jwt"]
    assert [w.clause for w in warnings] == ["LEEWAY 1m30s", "CLAIMS { email: '$.email' }"]
    lines = source.splitlines()
    assert lines[:6] == [
        "-- head",
        "-- surrealaccess lower: not expressible in SurrealDB 3.x",
        "--   LEEWAY 1m30s",
        "--   CLAIMS { email: '$.email' }",
        f"--   warning[leeway]: {warnings[0].message}",
        f"--   warning[claims-jwt]: {warnings[1].message}",
    ]
    # Nothing else was lowered, so the original AUTHENTICATE is unchanged.
    assert lines[6] == (
        "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 's' WITH ISSUER KEY 's' "
        f"AUTHENTICATE {{ RETURN NONE }}{JWT_TAIL};"
    )


@pytest.mark.parametrize("path", ["$..sub", "$.a[*]", "$.a[?(@.b)]", "$", "$['a\\'b']"])
def test_a_path_that_is_not_plain_is_dropped_with_a_warning(path: str) -> None:
    text = f"{RECORD} CLAIMS {{ id: {{ path: {ast_string(path)}, type: 'record' }} }}"
    source, warnings = lowered(text)
    assert [w.code for w in warnings] == ["claims-path"]
    assert warnings[0].clause.startswith("CLAIMS { id:")
    assert "AUTHENTICATE" not in statement(text)
    sa.parse(source, dialect="surrealdb")


def ast_string(text: str) -> str:
    return sa.format(ast.StringLiteral(value=text))


@pytest.mark.parametrize(("claim", "canonical"), [
    ("ns", "NS"), ("ID", "ID"), ('["https://surrealdb.com/record"]', "ID"), ("rl", "RL"),
])
def test_paths_reading_routing_claims_use_the_normalised_name_and_warn(
    claim: str, canonical: str
) -> None:
    path = f"$.{claim}" if not claim.startswith("[") else f"${claim}"
    text = f"{RECORD} CLAIMS {{ id: {{ path: {ast_string(path)}, type: 'record' }} }}"
    assert codes(text) == ["routing-claim-path"]
    assert f"LET $claims_value = $token.{canonical};" in statement(text)


def test_record_sign_in_paths_warn_when_issuer_or_audience_is_lowered() -> None:
    signin = ("DEFINE ACCESS r ON DATABASE TYPE RECORD SIGNIN (SELECT * FROM user) "
              "WITH JWT ALGORITHM HS256 KEY 's'")
    assert codes(f"{signin} AUDIENCE 'a'") == ["sign-in"]
    assert codes("DEFINE ACCESS r ON DATABASE TYPE RECORD WITH REFRESH WITH JWT ALGORITHM HS256 "
                 "KEY 's' AUDIENCE 'a'") == ["sign-in"]
    assert "sign-in" not in codes(f"{signin} CLAIMS {{ id: {{ path: '$.sub', type: 'record' }} }}")


def test_reading_session_beside_claims_warns() -> None:
    text = (f"{RECORD} CLAIMS {{ id: {{ path: '$.sub', type: 'record' }} }} "
            "AUTHENTICATE { RETURN $session.rd }")
    assert codes(text) == ["session-rd"]


def test_warning_codes_are_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in WARNING_CODES:
        assert f"`{code}`" in readme, code


# ---- the text ------------------------------------------------------------------------------


def test_untouched_statements_and_comments_keep_their_text() -> None:
    source = (
        "-- a file comment\n"
        "USE NS test DB test; /* block */\n"
        f"{JWT} COMMENT 'plain'; -- after\n"
        f"  {RECORD} LEEWAY 5s; {JWT.replace(' a ', ' b ')} LEEWAY 1s\n"
        ";\n"
    )
    text, warnings = lowered(source)
    assert [w.code for w in warnings] == ["leeway", "leeway"]
    expected = (
        "-- a file comment\n"
        "USE NS test DB test; /* block */\n"
        f"{JWT} COMMENT 'plain'; -- after\n"
        "  -- surrealaccess lower: not expressible in SurrealDB 3.x\n"
        "  --   LEEWAY 5s\n"
        f"  --   warning[leeway]: {warnings[0].message}\n"
        f"  {RECORD_HEAD}{JWT_TAIL}; \n"
        "-- surrealaccess lower: not expressible in SurrealDB 3.x\n"
        "--   LEEWAY 1s\n"
        f"--   warning[leeway]: {warnings[1].message}\n"
        "DEFINE ACCESS b ON DATABASE TYPE JWT ALGORITHM HS256 KEY 's' WITH ISSUER KEY 's'"
        f"{JWT_TAIL}\n;\n"
    )
    assert text == expected


def test_comment_lines_never_break() -> None:
    text, _ = lowered(f"{JWT} CLAIMS {{ x: '$[\"a\\nb\\u2028c\"]' }}")
    comment = [line for line in text.splitlines() if line.startswith("--")]
    assert len(comment) == 3
    assert sa.parse(text, dialect="surrealdb").accesses[0].extensions == ast.Extensions()


def test_a_script_built_in_code_is_printed_canonically() -> None:
    parsed = sa.parse(f"USE NS test; {JWT} LEEWAY 1s ISSUER 'i'")
    built = ast.Script(statements=parsed.statements)  # no source text
    text, warnings = sa.lower(built)[0].source, sa.lower(built)[1]
    assert text.startswith("USE NS test;\n-- surrealaccess lower:")
    assert text.endswith(f"AUTHENTICATE {{ {ISS_CHECK} }}{JWT_TAIL};\n")
    assert [w.code for w in warnings] == ["routing-by-issuer", "leeway"]


def test_the_result_parses_as_surrealdb_and_keeps_the_path(tmp_path: Path) -> None:
    path = tmp_path / "x.surql"
    path.write_text(f"{JWT} ISSUER 'i';", encoding="utf-8")
    script, warnings = sa.lower(sa.load(path))
    assert script.dialect == "surrealdb"
    assert script.path == str(path) == warnings[0].path
    assert script.accesses[0].authenticate is not None


@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("*.surql")) + sorted(CORPUS.glob("idp/*.surql")),
    ids=lambda p: p.name,
)
def test_corpus_lowers_to_surrealdb_and_is_idempotent(path: Path) -> None:
    original = sa.load(path)
    script, warnings = sa.lower(original)
    again, more = sa.lower(sa.parse(script.source, path=path))
    assert again.source == script.source and more == []
    assert sa.parse(script.source, dialect="surrealdb") == script
    if not any(s.extensions != ast.Extensions() for s in original.accesses):
        assert script.source == original.source and warnings == []
        assert script == original


def test_lowered_definitions_pass_the_definition_checks() -> None:
    text = (f"{RECORD} ISSUER 'i' AUDIENCE 'a' CLAIMS {{ id: {{ path: '$.a[0].b', "
            "type: 'record', table: 'u', required: true } } AUTHENTICATE { RETURN $auth }")
    script, _ = sa.lower(sa.parse(text))
    assert sa.check(script) == []
    sa.compile(script, ns="test", db="test", policy="surrealdb")


def test_invalid_extensions_are_errors() -> None:
    with pytest.raises(sa.CompileError, match="TYPE BEARER"):
        sa.lower(sa.parse("DEFINE ACCESS b ON DATABASE TYPE BEARER FOR USER ISSUER 'i'"))
    with pytest.raises(sa.CompileError, match="only map `id`"):
        sa.lower(sa.parse(f"{RECORD} CLAIMS {{ email: '$.email' }}"))


# ---- the runtime agrees with itself, lowered or not (no engine needed) ------------------------


@pytest.mark.parametrize("definition", lowering_cases.definitions()[::3], ids=lambda d: d.name)
def test_our_runtime_agrees_on_lowered_text(definition: lowering_cases.Definition) -> None:
    now = int(time.time())
    extended = sa.compile(sa.parse(definition.schema), ns="test", db="test", policy="surrealdb")
    lowered_text = sa.lower(sa.parse(definition.schema))[0].source
    plain = sa.compile(sa.parse(lowered_text, dialect="surrealdb"), ns="test", db="test",
                       policy="surrealdb")
    for case in lowering_cases.generate(now):
        if case.definition != definition or "empty" in case.variant or "null" in case.variant \
                or "big" in case.variant:
            continue  # the listed gaps of tests/lowering_known_gaps.txt
        results = []
        for authenticator in (extended, plain):
            try:
                session = authenticator.authenticate(case.token, now=now)
                results.append(("ok", session.to_json()["auth"]))
            except sa.AuthenticationError:
                results.append(("rejected", ""))
        assert results[0] == results[1], case.id


# ---- command line ----------------------------------------------------------------------------


def test_cli_prints_the_lowered_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.surql"
    path.write_text(f"-- mine\n{JWT} ISSUER 'i' LEEWAY 1s;\n", encoding="utf-8")
    assert main(["lower", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == sa.lower(sa.load(path))[0].source
    assert out.startswith("-- mine\n-- surrealaccess lower:")
    assert f"{path}:2:" in err and "warning[routing-by-issuer]" in err and "warning[leeway]" in err
    assert main(["lower", "--strict", str(path)]) == 1
    assert main(["lower", "--strict", "--allow", "leeway", str(path)]) == 1
    assert main(["lower", "--strict", "--allow", "leeway", "--allow", "routing-by-issuer",
                 str(path)]) == 0


def test_cli_several_files_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.surql").write_text(f"{JWT};\n", encoding="utf-8")
    (tmp_path / "b.surql").write_text(f"{JWT} AUDIENCE 'a';\n", encoding="utf-8")
    assert main(["lower", "--strict", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"-- {tmp_path / 'a.surql'}\n{JWT};\n\n-- {tmp_path / 'b.surql'}\n")
    (tmp_path / "c.surql").write_text("DEFINE ACCESS nope", encoding="utf-8")
    assert main(["lower", str(tmp_path / "c.surql")]) == 2
    assert main(["lower", str(tmp_path / "missing.surql")]) == 2
    assert "no such file" in capsys.readouterr().err
