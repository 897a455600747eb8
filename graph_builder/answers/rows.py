"""The rows of the served queries: per letter (computed in worker processes, kept by the letter's
stamp) and per build (merged a letter at a time, kept under a digest of every letter's stamp)."""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import IO, Any

import orjson
import pyoxigraph as ox

from graph_builder.answers.by_iri import final_order, letter_iri_rows, letter_texts
from graph_builder.answers.index import search_index
from graph_builder.answers.iri_index import IriSpool, index_path, iri_rows
from graph_builder.answers.sparql_text import row_query
from graph_builder.answers.specs import CLASSES, DISTINCT, SPECS, canned
from graph_builder.answers.terms import Row, encode
from graph_builder.corpus import layout
from graph_builder.corpus.atomic import atomic_write
from graph_builder.corpus.blocks import Block, letter_blocks

ANSWERS_CACHE = layout.ANSWERS_CACHE  # <key>.json per letter; <name>.rows.json, <name>.final.json
ROWS_VERSION = 2  # the form of the rows kept (``encode``, the files): change it when they change
ANNOUNCE_AT = 100  # letters whose rows are to be computed from which a call says so on stderr


@cache
def row_queries() -> dict[str, str]:
    from graph_builder.queries import find_query

    texts = {}
    for name, spec in SPECS.items():
        query = find_query(name)
        if canned(query) is spec:
            texts[name] = row_query(query.text, spec.select or spec.variables)
            if name == "search-label":
                texts[CLASSES] = row_query(query.text, ("thing", "class"), which=1)
    return texts | letter_texts()  # and the queries answered by IRI (by_iri)


@cache
def cache_digest() -> str:
    """What a letter's rows depend on besides the letter: the row queries (the served queries' groups),
    the rows' form (``ROWS_VERSION``) and pyoxigraph's version. Not the rest of this module: an edit
    to the code that merges, filters or orders rows makes only the answers (``answer_stamp``) stale."""
    digest = hashlib.sha256(f"{ROWS_VERSION}\0{ox.__version__}\0".encode())
    for name, text in sorted(row_queries().items()):
        digest.update(f"{name}\0{text}\0".encode())
    return digest.hexdigest()[:16]


def letter_rows(nquads: bytes) -> dict[str, list[Row]]:
    """Each served query's rows on one letter's graph (N-Quads)."""
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)  # the build wrote it: a third faster
    by_iri = letter_texts()
    rows = letter_iri_rows(store, by_iri)
    for name, text in row_queries().items():
        if name in by_iri:
            continue
        solutions = store.query(text)
        assert isinstance(solutions, ox.QuerySolutions)
        rows[name] = [tuple(encode(term) for term in solution) for solution in solutions]
    return rows


def _letter_entry(block: Block) -> tuple[str, dict[str, list[Row]]]:
    return f"{block.stamp}:{cache_digest()}", letter_rows(block.read())


def _letter_file(out: Path, block: Block) -> Path:
    return out / ANSWERS_CACHE / f"{block.key}.json"


def _fresh(out: Path, block: Block) -> bool:
    """The letter's kept rows are of its current graph (its file's first line is its stamp)."""
    try:
        with _letter_file(out, block).open("rb") as stream:
            return bool(orjson.loads(stream.readline()) == f"{block.stamp}:{cache_digest()}")
    except (OSError, ValueError):
        return False


def _load_letter(out: Path, block: Block) -> dict[str, list[Row]] | None:
    try:
        stamp, rows = _letter_file(out, block).read_bytes().split(b"\n", 1)
        if orjson.loads(stamp) == f"{block.stamp}:{cache_digest()}":
            return orjson.loads(rows)  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass
    return None


def write_lines(path: Path, lines: Iterable[bytes]) -> bool:
    """Write ``lines`` to ``path`` atomically (no fsync: a torn file reads as stale and is redone);
    False in a folder that cannot be written (then the answer is computed, not kept)."""

    def write(sink: IO[bytes]) -> None:
        for line in lines:
            sink.write(line + b"\n")

    try:
        atomic_write(path, write, sync=False)
    except OSError:
        return False
    return True


