"""Compare two build folders fact by fact, letter by letter (``ipgov diff``).

A letter is in the old build, the new one or both. One in both whose source digest is the
same, built by the same tool and gazetteer with the same corrections (``manifest.json``), has the same facts and
entities: it is not opened, so two large builds that differ in a few letters compare in
the time it takes to read their manifests. The others are compared by their lines of
``facts.jsonl`` (equal bytes: equal) and then fact by fact, as the facts JSON names them
(``eval/FORMAT.md``): the role (its key), the label, the class and the rest of the item
(parties of a case, what a figure counts, …). Evidence offsets are not compared (an edit
early in a letter moves every later offset) and neither are the ``rule``/``confidence`` a
rule may note. A fact whose role, label and class stay but whose IRI moves is reported as
an IRI change, and over all compared letters the IRI changes are grouped into merges (two
IRIs become one), splits (one becomes two) and plain moves, from ``entities.jsonl``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.corpus import manifest as mf
from graph_builder.corpus.blocks import Block, stream_matches
from graph_builder.errors import InputError
from graph_builder.namespaces import IPGOV_ID

# Item keys that are not part of what a fact says: where it was found, how, and the IRI
# (compared on its own); aliases and the English name are descriptions of the thing.
_NOT_COMPARED = frozenset({"evidence", "iri", "rule", "confidence", "basis", "aliases", "name_en", "ordinal"})
_LABEL_KEYS = ("name", "value", "text", "label")
_CLASS_KEYS = ("type", "kind", "class")


@dataclass(frozen=True)
class Build:
    """A build output folder and its manifest."""

    out: Path
    manifest: mf.Manifest

    def line(self, key: str, stream: str) -> bytes:
        """The letter's line of the stream (``facts`` or ``entities``)."""
        entry = self.manifest.letters[key]
        return Block(key, self.out / mf.STREAMS[stream], *entry.at(stream)).read()


def open_build(path: Path) -> Build:
    """The build in ``path``.

    :raises InputError: when ``path`` holds no build, or its facts or entities no longer match its manifest
    """
    manifest = mf.load(path)
    if manifest is None:
        if not path.is_dir():
            raise InputError(path, "no such folder")
        raise InputError(path, f"not a build output folder (no readable manifest.json); run: ipgov build -o {path}")
    for stream in ("facts", "entities"):
        if not stream_matches(path, manifest, stream):
            problem = f"missing or not the file manifest.json indexes; run: ipgov build -o {path}"
            raise InputError(path / mf.STREAMS[stream], problem)
    return Build(path, manifest)


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


