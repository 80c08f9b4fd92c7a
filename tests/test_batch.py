"""The batch cleaner, ``gaptext clean INPUT... -o OUTPUT`` (gaptext.cli.batch)."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gaptext
from gaptext.cli import batch, batch_worker
from gaptext.integrations import summarize

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "seed-economic-work-speech.txt"


def _encoding_step_exists() -> bool:
    try:
        import gaptext.steps.encoding  # noqa: F401
    except ImportError:
        return False
    return True


# The encoding step is written in parallel; until it exists the default
# configuration cannot run, so the tests switch it off (and compare with the
# library under the same configuration either way).
CONFIG_ARGS = [] if _encoding_step_exists() else ["--no-mojibake"]
CONFIG = gaptext.Config(mojibake=_encoding_step_exists())

DOCS = [
    "發(fā)展經(jīng)濟,改善民生",
    "各位代表：\n\n现在，我代表国务院，向大会作政府工作报告。",
    "Plain English, with numbers 3.14 and a URL https://example.com/a?b=1.",
    "",
    "同志們:剛才,區(qū)長對年全區(qū)經(jīng)濟工作進行了全面的總結",
]


def _write_jsonl(path: Path, records) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write((rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False)) + "\n")


def _read_jsonl(path: Path) -> list:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _records(n: int = 40) -> list:
    return [{"id": i, "meta": {"n": i}, "text": DOCS[i % len(DOCS)] * (1 + i % 3)} for i in range(n)]


def _run(*argv) -> int:
    return batch.main([str(a) for a in argv] + CONFIG_ARGS)


def _leftovers(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("workers", [1, 2])
def test_jsonl_cleans_text_keeps_fields_and_order(tmp_path, workers):
    src = tmp_path / "in.jsonl"
    records = _records()
    _write_jsonl(src, records)
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "--workers", workers, "--chunk-docs", 3) == 0
    got = _read_jsonl(out)
    assert [r["id"] for r in got] == [r["id"] for r in records]
    for rec, row in zip(records, got):
        report = gaptext.repair(rec["text"], CONFIG)
        assert row["text"] == report.text
        assert row["meta"] == rec["meta"]
        assert row["gaptext"] == summarize(report)
    assert any(row["gaptext"]["repairs"] for row in got)
    assert not (tmp_path / "out.rejects.jsonl").exists()
    assert _leftovers(tmp_path) == []


def test_one_and_two_workers_write_the_same_bytes(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _records(60))
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        assert _run(src, "-o", out, "-w", workers, "--chunk-docs", 4) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_summary_counts_and_report_json(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"text": DOCS[0]}])
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "--report-json", "--result-key", "gt") == 0
    (row,) = _read_jsonl(out)
    report = gaptext.repair(DOCS[0], CONFIG)
    summary = row["gt"]
    assert summary["repairs"] == len(report.edits) > 0
    assert sum(summary["repairs_by_code"].values()) == summary["repairs"]
    assert summary["repairs_by_step"]["pinyin"] == sum(e.step == "pinyin" for e in report.edits)
    assert summary["gaps"] == len(report.gaps) and summary["unrecovered"] == len(report.findings)
    edits = summary["report"]["edits"]
    assert [(e["code"], e["before"], e["after"]) for e in edits] == [(e.code, e.before, e.after) for e in report.edits]


def test_bad_lines_are_counted_reported_and_rejected(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": DOCS[0]}, ensure_ascii=False),  # 1
        '{"id": "broken", "text": "發(fā)展',  # 2 malformed JSON
        json.dumps({"id": "nokey", "body": "x"}),  # 3 no text key
        json.dumps({"id": "int", "text": 12}),  # 4 text not a string
        json.dumps({"id": "null", "text": None}),  # 5
        "[1, 2]",  # 6 not an object
        "",  # 7 blank: not a document
        json.dumps({"id": "ok2", "text": DOCS[1]}, ensure_ascii=False),  # 8
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with src.open("ab") as fh:
        fh.write(b'{"id": "gbk", "text": "\xb7\xa2\xd5\xb9"}\n')  # 9 GBK bytes, not UTF-8
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "--workers", 2) == 1
    assert [r["id"] for r in _read_jsonl(out)] == ["ok1", "ok2"]
    rejects = _read_jsonl(tmp_path / "out.rejects.jsonl")
    assert [r["line"] for r in rejects] == [2, 3, 4, 5, 6, 9]
    reasons = [r["reason"] for r in rejects]
    assert "malformed JSON" in reasons[0]
    assert "no 'text' key" in reasons[1]
    assert "int, not a string" in reasons[2] and "null, not a string" in reasons[3]
    assert "not a JSON object" in reasons[4] and "not UTF-8" in reasons[5]
    assert rejects[0]["raw"] == lines[1] and rejects[1]["raw"] == lines[2]
    assert all(r["source"] == str(src) for r in rejects)
    err = capsys.readouterr().err
    for n in (2, 3, 4, 5, 6, 9):
        assert f"{src}:{n}:" in err
    assert "6 rejected" in err


def test_lone_surrogate_is_written_escaped_not_a_crash(tmp_path):
    """JSON may escape a lone surrogate, which UTF-8 cannot hold: it goes out escaped."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "a\\ud800b發(fā)展"}\n{"id": 2, "text": "好"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out) == 0
    rows = _read_jsonl(out)
    assert [r["text"] for r in rows] == [gaptext.clean("a\ud800b發(fā)展", CONFIG), "好"]
    assert "\ud800" in rows[0]["text"]


