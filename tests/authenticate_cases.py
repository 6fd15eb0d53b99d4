"""AUTHENTICATE clauses and tokens for the differential tests against SurrealDB 3.x.

:func:`clauses` returns the clauses: each is one ``DEFINE ACCESS`` (``TYPE JWT`` named ``a``, or
``TYPE RECORD WITH JWT`` named ``r``, both HS256 with :data:`KEY`) with an ``AUTHENTICATE``
body, optional definitions (``DEFINE FUNCTION`` / ``DEFINE PARAM``, in both sides' scripts) and
optional data (``CREATE`` statements: run before the definitions by the engine, and used to
prepare our side's datastore). Each clause lists token variants as extra claims on top of the
routing claims (``ns``/``db``/``ac``, ``exp`` an hour ahead, and ``id: 'user:1'`` for record
methods; a claim set to :data:`DROP` is left out).

:func:`generate` signs every variant (PyJWT, HS256) and returns one :class:`AuthCase` per token,
named ``<clause id>:<variant>``.

The families (``Clause.family``): issuer and audience checks, email domains, role checks on
custom claims, tenant lookups via SELECT, THROW of every kind of value, IF/ELSE without a
matching branch, what JWT and RECORD methods may return, ``fn::`` helpers, ``DEFINE PARAM``,
``LET``, ``$session`` and ``$access``, claim handling and runtime errors.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import jwt

__all__ = ["DROP", "KEY", "AuthCase", "Clause", "clauses", "generate"]

KEY = "authenticate-differential-secret-0123456789abcdef"
ISSUER = "https://issuer.example"
#: A claim value that removes the claim from the token.
DROP: Any = object()

Tokens = Sequence[tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Clause:
    """One AUTHENTICATE clause with its definitions, data and token variants."""

    id: str
    family: str
    kind: Literal["JWT", "RECORD"]
    body: str
    tokens: Tokens
    definitions: str = ""
    data: str = ""
    duration: str = ""

    @property
    def name(self) -> str:
        return "a" if self.kind == "JWT" else "r"

    @property
    def define(self) -> str:
        kind = "JWT" if self.kind == "JWT" else "RECORD WITH JWT"
        duration = f" DURATION FOR SESSION {self.duration}" if self.duration else ""
        return (f"DEFINE ACCESS {self.name} ON DATABASE TYPE {kind} ALGORITHM HS256 "
                f"KEY '{KEY}' AUTHENTICATE {self.body}{duration};")

    @property
    def script(self) -> str:
        """What our side compiles: the definitions and the DEFINE ACCESS."""
        return f"{self.definitions}\n{self.define}".strip()

    @property
    def schema(self) -> str:
        """What the engine runs: the data, the definitions and the DEFINE ACCESS."""
        return f"{self.data}\n{self.script}".strip()

    @property
    def setup(self) -> str:
        """What our side's datastore is prepared with: the data and the definitions."""
        return f"{self.data}\n{self.definitions}".strip()


@dataclass(frozen=True)
class AuthCase:
    """One signed token for one clause."""

    id: str
    clause: Clause
    variant: str
    claims: dict[str, Any]
    token: str


def generate(now: int | None = None) -> list[AuthCase]:
    """Every clause × every token variant, signed."""
    moment = int(time.time()) if now is None else now
    cases = []
    for clause in clauses():
        base: dict[str, Any] = {"ns": "test", "db": "test", "ac": clause.name,
                                "exp": moment + 3600}
        if clause.kind == "RECORD":
            base["id"] = "user:1"
        for variant, extra in clause.tokens:
            claims = {k: v for k, v in {**base, **extra}.items() if v is not DROP}
            token = jwt.encode(claims, KEY, algorithm="HS256")
            cases.append(AuthCase(f"{clause.id}:{variant}", clause, variant, claims, token))
    return cases


# --------------------------------------------------------------------------- token variants

PLAIN: Tokens = [("plain", {}), ("with_sub", {"sub": "ann"})]
ISS: Tokens = [
    ("iss_good", {"iss": ISSUER}),
    ("iss_bad", {"iss": "https://evil.example"}),
    ("iss_upper", {"iss": ISSUER.upper()}),
    ("iss_missing", {}),
]
AUD: Tokens = [
    ("aud_str", {"aud": "api"}),
    ("aud_list", {"aud": ["api", "web"]}),
    ("aud_list_other", {"aud": ["web"]}),
    ("aud_superstring", {"aud": "myapi"}),
    ("aud_missing", {}),
]
EMAIL: Tokens = [
    ("email_ok", {"email": "ann@example.com"}),
    ("email_upper", {"email": "Bob@EXAMPLE.COM"}),
    ("email_other", {"email": "eve@evil.com"}),
    ("email_suffix_trick", {"email": "eve@example.com.evil.com"}),
    ("email_missing", {}),
    ("email_number", {"email": 5}),
]
ROLES: Tokens = [
    ("roles_admin", {"roles": ["admin", "user"]}),
    ("roles_user", {"roles": ["user"]}),
    ("roles_empty", {"roles": []}),
    ("roles_string", {"roles": "admin"}),
    ("roles_missing", {}),
    ("roles_null", {"roles": None}),
]
TENANT: Tokens = [
    ("tenant_active", {"tenant": "acme"}),
    ("tenant_inactive", {"tenant": "old"}),
    ("tenant_unknown", {"tenant": "nope"}),
    ("tenant_missing", {}),
    ("tenant_injection", {"tenant": "acme' OR true OR '"}),
    ("tenant_number", {"tenant": 7}),
]
RECORD_IDS: Tokens = [
    ("id_user1", {}),
    ("id_user2", {"id": "user:2"}),
    ("id_complex", {"id": "user:[1, 'a']"}),
    ("no_id", {"id": DROP, "email": "bob@example.com"}),
]
NESTED: Tokens = [
    ("nested_admin", {"realm_access": {"roles": ["admin"]}, "https://example.com/roles": ["admin"],
                      "groups": [{"name": "ops", "level": 3}, {"name": "dev", "level": 1}]}),
    ("nested_user", {"realm_access": {"roles": ["user"]}, "https://example.com/roles": ["user"],
                     "groups": [{"name": "dev", "level": 1}]}),
    ("nested_missing", {}),
    ("nested_wrong_shape", {"realm_access": ["admin"], "https://example.com/roles": "admin",
                            "groups": "ops"}),
]
SCOPE: Tokens = [
    ("scope_rw", {"scope": "read write"}),
    ("scope_r", {"scope": "read"}),
    ("scope_empty", {"scope": ""}),
    ("scope_missing", {}),
]
NUMBERS: Tokens = [
    ("level_high", {"level": 10, "age": 30}),
    ("level_low", {"level": 1, "age": 12}),
    ("level_float", {"level": 10.5, "age": 18.0}),
    ("level_string", {"level": "10", "age": "30"}),
    ("level_missing", {}),
]
MIXED: Tokens = [
    ("all_good", {"iss": ISSUER, "aud": ["api"], "email": "ann@example.com",
                  "roles": ["admin"], "tenant": "acme", "sub": "ann"}),
    ("bad_iss", {"iss": "https://evil.example", "aud": "api", "email": "ann@example.com",
                 "roles": ["admin"], "tenant": "acme", "sub": "ann"}),
    ("bad_role", {"iss": ISSUER, "aud": "api", "email": "bob@example.com", "roles": ["user"],
                  "tenant": "old", "sub": "bob"}),
    ("empty", {}),
]
FLAGS: Tokens = [
    ("x1", {"x": 1}),
    ("x2", {"x": 2}),
    ("x3", {"x": 3}),
    ("x_missing", {}),
    ("x_null", {"x": None}),
    ("x_true", {"x": True}),
]

