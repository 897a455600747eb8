"""The embedded store: a pyoxigraph Store loaded from a build output folder or RDF files.

pyoxigraph answers the canned queries 11×–1000× faster than rdflib's default store
(``bench/bench_queries.py``). Queries see the union of all letter graphs as their
default graph, and ``GRAPH ?g`` still reaches each letter.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph_builder.data_args import MISSING, invalid, rdf_files, rdf_format
from graph_builder.errors import InputError
from graph_builder.store.results import Result


def data_files(folder: Path) -> list[Path]:
    """The RDF files of a folder: ``dataset.nq`` of a build output, else every .nq/.trig/.ttl/.nt.

    :raises InputError: when the folder is missing or holds no RDF (``data_args.rdf_files``)
    """
    return rdf_files([folder])


class EmbeddedStore:
    """An in-process pyoxigraph store."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_paths(cls, paths: Iterable[Path]) -> EmbeddedStore:
        """A store holding every file of ``paths`` (folders are expanded with :func:`data_files`).

        Triples of .ttl/.nt files go to a named graph named after the file, so queries that
        ask ``GRAPH ?g`` find them as they find the letter graphs.

        :raises InputError: when a file is missing or is not valid RDF
        """
        self = cls()
        for file in rdf_files(list(paths)):
            self.load(file)
        return self

    def load(self, path: Path) -> None:
        """Add one RDF file (.nq, .trig, .ttl, .nt)."""
        fmt, has_graphs = rdf_format(path)
        graph = None if has_graphs else ox.NamedNode(path.resolve().as_uri())
        try:
            self.store.bulk_load(path=str(path), format=fmt, to_graph=graph)
        except FileNotFoundError:
            raise InputError(path, MISSING) from None
        except (SyntaxError, ValueError) as error:
            raise invalid(path, fmt, error) from None

    def __len__(self) -> int:
        return len(self.store)

    def run(self, query: str) -> Result:
        """Run a query; the default graph is the union of all graphs.

        :raises SyntaxError: when the query text does not parse
        """
        answer = self.store.query(query, use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            return Result((), [], bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            return Result(variables, [tuple(solution) for solution in answer])
        rows = [(t.subject, t.predicate, t.object) for t in answer]
        return Result(("subject", "predicate", "object"), rows)  # type: ignore[arg-type]
