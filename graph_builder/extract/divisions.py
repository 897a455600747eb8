"""China's administrative divisions: every province, prefecture and county, with its parent.

``data/gazetteer/divisions.tsv`` (written by ``scripts/make_divisions.py`` from the Ministry
of Civil Affairs' division codes) holds each division's 6-digit code, full and short name,
level, parent and English name, and each province's one-character abbreviations. This
module indexes them by code, by name (full or short, normalised like a letter's text, so
traditional characters find them too) and by abbreviation. General knowledge only, like
the rest of the gazetteer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable

from graph_builder.errors import InputError
from graph_builder.resources import data_path
from graph_builder.text.normalize import normalize_text

COLUMNS = ["code", "name", "short", "level", "parent", "name_en", "abbr"]
LEVELS = ("province", "city", "county")  # city: prefecture-level; county: county-level


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    code: str  # 6 digits (GB/T 2260)
    name: str  # full name: 深圳市, 延边朝鲜族自治州
    short: str  # commonly used short form (深圳, 延边); "" when unsafe to match alone (沛县)
    level: str  # province | city | county
    parent: str | None  # parent's code; None for a province
    name_en: str


class Divisions:
    """Divisions indexed by code, name and abbreviation; built once, shared read-only."""

    def __init__(self, divisions: list[Division], abbreviations: dict[str, str]) -> None:
        """:param abbreviations: one-character abbreviation (粤, 川, 蜀 …) → province code"""
        ordered = sorted(divisions, key=_code)
        self._all = ordered
        self._by_code: dict[str, Division] = {division.code: division for division in ordered}
        keys: list[str] = []
        owners: list[Division] = []
        for division in ordered:
            # an autonomous prefecture is also written by its short form and 州 (甘孜州, 延边州)
            prefecture = division.short + "州" if division.short and division.name.endswith("自治州") else ""
            for key in (division.name, division.short, prefecture):
                if key:
                    keys.append(key)
                    owners.append(division)
        self._by_name: dict[str, list[Division]] = {}
        for key, division in zip(_normalize_all(keys), owners, strict=True):
            found = self._by_name.get(key)
            if found is None:
                self._by_name[key] = [division]
            elif found[-1] is not division:  # in code order, since ``ordered`` is
                found.append(division)
        self._by_abbreviation: dict[str, Division] = {}
        for char, code in abbreviations.items():
            province = self._by_code.get(code)
            if province is not None:
                self._by_abbreviation[normalize_text(char)] = province

    def __len__(self) -> int:
        return len(self._all)

    def __iter__(self) -> Iterator[Division]:
        """Every division, sorted by code."""
        return iter(self._all)

    def by_code(self, code: str) -> Division | None:
        """The division of a 6-digit code, or None."""
        return self._by_code.get(code)

    def named(self, name: str) -> list[Division]:
        """The divisions with this full or short name (any script), sorted by code.

        Several when the name is ambiguous (朝阳区 is in Beijing and in Changchun); empty when unknown.
        """
        return list(self._by_name.get(normalize_text(name), ()))

    def named_normalized(self, name: str) -> list[Division]:
        """``named`` for a name already normalised (a slice of a letter's ``norm``): no conversion."""
        return list(self._by_name.get(name, ()))

    def parent(self, division: Division) -> Division | None:
        """The division's parent; None for a province."""
        return self._by_code.get(division.parent) if division.parent is not None else None

    def province_of(self, division: Division) -> Division:
        """The province-level division a division is in (itself for a province)."""
        current = division
        while current.parent is not None:
            up = self._by_code.get(current.parent)
            if up is None:
                break
            current = up
        return current

    def city_of(self, division: Division) -> Division | None:
        """The prefecture-level division: itself for a city, the parent of a county.

        None for a province, and for a county directly under its province (仙桃市, 济源市,
        the districts of 北京/天津/上海/重庆).
        """
        if division.level == "city":
            return division
        if division.level != "county":
            return None
        up = self.parent(division)
        return up if up is not None and up.level == "city" else None

    def by_abbreviation(self, char: str) -> Division | None:
        """The province of a one-character abbreviation (粤 → 广东省, 蜀 → 四川省), or None."""
        return self._by_abbreviation.get(normalize_text(char))

    def within(self, name: str, ancestor: Division) -> list[Division]:
        """``named(name)`` restricted to divisions under (or equal to) ``ancestor``."""
        return [division for division in self.named(name) if self._is_within(division, ancestor)]

    def names(self) -> list[str]:
        """Every full name and non-empty short form, normalised and sorted, for building a matcher."""
        return sorted(self._by_name)

    def _is_within(self, division: Division, ancestor: Division) -> bool:
        current: Division | None = division
        while current is not None:
            if current.code == ancestor.code:
                return True
            current = self.parent(current)
        return False


def _code(division: Division) -> str:
    return division.code


def _normalize_all(texts: list[str]) -> list[str]:
    """``normalize_text`` of each text, in one call on the texts joined by line breaks.

    The normalisation keeps a text's length and converts no phrase across a line break, so
    splitting the result gives each text's own normal form, at a fraction of the cost of
    thousands of calls.
    """
    if any("\n" in text for text in texts):
        return [normalize_text(text) for text in texts]
    parts = normalize_text("\n".join(texts)).split("\n")
    if len(parts) != len(texts):
        return [normalize_text(text) for text in texts]
    return parts


def load_divisions(path: Traversable | None = None) -> Divisions:
    """Load ``divisions.tsv`` (default: the package data's ``gazetteer/divisions.tsv``)."""
    path = path or data_path("gazetteer") / "divisions.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != COLUMNS:
        raise InputError(str(path), f"not a divisions table: the header must be {' '.join(COLUMNS)}")
    divisions: list[Division] = []
    abbreviations: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS) or fields[3] not in LEVELS:
            raise InputError(str(path), f"line {number}: expected {len(COLUMNS)} columns and a known level")
        code, name, short, level, parent, name_en, abbr = fields
        divisions.append(Division(code, name, short, level, parent or None, name_en))
        for char in abbr.split("|"):
            if char:
                abbreviations[char] = code
    return Divisions(divisions, abbreviations)


@cache
def default_divisions() -> Divisions:
    """The package's divisions, loaded once per process."""
    return load_divisions()
