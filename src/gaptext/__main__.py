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

from . import __version__, repair
from .cli.options import add_repair_options, config_from_args


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gaptext",
        description="Repair Chinese text damaged by template sites and crawls; print the clean text.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="text file(s) to clean, or - for stdin")
    p.add_argument("--explain", action="store_true", help="list every edit, finding and gap on stderr")
    add_repair_options(p)
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
    config = config_from_args(args)
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
