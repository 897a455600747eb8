"""Spans of the text where names are not counted on their own (titles, the session)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

from graph_builder.extract import patterns as P
from graph_builder.extract.verbs import LEADING_VERB
from graph_builder.model import Letter, LetterFacts, Span
from graph_builder.text.closing import ATTACHMENT
from graph_builder.text.line_patterns import ANNEX_HEAD, PAGE_FOOTER, PAGE_MARK


def inside(span: Span, zones: list[Span]) -> bool:
    """True when ``span`` lies within one of ``zones``."""
    return any(z.start <= span.start and span.end <= z.end for z in zones)


def overlaps(span: Span, zones: list[Span]) -> bool:
    """True when ``span`` shares a character with one of ``zones``."""
    return any(span.start < z.end and z.start < span.end for z in zones)


class ZoneIndex:
    """``inside`` and ``overlaps`` for many spans against one fixed set of zones.

    Zones sorted by start with the running maximum of their ends: some zone starting at or
    before a point reaches past another point exactly when that maximum does.
    """

    def __init__(self, zones: Iterable[Span]) -> None:
        ordered = sorted((z.start, z.end) for z in zones)
        self._starts = [start for start, _ in ordered]
        self._reach: list[int] = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def contains(self, span: Span) -> bool:
        """``inside(span, zones)``: one zone holds the whole span."""
        index = bisect_right(self._starts, span.start)
        return index > 0 and self._reach[index - 1] >= span.end

    def overlaps(self, span: Span) -> bool:
        """``overlaps(span, zones)``: the span shares a character with a zone."""
        index = bisect_left(self._starts, span.end)
        return index > 0 and self._reach[index - 1] > span.start


def title_zones(letter: Letter) -> list[Span]:
    """Every 《…》 title (its inner text)."""
    return [Span(m.start(1), m.end(1)) for m in P.BOOK_TITLE.finditer(letter.norm)]


def session_zones(letter: Letter) -> list[Span]:
    """Every session phrase with its place prefix (深圳市政协六届四次会议)."""
    zones = []
    for found in P.SESSION_CORE.finditer(letter.norm):
        start = found.start()
        while start > 0 and start > found.start() - 6 and letter.norm[start - 1] not in P.NAME_BREAK:
            if P.SESSION_LEFT_BOUNDARY.search(letter.norm, max(0, start - P.SESSION_LEFT_REACH), start):
                break
            start -= 1
        zones.append(Span(start, found.end()))
    return zones


# A court's case number: （2022）最高法知民终1234号, (2016)粤03民初816号.
CASE_NUMBER = re.compile(r"\((?:19|20)\d{2}\)[\u4e00-\u9fff\d]{2,16}?\d+号")


def case_number_zones(letter: Letter) -> list[Span]:
    """Every case number: the court abbreviation inside one (最高法, 粤03) names no body of its own."""
    return [Span(m.start(), m.end()) for m in CASE_NUMBER.finditer(letter.norm)]


def footer_zones(letter: Letter) -> list[Span]:
    """The web page's links and footer after the letter (相关链接, 主办:…, ICP备…): the site's, not the
    letter's; a printed page's running line wherever the page broke (X法院　第 1 页 共 2 页); and a list
    of attachments after the body (附件：1.…), up to the blank line before the signature."""
    body_end = letter.header.body.end
    zones = []
    attachments = False  # 附件：1.… / 2.… after the body: titles of documents sent with the letter
    annex = False  # 附件 alone on a line after the signature: a form or a table to its end, not the letter
    for line in letter.lines:
        text = letter.norm[line.start : line.end].strip()
        attachments = line.start >= body_end and (bool(ATTACHMENT.match(text)) or (attachments and bool(text)))
        if line.start >= body_end and ANNEX_HEAD.match(text) and not ATTACHMENT.match(text):
            annex = annex or _feedback_form(letter, line.end)
        if (line.start >= body_end and PAGE_FOOTER.match(text)) or PAGE_MARK.search(text) or attachments or annex:
            zones.append(Span(line.start, line.end))
    return zones


# A form for the proposer's feedback sent with the reply (征询意见表, 满意度测评表): its headings and blanks.
FEEDBACK_FORM = re.compile(r"(?:征询|征求|反馈|测评|满意|评价)[^\n]{0,12}表")


def _feedback_form(letter: Letter, after: int) -> bool:
    """The annex that begins after ``after`` is a feedback form (its title within two lines)."""
    following = letter.norm[after : after + 80].strip().split("\n")[:2]
    return any(FEEDBACK_FORM.search(line) for line in following)


def header_zones(letter: Letter) -> list[Span]:
    """The title lines, 文号, salutation and signer: they name the letter's own parties,
    which are counted as proposer and responding agency, not as other organisations."""
    header = letter.header
    return [z for z in (header.title, header.doc_number, header.signer, header.salutation, header.heading) if z]


def extend_left(
    norm: str,
    end_of_prefix: int,
    floor: int,
    limit: int = 24,
    joins: Callable[[str], bool] | None = None,
    digits: bool = False,
) -> int:
    """Start of a name whose known ending starts at ``end_of_prefix``.

    Walks left over the name's characters until a break character or a stop word (a
    preposition, verb or quantifier that stands before names). A short bracketed part
    stays inside (中国（深圳）知识产权保护中心). A 及/和/与 joins two words of one name when
    ``joins(left_text)`` allows it, by default when the word before it is short
    (钟表及智能穿戴行业协会).
    """
    start = end_of_prefix
    while start > floor and end_of_prefix - start < limit:
        char = norm[start - 1]
        if char == ")":
            opening = norm.rfind("(", max(floor, start - 8), start - 1)
            if opening > floor and norm[opening - 1] not in P.NAME_BREAK:
                start = opening
                continue
        if char in P.NAME_BREAK or (char.isdigit() and not digits):
            break
        stop = next((w for w in P.STOPWORDS_BY_LAST.get(char, ()) if norm.endswith(w, floor, start)), None)
        word_start = stop is not None and norm[start : start + 1] in P.STOPS_BEGINNING_WORDS.get(stop, "")
        if stop and (word_start or any(norm.endswith(w, floor, start) for w in P.WORDS_OVER_STOPS.get(stop, ()))):
            start -= len(stop)  # 应对 in 纠纷应对指导中心 is a verb of the name, not the preposition 对
            continue
        if stop:
            if stop in ("和", "及", "与"):
                allowed = joins(norm[floor : start - 1]) if joins else _short_word_before(norm, start - 1, floor)
                if allowed:
                    start -= 1
                    continue
            break
        start -= 1
    verb = LEADING_VERB.match(norm, start, end_of_prefix)
    return verb.end() if verb and verb.end() < end_of_prefix else start


# The ending of a body's name: a word with it before 和/及/与 is a body of its own, joined in a list.
BODY_ENDING = re.compile(r"(?:海关|局|院|委|厅|办|部|公司|集团|中心|协会|商会|政府|银行)$")


def _short_word_before(norm: str, at: int, floor: int) -> bool:
    left = at
    while left > floor and norm[left - 1] not in P.NAME_BREAK and at - left < 6:
        left -= 1
    word = norm[left:at]
    return (
        1 <= len(word) <= 4
        and not BODY_ENDING.search(word)  # 义乌海关和义乌市人民法院: two bodies, not one name
        and (left == floor or norm[left - 1] in "、,")
        and not any(w in word for w in ("在", "由", "向", "对", "推动", "建立", "支持"))
    )


def proposal_title_zone(facts: LetterFacts) -> list[Span]:
    """The proposal's own title where the opening paragraph writes it without 《》."""
    title = facts.title_of_proposal
    return [title.span] if title and title.span else []
