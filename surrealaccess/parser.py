"""Parse SurrealQL text into a `Script`.

The grammar ships inside the package (or, in a source checkout, sits in the repository's
``grammar/`` folder). Lark builds its LALR tables once; the streaming parser
(`surrealaccess.ast_builder`) runs them with the AST callbacks at each reduction, and both
sets of tables are cached per user, so a fresh process loads rather than builds them. Every
Lark exception is translated into a `ParseError` with SurrealDB-style wording; none escapes.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import io
import os
import pickle
import re
import sys
import threading
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from lark import Lark, Token
from lark.common import LexerConf
from lark.exceptions import (
    LarkError,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)
from lark.lexer import BasicLexer, ContextualLexer, LexerThread, TerminalDef
from lark.parsers.lalr_analysis import Action, Reduce, Shift
from lark.parsers.lalr_parser import LALR_Parser
from lark.parsers.lalr_parser import _Parser as _LarkParser

from . import ast
from .ast import Dialect
from .ast_builder import ReductionTable, StaleTable, fast_keywords
from .errors import ParseError, SchemaError
from .schema_transform import LanguageToAst
from .source import MAX_TEXT, LineIndex, Span, position_at
from .transform import GrammarProblem, current_lines

try:  # the optional accelerator (``pip install surrealaccess[fast]``), used when present
    import lark_cython  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    lark_cython = None

#: True when the Lark parser runs on lark-cython. ``SURREALACCESS_PURE_LARK=1`` turns it off.
ACCELERATED = lark_cython is not None and os.environ.get("SURREALACCESS_PURE_LARK", "") in ("", "0")

DIALECTS: tuple[Dialect, ...] = ("surrealdb", "extended")

GRAMMAR_FILE = "surrealql.lark"


def grammar_path() -> Path:
    """Where the grammar is read from: the installed copy, else the source checkout's."""
    package = Path(__file__).resolve().parent
    installed = package / "_grammar" / GRAMMAR_FILE
    checkout = package.parent / "grammar" / GRAMMAR_FILE
    for candidate in (installed, checkout):
        if candidate.is_file():
            return candidate
    raise SchemaError(f"the SurrealQL grammar ({GRAMMAR_FILE}) is missing from the installation")


def lark_parser(accelerated: bool | None = None) -> Lark:
    """Return the process-wide Lark parser (LALR, contextual lexer), built on first use.

    It builds Lark parse trees, which the linter reads; `parse` runs the streaming parser
    made from its tables (`streaming_parser`) and never builds a tree.
    Building the LALR tables takes seconds; Lark's cache keeps them in a per-user file
    (see `parser_cache_path`), keyed by a hash of the grammar, the options and Lark's version,
    so a cold process loads them in a fraction of that.
    """
    return _lark_parser(ACCELERATED if accelerated is None else accelerated)


@functools.lru_cache(maxsize=2)
def _lark_parser(accelerated: bool) -> Lark:
    cache = parser_cache_path()
    comment_callback = _collect_comment
    extra: dict[str, Any] = {}
    if accelerated:
        # lark-cython lexes and parses in C; its tokens are converted to Lark's own `Token`
        # (see `_LarkCython`) so the tree, and everything built from it, is the same.
        extra["_plugins"] = lark_cython.plugins
        comment_callback = _collect_cython_comment
        if cache is not None:
            cache = cache.with_name(cache.name.replace(".cache", "-cython.cache"))
    return (_LarkCython if accelerated else Lark)(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        start="start",
        # Comments are %ignore'd by the grammar; this callback (not part of the cached tables,
        # and re-applied by Lark when it loads them) records them only while `parse` collects
        # (`parse` itself runs the streaming parser, whose lexer has the same callback).
        lexer_callbacks={"COMMENT": comment_callback},
        cache=str(cache) if cache is not None else False,
        **extra,
    )


def _lark_token(token: Any) -> Token:
    """A lark-cython token as Lark's `Token` (same type, text and positions)."""
    return Token(token.type, token.value, token.start_pos, token.line, token.column,
                 token.end_line, token.end_column, token.end_pos)


def _collect_cython_comment(token: Any) -> Any:
    _collect_comment(_lark_token(token))
    return token  # lark-cython's lexer needs its own token back


