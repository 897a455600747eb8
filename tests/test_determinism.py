"""Same input, same bytes: the fast N-Quads, TriG and Turtle writers against rdflib and pyoxigraph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph_builder.pipeline import BuiltLetter, build_letter

if TYPE_CHECKING:
    from conftest import Snapshot

GOLDEN = Path(__file__).resolve().parent / "golden" / "seed.nq"


def test_same_letter_twice_gives_same_bytes(seed_path: Path, seed_built: BuiltLetter) -> None:
    again = build_letter(seed_path)
    assert again.nquads == seed_built.nquads
    assert len(seed_built.nquads) > 1000


def test_seed_graph_equals_golden(seed_built: BuiltLetter, snapshot: Snapshot) -> None:
    snapshot.check(GOLDEN, "".join(seed_built.nquads), "the seed graph")


def test_lines_are_unique_nquads_each_fact_followed_by_its_evidence(seed_built: BuiltLetter) -> None:
    lines = seed_built.nquads
    assert len(lines) == len(set(lines)) == seed_built.quad_count
    first_evidence = next(i for i, line in enumerate(lines) if line.startswith("<https://w3id.org/ipgov/id/evidence/"))
    fact = lines[first_evidence - 1]
    assert fact.startswith("<https://w3id.org/ipgov/id/letter/000_cf6b83477be807db> <http://purl.org/dc/terms/identifier>")
    assert all(line.endswith(" <https://w3id.org/ipgov/graph/000_cf6b83477be807db> .\n") for line in lines)


def test_quads_counted_while_emitting_equal_the_lines(own_letters: list[Path]) -> None:
    """The count the emitter keeps (no scan of the bytes) is the number of unique lines."""
    from graph_builder.pipeline import build_letter

    for path in own_letters:
        built = build_letter(path)
        lines = built.nquads
        assert built.quad_count == len(lines) == len(set(lines)), path.name


def test_rdflib_reads_back_the_same_lines(seed_built: BuiltLetter) -> None:
    """rdflib parses our N-Quads and, written with ``term_nt``, gives back the very same lines."""
    from rdflib import Dataset

    from graph_builder.rdf.canonical import term_nt

    dataset = Dataset()
    dataset.parse(data="".join(seed_built.nquads), format="nquads")
    lines = sorted(f"{term_nt(s)} {term_nt(p)} {term_nt(o)} <{g}> .\n" for s, p, o, g in dataset.quads())
    assert lines == sorted(seed_built.nquads)


@pytest.mark.parametrize(
    "text", ["plain", 'a "quoted" \\ back', "two\nlines", 'ends with quote"\n"', "\r\n", "x\n\\\"\"\"y"]
)
@pytest.mark.parametrize("suffix", ["", "@zh", "^^<http://www.w3.org/2001/XMLSchema#gYear>"])
def test_literal_n3_is_rdflibs(text: str, suffix: str) -> None:
    from rdflib import Literal, URIRef

    from graph_builder.rdf.terms import literal_n3

    if suffix == "@zh":
        literal = Literal(text, lang="zh")
    elif suffix:
        literal = Literal(text, datatype=URIRef(suffix[3:-1]))
    else:
        literal = Literal(text)
    assert literal_n3(text, suffix) == literal.n3()


def test_evidence_key_is_iri_evidence_iri() -> None:
    from graph_builder.iri import evidence_iri
    from graph_builder.rdf.evidence import evidence_key

    args = ("https://w3id.org/ipgov/id/letter/k", "https://w3id.org/ipgov/ontology#coHandler", '"x"@zh', 3, 9)
    assert str(evidence_iri("k", *args)).endswith("/evidence/k/" + evidence_key(*args))


def test_letter_graph_holds_the_same_triples(seed_path: Path, seed_built: BuiltLetter) -> None:
    from graph_builder.pipeline import facts_of
    from graph_builder.rdf.emit import letter_graph

    letter, facts = facts_of(seed_path)
    graph = letter_graph(facts, letter)
    assert len(graph) == len(seed_built.nquads)
    assert str(graph.identifier) == "https://w3id.org/ipgov/graph/000_cf6b83477be807db"


def _letters(own_letters: list[Path], seed_path: Path) -> list[Path]:
    return [seed_path, *own_letters]


def test_trig_block_is_pyoxigraphs(own_letters: list[Path], seed_path: Path) -> None:
    """Our TriG text equals pyoxigraph's for every letter (bare numbers, escapes, `a`, grouping)."""
    import pyoxigraph as ox

    from graph_builder.namespaces import PREFIXES
    from graph_builder.rdf.turtle import prefix_header

    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    header = prefix_header()
    for path in _letters(own_letters, seed_path):
        built = build_letter(path, trig=True)
        quads = ox.parse("".join(sorted(built.nquads)).encode(), format=ox.RdfFormat.N_QUADS)
        expected = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes).decode()
        assert header + built.trig == expected, path.name


def test_trig_escapes_match_pyoxigraph() -> None:
    import pyoxigraph as ox

    from graph_builder.namespaces import PREFIXES
    from graph_builder.rdf.turtle import prefix_header, trig_block

    g = "<https://w3id.org/ipgov/graph/x>"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    triples = sorted([
        ("<https://w3id.org/ipgov/id/org/a>", "<http://www.w3.org/2004/02/skos/core#prefLabel>",
         '"t\tab\x01\x7f\x0c\x08 q\\"x\\\\ \\n"@zh'),
        ("<https://w3id.org/ipgov/id/letter/%E6%B7%B1.>", "<https://w3id.org/ipgov/ontology#x>",
         f'"-5"^^<{xsd}integer>'),
        ("<https://w3id.org/ipgov/id/letter/-a.b>", "<https://w3id.org/ipgov/ontology#x>", f'".5"^^<{xsd}decimal>'),
        ("<https://w3id.org/ipgov/id/>", "<https://w3id.org/ipgov/ontology#x>", f'"true"^^<{xsd}boolean>'),
        ("<https://w3id.org/ipgov/id/x~y>", "<https://w3id.org/ipgov/ontology#x>", '"x"^^<urn:other:dt>'),
        ("<urn:a:b>", "<https://w3id.org/ipgov/ontology#x>", f'"01"^^<{xsd}integer>'),
        ("<urn:a:b>", "<https://w3id.org/ipgov/ontology#x>", f'"7"^^<{xsd}decimal>'),
    ])
    text = "".join(f"{s} {p} {o} {g} .\n" for s, p, o in triples).encode()
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    expected = ox.serialize(ox.parse(text, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    assert prefix_header() + trig_block(g, triples) == expected.decode()
