"""Applying entries to a letter's facts: one function per action (drop, add, change, merge,
split, rename), each returning why the entry changed nothing ("" when it did)."""

from __future__ import annotations

from collections.abc import Sequence

from graph_builder.corrections.edit import (
    Context,
    assign,
    entity_at,
    gazetteer_entry,
    overlap,
    remove,
    role_holders,
    roles_of,
    unassign,
)
from graph_builder.corrections.entry import CLASS_KIND, DEFAULT_CLASS, Entry
from graph_builder.corrections.plan import locate
from graph_builder.extract.registry import recanonical
from graph_builder.model import Entity, Letter, LetterFacts
from graph_builder.text.normalize import normalize_text


def apply_corrections(
    letter: Letter, facts: LetterFacts, entries: Sequence[Entry], stale: list[tuple[str, str]] | None = None
) -> LetterFacts:
    """Apply the entries that name this letter to its facts, in order; returns the facts (changed in place).

    :param stale: receives (digest, reason) for each entry that changes nothing
    """
    for entry in entries:
        if letter.key not in entry.letters:
            continue
        digest = entry.digest(letter.key)
        found = locate(entry, letter.text, letter.norm)
        reason = found if isinstance(found, str) else APPLY[entry.action](Context(letter, facts, entry, digest, found))
        if reason and stale is not None:
            stale.append((digest, reason))
    return facts


def _drop_role(ctx: Context) -> str:
    role = ctx.entry.role or ""
    holders = [ctx.facts.entities[r] for r in role_holders(ctx.facts, role) if r in ctx.facts.entities]
    found = entity_at(ctx, holders)
    if found is None:
        return f"no {role} {ctx.entry.text!r} in the facts (already right?)"
    entity = found[0]
    unassign(ctx.facts, role, entity.ref)
    ctx.mark(None)
    ctx.mark(entity)
    return ""


def _drop_entity(ctx: Context) -> str:
    found = entity_at(ctx)
    if found is None:
        return f"no {ctx.entry.kind or 'thing'} {ctx.entry.text!r} in the facts (already right?)"
    remove(ctx.facts, found[0].ref)
    ctx.mark(None)
    return ""


def _drop_relation(ctx: Context) -> str:
    predicate = ctx.entry.predicate or ""
    if predicate == "coHandler":
        holders = [ctx.facts.entities[r] for r in ctx.facts.co_handlers if r in ctx.facts.entities]
        found = entity_at(ctx, holders)
        if found is None:
            return f"no coHandler relation at {ctx.entry.text!r} (already right?)"
        unassign(ctx.facts, "co_handler", found[0].ref)
        ctx.mark(None)
        ctx.mark(found[0])
        return ""
    facts = ctx.facts

    def at_text(ref: tuple[str, str] | str) -> bool:
        entity = facts.entities.get(ref) if isinstance(ref, tuple) else None
        return entity is not None and any(overlap(s, ctx.span) for s in entity.spans)

    named = [r for r in facts.relations if r.predicate == predicate]
    # the relations stated at the text, else those whose subject or object is named there
    hit = [r for r in named if overlap(r.span, ctx.span)] or [r for r in named if at_text(r.subject) or at_text(r.obj)]
    if not hit:
        return f"no {predicate} relation at {ctx.entry.text!r} (already right?)"
    facts.relations = [r for r in facts.relations if r not in hit]
    for relation in hit:
        for case in facts.cases:
            if case.ref != relation.subject:
                continue
            if predicate == "plaintiff" and case.plaintiff == relation.obj:
                case.plaintiff = None
            elif predicate == "court" and case.court == relation.obj:
                case.court = None
            elif predicate == "defendant":
                case.defendants = [d for d in case.defendants if d != relation.obj]
            elif predicate == "recognition":
                case.recognitions = [r for r in case.recognitions if r != relation.obj]
    ctx.mark(None)
    return ""


