"""A progress bar on stderr for long work: shown on a terminal, silent when piped."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``.

    >>> _clock(75), _clock(3725)
    ('1:15', '1:02:05')
    """
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """``[#####.....] 512/1000 letters  210/s  0:02 left``, redrawn at most ten times a second.

    :param total: how many items the work has
    :param label: what the items are
    :param stream: where to draw (default: stderr)
    :param enabled: draw at all (default: when ``stream`` is a terminal)
    """

    def __init__(self, total: int, label: str = "letters", stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.start = time.monotonic()
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more items done."""
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or self.done >= self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """The bar as text."""
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        rate = self.done / elapsed
        width = 24
        filled = width * self.done // self.total if self.total else width
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.label}"
                f"  {rate:,.0f}/s  {_clock(left)} left ")

    def close(self) -> None:
        """End the bar's line (when drawn)."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
