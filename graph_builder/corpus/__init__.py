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

Every letter has a slot, its place in key order. Workers build letters and write each
one's outputs themselves, straight into the new stream files in ``.staging/part-N/``, when
its turn comes (``appender``): a letter built before those ahead of it waits in its
worker's memory meanwhile, so each byte is written once, and the workers send back only
a few numbers. This process copies the outputs of unchanged letters from the old files by
their ranges at their turns, and computes every letter's offsets from the sizes reported.
When every slot is written the new files replace the old, the merged TriG and Turtle are
assembled by streaming (TriG blocks concatenated under one prefix header; the Turtle union
by an external merge of the letter graphs, each sorted as it is read), and the manifest
is written last. An interrupted build leaves the previous outputs and manifest as they
were; the next run keeps what the journal in ``.staging/`` says was written.
"""

from __future__ import annotations

import hashlib
import heapq
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import IO, Any

from graph_builder import manifest as mf
from graph_builder.allocator import keep_freed_memory
from graph_builder.appender import Appender, Turns
from graph_builder.blocks import DATASET, Block, blocks_of, copy_range, files_match, record_blocks
from graph_builder.errors import IpgovError, WorkerLostError
from graph_builder.iri import letter_key_of
from graph_builder.orphan import quiet_when_orphaned
from graph_builder.rdf.canonical import atomic_write

STAGING = ".staging"
FORMATS = ("nq", "trig", "ttl")  # merged outputs; "nq" is always written
MERGED_FILES = {"nq": DATASET, "trig": "dataset.trig", "ttl": "merged.ttl"}
MERGE_FAN_IN = 32  # files merged at once by the external sort: each is held sorted in memory
_WATCH = 0.5  # seconds between looks for a dead worker while no result comes


@dataclass
class BuildSummary:
    """What a corpus build did."""

    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: problem" lines
    classes: Counter[str] = field(default_factory=Counter)
    quads: int = 0  # quads of every letter in the output, built or kept
    seconds: dict[str, float] = field(default_factory=dict)  # "letters", "merge", "store"
    store: Any = None  # what was done to DIR/store/ (``persistent.StoreReport``), None without a store
    stale: list[str] = field(default_factory=list)  # "file:line: stale: …": corrections entries that changed nothing


Record = tuple[Block, ...]  # where a letter's bytes of each stream lie, in ``manifest.STREAMS`` order


@dataclass(frozen=True)
class _Task:
    path: str
    key: str
    sha256: str
    slot: int  # the letter's place in key order: its turn to be appended
    fallback: Record | None = None  # its last good outputs, kept if it fails now
    corrections: tuple[Any, ...] = ()  # the corrections entries that name it (``corrections.Entry``)

    @property
    def digests(self) -> tuple[str, ...]:
        """The digests of its corrections entries, as its manifest entry records them."""
        return tuple(entry.digest(self.key) for entry in self.corrections)


# --- workers ---------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _worker_init(staging: str, trig: bool, turns: Turns, part: str, started: Any) -> None:
    with started.get_lock():  # a count above the pool's size means a worker died and was replaced
        started.value += 1
    # Ctrl-C reaches every process of the terminal's group: the build process answers it and
    # stops the pool; a worker would print a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    quiet_when_orphaned()  # a killed build: no BrokenPipeError tracebacks from its workers
    keep_freed_memory()
    _WORKER["staging"] = Path(staging)
    _WORKER["trig"] = trig
    _WORKER["appender"] = Appender(turns, _part_files(Path(part)), Path(staging) / f"spill-{os.getpid()}")


def _finish(slots: int) -> None:
    """Write this worker's letters as their turns come, until ``slots`` are written: one such
    task per worker, since each returns only when every letter is written."""
    _WORKER["appender"].finish(slots)


def _write(path: Path, data: str | bytes) -> None:
    # Staged files need no fsync: the journal line, written after them, is what counts.
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


_Result = tuple[str, mf.Entry | str, tuple[int, ...] | None]


def _build_one(task: _Task) -> _Result:
    """Build one letter and hand its outputs to this process's appender; returns its key,
    entry and the sizes of its outputs (in ``manifest.STREAMS`` order), or its key, a
    "path: problem" line and the sizes of the fallback kept in its place (or None)."""
    from graph_builder.pipeline import build_letter, entities_line, facts_line

    appender: Appender = _WORKER["appender"]
    try:
        built = build_letter(task.path, trig=_WORKER["trig"], corrections=task.corrections)
        outputs = [built.nquads_bytes, facts_line(built), entities_line(built)]
    except Exception as error:  # one letter no rule expected must not stop a corpus
        problem = str(error) if isinstance(error, IpgovError) else (
            f"{task.path}: cannot extract ({type(error).__name__}: {error})")
        fallback = task.fallback
        appender.put(task.slot, list(fallback) if fallback else None)
        return task.key, problem, tuple(block.size for block in fallback) if fallback else None
    if _WORKER["trig"]:
        _write(_WORKER["staging"] / "trig" / f"{task.key}.trig", built.trig)
    appender.put(task.slot, list(outputs))
    entry = mf.Entry(task.path, task.sha256 or built.sha256, built.quad_count, dict(sorted(built.classes.items())),
                     corrections=task.digests, stale=tuple(built.stale))
    return task.key, entry, tuple(len(data) for data in outputs)


def _build_chunk(tasks: list[_Task]) -> list[_Result]:
    return [_build_one(task) for task in tasks]


class _Builders:
    """Where letters are built: worker processes when ``jobs`` > 1 (forked on entering,
    stopped on leaving), else this process, handing its outputs to its own appender.

    A worker that dies (killed, out of memory) takes with it the letters it held for their
    turn, so the build could never finish: the pool starts a replacement, whose start is
    counted, and waiting for results or turns stops with ``WorkerLostError`` instead.
    """

    def __init__(self, tasks: list[_Task], jobs: int, staging: Path, trig: bool, turns: Turns, part: Path) -> None:
        self.tasks = tasks
        self.jobs = jobs if len(tasks) > 1 else 1
        self.staging = staging
        self.trig = trig
        self.turns = turns
        self.part = part
        self.pool: Any = None
        self.started: Any = None  # workers started, counted by each (``_worker_init``)

    def __enter__(self) -> _Builders:
        if self.jobs > 1:
            from graph_builder.extract.gazetteer import default_gazetteer
            from graph_builder.pipeline import build_letter  # noqa: F401  (imported once, before the fork)

            default_gazetteer()  # compiled once here; forked workers share it instead of each compiling it
            self.started = _context().Value("i", 0)
            initargs = (str(self.staging), self.trig, self.turns, str(self.part), self.started)
            self.pool = _context().Pool(self.jobs, initializer=_worker_init, initargs=initargs)
        return self

    def results(self, own: Appender) -> Iterator[_Result]:
        """Build the tasks; the results as they finish."""
        if self.pool is None:
            _WORKER.update(staging=self.staging, trig=self.trig, appender=own)
            return map(_build_one, self.tasks)
        # small chunks: a worker keeps the letters it built until those before them are written
        size = max(1, min(4, len(self.tasks) // (self.jobs * 16)))
        chunks = [self.tasks[start : start + size] for start in range(0, len(self.tasks), size)]
        # chunked here, not by the pool: its chunked iterator cannot wait with a timeout
        return self._watched(self.pool.imap_unordered(_build_chunk, chunks))

    def _watched(self, chunks: Any) -> Iterator[_Result]:
        while True:
            try:
                results = self._wait(chunks.next)
            except StopIteration:
                return
            self.check()  # the other workers may deliver for long after one died
            yield from results

    def _wait(self, get: Callable[[float], Any]) -> Any:
        """``get(timeout)`` until it answers, looking for a dead worker between tries."""
        while True:
            try:
                return get(_WATCH)
            except multiprocessing.TimeoutError:
                self.check()

    def check(self) -> None:
        """Raise ``WorkerLostError`` when a worker has died."""
        if self.started is not None and self.started.value > self.jobs:
            raise WorkerLostError(self.staging.parent)

    def finish(self, own: Appender, slots: int) -> None:
        """Every result is in: wait until every process has written its slots."""
        if self.pool is None:
            own.finish(slots)
            return
        finishing = self.pool.map_async(_finish, [slots] * self.jobs, chunksize=1)
        own.finish(slots, self.check)
        self._wait(finishing.get)

    def __exit__(self, *exc: object) -> None:
        _WORKER.clear()
        if self.pool is not None:
            self.pool.close()
            self.pool.terminate()
            self.pool.join()


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


def _plan(paths: list[Path], summary: BuildSummary, digests: bool = True) -> list[_Task]:
    """One task per letter file, in key order (its slot); a second file with an already used
    key is reported.

    :param digests: hash every file now (to compare with a manifest or a journal); without,
        the worker that builds a letter reports the digest of the bytes it read
    """
    found: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for path in paths:
        key = letter_key_of(path.stem)
        if key in seen:
            summary.failed.append(f"{path}: same letter key {key!r} as {seen[key]}; rename one of them")
            continue
        try:
            digest = _sha256(path) if digests else ""
        except OSError as error:
            summary.failed.append(f"{path}: cannot read ({error.strerror or error})")
            continue
        seen[key] = str(path)
        found.append((key, str(path), digest))
    return [_Task(path, key, digest, slot) for slot, (key, path, digest) in enumerate(sorted(found))]


def _present(out: Path, key: str, trig: bool) -> bool:
    """The letter's own file, if the build needs one (its TriG block), is in the output folder."""
    return not trig or (out / _TRIG_CACHE / f"{key}.trig").is_file()


