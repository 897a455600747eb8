"""Several processes appending to the same files in one agreed order, each its own bytes.

A build appends its letters' outputs to ``dataset.nq``, ``facts.jsonl`` and
``entities.jsonl`` in key order, but worker processes finish letters in whatever order
they do. Instead of spooling each letter and copying it again in order (a second
megabyte through the page cache per letter), every process keeps the letters it built
until their turn comes and writes them itself, at the ends the shared counters give.

``Turns`` is the shared state: the next slot to write and where each file ends. An
``Appender`` holds one process's slots; it writes those whose turn has come whenever it
is handed a new one (``put``) or asked to (``write_due``), and ``finish`` waits, writing,
until every slot is written. A slot's pieces are bytes made here or ranges of an older
file (``blocks.Block``, copied in the kernel). Every slot must be handed to exactly one
appender, with ``None`` when it has nothing to write, or later slots wait for ever.

There is no thread and no notification: a process that is building letters looks at the
counter between letters, and one that has nothing else to do polls it. (A writer thread
woken through ``multiprocessing.Condition`` made every hand-over wait for the woken
process to get its GIL back: the build ran a quarter slower.) An appender holding more
bytes than its limit moves the furthest of them to a spill file of its own, so a slow
letter in one process cannot make another hold the whole corpus in memory.

Written bytes do not stay in the page cache (``Appender._write_behind``): each slot's
writes are sent to disk at once, and what lies more than ``WRITE_BEHIND`` bytes before
the end is dropped from the cache. At 10,000 letters a build writes 10 GB, and filling
the cache with it cost the build processes a fifth of their CPU in the kernel, taking and
reclaiming fresh pages (docs/corpus.md); dropped pages are taken again by the next writes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from multiprocessing.context import BaseContext
from pathlib import Path

from graph_builder.corpus.blocks import Block, copy_range_at, write_at

Piece = bytes | Block  # what a slot writes to one file: bytes made here, or a range to copy
HELD_BYTES = 64 << 20  # an appender holding more bytes than this spills some to a file
_POLL = 0.0005  # seconds between looks at the counter while waiting for a turn
WRITE_BEHIND = 32 << 20  # bytes of each file kept in the page cache behind its end (writeback is under way there)
_DROP_STEP = 4 << 20  # drop cached bytes in runs at least this long (fewer calls)
_fadvise = getattr(os, "posix_fadvise", None)  # not on Windows or macOS: there the cache is left alone


class Turns:
    """Whose turn it is: the next slot to write and where each file ends, shared by processes.

    Only the process whose slot is next changes them, under the lock, so that a reader sees
    a slot number and the ends that go with it.
    """

    def __init__(self, context: BaseContext, files: int) -> None:
        self.lock = context.Lock()
        self.next = context.RawValue("q", 0)
        self.ends = context.RawArray("q", files)
        self.dropped = context.RawArray("q", files)  # each file's bytes below this are out of the page cache

    def written(self) -> int:
        """How many slots are written (every slot below this number)."""
        return int(self.next.value)

    def state(self) -> tuple[int, list[int]]:
        """The next slot and the file ends, read together."""
        with self.lock:
            return int(self.next.value), list(self.ends)

    def claim_drop(self, file: int, below: int) -> tuple[int, int] | None:
        """The range of ``file`` to drop from the page cache now, up to ``below``: from where the
        last drop ended, when at least ``_DROP_STEP`` long (it is then counted as dropped)."""
        with self.lock:
            start = int(self.dropped[file])
            if below - start < _DROP_STEP:
                return None
            self.dropped[file] = below
            return start, below - start

    def advance(self, slot: int, sizes: list[int]) -> None:
        """``slot`` is written, ``sizes`` bytes to each file: the next slot's turn."""
        with self.lock:
            for index, size in enumerate(sizes):
                self.ends[index] += size
            self.next.value = slot + 1


