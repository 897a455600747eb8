"""A place run into a name's ending is that name's first word: the three patterns of places.py, built
from its one list of endings (NAME_ENDINGS)."""

from __future__ import annotations

import re

import pytest

from graph_builder.extract.places import BODY_NAMING, COUNTRY_NAMING, NAME_ENDINGS, PLACE_NAMING

KINDS = {"country": COUNTRY_NAMING, "title": PLACE_NAMING, "body": BODY_NAMING}


def test_every_ending_has_known_kinds() -> None:
    assert len(NAME_ENDINGS) == 53
    assert all(kinds.split() and set(kinds.split()) <= set(KINDS) for kinds in NAME_ENDINGS.values())
    assert NAME_ENDINGS["公司"] == "country body" and NAME_ENDINGS["著名商标"] == "title"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_pattern_matches_its_endings_and_no_other(kind: str) -> None:
    pattern = KINDS[kind]
    own = [ending for ending, kinds in NAME_ENDINGS.items() if kind in kinds.split()]
    for ending in NAME_ENDINGS:
        text = "宁波" + ending  # 节 wants two characters before it
        # 宁波分中心 holds 中心, an ending of a country's name (over any characters)
        assert bool(pattern.fullmatch(text)) == any(ending.endswith(e) for e in own), (kind, ending)


@pytest.mark.parametrize(
    ("pattern", "after", "matches"),
    [
        (COUNTRY_NAMING, "驰名商标", True),
        (COUNTRY_NAMING, "川菜产业化园区", True),
        (COUNTRY_NAMING, "经济", False),  # 中国经济: the country
        (COUNTRY_NAMING, "的专利奖", False),  # a particle right after the country
        (PLACE_NAMING, "高价值专利培育大赛", True),
        (PLACE_NAMING, "举办大赛", False),  # a verb between
        (PLACE_NAMING, ",著名商标", False),
        (BODY_NAMING, "数据知识产权登记平台", True),
        (BODY_NAMING, "各大学", False),
        (BODY_NAMING, "大学", True),
    ],
)
def test_what_a_place_runs_into(pattern: re.Pattern[str], after: str, matches: bool) -> None:
    text = "中国" + after
    assert bool(pattern.match(text, 2)) == matches


def test_a_festival_wants_two_characters_before_it_the_place_s_own_included() -> None:
    assert BODY_NAMING.match("中国节", 2) and BODY_NAMING.match("(澳门国际美食节", 2)
    assert not BODY_NAMING.match("(澳节", 2)
