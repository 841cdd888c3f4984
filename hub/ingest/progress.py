"""A one-line progress bar for long imports: share of the file read, rows per second, time left."""

from __future__ import annotations

import sys
import time
from typing import IO


class Progress:
    """Redrawn at most every half second, on a terminal only unless asked (`force`)."""

    def __init__(self, label: str, total_bytes: int, stream: IO[str] | None = None,
                 force: bool = False) -> None:
        self.label = label
        self.total = max(total_bytes, 1)
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self.started = time.monotonic()
        self._drawn = 0.0
        self.rows = 0
        self.done_bytes = 0

    def update(self, rows: int, done_bytes: int) -> None:
        self.rows, self.done_bytes = rows, done_bytes
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.5:
            self._drawn = now
            self.stream.write("\r" + self.text(now))
            self.stream.flush()

    def text(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-6)
        share = min(self.done_bytes / self.total, 1.0)
        rate = self.rows / elapsed
        left = elapsed * (1 - share) / share if share > 0 else 0.0
        bar = "#" * int(share * 30)
        return (f"{self.label} [{bar:<30}] {share:4.0%} {self.rows:,} rows "
                f"{rate:,.0f} rows/s {int(left) // 60}:{int(left) % 60:02d} left ")

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
