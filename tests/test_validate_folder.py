"""Validating a build folder letter file by letter file gives what the whole-dataset way gives,
union shapes included, and redoes only the letters whose graph changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.blocks import letter_blocks, letter_graph
from graph_builder.validate import folder as folder_module
from graph_builder.validate.folder import validate_folder
from graph_builder.validate.inputs import read_graphs
from graph_builder.validate.run import Report, validate_graphs

ORG = "<https://w3id.org/ipgov/id/org/"
PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"


@pytest.fixture()
def built(tmp_path: Path, own_letters: list[Path], seed_path: Path) -> Path:
    out = tmp_path / "out"
    assert main(["build", str(seed_path), *map(str, own_letters[:4]), "-o", str(out), "--no-validate"]) == 0
    return out


def _whole(out: Path) -> Report:
    """The reference: every graph read into memory, the union on one in-memory store."""
    return validate_graphs(read_graphs([out / "dataset.nq"]), "both", jobs=1)


def _same(a: Report, b: Report) -> None:
    assert [(r, r.messages) for r in a.results] == [(r, r.messages) for r in b.results]
    assert (a.letters, a.triples, a.labels, a.sentences) == (b.letters, b.triples, b.labels, b.sentences)


def _graph(out: Path, key: str) -> str:
    return (letter_graph(out, key) or b"").decode()


def _rewrite(out: Path, key: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change one letter's graph in dataset.nq and its manifest entry, as a rebuild by a broken
    tool would (the letter's bytes changed, so its sha256 did)."""
    manifest = mf.load(out)
    assert manifest is not None
    graphs = {block.key: block.read() for block in letter_blocks(out)}
    old = graphs[key].decode()
    new = change(old)
    assert new != old
    graphs[key] = new.encode()
    offset = 0
    with (out / "dataset.nq").open("wb") as sink:
        for name in sorted(graphs):
            entry = manifest.letters[name]
            entry.offset, entry.size = offset, len(graphs[name])
            sink.write(graphs[name])
            offset += entry.size
    manifest.letters[key].sha256 = "0" * 64
    manifest.sizes["nq"] = offset
    mf.save(out, manifest)


def test_folder_way_equals_whole_dataset_way(built: Path) -> None:
    report = validate_folder(built, jobs=2)
    _same(report, _whole(built))
    assert report.conforms and len(report.letters) == 5


def test_union_label_clash_found_and_only_the_changed_letter_redone(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate_folder(built, jobs=1)  # fills the cache
    first, second = sorted(block.key for block in letter_blocks(built))[:2]
    shared = {line.split(" ")[0] for line in _graph(built, first).splitlines() if line.startswith(ORG)} & {
        line.split(" ")[0] for line in _graph(built, second).splitlines()
    }
    org = sorted(shared)[0]

    def relabel(text: str) -> str:
        lines = text.splitlines(keepends=True)
        return "".join(
            line.replace('"@zh', '改"@zh', 1) if line.startswith(f"{org} {PREF_LABEL}") and '"@zh' in line else line
            for line in lines
        )

    _rewrite(built, second, relabel)
    redone: list[str] = []
    real = folder_module.check_letter
    monkeypatch.setattr(folder_module, "check_letter", lambda block: redone.append(block.key) or real(block))
    report = validate_folder(built, jobs=1)
    assert redone == [second]
    clashes = [r for r in report.results if r.shape.endswith("#UnionLabelShape-prefLabelZh")]
    assert [r.focus for r in clashes] == [org] and not report.conforms
    _same(report, _whole(built))


def test_undeclared_term_on_a_letter_local_node_is_found(built: Path) -> None:
    key = sorted(block.key for block in letter_blocks(built))[0]

    def add_term(text: str) -> str:
        lines = text.splitlines(keepends=True)
        line = next(line for line in lines if line.startswith("<https://w3id.org/ipgov/id/figure/"))
        subject, graph = line.split(" ")[0], line.rsplit(" ", 2)[-2]
        return text + f'{subject} <https://w3id.org/ipgov/ontology#notATerm> "x" {graph} .\n'

    _rewrite(built, key, add_term)
    report = validate_folder(built, jobs=2)
    assert [r.value for r in report.results if r.shape.endswith("#VocabularyShape")] == [
        "<https://w3id.org/ipgov/ontology#notATerm>"
    ]
    _same(report, _whole(built))


def test_build_validates_through_the_folder_way_and_keeps_a_cache(built: Path) -> None:
    from graph_builder.validate import validate_build

    conforms, report_path = validate_build(built, 1)
    assert conforms and report_path.is_file()
    assert len(list((built / ".cache" / "validation").glob("*.json"))) == 5
    assert not list((built / ".cache").glob("union-*"))  # the union store is gone
    shutil.rmtree(built / ".cache" / "validation")
    assert validate_build(built, 1)[0]


def test_every_file_of_the_fast_engine_is_in_the_shapes_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit to any module of the ``shacl_core`` package changes the digest, so the cached
    outcomes of the letters are redone with the edited engine."""
    from graph_builder.validate import shacl_core

    package = Path(str(shacl_core.__file__)).parent
    files = sorted(package.rglob("*.py"))
    assert len(files) > 1
    assert set(files) <= set(folder_module.engine_files())
    folder_module.shapes_digest.cache_clear()
    before = folder_module.shapes_digest()
    read_bytes = Path.read_bytes
    try:
        for edited in files:

            def edited_read(path: Path, edited: Path = edited) -> bytes:
                return read_bytes(path) + (b"\n# edited\n" if path == edited else b"")

            monkeypatch.setattr(Path, "read_bytes", edited_read)
            folder_module.shapes_digest.cache_clear()
            assert folder_module.shapes_digest() != before, f"{edited.name} is not part of the shapes digest"
            monkeypatch.undo()
    finally:
        monkeypatch.undo()
        folder_module.shapes_digest.cache_clear()
    assert folder_module.shapes_digest() == before


def test_union_on_disk_and_in_memory_agree(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared triples over UNION_IN_MEMORY bytes go to an on-disk store: the same report either way."""
    first, second = sorted(block.key for block in letter_blocks(built))[:2]
    org = sorted({line.split(" ")[0] for line in _graph(built, first).splitlines() if line.startswith(ORG)} & {
        line.split(" ")[0] for line in _graph(built, second).splitlines()
    })[0]
    _rewrite(built, second, lambda text: "".join(  # a second Chinese label for a shared organisation
        line.replace('"@zh', '改"@zh', 1) if line.startswith(f"{org} {PREF_LABEL}") and '"@zh' in line else line
        for line in text.splitlines(keepends=True)
    ))
    in_memory = validate_folder(built, jobs=1)
    assert (built / "dataset.nq").stat().st_size < folder_module.UNION_IN_MEMORY
    monkeypatch.setattr(folder_module, "UNION_IN_MEMORY", 0)
    on_disk = validate_folder(built, jobs=1)
    _same(in_memory, on_disk)
    for report in (in_memory, on_disk):
        clashes = [r for r in report.results if r.shape.endswith("#UnionLabelShape-prefLabelZh")]
        assert [(r.letter, r.focus) for r in clashes] == [("", org)]
