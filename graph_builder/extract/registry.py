"""Adding entities to LetterFacts: one Entity per (kind, canonical), every span kept."""

from __future__ import annotations

import re

from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Hit
from graph_builder.model import Entity, Letter, LetterFacts, Span, anonymised
from graph_builder.text.normalize import normalize_text

_NAMED_KINDS = frozenset({"org", "platform", "event", "person", "group"})


def add_entity(
    facts: LetterFacts,
    kind: str,
    cls: str,
    canonical: str,
    surface: str,
    span: Span | None,
    name_en: str | None = None,
    local: bool = False,
    stated_at: Span | None = None,
    **attrs: object,
) -> tuple[str, str]:
    """Record a mention; returns the entity's (kind, canonical) reference.

    The reported name is the longest surface form seen (gold keeps the full form when a
    letter names a body twice); the others become aliases. Each attribute keeps the first
    value given and the spans that state that value (``Entity.attr_spans``): ``stated_at``
    when the text beside the name states it (局长李卫东 for a post), else the mention's span.
    """
    if kind in _NAMED_KINDS and span is not None:
        cut = leading_function_word(canonical)
        # Only a name read off the text (canonical as written) can have run into the clause before it.
        if cut and cut < len(canonical) - 1 and canonical == normalize_text(surface):
            canonical, surface, span = canonical[cut:], surface[cut:], Span(span.start + cut, span.end)
    ref = (kind, canonical)
    entity = facts.entities.get(ref)
    if entity is None:
        entity = Entity(kind, cls, canonical, surface, name_en=name_en, local=local or _bare_prefixed(kind, canonical))
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
    at = stated_at or span
    for key, value in attrs.items():
        if value is not None and entity.attrs.setdefault(key, value) == value and at is not None:
            spans = entity.attr_spans.setdefault(key, [])
            if at not in spans:
                spans.append(at)
    return ref


# A body named by a bare level prefix (市推进…办公室, 区公安分局) that no rule resolved to a place.
# 州/盟/旗 (a prefecture's, a league's, a banner's bodies: 州市场监管局) and 师市 (a Corps division-city) too.
_BARE_PREFIX = re.compile(r"^(?:省|自治区|市(?!场)|区(?!块|域)|县(?!域)|州(?!际)|盟(?!国)|旗(?!舰|下)|师市)")


def _bare_prefixed(kind: str, canonical: str) -> bool:
    """A thing whose identity depends on the letter: an organisation whose name starts with a bare
    省/市/区/县, or a party named by a placeholder (two letters' 某科技公司 are two companies)."""
    if kind == "org" and _BARE_PREFIX.match(canonical):
        return True
    return kind in ("org", "person") and anonymised(canonical)


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
    return add_entity(
        facts, entry.kind, entry.cls, entry.canonical, surface, Span(hit.start, hit.end), entry.name_en, hit.local
    )


# --- one thing under another name (a short form resolved, a correction) -----------------------


def recanonical(facts: LetterFacts, entity: Entity, canonical: str) -> Entity:
    """The entity under another canonical name (shared, not local to the letter), merged into
    the letter's entity of that name if there is one; every reference follows."""
    old = entity.ref
    new = (entity.kind, canonical)
    facts.entities.pop(old, None)
    into = facts.entities.get(new)
    if into is None or into is entity:
        if entity.canonical != entity.name and entity.canonical not in entity.aliases:
            entity.aliases.append(entity.canonical)
        entity.canonical = canonical
        entity.local = False
        into = entity
    else:
        for form in (entity.name, *entity.aliases):
            if form != into.name and form not in into.aliases:
                into.aliases.append(form)
        into.spans = sorted(set(into.spans) | set(entity.spans))
        into.name_en = into.name_en or entity.name_en
        for key, value in entity.attrs.items():
            if key not in into.attrs:  # an attribute brought over keeps the span that states it
                into.attrs[key] = value
                if key in entity.attr_spans:
                    into.attr_spans[key] = list(entity.attr_spans[key])
        for mark in facts.corrected:
            if mark.entity is entity:
                mark.entity = into
    facts.entities[new] = into
    replace_ref(facts, old, new)
    return into


def replace_ref(facts: LetterFacts, old: tuple[str, str], new: tuple[str, str]) -> None:
    def swap(ref: tuple[str, str]) -> tuple[str, str]:
        return new if ref == old else ref

    def swap_all(refs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return list(dict.fromkeys(swap(r) for r in refs))

    facts.proposers = swap_all(facts.proposers)
    facts.co_handlers = swap_all(facts.co_handlers)
    if facts.responding_agency is not None:
        facts.responding_agency = swap(facts.responding_agency)
    if facts.main_handler is not None:
        facts.main_handler = swap(facts.main_handler)
    if old in facts.written:
        facts.written.setdefault(new, facts.written.pop(old))
    for relation in facts.relations:
        relation.subject = swap(relation.subject)
        if isinstance(relation.obj, tuple):
            relation.obj = swap(relation.obj)
    for case in facts.cases:
        case.plaintiff = swap(case.plaintiff) if case.plaintiff else None
        case.court = swap(case.court) if case.court else None
        case.defendants = swap_all(case.defendants)
        case.recognitions = swap_all(case.recognitions)
        if old in case.written:
            case.written.setdefault(new, case.written.pop(old))
    for measure in facts.measures:
        measure.responsible = swap(measure.responsible) if measure.responsible else None
        measure.mentions = swap_all(measure.mentions)
    facts.provisions = [(swap(p), article, span) for p, article, span in facts.provisions]
