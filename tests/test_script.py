"""Script step: traditional lines converted exactly, simplified text left alone."""

from __future__ import annotations

import pytest

import gaptext
from gaptext.pipeline import apply_changes
from gaptext.steps.script import ScriptStep


def run(text, config="t2s"):
    return apply_changes(text, ScriptStep(config).find(text))[0]


def test_traditional_line_converted_like_opencc():
    text = "市區經濟工作會議講話\n時間:2022-01-22 09:33:00"
    assert run(text) == gaptext.convert(text)


@pytest.mark.parametrize("name", ["乾县", "昇腾", "濛溪河", "乾县的发展很快", "昇腾处理器", "濛溪河遗址的发掘"])
def test_names_in_simplified_text_kept(name):
    assert run(f"这是一段简体的报告，提到{name}。") == f"这是一段简体的报告，提到{name}。"
    # A line too short to tell follows its document.
    doc = f"简体文件的标题\n{name}\n"
    assert run(doc) == doc


def test_simplified_document_with_traditional_quote_line():
    doc = "这是简体的发展报告。\n「經濟發展」是繁體的引文。\n乾县"
    assert run(doc) == "这是简体的发展报告。\n「经济发展」是繁体的引文。\n乾县"


def test_short_lines_follow_the_document():
    assert run("經濟發展的報告\n時間\n") == "经济发展的报告\n时间\n"
    assert run("经济发展的报告\n時間\n") == "经济发展的报告\n時間\n"


def test_undecided_line_follows_document():
    # 乾 is valid in both scripts: in a traditional document OpenCC converts it.
    doc = "經濟發展\n乾\n"
    assert run(doc) == "经济发展\n干\n"
    doc = "经济发展\n乾\n"
    assert run(doc) == doc


def test_changes_are_trimmed_and_exact():
    text = "abc 經濟 xyz\n"
    changes = ScriptStep().find(text)
    assert [(c.start, c.end, c.after) for c in changes] == [(4, 6, "经济")]


@pytest.mark.parametrize("config", ["tw2s", "hk2s"])
def test_other_configs(config):
    text = "臺灣的軟體與香港的資訊科技"
    assert run(text, config) == gaptext.convert(text, config)


def test_corpora_untouched(corpora):
    step = ScriptStep()
    changed = [(i, c) for i, doc in enumerate(corpora) for c in step.find(doc)]
    assert changed == []


def test_fixture_leaves_nothing_for_opencc(fixture_text):
    out = gaptext.repair(fixture_text, mojibake=False, gaps=False).text
    assert gaptext.convert(out) == out
