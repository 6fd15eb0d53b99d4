"""Unit tests for issuing: signing keys, grants, sign-up/sign-in/refresh/revoke, ACCESS, CLI.

The engine comparison lives in test_signin_differential.py; these tests need no engine (the
SIGNIN/SIGNUP clauses here are pure SurrealQL, so no datastore is involved).
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

import surrealaccess as sa
from surrealaccess.grants import (
    Grant,
    MemoryGrantStore,
    Scope,
    digest,
    grant_id_of,
    keys_match,
    new_key,
)
from surrealaccess.issuing import CLAIM_ORDER, encode_token, load_signing_key
from surrealaccess.signin import collect_users

SECRET = "Sup3r-Secret-Issuer-Key-" + "x" * 48
DB = {"ns": "test", "db": "test"}
SCHEMA = f"""
DEFINE ACCESS s ON DATABASE TYPE RECORD
  SIGNUP ( RETURN type::record('user', $name) )
  SIGNIN {{ IF $pass != 'right-password' {{ THROW 'wrong password' }};
           RETURN type::record('user', $name) }}
  WITH REFRESH, WITH JWT ALGORITHM HS512 KEY '{SECRET}'
  DURATION FOR GRANT 1h, FOR TOKEN 15m, FOR SESSION 12h;
DEFINE ACCESS plain ON DATABASE TYPE RECORD SIGNIN ( RETURN user:plain );
DEFINE ACCESS api ON DATABASE TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE ACCESS apir ON DATABASE TYPE BEARER FOR RECORD;
DEFINE ACCESS j ON DATABASE TYPE JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE USER tobie ON DATABASE PASSWORD 'pw' ROLES EDITOR;
"""


def compiled(policy: str = "surrealdb", schema: str = SCHEMA) -> sa.Authenticator:
    return sa.compile(sa.parse(schema), ns="test", db="test", policy=policy)  # type: ignore[arg-type]


def claims_of(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    head, body, _ = token.split(".")
    decode = lambda s: json.loads(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))  # noqa: E731
    return decode(head), decode(body)


def statement(text: str) -> Any:
    [node] = sa.parse(text).statements
    return node


# ---- signing keys ------------------------------------------------------------------------------


def _pem(private: Any) -> tuple[str, str]:
    priv = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()
    pub = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return pub, priv


KEYS = {
    "RS256": _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    "ES256": _pem(ec.generate_private_key(ec.SECP256R1())),
    "ES384": _pem(ec.generate_private_key(ec.SECP384R1())),
    "EdDSA": _pem(ed25519.Ed25519PrivateKey.generate()),
}
KEYS["PS384"] = KEYS["RS256"]


@pytest.mark.parametrize("alg", sorted(KEYS))
def test_asymmetric_issuer_tokens_verify(alg: str) -> None:
    pub, priv = KEYS[alg]
    written = "EDDSA" if alg == "EdDSA" else alg
    auth = compiled("strict", f"DEFINE ACCESS a ON DATABASE TYPE RECORD SIGNIN ( RETURN user:1 ) "
                              f"WITH JWT ALGORITHM {written} KEY '{pub}' WITH ISSUER KEY '{priv}'")
    tokens = auth.signin({**DB, "ac": "a"})
    header, claims = claims_of(tokens.access)
    assert header == {"typ": "JWT", "alg": alg}
    assert list(claims) == ["iat", "nbf", "exp", "iss", "jti", "NS", "DB", "AC", "ID"]
    assert auth.authenticate(tokens.access) == tokens.session


def test_hmac_key_and_claim_order() -> None:
    key = load_signing_key("HS256", "secret")
    token = encode_token(key, {"ID": "user:1", "iat": 1, "NS": "n"})
    header, claims = claims_of(token)
    assert header == {"typ": "JWT", "alg": "HS256"}
    assert list(claims) == ["ID", "iat", "NS"]  # encode keeps the order it is given
    assert CLAIM_ORDER.index("iat") < CLAIM_ORDER.index("ID") < CLAIM_ORDER.index("RL")
    assert key.public is not None
    head, body, sig = token.split(".")
    assert key.public.verify(f"{head}.{body}".encode(), base64.urlsafe_b64decode(sig + "=="))


@pytest.mark.parametrize("alg,text", [("RS256", "not a pem"), ("ES256", KEYS["RS256"][1]),
                                      ("EdDSA", KEYS["ES256"][1]), ("ES256", KEYS["ES384"][1]),
                                      ("RS256", KEYS["RS256"][0])])
def test_unusable_issuer_keys_fail_at_signin(alg: str, text: str) -> None:
    key = load_signing_key(alg, text)
    assert key.unusable is not None
    with pytest.raises(sa.AuthenticationError) as caught:
        encode_token(key, {"a": 1})
    assert caught.value.public_message == "InvalidKeyFormat"
    assert caught.value.kind == "invalid_key"


def test_signing_key_is_not_copyable_or_printable() -> None:
    key = load_signing_key("HS512", SECRET)
    assert SECRET not in repr(key)
    with pytest.raises(TypeError):
        pickle.dumps(key)
    assert copy.deepcopy(key) is key


# ---- grants ------------------------------------------------------------------------------------


def test_key_format() -> None:
    grant_id, key = new_key("refresh")
    prefix, kind, part_id, secret = key.split("-")
    assert (prefix, kind, part_id) == ("surreal", "refresh", grant_id)
    assert len(grant_id) == 12 and grant_id[0].isalpha() and len(secret) == 24
    assert grant_id_of(key) == grant_id
    assert grant_id_of("x-BeArEr-abcdefghijkl-abcdefghijklmnopqrstuvwx") == "abcdefghijkl"
    for bad in ("", "zzz", "surreal-bearer-abc",
                "surreal-foo-abcdefghijkl-abcdefghijklmnopqrstuvwx",
                "surreal-bearer-abcdefghijkl-abcdefghijklmnopqrstuvw",
                "surreal-bearer-abcdefghijkl-abcdefghijklmnopqrstuvwx-y"):
        with pytest.raises(sa.AuthenticationError) as caught:
            grant_id_of(bad)
        assert caught.value.kind == "invalid_grant"
        assert caught.value.public_message == "This bearer access grant has an invalid format"


def test_memory_store_revokes_once() -> None:
    store = MemoryGrantStore()
    grant_id, key = new_key("refresh")
    scope = Scope("DATABASE", "test", "test")
    grant = Grant(grant_id, "s", scope, "refresh", ("record", "user:1"), digest(key), 1)
    store.create(grant)
    assert keys_match(grant, key) and not keys_match(grant, key + "x")
    assert store.revoke(scope, "s", grant_id, 5)[0] == "revoked"
    assert store.revoke(scope, "s", grant_id, 6)[0] == "already_revoked"
    assert store.revoke(scope, "s", "nope", 6) == ("missing", None)
    assert store.delete(scope, "s", grant_id) and not store.delete(scope, "s", grant_id)


# ---- flows -------------------------------------------------------------------------------------


def test_signin_signup_and_session() -> None:
    auth = compiled()
    tokens = auth.signin({**DB, "ac": "s", "name": "ann", "pass": "right-password"})
    header, claims = claims_of(tokens.access)
    assert header == {"typ": "JWT", "alg": "HS512"}
    assert claims["exp"] - claims["iat"] == 900 and claims["iat"] == claims["nbf"]
    assert claims["iss"] == "SurrealDB" and claims["ID"] == "user:ann"
    assert tokens.refresh is not None and tokens.refresh.startswith("surreal-refresh-")
    session = tokens.session
    assert (session.ns, session.db, session.ac, str(session.rd)) == ("test", "test", "s",
                                                                     "user:ann")
    assert session.exp is not None and session.exp - claims["iat"] in (43199, 43200)
    assert auth.authenticate(tokens.access) == session
    up = auth.signup({"NS": "test", "DB": "test", "AC": "s", "name": "bob"})
    assert str(up.session.rd) == "user:bob"
    # A method without WITH JWT signs with the random key it verifies with.
    plain = auth.signin({**DB, "ac": "plain"})
    assert plain.refresh is None and auth.authenticate(plain.access) == plain.session


@pytest.mark.parametrize("params,kind,message", [
    ({"ns": "test", "db": "test"}, "invalid_signup", "There was a problem with signing up"),
    ({**DB, "ac": "j"}, "access_mismatch",
     "The access method cannot be used in the requested operation"),
    ({**DB, "ac": "plain"}, "signup_not_allowed",
     "This record access method does not allow signup"),
    ({**DB, "ac": "nope"}, "not_found", "The access method does not exist"),
    ({"ns": 1, "db": "test", "ac": "s"}, "invalid_params", "Expected string, got number"),
])
def test_signup_errors(params: dict[str, Any], kind: str, message: str) -> None:
    with pytest.raises(sa.AuthenticationError) as caught:
        compiled().signup(params)
    assert (caught.value.kind, caught.value.public_message) == (kind, message)


@pytest.mark.parametrize("params,kind,message", [
    ({"db": "test"}, "no_signin_target", "No signin target to either SC or DB or NS or KV"),
    (DB, "missing_credentials", "Username or Password was not provided"),
    ({**DB, "user": "root", "pass": "x"}, "unsupported", "There was a problem with authentication"),
    ({"ns": "nope", "db": "test", "ac": "s"}, "not_found", "The namespace 'nope' does not exist"),
    ({"ns": "test", "db": "nope", "ac": "s"}, "not_found", "The database 'nope' does not exist"),
    ({**DB, "ac": "s", "name": "x", "pass": "bad"}, "thrown", "An error occurred: wrong password"),
    ({**DB, "ac": "s", "refresh": "zzz"}, "invalid_grant",
     "This bearer access grant has an invalid format"),
    ({**DB, "ac": "s", "refresh": 5}, "invalid_auth", "There was a problem with authentication"),
    ({**DB, "ac": "api"}, "missing_key", "This bearer access method requires a key to be provided"),
    ({**DB, "ac": "j"}, "access_mismatch",
     "The access method cannot be used in the requested operation"),
])
def test_signin_errors(params: dict[str, Any], kind: str, message: str) -> None:
    with pytest.raises(sa.AuthenticationError) as caught:
        compiled().signin(params)
    assert (caught.value.kind, caught.value.public_message) == (kind, message)


def test_refresh_rotation_reuse_and_revoke() -> None:
    auth = compiled()
    first = auth.signin({**DB, "ac": "s", "name": "ann", "pass": "right-password"})
    assert first.refresh is not None
    second = auth.refresh(first.access, first.refresh)
    assert second.refresh is not None and second.refresh != first.refresh
    with pytest.raises(sa.AuthenticationError) as caught:
        auth.refresh(first.access, first.refresh)  # the old key stopped working
    assert caught.value.reason == "grant_revoked"
    auth.revoke(second.refresh)
    with pytest.raises(sa.AuthenticationError):
        auth.refresh(second.access, second.refresh)
    with pytest.raises(sa.AuthenticationError) as caught:
        auth.revoke(second.refresh)  # already revoked
    assert caught.value.kind == "unexpected_auth"


def test_expired_grant() -> None:
    auth = compiled()
    tokens = auth.signin({**DB, "ac": "s", "name": "ann", "pass": "right-password"}, now=1000.0)
    assert tokens.refresh is not None
    with pytest.raises(sa.AuthenticationError) as caught:
        auth.signin({**DB, "ac": "s", "refresh": tokens.refresh}, now=1000.0 + 3601)
    assert caught.value.reason == "grant_expired"
    assert auth.signin({**DB, "ac": "s", "refresh": tokens.refresh}, now=1000.0 + 3599).refresh


def test_strict_refresh_checks_the_access_token_signature() -> None:
    auth = compiled("strict")
    tokens = auth.signin({**DB, "ac": "s", "name": "ann", "pass": "right-password"})
    assert tokens.refresh is not None
    head, body, sig = tokens.access.split(".")
    forged = f"{head}.{body}.{sig[:-4]}AAAA"
    with pytest.raises(sa.AuthenticationError) as caught:
        auth.refresh(forged, tokens.refresh)
    assert caught.value.reason == "signature_invalid"
    assert auth.refresh(tokens.access, tokens.refresh).refresh


def test_fifty_threads_refresh_one_key() -> None:
    auth = compiled()
    tokens = auth.signin({**DB, "ac": "s", "name": "ann", "pass": "right-password"})
    assert tokens.refresh is not None
    barrier = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        try:
            auth.signin({**DB, "ac": "s", "refresh": tokens.refresh})
            result = "ok"
        except sa.AuthenticationError as error:
            result = error.kind
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) <= {"ok", "invalid_auth", "unexpected_auth"}


def test_access_statements_and_bearer() -> None:
    auth = compiled()
    granted = auth.execute(statement("ACCESS api GRANT FOR USER tobie"), ns="test", db="test")
    key = granted["grant"]["key"]
    assert key.startswith("surreal-bearer-")
    tokens = auth.signin({**DB, "ac": "api", "key": key})
    assert tokens.session.roles == ("Editor",) and tokens.refresh is None
    assert claims_of(tokens.access)[1]["RL"] == ["EDITOR"]  # as written: ROLES EDITOR
    shown = auth.execute(statement("ACCESS api SHOW ALL"), ns="test", db="test")
    assert [g["grant"]["key"] for g in shown] == ["[REDACTED]"]
    record = auth.execute(statement("ACCESS apir GRANT FOR RECORD user:9"), ns="test", db="test")
    assert str(auth.signin({**DB, "ac": "apir", "key": record["grant"]["key"]}).session.rd) \
        == "user:9"
    [revoked] = auth.execute(statement("ACCESS api REVOKE ALL"), ns="test", db="test")
    assert len(revoked) == 1
    with pytest.raises(sa.AuthenticationError):
        auth.signin({**DB, "ac": "api", "key": key})
    purged = auth.execute(statement("ACCESS api PURGE REVOKED"), ns="test", db="test",
                          now=10**10)
    assert len(purged) == 1
    for text, message in [("ACCESS api GRANT FOR USER nobody",
                           "The user 'nobody' does not exist in the database 'test'"),
                          ("ACCESS j GRANT FOR USER tobie",
                           "Unimplemented functionality: Grants for JWT on DATABASE"),
                          ("ACCESS api GRANT FOR RECORD user:1",
                           "This access grant has an invalid subject")]:
        with pytest.raises(sa.SurrealAccessError, match=message):
            auth.execute(statement(text), ns="test", db="test")


def test_bearer_user_without_roles_has_the_default_viewer_role() -> None:
    # SurrealDB stores the role Viewer for a user defined without ROLES (INFO prints ROLES
    # VIEWER), and bearer sign-in as that user puts RL ["Viewer"] in the token, spelled as
    # stored; RL [] would mean no roles at all.
    schema = f"""
