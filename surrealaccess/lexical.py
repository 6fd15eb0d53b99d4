"""SurrealQL lexical values: string escapes, escaped identifiers, numbers and durations.

These functions decode what the grammar's terminals matched and encode values back into the
text SurrealDB prints. They raise `LexicalError`, which the parser turns into a `ParseError`
at the token's position.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

NANOSECOND = 1
MICROSECOND = 1_000
MILLISECOND = 1_000_000
SECOND = 1_000_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY
YEAR = 365 * DAY

#: Unit suffixes in the order SurrealDB prints them (largest first).
DURATION_UNITS: tuple[tuple[str, int], ...] = (
    ("y", YEAR),
    ("w", WEEK),
    ("d", DAY),
    ("h", HOUR),
    ("m", MINUTE),
    ("s", SECOND),
    ("ms", MILLISECOND),
    ("µs", MICROSECOND),
    ("ns", NANOSECOND),
)
_UNIT_SIZE = dict(DURATION_UNITS) | {"us": MICROSECOND}
_DURATION_PART = re.compile(r"([0-9][0-9_]*)(ns|us|µs|ms|s|m|h|d|w|y)")
#: A whole duration literal: one or more number-and-unit parts, nothing else.
_DURATION_TEXT = re.compile(f"(?:{_DURATION_PART.pattern})+")

#: SurrealDB durations are a Rust ``std::time::Duration``: whole seconds must fit in a u64.
MAX_DURATION_NS = (2**64 - 1) * SECOND + (SECOND - 1)

I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


class LexicalError(ValueError):
    """A token matched the grammar but its value is not valid SurrealQL."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset  # where in the token the problem is


def parse_duration(text: str) -> int:
    """Return the nanoseconds of a duration literal such as ``1h30m``."""
    total = 0
    for match in _DURATION_PART.finditer(text):
        total += int(match.group(1).replace("_", "")) * _UNIT_SIZE[match.group(2)]
    if total > MAX_DURATION_NS:
        raise LexicalError("Invalid duration: the value is too large")
    return total


def is_duration_text(text: str) -> bool:
    """Tell whether a string is a valid duration literal (so ``<duration>`` accepts it)."""
    if _DURATION_TEXT.fullmatch(text) is None:
        return False
    try:
        parse_duration(text)
    except ValueError:
        return False
    return True


def format_duration(nanoseconds: int) -> str:
    """Print a duration the way SurrealDB does: greedy units, ``0ns`` for zero (30d -> 4w2d)."""
    if nanoseconds == 0:
        return "0ns"
    parts = []
    rest = nanoseconds
    for unit, size in DURATION_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def parse_int(text: str) -> int:
    """Decode an integer literal (underscores allowed), checking SurrealDB's i64 range."""
    value = int(text.replace("_", ""))
    if value > I64_MAX + 1:  # 2**63 is only valid negated; see `validate.unknown_paths`
        raise LexicalError("Invalid number: the integer does not fit in 64 bits")
    return value


def parse_float(text: str) -> float:
    """Decode a float literal such as ``1.5``, ``1e3`` or ``10f``."""
    return float(text.replace("_", "").removesuffix("f"))


def parse_decimal(text: str) -> Decimal:
    """Decode a decimal literal such as ``1.5dec``."""
    try:
        return Decimal(text.replace("_", "").removesuffix("dec"))
    except InvalidOperation as error:  # pragma: no cover - the terminal only admits numbers
        raise LexicalError("Invalid decimal number") from error


#: Backslash-and-one-character escapes (``\n``, ``\'``…) of string and identifier bodies.
SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "`": "`",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "0": "\0",
    "b": "\b",
    "f": "\f",
}
_HEX = re.compile(r"[0-9A-Fa-f]")


