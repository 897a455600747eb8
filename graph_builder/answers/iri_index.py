"""The rows kept by IRI (``by_iri``) over a build: one file per query, ``<name>.by-iri``, read
one IRI at a time.

The file: the build's stamp; the byte offset of its directory (a JSON number padded to a fixed
width); a line per IRI, all its rows in dataset order, or (when ``order`` could order them) the
answer's rows in the answer's order; last, the directory (IRI → [offset, length, ordered]).
While the letters are merged, each letter's rows go to one of ``BUCKETS`` spool files by a hash
of their IRI, so that an IRI's rows are gathered a bucket at a time (memory: a bucket's rows).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import orjson

from graph_builder.answers.terms import Row
from graph_builder.corpus.atomic import atomic_write

BUCKETS = 64
WIDTH = 20  # digits of the directory's offset
Order = Callable[[str, list[Row]], list[Row] | None]  # (query, one IRI's rows) → its answer's rows, or None


def index_path(folder: Path, name: str) -> Path:
    return folder / f"{name}.by-iri"


class IriSpool:
    """Rows of the queries answered by IRI, a letter at a time, in dataset order, spooled in ``folder``."""

    def __init__(self, folder: Path, names: list[str]) -> None:
        self.folder = folder
        self.streams: dict[str, list[IO[bytes]]] = {
            name: [(folder / f"{name}.{bucket}").open("wb") for bucket in range(BUCKETS)] for name in names}

    def add(self, name: str, rows: list[Row]) -> None:
        """One letter's rows of query ``name``: a spool line per IRI, ``IRI\\t`` then its rows as JSON."""
        by_iri: dict[str | None, list[Row]] = {}
        for row in rows:
            by_iri.setdefault(row[0], []).append(row)
        for iri, these in by_iri.items():
            assert iri is not None  # the parameter's variable is bound in every row
            key = iri.encode()
            self.streams[name][zlib.crc32(key) % BUCKETS].write(key + b"\t" + orjson.dumps(these) + b"\n")

    def close(self) -> None:
        for streams in self.streams.values():
            for stream in streams:
                stream.close()

    def write(self, out: Path, stamp: str, order: Order) -> None:
        """Write each query's file into ``out`` (the spool closed first), each IRI's rows ordered by
        ``order`` where it can."""
        self.close()
        for name in self.streams:
            atomic_write(index_path(out, name), functools.partial(_write_index, folder=self.folder, name=name,
                                                                  stamp=stamp, order=order), sync=False)


def _gathered(folder: Path, name: str) -> Iterator[tuple[str, bytes]]:
    """Each IRI with its rows as one JSON list (its letters' lists joined), a bucket at a time."""
    for bucket in range(BUCKETS):
        parts: dict[str, list[bytes]] = {}
        with (folder / f"{name}.{bucket}").open("rb") as stream:
            for line in stream:
                key, _, rows = line.rstrip(b"\n").partition(b"\t")
                parts.setdefault(key.decode(), []).append(rows[1:-1])  # the rows without the list's brackets
        for iri, lists in parts.items():
            yield iri, b"[" + b",".join(lists) + b"]"


def _write_index(sink: IO[bytes], folder: Path, name: str, stamp: str, order: Order) -> None:
    head = orjson.dumps(stamp) + b"\n"
    at = len(head) + WIDTH + 1
    sink.write(head + b" " * (WIDTH + 1))  # the directory's offset, written last
    directory: dict[str, tuple[int, int, bool]] = {}
    for iri, line in _gathered(folder, name):
        answer = order(name, [tuple(row) for row in orjson.loads(line)])
        if answer is not None:
            line = orjson.dumps(answer)
        directory[iri] = (at, len(line), answer is not None)
        sink.write(line + b"\n")
        at += len(line) + 1
    sink.write(orjson.dumps(directory) + b"\n")
    sink.seek(len(head))
    sink.write(str(at).rjust(WIDTH).encode() + b"\n")


def iri_rows(out: Path, name: str, stamp: str, iri: str) -> tuple[list[list[str | None]], bool] | None:
    """The rows of ``iri`` (encoded) kept for query ``name`` over the build ``stamp`` names (none: an
    empty list), and whether they are its answer's, in order; None when the file is missing or of
    another build."""
    try:
        with index_path(out, name).open("rb") as stream:
            if orjson.loads(stream.readline()) != stamp:
                return None
            stream.seek(int(stream.readline()))
            where = orjson.loads(stream.readline()).get(iri)
            if where is None:
                return [], True
            stream.seek(where[0])
            rows: list[list[str | None]] = orjson.loads(stream.read(where[1]))  # lists: made tuples where needed
            return rows, bool(where[2])
    except (OSError, ValueError):
        return None
