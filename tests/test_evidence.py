"""Evidence: every annotation's quote is the letter's text at its offsets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.iri import span_iri
from graph_builder.pipeline import BuiltLetter, build_letter
from graph_builder.rdf.evidence import span_term

DATA = Path(__file__).resolve().parent / "data"
EVIDENCE = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?text ?start ?end ?exact WHERE {
  ?a a oa:Annotation ; oa:hasTarget ?t .
  ?t oa:hasSource ?source ; oa:hasSelector ?p , ?q .
  ?p oa:start ?start ; oa:end ?end .
  ?q oa:exact ?exact .
  ?source rdf:value ?text .
}"""


def _store(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def _letters() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return [root / "graph_builder/data/letters/000_cf6b83477be807db.txt", *sorted((DATA / "letters").glob("*.txt"))]


@pytest.mark.parametrize("path", _letters(), ids=lambda p: p.stem)
def test_every_quote_equals_the_text_at_its_offsets(path: Path) -> None:
    """0 ≤ start < end ≤ len(text) and text[start:end] == exact, for every annotation."""
    built = build_letter(path)
    rows = list(_store(built.nquads).query(EVIDENCE, use_default_graph_as_union=True))
    assert len(rows) > 20
    for row in rows:
        text, start, end, exact = row["text"].value, int(row["start"].value), int(row["end"].value), row["exact"].value
        assert 0 <= start < end <= len(text)
        assert text[start:end] == exact


def test_co_handler_edge_is_traced_to_its_words(seed_built: BuiltLetter) -> None:
    """The seed's co-handler 市经信委 is traced to the words that name it."""
    query = """
    PREFIX oa: <http://www.w3.org/ns/oa#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX ipgov: <https://w3id.org/ipgov/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?exact ?prefix WHERE {
      ?letter ipgov:coHandler ?org . ?org skos:altLabel "市经信委"@zh .
      ?a rdf:subject ?letter ; rdf:predicate ipgov:coHandler ; rdf:object ?org ; oa:hasTarget/oa:hasSelector ?q .
      ?q oa:exact ?exact ; oa:prefix ?prefix .
    }"""
    rows = list(_store(seed_built.nquads).query(query, use_default_graph_as_union=True))
    assert [(r["exact"].value, r["prefix"].value[-7:]) for r in rows] == [("市经信委", "结合深圳法院和")]


SPANS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?target (COUNT(DISTINCT ?a) AS ?annotations) (COUNT(DISTINCT ?position) AS ?positions)
       (COUNT(DISTINCT ?quote) AS ?quotes) (SAMPLE(?start) AS ?s) (SAMPLE(?end) AS ?e) WHERE {
  ?a a oa:Annotation ; oa:hasTarget ?target .
  ?target oa:hasSelector ?position , ?quote .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quote a oa:TextQuoteSelector .
} GROUP BY ?target"""


def test_a_span_is_one_target_shared_by_its_annotations(seed_built: BuiltLetter) -> None:
    """One oa:SpecificResource per span of the letter, however many facts that span states."""
    rows = list(_store(seed_built.nquads).query(SPANS, use_default_graph_as_union=True))
    spans = [(int(r["s"].value), int(r["e"].value)) for r in rows]
    assert len(spans) == len(set(spans)) > 100  # no span has two targets
    assert all(int(r["positions"].value) == int(r["quotes"].value) == 1 for r in rows)
    shared = [r for r in rows if int(r["annotations"].value) > 1]
    assert shared  # the seed names things whose one mention states two facts
    annotations = sum(int(r["annotations"].value) for r in rows)
    assert annotations > len(rows)
    key = seed_built.key
    for row, (start, end) in zip(rows, spans, strict=True):
        assert row["target"].value == str(span_iri(key, start, end))
        assert span_term(key, start, end) == f"<{span_iri(key, start, end)}>"
