"""A one-line progress bar on stderr for the batch cleaner: documents/s and MB/s.

No dependency: a carriage-return line redrawn at most a few times a second,
shown only when stderr is a terminal (``--progress``/``--no-progress``
override).  MB/s counts the UTF-8 text of the documents cleaned.
"""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


def _rate(n: float, seconds: float) -> float:
    return n / seconds if seconds > 0 else 0.0


class ProgressBar:
    """Counts documents, text bytes and rejects; draws itself when enabled."""

    def __init__(self, enabled: Optional[bool] = None, stream: TextIO = None, interval: float = 0.25):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.interval = interval
        self.start = time.perf_counter()
        self._last_draw = 0.0
        self._width = 0
        self.docs = 0
        self.text_bytes = 0
        self.rejected = 0

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def add(self, docs: int, text_bytes: int, input_done: int = 0, input_total: int = 0) -> None:
        self.docs += docs
        self.text_bytes += text_bytes
        if self.enabled:
            now = time.perf_counter()
            if now - self._last_draw >= self.interval:
                self._last_draw = now
                self.draw(input_done, input_total)

    def line(self, input_done: int = 0, input_total: int = 0) -> str:
        seconds = self.elapsed
        parts = []
        if input_total:
            share = min(input_done / input_total, 1.0)
            filled = int(share * 20)
            parts.append(f"[{'#' * filled}{'.' * (20 - filled)}] {share:6.1%}")
        parts.append(f"{self.docs:,} docs")
        parts.append(f"{_rate(self.docs, seconds):,.0f} docs/s")
        parts.append(f"{_rate(self.text_bytes / 1e6, seconds):.2f} MB/s")
        if self.rejected:
            parts.append(f"{self.rejected:,} rejected")
        return "  ".join(parts)

    def draw(self, input_done: int = 0, input_total: int = 0) -> None:
        text = self.line(input_done, input_total)
        pad = max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def clear(self) -> None:
        """Erase the bar (before another message is printed on stderr)."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def close(self) -> None:
        self.clear()
