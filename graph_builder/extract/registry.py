"""Adding entities to LetterFacts: one Entity per (kind, canonical), every span kept."""

from __future__ import annotations

from graph_builder.extract.gazetteer import Hit
from graph_builder.model import Entity, Letter, LetterFacts, Span


def add_entity(
    facts: LetterFacts,
    kind: str,
    cls: str,
    canonical: str,
    surface: str,
    span: Span | None,
    name_en: str | None = None,
    **attrs: object,
) -> tuple[str, str]:
    """Record a mention; returns the entity's (kind, canonical) reference.

    The reported name is the longest surface form seen (gold keeps the full form when a
    letter names a body twice); the others become aliases.
    """
    ref = (kind, canonical)
    entity = facts.entities.get(ref)
    if entity is None:
        entity = Entity(kind, cls, canonical, surface, name_en=name_en)
        facts.entities[ref] = entity
    elif _better_name(surface, entity):
        if entity.name not in entity.aliases:
            entity.aliases.append(entity.name)
        entity.name = surface
    elif surface != entity.name and surface not in entity.aliases:
        entity.aliases.append(surface)
    if span is not None and span not in entity.spans:
        entity.spans.append(span)
        entity.spans.sort()
    if name_en and not entity.name_en:
        entity.name_en = name_en
    for key, value in attrs.items():
        if value is not None:
            entity.attrs.setdefault(key, value)
    return ref


def _better_name(surface: str, entity: Entity) -> bool:
    """The canonical name when the letter writes it, else the longest form (places: shortest)."""
    if entity.name == entity.canonical:
        return False
    if surface == entity.canonical:
        return True
    if entity.kind == "place":
        return False
    return len(surface) > len(entity.name)


def add_hit(letter: Letter, facts: LetterFacts, hit: Hit) -> tuple[str, str]:
    """Record a gazetteer match as a mention of its entry, with the text as written."""
    entry = hit.entry
    surface = letter.text[hit.start : hit.end]
    return add_entity(facts, entry.kind, entry.cls, entry.canonical, surface, Span(hit.start, hit.end), entry.name_en)
