"""Dense code-point tables applied with numpy: ``str.translate``'s job, faster.

``str.translate`` looks each non-ASCII character up through Python objects,
some 30-45 ns a character.  Chinese text is almost all non-ASCII, and the
script step passes over every character twice (script evidence, then the
conversion table), so that lookup is where its time goes.  numpy does the
same lookup as one array index over the text's UTF-32 code units, some 7 ns
a character, encoding and decoding included.

Text goes through in chunks of :data:`CHUNK` characters, so a 100 MB input
never holds more than a few megabytes of arrays at once.  Lone surrogates
(legal in a Python ``str``) survive the round trip (``surrogatepass``).
Short strings take the plain ``str.translate`` path: below :data:`SMALL`
characters numpy's fixed cost is the larger.
"""

from __future__ import annotations

from typing import Dict, Iterator, Sequence, Tuple

import numpy as np

__all__ = ["CodeTable", "ClassTable", "code_units", "any_in", "CHUNK", "SMALL"]

#: Characters a chunk.
CHUNK = 1 << 20
#: Below this many characters, ``str.translate`` is faster than numpy.
SMALL = 256

_BMP = 0x10000


def code_units(text: str) -> np.ndarray:
    """The code points of ``text`` as a ``uint32`` array (a view on its UTF-32 bytes)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _text(codes: np.ndarray) -> str:
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def chunks(text: str) -> Iterator[Tuple[int, str]]:
    """``(offset, piece)`` of ``text`` in pieces of at most :data:`CHUNK` characters."""
    size = CHUNK
    for start in range(0, len(text), size):
        yield start, text[start : start + size]


def any_in(text: str, ranges: Sequence[Tuple[int, int]]) -> bool:
    """Whether ``text`` holds a character in one of the inclusive code-point ``ranges``.

    ``re`` scans for a class at about 4 ns a character; numpy compares the
    code units several times faster.

    >>> any_in("經濟", [(0xF900, 0xFAFF)]), any_in("經濟\uf900", [(0xF900, 0xFAFF)])
    (False, True)
    """
    if len(text) < SMALL:
        return any(lo <= ord(c) <= hi for c in text for lo, hi in ranges)
    for _, piece in chunks(text):
        codes = code_units(piece)
        for lo, hi in ranges:
            # (unsigned: a code point below lo wraps around to a large number)
            if bool(((codes - np.uint32(lo)) <= np.uint32(hi - lo)).any()):
                return True
    return False


class CodeTable:
    """A character -> character mapping of the Basic Multilingual Plane.

    Characters outside the BMP are left as they are (callers with astral
    keys handle those separately).

    >>> CodeTable({ord("發"): ord("发")}).translate("發展 (發)")
    '发展 (发)'
    """

    __slots__ = ("array", "_list")

    def __init__(self, mapping: Dict[int, int]):
        keys = np.fromiter(mapping.keys(), dtype=np.int64, count=len(mapping))
        values = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))
        bad = (keys < 0) | (keys >= _BMP) | (values < 0) | (values >= 0x110000)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"CodeTable maps BMP characters only: {int(keys[i]):#x} -> {int(values[i]):#x}")
        self.array = np.arange(_BMP, dtype=np.uint32)
        self.array[keys] = values
        self._list = None

    @property
    def list(self) -> list:
        """The table as a list of code points, for ``str.translate`` (made on first use)."""
        if self._list is None:
            self._list = self.array.tolist()
        return self._list

    def translate(self, text: str) -> str:
        if len(text) < SMALL:
            return text.translate(self.list)
        out = []
        table = self.array
        for _, piece in chunks(text):
            codes = code_units(piece)
            if int(codes.max()) >= _BMP:
                # Astral characters index past the table: keep them as they are.
                astral = codes >= _BMP
                mapped = table[np.where(astral, 0, codes)]
                out.append(_text(np.where(astral, codes, mapped)))
            else:
                out.append(_text(table[codes]))
        return "".join(out)


class ClassTable:
    """Every code point -> a small class number (``uint8``), for counting.

    >>> t = ClassTable({ord("發"): 1, ord("发"): 2})
    >>> t.classes("發发x").tolist()
    [1, 2, 0]
    """

    __slots__ = ("array",)

    def __init__(self, classes: Dict[int, int]):
        self.array = np.zeros(0x110000, dtype=np.uint8)
        if classes:
            keys = np.fromiter(classes.keys(), dtype=np.int64, count=len(classes))
            values = np.fromiter(classes.values(), dtype=np.int64, count=len(classes))
            if values.min() < 0 or values.max() > 255:
                raise ValueError("ClassTable classes are 0 to 255")
            self.array[keys] = values

    def union(self, text: str) -> int:
        """The bitwise OR of the classes of ``text``'s characters (which kinds occur at all).

        >>> ClassTable({ord("a"): 1, ord("b"): 2, ord("c"): 4}).union("aab")
        3
        """
        out = 0
        for _, piece in chunks(text):
            out |= int(np.bitwise_or.reduce(self.array[code_units(piece)]))
        return out

    def classes(self, text: str) -> np.ndarray:
        """The class of each character of ``text``, as a ``uint8`` array."""
        if not text:
            return np.zeros(0, dtype=np.uint8)
        return np.concatenate([self.array[code_units(piece)] for _, piece in chunks(text)])
