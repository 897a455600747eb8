"""Worker processes that outlive their parent say nothing.

When a build process is killed (SIGKILL, out of memory), its pool workers find the pipe back to
it broken; Python's multiprocessing then prints "Process ForkPoolWorker-N:" and two tracebacks
of ``BrokenPipeError`` on the terminal the build was started from, long after the build
stopped. A worker's stderr is therefore wrapped so that it writes nothing once the process
that started it has gone (its parent PID changed).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import TextIO


class QuietWhenOrphaned(io.TextIOBase):
    """A text stream that forwards to ``stream`` while the parent ``parent`` lives."""

    def __init__(self, stream: TextIO, parent: int) -> None:
        super().__init__()
        self._stream = stream
        self._parent = parent

    def _orphaned(self) -> bool:
        return os.getppid() != self._parent

    def write(self, text: str) -> int:
        """Write ``text`` unless the parent is gone (then pretend it was written)."""
        if self._orphaned():
            return len(text)
        try:
            return self._stream.write(text)
        except (BrokenPipeError, ValueError):
            return len(text)

    def flush(self) -> None:
        """Flush unless the parent is gone."""
        if not self._orphaned():
            with contextlib.suppress(BrokenPipeError, ValueError):
                self._stream.flush()

    def fileno(self) -> int:
        """The wrapped stream's descriptor."""
        return self._stream.fileno()

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal."""
        return self._stream.isatty()


def quiet_when_orphaned() -> None:
    """Wrap this process's stderr (call it first thing in a worker)."""
    if not isinstance(sys.stderr, QuietWhenOrphaned) and sys.stderr is not None:
        sys.stderr = QuietWhenOrphaned(sys.stderr, os.getppid())
