"""Punctuation and layout step: fullwidth marks back in Chinese text, doubled marks, broken paragraphs.

Template sites fold fullwidth punctuation to ASCII (``同志們:``, ``產量,,``),
double marks (``生產,。``), use ``〝〞`` for quotes and break paragraphs before a
mark (``項目\\n\\n、看準了的工作``).  The step runs last, on simplified text, and
fixes only what it can tell is damage.

**Chinese context.**  An ASCII ``, ; : !`` is made fullwidth when

* *strong*: the character before it is Han or a closing mark (``”’）》」』】〕〉〞``)
  and the character after it is Han or an opening mark (``“‘（《「『【〔〈〝``):
  ``“落地”慢,缺乏`` -> ``“落地”慢，缺乏``.  Always converted.
* *weak*: only one side is Chinese: after Han or a closing mark at the end of
  a line (``同志们:``, ``敬意!``), before a digit or a Latin letter
  (``时间:2022-01-22 09:33:00``, ``网址:http://…``); or after ``%`` or a
  Latin letter before Han (``增长*%,是``, ``GDP,增长``).  Converted only
  where ASCII marks are the text's habit: when the ASCII marks after Han or a
  closing mark are at least as many as its fullwidth ``，；：！？`` (a clean
  report with ten thousand ``，`` keeps its page chrome's ``来源:``).

Only the mark changes: digits, times, dates and Latin text are never touched.
``?`` is also a lost-byte placeholder in damaged GBK text (``当?地``), so it
is converted only after Han or a closing mark *and* before a closing mark
(``“为什么?”``), at a line end (weak), or before Han when it follows a question
particle (``吗 呢 吧 么 嘛 啊 呀 乎``).  Runs such as ``!!`` and ``?!`` keep their
length; each ASCII mark is made fullwidth.  Never converted: a mark inside a
URL (``http://a.b/c?x=1,2``); a mark with a digit, Latin letter, space or
ASCII quote on the Chinese-less side (``1,000``, ``9:30``, ``a:b``,
``Python, GitHub``); a mark in a row of delimited data (a line with
ASCII commas and no ``，。；：！？、``, next to a line like it with as many
commas: ``名称,数量,单价`` over ``苹果,3,5.00``).

**Parentheses** are converted as a pair, both or neither, matched within a
line: ASCII ``( )`` (or a pair mixing ``(`` with ``）``) become ``（ ）`` when the
pair encloses Han and each side borders the line's start or end, Han or
punctuation (``(一)大力弘扬`` -> ``（一）大力弘扬``), or when a Latin word precedes
and Han or Chinese punctuation follows (``GDP(国内生产总值)增长``).  ``(2)``,
``f(x)``, ``(Python)``, ``print("你好")`` and the pinyin in ``发(fā)展`` stay.

**Doubled marks** (the faults are only these; ``……``, ``...``, ``、、`` (a
redaction the gap step reports), ``！！``, ``？！`` and ``。。。`` stay): a run of
two or more commas becomes one ``，`` (``，，`` always; an all-ASCII ``,,`` only
in Chinese context); commas next to ``。`` are dropped (``,。`` ``，。`` ``。，``
-> ``。``); exactly two ``。`` become one; a run of two or more semicolons
becomes one ``；`` like commas.

**Quotes**: ``〝`` ``〞`` become ``“`` ``”``.

**Broken paragraphs**: a paragraph break (a line break run holding a blank
line) between a paragraph ending in Han, a closing mark or ``)`` and one
starting with ``、，。；：？！`` (or ASCII ``,`` ``;``), marks no real paragraph
starts with, is removed with the indentation around it.  A paragraph starting
with ``）`` or ``”`` is rejoined only when the paragraph before left a ``（`` or
``“`` open.  A single line break is line
structure (a heading, verse, markup split like ``带技术\\n揭榜\\n；``) and stays.

Everything else, indentation and line structure included, stays as it is.

>>> from gaptext.pipeline import apply_changes
>>> step = PunctuationStep()
>>> def fix(text):
...     return apply_changes(text, step.find(text))[0]
>>> fix("同志们:\\n\\n刚才,区长对年全区经济工作进行了全面的总结,客观分析了存在的问题")
'同志们：\\n\\n刚才，区长对年全区经济工作进行了全面的总结，客观分析了存在的问题'
>>> fix("时间:2022-01-22 09:33:00\\n\\n导语:市区经济工作会议讲话一文来源于网友上传,不代表本站观点")
'时间：2022-01-22 09:33:00\\n\\n导语：市区经济工作会议讲话一文来源于网友上传，不代表本站观点'
>>> fix("看准了的事情、看准了的项目\\n\\n、看准了的工作,就大胆地干,扎实地干。")
'看准了的事情、看准了的项目、看准了的工作，就大胆地干，扎实地干。'
>>> fix("招商引资项目“落地”慢,缺乏支撑经济加快发展的大项目;财政收支矛盾突出")
'招商引资项目“落地”慢，缺乏支撑经济加快发展的大项目；财政收支矛盾突出'
>>> fix("更加奋发有为的精神状态，，更加扎实的工作作风")
'更加奋发有为的精神状态，更加扎实的工作作风'
>>> step.find("Python, GitHub; 1,000 at 9:30, see http://a.b/c?x=1,2 and f(x).")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

import numpy as np

from ..codetable import ClassTable
from ..report import Change, splice

__all__ = ["PunctuationStep"]

WIDTH, DOUBLED, QUOTES, REJOIN = "L101", "L102", "L103", "L104"
MESSAGES = {
    WIDTH: "ASCII mark in Chinese context made fullwidth",
    DOUBLED: "doubled mark collapsed",
    QUOTES: "double prime quote made a curly quote",
    REJOIN: "paragraph broken before a continuing mark rejoined",
}

FULLWIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
CLOSERS = frozenset("”’）》」』】〕〉〞")
OPENERS = frozenset("“‘（《「『【〔〈〝")
QUESTION_PARTICLES = frozenset("吗呢吧么嘛啊呀乎")
# Marks whose presence in a line shows it is prose, not delimited data.
PROSE_MARKS = "，。；：！？、"
# What may border a converted parenthesis pair besides Han and line edges.
PAREN_NEIGHBOURS = frozenset(
    "，。、；：！？“”‘’（）《》「」『』【】〔〕〈〉〝〞…—·,;:!?.()"
)
SPACE = " \t\u3000"
WHITESPACE = " \t\r\n\u3000"

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff〇\U00020000-\U0003134f"


class _Lazy:
    """A regex compiled when first called for.

    ``re`` compiles a character class by visiting each of its code points in
    Python, and the Han class has 28,000 of them: a millisecond and a half
    each time a pattern holds it.  Compiled at import, the patterns below would
    cost every process some 60 ms; compiled on demand, a process pays only
    for the ones its calls use (``find`` and ``rewrite`` use different ones).
    """

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str):
        self.source = source
        self._compiled: Optional["re.Pattern"] = None

    def __call__(self) -> "re.Pattern":
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.source)
        return compiled


_ASCII_MARK = re.compile(r"[,;:!?]")
# An ASCII mark after Han or a closing mark, as the raw text has it.
_ASCII_AFTER_CHINESE = _Lazy(f"[,;:!?](?<=[{_HAN_CLASS}”’）》」』】〕〉〞].)")
# A lone ASCII , ; : ! between Han or a closing mark and Han or an opening
# mark: the strong case, converted unless it is in a URL or a row of data.
_STRONG = f"(?<=[{_HAN_CLASS}”’）》」』】〕〉〞])[,;:!](?=[{_HAN_CLASS}“‘（《「『【〔〈〝])"
_LEFT = f"{_HAN_CLASS}”’）》」』】〕〉〞"
_RIGHT = f"{_HAN_CLASS}“‘（《「『【〔〈〝"
# _STRONG for one mark, the literal first so that the scan runs in C.
_STRONG_RE = _Lazy(f"(?=[,;:!]){_STRONG}")
_STRONG_BY_MARK = [(_Lazy(f"{m}(?<=[{_LEFT}]{m})(?=[{_RIGHT}])"), FULLWIDTH[m]) for m in ",;:!"]
_PROSE = re.compile(f"[{PROSE_MARKS}]")
# Anything the step could act on; text without a match is returned untouched.
_TRIGGER = re.compile(r"[,;:!?()〝〞]|[，。][，,。]|；[；;]|\n[ \t\r\u3000]*[、，。；：？！）”]")
# What may stand beside an ASCII mark that could be made fullwidth (see
# convertible()).  Left of any mark: Han or a closing mark, or ")" (which may
# become "）").  Left of , ; : before Han or an opening mark (or "(", which
# may become "（"): also % or a Latin letter.  A mark anywhere else is never
# converted, so the scan skips it in C and alternating marks ("?;?;", "a,a,",
# "? ? ") cost nothing.  A mark after a rejoined paragraph break looks through
# the break: find_marks() adds those few by hand.
_L = f"{_LEFT})"
_W = "%％A-Za-z"
_R = f"{_RIGHT}("
# Every kind of mark run but the strong mark, written after its first
# character (which the patterns below consume first, so that ``re`` scans
# for it in C); each alternative checks that character with a lookbehind.
# The alternatives that need [_L] before the mark share one test of it, and
# those that need [_W] before and [_R] after share theirs (each class costs
# ``re`` its compile once): a mark tries the alternatives of its own kind
# in the same order as if each had its own test.
# An alternative that may back off through a run starts only at the run's
# first mark ((?<!,,) and the like): tried at every mark of a long run, it
# would take time quadratic in the run's length.
_OTHER_MARKS = (
    r"(?<=[，。])(?=[,，。])[,，。]*"  # a run of commas and stops starting fullwidth
    # after [_L]: a run of commas and stops, or of semicolons, starting ASCII
    # (perhaps converted); an ! ? run holding an ASCII mark; a colon
    f"|(?<=[{_L}].)(?:(?<=,)[,，。]*|(?<=;)[;；]*"
    r"|(?<=[!?])[!?！？]*|(?<=[！？])[!?！？]*[!?][!?！？]*|(?<=:))"
    # after [_W] and before [_R]: the same, for , ; and :
    f"|(?<=[{_W}].)(?:(?<=,)[,，。]*|(?<=;)[;；]*|(?<=:))(?=[{_R}])"
    r"|(?<=,)(?<!,,),*[，。][,，。]*"  # commas starting ASCII elsewhere: collapsed all the same
    r"|(?<=;)(?<!;;);*；[;；]*|(?<=；)[;；]+"  # semicolons, alike
    r"|(?<=[〝〞])"
)
_FIRST = "[,;:!?，。；！？〝〞]"
# _STRONG, its mark already consumed.
_STRONG_AFTER = f"(?<=[{_LEFT}][,;:!])(?=[{_RIGHT}])"
_MARK = _Lazy(f"{_FIRST}(?:({_STRONG_AFTER})|{_OTHER_MARKS})")  # group 1: a strong mark
_MARK_NOT_STRONG = _Lazy(f"{_FIRST}(?!{_STRONG_AFTER})(?:{_OTHER_MARKS})")
# A , or ; run at the end of a rejoined break (its left neighbour is the break's).
_REJOINED_MARK = re.compile(r",[,，。]*|;[;；]*")
_PARA_START = re.compile(r"\n[ \t\r\u3000]*[、，。；：？！,;）”〞]")
_PAREN = re.compile(r"[()（）\n]")
_HAN = _Lazy(f"[{_HAN_CLASS}]")
# Fullwidth ，；：！？ count against "ASCII is the habit", except a mark next
# to a comma, stop or semicolon: such runs are what the step collapses, and a
# count that repairs can only raise keeps the step idempotent.  ASCII marks
# count for it when their left neighbour is Han or a closing mark.
# Both counts are str.count() totals less the few marks that do not count.
# Each opens with the character class it counts, so that ``re`` scans for it in C.
_FULLWIDTH_BESIDE_RUN = re.compile(r"[，；：！？](?:(?<=[,，。;；].)|(?=[,，。;；]))")
_ASCII_NOT_AFTER_CHINESE = _Lazy(f"[,;:!?](?<![{_HAN_CLASS}”’）》」』】〕〉〞].)")
_URL_TAIL = re.compile(r"[^\s<>\"'“”‘’〝〞，。；：！？、（）《》「」【】]*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*\Z")


def _is_han(c: str) -> bool:
    if not c:
        return False
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
        or c == "〇"
    )


def _is_latin(c: str) -> bool:
    return ("a" <= c <= "z") or ("A" <= c <= "Z")


def _left_chinese(c: str) -> bool:
    return _is_han(c) or c in CLOSERS


def _right_chinese(c: str) -> bool:
    return _is_han(c) or c in OPENERS


def _trimmed(start: int, before: str, after: str, code: str) -> Change:
    """One change for ``before`` -> ``after`` at ``start``, cut to what differs."""
    i = 0
    while i < len(before) and i < len(after) and before[i] == after[i]:
        i += 1
    j, k = len(before), len(after)
    while j > i and k > i and before[j - 1] == after[k - 1]:
        j -= 1
        k -= 1
    return Change(start + i, start + j, after[i:k], code, MESSAGES[code])


class _Scan:
    """The state of one ``find`` call: the text and what earlier passes decided."""

    def __init__(self, text: str):
        self.text = text
        self.rejoin_ends: Dict[int, int] = {}  # end of a rejoined break -> its start
        self.rejoin_starts: Dict[int, int] = {}  # start of a rejoined break -> its end
        self.rejoin_spans: List[Tuple[int, int]] = []
        self.rejoin_para: List[int] = []  # logical paragraph start of each rejoined break
        self.paren: Dict[int, str] = {}  # position -> fullwidth parenthesis
        self.urls: List[Tuple[int, int]] = []
        self.url_starts: List[int] = []
        self._folded: Optional[bool] = None
        self._line_breaks: Optional[List[int]] = None
        self._last_line: Tuple[int, int, bool] = (0, 0, False)  # guarded(): last line asked about
        # Strong marks known to be converted and counted for "ASCII is the
        # habit" (rewrite() converts them first and says how many).
        self.strong_converted = 0

    # -- the effective text: what the neighbours will be after this pass ----------

    def char(self, i: int) -> str:
        if 0 <= i < len(self.text):
            return self.paren.get(i, self.text[i])
        return ""

    def before(self, i: int) -> str:
        """The character before position ``i``, looking through a rejoined break."""
        return self.char(self.rejoin_ends.get(i, i) - 1)

    def after(self, j: int) -> str:
        """The character at position ``j``, looking through a rejoined break."""
        return self.char(self.rejoin_starts.get(j, j))

    def at_line_end(self, j: int) -> bool:
        text, n = self.text, len(self.text)
        while j < n and text[j] in SPACE:
            j += 1
        return j == n or text[j] in "\r\n"

    def at_line_start(self, i: int) -> bool:
        text = self.text
        while i > 0 and text[i - 1] in SPACE:
            i -= 1
        return i == 0 or text[i - 1] == "\n"

    # -- URLs ------------------------------------------------------------------

    def find_urls(self) -> None:
        text = self.text
        pos = 0
        while True:
            i = text.find("://", pos)
            if i < 0:
                break
            scheme = _SCHEME.search(text, max(0, i - 32), i)
            if not scheme:
                pos = i + 3
                continue
            end = _URL_TAIL.match(text, i + 3).end()
            if end > i + 3:
                # Trailing marks and an unmatched ")" belong to the sentence.
                stop = end
                extra = text.count(")", i, end) - text.count("(", i, end)
                while stop > i + 3 and (text[stop - 1] in ".,;:!?" or (text[stop - 1] == ")" and extra > 0)):
                    extra -= text[stop - 1] == ")"
                    stop -= 1
                self.urls.append((scheme.start(), stop))
            pos = end
        self.url_starts = [u[0] for u in self.urls]

    def in_url(self, i: int) -> bool:
        if not self.urls:
            return False
        k = bisect_right(self.url_starts, i) - 1
        return k >= 0 and i < self.urls[k][1]

    # -- broken paragraphs -----------------------------------------------------

    def find_rejoins(self) -> List[Change]:
        text = self.text
        changes: List[Change] = []
        para_start = -1  # logical paragraph whose balance is being counted
        counted_to = 0
        open_paren = open_quote = 0
        for m in _PARA_START.finditer(text):
            mark_at = m.end() - 1
            j = m.start()
            while j > 0 and text[j - 1] in WHITESPACE:
                j -= 1
            if j == 0 or text.count("\n", j, mark_at) < 2 or not (_left_chinese(text[j - 1]) or text[j - 1] == ")"):
                continue
            mark = text[mark_at]
            if mark in "）”〞":
                start = self._paragraph_start(j)
                if start != para_start:
                    para_start, counted_to, open_paren, open_quote = start, start, 0, 0
                chunk = text[counted_to:j]
                open_paren += chunk.count("（") + chunk.count("(") - chunk.count("）") - chunk.count(")")
                open_quote += chunk.count("“") + chunk.count("〝") - chunk.count("”") - chunk.count("〞")
                counted_to = j
                if (open_paren if mark == "）" else open_quote) <= 0:
                    continue
            changes.append(Change(j, mark_at, "", REJOIN, MESSAGES[REJOIN]))
            self.rejoin_para.append(self._paragraph_start(j))
            self.rejoin_spans.append((j, mark_at))
            self.rejoin_ends[mark_at] = j
            self.rejoin_starts[j] = mark_at
        return changes

    def _paragraph_start(self, j: int) -> int:
        """Start of the logical paragraph ending at ``j`` (rejoined breaks do not end one)."""
        p = self.text.rfind("\n", 0, j)
        k = bisect_right(self.rejoin_spans, (p, len(self.text) + 1)) - 1
        if p >= 0 and k >= 0 and self.rejoin_spans[k][0] <= p < self.rejoin_spans[k][1]:
            return self.rejoin_para[k]
        return p + 1

    def is_line_break(self, i: int) -> bool:
        """Whether the newline at ``i`` ends a logical line (it is not inside a rejoined break)."""
        k = bisect_right(self.rejoin_spans, (i, len(self.text) + 1)) - 1
        return not (k >= 0 and self.rejoin_spans[k][0] <= i < self.rejoin_spans[k][1])

    # -- parentheses -----------------------------------------------------------

    def find_parens(self) -> List[Change]:
        text = self.text
        if "(" not in text and ")" not in text:
            return []
        # A pair needs an opening and a closing bracket, and Han inside it.
        if (("(" not in text and "（" not in text) or (")" not in text and "）" not in text)
                or not _HAN().search(text)):
            return []
        changes: List[Change] = []
        stack: List[list] = []  # [position, encloses Han]
        han = _HAN().search
        last = 0
        for m in _PAREN.finditer(text):
            i = m.start()
            if stack and not stack[-1][1] and han(text, last, i):
                stack[-1][1] = True
            last = i + 1
            c = text[i]
            if c == "\n":
                if self.is_line_break(i):
                    stack.clear()
            elif c in "(（":
                stack.append([i, False])
            elif stack:
                o, has_han = stack.pop()
                if has_han and stack:
                    stack[-1][1] = True
                if (
                    has_han
                    and (text[o] == "(" or c == ")")
                    and not (self.urls and (self.in_url(o) or self.in_url(i)))
                    and self._paren_context(o, i)
                ):
                    for p in (o, i):
                        if text[p] in "()":
                            self.paren[p] = FULLWIDTH[text[p]]
                            changes.append(Change(p, p + 1, FULLWIDTH[text[p]], WIDTH, MESSAGES[WIDTH]))
        changes.sort()
        return changes

    def _paren_context(self, o: int, c: int) -> bool:
        left = self.before(o)
        right = self.after(c + 1)
        if _is_latin(left) or left.isdigit():
            # Judged alike whether a neighbouring mark is ASCII or fullwidth,
            # so that converting that mark never changes this verdict.
            return _is_han(right) or (right in PAREN_NEIGHBOURS and right not in ",;:!?.()，；：！？（）")
        left_ok = self.at_line_start(o) or _is_han(left) or left in PAREN_NEIGHBOURS
        right_ok = _is_han(right) or right in PAREN_NEIGHBOURS or (
            c + 1 not in self.rejoin_starts and self.at_line_end(c + 1))
        return left_ok and right_ok

    # -- context of ASCII marks ------------------------------------------------

    def folded(self) -> bool:
        """Whether ASCII marks are this text's habit (see the module docstring)."""
        if self._folded is None:
            text = self.text
            fullwidth = sum(map(text.count, "，；：！？"))
            if fullwidth <= self.strong_converted:
                # Every strong mark counts for ASCII and at most this many
                # fullwidth marks count against it: settled without counting.
                self._folded = True
            else:
                fullwidth -= len(_FULLWIDTH_BESIDE_RUN.findall(text))
                self._folded = self._ascii_after_chinese() >= fullwidth
        return self._folded

    def _ascii_after_chinese(self) -> int:
        """ASCII marks outside URLs whose effective left neighbour is Han or a closing mark.

        Counted on the raw text in C, then corrected where the effective
        neighbour differs: after a rejoined break, after a converted parenthesis.
        """
        text = self.text
        count = sum(map(text.count, ",;:!?")) - len(_ASCII_NOT_AFTER_CHINESE().findall(text))
        for start, end in self.urls:
            count -= len(_ASCII_AFTER_CHINESE().findall(text, start, end))
            # A match at a URL's start looks behind it; findall with pos does too.
        moved = set(self.rejoin_ends) | {p + 1 for p in self.paren}
        for i in moved:
            if i < len(text) and text[i] in ",;:!?" and not self.in_url(i):
                raw = _left_chinese(text[i - 1]) if i else False
                count += _left_chinese(self.before(i)) - raw
        return count

    def guarded(self, i: int) -> bool:
        """Whether the logical line holding ``i`` looks like a row of delimited data.

        A row has ASCII commas and no ``，。；：！？、``, and so does a line next to
        it, with as many commas (``名称,数量,单价`` over ``苹果,3,5.00``).
        """
        lo, hi, verdict = self._last_line
        if lo <= i < hi:  # marks are asked about in order: mostly the same line
            return verdict
        text = self.text
        breaks = self._line_breaks
        if breaks is None:
            breaks = self._line_breaks = self._logical_line_breaks()
        k = bisect_right(breaks, i)
        commas = self._row(k)
        verdict = commas > 0 and commas in (self._row(k - 1), self._row(k + 1))
        self._last_line = (breaks[k - 1] + 1 if k else 0, breaks[k] if k < len(breaks) else len(text), verdict)
        return verdict

    def _logical_line_breaks(self) -> List[int]:
        """Positions of the newlines that end a logical line (not inside a rejoined break)."""
        text = self.text
        breaks = []
        find = text.find
        i = find("\n")
        while i >= 0:
            breaks.append(i)
            i = find("\n", i + 1)
        if self.rejoin_spans:
            breaks = [i for i in breaks if self.is_line_break(i)]
        return breaks

    def _row(self, k: int) -> int:
        """ASCII commas in logical line ``k`` if it has no fullwidth prose mark, else 0."""
        breaks = self._line_breaks
        if k < 0 or k > len(breaks):
            return 0
        start = breaks[k - 1] + 1 if k else 0
        end = breaks[k] if k < len(breaks) else len(self.text)
        return 0 if _PROSE.search(self.text, start, end) else self.text.count(",", start, end)

    def convertible(self, start: int, end: int, kind: str) -> bool:
        """Whether ASCII ``text[start:end]`` (marks of one ``kind``) is in Chinese context."""
        if self.in_url(start) or self.guarded(start):
            return False
        left, right = self.before(start), self.char(end)
        if _left_chinese(left):
            if kind == "?":
                if right in CLOSERS:
                    return True
                if _right_chinese(right):
                    return left in QUESTION_PARTICLES
                return self.at_line_end(end) and self.folded()
            if _right_chinese(right):
                return True
            if kind == "!":
                return right in CLOSERS or (self.at_line_end(end) and self.folded())
            if self.at_line_end(end) or right.isdigit() or _is_latin(right):
                return self.folded()
            return False
        if kind in ",;:" and left and (left in "%％" or _is_latin(left)) and _right_chinese(right):
            return self.folded()
        return False

    # -- marks, doubled marks, quotes ------------------------------------------

    def strong_kept(self) -> bool:
        """Whether a strong mark stays as it is: one in a URL or in a row of data."""
        text = self.text
        for start, end in self.urls:
            m = _STRONG_RE().search(text, start, end + 1)  # the mark's right neighbour may be past the URL
            if m and m.start() < end:
                return True
        for start in _row_candidates(text):
            if self.guarded(start):
                lo, hi, _ = self._last_line
                if _STRONG_RE().search(text, lo, hi):
                    return True
        return False

    def find_marks(self, strong: bool = True) -> List[Change]:
        """The marks' changes; with ``strong=False``, all but the strong marks'
        (for a caller that converts those at once, having checked
        :meth:`strong_kept`)."""
        text = self.text
        changes: List[Change] = []
        append = changes.append
        urls = self.urls
        lo, hi, guarded = self._last_line
        matches = (_MARK if strong else _MARK_NOT_STRONG)().finditer(text)
        rejoined = sorted(p for p in self.rejoin_ends if text[p] in ",;")
        if rejoined:
            matches = _with_rejoined(matches, rejoined, text)
        for m in matches:
            s, e = m.span()
            if m.lastindex:  # a strong mark
                # What convertible() says of a strong mark, without its
                # neighbour checks: neither rejoined breaks nor converted
                # parentheses can border a mark with Han on both sides.
                if not lo <= s < hi:
                    self.guarded(s)
                    lo, hi, guarded = self._last_line
                if not (guarded or (urls and self.in_url(s))):
                    append(Change(s, e, FULLWIDTH[text[s]], WIDTH, MESSAGES[WIDTH]))
                continue
            tok = m.group()
            c = tok[0]
            if c in "〝〞":
                changes.append(Change(s, e, "“" if c == "〝" else "”", QUOTES, MESSAGES[QUOTES]))
            elif c in ",，。":
                if "。" in tok:
                    stops = tok.count("。")
                    after = "。" if stops <= 2 else "。" * stops  # 。。。 may be an ellipsis
                    if after != tok:
                        changes.append(_trimmed(s, tok, after, DOUBLED))
                elif e - s == 1:
                    if self.convertible(s, e, ","):
                        changes.append(Change(s, e, "，", WIDTH, MESSAGES[WIDTH]))
                elif "，" in tok or self.convertible(s, e, ","):
                    changes.append(_trimmed(s, tok, "，", DOUBLED))
            elif c in ";；":
                if e - s == 1:
                    if self.convertible(s, e, ";"):
                        changes.append(Change(s, e, "；", WIDTH, MESSAGES[WIDTH]))
                elif "；" in tok or self.convertible(s, e, ";"):
                    changes.append(_trimmed(s, tok, "；", DOUBLED))
            elif c == ":":
                if self.convertible(s, e, ":"):
                    changes.append(Change(s, e, "：", WIDTH, MESSAGES[WIDTH]))
            else:  # a run of ! ? ！ ？ holding an ASCII mark: each made fullwidth, length kept
                kind = "?" if ("?" in tok or "？" in tok) else "!"
                if self.convertible(s, e, kind):
                    for k, ch in enumerate(tok):
                        if ch in "!?":
                            changes.append(Change(s + k, s + k + 1, FULLWIDTH[ch], WIDTH, MESSAGES[WIDTH]))
        return changes


