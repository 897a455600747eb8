"""``ipgov query NAME|FILE.rq``: run a canned or ad-hoc SPARQL query on the embedded store or an endpoint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command, seconds_argument
from graph_builder.store.urls import endpoint_url

DEFAULT_DATA = "ipgov-out"  # the default output folder of `ipgov build`


def add_parser(subparsers: Any) -> None:
    """Register ``query``."""
    parser = add_command(
        subparsers,
        "query",
        "run a canned query (see `ipgov queries`) or any .rq file",
        description=(
            "Run a canned query by name, or any SPARQL query file, on the graph built by "
            "`ipgov build` (embedded store) or on a SPARQL 1.1 endpoint."
        ),
    )
    parser.add_argument("query", metavar="NAME|FILE.rq", help="a canned query name or a path to a .rq file")
    parser.add_argument(
        "--param", "-p", action="append", default=[], metavar="KEY=VALUE", help="a parameter value (repeatable)"
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help=f"a build output folder, or RDF files' folder (default: ./{DEFAULT_DATA})",
    )
    source.add_argument("--endpoint", metavar="URL", type=endpoint_url,
                        help="a SPARQL 1.1 query endpoint instead of the embedded store")
    parser.add_argument(
        "--timeout", type=seconds_argument, default=30.0, metavar="S",
        help="seconds to wait for an endpoint's answer (default: 30; no retries: a query is sent once)",
    )
    parser.add_argument(
        "--allow-service", action="store_true",
        help="let a query's SERVICE clauses call other endpoints from the embedded store (refused by default)",
    )
    parser.add_argument(
        "--format", choices=("table", "csv", "tsv", "json"), default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--raw", action="store_true",
        help="csv/tsv: write cells as they are (by default a cell starting with = + - @ gets a leading ')",
    )
    parser.set_defaults(run=run)



class _QueriesOnly:
    """A store that runs only queries (no updates), and SERVICE only where allowed."""

    def __init__(self, store: Any, where: str, allow_service: bool) -> None:
        self.store, self.where, self.allow_service = store, where, allow_service

    def run(self, text: str) -> Any:
        from graph_builder.store.guard import check_query

        check_query(text, self.where, self.allow_service)
        return self.store.run(text)


def open_store(data: Path | None, endpoint: str | None, timeout: float = 30.0) -> Any:
    """The store a command asked for: an endpoint, or the embedded store loaded from ``data``."""
    if endpoint:
        from graph_builder.store.remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout)
    from graph_builder.errors import InputError
    from graph_builder.snapshot import read_consistently

    folder = data if data is not None else Path(DEFAULT_DATA)
    if not folder.exists():
        raise InputError(folder, "not found; run `ipgov build` first, or pass --data DIR or --endpoint URL")
    return read_consistently([folder], ("nq",), lambda: _embedded(folder))


def _embedded(folder: Path) -> Any:
    """The build folder's persistent store when one matches its manifest, else its RDF loaded into memory."""
    from graph_builder.store.embedded import EmbeddedStore
    from graph_builder.store.persistent import open_store as open_persistent

    store = open_persistent(folder) if folder.is_dir() else None
    return EmbeddedStore(store) if store is not None else EmbeddedStore.from_paths([folder])


def run(args: argparse.Namespace) -> int:
    """Resolve the query, bind parameters, run, print."""
    from graph_builder.namespaces import PREFIXES
    from graph_builder.queries import find_query, parse_param_args, run_query
    from graph_builder.store.guard import check_query
    from graph_builder.store.results import render

    query = find_query(args.query)
    # refused before any data is loaded or any endpoint is asked (SERVICE: only the embedded store runs it here)
    check_query(query.text, query.path, allow_service=bool(args.endpoint) or args.allow_service)
    raw = parse_param_args(args.param)
    store = open_store(args.data, args.endpoint, args.timeout)
    guarded = _QueriesOnly(store, query.path, allow_service=bool(args.endpoint) or args.allow_service)
    result = run_query(query, raw, guarded)
    prefixes = {**{k: str(v) for k, v in PREFIXES.items()}, **query.prefixes}
    sys.stdout.write(render(result, args.format, prefixes, raw=args.raw))
    return 0
