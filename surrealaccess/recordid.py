r"""Record ids: parse the ``id`` claim of record-access tokens and print ids as SurrealDB 3.x does.

A record-access token (reference §3.4, §8 item 6) names its record in the ``id`` claim as
SurrealQL text, for example ``"user:1"`` or ``"user:⟨a b⟩"``. The engine (surrealdb-core 3.2.4)
parses that text with ``syn::record_id`` and puts the result in ``$auth`` without checking that
the record exists. :func:`parse_record_id` reproduces that parser and :class:`RecordId` its
printed form (``<string> $auth``). Everything here was checked against the embedded engine
(``tests/test_recordid.py`` runs the comparison).

Rules of the claim parser (all observed in the engine):

* Only a **prefix** is parsed; whatever follows a complete record id is silently ignored
  (``user:a b`` is ``user:a``, ``user:1..2`` and ``user:1.5`` are ``user:1``,
  ``user:rand()`` is the string key ``rand`` -- the claim never generates a random key).
* Whitespace and comments (``--``, ``#``, ``//``, ``/* */``) may stand before the table, around
  the ``:`` and between ``-`` and its digits, but not between ``+`` and its digits.
* Table: a plain identifier (ASCII letters, digits, ``_``; any keyword is fine) or a
  backtick/``⟨⟩`` identifier with escapes. ``NaN``/``Infinity`` are not identifiers.
* Key:

  - digits: an ``i64`` when it fits and has no ``_`` (``01`` is ``1``), otherwise the digits
    as a string (``9223372036854775808``, ``1_000``). Digits glued to a following identifier
    form one string key (``1e3``, ``123abc``, ``1`x```` keeps the backticks verbatim);
  - ``-digits``: an integer (``_`` allowed); if a letter, ``.digit`` or ``e`` follows, or the
    value is out of range, the string ``"-digits"`` (``user:-5a`` is the string ``-5``);
  - ``+digits``: like digits, but never glued (``user:+5a`` is ``5``);
  - an identifier (backtick/``⟨⟩`` ones unescaped, ``NaN``/``Infinity`` included) is a string;
  - ``u'…'``/``u"…"``: a UUID (text after the 36th character inside the quotes is ignored);
  - ``[…]`` / ``{…}``: an array / an object of SurrealQL *values*: strings, integers, floats,
    decimals, durations, datetimes, UUIDs, ``true``/``false``/``NONE``/``NULL``, nested
    record ids, arrays and objects. Objects keep one entry per key (the last) sorted by key.
    Nesting is limited to 100 levels.

Printing (``str(RecordId)``), as the engine prints ``$auth``:

* table names and string keys are wrapped in backticks when empty, when they contain a
  character other than ASCII letters, digits and ``_``, when they contain no character other
  than digits and ``_`` (``123``, ``_1``), or when they are ``NaN``/``Infinity``; inside,
  ``\``, the backtick and the control characters NUL, TAB, LF, CR, FF and BS are escaped;
* strings inside arrays/objects use ``'…'``, or ``"…"`` when they contain ``'``;
* object keys are bare identifiers or ``"…"``; objects print as ``{ a: 1, b: 2 }``, an empty
  one as ``{  }``;
* floats print with an ``f`` suffix and without exponent (``1e3`` prints ``1000f``), decimals
  with ``dec``, durations re-split into units (``90s`` prints ``1m30s``), datetimes in UTC as
  ``d'2020-01-01T00:00:00Z'``, UUIDs lower-case as ``u'…'``.
* The printed form does not always read back (the engine's does not either): a table name
  starting with a digit prints bare (``⟨1a⟩:x`` prints ``1a:x``), so does a nested record id
  whose table is ``NONE``/``NULL``/``TRUE``/``FALSE`` (``[TRUE:0]``), and a string key such as
  ``36NaN`` prints as ``user:36NaN``, which reads back as ``user:36``.

Some values the engine accepts inside array/object keys are not modelled: ranges, sets,
geometries, bytes, regexes, datetimes outside the years 1-9999, leap seconds and decimals
that need rounding. For those
:func:`parse_record_id` raises :class:`RecordIdUnsupported` (a :class:`RecordIdError`), never a
wrong value.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as _dt
import decimal
import math
import uuid
from typing import NamedTuple, NoReturn

from .lexical import I64_MAX as _I64_MAX
from .lexical import I64_MIN as _I64_MIN
from .lexical import SIMPLE_ESCAPES

# The value classes live in `surrealaccess.surql.values`, the library's one value model; they
# are re-exported here because record ids were where the library first needed them.
from .surql.values import (
    NULL,
    Datetime,
    Duration,
    Null,
    RecordId,
    RecordKey,
    RecordObject,
    Value,
)

__all__ = [
    "NULL",
    "Datetime",
    "Duration",
    "Null",
    "RecordId",
    "RecordIdError",
    "RecordIdUnsupported",
    "RecordKey",
    "RecordObject",
    "Value",
    "parse_datetime",
    "parse_record_id",
    "parse_uuid",
]

_U64_MAX = 2**64 - 1
#: Deepest nesting of arrays/objects/parentheses the engine accepts.
_MAX_DEPTH = 100


class RecordIdError(ValueError):
    """The text is not a record id the engine would accept.

    ``message`` is the first line of the engine's error after ``"Parse error: "`` where it
    could be reproduced, for example ``"Unexpected end of file, expected :"``; ``offset`` is
    the 0-based character offset in the parsed text the error points at.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class RecordIdUnsupported(RecordIdError):
    """The text uses a value this module does not model (ranges, sets, geometries, bytes, ...).

    The engine may accept such an id; this module refuses it instead of guessing.
    """


# --------------------------------------------------------------------------- lexer

