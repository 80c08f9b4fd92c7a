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
  the way it does after a year (做好年全国 ..., 提出年我国 ...; not 是: in
  旅游年是… the year is named after a theme).

A 年 is no cut year either where it opens a longer word of jieba's list
(年复一年, 年久失修, 年事已高, 年收入) or stands inside one (逢年过节, 本命年),
gives an age (年仅３４岁, 年逾六旬, 时年３３岁, 年已古稀), or is followed by a
figure it qualifies (年创汇３００万美元: 年 is "annual" there).  A
two-character word 年X (年华, 年长) proves nothing when XY is a commoner word
(年华北地区, 年长江流域: 华北, 长江 followed a cut year), see ``nian_clash``
in the lexicon.

``是…之年`` opening a sentence, with the year *and* its 年 gone, is G102.
G103, G104 and G105 are the weak frames (，年产量; 做好年…, 该公司年亏损;
截至年底, 公司年度会议), reported only in a text that has clearly lost digits
elsewhere (see ``find(text, damaged=True)``).

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
>>> find("年复一年，老厂房年久失修；年仅８岁的孩子，年逾六旬的老人，时年３３岁；一九九○年起，年创汇２００万美元")
[]
>>> [h.start for h in find("会议强调，年长江流域防汛要早作准备")]
[5]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Optional

from .base import NUMERALS, SPACES, Anchored, Hit, before_spaces, hit_maker, is_han, per_text
from .lexicon import WordIndex, lexicon

__all__ = ["find"]

KIND = "year"

#: Codes and messages of this family's rules.
RULES = {
    "G101": "year cut: 年 without its digits",
    "G102": "year cut: a sentence 是…之年 has lost its year",
    "G103": "year cut (text with cut digits): 年 before an annual figure",
    "G104": "year cut (text with cut digits): 年 between two words",
    "G105": "year cut (text with cut digits): 年底, 年初, 年度 without their year",
}

# Characters a year must follow: the base of a comparison or a range.
_STRONG = set("自从由比较至到于")
# Function words that a year often follows (对年全区, 提出了年, 的年, 把年作为).
_FUNCTION = set("对了的把在与和及将向是为截")
# Two-character words with 年 that jieba's list lacks (这些年, 有年, 龙年; 年味, 年年, 年中).
_LEFT_WORDS = set("些这哪该隔跨延经有迎小守头龙蛇马羊猴鸡狗猪")
# (Kept equal to EXTRA_NIAN_RIGHT in tools/build_gap_lexicon.py, plus 年年.)
_RIGHT_WORDS = set("味俗年中会月礼")
# 年 before these is "annual" (年产量, 年增长率, 年接待游客, 年人均), unless a
# comparison or range demands a year (比年增长).
_ANNUAL = set("增递均产处接销营发吞收用供运客交生加减排消耗需总降利税缴可人出平应实开投")
# ... or when a measured quantity closes the phrase (年开行量, 年应纳税所得额).
_QUANTITY = re.compile("[^，,。；;：:、！？\n]{0,6}?(?:量|额|率|浓度)")
# How a sentence goes on after a year, for the weakest case (any Han before 年).
_AFTER_YEAR = re.compile(
    "全[区市省县国州镇乡旗盟]|我[区市省县国州镇乡旗盟]|各[地级项]|是|以来|以前|以后|起|"
    "[上下]半年|第?[一二三四]季度|[0-9０-９]|比上年|同比|之[后前初际]|"
    # the start of a range of years: 年—１９９７年, 年至２０００年
    "[—－~～\\-]+[0-9０-９]|[至到][0-9０-９]|"
    # a year's plan, report or horizon: 年国民经济和社会发展计划, 年政府工作报告, 年远景目标
    "国民经济和社会发展|政府工作报告|远景目标"
)
# Verbs whose last character makes a word with 年 (现年, 成年): 实现年… is 实现 + a year.
_VERBS = ("实现", "体现", "完成", "建成", "形成", "达成")
# 年 before these is a part of the year (年底, 年初, 年度, 年内): the year may be
# meant (今年) or cut (2008年底); in a document whose digits were stripped (see
# ``damaged``) it is reported as a weak frame (G105).
_TIME_OF_YEAR = set("底初末度内间中终")
# An age: 年仅３４岁, 年逾六旬, 时年３３岁, 年已古稀, 年届花甲.
_AGE = re.compile(
    "[仅逾届过近已满方刚才登]?(?:[0-9０-９〇○零一二三四五六七八九十百两几]{1,4}(?:周岁|岁|旬)|"
    "花甲|古稀|半百|耄耋|而立|不惑|知天命|耳顺)"
)
# A figure right after what 年 qualifies (年创汇３００万美元, 年纯收入８万元):
# a few characters, perhaps a verb of amount, then digits.
# (Not after a verb, preposition or conjunction: 年达到了７亿元, 年至１９９９年
# and 年与１９９１年 follow a cut year; nor before a year: ...１９９９年.)
_FIGURE = re.compile(
    "(?![达上下与和及至到以比从在是起为较同跟])[\u4e00-\u9fff]{1,4}?(?:[达为近约超逾共计]|突破|高达)?"
    "[0-9０-９](?![0-9０-９]*年)"
)
# The common left neighbours that make a word are filtered in the regex already.
_NOT_BEFORE_SLOT = "0-9０-９〇○零一二三四五六七八九十百千万亿两廿卅几数半多每全今明去前后近当同次上本历往整终青少老中新周光学财年"
_SLOT = Anchored("年(?<![" + _NOT_BEFORE_SLOT + "]年)", before="[^" + _NOT_BEFORE_SLOT + "]", exact=True)
_SENTENCE_END = "。！？!?；;\n"
# The last sentence end before a place (searched up to it: ``\Z`` is there).
_LAST_SENTENCE_END = re.compile("[" + _SENTENCE_END + "](?=[^" + _SENTENCE_END + "]*\\Z)")


