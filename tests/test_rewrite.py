"""The fast paths ``clean()`` takes give exactly what the full steps give.

``clean()`` runs a step's ``rewrite`` when it has one; ``repair()`` runs
``find`` and applies the changes.  Both must produce the same text.  The
steps' vectorised internals (numpy tables, counts done in C) are checked
against plain-Python references of the rules they implement.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gaptext
from gaptext import codetable
from gaptext.codetable import ClassTable, CodeTable, any_in
from gaptext.pipeline import apply_changes, build_steps
from gaptext.steps.punctuation import FULLWIDTH, _ASCII_MARK, _STRONG, _Scan, _left_chinese
from gaptext.steps.script import MIN_EVIDENCE, RATIO, ScriptStep, _SIMP, _TRAD, script_evidence

# REWRITE_EXAMPLES=5000 for a longer search when changing a step's fast path.
SETTINGS = settings(
    max_examples=int(os.environ.get("REWRITE_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

STEPS = {step.name: step for step in build_steps(gaptext.Config())}
FAST = [name for name, step in STEPS.items() if hasattr(step, "rewrite")]

# Characters that exercise every step: traditional and simplified evidence,
# readings, ASCII and fullwidth marks, every kind of line break, an astral
# character, a lone surrogate.
ALPHABET = st.sampled_from(
    list("發展經濟县乾昇濛發发國国") + ["(fā)", "(jīng)", "（guó）", "(a)", "(一)"]
    + list(",;:!?()（）“”〝〞、。，；\n\r \u3000ab19%")
    + ["\r\n", "\x0b", "\x85", "\u2028", "http://a.b/c?x=1,2", "𠀀", "\ud800"]
    + ["\n\n,", "\n\n;", "\n\n、", "%", "GDP", "吗", "）", "“", "”", "!", "?", "！", "？"]
)
texts = st.lists(ALPHABET, max_size=80).map("".join)


def _by_find(step, text: str) -> str:
    return apply_changes(text, [c for c in step.find(text) if c.after is not None])[0]


@pytest.mark.parametrize("name", FAST)
@given(text=texts)
@SETTINGS
def test_rewrite_equals_find_on_generated_text(name, text):
    step = STEPS[name]
    assert step.rewrite(text) == _by_find(step, text)


@pytest.mark.parametrize("name", FAST)
def test_rewrite_equals_find_on_the_real_document(name, fixture_text):
    current = fixture_text
    for step in build_steps(gaptext.Config()):
        expected = _by_find(step, current)
        if step.name == name:
            assert step.rewrite(current) == expected
            return
        current = expected


def test_rewrite_equals_find_on_damaged_corpora(corpora):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from damage import damage_document

    text = damage_document("\n\n".join(corpora[:12]), seed=3)
    for step in build_steps(gaptext.Config()):
        expected = _by_find(step, text)
        if hasattr(step, "rewrite"):
            assert step.rewrite(text) == expected, step.name
        text = expected
    assert gaptext.clean(damage_document("\n\n".join(corpora[:12]), seed=3)) == gaptext.repair(
        damage_document("\n\n".join(corpora[:12]), seed=3)
    ).text


# -- the script step's line decisions, against the rule written out -----------------


def _reference_lines(text: str) -> list:
    """Which lines the module docstring's rule converts, one line at a time."""
    evidence = script_evidence()
    classes = evidence.classes(text).tolist() if text else []
    t_doc, s_doc = classes.count(_TRAD), classes.count(_SIMP)
    if t_doc == 0:
        return []
    document = t_doc >= RATIO * s_doc
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        cls = classes[pos : pos + len(line)]
        t, s = cls.count(_TRAD), cls.count(_SIMP)
        if (t > 0 and t >= RATIO * s) if t + s >= MIN_EVIDENCE else document:
            out.append((pos, pos + len(line)))
        pos += len(line)
    merged = []
    for start, end in out:
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@given(text=texts)
@SETTINGS
def test_script_line_decisions_follow_the_rule(text):
    assert ScriptStep("t2s")._traditional_lines(text) == _reference_lines(text)


# -- the punctuation step's counts done in C ------------------------------------------


def _scanned(text: str) -> _Scan:
    """A scan that has found what the mark pass looks through: URLs, rejoined breaks, parentheses."""
    scan = _Scan(text)
    if "://" in text:
        scan.find_urls()
    scan.find_rejoins()
    scan.find_parens()
    return scan


@given(text=texts)
@SETTINGS
def test_ascii_habit_count_matches_the_definition(text):
    scan = _scanned(text)
    expected = sum(
        1 for m in _ASCII_MARK.finditer(text) if _left_chinese(scan.before(m.start())) and not scan.in_url(m.start())
    )
    assert scan._ascii_after_chinese() == expected


