"""Inline suppression comments, after autocorrect's.

In a comment (``#``, ``//``, ``/*``, ``--``, ``;``, ``%``) or an HTML comment
(``<!-- -->``):

* ``gaptext: disable`` switches every code off from its line on;
  ``gaptext: disable=P101,S`` switches those codes (prefixes) off;
* ``gaptext: enable`` switches everything back on from its line;
  ``gaptext: enable=P101`` just those codes;
* ``gaptext: ignore`` (or ``ignore=CODES``) silences its own line only.

Suppressed repairs are neither reported nor applied by ``--fix``.

>>> s = Suppressions.parse("甲\\n<!-- gaptext: disable=P -->\\n乙\\n# gaptext: enable\\n丙 // gaptext: ignore\\n")
>>> [s.suppressed("P101", line) for line in (1, 2, 3, 4)]
[False, True, True, False]
>>> s.suppressed("S101", 3), s.suppressed("S101", 5)
(False, True)
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional, Tuple

from .rules import CodeError, parse_codes

__all__ = ["Suppressions"]

_DIRECTIVE = re.compile(
    r"(?:<!--|//|/\*|#|--|;|%)[ \t]*gaptext[ \t]*[:：][ \t]*(disable|enable|ignore)\b"
    r"(?:[ \t]*[=＝][ \t]*([A-Za-z0-9]+(?:[ \t]*[,，][ \t]*[A-Za-z0-9]+)*))?"
)

_ALL = ("",)


class Suppressions:
    """Which codes are off on which lines."""

    __slots__ = ("_spans", "_lines", "warnings")

    def __init__(self) -> None:
        # (first line, last line or None, disabled prefixes, re-enabled prefixes)
        self._spans: List[Tuple[int, Optional[int], FrozenSet[str], FrozenSet[str]]] = []
        self._lines: Dict[int, Tuple[str, ...]] = {}
        self.warnings: List[str] = []

    @classmethod
    def parse(cls, text: str) -> "Suppressions":
        """Read the directives in ``text`` (lines end in ``\\n``)."""
        self = cls()
        if "gaptext" not in text:
            return self
        disabled: FrozenSet[str] = frozenset()
        enabled: FrozenSet[str] = frozenset()  # exceptions to a disabled prefix
        since = 1
        for m in _DIRECTIVE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            what, raw = m.group(1), m.group(2)
            try:
                codes = parse_codes([raw.replace("，", ",")]) if raw else _ALL
            except CodeError as exc:
                self.warnings.append(f"{line}: {exc}")
                continue
            if what == "ignore":
                self._lines[line] = tuple(dict.fromkeys(self._lines.get(line, ()) + codes))
                continue
            if disabled:
                self._spans.append((since, line - 1, disabled, enabled))
            if what == "disable":
                disabled = disabled | frozenset(codes)
                enabled = frozenset(e for e in enabled if not any(e.startswith(c) for c in codes))
            elif codes == _ALL:
                disabled, enabled = frozenset(), frozenset()
            else:
                disabled = frozenset(d for d in disabled if d not in codes)
                enabled = enabled | frozenset(c for c in codes if any(c.startswith(d) for d in disabled))
            since = line
        if disabled:
            self._spans.append((since, None, disabled, enabled))
        return self

    def __bool__(self) -> bool:
        return bool(self._spans or self._lines)

    def suppressed(self, code: str, line: int) -> bool:
        """Whether ``code`` is switched off on ``line`` (1-based)."""
        for prefix in self._lines.get(line, ()):
            if code.startswith(prefix):
                return True
        for first, last, disabled, enabled in self._spans:
            if line < first or (last is not None and line > last):
                continue
            if any(code.startswith(d) for d in disabled) and not any(code.startswith(e) for e in enabled):
                return True
        return False
