"""The identity-provider schemas of corpus/idp/ against tokens shaped like each provider's.

Every token here has the provider's header (alg, kid, typ or its absence, Entra's x5t) and
claim layout (names, nesting, array or string), per ../shared/reference/peers.md part (b), and
is signed with a local RSA key. The schemas keep the providers' real JWKS URLs; `compile` gets
an in-memory transport that serves a local key set for each of those URLs (the provider's
shape of JWK, with decoys) and fails any other URL, so nothing leaves the process.

Each provider gets its ``$auth`` (``session.to_json()["auth"]``: id, email, roles, tenant where
it has one) and its traps: Auth0's URL-named claims and array aud, Cognito access tokens
with client_id and no aud, Okta's org vs custom authorization server, Entra's v1 and v2
issuers, Google's two issuer spellings, Firebase's key set shared by all projects,
Keycloak's nested roles and missing audience, Clerk's missing aud and v2 layout.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jose_builders as jb
import pytest

import surrealaccess as sa
from surrealaccess.jws import GENERIC

IDP = Path(__file__).resolve().parent.parent / "corpus" / "idp"
NOW = 1_800_000_000
POLICIES = ("strict", "surrealdb")

AUTH0_JWKS = "https://acme.eu.auth0.com/.well-known/jwks.json"
AUTH0_ISS = "https://acme.eu.auth0.com/"
AUTH0_API = "https://api.acme.com"
COGNITO_ISS = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
COGNITO_JWKS = COGNITO_ISS + "/.well-known/jwks.json"
COGNITO_CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado"
OKTA_ISS = "https://acme.okta.com/oauth2/default"
OKTA_JWKS = OKTA_ISS + "/v1/keys"
TID = "3f1e0c2a-5b7d-4e9f-8a6b-1c2d3e4f5a6b"
ENTRA_CLIENT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
ENTRA_V1_ISS = f"https://sts.windows.net/{TID}/"
ENTRA_V2_ISS = f"https://login.microsoftonline.com/{TID}/v2.0"
ENTRA_V1_JWKS = f"https://login.microsoftonline.com/{TID}/discovery/keys"
ENTRA_V2_JWKS = f"https://login.microsoftonline.com/{TID}/discovery/v2.0/keys"
GOOGLE_JWKS = "https://www.googleapis.com/oauth2/v3/certs"
GOOGLE_CLIENT = "1234567890-abc123def456ghi789.apps.googleusercontent.com"
FIREBASE_JWKS = ("https://www.googleapis.com/service_accounts/v1/jwk/"
                 "securetoken@system.gserviceaccount.com")
KEYCLOAK_ISS = "https://sso.acme.com/realms/acme"
KEYCLOAK_JWKS = KEYCLOAK_ISS + "/protocol/openid-connect/certs"
CLERK_ISS = "https://clerk.acme.com"
CLERK_JWKS = CLERK_ISS + "/.well-known/jwks.json"

USER = "ada@acme.com"


# ---- the local "network": the providers' JWKS URLs served from memory -------------------------


def jwk(key_name: str, kid: str, **members: Any) -> dict[str, Any]:
    """The public JWK of a local key, with the provider's extra members."""
    return {**members, "kid": kid, **json.loads(jb.jwk_json(jb.rsa_key(key_name)))}


#: Per URL: the JWK set the provider publishes (its member layout), the real key among decoys.
KEY_SETS: dict[str, list[dict[str, Any]]] = {
    AUTH0_JWKS: [
        jwk("auth0-old", "Rk1FMjNCOTg3", kty="RSA", use="sig", alg="RS256", x5t="old"),
        jwk("auth0", "hb6Z3yLsE1tV9qUa", kty="RSA", use="sig", alg="RS256", x5t="hb6Z"),
    ],
    COGNITO_JWKS: [
        jwk("cognito", "4b2PsvDk+ExAMPLEkid=", alg="RS256", e="AQAB", kty="RSA", use="sig"),
        jwk("cognito-other", "oTdhW4Ff0ExAMPLEkid=", alg="RS256", kty="RSA", use="sig"),
    ],
    OKTA_JWKS: [jwk("okta", "Ab3f9yKpU2zq-okta", kty="RSA", alg="RS256", use="sig")],
    # Entra publishes no `alg`, and both key endpoints carry the tenant's signing keys.
    ENTRA_V1_JWKS: [jwk("entra", "nOo3ZDrODXEK1jKWhXslHR_KXEg", kty="RSA", use="sig",
                        x5t="nOo3ZDrODXEK1jKWhXslHR_KXEg")],
    ENTRA_V2_JWKS: [jwk("entra", "nOo3ZDrODXEK1jKWhXslHR_KXEg", kty="RSA", use="sig",
                        x5t="nOo3ZDrODXEK1jKWhXslHR_KXEg", issuer=ENTRA_V2_ISS)],
    GOOGLE_JWKS: [
        jwk("google", "a50f6e70ef4b548a5fd9142eecd1fb8f54dce9ee", alg="RS256", use="sig",
            kty="RSA"),
        jwk("google-next", "b1e0c7f9d2a3c4b5e6f7a8b9c0d1e2f3a4b5c6d7", alg="RS256", use="sig",
            kty="RSA"),
    ],
    FIREBASE_JWKS: [jwk("firebase", "77e4f2e0c9a1b2d3e4f5a6b7c8d9e0f1a2b3c4d5", kty="RSA",
                        alg="RS256", use="sig")],
    KEYCLOAK_JWKS: [
        jwk("keycloak", "Zx3vQ8e_kc-rsa-sig", kty="RSA", alg="RS256", use="sig"),
        jwk("keycloak-enc", "Zx3vQ8e_kc-rsa-enc", kty="RSA", alg="RSA-OAEP", use="enc"),
    ],
    CLERK_JWKS: [jwk("clerk", "ins_2abcDEFghiJKLmnoPQR", use="sig", kty="RSA", alg="RS256")],
}
#: Keycloak's certs endpoint sends no-cache; the others a max-age.
HEADERS = {KEYCLOAK_JWKS: {"Cache-Control": "no-cache"}}


