"""Script step: traditional text back to simplified, and only traditional text.

OpenCC's ``t2s`` is not safe on clean simplified text: it turns the names
乾县 into 干县, 昇腾 into 升腾, 濛溪河 into 蒙溪河.  So this step first decides,
line by line, whether the text *is* traditional, from characters that only
one script uses: a character OpenCC ``t2s`` always changes (發, 經, 濛) is
evidence for traditional; one that ``s2t`` always changes (发, 县, 腾) is
evidence for simplified.  Characters valid in both (乾, 昇, 於, 著) are no
evidence.  A line with enough evidence is converted when its traditional
evidence clearly outweighs its simplified evidence; a line with little or no
evidence (a lone name such as 濛溪河, a heading) follows the document as a
whole.  Converted lines get exactly OpenCC's output
(:func:`gaptext.convert`).

>>> from gaptext.pipeline import apply_changes
>>> step = ScriptStep("t2s")
>>> apply_changes("市區經濟工作會議講話", step.find("市區經濟工作會議講話"))[0]
'市区经济工作会议讲话'
>>> step.find("乾县、昇腾和濛溪河都在发展")    # clean simplified: untouched
[]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Tuple

from ..conversion import get_converter, read_table
from ..report import Change

__all__ = ["ScriptStep", "script_evidence"]

CODE = "S101"
MESSAGE = "traditional converted to simplified"

# A line is traditional when it has traditional evidence and at least this
# many times more of it than simplified evidence.
RATIO = 3
# A line with fewer evidence characters than this follows the document.
MIN_EVIDENCE = 3


_TRAD = "\x01"
_SIMP = "\x02"


@lru_cache(maxsize=1)
def script_evidence() -> list:
    """A translate table marking script evidence: traditional-only characters
    become ``\\x01``, simplified-only ones ``\\x02`` (and those two control
    characters themselves become ``\\x00``, so counts are exact).

    Built from OpenCC's own character tables: ``TSCharacters`` entries whose
    candidates never include the character itself, and the same for
    ``STCharacters``.
    """
    ts = read_table("TSCharacters.txt")
    st = read_table("STCharacters.txt")
    traditional = {k for k, v in ts.items() if len(k) == 1 and k not in v}
    simplified = {k for k, v in st.items() if len(k) == 1 and k not in v}
    both = traditional & simplified
    table = list(range(0x110000 if any(ord(c) > 0xFFFF for c in traditional | simplified) else 0x10000))
    table[ord(_TRAD)] = table[ord(_SIMP)] = 0
    for c in traditional - both:
        table[ord(c)] = ord(_TRAD)
    for c in simplified - both:
        table[ord(c)] = ord(_SIMP)
    return table


class ScriptStep:
    """Converts the traditional lines of a text with one OpenCC config."""

    name = "script"

    def __init__(self, config: str = "t2s"):
        self.config = config
        self.converter = get_converter(config)
        self.evidence = script_evidence()

    @staticmethod
    def _is_traditional(t: int, s: int) -> bool:
        return t > 0 and t >= RATIO * s

    def find(self, text: str) -> List[Change]:
        converter = self.converter
        if not converter.needs(text):
            return []
        marks = text.translate(self.evidence)
        doc_t = marks.count(_TRAD)
        if doc_t == 0:
            # No line can be traditional, and undecided lines follow the
            # document, which is not traditional either.
            return []
        document = self._is_traditional(doc_t, marks.count(_SIMP))
        changes: List[Change] = []
        pos = 0
        for line in text.splitlines(keepends=True):
            end = pos + len(line)
            t = marks.count(_TRAD, pos, end)
            s = marks.count(_SIMP, pos, end)
            decided = self._is_traditional(t, s) if t + s >= MIN_EVIDENCE else document
            if decided:
                after = converter.convert(line)
                if after != line:
                    changes.append(_trimmed(line, after, pos))
            pos = end
        return changes


def _trimmed(before: str, after: str, offset: int) -> Change:
    """One change for a converted line, trimmed to the characters that differ.

    Conversion keeps lengths, so offsets inside the change map one to one.
    """
    i = 0
    while before[i] == after[i]:
        i += 1
    j = len(before)
    while before[j - 1] == after[j - 1]:
        j -= 1
    return Change(offset + i, offset + j, after[i:j], CODE, MESSAGE)
