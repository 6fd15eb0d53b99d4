"""The expressions the SurrealQL differential tests evaluate with both the engine and us.

They are generated systematically: every binary operator over a matrix of operand values of
every type, every prefix operator and cast over the same values, then curated lists for
idioms, control flow, ``fn::`` functions and each implemented built-in.
"""

from __future__ import annotations

#: Definitions both sides load before the expressions run.
PRELUDE = """
DEFINE FUNCTION fn::double($x: number) -> number { $x * 2 };
DEFINE FUNCTION fn::greet($name: string, $punct: option<string>) -> string {
    RETURN 'Hello ' + $name + ($punct ?? '!');
};
DEFINE FUNCTION fn::sign($x: int) {
    IF $x > 0 { RETURN 'pos' } ELSE IF $x < 0 { RETURN 'neg' }; 'zero'
};
DEFINE FUNCTION fn::early() { RETURN 1; 2 };
DEFINE FUNCTION fn::nested() { LET $a = 5; { LET $a = 6; }; $a };
DEFINE FUNCTION fn::scoped() { LET $a = 5; { LET $b = $a + 1; $b } };
DEFINE FUNCTION fn::thrower($v: any) { THROW $v };
DEFINE FUNCTION fn::typed() -> int { 'x' };
DEFINE FUNCTION fn::domain($email: string) -> bool {
    string::ends_with(string::lowercase($email), '@example.com')
};
DEFINE FUNCTION fn::recurse($n: int) -> int { IF $n <= 0 { 0 } ELSE { $n + fn::recurse($n - 1) } };
DEFINE FUNCTION fn::caller() { LET $x = 1; fn::sees_x() };
DEFINE FUNCTION fn::sees_x() { $x };
DEFINE PARAM $limit VALUE 10;
DEFINE PARAM $roles VALUE ['admin', 'editor'];
DEFINE PARAM $conf VALUE { tenant: 'acme', level: 3 };
"""

#: Operand values of every type (as SurrealQL text).
OPERANDS = [
    "NONE", "NULL", "true", "false", "0", "7", "-3", "2.5", "0.0", "NaN", "1.5dec", "0dec",
    "''", "'abc'", "'b'", "1h", "0ns", "d'2020-01-01T00:00:00Z'",
    "u'0191a1c0-0000-7000-8000-000000000000'", "[]", "[1, 'b']", "{}", "{ a: 1 }", "user:1",
    "9223372036854775807",
]  # fmt: skip

BINARY = [
    "=", "!=", "==", "?=", "*=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "**",
    "AND", "OR", "??", "?:", "CONTAINS", "CONTAINSNOT", "CONTAINSALL", "CONTAINSANY",
    "CONTAINSNONE", "INSIDE", "NOT IN", "NOTINSIDE", "ALLINSIDE", "ANYINSIDE", "NONEINSIDE",
    "OUTSIDE", "INTERSECTS", "IS", "IS NOT", "&&", "||", "IN",
]  # fmt: skip

#: Operands for the full operator × operand × operand matrix (the rest pair with fewer).
MATRIX = ["NONE", "NULL", "true", "7", "2.5", "1.5dec", "'abc'", "1h",
          "d'2020-01-01T00:00:00Z'", "[1, 'b']", "{ a: 1 }", "user:1"]

KINDS = [
    "string", "int", "float", "decimal", "number", "bool", "datetime", "duration", "uuid",
    "record", "record<user>", "array", "array<int>", "array<string>", "object", "bytes",
    "option<int>", "int | string", "none", "any",
]  # fmt: skip

CAST_INPUTS = [
    *OPERANDS, "'12'", "'-12'", "'+12'", "'1.5'", "'1e3'", "' 1'", "'true'", "'false'",
    "'TRUE'", "'1h30m'", "'2020-01-01'", "'2020-01-01T10:00:00+02:00'", "'user:1'",
    "'post:x'", "'user'", "'0191a1c0-0000-7000-8000-000000000000'", "2.0", "1e20", "-1.5",
    "2.0dec", "['1', '2']", "[1, 2]", "'NaN'", "'inf'", "'1_000'",
]  # fmt: skip

