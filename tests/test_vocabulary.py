"""The graph uses only ipgov: terms the ontology declares, on every letter we have."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph_builder.namespaces import IPGOV
from graph_builder.pipeline import build_letter
from graph_builder.resources import ontology_path

ROOT = Path(__file__).resolve().parents[1]
LETTERS = [
    ROOT / "graph_builder/data/letters/000_cf6b83477be807db.txt",
    *sorted((ROOT / "tests/data/letters").glob("*.txt")),
    *sorted((ROOT / "tests/data/heldout/letters").glob("*.txt")),
]


@pytest.fixture(scope="module")
def declared() -> set[str]:
    """Every ipgov: IRI the ontology gives a type."""
    ontology = Graph().parse(data=ontology_path().read_text(encoding="utf-8"), format="turtle")
    return {
        str(s) for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(IPGOV))
    }


@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem)
def test_every_ipgov_term_used_is_declared(path: Path, declared: set[str]) -> None:
    """Predicates, classes and individuals in the ipgov: namespace all come from the ontology."""
    used: set[str] = set()
    for line in build_letter(path).nquads:
        used.update(t.strip("<>") for t in line.split(" ")[:3] if t.startswith(f"<{IPGOV}"))
    assert used, path.name
    assert used <= declared, sorted(used - declared)
