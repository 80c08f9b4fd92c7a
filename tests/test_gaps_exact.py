"""Exact patterns: the prescan's places are their matches.

A pattern declared ``exact`` (:class:`gaptext.gaps.base.Anchored`) is
answered by :meth:`~gaptext.gaps.base.Anchored.starts` from the prescan
alone, without its regex.  That holds only if its ``before``/``after``
classes say everything the regex asks.  These tests put every exact
pattern's lead between every pair of characters its regex and classes name
(and a few others), and compare with the regex itself, also at the text's
edges and beside characters beyond the BMP (which the prescan reads as no
character).
"""

from __future__ import annotations

import itertools

import pytest

from gaptext.gaps import base, ordinal


def _exact_patterns() -> list:
    ordinal._unquoted()  # (the lexicon's scanners are built lazily)
    ordinal._quoted()
    return [a for a in base._REGISTRY if a.exact]


def _named_chars(a: base.Anchored) -> list:
    """The characters the pattern's regex and classes name, and a few neutral ones."""
    chars = set(a.regex.pattern) - set("[]()?<=!^\\-*+{}|.")
    chars |= set(a.lead + "的是，a1 \n")
    for cls in (a.before, a.after):
        if cls:
            body = cls[2:-1] if cls.startswith("[^") else cls[1:-1]
            chars |= set(body.replace("\\", ""))
    return sorted(chars)


@pytest.fixture
def always_prescan(monkeypatch):
    monkeypatch.setattr(base, "PRESCAN_MIN_LENGTH", 0)
    monkeypatch.setattr(base, "PRESCAN_MAX_DENSITY", float("inf"))
    monkeypatch.setattr(base, "PRESCAN", True)


def test_there_are_exact_patterns():
    assert len(_exact_patterns()) >= 10


@pytest.mark.parametrize("index", range(len(_exact_patterns())))
def test_exact_pattern_places_are_its_matches(always_prescan, index):
    a = _exact_patterns()[index]
    chars = _named_chars(a)
    # two characters before the lead (look-behinds of two: 中全会) and one after
    text = "丨".join(w + x + a.lead + y for w, x, y in itertools.product(chars, chars, chars))
    expected = [m.start() for m in a.regex.finditer(text)]
    assert a.starts(text) == expected, a.regex.pattern
    assert expected  # (the lead does match somewhere: the test is not empty)


@pytest.mark.parametrize("edge", ["", "\U00020000", "\uffff"])
def test_text_edges_and_characters_beyond_the_bmp(always_prescan, edge):
    for a in _exact_patterns():
        for text in (a.lead + edge, edge + a.lead, edge + a.lead + edge, "的" + a.lead + edge + a.lead):
            assert a.starts(text) == [m.start() for m in a.regex.finditer(text)], (a.regex.pattern, text)


def test_a_wrong_exact_claim_is_caught(always_prescan):
    """The check above fails for a pattern whose regex asks more than its classes."""
    loose = base.Anchored("会(?<=中全会)", before="[全]", exact=True)
    try:
        text = "丨".join(w + x + "会" + y for w, x, y in itertools.product("中全的", "中全的", "中全的"))
        assert loose.starts(text) != [m.start() for m in loose.regex.finditer(text)]
    finally:
        base._REGISTRY.remove(loose)
        base._tables[0] = None