IDIOMS = [
    "{ a: { b: [1, 2, 3] } }.a.b", "{ a: { b: [1, 2, 3] } }.a.b[0]",
    "{ a: { b: [1, 2, 3] } }.a.b[$]", "{ a: { b: [1, 2, 3] } }.a.b[-1]",
    "{ a: { b: [1, 2, 3] } }.a.b[9]", "{ a: { b: [1, 2, 3] } }.a.c",
    "{ a: { b: [1, 2, 3] } }.x.y.z", "{ a: 1 }['a']", "{ 'a-b': 1 }['a-b']",
    "{ `a b`: 1 }.`a b`", "{ a: 1 }[0]", "[1, 2, 3][1]", "[1, 2, 3][1.0]", "[1, 2, 3]['a']",
    "[[1, 2], [3, 4]][0]", "[[1, 2], [3, 4]][*][0]", "[[1, 2], [3, 4]][1][1]",
    "[{ a: [1, 2] }, { a: [3] }].a", "[{ a: [1, 2] }, { a: [3] }].a[0]",
    "[{ a: 1 }, { a: 2 }][WHERE a > 1]", "[{ a: 1 }, { a: 2 }][? a > 1].a",
    "[1, 2, 3][WHERE $this > 1]", "[1, 2, 3][WHERE $this > 5]", "{ a: 1 }[WHERE a = 1]",
    "{ a: 1, b: 2 }.*", "{ a: 1, b: 2 }[*]", "{ a: { b: 1 } }.*.b", "[1, 2, 3][*]",
    "[[1, [2]], [3]]...", "[1, 2][$]", "[][$]", "[][0]", "NONE.a", "NULL.a", "'abc'.a",
    "{ a: NULL }.a.b", "{ a: NONE }.a.?.b", "{ a: { b: 2 } }.a.?.b", "[{ a: { b: 2 } }][0].a.b",
    "{ a: [{ b: 1 }, { b: 2 }] }.a.b", "{ a: [{ b: 1 }, { b: 2 }] }.a[*].b",
    "[1, 2][WHERE true][0]", "[1, 2, 3][0][0]", "{ a: 1 }.a[0]", "[{ a: 1 }][*].a",
    "[1, 2].len()", "'abc'.len()", "'abc'.uppercase()", "{ a: 1 }.keys()",
    "[1, [2]].flatten()", "'a,b'.split(',')", "[3, 1, 2].sort()", "'  x '.trim().len()",
    "$conf.tenant", "$conf['level']", "$roles[0]", "$roles[*]", "$limit", "$nothing",
    "$nothing.a.b", "$roles CONTAINS 'admin'", "'admin' IN $roles", "$conf.level > 2",
    "{ a: 1, a: 2 }", "{ b: 1, a: 2 }", "{ '1a': 1, _x: 2, x_y: 3 }", "{ '': 1 }",
    "{ \"it's\": 1 }", "{ 'a\"b': 1 }",
]  # fmt: skip

