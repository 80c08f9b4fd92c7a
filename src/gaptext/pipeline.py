"""Runs the steps in their fixed order and accounts for every change.

raw text -> encoding -> pinyin -> script -> punctuation -> clean text -> gaps

Each step's changes are applied to the text it was given; the spans become
one :class:`~gaptext.report.OffsetLayer`, and each change becomes an
:class:`~gaptext.report.Edit` located in the source through the layers
before it.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

from .config import Config
from .report import Change, Edit, Finding, OffsetLayer, OffsetMap, Report, splice

__all__ = ["build_steps", "run", "clean_text", "tally", "Tally", "apply_changes"]


@lru_cache(maxsize=32)
def build_steps(config: Config) -> Tuple:
    """The steps ``config`` switches on, in pipeline order (built once per config)."""
    steps: list = []
    if config.mojibake:
        from .steps.encoding import EncodingStep

        steps.append(EncodingStep())
    if config.pinyin:
        from .steps.pinyin import PinyinStep

        steps.append(PinyinStep())
    if config.convert is not None:
        from .steps.script import ScriptStep

        steps.append(ScriptStep(config.convert))
    if config.punctuation:
        from .steps.punctuation import PunctuationStep

        steps.append(PunctuationStep())
    return tuple(steps)


def apply_changes(text: str, changes: Sequence[Change]) -> Tuple[str, OffsetLayer]:
    """Apply sorted, disjoint changes (:func:`~gaptext.report.splice`); return the
    new text and its offset layer."""
    new_text = splice(text, changes)
    spans = []
    shift = 0
    for c in changes:
        b0 = c.start + shift
        shift += len(c.after) - (c.end - c.start)
        spans.append((c.start, c.end, b0, c.end + shift))
    return new_text, OffsetLayer(spans)


#: A veto on changes: ``keep(code, source_start, source_end)``; a change it
#: refuses is never applied (the linter uses it for suppressed codes).
Keep = Callable[[str, int, int], bool]


def run(
    text: str,
    config: Config,
    keep: Optional[Keep] = None,
    trace: Optional[Dict[Edit, Tuple[int, int]]] = None,
) -> Report:
    """The whole pipeline: clean text, edits, findings, gaps and the offset map.

    ``keep`` may refuse changes (and gaps) before they are applied, so later
    steps see the text as the caller wants it.  ``trace``, when given, is
    filled with each edit's (number of offset layers before its step, its
    start in that step's input), for callers that place an edit's characters
    through a span an earlier step rewrote.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, not {type(text).__name__}")
    layers: List[OffsetLayer] = []
    edits: List[Edit] = []
    findings: List[Finding] = []
    current = text
    for step in build_steps(config):
        changes = step.find(current)
        if not changes:
            continue
        sources = OffsetMap(layers).spans_to_source([c.start for c in changes], [c.end for c in changes])
        repairs = []
        for c, s0, s1 in zip(changes, *sources):
            if keep is not None and not keep(c.code, s0, s1):
                continue
            if c.after is None:
                findings.append(Finding(step.name, c.code, c.message, s0, s1, current[c.start:c.end]))
            else:
                repairs.append(c)
                edit = Edit(step.name, c.code, c.message, s0, s1, current[c.start:c.end], c.after)
                edits.append(edit)
                if trace is not None:
                    trace[edit] = (len(layers), c.start)
        if repairs:
            current, layer = apply_changes(current, repairs)
            layers.append(layer)
    report = Report(source=text, text=current, edits=edits, findings=findings, offsets=OffsetMap(layers))
    if config.gaps:
        from .gaps import detect

        report = detect(report, config)
        if keep is not None:
            report.gaps = [g for g in report.gaps if keep(g.code, g.source_start, g.source_end)]
    return report


def clean_text(text: str, config: Config) -> str:
    """The clean text alone: the same steps, without edits, offsets or findings.

    A step that offers ``rewrite(text) -> str`` (the text with its repairs
    applied, made without building them) is run that way.

    Gap detection only changes the text when ``fill`` or ``gap_marker`` is
    set; then the full :func:`run` is needed (gaps are located through it).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, not {type(text).__name__}")
    if config.gaps and (config.fill or config.gap_marker is not None):
        return run(text, config).text
    current = text
    for step in build_steps(config):
        rewrite = getattr(step, "rewrite", None)
        if rewrite is not None:
            current = rewrite(current)
            continue
        changes = step.find(current)
        if changes:
            repairs = [c for c in changes if c.after is not None]
            if repairs:
                current = splice(current, repairs)
    return current


class Tally(NamedTuple):
    """What :func:`run` reports, counted instead of recorded (see :func:`tally`)."""

    text: str
    repairs: Counter  # (step, code) -> how many edits
    findings: Counter  # code -> how many findings
    gap_kinds: List[str]  # the kind of each gap, in order


def tally(text: str, config: Config) -> Tally:
    """The clean text and how many edits, findings and gaps :func:`run` would
    report, without making them: no edit, offset map or source offset is
    built, which halves the work on damaged text.  For summaries of a corpus.

    With ``fill`` or ``gap_marker`` set, gaps change the text (and add edits):
    then :func:`run` is run and counted.

    >>> t = tally("發(fā)展,對年全區", Config(mojibake=False))
    >>> t.text, sorted(t.repairs.items()), t.gap_kinds
    ('发展，对年全区', [(('pinyin', 'P101'), 1), (('punctuation', 'L101'), 1), (('script', 'S101'), 1)], ['year'])
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, not {type(text).__name__}")
    if config.gaps and (config.fill or config.gap_marker is not None):
        report = run(text, config)
        return Tally(report.text, Counter((e.step, e.code) for e in report.edits),
                     Counter(f.code for f in report.findings), [g.kind for g in report.gaps])
    repairs: Counter = Counter()
    findings: Counter = Counter()
    current = text
    for step in build_steps(config):
        changes = step.find(current)
        if not changes:
            continue
        applied = [c for c in changes if c.after is not None]
        if len(applied) < len(changes):
            findings.update(c.code for c in changes if c.after is None)
        if applied:
            repairs.update((step.name, c.code) for c in applied)
            current = splice(current, applied)
    kinds: List[str] = []
    if config.gaps:
        from .gaps import find_gaps

        kinds = [h.kind for h in find_gaps(current)]
    return Tally(current, repairs, findings, kinds)
