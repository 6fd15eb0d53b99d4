"""Key checks shared by the key-material rules, built on `surrealaccess.keys`."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterator
from typing import Literal

from ...keys import KeyProblem, load_verify_key, public_key_shape
from ..context import LintContext
from ..diagnostics import Diagnostic
from ..registry import Rule
from ._common import KeyUse, hmac, key_uses

HmacFinding = Literal["empty", "public-key", "short"]

_PRIVATE_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----")
_RSA_BITS = re.compile(r"is a (\d+)-bit RSA key")


@functools.lru_cache(maxsize=512)
def strict_problem(algorithm: str, text: str) -> str | None:
    """Why the ``strict`` policy refuses ``text`` as the KEY of ``algorithm``, or None."""
    try:
        load_verify_key(algorithm, text, "strict")
    except KeyProblem as problem:
        return str(problem)
    return None


def hmac_finding(algorithm: str, text: str) -> tuple[HmacFinding, str] | None:
    """What is wrong with an HMAC secret (the strict policy's verdict, classified)."""
    message = strict_problem(algorithm, text)
    if message is None:
        return None
    if not text:
        return "empty", message
    if public_key_shape(text) is not None:
        return "public-key", message
    return "short", message


def private_key_label(text: str) -> str | None:
    """The PEM label of a private key in ``text`` (``RSA PRIVATE KEY``…), or None."""
    match = _PRIVATE_PEM.search(text)
    return match.group(1) if match else None


def weak_rsa(message: str) -> bool:
    """Whether a refusal is about a small modulus or a small public exponent."""
    if "weak public exponent" in message:
        return True
    match = _RSA_BITS.search(message)
    return match is not None and int(match.group(1)) < 2048


def entropy_bits(secret: str) -> float:
    """A deliberately simple, deterministic estimate of a secret's entropy, in bits.

    The length in characters times the Shannon entropy of the secret's own character
    frequencies (bits per character). Repeated characters and short alphabets score low
    (``'0' * 64`` scores 0, ``'secret' * 8`` about 108); a random string scores close to
    its length times log2 of its alphabet size, slightly less for short strings. It cannot
    see words or patterns that use many different characters, so passing it does not make
    a human-chosen secret random.
    """
    if not secret:
        return 0.0
    counts = Counter(secret)
    total = len(secret)
    per_char = -sum(n / total * math.log2(n / total) for n in counts.values())
    return max(0.0, total * per_char)


def hmac_reports(rule: Rule, ctx: LintContext, kind: HmacFinding) -> Iterator[Diagnostic]:
    """Diagnostics of ``rule`` for the HMAC keys whose finding is ``kind``."""
    for use in key_uses(ctx):
        if hmac(use) and use.text is not None:
            finding = hmac_finding(use.algorithm, use.text)
            if finding is not None and finding[0] == kind:
                yield ctx.report(rule, use.expr.span, finding[1])


def public_verify_keys(ctx: LintContext) -> Iterator[tuple[KeyUse, str]]:
    """The constant verify keys of asymmetric algorithms, with their text."""
    for use in key_uses(ctx):
        if use.role == "verify" and not hmac(use) and use.text is not None:
            yield use, use.text