def unescape(body: str, *, closing: str = "") -> str:
    r"""Decode the backslash escapes of a string or escaped identifier body (3.x rules).

    ``closing`` is the delimiter that ends the body; ``⟩`` cannot be escaped (SurrealDB 3.x
    rejects ``\⟩``), so it is simply not among the escapes.
    """
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= n:
            raise LexicalError("Invalid escape sequence", i)
        esc = body[i + 1]
        if esc in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[esc])
            i += 2
        elif esc == "u":
            i = _unescape_unicode(body, i, out)
        else:
            raise LexicalError(f"Invalid escape character `{esc}`", i)
    return "".join(out)


def _unescape_unicode(body: str, i: int, out: list[str]) -> int:
    if body.startswith("{", i + 2):
        close = body.find("}", i + 3)
        digits = body[i + 3 : close] if close != -1 else ""
        if close == -1 or not 1 <= len(digits) <= 6 or not all(_HEX.match(d) for d in digits):
            raise LexicalError("Invalid unicode escape", i)
        code = int(digits, 16)
        end = close + 1
    else:
        digits = body[i + 2 : i + 6]
        if len(digits) != 4 or not all(_HEX.match(d) for d in digits):
            raise LexicalError("Invalid unicode escape", i)
        code = int(digits, 16)
        end = i + 6
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise LexicalError("Invalid unicode escape: not a valid character", i)
    out.append(chr(code))
    return end


def decode_string(token: str) -> str:
    """Decode a quoted string token (``'…'`` or ``"…"``)."""
    return unescape(token[1:-1], closing=token[0])


def decode_ident(token: str) -> str:
    """Decode an identifier token: plain, ```…``` or ``⟨…⟩``."""
    if token.startswith("`"):
        return unescape(token[1:-1], closing="`")
    if token.startswith("⟨"):
        return unescape(token[1:-1], closing="⟩")
    return token


# ---------------------------------------------------------------------------------------------
# Printing

#: Words SurrealDB prints in backticks when used as a name (``keywords.rs::RESERVED_KEYWORD``).
RESERVED_NAMES = frozenset(
    {
        "ALTER", "BEGIN", "BREAK", "CANCEL", "COMMIT", "CONTINUE", "CREATE", "DEFINE", "DELETE",
        "FOR", "IF", "INFO", "INSERT", "KILL", "LIVE", "OPTION", "REBUILD", "RETURN", "RELATE",
        "REMOVE", "SELECT", "LET", "SHOW", "SLEEP", "THROW", "UPDATE", "UPSERT", "USE", "DIFF",
        "RAND", "NONE", "NULL", "AFTER", "BEFORE", "VALUE", "BY", "ALL", "TRUE", "FALSE", "WHERE",
        "TABLE", "TB", "SEQUENCE", "FUNCTION",
    }
)
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def format_float(value: float) -> str:
    """Print a float the way SurrealDB does (``1f``, ``1.5f``, ``1000f`` for 1e3, ``NaN``).

    Like Rust's ``Display`` for ``f64``: the shortest digits that read back, never an exponent.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    digits = format(Decimal(repr(value)), "f")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits + "f"


def quote_string(value: str, quote: str | None = None) -> str:
    """Quote a string as SurrealDB prints it: single quotes unless the text contains one.

    ``quote`` forces the delimiter (``"`` for object keys, a backtick for identifiers).
    """
    if quote is None:
        quote = '"' if "'" in value else "'"
    return quote + _escape(value, quote) + quote


def quote_name(name: str) -> str:
    """Print an identifier, in backticks when it is not a plain, non-reserved word."""
    if (
        _PLAIN_NAME.match(name)
        and name.upper() not in RESERVED_NAMES
        and name not in ("NaN", "Infinity")
    ):
        return name
    return "`" + _escape(name, "`") + "`"


#: How SurrealDB escapes characters in quoted text (the quote itself is escaped as ``\<quote>``).
_PRINT_ESCAPES = {
    "\\": "\\\\",
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\f": "\\f",
    "\b": "\\u{8}",
}


def _escape(value: str, quote: str) -> str:
    return "".join("\\" + ch if ch == quote else _PRINT_ESCAPES.get(ch, ch) for ch in value)
