"""Run the generated corpus and the reference §2.2 pairs through the oracle; print a summary.

Usage::

    python tests/oracle_snapshot.py [--count 600] [--seed 2] [--show 10] [--dump out.json]

Exits with status 1 if a §2.2 pair does not come back exactly as the reference records it.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import access_cases, oracle


def _check(label: str, got: oracle.Verdict, statement: str, expected: str) -> bool:
    actual = got.text if got.accepted else got.message
    if actual == expected:
        return True
    print(f"MISMATCH ({label}): {statement!r}\n  expected: {expected!r}\n  got:      {actual!r}")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="print N random verdicts")
    parser.add_argument("--dump", type=Path, help="write every statement and verdict as JSON")
    args = parser.parse_args(argv)
    if not oracle.available():
        print("the embedded SurrealDB engine is not installed (surrealdb[embedded])")
        return 2

    generated = access_cases.generate(args.count, args.seed)
    rejected_inputs = list(access_cases.SPECIAL_REJECTED)
    statements = generated + access_cases.SPECIAL + rejected_inputs
    started = time.perf_counter()
    verdicts = oracle.run(statements)
    elapsed = time.perf_counter() - started

    with_params = access_cases.special_with_params()
    prelude = with_params[0][0]
    started = time.perf_counter()
    param_verdicts = oracle.run([s for _, s, _ in with_params], prelude=prelude)
    param_elapsed = time.perf_counter() - started

    gen_verdicts = verdicts[: len(generated)]
    accepted = sum(v.accepted for v in gen_verdicts)
    parse = sum(v.parse_error for v in gen_verdicts)
    crashed = [
        s for s, v in zip(generated, gen_verdicts, strict=True) if v.message == oracle.CRASHED
    ]
    timed_out = [
        s for s, v in zip(generated, gen_verdicts, strict=True) if v.message == oracle.TIMED_OUT
    ]
    no_text = sum(v.accepted and v.text is None for v in gen_verdicts)
    total = len(generated)
    print(f"generated statements : {total} (count={args.count}, seed={args.seed})")
    print(f"  accepted           : {accepted} ({100 * accepted / total:.1f}%)")
    print(f"    with no INFO text: {no_text}")
    print(f"  rejected           : {total - accepted} ({100 * (total - accepted) / total:.1f}%)")
    print(f"    parse errors     : {parse}")
    print(f"    execution errors : {total - accepted - parse - len(crashed) - len(timed_out)}")
    print(f"    engine crashes   : {len(crashed)}")
    print(f"    timeouts         : {len(timed_out)}")
    print(
        f"oracle time          : {elapsed:.2f}s for {len(statements)} statements "
        f"({1000 * elapsed / len(statements):.1f} ms each); "
        f"{param_elapsed:.2f}s for {len(with_params)} statements with a prelude"
    )
    for statement in crashed + timed_out:
        print(f"  CRASH/TIMEOUT: {statement!r}")

    messages = collections.Counter(
        (v.message or "").split(",")[0][:90] for v in gen_verdicts if not v.accepted
    )
    print("most common rejection messages:")
    for message, n in messages.most_common(12):
        print(f"  {n:4d}  {message}")

    ok = True
    special_verdicts = verdicts[len(generated) : len(generated) + len(access_cases.SPECIAL)]
    for statement, verdict in zip(access_cases.SPECIAL, special_verdicts, strict=True):
        ok &= _check("§2.2", verdict, statement, access_cases.SPECIAL_EXPECTED[statement])
    rejected_verdicts = verdicts[len(generated) + len(access_cases.SPECIAL) :]
    for statement, verdict in zip(rejected_inputs, rejected_verdicts, strict=True):
        ok &= _check("§2.2 rejection", verdict, statement, access_cases.SPECIAL_REJECTED[statement])
    for (_, statement, expected), verdict in zip(with_params, param_verdicts, strict=True):
        ok &= _check("§2.2 with params", verdict, statement, expected)
    checked = len(access_cases.SPECIAL) + len(rejected_inputs) + len(with_params)
    print(f"§2.2 pairs checked   : {checked} -> {'all match' if ok else 'MISMATCHES above'}")

    if args.show:
        rng = random.Random(0)
        for statement, verdict in rng.sample(
            list(zip(generated, gen_verdicts, strict=True)), args.show
        ):
            print(f"IN : {statement}")
            print(
                f"OUT: {verdict.text if verdict.accepted else verdict.message}"
                + (f"  @ {verdict.line}:{verdict.column}" if verdict.parse_error else "")
            )
    if args.dump:
        rows = [{"statement": s, **v.__dict__} for s, v in zip(statements, verdicts, strict=True)]
        args.dump.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.dump}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
