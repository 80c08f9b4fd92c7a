"""gaptext.gaps.detect: gaps in the report, fill, markers, offsets, bad input, speed."""

import re
import time

import pytest
from gapcases import NORMALISE, annotation, fixture_report, locate, pipeline_options
from hypothesis import given, settings
from hypothesis import strategies as st

import gaptext
from gaptext.config import Config
from gaptext.gaps import detect, find_gaps
from gaptext.report import Report

DOC = "一是思想解放。二是发展提速。是新农村建设初显新面貌。四是二、产业发展，推动第产业，坚持“个代表”重要思想。"


def run(text, **options):
    return detect(Report(source=text, text=text), Config(**options))


# -- no gaps where there are none --------------------------------------------

CLEAN = [
    "",
    "   \n\n",
    "The quick brown fox jumps over the lazy dog; x = 3 * 4; s = '%d%%' % n; __init__(**kwargs).",
    "def f(x):\n    return {'a': x[0], 'b': (1, 2), 'c': \"\"}  # XXX todo\n",
    "二〇一二年全区经济增长百分之八，三年来成效明显，二〇〇八年以来持续向好，第三产业占比提高。",
    "今年、明年、去年、近年、每年、全年、新年、多年、年底、年初、年度、年来都不是缺失的年份。",
    "2024年全省地区生产总值增长5.2%，粮食产量1.3亿吨，城镇新增就业60万人，成立70周年。",
    "一是加强领导；二是完善机制；三是狠抓落实；四是强化考核。",
]


@pytest.mark.parametrize("text", CLEAN)
def test_text_without_gaps_reports_none(text):
    assert find_gaps(text) == []
    report = run(text)
    assert report.gaps == [] and report.text == text


def test_gaps_off_reports_none():
    assert gaptext.repair(DOC, gaps=False, **pipeline_options()).gaps == []


def test_bad_input_is_refused_clearly():
    with pytest.raises(TypeError):
        find_gaps(b"bytes")
    with pytest.raises(ValueError, match="gap_marker"):
        run(DOC, gap_marker="〔{nope}〕")


# -- what a report says -------------------------------------------------------

def test_gaps_are_sorted_and_located():
    report = run(DOC)
    assert [(g.kind, g.code, g.suggestion) for g in report.gaps] == [
        ("ordinal", "G301", "三"), ("ordinal", "G303", "三"), ("ordinal", "G304", "三"), ("ordinal", "G306", "三"),
    ]
    assert [g.start for g in report.gaps] == sorted(g.start for g in report.gaps)
    for g in report.gaps:
        assert g.start == g.end == g.source_start == g.source_end
        assert 0 < g.confidence <= 1


def test_fill_writes_the_proven_numeral():
    report = run(DOC, fill=True)
    assert report.text == (
        "一是思想解放。二是发展提速。三是新农村建设初显新面貌。四是二、三产业发展，推动第三产业，坚持“三个代表”重要思想。"
    )
    for g in report.gaps:
        assert report.text[g.start:g.end] == "三"
        assert g.source_start == g.source_end
        assert DOC[g.source_start:g.source_start + 1] == report.text[g.end:g.end + 1]
    assert [e.step for e in report.edits] == ["gaps"] * 4
    assert all(e.before == "" and e.after == "三" for e in report.edits)


def test_fill_leaves_unproven_gaps_alone():
    text = "刚才，区长对年全区经济工作进行了全面的总结"
    assert run(text, fill=True).text == text


def test_marker_is_inserted_at_each_gap():
    text = "刚才，区长对年全区经济工作进行了总结，增长*%。"
    report = run(text, gap_marker="〔{kind}〕")
    assert report.text == "刚才，区长对〔year〕年全区经济工作进行了总结，增长〔number〕*%。"
    year, number = report.gaps
    assert report.text[year.start:year.end] == "〔year〕"
    assert report.text[number.start:number.end] == "〔number〕*"
    assert (year.source_start, year.source_end) == (6, 6)
    assert text[number.source_start:number.source_end] == "*"
    assert report.to_text(number.source_end, end=True) == number.end


def test_marker_and_fill_together():
    report = run("一是甲。二是乙。是丙。", gap_marker="〔{code}〕", fill=True)
    assert report.text == "一是甲。二是乙。〔G301〕三是丙。"
    (g,) = report.gaps
    assert report.text[g.start:g.end] == "〔G301〕三"


