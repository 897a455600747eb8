"""Whose bodies a letter's bare 省/市/区/县 prefixes mean: the letter's own jurisdiction.

A letter calls its own bodies 市市场监督管理局, 省委, 区公安分局. Which city, province or
district that is depends on the letter, so a bare prefix is resolved through the place of the
body that wrote it (its signature, the heading above the title, the title, the publishing body
of the web page), at the level the prefix names: a city letter's 省委 is its province's, its
市政府 its own city's. A county-level city (义乌市) calls itself 市. Where the letter's place
at that level is unknown, the name stays as written and its thing stays local to the letter.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_builder.extract.divisions import Division, Divisions
from graph_builder.model import Letter
from graph_builder.text.normalize import normalize_text

# Municipalities directly under the central government: their districts' 市 is the municipality.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "省", "市", "区", "县", "州", "盟", "旗")


@dataclass(frozen=True)
class Jurisdiction:
    """The divisions a letter's writer belongs to, from the province down (each may be unknown)."""

    province: Division | None = None
    city: Division | None = None
    county: Division | None = None

    def owner(self, level: str) -> Division | None:
        """The division a bare prefix means: 省/自治区 the province, 市 the city (or the
        municipality, or a county-level city itself), 区/县 the county-level division."""
        county, city, province = self.county, self.city, self.province
        if level in ("省", "自治区"):
            if province is not None and province.name.endswith(level):
                return province
            return None
        if level == "市":
            if county is not None and county.name.endswith("市"):
                return county
            if city is not None and city.name.endswith("市"):
                return city
            if province is not None and province.name.endswith("市"):
                return province  # 北京市, 重庆市 …
            return None
        if level in ("区", "县") and county is not None and county.name.endswith(level):
            return county
        return None

    @property
    def deepest(self) -> Division | None:
        """The most specific division known."""
        return self.county or self.city or self.province


def qualified_name(division: Division, divisions: Divisions) -> str:
    """How a body of the division is named in full: a district or county with its city
    (成都市郫都区, 重庆市渝北区), a county-level city or anything else by its own name."""
    if division.level == "county" and not division.name.endswith("市"):
        parent = divisions.parent(division)
        if parent is not None:
            return parent.name + division.name
    return division.name


def read_place_chain(text: str, divisions: Divisions, context: Jurisdiction | None = None) -> Jurisdiction | None:
    """The divisions a name starts with (中共长沙市委宣传部 → 湖南省 › 长沙市; 成都市郫都区… → 郫都区).

    Each further division must lie within the one before; a name that is ambiguous (朝阳区)
    is settled by ``context`` or by the division before it, else reading stops.
    """
    norm = normalize_text(text).strip()
    if norm.startswith("中共"):
        norm = norm[2:]
    at = 0
    found: Division | None = None
    while at < len(norm):
        step = _division_at(norm, at, divisions, found or (context.deepest if context else None))
        if step is None:
            break
        division, at = step
        found = division
    if found is None:
        return None
    return chain_of(found, divisions)


def chain_of(division: Division, divisions: Divisions) -> Jurisdiction:
    """The jurisdiction whose deepest division is ``division``."""
    province = divisions.province_of(division)
    city = divisions.city_of(division)
    county = division if division.level == "county" else None
    return Jurisdiction(province, city, county)


def _division_at(norm: str, at: int, divisions: Divisions, within: Division | None) -> tuple[Division, int] | None:
    """The longest full division name at ``at`` (within ``within`` when ambiguous) and where it ends."""
    for length in range(min(12, len(norm) - at), 1, -1):
        name = norm[at : at + length]
        if not name.endswith(_SUFFIXES):
            continue
        candidates = [d for d in divisions.named(name) if d.name == name or normalize_text(d.name) == name]
        if within is not None and len(candidates) > 1:
            candidates = divisions.within(name, within) or candidates
        if len(candidates) == 1:
            return candidates[0], at + length
    return None


def letter_jurisdiction(letter: Letter, divisions: Divisions) -> Jurisdiction | None:
    """The letter's own jurisdiction: from its signature, heading, title or publishing body, in
    that order, and failing those the province its 文号 abbreviation names (粤, 闽 …)."""
    header = letter.header
    for span in (header.signer, header.title):
        if span is not None:
            found = read_place_chain(letter.norm[span.start : span.end], divisions)
            if found is not None:
                return found
    doc = header.doc_number
    if doc is not None and doc.end > doc.start:
        province = divisions.by_abbreviation(letter.norm[doc.start])
        if province is not None:
            return Jurisdiction(province, None, None)
    return None
