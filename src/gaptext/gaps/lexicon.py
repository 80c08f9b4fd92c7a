"""The word lists the gap rules consult, from ``data/gap_lexicon.tsv``.

The file is built by ``tools/build_gap_lexicon.py`` from jieba 0.42.1's
``dict.txt`` (MIT); see ``data/SOURCES.md``.  It is read once, lazily.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Dict, FrozenSet, NamedTuple, Tuple

__all__ = ["Lexicon", "lexicon"]

TABLE = "gap_lexicon.tsv"


class Lexicon(NamedTuple):
    nian_left: FrozenSet[str]   # c such that c+年 is a word (今, 当, 过 ...)
    nian_right: FrozenSet[str]  # c such that 年+c is a word (底, 轻, 度 ...)
    deng_right: FrozenSet[str]  # 等+c words (待, 于, 级 ...)
    di_left: FrozenSet[str]     # c+第 words (门, 及, 次 ...)
    di_words: FrozenSet[str]    # words starting with 第 that are no ordinal
    wan_words: FrozenSet[str]   # words of 3+ characters holding 万/亿 (千家万户, 万元户)
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
        san=san,
    )
