"""Pinyin readings of Han characters, traditional and simplified alike.

The table ``data/readings.tsv`` is built by ``tools/build_readings.py`` from
pypinyin's data (MIT).  A reading is written in one normalised form:
a lowercase toneless syllable, ``v`` for ü, then the tone as a digit
(1-4, 5 for the neutral tone): ``fa1``, ``lv4``, ``de5``.  The table stores
one character a line with the tones of a syllable run together
(``發	bo1 fa1``, ``的	de5 di124``).

Candidates are normalised the same way (:func:`parse_reading`) before they
are looked up:

* tone marks (precomposed or combining) become a tone digit: ``fā`` -> ``fa1``;
  a trailing digit is the tone (``fa1``; ``0`` and ``5`` are the neutral tone);
  no mark and no digit means *toneless*, which matches any tone of the syllable;
* ``ü``, ``v`` and ``u:`` are one letter (``lǜ`` = ``lv4`` = ``lu:4``); after
  j, q, x, y it is also ``u`` (``jü`` = ``ju``), as standard pinyin spells it;
* spaces around the candidate are stripped;
* case: lowercase, or one capital at the start (``Fā``, ``Ma``), is accepted.
  A capital anywhere else (``AN``, ``MA``, ``DeSign``) rejects the candidate:
  capitals after the first letter mean an abbreviation or a word, not a
  reading a template site inserted.

>>> is_reading("發", "fā"), is_reading("發", "fa"), is_reading("發", "fa1")
(True, True, True)
>>> is_reading("发", "fa4"), is_reading("發", "fǎ")       # 发 fa1 fa4; 發 fa1 bo1
(True, False)
>>> is_reading("綠", "lǜ"), is_reading("綠", "lv4"), is_reading("綠", "lu:4")
(True, True, True)
>>> is_reading("國", "China"), is_reading("安", "AN"), is_reading("安", "an")
(False, False, True)
>>> sorted(readings("經"))
['jing1', 'jing4']
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Dict, FrozenSet, Optional, Tuple

__all__ = ["readings", "is_reading", "parse_reading", "TABLE"]

#: The table's file name inside the package's ``data`` folder.
TABLE = "readings.tsv"

# Combining marks (after NFD) that carry a tone, and the tone they carry.
_TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}
_DIAERESIS = "\u0308"  # ü
_CIRCUMFLEX = "\u0302"  # ê
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzê")
_SPACES = " \t\u00a0\u3000"
# Longest normalised syllable is six letters (zhuang, shuang, chuang).
_MAX_LEN = 12


@lru_cache(maxsize=1)
def _table() -> Dict[str, str]:
    """character -> the rest of its line (``"bo1 fa1"``), read once (42,000 lines)."""
    from . import datafile

    fields = datafile.fields(TABLE, 2)
    return dict(zip(datafile.single_characters(TABLE, fields[0::2]), fields[1::2]))


@lru_cache(maxsize=8192)
def _syllables(char: str) -> Dict[str, str]:
    """syllable -> its tone digits for ``char`` (``{"fa": "1", "bo": "1"}``)."""
    rest = _table().get(char)
    if not rest:
        return {}
    out = {}
    for item in rest.split(" "):
        syllable = item.rstrip("012345")
        out[syllable] = item[len(syllable):]
    return out


def readings(char: str) -> FrozenSet[str]:
    """The normalised readings of ``char`` (``{"fa1", "bo1"}`` for 發); empty if unknown."""
    return frozenset(s + t for s, tones in _syllables(char).items() for t in tones)


def parse_reading(text: str) -> Optional[Tuple[str, Optional[str]]]:
    """``(syllable, tone)`` for a pinyin candidate, tone ``None`` when toneless.

    ``None`` when ``text`` cannot be a reading in any spelling this module
    accepts (see the module docstring).

    >>> parse_reading("fā"), parse_reading(" Lǜ "), parse_reading("lu:e4"), parse_reading("jü")
    (('fa', '1'), ('lv', '4'), ('lve', '4'), ('ju', None))
    >>> parse_reading("de0"), parse_reading("fā1"), parse_reading("GDP"), parse_reading("2008")
    (('de', '5'), None, None, None)
    """
    if not isinstance(text, str):
        return None
    return _parse(text)


@lru_cache(maxsize=4096)  # real text repeats a few hundred candidates
def _parse(text: str) -> Optional[Tuple[str, Optional[str]]]:
    text = text.strip(_SPACES)
    if not text or len(text) > _MAX_LEN:
        return None
    if text[1:] != text[1:].lower():
        return None
    text = unicodedata.normalize("NFD", text[0].lower() + text[1:]).replace("u:", "v")
    tone = None
    letters = []
    for ch in text:
        if ch in _TONE_MARKS:
            if tone is not None or not letters:
                return None
            tone = _TONE_MARKS[ch]
        elif ch == _DIAERESIS:
            if not letters or letters[-1] != "u":
                return None
            letters[-1] = "v"
        elif ch == _CIRCUMFLEX:
            if not letters or letters[-1] != "e":
                return None
            letters[-1] = "ê"
        else:
            letters.append(ch)
    if letters and letters[-1] in "012345":
        if tone is not None:
            return None
        tone = letters.pop()
        if tone == "0":
            tone = "5"
    if not letters or not _LETTERS.issuperset(letters):
        return None
    if letters[0] in "jqxy" and len(letters) > 1 and letters[1] == "v":
        letters[1] = "u"
    return "".join(letters), tone


def is_reading(char: str, text: str) -> bool:
    """Whether ``text`` is a reading of ``char`` (see the module docstring for spellings)."""
    tones = _syllables(char) if isinstance(char, str) else None
    if not tones:
        return False
    parsed = parse_reading(text)
    if parsed is None:
        return False
    syllable, tone = parsed
    known = tones.get(syllable)
    if known is None:
        return False
    return tone is None or tone in known
