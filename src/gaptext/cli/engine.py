"""The pipeline with a veto: repairs the linter must not make are never made.

:func:`gaptext.repair` applies every change a step wants.  The linter must
leave alone what is suppressed inline or not selected (``--ignore S101``
keeps the traditional script, ``--fix`` included), so it runs the same steps
in the same order and drops each change ``keep(code, source_start,
source_end)`` refuses before it is applied; later steps then see the text
as the user wants it.  With ``keep=None`` the result is exactly
:func:`gaptext.repair`'s (a test holds the two together).
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

from ..config import Config
from ..pipeline import apply_changes, build_steps
from ..report import Edit, Finding, OffsetLayer, OffsetMap, Report

__all__ = ["run", "run_traced"]

Keep = Callable[[str, int, int], bool]


def run(text: str, config: Config, keep: Optional[Keep] = None) -> Report:
    """Like :func:`gaptext.pipeline.run`, dropping changes (and gaps) ``keep`` refuses."""
    return run_traced(text, config, keep)[0]


def run_traced(text: str, config: Config, keep: Optional[Keep] = None) -> Tuple[Report, Dict[Edit, Tuple[int, int]]]:
    """:func:`run`, and for each edit where it was made: (how many of
    ``report.offsets.layers`` came before its step, its start in that step's
    input).  :mod:`~gaptext.cli.diagnostics` needs it to place the characters
    of an edit whose span an earlier step rewrote."""
    trace: Dict[Edit, Tuple[int, int]] = {}
    layers: List[OffsetLayer] = []
    edits: List[Edit] = []
    findings: List[Finding] = []
    current = text
    for step in build_steps(config):
        changes = step.find(current)
        if not changes:
            continue
        so_far = OffsetMap(layers)
        repairs = []
        for c in changes:
            s0, s1 = so_far.span_to_source(c.start, c.end)
            if keep is not None and not keep(c.code, s0, s1):
                continue
            if c.after is None:
                findings.append(Finding(step.name, c.code, c.message, s0, s1, current[c.start:c.end]))
            else:
                repairs.append(c)
                edit = Edit(step.name, c.code, c.message, s0, s1, current[c.start:c.end], c.after)
                edits.append(edit)
                trace[edit] = (len(layers), c.start)
        if repairs:
            current, layer = apply_changes(current, repairs)
            layers.append(layer)
    report = Report(source=text, text=current, edits=edits, findings=findings, offsets=OffsetMap(layers))
    if config.gaps:
        from ..gaps import detect

        report = detect(report, config)
        if keep is not None:
            report.gaps = [g for g in report.gaps if keep(g.code, g.source_start, g.source_end)]
    return report, trace
