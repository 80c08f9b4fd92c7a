"""The real document: the pipeline's output is the reviewed golden text.

fixtures/seed-economic-work-speech.clean.txt was produced by the pipeline and
then read line by line against the damaged original; every repair in it was
checked by hand (and the redaction gaps left exactly as they were cut).
"""

from __future__ import annotations

import re

import gaptext

from conftest import FIXTURES

# A reading in parentheses: latin letters with or without tone marks or digits.
READING = re.compile(r"[(（][a-zA-Z\u00c0-\u024f:]{1,8}[0-5]?[)）]")
HAN = "\u4e00-\u9fff"


def golden() -> str:
    return (FIXTURES / "seed-economic-work-speech.clean.txt").read_text(encoding="utf-8")


def test_output_equals_reviewed_golden(fixture_text):
    assert gaptext.clean(fixture_text) == golden()


def test_no_inline_pinyin_left(fixture_text):
    assert READING.findall(fixture_text)  # the damage is there ...
    assert READING.findall(gaptext.clean(fixture_text)) == []  # ... and gone


def test_nothing_left_for_opencc_t2s(fixture_text):
    out = gaptext.clean(fixture_text)
    assert gaptext.convert(out) == out


def test_no_ascii_marks_between_chinese(fixture_text):
    pattern = re.compile(f"[{HAN}][,;:!?][{HAN}]")
    assert pattern.search(fixture_text)
    assert pattern.findall(gaptext.clean(fixture_text)) == []


def test_broken_paragraph_rejoined(fixture_text):
    assert "項目\n\n、看準了的工作" in fixture_text
    out = gaptext.clean(fixture_text)
    assert "看准了的项目、看准了的工作" in out
    assert "\n、" not in out


def test_gbk_out_of_step_segments_repaired(fixture_text):
    out = gaptext.clean(fixture_text)
    for repaired in ("规模化、专业化", "发展潜力。", "积极为当地群众提供优先就业机会"):
        assert repaired in out
    assert "?" not in out


def test_every_edit_names_its_source_text(fixture_text):
    """Each edit's source span holds what the step saw, less earlier steps' work."""
    from gaptext.pipeline import apply_changes
    from gaptext.steps.pinyin import PinyinStep

    report = gaptext.repair(fixture_text)
    encoded = [(e.source_start, e.source_end) for e in report.edits if e.step == "encoding"]
    checked = 0
    for edit in report.edits:
        span = fixture_text[edit.source_start:edit.source_end]
        overlaps_repair = any(a < edit.source_end and edit.source_start < b for a, b in encoded)
        if edit.step == "encoding" or (edit.step == "pinyin" and not overlaps_repair):
            assert span == edit.before
        elif overlaps_repair:
            # Text an encoding repair produced has no source of its own: the
            # span covers the damaged run it came from.
            assert len(span) >= len(edit.before.strip("()"))
        else:
            # Only the pinyin step ran on this span before: undo nothing, redo it.
            seen = apply_changes(span, PinyinStep().find(span))[0]
            assert seen == edit.before, (edit, span)
        checked += 1
    assert checked == len(report.edits) > 400