class LocalJwks:
    """``compile(..., http=...)``: serves `KEY_SETS` by URL; any other URL is a failure."""

    def __init__(self, documents: dict[str, list[dict[str, Any]]] | None = None) -> None:
        self.documents = dict(KEY_SETS if documents is None else documents)
        self.fetched: list[str] = []

    def __call__(self, url: str, timeout: float) -> sa.HttpResponse:
        self.fetched.append(url)
        if url not in self.documents:
            raise OSError(f"no network in tests: {url}")
        headers = {"Content-Type": "application/json", "Cache-Control": "public, max-age=21600",
                   **HEADERS.get(url, {})}
        return sa.HttpResponse(200, headers, json.dumps({"keys": self.documents[url]}).encode())


def mint(key_name: str, header: dict[str, Any], claims: dict[str, Any]) -> str:
    """An RS256 token with exactly this header and these claims, signed with a local key."""
    return jb.jws(header, claims, jb.rs(jb.rsa_key(key_name)))


@functools.cache
def schema(*files: str, policy: str = "strict") -> sa.Authenticator:
    """The corpus files compiled together into one database, with the local JWKS."""
    text = "\n".join((IDP / name).read_text(encoding="utf-8") for name in files)
    return sa.compile(sa.parse(text), ns="acme", db="app", policy=policy,  # type: ignore[arg-type]
                      http=LocalJwks(), clock=lambda: NOW)


def auth_of(files: str | tuple[str, ...], token: str, policy: str = "strict") -> Any:
    names = (files,) if isinstance(files, str) else files
    session = schema(*names, policy=policy).authenticate(token, now=NOW)
    assert (session.ns, session.db) == ("acme", "app")
    return session.to_json()["auth"]


def session_of(files: str | tuple[str, ...], token: str, policy: str = "strict") -> sa.Session:
    names = (files,) if isinstance(files, str) else files
    return schema(*names, policy=policy).authenticate(token, now=NOW)


def refused(files: str | tuple[str, ...], token: str,
            policy: str = "strict") -> sa.AuthenticationError:
    names = (files,) if isinstance(files, str) else files
    with pytest.raises(sa.AuthenticationError) as caught:
        schema(*names, policy=policy).authenticate(token, now=NOW)
    assert caught.value.public_message in (GENERIC, "The token has expired") or (
        caught.value.kind == "thrown")
    return caught.value


def unroutable(error: sa.AuthenticationError) -> bool:
    """Refused by routing by issuer: no access method accepts the token's iss (and aud)."""
    return error.kind == "invalid_auth" and "(exactly one needed)" in error.detail


def without(claims: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: value for name, value in claims.items() if name not in names}


# ---- Auth0 ----------------------------------------------------------------------------------


AUTH0_HEADER = {"alg": "RS256", "typ": "JWT", "kid": "hb6Z3yLsE1tV9qUa"}


def auth0_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "https://acme.com/roles": ["admin", "billing"],
        "https://acme.com/email": USER,
        "iss": AUTH0_ISS,
        "sub": "auth0|64f1c0ffee2b1a0012345678",
        "aud": [AUTH0_API, "https://acme.eu.auth0.com/userinfo"],
        "iat": NOW - 60,
        "exp": NOW + 86400,
        "scope": "openid profile email read:orders",
        "azp": "Xk2pQ9sT4uV6wY8zA1bC3dE5fG7hJ9kL",
        "org_id": "org_9ybRcqO8ZL2hBNqb",
        "permissions": ["read:orders", "write:orders"],
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
def test_auth0(policy: str) -> None:
    token = mint("auth0", AUTH0_HEADER, auth0_claims())
    assert auth_of("auth0.surql", token, policy) == {
        "id": "auth0|64f1c0ffee2b1a0012345678",
        "email": USER,
        "roles": ["admin", "billing"],
        "tenant": "org_9ybRcqO8ZL2hBNqb",
    }
    assert session_of("auth0.surql", token, policy).ac == "auth0"


