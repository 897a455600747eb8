"""Places named on their own (not as part of a body's, platform's or title's name)."""

from __future__ import annotations

import re
from functools import lru_cache

from graph_builder.extract import patterns as P
from graph_builder.extract.divisions import Divisions
from graph_builder.extract.gazetteer import Hit
from graph_builder.extract.jurisdiction import Jurisdiction, qualified_name
from graph_builder.extract.registry import add_entity, add_hit
from graph_builder.extract.trie import trie_pattern
from graph_builder.extract.verbs import LEADING_VERB
from graph_builder.extract.zones import ZoneIndex
from graph_builder.model import Letter, LetterFacts, Span
from graph_builder.text.normalize import normalize_text

# An unknown district, zone or prefecture where something is located or done:
# 在湖里区揭牌, 在西咸新区, 甘孜州、阿坝州.
LOCAL_PLACE = re.compile(
    rf"(?<=[在于、和及与至])(?P<name>{P.HAN}{{2,5}}?(?:新区|开发区|高新区|新片区|科学城|自贸区|区|县|州|镇))"
    r"(?=[、,。和及与等内设建揭落开举挂成的]|$)"
)
NOT_PLACES = re.compile(
    r"(?:园区|产业园区|城区|社区|片区|辖区|地区|景区|试验区|示范区|先行区|保护区|集聚区|功能区|全区|各区|本区|该区|山区|湾区|市区|县区|区县|各州|"
    r"城镇|乡镇|小镇|集镇|村镇|全镇|各镇|该镇|本镇)$"
)


# What may follow a place's short form standing on its own (晋江、石狮等地, 在昆山的).
SHORT_PLACE_FOLLOWERS = frozenset("、和及与等的地两三四五六七八九十各全市县区镇籍人")


_DIVISION_END = re.compile("[省市区县州盟旗]")


def division_mentions(norm: str, divisions: Divisions, home: Jurisdiction | None, start: int = 0) -> list[Span]:
    """Where the text names a division: full names (each ends in 省/市/区/县/州/盟/旗, so only
    those characters are looked behind) and the short forms of cities and provinces, and of the
    counties of the letter's own province. Longest first, not overlapping."""
    found: list[Span] = []
    for end_char in _DIVISION_END.finditer(norm, start):
        end = end_char.end()
        for length in range(min(9, end - start), 1, -1):
            if divisions.named_normalized(norm[end - length : end]):
                found.append(Span(end - length, end))
                break
    for match in _short_forms(divisions, home).finditer(norm, start):
        found.append(Span(match.start(), match.end()))
    chosen: list[Span] = []
    for span in sorted(found, key=lambda s: (s.start, -(s.end - s.start))):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen


def _short_forms(divisions: Divisions, home: Jurisdiction | None) -> re.Pattern[str]:
    province = home.province.code if home is not None and home.province is not None else ""
    return _short_form_pattern(divisions, province)


@lru_cache(maxsize=64)
def _short_form_pattern(divisions: Divisions, province: str) -> re.Pattern[str]:
    """The short forms worth matching: provinces' and cities', and the counties' of one province."""
    names: set[str] = set()
    for division in divisions:
        if not division.short:
            continue
        if division.level != "county" or divisions.province_of(division).code == province:
            names.add(normalize_text(division.short))
    return re.compile(trie_pattern(sorted(names)) if names else "(?!)")


def _bracket_naming(norm: str, start: int, end: int) -> bool:
    """中国（汕头）…, 三星（中国）投资有限公司: a place in the bracketed naming of a centre or a
    company is part of that name, even where the name itself was not read."""
    if norm[end : end + 1] == "(":
        return True
    before = norm[start - 2 : start - 1]
    return norm[start - 1 : start] == "(" and norm[end : end + 1] == ")" and "\u4e00" <= before <= "\u9fff"


DASH = "—–-－"
# A name's or title's ending, reached from the country's name without a break (中国驰名商标, 中国电器之都,
# 中国川菜产业化园区, 中国专利奖); 中国经济, 中国司法 stay the country.
COUNTRY_NAMING = re.compile(
    rf"(?![的和与及、等在是已将为同对]){P.HAN}{{0,8}}?"
    r"(?:商标|之都|之乡|奖|园区|产业园|中心|基地|网|银行|协会|学会|研究会|大学|博览会|交易会|展览会|展|论坛|峰会|大会|年会|"
    r"集团|公司|系统|平台|海关)"
)


