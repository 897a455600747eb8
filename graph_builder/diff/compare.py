"""Two builds compared: their manifests read, each letter in both opened only when its
source, tool, gazetteer or corrections differ, the IRI changes grouped."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.corpus import manifest as mf
from graph_builder.corpus.blocks import Block, stream_matches
from graph_builder.diff.letters import LetterDiff, Move, compare_facts, entity_moves
from graph_builder.errors import InputError


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
