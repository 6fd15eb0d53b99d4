"""JWKS key sets for ``TYPE JWT URL`` definitions: fetch, cache, rotate, survive outages.

One `JwksSource` per URL holds the last good key set. Its rules (issue 6, security reference
§2.2 step 4 and A20–A22, surrealdb-access reference §3.7):

* **TTL** from ``Cache-Control: max-age`` or ``Expires``, clamped to
  [`JwksOptions.min_ttl`, `JwksOptions.max_ttl`]; `JwksOptions.default_ttl` without either.
* **Unknown kid** refetches at once, but every fetch attempt (successful or not) opens a
  `JwksOptions.cooldown` during which no other fetch for that URL starts: random kids cannot
  turn the verifier into a request amplifier, and a failing endpoint is not hammered.
* **Single flight**: concurrent callers that need a fetch share the one in progress.
* **Outage**: a failed refresh keeps the last good set for `JwksOptions.stale_if_error`
  past its expiry; after that, tokens fail closed with kind ``key_unavailable``.
* **Fetching** (the default `StdlibFetch`): HTTPS with certificate verification, no
  redirects, no userinfo, public addresses only (checked on the address actually connected
  to), bounded size and time. Plain HTTP and loopback only with `JwksOptions.allow_loopback`,
  for tests. The transport is injectable (``compile(..., http=fetch)``).

Key selection follows the policy: ``strict`` validates every JWK (RSA/EC/OKP only, ``use``,
``key_ops``, ``alg``, no private members, full-length coordinates, key strength) and matches
``kid`` *and* key type; ``surrealdb`` picks the first JWK with the ``kid`` as SurrealDB does.
"""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import http.client
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .errors import AuthenticationError
from .jws import GENERIC, b64url_decode
from .keys import KeyProblem, Policy, VerifyKey, hmac_verify_key, public_verify_key

__all__ = [
    "Fetch",
    "HttpResponse",
    "JwksEvent",
    "JwksOptions",
    "JwksSource",
    "StdlibFetch",
    "check_url",
]


class HttpResponse(NamedTuple):
    """What a transport returns for one GET: status, headers (any case), body bytes."""

    status: int
    headers: Mapping[str, str]
    body: bytes


#: A transport: ``fetch(url, timeout)`` returns an `HttpResponse` or raises `OSError`.
Fetch = Callable[[str, float], HttpResponse]


@dataclass(frozen=True, slots=True)
class JwksEvent:
    """One thing a JWKS source did, for logs and metrics.

    ``kind`` is one of ``fetch`` (a successful fetch; ``detail`` says how many keys and the
    TTL), ``fetch_failed``, ``cooldown`` (a fetch was wanted but the cooldown forbids it),
    ``stale`` (serving the last good set after a failed refresh), ``unavailable`` (no usable
    set: tokens fail closed), ``shared`` (waited for another caller's fetch).
    """

    kind: str
    url: str
    detail: str
    at: float


@dataclass(frozen=True, slots=True)
class JwksOptions:
    """Tuning of JWKS fetching and caching; the defaults suit production identity providers.

    Attributes:
        min_ttl: shortest time a fetched set is trusted (seconds), whatever the headers say;
            never less than ``cooldown``, since no refetch may start before it ends.
        max_ttl: longest (SurrealDB's fixed 12 h is the ceiling).
        default_ttl: TTL when the response has no ``Cache-Control: max-age`` or ``Expires``.
        cooldown: minimum time between two fetch attempts for one URL.
        stale_if_error: how long past its expiry the last good set keeps serving while
            refreshes fail.
        timeout: seconds a whole fetch may take.
        max_bytes: largest JWKS body accepted.
        allowed_hosts: if set, the only host names a JWKS URL may use.
        allow_loopback: allow ``http://`` and loopback addresses (tests and local IdPs only).
        ssl_context: TLS settings of the default transport (for a private CA); default:
            `ssl.create_default_context()` (system trust store, hostname verification on).
        on_event: called with every `JwksEvent` (must not raise; exceptions are ignored).

    """

    min_ttl: float = 60.0
    max_ttl: float = 43200.0
    default_ttl: float = 3600.0
    cooldown: float = 30.0
    stale_if_error: float = 86400.0
    timeout: float = 5.0
    max_bytes: int = 1_048_576
    allowed_hosts: frozenset[str] | None = None
    allow_loopback: bool = False
    ssl_context: ssl.SSLContext | None = field(default=None, compare=False)
    on_event: Callable[[JwksEvent], None] | None = field(default=None, compare=False)


