"""Ordered appends from several holders: each slot lands after every slot before it, whoever holds it."""

from __future__ import annotations

import multiprocessing
import random
import time
from pathlib import Path

import pytest

from graph_builder.corpus.appender import Appender, Turns
from graph_builder.corpus.blocks import Block


def _files(tmp_path: Path, count: int = 2) -> list[Path]:
    paths = [tmp_path / f"out-{index}" for index in range(count)]
    for path in paths:
        path.touch()
    return paths


def _pieces(slot: int) -> list[bytes]:
    return [f"<{slot}>".encode() * (slot % 3 + 1), f"[{slot}]\n".encode()]


def _expected(slots: range, skip: frozenset[int] = frozenset()) -> list[bytes]:
    return [b"".join(_pieces(s)[index] for s in slots if s not in skip) for index in range(2)]


def test_slots_land_in_order_whoever_holds_them(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    turns = Turns(multiprocessing.get_context(), 2)
    first, second = Appender(turns, paths), Appender(turns, paths)
    first.put(1, list(_pieces(1)))  # not its turn: held
    first.put(3, list(_pieces(3)))
    assert turns.written() == 0 and paths[0].read_bytes() == b""
    second.put(0, list(_pieces(0)))  # its turn: written at once
    assert turns.written() == 1
    second.put(2, None)  # a slot with nothing to write still takes its turn
    first.write_due()  # 1 is due now; 2 is held by the other
    assert turns.written() == 2
    second.write_due()
    first.finish(4)
    assert [p.read_bytes() for p in paths] == _expected(range(4), skip=frozenset({2}))
    assert turns.state() == (4, [p.stat().st_size for p in paths])


def test_ranges_of_other_files_are_copied_at_their_turn(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    old = tmp_path / "old"
    old.write_bytes(b"0123456789abcdef")
    turns = Turns(multiprocessing.get_context(), 2)
    appender = Appender(turns, paths)
    appender.put(1, [Block("k", old, 10, 6), b"x"])
    appender.put(0, [b"head:", Block("k", old, 0, 4)])
    assert [p.read_bytes() for p in paths] == [b"head:abcdef", b"0123x"]


def test_an_appender_over_its_limit_spills_and_still_writes_in_order(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    turns = Turns(multiprocessing.get_context(), 2)
    spill = tmp_path / "spill"
    holder = Appender(turns, paths, spill=spill, limit=64)
    for slot in range(1, 40):
        holder.put(slot, list(_pieces(slot)))
    assert holder.held <= 64 and spill.stat().st_size > 0  # the furthest slots went to the spill file
    other = Appender(turns, paths)
    other.put(0, list(_pieces(0)))
    holder.finish(40)
    assert [p.read_bytes() for p in paths] == _expected(range(40))


def _hold(args: tuple[list[int], list[str], int]) -> int:
    slots, names, seed = args
    turns: Turns = _SHARED["turns"]
    appender = Appender(turns, [Path(n) for n in names], spill=Path(names[0] + f".spill{seed}"), limit=200)
    rng = random.Random(seed)
    for slot in slots:
        time.sleep(rng.random() / 500)
        appender.put(slot, list(_pieces(slot)))
    appender.finish(max(slots) + 1)
    appender.close()
    return len(slots)


_SHARED: dict[str, Turns] = {}


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_processes_interleaving_slots_write_one_ordered_file(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    context = multiprocessing.get_context("fork")
    _SHARED["turns"] = Turns(context, 2)
    slots = list(range(300))
    random.Random(7).shuffle(slots)
    shares = [sorted(slots[index::3]) for index in range(3)]  # each process hands its slots over in order
    with context.Pool(3) as pool:
        done = pool.map(_hold, [(share, [str(p) for p in paths], index) for index, share in enumerate(shares)])
    assert done == [100, 100, 100]
    assert [p.read_bytes() for p in paths] == _expected(range(300))


def test_written_bytes_leave_the_page_cache_behind_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each slot's bytes are sent to disk as written; what lies ``WRITE_BEHIND`` before the
    end is dropped from the cache in contiguous runs, never a byte of the last slots."""
    from graph_builder.corpus import appender as module

    paths = _files(tmp_path)
    turns = Turns(multiprocessing.get_context(), 2)
    first, second = Appender(turns, paths), Appender(turns, paths)
    file_of = {fd: index for appender in (first, second) for index, fd in enumerate(appender.fds)}
    calls: list[tuple[int, int, int, int]] = []  # file, offset, length, where the file ended at the call

    def advise(fd: int, offset: int, length: int, advice: int) -> None:
        assert advice == module.os.POSIX_FADV_DONTNEED
        calls.append((file_of[fd], offset, length, turns.ends[file_of[fd]]))

    monkeypatch.setattr(module, "_fadvise", advise)
    monkeypatch.setattr(module, "WRITE_BEHIND", 20)
    monkeypatch.setattr(module, "_DROP_STEP", 8)
    for slot in range(30):  # file 0: 5 bytes a slot; file 1: 1 byte every other slot
        (first if slot % 2 else second).put(slot, [b"a" * 5, b"b" * (slot % 2)])
    first.finish(30)
    assert [p.read_bytes() for p in paths] == [b"a" * 150, b"b" * 15]
    # (advised after the turn has passed on: here, with one process at a time, the file then ends after the slot)
    sent = [(offset, length) for file, offset, length, end in calls if file == 0 and offset + length == end]
    assert sent == [(5 * slot, 5) for slot in range(30)]  # every write sent to disk at once
    drops = [(offset, length, end) for file, offset, length, end in calls if file == 0 and offset + length != end]
    assert drops and drops[0][0] == 0
    for (offset, length, end), following in zip(drops, [*drops[1:], None], strict=True):
        assert length >= 8 and offset + length == end - 5 - 20  # never the last WRITE_BEHIND bytes before the slot
        if following:
            assert following[0] == offset + length  # contiguous runs
    assert turns.dropped[0] == drops[-1][0] + drops[-1][1] > 145 - 20 - 8  # within one step of the end
    # file 1 is shorter than WRITE_BEHIND: sent as written, nothing dropped; an empty piece costs no call
    assert [(offset, length) for file, offset, length, _ in calls if file == 1] == [(k, 1) for k in range(15)]
