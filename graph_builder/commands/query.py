"""``ipgov query NAME|FILE.rq``: run a canned or ad-hoc SPARQL query on the embedded store or an endpoint."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any, cast

from graph_builder.commands._common import add_command, first_positional, seconds_argument
from graph_builder.data_args import add_data_arguments
from graph_builder.outputs import add_output_arguments
from graph_builder.store.urls import endpoint_url

FORMATS = ("table", "csv", "tsv", "jsonl", "json", "sparql-tsv")  # store.results.FORMATS, without importing it

# the canned queries graph_builder.answers serves (tests/test_answers.py keeps the two in line;
# a literal, so that `ipgov query --help` imports nothing heavy)
SERVED = ("actor-cooccurrence", "class-counts", "co-handlers", "commitments-by-body", "court-cases", "figures",
          "foreign-actors", "platforms", "policies-cited", "provisions-cited", "replies-by-agency-year", "replies",
          "search-label", "suggestion-measures")
# and those it serves by IRI when their IRI parameter is a shared thing (an org, a policy, a place …)
SERVED_BY_IRI = ("actor", "evidence-for")

DESCRIPTION = """\
Run a canned query by name, or any SPARQL query file, on the graph built by `ipgov build`
(embedded store) or on a SPARQL 1.1 endpoint.

`ipgov query NAME --help` shows the query's own description and parameters (and the values a
parameter takes); `ipgov queries` lists them all.

On a build folder, these canned queries are answered from the answer cache, without
evaluating their SPARQL on the store:
{served}.
Each letter's rows of the query's `GRAPH ?g {{ … }}` group are computed once (by the first such
query after a build, for the letters that changed, on all cores; or by `ipgov build --answers`) and
kept in DIR/.cache/answers/; parameters, counts, DISTINCT and ORDER BY are then applied to the
union of the letters' rows, with the same answer as the SPARQL (tests/test_answers.py); without
parameters the answer and its text are kept too. actor and evidence-for are answered from each
letter's rows kept by thing when their IRI is a shared thing (ipgov-id:org/…, policy/…, place/…),
by their SPARQL otherwise. `--sparql` evaluates the SPARQL instead. Any .rq file, other DATA and
every --endpoint run the SPARQL.
""".format(served=textwrap.fill(", ".join(SERVED), 96, initial_indent="  ", subsequent_indent="  "))


class _QueryHelp(argparse.Action):
    """``--help`` that, after a query name, also describes that query and its parameters."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0,
                         help="show this help (after NAME: the query's parameters too) and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser.print_help()
        name = getattr(namespace, "query", None) or first_positional(parser)
        if name:
            from graph_builder.errors import IpgovError
            from graph_builder.queries import find_query, query_help

            try:
                print("\n" + query_help(find_query(name)))
            except IpgovError as error:
                print(f"\n{error}")
        parser.exit()


def add_parser(subparsers: Any) -> None:
    """Register ``query``."""
    parser = add_command(subparsers, "query", "run a canned query (see `ipgov queries`) or any .rq file", DESCRIPTION,
                         intermixed=True, add_help=False)
    parser.add_argument("-h", "--help", action=_QueryHelp)
    parser.add_argument("query", metavar="NAME|FILE.rq", help="a canned query name or a path to a .rq file")
    add_data_arguments(parser)
    parser.add_argument(
        "--param", "-p", action="append", default=[], metavar="KEY=VALUE", help="a parameter value (repeatable)"
    )
    parser.add_argument("--endpoint", metavar="URL", type=endpoint_url,
                        help="a SPARQL 1.1 query endpoint instead of the embedded store (no DATA then)")
    parser.add_argument(
        "--timeout", type=seconds_argument, default=30.0, metavar="S",
        help="seconds to wait for an endpoint's answer (default: 30; no retries: a query is sent once)",
    )
    parser.add_argument(
        "--sparql", action="store_true",
        help="evaluate the query's SPARQL on the store even when the answer cache serves it (see below)",
    )
    parser.add_argument(
        "--allow-service", action="store_true",
        help="let a query's SERVICE clauses call other endpoints from the embedded store (refused by default)",
    )
    add_output_arguments(parser, FORMATS, extra="json: SPARQL 1.1 JSON results; sparql-tsv: SPARQL 1.1 TSV "
                         "(IRIs in <>, literals quoted with their language or datatype)")
    parser.set_defaults(run=run)


