"""The evaluator's API without the engine: environment, datastore protocol, errors, values."""

from __future__ import annotations

import datetime as dt
import pickle
import uuid
from collections.abc import Mapping
from decimal import Decimal

import pytest

from surrealaccess import ast, format, parse
from surrealaccess.recordid import RecordId as LegacyRecordId
from surrealaccess.recordid import RecordObject
from surrealaccess.static import NOT_STATIC
from surrealaccess.static import evaluate as static_evaluate
from surrealaccess.surql import (
    NULL,
    Datastore,
    DatastoreRequired,
    Datetime,
    Duration,
    Environment,
    EvaluationError,
    Object,
    RecordId,
    Thrown,
    Unsupported,
    Value,
    evaluate,
    execute,
    from_json,
    render,
    to_json,
    to_raw_string,
)
from surrealaccess.surql.functions import REGISTRY


def run(text: str, env: Environment | None = None) -> Value:
    statement = parse(text).statements[0]
    assert isinstance(statement, ast.Expr)
    return evaluate(statement, env)


class Recorder:
    """A datastore that records what it is asked and answers from a table."""

    def __init__(self, answer: Value = None) -> None:
        self.calls: list[tuple[ast.Expr, str, dict[str, Value]]] = []
        self.answer = answer

    def query(self, statement: ast.Expr, text: str, variables: Mapping[str, Value]) -> Value:
        self.calls.append((statement, text, dict(variables)))
        return self.answer


# ---- values -------------------------------------------------------------------------------


def test_one_value_model() -> None:
    # recordid re-exports the classes of surql.values: one class each.
    assert LegacyRecordId is RecordId
    assert RecordObject is Object


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "NONE"),
        (NULL, "NULL"),
        (True, "true"),
        (1, "1"),
        (1.0, "1f"),
        (1e20, "100000000000000000000f"),
        (Decimal("1.5"), "1.5dec"),
        ("it's", '"it\'s"'),
        ("a", "'a'"),
        (Duration(90 * 10**9), "1m30s"),
        (Datetime(dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), 0), "d'2020-01-01T00:00:00Z'"),
        (uuid.UUID(int=1), "u'00000000-0000-0000-0000-000000000001'"),
        (RecordId("user", 1), "user:1"),
        ((1, "a"), "[1, 'a']"),
        (Object(), "{  }"),
        (Object({"b": 1, "a": Object({"x y": 2})}), '{ a: { "x y": 2 }, b: 1 }'),
        (b"\x01\xff", 'b"01FF"'),
    ],
)  # fmt: skip
def test_render(value: Value, text: str) -> None:
    assert render(value) == text


