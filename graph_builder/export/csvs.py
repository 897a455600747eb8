"""Write nodes.csv and edges.csv in the layout of Gephi's spreadsheet import (Id, Label, Source, …)."""

from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx

from graph_builder.export.rows import EDGE_COLUMNS, NODE_COLUMNS, edge_rows, node_rows
from graph_builder.safe_text import csv_cell


def _table(columns: tuple[str, ...], rows: list[dict[str, Any]], raw: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    # text from letters that a spreadsheet would run as a formula gets a leading quote (OWASP)
    writer.writerows(
        rows if raw else [{k: v if isinstance(v, int | float) else csv_cell(v) for k, v in r.items()} for r in rows]
    )
    return buffer.getvalue().encode("utf-8")


def csv_tables(graph: nx.MultiDiGraph, *, lang: str = "zh", dynamic: bool = True,
               positions: dict[str, tuple[float, float]] | None = None, raw: bool = False) -> dict[str, bytes]:
    """``{"nodes.csv": …, "edges.csv": …}``: UTF-8, one header row, sorted rows.

    A text cell starting with = + - @, a tab or a carriage return gets a leading ``'`` so that a
    spreadsheet shows it rather than running it (``safe_text.csv_cell``), unless ``raw``.

    Gephi's "Import spreadsheet" reads Id/Label (nodes) and Source/Target/Type/Id/Label/Weight
    (edges) by name; the other columns come in as attributes. ``x``/``y`` are filled only with a
    layout, ``start`` (the timeline date) only in dynamic mode.
    """
    columns = NODE_COLUMNS if positions else tuple(c for c in NODE_COLUMNS if c not in ("x", "y"))
    if not dynamic:
        columns = tuple(c for c in columns if c != "start")
    edge_columns = EDGE_COLUMNS if dynamic else tuple(c for c in EDGE_COLUMNS if c != "start")
    return {
        "nodes.csv": _table(columns, node_rows(graph, lang, dynamic, positions), raw),
        "edges.csv": _table(edge_columns, edge_rows(graph, lang, dynamic), raw),
    }
