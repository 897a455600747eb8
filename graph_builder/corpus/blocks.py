"""Where each letter's outputs lie in a build's stream files: the one copy of its N-Quads,
facts and entities.

A build writes every letter graph once, into ``dataset.nq``, in key order, its facts and
entities as a line each of ``facts.jsonl`` and ``entities.jsonl``, and records each
letter's byte ranges in ``manifest.json``. What works letter by letter (validation, push,
the Turtle union, an incremental rebuild) reads a letter's range instead of a file of its
own: at 10,000 letters a second copy of the graphs was another 10 GB to write, and a small
file per letter cost more to create than its contents cost to compute (docs/corpus.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph_builder.corpus import manifest as mf
from graph_builder.corpus.layout import DATASET, STREAMS
from graph_builder.errors import InputError
from graph_builder.prefixes import IPGOV_GRAPH


@dataclass(frozen=True)
class Block:
    """One letter's graph: ``size`` bytes of N-Quads at ``offset`` in ``path``."""

    key: str
    path: Path
    offset: int
    size: int
    stamp: str = ""  # what the bytes are made from (source digest, tool, gazetteer), for caches

    @property
    def graph(self) -> str:
        """The letter's graph IRI."""
        return IPGOV_GRAPH + self.key

    @property
    def where(self) -> str:
        """How an error names the block: the dataset file and the letter."""
        return f"{self.path} (letter {self.key})"

    def read(self) -> bytes:
        """The block's bytes."""
        with self.path.open("rb") as stream:
            return os.pread(stream.fileno(), self.size, self.offset)


def stream_matches(out: Path, manifest: mf.Manifest, stream: str = "nq") -> bool:
    """The file of ``stream`` (``layout.STREAMS``) is the one the manifest's ranges index
    (its size is the recorded one)."""
    try:
        return (out / STREAMS[stream]).stat().st_size == manifest.sizes.get(stream)
    except OSError:
        return False


def files_match(out: Path, manifest: mf.Manifest) -> bool:
    """Every stream file (``dataset.nq``, ``facts.jsonl``, ``entities.jsonl``) matches the manifest."""
    return all(stream_matches(out, manifest, stream) for stream in STREAMS)


def record_blocks(key: str, entry: mf.Entry, folder: Path) -> tuple[Block, ...]:
    """Where a letter's bytes of each stream lie in the stream files of ``folder``, in
    ``layout.STREAMS`` order."""
    return tuple(Block(key, folder / name, *entry.at(stream)) for stream, name in STREAMS.items())


def letter_blocks(out: Path) -> list[Block]:
    """The letter graphs of a build output folder, in dataset order.

    :raises InputError: when ``out`` holds no build, or its dataset.nq no longer matches its manifest
    """
    manifest = mf.load_shared(out)  # read-only here
    if manifest is None or not (out / DATASET).is_file():
        if not out.is_dir():
            raise InputError(out, f"no such folder; build one with: ipgov build -o {out}")
        raise InputError(out, f"not a build output folder (no manifest.json and dataset.nq); run: ipgov build -o {out}")
    if not stream_matches(out, manifest):
        problem = f"does not match manifest.json (changed after the build); run: ipgov build -o {out}"
        raise InputError(out / DATASET, problem)
    return sorted(blocks_of(manifest, out / DATASET), key=lambda block: block.offset)


def blocks_of(manifest: mf.Manifest, dataset: Path) -> list[Block]:
    """The letter graphs the manifest's ranges give in ``dataset``, in the manifest's order."""
    stamp = f"{manifest.tool}:{manifest.gazetteer}"
    return [
        Block(key, dataset, entry.offset, entry.size, f"{entry.sha256}:{entry.size}:{stamp}")
        for key, entry in manifest.letters.items()
    ]


def letter_graph(out: Path, key: str) -> bytes | None:
    """One letter's N-Quads from a build output folder, or None when the build has no such letter.

    :raises InputError: as ``letter_blocks``
    """
    found = [block for block in letter_blocks(out) if block.key == key]
    return found[0].read() if found else None


def letter_facts(out: Path, key: str) -> dict[str, Any] | None:
    """One letter's facts (eval/FORMAT.md) from a build's ``facts.jsonl``, or None when the
    build has no such letter.

    :raises InputError: when ``out`` holds no build, or its facts.jsonl no longer matches its manifest
    """
    manifest = mf.load(out)
    path = out / STREAMS["facts"]
    if manifest is None or not stream_matches(out, manifest, "facts"):
        raise InputError(path, f"missing or not the file manifest.json indexes; run: ipgov build -o {out}")
    entry = manifest.letters.get(key)
    if entry is None:
        return None
    return json.loads(Block(key, path, *entry.facts).read())


def copy_range(source: IO[bytes], offset: int, size: int, sink: IO[bytes]) -> None:
    """Append ``size`` bytes of ``source`` from ``offset`` to ``sink`` (``copy_range_at`` at its end)."""
    sink.flush()
    at = sink.seek(0, os.SEEK_END)
    copy_range_at(source.fileno(), offset, size, sink.fileno(), at)
    sink.seek(at + size)


def write_at(fd: int, data: bytes, at: int) -> None:
    """Write all of ``data`` into ``fd`` at offset ``at``."""
    view, done = memoryview(data), 0
    while done < len(data):
        done += _pwrite(fd, view[done:], at + done)


def _pwrite(fd: int, data: memoryview, at: int) -> int:
    if hasattr(os, "pwrite"):
        return os.pwrite(fd, data, at)
    os.lseek(fd, at, os.SEEK_SET)  # no pwrite (Windows): this process alone writes through fd
    return os.write(fd, data)


def copy_range_at(source: int, offset: int, size: int, sink: int, at: int) -> None:
    """Copy ``size`` bytes of ``source`` from ``offset`` into ``sink`` at ``at``, in the
    kernel where it can."""
    done = 0
    copy = getattr(os, "copy_file_range", None)
    if copy is not None:
        try:
            while done < size:
                step = copy(source, sink, size - done, offset + done, at + done)
                if step == 0:
                    break
                done += step
        except OSError:
            if done:
                raise  # part of the range is in the sink: falling back would write it again
    while done < size:  # no copy_file_range here (or across these file systems)
        chunk = os.pread(source, min(size - done, 1 << 20), offset + done)
        if not chunk:
            raise OSError(f"a file ends before the range it should hold ({offset + done} of {offset + size})")
        write_at(sink, chunk, at + done)
        done += len(chunk)