_WHITESPACE = frozenset(
    " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
)
_LINE_ENDS = frozenset("\r\n\u2028\u2029\u0085")
_UNICODE_OPERATORS = frozenset("∋∌∈∉⊇⊃⊅⊆⊂⊄×÷")
_STRING_PREFIXES = {"s": "str", "r": "rstr", "u": "ustr", "d": "dstr", "b": "bstr", "f": "fstr"}
_TOKEN_NAMES = {
    "word": "an identifier",
    "qident": "an identifier",
    "digits": "a number",
    "nan": "NaN",
    "inf": "Infinity",
    "param": "a parameter",
    "str": "a strand",
    "rstr": "a record-id strand",
    "ustr": "a uuid",
    "dstr": "a datetime",
    "bstr": "a bytestring",
    "fstr": "a file",
    "…": "...",
    "eof": "Eof",
    "invalid": "Invalid",
}


def _to_int(source: str) -> int:
    """``int`` of optionally signed ASCII digits, saturating far beyond 64 bits."""
    sign = -1 if source.startswith("-") else 1
    body = source.lstrip("+-").lstrip("0") or "0"
    return sign * (2**200 if len(body) > 40 else int(body))


# Words the engine lexes as keywords (or language/algorithm/distance/vector-type names). They
# parse like identifiers everywhere here and only change how an unexpected token is named.
_KEYWORDS = """ACCESS AFTER ALGORITHM ALL ALLINSIDE ALTER ALWAYS ANALYZER AND ANDKW ANYINSIDE API AS
    ASCENDING ASCII ASSERT ASYNC AT AUTHENTICATE AUTO BACKEND BATCH BEARER BEFORE BEGIN BLANK
    BM25 BREAK BUCKET BY CAMEL CANCEL CAPACITY CASCADE CHANGEFEED CHANGES CLASS COLLATE COMMENT
    COMMIT COMPACT COMPUTED CONCURRENTLY CONFIG CONTAINS CONTAINSALL CONTAINSANY CONTAINSNONE
    CONTAINSNOT CONTENT CONTINUE COUNT CREATE DATABASE DEFAULT DEFINE DELETE DESCENDING DIFF
    DIMENSION DISTANCE DROP DUPLICATE EDGENGRAM EFC ELSE END ENFORCED EVENT EXCLUDE EXISTS
    EXPIRED EXPLAIN EXPUNGE EXTEND_CANDIDATES FETCH FIELD FIELDS FILTERS FLEXIBLE FOR FROM FULL
    FULLTEXT FUNCTION FUNCTIONS GRANT GRAPHQL GROUP HEADERS HIGHLIGHTS HNSW IF IGNORE IN INCLUDE
    INDEX INFO INSERT INSIDE INTERSECTS INTO IS ISSUER JWKS JWT KEEP_PRUNED_CONNECTIONS KEY KILL
    LET LIMIT LIVE LM LOWERCASE M M0 MAPPER MAXDEPTH MERGE MIDDLEWARE MODEL MODULE NAMESPACE
    NGRAM NO NOINDEX NONE NONEINSIDE NORMAL NOT NOTINSIDE NULL NUMERIC OMIT ON ONLY OPTION OR
    ORDER ORIGINAL OUT OUTSIDE OVERWRITE PARALLEL PARAM PASSHASH PASSWORD PATCH PERMISSIONS
    POSTINGS_CACHE POSTINGS_ORDER PREPARE PUNCT PURGE RANGE READONLY REBUILD REFERENCE REFRESH
    REJECT RELATE RELATION REMOVE REPLACE RETRY RETURN REVOKE REVOKED ROLES ROOT SCHEMAFULL
    SCHEMALESS SELECT SEQUENCE SESSION SET SHOW SIGNIN SIGNUP SINCE SLEEP SNOWBALL SPLIT START
    STRICT STRUCTURE SYSTEM TABLE TABLES TEMPFILES TERMS_CACHE TERMS_ORDER THEN THROW TIMEOUT TO
    TOKEN TOKENIZERS TRANSACTION TYPE UNIQUE UNSET UPDATE UPPERCASE UPSERT URL USE USER VALUE
    VALUES VERSION VS WHEN WHERE WITH ANY ARRAY BOOL BYTES COLLECTION DATETIME DECIMAL DURATION
    FEATURE FILE FLOAT GEOMETRY INT LINE MULTILINE MULTIPOINT MULTIPOLYGON NUMBER OBJECT POINT
    POLYGON RAND RECORD REFERENCES REGEX STRING ULID UUID GET POST PUT TRACE EDDSA ES256 ES384
    ES512 HS256 HS384 HS512 PS256 PS384 PS512 RS256 RS384 RS512 CHEBYSHEV COSINE EUCLIDEAN
    HAMMING JACCARD MANHATTAN MINKOWSKI PEARSON F32 F64 I16 I32 I64"""
_KEYWORD_NAMES = {word: word for word in _KEYWORDS.split()}
_KEYWORD_NAMES.update(
    ASC="ASCENDING",
    COLUMNS="FIELDS",
    DB="DATABASE",
    DESC="DESCENDING",
    DIST="DISTANCE",
    FLEX="FLEXIBLE",
    FLEXI="FLEXIBLE",
    KV="ROOT",
    NS="NAMESPACE",
    SC="SCOPE",
    SCHEMAFUL="SCHEMAFULL",
    TB="TABLE",
    TRUE="true",
    FALSE="false",
    FN="fn",
    SILO="silo",
    MOD="mod",
    ML="ml",
)
for _name, _aliases in {
    "ARABIC": "AR ARA",
    "DANISH": "DA DAN",
    "DUTCH": "NL NLD",
    "ENGLISH": "EN ENG",
    "FINNISH": "FI FIN",
    "FRENCH": "FR FRA",
    "GERMAN": "DE DEU",
    "GREEK": "EL ELL",
    "HUNGARIAN": "HU HUN",
    "ITALIAN": "IT ITA",
    "NORWEGIAN": "NOR",
    "PORTUGUESE": "POR PT",
    "ROMANIAN": "RO RON",
    "RUSSIAN": "RU RUS",
    "SPANISH": "ES SPA",
    "SWEDISH": "SV SWE",
    "TAMIL": "TA TAM",
    "TURKISH": "TR TUR",
}.items():
    for _alias in [_name, *_aliases.split()]:
        _KEYWORD_NAMES[_alias] = _name


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _is_alpha(char: str) -> bool:
    return ("a" <= char <= "z") or ("A" <= char <= "Z")


