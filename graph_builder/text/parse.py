"""Text → Letter: lines, header lines (文号, title, salutation, signer, date), numbered
sections and sentences, all as offsets into the decoded text."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from itertools import islice
from pathlib import Path

from graph_builder.errors import InputError
from graph_builder.iri import letter_key_of
from graph_builder.model import Header, Letter, Line, Section, Sentence, Span
from graph_builder.text.closing import (
    CJK_CHAR,
    RED_HEAD,
    annex_after_signature,
    before_attachments,
    closing_extra,
    date_in_meta_line,
    date_shaped,
    first_signature,
    is_date_line,
    is_header_line,
    is_heading_agency,
    joint_signers,
    signer_line,
    source_in_meta_line,
    translation,
    without_second_name,
    wrapped_letter,
)
from graph_builder.text.decode import read_letter_file
from graph_builder.text.line_patterns import (
    ANNOUNCING,
    BREADCRUMB,
    CLASS_LINE,
    CONTACT_LINE,
    DATE,
    DOC_NUMBER,
    ENDINGS,
    ENGLISH_DATE,
    FIELD_LINE,
    ISO_DATE,
    META_LINE,
    SALUTATION,
    SIGNER_SECOND_NAME,
    SIGNER_UNIT,
    english_iso,
    iso_date,
    several_addressees,
)
from graph_builder.text.normalize import normalize_text
from graph_builder.text.numerals import chinese_to_int
from graph_builder.text.page_forms import matching_copy, page_lines

_SECTION_MARKERS = (
    (1, re.compile(r"^([一二三四五六七八九十]{1,3})、")),
    (2, re.compile(r"^\(([一二三四五六七八九十]{1,3})\)")),
    (3, re.compile(r"^(\d{1,2})[.、](?!\d)")),
    (4, re.compile(r"^\((\d{1,2})\)")),
    # A word processor's outline numbering (1 关于… / 1.1 工作开展情况), on a short heading line only.
    (3, re.compile(r"^(\d{1,2}) +(?=[\u4e00-\u9fff][^。]{1,38}$)")),
    (4, re.compile(r"^\d{1,2}\.(\d{1,2}) +(?=[\u4e00-\u9fff][^。]{1,38}$)")),
    (5, re.compile(r"^([一二三四五六七八九十]{1,2})是(?=[关对在要加强推完建])")),
)


def split_lines(text: str, breaks: str | None = None) -> tuple[Line, ...]:
    """Lines with their offsets (line breaks excluded; CR LF and CR handled), the breaks found in
    ``breaks`` (a same-length matching copy) when given, the lines' text taken from ``text``."""
    lines = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", text if breaks is None else breaks):
        lines.append(Line(start, match.start(), text[start : match.start()]))
        start = match.end()
    if start < len(text):
        lines.append(Line(start, len(text), text[start:]))
    return tuple(lines)


