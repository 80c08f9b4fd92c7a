"""gaptext's datatrove steps (the ``gaptext[datatrove]`` extra), run by datatrove itself."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

try:
    import datatrove  # noqa: F401
    import orjson  # noqa: F401  (datatrove's JSONL reader needs it)
except ImportError as exc:
    if os.environ.get("CI"):  # CI installs the extra: there the test must run, not skip
        raise
    pytest.skip(f"the datatrove steps need the gaptext[datatrove] extra ({exc})", allow_module_level=True)

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import gaptext  # noqa: E402
from gaptext.integrations import density, summarize  # noqa: E402
from gaptext.integrations.datatrove import (  # noqa: E402
    REASON_GAPS,
    REASON_UNRECOVERED,
    GaptextFilter,
    GaptextFormatter,
    GaptextStats,
)

from test_batch import CONFIG, DOCS, FIXTURE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _summary(gaps: int, chars: int, unrecovered: int = 0) -> dict:
    return {"chars": chars, "gaps": gaps, "gap_kinds": {"year": gaps} if gaps else {}, "repairs": 0,
            "repairs_by_step": {}, "repairs_by_code": {}, "unrecovered": unrecovered, "unrecovered_by_code": {}}


def _read(folder: Path) -> list:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return rows


def _write_input(folder: Path, records, files: int = 1) -> None:
    """``records`` dealt round-robin over ``files`` files (datatrove shards tasks by file)."""
    folder.mkdir(parents=True)
    for n in range(files):
        with (folder / f"part{n}.jsonl").open("w", encoding="utf-8") as fh:
            for rec in records[n::files]:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def test_steps_survive_pickling(tmp_path):
    import dill

    steps = [GaptextFormatter(CONFIG, report_json=True), GaptextStats(output_folder=str(tmp_path)),
             GaptextFilter(max_gap_density=2.0, exclusion_writer=JsonlWriter(str(tmp_path / "x")))]
    for step in steps:
        for module in (pickle, dill):
            copy = module.loads(module.dumps(step))
            assert type(copy) is type(step) and copy.config == step.config
    formatter = pickle.loads(pickle.dumps(steps[0]))
    assert formatter.format(DOCS[0]) == gaptext.clean(DOCS[0], CONFIG)


def test_formatter_cleans_text_and_records_summary():
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(DOCS)]
    out = list(GaptextFormatter(CONFIG)(iter(docs)))
    for doc, text in zip(out, DOCS):
        report = gaptext.repair(text, CONFIG)
        assert doc.text == report.text
        assert doc.metadata["gaptext"] == summarize(report)
    flat = list(GaptextFormatter(CONFIG, flat_metadata=True, metadata_key="gt")(iter([Document(DOCS[0], "f")])))[0]
    assert flat.metadata["gt_repairs"] == len(gaptext.repair(DOCS[0], CONFIG).edits)
    assert isinstance(flat.metadata["gt_repairs_by_code"], str)
    assert not any(isinstance(v, dict) for v in flat.metadata.values())


@pytest.mark.parametrize("report_json", [False, True])
def test_formatter_keeps_a_document_it_fails_on(monkeypatch, report_json):
    import gaptext.pipeline

    def boom(config):
        raise RuntimeError("boom")

    monkeypatch.setattr(gaptext.pipeline, "build_steps", boom)
    step = GaptextFormatter(CONFIG, report_json=report_json)
    (doc,) = list(step(iter([Document("發(fā)展", "1")])))
    assert doc.text == "發(fā)展" and "RuntimeError" in doc.metadata["gaptext_error"]
    assert step.stats["gaptext_failed"].total == 1


@pytest.mark.parametrize("flat", [False, True])
def test_filter_drops_exactly_the_documents_over_the_threshold(flat):
    from gaptext.integrations import flatten

    cases = {  # id: (gaps, chars, unrecovered, kept at max_gap_density=1.0, max_unrecovered_density=0.5)
        "none": (0, 1000, 0, True),
        "at-limit": (2, 2000, 0, True),  # exactly 1.0 per 1000: not over
        "just-over": (2, 1999, 0, False),
        "many": (30, 1000, 0, False),
        "unrec-at": (0, 2000, 1, True),  # 0.5
        "unrec-over": (0, 1000, 1, False),  # 1.0
        "empty": (0, 0, 0, True),
    }
    docs = []
    for key, (gaps, chars, unrec, _) in cases.items():
        summary = _summary(gaps, chars, unrec)
        meta = flatten(summary) if flat else {"gaptext": summary}
        docs.append(Document("正文" * 10, key, metadata=meta))
    step = GaptextFilter(max_gap_density=1.0, max_unrecovered_density=0.5)
    kept = [d.id for d in step(iter(docs))]
    assert kept == [k for k, c in cases.items() if c[3]]
    reasons = {d.id: d.metadata.get("gaptext_filter") for d in docs if d.id not in kept}
    assert "gap density 1.001" in reasons["just-over"] and "> 1.0" in reasons["just-over"]
    assert "unrecovered damage 1.000" in reasons["unrec-over"]
    assert step.stats[f"dropped_{REASON_GAPS}"].total == 2
    assert step.stats[f"dropped_{REASON_UNRECOVERED}"].total == 1
    # a switched-off test drops nothing
    docs = [Document("x", "a", metadata={"gaptext": _summary(9, 10, 9)})]
    assert len(list(GaptextFilter(max_gap_density=None, max_unrecovered_density=None)(iter(docs)))) == 1


def test_filter_and_stats_compute_the_summary_when_the_formatter_did_not_run():
    text = DOCS[0]
    report = gaptext.repair(text, CONFIG)
    doc = Document(text, "1")
    stats = GaptextStats(config=CONFIG)
    (out,) = list(stats(iter([doc])))
    assert out.text == text  # the stats step never changes the text
    assert stats.stats["gaptext_repairs"].total == len(report.edits) > 0
    assert list(GaptextFilter(max_gap_density=-1, config=CONFIG)(iter([Document(text, "2")]))) == []


def _corpus(tmp_path: Path) -> list:
    """Real text: the damaged fixture, short damaged and clean documents, corpus documents."""
    records = [{"id": "fixture", "text": FIXTURE.read_text(encoding="utf-8")}]
    records += [{"id": f"doc{i}", "text": t} for i, t in enumerate(DOCS) if t]
    corpora = ROOT.parent / "shared" / "corpora"
    for path in sorted(corpora.glob("*.jsonl"))[:1] if corpora.is_dir() else []:
        with path.open(encoding="utf-8") as fh:
            for i, line in zip(range(4), fh):
                records.append({"id": f"corpus{i}", "text": json.loads(line)["text"]})
    return records


def _threshold(densities) -> float:
    """A threshold with documents on both sides when the densities differ (else below them all)."""
    values = sorted(set(densities))
    if len(values) < 2:
        return values[0] - 1.0
    mid = len(values) // 2
    return (values[mid - 1] + values[mid]) / 2


@pytest.mark.parametrize("tasks", [1, 2])
def test_local_executor_pipeline(tmp_path, tasks):
    """JsonlReader -> formatter -> stats -> filter (with exclusion writer) -> JsonlWriter."""
    records = _corpus(tmp_path)
    _write_input(tmp_path / "in", records, files=tasks)
    reports = {r["id"]: gaptext.repair(r["text"], CONFIG) for r in records}
    gap_density = {k: density(len(r.gaps), len(r.text)) for k, r in reports.items()}
    threshold = _threshold(gap_density.values())
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            GaptextFormatter(CONFIG),
            GaptextStats(output_folder=str(tmp_path / "stats")),
            GaptextFilter(max_gap_density=threshold, max_unrecovered_density=None,
                          exclusion_writer=JsonlWriter(str(tmp_path / "removed"), compression=None)),
            JsonlWriter(str(tmp_path / "clean"), compression=None),
        ],
        tasks=tasks,
        workers=tasks,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    kept = {r["id"]: r for r in _read(tmp_path / "clean")}
    removed = {r["id"]: r for r in _read(tmp_path / "removed")}
    want_removed = {k for k, d in gap_density.items() if d > threshold}
    assert set(removed) == want_removed and want_removed
    assert set(kept) == set(reports) - want_removed
    for key, row in {**kept, **removed}.items():
        assert row["text"] == reports[key].text
        assert row["metadata"]["gaptext"] == json.loads(json.dumps(summarize(reports[key])))
    for row in removed.values():
        assert row["metadata"]["filter_reason"] == REASON_GAPS
        assert row["metadata"]["gaptext_filter"].startswith("gap density ")
    # datatrove's own stats: the executor's stats.json and the summary-stats files
    stats = {s["name"]: s["stats"] for s in json.loads((tmp_path / "logs" / "stats.json").read_text())}
    (ours,) = [v for k, v in stats.items() if "gaptext stats" in k]
    total = sum(len(r.edits) for r in reports.values())

    def total_of(value):
        return value["total"] if isinstance(value, dict) else value

    assert total_of(ours["gaptext_repairs"]) == total > 0
    by_code = {}
    for r in reports.values():
        for e in r.edits:
            by_code[e.code] = by_code.get(e.code, 0) + 1
    for code, count in by_code.items():
        assert total_of(ours[f"gaptext_repairs_{code}"]) == count
    (filt,) = [v for k, v in stats.items() if "gaptext filter" in k]
    assert total_of(filt[f"dropped_{REASON_GAPS}"]) == len(want_removed)
    files = sorted((tmp_path / "stats" / "summary" / "gaptext_repairs").glob("*.json"))
    assert len(files) == tasks
    assert sum(total_of(json.loads(f.read_text())["summary"]) for f in files) == total
