"""The offset map: exact both ways, composed over steps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gaptext.pipeline import apply_changes
from gaptext.report import Change, OffsetMap


def _change(start, end, after):
    return Change(start, end, after, "T000", "test")


def test_deletion_insertion_replacement():
    text = "發(fā)展好"
    new, layer = apply_changes(text, [_change(1, 5, "")])
    assert new == "發展好"
    m = OffsetMap([layer])
    assert [m.to_source(i) for i in range(len(new))] == [0, 5, 6]
    assert m.to_source(len(new)) == len(text)
    assert m.to_text(0) == 0 and m.to_text(5) == 1 and m.to_text(6) == 2
    # A span over the deleted region maps to its ends.
    assert m.span_to_source(0, 2) == (0, 6)
    assert m.span_to_text(1, 5) == (1, 1)


def test_unequal_replacement_clamps_inside():
    new, layer = apply_changes("ab?;?cd", [_change(2, 5, "模化")])
    assert new == "ab模化cd"
    m = OffsetMap([layer])
    assert m.span_to_source(2, 4) == (2, 5)
    assert m.to_source(4) == 5


def test_layers_compose():
    text = "a(x)bcd"
    t1, l1 = apply_changes(text, [_change(1, 4, "")])          # abcd
    t2, l2 = apply_changes(t1, [_change(2, 3, "CC")])           # abCCd
    m = OffsetMap([l1, l2])
    assert t2 == "abCCd"
    assert m.to_source(0) == 0 and m.to_source(1) == 4 and m.to_source(4) == 6
    assert m.span_to_source(2, 4) == (5, 6)


@st.composite
def text_and_changes(draw):
    text = draw(st.text(alphabet="ab發展,。()x", max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    changes = []
    pos = 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < pos:
            continue
        after = draw(st.text(alphabet="XY", max_size=3))
        changes.append(_change(a, b, after))
        pos = b
    return text, changes


@given(text_and_changes(), text_and_changes())
@settings(max_examples=300, deadline=None)
def test_unchanged_characters_round_trip(first, second):
    """Every character no step touched maps to itself and back, through two layers."""
    source, changes1 = first
    t1, l1 = apply_changes(source, changes1)
    _, changes2 = second
    changes2 = [c for c in changes2 if c.end <= len(t1)]
    t2, l2 = apply_changes(t1, changes2)
    m = OffsetMap([l1, l2])

    def untouched(changes, n):
        hit = set()
        for c in changes:
            hit.update(range(c.start, c.end))
        return [i for i in range(n) if i not in hit]

    kept2 = set(untouched(changes2, len(t1)))
    for s in untouched(changes1, len(source)):
        q = l1.to_output(s)
        assert t1[q] == source[s] and l1.to_input(q) == s
        if q in kept2:
            p = l2.to_output(q)
            assert t2[p] == source[s]
            assert m.to_source(p) == s
            assert m.to_text(s) == p
    # Spans stay ordered and in range.
    for p in range(len(t2) + 1):
        assert 0 <= m.to_source(p) <= len(source)
        assert 0 <= m.to_source(p, end=True) <= len(source)
    assert m.to_source(len(t2)) == len(source)
    assert m.to_text(len(source)) == len(t2)


@given(text_and_changes())
@settings(max_examples=200, deadline=None)
def test_monotonic(case):
    source, changes = case
    text, layer = apply_changes(source, changes)
    m = OffsetMap([layer])
    mapped = [m.to_source(p) for p in range(len(text) + 1)]
    assert mapped == sorted(mapped)
    back = [m.to_text(p) for p in range(len(source) + 1)]
    assert back == sorted(back)
