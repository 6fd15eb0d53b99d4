"""The ``verify`` and ``plan`` subcommands: exit codes, JSON output, stdin, and no key leaks.

Exit codes: 0 accepted (verify) / compiled (plan); 1 the token was refused; 2 the schema could
not be read or compiled (the message goes to stderr, nothing to stdout).
"""

from __future__ import annotations

import base64
import hmac
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from surrealaccess.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_800_000_000
SECRET = "cli-" + "k" * 60
GENERIC = "There was a problem with authentication"

_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSA_PUBLIC = _RSA.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
).decode()


def token(claims: dict[str, Any], *, key: Any = SECRET, alg: str = "HS256") -> str:
    return jwt.encode({"ns": "test", "db": "test", "ac": "api", "exp": NOW + 3600, **claims},
                      key, algorithm=alg)


def weak_hs256(secret: str) -> str:
    """An HS256 token under a secret PyJWT would warn about."""
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

    claims = {"ns": "test", "db": "test", "ac": "api", "exp": NOW + 3600}
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    mac = hmac.digest(secret.encode(), f"{head}.{body}".encode(), "sha256")
    return f"{head}.{body}.{b64(mac)}"


@pytest.fixture
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "schema.surql"
    path.write_text(
        f"DEFINE ACCESS api ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{SECRET}'\n"
        "    DURATION FOR SESSION 1h;\n"
        f"DEFINE ACCESS users ON DATABASE TYPE RECORD WITH JWT ALGORITHM HS256 KEY '{SECRET}';\n"
        f"DEFINE ACCESS ops ON NAMESPACE TYPE JWT ALGORITHM RS256 KEY '{RSA_PUBLIC}';\n",
        encoding="utf-8",
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def verify(capsys: pytest.CaptureFixture[str], schema: Path, tok: str, *extra: str,
           now: bool = True) -> tuple[int, Any, str]:
    args = ["verify", "--schema", str(schema), "--ns", "test", "--db", "test", *extra]
    if now:
        args += ["--now", str(NOW)]
    code, out, err = run(capsys, *args, tok)
    return code, json.loads(out) if out else None, err


# ---- verify ---------------------------------------------------------------------------------


def test_verify_prints_the_session(capsys: pytest.CaptureFixture[str], schema: Path) -> None:
    code, data, err = verify(capsys, schema, token({"email": "a@b.c"}))
    assert (code, err) == (0, "")
    claims = {"AC": "api", "DB": "test", "NS": "test", "email": "a@b.c", "exp": NOW + 3600}
    assert data == {
        "auth": None,
        "token": claims,
        "session": {"ac": "api", "db": "test", "exp": NOW + 3600, "ns": "test", "rd": None,
                    "tk": claims},
        "access": "api",
    }


@pytest.mark.parametrize("policy", ["strict", "surrealdb"])
def test_verify_record_and_namespace_sessions(
    capsys: pytest.CaptureFixture[str], schema: Path, policy: str
) -> None:
    code, data, _ = verify(capsys, schema, token({"ac": "users", "id": "user:1"}),
                           "--policy", policy)
    assert code == 0
    assert data["auth"] == data["session"]["rd"] == "user:1"
    assert data["session"]["exp"] is None

    ns_token = jwt.encode({"ns": "test", "ac": "ops", "exp": NOW + 60}, _RSA, algorithm="RS256")
    code, data, _ = verify(capsys, schema, ns_token, "--policy", policy)
    assert code == 0
    assert (data["session"]["ns"], data["session"]["db"], data["access"]) == ("test", None, "ops")


def test_verify_refused_token(capsys: pytest.CaptureFixture[str], schema: Path) -> None:
    code, data, err = verify(capsys, schema, token({}, key="wrong-" + "x" * 60))
    assert (code, err) == (1, "")
    assert set(data) == {"error"}
    assert set(data["error"]) == {"kind", "reason", "public_message", "detail"}
    assert data["error"]["kind"] == "invalid_auth"
    assert data["error"]["reason"] == "signature_invalid"
    assert data["error"]["public_message"] == GENERIC
    assert SECRET not in json.dumps(data)


@pytest.mark.parametrize(("claims", "kind", "public"), [
    ({"exp": NOW - 1}, "token_expired", "The token has expired"),
    ({"rl": ["Superuser"]}, "invalid_role", "IAM error: Invalid role 'Superuser'"),
    ({"ac": "nope"}, "invalid_auth", GENERIC),
])
def test_verify_error_kinds(capsys: pytest.CaptureFixture[str], schema: Path,
                            claims: dict[str, Any], kind: str, public: str) -> None:
    code, data, _ = verify(capsys, schema, token(claims))
    assert code == 1
    assert (data["error"]["kind"], data["error"]["public_message"]) == (kind, public)


def test_verify_policy_flag_changes_the_answer(
    capsys: pytest.CaptureFixture[str], schema: Path
) -> None:
    unknown = token({"ac": "nope"}, key="forged-" + "y" * 60)
    code, data, _ = verify(capsys, schema, unknown, "--policy", "surrealdb")
    assert code == 1
    assert data["error"]["kind"] == "not_found"
    assert data["error"]["public_message"] == (
        "The access method 'nope' does not exist in the database 'test'")
    code, data, _ = verify(capsys, schema, unknown, "--policy", "strict")
    assert (code, data["error"]["kind"], data["error"]["public_message"]) == (
        1, "invalid_auth", GENERIC)


@pytest.mark.parametrize("bad", ["abc", "", "a.b.c", "abc.def"])
def test_verify_malformed_token(capsys: pytest.CaptureFixture[str], schema: Path,
                                bad: str) -> None:
    code, data, _ = verify(capsys, schema, bad)
    assert code == 1
    assert data["error"]["kind"] == "malformed_token"


def test_verify_reads_the_token_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, schema: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(token({}) + "\n"))
    code, data, _ = verify(capsys, schema, "-")
    assert code == 0 and data["access"] == "api"
    # Without a token argument, stdin is read too.
    monkeypatch.setattr(sys, "stdin", io.StringIO("  " + token({"ac": "users", "id": "u:2"})))
    code, out, _ = run(capsys, "verify", "--schema", str(schema), "--ns", "test", "--db", "test",
                       "--now", str(NOW))
    assert code == 0 and json.loads(out)["auth"] == "u:2"