class _QueriesOnly:
    """A store that runs only queries (no updates), and SERVICE only where allowed."""

    def __init__(self, store: Any, where: str, allow_service: bool) -> None:
        self.store, self.where, self.allow_service = store, where, allow_service

    def run(self, text: str) -> Any:
        from graph_builder.store.guard import check_query

        check_query(text, self.where, self.allow_service)
        return self.store.run(text)


def open_store(data: list[Path] | None, endpoint: str | None, timeout: float = 30.0) -> Any:
    """The store a command asked for: an endpoint, or the embedded store loaded from DATA."""
    if endpoint:
        from graph_builder.store.remote import RemoteStore

        return RemoteStore(endpoint, timeout=timeout)
    from graph_builder.data_args import DEFAULT_DATA
    from graph_builder.snapshot import read_consistently

    paths = data or [DEFAULT_DATA]
    return read_consistently(paths, ("nq",), lambda: _embedded(paths))


def _embedded(paths: list[Path]) -> Any:
    """One build folder's persistent store when one matches its manifest, else DATA loaded into memory."""
    from graph_builder.data_args import is_build
    from graph_builder.store.embedded import EmbeddedStore
    from graph_builder.store.persistent import open_store as open_persistent

    store = open_persistent(paths[0]) if len(paths) == 1 and is_build(paths[0]) else None
    return EmbeddedStore(store) if store is not None else EmbeddedStore.from_paths(paths)


class _OpenWhenAsked:
    """The folder's store, opened only if a parameter's name must be looked up in it."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.store = folder, cast(Any, None)

    def run(self, text: str) -> Any:
        store = self.store = self.store or _embedded([self.folder])
        return store.run(text)


def _from_cache(query: Any, raw: dict[str, str], folder: Path, show: Any, how: str) -> str | None:
    """The answer from the folder's answer cache (graph_builder.answers) as ``show`` renders it, or None
    when the cache does not serve the query. Without parameters the text is kept too, under ``how``
    (format and options): the same call again prints it as it was rendered."""
    from graph_builder import answers
    from graph_builder.query_params import param_terms
    from graph_builder.snapshot import read_consistently

    def read() -> str | None:
        terms = param_terms(query, raw, _OpenWhenAsked(folder))
        plain = all(term is None for term in terms.values())
        text = answers.kept_output(query, folder, how) if plain else None
        if text is None:
            result = answers.answer(query, terms, folder)
            if result is None:
                return None
            text = show(result)
            if plain:
                answers.keep_output(query, folder, how, text)
        return text

    return read_consistently([folder], ("nq",), read)


def run(args: argparse.Namespace) -> int:
    """Resolve the query, bind parameters, run, print."""
    from graph_builder.data_args import data_paths, given_explicitly, is_build
    from graph_builder.errors import UsageError
    from graph_builder.outputs import terminal_width
    from graph_builder.prefixes import PREFIXES
    from graph_builder.queries import find_query, parse_param_args, run_query
    from graph_builder.store.guard import check_query
    from graph_builder.store.results import render

    if args.endpoint and given_explicitly(args):
        raise UsageError("--endpoint and DATA: name one place to ask, not both")
    data = None if args.endpoint else data_paths(args)
    query = find_query(args.query)
    # refused before any data is loaded or any endpoint is asked (SERVICE: only the embedded store runs it here)
    check_query(query.text, query.path, allow_service=bool(args.endpoint) or args.allow_service)
    raw = parse_param_args(args.param)
    prefixes = {**PREFIXES, **query.prefixes}
    width = terminal_width()

    def show(result: Any) -> str:
        return render(result, args.format, prefixes, raw=args.raw, bom=args.bom, columns=args.columns, width=width)

    text = None
    if (data is not None and not args.sparql and query.name in SERVED + SERVED_BY_IRI and len(data) == 1
            and is_build(data[0])):
        how = (args.format, args.raw, args.bom, args.columns, width if args.format == "table" else None)
        text = _from_cache(query, raw, data[0], show, repr(how))
    if text is None:
        store = open_store(data, args.endpoint, args.timeout)
        guarded = _QueriesOnly(store, query.path, allow_service=bool(args.endpoint) or args.allow_service)
        text = show(run_query(query, raw, guarded))
    sys.stdout.write(text)
    return 0
