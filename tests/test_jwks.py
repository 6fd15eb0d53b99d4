"""JWKS (``TYPE JWT URL``) against real HTTP(S) servers on 127.0.0.1 (issue 6, "Proof").

Every test starts its own `jwks_server.JwksServer` (http.server in a thread, HTTPS with a
throwaway CA where the test is about TLS) and talks to it through the library's default
transport (`surrealaccess.jwks.StdlibFetch`), so the fetch path is the production one. The
attack catalogue with a mock transport (A12, A13, A20–A22) lives in ``test_jwks_attacks.py``.

The cache clock is the ``now`` passed to ``authenticate``: tests move time by passing later
instants, and observe the cache by counting the requests the server received. Network time
(timeouts, slow servers) is real, kept small with ``JwksOptions(timeout=0.5)``.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import jose_builders as jb
import pytest
from jwks_server import JwksServer, Reply, TestCa, free_port, serving

import surrealaccess as sa
from surrealaccess.errors import AuthenticationError, CompileError
from surrealaccess.jwks import JwksEvent, JwksOptions, JwksSource
from surrealaccess.runtime import Authenticator

NOW = jb.NOW
EXP = NOW + 10_000_000
CLAIMS: dict[str, Any] = {"ns": "test", "db": "test", "ac": "token", "iat": NOW, "exp": EXP}
#: Options for most tests: short network timeout, round cache numbers to reason about.
BASE: dict[str, Any] = {
    "allow_loopback": True, "timeout": 0.5, "cooldown": 30.0, "min_ttl": 60.0,
    "max_ttl": 3600.0, "default_ttl": 600.0, "stale_if_error": 600.0,
}


# ---- keys and tokens -------------------------------------------------------------------------

#: kid → (algorithm, private key factory). RSA keys are generated once per process.
_KEYS: dict[str, tuple[str, Callable[[], Any]]] = {
    "rsa-1": ("RS256", lambda: jb.rsa_key("jwks-rsa-1")),
    "rsa-2": ("RS256", lambda: jb.rsa_key("jwks-rsa-2")),
    "ec-1": ("ES256", lambda: jb.ec_key("jwks-ec-1")),
    "ed-1": ("EdDSA", lambda: jb.ed_key("jwks-ed-1")),
}


def jwk(kid: str, /, **members: Any) -> dict[str, Any]:
    """The public JWK of the test key ``kid`` (members added or overridden)."""
    _, key = _KEYS[kid]
    return {**json.loads(jb.jwk_json(key())), "kid": kid, **members}


def token(kid: str, *, signer: str | None = None, claims: dict[str, Any] | None = None) -> str:
    """A token with header kid ``kid`` signed by the test key ``signer`` (default: ``kid``)."""
    alg, key = _KEYS[signer or kid]
    sign = {"RS256": lambda: jb.rs(key()), "ES256": lambda: jb.es(key()),
            "EdDSA": lambda: jb.ed(key())}[alg]()
    return jb.jws({"alg": alg, "typ": "JWT", "kid": kid}, claims or CLAIMS, sign)


def schema(*urls: str) -> str:
    """One JWT access method per URL (``token``, ``token2``, …) on database test/test."""
    return "\n".join(
        f"DEFINE ACCESS {'token' if i == 0 else f'token{i + 1}'} ON DATABASE TYPE JWT "
        f"URL {jb.surql_string(url)};"
        for i, url in enumerate(urls)
    )


class Events(list[JwksEvent]):
    """An ``on_event`` hook that records every event (thread-safe enough: list.append)."""

    def __call__(self, event: JwksEvent) -> None:
        self.append(event)

    def kinds(self) -> list[str]:
        return [event.kind for event in self]


def build(*urls: str, policy: str = "strict", **options: Any) -> Authenticator:
    """Compile a schema over ``urls`` with the test options (overridable)."""
    return sa.compile(sa.parse(schema(*urls)), ns="test", db="test", policy=policy,
                      jwks=JwksOptions(**{**BASE, **options}))


def accepts(auth: Authenticator, kid: str, now: float = NOW, **kwargs: Any) -> None:
    session = auth.authenticate(token(kid, **kwargs), now=now)
    assert session.ac == "token"


def refuses(auth: Authenticator, kid: str, now: float = NOW, **kwargs: Any) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as caught:
        auth.authenticate(token(kid, **kwargs), now=now)
    return caught.value


def unavailable(auth: Authenticator, kid: str = "rsa-1", now: float = NOW) -> None:
    error = refuses(auth, kid, now)
    assert (error.kind, error.reason) == ("key_unavailable", "jwks_unavailable"), error.detail


def source(auth: Authenticator) -> JwksSource:
    (only,) = auth.jwks.values()
    return only


@pytest.fixture
def server() -> Iterator[JwksServer]:
    with serving() as running:
        running.reply = Reply.jwks(jwk("rsa-1"))
        yield running


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> TestCa:
    return TestCa(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory: pytest.TempPathFactory) -> TestCa:
    return TestCa(tmp_path_factory.mktemp("other-ca"), "an untrusted CA")


# ---- acceptance under both policies ----------------------------------------------------------


@pytest.mark.parametrize("policy", ["strict", "surrealdb"])
@pytest.mark.parametrize("kid", ["rsa-1", "ec-1", "ed-1"])
def test_valid_token_with_published_kid_is_accepted(
    server: JwksServer, policy: str, kid: str
) -> None:
    server.reply = Reply.jwks(jwk("rsa-2"), jwk(kid), jwk("ed-1", kid="other"))
    auth = build(server.url(), policy=policy)
    accepts(auth, kid)
    accepts(auth, kid, NOW + 59)
    assert server.requests == 1
    assert server.paths == ["/jwks.json"]
    error = refuses(auth, kid, signer="rsa-2" if kid != "rsa-2" else "rsa-1")
    assert error.reason in ("signature_invalid", "alg_not_allowed")


def test_two_methods_on_one_url_share_one_cache(server: JwksServer) -> None:
    text = schema(server.url()) + schema(server.url()).replace("ACCESS token ", "ACCESS other ")
    auth = sa.compile(sa.parse(text), ns="test", db="test", jwks=JwksOptions(**BASE))
    assert list(auth.jwks) == [server.url()]
    accepts(auth, "rsa-1")
    auth.authenticate(token("rsa-1", claims={**CLAIMS, "ac": "other"}), now=NOW)
    assert server.requests == 1


# ---- rotation --------------------------------------------------------------------------------


def test_new_kid_is_accepted_after_refetch(server: JwksServer) -> None:
    auth = build(server.url())
    accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-1"), jwk("rsa-2"))  # the IdP publishes its next key
    accepts(auth, "rsa-2", NOW + 30)  # unknown kid, cooldown over: refetch at once
    assert server.requests == 2
    accepts(auth, "rsa-1", NOW + 31)
    accepts(auth, "rsa-2", NOW + 32)
    assert server.requests == 2


def test_new_kid_within_cooldown_waits_for_the_cooldown(server: JwksServer) -> None:
    auth = build(server.url())
    accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-1"), jwk("rsa-2"))
    assert refuses(auth, "rsa-2", NOW + 29).reason == "key_not_found"
    assert server.requests == 1
    accepts(auth, "rsa-2", NOW + 30)
    assert server.requests == 2


def test_new_kid_on_a_cold_cache_is_one_fetch(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), jwk("rsa-2"))
    auth = build(server.url())
    accepts(auth, "rsa-2")
    assert server.requests == 1


def test_removed_kid_stops_verifying_after_the_next_successful_refresh(
    server: JwksServer,
) -> None:
    events = Events()
    auth = build(server.url(), on_event=events)
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=3600"})
    accepts(auth, "rsa-1")
    # A refresh that fails (here one triggered by a new kid) revokes nothing …
    server.reply = Reply(status=503)
    assert refuses(auth, "rsa-2", NOW + 30).reason == "key_not_found"
    accepts(auth, "rsa-1", NOW + 31)
    assert server.requests == 2
    # … the next successful one does, whatever triggered it (here the new kid, long before
    # the TTL of the first set runs out).
    server.reply = Reply.jwks(jwk("rsa-2"), headers={"Cache-Control": "max-age=3600"})
    accepts(auth, "rsa-2", NOW + 60)
    assert server.requests == 3
    assert refuses(auth, "rsa-1", NOW + 61).reason == "key_not_found"
    assert refuses(auth, "rsa-1", NOW + 80).reason == "key_not_found"
    assert server.requests == 3  # the removed kid is not a reason to refetch in the cooldown
    assert events.kinds() == ["fetch", "fetch_failed", "fetch", "cooldown", "cooldown"]


def test_removed_kid_stops_verifying_when_the_ttl_runs_out(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=120"})
    auth = build(server.url())
    accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-2"))
    accepts(auth, "rsa-1", NOW + 119)
    assert refuses(auth, "rsa-1", NOW + 120).reason == "key_not_found"
    assert server.requests == 2
    accepts(auth, "rsa-2", NOW + 121)
    assert server.requests == 2


# ---- outages ---------------------------------------------------------------------------------


def test_outage_within_ttl_is_served_from_cache(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=300"})
    auth = build(server.url())
    accepts(auth, "rsa-1")
    server.close()  # connection refused from now on
    for offset in range(0, 300, 7):
        accepts(auth, "rsa-1", NOW + offset)
    assert server.requests == 1


def test_outage_after_ttl_serves_stale_then_fails_closed(server: JwksServer) -> None:
    events = Events()
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=60"})
    auth = build(server.url(), on_event=events, stale_if_error=600.0)
    accepts(auth, "rsa-1")
    server.close()
    started = time.monotonic()
    accepts(auth, "rsa-1", NOW + 60)  # expired; the refresh fails; stale-if-error serves
    assert events.kinds() == ["fetch", "fetch_failed", "stale"]
    accepts(auth, "rsa-1", NOW + 70)  # within the cooldown: no new attempt, still stale
    assert events.kinds()[-2:] == ["stale", "stale"]
    accepts(auth, "rsa-1", NOW + 60 + 599)  # last second of the window (a retry fails again)
    assert events.kinds().count("fetch_failed") == 2
    unavailable(auth, now=NOW + 60 + 600)
    unavailable(auth, now=NOW + 60 + 601)
    assert events.kinds()[-1] == "unavailable"
    assert source(auth).fetches == 3  # NOW, +60, +659: +660 is in the cooldown of +659
    assert time.monotonic() - started < 5  # connection refused is quick


def test_outage_recovers_when_the_endpoint_comes_back(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=60"})
    auth = build(server.url(), stale_if_error=100.0)
    accepts(auth, "rsa-1")
    server.reply = Reply(status=503)
    accepts(auth, "rsa-1", NOW + 60)
    unavailable(auth, now=NOW + 160)
    server.reply = Reply.jwks(jwk("rsa-1"), jwk("rsa-2"))
    unavailable(auth, now=NOW + 161)  # the failed attempt at +160 opened a cooldown
    accepts(auth, "rsa-2", NOW + 190)
    assert server.requests == 4


def test_cold_cache_with_endpoint_down_fails_closed(server: JwksServer) -> None:
    server.close()
    events = Events()
    auth = build(server.url(), on_event=events)
    unavailable(auth)
    unavailable(auth, now=NOW + 29)  # within the cooldown: no second attempt
    assert events.kinds() == ["fetch_failed", "unavailable", "unavailable"]


def test_nothing_listening_fails_closed() -> None:
    auth = build(f"http://127.0.0.1:{free_port()}/jwks.json")
    unavailable(auth)


# ---- bad responses ---------------------------------------------------------------------------


def _assert_refused_response(server: JwksServer, reply: Reply, **options: Any) -> Events:
    """A cold cache and ``reply``: the token fails closed after exactly one request."""
    events = Events()
    server.reply = reply
    before = server.requests
    auth = build(server.url(), on_event=events, **options)
    started = time.monotonic()
    unavailable(auth)
    assert time.monotonic() - started < 2.0
    assert server.requests - before == 1
    assert events.kinds() == ["fetch_failed", "unavailable"]
    return events


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_not_followed(server: JwksServer, status: int) -> None:
    server.routes["/real.json"] = Reply.jwks(jwk("rsa-1"))
    target = server.url("/real.json")
    events = _assert_refused_response(server, Reply(status=status, headers={"Location": target}))
    assert server.paths == ["/jwks.json"]
    assert f"status {status}" in events[0].detail


@pytest.mark.parametrize("status", [500, 502, 503, 404, 401, 204])
def test_unsuccessful_status_is_a_failure(server: JwksServer, status: int) -> None:
    body = json.dumps({"keys": [jwk("rsa-1")]}).encode() if status != 204 else b""
    _assert_refused_response(server, Reply(status=status, body=body))


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b'{"keys": [', b"<html><body>Sign in</body></html>",
     b'{"keys": []}\xff', b"[" * 100_000 + b"]" * 100_000, b"\x00\x01\x02"],
    ids=["empty", "text", "truncated", "html", "bad-utf8", "deep-nesting", "binary"],
)
def test_invalid_json_is_a_failure(server: JwksServer, body: bytes) -> None:
    _assert_refused_response(server, Reply(body=body))


@pytest.mark.parametrize(
    "document",
    [[], [jwk("rsa-1")], {}, {"keys": {"0": jwk("rsa-1")}}, {"keys": None}, {"keys": "x"},
     jwk("rsa-1"), "keys", None, 42],
    ids=["array", "array-of-jwks", "empty-object", "keys-object", "keys-null", "keys-string",
         "bare-jwk", "string", "null", "number"],
)
def test_json_that_is_not_a_jwk_set_is_a_failure(server: JwksServer, document: Any) -> None:
    _assert_refused_response(server, Reply(body=json.dumps(document).encode()))


def test_oversized_body_is_a_failure(server: JwksServer) -> None:
    # Valid JSON with a valid key, padded past the default 1 MiB limit.
    body = json.dumps({"keys": [jwk("rsa-1")]}).encode() + b" " * (1 << 20)
    _assert_refused_response(server, Reply(body=body), timeout=2.0)


@pytest.mark.parametrize("content_length", [True, False])
def test_max_bytes_is_a_sharp_limit(server: JwksServer, content_length: bool) -> None:
    body = json.dumps({"keys": [jwk("rsa-1")]}).encode()
    limit = len(body) + 10
    server.reply = Reply(body=body + b" " * 10, content_length=content_length)
    accepts(build(server.url(), max_bytes=limit), "rsa-1")
    _assert_refused_response(
        server, Reply(body=body + b" " * 11, content_length=content_length), max_bytes=limit
    )


def test_slow_response_is_a_failure_in_bounded_time(server: JwksServer) -> None:
    events = _assert_refused_response(server, Reply.jwks(jwk("rsa-1"), delay=5.0))
    assert "timed out" in events[0].detail or "took longer" in events[0].detail


@pytest.mark.parametrize("content_length", [True, False])
def test_trickled_body_is_a_failure_in_bounded_time(
    server: JwksServer, content_length: bool
) -> None:
    # Headers at once, then one byte every 0.1 s: no single read waits longer than the
    # timeout, but the whole fetch would take minutes. The fetch timeout bounds the total.
    reply = Reply.jwks(jwk("rsa-1"), trickle=1, trickle_every=0.1,
                       content_length=content_length)
    _assert_refused_response(server, reply)


def test_trickled_headers_are_a_failure_in_bounded_time(server: JwksServer) -> None:
    reply = Reply.jwks(jwk("rsa-1"), headers={f"X-Pad-{i}": "." * 50 for i in range(20)},
                       trickle=1, trickle_every=0.05, trickle_head=True)
    _assert_refused_response(server, reply)


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_silent_server_is_a_failure_in_bounded_time(scheme: str, ca: TestCa) -> None:
    # Accepts the connection (the kernel does, from the backlog) and never says anything.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"{scheme}://127.0.0.1:{silent.getsockname()[1]}/jwks.json"
        auth = build(url, ssl_context=ca.client_context())
        started = time.monotonic()
        unavailable(auth)
        assert time.monotonic() - started < 2.0


def test_slow_refresh_serves_stale_in_bounded_time(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=60"})
    auth = build(server.url())
    accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-1"), delay=5.0)
    started = time.monotonic()
    accepts(auth, "rsa-1", NOW + 60)
    assert time.monotonic() - started < 2.0


def test_invalid_jwks_fail_alone_and_do_not_poison_the_set(server: JwksServer) -> None:
    good = jwk("rsa-1")
    server.reply = Reply.jwks(
        {**good, "kid": "bad-n", "n": "!!not base64url!!"},
        {k: v for k, v in good.items() if k != "e"} | {"kid": "no-e"},
        {**good, "kid": "enc", "use": "enc"},
        {**good, "kid": "ops", "key_ops": ["encrypt"]},
        {**good, "kid": "private", "d": jb.b64u(b"\x01" * 256)},
        {"kty": "oct", "kid": "oct", "k": jb.b64u(b"s" * 32)},
        {"kty": "XYZ", "kid": "xyz"},
        "not an object",
        good,
    )
    auth = build(server.url())
    for kid in ("bad-n", "no-e", "enc", "ops", "private"):
        with pytest.raises(AuthenticationError) as caught:
            auth.authenticate(jb.jws({"alg": "RS256", "typ": "JWT", "kid": kid}, CLAIMS,
                                     jb.rs(jb.rsa_key("jwks-rsa-1"))), now=NOW)
        error = caught.value
        assert (error.kind, error.reason) == ("invalid_auth", "jwk_invalid"), (kid, error.detail)
    accepts(auth, "rsa-1")
    assert server.requests == 1


# ---- Cache-Control / Expires -----------------------------------------------------------------


def _http_date(when: float) -> str:
    return email.utils.formatdate(when, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "ttl"),
    [
        ({}, 600),  # default_ttl
        ({"Cache-Control": "max-age=300"}, 300),
        ({"Cache-Control": "public, max-age=240, must-revalidate"}, 240),
        ({"Cache-Control": 'max-age="200"'}, 200),
        ({"Cache-Control": "max-age=5"}, 60),  # clamped up to min_ttl
        ({"Cache-Control": "max-age=0"}, 60),
        ({"Cache-Control": "max-age=99999999"}, 3600),  # clamped down to max_ttl
        ({"Cache-Control": "no-store"}, 60),
        ({"Cache-Control": "no-cache"}, 60),
        ({"Cache-Control": "private, no-cache, no-store"}, 60),
        ({"Cache-Control": "max-age=300, no-store"}, 60),
        ({"Expires": _http_date(NOW + 900)}, 900),
        ({"Expires": _http_date(NOW + 10)}, 60),
        ({"Expires": _http_date(NOW - 3600)}, 60),  # already expired
        ({"Expires": _http_date(NOW + 10**6)}, 3600),
        ({"Expires": "0"}, 60),  # invalid Expires = already expired (RFC 9111 §5.3)
        ({"Expires": "not a date"}, 60),
        ({"Cache-Control": "max-age=120", "Expires": _http_date(NOW + 900)}, 120),
        ({"Cache-Control": "public", "Expires": _http_date(NOW + 900)}, 900),
    ],
    ids=lambda value: str(value) if isinstance(value, int) else None,
)
def test_ttl_from_headers_is_clamped(
    server: JwksServer, headers: dict[str, str], ttl: int
) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), headers=headers)
    auth = build(server.url(), cooldown=10.0)
    accepts(auth, "rsa-1")
    accepts(auth, "rsa-1", NOW + ttl - 1)
    assert server.requests == 1
    accepts(auth, "rsa-1", NOW + ttl)
    assert server.requests == 2
    # The second response has the same headers relative to its own fetch time for
    # Cache-Control; an absolute Expires is now nearer, so only check the first cycle.


def test_no_store_does_not_mean_a_fetch_per_token(server: JwksServer) -> None:
    # Hasura polled every second on `no-cache` (peers pain 3): the floor is min_ttl.
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "no-store"})
    auth = build(server.url(), min_ttl=60.0)
    for offset in range(60):
        accepts(auth, "rsa-1", NOW + offset)
    assert server.requests == 1


# ---- storms and single flight ----------------------------------------------------------------


def _run_threads(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``count`` threads released together; results or exceptions."""
    results: list[object] = [None] * count
    barrier = threading.Barrier(count)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as error:  # collected and asserted by the caller
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "rotated"])
def test_200_threads_with_an_unknown_kid_cause_one_fetch(server: JwksServer, warm: bool) -> None:
    events = Events()
    auth = build(server.url(), on_event=events)
    if warm:
        accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-1"), jwk("rsa-2"), delay=0.3)
    before = server.requests
    text = token("rsa-2")
    results = _run_threads(200, lambda _: auth.authenticate(text, now=NOW + 30))
    failures = [r for r in results if not isinstance(r, sa.Session)]
    assert failures == []
    assert server.requests - before == 1
    assert "shared" in events.kinds()


