"""``gaptext-check``: the document linter.

Point it at documents and it reports, at the line and column of the source,
every repair it would make and every gap it finds; ``--fix`` writes the
repairs.  Conventions follow ruff and autocorrect (see DESIGN.md,
"Contracts").  Exit status: 0 nothing found, 1 diagnostics (or, with
``--diff``, changes), 2 a usage, configuration or I/O error; 130 when
interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import List, Optional, Sequence

from .. import __version__
from .checker import FileResult, Job, check_one, pipeline_config
from .formats import FORMATS, RunInfo
from .options import add_step_switches
from .progress import Progress
from .rules import CodeError, parse_codes
from .settings import Resolver, SettingsError
from .walk import Problem, walk

__all__ = ["main"]

PROG = "gaptext-check"


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Lint Chinese documents damaged by template sites: report every repair gaptext would make "
            "(encoding E, pinyin P, script S, punctuation L) and every gap it finds (G), "
            "at the line and column of the source."
        ),
        epilog="Exit status: 0 nothing found, 1 diagnostics found, 2 usage, configuration or I/O error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check (default: .); - reads stdin")
    out = p.add_argument_group("output")
    out.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="text",
                     help="report format (default: text)")
    out.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    out.add_argument("--statistics", action="store_true", help="show counts per code instead of each diagnostic")
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour text output (default: auto, on a terminal unless NO_COLOR is set)")
    out.add_argument("--no-progress", dest="progress", action="store_const", const="never", default="auto",
                     help="never show the progress bar (shown on a terminal when many files are checked)")
    out.add_argument("-q", "--quiet", action="store_true", help="print diagnostics only, no summary")
    out.add_argument("-v", "--verbose", action="store_true", help="name each file, its encoding and counts on stderr")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when diagnostics are found")

    fix = p.add_argument_group("fixing")
    fix.add_argument("--fix", action="store_true", help="write the repairs into the files (never gap content)")
    fix.add_argument("--diff", action="store_true", help="print a unified diff of the repairs instead of writing them")
    fix.add_argument("--fill", action="store_true", default=None,
                     help="with --fix/--diff, also write gap content the text proves (the 三 of 三是)")
    fix.add_argument("--output-encoding", metavar="ENC",
                     help="with --fix, write files in ENC (e.g. utf-8) instead of their own encoding")

    sel = p.add_argument_group("selection")
    sel.add_argument("--select", action="append", metavar="CODES",
                     help="codes or prefixes to report, e.g. P,S101 (default: ALL)")
    sel.add_argument("--ignore", action="append", metavar="CODES", help="codes or prefixes to leave alone")
    sel.add_argument("--include", action="append", metavar="GLOB",
                     help="files to take when walking directories (default: *.txt *.md *.rst *.html …)")
    sel.add_argument("--exclude", action="append", metavar="GLOB", help="gitignore-style patterns to skip")
    sel.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_const", const=False,
                     default=None, help="walk files that .gitignore ignores too")

    inp = p.add_argument_group("input and configuration")
    inp.add_argument("--stdin-filename", metavar="NAME", help="the name to report for - (stdin); finds its config")
    inp.add_argument("--encoding", metavar="ENC", help="read input as ENC instead of detecting it")
    inp.add_argument("--config", metavar="FILE", help="use this pyproject.toml or .gaptext.toml only")
    inp.add_argument("--isolated", action="store_true", help="ignore configuration files")
    inp.add_argument("-j", "--jobs", type=int, metavar="N", default=0,
                     help="worker processes (default: one per CPU; 1 checks in this process)")

    add_step_switches(p.add_argument_group("pipeline (as gaptext.Config)"), unset=True)
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return p


def _overrides(args: argparse.Namespace) -> dict:
    try:
        select = parse_codes(args.select, "code in --select") if args.select else None
        ignore = parse_codes(args.ignore, "code in --ignore") if args.ignore else None
    except CodeError as exc:
        raise UsageError(str(exc)) from None
    for option, value in (("--output-encoding", args.output_encoding), ("--encoding", args.encoding)):
        if value:
            try:
                codecs.lookup(value)
            except LookupError:
                raise UsageError(f"{option}: unknown encoding {value!r}") from None
    return {
        "select": select,
        "ignore": ignore,
        "include": tuple(args.include) if args.include else None,
        "exclude": tuple(args.exclude) if args.exclude else None,
        "respect_gitignore": args.respect_gitignore,
        "mojibake": args.mojibake,
        "pinyin": args.pinyin,
        "convert": (None if args.convert == "none" else args.convert) if args.convert else None,
        "punctuation": args.punctuation,
        "gaps": args.gaps,
        "fill": args.fill,
        "output_encoding": args.output_encoding,
    }


def _use_color(setting: str, stream) -> bool:
    if setting != "auto":
        return setting == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _say(kind: str, message: str) -> None:
    print(f"{PROG}: {kind}: {message}", file=sys.stderr)


def _jobs(args, resolver: Resolver, mode: str) -> tuple:
    """The jobs to run and the problems met finding them."""
    jobs: List[Job] = []
    problems: List[Problem] = []
    paths = args.paths or ["."]
    stdin_used = False
    files = [p for p in paths if p != "-"]
    for item in walk(files, resolver) if files else ():
        if isinstance(item, Problem):
            problems.append(item)
        else:
            jobs.append(Job(str(item.path), str(item.path), item.settings, mode, args.encoding))
    if "-" in paths:
        stdin_used = True
        name = args.stdin_filename
        settings = resolver.for_file(Path(name)) if name else resolver.for_directory(Path.cwd())
        data = sys.stdin.buffer.read()
        jobs.append(Job(name or "-", name or "-", settings, mode, args.encoding, data=data))
    return jobs, problems, stdin_used


def _workers(requested: int, jobs: Sequence[Job]) -> int:
    if requested and requested > 0:
        n = requested
    else:
        try:
            n = len(os.sched_getaffinity(0))
        except AttributeError:
            n = os.cpu_count() or 1
    if len(jobs) < 4 or any(j.data is not None for j in jobs):
        return 1
    return max(1, min(n, len(jobs)))


# Damage of every kind, so that every step and rule loads its tables.
WARM_UP = "市區(qū)經濟工作會議講話\n\n同志們:剛才,區長對年全區經濟工作。積極為當?shù)厝罕娞峁﹥?yōu)先就業(yè)。增長*%,XX縣。\n"


def _warm(jobs: Sequence[Job]) -> None:
    """Load the steps' tables once, before the workers fork and share them."""
    from . import engine

    for config in {pipeline_config(j.settings) for j in jobs}:
        engine.run(WARM_UP, config)


