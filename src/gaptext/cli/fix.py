"""Writing fixes: every file is either its old self or its new self, never half.

The new bytes go to a temporary file in the same directory, are flushed to
disk, take the old file's permissions, and then replace it in one
``os.replace`` (a rename, atomic on POSIX and Windows).  Whatever stops the
run before the rename (an exception, Ctrl-C, a kill) leaves the old file;
after it, the new one.  A temporary file orphaned by a hard kill ends in
``.gaptext-tmp`` and is never checked.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from typing import List, Optional

from ..report import Gap

__all__ = ["atomic_write", "unified_diff", "fill_gaps", "encode_error"]

TMP_SUFFIX = ".gaptext-tmp"


def atomic_write(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` atomically."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode: Optional[int] = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(old: str, new: str, name: str) -> str:
    """A unified diff of two texts, as ``git diff`` would label them."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    out: List[str] = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fill_gaps(text: str, gaps: List[Gap]) -> str:
    """``text`` with the inferred ``suggestion`` written into each gap that is
    a pure deletion (``--fill``; as ``Config.fill`` does)."""
    out = []
    pos = 0
    for g in sorted(gaps, key=lambda g: (g.start, g.end)):
        if not g.suggestion or g.start != g.end or g.start < pos:
            continue
        out.append(text[pos:g.start])
        out.append(g.suggestion)
        pos = g.end
    out.append(text[pos:])
    return "".join(out)


def encode_error(text: str, exc: UnicodeEncodeError, encoding: str) -> str:
    """Where and what could not be encoded, for the user."""
    line = text.count("\n", 0, exc.start) + 1
    column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
    bad = text[exc.start:exc.end]
    return f"the fixed text cannot be written as {encoding}: {bad!r} at {line}:{column}"
