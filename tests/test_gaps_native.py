"""The compiled prescan (``gaptext/gaps/_prescan.c``) finds what the numpy pass finds.

The C scanner is optional: built at install where a C compiler is at hand,
and gap detection falls back to numpy without it.  These tests compare the
two wherever the scanner was built; CI builds it and sets
``GAPTEXT_REQUIRE_NATIVE=1`` so that a build that silently failed there is
an error, not a skip.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_gaps_redact import CLEAN
from test_gaps_speed_invariants import ALPHABET, _registered, texts

from gaptext.gaps import base, find_gaps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from redact import KINDS, redact  # noqa: E402

if base._native is None:
    if os.environ.get("GAPTEXT_REQUIRE_NATIVE") == "1":
        raise RuntimeError("the C prescan gaptext.gaps._prescan was not built (GAPTEXT_REQUIRE_NATIVE=1)")
    pytest.skip("the C prescan was not built here (no C compiler at install)", allow_module_level=True)


def _both(text: str) -> tuple:
    _registered()
    tables = base._build_tables()
    assert tables[7] is not None
    return base._native.scan(text, *tables[7]), base._numpy_pass(text, *tables[1:7])


@settings(max_examples=400, deadline=None)
@given(texts)
def test_same_places_as_numpy(text):
    native, reference = _both(text)
    assert native == reference


# Every width of a str (PEP 393): Latin-1 only, the BMP, and beyond it.
LATIN1 = "".join(sorted(c for c in ALPHABET if ord(c) < 0x100)) + "\xa0é"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=LATIN1, max_size=80))
def test_same_places_in_latin1_text(text):
    native, reference = _both(text)
    assert native == reference


@pytest.mark.parametrize("edge", ["", "\U00020000", "\uffff", "\ud800", "\x00", "a"])
def test_edges_and_odd_characters(edge):
    for lead in sorted({a.lead for a in _registered()}):
        for text in (lead, lead + edge, edge + lead, edge + lead + edge, lead + edge + lead, edge * 3 + lead):
            native, reference = _both(text)
            assert native == reference, (lead, edge)


def test_same_places_on_real_text(corpora, fixture_text):
    for text in corpora + [fixture_text]:
        native, reference = _both(text)
        assert native == reference


def test_find_gaps_same_with_either_engine(monkeypatch, fixture_text):
    samples = [fixture_text] + [redact(CLEAN * 30, kind, seed=n, rate=0.3)[0] for n in range(4) for kind in KINDS]
    samples += [t[:300] for t in samples]  # (short texts: the C scanner serves them, numpy does not)
    results = {}
    monkeypatch.setattr(base, "ENGINE", base.ENGINE)  # (restored after the test)
    monkeypatch.setattr(base, "PRESCAN_MIN_LENGTH", base.PRESCAN_MIN_LENGTH)
    for engine in ("c", "numpy"):
        base.use_engine(engine)
        results[engine] = [find_gaps(t) for t in samples]
    assert results["c"] == results["numpy"]
    assert sum(map(len, results["c"])) > 100  # (gaps were found: the comparison is not empty)


def test_use_engine_refuses_what_is_not_there(monkeypatch):
    monkeypatch.setattr(base, "ENGINE", base.ENGINE)
    monkeypatch.setattr(base, "PRESCAN_MIN_LENGTH", base.PRESCAN_MIN_LENGTH)
    with pytest.raises(ValueError, match="no prescan engine"):
        base.use_engine("rust")
    base.use_engine("numpy")
    assert (base.ENGINE, base.PRESCAN_MIN_LENGTH) == ("numpy", 2000)


def test_bad_arguments_raise_instead_of_reading_past_a_table():
    tables = base._build_tables()[7]
    with pytest.raises(ValueError, match="lead_id"):
        base._native.scan("年", tables[0][:100], *tables[1:])
    with pytest.raises(ValueError, match="next_bits"):
        base._native.scan("年", *tables[:5], tables[5][:10])
    with pytest.raises(TypeError):
        base._native.scan(b"\xe5\xb9\xb4", *tables)
    with pytest.raises(TypeError):
        base._native.scan("年", *tables[:5])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=3), st.integers(min_value=1, max_value=5000))
def test_long_runs_of_one_lead(k, n):
    lead = sorted({a.lead for a in _registered()})[k]
    native, reference = _both(lead * n)
    assert native == reference
