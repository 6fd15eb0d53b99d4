"""Operators, casts, idioms, control flow and built-ins, evaluated by SurrealDB and by us.

Method: each expression ``e`` of `surql_cases` becomes ``RETURN <string> [e]`` on both sides
(see `surql_engine`). The engine's cast prints the one-element array in SurrealQL text, types
included; we evaluate the same statement with `surrealaccess.surql.evaluate`, whose
``<string>`` cast prints through `render`. The two texts must be equal, or both sides must
fail. Error messages are compared too and reported, but only their presence is asserted
(the engine's wording is matched where feasible; the rate is printed).

Every disagreement must be listed, with its reason, in ``surql_known_gaps.txt``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import surql_cases
import surql_engine

from surrealaccess import parse
from surrealaccess.errors import SurrealAccessError
from surrealaccess.surql import Environment, EvaluationError, Unsupported, evaluate, render

pytestmark = pytest.mark.oracle

GAPS_FILE = Path(__file__).with_name("surql_known_gaps.txt")


def known_gaps() -> dict[str, str]:
    gaps = {}
    for line in GAPS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expression, reason = line.split("\t", 1)
            gaps[expression] = reason
    return gaps


def ours(expression: str, env: Environment) -> tuple[bool, str]:
    try:
        statement = parse(surql_engine.wrap(expression)).statements[0]
        assert isinstance(statement, type(statement))
        value = evaluate(statement, env)  # type: ignore[arg-type]
    except Unsupported as error:
        return False, f"unsupported: {error.message}"
    except EvaluationError as error:
        return False, error.message
    except SurrealAccessError as error:
        return False, f"parse: {error}"
    return True, value if isinstance(value, str) else render(value)


def test_differential(engine: object) -> None:
    cases = surql_cases.all_cases()
    assert len(cases) >= 500
    theirs = surql_engine.run(cases, surql_cases.PRELUDE)
    env = Environment().with_script(parse(surql_cases.PRELUDE))
    gaps = known_gaps()
    disagreements: dict[str, tuple[tuple[bool, str], tuple[bool, str]]] = {}
    errors = same_message = 0
    for expression, engine_result in zip(cases, theirs, strict=True):
        our_result = ours(expression, env)
        if engine_result[0] != our_result[0] or (
            engine_result[0] and engine_result[1] != our_result[1]
        ):
            disagreements[expression] = (engine_result, our_result)
        elif not engine_result[0]:
            errors += 1
            same_message += engine_result[1] == our_result[1]
    agree = len(cases) - len(disagreements)
    print(
        f"\nsurql differential: {agree}/{len(cases)} agree ({len(disagreements)} known gaps); "
        f"both failed on {errors}, with the engine's message on {same_message}"
    )
    unexplained = {e: d for e, d in disagreements.items() if e not in gaps}
    assert unexplained == {}
    stale = sorted(set(gaps) - set(disagreements))
    assert stale == [], "these known gaps agree now: remove them from surql_known_gaps.txt"