# ---- URL policy ------------------------------------------------------------------------------

#: A host whose last label is a number is an IPv4 address to inet_aton and URL parsers
#: (``2852039166``, ``127.1``, ``0x7f.0.0.1``); names like ``cafe.de`` are not.
_NUMERIC_LABEL = re.compile(r"[0-9]+|0[xX][0-9a-fA-F]*")
#: NAT64 (RFC 6052): judged, like IPv4-compatible ``::a.b.c.d``, by the IPv4 address it embeds.
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")


def check_url(url: str, options: JwksOptions) -> str | None:
    """Why ``url`` may not be fetched, or None if it may (checked at compile time)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"the JWKS URL is not a valid URL: {error}"
    if parts.scheme not in ("https", "http"):
        return f"the JWKS URL must use https, not {parts.scheme or 'no scheme'}"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "the JWKS URL must not contain user information (user@host)"
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return "the JWKS URL has no host"
    del port
    loopback = _is_loopback_name(host)
    if parts.scheme == "http" and not (options.allow_loopback and loopback):
        return "the JWKS URL must use https (plain http only for loopback with allow_loopback)"
    address = _ip(host)
    if address is None and _NUMERIC_LABEL.fullmatch(host.rsplit(".", 1)[-1]):
        return f"the JWKS URL host {host!r} is a numeric address in a non-standard form"
    if address is not None and not _address_allowed(address, options):
        return f"the JWKS URL points at a non-public address ({address})"
    if loopback and address is None and not options.allow_loopback:
        return "the JWKS URL points at localhost"
    if options.allowed_hosts is not None and host.lower() not in {
        allowed.lower().rstrip(".") for allowed in options.allowed_hosts
    }:
        return f"the JWKS URL host {host!r} is not in allowed_hosts"
    return None


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_loopback_name(host: str) -> bool:
    address = _ip(host)
    if address is not None:
        return _unmapped(address).is_loopback
    return host.lower() in ("localhost", "localhost.localdomain")


def _unmapped(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:  # 2002::/16 (6to4)
            return address.sixtofour
        value = int(address)
        if address in _NAT64 or (value >> 32 == 0 and value > 1):  # not :: or ::1
            return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    return address


def _address_allowed(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, options: JwksOptions
) -> bool:
    address = _unmapped(address)
    if address.is_loopback:
        return options.allow_loopback
    return address.is_global and not address.is_multicast


# ---- the standard-library transport ----------------------------------------------------------


class StdlibFetch:
    """The default transport: `http.client` with the address and size rules enforced.

    Names are resolved here and every candidate address is checked before connecting, so a
    DNS answer that points at a private address (rebinding) is refused. Redirects are never
    followed (a 3xx is just an unsuccessful status).
    """

    def __init__(self, options: JwksOptions) -> None:
        self.options = options
        self.context = options.ssl_context or ssl.create_default_context()

    def __call__(self, url: str, timeout: float) -> HttpResponse:
        """GET ``url``; raise `OSError` on any transport failure."""
        problem = check_url(url, self.options)
        if problem is not None:
            raise OSError(problem)
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        deadline = time.monotonic() + timeout
        addresses = self._resolve(host, port)
        connection = _PinnedConnection(
            host, port, addresses, https=https, context=self.context, timeout=timeout
        )
        # The socket timeout bounds each read, not the fetch: a server that trickles its
        # headers or body a byte at a time never trips it. A watchdog shuts the socket down
        # when the time is up, which ends any read in progress.
        expired = threading.Event()

        def abort() -> None:
            expired.set()
            connection.abort()

        watchdog = threading.Timer(max(deadline - time.monotonic(), 0.0), abort)
        watchdog.daemon = True
        watchdog.start()
        try:
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            connection.request("GET", target, headers={
                "Accept": "application/jwk-set+json, application/json",
                "User-Agent": "surrealaccess",
            })
            response = connection.getresponse()
            body = bytearray()
            while True:
                if expired.is_set() or time.monotonic() > deadline:
                    raise OSError(f"the JWKS response took longer than {timeout} s")
                chunk = response.read(65536)
                if not chunk:
                    break
                body += chunk
                if len(body) > self.options.max_bytes:
                    raise OSError(f"the JWKS response is larger than {self.options.max_bytes} B")
            if expired.is_set():  # the end of the body may be the watchdog's doing
                raise OSError(f"the JWKS response took longer than {timeout} s")
            headers = {name.lower(): value for name, value in response.getheaders()}
            return HttpResponse(response.status, headers, bytes(body))
        except (http.client.HTTPException, OSError) as error:
            if expired.is_set():
                raise OSError(f"the JWKS response took longer than {timeout} s") from None
            if isinstance(error, OSError) and not isinstance(error, ssl.SSLError):
                raise
            raise OSError(f"JWKS fetch failed: {error}") from None
        finally:
            watchdog.cancel()
            connection.close()

    def _resolve(self, host: str, port: int) -> list[str]:
        literal = _ip(host)
        if literal is not None:
            candidates = [str(literal)]
        else:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except socket.gaierror as error:
                raise OSError(f"cannot resolve {host}: {error}") from None
            candidates = [str(info[4][0]) for info in infos]
        allowed = [
            candidate for candidate in candidates
            if (address := _ip(candidate)) is not None and _address_allowed(address, self.options)
        ]
        if allowed:
            return list(dict.fromkeys(allowed))
        raise OSError(f"{host} resolves only to non-public addresses ({', '.join(candidates)})")


class _PinnedConnection(http.client.HTTPSConnection):
    """An HTTP(S) connection to a pre-checked address, with SNI and Host of the name."""

    def __init__(
        self, host: str, port: int, addresses: list[str], *, https: bool,
        context: ssl.SSLContext, timeout: float,
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._addresses = addresses
        self._https = https
        self._tls = context
        self._socket: socket.socket | None = None  # the one in use, even mid-handshake
        self._aborted = False

    def connect(self) -> None:
        sock = self._first_reachable()
        self._socket = sock
        if self._aborted:
            sock.close()
            raise OSError("the JWKS fetch was aborted")
        if self._https:
            tls = self._tls.wrap_socket(
                sock, server_hostname=self.host, do_handshake_on_connect=False
            )
            self._socket = tls
            if self._aborted:
                tls.close()
                raise OSError("the JWKS fetch was aborted")
            tls.do_handshake()
            sock = tls
        self.sock = sock

    def _first_reachable(self) -> socket.socket:
        # Every candidate was checked already; try them in resolver order (dual-stack hosts
        # whose first address is unreachable still work).
        failure: OSError | None = None
        for address in self._addresses:
            if self._aborted:
                break
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except OSError as error:
                failure = error
        raise failure or OSError("the JWKS fetch was aborted")

    def abort(self) -> None:
        """End any read in progress (from another thread): shut the socket down."""
        self._aborted = True
        sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, also under TLS: no close_notify exchange.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


# ---- key sets --------------------------------------------------------------------------------

_PRIVATE_MEMBERS: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_STRICT_ALGORITHMS: Final = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_SURREALDB_ALGORITHMS: Final = frozenset(
    {"HS256", "HS384", "HS512", "ES256", "ES384", "RS256", "RS384", "RS512",
     "PS256", "PS384", "PS512", "EdDSA"}
)
_CURVE_OF: Final = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}
_EC_CURVES: Final = {
    "P-256": (ec.SECP256R1, 32), "P-384": (ec.SECP384R1, 48), "P-521": (ec.SECP521R1, 66),
}


def _kty_for(alg: str) -> str:
    if alg.startswith(("RS", "PS")):
        return "RSA"
    if alg.startswith("ES"):
        return "EC"
    if alg == "EdDSA":
        return "OKP"
    return "oct"


@dataclass(slots=True)
class _Jwk:
    """One JWK of a fetched set, its keys built lazily per algorithm."""

    data: dict[str, Any]
    problem: str | None = None  # strict: why this JWK may never be used
    public: object = None
    keys: dict[str, VerifyKey | str] = field(default_factory=dict)

    @property
    def kid(self) -> object:
        return self.data.get("kid")

    def fits(self, alg: str) -> bool:
        kty = self.data.get("kty")
        if kty != _kty_for(alg):
            return False
        if kty == "EC":
            return bool(self.data.get("crv") == _CURVE_OF.get(alg))
        if kty == "OKP":
            return bool(self.data.get("crv") == "Ed25519")
        return True


class _KeySet(NamedTuple):
    jwks: tuple[_Jwk, ...]
    fetched_at: float
    expires_at: float
    #: (kid, alg) → the key already chosen and checked for it. Only kids present in the set
    #: get an entry (bounded by the set's size), and a refresh starts a new dict.
    chosen: dict[tuple[str, str], VerifyKey]


def _fail(kind: str, detail: str, reason: str, public: str = GENERIC) -> AuthenticationError:
    return AuthenticationError(kind, public, detail, reason=reason)


class JwksSource:
    """The key set of one JWKS URL, shared by every access method that names the URL.

    Thread-safe. ``key_for`` is the only per-token call; it reads the current set without a
    lock and only takes one to start or join a fetch.
    """

    def __init__(
        self, url: str, *, fetch: Fetch, options: JwksOptions, policy: Policy
    ) -> None:
        self.url = url
        self._fetch = fetch
        self._options = options
        self._policy = policy
        self._set: _KeySet | None = None
        self._last_attempt: float | None = None
        self._inflight: threading.Event | None = None
        self._lock = threading.Lock()
        self.fetches = 0  # attempts made, for tests and metrics

    # ---- per token -----------------------------------------------------------------------

    def key_for(self, header: Mapping[str, Any], now: float) -> VerifyKey:
        """The verification key for a token header, fetching if the rules allow."""
        alg = header.get("alg")
        kid = header.get("kid")
        if self._policy == "surrealdb":
            if kid is None:
                raise _fail("invalid_auth", "the token header has no kid", "key_not_found",
                            "Incorrect arguments for function token(). Missing token header "
                            "'kid'")
        else:
            if not isinstance(alg, str) or alg not in _STRICT_ALGORITHMS:
                raise _fail("invalid_auth", f"{alg!r} is not allowed with a JWKS URL",
                            "alg_not_allowed")
            if not isinstance(kid, str):
                raise _fail("invalid_auth", "the token header has no kid to select a JWK",
                            "key_not_found")
        keyset = self._current(now)
        chosen = keyset.chosen.get((kid, alg))  # type: ignore[arg-type]
        if chosen is not None:
            return chosen
        matches = [jwk for jwk in keyset.jwks if jwk.kid == kid]
        if not matches:
            if self._may_fetch(now):
                keyset = self._refresh(now, why=f"unknown kid {kid!r}") or keyset
            else:
                self._event("cooldown", f"unknown kid {kid!r}; not refetching yet", now)
            # A concurrent caller's fetch may have finished after `keyset` was read (and
            # opened the cooldown that stopped ours): the newest set decides.
            keyset = self._set or keyset
            matches = [jwk for jwk in keyset.jwks if jwk.kid == kid]
        if not matches:
            raise _fail("invalid_auth", f"no JWK with kid {kid!r} at {self.url}", "key_not_found")
        assert isinstance(alg, str)
        if self._policy == "surrealdb":
            key = self._surrealdb_key(matches[0], alg)
        else:
            key = self._strict_key(matches, alg)
        if isinstance(kid, str):
            keyset.chosen[(kid, alg)] = key  # idempotent, so a race is harmless
        return key

    def _current(self, now: float) -> _KeySet:
        keyset = self._set
        if keyset is not None and now < keyset.expires_at:
            return keyset
        if self._may_fetch(now):
            fresh = self._refresh(now, why="no key set" if keyset is None else "expired")
            if fresh is not None:
                return fresh
        # Another caller may have loaded a set since `keyset` was read (its fetch then
        # also opened the cooldown that kept this caller from fetching).
        keyset = self._set
        if keyset is not None and now < keyset.expires_at:
            return keyset
        if keyset is not None and now < keyset.expires_at + self._options.stale_if_error:
            self._event("stale", "serving the last good key set after a failed refresh", now)
            return keyset
        self._event("unavailable", "no usable key set", now)
        raise _fail("key_unavailable", f"no usable key set from {self.url}", "jwks_unavailable")

    def _may_fetch(self, now: float) -> bool:
        last = self._last_attempt
        return last is None or now - last >= self._options.cooldown or self._inflight is not None

    # ---- fetching ------------------------------------------------------------------------

    def refresh(self, now: float) -> bool:
        """Fetch now, ignoring the cooldown (start-up warming); True if a set was loaded."""
        return self._refresh(now, why="prefetch", force=True) is not None

    def _refresh(self, now: float, *, why: str, force: bool = False) -> _KeySet | None:
        with self._lock:
            waiting = self._inflight
            if waiting is None:
                last = self._last_attempt
                if not force and last is not None and now - last < self._options.cooldown:
                    return None
                self._inflight = done = threading.Event()
                self._last_attempt = now
        if waiting is not None:
            self._event("shared", f"waiting for the fetch in progress ({why})", now)
            waiting.wait(self._options.timeout + 1.0)
            return self._set if self._set is not None and now < self._set.expires_at else None
        try:
            keyset = self._load(now, why)
            if keyset is not None:
                self._set = keyset
            return keyset
        finally:
            with self._lock:
                self._inflight = None
            done.set()

    def _load(self, now: float, why: str) -> _KeySet | None:
        self.fetches += 1
        try:
            response = self._fetch(self.url, self._options.timeout)
        except OSError as error:
            self._event("fetch_failed", f"{why}: {error}", now)
            return None
        keys = self._keys_in(response)
        if isinstance(keys, str):
            self._event("fetch_failed", f"{why}: {keys}", now)
            return None
        jwks = tuple(self._jwk(item) for item in keys if isinstance(item, dict))
        # No refetch can start before the cooldown ends, so the set stays current until then:
        # a TTL below the cooldown would only open a window with no usable set.
        ttl = max(_ttl(response.headers, now, self._options), self._options.cooldown)
        self._event("fetch", f"{why}: {len(jwks)} keys, cached for {ttl:g} s", now)
        return _KeySet(jwks, now, now + ttl, {})

    def _keys_in(self, response: HttpResponse) -> list[Any] | str:
        """The ``keys`` array of a JWK set response, or why the response is not one."""
        if not 200 <= response.status < 300:
            return f"HTTP status {response.status}"
        if len(response.body) > self._options.max_bytes:
            return f"the body is larger than {self._options.max_bytes} bytes"
        try:
            document = json.loads(response.body)
        except (ValueError, RecursionError) as error:
            return f"the body is not JSON: {error}"
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            return "the body is not a JWK set (an object with a `keys` array)"
        keys: list[Any] = document["keys"]
        return keys

    def _event(self, kind: str, detail: str, now: float) -> None:
        hook = self._options.on_event
        if hook is not None:
            # An observer must never break authentication.
            with contextlib.suppress(Exception):
                hook(JwksEvent(kind, self.url, detail, now))

    # ---- JWK validation and keys ---------------------------------------------------------

    def _jwk(self, data: dict[str, Any]) -> _Jwk:
        jwk = _Jwk(data)
        try:
            jwk.public = _public_material(data, strict=self._policy == "strict")
        except (KeyProblem, ValueError, TypeError) as error:
            jwk.problem = str(error)
        if self._policy == "strict" and jwk.problem is None:
            jwk.problem = _strict_problem(data)
        return jwk

    def _strict_key(self, matches: list[_Jwk], alg: str) -> VerifyKey:
        fitting = [jwk for jwk in matches if jwk.fits(alg)]
        if not fitting:
            raise _fail("invalid_auth",
                        f"the JWK with kid {matches[0].kid!r} does not fit {alg}",
                        "alg_not_allowed")
        jwk = fitting[0]
        if jwk.problem is not None:
            raise _fail("invalid_auth", f"JWK {jwk.kid!r} is unusable: {jwk.problem}",
                        "jwk_invalid")
        declared = jwk.data.get("alg")
        if declared is not None and declared != alg:
            raise _fail("invalid_auth", f"JWK {jwk.kid!r} is for {declared}, the token is {alg}",
                        "alg_not_allowed")
        return self._built(jwk, alg)

    def _surrealdb_key(self, jwk: _Jwk, header_alg: str) -> VerifyKey:
        declared = jwk.data.get("alg")
        use = jwk.data.get("use")
        ops = jwk.data.get("key_ops")
        if declared is not None and (
            not isinstance(declared, str) or declared not in _SURREALDB_ALGORITHMS
            or declared != header_alg
        ):
            raise _fail("invalid_auth", f"JWK alg {declared!r} vs token {header_alg}",
                        "alg_not_allowed")
        if declared is None and not jwk.fits(header_alg) and not (
            jwk.data.get("kty") == "EC" and _kty_for(header_alg) == "EC"
        ):
            raise _fail("invalid_auth", f"JWK type {jwk.data.get('kty')!r} vs {header_alg}",
                        "alg_not_allowed")
        if use is not None and use != "sig":
            raise _fail("invalid_auth", f"JWK use {use!r}", "jwk_invalid")
        if ops is not None and (not isinstance(ops, list) or "verify" not in ops):
            raise _fail("invalid_auth", f"JWK key_ops {ops!r}", "jwk_invalid")
        if jwk.problem is not None and jwk.data.get("kty") != "oct":
            raise _fail("invalid_auth", f"JWK {jwk.kid!r}: {jwk.problem}", "jwk_invalid")
        return self._built(jwk, header_alg)

    def _built(self, jwk: _Jwk, alg: str) -> VerifyKey:
        key = jwk.keys.get(alg)
        if key is None:
            try:
                if alg.startswith("HS"):
                    secret = _member(jwk.data, "k")
                    key = hmac_verify_key(alg, secret)
                else:
                    key = public_verify_key(alg, jwk.public, self._policy)
            except (KeyProblem, ValueError) as error:
                key = str(error)
            jwk.keys[alg] = key  # idempotent: a race builds the same key twice at worst
        if isinstance(key, str):
            raise _fail("invalid_auth", f"JWK {jwk.kid!r} cannot verify {alg}: {key}",
                        "jwk_invalid")
        return key


def _member(data: Mapping[str, Any], name: str) -> bytes:
    value = data.get(name)
    decoded = b64url_decode(value) if isinstance(value, str) else None
    if decoded is None:
        raise ValueError(f"member {name!r} is missing or not base64url")
    return decoded


def _public_material(data: Mapping[str, Any], *, strict: bool) -> object:
    kty = data.get("kty")
    if kty == "RSA":
        n = int.from_bytes(_member(data, "n"), "big")
        e = int.from_bytes(_member(data, "e"), "big")
        return rsa.RSAPublicNumbers(e, n).public_key()
    if kty == "EC":
        crv = data.get("crv")
        if crv not in _EC_CURVES:
            raise ValueError(f"unsupported curve {crv!r}")
        curve, size = _EC_CURVES[crv]
        x, y = _member(data, "x"), _member(data, "y")
        if strict and (len(x) != size or len(y) != size):
            raise ValueError(f"{crv} coordinates must be {size} bytes each")
        return ec.EllipticCurvePublicNumbers(
            int.from_bytes(x, "big"), int.from_bytes(y, "big"), curve()
        ).public_key()
    if kty == "OKP":
        if data.get("crv") != "Ed25519":
            raise ValueError(f"unsupported OKP curve {data.get('crv')!r}")
        return ed25519.Ed25519PublicKey.from_public_bytes(_member(data, "x"))
    if kty == "oct":
        if strict:
            raise ValueError("symmetric (oct) keys from a published JWKS are public secrets")
        return None
    raise ValueError(f"unsupported key type {kty!r}")


def _strict_problem(data: Mapping[str, Any]) -> str | None:
    private = sorted(_PRIVATE_MEMBERS & data.keys())
    if private:
        return f"the JWK carries private members {private}"
    use = data.get("use")
    if use is not None and use != "sig":
        return f"the JWK is for use {use!r}, not sig"
    ops = data.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or "verify" not in ops):
        return f"the JWK key_ops {ops!r} do not include verify"
    declared = data.get("alg")
    if declared is not None and (
        not isinstance(declared, str) or declared not in _STRICT_ALGORITHMS
    ):
        return f"the JWK alg {declared!r} is not a signature algorithm allowed here"
    return None


_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)


def _ttl(headers: Mapping[str, str], now: float, options: JwksOptions) -> float:
    lowered = {name.lower(): value for name, value in headers.items()}
    ttl: float | None = None
    control = lowered.get("cache-control", "")
    if re.search(r"\b(no-store|no-cache)\b", control, re.IGNORECASE):
        ttl = 0.0
    else:
        found = _MAX_AGE.search(control)
        if found is not None:
            ttl = float(found.group(1))
        elif "expires" in lowered:
            try:
                when = email.utils.parsedate_to_datetime(lowered["expires"])
                if when.tzinfo is None:  # "-0000" means UTC of unknown origin (RFC 5322)
                    when = when.replace(tzinfo=datetime.timezone.utc)
                expires = when.timestamp()
                ttl = expires - now
            except (TypeError, ValueError, OverflowError):
                ttl = 0.0  # an invalid Expires means "already expired" (RFC 9111 §5.3)
    if ttl is None:
        ttl = options.default_ttl
    return min(max(ttl, options.min_ttl), options.max_ttl)
