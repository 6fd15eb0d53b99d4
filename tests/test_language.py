"""The schema language: every DEFINE kind's INFO text, other statements, and 2.x syntax."""

from __future__ import annotations

import pytest

import surrealaccess as sa
from surrealaccess import ast

#: Statements and the text SurrealDB 3.2.4 prints for them (INFO FOR DB / NS / TABLE).
INFO_TEXT = {
    "DEFINE TABLE t SCHEMAFULL": "DEFINE TABLE t TYPE NORMAL SCHEMAFULL PERMISSIONS NONE",
    "DEFINE TABLE t DROP SCHEMALESS TYPE RELATION IN a|b OUT c ENFORCED CHANGEFEED 2d "
    "PERMISSIONS FOR select WHERE true FOR create, update FULL COMMENT 'x'":
        "DEFINE TABLE t TYPE RELATION IN a | b OUT c ENFORCED DROP SCHEMALESS COMMENT 'x' "
        "CHANGEFEED 2d PERMISSIONS FOR select WHERE true, FOR create, update FULL, "
        "FOR delete NONE",
    "DEFINE TABLE x3 TYPE RELATION FROM a TO b":
        "DEFINE TABLE x3 TYPE RELATION IN a OUT b SCHEMALESS PERMISSIONS NONE",
    "DEFINE TABLE x5 PERMISSIONS FOR select, create, update, delete WHERE $auth.id = id":
        "DEFINE TABLE x5 TYPE ANY SCHEMALESS PERMISSIONS FOR select, create, update, delete "
        "WHERE $auth.id = id",
    "DEFINE FIELD a ON TABLE t TYPE option<array<record<a|b>, 5>> READONLY VALUE $value + 1 "
    "ASSERT $value != NONE DEFAULT ALWAYS 3 PERMISSIONS FOR select FULL FOR update NONE "
    "COMMENT 'c'":
        "DEFINE FIELD a ON t TYPE none | array<record<a | b>, 5> DEFAULT ALWAYS 3 READONLY "
        "VALUE $value + 1 ASSERT $value != NONE COMMENT 'c' PERMISSIONS FOR select, create "
        "FULL, FOR update NONE",
    "DEFINE FIELD c ON t TYPE record<u> REFERENCE ON DELETE CASCADE":
        "DEFINE FIELD c ON t TYPE record<u> REFERENCE ON DELETE CASCADE PERMISSIONS FULL",
    "DEFINE FIELD j ON t TYPE record REFERENCE":
        "DEFINE FIELD j ON t TYPE record REFERENCE ON DELETE IGNORE PERMISSIONS FULL",
    "DEFINE FIELD f ON t TYPE 'a' | 'b' | 1 | {b: string, a: int} | [int, string] | "
    "geometry<point|polygon> | set<int, 3> | duration | bool":
        "DEFINE FIELD f ON t TYPE 'a' | 'b' | 1 | { a: int, b: string } | [int, string] | "
        "geometry<point | polygon> | set<int, 3> | duration | bool PERMISSIONS FULL",
    "DEFINE FIELD i ON t PERMISSIONS NONE":
        "DEFINE FIELD i ON t PERMISSIONS FOR select, create, update NONE",
    "DEFINE FIELD g.h[*] ON t TYPE int DEFAULT 1":
        "DEFINE FIELD g.h.* ON t TYPE int DEFAULT 1 PERMISSIONS FULL",
    "DEFINE INDEX i1 ON t FIELDS a, b.c UNIQUE COMMENT 'x'":
        "DEFINE INDEX i1 ON t FIELDS a, b.c UNIQUE COMMENT 'x'",
    "DEFINE INDEX i2 ON t COUNT": "DEFINE INDEX i2 ON t COUNT",
    "DEFINE INDEX i3 ON t COLUMNS a FULLTEXT ANALYZER an BM25(1.2, 0.75) HIGHLIGHTS":
        "DEFINE INDEX i3 ON t FIELDS a FULLTEXT ANALYZER an BM25(1.2,0.75) HIGHLIGHTS",
    "DEFINE INDEX i5 ON t FIELDS v HNSW DIMENSION 4":
        "DEFINE INDEX i5 ON t FIELDS v HNSW DIMENSION 4 DIST EUCLIDEAN TYPE F32 EFC 150 M 12 "
        "M0 24 LM 0.40242960438184466f",
    "DEFINE INDEX i7 ON t FIELDS v DISKANN DIMENSION 4":
        "DEFINE INDEX i7 ON t FIELDS v DISKANN DIMENSION 4 DIST EUCLIDEAN TYPE F32 DEGREE 64 "
        "L_BUILD 100 ALPHA 1.2f",
    "DEFINE INDEX i6 ON t FIELDS a CONCURRENTLY": "DEFINE INDEX i6 ON t FIELDS a",
    "DEFINE EVENT e2 ON t THEN { RETURN 1 }": "DEFINE EVENT e2 ON t WHEN true THEN { RETURN 1 }",
    "DEFINE EVENT e3 ON t ASYNC RETRY 3 MAXDEPTH 2 THEN 1":
        "DEFINE EVENT e3 ON t ASYNC RETRY 3 MAXDEPTH 2 WHEN true THEN 1",
    "DEFINE FUNCTION fn::a::b($x: string, $y: option<int>) { LET $z = 1; RETURN $x; } "
    "COMMENT 'c' PERMISSIONS WHERE $auth.admin = true":
        "DEFINE FUNCTION fn::a::b($x: string, $y: none | int) { LET $z = 1; RETURN $x; } "
        "COMMENT 'c' PERMISSIONS WHERE $auth.admin = true",
    "DEFINE FUNCTION fn::e() {}": "DEFINE FUNCTION fn::e() {;} PERMISSIONS FULL",
    "DEFINE PARAM $r": "DEFINE PARAM $r VALUE NONE PERMISSIONS FULL",
    "DEFINE PARAM $q VALUE [1, 2] COMMENT 'c' PERMISSIONS NONE":
        "DEFINE PARAM $q VALUE [1, 2] COMMENT 'c' PERMISSIONS NONE",
    "DEFINE ANALYZER an TOKENIZERS blank, class FILTERS lowercase, edgengram(1,3), "
    "snowball(en)":
        "DEFINE ANALYZER an TOKENIZERS BLANK,CLASS FILTERS LOWERCASE, EDGENGRAM(1,3), "
        "SNOWBALL(ENGLISH)",
    "DEFINE SEQUENCE s2": "DEFINE SEQUENCE s2 BATCH 1000 START 0",
    "DEFINE API \"/x/:id\" FOR get, post MIDDLEWARE api::timeout(1s) PERMISSIONS FULL THEN "
    "{ RETURN 1 } FOR any THEN { 2 } COMMENT 'c'":
        "DEFINE API '/x/:id' FOR any PERMISSIONS FULL THEN { 2 } FOR get, post MIDDLEWARE "
        "api::timeout(1s) PERMISSIONS FULL THEN { RETURN 1 } COMMENT 'c'",
    "DEFINE CONFIG GRAPHQL AUTO": "DEFINE CONFIG GRAPHQL TABLES AUTO FUNCTIONS AUTO",
    "DEFINE NAMESPACE IF NOT EXISTS x COMMENT \"hi\"": "DEFINE NAMESPACE x COMMENT 'hi'",
    "DEFINE DATABASE d2 CHANGEFEED 1h INCLUDE ORIGINAL STRICT COMMENT \"c\"":
        "DEFINE DATABASE d2 COMMENT 'c' CHANGEFEED 1h INCLUDE ORIGINAL",
    # INFO upper-cases the roles it stores as written (and keeps their order and repeats).
    "DEFINE USER e1 ON DATABASE PASSWORD 'pw' ROLES editor":
        "DEFINE USER e1 ON DATABASE PASSHASH '[REDACTED]' ROLES EDITOR DURATION FOR TOKEN 1h, "
        "FOR SESSION NONE",
    "DEFINE USER e2 ON DATABASE PASSWORD 'pw' ROLES Editor, OWNER":
        "DEFINE USER e2 ON DATABASE PASSHASH '[REDACTED]' ROLES EDITOR, OWNER DURATION FOR "
        "TOKEN 1h, FOR SESSION NONE",
    "DEFINE USER e5 ON DATABASE PASSWORD 'pw' ROLES eDiToR, editor":
        "DEFINE USER e5 ON DATABASE PASSHASH '[REDACTED]' ROLES EDITOR, EDITOR DURATION FOR "
        "TOKEN 1h, FOR SESSION NONE",
    "DEFINE USER n1 ON NAMESPACE PASSWORD 'pw' ROLES `owner`":
        "DEFINE USER n1 ON NAMESPACE PASSHASH '[REDACTED]' ROLES OWNER DURATION FOR TOKEN 1h, "
        "FOR SESSION NONE",
    "DEFINE USER r1 ON ROOT PASSWORD 'pw' ROLES editor, Viewer":
        "DEFINE USER r1 ON ROOT PASSHASH '[REDACTED]' ROLES EDITOR, VIEWER DURATION FOR TOKEN "
        "1h, FOR SESSION NONE",
    "DEFINE USER r2 ON ROOT PASSWORD 'pw'":
        "DEFINE USER r2 ON ROOT PASSHASH '[REDACTED]' ROLES VIEWER DURATION FOR TOKEN 1h, FOR "
        "SESSION NONE",
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(INFO_TEXT.items()))
def test_define_prints_as_info_for(text: str, expected: str) -> None:
    [node] = sa.parse(text, dialect="surrealdb").statements
    assert sa.format(node, redact=True) == expected
    assert sa.parse(sa.format(node), dialect="surrealdb").statements == (node,)


