"""Repair GBK text that a decoder read one byte out of step.

How the damage happens (every case is in real documents, three of them in
``fixtures/``): a lead byte of a GBK character is lost and shows as ``?``
(or a reading a template site had inserted made the decoder swallow it
together with the reading's ``(``, leaving a junk reading such as ``shù)``).
The decoder then pairs each character's trail byte with the next one's lead
byte, producing other, valid characters, until an ASCII byte or a pair it
cannot decode brings it back in step.  On the way fullwidth marks it produced
were folded to ASCII, undecodable pairs became ``?`` or vanished, and the
``(`` of a reading right after the run was swallowed::

    規(guī)模化、   GBK ... 29 | c4 a3 | bb af | a1 a2
    規(guī)?;?、   c4 lost -> '?'; a3 bb = ；-> ';'; af a1 undecodable -> '?'; a1 a2 = 、

The repair turns the suspect run back into bytes (``;`` -> a3 bb, each
garbage character -> its two bytes), pairs them again one byte over, and
enumerates only what is unknown: the lost lead byte at the start (at most
126 values), the trail byte hidden in a closing ``?`` (at most 190, and only
those that could not have been decoded with the byte after them: a folded
mark after the ``?`` stands for its lead byte a3), and pairs the decoder
dropped (at most :data:`MAX_DROPS` in a run, each leaving one known byte of
two characters).  Every re-paired character must be valid GBK.  A character
whose trail byte is lost is never taken to be a digit or a Latin letter:
which digit it was is not for a language model to say (one whose lead byte
is lost keeps its trail byte, which names the digit: a3 b1 is ``１``).

A character bigram model (:mod:`gaptext.language_model`) shortlists; the best
word segmentation decides, with the evidence in the text: a reading after a
recovered character must be one of its readings, a junk reading after the
``?`` should read the misaligned pair, the script of the surroundings is
kept, a quotation mark must pair with one in its paragraph, and characters
used nearby in the document are likelier (a cache model).  A repair is made
only when it is far more probable than the text as it stands
(:data:`MARGIN`) and each unknown character clearly beats its runner-up
(:data:`CERTAINTY`, more when two unknowns stand side by side); an
out-of-step run that fails the second test, or whose best reading keeps a
stray character inside, is reported as uncertain.

Two readings: a quick one (no dropped pair; one or two unknown characters,
their candidates ranked from presorted lists and the pairs the model stores;
two unknowns side by side also as the within-word pairs they make together)
decides most runs in well under a millisecond; it stops scanning at the first
junction that re-pairs into no known character.  Only a run it cannot read (a
re-paired character that is invalid or unknown after a stretch that re-paired
well, a '??', a junk reading) goes to the full one, a lattice over every
junction with dropped pairs and lossy readings, within :data:`FULL_BUDGET`
(a run it cannot settle within that is reported as uncertain).
A rare character inside a run that no neighbour explains (what a dropped pair
leaves) makes the quick repair uncertain.  Neither reading runs where the
'?' is plainly a real question mark: when the character after it carries its
own inline reading (a run read out of step ends in a ``?`` before a reading,
so that character is in step); nor the full one when the text after it reads
fluently by the bigram model (:data:`FLUENT`).  Runs of fullwidth digits and
letters (folded to ASCII by the sites) are scored as one token, as
:mod:`gaptext.language_model` describes.

What cannot be recovered is reported, never guessed: a character whose two
bytes are both lost (``健??住房``: its lead lost, its trail undecodable),
unless a reading left after it says which it was (``通??chē)`` -> ``通車(chē)``);
an ASCII byte a ``?`` swallowed; and a run that is as well explained by a
wholly lost character as by the repair.  The work is bounded per character
of input, so no input takes more than linear time.

>>> fix = lambda s: [(s[c.start:c.end], c.after) for c in find_resyncs(s)]
>>> fix("業(yè)向規(guī)?;?、專業(yè)化方向")
[('?;?', '模化')]
>>> fix("護群眾合法權益,積極為當?shù)厝罕娞峁﹥?yōu)先")
[('?shù)厝罕娞峁﹥?', '地群眾提供優(')]
>>> fix("鍛造吃苦耐勞、實打?qū)嵉墓ぷ魍苿?dòng)力")
[('?qū)嵉墓ぷ魍苿?', '實的工作推動(')]
>>> fix("加強保障性住房建設,健??住房租賃市場")    # a whole character lost: reported
[('??', None)]
>>> fix("你知道為什麼?這是因為他沒有來。")      # a real question mark: left alone
[]
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import product
from typing import Dict, List, NamedTuple, Optional, Tuple

from .gbk import FOLDED, PUA_TRAILS, tables
from .language_model import ALNUM, LETTERS, MARKS, OTHER_EXTRA, OTHER_GROUP, OTHER_MARK, UNKNOWN_WORD, CharModel, model
from .readings import is_reading, parse_reading

__all__ = ["find_resyncs", "Resync", "CODE", "LOST_CODE"]

CODE = "E103"
MESSAGE = "GBK read out of step after a lost byte repaired"
LOST_CODE = "E190"
LOST_MESSAGE = "bytes lost: a character here cannot be recovered"
ASCII_LOST_MESSAGE = "bytes lost: an ASCII character was swallowed here"
UNCERTAIN_MESSAGE = "GBK read out of step: the lost bytes are uncertain, left as is"

#: How much more probable (in nats) a repair must be than the text as it stands.
MARGIN = 8.0
#: The repaired characters must average at least this log-probability (nats per character).
MIN_AVERAGE = -10.5
#: A repair is refused unless each unknown character beats its runner-up by this much.
CERTAINTY = 2.25
#: ... and by this much more when its two unknown characters are side by side.
ADJACENT_UNKNOWNS = 1.0
#: A repair is refused when a reading with a wholly lost character comes this close.
LOSSY_MARGIN = 0.0
#: Cost of assuming the decoder dropped an undecodable pair.
DROP_COST = 3.0
#: At most this many dropped pairs in one run.
MAX_DROPS = 2
#: A reading right after a recovered character: one of its readings (bonus) or not (cost).
READING_BONUS = 5.0
#: A junk reading after the lost byte that is a reading of the misaligned pair.
JUNK_BONUS = 3.0
#: A quotation mark that would pair with none (see ``_quote_costs``), within this reach.
QUOTE_COST = 4.0
QUOTE_REACH = 300
#: A character of the other script than its surroundings.
SCRIPT_COST = 5.0
#: Weight of a character's use nearby in the document (a cache language model).
CACHE_WEIGHT = 0.8
CACHE_PAIR_WEIGHT = 2.0
CACHE_CAP = 4.0
CACHE_WINDOW = 2000
#: Combinations scoring this far below the best are not looked up in the document.
CACHE_REACH = 6.0
#: Text after a '?' scoring above this (nats per character, bigram) reads as ordinary
#: text: the full reading is not tried there.
FLUENT = -7.0
#: A character inside a repaired run whose single-character word scores below this
#: (ln P), in no stored pair with a neighbour, makes the repair uncertain.
STRAY_WORD = -11.0
#: ``next_byte`` for an ASCII byte in view right after a closing '?' (see ``_trail_ok``).
ASCII_AFTER = -1
#: What the model reads in place of an ASCII byte a closing '?' swallowed (the ASCII
#: bytes that follow Chinese characters in GBK text are mostly digits: its marks
#: are fullwidth).
SWALLOWED_AS = "０"
#: Longest run read out of step that is tried, in characters.
MAX_RUN = 40
#: Candidates kept per unknown character for the word model, by cluster size.
KEEP = {1: 8, 2: 6, 3: 3}
#: States kept per junction of the lattice.
BEAM = 48
#: Candidates tried for a wholly lost character (the likeliest by the model).
LOST_CANDIDATES = 300
#: Ends of a run rescored with the word model (and lossy readings).
MAX_ENDS = 5
#: The quick reading: candidates kept per unknown character, combinations scored.
QUICK_KEEP = 8
QUICK_COMBOS = 10
#: Two unknowns side by side: stored within-word pairs of them kept.
QUICK_JOINT = 12
MAX_LOSSY = 3
#: Work budget, in scored candidates (about half a microsecond each), per character
#: of input plus a fixed allowance: what keeps every input linear in time.  A run
#: found after the budget is spent is left as it is.
BUDGET_PER_CHAR = 1
BUDGET_BASE = 100_000
SITE_COST = 40
#: The full reading is tried only for a run that re-paired into more tokens than this
#: before a junction failed (or for '??' and junk readings).
MIN_FULL_TOKENS = 5
#: The most one run's full reading may spend (a run it cannot read within this is
#: left as it is and reported as uncertain; '??' as a character lost).
FULL_BUDGET = 2_500
#: What a full reading that ran out may still spend to decide among what it found.
DECIDE_ALLOWANCE = 1_000
#: Ends of a run considered (the first ones).
MAX_END_CANDIDATES = 6
#: Characters of context on each side for the word model.
CONTEXT = 4

_PINYIN = "a-zA-Z\u00e0-\u00fc\u0101-\u01dc\u0300-\u0304\u030c"
# A reading that lost its opening parenthesis (the decoder swallowed it).
_BARE_READING = re.compile(f"([{_PINYIN}]{{1,7}}[0-5]?)\\)")
_READING = re.compile(f"\\(([{_PINYIN}]{{1,7}}[0-5]?)\\)")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Marks inside a sentence: a real '？？' stands before none of them, nor after one.
_CLAUSE_MARKS = frozenset("，、；：")
# ASCII marks as the language model knows them (their fullwidth forms).
_AS_MARK = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", "%": "％"}


class Resync(NamedTuple):
    """A repair (``after`` a string) or a finding (``after`` is ``None``)."""

    start: int
    end: int
    after: Optional[str]
    code: str
    message: str


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def _lm_char(ch: str) -> Optional[str]:
    """The character as the model sees it: Han, marks and fullwidth digits and letters
    as they are, ASCII marks, digits and letters as their fullwidth forms (the sites
    folded them), else ``None``."""
    if ch in MARKS or _is_han(ch) or ch in ALNUM:
        return ch
    if ch.isascii() and ch.isalnum():
        return chr(ord(ch) + 0xFEE0)
    return _AS_MARK.get(ch)


def _bare_reading(text: str, i: int) -> Optional[re.Match]:
    m = _BARE_READING.match(text, i)
    if m is not None and parse_reading(m.group(1)) is not None:
        return m
    return None


def _left_context(text: str, q: int) -> str:
    """Up to :data:`CONTEXT` model characters before ``q``, readings skipped."""
    out: List[str] = []
    j = q
    while j > 0 and len(out) < CONTEXT:
        if text[j - 1] == ")":
            k = text.rfind("(", max(0, j - 11), j - 1)
            if k > 0 and parse_reading(text[k + 1:j - 1]) is not None:
                j = k
                continue
        c = _lm_char(text[j - 1])
        if c is None:
            break
        out.append(c)
        j -= 1
    return "".join(reversed(out))


def _right_context(text: str, i: int) -> str:
    """Up to :data:`CONTEXT` model characters from ``i``, readings skipped."""
    out: List[str] = []
    n = len(text)
    while i < n and len(out) < CONTEXT:
        m = _READING.match(text, i)
        if m is not None:
            i = m.end()
            continue
        c = _lm_char(text[i])
        if c is None:
            break
        out.append(c)
        i += 1
    return "".join(out)


def _script(text: str, q: int, lm: CharModel) -> Optional[str]:
    """``'t'`` or ``'s'`` when the text around ``q`` is clearly of one script."""
    trad, simp = _script_patterns()
    a, b = max(0, q - 80), q + 80
    t = len(trad.findall(text, a, b))
    s = len(simp.findall(text, a, b))
    if t >= 2 and t >= 3 * s:
        return "t"
    if s >= 2 and s >= 3 * t:
        return "s"
    return None


@lru_cache(maxsize=1)
def _script_patterns() -> Tuple["re.Pattern", "re.Pattern"]:
    """Regexes of the model's traditional-only and simplified-only characters."""
    marks = model().script
    return tuple(re.compile("[" + "".join(sorted(re.escape(c) for c, m in marks.items() if m == k)) + "]")
                 for k in "ts")


