"""The gazetteer: general knowledge of names (bodies, courts, places, laws, events).

``data/gazetteer/*.tsv`` hold canonical names, classes, aliases and English names; never
the facts of one letter. This module loads them into a matcher over normalised text.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable

from graph_builder.extract.divisions import Division, Divisions, default_divisions
from graph_builder.extract.jurisdiction import Jurisdiction, qualified_name
from graph_builder.extract.scan import Anchored
from graph_builder.extract.trie import trie_pattern
from graph_builder.resources import data_path
from graph_builder.text.normalize import normalize_text

LEVELS = {"市": "Municipal", "省": "Provincial", "自治区": "Autonomous Region", "区": "District", "县": "County"}
KIND_OF_FILE = {"organizations": "org", "places": "place", "policies": "policy", "events": "event"}


@dataclass(frozen=True)
class Known:
    """A gazetteer entry."""

    kind: str  # org, place, policy, event
    cls: str  # class local name (orgs, places, events) or policy type (policies)
    canonical: str
    name_en: str | None


@dataclass(frozen=True)
class Hit:
    """A gazetteer match in a text."""

    start: int
    end: int
    entry: Known
    surface: str  # normalised matched text
    via_stem: bool = False
    local: bool = False  # a bare prefix the letter's jurisdiction does not settle: scoped to the letter


class Gazetteer:
    """Alias index with longest-match search; built once, shared read-only."""

    def __init__(
        self,
        entries: dict[str, Known],
        stems: dict[str, Known],
        generic: frozenset[str],
        divisions: Divisions | None = None,
    ) -> None:
        self.entries = entries  # normalised alias -> entry
        self.stems = stems  # normalised stem alias -> entry (class, canonical stem)
        self.generic = generic
        self.divisions = divisions or default_divisions()
        self._listed_stem: re.Pattern[str] | None = None
        self._names_found: dict[str, list[Hit]] = {}
        self.places = {alias: e for alias, e in entries.items() if e.kind == "place"}
        # A place before 省/市/区/县 + stem: a known place, or a division's name without its suffix.
        division_bases = {
            normalize_text(d.name[: -len(level)])
            for d in self.divisions
            for level in LEVELS
            if d.name.endswith(level) and len(d.name) - len(level) >= 2
        }
        place_bases = sorted({e.canonical for e in self.places.values()} | division_bases)
        self._full = re.compile(trie_pattern(entries))
        self._place_prefix = re.compile(trie_pattern(self.places))
        self._stem = re.compile(
            "(?P<place>" + trie_pattern(place_bases) + ")?"
            "(?P<level>自治区|市|省|区|县)"
            "(?P<stem>" + trie_pattern(stems) + ")"
        )
        # Thousands of division names make the place's first characters most of CJK, so the
        # scan is anchored on the level + stem instead: a match starts at most one place before it.
        self._stem_scan = Anchored(
            self._stem,
            re.compile("(?=(?:自治区|市|省|区|县)(?:" + trie_pattern(stems) + "))"),
            0,
            max(map(len, place_bases), default=0),
        )

    def listed_stem_pattern(self) -> re.Pattern[str]:
        """A bare agency stem of three or more characters standing as an item of a list of bodies."""
        if self._listed_stem is None:
            stems = sorted(s for s in self.stems if len(s) >= 3)
            self._listed_stem = re.compile(
                "(?<=[、,和及与])(" + trie_pattern(stems) + ")(?=[、,和及与]|等(?:部门|单位|机构))"
            )
        return self._listed_stem

    def find_name(self, name: str) -> list[Hit]:
        """``find`` of a name on its own (no letter's place), memoised: names recur across letters."""
        found = self._names_found.get(name)
        if found is None:
            found = self.find(name)
            if len(self._names_found) < 1 << 16:
                self._names_found[name] = found
        return found

    def leading_place(self, name: str) -> str | None:
        """The canonical place a name starts with (深圳市市场… → 深圳), or None."""
        found = self._place_prefix.match(normalize_text(name))
        return self.places[found.group(0)].canonical if found else None

    def starts_with_place(self, norm: str) -> bool:
        """Whether ``norm`` (normalised) begins with a known place or a division's name or short form."""
        if self.leading_place(norm):
            return True
        return any(self.divisions.named_normalized(norm[:length]) for length in range(2, min(len(norm), 6) + 1))

    def lookup(self, name: str) -> Known | None:
        """The entry for a name or alias (any script), or None."""
        return self.entries.get(normalize_text(name))

    def find(self, norm: str, home_place: Jurisdiction | None = None) -> list[Hit]:
        """Non-overlapping longest matches of known names and place-prefixed agency stems.

        :param norm: normalised text (see ``text.normalize``)
        :param home_place: the letter's own jurisdiction, which a bare 省/市/区/县 prefix means
        """
        candidates = [
            Hit(found.start(), found.end(), self.entries[found.group(0)], found.group(0))
            for found in self._full.finditer(norm)
            if found.end() > found.start()
        ]
        for found in self._stem_matches(norm):
            hit = self._stem_hit(found, home_place)
            if hit:
                candidates.append(hit)
        return _longest_non_overlapping(candidates)

    def _stem_matches(self, norm: str) -> Iterator[re.Match[str]]:
        """What ``self._stem.finditer(norm)`` gives (the lookahead only skips where no match begins)."""
        return self._stem_scan.finditer(norm)

    def _stem_hit(self, found: re.Match[str], home_place: Jurisdiction | None) -> Hit | None:
        stem = self.stems[found.group("stem")]
        place, level = found.group("place"), found.group("level")
        start = found.start()
        if place and not self.divisions.named(place + level):
            # Not a division (会同 + 市财政局: 会同县 is a county, 会同市 nothing): the word before
            # a bare prefix, not part of the name.
            place, start = None, found.start("level")
        owner = self._owner(place, level, home_place)
        surface = found.group(0)[start - found.start() :]
        if owner is None:
            # A name the letter's place does not settle (市市场监督管理局 in a letter of unknown
            # city, an ambiguous 朝阳区…): kept as written, and local to the letter.
            written = f"{place or ''}{level}{stem.canonical}"
            known = self.entries.get(written)
            if known:
                return Hit(start, found.end(), known, surface, via_stem=True)
            name_en = f"{LEVELS[level]} {stem.name_en}" if stem.name_en else None
            entry = Known("org", stem.cls, written, name_en)
            return Hit(start, found.end(), entry, surface, via_stem=True, local=True)
        qualified = qualified_name(owner, self.divisions)
        full = f"{qualified}{stem.canonical}"
        known = (
            self.entries.get(full)
            or self.entries.get(f"{owner.name}{stem.canonical}")
            or self.entries.get(f"{qualified}{found.group('stem')}")
        )
        if known:
            return Hit(start, found.end(), known, surface, via_stem=True)
        level_en = LEVELS.get(level, "") if owner.level != "county" else ""
        owner_en = f"{owner.name_en} {level_en}".strip()
        name_en = f"{owner_en} {stem.name_en}" if stem.name_en else None
        return Hit(start, found.end(), Known("org", stem.cls, full, name_en), surface, via_stem=True)

    def _owner(self, place: str | None, level: str, home: Jurisdiction | None) -> Division | None:
        """The division a (place +) level prefix names; None when the letter does not settle it."""
        if not place:
            return home.owner(level) if home is not None else None
        candidates = self.divisions.named(place + level)
        if len(candidates) > 1 and home is not None and home.province is not None:
            candidates = self.divisions.within(place + level, home.province) or candidates
        return candidates[0] if len(candidates) == 1 else None


def _longest_non_overlapping(candidates: list[Hit]) -> list[Hit]:
    """Longest first; a hit is kept when it overlaps no kept hit (sorted starts, bisect)."""
    starts: list[int] = []
    chosen: list[Hit] = []
    for hit in sorted(candidates, key=lambda h: (-(h.end - h.start), h.start)):
        at = bisect_left(starts, hit.start)
        if at > 0 and chosen[at - 1].end > hit.start:
            continue
        if at < len(chosen) and chosen[at].start < hit.end:
            continue
        starts.insert(at, hit.start)
        chosen.insert(at, hit)
    return chosen


def _rows(path: Traversable) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_gazetteer(folder: Traversable | None = None) -> Gazetteer:
    """Load every ``*.tsv`` of the gazetteer folder (default: the package data)."""
    folder = folder or data_path("gazetteer")
    entries: dict[str, Known] = {}
    stems: dict[str, Known] = {}
    generic: set[str] = set()
    for name, kind in KIND_OF_FILE.items():
        for row in _rows(folder / f"{name}.tsv"):
            known = Known(kind, row["class"], row["canonical"], row["name_en"] or None)
            for alias in [row["canonical"], *filter(None, row["aliases"].split("|"))]:
                entries.setdefault(normalize_text(alias), known)
    for row in _rows(folder / "stems.tsv"):
        known = Known("org", row["class"], row["canonical"], row["name_en"] or None)
        for alias in [row["canonical"], *filter(None, row["aliases"].split("|"))]:
            stems.setdefault(normalize_text(alias), known)
    for row in _rows(folder / "generic.tsv"):
        generic.add(normalize_text(row["term"]))
    return Gazetteer(entries, stems, frozenset(generic), default_divisions())


@cache
def default_gazetteer() -> Gazetteer:
    """The package's gazetteer, loaded once per process."""
    return load_gazetteer()