CONTROL = [
    "{ 1; 2; 3 }", "{ LET $a = 1; $a + 1 }", "{ LET $a = 5; { LET $a = 6; }; $a }",
    "{ LET $x: int = 1.0; $x }", "{ LET $x: int = '1'; $x }", "{ LET $x: float = 1; $x }",
    "{ LET $x: string = 1; $x }", "{ LET $x: option<int> = NONE; $x }",
    "{ LET $x: int | string = 'a'; $x }", "{ LET $x: decimal = 1; $x }",
    "{ LET $x: record<user> = user:1; $x }", "{ LET $x: record<user> = 'user:1'; $x }",
    "{ LET $x: array<int> = [1, 'a']; $x }", "{ LET $auth = 1; 1 }", "{ LET $token = 1; 1 }",
    "{ LET $session = 1; 1 }", "{ LET $access = 1; 1 }", "{ LET $value = 1; $value }",
    "{ LET $this = 2; $this }", "IF true { 1 }", "IF false { 1 }", "IF false { 1 } ELSE { 2 }",
    "IF NONE { 1 } ELSE IF 0 { 2 } ELSE IF 'x' { 3 }", "IF [] { 1 } ELSE { 2 }",
    "IF {} { 1 } ELSE { 2 }", "IF true THEN 1 ELSE 2 END", "IF false THEN 1 END",
    "IF 1h THEN 'd' END", "{ THROW 'bad' }", "{ THROW { a: 1, b: 'x' } }", "{ THROW 1 }",
    "{ THROW NONE }", "{ THROW [1, 'a'] }", "{ THROW d'2020-01-01T00:00:00Z' }",
    "{ THROW 1.5 }", "{ THROW user:1 }", "fn::double(2)", "fn::double(2.5)", "fn::double('x')",
    "fn::double()", "fn::double(1, 2)", "fn::greet('Ann')", "fn::greet('Ann', '?')",
    "fn::greet(1)", "fn::sign(5)", "fn::sign(-5)", "fn::sign(0)", "fn::early()",
    "fn::nested()", "fn::scoped()", "fn::thrower('no')", "fn::thrower({ code: 403 })",
    "fn::typed()", "fn::domain('A@EXAMPLE.com')", "fn::domain('a@evil.com')",
    "fn::recurse(10)", "fn::caller()", "fn::missing()", "(1 + 2) * 3", "1 + 2 * 3",
    "2 ** 3 ** 2", "-2 ** 2", "5 ?? 1 + 2", "true OR false AND false", "1 < 2 = true",
    "!true", "!!'x'", "!NONE", "-(1 + 2)", "+'a'", "math::pi", "math::e", "math::tau",
    "math::inf", "math::neg_inf", "time::epoch", "MATH::PI",
    "$conf.tenant = 'acme' AND 'admin' IN $roles",
    "IF $conf.level >= 3 { 'high' } ELSE { 'low' }",
]  # fmt: skip

RENDERING = [
    "'it''s'", "'it\\'s'", "\"say \\\"hi\\\"\"", "'tab\\there'", "'line\\nbreak'",
    "'back\\\\slash'", "'ünï 日本 🚀'", "'\\u{1F600}'", "1e300", "1e-7", "123456789.123456789",
    "-0.0", "0.1 + 0.2", "1.50dec", "1e2dec", "0.1dec + 0.2dec", "1.5dec * 2dec",
    "100000000000000000000", "1_000", "90s", "1y2w3d4h5m6s7ms8us9ns", "d'2020-01-01T00:00:00.5Z'",
    "d'2020-01-01T00:00:00.123456789+02:00'", "d'2020-01-01T00:00:00.000001Z'",
    "u'0191A1C0-0000-7000-8000-000000000000'", "user:⟨a b⟩", "user:`a-b`", "user:[1, 'a']",
    "user:{ b: 1, a: 2 }", "user:123abc", "user:-5", "`user`:x", "b'0aFF'", "[NONE, NULL]",
    "{ a: [{ b: NONE }] }", "<string> { a: 'x' }", "<string> [1, 'a', 1.5]",
    "<string> 1.5dec", "<string> d'2020-01-01'", "<string> u'0191a1c0-0000-7000-8000-000000000000'",
    "<string> user:1", "<string> 1h", "<string> NONE", "<string> NULL",
]  # fmt: skip

