"""Diagnostics: a report's edits, findings and gaps, located in the source file.

Each diagnostic names the exact source text it is about (``text``), found at
its 1-based ``line`` and ``column`` (characters of the decoded file), up to
``end_line``/``end_column`` (the character after the span, as SARIF counts).

Repairs are reported so that they can be read, and applied, one by one:

* an edit that keeps its length (a script conversion) is split where its
  characters part in the source: a line's edit ``區經濟`` around removed
  pinyin reports ``區``, ``經`` and ``濟`` at their own columns, not one span
  that silently includes the pinyin; and where another repair falls inside
  it (a comma made fullwidth), so no two diagnostics overlap;
* repairs whose source spans overlap (a later step changing what an earlier
  step wrote, as when a mojibake repair brings back ``優(`` and the pinyin
  step then removes the reading it started) are one diagnostic: the earliest
  step's code, the whole span, and the clean text for it as suggestion.

So repair diagnostics never overlap, and writing every suggestion into its
span gives exactly the repaired text (a test holds this).

>>> import gaptext
>>> from gaptext.cli.source import Source
>>> src = Source("市區(qū)經(jīng)濟")
>>> report = gaptext.repair(src.text, mojibake=False, gaps=False)
>>> [(d.code, d.column, d.text, d.suggestion) for d in diagnose(src, report)]
[('S101', 2, '區', '区'), ('P101', 3, '(qū)', ''), ('S101', 7, '經', '经'), ('P101', 8, '(jīng)', ''), ('S101', 14, '濟', '济')]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import List, Mapping, NamedTuple, Optional, Tuple

from ..report import OffsetMap, Report
from . import rules
from .source import Source

__all__ = ["Diagnostic", "diagnose", "STEP_ORDER"]

#: Families in pipeline order: a merged repair takes the earliest's code.
STEP_ORDER = {"E": 0, "P": 1, "S": 2, "L": 3}


class Diagnostic(NamedTuple):
    """One thing the linter reports.

    ``suggestion`` is the text that belongs in the span: a repair's
    replacement (``""`` for a deletion), a gap's inferred content, or
    ``None``.  ``fixable`` says whether ``--fix`` writes it.  (A named tuple:
    a damaged document has one per few characters, so they must be cheap.)
    """

    code: str
    message: str
    severity: str
    family: str
    kind: str  # "repair", "finding", or a gap kind: year number ordinal name mask
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int  # character offsets in the decoded file
    end_offset: int
    text: str
    suggestion: Optional[str]
    fixable: bool
    confidence: Optional[float] = None

    def as_dict(self) -> dict:
        return self._asdict()

    @property
    def sort_key(self) -> Tuple:
        return (self.offset, self.end_offset, self.code)


class _Piece(NamedTuple):
    start: int  # in the text the pipeline got
    end: int
    after: str
    code: str
    message: str


def diagnose(source: Source, report: Report, fill: bool = False, trace: Optional[Mapping] = None) -> List[Diagnostic]:
    """Every edit, finding and gap of ``report`` (run on ``source.text``), sorted.

    ``fill``: a pure-deletion gap with an inferred ``suggestion`` is fixable (``--fill``).
    ``trace``: from :func:`gaptext.cli.engine.run_traced`, to place the
    characters of an edit whose span an earlier step rewrote.
    """
    out: List[Diagnostic] = []
    append = out.append
    new = tuple.__new__
    original = source.original
    starts = source.starts
    n_lines = len(starts)
    crlf = source.newline == "crlf"
    families: dict = {}

    def make(code, message, severity, kind, start, end, suggestion, fixable, confidence=None):
        family = families.get(code)
        if family is None:
            family = families[code] = rules.family(code)
        i = bisect_right(starts, start) - 1
        j = i if i + 1 == n_lines or end < starts[i + 1] else bisect_right(starts, end) - 1
        o0, o1 = (start + i, end + j) if crlf else (start, end)
        append(new(Diagnostic, (code, message, severity, family, kind, i + 1, start - starts[i] + 1, j + 1,
                                end - starts[j] + 1, o0, o1, original[o0:o1], suggestion, fixable, confidence)))

    severities: dict = {}
    for start, end, after, code, message in _merged(report, _repair_pieces(source.text, report, trace)):
        severity = severities.get(code)
        if severity is None:
            severity = severities[code] = rules.severity(code)
        make(code, message, severity, "repair", start, end, after, True)
    for f in report.findings:
        make(f.code, f.message, rules.severity(f.code, True), "finding", f.source_start, f.source_end, None, False)
    for g in report.gaps:
        make(g.code, g.message, rules.severity(g.code), g.kind, g.source_start, g.source_end, g.suggestion,
             fill and bool(g.suggestion) and g.start == g.end, float(g.confidence))
    out.sort(key=_key)
    return out


def _key(d: Diagnostic) -> Tuple:
    return (d.offset, d.end_offset, d.code)


def _repair_pieces(text: str, report: Report, trace: Optional[Mapping]) -> List[tuple]:
    """(start, end, after, code, message) for each repair, sorted.

    An edit that keeps its length is cut into the stretches that sit together
    in the source, and each stretch again where a later step's repair falls
    inside it (a comma the punctuation step made fullwidth): the later repair
    carries the final text there.  Each part is trimmed to its changed
    characters, so ``區長對年全區`` stays one diagnostic and unchanged text
    at its ends is not claimed."""
    layers = report.offsets.layers
    pieces: List[tuple] = []  # (start, end, after, code, message)
    parts: List[tuple] = []  # (start, before, after, code, message, rank): cuttable
    for e in report.edits:
        code, message = e.code, e.message
        before, after = e.before, e.after
        if len(before) != len(after) or len(before) < 2:
            pieces.append((e.source_start, e.source_end, after, code, message))
            continue
        rank = STEP_ORDER.get(code[:1], 9)
        s0, s1 = e.source_start, e.source_end
        if text[s0:s1] == before:
            parts.append((s0, before, after, code, message, rank))
            continue
        t = trace.get(e) if trace else None
        stretches = _between_deletions(text, s0, s1, before, t, layers)
        if stretches is None:
            stretches = _aligned(text, s0, s1, before, t, layers)
        if stretches is None:
            mapped = _mapped(before, after, t, layers) if t is not None else [(s0, s1, after)]
            pieces.extend((p0, p1, a, code, message) for p0, p1, a in mapped)
            continue
        for k, pos, m in stretches:
            parts.append((pos, before[k:k + m], after[k:k + m], code, message, rank))
    if parts:
        # Later repairs inside a part, by start: (start, end, rank).
        marks = sorted([(p[0], p[1], STEP_ORDER.get(p[3][:1], 9)) for p in pieces]
                       + [(p[0], p[0] + len(p[1]), p[5]) for p in parts])
        starts = [m[0] for m in marks]
        for pos, before, after, code, message, rank in parts:
            end = pos + len(before)
            cuts = []
            for a, b, r in marks[bisect_left(starts, pos):bisect_left(starts, end)]:
                if r > rank and b <= end:
                    cuts.append((a, b))
            i = pos
            for a, b in cuts + [(end, end)]:
                _trimmed(pieces, i - pos, a - pos, pos, before, after, code, message)
                i = max(i, b)
    pieces.sort()
    return pieces


def _trimmed(out: list, i: int, j: int, pos: int, before: str, after: str, code: str, message: str) -> None:
    """Append ``before[i:j]`` -> ``after[i:j]`` (at ``pos + i``) trimmed to its changed characters."""
    while i < j and before[i] == after[i]:
        i += 1
    while j > i and before[j - 1] == after[j - 1]:
        j -= 1
    if i < j:
        out.append((pos + i, pos + j, after[i:j], code, message))


def _merged(report: Report, pieces: List[tuple]) -> List[tuple]:
    """Overlapping pieces as one (see the module doc)."""
    out: List[tuple] = []
    i, n = 0, len(pieces)
    while i < n:
        group_end = pieces[i][1]
        j = i + 1
        while j < n and pieces[j][0] < group_end:
            group_end = max(group_end, pieces[j][1])
            j += 1
        if j == i + 1:
            out.append(pieces[i])
        else:
            group = [_Piece(*p) for p in pieces[i:j]]
            start = group[0].start
            first = min(group, key=lambda p: STEP_ORDER.get(p.code[:1], 9))
            others = sorted({p.code for p in group} - {first.code})
            clean = report.text[report.to_text(start): report.to_text(group_end, end=True)]
            message = first.message + (f" (with {', '.join(others)})" if others else "")
            out.append((start, group_end, clean, first.code, message))
        i = j
    return out


def _aligned(text: str, s0: int, s1: int, before: str, trace, layers) -> Optional[list]:
    """Stretches (index in ``before``, source offset, length) of ``before`` that
    sit together in the source, what lies between them removed by earlier
    steps; found with str.find and slice comparisons (C speed), then checked
    against the offset map so a character that merely looks alike elsewhere
    is never taken.  None when the characters are not all in the source."""
    stretches = []
    k, pos, n = 0, s0, len(before)
    while k < n:
        pos = text.find(before[k], pos, s1)
        if pos < 0:
            return None
        m = _common(text, pos, before, k, min(n - k, s1 - pos))
        stretches.append((k, pos, m))
        k += m
        pos += m
    if trace is not None and len(stretches) > 1 and _rewrites(layers, trace[0]):
        # An earlier step wrote characters (not only removed them): one of
        # them could have been taken for one of ours.
        depth, start = trace
        offsets = OffsetMap(layers[:depth])
        for k, pos, m in stretches:
            if offsets.to_source(start + k) != pos or offsets.to_source(start + k + m, end=True) != pos + m:
                return None
    return stretches


def _between_deletions(text: str, s0: int, s1: int, before: str, trace, layers) -> Optional[list]:
    """The stretches when the only step before this edit's removed text (the
    usual case: pinyin removed, then the script converted): the source
    between its deletions, read off its offset layer with no string search."""
    if trace is None or trace[0] != 1:
        return None
    layer = layers[0]
    a0, a1, b0, b1 = layer.a0, layer.a1, layer.b0, layer.b1
    i = bisect_left(a0, s0)
    stretches = []
    k, pos = 0, s0
    n = len(a0)
    while i < n and a0[i] < s1:
        if b0[i] != b1[i]:
            return None  # a replacement, not a deletion
        if a0[i] > pos:
            stretches.append((k, pos, a0[i] - pos))
            k += a0[i] - pos
        pos = a1[i]
        i += 1
    if s1 > pos:
        stretches.append((k, pos, s1 - pos))
        k += s1 - pos
    if k != len(before):
        return None
    for k, pos, m in stretches:
        if text[pos:pos + m] != before[k:k + m]:
            return None
    return stretches


def _rewrites(layers: list, depth: int) -> bool:
    """Whether any of the first ``depth`` layers inserts or replaces text."""
    for layer in layers[:depth]:
        if layer.b0 != layer.b1:
            return True
    return False


def _common(a: str, i: int, b: str, j: int, limit: int) -> int:
    """Length of the common prefix of ``a[i:]`` and ``b[j:]``, at most ``limit``."""
    if a[i:i + limit] == b[j:j + limit]:
        return limit
    lo, hi = 1, limit  # a[i] == b[j]; the prefix is shorter than ``limit``
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[i:i + mid] == b[j:j + mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _mapped(before: str, after: str, trace: Tuple[int, int], layers: list) -> List[Tuple[int, int, str]]:
    """Each run of changed characters placed through the layers of the steps
    before this edit's.  A character inside an earlier step's unequal
    replacement maps to that whole span (and is merged with it later)."""
    depth, start = trace
    offsets = OffsetMap(layers[:depth])
    runs: list = []  # [source start, source end, index, length]
    for k in range(len(before)):
        if before[k] == after[k]:
            continue
        p0, p1 = offsets.span_to_source(start + k, start + k + 1)
        if runs:
            q = runs[-1]
            if q[2] + q[3] == k and (p0, p1) == (q[0], q[1]) and p1 - p0 != 1:
                q[3] += 1  # the same clamped span
                continue
            if q[2] + q[3] == k and p0 == q[1] and p1 - p0 == 1 and q[1] - q[0] == q[3]:
                q[1] = p1  # the next character along
                q[3] += 1
                continue
        runs.append([p0, p1, k, 1])
    return [(p0, p1, after[k:k + m]) for p0, p1, k, m in runs]
