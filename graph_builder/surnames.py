"""Chinese surnames (``data/names/surnames.tsv``, general knowledge): which a name starts with.

Shared by extraction (a name after a post begins with a surname) and the validation lint (a person's
name without one is suspect); it imports nothing heavier than the package's data path.
"""

from __future__ import annotations

import csv
from functools import cache

from graph_builder.resources import data_path
from graph_builder.text.normalize import normalize_text


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """The single-character and the compound surnames (normalised)."""
    with data_path("names", "surnames.tsv").open(encoding="utf-8") as handle:
        names = [normalize_text(row["surname"]) for row in csv.DictReader(handle, delimiter="\t")]
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) > 1)


def surname_of(name: str) -> str:
    """The surname a (normalised) name starts with, compound first, or ""."""
    single, compound = surnames()
    if len(name) > 2 and name[:2] in compound:
        return name[:2]
    return name[:1] if name[:1] in single else ""
