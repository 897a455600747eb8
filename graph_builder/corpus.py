"""Build a set of letters into an output folder, in parallel, in bounded memory, incrementally.

Layout of the output folder::

    dataset.nq               every letter graph, N-Quads, in key order (each fact followed by its evidence)
    facts.jsonl              every letter's facts (eval/FORMAT.md), one line per letter, in key order
    entities.jsonl           the things each letter names (for ``ipgov entities``), one line per letter
    manifest.json            which letters, from which bytes, by which tool, at which ranges of those files
    dataset.trig             the same as TriG (``formats`` with "trig")
    merged.ttl               the union of the letter graphs as one Turtle graph, sorted ("ttl")
    .cache/trig/<key>.trig   a letter's TriG block, kept for the next assembly ("trig")

Each output is written once: a letter's graph, facts and entities are byte ranges of
the three stream files (``manifest.STREAMS``, ``blocks``), not files of their own (a small
file per letter cost more to create than its contents cost to compute). TriG and Turtle
are asked for, because at corpus scale they cost more than building the letters
(docs/corpus.md).

Workers append each letter's outputs to their spool file in ``.staging/spools/`` as soon
as it is built and send back only a few numbers, so memory does not grow with the corpus.
This process appends them to the new stream files (``.staging/part-N/``) in key order as
they arrive, deleting each spool once copied, and takes the outputs of unchanged letters
from the old files by their ranges. When every letter is done the new files replace the
old, the merged TriG and Turtle are assembled by streaming (TriG blocks concatenated
under one prefix header; the Turtle union by an external merge of the letter graphs,
each sorted as it is read), and the manifest is written last. An interrupted build
leaves the previous outputs and manifest as they were; the next run keeps what the
journal in ``.staging/`` says was appended.
"""

from __future__ import annotations

import hashlib
import heapq
import multiprocessing
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from graph_builder import manifest as mf
from graph_builder.blocks import DATASET, Block, blocks_of, copy_range, files_match, record_blocks
from graph_builder.errors import IpgovError
from graph_builder.iri import letter_key_of
from graph_builder.rdf.canonical import atomic_write

STAGING = ".staging"
FORMATS = ("nq", "trig", "ttl")  # merged outputs; "nq" is always written
MERGED_FILES = {"nq": DATASET, "trig": "dataset.trig", "ttl": "merged.ttl"}
MERGE_FAN_IN = 32  # files merged at once by the external sort: each is held sorted in memory


@dataclass
class BuildSummary:
    """What a corpus build did."""

    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: problem" lines
    classes: Counter[str] = field(default_factory=Counter)
    quads: int = 0  # quads of every letter in the output, built or kept
    seconds: dict[str, float] = field(default_factory=dict)  # "letters", "merge"


@dataclass(frozen=True)
class _Task:
    path: str
    key: str
    sha256: str


# --- workers ---------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}
SPOOL_BYTES = 64 << 20  # a worker starts a new spool file after this many bytes of graphs
_SPOOLS = "spools"  # the folder of ``.staging`` that holds the workers' spool files


Record = dict[str, Block]  # a letter's bytes of each stream (``manifest.STREAMS``)


