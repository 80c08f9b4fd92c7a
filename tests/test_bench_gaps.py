"""The gap benchmark's breakdown runs what find_gaps runs, part by part."""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_gaps import breakdown, detection_parts  # noqa: E402
from redact import KINDS, redact  # noqa: E402
from test_gaps_redact import CLEAN  # noqa: E402

from gaptext.gaps import find_gaps  # noqa: E402
from gaptext.gaps.base import resolve  # noqa: E402

PARTS = ["prescan", "mask", "ordinal", "year", "number", "name", "weak frames (damaged text)"]


def texts(fixture_text):
    out = [fixture_text, CLEAN, CLEAN * 20, "", "no Chinese at all, 2024 and 5% and x**2"]
    for n, kind in enumerate(KINDS):
        damaged = redact(CLEAN * 20, kind, seed=n, rate=1.0, spacing=0)[0]
        out += [damaged, damaged[:300]]  # long (prescanned) and short
    # digits cut all over: the weak frames of both year and number are reported
    out.append(redact(CLEAN * 20, "year", seed=3, rate=1.0, spacing=0)[0] + "截至年底，投资突破亿元，带动近万人就业。")
    return out


def test_the_parts_are_find_gaps_in_order(fixture_text):
    parts = detection_parts()
    assert [name for name, _ in parts] == PARTS
    weak = set()
    for text in texts(fixture_text):
        hits: list = []
        for name, part in parts:
            before = len(hits)
            part(text, hits)
            if name.startswith("weak"):
                weak.update(h.code for h in hits[before:])
        assert resolve(hits) == find_gaps(text)
    assert {"G105", "G208"} <= weak  # (the weak frames of year and number were asked for, and found)


def test_breakdown_clocks_every_part(fixture_text):
    rows = breakdown([fixture_text, redact(CLEAN * 20, "year", seed=1, rate=1.0, spacing=0)[0]], repeat=1)
    assert [r[0] for r in rows] == PARTS + ["merge, Gap objects", "total (detect)"]
    for name, inside, alone in rows:
        assert math.isfinite(inside) and math.isfinite(alone), name
    assert rows[-1][1] > 0 and rows[-1][2] > 0