def test_verify_uses_the_real_clock_without_now(
    capsys: pytest.CaptureFixture[str], schema: Path
) -> None:
    now = int(time.time())
    code, data, _ = verify(capsys, schema, token({"exp": now + 600}), now=False)
    assert code == 0
    assert now + 3600 <= data["session"]["exp"] <= int(time.time()) + 3600
    # NOW is in the future, so a token that expires before it is fine today but not then.
    code, data, _ = verify(capsys, schema, token({"exp": now + 600}))
    assert (code, data["error"]["kind"]) == (1, "token_expired")


# ---- schema problems ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["verify", "plan"])
def test_schema_with_compile_errors_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = tmp_path / "bad.surql"
    text = (
        f"DEFINE ACCESS api ON DB TYPE JWT ALGORITHM HS256 KEY '{SECRET}';\n"
        "DEFINE ACCESS weak ON DB TYPE JWT ALGORITHM HS256 KEY 'short';\n"
        "DEFINE ACCESS api ON DB TYPE JWT ALGORITHM HS512 KEY '';\n"
    )
    path.write_text(text, encoding="utf-8")
    weak_column = text.splitlines()[1].index("'short'") + 1
    empty_column = text.splitlines()[2].index("''") + 1
    extra = [token({})] if command == "verify" else []
    code, out, err = run(capsys, command, "--schema", str(path), "--ns", "test", "--db", "test",
                         *extra)
    assert (code, out) == (2, "")
    lines = err.splitlines()

    def reported(where: str, words: str) -> bool:
        return any(line.startswith(f"{path}:{where}: ") and words in line for line in lines)

    assert reported(f"2:{weak_column}", "[key_invalid]")
    assert reported("3:1", "already exists")
    assert reported(f"3:{empty_column}", "is empty")
    # The weak key is named by its position, never printed.
    assert "'short'" not in err