def test_define_function_and_param_nodes() -> None:
    fn, param = sa.parse(
        "DEFINE FUNCTION fn::greet($name: string, $n: option<int>) -> string "
        "{ RETURN 'hi ' + $name } PERMISSIONS NONE COMMENT 'x';"
        "DEFINE PARAM $limit VALUE 10 PERMISSIONS WHERE $auth.admin"
    ).statements
    assert isinstance(fn, ast.DefineFunction) and isinstance(param, ast.DefineParam)
    assert fn.name == "greet" and fn.args == (("name", "string"), ("n", "none | int"))
    assert fn.returns == "string" and fn.permissions == "NONE"
    assert isinstance(fn.body, ast.Block) and isinstance(fn.body.statements[0], ast.Return)
    assert fn.comment == ast.StringLiteral(value="x")
    assert param.name == "limit" and param.value == ast.NumberLiteral(value=10, kind="int")
    assert isinstance(param.permissions, ast.Idiom)


@pytest.mark.parametrize(
    "text",
    [
        "BEGIN", "BEGIN TRANSACTION; CREATE t; COMMIT TRANSACTION", "CANCEL",
        "OPTION IMPORT = false", "INFO FOR TABLE person STRUCTURE", "INFO FOR USER u ON ROOT",
        "INFO FOR INDEX i ON person", "USE NS a DB b", "LET $x: int = 1", "SLEEP 10ms",
        "KILL u'0189d7e6-6b2d-7d7e-8f3f-5a5a5a5a5a5a'", "LIVE SELECT DIFF FROM person",
        "SHOW CHANGES FOR TABLE person SINCE 1 LIMIT 10", "REBUILD INDEX IF EXISTS i ON t",
        "FOR $x IN [1, 2] { CREATE t SET n = $x }", "EXPLAIN ANALYZE FORMAT JSON SELECT * FROM t",
        "ALTER TABLE t SCHEMAFULL PERMISSIONS FULL", "ALTER FIELD a ON t DROP DEFAULT TYPE int",
        "ALTER SYSTEM COMPACT", "REMOVE FUNCTION IF EXISTS fn::a::b()",
        "REMOVE TABLE AND EXPUNGE t", "REMOVE CONFIG GRAPHQL",
        "SELECT *, a.b AS x FROM person WITH INDEX i WHERE a > 1 ORDER BY x DESC LIMIT 5 "
        "START 2 FETCH x TIMEOUT 1s EXPLAIN FULL",
        "INSERT IGNORE INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE a += 1",
        "RELATE person:1<-likes<-post:2 SET at = time::now()",
        "RETURN [1, 2, 3].map(|$x: int| $x * 2)", "RETURN |$a, $b| -> int { $a + $b }",
        "RETURN |person:1..10|", "RETURN /^[a-z]+$/", "RETURN { 1, 2, 3 }", "RETURN {,}",
        "RETURN $doc.{ name, tags: tags.len() }", "RETURN person:1.{1..3}(->knows->person)",
        "RETURN person:1->(likes, follows WHERE at > d'2024-01-01T00:00:00Z' AS l)->post",
        "RETURN person:1<~(post FIELD author)", "SELECT * FROM person WHERE v <|3|> [1, 2]",
        "RETURN function($a) { return $a + 1; }", "RETURN @.a",
    ],
)  # fmt: skip
def test_statements_parse_and_round_trip(text: str) -> None:
    try:
        script = sa.parse(text, dialect="surrealdb")
    except sa.ParseError as error:  # pragma: no cover - shows the message on failure
        pytest.fail(f"{text}: {error}")
    again = sa.parse(sa.format(script), dialect="surrealdb")
    assert again.statements == script.statements


