"""Parser throughput, cold-process `check` time and memory (issue 3, "Speed").

    python benchmarks/parse.py             # full run: 1 MB and 10 MB schemas
    python benchmarks/parse.py --quick     # smoke run (under 20 s): 0.1 MB, smaller memory test
    python benchmarks/parse.py --no-fail   # exit 0 even when a target fails

See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lark import Lark  # noqa: E402
from lark.common import LexerConf  # noqa: E402
from lark.lexer import BasicLexer, Lexer, LexerState, TerminalDef  # noqa: E402
from lark.utils import TextSlice  # noqa: E402

import surrealaccess  # noqa: E402
from surrealaccess import parser as sa_parser  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The generated schema: one "module" per table, a realistic mix of statement kinds.

_MODULE = """\
-- Module {i}: records of kind {i} with their fields, indexes, events and access.
DEFINE TABLE item{i} SCHEMAFULL
    PERMISSIONS
        FOR select WHERE published = true OR owner = $auth.id
        FOR create, update WHERE owner = $auth.id
        FOR delete NONE;
DEFINE FIELD name ON item{i} TYPE string ASSERT string::len($value) > 0
    AND string::len($value) <= 80;
DEFINE FIELD email ON item{i} TYPE string ASSERT string::is_email($value);
DEFINE FIELD owner ON item{i} TYPE record<user{i}> DEFAULT $auth.id READONLY
    REFERENCE ON DELETE CASCADE;
DEFINE FIELD tags ON item{i} TYPE set<string, 10> DEFAULT [];
DEFINE FIELD plan ON item{i} TYPE 'free' | 'team' | 'enterprise' DEFAULT 'free';
DEFINE FIELD limits ON item{i} TYPE {{ seats: int, projects: int }}
    DEFAULT {{ seats: 5, projects: 3 }};
DEFINE FIELD published ON item{i} TYPE bool DEFAULT false;
DEFINE FIELD created ON item{i} TYPE datetime VALUE $before.created ?? time::now() READONLY;
DEFINE FIELD score ON item{i} TYPE float VALUE math::max([0.0, $value * 1.5 - {i}])
    PERMISSIONS FOR select FULL;
DEFINE INDEX item{i}_email ON item{i} FIELDS email UNIQUE;
DEFINE INDEX item{i}_owner ON item{i} FIELDS owner, created;
DEFINE EVENT item{i}_audit ON item{i} WHEN $event IN ['CREATE', 'UPDATE', 'DELETE'] THEN {{
    CREATE audit CONTENT {{ event: $event, item: $value.id, by: $auth.id, at: time::now() }};
}};
DEFINE TABLE user{i} SCHEMAFULL PERMISSIONS FOR select, update WHERE id = $auth.id;
DEFINE FIELD email ON user{i} TYPE string ASSERT string::is_email($value);
DEFINE FIELD password ON user{i} TYPE string PERMISSIONS FOR select NONE;
DEFINE FUNCTION fn::item{i}::can_publish($item: record<item{i}>, $limit: int) -> bool {{
    LET $count = count(SELECT * FROM item{i} WHERE owner = $item.owner AND published = true);
    IF $count >= $limit {{ RETURN false; }};
    RETURN $item.owner = $auth.id;
}};
DEFINE ACCESS account{i} ON DATABASE TYPE RECORD
    SIGNUP (CREATE user{i} SET email = $email, password = crypto::argon2::generate($password))
    SIGNIN (SELECT * FROM user{i} WHERE email = $email
            AND crypto::argon2::compare(password, $password))
    DURATION FOR TOKEN 15m, FOR SESSION 12h;