def _stripped(line: Line, norm: str) -> tuple[int, int, str]:
    raw = norm[line.start : line.end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    return line.start + lead, line.start + lead + len(body), body


def _find_header(lines: tuple[Line, ...], norm: str) -> Header:
    content = [(ln, *_stripped(ln, norm)) for ln in lines if norm[ln.start : ln.end].strip()]
    content = content[wrapped_letter(content) :]  # a cover note above the letter it sends is not the letter
    if not content:
        return Header()
    doc_number = salutation = title = signer = date = None
    cosigners: tuple[Span, ...] = ()
    meta_date = meta_source = english_date = None
    head_limit = min(len(content), 30)  # a web capture puts a score of banner lines above the letter
    salutation_index = None
    meta_indices: set[int] = set()
    for index, (_, start, end, body) in enumerate(content[:head_limit]):
        number = DOC_NUMBER.match(body) if doc_number is None else None
        if number:
            doc_number = Span(start, start + number.end(1))
            continue
        continued = index - 1 in meta_indices and start - content[index][0].start >= 8  # a field's second line
        english = ENGLISH_DATE.match(body) if len(body) <= 40 else None
        if META_LINE.match(body) or FIELD_LINE.match(body) or BREADCRUMB.match(body) or continued or english:
            meta_indices.add(index)
            if english and english_iso(english):  # the item's <pubDate>, the last before the letter
                english_date = Span(start + english.start(), start + english.end())
            meta_date = date_in_meta_line(body, start) or meta_date
            meta_source = source_in_meta_line(body, start) or meta_source
            continue
        salutes = (SALUTATION.match(body) or several_addressees(body)) and not translation(body)
        if salutes and not CONTACT_LINE.match(body) and not ANNOUNCING.search(body):
            salutation = Span(start, end)
            salutation_index = index
            break
    meta_date = meta_date or english_date
    if salutation_index is not None:
        first_body = salutation_index + 1
    else:
        # No salutation: the header is the short leading lines (title, 文号, class, date);
        # the body starts at the first line that reads as prose.
        first_body = 0
        while first_body < min(len(content), 10) and is_header_line(content[first_body][3]):
            first_body += 1
    # Title: the lines before the salutation that are not the 文号, a class or date line.
    # (a line of one or two characters is a page's leftover, 字号：大 中 小 copied onto one line)
    title_lines = [
        (start, end, body)
        for index, (_, start, end, body) in enumerate(
            content[: salutation_index if salutation_index is not None else first_body]
        )
        if index not in meta_indices and not DOC_NUMBER.match(body) and not CLASS_LINE.match(body) and len(body) > 2
        and CJK_CHAR.search(body) and not translation(body)  # a URL, a code, a Hangul line: no title
    ]
    # A repost's preface (the page's own headline, its account line, an editor's note 编者按…。)
    # stands above the letter: the title is what follows its last sentence.
    prose = [
        i for i, (_, _, body) in enumerate(title_lines)
        if body.endswith("。") or body.startswith("编者按") or ANNOUNCING.search(body)
    ]
    if prose and prose[-1] + 1 < len(title_lines):
        title_lines = title_lines[prose[-1] + 1 :]
    heading = None
    # The body's name alone on the first line, above the title, is a heading, not part of the title
    # (a red-headed document's 苏州市市场监督管理局（苏州市知识产权局）文件: its name without 文件 and
    # its second name).
    if len(title_lines) >= 2 and is_heading_agency(title_lines[0][2]):
        start, _end, body = title_lines[0]
        heading = Span(start, start + len(without_second_name(RED_HEAD.sub("", body))))
        title_lines = title_lines[1:]
    if title_lines:
        title = Span(title_lines[0][0], title_lines[-1][1])
    # Closing: walk back over contact, page-metadata and footer lines to the date and the
    # signing body, in either order, the body perhaps with its unit on a line of its own.
    tail = annex_after_signature(content)
    while tail > 0 and closing_extra(content[tail - 1][3], content[tail - 2][3] if tail > 1 else ""):
        _, start, _end, body = content[tail - 1]
        if META_LINE.match(body):
            meta_date = meta_date or date_in_meta_line(body, start)
        tail -= 1
    contacts = tuple(Line(s, e, b) for _, s, e, b in content[tail:] if CONTACT_LINE.match(b))
    body_end_index = tail
    closing: list[int] = []
    while body_end_index > 0 and len(closing) < 3:
        body = content[body_end_index - 1][3]
        is_date = date_shaped(body)
        signs = SIGNER_UNIT.match(body) or signer_line(body) or SIGNER_SECOND_NAME.match(body)
        if not (is_date or signs or translation(body)):
            break
        closing.append(body_end_index - 1)
        body_end_index -= 1
    if not any(is_date_line(content[i][3]) for i in closing):
        # no signature and date at the end: the letter may be followed by what was printed with it
        # (its English translation, the proposal appended, the next item of a gazette); the first
        # signing body with its date under the body is the letter's closing
        found_closing = first_signature(content, first_body)
        if found_closing is not None:
            closing, body_end_index = [found_closing, found_closing + 1], found_closing
    body_end_index = before_attachments(content, body_end_index)
    for index in sorted(closing):
        _, start, end, body = content[index]
        found = DATE.fullmatch(body) or ISO_DATE.fullmatch(body)
        if found and iso_date(found):
            date = date or Span(start, end)
        elif signer is None and signer_line(body) and not (SIGNER_UNIT.match(body) and index != min(closing)):
            parts = joint_signers(body, start)
            first = parts[0]
            signer = Span(first.start, first.start + len(without_second_name(norm[first.start : first.end])))
            cosigners = tuple(parts[1:])
    body_start = content[first_body][1] if first_body < len(content) else content[-1][2]
    body_stop = content[body_end_index - 1][2] if body_end_index > first_body else body_start
    return Header(
        doc_number=doc_number,
        title=title,
        salutation=salutation,
        signer=signer or heading or meta_source,
        heading=heading,
        cosigners=cosigners,
        date=date or meta_date,
        contact_lines=contacts,
        body=Span(body_start, body_stop),
    )


def _sections(lines: tuple[Line, ...], norm: str, body: Span) -> tuple[Section, ...]:
    starts: list[tuple[int, int, str, int, Span]] = []
    for line in lines:
        if line.end <= body.start or line.start >= body.end:
            continue
        start, end, text = _stripped(line, norm)
        for level, pattern in _SECTION_MARKERS:
            found = pattern.match(text)
            if found and (number := chinese_to_int(found.group(1))):
                starts.append((level, number, found.group(0), start, Span(start, end)))
                break
    sections = []
    for index, (level, number, marker, start, heading) in enumerate(starts):
        stop = next((s[3] for s in starts[index + 1 :] if s[0] <= level), body.end)
        sections.append(Section(level, number, marker, start, stop, heading))
    return tuple(sections)


def _sentences(norm: str, text: str, body: Span, sections: tuple[Section, ...]) -> tuple[Sentence, ...]:
    sentences = []
    section_starts = [section.start for section in sections]
    # A section ends where a later one starts (or at the body's end), so inside the body the
    # path depends only on how many sections have started: one path per count.
    paths: dict[int, tuple[int, ...]] = {}
    for match in re.finditer(rf"[^{ENDINGS}\r\n]+[{ENDINGS}]?[”\"’)]?", norm[body.start : body.end]):
        raw = match.group(0)
        lead = len(raw) - len(raw.lstrip())
        start = body.start + match.start() + lead
        end = body.start + match.start() + len(raw.rstrip())
        if end <= start:
            continue
        started = bisect_right(section_starts, start)
        path = paths.get(started)
        if path is None:
            path = paths[started] = _section_path(sections, start)
        sentences.append(Sentence(start, end, text[start:end], path))
    return tuple(sentences)


def _section_path(sections: tuple[Section, ...], offset: int) -> tuple[int, ...]:
    path: dict[int, int] = {}
    for section in sections:
        if section.start > offset:
            break  # sections are in text order
        if offset < section.end:
            path[section.level] = section.number
    return tuple(path[level] for level in sorted(path))


def parse_text(text: str, *, key: str, path: str = "", sha256: str = "", encoding: str = "utf-8") -> Letter:
    """Parse a decoded letter.

    :param text: the decoded text (offsets index it)
    :param key: the letter key (file stem)
    :returns: the Letter with its structure
    """
    norm = matching_copy(text, normalize_text(text))
    lines = page_lines(text, split_lines(text, norm))
    header = _find_header(lines, norm)
    sections = _sections(lines, norm, header.body)
    sentences = _sentences(norm, text, header.body, sections)
    return Letter(key, path, text, norm, sha256, encoding, lines, header, sections, sentences)




def parse_letter(path: str | Path) -> Letter:
    """Read, decode and parse a letter file.

    :raises InputError: when the file cannot be read or is not a Chinese reply letter
    """
    data, text, encoding = read_letter_file(path)
    if sum(1 for _ in islice(CJK_CHAR.finditer(text), 20)) < 20:
        raise InputError(path, "no Chinese text: not a reply letter")
    letter = parse_text(
        text,
        key=letter_key_of(Path(path).stem),
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )
    if letter.header.salutation is None and letter.header.title is None and not _REPLY_WORDS.search(letter.norm):
        raise InputError(path, "not a reply letter (no title, salutation or reply wording found)")
    return letter


_REPLY_WORDS = re.compile(r"答复|函复|收悉|提案|建议|办理")
