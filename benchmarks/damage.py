"""Deterministic damage in the template sites' ways, for benchmarks and tests.

    from damage import damage_document
    damaged = damage_document(clean_text, seed=1)

The damage: the text turned traditional (OpenCC s2t, by the independent
opencc-python-reimplemented), pinyin readings inserted after some
characters (toned, in ASCII or fullwidth parentheses, sometimes doubled),
and fullwidth ，：；！？ folded to ASCII.  With ``gbk_every`` (off by
default), GBK read out of step too: the text is encoded in GBK and about
every ``gbk_every`` characters a lead byte is lost (shown as ``?``), so the
bytes after it are read in the wrong pairs until an ASCII byte re-syncs
(as in ``當?shù)厝罕娞峁﹥?yōu)先``).  The encoding benchmark has a finer generator
(benchmarks/damage_encoding.py).
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


def lose_gbk_lead_bytes(text: str, rng: random.Random, every: int) -> str:
    """``text`` through GBK with a lead byte lost about every ``every`` characters, read out of step."""
    data = bytearray(text.encode("gbk", errors="replace"))
    i = rng.randrange(every) if every > 1 else 0
    i = i * 2  # characters to bytes, roughly (Han characters take two)
    while i < len(data):
        if data[i] >= 0x81 and i + 1 < len(data):  # a lead byte: lose it
            data[i] = 0x3F
            i += rng.randrange(every, 3 * every) if every > 1 else 2
        else:
            i += 1
    return data.decode("gbk", errors="replace").replace("\ufffd", "?")


def damage_document(text: str, seed: int = 0, pinyin_rate: float = 0.06, fold_rate: float = 0.8,
                    gbk_every: int = 0) -> str:
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
    if gbk_every > 0:
        return lose_gbk_lead_bytes("".join(out), rng, gbk_every)
    return "".join(out)
