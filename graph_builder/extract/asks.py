"""The proposal's suggestions where the letter lists them in its own words, not in headings.

Three forms of the genre, each read only where it is unmistakable (precision first):

- an enumeration after the proposal's asks are announced: ``并提出三条建议：一是A；二是B；三是C。``
  or ``提案建议：1.A；2.B；3.C。`` — each part one suggestion;
- ``建议内容：一、A。`` blocks, each followed by its ``办理情况：`` (a table exported to text);
- a section per suggestion that opens by quoting it: ``一、关于…的问题`` / ``您建议“A”。…`` — the
  quotation, not the heading's paraphrase, is the suggestion.
"""

from __future__ import annotations

import re

from graph_builder.model import Item, Letter, LetterFacts, Span

# The sentence announces the proposal's asks: 提出三条建议：, 提案建议：, 建议如下：, 主要建议有：, 【提案主要建议】.
ANNOUNCED = re.compile(
    r"(?:提出了?(?:[一二三四五六七八九十\d]+(?:条|项|点|个方面的?))?(?:建议|意见)|(?:提案|建议|议案)(?:所提)?建议|"
    r"(?:您|你们|贵委|贵会|代表|委员)(?:们)?(?:在(?:提案|建议)中)?建议|建议(?:如下|主要有|包括)|"
    r"【(?:提案|建议|议案)?的?主要建议】)"  # a heading in brackets above the enumeration
    r"\s*[:,]?\s*(?=一是|1[.、]|\(1\)|①)"
)
# The markers of one enumeration, one kind each.
ENUMERATIONS = (
    re.compile(r"[一二三四五六七八九十]是"),
    re.compile(r"(?<![\d.])\d{1,2}[.、](?!\d)"),
    re.compile(r"\(\d{1,2}\)"),
    re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]"),
)
# 建议内容：一、A。 (also 提案内容, 建议事项), the block's own marker optional.
BLOCK = re.compile(
    r"(?:建议内容|提案内容|建议事项|代表建议|委员建议)\s*:\s*"
    r"(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、](?!\d)|\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\))?\s*"
)
# A section that opens by quoting the ask: 您建议“…”, 代表提出“…”, 提案建议“…”.
QUOTED_ASK = re.compile(
    r"(?:您|你们|贵委|贵会|代表|委员|提案|建议)(?:们)?(?:在(?:提案|建议)中)?(?:还)?(?:建议|提出|希望)[:,]?\s*"
    r"[“\"](?P<text>[^“”\"]{4,120}?)。?[”\"]"
)
_TRIM = " ,;。:、"


def enumerated_asks(letter: Letter, facts: LetterFacts) -> bool:
    """提出三条建议：一是A；二是B。 / 提案建议：1.A；2.B。 in the opening paragraphs or the section
    that restates the proposal: two or more parts, each 4 to 80 characters, to the sentence's end."""
    body = letter.header.body
    end = min(body.end, body.start + 1500)
    norm = letter.norm
    for found in ANNOUNCED.finditer(norm, body.start, end):
        stop = norm.find("。", found.end(), body.end)
        line_end = norm.find("\n", found.end(), body.end)
        if line_end >= 0 and (stop < 0 or line_end < stop):
            stop = line_end
        if stop < 0:
            stop = body.end
        parts = _parts(norm, found.end(), stop)
        if len(parts) >= 2:
            for span in parts:
                _add(letter, facts, span)
            return True
    return False


def _parts(norm: str, start: int, stop: int) -> list[Span]:
    for marker in ENUMERATIONS:
        if not marker.match(norm, start):
            continue
        starts = [m for m in marker.finditer(norm, start, stop) if m.start() == start or norm[m.start() - 1] in ";,。"]
        parts = []
        for index, mark in enumerate(starts):
            a = mark.end()
            b = starts[index + 1].start() if index + 1 < len(starts) else stop
            while a < b and norm[a] in _TRIM:
                a += 1
            while b > a and norm[b - 1] in _TRIM:
                b -= 1
            if not 4 <= b - a <= 80:
                return []
            parts.append(Span(a, b))
        return parts
    return []


def block_asks(letter: Letter, facts: LetterFacts) -> bool:
    """建议内容：一、A。 lines (each answered by its 办理情况：): A, for two or more such lines."""
    found = []
    for line in letter.lines:
        if line.start < letter.header.body.start or line.end > letter.header.body.end:
            continue
        raw = letter.norm[line.start : line.end]
        lead = len(raw) - len(raw.lstrip())
        block = BLOCK.match(raw, lead)
        if not block:
            continue
        a, b = line.start + block.end(), line.start + len(raw.rstrip())
        while b > a and letter.norm[b - 1] in _TRIM:
            b -= 1
        if 4 <= b - a <= 120:
            found.append(Span(a, b))
    if len(found) < 2:
        return False
    for span in found:
        _add(letter, facts, span)
    return True


def quoted_asks(letter: Letter, facts: LetterFacts, by_section: dict[tuple[int, ...], int]) -> bool:
    """Sections of one level that each open by quoting the ask (您建议“A”): the quotations, when
    two or more sections do."""
    norm = letter.norm
    for level in sorted({s.level for s in letter.sections}):
        found = []
        for section in (s for s in letter.sections if s.level == level):
            after = section.heading.end
            while after < section.end and norm[after].isspace():
                after += 1
            quote = QUOTED_ASK.match(norm, after, section.end)
            if quote:
                found.append((section, Span(quote.start("text"), quote.end("text"))))
        if len(found) >= 2:
            for section, span in found:
                item = _add(letter, facts, span)
                if item is not None:
                    by_section[_path_of(letter, section.start)[:level]] = item.ordinal
            return True
    return False


def _path_of(letter: Letter, offset: int) -> tuple[int, ...]:
    sentence = next((s for s in letter.sentences if s.start >= offset), None)
    return sentence.section if sentence else ()


def _add(letter: Letter, facts: LetterFacts, span: Span) -> Item | None:
    text = letter.text[span.start : span.end]
    if any(i.text == text for i in facts.items):
        return None
    item = Item(len(facts.items) + 1, text, span)
    facts.items.append(item)
    return item


__all__ = ["block_asks", "enumerated_asks", "quoted_asks"]
