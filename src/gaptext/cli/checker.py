"""Checking (and fixing) one document: bytes in, diagnostics and maybe a new file out.

:func:`check_one` is what a worker process runs; it never raises for a bad
document, it returns a :class:`FileResult` that says what went wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

from ..config import Config
from ..report import Report
from . import engine
from .decode import BinaryFile, Decoded, UndecodableFile, decode, describe
from .diagnostics import Diagnostic, diagnose
from .fix import atomic_write, encode_error, fill_gaps, unified_diff
from .rules import Selector
from .settings import Settings
from .source import Source
from .suppress import Suppressions
from .walk import PatternList

__all__ = ["Job", "FileResult", "check_one", "check_text"]


@dataclass(frozen=True)
class Job:
    """What to do with one document."""

    path: str  # the file to read and write ("-" for standard input)
    display: str  # the name diagnostics carry
    settings: Settings
    mode: str = "check"  # "check" | "fix" | "diff"
    encoding: Optional[str] = None  # force an input encoding
    keep_source: bool = False  # return the decoded text (html output)
    data: Optional[bytes] = None  # standard input's bytes
    render: Optional[str] = None  # "text" | "concise" | "github": render here, return only counts
    color: bool = False
    keep_diagnostics: bool = True  # return the diagnostics themselves (json, sarif, html)


@dataclass
class FileResult:
    display: str
    encoding: Optional[str] = None
    bom: bool = False
    newline: Optional[str] = None
    characters: int = 0
    size: int = 0
    diagnostics: List[Diagnostic] = field(default_factory=list)
    counts: Dict[str, int] = field(default_factory=dict)  # diagnostics per code
    fixable: Dict[str, int] = field(default_factory=dict)  # fixable diagnostics per code
    messages: Dict[str, str] = field(default_factory=dict)  # a message per code
    rendered: Optional[str] = None  # this file's part of a text, concise or github report
    fixed: int = 0  # repairs written (or that --diff shows)
    written: bool = False
    diff: Optional[str] = None
    output: Optional[bytes] = None  # --fix on standard input: the fixed bytes
    source: Optional[str] = None  # the decoded text the diagnostics point into
    error: Optional[str] = None
    skipped: Optional[str] = None
    warnings: List[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def total_fixable(self) -> int:
        return sum(self.fixable.values())


#: The settings that are the pipeline's own switches.
SWITCHES = ("mojibake", "pinyin", "convert", "punctuation", "gaps")


def pipeline_config(settings: Settings) -> Config:
    """The pipeline's configuration; the linter fills gaps itself (``settings.fill``), never in it."""
    return Config(**{name: getattr(settings, name) for name in SWITCHES}, fill=False, gap_marker=None)


def selector_for(path: str, settings: Settings) -> Selector:
    ignore = settings.ignore
    if settings.per_file_ignores and path != "-":
        full = os.path.abspath(path)
        for pattern, codes in settings.per_file_ignores:
            if PatternList(os.path.abspath(settings.root), [pattern]).match(full, False):
                ignore = ignore + codes
    return Selector(settings.select, ignore)


def check_text(source: Source, settings: Settings, selector: Selector) -> Tuple[Report, List[Diagnostic], List[str]]:
    """Run the pipeline on a decoded document; its report, diagnostics and warnings."""
    suppressions = Suppressions.parse(source.text)
    keep = _keeper(source, selector, suppressions)
    report, trace = engine.run_traced(source.text, pipeline_config(settings), keep)
    warnings = [f"gaptext directive on line {w}" for w in suppressions.warnings]
    return report, diagnose(source, report, fill=settings.fill, trace=trace), warnings


def _keeper(source: Source, selector: Selector, suppressions: Suppressions) -> Optional[Callable[[str, int, int], bool]]:
    """What the pipeline may do: selected codes, not switched off on their line (None: everything)."""
    if not suppressions:
        if selector.everything:
            return None
        return lambda code, start, end: selector(code)
    line_of = source.line_of
    return lambda code, start, end: selector(code) and not suppressions.suppressed(code, line_of(start))


