"""``summarize_text`` (the batch cleaner's and datatrove's fast path) against
``summarize(repair())``: the same clean text and the same summary, always."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gaptext
from gaptext.integrations import summarize, summarize_text

CONFIGS = [
    gaptext.Config(),
    gaptext.Config(mojibake=False, convert=None),
    gaptext.Config(gaps=False, punctuation=False),
    gaptext.Config(fill=True),
    gaptext.Config(gap_marker="〔{kind}〕"),
]

# Pieces of the damage the pipeline repairs and the cuts the gap rules find.
PIECES = [
    "發(fā)展", "經(jīng)濟", "規(guī)?;?、", "當?shù)厝罕娞峁﹥?yōu)先", "涓枃", "ÖÐÎÄ", "锟斤拷",
    "对年全区", "增长*%", "一是", "二是", "是", "四是", "第产业", "“”", "**市", "20*年",
    "，", ",", ";", "?", "。", "\n", "\n\n", " ", "English 2024", "https://example.com/a?b=1",
    "改善民生", "乾隆", "中国", "x%", "《》", "、、", "(", ")",
]


def _expected(text: str, config: gaptext.Config):
    report = gaptext.repair(text, config)
    return report.text, summarize(report)


@pytest.mark.parametrize("config", CONFIGS, ids=range(len(CONFIGS)))
def test_fixture_as_repair(fixture_text, config):
    assert summarize_text(fixture_text, config) == _expected(fixture_text, config)


def test_corpora_as_repair(corpora):
    for text in corpora:
        assert summarize_text(text) == _expected(text, gaptext.Config())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.sampled_from(CONFIGS))
def test_any_text_as_repair(text: str, config: gaptext.Config):
    assert summarize_text(text, config) == _expected(text, config)


def test_default_config_and_bad_input():
    assert summarize_text("發(fā)展") == _expected("發(fā)展", gaptext.Config())
    assert summarize_text("")[1]["chars"] == 0
    with pytest.raises(TypeError, match="bytes"):
        summarize_text(b"x")
