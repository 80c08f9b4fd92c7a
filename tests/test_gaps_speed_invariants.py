"""The speed-ups of gap detection change no result.

The rules' patterns are served by a prescan (:func:`gaptext.gaps.base.prescan`):
one vectorized pass finds, for every pattern that names the characters that
may stand before and after its lead, the places where it can match, and the
regex checks only those.  A pattern whose ``before``/``after`` classes were
too narrow would silently lose matches, so these tests compare, on generated
and on real text, every pattern's matches and every gap with the prescan on
and off (``base.PRESCAN = False`` runs each regex over the whole text, as the
rules were first written).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gaptext
from gaptext import gaps
from gaptext.config import Config
from gaptext.gaps import base, find_gaps, ordinal
from gaptext.gaps.base import Anchored, Hit, resolve
from gaptext.report import Report

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "seed-economic-work-speech.txt"


def _registered() -> list:
    ordinal._unquoted()  # the lexicon's scanners are built lazily: build them now
    ordinal._quoted()
    return list(base._REGISTRY)


def _alphabet() -> str:
    """Every lead, every character the prescan's classes name, and some others."""
    chars = set("三一二四五六七八九十是年、，,。．.·“”（）()《》「」*＊Xx×Ｘ_＿□%％万亿元吨亩人周分点个百月日"
                "第产业中全会等作为的把市建设成为籍贯立成弘发扬精神章节0123456789０１２３４５６７８９"
                " \t\u3000\n\r：；！？!?—-之以来底今明度庆纪念祝")
    chars.add("\U00020000")  # beyond the BMP: the prescan maps it to its sentinel
    chars.add("\ud800")  # a lone surrogate (decoding damage) must not break the prescan
    for a in _registered():
        chars.add(a.lead)
        for cls in (a.before, a.after):
            if cls:
                body = cls[2:-1] if cls.startswith("[^") else cls[1:-1]
                chars.update(c for c in body.replace("\\", "") if c not in "-^")
    return "".join(sorted(chars))


def _pieces() -> list:
    """Each lead with each character its classes name on either side (是 → 。是, 一是, 是否 ...)."""
    pieces = set()
    for a in _registered():
        for cls, before in ((a.before, True), (a.after, False)):
            if not cls:
                continue
            body = cls[2:-1] if cls.startswith("[^") else cls[1:-1]
            for c in body.replace("\\", ""):
                if c not in "-^":
                    pieces.add(c + a.lead if before else a.lead + c)
    return sorted(pieces)


ALPHABET = _alphabet()
# Single characters, and the contexts the prescan decides on, so that places
# where a pattern may match are frequent in short texts.
texts = st.lists(
    st.one_of(st.sampled_from(ALPHABET), st.sampled_from(_pieces()), st.text(alphabet=ALPHABET, max_size=6)),
    max_size=120,
).map("".join)


@pytest.fixture
def always_prescan(monkeypatch):
    """Prescan texts of any length and density (by default short or dense texts skip it)."""
    monkeypatch.setattr(base, "PRESCAN_MIN_LENGTH", 0)
    monkeypatch.setattr(base, "PRESCAN_MAX_DENSITY", float("inf"))
    monkeypatch.setattr(base, "PRESCAN", True)


def _spans(matches) -> list:
    return [(m.start(), m.end(), m.groups()) for m in matches]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, pos=st.integers(min_value=0, max_value=420))
def test_prescan_never_misses_a_match(always_prescan, text, pos):
    for a in _registered():
        assert a.bit, a.regex.pattern
        whole = a.regex.finditer(text)
        assert _spans(a.finditer(text)) == _spans(whole), a.regex.pattern
        assert _spans(a.finditer(text, pos)) == _spans(a.regex.finditer(text, pos)), a.regex.pattern
        found, expected = a.search(text, pos), a.regex.search(text, pos)
        assert (found and found.span()) == (expected and expected.span()), a.regex.pattern
        assert a.findall(text) == a.regex.findall(text), a.regex.pattern
        assert a.starts(text) == [m.start() for m in a.regex.finditer(text)], a.regex.pattern