"""
_HEADER = "USE NS bench DB main;\nDEFINE TABLE audit SCHEMALESS PERMISSIONS NONE;\n\n"


def generate(size: int) -> str:
    """A schema of about ``size`` bytes (whole modules, so it may be slightly larger)."""
    parts = [_HEADER]
    total = len(_HEADER)
    i = 0
    while total < size:
        module = _MODULE.format(i=i)
        parts.append(module)
        total += len(module)
        i += 1
    return "".join(parts)


def generate_lines(lines: int) -> str:
    """A schema of at least ``lines`` lines, cut at a module boundary."""
    parts = [_HEADER]
    count = _HEADER.count("\n")
    i = 0
    while count < lines:
        module = _MODULE.format(i=i)
        parts.append(module)
        count += module.count("\n")
        i += 1
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Lark's ceiling: lexing + LALR parse (with Lark's tree building) of the same terminals with a
# trivial grammar, ``start: (T1 | T2 | ...)*``. The lexer is a Lark BasicLexer over exactly our
# grammar's terminal definitions and ignore list (the contextual lexer runs one such lexer per
# parser state), so the characters lexed and the tokens produced are the same work.


def ceiling_parser(ours: Lark) -> Lark:
    """A Lark LALR parser whose grammar accepts any sequence of our grammar's terminals."""
    conf = ours.lexer_conf
    # Our terminals under plain names (Lark's anonymous ``__ANON_n`` and filtered ``_X`` ones
    # cannot be declared, or would be dropped from the tree); same patterns and priorities.
    terminals = [
        t if t.name in conf.ignore else TerminalDef(f"T{n}", t.pattern, t.priority)
        for n, t in enumerate(conf.terminals)
    ]
    names = [t.name for t in terminals if t.name not in conf.ignore]

    class OurTerminals(Lexer):
        def __init__(self, lexer_conf: LexerConf) -> None:
            inner = LexerConf(terminals, conf.re_module, conf.ignore, use_bytes=conf.use_bytes)
            self.inner = BasicLexer(inner)

        def lex(self, data):  # type: ignore[no-untyped-def,override]
            return self.inner.lex(LexerState(TextSlice.cast_from(data)), None)

    grammar = (
        "start: _t*\n_t: "
        + " | ".join(names)
        + "\n"
        + "".join(f"%declare {name}\n" for name in names)
    )
    return Lark(grammar, parser="lalr", lexer=OurTerminals)


# ---------------------------------------------------------------------------------------------
# Timing helpers


def best_time(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    """The best time of ``rounds`` calls (GC collected before each, not disabled).

    This thread's CPU time, as in verify.py: parsing is single-threaded, and time the machine
    gives other processes (or, in a VM, other guests) does not count. ``--wall`` times with
    the wall clock instead.
    """
    clock = time.perf_counter if WALL_CLOCK else time.thread_time
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        start = clock()
        fn()
        best = min(best, clock() - start)
    return best


#: Set by ``--wall``: time with the wall clock rather than this thread's CPU time.
WALL_CLOCK = False


class Results:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def target(self, name: str, ok: bool, detail: str) -> None:
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}: {detail}")
        if not ok:
            self.failed.append(name)


def _parse_with(accelerated: bool, text: str) -> object:
    """`surrealaccess.parse` on pure-Python Lark, or on lark-cython (``accelerated``)."""
    saved = sa_parser.streaming_parser
    chosen = saved(accelerated)
    pure = saved(False)  # lark-cython hands a failing text to pure Python for the error
    sa_parser.streaming_parser = lambda accelerated=None: pure if accelerated is False else chosen
    try:
        return surrealaccess.parse(text)
    finally:
        sa_parser.streaming_parser = saved


