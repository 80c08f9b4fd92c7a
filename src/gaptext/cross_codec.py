"""Chinese text decoded with the wrong codec, read back with the right one.

Four families, each found by characters its mojibake is made of, then
re-encoded with the codec that was wrongly used and decoded with the right
one.  A re-decoding is kept only when it is exact (no byte left over, no
replacement) and reads as Chinese far better than the text as it stands::

    UTF-8 read as GBK/GB18030   涓枃                -> 中文   (telltale: 涓 鍦 鐨 锛 銆 鈥 ...)
    GBK read as Latin-1/cp1252  ÖÐÎÄ£¬             -> 中文，
    Big5 read as GBK            いゅ                -> 中文   (kana, Greek, Cyrillic in Han text)
    GBK read as Big5            笢恅ㄛ              -> 中文， (bopomofo and small forms for marks)

>>> [(c.start, c.end, c.after) for c in find_cross_codec("缁忔祹鍙戝睍, 2024")]
[(0, 6, '经济发展')]
>>> [c.after for c in find_cross_codec("ÖÐÎÄ£¬²âÊÔ¡£")]
['中文，测试。']
>>> find_cross_codec("café, naïve, Brontë…”, Ärger")      # Latin text: left alone
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import product
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from .language_model import OTHER_MARK, model

__all__ = ["find_cross_codec", "CrossFix", "CODE", "TRIGGER"]

CODE = "E102"
#: A re-decoding must score at least this many nats better than the text as it stands
MARGIN = 6.0
#: and average at least this per character (clean Chinese averages about -6).
MIN_AVERAGE = -9.0
#: A byte lost in UTF-8 read as GBK is restored only when its best value leads by this.
LOST_BYTE_CERTAINTY = 1.5
#: A span re-decoded inside a line that does not re-decode whole must give at least
#: this many Han characters (a whole line needs two).
MIN_HANS_IN_LINE = 4
# At the end of a line a sentence ends far more often than a clause.
_LINE_END = {"。": 3.0, "！": 2.0, "？": 2.0, "”": 1.0, "：": 1.0}

# cp1252 characters for the bytes 0x80-0x9F (ftfy's sloppy codec keeps the rest as C1 controls).
_CP1252 = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
          "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_HIGH = "\u0080-\u00ff" + re.escape(_CP1252)


@lru_cache(maxsize=1)
def _utf8_telltales() -> str:
    """GBK characters whose first byte is a UTF-8 lead of a three-byte sequence that
    Chinese text uses (E2 general punctuation, E3 CJK marks, E4-E9 Han, EF fullwidth
    forms) and whose second a continuation byte (A1-BF): rare level-2 characters
    that UTF-8 Chinese read as GBK is full of (涓 鍦 鐨 锛 銆 ...).  The leads of
    other scripts (EA-EE: Hangul and the like) are left out: their characters
    (於 is ECB6) are common in traditional text and no sign of Chinese mojibake."""
    out = []
    for lead in (0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEF):
        # continuation bytes A1-BF only: below A1 GBK has its traditional characters
        for trail in range(0xA1, 0xC0):
            try:
                out.append(bytes((lead, trail)).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


# Big5 read as GBK: Big5's common Han leads fall on GBK's kana, Greek and Cyrillic rows
# (and its marks on GBK's user-defined area, private-use code points in GB18030).
_BIG5_AS_GBK = "\u3041-\u30ff\u0391-\u03c9\u0401-\u0451\ue000-\ue765"
# GBK read as Big5: GBK's marks become bopomofo, spacing accents and small forms.
_GBK_AS_BIG5 = "\u3105-\u3129\u02c7\u02c9\u02ca\u02cb\u02d9\ufe30-\ufe6b\u2027"


class CrossFix(NamedTuple):
    start: int
    end: int
    after: str
    code: str
    message: str


@lru_cache(maxsize=1)
def _patterns():
    tell = re.escape(_utf8_telltales())
    return {
        # (telltale characters; the span is the run of non-ASCII characters around them)
        "utf-8 read as GBK": re.compile(f"[{tell}]"),
        # two or more Latin-1/cp1252 characters, with ASCII trail bytes among them
        "GBK read as Latin-1": re.compile(f"[{_HIGH}](?:[{_HIGH}]|[\\x40-\\x7e](?=[{_HIGH}]))+[\\x40-\\x7e]?"),
        "Big5 read as GBK": re.compile(f"[{_BIG5_AS_GBK}]"),
        "GBK read as Big5": re.compile(f"[{_GBK_AS_BIG5}]"),
    }


_LATIN1 = re.compile("[\u00a0-\u00ff]")
_ASCII_SPACE = frozenset(" \t\n\r\x0b\x0c")
_NON_ASCII_RUN = re.compile("[^\\x00-\\x7f]+")


def _spans(text: str, family: str, pattern: "re.Pattern", starts: Optional[Sequence[int]] = None):
    """(start, end) of each span to re-decode: a Latin-1 match, or the whole run of
    non-ASCII characters around a telltale (each run once).

    ``starts``, when given, holds (ascending) every position where a match of
    ``pattern`` can start: for a family found by one character, the positions of
    those characters; for Latin-1, at least every start of a match.  Only those
    are tried (the caller finds them for all families in one pass).
    """
    if family == "GBK read as Latin-1":
        if not _LATIN1.search(text):
            return  # GBK's lead bytes read as Latin-1 are letters of U+00A0-U+00FF: none here
        if starts is None:
            matches = pattern.finditer(text)
        else:
            matches = _matches_from(text, pattern, starts)
        for m in matches:
            if _LATIN1.search(text, m.start(), m.end()):  # not only dashes and quotes (———, ……)
                yield m.start(), m.end()
        return
    pos = 0
    k = 0
    while True:
        if starts is None:
            m = pattern.search(text, pos)
            if m is None:
                return
            at = m.start()
        else:
            k = bisect_left(starts, pos, k)
            if k == len(starts):
                return
            at = starts[k]
        run = _NON_ASCII_RUN.search(text, _run_start(text, at))
        yield run.start(), run.end()
        pos = run.end()


def _matches_from(text: str, pattern: "re.Pattern", starts: Sequence[int]):
    """``pattern.finditer(text)`` for a pattern that matches no empty string, trying
    only the positions in ``starts`` (ascending, a superset of where matches start)."""
    pos = 0
    for p in starts:
        if p < pos:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            pos = m.end()


def _run_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1] >= "\x80":
        i -= 1
    return i


#: One class of every character the four families are found by (for the pre-check).
TRIGGER = f"{_BIG5_AS_GBK}{_GBK_AS_BIG5}" + "\u0081-\u00ff"


def _latin(span: str) -> bytes:
    out = bytearray()
    for ch in span:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        else:
            i = _CP1252.find(ch)
            if i < 0:
                raise UnicodeEncodeError("cp1252", ch, 0, 1, "not a cp1252 character")
            out.append(0x80 + [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 17, 18, 19, 20, 21, 22, 23, 24,
                               25, 26, 27, 28, 30, 31][i])
    return bytes(out)


_DECODERS: dict = {
    "utf-8 read as GBK": (lambda s: s.encode("gb18030"), "utf-8"),
    "GBK read as Latin-1": (_latin, "gbk"),
    "Big5 read as GBK": (lambda s: s.encode("gb18030"), "big5"),
    "GBK read as Big5": (lambda s: s.encode("big5"), "gbk"),
}


def _redecode(span: str, family: str) -> Optional[str]:
    if family == "utf-8 read as GBK" and "\ufffd" in span:
        return _utf8_with_lost_bytes(span)
    encode, codec = _DECODERS[family]
    if len(span) > _PROBE and encode is not _latin and _fails_early(span[:_PROBE], encode, codec):
        return None
    try:
        return encode(span).decode(codec)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


#: A long span (a whole line) is first re-decoded this far: most fail within it.
_PROBE = 64
_TRUNCATED = frozenset({"unexpected end of data", "incomplete multibyte sequence"})


def _fails_early(head: str, encode, codec: str) -> bool:
    """Whether re-decoding fails within ``head`` (a beginning of the span), so that it
    fails for the whole span: these codecs encode character by character, and a
    decoding error well before the end of ``head``'s bytes, not for want of bytes, is
    in the whole span's bytes too."""
    try:
        data = encode(head)
    except UnicodeEncodeError:
        return True
    try:
        data.decode(codec)
    except UnicodeDecodeError as e:
        return e.reason not in _TRUNCATED and e.end <= len(data) - 4
    return False


