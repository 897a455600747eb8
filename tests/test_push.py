"""``ipgov push`` without a real SPARQL server: bodies, authentication, retries and refusals.

A small in-process HTTP server plays the Graph Store; the tests against Oxigraph and
Virtuoso themselves are in ``test_servers.py``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from graph_builder.cli import main
from graph_builder.corpus.blocks import letter_blocks
from graph_builder.errors import EndpointError, InputError
from graph_builder.store import gsp
from graph_builder.store.gsp import Credentials, GraphStore, parse_challenges
from graph_builder.store.push import (
    LETTER_GRAPH,
    ONTOLOGY_GRAPH,
    graph_sources,
    ntriples_body,
    push,
)
from graph_builder.store.servers import free_port

G = LETTER_GRAPH


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, seed_built, write_build) -> Path:  # type: ignore[no-untyped-def]
    """A build output folder with two letter graphs: the seed and a small made-up one."""
    small = (
        f'<https://w3id.org/ipgov/id/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "小"@zh <{G}small> .\n'
        f'<https://w3id.org/ipgov/id/x> <http://purl.org/dc/terms/date> "2019-03"^^'
        f"<http://www.w3.org/2001/XMLSchema#gYearMonth> <{G}small> .\n"
    )
    graphs = {seed_built.key: seed_built.nquads_bytes, "small": small.encode()}
    return write_build(tmp_path_factory.mktemp("push-data"), graphs)  # type: ignore[no-any-return]


# --- the fake Graph Store ------------------------------------------------------------------


@dataclass
class Seen:
    """One request the fake server received."""

    method: str
    graph: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeStore:
    """Answers each PUT with ``answer(request number, Seen)``: (status, extra headers) or None to drop."""

    answer: Callable[[int, Seen], tuple[int, dict[str, str]] | None]
    seen: list[Seen] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def fake() -> Iterator[Callable[..., FakeStore]]:
    """Start fake Graph Stores on 127.0.0.1; all are shut down after the test."""
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[int, Seen], tuple[int, dict[str, str]] | None]) -> FakeStore:
        state = FakeStore(answer)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_PUT(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                graph = parse_qs(urlsplit(self.path).query).get("graph", [""])[0]
                seen = Seen("PUT", graph, dict(self.headers.items()), body)
                state.seen.append(seen)
                reply = state.answer(len(state.seen), seen)
                if reply is None:  # drop the connection without an answer
                    self.close_connection = True
                    return
                status, headers = reply
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        servers.append(server)
        state.url = f"http://127.0.0.1:{server.server_address[1]}/store"
        return state

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def created(_n: int, _seen: Seen) -> tuple[int, dict[str, str]]:
    """Accept every PUT."""
    return 201, {}


# --- bodies --------------------------------------------------------------------------------


def test_each_graph_is_sent_as_ntriples_of_its_own_file(data: Path, fake) -> None:  # type: ignore[no-untyped-def]
    store = fake(created)
    summary = push(data, store.url)
    graphs = [s.graph for s in store.seen]
    assert graphs == [ONTOLOGY_GRAPH, G + "000_cf6b83477be807db", G + "small"]
    letters = {s.graph: s for s in store.seen[1:]}
    for block in letter_blocks(data):
        seen = letters[block.graph]
        assert seen.headers["Content-Type"] == "application/n-triples"
        assert int(seen.headers["Content-Length"]) == len(seen.body)
        assert "Transfer-Encoding" not in seen.headers  # Virtuoso drops chunked bodies
        sent = {q.triple for q in ox.parse(seen.body, format=ox.RdfFormat.N_TRIPLES)}
        local = {q.triple for q in ox.parse(block.read(), format=ox.RdfFormat.N_QUADS)}
        assert sent == local
        assert summary.triples[block.graph] == len(local)
    assert summary.triples[G + "small"] == 2
    assert summary.total == sum(summary.triples.values())
    assert summary.triples[ONTOLOGY_GRAPH] > 500  # the ontology, parsed from Turtle


def test_body_of_a_letter_with_a_foreign_graph_is_refused(tmp_path: Path, write_build) -> None:  # type: ignore[no-untyped-def]
    write_build(tmp_path, {"a": f"<http://x/s> <http://x/p> <http://x/o> <{G}b> .\n".encode()})
    pattern = r"dataset\.nq \(letter a\): holds a quad in <.*/graph/b>, not in <.*/graph/a>"
    with pytest.raises(InputError, match=pattern):
        ntriples_body(graph_sources(tmp_path, None)[0])


def test_body_of_a_broken_letter_names_it(tmp_path: Path, write_build) -> None:  # type: ignore[no-untyped-def]
    write_build(tmp_path, {"a": b"<http://x/s> <http://x/p> .\n"})
    with pytest.raises(InputError, match=r"dataset\.nq \(letter a\): not valid RDF"):
        ntriples_body(graph_sources(tmp_path, None)[0])


def test_missing_data_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["push", str(tmp_path / "nowhere"), "--store", "http://127.0.0.1:9/store"])
    assert code == 2
    assert "nowhere: no such folder; build one with: ipgov build -o" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["push", str(tmp_path / "empty"), "--store", "http://127.0.0.1:9/store"]) == 2
    assert "not a build output folder (no manifest.json and dataset.nq)" in capsys.readouterr().err


def test_password_comes_from_the_environment_only(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://127.0.0.1:9/store"
    assert main(["push", str(data), "--store", url, "--user", "u"]) == 2
    assert "--user needs --password-env" in capsys.readouterr().err
    monkeypatch.delenv("IPGOV_TEST_UNSET", raising=False)
    assert main(["push", str(data), "--store", url, "--user", "u", "--password-env", "IPGOV_TEST_UNSET"]) == 2
    assert "environment variable IPGOV_TEST_UNSET is not set" in capsys.readouterr().err


# --- retries and refusals ------------------------------------------------------------------


def test_5xx_is_retried_with_backoff(data: Path, fake) -> None:  # type: ignore[no-untyped-def]
    store = fake(lambda n, seen: (503, {}) if n <= 2 else (201, {}))
    started = time.monotonic()
    summary = push(data, store.url, backoff=0.05)
    assert time.monotonic() - started >= 0.05 + 0.1  # waited 0.05 s, then 0.1 s
    assert [s.graph for s in store.seen[:3]] == [ONTOLOGY_GRAPH] * 3
    assert len(store.seen) == 5 and len(summary.triples) == 3


def test_dropped_connection_is_retried(data: Path, fake) -> None:  # type: ignore[no-untyped-def]
    store = fake(lambda n, seen: None if n == 2 else (201, {}))
    summary = push(data, store.url, backoff=0.01)
    seed = G + "000_cf6b83477be807db"
    assert [s.graph for s in store.seen] == [ONTOLOGY_GRAPH, seed, seed, G + "small"]
    assert summary.triples[G + "small"] == 2


def test_persistent_5xx_stops_with_exit_3(data: Path, fake, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    store = fake(lambda n, seen: (500, {}))
    code = main(["push", str(data), "--store", store.url, "--retries", "1"])
    assert code == 3
    assert len(store.seen) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"ipgov: {store.url}: 500 Internal Server Error for <{ONTOLOGY_GRAPH}>"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (401, "refused: 401 Unauthorized with no credentials (give --user and --password-env)"),
        (403, "refused: 403 Forbidden with no credentials"),
        (413, "refused: 413 "),
    ],
)
def test_refusal_stops_at_once_with_exit_3(  # type: ignore[no-untyped-def]
    data: Path, fake, capsys: pytest.CaptureFixture[str], status: int, message: str
) -> None:
    store = fake(lambda n, seen: (status, {}))
    assert main(["push", str(data), "--store", store.url]) == 3
    assert len(store.seen) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"ipgov: {store.url}: {message}")
    assert err.count("\n") == 1


def test_unreachable_server_stops_at_once_with_exit_3(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    started = time.monotonic()
    assert main(["push", str(data), "--store", url]) == 3
    assert time.monotonic() - started < 5
    assert capsys.readouterr().err.startswith(f"ipgov: {url}: cannot connect: ")


# --- authentication ------------------------------------------------------------------------


def test_digest_response_matches_rfc_2617_example(monkeypatch: pytest.MonkeyPatch) -> None:
    # RFC 2617 section 3.5: the worked example, with its client nonce.
    monkeypatch.setattr(gsp.secrets, "token_hex", lambda n: "0a4f113b")
    challenge = parse_challenges(
        [
            'Digest realm="testrealm@host.com", qop="auth,auth-int", '
            'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
        ]
    )["digest"]
    header = gsp._Digest(challenge).header("GET", "/dir/index.html", Credentials("Mufasa", "Circle Of Life"))
    assert 'response="6629fae49393a05397450978507c4ef1"' in header
    assert "nc=00000001" in header and 'cnonce="0a4f113b"' in header
    assert 'opaque="5ccc069c403ebaf9f0171e9517f40e41"' in header


def test_challenges_split_by_scheme() -> None:
    found = parse_challenges(['Basic realm="a b", Digest realm="SPARQL", nonce="n1", qop="auth", stale="false"'])
    assert found == {
        "basic": {"realm": "a b"},
        "digest": {"realm": "SPARQL", "nonce": "n1", "qop": "auth", "stale": "false"},
    }


def _digest_ok(seen: Seen, password: str) -> bool:
    """Check a Digest header the way a server does (RFC 7616, MD5, qop=auth)."""
    header = seen.headers.get("Authorization", "")
    if not header.startswith("Digest "):
        return False
    fields = parse_challenges([header])["digest"]

    def md5(text: str) -> str:
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    ha1 = md5(f"{fields['username']}:{fields['realm']}:{password}")
    ha2 = md5(f"PUT:{fields['uri']}")
    expected = md5(f"{ha1}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
    return fields["response"] == expected and fields["nonce"] == "abc"


def test_digest_login_answers_the_challenge_once_then_reuses_it(  # type: ignore[no-untyped-def]
    data: Path, fake, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    challenge = {"WWW-Authenticate": 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"'}
    store = fake(lambda n, seen: (201, {}) if _digest_ok(seen, "s3cret") else (401, challenge))
    monkeypatch.setenv("IPGOV_TEST_PASSWORD", "s3cret")
    argv = ["push", str(data), "--store", store.url, "--user", "loader", "--password-env", "IPGOV_TEST_PASSWORD"]
    assert main(argv) == 0
    assert len(store.seen) == 4  # one challenge, then three authenticated PUTs
    counts = [parse_challenges([s.headers["Authorization"]])["digest"]["nc"] for s in store.seen[1:]]
    assert counts == ["00000001", "00000002", "00000003"]
    assert "pushed 3 graph(s)" in capsys.readouterr().out
    monkeypatch.setenv("IPGOV_TEST_PASSWORD", "wrong")
    store.seen.clear()
    assert main(argv) == 3
    assert len(store.seen) == 2
    assert capsys.readouterr().err.startswith(f"ipgov: {store.url}: refused: 401 Unauthorized with user 'loader'")


def test_basic_login_follows_a_basic_challenge(data: Path, fake) -> None:  # type: ignore[no-untyped-def]
    good = "Basic dTpwdw=="  # u:pw
    store = fake(
        lambda n, seen: (201, {})
        if seen.headers.get("Authorization") == good
        else (401, {"WWW-Authenticate": 'Basic realm="x"'})
    )
    push(data, store.url, Credentials("u", "pw"))
    assert [s.headers.get("Authorization") for s in store.seen] == [None, good, good, good]


def test_digest_only_refuses_a_basic_challenge(data: Path, fake) -> None:  # type: ignore[no-untyped-def]
    store = fake(lambda n, seen: (401, {"WWW-Authenticate": 'Basic realm="x"'}))
    with pytest.raises(EndpointError, match=r"asks for Basic authentication \(use --auth basic\)"):
        push(data, store.url, Credentials("u", "pw", "digest"))


def test_store_url_keeps_its_own_query_string() -> None:
    store = GraphStore("http://h:1/sparql-graph-crud?x=1")
    assert store.target("https://w3id.org/ipgov/graph/a b") == (
        "/sparql-graph-crud?x=1&graph=https%3A%2F%2Fw3id.org%2Fipgov%2Fgraph%2Fa%20b"
    )


def test_spooled_body_of_the_seed_is_streamed_from_its_file(data: Path) -> None:
    source = graph_sources(data, None)[0]
    body, length, triples = ntriples_body(source)
    with body:
        assert length == len(body.read())
    assert source.block is not None and triples == source.block.read().count(b"\n")