@lru_cache(maxsize=None)
def _trail_ok(next_byte: Optional[int]) -> Tuple[bool, ...]:
    """For each byte: could it have been a trail byte the decoder showed as a lone ``?``
    before ``next_byte``?  Never an ASCII byte (it shows as itself); before a byte it
    pairs with, only if the two made no character (or a Greek or Cyrillic one); before
    an ASCII byte still in view (:data:`ASCII_AFTER`), only 0x80 or 0xFF, the bytes that
    are no lead (a lead byte would have swallowed it); ``None``: nothing known."""
    char = tables().char
    if next_byte is None:
        return tuple(b >= 0x80 for b in range(256))
    if next_byte == ASCII_AFTER:
        return tuple(b in (0x80, 0xFF) for b in range(256))
    return tuple(
        b >= 0x80 and ((b << 8 | next_byte) not in char or 0xA6 <= b <= 0xA7) for b in range(256))


@lru_cache(maxsize=None)
def _lost_chars(next_byte: Optional[int], min_lead: int) -> Tuple[str, ...]:
    """The likeliest characters (by the model) whose trail byte could be a lone ``?``
    before ``next_byte``: the candidates for a wholly lost character."""
    lm = model()
    ok = _trail_ok(next_byte)
    chars = [ch for code, ch in tables().char.items()
             if code >> 8 >= min_lead and ok[code & 0xFF] and lm.known(ch) and ch not in ALNUM]
    chars.sort(key=lambda c: lm.follow[c], reverse=True)
    return tuple(chars[:LOST_CANDIDATES])


@lru_cache(maxsize=1)
def _pua_trail_chars() -> Tuple[str, ...]:
    """The likeliest characters whose trail byte, with a following lead, is user-defined."""
    lm = model()
    trails = set(PUA_TRAILS)
    chars = [ch for code, ch in tables().char.items()
             if code & 0xFF in trails and lm.known(ch) and ch not in ALNUM]
    chars.sort(key=lambda c: lm.follow[c], reverse=True)
    return tuple(chars[:LOST_CANDIDATES])


@lru_cache(maxsize=1)
def _by_syllable() -> Dict[str, Tuple[str, ...]]:
    """Toneless syllable -> the GBK characters with that reading.

    Read from the readings table directly (the syllables of each line, as
    :func:`gaptext.readings._syllables` reads them, each once), not through
    that function's cache: 22,000 characters go through here once.
    """
    from .readings import _table

    readings = _table()
    out: Dict[str, List[str]] = defaultdict(list)
    chars = tables().pair
    for ch, rest in zip(chars, map(readings.get, chars)):
        if not rest:
            continue
        if " " in rest:
            for syllable in dict.fromkeys([item.rstrip("012345") for item in rest.split(" ")]):
                out[syllable].append(ch)
        else:
            out[rest.rstrip("012345")].append(ch)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def _reading_of(reading: str) -> frozenset:
    """The GBK characters of which ``reading`` is a reading."""
    parsed = parse_reading(reading)
    if parsed is None:
        return frozenset()
    return frozenset(c for c in _by_syllable().get(parsed[0], ()) if is_reading(c, reading))


def _evidence(ch: str, reading: Optional[str]) -> float:
    """The bonus (or cost) a reading after ``ch`` gives it."""
    if reading is None:
        return 0.0
    return READING_BONUS if ch in _reading_of(reading) else -READING_BONUS


def _script_cost(ch: str, script: Optional[str]) -> float:
    s = model().script.get(ch)
    return -SCRIPT_COST if script is not None and s is not None and s != script else 0.0


def _ranked(pairs: Tuple[Tuple[int, str], ...], script: Optional[str], trail_known: bool):
    """Candidates best first by their score without any within-word pair:
    (list of (prior, char, script cost), {char: index})."""
    lm = model()
    unknown = math.log(lm.unknown_han)
    rows = []
    for _, ch in pairs:
        if ch in ALNUM and not trail_known:
            continue  # a digit or letter whose trail byte is lost is never guessed
        cost = _script_cost(ch, script)
        rows.append((lm.log_follow.get(ch, unknown) + lm.log_end.get(ch, 0.0) + cost, ch, cost))
    rows.sort(reverse=True)
    return rows, {ch: i for i, (_, ch, _) in enumerate(rows)}


