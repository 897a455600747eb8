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
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph_builder.model import Corrected, Entity, Letter, LetterFacts, Span
from graph_builder.text.normalize import normalize_text

if TYPE_CHECKING:
    from graph_builder.corpus.manifest import Manifest

FILE_NAME = "corrections.yaml"
KINDS = ("org", "person", "group", "place", "policy", "platform", "event")
ROLES = ("proposer", "co_handler", "responding_agency", "main_handler")
DEFAULT_CLASS = {
    "org": "Organization", "person": "Person", "group": "PersonGroup", "place": "Place",
    "policy": "Policy", "platform": "Platform", "event": "Event",
}
ORG_CLASSES = ("Organization", "GovernmentAgency", "Court", "Legislature", "PartyBody", "Company", "University",
               "Association", "Media", "InternationalOrganization")
CLASS_KIND = {
    **{cls: "org" for cls in ORG_CLASSES}, **{cls: kind for kind, cls in DEFAULT_CLASS.items() if kind != "org"},
}
# Relations a ``drop: relation`` entry may name (ipgov: local names of Relation.predicate).
PREDICATES = ("coHandler", "cites", "plaintiff", "defendant", "court", "recognition", "locatedIn", "approvedBy",
              "hostedBy", "startDate")
ACTIONS = ("drop", "add", "change", "merge", "split", "rename")
_DROPS = ("role", "entity", "relation")
_CHANGES = ("role", "class")
_KEYS = frozenset({"letter", "letters", "text", "occurrence", "kind", "id", "note", "role", "from", "to", "class",
                   "canonical", "name_en", "predicate", *ACTIONS})


class CorrectionsError(Exception):
    """Problems of corrections files, each ``file:line: problem``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Entry:
    """One entry of a corrections file, checked."""

    source: str  # the file as given (for messages)
    line: int  # where the entry starts, from 1
    label: str  # the file's name and the entry's reference (its ``id``, else its number): "corrections.yaml#3"
    action: str  # drop-role, drop-entity, drop-relation, add, change-role, change-class, merge, split, rename
    letters: tuple[str, ...]  # letter keys
    text: str
    occurrence: int | None = None
    kind: str | None = None
    role: str | None = None  # drop-role: the role dropped; add: the role given (None: none)
    from_role: str | None = None  # change-role
    to_role: str | None = None  # change-role ("none": no role)
    cls: str | None = None  # add, change-class
    canonical: str | None = None  # add, merge (the canonical kept), rename
    name_en: str | None = None  # add, rename
    predicate: str | None = None  # drop-relation
    targets: tuple[tuple[str, str], ...] = ()  # split: (letter key, its new canonical)
    digests: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # (letter key, digest)

    @property
    def where(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.source}:{self.line}"

    def digest(self, key: str) -> str:
        """The entry's digest as it applies to the letter ``key``."""
        return dict(self.digests)[key]

    def target(self, key: str) -> str | None:
        """The canonical the entry gives the thing in letter ``key`` (merge, rename, split)."""
        if self.action == "split":
            return dict(self.targets).get(key)
        return self.canonical

    def _content(self, key: str) -> str:
        target = dict(self.targets).get(key) if self.action == "split" else None
        fields = [self.label, self.action, self.text, self.occurrence, self.kind, self.role, self.from_role,
                  self.to_role, self.cls, self.canonical, self.name_en, self.predicate, target]
        return json.dumps(fields, ensure_ascii=False)


# --- reading a corrections file -------------------------------------------------------------


def files_for(paths: Iterable[str | Path], extra: Iterable[str | Path] = ()) -> list[Path]:
    """The corrections files of a build: ``corrections.yaml`` of each folder given, then ``extra``."""
    found = [Path(p) / FILE_NAME for p in paths if Path(p).is_dir() and (Path(p) / FILE_NAME).is_file()]
    return found + [Path(p) for p in extra]