def _init_worker() -> None:
    from graph_builder.worker_setup import prepare_worker

    prepare_worker()
    cache_digest()


def letters_rows(out: Path, blocks: list[Block], jobs: int | None = None) -> Iterator[dict[str, list[Row]]]:
    """Every letter's rows, in ``blocks`` order: those not kept yet are computed first, in ``jobs``
    processes, and kept; then each is read back in turn (memory: a letter's rows at a time)."""
    todo = [block for block in blocks if not _fresh(out, block)]
    held: dict[str, dict[str, list[Row]]] = {}  # what could not be kept (a read-only folder)
    if not todo:
        yield from _kept_rows(out, blocks, held)
        return
    from graph_builder.corpus.workers import in_order  # (worker processes: not for a call that reads kept rows)
    from graph_builder.progress import Progress

    if len(todo) >= ANNOUNCE_AT:  # minutes at 10,000 letters: say what the wait is (stderr; stdout is the answer)
        sys.stderr.write(f"ipgov: computing the answer cache's rows of {len(todo):,} letter(s), once after a "
                         "build (`ipgov build --answers` does it in the build)\n")
        sys.stderr.flush()
    bar = Progress(len(todo), "letters")
    computed = in_order(_letter_entry, todo, jobs, _init_worker, before_fork=cache_digest, chunk_cap=16)
    with closing(computed):
        for block, (stamp, rows) in zip(todo, computed, strict=True):
            if not write_lines(_letter_file(out, block), (orjson.dumps(stamp), orjson.dumps(rows))):
                held[block.key] = rows
            bar.advance()
    bar.close()
    yield from _kept_rows(out, blocks, held)


def _kept_rows(out: Path, blocks: list[Block], held: dict[str, dict[str, list[Row]]]) -> Iterator[
        dict[str, list[Row]]]:
    for block in blocks:
        kept = held.pop(block.key) if block.key in held else _load_letter(out, block)
        yield kept if kept is not None else _letter_entry(block)[1]


# ---------------------------------------------------------------- per build


def build_stamp(blocks: list[Block]) -> str:
    digest = hashlib.sha256(cache_digest().encode())
    for block in blocks:
        digest.update(f"{block.key}\0{block.stamp}\n".encode())
    return digest.hexdigest()[:32]


def answer_stamp(blocks: list[Block]) -> str:
    """What a kept answer depends on: the rows (``build_stamp``) and the answer cache's code (this package)."""
    code = b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
    return hashlib.sha256(f"{build_stamp(blocks)}\0".encode() + code).hexdigest()[:32]


def read_lines(path: Path, stamp: str) -> list[Any] | None:
    """The JSON lines after the first of ``path``, when its first line is ``stamp``."""
    try:
        with path.open("rb") as stream:
            if orjson.loads(stream.readline()) != stamp:
                return None
            return [orjson.loads(line) for line in stream]
    except (OSError, ValueError):
        return None


def _prune(out: Path, blocks: list[Block]) -> None:
    """Remove the rows kept for letters the build no longer holds."""
    keep = {f"{block.key}.json" for block in blocks} | {f"{name}.{kind}.json" for name in row_queries()
                                                       for kind in ("rows", "final")}  # and no .out: stale now
    keep.add("search-label.index")
    keep |= {index_path(out, name).name for name in letter_texts()}
    try:
        for path in (out / ANSWERS_CACHE).iterdir():
            if path.name not in keep and not path.name.startswith(".") and path.is_file():
                path.unlink()
    except OSError:
        return


def merged_rows(out: Path, name: str, jobs: int | None = None, blocks: list[Block] | None = None) -> list[Row]:
    """The rows of query ``name`` over every letter of the build (``blocks``: its letters, when read
    already), in dataset order."""
    blocks = letter_blocks(out) if blocks is None else blocks
    stamp = build_stamp(blocks)
    chunks = read_lines(out / ANSWERS_CACHE / f"{name}.rows.json", stamp)
    if chunks is None:
        return _merge(out, blocks, stamp, name, jobs)
    return [tuple(row) for chunk in chunks for row in chunk]


