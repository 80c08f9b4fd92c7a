"""A decoded document: its text as the pipeline sees it, line endings, and positions.

A file with one line-ending style (``\\r\\n`` or ``\\r``) is checked as if its
lines ended in ``\\n``, so a Windows file and its Unix twin give the same
diagnostics, and a fix is written back with the file's own endings.  A file
that mixes styles is checked as it is.  Lines are 1-based; columns are
1-based and count characters; ``\\r\\n``, ``\\r`` and ``\\n`` each end a line.

>>> src = Source("甲\\r\\n乙丙\\r\\n")
>>> src.text, src.newline
('甲\\n乙丙\\n', 'crlf')
>>> src.position(3)       # 丙, in the text the pipeline sees
(2, 2)
>>> src.original[src.original_offset(3)]
'丙'
>>> src.restore("甲\\n乙\\n")
'甲\\r\\n乙\\r\\n'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import List, Tuple

__all__ = ["Source"]

_BREAK = re.compile(r"\r\n|\r|\n")


class Source:
    """``original`` is the decoded file; ``text`` is what the pipeline gets."""

    __slots__ = ("original", "text", "newline", "starts", "_crlf")

    def __init__(self, original: str):
        self.original = original
        self._crlf = False
        if "\r" not in original:
            self.newline = "lf" if "\n" in original else "none"
            self.text = original
        else:
            crlf = original.count("\r\n")
            cr = original.count("\r") - crlf
            lf = original.count("\n") - crlf
            if cr == 0 and lf == 0:
                self.newline, self.text, self._crlf = "crlf", original.replace("\r\n", "\n"), True
            elif crlf == 0 and lf == 0:
                self.newline, self.text = "cr", original.replace("\r", "\n")
            else:
                self.newline, self.text = "mixed", original
        self.starts: List[int] = [0]
        if self.newline != "none":
            self.starts.extend(m.end() for m in _BREAK.finditer(self.text))

    def position(self, offset: int) -> Tuple[int, int]:
        """1-based (line, column) of ``self.text[offset]``."""
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def original_offset(self, offset: int) -> int:
        """The offset in ``original`` of ``text[offset]`` (``\\r\\n`` counts two there)."""
        if not self._crlf:
            return offset
        return offset + bisect_right(self.starts, offset) - 1

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) of the text, without its line ending."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def restore(self, text: str) -> str:
        """A fixed ``text`` with this file's line endings back."""
        if self.newline == "crlf":
            return text.replace("\n", "\r\n")
        if self.newline == "cr":
            return text.replace("\n", "\r")
        return text
