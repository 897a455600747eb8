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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            if callable(data):
                data(sink)
            else:
                sink.write(data.encode("utf-8") if isinstance(data, str) else data)
            sink.flush()
            if sync:
                os.fsync(sink.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
