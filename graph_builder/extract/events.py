"""Events: forums, investigations, awards, rankings, pilots, reforms, campaigns, fairs."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Hit
from graph_builder.extract.registry import add_entity
from graph_builder.extract.scan import quick_start
from graph_builder.extract.verbs import CLAUSE_VERB
from graph_builder.extract.zones import extend_left, inside
from graph_builder.model import Letter, LetterFacts, Span

# 知识产权进企业 is a campaign; 走进企业, 推进乡村振兴, 促进市场… hold a verb ending in 进.
_NOT_A_VISIT = "(?<![走深推促引演跟先改增精跃突前挺迈奋上新共并激渐递])"
EVENT_ENDING = (
    r"(?:十大[^,。;、“”]{0,8}?(?:案件|案例)|十佳[^,。;、“”]{0,12}?案例|\d+件[^,。;、“”]{0,10}?案例|典型案例|"
    r"工作绩效考核|绩效考核|宣传周|论坛|博览会|交易会|展览会|花卉展|峰会|大会|局长会议|工作组会议|发布会|"
    r"专利周|宣传月|活动周|嘉年华|对接会|推介会|洽谈会|研讨会|交流会|文化节|消费节|专项检查|专项整治|"
    r"培训班|研修班|大赛|"
    rf"{_NOT_A_VISIT}进企业|{_NOT_A_VISIT}进园区|{_NOT_A_VISIT}进校园|{_NOT_A_VISIT}进社区|{_NOT_A_VISIT}进乡村|"
    rf"{_NOT_A_VISIT}进市场|"
    r"专项行动|专项活动|行动(?!态)|评选|(?<!获)奖(?![励金补项])|试点(?![平单城企园区])|便利化改革|综合改革试验|"
    r"第[一二三四五六七八九十]+次全国[^,。;、]{0,10}?普查)"
)
QUOTED_EVENT = re.compile(rf"[“\"](?P<name>[^“”\"]{{2,30}}?{EVENT_ENDING})[”\"]")
ENDING = quick_start(EVENT_ENDING)
# A stem made only of these words names a kind of event, not one event.
GENERIC_STEM = re.compile(
    r"(?:发布|新闻|定期|年度|专项|专题|相关|各类|有关|多种|重点|系列|工作|执法|打击|宣传|培训|集中|联合|年度|全国|全省|全市|国家|开展|"
    r"政策|银企|服务|法律|知识产权|保护)*"
)
NOT_EVENTS = re.compile(r"(?:各类|相关|有关|多种|重点|专项|该|此|这|本|其|及时|积极|更多|多个|一批|若干)")
# …典型案例汇编, …案例集: a book of cases, not an event
PUBLICATION_AFTER = re.compile(r"汇编|集(?![中团体])|选编")
# A count before an event's name (每季度举办一次开放许可专场对接会, 首期培训班, 两场推介会) speaks of
# events of a kind, not of one named event.
COUNT_IN_NAME = re.compile(r"(?:[一二两三四五六七八九十百\d]+|首|多|每)[次场期轮]")
EVENT_COUNT = re.compile(COUNT_IN_NAME.pattern + "$")
EDITION = re.compile(r"第[一二三四五六七八九十百\d]+届")
DATE_LEAD = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?=[^度])")


def find_events(letter: Letter, facts: LetterFacts, hits: list[Hit], zones: list[Span]) -> None:
    """Named events from the gazetteer, from quotes, and from an event ending with the
    name before it; a year written before a ranking (2013年度) stays outside the name."""
    norm = letter.norm
    body = letter.header.body
    taken: list[Span] = []
    for hit in hits:
        if hit.entry.kind == "event" and not inside(Span(hit.start, hit.end), zones):
            start, end = hit.start, hit.end
            if norm[start] == "“" and norm[end - 1] == "”":
                start, end = start + 1, end - 1
            add_entity(
                facts,
                "event",
                "Event",
                hit.entry.canonical,
                letter.text[start:end],
                Span(start, end),
                hit.entry.name_en,
            )
            taken.append(Span(hit.start, hit.end))
    candidates: list[Span] = []
    for found in QUOTED_EVENT.finditer(norm, body.start, body.end):
        candidates.append(Span(found.start("name"), found.end("name")))
    for found in ENDING.finditer(norm, body.start, body.end):
        candidates.append(Span(_start_of(norm, found.start(), body.start), found.end()))
    for span in sorted(candidates, key=lambda s: (s.start, -s.end)):
        if CLAUSE_VERB.search(ENDING.sub("", norm[span.start : span.end])):
            continue  # a clause, not a name (相继出台配套行动)
        cut = leading_function_word(norm[span.start : span.end])
        if cut and span.end - span.start - cut < 4:
            continue  # 总结试点: a verb and a bare ending, no name
        if cut:
            span = Span(span.start + cut, span.end)  # the generic checks below see the name as it will be kept
        name = norm[span.start : span.end]
        stem = ENDING.sub("", name)
        own_words = len(name) - len(stem) >= 5  # 十佳…案例, 第四次全国…普查 name themselves
        if len(name) < 4 or NOT_EVENTS.match(name) or CLAUSE_VERB.search(stem):
            continue
        if EVENT_COUNT.search(norm, max(body.start, span.start - 4), span.start) or COUNT_IN_NAME.search(stem):
            continue
        if PUBLICATION_AFTER.match(norm, span.end):
            continue
        last = re.split(r"和|及|与", name)[-1]
        if last != name and GENERIC_STEM.fullmatch(ENDING.sub("", last)):
            continue  # 职称评审和绩效考核: two kinds of work joined, not one named event
        if not own_words and (GENERIC_STEM.fullmatch(stem.strip('“”"')) or not re.search(P.HAN, stem)):
            continue
        if any(t.start < span.end and span.start < t.end for t in taken) or inside(span, zones):
            continue
        add_entity(facts, "event", "Event", name.strip("“”"), letter.text[span.start : span.end], span)
        taken.append(span)


DASHES = ("—", "–", "－")


def _start_of(norm: str, ending_start: int, floor: int) -> int:
    """Where the name before an event ending starts; a quoted lead word belongs to it
    (“知惠行”专项活动), a leading date or 年度 year does not."""
    start = extend_left(norm, ending_start, floor, limit=30, digits=True, joins=_joins)
    if norm[start - 1 : start] in DASHES and start - 1 > floor and re.match(P.HAN, norm[start - 2]):
        # 第20届中国—东盟博览会: two places joined by a dash open the name together
        start = extend_left(norm, start - 1, floor, limit=12, digits=True, joins=_joins)
    if start == ending_start and norm[start - 1 : start] == "”":
        opening = norm.rfind("“", floor, start)
        if opening >= 0 and start - opening <= 14:
            start = opening
    lead = DATE_LEAD.match(norm, start, ending_start) or P.YEAR_PREFIX.match(norm, start, ending_start)
    if lead and (lead.group(0).endswith(("年度", "月", "日")) or EDITION.match(norm, lead.end(), ending_start)):
        start = lead.end()  # 2024年第41届…文化节: the edition names it, the year only dates it
    return start


def _joins(left: str) -> bool:
    """与/和 inside an event's name (保护与运用论坛) unless an event name ends before it."""
    return not ENDING.search(left[-8:]) and not left.endswith(("、", ","))
