"""Read a build folder as one state: the old build or the new one, never a mix.

A build moves its new stream files in (``dataset.nq`` first) and its manifest last, so for a
moment a folder holds new files beside the old manifest, and a reader that starts before a
build's commit may finish after it. A reader therefore checks, before answering, that the
files it reads are the ones the manifest indexes (their sizes), and afterwards that neither the
manifest nor those files changed while it read (same bytes of manifest, same inode, size and
modification time of each file). A mismatch while a writer holds the folder's lock
(``graph_builder.lock``) is a commit in progress: the reader waits for it and reads again. A
mismatch with no writer is a folder changed by hand or a build killed mid-commit: one line,
exit 2, and the next ``ipgov build`` repairs it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from graph_builder.corpus import manifest as mf
from graph_builder.errors import InputError
from graph_builder.lock import is_locked

T = TypeVar("T")
WAIT = 60.0  # seconds a reader waits for a writer's commit
_STEP = 0.1


def _state(folder: Path, streams: Iterable[str]) -> tuple[bytes, list[tuple[int, int, int]]] | str:
    """(manifest bytes, identity of each stream file), or the name of the file that does not match."""
    try:
        text = (folder / mf.MANIFEST).read_bytes()
    except OSError:
        return mf.MANIFEST
    manifest = mf.load_shared(folder)  # read-only here
    if manifest is None:
        return mf.MANIFEST
    identities = []
    for stream in streams:
        name = mf.STREAMS[stream]
        try:
            info = os.stat(folder / name)
        except OSError:
            return name
        if info.st_size != manifest.sizes.get(stream):
            return name
        identities.append((info.st_ino, info.st_size, info.st_mtime_ns))
    return text, identities


def is_build(folder: Path) -> bool:
    """True for a build output folder (it has a manifest)."""
    return (folder / mf.MANIFEST).is_file()


def read_consistently(
    folders: Iterable[Path], streams: Iterable[str], read: Callable[[], T], wait: float = WAIT
) -> T:
    """``read()``, done while the build folders among ``folders`` hold one complete state each.

    :param streams: the stream files ``read`` reads (``manifest.STREAMS`` keys)
    :raises InputError: a folder whose files do not match its manifest and no writer is
        committing, or one that kept changing for ``wait`` seconds
    """
    builds = [folder for folder in folders if folder.is_dir() and is_build(folder)]
    wanted = tuple(streams)
    if not builds:
        return read()
    deadline = time.monotonic() + wait
    while True:
        before = [_state(folder, wanted) for folder in builds]
        bad = next(((f, s) for f, s in zip(builds, before, strict=True) if isinstance(s, str)), None)
        if bad is not None:
            folder, name = bad
            if is_locked(folder) and time.monotonic() < deadline:
                time.sleep(_STEP)  # a build is moving its files in
                continue
            problem = "does not match manifest.json (changed after the build, or a build was stopped mid-way)"
            raise InputError(folder / str(name), f"{problem}; run: ipgov build -o {folder}")
        result = read()
        if [_state(folder, wanted) for folder in builds] == before:
            return result
        if time.monotonic() >= deadline:
            raise InputError(builds[0], f"kept changing while being read for {wait:.0f} s (a build is writing it)")
