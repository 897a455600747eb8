"""Events: forums, investigations, awards, rankings, pilots, reforms, campaigns."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.gazetteer import Hit
from graph_builder.extract.registry import add_entity
from graph_builder.extract.zones import inside
from graph_builder.model import Letter, LetterFacts, Span

EVENT_ENDING = r"(?:十大[^,。;、“”]{0,8}?(?:案件|案例)|十佳[^,。;、“”]{0,12}?案例|典型案例|工作绩效考核|绩效考核|宣传周|论坛|博览会|交易会|峰会|大会|专项行动|行动|评选|调查|奖|试点|便利化改革|综合改革试验)"
QUOTED_EVENT = re.compile(rf"[“\"](?P<name>[^“”\"]{{2,30}}?{EVENT_ENDING})[”\"]")
TRIGGERED_EVENT = re.compile(
    rf"(?:完成|启动|开展|参加|举办|召开|获得|荣获|评为|入选|列入|授予|推进|在|结合|申报)"
    rf"(?P<name>(?:(?:19|20)\d{{2}}年度?)?[^,。;、“”《》()]{{2,24}}?{EVENT_ENDING})(?=[,。;、中上工的”]|$)"
)
NOT_EVENTS = re.compile(r"^(?:各类|相关|有关|多种|重点|专项|该|此|这)")


def find_events(letter: Letter, facts: LetterFacts, hits: list[Hit], zones: list[Span]) -> None:
    """Named events; a year written before a ranking (2013年度) stays outside the name."""
    norm = letter.norm
    taken: list[Span] = []
    for hit in hits:
        if hit.entry.kind == "event" and not inside(Span(hit.start, hit.end), zones):
            start, end = hit.start, hit.end
            if norm[start] == "“" and norm[end - 1] == "”":
                start, end = start + 1, end - 1
            add_entity(facts, "event", "Event", hit.entry.canonical, letter.text[start:end], Span(start, end), hit.entry.name_en)
            taken.append(Span(hit.start, hit.end))
    for pattern in (QUOTED_EVENT, TRIGGERED_EVENT):
        for found in pattern.finditer(norm, letter.header.body.start, letter.header.body.end):
            start, end = found.start("name"), found.end("name")
            year = P.YEAR_PREFIX.match(norm, start, end)
            if year and pattern is TRIGGERED_EVENT:
                start = year.end()
            span = Span(start, end)
            name = norm[start:end]
            if NOT_EVENTS.match(name) or len(name) < 4 or any(t.start < end and start < t.end for t in taken):
                continue
            if inside(span, zones):
                continue
            add_entity(facts, "event", "Event", name, letter.text[start:end], span)
            taken.append(span)
