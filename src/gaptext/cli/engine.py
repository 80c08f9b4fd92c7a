"""The pipeline with a veto: repairs the linter must not make are never made.

:func:`gaptext.repair` applies every change a step wants.  The linter must
leave alone what is suppressed inline or not selected (``--ignore S101``
keeps the traditional script, ``--fix`` included), so it passes the
pipeline a veto, ``keep(code, source_start, source_end)``: a refused change
is dropped before it is applied, and later steps see the text as the user
wants it.  With ``keep=None`` the result is exactly :func:`gaptext.repair`'s
(a test holds the two together).
"""

from __future__ import annotations

from typing import Dict, Optional, Tuple

from ..config import Config
from ..pipeline import Keep
from ..pipeline import run as _run
from ..report import Edit, Report

__all__ = ["run", "run_traced", "Keep"]


def run(text: str, config: Config, keep: Optional[Keep] = None) -> Report:
    """Like :func:`gaptext.pipeline.run`, dropping changes (and gaps) ``keep`` refuses."""
    return _run(text, config, keep)


def run_traced(text: str, config: Config, keep: Optional[Keep] = None) -> Tuple[Report, Dict[Edit, Tuple[int, int]]]:
    """:func:`run`, and for each edit where it was made: (how many of
    ``report.offsets.layers`` came before its step, its start in that step's
    input).  :mod:`~gaptext.cli.diagnostics` needs it to place the characters
    of an edit whose span an earlier step rewrote."""
    trace: Dict[Edit, Tuple[int, int]] = {}
    return _run(text, config, keep, trace), trace
