"""Making a build's generation of the store (in full, or from the previous one letter by
letter) and removing the generations that match the folder no more."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_builder.corpus import manifest as mf
from graph_builder.prefixes import IPGOV_GRAPH
from graph_builder.store.persistent.generations import (
    FORMAT,
    NEW_PREFIX,
    STORE,
    engine,
    generation_for,
    generation_numbers,
    read_stamp,
)

INCREMENTAL_SHARE = 1 / 8  # changed + gone letters up to this share of the letters: per-graph updates
_GRAPH = IPGOV_GRAPH

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: generations are removed without asking readers
    fcntl = None  # type: ignore[assignment]


@dataclass
class StoreReport:
    """What a build did to the store."""

    mode: str  # "full", "incremental", "kept", "restamped", "off"
    generation: str = ""
    seconds: float = 0.0
    letters: int = 0  # letters whose graphs were loaded
    removed: int = 0  # graphs removed (incremental)


class _Ranges(io.RawIOBase):
    """The bytes of some ranges of one file, read one after the other (no copy in memory)."""

    def __init__(self, path: Path, ranges: Iterable[tuple[int, int]]) -> None:
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self.ranges = iter(ranges)
        self.at, self.left = 0, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.left == 0:
            nxt = next(self.ranges, None)
            if nxt is None:
                return 0
            self.at, self.left = nxt
        chunk = os.pread(self.fd, min(len(buffer), self.left, 1 << 20), self.at)
        if not chunk:
            raise OSError(f"{self.fd}: a file ends before the range it should hold")
        buffer[: len(chunk)] = chunk
        self.at += len(chunk)
        self.left -= len(chunk)
        return len(chunk)

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def _close(store: Any) -> None:
    """Close a read-write pyoxigraph store (it closes when the last reference goes)."""
    store.flush()
    del store
    gc.collect()


def _next_number(folder: Path) -> int:
    numbers = [n for n, _ in generation_numbers(folder)]
    with contextlib.suppress(OSError):
        start = len(NEW_PREFIX) + 2
        numbers += [int(p.name[start:]) for p in folder.glob(NEW_PREFIX + "g-*") if p.name[start:].isdigit()]
        numbers += [int(p.name[2:]) for p in folder.glob("g-*") if p.is_dir() and p.name[2:].isdigit()]
    return max(numbers, default=0) + 1


def update_store(
    out: Path,
    dataset: Path,
    fresh: mf.Manifest,
    fresh_digest: str,
    previous: mf.Manifest | None,
    previous_digest: str | None,
    changed: Sequence[str],
    force_full: bool = False,
) -> StoreReport:
    """Make the generation that matches the new manifest, before it is moved in.

    :param dataset: the new ``dataset.nq`` (still in the staging folder), whose ranges ``fresh`` gives
    :param fresh_digest: sha256 of the new manifest's bytes
    :param previous_digest: sha256 of the manifest the folder holds now (None: none)
    :param changed: letters of ``fresh`` whose graph differs from ``previous``'s (built this time)
    :raises OSError: a write refused (with its errno: ENOSPC, EROFS …); the previous generation stays
    """
    started = time.perf_counter()
    folder = out / STORE
    _remove_unfinished(folder)
    base = generation_for(out, previous_digest) if previous is not None else None
    gone = [key for key in previous.letters if key not in fresh.letters] if previous else []
    changed = [key for key in changed if key in fresh.letters]
    folder.mkdir(parents=True, exist_ok=True)
    name = f"g-{_next_number(folder)}"
    work = folder / f"{NEW_PREFIX}{name}"
    share = (len(changed) + len(gone)) / max(1, len(fresh.letters))
    incremental = base is not None and previous is not None and not force_full and share <= INCREMENTAL_SHARE
    try:
        try:
            report = _make(work, name, base if incremental else None, dataset, fresh, previous, changed, gone)
        except OSError as error:
            if not incremental or _with_errno(error, work).errno is not None:
                raise
            shutil.rmtree(work, ignore_errors=True)  # the base would not open or update: the whole dataset
            report = _make(work, name, None, dataset, fresh, previous, changed, gone)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)  # the space back; the previous generation is untouched
        with contextlib.suppress(OSError):
            folder.rmdir()  # when it holds nothing else
        if isinstance(error, OSError) and error.errno is None:
            raise _with_errno(error, work) from None
        raise
    os.replace(work, folder / name)
    stamp = {"format": FORMAT, "engine": engine(), "manifest": fresh_digest, "letters": len(fresh.letters),
             "quads": sum(entry.quads for entry in fresh.letters.values()), "mode": report.mode}
    _write_stamp(folder / f"{name}.json", stamp)
    report.seconds = time.perf_counter() - started
    return report


def _with_errno(error: OSError, work: Path) -> OSError:
    """pyoxigraph's I/O errors carry RocksDB's message, not the errno a refused write is known by."""
    import errno

    text = str(error)
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM):
        if os.strerror(code) in text:
            return OSError(code, os.strerror(code), str(work))
    return error


def _make(
    work: Path, name: str, base: Path | None, dataset: Path, fresh: mf.Manifest, previous: mf.Manifest | None,
    changed: list[str], gone: list[str],
) -> StoreReport:
    """Write generation ``name`` into ``work``: from ``base`` letter by letter when given, else
    from the whole ``dataset``."""
    import pyoxigraph as ox

    if base is not None and previous is not None:
        # no change at all (a manifest with other bytes, the same graphs): a checkpoint under a new stamp
        report = StoreReport("incremental" if changed or gone else "restamped", name, letters=len(changed))
        source = ox.Store.read_only(str(base))
        source.backup(str(work))  # hard links to the base's files: the base is never written
        del source
        store = ox.Store(str(work))
        for key in [*changed, *gone]:
            if key in previous.letters:
                store.remove_graph(ox.NamedNode(_GRAPH + key))
                report.removed += 1
        ranges = sorted((fresh.letters[key].offset, fresh.letters[key].size) for key in changed)
        if ranges:
            with io.BufferedReader(_Ranges(dataset, ranges), 1 << 20) as stream:
                store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
    else:
        report = StoreReport("full", name, letters=len(fresh.letters))
        store = ox.Store(str(work))
        if fresh.letters:
            store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
    _close(store)
    return report


def _write_stamp(path: Path, stamp: dict[str, Any]) -> None:
    from graph_builder.corpus.atomic import atomic_write

    atomic_write(path, json.dumps(stamp, sort_keys=True) + "\n")


def _remove_unfinished(folder: Path) -> None:
    """Generations a stopped build was making, or made and never stamped."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            unstamped = path.name.startswith("g-") and path.is_dir() and not path.with_suffix(".json").is_file()
            if path.name.startswith(NEW_PREFIX) or unstamped:
                shutil.rmtree(path, ignore_errors=True)
            elif path.name.startswith(".g-") and path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)  # a stamp's temporary name


