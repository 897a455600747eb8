"""The merged outputs, assembled from the letter graphs by streaming: ``dataset.trig`` (the
letters' TriG blocks concatenated under one prefix header) and ``merged.ttl`` (the union of
the letter graphs as one sorted Turtle graph, by an external merge sort: each letter's graph
sorted as it is read, then merged ``MERGE_FAN_IN`` runs at a time through run files).

They are written only when asked for (``--formats``): at corpus scale they cost more than
building the letters (docs/corpus.md).
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from graph_builder.corpus import layout
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.atomic import atomic_write
from graph_builder.corpus.blocks import Block, blocks_of, copy_range
from graph_builder.namespaces import IPGOV_GRAPH

FORMATS = ("nq", "trig", "ttl")  # merged outputs; "nq" is always written
MERGE_FAN_IN = 32  # files merged at once by the external sort: each is held sorted in memory

_GRAPH_TERM = f" <{IPGOV_GRAPH}"


def _triples(block: Block) -> Iterator[str]:
    """The lines of one letter's graph as ``"s p o"`` texts without the graph, sorted.

    A letter's graph is small (a few MB), so it is sorted in memory; the merge across
    letters is what must stream.
    """
    text = block.read().decode("utf-8")
    texts = [line[: line.rindex(_GRAPH_TERM)] for line in text.splitlines()]
    texts.sort()
    yield from texts


def _unique(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def _merge_runs(runs: list[Iterator[str]], scratch: Path) -> Iterator[str]:
    """Merge sorted streams of ``"s p o"`` texts, at most ``MERGE_FAN_IN`` open at once, de-duplicated.

    Texts compare as the N-Triples lines they come from (see ``emit.statements_of``).
    """
    level = 0
    while len(runs) > MERGE_FAN_IN:
        merged: list[Iterator[str]] = []
        for index in range(0, len(runs), MERGE_FAN_IN):
            run_path = scratch / f"run-{level}-{index}.txt"
            with run_path.open("w", encoding="utf-8", newline="\n") as sink:
                sink.writelines(text + "\n" for text in _unique(heapq.merge(*runs[index : index + MERGE_FAN_IN])))
            merged.append(_lines_then_delete(run_path))
        runs = merged
        level += 1
    return _unique(heapq.merge(*runs))


def _lines_then_delete(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="\n") as stream:
        for line in stream:
            yield line[:-1]
    path.unlink(missing_ok=True)


def _subject_chunks(texts: Iterator[str], size: int = 20000) -> Iterator[list[str]]:
    """Runs of about ``size`` sorted triple texts, cut only where the subject changes."""
    chunk: list[str] = []
    subject = ""
    for text in texts:
        if len(chunk) >= size:
            current = text[: text.index(" ")]
            if current != subject:
                yield chunk
                chunk = []
            subject = current
        elif len(chunk) >= size - 1:
            subject = text[: text.index(" ")]
        chunk.append(text)
    if chunk:
        yield chunk


def _format_chunk(chunk: list[str]) -> bytes:
    """Turtle statements of one run of whole subjects (runs concatenate to the whole file)."""
    from graph_builder.rdf.turtle import split_triple, turtle_statements

    return "".join(turtle_statements(split_triple(text) for text in chunk)).encode("utf-8")


def _format_chunks(chunks: Iterator[list[str]], jobs: int) -> Iterator[bytes]:
    """Format runs in worker processes (in order) while this process goes on merging."""
    if jobs <= 1:
        yield from map(_format_chunk, chunks)
        return
    from graph_builder.corpus.workers import context  # how the build's worker processes start

    with context().Pool(jobs) as pool:
        yield from pool.imap(_format_chunk, chunks)


def write_merged(out: Path, manifest: mf.Manifest, jobs: int = 1, formats: Iterable[str] = FORMATS) -> None:
    """Assemble, as asked, dataset.trig and merged.ttl from the letter graphs, streaming.

    A merged file of a format not asked for is removed: it would describe an older build.

    :param manifest: the build's manifest: which letters, at which ranges of dataset.nq
    :param jobs: processes that format Turtle while this one merges the letter graphs
    :param formats: which of ``FORMATS`` to write besides N-Quads (dataset.nq is the build's own)
    """
    from graph_builder.rdf.turtle import prefix_header

    keys = sorted(manifest.letters)
    header = prefix_header().encode("utf-8")

    def trig(sink: IO[bytes]) -> None:
        if keys:
            sink.write(header)
        for key in keys:
            with (out / layout.TRIG_CACHE / f"{key}.trig").open("rb") as source:
                copy_range(source, 0, os.fstat(source.fileno()).st_size, sink)

    wanted = set(formats)
    for name in ("trig", "ttl"):
        if name not in wanted:
            (out / layout.MERGED_FILES[name]).unlink(missing_ok=True)
    if "trig" in wanted:
        atomic_write(out / layout.MERGED_FILES["trig"], trig, sync=False)

    def turtle(sink: IO[bytes]) -> None:
        blocks = sorted(blocks_of(manifest, out / layout.DATASET), key=lambda block: block.key)
        with tempfile.TemporaryDirectory(dir=out, prefix=layout.MERGE_PREFIX) as scratch:
            merged = _merge_runs([_triples(block) for block in blocks], Path(scratch))
            chunks = _subject_chunks(merged)
            wrote_header = False
            for text in _format_chunks(chunks, jobs):
                if not wrote_header:
                    sink.write(header)
                    wrote_header = True
                sink.write(text)

    if "ttl" in wanted:
        atomic_write(out / layout.MERGED_FILES["ttl"], turtle, sync=False)
