"""``ipgov export FORMAT [DATA…] -o OUT``: the graph for Gephi (GEXF), GraphML, CSV tables or a picture."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.data_args import add_data_arguments, data_paths
from graph_builder.errors import EXIT_OK

FORMATS = ("gephi", "graphml", "csv", "svg", "png")
DEFAULT_OUT = {
    "gephi": "network.gexf",
    "graphml": "network.graphml",
    "csv": "network-csv",
    "svg": "network.svg",
    "png": "network.png",
}

DESCRIPTION = """Export the knowledge graph as a network.

formats:
  gephi    GEXF 1.3 for Gephi: colours by class, sizes by degree, start dates for the timeline
  graphml  GraphML (yEd, Cytoscape, networkx, igraph)
  csv      OUT/nodes.csv and OUT/edges.csv for Gephi's spreadsheet import
  svg|png  a picture of the actor view with a legend (needs a CJK font, e.g. fonts-wqy-microhei)

DATA are build folders (their dataset.nq; default ./ipgov-out), folders of RDF files, or
.nq/.trig/.ttl/.nt files, positional or with --data; -o names the output only.
"""


def add_parser(subparsers: Any) -> None:
    """Register ``export``."""
    parser = add_command(subparsers, "export", "export the network for Gephi, GraphML, CSV or as a picture",
                         DESCRIPTION, intermixed=True)
    parser.add_argument("format", choices=FORMATS, help="what to write")
    add_data_arguments(parser)
    parser.add_argument("-o", "--out", help="output file (a folder for csv); default: network.<ext>")
    parser.add_argument("--view", choices=("full", "actors"), default=None,
                        help="full: every thing and relation (default); actors: actor–actor edges "
                             "(default for pictures)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="label language (default: zh)")
    parser.add_argument("--static", action="store_true", help="leave out start dates (no timeline)")
    parser.add_argument("--layout", action="store_true", help="store node positions (spring layout, fixed seed)")
    parser.add_argument("--raw", action="store_true",
                        help="csv: write cells as they are (by default a cell starting with = + - @ gets a leading ')")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the dataset, project the view and write the chosen format atomically."""
    from graph_builder.corpus.atomic import atomic_write
    from graph_builder.export.load import load_store
    from graph_builder.export.project import project
    from graph_builder.export.read import read_tables

    picture = args.format in ("svg", "png")
    view = args.view or ("actors" if picture else "full")
    out = Path(args.out or DEFAULT_OUT[args.format])
    from graph_builder.snapshot import read_consistently

    paths = data_paths(args)
    tables = read_consistently(paths, ("nq",), lambda: read_tables(load_store(paths)))
    graph = project(tables, view)
    positions = None
    if args.layout or picture:
        from graph_builder.export.layout import positions as layout_positions

        positions = layout_positions(graph)
    dynamic = not args.static
    if args.format == "gephi":
        from graph_builder.export.gexf import gexf_bytes

        atomic_write(out, gexf_bytes(graph, lang=args.lang, dynamic=dynamic, positions=positions))
    elif args.format == "graphml":
        from graph_builder.export.graphml import graphml_bytes

        atomic_write(out, graphml_bytes(graph, lang=args.lang, dynamic=dynamic, positions=positions))
    elif args.format == "csv":
        from graph_builder.export.csvs import csv_tables

        tables_csv = csv_tables(graph, lang=args.lang, dynamic=dynamic, positions=positions, raw=args.raw)
        for name, data in tables_csv.items():
            atomic_write(out / name, data)
    else:
        from graph_builder.export.picture import picture_bytes

        assert positions is not None
        atomic_write(out, picture_bytes(graph, positions, fmt=args.format, lang=args.lang,
                                        letters=tables.letter_count()))
    print(f"wrote {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges ({view} view) → {out}")
    return EXIT_OK
