"""A progress bar on standard error, for runs over many files on a terminal.

Redrawn at most ten times a second and erased when done, so it never mixes
with the report; silent when standard error is not a terminal.
"""

from __future__ import annotations

import time
from typing import Optional, TextIO

__all__ = ["Progress"]

#: A run is "many files" from this count on.
MANY = 10


class Progress:
    def __init__(self, total: int, stream: Optional[TextIO], enabled: bool, width: int = 28):
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream is not None and total > 0
        self.width = width
        self.done = 0
        self.nbytes = 0
        self.start = time.perf_counter()
        self._last = 0.0
        self.draws = 0

    @staticmethod
    def wanted(total: int, stream: Optional[TextIO], setting: str = "auto") -> bool:
        if setting == "never" or stream is None:
            return False
        if setting == "always":
            return True
        try:
            return total >= MANY and stream.isatty()
        except (AttributeError, ValueError):
            return False

    def advance(self, nbytes: int = 0) -> None:
        self.done += 1
        self.nbytes += nbytes
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        frac = self.done / self.total
        filled = int(frac * self.width)
        bar = "█" * filled + "░" * (self.width - filled)
        elapsed = max(now - self.start, 1e-9)
        rate = self.nbytes / 1e6 / elapsed
        line = (
            f"\r\x1b[2Kgaptext-check {bar} {self.done}/{self.total} files"
            f"  {self.nbytes / 1e6:.1f} MB  {rate:.1f} MB/s"
        )
        self.stream.write(line)
        self.stream.flush()
        self.draws += 1

    def clear(self) -> None:
        """Erase the bar (before other output); the next step draws it again."""
        if self.enabled and self.draws:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._last = 0.0

    def close(self) -> None:
        if self.enabled and self.draws:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
