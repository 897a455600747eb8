"""The persistent store of a build folder (DIR/store/): built by `ipgov build`, kept in step with
manifest.json letter by letter, read by `ipgov query` and `ipgov export`; a killed build leaves
the previous store usable and the next build repairs it; a folder without one still answers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_builder.corpus.build import build_corpus
from graph_builder.queries import canned_queries, run_query
from graph_builder.store import persistent
from graph_builder.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev" / "letters"


@pytest.fixture(autouse=True)
def _release_pins():  # type: ignore[no-untyped-def]
    """Stores this test process opened do not hold their generations once it moves on."""
    yield
    persistent.release_pins()


@pytest.fixture()
def letters(tmp_path: Path, own_letters: list[Path], seed_path: Path) -> Path:
    """The seed, the tests' own letters and, when ../shared is there, the team's dev letters."""
    folder = tmp_path / "letters"
    folder.mkdir()
    dev = sorted(SHARED_DEV.glob("*.txt")) if SHARED_DEV.is_dir() else []
    for path in [seed_path, *own_letters, *dev]:
        shutil.copy(path, folder / path.name)
    return folder


def _paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def _quads_of_store(store: object) -> set[str]:
    return {str(quad) for quad in store.quads_for_pattern(None, None, None, None)}  # type: ignore[attr-defined]


def _quads_of_dataset(out: Path) -> set[str]:
    """dataset.nq's quads as a pyoxigraph store holds them (it stores an xsd:nonNegativeInteger
    as the xsd:integer of the same value, in memory as on disk)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(out / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    return _quads_of_store(store)


def _rows(result: object) -> list[tuple[str, ...]]:
    return sorted(tuple("" if term is None else str(term) for term in row) for row in result.rows)  # type: ignore[attr-defined]


def _check_store_matches(out: Path) -> None:
    """The generation matching the manifest holds exactly dataset.nq's quads; it is the only one."""
    generation = persistent.current_generation(out)
    assert generation is not None
    store = persistent.open_store(out)
    assert store is not None
    assert _quads_of_store(store) == _quads_of_dataset(out)
    del store
    persistent.release_pins()
    names = sorted(p.name for p in (out / persistent.STORE).iterdir())
    assert names == [generation.name, f"{generation.name}.json"]


def test_query_reads_the_store_with_the_rows_of_the_nquads(tmp_path: Path, letters: Path) -> None:
    out = tmp_path / "out"
    summary = build_corpus(_paths(letters), out, jobs=2, store=True)
    assert summary.store is not None and summary.store.mode == "full"
    _check_store_matches(out)
    on_disk = EmbeddedStore(persistent.open_store(out))
    loaded = EmbeddedStore.from_paths([out / "dataset.nq"])
    compared = 0
    for query in canned_queries():
        required = any(p.required for p in query.params)
        for raw in [*query.examples, *([] if required else [{}])]:
            assert _rows(run_query(query, raw, on_disk)) == _rows(run_query(query, raw, loaded)), (query.name, raw)
            compared += 1
    assert compared >= len(canned_queries())

    # as a user runs it: the same table from the CLI, which opens the store (no dataset.nq needed)
    command = [sys.executable, "-m", "graph_builder", "query", "co-handlers", "--data", str(out), "--format", "csv"]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    shutil.move(out / "dataset.nq", tmp_path / "aside.nq")  # proves the answer came from the store…
    (out / "dataset.nq").write_bytes(b"")
    try:
        # …but the folder no longer matches its manifest: refused, as before
        refused = subprocess.run(command, capture_output=True, text=True, check=False)
        assert refused.returncode == 2 and "does not match manifest" in refused.stderr
    finally:
        shutil.move(tmp_path / "aside.nq", out / "dataset.nq")
    assert first.stdout.count("\n") > 2


def test_incremental_update_changed_and_removed_letters(tmp_path: Path, letters: Path) -> None:
    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1, store=True)
    first = persistent.current_generation(out)
    assert first is not None

    # nothing changed: nothing rewritten, the same generation
    before = {p.name: p.stat().st_mtime_ns for p in first.iterdir()}
    again = build_corpus(_paths(letters), out, jobs=1, store=True)
    assert again.store is not None and again.store.mode == "kept"
    assert persistent.current_generation(out) == first
    assert {p.name: p.stat().st_mtime_ns for p in first.iterdir()} == before

    # one letter changed, one removed: their graphs replaced and dropped, the rest kept
    paths = _paths(letters)
    changed, removed = paths[1], paths[2]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("知识产权", "知识產權", 1) + "\n此致\n", encoding="utf-8")
    removed.unlink()
    summary = build_corpus(_paths(letters), out, jobs=1, store=True)
    assert summary.store is not None and summary.store.mode == "incremental", summary.store
    assert summary.store.letters == 1 and summary.store.removed == 2
    assert summary.dropped == [removed.stem]
    _check_store_matches(out)
    assert persistent.current_generation(out) != first and not first.exists()

    # --force gives the same manifest, which the store matches already
    forced = build_corpus(_paths(letters), out, jobs=1, store=True, force=True)
    assert forced.store is not None and forced.store.mode == "kept"

    # many letters changed (over INCREMENTAL_SHARE): the whole dataset bulk-loaded afresh
    many = _paths(letters)[: int(len(_paths(letters)) * persistent.INCREMENTAL_SHARE) + 2]
    for path in many:
        path.write_text(path.read_text(encoding="utf-8") + "\n附件：无\n", encoding="utf-8")
    full = build_corpus(_paths(letters), out, jobs=1, store=True)
    assert full.store is not None and full.store.mode == "full"
    _check_store_matches(out)


