"""gaptext as datatrove pipeline steps (``pip install 'gaptext[datatrove]'``).

* :class:`GaptextFormatter` cleans ``Document.text`` and records the
  per-document summary (:func:`gaptext.integrations.summarize`) in
  ``doc.metadata["gaptext"]``.
* :class:`GaptextFilter` drops documents whose gap density or unrecovered
  damage (per 1,000 characters) is over a threshold; the reason goes to
  datatrove's exclusion writer (``metadata["filter_reason"]``) and the
  figures to ``metadata["gaptext_filter"]``.
* :class:`GaptextStats` counts edits, gaps and unrecovered damage by kind and
  code through datatrove's stats (the executor's ``stats.json``), and
  optionally writes them in the layout of datatrove's summary stats, which
  ``StatsMerger`` merges.

gaptext is imported inside the methods, as datatrove's own formatters do, so
the steps pickle by reference and load gaptext's data once per worker::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from gaptext.integrations.datatrove import GaptextFilter, GaptextFormatter, GaptextStats

    LocalPipelineExecutor(pipeline=[
        JsonlReader("crawl/"),
        GaptextFormatter(),
        GaptextStats(),
        GaptextFilter(max_gap_density=1.0, exclusion_writer=JsonlWriter("removed/")),
        JsonlWriter("clean/"),
    ], tasks=8, logging_dir="logs/").run()
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Dict, Optional

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the extra
    raise ImportError("gaptext.integrations.datatrove needs datatrove: pip install 'gaptext[datatrove]'") from exc

__all__ = ["GaptextFormatter", "GaptextFilter", "GaptextStats", "document_summary"]

#: Filter reasons (``metadata["filter_reason"]`` and datatrove's ``dropped_<reason>`` stat).
REASON_GAPS = "gaptext_gap_density"
REASON_UNRECOVERED = "gaptext_unrecovered"


def _config(config, overrides):
    from gaptext.config import resolve

    return resolve(config, overrides)


def document_summary(doc: Document, metadata_key: str = "gaptext", config=None) -> Dict[str, Any]:
    """The gaptext summary of ``doc``: from its metadata (nested or flat), else computed.

    Computing it does not change ``doc.text``.
    """
    found = doc.metadata.get(metadata_key)
    if isinstance(found, dict):
        return found
    if f"{metadata_key}_gaps" in doc.metadata:
        from gaptext.integrations import unflatten

        return unflatten(doc.metadata, prefix=f"{metadata_key}_")
    from gaptext.integrations import summarize_text

    return summarize_text(doc.text, config)[1]


class GaptextFormatter(BaseFormatter):
    """Cleans ``Document.text`` with gaptext and records what it did in the metadata.

    Args:
        config: a :class:`gaptext.Config` (default ``Config()``); keyword
            overrides change single fields (``GaptextFormatter(convert=None)``).
        metadata_key: where the summary goes (default ``"gaptext"``).
        report_json: add every edit, gap and finding to the summary.
        flat_metadata: write scalar keys (``gaptext_gaps``, ``gaptext_gap_kinds``
            as a JSON string, ...) instead of one nested dict: use it with
            ``ParquetWriter``, whose columns must keep one type.

    A document gaptext fails on keeps its text; the error goes to
    ``metadata["gaptext_error"]`` and the ``gaptext_failed`` stat.
    """

    name = "🩹 gaptext"

    def __init__(self, config=None, metadata_key: str = "gaptext", report_json: bool = False,
                 flat_metadata: bool = False, **overrides):
        super().__init__()
        self.config = _config(config, overrides)
        self.metadata_key = metadata_key
        self.report_json = report_json
        self.flat_metadata = flat_metadata

    def format(self, text: str) -> str:
        from gaptext import clean

        return clean(text, self.config)

    def _record(self, doc: Document, summary: Dict[str, Any]) -> None:
        if self.flat_metadata:
            from gaptext.integrations import flatten

            doc.metadata.update(flatten(summary, prefix=f"{self.metadata_key}_"))
        else:
            doc.metadata[self.metadata_key] = summary

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from gaptext import repair
        from gaptext.integrations import summarize, summarize_text

        for doc in data:
            self.stat_update(StatHints.total)
            outcome = None
            with self.track_time():
                try:
                    if self.report_json:
                        report = repair(doc.text, self.config)
                        outcome = report.text, summarize(report, True)
                    else:  # the counts alone: twice as fast
                        outcome = summarize_text(doc.text, self.config)
                except Exception as exc:  # one bad document must not stop a crawl
                    doc.metadata[f"{self.metadata_key}_error"] = f"{type(exc).__name__}: {exc}"
                if outcome is not None:
                    text, summary = outcome
                    if text != doc.text:
                        self.stat_update("gaptext_changed")
                    doc.text = text
                    self._record(doc, summary)
            if outcome is None:
                self.stat_update("gaptext_failed")
            yield doc


class GaptextFilter(BaseFilter):
    """Drops documents with too many gaps or too much unrecovered damage.

    Both thresholds count per 1,000 characters of the clean text; a document
    is dropped when a figure is strictly greater than its threshold
    (``None`` switches a test off).  The summary comes from the
    formatter's metadata, or is computed when the formatter did not run.

    Args:
        max_gap_density: gaps per 1,000 characters (default 1.0).
        max_unrecovered_density: findings (damage seen, not repaired) per
            1,000 characters (default 0.5).
        exclusion_writer: a datatrove writer for the dropped documents;
            each carries ``filter_reason`` (``gaptext_gap_density`` or
            ``gaptext_unrecovered``) and ``gaptext_filter`` (the figures).
    """

    name = "🕳️ gaptext filter"

    def __init__(self, max_gap_density: Optional[float] = 1.0, max_unrecovered_density: Optional[float] = 0.5,
                 metadata_key: str = "gaptext", config=None, exclusion_writer=None, **overrides):
        super().__init__(exclusion_writer)
        self.max_gap_density = max_gap_density
        self.max_unrecovered_density = max_unrecovered_density
        self.metadata_key = metadata_key
        self.config = _config(config, overrides)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        from gaptext.integrations import density

        summary = document_summary(doc, self.metadata_key, self.config)
        chars = summary.get("chars", len(doc.text))
        tests = (
            (REASON_GAPS, "gap density", summary.get("gaps", 0), self.max_gap_density),
            (REASON_UNRECOVERED, "unrecovered damage", summary.get("unrecovered", 0), self.max_unrecovered_density),
        )
        for reason, what, count, limit in tests:
            if limit is None:
                continue
            value = density(count, chars)
            if value > limit:
                doc.metadata[f"{self.metadata_key}_filter"] = (
                    f"{what} {value:.3f} per 1000 chars ({count} in {chars}) > {limit}"
                )
                return False, reason
        return True


class GaptextStats(PipelineStep):
    """Counts gaptext's edits, gaps and unrecovered damage over the corpus.

    Per document it adds to datatrove's stats of this step (merged by the
    executor into ``logging_dir/stats.json``): ``gaptext_gaps``,
    ``gaptext_repairs``, ``gaptext_unrecovered`` (every document), and
    ``gaptext_gaps_<kind>``, ``gaptext_repairs_<step>``,
    ``gaptext_repairs_<code>``, ``gaptext_unrecovered_<code>`` (documents where
    they occur).  With ``output_folder`` it also writes
    ``summary/<stat>/<rank>.json`` like datatrove's summary stats, for
    ``StatsMerger``.  Documents pass through unchanged.
    """

    type = "📊 - STATS"
    name = "🩹 gaptext stats"

    def __init__(self, output_folder=None, metadata_key: str = "gaptext", config=None, **overrides):
        super().__init__()
        if output_folder is not None:
            from datatrove.io import get_datafolder

            output_folder = get_datafolder(output_folder)
        self.output_folder = output_folder
        self.metadata_key = metadata_key
        self.config = _config(config, overrides)

    @staticmethod
    def figures(summary: Dict[str, Any]) -> Dict[str, int]:
        """The counts one document adds (``gaptext_...`` names)."""
        out = {
            "gaptext_gaps": summary.get("gaps", 0),
            "gaptext_repairs": summary.get("repairs", 0),
            "gaptext_unrecovered": summary.get("unrecovered", 0),
        }
        for prefix, key in (("gaps", "gap_kinds"), ("repairs", "repairs_by_step"),
                            ("repairs", "repairs_by_code"), ("unrecovered", "unrecovered_by_code")):
            for name, count in (summary.get(key) or {}).items():
                if count:
                    out[f"gaptext_{prefix}_{name}"] = count
        return out

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        from datatrove.utils.stats import MetricStats

        totals: Dict[str, MetricStats] = defaultdict(MetricStats)
        for doc in data:
            with self.track_time():
                for name, value in self.figures(document_summary(doc, self.metadata_key, self.config)).items():
                    self.stat_update(name, value=value)
                    if self.output_folder is not None:
                        totals[name].update(value)
            yield doc
        if self.output_folder is not None:
            for name, stat in totals.items():
                with self.output_folder.open(f"summary/{name}/{rank:05d}.json", "wt") as fh:
                    json.dump({"summary": stat.to_dict()}, fh)