def throughput(text: str, statements: int, label: str, rounds: int, res: Results) -> None:
    mb = len(text.encode("utf-8")) / 1e6
    pure = sa_parser.lark_parser(False)
    ceiling = ceiling_parser(pure)
    ceiling_tokens = len(ceiling.parse(text).children)
    print(
        f"\n{label}: {mb:.2f} MB, {statements} statements, {text.count(chr(10))} lines, "
        f"{ceiling_tokens} tokens"
    )
    brace = sa_parser._brace_as_block
    paused = sa_parser._without_gc  # as in surrealaccess.parse, so the rows compare
    timings = {
        "ceiling (pure Lark: lex + LALR, trivial gr.)": lambda: ceiling.parse(text),
        "pure Lark, our grammar, tree only": paused(lambda: pure.parse(text, on_error=brace)),
        "pure Lark, surrealaccess.parse": lambda: _parse_with(False, text),
    }
    # surrealaccess.parse pauses the cyclic GC while it runs; the same for the ceiling, for the
    # strict ratio.
    timings["ceiling, GC paused like ours"] = paused(lambda: ceiling.parse(text))
    if sa_parser.lark_cython is not None:
        fast = sa_parser.lark_parser(True)
        timings["lark-cython, our grammar, tree only"] = paused(
            lambda: fast.parse(text, on_error=brace)
        )
        timings["lark-cython, surrealaccess.parse"] = lambda: _parse_with(True, text)
    seconds = {name: best_time(fn, rounds) for name, fn in timings.items()}
    print(f"  {'':46} {'seconds':>8} {'MB/s':>7} {'stmts/s':>9}")
    for name, sec in seconds.items():
        print(f"  {name:46} {sec:8.3f} {mb / sec:7.3f} {statements / sec:9.0f}")
    names = list(seconds)
    ceiling_s, tree_s, ours_s = (seconds[n] for n in names[:3])
    ratio = ceiling_s / ours_s
    print(
        f"  ratio ours/ceiling (pure Lark) = {ratio:.2f}  (tree only / ceiling = "
        f"{ceiling_s / tree_s:.2f}; parse, AST included, takes {ours_s / tree_s:.0%} of the"
        " time Lark takes to build its parse tree alone)"
    )
    res.target(f"ours/ceiling >= 0.60, pure-Python Lark ({label})", ratio >= 0.60, f"{ratio:.2f}")
    strict = seconds[names[3]] / ours_s
    print(f"  ratio ours/ceiling with the GC paused in both = {strict:.2f}")
    res.target(
        f"ours/ceiling (GC paused in both) >= 0.60, pure-Python Lark ({label})",
        strict >= 0.60,
        f"{strict:.2f}",
    )
    if len(names) > 4:
        fast_s = seconds[names[5]]
        res.target(
            f"lark-cython surrealaccess.parse >= 1.0 MB/s ({label})",
            mb / fast_s >= 1.0,
            f"{mb / fast_s:.3f} MB/s ({ceiling_s / fast_s:.2f}x the pure-Lark ceiling)",
        )
    else:
        print("  lark-cython: not installed (pip install 'surrealaccess[fast]'); target not run")


# ---------------------------------------------------------------------------------------------
# Cold process


