"""The fast paths of gap detection give what the plain statements they replace give.

Each test here holds one shortcut taken for speed to the straightforward
code it stands for: the word-at-a-time nonzero scan of the prescan, the
placeholder runs read from the prescan's places, the one-phrase reading of
a threshold or a rate after 万/亿, the grouped lexicon lookups, the quoted
table forms found without a regex per quotation, the one search for the
sentence before 之年, the memos shared by the two passes of
:func:`gaptext.gaps.find_gaps`, and the report ``detect`` builds field by
field.  (tests/test_gaps_speed_invariants.py compares whole
results with the prescan on and off; tests/test_gaps_exact.py the exact
patterns.)
"""

from __future__ import annotations

import dataclasses
import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaptext.config import Config
from gaptext.gaps import base, detect, find_gaps, mask, number, ordinal, year
from gaptext.gaps.base import HAN
from gaptext.gaps.lexicon import lexicon
from gaptext.report import Report


@pytest.fixture
def always_prescan(monkeypatch):
    monkeypatch.setattr(base, "PRESCAN_MIN_LENGTH", 0)
    monkeypatch.setattr(base, "PRESCAN_MAX_DENSITY", float("inf"))
    monkeypatch.setattr(base, "PRESCAN", True)


# -- the prescan ----------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=3), max_size=70), st.integers(min_value=0, max_value=255))
def test_nonzero_bytes_is_nonzero(values, fill):
    values = values + [0] * (-len(values) % 8)  # (the prescan pads its arrays to whole words)
    ids = np.array([fill if v == 3 else v for v in values], dtype=np.uint8)
    assert base._nonzero_bytes(ids).tolist() == ids.nonzero()[0].tolist()


def test_nonzero_bytes_on_long_arrays():
    rng = np.random.default_rng(7)
    for n in (8, 16, 1000, 4104):
        for density in (0.0, 0.07, 0.5, 1.0):
            ids = (rng.random(n) < density).astype(np.uint8) * rng.integers(1, 40, n).astype(np.uint8)
            assert (base._nonzero_bytes(ids) == ids.nonzero()[0]).all()


@pytest.mark.parametrize("text", ["", "年", "是年", "一二三四五六七", "一二三四五六七八", "\U00020000年" * 9])
def test_code_units_pad_with_sentinels(text):
    codes = base._code_units(text)
    assert len(codes) % 8 == 0 and len(codes) > len(text)
    assert codes[len(text):].tolist() == [base._SENTINEL] * (len(codes) - len(text)) and codes[-1] == base._SENTINEL
    assert codes[:len(text)].tolist() == [ord(c) for c in text]


def test_a_pattern_registered_after_a_prescan_clears_it(always_prescan):
    text = "甲乙丙丁" * 10 + "乙籍"
    base.prescan(text)
    late = base.Anchored("籍(?<=乙籍)", before="[乙]")
    try:
        assert base._last_prescan[0] is None
        assert late.starts(text) == [len(text) - 1]
    finally:
        base._REGISTRY.remove(late)
        base._tables[0] = None


# -- mask: runs of a placeholder --------------------------------------------------

@pytest.mark.parametrize("runs", [runs for _, runs in mask._RUNS], ids=lambda r: r.scan.lead)
def test_runs_from_places_are_the_regex_runs(always_prescan, runs):
    c = runs.scan.lead
    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice([c, c, c + c, "的", " ", "\U00020000", "\n"]) for _ in range(rng.randint(0, 12)))
        base._last_prescan[0] = None
        assert runs(text) == [m.span() for m in runs.scan.regex.finditer(text)], text


# -- number: the phrase after 万/亿 and a unit ------------------------------------

_MARKS = "[^，,。；;：:、！？\n]"
_OLD_THRESHOLD = re.compile(_MARKS + "{0,3}?(?:以上|以下)")
_OLD_SIZE_CLASS = re.compile(_MARKS + "{0,3}?(?:以上|以下)[" + HAN + "]")
_OLD_RATE = re.compile(_MARKS + "{0,12}?(?:拥有|能耗|用水)")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["以上", "以下", "拥有", "能耗", "用水", "以", "上", "项目", "重点", "，", "。", "、",
                                 "\n", "a", "1", "的", "标准煤", "GDP"]), max_size=10).map("".join))
def test_phrase_readings_are_the_old_regexes(rest):
    text = "万元" + rest
    phrase = number._PHRASE.match(text, 2).group()
    threshold = number._threshold(phrase)
    assert threshold == bool(_OLD_THRESHOLD.match(text, 2))
    assert bool(threshold and number._size_class(phrase)) == bool(_OLD_SIZE_CLASS.match(text, 2))
    assert bool(number._RATE.search(phrase)) == bool(_OLD_RATE.match(text, 2))