def collect(out: Path, keep_digest: str | None) -> list[str]:
    """Remove the generations that do not match ``keep_digest`` and no reader pins; the names removed.

    Run by a build (under the folder's lock) once its manifest is in place.
    """
    folder = out / STORE
    removed = []
    for _, stamp_path in generation_numbers(folder):
        stamp = read_stamp(stamp_path)
        if stamp is not None and stamp["manifest"] == keep_digest:
            continue
        if _remove_generation(stamp_path):
            removed.append(stamp_path.stem)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return removed


def _remove_generation(stamp_path: Path) -> bool:
    """Remove a generation unless a reader holds it (then a later build removes it)."""
    if fcntl is not None:
        try:
            fd = os.open(stamp_path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return False
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            stamp_path.unlink()  # first: a reader that opens it from now on finds no generation
        finally:
            os.close(fd)
    else:  # pragma: no cover - Windows
        stamp_path.unlink(missing_ok=True)
    shutil.rmtree(stamp_path.with_suffix(""), ignore_errors=True)
    return True


def remove_all(out: Path) -> None:
    """Remove every generation no reader pins (a build with ``--no-store``)."""
    collect(out, None)
    _remove_unfinished(out / STORE)
    with contextlib.suppress(OSError):
        (out / STORE).rmdir()
