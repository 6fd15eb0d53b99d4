"""Parser API, spans, dialects and error reporting."""

from __future__ import annotations

import pickle

import pytest

import surrealaccess as sa
from surrealaccess import ast


def test_parse_returns_typed_nodes_with_spans() -> None:
    text = "USE NS app DB main;\n\nDEFINE ACCESS api ON DB TYPE JWT ALGORITHM HS256 KEY 's';"
    script = sa.parse(text, path="x.surql")
    assert script.path == "x.surql"
    use, define = script.statements
    assert isinstance(use, ast.Use)
    assert isinstance(define, ast.DefineAccess)
    assert script.accesses == (define,)
    assert (define.span.line, define.span.column) == (3, 1)
    assert text[define.span.start : define.span.end].startswith("DEFINE ACCESS api")
    assert text[define.span.start : define.span.end].endswith("'s'")
    assert isinstance(define.type, ast.JwtAccess)
    verifier = define.type.jwt.verifier
    assert isinstance(verifier, ast.KeyVerifier) and verifier.algorithm == "HS256"
    assert verifier.key == ast.StringLiteral(value="s")
    assert (verifier.key.span.line, verifier.key.span.column) == (3, 54)


def test_keywords_are_case_insensitive_and_usable_as_names() -> None:
    script = sa.parse("define access type on db type jwt algorithm hs512 key 'k' comment 'c'")
    define = script.accesses[0]
    assert define.name == ast.Field(name="type")
    assert define.base == "DATABASE"
    assert isinstance(define.type, ast.JwtAccess)
    assert define.type.jwt.verifier == ast.KeyVerifier(
        algorithm="HS512", key=ast.StringLiteral(value="k")
    )


def test_escaped_and_string_names() -> None:
    names = [sa.parse(f"DEFINE ACCESS {n} ON DB TYPE BEARER FOR USER").accesses[0].name
             for n in ("`my-access`", "⟨weird name⟩", "'strname'", "$n")]
    assert names == [ast.Field(name="my-access"), ast.Field(name="weird name"),
                     ast.StringLiteral(value="strname"), ast.Param(name="n")]


def test_clauses_repeat_and_the_last_wins() -> None:
    define = sa.parse(
        "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 's' COMMENT 'one' COMMENT 'two' "
        "DURATION FOR TOKEN 1h DURATION FOR TOKEN 2h TYPE RECORD"
    ).accesses[0]
    assert define.comment == ast.StringLiteral(value="two")
    assert define.durations.token == ast.DurationLiteral(nanoseconds=2 * 3600 * 10**9)
    assert define.type == ast.RecordAccess()
    assert [c.keyword for c in define.clauses] == [
        "TYPE", "COMMENT", "COMMENT", "DURATION", "DURATION", "TYPE"
    ]


def test_record_access_forms() -> None:
    define = sa.parse(
        "DEFINE ACCESS a ON DB TYPE RECORD SIGNUP (CREATE user SET email = $email) "
        "SIGNIN (SELECT * FROM user WHERE email = $email AND crypto::argon2::compare(pass, $pass)) "
        "WITH REFRESH WITH JWT ALGORITHM HS256 KEY 'k'"
    ).accesses[0]
    kind = define.type
    assert isinstance(kind, ast.RecordAccess) and kind.refresh
    assert isinstance(kind.signup, ast.Create)
    assert isinstance(kind.signin, ast.Select)
    where = kind.signin.where
    assert isinstance(where, ast.BinaryOp) and where.op == "AND"
    assert where.right == ast.FunctionCall(
        name="crypto::argon2::compare", args=(ast.Field(name="pass"), ast.Param(name="pass")))


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("DEFINE ACCESS a ON NS TYPE RECORD",
         "Unexpected token `RECORD`, expected a valid access type at this level", 28),
        ("DEFINE ACCESS a ON NS TYPE BEARER FOR RECORD",
         "Unexpected token `RECORD`, expected USER", 39),
        ("DEFINE ACCESS a ON DB TYPE BEARER", "Unexpected end of file, expected FOR", 34),
        ("DEFINE ACCESS a ON DB TYPE JWT",
         "Unexpected end of file, expected `ALGORITHM`, or `URL`", 31),
        ("DEFINE ACCESS a ON DB TYPE RECORD WITH ISSUER KEY 'a'",
         "Unexpected token `ISSUER`, expected JWT or REFRESH", 40),
        ("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'a' "
         "WITH ISSUER ALGORITHM HS512 KEY 'a'",
         "Unexpected token `HS512`, expected a compatible algorithm or no algorithm", 78),
        ("DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'k' WITH REFRESH",
         "Unexpected token `REFRESH`, expected ISSUER", 73),
        ("DEFINE ACCESS a ON DB DURATION FOR FOO 1h",
         "Unexpected token `an identifier`, expected GRANT, TOKEN or SESSIONS", 36),
        ("DEFINE ACCESS a ON SCOPE",
         "Unexpected token `an identifier`, expected 'NAMESPACE', 'DATABASE' or 'ROOT'", 20),
        ("DEFINE ACCESS a TYPE JWT", "Unexpected token `TYPE`, expected ON", 17),
    ],
)
def test_engine_parse_errors(text: str, message: str, column: int) -> None:
    with pytest.raises(sa.ParseError) as caught:
        sa.parse(text, dialect="surrealdb")
    error = caught.value
    assert error.message == message
    assert (error.line, error.column) == (1, column)
    rendered = str(error)
    assert rendered.startswith(f"<string>:1:{column}: {message}\n1 | {text}\n")
    assert rendered.splitlines()[-1].index("^") == len("1 | ") + column - 1


