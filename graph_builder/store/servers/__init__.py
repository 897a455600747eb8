"""Start and stop local SPARQL servers (Oxigraph, Virtuoso 7) on 127.0.0.1 for ``serve`` and tests.

Each server runs in a temporary folder of its own, on a free port, and is stopped (and the
folder removed) by :meth:`RunningServer.stop`, which a ``with`` block calls for you.
"""

from __future__ import annotations

from graph_builder.store.servers.oxigraph import OXIGRAPH_HINT, oxigraph_binary, oxigraph_load, start_oxigraph
from graph_builder.store.servers.running import (
    RunningServer,
    check_port_free,
    free_port,
    stop_quietly,
    wait_until_ready,
)
from graph_builder.store.servers.virtuoso import VIRTUOSO_HINT, start_virtuoso, virtuoso_binaries

__all__ = [
    "OXIGRAPH_HINT", "VIRTUOSO_HINT", "RunningServer", "check_port_free", "free_port", "oxigraph_binary",
    "oxigraph_load", "start_oxigraph", "start_virtuoso", "stop_quietly", "virtuoso_binaries", "wait_until_ready",
]
