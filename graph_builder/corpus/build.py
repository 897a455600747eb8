"""Build a set of letters into an output folder, in parallel, in bounded memory, incrementally.

The layout of the output folder is ``layout``'s. Each output is written once: a letter's
graph, facts and entities are byte ranges of the three stream files (``layout.STREAMS``,
``blocks``), not files of their own (a small file per letter cost more to create than its
contents cost to compute). TriG and Turtle are asked for, because at corpus scale they cost
more than building the letters (docs/corpus.md).

Every letter has a slot, its place in key order (``plan``). Workers build letters and write
each one's outputs themselves, straight into the new stream files in ``.staging/part-N/``,
when its turn comes (``workers``, ``appender``): a letter built before those ahead of it
waits in its worker's memory meanwhile, so each byte is written once, and the workers send
back only a few numbers. This process copies the outputs of unchanged letters from the old
files by their ranges at their turns, and computes every letter's offsets from the sizes
reported. When every slot is written the new files replace the old, the merged TriG and
Turtle are assembled by streaming (``merge``), and the manifest is written last
(``commit``). An interrupted build leaves the previous outputs and manifest as they were;
the next run keeps what the journal in ``.staging/`` says was written.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph_builder.corpus import layout
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.appender import Appender, Turns
from graph_builder.corpus.blocks import files_match, record_blocks
from graph_builder.corpus.commit import Stored, commit, manifest_digest, roll_forward
from graph_builder.corpus.merge import FORMATS
from graph_builder.corpus.plan import (
    Ledger,
    Record,
    Task,
    in_output,
    in_staging,
    part_files,
    part_folder,
    plan,
    resumable,
    start_journal,
)
from graph_builder.corpus.summary import BuildSummary
from graph_builder.corpus.workers import Builders, context

__all__ = ["FORMATS", "BuildSummary", "build_corpus"]


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
    formats = frozenset(formats) | {"nq"}
    unknown = formats - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(sorted(unknown))}")
    trig = "trig" in formats
    jobs = jobs or os.cpu_count() or 1
    summary = BuildSummary()
    out.mkdir(parents=True, exist_ok=True)
    staging = out / layout.STAGING
    roll_forward(out, staging)
    fresh = mf.current()
    previous = mf.load(out)
    previous_digest = manifest_digest(out) if previous else None
    if previous and not files_match(out, previous):
        previous = None  # the stream files are not those the manifest indexes: nothing can be copied from them
    keep = previous if previous and fresh.compatible(previous) and not force else None
    journal = {} if force else mf.read_journal(staging / layout.JOURNAL, fresh)

    # with nothing to compare against, each file is read once, by the worker that builds it
    tasks = plan(paths, summary.failed, digests=keep is not None or bool(journal))
    if corrections:
        tasks = [replace(task, corrections=tuple(corrections.get(task.key, ()))) for task in tasks]
    todo: list[Task] = []
    ready: dict[str, tuple[Record, bool]] = {}  # key → where its outputs are, and whether to journal them
    for task in tasks:
        old = keep.letters.get(task.key) if keep else None
        staged, staged_part = journal.get(task.key, (None, ""))
        same = staged is not None and staged.sha256 == task.sha256 and staged.corrections == task.digests
        resumed = resumable(staging, task.key, staged, staged_part) if staged and same else None
        if staged and resumed and (in_staging(staging, task.key, trig) or in_output(out, task.key, trig)):
            fresh.letters[task.key] = mf.Entry(task.path, task.sha256, staged.quads, staged.classes,
                                               corrections=staged.corrections, stale=staged.stale)
            ready[task.key] = (resumed, True)
            summary.built.append(task.key)
        elif old and old.sha256 == task.sha256 and old.corrections == task.digests and in_output(out, task.key, trig):
            fresh.letters[task.key] = replace(old, source=task.path)
            ready[task.key] = (record_blocks(task.key, old, out), False)
            summary.unchanged.append(task.key)
        else:
            todo.append(task)

    unchanged = not todo and not journal and previous is not None and fresh.letters.keys() == previous.letters.keys()
    started = time.perf_counter()
    part: Path | None = None
    if not unchanged and (fresh.letters or todo or previous):
        journal_path = start_journal(staging, fresh, bool(journal))
        part = part_folder(staging)
        todo = [replace(task, fallback=_fallback(previous, out, task.key, trig)) for task in todo]
        turns = Turns(context(), len(layout.STREAMS))
        with journal_path.open("a", encoding="utf-8") as log:
            ledger = Ledger(part, [task.key for task in tasks], fresh, log, turns)
            _assemble(tasks, todo, ready, ledger, min(jobs, len(todo)), trig, summary, previous, progress)
    summary.seconds["letters"] = time.perf_counter() - started

    started = time.perf_counter()
    built = set(summary.built)
    changed = [  # letters whose graph is not the previous manifest's (the store replaces them)
        key for key, entry in fresh.letters.items()
        if key in built or previous is None or previous.letters.get(key, entry).sha256 != entry.sha256
        or key not in previous.letters
    ]
    stored = Stored(store, previous_digest, changed)
    commit(out, staging, fresh, previous, summary, jobs, formats, part, stored)
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
    tasks: list[Task],
    todo: list[Task],
    ready: dict[str, tuple[Record, bool]],
    ledger: Ledger,
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
    with Builders(todo, workers, ledger.part.parent, trig, turns, ledger.part) as builders:
        own = Appender(turns, part_files(ledger.part))
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


def _fallback(previous: mf.Manifest | None, out: Path, key: str, trig: bool) -> Record | None:
    """Nothing lost: what a letter that fails now keeps, the outputs of its last good build."""
    last_good = previous.letters.get(key) if previous else None
    if last_good is None or not in_output(out, key, trig):
        return None
    return record_blocks(key, last_good, out)
