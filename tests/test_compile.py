"""compile(): statement semantics, key policy, plans, and the sessions authenticate() returns.

References: /work/shared/reference/surrealdb-access.md §1.3–§1.5 (defaults, definition-time
checks, ALTER/REMOVE), §3.1 (the verification pipeline), §3.8 (session values and
DURATION FOR SESSION) and §5 (session variables); extensions.md for the extension clauses.
Every key is a throwaway generated here; tokens are built by hand so that weak or odd keys
(which PyJWT refuses to use) can sign them too.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hmac
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from surrealaccess.compiler import compile as compile_schema
from surrealaccess.errors import AuthenticationError, CompileError
from surrealaccess.jws import GENERIC
from surrealaccess.parser import load, parse
from surrealaccess.plan import AccessPlan, KeyVerification
from surrealaccess.runtime import Authenticator
from surrealaccess.session import Session

NOW = 1_800_000_000
LATER = NOW + 3600
SECRET = "s3cr3t-" + "q" * 57  # 64 bytes: strong enough for HS256/384/512 under strict
OTHER_SECRET = "0th3r-" + "z" * 58
POLICIES = ("strict", "surrealdb")
HOUR_NS = 3600 * 10**9


# ---- throwaway keys and hand-made tokens ----------------------------------------------------


@functools.cache
def private_key(name: str) -> Any:
    if name.startswith("rsa1024"):
        return rsa.generate_private_key(public_exponent=65537, key_size=1024)
    if name.startswith("rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if name.startswith("p256"):
        return ec.generate_private_key(ec.SECP256R1())
    if name.startswith("p384"):
        return ec.generate_private_key(ec.SECP384R1())
    if name.startswith("ed"):
        return ed25519.Ed25519PrivateKey.generate()
    raise AssertionError(name)


def public_pem(name: str) -> str:
    return private_key(name).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def private_pem(name: str) -> str:
    return private_key(name).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def pem_body_lines(pem: str) -> list[str]:
    return [line for line in pem.splitlines() if line and not line.startswith("-----")]


def ssh_public(name: str) -> str:
    return private_key(name).public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}


def sign(alg: str, key: Any, claims: dict[str, Any]) -> str:
    """A compact JWS over ``claims``; ``key`` is HMAC text or a private key object."""
    header = {"alg": alg, "typ": "JWT"}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    data = signing_input.encode("ascii")
    bits = alg[2:]
    if alg.startswith("HS"):
        signature = hmac.digest(key.encode("utf-8"), data, "sha" + bits)
    elif alg.startswith("RS"):
        signature = key.sign(data, padding.PKCS1v15(), _HASHES[bits]())
    elif alg.startswith("PS"):
        signature = key.sign(
            data, padding.PSS(padding.MGF1(_HASHES[bits]()), int(bits) // 8), _HASHES[bits]()
        )
    elif alg.startswith("ES"):
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(_HASHES[bits]())))
        size = (key.curve.key_size + 7) // 8
        signature = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    else:
        signature = key.sign(data)
    return f"{signing_input}.{_b64(signature)}"


def db_claims(ac: str = "a", **extra: Any) -> dict[str, Any]:
    return {"ns": "test", "db": "test", "ac": ac, "exp": LATER, **extra}


def hs(ac: str = "a", secret: str = SECRET, **extra: Any) -> str:
    return sign("HS256", secret, db_claims(ac, **extra))


def jwt_def(name: str = "a", base: str = "DB", key: str = SECRET, tail: str = "") -> str:
    return f"DEFINE ACCESS {name} ON {base} TYPE JWT ALGORITHM HS256 KEY '{key}'{tail};\n"


def build(text: str, **options: Any) -> Authenticator:
    options.setdefault("ns", "test")
    options.setdefault("db", "test")
    return compile_schema(parse(text), **options)


def compile_problems(text: str, **options: Any) -> list[str]:
    with pytest.raises(CompileError) as caught:
        build(text, **options)
    return [problem.message for problem in caught.value.problems]


def refused(auth: Authenticator, token: str, **options: Any) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as caught:
        auth.authenticate(token, **{"now": NOW, **options})
    return caught.value


# ---- statement semantics --------------------------------------------------------------------


def test_use_moves_the_context() -> None:
    auth = build(
        "USE NS n1 DB d1;\n"
        + jwt_def("a")
        + "USE DB d2;\n"
        + jwt_def("a", tail=" DURATION FOR SESSION 1h")
        + "USE NS n2;\n"
        + jwt_def("n", base="NS")
        + jwt_def("b"),
        ns=None, db=None,
    )
    where = [(p.name, p.level, p.ns, p.db) for p in auth.plans]
    assert where == [
        ("a", "DATABASE", "n1", "d1"),
        ("a", "DATABASE", "n1", "d2"),
        ("n", "NAMESPACE", "n2", None),
        ("b", "DATABASE", "n2", "d2"),  # USE NS keeps the database
    ]
    assert auth.plan("a", ns="n1", db="d2").session_nanoseconds == HOUR_NS
    assert auth.plan("a", ns="n1", db="d1").session_nanoseconds is None
    claims = {"ns": "n1", "db": "d2", "ac": "a", "exp": LATER}
    session = auth.authenticate(sign("HS256", SECRET, claims), now=NOW)
    assert (session.ns, session.db, session.exp) == ("n1", "d2", NOW + 3600)
    # The compile() context is only the starting point: nothing lives in test/test.
    error = refused(build(jwt_def("a"), ns="x", db="y", policy="surrealdb"), hs())
    assert error.public_message == "The database 'test' does not exist"


def test_on_namespace_and_on_root_plans() -> None:
    auth = build(jwt_def("n", base="NS") + jwt_def("r", base="ROOT") + jwt_def("d"))
    ns_plan = auth.plan("n", level="NAMESPACE", ns="test")
    root_plan = auth.plan("r", level="ROOT")
    db_plan = auth.plan("d", ns="test", db="test")
    assert (ns_plan.level, ns_plan.ns, ns_plan.db) == ("NAMESPACE", "test", None)
    assert (root_plan.level, root_plan.ns, root_plan.db) == ("ROOT", None, None)
    assert ns_plan.routing_claims == ("ns", "ac")
    assert root_plan.routing_claims == ("ac",)
    assert db_plan.routing_claims == ("ns", "db", "ac")
    assert ns_plan.to_json()["routing"]["values"] == {"ns": "test", "ac": "n"}
    assert root_plan.to_json()["routing"]["values"] == {"ac": "r"}


def test_same_name_at_each_level_is_not_a_duplicate() -> None:
    auth = build(jwt_def("a", base="ROOT") + jwt_def("a", base="NS") + jwt_def("a"))
    assert [p.level for p in auth.plans] == ["ROOT", "NAMESPACE", "DATABASE"]


def test_overwrite_replaces() -> None:
    auth = build(
        jwt_def("a")
        + f"DEFINE ACCESS OVERWRITE a ON DB TYPE JWT ALGORITHM HS512 KEY '{OTHER_SECRET}' "
        "DURATION FOR SESSION 2h;"
    )
    [plan] = auth.plans
    assert plan.verification.algorithm == "HS512"
    assert plan.session_nanoseconds == 2 * HOUR_NS
    assert auth.authenticate(sign("HS512", OTHER_SECRET, db_claims()), now=NOW).exp == NOW + 7200
    assert refused(auth, hs()).reason == "alg_not_allowed"


def test_if_not_exists_keeps_the_first() -> None:
    auth = build(
        jwt_def("a")
        + f"DEFINE ACCESS IF NOT EXISTS a ON DB TYPE JWT ALGORITHM HS256 KEY '{OTHER_SECRET}';"
    )
    [plan] = auth.plans
    assert auth.authenticate(hs(), now=NOW).ac == "a"
    assert refused(auth, hs(secret=OTHER_SECRET)).reason == "signature_invalid"
    fresh = build(jwt_def("a")).plans[0]
    assert plan.verification.key.fingerprint == fresh.verification.key.fingerprint


@pytest.mark.parametrize(("base", "message"), [
    ("ROOT", "The root access method 'a' already exists"),
    ("NS", "The access method 'a' already exists in the namespace 'test'"),
    ("DB", "The access method 'a' already exists in the database 'test'"),
])
def test_plain_duplicate_is_a_compile_error(base: str, message: str) -> None:
    text = jwt_def("a", base=base) + jwt_def("a", base=base)
    with pytest.raises(CompileError) as caught:
        build(text)
    [problem] = caught.value.problems
    assert problem.message == message
    assert (problem.line, problem.column) == (2, 1)


def test_alter_changes_session_duration_and_authenticate() -> None:
    base = jwt_def("a", tail=" DURATION FOR SESSION 1h")
    assert build(base).authenticate(hs(), now=NOW).exp == NOW + 3600

    longer = build(base + "ALTER ACCESS a ON DB DURATION FOR SESSION 2h;")
    assert longer.plans[0].session_nanoseconds == 2 * HOUR_NS
    assert longer.authenticate(hs(), now=NOW).exp == NOW + 7200

    cleared = build(base + "ALTER ACCESS a ON DB DURATION FOR SESSION NONE;")
    assert cleared.plans[0].session_nanoseconds is None
    assert cleared.authenticate(hs(), now=NOW).exp is None

    with_auth = build(base + "ALTER ACCESS a ON DB AUTHENTICATE { RETURN NONE };")
    assert with_auth.plans[0].authenticate is not None
    assert with_auth.plans[0].to_json()["authenticate"] is True
    assert with_auth.authenticate(hs(), now=NOW).ac == "a"
    throwing = build(base + "ALTER ACCESS a ON DB AUTHENTICATE { THROW 'no' };")
    assert refused(throwing, hs()).public_message == "An error occurred: no"
    # Durations the ALTER does not name are kept.
    assert with_auth.plans[0].session_nanoseconds == HOUR_NS

    dropped = build(
        base + "ALTER ACCESS a ON DB AUTHENTICATE { RETURN NONE };\n"
        "ALTER ACCESS a ON DB DROP AUTHENTICATE;"
    )
    assert dropped.plans[0].authenticate is None
    assert dropped.authenticate(hs(), now=NOW).ac == "a"


def test_alter_missing_method() -> None:
    text = jwt_def("a") + "ALTER ACCESS b ON DB DURATION FOR SESSION 2h;"
    with pytest.raises(CompileError) as caught:
        build(text)
    [problem] = caught.value.problems
    assert problem.message == "The access method 'b' does not exist in the database 'test'"
    assert problem.line == 2
    # Same name, other level: still missing.
    assert compile_problems(jwt_def("a") + "ALTER ACCESS a ON NS DROP AUTHENTICATE;")
    auth = build(text.replace("ALTER ACCESS b", "ALTER ACCESS IF EXISTS b"))
    assert [p.name for p in auth.plans] == ["a"]


@pytest.mark.parametrize("policy", POLICIES)
def test_remove_drops_the_method(policy: str) -> None:
    auth = build(jwt_def("a") + jwt_def("b") + "REMOVE ACCESS a ON DB;", policy=policy)
    assert [p.name for p in auth.plans] == ["b"]
    assert auth.plan("a", ns="test", db="test") is None
    error = refused(auth, hs("a"))
    assert "no access method 'a'" in error.detail
    if policy == "surrealdb":
        assert (error.kind, error.reason) == ("not_found", "not_found")
        assert error.public_message == "The access method 'a' does not exist in the database 'test'"
    else:  # strict never tells an unauthenticated client what exists
        assert (error.kind, error.public_message) == ("invalid_auth", GENERIC)
    assert auth.authenticate(hs("b"), now=NOW).ac == "b"


def test_remove_missing_method() -> None:
    problems = compile_problems(jwt_def("a") + "REMOVE ACCESS b ON DB;")
    assert problems == ["The access method 'b' does not exist in the database 'test'"]
    assert compile_problems(jwt_def("a") + "REMOVE ACCESS a ON ROOT;")
    auth = build(jwt_def("a") + "REMOVE ACCESS IF EXISTS b ON DB;")
    assert [p.name for p in auth.plans] == ["a"]


def test_define_again_after_remove() -> None:
    auth = build(jwt_def("a") + "REMOVE ACCESS a ON DB;\n" + jwt_def("a", key=OTHER_SECRET))
    assert auth.authenticate(hs(secret=OTHER_SECRET), now=NOW).ac == "a"


@pytest.mark.parametrize(("base", "ns", "db"), [
    ("DB", None, None), ("DB", "test", None), ("NS", None, None), ("NS", None, "test"),
])
def test_missing_context_is_a_compile_error(base: str, ns: str | None, db: str | None) -> None:
    problems = compile_problems(jwt_def("a", base=base), ns=ns, db=db)
    assert len(problems) == 1
    assert "needs a namespace" in problems[0]


def test_root_needs_no_context() -> None:
    auth = build(jwt_def("r", base="ROOT"), ns=None, db=None)
    session = auth.authenticate(sign("HS256", SECRET, {"ac": "r", "exp": LATER}), now=NOW)
    assert (session.ns, session.db, session.level) == (None, None, "ROOT")


def test_compile_error_collects_every_problem_with_positions(tmp_path: Path) -> None:
    text = (
        "-- two bad keys and one good definition\n"
        "DEFINE ACCESS weak ON DB TYPE JWT ALGORITHM HS256 KEY 'short';\n"
        + jwt_def("fine")
        + "DEFINE ACCESS\n    empty ON DB TYPE JWT ALGORITHM HS384 KEY '';\n"
    )
    path = tmp_path / "schema.surql"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CompileError) as caught:
        compile_schema(load(path), ns="test", db="test")
    first, second = caught.value.problems
    assert (first.line, first.column) == (2, text.splitlines()[1].index("'short'") + 1)
    assert (second.line, second.column) == (5, text.splitlines()[4].index("''") + 1)
    assert first.path == second.path == str(path)
    assert "HS256 KEY is 5 bytes" in first.message and "[key_invalid]" in first.message
    assert "HS384 KEY is empty" in second.message
    rendered = str(caught.value).splitlines()
    assert rendered == [f"{path}:2:{first.column}: {first.message}",
                        f"{path}:5:{second.column}: {second.message}"]


@pytest.mark.parametrize("policy", POLICIES)
def test_es512_is_refused(policy: str) -> None:
    pem = public_pem("p256-es512")
    problems = compile_problems(
        f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM ES512 KEY '{pem}';", policy=policy
    )
    assert any(p.startswith("The ES512 algorithm is not currently supported") for p in problems)


@pytest.mark.parametrize("policy", POLICIES)
def test_symmetric_issuer_key_mismatch_is_refused(policy: str) -> None:
    problems = compile_problems(
        jwt_def("a", tail=f" WITH ISSUER KEY '{OTHER_SECRET}'"), policy=policy
    )
    assert problems == [
        "Invalid query: Symmetric algorithm HS256 requires the same key for signing and "
        "verification. Use the same key value for both KEY and WITH ISSUER KEY clauses, or "
        "omit WITH ISSUER KEY."
    ]
    # The same key written twice is fine.
    build(jwt_def("a", tail=f" WITH ISSUER KEY '{SECRET}'"), policy=policy)


def test_if_not_exists_on_existing_name_skips_the_es512_check() -> None:
    pem = public_pem("p256-es512")
    auth = build(
        jwt_def("a") + f"DEFINE ACCESS IF NOT EXISTS a ON DB TYPE JWT ALGORITHM ES512 KEY '{pem}';"
    )
    assert auth.plans[0].verification.algorithm == "HS256"


def test_alter_record_token_duration_none_is_refused() -> None:
    problems = compile_problems(
        f"DEFINE ACCESS r ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}';\n"
        "ALTER ACCESS r ON DB DURATION FOR TOKEN NONE;"
    )
    assert problems and "DURATION FOR TOKEN cannot be NONE on TYPE RECORD" in problems[0]


def test_define_record_token_duration_none_is_refused() -> None:
    problems = compile_problems(
        f"DEFINE ACCESS r ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}' "
        "DURATION FOR TOKEN NONE;"
    )
    assert any("DURATION FOR TOKEN cannot be NONE on TYPE RECORD" in p for p in problems)


# ---- key policy -----------------------------------------------------------------------------


def _weak_keys() -> list[Any]:
    jwk = json.dumps({"kty": "oct", "k": _b64(b"x" * 48)})
    return [
        pytest.param("HS256", "short", "is 5 bytes", id="hmac-weak"),
        pytest.param("HS512", "q" * 63, "is 63 bytes", id="hmac-63-bytes-for-hs512"),
        pytest.param("HS256", "", "is empty", id="hmac-empty"),
        pytest.param("HS256", public_pem("rsa-a"), "looks like a PEM block", id="hmac-pem"),
        pytest.param("HS256", ssh_public("rsa-a"), "looks like an OpenSSH public key",
                     id="hmac-ssh"),
        pytest.param("HS256", jwk, "looks like a JWK", id="hmac-jwk"),
        pytest.param("RS256", public_pem("rsa1024"), "1024-bit RSA", id="rsa-1024"),
        pytest.param("RS256", public_pem("p256-a"), "needs an RSA public key",
                     id="ec-key-for-rs256"),
        pytest.param("ES256", public_pem("p384-a"), "needs a secp256r1 key",
                     id="p384-key-for-es256"),
        pytest.param("ES256", public_pem("rsa-a"), "needs an EC public key",
                     id="rsa-key-for-es256"),
        pytest.param("RS256", private_pem("rsa-a"), "private key", id="rsa-private-pem"),
        pytest.param("EdDSA", private_pem("ed-a"), "private key", id="ed25519-private-pem"),
        pytest.param("RS256", "notapem", "not PEM", id="not-pem"),
    ]


@pytest.mark.parametrize(("alg", "key", "why"), _weak_keys())
def test_strict_refuses_unsafe_keys_at_compile_time(alg: str, key: str, why: str) -> None:
    with pytest.raises(CompileError) as caught:
        build(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY '{key}';")
    [problem] = caught.value.problems
    assert "[key_invalid]" in problem.message and why in problem.message
    assert (problem.line, problem.column) == (1, len("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM "
                                                     f"{alg} KEY ") + 1)


@pytest.mark.parametrize("key", [
    pytest.param("short", id="weak"),
    pytest.param("", id="empty"),
    pytest.param(public_pem("rsa-a"), id="pem"),
    pytest.param(ssh_public("rsa-a"), id="ssh"),
    pytest.param(json.dumps({"kty": "oct", "k": "abc"}), id="jwk"),
])
def test_surrealdb_policy_uses_any_hmac_secret(key: str) -> None:
    auth = build(jwt_def("a", key=key), policy="surrealdb")
    assert auth.authenticate(hs(secret=key), now=NOW).ac == "a"
    assert refused(auth, hs(secret=key + "x")).reason == "signature_invalid"


@pytest.mark.parametrize(("alg", "key"), [
    pytest.param("RS256", public_pem("p256-a"), id="ec-key-for-rs256"),
    pytest.param("ES256", public_pem("rsa-a"), id="rsa-key-for-es256"),
    pytest.param("EdDSA", public_pem("rsa-a"), id="rsa-key-for-eddsa"),
    pytest.param("RS256", "notapem", id="not-pem"),
])
def test_surrealdb_policy_reports_unusable_pems_at_token_time(alg: str, key: str) -> None:
    auth = build(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY '{key}';",
                 policy="surrealdb")
    assert auth.plans[0].to_json()["verification"]["key"]["unusable"]
    error = refused(auth, sign("HS256", SECRET, db_claims()))  # any token that reaches it
    assert (error.kind, error.public_message) == ("invalid_key", "InvalidKeyFormat")


@pytest.mark.parametrize(("alg", "name"), [
    ("RS256", "rsa-a"), ("ES256", "p256-a"), ("EdDSA", "ed-a"),
])
def test_surrealdb_policy_private_pem_fails_every_token(alg: str, name: str) -> None:
    auth = build(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY '{private_pem(name)}';",
                 policy="surrealdb")
    # Even a token signed by that very private key.
    error = refused(auth, sign(alg, private_key(name), db_claims()))
    assert (error.kind, error.public_message) == ("invalid_auth", GENERIC)


@pytest.mark.parametrize(("alg", "name", "signer"), [
    ("RS256", "rsa1024", "rsa1024"), ("ES256", "p384-a", "p384-a"),
])
def test_surrealdb_policy_keys_that_cannot_verify_fail_every_token(
    alg: str, name: str, signer: str
) -> None:
    auth = build(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY '{public_pem(name)}';",
                 policy="surrealdb")
    error = refused(auth, sign(alg, private_key(signer), db_claims()))
    assert error.kind == "invalid_auth"


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("alg", "name"), [
    ("RS256", "rsa-a"), ("RS512", "rsa-a"), ("PS256", "rsa-a"), ("ES256", "p256-a"),
    ("ES384", "p384-a"), ("EdDSA", "ed-a"),
])
def test_good_asymmetric_keys_verify(policy: str, alg: str, name: str) -> None:
    auth = build(f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM {alg} KEY '{public_pem(name)}';",
                 policy=policy)
    assert auth.authenticate(sign(alg, private_key(name), db_claims()), now=NOW).ac == "a"
    other = name[:-1] + "b"
    assert refused(auth, sign(alg, private_key(other), db_claims())).reason == "signature_invalid"


def test_eddsa_plans_use_the_jws_algorithm_name() -> None:
    # The grammar reads `eddsa`/`EdDSA` as EDDSA (SurrealDB prints it so); tokens say EdDSA.
    auth = build(f"define access a on db type jwt algorithm eddsa key '{public_pem('ed-a')}';")
    assert auth.plans[0].verification.algorithm == "EdDSA"
    assert auth.plans[0].to_json()["verification"]["algorithm"] == "EdDSA"
    token = sign("EdDSA", private_key("ed-a"), db_claims())
    assert auth.authenticate(token, now=NOW).ac == "a"
    # The definition's spelling is not a second accepted header value.
    upper = token.split(".")
    header = _b64(json.dumps({"alg": "EDDSA", "typ": "JWT"}).encode())
    forged = f"{header}.{upper[1]}.{upper[2]}"
    assert refused(auth, forged).kind in ("invalid_auth", "malformed_token")


# ---- plans ----------------------------------------------------------------------------------


def _rich_schema() -> str:
    return (
        jwt_def("hs", tail=" DURATION FOR SESSION 2h")
        + f"DEFINE ACCESS rs ON NS TYPE JWT ALGORITHM RS256 KEY '{public_pem('rsa-a')}';\n"
        + f"DEFINE ACCESS rec ON DB TYPE RECORD WITH JWT ALGORITHM RS256 KEY "
        f"'{public_pem('rsa-b')}' WITH ISSUER KEY '{private_pem('rsa-b')}' "
        "DURATION FOR TOKEN 15m, FOR SESSION 12h;\n"
        + "DEFINE ACCESS gen ON ROOT TYPE BEARER FOR USER;\n"
    )


def test_plans_are_immutable() -> None:
    auth = build(_rich_schema())
    plan = auth.plans[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.session_nanoseconds = None  # type: ignore[misc]
    assert isinstance(plan.verification, KeyVerification)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.verification.algorithm = "HS512"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.verification.key.fingerprint = "x"  # type: ignore[misc]
    assert isinstance(auth.plans, tuple)
    session = auth.authenticate(hs("hs"), now=NOW)
    # Sessions are read-only too (FrozenInstanceError is an AttributeError).
    with pytest.raises(AttributeError):
        session.exp = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        session.roles = ("Owner",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        session.token["AC"] = "x"  # type: ignore[index]


@pytest.mark.parametrize("policy", POLICIES)
def test_plan_json_has_the_facts_and_no_key_material(policy: str) -> None:
    auth = build(_rich_schema(), policy=policy)
    data = auth.to_json()
    dumped = json.dumps(data)
    assert json.loads(dumped) == data
    assert SECRET not in dumped
    for name in ("rsa-a", "rsa-b"):
        for line in pem_body_lines(public_pem(name)) + pem_body_lines(private_pem(name)):
            assert line not in dumped
    assert "PRIVATE" not in dumped and "BEGIN" not in dumped

    assert data["policy"] == policy
    hs_plan, rs_plan, rec_plan, gen_plan = data["accesses"]
    assert hs_plan["verification"]["algorithm"] == "HS256"
    assert hs_plan["verification"]["key"]["family"] == "hmac"
    assert hs_plan["verification"]["key"]["fingerprint"].startswith("pbkdf2-sha256:")
    assert hs_plan["routing"] == {"claims": ["ns", "db", "ac"],
                                  "values": {"ns": "test", "db": "test", "ac": "hs"}}
    assert hs_plan["durations"] == {"session": 2 * HOUR_NS, "token": HOUR_NS, "grant": None}
    assert hs_plan["issuer"] == {"algorithm": "HS256", "key": "verify-key"}
    assert hs_plan["source"] == {"path": None, "line": 1, "column": 1}

    assert rs_plan["level"] == "NAMESPACE" and rs_plan["db"] is None
    assert rs_plan["verification"]["key"]["fingerprint"].startswith("sha256:")
    assert rs_plan["issuer"] is None  # an asymmetric KEY alone cannot issue
    assert rs_plan["durations"] == {"session": None, "token": None, "grant": None}

    assert rec_plan["kind"] == "RECORD"
    assert rec_plan["routing"]["claims"] == ["ns", "db", "ac", "id"]
    assert rec_plan["issuer"] == {"algorithm": "RS256", "key": "written"}
    assert rec_plan["durations"]["token"] == 15 * 60 * 10**9
    assert rec_plan["durations"]["session"] == 12 * HOUR_NS
    assert rec_plan["verification"]["key"]["generated"] is False

    assert (gen_plan["kind"], gen_plan["subject"], gen_plan["level"]) == ("BEARER", "USER", "ROOT")
    assert gen_plan["durations"]["grant"] == 30 * 24 * HOUR_NS


def test_fingerprints_are_stable_and_distinguish_keys() -> None:
    def fingerprints(text: str) -> list[str]:
        return [p.verification.key.fingerprint for p in build(text).plans]

    hmac_a = fingerprints(jwt_def("a"))
    assert hmac_a == fingerprints(jwt_def("a"))
    assert hmac_a != fingerprints(jwt_def("a", key=OTHER_SECRET))
    # The fingerprint depends on the key, not on the name or level.
    assert hmac_a == fingerprints(jwt_def("zzz", base="ROOT"))

    def rsa_def(name: str) -> str:
        return f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM RS256 KEY '{public_pem(name)}';"

    rsa_a = fingerprints(rsa_def("rsa-a"))
    assert rsa_a == fingerprints(rsa_def("rsa-a"))
    assert rsa_a != fingerprints(rsa_def("rsa-b"))
    assert rsa_a != hmac_a


def test_generated_keys_are_marked() -> None:
    auth = build(
        "DEFINE ACCESS r ON DB TYPE RECORD;\n"
        "DEFINE ACCESS s ON DB TYPE RECORD SIGNIN (SELECT * FROM user) WITH REFRESH;\n"
        "DEFINE ACCESS b ON DB TYPE BEARER FOR RECORD;\n"
        f"DEFINE ACCESS w ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}';\n"
    )
    r, s, b, w = auth.plans
    for plan in (r, s, b):
        assert isinstance(plan.verification, KeyVerification)
        assert plan.verification.generated is True
        assert plan.verification.algorithm == "HS512"
        assert plan.to_json()["verification"]["key"]["generated"] is True
        assert plan.to_json()["issuer"] == {"algorithm": "HS512", "key": "generated"}
    assert s.grant_nanoseconds == 30 * 24 * HOUR_NS
    assert isinstance(w.verification, KeyVerification) and w.verification.generated is False
    assert w.to_json()["issuer"] == {"algorithm": "HS256", "key": "verify-key"}
    # A fresh random key each compile: nobody outside can sign for it.
    again = build("DEFINE ACCESS r ON DB TYPE RECORD;")
    assert again.plans[0].verification.key.fingerprint != r.verification.key.fingerprint
    token = sign("HS512", "x" * 128, db_claims("r", id="user:1"))
    assert refused(auth, token).reason == "signature_invalid"


def test_method_without_type_at_root_is_unusable() -> None:
    # No TYPE means RECORD, even at ROOT (reference §1.3): tokens cannot use it.
    auth = build("DEFINE ACCESS a ON ROOT;", policy="surrealdb")
    assert auth.plans[0].kind == "RECORD"
    error = refused(auth, sign("HS512", SECRET, {"ac": "a", "exp": LATER}))
    assert error.kind == "access_mismatch"


def test_keys_are_loaded_once_at_compile_time(monkeypatch: pytest.MonkeyPatch) -> None:
    auth = build(
        f"DEFINE ACCESS rs ON DB TYPE JWT ALGORITHM RS256 KEY '{public_pem('rsa-a')}';\n"
        f"DEFINE ACCESS es ON DB TYPE JWT ALGORITHM ES256 KEY '{public_pem('p256-a')}';\n"
    )

    def exploding(*args: object, **kwargs: object) -> object:
        raise AssertionError("a key was parsed at token time")

    monkeypatch.setattr(serialization, "load_pem_public_key", exploding)
    monkeypatch.setattr(serialization, "load_pem_private_key", exploding)
    monkeypatch.setattr(serialization, "load_der_public_key", exploding)
    for ac, alg, name in (("rs", "RS256", "rsa-a"), ("es", "ES256", "p256-a")):
        assert auth.authenticate(sign(alg, private_key(name), db_claims(ac)), now=NOW).ac == ac
    # And the patch is in force: compiling now would need it.
    with pytest.raises(AssertionError, match="parsed at token time"):
        build(f"DEFINE ACCESS x ON DB TYPE JWT ALGORITHM RS256 KEY '{public_pem('rsa-a')}';")


@pytest.mark.parametrize("clause", [
    pytest.param("ISSUER 'https://issuer.example/'", id="issuer"),
    pytest.param("AUDIENCE 'api', 'other'", id="audience"),
    pytest.param("LEEWAY 30s", id="leeway"),
    pytest.param("CLAIMS { id: '$.sub' }", id="claims"),
])
@pytest.mark.parametrize("policy", POLICIES)
def test_extension_clauses_compile_into_the_plan(clause: str, policy: str) -> None:
    text = (
        "DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 "
        f"KEY '{SECRET}' {clause} DURATION FOR SESSION 1h;"
    )
    script = parse(text, dialect="extended")
    auth = compile_schema(script, ns="test", db="test", policy=policy)  # type: ignore[arg-type]
    data = auth.plans[0].to_json()
    assert (data["issuers"], data["audiences"], data["leeway_seconds"],
            data["claims"] is not None) == {
        "issuer": (["https://issuer.example/"], None, 0.0, False),
        "audience": (None, ["api", "other"], 0.0, False),
        "leeway": (None, None, 30.0, False),
        "claims": (None, None, 0.0, True),
    }[clause.split()[0].lower()]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("kind", ["jwt", "record-with-id", "record-without-id"])
def test_authenticate_clause_runs_after_the_signature(policy: str, kind: str) -> None:
    if kind == "jwt":
        text = jwt_def("a", tail=" AUTHENTICATE { IF $token.email != 'a@b.c' { THROW 'who' } }")
        claims = db_claims(email="a@b.c")
    else:
        text = (f"DEFINE ACCESS a ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}' "
                "AUTHENTICATE { RETURN $auth ?? type::record('user', $token.email) };")
        claims = db_claims(id="user:1") if kind == "record-with-id" else db_claims(email="a")
    auth = build(text, policy=policy)
    session = auth.authenticate(sign("HS256", SECRET, claims), now=NOW)
    expected = {"jwt": None, "record-with-id": "user:1", "record-without-id": "user:a"}[kind]
    assert (str(session.rd) if session.rd is not None else None) == expected
    forged = refused(auth, sign("HS256", OTHER_SECRET, claims))
    assert (forged.kind, forged.reason) == ("invalid_auth", "signature_invalid")
    wrong_alg = refused(auth, sign("HS512", SECRET, claims))
    assert (wrong_alg.kind, wrong_alg.reason) == ("invalid_auth", "alg_not_allowed")
    if kind == "jwt":
        thrown = refused(auth, sign("HS256", SECRET, db_claims(email="x")))
        assert (thrown.kind, thrown.public_message) == ("thrown", "An error occurred: who")


def test_authenticate_needing_a_database_fails_closed() -> None:
    auth = build(jwt_def("a", tail=" AUTHENTICATE { SELECT * FROM user; RETURN NONE }"))
    error = refused(auth, hs())
    assert (error.kind, error.reason) == ("datastore_required", "datastore_required")
    assert "SELECT" in error.detail


# ---- sessions -------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES)
def test_session_values_per_level(policy: str) -> None:
    auth = build(
        jwt_def("d", tail=" DURATION FOR SESSION 1h")
        + jwt_def("n", base="NS", tail=" DURATION FOR SESSION 30m")
        + jwt_def("r", base="ROOT"),
        policy=policy,
    )
    db = auth.authenticate(hs("d"), now=NOW)
    assert (db.ns, db.db, db.ac, db.rd, db.level, db.exp) == (
        "test", "test", "d", None, "DATABASE", NOW + 3600)
    assert isinstance(db.exp, int)
    assert db.access is auth.plan("d", ns="test", db="test")

    ns = auth.authenticate(sign("HS256", SECRET, {"ns": "test", "ac": "n", "exp": LATER}), now=NOW)
    assert (ns.ns, ns.db, ns.level, ns.exp) == ("test", None, "NAMESPACE", NOW + 1800)

    root = auth.authenticate(sign("HS256", SECRET, {"ac": "r", "exp": LATER}), now=NOW)
    assert (root.ns, root.db, root.level, root.exp) == (None, None, "ROOT", None)
    assert dict(root.token) == {"AC": "r", "exp": LATER}
    assert root.to_json() == {
        "auth": None,
        "token": {"AC": "r", "exp": LATER},
        "session": {"ac": "r", "db": None, "exp": None, "ns": None, "rd": None,
                    "tk": {"AC": "r", "exp": LATER}},
        "access": "r",
    }


@pytest.mark.parametrize("policy", POLICIES)
def test_session_exp_is_integer_seconds_after_now(policy: str) -> None:
    auth = build(jwt_def("a", tail=" DURATION FOR SESSION 10s"), policy=policy)
    session = auth.authenticate(hs(), now=NOW + 0.9)
    assert session.exp == NOW + 10 and type(session.exp) is int
    # The session's expiry does not depend on the token's exp (reference §3.8).
    session = auth.authenticate(hs(exp=NOW + 5), now=NOW)
    assert session.exp == NOW + 10


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("rl", "roles"), [
    (None, ("Viewer",)),
    ([], ()),
    (["Editor"], ("Editor",)),
    (["editor", "OWNER", "vIeWeR"], ("Editor", "Owner", "Viewer")),
])
def test_roles(policy: str, rl: list[str] | None, roles: tuple[str, ...]) -> None:
    auth = build(jwt_def("a"), policy=policy)
    extra = {} if rl is None else {"rl": rl}
    session = auth.authenticate(hs(**extra), now=NOW)
    assert session.roles == roles
    if rl is not None:
        assert session.token["RL"] == rl  # $token keeps the text as sent


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("role", ["Superuser", "", "Viewer ", "İditor"])
def test_invalid_role(policy: str, role: str) -> None:
    auth = build(jwt_def("a"), policy=policy)
    error = refused(auth, hs(rl=["Viewer", role]))
    assert error.kind == "invalid_role"
    assert error.public_message == f"IAM error: Invalid role '{role}'"


@pytest.mark.parametrize("policy", POLICIES)
def test_record_session(policy: str) -> None:
    auth = build(
        f"DEFINE ACCESS u ON DB TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}' "
        "DURATION FOR SESSION 12h;",
        policy=policy,
    )
    session = auth.authenticate(hs("u", id="user:1", rl=["Owner"]), now=NOW)
    assert session.roles == ()
    assert str(session.rd) == "user:1" and session.auth == session.rd
    assert session.exp == NOW + 12 * 3600
    assert session.token["ID"] == "user:1"
    data = session.to_json()
    assert data["auth"] == data["session"]["rd"] == "user:1"
    assert data["access"] == "u"

    spaced = auth.authenticate(
        sign("HS256", SECRET, {**db_claims("u"), "https://surrealdb.com/record": "user:⟨a b⟩"}),
        now=NOW,
    )
    assert str(spaced.rd) == "user:`a b`"
    assert spaced.token["ID"] == "user:⟨a b⟩"

    error = refused(auth, hs("u", id="notarecord"))
    assert error.reason == "claims_invalid"
    # A record method without an id and without AUTHENTICATE is a mismatch.
    mismatch = refused(auth, hs("u"))
    assert "no record id" in mismatch.detail
    if policy == "surrealdb":
        assert (mismatch.kind, mismatch.public_message) == (
            "access_mismatch", "The access method cannot be used in the requested operation")
    else:
        assert (mismatch.kind, mismatch.public_message) == ("invalid_auth", GENERIC)


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize(("duration", "message"), [
    ("500000000000y", "This access method has an invalid duration"),
    ("300000y", "This access method results in an invalid expiration"),
])
def test_session_duration_overflow(policy: str, duration: str, message: str) -> None:
    # Accepted at definition time; reported when a token arrives (reference §3.8).
    auth = build(jwt_def("a", tail=f" DURATION FOR SESSION {duration}"), policy=policy)
    error = refused(auth, hs())
    assert (error.kind, error.public_message) == ("invalid_duration", message)


def test_largest_session_duration_that_fits() -> None:
    auth = build(jwt_def("a", tail=" DURATION FOR SESSION 200000y"))
    assert auth.authenticate(hs(), now=NOW).exp == NOW + 200000 * 365 * 86400


@pytest.mark.parametrize("policy", POLICIES)
def test_clock_is_used_when_now_is_not_given(policy: str) -> None:
    ticks: list[float] = []

    def clock() -> float:
        ticks.append(NOW + 0.5)
        return NOW + 0.5

    auth = build(jwt_def("a", tail=" DURATION FOR SESSION 1m"), policy=policy, clock=clock)
    session = auth.authenticate(hs(exp=NOW + 10))
    assert session.exp == NOW + 60 and ticks == [NOW + 0.5]
    # exp is judged against the clock, and an explicit now overrides it.
    expired = hs(exp=NOW - 10)
    with pytest.raises(AuthenticationError) as caught:
        auth.authenticate(expired)
    assert caught.value.kind == "token_expired"
    assert auth.authenticate(expired, now=NOW - 100).exp == NOW - 100 + 60
    assert len(ticks) == 2


def test_compile_rejects_an_unknown_policy() -> None:
    with pytest.raises(ValueError, match="policy"):
        build(jwt_def("a"), policy="lenient")


# ---- errors pickle --------------------------------------------------------------------------


def test_authentication_error_pickles() -> None:
    auth = build(jwt_def("a"))
    error = refused(auth, hs(secret=OTHER_SECRET))
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, AuthenticationError)
    assert (copy.kind, copy.public_message, copy.detail, copy.reason) == (
        error.kind, error.public_message, error.detail, error.reason)
    assert str(copy) == str(error)


def test_compile_error_pickles() -> None:
    with pytest.raises(CompileError) as caught:
        build(jwt_def("a", key="short") + jwt_def("b", key=""))
    error = caught.value
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, CompileError)
    assert str(copy) == str(error)
    assert [(p.message, p.line, p.column, p.path) for p in copy.problems] == [
        (p.message, p.line, p.column, p.path) for p in error.problems]


def test_types_are_the_ones_documented() -> None:
    auth = build(jwt_def("a"))
    assert isinstance(auth.plans[0], AccessPlan)
    assert isinstance(auth.authenticate(hs(), now=NOW), Session)