def load(paths: Iterable[str | Path]) -> list[Entry]:
    """Every entry of the files, in order.

    :raises CorrectionsError: a file that cannot be read, is not YAML, or holds a bad entry
    """
    entries: list[Entry] = []
    problems: list[str] = []
    labels: dict[str, str] = {}
    for path in paths:
        found, bad = parse(path)
        for entry in found:
            if entry.label in labels:
                bad.append(f"{entry.where}: entry {entry.label} is also at {labels[entry.label]}; give it another id")
            labels.setdefault(entry.label, entry.where)
        entries += found
        problems += bad
    if problems:
        raise CorrectionsError(problems)
    return entries


def parse(path: str | Path, text: str | None = None) -> tuple[list[Entry], list[str]]:
    """The entries of one corrections file and its problems (``file:line: problem``)."""
    import yaml

    source = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            return [], [f"{source}: cannot read ({reason or error})"]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        return [], [f"{source}:{line}: not valid YAML ({error.problem or error.context})"]
    except yaml.YAMLError as error:
        return [], [f"{source}: not valid YAML ({error})"]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [f"{source}:{root.start_mark.line + 1}: expected a list of entries (- letter: …)"]
    entries, problems = [], []
    for number, node in enumerate(root.value, start=1):
        try:
            entries.append(_entry(source, number, node))
        except _EntryError as bad:
            problems.append(f"{source}:{bad.line}: {bad.problem}")
    return entries, problems


