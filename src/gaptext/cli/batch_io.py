"""Streaming readers and writers for the batch cleaner (``gaptext clean``).

Readers turn input files into a stream of :class:`Span` (whole lines of an
uncompressed JSON Lines file, by byte range: the worker reads them,
:func:`span_items`), :class:`Line` (a JSON Lines record as read, from a
compressed file or stdin), :class:`Doc` (a document to clean) and
:class:`Reject` (a record that cannot be cleaned, with its line number and
the reason), reading a bounded amount at a time: JSON Lines a block or a
line at a time, Parquet batch by batch, a plain-text file as one document.  The workers parse each :class:`Line`
(:func:`parse_line`), clean the text and make the output
(:func:`cleaned`): so the reading process only moves bytes, and every
decode and encode of the text is done once, in parallel.  Writers append
cleaned documents to a temporary file beside the output, which
:class:`AtomicFile` moves into place only when the whole run succeeded.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from typing import Any, BinaryIO, Dict, Iterator, List, Optional, Sequence, Tuple, Union

__all__ = [
    "Line",
    "Span",
    "span_items",
    "Doc",
    "Reject",
    "Cleaned",
    "parse_line",
    "cleaned",
    "InputError",
    "Progress",
    "input_kind",
    "check_input",
    "read_input",
    "AtomicFile",
    "JsonlWriter",
    "ParquetWriter",
    "RejectsWriter",
]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
#: How many characters of an oversized line a reject keeps.
HEAD = 200


class InputError(Exception):
    """An input that cannot be read at all (missing file, wrong column, no pyarrow)."""


@dataclass
class Line:
    """A JSON Lines record as read: parsed later, in a worker (:func:`parse_line`)."""

    source: str
    line: int  # 1-based
    raw: bytes

    @property
    def nbytes(self) -> int:
        return len(self.raw)


@dataclass
class Span:
    """Whole lines of an uncompressed JSON Lines file, by byte range: the worker
    reads them itself (:func:`span_items`), so that the text does not pass
    through the reading process and a pipe on its way."""

    source: str
    line: int  # the first line's number (1-based)
    start: int  # byte offsets in the file
    end: int

    @property
    def nbytes(self) -> int:
        return self.end - self.start


@dataclass
class Doc:
    """A document to clean: its text, where it came from and the rest of its record."""

    source: str
    line: int  # 1-based line (JSONL) or row (Parquet); 0 for a whole plain-text file
    text: str
    record: Optional[Dict[str, Any]]  # the whole JSON object / Parquet row; None for plain text
    nbytes: int  # UTF-8 size of the text


@dataclass
class Reject:
    """A record that was not cleaned, and why; written to the rejects file."""

    source: str
    line: int
    reason: str
    raw: Optional[str] = None  # the line as read (or the row as JSON), when there is one

    def where(self) -> str:
        if self.line <= 0:
            return self.source
        unit = "row " if self.source.endswith(".parquet") else ""
        return f"{self.source}:{unit}{self.line}"

    def to_json(self) -> Dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason, "raw": self.raw}


@dataclass
class Cleaned:
    """A cleaned document, ready for its writer."""

    source: str
    line: int
    nbytes: int  # UTF-8 size of the input text
    payload: Any  # bytes: the output line (JSON Lines); dict: the output row (Parquet)
    record: Optional[Dict[str, Any]] = None  # the input record, for a Parquet writer's reject


class Progress:
    """How many input bytes the readers have consumed, of how many."""

    def __init__(self, total: int = 0):
        self.total = total
        self.done_files = 0  # bytes of finished inputs
        self.current = 0  # bytes consumed in the input being read

    @property
    def done(self) -> int:
        return self.done_files + self.current


def _strip_gz(path: str) -> str:
    return path[:-3] if path.endswith(".gz") else path


def input_kind(path: str, forced: str = "auto") -> str:
    """``txt``, ``jsonl`` or ``parquet``, from ``forced`` or the file name (``-`` is JSONL)."""
    if forced != "auto":
        return forced
    if path == "-":
        return "jsonl"
    name = _strip_gz(path).lower()
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "txt"


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise InputError("Parquet needs pyarrow: pip install 'gaptext[parquet]'") from exc
    return pq


def check_input(path: str, kind: str, text_key: str) -> int:
    """Fail early (:class:`InputError`) on an input that cannot be read; return its size."""
    if path == "-":
        return 0
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory (give the files, e.g. {path}/*.jsonl)")
    if kind == "parquet":
        pq = _pyarrow_parquet()
        try:
            schema = pq.ParquetFile(path).schema_arrow
        except Exception as exc:
            raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
        if text_key not in schema.names:
            raise InputError(f"{path}: no column {text_key!r} (columns: {', '.join(schema.names)}); see --text-key")
    return os.path.getsize(path)


def read_input(path: str, kind: str, text_key: str, max_bytes: int, progress: Progress,
               span: Optional[Tuple[int, int]] = None) -> Iterator[Union[Line, Span, Doc, Reject]]:
    """Records (JSON Lines), documents and rejects of one input, read a bounded amount at a time.

    With ``span = (most bytes, most lines)``, an uncompressed JSON Lines file
    is given as :class:`Span` objects of at most that size (or one longer line)
    instead of line by line.
    """
    if kind == "parquet":
        yield from _read_parquet(path, text_key, max_bytes, progress)
        return
    if span is not None and kind == "jsonl" and path != "-" and not path.endswith(".gz"):
        with open(path, "rb") as fh:
            yield from _jsonl_spans(path, fh, span[0], span[1], progress)
        return
    raw = sys.stdin.buffer if path == "-" else open(path, "rb")
    try:
        fh: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if path.endswith(".gz") else raw
        if kind == "jsonl":
            yield from _read_jsonl(path, fh, raw, max_bytes, progress)
        else:
            yield from _read_txt(path, fh, max_bytes)
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def _tell(raw) -> int:
    try:
        return raw.tell()
    except (OSError, ValueError):
        return 0


def _too_big(text: str, max_bytes: int) -> Optional[int]:
    """The UTF-8 size of ``text``, or ``None`` when it is over ``max_bytes``."""
    if len(text) > max_bytes:
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    return None if size > max_bytes else size


def _read_txt(path: str, fh: BinaryIO, max_bytes: int) -> Iterator[Union[Doc, Reject]]:
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject(path, 0, f"document larger than {max_bytes:,} bytes (see --max-doc-mb)",
                     data[:HEAD].decode("utf-8", "replace"))
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Reject(path, 0, f"not UTF-8 (bad byte at offset {exc.start}); gaptext-check reads GBK/Big5/UTF-16")
        return
    yield Doc(path, 0, text, None, len(data))


def _jsonl_spans(path: str, fh: BinaryIO, most_bytes: int, most_lines: int, progress: Progress) -> Iterator[Span]:
    """The file as spans of whole lines, each of at most ``most_lines`` lines and
    ``most_bytes`` bytes (or a single longer line).  Only line ends are looked
    for; the bytes are read a block at a time and dropped."""
    start = pos = 0  # the current span's start; the file offset of ``block``
    first = 1  # its first line's number
    lines = 0  # lines in it so far
    while True:
        block = fh.read(max(most_bytes, 1 << 16))
        if not block:
            break
        i = block.find(b"\n")
        while i >= 0:
            lines += 1
            end = pos + i + 1
            if lines >= most_lines or end - start >= most_bytes:
                yield Span(path, first, start, end)
                progress.current = end
                start, first, lines = end, first + lines, 0
            i = block.find(b"\n", i + 1)
        pos += len(block)
    if pos > start:
        yield Span(path, first, start, pos)  # the last span (and a last line without its line end)
        progress.current = pos


def span_items(span: Span, max_bytes: int) -> Iterator[Union[Line, Reject]]:
    """The records of ``span`` as :class:`Line` objects (and rejects), read from its file."""
    with open(span.source, "rb") as fh:
        fh.seek(span.start)
        yield from _read_jsonl(span.source, fh, None, max_bytes, None, span.line, span.end - span.start)


def _read_jsonl(path, fh, raw, max_bytes, progress, first: int = 1,
                limit: Optional[int] = None) -> Iterator[Union[Line, Reject]]:
    """The lines of ``fh`` from line number ``first`` on (``limit``: at most so many bytes)."""
    lineno = first - 1
    left = limit
    while left is None or left > 0:
        line = fh.readline(max_bytes + 1 if left is None else min(max_bytes + 1, left))
        if not line:
            break
        lineno += 1
        if left is not None:
            left -= len(line)
        if progress is not None:
            progress.current = _tell(raw)
        if len(line) > max_bytes:
            head = line[:HEAD].decode("utf-8", "replace") + "…"
            while line and not line.endswith(b"\n") and (left is None or left > 0):  # skip the rest, boundedly
                line = fh.readline(1 << 20 if left is None else min(1 << 20, left))
                if left is not None:
                    left -= len(line)
            yield Reject(path, lineno, f"line longer than {max_bytes:,} bytes (see --max-doc-mb)", head)
            continue
        if not line.strip():
            continue  # blank lines hold no document
        yield Line(path, lineno, line)


def parse_line(item: Line, text_key: str, max_bytes: int) -> Union[Doc, Reject]:
    """A JSON Lines record as a document, or why it is rejected."""
    path, lineno, line = item.source, item.line, item.raw
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject(path, lineno, f"not UTF-8 (bad byte at column {exc.start + 1})",
                      line.decode("utf-8", "replace").rstrip("\r\n"))
    if lineno == 1:
        decoded = decoded.lstrip("\ufeff")
    try:
        obj = json.loads(decoded)
    except ValueError as exc:
        reason = f"malformed JSON: {exc.msg} at column {exc.colno}" if hasattr(exc, "msg") else f"malformed JSON: {exc}"
        return Reject(path, lineno, reason, decoded.rstrip("\r\n"))
    return _record(path, lineno, obj, text_key, max_bytes, lambda: decoded.rstrip("\r\n"))


def _record(path: str, where: int, obj: Any, text_key: str, max_bytes: int, raw) -> Union[Doc, Reject]:
    """A parsed record as a document, or why it is rejected (``raw()`` gives its source)."""
    reject = _check_record(obj, text_key)
    if reject:
        return Reject(path, where, reject, raw())
    text = obj[text_key]
    size = _too_big(text, max_bytes)
    if size is None:
        return Reject(path, where, f"text larger than {max_bytes:,} bytes (see --max-doc-mb)", None)
    return Doc(path, where, text, obj, size)


def _check_record(obj: Any, text_key: str) -> Optional[str]:
    """Why a parsed record cannot be cleaned, or ``None``."""
    if not isinstance(obj, dict):
        return f"not a JSON object but {type(obj).__name__}"
    if text_key not in obj:
        return f"no {text_key!r} key (see --text-key)"
    text = obj[text_key]
    if not isinstance(text, str):
        what = "null" if text is None else type(text).__name__
        return f"{text_key!r} is {what}, not a string"
    return None


def _rows(batch) -> List[dict]:
    try:
        return batch.to_pylist(maps_as_pydicts="lossy")
    except TypeError:  # pragma: no cover - older pyarrow
        return batch.to_pylist()


def _read_parquet(path, text_key, max_bytes, progress) -> Iterator[Union[Doc, Reject]]:
    pq = _pyarrow_parquet()
    pf = pq.ParquetFile(path)
    total_rows = max(pf.metadata.num_rows, 1)
    size = os.path.getsize(path)
    row = 0
    for batch in pf.iter_batches(batch_size=256):
        for rec in _rows(batch):
            row += 1
            yield _record(path, row, rec, text_key, max_bytes, lambda rec=rec: dumps(rec))
        progress.current = size * row // total_rows


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)  # dates, decimals from Parquet


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_json_default)


def _json_line(rec: Dict[str, Any]) -> bytes:
    """``rec`` as one UTF-8 JSON line; a lone surrogate (which UTF-8 cannot
    hold) is written as its JSON escape, as the input may have had it."""
    line = dumps(rec) + "\n"
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(rec, ensure_ascii=True, default=_json_default) + "\n").encode("ascii")


def cleaned(doc: Doc, text: str, summary: Dict[str, Any], text_key: str, result_key: str,
            parquet: bool = False) -> Cleaned:
    """The output of ``doc``: its record with the cleaned ``text`` and the ``summary`` beside it."""
    rec = dict(doc.record) if doc.record is not None else {"source": doc.source}
    rec[text_key] = text
    if not parquet:
        rec[result_key] = summary
        return Cleaned(doc.source, doc.line, doc.nbytes, _json_line(rec))
    summary = dict(summary)
    if "report" in summary:
        summary["report"] = dumps(summary["report"])
    rec[result_key] = summary
    return Cleaned(doc.source, doc.line, doc.nbytes, rec, doc.record)


class AtomicFile:
    """A temporary file beside ``path`` that becomes ``path`` only on :meth:`commit`.

    An interrupted or failed run calls :meth:`discard`, so no partial output
    is ever left under the output's name.
    """

    def __init__(self, path: str):
        self.path = path
        folder = os.path.dirname(os.path.abspath(path))
        fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part")
        os.close(fd)

    def commit(self) -> None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o666 & ~umask)  # as a normally created file, not mkstemp's 0600
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


def _open_binary(path: str, gz: bool):
    raw = open(path, "wb")
    if gz:
        return gzip.GzipFile(fileobj=raw, mode="wb", filename=""), raw
    return raw, raw


class JsonlWriter:
    """Appends the output lines the workers made; gzip when the output ends in ``.gz``."""

    def __init__(self, tmp_path: str, output_name: str):
        self.fh, self._raw = _open_binary(tmp_path, output_name.endswith(".gz"))

    def write(self, docs: Sequence[Cleaned]) -> List[Reject]:
        if docs:
            self.fh.write(b"".join(d.payload for d in docs))
        return []

    def flush(self) -> List[Reject]:
        return []

    def close(self) -> None:
        self.fh.close()
        if self._raw is not self.fh:
            self._raw.close()


class RejectsWriter(JsonlWriter):
    """One JSON line per reject: source, line, reason and the raw record."""

    def __init__(self, tmp_path: str, output_name: str):
        super().__init__(tmp_path, output_name)
        self.count = 0

    def add(self, reject: Reject) -> None:
        self.count += 1
        self.fh.write(_json_line(reject.to_json()))


class ParquetWriter:
    """Writes cleaned records to Parquet, row groups of about ``rows_per_group`` rows.

    The schema is the first Parquet input's (or, for JSON Lines and text
    inputs, the one pyarrow infers from the first records), plus a struct
    column for the summary.  A record that does not fit it is rejected with
    the reason, never dropped.
    """

    def __init__(self, tmp_path: str, text_key: str, result_key: str, base_schema=None,
                 rows_per_group: int = 8192, bytes_per_group: int = 32 << 20):
        import pyarrow as pa

        self.pa = pa
        self.tmp_path = tmp_path
        self.text_key = text_key
        self.result_key = result_key
        self.base_schema = base_schema
        self.schema = None
        self.writer = None
        self.rows_per_group = rows_per_group
        self.bytes_per_group = bytes_per_group
        self._rows: List[dict] = []
        self._docs: List[Cleaned] = []
        self._bytes = 0

    def _result_type(self):
        pa = self.pa
        counts = pa.map_(pa.string(), pa.int64())
        fields = [("chars", pa.int64()), ("gaps", pa.int64()), ("gap_kinds", counts), ("gap_density", pa.float64()),
                  ("repairs", pa.int64()), ("repairs_by_step", counts), ("repairs_by_code", counts),
                  ("unrecovered", pa.int64()), ("unrecovered_by_code", counts), ("report", pa.string())]
        return pa.struct(fields)

    def _make_schema(self, rows: List[dict]):
        pa = self.pa
        if self.base_schema is not None:
            base = self.base_schema
        else:
            base = self._infer(rows)
        fields = [f for f in base if f.name != self.result_key]
        fields = [pa.field(self.text_key, pa.string()) if f.name == self.text_key else f for f in fields]
        return pa.schema(fields + [pa.field(self.result_key, self._result_type())])

    def _infer(self, rows: List[dict]):
        """The union of the records' keys, in first-seen order, each with the type pyarrow infers.

        A column whose values disagree takes the type of its first value; the
        records that do not fit it are rejected later.
        """
        pa = self.pa
        columns: Dict[str, list] = {}
        for rec in rows:
            for key, value in rec.items():
                if key != self.result_key:
                    columns.setdefault(key, []).append(value)
        fields = []
        for key, values in columns.items():
            try:
                kind = pa.array(values).type
            except (pa.ArrowException, TypeError, ValueError):
                first = next((v for v in values if v is not None), None)
                kind = pa.array([first]).type
            fields.append(pa.field(key, kind))
        return pa.schema(fields)

    def write(self, docs: Sequence[Cleaned]) -> List[Reject]:
        for doc in docs:
            self._rows.append(doc.payload)
            self._docs.append(doc)
            self._bytes += doc.nbytes
        if len(self._rows) >= self.rows_per_group or self._bytes >= self.bytes_per_group:
            return self.flush()
        return []

    def flush(self) -> List[Reject]:
        rows, docs = self._rows, self._docs
        self._rows, self._docs, self._bytes = [], [], 0
        if not rows:
            return []
        pa = self.pa
        if self.schema is None:
            self.schema = self._make_schema(rows)
            import pyarrow.parquet as pq

            self.writer = pq.ParquetWriter(self.tmp_path, self.schema)
        names = set(self.schema.names)
        rejects: List[Reject] = []
        fitting = []
        for rec, doc in zip(rows, docs):
            extra = sorted(set(rec) - names)
            if extra:
                rejects.append(Reject(doc.source, doc.line, f"field(s) {', '.join(extra)} not in the Parquet output schema",
                                      dumps(doc.record) if doc.record is not None else None))
            else:
                fitting.append((rec, doc))
        try:
            table = pa.Table.from_pylist([r for r, _ in fitting], schema=self.schema)
        except (pa.ArrowException, TypeError, ValueError):
            table, bad = self._one_by_one(fitting)
            rejects.extend(bad)
        if table.num_rows:
            self.writer.write_table(table)
        return rejects

    def _one_by_one(self, fitting):
        pa = self.pa
        good, bad = [], []
        for rec, doc in fitting:
            try:
                pa.Table.from_pylist([rec], schema=self.schema)
                good.append(rec)
            except (pa.ArrowException, TypeError, ValueError) as exc:
                bad.append(Reject(doc.source, doc.line, f"does not fit the Parquet output schema ({exc})",
                                  dumps(doc.record) if doc.record is not None else None))
        return pa.Table.from_pylist(good, schema=self.schema), bad

    def close(self) -> None:
        if self.writer is None:  # nothing written: still leave a valid, empty Parquet file
            import pyarrow.parquet as pq

            self.schema = self._make_schema([{"source": "", self.text_key: ""}])
            self.writer = pq.ParquetWriter(self.tmp_path, self.schema)
        self.writer.close()