#: 2.x syntax: rejected like SurrealDB 3.x under "surrealdb", reported by check() under
#: "extended"; each message names the 3.x replacement.
LEGACY = {
    "DEFINE INDEX i ON t FIELDS a SEARCH ANALYZER an BM25 HIGHLIGHTS": "FULLTEXT",
    "DEFINE INDEX i ON t FIELDS v MTREE DIMENSION 3 DIST EUCLIDEAN": "HNSW",
    "DEFINE FIELD o ON t FLEXIBLE TYPE object": "TYPE object FLEXIBLE",
    "DEFINE FIELD e ON t ASSERT string::is::email($value)": "string::is_email",
    "RETURN duration::from::days(3)": "duration::from_days",
    "RETURN type::thing('a', 1)": "type::record",
    "SELECT * FROM t TIMEOUT 1s PARALLEL": "PARALLEL",
    "REMOVE SCOPE account": "REMOVE ACCESS",
    "DEFINE SCOPE account SESSION 1d SIGNIN (SELECT * FROM user)": "DEFINE ACCESS",
}


@pytest.mark.parametrize(("text", "replacement"), list(LEGACY.items()))
def test_legacy_syntax_is_reported_with_its_replacement(text: str, replacement: str) -> None:
    with pytest.raises(sa.ParseError):
        sa.parse(text, dialect="surrealdb")
    problems = sa.check(sa.parse(text, dialect="extended"))
    assert problems and replacement in problems[0].message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("RETURN <future> { 1 }", "COMPUTED"),
        ("RETURN 'a' ~ 'b'", "string::similarity::fuzzy"),
        ("DEFINE FIELD a ON t TYPE object | any", "any"),
        ("DEFINE FIELD a ON t TYPE option<any>", "option<any>"),
        ("DEFINE FIELD a ON t TYPE user", "kind name"),
        ("DEFINE FIELD a ON t TYPE string FLEXIBLE", "object"),
        ("DEFINE FIELD a ON t PERMISSIONS FOR delete NONE", "DELETE"),
        ("DEFINE INDEX i ON t UNIQUE", "field"),
        ("DEFINE INDEX i ON t FIELDS a, b HNSW DIMENSION 3", "one field"),
        ("DEFINE INDEX i ON t FIELDS v HNSW DIMENSION 3 M 200", "127"),
        ("DEFINE EVENT e ON t WHEN true", "THEN"),
        ("DEFINE EVENT e ON t RETRY 2 THEN 1", "ASYNC"),
        ("SELECT count() AS n FROM t GROUP BY a", "Missing group idiom `a`"),
        ("SELECT * FROM t LIMIT 1 WHERE a", "WHERE"),
        ("RETURN string::nope(1)", "string::nope"),
        ("DEFINE SEQUENCE s START 1 BATCH 2", ""),
    ],
)
def test_parse_time_checks(text: str, fragment: str) -> None:
    with pytest.raises(sa.ParseError) as caught:
        sa.parse(text, dialect="surrealdb")
    assert fragment in caught.value.message
