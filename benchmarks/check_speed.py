"""gaptext-check over a directory of 1,000 documents, with the progress bar on a terminal.

    python benchmarks/check_speed.py [--docs 1000] [--damaged 0.5] [--fixture-every 20]
                                     [--format text] [--jobs 0] [--baseline]

The documents: the clean corpora (test data) cut into pieces at paragraph
breaks (8-48 KB each, the size of a speech or report; the real fixture is 27 KB), a share of them damaged the template sites'
way by benchmarks/damage.py (traditional script, inline pinyin, ASCII
punctuation), every twentieth (``--fixture-every``) the real damaged fixture;
stored 70% UTF-8, 20% GBK, 10% UTF-16.  Without the corpora the fixture and its clean text
are used.  The linter runs as a user runs it, ``python -m gaptext.cli.check
DIR``, with standard error on a pseudo-terminal so the progress bar is
drawn, and the report going to a file.  Prints the bytes on disk, the wall
time and MB/s overall (input bytes per second of wall time, start-up
included).  ``--baseline`` also times the library alone on the same files
(read, decode, ``gaptext.repair``; as many processes), to show what the
linter adds to the pipeline's own cost.
"""

from __future__ import annotations

import argparse
import os
import pty
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, corpus_texts, fixture_text  # noqa: E402

ENCODINGS = [("utf-8", 0.7), ("gbk", 0.2), ("utf-16", 0.1)]


def pieces(texts, rng: random.Random, count: int, size_range=(8000, 48000)):
    """Cut documents into pieces of 8-48 KB (a speech or a report) at paragraph breaks, cycling as needed."""
    out = []
    while len(out) < count:
        for text in texts:
            paragraphs = text.split("\n")
            i = 0
            while i < len(paragraphs) and len(out) < count:
                target = rng.randint(size_range[0], size_range[1])
                chunk = []
                size = 0
                while i < len(paragraphs) and size < target:
                    chunk.append(paragraphs[i])
                    size += len(paragraphs[i].encode("utf-8")) + 1
                    i += 1
                if size > 200:
                    out.append("\n".join(chunk) + "\n")
            if len(out) >= count:
                break
    return out


def build(folder: Path, docs: int, damaged: float, fixture_every: int = 20, seed: int = 1) -> int:
    rng = random.Random(seed)
    fixture = fixture_text()
    texts = corpus_texts()
    if texts:
        from damage import damage_document

        docs_text = pieces(texts, rng, docs)
        docs_text = [damage_document(t, seed=i) if rng.random() < damaged else t for i, t in enumerate(docs_text)]
    else:
        import gaptext

        docs_text = [fixture if rng.random() < damaged else gaptext.clean(fixture) for _ in range(docs)]
    total = 0
    for i, text in enumerate(docs_text):
        if fixture_every and i % fixture_every == 0:
            text = fixture
        r = rng.random()
        encoding = "utf-8" if r < 0.7 else "gbk" if r < 0.9 else "utf-16"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        sub = folder / f"{i // 100:02}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:04}.txt").write_bytes(data)
        total += len(data)
    return total


def run_on_terminal(cmd, report: Path) -> tuple:
    """Run ``cmd`` with stderr on a pseudo-terminal; (seconds, exit code, what the terminal saw)."""
    master, slave = pty.openpty()
    start = time.perf_counter()
    with report.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=slave, cwd=ROOT)
        os.close(slave)
        seen = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            seen.append(data)
        proc.wait()
    elapsed = time.perf_counter() - start
    os.close(master)
    return elapsed, proc.returncode, b"".join(seen).decode("utf-8", "replace")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--damaged", type=float, default=0.5, help="share of documents damaged (default 0.5)")
    ap.add_argument("--fixture-every", type=int, default=20, help="every Nth document is the real fixture (0: none)")
    ap.add_argument("--format", default="text")
    ap.add_argument("--baseline", action="store_true", help="also time gaptext.repair alone on the same files")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per CPU)")
    ap.add_argument("--keep", action="store_true", help="keep the generated directory")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gaptext-check-bench-"))
    try:
        nbytes = build(folder, args.docs, args.damaged, args.fixture_every)
        extra = [] if _has_encoding_step() else ["--no-mojibake"]
        cmd = [sys.executable, "-m", "gaptext.cli.check", *extra, "--format", args.format,
               "-j", str(args.jobs), str(folder)]
        report = folder.with_suffix(".report")
        elapsed, code, seen = run_on_terminal(cmd, report)
        bar = "drawn" if "files" in seen and "MB/s" in seen else "NOT drawn"
        every = f"every {args.fixture_every}th the real fixture" if args.fixture_every else "no fixture"
        print(f"documents      {args.docs} ({args.damaged:.0%} damaged, {every}; utf-8/gbk/utf-16 mixed)")
        print(f"bytes on disk  {nbytes / 1e6:.2f} MB")
        print(f"command        {' '.join(cmd[1:])}  (stderr on a pty: progress bar {bar})")
        print(f"exit status    {code}; report {report.stat().st_size / 1e6:.1f} MB of {args.format}")
        print(f"wall time      {elapsed:.2f} s")
        print(f"throughput     {nbytes / 1e6 / elapsed:.2f} MB/s overall")
        if args.baseline:
            base = baseline(folder, args.jobs, extra)
            print(f"library alone  {base:.2f} s ({nbytes / 1e6 / base:.2f} MB/s): read, decode, gaptext.repair, "
                  f"same processes")
        if not extra:
            return
        print("note           the encoding step is not installed; run without it (--no-mojibake)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
            try:
                folder.with_suffix(".report").unlink()
            except OSError:
                pass
        else:
            print(f"kept           {folder}")


BASELINE = """
import glob, os, sys, time
start = time.perf_counter()
import gaptext
from gaptext.cli.decode import decode
from gaptext.cli.check import WARM_UP
config = gaptext.Config(mojibake=sys.argv[3] == "1")
def one(path):
    with open(path, "rb") as fh:
        return len(gaptext.repair(decode(fh.read()).text, config).edits)
files = sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.txt")))
jobs = int(sys.argv[2]) or len(os.sched_getaffinity(0))
gaptext.repair(WARM_UP, config)
if jobs > 1:
    import multiprocessing as mp
    with mp.get_context("fork").Pool(jobs) as pool:
        list(pool.imap(one, files, chunksize=4))
else:
    list(map(one, files))
"""


def baseline(folder: Path, jobs: int, extra) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BASELINE, str(folder), str(jobs), "0" if extra else "1"], check=True, cwd=ROOT)
    return time.perf_counter() - start


def _has_encoding_step() -> bool:
    import importlib.util

    return importlib.util.find_spec("gaptext.steps.encoding") is not None


if __name__ == "__main__":
    main()
