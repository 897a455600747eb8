"""Header facts: genre, 文号, proposal number, session, title, date, proposers, agency."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Gazetteer
from graph_builder.extract.jurisdiction import Jurisdiction, letter_jurisdiction
from graph_builder.extract.registry import add_entity
from graph_builder.model import Letter, LetterFacts, Span, TextValue
from graph_builder.text.line_patterns import ADDRESSEE, DATE, ENGLISH_DATE, ISO_DATE, english_iso, iso_date
from graph_builder.text.numerals import chinese_to_int


def _value(letter: Letter, span: Span | None) -> TextValue | None:
    return TextValue(letter.text[span.start : span.end], span) if span else None


def first_paragraph(letter: Letter) -> Span:
    """The opening paragraph of the body (where the proposal is acknowledged)."""
    body = letter.header.body
    end = letter.text.find("\n", body.start)
    return Span(body.start, end if 0 <= end < body.end else body.end)


def read_header(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer) -> None:
    """Fill the single-valued header fields of ``facts`` from the letter's header lines."""
    header = letter.header
    norm = letter.norm
    facts.doc_number = _value(letter, header.doc_number)
    facts.title = _value(letter, header.title)
    opening = first_paragraph(letter)
    facts.genre = _genre(letter)
    facts.proposal_number = _first(letter, P.PROPOSAL_NUMBER, [header.title, opening]) or _field_number(letter)
    facts.session = _session(letter, [header.title, opening])
    facts.title_of_proposal = _proposal_title(letter, opening)
    short = P.SHORT_NAME.search(norm, opening.start, opening.end)
    if short:
        facts.proposal_short_name = letter.text[short.start(1) : short.end(1)].strip("《》")
    facts.date = _date(letter)


def _genre(letter: Letter) -> str:
    head_end = letter.header.body.start + 200
    head = letter.norm[:head_end]
    salutation = letter.header.salutation
    if salutation and letter.norm[salutation.start : salutation.end].rstrip(":").endswith(("代表", "代表团")):
        return "suggestion_reply"
    title = letter.header.title
    if title is not None:  # the letter's own title names what it answers (…第5号建议的答复)
        named = letter.norm[title.start : title.end]
        if re.search(r"建议|议案", named) and "提案" not in named:
            return "suggestion_reply"
        if "提案" in named and not re.search(r"建议|议案", named):
            return "proposal_reply"
    if re.search(r"人大|代表建议|人民代表大会|建议答复", head) and "提案" not in head[: head_end - 150]:
        return "suggestion_reply"
    return "proposal_reply"


# A form's number field above the letter (提 案 号: 第112号, 建议编号: 2024058).
_NUMBER_FIELD = re.compile(
    r"(?:提[ \u3000]?案[ \u3000]?号|提案编号|建议编号|建[ \u3000]?议[ \u3000]?号)\s*:\s*"
    r"(?P<n>第?\s*[A-Za-z]?\d{1,8}\s*号?)"
)


def _field_number(letter: Letter) -> TextValue | None:
    found = _NUMBER_FIELD.search(letter.norm, 0, letter.header.body.start)
    if not found:
        return None
    return TextValue(letter.text[found.start("n") : found.end("n")].strip(), Span(found.start("n"), found.end("n")))


def _first(letter: Letter, pattern: re.Pattern[str], spans: list[Span | None]) -> TextValue | None:
    for span in spans:
        if span is None:
            continue
        found = pattern.search(letter.norm, span.start, span.end)
        if found:
            return TextValue(letter.text[found.start() : found.end()], Span(found.start(), found.end()))
    return None


def _session(letter: Letter, spans: list[Span | None]) -> TextValue | None:
    norm = letter.norm
    for span in spans:
        if span is None:
            continue
        for found in P.SESSION_CORE.finditer(norm, span.start, span.end):
            start = found.start()
            # Extend left over a place or body prefix (珠海市, 市政协, 全国) to a boundary word.
            left = start
            while left > max(span.start, start - 8) and not P.SESSION_LEFT_BOUNDARY.search(norm[span.start : left]):
                if norm[left - 1] in P.NAME_BREAK:
                    break
                left -= 1
            if not P.SESSION_LEFT_BOUNDARY.search(norm[span.start : left]) and left != span.start:
                left = start
            text = letter.text[left : found.end()]
            return TextValue(text, Span(left, found.end()))
    return None