def test_raw_string_and_json() -> None:
    assert to_raw_string("a") == "a"
    assert to_raw_string(Decimal("1.5")) == "1.5"
    assert to_raw_string(uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"
    data = {"a": [1, None, "x"], "b": {"c": True}}
    value = from_json(data)
    assert value == Object({"a": (1, NULL, "x"), "b": Object({"c": True})})
    assert to_json(value) == data
    assert from_json(2**70) == float(2**70)


def test_objects_are_sorted_and_immutable() -> None:
    obj = Object({"b": 1, "a": 2})
    assert list(obj) == ["a", "b"]
    assert hash(obj) == hash(Object({"a": 2, "b": 1}))
    assert Object({"a": 1}) != Object({"a": 1.0})  # SurrealQL values, not Python numbers


# ---- evaluation ---------------------------------------------------------------------------


def test_variables_params_and_unknown_params() -> None:
    env = Environment(variables={"token": Object({"email": "a@b.c"})}, params={"limit": 3})
    assert run("RETURN $token.email", env) == "a@b.c"
    assert run("RETURN $limit", env) == 3
    assert run("RETURN $nothing", env) is None


def test_protected_variables() -> None:
    one = ast.NumberLiteral(value=1, kind="int")
    block = ast.Block(statements=(ast.Let(name="auth", value=one),))
    with pytest.raises(EvaluationError, match="'auth' is a protected variable"):
        evaluate(block)


def test_return_ends_the_statement_and_if_without_branch_is_none() -> None:
    assert run("RETURN { IF false { 1 } }") is None
    assert run("{ RETURN 1; 2 }") == 1
    assert run("[{ RETURN 'x' }, 1]") == "x"


def test_throw() -> None:
    with pytest.raises(Thrown) as caught:
        run("{ THROW { a: 1 } }")
    assert str(caught.value) == "An error occurred: { a: 1 }"
    assert caught.value.value == Object({"a": 1})
    with pytest.raises(Thrown, match=r"^An error occurred: bad$"):
        run("{ THROW 'bad' }")
    again = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(again, Thrown) and str(again) == str(caught.value)


def test_datastore_required_names_the_statement() -> None:
    with pytest.raises(DatastoreRequired, match="SELECT") as caught:
        run("RETURN (SELECT * FROM user WHERE email = $token.email)")
    assert caught.value.statement == "SELECT"
    with pytest.raises(DatastoreRequired, match="CREATE"):
        run("{ CREATE log:1 SET at = time::now(); RETURN NONE }")


def test_datastore_gets_text_and_bound_variables() -> None:
    store = Recorder(answer=(Object({"id": RecordId("user", 1)}),))
    assert isinstance(store, Datastore)
    env = Environment(variables={"token": Object({"email": "x'); DROP --"})}, datastore=store)
    result = run(
        "{ LET $e = $token.email; RETURN (SELECT * FROM user WHERE email = $e)[0].id }", env
    )
    assert result == RecordId("user", 1)
    statement, text, variables = store.calls[0]
    assert isinstance(statement, ast.Select)
    assert text == "SELECT * FROM user WHERE email = $e"
    assert variables["e"] == "x'); DROP --"  # bound, never spliced into the text
    assert "DROP" not in text


def test_record_fields_are_fetched_through_the_datastore() -> None:
    store = Recorder(answer=Object({"name": "Ann"}))
    env = Environment(variables={"auth": RecordId("user", 1)}, datastore=store)
    assert run("RETURN $auth.name", env) == "Ann"
    assert store.calls[0][2]["__record"] == RecordId("user", 1)
    with pytest.raises(DatastoreRequired):
        run("RETURN $auth.name", Environment(variables={"auth": RecordId("user", 1)}))


def test_unsupported_fails_closed() -> None:
    with pytest.raises(Unsupported):
        run("RETURN 1..3")
    with pytest.raises(Unsupported):
        run("RETURN geo::distance((0, 0), (1, 1))")
    with pytest.raises(Unsupported):
        run("RETURN http::get('https://example.com')")
    with pytest.raises(EvaluationError, match="Invalid function/constant path"):
        run("RETURN nope::nothing()")
    # With a datastore, built-ins we do not implement are delegated, arguments bound.
    store = Recorder(answer=1.5)
    assert run("RETURN geo::area('x')", Environment(datastore=store)) == 1.5
    assert store.calls[0][1] == "geo::area($__arg0)"


def test_functions_and_params_from_a_script() -> None:
    script = parse(
        "DEFINE PARAM $domain VALUE '@example.com';"
        "DEFINE FUNCTION fn::ok($email: string) -> bool { string::ends_with($email, $domain) };"
    )
    env = Environment().with_script(script)
    assert run("RETURN fn::ok('a@example.com')", env) is True
    assert run("RETURN fn::ok('a@evil.com')", env) is False
    with pytest.raises(EvaluationError, match="Failed to coerce argument `\\$email`"):
        run("RETURN fn::ok(1)", env)
    assert execute(parse("LET $x = 2; RETURN $x * 3")) == [None, 6]


def test_clock_is_injected() -> None:
    now = Datetime.from_epoch_ns(1_700_000_000 * 10**9)
    env = Environment(now=now)
    assert run("RETURN time::now()", env) == now
    assert run("RETURN time::unix()", env) == 1_700_000_000


def test_argument_checks_use_the_engine_wording() -> None:
    with pytest.raises(EvaluationError) as caught:
        run("RETURN string::len(1)")
    assert caught.value.message == (
        "Incorrect arguments for function string::len(). Argument 1 was the wrong type. "
        "Expected `string` but found `1`"
    )
    assert "string::len" in REGISTRY and "type::is_string" in REGISTRY
    assert "type::is::string" not in REGISTRY  # the 2.x spelling is not a 3.x function


# ---- DEFINE FUNCTION / DEFINE PARAM ---------------------------------------------------------

# The canonical texts INFO FOR DB printed for these statements (engine 3.2.4).
DEFINITIONS = [
    ("DEFINE FUNCTION fn::f($a: int, $b: option<string>) -> string "
     "{ RETURN <string> $a + ($b ?? ''); } COMMENT 'hi' PERMISSIONS WHERE true",
     "DEFINE FUNCTION fn::f($a: int, $b: none | string) -> string "
     "{ RETURN <string> $a + ($b ?? '') } COMMENT 'hi' PERMISSIONS WHERE true"),
    ("DEFINE FUNCTION fn::g() { LET $x = 1; $x + 1 }",
     "DEFINE FUNCTION fn::g() { LET $x = 1; $x + 1; } PERMISSIONS FULL"),
    ("DEFINE FUNCTION fn :: a :: b($x: any) -> int { $x }",
     "DEFINE FUNCTION fn::a::b($x: any) -> int { $x } PERMISSIONS FULL"),
    ("DEFINE FUNCTION OVERWRITE fn::h($x: int) { IF $x > 0 { RETURN 'pos' }; 'neg' } "
     "PERMISSIONS NONE",
     "DEFINE FUNCTION fn::h($x: int) { IF $x > 0 { RETURN 'pos' }; 'neg'; } PERMISSIONS NONE"),
    ("DEFINE PARAM $p VALUE 1 + 1 COMMENT 'c'",
     "DEFINE PARAM $p VALUE 2 COMMENT 'c' PERMISSIONS FULL"),
    ("DEFINE PARAM $q", "DEFINE PARAM $q VALUE NONE PERMISSIONS FULL"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "canonical"), DEFINITIONS)
def test_define_function_and_param_print_like_info_for_db(text: str, canonical: str) -> None:
    statement = parse(text).statements[0]
    assert isinstance(statement, (ast.DefineFunction, ast.DefineParam))
    assert format(statement, redact=True) == canonical
    again = parse(format(statement)).statements[0]
    assert format(again, redact=True) == canonical


def test_define_function_tree() -> None:
    statement = parse(
        "DEFINE FUNCTION IF NOT EXISTS fn::a::b($x: int, $y: string) -> bool { true }"
    )
    node = statement.statements[0]
    assert isinstance(node, ast.DefineFunction)
    assert node.name == "a::b" and node.mode == "IF NOT EXISTS" and node.returns == "bool"
    assert node.args == (("x", "int"), ("y", "string"))


# ---- static evaluation (formatter and checks) still uses the same values ---------------------


def test_static_evaluation_uses_the_interpreter() -> None:
    def value(text: str) -> object:
        statement = parse(f"RETURN {text}").statements[0]
        assert isinstance(statement, ast.Return)
        return static_evaluate(statement.value)

    assert value("1h + 30m") == Duration(90 * 60 * 10**9)
    assert value("'a' + 'b'") == "ab"
    assert value("NONE") is None
    assert value("[1, { a: NULL }]") == (1, Object({"a": NULL}))
    assert value("$param") is NOT_STATIC
    assert value("rand::string()") is NOT_STATIC
    assert value("1 + 'a'") is NOT_STATIC
