"""Letter → LetterFacts: runs the rule modules in a fixed order.

``extract_facts(letter, gazetteer)`` is pure: the same letter and gazetteer give the
same facts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from graph_builder.extract.abbreviations import resolve_abbreviations
from graph_builder.extract.actors import find_organizations
from graph_builder.extract.cases import case_relations, find_cases
from graph_builder.extract.co_handlers import find_co_handlers
from graph_builder.extract.events import find_events
from graph_builder.extract.figures import find_figures
from graph_builder.extract.gazetteer import Gazetteer, Hit, default_gazetteer
from graph_builder.extract.header import home_place, read_header, read_parties
from graph_builder.extract.jurisdiction import Jurisdiction, qualified_name
from graph_builder.extract.measures import find_items, find_measures
from graph_builder.extract.persons import find_persons
from graph_builder.extract.places import find_places
from graph_builder.extract.platforms import find_platforms
from graph_builder.extract.policies import find_policies
from graph_builder.extract.short_forms import resolve_short_forms
from graph_builder.extract.zones import (
    case_number_zones,
    footer_zones,
    header_zones,
    proposal_title_zone,
    session_zones,
    title_zones,
)
from graph_builder.model import Entity, Letter, LetterFacts, Span

SELF_REFERENCE = re.compile(r"我委|我局|本局|本委|我办|我厅|我院|本院|本办|我部|本部|我署")

__all__ = ["extract_facts"]


def extract_facts(letter: Letter, gazetteer: Gazetteer | None = None) -> LetterFacts:
    """Find the facts of one letter by the genre's rules.

    :param letter: a parsed letter
    :param gazetteer: names and aliases (default: the package's)
    :returns: the letter's facts, every one with the span that states it
    """
    gazetteer = gazetteer or default_gazetteer()
    facts = LetterFacts(id=letter.key, genre="proposal_reply")
    read_header(letter, facts, gazetteer)
    home = home_place(letter, gazetteer)
    hits = _without_verb_huitong(letter.norm, gazetteer.find(letter.norm, home), gazetteer, home)
    read_parties(letter, facts, gazetteer, home)
    _self_references(letter, facts)
    titles = title_zones(letter)
    sessions = session_zones(letter)
    name_zones = titles + sessions + header_zones(letter) + proposal_title_zone(facts) + case_number_zones(letter)
    name_zones += footer_zones(letter)
    items_by_section = find_items(letter, facts)
    find_co_handlers(letter, facts, gazetteer, home)
    find_events(letter, facts, hits, titles + sessions)
    event_spans = [s for e in facts.of_kind("event") for s in e.spans]
    find_organizations(letter, facts, gazetteer, hits, home, name_zones, titles, event_spans)
    _second_names(letter, facts)
    find_persons(letter, facts, gazetteer, name_zones)
    find_policies(letter, facts, gazetteer, hits)
    # a platform's name inside an event's (东亚海洋合作平台青岛论坛) names the event, not the platform
    find_platforms(letter, facts, gazetteer, titles + sessions + event_spans, hits)
    find_cases(letter, facts, gazetteer, hits, home)
    case_relations(facts)
    taken = [s for e in facts.entities.values() if e.kind != "place" for s in e.spans]
    taken += _other_mentions(letter, facts, taken)
    find_places(letter, facts, hits, taken + name_zones, gazetteer.divisions, home)
    find_figures(letter, facts)
    find_measures(letter, facts, items_by_section)
    resolve_short_forms(facts, gazetteer.divisions)
    resolve_abbreviations(facts)
    _name_bases(facts, gazetteer)
    return facts


# 我局会同县农业农村局: the verb 会同 (together with) before a county's body, not 会同县 (a county of
# Hunan) — after a body, a self-reference or an adverb the verb is meant.
_BEFORE_THE_VERB = frozenset("局委厅院部办府会并已将要再还,;。我")


def _without_verb_huitong(norm: str, hits: list[Hit], gazetteer: Gazetteer, home: Jurisdiction | None) -> list[Hit]:
    """The hits with 会同县… read again after the verb (县市场监督管理局 of 会同县市场监督管理局)."""
    kept: list[Hit] = []
    for hit in hits:
        if not (norm.startswith("会同县", hit.start) and hit.start > 0 and norm[hit.start - 1] in _BEFORE_THE_VERB):
            kept.append(hit)
            continue
        at = hit.start + 2
        for again in gazetteer.find(norm[at : hit.end], home):
            kept.append(replace(again, start=again.start + at, end=again.end + at))
    return kept


def _name_bases(facts: LetterFacts, gazetteer: Gazetteer) -> None:
    """Mark how sure each name is (``Entity.basis``), so a user can keep only the surer facts."""
    for entity in facts.entities.values():
        entity.basis = _basis(entity, gazetteer)


_BARE_LEVEL = ("省", "市", "区", "县", "自治区")


def _basis(entity: Entity, gazetteer: Gazetteer) -> str:
    if entity.local:
        return "local"
    if gazetteer.lookup(entity.canonical) is not None:
        return "known"
    if entity.kind == "place" and any(
        qualified_name(d, gazetteer.divisions) == entity.canonical for d in gazetteer.divisions.named(entity.name)
    ):
        return "known"  # a division, named by its identity (资阳市乐至县 for 乐至县)
    if entity.kind == "org":
        written = [entity.name, *entity.aliases]
        if entity.canonical not in written and any(w.startswith(_BARE_LEVEL) for w in written):
            return "resolved"  # 市公安局 → 泉州市公安局, through the letter's place
        hits = gazetteer.find_name(entity.canonical)
        if hits and hits[0].start == 0 and hits[0].end == len(entity.canonical) and hits[0].entry.kind == "org":
            return "known"  # a division's name and a known agency's function (深圳市市场监督管理局)
    return "read"


def _other_mentions(letter: Letter, facts: LetterFacts, taken: list[Span]) -> list[Span]:
    """Every other place in the text where a name already read is written (郑州大学 read once,
    written three times): a place inside such a mention is part of that name."""
    names = sorted(
        {letter.norm[s.start : s.end] for e in facts.entities.values() if e.kind != "place" for s in e.spans},
        key=len,
        reverse=True,
    )
    seen = set(taken)
    found: list[Span] = []
    covered: list[Span] = []  # longest names first: a shorter one inside a found longer one is not another
    norm = letter.norm
    for name in names:
        if len(name) < 3:
            continue
        at = norm.find(name)
        while at >= 0:
            span = Span(at, at + len(name))
            if span not in seen and not any(c.start <= span.start and span.end <= c.end for c in covered):
                found.append(span)
                covered.append(span)
            at = norm.find(name, at + 1)
    return found


def _second_names(letter: Letter, facts: LetterFacts) -> None:
    """市市场监督管理局（市知识产权局）, 我部（市版权局）: a name in brackets right after an
    agency's name is its second name (a body that carries two plates), not another body."""
    held = _roles_held(facts)
    owners = [e for e in facts.entities.values() if e.kind == "org" and e.cls == "GovernmentAgency"]
    if facts.responding_agency is not None:  # the writing body first: its self-references are its spans
        owners.insert(0, facts.entities[facts.responding_agency])
    for owner in owners:
        if owner.ref in facts.entities:
            _merge_second_names(letter, facts, owner, held)


def _merge_second_names(letter: Letter, facts: LetterFacts, agency: Entity, held: set[tuple[str, str]]) -> None:
    for span in list(agency.spans):
        at = span.end
        while at < len(letter.norm) and at - span.end < 4 and letter.norm[at] in " \t\r\n\u3000":
            at += 1  # a signature's second name on the line under it
        if at >= len(letter.norm) or letter.norm[at] != "(":
            continue
        close = letter.norm.find(")", at + 1, at + 24)
        inner = Span(at + 1, close)
        if close < 0:
            continue
        other = next((e for e in facts.entities.values() if e.kind == "org" and inner in e.spans), None)
        if other is None or other is agency or other.ref in held:
            continue
        del facts.entities[other.ref]
        agency.aliases = sorted({*agency.aliases, other.name, *other.aliases} - {agency.name})
        agency.spans = sorted({*agency.spans, *other.spans})


def _roles_held(facts: LetterFacts) -> set[tuple[str, str]]:
    """Every entity a fact already points at: such an entity is not merged away."""
    held = {*facts.proposers, *facts.co_handlers}
    for ref in (facts.responding_agency, facts.main_handler):
        if ref is not None:
            held.add(ref)
    for relation in facts.relations:
        held.add(relation.subject)
        if isinstance(relation.obj, tuple):
            held.add(relation.obj)
    return held


def _self_references(letter: Letter, facts: LetterFacts) -> None:
    """我委/我局 … are the responding agency: their spans are evidence of it, not new names."""
    if facts.responding_agency is None:
        return
    agency = facts.entities[facts.responding_agency]
    for found in SELF_REFERENCE.finditer(letter.norm, letter.header.body.start, letter.header.body.end):
        span = Span(found.start(), found.end())
        if span not in agency.spans:
            agency.spans.append(span)
    agency.spans.sort()
