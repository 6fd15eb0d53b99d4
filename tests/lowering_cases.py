"""Definitions and tokens for the lowering differential (tests/test_lowering_differential.py).

Every definition is KEY-based (HS256) and uses the extension clauses that lowering expresses
without losing anything a token with routing claims can observe: ISSUER, AUDIENCE, and CLAIMS
mapping ``id`` on TYPE RECORD with a plain path. Each comes with the tokens that probe it:

* ``iss``: each trusted issuer, another one, a trailing-slash and a case variant, an empty
  string, none;
* ``aud``: a trusted string, an array holding a trusted value, an array without one, an empty
  array, a look-alike string (prefix, superstring, case), none, a number (refused by both when
  the claims are decoded);
* record ids: the token's own ``id`` claim or none; for CLAIMS the mapped value as a string,
  an integer, a ``tb:id`` text, an empty string, a float, a boolean, null, an object, an
  array, missing, and nested paths whose intermediate values have the wrong shape.

Every token carries SurrealDB's routing claims (``ns``, ``db``, ``ac``; ``id`` where noted),
so routing by issuer (which lowering reports as not expressible) never comes into play.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

NS = "test"
DB = "test"
KEY = "lowering-differential-secret"
ISS = "https://idp.example.com/"
ISS2 = "https://login.example.org"
AUD = "https://api.example.com"
AUD2 = "mobile-app"
_DROP = object()

JWT_AUTHENTICATE = "{ IF $token.email = 'blocked@example.com' { THROW 'blocked' } }"
RECORD_AUTHENTICATE = "{ IF $auth = user:banned { THROW 'banned' }; RETURN $auth }"

#: CLAIMS mappings of `id` on TYPE RECORD: name → (CLAIMS text, whether it names a table).
_CLAIMS = {
    "sub": ("{ id: { path: '$.sub', type: 'record', table: 'user' } }", True),
    "url": ("{ id: { path: '$[\"https://acme.com/uid\"]', type: 'record' } }", False),
    "nested": ("{ id: { path: '$.app.user.id', type: 'record', table: 'user' } }", True),
    "index": ("{ id: { path: '$.ids[1]', type: 'record', table: 'user', required: true } }",
              True),
    "quoted": ("{ id: { path: \"$['tenant']['user id']\", type: 'record', table: 'user', "
               "default: 'user:guest' } }", True),
    "deep": ("{ id: { path: \"$.orgs[0]['members'][1]\", type: 'record', table: 'member' } }",
             True),
}
_MAPPED = ("sub", "https://acme.com/uid", "app", "ids", "tenant", "orgs")


@dataclass(frozen=True)
class Definition:
    """One extended DEFINE ACCESS (always named after the case, on DATABASE)."""

    name: str
    kind: str  # "JWT" or "RECORD"
    issuers: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    claims: str | None = None  # a key of _CLAIMS
    authenticate: bool = False

    @property
    def schema(self) -> str:
        if self.kind == "JWT":
            text = f"DEFINE ACCESS {self.name} ON DATABASE TYPE JWT ALGORITHM HS256 KEY '{KEY}'"
        else:
            text = (f"DEFINE ACCESS {self.name} ON DATABASE TYPE RECORD "
                    f"WITH JWT ALGORITHM HS256 KEY '{KEY}'")
        if self.issuers:
            text += " ISSUER " + ", ".join(_q(i) for i in self.issuers)
        if self.audiences:
            text += " AUDIENCE " + ", ".join(_q(a) for a in self.audiences)
        if self.claims is not None:
            text += " CLAIMS " + _CLAIMS[self.claims][0]
        if self.authenticate:
            text += " AUTHENTICATE " + (
                JWT_AUTHENTICATE if self.kind == "JWT" else RECORD_AUTHENTICATE)
        return text + ";"


@dataclass(frozen=True)
class TokenCase:
    """One token for one definition."""

    definition: Definition
    variant: str
    token: str
    claims: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.definition.name}/{self.variant}"


def _q(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(claims: dict[str, Any]) -> str:
    """An HS256 token over ``claims`` with the definitions' key."""
    head = _b64u(b'{"alg":"HS256","typ":"JWT"}')
    body = _b64u(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(KEY.encode(), f"{head}.{body}".encode("ascii"), hashlib.sha256).digest()
    return f"{head}.{body}.{_b64u(mac)}"


def definitions() -> tuple[Definition, ...]:
    """The definitions, each with a unique name (the access method's name)."""
    found = [
        Definition("j_iss", "JWT", issuers=(ISS,)),
        Definition("j_iss2", "JWT", issuers=(ISS, ISS2)),
        Definition("j_aud", "JWT", audiences=(AUD,)),
        Definition("j_aud2", "JWT", audiences=(AUD, AUD2)),
        Definition("j_both", "JWT", issuers=(ISS,), audiences=(AUD,)),
        Definition("j_both_auth", "JWT", issuers=(ISS, ISS2), audiences=(AUD, AUD2),
                   authenticate=True),
        Definition("r_iss", "RECORD", issuers=(ISS,)),
        Definition("r_aud2", "RECORD", audiences=(AUD, AUD2)),
        Definition("r_both", "RECORD", issuers=(ISS,), audiences=(AUD,)),
        Definition("r_both_auth", "RECORD", issuers=(ISS, ISS2), audiences=(AUD,),
                   authenticate=True),
    ]
    for claims in _CLAIMS:
        found.append(Definition(f"c_{claims}", "RECORD", claims=claims))
        found.append(Definition(f"c_{claims}_both", "RECORD", issuers=(ISS,),
                                audiences=(AUD, AUD2), claims=claims))
        found.append(Definition(f"c_{claims}_auth", "RECORD", claims=claims, authenticate=True))
        found.append(Definition(f"c_{claims}_all", "RECORD", issuers=(ISS, ISS2),
                                audiences=(AUD,), claims=claims, authenticate=True))
    return tuple(found)


def _put(claims: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    """``claims`` with the CLAIMS path of mapping ``name`` set to ``value`` (or left out)."""
    out = dict(claims)
    if value is _DROP:
        return out
    if name == "sub":
        out["sub"] = value
    elif name == "url":
        out["https://acme.com/uid"] = value
    elif name == "nested":
        out["app"] = {"user": {"id": value}, "plan": "pro"}
    elif name == "index":
        out["ids"] = ["first", value, "third"]
    elif name == "quoted":
        out["tenant"] = {"user id": value, "name": "acme"}
    else:
        out["orgs"] = [{"members": ["first", value]}, {"members": []}]
    return out


def _tokens(d: Definition, now: int) -> Iterator[tuple[str, dict[str, Any]]]:
    base: dict[str, Any] = {"ns": NS, "db": DB, "ac": d.name, "exp": now + 3600, "iat": now}
    if d.issuers:
        base["iss"] = d.issuers[0]
    if d.audiences:
        base["aud"] = d.audiences[0]
    record = d.kind == "RECORD"
    if record and d.claims is None:
        base["id"] = "user:1"
    if d.claims is not None:
        base = _put(base, d.claims, _good_value(d.claims))

    yield "good", base
    # --- iss
    for i, issuer in enumerate(d.issuers):
        yield f"iss_listed{i}", {**base, "iss": issuer}
    yield "iss_other", {**base, "iss": "https://evil.example.net/"}
    yield "iss_slash", {**base, "iss": ISS.rstrip("/")}
    yield "iss_case", {**base, "iss": ISS.upper()}
    yield "iss_empty", {**base, "iss": ""}
    yield "iss_missing", {k: v for k, v in base.items() if k != "iss"}
    yield "iss_number", {**base, "iss": 5}
    # --- aud
    yield "aud_string", {**base, "aud": AUD}
    yield "aud_string2", {**base, "aud": AUD2}
    yield "aud_array", {**base, "aud": ["other", AUD]}
    yield "aud_array2", {**base, "aud": [AUD2]}
    yield "aud_array_without", {**base, "aud": ["other", "https://api.example.com/v2"]}
    yield "aud_empty_array", {**base, "aud": []}
    yield "aud_empty_string", {**base, "aud": ""}
    yield "aud_prefix", {**base, "aud": AUD[:-3]}
    yield "aud_superstring", {**base, "aud": AUD + "/v2"}
    yield "aud_case", {**base, "aud": AUD.upper()}
    yield "aud_missing", {k: v for k, v in base.items() if k != "aud"}
    yield "aud_number", {**base, "aud": 5}
    yield "aud_number_array", {**base, "aud": [AUD, 5]}
    yield "iss_and_aud_wrong", {**base, "iss": "https://evil.example.net/", "aud": "nope"}
    # --- AUTHENTICATE
    if d.authenticate and not record:
        yield "auth_blocked", {**base, "email": "blocked@example.com"}
        yield "auth_allowed", {**base, "email": "ann@example.com"}
    # --- record ids
    if record and d.claims is None:
        yield "id_missing", {k: v for k, v in base.items() if k != "id"}
        yield "id_quoted", {**base, "id": "user:⟨a b⟩"}
        yield "id_banned", {**base, "id": "user:banned"}
        yield "id_array_key", {**base, "id": 'user:[1,"a"]'}
    if d.claims is not None:
        yield from _claim_tokens(d, base)


def _good_value(name: str) -> Any:
    return "user:alice" if name == "url" else "alice"


def _claim_tokens(d: Definition, base: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    name = d.claims
    assert name is not None
    table = _CLAIMS[name][1]
    clean = {k: v for k, v in base.items() if k not in _MAPPED}
    with_id = {**clean, "id": "user:fromtoken"}
    if table:
        values: dict[str, Any] = {
            "string": "bob", "digits": "42", "int": 42, "negative": -7, "colon": "user:1",
            "banned": "banned", "empty": "", "spaces": "a b", "float": 1.5, "float_int": 2.0,
            "true": True, "null": None, "object": {"k": 1}, "array": ["x"],
            "big": 2**63 + 5, "huge": 10**30,
        }
    else:
        values = {
            "record": "user:bob", "int_key": "user:42", "array_key": 'user:[1,"a"]',
            "quoted": "user:⟨a b⟩", "trailing": "user:a b", "banned": "user:banned",
            "not_record": "nope", "empty": "", "int": 42, "float": 1.5, "true": True,
            "null": None, "object": {"id": "user:x"}, "array": ["user:x"],
        }
    for label, value in values.items():
        if name == "sub" and not isinstance(value, str) and value is not None:
            continue  # sub must be a string: both refuse the claims alike (kept once below)
        yield f"v_{label}", _put(clean, name, value)
        if label in ("string", "record", "null", "empty", "int", "float", "big"):
            yield f"v_{label}_with_id", _put(with_id, name, value)
    if name == "sub":
        yield "v_sub_number", _put(clean, name, 5)
    yield "v_missing", clean
    yield "v_missing_with_id", with_id
    # intermediate values of the wrong shape
    if name == "nested":
        yield "shape_app_array", {**clean, "app": [{"user": {"id": "bob"}}]}
        yield "shape_user_array", {**clean, "app": {"user": [{"id": "bob"}]}}
        yield "shape_app_string", {**clean, "app": "bob"}
        yield "shape_app_null", {**clean, "app": None}
        yield "shape_app_null_with_id", {**with_id, "app": None}
    if name == "index":
        yield "shape_ids_object", {**clean, "ids": {"1": "bob", "0": "x"}}
        yield "shape_ids_short", {**clean, "ids": ["only"]}
        yield "shape_ids_short_with_id", {**with_id, "ids": ["only"]}
        yield "shape_ids_string", {**clean, "ids": "bob"}
    if name == "quoted":
        yield "shape_tenant_array", {**clean, "tenant": [{"user id": "bob"}]}
        yield "shape_tenant_array_with_id", {**with_id, "tenant": [{"user id": "bob"}]}
    if name == "deep":
        yield "shape_orgs_object", {**clean, "orgs": {"0": {"members": ["a", "bob"]}}}
        yield "shape_orgs_empty", {**clean, "orgs": []}
        yield "shape_members_string", {**clean, "orgs": [{"members": "bob"}]}
        yield "shape_members_short", {**with_id, "orgs": [{"members": ["a"]}]}
        yield "shape_members_unicode", {**clean, "orgs": [{"members": "é😀x"}]}


def generate(now: int) -> list[TokenCase]:
    """Every token of every definition, signed, with claims times relative to ``now``."""
    cases = []
    for d in definitions():
        seen: set[str] = set()
        for variant, claims in _tokens(d, now):
            assert variant not in seen, (d.name, variant)
            seen.add(variant)
            cases.append(TokenCase(d, variant, sign(claims), claims))
    return cases
