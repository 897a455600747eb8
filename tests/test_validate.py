"""``ipgov validate``: the seed and every letter conform, reports, exit codes, build hook."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, SH

from graph_builder.cli import main
from graph_builder.validate import render, validate_build, validate_paths

FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
BROKEN = FIXTURES / "invalid" / "ReplyLetterShape-respondingAgency-none.trig"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory, own_letters: list[Path], shared_dir: Path) -> Path:
    """The build of the seed, tests/data/letters and the shared dev letters."""
    out = tmp_path_factory.mktemp("corpus")
    dev = shared_dir / "eval" / "dev" / "letters"
    from graph_builder.resources import seed_letter

    letters = [str(seed_letter()), str(own_letters[0].parent), str(dev)]
    assert main(["build", *letters, "-o", str(out), "--no-validate"]) == 0
    return out


def test_seed_conforms(seed_nquads: Path) -> None:
    """The seed graph has no violation (only @en-label warnings, and 伟中书记's name without a surname)."""
    report = validate_paths([seed_nquads], jobs=1)
    assert report.conforms
    assert {r.shape.rsplit("#", 1)[1] for r in report.results} <= {"LabelShape-prefLabelEn", "PersonShape-name"}


def test_every_letter_conforms(corpus_dir: Path) -> None:
    """Every letter of the build issue (own, dev and the seed) conforms, each alone and as a union."""
    report = validate_paths([corpus_dir], "both", jobs=2)
    violations = [r for r in report.results if r.is_violation]
    assert violations == []
    own = len(list((FIXTURES.parent / "letters").glob("*.txt")))
    assert len(report.letters) == 1 + own + 12  # the seed, the own letters, the 12 dev letters


def test_parallel_and_serial_runs_agree(corpus_dir: Path) -> None:
    """Worker processes change nothing: the same results, in the same order, as one process."""
    serial = validate_paths([corpus_dir], jobs=1)
    parallel = validate_paths([corpus_dir], jobs=2)
    assert serial.results == parallel.results
    assert render(serial, "text") == render(parallel, "text")


def test_report_counts_equal_pyshacl_raw_results(seed_nquads: Path) -> None:
    """The text report's counts equal pySHACL's own results on the same graph."""
    import pyshacl

    from graph_builder.validate.shapes import shape_set, subclass_triples

    graph = Graph()
    dataset = Dataset()
    dataset.parse(seed_nquads, format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    for triple in subclass_triples():
        graph.add(triple)
    _, raw, _ = pyshacl.validate(graph, shacl_graph=shape_set(False).core, allow_warnings=True)
    raw_counts = Counter(str(raw.value(r, SH.resultSeverity)).rsplit("#")[-1]
                         for r in raw.subjects(RDF.type, SH.ValidationResult))
    from graph_builder.validate.lint import COMPONENT

    report = validate_paths([seed_nquads], jobs=1)
    text = render(report, "text")
    shown = dict(re.findall(r"^  (Violation|Warning|Info)\s+(\d+)$", text.split("By shape")[0], re.M))
    raw_counts += Counter(r.severity.rsplit("#")[-1] for r in report.results if r.component == COMPONENT)  # lint
    assert {k: int(v) for k, v in shown.items()} == dict(raw_counts)
    assert raw_counts["Warning"] > 0


def test_text_report_names_letter_focus_path_value_and_sentence() -> None:
    """An entry shows the letter, the focus node's labels and IRI, the path, both messages."""
    report = validate_paths([FIXTURES / "invalid" / "CourtCaseShape-court-agency.trig"], jobs=1)
    text = render(report, "text")
    assert text.splitlines()[2] == "conforms: no 不符合 (1 violation, 0 warnings)"
    assert re.search(r"^  Violation\s+1$", text, re.M)
    assert "fixture_minimal" in text
    assert "华为诉三星（Huawei v. Samsung） <https://w3id.org/ipgov/id/case/" in text
    assert "ipgov:court" in text
    assert "国家知识产权局（CNIPA）" in text
    assert "案件至多有一个审理法院" in text and "A court case has at most one court" in text
    assert "「华为诉三星一案由深圳市中级人民法院审理，2018年入选十大案例。」" in text


@pytest.mark.parametrize("fmt", ["ttl", "json"])
def test_machine_reports_are_the_validation_report(fmt: str) -> None:
    """ttl and json parse as RDF and hold one sh:ValidationResult per result."""
    report = validate_paths([BROKEN], jobs=1)
    graph = Graph().parse(data=render(report, fmt), format="turtle" if fmt == "ttl" else "json-ld")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False
    results = list(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(report.results) == 1
    assert str(graph.value(results[0], SH.sourceShape)).endswith("ReplyLetterShape-respondingAgency")
    if fmt == "json":
        assert json.loads(render(report, fmt))["sh:conforms"] is False


def test_html_report_is_self_contained() -> None:
    """One file: no script, stylesheet or image from elsewhere (one inline script); the messages in both languages."""
    html = render(validate_paths([BROKEN], jobs=1), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|\bhref=\"(?!#)", html)
    assert html.count("<script>") == 1
    assert "答复函必须恰好由一个机构" in html and "A reply letter is signed by exactly one body" in html


def test_markdown_report_has_count_tables() -> None:
    """Markdown opens with severity and shape tables."""
    md = render(validate_paths([BROKEN], jobs=1), "md")
    assert "| Violation | 1 |" in md
    assert "| Violation | `ipgov-shape:ReplyLetterShape-respondingAgency` | 1 |" in md


def test_reports_are_byte_identical_across_runs() -> None:
    """Same input, same bytes, in every format."""
    first, second = validate_paths([BROKEN], jobs=1), validate_paths([BROKEN], jobs=1)
    for fmt in ("text", "md", "html", "ttl", "json"):
        assert render(first, fmt) == render(second, fmt)


def test_cli_exit_codes(tmp_path: Path, seed_nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0 when the data conform, 1 when they do not, 2 on bad input (one line on stderr)."""
    assert main(["validate", str(seed_nquads), "-j", "1", "-o", str(tmp_path / "r.txt")]) == 0
    assert main(["validate", str(BROKEN), "-j", "1", "--format", "json"]) == 1
    assert main(["validate", str(tmp_path / "missing.nq")]) == 2
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"ipgov: {bad}: not valid RDF")


def test_scope_union_runs_only_union_shapes() -> None:
    """--scope union skips the per-letter shapes; --scope letter skips the union ones."""
    path = FIXTURES / "invalid" / "UnionKindShape-twoKinds.trig"
    assert len(validate_paths([path], "union", jobs=1).results) == 1
    assert validate_paths([path], "letter", jobs=1).results == []


def test_validate_build_writes_reports(tmp_path: Path, seed_nquads: Path) -> None:
    """validate_build reads dataset.nq and writes the text and HTML reports beside it."""
    (tmp_path / "dataset.nq").write_bytes(seed_nquads.read_bytes())
    conforms, path = validate_build(tmp_path, jobs=1)
    assert conforms
    assert path == tmp_path / "validation-report.txt"
    assert path.read_text(encoding="utf-8").startswith("ipgov validation report")
    assert (tmp_path / "validation-report.html").is_file()


def test_pyoxigraph_store_still_rewrites_non_negative_integers() -> None:
    """Upstream quirk guarded by letters.rdflib_graph: a Store keeps xsd:nonNegativeInteger as integer.

    When this fails, pyoxigraph keeps the datatype and the workaround may go.
    """
    import pyoxigraph as ox

    literal = ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger"))
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), literal))
    assert next(iter(store)).object.datatype.value == "http://www.w3.org/2001/XMLSchema#integer"


def test_pyshacl_speedup_hook_still_exists() -> None:
    """pyshacl_speedup relies on Shape.validate reading module.CONSTRAINT_PARAMS; fail if that changes."""
    import inspect

    import pyshacl.shape

    from graph_builder.validate.pyshacl_speedup import install

    assert "CONSTRAINT_PARAMS" in inspect.getsource(pyshacl.shape.Shape.validate)
    assert install()
    assert isinstance(pyshacl.shape.module.CONSTRAINT_PARAMS[0], frozenset)