def _proposal_title(letter: Letter, opening: Span) -> TextValue | None:
    found = P.TITLE_AFTER_PROPOSED.search(letter.norm, opening.start, opening.end)
    if not found:
        found = _motion_title(letter, opening)
        if not found:
            return None
        group: int | str = 1
    else:
        group = "book" if found.group("book") else "plain"
    start, end = found.start(group), found.end(group)
    return TextValue(letter.text[start:end], Span(start, end))


# What follows a motion's title in the opening: its number (（第0316号）, (提案第124337号)) or 收悉.
_AFTER_MOTION_TITLE = re.compile(r"\s*(?:\((?:提案|建议|议案)?第?[A-Za-z]?\d|收悉|已收悉|的(?:提案|建议)|提案|建议)")


def _motion_title(letter: Letter, opening: Span) -> re.Match[str] | None:
    """The 《》 title of the opening that names the motion, not a policy the opening cites: one
    ending in 提案/建议/议案, or followed by the motion's number or 收悉."""
    for found in P.BOOK_TITLE.finditer(letter.norm, opening.start, opening.end):
        if found.group(1).endswith(("提案", "建议", "议案")) or _AFTER_MOTION_TITLE.match(letter.norm, found.end()):
            return found
    return None


def _date(letter: Letter) -> TextValue | None:
    span = letter.header.date
    if span is None:
        return None
    found = DATE.search(letter.norm, span.start, span.end) or ISO_DATE.search(letter.norm, span.start, span.end)
    if not found:
        english = ENGLISH_DATE.search(letter.norm, span.start, span.end)
        value = english_iso(english) if english else None
        return TextValue(value, Span(english.start(), english.end())) if english and value else None
    value = iso_date(found)
    return TextValue(value, Span(found.start(), found.end())) if value else None


def read_parties(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None) -> None:
    """The proposers, the responding agency (the signer) and, in an opinion letter, its main handler.

    A reply's salutation names its proposers; a co-handler's opinion is written to the main
    handler, so there the salutation names that body and the proposer is whoever the text says
    made the proposal (often nobody).
    """
    _addressees(letter, facts, gazetteer, home)
    signer = letter.header.signer or _agency_in_title(letter)
    if signer:
        facts.responding_agency = org_ref(letter, facts, gazetteer, home, signer)


def _addressees(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None) -> None:
    salutation = letter.header.salutation
    if salutation and is_opinion_letter(letter):
        span = _salutation_name(letter, salutation)
        if span is not None:
            facts.main_handler = org_ref(letter, facts, gazetteer, home, span)
        party = PARTY_PROPOSER_IN_TEXT.match(letter.norm, letter.header.body.start)
        if party:  # 民革山西省委在…会议期间提出的《…》: the party that made the proposal
            span = Span(party.start("name"), party.end("name"))
            facts.proposers.append(org_ref(letter, facts, gazetteer, home, span, default_cls="PartyBody"))
            return
    elif salutation:
        span = _salutation_name(letter, salutation)
        if span is not None:
            _proposers(letter, facts, gazetteer, home, span)
        return
    found = PROPOSER_IN_TEXT.search(letter.norm, letter.header.body.start)
    if found:
        _proposers(letter, facts, gazetteer, home, Span(found.start(1), found.end(1)))


# A member or deputy named in the text as the one who made the proposal (X委员提出的 …).
PROPOSER_IN_TEXT = re.compile(rf"(?<![{P.CJK}])({P.HAN}{{2,3}}(?:等\s*\d*\s*[名位]?)?(?:委员|代表))(?:提出|在|的|所提)")
# An opinion letter's opening that names the party or body that made the proposal (民革山西省委在省政协…
# 会议期间提出的《…》, 市工商联提出的…): a democratic party's or a federation's name, then 在…提出 or 提出.
PARTY_PROPOSER_IN_TEXT = re.compile(
    rf"\s*(?:[^。,的]{{0,10}}的)?"  # 你局转来的省工商联…
    rf"(?P<name>(?:中国)?(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟){P.HAN}{{0,12}}?(?:中央|委员会|省委|市委|区委|县委)|"
    rf"(?:{P.HAN}{{0,6}}?[省市区县])?工商联)(?:在[^。,]{{2,40}}?)?(?:提出|所提)"
)
# The cues that a letter is a co-handler's opinion to the main handler, not a reply to the proposer.
TITLE_OPINION = re.compile(r"(?:会办|协办|配合办理)(?:工作)?的?意见|办理意见的函|会办单位意见")
# In the opening paragraph only what an opinion says of itself (a reply also mentions 会办单位意见).
TEXT_OPINION = re.compile(
    r"(?:我局|我委|我厅|我办|本局|本委)的?(?:会办|协办)意见|(?:会办|协办)意见(?:如下|函告)|"
    r"作为(?:协办|会办|配合)单位|请贵单位(?:综合|汇总)|一并答复(?:提案|代表|委员)"
)
_PERSON_ADDRESS = re.compile(r"(委员|代表|同志|先生|女士|委员们|代表们)$")
_RESPECT = re.compile(r"(?:尊敬的|敬爱的)\s*")  # used with match(): anchored at its position


