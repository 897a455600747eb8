"""``ipgov queries``: list the canned queries with their titles and parameters."""

from __future__ import annotations

import argparse
from typing import Any

from graph_builder.commands._common import add_command


def add_parser(subparsers: Any) -> None:
    """Register ``queries``."""
    parser = add_command(subparsers, "queries", "list the canned SPARQL queries",
                         "List the canned SPARQL queries with their parameters (and the values a parameter takes); "
                         "`ipgov query NAME --help` describes one.")
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the titles (default: en)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one block per query: name and title, then its parameters."""
    from graph_builder.queries import canned_queries

    for query in canned_queries():
        print(f"{query.name}  {query.title(args.lang)}")
        for param in query.params:
            need = "required" if param.required else (f"default={param.default}" if param.default else "optional")
            print(f"    --param {param.name}=<{param.type}>  ({need}) {param.description}")
            if param.choices:
                print(f"        one of: {', '.join(param.choices)}")
    return 0
