"""Property tests: the CLAIMS fast path agrees with jsonpath-ng on simple paths.

`surrealaccess.claimmap` runs a simple JSONPath (``$``, ``.name``, ``["quoted"]``,
``['quoted']``, ``[0]``) through a direct lookup instead of jsonpath-ng. For random claim
documents and random simple paths, the mapped value must be what
``jsonpath_ng.ext.parse(path).find(doc)`` gives (no match → absent, one match → that value,
several → an array in document order), and every path the fast path accepts must be one
jsonpath-ng parses. Where jsonpath-ng raises while *evaluating* (it indexes a non-empty object,
a number or a boolean with ``len``/``[]``), the fast path matches nothing, as RFC 9535 reads
an index on a non-array.

Paths that look simple but that jsonpath-ng reads differently are left to jsonpath-ng by
`simple_steps` (so the two cannot disagree): the names ``where``/``wherenot`` and names
starting with ``true``/``false`` (keywords of its lexer), the quoted name ``"*"`` (a
wildcard there) and whitespace other than space, tab and newline.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jsonpath_ng.ext import parse as jsonpath

from surrealaccess.claimmap import ClaimProgram, ClaimRule, simple_steps
from surrealaccess.errors import AuthenticationError
from surrealaccess.surql import Object, from_json

#: Names that exercise the corners: jsonpath-ng keywords and keyword prefixes, a quoted
#: wildcard, URL-shaped claims, quotes, dots, spaces, non-ASCII, digits, the empty name.
TRICKY = [
    "sub", "email", "roles", "realm_access", "app_metadata", "a", "b", "x_1", "_x",
    "where", "wherenot", "where_x", "true", "trueish", "false", "falsehood", "True", "null",
    "this", "len", "sorted", "id", "in", "*", "@", "$", "..", "a.b", "a b", "a,b", "a-b",
    "0", "12", "-1", "https://acme.com/roles", "cognito:groups", "custom:tenant",
    "it's", 'say "hi"', "é", "日本", "", " ", "\t", "[0]", "\u00a0",
]
IDENTIFIER = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
KEY = st.one_of(st.sampled_from(TRICKY), IDENTIFIER, st.text(max_size=6))
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
)
DOCUMENT = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(KEY, inner, max_size=5),
    ),
    max_leaves=24,
)
CLAIMS = st.dictionaries(KEY, DOCUMENT, max_size=6)
BLANK = st.sampled_from(["", " ", "\t", "\n", "  ", " \t\n"])
ODD_BLANK = st.sampled_from(["\r", "\f", "\v", "\u00a0", "\u2003"])


@st.composite
def name_step(draw: st.DrawFn) -> str:
    return "." + draw(st.one_of(
        IDENTIFIER, st.sampled_from([n for n in TRICKY if n.isidentifier() and n.isascii()])
    ))


@st.composite
def quoted_step(draw: st.DrawFn) -> str:
    name = draw(KEY)
    quote = draw(st.sampled_from(['"', "'"]))
    name = name.replace("\\", "").replace(quote, "")  # escapes are left to jsonpath-ng
    return f"[{draw(BLANK)}{quote}{name}{quote}{draw(BLANK)}]"


@st.composite
def index_step(draw: st.DrawFn) -> str:
    index = draw(st.integers(0, 6))
    zeros = "0" * draw(st.integers(0, 2))
    return f"[{draw(BLANK)}{zeros}{index}{draw(BLANK)}]"


STEP = st.one_of(name_step(), quoted_step(), index_step())


@st.composite
def simple_path(draw: st.DrawFn) -> str:
    steps = draw(st.lists(STEP, max_size=5))
    return draw(BLANK) + "$" + "".join(steps) + draw(BLANK)


@st.composite
def path_into(draw: st.DrawFn, document: Any) -> str:
    """A simple path that mostly follows keys and indices that exist in ``document``."""
    steps = []
    current = document
    for _ in range(draw(st.integers(0, 5))):
        if isinstance(current, dict) and current and draw(st.integers(0, 5)) > 0:
            key = draw(st.sampled_from(sorted(current)))
            if key.isidentifier() and key.isascii() and draw(st.booleans()):
                steps.append("." + key)
            else:
                quote = "'" if '"' in key else '"'
                if "\\" in key or quote in key:
                    steps.append(draw(STEP))
                    current = None
                    continue
                steps.append(f"[{quote}{key}{quote}]")
            current = current[key]
        elif isinstance(current, (list, str)) and current and draw(st.integers(0, 5)) > 0:
            index = draw(st.integers(0, len(current)))
            steps.append(f"[{index}]")
            current = current[index] if index < len(current) else None
        else:
            steps.append(draw(STEP))
            current = None
    return "$" + "".join(steps)


def reference(path: str, document: Any) -> object:
    """What the CLAIMS clause maps with jsonpath-ng: absent, one value, or an array."""
    expression = jsonpath(path)
    try:
        found = [match.value for match in expression.find(document)]
    except (KeyError, TypeError):
        return ABSENT  # jsonpath-ng's Index runs len()/[] on objects, numbers and booleans
    if not found:
        return ABSENT
    if len(found) == 1:
        return from_json(found[0])
    return tuple(from_json(item) for item in found)


ABSENT = object()


def fast(path: str, document: Any) -> object:
    """What the fast path maps: `simple_steps` plus the lookup of `ClaimProgram.apply`."""
    steps = simple_steps(path)
    assert steps is not None, path
    mapped = ClaimProgram((ClaimRule("v", path, steps),)).apply(document, "prop")
    return mapped.get("v", ABSENT)


def agree(path: str, document: Any) -> None:
    if simple_steps(path) is None:
        return  # left to jsonpath-ng: nothing to compare
    assert fast(path, document) == reference(path, document), (path, document)


SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(document=CLAIMS, path=simple_path())
@example(document={"s": "abc"}, path="$.s[0]")
@example(document={"s": "abc"}, path="$.s[3]")
@example(document={"d": {"0": 1}}, path="$.d[0]")
@example(document={"n": 5, "t": True, "z": 0, "e": ""}, path="$.n[0]")
@example(document={"n": 5, "t": True, "z": 0, "e": ""}, path="$.t[0]")
@example(document={"n": 5, "t": True, "z": 0, "e": ""}, path="$.z[0]")
@example(document={"a": None}, path="$.a")
@example(document={"a": None}, path="$.a.b")
@example(document=[1, 2], path="$[1]")  # type: ignore[arg-type]
@example(document={"*": 1, "b": 2}, path='$["*"]')
@example(document={"where": 1}, path="$.where")
@example(document={"trueish": 1}, path="$.trueish")
@example(document={"https://acme.com/roles": ["a"]}, path='$["https://acme.com/roles"]')
def test_fast_path_agrees_with_jsonpath_ng(document: Any, path: str) -> None:
    agree(path, document)


@SETTINGS
@given(data=st.data(), document=CLAIMS)
def test_fast_path_agrees_on_paths_that_follow_the_document(
    data: st.DataObject, document: Any
) -> None:
    agree(data.draw(path_into(document)), document)


@SETTINGS
@given(path=simple_path())
def test_every_path_the_fast_path_takes_parses_in_jsonpath_ng(path: str) -> None:
    steps = simple_steps(path)
    if steps is None:
        return
    expression = jsonpath(path)  # must not raise
    # and it reads as the same chain of fields and indices
    assert _chain(expression) == list(steps), (path, expression)


@SETTINGS
@given(path=simple_path(), blank=ODD_BLANK, where=st.integers(0, 2))
def test_whitespace_jsonpath_ng_refuses_is_not_taken_by_the_fast_path(
    path: str, blank: str, where: int
) -> None:
    spoiled = {0: blank + path, 1: path + blank, 2: path.replace("[", "[" + blank, 1)}[where]
    if spoiled == path:
        return
    assert simple_steps(spoiled) is None, repr(spoiled)


def _chain(expression: Any) -> list[str | int]:
    from jsonpath_ng.jsonpath import Child, Fields, Index, Root

    if isinstance(expression, Root):
        return []
    assert isinstance(expression, Child), expression
    rest = _chain(expression.left)
    right = expression.right
    if isinstance(right, Fields):
        assert len(right.fields) == 1, right
        return [*rest, right.fields[0]]
    assert isinstance(right, Index) and len(right.indices) == 1, right
    return [*rest, right.indices[0]]


@pytest.mark.parametrize(("path", "steps"), [
    ("$", ()),
    ("$.sub", ("sub",)),
    ('$["https://acme.com/roles"]', ("https://acme.com/roles",)),
    ("$['cognito:groups'][0]", ("cognito:groups", 0)),
    ("$.realm_access.roles", ("realm_access", "roles")),
    ("$.a[ 01 ]", ("a", 1)),
    ("\n$.a\t", ("a",)),
    ('$["where"]', ("where",)),
    ("$['true']", ("true",)),
    ("$.trusted", ("trusted",)),
    ("$.atrue", ("atrue",)),
])
def test_simple_steps(path: str, steps: tuple[str | int, ...]) -> None:
    assert simple_steps(path) == steps


@pytest.mark.parametrize("path", [
    "$.where", "$.wherenot", "$.true", "$.trueish", "$.false", "$.falsehood", "$.a.true_x",
    '$["*"]', "$['*']", "$.*", "$[*]", "$..a", "$.a[-1]", "$[0:2]", "$.a-b", "$['a\\'b']",
    "$\r.a", "$.a[\r0]", "\u00a0$.a", "$.é", "$ .a", "a", "", "$.",
])
def test_not_simple(path: str) -> None:
    assert simple_steps(path) is None


def test_jsonpath_ng_failure_on_a_payload_rejects_the_token_as_claim_invalid() -> None:
    # A non-simple path whose evaluation makes jsonpath-ng raise (Index on an object) must
    # not escape as a KeyError: the token is refused, fail closed.
    steps = simple_steps("$.*[0]")
    assert steps is None
    rule = ClaimRule("v", "$.*[0]", None, finder=jsonpath("$.*[0]"))
    with pytest.raises(AuthenticationError) as caught:
        ClaimProgram((rule,)).apply({"a": ["x"], "b": {"c": 1}}, "prop")
    assert caught.value.kind == "claim_invalid"
    assert "$.*[0]" in caught.value.detail
    # the same path on a payload it can evaluate: several matches, document order
    mapped = ClaimProgram((rule,)).apply({"b": ["y"], "a": ["x"], "c": "zz"}, "prop")
    assert mapped == Object({"v": ("y", "x", "z")})



FIELD = st.sampled_from(["id", "email", "roles", "tenant", "a", "Z", "_x", "é", "a b", "10"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=CLAIMS, fields=st.lists(st.tuples(FIELD, simple_path()), max_size=6))
def test_a_whole_program_maps_what_each_path_finds(
    document: Any, fields: list[tuple[str, str]]
) -> None:
    # Several rules at once (the program evaluates them in field-name order and builds the
    # object directly): the same as each rule alone, written order last-wins, as an Object.
    rules = [(name, path) for name, path in fields if simple_steps(path) is not None]
    program = ClaimProgram(tuple(ClaimRule(name, path, simple_steps(path))
                                 for name, path in rules))
    expected: dict[str, Any] = {}
    for name, path in rules:
        value = reference(path, document)
        if value is not ABSENT:
            expected[name] = value
    mapped = program.apply(document, "prop")
    assert mapped == Object(expected)
    assert list(mapped) == sorted(expected) and str(mapped) == str(Object(expected))
    assert hash(mapped) == hash(Object(expected))
