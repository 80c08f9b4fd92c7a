"""Properties of the whole pipeline, with hypothesis.

- idempotence: cleaning clean output changes nothing;
- identity on clean text: clean simplified sentences pass untouched;
- offsets: every character of the clean text maps back to the source
  character it came from;
- damage then repair: for simplified text s drawn from the fixtures,
  clean(annotate(s2t(s))) == s, with s2t from opencc-python-reimplemented
  (an independent OpenCC) and annotate inserting pinyin readings.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import gaptext

from conftest import FIXTURES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def clean_sentences() -> list:
    """Sentences of the reviewed clean fixture, cut at Chinese full stops."""
    text = (FIXTURES / "seed-economic-work-speech.clean.txt").read_text(encoding="utf-8")
    parts = re.findall(r"[^。！？\n]+[。！？]", text)
    return [p.strip() for p in parts if len(p.strip()) >= 4]


@lru_cache(maxsize=1)
def _s2t():
    opencc = pytest.importorskip("opencc", reason="opencc-python-reimplemented is a test dependency")
    return opencc.OpenCC("s2t").convert


def _annotate(text: str, picks: list) -> str:
    """Insert a pinyin reading after chosen characters, in the sites' styles."""
    pypinyin = pytest.importorskip("pypinyin", reason="pypinyin is a test dependency")
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        style = picks[i % len(picks)] if picks else 0
        if style and "\u4e00" <= ch <= "\u9fff":
            readings = pypinyin.pinyin(ch, style=pypinyin.Style.TONE, heteronym=False)[0]
            reading = readings[0]
            if reading and reading != ch:
                if style == 1:
                    out.append(f"({reading})")
                elif style == 2:
                    out.append(f"（{reading}）")
                elif style == 3:
                    out.append(f"({reading})({reading})")
    return "".join(out)


sentence = st.builds(lambda i: clean_sentences()[i % len(clean_sentences())], st.integers(0, 10_000))
sentences = st.lists(sentence, min_size=1, max_size=4).map("".join)


@given(sentences)
@SETTINGS
def test_clean_text_passes_untouched(text):
    assert gaptext.clean(text, gaps=False) == text


@given(sentences, st.lists(st.integers(0, 3), min_size=1, max_size=7))
@SETTINGS
def test_damage_then_repair_round_trip(text, picks):
    damaged = _annotate(_s2t()(text), picks)
    assume(damaged != text)
    assert gaptext.clean(damaged, gaps=False) == text


@given(st.text(alphabet=st.sampled_from("發展經濟,:;!?()（）“”〝〞、。，\n ab1(fā)?;锟斤拷中文"), max_size=60))
@SETTINGS
def test_idempotent(text):
    once = gaptext.clean(text, gaps=False)
    assert gaptext.clean(once, gaps=False) == once


@given(sentences, st.lists(st.integers(0, 3), min_size=1, max_size=7))
@SETTINGS
def test_offsets_point_at_the_source_character(text, picks):
    source = _annotate(_s2t()(text), picks)
    report = gaptext.repair(source, gaps=False)
    positions = [report.to_source(i) for i in range(len(report.text))]
    assert positions == sorted(set(positions))
    # The offsets pick out exactly the source characters that became the
    # clean text: converted together (phrases convert as phrases), they give it.
    picked = "".join(source[j] for j in positions)
    assert gaptext.convert(picked) == report.text
    assert [report.to_text(j) for j in positions] == list(range(len(report.text)))