def _run(jobs: List[Job], workers: int, progress: Progress, sink=None) -> List[FileResult]:
    """Check every job, in order; ``sink(result)`` as each one arrives."""
    results: List[FileResult] = []
    if workers <= 1:
        for job in jobs:
            r = check_one(job)
            results.append(r)
            if sink is not None:
                sink(r)
            progress.advance(r.size)
        return results
    import multiprocessing as mp

    _warm(jobs)
    try:
        ctx = mp.get_context("fork")
    except ValueError:
        ctx = mp.get_context()
    chunk = max(1, min(8, len(jobs) // (workers * 8)))
    with ctx.Pool(workers) as pool:
        for r in pool.imap(check_one, jobs, chunksize=chunk):
            results.append(r)
            if sink is not None:
                sink(r)
            progress.advance(r.size)
    return results


def _render(fmt: str, results, run: RunInfo, statistics: bool) -> str:
    if statistics:
        from .formats.text import render_statistics

        if fmt == "json":
            from .formats.json import render_statistics as json_statistics

            return json_statistics(results, run)
        return render_statistics(results, run)
    if fmt == "text":
        from .formats.text import render
    elif fmt == "concise":
        from .formats.text import render_concise as render
    elif fmt == "json":
        from .formats.json import render
    elif fmt == "sarif":
        from .formats.sarif import render
    elif fmt == "github":
        from .formats.github import render
    else:
        from .formats.html import render
    return render(results, run)


def main(argv: Optional[List[str]] = None) -> int:
    """Run the linter; returns the exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1


def _main(argv: Optional[List[str]]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (2)
        return int(exc.code or 0)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass
    mode = "diff" if args.diff else "fix" if args.fix else "check"
    try:
        resolver = Resolver(_overrides(args), args.config, args.isolated)
        if args.config and not Path(args.config).is_file():
            raise UsageError(f"{args.config}: configuration file not found")
        jobs, problems, stdin_used = _jobs(args, resolver, mode)
        color = _use_color(args.color, sys.stdout) and not args.output_file
        per_file = args.format in ("text", "concise", "github") and mode != "diff"
        jobs = [
            replace(
                job,
                keep_source=args.format == "html" and not args.statistics,
                render=args.format if per_file and not args.statistics else None,
                color=color,
                keep_diagnostics=not (per_file or args.statistics or mode == "diff"),
            )
            for job in jobs
        ]
    except (UsageError, SettingsError) as exc:
        _say("error", str(exc))
        return 2

    start = time.perf_counter()
    progress = Progress(len(jobs), sys.stderr, Progress.wanted(len(jobs), sys.stderr, args.progress))
    stdin_fix = stdin_used and mode == "fix"
    out = sys.stdout
    if args.output_file:
        try:
            out = open(args.output_file, "w", encoding="utf-8")
        except OSError as exc:
            _say("error", f"{args.output_file}: {exc.strerror or exc}")
            return 2
    sink = None
    if per_file and not args.statistics and not stdin_fix:
        # Each file's part of the report is written as it arrives, while the
        # workers go on (the progress bar steps aside on a shared terminal).
        shared_terminal = _isatty(out) and _isatty(sys.stderr)

        def sink(r: FileResult) -> None:
            if r.rendered:
                if shared_terminal:
                    progress.clear()
                out.write(r.rendered)
                r.rendered = ""

    try:
        results = _run(jobs, _workers(args.jobs, jobs), progress, sink)
    finally:
        progress.close()

    run = RunInfo(
        color=color,
        mode=mode,
        quiet=args.quiet,
        version=__version__,
        elapsed=time.perf_counter() - start,
    )
    for problem in problems:
        run.errors.append((problem.path, problem.message))
        _say("error", f"{problem.path}: {problem.message}")
    for r in results:
        for w in r.warnings:
            _say("warning", f"{r.display}: {w}")
        if r.skipped:
            run.skipped.append((r.display, r.skipped))
            _say("warning", f"{r.display}: {r.skipped}")
        if r.error:
            run.errors.append((r.display, r.error))
            _say("error", f"{r.display}: {r.error}")
        if args.verbose and r.encoding:
            print(
                f"{PROG}: {r.display}: {r.encoding}{' (BOM)' if r.bom else ''}, {r.characters} characters, "
                f"{r.total} diagnostics" + (", written" if r.written else ""),
                file=sys.stderr,
            )

    if mode == "diff":
        report = "".join(r.diff for r in results if r.diff)
        changed = any(r.diff for r in results)
    else:
        report = _render(args.format, results, run, args.statistics)
        changed = False
    if stdin_fix:
        for r in results:
            if r.output is not None:
                sys.stdout.flush()
                sys.stdout.buffer.write(r.output)
                sys.stdout.flush()
        if report.strip():
            sys.stderr.write(report)
    else:
        try:
            out.write(report)
            out.flush()
            if out is not sys.stdout:
                out.close()
        except OSError as exc:
            _say("error", f"{args.output_file or 'stdout'}: {exc.strerror or exc}")
            return 2

    if run.errors:
        return 2
    if args.exit_zero:
        return 0
    found = changed if mode == "diff" else any(r.total for r in results)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
