"""Evidence: every span's quote is the letter's text at the offsets its IRI names; every fact
points at the span(s) behind it; each span is written once (docs/MODEL.md)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.iri import span_iri
from graph_builder.pipeline import BuiltLetter, build_letter
from graph_builder.rdf.evidence import span_offsets, span_term

DATA = Path(__file__).resolve().parent / "data"
PREFIXES = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX ipgov: <https://w3id.org/ipgov/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# offsets read off the span IRI in SPARQL 1.1, as the canned queries and the shapes do
SPANS = PREFIXES + """
SELECT ?span ?text ?start ?end ?exact WHERE {
  ?letter ipgov:hasSourceText ?source . ?source rdf:value ?text .
  ?span oa:exact ?exact .
  FILTER(STRSTARTS(STR(?span), CONCAT(STR(?source), "#char=")))
  BIND(STRAFTER(STR(?span), "#char=") AS ?range)
  BIND(xsd:integer(STRBEFORE(?range, ",")) AS ?start)
  BIND(xsd:integer(STRAFTER(?range, ",")) AS ?end)
}"""


def _store(nquads: bytes) -> ox.Store:
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    return store


def _rows(nquads: bytes, query: str) -> list[ox.QuerySolution]:
    return list(_store(nquads).query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]


def _text(built: BuiltLetter) -> str:
    rows = _rows(built.nquads_bytes, PREFIXES + "SELECT ?t WHERE { ?s a ipgov:SourceText ; rdf:value ?t }")
    return str(rows[0]["t"].value)


def _letters() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return [root / "graph_builder/data/letters/000_cf6b83477be807db.txt", *sorted((DATA / "letters").glob("*.txt"))]


@pytest.mark.parametrize("path", _letters(), ids=lambda p: p.stem)
def test_every_quote_equals_the_text_at_its_offsets(path: Path) -> None:
    """0 ≤ start < end ≤ len(text) and text[start:end] == quote, for every span of the letter;
    every span that a fact points at has its quote."""
    built = build_letter(path)
    rows = _rows(built.nquads_bytes, SPANS)
    assert len(rows) > 20
    for row in rows:
        text, start, end, exact = row["text"].value, int(row["start"].value), int(row["end"].value), row["exact"].value
        assert 0 <= start < end <= len(text)
        assert text[start:end] == exact
    quoted = {row["span"].value for row in rows}
    pointing = "SELECT DISTINCT ?span WHERE { { ?t ipgov:namedAt ?span } UNION { ?a oa:hasTarget ?span } }"
    pointed = _rows(built.nquads_bytes, PREFIXES + pointing)
    assert pointed and {row["span"].value for row in pointed} <= quoted


def test_co_handler_edge_is_traced_to_its_words(seed_built: BuiltLetter) -> None:
    """The seed's co-handler 市经信委 is traced to the words that name it, and the text before them."""
    query = PREFIXES + """
    SELECT ?span ?exact WHERE {
      ?letter ipgov:coHandler ?org . ?org skos:altLabel "市经信委"@zh .
      ?a rdf:subject ?letter ; rdf:predicate ipgov:coHandler ; rdf:object ?org ; oa:hasTarget ?span .
      ?span oa:exact ?exact .
    }"""
    rows = _rows(seed_built.nquads_bytes, query)
    assert [r["exact"].value for r in rows] == ["市经信委"]
    offsets = span_offsets(rows[0]["span"].value)
    assert offsets is not None
    _, start, end = offsets
    assert _text(seed_built)[start - 7 : end] == "结合深圳法院和市经信委"


def test_a_span_is_written_once_however_many_facts_it_states(seed_built: BuiltLetter) -> None:
    """One quote per span; a span naming a thing may also be the target of annotations."""
    lines = seed_built.nquads_bytes.decode().splitlines()
    quotes = Counter(line.split(" ", 1)[0] for line in lines if " <http://www.w3.org/ns/oa#exact> " in line)
    assert len(quotes) > 100 and max(quotes.values()) == 1
    targets = Counter(line.split(" ")[2] for line in lines if " <http://www.w3.org/ns/oa#hasTarget> " in line)
    named = Counter(line.split(" ")[2] for line in lines if " <https://w3id.org/ipgov/ontology#namedAt> " in line)
    assert set(targets) <= set(quotes) and set(named) <= set(quotes)
    assert any(n > 1 for n in targets.values())  # one sentence states several facts
    assert set(targets) & set(named)  # a name that is the evidence of a type and of a relation
    key = seed_built.key
    for span in quotes:
        offsets = span_offsets(span)
        assert offsets is not None
        _, start, end = offsets
        assert span == span_term(key, start, end) == f"<{span_iri(key, start, end)}>"


def test_the_seed_is_lean(seed_built: BuiltLetter) -> None:
    """Issue 18's target: the seed's graph holds at most 1,500 quads (4,621 with one annotation,
    target and two selectors per fact)."""
    assert seed_built.nquads_bytes.count(b"\n") <= 1500


def test_measures_and_suggestions_are_their_own_spans(seed_built: BuiltLetter) -> None:
    """A measure's sentence is written once, as the quote of the span that is the measure."""
    query = PREFIXES + """
    SELECT ?measure ?sentence ?ordinal WHERE {
      ?letter ipgov:hasMeasure ?measure . ?measure ipgov:ordinal ?ordinal ; oa:exact ?sentence .
    } ORDER BY ?ordinal"""
    rows = _rows(seed_built.nquads_bytes, query)
    assert len(rows) > 50
    text = _text(seed_built)
    for row in rows:
        offsets = span_offsets(row["measure"].value)
        assert offsets is not None and text[offsets[1] : offsets[2]] == row["sentence"].value
    starts = [span_offsets(row["measure"].value)[1] for row in rows]  # type: ignore[index]
    assert starts == sorted(starts)  # ordinals follow the text
