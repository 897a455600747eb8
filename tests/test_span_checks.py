"""The span checks in Python (validate/span_checks.py) and the letter index (context.LetterIndex)
give what SPARQL and the store give: on every fixture, and on edits of the minimal fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.validate import lint, span_checks
from graph_builder.validate.context import LetterIndex
from graph_builder.validate.inputs import read_graphs
from graph_builder.validate.letters import _extra_terms, _native_rows, _predicates
from graph_builder.validate.results import Result
from graph_builder.validate.shapes import SparqlCheck, shape_set, subclass_triples
from graph_builder.validate.sparql import load_store, results_of_rows, run_check
from graph_builder.validate.triples import LetterTriples

FIXTURES = Path(__file__).resolve().parent / "data" / "shapes"
ALL_FIXTURES = sorted((FIXTURES / "valid").glob("*.trig")) + sorted((FIXTURES / "invalid").glob("*.trig"))
MINIMAL = FIXTURES / "valid" / "minimal.trig"
SOURCE = "https://w3id.org/ipgov/id/source/fixture_minimal"
EXACT = "<http://www.w3.org/ns/oa#exact>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def native_checks() -> list[SparqlCheck]:
    return [check for check in shape_set(False).checks if span_checks.native(check) is not None]


def both(letter: str, nt: bytes) -> dict[str, tuple[list[Result] | None, list[Result]]]:
    """Each span check's (results in Python or None when SPARQL must answer, results of its SPARQL)."""
    store = load_store(nt, subclass_triples())
    data = LetterTriples.from_ntriples(nt, _extra_terms(), _predicates())
    spans = span_checks.SpanData(data, store)
    out = {}
    for check in native_checks():
        rows = _native_rows(store, check, spans, {})
        native = None if rows is None else results_of_rows(check, letter, rows)
        out[check.shape.rsplit("#", 1)[-1]] = (native, run_check(store, check, letter))
    return out


def full(results: list[Result]) -> list[tuple[Result, tuple[tuple[str, str], ...]]]:
    return sorted((r, r.messages) for r in results)


def minimal() -> tuple[str, str]:
    ((letter, nt),) = read_graphs([MINIMAL]).items()
    return letter, nt.decode("utf-8")


def test_every_span_check_answers_for_the_shapes_as_they_are() -> None:
    """Each function's digest is that of its shape's query today (else the SPARQL runs, silently slower)."""
    shapes = sorted(check.shape.rsplit("#", 1)[-1] for check in native_checks())
    assert shapes == [
        "EvidenceSpanShape-end", "EvidenceSpanShape-order", "EvidenceSpanShape-quote", "FactEvidenceShape",
        "SpanSourceShape",
    ]


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_results_equal_sparql(path: Path) -> None:
    """Where the Python answers, it gives the SPARQL's results, every field and message."""
    for letter, nt in read_graphs([path]).items():
        for name, (native, sparql) in both(letter, nt).items():
            if native is not None:
                assert full(native) == full(sparql), name


@pytest.mark.parametrize(
    ("fixture", "shape"),
    [
        ("EvidenceSpanShape-end-beyondText", "EvidenceSpanShape-end"),
        ("EvidenceSpanShape-order-empty", "EvidenceSpanShape-order"),
        ("EvidenceSpanShape-quote-wrongText", "EvidenceSpanShape-quote"),
        ("SpanSourceShape-otherLetter", "SpanSourceShape"),
    ],
)
def test_the_invalid_fixtures_are_answered_in_python(fixture: str, shape: str) -> None:
    """The fixture made for each check is found by the Python, not left to SPARQL."""
    ((letter, nt),) = read_graphs([FIXTURES / "invalid" / f"{fixture}.trig"]).items()
    native, sparql = both(letter, nt)[shape]
    assert native is not None and len(native) == 1
    assert full(native) == full(sparql)


def test_a_wrong_quote_with_escapes_is_reported_with_the_text_there() -> None:
    """A quote written with N-Triples escapes (a newline, a quotation mark) is read as its text."""
    letter, nt = minimal()
    line = f'<{SOURCE}#char=0,2> {EXACT} "深圳" .'
    assert line in nt
    nt = nt.replace(line, f'<{SOURCE}#char=0,2> {EXACT} "深\\n\\"圳\\u0021" .')
    native, sparql = both(letter, nt.encode())["EvidenceSpanShape-quote"]
    assert native is not None and full(native) == full(sparql)
    (result,) = native
    assert result.value == f"<{SOURCE}#char=0,2>"
    assert ("en", 'The quote "深\n"圳!" differs from the text at [0, 2), "深圳"') in result.messages
    # the right quote, escaped: no result
    nt = nt.replace('"深\\n\\"圳\\u0021"', '"\\u6DF1\\u5733"')
    assert both(letter, nt.encode())["EvidenceSpanShape-quote"] == ([], [])


def test_spans_out_of_order_beyond_the_text_and_of_another_text() -> None:
    letter, nt = minimal()
    extra = (
        f'<{SOURCE}#char=9,3> {EXACT} "x" .\n'
        f'<{SOURCE}#char=5,9000> {EXACT} "y" .\n'
        f'<{SOURCE}-other#char=1,2> {EXACT} "z" .\n'
    )
    found = both(letter, (nt + extra).encode())
    for name, (native, sparql) in found.items():
        assert native is not None and full(native) == full(sparql), name
    assert [r.value for r in found["EvidenceSpanShape-order"][0] or []] == [f"<{SOURCE}#char=9,3>"]
    assert [r.value for r in found["EvidenceSpanShape-end"][0] or []] == [f"<{SOURCE}#char=5,9000>"]
    assert [r.value for r in found["SpanSourceShape"][0] or []] == [f"<{SOURCE}-other#char=1,2>"]
    (wrong,) = found["EvidenceSpanShape-quote"][0] or []  # 9,3 is out of order, 5,9000 is cut: "y" differs
    assert wrong.value == f"<{SOURCE}#char=5,9000>"