class Appender:
    """One process's slots waiting for their turn."""

    def __init__(self, turns: Turns, paths: list[Path], spill: Path | None = None, limit: int = HELD_BYTES) -> None:
        """:param paths: the files appended to, one piece of each slot to each
        :param spill: the file this appender moves held bytes to when it holds more than ``limit``
        """
        self.turns = turns
        self.fds = [os.open(path, os.O_WRONLY) for path in paths]
        self.spill_path = spill
        self.spill_fd = -1
        self.spilled = 0
        self.limit = limit
        self.waiting: dict[int, list[Piece] | None] = {}
        self.held = 0  # bytes (not ranges) waiting
        self.sources: dict[Path, int] = {}  # files copied from, open

    def put(self, slot: int, pieces: list[Piece] | None) -> None:
        """Hand over ``slot``: one piece per file, or None for nothing; writes what is due."""
        self.waiting[slot] = pieces
        self.held += _bytes_held(pieces)
        self.write_due()
        if self.held > self.limit and self.spill_path is not None:
            self._spill()

    def write_due(self) -> None:
        """Write the slots held here whose turn has come, in order."""
        while self.waiting and self.turns.written() in self.waiting:
            slot, ends = self.turns.state()
            pieces = self.waiting.pop(slot)
            self.held -= _bytes_held(pieces)
            sizes = [self._write(*args) for args in zip(self.fds, pieces, ends, strict=True)] if pieces else []
            self.turns.advance(slot, sizes)
            if sizes:  # after the turn has passed on: the next writer need not wait for this
                self._write_behind(ends, sizes)

    def finish(self, slots: int, check: Callable[[], None] | None = None) -> None:
        """Write the slots held here as their turns come, until ``slots`` slots are written.

        :param check: called while waiting; raises to stop waiting (a holder of later slots died)
        """
        while self.turns.written() < slots:
            self.write_due()
            if self.turns.written() < slots:
                if check is not None:
                    check()
                time.sleep(_POLL)

    def close(self) -> None:
        """Close the files (slots still held are not written)."""
        for fd in (*self.fds, *self.sources.values()):
            os.close(fd)
        if self.spill_fd >= 0:
            os.close(self.spill_fd)
        self.fds, self.sources, self.spill_fd = [], {}, -1

    def _write(self, fd: int, piece: Piece, at: int) -> int:
        """Write ``piece`` into ``fd`` at offset ``at``; returns its size."""
        if isinstance(piece, bytes):
            write_at(fd, piece, at)
            return len(piece)
        source = self.sources.get(piece.path)
        if source is None:
            source = self.sources[piece.path] = os.open(piece.path, os.O_RDONLY)
        copy_range_at(source, piece.offset, piece.size, fd, at)
        return piece.size

    def _write_behind(self, starts: list[int], sizes: list[int]) -> None:
        """Send the bytes just written at ``starts`` to disk now, and drop from the page cache
        each file's bytes from where the last drop ended to ``WRITE_BEHIND`` before them.

        ``POSIX_FADV_DONTNEED`` starts writeback of dirty pages and frees the clean ones:
        pages still being written when their drop comes stay cached, a few at most.
        """
        if _fadvise is None:
            return
        for index, (fd, start, size) in enumerate(zip(self.fds, starts, sizes, strict=True)):
            if size:
                _fadvise(fd, start, size, os.POSIX_FADV_DONTNEED)
            drop = self.turns.claim_drop(index, start - WRITE_BEHIND)
            if drop is not None:
                _fadvise(fd, *drop, os.POSIX_FADV_DONTNEED)

    def _spill(self) -> None:
        """Move held bytes to the spill file, furthest slots first, until under the limit."""
        assert self.spill_path is not None
        if self.spill_fd < 0:
            self.spill_fd = os.open(self.spill_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        for slot in sorted(self.waiting, reverse=True):
            pieces = self.waiting[slot]
            if self.held <= self.limit // 2:
                break
            if not pieces or not any(isinstance(piece, bytes) for piece in pieces):
                continue
            moved: list[Piece] = []
            for piece in pieces:
                if isinstance(piece, bytes):
                    write_at(self.spill_fd, piece, self.spilled)
                    moved.append(Block(str(slot), self.spill_path, self.spilled, len(piece)))
                    self.spilled += len(piece)
                    self.held -= len(piece)
                else:
                    moved.append(piece)
            self.waiting[slot] = moved


def _bytes_held(pieces: list[Piece] | None) -> int:
    return sum(len(piece) for piece in pieces if isinstance(piece, bytes)) if pieces else 0