# Any place run, without a break or a verb, into the ending of a title, an award, an event or a hall is
# that thing's first word (河北省著名商标, 山东省高价值专利培育大赛, 陕西省地理标志产品展示馆), not a place on its own.
PLACE_NAMING = re.compile(
    r"[^的和与及、等在是已将为同对建设推开举办发成获有共累计,。;:()“”《》\s]{0,8}?"
    r"(?:著名商标|驰名商标|知名商标|优质产品|名牌产品|老字号|之都|之乡|奖|大赛|博览会|交易会|展示馆|博物馆|展览馆|论坛|峰会)"
)
# A place run into a body's or a platform's ending is that name's first word (宁波大学, 浙江法院, 人民银行
# 青岛市分行, 北京市数据知识产权登记平台): a name the rules did not read whole still holds the place.
BODY_NAMING = re.compile(
    r"[^的和与及、等在是已将为同对建设推开举办发成获有共累计各全,。;:()“”《》\s]{0,10}?"
    r"(?:大学|学院|法院|检察院|分行|支行|银行|公司|集团|协会|商会|学会|平台|在线|卫视|日报|电视台|"
    r"交易所|研究院|研究所|实验室|分中心|(?<=[\u4e00-\u9fff]{2})节)"
)


# Provinces' and regions' one-character names that are compounded with others (粤港澳, 港澳台, 京津冀); the
# commonest characters (新, 宁, 青) are left out, they begin too many other words.
PROVINCE_ABBREVIATIONS = frozenset("京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔滇藏陕甘陇台港澳蒙")
# Characters that make a word with a following 中 (其中, 之中, 当中, 集中, 从中, 空中).
WORDS_ENDING_IN_ZHONG = frozenset("其之当集从空")


def _inside_quoted_title(norm: str, start: int, end: int) -> bool:
    """“地标陕西”, “柳州螺蛳粉”, “中国电器之都”: a place inside a short quoted title with more words is part of
    the title; a place quoted alone (“宁夏”) is the place."""
    opening = norm.rfind("“", max(0, start - 12), start + 1)
    if opening < 0 or "”" in norm[opening:start]:
        return False
    closing = norm.find("”", end, end + 12)
    return closing >= 0 and "“" not in norm[end:closing] and (opening + 1, closing) != (start, end)


def _market(norm: str, end: int) -> bool:
    """义乌市场, 泉州市场监管: a city's short form run into 市场 (market); its 市 is the market's, so
    the place is 义乌, not 义乌市 (the short form is read on its own)."""
    return norm[end - 1 : end + 1] == "市场"


def _han(char: str) -> bool:
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"


def inside_a_name(norm: str, hit: Hit) -> bool:
    """中国—东盟博览会: two places joined by a dash name one thing together; 中国驰名商标: the country's
    name run into a name's or a title's ending is that name's first word (Chinese bodies, awards and
    titles are named 中国…), not the country standing on its own."""
    after, before = norm[hit.end : hit.end + 2], norm[max(0, hit.start - 2) : hit.start]
    if (after[:1] in DASH and _han(after[1:])) or (before[1:] in DASH and _han(before[:1])):
        return True
    if PLACE_NAMING.match(norm, hit.end) or BODY_NAMING.match(norm, hit.end):
        return True
    if _inside_quoted_title(norm, hit.start, hit.end):
        return True
    if hit.end - hit.start <= 2 and (after[:1] in PROVINCE_ABBREVIATIONS or before[1:] in PROVINCE_ABBREVIATIONS):
        return True  # 涉港澳台, 粤港澳海关: a compound of provinces' one-character names, not 港澳 alone
    if hit.entry.canonical not in ("中国", "中华人民共和国"):
        return False
    if norm[hit.start : hit.start + 1] == "中" and before[1:] in WORDS_ENDING_IN_ZHONG:
        return True  # 其中国家级平台3个: 其中 + 国家, not the country
    if before[1:] == "新":
        return True  # 新中国: the People's Republic as an era (新中国汽车工业), a word of its own
    return bool(COUNTRY_NAMING.match(norm, hit.end))