def test_200_threads_with_random_kids_cause_one_fetch(server: JwksServer) -> None:
    auth = build(server.url())
    accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-1"), delay=0.3)
    kids = [f"random-{random.getrandbits(64):x}" for _ in range(200)]
    tokens = [jb.jws({"alg": "RS256", "typ": "JWT", "kid": kid}, CLAIMS,
                     jb.rs(jb.rsa_key("jwks-rsa-1"))) for kid in kids]

    def attempt(i: int) -> object:
        try:
            return auth.authenticate(tokens[i], now=NOW + 30)
        except AuthenticationError as error:
            return error.reason

    assert _run_threads(200, attempt) == ["key_not_found"] * 200
    assert server.requests == 2
    accepts(auth, "rsa-1", NOW + 31)


def test_random_kid_stream_is_at_most_one_fetch_per_cooldown(server: JwksServer) -> None:
    events = Events()
    auth = build(server.url(), on_event=events, cooldown=30.0, max_ttl=43200.0,
                 default_ttl=43200.0)
    accepts(auth, "rsa-1")
    signer = jb.rs(jb.rsa_key("jwks-rsa-1"))
    for second in range(1, 301):
        for _ in range(3):
            kid = f"random-{random.getrandbits(64):x}"
            with pytest.raises(AuthenticationError) as caught:
                auth.authenticate(jb.jws({"alg": "RS256", "kid": kid}, CLAIMS, signer),
                                  now=NOW + second)
            assert caught.value.reason == "key_not_found"
        accepts(auth, "rsa-1", NOW + second)  # good tokens are never locked out
    fetched = [event.at for event in events if event.kind == "fetch"]
    assert fetched == [NOW + 30 * i for i in range(11)]
    assert server.requests == 11


