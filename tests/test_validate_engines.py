"""The fast SHACL Core engine gives exactly pySHACL's results: fixtures, letters, edge cases."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph_builder.validate.inputs import read_graphs
from graph_builder.validate.letters import compiled_core, core_results, fast_core_results, rdflib_graph
from graph_builder.validate.results import Result

FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
ALL_FIXTURES = sorted((FIXTURES / "valid").glob("*.trig")) + sorted((FIXTURES / "invalid").glob("*.trig"))


def full(results: list[Result]) -> list[tuple[Result, tuple[tuple[str, str], ...]]]:
    """Results compared as whole tuples: every field, the messages too, with their multiplicity."""
    return sorted((r, r.messages) for r in results)


def both_engines(letter: str, nt: bytes) -> tuple[list[Result], list[Result]]:
    """(fast, pySHACL) SHACL Core results of one graph."""
    fast = fast_core_results(nt, letter)
    assert fast is not None, "the fast engine refused the project's shapes"
    reference = core_results(rdflib_graph(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))), letter)
    return fast, reference


def test_the_project_shapes_compile() -> None:
    """Every per-letter Core shape is one the fast engine runs (no fallback to pySHACL)."""
    compiled = compiled_core()
    assert compiled is not None
    assert len(compiled.roots) >= 20


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_results_equal_pyshacl(path: Path) -> None:
    """On each valid and invalid fixture, the same results as pySHACL (as full tuples)."""
    for letter, nt in read_graphs([path]).items():
        fast, reference = both_engines(letter, nt)
        assert full(fast) == full(reference)


@pytest.fixture(scope="module")
def letter_graphs(tmp_path_factory: pytest.TempPathFactory, own_letters: list[Path]) -> dict[str, bytes]:
    """The letter graphs of the seed, tests/data/letters and the shared dev letters (when present)."""
    from graph_builder.cli import main
    from graph_builder.resources import seed_letter

    out = tmp_path_factory.mktemp("engines")
    letters = [str(seed_letter()), str(own_letters[0].parent)]
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "letters"
    if dev.is_dir():
        letters.append(str(dev))
    assert main(["build", *letters, "-o", str(out), "--no-validate"]) == 0
    return read_graphs([out / "dataset.nq"])


def test_letter_results_equal_pyshacl(letter_graphs: dict[str, bytes]) -> None:
    """On every letter the project has, the same results as pySHACL (the @en warnings included)."""
    assert len(letter_graphs) >= 13
    compared = 0
    for letter, nt in sorted(letter_graphs.items()):
        fast, reference = both_engines(letter, nt)
        assert full(fast) == full(reference), letter
        compared += len(reference)
    assert compared > 100  # the letters do give results (LabelShape-prefLabelEn warnings)


def test_engines_give_the_same_report(tmp_path: Path) -> None:
    """``ipgov validate --engine pyshacl`` and the default give the same report, byte for byte."""
    from graph_builder.cli import main

    fixture = FIXTURES / "invalid" / "CourtCaseShape-court-agency.trig"
    fast, slow = tmp_path / "fast.ttl", tmp_path / "pyshacl.ttl"
    assert main(["validate", str(fixture), "--format", "ttl", "-o", str(fast)]) == 1
    assert main(["validate", str(fixture), "--format", "ttl", "-o", str(slow), "--engine", "pyshacl"]) == 1
    assert fast.read_bytes() == slow.read_bytes()


# --- edge cases the project's shapes and letters do not reach --------------------------------

EDGE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <http://example.org/> .

ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "thing"@en ;
    sh:nodeKind sh:IRI ; sh:pattern "^http://example\\\\.org/[a-z]+$" ;
    sh:property ex:ThingShape-n , ex:ThingShape-s , ex:ThingShape-seq , ex:ThingShape-star , ex:ThingShape-lang ,
        ex:ThingShape-in , ex:ThingShape-node , ex:ThingShape-q , ex:ThingShape-d , ex:ThingShape-warn .
ex:ThingShape-n a sh:PropertyShape ; sh:path ex:n ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:minInclusive 1 ;
    sh:lessThan ex:m ; sh:message "n"@en .
ex:ThingShape-s a sh:PropertyShape ; sh:path ex:s ; sh:datatype xsd:string ; sh:minLength 2 ;
    sh:pattern "^[a-z]" ; sh:message "s"@en , "s"@zh .
ex:ThingShape-seq a sh:PropertyShape ; sh:path ( ex:next ex:next ) ; sh:minCount 1 ; sh:class ex:Thing ;
    sh:message "seq"@en .
ex:ThingShape-star a sh:PropertyShape ; sh:path [ sh:zeroOrMorePath ex:next ] ; sh:maxCount 2 ; sh:message "star"@en .
ex:ThingShape-lang a sh:PropertyShape ; sh:path ex:label ; sh:uniqueLang true ; sh:languageIn ( "zh" "en" ) ;
    sh:message "lang"@en .
ex:ThingShape-in a sh:PropertyShape ; sh:path ex:kind ; sh:in ( ex:a "b" 3 ) ; sh:message "in"@en .
ex:ThingShape-node a sh:PropertyShape ; sh:path [ sh:inversePath ex:next ] ; sh:node ex:Named ; sh:message "node"@en .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:message "named"@en ] .
ex:ThingShape-q a sh:PropertyShape ; sh:path ex:label ; sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ;
    sh:qualifiedMaxCount 1 ; sh:message "q"@en .
ex:ThingShape-d a sh:PropertyShape ; sh:path ex:when ;
    sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] [ sh:datatype xsd:decimal ] ) ; sh:message "d"@en .
ex:ThingShape-warn a sh:PropertyShape ; sh:path ex:kind ; sh:minCount 1 ; sh:severity sh:Warning ;
    sh:message "warn"@en .
ex:ObjectShape a sh:NodeShape ; sh:targetObjectsOf ex:next ; sh:targetSubjectsOf ex:kind ;
    sh:targetNode ex:nowhere ; sh:nodeKind sh:BlankNodeOrIRI ; sh:message "object"@en ;
    sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ; sh:message "nn"@en ] .
"""

