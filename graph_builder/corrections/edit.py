"""Editing a letter's facts for an entry: the entry's context, the entity it names, roles,
references and canonical names changed everywhere they are used."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph_builder.corrections.entry import CLASS_KIND, DEFAULT_CLASS, KINDS, ROLES, Entry
from graph_builder.model import Corrected, Entity, Letter, LetterFacts, Span
from graph_builder.text.normalize import normalize_text


@dataclass
class Context:
    """An entry applied to one letter: the letter, its facts, the entry, its digest and its span there."""

    letter: Letter
    facts: LetterFacts
    entry: Entry
    digest: str
    span: Span

    def mark(self, entity: Entity | None, role: str = "", span: Span | None = None) -> None:
        """Record the fact as corrected (entity None: the entry only took something away)."""
        self.facts.corrected.append(Corrected(self.entry.label, self.digest, entity, role, span))
        if entity is not None:
            previous = entity.attrs.get("corrected")
            if previous and self.entry.label not in str(previous).split(" "):
                entity.attrs["corrected"] = f"{previous} {self.entry.label}"
            else:
                entity.attrs["corrected"] = self.entry.label

    @property
    def surface(self) -> str:
        return self.letter.text[self.span.start : self.span.end]


def overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def entity_at(ctx: Context, candidates: Iterable[Entity] | None = None) -> tuple[Entity, Span] | None:
    """The entity the entry's text names, and its span there: one mentioned at that span (the
    closest fit first), else one whose name is the text."""
    span, kind = ctx.span, ctx.entry.kind
    pool = [e for e in (ctx.facts.entities.values() if candidates is None else candidates)
            if kind is None or e.kind == kind]
    best: tuple[tuple[int, int, int, str, str], Entity, Span] | None = None
    for entity in pool:
        for at in entity.spans:
            if not overlap(at, span):
                continue
            fit = 0 if at == span else 1 if span.start <= at.start and at.end <= span.end else (
                2 if at.start <= span.start and span.end <= at.end else 3)
            rank = (fit, abs(at.start - span.start) + abs(at.end - span.end), KINDS.index(entity.kind)
                    if entity.kind in KINDS else 9, entity.kind, entity.canonical)
            if best is None or rank < best[0]:
                best = (rank, entity, at)
    if best is not None:
        return best[1], best[2]
    wanted = normalize_text(ctx.entry.text)
    for entity in sorted(pool, key=lambda e: (e.kind, e.canonical)):
        if wanted in {entity.canonical, normalize_text(entity.name), *map(normalize_text, entity.aliases)}:
            return entity, entity.spans[0] if entity.spans else span
    return None


def role_holders(facts: LetterFacts, role: str) -> list[tuple[str, str]]:
    if role == "proposer":
        return list(facts.proposers)
    if role == "co_handler":
        return list(facts.co_handlers)
    holder = facts.responding_agency if role == "responding_agency" else facts.main_handler
    return [holder] if holder is not None else []


def roles_of(facts: LetterFacts, ref: tuple[str, str]) -> list[str]:
    return [role for role in ROLES if ref in role_holders(facts, role)]


def unassign(facts: LetterFacts, role: str, ref: tuple[str, str]) -> None:
    if role == "proposer":
        facts.proposers = [r for r in facts.proposers if r != ref]
    elif role == "co_handler":
        facts.co_handlers = [r for r in facts.co_handlers if r != ref]
        facts.written.pop(ref, None)
        facts.relations = [r for r in facts.relations
                           if not (r.predicate == "coHandler" and r.obj == ref and r.subject[0] == "letter")]
    elif role == "responding_agency" and facts.responding_agency == ref:
        facts.responding_agency = None
    elif role == "main_handler" and facts.main_handler == ref:
        facts.main_handler = None


def assign(ctx: Context, role: str, entity: Entity, span: Span) -> None:
    """Give the entity the role, with ``span`` as its evidence (first of its spans)."""
    from graph_builder.model import Relation

    facts, ref = ctx.facts, entity.ref
    if span in entity.spans:
        entity.spans.remove(span)
    entity.spans.insert(0, span)
    if role == "proposer" and ref not in facts.proposers:
        facts.proposers.append(ref)
    elif role == "co_handler" and ref not in facts.co_handlers:
        facts.co_handlers.append(ref)
        facts.written[ref] = ctx.letter.text[span.start : span.end]
        facts.relations.append(Relation(("letter", facts.id), "coHandler", ref, span))
    elif role == "responding_agency":
        facts.responding_agency = ref
    elif role == "main_handler":
        facts.main_handler = ref
    ctx.mark(entity, role, span)


def remove(facts: LetterFacts, ref: tuple[str, str]) -> None:
    """Take an entity and every fact about it out of the letter's facts."""
    facts.entities.pop(ref, None)
    for role in ROLES:
        unassign(facts, role, ref)
    facts.relations = [r for r in facts.relations if r.subject != ref and r.obj != ref]
    for case in facts.cases:
        if case.plaintiff == ref:
            case.plaintiff = None
        if case.court == ref:
            case.court = None
        case.defendants = [d for d in case.defendants if d != ref]
        case.recognitions = [r for r in case.recognitions if r != ref]
    for measure in facts.measures:
        if measure.responsible == ref:
            measure.responsible = None
        measure.mentions = [m for m in measure.mentions if m != ref]
    facts.provisions = [p for p in facts.provisions if p[0] != ref]
    facts.written.pop(ref, None)
    facts.corrected = [c for c in facts.corrected if c.entity is None or c.entity.ref != ref]


def gazetteer_entry(name: str, kind: str) -> tuple[str, str, str | None] | None:
    """(canonical, class, English name) of a name the gazetteer knows as a thing of ``kind``."""
    from graph_builder.extract.gazetteer import default_gazetteer

    known = default_gazetteer().lookup(name)
    if known is None or known.kind != kind:
        return None
    cls = known.cls if known.cls in CLASS_KIND else DEFAULT_CLASS[kind]
    return known.canonical, cls, known.name_en
