"""Output formats for ``gaptext-check``: text, concise, json, sarif, github, html.

Each module has ``render(results, run) -> str``: ``results`` are the
:class:`~gaptext.cli.checker.FileResult` of every document, in order, and
``run`` (:class:`RunInfo`) what the whole run knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List

__all__ = ["FORMATS", "RunInfo", "headline"]

FORMATS = ("text", "concise", "json", "sarif", "github", "html")


@dataclass
class RunInfo:
    """What a formatter may need besides the per-file results."""

    color: bool = False
    mode: str = "check"  # check | fix | diff
    quiet: bool = False  # no summary line
    errors: List[tuple] = field(default_factory=list)  # (path, message)
    skipped: List[tuple] = field(default_factory=list)  # (path, reason)
    version: str = ""
    elapsed: float = 0.0


def headline(d) -> str:
    """A diagnostic as one line of prose: its message and the text it names."""
    if d.kind == "repair":
        return f"{d.message}: {d.text!r} → {d.suggestion!r}"
    if d.kind == "finding":
        return f"{d.message}: {d.text!r}"
    out = d.message
    if d.text:
        out += f": {d.text!r}"
    if d.suggestion is not None:
        out += f" (suggest {d.suggestion!r})"
    return out


def render_file(fmt: str, display: str, diagnostics, source: str, color: bool) -> str:
    """One file's part of a ``text``, ``concise`` or ``github`` report (made in the worker)."""
    if fmt == "github":
        from .github import render_file as github

        return github(display, diagnostics)
    from .text import render_file as text

    return text(display, diagnostics, source if fmt == "text" else None, color)