DEFINE ACCESS api ON DATABASE TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE ACCESS rb ON ROOT TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE USER plain ON DATABASE PASSWORD 'pw';
DEFINE USER viewer ON DATABASE PASSWORD 'pw' ROLES VIEWER;
DEFINE USER again ON DATABASE PASSWORD 'pw' ROLES OWNER;
DEFINE USER OVERWRITE again ON DATABASE PASSWORD 'pw';
DEFINE USER kept ON DATABASE PASSWORD 'pw';
DEFINE USER IF NOT EXISTS kept ON DATABASE PASSWORD 'pw' ROLES OWNER;
DEFINE USER rootie ON ROOT PASSWORD 'pw';
"""
    users = collect_users(sa.parse(schema), ns="test", db="test")
    assert {where[3]: user.roles for where, user in users.items()} == {
        "plain": ("Viewer",), "viewer": ("VIEWER",), "again": ("Viewer",),
        "kept": ("Viewer",), "rootie": ("Viewer",)}
    auth = compiled(schema=schema)
    for name, rl in [("plain", ["Viewer"]), ("viewer", ["VIEWER"]), ("again", ["Viewer"])]:
        granted = auth.execute(statement(f"ACCESS api GRANT FOR USER {name}"), ns="test",
                               db="test")
        tokens = auth.signin({**DB, "ac": "api", "key": granted["grant"]["key"]})
        assert tokens.session.roles == ("Viewer",), name
        assert claims_of(tokens.access)[1]["RL"] == rl and tokens.session.token["RL"] == rl
    granted = auth.execute(statement("ACCESS rb ON ROOT GRANT FOR USER rootie"))
    tokens = auth.signin({"ac": "rb", "key": granted["grant"]["key"]})
    assert tokens.session.roles == ("Viewer",)
    assert claims_of(tokens.access)[1]["RL"] == ["Viewer"]
    # The token authenticates back (a ROOT bearer token can) with the same role.
    assert auth.authenticate(tokens.access).roles == ("Viewer",)


def test_bearer_user_roles_keep_their_written_spelling() -> None:
    # SurrealDB stores a role as written and bearer sign-in puts that spelling in RL (checked
    # against the engine in test_signin_differential.py, scenario bearer_role_spelling); the
    # session holds the role itself, by its canonical name, and so does the token read back.
    schema = f"""
