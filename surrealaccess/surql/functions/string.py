"""``string::*`` built-ins."""

from __future__ import annotations

import ipaddress
import re
import uuid
from urllib.parse import urlsplit

from ... import recordid
from ..values import Value, to_raw_string
from . import builtin


@builtin("string::concat", variadic="any")
def concat(*values: Value) -> Value:
    return "".join(to_raw_string(v) for v in values)


@builtin("string::contains", "string", "string")
def contains(text: str, other: str) -> Value:
    return other in text


@builtin("string::starts_with", "string", "string")
def starts_with(text: str, prefix: str) -> Value:
    return text.startswith(prefix)


@builtin("string::ends_with", "string", "string")
def ends_with(text: str, suffix: str) -> Value:
    return text.endswith(suffix)


@builtin("string::join", "string", variadic="any")
def join(separator: str, *values: Value) -> Value:
    return separator.join(to_raw_string(v) for v in values)


@builtin("string::len", "string")
def length(text: str) -> Value:
    return len(text)


@builtin("string::lowercase", "string")
def lowercase(text: str) -> Value:
    return text.lower()


@builtin("string::uppercase", "string")
def uppercase(text: str) -> Value:
    return text.upper()


@builtin("string::capitalize", "string")
def capitalize(text: str) -> Value:
    return re.sub(r"(^|\s)(\S)", lambda m: m.group(1) + m.group(2).upper(), text)


@builtin("string::repeat", "string", "int")
def repeat(text: str, count: int) -> Value:
    if count < 0 or len(text) * count > 1_000_000:
        raise ValueError("repeat count out of range")
    return text * count


@builtin("string::replace", "string", "string", "string")
def replace(text: str, old: str, new: str) -> Value:
    return text.replace(old, new)


@builtin("string::reverse", "string")
def reverse(text: str) -> Value:
    return text[::-1]


@builtin("string::slice", "string", "option<int>", "option<int>", optional=2)
def slice_(text: str, start: int | None = None, end: int | None = None) -> Value:
    return text[start:end]


@builtin("string::split", "string", "string")
def split(text: str, separator: str) -> Value:
    if separator == "":
        return ("", *text, "")
    return tuple(text.split(separator))


@builtin("string::trim", "string")
def trim(text: str) -> Value:
    return text.strip()


@builtin("string::words", "string")
def words(text: str) -> Value:
    return tuple(text.split())


@builtin("string::matches", "string", "string")
def matches(text: str, pattern: str) -> Value:
    return re.search(pattern, text) is not None


# ---- string::is_* ---------------------------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z"
)
_DOMAIN = re.compile(
    r"(?=.{1,253}\Z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\Z"
)
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\Z"
)


@builtin("string::is_email", "string")
def is_email(text: str) -> Value:
    return _EMAIL.match(text) is not None


@builtin("string::is_alphanum", "string")
def is_alphanum(text: str) -> Value:
    return text != "" and all(c.isascii() and c.isalnum() for c in text)


@builtin("string::is_alpha", "string")
def is_alpha(text: str) -> Value:
    return text != "" and all(c.isascii() and c.isalpha() for c in text)


@builtin("string::is_numeric", "string")
def is_numeric(text: str) -> Value:
    return text != "" and all("0" <= c <= "9" for c in text)


@builtin("string::is_ascii", "string")
def is_ascii(text: str) -> Value:
    return text != "" and text.isascii()


@builtin("string::is_hexadecimal", "string")
def is_hexadecimal(text: str) -> Value:
    return text != "" and all(c in "0123456789abcdefABCDEF" for c in text)


@builtin("string::is_domain", "string")
def is_domain(text: str) -> Value:
    return _DOMAIN.match(text) is not None


@builtin("string::is_uuid", "string")
def is_uuid(text: str) -> Value:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@builtin("string::is_url", "string")
def is_url(text: str) -> Value:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("mailto", "data"))


@builtin("string::is_ip", "string")
def is_ip(text: str) -> Value:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@builtin("string::is_ipv4", "string")
def is_ipv4(text: str) -> Value:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


@builtin("string::is_ipv6", "string")
def is_ipv6(text: str) -> Value:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


@builtin("string::is_semver", "string")
def is_semver(text: str) -> Value:
    return _SEMVER.match(text) is not None


@builtin("string::is_datetime", "string", "option<string>", optional=1)
def is_datetime(text: str, form: str | None = None) -> Value:
    if form is not None:
        from ..errors import Unsupported

        raise Unsupported("string::is_datetime() with a format is not supported by surrealaccess")
    try:
        recordid.parse_datetime(text)
    except recordid.RecordIdUnsupported:
        return True
    except recordid.RecordIdError:
        return False
    return True


@builtin("string::is_record", "string", "option<string>", optional=1)
def is_record(text: str, table: str | None = None) -> Value:
    try:
        record = recordid.parse_record_id(text)
    except recordid.RecordIdError:
        return False
    return table is None or record.table == table
