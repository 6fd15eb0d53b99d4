"""The bundled corpus: valid files check clean, invalid ones fail where their header says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import surrealaccess as sa

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VALID = sorted(CORPUS.glob("*.surql"))
INVALID = sorted((CORPUS / "invalid").glob("*.surql"))
#: Identity-provider schemas in the extended dialect (ISSUER, AUDIENCE, LEEWAY, CLAIMS).
IDP = sorted((CORPUS / "idp").glob("*.surql"))


def test_corpus_is_not_empty() -> None:
    assert len(VALID) >= 12 and len(INVALID) >= 15 and len(IDP) >= 9


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_file(path: Path) -> None:
    script = sa.load(path, dialect="surrealdb")
    assert sa.check(script) == []
    assert script.statements
    again = sa.parse(sa.format(script), dialect="surrealdb")
    assert sa.format(again) == sa.format(script)


def _header(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"-- ([a-z-]+): (.*)", line)
        if not match:
            break
        found[match.group(1)] = match.group(2)
    return found


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_file(path: Path) -> None:
    header = _header(path)
    # Our wording (rarely, our position) may differ from the engine's for generic syntax
    # errors; the `why` line then records ours as [surrealaccess-message: …] and
    # [surrealaccess-error: line:col], next to the engine's.
    why = header.get("why", "")
    ours = dict(re.findall(r"\[(surrealaccess-[a-z]+): ([^\]]*)\]", why))
    position = ours.get("surrealaccess-error", header["expect-error"])
    line, column = (int(n) for n in position.split(":"))
    message = ours.get("surrealaccess-message", header["expect-message"])
    try:
        script = sa.load(path, dialect="surrealdb")
    except sa.ParseError as error:
        assert (error.line, error.column, error.message) == (line, column, message)
        return
    problems = sa.check(script)
    assert problems, "the file should not be accepted"
    first = problems[0]
    assert (first.span.line, first.span.column, first.message) == (line, column, message)


@pytest.mark.parametrize("path", IDP, ids=lambda p: f"idp/{p.name}")
def test_identity_provider_file(path: Path) -> None:
    script = sa.load(path)  # the extended dialect
    assert sa.check(script) == []
    again = sa.parse(sa.format(script))
    assert sa.format(again) == sa.format(script)
    for access in script.accesses:  # each one uses the extension clauses
        assert access.extensions.issuers and access.extensions.claims is not None
    with pytest.raises(sa.ParseError, match="is a surrealaccess extension"):
        sa.load(path, dialect="surrealdb")

    def no_network(url: str, timeout: float) -> sa.HttpResponse:
        raise AssertionError(f"compile fetched {url}")

    for policy in ("strict", "surrealdb"):
        auth = sa.compile(script, ns="acme", db="app", policy=policy, http=no_network)
        assert len(auth.plans) == len(script.accesses)
