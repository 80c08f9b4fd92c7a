"""What each worker process of the batch cleaner runs: parse, repair and write a chunk.

The configuration and the output's settings are sent once, when the worker
starts (:func:`init`); each task then carries only records, as the reader
found them: byte ranges of an uncompressed JSON Lines file, which the
worker reads itself (:class:`~.batch_io.Span`), JSON Lines records as raw
bytes (:class:`~.batch_io.Line`: compressed input, stdin), other documents
already parsed (:class:`~.batch_io.Doc`).  For each it
returns a :class:`~.batch_io.Cleaned` (for JSON Lines, the output line as
UTF-8 bytes) or a :class:`~.batch_io.Reject` (a record that cannot be
parsed, or a document gaptext itself failed on: one bad document is
rejected instead of stopping the run).  So the text is decoded, parsed,
serialised and encoded once, here, in parallel; the reading process only
moves bytes.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple, Union

from .batch_io import Cleaned, Doc, Line, Reject, Span, cleaned, dumps, parse_line, span_items


@dataclass(frozen=True)
class Output:
    """Where the text is read from and the summary written to, and in what form."""

    text_key: str = "text"
    result_key: str = "gaptext"
    max_bytes: int = 8_000_000
    parquet: bool = False


_config = None
_full = False
_output = Output()


def init(config, full: bool, output: Optional[Output] = None, in_process: bool = False) -> None:
    """Set the worker's configuration; a pool worker leaves Ctrl-C to the parent."""
    global _config, _full, _output
    _config, _full = config, full
    _output = output or Output()
    if not in_process:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def clean_one(text: str) -> Tuple[Optional[str], object]:
    """``(clean_text, summary)``, or ``(None, why)`` when gaptext failed on ``text``.

    The summary alone (no ``--report-json``) is counted without building the
    report (:func:`gaptext.integrations.summarize_text`): twice as fast.
    """
    from .. import repair
    from ..integrations import summarize, summarize_text

    try:
        if not _full:
            return summarize_text(text, _config)
        report = repair(text, _config)
    except Exception as exc:  # a bug on one document must not stop a corpus run
        return None, f"gaptext failed: {type(exc).__name__}: {exc}"
    return report.text, summarize(report, True)


#: Touches every step and gap rule, so that their tables are loaded.
WARM_UP = "年全區經(jīng)濟增長*%,是新農村(三是)。當?shù)厝罕娞峁﹥?yōu)先、規(guī)?;?。English 2024."


def warm_up() -> None:
    """Load the tables the configuration needs (before forking the workers)."""
    clean_one(WARM_UP)


def _records(items: List[Union[Span, Line, Doc]]) -> Iterator[Union[Line, Doc, Reject]]:
    for item in items:
        if isinstance(item, Span):
            yield from span_items(item, _output.max_bytes)
        else:
            yield item


def process(items: List[Union[Span, Line, Doc]]) -> List[Union[Cleaned, Reject]]:
    """Each record read (a :class:`~.batch_io.Span`: from its file), parsed, cleaned
    and made into its output, or rejected; in order."""
    out = _output
    results: List[Union[Cleaned, Reject]] = []
    for item in _records(items):
        if isinstance(item, Reject):
            results.append(item)
            continue
        doc = parse_line(item, out.text_key, out.max_bytes) if isinstance(item, Line) else item
        if isinstance(doc, Reject):
            results.append(doc)
            continue
        text, summary = clean_one(doc.text)
        if text is None:
            raw = dumps(doc.record) if doc.record is not None else None
            results.append(Reject(doc.source, doc.line, str(summary), raw))
            continue
        results.append(cleaned(doc, text, summary, out.text_key, out.result_key, out.parquet))
    return results
