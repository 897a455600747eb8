"""Corpus builds: parallel = sequential bytes, incremental = full, bad letters, interrupted builds."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_builder.corpus.blocks import letter_blocks, letter_facts, letter_graph
from graph_builder.corpus.build import build_corpus
from graph_builder.pipeline import build_letter

ROOT = Path(__file__).resolve().parents[1]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder (hidden staging and the writers' lock file excluded), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".staging" not in p.parts and not p.name.startswith(".merge-") and p.name != ".ipgov.lock"
    }


@pytest.fixture()
def letters(tmp_path: Path, own_letters: list[Path], seed_path: Path) -> Path:
    """A folder with the seed and the tests' own letters."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for path in [seed_path, *own_letters]:
        shutil.copy(path, folder / path.name)
    return folder


def _paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def test_parallel_build_equals_sequential(tmp_path: Path, letters: Path) -> None:
    one = build_corpus(_paths(letters), tmp_path / "one", jobs=1)
    two = build_corpus(_paths(letters), tmp_path / "two", jobs=2)
    assert one.failed == two.failed == []
    assert len(one.built) == len(_paths(letters))
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_merged_outputs_equal_pyoxigraph_of_the_whole(tmp_path: Path, letters: Path) -> None:
    """dataset.trig and merged.ttl, assembled by streaming, equal pyoxigraph's output for the whole dataset."""
    import pyoxigraph as ox

    from graph_builder.namespaces import PREFIXES

    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1, formats=("trig", "ttl"))
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    # sorted as the TriG and Turtle writers sort (the N-Quads keep each fact beside its evidence)
    text = (out / "dataset.nq").read_text(encoding="utf-8")
    lines = sorted(text.splitlines(keepends=True), key=lambda line: (line[line.rindex(" <") :], line))
    quads = list(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS))
    assert (out / "dataset.trig").read_bytes() == ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    assert (out / "merged.ttl").read_bytes() == ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    nquads = b"".join(build_letter(p).nquads_bytes for p in sorted(_paths(letters), key=lambda p: p.stem))
    assert (out / "dataset.nq").read_bytes() == nquads
    for block in letter_blocks(out):  # the manifest's ranges are the letters' graphs
        assert block.read() == build_letter(letters / f"{block.key}.txt").nquads_bytes


def test_external_merge_with_many_runs_equals_one_pass(
    tmp_path: Path, letters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph_builder.corpus import merge

    build_corpus(_paths(letters), tmp_path / "wide", jobs=1, formats=("ttl",))
    monkeypatch.setattr(merge, "MERGE_FAN_IN", 2)  # forces several levels of run files
    build_corpus(_paths(letters), tmp_path / "narrow", jobs=1, force=True, formats=("ttl",))
    assert (tmp_path / "wide" / "merged.ttl").read_bytes() == (tmp_path / "narrow" / "merged.ttl").read_bytes()


def test_incremental_skips_rebuilds_drops_and_equals_full(tmp_path: Path, letters: Path) -> None:
    out = tmp_path / "out"
    first = build_corpus(_paths(letters), out, jobs=1)
    assert first.unchanged == [] and len(first.built) == len(_paths(letters))

    again = build_corpus(_paths(letters), out, jobs=1)
    assert again.built == [] and again.unchanged == first.built

    changed = letters / "mine_03_party_jiusan.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n此件公开发布。\n", encoding="utf-8")
    gone = letters / "mine_05_cohandler_opinion.txt"
    gone.unlink()
    third = build_corpus(_paths(letters), out, jobs=2)
    assert third.built == ["mine_03_party_jiusan"]
    assert third.dropped == ["mine_05_cohandler_opinion"]
    assert letter_graph(out, "mine_05_cohandler_opinion") is None
    assert letter_facts(out, "mine_05_cohandler_opinion") is None
    assert '"mine_05_cohandler_opinion"' not in (out / "facts.jsonl").read_text(encoding="utf-8")
    assert '"mine_05_cohandler_opinion"' not in (out / "entities.jsonl").read_text(encoding="utf-8")
    assert "mine_05_cohandler_opinion" not in (out / "manifest.json").read_text(encoding="utf-8")

    full = build_corpus(_paths(letters), tmp_path / "full", jobs=1)
    assert full.built == sorted(third.built + third.unchanged)
    assert _files(out) == _files(tmp_path / "full")


