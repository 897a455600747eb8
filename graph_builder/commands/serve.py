"""``ipgov serve [DATA]``: run an Oxigraph SPARQL server that holds the dataset until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import ExitStack
from importlib.resources import as_file
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.errors import EXIT_EXTERNAL, EXIT_OK

DESCRIPTION = """\
Load a build output folder (its dataset.nq, from `ipgov build`) and the ontology into a fresh
Oxigraph server (a temporary store, removed at the end) and serve it until Ctrl-C. The
default graph of a query is the union of all graphs, as in Virtuoso. Needs the `oxigraph`
program: pip install oxigraph.

examples:
  ipgov serve                      # ./ipgov-out on http://127.0.0.1:7878
  ipgov serve out/ --port 0        # any free port
  ipgov query replies --endpoint http://127.0.0.1:7878/query
"""


def add_parser(subparsers: Any) -> None:
    """Register ``serve``."""
    help_text = "serve the dataset with an Oxigraph SPARQL server"
    parser = add_command(subparsers, "serve", help_text, DESCRIPTION)
    add = parser.add_argument
    add("data", nargs="?", default="ipgov-out", help="build output folder (default: ./ipgov-out)")
    add("--port", type=int, default=7878, help="TCP port (default: 7878; 0 picks a free one)")
    add("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    add("--no-ontology", action="store_true", help="serve the letter graphs only")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Start the server, print its addresses, wait for Ctrl-C, stop it."""
    from graph_builder.blocks import DATASET, letter_blocks
    from graph_builder.resources import ontology_path
    from graph_builder.store.push import ONTOLOGY_GRAPH
    from graph_builder.store.servers import start_oxigraph

    letters = letter_blocks(Path(args.data))
    with ExitStack() as stack:
        load: list[tuple[Path, str | None]] = [(Path(args.data) / DATASET, None)] if letters else []
        if not args.no_ontology:
            load.append((Path(stack.enter_context(as_file(ontology_path()))), ONTOLOGY_GRAPH))
        server = start_oxigraph(load, port=args.port, bind=args.bind)
    try:
        print(f"serving {len(letters)} letter graph(s) from {args.data}/ with Oxigraph")
        print(f"  SPARQL query endpoint: {server.query_url}")
        print(f"  Graph Store endpoint:  {server.store_url}")
        print(f"  web page:              {server.base_url}/")
        print("press Ctrl-C to stop", flush=True)
        signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops as cleanly as Ctrl-C
        code = server.process.wait()
        line = f"ipgov: {server.base_url}: oxigraph stopped ({code}): {server.log_tail()}"
        print(line, file=sys.stderr)
        return EXIT_EXTERNAL
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return EXIT_OK
    finally:
        server.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
