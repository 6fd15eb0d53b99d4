"""Sign-up / sign-in oracle: run the same scenario on SurrealDB 3.x and on surrealaccess.

Everything runs in a child process (this file with ``--child``), because the embedded engine
may abort the process it lives in. The child opens two independent embedded engines:

* **engine** — the reference: the schema is defined there and every step goes through its
  RPC (``signup``, ``signin``, ``refresh``, ``revoke``, ``authenticate``, ``query``), sent
  as raw CBOR so that parameters reach it exactly as written (the SDK would rename them);
* **store** — an ordinary database for surrealaccess: the same schema (its data, users, …) is
  run there, and surrealaccess is compiled from the schema with ``policy="surrealdb"``, a
  `SurrealDatastore` over it for SIGNUP/SIGNIN/AUTHENTICATE, and a `DatastoreGrantStore`
  over it for refresh and bearer grants.

A scenario is ``{"schema": str, "steps": [step, …]}``. Steps (lists):

* ``["signup", params]`` / ``["signin", params]``: ``params`` may hold ``"$refresh"`` /
  ``"$prev_refresh"`` / ``"$key"`` placeholders, replaced on each side by that side's last
  refresh key, the one before it, or the last bearer key from ``grant``;
* ``["refresh"]``: the ``refresh`` RPC with the side's last access token and refresh key;
* ``["revoke"]``: the ``revoke`` RPC likewise;
* ``["grant", statement]``: an ``ACCESS … GRANT`` statement; its key becomes ``$key``;
* ``["statement", statement]``: any ``ACCESS`` statement, result normalised;
* ``["sleep", seconds]``;
* ``["cross"]``: authenticate surrealaccess's last access token on the engine and the
  engine's on surrealaccess (needs a schema that names its keys).

Each step yields ``{"engine": outcome, "ours": outcome}`` where an outcome is
``{"ok": False, "message": …}`` or ``{"ok": True, …normalised result…}``: claims without
``jti``/``iat``/``nbf``/``exp`` (``exp - iat`` is kept as ``ttl``), the header, whether a
refresh key came back and has the right format, and the session (``$auth``, ``$access``,
``$token`` without times, ``$session`` fields, ``exp`` as "seconds after now" rounded).
Record ids with a random key (``user:mj9fiu6prskc4j7zw0yc``) are renamed per side in order of
appearance (``user:⟨random-1⟩``), so generated ids compare while fixed ones stay exact.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_TAG = "@@signin-oracle@@ "
_TIMES = ("jti", "iat", "nbf", "exp")
_RANDOM_ID = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*):⟨?([a-z0-9]{20})⟩?")
_KEY_FORMAT = re.compile(r"^surreal-(refresh|bearer)-[A-Za-z][A-Za-z0-9]{11}-[A-Za-z0-9]{24}$")
ROOT_KEY = "r" * 64


def run(scenarios: Sequence[dict[str, Any]], *, timeout: float = 300) -> list[list[dict[str, Any]]]:
    """Run every scenario in one child; return per scenario the list of step results."""
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONIOENCODING="utf-8",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child"],
        input=json.dumps(list(scenarios)), capture_output=True, text=True, encoding="utf-8",
        env=env, timeout=timeout, check=False,
    )
    lines = [json.loads(line[len(_TAG):]) for line in done.stdout.splitlines()
             if line.startswith(_TAG)]
    if not lines or "fatal" in lines[-1]:
        detail = lines[-1]["fatal"] if lines else done.stderr[-4000:]
        raise RuntimeError(f"signin oracle child failed:\n{detail}")
    return [line["steps"] for line in lines]


# --------------------------------------------------------------------------- child side


def _b64json(segment: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


class _Renamer:
    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def text(self, value: Any) -> Any:
        if isinstance(value, str):
            def sub(match: re.Match[str]) -> str:
                name = self.seen.setdefault(match.group(2), f"random-{len(self.seen) + 1}")
                return f"{match.group(1)}:⟨{name}⟩"

            return _RANDOM_ID.sub(sub, value)
        if isinstance(value, dict):
            return {k: self.text(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.text(v) for v in value]
        return value


def _token_view(token: str, renamer: _Renamer) -> dict[str, Any]:
    head, body, _ = token.split(".")
    claims = _b64json(body)
    view: dict[str, Any] = {
        "header": _b64json(head),
        "order": list(claims),
        "claims": renamer.text({k: v for k, v in claims.items() if k not in _TIMES}),
        "ttl": (claims["exp"] - claims["iat"]) if "exp" in claims else None,
        "iat_is_nbf": claims.get("iat") == claims.get("nbf"),
    }
    return view


def _session_view(value: dict[str, Any], now: float, renamer: _Renamer) -> dict[str, Any]:
    session = value["session"]
    exp = session.get("exp")
    return renamer.text({
        "auth": value.get("auth"),
        "access": value.get("access"),
        "token": {k: v for k, v in (value.get("token") or {}).items() if k not in _TIMES},
        "session": {
            "ac": session.get("ac"), "db": session.get("db"), "ns": session.get("ns"),
            "rd": session.get("rd"),
            "exp": None if exp is None else round((exp - now) / 10) * 10,
        },
    })


class _Engine:
    """The reference engine, driven through raw RPC messages."""

    def __init__(self, schema: str) -> None:
        import uuid

        from surrealdb import Surreal
        from surrealdb.data.cbor import decode, encode
        from surrealdb.errors import parse_rpc_error

        self._uuid = uuid
        self._encode, self._decode, self._parse_error = encode, decode, parse_rpc_error
        self.db = Surreal("mem://")
        self.db.use("test", "test")
        self.rpc("query", [f"DEFINE ACCESS __root ON ROOT TYPE JWT ALGORITHM HS512 "
                           f"KEY '{ROOT_KEY}'"])
        ok, result = self.rpc("query", [schema])
        if not ok:
            raise RuntimeError(f"engine refused the schema: {result}")
        for item in result:
            if item.get("status") != "OK":
                raise RuntimeError(f"engine refused the schema: {item.get('result')}")

    def rpc(self, method: str, params: list[Any]) -> tuple[bool, Any]:
        message = {"id": str(self._uuid.uuid4()), "method": method, "params": params}
        response = self._decode(self.db._db.execute(self._encode(message)))
        if response.get("error") is not None:
            # Only the first line: parse errors add a source diagram (not compared).
            return False, str(self._parse_error(response["error"])).split("\n", 1)[0]
        return True, response.get("result")

    def root(self) -> None:
        self.rpc("invalidate", [])
        head = base64.urlsafe_b64encode(b'{"alg":"HS512","typ":"JWT"}').rstrip(b"=").decode()
        claims = {"ac": "__root", "exp": int(time.time()) + 3600, "rl": ["Owner"]}
        body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        import hashlib
        import hmac

        mac = hmac.new(ROOT_KEY.encode(), f"{head}.{body}".encode(), hashlib.sha512).digest()
        signature = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
        ok, result = self.rpc("authenticate", [f"{head}.{body}.{signature}"])
        assert ok, result
        self.rpc("use", ["test", "test"])

    def session(self) -> dict[str, Any]:
        ok, result = self.rpc("query", [
            # $token needs a namespace (ROOT bearer sessions have none); $session.tk does not.
            "RETURN {auth: <string> $auth, access: $access, token: $session.tk, session: "
            "{ac: $session.ac, db: $session.db, ns: $session.ns, exp: $session.exp, "
            "rd: <string> $session.rd}}"])
        assert ok, result
        if result[0]["status"] != "OK":
            # Without a namespace (ROOT sessions) only $session as a whole can be read.
            ok, result = self.rpc("query", [
                "RETURN {auth: <string> $auth, access: $access, session: $session}"])
            assert ok and result[0]["status"] == "OK", result
            value = result[0]["result"]
            session = value["session"]
            value["token"] = session.get("tk")
            value["session"] = {"ac": session.get("ac"), "db": session.get("db"),
                                "ns": session.get("ns"), "exp": session.get("exp"),
                                "rd": value["auth"]}
        else:
            value = result[0]["result"]
        for holder, key in ((value, "auth"), (value["session"], "rd")):
            if holder.get(key) == "NONE":
                holder[key] = None
        return _plain(value)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if type(value).__name__ == "NullType":
        return None
    return str(value)


class _Side:
    def __init__(self) -> None:
        self.access: str | None = None
        self.refresh: list[str] = []
        self.key: str | None = None
        self.renamer = _Renamer()

    def params(self, params: dict[str, Any]) -> dict[str, Any]:
        out = dict(params)
        for name, value in params.items():
            if value == "$refresh":
                out[name] = self.refresh[-1] if self.refresh else "none"
            elif value == "$prev_refresh":
                out[name] = self.refresh[-2] if len(self.refresh) > 1 else "none"
            elif value == "$key":
                out[name] = self.key
        return out

    def tokens(self, access: str, refresh: str | None) -> dict[str, Any]:
        self.access = access
        if refresh is not None:
            self.refresh.append(refresh)
        return {"ok": True, **_token_view(access, self.renamer),
                "refresh": None if refresh is None else bool(_KEY_FORMAT.match(refresh))}


def _grant_view(value: Any, renamer: _Renamer) -> Any:
    """An ACCESS statement result without times, ids and keys (present or not).

    Lists are sorted: SurrealDB lists grants by their random ids, so their order is noise.
    """
    if isinstance(value, list):
        return sorted((_grant_view(v, renamer) for v in value), key=json.dumps)
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in ("creation", "expiration", "revocation"):
            out[key] = item is not None
        elif key == "id":
            out[key] = "<id>"
        elif key == "grant":
            shown = item.get("key")
            out[key] = {"id": "<id>", "key": shown if shown == "[REDACTED]"
                        else bool(_KEY_FORMAT.match(str(shown)))}
        elif key == "subject":
            out[key] = renamer.text({k: str(v) for k, v in item.items()})
        else:
            out[key] = item
    return out


def _scenario(scenario: dict[str, Any]) -> list[dict[str, Any]]:
    import surrealaccess as sa
    from surrealaccess.datastores import SurrealDatastore
    from surrealaccess.grants import DatastoreGrantStore
    from surrealaccess.surql import to_json

    schema = scenario["schema"]
    engine = _Engine(schema)
    store = SurrealDatastore("mem://", ns="test", db="test")
    store.execute(schema)
    auth = sa.compile(sa.parse(schema), ns="test", db="test", policy="surrealdb",
                      datastore=store, grants=DatastoreGrantStore(store))
    sides = {"engine": _Side(), "ours": _Side()}
    results: list[dict[str, Any]] = []

    for step in scenario["steps"]:
        op = step[0]
        out: dict[str, Any] = {}
        if op == "sleep":
            time.sleep(float(step[1]))
            results.append({"engine": None, "ours": None})
            continue
        for name, side in sides.items():
            now = time.time()
            try:
                if op in ("signup", "signin"):
                    params = side.params(step[1])
                    if name == "engine":
                        engine.rpc("invalidate", [])
                        ok, value = engine.rpc(op, [params])
                        if not ok:
                            out[name] = {"ok": False, "message": value}
                        else:
                            access, refresh = ((value, None) if isinstance(value, str)
                                               else (value["access"], value.get("refresh")))
                            view = side.tokens(access, refresh)
                            view["session"] = _session_view(engine.session(), now,
                                                            side.renamer)
                            out[name] = view
                        engine.root()
                    else:
                        tokens = getattr(auth, op)(params)
                        view = side.tokens(tokens.access, tokens.refresh)
                        view["session"] = _session_view(tokens.session.to_json(), now,
                                                        side.renamer)
                        out[name] = view
                elif op in ("refresh", "revoke"):
                    assert side.access is not None
                    key = side.refresh[-1] if side.refresh else "none"
                    if name == "engine":
                        engine.rpc("invalidate", [])
                        ok, value = engine.rpc(op, [{"access": side.access, "refresh": key}])
                        if not ok:
                            out[name] = {"ok": False, "message": value}
                        elif op == "revoke":
                            out[name] = {"ok": True}
                        else:
                            view = side.tokens(value["access"], value.get("refresh"))
                            view["session"] = _session_view(engine.session(), now,
                                                            side.renamer)
                            out[name] = view
                        engine.root()
                    elif op == "revoke":
                        auth.revoke(key, access=side.access)
                        out[name] = {"ok": True}
                    else:
                        tokens = auth.refresh(side.access, key)
                        view = side.tokens(tokens.access, tokens.refresh)
                        view["session"] = _session_view(tokens.session.to_json(), now,
                                                        side.renamer)
                        out[name] = view
                elif op in ("grant", "statement"):
                    if name == "engine":
                        ok, value = engine.rpc("query", [step[1]])
                        assert ok, value
                        item = value[0]
                        if item["status"] != "OK":
                            out[name] = {"ok": False, "message": str(item["result"])}
                            continue
                        result = _plain(item["result"])
                    else:
                        [statement] = sa.parse(step[1]).statements
                        result = to_json(auth.execute(statement, ns="test", db="test"))
                    if op == "grant":
                        side.key = result["grant"]["key"]
                    out[name] = {"ok": True, "value": _grant_view(result, side.renamer)}
                elif op == "cross":
                    other = sides["ours" if name == "engine" else "engine"].access
                    assert other is not None
                    if name == "engine":
                        engine.rpc("invalidate", [])
                        ok, value = engine.rpc("authenticate", [other])
                        out[name] = ({"ok": True, "session": _session_view(
                            engine.session(), now, side.renamer)} if ok
                            else {"ok": False, "message": value})
                        engine.root()
                    else:
                        session = auth.authenticate(other)
                        seen = session.to_json()
                        # None means "left as it was": the engine's connection was on
                        # test/test before it authenticated.
                        for field in ("ns", "db"):
                            if seen["session"][field] is None:
                                seen["session"][field] = "test"
                        out[name] = {"ok": True, "session": _session_view(
                            seen, now, side.renamer)}
                else:
                    raise ValueError(f"unknown step {op!r}")
            except sa.AuthenticationError as error:
                out[name] = {"ok": False, "message": error.public_message}
            except sa.SurrealAccessError as error:
                out[name] = {"ok": False, "message": str(getattr(error, "message", error))}
            except Exception as error:  # the harness itself: reported, not fatal
                out[name] = {"ok": False, "message": f"harness: {type(error).__name__}: {error}"}
        results.append(out)
    store.close()
    engine.db.close()
    return results


def _child(scenarios: list[dict[str, Any]]) -> None:
    import traceback

    try:
        for scenario in scenarios:
            steps = _scenario(scenario)
            sys.stdout.write(_TAG + json.dumps({"steps": steps}) + "\n")
            sys.stdout.flush()
    except Exception:
        sys.stdout.write(_TAG + json.dumps({"fatal": traceback.format_exc()}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    sys.path.insert(0, str(ROOT))
    _child(json.loads(sys.stdin.read()))
