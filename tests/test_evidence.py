"""Evidence: every annotation's quote is the letter's text at its offsets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.pipeline import build_letter

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


def test_co_handler_edge_is_traced_to_its_words(seed_built) -> None:  # type: ignore[no-untyped-def]
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
