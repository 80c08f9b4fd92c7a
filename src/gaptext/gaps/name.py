"""Name gaps: a proper name or a slogan was cut and left its frame behind.

Template sites delete place names, people and slogans, so their quotation
marks, list commas and grammatical frames remain empty: ``达到“”要求``,
``振兴、、刀``, ``，等名优品牌``, ``作为的发源地``, ``把建设成为``,
``把市建设成为``, ``在沪的籍``, ``今年是成立周年``, ``大力弘扬精神``.

>>> [(h.code, h.start) for h in find("使更多的村和社区达到“”要求，振兴、、刀等产业")]
[('G401', 11), ('G402', 18)]
>>> [h.code for h in find("。作为的发源地，省委把建设成为大城市，为把市建设成为旅游城市")]
['G404', 'G405', 'G405']
>>> [h.code for h in find("改制工作扎实推进，等名优品牌；和谐””村居；今年是成立周年。大力弘扬精神。")]
['G403', 'G409', 'G407', 'G408']
>>> find("引号“”和书名号《》，看准了的项目、看准了的工作，等待，作为一名党员")
[]
>>> find("把城市建设成为，弘扬伟大建党精神，他的籍贯。print() (2)")
[]
>>> find("不能“等靠要”，也不能“等米下锅”；先借钱，等下个月发了工资再还，等他回来就动工")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import List

from .base import Anchored, Hit, hit_maker, is_han, line_start, may_contain, prescanned
from .lexicon import WordIndex, lexicon
from .number import ANNIVERSARY

__all__ = ["find"]

KIND = "name"

#: Codes and messages of this family's rules.
RULES = {
    "G401": "name cut: empty quotation or brackets",
    "G402": "name cut: empty item in a list",
    "G403": "name cut: the list before 等 is gone",
    "G404": "name cut: 作为 without its object",
    "G405": "name cut: 把 without its object",
    "G406": "name cut: the place before 籍",
    "G407": "name cut: what was founded (…成立…周年)",
    "G408": "name cut: the name of a 精神",
    "G409": "name cut: quotation lost its name and opening mark",
}

_S = "[ \t\u3000]*"
# Empty pairs, found from the closing mark: (opening, closing, scanner).
_PAIRS = [
    ("“", "”", Anchored("”(?<=[“”]”)", before="[“”]", exact=True), re.compile("(?:“?”)*")),
    ("《", "》", Anchored("》(?<=《》)", before="[《]", exact=True), re.compile("(?:《》)*")),
    ("「", "」", Anchored("」(?<=「」)", before="[「]", exact=True), re.compile("(?:「」)*")),
    ("（", "）", Anchored("）(?<=（）)", before="[（]", exact=True), re.compile("(?:（）)*")),
    ("(", ")", Anchored(r"\)(?<=\(\))", before="[(]", exact=True), re.compile(r"(?:\(\))*")),
]
# The pair's name right before it says the marks themselves are meant: 引号“”.
_NAMED_MARKS = "号"
# A 、 with nothing after it but another 、 or the end of the clause.
# (An ASCII ? or ! after 、 is a lost character, not an empty item.)
# Two scans: right before the mark (all the prescan needs to know), or spaces between.
_LIST_ENDS = "、，,。；;：:”》）)！？"
_LIST = [
    Anchored("、(?=[" + _LIST_ENDS + "])", after="[" + _LIST_ENDS + "]", exact=True),
    Anchored("、(?=[ \t\u3000]+[" + _LIST_ENDS + "])", after="[ \t\u3000]"),
]
_LIST_RUN = re.compile("、(?:" + _S + "、)*")
_LIST_GO_ON = frozenset("、 \t\u3000")  # (what may follow a 、 in a run of them)
# (Not after “: “等靠要”, “等米下锅” quote a saying that starts with the verb 等.)
_DENG = Anchored("等(?<=[，,：:、（(]等)", before="[，,：:、（(]", exact=True)
# 等 "wait (until)" opening a clause: 等他回来就…, 等会议结束后，…, 等工资发了再还.
_WAIT_WHO = set("他她它我你您咱俺")
_WAIT_CLAUSE = re.compile(
    "[^，,。；;！!？?\n]{1,20}?(?:(?:以后|之后|后|时候|时)(?=[，,])|了[^，,。；;！!？?\n]{0,6}?[再才就])"
)
# Each anchored on one (rare) character: re's fast search serves single-character prefixes only.
# (作为的 from its 为: rarer than 作, and both neighbours then decide, as the prescan reads them.)
_ZUOWEI = Anchored("为(?<=作为)(?=的)", before="[作]", after="[的]", exact=True)
_BA = Anchored("把(?=[市县区省州镇乡村]?(?:(?:建设|打造|培育|发展)成为|建成为))", after="[市县区省州镇乡村建打培发]")
_JI = Anchored("籍(?<=的籍)(?!贯)", before="[的]", after="[^贯]", exact=True)
# In a prescanned text, looked for only just before a 周年 (the number rules' scan finds those).
_CHENGLI = Anchored("立(?<=[是祝念]成立)(?=[^，,。；;\n]{0,6}周年)")
_JINGSHEN = Anchored("扬(?<=[弘发]扬)(?=精神[，,。；;、！!])", before="[弘发]", after="[精]")


_hit = hit_maker(KIND, RULES)


def find(text: str) -> List[Hit]:
    hits: List[Hit] = []
    hits.extend(_empty_pairs(text))
    hits.extend(_list_items(text))
    hits.extend(_deng(text))
    for i in _ZUOWEI.starts(text):
        i -= 1  # the 作
        if i == 0 or text[i - 1] in "，,。；;：:！!？?“\n" or line_start(text, i):
            hits.append(_hit(i + 2, i + 2, "G404", 0.8))
    for m in _BA.finditer(text):
        hits.append(_hit(m.end(), m.end(), "G405", 0.85))
    for i in _JI.starts(text):
        hits.append(_hit(i, i, "G406", 0.7))
    for i in _founded(text):
        hits.append(_hit(i - 1, i - 1, "G407", 0.75))
    for m in _JINGSHEN.finditer(text):
        hits.append(_hit(m.end(), m.end(), "G408", 0.6))
    hits.sort()
    return hits


def _founded(text: str) -> List[int]:
    """Where ``_CHENGLI`` matches: its 立 stands 1 to 7 characters before a 周年."""
    if not prescanned(text):
        return [m.start() for m in _CHENGLI.finditer(text)]
    places = set()
    for q in ANNIVERSARY.starts(text):
        places.update(m.start() for m in _CHENGLI.regex.finditer(text, max(0, q - 7), q + 2))
    return sorted(places)


@lru_cache(maxsize=1)
def _deng_words() -> WordIndex:
    return WordIndex(lexicon().deng_words)


def _deng(text: str) -> List[Hit]:
    """``，等名优品牌``: the list before 等 is gone (G403).

    Not where 等 makes a word (等待, 等级, 等米下锅, 等同于), nor where it is
    the verb "wait until" opening a clause (，等他回来就…, ，等会议结束后，).
    """
    lex = lexicon()
    hits = []
    for i in _DENG.starts(text):
        after = text[i + 1:i + 2]
        if not after or after.isspace() or after in lex.deng_right or _deng_words().covers(text, i):
            continue  # 等待, 等级 are words
        if text[i - 1] != "、" and (after in _WAIT_WHO or _WAIT_CLAUSE.match(text, i + 1)):
            continue  # ，等他回来就…: the verb 等
        hits.append(_hit(i, i, "G403", 0.75))
    return hits


def _empty_pairs(text: str) -> List[Hit]:
    """Empty “” 《》 「」 （） () — and ”” (an opening mark lost with the name).

    A run of them (“”“”) is one gap, spanning the marks between the first
    and the last; a megabyte of “”“” stays one hit.
    """
    hits = []
    for opening, closing, pattern, run in _PAIRS:
        if opening == "(" and not may_contain(text, b"("):
            continue
        # (Each match is one closing mark: the matches from any place on are those of one scan.)
        found = pattern.starts(text)
        k = 0
        while k < len(found):
            start = found[k] - 1  # the mark before the closing one
            if text[found[k] + 1:found[k] + 2] in (opening, closing):
                end = run.match(text, found[k] + 1).end() - 1  # over a run of pairs: “”“”
                k = bisect_left(found, end + 2, k + 1)
            else:
                end = found[k]
                k += 1
            double = text[start] == closing  # ””
            if opening in "（(":
                if line_start(text, start):
                    continue  # a heading's numeral: the ordinal rule's
                if not _chinese_around(text, start, end + 1):
                    continue  # print(), f( ): code
            if start and text[start - 1] in _NAMED_MARKS:
                continue
            if double:
                hits.append(_hit(start + 1, end, "G409", 0.7))
            else:
                hits.append(_hit(start + 1, end, "G401", 0.85))
    return hits


def _list_items(text: str) -> List[Hit]:
    """``甲、、丙`` (one gap per run of 、) and ``甲、乙、。`` (an empty last item)."""
    hits = []
    found = sorted(_LIST[0].starts(text) + _LIST[1].starts(text))  # (one 、 each: as in _empty_pairs)
    k = 0
    while k < len(found):
        i = found[k]
        if text[i + 1:i + 2] in _LIST_GO_ON:
            j = _LIST_RUN.match(text, i).end() - 1  # the run's last 、
            k = bisect_left(found, j + 1, k + 1)
        else:
            j = i
            k += 1
        if j > i:
            hits.append(_hit(i + 1, j, "G402", 0.9))
        elif not line_start(text, i):
            hits.append(_hit(i + 1, i + 1, "G402", 0.7))
    return hits


def _chinese_around(text: str, start: int, end: int) -> bool:
    """A Han character on one side, and no ASCII letter or digit on either."""
    left = text[start - 1] if start else ""
    right = text[end] if end < len(text) else ""
    if any(c and c.isascii() and (c.isalnum() or c == "_") for c in (left, right)):
        return False
    return any(c and is_han(c) for c in (left, right))
