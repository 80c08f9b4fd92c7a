"""Pinyin step: drop the readings template sites insert after characters.

A template site writes ``發(fā)展`` for 發展: a Han character, then its
reading in parentheses.  This step removes a parenthesised group that follows
a Han character when, and only when, its content is a reading of *that*
character (:func:`gaptext.readings.is_reading`: any of its readings; a toned
reading must carry one of the character's tones, a toneless one matches any).
Readings may be toned (``fā``), toneless (``fa``) or numbered (``fa1``), with
ü spelled ``ü``, ``v`` or ``u:``.  A run of readings after one character
(``發(fa)(fa)``) is removed whole, as one change; the run ends at the first
group that is not a reading.  ASCII and fullwidth parentheses are accepted in
any mix (``(fā)``, ``（fā）``, ``(fā）``): whether the content is a reading of
the character decides, and that check is the same whatever the brackets.
A "Han character" is one the readings table knows (CJK ideographs of every
block pypinyin covers, and 〇); the reading must follow it directly, and it
is the characters' own readings that are checked, one character at a time
(a word's reading after the word, ``發展(fāzhǎn)``, is left alone).

Real lines of ``fixtures/seed-economic-work-speech.txt``:

>>> from gaptext.pipeline import apply_changes
>>> def fix(text):
...     return apply_changes(text, PinyinStep().find(text))[0]
>>> fix("市區(qū)經(jīng)濟工作會議講話一文來源于網(wǎng)友上傳")
'市區經濟工作會議講話一文來源于網友上傳'
>>> fix("穩(wěn)步推進,加快發(fā)展的基礎進一步夯實")
'穩步推進,加快發展的基礎進一步夯實'
>>> fix("產(chǎn)業(yè)()示範基地")       # the () is a redaction gap: kept
'產業()示範基地'

A doubled reading, and the fullwidth form other pages of the same sites use:

>>> fix("發(fa)(fā)展經（jīng）濟")
'發展經濟'

Parentheses that are not a reading of the character before them stay:

>>> PinyinStep().find("(一)大力弘揚;參考稿(初)、中国(China)、他(he)說、例如(a)、第(2008年2月8日)")
[]
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from ..readings import is_reading
from ..report import Change

__all__ = ["PinyinStep", "CANDIDATE"]

CODE = "P101"
MESSAGE = "inline pinyin reading removed"

# One parenthesised candidate: an opening bracket, an optional space, one to
# nine pinyin-ish units (latin letters, Latin-1/Extended letters that carry
# tone marks, combining tone marks, tone digits, ':' of u:), an optional
# space, a closing bracket.  Every quantifier is bounded and the brackets are
# outside the unit class, so a failed attempt costs at most a dozen steps:
# matching is linear in the length of the text.  The regex starts with a
# bracket class, so the scan for candidates is done in C.
_UNIT = "A-Za-z0-9:\u00c0-\u024f\u0300-\u030c\u1e00-\u1eff"
_CANDIDATE = "[(（][ \u3000]?({}[{}]{{1,9}})[ \u3000]?[)）]"
CANDIDATE = re.compile(_CANDIDATE.format("", _UNIT))


# A run of adjacent candidates (``(fa)(fā)``) and the character before it:
# group 1 is that character (a lookbehind after the opening bracket, so the
# pattern still opens with a bracket class and re scans for it in C), group
# 2 the first candidate's content, group 3 the rest of the run when there is
# one (``m.lastindex`` tells a lone candidate, the common case, at no cost).
# Each candidate starts and ends with a bracket that the unit class
# excludes, so the repetition cannot backtrack.  A run at the very start of
# the text has no character before it and is not matched: nothing to read.
_RUN = re.compile(
    "[(（](?<=(.).)" + _CANDIDATE.format("", _UNIT)[len("[(（]"):] + f"((?:{_CANDIDATE.format('?:', _UNIT)})+)?",
    re.S,
)


def _reading_end(m: "re.Match[str]") -> int:
    """How much of the run matched by ``m`` reads the character before it."""
    char = m.group(1)
    if not _reads(char, m.group(2)):
        return 0
    if m.lastindex != 3:
        return m.end() - m.start()
    end = m.start(3)
    for c in CANDIDATE.finditer(m.group(3)):
        if not _reads(char, c.group(1)):
            break
        end += c.end() - c.start()
    return end - m.start()


class PinyinStep:
    """Removes ``(reading)`` groups that follow the character they read."""

    name = "pinyin"

    def find(self, text: str) -> List[Change]:
        if "(" not in text and "（" not in text:
            return []
        changes: List[Change] = []
        for m in _RUN.finditer(text):
            end = _reading_end(m)
            if end:
                start = m.start()
                changes.append(Change(start, start + end, "", CODE, MESSAGE))
        return changes

    def rewrite(self, text: str) -> str:
        """The text with :meth:`find`'s changes applied, without building them (for ``clean()``)."""
        if "(" not in text and "（" not in text:
            return text
        return _RUN.sub(_without_readings, text)


_known: Dict[Tuple[str, str], bool] = {}  # (character, candidate) -> is a reading


def _without_readings(m: "re.Match[str]") -> str:
    if m.lastindex == 2:  # one candidate, the common case
        pair = m.group(1, 2)
        reads = _known.get(pair)
        if reads is None:
            reads = _reads(*pair)
        return "" if reads else m.group()
    return m.group()[_reading_end(m) :]


def _reads(char: str, candidate: str) -> bool:
    """Whether ``candidate`` is a reading of ``char`` (remembered: real text repeats
    a few hundred pairs; the memory is bounded)."""
    reads = _known.get((char, candidate))
    if reads is None:
        reads = is_reading(char, candidate)
        if len(_known) < 65536:
            _known[(char, candidate)] = reads
    return reads
