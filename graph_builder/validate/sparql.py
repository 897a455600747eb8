"""Run SHACL-SPARQL checks as one query per graph in pyoxigraph, with pySHACL's results.

pySHACL runs a SPARQL constraint once per focus node with ``$this`` pre-bound. Our constraints
mention ``$this`` in a triple pattern, so the same query with ``$this`` left free, filtered to
the shape's targets, returns the union of those per-node answers in one pass
(tests/test_validate.py checks the two agree on every fixture).
"""

from __future__ import annotations

import re
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SH, XSD

from graph_builder.validate.results import Result
from graph_builder.validate.shapes import SparqlCheck

_VAR = re.compile(r"\{[?$](\w+)\}")
VALUES_LIMIT = 64  # at most this many focus nodes are bound by VALUES rather than filtered


def to_rdflib(term: object) -> URIRef | Literal | BNode:
    """A pyoxigraph term as the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


FocusCache = dict[object, "set[str] | None"]  # a store's focus nodes by targets, for the checks of one store


def focus_nodes(store: ox.Store, check: SparqlCheck, union: bool, cache: FocusCache | None = None) -> set[str] | None:
    """The IRIs the check's shape targets, or None when it targets named nodes only.

    ``cache``: the focus nodes already found in this store (several checks share their
    targets: a letter's source text, the letter); give a new one for each store.
    """
    targets = check.targets
    if targets.nodes and not (targets.classes or targets.subjects_of or targets.objects_of):
        return None
    if cache is not None:
        key = (targets, union)
        if key not in cache:
            cache[key] = focus_nodes(store, check, union)
        return cache[key]
    patterns = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in targets.classes]
    patterns += [f"{{ ?this <{p}> ?any }}" for p in targets.subjects_of]
    patterns += [f"{{ ?any <{p}> ?this }}" for p in targets.objects_of]
    patterns += [f"{{ VALUES ?this {{ <{n}> }} }}" for n in targets.nodes]
    query = "SELECT DISTINCT ?this WHERE { " + " UNION ".join(patterns) + " }"
    return {row["this"].value for row in cast(ox.QuerySolutions, store.query(query, use_default_graph_as_union=union))}


def _message(template: Literal, bindings: dict[str, str]) -> tuple[str, str]:
    text = _VAR.sub(lambda m: bindings.get(m.group(1), m.group(0)), str(template))
    return (template.language or "", text)


def run_check(
    store: ox.Store, check: SparqlCheck, letter: str, union: bool = False, cache: FocusCache | None = None
) -> list[Result]:
    """The results of one SPARQL check over the whole store (default graph, or the union)."""
    targets = focus_nodes(store, check, union, cache)
    select = check.select.replace("$this", "?this")
    queries: list[tuple[str | None, str]]
    if targets is None:
        queries = [(n, select + f"\nVALUES ?this {{ <{n}> }}") for n in check.targets.nodes]
    elif not targets:
        return []  # no focus node: pySHACL does not run the constraint
    elif len(targets) <= VALUES_LIMIT:
        # few focus nodes (a letter, its source text): bound up front, so that a pattern starting at
        # $this reads their triples only (FactEvidenceShape: 1.5 instead of 5 ms a letter); the
        # join with VALUES keeps the rows of these nodes, the same rows as the filter below
        queries = [(None, select + "\nVALUES ?this { " + " ".join(f"<{n}>" for n in sorted(targets)) + " }")]
    else:
        queries = [(None, select)]
    found: dict[tuple, Result] = {}
    for node, query in queries:
        solutions = cast(ox.QuerySolutions, store.query(query, use_default_graph_as_union=union))  # sh:select
        names = [v.value for v in solutions.variables]
        for row in solutions:
            values = {name: row[name] for name in names if row[name] is not None}
            this = node if node is not None else values["this"].value
            if targets is not None and this not in targets:
                continue
            bindings = {name: term.value for name, term in values.items()}
            bindings.setdefault("this", this)
            path = check.path or (f"<{values['path'].value}>" if "path" in values else "")
            # without ?value, pySHACL reports the focus node as the value of a node shape's result
            value = to_rdflib(values["value"]).n3() if "value" in values else ("" if check.path else URIRef(this).n3())
            _keep(found, check, letter, this, path, value, bindings)
    return sorted(found.values())


def results_of_rows(check: SparqlCheck, letter: str, rows: list[tuple[str, dict[str, str]]]) -> list[Result]:
    """:func:`run_check`'s results from rows found without SPARQL: (focus IRI, {variable: value}),
    every projected variable but ``this`` bound, ``value`` an IRI."""
    found: dict[tuple, Result] = {}
    for this, values in rows:
        bindings = {"this": this, **values}
        path = check.path or (f"<{values['path']}>" if "path" in values else "")
        value = URIRef(values["value"]).n3()
        _keep(found, check, letter, this, path, value, bindings)
    return sorted(found.values())


def _keep(
    found: dict[tuple, Result], check: SparqlCheck, letter: str, this: str, path: str, value: str,
    bindings: dict[str, str],
) -> None:
    """One result per focus, path, value and bindings (a row repeated by the union is one result)."""
    key = (this, path, value, tuple(sorted(bindings.items())))
    if key not in found:
        found[key] = Result(
            letter=letter,
            focus=URIRef(this).n3(),
            path=path,
            value=value,
            shape=check.shape,
            component=str(SH.SPARQLConstraintComponent),
            severity=check.severity,
            messages=tuple(sorted(_message(m, bindings) for m in check.messages)),
        )


def load_store(triples_nt: bytes, extra: tuple = ()) -> ox.Store:
    """A pyoxigraph Store holding N-Triples bytes in its default graph, plus ``extra`` triples."""
    store = ox.Store()
    # lenient: IRIs are not re-checked (a third of the load); the bytes come from pyoxigraph's own
    # serialiser or a build's N-Quads, and anything that is not N-Triples still raises SyntaxError
    store.load(triples_nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
    store.extend(
        ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), ox.DefaultGraph())
        for s, p, o in extra
    )
    return store