_KILLED_BUILD = """
import sys, time
from pathlib import Path
from graph_builder.corpus.build import build_corpus
from graph_builder.store.persistent import update as persistent

where = sys.argv[3]
if where == "loading":  # stopped while the new generation is being written
    original = persistent._close
    def _close(store):
        print("STORE", flush=True)
        time.sleep(120)
    persistent._close = _close
else:  # stopped once the new generation is stamped, before the manifest is moved in
    original = persistent._write_stamp
    def _write_stamp(path, stamp):
        original(path, stamp)
        print("STORE", flush=True)
        time.sleep(120)
    persistent._write_stamp = _write_stamp
build_corpus(sorted(Path(sys.argv[1]).glob("*.txt")), Path(sys.argv[2]), jobs=1, store=True)
"""


@pytest.mark.parametrize("where", ["loading", "stamped"])
def test_a_killed_build_leaves_a_usable_store_that_the_next_build_repairs(
    tmp_path: Path, letters: Path, where: str
) -> None:
    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1, store=True)
    old_generation = persistent.current_generation(out)
    old_quads = _quads_of_dataset(out)
    paths = _paths(letters)
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\n附件：无\n", encoding="utf-8")
    paths[3].unlink()

    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BUILD, str(letters), str(out), where],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "STORE"
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
        child.stdout.close()  # type: ignore[union-attr]
    leftovers = sorted(p.name for p in (out / persistent.STORE).iterdir())
    assert len(leftovers) > 2  # the new generation, half made or made and stamped, beside the old one

    # the previous store is the one readers get, whole, and it answers
    assert persistent.current_generation(out) == old_generation
    store = persistent.open_store(out)
    assert store is not None and _quads_of_store(store) == old_quads
    del store
    persistent.release_pins()
    answer = subprocess.run(
        [sys.executable, "-m", "graph_builder", "query", "replies", "--data", str(out), "--format", "csv"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.count("\n") > 2

    # the next build finishes the job and leaves one generation, matching its manifest
    build_corpus(_paths(letters), out, jobs=1, store=True)
    _check_store_matches(out)
    assert _quads_of_dataset(out) != old_quads


def test_a_reader_keeps_its_generation_until_it_is_done(tmp_path: Path, letters: Path) -> None:
    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1, store=True)
    held = persistent.current_generation(out)
    reader = subprocess.Popen(  # a reader that opened the store and is still querying
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from graph_builder.store import persistent;"
         "s = persistent.open_store(Path(sys.argv[1])); print(len(s), flush=True); time.sleep(120)", str(out)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert reader.stdout is not None and int(reader.stdout.readline()) > 0
        paths = _paths(letters)
        paths[0].unlink()
        build_corpus(_paths(letters), out, jobs=1, store=True)
        assert held is not None and held.is_dir()  # pinned: left for a later build
        assert persistent.current_generation(out) != held
    finally:
        reader.kill()
        reader.wait(30)
        reader.stdout.close()  # type: ignore[union-attr]
    paths[1].unlink()
    build_corpus(_paths(letters), out, jobs=1, store=True)
    assert not held.exists()
    _check_store_matches(out)


def test_a_folder_without_a_store_still_answers(tmp_path: Path, letters: Path) -> None:
    with_store, without = tmp_path / "with", tmp_path / "without"
    build_corpus(_paths(letters), with_store, jobs=1, store=True)
    build_corpus(_paths(letters), without, jobs=1)
    assert not (without / persistent.STORE).exists() and persistent.open_store(without) is None
    tables = {}
    for folder in (with_store, without):
        command = [sys.executable, "-m", "graph_builder", "query", "replies", "--data", str(folder), "--format", "csv"]
        tables[folder] = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert tables[with_store] == tables[without] and tables[without].count("\n") > 2

    # a build without the store removes the one an earlier build left
    build_corpus(_paths(letters), with_store, jobs=1)
    assert not (with_store / persistent.STORE).exists()

    # and a build with it, nothing else changed, makes it (an older build folder gets its store)
    again = build_corpus(_paths(letters), without, jobs=1, store=True)
    assert again.built == [] and again.store is not None and again.store.mode == "full"
    _check_store_matches(without)


def test_build_command_keeps_a_store_when_told_to(tmp_path: Path, seed_path: Path) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    plain = subprocess.run([sys.executable, "-m", "graph_builder", "build", str(seed_path), "-o", str(out),
                            "--no-validate"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert ", store " not in plain.stdout and not (out / persistent.STORE).exists()  # opt-in
    run = subprocess.run([sys.executable, "-m", "graph_builder", "build", str(seed_path), "-o", str(out),
                          "--no-validate", "--store"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert ", store " in run.stdout and "(full)" in run.stdout
    _check_store_matches(out)
    subprocess.run([sys.executable, "-m", "graph_builder", "build", str(seed_path), "-o", str(out),
                    "--no-validate", "--no-store"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert not (out / persistent.STORE).exists()
    assert time.monotonic() - started < 120


def test_a_store_of_another_pyoxigraph_is_neither_read_nor_updated_but_made_again(
    tmp_path: Path, seed_path: Path
) -> None:
    import json

    out = tmp_path / "out"
    build_corpus([seed_path], out, jobs=1, store=True)
    generation = persistent.current_generation(out)
    assert generation is not None
    stamp_path = generation.with_suffix(".json")
    stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    assert stamp["engine"] == persistent.engine()
    stamp_path.write_text(json.dumps({**stamp, "engine": "pyoxigraph 0.0.1"}), encoding="utf-8")
    assert persistent.current_generation(out) is None and persistent.open_store(out) is None
    again = build_corpus([seed_path], out, jobs=1, store=True)
    assert again.store is not None and again.store.mode == "full"
    _check_store_matches(out)
