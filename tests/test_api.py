"""The public API as DESIGN.md gives it, and what bad input does."""

from __future__ import annotations

import dataclasses
import time

import pytest

import gaptext
from gaptext import Config


def test_public_names():
    for name in ("clean", "repair", "convert", "Config", "Report", "Gap", "Edit", "__version__"):
        assert hasattr(gaptext, name)


def test_config_is_frozen_and_overridable():
    config = Config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.pinyin = False  # type: ignore[misc]
    assert config.replace(convert=None).convert is None
    assert config.convert == "t2s"
    assert gaptext.clean("經濟", convert=None, pinyin=False) == "經濟"
    assert gaptext.clean("經濟", Config(convert=None), convert="t2s") == "经济"


def test_unknown_override_and_bad_values():
    with pytest.raises(TypeError, match="colour"):
        gaptext.clean("x", colour=True)
    with pytest.raises(ValueError, match="s2t"):
        Config(convert="s2t")
    with pytest.raises(TypeError, match="pinyin"):
        Config(pinyin="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="dict"):
        gaptext.clean("x", config={"pinyin": False})  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [b"bytes", None, 12, ["list"], bytearray(b"x")])
def test_non_str_raises_type_error_naming_type(bad):
    for func in (gaptext.clean, gaptext.repair):
        with pytest.raises(TypeError, match=type(bad).__name__):
            func(bad)


def test_empty():
    assert gaptext.clean("") == ""
    report = gaptext.repair("")
    assert report.text == "" and report.edits == [] and report.gaps == []


@pytest.mark.parametrize(
    "text",
    [
        "a\x00b\x01c\x7f",
        "\ud800 lone surrogate \udfff",
        "emoji 😀👍🏽 and 🇨🇳",
        "\u200b\ufeffzero width",
        "Plain English, with commas: and (parentheses)!",
        "def f(x): return x[1:2], {'a': 1}",
        "https://example.com/a?b=1,2;c=(3)",
        "1,000.5 2022-01-22 09:33:00 3.14%",
    ],
)
def test_passes_through_untouched(text):
    assert gaptext.clean(text) == text


def test_repair_reports_edits_in_source():
    source = "發(fā)展經(jīng)濟"
    report = gaptext.repair(source)
    assert report.text == "发展经济"
    assert report.source == source
    for edit in report.edits:
        assert source[edit.source_start:edit.source_end] == edit.before or edit.step == "script"
    # Every clean character maps back to the character it came from.
    for i, ch in enumerate(report.text):
        src = source[report.to_source(i)]
        assert gaptext.convert(src) == ch


def test_explain_lists_every_edit():
    report = gaptext.repair("發(fā)展,很好")
    lines = report.explain().splitlines()
    assert len(lines) == len(report.edits) + len(report.gaps) + len(report.findings)
    assert any("P101" in line for line in lines)


@pytest.mark.parametrize(
    "adversarial",
    [
        "(" * 1_000_000,
        "(a" * 500_000,
        "(a(a(a" * 170_000,
        ",。" * 500_000,
        "發(" * 500_000,
        "?;" * 500_000,
        "（ā）" * 250_000,
    ],
    ids=["parens", "open-a", "nested", "alternating-marks", "han-open", "qmark-semicolon", "fullwidth-readings"],
)
def test_adversarial_inputs_finish_quickly(adversarial):
    start = time.perf_counter()
    out = gaptext.clean(adversarial)
    assert isinstance(out, str)
    # A generous bound that only catastrophic backtracking would break; the
    # real figures (well under a second each) come from benchmarks/bad_input.py.
    assert time.perf_counter() - start < 15.0


@pytest.mark.parametrize(
    "options",
    [{}, {"gaps": False}, {"fill": True}, {"gap_marker": "〔{kind}〕"}, {"convert": None}, {"mojibake": False}],
    ids=["default", "no-gaps", "fill", "marker", "keep-script", "no-mojibake"],
)
def test_clean_is_repair_text(fixture_text, options):
    assert gaptext.clean(fixture_text, **options) == gaptext.repair(fixture_text, **options).text


def test_whole_pipeline_on_the_clean_corpora_repairs_only_their_real_faults(corpora):
    """The issue's figure: clean() over the 1,016,447 characters of clean reports
    changes nothing but their real punctuation faults, and finds no gap."""
    from test_punctuation import CORPUS_FAULTS

    found = set()
    for i, doc in enumerate(corpora):
        report = gaptext.repair(doc)
        assert report.gaps == [] and report.findings == []
        assert gaptext.clean(doc) == report.text
        for e in report.edits:
            context = next(f[5] for f in CORPUS_FAULTS if f[:2] == (i, e.source_start))
            found.add((i, e.source_start, e.code, e.before, e.after, context))
    assert found == CORPUS_FAULTS
    assert sum(map(len, corpora)) == 1_016_447
