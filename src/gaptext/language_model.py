"""A small character language model for choosing between repairs.

Built by ``tools/build_encoding_model.py`` from jieba's word list (MIT), each
word also spelt traditional by OpenCC (Apache-2.0); see
``data/SOURCES.md``.  It is the character bigram that a word-unigram model
implies: the next character either continues the current word (a stored
within-word pair) or, when the current character ends its word, starts a new
word or is a punctuation mark::

    P(b | a) = in(a, b)  +  end(a) * ((1 - PUNCT) * start(b) + PUNCT * mark(b))

The punctuation share and the relative frequencies of the marks are set by
hand (:data:`MARKS`): the word list has none.  So are fullwidth digits and
Latin letters (:data:`ALNUM`, GBK's, which damaged documents show folded to
ASCII): a run of them is one token, a number or a code, that starts with a
hand-set share and goes on with a hand-set chance after each character; a
number is often followed by its unit, one of the single-character words jieba
tags as numeral or measure word (``data/hanzi_units.tsv``: 年 月 日 个 万 ...).  Scores are natural-log
probabilities; only differences between candidates matter.

>>> lm = model()
>>> lm.logp("當", "地") > lm.logp("當", "厝") + 5
True
>>> lm.logp("固", "。") > lm.logp("固", "模")
True
>>> lm.segment_score("共１９９８年") > lm.segment_score("共１Ｂ９８年")    # a number, not a code
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from itertools import chain, repeat
from operator import itemgetter
from typing import Callable, Dict, List, Optional, Tuple

from . import datafile

__all__ = ["model", "CharModel", "MARKS", "PUNCT", "OTHER_MARK", "OTHER_GROUP", "SEPARATORS", "ALNUM"]

#: Share of "words" that are punctuation marks, and each mark's share of them
#: (hand-set priors; ASCII marks count as their fullwidth forms).
PUNCT = 0.15
MARKS = {
    "，": 0.40, "。": 0.22, "、": 0.12, "；": 0.03, "：": 0.04, "“": 0.05, "”": 0.05,
    "！": 0.01, "？": 0.01, "（": 0.015, "）": 0.015, "《": 0.01, "》": 0.01, "—": 0.01,
    "…": 0.005, "·": 0.003,
}
#: -ln start(b) for a Han character the table does not know.
UNKNOWN_HAN = 19.0
#: -ln P for any other character (kana, symbols, letters) between Han text.
OTHER = 21.0
#: ln P of a single Han character that is no word of the list.
UNKNOWN_WORD = -20.0
#: Stands for a group of characters the model does not cover, in :meth:`CharModel.segment_score`.
OTHER_MARK = "\x00"
#: Cost of such a group (a ``?`` or stray letters inside Han text are rare),
#: and of each further one right after it.
OTHER_GROUP = 14.0
OTHER_EXTRA = 4.0
#: Marks that separate clauses; one right after another is rare (``，。``).
SEPARATORS = frozenset("，。、；：！？")
SEPARATOR_AFTER_SEPARATOR = 6.0
#: Longest word in the list.
MAX_WORD = 4
#: Fullwidth digits and Latin letters (GBK's, which the sites folded to ASCII): the
#: model reads a run of them as one token, a number or a code, as ASCII text is
#: read between Chinese.  Share of tokens that are a number, a letter run; the
#: chance that a run goes on after each character.
DIGITS = frozenset(chr(c) for c in range(0xFF10, 0xFF1A))
LETTERS = frozenset(chr(c) for c in range(0xFF21, 0xFF3B)) | frozenset(chr(c) for c in range(0xFF41, 0xFF5B))
ALNUM = DIGITS | LETTERS
NUMBER_SHARE = 0.003
LETTER_SHARE = 0.001
#: P(the next character is a digit | a digit), a letter after a letter, and either
#: after the other kind (``B52``, ``2K``).
DIGIT_GOES_ON = 0.6
LETTER_GOES_ON = 0.3
ALNUM_SWITCH = 0.005
#: The chance that a number is followed by a unit or measure word (``data/hanzi_units.tsv``:
#: 年 月 日 个 万 元 ...), and the share of ``％`` among those (the word list has no marks).
UNIT_AFTER = 0.25
PERCENT_SHARE = 0.05


class CharModel:
    """The loaded tables and the scoring function."""

    def __init__(self, chars: Dict[str, Tuple[float, float, str]], pairs: Dict[str, Dict[str, float]],
                 words: Dict[str, float], units: Optional[Dict[str, float]] = None,
                 stems: Optional[set] = None):
        # chars: -ln start, -ln end, script; ``stems`` (every proper beginning of a
        # word) is derived from ``words`` unless given.  The columns repeat a few
        # dozen values: each function of one is computed once.
        names = list(chars)
        starts = [v[0] for v in chars.values()]
        ends = [v[1] for v in chars.values()]
        exp, log = math.exp, math.log
        end_p = {e: exp(-e) for e in set(ends)}
        follow_p = {s: (1 - PUNCT) * exp(-s) for s in set(starts)}
        log_follow_p = {s: log(p) for s, p in follow_p.items()}
        self.start = dict(zip(names, starts))
        self.end = dict(zip(names, map(end_p.__getitem__, ends)))
        self.log_end = {c: -e for c, e in zip(names, ends)}
        self.script = {c: v[2] for c, v in chars.items() if v[2] != "-"}
        self.pairs = pairs
        # b -> {a: in(a, b)}: the pairs by their second character.
        self.rev = _ByColumn(pairs)
        self.words = words
        # (1 - PUNCT) * start(b) and PUNCT * mark(b): what follows a word end.
        self.follow = dict(zip(names, map(follow_p.__getitem__, starts)))
        for mark, share in MARKS.items():
            self.follow[mark] = PUNCT * share
        self.unknown_han = (1 - PUNCT) * math.exp(-UNKNOWN_HAN)
        self.other = math.exp(-OTHER)
        self.log_follow = dict(zip(names, map(log_follow_p.__getitem__, starts)))
        for mark in MARKS:
            self.log_follow[mark] = log(self.follow[mark])
        # Every proper beginning of a longer word: where a segmentation may go on.
        self.stems = _stems(words) if stems is None else stems
        # Word scores: dictionary words and the marks, as ln P.
        for mark, share in MARKS.items():
            words[mark] = math.log(PUNCT * share)
        # Runs of fullwidth digits or letters: a token that starts with one, goes on
        # (a stored pair) or ends (a word end) after each.
        for group, share in ((DIGITS, NUMBER_SHARE), (LETTERS, LETTER_SHARE)):
            for c in group:
                self.follow[c] = share / len(group)
                self.log_follow[c] = math.log(share / len(group))
        # What follows a number: its unit, as a stored pair of each digit.
        shares = dict(units or {})
        if shares:
            scale = 1 - PERCENT_SHARE
            shares = {u: v * scale for u, v in shares.items()}
            shares["％"] = PERCENT_SHARE
        self.unit_after = {u: math.log(UNIT_AFTER * v) for u, v in shares.items()}
        self._alnum_on: Dict[str, float] = {}
        for c in ALNUM:
            same, other = (DIGITS, LETTERS) if c in DIGITS else (LETTERS, DIGITS)
            on = DIGIT_GOES_ON if c in DIGITS else LETTER_GOES_ON
            row = {d: on / len(same) for d in same}
            row.update({d: ALNUM_SWITCH / len(other) for d in other})
            end_c = 1 - on - ALNUM_SWITCH
            if c in DIGITS and shares:
                end_c -= UNIT_AFTER
                for u, v in shares.items():
                    row[u] = UNIT_AFTER * v
            self.end[c] = end_c
            self.log_end[c] = math.log(end_c)
            self.pairs[c] = row
            for d, q in row.items():
                self.rev.add(c, d, q)
                if d in ALNUM:
                    self._alnum_on[c + d] = math.log(q)
        self._alnum_start = {c: math.log(self.follow[c]) for c in ALNUM}

    def known(self, char: str) -> bool:
        return char in self.follow

    def logp(self, a: Optional[str], b: str) -> float:
        """ln P(b | a); ``a`` is ``None`` (or anything unknown) at a boundary."""
        end = self.end.get(a, 1.0) if a is not None else 1.0
        follow = self.follow.get(b)
        if follow is None:
            follow = self.unknown_han if _is_han(b) else self.other
        p = end * follow
        if a in SEPARATORS and b in SEPARATORS:
            p *= _SEPARATOR_FACTOR
        if a is not None:
            row = self.pairs.get(a)
            if row is not None:
                q = row.get(b)
                if q is not None:
                    p += q
        return math.log(p)

    def logp_row(self, a: Optional[str], bs) -> List[float]:
        """``[logp(a, b) for b in bs]``, looking up what depends on ``a`` once."""
        end = self.end.get(a, 1.0) if a is not None else 1.0
        row = self.pairs.get(a) if a is not None else None
        follows, unknown_han, other = self.follow, self.unknown_han, self.other
        sep = a in SEPARATORS
        log = math.log
        out = []
        for b in bs:
            follow = follows.get(b)
            if follow is None:
                follow = unknown_han if _is_han(b) else other
            p = end * follow
            if sep and b in SEPARATORS:
                p *= _SEPARATOR_FACTOR
            if row is not None:
                q = row.get(b)
                if q is not None:
                    p += q
            out.append(log(p))
        return out

    def segment_score(self, text: str) -> float:
        """ln P of ``text`` under its best segmentation into words (jieba's model).

        ``OTHER_MARK`` stands for a group of characters the model does not
        cover (``?``, letters): it costs :data:`OTHER_GROUP` and no word spans it.
        """
        words_get, stems, unit_after = self.words.get, self.stems, self.unit_after
        alnum, separators, digits = ALNUM, SEPARATORS, DIGITS
        n = len(text)
        best = [0.0] + [-1e18] * n
        prev = None  # text[i - 1]
        for i, ch in enumerate(text):
            here = best[i]
            if ch == OTHER_MARK:
                cost = OTHER_EXTRA if prev == OTHER_MARK else OTHER_GROUP
                if here - cost > best[i + 1]:
                    best[i + 1] = here - cost
                prev = ch
                continue
            if ch in alnum:
                w = self._alnum_on[prev + ch] if prev in alnum else self._alnum_start[ch]
                if here + w > best[i + 1]:
                    best[i + 1] = here + w
                prev = ch
                continue
            w = words_get(ch)
            if w is None:
                w = UNKNOWN_WORD if _is_han(ch) else -OTHER
            elif prev in separators and ch in separators:
                w -= SEPARATOR_AFTER_SEPARATOR
            if prev in digits:
                u = unit_after.get(ch)
                if u is not None and u > w:
                    w = u  # a unit after a number
            if here + w > best[i + 1]:
                best[i + 1] = here + w
            prev = ch
            if ch not in stems:
                continue
            for j in range(i + 2, min(n, i + MAX_WORD) + 1):
                piece = text[i:j]
                w = words_get(piece)
                if w is not None and here + w > best[j]:
                    best[j] = here + w
                if piece not in stems:
                    break  # no longer word starts so
        return best[n]

    def _token(self, prev: Optional[str], ch: str) -> float:
        """ln P of ``ch`` as a token of its own after ``prev`` (as :meth:`segment_score`)."""
        if ch == OTHER_MARK:
            return -(OTHER_EXTRA if prev == OTHER_MARK else OTHER_GROUP)
        if ch in ALNUM:
            return self._alnum_on[prev + ch] if prev is not None and prev in ALNUM else self._alnum_start[ch]
        w = self.words.get(ch)
        if w is None:
            w = UNKNOWN_WORD if _is_han(ch) else -OTHER
        elif prev is not None and ch in SEPARATORS and prev in SEPARATORS:
            w -= SEPARATOR_AFTER_SEPARATOR
        if prev is not None and prev in DIGITS:
            u = self.unit_after.get(ch)
            if u is not None and u > w:
                w = u
        return w

    def segment_scores(self, left: str, cands, right: str) -> List[float]:
        """``[segment_score(left + c + right) for c in cands]`` (each ``c`` one character),
        computed once for the parts the candidates share: the best segmentations of
        ``left`` and of each end of ``right``, joined by the words that cover ``c``."""
        words, stems = self.words, self.stems
        n = len(left)
        best = [0.0] + [-1e18] * n
        for i in range(n):  # as segment_score, over left alone
            here = best[i]
            ch = left[i]
            w = self._token(left[i - 1] if i else None, ch)
            if here + w > best[i + 1]:
                best[i + 1] = here + w
            if ch == OTHER_MARK or ch in ALNUM or ch not in stems:
                continue
            for j in range(i + 2, min(n, i + MAX_WORD) + 1):
                piece = left[i:j]
                w = words.get(piece)
                if w is not None and here + w > best[j]:
                    best[j] = here + w
                if piece not in stems:
                    break
        fwd = best
        m = len(right)
        # bwd[j]: best segmentation of right[j:] (the token at j after right[j - 1]);
        # bwd[0] is left unused (what comes before right[0] varies: see after_c).
        bwd = [-1e18] * (m + 1)
        bwd[m] = 0.0
        for j in range(m - 1, -1, -1):
            ch = right[j]
            v = bwd[j + 1] + (self._token(right[j - 1], ch) if j else 0.0)
            if ch != OTHER_MARK and ch not in ALNUM and ch in stems:
                for e in range(j + 2, min(m, j + MAX_WORD) + 1):
                    piece = right[j:e]
                    w = words.get(piece)
                    if w is not None and w + bwd[e] > v:
                        v = w + bwd[e]
                    if piece not in stems:
                        break
            bwd[j] = v
        # Words from right[0] on of two or more characters (no context to them).
        multi0 = -1e18
        if m and right[0] != OTHER_MARK and right[0] not in ALNUM:
            for e in range(2, min(m, MAX_WORD) + 1):
                w = words.get(right[:e])
                if w is not None and w + bwd[e] > multi0:
                    multi0 = w + bwd[e]
        out = []
        last = left[-1] if n else None
        # The ends of left a word covering c may start with, and the beginnings of right
        # it may go on with (a piece that begins no longer word ends the search: the
        # words it skips are not in the list, so the scores are the same).
        heads = [(a, left[a:]) for a in range(max(0, n - MAX_WORD + 1), n + 1)
                 if not (a < n and (left[a] == OTHER_MARK or left[a] in ALNUM))]
        tails = [right[:k] for k in range(0, min(m, MAX_WORD) + 1)]
        token = self._token
        for c in cands:
            # c alone, then right from its first character (after c)
            after_c = max(multi0, token(c, right[0]) + bwd[1]) if m else 0.0
            v = fwd[n] + token(last, c) + after_c
            if c != OTHER_MARK and c not in ALNUM:
                # words that cover c: from left[a:] through right[:k]
                for a, h in heads:
                    head = h + c
                    size = len(head)
                    for k in range(0, min(MAX_WORD - size, m) + 1):
                        piece = head + tails[k] if k else head
                        if size + k >= 2:
                            w = words.get(piece)
                            if w is not None:
                                x = fwd[a] + w + (after_c if k == 0 else bwd[k])
                                if x > v:
                                    v = x
                        if piece not in stems:
                            break  # no longer word starts so
            out.append(v)
        return out

    def score(self, text: str, left: Optional[str] = None, right: Optional[str] = None) -> float:
        """ln P of ``text`` after ``left`` and before ``right`` (each char by the one before)."""
        total = 0.0
        prev = left
        for ch in text:
            total += self.logp(prev, ch)
            prev = ch
        if right is not None:
            total += self.logp(prev, right)
        return total


_SEPARATOR_FACTOR = math.exp(-SEPARATOR_AFTER_SEPARATOR)


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


class _Memo(dict):
    """``func(key)`` for each distinct key, computed on first use."""

    __slots__ = ("func",)

    def __init__(self, func: Callable):
        super().__init__()
        self.func = func

    def __missing__(self, key):
        value = self[key] = self.func(key)
        return value


class _ByColumn(Mapping):
    """The pairs by their second character, ``{b: {a: in(a, b)}}``, each column
    made when it is first asked for.

    Made whole, the 184,000 entries would cost every process that loads the
    model some 30 ms; the repair asks for the columns of the characters it
    meets.  Where each column's entries lie is found by one stable sort of the
    second characters' code points (numpy), so a column holds its first
    characters in the table's order, as a dict built pair by pair would.
    """

    __slots__ = ("_rows", "_index", "_starts", "_order", "_columns", "_extra")

    def __init__(self, pairs: Dict[str, Dict[str, float]]):
        import numpy as np

        self._rows = list(pairs.items())  # (the row objects: later changes to pairs do not show)
        seconds = "".join(map("".join, pairs.values()))  # every row's keys run together, in order
        codes = np.frombuffer(seconds.encode("utf-32-le"), dtype=np.uint32)
        if len(codes) and int(codes.max()) < 0x10000:
            codes = codes.astype(np.uint16)  # (numpy sorts 16-bit keys by radix)
        row_of = np.repeat(np.arange(len(self._rows)), [len(row) for _, row in self._rows])
        order = np.argsort(codes, kind="stable")
        ordered = codes[order]
        starts = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], starts)) if len(ordered) else starts
        self._index = dict(zip(map(chr, ordered[starts].tolist()), range(len(starts))))
        self._starts = starts.tolist() + [len(ordered)]
        self._order = row_of[order]
        self._columns: Dict[str, Dict[str, float]] = {}
        self._extra: Dict[str, Dict[str, float]] = {}

    def add(self, a: str, b: str, q: float) -> None:
        """One more pair ``in(a, b) = q`` (after those of the table)."""
        column = self._columns.get(b)
        if column is not None:
            column[a] = q
        self._extra.setdefault(b, {})[a] = q

    def get(self, b: str, default=None):
        column = self._columns.get(b)
        if column is None:
            column = self._column(b)
            if column is None:
                return default
        return column

    def _column(self, b: str) -> Optional[Dict[str, float]]:
        k = self._index.get(b) if isinstance(b, str) else None
        extra = self._extra.get(b)
        if k is None and extra is None:
            return None
        column: Dict[str, float] = {}
        if k is not None:
            rows = self._rows
            for i in self._order[self._starts[k]:self._starts[k + 1]].tolist():
                a, row = rows[i]
                column[a] = row[b]
        if extra:
            column.update(extra)
        self._columns[b] = column
        return column

    def __getitem__(self, b: str) -> Dict[str, float]:
        column = self.get(b)
        if column is None:
            raise KeyError(b)
        return column

    def __contains__(self, b) -> bool:
        return b in self._index or b in self._extra

    def __iter__(self):
        return iter(dict.fromkeys([*self._index, *self._extra]))

    def __len__(self) -> int:
        return len(self._index.keys() | self._extra.keys())


def _stems(words) -> set:
    """Every proper beginning of a word: the words less their last character, then
    those less theirs, and so on (each slice made by C code, not a loop)."""
    cut = itemgetter(slice(None, -1))
    layer = set(map(cut, words))
    stems = set()
    while layer:
        layer.discard("")
        stems |= layer
        layer = set(map(cut, layer))
    return stems


@lru_cache(maxsize=1)
def model() -> CharModel:
    """The model, read from ``data/`` on first use.

    The tables are large (184,000 pairs, 169,000 words) and every process that
    repairs encodings reads them, so they are read with as few Python-level
    steps as possible: whole columns at once, each distinct number converted
    once, each character one string object however many rows hold it.  The
    cyclic garbage collector is paused meanwhile (the tables hold no cycle):
    else it would walk the growing tables again and again.
    """
    with datafile.gc_paused():
        return _read_model()


def _read_model() -> CharModel:
    exp = math.exp
    fields = datafile.fields("hanzi_chars.tsv", 4)
    chars = datafile.single_characters("hanzi_chars.tsv", fields[0::4])
    quarter = _Memo(lambda q: int(q) / 4.0).__getitem__
    columns = zip(map(quarter, fields[1::4]), map(quarter, fields[2::4]), fields[3::4])
    # One string object a character, however many rows hold it.
    same = _Memo(str)
    same.update(zip(chars, chars))
    same = same.__getitem__
    # Each row ``a<TAB>q:bbb q:bbb``: the b's of a row in one string, each with the
    # value of its group (repeated by C code).
    value = _Memo(lambda q: exp(-int(q) / 2.0)).__getitem__
    pairs: Dict[str, Dict[str, float]] = {}
    rows = datafile.fields("hanzi_bigrams.tsv", 2)
    for a, body in zip(map(same, datafile.single_characters("hanzi_bigrams.tsv", rows[0::2])), rows[1::2]):
        groups = body.replace(" ", ":").split(":")
        bs = groups[1::2]
        values_of_row = chain.from_iterable(map(repeat, map(value, groups[0::2]), map(len, bs)))
        pairs[a] = dict(zip(map(same, "".join(bs)), values_of_row))
    # ``q<TAB>words that begin a longer word<TAB>the other words``, then
    # ``-<TAB>beginnings of longer words that are no words``: the stems, read
    # (the word strings themselves) instead of cut from every word.
    scale = math.log(1 - PUNCT)
    keys: List[str] = []
    values: List[float] = []
    stems: set = set()
    for line in datafile.lines("hanzi_words.tsv"):
        parts = line.split("\t")
        if parts[0] == "-" and len(parts) == 2:
            stems.update(parts[1].split(" ") if parts[1] else ())
            continue
        if len(parts) != 3:
            raise ValueError("hanzi_words.tsv: expected three tab-separated fields a line")
        q, begin, rest = parts
        begin = begin.split(" ") if begin else []
        rest = rest.split(" ") if rest else []
        keys += begin
        keys += rest
        values += [-int(q) / 4.0 + scale] * (len(begin) + len(rest))
        stems.update(begin)
    words = dict(zip(keys, values))
    units: Dict[str, float] = {}
    lines = datafile.fields("hanzi_units.tsv", 2)
    for u, q in zip(lines[0::2], lines[1::2]):
        units[u] = math.exp(-int(q) / 4.0)
    total = sum(units.values())
    return CharModel(dict(zip(chars, columns)), pairs, words, {u: v / total for u, v in units.items()}, stems)
