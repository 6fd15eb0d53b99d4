"""Split and decode a compact JWS without trusting it (RFC 7515 §7.1, RFC 7519 §7.2).

Two decoders share the strict base64url and JSON readers:

* `decode_strict` applies the verifier policy of the security reference §2.2 steps 1, 2 and 6
  (size first, canonical base64url, UTF-8 JSON objects, no duplicate members at any depth,
  bounded depth, no NaN/Infinity, the header rules for ``crit``/``b64``/``zip``/``cty``/``typ``);
* `decode_surrealdb` accepts what SurrealDB's ``jsonwebtoken::dangerous::insecure_decode``
  accepts and fails where it fails (reference §3.1 step 1), so that ``policy="surrealdb"``
  classifies malformed tokens the way the engine does.

Both return the exact signing input bytes and the raw signature; nothing here looks at keys.
"""

from __future__ import annotations

import binascii
import json
import re
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple

from .errors import AuthenticationError

#: The algorithms SurrealDB's token header accepts (jsonwebtoken's ``Algorithm`` enum).
HEADER_ALGORITHMS: Final = frozenset(
    {"HS256", "HS384", "HS512", "ES256", "ES384", "RS256", "RS384", "RS512",
     "PS256", "PS384", "PS512", "EdDSA"}
)

MAX_TOKEN_BYTES: Final = 65536
MAX_JSON_DEPTH: Final = 64
#: serde_json's recursion limit, which SurrealDB inherits.
SERDE_DEPTH: Final = 128

GENERIC: Final = "There was a problem with authentication"

_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SEXTET: Final = {char: value for value, char in enumerate(_ALPHABET)}
_TO_STANDARD: Final = bytes.maketrans(b"-_", b"+/")
_PADDING: Final = ("", "", "==", "=")
#: Python 3.11+ can make the C decoder refuse non-alphabet characters itself.
_STRICT_BASE64: Final = sys.version_info >= (3, 11)
_STRICT_MODE: Final[dict[str, bool]] = {"strict_mode": True} if _STRICT_BASE64 else {}
#: Decoded headers by their exact segment text. Issuers send the same header on every token,
#: so a bounded cache skips most of the header work; the key is canonical base64url, so one
#: header has one entry.
_HEADER_CACHE_SIZE: Final = 256
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_TYP_ALLOWED: Final = frozenset({"jwt", "at+jwt"})
_REFUSED_HEADER: Final = ("crit", "b64", "zip", "cty")


class Decoded(NamedTuple):
    """A token split into its parts; nothing in it has been verified."""

    header: Mapping[str, Any]
    claims: dict[str, Any]
    signing_input: bytes
    signature: bytes | None  # None: not base64url (only `decode_surrealdb` defers this)


def malformed(
    detail: str, *, reason: str = "malformed", public: str = GENERIC
) -> AuthenticationError:
    """The error for a token that is not a well-formed JWS/JWT."""
    return AuthenticationError("malformed_token", public, detail, reason=reason)


def b64url_decode(segment: str) -> bytes | None:
    """Decode canonical unpadded base64url, or return None.

    Canonical means what the issuer must have produced: only ``[A-Za-z0-9_-]``, no padding,
    a length that is not 1 modulo 4, and zero trailing bits (so one byte string has exactly
    one spelling). SurrealDB's decoder (the ``base64`` crate, URL_SAFE_NO_PAD) is this strict.
    """
    tail = len(segment) % 4
    if tail == 1:
        return None
    if _STRICT_BASE64:
        # The C decoder refuses anything outside the alphabet; '+', '/' and '=' are in it
        # but not in base64url, so they are refused here first.
        if "+" in segment or "/" in segment or "=" in segment:
            return None
    elif _SEGMENT.fullmatch(segment) is None:
        return None
    if tail and _SEXTET.get(segment[-1], 0) & (0x0F if tail == 2 else 0x03):
        return None
    try:
        return binascii.a2b_base64(
            (segment + _PADDING[tail]).encode("ascii", "replace").translate(_TO_STANDARD),
            **_STRICT_MODE,
        )
    except binascii.Error:
        return None


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return result


class _Repeated(dict[str, Any]):
    """An object that repeated some member names (``again``); the last value won."""

    __slots__ = ("again",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.again = [key for key, _ in pairs if key in seen or _add(seen, key)]


def _add(seen: set[str], key: str) -> bool:
    seen.add(key)
    return False


def _last_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    return result if len(result) == len(pairs) else _Repeated(pairs)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (_INF, -_INF):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _serde_int(text: str) -> int | float:
    # serde_json reads `-0` as the float -0.0 (it is not a valid i64/u64 spelling of zero).
    return -0.0 if text == "-0" else int(text)


_INF: Final = float("inf")


# Built once: json.loads would build a decoder per call when given hooks.
_UNIQUE: Final = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_constant=_no_constants, parse_float=_finite_float
)
_LAST_WINS: Final = json.JSONDecoder(
    object_pairs_hook=_last_wins,
    parse_constant=_no_constants,
    parse_float=_finite_float,
    parse_int=_serde_int,
)
#: Their C scanners (an attribute typeshed does not declare).
_SCANNERS: Final[dict[json.JSONDecoder, Callable[[str, int], tuple[Any, int]]]] = {
    decoder: getattr(decoder, "scan_once") for decoder in (_UNIQUE, _LAST_WINS)  # noqa: B009
}
_SCAN_UNIQUE: Final = _SCANNERS[_UNIQUE]


