"""Which encoding a document is in, and its bytes back again.

No detector library: a byte-order mark decides first; then strict UTF-8;
then GBK/GB18030 against Big5, each decoded strictly, and when both succeed
the one that yields more *common* Chinese characters wins (GB2312 level 1
and Big5 level 1 are each their script's most frequent characters; a text
decoded with the wrong table gives rare characters, kana and symbols).  In
practice strictness alone settles real documents: everyday simplified
characters such as 人 (GBK C8CB) are not valid Big5, and everyday
traditional ones such as 的 (Big5 AABA) are not valid GBK.

>>> decode("發展".encode("big5")).encoding
'big5'
>>> decode("发展经济".encode("gbk")).encoding
'gbk'
>>> d = decode(b"\\xef\\xbb\\xbfok")
>>> (d.text, d.encoding, d.bom)
('ok', 'utf-8', True)
>>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
Traceback (most recent call last):
  ...
gaptext.cli.decode.BinaryFile: binary file (NUL bytes)
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

__all__ = ["Decoded", "BinaryFile", "UndecodableFile", "decode", "encode", "describe"]

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)
_BOM_OF = {name: bom for bom, name in _BOMS}

#: How much of a file the binary check and the GBK/Big5 vote look at.
SNIFF = 8192
VOTE_CHARS = 20000


class BinaryFile(ValueError):
    """The bytes are not text (they hold NUL bytes and no UTF-16/32 mark)."""


class UndecodableFile(ValueError):
    """No supported encoding decodes the bytes strictly."""


@dataclass(frozen=True)
class Decoded:
    """A document's text and how it was stored."""

    text: str
    encoding: str  # a Python codec name: utf-8, utf-16-le, gbk, gb18030, big5, ...
    bom: bool = False

    def encode(self, text: str, encoding: Optional[str] = None) -> bytes:
        """``text`` stored the way this document was (or in ``encoding``)."""
        return encode(text, self.encoding if encoding is None else encoding, self.bom if encoding is None else False)


def encode(text: str, encoding: str, bom: bool = False) -> bytes:
    """``text`` in ``encoding``, with its byte-order mark when ``bom``.

    ``encoding`` is any Python codec name (``utf-8-sig`` and ``utf-16`` add
    their own mark).  Raises ``UnicodeEncodeError`` for characters the
    encoding lacks.
    """
    data = text.encode(encoding)
    if bom:
        data = _BOM_OF.get(codecs.lookup(encoding).name.replace("_", "-"), b"") + data
    return data


def describe(decoded: Decoded) -> str:
    """A short human name: ``utf-8``, ``utf-8 (BOM)``, ``gbk``."""
    return decoded.encoding + (" (BOM)" if decoded.bom else "")


def decode(data: bytes, encoding: Optional[str] = None) -> Decoded:
    """Decode a document's bytes, detecting the encoding unless one is given."""
    if encoding is not None:
        codec = codecs.lookup(encoding).name
        for bom, name in _BOMS:
            if data.startswith(bom) and _same_codec(name, codec):
                return Decoded(data[len(bom):].decode(name), name, True)
        return Decoded(data.decode(codec), codec, False)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(name), name, True)
            except UnicodeDecodeError as exc:
                raise UndecodableFile(f"starts with a {name} byte-order mark but is not {name}: {exc.reason}") from None
    if b"\x00" in data[:SNIFF]:
        raise BinaryFile("binary file (NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    # One candidate per family: GBK (else its superset GB18030, which decodes
    # GBK alike), Big5 (else Microsoft's cp950).
    candidates = []
    for family in (("gbk", "gb18030"), ("big5", "cp950")):
        for name in family:
            try:
                candidates.append((name, data.decode(name)))
                break
            except UnicodeDecodeError:
                continue
    if not candidates:
        raise UndecodableFile("not UTF-8, UTF-16/32 with a byte-order mark, GB18030/GBK or Big5")
    if len(candidates) == 1:
        name, text = candidates[0]
        return Decoded(text, name, False)
    best = max(candidates, key=lambda c: _score(c[1]))  # max keeps the first of equals: GBK
    return Decoded(best[1], best[0], False)


def _same_codec(a: str, b: str) -> bool:
    return codecs.lookup(a).name == codecs.lookup(b).name or (
        codecs.lookup(b).name in ("utf-16", "utf-32") and a.startswith(codecs.lookup(b).name)
    )


@lru_cache(maxsize=65536)
def _weight(ch: str) -> int:
    o = ord(ch)
    if o < 0x80:
        return 0
    if _common(ch):
        return 2
    if 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2026:
        return 1
    return -2  # kana, Cyrillic, box drawing, private use: what a wrong table yields


def _common(ch: str) -> bool:
    """In GB2312 level 1 (rows B0-D7) or Big5 level 1 (A440-C67E)."""
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


def _score(text: str) -> int:
    return sum(_weight(ch) for ch in text[:VOTE_CHARS])
