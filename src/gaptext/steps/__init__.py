"""The normalisers.  Each step looks at text and returns the changes it wants.

A step is any object with a ``name`` and a ``find(text) -> list[Change]``
method; the changes are sorted, do not overlap, and are in the coordinates of
the text the step was given.  A change whose ``after`` is ``None`` is a
finding: damage seen but left alone.  Steps know nothing of each other or of
offsets in the source; :mod:`gaptext.pipeline` composes them.

A step may also offer ``rewrite(text) -> str``: the text with its repairs
(changes whose ``after`` is not ``None``) applied, computed without building
them.  ``clean()`` uses it; the result must equal applying ``find``'s
repairs, which ``tests/test_rewrite.py`` checks.
"""

from __future__ import annotations

from typing import List, Protocol, Sequence

from ..report import Change

__all__ = ["Change", "Step", "check_changes"]


class Step(Protocol):
    name: str

    def find(self, text: str) -> List[Change]:  # pragma: no cover - protocol
        ...


def check_changes(text: str, changes: Sequence[Change]) -> None:
    """Raise ``ValueError`` unless ``changes`` are sorted, disjoint and in range."""
    pos = 0
    for c in changes:
        if not (pos <= c.start <= c.end <= len(text)):
            raise ValueError(f"bad change span {c.start}-{c.end} (previous end {pos}, length {len(text)})")
        pos = c.end