def test_compile_errors_are_policy_dependent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "weak.surql"
    path.write_text("DEFINE ACCESS api ON DB TYPE JWT ALGORITHM HS256 KEY 'short';\n",
                    encoding="utf-8")
    base = ["verify", "--schema", str(path), "--ns", "test", "--db", "test", "--now", str(NOW)]
    code, _, err = run(capsys, *base, weak_hs256("short"))
    assert code == 2 and "[key_invalid]" in err
    code, out, err = run(capsys, *base, "--policy", "surrealdb", weak_hs256("short"))
    assert (code, err) == (0, "")
    assert json.loads(out)["access"] == "api"


def test_missing_context_exits_2(capsys: pytest.CaptureFixture[str], schema: Path) -> None:
    code, out, err = run(capsys, "verify", "--schema", str(schema), token({}))
    assert (code, out) == (2, "")
    assert "needs a namespace" in err


def test_parse_error_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.surql"
    path.write_text("DEFINE ACCESS a ON DB TYPE JWT ALGORITHM 'HS256' KEY 'x';\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "plan", "--schema", str(path), "--ns", "t", "--db", "t")
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}:1:")


def test_extension_clause_dialects(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ext.surql"
    path.write_text(
        f"DEFINE ACCESS a ON DB TYPE JWT ALGORITHM HS256 KEY '{SECRET}' ISSUER 'https://i/';\n",
        encoding="utf-8",
    )
    base = ["plan", "--schema", str(path), "--ns", "t", "--db", "t"]
    code, out, err = run(capsys, *base)  # extended: the clause compiles into the plan
    assert code == 0 and json.loads(out)["accesses"][0]["issuers"] == ["https://i/"]
    code, out, err = run(capsys, *base, "--dialect", "surrealdb")  # a parse error there
    assert (code, out) == (2, "") and "ISSUER" in err


def test_missing_schema_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "plan", "--schema", str(tmp_path / "nope.surql"))
    assert (code, out) == (2, "")
    assert "nope.surql" in err


# ---- plan -----------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["strict", "surrealdb"])
def test_plan_prints_plans_without_key_material(
    capsys: pytest.CaptureFixture[str], schema: Path, policy: str
) -> None:
    code, out, err = run(capsys, "plan", "--schema", str(schema), "--ns", "test", "--db", "test",
                         "--policy", policy)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["policy"] == policy
    api, users, ops = data["accesses"]
    assert (api["name"], api["level"], api["ns"], api["db"]) == ("api", "DATABASE", "test", "test")
    assert api["durations"]["session"] == 3600 * 10**9
    assert api["verification"]["algorithm"] == "HS256"
    assert api["verification"]["key"]["fingerprint"].startswith("pbkdf2-sha256:")
    assert users["kind"] == "RECORD" and users["routing"]["claims"] == ["ns", "db", "ac", "id"]
    assert (ops["level"], ops["db"]) == ("NAMESPACE", None)
    assert ops["verification"]["key"]["fingerprint"].startswith("sha256:")
    assert api["source"] == {"path": str(schema), "line": 1, "column": 1}
    assert ops["source"]["line"] == 4
    assert SECRET not in out
    for line in RSA_PUBLIC.splitlines():
        if not line.startswith("-----"):
            assert line not in out
    assert "BEGIN" not in out


def test_plan_is_deterministic(capsys: pytest.CaptureFixture[str], schema: Path) -> None:
    args = ("plan", "--schema", str(schema), "--ns", "test", "--db", "test")
    first = run(capsys, *args)
    second = run(capsys, *args)
    assert first == second and first[0] == 0


# ---- the installed entry point --------------------------------------------------------------


def test_python_dash_m_verify(schema: Path) -> None:
    # One run only: a fresh interpreter builds the Lark parser, which takes seconds.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-m", "surrealaccess", "verify", "--schema", str(schema),
         "--ns", "test", "--db", "test", "--now", str(NOW), "-"],
        input=token({"ac": "users", "id": "user:9"}) + "\n",
        capture_output=True, text=True, check=False, env=env, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["auth"] == "user:9" and data["access"] == "users"
