"""Write GraphML through networkx's ElementTree writer, from the same sorted rows as the CSV tables."""

from __future__ import annotations

import io

import networkx as nx

from graph_builder.export.rows import edge_rows, node_rows


def graphml_bytes(graph: nx.MultiDiGraph, *, lang: str = "zh", dynamic: bool = True,
                  positions: dict[str, tuple[float, float]] | None = None) -> bytes:
    """The GraphML document of ``graph``, nodes and edges sorted.

    networkx writes elements in insertion order and stamps no date, so sorted rows give the
    same bytes every time (a test checks it). Key ids are d0, d1 … (GraphML wants them unique
    across nodes and edges). Node ``Id`` becomes the node id, ``Label`` the
    ``label`` attribute; edge ids are the GEXF ones (``e0`` …).
    """
    out = nx.MultiGraph() if graph.graph.get("edgetype") == "undirected" else nx.MultiDiGraph()
    for row in node_rows(graph, lang, dynamic, positions):
        node = row.pop("Id")
        row["label"] = row.pop("Label")
        out.add_node(node, **{k: v for k, v in row.items() if v != ""})
    for row in edge_rows(graph, lang, dynamic):
        key, source, target = row.pop("Id"), row.pop("Source"), row.pop("Target")
        row.pop("Type")
        row["label"], row["weight"] = row.pop("Label"), row.pop("Weight")
        out.add_edge(source, target, key=key, **{k: v for k, v in row.items() if v != ""})
    buffer = io.BytesIO()
    nx.write_graphml_xml(out, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
