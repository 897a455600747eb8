"""Validate one letter graph: SHACL Core, one pyoxigraph query per SPARQL check, the lint.

SHACL Core runs in one of two engines: ``fast`` (the default: the shapes compiled once into
Python checks over the letter's N-Triples text, ``shacl_core``) or ``pyshacl`` (the
reference: pySHACL on an rdflib Graph of the letter). Both give the same results;
``tests/test_validate_engines.py`` compares them on every fixture and letter.

The fast engine reads the letter's N-Triples text once (``LetterTriples``) for the Core shapes,
the SPARQL checks that ``span_checks`` answers in Python, the lint's things and the labels and
sentences of the report (``context.LetterIndex``); the store of the letter answers the other
SPARQL checks and whatever the text cannot settle. The reference engine runs every SPARQL check
and the lint's queries on the store.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from graph_builder.validate import lint, span_checks
from graph_builder.validate.context import DESCRIBE_PREDICATES, LetterIndex
from graph_builder.validate.lint import lint_results
from graph_builder.validate.results import Result, results_from_report
from graph_builder.validate.shapes import SparqlCheck, shape_set, subclass_triples
from graph_builder.validate.span_checks import Row, SpanData, native, native_rows
from graph_builder.validate.sparql import (
    VALUES_LIMIT,
    FocusCache,
    focus_nodes,
    load_store,
    results_of_rows,
    run_check,
    to_rdflib,
)

if TYPE_CHECKING:
    from graph_builder.validate.shacl_core import CompiledShapes
    from graph_builder.validate.triples import LetterTriples

ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"


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


def describe(store: ox.Store, results: list[Result], outcome: Outcome, index: LetterIndex | None = None) -> None:
    """Fill ``outcome`` with labels and evidence sentences for the results' IRIs (and the class
    of the focus of a result the human reports group by class).

    ``index``: the letter's :class:`LetterIndex` (its triples read as text); None: the store's alone.
    """
    from graph_builder.validate.grouping import GROUPED

    if not results:
        return
    index = index or LetterIndex(store)
    for result in results:
        if result.shape in GROUPED and result.focus.startswith("<") and result.focus not in outcome.classes:
            outcome.classes[result.focus] = _specific_class(frozenset(index.classes(result.focus[1:-1])))
        for term in (result.focus, result.value):
            if term.startswith("<") and term not in outcome.labels:
                iri = term[1:-1]
                outcome.labels[term] = index.labels(iri)
                found = index.sentence(iri)
                if found:
                    outcome.sentences[term] = found


@cache
def _specific_class(classes: frozenset[str]) -> str:
    from graph_builder.validate.grouping import specific_class

    return specific_class(classes, subclass_triples())


@cache
def compiled_core() -> CompiledShapes | None:
    """The per-letter Core shapes compiled for the fast engine, or None when it cannot run them."""
    from graph_builder.validate.shacl_core import Unsupported, compile_shapes

    try:
        return compile_shapes(shape_set(False).core)
    except Unsupported as error:
        message = f"ipgov validate: the fast engine cannot run these shapes ({error}); using pySHACL"
        print(message, file=sys.stderr)  # noqa: T201 (once a process, on the command's error stream)
        return None


@cache
def _extra_terms() -> tuple[tuple[str, str, str], ...]:
    return tuple((f"<{s}>", f"<{p}>", f"<{o}>") for s, p, o in subclass_triples())


def fast_core_results(nt: bytes, letter: str) -> list[Result] | None:
    """The SHACL Core results of one graph by the fast engine (None when it cannot run the shapes)."""
    found = _fast_core(nt, letter)
    return None if found is None else found[0]


def _fast_core(nt: bytes, letter: str) -> tuple[list[Result], LetterTriples] | None:
    """The fast engine's results, and the letter's triples it read (with those a LetterIndex reads)."""
    from graph_builder.validate.triples import LetterTriples

    compiled = compiled_core()
    if compiled is None:
        return None
    data = LetterTriples.from_ntriples(nt, _extra_terms(), _predicates())
    return compiled.validate(data, letter), data


@cache
def _predicates() -> frozenset[str]:
    compiled = compiled_core()
    return (compiled.predicates if compiled else frozenset()) | TEXT_PREDICATES


# what is read off a letter's triples as text beside the Core shapes: labels, classes and sentences
# (context.LetterIndex), the span checks in Python, the lint's things
TEXT_PREDICATES = DESCRIBE_PREDICATES | span_checks.PREDICATES | lint.PREDICATES


def _native_rows(store: ox.Store, check: SparqlCheck, spans: SpanData, cache: FocusCache) -> list[Row] | None:
    """The rows of a span check found in Python (``span_checks``), or None: run its SPARQL."""
    if native(check) is None:
        return None
    targets = focus_nodes(store, check, False, cache)
    if targets is None or len(targets) > VALUES_LIMIT:  # (run_check then matches focus nodes otherwise)
        return None
    return native_rows(check, spans, targets) if targets else []


def validate_letter(item: tuple[str, bytes], engine: str = DEFAULT_ENGINE) -> Outcome:
    """All per-letter results of one letter graph given as (graph IRI, N-Triples bytes)."""
    return validate_letter_store(*item, engine=engine)[0]


def validate_letter_store(
    letter: str, nt: bytes, engine: str = DEFAULT_ENGINE
) -> tuple[Outcome, ox.Store, LetterIndex]:
    """``validate_letter``, also giving the store of the letter's triples it queried and its index."""
    from graph_builder.validate.triples import LetterTriples

    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine: {engine}")
    store = load_store(nt, subclass_triples())
    fast = _fast_core(nt, letter) if engine == "fast" else None
    if fast is None:
        triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
        results = core_results(rdflib_graph(triples), letter)
        count = len(triples)
        data = LetterTriples.from_ntriples(nt, (), TEXT_PREDICATES)
    else:
        results, data = fast
        count = nt.count(b"\n")
    focus: FocusCache = {}
    spans = SpanData(data, store) if fast is not None else None
    for check in shape_set(False).checks:
        rows = None if spans is None else _native_rows(store, check, spans, focus)
        if rows is None:
            results += run_check(store, check, letter, cache=focus)
        else:
            results += results_of_rows(check, letter, rows)
    # the reference engine is the reference for the checks in Python too: SPARQL, the lint's queries
    results += lint_results(store, letter, data=None if fast is None else data)
    results.sort()
    outcome = Outcome(letter, count, results)
    index = LetterIndex(store, data)
    describe(store, results, outcome, index)
    return outcome, store, index
