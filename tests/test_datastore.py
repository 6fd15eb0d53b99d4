"""SurrealDatastore: parameters bound (no injection), value round trips, errors, end to end.

Tests that need the engine run it in a child process: either through :class:`ChildDatastore`
(a real `SurrealDatastore` in a child, driven over pickled frames) or as a whole script in a
child (the end-to-end ``compile(..., datastore=SurrealDatastore("mem://", …))`` test), since the
embedded engine can abort its process. The rest (lazy import, argument checks, statement
rewriting) needs no engine.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import subprocess
import sys
import textwrap
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from datastore_child import ChildDatastore

import surrealaccess as sa
from surrealaccess.datastores.surreal import (
    RENAMED,
    SurrealDatastore,
    SurrealDatastoreError,
    parameters,
    rename,
)
from surrealaccess.formatter import expr as format_expr
from surrealaccess.surql import (
    NULL,
    Datastore,
    Datetime,
    Duration,
    Environment,
    EvaluationError,
    Object,
    RecordId,
    Table,
    Thrown,
    Unsupported,
    evaluate,
    render,
)

ROOT = Path(__file__).resolve().parent.parent


def _statement(text: str) -> Any:
    [statement] = sa.parse(text, dialect="surrealdb").statements
    return statement


def _child_env() -> dict[str, str]:
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


# --------------------------------------------------------------------------- without an engine


def test_importing_surrealaccess_never_imports_the_sdk() -> None:
    code = textwrap.dedent("""
        import sys
        import surrealaccess
        assert "surrealdb" not in sys.modules
        assert "surrealaccess.datastores.surreal" not in sys.modules
        cls = surrealaccess.SurrealDatastore
        store = cls("mem://", ns="test", db="test")   # connects lazily
        assert "surrealdb" not in sys.modules, "constructing must not import the SDK"
        from surrealaccess import *  # noqa: F403 - __all__ names the lazy attribute
        print(cls.__module__)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_child_env(), check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "surrealaccess.datastores.surreal"


