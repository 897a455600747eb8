"""The per-letter code: the modules that decide a letter's graph, facts and entities.

One list, read twice:

- the manifest's tool version digests these files (``manifest.tool_version``), so a changed
  rule invalidates the letters built before it even when the version number did not move;
- the wheel build compiles those marked ``True`` with mypyc (``hatch_build.py``, which
  reads this file without importing the package: keep ``PER_LETTER`` a literal).

A module the per-letter pipeline imports must be listed (``tests/test_per_letter.py``
fails otherwise), or an edit to it would not rebuild the letters it changes.
"""

from __future__ import annotations

# (glob pattern under graph_builder/, compiled by mypyc in the wheel)
PER_LETTER: tuple[tuple[str, bool], ...] = (
    ("__init__.py", False),
    ("errors.py", False),
    ("resources.py", False),
    ("surnames.py", False),
    ("text/*.py", True),
    ("extract/*.py", True),
    ("rdf/__init__.py", False),
    ("rdf/canonical.py", False),
    ("rdf/emit.py", True),
    ("rdf/emitter.py", True),
    ("rdf/evidence.py", True),
    ("rdf/terms.py", True),
    ("rdf/turtle.py", False),
    ("iri.py", True),
    ("model.py", True),
    ("fact_table.py", True),
    ("facts_json.py", True),
    ("namespaces.py", False),
    ("prefixes.py", False),
    ("pipeline.py", False),
    ("entities.py", False),
    ("corrections/*.py", False),
)


def patterns(compiled_only: bool = False) -> list[str]:
    """The glob patterns of the per-letter modules (only those compiled, with ``compiled_only``).

    >>> "extract/*.py" in patterns(compiled_only=True), "pipeline.py" in patterns(compiled_only=True)
    (True, False)
    """
    return [pattern for pattern, compiled in PER_LETTER if compiled or not compiled_only]
