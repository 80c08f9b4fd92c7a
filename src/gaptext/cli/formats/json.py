"""``--format json``: one JSON document, described by ``gaptext-check.schema.json``.

The schema ships next to this module (``gaptext.cli.formats``) and the tests
validate real output against it.  Offsets, lines and columns count
characters of the decoded file; ``end_line``/``end_column`` point just past
the span.  Object keys are stable; new keys may be added.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import List

from ..diagnostics import Diagnostic
from . import RunInfo

__all__ = ["render", "render_statistics", "document", "schema", "FORMAT_VERSION"]

FORMAT_VERSION = 1
SCHEMA_NAME = "gaptext-check.schema.json"


def schema() -> dict:
    """The JSON Schema of this format."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_NAME).read_text(encoding="utf-8"))


def _file(r) -> dict:
    entry = {
        "path": r.display,
        "encoding": r.encoding,
        "bom": r.bom,
        "newline": r.newline,
        "characters": r.characters,
        "bytes": r.size,
        "diagnostics": r.total,
        "fixed": r.fixed,
        "written": r.written,
    }
    if r.error:
        entry["error"] = r.error
    if r.skipped:
        entry["skipped"] = r.skipped
    return entry


def document(results, run: RunInfo) -> dict:
    diagnostics: List[dict] = []
    by_code: Counter = Counter()
    fields = ("path",) + Diagnostic._fields
    for r in results:
        path = r.display
        for d in r.diagnostics:
            diagnostics.append(dict(zip(fields, (path, *d))))
        by_code.update(r.counts)
    return {
        "version": FORMAT_VERSION,
        "tool": {"name": "gaptext-check", "version": run.version},
        "mode": run.mode,
        "files": [_file(r) for r in results],
        "diagnostics": diagnostics,
        "errors": [{"path": p, "message": m} for p, m in run.errors],
        "summary": {
            "files": sum(1 for r in results if r.error is None and r.skipped is None),
            "diagnostics": len(diagnostics),
            "fixable": sum(r.total_fixable for r in results),
            "by_code": dict(sorted(by_code.items())),
        },
    }


def render(results, run: RunInfo) -> str:
    """The document, indented, one diagnostic per line (json's indenting
    encoder is pure Python; a damaged corpus has a diagnostic every few
    characters)."""
    doc = document(results, run)
    diagnostics = doc.pop("diagnostics")
    head = json.dumps(doc, ensure_ascii=False, indent=2)
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    items = ",\n    ".join(map(dumps, diagnostics))
    body = f'"diagnostics": [\n    {items}\n  ]' if diagnostics else '"diagnostics": []'
    return head[:-2] + ",\n  " + body + "\n}\n"


def render_statistics(results, run: RunInfo) -> str:
    from ..rules import family

    counts: Counter = Counter()
    fixable: Counter = Counter()
    message = {}
    for r in results:
        counts.update(r.counts)
        fixable.update(r.fixable)
        for code, text in r.messages.items():
            message.setdefault(code, text)
    rows = [
        {"code": code, "count": n, "family": family(code), "fixable": fixable[code], "message": message[code]}
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
