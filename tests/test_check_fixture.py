"""gaptext-check on the real damaged document: the issue's acceptance checks.

* every repair family (and every gap the detector finds) is reported;
* for every diagnostic, the text at its line and column in the file, read
  independently, is the text it names, and that text is what the pipeline
  changed (or the gap it found);
* json validates against the shipped schema, sarif against SARIF 2.1.0;
* the document as GBK (gb18030), UTF-16 and UTF-8 with BOM, and a Big5
  version, give identical diagnostics;
* ``--fix`` then a second run reports only gaps (and unrecoverable damage);
  ``--fix`` twice changes nothing the second time.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

import gaptext
from gaptext.cli import engine
from gaptext.cli.checker import pipeline_config
from gaptext.cli.settings import Settings
from test_check import FIXTURE, HAS_ENCODING, run_check

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
TEXT = FIXTURE.read_text(encoding="utf-8")
CONFIG = pipeline_config(Settings(mojibake=HAS_ENCODING))
REPAIR_FAMILIES = {"pinyin", "script", "punctuation"} | ({"encoding"} if HAS_ENCODING else set())


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The fixture copied, checked as json: (path, document)."""
    folder = tmp_path_factory.mktemp("fixture")
    path = folder / FIXTURE.name
    shutil.copy(FIXTURE, path)
    r = run_check("--format", "json", str(path))
    assert r.code == 1, r.err
    return path, json.loads(r.out)


def without_path(diags):
    return [{k: v for k, v in d.items() if k != "path"} for d in diags]


def test_linter_pipeline_is_the_librarys():
    """With nothing filtered, the linter's run is exactly gaptext.repair."""
    mine = engine.run(TEXT, CONFIG)
    theirs = gaptext.repair(TEXT, CONFIG)
    assert mine.text == theirs.text
    assert mine.edits == theirs.edits
    assert mine.findings == theirs.findings
    assert mine.gaps == theirs.gaps


def test_every_repair_family_and_every_gap_is_reported(checked):
    _, doc = checked
    diags = doc["diagnostics"]
    families = {d["family"] for d in diags if d["kind"] == "repair"}
    assert REPAIR_FAMILIES <= families
    report = gaptext.repair(TEXT, CONFIG)
    gaps = [(g.code, g.source_start, g.source_end, g.suggestion) for g in report.gaps]
    reported = [(d["code"], d["offset"], d["end_offset"], d["suggestion"]) for d in diags if d["family"] == "gap"]
    assert reported == sorted(gaps, key=lambda g: (g[1], g[2], g[0]))
    findings = [(f.code, f.source_start) for f in report.findings]
    assert sorted(findings) == sorted((d["code"], d["offset"]) for d in diags if d["kind"] == "finding")


def test_every_diagnostic_names_the_text_at_its_line_and_column(checked):
    path, doc = checked
    lines = path.read_bytes().decode("utf-8").split("\n")
    report = gaptext.repair(TEXT, CONFIG)
    edits = {}
    for e in report.edits:
        edits.setdefault(e.code, []).append(e)
    assert doc["diagnostics"]
    for d in doc["diagnostics"]:
        # The span, read off the file by line and column alone.
        if d["line"] == d["end_line"]:
            at = lines[d["line"] - 1][d["column"] - 1:d["end_column"] - 1]
        else:
            at = "\n".join(
                [lines[d["line"] - 1][d["column"] - 1:]]
                + lines[d["line"]:d["end_line"] - 1]
                + [lines[d["end_line"] - 1][:d["end_column"] - 1]]
            )
        assert at == d["text"], d
        # ... and it is what the pipeline changed or found.
        if d["kind"] == "repair" and "(with " not in d["message"]:
            # One edit's run of characters: inside that edit, its before and
            # after text at the same place.
            candidates = [e for e in edits[d["code"]] if e.source_start <= d["offset"] and d["end_offset"] <= e.source_end]
            assert any(
                d["text"] == e.before or (
                    len(e.before) == len(e.after) and d["text"] in e.before
                    and any(e.after[k:k + len(d["text"])] == d["suggestion"]
                            for k in range(len(e.before)) if e.before.startswith(d["text"], k))
                )
                for e in candidates
            ), d
        elif d["kind"] != "repair":
            assert d["text"] == TEXT[d["offset"]:d["end_offset"]]