def test_asyncio_callers_share_one_fetch(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), delay=0.3)
    auth = build(server.url())
    text = token("rsa-1")

    async def main() -> list[object]:
        calls = [auth.authenticate_async(text, now=NOW) for _ in range(100)]
        return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(main())
    assert all(isinstance(result, sa.Session) for result in results), results[:3]
    assert server.requests == 1


def test_asyncio_event_loop_is_not_blocked_by_a_fetch(server: JwksServer) -> None:
    server.reply = Reply.jwks(jwk("rsa-1"), delay=0.3)
    auth = build(server.url())

    async def main() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        await auth.authenticate_async(token("rsa-1"), now=NOW)
        task.cancel()
        return ticks

    assert asyncio.run(main()) >= 10


# ---- races between reading the cache and deciding to fetch -----------------------------------


def _late_decider(auth: Authenticator, release: threading.Event,
                  waiting: threading.Event) -> None:
    """Make the thread named ``late`` pause right before it decides whether to fetch."""
    jwks = source(auth)
    original = jwks._may_fetch

    def paused(now: float) -> bool:
        if threading.current_thread().name == "late":
            waiting.set()
            release.wait(10)
        return original(now)

    jwks._may_fetch = paused  # type: ignore[method-assign]


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "rotated"])
def test_a_caller_that_lost_the_race_uses_the_set_just_fetched(
    server: JwksServer, warm: bool
) -> None:
    """Caller B read the cache before caller A's fetch finished, and decides after it.

    B must see A's result rather than refuse for the cooldown A's fetch opened (rejecting a
    freshly published kid, or failing closed on a cold cache, although the set is loaded).
    """
    auth = build(server.url())
    if warm:
        accepts(auth, "rsa-1")
    server.reply = Reply.jwks(jwk("rsa-1"), jwk("rsa-2"))
    release, waiting = threading.Event(), threading.Event()
    _late_decider(auth, release, waiting)
    text = token("rsa-2")
    outcome: list[object] = []

    def late() -> None:
        try:
            outcome.append(auth.authenticate(text, now=NOW + 30))
        except AuthenticationError as error:
            outcome.append(error)

    b = threading.Thread(target=late, name="late")
    b.start()
    assert waiting.wait(5)
    accepts(auth, "rsa-2", NOW + 30)  # caller A fetches and succeeds
    release.set()
    b.join(10)
    assert isinstance(outcome[0], sa.Session), outcome
    assert server.requests == (2 if warm else 1)


