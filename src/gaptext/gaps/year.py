"""Year gaps: the digits of a year were cut and 年 was left behind.

Template sites delete every year, so ``2008年全区经济`` reaches us as
``年全区经济``.  A bare 年 is a gap unless it makes a word with a neighbour:
jieba's word list (``data/gap_lexicon.tsv``) gives the characters that form
a word before 年 (今年 明年 去年 近年 每年 全年 新年 多年 当年 青年 ...) and
after it (年底 年初 年度 年来 年轻 年均 ...); numerals before it make a
number (二〇一二年, 三年).  What is left is judged by its left neighbour:

* after a mark, a line start or a function word (对年全区, 提出了年, 过去的年,
  把年作为, 自年以来, 比年增长) a bare 年 is a cut year, unless an annual
  figure follows (，年产量, 的年增长率: 年 is "annual" there);
* after any other character it is a cut year only when the sentence goes on
  the way it does after a year (做好年全国 ..., 提出年我国 ...).

``是…之年`` opening a sentence, with the year *and* its 年 gone, is G102.
G103 and G104 are the weak frames (，年产量, 做好年…), reported only in a text
that has clearly lost digits elsewhere (see ``find(text, damaged=True)``).

>>> [(h.code, h.start) for h in find("刚才，区长对年全区经济工作进行了全面的总结")]
[('G101', 6)]
>>> [h.code for h in find("年我区生产总值预计增长，是自年以来的最高增速。")]
['G101', 'G101']
>>> [h.code for h in find("刚刚过去的年，继续解放思想。社会保障人数比年增加近1倍。")]
['G101', 'G101']
>>> [h.code for h in find("是实施规划承上启下的关键之年，目标任务已经明确。")]
['G102']
>>> find("今年、明年、去年、近年来、每年、全年、新年、多年来、年底、年初、年度；二〇一二年全区，三年来，年均增长")
[]
"""

from __future__ import annotations

import re
from typing import List, Optional

from .base import Anchored, Hit, is_han, is_numeral
from .lexicon import lexicon

__all__ = ["find"]

KIND = "year"

#: Codes and messages of this family's rules.
RULES = {
    "G101": "year cut: 年 without its digits",
    "G102": "year cut: a sentence 是…之年 has lost its year",
    "G103": "year cut (text with cut digits): 年 before an annual figure",
    "G104": "year cut (text with cut digits): 年 after a verb",
}

# Characters a year must follow: the base of a comparison or a range.
_STRONG = set("自从由比较至到于")
# Function words that a year often follows (对年全区, 提出了年, 的年, 把年作为).
_FUNCTION = set("对了的把在与和及将向是为截")
# Two-character words with 年 that jieba's list lacks (这些年, 有年, 龙年; 年味, 年年, 年中).
_LEFT_WORDS = set("些这哪该隔跨延经有迎小守头龙蛇马羊猴鸡狗猪")
_RIGHT_WORDS = set("味俗年中")
# 年 before these is "annual" (年产量, 年增长率, 年接待游客, 年人均), unless a
# comparison or range demands a year (比年增长).
_ANNUAL = set("增均产处接销营发吞收用供运客交生加减排消耗需总降利税缴可人出平应实开投")
# ... or when a measured quantity closes the phrase (年开行量, 年应纳税所得额).
_QUANTITY = re.compile("[^，,。；;：:、！？\n]{0,6}?(?:量|额|率|浓度)")
# How a sentence goes on after a year, for the weakest case (any Han before 年).
_AFTER_YEAR = re.compile(
    "全[区市省县国州镇乡旗盟]|我[区市省县国州镇乡旗盟]|各[地级项]|是|以来|以前|以后|起|"
    "[上下]半年|第?[一二三四]季度|[0-9０-９]|比上年|同比|"
    # a year's plan, report or horizon: 年国民经济和社会发展计划, 年政府工作报告, 年远景目标
    "国民经济和社会发展|政府工作报告|远景目标"
)
# Verbs whose last character makes a word with 年 (现年, 成年): 实现年… is 实现 + a year.
_VERBS = ("实现", "体现", "完成", "建成", "形成", "达成")
# In a document whose digits were stripped (see ``damaged``), verbs that take
# a dated object: 做好年…, 举办年…, 锚定年….
_DATED_OBJECT = set("好办定施现成动接开展出备迎启筹抓")
# The common left neighbours that make a word are filtered in the regex already.
_SLOT = Anchored(
    "年(?<![0-9０-９〇零一二三四五六七八九十百千万亿两廿卅几数半多每全今明去前后近当同次上本历往整终青少老中新周光学财年]年)"
)
_SENTENCE_END = "。！？!?；;\n"
_SPACES = " \t\u3000\xa0"


