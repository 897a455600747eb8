"""``ipgov push [DATA] --store URL``: load the ontology and letter graphs into a SPARQL server."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from graph_builder.commands._common import add_command, seconds_argument
from graph_builder.data_args import HELP_BUILD, add_data_arguments
from graph_builder.errors import EXIT_EXTERNAL, EXIT_OK, UsageError
from graph_builder.store.urls import endpoint_url

DESCRIPTION = """\
Load a build output folder (its dataset.nq, from `ipgov build`) into a SPARQL server with the
SPARQL 1.1 Graph Store Protocol: the ontology into <https://w3id.org/ipgov/ontology> and each
letter into its own named graph <https://w3id.org/ipgov/graph/KEY>, one PUT each. A PUT
replaces the graph, so pushing twice leaves the same triples and a changed letter replaces
only its own graph.

examples:
  ipgov push --store http://127.0.0.1:7878/store --query http://127.0.0.1:7878/query
  IPGOV_PASSWORD=... ipgov push out/ --store http://127.0.0.1:8890/sparql-graph-crud-auth \\
      --user dba --password-env IPGOV_PASSWORD --query http://127.0.0.1:8890/sparql
"""


def add_parser(subparsers: Any) -> None:
    """Register ``push``."""
    help_text = "load the graphs into a SPARQL server (Graph Store Protocol)"
    parser = add_command(subparsers, "push", help_text, DESCRIPTION, intermixed=True)
    add = parser.add_argument
    add_data_arguments(parser, HELP_BUILD)
    add("--store", required=True, metavar="URL", type=endpoint_url, help="Graph Store Protocol endpoint")
    add("--query", metavar="URL", type=endpoint_url, help="query endpoint: then check the triple count of each graph")
    add("--user", help="user name for the store")
    add("--password-env", metavar="VAR", help="environment variable holding the password")
    add("--auth", choices=("auto", "basic", "digest"), default="auto",
        help="authentication scheme (default: the one the server asks for)")
    add("--no-ontology", action="store_true", help="push the letter graphs only")
    add("--timeout", type=seconds_argument, default=30.0, metavar="S", help="seconds per request (default: 30)")
    add("--retries", type=int, default=4,
        help="retries of a request answered 5xx, dropped or timed out, after 0.5, 1, 2, 4 s… (default: 4); "
             "a refusal (401, 403, 413, other 4xx) or an unreachable server is not retried")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Push, print a summary; exit 3 when the server refuses or cannot be reached."""
    from graph_builder.data_args import build_folder, data_paths
    from graph_builder.snapshot import read_consistently
    from graph_builder.store.push import count_triples, push

    [data] = data_paths(args, exactly=1)
    build_folder(data)
    credentials = _credentials(args)
    summary = read_consistently(  # a build that commits mid-push: push again (a PUT replaces its graph)
        [data],
        ("nq",),
        lambda: push(
            data,
            args.store,
            credentials,
            with_ontology=not args.no_ontology,
            timeout=args.timeout,
            retries=args.retries,
            progress=_progress(),
        ),
    )
    graphs = len(summary.triples)
    print(
        f"pushed {graphs} graph(s), {summary.total} triples ({summary.bytes_sent / 1e6:.1f} MB) "
        f"to {args.store} in {summary.seconds:.1f} s"
    )
    if args.query:
        counts = count_triples(args.query, list(summary.triples), args.timeout)
        wrong = [iri for iri, count in summary.triples.items() if counts.get(iri) != count]
        for iri in wrong:
            found, sent = counts.get(iri), summary.triples[iri]
            line = f"ipgov: {args.query}: <{iri}> holds {found} triples, pushed {sent}"
            print(line, file=sys.stderr)
        if wrong:
            return EXIT_EXTERNAL
        print(f"checked: {args.query} holds the triples pushed, graph by graph")
    return EXIT_OK



def _credentials(args: argparse.Namespace) -> Any:
    from graph_builder.store.gsp import Credentials

    if args.user is not None and (not args.user or any(ord(c) < 32 or ord(c) == 127 or c == ":" for c in args.user)):
        raise UsageError("--user: a user name cannot be empty or hold a colon, a line break or a control character")
    if args.password_env and not args.user:
        raise UsageError("--password-env needs --user")
    if not args.user:
        if args.auth != "auto":
            raise UsageError(f"--auth {args.auth} needs --user and --password-env")
        return None
    if not args.password_env:
        raise UsageError("--user needs --password-env VAR (the variable that holds the password)")
    password = os.environ.get(args.password_env)
    if password is None:
        raise UsageError(f"environment variable {args.password_env} is not set (--password-env)")
    return Credentials(args.user, password, args.auth)


def _progress() -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} graphs")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
