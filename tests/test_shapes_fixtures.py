"""The shapes: valid SHACL, bilingual, and every one proven to fail by an invalid fixture."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from graph_builder.validate import validate_paths
from graph_builder.validate.results import Result

FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.trig"))
INVALID = sorted((FIXTURES / "invalid").glob("*.trig"))
SHAPES_NS = "https://w3id.org/ipgov/shapes#"


def all_shapes() -> Graph:
    """Every shapes file in one graph."""
    from graph_builder.resources import shapes_paths

    graph = Graph()
    for path in shapes_paths():
        graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


def expectation(path: Path) -> tuple[str, str]:
    """The (shape IRI, path) an invalid fixture's header says must fire."""
    shape, result_path = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ").split(" ")
    return shape[1:-1], "" if result_path == "-" else result_path


def named_shapes(graph: Graph) -> set[URIRef]:
    """The shapes with an IRI (node shapes and named property shapes)."""
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return {s for s in shapes if isinstance(s, URIRef)}


_CONSTRAINTS = {
    SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH["in"], SH["or"],
    SH.minInclusive, SH.minLength, SH.lessThan, SH.uniqueLang, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.sparql, SH.languageIn,
}


def failing_shapes(graph: Graph) -> set[URIRef]:
    """The named shapes that carry a constraint of their own (so they can produce a result)."""
    return {s for s in named_shapes(graph) if any((s, p, None) in graph for p in _CONSTRAINTS)}


def test_shapes_are_valid_shacl() -> None:
    """pySHACL's SHACL-for-SHACL check accepts the shapes graph."""
    from importlib.resources import files

    import pyshacl

    shacl_shacl = Graph().parse(data=(files("pyshacl") / "assets" / "shacl-shacl.ttl").read_text(), format="turtle")
    conforms, _, text = pyshacl.validate(all_shapes(), shacl_graph=shacl_shacl)
    assert conforms, text


def test_every_shape_speaks_both_languages() -> None:
    """Each named shape has sh:name in zh and en; each that can fail has a message and severity."""
    graph = all_shapes()
    for shape in named_shapes(graph):
        langs = {n.language for n in graph.objects(shape, SH.name) if isinstance(n, Literal)}
        assert {"zh", "en"} <= langs, shape
    for shape in failing_shapes(graph):
        sources = [shape, *graph.objects(shape, SH.sparql)]
        langs = {m.language for s in sources for m in graph.objects(s, SH.message) if isinstance(m, Literal)}
        assert {"zh", "en"} <= langs, shape
        assert graph.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape


def test_union_vocabulary_shape_is_generated_from_the_ontology() -> None:
    """shapes/union-vocabulary.ttl lists exactly the ontology's ipgov: terms."""
    from graph_builder.resources import ontology_path, shapes_paths
    from graph_builder.validate.vocabulary import vocabulary_shape_text

    ontology = Graph().parse(data=ontology_path().read_text(encoding="utf-8"), format="turtle")
    committed = next(p for p in shapes_paths() if p.name == "union-vocabulary.ttl").read_text(encoding="utf-8")
    assert committed == vocabulary_shape_text(ontology)


def test_there_are_enough_invalid_fixtures_and_every_shape_can_fail() -> None:
    """At least 25 invalid fixtures, and every shape with a constraint (and every Python check) is the target of one."""
    from graph_builder.validate.lint import CHECKS

    assert len(INVALID) >= 25
    expected = {URIRef(expectation(p)[0]) for p in INVALID}
    assert failing_shapes(all_shapes()) | {URIRef(c.shape) for c in CHECKS} == expected


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_has_no_result(path: Path) -> None:
    """A valid fixture gives no result of any severity."""
    report = validate_paths([path], jobs=1)
    assert report.results == []
    assert report.conforms


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fires_exactly_its_shape(path: Path) -> None:
    """The expected (sh:sourceShape, sh:resultPath) fires, and nothing else does."""
    shape, result_path = expectation(path)
    report = validate_paths([path], jobs=1)
    assert {(r.shape, r.path) for r in report.results} == {(shape, result_path)}
    severity = report.results[0].severity
    assert report.conforms == (severity != str(SH.Violation))


def pyshacl_results(path: Path) -> Counter[tuple[str, str, str, str, str]]:
    """pySHACL's raw results: letter shapes on each named graph, union shapes on the union."""
    import pyshacl
    from rdflib import Dataset

    from graph_builder.validate.results import results_from_report
    from graph_builder.validate.shapes import shape_set, subclass_triples

    dataset = Dataset()
    dataset.parse(path, format="trig")
    union = Graph()
    found: list[Result] = []
    for graph in dataset.graphs():
        if len(graph) == 0:
            continue
        letter = Graph()
        for triple in graph:
            letter.add(triple)
            union.add(triple)
        for triple in subclass_triples():
            letter.add(triple)
        _, report, _ = pyshacl.validate(letter, shacl_graph=shape_set(False).graph, allow_warnings=True)
        found += results_from_report(report, str(graph.identifier))
    for triple in subclass_triples():
        union.add(triple)
    _, report, _ = pyshacl.validate(union, shacl_graph=shape_set(True).graph, allow_warnings=True)
    found += results_from_report(report, "")
    return Counter(r.key() for r in found)


@pytest.mark.slow
@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.stem)
def test_results_equal_pyshacl_raw_results(path: Path) -> None:
    """Per-letter + union validation gives exactly pySHACL's own results (one query per check)."""
    from graph_builder.validate.lint import COMPONENT

    report = validate_paths([path], jobs=1)
    shacl = [r for r in report.results if r.component != COMPONENT]  # the Python checks are not SHACL
    assert Counter(r.key() for r in shacl) == pyshacl_results(path)