def check_one(job: Job) -> FileResult:
    """Check (and fix, or diff) one document; never raises for a bad document."""
    result = FileResult(job.display)
    try:
        _check(job, result)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # a bug must not stop a run over a thousand files
        result.error = f"internal error: {type(exc).__name__}: {exc}"
    return result


def _read(job: Job, result: FileResult) -> Optional[Decoded]:
    if job.data is not None:
        data = job.data
    else:
        try:
            with open(job.path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            result.error = exc.strerror or str(exc)
            return None
    result.size = len(data)
    try:
        return decode(data, job.encoding)
    except BinaryFile:
        result.skipped = "binary file skipped"
    except UndecodableFile as exc:
        result.error = f"cannot decode: {exc}; name the encoding with --encoding"
    except (UnicodeDecodeError, LookupError) as exc:
        result.error = f"cannot decode as {job.encoding}: {exc}"
    return None


def _check(job: Job, result: FileResult) -> None:
    decoded = _read(job, result)
    if decoded is None:
        return
    source = Source(decoded.text)
    result.encoding, result.bom, result.newline = decoded.encoding, decoded.bom, source.newline
    result.characters = len(decoded.text)
    selector = selector_for(job.path, job.settings)
    report, diagnostics, result.warnings = check_text(source, job.settings, selector)
    if job.mode != "check":
        fixed = _fix(job, result, decoded, source, report, diagnostics)
        if fixed is not None:
            # What remains is what a new run over the new text reports.
            source = Source(fixed)
            result.characters = len(fixed)
            report, diagnostics, _ = check_text(source, job.settings, selector)
    _finish(job, result, source, report, diagnostics)


def _fix(job: Job, result: FileResult, decoded: Decoded, source: Source, report: Report, diagnostics) -> Optional[str]:
    """Write (or diff) the repaired text; the new text when the file was rewritten."""
    settings = job.settings
    fixed = report.text
    if settings.fill:
        fixed = fill_gaps(fixed, report.gaps)
    new_text = source.restore(fixed)
    try:
        if settings.output_encoding:
            data = new_text.encode(settings.output_encoding)
        else:
            data = decoded.encode(new_text)
    except UnicodeEncodeError as exc:
        where = encode_error(new_text, exc, settings.output_encoding or describe(decoded))
        result.error = f"{where}; file left unchanged (try --output-encoding utf-8)"
        return None
    if job.data is not None and job.mode == "fix":
        result.output = data  # standard input: the fixed bytes go to standard output
    converting = job.data is None and settings.output_encoding and _bytes_differ(job.path, data)
    if new_text == decoded.text and not converting:
        return None
    result.fixed = sum(1 for d in diagnostics if d.fixable)
    if job.mode == "diff":
        result.diff = unified_diff(decoded.text, new_text, job.display)
        return None
    if job.data is None:
        try:
            atomic_write(job.path, data)
        except OSError as exc:
            result.error = f"cannot write the fixed file: {exc.strerror or exc}; file left unchanged"
            return None
        result.written = True
        if settings.output_encoding:
            result.encoding, result.bom = settings.output_encoding, False
    return new_text


def _finish(job: Job, result: FileResult, source: Source, report: Report, diagnostics: List[Diagnostic]) -> None:
    for d in diagnostics:
        result.counts[d.code] = result.counts.get(d.code, 0) + 1
        if d.fixable:
            result.fixable[d.code] = result.fixable.get(d.code, 0) + 1
        if d.code not in result.messages:
            result.messages[d.code] = d.message
    if job.render is not None:
        from .formats import render_file

        result.rendered = render_file(job.render, job.display, diagnostics, source.original, job.color)
    if job.keep_diagnostics:
        result.diagnostics = diagnostics
    if job.keep_source:
        result.source = source.original


def _bytes_differ(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read() != data
    except OSError:
        return True
