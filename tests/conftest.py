"""Shared fixtures: the seed letter, its built graph (session scope), gold files."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph_builder.pipeline import BuiltLetter, build_letter

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "graph_builder" / "data" / "letters" / "000_cf6b83477be807db.txt"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    """--update-golden rewrites golden files instead of comparing with them."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden files")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files are to be rewritten."""
    return bool(request.config.getoption("--update-golden"))


class Snapshot:
    """Golden files: ``check(path, text)`` compares ``text`` with the file, or with
    ``--update-golden`` writes it first (UTF-8, bytes as given: no newline translation)."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, path: Path, text: str, what: str = "") -> None:
        """Assert that ``path`` holds ``text``; ``what`` names it in the message (default: the path)."""
        if self.update and (not path.is_file() or path.read_bytes() != text.encode("utf-8")):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        assert path.is_file(), f"{path} missing: run pytest --update-golden"
        assert path.read_bytes().decode("utf-8") == text, (
            f"{what or path} differs from {path}: run pytest --update-golden if meant"
        )


@pytest.fixture(scope="session")
def snapshot(update_golden: bool) -> Snapshot:
    """The one way tests compare with golden files (``Snapshot.check``)."""
    return Snapshot(update_golden)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled seed letter."""
    return SEED


@pytest.fixture(scope="session")
def seed_built() -> BuiltLetter:
    """The seed letter built once: facts JSON and sorted N-Quads lines."""
    return build_letter(SEED)


@pytest.fixture(scope="session")
def seed_nquads(tmp_path_factory: pytest.TempPathFactory, seed_built: BuiltLetter) -> Path:
    """The seed's named graph as an N-Quads file."""
    path = tmp_path_factory.mktemp("seed") / "seed.nq"
    path.write_text("".join(seed_built.nquads), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_dataset(seed_nquads: Path):  # type: ignore[no-untyped-def]
    """The seed as an rdflib Dataset (one named graph)."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(seed_nquads, format="nquads")
    return dataset


@pytest.fixture(scope="session")
def seed_store(seed_nquads: Path):  # type: ignore[no-untyped-def]
    """The seed in a pyoxigraph Store."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(seed_nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="session")
def own_letters() -> list[Path]:
    """The letters written for the tests (tests/data/letters)."""
    return sorted((DATA / "letters").glob("*.txt"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared folder (eval data, schemas), beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def write_build():  # type: ignore[no-untyped-def]
    """``write_build(out, {key: nquads bytes})``: a build output folder as `ipgov build` lays it
    out (dataset.nq in key order, each letter's range in manifest.json), for graphs made by hand
    (no facts.jsonl or entities.jsonl: a build of this folder builds every letter again)."""
    from graph_builder.corpus import manifest as mf

    def write(out: Path, graphs: dict[str, bytes]) -> Path:
        out.mkdir(parents=True, exist_ok=True)
        manifest = mf.current()
        offset = 0
        with (out / "dataset.nq").open("wb") as sink:
            for key in sorted(graphs):
                data = graphs[key]
                sink.write(data)
                manifest.letters[key] = mf.Entry(f"{key}.txt", key, data.count(b"\n"), {}, offset, len(data))
                offset += len(data)
        manifest.sizes = {"nq": offset}
        mf.save(out, manifest)
        return out

    return write


def _stop_process(process: subprocess.Popen[Any], timeout: float = 15) -> None:
    """SIGTERM (so that a server can stop what it started), then SIGKILL after ``timeout`` s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def stop_process() -> Callable[..., None]:
    """``stop_process(popen, timeout=15)``: stop a child process the tests started."""
    return _stop_process
