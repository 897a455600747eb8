"""Every canned query gives the same rows on an Oxigraph server (via SPARQLWrapper) as embedded."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_builder.errors import EndpointError
from graph_builder.queries import Query, canned_queries, run_query
from graph_builder.store.embedded import EmbeddedStore
from graph_builder.store.remote import RemoteStore, check_endpoint
from graph_builder.store.results import term_key

pytestmark = pytest.mark.server
QUERIES = canned_queries()
EXAMPLES = [pytest.param(q, i, id=f"{q.name}-{i}") for q in QUERIES for i in range(len(q.examples))]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        pytest.skip("the oxigraph server is not installed: pip install oxigraph")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint(
    tmp_path_factory: pytest.TempPathFactory, seed_nquads: Path, stop_process: Callable[..., None]
) -> Iterator[str]:
    """An Oxigraph server on 127.0.0.1 holding the seed letter; stopped afterwards.

    It runs with its default settings (default graph = the empty default graph, not the union),
    which is what the queries' ``GRAPH ?g`` patterns are written for.
    """
    binary = _oxigraph_binary()
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(seed_nquads)], check=True, capture_output=True
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}/query"
    server = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                check_endpoint(url, timeout=2)
                break
            except EndpointError:
                if server.poll() is not None or time.monotonic() > deadline:
                    err = server.stderr.read().decode() if server.stderr else ""
                    pytest.fail(f"oxigraph server did not start: {err[:500]}")
                time.sleep(0.2)
        yield url
    finally:
        stop_process(server, 10)


@pytest.fixture(scope="module")
def embedded(seed_nquads: Path) -> EmbeddedStore:
    """The seed in the embedded store."""
    return EmbeddedStore.from_paths([seed_nquads])


@pytest.mark.parametrize(("query", "index"), EXAMPLES)
def test_same_rows_on_server(query: Query, index: int, endpoint: str, embedded: EmbeddedStore) -> None:
    local = run_query(query, query.examples[index], embedded)
    remote = run_query(query, query.examples[index], RemoteStore(endpoint, timeout=30))
    assert remote.variables == local.variables
    # same rows in the same order: every query ends with a total ORDER BY
    assert [tuple(map(term_key, r)) for r in remote.rows] == [tuple(map(term_key, r)) for r in local.rows]


def test_name_resolution_through_the_endpoint(endpoint: str) -> None:
    from graph_builder.queries import find_query, param_terms

    terms = param_terms(find_query("actor"), {"actor": "华为公司"}, RemoteStore(endpoint))
    assert terms["actor"].value == "https://w3id.org/ipgov/id/org/4ef9ef9358b4a2e0"  # type: ignore[union-attr]


def test_endpoint_errors_are_clear(endpoint: str) -> None:
    with pytest.raises(EndpointError) as caught:
        RemoteStore(endpoint).run("SELECT * WHERE { ?s ?p }")
    assert str(caught.value).startswith(endpoint)
    dead = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(EndpointError, match="unreachable"):
        check_endpoint(dead, timeout=2)
    with pytest.raises(EndpointError, match="not an http"):
        RemoteStore("ftp://example.org/sparql")


def test_construct_and_ask_through_the_endpoint(endpoint: str, embedded: EmbeddedStore) -> None:
    query = (
        "CONSTRUCT { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } WHERE { GRAPH ?g {"
        " ?c a <https://w3id.org/ipgov/ontology#CourtCase> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }"
    )
    remote = RemoteStore(endpoint).run(query)
    local = embedded.run(query)
    assert len(remote.rows) == 6  # three cases, each labelled in zh and en
    assert sorted(tuple(map(term_key, r)) for r in remote.rows) == sorted(tuple(map(term_key, r)) for r in local.rows)
    assert RemoteStore(endpoint).run("ASK { GRAPH ?g { ?s ?p ?o } }").boolean is True
    assert RemoteStore(endpoint).run("ASK { ?s ?p ?o }").boolean is False  # default graph is not the union