def _staged(staging: Path, key: str, trig: bool) -> bool:
    """The letter's own file, if the build needs one, is in the staging folder."""
    return not trig or (staging / _STAGED_TRIG / f"{key}.trig").is_file()


class _Ledger:
    """Where each letter's outputs go in the part files: offsets in key order from the sizes
    reported, as the appenders place them; a journal line for each letter built or resumed
    in this run once its slot is written.
    """

    def __init__(self, part: Path, keys: list[str], fresh: mf.Manifest, log: IO[str], turns: Turns) -> None:
        self.part = part
        self.keys = keys
        self.fresh = fresh
        self.log = log
        self.turns = turns
        self.sizes: dict[str, tuple[int, ...] | None] = {}
        self.journaled: set[str] = set()
        self.placed = 0  # slots whose offsets are known (every slot before them reported)
        self.logged = 0  # slots the journal is up to date with
        self.ends = [0] * len(mf.STREAMS)

    def resolve(self, key: str, sizes: tuple[int, ...] | None, journal: bool = False) -> None:
        """The letter's outputs take ``sizes`` bytes of each stream (None: none this time);
        ``journal``: record it once written."""
        self.sizes[key] = sizes
        if journal:
            self.journaled.add(key)
        while self.placed < len(self.keys) and self.keys[self.placed] in self.sizes:
            key = self.keys[self.placed]
            taken = self.sizes.pop(key)
            if taken is not None:
                ranges = list(zip(self.ends, taken, strict=True))
                self.ends = [end + size for end, size in ranges]
                self.fresh.letters[key] = self.fresh.letters[key].placed(ranges)
            self.placed += 1

    def journal(self, written: int | None = None) -> None:
        """Journal the letters written so far (``written``: slots, default: ask the turns)."""
        upto = min(self.placed, self.turns.written() if written is None else written)
        lines = [
            mf.journal_line(key, self.fresh.letters[key], self.part.name)
            for key in self.keys[self.logged : upto]
            if key in self.journaled
        ]
        self.logged = max(self.logged, upto)
        if lines:
            self.log.write("".join(lines))
            self.log.flush()

    def check_complete(self, ends: list[int]) -> None:
        """Every slot is placed and the part files end where the sizes say."""
        if self.placed != len(self.keys):
            raise RuntimeError(f"assembly stopped before {self.keys[self.placed]}")
        if ends != self.ends:
            raise RuntimeError(f"part files end at {ends}, the letters' sizes add up to {self.ends}")