def cold_check(res: Results, tmp: Path, runs: int, empty_cache: bool) -> None:
    schema = tmp / "thousand.surql"
    schema.write_text(generate_lines(1000), encoding="utf-8")
    lines = schema.read_text(encoding="utf-8").count("\n")
    cmd = [sys.executable, "-m", "surrealaccess", "check", str(schema)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    print(f"\ncold `surrealaccess check` of {lines} lines (fresh process each run):")

    def run(extra: dict[str, str]) -> float:
        start = time.perf_counter()
        done = subprocess.run(cmd, env={**env, **extra}, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            print(done.stdout[-2000:], done.stderr[-2000:])
            raise SystemExit(f"check crashed (exit {done.returncode})")
        return elapsed

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import surrealaccess"], env=env, check=True)
    imports = time.perf_counter() - start
    # Warm: the cache this process already loaded its parser from (same options, same file).
    sa_parser.lark_parser()
    warm = min(run({}) for _ in range(runs))
    empty = [run({"SURREALACCESS_CACHE_DIR": str(tmp / "empty")})] if empty_cache else []
    print(f"  python -c 'import surrealaccess': {imports:.3f} s")
    print(f"  warm Lark cache : {warm:.3f} s (best of {runs})")
    if empty:
        print(f"  empty cache dir : {empty[0]:.3f} s (builds the LALR tables, then caches them)")
    else:
        print("  empty cache dir : skipped with --quick (takes about 10 s)")
    res.target("cold check of 1,000 lines < 1 s (warm cache)", warm < 1.0, f"{warm:.3f} s")


# ---------------------------------------------------------------------------------------------
# Memory


def memory(res: Results, rss_size: int, traced_size: int) -> None:
    """Peak RSS growth (fresh child process) and tracemalloc peak while parsing."""
    text = generate(rss_size)
    nbytes = len(text.encode("utf-8"))
    # Peak RSS from a fresh child process (this one holds parsers and earlier garbage).
    # Linux: writing 5 to /proc/self/clear_refs resets the peak (VmHWM) to the current RSS, so
    # the transient peak of loading the parser tables does not hide the parse's own peak.
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import surrealaccess\n"
        "text = sys.stdin.read()\n"
        "# Load the parser and build the lexer states the schema uses (each is built on first\n"
        "# use): one-time costs of the process, not memory the parse of this text needs.\n"
        "surrealaccess.parse(text[:20000].rsplit(';', 1)[0] + ';')\n"
        "def kb(key):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(key): return int(line.split()[1])\n"
        "with open('/proc/self/clear_refs', 'w') as f: f.write('5')\n"
        "base = kb('VmRSS:')\n"
        "script = surrealaccess.parse(text)\n"
        "print(base, kb('VmHWM:'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    base, after = (int(v) * 1024 for v in done.stdout.split())
    growth = after - base
    print(f"\nmemory, {nbytes / 1e6:.2f} MB schema, fresh process:")
    print(
        f"  peak RSS growth while parsing: {growth / 1e6:8.1f} MB = {growth / nbytes:5.1f}x text"
        f" (peak RSS {after / 1e6:.0f} MB, {base / 1e6:.0f} MB before parsing)"
    )
    res.target(
        f"peak RSS growth < 20x text ({nbytes / 1e6:.1f} MB)",
        growth < 20 * nbytes,
        f"{growth / nbytes:.1f}x",
    )
    # tracemalloc slows parsing several times, so it traces a smaller schema (the ratio to the
    # text size hardly depends on the size: the tree and the AST grow linearly).
    text = generate(traced_size)
    nbytes = len(text.encode("utf-8"))
    surrealaccess.parse(text[:1000].rsplit(";", 1)[0] + ";")  # parser loaded before tracing
    gc.collect()
    tracemalloc.start()
    script = surrealaccess.parse(text)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del script
    print(f"memory, {nbytes / 1e6:.2f} MB schema, tracemalloc:")
    print(
        f"  peak during parse: {peak / 1e6:8.1f} MB = {peak / nbytes:5.1f}x text;"
        f" kept (the AST and the text): {current / 1e6:.1f} MB = {current / nbytes:.1f}x"
    )
    res.target(
        f"tracemalloc peak < 20x text ({nbytes / 1e6:.2f} MB)",
        peak < 20 * nbytes,
        f"{peak / nbytes:.1f}x",
    )


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run, about 20 s")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if a target fails")
    parser.add_argument("--wall", action="store_true", help="time with the wall clock")
    args = parser.parse_args(argv)
    global WALL_CLOCK
    WALL_CLOCK = args.wall
    res = Results()
    began = time.perf_counter()
    import lark

    print(
        f"Python {sys.version.split()[0]}, Lark {lark.__version__}, accelerator: "
        f"{'lark-cython' if sa_parser.ACCELERATED else 'none (pure-Python Lark)'}"
    )
    quick = args.quick
    sizes = [(100_000, "0.1 MB")] if quick else [(1_000_000, "1 MB"), (10_000_000, "10 MB")]
    for size, label in sizes:
        text = generate(size)
        statements = len(surrealaccess.parse(text).statements)
        rounds = 1 if size > 1_000_000 else 3
        throughput(text, statements, label, rounds, res)
    with tempfile.TemporaryDirectory() as tmp:
        cold_check(res, Path(tmp), runs=1 if quick else 3, empty_cache=not quick)
    if quick:
        memory(res, rss_size=500_000, traced_size=100_000)
    else:
        memory(res, rss_size=10_000_000, traced_size=1_000_000)
    print(f"\n{len(res.failed)} target(s) failed; {time.perf_counter() - began:.0f} s")
    return 1 if res.failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
