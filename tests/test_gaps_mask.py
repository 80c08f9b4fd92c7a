"""Mask gaps (G5xx): what must be flagged, and what must not."""

import pytest
from gapcases import spans_of, unmark

from gaptext.gaps import mask

FLAG = [
    ("⟦**⟧市委、⟦**⟧县委", "G501"),
    ("⟦＊＊⟧县人民政府", "G501"),
    ("某⟦*⟧市", "G501"),
    ("⟦XX⟧县区", "G502"),
    ("⟦xx⟧同志", "G502"),
    ("⟦××⟧乡", "G502"),
    ("东方明珠——⟦__⟧", "G503"),
    ("增长⟦x⟧%，", "G504"),
    ("增长⟦x.x⟧%，", "G504"),
    ("20⟦*⟧年", "G505"),
    ("20⟦x⟧年", "G505"),
    ("20⟦XX⟧年", "G505"),
    ("⟦x⟧月⟦x⟧日", "G505"),
    ("⟦%%⟧省", "G506"),
    ("⟦□□⟧村", "G507"),
]

NOT = [
    "def __init__(self, **kwargs): return a**b",
    "XXL, Windows XP, example, x% of users, 3×4, 0x%",
    "**加强领导**，X光，B超，20XX",
    "printf('100%%')",
]


@pytest.mark.parametrize("marked, code", FLAG)
def test_flags(marked, code):
    text, spans = unmark(marked)
    hits = mask.find(text)
    assert spans_of(hits) == spans
    assert all(h.code == code and h.kind == "mask" for h in hits)


@pytest.mark.parametrize("text", NOT)
def test_leaves_alone(text):
    assert mask.find(text) == []