def test_error_carries_path_and_expected_tokens() -> None:
    with pytest.raises(sa.ParseError) as caught:
        sa.parse("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM", path="schema.surql")
    assert caught.value.path == "schema.surql"
    assert caught.value.expected == ("a valid algorithm",)
    assert str(caught.value).startswith("schema.surql:1:41:")
    assert isinstance(caught.value, sa.SchemaError)
    assert isinstance(caught.value, sa.SurrealAccessError)
    clone = pickle.loads(pickle.dumps(caught.value))
    assert (clone.message, clone.line, clone.column, str(clone)) == (
        caught.value.message, caught.value.line, caught.value.column, str(caught.value))


def test_extensions_are_rejected_in_the_surrealdb_dialect() -> None:
    text = "DEFINE ACCESS a ON DB TYPE JWT URL 'https://x/jwks' ISSUER 'https://x/'"
    define = sa.parse(text).accesses[0]
    assert define.extensions.issuers == (ast.StringLiteral(value="https://x/"),)
    with pytest.raises(sa.ParseError, match="ISSUER is a surrealaccess extension"):
        sa.parse(text, dialect="surrealdb")


def test_legacy_statements_parse_in_extended_and_fail_in_surrealdb() -> None:
    scope = "DEFINE SCOPE account SESSION 24h SIGNIN (SELECT * FROM user WHERE email = $email)"
    node = sa.parse(scope).statements[0]
    assert isinstance(node, ast.DefineScope) and node.name == "account"
    assert [p.message.split(";")[0] for p in sa.check(sa.parse(scope))] == [
        "DEFINE SCOPE was removed in SurrealDB 3.x"]
    with pytest.raises(sa.ParseError) as caught:
        sa.parse(scope, dialect="surrealdb")
    assert caught.value.message.startswith(
        "Unexpected token `an identifier`, expected a define statement keyword"
    )
    assert caught.value.column == 8
    token = sa.parse("DEFINE TOKEN t ON DB TYPE HS512 VALUE 'x'").statements[0]
    assert isinstance(token, ast.DefineToken) and token.algorithm == "HS512"


def test_other_access_statements() -> None:
    script = sa.parse(
        "ALTER ACCESS IF EXISTS a ON DB DROP COMMENT DURATION FOR TOKEN 5m, FOR SESSION NONE;"
        "REMOVE ACCESS IF EXISTS a ON NS;"
        "ACCESS api ON DB GRANT FOR USER bob; ACCESS api SHOW ALL; ACCESS api REVOKE GRANT g1;"
        "ACCESS api PURGE EXPIRED, REVOKED FOR 1d;"
        "DEFINE USER bob ON DB PASSWORD 'x' ROLES editor, OWNER DURATION FOR SESSION 1h"
    )
    alter, remove, grant, show, revoke, purge, user = script.statements
    assert isinstance(alter, ast.AlterAccess) and alter.if_exists and alter.drop_comment
    assert alter.durations.session == ast.NoneLiteral()
    assert isinstance(remove, ast.RemoveAccess) and remove.base == "NAMESPACE"
    assert grant == ast.AccessGrant(access="api", base="DATABASE", subject="USER", user="bob")
    assert show == ast.AccessShow(access="api", base=None, action="SHOW")
    assert revoke == ast.AccessShow(access="api", base=None, action="REVOKE", grant="g1")
    assert isinstance(purge, ast.AccessPurge) and purge.expired and purge.revoked
    assert isinstance(user, ast.DefineUser) and user.roles == ("editor", "OWNER")  # as written