DEFINE ACCESS api ON DATABASE TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE USER lower ON DATABASE PASSWORD 'pw' ROLES editor;
DEFINE USER mixed ON DATABASE PASSWORD 'pw' ROLES Editor, OWNER;
DEFINE USER quoted ON DATABASE PASSWORD 'pw' ROLES `vIEWER`, ⟨owner⟩;
DEFINE USER twice ON DATABASE PASSWORD 'pw' ROLES editor, EDITOR;
"""
    auth = compiled(schema=schema)
    for name, rl, roles in [
        ("lower", ["editor"], ("Editor",)),
        ("mixed", ["Editor", "OWNER"], ("Editor", "Owner")),
        ("quoted", ["vIEWER", "owner"], ("Viewer", "Owner")),
        ("twice", ["editor", "EDITOR"], ("Editor", "Editor")),
    ]:
        granted = auth.execute(statement(f"ACCESS api GRANT FOR USER {name}"), ns="test",
                               db="test")
        tokens = auth.signin({**DB, "ac": "api", "key": granted["grant"]["key"]})
        assert claims_of(tokens.access)[1]["RL"] == rl, name
        assert tokens.session.token["RL"] == rl and tokens.session.roles == roles, name
        assert tokens.session.to_json()["token"]["RL"] == rl, name
    users = collect_users(sa.parse(schema), ns="test", db="test")
    assert {where[3]: user.roles for where, user in users.items()} == {
        "lower": ("editor",), "mixed": ("Editor", "OWNER"), "quoted": ("vIEWER", "owner"),
        "twice": ("editor", "EDITOR")}


def test_alter_user_roles_apply_in_statement_order() -> None:
    # ALTER USER … ROLES replaces the roles, as written and with any name (checked against
    # the engine in test_signin_differential.py, scenario bearer_alter_user): RL carries
    # them, a name that is no role fails the sign-in as SurrealDB does, ALTER USER IF EXISTS
    # of a missing user does nothing and a user's DURATION leaves bearer tokens alone.
    schema = f"""
