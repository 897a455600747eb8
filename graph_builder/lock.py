"""One writer at a time in an output folder: an advisory lock on ``DIR/.ipgov.lock``.

Every command that writes into a build folder (``ipgov build``, ``ipgov validate -o`` into
it) holds an exclusive ``fcntl.flock`` on the lock file for the whole write. The kernel
drops the lock when the last descriptor of it closes, so a writer killed by SIGKILL (or out
of memory) never leaves a stale lock; the file itself stays, empty (removing it would let two
writers lock two different files; writing the holder's PID into it would change the folder
a killed build must leave as it was). A second writer gets one line naming the holder's PID
(from ``/proc/locks``) and exit 2, or, with ``--wait``, waits until the lock is free.

Build workers are forked with the descriptor open, so the lock is held until the last of them
has exited. Where ``fcntl`` does not exist (Windows) there is no lock.

Readers take no lock: they check that the stream files are the ones the manifest indexes
(``graph_builder.snapshot``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from graph_builder.corpus import layout
from graph_builder.errors import IpgovError

LOCK = layout.LOCK

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class LockedError(IpgovError):
    """Another process writes the folder."""

    def __init__(self, folder: Path, holder: str) -> None:
        super().__init__(
            f"{folder}: in use by another ipgov ({holder}); wait for it to finish, or pass --wait"
        )


def holder_pid(fd: int) -> int | None:
    """The PID of the process holding a flock on the file of ``fd`` (Linux: ``/proc/locks``)."""
    inode = os.fstat(fd).st_ino
    try:
        lines = Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":
            continue
        if fields[5].rsplit(":", 1)[-1] == str(inode) and fields[4].isdigit():
            return int(fields[4])
    return None


def _holder(fd: int) -> str:
    pid = holder_pid(fd)
    if pid is None:
        return "PID unknown"
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [w.decode("utf-8", "replace") for w in argv if w]
        command = next((w for w in words if w in ("build", "validate")), "")
    except OSError:
        command = ""
    return f"PID {pid}" + (f", {command}" if command else "")


def _try_lock(fd: int, attempts: int = 10) -> bool:
    """Take the lock without blocking; a few tries, as a reader's ``is_locked`` probe holds a
    shared lock for a moment."""
    for attempt in range(attempts):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if attempt + 1 < attempts:
                time.sleep(0.05)
    return False


@contextlib.contextmanager
def output_lock(folder: Path, wait: bool = False) -> Iterator[None]:
    """Hold the folder's write lock for the ``with`` block (creating the folder if needed).

    :param wait: block until the lock is free instead of refusing
    :raises LockedError: when another process holds it and ``wait`` is false
    """
    if fcntl is None:  # pragma: no cover - Windows: no advisory locks; one writer is the user's care
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        if not _try_lock(fd):
            holder = _holder(fd)
            if not wait:
                raise LockedError(folder, holder)
            sys.stderr.write(f"ipgov: {folder}: waiting for another ipgov ({holder})\n")
            sys.stderr.flush()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock (once forked workers have exited too)


def is_locked(folder: Path) -> bool:
    """True when a writer holds the folder's lock now."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
