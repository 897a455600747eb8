"""Project the dataset onto a network: a networkx MultiDiGraph of things and their relations."""

from __future__ import annotations

import networkx as nx

from graph_builder.export.actors import actor_graph
from graph_builder.export.dates import latest
from graph_builder.export.nodes import NODE_CLASSES, add_nodes
from graph_builder.export.read import IPGOV, Tables

VIEWS = ("full", "actors")

# Relations a letter states more precisely than "mentions": a mention edge beside one of
# these adds nothing (the letter's author is also named in it, of course).
_SPECIFIC = ("respondingAgency", "coHandler", "addressedTo", "cites", "answers")


def term_label(tables: Tables, term: str, lang: str) -> str:
    """The ontology's label of an ``ipgov:`` term in ``lang``, else the term's local name."""
    return tables.term_labels.get(term, {}).get(lang, term)


def full_graph(tables: Tables) -> nx.MultiDiGraph:
    """The full view: things (actors, documents, policies, platforms, cases, events, places) and
    the ``ipgov:`` relations between them, one edge per (subject, predicate, object).

    Edge weight = the number of evidence spans behind the edge; for ``ipgov:mentions`` the
    spans where the letter names the thing. An edge stated without a span weighs 1.
    """
    graph = nx.MultiDiGraph(view="full", edgetype="directed")
    add_nodes(graph, tables, NODE_CLASSES)
    specific = {(s, o) for (s, p, o) in tables.relations if p in _SPECIFIC}
    for (subject, predicate, obj), graphs in sorted(tables.relations.items()):
        if subject not in graph or obj not in graph or subject == obj:
            continue
        if predicate == "mentions":
            if (subject, obj) in specific:
                continue
            spans = sum(tables.mention_spans[(g, obj)] for g in graphs)
        else:
            spans = tables.evidence[(subject, predicate, obj)]
        graph.add_edge(
            subject, obj, key=predicate,
            predicate=IPGOV + predicate,
            label_zh=term_label(tables, predicate, "zh"),
            label_en=term_label(tables, predicate, "en"),
            letters=len(graphs),
            weight=max(spans, 1),
            start=latest(graph.nodes[subject]["start"], graph.nodes[obj]["start"]),
        )
    return graph


def project(tables: Tables, view: str = "full") -> nx.MultiDiGraph:
    """The network of ``view`` (``full`` or ``actors``), with degrees filled in.

    :raises ValueError: for an unknown view
    """
    if view == "full":
        graph = full_graph(tables)
    elif view == "actors":
        graph = actor_graph(tables)
    else:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = int(degree)
    return graph