TENANT_DATA = """
CREATE tenant:acme SET name = 'Acme', active = true, plan = 'pro', domains = ['example.com'];
CREATE tenant:old SET name = 'Old', active = false, plan = 'free', domains = ['old.example'];
CREATE tenant:7 SET name = 'Seven', active = true, plan = 'free', domains = [];
CREATE user:1 SET email = 'ann@example.com', name = 'Ann', tenant = tenant:acme, roles = ['admin'];
CREATE user:2 SET email = 'bob@example.com', name = 'Bob', tenant = tenant:old, roles = [];
CREATE member:1 SET tenant = tenant:acme, email = 'ann@example.com', role = 'owner';
CREATE member:2 SET tenant = tenant:old, email = 'bob@example.com', role = 'viewer';
""".strip()


def _jwt(cid: str, family: str, body: str, tokens: Tokens, **extra: str) -> Clause:
    return Clause(f"jwt-{cid}", family, "JWT", body, tokens, **extra)


def _record(cid: str, family: str, body: str, tokens: Tokens, **extra: str) -> Clause:
    return Clause(f"record-{cid}", family, "RECORD", body, tokens, **extra)


# --------------------------------------------------------------------------- the clauses


def clauses() -> list[Clause]:
    """Every clause of the differential test."""
    out: list[Clause] = []
    add = out.append

    # ---- issuer -------------------------------------------------------------------------
    add(_jwt("iss-neq", "issuer", f"{{ IF $token.iss != '{ISSUER}' {{ THROW 'bad iss' }} }}", ISS))
    add(_jwt("iss-not-in", "issuer",
             f"{{ IF $token.iss NOT IN ['{ISSUER}', 'https://b.example'] {{ THROW 'bad iss' }} }}",
             ISS))
    add(_jwt("iss-notinside", "issuer",
             f"{{ IF $token.iss NOTINSIDE ['{ISSUER}'] {{ THROW 'bad iss' }} }}", ISS))
    add(_jwt("iss-starts-with", "issuer",
             "{ IF !string::starts_with($token.iss ?? '', 'https://issuer.') "
             "{ THROW 'untrusted issuer' } }", ISS))
    add(_jwt("iss-none", "issuer", "{ IF $token.iss = NONE { THROW 'no iss' } }", ISS))
    add(_jwt("iss-else-throw-concat", "issuer",
             f"{{ IF $token.iss == '{ISSUER}' {{ RETURN NONE }} ELSE "
             f"{{ THROW 'bad iss: ' + <string> $token.iss }} }}", ISS))
    add(_jwt("iss-throw-object", "issuer",
             f"{{ IF type::is_none($token.iss) OR $token.iss != '{ISSUER}' "
             f"{{ THROW {{ code: 'iss', got: $token.iss }} }} }}", ISS))
    add(_jwt("iss-lowercase", "issuer",
             f"{{ IF string::lowercase($token.iss ?? '') != '{ISSUER}' {{ THROW 'bad iss' }} }}",
             ISS))
    add(_jwt("iss-param", "issuer", "{ IF $token.iss != $issuer { THROW 'bad iss' } }", ISS,
             definitions=f"DEFINE PARAM $issuer VALUE '{ISSUER}';"))
    add(_jwt("iss-param-list", "issuer",
             "{ IF $token.iss NOT IN $issuers { THROW 'bad iss' } }", ISS,
             definitions=f"DEFINE PARAM $issuers VALUE ['{ISSUER}', 'https://b.example'];"))
    add(_jwt("iss-type-check", "issuer",
             "{ IF !type::is_string($token.iss) { THROW 'iss must be a string' } }", ISS))
    add(_jwt("iss-contains", "issuer",
             "{ IF !string::contains($token.iss, 'issuer') { THROW 'bad iss' } }", ISS))
    add(_jwt("iss-record-throw", "issuer",
             "{ IF $token.iss != $session.tk.iss { THROW 'mismatch' }; "
             "IF $token.iss { RETURN NONE } ELSE { THROW 'missing' } }", ISS))

    # ---- audience -----------------------------------------------------------------------
    add(_jwt("aud-neq", "audience", "{ IF $token.aud != 'api' { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-contains", "audience",
             "{ IF $token.aud CONTAINS 'api' { RETURN NONE } ELSE { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-contains-not", "audience",
             "{ IF $token.aud CONTAINSNOT 'api' { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-inside", "audience", "{ IF 'api' NOTINSIDE $token.aud { THROW 'bad aud' } }",
             AUD))
    add(_jwt("aud-in", "audience", "{ IF !('api' IN $token.aud) { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-containsany", "audience",
             "{ IF !($token.aud CONTAINSANY ['api', 'admin']) { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-containsall", "audience",
             "{ IF $token.aud CONTAINSALL ['api', 'web'] { RETURN NONE }; THROW 'need both' }",
             AUD))
    add(_jwt("aud-containsnone", "audience",
             "{ IF $token.aud CONTAINSNONE ['api'] { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-anyinside", "audience",
             "{ IF $token.aud ANYINSIDE ['api', 'x'] { RETURN NONE } ELSE { THROW 'bad aud' } }",
             AUD))
    add(_jwt("aud-allinside", "audience",
             "{ IF !($token.aud ALLINSIDE ['api', 'web', 'x']) { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-normalise", "audience",
             "{ LET $aud = IF type::is_array($token.aud) { $token.aud } ELSE { [$token.aud] }; "
             "IF 'api' NOTINSIDE $aud { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-any-equal", "audience", "{ IF !($token.aud ?= 'api') { THROW 'bad aud' } }",
             AUD))
    add(_jwt("aud-all-equal", "audience", "{ IF !($token.aud *= 'api') { THROW 'bad aud' } }",
             AUD))
    add(_jwt("aud-len", "audience",
             "{ IF array::len($token.aud) > 1 { THROW 'too many audiences' } }", AUD))
    add(_jwt("aud-index", "audience", "{ IF $token.aud[0] != 'api' { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-flatten", "audience",
             "{ IF 'api' NOTINSIDE array::flatten([$token.aud]) { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-count", "audience", "{ IF count($token.aud) = 0 { THROW 'no aud' } }", AUD))
    add(_jwt("aud-cast-array", "audience",
             "{ IF 'api' NOTINSIDE <array> $token.aud { THROW 'bad aud' } }", AUD))
    add(_jwt("aud-throw-value", "audience", "{ IF $token.aud != ['api'] { THROW $token.aud } }",
             AUD))

    # ---- email domains ------------------------------------------------------------------
    add(_jwt("email-ends-with", "email",
             "{ IF !string::ends_with($token.email, '@example.com') { THROW 'wrong domain' } }",
             EMAIL))
    add(_jwt("email-split", "email",
             "{ IF string::split($token.email, '@')[1] != 'example.com' "
             "{ THROW 'wrong domain' } }", EMAIL))
    add(_jwt("email-split-last", "email",
             "{ IF array::last(string::split($token.email, '@')) != 'example.com' "
             "{ THROW 'wrong domain' } }", EMAIL))
    add(_jwt("email-lowercase", "email",
             "{ IF !string::ends_with(string::lowercase($token.email ?? ''), '@example.com') "
             "{ THROW 'wrong domain' } }", EMAIL))
    add(_jwt("email-is-email", "email",
             "{ IF !string::is_email($token.email) { THROW 'not an email' } }", EMAIL))
    add(_jwt("email-contains", "email",
             "{ IF !string::contains($token.email ?? '', '@example.') { THROW 'wrong domain' } }",
             EMAIL))
    add(_jwt("email-matches", "email",
             "{ IF !string::matches($token.email, '^[a-z]+@example[.]com$') "
             "{ THROW 'wrong format' } }", EMAIL))
    add(_jwt("email-domain-param", "email",
             "{ IF string::split($token.email, '@')[1] NOT IN $domains "
             "{ THROW 'domain not allowed' } }", EMAIL,
             definitions="DEFINE PARAM $domains VALUE ['example.com', 'example.org'];"))
    add(_jwt("email-len", "email",
             "{ IF string::len($token.email) < 12 { THROW 'too short' } }", EMAIL))
    add(_jwt("email-slice", "email",
             "{ IF string::slice($token.email, -12) != '@example.com' { THROW 'wrong domain' } }",
             EMAIL))
    add(_jwt("email-trim", "email",
             "{ LET $e = string::trim($token.email); "
             "IF !string::ends_with($e, 'example.com') { THROW 'wrong domain: ' + $e } }", EMAIL))
    add(_jwt("email-verified", "email",
             "{ IF $token.email_verified != true { THROW 'email not verified' } }",
             [("verified", {"email": "a@example.com", "email_verified": True}),
              ("unverified", {"email": "a@example.com", "email_verified": False}),
              ("verified_string", {"email": "a@example.com", "email_verified": "true"}),
              ("missing", {"email": "a@example.com"})]))
    add(_jwt("email-throw-domain", "email",
             "{ THROW string::split($token.email, '@') }", EMAIL))
    add(_jwt("email-words", "email",
             "{ IF string::replace($token.email, '@', ' at ') != 'ann at example.com' "
             "{ THROW 'who' } }", EMAIL))

    # ---- roles --------------------------------------------------------------------------
    add(_jwt("roles-notinside", "roles",
             "{ IF 'admin' NOTINSIDE $token.roles { THROW 'forbidden' } }", ROLES))
    add(_jwt("roles-contains", "roles",
             "{ IF !($token.roles CONTAINS 'admin') { THROW 'forbidden' } }", ROLES))
    add(_jwt("roles-containsany", "roles",
             "{ IF $token.roles CONTAINSANY ['admin', 'editor'] { RETURN NONE }; "
             "THROW 'forbidden' }", ROLES))
    add(_jwt("roles-default", "roles",
             "{ IF array::len($token.roles ?? []) = 0 { THROW 'no roles' } }", ROLES))
    add(_jwt("roles-intersect", "roles",
             "{ IF array::len(array::intersect($token.roles, ['admin', 'ops'])) = 0 "
             "{ THROW 'forbidden' } }", ROLES))
    add(_jwt("roles-is-array", "roles",
             "{ IF !type::is_array($token.roles) { THROW 'roles must be an array' } }", ROLES))
    add(_jwt("roles-where", "roles",
             "{ IF array::len($token.roles[WHERE $this = 'admin']) = 0 { THROW 'forbidden' } }",
             ROLES))
    add(_jwt("roles-first", "roles",
             "{ IF array::first($token.roles) != 'admin' { THROW 'forbidden' } }", ROLES))
    add(_jwt("roles-join", "roles",
             "{ THROW array::join($token.roles, ',') }", ROLES))
    add(_jwt("roles-nested-keycloak", "roles",
             "{ IF 'admin' NOTINSIDE $token.realm_access.roles { THROW 'forbidden' } }", NESTED))
    add(_jwt("roles-quoted-key", "roles",
             "{ IF !($token['https://example.com/roles'] CONTAINS 'admin') { THROW 'forbidden' } }",
             NESTED))
    add(_jwt("roles-groups-all", "roles",
             "{ IF 'ops' NOTINSIDE $token.groups[*].name { THROW 'not in ops' } }", NESTED))
    add(_jwt("roles-groups-where", "roles",
             "{ IF array::len($token.groups[WHERE level > 2]) = 0 { THROW 'level too low' } }",
             NESTED))
    add(_jwt("roles-groups-field", "roles",
             "{ IF $token.groups.name CONTAINSNOT 'dev' { THROW 'not in dev' } }", NESTED))
    add(_jwt("roles-optional-chain", "roles",
             "{ IF array::len($token.realm_access.roles ?? []) = 0 { THROW 'no realm roles' } }",
             NESTED))
    add(_jwt("roles-scope-split", "roles",
             "{ IF 'write' NOTINSIDE string::split($token.scope ?? '', ' ') "
             "{ THROW 'needs write' } }", SCOPE))
    add(_jwt("roles-scope-containsall", "roles",
             "{ IF !(string::split($token.scope, ' ') CONTAINSALL ['read', 'write']) "
             "{ THROW 'needs read and write' } }", SCOPE))
    add(_jwt("roles-rl-claim", "roles",
             "{ IF $token.RL CONTAINS 'Owner' { THROW 'owners use the console' } }",
             [("rl_owner", {"rl": ["Owner"]}), ("rl_viewer", {"rl": ["Viewer"]}),
              ("rl_missing", {})]))
    add(_jwt("roles-level-numeric", "roles",
             "{ IF $token.level < 5 { THROW 'level too low' } }", NUMBERS))
    add(_jwt("roles-level-cast", "roles",
             "{ IF <int> $token.level < 5 { THROW 'level too low' } }", NUMBERS))
    add(_jwt("roles-age-math", "roles",
             "{ IF math::floor($token.age) < 18 { THROW 'too young' } }", NUMBERS))
    add(_jwt("roles-admin-or-level", "roles",
             "{ IF !('admin' IN ($token.roles ?? [])) AND ($token.level ?? 0) < 5 "
             "{ THROW 'forbidden' } }",
             [("admin", {"roles": ["admin"]}), ("level", {"level": 7}),
              ("neither", {"roles": ["user"], "level": 1}), ("nothing", {})]))

    # ---- tenant lookups (SELECT on the datastore) ---------------------------------------
    data = {"data": TENANT_DATA}
    add(_jwt("tenant-select-only", "tenant",
             "{ LET $t = SELECT * FROM ONLY type::record('tenant', $token.tenant); "
             "IF !$t.active { THROW 'inactive tenant' } }", TENANT, **data))
    add(_jwt("tenant-select-value", "tenant",
             "{ IF (SELECT VALUE active FROM ONLY type::record('tenant', $token.tenant)) != true "
             "{ THROW 'inactive tenant' } }", TENANT, **data))
    add(_jwt("tenant-where-name", "tenant",
             "{ IF array::len(SELECT * FROM tenant WHERE name = $token.org) = 0 "
             "{ THROW 'unknown org' } }",
             [("org_acme", {"org": "Acme"}), ("org_unknown", {"org": "Nope"}),
              ("org_injection", {"org": "x' OR name != '"}), ("org_missing", {})], **data))
    add(_jwt("tenant-count", "tenant",
             "{ IF count(SELECT * FROM member WHERE email = $token.email) = 0 "
             "{ THROW 'not a member' } }", EMAIL, **data))
    add(_jwt("tenant-member", "tenant",
             "{ LET $m = SELECT * FROM member WHERE tenant = type::record('tenant', $token.tenant) "
             "AND email = $token.email; IF array::len($m) = 0 { THROW 'not a member' } }",
             [("member", {"tenant": "acme", "email": "ann@example.com"}),
              ("wrong_tenant", {"tenant": "old", "email": "ann@example.com"}),
              ("stranger", {"tenant": "acme", "email": "eve@evil.com"})], **data))
    add(_jwt("tenant-record-exists", "tenant",
             "{ IF !record::exists(type::record('tenant', $token.tenant)) "
             "{ THROW 'unknown tenant' } }", TENANT, **data))
    add(_jwt("tenant-record-field", "tenant",
             "{ IF type::record('tenant', $token.tenant).plan != 'pro' { THROW 'upgrade' } }",
             TENANT, **data))
    add(_jwt("tenant-domains", "tenant",
             "{ LET $t = SELECT * FROM ONLY type::record('tenant', $token.tenant); "
             "IF string::split($token.email, '@')[1] NOTINSIDE $t.domains "
             "{ THROW 'domain not allowed for tenant' } }",
             [("acme_ok", {"tenant": "acme", "email": "ann@example.com"}),
              ("acme_wrong", {"tenant": "acme", "email": "ann@old.example"}),
              ("old_ok", {"tenant": "old", "email": "bob@old.example"}),
              ("unknown", {"tenant": "nope", "email": "ann@example.com"})], **data))
    add(_jwt("tenant-throw-row", "tenant",
             "{ THROW SELECT name, plan FROM ONLY type::record('tenant', $token.tenant) }",
             TENANT, **data))
    add(_jwt("tenant-last-select", "tenant",
             "{ SELECT * FROM tenant WHERE active = true }", PLAIN, **data))
    add(_jwt("tenant-select-empty", "tenant",
             "{ SELECT * FROM tenant WHERE name = 'none' }", PLAIN, **data))
    add(_jwt("tenant-missing-table", "tenant",
             "{ IF array::len(SELECT * FROM nosuch) = 0 { THROW 'empty' } }", PLAIN, **data))
    add(_jwt("tenant-session-in-select", "tenant",
             "{ IF array::len(SELECT * FROM tenant WHERE $session.ns = 'test' "
             "AND name = $token.org AND $access = NONE AND $auth = NONE) = 0 "
             "{ THROW 'unknown org' } }",
             [("org_acme", {"org": "Acme"}), ("org_unknown", {"org": "Nope"})], **data))
    add(_jwt("tenant-token-in-select", "tenant",
             "{ LET $rows = SELECT VALUE $token.tenant FROM tenant:acme; "
             "IF $rows[0] != 'acme' { THROW 'unexpected ' + <string> $rows } }", TENANT, **data))
    add(_jwt("tenant-let-in-select", "tenant",
             "{ LET $want = 'Acme'; LET $id = type::record('tenant', $token.tenant); "
             "IF (SELECT VALUE name FROM ONLY $id) != $want { THROW 'not Acme' } }",
             TENANT, **data))
    add(_jwt("tenant-upsert", "tenant",
             "{ UPSERT type::record('seen', $token.sub ?? 'anonymous') SET ok = true; "
             "RETURN NONE }", PLAIN, **data))
    add(_jwt("tenant-fn-select", "tenant",
             "{ IF !fn::tenant_active($token.tenant) { THROW 'inactive tenant' } }", TENANT,
             definitions="DEFINE FUNCTION fn::tenant_active($t: any) -> bool "
             "{ RETURN (SELECT VALUE active FROM ONLY type::record('tenant', $t)) ?? false; };",
             **data))
    add(_jwt("tenant-plan-param", "tenant",
             "{ IF type::record('tenant', $token.tenant).plan NOT IN $plans "
             "{ THROW 'plan not allowed' } }", TENANT,
             definitions="DEFINE PARAM $plans VALUE ['pro', 'enterprise'];", **data))
    add(_record("tenant-auth-field", "tenant",
                "{ IF $auth.tenant.active != true { THROW 'inactive tenant' }; RETURN $auth }",
                RECORD_IDS, **data))
    add(_record("tenant-lookup-by-email", "tenant",
                "{ RETURN SELECT * FROM user WHERE email = $token.email }",
                [("ann", {"id": DROP, "email": "ann@example.com"}),
                 ("bob", {"id": DROP, "email": "bob@example.com"}),
                 ("stranger", {"id": DROP, "email": "eve@evil.com"}),
                 ("with_id", {"email": "bob@example.com"})], **data))
    add(_record("tenant-lookup-value-id", "tenant",
                "{ RETURN SELECT VALUE id FROM ONLY user WHERE email = $token.email LIMIT 1 }",
                [("ann", {"id": DROP, "email": "ann@example.com"}),
                 ("stranger", {"id": DROP, "email": "eve@evil.com"})], **data))
    add(_record("tenant-auth-roles", "tenant",
                "{ IF 'admin' NOTINSIDE $auth.roles { THROW 'not an admin' }; RETURN $auth }",
                RECORD_IDS, **data))
    add(_record("tenant-auth-name", "tenant",
                "{ THROW $auth.name ?? 'nobody' }", RECORD_IDS, **data))

    # ---- THROW of every kind of value ---------------------------------------------------
    throws = [
        ("string", "'nope'"), ("object", "{ a: 1 }"), ("nested-object", "{ a: { b: [1, NONE] } }"),
        ("array", "[1, 'a', true]"), ("empty-array", "[]"), ("empty-object", "{}"),
        ("int", "42"), ("negative", "-7"), ("float", "1.5"), ("float-int", "2f"),
        ("decimal", "1.50dec"), ("none", "NONE"), ("null", "NULL"), ("bool", "true"),
        ("record", "user:1"), ("record-complex", "user:['a', 1]"),
        ("record-escaped", "user:⟨a b⟩"), ("datetime", "d'2024-01-02T03:04:05Z'"),
        ("uuid", "u'0190a7ee-3b0d-7c5e-8d1e-111111111111'"), ("duration", "1h30m"),
        ("quotes", "\"it's\""), ("unicode", "'héllo ✓'"), ("keys", "{ 'a-b': 1, '1x': 2, c: 'd' }"),
        ("sub", "$token.sub"), ("concat", "'user ' + ($token.sub ?? 'unknown')"),
        ("token", "$token"), ("session", "$session"), ("access", "$access"),
        ("string-access", "<string> $access"), ("cast-string-object", "<string> { a: 1 }"),
        ("all-vars", "{ token: $token, auth: $auth, access: $access, session: $session }"),
        ("math", "1 + 2 * 3"), ("string-concat-fn", "string::concat('a', 1, true)"),
        ("table", "type::table('user')"), ("bytes", "<bytes> 'hi'"),
        ("float-nan", "math::sqrt(-1)"), ("min-int", "-9223372036854775807 - 1"),
    ]
    for name, value in throws:
        add(_jwt(f"throw-{name}", "throw", f"{{ THROW {value} }}", PLAIN))
    add(_record("throw-auth", "throw", "{ THROW $auth }", RECORD_IDS))
    add(_record("throw-session", "throw", "{ THROW $session }", RECORD_IDS))
    add(_record("throw-nope", "throw", "{ THROW 'nope' }", RECORD_IDS))
    add(_jwt("throw-conditional-object", "throw",
             "{ IF $token.x = 1 { THROW { reason: 'x is 1', x: $token.x } } }", FLAGS))

    # ---- IF / ELSE without a matching branch --------------------------------------------
    add(_jwt("if-else-if-no-match", "if_else",
             "{ IF $token.x = 1 { THROW 'one' } ELSE IF $token.x = 2 { THROW 'two' } }", FLAGS))
    add(_jwt("if-false-return-record", "if_else", "{ IF false { RETURN user:1 } }", PLAIN))
    add(_jwt("if-flag-return-true", "if_else",
             "{ IF $token.x { RETURN NONE } ELSE { RETURN true } }", FLAGS))
    add(_jwt("if-worded", "if_else", "{ IF $token.x = 1 THEN THROW 'one' END }", FLAGS))
    add(_jwt("if-worded-else", "if_else",
             "{ IF $token.x = 1 THEN THROW 'one' ELSE IF $token.x = 2 THEN NONE ELSE 5 END }",
             FLAGS))
    add(_jwt("if-nested", "if_else",
             "{ IF $token.x > 1 { IF $token.x > 2 { THROW 'big' } } }", FLAGS))
    add(_jwt("if-null-truthiness", "if_else",
             "{ IF $token.x { THROW 'truthy' } ELSE { NONE } }", FLAGS))
    add(_jwt("if-value-as-last", "if_else",
             "{ IF $token.x = 1 { 'one' } ELSE IF $token.x = 2 { NONE } }", FLAGS))
    add(_record("if-no-match-record", "if_else", "{ IF false { RETURN user:1 } }", RECORD_IDS))
    add(_record("if-else-remap", "if_else",
                "{ IF $auth = user:1 { RETURN user:admin } ELSE { RETURN $auth } }", RECORD_IDS))

    # ---- what JWT methods may return ----------------------------------------------------
    jwt_returns = [
        ("return-none", "{ RETURN NONE }"), ("bare-none", "NONE"), ("block-none", "{ NONE }"),
        ("empty-braces", "{}"), ("return-null", "{ RETURN NULL }"),
        ("return-true", "{ RETURN true }"), ("return-false", "{ RETURN false }"),
        ("return-zero", "{ RETURN 0 }"), ("return-empty-string", "{ RETURN '' }"),
        ("return-record", "{ RETURN user:1 }"), ("return-empty-object", "{ RETURN {} }"),
        ("return-empty-array", "{ RETURN [] }"), ("return-array-none", "{ RETURN [NONE] }"),
        ("return-string-none", "{ RETURN 'NONE' }"), ("return-auth", "{ RETURN $auth }"),
        ("return-access", "{ RETURN $access }"), ("return-missing-claim", "{ RETURN $token.nope }"),
        ("return-null-claim", "{ RETURN $token.x }"), ("let-last", "{ LET $x = 1 }"),
        ("bare-true", "true"), ("bare-claim", "$token.x"), ("return-session-ac",
                                                             "{ RETURN $session.ac }"),
        ("return-after-return", "{ RETURN NONE; RETURN true }"),
        ("return-in-if", "{ IF true { RETURN NONE }; RETURN true }"),
        ("last-expression-true", "{ LET $a = 1; $a == 1 }"),
        ("return-unknown-param", "{ RETURN $nothing }"),
    ]
    for name, body in jwt_returns:
        add(_jwt(name, "jwt_return", body, FLAGS if "claim" in name else PLAIN))
    add(_jwt("return-with-session-duration", "jwt_return", "{ RETURN NONE }", PLAIN,
             duration="2h"))

    # ---- what RECORD methods may return -------------------------------------------------
    record_returns = [
        ("return-auth", "{ RETURN $auth }"), ("remap", "{ RETURN user:remapped }"),
        ("string", "{ RETURN 'user:str' }"), ("object", "{ RETURN { id: user:obj, x: 1 } }"),
        ("array", "{ RETURN [user:arr1, user:arr2] }"),
        ("array-of-objects", "{ RETURN [{ id: user:first }, { id: user:second }] }"),
        ("none", "{ RETURN NONE }"), ("nope", "{ RETURN 'nope' }"), ("int", "{ RETURN 5 }"),
        ("null", "{ RETURN NULL }"), ("empty-object", "{ RETURN {} }"),
        ("empty-array", "{ RETURN [] }"), ("object-string-id", "{ RETURN { id: 'user:s' } }"),
        ("nested-array", "{ RETURN [[user:nested]] }"), ("array-string", "{ RETURN ['user:a'] }"),
        ("object-none-id", "{ RETURN { id: NONE } }"), ("string-junk", "{ RETURN 'user:a b' }"),
        ("string-escaped", "{ RETURN 'user:⟨a b⟩' }"), ("string-spaces", "{ RETURN '  user:1' }"),
        ("string-array-key", "{ RETURN \"user:[1, 'a']\" }"),
        ("string-object-key", "{ RETURN 'user:{ a: 1 }' }"),
        ("cast-string", "{ RETURN <string> user:1 }"), ("token-id", "{ RETURN $token.ID }"),
        ("session-rd", "{ RETURN $session.rd }"),
        ("type-record-sub", "{ RETURN type::record('user', $token.sub ?? 'nobody') }"),
        ("type-record-email", "{ RETURN type::record('user', $token.email) }"),
        ("bare-auth", "$auth"), ("bare-record", "user:bare"),
        ("block-last", "{ LET $a = $auth; $a }"),
        ("record-table-only", "{ RETURN type::table('user') }"),
        ("record-float-key", "{ RETURN 'user:1.5' }"),
        ("record-uuid-key", "{ RETURN user:u'0190a7ee-3b0d-7c5e-8d1e-111111111111' }"),
        ("object-nested-id", "{ RETURN { id: { id: user:deep } } }"),
        ("array-none-first", "{ RETURN [NONE, user:2] }"),
        ("object-id-array", "{ RETURN { id: [user:x] } }"),
    ]
    for name, body in record_returns:
        add(_record(name, "record_return", body, RECORD_IDS))
    add(_record("return-with-session-duration", "record_return", "{ RETURN $auth }",
                RECORD_IDS, duration="1h"))

    # ---- fn:: helpers -------------------------------------------------------------------
    check_iss = (f"DEFINE FUNCTION fn::check_iss($iss: string) {{ IF $iss != '{ISSUER}' "
                 "{ THROW 'bad iss' }; RETURN true; };")
    add(_jwt("fn-check-iss-let", "fn", "{ LET $ok = fn::check_iss($token.iss); }", ISS,
             definitions=check_iss))
    add(_jwt("fn-check-iss-last", "fn", "{ fn::check_iss($token.iss) }", ISS,
             definitions=check_iss))
    add(_jwt("fn-check-iss-return-none", "fn", "{ fn::check_iss($token.iss); RETURN NONE }", ISS,
             definitions=check_iss))
    domain = ("DEFINE FUNCTION fn::domain($email: string) -> string "
              "{ RETURN string::split($email, '@')[1]; };")
    add(_jwt("fn-domain", "fn",
             "{ IF fn::domain($token.email) != 'example.com' { THROW 'wrong domain' } }", EMAIL,
             definitions=domain))
    has_role = ("DEFINE FUNCTION fn::has_role($roles: option<array<string>>, $role: string) "
                "-> bool { RETURN ($roles ?? []) CONTAINS $role; };")
    add(_jwt("fn-has-role", "fn",
             "{ IF !fn::has_role($token.roles, 'admin') { THROW 'forbidden' } }", ROLES,
             definitions=has_role))
    add(_jwt("fn-has-role-one-arg", "fn",
             "{ IF !fn::has_role($token.roles) { THROW 'forbidden' } }", ROLES[:2],
             definitions=has_role))
    add(_jwt("fn-reads-token", "fn",
             f"{{ IF fn::iss() != '{ISSUER}' {{ THROW 'bad iss' }} }}", ISS,
             definitions="DEFINE FUNCTION fn::iss() { RETURN $token.iss; };"))
    add(_jwt("fn-throws-object", "fn", "{ fn::deny($token.sub ?? 'anonymous') }", PLAIN,
             definitions="DEFINE FUNCTION fn::deny($who: string) "
             "{ THROW { denied: $who, at: 'fn' }; };"))
    add(_jwt("fn-undefined", "fn", "{ fn::undefined() }", PLAIN))
    add(_jwt("fn-wrong-arity", "fn", "{ LET $x = fn::domain('a@b', 'c') }", PLAIN,
             definitions=domain))
    add(_jwt("fn-coercion-fails", "fn", "{ LET $x = fn::domain($token.email) }", EMAIL,
             definitions=domain))
    add(_jwt("fn-returns-none", "fn", "{ fn::nothing() }", PLAIN,
             definitions="DEFINE FUNCTION fn::nothing() { LET $a = 1; };"))
    add(_jwt("fn-nested", "fn",
             "{ IF !fn::allowed($token.email) { THROW 'not allowed' } }", EMAIL,
             definitions=domain + "\nDEFINE FUNCTION fn::allowed($email: string) -> bool "
             "{ RETURN fn::domain($email) IN $domains; };\n"
             "DEFINE PARAM $domains VALUE ['example.com'];"))
    add(_jwt("fn-return-kind-fails", "fn", "{ LET $x = fn::bad() }", PLAIN,
             definitions="DEFINE FUNCTION fn::bad() -> int { RETURN 'x'; };"))
    add(_record("fn-user-of", "fn", "{ RETURN fn::user_of($token.email ?? 'x@y') }", RECORD_IDS,
                definitions="DEFINE FUNCTION fn::user_of($email: string) -> record<user> "
                "{ RETURN type::record('user', $email); };"))
    add(_record("fn-remap-by-id", "fn", "{ RETURN fn::remap($auth) }", RECORD_IDS,
                definitions="DEFINE FUNCTION fn::remap($rid: record) "
                "{ RETURN IF record::id($rid) = 1 { user:one } ELSE { $rid }; };"))

    # ---- DEFINE PARAM -------------------------------------------------------------------
    add(_jwt("param-object", "param",
             "{ IF $token.iss != $cfg.iss OR $token.aud != $cfg.aud { THROW 'bad token' } }",
             [("good", {"iss": ISSUER, "aud": "api"}), ("bad_aud", {"iss": ISSUER, "aud": "x"}),
              ("missing", {})],
             definitions=f"DEFINE PARAM $cfg VALUE {{ iss: '{ISSUER}', aud: 'api' }};"))
    add(_jwt("param-computed", "param", "{ IF $token.sub != $who { THROW 'not ' + $who } }",
             PLAIN, definitions="DEFINE PARAM $who VALUE string::lowercase('ANN');"))
    add(_jwt("param-number", "param", "{ IF ($token.level ?? 0) < $min_level { THROW 'low' } }",
             NUMBERS, definitions="DEFINE PARAM $min_level VALUE 5;"))
    add(_jwt("param-overwrite", "param", "{ THROW $p }", PLAIN,
             definitions="DEFINE PARAM $p VALUE 1;\nDEFINE PARAM OVERWRITE $p VALUE 2;"))
    add(_jwt("param-if-not-exists", "param", "{ THROW $p }", PLAIN,
             definitions="DEFINE PARAM $p VALUE 1;\nDEFINE PARAM IF NOT EXISTS $p VALUE 2;"))
    add(_jwt("param-uses-param", "param", "{ THROW $b }", PLAIN,
             definitions="DEFINE PARAM $a VALUE [1, 2];\nDEFINE PARAM $b VALUE array::len($a);"))
    add(_jwt("param-shadowed-by-let", "param", "{ LET $p = 'let'; THROW $p }", PLAIN,
             definitions="DEFINE PARAM $p VALUE 'param';"))

    # ---- LET ----------------------------------------------------------------------------
    add(_jwt("let-lowercase-domain", "let",
             "{ LET $email = string::lowercase($token.email ?? ''); "
             "IF !string::ends_with($email, '@example.com') { THROW 'domain' } }", EMAIL))
    add(_jwt("let-protected-auth", "let", "{ LET $auth = 1 }", PLAIN))
    add(_jwt("let-protected-token", "let", "{ LET $token = 1; RETURN NONE }", PLAIN))
    add(_jwt("let-kind-int", "let", "{ LET $x: int = $token.level; THROW $x }", NUMBERS))
    add(_jwt("let-kind-option", "let", "{ LET $x: option<string> = $token.sub; THROW $x }",
             [("sub", {"sub": "ann"}), ("missing", {}), ("number", {"sub_n": 1})]))
    add(_jwt("let-scoped", "let",
             "{ LET $a = 1; IF true { LET $a = 2; }; THROW $a }", PLAIN))
    add(_jwt("let-chain", "let",
             "{ LET $parts = string::split($token.email ?? '', '@'); LET $user = $parts[0]; "
             "LET $domain = $parts[1]; IF $domain != 'example.com' { THROW $user + ' is outside' } "
             "}", EMAIL))

    # ---- $session and $access -----------------------------------------------------------
    add(_jwt("session-ns", "session", "{ IF $session.ns != 'test' { THROW 'ns' } }", PLAIN))
    add(_jwt("session-db", "session", "{ IF $session.db != 'test' { THROW 'db' } }", PLAIN))
    add(_jwt("session-ac", "session", "{ THROW <string> $session.ac }", PLAIN))
    add(_jwt("session-rd", "session", "{ THROW <string> $session.rd }", PLAIN))
    add(_jwt("session-exp", "session", "{ THROW $session.exp }", PLAIN, duration="1h"))
    add(_jwt("session-id-ip-or", "session", "{ THROW [$session.id, $session.ip, $session.or] }",
             PLAIN))
    add(_jwt("session-tk", "session", "{ IF $session.tk != $token { THROW 'tk differs' } }",
             PLAIN))
    add(_jwt("session-tk-field", "session", "{ THROW $session.tk.sub }", PLAIN))
    add(_jwt("session-keys", "session", "{ THROW object::keys($session) }", PLAIN))
    add(_record("session-rd-record", "session", "{ THROW [$session.rd, $auth] }", RECORD_IDS))
    add(_record("session-rd-equals-auth", "session",
                "{ IF $session.rd != $auth { THROW 'differs' }; RETURN $auth }", RECORD_IDS))
    add(_jwt("access-none", "access",
             "{ IF $access != NONE { THROW 'access: ' + <string> $access } }", PLAIN))
    add(_jwt("access-throw-object", "access", "{ THROW { access: $access, auth: $auth } }",
             PLAIN))
    add(_jwt("access-type", "access", "{ THROW type::of($access) }", PLAIN))
    add(_record("access-record", "access", "{ IF $access = NONE { RETURN $auth }; THROW 'x' }",
                RECORD_IDS))

    # ---- claims -------------------------------------------------------------------------
    add(_jwt("claims-routing-upper", "claims", "{ THROW [$token.NS, $token.DB, $token.AC] }",
             [("lower", {}), ("url_aliases", {"ns": DROP, "https://surrealdb.com/ns": "test"})]))
    add(_jwt("claims-routing-lower", "claims", "{ THROW [$token.ns, $token.db, $token.ac] }",
             PLAIN))
    add(_jwt("claims-exp-future", "claims",
             "{ IF $token.exp - time::unix() < 60 { THROW 'expires too soon' } }", PLAIN))
    add(_jwt("claims-exp-datetime", "claims",
             "{ IF time::from_unix($token.exp) < time::now() { THROW 'expired' } }", PLAIN))
    add(_jwt("claims-iat-type", "claims", "{ THROW type::of($token.iat) }",
             [("iat", {"iat": 1700000000}), ("no_iat", {})]))
    add(_jwt("claims-keys", "claims", "{ THROW object::keys($token) }",
             [("plain", {}), ("custom", {"z": 1, "a": [1, 2], "Ns": "x"})]))
    add(_jwt("claims-null", "claims",
             "{ THROW [$token.x = NULL, $token.x = NONE, $token.x == NULL, type::of($token.x)] }",
             FLAGS))
    add(_jwt("claims-float", "claims", "{ THROW [$token.f, type::of($token.f), $token.f * 2] }",
             [("float", {"f": 1.5}), ("int_like", {"f": 2.0}), ("big", {"f": 1e20}),
              ("negative_zero", {"f": -0.0})]))
    add(_jwt("claims-big-int", "claims", "{ THROW [$token.n, type::of($token.n)] }",
             [("max", {"n": 9223372036854775807}), ("over", {"n": 9223372036854775808}),
              ("min", {"n": -9223372036854775808})]))
    add(_jwt("claims-nested-object", "claims", "{ THROW $token.o }",
             [("object", {"o": {"b": 1, "a": {"y": None, "x": [True, "s"]}}}),
              ("empty", {"o": {}})]))
    add(_jwt("claims-unicode", "claims", "{ THROW $token.name + '!' }",
             [("unicode", {"name": "Zoë ✓"}), ("quote", {"name": "O'Brien"}),
              ("newline", {"name": "a\nb"})]))
    add(_jwt("claims-jti-sub", "claims", "{ THROW { jti: $token.jti, sub: $token.sub } }",
             [("both", {"jti": "j-1", "sub": "ann"}), ("none", {})]))
    add(_jwt("claims-ternary", "claims", "{ THROW $token.sub ?: 'anonymous' }",
             [("sub", {"sub": "ann"}), ("empty", {"sub": ""}), ("missing", {})]))

    # ---- runtime errors (InvalidAuth) ---------------------------------------------------
    errors = [
        ("add-int-string", "{ RETURN 1 + 'a' }"),
        ("array-len-string", "{ IF array::len('x') > 0 { THROW 'x' } }"),
        ("cast-int", "{ LET $x = <int> 'abc' }"),
        ("cast-record", "{ LET $x = <record> $token.sub }"),
        ("math-sqrt-string", "{ LET $x = math::sqrt('x') }"),
        ("string-fn-on-number", "{ LET $x = string::lowercase(5) }"),
        ("type-record-none", "{ LET $x = type::record('user', $token.nope) }"),
        ("break-outside-loop", "{ BREAK }"),
        ("divide-string", "{ LET $x = 'a' / 2 }"),
        ("throw-error-value", "{ THROW 1 + 'a' }"),
    ]
    for name, body in errors:
        add(_jwt(f"error-{name}", "errors", body, PLAIN))
    add(_record("error-in-record", "errors", "{ RETURN <record> 'not a record' }", RECORD_IDS))

    # ---- clause semantics (the engine's expression evaluator, not its query executor) ----
    helpers = ("DEFINE FUNCTION fn::sees_x() { RETURN $x; };\n"
               "DEFINE FUNCTION fn::sees_token() { RETURN $token.AC; };\n"
               "DEFINE FUNCTION fn::filter($v: any) { RETURN $v[WHERE true]; };\n"
               "DEFINE PARAM $filtered VALUE 'admin'[WHERE true];")
    semantics = [
        ("where-int", "5[WHERE true]"), ("where-null", "NULL[WHERE true]"),
        ("where-none", "NONE[WHERE true]"), ("filter-object", "{ a: 1 }[? true]"),
        ("filter-string", "'x'[? true]"), ("where-token", "$token[WHERE true]"),
        ("where-array", "[1, 2, 3][WHERE $this > 1]"),
        ("where-objects", "[{ a: 1 }, { a: 2 }][WHERE a > 1].a"),
        ("where-then-index", "{ a: 1 }[WHERE a = 1][0]"),
        ("flatten", "[[1, [2]], [3]]..."), ("flatten-index", "[[1], [2]]...[0]"),
        ("flatten-field", "{ a: [[1], [2]] }.a..."), ("all-flatten", "[1, [2, 3]][*]..."),
        ("let-this", "{ LET $this = 2; $this }"),
        ("let-this-where", "{ LET $this = 2; [1, 2][WHERE $this = 2] }"),
        ("fn-caller-scope", "{ LET $x = 1; fn::sees_x() }"),
        ("fn-session-vars", "fn::sees_token()"), ("fn-where", "fn::filter('a')"),
        ("param-where", "$filtered"),
    ]
    for name, expr in semantics:
        add(_jwt(f"semantics-{name}", "semantics", f"{{ THROW <string> [{expr}] }}", PLAIN[:1],
                 definitions=helpers))
    add(_jwt("semantics-where-aud", "semantics",
             "{ THROW <string> [$token.aud[WHERE $this = 'api']] }", AUD))

    # ---- combined, realistic clauses ----------------------------------------------------
    add(_jwt("combined-auth0", "issuer",
             f"{{ IF $token.iss != '{ISSUER}' {{ THROW 'Invalid issuer' }}; "
             "IF 'api' NOTINSIDE (IF type::is_array($token.aud) { $token.aud } ELSE "
             "{ [$token.aud] }) { THROW 'Invalid audience' }; "
             "IF !string::ends_with($token.email ?? '', '@example.com') "
             "{ THROW 'Invalid email domain' }; }", MIXED))
    add(_jwt("combined-tenant-role", "tenant",
             "{ LET $t = SELECT * FROM ONLY type::record('tenant', $token.tenant); "
             "IF $t = NONE { THROW 'unknown tenant' }; "
             "IF !$t.active { THROW 'tenant ' + $t.name + ' is inactive' }; "
             "IF 'admin' NOTINSIDE ($token.roles ?? []) { THROW { error: 'forbidden', "
             "tenant: $t.id } }; }", MIXED, data=TENANT_DATA))
    add(_record("combined-record-lookup", "tenant",
                "{ LET $u = SELECT * FROM ONLY user WHERE email = $token.email LIMIT 1; "
                "IF $u = NONE { THROW 'no such user' }; "
                "IF !$u.tenant.active { THROW 'inactive tenant' }; RETURN $u.id }",
                [("ann", {"id": DROP, "email": "ann@example.com"}),
                 ("bob", {"id": DROP, "email": "bob@example.com"}),
                 ("eve", {"id": DROP, "email": "eve@evil.com"}),
                 ("ann_with_id", {"id": "user:2", "email": "ann@example.com"})],
                data=TENANT_DATA))
    return out
