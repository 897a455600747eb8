"""The generations of a build folder's store and their readers: which generation matches the
folder's manifest, pinned by a shared ``flock`` on its stamp while it is read."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from graph_builder.corpus import layout

STORE = layout.STORE
FORMAT = 1
NEW_PREFIX = ".new-"  # a generation being made: store/.new-g-<N>/

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: generations are removed without asking readers
    fcntl = None  # type: ignore[assignment]

_PINS: list[int] = []  # descriptors of the stamps this process reads under (kept until exit)



def manifest_digest(out: Path) -> str | None:
    """sha256 of ``out/manifest.json``'s bytes, or None when it has none."""
    try:
        return hashlib.sha256((out / layout.MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def text_digest(text: str) -> str:
    """sha256 of a manifest's JSON text as ``manifest.save`` writes it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def engine() -> str:
    """The library that writes and reads the store, with its version (a stamp names it: a
    generation made by another version is neither read nor updated, but made again)."""
    import pyoxigraph as ox

    return f"pyoxigraph {getattr(ox, '__version__', '?')}"


def read_stamp(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("manifest"), str):
        return None
    return data if data.get("engine") == engine() else None


def generation_numbers(folder: Path) -> list[tuple[int, Path]]:
    """(N, stamp path) of every stamped generation in ``folder``, newest first."""
    found = []
    with contextlib.suppress(OSError):
        for path in folder.glob("g-*.json"):
            number = path.name[2:-5]
            if number.isdigit() and (folder / path.name[:-5]).is_dir():
                found.append((int(number), path))
    return sorted(found, reverse=True)


def generation_for(out: Path, digest: str | None) -> Path | None:
    """The generation folder of ``out/store`` whose stamp names ``digest``, or None."""
    if digest is None:
        return None
    for _, stamp_path in generation_numbers(out / STORE):
        stamp = read_stamp(stamp_path)
        if stamp is not None and stamp["manifest"] == digest:
            return stamp_path.with_suffix("")
    return None


def current_generation(out: Path) -> Path | None:
    """The generation that matches ``out``'s manifest now, or None."""
    return generation_for(out, manifest_digest(out))


# --- readers --------------------------------------------------------------------------------


def _pin(stamp_path: Path) -> bool:
    """Hold a shared lock on a generation's stamp until this process exits; False when the
    generation was removed meanwhile."""
    if fcntl is None:  # pragma: no cover - Windows
        return stamp_path.is_file()
    try:
        fd = os.open(stamp_path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if os.fstat(fd).st_ino != os.stat(stamp_path).st_ino:
            raise OSError("stamp replaced")
    except OSError:
        os.close(fd)
        return False
    _PINS.append(fd)
    return True


def pinned_generation(out: Path) -> Path | None:
    """The generation folder that matches ``out``'s manifest, pinned for the life of this process
    (or until ``release_pins``), or None when there is none."""
    for _ in range(3):
        generation = current_generation(out)
        if generation is None:
            return None
        if _pin(generation.with_suffix(".json")):
            return generation
    return None  # removed between the look and the pin, three times: read dataset.nq


def open_store(out: Path) -> Any | None:
    """The read-only pyoxigraph store of a build folder when one matches its manifest, else None.

    The generation is pinned for the life of this process, so a build committing meanwhile
    does not remove it under the reader. Call it where the folder is read consistently
    (``snapshot.read_consistently``): the manifest read here is the one checked there.
    """
    import pyoxigraph as ox

    generation = pinned_generation(out)
    if generation is None:
        return None
    try:
        return ox.Store.read_only(str(generation))
    except OSError:
        return None  # not a store this pyoxigraph opens (another version's): read dataset.nq


def release_pins() -> None:
    """Let builds remove the generations this process opened (for a long-lived process that
    no longer uses the stores ``open_store`` gave it)."""
    while _PINS:
        os.close(_PINS.pop())
