"""Compare two build folders fact by fact, letter by letter (``ipgov diff``).

A letter is in the old build, the new one or both. One in both whose source digest is the
same, built by the same tool and gazetteer with the same corrections (``manifest.json``), has the same facts and
entities: it is not opened, so two large builds that differ in a few letters compare in
the time it takes to read their manifests. The others are compared by their lines of
``facts.jsonl`` (equal bytes: equal) and then fact by fact, as the facts JSON names them
(``eval/FORMAT.md``): the role (its key), the label, the class and the rest of the item
(parties of a case, what a figure counts, …). Evidence offsets are not compared (an edit
early in a letter moves every later offset) and neither are the ``rule``/``confidence`` a
rule may note. A fact whose role, label and class stay but whose IRI moves is reported as
an IRI change, and over all compared letters the IRI changes are grouped into merges (two
IRIs become one), splits (one becomes two) and plain moves, from ``entities.jsonl``.

The modules: ``letters`` (one letter compared), ``compare`` (two builds) and ``render``.
"""

from __future__ import annotations

from graph_builder.diff.compare import Build, Report, compare, open_build
from graph_builder.diff.letters import Fact, LetterDiff, Move, compare_facts, entity_moves, facts_of
from graph_builder.diff.render import render_json, render_markdown, render_text

__all__ = [
    "Build", "Fact", "LetterDiff", "Move", "Report", "compare", "compare_facts", "entity_moves", "facts_of",
    "open_build", "render_json", "render_markdown", "render_text",
]
