"""The default output: ``path:line:col: CODE message``, the source line and a caret.

``concise`` is the first line alone, one diagnostic per line (for editors
and grep).  Colour only when asked (on a terminal, unless ``NO_COLOR``).
Chinese characters take two terminal columns, so the caret is placed by
display width, and a long paragraph is cut to a window around the span.

>>> print(render_file("a.txt", _demo(), "同志們:刚才", color=False), end="")
a.txt:1:4: L101 [*] ASCII mark made fullwidth: ':' → '：'
  |
1 | 同志們:刚才
  |       ^ '：'
<BLANKLINE>
"""

from __future__ import annotations

import re
from typing import List, Optional

from . import RunInfo, headline

__all__ = ["render", "render_file", "render_statistics", "summary", "display_width"]

WINDOW = 24  # characters of context either side of the span

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
_BLUE = "\x1b[34m"
_CYAN = "\x1b[36m"
_GREEN = "\x1b[32m"

# East Asian Wide and Fullwidth: two terminal columns each.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f\U00020000-\U0003fffd]"
)
_wide = _WIDE.findall
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_PRINTABLE = {i: "\ufffd" for i in range(32)}
_PRINTABLE.update({9: " ", 0x7F: "\ufffd"})


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide and fullwidth characters take two.

    >>> display_width("ab中文，")
    8
    """
    return len(text) + len(_WIDE.findall(text))


def _paint(on: bool, text: str, style: str) -> str:
    return f"{style}{text}{_RESET}" if on and text else text


def _excerpt(lines: List[str], d, color: bool) -> str:
    text = lines[d.line - 1] if d.line - 1 < len(lines) else ""
    c0 = d.column - 1
    c1 = d.end_column - 1 if d.end_line == d.line else len(text)
    if c1 < c0:
        c1 = c0
    w0 = c0 - WINDOW if c0 > WINDOW else 0
    w1 = min(len(text), max(c1, c0 + 1) + WINDOW)
    head = "…" if w0 > 0 else ""
    tail = "…" if w1 < len(text) else ""
    lead = head + text[w0:c0]
    span = text[c0:c1]
    shown = lead + span + text[c1:w1] + tail
    marks = "^" * max(1, len(span) + len(_wide(span)))
    if d.kind == "repair":
        note = f" {d.suggestion!r}" if d.suggestion else " remove"
    elif d.kind == "finding":
        note = ""
    else:
        note = f" {d.kind} gap" + (f", suggest {d.suggestion!r}" if d.suggestion is not None else "")
    number = str(d.line)
    gutter = " " * len(number)
    pad = " " * (len(lead) + len(_wide(lead)))
    if not color:
        return f"{gutter} |\n{number} | {shown}\n{gutter} | {pad}{marks}{note}\n"
    style = _SEVERITY.get(d.severity, _BOLD)
    return (
        f"{_BLUE}{gutter} |{_RESET}\n{_BLUE}{number} |{_RESET} {shown}\n"
        f"{_BLUE}{gutter} |{_RESET} {pad}{style}{marks}{note}{_RESET}\n"
    )


def render_file(display: str, diagnostics, source: Optional[str], color: bool) -> str:
    """One file's diagnostics; with ``source``, each with its line and a caret."""
    if not diagnostics:
        return ""
    lines = None
    if source is not None:
        # Lines as shown: tabs as spaces, control characters as �, one for one.
        text = source.replace("\r\n", "\n").replace("\r", "\n")
        if _CONTROL.search(text.replace("\n", "")):
            text = "\n".join(line.translate(_PRINTABLE) for line in text.split("\n"))
        lines = text.split("\n")
    out: List[str] = []
    where_style = _BOLD if color else ""
    for d in diagnostics:
        where = f"{display}:{d.line}:{d.column}:"
        if color:
            first = (
                f"{where_style}{where}{_RESET} {_SEVERITY.get(d.severity, _BOLD)}{d.code}{_RESET} "
                f"{_CYAN + '[*] ' + _RESET if d.fixable else ''}{headline(d)}\n"
            )
        else:
            first = f"{where} {d.code} {'[*] ' if d.fixable else ''}{headline(d)}\n"
        out.append(first)
        if lines is not None:
            out.append(_excerpt(lines, d, color))
            out.append("\n")
    return "".join(out)


def render(results, run: RunInfo, source: bool = True) -> str:
    parts = []
    for r in results:
        if r.rendered is not None:
            parts.append(r.rendered)
        elif r.diagnostics:
            parts.append(render_file(r.display, r.diagnostics, r.source if source else None, run.color))
    if not run.quiet:
        parts.append(summary(results, run) + "\n")
    return "".join(parts)


def render_concise(results, run: RunInfo) -> str:
    return render(results, run, source=False)


def summary(results, run: RunInfo) -> str:
    color = run.color
    total = sum(r.total for r in results)
    fixable = sum(r.total_fixable for r in results)
    fixed = sum(r.fixed for r in results if r.written or r.output is not None)
    files = sum(1 for r in results if r.total)
    checked = sum(1 for r in results if r.error is None and r.skipped is None)
    parts = []
    if run.mode == "fix":
        parts.append(f"Fixed {fixed} repair{'s' * (fixed != 1)} in {sum(1 for r in results if r.written)} file(s).")
    if total:
        noun = "diagnostic" + "s" * (total != 1)
        line = f"Found {total} {noun} in {files} of {checked} file{'s' * (checked != 1)}"
        line += "." if not fixable else f" ({fixable} fixable with --fix)."
        parts.append(_paint(color, line, _BOLD))
    elif checked:
        parts.append(_paint(color, f"All checks passed ({checked} file{'s' * (checked != 1)}).", _GREEN))
    return "\n".join(parts)


def render_statistics(results, run: RunInfo) -> str:
    """Counts per code, most frequent first (``--statistics``)."""
    counts: dict = {}
    fixable: dict = {}
    message: dict = {}
    for r in results:
        for code, n in r.counts.items():
            counts[code] = counts.get(code, 0) + n
            fixable[code] = fixable.get(code, 0) + r.fixable.get(code, 0)
            message.setdefault(code, r.messages[code])
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append(f"{n:>{width}}\t{code}\t{'[*] ' if fixable[code] else '    '}{message[code]}")
    return "\n".join(rows) + "\n"


def _demo():
    from ..diagnostics import Diagnostic

    return [Diagnostic("L101", "ASCII mark made fullwidth", "info", "punctuation", "repair",
                       1, 4, 1, 5, 3, 4, ":", "：", True)]