def _old_in_word(text: str, i: int) -> bool:
    """The lookup as first written: every word indexed by its 万/亿 and the character after."""
    for word in lexicon().wan_words:
        for k, c in enumerate(word[:-1]):
            if c in "万亿" and word[k:k + 2] == text[i:i + 2] and text.startswith(word, i - k):
                return True
    return False


def test_wan_words_grouped_by_shape_are_the_word_lookup():
    words = sorted(lexicon().wan_words)
    rng = random.Random(11)
    pieces = words[:300] + ["万", "亿", "元", "人", "的", "千", "百", "家", "户"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        for i, c in enumerate(text):
            if c in "万亿":
                assert number._in_word(text, i) == _old_in_word(text, i), (text, i)


# -- ordinal: quoted table forms -----------------------------------------------------

def test_quoted_forms_are_what_findall_finds(always_prescan):
    forms = sorted(ordinal._san_forms())
    rng = random.Random(5)
    _, closing, quoted = ordinal._quoted()[0]
    pieces = ["“" + g + "”" for g in forms[:200]] + ["“", "”", "“”", "“十四五”", "“两个确立”", "\n", "的", "“农“农”"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        base._last_prescan[0] = None
        expected = set(quoted.regex.findall(text)) & ordinal._san_forms()
        assert ordinal._quoted_forms(text, closing, quoted) == expected, text


# -- the two passes of find_gaps share their slots --------------------------------------

def test_memos_follow_the_prescan_switch(monkeypatch):
    text = "对年全区经济工作进行了总结，是自年以来的最高增速，截至年底，突破亿元，产量万吨。" * 80
    fast = (year.find(text), year.find(text, damaged=True), number.find(text), number.find(text, damaged=True))
    monkeypatch.setattr(base, "PRESCAN", False)
    assert year._slots.memo[0][1] is True  # (the memo knows which scan made it)
    plain = (year.find(text), year.find(text, damaged=True), number.find(text), number.find(text, damaged=True))
    assert year._slots.memo[0][1] is False
    assert fast == plain
    assert fast[0] and fast[1] and fast[3]


# -- detect -------------------------------------------------------------------------

def test_detect_builds_every_field_of_the_report():
    """detect() names each field of Report (a field added later must be passed on too)."""
    assert [f.name for f in dataclasses.fields(Report)] == ["source", "text", "edits", "gaps", "findings", "offsets"]
    text = "刚才，区长对年全区经济工作进行了总结"
    report = detect(Report(source=text, text=text), Config())
    assert [g.code for g in report.gaps] == ["G101"]
    assert report.source == text and report.findings == [] and report.edits == []


def test_find_gaps_is_unchanged_by_repeated_calls():
    """The per-text memos (prescan, slots, frames) give the same answer each time."""
    text = "一是思想解放。二是发展提速。是新农村建设。增长*%，**市委，“”要求，年全区。" * 100
    first = find_gaps(text)
    assert first == find_gaps(text) == find_gaps(text[:]) and first


def test_last_sentence_end_is_the_last_one_before():
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice("。！？!?；;\n的是之年 ") for _ in range(rng.randint(0, 200)))
        k = rng.randint(0, len(text))
        lo = max(0, k - 80)
        end = year._LAST_SENTENCE_END.search(text, lo, k)
        assert (end.start() if end else -1) == max(text.rfind(c, lo, k) for c in year._SENTENCE_END), (text, k)


_HITS = st.lists(
    st.builds(
        lambda s, n, kind, conf, sugg: base.Hit(s, s + n, kind, "G", "", conf, sugg),
        st.integers(0, 12), st.sampled_from([0, 0, 1, 2, 5]), st.sampled_from(["mask", "ordinal", "name"]),
        st.sampled_from([0.5, 0.9]), st.sampled_from([None])),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(_HITS)
def test_resolved_hits_stay_as_they_are(hits):
    """resolve leaves resolved hits as they are (the self-resolving families' hits pass it unchanged)."""
    once = base.resolve(hits)
    assert base.resolve(once) == once


def test_self_resolving_families_return_resolved_hits():
    from gaptext import gaps

    text = "**市委、XX县区、20*年、增长x.x%、xX%，%%省。一是加强。是落实。四是二、产业，第产业，“农”" * 40
    for family in (gaps.mask.find, gaps.ordinal.find):
        found = family(text)
        assert found and base.resolve(found) == found