class _EntryError(Exception):
    def __init__(self, line: int, problem: str) -> None:
        self.line, self.problem = line, problem
        super().__init__(problem)


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _scalar(node: Any, name: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise _EntryError(_line(node), f"{name}: expected a single value")
    return str(node.value)


def _mapping(node: Any, what: str) -> dict[str, tuple[Any, Any]]:
    """A mapping node's items: key → (key node, value node); duplicate keys refused."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise _EntryError(_line(node), f"{what}: expected key: value pairs")
    items: dict[str, tuple[Any, Any]] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, "key")
        if key in items:
            raise _EntryError(_line(key_node), f"{key}: given twice")
        items[key] = (key_node, value_node)
    return items


def _choice(items: dict[str, tuple[Any, Any]], name: str, choices: Sequence[str]) -> str | None:
    if name not in items:
        return None
    value = _scalar(items[name][1], name)
    if value not in choices:
        raise _EntryError(_line(items[name][1]), f"bad {name} {value!r} (one of: {', '.join(choices)})")
    return value


def _text(items: dict[str, tuple[Any, Any]], name: str) -> str | None:
    if name not in items:
        return None
    value = _scalar(items[name][1], name).strip()
    if not value:
        raise _EntryError(_line(items[name][1]), f"{name}: empty")
    return value


def _entry(source: str, number: int, node: Any) -> Entry:
    import yaml

    from graph_builder.iri import letter_key_of

    items = _mapping(node, "entry")
    line = _line(node)
    unknown = sorted(set(items) - _KEYS)
    if unknown:
        raise _EntryError(_line(items[unknown[0]][0]), f"unknown key {unknown[0]!r} (see docs/corrections.md)")
    actions = [a for a in ACTIONS if a in items]
    if len(actions) != 1:
        found = ", ".join(actions) if actions else "none"
        raise _EntryError(line, f"an entry takes exactly one of {', '.join(ACTIONS)} (found: {found})")
    action = actions[0]
    text = _text(items, "text")
    if text is None:
        raise _EntryError(line, "no text: name the words of the letter the entry is about")
    occurrence = None
    if "occurrence" in items:
        raw = _scalar(items["occurrence"][1], "occurrence")
        if not raw.isdigit() or int(raw) < 1:
            raise _EntryError(_line(items["occurrence"][1]), f"occurrence: expected a number from 1, not {raw!r}")
        occurrence = int(raw)
    ref = _text(items, "id") or str(number)
    values: dict[str, Any] = {"kind": _choice(items, "kind", KINDS)}
    targets: tuple[tuple[str, str], ...] = ()

    if action == "split":
        split_items = _mapping(items["split"][1], "split (letter key: its canonical name)")
        if len(split_items) < 1:
            raise _EntryError(_line(items["split"][1]), "split: name the letters and the canonical of each")
        targets = tuple((letter_key_of(k), _nonempty(v, k)) for k, (_, v) in split_items.items())
        letters = tuple(k for k, _ in targets)
        if "letter" in items or "letters" in items:
            raise _EntryError(line, "split: the letters are the keys under split, not letter/letters")
    else:
        letters = _letters(items, line)
    if action == "drop":
        what = _choice(items, "drop", _DROPS)
        if what == "role":
            values["role"] = _choice(items, "role", ROLES)
            if values["role"] is None:
                raise _EntryError(line, f"drop: role needs role: (one of {', '.join(ROLES)})")
        elif what == "relation":
            values["predicate"] = _choice(items, "predicate", PREDICATES)
            if values["predicate"] is None:
                raise _EntryError(line, f"drop: relation needs predicate: (one of {', '.join(PREDICATES)})")
        action = f"drop-{what}"
    elif action == "add":
        values["kind"] = _choice(items, "add", KINDS)
        role = _choice(items, "role", (*ROLES, "none"))
        values["role"] = None if role == "none" else role
        values["cls"] = _class(items, values["kind"])
        values["canonical"] = _canonical(items, "canonical")
        values["name_en"] = _text(items, "name_en")
    elif action == "change":
        what = _choice(items, "change", _CHANGES)
        if what == "role":
            values["from_role"] = _choice(items, "from", ROLES)
            values["to_role"] = _choice(items, "to", (*ROLES, "none"))
            if values["to_role"] is None:
                raise _EntryError(line, f"change: role needs to: (one of {', '.join(ROLES)}, none)")
        else:
            values["cls"] = _class(items, values["kind"])
            if values["cls"] is None:
                raise _EntryError(line, "change: class needs class: (an ontology class such as Company)")
        action = f"change-{what}"
    elif action == "merge":
        values["canonical"] = _canonical(items, "merge")
    elif action == "rename":
        rename = items["rename"][1]
        if isinstance(rename, yaml.MappingNode):
            sub = _mapping(rename, "rename")
            bad = sorted(set(sub) - {"canonical", "name_en"})
            if bad:
                raise _EntryError(_line(sub[bad[0]][0]), f"rename: unknown key {bad[0]!r} (canonical, name_en)")
            values["canonical"] = _canonical(sub, "canonical")
            values["name_en"] = _text(sub, "name_en")
        else:
            values["canonical"] = _canonical(items, "rename")
        values["name_en"] = values.get("name_en") or _text(items, "name_en")
        if not values["canonical"] and not values["name_en"]:
            raise _EntryError(line, "rename: give the new canonical name, name_en, or both")
    unused = _unused(action, items)
    if unused:
        raise _EntryError(_line(items[unused][0]), f"{unused}: not used by {action.replace('-', ': ')}")
    entry = Entry(source, line, f"{Path(source).name}#{ref}", action, letters, text, occurrence, targets=targets,
                  **values)
    digests = tuple((key, hashlib.sha256(entry._content(key).encode()).hexdigest()) for key in letters)
    return Entry(source, line, entry.label, action, letters, text, occurrence, targets=targets, digests=digests,
                 **values)


_USES = {
    "drop-role": {"role"}, "drop-entity": set(), "drop-relation": {"predicate"},
    "add": {"role", "class", "canonical", "name_en"}, "change-role": {"from", "to"}, "change-class": {"class"},
    "merge": set(), "split": set(), "rename": {"name_en"},
}
_COMMON = frozenset({"letter", "letters", "text", "occurrence", "kind", "id", "note", *ACTIONS})


def _unused(action: str, items: dict[str, tuple[Any, Any]]) -> str | None:
    allowed = _COMMON | _USES[action]
    return next((key for key in items if key not in allowed), None)


def _nonempty(node: Any, name: str) -> str:
    value = _scalar(node, name).strip()
    if not value:
        raise _EntryError(_line(node), f"{name}: empty")
    return normalize_text(value)


def _canonical(items: dict[str, tuple[Any, Any]], name: str) -> str | None:
    value = _text(items, name)
    return normalize_text(value) if value is not None else None


def _class(items: dict[str, tuple[Any, Any]], kind: str | None) -> str | None:
    if "class" not in items:
        return None
    value = _scalar(items["class"][1], "class")
    if value not in CLASS_KIND:
        raise _EntryError(_line(items["class"][1]), f"bad class {value!r} (one of: {', '.join(sorted(CLASS_KIND))})")
    if kind is not None and CLASS_KIND[value] != kind:
        raise _EntryError(_line(items["class"][1]), f"class {value} is not a class of kind {kind}")
    return value


def _letters(items: dict[str, tuple[Any, Any]], line: int) -> tuple[str, ...]:
    import yaml

    from graph_builder.iri import letter_key_of

    if ("letter" in items) == ("letters" in items):
        raise _EntryError(line, "name the letter: letter: KEY (or letters: [KEY, …])")
    node = items["letter" if "letter" in items else "letters"][1]
    if isinstance(node, yaml.SequenceNode):
        keys = [_scalar(item, "letters") for item in node.value]
    else:
        keys = [_scalar(node, "letter")]
    keys = [k.strip().removesuffix(".txt") for k in keys if k.strip()]
    if not keys:
        raise _EntryError(_line(node), "letter: empty")
    return tuple(dict.fromkeys(letter_key_of(k) for k in keys))


# --- checking entries against the letters -----------------------------------------------------


def occurrences(letter_text: str, norm: str, needle: str) -> list[Span]:
    """Where ``needle`` is in the letter: in its text as written, else in its normalised copy."""
    found = _find_all(letter_text, needle)
    return found or _find_all(norm, normalize_text(needle))


def _find_all(haystack: str, needle: str) -> list[Span]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(Span(start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return found


def locate(entry: Entry, letter_text: str, norm: str) -> Span | str:
    """The span the entry is about, or why there is none."""
    spans = occurrences(letter_text, norm, entry.text)
    if not spans:
        return f"text {entry.text!r} is not in the letter"
    if entry.occurrence is not None:
        if entry.occurrence > len(spans):
            return f"text {entry.text!r} occurs {len(spans)} time(s) in the letter, not {entry.occurrence}"
        return spans[entry.occurrence - 1]
    if len(spans) > 1:
        return f"text {entry.text!r} occurs {len(spans)} times in the letter; add occurrence: N (1–{len(spans)})"
    return spans[0]


@dataclass
class Plan:
    """The entries of a build by letter, the problems that refuse it and lines about the others."""

    by_letter: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "file:line: problem": exit 2
    notes: list[str] = field(default_factory=list)  # "file:line: stale: …" of entries naming no letter built


def plan(entries: Sequence[Entry], letters: Mapping[str, Path], previous: Manifest | None = None) -> Plan:
    """Check each entry's text in each letter it names and group the entries by letter.

    Text not found (or found more than once without ``occurrence``) refuses the entry, unless
    the letter's last build applied it: then the letter changed under it and it is stale (the
    build goes on; the letter's build reports it).

    :param letters: the build's letters, key → file
    :param previous: the output folder's manifest, if any
    """
    from graph_builder.errors import InputError
    from graph_builder.text.decode import read_letter_file

    result = Plan()
    texts: dict[str, tuple[str, str] | None] = {}
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        for key in entry.letters:
            if key not in letters:
                result.notes.append(f"{entry.where}: stale: no letter {key} in this build")
                continue
            if key not in texts:  # read and decoded only: checking needs no parse
                try:
                    text = read_letter_file(letters[key])[1]
                    texts[key] = (text, normalize_text(text))
                except InputError:
                    texts[key] = None  # the letter's build reports it
            known = texts[key]
            found = locate(entry, *known) if known is not None else None
            if isinstance(found, str):
                old = previous.letters.get(key) if previous is not None else None
                if old is None or entry.digest(key) not in old.corrections:
                    result.problems.append(f"{entry.where}: {found} ({key})")
                    continue
            grouped.setdefault(key, []).append(entry)
    result.by_letter = {key: tuple(found) for key, found in grouped.items()}
    return result


# --- applying entries to a letter's facts ------------------------------------------------------


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
        if isinstance(found, str):
            reason = found
        else:
            reason = _APPLY[entry.action](_Context(letter, facts, entry, digest, found))
        if reason and stale is not None:
            stale.append((digest, reason))
    return facts


@dataclass
class _Context:
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


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _entity_at(ctx: _Context, candidates: Iterable[Entity] | None = None) -> tuple[Entity, Span] | None:
    """The entity the entry's text names, and its span there: one mentioned at that span (the
    closest fit first), else one whose name is the text."""
    span, kind = ctx.span, ctx.entry.kind
    pool = [e for e in (ctx.facts.entities.values() if candidates is None else candidates)
            if kind is None or e.kind == kind]
    best: tuple[tuple[int, int, int, str, str], Entity, Span] | None = None
    for entity in pool:
        for at in entity.spans:
            if not _overlap(at, span):
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


def _holders(facts: LetterFacts, role: str) -> list[tuple[str, str]]:
    if role == "proposer":
        return list(facts.proposers)
    if role == "co_handler":
        return list(facts.co_handlers)
    holder = facts.responding_agency if role == "responding_agency" else facts.main_handler
    return [holder] if holder is not None else []


def _roles_of(facts: LetterFacts, ref: tuple[str, str]) -> list[str]:
    return [role for role in ROLES if ref in _holders(facts, role)]


def _unassign(facts: LetterFacts, role: str, ref: tuple[str, str]) -> None:
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


def _assign(ctx: _Context, role: str, entity: Entity, span: Span) -> None:
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


def _drop_role(ctx: _Context) -> str:
    role = ctx.entry.role or ""
    holders = [ctx.facts.entities[r] for r in _holders(ctx.facts, role) if r in ctx.facts.entities]
    found = _entity_at(ctx, holders)
    if found is None:
        return f"no {role} {ctx.entry.text!r} in the facts (already right?)"
    entity = found[0]
    _unassign(ctx.facts, role, entity.ref)
    ctx.mark(None)
    ctx.mark(entity)
    return ""


def _drop_entity(ctx: _Context) -> str:
    found = _entity_at(ctx)
    if found is None:
        return f"no {ctx.entry.kind or 'thing'} {ctx.entry.text!r} in the facts (already right?)"
    _remove(ctx.facts, found[0].ref)
    ctx.mark(None)
    return ""


def _remove(facts: LetterFacts, ref: tuple[str, str]) -> None:
    """Take an entity and every fact about it out of the letter's facts."""
    facts.entities.pop(ref, None)
    for role in ROLES:
        _unassign(facts, role, ref)
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


