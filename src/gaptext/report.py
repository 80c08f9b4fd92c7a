"""What a repair returns: the clean text, its edits, its gaps, and the offset map.

Steps return :class:`Change` objects in the coordinates of the text they were
given.  The pipeline applies them, records one :class:`OffsetLayer` per step,
and turns each change into an :class:`Edit` whose span is in the *source*.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, List, NamedTuple, Optional, Sequence

import numpy as np


class Change(NamedTuple):
    """One replacement a step wants: ``text[start:end]`` becomes ``after``."""

    start: int
    end: int
    after: str
    code: str
    message: str


def splice(text: str, changes: Sequence[Change]) -> str:
    """``text`` with sorted, disjoint ``changes`` applied (their ``after`` must be a str).

    >>> splice("發(fā)展", [Change(1, 5, "", "P101", "")])
    '發展'
    """
    out: List[str] = []
    pos = 0
    for c in changes:
        if c.start < pos or c.end < c.start:
            raise ValueError(f"changes overlap or are unsorted at {c.start}-{c.end}")
        out.append(text[pos:c.start])
        out.append(c.after)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Edit:
    """A change the pipeline made, located in the source text."""

    step: str
    code: str
    message: str
    source_start: int
    source_end: int
    before: str
    after: str


@dataclass(frozen=True)
class Gap:
    """Something that was cut from the text (see DESIGN.md for the kinds)."""

    kind: str
    code: str
    message: str
    start: int
    end: int
    source_start: int
    source_end: int
    confidence: float
    suggestion: Optional[str] = None


_new = object.__new__


def make_gap(kind: str, code: str, message: str, start: int, end: int, source_start: int,
             source_end: int, confidence: float, suggestion: Optional[str] = None) -> Gap:
    """``Gap(...)`` for callers that make thousands: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``, twice the
    cost of giving the instance its ``__dict__`` at once.  The result is the
    same object (equal, hashable, picklable).

    >>> make_gap("year", "G101", "m", 1, 1, 3, 3, 0.9) == Gap("year", "G101", "m", 1, 1, 3, 3, 0.9)
    True
    """
    gap = _new(Gap)
    _set(gap, "__dict__", {"kind": kind, "code": code, "message": message, "start": start, "end": end,
                           "source_start": source_start, "source_end": source_end,
                           "confidence": confidence, "suggestion": suggestion})
    return gap


_set = object.__setattr__  # (a frozen dataclass refuses gap.__dict__ = ...; a dict literal beats update(**kw))


@dataclass(frozen=True)
class Finding:
    """Damage seen but not repaired (for example ``锟斤拷``), located in the source."""

    step: str
    code: str
    message: str
    source_start: int
    source_end: int
    text: str


class OffsetLayer:
    """How one step moved offsets: sorted, disjoint changes ``[a0, a1) -> [b0, b1)``.

    Outside the changes positions shift by the accumulated length difference;
    inside a change of equal length they map one to one; inside an unequal
    change they are clamped to it (start maps to start, end to end).
    """

    __slots__ = ("a0", "a1", "b0", "b1", "_np")

    def __init__(self, spans: Sequence[tuple]):
        self.a0 = [s[0] for s in spans]
        self.a1 = [s[1] for s in spans]
        self.b0 = [s[2] for s in spans]
        self.b1 = [s[3] for s in spans]
        self._np = None

    @staticmethod
    def _map(p: int, end: bool, x0, x1, y0, y1) -> int:
        # Index of the last change starting at or before p (for an end offset,
        # strictly before p, so that an end lands after the char it closes).
        i = bisect_right(x0, p - 1 if end else p) - 1
        if i < 0:
            return p
        if p >= x1[i]:
            return y1[i] + (p - x1[i])
        if x1[i] - x0[i] == y1[i] - y0[i]:
            return y0[i] + (p - x0[i])
        return y1[i] if end else y0[i]

    def _arrays(self):
        arrays = self._np
        if arrays is None:
            arrays = self._np = tuple(np.asarray(x, dtype=np.int64) for x in (self.a0, self.a1, self.b0, self.b1))
        return arrays

    @staticmethod
    def _map_many(p: "np.ndarray", end: bool, x0, x1, y0, y1) -> "np.ndarray":
        """:meth:`_map` for an array of offsets at once."""
        if not len(x0) or not len(p):
            return p
        i = np.searchsorted(x0, p - 1 if end else p, side="right") - 1
        k = np.maximum(i, 0)
        X0, X1, Y0, Y1 = x0[k], x1[k], y0[k], y1[k]
        inside = np.where(X1 - X0 == Y1 - Y0, Y0 + (p - X0), Y1 if end else Y0)
        mapped = np.where(p >= X1, Y1 + (p - X1), inside)
        return np.where(i < 0, p, mapped)

    def to_input_many(self, p: "np.ndarray", end: bool = False) -> "np.ndarray":
        """:meth:`to_input` for an array of output offsets."""
        a0, a1, b0, b1 = self._arrays()
        return self._map_many(p, end, b0, b1, a0, a1)

    def to_input(self, p: int, end: bool = False) -> int:
        """The step's input offset for output offset ``p``."""
        return self._map(p, end, self.b0, self.b1, self.a0, self.a1)

    def to_output(self, p: int, end: bool = False) -> int:
        """The step's output offset for input offset ``p``."""
        return self._map(p, end, self.a0, self.a1, self.b0, self.b1)

    def __len__(self) -> int:
        return len(self.a0)


