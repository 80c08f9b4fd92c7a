"""Helpers shared by the benchmark scripts: test text and timing."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, List

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "seed-economic-work-speech.txt"
CORPORA = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "benchmarks" / "out"


def corpus_texts() -> List[str]:
    """The clean test corpora beside the checkout (empty list when absent)."""
    texts: List[str] = []
    for path in sorted(CORPORA.glob("*.jsonl")) if CORPORA.is_dir() else []:
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def repeat_to(text: str, megabytes: float) -> str:
    """``text`` repeated (whole) until it holds at least ``megabytes`` of UTF-8."""
    size = len(text.encode("utf-8"))
    return text * max(1, int(megabytes * 1e6 // size) + 1)


def best_rate(func: Callable[[], object], nbytes: int, repeat: int = 3,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """MB/s of the best of ``repeat`` runs (the least disturbed by other load),
    by wall clock, or by ``clock=time.process_time`` this process's CPU time."""
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        func()
        best = min(best, clock() - start)
    return nbytes / 1e6 / best
