"""``ipgov serve [DATA]``: run an Oxigraph SPARQL server that holds the dataset until Ctrl-C."""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import sys
from contextlib import ExitStack
from importlib.resources import as_file
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.data_args import HELP_BUILD, add_data_arguments
from graph_builder.errors import EXIT_EXTERNAL, EXIT_OK

DESCRIPTION = """\
Load a build output folder (its dataset.nq, from `ipgov build`) and the ontology into a fresh
Oxigraph server (a temporary store, removed at the end; a checkpoint of the build's persistent
store, DIR/store/, when it has one, so nothing is loaded but the ontology) and serve it until Ctrl-C, SIGTERM or
SIGHUP. The default graph of a query is the union of all graphs, as in Virtuoso. The server is
read-only (`oxigraph serve-read-only`: queries only) unless --writable; it listens on
127.0.0.1 unless --bind says otherwise, and warns when that is not a loopback address (it has
no authentication). Needs the `oxigraph` program: pip install oxigraph.

examples:
  ipgov serve                      # ./ipgov-out on http://127.0.0.1:7878
  ipgov serve out/ --port 0        # any free port
  ipgov query replies --endpoint http://127.0.0.1:7878/query
"""


def add_parser(subparsers: Any) -> None:
    """Register ``serve``."""
    help_text = "serve the dataset with an Oxigraph SPARQL server"
    parser = add_command(subparsers, "serve", help_text, DESCRIPTION, intermixed=True)
    add = parser.add_argument
    add_data_arguments(parser, HELP_BUILD)
    add("--port", type=_port, default=7878, help="TCP port (default: 7878; 0 picks a free one)")
    add("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    add("--writable", action="store_true",
        help="accept writes (Graph Store PUT/POST/DELETE, SPARQL update) from anyone who can reach the server")
    add("--no-ontology", action="store_true", help="serve the letter graphs only")
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {text!r}")
    return port


class _Stop(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as cleanly as Ctrl-C."""


def _interrupt(signum: int, frame: object) -> None:
    raise _Stop


def run(args: argparse.Namespace) -> int:
    """Start the server, print its addresses, wait for Ctrl-C (or SIGTERM, SIGHUP), stop it."""
    # Ctrl-C, `kill PID`, a closed terminal: the finally of _serve stops the server and removes its
    # store. The handlers are the caller's again afterwards (a program or test that calls main()
    # in-process must not be stopped by its own SIGTERM later).
    stops = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, n)]  # no SIGHUP on Windows
    previous = {sig: signal.signal(sig, _interrupt) for sig in stops}
    try:
        return _serve(args)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _serve(args: argparse.Namespace) -> int:
    from graph_builder.corpus.blocks import letter_blocks
    from graph_builder.corpus.layout import DATASET
    from graph_builder.data_args import build_folder, data_paths
    from graph_builder.resources import ontology_path
    from graph_builder.snapshot import read_consistently
    from graph_builder.store.persistent import pinned_generation, release_pins
    from graph_builder.store.push import ONTOLOGY_GRAPH
    from graph_builder.store.servers import check_port_free, start_oxigraph

    [data] = data_paths(args, exactly=1)
    build_folder(data)
    check_port_free(args.bind, args.port)  # before loading: a busy port or a bad address is one line
    try:
        with ExitStack() as stack:
            ontology = None if args.no_ontology else Path(stack.enter_context(as_file(ontology_path())))

            def started() -> tuple[int, Any]:
                letters = letter_blocks(data)
                # the build's persistent store, when it has one: a checkpoint of it instead of loading dataset.nq
                base = pinned_generation(data) if letters else None
                load: list[tuple[Path, str | None]] = [(data / DATASET, None)] if letters and base is None else []
                if ontology is not None:
                    load.append((ontology, ONTOLOGY_GRAPH))
                server = start_oxigraph(
                    load, port=args.port, bind=args.bind, read_only=not args.writable,
                    supervised=os.name == "posix",  # the supervisor watches a pipe with select(): POSIX only
                    from_store=base,
                )
                release_pins()  # the server's checkpoint holds its own links to the files
                return len(letters), server

            count, server = read_consistently([data], ("nq",), _restarting(started))
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return EXIT_OK
    try:
        _warn_if_exposed(args.bind, server.base_url)
        print(f"serving {count} letter graph(s) from {data}/ with Oxigraph")
        print(f"  SPARQL query endpoint: {server.query_url}")
        if args.writable:
            print(f"  Graph Store endpoint:  {server.store_url}")
            print("  writable: anyone who can reach it may change or delete the data (no authentication)")
        else:
            print(f"  Graph Store endpoint:  {server.store_url} (read-only; --writable to accept writes)")
        print(f"  web page:              {server.base_url}/")
        print("press Ctrl-C to stop", flush=True)
        code = server.process.wait()
        line = f"ipgov: {server.base_url}: oxigraph stopped ({code}): {server.log_tail()}"
        print(line, file=sys.stderr)
        return EXIT_EXTERNAL
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return EXIT_OK
    finally:
        server.stop()


def _restarting(start: Any) -> Any:
    """``start`` for ``read_consistently``, which calls it again when the folder changed while it
    loaded: the server of the earlier try is stopped first."""
    running: list[Any] = []

    def again() -> Any:
        for old in running:
            old[1].stop()
        running.clear()
        running.append(start())
        return running[0]

    return again


def _warn_if_exposed(bind: str, base_url: str) -> None:
    """One line on stderr when the server listens beyond this machine, with the address it really has."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(bind, None, type=socket.SOCK_STREAM)}
        if all(ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses):
            return
    except (OSError, ValueError):
        pass
    where = bind
    if bind in ("", "0.0.0.0", "::"):
        where = f"{bind or '0.0.0.0'} (every interface; this machine is {_outward_address()})"
    print(
        f"ipgov: warning: listening on {where}, port {base_url.rsplit(':', 1)[-1]}: anyone who can reach this "
        "address can query the data, without authentication",
        file=sys.stderr,
    )


def _outward_address() -> str:
    """The address other machines reach this one by (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