def test_writing_every_suggestion_gives_the_repaired_text(checked):
    """Repair diagnostics never overlap, and together they are the repair."""
    _, doc = checked
    repairs = [d for d in doc["diagnostics"] if d["kind"] == "repair"]
    out, pos = [], 0
    for d in repairs:
        assert d["offset"] >= pos, "repair diagnostics overlap"
        out.append(TEXT[pos:d["offset"]])
        out.append(d["suggestion"])
        pos = d["end_offset"]
    out.append(TEXT[pos:])
    assert "".join(out) == gaptext.clean(TEXT, CONFIG)


def test_json_validates_against_the_shipped_schema(checked):
    jsonschema = pytest.importorskip("jsonschema")
    from gaptext.cli.formats.json import schema

    _, doc = checked
    jsonschema.Draft202012Validator(schema()).validate(doc)


def test_sarif_validates_against_sarif_2_1_0(checked):
    jsonschema = pytest.importorskip("jsonschema")
    path, doc = checked
    r = run_check("--format", "sarif", str(path))
    sarif = json.loads(r.out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif), key=str)
    assert not errors, errors[:3]
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(doc["diagnostics"])
    first = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    d = doc["diagnostics"][0]
    assert (first["startLine"], first["startColumn"], first["endColumn"]) == (d["line"], d["column"], d["end_column"])
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(ids[res["ruleIndex"]] == res["ruleId"] for res in run["results"])


@pytest.mark.parametrize("encoding, name, bom", [
    ("gb18030", "gbk", False),  # the whole document is in GBK, so GBK is what is detected
    ("utf-16", "utf-16-le", True),
    ("utf-16-be", "utf-16-be", True),
    ("utf-8-sig", "utf-8", True),
])
def test_same_document_in_other_encodings_gives_identical_diagnostics(checked, tmp_path, encoding, name, bom):
    _, doc = checked
    raw = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / "speech.txt"
    path.write_bytes(raw)
    r = run_check("--format", "json", str(path))
    other = json.loads(r.out)
    assert (other["files"][0]["encoding"], other["files"][0]["bom"]) == (name, bom)
    assert without_path(other["diagnostics"]) == without_path(doc["diagnostics"])


def big5_version() -> str:
    """The fixture as Big5 can hold it: toned pinyin letters (not in Big5)
    made toneless, which the pinyin step removes all the same, and the one
    line holding 峁 (GBK mojibake, not in Big5) left out."""
    def toneless(ch):
        if ch.isascii() or ord(ch) >= 0x300:
            return ch
        return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))

    kept = []
    for line in TEXT.split("\n"):
        line = "".join(map(toneless, line))
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        kept.append(line)
    return "\n".join(kept)


def test_big5_version_gives_identical_diagnostics(tmp_path):
    text = big5_version()
    assert len(text.split("\n")) >= len(TEXT.split("\n")) - 1
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(text, encoding="utf-8")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(text.encode("big5"))
    a = json.loads(run_check("--format", "json", str(utf8)).out)
    b = json.loads(run_check("--format", "json", str(big5)).out)
    assert b["files"][0]["encoding"] == "big5"
    assert len(a["diagnostics"]) > 1000
    assert without_path(a["diagnostics"]) == without_path(b["diagnostics"])


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_fix_then_only_gaps_remain_and_a_second_fix_changes_nothing(tmp_path, encoding):
    path = tmp_path / "speech.txt"
    path.write_bytes(TEXT.encode(encoding))
    first = run_check("--fix", "--format", "json", str(path))
    assert first.code in (0, 1), first.err
    fixed = path.read_bytes()
    assert fixed != TEXT.encode(encoding)
    assert fixed.decode(encoding) == gaptext.clean(TEXT, CONFIG)  # encoding kept, BOM included
    remaining = json.loads(first.out)["diagnostics"]
    again = json.loads(run_check("--format", "json", str(path)).out)["diagnostics"]
    assert without_path(again) == without_path(remaining)
    assert {d["kind"] for d in again} <= {"finding", "year", "number", "ordinal", "name", "mask"}
    assert not any(d["fixable"] for d in again)
    second = run_check("--fix", str(path))
    assert path.read_bytes() == fixed
    assert "Fixed 0 repairs" in second.out


def test_text_report_of_the_fixture(checked):
    path, doc = checked
    r = run_check(str(path))
    assert r.out.count(f"{path}:") == len(doc["diagnostics"])
    assert f"Found {len(doc['diagnostics'])} diagnostics" in r.out
