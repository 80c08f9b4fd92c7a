"""Reading the files under ``data/``, as the scripts in ``tools/`` write them.

Each file is a header of ``#`` comment lines, then data lines of
tab-separated fields.  Every process that repairs text reads some of them
(hundreds of thousands of fields), so they are split in as few Python-level
steps as possible: the whole body at once, not a string a line.

>>> units = fields("hanzi_units.tsv", 2)     # unit<TAB>-ln share, a line each
>>> len(single_characters("hanzi_units.tsv", units[0::2])) == len(units) // 2
True
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from importlib.resources import files
from typing import Iterator, List

__all__ = ["body", "lines", "fields", "single_characters", "gc_paused"]


def body(name: str) -> str:
    """``data/name`` less its header: the data lines, joined by ``\\n`` (no final one).

    A comment or an empty line further down is dropped as well (then the
    lines are gone through one by one).
    """
    text = files("gaptext").joinpath("data", name).read_text(encoding="utf-8")
    start = 0
    while text.startswith("#", start):
        start = text.find("\n", start) + 1
        if not start:
            return ""
    rest = text[start:].rstrip("\n")
    if "\n#" in rest or "\n\n" in rest:
        rest = "\n".join(line for line in rest.split("\n") if line and line[0] != "#")
    return rest


def lines(name: str) -> List[str]:
    """The data lines of ``data/name``."""
    text = body(name)
    return text.split("\n") if text else []


def fields(name: str, width: int) -> List[str]:
    """The fields of ``data/name``, ``width`` tab-separated fields a line, in one list
    (split in one call); a line of another width raises :class:`ValueError`."""
    text = body(name)
    if not text:
        return []
    out = text.replace("\n", "\t").split("\t")
    if len(out) != width * (text.count("\n") + 1):
        raise ValueError(f"{name}: expected {width} tab-separated fields a line")
    return out


def single_characters(name: str, column: List[str]) -> List[str]:
    """``column``, checked to hold one character a line (which a misread line would not)."""
    if len("".join(column)) != len(column) or "" in column:
        raise ValueError(f"{name}: expected one character a line in its first column")
    return column


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) while building tables without
    cycles: else it would walk the growing tables, and all the process holds, again
    and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
