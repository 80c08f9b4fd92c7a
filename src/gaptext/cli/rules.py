"""Diagnostic codes: their families, severities, and ``--select``/``--ignore``.

Codes come from the pipeline (a letter and three digits); the family is the
letter, and for gaps the first digit names the kind:

====  ===========  ===================================  =========
code  family       what                                 severity
====  ===========  ===================================  =========
E1xx  encoding     mojibake, GBK read out of step       warning
E190  encoding     damage seen but not recoverable      error
P1xx  pinyin       inline pinyin readings               warning
S1xx  script       traditional text made simplified     info
L1xx  punctuation  ASCII marks, doubled marks, layout   info
G1xx  gap          a year's digits are missing          warning
G2xx  gap          a number is missing                  warning
G3xx  gap          an ordinal or fixed numeral          warning
G4xx  gap          a name or slogan                     warning
G5xx  gap          an explicit mask (``**``, ``XX``)    warning
====  ===========  ===================================  =========

Any finding (damage seen, not repaired) is an error whatever its family.

Selection follows ruff: a code is checked when its most specific matching
prefix in ``select`` is more specific than any in ``ignore`` (``ALL`` is the
empty prefix; on a tie ``ignore`` wins).

>>> sel = Selector(select=("P", "S101"), ignore=("P1",))
>>> sel("P101"), sel("S101"), sel("L101")
(False, True, False)
>>> Selector(select=("P101",), ignore=("P",))("P101")
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional, Tuple

__all__ = ["FAMILIES", "GAP_KINDS", "family", "gap_kind", "severity", "Selector", "parse_codes", "CodeError"]

FAMILIES = {"E": "encoding", "P": "pinyin", "S": "script", "L": "punctuation", "G": "gap"}
GAP_KINDS = {"1": "year", "2": "number", "3": "ordinal", "4": "name", "5": "mask"}
SEVERITIES = ("error", "warning", "info")

_PREFIX = re.compile(r"(?:ALL|[EPSLG][0-9]{0,3})\Z")


class CodeError(ValueError):
    """A code or prefix that names no family."""


def family(code: str) -> str:
    return FAMILIES.get(code[:1], "other")


def gap_kind(code: str) -> Optional[str]:
    return GAP_KINDS.get(code[1:2]) if code[:1] == "G" else None


def severity(code: str, finding: bool = False) -> str:
    if finding:
        return "error"
    if code[:1] in ("S", "L"):
        return "info"
    return "warning"


def parse_codes(values: Iterable[str], what: str = "code") -> Tuple[str, ...]:
    """Split comma/space separated codes, check each, keep the order (``ALL`` -> ``""``)."""
    out = []
    for value in values:
        for part in re.split(r"[\s,]+", value.strip()):
            if not part:
                continue
            code = part.upper()
            if not _PREFIX.match(code):
                raise CodeError(
                    f"unknown {what} {part!r}: expected ALL or a family letter "
                    f"({', '.join(f'{k}={v}' for k, v in FAMILIES.items())}) and up to three digits"
                )
            out.append("" if code == "ALL" else code)
    return tuple(dict.fromkeys(out))


class Selector:
    """Whether a code is checked, under select/ignore prefixes (see the module doc)."""

    __slots__ = ("select", "ignore", "_cache", "everything")

    def __init__(self, select: Iterable[str] = ("",), ignore: Iterable[str] = ()):
        self.select = tuple("" if s == "ALL" else s for s in select)
        self.ignore = tuple("" if s == "ALL" else s for s in ignore)
        self._cache: dict = {}
        self.everything = "" in self.select and not self.ignore

    def __call__(self, code: str) -> bool:
        hit = self._cache.get(code)
        if hit is None:
            hit = self._cache[code] = _decide(code, self.select, self.ignore)
        return hit

    def __reduce__(self):
        return (Selector, (self.select, self.ignore))


def _longest(code: str, prefixes: Tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@lru_cache(maxsize=4096)
def _decide(code: str, select: Tuple[str, ...], ignore: Tuple[str, ...]) -> bool:
    s = _longest(code, select)
    return s >= 0 and s > _longest(code, ignore)