def test_switching_formats_between_builds_equals_a_full_build(tmp_path: Path, letters: Path) -> None:
    """TriG blocks of letters rebuilt without TriG are not reused later: they would be stale."""
    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1, formats=("trig",))
    changed = letters / "mine_03_party_jiusan.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n此件公开发布。\n", encoding="utf-8")
    plain = build_corpus(_paths(letters), out, jobs=1)
    assert plain.built == ["mine_03_party_jiusan"] and not (out / "dataset.trig").exists()
    again = build_corpus(_paths(letters), out, jobs=1, formats=("trig",))
    assert again.built == ["mine_03_party_jiusan"]
    build_corpus(_paths(letters), tmp_path / "full", jobs=1, formats=("trig",))
    assert _files(out) == _files(tmp_path / "full")


def test_force_rebuilds_everything(tmp_path: Path, letters: Path) -> None:
    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1)
    before = _files(out)
    forced = build_corpus(_paths(letters), out, jobs=1, force=True)
    assert forced.unchanged == [] and len(forced.built) == len(_paths(letters))
    assert _files(out) == before


def test_changed_tool_rebuilds(tmp_path: Path, letters: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_builder.corpus import manifest

    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1)
    monkeypatch.setattr(manifest, "tool_version", lambda: "9.9.9+other")
    again = build_corpus(_paths(letters), out, jobs=1)
    assert again.unchanged == [] and len(again.built) == len(_paths(letters))


def test_the_data_digest_covers_the_word_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A word added to a list of data/names/ changes the manifest's data digest, as an edit to a
    rule's code changes its tool digest: the letters built before it are rebuilt."""
    from graph_builder import resources
    from graph_builder.corpus import manifest

    data = tmp_path / "data"
    shutil.copytree(ROOT / "graph_builder" / "data" / "gazetteer", data / "gazetteer")
    shutil.copytree(ROOT / "graph_builder" / "data" / "names", data / "names")
    monkeypatch.setattr(resources, "data_path", lambda *parts: data.joinpath(*parts))
    before = manifest.gazetteer_version.__wrapped__()
    with (data / "names" / "function_words.tsv").open("a", encoding="utf-8") as handle:
        handle.write("落实\t\tverb 'carry out'\n")
    assert manifest.gazetteer_version.__wrapped__() != before


def test_bad_letters_one_line_each_exit_1_rest_built(tmp_path: Path, own_letters: list[Path]) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(own_letters[0], folder / own_letters[0].name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "short.txt").write_text("就一句话。\n", encoding="utf-8")
    (folder / "dump.txt").write_bytes(own_letters[0].read_bytes() * 400)  # ~2 MB: letters pasted together
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-P", "-m", "graph_builder", "build", str(folder), "-o", str(out), "--no-validate"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 1
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 4
    names = ("empty.txt", "binary.txt", "short.txt", "dump.txt")
    assert {line.split(":")[0] for line in problems} == {str(folder / n) for n in names}
    assert "built 1 letter(s), failed 4" in result.stdout
    assert len(letter_graph(out, own_letters[0].stem) or b"") > 1000


