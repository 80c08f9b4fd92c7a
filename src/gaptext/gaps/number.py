"""Number gaps: a quantity lost its digits and left its sign or unit behind.

``增长8.5%`` becomes ``增长.%`` or ``增长%``; ``水稻3万亩`` becomes ``水稻万亩``;
``成立60周年`` becomes ``成立周年``; ``“5·12”`` becomes ``“·”``.  What is left
(a lone ``.``, ``*``, a space) is the gap's span; where nothing is left the
gap is zero-width, in front of the sign or unit.  A bare 万/亿 that clean
text also writes is G208, reported only in a text that has clearly lost
digits elsewhere (see ``find(text, damaged=True)``): a round number (突破亿元,
近万人) and a round figure naming a class of things (万人大会, 万亩基地,
万吨货轮 — 万/亿 and its unit before a noun).  Never a gap: a unit in
brackets heading a table column (人员（万人）, 比重（％）) and a series of
round figures (百亩、千亩甚至万亩).

>>> [(h.code, h.start, h.end) for h in find("生产总值预计增长*%，资金实现了%的增速，增速达.%")]
[('G202', 8, 9), ('G201', 16, 16), ('G202', 24, 25)]
>>> [h.code for h in find("今年是成立周年。在“·”工程建设中，水稻万亩，产量万吨。")]
['G204', 'G205', 'G203', 'G203']
>>> find("增长8.5%，百分之十，成立60周年，“5·12”，近万人，千家万户，万元生产总值能耗，printf('%d')")
[]
>>> find("召开万人大会，建成万亩基地，从百亩、千亩到万亩；人口（万人）比重（％）；夏商周年代")
[]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List

from .base import (
    HAN_NUMERALS,
    SPACES,
    Anchored,
    Hit,
    before_spaces,
    hit_maker,
    is_han,
    is_numeral,
    may_contain,
    per_text,
)
from .lexicon import lexicon

__all__ = ["find"]

KIND = "number"

#: Codes and messages of this family's rules.
RULES = {
    "G201": "number cut: % without its number",
    "G202": "number cut: digits gone around a remnant before %",
    "G203": "number cut: quantity without its digits before 万/亿",
    "G204": "number cut: 周年 without its number",
    "G205": "number cut: date code “·” without its digits",
    "G206": "number cut: 个百分点 without its number",
    "G207": "number cut: month and day without their digits",
    "G208": "number cut (text with cut digits): quantity before 万/亿",
}

_REMNANT = ".．·*＊"
# Chinese marks a cut number may follow (是自年以来…增长，%以上).
_CJK_MARKS = "，、：；（“《—"
# Words that stand for a quantity by themselves (近万人, 上亿元, 每万人).
_QUANTITY_WORDS = set(HAN_NUMERALS + "几数多余近约逾超上过破每单")

_PERCENT = Anchored("%(?<![0-9０-９%]%)", before="[^0-9０-９%]", exact=True)
_PERCENT_WIDE = Anchored("％(?<![0-9０-９％]％)", before="[^0-9０-９％]", exact=True)
_UNITS = (
    "千瓦时|千瓦|平方公里|平方米|立方米|标准箱|人次|千克|公顷|公里|美元|"
    "[元吨亩人户辆台套头只株册]"
)
# (The first characters of the units, for the prescan.)
_UNIT_FIRST = "[千平立标人公美元吨亩户辆台套头只株册]"
_UNIT = [
    Anchored(big + "(?=(?:" + _UNITS + "))(?<![" + HAN_NUMERALS + "0-9]" + big + ")",
             before="[^" + HAN_NUMERALS + "0-9]", after=_UNIT_FIRST)
    for big in "万亿"
]
_UNIT_TAIL = re.compile("(?:" + _UNITS + ")")
_IDIOMATIC_AFTER = ("级", "规模", "GDP", "生产总值", "地区生产总值", "国内生产总值", "户")
# The phrase after the unit, up to a mark (at most 14 characters), where a
# threshold (亿元以上项目, 万吨标准煤以上: 以上 or 以下 in its first five) or a rate
# per 万 (万人拥有量, 万元GDP能耗: 拥有, 能耗 or 用水 in it) stands.
_PHRASE = re.compile("[^，,。；;：:、！？\n]{0,14}")
_THRESHOLDS = ("以上", "以下")
_RATE = re.compile("拥有|能耗|用水")
# Before these 万/亿 is a number by itself even in a damaged text.
_NEVER_CUT = set(HAN_NUMERALS + "几数多余上每单")
# Each anchored on one character: re's fast search serves single-character prefixes only.
#: 周年 (also where the name rule G407 looks for 成立).
ANNIVERSARY = _ANNIVERSARY = Anchored("周(?=年)", after="[年]", exact=True)
# 周年庆, 周年纪念 stand alone; after 成立, 开放 … they still need a number.
_FOUNDED = ("成立", "建立", "开放", "解放", "建党", "建国", "诞辰", "胜利", "建市", "建区", "建县")
# Anchored on the closing mark, which is rarer than the dot: “·”, “ · ”.
_DATE_CODE = Anchored("”(?<=[·.．•・ \u3000]”)", before="[·.．•・ \u3000]", exact=True)
_POINTS = Anchored("百(?=分点)(?<=个百)", before="[个]", after="[分]")
_MONTH_DAY = Anchored("日(?<=月日)", before="[月]", exact=True)


_hit = hit_maker(KIND, RULES)


def find(text: str, damaged: bool = False) -> List[Hit]:
    """Number gaps in ``text``.

    With ``damaged=True`` only the *weak* frames are returned: a bare 万/亿
    that clean text also writes (突破亿元, 超万人次, 万吨以上), which becomes a
    gap once the document is known to have lost its digits elsewhere
    (:func:`gaptext.gaps.find_gaps` decides).
    """
    if damaged:
        return _unit(text, damaged=True)
    hits: List[Hit] = []
    hits.extend(_percent(text, may_contain(text, b"%")))
    hits.extend(_unit(text))
    hits.extend(_anniversary(text))
    for i in _DATE_CODE.starts(text):
        k = i - 1
        while k > 0 and text[k] in " \u3000":
            k -= 1
        j = k - 1
        while j > 0 and text[j] in " \u3000":
            j -= 1
        if text[k] in "·.．•・" and j >= 0 and text[j] == "“":
            hits.append(_hit(k, k + 1, "G205", 0.85))
    for m in _POINTS.finditer(text):
        i = m.start() - 1  # the 个
        left = _left(text, i)
        if left and is_han(left) and left not in _QUANTITY_WORDS:
            hits.append(_hit(i, i, "G206", 0.85))
    for i in _MONTH_DAY.starts(text):
        i -= 1  # the 月
        left = text[i - 1] if i else ""
        if left in ("", "\n") or left in "于在至到从自，,。（(":
            hits.append(_hit(i, i, "G207", 0.7))
    hits.sort()
    return hits


def _left(text: str, i: int) -> str:
    """The first character before ``i`` that is no space ('' at the start)."""
    j = before_spaces(text, i)
    return text[j] if j >= 0 else ""


def _percent(text: str, ascii_percent: bool) -> List[Hit]:
    hits = []
    for pattern in (_PERCENT, _PERCENT_WIDE) if ascii_percent else (_PERCENT_WIDE,):
        for i in pattern.starts(text):
            j = i - 1
            while j >= 0 and i - j <= 4 and text[j] in _REMNANT + SPACES:
                j -= 1
            left = text[j] if j >= 0 else "\n"
            if left in "-－—～~" and j > 0 and (text[j - 1] in "%％" or text[j - 1].isdigit()):
                left = "—"  # 6.5%－*%: the upper end of a range
            if not (is_han(left) or left in _CJK_MARKS or left == "\n"):
                continue  # 5%, x% (a mask), %% , printf("%d")
            remnant = text[j + 1:i]
            if left in "（(" and not remnant and text[i + 1:i + 2] in ("）", ")"):
                continue  # 比重（％）: a table column's unit
            if remnant.strip(SPACES) or (remnant and is_han(left)):
                start = j + 1
                while text[start] in SPACES and start < i:
                    start += 1
                end = i
                while end > start and text[end - 1] in SPACES:
                    end -= 1
                if end == start:  # only spaces: the space is where the digits were
                    start, end = j + 1, i
                hits.append(_hit(start, end, "G202", 0.9))
            else:
                hits.append(_hit(i, i, "G201", 0.9))
    return hits


def _unit(text: str, damaged: bool = False) -> List[Hit]:
    """万/亿 and a unit with no numeral before them (水稻万亩, 投入亿元支持).

    万 and 亿 are numerals themselves, so a bare 万元 is left alone where
    that reading is idiomatic: after a word of quantity (近万人, 上亿元, 每万人),
    in a threshold (亿元以上项目) or a rate (万元生产总值能耗, 万人拥有量), in
    a parallel idiom (千企万户) and inside jieba's words (千家万户, 万元户).
    ``damaged``: only the round-number readings (突破亿元, 近万人, 万吨以上),
    for a text whose digits are known to be cut.
    """
    if damaged:
        return [_hit(start, i, "G208", 0.5) for start, i, round_ in _unit_frames(text) if round_]
    return [_hit(start, i, "G203", 0.8) for start, i, round_ in _unit_frames(text) if not round_]


@per_text
def _unit_frames(text: str) -> list:
    """Each bare 万/亿 before a unit that is no idiom: (start, 万/亿, read as a round number?).

    Both passes of :func:`gaptext.gaps.find_gaps` ask (the damaged-text pass
    for the round readings): computed once for the last text (:func:`~.base.per_text`).
    """
    frames = []
    for pattern in _UNIT:
        for m in pattern.finditer(text):
            i = m.start()
            j = before_spaces(text, i)
            left = text[j] if j >= 0 else ""
            if not left or not (is_han(left) or left in "、，,：:（("):
                continue
            if left in _NEVER_CUT:
                continue  # 上万, 数万, 每万人: 万/亿 is the number
            if j > 0 and text[j - 1] in "千百":
                continue  # 千企万户, 千村万户: a parallel idiom
            end = _UNIT_TAIL.match(text, i + 1).end()  # (the unit's end)
            if left in "（(" and j == i - 1 and text[end:end + 1] in ("）", ")"):
                continue  # 人员（万人）: a table column's unit
            if _round_series(text, i, text[i + 1:end]):
                continue  # 百亩、千亩甚至万亩: a series of round figures
            if text.startswith(_IDIOMATIC_AFTER, end) or _in_word(text, i):
                continue
            phrase = _PHRASE.match(text, end).group()
            threshold = _threshold(phrase)
            if _RATE.search(phrase) or (threshold and _size_class(phrase)):
                continue  # 万人拥有量, 亿元以上项目: 万/亿 is the number
            after = text[end:end + 1]
            # 万人大会, 万亩园区, 万吨货轮: a round figure naming a class, as clean text writes it
            # (but 万元的…, 万亩左右 still need a number before them)
            modifier = bool(after) and (is_han(after) or after.isalnum()) and not text.startswith(("的", "左右"), end)
            frames.append((j + 1, i, bool(left in _QUANTITY_WORDS or threshold or modifier)))
    return frames


def _threshold(phrase: str) -> bool:
    """以上 or 以下 within the first five characters of ``phrase`` (亿元以上, 万吨标准煤以上)."""
    head = phrase[:5]
    return any(t in head for t in _THRESHOLDS)


def _size_class(phrase: str) -> bool:
    """A threshold naming a class of things (亿元以上项目, 万吨标准煤以上重点企业): no quantity."""
    for k in range(4):
        if phrase.startswith(_THRESHOLDS, k) and is_han(phrase[k + 2:k + 3] or "。"):
            return True
    return False


def _round_series(text: str, i: int, unit: str) -> bool:
    """A bare 百/千 with the same unit shortly before (百亩、千亩甚至万亩): a rhetorical series."""
    lo = max(0, i - 10)
    before = text[lo:i]
    for c in "百千":
        if c not in before:
            continue
        k = text.find(c + unit, lo, i)
        if k >= 0 and (k == 0 or not is_numeral(text[k - 1])):
            return True
    return False


def _in_word(text: str, i: int) -> bool:
    """Is the 万/亿 at ``i`` inside one of jieba's words (千家万户, 万元户)?"""
    for k, length, words in _wan_index().get(text[i:i + 2], ()):
        if i >= k and text[i - k:i - k + length] in words:
            return True
    return False