def is_opinion_letter(letter: Letter) -> bool:
    """A co-handler's opinion written to the main handler: an opinion cue in the title or the
    opening paragraph, and a salutation that addresses a body, not a person."""
    salutation = letter.header.salutation
    if salutation is None:
        return False
    addressee = _RESPECT.sub("", letter.norm[salutation.start : salutation.end].rstrip(":").strip())
    if _PERSON_ADDRESS.search(addressee) or P.GROUP_PROPOSER.match(addressee):
        return False
    title = letter.header.title
    if title is not None and TITLE_OPINION.search(letter.norm, title.start, title.end):
        return True
    opening = first_paragraph(letter)
    return bool(TEXT_OPINION.search(letter.norm, opening.start, opening.end))


def _salutation_name(letter: Letter, salutation: Span) -> Span | None:
    """The salutation without its colon and a leading 尊敬的 (the name itself)."""
    start, end = salutation.start, salutation.end - 1
    lead = _RESPECT.match(letter.norm, start, end)
    if lead:
        start = lead.end()
    while start < end and letter.norm[start].isspace():
        start += 1
    return Span(start, end) if end - start >= 2 else None


# 对…第N号建议的答复: the agency's name stands before 对 as before 关于.
_TITLE_DUI = re.compile(r"对(?=[^,。]{0,40}(?:提案|建议|议案)[^,。]{0,6}答复)")


def _agency_in_title(letter: Letter) -> Span | None:
    title = letter.header.title
    if not title:
        return None
    at = letter.norm.find("关于", title.start, title.end)
    if at < 0:  # 国家体育总局对十四届全国人大二次会议第6133号建议的答复
        to = _TITLE_DUI.search(letter.norm, title.start, title.end)
        at = to.start() if to else -1
    line_start = max(letter.norm.rfind("\n", title.start, at) + 1, title.start) if at >= 0 else title.start
    while line_start < at and letter.norm[line_start].isspace():
        line_start += 1  # (markup blanked in the matching copy: <title>安徽省知识产权局关于…)
    return Span(line_start, at) if at > line_start + 2 else None  # the agency is on the line of its 关于


# Several persons in one salutation: 杨世奇、刘盾、王鑫代表 (the title once, after the last name).
_PERSON_LIST = re.compile(rf"^{P.HAN}{{2,4}}(?:[、,，]{P.HAN}{{2,4}})+(?:委员|代表|同志)$")


