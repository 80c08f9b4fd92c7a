"""The redaction generator of the benchmark: deterministic, truthful, and detected."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from redact import KINDS, redact  # noqa: E402

from gaptext.gaps import find_gaps  # noqa: E402

CLEAN = (
    "2023年全省地区生产总值增长5.2%，粮食产量达到1.3亿吨，城镇新增就业60万人。"
    "2024年是全面贯彻党的二十大精神的关键之年。一是稳增长。二是调结构。三是惠民生。"
    "坚持“三个代表”重要思想，深入实施“十四五”规划和《中国制造2025》，推动钢铁、煤炭、建材等行业转型，"
    "第三产业比重提高，长江三角洲一体化发展，庆祝建区30周年。居民消费价格涨幅回落0.5个百分点。\n"
    "（一）加强领导\n（二）完善机制\n（三）狠抓落实\n"
)


@pytest.mark.parametrize("kind", KINDS)
def test_redaction_is_deterministic_and_keeps_the_truth(kind):
    damaged, cuts = redact(CLEAN, kind, seed=7, rate=1.0, spacing=0)
    assert (damaged, cuts) == redact(CLEAN, kind, seed=7, rate=1.0, spacing=0)
    assert cuts, kind
    assert damaged != CLEAN
    for c in cuts:
        assert c.kind == kind
        assert 0 <= c.start <= c.end <= len(damaged)
        if kind == "ordinal":
            assert c.before == "三" and c.suggestion == "三"


@pytest.mark.parametrize("kind", KINDS)
def test_every_cut_of_the_sample_is_detected(kind):
    damaged, cuts = redact(CLEAN, kind, seed=3, rate=1.0, spacing=0)
    gaps = find_gaps(damaged)
    for c in cuts:
        hit = [g for g in gaps if g.kind == kind and g.start <= c.end + 1 and c.start <= g.end + 1]
        assert hit, f"{kind} cut of {c.before!r} missed in {damaged[max(0, c.start - 10):c.end + 10]!r}"
        assert all(g.suggestion in (None, c.suggestion) for g in hit)


def test_unknown_kind():
    with pytest.raises(ValueError):
        redact(CLEAN, "colour")


@pytest.mark.parametrize("kind", ["year", "number", "mask"])
def test_full_width_digits_are_redacted_whole(kind):
    # The held-out dev text writes １９９８年, ８．８％ and ５·２％: a cut takes the whole number.
    text = "１９９８年全省经济增长８．８％，财政收入增长５·２％，粮食产量达３．５万吨。"
    damaged, cuts = redact(text, kind, seed=1, rate=1.0, spacing=0)
    assert len(cuts) == (1 if kind == "year" else 3)
    for c in cuts:
        assert not any(ch.isdigit() for ch in damaged[c.start:c.end])
        after = damaged[c.end:c.end + 1]
        assert not after.isdigit(), f"{kind}: part of a number left in {damaged!r}"
        if kind != "mask":  # a mask keeps the century: １９**年
            left = damaged[c.start - 1:c.start]
            assert not (left.isdigit() or left in ("．", "·")), f"{kind}: part of a number left in {damaged!r}"