DEFINE ACCESS api ON DATABASE TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}'
  DURATION FOR TOKEN 10m;
DEFINE ACCESS rb ON ROOT TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE USER promoted ON DATABASE PASSWORD 'pw' ROLES EDITOR;
ALTER USER promoted ON DATABASE ROLES Viewer, oWnEr;
DEFINE USER twice ON DATABASE PASSWORD 'pw';
ALTER USER IF EXISTS twice ON DATABASE ROLES owner ROLES `editor`;
DEFINE USER timed ON DATABASE PASSWORD 'pw' ROLES OWNER;
ALTER USER timed ON DATABASE PASSWORD 'new' DURATION FOR TOKEN 1m COMMENT 'c';
DEFINE USER reset ON DATABASE PASSWORD 'pw' ROLES EDITOR;
ALTER USER reset ON DATABASE ROLES owner;
DEFINE USER OVERWRITE reset ON DATABASE PASSWORD 'pw';
DEFINE USER bad ON DATABASE PASSWORD 'pw' ROLES OWNER;
ALTER USER bad ON DATABASE ROLES editor, foo;
ALTER USER IF EXISTS never ON DATABASE ROLES owner;
DEFINE USER gone ON DATABASE PASSWORD 'pw';
REMOVE USER gone ON DATABASE;
ALTER USER IF EXISTS gone ON DATABASE ROLES owner;
USE NS other DB other;
ALTER USER IF EXISTS promoted ON DATABASE ROLES foo;
DEFINE USER rootie ON ROOT PASSWORD 'pw' ROLES OWNER;
ALTER USER rootie ON ROOT ROLES Baz;
"""
    users = collect_users(sa.parse(schema), ns="test", db="test")
    assert {where[3]: user.roles for where, user in users.items()} == {
        "promoted": ("Viewer", "oWnEr"), "twice": ("editor",), "timed": ("OWNER",),
        "reset": ("Viewer",), "bad": ("editor", "foo"), "rootie": ("Baz",)}
    auth = compiled(schema=schema)
    for name, rl, roles in [("promoted", ["Viewer", "oWnEr"], ("Viewer", "Owner")),
                            ("twice", ["editor"], ("Editor",)),
                            ("timed", ["OWNER"], ("Owner",)), ("reset", ["Viewer"], ("Viewer",))]:
        granted = auth.execute(statement(f"ACCESS api GRANT FOR USER {name}"), ns="test",
                               db="test")
        tokens = auth.signin({**DB, "ac": "api", "key": granted["grant"]["key"]})
        access = claims_of(tokens.access)[1]
        assert access["RL"] == rl and tokens.session.roles == roles, name
        assert access["exp"] - access["iat"] == 600, name  # the method's DURATION, not the user's
    for text, params, role in [
        ("ACCESS api GRANT FOR USER bad", DB, "foo"),
        ("ACCESS rb ON ROOT GRANT FOR USER rootie", {}, "Baz"),
    ]:
        granted = auth.execute(statement(text), ns="test", db="test")
        ac = "api" if params else "rb"
        with pytest.raises(sa.AuthenticationError) as caught:
            auth.signin({**params, "ac": ac, "key": granted["grant"]["key"]})
        assert caught.value.kind == "invalid_role"
        assert caught.value.public_message == f"IAM error: Invalid role '{role}'"
    for name in ("never", "gone"):
        with pytest.raises(sa.SurrealAccessError,
                           match=f"The user '{name}' does not exist in the database 'test'"):
            auth.execute(statement(f"ACCESS api GRANT FOR USER {name}"), ns="test", db="test")


def test_alter_user_of_a_missing_user_is_refused() -> None:
    # SurrealDB refuses ALTER USER (without IF EXISTS) of a user that does not exist, with
    # these messages; compile reports it like any definition the engine would refuse.
    schema = """
