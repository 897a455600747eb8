"""Read DATA arguments (N-Quads, TriG, N-Triples, Turtle files or build folders) into graphs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph_builder.data_args import rdf_files, rdf_format
from graph_builder.errors import InputError

DEFAULT = ""  # the key of triples outside any named graph


def data_files(paths: list[Path]) -> list[Path]:
    """The RDF files named by ``paths`` (``data_args.rdf_files``): a build folder stands for its ``dataset.nq``."""
    return rdf_files(paths)


def read_graphs(paths: list[Path]) -> dict[str, bytes]:
    """Each graph's triples as N-Triples bytes, keyed by graph IRI ("" for the default graph).

    Quads are streamed and serialised graph by graph, so memory holds bytes, not Python
    objects for every term (a 1,000-letter corpus: about 500 MB instead of 1.7 GB).
    """
    chunks: dict[str, list[bytes]] = {}
    for path in data_files(paths):
        _add_graphs(ox.parse(path=str(path), format=rdf_format(path)[0]), path, chunks)
    if not chunks:
        raise InputError(", ".join(str(p) for p in paths), "no triples")
    return {name: b"".join(parts) for name, parts in chunks.items()}


def read_nquads(data: bytes, origin: str | Path) -> dict[str, bytes]:
    """``read_graphs`` of N-Quads bytes (a letter's range of a dataset); ``origin`` names them in errors."""
    chunks: dict[str, list[bytes]] = {}
    _add_graphs(ox.parse(data, format=ox.RdfFormat.N_QUADS), origin, chunks)
    return {name: b"".join(parts) for name, parts in chunks.items()}


def read_letter_block(data: bytes, origin: str | Path) -> dict[str, bytes]:
    """``read_nquads`` of a build's letter block, without parsing it when it is one named graph.

    A block that ``ipgov build`` wrote holds one letter graph, every line ending in the same
    `` <graph> .``: dropping that tail gives its N-Triples (a raw newline cannot occur inside
    a term, so each line holds one whole triple). Anything else is parsed as before. The text
    is not checked here: the store it is loaded into rejects what is not N-Triples.
    """
    end = data.find(b"\n")
    line = data[:end]
    if end > 0 and line.endswith(b"> .") and data.endswith(b"\n"):
        start = line.rfind(b" <", 0, len(line) - 3)
        tail = line[start:] + b"\n"
        if start > 0 and data.count(tail) == data.count(b"\n"):
            return {tail[2:-4].decode("utf-8"): data.replace(tail, b" .\n")}
    return read_nquads(data, origin)


def _add_graphs(quads: Iterator[ox.Quad], origin: str | Path, chunks: dict[str, list[bytes]]) -> None:
    current: str | None = None
    batch: list[ox.Triple] = []
    try:
        for quad in quads:
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else DEFAULT
            if name != current and batch:
                chunks.setdefault(current, []).append(ntriples(batch))  # type: ignore[arg-type]
                batch = []
            current = name
            batch.append(quad.triple)
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(origin, f"not valid RDF: {str(error).splitlines()[0]}") from error
    if batch:
        chunks.setdefault(current, []).append(ntriples(batch))  # type: ignore[arg-type]


def ntriples(triples: list[ox.Triple]) -> bytes:
    """Triples as N-Triples bytes (what a letter worker receives)."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
