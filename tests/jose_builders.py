"""Raw JOSE builders for the attack tests: exact header/payload bytes, any signature.

PyJWT refuses to *encode* most attacks (HS256 keyed with a PEM, ``alg: none``, duplicate
members, padded segments …), so tokens here are assembled by hand, following the recipes of
the security reference §3.0. Throwaway keys are generated on first use and cached for the
process (RSA 2048 takes ~50 ms; everything else is instant).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
from collections.abc import Callable
from functools import cache
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

Signer = Callable[[bytes], bytes]

NOW = 1767225600
HMAC_KEY = "f8bec33db4470bb4179d703a899ab8fba61faa5174cd47561e4a72e09760d1b1"

_HASH = {256: hashes.SHA256, 384: hashes.SHA384, 512: hashes.SHA512}
#: Group orders of the NIST curves (for range-check signatures).
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
P256_A = P256_P - 3
P256_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
P256_G = (
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
)


# ---- encoding --------------------------------------------------------------------------------


def b64u(data: bytes) -> str:
    """Canonical unpadded base64url."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64u(text: str) -> bytes:
    """Decode unpadded base64url (test side; lenient on purpose)."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def js(value: Any) -> bytes:
    """Compact UTF-8 JSON, non-ASCII kept as is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def raw(value: bytes | str | dict[str, Any] | list[Any]) -> bytes:
    """Bytes for a header/payload: bytes as given, str as UTF-8, anything else as JSON."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return js(value)


def jws(header: Any, payload: Any, sign: Signer | None = None) -> str:
    """A compact JWS over EXACT header/payload bytes; ``sign=None`` gives an empty signature."""
    signing_input = b64u(raw(header)) + "." + b64u(raw(payload))
    signature = sign(signing_input.encode("ascii")) if sign is not None else b""
    return signing_input + "." + b64u(signature)


def sign_text(header_segment: str, payload_segment: str, sign: Signer) -> str:
    """A compact JWS whose first two segments are taken verbatim (issuer-side oddities)."""
    signing_input = header_segment + "." + payload_segment
    return signing_input + "." + b64u(sign(signing_input.encode("utf-8")))


def resign(token: str, signature: bytes) -> str:
    """The same header and payload with another signature."""
    head, body, _ = token.split(".")
    return f"{head}.{body}.{b64u(signature)}"


def signature_of(token: str) -> bytes:
    """The decoded signature segment of a token."""
    return unb64u(token.split(".")[2])


# ---- signers ---------------------------------------------------------------------------------


def hs(key: bytes | str, bits: int = 256) -> Signer:
    """HMAC-SHA-``bits`` keyed with ``key`` (a str is used as its UTF-8 bytes)."""
    secret = key.encode("utf-8") if isinstance(key, str) else key
    return lambda data: hmac.new(secret, data, getattr(hashlib, f"sha{bits}")).digest()


def rs(private: rsa.RSAPrivateKey, bits: int = 256) -> Signer:
    """RSASSA-PKCS1-v1_5 with SHA-``bits``."""
    return lambda data: private.sign(data, padding.PKCS1v15(), _HASH[bits]())


def ps(
    private: rsa.RSAPrivateKey,
    bits: int = 256,
    *,
    salt: int | None = None,
    mgf_bits: int | str | None = None,
) -> Signer:
    """RSASSA-PSS; RFC 7518 §3.5 parameters unless ``salt``/``mgf_bits`` say otherwise."""
    mgf_hash: hashes.HashAlgorithm = (
        hashes.SHA1() if mgf_bits == "sha1" else _HASH[int(mgf_bits or bits)]()
    )
    scheme = padding.PSS(mgf=padding.MGF1(mgf_hash),
                         salt_length=bits // 8 if salt is None else salt)
    return lambda data: private.sign(data, scheme, _HASH[bits]())


def es(private: ec.EllipticCurvePrivateKey, bits: int = 256, size: int | None = None) -> Signer:
    """ECDSA with SHA-``bits`` as raw R‖S, each ``size`` bytes (default: the curve's)."""
    width = size or (private.curve.key_size + 7) // 8

    def sign(data: bytes) -> bytes:
        r, s = utils.decode_dss_signature(private.sign(data, ec.ECDSA(_HASH[bits]())))
        return r.to_bytes(width, "big") + s.to_bytes(width, "big")

    return sign


def es_der(private: ec.EllipticCurvePrivateKey, bits: int = 256) -> Signer:
    """ECDSA as DER (what OpenSSL produces, never a JWS signature)."""
    return lambda data: private.sign(data, ec.ECDSA(_HASH[bits]()))


def ed(private: ed25519.Ed25519PrivateKey) -> Signer:
    """Ed25519."""
    return private.sign


# ---- keys ------------------------------------------------------------------------------------


@cache
def rsa_key(name: str, bits: int = 2048, exponent: int = 65537) -> rsa.RSAPrivateKey:
    """A throwaway RSA key; ``name`` distinguishes keys of the same shape."""
    if bits < 1024:
        return _small_rsa_key(bits, exponent, name)
    return rsa.generate_private_key(public_exponent=exponent, key_size=bits)


def _small_rsa_key(bits: int, exponent: int, seed: str) -> rsa.RSAPrivateKey:
    # cryptography refuses to generate moduli under 1024 bits; build one from two primes.
    rng = random.Random(seed)
    while True:
        p, q = _prime(bits // 2, rng), _prime(bits // 2, rng)
        n, phi = p * q, (p - 1) * (q - 1)
        if p != q and n.bit_length() == bits and phi % exponent:
            break
    d = pow(exponent, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(exponent, n)
    )
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)


def _prime(bits: int, rng: random.Random) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if _probably_prime(candidate, rng):
            return candidate


def _probably_prime(n: int, rng: random.Random) -> bool:
    if any(n % small == 0 for small in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31)):
        return False
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(32):
        x = pow(rng.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


_CURVES: dict[str, Callable[[], ec.EllipticCurve]] = {
    "P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1,
    "secp256k1": ec.SECP256K1,
}


@cache
def ec_key(name: str, curve: str = "P-256") -> ec.EllipticCurvePrivateKey:
    """A throwaway EC key on ``curve``."""
    return ec.generate_private_key(_CURVES[curve]())


@cache
def ed_key(name: str) -> ed25519.Ed25519PrivateKey:
    """A throwaway Ed25519 key."""
    return ed25519.Ed25519PrivateKey.generate()


def spki_pem(key: Any) -> str:
    """The public half as a SubjectPublicKeyInfo PEM (``-----BEGIN PUBLIC KEY-----``)."""
    public = key.public_key() if hasattr(key, "public_key") else key
    return public.public_bytes(serialization.Encoding.PEM,
                               serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def spki_der(key: Any) -> bytes:
    """The public half as SubjectPublicKeyInfo DER."""
    public = key.public_key() if hasattr(key, "public_key") else key
    return public.public_bytes(serialization.Encoding.DER,
                               serialization.PublicFormat.SubjectPublicKeyInfo)


def pkcs1_pem(key: rsa.RSAPrivateKey) -> str:
    """An RSA public key as PKCS#1 PEM (``-----BEGIN RSA PUBLIC KEY-----``)."""
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.PKCS1).decode("ascii")


def pkcs1_der(key: rsa.RSAPrivateKey) -> bytes:
    """An RSA public key as PKCS#1 DER."""
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.PKCS1)