def find_places(
    letter: Letter,
    facts: LetterFacts,
    hits: list[Hit],
    zones: list[Span],
    divisions: Divisions | None = None,
    home: Jurisdiction | None = None,
) -> None:
    """Gazetteer places outside every other name and title, and unknown districts after 在.

    :param zones: spans of the names already found (orgs, platforms, events) and titles
    :param home: the letter's jurisdiction, which settles a county named by its short form
    """
    taken = ZoneIndex(zones)
    for hit in hits:
        if hit.entry.kind != "place" or taken.overlaps(Span(hit.start, hit.end)):
            continue
        if _bracket_naming(letter.norm, hit.start, hit.end) or inside_a_name(letter.norm, hit):
            continue
        if _market(letter.norm, hit.end):
            continue
        add_hit(letter, facts, hit)
    if divisions is not None:
        # a hit run into 市场 is not known: its short form (义乌 of 义乌市场) is read below
        known = ZoneIndex([*zones, *(Span(h.start, h.end) for h in hits if not _market(letter.norm, h.end))])
        for span in division_mentions(letter.norm, divisions, home, letter.header.body.start):
            if not known.overlaps(span):
                _division_place(letter, facts, span, divisions, home)
    # a division already read at a span (上虞区 as 绍兴市上虞区) is not read again as an unknown district
    placed = [s for e in facts.of_kind("place") for s in e.spans]
    taken_or_known = ZoneIndex([*zones, *(Span(h.start, h.end) for h in hits), *placed])
    for found in LOCAL_PLACE.finditer(letter.norm, letter.header.body.start, letter.header.body.end):
        span = Span(found.start("name"), found.end("name"))
        name = found.group("name")
        if NOT_PLACES.search(name) or taken_or_known.overlaps(span) or LEADING_VERB.match(name):
            continue
        if re.search(r"[各该本全每]|市场|经营", name):  # 在市场各经营区: parts of a market, not a district
            continue
        add_entity(facts, "place", "Place", name, letter.text[span.start : span.end], span)


def _division_place(
    letter: Letter, facts: LetterFacts, span: Span, divisions: Divisions, home: Jurisdiction | None
) -> None:
    """A division named on its own, when the name says which one: a full name or a city's short
    form that is unique in China or in the letter's province, or a county's short form in the
    letter's own province. Its identity is the division's full name (a district's with its city)."""
    if _market(letter.norm, span.end):
        span = Span(span.start, span.end - 1)  # 义乌市场: 义乌 and 市场
    surface = letter.norm[span.start : span.end]
    candidates = divisions.named(surface)
    if len(candidates) > 1 and home is not None and home.province is not None:
        candidates = divisions.within(surface, home.province)
    if len(candidates) != 1:
        return
    division = candidates[0]
    written_in_full = normalize_text(division.name) == surface
    if PLACE_NAMING.match(letter.norm, span.end) or _inside_quoted_title(letter.norm, span.start, span.end):
        return  # 河北省著名商标: the first word of a title
    if BODY_NAMING.match(letter.norm, span.end):
        return  # 北京市数据知识产权登记平台: the first word of a body's or a platform's name
    before = letter.norm[span.start - 1 : span.start]
    if surface.endswith("城市") and _han(before) and before not in "省市区县州":
        return  # 沿海城市: the common noun 城市 (city) inside a word, not 海城市
    after = letter.norm[span.end : span.end + 1]
    if not written_in_full and after and "\u4e00" <= after <= "\u9fff" and after not in SHORT_PLACE_FOLLOWERS:
        return  # 順德家電: a short form run into more name is a modifier of that name
    in_home_province = home is not None and home.province is not None and divisions.within(surface, home.province)
    if not written_in_full and division.level == "county" and not in_home_province:
        return
    canonical = qualified_name(division, divisions)
    add_entity(facts, "place", "Place", canonical, letter.text[span.start : span.end], span, division.name_en)