def test_text_key_option(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"content": DOCS[0], "text": "untouched 發(fā)"}])
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "--text-key", "content") == 0
    (row,) = _read_jsonl(out)
    assert row["content"] == gaptext.clean(DOCS[0], CONFIG)
    assert row["text"] == "untouched 發(fā)"


def test_oversized_line_is_rejected_not_read_whole(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"text": "短"}, {"text": "长" * 400_000}, {"text": "又短"}])
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "--max-doc-mb", "0.5") == 1
    assert [r["text"] for r in _read_jsonl(out)] == ["短", "又短"]
    (reject,) = _read_jsonl(tmp_path / "out.rejects.jsonl")
    assert reject["line"] == 2 and "longer than 500,000 bytes" in reject["reason"]
    assert len(reject["raw"]) < 1000


def test_a_document_gaptext_fails_on_is_rejected(tmp_path, monkeypatch):
    real = batch_worker.clean_one

    def flaky(text):
        if "BOOM" in text:
            return None, "gaptext failed: RuntimeError: boom"
        return real(text)

    monkeypatch.setattr(batch_worker, "clean_one", flaky)
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"id": 1, "text": "好"}, {"id": 2, "text": "BOOM"}, {"id": 3, "text": "好"}])
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-w", 1) == 1
    assert [r["id"] for r in _read_jsonl(out)] == [1, 3]
    (reject,) = _read_jsonl(tmp_path / "out.rejects.jsonl")
    assert reject["line"] == 2 and "RuntimeError" in reject["reason"]


@pytest.mark.parametrize("full", [False, True])
def test_worker_turns_exceptions_into_rejects(monkeypatch, full):
    """Both ways of cleaning (the summary counted, or the full report) fail alike."""
    import gaptext.pipeline

    batch_worker.init(CONFIG, full, in_process=True)

    def boom(config):
        raise ValueError("no")

    monkeypatch.setattr(gaptext.pipeline, "build_steps", boom)
    assert batch_worker.clean_one("x") == (None, "gaptext failed: ValueError: no")


def test_existing_output_is_refused_without_force(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"text": DOCS[0]}])
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    assert _run(src, "-o", out) == 2
    assert out.read_text() == "precious\n"
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err
    assert _run(src, "-o", out, "--force") == 0
    assert _read_jsonl(out)[0]["text"] == gaptext.clean(DOCS[0], CONFIG)


def test_existing_rejects_file_is_refused_and_a_stale_one_removed(tmp_path):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"text": DOCS[0]}])
    out = tmp_path / "out.jsonl"
    stale = tmp_path / "out.rejects.jsonl"
    stale.write_text('{"old": 1}\n')
    assert _run(src, "-o", out) == 2
    assert not out.exists()
    assert _run(src, "-o", out, "--force") == 0
    assert not stale.exists()  # no rejects this time: the old file would mislead


def test_usage_errors(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"text": "x"}])
    assert _run(tmp_path / "missing.jsonl", "-o", tmp_path / "o.jsonl") == 2
    assert _run(src, "-o", tmp_path / "o.txt") == 2
    assert _run(src, "-o", tmp_path / "nofolder" / "o.jsonl") == 2
    assert _run(src, "-o", tmp_path / "o.jsonl", "--workers", 0) == 2
    assert _run(tmp_path, "-o", tmp_path / "o.jsonl") == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "must end in" in err and "is a directory" in err
    assert not list(tmp_path.glob("o.*"))


@pytest.mark.parametrize("exc", [KeyboardInterrupt, RuntimeError])
def test_interrupted_or_failed_run_leaves_no_partial_output(tmp_path, monkeypatch, exc):
    calls = []
    real = batch_worker.process

    def second_fails(items):
        calls.append(1)
        if len(calls) == 2:
            raise exc("stop")
        return real(items)

    monkeypatch.setattr(batch_worker, "process", second_fails)
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _records(20) + ["{bad"])
    out = tmp_path / "out.jsonl"
    if exc is KeyboardInterrupt:
        assert _run(src, "-o", out, "-w", 1, "--chunk-docs", 2) == 130
    else:
        with pytest.raises(RuntimeError):
            _run(src, "-o", out, "-w", 1, "--chunk-docs", 2)
    assert len(calls) == 2
    assert not out.exists() and not (tmp_path / "out.rejects.jsonl").exists()
    assert _leftovers(tmp_path) == []