@dataclass
class Report:
    """The comparison of two builds."""

    old: Build
    new: Build
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[LetterDiff] = field(default_factory=list)
    same_facts: list[str] = field(default_factory=list)  # opened (source or tool differ), facts equal
    unchanged: int = 0
    moves: list[Move] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)  # IRIs that a name of a compared letter kept
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def differs(self) -> bool:
        """True when the builds differ in a letter, a fact or an IRI."""
        return bool(self.added or self.removed or self.changed or self.moves)

    def groups(self) -> dict[str, list[dict[str, Any]]]:
        """IRI changes over all compared letters: merges, splits and plain moves."""
        sources: dict[str, set[str]] = defaultdict(set)  # new IRI → the old IRIs of its names
        targets: dict[str, set[str]] = defaultdict(set)  # old IRI → the new IRIs of its names
        for move in self.moves:
            sources[move.new].add(move.old)
            targets[move.old].add(move.new)
        for iri_kept in self.kept & (sources.keys() | targets.keys()):
            sources[iri_kept].add(iri_kept)
            targets[iri_kept].add(iri_kept)

        def about(pairs: list[Move]) -> tuple[list[str], list[str]]:
            return sorted({m.name for m in pairs}), sorted({m.letter for m in pairs})

        def iri(value: str) -> dict[str, str]:
            return {"iri": value, "label": self.labels.get(value, "")}

        merged, split, moved = [], [], []
        for new_iri, olds in sorted(sources.items()):
            if len(olds) > 1:
                names, letters = about([m for m in self.moves if m.new == new_iri])
                merged.append({"into": iri(new_iri), "from": [iri(o) for o in sorted(olds)],
                               "names": names, "letters": letters})
        for old_iri, news in sorted(targets.items()):
            if len(news) > 1:
                names, letters = about([m for m in self.moves if m.old == old_iri])
                split.append({"from": iri(old_iri), "into": [iri(n) for n in sorted(news)],
                              "names": names, "letters": letters})
        pairs = sorted({(m.old, m.new) for m in self.moves})
        for old_iri, new_iri in pairs:
            if len(targets[old_iri]) == 1 and len(sources[new_iri]) == 1:
                names, letters = about([m for m in self.moves if (m.old, m.new) == (old_iri, new_iri)])
                moved.append({"from": iri(old_iri), "into": iri(new_iri), "names": names, "letters": letters})
        return {"merged": merged, "split": split, "moved": moved}

    def summary(self) -> dict[str, int]:
        """Counts."""
        groups = self.groups()
        return {
            "added": len(self.added), "removed": len(self.removed), "changed": len(self.changed),
            "same_facts": len(self.same_facts), "unchanged": self.unchanged,
            "facts_added": sum(len(c.added) for c in self.changed),
            "facts_removed": sum(len(c.removed) for c in self.changed),
            "iri_changed": sum(len(c.moved) for c in self.changed),
            "merged": len(groups["merged"]), "split": len(groups["split"]), "moved": len(groups["moved"]),
        }

    def as_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "old": _side(self.old),
            "new": _side(self.new),
            "summary": self.summary(),
            "letters": {
                "added": self.added,
                "removed": self.removed,
                "changed": [c.as_json() for c in self.changed],
            },
            "entities": self.groups(),
        }


def _side(build: Build) -> dict[str, str]:
    return {"path": str(build.out), "tool": build.manifest.tool, "gazetteer": build.manifest.gazetteer}


def compare(old: Build, new: Build, keys: list[str] | None = None) -> Report:
    """Compare two builds (only the letters ``keys`` when given).

    :raises InputError: when a key of ``keys`` is in neither build
    """
    before, after = old.manifest.letters, new.manifest.letters
    if keys:
        unknown = [k for k in keys if k not in before and k not in after]
        if unknown:
            raise InputError(new.out, f"no letter {unknown[0]!r} in either build")
        wanted = set(keys)
    else:
        wanted = before.keys() | after.keys()
    report = Report(old, new)
    report.added = sorted(k for k in wanted if k in after and k not in before)
    report.removed = sorted(k for k in wanted if k in before and k not in after)
    same_build = old.manifest.compatible(new.manifest)
    for key in sorted(k for k in wanted if k in before and k in after):
        if same_build and before[key].sha256 == after[key].sha256 and before[key].corrections == after[key].corrections:
            report.unchanged += 1  # same bytes, tool, gazetteer and corrections: the same outputs
            continue
        old_facts, new_facts = old.line(key, "facts"), new.line(key, "facts")
        old_things, new_things = old.line(key, "entities"), new.line(key, "entities")
        if old_facts == new_facts and old_things == new_things:
            report.same_facts.append(key)
            continue
        moves, kept, labels = entity_moves(key, old_things, new_things)
        report.moves += moves
        report.kept |= kept
        report.labels.update(labels)
        letter = compare_facts(key, json.loads(old_facts), json.loads(new_facts))
        if letter:
            report.changed.append(letter)
        elif not moves:
            report.same_facts.append(key)
    report.moves.sort()
    return report


def _short(iri: str) -> str:
    return iri.removeprefix(str(IPGOV_ID))


