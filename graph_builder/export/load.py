"""Find and load the dataset an export reads: a build folder or N-Quads / TriG files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph_builder.data_args import DATASET, invalid, is_build, rdf_files, rdf_format


def dataset_files(data: Sequence[str | Path]) -> list[Path]:
    """The RDF files named by ``data`` (default: ``./ipgov-out``): ``data_args.rdf_files``.

    :raises InputError: when a path is missing or is not a dataset
    """
    return rdf_files(data)


def load_store(data: Sequence[str | Path]) -> Any:
    """A pyoxigraph Store holding every quad of ``data``.

    :param data: build folders and ``.nq`` / ``.trig`` files (default: ``./ipgov-out``)
    :returns: a build folder's persistent store (read-only) when ``data`` is one folder that has
        one matching its manifest, else an in-memory ``pyoxigraph.Store`` loaded from the files
    :raises InputError: when a file is missing or is not valid RDF
    """
    import pyoxigraph

    files = dataset_files(data)
    if len(data) <= 1 and files[0].name == DATASET and is_build(files[0].parent):
        # one build folder: its persistent store, if it has one
        from graph_builder.store.persistent import open_store

        persistent = open_store(files[0].parent)
        if persistent is not None:
            return persistent
    store = pyoxigraph.Store()
    for path in files:
        fmt, _ = rdf_format(path)
        try:
            store.load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as error:
            raise invalid(path, fmt, error) from error
    return store
