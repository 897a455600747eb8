"""The worker pool that builds letters: each worker builds a letter and writes its outputs
itself, when its turn comes, into the part files being assembled (``appender``), and sends
back only its key, manifest entry and the sizes of its outputs.

Workers are forked where the system can, so they share the gazetteer compiled once before
the fork. A worker that dies takes with it the letters it held for their turn: the pool
counts the starts of its workers and stops waiting with ``WorkerLostError``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Generator, Iterator
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from graph_builder.corpus import layout
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.allocator import keep_freed_memory
from graph_builder.corpus.appender import Appender, Turns
from graph_builder.corpus.plan import Task, part_files
from graph_builder.errors import IpgovError, WorkerLostError
from graph_builder.worker_setup import prepare_worker

_WATCH = 0.5  # seconds between looks for a dead worker while no result comes

_WORKER: dict[str, Any] = {}


def _worker_init(staging: str, trig: bool, turns: Turns, part: str, started: Any) -> None:
    with started.get_lock():  # a count above the pool's size means a worker died and was replaced
        started.value += 1
    prepare_worker()  # the parent's signal handlers forgotten; quiet once the build is gone
    keep_freed_memory()
    _WORKER["staging"] = Path(staging)
    _WORKER["trig"] = trig
    spill = Path(staging) / f"{layout.SPILL_PREFIX}{os.getpid()}"
    _WORKER["appender"] = Appender(turns, part_files(Path(part)), spill)


def _finish(slots: int) -> None:
    """Write this worker's letters as their turns come, until ``slots`` are written: one such
    task per worker, since each returns only when every letter is written."""
    _WORKER["appender"].finish(slots)


def _write(path: Path, data: str | bytes) -> None:
    # Staged files need no fsync: the journal line, written after them, is what counts.
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


Result = tuple[str, mf.Entry | str, tuple[int, ...] | None]


def _build_one(task: Task) -> Result:
    """Build one letter and hand its outputs to this process's appender; returns its key,
    entry and the sizes of its outputs (in ``layout.STREAMS`` order), or its key, a
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
        _write(_WORKER["staging"] / layout.STAGED_TRIG / f"{task.key}.trig", built.trig)
    appender.put(task.slot, list(outputs))
    entry = mf.Entry(task.path, task.sha256 or built.sha256, built.quad_count, dict(sorted(built.classes.items())),
                     corrections=task.digests, stale=tuple(built.stale))
    return task.key, entry, tuple(len(data) for data in outputs)


def _build_chunk(tasks: list[Task]) -> list[Result]:
    return [_build_one(task) for task in tasks]


class Builders:
    """Where letters are built: worker processes when ``jobs`` > 1 (forked on entering,
    stopped on leaving), else this process, handing its outputs to its own appender.

    A worker that dies (killed, out of memory) takes with it the letters it held for their
    turn, so the build could never finish: the pool starts a replacement, whose start is
    counted, and waiting for results or turns stops with ``WorkerLostError`` instead.
    """

    def __init__(self, tasks: list[Task], jobs: int, staging: Path, trig: bool, turns: Turns, part: Path) -> None:
        self.tasks = tasks
        self.jobs = jobs if len(tasks) > 1 else 1
        self.staging = staging
        self.trig = trig
        self.turns = turns
        self.part = part
        self.pool: Any = None
        self.started: Any = None  # workers started, counted by each (``_worker_init``)

    def __enter__(self) -> Builders:
        if self.jobs > 1:
            from graph_builder.extract.gazetteer import default_gazetteer
            from graph_builder.pipeline import build_letter  # noqa: F401  (imported once, before the fork)

            default_gazetteer()  # compiled once here; forked workers share it instead of each compiling it
            self.started = context().Value("i", 0)
            initargs = (str(self.staging), self.trig, self.turns, str(self.part), self.started)
            self.pool = context().Pool(self.jobs, initializer=_worker_init, initargs=initargs)
        return self

    def results(self, own: Appender) -> Iterator[Result]:
        """Build the tasks; the results as they finish."""
        if self.pool is None:
            _WORKER.update(staging=self.staging, trig=self.trig, appender=own)
            return map(_build_one, self.tasks)
        # small chunks: a worker keeps the letters it built until those before them are written
        size = max(1, min(4, len(self.tasks) // (self.jobs * 16)))
        chunks = [self.tasks[start : start + size] for start in range(0, len(self.tasks), size)]
        # chunked here, not by the pool: its chunked iterator cannot wait with a timeout
        return self._watched(self.pool.imap_unordered(_build_chunk, chunks))

    def _watched(self, chunks: Any) -> Iterator[Result]:
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



def context() -> BaseContext:
    """How worker processes start: forked where the system can (they share the compiled gazetteer)."""
    return multiprocessing.get_context("spawn" if os.name == "nt" else "fork")


def in_order(
    function: Callable[[Any], Any], items: list[Any], jobs: int | None, initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (), before_fork: Callable[[], object] | None = None, chunk_cap: int = 8,
) -> Generator[Any, None, None]:
    """``function`` of each of ``items``, in their order: in this process when one worker is enough,
    else in ``jobs`` worker processes (default: all cores) started with ``initializer`` — forked
    after ``before_fork`` ran here, so that they inherit what it loaded. The pool is stopped when the
    iteration ends or is closed (callers close it on error: ``contextlib.closing``)."""
    workers = min(jobs or os.cpu_count() or 1, len(items))
    if workers <= 1:
        yield from map(function, items)
        return
    start = context()
    if before_fork is not None and start.get_start_method() == "fork":
        before_fork()
    pool = start.Pool(workers, initializer=initializer, initargs=initargs)
    try:
        yield from pool.imap(function, items, chunksize=max(1, min(chunk_cap, len(items) // (workers * 8))))
    finally:
        pool.terminate()
        pool.join()
