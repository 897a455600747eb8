"""Co-handling bodies: whose opinions a reply joins, from its opening, its head's fields and its
抄送 line."""

from __future__ import annotations

import re
from itertools import pairwise

from graph_builder.extract import patterns as P
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Gazetteer
from graph_builder.extract.header import org_ref
from graph_builder.extract.jurisdiction import Jurisdiction
from graph_builder.extract.registry import add_entity
from graph_builder.model import Letter, LetterFacts, Relation, Span

REPLY_FOLLOWS = re.compile(r"(?:答复|函复|回复|函告|反馈|说明|报告)如下")
# A sentence that names co-handlers speaks of the proposal and its reply (…提案由我局主办, 会同…认真研究,
# 征求了…的意见, 现答复如下); one that reports joint work (会同市公安局开展专项行动, 经商市财政局同意设立
# 经费) names partners in that work, which are organisations, not co-handlers.
HANDLING_THE_REPLY = re.compile(r"提案|建议|议案|答复|办理|会办|协办|主办|分办|收悉|研究|意见|沟通|会商")
CO_HANDLING_CUE = re.compile(
    r"会办|协办|会商|会同|联合(?=[^,。;]{2,60}研究)|经商|(?<![合吞兼])并商(?![标品业务户])|联合办理|共同办理|共同研究|分办|配合|"
    r"征求|意见"
)
LIST_BEFORE_CUE = re.compile(r"(?:等(?:单位|部门))?(?:为|作为)?(?:协办|会办|配合办理|参与办理|共同办理)")
CO_HANDLING_LEAD = re.compile(
    r"(?:(?:会办|协办|配合)单位\s*:|会同|(?<![经并协会磋通招电外])商(?=[省市区县]{1}[^,。;]{2,40}?(?:提出|出具|反馈)了?(?:会办|协办)?意见)|联合(?=[^,。;]{2,60}(?:进行了?|开展了?)?(?:认真|深入)?研究)|结合|综合了?|汇总|与|经商|(?<![合吞兼])并商(?![标品业务户])|征求了?|商请|协办单位|会办单位|并同)"
    r"\s*(?:协办单位|会办单位)?\s*"
)
UNKNOWN_LISTED_ORG = re.compile(
    rf"({P.HAN}{{2,24}}?(?:局|委员会|委|办公室|办|部|院|厅|法院|政府|中心|协会|海关|商会|贸促会|联合社|分行|工商联|管委会))"
    r"(?=、|和|及|与|等|的|,|。|认真|对|共同|逐条|意见|协办|会办|进行|研究|\(|\s|$)"
)
# A list item that names the main handler, not a co-handler (由X主办, X牵头).
MAIN_HANDLER_ITEM = re.compile(r"主办$|牵头$|(?:提案|建议|议案)由")
# A body's second name in brackets right after its first (市场监管局（知识产权局）).
SECOND_NAME = re.compile(rf"\({P.HAN}{{2,20}}\)")
LIST_JOINERS = re.compile(r"\s*(?:、|和|及|与|以及|,)\s*")


def find_co_handlers(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None) -> None:
    """Bodies whose opinions the reply joins, from the opening paragraphs.

    A list follows a lead word (会同, 结合, 综合, 与, 经商, 征求 …) or ends in the cue
    itself (省财政厅、省金融局协办); only clauses of sentences with a cue count.
    """
    body = letter.header.body
    _field_co_handlers(letter, facts, gazetteer, home)
    if facts.main_handler is not None:
        return  # a co-handler's opinion to the main handler: the bodies it names beside itself are its fellows
    _copied_co_handlers(letter, facts, gazetteer, home)
    for cosigner in letter.header.cosigners:  # a joint reply: the other bodies that sign it handled it too
        _add_co_handler(letter, facts, org_ref(letter, facts, gazetteer, home, cosigner), cosigner)
    first_section = next((s.start for s in letter.sections), body.end)
    intro_end = min(first_section, body.start + 600) if first_section > body.start else body.start + 600
    norm = letter.norm
    # The opening names who joined the reply and ends with 现答复如下; after it the body reports the work,
    # and a body met there with 会同/与 is a partner in that work (针对…提案中反映的问题，我局会同市公安局开展了…).
    opening_end = REPLY_FOLLOWS.search(norm, body.start, intro_end)
    if opening_end:
        intro_end = opening_end.end()
    for sentence in letter.sentences:
        if sentence.start >= intro_end or not CO_HANDLING_CUE.search(norm, sentence.start, sentence.end):
            continue
        if not HANDLING_THE_REPLY.search(norm, sentence.start, sentence.end):
            continue  # 我局会同市公安局开展“铁拳”行动: partners in the work reported, not in the reply
        for clause_start, clause_end in _clauses(norm, sentence.start, sentence.end):
            starts = [lead.end() for lead in CO_HANDLING_LEAD.finditer(norm, clause_start, clause_end)]
            if LIST_BEFORE_CUE.search(norm, clause_start, clause_end):
                starts.insert(0, clause_start)
            for start in starts:
                start += leading_function_word(norm[start : start + 4])  # 汇总了省发展改革委
                spans = _org_list(norm, gazetteer, home, start, clause_end)
                if start == clause_start and spans and not LIST_BEFORE_CUE.match(norm, spans[-1].end):
                    continue  # a list at the clause start counts only when the cue follows it
                level = _LIST_LEVEL.match(norm, spans[0].start) if spans else None
                for span in spans:
                    if MAIN_HANDLER_ITEM.search(norm, span.start, span.end):
                        continue  # 该提案由省知识产权局主办、省公安厅会办: the first item is the main handler
                    ref = None
                    if level and span is not spans[0]:
                        ref = _with_shared_level(letter, facts, gazetteer, home, span, level.group(0))
                    _add_co_handler(letter, facts, ref or org_ref(letter, facts, gazetteer, home, span), span)