def _utf8_with_lost_bytes(span: str) -> Optional[str]:
    """UTF-8 read as GB18030 where each ``�`` stands for one byte it could not decode
    (a continuation byte: 0x80-0xBF); each is chosen by the model between its
    neighbours, and kept only when clearly the likeliest."""
    data = bytearray()
    holes = []
    try:
        for ch in span:
            if ch == "\ufffd":
                holes.append(len(data))
                data.append(0x80)
            else:
                data += ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    if len(holes) > max(2, len(span) // 4):
        return None
    lm = model()
    # The holes of each UTF-8 character (at most two in one: then it is chosen whole).
    chars: dict = {}
    for hole in holes:
        start = hole
        while start > 0 and hole - start < 3 and 0x80 <= data[start] < 0xC0:
            start -= 1
        chars.setdefault(start, []).append(hole)
    for start, own in chars.items():
        lead = data[start]
        size = 3 if 0xE0 <= lead < 0xF0 else 2 if 0xC0 <= lead < 0xE0 else 4 if lead >= 0xF0 else 0
        if not size or start + size <= own[-1] or len(own) > 2:
            return None
        options = []
        for values in product(range(0x80, 0xC0), repeat=len(own)):
            for hole, value in zip(own, values):
                data[hole] = value
            try:
                options.append((values, bytes(data[start:start + size]).decode("utf-8")))
            except UnicodeDecodeError:
                pass
        before = _decoded_neighbour(data, start, -1)
        after = _decoded_neighbour(data, start + size, 1)
        ranked = sorted(((lm.logp(before, c) + (lm.logp(c, after) if after else _LINE_END.get(c, 0.0)), v, c)
                         for v, c in options), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < LOST_BYTE_CERTAINTY):
            return None
        for hole, value in zip(own, ranked[0][1]):
            data[hole] = value
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decoded_neighbour(data: bytearray, i: int, step: int) -> Optional[str]:
    """The character decoded just before (step -1) or from (step 1) byte ``i``."""
    for size in (3, 2, 1, 4):
        a, b = (i - size, i) if step < 0 else (i, i + size)
        if a < 0 or b > len(data):
            continue
        try:
            ch = bytes(data[a:b]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1:
            return ch
    return None


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _as_model(text: str) -> str:
    """Characters the model knows stay; each other non-space character becomes a mark."""
    lm = model()
    return "".join(ch if lm.known(ch) or _han(ch) else OTHER_MARK for ch in text if not ch.isspace())


def _better(before: str, after: str, min_hans: int = 2) -> bool:
    """Whether ``after`` reads as Chinese, and far better than ``before``."""
    hans = sum(map(_han, after))
    if hans < min_hans or hans < 0.5 * len(after.strip()):
        return False
    lm = model()
    new = lm.segment_score(_as_model(after))
    old = lm.segment_score(_as_model(before))
    return new / max(1, len(after)) >= MIN_AVERAGE and new - old >= MARGIN


def find_cross_codec(text: str, families: Optional[Tuple[str, ...]] = None,
                     starts: Optional[Dict[str, Sequence[int]]] = None) -> List[CrossFix]:
    """Spans of ``text`` that are Chinese decoded with the wrong codec, re-decoded.

    A file is read with one codec, so a line is tried whole first (ASCII passes
    through every one of these codecs unchanged, and digits between mojibake
    then do not split it); a line that does not re-decode whole (clean text
    around the damage) is tried run by run.  ``starts``: for some families, where
    their matches can start (see :func:`_spans`), found by the caller.
    """
    out: List[CrossFix] = []
    for family, pattern in _patterns().items():
        if families is not None and family not in families:
            continue
        done_line = -1
        tried_line = -1  # a line whose whole re-decoding failed is not tried again
        line_start = line_end = -1  # the line of the previous span (found once a line)
        lossy_line = False
        for start, end in _spans(text, family, pattern, starts.get(family) if starts else None):
            if start < done_line:
                continue
            if not (line_start <= start and end <= line_end):
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", end)
                line_end = len(text) if line_end < 0 else line_end
                lossy_line = "\ufffd" in text[line_start:line_end]  # once a line: linear time
            if line_start >= done_line and line_start != tried_line:
                fix = _try(text, line_start, line_end, family)
                if fix is not None:
                    out.append(fix)
                    done_line = line_end
                    continue
                tried_line = line_start
            if family == "utf-8 read as GBK" and lossy_line:
                done_line = line_end  # with lost bytes, a line is repaired whole or not at all
                continue
            fix = _try(text, start, end, family, min_hans=MIN_HANS_IN_LINE)
            if fix is not None:
                out.append(fix)
    out.sort()
    kept: List[CrossFix] = []
    for fix in out:
        if not kept or fix.start >= kept[-1].end:
            kept.append(fix)
    return kept


def _try(text: str, start: int, end: int, family: str, min_hans: int = 2) -> Optional[CrossFix]:
    """The re-decoding of ``text[start:end]`` (trimmed of spaces), if clearly better."""
    # ASCII white space only: U+0085 and U+00A0 are GBK bytes read as Latin-1 (卻 is 85 73)
    while start < end and text[start] in _ASCII_SPACE:
        start += 1
    while end > start and text[end - 1] in _ASCII_SPACE:
        end -= 1
    span = text[start:end]
    if not span or (family == "GBK read as Latin-1" and not _LATIN1.search(span)):
        return None  # only curly quotes and dashes
    after = _redecode(span, family)
    if family == "GBK read as Latin-1" and span[-1] < "\x80":
        # the last ASCII character is a trail byte only if it has to be
        shorter = _redecode(span[:-1], family)
        if shorter is not None:
            span, end, after = span[:-1], end - 1, shorter
    if after is None or after == span or not _better(span, after, min_hans):
        return None
    # Report only what changed (the ASCII around it passes through unchanged).
    i = 0
    while i < len(span) and i < len(after) and span[i] == after[i]:
        i += 1
    j = 0
    while j < len(span) - i and j < len(after) - i and span[-1 - j] == after[-1 - j]:
        j += 1
    return CrossFix(start + i, end - j, after[i:len(after) - j], CODE, f"{family} re-decoded")
