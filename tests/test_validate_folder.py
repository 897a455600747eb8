"""Validating a build folder letter file by letter file gives what the whole-dataset way gives,
union shapes included, and redoes only the letters whose graph changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_builder.cli import main
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


def _rewrite(out: Path, key: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change one letter's graph file and dataset.nq alike (as a broken tool would)."""
    graph = out / "graphs" / f"{key}.nq"
    old = graph.read_text(encoding="utf-8")
    new = change(old)
    assert new != old
    graph.write_text(new, encoding="utf-8")
    dataset = out / "dataset.nq"
    dataset.write_text(dataset.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_folder_way_equals_whole_dataset_way(built: Path) -> None:
    report = validate_folder(built, jobs=2)
    _same(report, _whole(built))
    assert report.conforms and len(report.letters) == 5


def test_union_label_clash_found_and_only_the_changed_letter_redone(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate_folder(built, jobs=1)  # fills the cache
    first, second = sorted(p.stem for p in (built / "graphs").glob("*.nq"))[:2]
    shared = {line.split(" ")[0] for line in (built / "graphs" / f"{first}.nq").read_text(encoding="utf-8").splitlines()
              if line.startswith(ORG)} & {line.split(" ")[0] for line in
                                          (built / "graphs" / f"{second}.nq").read_text(encoding="utf-8").splitlines()}
    org = sorted(shared)[0]

    def relabel(text: str) -> str:
        lines = text.splitlines(keepends=True)
        return "".join(
            line.replace('"@zh', '改"@zh', 1) if line.startswith(f"{org} {PREF_LABEL}") and '"@zh' in line else line
            for line in lines
        )

    _rewrite(built, second, relabel)
    redone: list[str] = []
    real = folder_module.check_letter_file
    monkeypatch.setattr(folder_module, "check_letter_file", lambda path: redone.append(Path(path).stem) or real(path))
    report = validate_folder(built, jobs=1)
    assert redone == [second]
    clashes = [r for r in report.results if r.shape.endswith("#UnionLabelShape-prefLabelZh")]
    assert [r.focus for r in clashes] == [org] and not report.conforms
    _same(report, _whole(built))


def test_undeclared_term_on_a_letter_local_node_is_found(built: Path) -> None:
    key = sorted(p.stem for p in (built / "graphs").glob("*.nq"))[0]

    def add_term(text: str) -> str:
        line = next(line for line in text.splitlines(keepends=True) if line.startswith("<https://w3id.org/ipgov/id/measure/"))
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
