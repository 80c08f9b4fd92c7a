"""``--format sarif``: SARIF 2.1.0, for code-scanning interfaces.

One run; one rule per code seen (its family and default level in the rule's
properties); one result per diagnostic with its region (1-based lines,
columns in Unicode code points, ``run.columnKind`` says so) and, for a
repair, the fix as a replacement.  Paths are relative URIs when relative
(percent-encoded), ``file:`` URIs when absolute.  Tests validate the output
against the OASIS schema.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Dict, List
from urllib.parse import quote

from . import RunInfo, headline

__all__ = ["render", "document"]

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(Path(path).as_posix(), safe="/")


def _region(d, start_line, start_column, end_line, end_column, snippet=True) -> dict:
    region = {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": d.offset,
        "charLength": d.end_offset - d.offset,
    }
    if snippet and d.text:
        region["snippet"] = {"text": d.text}
    return region


def document(results, run: RunInfo) -> dict:
    rules: List[dict] = []
    index: Dict[str, int] = {}
    artifacts: List[dict] = []
    out: List[dict] = []
    for r in results:
        if r.encoding is None:
            continue
        artifact_index = len(artifacts)
        artifact = {"location": {"uri": _uri(r.display)}, "length": r.size, "encoding": r.encoding}
        artifacts.append(artifact)
        location = {"uri": _uri(r.display), "index": artifact_index}
        for d in r.diagnostics:
            if d.code not in index:
                index[d.code] = len(rules)
                rules.append({
                    "id": d.code,
                    "name": d.family + ("-" + d.kind if d.kind not in ("repair", "finding") else ""),
                    "shortDescription": {"text": d.message},
                    "defaultConfiguration": {"level": LEVEL[d.severity]},
                    "properties": {"family": d.family, "fixable": d.fixable},
                })
            result = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": LEVEL[d.severity],
                "kind": "fail",
                "message": {"text": headline(d)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": _region(d, d.line, d.column, d.end_line, d.end_column),
                    }
                }],
                "properties": {"family": d.family, "kind": d.kind},
            }
            if d.confidence is not None:
                result["properties"]["confidence"] = d.confidence
            if d.suggestion is not None:
                result["properties"]["suggestion"] = d.suggestion
            if d.fixable and d.suggestion is not None:
                result["fixes"] = [{
                    "description": {"text": f"replace {d.text!r} with {d.suggestion!r}"},
                    "artifactChanges": [{
                        "artifactLocation": location,
                        "replacements": [{
                            "deletedRegion": _region(d, d.line, d.column, d.end_line, d.end_column, snippet=False),
                            "insertedContent": {"text": d.suggestion},
                        }],
                    }],
                }]
            out.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{path}: {message}"}} for path, message in run.errors
    ] + [
        {"level": "warning", "message": {"text": f"{path}: {reason}"}} for path, reason in run.skipped
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gaptext-check", "version": run.version, "rules": rules}},
            "invocations": [{
                "executionSuccessful": not run.errors,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": out,
        }],
    }


def render(results, run: RunInfo) -> str:
    return json.dumps(document(results, run), ensure_ascii=False, indent=2) + "\n"
