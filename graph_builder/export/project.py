"""Project the dataset onto a network: a networkx MultiDiGraph of things and their relations."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph_builder.export.dates import latest
from graph_builder.export.palette import group_of
from graph_builder.export.read import Tables

VIEWS = ("full", "actors")

# Most specific first: a thing typed twice takes the first class of this list it has.
AGENT_CLASSES = (
    "Person", "PersonGroup", "Court", "GovernmentAgency", "Legislature", "PartyBody", "Company",
    "University", "Association", "Media", "InternationalOrganization", "Organization",
)
NODE_CLASSES = (
    *AGENT_CLASSES, "ReplyLetter", "Proposal", "Suggestion", "Motion", "Policy", "Platform",
    "CourtCase", "Event", "Place",
)

# Relations a letter states more precisely than "mentions": a mention edge beside one of
# these adds nothing (the letter's author is also named in it, of course).
_SPECIFIC = ("respondingAgency", "coHandler", "addressedTo", "cites", "answers")


def node_class(classes: set[str], order: tuple[str, ...] = NODE_CLASSES) -> str | None:
    """The class a thing is shown as: the first of ``order`` among its ``classes``.

    >>> node_class({"Organization", "Court"})
    'Court'
    """
    return next((cls for cls in order if cls in classes), None)


def add_nodes(graph: nx.MultiDiGraph, tables: Tables, order: tuple[str, ...]) -> None:
    """Add every thing whose class is in ``order``, with its attributes, sorted by IRI."""
    starts = tables.start_dates()
    for iri in sorted(tables.classes):
        cls = node_class(tables.classes[iri], order)
        if cls is None:
            continue
        labels = tables.labels.get(iri, {})
        graph.add_node(
            iri,
            cls=cls,
            group=group_of(cls).key,
            label_zh=labels.get("zh", ""),
            label_en=labels.get("en", ""),
            iri=iri,
            letters=len(tables.graphs[iri]),
            start=starts.get(iri),
        )


def term_label(tables: Tables, term: str, lang: str) -> str:
    """The ontology's label of an ``ipgov:`` term in ``lang``, else the term's local name."""
    return tables.term_labels.get(term, {}).get(lang, term)


def full_graph(tables: Tables) -> nx.MultiDiGraph:
    """The full view: things (actors, documents, policies, platforms, cases, events, places) and
    the ``ipgov:`` relations between them, one edge per (subject, predicate, object).

    Edge weight = the number of evidence spans behind the edge; for ``ipgov:mentions`` the
    spans where the letter names the thing. An edge stated without a span weighs 1.
    """
    from graph_builder.export.read import IPGOV

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
        from graph_builder.export.actors import actor_graph

        graph = actor_graph(tables)
    else:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = int(degree)
    return graph


def label(attrs: dict[str, Any], lang: str) -> str:
    """The label of a node or edge in ``lang``, falling back to the other language, then the IRI."""
    other = "en" if lang == "zh" else "zh"
    return str(attrs.get(f"label_{lang}") or attrs.get(f"label_{other}") or attrs.get("iri")
               or attrs.get("predicate") or "")
