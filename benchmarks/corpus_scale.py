"""Corpus scale: gaptext against the pipeline a user writes today, and the batch cleaner.

    python benchmarks/corpus_scale.py [--batch-mb 20 100] [--repeat 3] [--batch-repeat 2]

Measured side by side in one run, on the clean corpora beside the checkout
(test data) and on damaged versions of them (benchmarks/damage.py: script
turned traditional, inline pinyin, ASCII punctuation; ``+gbk``: the same,
then GBK read out of step after a lost byte about every 3,000 characters):

* ``clean()`` on one core, document by document (MB/s of UTF-8 text, best
  of ``--repeat``);
* the pipeline a user would write today, on the same documents: a regex that
  strips inline pinyin, then opencc-python-reimplemented t2s, then
  ``ftfy.fix_text``;
* the batch cleaner (``python -m gaptext.cli.batch``) with 1 and 2 workers on
  the documents repeated to each size of ``--batch-mb`` (20 and 100 MB) of
  JSON Lines: wall clock
  (process start to exit; the fastest of ``--batch-repeat`` interleaved
  runs), MB/s of text, and peak memory (from one more run of each, sampled:
  reading a process's PSS from /proc takes the kernel about 2 ms, so the
  sampler, 20 times a second over three processes, takes a tenth of a core
  that the timed runs leave to the workers).  Two sizes, because a run
  begins with a fixed start-up on one core (imports, and the tables loaded
  once before the workers fork, so that they share them): about 0.35 s, an
  eighth of a one-worker run of 20 MB of damaged text and a thirtieth of one
  of 100 MB; the larger shows how the cleaner scales on a corpus, and both
  show that peak memory does not grow with the input.  gaptext's bytecode is written first,
  as ``pip install`` writes it (this machine sets PYTHONDONTWRITEBYTECODE).

Peak memory of the batch process and all its descendants (the workers),
from /proc every 50 ms: the highest sum of VmRSS seen (pages shared after
fork count once per process), the sum of each process's own peak (VmHWM,
kept by the kernel, so no sampling can miss it: an upper bound of the true
peak, as the processes need not peak at once), and the highest sum of Pss
(shared pages divided among their sharers).  The load average is printed
with each figure: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_texts  # noqa: E402

#: Inline readings: letters with tone marks inside ASCII or fullwidth parentheses.
PINYIN = re.compile(r"[(（][a-zA-Züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,8}[)）]")


def user_pipeline() -> Callable[[str], str]:
    """What a user writes today: strip pinyin, OpenCC t2s, ftfy."""
    import ftfy
    import opencc  # opencc-python-reimplemented

    t2s = opencc.OpenCC("t2s").convert

    def run(text: str) -> str:
        return ftfy.fix_text(t2s(PINYIN.sub("", text)))

    return run


def per_doc_rate(func: Callable[[str], object], docs: List[str], repeat: int) -> float:
    """MB/s of ``func`` over ``docs`` one by one, best of ``repeat`` passes."""
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            func(doc)
        best = min(best, time.perf_counter() - start)
    return nbytes / 1e6 / best


def write_jsonl(path: Path, docs: List[str], megabytes: float) -> int:
    """``docs`` repeated (whole passes) to at least ``megabytes``; returns the text bytes."""
    sizes = [len(d.encode("utf-8")) for d in docs]
    total = 0
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        while total < megabytes * 1e6:
            for doc, size in zip(docs, sizes):
                fh.write(json.dumps({"id": n, "text": doc}, ensure_ascii=False) + "\n")
                total += size
                n += 1
    return total


def _children(pid: int) -> List[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _tree(pid: int) -> List[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    return pids


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class MemorySampler(threading.Thread):
    """Peak total RSS and PSS of a process tree, sampled from /proc."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_procs = 0
        self.hwm: Dict[int, int] = {}  # per process: VmHWM, the kernel's own peak RSS
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            rss = sum(_field_kb(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_field_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_procs = max(self.peak_procs, len(pids))
            for p in pids:
                self.hwm[p] = max(self.hwm.get(p, 0), _field_kb(f"/proc/{p}/status", "VmHWM:"))
            self.stop.wait(self.interval)


def run_batch(src: Path, workers: int, nbytes: int, extra: List[str], sample: bool = True) -> Dict[str, float]:
    """One run of the batch cleaner: wall clock, CPU time and, with ``sample``, peak memory."""
    out = src.with_name(f"{src.stem}.out{workers}.jsonl")
    cmd = [sys.executable, "-m", "gaptext.cli.batch", str(src), "-o", str(out), "-w", str(workers),
           "--force", "--no-progress", "-q", *extra]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    sampler = MemorySampler(proc.pid)
    if sample:
        sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if sample:
        sampler.stop.set()
        sampler.join()
    if proc.returncode not in (0, 1):  # 1: some documents rejected (counted below)
        raise SystemExit(f"batch cleaner failed ({proc.returncode}): {err.decode(errors='replace')}")
    rows = sum(1 for _ in out.open(encoding="utf-8"))
    out.unlink()
    rejects = out.with_name(out.name.replace(".jsonl", ".rejects.jsonl"))
    rejected = sum(1 for _ in rejects.open(encoding="utf-8")) if rejects.exists() else 0
    if rejected:
        print(f"  note: {rejected} documents rejected in {src.name} with {workers} workers; "
              f"first: {rejects.open(encoding='utf-8').readline()[:300]}", file=sys.stderr)
        rejects.unlink()
    return {
        "wall": wall,
        "mbs": nbytes / 1e6 / wall,
        "rss": sampler.peak_rss / 1024,
        "pss": sampler.peak_pss / 1024,
        "procs": sampler.peak_procs,
        "hwm": sum(sampler.hwm.values()) / 1024,
        "cpu": cpu,
        "rows": rows,
        "rejected": rejected,
        "load": load,
    }


def compile_package(package) -> bool:
    """Write the bytecode of ``package`` (as ``pip install`` does), so that each
    batch run imports it instead of compiling gaptext's sources again: this
    machine sets PYTHONDONTWRITEBYTECODE, under which no run would keep the
    bytecode it compiled (about 0.07 s of every run's start-up)."""
    import compileall

    return bool(compileall.compile_dir(os.path.dirname(package.__file__), quiet=1))


def _machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    return f"{model or platform.processor()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch-mb", type=float, nargs="+", default=[20.0, 100.0],
                    help="JSON Lines sizes for the 1- and 2-worker runs (default: 20 100)")
    ap.add_argument("--repeat", type=int, default=3, help="passes for the single-core rates (best is kept)")
    ap.add_argument("--batch-repeat", type=int, default=2,
                    help="timed runs of each batch configuration, interleaved (fastest kept)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--corpora", nargs="+", choices=["clean", "damaged", "+gbk"], default=["clean", "damaged", "+gbk"],
                    help="which versions of the corpora to measure (default: all)")
    ap.add_argument("--gbk-every", type=int, default=3000,
                    help="the +gbk corpus: damaged, plus a GBK lead byte lost about every N characters")
    ap.add_argument("--tmp", default=None, help="folder for the generated JSON Lines (default: a temp folder)")
    args = ap.parse_args(argv)

    docs = corpus_texts()
    if not docs:
        print("corpus_scale: the clean corpora (../shared/corpora/*.jsonl) are absent; nothing to measure")
        return 0
    import gaptext
    from damage import damage_document

    compiled = compile_package(gaptext)
    extra: List[str] = []
    config = gaptext.Config()
    try:
        gaptext.clean("預熱(yù)")
    except ImportError as exc:  # a step not written yet: measure without it, and say so
        print(f"note: default config cannot run ({exc}); measuring with --no-mojibake")
        extra = ["--no-mojibake"]
        config = gaptext.Config(mojibake=False)
        gaptext.clean("預熱(yù)", config)
    corpora = {
        "clean": docs,
        "damaged": [damage_document(d, seed=i) for i, d in enumerate(docs)],
        "+gbk": [damage_document(d, seed=i, gbk_every=args.gbk_every) for i, d in enumerate(docs)],
    }
    user = user_pipeline()
    user("預熱(yù)")
    print(f"machine: {_machine()}; load average at start {os.getloadavg()[0]:.2f}")
    print(f"config: {config}")
    if not compiled:
        print("note: gaptext's bytecode could not be written; every batch run compiles its sources")

    results = {}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for name, texts in corpora.items():
            if name not in args.corpora:
                continue
            row: Dict[str, object] = {"mb": sum(len(t.encode()) for t in texts) / 1e6, "docs": len(texts)}
            row["load"] = os.getloadavg()[0]
            failed: List[str] = []

            def gaptext_clean(text: str) -> None:
                try:
                    gaptext.clean(text, config)
                except Exception as exc:  # report, do not stop the benchmark
                    failed.append(f"{type(exc).__name__}: {exc}")

            row["gaptext"] = per_doc_rate(gaptext_clean, texts, args.repeat)
            if failed:
                print(f"  note: clean() raised on {len(failed) // args.repeat} {name} documents: {failed[0]}",
                      file=sys.stderr)
            row["user"] = per_doc_rate(user, texts, max(1, args.repeat - 1))
            row["batch"] = []
            for megabytes in args.batch_mb:
                src = Path(tmp) / f"{name}.jsonl"
                nbytes = write_jsonl(src, texts, megabytes)
                runs: Dict[int, Dict[str, float]] = {}
                for _ in range(args.batch_repeat):  # interleaved; the fastest run of each is kept
                    for w in args.workers:
                        run = run_batch(src, w, nbytes, extra, sample=False)
                        if w not in runs or run["wall"] < runs[w]["wall"]:
                            runs[w] = run
                for w in args.workers:  # memory, from a run of its own
                    memory = run_batch(src, w, nbytes, extra)
                    runs[w].update({k: memory[k] for k in ("rss", "pss", "hwm", "procs")})
                src.unlink()
                row["batch"].append((nbytes / 1e6, runs))
            results[name] = row
            print(f"  measured {name}", file=sys.stderr)

    print()
    print("single core, document by document (MB/s of UTF-8 text, best of passes):")
    print(f"{'corpus':<9}{'MB':>6}{'docs':>6}{'gaptext clean()':>17}{'user pipeline':>15}{'ratio':>8}{'load':>7}")
    for name, r in results.items():
        print(f"{name:<9}{r['mb']:>6.1f}{r['docs']:>6}{r['gaptext']:>17.2f}{r['user']:>15.2f}"
              f"{r['gaptext'] / r['user']:>7.1f}x{r['load']:>7.2f}")
    print()
    print("batch cleaner (python -m gaptext.cli.batch), JSON Lines of the documents repeated:")
    print(f"{'corpus':<9}{'MB':>6}{'workers':>8}{'wall s':>8}{'CPU s':>7}{'MB/s':>7}{'speedup':>9}"
          f"{'peak RSS sum':>14}{'sum of peaks':>14}{'peak PSS sum':>14}{'procs':>6}{'load':>7}")
    for name, r in results.items():
        for megabytes, runs in r["batch"]:
            base = runs[args.workers[0]]["wall"]
            for w in args.workers:
                b = runs[w]
                print(f"{name:<9}{megabytes:>6.1f}{w:>8}{b['wall']:>8.2f}{b['cpu']:>7.2f}{b['mbs']:>7.2f}"
                      f"{base / b['wall']:>8.2f}x{b['rss']:>11.0f} MB{b['hwm']:>11.0f} MB{b['pss']:>11.0f} MB"
                      f"{b['procs']:>6}{b['load']:>7.2f}")
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
