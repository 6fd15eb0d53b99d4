"""A real JWKS endpoint on 127.0.0.1 for the JWKS tests: HTTP or HTTPS, scripted replies.

`JwksServer` runs `http.server.ThreadingHTTPServer` in a thread on an ephemeral port of
127.0.0.1 and answers every GET with the current `Reply` (status, headers, body, an optional
delay before answering, or a body trickled out piece by piece). It counts the requests it
receives. `TestCa` makes a throwaway certificate authority and issues server certificates
with `cryptography`, so HTTPS tests need no files outside a temporary directory.

Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import datetime
import http.server
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class Reply:
    """One scripted answer.

    ``delay`` seconds pass before the status line is sent. With ``trickle`` set, the status
    line and headers go out at once and the body follows in ``trickle``-byte pieces, one every
    ``trickle_every`` seconds (a slow-loris server that never trips a per-read timeout).
    ``content_length=False`` omits the header (the body then ends when the connection closes).
    ``trickle_head=True`` trickles the status line and headers too.
    """

    status: int = 200
    body: bytes = b'{"keys":[]}'
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: int = 0
    trickle_every: float = 0.0
    content_length: bool = True
    trickle_head: bool = False

    @classmethod
    def jwks(cls, *jwks: dict[str, Any], **kwargs: Any) -> Reply:
        """A 200 answer carrying ``{"keys": [...jwks]}`` as JSON."""
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        body = json.dumps({"keys": list(jwks)}).encode()
        return cls(body=body, headers=headers, **kwargs)


class JwksServer:
    """An HTTP(S) server on 127.0.0.1 answering every GET with `reply`; counts requests."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.reply = Reply()
        self.routes: dict[str, Reply] = {}  # replies for particular paths
        self.requests = 0
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                if isinstance(self.request, ssl.SSLSocket):
                    self.request.settimeout(5)
                    self.request.do_handshake()  # in the handler thread, not the accept loop
                super().setup()

            def do_GET(self) -> None:
                with owner._lock:
                    owner.requests += 1
                    owner.paths.append(self.path)
                    reply = owner.routes.get(self.path, owner.reply)
                if reply.delay and owner._stop.wait(reply.delay):
                    return
                if reply.trickle_head:
                    head = f"HTTP/1.1 {reply.status} Whatever\r\n" + "".join(
                        f"{name}: {value}\r\n" for name, value in reply.headers.items()
                    ) + f"Content-Length: {len(reply.body)}\r\n\r\n"
                    self._trickle(head.encode() + reply.body, reply)
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.flush()
                if not reply.trickle:
                    self.wfile.write(reply.body)
                    return
                self._trickle(reply.body, reply)

            def _trickle(self, data: bytes, reply: Reply) -> None:
                for start in range(0, len(data), reply.trickle or 1):
                    if owner._stop.wait(reply.trickle_every):
                        return
                    self.wfile.write(data[start:start + (reply.trickle or 1)])
                    self.wfile.flush()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that give up (timeouts, TLS failures) are expected here

        self._server = Server(("127.0.0.1", 0), Handler)
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True,
                                                  do_handshake_on_connect=False)
        self.port = self._server.server_address[1]
        self.scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def url(self, path: str = "/jwks.json") -> str:
        """The URL of ``path`` on this server (by IP literal: 127.0.0.1)."""
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        """Stop serving, wake sleeping handlers and close the listening socket (idempotent)."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[JwksServer]:
    """A `JwksServer` for the duration of a ``with`` block."""
    server = JwksServer(tls)
    try:
        yield server
    finally:
        server.close()


# ---- a throwaway certificate authority -------------------------------------------------------


class TestCa:
    """A self-signed CA (P-256) that issues server certificates into ``directory``."""

    __test__ = False  # not a pytest test class

    def __init__(self, directory: Path, name: str = "surrealaccess test CA") -> None:
        self.directory = directory
        self.key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(digital_signature=True, content_commitment=False,
                              key_encipherment=False, data_encipherment=False,
                              key_agreement=False, key_cert_sign=True, crl_sign=True,
                              encipher_only=False, decipher_only=False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()),
                           critical=False)
            .sign(self.key, hashes.SHA256())
        )
        self.pem = self.cert.public_bytes(serialization.Encoding.PEM)
        self.path = directory / f"ca-{id(self)}.pem"
        self.path.write_bytes(self.pem)

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this CA only (hostname verification on)."""
        return ssl.create_default_context(cafile=str(self.path))

    def server_context(self, *, dns: tuple[str, ...] = (), ips: tuple[str, ...] = ()
                       ) -> ssl.SSLContext:
        """A server context with a fresh certificate for ``dns`` names and ``ips``."""
        import ipaddress

        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.timezone.utc)
        names: list[x509.GeneralName] = [x509.DNSName(name) for name in dns]
        names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                                        (dns or ips or ("server",))[0])]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
            .sign(self.key, hashes.SHA256())
        )
        stem = self.directory / f"server-{x509.random_serial_number()}"
        cert_path, key_path = stem.with_suffix(".crt"), stem.with_suffix(".key")
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + self.pem)
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        return context


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