def _is_word(char: str) -> bool:
    return _is_alpha(char) or _is_digit(char) or char == "_"


class _Token(NamedTuple):
    kind: str
    start: int
    end: int
    error: str = ""
    error_at: int = 0


class _Lexer:
    """Lexes SurrealQL tokens lazily at given positions, skipping whitespace and comments."""

    __slots__ = ("_cache", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[int, _Token] = {}

    def char(self, pos: int) -> str:
        return self.text[pos] if pos < len(self.text) else ""

    def token(self, pos: int) -> _Token:
        found = self._cache.get(pos)
        if found is None:
            found = self._lex(pos)
            self._cache[pos] = found
        return found

    def _skip(self, pos: int) -> int | _Token:
        """Skip whitespace and comments; return the new position or an invalid token."""
        text = self.text
        size = len(text)
        while pos < size:
            char = text[pos]
            if char in _WHITESPACE:
                pos += 1
            elif char == "#" or text.startswith(("--", "//"), pos):
                while pos < size and text[pos] not in _LINE_ENDS:
                    pos += 1
                if text.startswith("\r\n", pos):
                    pos += 1
                pos += 1  # the line end belongs to the comment
            elif text.startswith("/*", pos):
                end = text.find("*/", pos + 2)
                if end < 0:
                    return _Token(
                        "invalid",
                        pos,
                        size,
                        "Unexpected end of file, expected multi-line comment to end.",
                        pos,
                    )
                pos = end + 2
            else:
                break
        return pos

    def _lex(self, pos: int) -> _Token:
        skipped = self._skip(pos)
        if isinstance(skipped, _Token):
            return skipped
        pos = skipped
        text = self.text
        if pos >= len(text):
            return _Token("eof", pos, pos)
        char = text[pos]
        nxt = self.char(pos + 1)
        if _is_digit(char):
            end = pos + 1
            while end < len(text) and (_is_digit(text[end]) or text[end] == "_"):
                end += 1
            return _Token("digits", pos, end)
        if char in _STRING_PREFIXES and nxt in ("'", '"'):
            return self._string(pos, pos + 1, _STRING_PREFIXES[char])
        if _is_alpha(char) or char == "_":
            end = pos + 1
            while end < len(text) and _is_word(text[end]):
                end += 1
            word = text[pos:end]
            kind = "nan" if word == "NaN" else "inf" if word == "Infinity" else "word"
            return _Token(kind, pos, end)
        if char in ("'", '"'):
            return self._string(pos, pos, "str")
        if char == "`" or char == "⟨":
            return self._quoted_ident(pos, "`" if char == "`" else "⟩")
        if char == "$":
            if nxt == "_" or _is_alpha(nxt):
                end = pos + 1
                while end < len(text) and _is_word(text[end]):
                    end += 1
                return _Token("param", pos, end)
            if nxt in ("`", "⟨"):
                quoted = self._quoted_ident(pos + 1, "`" if nxt == "`" else "⟩")
                if quoted.kind == "invalid":
                    return quoted._replace(start=pos)
                return _Token("param", pos, quoted.end)
            return _Token("$", pos, pos + 1)
        if char.isascii():
            return self._operator(pos, char, nxt)
        if char == "…":
            return _Token("…", pos, pos + 1)
        if char in _UNICODE_OPERATORS:
            return _Token(char, pos, pos + 1)
        return _Token("invalid", pos, pos + 1, f"Invalid token `{char}`", pos)

    def _operator(self, pos: int, char: str, nxt: str) -> _Token:
        two = char + nxt
        if char in "{}[]();,~@%":
            return _Token(char, pos, pos + 1)
        if two in ("||", "&&", "!=", "!~", "?:", "?~", "?=", "<=", "<|", ">=", "->", "-="):
            return _Token(two, pos, pos + 2)
        if two in ("+=", "**", "*=", "*~", "==", "::"):
            return _Token(two, pos, pos + 2)
        if char == "&":
            return _Token(
                "invalid",
                pos,
                pos + 1,
                "Invalid token `&`, single `&` are not a valid token, did you mean `&&`?",
                pos,
            )
        if two == "+?":
            if self.char(pos + 2) == "=":
                return _Token("+?=", pos, pos + 3)
            return _Token(
                "invalid", pos, pos + 2, "Invalid token `+?` did you maybe mean `+?=` ?", pos
            )
        if char == ".":
            if nxt == ".":
                if self.char(pos + 2) == ".":
                    return _Token("...", pos, pos + 3)
                return _Token("..", pos, pos + 2)
            return _Token(".", pos, pos + 1)
        if char in "|!?<>-+/*=:":
            return _Token(char, pos, pos + 1)
        return _Token("invalid", pos, pos + 1, f"Invalid token `{char}`", pos)

    def _string(self, start: int, quote_at: int, kind: str) -> _Token:
        text = self.text
        quote = text[quote_at]
        pos = quote_at + 1
        while pos < len(text):
            char = text[pos]
            if char == quote:
                return _Token(kind, start, pos + 1)
            if char == "\\":
                pos += 1
                if pos >= len(text):
                    break
            pos += 1
        return _Token(
            "invalid", start, len(text), "Unexpected end of file, expected string to end.", start
        )

    def _quoted_ident(self, start: int, close: str) -> _Token:
        text = self.text
        pos = start + 1
        while pos < len(text):
            char = text[pos]
            if char == close:
                return _Token("qident", start, pos + 1)
            if char == "\\":
                pos += 1
                if pos >= len(text):
                    return _Token(
                        "invalid",
                        start,
                        len(text),
                        "Unexpected end of file, expected identifier to end.",
                        start,
                    )
            pos += 1
        return _Token(
            "invalid",
            start,
            len(text),
            f"Unexpected end of file, expected identifier to end with `{close}`",
            start,
        )


def _unescape(text: str, start: int, end: int) -> str:
    """Resolve the escape sequences of ``text[start:end]`` (a string or quoted identifier body)."""
    out: list[str] = []
    pos = start
    while pos < end:
        char = text[pos]
        if char != "\\":
            out.append(char)
            pos += 1
            continue
        before = pos
        pos += 1
        code = text[pos] if pos < end else ""
        pos += 1
        if code in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[code])
        elif code == "u":
            char, pos = _unicode_escape(text, pos, end, before)
            out.append(char)
        else:
            raise RecordIdError("Invalid escape sequence", before)
    return "".join(out)