@lru_cache(maxsize=None)
def _ranked_by_trail(trail: int, script: Optional[str]):
    return _ranked(tables().by_trail[trail], script, True)


@lru_cache(maxsize=None)
def _ranked_by_lead(lead: int, script: Optional[str], next_byte: Optional[int]):
    ok = _trail_ok(next_byte)
    return _ranked(tuple((t, c) for t, c in tables().by_lead[lead] if ok[t]), script, False)


_QUOTES = (("“", "”"), ("‘", "’"), ("《", "》"), ("「", "」"), ("『", "』"))


def _quote_costs(before: str, after: str) -> Dict[str, float]:
    """The cost of each quotation mark as a repaired character between ``before`` and
    ``after`` (the same paragraph): a closing mark with no open one before it, an
    opening one inside an open quotation or with no closing one after it."""
    out: Dict[str, float] = {}
    for op, cl in _QUOTES:
        is_open = before.rfind(op) > before.rfind(cl)
        if not is_open:
            out[cl] = -QUOTE_COST
        ro, rc = after.find(op), after.find(cl)
        if is_open or rc < 0 or 0 <= ro < rc:
            out[op] = -QUOTE_COST
    return out


@lru_cache(maxsize=None)
def _slot_by_trail(trail: int, min_lead: int, script: Optional[str]) -> Tuple[Tuple[str, float], ...]:
    """``[? trail]``: the characters and their script cost (built once per byte)."""
    return tuple((ch, _script_cost(ch, script)) for lead, ch in tables().by_trail[trail] if lead >= min_lead)


@lru_cache(maxsize=None)
def _slot_by_lead(lead: int, next_byte: Optional[int], script: Optional[str]) -> Tuple[Tuple[str, float], ...]:
    """``[lead ?]`` whose trail, before ``next_byte``, was undecodable, with script costs."""
    ok = _trail_ok(next_byte)
    return tuple((ch, _script_cost(ch, script)) for trail, ch in tables().by_lead[lead]
                 if ok[trail] and ch not in ALNUM)


@lru_cache(maxsize=4)
def _known_pua_trail_slot(script: Optional[str]) -> Tuple[Tuple[str, float], ...]:
    return tuple((c, _script_cost(c, script)) for c in _pua_trail_chars())


@lru_cache(maxsize=4096)
def _joint_pairs(trail: int, lead: int, next_byte: Optional[int], script: Optional[str]) -> Tuple[Tuple[str, str], ...]:
    """Two unknown characters side by side, ``[? trail][lead ?]``: the pairs of
    candidates that the model stores as a within-word pair (the likeliest first)."""
    lm = model()
    firsts = {c for _, c, cost in _ranked_by_trail(trail, script)[0] if cost == 0.0}
    seconds = {c for _, c, cost in _ranked_by_lead(lead, script, next_byte)[0] if cost == 0.0}
    out = []
    for y in seconds:
        row = lm.rev.get(y)
        if row:
            out.extend((row[x], x, y) for x in (row.keys() & firsts))
    out.sort(reverse=True)
    return tuple((x, y) for _, x, y in out[:QUICK_JOINT])


@lru_cache(maxsize=4096)
def _junk_leads(prev_trail: int, junk: str) -> frozenset:
    """Lead bytes whose misaligned pair with ``prev_trail`` reads ``junk``."""
    char = tables().char
    return frozenset(lead for lead in range(0x81, 0xFF)
                     if (prev_trail << 8 | lead) in char and is_reading(char[prev_trail << 8 | lead], junk))


def _fluent_after(text: str, q: int, lm: CharModel) -> bool:
    """Whether the text after the '?' at ``q`` reads as ordinary text (a real question
    mark): then the full reading, which the quick one could not decide, is not tried.
    Text read out of step is made of characters that seldom follow one another."""
    p = q + 1
    m = _bare_reading(text, p)
    if m is not None:
        return False  # a junk reading: the decoder swallowed a '('
    right = _right_context(text, p)
    if len(right) < 3 or "？" in right:
        return False
    return lm.score(right, None) / len(right) > FLUENT


class _Budget:
    __slots__ = ("left",)

    def __init__(self, n: int):
        self.left = n


def find_resyncs(text: str, budget: Optional[int] = None) -> List[Resync]:
    """The runs of ``text`` read out of step: repairs, and findings for what is lost."""
    q = text.find("?")
    if q < 0:
        return []
    lm = model()
    out: List[Resync] = []
    spent = _Budget(budget if budget is not None else BUDGET_PER_CHAR * len(text) + BUDGET_BASE)
    n = len(text)
    while q >= 0 and spent.left > 0:
        if not _NON_ASCII.search(text, q + 1, min(n, q + 2 + MAX_RUN)):
            # no Han text after it: nothing read out of step (cheap, for long ASCII text)
            spent.left -= 2
            q = text.find("?", q + 1)
            continue
        site = _Site(text, q, lm, spent, full=False)
        found = site.repair()
        if found is None and site.worth_full() and not _fluent_after(text, q, lm):
            # the full reading, within its own share of the budget
            local = _Budget(min(spent.left, FULL_BUDGET))
            start = local.left
            found = _Site(text, q, lm, local, full=True).repair()
            spent.left -= max(start - local.left, SITE_COST)
        if found:
            out.extend(found)
            q = text.find("?", max(found[-1].end, q + 1))
        else:
            q = text.find("?", q + 1)
    return out


Slot = List[Tuple[str, float]]  # candidate characters and their evidence bonus


class _State:
    """A path through the lattice ending in ``char`` (linked back to the start)."""

    __slots__ = ("score", "parent", "char", "slot", "drops", "lost")

    def __init__(self, score: float, parent: Optional["_State"], char: str, slot: Optional[Slot],
                 drops: int, lost: int):
        self.score = score
        self.parent = parent
        self.char = char
        self.slot = slot  # the candidates this character was chosen from (None: determined)
        self.drops = drops
        self.lost = lost  # the path assumes a character whose two bytes were lost (1: first, 2: last)

    def path(self) -> List["_State"]:
        out = []
        st: Optional[_State] = self
        while st is not None and st.char:
            out.append(st)
            st = st.parent
        return out[::-1]


Layer = Dict[Tuple[str, int, int], _State]


class _End(NamedTuple):
    gain: float  # bigram gain over the text as it stands (for ranking)
    state: _State
    stop: int  # end of the replaced span
    suffix: str  # '(' when the closing '?' also swallowed a reading's parenthesis
    scored_stop: int  # end of the original text the repair is compared with
    right: str
    evidence: Optional[str]  # a reading after the last character
    ascii_lost: bool  # the closing '?' swallowed an ASCII byte we cannot know


