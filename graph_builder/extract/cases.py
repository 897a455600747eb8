"""Court cases: ``A诉B…案`` with plaintiff, defendants, court, year, subject, recognitions."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Gazetteer, Hit
from graph_builder.extract.header import classify_org, year_of
from graph_builder.extract.jurisdiction import Jurisdiction
from graph_builder.extract.registry import add_entity
from graph_builder.extract.scan import Anchored
from graph_builder.extract.zones import CASE_NUMBER
from graph_builder.model import Case, Letter, LetterFacts, Relation, Span

# A plaintiff of 2 to 20 characters, then 诉 — not the 诉 of 上诉人, 诉讼, 诉求, 起诉, 被诉, 非诉 (non-litigation),
# 诉前/诉源/诉调 (pre-litigation mediation, litigation sources, 诉调对接).
CASE = Anchored(
    re.compile(
        rf"(?P<plaintiff>[A-Za-z{P.CJK}]{{2,20}}?)(?<![上起申投公反被非])诉(?![人讼求前源调])"
        rf"(?P<rest>[^,。;“”]{{2,60}}?)(?P<tail>一?案)(?!件|例)"
    ),
    re.compile("(?<![上起申投公反被非])诉(?![人讼求前源调])"),
    2,
    20,
)
SUBJECT_HEAD = (
    r"(?:无线通信)?(?:国际)?(?:标准必要专利|专利|商标|著作权|版权|商业秘密|技术秘密|不正当竞争|垄断|域名|植物新品种|"
    r"集成电路布图设计|侵害|侵犯|确认不侵害)"
)
SUBJECT = re.compile(SUBJECT_HEAD + r"[^,。;]*?(?=一?案$)")
# Where a case's subject begins inside its parties' run (陈某侵害技术秘密纠纷 → 陈某 | 侵害…).
SUBJECT_START = re.compile(SUBJECT_HEAD)
SUBJECT_ACT = re.compile(r"侵害|侵犯|确认不侵害")
# An anonymised or named individual among the parties (陈某, 李某某): a person, not a company.
PERSON_PARTY = re.compile(rf"^[{''.join(sorted(P.SURNAMES))}](?:某{{1,2}}|{P.HAN}{{1,2}})$")
NOT_A_PERSON = re.compile(r"(?:公司|集团|协会|局|院|厂|店|行|社|所|会|部|委|中心)$")
DEFENDANT_END = re.compile(r"(?:有限公司|股份公司|公司|集团|大学|研究院|协会|局)")
CASE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2}


def find_cases(
    letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, hits: list[Hit], home: Jurisdiction | None
) -> None:
    """Each ``A诉B…案`` in the body, resolved against the gazetteer for its parties."""
    norm = letter.norm
    body = letter.header.body
    for found in CASE.finditer(norm, body.start, body.end):
        plaintiff_start = _plaintiff_start(norm, found.start("plaintiff"), found.end("plaintiff"), hits)
        rest = norm[found.start("rest") : found.start("tail")]
        if _cited_again(facts, norm[plaintiff_start : found.end("plaintiff")], rest):
            continue
        span = Span(plaintiff_start, found.end())
        written: dict[tuple[str, str], str] = {}
        plaintiff = _party(letter, facts, hits, plaintiff_start, found.end("plaintiff"), written)
        rest_start = found.start("rest")
        defendants, subject_start = _defendants(letter, facts, hits, rest_start, found.start("tail"), written)
        case = Case(name=letter.text[span.start : span.end], span=span, plaintiff=plaintiff, defendants=defendants)
        case.written = written
        subject = norm[subject_start : found.start("tail")]
        case.subject = letter.text[subject_start : found.start("tail")] if subject else None
        sentence = letter.sentence_at(span.start)
        if sentence:
            case.year = _year(letter, facts, sentence.start, sentence.end, span)
            case.court = _court(letter, facts, sentence.start, span.start)
            case.recognitions = [
                e.ref
                for e in facts.of_kind("event")
                if any(sentence.start <= s.start < sentence.end and s.start >= span.end for s in e.spans)
                and _no_other_case_between(norm, span.end, e.spans[0].start)
            ]
        case.canonical = "诉".join(
            [
                facts.entities[plaintiff].canonical if plaintiff else "?",
                "、".join(facts.entities[d].canonical for d in defendants),
            ]
        ) + (subject or "")
        facts.cases.append(case)


def _cited_again(facts: LetterFacts, plaintiff: str, rest: str) -> bool:
    """``捷锐诉安科案`` after ``东莞捷锐通信科技有限公司诉安科无线有限责任公司…案``: short names of the
    parties of a case the letter has named already are that case again, not a new case between new
    companies (捷锐, 安科)."""
    for case in facts.cases:
        if case.plaintiff is None or not case.defendants:
            continue
        named = facts.entities[case.plaintiff].canonical
        short = 2 <= len(plaintiff) < len(named) and plaintiff in named and 2 <= len(rest) <= 8
        if short and any(rest in facts.entities[d].canonical for d in case.defendants):
            return True
    return False


def _no_other_case_between(norm: str, start: int, end: int) -> bool:
    return not CASE.search(norm, start, end)


def _plaintiff_start(norm: str, start: int, end: int, hits: list[Hit]) -> int:
    known = [h for h in hits if h.end == end and h.start >= start - 8 and h.entry.kind == "org"]
    if known:
        return known[0].start
    start += leading_function_word(norm[start:end])  # 在贵州云帆…诉…: the case is named from its plaintiff
    for number in CASE_NUMBER.finditer(norm, max(0, start - 24), end):
        if start < number.end() < end:
            start = number.end()  # （2022）琼73民初41号蓝湾…诉…: the number cited first is no part of the plaintiff
    # Unknown plaintiff: the shortest tail after a stop word (例如, 审结的, 审理的 …).
    for stop in ("例如", "审结的", "审理的", "判决的", "的", "如", "了", "其中", "审结", "审理", "受理"):
        at = norm.rfind(stop, start, end)
        if at >= 0:
            return at + len(stop)
    return start


# A party named only by reference to another (其德国子公司, 该公司): no name of its own.
_BY_REFERENCE = re.compile(r"(?:其|该)[^,。;]{0,6}(?:公司|企业|单位)$")


def _party(
    letter: Letter, facts: LetterFacts, hits: list[Hit], start: int, end: int, written: dict[tuple[str, str], str]
) -> tuple[str, str] | None:
    if end - start < 2 or _BY_REFERENCE.match(letter.norm, start, end):
        return None  # 及其德国子公司: a party named only by reference to another, no name of its own
    known = [h for h in hits if h.start == start and h.end == end and h.entry.kind == "org"]
    surface = letter.text[start:end]
    if known:
        entry = known[0].entry
        ref = add_entity(facts, "org", entry.cls, entry.canonical, surface, Span(start, end), entry.name_en)
    else:
        name = letter.norm[start:end]
        if PERSON_PARTY.match(name) and not NOT_A_PERSON.search(name):
            ref = add_entity(facts, "person", "Person", name, surface, Span(start, end))  # 陈某: an individual
        else:
            ref = add_entity(facts, "org", classify_org(name, "Company"), name, surface, Span(start, end))
    # As the case writes the party: the mention's own span, which a leading 被告/诉 may have shortened.
    mention = next((s for s in facts.entities[ref].spans if s.end == end and s.start >= start), Span(start, end))
    written[ref] = letter.text[mention.start : end]
    return ref


def _defendants(
    letter: Letter, facts: LetterFacts, hits: list[Hit], start: int, stop: int, written: dict[tuple[str, str], str]
) -> tuple[list[tuple[str, str]], int]:
    norm = letter.norm
    parties: list[tuple[str, str]] = []
    pos = start
    # names already read (三星（中国）投资有限公司 holds the known 三星): the longest one starting at a party wins
    read = [s for e in facts.of_kind("org") for s in e.spans if start <= s.start and s.end <= stop]
    while pos < stop:
        known = [h for h in hits if h.start == pos and h.end <= stop and h.entry.kind == "org"]
        longer = max((s.end for s in read if s.start == pos), default=0)
        if known and longer > known[0].end:
            end = longer
        elif known:
            end = known[0].end
        else:
            ending = DEFENDANT_END.search(norm, pos, stop)
            subject = SUBJECT_START.search(norm, pos, stop)
            act = SUBJECT_ACT.search(norm, pos, stop)
            if act and (not ending or act.start() < ending.start()):
                end = act.start()  # 陈某侵害技术秘密纠纷: the party ends where the act it is sued for begins
            elif ending:
                end = ending.end()  # 某专利代理有限公司: a subject word inside a company's name is part of it
            else:
                end = subject.start() if subject else stop
        if end <= pos:
            break
        party = _party(letter, facts, hits, pos, end, written)
        if party:
            parties.append(party)
        pos = end
        joiner = re.match(r"、|和|及|与", norm[pos:stop])
        if not joiner:
            break
        pos += joiner.end()
    return parties, pos


def _year(letter: Letter, facts: LetterFacts, start: int, stop: int, span: Span) -> int | None:
    norm = letter.norm
    years = [(abs(m.start() - span.start), int(m.group(1))) for m in CASE_YEAR.finditer(norm, start, stop)]
    if years:
        return min(years)[1]
    base = year_of(facts)
    for word, offset in RELATIVE_YEAR.items():
        if base and norm.find(word, start, stop) >= 0:
            return base + offset
    return None


TRIED_BY = re.compile(r"(?:审理|审结|判决|受理|审判)")


def _court(letter: Letter, facts: LetterFacts, sentence_start: int, case_start: int) -> tuple[str, str] | None:
    """The court that tried the case: one written as trying it in the sentence, else the
    court the paragraph is about (its first court not introduced by 被, which marks a
    body that praised or ranked the case)."""
    norm = letter.norm
    line_start = norm.rfind("\n", 0, case_start) + 1
    mentions = sorted(
        (span.start, span.end, e.ref)
        for e in facts.of_kind("org")
        if e.cls == "Court"
        for span in e.spans
        if line_start <= span.start < case_start
    )
    for start, end, ref in mentions:
        if start >= sentence_start and TRIED_BY.match(norm, end, end + 4):
            return ref
    for start, _, ref in mentions:
        if norm[start - 1 : start] != "被":
            return ref
    return None


def case_relations(facts: LetterFacts) -> None:
    """Relations for each case: plaintiff, defendants, court, recognitions, cited by the letter."""
    for case in facts.cases:
        ref = case.ref
        facts.relations.append(Relation(("letter", facts.id), "cites", ref, case.span))
        if case.plaintiff:
            facts.relations.append(Relation(ref, "plaintiff", case.plaintiff, case.span))
        for defendant in case.defendants:
            facts.relations.append(Relation(ref, "defendant", defendant, case.span))
        if case.court:
            facts.relations.append(Relation(ref, "court", case.court, case.span))
        for event in case.recognitions:
            facts.relations.append(Relation(ref, "recognition", event, case.span))
