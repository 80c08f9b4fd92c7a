"""Deterministic damage in the template sites' ways, for benchmarks and tests.

    from damage import damage_document
    damaged = damage_document(clean_text, seed=1)

The damage: the text turned traditional (OpenCC s2t, by the independent
opencc-python-reimplemented), pinyin readings inserted after some
characters (toned, in ASCII or fullwidth parentheses, sometimes doubled),
and fullwidth ，：；！？ folded to ASCII.  Encoding damage has its own
generator (see the encoding benchmark).
"""

from __future__ import annotations

import random
from functools import lru_cache

_FOLD = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?"}


@lru_cache(maxsize=1)
def _s2t():
    import opencc  # opencc-python-reimplemented (a test dependency)

    return opencc.OpenCC("s2t").convert


@lru_cache(maxsize=65536)
def _reading(ch: str) -> str:
    import pypinyin

    return pypinyin.pinyin(ch, style=pypinyin.Style.TONE)[0][0]


def damage_document(text: str, seed: int = 0, pinyin_rate: float = 0.06, fold_rate: float = 0.8) -> str:
    rng = random.Random(seed)
    text = _s2t()(text)
    out = []
    for ch in text:
        if ch in _FOLD and rng.random() < fold_rate:
            out.append(_FOLD[ch])
            continue
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < pinyin_rate:
            reading = _reading(ch)
            if reading != ch:
                r = rng.random()
                if r < 0.8:
                    out.append(f"({reading})")
                elif r < 0.95:
                    out.append(f"（{reading}）")
                else:
                    out.append(f"({reading})({reading})")
    return "".join(out)
