"""Corrections that survive rebuilds: ``corrections.yaml`` entries applied to extracted facts.

A corrections file (``docs/corrections.md``) lists changes to what extraction found, one
entry per change, each naming its letter(s) by key and the text it is about (never
offsets: the span is found in the letter's text, ``occurrence: N`` picks one of several).
``ipgov build`` reads ``corrections.yaml`` in each letter folder it is given and any file
given with ``--corrections``, refuses a bad file before building anything
(``file:line: problem``, exit 2) and applies each letter's entries after extraction and
before emission (``apply_corrections``), so a rule change keeps them.

Each letter's manifest entry records the digests of the entries that name it: a changed
entry rebuilds its letters only. An entry that no longer changes anything (the extractor now
gets it right, or the letter changed and the text is gone) is stale: reported, never fatal.
A corrected fact carries its entry: ``"corrected": "<file>#<entry>"`` in ``facts.jsonl``, and
in the graph its evidence annotation ``prov:wasGeneratedBy`` an ``ipgov:Correction``.

The modules: ``entry`` (an entry and its vocabulary), ``read`` (files read and checked),
``plan`` (entries against the letters), ``edit`` and ``actions`` (entries applied to facts).
"""

from __future__ import annotations

from graph_builder.corrections.actions import apply_corrections
from graph_builder.corrections.entry import FILE_NAME, CorrectionsError, Entry
from graph_builder.corrections.plan import Plan, locate, occurrences, plan, stale_lines
from graph_builder.corrections.read import files_for, load, parse

# what callers use; the vocabulary (KINDS, ROLES, ACTIONS, …) is in ``corrections.entry``
__all__ = ["FILE_NAME", "CorrectionsError", "Entry", "Plan", "apply_corrections", "files_for", "load", "locate",
           "occurrences", "parse", "plan", "stale_lines"]
