"""Write a file so that readers see its old content or its new, never half of it.

The one way a build folder's files are replaced: written under a temporary name beside the
target, then renamed over it (the rename is atomic). ``sync`` also flushes the bytes to disk
before the rename, so the file survives a power cut too; a build's large outputs skip it
(the next build assembles them again anyway: syncing a gigabyte of N-Quads cost a third of a
second per thousand letters), its manifest does not.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def atomic_write(path: Path, data: str | bytes | Callable[[IO[bytes]], None], sync: bool = True) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8), or with what ``data(sink)``
    writes, all at once; the folder is made if missing.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.txt", "一")
    >>> atomic_write(folder / "a.txt", lambda sink: sink.write(b"two"), sync=False)
    >>> (folder / "a.txt").read_text(), [p.name for p in folder.iterdir()]
    ('two', ['a.txt'])
    """
    write = data if callable(data) else _bytes_writer(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    left: Path | None = None  # the temporary file, until it is renamed into place
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False) as sink:
            left = Path(sink.name)
            write(sink)
            if sync:
                sink.flush()
                os.fsync(sink.fileno())
        os.chmod(left, _file_mode())
        os.replace(left, path)
        left = None
    finally:
        if left is not None:  # an error, or Ctrl-C: no temporary file left behind
            left.unlink(missing_ok=True)


def _bytes_writer(data: str | bytes) -> Callable[[IO[bytes]], None]:
    raw = data.encode("utf-8") if isinstance(data, str) else data

    def write(sink: IO[bytes]) -> None:
        sink.write(raw)

    return write


def _file_mode() -> int:
    """The mode a new file gets under the process's umask (a temporary file is made 0600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