class _LarkCython(Lark):
    """`Lark` on lark-cython whose trees hold Lark `Token`s, exactly as pure-Python Lark's."""

    def parse(self, text: Any, start: str | None = None, on_error: Any = None) -> Any:
        try:
            tree = super().parse(text, start=start, on_error=on_error)
        except UnexpectedInput:
            # Lark's error reporting (InteractiveParser.accepts) does not run on lark-cython's
            # parser state: a failing text is parsed again in pure Python for the same error.
            return lark_parser(False).parse(text, start=start, on_error=on_error)
        cython_token = lark_cython.lark_cython.Token
        for subtree in tree.iter_subtrees():
            children = subtree.children
            for index, child in enumerate(children):
                if type(child) is cython_token:
                    children[index] = _lark_token(child)
        return tree


#: The comment tokens of the parse running on this thread (None when no `parse` is collecting).
_comment_sink = threading.local()


def _collect_comment(token: Token) -> Token:
    sink: list[Token] | None = getattr(_comment_sink, "tokens", None)
    if sink is not None:
        sink.append(token)
    return token


def _attach_comments(
    tokens: list[Any], statements: tuple[ast.TopLevel, ...], lines: LineIndex
) -> tuple[tuple[tuple[ast.Comment, ...], ...], tuple[ast.Comment, ...]]:
    """Group comments by the statement they precede (or sit inside); the rest trail the file."""
    ends = [statement.span.end for statement in statements]
    groups: list[list[ast.Comment]] = [[] for _ in statements]
    trailing: list[ast.Comment] = []
    seen: set[int] = set()
    for token in sorted(tokens, key=lambda t: t.start_pos or 0):
        start = token.start_pos or 0
        if start in seen:
            continue
        seen.add(start)
        value = str(token)
        comment = ast.Comment(text=value, span=Span.at(start, start + len(value), lines))
        index = bisect.bisect_right(ends, start)
        (groups[index] if index < len(groups) else trailing).append(comment)
    return tuple(tuple(group) for group in groups), tuple(trailing)


def parser_cache_path() -> Path | None:
    """Where the parser tables are cached, or None to build them in memory every time.

    ``$SURREALACCESS_CACHE_DIR`` (empty or ``0`` disables the cache), else
    ``$XDG_CACHE_HOME/surrealaccess`` or ``~/.cache/surrealaccess``. The folder is private
    to the user (mode 0700), since the cache is a pickle: a file another user could write
    must never be loaded. If it cannot be made private, nothing is cached.
    """
    configured = os.environ.get("SURREALACCESS_CACHE_DIR")
    if configured is not None:
        if configured in ("", "0"):
            return None
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "surrealaccess"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
    except OSError:
        return None
    import lark

    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return folder / f"parser-lark{lark.__version__}-py{python}.cache"


def _brace_as_block(error: UnexpectedInput) -> bool:
    """Read an object's ``{`` as a block's where only a block can follow (``IF c { a:b }``).

    The contextual lexer lexes ``{ key:`` as an object's opening brace wherever an object may
    follow, and an expression may follow another one in a block (no ``;`` needed), so the
    lexer states merged by LALR accept it after an ``IF`` condition too: there SurrealDB
    reads a block (``{ user:one }`` holds the record id ``user:one``).
    """
    if (
        isinstance(error, UnexpectedToken)
        and error.token.type == "OBJ_OPEN"
        and "LBRACE" in error.expected
    ):
        # type(error.token): lark-cython's parser takes only its own tokens
        brace = type(error.token).new_borrow_pos("LBRACE", "{", error.token)
        error.interactive_parser.feed_token(brace)
        return True
    return False


_F = TypeVar("_F", bound=Callable[..., Any])


