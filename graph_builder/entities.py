"""The entity index of a built corpus: every thing with its names, kinds and letters, and likely duplicates.

It reads ``entities.jsonl`` (a line per letter, written by the corpus build), one line at
a time. Things share an IRI across letters when the gazetteer or a letter's own 以下简称
tie their names; what it could not tie but looks alike is flagged for a person to review:

- one name with two kinds (市场监管局 as an org in one letter, a platform in another);
- names that differ only by a leading place (深圳市知识产权局 / 市知识产权局) or by a
  company-form suffix (华为公司 / 华为技术有限公司 → 华为).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from graph_builder.corpus.manifest import STREAMS
from graph_builder.errors import InputError

_COMPANY_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_PLACE_LEVEL = re.compile(r"^(自治区|省|市|区|县)")


@dataclass
class Thing:
    """One IRI of the corpus."""

    iri: str
    kinds: set[str] = field(default_factory=set)  # "org/GovernmentAgency"
    canonical: str = ""
    names: set[str] = field(default_factory=set)
    letters: set[str] = field(default_factory=set)

    def row(self) -> dict[str, object]:
        """As a JSON-ready dict (sorted lists)."""
        return {
            "iri": self.iri,
            "canonical": self.canonical,
            "kinds": sorted(self.kinds),
            "names": sorted(self.names),
            "letters": sorted(self.letters),
        }


@dataclass(frozen=True)
class Suspect:
    """Two or more IRIs that may be one thing."""

    reason: str
    key: str
    iris: tuple[str, ...]


ENTITIES = STREAMS["entities"]


def load_index(out: Path) -> dict[str, Thing]:
    """Every thing named in the built letters of ``out``, keyed by IRI.

    :raises InputError: a line of ``entities.jsonl`` that is not a letter's entities
    """
    things: dict[str, Thing] = {}
    path = out / ENTITIES
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line)
                add_letter(things, str(data["letter"]), data["entities"])
            except (ValueError, KeyError, TypeError) as error:
                problem = f"line {number} is not a letter's entities ({error}); run: ipgov build -o {out}"
                raise InputError(path, problem) from None
    return things


def add_letter(things: dict[str, Thing], letter: str, rows: Iterable[list[object]]) -> None:
    """Fold one letter's entity rows ([iri, kind, class, canonical, names]) into ``things``."""
    for iri, kind, cls, canonical, names in rows:
        thing = things.setdefault(str(iri), Thing(str(iri), canonical=str(canonical)))
        thing.kinds.add(f"{kind}/{cls}")
        thing.names.update(str(n) for n in cast("Iterable[object]", names))  # names: a JSON list
        thing.letters.add(letter)


def split_place(name: str, places: Iterable[str] = ()) -> tuple[str, str]:
    """(place, rest) of a name: a leading gazetteer place and level word, and a company suffix, removed.

    >>> split_place("华为技术有限公司"), split_place("深圳市知识产权局", ["深圳"]), split_place("市市场监督管理局")
    (('', '华为技术'), ('深圳', '知识产权局'), ('', '市场监督管理局'))
    """
    place = ""
    for candidate in sorted(places, key=len, reverse=True):
        if name.startswith(candidate) and len(name) > len(candidate) + 1:
            place, name = candidate, name[len(candidate):]
            break
    if not name.startswith("市场") or name.startswith("市市场"):
        name = _PLACE_LEVEL.sub("", name)
    return place, _COMPANY_SUFFIX.sub("", name) or name


def suspects(things: dict[str, Thing], places: Iterable[str] = ()) -> list[Suspect]:
    """Likely duplicates that were not merged, sorted.

    Names that differ by a place are flagged only when one of them has no place (市知识产权局
    beside 深圳市知识产权局), never two places (深圳市… and 广州市… are two bodies).
    """
    found: list[Suspect] = []
    by_name: dict[str, set[str]] = defaultdict(set)
    for thing in things.values():
        for name in thing.names:
            by_name[name].add(thing.iri)
    for name, iris in sorted(by_name.items()):
        kinds = {kind for iri in iris for kind in things[iri].kinds}
        if len({k.split("/")[0] for k in kinds}) > 1 or (len(iris) == 1 and len(kinds) > 1):
            found.append(Suspect("one name, two kinds", name, tuple(sorted(iris))))
    place_list = list(places)
    by_core: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for thing in things.values():
        kind = min(k.split("/")[0] for k in thing.kinds) if thing.kinds else ""
        if kind in ("org", "platform"):
            place, core = split_place(thing.canonical, place_list)
            by_core[(kind, core)][place].add(thing.iri)
    for (_, core), groups in sorted(by_core.items()):
        if len(core) < 2:
            continue
        unplaced = groups.get("", set())
        for place in sorted(groups):
            iris = groups[place] | unplaced
            if len(iris) > 1 and (place or len(groups) == 1):
                found.append(Suspect("differ by place prefix or suffix", core, tuple(sorted(iris))))
    return sorted(set(found), key=lambda s: (s.reason, s.key, s.iris))


def gazetteer_places() -> list[str]:
    """Place names (canonical and aliases) of the package gazetteer."""
    from graph_builder.extract.gazetteer import default_gazetteer

    return sorted(default_gazetteer().places)