@pytest.mark.parametrize(
    "line",
    [
        f'_:span {EXACT} "深圳" .',  # a blank span: STR() fails on it in SPARQL
        f'<{SOURCE}#char=00,2> {EXACT} "深圳" .',  # offsets not in canonical digits
        f'<{SOURCE}#char=0,2> {EXACT} "深圳"^^<http://example.org/text> .',  # a typed quote
    ],
)
def test_unusual_terms_are_left_to_sparql(line: str) -> None:
    letter, nt = minimal()
    found = both(letter, (nt + line + "\n").encode())
    assert any(native is None for native, _ in found.values())


def test_an_edited_query_runs_as_sparql() -> None:
    from dataclasses import replace

    check = native_checks()[0]
    assert span_checks.native(replace(check, select=check.select + " ")) is None


def test_letter_index_gives_what_the_store_gives() -> None:
    """Labels, classes and evidence sentences from the text equal the store's, node by node."""
    for path in ALL_FIXTURES:
        for _letter, nt in read_graphs([path]).items():
            store = load_store(nt, subclass_triples())
            index = LetterIndex(store, LetterTriples.from_ntriples(nt, _extra_terms(), _predicates()))
            reference = LetterIndex(store)
            nodes = {line.split(" ", 1)[0][1:-1] for line in nt.decode().splitlines() if line.startswith("<")}
            for iri in sorted(nodes):
                assert index.labels(iri) == reference.labels(iri), iri
                assert index.classes(iri) == reference.classes(iri), iri
                assert index.sentence_at(iri) == reference.sentence_at(iri), iri


def test_spans_starting_together_in_different_sentences_are_settled_by_the_store() -> None:
    """Two earliest spans, one ending in the next sentence: the store's order picks, as before."""
    _letter, nt = minimal()
    thing = "https://w3id.org/ipgov/id/thing/tie"
    named = "<https://w3id.org/ipgov/ontology#namedAt>"
    nt += f"<{thing}> {named} <{SOURCE}#char=23,25> .\n<{thing}> {named} <{SOURCE}#char=23,40> .\n"
    data = nt.encode()
    store = load_store(data, subclass_triples())
    index = LetterIndex(store, LetterTriples.from_ntriples(data, _extra_terms(), _predicates()))
    found = index.sentence_at(thing)
    assert found == LetterIndex(store).sentence_at(thing)
    assert found is not None and found[0] == 23
    assert index._evidence is not None  # the store was asked
    # one earliest span: the text alone answers
    assert LetterIndex(store, index.data).sentence_at(f"{SOURCE}#char=23,25") == (23, "张三委员：")


def lint_things(nt: str) -> tuple[list[lint.Named] | None, list[lint.Named]]:
    """(the lint's things read off the text or None, the things its queries find in the store)."""
    data = nt.encode()
    text = lint.things_from_text(LetterTriples.from_ntriples(data, _extra_terms(), _predicates()))
    return text, lint.things(load_store(data, subclass_triples()))


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_lint_things_from_text_are_the_queries_things(path: Path) -> None:
    for _letter, nt in read_graphs([path]).items():
        text, store = lint_things(nt.decode())
        assert text is not None and text == store


def test_lint_things_from_text_corrected_escaped_and_unusual() -> None:
    _letter, nt = minimal()
    case = "<https://w3id.org/ipgov/id/case/8607bd8cacccb291>"
    annotation = "<https://w3id.org/ipgov/id/evidence/fixture_minimal/020f094c01715c87>"
    correction = "<https://w3id.org/ipgov/id/correction/x>"
    nt += (
        f"{annotation} <http://www.w3.org/ns/prov#wasGeneratedBy> {correction} .\n"
        f"{correction} {RDF_TYPE} <https://w3id.org/ipgov/ontology#Correction> .\n"
        f'{case} <http://www.w3.org/2004/02/skos/core#altLabel> "华为\\n诉三星"@zh .\n'
    )
    text, store = lint_things(nt)
    assert text is not None and text == store
    (found,) = [t for t in text if t.iri == case[1:-1]]
    assert found.corrected and found.alt == {"华为\n诉三星"} and found.pref == {"华为诉三星"}
    # a tag the store writes otherwise (lower case): the store is asked
    text, store = lint_things(nt + f'{case} <http://www.w3.org/2004/02/skos/core#altLabel> "華為"@ZH .\n')
    assert text is None and any("華為" in t.alt for t in store)


def test_fact_evidence_answers_only_when_every_fact_has_evidence() -> None:
    letter, nt = minimal()
    native, sparql = both(letter, nt.encode())["FactEvidenceShape"]
    assert native == [] and sparql == []
    ((letter, missing),) = read_graphs([FIXTURES / "invalid" / "FactEvidenceShape-noEvidence.trig"]).items()
    native, sparql = both(letter, missing)["FactEvidenceShape"]
    assert native is None and len(sparql) == 1  # a fact without evidence: its row is the SPARQL's
    # a typed literal keyed otherwise than written ("01" is "1" here, perhaps not in the store): SPARQL
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    odd = nt + f'<https://w3id.org/ipgov/id/x> <https://w3id.org/ipgov/ontology#ordinal> "01"^^{integer} .\n'
    data = LetterTriples.from_ntriples(odd.encode(), _extra_terms(), _predicates())
    assert data.normalized and not LetterTriples.from_ntriples(nt.encode(), _extra_terms(), _predicates()).normalized
    assert both(letter, odd.encode())["FactEvidenceShape"][0] is None
