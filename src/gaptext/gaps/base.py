"""What every gap rule shares: the hit it returns and the character classes it reads.

A rule is a function ``find(text) -> list[Hit]`` over the *clean* text.  Hits
are in the coordinates of that text; :func:`gaptext.gaps.detect` turns them
into :class:`~gaptext.report.Gap` objects located in the source as well.

Speed matters: every rule scans with a regex that starts with a *literal*
character (``年``, ``%``, ``“`` ...), which CPython's ``re`` finds with a fast
search, and checks the few candidates in Python.  A pattern that starts with
a character class or a look-behind costs ten times more on a megabyte.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

__all__ = [
    "Anchored",
    "Hit",
    "HAN",
    "HAN_NUMERALS",
    "NUMERALS",
    "is_han",
    "is_numeral",
    "line_start",
    "chinese_numeral",
    "parse_chinese_numeral",
    "resolve",
    "ascii_part",
]


class Hit(NamedTuple):
    """One gap a rule found, in the coordinates of the text it was given."""

    start: int
    end: int
    kind: str
    code: str
    message: str
    confidence: float
    suggestion: Optional[str] = None


#: Han ideographs (a regex class body): CJK Unified, Extension A, compatibility.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: Numerals written in Han characters, and words that stand for a quantity.
HAN_NUMERALS = "〇零一二三四五六七八九十百千万亿两廿卅"

#: Everything that can stand right before a unit or 年 in an intact number.
NUMERALS = frozenset("0123456789０１２３４５６７８９" + HAN_NUMERALS + "几数")

_SPACES = " \t\u3000\xa0"


def is_han(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") or ("\uf900" <= ch <= "\ufaff")


def is_numeral(ch: str) -> bool:
    return ch in NUMERALS


def line_start(text: str, i: int) -> bool:
    """True when only spaces stand between the start of the line and ``i``."""
    j = i - 1
    while j >= 0 and text[j] in _SPACES:
        j -= 1
    return j < 0 or text[j] in "\n\r"


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 13 -> 十三, 21 -> 二十一 (1..99).

    >>> [chinese_numeral(n) for n in (1, 3, 10, 13, 20, 21)]
    ['一', '三', '十', '十三', '二十', '二十一']
    """
    if not 1 <= n <= 99:
        raise ValueError(f"no Chinese ordinal for {n}")
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def parse_chinese_numeral(s: str) -> Optional[int]:
    """一 -> 1, 十三 -> 13, 二十 -> 20; None for anything else.

    >>> [parse_chinese_numeral(s) for s in ("一", "十", "十三", "二十一", "三三", "")]
    [1, 10, 13, 21, None, None]
    """
    if not s or len(s) > 3:
        return None
    if "十" not in s:
        return _DIGITS.index(s) if len(s) == 1 and s in _DIGITS[1:] else None
    head, _, tail = s.partition("十")
    if "十" in tail or len(head) > 1 or len(tail) > 1:
        return None
    tens = 1 if not head else (_DIGITS.index(head) if head in _DIGITS[2:] else None)
    units = 0 if not tail else (_DIGITS.index(tail) if tail in _DIGITS[1:] else None)
    if tens is None or units is None:
        return None
    return tens * 10 + units


#: When two rules claim the same place, the more specific kind wins.
KIND_PRIORITY = {"mask": 0, "ordinal": 1, "year": 2, "number": 3, "name": 4}


def _overlap(a: Hit, b: Hit) -> bool:
    if (a.start, a.end) == (b.start, b.end):
        return True
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return max(a.start, b.start) < min(a.end, b.end)


def _rank(h: Hit) -> tuple:
    return (KIND_PRIORITY.get(h.kind, 9), h.suggestion is None, -h.confidence)


def resolve(hits) -> list:
    """Sorted hits, one per place: of hits that overlap, the best ranked stays.

    >>> a = Hit(3, 3, "ordinal", "G306", "", 0.9, "三")
    >>> b = Hit(3, 3, "ordinal", "G304", "", 0.85)
    >>> resolve([b, a]) == [a]
    True
    """
    out: list = []
    for h in sorted(hits):
        if out and _overlap(out[-1], h):
            if _rank(h) < _rank(out[-1]):
                out[-1] = h
            continue
        out.append(h)
    return out


_ascii_memo: list = [None, b""]


def ascii_part(text: str) -> bytes:
    """The ASCII characters of ``text``, as bytes (one C pass, remembered for the last text).

    Rules anchored on ASCII marks (``*``, ``X``, ``%``, ``(``) test
    ``b"*" in ascii_part(text)`` and skip their scan when the mark is absent,
    which it is in most Chinese text.
    """
    if _ascii_memo[0] is not text:
        _ascii_memo[1] = text.encode("ascii", "ignore")
        _ascii_memo[0] = text
    return _ascii_memo[1]


class Anchored:
    """A regex that starts with a literal character, skipped when that character is absent.

    ``ch in text`` runs at memchr speed and is several times cheaper than a
    scan, so texts without the anchor (most texts, for the rarer rules) pay
    almost nothing.  The pattern must begin with a literal character
    (``年``, ``”``, ``\\(``).

    >>> scan = Anchored("籍(?<=的籍)")
    >>> [m.start() for m in scan.finditer("在沪的籍人士")], list(scan.finditer("没有"))
    ([3], [])
    """

    __slots__ = ("regex", "lead")

    def __init__(self, pattern: str):
        self.regex = re.compile(pattern)
        lead = pattern[1] if pattern[0] == "\\" else pattern[0]
        if lead in "[(.^$*+?{|" and pattern[0] != "\\":
            raise ValueError(f"pattern must start with a literal character: {pattern!r}")
        self.lead = lead

    def finditer(self, text: str, pos: int = 0):
        return self.regex.finditer(text, pos) if self.lead in text else iter(())

    def search(self, text: str, pos: int = 0):
        return self.regex.search(text, pos) if self.lead in text else None

    def findall(self, text: str) -> list:
        return self.regex.findall(text) if self.lead in text else []