_hit = hit_maker(KIND, RULES)


@lru_cache(maxsize=1)
def _nian_words() -> WordIndex:
    return WordIndex(lexicon().nian_words)


@lru_cache(maxsize=1)
def _nian_inner() -> WordIndex:
    return WordIndex(lexicon().nian_inner, anchor="年")


def find(text: str, damaged: bool = False) -> List[Hit]:
    """Year gaps in ``text``.

    With ``damaged=True`` only the *weak* frames are returned: those that a
    clean text also uses (，年产量 is "annual output"; 做好年… may be a verb
    and a word), which become gaps once the document is known to have lost
    its digits elsewhere (:func:`gaptext.gaps.find_gaps` decides).
    """
    hits: List[Hit] = []
    for i, j, left, right, frame in _slots(text):
        if frame == _SENTENCE:
            if not damaged:
                hits.extend(_year_sentence(text, j))
        elif frame == _TIME:
            if damaged:
                hits.append(_hit(i, i, "G105", 0.5))  # 截至年底, 公司年度工作会议
        else:
            hit = _judge(text, i, left, right, damaged)
            if hit:
                hits.append(hit)
    return hits


# What a slot of :func:`_slots` is, besides a bare 年 to judge.
_SENTENCE = "之年"  # 是…之年: the year and its 年 cut (G102)
_TIME = "年底"  # 年底, 年度 ...: a weak frame in a damaged text (G105)

@per_text
def _slots(text: str) -> list:
    """Each 年 that no word or numeral around it explains: (年, its left neighbour's
    index, left, right, frame), in text order.

    These checks are the bulk of the work and the same for the strong and the
    weak frames; :func:`gaptext.gaps.find_gaps` asks for both in a damaged
    text, so they are made once for the last text (:func:`~.base.per_text`).
    """
    lex = lexicon()
    slots = []
    for i in _SLOT.starts(text):
        j = before_spaces(text, i)
        left = text[j] if j >= 0 else ""
        if left == "之":
            if text.startswith("之年", j):
                slots.append((i, j, left, "", _SENTENCE))
            continue
        if left in NUMERALS or left in _LEFT_WORDS:
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
            if text[i + 1:i + 3] not in lex.nian_clash or (right == "中" and text[i + 2] in "期旬"):
                if right in _TIME_OF_YEAR and not (left.isascii() and left.isalnum()):
                    slots.append((i, j, left, right, _TIME))
                continue  # 年底, 年度, 年轻, 年中 (but 年中国, 年长江: 中国, 长江 followed a cut year)
        if left and left in "/／*＊xX×Ｘｘ_＿□":
            continue  # 万吨/年: per year; 20*年, 20XX年: a mask (G505)
        slots.append((i, j, left, right, ""))
    return slots


def _judge(text: str, i: int, left: str, right: str, damaged: bool) -> Optional[Hit]:
    """The gap a bare 年 at ``i`` is, judged by its neighbours and what follows (None if none)."""
    lex = lexicon()
    # tier A: after a mark, a line start or a function word; else after a content word
    tier_a = not left or left in _STRONG or left in _FUNCTION or not (is_han(left) or left.isalnum())
    after_year = _AFTER_YEAR.match(text, i + 1)
    if not (damaged or tier_a or (after_year and right != "是" and is_han(left))):
        return None  # (cheap exit: after a content word only a year's usual sequel is reported)
    if left == "“" and "”" in text[i + 1:i + 4]:
        return None  # “年”, “年味”: the word itself, quoted
    if right == "“" and text[i + 3:i + 4] == "”" and text[i + 2] in lex.nian_right | _RIGHT_WORDS:
        return None  # 年“味”: a word with a quoted half
    if _nian_inner().covers(text, i):
        return None  # 逢年过节, 本命年, 丰收年: 年 inside a word
    if _AGE.match(text, i + 1):
        return None  # 年仅３４岁, 时年３３岁: an age
    in_word = _nian_words().covers(text, i)
    if in_word and not (damaged and right in _ANNUAL):
        return None  # 年复一年, 年久失修, 年收入 (in a damaged text 年产量 stays a weak frame)
    annual = left not in _STRONG and not after_year and (
        in_word or right in _ANNUAL or _QUANTITY.match(text, i + 1) or _FIGURE.match(text, i + 1)
    )
    if damaged:
        if tier_a and annual:
            return _hit(i, i, "G103", 0.55)
        if not (tier_a or annual or after_year) and is_han(left) and is_han(right or "。"):
            return _hit(i, i, "G104", 0.5)
        return None
    if annual:
        return None
    if tier_a:
        strong = left in _STRONG or not left or left in "\n\r" or after_year
        return _hit(i, i, "G101", 0.9 if strong else 0.8)
    if is_han(left) and after_year and right != "是":
        return _hit(i, i, "G101", 0.7)  # (旅游年是…: a year named after a theme)
    return None


def _year_sentence(text: str, k: int) -> List[Hit]:
    """``是…之年`` opening a sentence: the year and its 年 were both cut (G102)."""
    lo = max(0, k - 80)
    end = _LAST_SENTENCE_END.search(text, lo, k)  # (the end of the sentence before)
    j = end.start() if end else -1
    if j < lo and lo > 0:
        return []  # sentence too long to tell
    s = j + 1
    while s < k and text[s] in SPACES:
        s += 1
    if text.startswith("是", s) and "，" not in text[s:k] and "," not in text[s:k]:
        return [_hit(s, s, "G102", 0.8)]
    return []