# ---- prefetch and events ---------------------------------------------------------------------


def test_prefetch_warms_every_cache(server: JwksServer) -> None:
    with serving() as second:
        second.reply = Reply.jwks(jwk("ec-1"))
        auth = build(server.url(), second.url())
        assert auth.prefetch(now=NOW) == {server.url(): True, second.url(): True}
        assert (server.requests, second.requests) == (1, 1)
        accepts(auth, "rsa-1", NOW + 1)
        auth.authenticate(token("ec-1", claims={**CLAIMS, "ac": "token2"}), now=NOW + 1)
        assert (server.requests, second.requests) == (1, 1)
        # Prefetch ignores the cooldown: it is an explicit request.
        assert auth.prefetch(now=NOW + 2) == {server.url(): True, second.url(): True}
        assert (server.requests, second.requests) == (2, 2)


def test_prefetch_reports_failures_without_raising(server: JwksServer) -> None:
    events = Events()
    with serving() as broken:
        broken.reply = Reply(status=500)
        auth = build(server.url(), broken.url(), on_event=events)
        assert auth.prefetch(now=NOW) == {server.url(): True, broken.url(): False}
    failed = [event for event in events if event.kind == "fetch_failed"]
    assert [event.url for event in failed] == [broken.url()]
    assert "500" in failed[0].detail