def _group_lines(groups: dict[str, list[dict[str, Any]]], bullet: str, code: str, esc: Any = str) -> list[str]:
    lines = []

    def one(thing: dict[str, str]) -> str:
        label = f" {esc(thing['label'])}" if thing["label"] else ""
        return f"{code}{_short(thing['iri'])}{code}{label}"

    for group in groups["merged"]:
        sources = " + ".join(one(t) for t in group["from"])
        lines.append(f"{bullet}merged: {sources} → {one(group['into'])} (names: {esc('、'.join(group['names']))}; "
                     f"{len(group['letters'])} letter(s))")
    for group in groups["split"]:
        targets = " + ".join(one(t) for t in group["into"])
        lines.append(f"{bullet}split: {one(group['from'])} → {targets} (names: {esc('、'.join(group['names']))}; "
                     f"{len(group['letters'])} letter(s))")
    for group in groups["moved"]:
        lines.append(f"{bullet}IRI changed: {one(group['from'])} → {one(group['into'])} "
                     f"(names: {esc('、'.join(group['names']))}; {len(group['letters'])} letter(s))")
    return lines


def _summary_line(report: Report) -> str:
    s = report.summary()
    return (f"{s['added']} letter(s) added, {s['removed']} removed, {s['changed']} changed "
            f"({s['facts_added']} fact(s) added, {s['facts_removed']} removed, {s['iri_changed']} IRI(s) changed), "
            f"{s['unchanged'] + s['same_facts']} unchanged; entities: {s['merged']} merged, {s['split']} split, "
            f"{s['moved']} moved")


def render_text(report: Report) -> str:
    """Like ``diff``: ``+``/``-`` lines per letter, then entity IRI changes and a summary."""
    lines = [f"--- {report.old.out} ({report.old.manifest.tool}, {len(report.old.manifest.letters)} letters)",
             f"+++ {report.new.out} ({report.new.manifest.tool}, {len(report.new.manifest.letters)} letters)"]
    lines += [f"+ letter {key}" for key in report.added]
    lines += [f"- letter {key}" for key in report.removed]
    for letter in report.changed:
        lines.append(f"~ letter {letter.key}")
        lines += [f"  - {fact.text()}" for fact in letter.removed]
        lines += [f"  + {fact.text()}" for fact in letter.added]
        lines += [f"  ~ {fact.text()}: IRI {_short(old)} → {_short(fact.iri)}" for fact, old in letter.moved]
    lines += _group_lines(report.groups(), "entities ", "")
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown list item (no markup, no line break)."""
    out = " ".join(text.split())
    for char in "\\`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out


def render_markdown(report: Report) -> str:
    """A Markdown report: a section per kind of change."""
    lines = ["# Build diff", "",
             f"- old: `{report.old.out}` ({_md(report.old.manifest.tool)}, {len(report.old.manifest.letters)} letters)",
             f"- new: `{report.new.out}` ({_md(report.new.manifest.tool)}, {len(report.new.manifest.letters)} letters)",
             f"- {_summary_line(report)}", ""]
    if report.added:
        lines += ["## Letters added", "", *[f"- `{key}`" for key in report.added], ""]
    if report.removed:
        lines += ["## Letters removed", "", *[f"- `{key}`" for key in report.removed], ""]
    if report.changed:
        lines += ["## Letters changed", ""]
        for letter in report.changed:
            lines += [f"### `{letter.key}`", ""]
            lines += [f"- removed: {_md(fact.text())}" for fact in letter.removed]
            lines += [f"- added: {_md(fact.text())}" for fact in letter.added]
            lines += [f"- IRI changed: {_md(fact.text())}: `{_short(old)}` → `{_short(fact.iri)}`"
                      for fact, old in letter.moved]
            lines.append("")
    entity_lines = _group_lines(report.groups(), "- ", "`", _md)
    if entity_lines:
        lines += ["## Entities whose IRI changed", "", *entity_lines, ""]
    return "\n".join(lines)


def render_json(report: Report) -> str:
    """The report as JSON."""
    return json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n"
