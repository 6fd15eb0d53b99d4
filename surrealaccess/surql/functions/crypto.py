"""``crypto::*`` built-ins: digests, and password-hash comparison.

``md5``, ``sha1``, ``sha256`` and ``sha512`` use :mod:`hashlib`. ``pbkdf2::compare`` and
``scrypt::compare`` check the PHC strings SurrealDB writes (``$pbkdf2-sha256$i=…``,
``$scrypt$ln=…``) with :mod:`hashlib` too. ``argon2::compare`` needs the optional package
``argon2-cffi`` and ``bcrypt::compare`` the package ``bcrypt``, as do ``argon2::generate``
and ``bcrypt::generate`` (SIGNUP clauses hash passwords with them); without them (and for
``blake3``, ``pbkdf2::generate`` and ``scrypt::generate``) the call raises `Unsupported`,
so a rule that depends on them fails closed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib

from ..errors import EvaluationError, Unsupported
from ..values import Value
from . import builtin


def _digest(name: str, algorithm: str) -> None:
    def run(text: str) -> Value:
        return hashlib.new(algorithm, text.encode()).hexdigest()

    builtin(f"crypto::{name}", "string")(run)


for _name in ("md5", "sha1", "sha256", "sha512"):
    _digest(_name, _name)


@builtin("crypto::blake3", "string")
def blake3(text: str) -> Value:
    try:
        module = importlib.import_module("blake3")
    except ImportError:
        raise Unsupported("crypto::blake3() needs the optional package `blake3`") from None
    return str(module.blake3(text.encode()).hexdigest())


def _b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _phc(hashed: str) -> tuple[str, dict[str, str], bytes, bytes] | None:
    parts = hashed.split("$")
    if len(parts) != 5 or parts[0] != "":
        return None
    try:
        options = dict(item.split("=", 1) for item in parts[2].split(",") if item)
        return parts[1], options, _b64(parts[3]), _b64(parts[4])
    except ValueError:
        return None


@builtin("crypto::pbkdf2::compare", "string", "string")
def pbkdf2_compare(hashed: str, password: str) -> Value:
    parsed = _phc(hashed)
    if parsed is None or not parsed[0].startswith("pbkdf2-"):
        return False
    scheme, options, salt, expected = parsed
    digest = {"pbkdf2-sha256": "sha256", "pbkdf2-sha512": "sha512", "pbkdf2": "sha1"}.get(scheme)
    try:
        rounds = int(options.get("i", "0"))
    except ValueError:
        return False
    if digest is None or not 0 < rounds <= 10_000_000:
        return False
    got = hashlib.pbkdf2_hmac(digest, password.encode(), salt, rounds, len(expected))
    return hmac.compare_digest(got, expected)


@builtin("crypto::scrypt::compare", "string", "string")
def scrypt_compare(hashed: str, password: str) -> Value:
    parsed = _phc(hashed)
    if parsed is None or parsed[0] != "scrypt":
        return False
    _, options, salt, expected = parsed
    try:
        log_n, r, p = int(options["ln"]), int(options["r"]), int(options["p"])
    except (KeyError, ValueError):
        return False
    if not (0 < log_n < 32 and 0 < r <= 64 and 0 < p <= 64):
        return False
    try:
        got = hashlib.scrypt(password.encode(), salt=salt, n=2**log_n, r=r, p=p,
                             maxmem=2**31 - 1, dklen=len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


@builtin("crypto::argon2::compare", "string", "string")
def argon2_compare(hashed: str, password: str) -> Value:
    try:
        module = importlib.import_module("argon2")
    except ImportError:
        raise Unsupported(
            "crypto::argon2::compare() needs the optional package `argon2-cffi`"
        ) from None
    try:
        return bool(module.PasswordHasher().verify(hashed, password))
    except Exception:  # argon2 raises VerifyMismatchError, InvalidHashError…
        return False


@builtin("crypto::bcrypt::compare", "string", "string")
def bcrypt_compare(hashed: str, password: str) -> Value:
    try:
        module = importlib.import_module("bcrypt")
    except ImportError:
        raise Unsupported("crypto::bcrypt::compare() needs the optional package `bcrypt`") from None
    try:
        return bool(module.checkpw(password.encode(), hashed.encode()))
    except ValueError:
        return False


@builtin("crypto::argon2::generate", "string")
def argon2_generate(password: str) -> Value:
    """An Argon2id PHC string with the Rust ``argon2`` crate's defaults (m=19456, t=2, p=1)."""
    try:
        module = importlib.import_module("argon2")
    except ImportError:
        raise Unsupported(
            "crypto::argon2::generate() needs the optional package `argon2-cffi`"
        ) from None
    hasher = module.PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1,
                                   hash_len=32, salt_len=16, type=module.Type.ID)
    return str(hasher.hash(password))


@builtin("crypto::bcrypt::generate", "string")
def bcrypt_generate(password: str) -> Value:
    """A ``$2b$`` bcrypt hash with the engine's default cost (12)."""
    try:
        module = importlib.import_module("bcrypt")
    except ImportError:
        raise Unsupported(
            "crypto::bcrypt::generate() needs the optional package `bcrypt`"
        ) from None
    try:
        return str(module.hashpw(password.encode(), module.gensalt(12)).decode("ascii"))
    except ValueError as error:  # bcrypt 5 refuses passwords over 72 bytes
        raise EvaluationError(f"crypto::bcrypt::generate() failed: {error}") from None


def _generate(name: str) -> None:
    def run(password: str) -> Value:
        raise Unsupported(f"crypto::{name}::generate() is not supported by surrealaccess")

    builtin(f"crypto::{name}::generate", "string")(run)


for _name in ("pbkdf2", "scrypt"):
    _generate(_name)