class _Spool:
    """A worker's append-only files of letter outputs, in ``.staging/spools/``.

    One file per letter meant an inode made and deleted per letter; ext4 then searched
    past the recently deleted ones for each new file, which cost more system time than
    writing the bytes. A spool is deleted once the build process has copied all of it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd = -1
        self.name = ""
        self.size = 0
        self.count = 0

    def append(self, key: str, outputs: dict[str, bytes]) -> Record:
        """Append a letter's bytes of each stream, one after the other; returns where they are."""
        if self.fd < 0 or self.size >= SPOOL_BYTES:
            self.close()
            self.count += 1
            self.name = f"spool-{os.getpid()}-{self.count}.nq"
            self.fd = os.open(self.folder / self.name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            self.size = 0
        _write_all(self.fd, list(outputs.values()))
        record = {}
        for stream, data in outputs.items():
            record[stream] = Block(key, self.folder / self.name, self.size, len(data))
            self.size += len(data)
        return record

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _write_all(fd: int, pieces: list[bytes]) -> None:
    """Write ``pieces`` in order, unbuffered (the bytes are in the file when the result is
    sent), in one system call where the kernel takes them all."""
    views = [memoryview(piece) for piece in pieces if piece]
    while views:
        done = os.writev(fd, views) if hasattr(os, "writev") else os.write(fd, views[0])
        while views and done >= len(views[0]):
            done -= len(views.pop(0))
        if done:
            views[0] = views[0][done:]


def _worker_init(staging: str, trig: bool) -> None:
    if "spool" in _WORKER:
        _WORKER["spool"].close()
    _WORKER["staging"] = Path(staging)
    _WORKER["trig"] = trig
    _WORKER["spool"] = _Spool(Path(staging) / _SPOOLS)


def _write(path: Path, data: str | bytes) -> None:
    # Staged files need no fsync: the journal line, written after them, is what counts.
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


_Result = tuple[str, mf.Entry | str, Record | None]


def _build_one(task: _Task) -> _Result:
    """Build one letter into the staging folder; returns its key, entry and where its outputs
    were spooled, or its key and a "path: problem" line."""
    from graph_builder.pipeline import build_letter, entities_line, facts_line

    try:
        built = build_letter(task.path, trig=_WORKER["trig"])
    except IpgovError as error:
        return task.key, str(error), None
    except Exception as error:  # one letter no rule expected must not stop a corpus
        return task.key, f"{task.path}: cannot extract ({type(error).__name__}: {error})", None
    outputs = {"nq": built.nquads_bytes, "facts": facts_line(built), "entities": entities_line(built)}
    spooled = _WORKER["spool"].append(task.key, outputs)
    if _WORKER["trig"]:
        _write(_WORKER["staging"] / "trig" / f"{task.key}.trig", built.trig)
    entry = mf.Entry(task.path, task.sha256, built.quad_count, dict(sorted(built.classes.items())))
    return task.key, entry, spooled


def _results(tasks: list[_Task], jobs: int, staging: Path, trig: bool) -> Iterator[_Result]:
    """Build tasks, in worker processes when ``jobs`` > 1; yields results as they finish."""
    if jobs <= 1 or len(tasks) < 2:
        _worker_init(str(staging), trig)
        try:
            yield from map(_build_one, tasks)
        finally:
            _WORKER["spool"].close()
        return
    from graph_builder.extract.gazetteer import default_gazetteer
    from graph_builder.pipeline import build_letter  # noqa: F401  (imported once, before the fork)

    default_gazetteer()  # compiled once here; forked workers share it instead of each compiling it
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    chunk = max(1, min(16, len(tasks) // (jobs * 16)))
    pool = context.Pool(jobs, initializer=_worker_init, initargs=(str(staging), trig))
    try:
        yield from pool.imap_unordered(_build_one, tasks, chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


# --- TriG and Turtle assembly ---------------------------------------------------------------

_GRAPH_TERM = " <https://w3id.org/ipgov/graph/"


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
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with context.Pool(jobs) as pool:
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
            with (out / ".cache" / "trig" / f"{key}.trig").open("rb") as source:
                copy_range(source, 0, os.fstat(source.fileno()).st_size, sink)

    wanted = set(formats)
    for name in ("trig", "ttl"):
        if name not in wanted:
            (out / MERGED_FILES[name]).unlink(missing_ok=True)
    if "trig" in wanted:
        _write_stream(out / MERGED_FILES["trig"], trig)

    def turtle(sink: IO[bytes]) -> None:
        blocks = sorted(blocks_of(manifest, out / DATASET), key=lambda block: block.key)
        with tempfile.TemporaryDirectory(dir=out, prefix=".merge-") as scratch:
            merged = _merge_runs([_triples(block) for block in blocks], Path(scratch))
            chunks = _subject_chunks(merged)
            wrote_header = False
            for text in _format_chunks(chunks, jobs):
                if not wrote_header:
                    sink.write(header)
                    wrote_header = True
                sink.write(text)

    if "ttl" in wanted:
        _write_stream(out / MERGED_FILES["ttl"], turtle)


def _write_stream(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file through ``write(sink)`` to a temporary name, then rename it into place.

    No fsync: like every output of a build, the file survives a killed process (the rename is
    atomic), not a power cut, and the next build assembles it again anyway. Syncing a
    gigabyte of N-Quads cost a third of a second per thousand letters.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            write(sink)
            sink.flush()
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- the build ------------------------------------------------------------------------------

_TRIG_CACHE = Path(".cache", "trig")  # a letter's TriG block, <key>.trig (kept with "trig" only)
_STAGED_TRIG = "trig"  # the folder of ``.staging`` the workers write TriG blocks to
_OLD_LAYOUT = ("graphs", "facts", "entities")  # per-letter files of builds before the stream files


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _plan(paths: list[Path], summary: BuildSummary) -> list[_Task]:
    """One task per letter file, in key order; a second file with an already used key is reported."""
    tasks: list[_Task] = []
    seen: dict[str, str] = {}
    for path in paths:
        key = letter_key_of(path.stem)
        if key in seen:
            summary.failed.append(f"{path}: same letter key {key!r} as {seen[key]}; rename one of them")
            continue
        try:
            digest = _sha256(path)
        except OSError as error:
            summary.failed.append(f"{path}: cannot read ({error.strerror or error})")
            continue
        seen[key] = str(path)
        tasks.append(_Task(str(path), key, digest))
    return sorted(tasks, key=lambda task: task.key)


def _present(out: Path, key: str, trig: bool) -> bool:
    """The letter's own file, if the build needs one (its TriG block), is in the output folder."""
    return not trig or (out / _TRIG_CACHE / f"{key}.trig").is_file()


def _staged(staging: Path, key: str, trig: bool) -> bool:
    """The letter's own file, if the build needs one, is in the staging folder."""
    return not trig or (staging / _STAGED_TRIG / f"{key}.trig").is_file()


class _Spools:
    """The workers' spool files this process still has to copy from; each is deleted once
    its writer moved on to a newer one (or finished) and every graph in it was copied."""

    def __init__(self) -> None:
        self.pending: dict[Path, int] = {}  # graphs not yet copied, per spool
        self.open: dict[str, Path] = {}  # each writer's current spool (writer: the pid in the name)
        self.closed: set[Path] = set()

    def note(self, path: Path) -> list[Path]:
        """A graph was spooled into ``path``; returns spools that are now done with, to delete."""
        self.pending[path] = self.pending.get(path, 0) + 1
        writer = path.name.split("-")[1]
        previous = self.open.get(writer)
        if previous is None or previous == path:
            self.open[writer] = path
            return []
        self.open[writer] = path  # the writer moved on: its previous spool is complete
        self.closed.add(previous)
        return [previous] if self.pending[previous] == 0 else []

    def copied(self, path: Path) -> bool:
        """One graph of ``path`` was copied; True when it is a spool that may now be deleted."""
        if path not in self.pending:
            return False  # the old dataset or an interrupted build's part file
        self.pending[path] -= 1
        return path in self.closed and self.pending[path] == 0

    def finish(self) -> list[Path]:
        """Every writer is done: the spools that are fully copied, to delete."""
        self.closed.update(self.open.values())
        self.open.clear()
        return sorted(path for path in self.closed if self.pending[path] == 0)


class _Assembler:
    """Appends letters' outputs to the new stream files in key order, as each becomes available.

    Workers finish letters nearly in the order they were handed out, so only a few letters
    wait at a time; a spool file is deleted once copied, mostly before it reaches the disk.
    Every appended letter built or resumed in this run gets a journal line with its ranges.
    """

    def __init__(self, part: Path, keys: list[str], fresh: mf.Manifest, log: IO[str]) -> None:
        self.part = part
        self.keys = keys
        self.fresh = fresh
        self.log = log
        self.waiting: dict[str, Record | None] = {}
        self.journaled: set[str] = set()
        self.next = 0
        self.sinks = {stream: (part / name).open("wb") for stream, name in mf.STREAMS.items()}
        self.written = dict.fromkeys(mf.STREAMS, 0)
        self.sources: dict[Path, IO[bytes]] = {}
        self.spools = _Spools()

    def resolve(self, key: str, record: Record | None, journal: bool = False, spooled: bool = False) -> None:
        """The letter's outputs are at ``record`` (None: the letter has none this time), in a
        worker's spool file when ``spooled``; ``journal``: record it once appended."""
        self.waiting[key] = record
        if journal:
            self.journaled.add(key)
        if record is not None and spooled:
            for done_with in self.spools.note(record["nq"].path):
                self._delete(done_with)
        while self.next < len(self.keys) and self.keys[self.next] in self.waiting:
            key = self.keys[self.next]
            self._append(key, self.waiting.pop(key))
            self.next += 1

    def _append(self, key: str, record: Record | None) -> None:
        if record is None:
            return
        entry = self.fresh.letters[key]
        for stream, block in record.items():
            source = self.sources.get(block.path)
            if source is None:
                source = self.sources[block.path] = block.path.open("rb")
            copy_range(source, block.offset, block.size, self.sinks[stream])
            entry = entry.placed(stream, self.written[stream], block.size)
            self.written[stream] += block.size
        self.fresh.letters[key] = entry
        if self.spools.copied(record["nq"].path):
            self._delete(record["nq"].path)
        if key in self.journaled:
            for sink in self.sinks.values():
                sink.flush()  # the ranges are in the part files before the journal says so
            self.log.write(mf.journal_line(key, entry, self.part.name))
            self.log.flush()

    def _delete(self, path: Path) -> None:
        stream = self.sources.pop(path, None)
        if stream is not None:
            stream.close()
        path.unlink(missing_ok=True)

    def workers_done(self) -> None:
        """No worker writes any more: delete the spools already copied."""
        for path in self.spools.finish():
            self._delete(path)

    def close(self) -> None:
        """Close the part files and the files copied from."""
        for source in self.sources.values():
            source.close()
        for sink in self.sinks.values():
            sink.close()

    def check_complete(self) -> None:
        """Every letter has been appended (or has no outputs): the part files are whole."""
        if self.next != len(self.keys):
            raise RuntimeError(f"assembly stopped before {self.keys[self.next]}")


def _part_folder(staging: Path) -> Path:
    """A new folder for the stream files being assembled: ``part-N``, N above any an
    interrupted build left."""
    numbers = [int(p.name[5:]) for p in staging.glob("part-*") if p.name[5:].isdigit()]
    folder = staging / f"part-{max(numbers, default=0) + 1}"
    folder.mkdir()
    return folder


def _resumable(staging: Path, key: str, entry: mf.Entry, part: str) -> Record | None:
    """The ranges an interrupted build journaled for a letter, while its part files still hold them."""
    record = record_blocks(key, entry, staging / part)
    try:
        if all(block.offset + block.size <= block.path.stat().st_size for block in record.values()):
            return record
    except OSError:
        pass
    return None


def _roll_forward(out: Path, staging: Path) -> None:
    """Finish a commit that was stopped after its dataset file was moved in, before its manifest."""
    for staged_manifest in staging.glob(f"part-*/{mf.MANIFEST}"):
        part = staged_manifest.parent
        if not (part / DATASET).exists():
            for name in mf.STREAMS.values():
                if (part / name).exists():
                    os.replace(part / name, out / name)
            os.replace(staged_manifest, out / mf.MANIFEST)


def build_corpus(
    paths: list[Path],
    out: Path,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
    formats: Iterable[str] = ("nq",),
) -> BuildSummary:
    """Build ``paths`` into ``out``; bad letters are reported and skipped, never fatal.

    :param jobs: worker processes (default: all cores)
    :param progress: called with (done, total) after each letter built
    :param force: rebuild every letter, even those the manifest says are up to date
    :param formats: merged outputs to write, of ``FORMATS`` (N-Quads always)
    """
    import time

    formats = frozenset(formats) | {"nq"}
    unknown = formats - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    trig = "trig" in formats
    jobs = jobs or os.cpu_count() or 1
    summary = BuildSummary()
    out.mkdir(parents=True, exist_ok=True)
    staging = out / STAGING
    _roll_forward(out, staging)
    for stale in staging.glob(f"{_SPOOLS}/spool-*"):  # graphs of an interrupted build that were never appended
        stale.unlink()
    fresh = mf.current()
    previous = mf.load(out)
    if previous and not files_match(out, previous):
        previous = None  # the stream files are not those the manifest indexes: nothing can be copied from them
    keep = previous if previous and fresh.compatible(previous) and not force else None
    journal_path = staging / "journal.jsonl"
    journal = {} if force else mf.read_journal(journal_path, fresh)

    tasks = _plan(paths, summary)
    todo: list[_Task] = []
    ready: dict[str, tuple[Record, bool]] = {}  # key → where its outputs are, and whether to journal them
    for task in tasks:
        old = keep.letters.get(task.key) if keep else None
        staged, part = journal.get(task.key, (None, ""))
        resumed = _resumable(staging, task.key, staged, part) if staged and staged.sha256 == task.sha256 else None
        if staged and resumed and (_staged(staging, task.key, trig) or _present(out, task.key, trig)):
            fresh.letters[task.key] = mf.Entry(task.path, task.sha256, staged.quads, staged.classes)
            ready[task.key] = (resumed, True)
            summary.built.append(task.key)
        elif old and old.sha256 == task.sha256 and _present(out, task.key, trig):
            fresh.letters[task.key] = replace(old, source=task.path)
            ready[task.key] = (record_blocks(task.key, old, out), False)
            summary.unchanged.append(task.key)
        else:
            todo.append(task)

    unchanged = not todo and not journal and previous is not None and fresh.letters.keys() == previous.letters.keys()
    started = time.perf_counter()
    part = None
    if not unchanged and (fresh.letters or todo or previous):
        _start_journal(staging, journal_path, fresh, bool(journal))
        part = _part_folder(staging)
        with journal_path.open("a", encoding="utf-8") as log:
            assembler = _Assembler(part, [task.key for task in tasks], fresh, log)
            try:
                building = {task.key for task in todo}
                for key in assembler.keys:
                    if key not in building:
                        source, journaled = ready[key]
                        assembler.resolve(key, source, journaled)
                workers = min(jobs, len(todo))
                for done, (key, entry, spooled) in enumerate(_results(todo, workers, staging, trig), start=1):
                    if isinstance(entry, str) or spooled is None:
                        summary.failed.append(str(entry))
                        assembler.resolve(key, _last_good(fresh, previous, out, key, trig))
                    else:
                        fresh.letters[key] = entry
                        summary.built.append(key)
                        assembler.resolve(key, spooled, journal=True, spooled=True)
                    if progress:
                        progress(done, len(todo))
                assembler.workers_done()
            finally:
                assembler.close()
        assembler.check_complete()
    summary.seconds["letters"] = time.perf_counter() - started

    started = time.perf_counter()
    _commit(out, staging, fresh, previous, summary, jobs, formats, part)
    summary.seconds["merge"] = time.perf_counter() - started
    for entry in fresh.letters.values():
        summary.quads += entry.quads
        summary.classes.update(entry.classes)
    summary.built.sort()
    summary.unchanged.sort()
    return summary


def _last_good(fresh: mf.Manifest, previous: mf.Manifest | None, out: Path, key: str, trig: bool) -> Record | None:
    """Nothing lost: a letter that fails now keeps the outputs of its last good build."""
    last_good = previous.letters.get(key) if previous else None
    if last_good is None or not _present(out, key, trig):
        return None
    fresh.letters[key] = replace(last_good)
    return record_blocks(key, last_good, out)


def _start_journal(staging: Path, journal_path: Path, fresh: mf.Manifest, keep: bool) -> None:
    """Make the staging folders; keep a compatible journal, else start a new one."""
    for folder in (_STAGED_TRIG, _SPOOLS):
        (staging / folder).mkdir(parents=True, exist_ok=True)
    if not keep:
        journal_path.write_text(mf.journal_header(fresh), encoding="utf-8")


def _commit(
    out: Path,
    staging: Path,
    fresh: mf.Manifest,
    previous: mf.Manifest | None,
    summary: BuildSummary,
    jobs: int,
    formats: frozenset[str],
    part: Path | None,
) -> None:
    """Move staged TriG blocks in, drop letters no longer built, move the stream files in,
    assemble TriG and Turtle, write the manifest last.

    The new manifest is staged beside the part files before they are moved in, dataset.nq
    first, so a build stopped among the moves is finished by the next run (``_roll_forward``).
    """
    cache = out / _TRIG_CACHE
    for key in summary.built:
        staged = staging / _STAGED_TRIG / f"{key}.trig"
        if staged.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            os.replace(staged, cache / f"{key}.trig")
        elif "trig" not in formats:  # built without TriG: an older block would describe the letter's old graph
            (cache / f"{key}.trig").unlink(missing_ok=True)
    gone = set(previous.letters) - set(fresh.letters) if previous else set()
    if cache.is_dir():  # blocks of letters not built this time (gone or now failing)
        for path in cache.glob("*.trig"):
            if path.stem not in fresh.letters:
                path.unlink()
                gone.add(path.stem)
    summary.dropped = sorted(gone)
    for folder in _OLD_LAYOUT:
        shutil.rmtree(out / folder, ignore_errors=True)
    if part is None:
        fresh.sizes = dict(previous.sizes) if previous else {}
        write_merged(out, fresh, jobs, formats)
        mf.save(out, fresh)
    else:
        fresh.sizes = {stream: (part / name).stat().st_size for stream, name in mf.STREAMS.items()}
        staged_manifest = part / mf.MANIFEST
        atomic_write(staged_manifest, fresh.to_json())
        for name in (DATASET, *(name for name in mf.STREAMS.values() if name != DATASET)):
            os.replace(part / name, out / name)
        write_merged(out, fresh, jobs, formats)
        os.replace(staged_manifest, out / mf.MANIFEST)
    shutil.rmtree(staging, ignore_errors=True)