@pytest.mark.parametrize("policy", POLICIES)
def test_auth0_custom_claims_are_url_named(policy: str) -> None:
    # An Action that forgot the namespace (or a restricted name Auth0 drops): no roles.
    claims = without(auth0_claims(roles=["admin"], email=USER), "https://acme.com/roles",
                     "https://acme.com/email", "org_id")
    assert auth_of("auth0.surql", mint("auth0", AUTH0_HEADER, claims), policy) == {
        "id": "auth0|64f1c0ffee2b1a0012345678", "roles": []}


@pytest.mark.parametrize("policy", POLICIES)
def test_auth0_audience_is_a_string_or_an_array(policy: str) -> None:
    for aud in (AUTH0_API, [AUTH0_API], ["https://acme.eu.auth0.com/userinfo", AUTH0_API]):
        token = mint("auth0", AUTH0_HEADER, auth0_claims(aud=aud))
        assert auth_of("auth0.surql", token, policy)["id"].startswith("auth0|")
    # the token of another API of the same tenant (same keys): no method takes it
    other = mint("auth0", AUTH0_HEADER, auth0_claims(aud="https://admin.acme.com"))
    assert unroutable(refused("auth0.surql", other, policy))


@pytest.mark.parametrize("policy", POLICIES)
def test_auth0_issuer_keeps_its_trailing_slash(policy: str) -> None:
    token = mint("auth0", AUTH0_HEADER, auth0_claims(iss=AUTH0_ISS.rstrip("/")))
    assert unroutable(refused("auth0.surql", token, policy))
    # with SurrealDB's routing claims (an Action can add them) ISSUER itself says so
    routed = mint("auth0", AUTH0_HEADER, auth0_claims(
        iss=AUTH0_ISS.rstrip("/"), ns="acme", db="app", ac="auth0"))
    assert refused("auth0.surql", routed, policy).kind == "invalid_issuer"


def test_auth0_leeway_and_expiry() -> None:
    late = mint("auth0", AUTH0_HEADER, auth0_claims(exp=NOW - 20))  # within LEEWAY 30s
    assert auth_of("auth0.surql", late)["email"] == USER
    expired = mint("auth0", AUTH0_HEADER, auth0_claims(exp=NOW - 40))
    assert refused("auth0.surql", expired).kind == "token_expired"


def test_auth0_signature_from_a_key_the_tenant_does_not_publish() -> None:
    forged = mint("attacker", AUTH0_HEADER, auth0_claims())
    error = refused("auth0.surql", forged)
    assert (error.kind, error.reason) == ("invalid_auth", "signature_invalid")


# ---- Amazon Cognito -------------------------------------------------------------------------


COGNITO_HEADER = {"kid": "4b2PsvDk+ExAMPLEkid=", "alg": "RS256"}  # Cognito sends no typ
COGNITO_SUB = "9a6b1e3c-0f2d-4c5b-8a7e-6d5c4b3a2f10"


def cognito_id_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "sub": COGNITO_SUB,
        "cognito:groups": ["admin"],
        "email_verified": True,
        "iss": COGNITO_ISS,
        "cognito:username": "ada",
        "origin_jti": "1c8f8e2e-5d4c-4b3a-9f8e-7d6c5b4a3f21",
        "aud": COGNITO_CLIENT,
        "event_id": "2a7b9c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "token_use": "id",
        "auth_time": NOW - 300,
        "exp": NOW + 3600,
        "iat": NOW - 300,
        "jti": "5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c",
        "email": USER,
        "custom:tenant": "acme",
    }
    claims.update(changes)
    return claims


def cognito_access_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "sub": COGNITO_SUB,
        "cognito:groups": ["admin", "support"],
        "iss": COGNITO_ISS,
        "client_id": COGNITO_CLIENT,
        "origin_jti": "1c8f8e2e-5d4c-4b3a-9f8e-7d6c5b4a3f21",
        "event_id": "2a7b9c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin openid email",
        "auth_time": NOW - 300,
        "exp": NOW + 3600,
        "iat": NOW - 300,
        "jti": "0e1d2c3b-4a59-4687-9786-a5b4c3d2e1f0",
        "username": "ada",
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
def test_cognito_id_token(policy: str) -> None:
    token = mint("cognito", COGNITO_HEADER, cognito_id_claims())
    assert auth_of("cognito_id.surql", token, policy) == {
        "id": COGNITO_SUB, "email": USER, "roles": ["admin"], "tenant": "acme"}
    # no groups: the claim is absent, not empty
    token = mint("cognito", COGNITO_HEADER, without(cognito_id_claims(), "cognito:groups"))
    assert auth_of("cognito_id.surql", token, policy)["roles"] == []