FUNCTIONS = [
    # string
    "string::concat('a', 1, [1], NONE)", "string::concat()", "string::contains('abc', 'b')",
    "string::contains('abc', 1)", "string::starts_with('abc', 'ab')",
    "string::ends_with('abc', 'bc')", "string::join(',', 1, 'a', NONE)", "string::join('-')",
    "string::len('abc')", "string::len('日本')", "string::len(1)", "string::len()",
    "string::len('a', 'b')", "string::lowercase('ÄB')", "string::lowercase(NONE)",
    "string::uppercase('abc')", "string::capitalize('hello world')",
    "string::repeat('ab', 3)", "string::replace('aaa', 'a', 'b')", "string::reverse('abc')",
    "string::slice('abcdef', 1, 3)", "string::slice('abcdef', -2)", "string::slice('abcdef', 1)",
    "string::slice('abcdef', 2, -1)", "string::slice('abc', 5)", "string::slice('abc', 1, 10)",
    "string::split('a,b,,c', ',')", "string::split('abc', '')", "string::trim('  a ')",
    "string::words('a b  c')", "string::matches('abc', 'b.')", "string::is_email('a@b.co')",
    "string::is_email('no')", "string::is_email('a.b+c@example.com')",
    "string::is_email('a@b')", "string::is_alphanum('ab1')", "string::is_alphanum('a-1')",
    "string::is_alpha('ab')", "string::is_alpha('a1')", "string::is_numeric('12')",
    "string::is_numeric('1.2')", "string::is_ascii('ab')", "string::is_ascii('é')",
    "string::is_hexadecimal('ff0')", "string::is_hexadecimal('fg')",
    "string::is_domain('a.example.com')", "string::is_domain('localhost')",
    "string::is_uuid('0191a1c0-0000-7000-8000-000000000000')", "string::is_uuid('x')",
    "string::is_url('https://a.com/x?y=1')", "string::is_url('nope')",
    "string::is_ip('1.1.1.1')", "string::is_ip('::1')", "string::is_ipv4('::1')",
    "string::is_ipv6('::1')", "string::is_semver('1.2.3')", "string::is_semver('1.2')",
    "string::is_datetime('2020-01-01T00:00:00Z')", "string::is_datetime('yesterday')",
    "string::is_record('user:1')", "string::is_record('user:1', 'post')",
    "string::is_record('nope')",
    # array
    "array::len([1, 2])", "array::len('a')", "array::len(NONE)", "array::append([1], 2)",
    "array::prepend([1], 0)", "array::push([1], 2)", "array::add([1], 1)",
    "array::add([1], [1, 2])", "array::at([1, 2], -1)", "array::at([1, 2], 5)",
    "array::first([])", "array::first([3, 4])", "array::last([1, 2])",
    "array::concat([1], [2], [3])", "array::distinct([1, 1f, '1', 1dec])",
    "array::flatten([[1], [2, [3]], 4])", "array::any([0, 1])", "array::any([])",
    "array::all([1, 1])", "array::all([])", "array::all([1, 0])",
    "array::find_index([1, 2], 2)", "array::find_index([1, 2], 3)",
    "array::filter_index([1, 2, 1], 1)", "array::intersect([1, 2], [2, 3])",
    "array::union([1, 2], [2, 3])", "array::difference([1, 2], [2, 3])",
    "array::complement([1, 2], [2, 3])", "array::join(['a', 1], '-')",
    "array::max([1, 'a'])", "array::max([])", "array::min([3, 1, 2])", "array::min([])",
    "array::remove([1, 2, 3], 1)", "array::remove([1, 2, 3], -1)", "array::reverse([1, 2])",
    "array::slice([1, 2, 3], 1)", "array::slice([1, 2, 3], 1, 2)", "array::sort([3, 1, 'a'])",
    "array::sort([3, 1], false)", "array::sort([1, 3, 2], 'desc')", "array::sort::asc([2, 1])",
    "array::sort::desc([1, 2])", "array::group([[1, 2], [2, 3]])", "array::pop([1, 2])",
    "array::is_empty([])", "array::is_empty([1])", "array::insert([1, 2], 9, 1)",
    "array::clump([1, 2, 3], 2)", "array::combine([1, 2], [3])",
    "array::transpose([[1, 2], [3, 4]])", "array::windows([1, 2, 3], 2)",
    "array::matches([1, 2], 1)", "array::swap([1, 2], 0, 1)", "count([1, 0, 2])", "count()",
    "count(0)",
    # object
    "object::keys({ b: 1, a: 2 })", "object::values({ b: 1, a: 2 })",
    "object::entries({ b: 1, a: 2 })", "object::from_entries([['a', 1], ['b', 2]])",
    "object::len({ a: 1 })", "object::is_empty({})", "object::extend({ a: 1 }, { b: 2 })",
    "object::remove({ a: 1, b: 2 }, 'a')", "object::remove({ a: 1, b: 2 }, ['a', 'b'])",
    "object::keys([1])",
    # type
    "type::int('1')", "type::int('x')", "type::float('1')", "type::decimal('1.5')",
    "type::number('1')", "type::bool('true')", "type::string(1)", "type::string(user:1)",
    "type::datetime('2020-01-01')", "type::duration('1h')", "type::array(1)",
    "type::uuid('0191a1c0-0000-7000-8000-000000000000')", "type::record('user', 1)",
    "type::record('user:1')", "type::record('user', [1, 'a'])", "type::record('user', 'a b')",
    "type::record('user', { a: 1 })", "type::record('user')", "type::record(user:1)",
    "type::table('user')", "type::table(user:1)", "type::of(1)", "type::of(NONE)",
    "type::of(user:1)", "type::of([1])", "type::of(1.5dec)", "type::of({})",
    "type::is_array([])", "type::is_bool(1)", "type::is_bool(false)",
    "type::is_datetime(d'2020-01-01')", "type::is_decimal(1dec)", "type::is_duration(1h)",
    "type::is_float(1.0)", "type::is_int(1)", "type::is_int(1.0)", "type::is_none(NONE)",
    "type::is_none(NULL)", "type::is_null(NULL)", "type::is_number(1dec)",
    "type::is_number('1')", "type::is_object({})", "type::is_record(user:1)",
    "type::is_record(user:1, 'user')", "type::is_record(user:1, 'post')",
    "type::is_record('user:1')", "type::is_string('a')", "type::is_geometry(1)",
    "type::is_uuid(u'0191a1c0-0000-7000-8000-000000000000')", "type::is_bytes(b'00')",
    # record
    "record::id(user:1)", "record::id(user:[1, 2])", "record::id(user:abc)",
    "record::tb(user:1)", "record::table(user:1)", "record::tb('x')", "record::id(NONE)",
    # time
    "time::unix(d'2020-01-01')", "time::millis(d'2020-01-01T00:00:01.5Z')",
    "time::micros(d'2020-01-01T00:00:00.000002Z')", "time::nano(d'2020-01-01')",
    "time::year(d'2020-03-04')", "time::month(d'2020-03-04')", "time::day(d'2020-03-04')",
    "time::hour(d'2020-03-04T05:06:07Z')", "time::minute(d'2020-03-04T05:06:07Z')",
    "time::second(d'2020-03-04T05:06:07Z')", "time::wday(d'2020-03-04')",
    "time::yday(d'2020-03-04')", "time::week(d'2020-03-04')", "time::from_unix(1577836800)",
    "time::from_millis(1)", "time::from_secs(1)", "time::from_micros(1)",
    "time::from_nanos(1)", "time::floor(d'2020-03-04T05:06:07Z', 1h)",
    "time::round(d'2020-03-04T05:36:07Z', 1h)", "time::is_leap_year(d'2020-01-01')",
    "time::is_leap_year(d'2100-01-01')", "time::unix(1)", "time::now() > d'2020-01-01'",
    "type::is_datetime(time::now())", "time::unix() > 1700000000",
    # math
    "math::abs(-1)", "math::abs(-9223372036854775808)", "math::abs(1.5dec)",
    "math::abs(-2.5)", "math::abs('a')", "math::round(2.5)", "math::round(-2.5)",
    "math::round(2)", "math::round(1.25dec)", "math::floor(1.5dec)", "math::floor(-1.5)",
    "math::ceil(1.2)", "math::sqrt(4)", "math::sqrt(-1)", "math::sqrt(2dec)",
    "math::max([1, 2.5])", "math::max([])", "math::min([])", "math::min([3, 1])",
    "math::sum([1, 2.5])", "math::sum([])", "math::sum([1, 2])", "math::mean([1, 2])",
    "math::mean([])", "math::fixed(1.23456, 2)", "math::pow(2, 3)", "math::pow(2, 0.5)",
    "math::clamp(5, 1, 3)", "math::clamp(0, 1, 3)", "math::sign(-2)", "math::sign(0)",
    "math::log(8, 2)", "math::log10(100)", "math::log2(8)", "math::ln(1)",
    "math::product([2, 3])", "math::median([1, 3, 2])", "math::median([1, 2, 3, 4])",
    # crypto
    "crypto::md5('a')", "crypto::sha1('a')", "crypto::sha256('a')", "crypto::sha512('a')",
    "crypto::sha256('')", "crypto::md5(1)",
    "crypto::pbkdf2::compare('$pbkdf2-sha256$i=600000,l=32$oJhwFSXJXrmihxaipr9/4w$"
    "J9TptQIEKLpmP14vE8wCeQHUt2E2wRfe2vMLNhk0pkg', 'x')",
    "crypto::pbkdf2::compare('$pbkdf2-sha256$i=600000,l=32$oJhwFSXJXrmihxaipr9/4w$"
    "J9TptQIEKLpmP14vE8wCeQHUt2E2wRfe2vMLNhk0pkg', 'y')",
    "crypto::scrypt::compare('$scrypt$ln=17,r=8,p=1$tWlavqE++Ou24DzO77QRVg$"
    "KPHT/bfZpOaXtVVOM4Ko/iHBnlAMaBgZ1OrUGchE+jw', 'x')",
    "crypto::argon2::compare('$argon2id$v=19$m=19456,t=2,p=1$Vs9ZyhnNf3+PVWdMRv63IA$"
    "o5wwDUTD72/VqEDNoV7B1MeIgxPs/jxEIfJQCikDhYM', 'x')",
    "crypto::argon2::compare('$argon2id$v=19$m=19456,t=2,p=1$Vs9ZyhnNf3+PVWdMRv63IA$"
    "o5wwDUTD72/VqEDNoV7B1MeIgxPs/jxEIfJQCikDhYM', 'y')",
    "crypto::bcrypt::compare('$2b$12$lVzAYqYEtOi54D3UxkvxWOAJbDgoITiHrNo2trJJaurRXnGB/L5FO',"
    " 'x')",
    "crypto::bcrypt::compare('$2b$12$lVzAYqYEtOi54D3UxkvxWOAJbDgoITiHrNo2trJJaurRXnGB/L5FO',"
    " 'y')",
    "crypto::argon2::compare('x', 'y')", "crypto::bcrypt::compare('x', 'y')",
]  # fmt: skip


def all_cases() -> list[str]:
    """Every expression, de-duplicated, in a stable order."""
    cases: list[str] = []
    for op in BINARY:
        for left in MATRIX:
            for right in MATRIX:
                cases.append(f"{left} {op} {right}")
    for op in ("+", "-", "*", "/", "%", "**", "<", "=", "CONTAINS", "INSIDE"):
        for left in OPERANDS:
            for right in OPERANDS:
                cases.append(f"{left} {op} {right}")
    for value in OPERANDS:
        for op in ("!", "-", "+"):
            cases.append(f"{op}({value})")
    for kind in KINDS:
        for value in CAST_INPUTS:
            cases.append(f"<{kind}> {value}")
    cases += IDIOMS + CONTROL + RENDERING + FUNCTIONS
    return list(dict.fromkeys(cases))