def test_prefetch_uses_the_clock_by_default(server: JwksServer) -> None:
    text = schema(server.url())
    auth = sa.compile(sa.parse(text), ns="test", db="test", clock=lambda: NOW + 5,
                      jwks=JwksOptions(**BASE))
    assert auth.prefetch() == {server.url(): True}
    accepts(auth, "rsa-1", NOW + 5 + 599)
    assert server.requests == 1


def test_events_report_every_cache_decision(server: JwksServer) -> None:
    events = Events()
    server.reply = Reply.jwks(jwk("rsa-1"), headers={"Cache-Control": "max-age=60"})
    auth = build(server.url(), on_event=events, stale_if_error=100.0)
    assert auth.prefetch(now=NOW) == {server.url(): True}
    refuses(auth, "rsa-2", NOW + 1)  # unknown kid in the cooldown
    server.reply = Reply(status=500)
    accepts(auth, "rsa-1", NOW + 60)  # expired, refresh fails, stale
    unavailable(auth, now=NOW + 160)
    assert events.kinds() == ["fetch", "cooldown", "fetch_failed", "stale", "fetch_failed",
                              "unavailable"]
    assert {event.url for event in events} == {server.url()}
    assert [event.at for event in events] == [NOW, NOW + 1, NOW + 60, NOW + 60, NOW + 160,
                                              NOW + 160]
    assert "1 keys" in events[0].detail and "60 s" in events[0].detail
    assert "rsa-2" in events[1].detail
    # `shared`: a caller that joins a fetch in progress.
    server.reply = Reply.jwks(jwk("rsa-1"), delay=0.3)
    _run_threads(5, lambda _: auth.authenticate(token("rsa-1"), now=NOW + 200))
    assert events.kinds()[6:].count("fetch") == 1
    assert events.kinds()[6:].count("shared") == 4


