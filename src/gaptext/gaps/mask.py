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
from typing import List, Optional

from .base import Anchored, Hit, is_han, may_contain, no_places, resolve

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
# One scan per placeholder character; the run is classified in Python.
# (Written ``XX*``, not ``X+``: only a leading literal gets re's fast search.)
_RUNS = [
    (b"*", Anchored(r"\*\**", prescan=True)),
    (b"X", Anchored("XX*", prescan=True)),
    (b"x", Anchored("xx*", prescan=True)),
    (b"_", Anchored("__+", after="[_]")),
    (None, Anchored("＊＊*", prescan=True)),
    (None, Anchored("××*", prescan=True)),
    (None, Anchored("ＸＸ*", prescan=True)),
    (None, Anchored("＿＿+", after="[＿]")),
    (None, Anchored("□□*", prescan=True)),
]
_DATE_AFTER = "年月日号"
_X_PERCENT = re.compile("[xXｘＸ]+(?:[.．][xXｘＸ]+)?[%％]")
_PERCENTS = Anchored("%%+", after="[%]")
_SCANS = [pattern for _, pattern in _RUNS] + [_PERCENTS]


def _hit(start: int, end: int, code: str, confidence: float, suggestion: Optional[str] = None) -> Hit:
    return Hit(start, end, KIND, code, RULES[code], confidence, suggestion)


def _ascii_word(c: str) -> bool:
    return bool(c) and c.isascii() and (c.isalnum() or c == "_")


def _chinese(c: str) -> bool:
    return bool(c) and (is_han(c) or c in _MARKS)


def find(text: str) -> List[Hit]:
    if no_places(text, _SCANS):
        return []  # (no placeholder anywhere: most Chinese text)
    hits: List[Hit] = []
    for mark, pattern in _RUNS:
        if mark is not None and not may_contain(text, mark):
            continue
        runs = list(pattern.finditer(text))
        if not runs:
            continue
        for k, m in enumerate(runs):
            hit = _classify(text, m.start(), m.end(), runs, k)
            if hit:
                hits.append(hit)
    if may_contain(text, b"%%"):
        for m in _PERCENTS.finditer(text):
            left = text[m.start() - 1] if m.start() else ""
            right = text[m.end()] if m.end() < len(text) else ""
            if (_chinese(left) or _chinese(right)) and not (_ascii_word(left) or _ascii_word(right)):
                hits.append(_hit(m.start(), m.end(), "G506", 0.8))
    return resolve(hits)


def _classify(text: str, start: int, end: int, runs, k: int):
    run = text[start:end]
    c = run[0]
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    if right and right in _DATE_AFTER and end - start <= 2 and not (left.isascii() and left.isalpha()):
        return _hit(start, end, "G505", 0.9)
    if c in "xXｘＸ":
        pct = _X_PERCENT.match(text, start)
        if pct:  # x%, x.x%: a masked percentage
            if _ascii_word(left) or not (_chinese(left) or _chinese(text[pct.end():pct.end() + 1])):
                return None  # English or code: x%, 0x%
            return _hit(start, pct.end() - 1, "G504", 0.9)
    if right and right in "%％.．":
        return None  # 增长*%: the number rule's remnant
    if _ascii_word(left) or _ascii_word(right):
        return None  # XXL, a**b, __init__, 20XX
    if c in "*＊":
        if right == "(" or (len(run) == 2 and _markdown(text, runs, k)):
            return None  # **kwargs(, **bold**
        if len(run) == 1 and not (is_han(left) and is_han(right)):
            return None  # a lone * needs Han on both sides: 某*市
        if _chinese(left) or _chinese(right) or left.isdigit() or right.isdigit():
            return _hit(start, end, "G501", 0.9 if len(run) > 1 else 0.75)
        return None
    if c in "Xx×Ｘ":
        if len(run) < 2 or text.startswith("世纪", end):
            return None  # X光; XX世纪 is a Roman numeral
        if _chinese(left) or _chinese(right):
            return _hit(start, end, "G502", 0.9)
        return None
    if c in "_＿":
        if _chinese(left) or _chinese(right):
            return _hit(start, end, "G503", 0.85)
        return None
    if c == "□" and (_chinese(left) or _chinese(right)):
        return _hit(start, end, "G507", 0.8)
    return None


def _markdown(text: str, runs, k: int) -> bool:
    """``**text**`` on one line around a phrase (no Chinese list or clause marks): Markdown bold."""
    m = runs[k]
    for other in (runs[k - 1] if k else None, runs[k + 1] if k + 1 < len(runs) else None):
        if other is None or len(other.group()) != 2:
            continue
        a, b = (other, m) if other.start() < m.start() else (m, other)
        inner = text[a.end():b.start()]
        if (2 <= len(inner) <= 40 and "\n" not in inner and not inner[0].isspace() and not inner[-1].isspace()
                and not any(c in "，、。；：“”" for c in inner)):
            return True
    return False
