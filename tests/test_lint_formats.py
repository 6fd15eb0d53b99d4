"""Output formats: text with carets and colour, JSON, SARIF 2.1.0 (schema-validated), GitHub."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from surrealaccess.lint import all_rules, lint
from surrealaccess.lint.reporters import FileReport, render, sarif, use_colour

DATA = Path(__file__).resolve().parent / "data"
TEXT = (
    "-- schema ⟨ü⟩\n"
    "DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret';\n"
    "DEFINE ACCESS b ON DATABASE TYPE JWT URL 'http://127.0.0.1/j';\n"
    "DEFINE SCOPE s SESSION 1h;\n"
)


def report(path: str = "schema/auth.surql", text: str = TEXT) -> FileReport:
    return FileReport(path, text, tuple(lint(text, path=path)))


def test_json_objects_have_the_documented_keys() -> None:
    items = json.loads(render([report()], "json"))
    assert len(items) >= 5
    required = {"path", "line", "column", "end_line", "end_column", "code", "severity",
                "message", "rule", "fix"}
    assert all(required <= item.keys() for item in items)
    first = items[0]
    assert (first["path"], first["line"], first["column"], first["code"]) == (
        "schema/auth.surql", 2, 58, "SA101")
    legacy = next(i for i in items if i["code"] == "SA601")
    assert legacy["fix"]["edits"] and legacy["severity"] == "error"


def test_sarif_validates_against_the_schema() -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render([report(), report("clean.surql", "")], "sarif", version="0.1.0"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in all_rules()]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    assert run["columnKind"] == "unicodeCodePoints"
    result = run["results"][0]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "schema/auth.surql"
    assert location["region"] == {"startLine": 2, "startColumn": 58, "endLine": 2,
                                  "endColumn": 66}


def test_sarif_uris_are_relative_and_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "my schema.surql"
    log = sarif([report(str(path))])
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "my%20schema.surql"


def test_github_annotations_escape_properties_and_data() -> None:
    lines = render([report("a,b:c.surql")], "github").splitlines()
    assert lines[0].startswith("::error file=a%2Cb%3Ac.surql,line=2,col=58,endLine=2,"
                               "endColumn=66,title=SA101 hmac-secret-short::HS256 KEY is 6 bytes")
    assert any(line.startswith("::warning ") for line in lines)
    [diagnostic] = lint("DEFINE ACCESS a ON DATABASE TYPE JWT KEY 'x';")
    odd = FileReport("x", "", (replace(diagnostic, message="50% done\nnext line"),))
    assert render([odd], "github").endswith("::50%25 done%0Anext line\n")


def test_text_has_carets_summary_and_fix_markers() -> None:
    out = render([report()], "text")
    assert "schema/auth.surql:2:58: SA101 error: HS256 KEY is 6 bytes" in out
    assert "  2 | DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS256 KEY 'secret';" in out
    assert "^^^^^^^^" in out
    assert "SA601 [*] error" in out
    assert out.rstrip().endswith("fixable with --fix (marked [*]).")
    assert "\033[" not in out
    assert render([report("c.surql", "")], "text") == "All checks passed (1 file linted).\n"


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Tty()) and not use_colour(io.StringIO())
    assert use_colour(io.StringIO(), "always") and not use_colour(Tty(), "never")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Tty())
    assert "\033[1;31mSA101\033[0m" in render([report()], "text", colour=True)


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        render([], "yaml")