def _unicode_escape(text: str, pos: int, end: int, before: int) -> tuple[str, int]:
    def hexval(char: str) -> int | None:
        if _is_digit(char) or "a" <= char <= "f" or "A" <= char <= "F":
            return int(char, 16)
        return None

    accum = 0
    if pos < end and text[pos] == "{":
        pos += 1
        for _ in range(6):
            char = text[pos] if pos < end else ""
            digit = hexval(char) if char else None
            if digit is not None:
                accum = accum * 16 + digit
                pos += 1
            elif char == "}":
                break
            else:
                raise RecordIdError(
                    "Invalid escape sequence, expected `}` or hexadecimal character.", pos
                )
        if not (pos < end and text[pos] == "}"):
            raise RecordIdError("Invalid escape sequence, expected `}` character.", pos)
        pos += 1
        if accum > 0x10FFFF or 0xD800 <= accum <= 0xDFFF:
            raise RecordIdError(
                "Invalid escape sequence, unicode escape character is not a valid unicode "
                "character.",
                before,
            )
        return chr(accum), pos
    for _ in range(4):
        char = text[pos] if pos < end else ""
        digit = hexval(char) if char else None
        if digit is None:
            raise RecordIdError(
                "String contains invalid escape sequence, expected a hexadecimal character.", pos
            )
        accum = accum * 16 + digit
        pos += 1
    if 0xD800 <= accum <= 0xDFFF:
        raise RecordIdError(
            "String contains invalid escape sequence, unicode escape character is not a valid "
            "unicode character.",
            before,
        )
    return chr(accum), pos


# --------------------------------------------------------------------------- compound lexing


def _parse_uuid(body: str, offset: int) -> uuid.UUID:
    """Lex a UUID from a string body (text after the 36 characters is ignored, as in 3.2.4)."""
    digits: list[str] = []
    pos = 0
    for index, group in enumerate((8, 4, 4, 4, 12)):
        if index:
            if pos >= len(body):
                raise RecordIdError(
                    "Unexpected end of string, expected UUID token to finish", offset + pos
                )
            if body[pos] != "-":
                raise RecordIdError(
                    f"Unexpected character `{body[pos]}`, expected byte separator `-`",
                    offset + pos,
                )
            pos += 1
        for _ in range(group):
            if pos >= len(body):
                raise RecordIdError(
                    "Unexpected end of string, expected UUID token to finish", offset + pos
                )
            char = body[pos]
            if not (_is_digit(char) or "a" <= char <= "f" or "A" <= char <= "F"):
                raise RecordIdError(
                    f"Unexpected character `{char}` expected hexidecimal digit", offset + pos
                )
            digits.append(char)
            pos += 1
    return uuid.UUID("".join(digits))


