"""Helpers for the gap tests: texts with their gaps marked in place.

``⟦⟧`` marks a zero-width gap, ``⟦*⟧`` a gap spanning ``*``::

    >>> unmark("增长⟦*⟧%，是自⟦⟧年以来")
    ('增长*%，是自年以来', [(2, 3), (7, 7)])
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "seed-economic-work-speech.txt"
ANNOTATION = ROOT / "fixtures" / "seed-economic-work-speech.gaps.json"

_MARK = re.compile("⟦([^⟦⟧]*)⟧")
# ASCII and fullwidth marks are the same place in the annotation's snippets.
NORMALISE = str.maketrans(",:;!?()", "，：；！？（）")


def unmark(marked: str) -> Tuple[str, List[Tuple[int, int]]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        piece = marked[pos:m.start()]
        out.append(piece)
        length += len(piece)
        spans.append((length, length + len(m.group(1))))
        out.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def spans_of(hits) -> List[Tuple[int, int]]:
    return [(h.start, h.end) for h in hits]


def pipeline_options() -> dict:
    """Switch off the repair steps whose module does not exist (yet)."""
    names = {"mojibake": "encoding", "pinyin": "pinyin", "punctuation": "punctuation"}
    return {opt: False for opt, mod in names.items() if importlib.util.find_spec(f"gaptext.steps.{mod}") is None}


_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


def fixture_report(**overrides):
    """``gaptext.repair`` of the real document, with the steps that exist.

    Without a pinyin step its readings are stripped beforehand, so that the
    annotation's snippets still match.
    """
    import gaptext

    source = FIXTURE.read_text(encoding="utf-8")
    options = pipeline_options()
    if "pinyin" in options:
        source = _PINYIN.sub("", source)
    options.update(overrides)
    return gaptext.repair(source, **options)


def annotation() -> dict:
    return json.loads(ANNOTATION.read_text(encoding="utf-8"))


def locate(text: str, entry: dict) -> Tuple[int, int]:
    """The span an annotated gap has in ``text`` (its snippet must be unique)."""
    normal = text.translate(NORMALISE)
    snippet = (entry["before"] + entry["span"] + entry["after"]).translate(NORMALISE)
    i = normal.find(snippet)
    assert i >= 0, f"annotation snippet not in the clean text: {snippet!r}"
    assert normal.find(snippet, i + 1) < 0, f"annotation snippet not unique: {snippet!r}"
    start = i + len(entry["before"])
    return start, start + len(entry["span"])
