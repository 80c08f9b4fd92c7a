"""Uncompressed JSON Lines go to the batch workers as byte ranges (``Span``), which
they read themselves: the records, line numbers and rejects must be exactly those
of reading the file line by line."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from gaptext.cli.batch_io import Line, Progress, Reject, _jsonl_spans, _read_jsonl, span_items

MAX_BYTES = 40  # a small --max-doc-mb, so that long lines and their rejects occur


def _by_lines(path, data: bytes):
    return list(_read_jsonl(str(path), io.BytesIO(data), None, MAX_BYTES, None))


def _by_spans(path, most_bytes: int, most_lines: int):
    progress = Progress(path.stat().st_size)
    spans = list(_jsonl_spans(str(path), path.open("rb"), most_bytes, most_lines, progress))
    items = [item for span in spans for item in span_items(span, MAX_BYTES)]
    return spans, items, progress


def _key(item):
    if isinstance(item, Line):
        return ("line", item.line, item.raw)
    assert isinstance(item, Reject)
    return ("reject", item.line, item.reason, item.raw)


lines = st.one_of(
    st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")),
    st.sampled_from([b"", b"   ", b'{"text": "\xe5\xb9\xb4"}', b"\xef\xbb\xbf{}", b"x" * 39, b"y" * 40, b"z" * 95]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, max_size=30), st.booleans(), st.integers(1, 120), st.integers(1, 7))
def test_spans_read_as_lines(tmp_path_factory, body, final_newline, most_bytes, most_lines):
    data = b"\n".join(body) + (b"\n" if final_newline and body else b"")
    path = tmp_path_factory.mktemp("spans") / "in.jsonl"
    path.write_bytes(data)
    spans, items, progress = _by_spans(path, most_bytes, most_lines)
    assert [_key(i) for i in items] == [_key(i) for i in _by_lines(path, data)]
    # The spans tile the file, in order, each of whole lines within its limits.
    assert [s.start for s in spans] == [0, *(s.end for s in spans[:-1])][: len(spans)]
    assert (spans[-1].end if spans else 0) == len(data)
    for s in spans:
        piece = data[s.start:s.end]
        assert piece.endswith(b"\n") or s.end == len(data)
        assert piece[:-1].count(b"\n") < most_lines
        # under the size limit until its last line, which may take it over
        assert piece[:-1].rfind(b"\n") + 1 < most_bytes
    assert progress.current == len(data)


def test_a_span_skips_the_rest_of_an_overlong_line(tmp_path):
    data = b'{"text": "a"}\n' + b"q" * 1000 + b'\n{"text": "b"}\n'
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    spans, items, _ = _by_spans(path, 10_000, 64)
    assert len(spans) == 1
    assert [_key(i)[:2] for i in items] == [("line", 1), ("reject", 2), ("line", 3)]