@pytest.mark.parametrize("policy", POLICIES)
def test_cognito_access_token_has_client_id_not_aud(policy: str) -> None:
    access = cognito_access_claims()
    assert "aud" not in access
    token = mint("cognito", COGNITO_HEADER, access)
    # no e-mail and no custom attributes in access tokens: only id and roles
    assert auth_of("cognito_access.surql", token, policy) == {
        "id": COGNITO_SUB, "roles": ["admin", "support"]}
    # the ID-token definition needs an aud, so it cannot take an access token
    assert unroutable(refused("cognito_id.surql", token, policy))


@pytest.mark.parametrize("policy", POLICIES)
def test_cognito_access_token_of_another_app_client_is_refused(policy: str) -> None:
    token = mint("cognito", COGNITO_HEADER,
                 cognito_access_claims(client_id="1h57kf5cpq17m0eml12EXAMPLE"))
    error = refused("cognito_access.surql", token, policy)
    assert (error.kind, error.public_message) == (
        "thrown", "An error occurred: cognito_api: token issued to an unknown app client")
    token = mint("cognito", COGNITO_HEADER, without(cognito_access_claims(), "client_id"))
    assert refused("cognito_access.surql", token, policy).kind == "thrown"


def test_cognito_id_token_cannot_pass_as_an_access_token() -> None:
    token = mint("cognito", COGNITO_HEADER, cognito_id_claims())
    # surrealdb policy: the AUTHENTICATE check on token_use refuses it
    error = refused("cognito_access.surql", token, "surrealdb")
    assert error.public_message == "An error occurred: cognito_api: not an access token"
    # strict: the ID token names an audience the method does not accept, refused before that
    error = refused("cognito_access.surql", token, "strict")
    assert (error.kind, error.reason) == ("invalid_auth", "claims_invalid")
    # an access token forged to look like an ID token fails token_use on the ID method
    fake = mint("cognito", COGNITO_HEADER, cognito_access_claims(aud=COGNITO_CLIENT))
    error = refused("cognito_id.surql", fake, "surrealdb")
    assert error.public_message == "An error occurred: cognito: not an ID token"


@pytest.mark.parametrize("policy", POLICIES)
def test_cognito_both_definitions_in_one_database(policy: str) -> None:
    # Routed by issuer, an access token (no aud) only fits the method without AUDIENCE; an ID
    # token fits both, since the access-token method has no AUDIENCE to exclude it. That is
    # why the two files say: different databases, or SurrealDB's routing claims.
    both = ("cognito_id.surql", "cognito_access.surql")
    access = mint("cognito", COGNITO_HEADER, cognito_access_claims())
    assert session_of(both, access, policy).ac == "cognito_api"
    id_token = mint("cognito", COGNITO_HEADER, cognito_id_claims())
    error = refused(both, id_token, policy)
    assert unroutable(error) and "'cognito', 'cognito_api'" in error.detail
    routed = mint("cognito", COGNITO_HEADER, cognito_id_claims(ns="acme", db="app", ac="cognito"))
    assert auth_of(both, routed, policy)["tenant"] == "acme"


# ---- Okta -----------------------------------------------------------------------------------


OKTA_HEADER = {"kid": "Ab3f9yKpU2zq-okta", "alg": "RS256"}


def okta_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "ver": 1,
        "jti": "AT.9p5d0c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
        "iss": OKTA_ISS,
        "aud": "api://default",
        "iat": NOW - 30,
        "exp": NOW + 3600,
        "cid": "0oa1b2c3d4e5f6g7h8i9",
        "uid": "00u1a2b3c4d5e6f7g8h9",
        "scp": ["openid", "email", "orders.read"],
        "auth_time": NOW - 30,
        "sub": USER,
        "groups": ["Everyone", "Admins"],
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
def test_okta(policy: str) -> None:
    token = mint("okta", OKTA_HEADER, okta_claims())
    assert auth_of("okta.surql", token, policy) == {
        "id": "00u1a2b3c4d5e6f7g8h9", "email": USER, "roles": ["Everyone", "Admins"]}
    # no groups claim configured on the authorization server
    token = mint("okta", OKTA_HEADER, without(okta_claims(), "groups"))
    assert auth_of("okta.surql", token, policy)["roles"] == []


@pytest.mark.parametrize("policy", POLICIES)
def test_okta_org_authorization_server_tokens_are_refused(policy: str) -> None:
    # The org server's issuer has no /oauth2/...; its tokens are not for local validation.
    token = mint("okta", OKTA_HEADER, okta_claims(iss="https://acme.okta.com",
                                                  aud="https://acme.okta.com"))
    assert unroutable(refused("okta.surql", token, policy))


@pytest.mark.parametrize("policy", POLICIES)
def test_okta_scopes_are_an_array(policy: str) -> None:
    token = mint("okta", OKTA_HEADER, okta_claims(scp=["openid", "email"]))
    error = refused("okta.surql", token, policy)
    assert error.public_message == "An error occurred: okta: scope orders.read missing"


# ---- Microsoft Entra ID ---------------------------------------------------------------------