def _big_jsonl(path: Path, megabytes: float) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    line = json.dumps({"text": text}, ensure_ascii=False) + "\n"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(int(megabytes * 1e6 // len(line.encode())) + 1):
            fh.write(line)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_run_leaves_no_partial_output(tmp_path, sig):
    """A real process with a real worker pool, stopped by a signal halfway."""
    src = tmp_path / "in.jsonl"
    _big_jsonl(src, 20)  # far more than it cleans before the signal comes
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "gaptext.cli.batch", str(src), "-o", str(out), "-w", "2", *CONFIG_ARGS]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it is writing
        part = _leftovers(tmp_path)
        if part and (tmp_path / part[0]).stat().st_size > 0:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the batch cleaner never started writing")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == (130 if sig == signal.SIGINT else 128 + signal.SIGTERM), err
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_window_keeps_at_most_two_chunks_per_worker_in_flight(tmp_path):
    """Streaming: the reader is never more than 2 chunks per worker ahead of the writer."""
    pulled = []

    def chunks():
        for i in range(30):
            pulled.append(i)
            yield [batch_io_doc(f"文{i}")]

    args = batch._parser().parse_args(["x.jsonl", "-o", "y.jsonl", "-w", "2"])
    run = batch._Run(args, CONFIG, [], None, None, None)
    ahead = []
    for n, (result,) in enumerate(run.results(chunks())):
        ahead.append(len(pulled) - n)
        assert json.loads(result.payload)["text"] == gaptext.clean(f"文{n}", CONFIG)
    assert len(ahead) == 30
    assert max(ahead) <= 2 * 2


def batch_io_doc(text):
    from gaptext.cli.batch_io import Doc

    return Doc("mem", 0, text, None, len(text.encode()))


def test_plain_text_files_are_one_document_each(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(DOCS[0], encoding="utf-8")
    b = tmp_path / "b.md"
    b.write_bytes("\ufeff".encode() + DOCS[4].encode())  # BOM is dropped
    bad = tmp_path / "gbk.txt"
    bad.write_bytes(DOCS[4].encode("gbk", "replace"))
    out = tmp_path / "out.jsonl.gz"
    assert _run(a, b, bad, "-o", out) == 1
    rows = _read_jsonl(out)
    assert [r["source"] for r in rows] == [str(a), str(b)]
    assert rows[0]["text"] == gaptext.clean(DOCS[0], CONFIG)
    assert rows[1]["text"] == gaptext.clean(DOCS[4], CONFIG)
    (reject,) = _read_jsonl(tmp_path / "out.rejects.jsonl")
    assert reject["source"] == str(bad) and "not UTF-8" in reject["reason"]


def test_gzip_jsonl_input(tmp_path):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for rec in _records(10):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-w", 1) == 0
    assert [r["id"] for r in _read_jsonl(out)] == list(range(10))


def test_stdin_and_module_entry_point(tmp_path):
    out = tmp_path / "out.jsonl"
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in _records(5)) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "gaptext.cli.batch", "-", "-o", str(out), "--progress", *CONFIG_ARGS],
        input=data.encode(), capture_output=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in _read_jsonl(out)] == list(range(5))
    err = proc.stderr.decode()
    assert "docs/s" in err and "MB/s" in err and "5 documents" in err


def test_no_progress_bar_off_a_terminal(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _records(5))
    assert _run(src, "-o", tmp_path / "out.jsonl") == 0
    err = capsys.readouterr().err
    assert "\r" not in err and "5 documents" in err
    assert _run(src, "-o", tmp_path / "out2.jsonl", "-q") == 0
    assert capsys.readouterr().err == ""


def test_default_rejects_name():
    assert batch.default_rejects("x/out.jsonl") == "x/out.rejects.jsonl"
    assert batch.default_rejects("out.jsonl.gz") == "out.rejects.jsonl"
    assert batch.default_rejects("out.parquet") == "out.rejects.jsonl"


@pytest.mark.skipif(not os.path.isdir(ROOT.parent / "shared" / "corpora"), reason="clean corpora not found beside the checkout")
def test_clean_corpora_round_trip(corpora, tmp_path):
    """The real corpora go through with every document accounted for."""
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"n": i, "text": t} for i, t in enumerate(corpora[:6])])
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-w", 2) == 0
    rows = _read_jsonl(out)
    assert [r["n"] for r in rows] == list(range(len(rows))) and len(rows) == min(6, len(corpora))
    for row, text in zip(rows, corpora):
        assert row["text"] == gaptext.clean(text, CONFIG)