def _drop_relation(ctx: _Context) -> str:
    predicate = ctx.entry.predicate or ""
    if predicate == "coHandler":
        holders = [ctx.facts.entities[r] for r in ctx.facts.co_handlers if r in ctx.facts.entities]
        found = _entity_at(ctx, holders)
        if found is None:
            return f"no coHandler relation at {ctx.entry.text!r} (already right?)"
        _unassign(ctx.facts, "co_handler", found[0].ref)
        ctx.mark(None)
        ctx.mark(found[0])
        return ""
    facts = ctx.facts

    def at_text(ref: tuple[str, str] | str) -> bool:
        entity = facts.entities.get(ref) if isinstance(ref, tuple) else None
        return entity is not None and any(_overlap(s, ctx.span) for s in entity.spans)

    named = [r for r in facts.relations if r.predicate == predicate]
    # the relations stated at the text, else those whose subject or object is named there
    hit = [r for r in named if _overlap(r.span, ctx.span)] or [r for r in named if at_text(r.subject) or at_text(r.obj)]
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


def _add(ctx: _Context) -> str:
    entry, facts = ctx.entry, ctx.facts
    kind = entry.kind or "org"
    known = _known(entry.canonical or entry.text, kind)
    canonical = entry.canonical or (known[0] if known else normalize_text(ctx.surface))
    cls = entry.cls or (known[1] if known else DEFAULT_CLASS[kind])
    name_en = entry.name_en or (known[2] if known else None)
    found = _entity_at(ctx)
    entity = found[0] if found is not None and found[0].kind == kind else None
    span = found[1] if entity is not None and found is not None else ctx.span
    if entity is not None:
        unchanged = (
            (entry.canonical is None or entity.canonical == canonical)
            and (entry.cls is None or entity.cls == cls)
            and (entry.name_en is None or entity.name_en == name_en)
            and (entry.role is None or entry.role in _roles_of(facts, entity.ref))
        )
        if unchanged:
            return f"{kind} {entry.text!r} is already in the facts (the extractor finds it now)"
        if entry.canonical is not None and entity.canonical != canonical:
            entity = _recanonical(facts, entity, canonical)
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
        _assign(ctx, entry.role, entity, span)
    ctx.mark(entity, "", span)
    return ""