def test_a_failing_event_hook_does_not_break_authentication(server: JwksServer) -> None:
    def hook(event: JwksEvent) -> None:
        raise RuntimeError("observer bug")

    auth = build(server.url(), on_event=hook)
    accepts(auth, "rsa-1")
    refuses(auth, "rsa-2", NOW + 1)


# ---- TLS -------------------------------------------------------------------------------------


def test_https_with_a_trusted_ca_is_accepted(ca: TestCa) -> None:
    with serving(ca.server_context(ips=("127.0.0.1",))) as tls:
        tls.reply = Reply.jwks(jwk("rsa-1"))
        auth = build(tls.url(), ssl_context=ca.client_context())
        assert tls.url().startswith("https://")
        accepts(auth, "rsa-1")
        assert tls.requests == 1


def test_https_with_an_untrusted_ca_fails(ca: TestCa, other_ca: TestCa) -> None:
    with serving(other_ca.server_context(ips=("127.0.0.1",))) as tls:
        tls.reply = Reply.jwks(jwk("rsa-1"))
        events = Events()
        auth = build(tls.url(), ssl_context=ca.client_context(), on_event=events)
        unavailable(auth)
        assert tls.requests == 0  # no request was sent over the unverified channel
        assert "CERTIFICATE_VERIFY_FAILED" in events[0].detail