# -- offsets through the whole pipeline ---------------------------------------

def _check_offsets(report):
    for g in report.gaps:
        if g.start == g.end:
            assert g.source_start == g.source_end
            assert report.to_text(g.source_start) == g.start
        else:
            source = gaptext.convert(report.source[g.source_start:g.source_end]).translate(NORMALISE)
            assert source == report.text[g.start:g.end].translate(NORMALISE)


def test_offsets_of_the_real_document():
    report = fixture_report()
    assert len(report.gaps) >= len(annotation()["gaps"])
    _check_offsets(report)
    # a zero-width gap sits right before the character that follows it
    for g in report.gaps:
        if g.start == g.end and g.start < len(report.text):
            after = report.source[g.source_start:g.source_start + 1]
            assert gaptext.convert(after).translate(NORMALISE) == report.text[g.start].translate(NORMALISE)


def test_offsets_with_markers_and_fill():
    plain = fixture_report()
    report = fixture_report(fill=True, gap_marker="〔{kind}〕")
    assert [(g.kind, g.code, g.source_start, g.source_end) for g in report.gaps] == [
        (g.kind, g.code, g.source_start, g.source_end) for g in plain.gaps
    ]
    for g in report.gaps:
        assert report.text[g.start:g.end].startswith(f"〔{g.kind}〕")
    # the text is the clean text with exactly these insertions
    expected = plain.text
    for g in reversed(plain.gaps):
        piece = f"〔{g.kind}〕" + (g.suggestion if g.suggestion and g.start == g.end else "")
        expected = expected[:g.start] + piece + expected[g.start:]
    assert report.text == expected
    assert report.offsets.to_source(len(report.text), end=True) == len(report.source)


# -- properties -----------------------------------------------------------------

def _gap_free_sentences():
    report = fixture_report(gaps=False)
    text = report.text
    ann = annotation()
    bad = [locate(text, e) for e in ann["gaps"]]
    suspects = [text.translate(NORMALISE).find(s["context"].translate(NORMALISE)) for s in ann["suspected"]]
    out = []
    for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", text):
        a, b = m.span()
        if any(a <= s <= b for s, _ in bad) or any(a <= s < b for s in suspects if s >= 0):
            continue
        if len(m.group().strip()) > 1:
            out.append(m.group())
    return out


SENTENCES = _gap_free_sentences()


def test_the_fixture_has_gap_free_sentences():
    assert len(SENTENCES) > 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8), st.sampled_from(["", "\n", "\n\n"]))
def test_clean_sentences_of_the_fixture_raise_no_gaps(sentences, joint):
    text = joint.join(sentences)
    assert find_gaps(text) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("是年“”、，。*%X第（）一二三四等万周的把作为")), max_size=60))
def test_any_text_gives_sorted_disjoint_gaps_in_range(text):
    gaps = run(text).gaps
    last = -1
    for g in gaps:
        assert 0 <= g.start <= g.end <= len(text)
        assert g.start >= last
        last = g.end if g.end > g.start else g.start
        assert g.kind in ("year", "number", "ordinal", "name", "mask")


# -- speed ------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["是", "“”", "*", "、", "年", "（）", "X", "%", "年仅", "年创１", "，等他", "（万人）"])
def test_linear_on_adversarial_input(unit):
    text = unit * (1_000_000 // len(unit))
    t = time.process_time()  # CPU time: a busy machine does not make it fail
    gaps = find_gaps(text)
    elapsed = time.process_time() - t
    # about 0.03-0.65 s each here; backtracking would take minutes
    assert elapsed < 2.0, f"{unit!r} * 1M took {elapsed:.2f}s"
    assert len(gaps) <= 1


@pytest.mark.parametrize("unit", ["“讲”", "印第", "一是。是", "百亩万亩", "年底", "，年产值"])
def test_linear_where_every_unit_is_a_gap(unit):
    # Repeated units that are gaps (or weak frames) each: the time grows with the length, no faster.
    def timed(n):
        text = unit * (n // len(unit))
        t = time.process_time()
        find_gaps(text)
        return time.process_time() - t

    small, large = min(timed(100_000) for _ in range(2)), timed(400_000)
    assert large < 8 * small + 0.2, f"{unit!r}: 100k {small:.2f}s, 400k {large:.2f}s"
