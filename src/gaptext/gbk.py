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
        trails = [t for t in range(0x40, 0xFF) if t != 0x7F]
        for lead in range(0x81, 0xFF):
            for trail, ch in zip(trails, _decode_row(lead, trails)):
                if ch is None or len(ch) != 1 or 0xE000 <= ord(ch) <= 0xF8FF:
                    continue
                char[(lead << 8) | trail] = ch
                pair.setdefault(ch, (lead, trail))
                by_trail[trail].append((lead, ch))
                by_lead[lead].append((trail, ch))
        self.char = char
        self.pair = pair
        self.by_trail = [tuple(x) for x in by_trail]
        self.by_lead = [tuple(x) for x in by_lead]


def _decode_row(lead: int, trails: List[int]) -> List[Optional[str]]:
    """What each pair ``(lead, trail)`` decodes to in GBK, ``None`` where it does not.

    The pairs are decoded in one call, each followed by a NUL byte: no trail
    byte is NUL, so a pair that does not decode cannot swallow it, and the
    output splits at the NULs into one piece a pair (a valid pair is one
    character; an invalid one holds U+FFFD).  If it ever did not split so,
    each pair is decoded on its own.
    """
    row = bytearray(3 * len(trails))
    row[0::3] = bytes((lead,)) * len(trails)
    row[1::3] = bytes(trails)
    pieces = row.decode("gbk", errors="replace").split("\x00")
    if len(pieces) == len(trails) + 1:
        return [None if "\ufffd" in p else p for p in pieces[:-1]]
    out: List[Optional[str]] = []
    for trail in trails:
        try:
            out.append(bytes((lead, trail)).decode("gbk"))
        except UnicodeDecodeError:
            out.append(None)
    return out


@lru_cache(maxsize=1)
def tables() -> GbkTables:
    """The tables, built on first use (about 22,000 pairs).

    The cyclic garbage collector is paused meanwhile: the 66,000 tuples
    made here hold no cycle, and it would walk all of them and whatever the
    process holds (the language model's tables), perhaps more than once.
    """
    from .datafile import gc_paused

    with gc_paused():
        return GbkTables()


def encode_pair(ch: str) -> Optional[Tuple[int, int]]:
    """The GBK byte pair of ``ch``, or ``None`` when GBK has no double-byte code for it."""
    return tables().pair.get(ch)