DEFINE USER tobie ON DATABASE PASSWORD 'pw';
ALTER USER nobody ON DATABASE ROLES editor;
ALTER USER tobie ON NAMESPACE ROLES editor;
ALTER USER tobie ON ROOT ROLES editor;
REMOVE USER tobie ON DATABASE;
ALTER USER tobie ON DATABASE COMMENT 'x';
ALTER USER IF EXISTS tobie ON DATABASE ROLES editor;
"""
    with pytest.raises(sa.CompileError) as caught:
        compiled(schema=schema)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "The user 'nobody' does not exist in the database 'test'"),
        (4, "The user 'tobie' does not exist in the namespace 'test'"),
        (5, "The root user 'tobie' does not exist"),
        (7, "The user 'tobie' does not exist in the database 'test'"),
    ]
    # collect_users alone skips them, or passes them on.
    script = sa.parse(schema)
    assert collect_users(script, ns="test", db="test") == {}
    seen: list[str] = []
    collect_users(script, ns="test", db="test", fail=lambda message, span: seen.append(message))
    assert len(seen) == 4


def test_duplicate_define_user_and_remove_of_a_missing_user_are_refused() -> None:
    # SurrealDB 3.x refuses a plain DEFINE USER of a user that exists and REMOVE USER (without
    # IF EXISTS) of one that does not, with these messages, and leaves the users unchanged.
    # Names are case-sensitive, every level, namespace and database has its own users, and a
    # user may have an access method's name.
    schema = f"""