# The level written once before a list of a body's departments: 省发展改革委、教育厅、公安厅.
_LIST_LEVEL = re.compile(r"省|市|区|县")


def _with_shared_level(
    letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None, span: Span, level: str
) -> tuple[str, str] | None:
    """A list item written without the level the list's first item carries (教育厅 after
    省发展改革委) is that level's body, when the item is a bare agency stem."""
    written = letter.norm[span.start : span.end]
    if written[:1] in "省市区县" or written not in gazetteer.stems:
        return None
    hits = gazetteer.find(level + written, home)
    if not hits or hits[0].start != 0 or hits[0].end != len(written) + 1 or hits[0].entry.kind != "org":
        return None
    entry = hits[0].entry
    return add_entity(
        facts, "org", entry.cls, entry.canonical, letter.text[span.start : span.end], span, entry.name_en, hits[0].local
    )


# A field line above the letter naming its co-handlers (协办单位：芜湖市公安局、芜湖市司法局).
CO_HANDLER_FIELD = re.compile(r"\s*(?:协办单位|会办单位|分办单位|配合单位)\s*:\s*")


# The list a copy line marks as the co-handlers: 抄送：区政协提案委，区市场监管局、区委网信办（协办单位）。
COPIED_CO_HANDLERS = re.compile(r"([^:,;。]+)\((?:协办|会办)单位\)")


def _copied_co_handlers(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None) -> None:
    """Co-handlers that a 抄送 line after the signature marks as such (…（协办单位）)."""
    norm = letter.norm
    for line in letter.header.contact_lines:
        if not norm.startswith("抄送", line.start):
            continue
        for listed in COPIED_CO_HANDLERS.finditer(norm, line.start, line.end):
            for span in _org_list(norm, gazetteer, home, listed.start(1), listed.end(1)):
                _add_co_handler(letter, facts, org_ref(letter, facts, gazetteer, home, span), span)


def _add_co_handler(letter: Letter, facts: LetterFacts, ref: tuple[str, str], span: Span) -> None:
    if ref != facts.responding_agency and ref not in facts.co_handlers:
        facts.co_handlers.append(ref)
        facts.written[ref] = letter.text[span.start : span.end]
        facts.relations.append(Relation(("letter", facts.id), "coHandler", ref, span))


def _field_co_handlers(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None) -> None:
    """Co-handlers listed in a field line of the page's head (a results table, 会办单位：…)."""
    norm = letter.norm
    for line in letter.lines:
        if line.start >= letter.header.body.start:
            break
        field = CO_HANDLER_FIELD.match(norm, line.start, line.end)
        if not field:
            continue
        for span in _org_list(norm, gazetteer, home, field.end(), line.end):
            _add_co_handler(letter, facts, org_ref(letter, facts, gazetteer, home, span), span)


def _clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses between commas, semicolons and colons; a colon after 会办单位 introduces its list."""
    bounds = [start, *(start + m.end() for m in re.finditer(r"[,;]|(?<!单位):", norm[start:end])), end]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _org_list(norm: str, gazetteer: Gazetteer, home: Jurisdiction | None, pos: int, stop: int) -> list[Span]:
    spans: list[Span] = []
    while pos < stop and norm[pos].isspace():
        pos += 1  # 由我院主办, 市市场监督管理局、市公安局协办: the list after the comma's space
    while pos < stop:
        hits = [h for h in gazetteer.find(norm[pos:stop], home) if h.start == 0 and h.entry.kind == "org"]
        found = UNKNOWN_LISTED_ORG.match(norm, pos, stop)
        if found and re.search(r"的|我|提出|涉及|就|内容|结合|会同|经商|征求|汇总|综合了", found.group(1)):
            found = None
        # A known body followed by more of a name is a branch of it (总局 + 江苏监管局).
        if hits and not (found and found.end(1) > pos + hits[0].end):
            end = pos + hits[0].end
        elif found:
            end = found.end(1)
        else:
            break
        if end - pos < 2:
            break
        spans.append(Span(pos, end))
        second = SECOND_NAME.match(norm, end, stop)
        if second:
            end = second.end()  # 省市场监管局（省知识产权局）、杭州海关: the body's second name, then the list goes on
        joiner = LIST_JOINERS.match(norm, end)
        if not joiner:
            break
        pos = joiner.end()
    return spans
