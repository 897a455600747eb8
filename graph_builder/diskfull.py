"""A write that the system refuses (disk full, quota, read-only or forbidden folder) as one line.

Such a failure is the machine's, not the data's or the command line's, but it leaves the
command's work undone, so it exits 1 like a failed letter; the previous outputs are intact
(every output is written to a temporary name and renamed), and the half-written staging
folder is removed to give the space back.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterable
from pathlib import Path

from graph_builder.errors import EXIT_DATA, IpgovError

NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})
NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# N-Quads, facts and entities of a letter, by the letter's bytes (README: 1.05 MB from 15.6 kB)
OUTPUT_PER_INPUT_BYTE = 70


class WriteRefusedError(IpgovError):
    """The system refused a write into an output folder."""

    exit_code = EXIT_DATA


def is_refused_write(error: BaseException) -> bool:
    """True for an OSError that says the disk is full or the folder is not writable."""
    return isinstance(error, OSError) and error.errno in NO_SPACE | NOT_WRITABLE


def refused(error: OSError, folder: Path, inputs: Iterable[Path] = ()) -> WriteRefusedError:
    """The one-line error for a refused write into ``folder`` (``inputs``: the letters, to estimate
    the space a build needs)."""
    if error.errno in NO_SPACE:
        need = _needed(folder, inputs)
        free = _free(folder)
        room = f" ({free / 1e6:.1f} MB free)" if free is not None else ""
        return WriteRefusedError(
            f"{folder}: no space left on the device{room}; a build needs about {need / 1e6:.1f} MB there; "
            "the previous outputs are kept: free some space and build again"
        )
    reason = error.strerror or "permission denied"
    return WriteRefusedError(
        f"{folder}: not writable ({reason.lower()}); make it writable or choose another output folder"
    )


def _needed(folder: Path, inputs: Iterable[Path]) -> int:
    total = 0
    for path in inputs:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return max(total * OUTPUT_PER_INPUT_BYTE, 1_000_000)


def _free(folder: Path) -> int | None:
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None
