"""RecordId: parsing the ``id`` claim and printing record ids exactly as SurrealDB 3.x does.

Three parts:

* unit tests of the printed forms, key types, errors and value semantics;
* a differential test against the embedded engine (``@pytest.mark.oracle``): every probe
  (curated ones, deep nesting, and a seeded random generator) is put in the ``id`` claim of a
  record-access token, authenticated, and ``<string> $auth`` is read back. Accept/reject,
  the printed text and the first line of the parse error must all agree. The engine runs in a
  child process because odd inputs may make it abort;
* hypothesis tests: arbitrary text only ever raises ``RecordIdError``, and printed ids parse
  back to themselves.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import random
import re
import subprocess
import sys
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surrealaccess.recordid import (
    NULL,
    Datetime,
    Duration,
    RecordId,
    RecordIdError,
    RecordIdUnsupported,
    RecordObject,
    Value,
    parse_record_id,
)

# --------------------------------------------------------------------------- unit tests

PRINTED_FORMS = [
    # (claim text, how the engine prints $auth) -- all observed with surrealdb-core 3.2.4
    ("user:1", "user:1"),
    ("user:01", "user:1"),
    ("user:-5", "user:-5"),
    ("user:+5a", "user:5"),
    ("user:-5a", "user:`-5`"),
    ("user:1..2", "user:1"),
    ("user:1.5", "user:1"),
    ("user:ab-c", "user:ab"),
    ("user:a b", "user:a"),
    ("user:rand()", "user:rand"),
    ("user:1e3", "user:1e3"),
    ("user:123abc", "user:123abc"),
    ("user:1`x`", "user:`1\\`x\\``"),
    ("user:9223372036854775808", "user:`9223372036854775808`"),
    ("user:-9223372036854775808", "user:-9223372036854775808"),
    ("user:1_000", "user:`1_000`"),
    ("user:_1", "user:`_1`"),
    ("user:NaN", "user:`NaN`"),
    ("user:`36NaN`", "user:36NaN"),
    ("user:`a b`", "user:`a b`"),
    ("user:⟨a b⟩", "user:`a b`"),
    ("user:⟨⟩", "user:``"),
    ("user:`a\\`b`", "user:`a\\`b`"),
    ("user:`a\\u{41}b`", "user:aAb"),
    ("`a b`:x", "`a b`:x"),
    ("⟨123⟩:x", "`123`:x"),
    ("⟨1a⟩:x", "1a:x"),
    ("select:1", "select:1"),
    (" user : /*c*/ 1 -- rest", "user:1"),
    (
        "user:u'0190E5C5-8F6E-7D4C-9C6B-0A1B2C3D4E5F'",
        "user:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f'",
    ),
    ('user:[1,"a"]', "user:[1, 'a']"),
    ("user:[]", "user:[]"),
    ("user:[1,]", "user:[1]"),
    ("user:{}", "user:{  }"),
    ("user:{a:1}", "user:{ a: 1 }"),
    ("user:{b:1, a:2}", "user:{ a: 2, b: 1 }"),
    ("user:{a:1, a:2}", "user:{ a: 2 }"),
    ('user:{\'a b\':1, 1:2, "q\\"":3}', 'user:{ "1": 2, "a b": 1, "q\\"": 3 }'),
    ("user:[\"x'y\", 'x\"y', 'a\\nb', '\\u{8}']", "user:[\"x'y\", 'x\"y', 'a\\nb', '\\u{8}']"),
    ("user:[1.5, 1.0, 1e3, 1e-7, -0.0]", "user:[1.5f, 1f, 1000f, 0.0000001f, -0f]"),
    ("user:[NaN, Infinity, -Infinity, 1e400]", "user:[NaN, Infinity, -Infinity, Infinity]"),
    ("user:[1.50dec, 1.50e1dec, 0.000dec]", "user:[1.5dec, 15.0dec, 0dec]"),
    ("user:[90s, 8d, 1us, 0s]", "user:[1m30s, 1w1d, 1µs, 0ns]"),
    ("user:[d'2020-01-01']", "user:[d'2020-01-01T00:00:00Z']"),
    ("user:[d'2020-01-01T01:20:30.1+02:00']", "user:[d'2019-12-31T23:20:30.100Z']"),
    ("user:[d'2020-01-01T10:20:30.1234567891Z']", "user:[d'2020-01-01T10:20:30.123456789Z']"),
    ("user:[none, null, TRUE, false]", "user:[NONE, NULL, true, false]"),
    (
        "user:[a:1, `b c`:[2], c:{x:u'00000000-0000-0000-0000-000000000000'}]",
        "user:[a:1, `b c`:[2], c:{ x: u'00000000-0000-0000-0000-000000000000' }]",
    ),
    ("user:[s'x', (1), ('y')]", "user:['x', 1, 'y']"),
    ("user:{type:'Point', coordinates:[1.0,2.0]}", "user:{ coordinates: [1f, 2f], type: 'Point' }"),
]


@pytest.mark.parametrize(("text", "printed"), PRINTED_FORMS)
def test_printed_form(text: str, printed: str) -> None:
    record = parse_record_id(text)
    assert str(record) == printed
    assert record.to_json() == printed


def test_key_types() -> None:
    assert parse_record_id("user:1") == RecordId("user", 1)
    assert parse_record_id("user:1").key == 1
    assert parse_record_id("user:⟨a b⟩").key == "a b"
    assert parse_record_id("user:9223372036854775808").key == "9223372036854775808"
    assert parse_record_id("user:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f'").key == uuid.UUID(
        "0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f"
    )
    array = parse_record_id(
        "user:[1, 1.5, 1.5dec, 'a', true, NONE, NULL, 1h, d'2020-01-01T00:00:00.5Z', a:1, [2], "
        "{b:3}]"
    ).key
    assert isinstance(array, tuple)
    assert array[:7] == (1, 1.5, decimal.Decimal("1.5"), "a", True, None, NULL)
    assert array[7] == Duration(3_600_000_000_000)
    assert array[8] == Datetime(
        dt.datetime(2020, 1, 1, 0, 0, 0, 500_000, tzinfo=dt.timezone.utc), 500_000_000
    )
    assert array[9] == RecordId("a", 1)
    assert array[10] == (2,)
    assert array[11] == RecordObject({"b": 3})
    obj = parse_record_id("user:{b:[1], a:'x'}").key
    assert isinstance(obj, RecordObject)
    assert list(obj) == ["a", "b"]
    assert obj["b"] == (1,)
    assert dict(obj) == {"a": "x", "b": (1,)}


def test_equality_follows_surrealql_types() -> None:
    ints, floats, bools = RecordId("t", (1,)), RecordId("t", (1.0,)), RecordId("t", (True,))
    assert len({ints, floats, bools}) == 3
    assert RecordId("t", "1") != RecordId("t", 1)
    assert parse_record_id("t:01") == RecordId("t", 1)
    assert hash(parse_record_id("t:[NaN]")) == hash(RecordId("t", (math.nan,)))
    assert parse_record_id("t:{b:1,a:2}") == RecordId("t", RecordObject({"a": 2, "b": 1}))


def test_constructed_ids_print_like_the_engine() -> None:
    assert str(RecordId("user", "123")) == "user:`123`"
    assert str(RecordId("a b", "x")) == "`a b`:x"
    assert str(RecordId("user", "")) == "user:``"
    assert str(RecordId("user", "tab\there")) == "user:`tab\\there`"
    assert str(RecordId("user", -3)) == "user:-3"
    assert str(RecordId("t", RecordObject({"b": 1, "a": "it's"}))) == 't:{ a: "it\'s", b: 1 }'
    assert str(RecordId("t", (RecordId("u", (1,)), None, NULL))) == "t:[u:[1], NONE, NULL]"
    assert str(Duration(18446744073709551615 * 10**9)) == "584942417355y3w5d7h15s"
    assert str(Duration(1_001_001)) == "1ms1µs1ns"


@pytest.mark.parametrize(
    "key", [True, 1.5, 2**63, -(2**63) - 1, None, b"x", [1], (2**64,), ({"a": 1},)]
)
def test_invalid_keys_are_refused(key: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        RecordId("t", key)


def test_invalid_values_are_refused() -> None:
    for value in (decimal.Decimal("NaN"), decimal.Decimal("1e-29"), decimal.Decimal(2**96)):
        with pytest.raises(ValueError):
            RecordId("t", (value,))
    with pytest.raises(ValueError):
        Duration(-1)
    with pytest.raises(ValueError):
        Duration(2**64 * 10**9)
    with pytest.raises(ValueError):
        Datetime(dt.datetime(2020, 1, 1), 0)
    with pytest.raises(ValueError):
        Datetime(dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), 10**9)
    paris = dt.timezone(dt.timedelta(hours=1))
    moment = Datetime(dt.datetime(2020, 1, 1, 1, 0, 0, 999, tzinfo=paris), 5)
    assert str(moment) == "d'2020-01-01T00:00:00.000000005Z'"


ERRORS = [
    ("bad", "Unexpected end of file, expected :"),
    ("", "Unexpected end of file, expected an identifier"),
    ("user:", "Unexpected end of file, expected an identifier"),
    (":x", "Unexpected token `:`, expected an identifier"),
    ("a::b", "Unexpected token `::`, expected :"),
    ("NaN:1", "Unexpected token `NaN`, expected an identifier"),
    ("user:é", "Invalid token `é`"),
    ("user:'abc'", "Unexpected token `a strand`, expected an identifier"),
    ("user:$x", "Unexpected token `a parameter`, expected an identifier"),
    ("user:..2", "Unexpected token `..`, expected an identifier"),
    ("user:+ 5", "Unexpected whitespace"),
    ("user:-a", "Unexpected token `an identifier`, expected a number"),
    ("user:`abc", "Unexpected end of file, expected identifier to end with ```"),
    ("user:`a\\x`", "Invalid escape sequence"),
    ("user:[1", "Unexpected token `Eof` expected delimiter `]`"),
    ("user:[abc]", "Unexpected token `]`, expected :"),
    ("user:[{1}]", "Unexpected token `}`, expected `,`"),
    ("user:{a:1 ns:2}", "Unexpected token `NAMESPACE` expected delimiter `}`"),
    (
        "user:[9223372036854775808]",
        "Failed to parse number: number cannot fit within a 64bit signed integer",
    ),
    ("user:[1x]", "Invalid token, found unexpected character `x` after number token"),
    (
        "user:[1e29dec]",
        "Failed to parser decimal: Scale exceeds the maximum precision allowed: 29 > 28",
    ),
    ("user:[1d2]", "Invalid duration token, expected a duration suffix found `]`"),
    ("user:u'bad'", "Unexpected end of string, expected UUID token to finish"),
    ("user:[d'2020-02-30']", "Invalid Datetime date: date outside of valid range"),
    ("user:[d'2020-01-01T10:20:30']", "Invalid end of datetime, expected datetime timezone"),
    (
        "user:[f'a:/b']",
        "Unexpected token `a file`, expected the experimental files feature to be enabled",
    ),
    ("user:" + "[" * 101 + "]" * 101, "Exceeded object recursion depth limit"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_engine_errors(text: str, message: str) -> None:
    with pytest.raises(RecordIdError) as caught:
        parse_record_id(text)
    assert not isinstance(caught.value, RecordIdUnsupported)
    assert caught.value.message == message == str(caught.value)


def test_error_offset_and_type() -> None:
    with pytest.raises(RecordIdError) as caught:
        parse_record_id("user:[1, é]")
    assert caught.value.offset == 9
    assert isinstance(caught.value, ValueError)
    with pytest.raises(TypeError):
        parse_record_id(b"user:1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "user:[1..2]",
        "user:[1>..2]",
        "user:[{1, 2}]",
        "user:[{,}]",
        "user:[(1, 2)]",
        "user:{a:{type:'Point', coordinates:[1.0,2.0]}}",
        "user:[b'00ff']",
        "user:[/ab/]",
        "user:[d'0000-01-01']",
        "user:[d'2020-01-01T23:59:59.9999999999Z']",
        "user:[0.12345678901234567890123456789dec]",
    ],
)
def test_unsupported_values_are_refused_loudly(text: str) -> None:
    with pytest.raises(RecordIdUnsupported):
        parse_record_id(text)


# --------------------------------------------------------------------------- probes

CURATED_PROBES: tuple[str, ...] = (
    # basics, whitespace, comments, identifiers
    "user:1",
    "bad",
    "user:a b",
    "user:`a b`",
    "user:{a:1}",
    "user:abc",
    "user:_a",
    "user:a_1",
    "user:1abc",
    "user:123abc",
    "user:1d",
    "user:1ns",
    "user:1e3",
    "user:1e",
    "user:1.5",
    "user:1..2",
    "user:1..",
    "user:..2",
    "user:..",
    "user:1>..2",
    "user:-5",
    "user:+5",
    "user:+5a",
    "user:-5a",
    "user:-a",
    "user:+",
    "user:-",
    "user:9223372036854775807",
    "user:9223372036854775808",
    "user:-9223372036854775808",
    "user:-9223372036854775809",
    "user:00",
    "user:0x10",
    "user:1_000",
    "user:é",
    "user:日本",
    "user:a-b",
    "user:`a\\`b`",
    "user:⟨a⟩b⟩",
    "user:⟨a\\⟩b⟩",
    "user:⟨⟩",
    "user:``",
    "user:",
    ":x",
    "`a b`:x",
    "⟨a b⟩:x",
    " user:1",
    "user:1 ",
    "user: 1",
    "user :1",
    "select:1",
    "SELECT:1",
    "from:x",
    "true:1",
    "NONE:1",
    "user:true",
    "user:NONE",
    "user:NULL",
    "user:select",
    "user:rand()",
    "user:ulid()",
    "user:uuid()",
    "user:rand",
    "user:RAND()",
    "user:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f'",
    'user:u"0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f"',
    "user:u'0190E5C5-8F6E-7D4C-9C6B-0A1B2C3D4E5F'",
    "user:u'bad'",
    "user:u",
    "user:d'2020-01-01'",
    "user:'abc'",
    'user:"abc"',
    "user:[]",
    "user:{}",
    "user:[1,2]",
    "user:[ 1 , 'a' ]",
    'user:["a\\"b"]',
    "user:['it''s']",
    "user:['a\\'b']",
    'user:["x\'y"]',
    "user:['x\"y']",
    "user:[true, false, NONE, NULL]",
    "user:[1.5]",
    "user:[1.0]",
    "user:[1f]",
    "user:[1dec]",
    "user:[1.50dec]",
    "user:[1d]",
    "user:[90s]",
    "user:[1e3]",
    "user:[d'2020-01-01']",
    "user:[d'2020-01-01T00:00:00Z']",
    "user:[u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f']",
    "user:[a:1]",
    "user:[[1,[2]]]",
    "user:[{a:1, b:'x'}]",
    "user:{b:1, a:2}",
    "user:{a:1, a:2}",
    "user:{'a b':1}",
    'user:{"x":1}',
    "user:{1:1}",
    "user:{a:[1,{c:NONE}]}",
    "user:[1,]",
    "user:[1",
    "user:{a:1",
    "user:[b'00ff']",
    "user:[/ab/]",
    "user:[(1,2)]",
    "user:[{1,2,}]",
    "user:[1..2]",
    "user:[NaN]",
    "user:[Infinity]",
    "user:[-Infinity]",
    "user:[-1.5]",
    "user:[+1]",
    "user:[rand()]",
    "user:[$x]",
    "user:[1+1]",
    # escapes, numbers, uuids, objects
    "⟨1a⟩:x",
    "⟨123⟩:x",
    "⟨NaN⟩:1",
    "NaN:1",
    "Infinity:1",
    "user:NaN",
    "user:Infinity",
    "user:⟨NaN⟩",
    "user:⟨Infinity⟩",
    "user:nan",
    "user:1NaN",
    "user:1select",
    "user:1true",
    "user:1NONE",
    "user:1`x`",
    "user:1⟨x⟩",
    "user:1 a",
    "user:1a-b",
    "user:1_a",
    "user:1__",
    "user:_1",
    "user:__",
    "user:+5.5",
    "user:+ 5",
    "user:- 5",
    "user:-5.5",
    "user:-5e3",
    "user:-0",
    "user:+0",
    "user:+9223372036854775808",
    "user:+1_0",
    "user:-1_0",
    "user:/*c*/1",
    "user:--c",
    "user:#c",
    "user:1--c",
    "user//c",
    "user/*x*/:1",
    "user:--5",
    "user:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5fxx'",
    "user:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5'",
    "user:u'0190e5c58f6e-7d4c-9c6b-0a1b2c3d4e5f'",
    "user:u'{0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f}'",
    "user:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5g'",
    "user:U'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f'",
    "user:r'a:1'",
    "user:['user:1']",
    "user:['2020-01-01']",
    "user:[r'a:1']",
    "user:[s'x']",
    "user:[abc]",
    "user:[a:b:c]",
    "user:[a:[1]]",
    "user:[a:{x:1}]",
    "user:[a:u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f']",
    "user:[a:1a]",
    "user:[a:-1]",
    "user:[⟨a b⟩:1]",
    "user:[`a`:`b c`]",
    "user:{'a\"b':1}",
    "user:{'a`b':1}",
    'user:{"a\'b":1}',
    "user:{'a\\\\b':1}",
    "user:{'':1}",
    "user:{_a:1}",
    "user:{NaN:1}",
    "user:{select:1}",
    "user:{1.5:1}",
    "user:{1e3:1}",
    "user:{1d:1}",
    "user:{-1:1}",
    "user:{`a b`:1}",
    "user:{a:1,}",
    "user:{,}",
    "user:{a}",
    "user:{a:1 b:2}",
    "user:[{}]",
    "user:[{,}]",
    "user:[{a}]",
    "user:[{a,}]",
    "user:[{1}]",
    "user:[{type:'Point', coordinates:[1,2]}]",
    "user:{type:'Point', coordinates:[1,2]}",
    "user:[{type:'Point', coordinates:[1,2], x:1}]",
    "user:[{type:'Foo', coordinates:[1,2]}]",
    "user:['a\\nb\\tc\\rd\\0e\\\\f\\bg\\fh\\u{1F600}i\\u00e9']",
    "user:['\\u{8}']",
    "user:[`x`]",
    "user:['it\\'s \"q\"']",
    "user:['\\x']",
    "user:['\\u{110000}']",
    "user:['\\ud800']",
    "user:['abc",
    # values inside arrays: numbers, durations, datetimes, ranges
    "user:[{a:1 b:2}]",
    "user:[{a:1, b}]",
    "user:[{'a' 1}]",
    "user:[{1:2}]",
    "user:[{1, 2}]",
    "user:[9223372036854775807]",
    "user:[9223372036854775808]",
    "user:[-9223372036854775808]",
    "user:[-9223372036854775809]",
    "user:[1e400]",
    "user:[-1e400]",
    "user:[1e-400]",
    "user:[-0.0]",
    "user:[0.1]",
    "user:[1e-7]",
    "user:[1.0e21]",
    "user:[123456789012345680000.0]",
    "user:[1e22]",
    "user:[0.30000000000000004]",
    "user:[1_000.5]",
    "user:[1__]",
    "user:[1e]",
    "user:[1ea]",
    "user:[1x]",
    "user:[1.x]",
    "user:[1.]",
    "user:[1.5de]",
    "user:[1.5dec]",
    "user:[1e3dec]",
    "user:[1.50e1dec]",
    "user:[100dec]",
    "user:[0.000dec]",
    "user:[-1.5dec]",
    "user:[12345678901234567890123456789dec]",
    "user:[0.12345678901234567890123456789dec]",
    "user:[1dx]",
    "user:[1d2]",
    "user:[1h30m]",
    "user:[1µs]",
    "user:[1us]",
    "user:[1ns]",
    "user:[1ms]",
    "user:[1y]",
    "user:[1w]",
    "user:[0s]",
    "user:[1é]",
    "user:[8d]",
    "user:[365d]",
    "user:[1y1d1h1m1s1ms1us1ns]",
    "user:[18446744073709551615s]",
    "user:[18446744073709551616s]",
    "user:[-1d]",
    "user:[+1d]",
    "user:[-NaN]",
    "user:[+Infinity]",
    "user:[-Inf]",
    "user:[Infinityf]",
    "user:[nan]",
    "user:[NAN]",
    "user:[none, null, TRUE, False]",
    "user:[d'2020-01-01T10:20:30.123Z']",
    "user:[d'2020-01-01T10:20:30.123456Z']",
    "user:[d'2020-01-01T10:20:30.123456789Z']",
    "user:[d'2020-01-01T10:20:30.1234567891Z']",
    "user:[d'2020-01-01T10:20:30.9999999999Z']",
    "user:[d'2020-01-01T10:20:30.1Z']",
    "user:[d'2020-01-01T10:20:30+02:00']",
    "user:[d'2020-01-01T01:20:30+02:00']",
    "user:[d'2020-01-01 10:20:30Z']",
    "user:[d'2020-01-01t10:20:30z']",
    "user:[d'2020-01-01T10:20:30']",
    "user:[d'2020-01-01T24:00:00Z']",
    "user:[d'2020-01-01T23:59:60Z']",
    "user:[d'2020-02-30']",
    "user:[d'2020-13-01']",
    "user:[d'20200-01-01']",
    "user:[d'+2020-01-01']",
    "user:[d'-2020-01-01']",
    "user:[d'0000-01-01']",
    "user:[d'2020-001-01']",
    "user:[d'2020-01-01Tjunk']",
    "user:[d'2020-01-01T10:20:30Zjunk']",
    "user:[d'2020-01-01x']",
    'user:[d"2020-01-01"]',
    "user:[d'2020-1-01']",
    "user:[u'0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5fxx']",
    "user:[u'0190E5C5-8f6e-7d4c-9c6b-0a1b2c3d4e5f']",
    "user:[f'a:/b']",
    "user:[(1)]",
    "user:[..]",
    "user:[1>..2]",
    "user:[1 ..2]",
    "user:[1>2]",
    "user:[a:1..2]",
    "user:['a'..'b']",
    "user:[true..]",
    # edge cases: nesting, datetimes, operators, whitespace
    "user:[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    "user:[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "user:[a:+5]",
    "user:[a:+5, 1]",
    "user:[1µ]",
    "user:[1.5é]",
    "user:[1ñs]",
    "user:[d'2020/01/01']",
    "user:[d'2020']",
    "user:[d'2020-01']",
    "user:[d'2020-01-01T10']",
    "user:[d'2020-01-01T10:20:30.Z']",
    "user:[d'2020-01-01T10:20:30+2:00']",
    "user:[d'2020-01-01T10:20:30+24:00']",
    "user:[d'2020-01-01T23:59:59.9999999999Z']",
    "user:[d'2020-01-01T10:20:30+0200']",
    "user:[d'99999-01-01']",
    "user:[d'1234567-01-01']",
    "user:[d'12345678-01-01']",
    "user:[d'2020-01-01T10:20:30,5Z']",
    "user:[d'2020-01-01T10:20:30.5+01:30']",
    "user:[d'x']",
    "user:[d'']",
    "user:[u'']",
    "user:[(1, 2)]",
    "user:[('a')]",
    "user:[(1d)]",
    "user:[(-1)]",
    "user:[(1)..2]",
    "user:[( 1 )]",
    "user:[(a:1)]",
    "user:{a:1, a:[2]}",
    "user:{a:1}x",
    "user:⟨a\\`b⟩",
    "user:`a\\⟩b`",
    "user:`a\\u{41}b`",
    "user:`a\\x`",
    "user:`abc",
    "user:⟨abc",
    "user:`a\\",
    "`a`b:1",
    "user:`a`b",
    "user\xa0:1",
    "user:\u30001",
    "user:1\xa0a",
    "user:\t1",
    "\nuser:1",
    "user:\n1",
    "user:-9_223_372_036_854_775_809",
    "user:-18446744073709551616",
    "user:-1_0a",
    "user:-5.a",
    "user:-5E3",
    "user:-0x1",
    "user:+5e3",
    "user:+a",
    "user:+-5",
    "user:-+5",
    "user:->5",
    "user:-=5",
    "user:$x",
    "user:&",
    "user:^",
    "user:…",
    "user:∋",
    "user:⟩",
    "user:1.",
    "user:1.a",
    "user:12345678901234567890a",
    "user:0b101",
    "select",
    "⟨a",
    "`a",
    "",
    " ",
    ":",
    "a:",
    "a::b",
    "a:::b",
    "a :: b",
    "user:[1,,2]",
    "user:[,]",
    "user:[,1]",
    "user:{a:1,,b:2}",
    "user:{'a':}",
    "user:{a:}",
    "user:{a::1}",
    "user:[{a:1}, {b:{c:[d:1]}}]",
    "user:['\\'', \"\\\"\", '`', \"'\\\"\"]",
    "user:['\\u{0}']",
    "user:['\x01']",
    "user:['\x7f']",
    'user:{"a\\nb":1}',
    "user:{`a\\tb`:1}",
    "user:{'\\u{0}':1}",
    # geometry-like objects
    "user:[{type:'Point', coordinates:[1.0,2]}]",
    "user:[{type:'Point', coordinates:[1.0,2.0], x:1}]",
    "user:[{type:'point', coordinates:[1.0,2.0]}]",
    "user:[{type:'Point', coordinates:[1.0,2.0,3.0]}]",
    "user:[{type:'LineString', coordinates:[[1.0,2.0],[3.0,4.0]]}]",
    "user:[{type:'LineString', coordinates:[[1,2],[3,4]]}]",
    "user:[{type:'GeometryCollection', geometries:[]}]",
    "user:[{type:'Polygon', coordinates:[]}]",
    "user:[{type:'MultiPoint', coordinates:[]}]",
    "user:[{type: 1, coordinates:[1.0,2.0]}]",
    "user:[{type:'Foo', coordinates:[1.0,2.0]}]",
    "user:[{type:'Point', coordinates:'x'}]",
    "user:[{type:'Point', coordinates:[1dec,2dec]}]",
    "user:{a:{type:'Point', coordinates:[1.0,2.0]}}",
    "user:{type:'Point', coordinates:[1.0,2.0]}",
    # keywords as unexpected tokens
    "user:{a:1 en:2}",
    "user:{a:1 english:2}",
    "user:{a:1 hs256:2}",
    "user:{a:1 f64:2}",
    "user:{a:1 cosine:2}",
    "user:{a:1 true:2}",
    "user:{a:1 asc:2}",
    "user:{a:1 kv:2}",
    "user:{a:1 ml:2}",
    "user:{a:1 fn:2}",
    "user:{a:1 file:2}",
    "user:{a:1 api:2}",
    "user:{a:1 get:2}",
    "user:{a:1 schemaful:2}",
    "user:{a:1 columns:2}",
    "user:{a:1 and:2}",
    "user:{a:1 or:2}",
    "user:{a:1 silo:2}",
    "user:{a:1 line:2}",
    "user:{a:1 eddsa:2}",
    "user:{a:1 ara:2}",
    "user:{a:1 nor:2}",
    "user:{a:1 bucket:2}",
    "user:{a:1 sequence:2}",
    "user:{a:1 module:2}",
    "user:{a:1 middleware:2}",
    "user:{a:1 ref:2}",
    "user:{a:1 references:2}",
    "user:{a:1 reference:2}",
    "user:{a:1 andkw:2}",
    "user:{a:1 feature:2}",
    "user:{a:1 computed:2}",
    "user:{a:1 expunge:2}",
    "user:{a:1 concurrently:2}",
    "user:{a:1 dimension:2}",
    "user:{a:1 trace:2}",
    "user:{a:1 lm:2}",
    "user:{a:1 m0:2}",
    "user:{a:1 strict:2}",
    "user:{a:1 graphql:2}",
    "user:{a:1 retry:2}",
    "user:{a:1 backend:2}",
    "user:{a:1 blank:2}",
    "user:{a:1 enforced:2}",
    "user:{a:1 expired:2}",
    "user:{a:1 revoked:2}",
    "user:{a:1 mod:2}",
    # decimals
    "user:[1e29dec]",
    "user:[1e28dec]",
    "user:[10e28dec]",
    "user:[100e27dec]",
    "user:[1.0e-29dec]",
    "user:[1e-28dec]",
    "user:[1e-29dec]",
    "user:[1.5e-28dec]",
    "user:[1.5e-27dec]",
    "user:[0.0e+400dec]",
    "user:[0e400dec]",
    "user:[1.50e2dec]",
    "user:[1.5e0dec]",
    "user:[-0e1dec]",
    "user:[-0.0dec]",
    "user:[0.0000000000000000000000000001dec]",
    "user:[0.00000000000000000000000000001dec]",
    "user:[79228162514264337593543950335dec]",
    "user:[79228162514264337593543950336dec]",
    "user:[7.9228162514264337593543950335dec]",
    "user:[1.23456789012345678901234567895dec]",
    # lossy prints, NUL characters
    "user:`36NaN`",
    "user:`1Infinity`",
    "user:`NaNa`",
    "user:[`1NaN`:1]",
    "user:['a\x00b']",
    "user:⟨a\x00b⟩",
    "user:a\x00",
    "\x00user:1",
    "user:\x00",
    "user:`a\x00`",
    "user:1\x00",
    "us\x00er:1",
    # keyword tables inside arrays, early years, whitespace after the colon
    "user:[d'0999-01-01']",
    "user:[d'0001-01-01T00:00:00+01:00']",
    "user:[d'0001-01-01T00:00:00-01:00']",
    "user:[0.5s]",
    "user:[1h 2m]",
    "user: [1]",
    "user:\t`x`",
    "user:[⟨TRUE⟩:0]",
    "user:[⟨none⟩:a]",
    "user:{a:⟨Null⟩:1}",
    "user:[d:1, u:2, s:3]",
    "TRUE:1",
    "user:{'NaN':1, Infinity_:2}",
    'user:["\\`"]',
    # letters eaten after -digits, escapes in u''/d'' strings, lone UTF-8 bytes
    "user:[a:-5a]",
    "user:[a:-5ab]",
    "user:[a:-5e3]",
    "user:[a:-5.5]",
    "user:[a:-5_a]",
    "user:[a:-5é]",
    "user:[a:-99999999999999999999a]",
    "user:[a:-5.a]",
    "user:[u'0190e5c5\\-8f6e-7d4c-9c6b-0a1b2c3d4e5f']",
    "user:[u'\\u{30}190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f']",
    "user:[d'2020\\-01-01']",
    "user:[d'\\u{32}020-01-01']",
    "user:[d'2020-01-01\\u{54}10:00:00Z']",
    "user:[-é]",
    "user:[1eé]",
    "user:[1.5e]",
    "user:[+é]",
    'user:{dec: u"0190e5c5\\8f6e-7d4c-9c6b-0a1b2c3d4e5f", _1: +42.0dec}>..',
    'user:u"00000000-0000-0000-0000-000000000\\000"',
    "u:{rand: ⟨x y⟩:- 5a, rand: true:1..20}'",
    '`a b`:[s":", T1:-5e3,]\'',
    "user:u'µ8721z\\u{éu;E*/'[true0f",
    "user:u'\\u'y/*aN6u",
    "user:[-éNONENONE⟨",
    # U+0080..U+00BF after digits, line ends closing comments, newlines in messages
    "user:[1sé]",
    "user:[1s\xa0]",
    "user:[1.5\xa0]",
    "user:[1.5é]",
    "user:[1µs\xa0]",
    "user:[1©]",
    "user:[1¿]",
    "user:[1\x80]",
    "user:[1À]",
    "user:[1e3é]",
    "user:[1fé]",
    "user:[1decé]",
    "user:[a:-5é]",
    "user:[a:-5\xa0]",
    "user:[1.5f\xa0]",
    "user:[1--x\x85 2]",
    "user:[1--x\r2]",
    "user:[1#x\u2029,2]",
    "user:[1 //x\r\n,2]",
    "user:[1.50e\ndec]",
    "user:[9223372036854\xa05807]",
    "user:{a:1\xa0 mod:2}",
    "user:[d'2020-01-01 10:2\n:30Z'[]",
    'user:[1.23--45678901234567890123456"\u202895dec]',
    "user:[1.1e323456789012345678901234567895dec]",
    "user:[(1,]",
    "user:[/'' 1}]",
)

# The engine accepts these (or reports a later error); this module refuses them as unsupported.
EXPECTED_UNSUPPORTED: frozenset[str] = frozenset(
    (
        "user:[b'00ff']",
        "user:[/ab/]",
        "user:[(1,2)]",
        "user:[{1,2,}]",
        "user:[1..2]",
        "user:[{,}]",
        "user:[{1, 2}]",
        "user:[0.12345678901234567890123456789dec]",
        "user:[d'20200-01-01']",
        "user:[d'-2020-01-01']",
        "user:[d'0000-01-01']",
        "user:[..]",
        "user:[1>..2]",
        "user:[a:1..2]",
        "user:['a'..'b']",
        "user:[true..]",
        "user:[d'2020-01-01T23:59:59.9999999999Z']",
        "user:[d'99999-01-01']",
        "user:[(1, 2)]",
        "user:[(1)..2]",
        "user:[{type:'LineString', coordinates:[[1.0,2.0],[3.0,4.0]]}]",
        "user:[{type:'LineString', coordinates:[[1,2],[3,4]]}]",
        "user:[{type:'GeometryCollection', geometries:[]}]",
        "user:[{type:'Polygon', coordinates:[]}]",
        "user:[{type:'MultiPoint', coordinates:[]}]",
        "user:{a:{type:'Point', coordinates:[1.0,2.0]}}",
        "user:[0.00000000000000000000000000001dec]",
        "user:[1.23456789012345678901234567895dec]",
        "user:[d'0001-01-01T00:00:00+01:00']",
        "user:[(1,]",
        "user:[/'' 1}]",
    )
)


def depth_probes() -> list[str]:
    """Nesting around the engine's limit of 100 levels (arrays, objects, parentheses, mixed)."""
    probes = []
    for depth in (99, 100, 101):
        probes.append("user:" + "[" * depth + "]" * depth)
        probes.append("user:" + "{a:" * depth + "1" + "}" * depth)
        probes.append("user:[" + "(" * (depth - 1) + "1" + ")" * (depth - 1) + "]")
        probes.append("user:[" + "[{a:" * (depth // 2) + "1" + "}]" * (depth // 2) + "]")
    probes.append("user:" + "[" * 100 + "{}" + "]" * 100)
    probes.append("user:" + "[" * 100 + "{,}" + "]" * 100)
    return probes


# A small grammar-driven generator of claim texts, with random mutations. Seeded: the same
# probes on every run.
_TABLES = [
    "user",
    "u",
    "select",
    "NONE",
    "true",
    "_t",
    "T1",
    "1a",
    "`a b`",
    "⟨x y⟩",
    "`1`",
    "⟨⟩",
    "`a\\`b`",
    "NaN",
    "é",
    "a-b",
    "$p",
    "'s'",
    "",
]
_IDENTS = [
    "a",
    "abc",
    "_",
    "_1",
    "A_b9",
    "NaN",
    "Infinity",
    "true",
    "NONE",
    "select",
    "rand",
    "uuid",
    "d",
    "u",
    "f",
    "e3",
    "dec",
    "ns",
]
_ESCAPES = [
    "\\n",
    "\\t",
    "\\\\",
    "\\'",
    '\\"',
    "\\`",
    "\\0",
    "\\b",
    "\\f",
    "\\u{41}",
    "\\u00e9",
    "\\u{1F600}",
    "\\x",
    "\\u{110000}",
    "\\ud800",
    "\\u{}",
    "⟩",
    "`",
    "'",
    '"',
]
_CHARS = ["a", "Z", "0", " ", "_", "-", "é", "日", "\x01", "\t", "⟨", ":", ",", "]", "}"]
_JUNK = [
    "",
    "",
    "",
    " x",
    "..2",
    ".5",
    "abc",
    "-1",
    "(",
    ")",
    " --c",
    "e5",
    "`",
    "⟩",
    "'",
    "}",
    "]",
    ",1",
    ">..",
    ":x",
]
_NOISE = list("[]{}(),:'\"`⟨⟩.-+_ 0123456789aeEfdsuµ\\/#*$>")


def _string_body(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 4)):
        parts.append(rng.choice(_ESCAPES) if rng.random() < 0.3 else rng.choice(_CHARS))
    return "".join(parts)


def _number(rng: random.Random) -> str:
    sign = rng.choice(["", "", "-", "+"])
    digits = rng.choice(
        [
            "0",
            "1",
            "7",
            "01",
            "1_000",
            "42",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
            "123456789",
        ]
    )
    frac = rng.choice(["", "", ".5", ".25", ".0", ".000001", "."])
    exp = rng.choice(["", "", "", "e3", "E-2", "e+400", "e"])
    suffix = rng.choice(["", "", "", "f", "dec", "d", "de"])
    return sign + digits + frac + exp + suffix


def _duration(rng: random.Random) -> str:
    out = ""
    for _ in range(rng.randint(1, 3)):
        out += rng.choice(["1", "2", "90", "365", "0", "1_0"]) + rng.choice(
            ["ns", "us", "µs", "ms", "s", "m", "h", "d", "w", "y", "x", "µ"]
        )
    return out


def _datetime(rng: random.Random) -> str:
    text = "-".join(
        (
            rng.choice(["2020", "1970", "0001", "9999", "+2020", "20200", "202"]),
            rng.choice(["01", "12", "13", "1", "001"]),
            rng.choice(["01", "29", "30", "31", "00"]),
        )
    )
    if rng.random() < 0.7:
        text += rng.choice(["T", "t", " ", "x"])
        text += rng.choice(["00", "23", "24", "7"]) + ":" + rng.choice(["00", "59", "60"])
        text += ":" + rng.choice(["00", "59", "60"])
        text += rng.choice(["", "", ".5", ".123456", ".123456789", ".1234567895", "."])
        text += rng.choice(["Z", "z", "+02:00", "-23:59", "+24:00", "", "Zjunk", "+0200"])
    quote = rng.choice(["'", '"'])
    return "d" + quote + text + quote


def _uuid(rng: random.Random) -> str:
    body = rng.choice(
        [
            "0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f",
            "0190E5C5-8F6E-7D4C-9C6B-0A1B2C3D4E5F",
            "00000000-0000-0000-0000-000000000000",
            "0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5",
            "0190e5c58f6e-7d4c-9c6b-0a1b2c3d4e5f",
            "zz",
            "",
            "0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5fff",
        ]
    )
    quote = rng.choice(["'", '"'])
    return "u" + quote + body + quote


def _value(rng: random.Random, depth: int) -> str:
    roll = rng.random() * (0.6 if depth > 2 else 1.0)
    if roll < 0.12:
        quote = rng.choice(["'", '"'])
        return rng.choice(["", "s"]) + quote + _string_body(rng) + quote
    if roll < 0.24:
        return _number(rng)
    if roll < 0.3:
        return _duration(rng)
    if roll < 0.36:
        return rng.choice(["true", "FALSE", "none", "NULL", "NaN", "Infinity", "-Infinity"])
    if roll < 0.42:
        return _datetime(rng)
    if roll < 0.48:
        return _uuid(rng)
    if roll < 0.6:
        return _record_id(rng, depth + 1)
    if roll < 0.8:
        return _array(rng, depth + 1)
    return _object(rng, depth + 1)


def _separator(rng: random.Random) -> str:
    return rng.choice([", ", ",", " , ", ",\n", ""]) if rng.random() < 0.05 else ", "


def _array(rng: random.Random, depth: int) -> str:
    items = [_value(rng, depth) for _ in range(rng.randint(0, 3))]
    trailing = "," if items and rng.random() < 0.1 else ""
    return "[" + _separator(rng).join(items) + trailing + "]"


def _object_key(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(_IDENTS)
    if roll < 0.7:
        quote = rng.choice(["'", '"'])
        return quote + _string_body(rng) + quote
    if roll < 0.85:
        return rng.choice(["1", "1.5", "1e3", "01", "1_0", "1f", "1dec", "1x", "1d"])
    return rng.choice(["`a b`", "⟨x⟩", "`c`"])


def _object(rng: random.Random, depth: int) -> str:
    entries = [f"{_object_key(rng)}: {_value(rng, depth)}" for _ in range(rng.randint(0, 3))]
    return "{" + _separator(rng).join(entries) + "}"


def _key(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(
            [
                "1",
                "01",
                "0",
                "42",
                "9223372036854775807",
                "9223372036854775808",
                "1_000",
                "123abc",
                "1e3",
                "1.5",
                "1..2",
                "1d",
                "1`x`",
            ]
        )
    if roll < 0.3:
        return rng.choice(["-", "+", "- "]) + rng.choice(
            ["5", "0", "5a", "5.5", "1_0", "5e3", "9223372036854775808", "a", ""]
        )
    if roll < 0.45:
        return rng.choice(_IDENTS)
    if roll < 0.55:
        close = rng.choice(["`", "⟩"])
        return ("`" if close == "`" else "⟨") + _string_body(rng) + close
    if roll < 0.62:
        return _uuid(rng)
    if roll < 0.82:
        return _array(rng, depth)
    return _object(rng, depth)


def _record_id(rng: random.Random, depth: int = 0) -> str:
    table = rng.choice(_TABLES)
    colon = rng.choice([":", ":", ":", " : ", "::", ""]) if depth == 0 else ":"
    return table + colon + _key(rng, depth)


def random_probes(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        text = _record_id(rng) + rng.choice(_JUNK)
        if rng.random() < 0.25:
            at = rng.randint(0, len(text))
            if rng.random() < 0.5 and at < len(text):
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + rng.choice(_NOISE) + text[at:]
        if rng.random() < 0.05:
            text = rng.choice([" ", "\n", "/*c*/", "# c\n"]) + text
        out.append(text)
    return out


def all_probes() -> list[str]:
    probes = [*CURATED_PROBES, *depth_probes()]
    for seed in (1, 2, 3):
        probes.extend(random_probes(600, seed))
    return list(dict.fromkeys(probes))


# --------------------------------------------------------------------------- engine oracle

_TAG = "@@recordid@@ "
_CRASHED = "engine crashed"

# Runs in a child process: the engine may abort the whole process on odd input.
_ENGINE_CHILD = r"""
import json, sys, time
import jwt
from surrealdb import Surreal

TAG = sys.argv[1]
now = int(time.time())
db = Surreal("mem://")
db.use("test", "test")
db.query("DEFINE ACCESS oracle_root ON ROOT TYPE JWT ALGORITHM HS256 KEY 'secret'").execute()
db.query("DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY 'secret'").execute()
root = jwt.encode({"ac": "oracle_root", "exp": now + 3600, "rl": ["Owner"]}, "secret", "HS256")
for text in json.loads(sys.stdin.read()):
    claims = {"ns": "test", "db": "test", "ac": "r", "exp": now + 3600, "id": text}
    try:
        db.invalidate()
        db.authenticate(root)
        db.use("test", "test")
        db.authenticate(jwt.encode(claims, "secret", "HS256"))
        printed = db.query("RETURN <string> $auth").execute()
        if isinstance(printed, list):
            printed = printed[0]
        out = {"accepted": True, "text": printed}
    except Exception as exc:
        out = {"accepted": False, "message": str(exc)}
    sys.stdout.write(TAG + json.dumps(out) + "\n")
    sys.stdout.flush()
"""


def engine_verdicts(texts: list[str]) -> list[dict[str, Any]]:
    """One verdict per text: ``{"accepted": True, "text": ...}`` or ``{"accepted": False, ...}``."""
    verdicts: list[dict[str, Any]] = []
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONIOENCODING="utf-8")
    while len(verdicts) < len(texts):
        rest = texts[len(verdicts) :]
        done = subprocess.run(
            [sys.executable, "-c", _ENGINE_CHILD, _TAG],
            input=json.dumps(rest),
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=300,
            check=False,
        )
        got = [
            json.loads(line[len(_TAG) :])
            for line in done.stdout.splitlines()
            if line.startswith(_TAG)
        ]
        if not got and len(verdicts) == 0 and "Traceback" in done.stderr:
            raise RuntimeError(f"engine child failed:\n{done.stderr}")
        verdicts.extend(got)
        if len(verdicts) < len(texts):
            verdicts.append({"accepted": False, "message": _CRASHED})
    return verdicts


def _ours(text: str) -> tuple[str, str]:
    try:
        return ("accepted", str(parse_record_id(text)))
    except RecordIdUnsupported as exc:
        return ("unsupported", exc.message)
    except RecordIdError as exc:
        return ("rejected", exc.message.split("\n", 1)[0])


def _theirs(verdict: dict[str, Any]) -> tuple[str, str]:
    if verdict["accepted"]:
        return ("accepted", verdict["text"])
    first = str(verdict["message"]).split("\n", 1)[0]
    return ("rejected", first.removeprefix("Parse error: "))


@pytest.mark.oracle
def test_agrees_with_engine(engine: object) -> None:
    probes = all_probes()
    verdicts = engine_verdicts(probes)
    mismatches = []
    unsupported = []
    counts = {"accepted": 0, "rejected": 0}
    for text, verdict in zip(probes, verdicts, strict=True):
        ours, theirs = _ours(text), _theirs(verdict)
        if ours[0] == "unsupported":
            unsupported.append(text)
            if text in CURATED_PROBES and text not in EXPECTED_UNSUPPORTED:
                mismatches.append((text, ours, theirs))
            continue
        if ours != theirs:
            mismatches.append((text, ours, theirs))
        else:
            counts[ours[0]] += 1
    print(
        f"\nrecord-id differential: {len(probes)} probes, {counts['accepted']} accepted and "
        f"{counts['rejected']} rejected alike, {len(unsupported)} unsupported, "
        f"{len(mismatches)} mismatches"
    )
    assert mismatches == []
    assert set(unsupported) >= EXPECTED_UNSUPPORTED
    # Random probes may stumble on unsupported forms (ranges...), but rarely.
    assert len(unsupported) <= len(EXPECTED_UNSUPPORTED) + len(probes) // 100


# --------------------------------------------------------------------------- hypothesis

_FRAGMENTS = [
    *"[]{}(),:;'\"`⟨⟩.-+_ \t\n0123456789aeEfdsubrxyzIN\\/#*$>µé日",
    "NaN",
    "Infinity",
    "NONE",
    "null",
    "true",
    "u'",
    "d'",
    "b'",
    "r'",
    "--",
    "/*",
    "*/",
    "..",
    "user:",
    "1e3",
    "dec",
    "\\u{",
    "0190e5c5-8f6e-7d4c-9c6b-0a1b2c3d4e5f",
    "2020-01-01T",
]


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_arbitrary_text_raises_only_record_id_errors(text: str) -> None:
    try:
        record = parse_record_id(text)
    except RecordIdError:
        return
    assert isinstance(str(record), str)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join), st.booleans())
def test_surrealql_like_text_raises_only_record_id_errors(text: str, prefixed: bool) -> None:
    try:
        record = parse_record_id(("user:" if prefixed else "") + text)
    except RecordIdError:
        return
    assert str(record) and isinstance(hash(record), int)  # printing never fails


# Printed forms the engine itself cannot read back, left out of the round trip below: a table
# name starting with a digit prints bare (``1a:x``), so does a nested record id whose table is
# NONE/NULL/TRUE/FALSE (``[TRUE:0]`` reads back as the boolean), and so does a string key made
# of digits followed by NaN/Infinity (``user:36NaN`` reads back as ``user:36``).
_NAMES = st.text(max_size=8).filter(
    lambda name: not name[:1].isdigit() and name.upper() not in ("NONE", "NULL", "TRUE", "FALSE")
)
_STRING_KEYS = st.text(max_size=8).filter(
    lambda key: re.fullmatch(r"[0-9][0-9_]*(NaN|Infinity)", key) is None
)


def _datetimes() -> st.SearchStrategy[Datetime]:
    moments = st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.just(dt.timezone.utc),
    )
    return st.builds(
        lambda moment, nanos: Datetime(moment.replace(microsecond=nanos // 1000), nanos),
        moments,
        st.integers(0, 999_999_999),
    )


def _decimal(coefficient: int, scale: int) -> decimal.Decimal:
    """A normalised decimal, as the engine stores a plain ``dec`` literal."""
    while scale and coefficient % 10 == 0:
        coefficient //= 10
        scale -= 1
    digits = tuple(int(digit) for digit in str(abs(coefficient)))
    return decimal.Decimal((int(coefficient < 0), digits, -scale))


def _decimals() -> st.SearchStrategy[decimal.Decimal]:
    return st.builds(_decimal, st.integers(-(2**96) + 1, 2**96 - 1), st.integers(0, 28))


def _values() -> st.SearchStrategy[Value]:
    scalars: st.SearchStrategy[Value] = st.one_of(
        st.none(),
        st.just(NULL),
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=True, allow_infinity=True),
        _decimals(),
        st.text(max_size=6),
        st.uuids(),
        st.integers(0, (2**64 - 1) * 10**9).map(Duration),
        _datetimes(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(st.text(max_size=5), inner, max_size=3).map(RecordObject),
            st.builds(
                RecordId,
                _NAMES,
                st.one_of(
                    st.integers(-(2**63), 2**63 - 1),
                    _STRING_KEYS,
                    st.lists(inner, max_size=2).map(tuple),
                ),
            ),
        ),
        max_leaves=8,
    )


_RECORD_IDS = st.builds(
    RecordId,
    _NAMES,
    st.one_of(
        st.integers(-(2**63), 2**63 - 1),
        _STRING_KEYS,
        st.uuids(),
        st.lists(_values(), max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=5), _values(), max_size=4).map(RecordObject),
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_RECORD_IDS)
def test_printed_ids_parse_back(record: RecordId) -> None:
    again = parse_record_id(str(record))
    assert again == record
    assert str(again) == str(record)