def _without_gc(function: _F) -> _F:
    """Run ``function`` with the cyclic garbage collector paused (restored afterwards).

    A parse allocates millions of short-lived, acyclic objects (Lark trees, tokens, AST
    nodes); the collection passes they trigger cost about a third of the parse time.
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return cast(_F, paused)


class _Parsed(NamedTuple):
    statements: tuple[ast.TopLevel, ...]
    too_big: frozenset[int]  # offsets of integer literals beyond 64 bits
    legacy: tuple[tuple[str, Span], ...]  # 2.x syntax the extended dialect let through


class _Tables(NamedTuple):
    """What the streaming parser needs from the grammar (pickled in the per-user cache)."""

    reductions: ReductionTable
    terminals: list[TerminalDef]
    ignore: tuple[str, ...]
    keywords: frozenset[str]  # what SurrealDB lexes as keywords, for error messages


#: Bumped whenever what `_Tables` holds, or how it is built, changes.
_TABLES_FORMAT = 1


def _tables_cache_path() -> Path | None:
    lark_cache = parser_cache_path()
    if lark_cache is None:
        return None
    import hashlib

    import lark

    key = hashlib.sha256()
    for part in (grammar_path().read_bytes(), lark.__version__.encode(),
                 sys.version.encode(), str(_TABLES_FORMAT).encode()):
        key.update(hashlib.sha256(part).digest())
    return lark_cache.with_name(f"tables-{key.hexdigest()[:32]}.pickle")


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The streaming parser's tables: from the per-user cache, else built with Lark (seconds).

    The cache is a pickle in the private folder of `parser_cache_path`, named by a hash of
    the grammar, Lark's and Python's versions; one that does not fit the builder (it changed
    in a source checkout) or does not load is built again and replaced.
    """
    path = _tables_cache_path()
    if path is not None:
        try:
            with path.open("rb") as cached:
                was_enabled = gc.isenabled()
                gc.disable()  # a few hundred thousand small containers: no collection passes
                try:
                    tables = pickle.load(cached)
                finally:
                    if was_enabled:
                        gc.enable()
            if isinstance(tables, _Tables):
                return tables
        except FileNotFoundError:
            pass
        except (OSError, pickle.UnpicklingError, StaleTable, AttributeError, ImportError,
                EOFError, TypeError, ValueError):
            pass  # unreadable or stale: build and replace it
    lark = lark_parser(False)
    terminals = list(lark.lexer_conf.terminals)
    tables = _Tables(
        reductions=ReductionTable(lark, LanguageToAst),
        terminals=terminals,
        ignore=tuple(lark.lexer_conf.ignore),
        keywords=frozenset(
            t.pattern.value.upper() for t in terminals
            if t.pattern.type == "str" and t.pattern.value.isalpha()
            and t.name not in _NOT_ENGINE_KEYWORDS
        ),
    )
    if path is not None:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # Lark's parser loop tells actions apart by identity (`action is Shift`): pickle them
        # as references to its two singletons, not as copies.
        pickler.dispatch_table = {Action: _reduce_action}
        pickler.dump(tables)
        _write_private(path, buffer.getvalue())
    return tables


def _reduce_action(action: Action) -> tuple[Callable[[str], Action], tuple[str]]:
    return (_lark_action, (action.name,))


def _lark_action(name: str) -> Action:
    """Lark's `Shift` or `Reduce` singleton, by name (for the pickled tables)."""
    return {"Shift": Shift, "Reduce": Reduce}[name]


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by this user only; never fail."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


class _StreamingParser:
    """Parses with the AST callbacks run at each reduction (see `surrealaccess.ast_builder`).

    Builders and their callback tables are pooled per dialect: a parse takes one (building it
    if the pool is empty, so concurrent and nested parses each get their own) and gives it
    back.
    """

    def __init__(self, accelerated: bool) -> None:
        tables = _tables()
        self.accelerated = accelerated
        self.table = tables.reductions
        # Each state's lexer knows the terminals the state accepts (the rows also hold
        # nonterminals, which would only keep equal lexers from being shared).
        names = {t.name for t in tables.terminals}
        states: dict[int, Collection[str]] = {
            state: [symbol for symbol in row if symbol in names]
            for state, row in self.table.parse_table.states.items()
        }
        conf = LexerConf(
            tables.terminals, re, tables.ignore,
            callbacks={"COMMENT": _collect_cython_comment if accelerated else _collect_comment},
            skip_validation=True,  # the grammar's terminals were checked when it was built
        )  # fmt: skip
        if accelerated:
            # lark-cython's lexers build their keyword callbacks in C code we cannot subclass;
            # `_create_unless` is looked up in its module when a lexer state is first used.
            _accelerate_keywords(lark_cython.lark_cython)
            self.lexer = lark_cython.lark_cython.ContextualLexer(conf, states)
            self.thread = lark_cython.lark_cython.LexerThread
            self.parser_class: Any = lark_cython.lark_cython._Parser
            self.lalr_class: Any = lark_cython.lark_cython.LALR_Parser
        else:
            self.lexer = _ContextualLexer(conf, states)
            self.thread = LexerThread
            self.parser_class = _LarkParser
            self.lalr_class = LALR_Parser
        self._pool: dict[Dialect, list[tuple[LanguageToAst, dict[Any, Any]]]] = {
            dialect: [] for dialect in DIALECTS
        }

    def parse(self, text: str, dialect: Dialect, lines: LineIndex) -> _Parsed:
        """Parse ``text`` (whose `LineIndex` is ``lines``: the spans made share it)."""
        pool = self._pool[dialect]
        try:
            builder, callbacks = pool.pop()
        except IndexError:
            builder = LanguageToAst(dialect)
            callbacks = self.table.callbacks(builder)
        builder.reset()
        outer_lines = current_lines(lines)
        try:
            lalr = self.lalr_class.__new__(self.lalr_class)
            lalr.parser = self.parser_class(self.table.parse_table, callbacks)
            # On lark-cython a failing text is parsed again in pure Python (see
            # `_parse_statements`), which also runs the `_brace_as_block` repair.
            repair = None if self.accelerated else _brace_as_block
            result = lalr.parse(self.thread.from_text(self.lexer, text), "start",
                                on_error=repair)
            return _Parsed(result[0], frozenset(builder.too_big), tuple(builder.legacy))
        finally:
            current_lines(outer_lines)
            builder.reset()
            pool.append((builder, callbacks))


