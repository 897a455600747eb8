"""Places named on their own (not as part of a body's, platform's or title's name)."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.gazetteer import Hit
from graph_builder.extract.registry import add_entity, add_hit
from graph_builder.extract.zones import ZoneIndex
from graph_builder.model import Letter, LetterFacts, Span

# An unknown district, zone or prefecture where something is located or done:
# 在湖里区揭牌, 在西咸新区, 甘孜州、阿坝州.
LOCAL_PLACE = re.compile(
    rf"(?<=[在于、和及与至])(?P<name>{P.HAN}{{2,5}}?(?:新区|开发区|高新区|新片区|科学城|自贸区|区|县|州))"
    r"(?=[、,。和及与等内设建揭落开举挂成的]|$)"
)
NOT_PLACES = re.compile(
    r"(?:园区|产业园区|城区|社区|片区|辖区|地区|景区|试验区|示范区|先行区|保护区|集聚区|功能区|全区|各区|本区|该区|山区|湾区|市区|县区|区县|各州)$"
)


def find_places(letter: Letter, facts: LetterFacts, hits: list[Hit], zones: list[Span]) -> None:
    """Gazetteer places outside every other name and title, and unknown districts after 在.

    :param zones: spans of the names already found (orgs, platforms, events) and titles
    """
    taken = ZoneIndex(zones)
    for hit in hits:
        if hit.entry.kind != "place" or taken.overlaps(Span(hit.start, hit.end)):
            continue
        add_hit(letter, facts, hit)
    taken_or_known = ZoneIndex([*zones, *(Span(h.start, h.end) for h in hits)])
    for found in LOCAL_PLACE.finditer(letter.norm, letter.header.body.start, letter.header.body.end):
        span = Span(found.start("name"), found.end("name"))
        name = found.group("name")
        if NOT_PLACES.search(name) or taken_or_known.overlaps(span) or P.LEADING_VERB.match(name):
            continue
        add_entity(facts, "place", "Place", name, letter.text[span.start : span.end], span)