ENTRA_HEADER = {"typ": "JWT", "alg": "RS256", "x5t": "nOo3ZDrODXEK1jKWhXslHR_KXEg",
                "kid": "nOo3ZDrODXEK1jKWhXslHR_KXEg"}
OID = "d9f1a2b3-c4d5-4e6f-8a9b-0c1d2e3f4a5b"


def entra_v1_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "aud": "api://acme-surreal",
        "iss": ENTRA_V1_ISS,
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        "acr": "1",
        "aio": "E2ZgYDgZ1fP5f1kA0y8AAA==",
        "amr": ["pwd", "mfa"],
        "appid": ENTRA_CLIENT,
        "appidacr": "0",
        "family_name": "Lovelace",
        "given_name": "Ada",
        "ipaddr": "203.0.113.7",
        "name": "Ada Lovelace",
        "oid": OID,
        "rh": "0.AXkAKgwePx1bn06KaxwtPk9aaw.",
        "roles": ["Orders.Read", "Orders.Write"],
        "scp": "access_as_user",
        "sub": "lQ8M9x5kZ0pX2jV3bN4mC6vB7nA1sD2fG3hJ4kL5",
        "tid": TID,
        "unique_name": USER,
        "upn": USER,
        "uti": "fA1b2C3d4E5f6G7h8I9j0A",
        "ver": "1.0",
    }
    claims.update(changes)
    return claims


def entra_v2_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "aud": ENTRA_CLIENT,
        "iss": ENTRA_V2_ISS,
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 3600,
        "aio": "AWQAm/8TAAAA1b2c3d4e5f6g7h8i9j0",
        "azp": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        "azpacr": "0",
        "name": "Ada Lovelace",
        "oid": OID,
        "preferred_username": USER,
        "rh": "0.AXkAKgwePx1bn06KaxwtPk9aaw.",
        "roles": ["Orders.Read", "Orders.Write"],
        "scp": "access_as_user",
        "sub": "Xq9Z8y7W6v5U4t3S2r1Q0p9O8n7M6l5K4j3I2h1G",
        "tid": TID,
        "uti": "gB2c3D4e5F6g7H8i9J0k1A",
        "ver": "2.0",
    }
    claims.update(changes)
    return claims


ENTRA_AUTH = {"id": OID, "email": USER, "roles": ["Orders.Read", "Orders.Write"], "tenant": TID}


@pytest.mark.parametrize("policy", POLICIES)
def test_entra_v1_and_v2_map_onto_the_same_auth(policy: str) -> None:
    v1 = mint("entra", ENTRA_HEADER, entra_v1_claims())
    v2 = mint("entra", ENTRA_HEADER, entra_v2_claims())
    assert auth_of("entra.surql", v1, policy) == ENTRA_AUTH
    assert auth_of("entra.surql", v2, policy) == ENTRA_AUTH
    assert session_of("entra.surql", v1, policy).ac == "entra_v1"
    assert session_of("entra.surql", v2, policy).ac == "entra_v2"
    # v1 tokens may also carry the client id as aud
    v1_client = mint("entra", ENTRA_HEADER, entra_v1_claims(aud=ENTRA_CLIENT))
    assert session_of("entra.surql", v1_client, policy).ac == "entra_v1"


@pytest.mark.parametrize("policy", POLICIES)
def test_entra_issuer_spellings_are_not_interchangeable(policy: str) -> None:
    for claims in (
        entra_v1_claims(iss=ENTRA_V1_ISS.rstrip("/")),  # v1 without its trailing slash
        entra_v1_claims(iss=f"https://login.microsoftonline.com/{TID}/"),
        entra_v2_claims(iss=f"https://login.microsoftonline.com/{TID}/v2.0/"),
        entra_v2_claims(iss="https://login.microsoftonline.com/{tenantid}/v2.0"),  # template
        entra_v2_claims(aud="api://acme-surreal"),  # the v1 audience with the v2 issuer
    ):
        assert unroutable(refused("entra.surql", mint("entra", ENTRA_HEADER, claims), policy))


@pytest.mark.parametrize("policy", POLICIES)
def test_entra_token_of_another_tenant_is_refused(policy: str) -> None:
    # Multi-tenant apps see tokens of every tenant, signed with the same common keys.
    other = "11111111-2222-4333-8444-555555555555"
    token = mint("entra", ENTRA_HEADER, entra_v2_claims(
        iss=f"https://login.microsoftonline.com/{other}/v2.0", tid=other))
    assert unroutable(refused("entra.surql", token, policy))
    # the tenant id is required: a token of our issuer without tid is refused
    token = mint("entra", ENTRA_HEADER, without(entra_v2_claims(), "tid"))
    assert refused("entra.surql", token, policy).kind == "claim_missing"


def test_entra_graph_tokens_are_not_for_this_api() -> None:
    graph = mint("entra", {**ENTRA_HEADER, "nonce": "AQABAAAAAAB"}, entra_v1_claims(
        aud="00000003-0000-0000-c000-000000000000"))
    assert unroutable(refused("entra.surql", graph))