def streaming_parser(accelerated: bool | None = None) -> _StreamingParser:
    """The process-wide streaming parser (pure-Python Lark, or lark-cython when installed)."""
    return _streaming_parser(ACCELERATED if accelerated is None else accelerated)


@functools.lru_cache(maxsize=2)
def _streaming_parser(accelerated: bool) -> _StreamingParser:
    return _StreamingParser(accelerated)


class _KeywordLexer(BasicLexer):
    """Lark's basic lexer, telling keywords from identifiers with a dictionary."""

    def _build_scanner(self) -> Any:
        scanner = super()._build_scanner()
        fast_keywords(self.callback)
        return scanner


class _ContextualLexer(ContextualLexer):
    BasicLexer = _KeywordLexer


def _accelerate_keywords(module: Any) -> None:
    create_unless = getattr(module, "_create_unless", None)
    if create_unless is None or getattr(create_unless, "_surrealaccess", False):
        return  # another lark-cython layout: its own keyword test is slower, not wrong

    def create_unless_fast(*args: Any, **kwargs: Any) -> Any:
        terminals, callbacks = create_unless(*args, **kwargs)
        fast_keywords(callbacks)
        return terminals, callbacks

    create_unless_fast._surrealaccess = True  # type: ignore[attr-defined]
    module._create_unless = create_unless_fast


def _parse_statements(text: str, dialect: Dialect, lines: LineIndex) -> _Parsed:
    streaming = streaming_parser()
    if not streaming.accelerated:
        return streaming.parse(text, dialect, lines)
    try:
        return streaming.parse(text, dialect, lines)
    except UnexpectedInput:
        # Lark's error reporting (InteractiveParser.accepts) and the `_brace_as_block` repair
        # do not run on lark-cython's parser state: parse a failing text again in pure Python.
        return streaming_parser(False).parse(text, dialect, lines)


