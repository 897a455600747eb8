"""Validate one letter graph: pySHACL for SHACL Core, one pyoxigraph query per SPARQL check, the lint."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from graph_builder.validate.context import evidence_sentence, labels
from graph_builder.validate.lint import lint_results
from graph_builder.validate.results import Result, results_from_report
from graph_builder.validate.shapes import shape_set, subclass_triples
from graph_builder.validate.sparql import load_store, run_check, to_rdflib


@dataclass
class Outcome:
    """The results of one graph, with the labels and sentences a report shows beside them."""

    graph: str
    triples: int
    results: list[Result]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)  # focus → class CURIE, for grouped results


def rdflib_graph(triples: list[ox.Triple]) -> Graph:
    """Parsed triples as an rdflib Graph.

    Built from the parsed triples, not from a pyoxigraph Store: the Store keeps an
    ``xsd:nonNegativeInteger`` literal as ``xsd:integer`` (pyoxigraph 0.5), which would
    break sh:datatype checks.
    """
    graph = Graph()
    add = graph.add
    for triple in triples:
        add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    for axiom in subclass_triples():
        add(axiom)
    return graph


def core_results(graph: Graph, letter: str) -> list[Result]:
    """The SHACL Core results of ``graph`` (pySHACL, no inference, in place)."""
    import pyshacl

    from graph_builder.validate.pyshacl_speedup import install

    install()
    _, report, _ = pyshacl.validate(
        graph, shacl_graph=shape_set(False).core, allow_warnings=True, allow_infos=True, inplace=True
    )
    return results_from_report(report, letter)


def describe(store: ox.Store, results: list[Result], outcome: Outcome) -> None:
    """Fill ``outcome`` with labels and evidence sentences for the results' IRIs (and the class
    of the focus of a result the human reports group by class)."""
    from graph_builder.validate.grouping import GROUPED, most_specific_class

    for result in results:
        if result.shape in GROUPED and result.focus.startswith("<") and result.focus not in outcome.classes:
            outcome.classes[result.focus] = most_specific_class(store, result.focus[1:-1], subclass_triples())
        for term in (result.focus, result.value):
            if term.startswith("<") and term not in outcome.labels:
                iri = term[1:-1]
                outcome.labels[term] = labels(store, iri)
                found = evidence_sentence(store, iri)
                if found:
                    outcome.sentences[term] = found


def validate_letter(item: tuple[str, bytes]) -> Outcome:
    """All per-letter results of one letter graph given as (graph IRI, N-Triples bytes)."""
    return validate_letter_store(*item)[0]


def validate_letter_store(letter: str, nt: bytes) -> tuple[Outcome, ox.Store]:
    """``validate_letter``, also giving the store of the letter's triples it queried."""
    triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    store = load_store(nt, subclass_triples())
    results = core_results(rdflib_graph(triples), letter)
    for check in shape_set(False).checks:
        results += run_check(store, check, letter)
    results += lint_results(store, letter)
    results.sort()
    outcome = Outcome(letter, len(triples), results)
    describe(store, results, outcome)
    return outcome, store
