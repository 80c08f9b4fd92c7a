"""The batch cleaner on Parquet (the ``gaptext[parquet]`` extra: pyarrow)."""

from __future__ import annotations

import json
import os

import pytest

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as exc:
    if os.environ.get("CI"):  # CI installs the extra: there the test must run, not skip
        raise
    pytest.skip(f"Parquet needs the gaptext[parquet] extra ({exc})", allow_module_level=True)

import gaptext  # noqa: E402
from gaptext.integrations import summarize  # noqa: E402

from test_batch import CONFIG, DOCS, _read_jsonl, _records, _run, _write_jsonl  # noqa: E402


def _parquet(path, rows, schema=None):
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, row_group_size=7)


@pytest.mark.parametrize("workers", [1, 2])
def test_parquet_to_parquet_keeps_schema_and_order(tmp_path, workers):
    schema = pa.schema([("id", pa.int32()), ("lang", pa.string()), ("text", pa.large_string())])
    rows = [{"id": r["id"], "lang": "zh", "text": r["text"]} for r in _records(30)]
    src = tmp_path / "in.parquet"
    _parquet(src, rows, schema)
    out = tmp_path / "out.parquet"
    assert _run(src, "-o", out, "-w", workers, "--chunk-docs", 4, "--report-json") == 0
    table = pq.read_table(out)
    assert table.schema.field("id").type == pa.int32()
    got = table.to_pylist(maps_as_pydicts="strict")
    assert [r["id"] for r in got] == list(range(30))
    for row, src_row in zip(got, rows):
        report = gaptext.repair(src_row["text"], CONFIG)
        assert row["text"] == report.text and row["lang"] == "zh"
        want = summarize(report, full=True)
        summary = row["gaptext"]
        assert json.loads(summary.pop("report")) == json.loads(json.dumps(want.pop("report")))
        assert summary == want


def test_parquet_null_text_is_rejected_with_its_row(tmp_path):
    src = tmp_path / "in.parquet"
    _parquet(src, [{"id": 1, "text": DOCS[0]}, {"id": 2, "text": None}, {"id": 3, "text": DOCS[1]}])
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out) == 1
    assert [r["id"] for r in _read_jsonl(out)] == [1, 3]
    (reject,) = _read_jsonl(tmp_path / "out.rejects.jsonl")
    assert reject["line"] == 2 and "null" in reject["reason"] and json.loads(reject["raw"])["id"] == 2


def test_parquet_without_the_text_column_is_a_usage_error(tmp_path, capsys):
    src = tmp_path / "in.parquet"
    _parquet(src, [{"body": "x"}])
    assert _run(src, "-o", tmp_path / "out.jsonl") == 2
    assert "no column 'text'" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_jsonl_to_parquet_rejects_records_that_do_not_fit(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"id": 1, "text": DOCS[0]}, {"id": 2, "text": DOCS[1], "extra": True}])
    out = tmp_path / "out.parquet"
    # the schema comes from the first records (one row group here): both fit
    assert _run(src, "-o", out) == 0
    assert pq.read_table(out).column("extra").to_pylist() == [None, True]
    src2 = tmp_path / "in2.jsonl"
    _write_jsonl(src2, [{"id": 1, "text": DOCS[0]}, {"id": "two", "text": DOCS[1]}])
    # a later file with another type does not fit the first one's schema
    out2 = tmp_path / "out2.parquet"
    assert _run(src, src2, "-o", out2) == 1
    assert pq.read_table(out2).column("id").to_pylist() == [1, 2, 1]
    (reject,) = _read_jsonl(tmp_path / "out2.rejects.jsonl")
    assert reject["source"] == str(src2) and reject["line"] == 2 and "schema" in reject["reason"]


def test_empty_input_still_writes_a_valid_parquet(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n")
    out = tmp_path / "out.parquet"
    assert _run(src, "-o", out) == 0
    assert pq.read_table(out).num_rows == 0