@_without_gc
def parse(
    text: str, *, path: str | os.PathLike[str] | None = None, dialect: Dialect = "extended"
) -> ast.Script:
    """Parse SurrealQL text into a `Script`.

    ``dialect`` is ``"surrealdb"`` (exactly what SurrealDB 3.x accepts) or ``"extended"``
    (SurrealDB plus the surrealaccess clauses ISSUER, AUDIENCE, LEEWAY and CLAIMS, and the
    2.x ``DEFINE SCOPE`` / ``DEFINE TOKEN`` statements, which are parsed so they can be
    reported). Raises `ParseError` for anything that is not valid in that dialect.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected 'surrealdb' or 'extended'")
    if not isinstance(text, str):
        raise TypeError(f"parse() takes SurrealQL text (str), not {type(text).__name__}")
    where = os.fspath(path) if path is not None else None
    if len(text) > MAX_TEXT:
        raise ParseError(f"The text is too long: at most {MAX_TEXT} characters can be parsed",
                         line=1, column=1, path=where)
    lines = LineIndex(text)
    comment_tokens: list[Any] = []
    outer = getattr(_comment_sink, "tokens", None)
    _comment_sink.tokens = comment_tokens
    try:
        statements, too_big, legacy = _parse_statements(text, dialect, lines)
    except GrammarProblem as problem:
        raise ParseError(
            problem.message,
            line=problem.span.line,
            column=problem.span.column,
            path=where,
            source=text,
            expected=problem.expected,
            width=max(1, problem.span.end - problem.span.start),
        ) from None
    except UnexpectedInput as error:
        raise _translate(error, text, where) from None
    except RecursionError:
        raise ParseError(
            "The query is nested too deeply", line=1, column=1, path=where, source=text
        ) from None
    except LarkError as error:  # pragma: no cover - every parse failure is an UnexpectedInput
        raise ParseError(str(error), line=1, column=1, path=where, source=text) from None
    finally:
        _comment_sink.tokens = outer
    from .validate import unknown_paths

    if too_big:
        line, column = position_at(text, min(too_big))
        raise ParseError("Invalid number: the integer does not fit in 64 bits", line=line,
                         column=column, path=where, source=text)
    notes = list(legacy)
    for message, span, found_path in unknown_paths(statements):
        # Unknown built-in paths are errors in SurrealDB 3.x; the extended dialect lets them
        # through (old files use 2.x names) for `check` to report. Everything else is fatal.
        if dialect == "surrealdb" or not found_path:
            raise ParseError(message, line=span.line, column=span.column, path=where,
                             source=text, width=max(1, span.end - span.start))
        notes.append((message, span))
    leading, trailing = _attach_comments(comment_tokens, statements, lines)
    return ast.Script(statements=statements, source=text, path=where, dialect=dialect,
                      notes=tuple(notes), leading_comments=leading, trailing_comments=trailing)


def load(path: str | os.PathLike[str], *, dialect: Dialect = "extended") -> ast.Script:
    """Read and parse a ``.surql`` file (UTF-8)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line, column = position_at(error.object.decode("utf-8", "replace"), error.start)
        raise ParseError(
            "The file is not valid UTF-8", line=line, column=column, path=os.fspath(path)
        ) from None
    except OSError as error:
        raise SchemaError(f"{os.fspath(path)}: {error.strerror or error}") from None
    return parse(text, path=path, dialect=dialect)


# ---------------------------------------------------------------------------------------------
# Error messages

#: How SurrealDB names what it expected, for the sets of terminals our grammar can report.
_EXPECTED_PHRASES: dict[frozenset[str], str] = {
    frozenset({"ALGORITHM", "URL"}): "`ALGORITHM`, or `URL`",
    frozenset({"USER", "RECORD"}): "USER or RECORD",
    frozenset({"GRANT", "TOKEN", "SESSION"}): "GRANT, TOKEN or SESSIONS",
    frozenset({"ROOT", "KV", "NAMESPACE", "NS", "DATABASE", "DB"}): (
        "'NAMESPACE', 'DATABASE' or 'ROOT'"
    ),
    frozenset({"JWT", "REFRESH"}): "JWT or REFRESH",
    frozenset({"ISSUER_EXT"}): "ISSUER",
    frozenset(ast.ALGORITHMS): "a valid algorithm",
    frozenset({"JWT", "RECORD", "BEARER"}): "JWT, RECORD or BEARER",
}

_TERMINAL_NAMES: dict[str, str] = {
    "IDENT": "an identifier",
    "ESC_IDENT": "an identifier",
    "STRING": "a string",
    "PREFIXED_STRING": "a string",
    "INT": "a number",
    "FLOAT": "a number",
    "DECIMAL": "a number",
    "DURATION": "a duration",
    "PARAM": "a parameter",
    "RID_HEAD": "a record id",
    "OBJ_OPEN": "`{`",
    "FN_PATH": "a function name",
    "IF_NOT_EXISTS": "IF NOT EXISTS",
    "IF_EXISTS": "IF EXISTS",
    "ELSE_IF": "ELSE IF",
    "ISSUER_EXT": "ISSUER",
    "AUDIENCE_EXT": "AUDIENCE",
    "LEEWAY_EXT": "LEEWAY",
    "CLAIMS_EXT": "CLAIMS",
    "$END": "end of file",
}


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_NAMES:
        return _TERMINAL_NAMES[name]
    pattern = _terminal_text(name)
    if pattern is not None:
        return f"`{pattern}`" if not pattern.isalpha() else pattern.upper()
    return name


