"""LetterFacts → the JSON of eval/FORMAT.md (with ``type``, ``iri`` and ``evidence`` extras)."""

from __future__ import annotations

from typing import Any

from graph_builder.iri import entity_uri
from graph_builder.model import Entity, LetterFacts, Span, TextValue, anonymised

PROPOSER_KIND = {"person": "person", "group": "group", "org": "party"}


def _evidence(spans: list[Span]) -> list[dict[str, int]]:
    return [{"start": s.start, "end": s.end} for s in spans]


def _value(value: TextValue | None) -> str | None:
    return value.value if value else None


def _item(entity: Entity, letter_key: str, related: dict[str, list[str]] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": entity.name,
        "type": entity.cls,
        "iri": entity_uri(entity, letter_key),
        "evidence": _evidence(entity.spans),
    }
    if entity.name_en:
        item["name_en"] = entity.name_en
    if entity.local:
        item["local"] = True
    if entity.basis:
        item["basis"] = entity.basis
    if entity.aliases:
        item["aliases"] = sorted(entity.aliases)
    for key, value in sorted(entity.attrs.items()):
        item[key] = value
    if entity.is_collective:
        item["isCollective"] = True
    if related:
        item.update(related)
    return item


def _proposer(entity: Entity) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": entity.name, "kind": PROPOSER_KIND.get(entity.kind, "party"), "evidence": _evidence(entity.spans[:1]),
    }
    for key in ("memberCount", "corrected"):
        if key in entity.attrs:
            item[key] = entity.attrs[key]
    return item


def _related(facts: LetterFacts) -> dict[tuple[str, str], dict[str, list[str]]]:
    """The relations of each thing the letter names (a platform's locatedIn, startDate …), by
    predicate: the names of the things related, or the literal values, in the letter's order."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    for relation in facts.relations:
        if relation.subject not in facts.entities:
            continue  # the letter's (cites, coHandler: keys of their own) or a case's (cases[])
        obj = relation.obj
        value = facts.entities[obj].name if isinstance(obj, tuple) and obj in facts.entities else obj
        values = out.setdefault(relation.subject, {}).setdefault(relation.predicate, [])
        if isinstance(value, str) and value not in values:
            values.append(value)
    return out


def facts_to_json(facts: LetterFacts) -> dict[str, Any]:
    """The facts as a JSON-ready dict, keys in FORMAT.md order.

    A fact a corrections file asserted carries ``"corrected": "<file>#<entry>"`` (an entity's
    item, through its ``attrs``); the single-valued roles, plain names here, are listed under a
    last key ``"corrected"`` (role → entry), present only when a correction gave one.
    """
    roles = {facts.responding_agency, *facts.co_handlers, *facts.proposers}
    ent = facts.entities
    related = _related(facts) if facts.relations else {}

    def listed(kind: str) -> list[dict[str, Any]]:
        return [_item(e, facts.id, related.get(e.ref)) for e in facts.of_kind(kind) if e.ref not in roles]

    def name(ref: tuple[str, str] | None) -> str | None:
        return ent[ref].name if ref else None

    out: dict[str, Any] = {
        "id": facts.id,
        "genre": facts.genre,
        "doc_number": _value(facts.doc_number),
        "proposal_number": _value(facts.proposal_number),
        "session": _value(facts.session),
        "proposers": [_proposer(ent[r]) for r in facts.proposers],
        "responding_agency": name(facts.responding_agency),
        "main_handler": name(facts.main_handler),
        "co_handlers": [
            {**_item(ent[r], facts.id), "name": facts.written.get(r, ent[r].name)} for r in facts.co_handlers
        ],
        "date": _value(facts.date),
        "title_of_proposal": _value(facts.title_of_proposal),
        "title": _value(facts.title),
        "suggestions": [{"name": i.text, "evidence": _evidence([i.span])} for i in facts.items],
        "persons": listed("person"),
        # a body written with a placeholder (某科技公司) stays its case's party, named by nobody
        "organizations": [o for o in listed("org") if not anonymised(o["name"])],
        "policies": [p for p in listed("policy") if p.get("bracketed", True)],
        "instruments": [p for p in listed("policy") if not p.get("bracketed", True)],
        "platforms": listed("platform"),
        "cases": [
            {
                "name": c.name,
                "plaintiff": c.written.get(c.plaintiff) if c.plaintiff else None,
                "defendant": [c.written[d] for d in c.defendants]
                if len(c.defendants) > 1
                else (c.written[c.defendants[0]] if c.defendants else None),
                "court": name(c.court),
                "year": c.year,
                "subject": c.subject,
                "recognitions": [name(r) for r in c.recognitions],
                "evidence": _evidence([c.span]),
            }
            for c in facts.cases
        ],
        "provisions": [
            {"policy": name(policy), "article": article, "evidence": _evidence([span])}
            for policy, article, span in facts.provisions
        ],
        "places": listed("place"),
        "events": listed("event"),
        "figures": [
            {"value": f.value, "unit": f.unit, "what": f.what, "period": f.period, "evidence": _evidence([f.span])}
            for f in facts.figures
        ],
        "measures": [
            {
                "ordinal": m.ordinal,
                "kind": m.kind,
                "suggestion": m.item,
                "responsible": name(m.responsible),
                "evidence": _evidence([m.span]),
            }
            for m in facts.measures
        ],
    }
    if facts.corrected:
        _corrected_roles(facts, out)
    return out


def _corrected_roles(facts: LetterFacts, out: dict[str, Any]) -> None:
    roles: dict[str, str] = {}
    for mark in facts.corrected:
        entity = mark.entity
        if entity is None or mark.role not in ("responding_agency", "main_handler"):
            continue
        holder = facts.responding_agency if mark.role == "responding_agency" else facts.main_handler
        if holder == entity.ref and facts.entities.get(entity.ref) is entity:
            roles[mark.role] = mark.label
    if roles:
        out["corrected"] = roles
