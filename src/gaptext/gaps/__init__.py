"""Gap detection: where years, numbers, ordinals and names were cut or masked.

Runs on the clean text, after the repair steps.  Each family of rules lives
in its own module and returns :class:`~gaptext.gaps.base.Hit` objects; this
module merges them (one gap per place, see :func:`~gaptext.gaps.base.resolve`),
locates each in the source through the report's offset map, and, when asked,
writes proven content (``Config.fill``) or a marker (``Config.gap_marker``)
into the text, recording those insertions like any other edit.

Codes: G1xx year, G2xx number, G3xx ordinal, G4xx name, G5xx mask.

>>> def run(text, **options):   # what the pipeline does after its repair steps
...     return detect(Report(source=text, text=text), Config(**options))
>>> report = run("一是思想解放。二是发展提速。是新农村建设。四是二、产业发展。")
>>> [(g.kind, g.code, g.start, g.suggestion) for g in report.gaps]
[('ordinal', 'G301', 14, '三'), ('ordinal', 'G303', 25, '三')]
>>> run("一是思想解放。二是发展提速。是新农村建设。四是二、产业发展。", fill=True).text
'一是思想解放。二是发展提速。三是新农村建设。四是二、三产业发展。'
>>> report = run("刚才，区长对年全区经济工作进行了总结", gap_marker="〔{kind}〕")
>>> report.text, [(g.start, g.end, g.source_start, g.source_end) for g in report.gaps]
('刚才，区长对〔year〕年全区经济工作进行了总结', [(6, 12, 6, 6)])
>>> run("今年全区经济增长8.5%，二〇一二年以来成效明显。").gaps
[]
"""

from __future__ import annotations

from typing import Callable, Dict, List, Sequence

from ..config import Config
from ..report import Change, Edit, OffsetMap, Report, make_gap
from . import mask, name, number, ordinal, year
from .base import Hit, resolve

__all__ = ["detect", "find_gaps", "FAMILIES", "RULES", "DAMAGE_EVIDENCE"]

#: The rule families, each a ``find(text) -> list[Hit]``.
FAMILIES: Sequence[Callable[..., List[Hit]]] = (mask.find, ordinal.find, year.find, number.find, name.find)

#: Every rule's code and message (G1xx year ... G5xx mask), for linters and docs.
RULES: Dict[str, str] = {**year.RULES, **number.RULES, **ordinal.RULES, **name.RULES, **mask.RULES}


#: Unambiguous digit cuts in a text (a year or a number with its digits gone,
#: confidence >= 0.8) that make it a *damaged* text: from that many on, the
#: weak frames of :func:`year.find` and :func:`number.find` are reported too.
#: Template sites strip digits from a whole document, so one clear cut makes
#: the ambiguous ones (突破亿元, ，年产量) likely cuts as well; clean text has
#: no clear cut and keeps its round numbers.
DAMAGE_EVIDENCE = 2


#: From this many gaps on, their source offsets are mapped in one numpy pass.
MANY_GAPS = 64


def find_gaps(text: str) -> List[Hit]:
    """Every gap in ``text``, one per place, sorted by position."""
    if not isinstance(text, str):
        raise TypeError(f"expected a str, not {type(text).__name__}")
    hits: List[Hit] = []
    for family in FAMILIES:
        hits.extend(family(text))
    if _damaged(hits):
        hits.extend(year.find(text, damaged=True))
        hits.extend(number.find(text, damaged=True))
    return resolve(hits)


def _damaged(hits: List[Hit]) -> bool:
    """Do ``hits`` hold :data:`DAMAGE_EVIDENCE` clear digit cuts (a year or a number, confidence >= 0.8)?"""
    evidence = 0
    for h in hits:
        if h.confidence >= 0.8 and h.kind in _DIGIT_KINDS:
            evidence += 1
            if evidence >= DAMAGE_EVIDENCE:
                return True
    return False


_DIGIT_KINDS = frozenset(("year", "number"))


def _located(hits: List[Hit], inserts: List[str], offsets: OffsetMap) -> list:
    """The gaps of ``hits``, in the text after ``inserts`` (one a hit, perhaps empty)
    and, through ``offsets``, in the source."""
    starts, ends, kinds, codes, messages, confidences, suggestions = zip(*hits)
    if inserts:
        starts, ends = [], []
        shift = 0
        for h, piece in zip(hits, inserts, strict=True):
            starts.append(h.start + shift)
            shift += len(piece)
            ends.append(h.end + shift)
    if not offsets.layers:
        sources = (starts, ends)  # nothing moved: the clean text is the source
    elif len(hits) >= MANY_GAPS:
        sources = offsets.spans_to_source(starts, ends)  # all at once (numpy)
    else:
        sources = tuple(zip(*(offsets.span_to_source(s, e) for s, e in zip(starts, ends))))
    return list(map(make_gap, kinds, codes, messages, starts, ends, *sources, confidences, suggestions))


def _marker(template: str, hit: Hit) -> str:
    try:
        return template.format(kind=hit.kind, code=hit.code, suggestion=hit.suggestion or "")
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"gap_marker {template!r} may use only {{kind}}, {{code}} and {{suggestion}}: {exc}"
        ) from None


def detect(report: Report, config: Config) -> Report:
    """Add the gaps found in ``report.text`` to ``report``.

    With ``config.fill`` the suggestions of zero-width gaps are written into
    the text; with ``config.gap_marker`` a marker is inserted at every gap.
    Either way the insertions become one more offset layer and edits of step
    ``gaps``, and every gap's span is given in the final text.
    """
    hits = find_gaps(report.text)
    if not hits:
        return report
    offsets = report.offsets
    inserts = []
    if config.fill or config.gap_marker is not None:
        for h in hits:
            piece = _marker(config.gap_marker, h) if config.gap_marker is not None else ""
            filled = bool(config.fill and h.suggestion and h.start == h.end)
            if filled:
                piece += h.suggestion
            inserts.append(piece)
    text = report.text
    edits = list(report.edits)
    if any(inserts):
        from ..pipeline import apply_changes

        changes = []
        for h, piece in zip(hits, inserts, strict=True):
            if piece:
                what = "gap filled" if config.fill and h.suggestion and h.start == h.end else "gap marked"
                changes.append(Change(h.start, h.start, piece, h.code, what))
        new_text, layer = apply_changes(text, changes)
        for c in changes:
            s = offsets.to_source(c.start)
            edits.append(Edit("gaps", c.code, c.message, s, s, "", c.after))
        offsets = OffsetMap(list(offsets.layers) + [layer])
        text = new_text
    gaps = _located(hits, inserts, offsets)
    # (Every field of the report, named: tests/test_gaps_fast_paths.py checks the list.)
    return Report(source=report.source, text=text, edits=edits, gaps=gaps, findings=report.findings, offsets=offsets)