@lru_cache(maxsize=1)
def _wan_index() -> dict:
    """jieba's 万/亿 words by the two characters from their 万/亿 on, then by
    where that 万/亿 stands in them and their length: one slice of the text
    and one set lookup ask for all the words of a kind (千万元, 百万元 ...)."""
    index: dict = {}
    for word in lexicon().wan_words:
        for k, c in enumerate(word[:-1]):
            if c in "万亿":
                index.setdefault(word[k:k + 2], {}).setdefault((k, len(word)), set()).add(word)
    return {key: [(k, length, frozenset(words)) for (k, length), words in sorted(shapes.items())]
            for key, shapes in index.items()}


def _anniversary(text: str) -> List[Hit]:
    hits = []
    for i in _ANNIVERSARY.starts(text):
        following = text[i + 2:i + 3]  # after 周年
        if following in ("庆", "纪") and not text.endswith(_FOUNDED, 0, i):
            continue  # 周年庆典, 周年纪念
        left = _left(text, i)
        if left and (is_numeral(left) or left in _QUANTITY_WORDS or not is_han(left)):
            continue  # 60周年, 几周年, “十四五”周年
        if following and following in lexicon().nian_right and following not in "纪庆":
            continue  # 夏商周年代: 周 and 年代
        hits.append(_hit(i, i, "G204", 0.85))
    return hits