@functools.cache
def _terminal_text(name: str) -> str | None:
    for terminal in _tables().terminals:
        if terminal.name == name and terminal.pattern.type == "str":
            return terminal.pattern.value
    return None


def _expected_phrase(names: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    names = frozenset(n for n in names if n not in ("COMMENT", "WS"))
    if names in _EXPECTED_PHRASES:
        phrase = _EXPECTED_PHRASES[names]
        return phrase, (phrase,)
    described = sorted({_describe_terminal(n) for n in names})
    if not described:
        return "", ()
    if len(described) == 1:
        return described[0], tuple(described)
    if len(described) > 8:
        return "an expression or a clause", tuple(described)
    return ", ".join(described[:-1]) + " or " + described[-1], tuple(described)


#: Words our grammar knows as keywords but SurrealDB 3.x lexes as identifiers.
_NOT_ENGINE_KEYWORDS = frozenset({"SCOPE", "JWKS", "AUDIENCE_EXT", "LEEWAY_EXT", "CLAIMS_EXT"})


def _keywords() -> frozenset[str]:
    """The words our grammar spells as keywords (SurrealDB lexes them as keywords too)."""
    return _tables().keywords


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "end of file"
    if token.type == "IDENT" and str(token).upper() in _keywords():
        return f"token `{str(token).upper()}`"
    if token.type in ("IDENT", "ESC_IDENT") or token.type in _NOT_ENGINE_KEYWORDS:
        return "token `an identifier`"
    if token.type in _TERMINAL_NAMES and token.type not in ("OBJ_OPEN",):
        return f"token `{_TERMINAL_NAMES[token.type]}`"
    text = str(token)
    return f"token `{text.upper() if text.isalpha() else text}`"


def _translate(error: UnexpectedInput, text: str, path: str | None) -> ParseError:
    line = error.line if error.line and error.line > 0 else 1
    column = error.column if error.column and error.column > 0 else 1
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type != "$END" and text.startswith("/*", token.start_pos or 0):
            return ParseError("Unexpected end of file, expected multi-line comment to end.",
                              line=line, column=column, path=path, source=text, width=2)
        if token.type == "$END":
            line, column = position_at(text, len(text))
        phrase, expected = _expected_phrase(error.accepts or error.expected)
        message = f"Unexpected {_describe_token(token)}"
        if token.type != "$END" and _statement_may_end(error):
            # SurrealDB's wording; its caret line adds "maybe forgot a semicolon".
            message += ", expected the query to end"
        elif phrase:
            message += f", expected {phrase}"
        width = max(1, len(str(token))) if token.type != "$END" else 1
        return ParseError(message, line=line, column=column, path=path, source=text,
                          expected=expected, width=width)
    if isinstance(error, UnexpectedCharacters):
        # Lark always sets the position of an UnexpectedCharacters; 0 reads the same as None.
        message = _character_message(text, error.pos_in_stream or 0)
        phrase, expected = _expected_phrase(error.allowed or ())
        return ParseError(message, line=line, column=column, path=path, source=text,
                          expected=expected)
    if isinstance(error, UnexpectedEOF):  # pragma: no cover - LALR reports $END as a token
        line, column = position_at(text, len(text))
        return ParseError("Unexpected end of file", line=line, column=column, path=path,
                          source=text)
    return ParseError(str(error), line=line, column=column, path=path, source=text)


def _statement_may_end(error: UnexpectedToken) -> bool:
    accepts: Any = error.accepts or error.expected
    return "SEMICOLON" in accepts and "$END" in accepts


def _character_message(text: str, pos: int) -> str:
    rest = text[pos:]
    first = rest[:1]
    if first in ("'", '"'):
        return "Unexpected end of file, expected string to end."
    if rest.startswith("/*"):
        return "Unexpected end of file, expected multi-line comment to end."
    if first in ("`", "⟨"):
        return "Unexpected end of file, expected the identifier to end"
    if first.isdigit():
        return "Invalid number or duration"
    if first == "$":
        return "Invalid parameter name"
    if first == "~" or rest[:2] in ("!~", "?~", "*~"):
        return (
            f"Invalid token `{first}`: the fuzzy-match operators ~ !~ ?~ *~ were removed in "
            "SurrealDB 3.x; use string::similarity::fuzzy() instead"
        )
    return f"Invalid token `{first}`" if first else "Unexpected end of file"
