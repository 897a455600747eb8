"""Push a build output folder to a SPARQL server: the ontology and each letter graph, one PUT each.

Each graph replaces its namesake on the server (Graph Store Protocol PUT), so pushing twice
leaves the same triples and a changed letter replaces only its own graph. Bodies are
N-Triples converted one graph at a time from the letter's range of ``dataset.nq`` into a
spooled temporary file; the whole dataset is never held in memory.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib.resources import as_file
from pathlib import Path
from typing import IO, Any

from graph_builder.corpus.blocks import Block, letter_blocks
from graph_builder.errors import EndpointError, InputError, UsageError
from graph_builder.namespaces import IPGOV_GRAPH, ONTOLOGY_GRAPH
from graph_builder.store.gsp import Credentials, GraphStore

LETTER_GRAPH = str(IPGOV_GRAPH)  # a letter graph's IRI: this and its key
__all__ = ["LETTER_GRAPH", "ONTOLOGY_GRAPH"]
N_TRIPLES = "application/n-triples"
_SPOOL = 16 << 20  # bodies up to 16 MiB stay in memory, larger ones go to a temporary file
_COUNT_BATCH = 100


@dataclass(frozen=True)
class GraphSource:
    """One graph to push: its IRI and the file that holds it (N-Quads or Turtle)."""

    iri: str
    path: Path
    syntax: str  # "nq" (quads, all in ``iri``) or "ttl" (triples)
    block: Block | None = None  # the graph is this range of ``path`` (a letter of a build)

    @property
    def where(self) -> str | Path:
        """How an error names the graph: its file, or the dataset and the letter."""
        return self.block.where if self.block else self.path


@dataclass
class PushSummary:
    """What a push sent: triples per graph IRI, in push order, and the time it took."""

    store: str
    triples: dict[str, int] = field(default_factory=dict)
    bytes_sent: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """Triples pushed, over all graphs."""
        return sum(self.triples.values())


def graph_sources(data: Path, ontology: Path | None) -> list[GraphSource]:
    """The ontology (when given) then every letter graph of the build folder ``data``, in a fixed order.

    :raises InputError: when ``data`` is not a build output folder
    """
    blocks = letter_blocks(data)
    if not blocks:
        raise InputError(data, "the build holds no letter graphs; build letters with: ipgov build -o " + str(data))
    sources = [GraphSource(ONTOLOGY_GRAPH, ontology, "ttl")] if ontology is not None else []
    sources += [GraphSource(block.graph, block.path, "nq", block) for block in sorted(blocks, key=lambda b: b.key)]
    return sources


def ntriples_body(source: GraphSource) -> tuple[IO[bytes], int, int]:
    """The graph as N-Triples in a spooled temporary file: ``(file, byte length, triples)``.

    :raises InputError: when the file is not valid RDF, or an N-Quads file holds a quad
        outside its own graph
    """
    import pyoxigraph as ox

    body = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - the caller closes it
    counted = [0]

    def triples() -> Iterator[ox.Triple]:
        syntax = ox.RdfFormat.N_QUADS if source.syntax == "nq" else ox.RdfFormat.TURTLE
        expected = ox.NamedNode(source.iri)
        block = source.block
        quads = ox.parse(block.read(), format=syntax) if block else ox.parse(path=str(source.path), format=syntax)
        for quad in quads:
            if source.syntax == "nq" and quad.graph_name != expected:
                problem = f"holds a quad in {quad.graph_name}, not in <{source.iri}>"
                raise InputError(source.where, problem)
            counted[0] += 1
            yield ox.Triple(quad.subject, quad.predicate, quad.object)

    try:
        ox.serialize(triples(), body, ox.RdfFormat.N_TRIPLES)
    except SyntaxError as error:
        body.close()
        raise InputError(source.where, f"not valid RDF: {error}") from None
    except BaseException:
        body.close()
        raise
    length = body.tell()
    body.seek(0)
    return body, length, counted[0]


def push(
    data: Path,
    store_url: str,
    credentials: Credentials | None = None,
    *,
    with_ontology: bool = True,
    timeout: float = 30.0,
    retries: int = 4,
    backoff: float = 0.5,
    progress: Callable[[int, int], None] | None = None,
) -> PushSummary:
    """PUT the ontology and every letter graph of ``data`` to the Graph Store at ``store_url``.

    :param retries: how often a graph is sent again after a 5xx answer or a dropped connection
    :param backoff: seconds before the first retry; each further retry waits twice as long
    :param progress: called with (graphs done, graphs in all) after each graph
    :raises InputError: when ``data`` is not a build output folder or holds bad RDF
    :raises EndpointError: when the server refuses or cannot be reached (exit code 3)
    """
    from graph_builder.resources import ontology_path

    started = time.monotonic()
    store = GraphStore(store_url, credentials, timeout=timeout, retries=retries, backoff=backoff)
    summary = PushSummary(store_url)
    with ExitStack() as stack:
        ontology = Path(stack.enter_context(as_file(ontology_path()))) if with_ontology else None
        sources = graph_sources(data, ontology)
        stack.callback(store.close)
        for done, source in enumerate(sources, start=1):
            body, length, count = ntriples_body(source)
            with body:
                store.put(source.iri, body, length, N_TRIPLES)
            summary.triples[source.iri] = count
            summary.bytes_sent += length
            if progress:
                progress(done, len(sources))
    summary.seconds = time.monotonic() - started
    return summary


def count_triples(query_url: str, graphs: list[str], timeout: float = 30.0) -> dict[str, int]:
    """Triples per named graph on a SPARQL endpoint (graphs it lacks count 0).

    :raises EndpointError: when the endpoint cannot be reached or refuses the query
    """
    counts = dict.fromkeys(graphs, 0)
    for start in range(0, len(graphs), _COUNT_BATCH):
        batch = graphs[start : start + _COUNT_BATCH]
        values = " ".join(f"<{g}>" for g in batch)
        query = (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { " + values + " } "
            "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        for row in select(query_url, query, timeout)["results"]["bindings"]:
            counts[row["g"]["value"]] = int(row["n"]["value"])
    return counts


def select(query_url: str, query: str, timeout: float = 30.0) -> dict[str, Any]:
    """Run a SELECT by HTTP POST (form-encoded, so long queries fit); the parsed JSON results."""
    if urllib.parse.urlsplit(query_url).scheme not in ("http", "https"):
        raise UsageError(f"not an http(s) URL: {query_url}")
    data = urllib.parse.urlencode({"query": query}).encode("ascii")
    request = urllib.request.Request(
        query_url,
        data=data,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer: dict[str, Any] = json.loads(response.read().decode("utf-8"))
            return answer
    except urllib.error.HTTPError as error:
        detail = " ".join(error.read().decode("utf-8", "replace").split())[:200]
        raise EndpointError(query_url, f"{error.code} {error.reason}: {detail}") from None
    except (OSError, ValueError) as error:
        raise EndpointError(query_url, f"cannot query: {error}") from None