EDGE_DATA = """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:one a ex:Thing ; ex:n "01"^^xsd:integer , "1"^^xsd:integer ; ex:m 0 ; ex:s "a" , "Zed" , "ok"^^xsd:string ;
    ex:next ex:two ; ex:label "一"@zh , "one"@en , "One"@EN , "uno"@es ; ex:kind ex:a , "b" , "03"^^xsd:integer ;
    ex:when "2020-02-30"^^xsd:date , "2020"^^xsd:gYear , "1.50"^^xsd:decimal , "abc"^^xsd:gYear , "x" .
ex:two a ex:Thing ; ex:n "abc"^^xsd:integer , 5 ; ex:m 3 , "7"^^xsd:nonNegativeInteger ; ex:s "line\\nbreak" , "b"@en ;
    ex:next ex:three , _:b1 ; ex:label "二"@zh-Hans , "deux"@fr .
ex:three a ex:Thing ; ex:next ex:one ; ex:n "-2"^^xsd:integer ; ex:kind 3 .
_:b1 a ex:Thing ; ex:n "4"^^xsd:nonNegativeInteger ; ex:kind "c" .
ex:BAD a ex:Thing ; ex:n 2.5 ; ex:s ex:iri ; ex:when "2021-01-05"^^xsd:date .
"""


def test_edge_cases_equal_pyshacl() -> None:
    """Paths, nested shapes, targets and literal forms the project does not use give pySHACL's results."""
    import pyshacl

    from graph_builder.validate.results import results_from_report
    from graph_builder.validate.shacl_core import compile_shapes
    from graph_builder.validate.triples import LetterTriples

    shapes = Graph().parse(data=EDGE_SHAPES, format="turtle")
    data = Graph().parse(data=EDGE_DATA, format="turtle")
    nt = ox.serialize(list(ox.parse(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)),
                      format=ox.RdfFormat.N_TRIPLES) or b""
    graph = rdflib_graph(list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)))
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=True, allow_infos=True)
    reference = results_from_report(report, "x")
    fast = compile_shapes(shapes).validate(LetterTriples.from_ntriples(nt), "x")
    assert len(reference) > 20
    assert full(fast) == full(reference)


def test_unsupported_shapes_fall_back_to_pyshacl() -> None:
    """A constraint the fast engine lacks is refused when compiling (the caller then runs pySHACL)."""
    from graph_builder.validate.shacl_core import Unsupported, compile_shapes

    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:message "m" ;
            sh:property [ sh:path ex:p ; sh:hasValue ex:v ] .""",
        format="turtle",
    )
    with pytest.raises(Unsupported, match="hasValue"):
        compile_shapes(shapes)


@pytest.mark.parametrize(
    "term",
    [
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"01"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"12"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>', '"78.50"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"007"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"2020-01-05"^^<http://www.w3.org/2001/XMLSchema#date>',
        '"2020-02-30"^^<http://www.w3.org/2001/XMLSchema#date>', '"2020"^^<http://www.w3.org/2001/XMLSchema#gYear>',
        '"2020-11"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>', '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>',
        '"x"^^<http://www.w3.org/2001/XMLSchema#string>', '"abc"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ],
)
def test_literal_keys_and_datatypes_follow_rdflib(term: str) -> None:
    """The text shortcuts give what rdflib gives: the key is rdflib's ``n3()``; sh:datatype agrees."""
    from graph_builder.validate.shacl_core.literals import _datatype_matches_rdflib, datatype_matches
    from graph_builder.validate.triples import literal_key, rdflib_term

    assert literal_key(term) == rdflib_term(term).n3()
    for datatype in ("integer", "nonNegativeInteger", "decimal", "date", "gYear", "gYearMonth", "string", "boolean"):
        iri = f"http://www.w3.org/2001/XMLSchema#{datatype}"
        assert datatype_matches(term, iri) == _datatype_matches_rdflib.__wrapped__(term, iri), (term, datatype)


def test_sentences_by_their_ends_are_the_sentences() -> None:
    """The evidence index's sentence lookup (by the sorted offsets of the sentence ends) is ``sentence``."""
    import random

    from graph_builder.validate.context import _ENDS, _sentence_by_ends, sentence

    rng = random.Random(18)
    for _ in range(5000):
        text = "".join(rng.choice("甲乙丙。！？；!?;\n ab") for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, 32)
        end = rng.randint(start, 34)
        ends = [m.start() for m in _ENDS.finditer(text)]
        assert _sentence_by_ends(text, ends, start, end) == sentence(text, start, end)
