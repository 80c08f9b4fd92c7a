"""The word lists the gap rules consult, from ``data/gap_lexicon.tsv``.

The file is built by ``tools/build_gap_lexicon.py`` from jieba 0.42.1's
``dict.txt`` (MIT); see ``data/SOURCES.md``.  It is read once, lazily.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Dict, FrozenSet, Iterable, List, NamedTuple, Tuple

__all__ = ["Lexicon", "lexicon", "WordIndex"]

TABLE = "gap_lexicon.tsv"


class Lexicon(NamedTuple):
    nian_left: FrozenSet[str]   # c such that c+年 is a word (今, 当, 过 ...)
    nian_right: FrozenSet[str]  # c such that 年+c is a word (底, 轻, 度 ...)
    deng_right: FrozenSet[str]  # 等+c words (待, 于, 级 ...)
    di_left: FrozenSet[str]     # c+第 words (门, 及, 次 ...)
    di_words: FrozenSet[str]    # words starting with 第 that are no ordinal
    wan_words: FrozenSet[str]   # words of 3+ characters holding 万/亿 (千家万户, 万元户)
    nian_words: FrozenSet[str]  # words of 3+ characters starting with 年 (年复一年, 年收入)
    nian_inner: FrozenSet[str]  # words of 3+ characters with 年 inside or last (逢年过节, 本命年)
    nian_clash: FrozenSet[str]  # XY competing with 年X for its X (内蒙 vs 年内, 长江 vs 年长)
    di_inner: FrozenSet[str]    # words with 第 inside that is no ordinal (印第安, 法拉第)
    deng_words: FrozenSet[str]  # words of 3+ characters starting with 等 (等米下锅, 等同于)
    san: Dict[str, Tuple[str, bool]]  # gapped form -> (full form, matches unquoted)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = files("gaptext").joinpath("data", TABLE).read_text(encoding="utf-8")
    sets: Dict[str, set] = {}
    san: Dict[str, Tuple[str, bool]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        category, entry, value = line.split("\t")
        if category == "san":
            full, mode = value.split(" ")
            san[entry] = (full, mode == "any")
        else:
            sets.setdefault(category, set()).add(entry)

    def get(name: str) -> FrozenSet[str]:
        return frozenset(sets.get(name, ()))

    return Lexicon(
        nian_left=get("nian_left"),
        nian_right=get("nian_right"),
        deng_right=get("deng_right"),
        di_left=get("di_left"),
        di_words=get("di_word"),
        wan_words=get("wan_word"),
        nian_words=get("nian_word"),
        nian_inner=get("nian_inner"),
        nian_clash=get("nian_clash"),
        di_inner=get("di_inner"),
        deng_words=get("deng_word"),
        san=san,
    )


class WordIndex:
    """Words by two of their characters, to ask "does a word of the list cover ``text[i]``?".

    ``at`` is the position in each word of the character that is looked up
    (0: words starting there; None: any occurrence of ``anchor``).

    >>> index = WordIndex(["印第安", "法拉第"], anchor="第")
    >>> index.covers("印第安纳", 1), index.covers("法拉第、", 2), index.covers("第安全", 0)
    (True, True, False)
    """

    __slots__ = ("_by_pair",)

    def __init__(self, words: Iterable[str], anchor: str = "", at: int = 0):
        by_pair: Dict[str, List[Tuple[str, int]]] = {}
        for word in words:
            offsets = [k for k, c in enumerate(word) if c == anchor] if anchor else [at]
            for k in offsets:
                key = word[k:k + 2] if k + 1 < len(word) else word[k - 1:k + 1]
                by_pair.setdefault(key, []).append((word, k))
        self._by_pair = by_pair

    def covers(self, text: str, i: int) -> bool:
        """Is ``text[i]`` inside one of the words, at the position that word was indexed by?"""
        for key in (text[i:i + 2], text[i - 1:i + 1] if i else ""):
            for word, k in self._by_pair.get(key, ()):
                if i >= k and text.startswith(word, i - k):
                    return True
        return False