def _part_files(part: Path) -> list[Path]:
    """The stream files being assembled in a part folder, in ``manifest.STREAMS`` order."""
    return [part / name for name in mf.STREAMS.values()]


def _part_folder(staging: Path) -> Path:
    """A new folder for the stream files being assembled: ``part-N``, N above any an
    interrupted build left."""
    numbers = [int(p.name[5:]) for p in staging.glob("part-*") if p.name[5:].isdigit()]
    folder = staging / f"part-{max(numbers, default=0) + 1}"
    folder.mkdir()
    for path in _part_files(folder):
        path.touch()
    return folder


def _resumable(staging: Path, key: str, entry: mf.Entry, part: str) -> Record | None:
    """The ranges an interrupted build journaled for a letter, while its part files still hold them."""
    record = record_blocks(key, entry, staging / part)
    try:
        if all(block.offset + block.size <= block.path.stat().st_size for block in record):
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
    corrections: Mapping[str, Sequence[Any]] | None = None,
    store: bool = False,
) -> BuildSummary:
    """Build ``paths`` into ``out``; bad letters are reported and skipped, never fatal.

    :param jobs: worker processes (default: all cores)
    :param progress: called with (done, total) after each letter built
    :param force: rebuild every letter, even those the manifest says are up to date
    :param formats: merged outputs to write, of ``FORMATS`` (N-Quads always)
    :param corrections: letter key → the corrections entries that name it (``corrections.plan``):
        applied after extraction; a letter whose entries changed is built again
    :param store: keep the persistent store ``DIR/store/`` in step with the manifest
        (``graph_builder.store.persistent``); without, a store left by an earlier build is removed
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
    fresh = mf.current()
    previous = mf.load(out)
    previous_digest = _digest(out) if previous else None
    if previous and not files_match(out, previous):
        previous = None  # the stream files are not those the manifest indexes: nothing can be copied from them
    keep = previous if previous and fresh.compatible(previous) and not force else None
    journal_path = staging / "journal.jsonl"
    journal = {} if force else mf.read_journal(journal_path, fresh)

    # with nothing to compare against, each file is read once, by the worker that builds it
    tasks = _plan(paths, summary, digests=keep is not None or bool(journal))
    if corrections:
        tasks = [replace(task, corrections=tuple(corrections.get(task.key, ()))) for task in tasks]
    todo: list[_Task] = []
    ready: dict[str, tuple[Record, bool]] = {}  # key → where its outputs are, and whether to journal them
    for task in tasks:
        old = keep.letters.get(task.key) if keep else None
        staged, staged_part = journal.get(task.key, (None, ""))
        same = staged is not None and staged.sha256 == task.sha256 and staged.corrections == task.digests
        resumed = _resumable(staging, task.key, staged, staged_part) if staged and same else None
        if staged and resumed and (_staged(staging, task.key, trig) or _present(out, task.key, trig)):
            fresh.letters[task.key] = mf.Entry(task.path, task.sha256, staged.quads, staged.classes,
                                               corrections=staged.corrections, stale=staged.stale)
            ready[task.key] = (resumed, True)
            summary.built.append(task.key)
        elif old and old.sha256 == task.sha256 and old.corrections == task.digests and _present(out, task.key, trig):
            fresh.letters[task.key] = replace(old, source=task.path)
            ready[task.key] = (record_blocks(task.key, old, out), False)
            summary.unchanged.append(task.key)
        else:
            todo.append(task)

    unchanged = not todo and not journal and previous is not None and fresh.letters.keys() == previous.letters.keys()
    started = time.perf_counter()
    part: Path | None = None
    if not unchanged and (fresh.letters or todo or previous):
        _start_journal(staging, journal_path, fresh, bool(journal))
        part = _part_folder(staging)
        todo = [replace(task, fallback=_fallback(previous, out, task.key, trig)) for task in todo]
        turns = Turns(_context(), len(mf.STREAMS))
        with journal_path.open("a", encoding="utf-8") as log:
            ledger = _Ledger(part, [task.key for task in tasks], fresh, log, turns)
            _assemble(tasks, todo, ready, ledger, min(jobs, len(todo)), trig, summary, previous, progress)
    summary.seconds["letters"] = time.perf_counter() - started

    started = time.perf_counter()
    built = set(summary.built)
    changed = [  # letters whose graph is not the previous manifest's (the store replaces them)
        key for key, entry in fresh.letters.items()
        if key in built or previous is None or previous.letters.get(key, entry).sha256 != entry.sha256
        or key not in previous.letters
    ]
    stored = _Stored(store, previous_digest, changed)
    _commit(out, staging, fresh, previous, summary, jobs, formats, part, stored)
    summary.seconds["merge"] = time.perf_counter() - started - summary.seconds.get("store", 0.0)
    for entry in fresh.letters.values():
        summary.quads += entry.quads
        summary.classes.update(entry.classes)
    summary.built.sort()
    summary.unchanged.sort()
    if corrections:
        from graph_builder.corrections import stale_lines

        entries = list({id(e): e for found in corrections.values() for e in found}.values())
        summary.stale = stale_lines(entries, {key: entry.stale for key, entry in fresh.letters.items() if entry.stale})
    return summary


def _assemble(
    tasks: list[_Task],
    todo: list[_Task],
    ready: dict[str, tuple[Record, bool]],
    ledger: _Ledger,
    workers: int,
    trig: bool,
    summary: BuildSummary,
    previous: mf.Manifest | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Build ``todo`` and append every letter's outputs to the part files in key order: the
    letters of ``ready`` (unchanged or resumed) copied by this process, the built ones
    written by the process that built them (``appender``)."""
    fresh, turns = ledger.fresh, ledger.turns
    with _Builders(todo, workers, ledger.part.parent, trig, turns, ledger.part) as builders:
        own = Appender(turns, _part_files(ledger.part))
        try:
            results = builders.results(own)  # the workers start now, while this process copies
            for task in tasks:
                if task.key in ready:
                    record, journaled = ready[task.key]
                    own.put(task.slot, list(record))
                    ledger.resolve(task.key, tuple(block.size for block in record), journaled)
            for done, (key, entry, sizes) in enumerate(results, start=1):
                if isinstance(entry, str):
                    summary.failed.append(entry)
                    if sizes is not None and previous is not None:  # its last good outputs are kept
                        fresh.letters[key] = replace(previous.letters[key])
                    ledger.resolve(key, sizes)
                else:
                    fresh.letters[key] = entry
                    summary.built.append(key)
                    ledger.resolve(key, sizes, journal=True)
                own.write_due()
                ledger.journal()
                if progress:
                    progress(done, len(todo))
            builders.finish(own, len(tasks))
        finally:
            own.close()
    ends = turns.state()[1]
    ledger.journal(len(tasks))
    ledger.check_complete(ends)


