"""``python -m gaptext FILE`` (or ``gaptext FILE``): print the clean text.

``gaptext clean INPUT... -o OUTPUT`` is the batch cleaner for corpora
(:mod:`gaptext.cli.batch`); ``gaptext-check`` is the linter.

``-`` reads standard input.  ``--explain`` writes every edit, finding and
gap to standard error.  Files are read as UTF-8 (with or without BOM);
the linter (``gaptext-check``) is the tool for other encodings.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from . import Config, __version__, repair
from .config import CONVERSIONS


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gaptext",
        description="Repair Chinese text damaged by template sites and crawls; print the clean text.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="text file(s) to clean, or - for stdin")
    p.add_argument("--explain", action="store_true", help="list every edit, finding and gap on stderr")
    p.add_argument(
        "--convert",
        default="t2s",
        choices=[*CONVERSIONS, "none"],
        help="OpenCC conversion for traditional text, or none to keep the script (default t2s)",
    )
    for name in ("mojibake", "pinyin", "punctuation", "gaps"):
        p.add_argument(f"--no-{name}", dest=name, action="store_false", help=f"switch off the {name} step")
    p.add_argument("--fill", action="store_true", help="write gap content the text proves (三 of 三是)")
    p.add_argument("--gap-marker", default=None, help="insert this marker at each gap, e.g. '〔{kind}〕'")
    p.add_argument("--version", action="version", version=f"gaptext {__version__}")
    return p


def _read(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as fh:
            data = fh.read()
    return data.decode("utf-8-sig")


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["clean"]:
        from .cli.batch import main as batch_main

        return batch_main(argv[1:])
    args = _parser().parse_args(argv)
    config = Config(
        mojibake=args.mojibake,
        pinyin=args.pinyin,
        convert=None if args.convert == "none" else args.convert,
        punctuation=args.punctuation,
        gaps=args.gaps,
        fill=args.fill,
        gap_marker=args.gap_marker,
    )
    status = 0
    for path in args.paths:
        try:
            text = _read(path)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"gaptext: {path}: {exc}", file=sys.stderr)
            status = 2
            continue
        report = repair(text, config)
        sys.stdout.write(report.text)
        if args.explain:
            explained = report.explain()
            if explained:
                print(explained, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
