"""The Gap objects detect() builds are the dataclass's own.

detect() makes its gaps with :func:`gaptext.report.make_gap`, which gives
each instance its ``__dict__`` at once; here they are held to ``Gap(...)``,
the plain constructor they stand for: equal, hashed alike, picklable,
readable by ``dataclasses`` and still frozen, with offset layers or without.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import gaptext
from gaptext.config import Config
from gaptext.gaps import detect, find_gaps
from gaptext.report import Gap, Report, make_gap

TEXT = ("一是思想解放。二是发展提速。是新农村建设。四是二、产业发展，推动第产业。"
        "刚才，区长对年全区经济工作进行了总结，增长*%，**市委，XX县区，□□村。") * 3


def plain(hits, source=None):
    """The gaps as the dataclass constructor makes them (source offsets = clean offsets unless given)."""
    source = source or [(h.start, h.end) for h in hits]
    return [Gap(h.kind, h.code, h.message, h.start, h.end, s, e, h.confidence, h.suggestion)
            for h, (s, e) in zip(hits, source)]


def test_gaps_of_an_unmoved_report_are_the_constructors():
    hits = find_gaps(TEXT)
    assert len({h.kind for h in hits}) >= 4  # (ordinal, year, mask, ... all take the loop)
    gaps = detect(Report(source=TEXT, text=TEXT), Config()).gaps
    expected = plain(hits)
    assert gaps == expected
    assert [hash(g) for g in gaps] == [hash(g) for g in expected]
    assert [type(g) for g in gaps] == [Gap] * len(gaps)
    assert [vars(g) for g in gaps] == [vars(g) for g in expected]
    assert [dataclasses.astuple(g) for g in gaps] == [dataclasses.astuple(g) for g in expected]
    assert pickle.loads(pickle.dumps(gaps)) == expected
    assert dataclasses.replace(gaps[0], confidence=0.1) == dataclasses.replace(expected[0], confidence=0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        gaps[0].start = 3


def test_make_gap_is_the_constructor():
    args = ("year", "G101", "m", 1, 1, 3, 3, 0.9)
    for extra in ((), (None,), ("三",)):
        made, built = make_gap(*args, *extra), Gap(*args, *extra)
        assert made == built and hash(made) == hash(built) and vars(made) == vars(built)
        assert pickle.loads(pickle.dumps(made)) == built and repr(made) == repr(built)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.kind = "name"


def test_a_moved_report_still_maps_its_gaps_to_the_source():
    """With offset layers (traditional script, ASCII marks) gaps are mapped to the source."""
    source = "發(fā)展,很好。" + TEXT
    report = gaptext.repair(source, gaps=False)
    assert report.offsets.layers
    gaps = detect(report, Config()).gaps
    hits = find_gaps(report.text)
    assert gaps == plain(hits, [report.offsets.span_to_source(h.start, h.end) for h in hits])
    assert any(g.source_start != g.start for g in gaps)