def merged_iri_rows(out: Path, name: str, iri: str, jobs: int | None = None,
                    blocks: list[Block] | None = None) -> tuple[list[list[str | None]], bool] | None:
    """The rows of ``iri`` (encoded) kept for query ``name`` (answered by IRI) over every letter of the
    build, in dataset order or (True) as its answer's, in order; None in a folder where they cannot be kept.
    The file is of the build and of this package's code (``answer_stamp``): it holds ordered answers."""
    blocks = letter_blocks(out) if blocks is None else blocks
    stamp = answer_stamp(blocks)
    found = iri_rows(out / ANSWERS_CACHE, name, stamp, iri)
    if found is None:
        _merge(out, blocks, build_stamp(blocks), None, jobs, with_iris=True)
        found = iri_rows(out / ANSWERS_CACHE, name, stamp, iri)
    return found


def keep_iri_rows(out: Path, jobs: int | None = None) -> None:
    """Merge the build's rows now when the rows kept by IRI are not of this build (``ipgov build --answers``)."""
    blocks = letter_blocks(out)
    stamp = answer_stamp(blocks)
    if any(iri_rows(out / ANSWERS_CACHE, name, stamp, "") is None for name in letter_texts()):
        _merge(out, blocks, build_stamp(blocks), None, jobs, with_iris=True)


def _merge(out: Path, blocks: list[Block], stamp: str, name: str | None, jobs: int | None,
           with_iris: bool = False) -> list[Row]:
    """Every served query's rows over the build, kept (``<name>.rows.json``: the stamp, then a line of
    rows per letter; ``with_iris``, those answered by IRI too, in ``iri_index``: only when asked, since
    gathering and ordering them costs more than the rest), the rows of ``name`` returned. The rows of
    ``DISTINCT`` are kept once each."""
    by_iri = list(letter_texts())
    names = [other for other in row_queries() if other not in by_iri]
    wanted: list[Row] = []
    once: dict[str, dict[Row, None]] = {other: {} for other in DISTINCT}
    spool = tempfile.TemporaryDirectory(prefix=".merge-", dir=out / ANSWERS_CACHE) if writable(out) else None
    streams = {other: (Path(spool.name) / other).open("wb") for other in names} if spool else {}
    iris = IriSpool(Path(spool.name), by_iri) if spool and with_iris else None
    try:
        for rows in letters_rows(out, blocks, jobs):
            for other, these in rows.items():
                if other in by_iri:
                    if iris is not None:
                        iris.add(other, these)
                    continue
                if other in once:
                    once[other].update(dict.fromkeys(map(tuple, these)))
                    continue
                if other in streams:
                    streams[other].write(orjson.dumps(these) + b"\n")
                if other == name:
                    wanted.extend(map(tuple, these))
        labelled = {row[0] for row in once["search-label"]}  # search-label joins classes to labels by thing
        once[CLASSES] = {row: None for row in once[CLASSES] if row[0] in labelled}
        for other, rows_once in once.items():
            if other in streams:
                streams[other].write(orjson.dumps(list(rows_once)) + b"\n")
            if other == name:
                wanted = list(rows_once)
        for stream in streams.values():
            stream.close()
        _prune(out, blocks)
        if iris is not None:
            iris.write(out / ANSWERS_CACHE, answer_stamp(blocks), final_order)
        if spool is not None and "search-label" in row_queries():
            write_lines(out / ANSWERS_CACHE / "search-label.index", search_index(stamp, once))
        for other in streams:
            with (Path(spool.name) / other).open("rb") as source:  # type: ignore[union-attr]
                write_lines(out / ANSWERS_CACHE / f"{other}.rows.json", itertools.chain([orjson.dumps(stamp)],
                                                                               (line[:-1] for line in source)))
    finally:
        for stream in streams.values():
            stream.close()
        if iris is not None:
            iris.close()
        if spool is not None:
            spool.cleanup()
    return wanted


def writable(out: Path) -> bool:
    try:
        (out / ANSWERS_CACHE).mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(out / ANSWERS_CACHE, os.W_OK)
