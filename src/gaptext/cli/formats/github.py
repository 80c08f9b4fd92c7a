"""``--format github``: GitHub Actions workflow commands, one annotation per diagnostic.

``::warning title=gaptext (P101),file=a.txt,line=1,col=3,endLine=1,endColumn=7::a.txt:1:3: P101 …``
(``error`` / ``warning`` / ``notice`` by severity).  Property values escape
``% \\r \\n : ,`` and the message ``% \\r \\n``, as the runner requires.
"""

from __future__ import annotations

from typing import List

from . import RunInfo, headline

__all__ = ["render", "render_file"]

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_file(display: str, diagnostics) -> str:
    out: List[str] = []
    file = _prop(display)
    for d in diagnostics:
        props = (
            f"title={_prop(f'gaptext ({d.code})')},file={file},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column}"
        )
        message = _data(f"{display}:{d.line}:{d.column}: {d.code} {headline(d)}")
        out.append(f"::{COMMAND[d.severity]} {props}::{message}\n")
    return "".join(out)


def render(results, run: RunInfo) -> str:
    return "".join(r.rendered if r.rendered is not None else render_file(r.display, r.diagnostics) for r in results)
