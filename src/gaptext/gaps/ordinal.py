"""Ordinal gaps: an enumeration numeral or the 三 of a fixed expression was cut.

Template sites strip the numeral 三 (and other digits) wherever it stands, so
an enumeration ``一是…二是…三是…四是`` keeps a bare ``是``, a heading ``(三)``
keeps ``()``, ``二、三产业`` becomes ``二、产业`` and ``第三产业``, ``三个代表``,
``泛珠三角`` become ``第产业``, ``个代表``, ``泛珠角``.  The missing numeral is
suggested only when the text proves it: by the numerals around it in the same
enumeration, or by a fixed expression in ``data/gap_lexicon.tsv`` (built from
jieba's word list).

A bare 是 is an item only as close to its enumeration as the items are to each
other (a ``；是因为…`` pages after ``一是…二是…`` is a sentence of its own); 第
inside a name of jieba's list (印第安, 安第斯, 法拉第) is no ordinal; and a
one-character quotation (“公”, “星”) is a word, not a slogan with 三 cut, when
a verb of naming precedes it (姓“公”), a plural or a verb follows it (“星”们),
another one-character quotation that is no slogan stands beside it (姓“社”姓
“资”), or the slogan itself was just named whole (“三讲”，“讲”出…).

>>> [(h.code, h.suggestion) for h in find("一是思想解放。二是发展提速。是新农村建设初显新面貌。四是产业发展。")]
[('G301', '三')]
>>> [(h.code, h.suggestion) for h in find("（二）全面提高招商引资水平。\\n()以创建村居为载体。\\n（四）以实施为重点。")]
[('G302', '三')]
>>> [(h.code, h.suggestion) for h in find("四是二、产业发展，推动第产业，加强与“泛珠角”、“长角”的联系")]
[('G303', '三'), ('G304', '三'), ('G306', '三'), ('G306', '三')]
>>> find("一是加强领导。二是是否落实，三是第三产业、二、三产业和“三个代表”。第一，门第，次第开放")
[]
>>> find("印第安人，法拉第；姓“公”姓“私”，“星”们；通过“三讲”，“讲”出新风")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

from .base import (
    SPACES,
    Anchored,
    Hit,
    before_spaces,
    chinese_numeral,
    hit_maker,
    is_han,
    line_start,
    may_contain,
    parse_chinese_numeral,
    resolve,
)
from .lexicon import WordIndex, lexicon

__all__ = ["find"]

KIND = "ordinal"

#: Codes and messages of this family's rules.
RULES = {
    "G301": "ordinal cut: enumeration numeral missing before 是",
    "G302": "ordinal cut: heading numeral missing in ()",
    "G303": "ordinal cut: 三 of 二、三产业",
    "G304": "ordinal cut: 第 without its numeral",
    "G305": "ordinal cut: which plenary session (届中全会)",
    "G306": "ordinal cut: 三 of a fixed expression",
}

_CN = "一二三四五六七八九十"
_BOUNDARY = "。；;：:！!？?\n\r"
# How far apart two items of one enumeration may stand.
WINDOW = 3000

_SHI = Anchored("是(?<=[" + _BOUNDARY + SPACES + _CN + "]是)", before="[" + _BOUNDARY + SPACES + _CN + "]",
                exact=True)
# Empty brackets at a line start (the look-behind keeps runs of （）（） cheap).
_PAREN_SLOT = [
    Anchored("（(?<=[\n\r \t\u3000]（)[ \t\u3000]*）", before="[\n\r \t\u3000]", after="[ \t\u3000）]"),
    Anchored(r"\((?<=[\n\r \t\u3000]\()[ \t\u3000]*\)", before="[\n\r \t\u3000]", after="[ \t\u3000)]"),
]
_PAREN_SLOT_AT_START = re.compile(r"[ \t\u3000]*([（(])[ \t\u3000]*[）)]")
_SENTENCE_END = re.compile("[。！？!?\n]")
_PAREN_ENUM = [
    Anchored("（(?=[" + _CN + r"\d]{1,3}）)", after="[" + _CN + r"\d]"),
    Anchored(r"\((?=[" + _CN + r"\d]{1,3}\))", after="[" + _CN + r"\d]"),
]
_MAJOR = Anchored("、(?<=[" + _CN + "]、)", before="[" + _CN + "]", exact=True)
_CHAPTER = Anchored("第(?=[" + _CN + "]{1,3}[章节部分篇])", after="[" + _CN + "]")
# Anchored on one character: re's fast search serves single-character prefixes only.
# (二、产业 from its 、, a lead the prescan reads anyway: 产 is common, 二、产 rare.)
_ER_SAN = Anchored("、(?<=二、)(?=产业)", before="[二]", after="[产]")
_DI = Anchored("第(?![0-9０-９" + _CN + "百千万两几〇零数末若首第])", after="[^0-9０-９" + _CN + "百千万两几〇零数末若首第]",
              exact=True)
# (中全会 from its 全, with both neighbours: 会 would be more places to check.)
_PLENUM = Anchored("全(?<=中全)(?=会)", before="[中]", after="[会]", exact=True)

# A one-character quotation (“农”) is a numbered slogan with its 三 cut when it
# is used as one (“三农”工作, 对“三农”的投入), not when it is a word quoted
# as the subject of a comment (“宝”在…, “好”是…) or as a character (“农”字).
_QUOTED_WORD_AFTER = set("在是为有就也都要能可会字之者即乃们")
# ... nor after a verb of naming (姓“公”, 叫“星”), nor set against another
# one-character quotation that is no slogan (姓“社”姓“资”, “腕”们、“星”们),
# nor right after the slogan itself, named whole (“三讲”，“讲”出…).
_QUOTED_WORD_BEFORE = set("姓叫称名曰谓")
#: How far back the whole slogan (“三讲”) makes a one-character quotation of it
#: (“讲”出…) wordplay; the same quotation repeated within 20 characters reads the same.
SLOGAN_NAMED = 30
_ONE_CHAR_QUOTE = re.compile("“([^“”\n])”")
# 是 followed by these starts a word or a reply, not an enumeration item
# (是否, 是非, 是的, 是不是, classical 是以 是故 是为).  jieba's other 是X
# words (是从, 是夜) come from idioms and do not apply here.
_SHI_NOT = set("否非的不为是以故")


_hit = hit_maker(KIND, RULES)


def find(text: str) -> List[Hit]:
    hits: List[Hit] = []
    hits.extend(_shi_slots(text))
    hits.extend(_paren_slots(text))
    for m in _ER_SAN.finditer(text):
        i = m.start()  # the 、
        if i >= 2 and not line_start(text, i - 1) and text[i - 2] not in _BOUNDARY:
            hits.append(_hit(i + 1, i + 1, "G303", 0.9, "三"))
    hits.extend(_di(text))
    for i in _PLENUM.starts(text):
        i -= 1  # the 中
        before = text[max(0, i - 2):i]
        if before[-1:] == "届" or (len(before) == 2 and before[0] == "中" and before[1] in "、和与及"):
            hits.append(_hit(i, i, "G305", 0.85))
    hits.extend(_fixed(text))
    return resolve(hits)


# -- enumerations -----------------------------------------------------------

def _infer(slot: int, slots: Sequence[int], enums: Sequence[Tuple[int, int]], positions: Sequence[int],
           barriers: Sequence[int]):
    """The value of the enumeration slot at ``slot``, from its neighbours.

    ``enums`` are (position, value) of numbered items and ``positions``
    their positions, ``slots`` the positions of unnumbered ones (all sorted),
    ``barriers`` positions where an enumeration ends (headings).  Returns
    (value, confidence) or None when the neighbours do not make the slot an
    item of a sequence.
    """
    k = bisect_left(positions, slot)
    prev = enums[k - 1] if k > 0 else None
    nxt = enums[k] if k < len(enums) else None

    def scoped(a: int, b: int) -> bool:
        return b - a <= WINDOW and bisect_right(barriers, a) == bisect_right(barriers, b)

    if prev and not scoped(prev[0], slot):
        prev = None
    if nxt and not scoped(slot, nxt[0]):
        nxt = None
    if prev and nxt and nxt[1] <= prev[1]:
        nxt = None  # 一是 … 二是 … _是 …：一是: the next item starts a new enumeration
    lo = bisect_right(slots, prev[0]) if prev else bisect_left(slots, slot)
    hi = bisect_left(slots, nxt[0]) if nxt else bisect_right(slots, slot)
    between = hi - lo  # slots between the neighbours, this one included
    rank = bisect_left(slots, slot) - lo + 1
    if prev and nxt:
        if nxt[1] - prev[1] - 1 != between:
            return None
        return prev[1] + rank, 0.95
    if prev:
        return prev[1] + rank, 0.85
    if nxt:
        value = nxt[1] - (between - rank + 1)
        return (value, 0.8) if value >= 1 else None
    return None


#: An unnumbered 是 counts as an item of an enumeration that only precedes or
#: only follows it when it stands no farther from that enumeration's nearest
#: item than twice the widest step between its numbered items, or this.
NEAR = 300


def _near_its_item(slot: int, enums: Sequence[Tuple[int, int]], positions: Sequence[int]) -> bool:
    """Is ``slot`` as close to the nearest numbered item as the items are to each other?

    Items of one enumeration follow each other at a similar pace; a bare 是
    far beyond the last item (or far before the first) is a sentence of its
    own (；是因为…, 。是什么促使…).
    """
    k = bisect_left(positions, slot)
    near = k - 1 if k > 0 and (k == len(enums) or slot - enums[k - 1][0] <= enums[k][0] - slot) else k
    widest = 0
    i = near
    while i > 0 and enums[i][1] - enums[i - 1][1] == 1 and enums[i][0] - enums[i - 1][0] <= WINDOW:
        widest = max(widest, enums[i][0] - enums[i - 1][0])
        i -= 1
    i = near
    while i + 1 < len(enums) and enums[i + 1][1] - enums[i][1] == 1 and enums[i + 1][0] - enums[i][0] <= WINDOW:
        widest = max(widest, enums[i + 1][0] - enums[i][0])
        i += 1
    return abs(slot - enums[near][0]) <= max(NEAR, 2 * widest)


def _major_headings(text: str) -> List[int]:
    """Positions of heading lines that end any enumeration: 一、 第一章 ... at a line start."""
    out = []
    for i in _MAJOR.starts(text):
        j = i - 1
        while j >= 0 and text[j] in _CN:
            j -= 1
        if line_start(text, j + 1):
            out.append(j + 1)
    for m in _CHAPTER.finditer(text):
        if line_start(text, m.start()):
            out.append(m.start())
    return out


def _headings(text: str) -> List[int]:
    """Positions of heading lines: 一、 （一） 第一章 ... at a line start."""
    out = _major_headings(text)
    for pattern in _PAREN_ENUM + _PAREN_SLOT:
        for m in pattern.finditer(text):
            if line_start(text, m.start()):
                out.append(m.start())
    return sorted(set(out))


def _unnumbered_item(text: str, i: int) -> bool:
    """Is the 是 at ``i`` (no numeral before it) placed like an item: after a
    boundary or a line start, before a Han character that starts no word with it?"""
    j = before_spaces(text, i)
    if j >= 0 and text[j] not in _BOUNDARY:
        return False
    after = text[i + 1:i + 2]
    return bool(after) and is_han(after) and after not in _SHI_NOT


def _shi_slots(text: str) -> List[Hit]:
    matches = _SHI.starts(text)
    if text.startswith("是"):
        matches.insert(0, 0)
    # The unnumbered items first: most texts have none, and need no more.
    slots = [i for i in matches if (i == 0 or text[i - 1] not in _CN) and _unnumbered_item(text, i)]
    if not slots:
        return []
    enums: List[Tuple[int, int]] = []
    for i in matches:
        j = i - 1
        while j >= 0 and text[j] in _CN:
            j -= 1
        numeral = text[j + 1:i]
        if not numeral:
            continue
        j = before_spaces(text, j + 1)
        if j >= 0 and text[j] not in _BOUNDARY:
            continue
        value = parse_chinese_numeral(numeral)
        if value:
            enums.append((j + 1, value))
    if not enums:
        return []
    barriers = _headings(text)
    positions = [p for p, _ in enums]
    hits = []
    for s in slots:
        found = _infer(s, slots, enums, positions, barriers)
        if not found:
            continue
        if found[1] < 0.95 and not _near_its_item(s, enums, positions):
            continue  # 一是…二是… and, pages later, ；是因为…: no item of that enumeration
        end = _SENTENCE_END.search(text, s)
        if "之年" in text[s:end.start() if end else len(text)]:
            continue  # 是…之年: a year sentence (year rule G102)
        value, confidence = found
        hits.append(_hit(s, s, "G301", confidence, chinese_numeral(value) if value <= 99 else None))
    return hits


def _paren_slots(text: str) -> List[Hit]:
    slots = []
    for pattern in _PAREN_SLOT if may_contain(text, b"(") else _PAREN_SLOT[:1]:
        for m in pattern.finditer(text):
            if line_start(text, m.start()):
                slots.append(m.start())
    first = _PAREN_SLOT_AT_START.match(text)
    if first:
        slots.append(first.start(1))
    if not slots:
        return []
    slots.sort()
    enums: List[Tuple[int, int]] = []
    arabic = {}
    for pattern in _PAREN_ENUM:
        for m in pattern.finditer(text):
            if not line_start(text, m.start()):
                continue
            inner = text[m.start() + 1:text.find(")" if text[m.start()] == "(" else "）", m.start())]
            value = int(inner) if inner.isdigit() else parse_chinese_numeral(inner)
            if value:
                enums.append((m.start(), value))
                arabic[m.start()] = inner.isdigit()
    enums.sort()
    barriers = sorted(_major_headings(text))
    positions = [p for p, _ in enums]
    hits = []
    for s in slots:
        inside = s + 1
        found = _infer(s, slots, enums, positions, barriers)
        if not found:
            hits.append(_hit(inside, inside, "G302", 0.6))
            continue
        value, confidence = found
        k = bisect_left(positions, s)
        near = enums[k - 1][0] if k > 0 else enums[k][0]
        suggestion = str(value) if arabic.get(near) else (chinese_numeral(value) if value <= 99 else None)
        hits.append(_hit(inside, inside, "G302", confidence, suggestion))
    return hits


# -- 第 and fixed expressions -----------------------------------------------

@lru_cache(maxsize=1)
def _di_inner() -> WordIndex:
    return WordIndex(lexicon().di_inner, anchor="第")


@lru_cache(maxsize=1)
def _di_table() -> Dict[str, str]:
    return {g: full for g, (full, _) in lexicon().san.items() if g.startswith("第")}


def _di(text: str) -> List[Hit]:
    lex = lexicon()
    hits = []
    for i in _DI.starts(text):
        after = text[i + 1:i + 2]
        if not after or not (is_han(after) or after in "，,、。；;：:"):
            continue  # 第 3 次, 第X次 (a mask), end of text
        if i and text[i - 1] in lex.di_left:
            continue  # 门第, 次第, 及第
        if any(text.startswith(w, i) for w in lex.di_words if w[1] == after):
            continue  # 第比利斯, 第聂伯河
        if _di_inner().covers(text, i):
            continue  # 印第安, 安第斯, 法拉第
        suggestion = None
        for g, full in _di_table().items():
            if text.startswith(g, i):
                suggestion = "三" if full.index("三") == 1 else None
                break
        hits.append(_hit(i + 1, i + 1, "G304", 0.9 if suggestion else 0.85, suggestion))
    return hits


@lru_cache(maxsize=1)
def _unquoted() -> List[Tuple["re.Pattern", Dict[str, str]]]:
    """Scanners for the table's unquoted forms, one per character after the gap.

    ``泛珠角`` is found from its 角 (``角(?<=珠角)``), then checked whole.
    """
    by_anchor: Dict[str, Dict[str, str]] = {}
    for g, (full, any_) in lexicon().san.items():
        if not any_ or g.startswith("第"):
            continue  # 第三世界科学院: the 第 rule finds it and asks the table
        k = full.index("三")
        by_anchor.setdefault(full[k + 1], {})[g] = full
    scanners = []
    for anchor, forms in sorted(by_anchor.items()):
        lefts = sorted({full[full.index("三") - 1] for full in forms.values()})
        left = "[" + re.escape("".join(lefts)) + "]"
        pattern = Anchored(anchor + "(?<=" + left + anchor + ")", before=left, exact=True)
        scanners.append((pattern, forms))
    return scanners


@lru_cache(maxsize=1)
def _san_forms() -> frozenset:
    return frozenset(lexicon().san)


@lru_cache(maxsize=1)
def _quoted() -> List[Tuple[str, str, Anchored]]:
    """A scanner for quotations that can be a table form (by first character and length)."""
    forms = _san_forms()
    if any(c in g for g in forms for c in "“”\n"):
        raise ValueError("a quoted form holds a quotation mark or a line break")  # see _quoted_forms
    firsts = re.escape("".join(sorted({g[0] for g in forms})))
    return [("“", "”", Anchored(f"“(?=[{firsts}])([^“”\n]{{1,{_longest_form()}}})”", after=f"[{firsts}]"))]


def _quoted_forms(text: str, closing: str, quoted: Anchored) -> set:
    """The table forms that stand quoted in ``text`` (“农”, “个代表”).

    Where the prescan lists the opening marks (before a first character of
    a form), a quotation is read whole only when its first two characters
    begin a form (or are a one-character form and its closing mark): one in
    twenty.  A form holds no quotation mark or line break, so this finds
    what ``quoted.findall`` would, without a regex match per quotation.
    """
    forms = _san_forms()
    places = quoted.places(text)
    if places is None:
        return set(quoted.findall(text)) & forms
    window = _longest_form() + 1
    heads = _form_heads(closing)
    quotations = {text[p + 1:p + 1 + window].partition(closing)[0] for p in places if text[p + 1:p + 3] in heads}
    return quotations & forms


@lru_cache(maxsize=None)
def _form_heads(closing: str) -> frozenset:
    """The first two characters of each quoted form (a one-character form with its closing mark)."""
    return frozenset((g + closing)[:2] for g in _san_forms())


@lru_cache(maxsize=1)
def _longest_form() -> int:
    return max(len(g) for g in _san_forms())


def _quoted_word(text: str, start: int, end: int) -> bool:
    """Is the one-character quotation ``text[start:end]`` (“公”) a quoted word rather than a slogan?"""
    if end < len(text) and text[end] in _QUOTED_WORD_AFTER:
        return True
    if start and text[start - 1] in _QUOTED_WORD_BEFORE:
        return True
    full = lexicon().san[text[start + 1]][0]
    if "“" + full + "”" in text[max(0, start - SLOGAN_NAMED):start]:
        return True  # 通过“三讲”，“讲”出一支队伍: play on the slogan just named whole
    forms = _san_forms()
    for m in _ONE_CHAR_QUOTE.finditer(text, max(0, start - 10), min(len(text), end + 10)):
        if m.start() != start and m.group(1) not in forms:
            return True  # 姓“社”姓“资”: a contrast of words
    return False


def _san_hits(start: int, full: str, confidence: float) -> List[Hit]:
    """One hit per 三 of ``full``, at its place in the form left where every 三 was cut."""
    hits = []
    k = start
    for c in full:
        if c == "三":
            hits.append(_hit(k, k, "G306", confidence, "三"))
        else:
            k += 1
    return hits


def _fixed(text: str) -> List[Hit]:
    san = lexicon().san
    hits = []
    for pattern, forms in _unquoted():
        for i in pattern.starts(text):
            for g, full in forms.items():
                k = full.index("三")
                start = i - k
                if start >= 0 and text.startswith(g, start):
                    hits.extend(_san_hits(start, full, 0.9))
    for opening, closing, quoted in _quoted():
        # Only the quotations that are table forms are located.
        found = _quoted_forms(text, closing, quoted)
        for g in sorted(found):
            full = san[g][0]
            word_end = None  # where the last quotation of g read as a word ended
            for m in re.finditer(re.escape(opening + g + closing), text):
                repeated = word_end is not None and m.start() - word_end <= 20
                if len(g) == 1 and (repeated or _quoted_word(text, m.start(), m.end())):
                    word_end = m.end()  # (and the same quotation repeated right after reads the same)
                    continue  # “宝”在独一无二, 姓“公”: a quoted word, not a slogan
                hits.extend(_san_hits(m.start() + 1, full, 0.6 if len(g) == 1 else 0.85))
    return hits
