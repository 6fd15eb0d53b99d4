"""Generated SurrealQL statements of every kind, valid and broken, for the language tests.

`generate(n)` returns deterministic `LanguageCase` values: statements built from random
choices of every clause of every statement kind (§3 of the grammar notes), plus mutated
copies (a token dropped, duplicated, swapped or replaced; the text cut short). Each case
carries the prelude the engine needs to run it (a table a view reads, an analyzer an index
uses, …) and a ``family`` label for reports.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PRELUDE = (
    "DEFINE TABLE u; DEFINE TABLE person; DEFINE ANALYZER an TOKENIZERS blank FILTERS lowercase;"
    " DEFINE FUNCTION fn::tok($s: string) { RETURN $s };"
)


@dataclass(frozen=True)
class LanguageCase:
    """One statement for the differential tests."""

    text: str
    family: str
    mutated: bool = False
    prelude: str = PRELUDE


NAMES = ["t", "person", "user_2", "`a b`", "⟨x-y⟩", "Order", "_x", "t1"]
TABLES = ["t", "person", "post", "u"]
FIELD_NAMES = [
    "a",
    "name",
    "a.b",
    "tags[*]",
    "tags.*",
    "emails[*].address",
    "`first name`",
    "settings.theme",
    "in",
    "out",
    "id2",
]
EXPRS = [
    "1",
    "'x'",
    '"double"',
    "$value",
    "$value > 0",
    "string::len($value) > 3",
    "time::now()",
    "[1, 2]",
    "{ a: 1, b: 'c' }",
    "$auth.id = id",
    "true",
    "false",
    "NONE",
    "NULL",
    "(SELECT * FROM u)",
    "a.b",
    "-1",
    "1.5",
    "10dec",
    "1h30m",
    "d'2024-01-01T00:00:00Z'",
    "u'0189d7e6-6b2d-7d7e-8f3f-5a5a5a5a5a5a'",
    "person:1",
    "person:tobie",
    "$this.x ?? 'y'",
    "count()",
    "[1, 2][0]",
    "<int> '1'",
    "math::max([1, 2])",
    "$value OR 'default'",
    "string::lowercase($value)",
    "array::len($value) <= 10",
    "$value IN ['a', 'b']",
    "$value CONTAINS 'x'",
    "!$value",
    "1 + 2 * 3",
    "(1 + 2) * 3",
    "2 ** 3",
    "$input.name",
    "rand::uuid::v7()",
    "type::record('person', 1)",
    "$value.len()",
    "a[WHERE b > 1]",
    "$parent.id",
    "->likes->post",
    "<-knows<-person",
    "$value ?: 0",
    "1..5",
    "IF $value THEN 1 ELSE 2 END",
    "{ LET $x = 1; RETURN $x; }",
    "$value = NONE OR $value > 0",
    "$before.a != $after.a",
    "sequence::nextval('s')",
    "session::ns()",
    "<string> $value",
    "[1, 2, 3].map(|$x| $x * 2)",
    "|$a: int| $a + 1",
    "/a.b/",
    "{ 1, 2 }",
    "@.a",
]
BAD_EXPRS = [
    "1 +",
    "(1",
    "$",
    "string::nope(1)",
    "1 = 2 = 3",
    "a < b < c",
    "'unterminated",
    "{ a: 1 b: 2 }",
    "person : 1",
    "[1, 2",
    "$x = 1",
    "5min",
    "1abc",
    "`",
]
# More expression forms, and more broken ones.
EXPRS += [
    "$value.{ a, b: c.d }", "person:1.{1..3}", "person:1->(likes WHERE a > 1)->post",
    "person:1->(SELECT * FROM likes LIMIT 2)", "|person:1..3|", "1..=5", "..5", "5..",
    "$value @1@ 'x'", "v <|3|> [1, 2]", "{,}", "[1, 2, 3][1..]", "$value[$]", "$value[-1]",
    "a.b...", "$value.*.x", "(1, 2)", "b'0a0b'", "r'person:1'", "9223372036854775807",
    "-9223372036854775808", "1_000", "1e3", "10f", "NaN", "-Infinity", "<set<int>> [1, 1]",
    "<option<int>> NONE", "<record<person>> 'person:1'", "MATH::MAX([1])", "math::PI",
    "time::EPOCH", "fn::tok('x')", "type::field('a')", "$value.len() > 0 && true || false",
    "{ a: 1, 'b c': 2, 3: 4 }", "[1, [2, [3]]]", "(SELECT VALUE a FROM ONLY person:1)",
    "function($a) { return $a; }", "$value INSIDE { 1, 2 }", "$value NOTINSIDE [1]",
    "$value ALLINSIDE [1]", "$value ∈ [1]", "a IS NOT NONE", "a NOT IN [1]", "-(1 + 2)",
    "+1", "<-likes<->person", "$after.tags.len()", "($value OR 1) ?? 2",
]  # fmt: skip
BAD_EXPRS += [
    "string::is::email($value)", "<future> { 1 }", "a ~ b", "d'2024-13-01'", "u'x'",
    "(1, 2, 3)", "@", "$1", "1.5.2", "'\\d'", "9223372036854775808", "{ $a: 1 }",
    "type::thing('a', 1)", "a.$", "/a/i", "1h 30m", "person:1.5",
]  # fmt: skip
KINDS = [
    "string",
    "int",
    "option<string>",
    "array<int>",
    "array<string, 3>",
    "record<person>",
    "record<person | u>",
    "set<int>",
    "geometry<point>",
    "point",
    "object",
    "any",
    "bool",
    "number",
    "datetime",
    "duration",
    "decimal",
    "float",
    "uuid",
    "bytes",
    "'a' | 'b'",
    "1 | 2",
    "{ a: int, b: string }",
    "[int, string]",
    "none | int",
    "table<t>",
    "regex",
    "range",
    "array<option<record<person>>>",
    "string | int",
    "option<array<string>>",
    "array",
    "record",
    "geometry<polygon | multipoint>",
    "null | string",
    "set<string, 5>",
    "array<{ x: float }>",
    "STRING",
    "Int",
    "file",
    "literal",
    "option<any>",
    "string | any",
    "user",
    "record(person)",
    "array<int, x>",
    "option",
    "{}",
    "[]",
]
PERM_VALUES = ["NONE", "FULL", "WHERE $auth.id = id", "WHERE true", "WHERE owner = $auth.id"]


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def _expr(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return _pick(rng, BAD_EXPRS)
    return _pick(rng, EXPRS)


def _mode(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return " OVERWRITE"
    if roll < 0.2:
        return " IF NOT EXISTS"
    return ""


def _perms(rng: random.Random, field: bool) -> str:
    roll = rng.random()
    if roll < 0.2:
        return "PERMISSIONS NONE"
    if roll < 0.4:
        return "PERMISSIONS FULL"
    actions = ["select", "create", "update"] + ([] if field and rng.random() < 0.9 else ["delete"])
    groups = []
    for _ in range(rng.randint(1, 3)):
        chosen = rng.sample(actions, rng.randint(1, len(actions)))
        groups.append(f"FOR {', '.join(chosen)} {_pick(rng, PERM_VALUES)}")
    joiner = rng.choice([" ", ", "])
    return "PERMISSIONS " + joiner.join(groups)


def _comment(rng: random.Random) -> str:
    return "COMMENT " + rng.choice(["'a comment'", '"it\'s"', "'x' + 'y'", "NONE", "'é ⟨⟩'"])


def _clauses(rng: random.Random, options: list[str], lo: int = 0, hi: int = 4) -> list[str]:
    count = rng.randint(lo, min(hi, len(options)))
    return rng.sample(options, count)


def define_namespace(rng: random.Random) -> str:
    clauses = [_comment(rng)] if rng.random() < 0.5 else []
    word = rng.choice(["NAMESPACE", "NS"])
    return f"DEFINE {word}{_mode(rng)} {_pick(rng, NAMES)} " + " ".join(clauses)


def define_database(rng: random.Random) -> str:
    options = [
        _comment(rng),
        f"CHANGEFEED {rng.choice(['1h', '2d', '30m'])}",
        "CHANGEFEED 1d INCLUDE ORIGINAL",
        "STRICT",
    ]
    word = rng.choice(["DATABASE", "DB"])
    return f"DEFINE {word}{_mode(rng)} {_pick(rng, NAMES)} " + " ".join(_clauses(rng, options))


def _view(rng: random.Random) -> str:
    fields = rng.choice(
        ["*", "a", "a, b", "count() AS total", "a, count() AS n", "math::sum(b) AS s, a"]
    )
    text = f"SELECT {fields} FROM {rng.choice(['u', 'person', 'u, person'])}"
    if rng.random() < 0.4:
        text += " WHERE a > 1"
    if rng.random() < 0.4:
        text += rng.choice([" GROUP BY a", " GROUP ALL", " GROUP a"])
    return f"({text})" if rng.random() < 0.3 else text


def define_table(rng: random.Random) -> str:
    relation = "TYPE RELATION"
    if rng.random() < 0.6:
        relation += rng.choice(
            [
                " IN person",
                " FROM person | u",
                " IN person OUT post",
                " FROM u TO person",
                " OUT post",
            ]
        )
        if rng.random() < 0.3:
            relation += " ENFORCED"
    options = [
        "DROP",
        rng.choice(["SCHEMAFULL", "SCHEMALESS", "SCHEMAFUL"]),
        rng.choice(["TYPE NORMAL", "TYPE ANY", relation]),
        f"AS {_view(rng)}",
        rng.choice(["CHANGEFEED 1h", "CHANGEFEED 3d INCLUDE ORIGINAL"]),
        _perms(rng, False),
        _comment(rng),
    ]
    word = rng.choice(["TABLE", "TABLE", "TB"])
    return f"DEFINE {word}{_mode(rng)} {_pick(rng, NAMES)} " + " ".join(_clauses(rng, options))


def define_field(rng: random.Random) -> str:
    kind = _pick(rng, KINDS)
    type_clause = f"TYPE {kind}"
    if rng.random() < 0.15:
        type_clause += rng.choice([" FLEXIBLE", " FLEX"])
    options = [
        type_clause,
        "READONLY",
        f"VALUE {_expr(rng)}",
        f"ASSERT {_expr(rng)}",
        f"DEFAULT {_expr(rng)}",
        f"DEFAULT ALWAYS {_expr(rng)}",
        _perms(rng, True),
        _comment(rng),
        rng.choice(
            [
                "REFERENCE",
                "REFERENCE ON DELETE CASCADE",
                "REFERENCE ON DELETE REJECT",
                "REFERENCE ON DELETE IGNORE",
                "REFERENCE ON DELETE UNSET",
                "REFERENCE ON DELETE THEN { CREATE log }",
            ]
        ),
        f"COMPUTED {_expr(rng)}",
    ]
    on = rng.choice(["ON", "ON TABLE"])
    head = f"DEFINE FIELD{_mode(rng)} {_pick(rng, FIELD_NAMES)} {on} {_pick(rng, TABLES)}"
    return head + " " + " ".join(_clauses(rng, options, 0, 5))


def define_index(rng: random.Random) -> str:
    fields = rng.choice(["a", "a, b", "a.b", "tags[*]", "name, email", "a + 1", "v"])
    roll = rng.random()
    if roll < 0.25:
        kind = ""
    elif roll < 0.4:
        kind = "UNIQUE"
    elif roll < 0.5:
        kind = rng.choice(["COUNT", "COUNT WHERE a > 1"])
        fields = "" if rng.random() < 0.8 else fields
    elif roll < 0.65:
        kind = "FULLTEXT"
        if rng.random() < 0.8:
            kind += " ANALYZER an"
        if rng.random() < 0.5:
            kind += rng.choice([" BM25", " BM25(1.2, 0.75)", " BM25(2, 0.5)"])
        if rng.random() < 0.4:
            kind += " HIGHLIGHTS"
    elif roll < 0.85:
        kind = f"HNSW DIMENSION {rng.choice([3, 4, 128])}"
        opts = [
            f"DIST {rng.choice(['COSINE', 'EUCLIDEAN', 'MANHATTAN', 'MINKOWSKI 3'])}",
            f"TYPE {rng.choice(['F32', 'F64', 'I16', 'F16'])}",
            f"EFC {rng.randint(10, 300)}",
            f"M {rng.choice([4, 8, 16, 200])}",
            f"M0 {rng.randint(8, 64)}",
            f"LM {rng.choice(['0.5', '1', '0.25'])}",
            "EXTEND_CANDIDATES",
            "KEEP_PRUNED_CONNECTIONS",
            "HASHED_VECTOR",
            "DISTANCE CHEBYSHEV",
        ]
        kind += " " + " ".join(_clauses(rng, opts, 0, 4))
    elif roll < 0.92:
        kind = f"DISKANN DIMENSION {rng.choice([3, 8])}"
        opts = [
            f"DIST {rng.choice(['COSINE', 'EUCLIDEAN', 'MANHATTAN'])}",
            f"TYPE {rng.choice(['F32', 'F16', 'I8', 'U8', 'F64'])}",
            f"DEGREE {rng.choice([16, 64])}",
            f"L_BUILD {rng.choice([50, 100])}",
            f"ALPHA {rng.choice(['1.2', '1.5', '2'])}",
            "HASHED_VECTOR",
        ]
        kind += " " + " ".join(_clauses(rng, opts, 0, 3))
    else:
        kind = rng.choice(["SEARCH ANALYZER an BM25", "MTREE DIMENSION 3", "DEFER"])
    parts = []
    if fields:
        parts.append(f"{rng.choice(['FIELDS', 'COLUMNS'])} {fields}")
    if kind:
        parts.append(kind)
    extras = _clauses(rng, [_comment(rng), "CONCURRENTLY"], 0, 2)
    parts = rng.sample(parts, len(parts)) if rng.random() < 0.2 else parts
    head = f"DEFINE INDEX{_mode(rng)} {_pick(rng, NAMES)} ON {_pick(rng, TABLES)}"
    return head + " " + " ".join(parts + extras)


def define_event(rng: random.Random) -> str:
    thens = rng.choice(
        [
            "(CREATE log SET at = time::now())",
            "{ CREATE log }",
            "(UPDATE person SET n += 1), (CREATE log)",
            "1",
            "CREATE log CONTENT { a: $after }",
            "{ THROW 'no' }",
            "http::post('http://x', $after)",
        ]
    )
    options = [f"WHEN {_expr(rng)}", f"THEN {thens}", _comment(rng)]
    clauses = _clauses(rng, options, 1, 3)
    if rng.random() < 0.2:
        clauses.insert(0, "ASYNC" + rng.choice(["", " RETRY 3", " RETRY 1 MAXDEPTH 2"]))
    if rng.random() < 0.05:
        clauses.insert(0, "RETRY 2")
    head = f"DEFINE EVENT{_mode(rng)} {_pick(rng, NAMES)} ON {rng.choice(['', 'TABLE '])}"
    return head + _pick(rng, TABLES) + " " + " ".join(clauses)


def define_function(rng: random.Random) -> str:
    name = rng.choice(["fn::greet", "fn::a::b", "fn::x_1", "fn :: spaced"])
    args = rng.sample(
        [
            "$a: int",
            "$name: string",
            "$x: option<int>",
            "$list: array<string>",
            "$r: record<person>",
            "$any: any",
        ],
        rng.randint(0, 3),
    )
    if rng.random() < 0.05:
        args.append("$untyped")
    returns = f" -> {_pick(rng, KINDS[:20])}" if rng.random() < 0.4 else ""
    body = rng.choice(
        [
            "{ RETURN 1 }",
            "{ 1 }",
            "{ LET $y = 1; RETURN $y; }",
            "{ RETURN $a + 1; }",
            "{}",
            "{ IF true { RETURN 1 } ELSE { RETURN 2 } }",
            "{ SELECT * FROM person WHERE name = $name }",
            "{ THROW 'x' }",
        ]
    )
    extras = _clauses(rng, [_comment(rng), f"PERMISSIONS {_pick(rng, PERM_VALUES)}"], 0, 2)
    text = f"DEFINE FUNCTION{_mode(rng)} {name}({', '.join(args)}){returns} {body}"
    return text + (" " + " ".join(extras) if extras else "")


def define_param(rng: random.Random) -> str:
    options = [f"VALUE {_expr(rng)}", _comment(rng), f"PERMISSIONS {_pick(rng, PERM_VALUES)}"]
    name = rng.choice(["$p", "$limit", "$`a b`", "$_x", "$value2"])
    return f"DEFINE PARAM{_mode(rng)} {name} " + " ".join(_clauses(rng, options, 0, 3))


def define_analyzer(rng: random.Random) -> str:
    tokenizers = ", ".join(rng.sample(["blank", "camel", "class", "punct"], rng.randint(1, 3)))
    filters = ", ".join(
        rng.sample(
            [
                "ascii",
                "lowercase",
                "uppercase",
                "edgengram(1, 3)",
                "ngram(2, 4)",
                "snowball(english)",
                "snowball(fr)",
                "snowball(klingon)",
            ],
            rng.randint(1, 3),
        )
    )
    options = [f"TOKENIZERS {tokenizers}", f"FILTERS {filters}", "FUNCTION fn::tok", _comment(rng)]
    return f"DEFINE ANALYZER{_mode(rng)} {_pick(rng, NAMES)} " + " ".join(
        _clauses(rng, options, 0, 3)
    )


def define_sequence(rng: random.Random) -> str:
    parts = []
    if rng.random() < 0.5:
        parts.append(f"BATCH {rng.choice([10, 100, 1000])}")
    if rng.random() < 0.5:
        parts.append(f"START {rng.choice([0, 5, -10])}")
    if rng.random() < 0.3:
        parts.append(f"TIMEOUT {rng.choice(['1s', '500ms'])}")
    if rng.random() < 0.1:
        parts.reverse()
    return f"DEFINE SEQUENCE{_mode(rng)} {_pick(rng, NAMES)} " + " ".join(parts)


def define_api(rng: random.Random) -> str:
    path = rng.choice(['"/users"', "'/users/:id'", '"/a/*rest"', "'/x'"])
    actions = []
    for _ in range(rng.randint(0, 2)):
        methods = rng.choice(["any", "get", "get, post", "put", "delete", "patch, trace"])
        config = _clauses(
            rng, [f"PERMISSIONS {_pick(rng, PERM_VALUES)}", "MIDDLEWARE api::timeout(1s)"], 0, 2
        )
        then = rng.choice(["THEN { RETURN { status: 200 } }", "THEN { 1 }", ""])
        if methods != "any" and not then:
            then = "THEN { RETURN 1 }"
        actions.append(" ".join(["FOR", methods, *config, then]).strip())
    comment = f" {_comment(rng)}" if rng.random() < 0.3 else ""
    return f"DEFINE API{_mode(rng)} {path} " + " ".join(actions) + comment


def define_config(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        opts = rng.choice(
            [
                "AUTO",
                "NONE",
                "TABLES AUTO",
                "TABLES INCLUDE person, u",
                "TABLES EXCLUDE u FUNCTIONS AUTO",
                "FUNCTIONS NONE",
                "TABLES NONE FUNCTIONS INCLUDE fn::tok",
            ]
        )
        return f"DEFINE CONFIG{_mode(rng)} GRAPHQL {opts}"
    if roll < 0.9:
        config = " ".join(
            _clauses(
                rng, [f"PERMISSIONS {_pick(rng, PERM_VALUES)}", "MIDDLEWARE api::timeout(1s)"], 1, 2
            )
        )
        return f"DEFINE CONFIG{_mode(rng)} API {config}"
    return f"DEFINE CONFIG{_mode(rng)} DEFAULT NAMESPACE 'a' DATABASE 'b'"


def define_user(rng: random.Random) -> str:
    options = [
        rng.choice(["PASSWORD 'secret'", "PASSHASH '$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA'"]),
        f"ROLES {rng.choice(['viewer', 'Editor', 'OWNER', 'viewer, eDiToR'])}",
        rng.choice(
            [
                "DURATION FOR TOKEN 1h",
                "DURATION FOR SESSION 2h",
                "DURATION FOR TOKEN 5m, FOR SESSION 1d",
            ]
        ),
        _comment(rng),
    ]
    base = rng.choice(["ROOT", "NAMESPACE", "DATABASE", "NS", "DB"])
    return f"DEFINE USER{_mode(rng)} {_pick(rng, NAMES)} ON {base} " + " ".join(
        _clauses(rng, options, 0, 4)
    )


def remove_stmt(rng: random.Random) -> str:
    exists = " IF EXISTS" if rng.random() < 0.4 else ""
    kind = rng.choice(
        [
            f"TABLE{exists} {_pick(rng, NAMES)}",
            f"FIELD{exists} a ON person",
            f"INDEX{exists} i ON TABLE person",
            f"EVENT{exists} e ON person",
            f"FUNCTION{exists} fn::tok",
            f"FUNCTION{exists} fn::tok()",
            f"PARAM{exists} $p",
            f"ANALYZER{exists} an",
            f"SEQUENCE{exists} s",
            f"API{exists} '/x'",
            f"USER{exists} u ON ROOT",
            f"ACCESS{exists} a ON DB",
            f"NAMESPACE{exists} n",
            f"DATABASE{exists} d",
            f"CONFIG{exists} GRAPHQL",
            "SCOPE s",
            "TOKEN t ON DB",
            f"TABLE AND EXPUNGE{exists} u",
        ]
    )
    return f"REMOVE {kind}"


def alter_stmt(rng: random.Random) -> str:
    exists = " IF EXISTS" if rng.random() < 0.3 else ""
    return "ALTER " + rng.choice(
        [
            f"TABLE{exists} person "
            + " ".join(
                _clauses(
                    rng,
                    [
                        "SCHEMAFULL",
                        "DROP COMMENT",
                        "COMMENT 'x'",
                        "TYPE NORMAL",
                        "PERMISSIONS FULL",
                        "CHANGEFEED 1h",
                        "DROP CHANGEFEED",
                        "COMPACT",
                    ],
                    0,
                    3,
                )
            ),
            f"FIELD{exists} a ON person "
            + " ".join(
                _clauses(
                    rng,
                    [
                        "TYPE int",
                        "DROP DEFAULT",
                        "DEFAULT 1",
                        "READONLY",
                        "DROP READONLY",
                        "VALUE $value",
                        "COMMENT 'c'",
                        "PERMISSIONS NONE",
                    ],
                    0,
                    3,
                )
            ),
            f"INDEX{exists} i ON person " + rng.choice(["COMMENT 'x'", "PREPARE REMOVE", ""]),
            f"EVENT{exists} e ON person " + rng.choice(["WHEN true", "DROP WHEN", "THEN 1", ""]),
            f"PARAM{exists} $p " + rng.choice(["VALUE 2", "DROP COMMENT", ""]),
            f"ANALYZER{exists} an " + rng.choice(["TOKENIZERS blank", "DROP FILTERS", ""]),
            f"SEQUENCE{exists} s TIMEOUT 1s",
            "SYSTEM COMPACT",
            "NAMESPACE COMPACT",
            "DATABASE COMPACT",
            f"USER{exists} u ON ROOT ROLES editor, Owner",
            "SYSTEM",
        ]
    )


def info_stmt(rng: random.Random) -> str:
    return "INFO FOR " + rng.choice(
        [
            "ROOT",
            "KV",
            "NS",
            "NAMESPACE",
            "DB",
            "DATABASE",
            "TABLE person",
            "TB person",
            "USER u",
            "USER u ON ROOT",
            "INDEX i ON person",
            "INDEX i ON TABLE person",
            "DB STRUCTURE",
            "TABLE person STRUCTURE",
            "SCOPE s",
        ]
    )


def misc_stmt(rng: random.Random) -> str:
    return rng.choice(
        [
            "BEGIN",
            "BEGIN TRANSACTION",
            "COMMIT",
            "COMMIT TRANSACTION",
            "CANCEL",
            "CANCEL TRANSACTION",
            "OPTION IMPORT",
            "OPTION IMPORT = false",
            "OPTION FUTURES = true",
            "SLEEP 1ms",
            "SLEEP 2ms",
            "REBUILD INDEX i ON person",
            "REBUILD INDEX IF EXISTS i ON t",
            "SHOW CHANGES FOR TABLE person SINCE 1",
            "SHOW CHANGES FOR DATABASE SINCE 1 LIMIT 5",
            "LIVE SELECT * FROM person",
            "LIVE SELECT DIFF FROM person WHERE a > 1",
            "KILL u'0189d7e6-6b2d-7d7e-8f3f-5a5a5a5a5a5a'",
            "KILL $id",
            "FOR $x IN [1, 2] { CREATE person SET n = $x; }",
            "LET $x = 1",
            "LET $x: int = 1",
            "RETURN 1",
            "THROW 'x'",
            "USE NS test DB test",
            "USE DB test",
            "EXPLAIN SELECT * FROM person",
            "SELECT * FROM person EXPLAIN",
            "SELECT * FROM person EXPLAIN FULL",
        ]
    )


def select_stmt(rng: random.Random) -> str:
    fields = rng.choice(
        [
            "*",
            "a",
            "a, b AS c",
            "VALUE a",
            "count() AS n",
            "*, a.b AS x",
            "a, ->likes->post AS liked",
            "math::sum(n) AS s",
            "a OMIT b",
        ]
    )
    what = rng.choice(
        ["person", "ONLY person:1", "person, u", "$x", "(SELECT * FROM u)", "person:1..5"]
    )
    text = f"SELECT {fields} FROM {what}"
    clauses = [
        "WITH NOINDEX",
        "WITH INDEX i, j",
        f"WHERE {_expr(rng)}",
        "SPLIT a",
        "SPLIT ON a",
        "GROUP BY a",
        "GROUP ALL",
        "ORDER BY a DESC",
        "ORDER BY a ASC, b",
        "ORDER BY RAND()",
        "ORDER a COLLATE NUMERIC",
        "LIMIT 5",
        "LIMIT BY 10",
        "START 2",
        "START AT 3",
        "FETCH a, b",
        "TIMEOUT 1s",
        "PARALLEL",
        "TEMPFILES",
        "VERSION d'2024-01-01T00:00:00Z'",
    ]
    chosen = sorted(_clauses(rng, clauses, 0, 3), key=clauses.index)
    return " ".join([text, *chosen])


def data_stmt(rng: random.Random) -> str:
    data = rng.choice(
        [
            "SET a = 1",
            "SET a += 1, b = 'x'",
            "CONTENT { a: 1 }",
            "MERGE { b: 2 }",
            "PATCH [{ op: 'replace', path: '/a', value: 1 }]",
            "REPLACE { a: 1 }",
            "UNSET a, b",
            "SET a -= 1",
            "SET a +?= 1",
            "",
        ]
    )
    out = rng.choice(
        [
            "",
            "RETURN NONE",
            "RETURN AFTER",
            "RETURN BEFORE",
            "RETURN DIFF",
            "RETURN a, b",
            "RETURN VALUE a",
        ]
    )
    where = f"WHERE {_expr(rng)}" if rng.random() < 0.3 else ""
    which = rng.randrange(7)
    if which == 0:
        return " ".join(
            filter(
                None,
                ["CREATE", rng.choice(["person", "ONLY person:1", "person:ulid()"]), data, out],
            )
        )
    if which in (1, 2):
        word = "UPDATE" if which == 1 else "UPSERT"
        return " ".join(
            filter(
                None, [word, rng.choice(["person", "person:1", "ONLY person:1"]), data, where, out]
            )
        )
    if which == 3:
        return " ".join(
            filter(
                None, ["DELETE", rng.choice(["person", "FROM person", "ONLY person:1"]), where, out]
            )
        )
    if which == 4:
        rel = rng.choice(
            [
                "person:1->likes->post:2",
                "person:1<-likes<-post:2",
                "[person:1, person:2]->knows->person:3",
            ]
        )
        return " ".join(
            filter(
                None,
                [
                    "RELATE",
                    rel,
                    rng.choice(["", "UNIQUE"]),
                    data if "UNSET" not in data else "",
                    out,
                ],
            )
        )
    if which == 5:
        body = rng.choice(
            [
                "{ a: 1 }",
                "[{ a: 1 }, { a: 2 }]",
                "(a, b) VALUES (1, 2), (3, 4)",
                "(a, b) VALUES (1)",
            ]
        )
        dup = " ON DUPLICATE KEY UPDATE a += 1" if rng.random() < 0.3 else ""
        head = rng.choice(
            [
                "INSERT INTO person",
                "INSERT IGNORE INTO person",
                "INSERT RELATION INTO likes",
                "INSERT",
            ]
        )
        return f"{head} {body}{dup}"
    return rng.choice(
        [
            "IF $a { 1 } ELSE IF $b { 2 } ELSE { 3 }",
            "IF $a THEN 1 ELSE 2 END",
            "RETURN [1, 2]",
            "RETURN { a: 1 }",
            "RETURN (SELECT * FROM person)",
            "THROW 'boom'",
            "LET $y = SELECT * FROM person",
            "RETURN person:1->likes->post",
            "RETURN $x.{ a, b }",
            "RETURN a.{1..3}",
            "RETURN |person:1..10|",
            "RETURN function($a) { return $a; }",
            "RETURN r'person:1'",
            "RETURN <future> { 1 }",
            "RETURN string::is::email('a')",
            "RETURN $x = 1",
            "RETURN 1 ~ 2",
            "RETURN [1, 2] ANYINSIDE [2]",
            "RETURN a <|3|> b",
            "RETURN $v.*.a",
            "RETURN person:1.name",
            "RETURN <-knows<->person",
        ]
    )


FAMILIES = {
    "define namespace": define_namespace, "define database": define_database,
    "define table": define_table, "define field": define_field, "define index": define_index,
    "define event": define_event, "define function": define_function,
    "define param": define_param, "define analyzer": define_analyzer,
    "define sequence": define_sequence, "define api": define_api,
    "define config": define_config, "define user": define_user, "remove": remove_stmt,
    "alter": alter_stmt, "info": info_stmt, "misc": misc_stmt, "select": select_stmt,
    "data": data_stmt,
}  # fmt: skip
WEIGHTS = {
    "define field": 4,
    "define table": 3,
    "define index": 3,
    "define event": 2,
    "define function": 2,
    "define param": 2,
    "select": 2,
    "data": 2,
}
JUNK = [
    "FROM",
    "TYPE",
    ",",
    "(",
    ")",
    "{",
    "}",
    "WHERE",
    "ON",
    "$",
    "::",
    "DEFINE",
    "'x'",
    "PERMISSIONS",
    "1",
    "->",
    "|",
    "<",
    ">",
    "AS",
    "SELECT",
    ";",
]


def _mutate(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    roll = rng.random()
    if len(words) < 2:
        return text + " " + _pick(rng, JUNK)
    i = rng.randrange(len(words))
    if roll < 0.3:
        del words[i]
    elif roll < 0.45:
        words.insert(i, words[i])
    elif roll < 0.6 and i + 1 < len(words):
        words[i], words[i + 1] = words[i + 1], words[i]
    elif roll < 0.8:
        words[i] = _pick(rng, JUNK)
    else:
        cut = rng.randrange(1, len(text))
        return text[:cut]
    return " ".join(words)


def generate(count: int, *, seed: int = 3, mutated: float = 0.3) -> list[LanguageCase]:
    """Return ``count`` cases (about ``mutated`` of them broken on purpose)."""
    rng = random.Random(seed)
    names = list(FAMILIES)
    weights = [WEIGHTS.get(n, 1) for n in names]
    cases: list[LanguageCase] = []
    while len(cases) < count:
        family = rng.choices(names, weights)[0]
        text = " ".join(FAMILIES[family](rng).split())
        if rng.random() < mutated:
            cases.append(LanguageCase(_mutate(rng, text), family, mutated=True))
        else:
            cases.append(LanguageCase(text, family))
    return cases