def test_user_roles_keep_their_spelling() -> None:
    # SurrealDB 3.x: DEFINE USER takes only Viewer, Editor or Owner, in any case and quoted
    # or not, and stores the name as written; ALTER USER … ROLES takes any name (a bearer
    # sign-in as the user then fails with "Invalid role").
    user = sa.parse("DEFINE USER u ON ROOT ROLES `Editor`, ⟨oWner⟩, viewer").statements[0]
    assert isinstance(user, ast.DefineUser) and user.roles == ("Editor", "oWner", "viewer")
    assert sa.format(user, redact=True).endswith(" ROLES EDITOR, OWNER, VIEWER DURATION FOR "
                                                 "TOKEN 1h, FOR SESSION NONE")
    assert " ROLES Editor, oWner, viewer " in sa.format(user)
    for text, column in [("DEFINE USER u ON ROOT ROLES foo", 29),
                         ("DEFINE USER u ON ROOT ROLES `foo`", 29),
                         ("DEFINE USER u ON ROOT ROLES editor, Foo", 37)]:
        with pytest.raises(sa.ParseError) as caught:
            sa.parse(text, dialect="surrealdb")
        assert caught.value.message.startswith("Invalid role"), text
        assert caught.value.column == column, text
    with pytest.raises(sa.ParseError):
        sa.parse("DEFINE USER u ON ROOT ROLES 'editor'", dialect="surrealdb")
    alter = sa.parse("ALTER USER u ON ROOT ROLES foo, `edi tor`, Owner").statements[0]
    assert isinstance(alter, ast.Alter)
    assert [item.value for item in alter.items] == [("foo", "edi tor", "Owner")]
    assert sa.format(alter) == "ALTER USER u ON ROOT ROLES foo, `edi tor`, Owner"


def test_expressions() -> None:
    block = sa.parse(
        "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY 'k' AUTHENTICATE {"
        " IF !($token.aud CONTAINS 'api') { THROW 'bad' };"
        " LET $roles = $token['https://x/roles'] ?? [];"
        " RETURN type::record('user', $token.sub) }"
    ).accesses[0].authenticate
    assert isinstance(block, ast.Block)
    if_, let, ret = block.statements
    assert isinstance(if_, ast.IfElse)
    assert isinstance(let, ast.Let) and isinstance(let.value, ast.BinaryOp) and let.value.op == "??"
    index = let.value.left
    assert isinstance(index, ast.Idiom)
    assert index.parts == (ast.IndexPart(index=ast.StringLiteral(value="https://x/roles")),)
    assert isinstance(ret, ast.Return) and isinstance(ret.value, ast.FunctionCall)


@pytest.mark.parametrize(
    "text",
    [
        "RETURN user:1", "RETURN user:⟨a b⟩", "RETURN user:[1, 'a']", "RETURN user:{ a: 1 }",
        "RETURN user:ulid()", "RETURN [1, -2, 1.5, 1e3, 2dec, 1h30m, d'2024-01-01T00:00:00Z']",
        "RETURN $a.b[*].c[$][WHERE x > 1]", "RETURN <record<user>> $x", "RETURN 1 + 2 * 3 ** 4",
        "RETURN $a IN [1] AND $b NOT IN [2] OR $c IS NOT NONE", "RETURN $x ?: 'default'",
        "SELECT count() AS n FROM ONLY user WHERE a GROUP BY n ORDER BY n DESC LIMIT 5 START 1",
        "UPSERT user:1 MERGE { a: 1 } RETURN AFTER", "DELETE FROM user WHERE a RETURN BEFORE",
        "RELATE user:1->likes->post:2 SET at = time::now()",
        "INSERT INTO user (a, b) VALUES (1, 2), (3, 4) ON DUPLICATE KEY UPDATE a = 5",
        "IF $x THEN 1 ELSE IF $y THEN 2 ELSE 3 END", "LET $x: int = 5",
    ],
)
def test_expression_forms_parse_and_reprint(text: str) -> None:
    printed = sa.format(sa.parse(text).statements[0])
    assert sa.format(sa.parse(printed).statements[0]) == printed


@pytest.mark.parametrize(
    "text",
    ["$x = 1", "RETURN 'unterminated", "/* open", "RETURN 1h 30m", "RETURN 5min",
     "RETURN 9223372036854775808", "RETURN '\\d'", "DEFINE ACCESS select ON DB",
     "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM 'HS256' KEY 'k'", "RETURN person : tobie"],
)
def test_invalid_text_raises_parse_error(text: str) -> None:
    with pytest.raises(sa.ParseError):
        sa.parse(text)


def test_load_reads_files_and_reports_missing_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.surql"
    path.write_text("DEFINE ACCESS a ON DB TYPE BEARER FOR USER;", encoding="utf-8")
    assert len(sa.load(path).accesses) == 1
    with pytest.raises(sa.SchemaError):
        sa.load(tmp_path / "missing.surql")
    path.write_bytes(b"DEFINE \xff")
    with pytest.raises(sa.ParseError, match="not valid UTF-8"):
        sa.load(path)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="dialect"):
        sa.parse("", dialect="postgres")  # type: ignore[arg-type]
    assert sa.parse("").statements == ()
    assert sa.parse(";;\n-- only a comment\n;").statements == ()