DEFINE USER tobie ON DATABASE PASSWORD 'pw' ROLES OWNER;
DEFINE USER tobie ON DATABASE PASSWORD 'pw' ROLES EDITOR;
DEFINE USER tobie ON NAMESPACE PASSWORD 'pw';
DEFINE USER tobie ON NAMESPACE PASSWORD 'pw';
DEFINE USER tobie ON ROOT PASSWORD 'pw';
DEFINE USER tobie ON ROOT PASSWORD 'pw';
DEFINE USER IF NOT EXISTS tobie ON DATABASE PASSWORD 'pw' ROLES VIEWER;
DEFINE USER Tobie ON DATABASE PASSWORD 'pw' ROLES EDITOR;
DEFINE ACCESS api ON DATABASE TYPE BEARER FOR USER WITH JWT ALGORITHM HS512 KEY '{SECRET}';
DEFINE USER api ON DATABASE PASSWORD 'pw';
REMOVE USER nobody ON DATABASE;
REMOVE USER nobody ON NAMESPACE;
REMOVE USER nobody ON ROOT;
REMOVE USER TOBIE ON DATABASE;
REMOVE USER IF EXISTS nobody ON DATABASE;
DEFINE USER gone ON DATABASE PASSWORD 'pw';
REMOVE USER gone ON DATABASE;
REMOVE USER gone ON DATABASE;
DEFINE USER gone ON DATABASE PASSWORD 'pw';
USE DB other;
DEFINE USER tobie ON DATABASE PASSWORD 'pw';
DEFINE USER tobie ON NAMESPACE PASSWORD 'pw';
REMOVE USER api ON DATABASE;
DEFINE USER OVERWRITE tobie ON DATABASE PASSWORD 'pw' ROLES EDITOR;
"""
    with pytest.raises(sa.CompileError) as caught:
        compiled(schema=schema)
    expected = [
        (3, 1, "The user 'tobie' already exists in the database 'test'"),
        (5, 1, "The user 'tobie' already exists in the namespace 'test'"),
        (7, 1, "The root user 'tobie' already exists"),
        (12, 1, "The user 'nobody' does not exist in the database 'test'"),
        (13, 1, "The user 'nobody' does not exist in the namespace 'test'"),
        (14, 1, "The root user 'nobody' does not exist"),
        (15, 1, "The user 'TOBIE' does not exist in the database 'test'"),
        (19, 1, "The user 'gone' does not exist in the database 'test'"),
        (23, 1, "The user 'tobie' already exists in the namespace 'test'"),
        (24, 1, "The user 'api' does not exist in the database 'other'"),
    ]
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == expected
    # A refused statement changes nothing; OVERWRITE replaces, IF NOT EXISTS keeps.
    users = collect_users(sa.parse(schema), ns="test", db="test")
    assert {where: user.roles for where, user in users.items()} == {
        ("DATABASE", "test", "test", "tobie"): ("OWNER",),
        ("NAMESPACE", "test", None, "tobie"): ("Viewer",),
        ("ROOT", None, None, "tobie"): ("Viewer",),
        ("DATABASE", "test", "test", "Tobie"): ("EDITOR",),
        ("DATABASE", "test", "test", "api"): ("Viewer",),
        ("DATABASE", "test", "test", "gone"): ("Viewer",),
        ("DATABASE", "test", "other", "tobie"): ("EDITOR",),
    }
    seen: list[str] = []
    collect_users(sa.parse(schema), ns="test", db="test",
                  fail=lambda message, span: seen.append(message))
    # collect_users reports what only a whole schema can tell (a missing user); the duplicate
    # DEFINEs above come from check(), which compile() runs first.
    assert seen == [message for line, _, message in expected if "does not exist" in message]
    assert [p.message for p in sa.check(sa.parse(schema), ns="test", db="test")] == [
        message for _, _, message in expected if "already exists" in message]
    # Without the refused statements the schema compiles.
    refused = {p.line for p in caught.value.problems}
    kept = "\n".join(line for number, line in enumerate(schema.split("\n"), 1)
                     if number not in refused)
    assert len(compiled(schema=kept).plans) == 1


def test_secrets_never_in_reprs_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    pub, priv = KEYS["RS256"]
    schema = SCHEMA + (f"DEFINE ACCESS rs ON DATABASE TYPE RECORD SIGNIN ( RETURN user:1 ) "
                       f"WITH JWT ALGORITHM RS256 KEY '{pub}' WITH ISSUER KEY '{priv}';")
    auth = compiled("surrealdb", schema)
    tokens = auth.signin({**DB, "ac": "s", "name": "ann", "pass": "right-password"})
    assert tokens.refresh is not None
    seen = [repr(auth), json.dumps(auth.to_json()), repr(tokens), repr(auth.grants),
            repr(auth.plans), repr([p.signer for p in auth.plans]),
            repr(auth.grants.list(Scope("DATABASE", "test", "test"), "s"))]
    seen += [repr(p) for p in auth.plans] + [json.dumps(p.to_json()) for p in auth.plans]
    rs = auth.signin({**DB, "ac": "rs"})
    seen.append(repr(rs))
    failures = [
        lambda: auth.signin({**DB, "ac": "s", "name": "x", "pass": "wrong-secret-password"}),
        lambda: auth.signin({**DB, "ac": "s", "refresh": tokens.refresh[:-1] + "Z"}),
        lambda: auth.refresh(tokens.access, tokens.refresh[:-2] + "ZZ"),
        lambda: auth.revoke(tokens.refresh[:-1] + "Q"),
        lambda: auth.signin({**DB, "ac": "api", "key": tokens.refresh}),
    ]
    for fail in failures:
        with pytest.raises(sa.SurrealAccessError) as caught:
            fail()
        error = caught.value
        seen += [str(error), repr(error), getattr(error, "detail", ""),
                 getattr(error, "public_message", "")]
    seen.append(caplog.text)
    text = "\n".join(seen)
    secret_part = tokens.refresh.rsplit("-", 1)[1]
    private_body = "".join(priv.splitlines()[1:-1])[:40]
    for secret in (SECRET, secret_part, tokens.refresh, private_body, "wrong-secret-password",
                   "right-password"):
        assert secret not in text, secret


def test_cli_token_reports_usage_errors(tmp_path: Path) -> None:
    schema = tmp_path / "s.surql"
    schema.write_text(SCHEMA)
    done = subprocess.run(
        [sys.executable, "-m", "surrealaccess", "token", "--schema", str(schema),
         "--access", "s", "--var", "novalue"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert done.returncode == 2 and "KEY=VALUE" in done.stderr


@pytest.mark.oracle
def test_cli_token_mints_through_signin(engine: object, tmp_path: Path) -> None:
    schema = tmp_path / "s.surql"
    schema.write_text(
        "DEFINE ACCESS account ON DATABASE TYPE RECORD\n"
        "  SIGNIN ( SELECT * FROM user WHERE email = $email "
        "AND crypto::argon2::compare(pass, $pass) )\n"
        f"  WITH JWT ALGORITHM HS512 KEY '{SECRET}';\n"
        "CREATE user:ann SET email = 'ann@example.com', pass = crypto::argon2::generate('pw');\n"
    )
    base = [sys.executable, "-m", "surrealaccess", "token", "--schema", str(schema),
            "--ns", "test", "--db", "test", "--access", "account",
            "--var", "email=ann@example.com"]
    done = subprocess.run([*base, "--var", "pass=pw"], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["session"]["auth"] == "user:ann" and result["refresh"] is None
    auth = sa.compile(sa.parse(schema.read_text()), ns="test", db="test", policy="surrealdb")
    assert str(auth.authenticate(result["access"]).rd) == "user:ann"
    refused = subprocess.run([*base, "--var", "pass=nope"], capture_output=True, text=True,
                             check=False, timeout=120)
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"]["public_message"] == "No record was returned"