class _Site:
    """One '?' and the run after it."""

    def __init__(self, text: str, q: int, lm: CharModel, spent: _Budget, full: bool = True):
        self.text = text
        self.q = q
        self.lm = lm
        self.spent = spent
        self.tb = tables()
        # The quick reading assumes no pair was dropped; the full one tries drops
        # and readings with a wholly lost character.
        self.full = full
        self.max_drops = MAX_DROPS
        self._doc: Optional[str] = None  # the document around the run (see _document)
        self._cache_memo: Dict[str, float] = {}
        self._char_counts: Dict[str, int] = {}  # each character's count in the document
        self._segment_memo: Dict[str, float] = {}  # segment_score of the texts _choose scored

    # -- reading the run -----------------------------------------------------
    def repair(self) -> Optional[List[Resync]]:
        """Repairs and findings for this run; ``None`` from the quick reading when it
        cannot decide (the full reading then tries)."""
        text, q, tb = self.text, self.q, self.tb
        self.left = _left_context(text, q)
        if not any(map(_is_han, self.left)):
            return []  # not in Chinese text
        p = q + 1
        self.junk = None
        m = _bare_reading(text, p)
        if m is not None:
            self.junk, p = m.group(1), m.end()
        if p + 1 < len(text) and text[p + 1] == "(" and _is_han(text[p]):
            m = _READING.match(text, p + 1)
            if m is not None and is_reading(text[p], m.group(1)):
                # the character after the '?' carries its own reading: it is in step
                # (a run read out of step ends before a reading, in a '?')
                return []
        pair = tb.pair
        prev = text[q - 1]
        self.prev_trail = pair[prev][1] if prev in pair else None
        self.script = _script(text, q, self.lm)
        # '??' in Han text (or after or before a clause mark): a character lost whole
        # (or a folded '？' read out of step).
        whole = self.whole = p < len(text) and text[p] == "?" and p + 1 < len(text) and (
            _is_han(self.left[-1]) and (_is_han(text[p + 1]) or _bare_reading(text, p + 1) is not None
                                        or _lm_char(text[p + 1]) in _CLAUSE_MARKS)
            or (self.left[-1] in _CLAUSE_MARKS or self.left[-1] == "。") and _is_han(text[p + 1]))
        if not self.full:
            toks, ends = self._scan(p)
            if not ends:
                return None if whole or self.broken else []
            return self._quick(toks, ends)
        root = _State(0.0, None, "", None, 0, 0)
        self.root = {(self.left[-1], 0, 0): root}
        finals: List[_End] = []
        if whole:
            # '??': a character with both bytes lost, unless the second '?' is a folded '？'.
            end = self._whole_character(p)
            if end is not None:
                finals.append(end)
        toks, ends = self._scan(p)
        if whole and _fluent_after(text, p, self.lm):
            # ordinary text after '??': no run read out of step through a folded '？'
            ends = []
        layers: List[Layer] = []
        exhausted = False
        for k, kind, ei in ends:
            while len(layers) < k and not exhausted:
                if self.spent.left <= 0:
                    exhausted = True
                    break
                layers.append(self._layer(len(layers), layers[-1] if layers else None))
            if exhausted:
                break
            finals.extend(self._finish(k, kind, ei, layers[k - 1] if k else None))
        if exhausted:
            if not finals:
                return self._out_of_budget(p)
            # decide among the readings found in time (a reading after '??' says
            # which character was lost), with a small allowance to score them
            self.spent.left = DECIDE_ALLOWANCE
        found = self._decide(finals)
        if whole and not any(f.after is not None for f in found):
            return [Resync(q, p + 1, None, LOST_CODE, LOST_MESSAGE)]
        return found

    def _scan(self, p: int):
        """The run from ``p``: its tokens (byte pairs) and where it could end."""
        text, pair = self.text, self.tb.pair
        toks: List[Tuple[int, int]] = []
        ends: List[Tuple[int, str, int]] = []
        i, n = p, len(text)
        # The quick reading stops at the first junction that re-pairs into no known
        # character: no reading without a dropped pair gets past it.
        char, known = (None, None) if self.full else (self.tb.char, self.lm.known)
        self.broken = False
        while i < n and len(toks) <= MAX_RUN:
            if char is not None and len(toks) >= 2:
                c = char.get((toks[-2][1] << 8) | toks[-1][0])
                if c is None or not known(c):
                    self.broken = True
                    break
            c = text[i]
            o = ord(c)
            if o < 0x80:
                if c == "?":
                    if toks:
                        ends.append((len(toks), "q", i))
                    if _bare_reading(text, i + 1) is not None:
                        break  # it swallowed a reading's '(': the run ends here
                elif 0x40 <= o <= 0x7E:
                    ends.append((len(toks), "a", i))
                t = FOLDED.get(c)
                if t is None:
                    break
                toks.append((0xA3, t))
            else:
                pr = pair.get(c)
                if pr is None:
                    break
                toks.append(pr)
            i += 1
        self.toks = toks
        self.scan_end = i
        self.spent.left -= SITE_COST + (i - p)
        # Damage lies in Han text: some garbage character, or Han text right after the end.
        if not any(t[0] != 0xA3 for t in toks) and not (self.broken and self._garbage_after(i, p)):
            ends = [e for e in ends if e[2] + 1 < n and _is_han(text[e[2] + 1])]
        return toks, ends[:MAX_END_CANDIDATES]

    def worth_full(self) -> bool:
        """After a quick reading that could not decide: whether the full one may.  It
        can where the '?' stands for a character lost whole (``??``), after a junk
        reading, or where the run re-paired into known characters for a while before
        a pair would not (a dropped pair); a '?' whose very next junction fails is
        a real question mark before ordinary text."""
        if getattr(self, "whole", False) or getattr(self, "junk", None) is not None:
            return True
        return not getattr(self, "broken", False) or len(self.toks) > MIN_FULL_TOKENS

    def _garbage_after(self, i: int, p: int) -> bool:
        """Whether the run the scan stopped in early goes on to a double-byte character."""
        text, pair = self.text, self.tb.pair
        for c in text[i:p + MAX_RUN + 1]:
            if c in pair:
                return True
            if c not in FOLDED:
                return False
        return False

    # -- the quick reading: no dropped pair, at most two unknown characters -----
    def _quick(self, toks, ends) -> Optional[List[Resync]]:
        """Decide a run whose re-paired characters all exist and are known, when the
        answer is clear; ``None`` otherwise (the full reading decides)."""
        lm, char = self.lm, self.tb.char
        best = None
        mids: List[str] = []
        for k, kind, ei in ends:
            while len(mids) < k - 1:
                j = len(mids) + 1
                c = char.get((toks[j - 1][1] << 8) | toks[j][0])
                if c is None or not lm.known(c):
                    break
                mids.append(c)
            if len(mids) < k - 1:
                # no reading without a dropped pair gets past here: the run ended
                # before, or a pair was dropped (for the full reading to find)
                if best is None:
                    return None
                break
            result = self._quick_end(k, kind, ei, mids[:max(0, k - 1)])
            if result is not None and (best is None or result[0] > best[0]):
                best = result
        if best is None or not all(lm.known(c) for c in best[1]):
            return None
        gain, chars, certainty, stop, suffix, ascii_lost = best
        if gain < MARGIN:
            return []  # no better than the text as it stands: a real '?'
        if self._stray(chars):
            # a pair may have vanished inside the run (or a rare name stands there):
            # the run is damaged, its repair uncertain
            return [Resync(self.q, stop, None, LOST_CODE, UNCERTAIN_MESSAGE)]
        if certainty < CERTAINTY:
            return [Resync(self.q, stop, None, LOST_CODE, UNCERTAIN_MESSAGE)]
        out = [Resync(self.q, stop, chars + suffix, CODE, MESSAGE)]
        if ascii_lost:
            out.append(Resync(stop, stop, None, LOST_CODE, ASCII_LOST_MESSAGE))
        return out

    def _stray(self, chars: str) -> bool:
        """Whether a character inside the repaired run (not its first or last) is one
        the words around it do not explain: rare, and in no stored pair with either
        neighbour.  Where the decoder dropped an undecodable pair, re-pairing without
        the drop makes such a character (and the rest may still read well)."""
        lm = self.lm
        words, pairs = lm.words, lm.pairs
        for i in range(1, len(chars) - 1):
            c = chars[i]
            if c in LETTERS and chars[i - 1] not in ALNUM and chars[i + 1] not in ALNUM:
                return True  # a lone letter inside Chinese text
            if not _is_han(c) or words.get(c, UNKNOWN_WORD) > STRAY_WORD:
                continue
            a, b = chars[i - 1], chars[i + 1]
            if c in pairs.get(a, ()) or b in pairs.get(c, ()):
                continue
            return True
        return False

    def _after_lost_trail(self, stop: int):
        """What follows a run that ends in a lost trail byte (``?`` at ``stop - 1``):
        (reading evidence, suffix to keep, where scoring stops, the next pair's
        lead byte, whether the ``?`` swallowed an ASCII byte)."""
        text = self.text
        m = _bare_reading(text, stop)
        if m is not None:
            # '?' stood for the trail byte and the '(' it was read with.
            return m.group(1), "(", m.end(), None, False
        m = _READING.match(text, stop)
        if m is not None and parse_reading(m.group(1)) is not None:
            # a reading in full view: the '?' swallowed nothing, so its byte was no
            # lead (0x80: 還 is df 80), and the reading is the character's
            return m.group(1), "", m.end(), ASCII_AFTER, False
        if stop < len(text):
            nxt = text[stop]
            if ord(nxt) < 0x80:
                if nxt in FOLDED and not nxt.isalnum() and nxt != "?":
                    # a fullwidth mark, folded: its lead byte 0xA3 is what the trail
                    # byte could not be read with (ASCII marks are rare in Chinese text)
                    return None, "", stop, 0xA3, False
                return None, "", stop, None, True  # the '?' swallowed an ASCII byte before it
            pr = self.tb.pair.get(nxt)
            return None, "", stop, (pr[0] if pr else None), False
        return None, "", stop, None, False

    def _quick_end(self, k: int, kind: str, ei: int, mids: List[str]):
        """(gain, characters, certainty, stop, suffix, ascii lost) for the run closed at ``ei``."""
        text, toks, lm = self.text, self.toks, self.lm
        stop = scored_stop = ei + 1
        suffix, evidence, ascii_lost = "", None, False
        script = self.script
        if kind == "a":
            e = ord(text[ei])
            m = _READING.match(text, stop)
            if m is not None:
                evidence = m.group(1)
            if k == 0:
                first = _ranked_by_trail(e, script)
                last = None
            else:
                first = _ranked_by_trail(toks[0][0], script)
                det = self.tb.char.get((toks[k - 1][1] << 8) | e)
                if det is None or not lm.known(det):
                    return None
                mids = mids + [det]
                last = None
        else:
            evidence, suffix, scored_stop, next_byte, ascii_lost = self._after_lost_trail(stop)
            first = _ranked_by_trail(toks[0][0], script)
            last = _ranked_by_lead(toks[k - 1][1], script, next_byte)
        right = _right_context(text, scored_stop)
        if ascii_lost:
            # a byte we cannot see stood between: most likely a digit (訊1月, 肥3萬噸)
            right = SWALLOWED_AS + right[:CONTEXT - 1]
        left = self.left
        reads = _reading_of(evidence) if evidence is not None else None
        junk = _junk_leads(self.prev_trail, self.junk) if self.junk and self.prev_trail else frozenset()
        pair = self.tb.pair
        first_extra = {c: JUNK_BONUS for _, c, _ in first[0] if pair[c][0] in junk} if junk else {}
        # Quotation marks pair up: a closing one needs an opening one before it.
        before = text[max(0, self.q - QUOTE_REACH):self.q]
        before = before[before.rfind("\n") + 1:]
        beyond = text[scored_stop:scored_stop + QUOTE_REACH].split("\n", 1)[0]
        known_mid = "".join(mids)
        for c, cost in _quote_costs(before, known_mid + beyond).items():
            first_extra[c] = first_extra.get(c, 0.0) + cost
        last_quotes = _quote_costs(before + known_mid, beyond) if last is not None else {}
        # The slots: the first character (unknown lead), the determined ones, the last.
        if last is None:
            if k == 0:  # one character, [? trail], closing the run
                extra = dict(first_extra)
                if reads is not None:
                    for _, c, _ in first[0]:
                        extra[c] = extra.get(c, 0.0) + (READING_BONUS if c in reads else -READING_BONUS)
                options = [self._top(first, left[-1], right[:1], extra)]
                chain_mids: List[str] = []
            else:
                after = mids[0]
                options = [self._top(first, left[-1], after, first_extra)]
                chain_mids = mids
                if reads is not None:
                    chain_mids = mids  # determined last character: evidence scored below
        else:
            extra = dict(last_quotes)
            if reads is not None:
                for _, c, _ in last[0]:
                    extra[c] = extra.get(c, 0.0) + (READING_BONUS if c in reads else -READING_BONUS)
            if k == 1:
                # Two unknowns side by side: also every pair of them that makes a
                # stored within-word pair (干警), which neither slot alone would rank.
                joint = _joint_pairs(toks[0][0], toks[0][1], next_byte, script)
                options = [self._top(first, left[-1], None, first_extra, {x for x, _ in joint}),
                           self._top(last, None, right[:1], extra, {y for _, y in joint})]
            else:
                options = [self._top(first, left[-1], mids[0], first_extra),
                           self._top(last, mids[-1], right[:1], extra)]
            chain_mids = mids
        if not all(options):
            return None  # an unknown with no candidate at all: no reading of this end
        # Choose with the word model (and the document); unknowns far apart separately.
        mid = "".join(chain_mids)
        if len(options) == 2 and len(chain_mids) >= 3:
            head, tail = mid[:CONTEXT], mid[-CONTEXT:]
            c0, cert0 = self._choose([(o,) for o in options[0]],
                                     lambda c: (left + c[0] + head, (len(left),)), right)
            c1, cert1 = self._choose([(o,) for o in options[1]],
                                     lambda c: (tail + c[0] + right, (len(tail),)), right)
            chosen = (c0[0], c1[0])
            certainty = min(cert0, cert1)
        else:
            if len(options) == 1:
                combos = [(o,) for o in options[0]]
            else:
                combos = [(x, y) for x in options[0] for y in options[1]]
                if not mid:
                    # side by side: by their bigram scores and the pair's (a stable sort)
                    seconds = [y[1] for y in options[1]]
                    keys = [-(x[0] + y[0] + lp) for x in options[0]
                            for y, lp in zip(options[1], lm.logp_row(x[1], seconds))]
                    combos = [combos[i] for i in sorted(range(len(combos)), key=keys.__getitem__)]
                else:
                    combos.sort(key=lambda xy: -(xy[0][0] + xy[1][0]))
                combos = combos[:QUICK_COMBOS]
            if len(options) == 1 and len(mid) > CONTEXT:
                # one unknown before a long run of known characters: only the words
                # within reach of it differ between the candidates
                head = mid[:CONTEXT]
                chosen, certainty = self._choose(combos, lambda c: (left + c[0] + head, (len(left),)), right)
            else:
                chosen, certainty = self._choose(
                    combos, lambda c: (left + c[0] + mid + "".join(c[1:]) + right,
                                       (len(left), len(left) + 1 + len(mid))[:len(c)]), right)
        chars = chosen[0][1] + mid + (chosen[1][1] if len(chosen) > 1 else "")
        bonus = sum(o[2] for o in chosen)
        if last is None and k > 0 and reads is not None:
            bonus += READING_BONUS if chars[-1] in reads else -READING_BONUS
        repaired = self._segment_memo.get(left + chars + right)  # scored by _choose?
        if repaired is None:
            repaired = lm.segment_score(left + chars + right)
        orig = lm.segment_score(left + self._original(scored_stop) + right)
        if last is not None:
            # the last character lost its trail byte: inside a number, which mark it
            # was (3.75, 3,75, 3:75) is not ours to say
            whole = left + chars + right
            i = len(left) + len(chars) - 1
            if i + 1 < len(whole) and whole[i - 1] in ALNUM and whole[i + 1] in ALNUM:
                certainty = -math.inf
        if last is not None and k == 1:
            # two free characters side by side, nothing between them to anchor the
            # choice: many words fit the two known bytes, so ask for a wider lead
            certainty -= ADJACENT_UNKNOWNS
        return repaired + bonus - orig, chars, certainty, stop, suffix, ascii_lost

    def _choose(self, combos, window, right: str):
        """The best combination of candidates by the word model over the text
        ``window(chars)`` gives (with the candidates' positions in it), their evidence
        and the document; and how far it leads the best rival for each unknown."""
        lm = self.lm
        if not combos:
            return (), -math.inf
        windows = [window([o[1] for o in combo]) for combo in combos]
        if len(combos) > 1 and all(len(combo) == 1 for combo in combos):
            # one unknown: what is around it is scored once for all its candidates
            text, (i,) = windows[0]
            base = lm.segment_scores(text[:i], [combo[0][1] for combo in combos], text[i + 1:])
            scored = [b + combo[0][2] for b, combo in zip(base, combos)]
        else:
            seg = self._segment_memo
            scored = []
            for combo, (text, _) in zip(combos, windows):
                s = seg[text] = lm.segment_score(text)
                scored.append(s + sum(o[2] for o in combo))
        # The document's evidence only for the combinations it could lift to the top.
        reach = max(scored) - CACHE_REACH
        cache = self._cache
        scored = [(s + (sum(cache(text, i, right) for i in positions) if s >= reach else 0.0), combo)
                  for s, combo, (text, positions) in zip(scored, combos, windows)]
        self.spent.left -= 30 * len(combos)
        scored.sort(key=lambda x: x[0], reverse=True)
        # Each unknown's lead over the best combination that changes it.
        top, best = scored[0]
        certainty = math.inf
        for j in range(len(best)):
            rival = next((s for s, combo in scored if combo[j][1] != best[j][1]), None)
            if rival is not None:
                certainty = min(certainty, top - rival)
        return best, certainty

    def _top(self, ranked, a: Optional[str], b: Optional[str], extra: Dict[str, float],
             joint: frozenset = frozenset()):
        """The best :data:`QUICK_KEEP` candidates between ``a`` and ``b`` (either may be
        unknown): (bigram score, character, bonus), with the evidence in ``extra``;
        those in ``joint`` (a pair with the other unknown) are kept in any case."""
        lm = self.lm
        rows, index = ranked
        log = math.log
        unknown_p = lm.unknown_han
        end_a = lm.end.get(a, 1.0) if a else 1.0
        base = (log(end_a) if a else 0.0) + (lm.log_follow.get(b, log(unknown_p)) if b else 0.0)
        follow_b = lm.follow.get(b, unknown_p) if b else None
        linked = set(extra)
        linked.update(joint)
        if a:
            row = lm.pairs.get(a)
            if row:
                linked.update(row.keys() & index.keys())
        if b:
            row = lm.rev.get(b)
            if row:
                linked.update(row.keys() & index.keys())
        out = []
        plain = 0
        for prior, c, cost in rows:
            if c in linked:
                continue
            out.append((base + prior + extra.get(c, 0.0), c, cost + extra.get(c, 0.0)))
            plain += 1
            if plain >= QUICK_KEEP:
                break
        pairs, follow, end, log_end = lm.pairs, lm.follow, lm.end, lm.log_end
        row_a = pairs.get(a, {}) if a else None
        # in(c, b) read from b's column (lm.rev holds each pair by its second character)
        row_b = lm.rev.get(b, {}) if b else None
        for c in linked:
            i = index.get(c)
            if i is None:
                continue
            cost = rows[i][2] + extra.get(c, 0.0)
            f = follow.get(c, unknown_p)
            s = log(row_a.get(c, 0.0) + end_a * f) if a else log(f)
            if b:
                s += log(row_b.get(c, 0.0) + end.get(c, 1.0) * follow_b)
            else:
                s += log_end.get(c, 0.0)
            out.append((s + cost, c, cost))
        self.spent.left -= len(out) + len(linked)
        out.sort(reverse=True)
        if joint:
            return out[:QUICK_KEEP] + [o for o in out[QUICK_KEEP:] if o[1] in joint]
        return out[:QUICK_KEEP]

    # -- the full reading: a lattice with dropped pairs, then the word model ------
    def _decide(self, finals: List[_End]) -> List[Resync]:
        """The repair (or finding) the best end makes, against the lossy readings."""
        if not finals:
            return []
        # Longer runs score lower but repair more: rank the ends by their gain
        # over the text as it stands (bigram), then let the word model decide.
        finals = [f._replace(gain=f.gain - self._original_bigram(f.scored_stop, f.right)) for f in finals]
        finals.sort(key=lambda f: f.gain, reverse=True)
        clean = [f for f in finals if not f.state.lost][:MAX_ENDS]
        lossy = [f for f in finals if f.state.lost][:MAX_LOSSY]
        best = lost = None
        for f in clean + lossy:
            if self.spent.left <= 0:
                return self._out_of_budget(self.q + 1)
            gain, chars, average, certainty = self._rescore(f)
            if f.state.lost:
                if lost is None or gain > lost[0]:
                    lost = (gain, f)
            elif best is None or gain > best[0]:
                best = (gain, chars, average, f, certainty)
        q = self.q
        if best is not None and best[0] >= MARGIN and best[2] >= MIN_AVERAGE:
            if lost is None or lost[0] < best[0] - LOSSY_MARGIN:
                gain, chars, average, f, certainty = best
                if certainty < CERTAINTY or self._stray(chars):
                    return [Resync(q, f.stop, None, LOST_CODE, UNCERTAIN_MESSAGE)]
                out = [Resync(q, f.stop, chars + f.suffix, CODE, MESSAGE)]
                if f.ascii_lost:
                    out.append(Resync(f.stop, f.stop, None, LOST_CODE, ASCII_LOST_MESSAGE))
                return out
            return [Resync(q, lost[1].stop, None, LOST_CODE, LOST_MESSAGE)]
        if lost is not None and lost[0] >= MARGIN:
            return [Resync(q, lost[1].stop, None, LOST_CODE, LOST_MESSAGE)]
        return []

    def _out_of_budget(self, p: int) -> List[Resync]:
        """The full reading ran out of its budget: the run is damaged (the quick reading
        found it so), its repair not found in time, so it is reported as uncertain."""
        if self.whole:
            return [Resync(self.q, p + 1, None, LOST_CODE, LOST_MESSAGE)]
        return [Resync(self.q, self.q + 1, None, LOST_CODE, UNCERTAIN_MESSAGE)]

    # -- candidates ------------------------------------------------------------
    def _bonus(self, ch: str) -> float:
        return _script_cost(ch, self.script)

    def _junk_bonus(self, lead: int) -> float:
        """Evidence for a lost lead byte from the junk reading after the '?'."""
        if self.junk is None or self.prev_trail is None:
            return 0.0
        misread = self.tb.char.get((self.prev_trail << 8) | lead)
        return JUNK_BONUS if misread is not None and is_reading(misread, self.junk) else 0.0

    def _by_trail(self, trail: int, start: bool = False, min_lead: int = 0x81) -> Slot:
        """Characters ``[? trail]``; at the start, with the junk-reading evidence."""
        slot = _slot_by_trail(trail, min_lead, self.script)
        if start and self.junk is not None and self.prev_trail is not None:
            pair = self.tb.pair
            return [(ch, b + self._junk_bonus(pair[ch][0])) for ch, b in slot]
        return list(slot)

    def _by_lead(self, lead: int, next_byte: Optional[int]) -> Slot:
        """Characters ``[lead ?]`` whose trail, before ``next_byte``, was undecodable."""
        return list(_slot_by_lead(lead, next_byte, self.script))

    def _firsts(self, lead: int) -> Slot:
        """``[lead X]``: X a trail byte whose pair with the next lead was dropped."""
        char = self.tb.char
        return [(c, self._bonus(c)) for c in (char.get((lead << 8) | x) for x in PUA_TRAILS) if c]

    def _known(self, chars) -> Slot:
        if chars is _pua_trail_chars():
            return list(_known_pua_trail_slot(self.script))
        known = self.lm.known
        return [(c, self._bonus(c)) for c in chars if known(c)]

    # -- the lattice -------------------------------------------------------------
    def _layer(self, j: int, prev: Optional[Layer]) -> Layer:
        """States after junction ``j`` (0: the character whose lead byte was lost)."""
        toks = self.toks
        if j == 0:
            out = self._advance(self.root, self._by_trail(toks[0][0], start=True), True)
            if not self.full:
                return self._beam(out)
            # A lossy reading: the first pair after the lost byte vanished too,
            # so the first character is wholly lost.
            firsts = self._beam(self._advance(self.root, self._known(_pua_trail_chars()), True), 24)
            seconds = self._known(c for c, _ in self._by_trail(toks[0][0], min_lead=0xA1))
            for st in self._advance(firsts, seconds, True).values():
                self._add(out, st, drop=True, lost=1)
            return self._beam(out)
        return self._junction(prev, toks[j - 1][1], toks[j][0])

    def _junction(self, prev: Layer, trail: int, lead: int) -> Layer:
        """The character ``[trail lead]``, or a dropped pair: ``[trail X]`` ``[Y lead]``."""
        out: Layer = {}
        if not prev:
            return out
        ch = self.tb.char.get((trail << 8) | lead)
        if ch is not None:
            out.update(self._advance(prev, [(ch, self._bonus(ch))], False))
        droppable = {k: st for k, st in prev.items() if st.drops < self.max_drops}
        if droppable:
            firsts = self._firsts(trail)
            if firsts:
                mid = self._advance(droppable, firsts, True)
                seconds = self._known(c for c, _ in self._by_trail(lead, min_lead=0xA1))
                if seconds and mid:
                    for st in self._advance(mid, seconds, True).values():
                        self._add(out, st, drop=True)
        return self._beam(out)

    @staticmethod
    def _add(layer: Layer, st: _State, drop: bool = False, lost: int = 0) -> None:
        if drop:
            st.drops += 1
            st.score -= DROP_COST
        st.lost |= lost
        key = (st.char, st.drops, st.lost)
        if key not in layer or layer[key].score < st.score:
            layer[key] = st

    @staticmethod
    def _beam(layer: Layer, size: int = BEAM) -> Layer:
        """The best ``size`` states of each kind (drop count, lossiness)."""
        if len(layer) <= size:
            return layer
        kinds: Dict[Tuple[int, int], list] = {}
        for key, st in layer.items():
            kinds.setdefault(key[1:], []).append((key, st))
        out: Layer = {}
        for items in kinds.values():
            items.sort(key=lambda kv: kv[1].score, reverse=True)
            out.update(items[:size])
        return out

    def _advance(self, prev: Layer, slot: Slot, unknown: bool) -> Layer:
        """One character more: the best state for each candidate (per drop count and lossiness)."""
        lm = self.lm
        ref = slot if unknown else None
        out: Layer = {}
        groups: Dict[Tuple[int, int], List[_State]] = {}
        for st in prev.values():
            groups.setdefault((st.drops, st.lost), []).append(st)
        logp = lm.logp
        first = self.left[-1]
        for (drops, lost), states in groups.items():
            if len(states) * len(slot) <= 256:
                for c, b in slot:
                    best_v, best_st = -1e18, None
                    for st in states:
                        v = st.score + logp(st.char or first, c)
                        if v > best_v:
                            best_v, best_st = v, st
                    out[(c, drops, lost)] = _State(best_v + b, best_st, c, ref, drops, lost)
                self.spent.left -= len(states) * len(slot)
                continue
            # Sparse: a word end then any character, or a stored within-word pair.
            log_end, log_follow, follow, end, pairs = lm.log_end, lm.log_follow, lm.follow, lm.end, lm.pairs
            unknown_log = math.log(lm.unknown_han)
            base_st = max(states, key=lambda st: st.score + log_end.get(st.char or first, 0.0))
            base = base_st.score + log_end.get(base_st.char or first, 0.0)
            bonus = dict(slot)
            best: Dict[str, Tuple[float, _State]] = {
                c: (base + log_follow.get(c, unknown_log), base_st) for c in bonus}
            log = math.log
            for st in states:
                a = st.char or first
                row = pairs.get(a)
                if not row:
                    continue
                e = end.get(a, 1.0)
                if len(row) <= len(bonus):
                    items = [(c, q) for c, q in row.items() if c in bonus]
                else:
                    items = [(c, row[c]) for c in bonus if c in row]
                for c, q in items:
                    v = st.score + log(q + e * follow.get(c, lm.unknown_han))
                    if v > best[c][0]:
                        best[c] = (v, st)
                self.spent.left -= min(len(row), len(bonus))
            self.spent.left -= len(states) + len(slot)
            for c, (v, st) in best.items():
                out[(c, drops, lost)] = _State(v + bonus[c], st, c, ref, drops, lost)
        return out

    def _finish(self, k: int, kind: str, ei: int, layer: Optional[Layer]) -> List[_End]:
        """The best way to close the run at ``text[ei]``, and the best lossy one."""
        text, toks = self.text, self.toks
        stop = scored_stop = ei + 1
        suffix = ""
        evidence = None
        ascii_lost = False
        if kind == "a":
            e = ord(text[ei])
            m = _READING.match(text, stop)
            if m is not None:
                evidence = m.group(1)
            if k == 0:
                finals = self._advance(self.root, self._by_trail(e, start=True), True)
            else:
                finals = self._junction(layer, toks[k - 1][1], e)
        else:
            evidence, suffix, scored_stop, next_byte, ascii_lost = self._after_lost_trail(stop)
            lead = toks[k - 1][1]
            finals = self._advance(layer, self._by_lead(lead, next_byte), True)
            # Lossy: a pair vanished just before, so the last character is wholly lost.
            droppable = {key: st for key, st in layer.items() if st.drops < self.max_drops}
            firsts = self._firsts(lead)
            if droppable and firsts:
                mid = self._advance(droppable, firsts, True)
                if evidence is not None:
                    lost = self._known(c for c in _reading_of(evidence) if self.tb.pair[c][0] >= 0xA1)
                else:
                    lost = self._known(_lost_chars(next_byte, 0xA1))
                for st in self._advance(mid, lost, True).values():
                    self._add(finals, st, drop=True, lost=2)
        right = _right_context(text, scored_stop)
        if ascii_lost:
            right = SWALLOWED_AS + right[:CONTEXT - 1]  # a byte we cannot see stood between
        lm = self.lm
        best: Dict[int, Tuple[float, _State]] = {}
        for st in finals.values():
            s = st.score
            s += _evidence(st.char, evidence)
            s += lm.logp(st.char, right[0]) if right else lm.log_end.get(st.char, 0.0)
            if st.lost not in best or s > best[st.lost][0]:
                best[st.lost] = (s, st)
        return [_End(s, st, stop, suffix, scored_stop, right, evidence, ascii_lost) for s, st in best.values()]

    def _whole_character(self, p: int) -> Optional[_End]:
        """``??``: a lead byte lost and its trail undecodable (or swallowed with a
        reading's '('), recoverable only when a reading after it, or a junk reading
        before it, says which character it was."""
        text, lm = self.text, self.lm
        m = _bare_reading(text, p + 1)
        if m is not None:
            reading = m.group(1)
            cands = [(c, self._bonus(c)) for c in _reading_of(reading) if lm.known(c)]
            stop, scored_stop, suffix, evidence = p + 1, m.end(), "(", reading
        elif self.junk is not None:
            nxt = text[p + 1] if p + 1 < len(text) else None
            pr = self.tb.pair.get(nxt) if nxt else None
            cands = [(c, self._bonus(c) + self._junk_bonus(self.tb.pair[c][0]))
                     for c in _lost_chars(pr[0] if pr else None, 0x81)]
            cands = [(c, b) for c, b in cands if b > 0]  # the junk reading must vouch for the lead
            stop = scored_stop = p + 1
            suffix, evidence = "", None
        else:
            return None
        if not cands:
            return None
        right = _right_context(text, scored_stop)
        best = None
        for st in self._advance(self.root, cands, True).values():
            s = st.score + (READING_BONUS if evidence else 0.0)
            s += lm.logp(st.char, right[0]) if right else 0.0
            if best is None or s > best[0]:
                best = (s, st)
        return _End(best[0], best[1], stop, suffix, scored_stop, right, evidence, False)

    # -- the word model decides ------------------------------------------------
    def _rescore(self, end: _End) -> Tuple[float, str, float]:
        """(gain over the text as it stands, characters, average) for the path of ``end``."""
        lm = self.lm
        left, right, evidence = self.left, end.right, end.evidence
        path = end.state.path()
        chosen = [st.char for st in path]
        bonus = [dict(st.slot).get(st.char, 0.0) if st.slot else 0.0 for st in path]
        bonus[-1] += _evidence(chosen[-1], evidence)
        certainty = math.inf
        unknown = [i for i, st in enumerate(path) if st.slot is not None and len(st.slot) > 1]
        clusters: List[List[int]] = []
        for i in unknown:
            if clusters and i - clusters[-1][-1] <= 2:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        for cl in clusters:
            keep = KEEP.get(len(cl), 2)
            lo, hi = cl[0], cl[-1] + 1
            chain = []
            for i in range(lo, hi):
                if i in cl:
                    slot = path[i].slot
                    if i == len(chosen) - 1 and evidence is not None:
                        slot = [(c, b + _evidence(c, evidence)) for c, b in slot]
                    chain.append(slot)
                else:
                    chain.append([(chosen[i], 0.0)])
            before = chosen[lo - 1] if lo > 0 else left[-1]
            after = chosen[hi] if hi < len(chosen) else (right[:1] or None)
            ranked = self._marginals(chain, before, after)
            options = [ranked[i - lo][:keep] for i in cl]
            lo, hi = cl[0], cl[-1] + 1
            best = None
            second = None
            for combo in product(*options):
                for i, (c, b) in zip(cl, combo):
                    chosen[i] = c
                window = left + "".join(chosen) + right
                a = max(0, len(left) + lo - CONTEXT)
                z = len(left) + hi + CONTEXT
                s = lm.segment_score(window[a:z]) + sum(b + self._cache(chosen, i, right)
                                                        for i, (c, b) in zip(cl, combo))
                if best is None or s > best[0]:
                    best, second = (s, combo), best
                elif second is None or s > second[0]:
                    second = (s, combo)
            if second is not None:
                certainty = min(certainty, best[0] - second[0])
            self.spent.left -= 20 * len(options) * max(len(o) for o in options)
            for i, (c, b) in zip(cl, best[1]):
                chosen[i] = c
                bonus[i] = b
        chars = "".join(chosen)
        repaired = lm.segment_score(left + chars + right)
        score = repaired + sum(bonus) - DROP_COST * end.state.drops
        orig = lm.segment_score(left + self._original(end.scored_stop) + right)
        average = (repaired - lm.segment_score(left) - lm.segment_score(right)) / (len(chars) + 1)
        return score - orig, chars, average, certainty

    def _marginals(self, chain: List[Slot], before: str, after: Optional[str]) -> List[Slot]:
        """Each slot's candidates, best first by their bigram max-marginal in the chain
        between ``before`` and ``after``."""
        lm = self.lm
        log, log_end, log_follow, follow, end, pairs = \
            math.log, lm.log_end, lm.log_follow, lm.follow, lm.end, lm.pairs
        unknown_log, unknown_p = math.log(lm.unknown_han), lm.unknown_han
        n = len(chain)
        fwd: List[Dict[str, float]] = []
        prev: Dict[str, float] = {before: 0.0}
        for slot in chain:
            bonus = dict(slot)
            base = max(v + log_end.get(p, 0.0) for p, v in prev.items())
            cur = {c: base + log_follow.get(c, unknown_log) + b for c, b in bonus.items()}
            for p, v in prev.items():
                row = pairs.get(p)
                if not row:
                    continue
                e = end.get(p, 1.0)
                items = [(c, q) for c, q in row.items() if c in bonus] if len(row) <= len(bonus) \
                    else [(c, row[c]) for c in bonus if c in row]
                for c, q in items:
                    x = v + log(q + e * follow.get(c, unknown_p)) + bonus[c]
                    if x > cur[c]:
                        cur[c] = x
                self.spent.left -= min(len(row), len(bonus))
            self.spent.left -= len(prev) + len(bonus)
            fwd.append(cur)
            prev = cur
        bwd: List[Dict[str, float]] = [dict() for _ in range(n)]
        bwd[n - 1] = {c: (lm.logp(c, after) if after else log_end.get(c, 0.0)) for c in fwd[n - 1]}
        for i in range(n - 2, -1, -1):
            nxt = {c: b + bwd[i + 1][c] for c, b in chain[i + 1]}
            best_next = max(log_follow.get(c, unknown_log) + v for c, v in nxt.items())
            cur = bwd[i]
            for c in fwd[i]:
                x = log_end.get(c, 0.0) + best_next
                row = pairs.get(c)
                if row:
                    e = end.get(c, 1.0)
                    items = [(m, q) for m, q in row.items() if m in nxt] if len(row) <= len(nxt) \
                        else [(m, row[m]) for m in nxt if m in row]
                    for m, q in items:
                        y = log(q + e * follow.get(m, unknown_p)) + nxt[m]
                        if y > x:
                            x = y
                    self.spent.left -= min(len(row), len(nxt))
                cur[c] = x
            self.spent.left -= len(nxt) + len(fwd[i])
        out = []
        for i, slot in enumerate(chain):
            f, b = fwd[i], bwd[i]
            bonus = dict(slot)
            ranked = sorted(slot, key=lambda cb: f[cb[0]] + b[cb[0]], reverse=True)
            out.append([(c, bonus[c]) for c, _ in ranked])
        return out

    def _original(self, stop: int) -> str:
        """The text from the '?' to ``stop`` as the model sees it: each '?', and each
        group of other characters, one :data:`OTHER_MARK`."""
        out: List[str] = []
        grouped = False
        for ch in self.text[self.q:stop]:
            c = _lm_char(ch) if ch != "?" else None
            if c is None:
                if ch == "?" or not grouped:
                    out.append(OTHER_MARK)
                grouped = ch != "?"
            else:
                out.append(c)
                grouped = False
        return "".join(out)

    def _original_bigram(self, stop: int, right: str) -> float:
        """The bigram score of the text from the '?' to ``stop`` as it stands."""
        lm = self.lm
        total = 0.0
        prev: Optional[str] = self.left[-1]
        for ch in self._original(stop):
            if ch == OTHER_MARK:
                total += (lm.log_end.get(prev, 0.0) - OTHER_GROUP) if prev else -OTHER_EXTRA
                prev = None
                continue
            total += lm.logp(prev, ch)
            prev = ch
        if right:
            total += lm.logp(prev, right[0])
        return total

    def _document(self) -> str:
        """The document around the run (readings dropped), for the cache model."""
        doc = self._doc
        if doc is None:
            text, q = self.text, self.q
            stop = getattr(self, "scan_end", q + 1)
            before, after = text[max(0, q - CACHE_WINDOW):q], text[stop:stop + CACHE_WINDOW]
            doc = self._doc = _without_readings(before) + "\x00" + _without_readings(after)
        return doc

    def _cache(self, chosen, i: int, right: str) -> float:
        """Evidence from the document: the character, and it with each neighbour, used
        nearby more often than the model expects (a cache language model).  ``chosen``
        is a list of characters or a string."""
        c = chosen[i]
        if not _is_han(c):
            return 0.0
        before = chosen[i - 1] if i > 0 else self.left[-1]
        after = chosen[i + 1] if i + 1 < len(chosen) else right[:1]
        memo = self._cache_memo
        bonus = memo.get(c)
        if bonus is None:
            bonus = self._cached(c)
        if _is_han(before):
            pair = before + c
            value = memo.get(pair)
            bonus += self._cached(pair) if value is None else value
        if after and _is_han(after):
            pair = c + after
            value = memo.get(pair)
            bonus += self._cached(pair) if value is None else value
        return bonus

    def _cached(self, item: str) -> float:
        """The cache bonus of one character or pair (memoised per run)."""
        memo = self._cache_memo
        value = memo.get(item)
        if value is None:
            doc = self._document()
            counts = self._char_counts
            if len(item) == 1:
                count = counts[item] = doc.count(item)
            elif counts.get(item[0]) == 0 or counts.get(item[1]) == 0:
                count = 0  # a character the document lacks: so does the pair
            else:
                count = doc.count(item)
            # Never more often than expected when never seen: no bonus, whatever expected is.
            value = self._cache_value(item, count, len(doc)) if count else 0.0
            memo[item] = value
            self.spent.left -= len(doc) // 500
        return value

    def _cache_value(self, item: str, count: int, size: int) -> float:
        """The cache bonus of ``item`` seen ``count`` times in a document of ``size``."""
        lm = self.lm
        p = lm.follow.get(item[0], lm.unknown_han)
        if len(item) == 1:
            return CACHE_WEIGHT * _surprise(count, size * p)
        expected = size * p * math.exp(lm.logp(item[0], item[1]))
        return CACHE_PAIR_WEIGHT * _surprise(count, expected)


def _without_readings(text: str) -> str:
    return _READING.sub("", text) if "(" in text else text


def _surprise(count: int, expected: float) -> float:
    """How much more often than expected something occurs (log ratio, 0 if not more, capped)."""
    return min(max(0.0, math.log((count + 1) / (expected + 1))), CACHE_CAP)