def _hit(start: int, end: int, code: str, confidence: float, suggestion: Optional[str] = None) -> Hit:
    return Hit(start, end, KIND, code, RULES[code], confidence, suggestion)


def find(text: str, damaged: bool = False) -> List[Hit]:
    """Year gaps in ``text``.

    With ``damaged=True`` only the *weak* frames are returned: those that a
    clean text also uses (，年产量 is "annual output"; 做好年… may be a verb
    and a word), which become gaps once the document is known to have lost
    its digits elsewhere (:func:`gaptext.gaps.find_gaps` decides).
    """
    hits: List[Hit] = []
    lex = lexicon()
    for m in _SLOT.finditer(text):
        i = m.start()
        j = i - 1
        while j >= 0 and text[j] in _SPACES:
            j -= 1
        left = text[j] if j >= 0 else ""
        if left == "之":
            if text.startswith("之年", j) and not damaged:
                hits.extend(_year_sentence(text, j))
            continue
        if left and (is_numeral(left) or left in _LEFT_WORDS):
            continue
        if left in lex.nian_left and not text.endswith(_VERBS, 0, j + 1):
            continue  # 今年, 当年, 青年 (but 实现年…: 实现 + a year)
        if left == "了" and j > 0 and text[j - 1] in "过拜":
            continue  # 过了年，
        right = text[i + 1:i + 2]
        if left == "是" and (j == 0 or text[j - 1] in _SENTENCE_END) and right in "，,":
            continue  # classical 是年，(that year)
        if right == "年" and not (left in _STRONG and text.startswith("年均", i + 1)):
            continue  # 年年 (but 从…到年年均超收: 到 + a year + 年均)
        if right and (right in lex.nian_right or right in _RIGHT_WORDS) and right != "年":
            if right != "中" or not is_han(text[i + 2:i + 3] or "。") or text[i + 2] in "期旬":
                continue  # 年底, 年度, 年轻, 年中 (but 年中国 is a cut year)
        if left and left in "/／*＊xX×Ｘｘ_＿□":
            continue  # 万吨/年: per year; 20*年, 20XX年: a mask (G505)
        after_year = _AFTER_YEAR.match(text, i + 1)
        annual = left not in _STRONG and not after_year and (right in _ANNUAL or _QUANTITY.match(text, i + 1))
        # tier A: after a mark, a line start or a function word; else after a content word
        tier_a = not left or left in _STRONG or left in _FUNCTION or not (is_han(left) or left.isalnum())
        if damaged:
            if tier_a and annual:
                hits.append(_hit(i, i, "G103", 0.55))
            elif not (tier_a or annual or after_year) and left in _DATED_OBJECT and right and is_han(right):
                hits.append(_hit(i, i, "G104", 0.5))
            continue
        if annual:
            continue
        if tier_a:
            strong = left in _STRONG or not left or left in "\n\r" or after_year
            hits.append(_hit(i, i, "G101", 0.9 if strong else 0.8))
        elif is_han(left) and after_year:
            hits.append(_hit(i, i, "G101", 0.7))
    return hits


def _year_sentence(text: str, k: int) -> List[Hit]:
    """``是…之年`` opening a sentence: the year and its 年 were both cut (G102)."""
    lo = max(0, k - 80)
    j = k - 1
    while j >= lo and text[j] not in _SENTENCE_END:
        j -= 1
    if j < lo and lo > 0:
        return []  # sentence too long to tell
    s = j + 1
    while s < k and text[s] in _SPACES:
        s += 1
    if text.startswith("是", s) and "，" not in text[s:k] and "," not in text[s:k]:
        return [_hit(s, s, "G102", 0.8)]
    return []
