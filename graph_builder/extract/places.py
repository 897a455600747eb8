"""Places named on their own (not as part of a body's, platform's or title's name)."""

from __future__ import annotations

from graph_builder.extract.gazetteer import Hit
from graph_builder.extract.registry import add_entity
from graph_builder.extract.zones import overlaps
from graph_builder.model import Letter, LetterFacts, Span


def find_places(letter: Letter, facts: LetterFacts, hits: list[Hit], zones: list[Span]) -> None:
    """Gazetteer places outside every other name and title.

    :param zones: spans of the names already found (orgs, platforms, events) and titles
    """
    for hit in hits:
        span = Span(hit.start, hit.end)
        if hit.entry.kind != "place" or overlaps(span, zones):
            continue
        add_entity(facts, "place", "Place", hit.entry.canonical, letter.text[hit.start : hit.end], span, hit.entry.name_en)
