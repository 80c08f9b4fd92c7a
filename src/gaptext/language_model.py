"""A small character language model for choosing between repairs.

Built by ``tools/build_encoding_model.py`` from jieba's word list (MIT), each
word also spelt traditional by OpenCC (Apache-2.0); see
``data/SOURCES.md``.  It is the character bigram that a word-unigram model
implies: the next character either continues the current word (a stored
within-word pair) or, when the current character ends its word, starts a new
word or is a punctuation mark::

    P(b | a) = in(a, b)  +  end(a) * ((1 - PUNCT) * start(b) + PUNCT * mark(b))

The punctuation share and the relative frequencies of the marks are set by
hand (:data:`MARKS`): the word list has none.  Scores are natural-log
probabilities; only differences between candidates matter.

>>> lm = model()
>>> lm.logp("當", "地") > lm.logp("當", "厝") + 5
True
>>> lm.logp("固", "。") > lm.logp("固", "模")
True
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib.resources import files
from typing import Dict, Optional, Tuple

__all__ = ["model", "CharModel", "MARKS", "PUNCT", "OTHER_MARK", "OTHER_GROUP", "SEPARATORS"]

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


class CharModel:
    """The loaded tables and the scoring function."""

    def __init__(self, chars: Dict[str, Tuple[float, float, str]], pairs: Dict[str, Dict[str, float]],
                 words: Dict[str, float]):
        self.start = {c: v[0] for c, v in chars.items()}
        self.end = {c: math.exp(-v[1]) for c, v in chars.items()}
        self.log_end = {c: -v[1] for c, v in chars.items()}
        self.script = {c: v[2] for c, v in chars.items() if v[2] != "-"}
        self.pairs = pairs
        # b -> {a: in(a, b)}: the pairs by their second character.
        rev: Dict[str, Dict[str, float]] = {}
        for a, row in pairs.items():
            for b, q in row.items():
                rev.setdefault(b, {})[a] = q
        self.rev = rev
        self.words = words
        # (1 - PUNCT) * start(b) and PUNCT * mark(b): what follows a word end.
        self.follow = {c: (1 - PUNCT) * math.exp(-s) for c, s in self.start.items()}
        for mark, share in MARKS.items():
            self.follow[mark] = PUNCT * share
        self.unknown_han = (1 - PUNCT) * math.exp(-UNKNOWN_HAN)
        self.other = math.exp(-OTHER)
        self.log_follow = {c: math.log(p) for c, p in self.follow.items()}
        # Word scores: dictionary words and the marks, as ln P.
        for mark, share in MARKS.items():
            words[mark] = math.log(PUNCT * share)

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

    def segment_score(self, text: str) -> float:
        """ln P of ``text`` under its best segmentation into words (jieba's model).

        ``OTHER_MARK`` stands for a group of characters the model does not
        cover (``?``, letters): it costs :data:`OTHER_GROUP` and no word spans it.
        """
        words = self.words
        n = len(text)
        best = [0.0] + [-1e18] * n
        for i in range(n):
            here = best[i]
            ch = text[i]
            if ch == OTHER_MARK:
                cost = OTHER_EXTRA if i and text[i - 1] == OTHER_MARK else OTHER_GROUP
                if here - cost > best[i + 1]:
                    best[i + 1] = here - cost
                continue
            w = words.get(ch)
            if w is None:
                w = UNKNOWN_WORD if _is_han(ch) else -OTHER
            elif i and ch in SEPARATORS and text[i - 1] in SEPARATORS:
                w -= SEPARATOR_AFTER_SEPARATOR
            if here + w > best[i + 1]:
                best[i + 1] = here + w
            for j in range(i + 2, min(n, i + MAX_WORD) + 1):
                w = words.get(text[i:j])
                if w is not None and here + w > best[j]:
                    best[j] = here + w
        return best[n]

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


def _lines(name: str):
    text = files("gaptext").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line


@lru_cache(maxsize=1)
def model() -> CharModel:
    """The model, read from ``data/`` on first use."""
    chars: Dict[str, Tuple[float, float, str]] = {}
    for line in _lines("hanzi_chars.tsv"):
        c, s, e, script = line.split("\t")
        chars[c] = (int(s) / 4.0, int(e) / 4.0, script)
    pairs: Dict[str, Dict[str, float]] = {}
    exp = math.exp
    for line in _lines("hanzi_bigrams.tsv"):
        a, body = line.split("\t")
        row = pairs[a] = {}
        for group in body.split(" "):
            q, bs = group.split(":", 1)
            p = exp(-int(q) / 2.0)
            for b in bs:
                row[b] = p
    words: Dict[str, float] = {}
    scale = math.log(1 - PUNCT)
    for line in _lines("hanzi_words.tsv"):
        q, body = line.split("\t")
        value = -int(q) / 4.0 + scale
        for w in body.split(" "):
            words[w] = value
    return CharModel(chars, pairs, words)