def _known(name: str, kind: str) -> tuple[str, str, str | None] | None:
    """(canonical, class, English name) of a name the gazetteer knows as a thing of ``kind``."""
    from graph_builder.extract.gazetteer import default_gazetteer

    known = default_gazetteer().lookup(name)
    if known is None or known.kind != kind:
        return None
    cls = known.cls if known.cls in CLASS_KIND else DEFAULT_CLASS[kind]
    return known.canonical, cls, known.name_en


def _change_role(ctx: _Context) -> str:
    entry, facts = ctx.entry, ctx.facts
    holders = None
    if entry.from_role is not None:
        holders = [facts.entities[r] for r in _holders(facts, entry.from_role) if r in facts.entities]
    found = _entity_at(ctx, holders) or (_entity_at(ctx) if holders is not None else None)
    if found is None:
        return f"no {entry.from_role or 'thing'} {entry.text!r} in the facts (already right?)"
    entity, span = found
    roles = _roles_of(facts, entity.ref)
    leaving = [entry.from_role] if entry.from_role is not None else [r for r in roles if r != entry.to_role]
    leaving = [r for r in leaving if r in roles]
    if not leaving and (entry.to_role == "none" or entry.to_role in roles):
        return f"{entry.text!r} already has the role {entry.to_role} (already right?)"
    for role in leaving:
        _unassign(facts, role, entity.ref)
    if entry.to_role not in (None, "none"):
        _assign(ctx, entry.to_role, entity, span)
    else:
        ctx.mark(None)
        ctx.mark(entity)
    return ""