# ---- Google ---------------------------------------------------------------------------------


GOOGLE_HEADER = {"alg": "RS256", "kid": "a50f6e70ef4b548a5fd9142eecd1fb8f54dce9ee", "typ": "JWT"}


def google_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "iss": "https://accounts.google.com",
        "azp": GOOGLE_CLIENT,
        "aud": GOOGLE_CLIENT,
        "sub": "110169484474386276334",
        "hd": "acme.com",
        "email": USER,
        "email_verified": True,
        "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
        "name": "Ada Lovelace",
        "picture": "https://lh3.googleusercontent.com/a/ACg8ocExample",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "iat": NOW - 10,
        "exp": NOW + 3590,
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("iss", ["https://accounts.google.com", "accounts.google.com"])
def test_google_both_issuer_spellings(policy: str, iss: str) -> None:
    token = mint("google", GOOGLE_HEADER, google_claims(iss=iss))
    assert auth_of("google.surql", token, policy) == {
        "id": "110169484474386276334", "email": USER, "tenant": "acme.com"}


@pytest.mark.parametrize("policy", POLICIES)
def test_google_consumer_account_has_no_tenant(policy: str) -> None:
    token = mint("google", GOOGLE_HEADER, without(google_claims(email="ada@gmail.com"), "hd"))
    assert auth_of("google.surql", token, policy) == {
        "id": "110169484474386276334", "email": "ada@gmail.com"}


@pytest.mark.parametrize("policy", POLICIES)
def test_google_tokens_for_other_clients_and_unverified_emails(policy: str) -> None:
    other = mint("google", GOOGLE_HEADER, google_claims(aud="999-other.apps.googleusercontent.com"))
    assert unroutable(refused("google.surql", other, policy))
    unverified = mint("google", GOOGLE_HEADER, google_claims(email_verified=False))
    assert refused("google.surql", unverified, policy).public_message == (
        "An error occurred: google: e-mail address not verified")


def test_google_key_rotation_uses_the_kid() -> None:
    rotated = mint("google-next", {**GOOGLE_HEADER, "kid": KEY_SETS[GOOGLE_JWKS][1]["kid"]},
                   google_claims())
    assert auth_of("google.surql", rotated)["id"] == "110169484474386276334"
    # the new key under the old kid does not verify
    mixed = mint("google-next", GOOGLE_HEADER, google_claims())
    assert refused("google.surql", mixed).reason == "signature_invalid"


# ---- Firebase -------------------------------------------------------------------------------


FIREBASE_HEADER = {"alg": "RS256", "kid": "77e4f2e0c9a1b2d3e4f5a6b7c8d9e0f1a2b3c4d5",
                   "typ": "JWT"}
UID = "kZ3nR8tV2xB5mQ9wL1pJ4hF7dS0a"


