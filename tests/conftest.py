"""Shared test helpers: the team's ``../shared`` folder, when it is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"


def corpus_texts() -> list:
    """The clean corpora's documents, or a skip when ``../shared`` is absent."""
    files = sorted(CORPORA.glob("*.jsonl")) if CORPORA.is_dir() else []
    if not files:
        pytest.skip(f"clean corpora not found at {CORPORA} (they live beside the checkout, not in it)")
    texts = []
    for path in files:
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts


@pytest.fixture(scope="session")
def corpora() -> list:
    return corpus_texts()


@pytest.fixture(scope="session")
def fixture_text() -> str:
    return (FIXTURES / "seed-economic-work-speech.txt").read_text(encoding="utf-8")