def _depth(text: str) -> int:
    # Brackets inside strings do not nest; skip string bodies (with their escapes).
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_json(
    data: bytes, *, what: str, max_depth: int, duplicates: bool, known: frozenset[str] = frozenset()
) -> Any:
    """Parse UTF-8 JSON bytes strictly; raise `malformed` on anything else.

    No BOM, no UTF-16, no lone surrogates, no NaN/Infinity, at most ``max_depth`` nesting,
    integers within CPython's digit limit, and (unless ``duplicates``) no repeated member names.
    With ``duplicates``, the last member wins, except that a repeated top-level member named
    in ``known`` is refused (serde's rule: typed fields reject repeats, flattened extras do not).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise malformed(f"the {what} is not UTF-8: {error.reason}") from None
    if text.startswith("\ufeff"):
        raise malformed(f"the {what} starts with a byte-order mark")
    # Counting brackets is a cheap upper bound; only scan properly when it could be too deep.
    if text.count("[") + text.count("{") > max_depth and _depth(text) > max_depth:
        raise malformed(f"the {what} nests deeper than {max_depth} levels")
    decoder = _LAST_WINS if duplicates else _UNIQUE
    try:
        value = _scan(decoder, text)
        if duplicates and isinstance(value, _Repeated):
            for key in value.again:
                if key in known:
                    raise _Duplicate(key)
    except _Duplicate as error:
        raise malformed(f"the {what} repeats the member {str(error)!r}") from None
    except (ValueError, RecursionError) as error:
        raise malformed(f"the {what} is not valid JSON: {error}") from None
    # Raw surrogates cannot survive UTF-8 decoding, so only an escape can produce one.
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise malformed(f"the {what} contains a lone UTF-16 surrogate escape")
    return value


def _scan(decoder: json.JSONDecoder, text: str) -> Any:
    # The C scanner directly: `decode` adds two regex passes for surrounding whitespace.
    # Anything unusual (leading whitespace, an error) goes through `decode` for its message.
    try:
        value, end = _SCANNERS[decoder](text, 0)
    except StopIteration:
        return decoder.decode(text)
    if end != len(text) and text[end:].strip(" \t\r\n"):
        return decoder.decode(text)
    return value


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= char <= "\udfff" for char in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(".")
    if len(parts) != 3:
        raise malformed(f"a compact JWS has 3 dot-separated segments, this has {len(parts)}",
                        public="InvalidToken")
    return parts[0], parts[1], parts[2]


# ---- strict ----------------------------------------------------------------------------------


def decode_strict(token: object, *, max_bytes: int = MAX_TOKEN_BYTES) -> Decoded:
    """Decode a token under the strict verifier policy (security reference §2.2)."""
    if not isinstance(token, str):
        raise malformed(f"a token is a str, not {type(token).__name__}")
    if len(token) > max_bytes:  # before any other work (A19)
        raise malformed(f"the token is longer than {max_bytes} bytes", reason="token_too_large")
    if not token.isascii():
        raise malformed("the token contains non-ASCII characters")
    parts = token.split(".")
    if len(parts) != 3:
        raise malformed(f"a compact JWS has exactly 2 dots, this has {len(parts) - 1}")
    head, body, sig = parts
    header = _STRICT_HEADERS.get(head)
    if header is None:
        header = _object(_segment(head, "header"), "header", MAX_JSON_DEPTH, False, frozenset())
        _check_header(header)
        header = _remember(_STRICT_HEADERS, head, header)
    claims = _fast_payload(body)
    if claims is None:  # anything unusual: the careful path, with its precise message
        claims = _object(_segment(body, "payload"), "payload", MAX_JSON_DEPTH, False, frozenset())
    signature = _segment(sig, "signature")
    # The token is ASCII (checked above): its first two segments are the signing input.
    return Decoded(header, claims, token[: len(head) + len(body) + 1].encode("ascii"), signature)


def _fast_payload(body: str) -> dict[str, Any] | None:
    """The payload object if it is plain (the common case), else None for the careful path.

    Same rules as `b64url_decode` + `parse_json`, inlined: canonical base64url, UTF-8, no
    BOM, shallow, no escapes that could hide a surrogate, one JSON object with no repeats.
    """
    data = b64url_decode(body)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if (
        text[:1] != "{"
        or "\\u" in text
        or text.count("[") + text.count("{") > MAX_JSON_DEPTH
    ):
        return None
    try:
        value, end = _SCAN_UNIQUE(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(text) or not isinstance(value, dict):
        return None
    return value


_STRICT_HEADERS: dict[str, Mapping[str, Any]] = {}
_SURREALDB_HEADERS: dict[str, Mapping[str, Any]] = {}


def _remember(
    cache: dict[str, Mapping[str, Any]], segment: str, header: dict[str, Any]
) -> Mapping[str, Any]:
    if len(cache) >= _HEADER_CACHE_SIZE:
        cache.clear()  # crude but bounded; a flood of distinct headers only costs re-parsing
    shared = cache[segment] = MappingProxyType(header)  # shared between tokens: read-only
    return shared


def _segment(text: str, name: str) -> bytes:
    data = b64url_decode(text)
    if data is None:
        raise malformed(f"the {name} segment is not canonical unpadded base64url")
    return data


def _object(
    data: bytes, what: str, max_depth: int, duplicates: bool, known: frozenset[str]
) -> dict[str, Any]:
    value = parse_json(data, what=what, max_depth=max_depth, duplicates=duplicates, known=known)
    if not isinstance(value, dict):
        raise malformed(f"the {what} is not a JSON object")
    return value


def _header_invalid(detail: str) -> AuthenticationError:
    return AuthenticationError("malformed_token", GENERIC, detail, reason="header_invalid")


def _check_header(header: dict[str, Any]) -> None:
    alg = header.get("alg")
    if not isinstance(alg, str):
        raise _header_invalid("the header has no string `alg`")
    for name in _REFUSED_HEADER:
        if name in header:
            raise _header_invalid(f"the header parameter `{name}` is not supported")
    typ = header.get("typ")
    if typ is not None or "typ" in header:
        if not isinstance(typ, str):
            raise _header_invalid("the header `typ` is not a string")
        kind = typ.lower().removeprefix("application/")
        if kind not in _TYP_ALLOWED:
            raise _header_invalid(f"the token type {typ!r} is not an access token")
    if "kid" in header and not isinstance(header["kid"], str):
        raise _header_invalid("the header `kid` is not a string")


# ---- SurrealDB parity ------------------------------------------------------------------------

#: Header members jsonwebtoken reads as optional strings; `x5c` and `crit` are optional
#: string lists, `jwk` an object; every other member must be a string.
_STRING_HEADER: Final = frozenset({"typ", "cty", "jku", "kid", "x5u", "x5t", "x5t#S256"})
_LIST_HEADER: Final = frozenset({"x5c", "crit"})
_KNOWN_HEADER: Final = _STRING_HEADER | _LIST_HEADER | {"alg", "jwk"}


def decode_surrealdb(token: object, known_claims: frozenset[str]) -> Decoded:
    """Decode a token the way SurrealDB 3.x does before it looks anything up.

    Raises `malformed` with the engine's public text where it is a fixed string
    (``InvalidToken``); for base64 and JSON failures the public text is ours, since the
    engine's is serde's diagnostic. The signature is only decoded when it is checked, as in
    the engine, so a badly encoded signature is an authentication failure, not a malformed
    token: `Decoded.signature` is None then.
    """
    if not isinstance(token, str):
        raise malformed(f"a token is a str, not {type(token).__name__}", public="InvalidToken")
    head, body, sig = _split(token)
    header = _SURREALDB_HEADERS.get(head)
    if header is None:
        header = _serde_object(head, "header", _KNOWN_HEADER)
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in HEADER_ALGORITHMS:  # [] is unhashable
            raise malformed(f"unknown header algorithm {alg!r}",
                            public=f"JSON error: unknown variant `{alg}`")
        for name, value in header.items():
            if not _serde_header_member(name, value):
                raise malformed(f"the header member {name!r} has the wrong type",
                                public="JSON error: invalid type in the token header")
        header = _remember(_SURREALDB_HEADERS, head, header)
    claims = _serde_object(body, "payload", known_claims)
    return Decoded(header, claims, f"{head}.{body}".encode("ascii"), b64url_decode(sig))


def _serde_header_member(name: str, value: Any) -> bool:
    if name == "alg":
        return True  # checked against the algorithm list
    if name in _STRING_HEADER:
        return value is None or isinstance(value, str)
    if name in _LIST_HEADER:
        return value is None or (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        )
    if name == "jwk":
        return value is None or isinstance(value, dict)
    return isinstance(value, str)


def _serde_object(segment: str, what: str, known: frozenset[str]) -> dict[str, Any]:
    data = b64url_decode(segment)
    if data is None:
        raise malformed(f"the {what} segment is not unpadded base64url",
                        public="Base64 error: the token is not valid base64url")
    value = _serde(data, what, known)
    if not isinstance(value, dict):
        raise malformed(f"the {what} is not a JSON object",
                        public=f"JSON error: invalid type, the {what} is not an object")
    return value


def _serde(data: bytes, what: str, known: frozenset[str]) -> Any:
    try:
        return parse_json(data, what=what, max_depth=SERDE_DEPTH, duplicates=True, known=known)
    except AuthenticationError as error:
        raise malformed(error.detail, public=f"JSON error: {error.detail}") from None