def openssh(key: Any) -> str:
    """The public half as an OpenSSH line (``ssh-rsa AAAA…``)."""
    public = key.public_key() if hasattr(key, "public_key") else key
    return public.public_bytes(serialization.Encoding.OpenSSH,
                               serialization.PublicFormat.OpenSSH).decode("ascii")


def private_pem(key: Any) -> str:
    """The private key as unencrypted PKCS#8 PEM."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def x962_point(key: ec.EllipticCurvePrivateKey) -> bytes:
    """The uncompressed public point ``04 ‖ X ‖ Y``."""
    return key.public_key().public_bytes(serialization.Encoding.X962,
                                         serialization.PublicFormat.UncompressedPoint)


def jwk_json(key: Any) -> str:
    """The public half as a JWK (RFC 7517/7518/8037), as compact JSON text."""
    public = key.public_key() if hasattr(key, "public_key") else key
    if isinstance(public, rsa.RSAPublicKey):
        numbers = public.public_numbers()
        jwk = {"kty": "RSA", "n": b64u(_be(numbers.n)), "e": b64u(_be(numbers.e))}
    elif isinstance(public, ec.EllipticCurvePublicKey):
        numbers_ec = public.public_numbers()
        width = (public.curve.key_size + 7) // 8
        crv = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}[public.curve.name]
        jwk = {"kty": "EC", "crv": crv, "x": b64u(numbers_ec.x.to_bytes(width, "big")),
               "y": b64u(numbers_ec.y.to_bytes(width, "big"))}
    else:
        raw_key = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64u(raw_key)}
    return json.dumps(jwk, separators=(",", ":"))


def _be(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def pem(label: str, der: bytes) -> str:
    """Wrap DER in a PEM block with 64-character lines."""
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


# ---- DER for hand-made EC keys ---------------------------------------------------------------


def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def _der_int(value: int) -> bytes:
    return _der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


_OID_EC_PUBLIC_KEY = bytes.fromhex("06072a8648ce3d0201")
_OID_P256 = bytes.fromhex("06082a8648ce3d030107")
_OID_PRIME_FIELD = bytes.fromhex("06072a8648ce3d0101")


def ec_spki_named(point: bytes) -> bytes:
    """SubjectPublicKeyInfo DER for a P-256 point, named curve, point bytes as given."""
    algorithm = _der(0x30, _OID_EC_PUBLIC_KEY + _OID_P256)
    return _der(0x30, algorithm + _der(0x03, b"\x00" + point))


def ec_spki_explicit(point: bytes, generator: tuple[int, int]) -> bytes:
    """SubjectPublicKeyInfo DER for P-256 with *explicit* parameters and any generator."""
    field = _der(0x30, _OID_PRIME_FIELD + _der_int(P256_P))
    curve = _der(0x30, _der(0x04, P256_A.to_bytes(32, "big"))
                 + _der(0x04, P256_B.to_bytes(32, "big")))
    base = b"\x04" + generator[0].to_bytes(32, "big") + generator[1].to_bytes(32, "big")
    parameters = _der(0x30, _der_int(1) + field + curve + _der(0x04, base)
                      + _der_int(P256_N) + _der_int(1))
    algorithm = _der(0x30, _OID_EC_PUBLIC_KEY + parameters)
    return _der(0x30, algorithm + _der(0x03, b"\x00" + point))


# ---- schema text -----------------------------------------------------------------------------


def surql_string(text: str) -> str:
    """A single-quoted SurrealQL string literal (newlines stay literal, as in the reference)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def define(algorithm: str, key: str, *, level: str = "DATABASE", name: str = "token") -> str:
    """``DEFINE ACCESS <name> ON <level> TYPE JWT ALGORITHM <algorithm> KEY '<key>'``."""
    return f"DEFINE ACCESS {name} ON {level} TYPE JWT ALGORITHM {algorithm} KEY {surql_string(key)}"