def _add(ctx: Context) -> str:
    entry, facts = ctx.entry, ctx.facts
    kind = entry.kind or "org"
    known = gazetteer_entry(entry.canonical or entry.text, kind)
    canonical = entry.canonical or (known[0] if known else normalize_text(ctx.surface))
    cls = entry.cls or (known[1] if known else DEFAULT_CLASS[kind])
    name_en = entry.name_en or (known[2] if known else None)
    found = entity_at(ctx)
    entity = found[0] if found is not None and found[0].kind == kind else None
    span = found[1] if entity is not None and found is not None else ctx.span
    if entity is not None:
        unchanged = (
            (entry.canonical is None or entity.canonical == canonical)
            and (entry.cls is None or entity.cls == cls)
            and (entry.name_en is None or entity.name_en == name_en)
            and (entry.role is None or entry.role in roles_of(facts, entity.ref))
        )
        if unchanged:
            return f"{kind} {entry.text!r} is already in the facts (the extractor finds it now)"
        if entry.canonical is not None and entity.canonical != canonical:
            entity = recanonical(facts, entity, canonical)
        if entry.cls is not None:
            entity.cls = cls
        if entry.name_en is not None:
            entity.name_en = name_en
    else:
        entity = facts.entities.get((kind, canonical)) or Entity(kind, cls, canonical, ctx.surface, name_en=name_en)
        facts.entities[entity.ref] = entity
        if ctx.surface != entity.name and ctx.surface not in entity.aliases:
            entity.aliases.append(ctx.surface)
        if span not in entity.spans:
            entity.spans.append(span)
            entity.spans.sort()
    if entry.role is not None:
        assign(ctx, entry.role, entity, span)
    ctx.mark(entity, "", span)
    return ""


def _change_role(ctx: Context) -> str:
    entry, facts = ctx.entry, ctx.facts
    holders = None
    if entry.from_role is not None:
        holders = [facts.entities[r] for r in role_holders(facts, entry.from_role) if r in facts.entities]
    found = entity_at(ctx, holders) or (entity_at(ctx) if holders is not None else None)
    if found is None:
        return f"no {entry.from_role or 'thing'} {entry.text!r} in the facts (already right?)"
    entity, span = found
    roles = roles_of(facts, entity.ref)
    leaving = [entry.from_role] if entry.from_role is not None else [r for r in roles if r != entry.to_role]
    leaving = [r for r in leaving if r in roles]
    if not leaving and (entry.to_role == "none" or entry.to_role in roles):
        return f"{entry.text!r} already has the role {entry.to_role} (already right?)"
    for role in leaving:
        unassign(facts, role, entity.ref)
    if entry.to_role not in (None, "none"):
        assign(ctx, entry.to_role, entity, span)
    else:
        ctx.mark(None)
        ctx.mark(entity)
    return ""


def _change_class(ctx: Context) -> str:
    found = entity_at(ctx)
    cls = ctx.entry.cls or ""
    if found is None:
        return f"no {ctx.entry.kind or 'thing'} {ctx.entry.text!r} in the facts"
    entity, span = found
    if CLASS_KIND.get(cls) != entity.kind:
        return f"{ctx.entry.text!r} is a {entity.kind}: class {cls} does not fit it"
    if entity.cls == cls:
        return f"{ctx.entry.text!r} is already a {cls} (the extractor gets it right now)"
    entity.cls = cls
    ctx.mark(entity, "", span)
    return ""


def _merge(ctx: Context) -> str:
    """merge, split and the canonical of rename: the thing at the text takes another canonical name."""
    entry, facts = ctx.entry, ctx.facts
    found = entity_at(ctx)
    if found is None:
        return f"no {entry.kind or 'thing'} {entry.text!r} in the facts"
    entity, span = found
    target = entry.target(ctx.letter.key)
    changed = False
    if target is not None:
        known = gazetteer_entry(target, entity.kind)
        target = known[0] if known and entry.action == "merge" else target
        if entity.canonical != target or entity.local:
            entity = recanonical(facts, entity, target)
            changed = True
    if entry.action == "rename" and entry.name_en is not None and entity.name_en != entry.name_en:
        entity.name_en = entry.name_en
        changed = True
    if not changed:
        if entry.action == "split":  # a split names each letter's body: one already right is no news
            return ""
        return f"{entry.text!r} already has that name (the extractor gets it right now)"
    ctx.mark(entity, "", span)
    return ""


APPLY = {
    "drop-role": _drop_role, "drop-entity": _drop_entity, "drop-relation": _drop_relation, "add": _add,
    "change-role": _change_role, "change-class": _change_class, "merge": _merge, "split": _merge, "rename": _merge,
}

