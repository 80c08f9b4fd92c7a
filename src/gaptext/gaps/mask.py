"""Mask gaps: a placeholder stands where a name or a number was.

Unlike a cut, a mask leaves a sign: ``**市委``, ``XX县区``, ``xx同志``,
``东方明珠——__``, ``增长x%``, ``20*年``, ``20x年``, ``%%省``, ``××乡``,
``□□村``.  The gap spans the placeholder characters only.  Placeholders
inside code or English (``__init__``, ``XXL``, ``**kwargs``, Markdown
``**bold**``) are left alone.

>>> [(h.code, h.start, h.end) for h in find("**市委、XX县区、20*年、增长x%、%%省")]
[('G501', 0, 2), ('G502', 5, 7), ('G505', 12, 13), ('G504', 17, 18), ('G506', 20, 22)]
>>> [h.code for h in find("东方明珠——__，××乡，□□村，x月x日")]
['G503', 'G502', 'G507', 'G505', 'G505']
>>> find("def __init__(self, **kwargs): XXL x% 3×4 **加强领导** X光 20XX")
[]
"""

from __future__ import annotations

import re
import string
from typing import List

from .base import Anchored, Hit, hit_maker, is_han, may_contain, no_places, resolve

__all__ = ["find"]

KIND = "mask"

#: Codes and messages of this family's rules.
RULES = {
    "G501": "mask: asterisks stand for a name or number",
    "G502": "mask: XX stands for a name or number",
    "G503": "mask: underscores stand for a name",
    "G504": "mask: x% stands for a percentage",
    "G505": "mask: placeholder for the digits of a date",
    "G506": "mask: %% stands for a name",
    "G507": "mask: □ stands for a name or number",
}

_MARKS = "，、。；：“”（）《》—…"
_MARK_SET = frozenset(_MARKS)


class _Runs:
    """The runs of one placeholder character at least ``shortest`` long: [(start, end)].

    Where the prescan serves the text, its places are the character's
    occurrences, and a run is a stretch of consecutive places: found without
    the regex, which scans only where the prescan does not serve.
    """

    __slots__ = ("scan", "shortest")

    def __init__(self, char: str, shortest: int = 1):
        c = re.escape(char)
        # (Written ``XX*``, not ``X+``: only a leading literal gets re's fast search.)
        self.scan = Anchored(c * (shortest + 1) + "*", prescan=True)
        self.shortest = shortest

    def __call__(self, text: str) -> List[tuple]:
        places = self.scan.places(text)
        if places is None:
            return [m.span() for m in self.scan.finditer(text)]
        runs = []
        start = last = -2
        for p in places:
            if p == last + 1:
                last = p
                continue
            if last + 1 - start >= self.shortest and start >= 0:
                runs.append((start, last + 1))
            start = last = p
        if last + 1 - start >= self.shortest and start >= 0:
            runs.append((start, last + 1))
        return runs


# One scan per placeholder character; the run is classified in Python.
_RUNS = [
    (b"*", _Runs("*")),
    (b"X", _Runs("X")),
    (b"x", _Runs("x")),
    (b"_", _Runs("_", shortest=2)),
    (None, _Runs("＊")),
    (None, _Runs("×")),
    (None, _Runs("Ｘ")),
    (None, _Runs("＿", shortest=2)),
    (None, _Runs("□")),
]
_DATE_AFTER = "年月日号"
_X_PERCENT = re.compile("[xXｘＸ]+(?:[.．][xXｘＸ]+)?[%％]")
_PERCENTS = Anchored("%%+", after="[%]")
_SCANS = [runs.scan for _, runs in _RUNS] + [_PERCENTS]


_hit = hit_maker(KIND, RULES)


#: The characters of an ASCII word (a placeholder beside one is code or English: XXL, __init__).
_ASCII_WORD = frozenset(string.ascii_letters + string.digits + "_")


def _chinese(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c in _MARK_SET or is_han(c)  # ('' is none)


def find(text: str) -> List[Hit]:
    if no_places(text, _SCANS):
        return []  # (no placeholder anywhere: most Chinese text)
    hits: List[Hit] = []
    for mark, find_runs in _RUNS:
        if mark is not None and not may_contain(text, mark):
            continue
        runs = find_runs(text)
        for k, (start, end) in enumerate(runs):
            hit = _classify(text, start, end, runs, k)
            if hit:
                hits.append(hit)
    if may_contain(text, b"%%"):
        for m in _PERCENTS.finditer(text):
            left = text[m.start() - 1] if m.start() else ""
            right = text[m.end()] if m.end() < len(text) else ""
            if (_chinese(left) or _chinese(right)) and not (left in _ASCII_WORD or right in _ASCII_WORD):
                hits.append(_hit(m.start(), m.end(), "G506", 0.8))
    return resolve(hits)


def _classify(text: str, start: int, end: int, runs, k: int):
    c = text[start]
    length = end - start
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    if right and right in _DATE_AFTER and length <= 2 and not (left.isascii() and left.isalpha()):
        return _hit(start, end, "G505", 0.9)
    if c in "xXｘＸ" and right and right in "xXｘＸ.．%％":  # (what _X_PERCENT needs after the run)
        pct = _X_PERCENT.match(text, start)
        if pct:  # x%, x.x%: a masked percentage
            if left in _ASCII_WORD or not (_chinese(left) or _chinese(text[pct.end():pct.end() + 1])):
                return None  # English or code: x%, 0x%
            return _hit(start, pct.end() - 1, "G504", 0.9)
    if right and right in "%％.．":
        return None  # 增长*%: the number rule's remnant
    if left in _ASCII_WORD or right in _ASCII_WORD:
        return None  # XXL, a**b, __init__, 20XX
    chinese = _chinese(left) or _chinese(right)
    if c in "*＊":
        if right == "(" or (length == 2 and _markdown(text, runs, k)):
            return None  # **kwargs(, **bold**
        if length == 1 and not (is_han(left) and is_han(right)):
            return None  # a lone * needs Han on both sides: 某*市
        if chinese or left.isdigit() or right.isdigit():
            return _hit(start, end, "G501", 0.9 if length > 1 else 0.75)
        return None
    if c in "Xx×Ｘ":
        if length < 2 or text.startswith("世纪", end):
            return None  # X光; XX世纪 is a Roman numeral
        return _hit(start, end, "G502", 0.9) if chinese else None
    if c in "_＿":
        return _hit(start, end, "G503", 0.85) if chinese else None
    if c == "□" and chinese:
        return _hit(start, end, "G507", 0.8)
    return None


def _markdown(text: str, runs, k: int) -> bool:
    """``**text**`` on one line around a phrase (no Chinese list or clause marks): Markdown bold."""
    start, end = runs[k]
    for other in (runs[k - 1] if k else None, runs[k + 1] if k + 1 < len(runs) else None):
        if other is None or other[1] - other[0] != 2:
            continue
        a, b = (other[1], start) if other[0] < start else (end, other[0])
        if not 2 <= b - a <= 40:
            continue
        inner = text[a:b]
        if ("\n" not in inner and not inner[0].isspace() and not inner[-1].isspace()
                and not any(c in "，、。；：“”" for c in inner)):
            return True
    return False
