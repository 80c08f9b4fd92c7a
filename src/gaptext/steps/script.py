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

from functools import lru_cache
from typing import List, Tuple

import numpy as np

from ..codetable import ClassTable, code_units
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


# Classes of :func:`script_evidence`.
_NONE, _TRAD, _SIMP, _LF, _CR, _BREAK = range(6)
# What str.splitlines() breaks a line at (besides "\n" and "\r").
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@lru_cache(maxsize=1)
def script_evidence() -> ClassTable:
    """A class for every character: traditional-only, simplified-only, line break, or none.

    Built from OpenCC's own character tables: ``TSCharacters`` entries whose
    candidates never include the character itself are traditional-only; the
    same for ``STCharacters`` gives simplified-only.  A character in both
    lists is no evidence.  Line breaks are the ones ``str.splitlines`` knows,
    ``\r`` and ``\n`` apart so that ``\r\n`` counts once.
    """
    ts = read_table("TSCharacters.txt")
    st = read_table("STCharacters.txt")
    traditional = {k for k, v in ts.items() if len(k) == 1 and k not in v}
    simplified = {k for k, v in st.items() if len(k) == 1 and k not in v}
    both = traditional & simplified
    classes = {ord(c): _TRAD for c in traditional - both}
    classes.update((ord(c), _SIMP) for c in simplified - both)
    classes.update((ord(c), _BREAK) for c in _OTHER_BREAKS)
    classes[ord("\n")] = _LF
    classes[ord("\r")] = _CR
    return ClassTable(classes)


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

    def _traditional_lines(self, text: str) -> List[Tuple[int, int]]:
        """``(start, end)`` of each run of consecutive lines to convert.

        Lines are ``str.splitlines(keepends=True)``'s; each is counted and
        decided at once, as arrays.
        """
        if not self.converter.needs(text):
            return []
        cls = self.evidence.classes(text)
        doc_t = int(np.count_nonzero(cls == _TRAD))
        if doc_t == 0:
            # No line can be traditional, and undecided lines follow the
            # document, which is not traditional either.
            return []
        doc_s = int(np.count_nonzero(cls == _SIMP))
        document = self._is_traditional(doc_t, doc_s)
        n = len(text)
        breaks = np.flatnonzero(cls >= _LF)
        # "\r\n" is one break, after the "\n".
        crlf = (cls[breaks] == _CR) & (breaks + 1 < n)
        crlf[crlf] = cls[breaks[crlf] + 1] == _LF
        ends = breaks[~crlf] + 1
        if not len(ends) or ends[-1] != n:
            ends = np.append(ends, n)
        starts = np.concatenate(([0], ends[:-1]))
        t = np.add.reduceat(cls == _TRAD, starts, dtype=np.int64)
        s = np.add.reduceat(cls == _SIMP, starts, dtype=np.int64)
        decided = np.where(t + s >= MIN_EVIDENCE, (t > 0) & (t >= RATIO * s), document)
        edges = np.diff(np.concatenate(([0], decided.astype(np.int8), [0])))
        first = np.flatnonzero(edges == 1)
        last = np.flatnonzero(edges == -1) - 1
        return list(zip(starts[first].tolist(), ends[last].tolist()))

    def find(self, text: str) -> List[Change]:
        changes: List[Change] = []
        convert = self.converter.convert
        for start, end in self._traditional_lines(text):
            lines = text[start:end].splitlines(keepends=True)
            # Conversion keeps lengths and never crosses a line break, so the
            # converted block splits into the converted lines.
            converted = convert(text[start:end]).splitlines(keepends=True)
            if len(converted) != len(lines):  # a table that maps a line break: never in OpenCC's
                converted = [convert(line) for line in lines]
            for line, after in zip(lines, converted):
                if after != line:
                    changes.append(_trimmed(line, after, start))
                start += len(line)
        return changes

    def rewrite(self, text: str) -> str:
        """The text with :meth:`find`'s changes applied, without building them (for ``clean()``).

        Conversion never crosses a line break, so a run of traditional lines
        is converted in one call.
        """
        out: List[str] = []
        pos = 0
        convert = self.converter.convert
        for start, end in self._traditional_lines(text):
            out.append(text[pos:start])
            out.append(convert(text[start:end]))
            pos = end
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)


def _trimmed(before: str, after: str, offset: int) -> Change:
    """One change for a converted line, trimmed to the characters that differ.

    Conversion keeps lengths, so offsets inside the change map one to one.
    """
    if len(before) > 64:
        differ = np.flatnonzero(code_units(before) != code_units(after))
        i, j = int(differ[0]), int(differ[-1]) + 1
    else:
        i = 0
        while before[i] == after[i]:
            i += 1
        j = len(before)
        while before[j - 1] == after[j - 1]:
            j -= 1
    return Change(offset + i, offset + j, after[i:j], CODE, MESSAGE)