def test_strong_marks_are_decided_as_convertible_decides(fixture_text):
    text = gaptext.clean(fixture_text, punctuation=False)
    scan = _scanned(text)
    fast = {c.start for c in scan.find_marks() if c.code == "L101" and text[c.start] in ",;:"}
    strong = [m.start() for m in re.finditer(_STRONG, text)]
    assert len(strong) > 100
    for s in strong:
        assert (s in fast) == scan.convertible(s, s + 1, text[s])


# The marks as the module docstring tokenises them, every run judged by convertible().
_PLAIN_MARK = re.compile(r"(?:[，。](?=[,，。])|,)[,，。]*|;[;；]*|；[;；]+|[!?！？]+|:|[〝〞]")


def _reference_marks(scan: _Scan) -> list:
    text, out = scan.text, []
    for m in _PLAIN_MARK.finditer(text):
        s, e = m.span()
        tok = m.group()
        c = tok[0]
        if c in "〝〞":
            out.append((s, e, "“" if c == "〝" else "”"))
        elif c in ",，。":
            if "。" in tok:
                stops = tok.count("。")
                after = "。" if stops <= 2 else "。" * stops
                if after != tok:
                    out.append((s, e, after))
            elif e - s == 1:
                if scan.convertible(s, e, ","):
                    out.append((s, e, "，"))
            elif "，" in tok or scan.convertible(s, e, ","):
                out.append((s, e, "，"))
        elif c in ";；":
            if e - s == 1:
                if scan.convertible(s, e, ";"):
                    out.append((s, e, "；"))
            elif "；" in tok or scan.convertible(s, e, ";"):
                out.append((s, e, "；"))
        elif c == ":":
            if scan.convertible(s, e, ":"):
                out.append((s, e, "："))
        elif ("!" in tok or "?" in tok) and scan.convertible(s, e, "?" if ("?" in tok or "？" in tok) else "!"):
            out.extend((s + k, s + k + 1, FULLWIDTH[ch]) for k, ch in enumerate(tok) if ch in "!?")
    return out


def _applied(text: str, spans) -> str:
    out, pos = [], 0
    for s, e, after in sorted(spans):
        out.append(text[pos:s])
        out.append(after)
        pos = e
    return "".join(out) + text[pos:]


@given(text=texts)
@SETTINGS
def test_mark_scan_skips_only_what_convertible_refuses(text):
    scan = _scanned(text)
    got = [(c.start, c.end, c.after) for c in scan.find_marks()]
    assert _applied(text, got) == _applied(text, _reference_marks(scan))


@given(text=texts)
@SETTINGS
def test_row_candidates_are_the_lines_with_commas_and_no_prose_mark(text):
    from gaptext.steps.punctuation import PROSE_MARKS, _row_candidates

    line = re.compile(f"^[^\\n{PROSE_MARKS},]*,[^\\n{PROSE_MARKS}]*$", re.M)
    assert _row_candidates(text) == [m.start() for m in line.finditer(text)]


# -- the numpy tables -----------------------------------------------------------------

any_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=600)


@given(any_text, st.dictionaries(st.integers(0, 0xFFFF), st.integers(0, 0x10FFFF), max_size=50))
@SETTINGS
def test_code_table_translates_as_str_translate_does(text, mapping):
    table = CodeTable(mapping)
    assert table.translate(text) == text.translate(mapping)


@given(any_text, st.dictionaries(st.integers(0, 0x10FFFF), st.integers(1, 5), max_size=50))
@SETTINGS
def test_class_table_gives_each_character_its_class(text, classes):
    got = ClassTable(classes).classes(text).tolist()
    assert got == [classes.get(ord(c), 0) for c in text]


@given(any_text, st.lists(st.tuples(st.integers(0, 0x10FFFF), st.integers(0, 0x2000)), min_size=1, max_size=3))
@SETTINGS
def test_any_in_finds_what_a_regex_class_finds(text, spans):
    ranges = [(lo, min(lo + width, 0x10FFFF)) for lo, width in spans]
    assert any_in(text, ranges) == any(lo <= ord(c) <= hi for c in text for lo, hi in ranges)
    big = text * (codetable.SMALL // max(1, len(text)) + 1)
    assert any_in(big, ranges) == any(lo <= ord(c) <= hi for c in text for lo, hi in ranges)


def test_tables_work_across_chunks(monkeypatch):
    monkeypatch.setattr(codetable, "CHUNK", 7)
    monkeypatch.setattr(codetable, "SMALL", 3)
    text = "發展經濟\ud800𠀀發" * 20
    mapping = {ord("發"): ord("发"), ord("經"): ord("经")}
    assert CodeTable(mapping).translate(text) == text.translate(mapping)
    assert ClassTable({ord("發"): 1}).classes(text).tolist() == [int(c == "發") for c in text]


def test_code_table_refuses_astral_keys():
    with pytest.raises(ValueError, match="BMP"):
        CodeTable({0x20000: 0x41})