class PunctuationStep:
    """Fullwidth marks in Chinese context, doubled marks, 〝〞 quotes, broken paragraphs.

    Codes: L101 ASCII mark made fullwidth, L102 doubled mark collapsed,
    L103 〝〞 quotes normalised, L104 broken paragraph rejoined.  The rules are
    in the module docstring.
    """

    name = "punctuation"

    def find(self, text: str) -> List[Change]:
        if not isinstance(text, str) or not _TRIGGER.search(text):
            return []
        scan = _Scan(text)
        if "://" in text:
            scan.find_urls()
        changes = scan.find_rejoins()
        changes += scan.find_parens()
        changes += scan.find_marks()
        changes.sort()
        return changes

    def rewrite(self, text: str) -> str:
        """The text with :meth:`find`'s changes applied (for ``clean()``).

        Strong marks, most of the work in folded text, are converted by four
        substitutions run in C instead of one change each; every other change
        is found as :meth:`find` finds it.  Both keep offsets (a strong mark
        stays one character), so they compose.
        """
        if not isinstance(text, str) or not _TRIGGER.search(text):
            return text
        scan = _Scan(text)
        if "://" in text:
            scan.find_urls()
        changes = scan.find_rejoins()
        changes += scan.find_parens()
        if scan.strong_kept():  # a strong mark stays somewhere: no wholesale pass
            return splice(text, sorted(changes + scan.find_marks()))
        converted = text
        for pattern, mark in _STRONG_BY_MARK:
            converted, n = pattern().subn(mark, converted)
            scan.strong_converted += n
        changes += scan.find_marks(strong=False)  # (on the text as it came: same offsets)
        changes.sort()
        return splice(converted, changes)