def firebase_claims(project: str = "acme-prod", **changes: Any) -> dict[str, Any]:
    claims = {
        "roles": ["editor"],  # a custom claim set with the Admin SDK: top level
        "iss": f"https://securetoken.google.com/{project}",
        "aud": project,
        "auth_time": NOW - 120,
        "user_id": UID,
        "sub": UID,
        "iat": NOW - 60,
        "exp": NOW + 3540,
        "email": USER,
        "email_verified": True,
        "firebase": {
            "identities": {"email": [USER]},
            "sign_in_provider": "password",
            "tenant": "eu-customers-1a2b3",
        },
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
def test_firebase(policy: str) -> None:
    token = mint("firebase", FIREBASE_HEADER, firebase_claims())
    assert auth_of("firebase.surql", token, policy) == {
        "id": UID, "email": USER, "roles": ["editor"], "tenant": "eu-customers-1a2b3"}


@pytest.mark.parametrize("policy", POLICIES)
def test_firebase_other_projects_share_the_keys_so_audience_keeps_them_out(policy: str) -> None:
    # A token minted by Google for someone else's project, signed with the SAME key.
    foreign = firebase_claims("evil-project")
    token = mint("firebase", FIREBASE_HEADER, foreign)
    # A plain SurrealDB definition on the same key set accepts it (with routing claims):
    plain = sa.compile(sa.parse(
        f"DEFINE ACCESS firebase ON DATABASE TYPE JWT URL '{FIREBASE_JWKS}' "
        "DURATION FOR SESSION 1h;"), ns="acme", db="app", policy="surrealdb",
        http=LocalJwks(), clock=lambda: NOW)
    routed = mint("firebase", FIREBASE_HEADER, {**foreign, "ns": "acme", "db": "app",
                                                "ac": "firebase"})
    assert plain.authenticate(routed, now=NOW).ac == "firebase"
    # The corpus definition does not: routed by issuer, nothing accepts the foreign project,
    assert unroutable(refused("firebase.surql", token, policy))
    # with routing claims ISSUER refuses it, and a token that copies our issuer but was minted
    # for another project (aud) is refused by AUDIENCE.
    assert refused("firebase.surql", routed, policy).kind == "invalid_issuer"
    copied = mint("firebase", FIREBASE_HEADER, {
        **firebase_claims("evil-project"), "iss": "https://securetoken.google.com/acme-prod",
        "ns": "acme", "db": "app", "ac": "firebase"})
    error = refused("firebase.surql", copied, policy)
    assert (error.kind, error.public_message) == ("invalid_audience", GENERIC)
    assert "'evil-project'" in error.detail and "'acme-prod'" in error.detail


@pytest.mark.parametrize("policy", POLICIES)
def test_firebase_sub_and_auth_time_rules(policy: str) -> None:
    empty = mint("firebase", FIREBASE_HEADER, firebase_claims(sub="", user_id=""))
    assert refused("firebase.surql", empty, policy).public_message == (
        "An error occurred: firebase: empty sub")
    future = mint("firebase", FIREBASE_HEADER, firebase_claims(auth_time=NOW + 600))
    assert refused("firebase.surql", future, policy).public_message == (
        "An error occurred: firebase: auth_time in the future")
    no_sub = mint("firebase", FIREBASE_HEADER, without(firebase_claims(), "sub"))
    assert refused("firebase.surql", no_sub, policy).kind == "claim_missing"


# ---- Keycloak -------------------------------------------------------------------------------


KEYCLOAK_HEADER = {"alg": "RS256", "typ": "JWT", "kid": "Zx3vQ8e_kc-rsa-sig"}
KC_SUB = "f3b2a1c0-9d8e-4f7a-b6c5-d4e3f2a1b0c9"


def keycloak_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "exp": NOW + 300,
        "iat": NOW - 5,
        "auth_time": NOW - 5,
        "jti": "onrtac:6c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "iss": KEYCLOAK_ISS,
        "aud": ["surreal-api", "account"],
        "sub": KC_SUB,
        "typ": "Bearer",
        "azp": "acme-web",
        "sid": "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
        "acr": "1",
        "allowed-origins": ["https://app.acme.com"],
        "realm_access": {"roles": ["offline_access", "uma_authorization",
                                   "default-roles-acme", "orders-admin"]},
        "resource_access": {"surreal-api": {"roles": ["reader", "writer"]},
                            "account": {"roles": ["manage-account", "view-profile"]}},
        "scope": "openid email profile",
        "email_verified": True,
        "name": "Ada Lovelace",
        "preferred_username": "ada",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "email": USER,
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
def test_keycloak_roles_are_nested_under_realm_access(policy: str) -> None:
    token = mint("keycloak", KEYCLOAK_HEADER, keycloak_claims())
    assert auth_of("keycloak.surql", token, policy) == {
        "id": KC_SUB, "email": USER,
        "roles": ["offline_access", "uma_authorization", "default-roles-acme", "orders-admin"]}
    # a top-level `roles` (what a naive mapping reads) is not where Keycloak puts them
    flat = mint("keycloak", KEYCLOAK_HEADER, {
        **without(keycloak_claims(), "realm_access"), "roles": ["orders-admin"]})
    assert auth_of("keycloak.surql", flat, policy)["roles"] == []


@pytest.mark.parametrize("policy", POLICIES)
def test_keycloak_without_an_audience_mapper(policy: str) -> None:
    # Without the mapper, aud is only "account": the token is not for this API.
    token = mint("keycloak", KEYCLOAK_HEADER, keycloak_claims(aud="account"))
    assert unroutable(refused("keycloak.surql", token, policy))


@pytest.mark.parametrize("policy", POLICIES)
def test_keycloak_client_roles_are_checked_in_authenticate(policy: str) -> None:
    token = mint("keycloak", KEYCLOAK_HEADER, keycloak_claims(
        resource_access={"account": {"roles": ["view-profile"]}}))
    assert refused("keycloak.surql", token, policy).public_message == (
        "An error occurred: keycloak: no surreal-api reader role")


def test_keycloak_encryption_key_in_the_set_is_never_used() -> None:
    token = mint("keycloak-enc", {**KEYCLOAK_HEADER, "kid": "Zx3vQ8e_kc-rsa-enc"},
                 keycloak_claims())
    assert refused("keycloak.surql", token).kind == "invalid_auth"


# ---- Clerk ----------------------------------------------------------------------------------


CLERK_HEADER = {"alg": "RS256", "kid": "ins_2abcDEFghiJKLmnoPQR", "typ": "JWT"}


def clerk_claims(**changes: Any) -> dict[str, Any]:
    claims = {
        "azp": "https://app.acme.com",
        "email": USER,  # added to the session token template
        "exp": NOW + 60,
        "fva": [3, -1],
        "iat": NOW,
        "iss": CLERK_ISS,
        "nbf": NOW - 10,
        "o": {"id": "org_2xYzAbCdEfGhIjKlMnOp", "rol": "admin", "slg": "acme"},
        "sid": "sess_2qRsTuVwXyZaBcDeFgHiJk",
        "sub": "user_2NNEqL2nrIRdJ194ndJqAHwEfxC",
        "v": 2,
    }
    claims.update(changes)
    return claims


@pytest.mark.parametrize("policy", POLICIES)
def test_clerk_v2_session_token(policy: str) -> None:
    token = mint("clerk", CLERK_HEADER, clerk_claims())
    assert auth_of("clerk.surql", token, policy) == {
        "id": "user_2NNEqL2nrIRdJ194ndJqAHwEfxC", "email": USER, "roles": ["admin"],
        "tenant": "org_2xYzAbCdEfGhIjKlMnOp"}
    # no active organisation: no tenant, no roles
    personal = mint("clerk", CLERK_HEADER, without(clerk_claims(), "o"))
    assert auth_of("clerk.surql", personal, policy) == {
        "id": "user_2NNEqL2nrIRdJ194ndJqAHwEfxC", "email": USER, "roles": []}


@pytest.mark.parametrize("policy", POLICIES)
def test_clerk_origin_and_version_are_checked(policy: str) -> None:
    other = mint("clerk", CLERK_HEADER, clerk_claims(azp="https://evil.example"))
    assert refused("clerk.surql", other, policy).public_message == (
        "An error occurred: clerk: request from an unknown origin")
    # a v1 token: org fields at the top level, no `v`
    v1 = mint("clerk", CLERK_HEADER, {
        **without(clerk_claims(), "o", "v", "fva"), "org_id": "org_2xYzAbCdEfGhIjKlMnOp",
        "org_role": "org:admin", "org_slug": "acme"})
    assert refused("clerk.surql", v1, policy).public_message == (
        "An error occurred: clerk: session token version 2 expected")


def test_clerk_template_with_an_audience() -> None:
    # A JWT template may add aud. Without AUDIENCE in the definition, strict refuses it (an
    # audience nobody accepted, RFC 7519 §4.1.3); the surrealdb policy ignores it.
    token = mint("clerk", CLERK_HEADER, clerk_claims(aud="convex"))
    error = refused("clerk.surql", token, "strict")
    assert (error.kind, error.reason) == ("invalid_auth", "claims_invalid")
    assert auth_of("clerk.surql", token, "surrealdb")["id"].startswith("user_")


def test_clerk_tokens_are_short_lived() -> None:
    token = mint("clerk", CLERK_HEADER, clerk_claims(exp=NOW - 15))  # beyond LEEWAY 10s
    assert refused("clerk.surql", token).kind == "token_expired"
    token = mint("clerk", CLERK_HEADER, clerk_claims(exp=NOW - 5))
    assert auth_of("clerk.surql", token)["email"] == USER


# ---- all providers together ------------------------------------------------------------------


ALL = ("auth0.surql", "cognito_access.surql", "okta.surql", "entra.surql", "google.surql",
       "firebase.surql", "keycloak.surql", "clerk.surql")


def every_token() -> Iterator[tuple[str, str]]:
    yield "auth0", mint("auth0", AUTH0_HEADER, auth0_claims())
    yield "cognito_api", mint("cognito", COGNITO_HEADER, cognito_access_claims())
    yield "okta", mint("okta", OKTA_HEADER, okta_claims())
    yield "entra_v1", mint("entra", ENTRA_HEADER, entra_v1_claims())
    yield "entra_v2", mint("entra", ENTRA_HEADER, entra_v2_claims())
    yield "google", mint("google", GOOGLE_HEADER, google_claims())
    yield "firebase", mint("firebase", FIREBASE_HEADER, firebase_claims())
    yield "keycloak", mint("keycloak", KEYCLOAK_HEADER, keycloak_claims())
    yield "clerk", mint("clerk", CLERK_HEADER, clerk_claims())


@pytest.mark.parametrize("policy", POLICIES)
def test_one_database_trusting_every_provider_routes_each_token_by_issuer(policy: str) -> None:
    auth = schema(*ALL, policy=policy)
    for access, token in every_token():
        session = auth.authenticate(token, now=NOW)
        assert session.ac == access
        data = session.to_json()["auth"]
        assert set(data) <= {"id", "email", "roles", "tenant"} and "id" in data, (access, data)
        assert data.get("email") in (None, USER)


def test_tokens_signed_by_one_provider_with_another_providers_kid_are_refused() -> None:
    # Same claims as an Auth0 token, signed with the Okta key, announcing the Auth0 kid.
    token = mint("okta", AUTH0_HEADER, auth0_claims())
    assert refused("auth0.surql", token).reason == "signature_invalid"


def test_nothing_is_fetched_but_the_providers_key_sets() -> None:
    transport = LocalJwks()
    auth = sa.compile(sa.parse("\n".join((IDP / n).read_text(encoding="utf-8") for n in ALL)),
                      ns="acme", db="app", http=transport, clock=lambda: NOW)
    for _, token in every_token():
        auth.authenticate(token, now=NOW)
    assert set(transport.fetched) <= set(KEY_SETS)
    assert len(transport.fetched) == len(set(transport.fetched))  # cached after the first
