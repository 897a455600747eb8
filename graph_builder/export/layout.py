"""Deterministic node positions computed with networkx (spring layout, fixed seed)."""

from __future__ import annotations

import networkx as nx

from graph_builder.errors import UsageError

SEED = 20180815  # the seed letter's date: any fixed number gives the same picture every run
SCALE = 1000.0


def positions(graph: nx.MultiDiGraph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Node → (x, y), from a spring layout of the undirected, weight-summed ``graph``.

    Nodes are added in sorted order and coordinates rounded to 0.01, so the same graph
    gives the same numbers on every run.

    :raises UsageError: when the graph has 500 nodes or more and scipy is not installed
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v, weight in sorted(graph.edges(data="weight", default=1)):
        a, b = sorted((u, v))
        simple.add_edge(a, b, weight=simple.get_edge_data(a, b, {"weight": 0})["weight"] + weight)
    if not simple:
        return {}
    k = 1.6 / max(len(simple), 1) ** 0.5
    try:
        raw = nx.spring_layout(simple, k=k, iterations=300, seed=seed, weight=None, scale=1.0)
    except ModuleNotFoundError as error:
        raise UsageError(
            f"laying out {len(simple)} nodes needs scipy ({error.name} is missing): pip install scipy"
        ) from error
    return {node: (round(float(x) * SCALE, 2), round(float(y) * SCALE, 2)) for node, (x, y) in raw.items()}