def _addressee_parts(norm: str) -> list[tuple[int, int]]:
    """Offsets of the addressees of a salutation that names several, each with its own address
    word or a body's ending (胡嘉铭委员,郑若溪等4名委员,九三学社宁波市委会; 莫振邦委员、农晓敏委员);
    empty when it names one (or several persons under one title, which ``_PERSON_LIST`` reads)."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,、]+", norm)]
    if len(parts) < 2:
        return []
    if "," in norm:
        fits = all(ADDRESSEE.match(norm[a:b].strip()) for a, b in parts)
    else:  # 、 between persons each with a title, or between bodies (民盟贵州省委、民建贵州省委)
        texts = [norm[a:b].strip() for a, b in parts]
        persons = [bool(P.SALUTATION_SUFFIX.search(t)) for t in texts]
        bodies = [bool(ADDRESSEE.match(t)) and not person for t, person in zip(texts, persons, strict=True)]
        fits = all(persons) or all(bodies)
    return parts if fits else []


def _proposers(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None, span: Span) -> None:
    norm = letter.norm[span.start : span.end]
    parts = _addressee_parts(norm)
    if parts:
        for a, b in parts:
            part = letter.norm[span.start + a : span.start + b]
            lead = len(part) - len(_RESPECT.sub("", part).lstrip())
            trail = len(part) - len(part.rstrip())
            _proposer(letter, facts, gazetteer, home, Span(span.start + a + lead, span.start + b - trail))
        return
    if _PERSON_LIST.match(norm):
        bare = P.SALUTATION_SUFFIX.sub("", norm)
        at = span.start
        for name in re.split(r"[、,，]", bare):
            named = Span(at, at + len(name))
            facts.proposers.append(add_entity(facts, "person", "Person", name, named.text(letter.text), named))
            at += len(name) + 1
        return
    _proposer(letter, facts, gazetteer, home, span)


def _proposer(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, home: Jurisdiction | None, span: Span) -> None:
    text = letter.text[span.start : span.end].strip()
    norm = letter.norm[span.start : span.end].strip()
    group = P.GROUP_PROPOSER.match(norm) or P.GROUP_UNCOUNTED.match(norm)
    if group:
        ref = add_entity(facts, "group", "PersonGroup", norm, text, span, memberCount=chinese_to_int(group.group("n")))
        facts.proposers.append(ref)
        return
    bare = P.SALUTATION_SUFFIX.sub("", norm)
    if bare != norm and P.PERSON_NAME.match(bare):
        ref = add_entity(facts, "person", "Person", bare, text[: len(bare)], Span(span.start, span.start + len(bare)))
        facts.proposers.append(ref)
        return
    facts.proposers.append(org_ref(letter, facts, gazetteer, home, span, default_cls="PartyBody"))


def org_ref(
    letter: Letter,
    facts: LetterFacts,
    gazetteer: Gazetteer,
    home: Jurisdiction | None,
    span: Span,
    default_cls: str = "GovernmentAgency",
) -> tuple[str, str]:
    """An organisation named by exactly this span, resolved through the gazetteer."""
    cut = leading_function_word(letter.norm[span.start : span.end])
    if cut and span.end - span.start - cut >= 2:
        span = Span(span.start + cut, span.end)  # 了省发展改革委: the name starts after the particle
    surface = letter.text[span.start : span.end]
    norm = letter.norm[span.start : span.end]
    hits = gazetteer.find(norm, home)
    if hits and hits[0].start == 0 and hits[0].end == len(norm) and hits[0].entry.kind == "org":
        entry = hits[0].entry
        return add_entity(facts, "org", entry.cls, entry.canonical, surface, span, entry.name_en, hits[0].local)
    return add_entity(facts, "org", classify_org(norm, default_cls), norm, surface, span)


_ORG_CLASSES = (
    (re.compile(r"(法院|中院|法庭|检察院)$"), "Court"),
    (re.compile(r"(人大|人大常委会|政协|提案委|提案委员会|常委会)$"), "Legislature"),
    (
        re.compile(
            r"(党委|党组|市委|省委|区委|县委|宣传部|^民进.*|^民盟.*|^民建.*|^九三学社.*|^致公党.*|^农工党.*|^台盟.*|^民革.*)$"
        ),
        "PartyBody",
    ),
    (re.compile(r"(公司|集团|企业|银行|事务所)$"), "Company"),
    (re.compile(r"(大学|学院|研究院|研究所|研究中心)$"), "University"),
    (re.compile(r"(协会|促进会|商会|联合会|工商联|学会|联盟)$"), "Association"),
    (re.compile(r"(报|杂志|日报|晚报|电视台|卫视|广播电台|出版社|新闻网|融媒体中心)$"), "Media"),
)


def classify_org(norm: str, default: str = "GovernmentAgency") -> str:
    """The organisation class a name's ending suggests.

    >>> [classify_org(n) for n in ("中小企业促进会", "人民法院报", "深圳法院")]
    ['Association', 'Media', 'Court']
    """
    for pattern, cls in _ORG_CLASSES:
        if pattern.search(norm):
            return cls
    return default


def home_place(letter: Letter, gazetteer: Gazetteer) -> Jurisdiction | None:
    """The letter's own jurisdiction, which its bare 省/市/区/县 prefixes mean (see ``jurisdiction``)."""
    return letter_jurisdiction(letter, gazetteer.divisions)


def year_of(facts: LetterFacts) -> int | None:
    """The year the letter was written, when its date is known."""
    if facts.date and facts.date.value[:4].isdigit():
        return int(facts.date.value[:4])
    return None


__all__ = ["classify_org", "home_place", "org_ref", "read_header", "read_parties", "year_of"]