def _context() -> BaseContext:
    """How worker processes start: forked where the system can (they share the compiled gazetteer)."""
    return multiprocessing.get_context("spawn" if os.name == "nt" else "fork")


def _fallback(previous: mf.Manifest | None, out: Path, key: str, trig: bool) -> Record | None:
    """Nothing lost: what a letter that fails now keeps, the outputs of its last good build."""
    last_good = previous.letters.get(key) if previous else None
    if last_good is None or not _present(out, key, trig):
        return None
    return record_blocks(key, last_good, out)


def _start_journal(staging: Path, journal_path: Path, fresh: mf.Manifest, keep: bool) -> None:
    """Make the staging folders; keep a compatible journal, else start a new one."""
    (staging / _STAGED_TRIG).mkdir(parents=True, exist_ok=True)
    if not keep:
        journal_path.write_text(mf.journal_header(fresh), encoding="utf-8")


@dataclass(frozen=True)
class _Stored:
    """What the persistent store needs to know of a build."""

    wanted: bool
    previous_digest: str | None  # sha256 of the manifest the folder held at the start
    changed: list[str]  # letters whose graphs differ from the previous manifest's


def _digest(out: Path) -> str | None:
    from graph_builder.store.persistent import manifest_digest

    return manifest_digest(out)


def _update_store(
    out: Path, dataset: Path, fresh: mf.Manifest, text: str, previous: mf.Manifest | None,
    stored: _Stored, summary: BuildSummary,
) -> None:
    """Make the store's generation for the manifest ``text`` (before that manifest is moved in)."""
    if not stored.wanted:
        return
    import time

    from graph_builder.store import persistent

    started = time.perf_counter()
    digest = persistent.text_digest(text)
    found = persistent.generation_for(out, digest)
    if found is None:
        summary.store = persistent.update_store(
            out, dataset, fresh, digest, previous, stored.previous_digest, stored.changed
        )
    else:
        summary.store = persistent.StoreReport("kept", found.name)
    summary.seconds["store"] = time.perf_counter() - started