def test_progress_is_silent_when_piped(tmp_path: Path, letters: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-P", "-m", "graph_builder", "build", str(letters), "-o", str(tmp_path / "o"), "-j", "1",
         "--no-validate"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_progress_bar_line() -> None:
    import io

    from graph_builder.progress import Progress

    stream = io.StringIO()
    bar = Progress(4, stream=stream, enabled=True)
    for _ in range(4):
        bar.advance()
    bar.close()
    assert "4/4 letters" in stream.getvalue() and stream.getvalue().endswith("\n")
    quiet = io.StringIO()
    Progress(4, stream=quiet).advance()  # StringIO is not a terminal
    assert quiet.getvalue() == ""


@pytest.mark.slow
@pytest.mark.parametrize(("jobs", "letters"), [("1", 60), ("2", 200)])
def test_interrupted_build_keeps_previous_outputs_and_resumes(tmp_path: Path, jobs: str, letters: int) -> None:
    """Kill a build mid-way: the old outputs and manifest stay; the next run resumes and equals a full build.

    With two workers, letters built ahead of their turn are lost with the workers; the
    journal lists only letters already written, so the next run builds the rest."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import make_corpus

    corpus = tmp_path / "corpus"
    make_corpus(letters, corpus, seed=3)
    out = tmp_path / "out"
    first = sorted(corpus.glob("*.txt"))[:5]
    build_corpus(first, out, jobs=1)
    before = _files(out)
    journal = out / ".staging" / "journal.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "graph_builder", "build", str(corpus), "-o", str(out), "-j", jobs,
         "--no-validate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") >= 6:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _files(out) == before, "a killed build changed the previous outputs"

    resumed = build_corpus(sorted(corpus.glob("*.txt")), out, jobs=2)
    assert resumed.failed == []
    build_corpus(sorted(corpus.glob("*.txt")), tmp_path / "full", jobs=2)
    assert _files(out) == _files(tmp_path / "full")
    assert len(resumed.unchanged) == 5


_KILL_ONE_WORKER = """
import os, signal, sys
import graph_builder.pipeline as pipeline
from graph_builder.cli import main

build_letter = pipeline.build_letter

def dying(path, *args, **kwargs):  # the system kills the worker that takes this letter
    if str(path).endswith(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
    return build_letter(path, *args, **kwargs)

pipeline.build_letter = dying
sys.exit(main(["build", sys.argv[1], "-o", sys.argv[2], "-j", "2", "--no-validate"]))
"""


@pytest.mark.slow
def test_a_killed_worker_stops_the_build_with_one_line_and_the_next_run_resumes(tmp_path: Path) -> None:
    """A worker killed mid-build (out of memory, say) loses the letters it held for their turn:
    the build stops at once with exit 3 and one line instead of waiting for them for ever;
    the previous outputs stay, and the next run resumes to the bytes of a full build."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import make_corpus

    corpus = tmp_path / "corpus"
    make_corpus(60, corpus, seed=5)
    paths = sorted(corpus.glob("*.txt"))
    out = tmp_path / "out"
    build_corpus(paths[:3], out, jobs=1)
    before = _files(out)
    stopped = subprocess.run(
        [sys.executable, "-P", "-c", _KILL_ONE_WORKER, str(corpus), str(out), paths[20].name],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert stopped.returncode == 3, stopped.stderr
    assert stopped.stderr.count("\n") == 1 and "a worker process died mid-build" in stopped.stderr
    assert str(out) in stopped.stderr
    assert _files(out) == before, "a build stopped by a dead worker changed the previous outputs"

    resumed = build_corpus(paths, out, jobs=2)
    assert resumed.failed == []
    build_corpus(paths, tmp_path / "full", jobs=2)
    assert _files(out) == _files(tmp_path / "full")


def _ignores_sigint(pid: int) -> bool:
    with open(f"/proc/{pid}/status") as status:
        mask = next(line.split()[1] for line in status if line.startswith("SigIgn:"))
    return bool(int(mask, 16) & (1 << (signal.SIGINT - 1)))


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads signal masks from /proc")
def test_ctrl_c_stops_a_parallel_build_with_one_line(tmp_path: Path) -> None:
    """Ctrl-C reaches every process of the terminal's group: the build process answers it
    (exit 130, one line) and the workers ignore it, so none prints a traceback of its own."""
    sys.path.insert(0, str(ROOT / "bench"))
    from make_corpus import make_corpus

    corpus = tmp_path / "corpus"
    make_corpus(400, corpus, seed=7)
    out = tmp_path / "out"
    build_corpus(sorted(corpus.glob("*.txt"))[:3], out, jobs=1)
    before = _files(out)
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "graph_builder", "build", str(corpus), "-o", str(out), "-j", "2", "--no-validate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp_path, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as on a terminal
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        with open(f"/proc/{process.pid}/task/{process.pid}/children") as children:
            workers = [int(pid) for pid in children.read().split()]
        time.sleep(0.02)
    assert len(workers) >= 2, "the build ended before its workers could be seen"
    time.sleep(0.3)  # past the workers' start
    assert not _ignores_sigint(process.pid) and all(_ignores_sigint(pid) for pid in workers[:2])
    os.killpg(process.pid, signal.SIGINT)
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 130
    assert stderr.splitlines() == [f"ipgov: interrupted; {out}/ keeps its previous outputs, the next build resumes"]
    assert _files(out) == before


def test_commit_stopped_between_dataset_and_manifest_is_finished_next_time(
    tmp_path: Path, letters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new dataset.nq was moved in but the manifest was not: the next run moves the staged
    manifest in rather than trusting old ranges over a new file."""
    from graph_builder.corpus import commit

    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1)
    changed = letters / "mine_03_party_jiusan.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n此件公开发布。\n", encoding="utf-8")

    def stop(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(commit, "write_merged", stop)
    with pytest.raises(KeyboardInterrupt):
        build_corpus(_paths(letters), out, jobs=1)
    monkeypatch.undo()
    again = build_corpus(_paths(letters), out, jobs=1)
    assert again.built == [] and len(again.unchanged) == len(_paths(letters))
    build_corpus(_paths(letters), tmp_path / "full", jobs=1)
    assert _files(out) == _files(tmp_path / "full")


def test_commit_stopped_among_the_stream_files_is_finished_next_time(
    tmp_path: Path, letters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dataset.nq was moved in, facts.jsonl and entities.jsonl were not: the next run moves
    them and the staged manifest in, so no file is indexed by another file's manifest."""
    from graph_builder.corpus import commit

    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=1)
    changed = letters / "mine_03_party_jiusan.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n此件公开发布。\n", encoding="utf-8")
    real_replace = os.replace

    def replace_until_facts(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "facts.jsonl":
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(commit.os, "replace", replace_until_facts)
    with pytest.raises(KeyboardInterrupt):
        build_corpus(_paths(letters), out, jobs=1)
    monkeypatch.undo()
    assert list(out.glob(".staging/part-*/facts.jsonl")) and list(out.glob(".staging/part-*/manifest.json"))
    again = build_corpus(_paths(letters), out, jobs=1)
    assert again.built == [] and len(again.unchanged) == len(_paths(letters))
    build_corpus(_paths(letters), tmp_path / "full", jobs=1)
    assert _files(out) == _files(tmp_path / "full")


def test_per_letter_files_of_older_builds_are_removed(tmp_path: Path, letters: Path) -> None:
    """Builds before the stream files wrote facts/<key>.json and entities/<key>.json: stale now."""
    out = tmp_path / "out"
    for folder in ("graphs", "facts", "entities"):
        (out / folder).mkdir(parents=True)
        (out / folder / "mine_03_party_jiusan.json").write_text("{}", encoding="utf-8")
    build_corpus(_paths(letters), out, jobs=1)
    assert not any((out / folder).exists() for folder in ("graphs", "facts", "entities"))
    keys = [json.loads(line)["letter"] for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert keys == sorted(p.stem for p in _paths(letters))
    ids = [json.loads(line)["id"] for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == keys


def test_one_copy_of_the_nquads_and_no_copy_when_nothing_changed(tmp_path: Path, letters: Path) -> None:
    out = tmp_path / "out"
    build_corpus(_paths(letters), out, jobs=2)
    assert not (out / "graphs").exists() and not (out / ".staging").exists()
    inode = (out / "dataset.nq").stat().st_ino
    build_corpus(_paths(letters), out, jobs=2)
    assert (out / "dataset.nq").stat().st_ino == inode  # not rewritten


def test_turtle_runs_are_cut_between_subjects_and_concatenate() -> None:
    from graph_builder.corpus.merge import _format_chunk, _subject_chunks

    texts = [f"<urn:s{n // 4}> <urn:p> \"{n}\"" for n in range(30)]
    chunks = list(_subject_chunks(iter(texts), size=3))
    assert [t for chunk in chunks for t in chunk] == texts
    assert all(chunk[-1].split()[0] != nxt[0].split()[0] for chunk, nxt in itertools.pairwise(chunks))
    assert b"".join(_format_chunk(c) for c in chunks) == _format_chunk(texts)
