"""GBK's double-byte table, built once from Python's own ``gbk`` codec.

The out-of-step repair works on bytes: it turns characters back into their
GBK byte pairs, pairs the bytes again one byte over, and asks which
characters a pair with one unknown byte could be.

>>> t = tables()
>>> t.pair["模"], t.char[0xC4A3]
((196, 163), '模')
>>> "地" in {c for _, c in t.by_trail[0xD8]}     # some lead byte before 0xD8 makes 地
True
>>> FOLDED[";"], FOLDED["?"]                      # fullwidth marks folded to ASCII, as GBK bytes
(187, 191)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

__all__ = ["tables", "GbkTables", "FOLDED", "PUA_TRAILS", "encode_pair"]

#: Trail bytes whose pair with a GB2312 lead is a user-defined (private-use)
#: code: when the decoder met such a pair out of step it dropped it.
PUA_TRAILS = tuple(range(0xAA, 0xB0)) + tuple(range(0xF8, 0xFF))


def _folded() -> Dict[str, int]:
    """ASCII character -> trail byte of the fullwidth form it was folded from (lead 0xA3)."""
    out = {}
    for trail in range(0xA1, 0xFF):
        ch = bytes((0xA3, trail)).decode("gbk")
        ascii_form = unicodedata.normalize("NFKC", ch)
        if len(ascii_form) == 1 and 0x21 <= ord(ascii_form) <= 0x7E:
            out[ascii_form] = trail
    return out


#: ASCII mark -> the trail byte of its fullwidth GBK form (lead byte 0xA3).
FOLDED: Dict[str, int] = _folded()


class GbkTables:
    """Every valid GBK double-byte pair, indexed the ways the repair needs."""

    __slots__ = ("char", "pair", "by_trail", "by_lead")

    def __init__(self) -> None:
        char: Dict[int, str] = {}
        pair: Dict[str, Tuple[int, int]] = {}
        by_trail: List[List[Tuple[int, str]]] = [[] for _ in range(256)]
        by_lead: List[List[Tuple[int, str]]] = [[] for _ in range(256)]
        for lead in range(0x81, 0xFF):
            for trail in range(0x40, 0xFF):
                if trail == 0x7F:
                    continue
                try:
                    ch = bytes((lead, trail)).decode("gbk")
                except UnicodeDecodeError:
                    continue
                if len(ch) != 1 or 0xE000 <= ord(ch) <= 0xF8FF:
                    continue
                char[(lead << 8) | trail] = ch
                pair.setdefault(ch, (lead, trail))
                by_trail[trail].append((lead, ch))
                by_lead[lead].append((trail, ch))
        self.char = char
        self.pair = pair
        self.by_trail = [tuple(x) for x in by_trail]
        self.by_lead = [tuple(x) for x in by_lead]


@lru_cache(maxsize=1)
def tables() -> GbkTables:
    """The tables, built on first use (about 22,000 pairs)."""
    return GbkTables()


def encode_pair(ch: str) -> Optional[Tuple[int, int]]:
    """The GBK byte pair of ``ch``, or ``None`` when GBK has no double-byte code for it."""
    return tables().pair.get(ch)
