"""One letter compared: its facts as the facts JSON names them, and the IRIs its names moved to."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

# Item keys that are not part of what a fact says: where it was found, how, and the IRI
# (compared on its own); aliases and the English name are descriptions of the thing.
_NOT_COMPARED = frozenset({"evidence", "iri", "rule", "confidence", "basis", "aliases", "name_en", "ordinal"})
_LABEL_KEYS = ("name", "value", "text", "label")
_CLASS_KEYS = ("type", "kind", "class")


@dataclass(frozen=True, order=True)
class Fact:
    """One fact as the facts JSON names it: its role (the key), label, class and the rest."""

    role: str
    label: str
    cls: str = ""
    detail: str = ""  # the item's other keys, as compact JSON
    iri: str = field(default="", compare=False)

    def identity(self) -> tuple[str, str, str, str]:
        """What the fact says, without its IRI."""
        return (self.role, self.label, self.cls, self.detail)

    def as_json(self) -> dict[str, Any]:
        """The fact as JSON-ready data."""
        data: dict[str, Any] = {"role": self.role, "label": self.label, "class": self.cls}
        if self.detail:
            data["detail"] = json.loads(self.detail)
        if self.iri:
            data["iri"] = self.iri
        return data

    def text(self) -> str:
        """One line: ``role: label (class) {detail}``."""
        head = f"{self.label} ({self.cls})" if self.label and self.cls else self.label or self.cls
        detail = ""
        if self.detail:
            parts = json.loads(self.detail)
            detail = " {" + ", ".join(f"{k}: {_plain(v)}" for k, v in parts.items()) + "}"
        return f"{self.role}: {(head + detail).strip()}"


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value if isinstance(value, str) else json.dumps(value)


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _item_fact(role: str, item: Any) -> Fact | None:
    if item is None:
        return None
    if not isinstance(item, dict):
        return Fact(role, _scalar(item))
    label_key = next((k for k in _LABEL_KEYS if item.get(k) not in (None, "")), None)
    label = _scalar(item[label_key]) if label_key else ""
    cls_key = next((k for k in _CLASS_KEYS if isinstance(item.get(k), str)), None)
    rest = {k: v for k, v in item.items() if k not in _NOT_COMPARED and k not in (label_key, cls_key)}
    detail = json.dumps(rest, ensure_ascii=False, sort_keys=True, separators=(",", ":")) if rest else ""
    return Fact(role, label, str(item[cls_key]) if cls_key else "", detail, str(item.get("iri") or ""))


def facts_of(data: dict[str, Any]) -> list[Fact]:
    """Every fact of one letter's facts JSON (unknown keys included, generically)."""
    found: list[Fact] = []
    for role, value in data.items():
        if role == "id":
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            fact = _item_fact(role, item)
            if fact is not None:
                found.append(fact)
    return found


@dataclass
class LetterDiff:
    """How one letter's facts changed."""

    key: str
    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    moved: list[tuple[Fact, str]] = field(default_factory=list)  # (the new fact, its old IRI)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.moved)

    def as_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "key": self.key,
            "added": [f.as_json() for f in self.added],
            "removed": [f.as_json() for f in self.removed],
            "iri_changed": [{**f.as_json(), "old_iri": old, "new_iri": f.iri} for f, old in self.moved],
        }


def compare_facts(key: str, old: dict[str, Any], new: dict[str, Any]) -> LetterDiff:
    """The facts of ``new`` not in ``old`` and the other way round, and those whose IRI moved.

    Facts equal with their IRI cancel out first; of the rest, a fact that is on both sides
    with other IRIs has moved (IRIs paired in sorted order), the others were added or removed.
    """
    before = Counter((f.identity(), f.iri) for f in facts_of(old))
    after = Counter((f.identity(), f.iri) for f in facts_of(new))
    gone: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    came: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for (identity, iri), count in (before - after).items():
        gone[identity] += [iri] * count
    for (identity, iri), count in (after - before).items():
        came[identity] += [iri] * count
    diff = LetterDiff(key)
    for identity in sorted(gone.keys() | came.keys()):
        olds, news = sorted(gone.get(identity, [])), sorted(came.get(identity, []))
        paired = min(len(olds), len(news))
        diff.moved += [(Fact(*identity, iri=n), o) for o, n in zip(olds[:paired], news[:paired], strict=True)]
        diff.removed += [Fact(*identity, iri=o) for o in olds[paired:]]
        diff.added += [Fact(*identity, iri=n) for n in news[paired:]]
    return diff


@dataclass(frozen=True, order=True)
class Move:
    """A name whose IRI moved in one letter: (old IRI, new IRI, name, letter)."""

    old: str
    new: str
    name: str
    letter: str


def entity_moves(key: str, old_line: bytes, new_line: bytes) -> tuple[list[Move], set[str], dict[str, str]]:
    """The names of one letter's entities (``entities.jsonl``) whose IRI changed, the IRIs
    a name kept, and the canonical label of every IRI seen."""
    labels: dict[str, str] = {}

    def names(line: bytes) -> dict[str, set[str]]:
        by_name: dict[str, set[str]] = defaultdict(set)
        for row in json.loads(line).get("entities", []):
            iri, canonical, forms = str(row[0]), str(row[3]), row[4] if len(row) > 4 else []
            labels.setdefault(iri, canonical)
            for name in {canonical, *map(str, forms)}:
                by_name[name].add(iri)
        return by_name

    before, after = names(old_line), names(new_line)
    moves, kept = [], set()
    for name in sorted(before.keys() & after.keys()):
        was, now = before[name], after[name]
        kept |= was & now
        moves += [Move(o, n, name, key) for o in sorted(was - now) for n in sorted(now - was)]
    return moves, kept, labels
