"""What every gap rule shares: the hit it returns and the character classes it reads.

A rule is a function ``find(text) -> list[Hit]`` over the *clean* text.  Hits
are in the coordinates of that text; :func:`gaptext.gaps.detect` turns them
into :class:`~gaptext.report.Gap` objects located in the source as well.

Speed matters: every rule scans with a regex that starts with a *literal*
character (``年``, ``%``, ``“`` ...), which CPython's ``re`` finds with a fast
search, and checks the few candidates in Python.  A pattern that starts with
a character class or a look-behind costs ten times more on a megabyte.

Even so each scan of a megabyte costs about a third of a millisecond, and the
families hold some forty patterns, most led by a character every Chinese text
has.  So the patterns name the characters that may stand right before and
after their lead (:class:`Anchored`'s ``before``/``after``), and one pass
over a text (:func:`prescan`: a small C loop where it was compiled at
install, numpy otherwise) finds the places where each may match; the
regex then checks only those, or none at all for a pattern whose classes
say all it asks (``exact``: a lead and one-character look-arounds).  (One
``re`` scan for all the leads at once, with a character class in front, is
slower than the forty: ``re`` tests a class character by character.  Nor
is an Aho-Corasick matcher faster: pyahocorasick 2.3 and ahocorasick_rs 1.0
take 3 to 4.5 times as long as the whole numpy prescan just to list the leads of
the benchmark's redacted corpora.)  Texts shorter than
:data:`PRESCAN_MIN_LENGTH` are scanned pattern by pattern.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache, partial, wraps

import numpy as np
from typing import Callable, Dict, List, NamedTuple, Optional

try:
    from . import _prescan as _native  # the prescan in C, built where a C compiler was at hand
except ImportError:
    _native = None

__all__ = [
    "Anchored",
    "Hit",
    "hit_from_fields",
    "hit_maker",
    "per_text",
    "HAN",
    "HAN_NUMERALS",
    "NUMERALS",
    "is_han",
    "is_numeral",
    "line_start",
    "before_spaces",
    "SPACES",
    "chinese_numeral",
    "parse_chinese_numeral",
    "resolve",
    "ascii_part",
    "may_contain",
    "prescanned",
    "no_places",
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


#: ``Hit(start, end, kind, code, message, confidence, suggestion)`` from one
#: tuple of all seven fields, without the argument handling of a NamedTuple's
#: ``__new__`` (a third cheaper; a damaged document makes thousands of hits).
hit_from_fields = partial(tuple.__new__, Hit)


def hit_maker(kind: str, rules: Dict[str, str]) -> Callable[..., Hit]:
    """A family's ``hit(start, end, code, confidence, suggestion=None)``: a :class:`Hit`
    of ``kind`` with the message of its rule ``code``.

    >>> hit = hit_maker("year", {"G101": "year cut"})
    >>> hit(3, 3, "G101", 0.9)
    Hit(start=3, end=3, kind='year', code='G101', message='year cut', confidence=0.9, suggestion=None)
    """
    def hit(start: int, end: int, code: str, confidence: float, suggestion: Optional[str] = None) -> Hit:
        return hit_from_fields((start, end, kind, code, rules[code], confidence, suggestion))

    return hit


def per_text(func: Callable[[str], list]) -> Callable[[str], list]:
    """``func(text)``, kept for the last text (and :data:`PRESCAN` setting) it was asked for.

    For the work both passes of :func:`gaptext.gaps.find_gaps` ask for (the
    strong frames, then the weak ones of a damaged text).  The last answer is
    ``wrapper.memo[0]``: (text, PRESCAN, result).
    """
    memo: list = [None]

    @wraps(func)
    def wrapper(text: str) -> list:
        last = memo[0]
        if last is not None and last[0] is text and last[1] == PRESCAN:
            return last[2]
        result = func(text)
        memo[0] = (text, PRESCAN, result)
        return result

    wrapper.memo = memo
    return wrapper


#: Han ideographs (a regex class body): CJK Unified, Extension A, compatibility.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: Numerals written in Han characters, and words that stand for a quantity.
HAN_NUMERALS = "〇零一二三四五六七八九十百千万亿两廿卅"

#: Everything that can stand right before a unit or 年 in an intact number
#: (○, a white circle, is often typed for 〇: 一九九○年).
NUMERALS = frozenset("0123456789０１２３４５６７８９" + HAN_NUMERALS + "○几数")

#: The blanks the rules look past (a neighbour across spaces is still a neighbour).
SPACES = " \t\u3000\xa0"


def is_han(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") or ("\uf900" <= ch <= "\ufaff")


def is_numeral(ch: str) -> bool:
    return ch in NUMERALS


def before_spaces(text: str, i: int) -> int:
    """The index of the last character before ``i`` that is not a space (-1 if none)."""
    j = i - 1
    while j >= 0 and text[j] in SPACES:
        j -= 1
    return j


def line_start(text: str, i: int) -> bool:
    """True when only spaces stand between the start of the line and ``i``."""
    j = before_spaces(text, i)
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
    last = None
    a0 = a1 = -1  # the span of ``last``
    for h in sorted(hits):
        b0, b1 = h[0], h[1]
        # Most hits stand apart: after the end of the last one (or at its
        # point, with a span of their own).  Only the others are tested.
        if last is not None and (b0 < a1 or (b0 == a0 and b1 == a1)):
            # Do last and h (last <= h) overlap?  The same span; or a point strictly
            # inside the other's span; or spans that share a character.  Tested
            # inline (tests/test_gaps_speed_invariants.py holds this to the plain
            # statement).
            if (a0 == b0 and a1 == b1) or (a0 != a1 and (a0 < b0 < a1 if b0 == b1 else b0 < a1)):
                if _rank(h) < _rank(last):
                    out[-1] = last = h
                    a0, a1 = b0, b1
                continue
        out.append(h)
        last = h
        a0, a1 = b0, b1
    return out


_ascii_memo: list = [None, b""]


def ascii_part(text: str) -> bytes:
    """The ASCII characters of ``text``, as bytes (one C pass, remembered for the last text).

    Rules anchored on ASCII marks (``*``, ``X``, ``%``, ``(``) skip their scan
    when the mark is absent, which it is in most Chinese text (see
    :func:`may_contain`).
    """
    if _ascii_memo[0] is not text:
        _ascii_memo[1] = text.encode("ascii", "ignore")
        _ascii_memo[0] = text
    return _ascii_memo[1]


def prescanned(text: str) -> bool:
    """Is ``text`` long enough for the prescan (and the prescan on)?"""
    return PRESCAN and len(text) >= PRESCAN_MIN_LENGTH


def may_contain(text: str, marks: bytes) -> bool:
    """False when ``text`` surely lacks the ASCII ``marks``: a gate before scanning for them.

    Below :data:`PRESCAN_MIN_LENGTH` this asks :func:`ascii_part`; a longer
    text is prescanned, whose places are gate enough, and the answer is True
    without the encoding pass.
    """
    return prescanned(text) or marks in ascii_part(text)


#: Switch for tests and benchmarks: False runs every pattern as a whole-text
#: ``re`` scan, as the rules were first written (the results are the same).
PRESCAN = True

#: The prescan's engine: ``"c"``, the compiled scanner of ``_prescan.c``
#: (where it was built), or ``"numpy"``.  Both find the same places
#: (tests/test_gaps_native.py); the C one in a third of the time.
ENGINE = "c" if _native is not None else "numpy"

#: Below this length a text is scanned pattern by pattern: the numpy pass's
#: fixed cost (a dozen numpy calls, some 20 µs) exceeds what it saves.  A call
#: of the C scanner costs next to nothing, and it serves texts of any length.
_MIN_LENGTH = {"c": 0, "numpy": 2000}
PRESCAN_MIN_LENGTH = _MIN_LENGTH[ENGINE]


def use_engine(name: str) -> None:
    """Run the prescan on ``name`` (``"c"`` or ``"numpy"``) from now on, with the
    shortest text that engine serves: for benchmarks and tests."""
    global ENGINE, PRESCAN_MIN_LENGTH
    if name not in _MIN_LENGTH:
        raise ValueError(f"no prescan engine {name!r}: 'c' or 'numpy'")
    if name == "c" and _native is None:
        raise RuntimeError("the C prescan was not built here (no C compiler at install)")
    ENGINE, PRESCAN_MIN_LENGTH = name, _MIN_LENGTH[name]
    _last_prescan[0] = None

#: A pattern with more places than this share of the text's characters (a
#: megabyte of “”) is scanned by ``re``, which goes through them in C ...
PRESCAN_MAX_DENSITY = 1 / 16

#: ... unless it has no more than this many (a short text's few places are
#: checked one by one sooner than ``re`` scans it).
PRESCAN_FEW = 64

#: The patterns the prescan serves, each with its bit (1 << index); at most 64.
_REGISTRY: List["Anchored"] = []
_tables: list = [None]
_SENTINEL = 0xFFFF  # stands for "no character" (text edges) and for characters beyond the BMP
# (U+FFFF itself is no lead and is read as the sentinel too.)


@lru_cache(maxsize=None)
def _class_chars(body: str) -> tuple:
    """The code points the positive class ``[body]`` accepts, found by ``re`` itself over the BMP."""
    return tuple(ord(c) for c in re.findall("[" + body + "]", _all_bmp()))


_bmp: list = []


def _all_bmp() -> str:
    if not _bmp:
        _bmp.append("".join(map(chr, range(0x10000))))
    return _bmp[0]


def _side_table(classes) -> tuple:
    """For (bit, class, exact) triples: the class id of each BMP character (uint8) and the bits of each id.

    Most characters are named by no class and share one id; only the few
    hundred the classes list get their own: 64 KB per table keeps the
    prescan (and the repair steps around it) in the CPU's cache.
    """
    everyone = 0  # bits of the patterns that accept a character no class lists
    plan = []
    for bit, cls, _ in classes:
        if cls is None:
            everyone |= bit
            continue
        negated = cls.startswith("[^")
        if negated:
            everyone |= bit
        plan.append((bit, negated, _class_chars(cls[2:-1] if negated else cls[1:-1])))
    listed = {}
    for bit, negated, chars in plan:
        for o in chars:
            listed.setdefault(o, everyone)
    for bit, negated, chars in plan:
        for o in chars:
            listed[o] = listed[o] & ~bit if negated else listed[o] | bit
    # An edge of the text, or a character beyond the BMP: every class lets it
    # pass, and the regex decides.  An exact pattern has no regex to ask: there
    # its class decides, as its look-around would (no character, or one beyond
    # the BMP, is in a positive class, and in no negated one).
    listed[_SENTINEL] = 0
    for bit, cls, exact in classes:
        if not (exact and cls is not None and not cls.startswith("[^")):
            listed[_SENTINEL] |= bit
    values = [everyone] + sorted(set(listed.values()) - {everyone})
    ids = {v: k for k, v in enumerate(values)}
    table = np.zeros(0x10000, dtype=np.uint8 if len(values) <= 0x100 else np.uint16)
    for o, v in listed.items():
        table[o] = ids[v]
    return table, np.array(values, dtype=np.uint64)


def _build_tables() -> tuple:
    """The prescan's lookup tables for the registered patterns (rebuilt when one is added)."""
    tables = _tables[0]
    if tables is not None and tables[0] == len(_REGISTRY):
        return tables
    leads = sorted({a.lead for a in _REGISTRY})
    lead_id = np.zeros(0x10000, dtype=np.uint8)
    lead_bits = np.zeros(len(leads) + 1, dtype=np.uint64)
    for k, lead in enumerate(leads, 1):
        lead_id[ord(lead)] = k
    for a in _REGISTRY:
        lead_bits[lead_id[ord(a.lead)]] |= np.uint64(a.bit)
    prev_class, prev_bits = _side_table([(a.bit, a.before, a.exact) for a in _REGISTRY])
    next_class, next_bits = _side_table([(a.bit, a.after, a.exact) for a in _REGISTRY])
    tables = (len(_REGISTRY), lead_id, lead_bits, prev_class, prev_bits, next_class, next_bits)
    _tables[0] = tables + (_native_tables(*tables[1:]),)
    return _tables[0]


def _native_tables(lead_id, lead_bits, prev_class, prev_bits, next_class, next_bits):
    """The tables as the C scanner reads them (each bits table padded to 256), or None
    when a class table outgrew a byte (the numpy pass then serves)."""
    if _native is None or prev_class.dtype != np.uint8 or next_class.dtype != np.uint8:
        return None
    padded = []
    for bits in (lead_bits, prev_bits, next_bits):
        table = np.zeros(256, dtype=np.uint64)
        table[:len(bits)] = bits
        padded.append(table)
    return (lead_id, padded[0], prev_class, padded[1], next_class, padded[2])


def _code_units(text: str):
    """``text``'s code points, one uint32 per character, then one to eight :data:`_SENTINEL`.

    (numpy widens the string in one copy.)  The sentinel is what stands after
    the last character, and before the first: index -1 reads it too.  The
    length is a multiple of eight, for :func:`_nonzero_bytes`.
    """
    return np.frombuffer(np.array(text + "\uffff" * (8 - len(text) % 8)), np.uint32)


#: The last text prescanned: (text, {bit: places}, the most places a pattern
#: may have there and be served, -1 for a text too short to be served).
_last_prescan: list = [None]


def prescan(text: str) -> Dict[int, List[int]]:
    """Where each registered pattern may match in ``text``: {bit: sorted positions}.

    One pass finds every lead character, and the characters right
    before and after each: a place is kept for a pattern when its lead is
    there and both neighbours pass the pattern's ``before``/``after`` classes
    (necessary conditions of a match).  The pattern's own regex then checks
    each kept place (an ``exact`` pattern's places are its matches); in clean
    text they are a few per thousand characters.  Computed once per text (the
    last text's result is kept), by the compiled scanner where it was built
    and by numpy otherwise (:data:`ENGINE`).
    """
    last = _last_prescan[0]
    if last is not None and last[0] is text:
        return last[1]  # (a pattern registered since then has cleared this)
    tables = _build_tables()
    if ENGINE == "c" and tables[7] is not None:
        found = _native.scan(text, *tables[7])
    else:
        found = _numpy_pass(text, *tables[1:7])
    limit = max(len(text) * PRESCAN_MAX_DENSITY, PRESCAN_FEW) if len(text) >= PRESCAN_MIN_LENGTH else -1
    _last_prescan[0] = (text, found, limit)
    return found


def _numpy_pass(text: str, lead_id, lead_bits, prev_class, prev_bits, next_class, next_bits) -> Dict[int, List[int]]:
    """:func:`prescan`'s places, found with numpy: the reference the C scanner is held to."""
    found = {}
    codes = _code_units(text)
    # (mode="clip": a character beyond the BMP reads as _SENTINEL, no lead; see _side_table)
    ids = lead_id.take(codes, mode="clip")
    cand = _nonzero_bytes(ids)
    if len(cand):
        bits = lead_bits.take(ids.take(cand))
        bits &= prev_bits.take(prev_class.take(codes.take(cand - 1), mode="clip"))
        bits &= next_bits.take(next_class.take(codes.take(cand + 1), mode="clip"))
        keep = bits.nonzero()[0]
        if len(keep):
            found = _by_bit(cand.take(keep), bits.take(keep))
    return found


def _nonzero_bytes(ids):
    """The indices of the nonzero bytes of ``ids`` (``ids.nonzero()[0]``, sooner;
    ``len(ids)`` a multiple of eight).

    numpy looks for the nonzero elements of a sparse bool array one at a
    time, and one lead in fifteen characters is sparse enough for that slow
    path.  Read eight bytes at a time, four in ten words hold a lead: that
    is dense, and so are the bytes of those words.
    """
    words = ids.view(np.uint64)
    k = (words != 0).nonzero()[0]
    b = words.take(k).view(np.bool_).nonzero()[0]
    return (k.take(b >> 3) << 3) | (b & 7)


def _by_bit(places, bits) -> Dict[int, List[int]]:
    """{bit: sorted places}: the places grouped by each bit set in ``bits``.

    A stable sort by bits puts each pattern's places together, still in text
    order, so each group is one slice of one list; a place that several
    patterns keep (a few in a thousand) is merged into each of theirs.
    """
    order = bits.argsort(kind="stable")
    bits = bits.take(order)
    places = places.take(order).tolist()
    starts = ((bits[1:] != bits[:-1]).nonzero()[0] + 1).tolist()
    values = bits.tolist()
    found: Dict[int, List[int]] = {}
    shared = []
    start = 0
    for end in starts + [len(places)]:
        value = values[start]
        group = places[start:end]
        start = end
        if value & (value - 1):
            shared.append((value, group))
        else:
            found[value] = group
    for value, group in shared:
        while value:
            low = value & -value
            found[low] = sorted(found.get(low, []) + group)
            value ^= low
    return found


def _top_level_bar(rest: str) -> bool:
    """Does ``rest`` hold a ``|`` outside any group (then not every match starts with the lead)?"""
    depth, i, in_class = 0, 0, False
    while i < len(rest):
        c = rest[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if rest[i + 1:i + 2] == "^":
                i += 1
            if rest[i + 1:i + 2] == "]":
                i += 1  # a ']' first in a class is literal
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def no_places(text: str, patterns) -> bool:
    """True when the prescan serves ``text`` and finds no place for any of ``patterns``.

    A family whose patterns all have no place there returns at once, instead
    of asking each pattern in turn.
    """
    if not prescanned(text):
        return False
    found = prescan(text)
    for a in patterns:
        if not a.bit or a.bit in found:
            return False
    return True


class Anchored:
    """A regex that starts with a literal character, skipped when that character is absent.

    ``ch in text`` runs at memchr speed and is several times cheaper than a
    scan, so texts without the anchor (most texts, for the rarer rules) pay
    almost nothing.  The pattern must begin with a literal character
    (``年``, ``”``, ``\\(``).

    But a lead like 年 or 、 is in every Chinese text, and each ``re`` scan
    of a megabyte costs a third of a millisecond however few its matches; the
    families hold some forty such patterns.  So a pattern may name the
    characters that can stand right ``before`` and ``after`` its lead when it
    matches (one-character regex classes, necessary conditions, ``None`` for
    any): then :func:`prescan` finds its candidate places, for all such
    patterns at once, and the regex only checks those.  The matches are
    exactly those of ``regex.finditer`` (``PRESCAN = False`` runs that).

    >>> scan = Anchored("籍(?<=的籍)")
    >>> [m.start() for m in scan.finditer("在沪的籍人士")], list(scan.finditer("没有"))
    ([3], [])
    >>> ji = Anchored("籍(?<=的籍)(?!贯)", before="[的]", after="[^贯]")
    >>> text = "在沪的籍人士，他的籍贯，" * 200
    >>> [m.start() for m in ji.finditer(text)][:2], ji.search(text, 4).start()
    ([3, 15], 15)

    A pattern whose ``before``/``after`` classes say all its regex asks (the
    lead and one-character look-arounds, as ``ji`` above) may be declared
    ``exact``: then :meth:`starts` takes the prescan's places as the matches
    (tests/test_gaps_exact.py holds every exact pattern to its regex).

    >>> ji = Anchored("籍(?<=的籍)(?!贯)", before="[的]", after="[^贯]", exact=True)
    >>> ji.starts(text)[:2], ji.starts("在沪的籍")
    ([3, 15], [3])
    """

    __slots__ = ("regex", "lead", "before", "after", "bit", "exact")

    def __init__(self, pattern: str, before: Optional[str] = None, after: Optional[str] = None,
                 prescan: bool = False, exact: bool = False):
        self.regex = re.compile(pattern)
        lead = pattern[1] if pattern[0] == "\\" else pattern[0]
        if lead in "[(.^$*+?{|" and pattern[0] != "\\":
            raise ValueError(f"pattern must start with a literal character: {pattern!r}")
        rest = pattern[2:] if pattern[0] == "\\" else pattern[1:]
        if rest[:1] in ("*", "+", "?", "{") or _top_level_bar(rest):
            raise ValueError(f"every match must start with the literal character: {pattern!r}")
        if exact and before is None and after is None:
            raise ValueError(f"an exact pattern names its before or after class: {pattern!r}")
        self.lead = lead
        self.before = before
        self.after = after
        self.exact = exact
        self.bit = 0
        if (prescan or before is not None or after is not None) and len(_REGISTRY) < 64 and ord(lead) < _SENTINEL:
            for cls in (before, after):
                if cls is not None and not (cls.startswith("[") and cls.endswith("]")):
                    raise ValueError(f"before/after must be a one-character class like '[的]': {cls!r}")
            self.bit = 1 << len(_REGISTRY)
            _REGISTRY.append(self)
            _last_prescan[0] = None  # (a text prescanned before knows nothing of this pattern)

    def places(self, text: str):
        """Where the pattern may match in ``text`` (the prescan's places, sorted), or None
        when ``re`` should scan instead (a short text, dense places, no prescan)."""
        if not (self.bit and PRESCAN):
            return None
        last = _last_prescan[0]
        if last is not None and last[0] is text:
            found, limit = last[1], last[2]
        elif len(text) < PRESCAN_MIN_LENGTH:
            return None
        else:
            found = prescan(text)
            limit = _last_prescan[0][2]
        places = found.get(self.bit, ())
        # (dense places, a megabyte of “”: re's scan goes through them in C)
        return places if len(places) <= limit else None

    def _verified(self, text: str, places, pos: int, first: bool = False) -> list:
        """The matches among ``places``, as ``finditer(text, pos)`` gives them."""
        match = self.regex.match
        out = []
        end = pos
        for p in places[bisect_left(places, pos):] if pos else places:
            if p < end:
                continue  # inside the previous match (finditer does not overlap)
            m = match(text, p)
            if m:
                out.append(m)
                if first:
                    break
                end = m.end()
        return out

    def starts(self, text: str) -> List[int]:
        """Where the matches of ``finditer(text)`` start.

        For an ``exact`` pattern these are the prescan's places, unchecked.
        """
        places = self.places(text) if self.exact else None
        if places is None:
            return [m.start() for m in self.finditer(text)]
        return list(places)

    def finditer(self, text: str, pos: int = 0):
        places = self.places(text)
        if places is None:
            return self.regex.finditer(text, pos) if self.lead in text else iter(())
        return iter(self._verified(text, places, pos) if places else ())

    def search(self, text: str, pos: int = 0):
        places = self.places(text)
        if places is None:
            return self.regex.search(text, pos) if self.lead in text else None
        found = self._verified(text, places, pos, first=True) if places else None
        return found[0] if found else None

    def findall(self, text: str) -> list:
        places = self.places(text)
        if places is None:
            return self.regex.findall(text) if self.lead in text else []
        matches = self._verified(text, places, 0) if places else []
        groups = self.regex.groups
        if groups == 0:
            return [m.group() for m in matches]
        if groups == 1:
            return [m.groups("")[0] for m in matches]
        return [m.groups("") for m in matches]
