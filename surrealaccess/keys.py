"""Verification keys: load a definition's ``KEY`` once and verify signatures with it.

`load_verify_key` turns ``(algorithm, key text, policy)`` into a `VerifyKey` whose `verify`
method does one cryptographic check and nothing else: every key object, padding and hash
object is built here, at compile time, never per token.

Policies (security reference §2.2 step 3 and surrealdb-access reference §3.1 step 4):

* ``strict`` refuses weak, empty and public-key-shaped HMAC secrets, RSA moduli outside
  2048–8192 bits or with e < 65537, EC keys on another curve than the algorithm's (or with
  explicit curve parameters), anything but Ed25519 for EdDSA, and private keys.
* ``surrealdb`` accepts what SurrealDB accepts: any HMAC secret; an asymmetric PEM of the
  wrong family is an unusable key (``InvalidKeyFormat``, raised when a token arrives, as the
  engine does); keys that parse but cannot verify (a private key, another curve, a modulus
  the engine's crypto library refuses) fail every signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

Policy = Literal["strict", "surrealdb"]

_HASHES: Final[dict[str, Callable[[], hashes.HashAlgorithm]]] = {
    "256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512,
}
_HASH_BYTES: Final = {"256": 32, "384": 48, "512": 64}
_CURVES: Final = {
    "ES256": ("secp256r1", 32), "ES384": ("secp384r1", 48), "ES512": ("secp521r1", 66),
}
_SSH_PREFIXES: Final = ("ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-")
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
#: DER of the id-ecPublicKey OID; a named curve follows it as an OID (0x06), explicit
#: parameters as a SEQUENCE (0x30).
_EC_PUBLIC_KEY_OID: Final = bytes.fromhex("06072a8648ce3d0201")
#: Work factor of the HMAC-secret fingerprint, so that a plan dump does not make a weak
#: secret cheap to brute-force.
_FINGERPRINT_ROUNDS: Final = 20_000


class KeyProblem(ValueError):
    """The KEY cannot be used with the algorithm; ``reason`` is ``key_invalid``."""

    reason = "key_invalid"


@dataclass(frozen=True, slots=True)
class VerifyKey:
    """A loaded verification key for exactly one algorithm.

    ``fingerprint`` identifies the key without revealing it: the SHA-256 of the public key's
    DER SubjectPublicKeyInfo, or for an HMAC secret a slow salted hash of it. ``unusable``
    is set (``surrealdb`` policy only) when SurrealDB would report ``InvalidKeyFormat``.
    """

    algorithm: str
    family: Literal["hmac", "rsa", "rsa-pss", "ecdsa", "eddsa"]
    fingerprint: str
    description: str
    #: ``verify(signing_input, signature)`` is True if the signature is valid under this key.
    #: A plain attribute (not a method) so the per-token call is a single function call.
    verify: Callable[[bytes, bytes], bool] = field(repr=False, compare=False)
    unusable: str | None = None


def _never(signing_input: bytes, signature: bytes) -> bool:
    return False


def load_verify_key(algorithm: str, key: str, policy: Policy) -> VerifyKey:
    """Load the ``KEY`` of a definition for ``algorithm``; raise `KeyProblem` if refused.

    ``algorithm`` may be spelled as in the definition (``EDDSA``) or as in a JWS header
    (``EdDSA``); the returned key's ``algorithm`` is always the JWS spelling.
    """
    if algorithm == "EDDSA":
        algorithm = "EdDSA"
    if algorithm.startswith("HS"):
        return _hmac_key(algorithm, key, policy)
    if policy == "strict" and algorithm == "ES512":
        raise KeyProblem("ES512 is refused by SurrealDB 3.x definitions")
    try:
        public = _load_pem(key, policy)
    except KeyProblem as problem:
        if policy == "strict":
            raise
        return _unusable(algorithm, str(problem))
    if algorithm.startswith(("RS", "PS")):
        return _rsa_key(algorithm, public, policy)
    if algorithm.startswith("ES"):
        return _ec_key(algorithm, public, key, policy)
    if algorithm == "EdDSA":
        return _ed_key(public, policy)
    raise KeyProblem(f"unknown algorithm {algorithm}")  # pragma: no cover - grammar limits it


def public_verify_key(algorithm: str, public: object, policy: Policy) -> VerifyKey:
    """A key for ``algorithm`` from a public-key object already built (from a JWK).

    The same family, curve and strength rules as for a PEM ``KEY`` apply; in the ``strict``
    policy a refused key raises `KeyProblem`.
    """
    if algorithm.startswith(("RS", "PS")):
        return _rsa_key(algorithm, public, policy)
    if algorithm.startswith("ES"):
        return _ec_key(algorithm, public, "", policy)
    if algorithm == "EdDSA":
        return _ed_key(public, policy)
    raise KeyProblem(f"{algorithm} is not a public-key algorithm")


def _unusable(algorithm: str, why: str) -> VerifyKey:
    family = _family(algorithm)
    return VerifyKey(algorithm, family, "", f"unusable key: {why}", unusable=why, verify=_never)


def _family(algorithm: str) -> Literal["hmac", "rsa", "rsa-pss", "ecdsa", "eddsa"]:
    if algorithm.startswith("HS"):
        return "hmac"
    if algorithm.startswith("RS"):
        return "rsa"
    if algorithm.startswith("PS"):
        return "rsa-pss"
    if algorithm.startswith("ES"):
        return "ecdsa"
    return "eddsa"


# ---- HMAC ------------------------------------------------------------------------------------


def _hmac_key(algorithm: str, key: str, policy: Policy) -> VerifyKey:
    secret = key.encode("utf-8")
    size = _HASH_BYTES[algorithm[2:]]
    if policy == "strict":
        if not secret:
            raise KeyProblem(f"{algorithm} KEY is empty: anyone can compute the MAC")
        shape = public_key_shape(key)
        if shape is not None:
            raise KeyProblem(
                f"{algorithm} KEY looks like {shape}: a published key used as an HMAC secret "
                "lets anyone forge tokens"
            )
        if len(secret) < size:
            raise KeyProblem(
                f"{algorithm} KEY is {len(secret)} bytes; RFC 7518 §3.2 requires at least "
                f"{size} bytes of random secret"
            )
    return hmac_verify_key(algorithm, secret)


def hmac_verify_key(algorithm: str, secret: bytes) -> VerifyKey:
    """An HMAC key for ``algorithm`` over raw ``secret`` bytes (no strength checks here)."""
    digest = "sha" + algorithm[2:]

    def verify(signing_input: bytes, signature: bytes) -> bool:
        return hmac.compare_digest(hmac.digest(secret, signing_input, digest), signature)

    fingerprint = "pbkdf2-sha256:" + base64.urlsafe_b64encode(
        hashlib.pbkdf2_hmac("sha256", secret, b"surrealaccess key fingerprint",
                            _FINGERPRINT_ROUNDS, 12)
    ).decode("ascii")
    return VerifyKey(algorithm, "hmac", fingerprint, f"HMAC secret, {len(secret)} bytes",
                     verify=verify)


def public_key_shape(key: str) -> str | None:
    """Name the kind of public key material ``key`` looks like, or None.

    PEM anywhere in the text (leading junk does not hide it), OpenSSH public-key lines, JWK
    JSON, and DER that parses as a public key or certificate.
    """
    text = key.strip()
    if "-----BEGIN" in key:
        return "a PEM block"
    if text.startswith(_SSH_PREFIXES):
        return "an OpenSSH public key"
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, dict) and "kty" in value:
            return "a JWK"
    raw = key.encode("utf-8", "surrogateescape")
    if raw[:1] == b"\x30":
        try:
            serialization.load_der_public_key(raw)
            return "a DER public key"
        except (ValueError, UnsupportedAlgorithm):
            pass
    return None


# ---- PEM -------------------------------------------------------------------------------------


def _load_pem(key: str, policy: Policy) -> object:
    """The public key in a PEM ``KEY`` (a private key gives its public half, flagged)."""
    blocks = _PEM_BLOCK.findall(key)
    if len(blocks) != 1:
        raise KeyProblem("KEY is not a single PEM block" if blocks else "KEY is not PEM")
    if policy == "strict":
        outside = _PEM_BLOCK.sub("", key)
        if outside.strip():
            raise KeyProblem("KEY has text outside its PEM block")
    label, body = blocks[0]
    # SurrealDB accepts indented PEM; cryptography wants the lines flush left.
    lines = [line.strip() for line in body.strip().splitlines() if line.strip()]
    pem = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"
    data = pem.encode("ascii", "replace")
    if "PRIVATE" in label:
        if policy == "strict":
            raise KeyProblem(
                "KEY holds a private key; a verify key must be public (INFO FOR DB would "
                "print the private key)"
            )
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as error:
            raise KeyProblem(f"KEY is not a readable private key: {error}") from None
        return _PrivateHalf(private.public_key())
    if label == "CERTIFICATE":
        raise KeyProblem("KEY is a certificate, not a public key")
    try:
        return serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as error:
        raise KeyProblem(f"KEY is not a readable public key: {error}") from None


@dataclass(frozen=True, slots=True)
class _PrivateHalf:
    # SurrealDB parses a private-key PEM as a verify key, then every signature check fails.
    public: object


def _spki_fingerprint(public: object) -> str:
    assert isinstance(public, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey,
                               ed25519.Ed25519PublicKey, ed448.Ed448PublicKey))
    der = public.public_bytes(serialization.Encoding.DER,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    return "sha256:" + base64.urlsafe_b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")


# ---- RSA -------------------------------------------------------------------------------------


def _rsa_key(algorithm: str, loaded: object, policy: Policy) -> VerifyKey:
    public = loaded.public if isinstance(loaded, _PrivateHalf) else loaded
    if not isinstance(public, rsa.RSAPublicKey):
        return _wrong_family(algorithm, "an RSA", public, policy)
    bits = public.key_size
    exponent = public.public_numbers().e
    usable = 2048 <= bits <= 8192
    if policy == "strict":
        if not usable:
            raise KeyProblem(f"{algorithm} KEY is a {bits}-bit RSA key; 2048 to 8192 bits allowed")
        if exponent < 65537:
            raise KeyProblem(f"{algorithm} KEY has the weak public exponent {exponent}")
    hash_name = algorithm[2:]
    hash_algorithm = _HASHES[hash_name]()
    scheme: padding.AsymmetricPadding = (
        padding.PKCS1v15() if algorithm.startswith("RS")
        else padding.PSS(mgf=padding.MGF1(_HASHES[hash_name]()), salt_length=_HASH_BYTES[hash_name])
    )
    size = (bits + 7) // 8
    rsa_verify = public.verify

    def verify(signing_input: bytes, signature: bytes) -> bool:
        if len(signature) != size:
            return False
        try:
            rsa_verify(signature, signing_input, scheme, hash_algorithm)
        except InvalidSignature:
            return False
        return True

    works = usable and not isinstance(loaded, _PrivateHalf)
    family: Literal["rsa", "rsa-pss"] = "rsa" if algorithm.startswith("RS") else "rsa-pss"
    return VerifyKey(algorithm, family, _spki_fingerprint(public),
                     f"RSA {bits}-bit public key, e={exponent}",
                     verify=verify if works else _never)


def _wrong_family(algorithm: str, wanted: str, public: object, policy: Policy) -> VerifyKey:
    found = type(public).__name__.removeprefix("_").replace("PublicKey", "")
    message = f"{algorithm} needs {wanted} public key; KEY holds an unsuitable {found} key"
    if policy == "strict":
        raise KeyProblem(message)
    return _unusable(algorithm, message)


# ---- ECDSA -----------------------------------------------------------------------------------


def _ec_key(algorithm: str, loaded: object, key: str, policy: Policy) -> VerifyKey:
    public = loaded.public if isinstance(loaded, _PrivateHalf) else loaded
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return _wrong_family(algorithm, "an EC", public, policy)
    # SurrealDB verifies ES512 definitions (stored by old versions) as ES384.
    effective = "ES384" if algorithm == "ES512" and policy == "surrealdb" else algorithm
    curve_name, coordinate = _CURVES[effective]
    right_curve = public.curve.name == curve_name
    if policy == "strict":
        if not right_curve:
            raise KeyProblem(f"{algorithm} needs a {curve_name} key; KEY is on {public.curve.name}")
        if key and _explicit_parameters(key):
            raise KeyProblem(f"{algorithm} KEY spells out its curve parameters; use a named curve")
    scheme = ec.ECDSA(_HASHES[effective[2:]]())
    ec_verify = public.verify

    def verify(signing_input: bytes, signature: bytes) -> bool:
        # JWS signatures are raw R || S of fixed length (RFC 7518 §3.4), never DER.
        if len(signature) != 2 * coordinate:
            return False
        r = int.from_bytes(signature[:coordinate], "big")
        s = int.from_bytes(signature[coordinate:], "big")
        try:
            ec_verify(encode_dss_signature(r, s), signing_input, scheme)
        except InvalidSignature:
            return False
        return True

    works = right_curve and not isinstance(loaded, _PrivateHalf)
    return VerifyKey(algorithm, "ecdsa", _spki_fingerprint(public),
                     f"EC public key on {public.curve.name}", verify=verify if works else _never)


def _explicit_parameters(key: str) -> bool:
    # cryptography re-serialises with the named curve, so look at the DER as written.
    [(_, body)] = _PEM_BLOCK.findall(key)
    try:
        der = base64.b64decode("".join(body.split()))
    except ValueError:  # pragma: no cover - cryptography already read it
        return True
    at = der.find(_EC_PUBLIC_KEY_OID)
    after = at + len(_EC_PUBLIC_KEY_OID)
    return at >= 0 and der[after:after + 1] != b"\x06"


# ---- EdDSA -----------------------------------------------------------------------------------


def _ed_key(loaded: object, policy: Policy) -> VerifyKey:
    public = loaded.public if isinstance(loaded, _PrivateHalf) else loaded
    if not isinstance(public, ed25519.Ed25519PublicKey):
        return _wrong_family("EdDSA", "an Ed25519", public, policy)
    ed_verify = public.verify

    def verify(signing_input: bytes, signature: bytes) -> bool:
        if len(signature) != 64:
            return False
        try:
            ed_verify(signature, signing_input)
        except InvalidSignature:
            return False
        return True

    works = not isinstance(loaded, _PrivateHalf)
    return VerifyKey("EdDSA", "eddsa", _spki_fingerprint(public), "Ed25519 public key",
                     verify=verify if works else _never)
