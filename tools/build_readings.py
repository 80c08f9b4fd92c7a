"""Build src/gaptext/data/readings.tsv, the pinyin readings of Han characters.

Source: pypinyin (MIT), ``pypinyin.pinyin_dict.pinyin_dict`` (code point ->
comma-separated toned readings) plus the per-character readings of
``pypinyin.phrases_dict.phrases_dict`` (which add neutral-tone readings such
as 西 xi, 个 ge).  Private-use code points are left out.

Each reading is normalised with :func:`gaptext.readings.parse_reading`
(toneless syllable, ``v`` for ü, tone digit 1-5 with 5 neutral) and written
one character a line, syllables sorted, the tones of a syllable run together::

    發	bo1 fa1
    的	de5 di124

The output is sorted by code point, so a rebuild from the same pypinyin gives
the same bytes.  ``--check`` exits 1 when the file on disk differs.

    python tools/build_readings.py            # write the table
    python tools/build_readings.py --check    # verify it is up to date
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "gaptext" / "data" / "readings.tsv"
PYPINYIN_VERSION = "0.55.0"


def _private_use(cp: int) -> bool:
    return 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000


def collect() -> dict:
    """character -> {syllable: set of tone digits}, from pypinyin's data."""
    sys.path.insert(0, str(ROOT / "src"))
    from gaptext.readings import parse_reading
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict = defaultdict(lambda: defaultdict(set))
    bad = []

    def add(char: str, raw: str) -> None:
        parsed = parse_reading(raw)
        if parsed is None:
            bad.append((char, raw))
            return
        syllable, tone = parsed
        table[char][syllable].add(tone or "5")

    for cp, value in pinyin_dict.items():
        if _private_use(cp):
            continue
        for raw in value.split(","):
            add(chr(cp), raw)
    for phrase, rows in phrases_dict.items():
        if len(phrase) != len(rows):
            continue
        for char, row in zip(phrase, rows):
            if char in table:  # only characters pinyin_dict knows
                for raw in row:
                    add(char, raw)
    if bad:
        shown = ", ".join(f"{c}:{r!r}" for c, r in bad[:20])
        raise SystemExit(f"{len(bad)} readings could not be normalised: {shown}")
    return table


def render(table: dict) -> str:
    import pypinyin

    if pypinyin.__version__ != PYPINYIN_VERSION:
        raise SystemExit(f"expected pypinyin {PYPINYIN_VERSION}, found {pypinyin.__version__}")
    lines = [
        "# gaptext pinyin readings: character<TAB>syllable+tones ... (v = ü, tone 5 = neutral)",
        f"# Source: pypinyin {pypinyin.__version__} (pinyin_dict + phrases_dict), MIT License,",
        "# Copyright (c) 2016 mozillazg, 闲耘 <hotoo.cn@gmail.com>",
        "# Built by tools/build_readings.py; do not edit by hand.",
    ]
    for char in sorted(table):
        syllables = table[char]
        items = " ".join(s + "".join(sorted(syllables[s])) for s in sorted(syllables))
        lines.append(f"{char}\t{items}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not up to date")
    args = parser.parse_args(argv)
    text = render(collect())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; run tools/build_readings.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.output} ({text.count(chr(10)) - 4} characters, {len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
