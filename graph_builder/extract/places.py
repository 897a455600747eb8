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
# Endings of names: a place run into one is that name's first word, not a place on its own. The kinds say
# which places and over what: country, the country's name over any characters (中国驰名商标, 中国电器之都,
# 中国川菜产业化园区, 中国专利奖); title, any place over no break nor verb, of a title, an award, an event
# or a hall (河北省著名商标, 山东省高价值专利培育大赛, 陕西省地理标志产品展示馆); body, any place likewise, of
# a body or a platform (宁波大学, 浙江法院, 人民银行青岛市分行, 北京市数据知识产权登记平台): a name the
# rules did not read whole still holds the place.
NAME_ENDINGS: dict[str, str] = {
    "商标": "country", "著名商标": "title", "驰名商标": "title", "知名商标": "title", "老字号": "title",
    "优质产品": "title", "名牌产品": "title", "之都": "country title", "之乡": "country title",
    "奖": "country title", "大赛": "title",
    "博览会": "country title", "交易会": "country title", "展览会": "country", "展": "country",
    "论坛": "country title", "峰会": "country title", "大会": "country", "年会": "country", "节": "body",
    "展示馆": "title", "博物馆": "title", "展览馆": "title",
    "园区": "country", "产业园": "country", "基地": "country", "中心": "country", "分中心": "body",
    "网": "country", "平台": "country body", "系统": "country", "在线": "body",
    "大学": "country body", "学院": "body", "研究会": "country", "研究院": "body", "研究所": "body",
    "实验室": "body", "协会": "country body", "学会": "country body", "商会": "body",
    "集团": "country body", "公司": "country body", "银行": "country body", "分行": "body", "支行": "body",
    "交易所": "body", "法院": "body", "检察院": "body", "海关": "country",
    "卫视": "body", "日报": "body", "电视台": "body",
}
# 节 (festival) ends a name only with two Han characters before it, which may be the place's own (the
# lookbehind sees past the position the pattern is matched from): 宁波国际服装节, 中国节.
_ENDING_CONDITION = {"节": rf"(?<={P.HAN}{{2}})"}


def _endings(kind: str) -> str:
    """A group matching the endings of ``kind`` (the patterns are only asked whether they match)."""
    endings = sorted((e for e, kinds in NAME_ENDINGS.items() if kind in kinds.split()), key=len, reverse=True)
    return "(?:" + "|".join(_ENDING_CONDITION.get(e, "") + e for e in endings) + ")"


# Particles, conjunctions and prepositions a name does not run over (中国经济, 中国司法 stay the country;
# 中国的…, 河北省和…).
_ENDS_A_NAME = "的和与及、等在是已将为同对"
# Characters of common verbs (建设, 设立, 推进, 开展, 举办, 发布, 成立, 获得, 拥有, 共建, 累计 …) and the
# breaks of a sentence: a title or a body's name does not run over them.
_VERB_OR_BREAK = r"建设推开举办发成获有共累计,。;:()“”《》\s"
COUNTRY_NAMING = re.compile(rf"(?![{_ENDS_A_NAME}]){P.HAN}{{0,8}}?{_endings('country')}")
PLACE_NAMING = re.compile(rf"[^{_ENDS_A_NAME}{_VERB_OR_BREAK}]{{0,8}}?{_endings('title')}")
# 各, 全 (各地, 全省 …) end a body's run too.
BODY_NAMING = re.compile(rf"[^{_ENDS_A_NAME}各全{_VERB_OR_BREAK}]{{0,10}}?{_endings('body')}")


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
