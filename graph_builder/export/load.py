"""Find and load the dataset an export reads: a build folder or N-Quads / TriG files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph_builder.errors import InputError

DEFAULT_DATA = Path("ipgov-out")

_FORMATS = {".nq": "N_QUADS", ".trig": "TRIG", ".nt": "N_TRIPLES", ".ttl": "TURTLE"}


def dataset_files(data: Sequence[str | Path]) -> list[Path]:
    """The RDF files named by ``data`` (default: ``./ipgov-out``).

    A folder stands for its ``dataset.nq`` (what ``ipgov build`` writes).

    :param data: build folders and ``.nq`` / ``.trig`` files
    :returns: the files to load, in the order given
    :raises InputError: when a path is missing or is not a dataset
    """
    files: list[Path] = []
    for item in data or [DEFAULT_DATA]:
        path = Path(item)
        if path.is_dir():
            dataset = path / "dataset.nq"
            if not dataset.is_file():
                raise InputError(path, "no dataset.nq in this folder; run `ipgov build -o FOLDER` first")
            files.append(dataset)
        elif path.is_file():
            if path.suffix.lower() not in _FORMATS:
                raise InputError(path, "not a dataset: expected a build folder or a .nq/.trig file")
            files.append(path)
        elif path == DEFAULT_DATA and not data:
            raise InputError(path, "no build output here; run `ipgov build` first or name the DATA")
        else:
            raise InputError(path, "no such file or folder")
    return files


def load_store(data: Sequence[str | Path]) -> Any:
    """A pyoxigraph Store holding every quad of ``data``.

    :param data: build folders and ``.nq`` / ``.trig`` files (default: ``./ipgov-out``)
    :returns: a build folder's persistent store (read-only) when ``data`` is one folder that has
        one matching its manifest, else an in-memory ``pyoxigraph.Store`` loaded from the files
    :raises InputError: when a file is missing or is not valid RDF
    """
    import pyoxigraph

    files = dataset_files(data)
    if len(data) <= 1 and files[0].name == "dataset.nq":  # one build folder: its persistent store, if it has one
        from graph_builder.store.persistent import open_store

        persistent = open_store(files[0].parent)
        if persistent is not None:
            return persistent
    store = pyoxigraph.Store()
    for path in files:
        rdf_format = getattr(pyoxigraph.RdfFormat, _FORMATS[path.suffix.lower()])
        try:
            store.load(path=str(path), format=rdf_format)
        except (SyntaxError, ValueError, OSError) as error:
            problem = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise InputError(path, f"not valid {rdf_format}: {problem}") from error
    return store
