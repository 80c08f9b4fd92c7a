"""``gaptext clean INPUT... -o OUTPUT``: clean a corpus on every core of one machine.

Inputs are JSON Lines (``.jsonl``, ``.ndjson``, ``.json``; ``.gz`` too; ``-``
is JSON Lines on stdin), Parquet (``.parquet``, needs ``gaptext[parquet]``)
or plain text (any other name: one document per file).  The output is JSON
Lines (``.jsonl``, ``.jsonl.gz``) or Parquet (``.parquet``): each record as it
came, its text cleaned, and beside it (``--result-key``, default
``gaptext``) the document's summary: gap count and kinds, repair counts by
step and code, unrecovered damage; the full report too with
``--report-json``.

Records go to a pool of ``--workers`` processes in chunks, with at most
two chunks per worker in flight, and come back in input order: memory stays
bounded whatever the input size.  Of an uncompressed JSON Lines file a
chunk is a byte range of whole lines, which the worker reads itself; the
workers parse each JSON line, clean its text and write its output line;
this process finds line ends and writes bytes, so that it takes little of
the cores the workers need.  A record that cannot be cleaned (malformed
JSON, no text key, a text that is not a string, not UTF-8, too large) is
counted, reported on stderr with its line number and written to the rejects
file (``OUTPUT.rejects.jsonl``).  The output is written to a temporary file
beside it and moved into place only when the run succeeded.

Exit status: 0 all documents cleaned; 1 some records were rejected (the
output holds the others); 2 usage or I/O error, nothing written; 130
interrupted, nothing written.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from contextlib import closing
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import batch_worker
from .options import add_repair_options, config_from_args
from .batch_io import (
    AtomicFile,
    Doc,
    InputError,
    JsonlWriter,
    Line,
    ParquetWriter,
    Progress,
    Reject,
    RejectsWriter,
    Span,
    check_input,
    input_kind,
    read_input,
)
from .batch_progress import ProgressBar

PROG = "gaptext clean"
#: How many rejects are printed on stderr; all of them go to the rejects file.
SHOWN_REJECTS = 20
#: Chunks in flight per worker.  Results are taken in input order, so a worker
#: that is done with its own chunks waits while an earlier, slower one is still
#: being cleaned, unless there is more queued for it.
IN_FLIGHT = 2
OUTPUT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".parquet")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Clean a corpus (JSON Lines, Parquet or text files) on every core; "
        "write each record with its text cleaned and a summary of what gaptext found.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="input files (.jsonl[.gz], .parquet, text), or - for JSON Lines on stdin")
    p.add_argument("-o", "--output", required=True, help="output file: .jsonl, .jsonl.gz or .parquet")
    p.add_argument("--text-key", default="text", help="the field holding the text (default: text)")
    p.add_argument("--result-key", default="gaptext", help="the field the per-document summary goes to (default: gaptext)")
    p.add_argument("--report-json", action="store_true", help="add every edit, gap and finding to the summary")
    p.add_argument("--rejects", default=None, help="where rejected records go (default: OUTPUT.rejects.jsonl)")
    p.add_argument("--input-format", choices=["auto", "jsonl", "parquet", "txt"], default="auto",
                   help="read every input as this format (default: from the file name)")
    p.add_argument("-w", "--workers", type=int, default=_cores(), help=f"worker processes (default: all cores, {_cores()})")
    p.add_argument("-f", "--force", action="store_true", help="replace an existing output (and rejects file)")
    p.add_argument("--max-doc-mb", type=float, default=8.0, help="reject documents larger than this (default: 8 MB)")
    p.add_argument("--chunk-docs", type=int, default=64, help="documents per task sent to a worker (default: 64)")
    p.add_argument("--chunk-mb", type=float, default=1.0, help="or fewer, once a task holds this much text (default: 1 MB)")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show the progress bar")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show it (default: on a terminal)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors (no progress, rejects or summary)")
    add_repair_options(p.add_argument_group("repairs (as for gaptext FILE)"))
    return p


def _error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def default_rejects(output: str) -> str:
    """``out.jsonl`` -> ``out.rejects.jsonl`` (the same for .jsonl.gz and .parquet)."""
    for suffix in sorted(OUTPUT_SUFFIXES, key=len, reverse=True):
        if output.endswith(suffix):
            return output[: -len(suffix)] + ".rejects.jsonl"
    return output + ".rejects.jsonl"


class _Run:
    """One run: reads, fans out to the workers, writes, counts."""

    def __init__(self, args, config, inputs: Sequence[Tuple[str, str, int]], writer, rejects: RejectsWriter, bar: ProgressBar):
        self.args = args
        self.config = config
        self.inputs = inputs
        self.writer = writer
        self.rejects = rejects
        self.bar = bar
        self.progress = Progress(sum(size for _, _, size in inputs))
        self.max_doc = int(args.max_doc_mb * 1e6)
        self.output = batch_worker.Output(args.text_key, args.result_key, self.max_doc,
                                          args.output.endswith(".parquet"))

    def reject(self, reject: Reject) -> None:
        self.rejects.add(reject)
        self.bar.rejected += 1
        if not self.args.quiet and self.rejects.count <= SHOWN_REJECTS:
            self.bar.clear()
            print(f"{PROG}: {reject.where()}: {reject.reason}", file=sys.stderr)

    def events(self) -> Iterator:
        for path, kind, size in self.inputs:
            self.progress.current = 0
            yield from read_input(path, kind, self.args.text_key, self.max_doc, self.progress,
                                  span=(int(self.args.chunk_mb * 1e6), self.args.chunk_docs))
            self.progress.done_files += size
            self.progress.current = 0

    def chunks(self) -> Iterator[List[Union[Span, Line, Doc]]]:
        limit = int(self.args.chunk_mb * 1e6)
        chunk: List[Union[Span, Line, Doc]] = []
        size = 0
        for event in self.events():
            if isinstance(event, Reject):
                self.reject(event)
                continue
            chunk.append(event)
            size += event.nbytes
            if len(chunk) >= self.args.chunk_docs or size >= limit:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def results(self, chunks: Iterable[list]) -> Iterator[list]:
        """Each chunk's results (cleaned documents and rejects), in input order,
        at most 2 chunks per worker in flight.

        ``Pool.imap`` would read the whole input ahead of the workers, so
        the window of pending tasks is kept here instead.
        """
        workers = self.args.workers
        full = self.args.report_json
        if workers <= 1:
            batch_worker.init(self.config, full, self.output, in_process=True)
            for chunk in chunks:
                yield batch_worker.process(chunk)
            return
        pool = _pool(workers, self.config, full, self.output)
        finished = False
        try:
            window: deque = deque()
            for chunk in chunks:
                window.append(pool.apply_async(batch_worker.process, (chunk,)))
                if len(window) >= IN_FLIGHT * workers:
                    yield window.popleft().get()
            while window:
                yield window.popleft().get()
            finished = True
        finally:
            if finished:
                pool.close()
            else:
                pool.terminate()
            pool.join()
            gc.unfreeze()  # main() may run inside a longer-lived process

    def run(self) -> None:
        with closing(self.results(self.chunks())) as results:
            for outcome in results:
                docs, nbytes = [], 0
                for result in outcome:
                    if isinstance(result, Reject):
                        self.reject(result)
                        continue
                    docs.append(result)
                    nbytes += result.nbytes
                for reject in self.writer.write(docs):
                    self.reject(reject)
                self.bar.add(len(docs), nbytes, self.progress.done, self.progress.total)
        for reject in self.writer.flush():
            self.reject(reject)


def _pool(workers: int, config, full: bool, output: "batch_worker.Output"):
    """The worker pool; on Linux forked from a warm parent, so gaptext's tables are shared.

    The parent loads every table the configuration needs once, freezes them
    out of the garbage collector's reach (so that collections do not touch,
    and thereby copy, their pages), and forks: the workers start ready and
    share those pages instead of each loading its own copy.
    """
    if sys.platform.startswith("linux"):
        batch_worker.init(config, full, output, in_process=True)
        batch_worker.warm_up()
        gc.collect()
        gc.freeze()
        context = multiprocessing.get_context("fork")
    else:  # pragma: no cover - spawn: each worker loads its own tables
        context = multiprocessing.get_context()
    return context.Pool(workers, initializer=batch_worker.init, initargs=(config, full, output))


def _check_target(path: str, force: bool, what: str) -> Optional[str]:
    if os.path.isdir(path):
        return f"{what} {path} is a directory"
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return f"{what} folder {folder} does not exist"
    if os.path.exists(path) and not force:
        return f"{what} {path} exists (use --force to replace it)"
    return None


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = config_from_args(args)
    except (TypeError, ValueError) as exc:
        return _error(str(exc))
    if args.workers < 1 or args.chunk_docs < 1 or args.chunk_mb <= 0 or args.max_doc_mb <= 0:
        return _error("--workers, --chunk-docs, --chunk-mb and --max-doc-mb must be positive")
    output = args.output
    if not output.endswith(OUTPUT_SUFFIXES):
        return _error(f"output {output} must end in .jsonl, .jsonl.gz or .parquet")
    out_parquet = output.endswith(".parquet")
    rejects_path = args.rejects or default_rejects(output)
    if os.path.abspath(rejects_path) == os.path.abspath(output):
        return _error("the rejects file cannot be the output")
    if args.inputs.count("-") > 1:
        return _error("stdin (-) can be read once")
    inputs = []
    try:
        for path in args.inputs:
            kind = input_kind(path, args.input_format)
            inputs.append((path, kind, check_input(path, kind, args.text_key)))
        base_schema = None
        if out_parquet:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                return _error("Parquet output needs pyarrow: pip install 'gaptext[parquet]'")
            if inputs[0][1] == "parquet":
                import pyarrow.parquet as pq

                base_schema = pq.ParquetFile(inputs[0][0]).schema_arrow
    except InputError as exc:
        return _error(str(exc))
    for path, what in ((output, "output"), (rejects_path, "rejects file")):
        problem = _check_target(path, args.force, what)
        if problem:
            return _error(problem)
    return _execute(args, config, inputs, output, rejects_path, out_parquet, base_schema)


def _on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def _execute(args, config, inputs, output, rejects_path, out_parquet, base_schema) -> int:
    bar = ProgressBar(False if args.quiet else args.progress, sys.stderr)
    targets: List[AtomicFile] = []
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)  # a kill also leaves no partial output
    try:
        out_file = AtomicFile(output)
        targets.append(out_file)
        rej_file = AtomicFile(rejects_path)
        targets.append(rej_file)
        if out_parquet:
            writer = ParquetWriter(out_file.tmp, args.text_key, args.result_key, base_schema)
        else:
            writer = JsonlWriter(out_file.tmp, output)
        rejects = RejectsWriter(rej_file.tmp, rejects_path)
        run = _Run(args, config, inputs, writer, rejects, bar)
        try:
            run.run()
        finally:
            bar.close()
            writer.close()
            rejects.close()
        out_file.commit()
        if rejects.count:
            rej_file.commit()
        else:
            rej_file.discard()
            if os.path.exists(rejects_path):  # a stale one from an earlier run (--force)
                os.unlink(rejects_path)
    except KeyboardInterrupt:
        for target in targets:
            target.discard()
        print(f"{PROG}: interrupted; no output written", file=sys.stderr)
        return 130
    except OSError as exc:
        for target in targets:
            target.discard()
        return _error(f"{exc}; no output written")
    except BaseException:
        for target in targets:
            target.discard()
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        seconds = bar.elapsed
        mb = bar.text_bytes / 1e6
        line = (f"{PROG}: {bar.docs:,} document{'' if bar.docs == 1 else 's'} ({mb:,.1f} MB) in {seconds:,.1f} s: "
                f"{bar.docs / seconds if seconds else 0:,.0f} docs/s, {mb / seconds if seconds else 0:,.2f} MB/s -> {output}")
        if rejects.count:
            line += f"; {rejects.count:,} rejected -> {rejects_path}"
        print(line, file=sys.stderr)
    return 1 if rejects.count else 0


if __name__ == "__main__":
    sys.exit(main())
