"""Deterministic node positions computed with networkx: each component by spring layout, packed."""

from __future__ import annotations

import math

import networkx as nx

from graph_builder.errors import UsageError

SEED = 20180815  # the seed letter's date: any fixed number gives the same picture every run
UNIT = 100.0  # length of an edge, roughly, in GEXF coordinates
GAP = 1.0  # space between packed components, in units


def _component_layout(component: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one connected component, centred on (0, 0), about one unit per edge."""
    nodes = sorted(component.nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    radius = 0.5 * (len(nodes) - 1) ** 0.6  # about the same spacing in small and large components
    try:
        raw = nx.spring_layout(component, iterations=300, seed=seed, scale=radius)
    except ModuleNotFoundError as error:
        raise UsageError(
            f"laying out {len(nodes)} connected nodes needs scipy ({error.name} is missing): pip install scipy"
        ) from error
    return {node: (float(raw[node][0]), float(raw[node][1])) for node in nodes}


def positions(graph: nx.MultiDiGraph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Node → (x, y): a spring layout of each connected component (the graph taken as simple and
    undirected), the components packed in rows, largest first, isolated nodes last.

    Nodes and edges are added in sorted order and coordinates rounded to 0.01, so the same
    graph gives the same numbers on every run.

    :raises UsageError: when a component has 500 nodes or more and scipy is not installed
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in graph.edges() if u != v))
    if not simple:
        return {}
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    laid = []
    for nodes in components:
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(simple.subgraph(nodes).edges()))
        pos = _component_layout(sub, seed)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        laid.append((pos, min(xs), max(xs), min(ys), max(ys)))
    area = sum((x1 - x0 + GAP) * (y1 - y0 + GAP) for _, x0, x1, y0, y1 in laid)
    width = max(math.sqrt(area) * 1.3, max(x1 - x0 for _, x0, x1, _, _ in laid) + GAP)
    placed: dict[str, tuple[float, float]] = {}
    cursor_x, cursor_y, row_height = 0.0, 0.0, 0.0
    for pos, x0, x1, y0, y1 in laid:
        w, h = x1 - x0 + GAP, y1 - y0 + GAP
        if cursor_x > 0 and cursor_x + w > width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y - row_height, 0.0
        for node, (x, y) in pos.items():
            placed[node] = (cursor_x + (x - x0), cursor_y - (y1 - y))
        cursor_x += w
        row_height = max(row_height, h)
    return {node: (round(x * UNIT, 2), round(y * UNIT, 2)) for node, (x, y) in sorted(placed.items())}
