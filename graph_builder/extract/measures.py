"""The proposal's numbered suggestions and the measures that answer them.

A measure is a clause of the answer (a sentence, or one 一是/二是 part of it), typed as
a commitment (will be done), an achievement (done) or a statement.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise

from graph_builder.extract.asks import block_asks, enumerated_asks, quoted_asks
from graph_builder.extract.scan import quick_start
from graph_builder.model import Item, Letter, LetterFacts, Measure, Sentence, Span

ITEM_IN_HEADING = (
    re.compile(r"针对提案\s*[“\"](?P<text>[^“”\"]{2,200}?)。?\s*[”\"]\s*(?:的)?建议"),
    re.compile(r"关于\s*[“\"](?P<text>[^“”\"]{2,200}?)[”\"]\s*的建议"),
    re.compile(r"关于(?P<text>[^。;]{2,80}?)的建议"),
)
PART = re.compile(r"(?:^|[;。,])\s*(?:[一二三四五六七八九十]是)")
COMMITMENT = re.compile(r"将|下一步|拟|计划|争取|力争|还要|要进一步|适时|今后|继续|持续推进")
ACHIEVEMENT_WORDS = (
    r"已|建成|出台了|完成了?|正式(?:运行|开业|批复|成立|揭牌|印发)|获批|获得|荣获|落户|印发了?|制定了|成立了|推出了?|"
    r"取得|实现了|累计|截至|(?:19|20)\d{2}年(?:\d{1,2}月)?[,,]|审结|评为|入选|列入|位列|居全国|批复"
)
ACHIEVEMENT = quick_start(ACHIEVEMENT_WORDS)
PROGRAMME = re.compile(
    r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、])?\s*(?:[一二三四五六七八九十]是)?\s*(?:加快|加强|推进|推动|完善|建立|实施|强化|深化|积极|大力|支持|鼓励|引导|做好|提升|开展|优化|健全|打造|探索)"
)
SELF = re.compile(r"我委|我局|我们|本局|本委|我办|我厅|我院|我部")
HEADING_ONLY = re.compile(r"答复如下|建议$|情况$|工作$")
SAYS = re.compile(r"^(?:在会办意见中|在协办意见中|同时)?(?:表示|指出|认为|将|已|会同)")


TOPIC_HEADING = re.compile(
    r"关于\s*(?:[“\"](?P<quoted>[^“”\"]{2,80})[”\"]|(?P<text>[^。;]{2,80}?))\s*(?:的建议|的问题|问题|方面)?\s*[。:]?$"
)


def find_items(letter: Letter, facts: LetterFacts) -> dict[tuple[int, ...], int]:
    """The suggestions restated in section headings; returns section path → item ordinal.

    Headings that name a suggestion (针对提案“…”建议, 关于“…”的建议, 关于…的建议) count
    first; failing those, the headings of one level that each begin with 关于 name them.
    """
    by_section: dict[tuple[int, ...], int] = {}
    for section in letter.sections:
        heading = letter.norm[section.heading.start : section.heading.end]
        for pattern in ITEM_IN_HEADING:
            found = pattern.search(heading)
            if found:
                _add_item(letter, facts, by_section, section, found.start("text"), found.end("text"))
                break
    if facts.items:
        return by_section
    if _quoted_in_opening(letter, facts) or block_asks(letter, facts) or enumerated_asks(letter, facts):
        return by_section
    if quoted_asks(letter, facts, by_section):
        return by_section
    for level in sorted({s.level for s in letter.sections}):
        topical = [s for s in letter.sections if s.level == level]
        found_all = [TOPIC_HEADING.match(_heading_text(letter, s)) for s in topical]
        if len(topical) >= 2 and sum(1 for f in found_all if f) >= 2:
            for section, found in zip(topical, found_all, strict=True):
                if found:
                    offset = len(section.marker)
                    group = "quoted" if found.group("quoted") else "text"
                    _add_item(
                        letter, facts, by_section, section, offset + found.start(group), offset + found.end(group)
                    )
            break
    if not facts.items:
        _listed_in_opening(letter, facts)
    return by_section


QUOTED_RUN = re.compile(r"(?:[“\"][^“”\"]{4,80}[”\"][、,和及]?\s*){2,}(?=等?[^。;]{0,8}?(?:建议|意见))")
QUOTE = re.compile(r"[“\"]([^“”\"]{4,80})[”\"]")


def _quoted_in_opening(letter: Letter, facts: LetterFacts) -> bool:
    """提出的“A”“B”“C”等建议: suggestions quoted as a run in the opening paragraphs."""
    body = letter.header.body
    end = letter.sections[0].start if letter.sections else body.end
    run = QUOTED_RUN.search(letter.norm, body.start, end)
    if not run:
        return False
    for found in QUOTE.finditer(letter.norm, run.start(), run.end()):
        start, stop = found.start(1), found.end(1)
        facts.items.append(Item(len(facts.items) + 1, letter.text[start:stop], Span(start, stop)))
    return True


# 提出了建立…、强化…、加大…等建议 / 建议设立…、建立…、引导…。: the suggestions as one list in the
# opening, each beginning with the verb of what is asked.
LISTED_ASKS = re.compile(
    r"(?:提出了?|建议|希望)(?P<list>[^。;:]{8,240}?)(?:等(?:建议|意见|措施)|[,，]\s*(?:对|具有|很有)|。)"
)
ASK_VERB = re.compile(
    r"(?:建立|健全|完善|加强|加大|强化|开展|设立|推动|推进|提升|提高|引导|鼓励|支持|搭建|打造|构建|实施|优化|降低|"
    r"简化|扩大|培育|出台|制定|设置|增加|落实|畅通|拓宽|拓展|探索|组建|成立|深化|规范)"
)


def _listed_in_opening(letter: Letter, facts: LetterFacts) -> bool:
    """Suggestions written as one list of asks in the opening (建议A、B、C等建议): two or more,
    each 4 to 40 characters and beginning with a verb of asking."""
    body = letter.header.body
    end = letter.sections[0].start if letter.sections else body.end
    end = min(end, body.start + 600)
    for found in LISTED_ASKS.finditer(letter.norm, body.start, end):
        start = found.start("list")
        parts: list[Span] = []
        for piece in re.finditer(r"[^、]+", letter.norm[start : found.end("list")]):
            span = Span(start + piece.start(), start + piece.end())
            text = letter.norm[span.start : span.end]
            if not 4 <= len(text) <= 40 or not ASK_VERB.match(text):
                parts = []
                break
            parts.append(span)
        if len(parts) >= 2:
            for span in parts:
                facts.items.append(Item(len(facts.items) + 1, letter.text[span.start : span.end], span))
            return True
    return False


def _heading_text(letter: Letter, section: object) -> str:
    heading = section.heading  # type: ignore[attr-defined]
    line = letter.norm[heading.start : heading.end]
    first = line.split("。")[0]
    return first[len(section.marker) :].strip()  # type: ignore[attr-defined]


def _add_item(
    letter: Letter, facts: LetterFacts, by_section: dict[tuple[int, ...], int], section: object, a: int, b: int
) -> None:
    heading = section.heading  # type: ignore[attr-defined]
    start, end = heading.start + a, heading.start + b
    # Keep the suggestion's own words: no leading white space, no closing 。
    while start < end and letter.text[start].isspace():
        start += 1
    text = letter.text[start:end]
    if any(i.text == text for i in facts.items):
        return
    item = Item(len(facts.items) + 1, text, Span(start, end))
    facts.items.append(item)
    by_section[_path(letter, section.start, section.level)] = item.ordinal  # type: ignore[attr-defined]


def _path(letter: Letter, offset: int, level: int) -> tuple[int, ...]:
    sentence = next((s for s in letter.sentences if s.start >= offset), None)
    path = sentence.section if sentence else ()
    return path[:level] if len(path) >= level else path


def find_measures(letter: Letter, facts: LetterFacts, items_by_section: dict[tuple[int, ...], int]) -> None:
    """Every clause of the body after the opening paragraph, typed and linked."""
    norm = letter.norm
    first_section = letter.sections[0].start if letter.sections else letter.header.body.start
    # (start, end, ref) sorted by position: a measure looks only at the names inside it
    orgs = sorted((span.start, span.end, e.ref) for e in facts.of_kind("org") for span in e.spans)
    org_starts = [start for start, _, _ in orgs]
    others = sorted((span.start, span.end, e.ref) for e in facts.entities.values() for span in e.spans)
    other_starts = [start for start, _, _ in others]
    headings = _level_one_headings(letter)
    for sentence in letter.sentences:
        if sentence.start < first_section or _is_heading_only(letter, sentence, headings):
            continue
        for start, end in _parts(norm, sentence.start, sentence.end):
            text = norm[start:end]
            if len(text) < 8:
                continue
            kind = _kind(text)
            item = _item_for(sentence.section, items_by_section)
            measure = Measure(len(facts.measures) + 1, kind, Span(start, end), item)
            first_org = bisect_left(org_starts, start)
            measure.responsible = _responsible(norm, start, end, orgs, first_org, facts)
            mentions = set()
            for index in range(bisect_left(other_starts, start), len(others)):
                other_start, other_end, ref = others[index]
                if other_start >= end:
                    break
                if other_end <= end:
                    mentions.add(ref)
            measure.mentions = sorted(mentions)
            facts.measures.append(measure)


def _level_one_headings(letter: Letter) -> dict[int, int]:
    """Start → end of every level-1 section heading."""
    return {s.heading.start: s.heading.end for s in letter.sections if s.level == 1}


def _is_heading_only(letter: Letter, sentence: Sentence, headings: dict[int, int]) -> bool:
    start, end = sentence.start, sentence.end
    heading_end = headings.get(start)
    if heading_end is None or heading_end > end + 1:
        return False
    return bool(HEADING_ONLY.search(letter.norm[start:end].rstrip("。:")))


def _parts(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = (
        [start]
        + [
            m.start() + (1 if norm[m.start()] in ";。," else 0)
            for m in PART.finditer(norm, start, end)
            if m.start() > start
        ]
        + [end]
    )
    parts = []
    for a, b in pairwise(cuts):
        while a < b and norm[a] in " ,;":
            a += 1
        if b > a:
            parts.append((a, b))
    return parts


def _kind(text: str) -> str:
    if COMMITMENT.search(text):
        return "Commitment"
    if ACHIEVEMENT.search(text):
        return "Achievement"
    if PROGRAMME.match(text):
        return "Commitment"
    return "Statement"


def _item_for(path: tuple[int, ...], items_by_section: dict[tuple[int, ...], int]) -> int | None:
    for length in range(len(path), 0, -1):
        if path[:length] in items_by_section:
            return items_by_section[path[:length]]
    return None


def _responsible(
    norm: str, start: int, end: int, orgs: list[tuple[int, int, tuple[str, str]]], first: int, facts: LetterFacts
) -> tuple[str, str] | None:
    """The body a measure says acts: an organisation named at its start (市经信委表示…), else the
    responding agency when the measure speaks as 我委/我们; ``orgs[first:]`` start at or after ``start``."""
    limit = min(end, start + 12)
    for index in range(first, len(orgs)):
        org_start, org_end, ref = orgs[index]
        if org_start >= limit:
            break
        if SAYS.match(norm[org_end : org_end + 12]):
            return ref
    if SELF.search(norm, start, end):
        return facts.responding_agency
    return None