class OffsetMap:
    """Maps offsets between ``report.text`` and ``report.source`` both ways.

    ``end=True`` maps an exclusive span end: the end of a replaced stretch maps
    to the end of what replaced it.
    """

    def __init__(self, layers: Iterable[OffsetLayer] = ()):
        self.layers: List[OffsetLayer] = [layer for layer in layers if len(layer)]

    def to_source(self, p: int, end: bool = False) -> int:
        for layer in reversed(self.layers):
            p = layer.to_input(p, end)
        return p

    def to_text(self, p: int, end: bool = False) -> int:
        for layer in self.layers:
            p = layer.to_output(p, end)
        return p

    def span_to_source(self, start: int, stop: int) -> tuple:
        if start == stop:
            p = self.to_source(start)
            return p, p
        return self.to_source(start), self.to_source(stop, end=True)

    def spans_to_source(self, starts: Sequence[int], stops: Sequence[int]) -> tuple:
        """:meth:`span_to_source` for many spans at once: two lists of source offsets."""
        p = np.asarray(starts, dtype=np.int64)
        q = np.asarray(stops, dtype=np.int64)
        empty = p == q
        for layer in reversed(self.layers):
            p = layer.to_input_many(p)
            q = layer.to_input_many(q, end=True)
        return p.tolist(), np.where(empty, p, q).tolist()

    def span_to_text(self, start: int, stop: int) -> tuple:
        if start == stop:
            p = self.to_text(start)
            return p, p
        return self.to_text(start), self.to_text(stop, end=True)


@dataclass
class Report:
    """The result of :func:`gaptext.repair`."""

    source: str
    text: str
    edits: List[Edit] = field(default_factory=list)
    gaps: List[Gap] = field(default_factory=list)
    findings: List[Finding] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=OffsetMap)

    def to_source(self, offset: int, end: bool = False) -> int:
        """The source offset of ``report.text[offset]``."""
        return self.offsets.to_source(offset, end)

    def to_text(self, offset: int, end: bool = False) -> int:
        """The ``report.text`` offset of ``report.source[offset]``."""
        return self.offsets.to_text(offset, end)

    @property
    def changed(self) -> bool:
        return self.text != self.source

    def explain(self) -> str:
        """The edits, gaps and findings as readable lines, in source order.

        >>> import gaptext
        >>> print(gaptext.repair("發(fā)展,很好").explain())
        1:1-2   S101  script       '發' -> '发'    traditional converted to simplified
        1:2-6   P101  pinyin       '(fā)' -> ''  inline pinyin reading removed
        1:7-8   L101  punctuation  ',' -> '，'    ASCII mark in Chinese context made fullwidth
        """
        rows = []
        for e in self.edits:
            rows.append((e.source_start, 0, e.source_end, e.code, e.step,
                         f"{e.before!r} -> {e.after!r}", e.message))
        for f in self.findings:
            rows.append((f.source_start, 1, f.source_end, f.code, f.step, f"{f.text!r}", f.message))
        for g in self.gaps:
            what = f"gap:{g.kind}" + (f" suggest {g.suggestion!r}" if g.suggestion else "")
            rows.append((g.source_start, 2, g.source_end, g.code, "gaps", what, g.message))
        lines = []
        for start, _, stop, code, step, what, message in sorted(rows, key=lambda r: r[:3]):
            line, col = _line_col(self.source, start)
            lines.append(f"{line}:{col}-{col + stop - start:<3} {code:<5} {step:<12} {what:<12}  {message}")
        return "\n".join(lines)


def _line_col(text: str, offset: int) -> tuple:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