def _collect_store(out: Path, stored: _Stored) -> None:
    """Once the manifest is in: remove the generations that do not match it (all without a store)."""
    from graph_builder.store import persistent

    if stored.wanted:
        persistent.collect(out, persistent.manifest_digest(out))
    elif (out / persistent.STORE).exists():
        persistent.remove_all(out)


def _commit(
    out: Path,
    staging: Path,
    fresh: mf.Manifest,
    previous: mf.Manifest | None,
    summary: BuildSummary,
    jobs: int,
    formats: frozenset[str],
    part: Path | None,
    stored: _Stored | None = None,
) -> None:
    """Move staged TriG blocks in, drop letters no longer built, move the stream files in,
    assemble TriG and Turtle, write the manifest last.

    The new manifest is staged beside the part files before they are moved in, dataset.nq
    first, so a build stopped among the moves is finished by the next run (``_roll_forward``).
    The store's new generation is made and stamped before anything is moved in
    (``graph_builder.store.persistent``); older generations are removed once the manifest is in.
    """
    stored = stored or _Stored(False, None, [])
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
        _update_store(out, out / DATASET, fresh, fresh.to_json(), previous, stored, summary)
        mf.save(out, fresh)
    else:
        fresh.sizes = {stream: (part / name).stat().st_size for stream, name in mf.STREAMS.items()}
        staged_manifest = part / mf.MANIFEST
        text = fresh.to_json()
        atomic_write(staged_manifest, text)
        _update_store(out, part / DATASET, fresh, text, previous, stored, summary)
        for name in mf.STREAMS.values():  # dataset.nq first, as ``_roll_forward`` expects
            os.replace(part / name, out / name)
        write_merged(out, fresh, jobs, formats)
        os.replace(staged_manifest, out / mf.MANIFEST)
    _collect_store(out, stored)
    shutil.rmtree(staging, ignore_errors=True)