def test_public_names() -> None:
    assert sa.SurrealDatastore is SurrealDatastore
    assert "SurrealDatastore" in sa.__all__
    from surrealaccess import datastores

    assert datastores.SurrealDatastore is SurrealDatastore
    assert datastores.SurrealDatastoreError is SurrealDatastoreError
    with pytest.raises(AttributeError):
        _ = sa.NoSuchThing  # type: ignore[attr-defined]
    assert isinstance(SurrealDatastore(), Datastore)
    assert repr(SurrealDatastore("mem://", ns="n", db="d")) == (
        "SurrealDatastore('mem://', ns='n', db='d')")


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("postgres://x",), {}, "unsupported datastore URL"),
    (("",), {}, "unsupported datastore URL"),
    (("mem://",), {"db": "test"}, "both a namespace"),
    (("mem://",), {"ns": "test"}, "both a namespace"),
    (("mem://",), {"username": "root"}, "go together"),
    (("mem://",), {"password": "root"}, "go together"),
    (("mem://",), {"username": "root", "password": "root", "token": "t"}, "not both"),
])
def test_constructor_checks(args: tuple[Any, ...], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SurrealDatastore(*args, **kwargs)


def test_every_transport_is_accepted() -> None:
    for url in ("mem://", "memory", "surrealkv://data/db", "ws://127.0.0.1:8000",
                "wss://db.example", "http://127.0.0.1:8000", "https://db.example"):
        assert SurrealDatastore(url).url == url


def test_parameters_and_protected_names_are_renamed() -> None:
    statement = _statement(
        "SELECT * FROM tenant WHERE id = $tid AND owner = $auth AND ns = $session.ns "
        "AND name = '$token' AND (SELECT VALUE x FROM ONLY $token.t) AND $access = NONE"
    )
    assert parameters(statement) == {"tid", "auth", "session", "token", "access"}
    renamed = rename(statement, RENAMED)
    assert parameters(renamed) == {"tid", "__surrealaccess_auth", "__surrealaccess_session",
                                   "__surrealaccess_token", "__surrealaccess_access"}
    text = format_expr(renamed, statement=True)
    assert "'$token'" in text  # a string is not a parameter
    assert "$__surrealaccess_token.t" in text and "$auth" not in text
    # Nothing to rename: the very same tree comes back.
    plain = _statement("SELECT * FROM t WHERE a = $a")
    assert rename(plain, RENAMED) is plain


def test_errors_pickle() -> None:
    error = pickle.loads(pickle.dumps(SurrealDatastoreError("m", "NotFound", {"a": 1})))
    assert (error.message, error.kind, error.details) == ("m", "NotFound", {"a": 1})
    assert isinstance(error, EvaluationError)


# --------------------------------------------------------------------------- with an engine

DATA = """
CREATE user:1 SET name = 'Ann', email = 'ann@example.com', tenant = tenant:acme;
CREATE user:2 SET name = "O'Brien", email = 'bob@example.com', tenant = tenant:old;
CREATE tenant:acme SET name = 'Acme', active = true;
CREATE tenant:old SET name = 'Old', active = false;
DEFINE FUNCTION fn::in_db($x: int) { RETURN $x * 2; };
"""


@pytest.fixture(scope="module")
def store(engine: Any) -> Any:
    with ChildDatastore(setup=DATA) as child:
        yield child


def query(store: Any, text: str, **variables: Any) -> Any:
    return store.query(_statement(text), text, variables)


@pytest.mark.oracle
@pytest.mark.parametrize("hostile", [
    "Ann' OR true OR '",
    "x'; DELETE user; RETURN '",
    "\" OR name != \"",
    "$token",
    "Ann\\' OR 1=1 --",
    "⟨Ann⟩",
])
def test_variables_are_bound_never_spliced(store: Any, hostile: str) -> None:
    assert query(store, "SELECT VALUE name FROM user WHERE name = $x", x=hostile) == ()
    assert query(store, "RETURN $x", x=hostile) == hostile
    assert query(store, "SELECT VALUE name FROM user WHERE name = $x", x="Ann") == ("Ann",)
    assert query(store, "SELECT VALUE name FROM user WHERE name = $x",
                 x="O'Brien") == ("O'Brien",)
    assert len(query(store, "SELECT * FROM user")) == 2  # nothing was deleted


@pytest.mark.oracle
def test_protected_variables_and_unreferenced_ones(store: Any) -> None:
    token = Object({"email": "ann@example.com", "tenant": "acme"})
    text = ("SELECT VALUE [name, $token.tenant, $auth, $session.ns, $access, '$auth'] "
            "FROM user WHERE email = $token.email")
    got = store.query(_statement(text), text, {
        "token": token, "auth": RecordId("user", 1), "access": None,
        "session": Object({"ns": "test"}),
        "unused": Object({"x": (1, 2)}),  # not referenced: not sent
        "this": 5,  # nor this
    })
    assert got == (("Ann", "acme", RecordId("user", 1), "test", None, "$auth"),)
    # A record id variable reads its record (how `$auth.name` is evaluated).
    select = "SELECT * FROM ONLY $__record"
    row = store.query(_statement(select), select, {"__record": RecordId("user", 2)})
    assert isinstance(row, Object) and row["name"] == "O'Brien"


ROUND_TRIP = [
    None, NULL, True, False, 0, -1, 2**63 - 1, -(2**63), 1.5, -0.0, 1e300,
    Decimal("1.25"), Decimal("-0.001"), "", "it's \"quoted\" ⟨x⟩ ✓\n\x00", uuid.UUID(int=7),
    uuid.UUID("0190a7ee-3b0d-7c5e-8d1e-111111111111"), b"", b"\x00\xffab", Duration(0),
    Duration(5_400_000_000_001), Duration((2**63 - 1) * 10**9 + 999_999_999),
    Datetime.from_epoch_ns(0),
    Datetime.from_epoch_ns(1_700_000_000_123_456_789), Datetime.from_epoch_ns(-86_400 * 10**9 + 1),
    RecordId("user", 1), RecordId("user", "a b"), RecordId("user", "1"), RecordId("a-b", "⟨x⟩"),
    RecordId("user", uuid.UUID(int=3)), RecordId("user", ("a", 1, Object({"b": NULL}))),
    RecordId("user", Object({"a": (1, 2)})), RecordId("user", -(2**63)),
    (), (1, "a", (None, NULL)), Object(), Object({"b": 1, "a": Object({"c": (True,)}),
                                                 "key with space": RecordId("t", 1)}),
    Table("user"), Table("a b"),
]


@pytest.mark.oracle
def test_values_round_trip(store: Any) -> None:
    text = "RETURN $v"
    for value in ROUND_TRIP:
        got = store.query(_statement(text), text, {"v": value})
        assert render(got) == render(value), value
        assert type(got) is type(value), value
    nan = store.query(_statement(text), text, {"v": math.nan})
    assert isinstance(nan, float) and math.isnan(nan)


@pytest.mark.oracle
@pytest.mark.parametrize("expression", [
    "[NONE, NULL, true, 7, -0.0, 1.5f, 1.50dec, 'x', u'0190a7ee-3b0d-7c5e-8d1e-111111111111']",
    "[d'2024-01-02T03:04:05.123456789Z', d'1900-01-01T00:00:00Z', 1h30m, 0ns, 1w2d]",
    "[user:1, user:⟨a b⟩, user:['a', 1, NONE], user:{ a: { b: 1 } }]",
    "[user:u'00000000-0000-0000-0000-000000000001',"
    " user:[u'00000000-0000-0000-0000-000000000002']]",
    "[type::table('user'), <bytes> 'ab', { b: 1, a: [{}, []] }, type::record('user', NONE)]",
    "[9223372036854775807, -9223372036854775807 - 1, 1e-7, math::max([1, 2.5])]",
])
def test_engine_values_convert_like_our_own(store: Any, expression: str) -> None:
    """The engine's value and our interpreter's value of the same expression print alike."""
    text = f"RETURN {expression}"
    theirs = store.query(_statement(text), text, {})
    ours = evaluate(_statement(text), Environment())
    assert render(theirs) == render(ours)


@pytest.mark.oracle
def test_sets_arrive_as_arrays_and_unmodelled_values_fail_closed(store: Any) -> None:
    assert query(store, "RETURN <set> [2, 1, 2]") == (1, 2)
    for text in ("RETURN (1, 2)", "RETURN 1..3", "RETURN { type: 'Point', coordinates: [1, 2] }"):
        with pytest.raises(Unsupported):
            query(store, text)


@pytest.mark.oracle
def test_errors_are_mapped(store: Any) -> None:
    with pytest.raises(SurrealDatastoreError) as missing:
        query(store, "SELECT * FROM nosuch")
    assert missing.value.message == "The table 'nosuch' does not exist"
    assert missing.value.kind == "NotFound"
    assert isinstance(missing.value, EvaluationError)
    with pytest.raises(SurrealDatastoreError, match=r"^Cannot perform addition with 'int' and "
                                                    r"'string'$"):
        query(store, "RETURN 1 + 'a'")
    with pytest.raises(Thrown) as thrown:
        query(store, "THROW { a: 1, b: 'x' }")
    assert str(thrown.value) == "An error occurred: { a: 1, b: 'x' }"
    with pytest.raises(Thrown, match=r"^An error occurred: plain$"):
        query(store, "THROW 'plain'")
    with pytest.raises(SurrealDatastoreError, match=r"^Parse error"):
        store.query(_statement("RETURN 1"), "RETURN ((", {})
    with pytest.raises(Unsupported, match="cannot be sent"):
        query(store, "RETURN $v", v=2**63)
    with pytest.raises(Unsupported, match="cannot be sent"):
        query(store, "RETURN $v", v=Duration((2**64 - 1) * 10**9))
    with pytest.raises(SurrealDatastoreError, match="does not exist"):
        query(store, "RETURN fn::nowhere()")


@pytest.mark.oracle
def test_execute_and_functions_in_the_database(store: Any) -> None:
    assert store.execute("RETURN 1; RETURN $a", {"a": "x"}) == [1, "x"]
    with pytest.raises(SurrealDatastoreError):
        store.execute("RETURN 1; SELECT * FROM nosuch; RETURN 2")
    assert query(store, "RETURN fn::in_db(21)") == 42


@pytest.mark.oracle
def test_unreachable_server_fails_closed(engine: Any) -> None:
    with pytest.raises(SurrealDatastoreError) as error:
        ChildDatastore("ws://127.0.0.1:9")
    assert error.value.kind == "Connection"


@pytest.mark.oracle
def test_close_reconnects_and_surrealkv_persists(engine: Any, tmp_path: Path) -> None:
    url = f"surrealkv://{tmp_path / 'db'}"
    with ChildDatastore(url, setup="CREATE tenant:acme SET active = true") as child:
        child.call("close")
        # The next query reconnects; a file-backed engine still has the data.
        assert query(child, "SELECT VALUE active FROM ONLY tenant:acme") is True
    with ChildDatastore() as memory:
        memory.execute("CREATE t:1")
        memory.call("close")
        with pytest.raises(SurrealDatastoreError):  # a fresh mem:// engine: no table t
            query(memory, "SELECT * FROM t")
    with ChildDatastore(ns=None, db=None) as nowhere:
        assert query(nowhere, "RETURN 1") == 1
        with pytest.raises(SurrealDatastoreError):  # no namespace selected
            query(nowhere, "SELECT * FROM t")


# --------------------------------------------------------------------------- end to end

END_TO_END = r"""
import json, sys, threading, time, jwt
import surrealaccess as sa
from surrealaccess import SurrealDatastore

KEY = "end-to-end-secret-0123456789abcdef-0123456789"
SCHEMA = '''
DEFINE FUNCTION fn::tenant_of($t: any) { RETURN SELECT * FROM ONLY type::record('tenant', $t); };
DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY '%s' AUTHENTICATE {
    LET $t = fn::tenant_of($token.tenant);
    IF $t = NONE { THROW 'unknown tenant ' + <string> $token.tenant };
    IF !$t.active { THROW { error: 'inactive', tenant: $t.id } };
    IF count(SELECT * FROM member WHERE tenant = $t.id AND email = $token.email) = 0
        { THROW 'not a member' };
    IF fn::in_db(2) != 4 OR encoding::base64::encode(<bytes> 'hi') != 'aGk' { THROW 'delegation' };
};
DEFINE ACCESS r ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY '%s' AUTHENTICATE {
    RETURN SELECT VALUE id FROM ONLY user WHERE email = $token.email LIMIT 1
};
''' % (KEY, KEY)
DATA = '''
CREATE tenant:acme SET active = true; CREATE tenant:old SET active = false;
CREATE member:1 SET tenant = tenant:acme, email = 'ann@example.com';
CREATE user:ann SET email = 'ann@example.com';
DEFINE FUNCTION fn::in_db($x: int) { RETURN $x * 2; };
'''
store = SurrealDatastore("mem://", ns="test", db="test")
store.execute(DATA)
auth = sa.compile(sa.parse(SCHEMA), ns="test", db="test", policy="surrealdb", datastore=store)
bare = sa.compile(sa.parse(SCHEMA), ns="test", db="test", policy="surrealdb")

def token(ac, **claims):
    body = {"ns": "test", "db": "test", "ac": ac, "exp": int(time.time()) + 3600, **claims}
    return jwt.encode(body, KEY, algorithm="HS256")

def outcome(authenticator, tok):
    try:
        session = authenticator.authenticate(tok)
    except sa.AuthenticationError as error:
        return [error.kind, error.public_message]
    return ["ok", session.to_json()["auth"]]

tokens = {
    "member": token("a", tenant="acme", email="ann@example.com"),
    "stranger": token("a", tenant="acme", email="eve@example.com"),
    "inactive": token("a", tenant="old", email="ann@example.com"),
    "unknown": token("a", tenant="nope' OR true OR '", email="ann@example.com"),
    "record": token("r", email="ann@example.com"),
    "record_unknown": token("r", email="eve@example.com"),
}
result = {name: outcome(auth, tok) for name, tok in tokens.items()}
result["no_datastore"] = outcome(bare, tokens["member"])

# One datastore shared by threads: every thread gets the same verdicts.
seen = []
def worker():
    for name in ("member", "inactive", "record"):
        seen.append((name, outcome(auth, tokens[name])))
threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
result["threads_agree"] = all(verdict == result[name] for name, verdict in seen)
result["threads_count"] = len(seen)
store.close()
print("@@" + json.dumps(result))
"""


@pytest.mark.oracle
def test_authenticate_with_a_tenant_lookup_end_to_end(engine: Any) -> None:
    done = subprocess.run([sys.executable, "-c", END_TO_END], capture_output=True, text=True,
                          env=_child_env(), check=False, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("@@")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result = json.loads(lines[-1][2:])
    assert result["member"] == ["ok", None]
    assert result["stranger"] == ["thrown", "An error occurred: not a member"]
    assert result["inactive"] == ["thrown",
                                  "An error occurred: { error: 'inactive', tenant: tenant:old }"]
    assert result["unknown"] == ["thrown",
                                 "An error occurred: unknown tenant nope' OR true OR '"]
    assert result["record"] == ["ok", "user:ann"]
    assert result["record_unknown"] == ["invalid_auth", "There was a problem with authentication"]
    assert result["no_datastore"] == ["datastore_required",
                                      "There was a problem with authentication"]
    assert result["threads_agree"] is True and result["threads_count"] == 24