@lru_cache(maxsize=1)
def _row_classes() -> ClassTable:
    classes = {ord(c): 1 for c in PROSE_MARKS}
    classes[ord(",")] = 2
    classes[ord("\n")] = 4
    return ClassTable(classes)


def _row_candidates(text: str) -> List[int]:
    """Starts of the physical lines with an ASCII comma and no prose mark: the
    only lines that can belong to a row of delimited data (see guarded())."""
    if "," not in text:
        return []
    cls = _row_classes().classes(text)
    starts = np.concatenate(([0], np.flatnonzero(cls == 4) + 1))
    starts = starts[starts < len(text)]
    prose = np.add.reduceat(cls == 1, starts, dtype=np.int64)
    commas = np.add.reduceat(cls == 2, starts, dtype=np.int64)
    return starts[(commas > 0) & (prose == 0)].tolist()


def _with_rejoined(matches, positions: List[int], text: str):
    """``matches`` with the , ; runs at ``positions`` added, in order (each once)."""
    k = 0
    for m in matches:
        while k < len(positions) and positions[k] < m.start():
            yield _REJOINED_MARK.match(text, positions[k])
            k += 1
        if k < len(positions) and positions[k] == m.start():
            k += 1
        yield m
    for p in positions[k:]:
        yield _REJOINED_MARK.match(text, p)

