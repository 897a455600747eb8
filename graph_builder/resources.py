"""The only module that knows where ontology/, shapes/, queries/ and data/ live.

A wheel carries the three top-level folders in ``graph_builder/_bundled/`` (hatchling
force-include); a checkout or editable install reads them from the repository root.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from graph_builder.errors import InputError

_BUNDLED = ("ontology", "shapes", "queries")


@cache
def _top(name: str) -> Traversable:
    bundled = resources.files("graph_builder") / "_bundled" / name
    if bundled.is_dir():
        return bundled
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / name).is_dir():
        return root / name
    raise InputError(f"{name}/", "not found in the installed package; reinstall ipgov-kg")


def ontology_path() -> Traversable:
    """The ontology in Turtle.

    :returns: a Traversable for ``ontology/ipgov.ttl``
    """
    return _top("ontology") / "ipgov.ttl"


def shapes_paths() -> list[Traversable]:
    """The SHACL shape files, sorted by name."""
    return sorted((p for p in _top("shapes").iterdir() if p.name.endswith(".ttl")), key=lambda p: p.name)


def query_files() -> list[Traversable]:
    """The canned ``.rq`` query files, sorted by name."""
    return sorted((p for p in _top("queries").iterdir() if p.name.endswith(".rq")), key=lambda p: p.name)


def data_path(*parts: str) -> Traversable:
    """A file or folder of the package data (``graph_builder/data/...``)."""
    path = resources.files("graph_builder") / "data"
    for part in parts:
        path = path / part
    return path


def seed_letter() -> Traversable:
    """The bundled seed letter, the default input of ``ipgov build``."""
    letters = data_path("letters")
    return sorted((p for p in letters.iterdir() if p.name.endswith(".txt")), key=lambda p: p.name)[0]
