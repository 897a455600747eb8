"""The nodes of a network: which things are shown, as which class, with which attributes and labels
(shared by the views of ``project`` and ``actors`` and the writers)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph_builder.export.palette import group_of
from graph_builder.export.read import Tables

# Most specific first: a thing typed twice takes the first class of this list it has.
AGENT_CLASSES = (
    "Person", "PersonGroup", "Court", "GovernmentAgency", "Legislature", "PartyBody", "Company",
    "University", "Association", "Media", "InternationalOrganization", "Organization",
)
NODE_CLASSES = (
    *AGENT_CLASSES, "ReplyLetter", "Proposal", "Suggestion", "Motion", "Policy", "Platform",
    "CourtCase", "Event", "Place",
)


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





def label(attrs: dict[str, Any], lang: str) -> str:
    """The label of a node or edge in ``lang``, falling back to the other language, then the IRI."""
    other = "en" if lang == "zh" else "zh"
    return str(attrs.get(f"label_{lang}") or attrs.get(f"label_{other}") or attrs.get("iri")
               or attrs.get("predicate") or "")