def test_https_with_the_system_trust_store_refuses_a_private_ca(ca: TestCa) -> None:
    with serving(ca.server_context(ips=("127.0.0.1",))) as tls:
        tls.reply = Reply.jwks(jwk("rsa-1"))
        auth = build(tls.url())  # default context: verification on, our CA unknown
        unavailable(auth)
        assert tls.requests == 0


def test_https_with_the_wrong_host_name_fails(ca: TestCa) -> None:
    with serving(ca.server_context(dns=("idp.example.com",))) as tls:
        tls.reply = Reply.jwks(jwk("rsa-1"))
        events = Events()
        auth = build(tls.url(), ssl_context=ca.client_context(), on_event=events)
        unavailable(auth)
        assert tls.requests == 0
        assert "CERTIFICATE_VERIFY_FAILED" in events[0].detail
        assert "127.0.0.1" in events[0].detail or "IP address mismatch" in events[0].detail


def test_plain_http_server_behind_an_https_url_fails(ca: TestCa, server: JwksServer) -> None:
    auth = build(server.url().replace("http://", "https://"), ssl_context=ca.client_context())
    unavailable(auth)


# ---- compile-time URL policy -----------------------------------------------------------------


def test_http_url_is_refused_at_compile_time_without_allow_loopback(server: JwksServer) -> None:
    for url in (server.url(), server.url().replace("http://", "https://")):
        with pytest.raises(CompileError) as caught:
            sa.compile(sa.parse(schema(url)), ns="test", db="test",
                       jwks=JwksOptions(timeout=0.5))
        assert "[definition_invalid]" in str(caught.value)
    assert server.requests == 0
    with pytest.raises(CompileError) as caught:
        build("http://idp.example.com/jwks.json")  # allow_loopback is for loopback only
    assert "[definition_invalid]" in str(caught.value)
    accepts(build(server.url()), "rsa-1")


def test_localhost_url_needs_allow_loopback() -> None:
    url = "http://localhost:1/jwks.json"
    assert isinstance(build(url), Authenticator)
    with pytest.raises(CompileError) as caught:
        sa.compile(sa.parse(schema(url)), ns="test", db="test")
    assert "[definition_invalid]" in str(caught.value)