def _change_class(ctx: _Context) -> str:
    found = _entity_at(ctx)
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


def _merge(ctx: _Context) -> str:
    """merge, split and the canonical of rename: the thing at the text takes another canonical name."""
    entry, facts = ctx.entry, ctx.facts
    found = _entity_at(ctx)
    if found is None:
        return f"no {entry.kind or 'thing'} {entry.text!r} in the facts"
    entity, span = found
    target = entry.target(ctx.letter.key)
    changed = False
    if target is not None:
        known = _known(target, entity.kind)
        target = known[0] if known and entry.action == "merge" else target
        if entity.canonical != target or entity.local:
            entity = _recanonical(facts, entity, target)
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


def _recanonical(facts: LetterFacts, entity: Entity, canonical: str) -> Entity:
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
            into.attrs.setdefault(key, value)
        for mark in facts.corrected:
            if mark.entity is entity:
                mark.entity = into
    facts.entities[new] = into
    _replace_ref(facts, old, new)
    return into


def _replace_ref(facts: LetterFacts, old: tuple[str, str], new: tuple[str, str]) -> None:
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


_APPLY = {
    "drop-role": _drop_role, "drop-entity": _drop_entity, "drop-relation": _drop_relation, "add": _add,
    "change-role": _change_role, "change-class": _change_class, "merge": _merge, "split": _merge, "rename": _merge,
}


def stale_lines(entries: Sequence[Entry], stale: Mapping[str, Iterable[tuple[str, str]]]) -> list[str]:
    """``file:line: stale: reason`` for the (letter key → (digest, reason)) pairs of a build."""
    where = {(key, entry.digest(key)): entry for entry in entries for key in entry.letters}
    lines = []
    for key in sorted(stale):
        for digest, reason in stale[key]:
            entry = where.get((key, digest))
            if entry is not None:
                lines.append(f"{entry.where}: stale: {reason} ({key})")
    return lines
