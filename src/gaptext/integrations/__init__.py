"""What gaptext records about each document when it cleans a corpus.

The batch cleaner (``gaptext clean``) and the datatrove steps write the same
per-document summary beside the clean text, so one reader serves both:

>>> import gaptext
>>> report = gaptext.repair("發(fā)展,很好", mojibake=False)
>>> s = summarize(report)
>>> s["repairs"], s["repairs_by_step"], s["gaps"], s["unrecovered"]
(3, {'pinyin': 1, 'punctuation': 1, 'script': 1}, 0, 0)
>>> summarize(gaptext.repair("clean text", mojibake=False))["repairs"]
0

``gap_density`` and ``unrecovered_density`` count per 1,000 characters of
the clean text (0.0 for an empty document).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Any, Dict, Mapping, Tuple

__all__ = ["summarize", "summarize_text", "report_to_dict", "flatten", "unflatten", "density"]

#: Keys of :func:`summarize` that hold ``{name: count}`` maps.
MAP_KEYS = ("gap_kinds", "repairs_by_step", "repairs_by_code", "unrecovered_by_code")


def density(count: int, chars: int) -> float:
    """``count`` per 1,000 characters (0.0 when there are no characters)."""
    return count * 1000.0 / chars if chars else 0.0


def _counts(values) -> Dict[str, int]:
    return dict(sorted(Counter(values).items()))


def summarize(report, full: bool = False) -> Dict[str, Any]:
    """The per-document summary of a :class:`gaptext.Report` (JSON-ready).

    ``full=True`` adds ``"report"``: every edit, gap and finding
    (:func:`report_to_dict`).
    """
    out = _summary(len(report.text), [g.kind for g in report.gaps], [(e.step, e.code) for e in report.edits],
                   [f.code for f in report.findings])
    if full:
        out["report"] = report_to_dict(report)
    return out


def summarize_text(text: str, config=None) -> Tuple[str, Dict[str, Any]]:
    """``(clean text, summary)`` of ``text``: what ``repair()`` and
    :func:`summarize` give, at about twice the speed on damaged text (the
    edits are counted, not made: :func:`gaptext.pipeline.tally`).

    >>> import gaptext
    >>> text = "發(fā)展,對年全區"
    >>> report = gaptext.repair(text, mojibake=False)
    >>> summarize_text(text, gaptext.Config(mojibake=False)) == (report.text, summarize(report))
    True
    """
    from ..config import Config
    from ..pipeline import tally

    t = tally(text, config if config is not None else Config())
    summary = _summary(len(t.text), t.gap_kinds, t.repairs.elements(), t.findings.elements())
    return t.text, summary


def _summary(chars: int, gap_kinds, repairs, finding_codes) -> Dict[str, Any]:
    """The summary from the gaps' kinds, the edits' (step, code) and the findings' codes."""
    gap_kinds = list(gap_kinds)
    repairs = list(repairs)
    finding_codes = list(finding_codes)
    return {
        "chars": chars,
        "gaps": len(gap_kinds),
        "gap_kinds": _counts(gap_kinds),
        "gap_density": round(density(len(gap_kinds), chars), 4),
        "repairs": len(repairs),
        "repairs_by_step": _counts(step for step, _ in repairs),
        "repairs_by_code": _counts(code for _, code in repairs),
        "unrecovered": len(finding_codes),
        "unrecovered_by_code": _counts(finding_codes),
    }


def report_to_dict(report) -> Dict[str, list]:
    """Every edit, gap and finding of a report as plain dicts (no source text)."""
    return {
        "edits": [dataclasses.asdict(e) for e in report.edits],
        "gaps": [dataclasses.asdict(g) for g in report.gaps],
        "findings": [dataclasses.asdict(f) for f in report.findings],
    }


def flatten(summary: Mapping[str, Any], prefix: str = "gaptext_") -> Dict[str, Any]:
    """Scalar columns only (maps and the report as JSON strings), for columnar writers.

    >>> flat = flatten({"gaps": 1, "gap_kinds": {"year": 1}})
    >>> flat
    {'gaptext_gaps': 1, 'gaptext_gap_kinds': '{"year": 1}'}
    >>> unflatten(flat)
    {'gaps': 1, 'gap_kinds': {'year': 1}}
    """
    out = {}
    for key, value in summary.items():
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out[prefix + key] = value
    return out


def unflatten(flat: Mapping[str, Any], prefix: str = "gaptext_") -> Dict[str, Any]:
    """The inverse of :func:`flatten` (keys without ``prefix`` are ignored)."""
    out = {}
    for key, value in flat.items():
        if not key.startswith(prefix):
            continue
        name = key[len(prefix):]
        if (name in MAP_KEYS or name == "report") and isinstance(value, str):
            value = json.loads(value)
        out[name] = value
    return out
