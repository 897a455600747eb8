"""Flat, sorted rows of node and edge attributes, shared by the GraphML and CSV writers."""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph_builder.export.clean import one_line, xml_text
from graph_builder.export.gexf import node_size, sorted_edges
from graph_builder.export.nodes import label
from graph_builder.export.palette import group_of

NODE_COLUMNS = ("Id", "Label", "class", "group", "label_zh", "label_en", "iri", "letters", "degree",
                "color", "size", "start", "x", "y")
EDGE_COLUMNS = ("Id", "Source", "Target", "Type", "Label", "Weight", "predicate", "label_zh", "label_en",
                "letters", "start")


def node_rows(graph: nx.MultiDiGraph, lang: str, dynamic: bool,
              positions: dict[str, tuple[float, float]] | None) -> list[dict[str, Any]]:
    """One row per node, sorted by id; ``start`` only when ``dynamic``, x/y only with positions."""
    rows = []
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        row: dict[str, Any] = {
            "Id": xml_text(node),
            "Label": one_line(label(attrs, lang)),
            "class": attrs.get("cls", ""),
            "group": attrs.get("group", ""),
            "label_zh": xml_text(attrs.get("label_zh", "")),
            "label_en": xml_text(attrs.get("label_en", "")),
            "iri": xml_text(attrs.get("iri", node)),
            "letters": int(attrs.get("letters", 0)),
            "degree": int(attrs.get("degree", 0)),
            "color": group_of(attrs.get("cls", "")).hex,
            "size": node_size(int(attrs.get("degree", 0))),
        }
        if dynamic and attrs.get("start"):
            row["start"] = attrs["start"]
        if positions and node in positions:
            row["x"], row["y"] = positions[node]
        rows.append(row)
    return rows


def edge_rows(graph: nx.MultiDiGraph, lang: str, dynamic: bool) -> list[dict[str, Any]]:
    """One row per edge, in the GEXF writer's order and with its ids (``e0``, ``e1`` …)."""
    edge_type = "Undirected" if graph.graph.get("edgetype") == "undirected" else "Directed"
    rows = []
    for number, (source, target, _key, attrs) in enumerate(sorted_edges(graph)):
        row: dict[str, Any] = {
            "Id": f"e{number}",
            "Source": xml_text(source),
            "Target": xml_text(target),
            "Type": edge_type,
            "Label": one_line(label(attrs, lang)),
            "Weight": float(attrs.get("weight", 1)),
            "predicate": xml_text(attrs.get("predicate", "")),
            "label_zh": xml_text(attrs.get("label_zh", "")),
            "label_en": xml_text(attrs.get("label_en", "")),
            "letters": int(attrs.get("letters", 0)),
        }
        if dynamic and attrs.get("start"):
            row["start"] = attrs["start"]
        rows.append(row)
    return rows