def _gaps_both_ways(text: str, monkeypatch) -> tuple:
    monkeypatch.setattr(base, "PRESCAN", False)
    plain = find_gaps(text)
    monkeypatch.setattr(base, "PRESCAN", True)
    return plain, find_gaps(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_find_gaps_same_with_and_without_prescan(always_prescan, monkeypatch, text):
    plain, fast = _gaps_both_ways(text, monkeypatch)
    assert fast == plain


def _redacted_fixture(seed: int) -> str:
    """The real document with more of its digits, 三 and quotations cut (dense gaps)."""
    rng = random.Random(seed)
    text = FIXTURE.read_text(encoding="utf-8")
    out = []
    for c in text:
        if c in "0123456789三" and rng.random() < 0.5:
            continue
        out.append(c)
    return "".join(out)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_real_text_same_with_and_without_prescan(monkeypatch, seed):
    text = _redacted_fixture(seed)
    clean = gaptext.repair(text, gaps=False).text
    for t in (text, clean, clean * 2):
        plain, fast = _gaps_both_ways(t, monkeypatch)
        assert fast == plain
        assert len(fast) > 20


def test_text_beyond_the_bmp(always_prescan, monkeypatch):
    text = "\U00020000一是加强领导。二是落实。\U00020001是新农村建设。四是发展，增长%，作为的发源地。\U00020002" * 50
    plain, fast = _gaps_both_ways(text, monkeypatch)
    assert fast == plain and fast


def test_pattern_added_after_a_prescan_is_served(always_prescan):
    text = "甲乙丙丁" * 600 + "的籍"
    base.prescan(text)
    late = Anchored("籍(?<=的籍)", before="[的]")
    try:
        assert [m.start() for m in late.finditer(text)] == [len(text) - 1]
    finally:
        base._REGISTRY.remove(late)
        base._tables[0] = None


@pytest.mark.parametrize("pattern", ["年|是", "年+", "年*", "[年]"])
def test_anchored_rejects_patterns_not_led_by_their_literal(pattern):
    with pytest.raises(ValueError):
        Anchored(pattern)


def test_anchored_rejects_a_class_that_is_not_one():
    with pytest.raises(ValueError):
        Anchored("籍(?<=的籍)", before="的")


# -- resolve: the inline overlap test is the old one ------------------------

def _overlap_reference(a: Hit, b: Hit) -> bool:
    if (a.start, a.end) == (b.start, b.end):
        return True
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return max(a.start, b.start) < min(a.end, b.end)


def _resolve_reference(hits) -> list:
    out: list = []
    for h in sorted(hits):
        if out and _overlap_reference(out[-1], h):
            if base._rank(h) < base._rank(out[-1]):
                out[-1] = h
            continue
        out.append(h)
    return out


# (The code tells the suggestion apart: hits equal but for a None suggestion do not sort.)
hits = st.builds(
    lambda s, w, kind, conf, sugg: Hit(s, s + w, kind, "G001" if sugg else "G000", "", conf, sugg),
    st.integers(0, 30), st.integers(0, 4), st.sampled_from(list(base.KIND_PRIORITY)),
    st.sampled_from([0.5, 0.8, 0.9]), st.sampled_from([None, "三"]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(hits, max_size=25))
def test_resolve_matches_reference(hit_list):
    assert resolve(hit_list) == _resolve_reference(hit_list)


# -- detect: gaps located in the source in one numpy pass --------------------

@pytest.mark.parametrize("options", [{}, {"fill": True}, {"gap_marker": "〔{kind}〕"}])
def test_many_gaps_map_to_the_source_as_one_by_one(monkeypatch, options):
    text = FIXTURE.read_text(encoding="utf-8") * 3
    report = gaptext.repair(text, gaps=False)
    assert report.offsets.layers  # the document was repaired: offsets move
    config = Config(**options)
    monkeypatch.setattr(gaps, "MANY_GAPS", 10 ** 9)
    one_by_one = gaps.detect(report, config)
    monkeypatch.setattr(gaps, "MANY_GAPS", 1)
    at_once = gaps.detect(report, config)
    assert len(at_once.gaps) >= gaps.MANY_GAPS
    assert at_once.gaps == one_by_one.gaps
    assert at_once.text == one_by_one.text and at_once.edits == one_by_one.edits


def test_no_offsets_means_source_spans_are_text_spans():
    text = "刚才，区长对年全区经济工作进行了总结，增长*%，作为的发源地。" * 3
    report = gaps.detect(Report(source=text, text=text), Config())
    assert report.gaps and all((g.source_start, g.source_end) == (g.start, g.end) for g in report.gaps)


@pytest.mark.parametrize("unit", ["“”", "是。", "年", "、、"])
def test_dense_places_same_with_and_without_prescan(monkeypatch, unit):
    text = "一是加强。二是落实。" + unit * 3000 + "四是发展，达到“”要求。"
    plain, fast = _gaps_both_ways(text, monkeypatch)
    assert fast == plain


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["是成立", "祝成立", "念成立", "成立", "立", "周年", "周", "年", "，", "。", "\n",
                                 "六十", "中华人民共和国", "公司", "十"]), max_size=40).map("".join))
def test_founded_windows_find_what_the_whole_scan_finds(always_prescan, monkeypatch, text):
    # G407 looks for 成立 only in the seven characters before each 周年 of a prescanned text.
    from gaptext.gaps import name

    monkeypatch.setattr(base, "PRESCAN", False)
    whole = name._founded(text)
    monkeypatch.setattr(base, "PRESCAN", True)
    assert name._founded(text) == whole