def _parse_datetime(body: str, offset: int) -> Datetime:
    """Lex a datetime from a string body, as ``Lexer::lex_datetime`` of 3.2.4 does."""
    pos = 0

    def fail(message: str, at: int) -> NoReturn:
        raise RecordIdError(message, offset + at)

    def digits(least: int, optional: int, low: int, high: int) -> int:
        nonlocal pos
        start = pos
        value = 0
        for _ in range(least):
            if pos >= len(body):
                fail("Expected end of datetime, expected datetime digit character", pos)
            char = body[pos]
            if not _is_digit(char):
                fail(f"Invalid datetime, expected digit character found `{char}`", pos)
            value = value * 10 + int(char)
            pos += 1
        for _ in range(optional):
            if pos < len(body) and _is_digit(body[pos]):
                value = value * 10 + int(body[pos])
                pos += 1
            else:
                break
        if not low <= value <= high:
            fail("Invalid datetime digit section, section not within allowed range", start)
        return value

    def separator(sep: str) -> None:
        nonlocal pos
        if pos >= len(body):
            fail(f"Expected end of string, expected datetime separator character `{sep}`", pos)
        if body[pos] != sep:
            fail(
                f"Unexpected character `{body[pos]}`, expected datetime separator characters "
                f"`{sep}`",
                pos,
            )
        pos += 1

    negative = body.startswith("-")
    if negative or body.startswith("+"):
        pos += 1
    # The engine reads the mandatory digits and then up to len(range) more (a quirk: the year
    # takes 4 to 7 digits, every two-digit field 2 or 3).
    year = digits(4, 3, 0, 2**64)
    separator("-")
    month = digits(2, 1, 1, 12)
    separator("-")
    day = digits(2, 1, 1, 31)
    if negative:
        year = -year
    if not -262_143 <= year <= 262_142 or day > calendar.monthrange(2000 + year % 400, month)[1]:
        fail("Invalid Datetime date: date outside of valid range", 0)
    if pos >= len(body):
        hour = minute = second = nanos = 0
        zone = 0
    else:
        if body[pos] not in "tT ":
            fail(f"Unexpected character `{body[pos]}`, expected time separator `T`", pos)
        pos += 1
        time_start = pos
        hour = digits(2, 1, 0, 24)
        separator(":")
        minute = digits(2, 1, 0, 59)
        separator(":")
        second = digits(2, 1, 0, 60)
        nanos = 0
        if pos < len(body) and body[pos] == ".":
            pos += 1
            count = 0
            while pos < len(body) and _is_digit(body[pos]):
                if count < 9:
                    nanos = nanos * 10 + int(body[pos])
                elif count == 9 and int(body[pos]) >= 5:
                    nanos += 1
                count += 1
                pos += 1
            if count == 0:
                fail("Invalid datetime nanoseconds, expected at least a single digit", pos)
            nanos *= 10 ** max(0, 9 - count)
        if (
            hour >= 24
            or minute >= 60
            or second >= 60
            or nanos >= 2_000_000_000
            or (nanos >= 1_000_000_000 and second != 59)
        ):
            fail("Invalid Datetime time: time outside of valid range", time_start)
        if pos >= len(body):
            fail("Invalid end of datetime, expected datetime timezone", pos)
        sign = body[pos]
        pos += 1
        if sign in "+-":
            zone_hours = digits(2, 1, 0, 23)
            separator(":")
            zone_minutes = digits(2, 1, 0, 59)
            zone = (zone_hours * 3600 + zone_minutes * 60) * (1 if sign == "+" else -1)
        elif sign in "zZ":
            zone = 0
        else:
            fail(f"Unexpected character `{sign}`, expected `Z` or a timezone offset.", pos - 1)
        if nanos >= 1_000_000_000:
            raise RecordIdUnsupported("datetimes on a leap second are not supported", offset)
    if not 1 <= year <= 9999:
        raise RecordIdUnsupported("datetimes outside the years 1-9999 are not supported", offset)
    local = _dt.datetime(year, month, day, hour, minute, second, tzinfo=_dt.timezone.utc)
    try:
        moment = local - _dt.timedelta(seconds=zone)
    except OverflowError:
        raise RecordIdUnsupported(
            "datetimes outside the years 1-9999 are not supported", offset
        ) from None
    if not 1 <= moment.year <= 9999:
        raise RecordIdUnsupported("datetimes outside the years 1-9999 are not supported", offset)
    return Datetime(moment.replace(microsecond=nanos // 1000), nanos)


# --------------------------------------------------------------------------- parser

_ObjectEntries = dict[str, Value]
_GEOMETRY_TYPES = frozenset(
    (
        "Point",
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "GeometryCollection",
    )
)


def _may_be_geometry(entries: _ObjectEntries) -> bool:
    """Whether the engine could turn this nested object into a geometry (observed for 3.2.4).

    A ``Point`` becomes one only with exactly two float coordinates; for the other GeoJSON
    types the conditions were not worked out, so any two-key ``type``/``coordinates`` (or
    ``geometries``) object with such a type counts as a possible geometry.
    """
    kind = entries.get("type")
    if set(entries) not in ({"type", "coordinates"}, {"type", "geometries"}):
        return False
    if kind == "Point":
        coordinates = entries.get("coordinates")
        return (
            isinstance(coordinates, tuple)
            and len(coordinates) == 2
            and all(isinstance(item, float) for item in coordinates)
        )
    return isinstance(kind, str) and kind in _GEOMETRY_TYPES


_SIMPLE_KEYWORDS = {"NONE": None, "NULL": NULL, "TRUE": True, "FALSE": False}


class _Parser:
    """A recursive-descent port of the engine's ``parse_value_record_id``."""

    __slots__ = ("depth", "lexer", "pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lexer = _Lexer(text)
        self.pos = 0
        self.depth = 0

    # ------------------------------------------------------------------ token helpers

    def peek(self) -> _Token:
        return self.lexer.token(self.pos)

    def peek_adjacent(self, after: int | None = None) -> _Token | None:
        """The next token if nothing (no whitespace, no comment) separates it from ``after``."""
        at = self.pos if after is None else after
        token = self.lexer.token(at)
        return token if token.start == at else None

    def advance(self, token: _Token) -> _Token:
        self.pos = token.end
        return token

    def next(self) -> _Token:
        return self.advance(self.peek())

    def eat(self, kind: str) -> bool:
        token = self.peek()
        if token.kind == kind:
            self.advance(token)
            return True
        return False

    def unexpected(self, token: _Token, expected: str) -> NoReturn:
        if token.kind == "invalid":
            raise RecordIdError(token.error, token.error_at)
        if token.kind == "eof":
            raise RecordIdError(f"Unexpected end of file, expected {expected}", token.start)
        raise RecordIdError(
            f"Unexpected token `{self.display(token)}`, expected {expected}", token.start
        )

    def display(self, token: _Token) -> str:
        if token.kind == "word":
            word = self.text[token.start : token.end].upper()
            return _KEYWORD_NAMES.get(word, "an identifier")
        return _TOKEN_NAMES.get(token.kind, token.kind)

    def expect(self, kind: str, expected: str) -> _Token:
        token = self.peek()
        if token.kind != kind:
            self.unexpected(token, expected)
        return self.advance(token)

    def expect_closing(self, delim: str) -> None:
        token = self.peek()
        if token.kind != delim:
            raise RecordIdError(
                f"Unexpected token `{self.display(token)}` expected delimiter `{delim}`",
                token.start,
            )
        self.advance(token)

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise RecordIdError("Exceeded object recursion depth limit", token.start)

    def unsupported(self, what: str, token: _Token) -> NoReturn:
        raise RecordIdUnsupported(f"{what} inside record keys are not supported", token.start)

    def string_body(self, token: _Token) -> tuple[int, int]:
        """Start and end of the text between the quotes of a string-like token."""
        quote_at = token.start if self.text[token.start] in "'\"" else token.start + 1
        return quote_at + 1, token.end - 1

    # ------------------------------------------------------------------ grammar

    def ident(self, token: _Token) -> str:
        if token.kind == "qident":
            return _unescape(self.text, token.start + 1, token.end - 1)
        return self.text[token.start : token.end]

    def parse_ident(self) -> str:
        token = self.next()
        if token.kind not in ("word", "qident"):
            self.unexpected(token, "an identifier")
        return self.ident(token)

    def record_id(self) -> RecordId:
        table = self.parse_ident()
        self.expect(":", ":")
        return RecordId(table, self.record_key())

    def record_key(self) -> RecordKey:
        token = self.peek()
        kind = token.kind
        if kind == "ustr":
            self.advance(token)
            start, end = self.string_body(token)
            return _parse_uuid(_unescape(self.text, start, end), start)
        if kind == "{":
            self.advance(token)
            self.enter(token)
            entries = self.object_entries({})
            self.depth -= 1
            return RecordObject(entries)
        if kind == "[":
            self.advance(token)
            self.enter(token)
            items = self.array_items()
            self.depth -= 1
            return items
        if kind == "+":
            self.advance(token)
            digits = self.peek_adjacent()
            if digits is None:
                raise RecordIdError("Unexpected whitespace", token.start)
            if digits.kind != "digits":
                self.unexpected(digits, "an integer")
            # The engine does not consume the digits here: text after them is left over.
            return self.digits_key(self.text[digits.start : digits.end])
        if kind == "-":
            self.advance(token)
            digits = self.expect("digits", "a number")
            raw = self.text[digits.start : digits.end]
            number = self.plain_integer(digits)
            if number is None or number > 2**63:
                return "-" + raw
            return -number

        if kind == "digits":
            glued = self.peek_adjacent(token.end)
            if glued is not None and glued.kind in ("word", "qident"):
                self.advance(glued)
                return self.text[token.start : glued.end]
            self.advance(token)
            return self.digits_key(self.text[token.start : token.end])
        token = self.next()
        if token.kind in ("nan", "inf"):
            return self.text[token.start : token.end]
        if token.kind not in ("word", "qident"):
            self.unexpected(token, "an identifier")
        return self.ident(token)

    @staticmethod
    def digits_key(raw: str) -> int | str:
        if "_" not in raw and _to_int(raw) <= _I64_MAX:
            return _to_int(raw)
        return raw

    def plain_integer(self, digits: _Token) -> int | None:
        """``compound::integer::<u64>`` on a digits token: None where the engine's fails.

        When a letter follows the digits, the engine's lexer has already consumed that letter
        when it gives up, so the parser continues after it (``[a:-5a]`` is ``[a:`-5`]``).
        """
        end = digits.end
        char = self.lexer.char(end)
        if _is_alpha(char):
            self.pos = end + 1
            return None
        if char == "." and _is_digit(self.lexer.char(end + 1)):
            return None
        value = _to_int(self.text[digits.start : end].replace("_", ""))
        return value if value <= _U64_MAX else None

    def object_entries(self, entries: _ObjectEntries) -> _ObjectEntries:
        while True:
            if self.eat("}"):
                return entries
            key = self.object_key()
            self.expect(":", ":")
            entries[key] = self.value()
            if not self.eat(","):
                self.expect_closing("}")
                return entries

    def array_items(self) -> tuple[Value, ...]:
        items: list[Value] = []
        while True:
            if self.eat("]"):
                return tuple(items)
            items.append(self.value())
            if not self.eat(","):
                self.expect_closing("]")
                return tuple(items)

    def set_items(self) -> None:
        """Parse the rest of a set ``{a, b}`` (the engine's errors apply, the value is dropped)."""
        count = 0
        while True:
            if self.eat("}"):
                return
            self.value()
            count += 1
            if not self.eat(","):
                if count <= 1:
                    self.unexpected(self.peek(), "`,`")
                self.expect_closing("}")
                return

    def object_key(self) -> str:
        token = self.peek()
        if token.kind in ("word", "qident"):
            self.advance(token)
            return self.ident(token)
        if token.kind == "str":
            self.advance(token)
            start, end = self.string_body(token)
            return _unescape(self.text, start, end)
        if token.kind == "digits":
            self.advance(token)
            kind, end, number_end = self.number_scan(token)
            with contextlib.suppress(RecordIdUnsupported):  # only its text matters here
                self.number_value(kind, token, number_end)
            self.pos = end
            return self.text[token.start : end]
        self.unexpected(token, "an object key")

    def value(self) -> Value:
        token = self.peek()
        result = self.value_inner(token)
        after = self.peek_adjacent()
        if after is not None and after.kind == ">":
            self.advance(after)
            dots = self.peek_adjacent()
            if dots is None:
                raise RecordIdError("Unexpected whitespace", after.end)
            if dots.kind != "..":
                self.unexpected(dots, "..")
            self.unsupported("ranges", token)
        if after is not None and after.kind == "..":
            self.unsupported("ranges", token)
        return result

    def value_inner(self, token: _Token) -> Value:
        kind = token.kind
        if kind == "word":
            upper = self.text[token.start : token.end].upper()
            if upper in _SIMPLE_KEYWORDS:
                self.advance(token)
                return _SIMPLE_KEYWORDS[upper]
        elif kind in ("nan", "inf"):
            self.advance(token)
            return math.nan if kind == "nan" else math.inf
        elif kind == "{":
            self.advance(token)
            if self.eat("}"):
                return RecordObject()
            if self.eat(","):
                self.expect_closing("}")
                self.unsupported("sets", token)
            self.enter(token)
            first = self.peek()
            if first.kind in ("str", "word", "qident", "digits"):
                key = self.object_key()
                if self.eat(":"):
                    entries: _ObjectEntries = {key: self.value()}
                    if self.eat(","):
                        entries = self.object_entries(entries)
                    else:
                        self.expect_closing("}")
                    self.depth -= 1
                    if _may_be_geometry(entries):
                        self.unsupported("geometries", token)
                    return RecordObject(entries)
                self.pos = first.start  # not an object after all: the engine backtracks
            self.set_items()
            self.unsupported("sets", token)
        elif kind == "[":
            self.advance(token)
            self.enter(token)
            items = self.array_items()
            self.depth -= 1
            return items
        elif kind == "str":
            self.advance(token)
            start, end = self.string_body(token)
            return _unescape(self.text, start, end)
        elif kind == "dstr":
            self.advance(token)
            start, end = self.string_body(token)
            return _parse_datetime(_unescape(self.text, start, end), start)
        elif kind == "ustr":
            self.advance(token)
            start, end = self.string_body(token)
            return _parse_uuid(_unescape(self.text, start, end), start)
        elif kind == "bstr":
            self.unsupported("bytes", token)
        elif kind == "fstr":
            self.unexpected(token, "the experimental files feature to be enabled")
        elif kind == "/":
            self.unsupported("regexes", token)
        elif kind == "..":
            self.unsupported("ranges", token)
        elif kind == "(":
            self.advance(token)
            inner = self.peek()
            if inner.kind in ("+", "-", "digits"):
                self.advance(inner)
                number, end = self.numeric(inner)
                self.pos = end
                if self.peek().kind == ",":
                    self.unsupported("geometries", token)
                self.expect_closing(")")
                return number
            self.enter(token)
            result = self.value()
            self.expect_closing(")")
            self.depth -= 1
            return result
        elif kind in ("+", "-", "digits"):
            self.advance(token)
            number, end = self.numeric(token)
            self.pos = end
            return number
        return self.record_id()

    # ------------------------------------------------------------------ numbers

    def numeric(self, token: _Token) -> tuple[Value, int]:
        """``compound::numeric``: a number or, after bare digits, a duration."""
        if token.kind == "digits":
            char = self.lexer.char(token.end)
            # U+0080..U+00BF share the first UTF-8 byte of `µ`, which is all the engine checks.
            if (
                char in ("n", "s", "m", "h", "y", "w", "u")
                or "\x80" <= char <= "\xbf"
                or (char == "d" and self.lexer.char(token.end + 1) != "e")
            ):
                return self.duration(token)
        return self.number(token)

    def eat_digits1(self, pos: int, start: int) -> int:
        char = self.lexer.char(pos)
        if not char:
            raise RecordIdError("Unexpected end of file, expected a number token digit", start)
        if not char.isascii():  # the engine decodes a lone byte of the character here
            raise RecordIdError("Invalid, non valid UTF-8 bytes, in source", pos)
        if not _is_digit(char):
            raise RecordIdError(f"Invalid number token, expected a digit, found: {char}", start)
        while _is_digit(self.lexer.char(pos)) or self.lexer.char(pos) == "_":
            pos += 1
        return pos

    def expect_char(self, pos: int, wanted: str) -> int:
        char = self.lexer.char(pos)
        if not char:
            raise RecordIdError(f"Unexpected end of file, expected character `{wanted}`", pos)
        if char != wanted:
            raise RecordIdError(f"Unexpected character `{char}` expected `{wanted}`", pos)
        return pos + 1

    def number(self, token: _Token) -> tuple[Value, int]:
        """``compound::number``: an integer, float or decimal starting at ``token``."""
        kind, end, number_end = self.number_scan(token)
        return self.number_value(kind, token, number_end), end

    def number_scan(self, token: _Token) -> tuple[str, int, int]:
        """Lex a number; return its kind, its end and the end of its digits (before suffixes)."""
        char = self.lexer.char
        pos = token.end
        if token.kind in ("+", "-"):
            if char(pos) == "I":
                for index, wanted in enumerate("nfinity"):
                    got = char(pos + 1 + index)
                    if not got:
                        raise RecordIdError(
                            "Unexpected end of file, expected a number token digit", token.start
                        )
                    if got != wanted:
                        raise RecordIdError(
                            f"Invalid number token, expected `{wanted}` found: {got.encode()[0]}",
                            token.start,
                        )
                return "infinity", pos + 8, pos + 8
            pos = self.eat_digits1(pos, token.start)
        kind = "int"
        if char(pos) == "." and _is_digit(char(pos + 1)):
            pos = self.eat_digits1(pos + 1, pos)
            kind = "float"
        if char(pos) in ("e", "E"):
            exponent_at = pos
            pos += 1
            if char(pos) in ("-", "+"):
                pos += 1
            pos = self.eat_digits1(pos, exponent_at)
            kind = "float"
        number_end = pos
        if char(pos) == "f":
            pos += 1
            kind = "float"
        elif char(pos) == "d":
            pos = self.expect_char(pos + 1, "e")
            pos = self.expect_char(pos, "c")
            kind = "decimal"
        if _is_alpha(char(pos)):
            raise RecordIdError(
                f"Invalid token, found unexpected character `{char(pos)}` after number token",
                token.start,
            )
        return kind, pos, number_end

    def number_value(self, kind: str, token: _Token, number_end: int) -> Value:
        if kind == "infinity":
            return -math.inf if token.kind == "-" else math.inf
        source = self.text[token.start : number_end].replace("_", "")
        if kind == "int":
            value = _to_int(source)
            if not _I64_MIN <= value <= _I64_MAX:
                raise RecordIdError(
                    "Failed to parse number: number cannot fit within a 64bit signed integer",
                    token.start,
                )
            return value
        if kind == "float":
            return float(source)
        return self.decimal(source, token)

    def decimal(self, source: str, token: _Token) -> decimal.Decimal:
        """A ``dec`` literal as rust_decimal stores it.

        Plain literals are normalised (``1.50dec`` is ``1.5``); literals with an exponent keep
        their scale (``1.50e1dec`` is ``15.0``), as ``Decimal::from_scientific`` does.
        """
        mantissa, _, exponent_text = source.replace("E", "e").partition("e")
        negative = mantissa.startswith("-")
        whole, _, fraction = mantissa.lstrip("+-").partition(".")
        coefficient = _to_int(whole + fraction)
        scale = len(fraction)
        if coefficient >= 2**96 and not fraction:
            raise RecordIdError(
                "Failed to parser decimal: Invalid decimal: overflow from too many digits",
                token.start,
            )
        if coefficient >= 2**96 or scale > 28:
            self.unsupported("decimals beyond 28 digits", token)  # the engine rounds these
        if exponent_text:
            exponent = _to_int(exponent_text.lstrip("+-"))
            if exponent > 2**32 - 1:
                raise RecordIdError("Failed to parser decimal: Failed to parse", token.start)
            too_precise = "Failed to parser decimal: Scale exceeds the maximum precision allowed"
            if exponent_text.startswith("-"):
                if exponent > 28:
                    raise RecordIdError(f"{too_precise}: {exponent} > 28", token.start)
                scale += exponent
                if scale > 28:
                    raise RecordIdError(f"{too_precise}: {scale} > 28", token.start)
            elif exponent <= scale:
                scale -= exponent
            else:
                if exponent > 28:
                    raise RecordIdError(f"{too_precise}: {exponent} > 28", token.start)
                coefficient *= 10 ** (exponent - scale)
                scale = 0
                if coefficient >= 2**96:
                    raise RecordIdError(
                        "Failed to parser decimal: Number exceeds maximum value that can be "
                        "represented.",
                        token.start,
                    )
        else:
            while scale and coefficient % 10 == 0:
                coefficient //= 10
                scale -= 1
        digits = tuple(int(digit) for digit in str(coefficient))
        return decimal.Decimal((int(negative and coefficient != 0), digits, -scale))

    def duration(self, token: _Token) -> tuple[Value, int]:
        """``compound::duration``: digits and unit suffixes, repeated (``1h30m``)."""
        char = self.lexer.char
        units = {
            "ns": 1,
            "us": 1_000,
            "µs": 1_000,
            "ms": 1_000_000,
            "s": 10**9,
            "m": 60 * 10**9,
            "h": 3_600 * 10**9,
            "d": 86_400 * 10**9,
            "w": 604_800 * 10**9,
            "y": 31_536_000 * 10**9,
        }
        total = 0
        number_start, number_end = token.start, token.end
        pos = token.end
        while True:
            first = char(pos)
            if not first:
                raise RecordIdError(
                    "Unexpected end of file, expected a duration suffix", number_start
                )
            if first in ("n", "u", "µ"):
                pos = self.expect_char(pos + 1, "s")
                unit = first + "s"
            elif first == "m":
                pos += 1
                unit = "m"
                if char(pos) == "s":
                    pos += 1
                    unit = "ms"
            elif first in ("s", "h", "d", "w", "y"):
                pos += 1
                unit = first
            else:
                raise RecordIdError(
                    f"Invalid duration token, expected a duration suffix found `{first}`",
                    number_start,
                )
            if _is_alpha(char(pos)):
                raise RecordIdError(
                    f"Invalid token, found invalid character `{char(pos)}` after duration suffix",
                    token.start,
                )
            amount = _to_int(self.text[number_start:number_end].replace("_", ""))
            if amount > _U64_MAX:
                raise RecordIdError(
                    "Invalid token, failed to parse duration digits: number too large to fit "
                    "in target type",
                    token.start,
                )
            scale = units[unit]
            if scale >= 10**9 and amount * (scale // 10**9) > _U64_MAX:
                raise RecordIdError(
                    "Invalid duration, value overflowed maximum allowed value", token.start
                )
            total += amount * scale
            if total // 10**9 > _U64_MAX:
                raise RecordIdError(
                    "Invalid duration, value overflowed maximum allowed value", token.start
                )
            if not _is_digit(char(pos)):
                return Duration(total), pos
            number_start = pos
            while _is_digit(char(pos)) or char(pos) == "_":
                pos += 1
            number_end = pos


def parse_record_id(text: str) -> RecordId:
    """Parse the ``id`` claim of a record-access token as SurrealDB 3.x does.

    The longest record-id prefix of ``text`` is parsed and anything after it is ignored, as in
    the engine (``"user:a b"`` gives ``user:a``).

    Raises:
        RecordIdUnsupported: the key contains a value this module does not model.
        RecordIdError: the engine rejects the text; the message is the engine's.

    """
    if not isinstance(text, str):
        raise TypeError("a record id is parsed from a string")
    return _Parser(text).record_id()


def parse_datetime(text: str) -> Datetime:
    """Parse datetime text as SurrealDB reads ``d'…'`` literals and ``<datetime>`` casts.

    Raises:
        RecordIdUnsupported: a valid datetime this library does not model (outside the years
            1-9999, a leap second).
        RecordIdError: the engine rejects the text.

    """
    return _parse_datetime(text, 0)


def parse_uuid(text: str) -> uuid.UUID:
    """Parse UUID text as SurrealDB reads ``u'…'`` literals (extra text after 36 is ignored).

    Raises:
        RecordIdError: the engine rejects the text.

    """
    return _parse_uuid(text, 0)
