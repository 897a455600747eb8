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
from graph_builder.text.decode import read_letter_file
from graph_builder.text.normalize import normalize_text
from graph_builder.text.numerals import chinese_to_int
from graph_builder.text.page_forms import matching_copy, page_lines

# Patterns read the normalised text: full-width brackets, colons and commas are ASCII there.
# The 文号, alone on its line or with the signing official after it (…58号　签发人：高振东).
DOC_NUMBER = re.compile(
    r"^([\u4e00-\u9fff]{1,14}[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\d{1,5}号)(?:\s+签发人\s*:\s*\S{2,4})?$"
)
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[一二〇○O零三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d(?: ?\d)?|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?P<d>\d(?: ?\d)?|[一二三四五六七八九十]{1,3})\s*日)?"
)
# A feed's or a mail's date (<pubDate>Wed, 12 Jun 2024 09:15:00 +0800</pubDate>, RFC 822).
ENGLISH_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(?P<d>\d{1,2})\s+"
    r"(?P<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<y>(?:19|20)\d{2})\b"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?")
META_SOURCE = re.compile(r"(?:来源|发布机构|发文机关)\s*:\s*([^\s:]{4,30})")
# A web page's metadata line: key-value pairs (来源:… 时间:… 浏览次数:…), or a timestamp
# followed by the publishing body (2024-09-05 17:15 湖北省知识产权局).
META_LINE = re.compile(
    r"^(?:(?:来源|信息来源|发布机构|发文机关|发布日期|发布时间|时间|日期|成文日期|浏览次数|点击数|阅读次数|字号|作者)"
    r"\s*:|(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$))"
)
# A page's breadcrumb (首页 > 政务公开 > 建议提案办理): where the page sits, not the letter's title.
BREADCRUMB = re.compile(r"^(?:网站)?首页\s*[>»/]|^(?:[^>»\s]{2,12}\s*[>»]\s*){2,}")
# An annex after the signature (附件 / 附件2: …征询意见表): a form or a table, not the letter.
ANNEX_HEAD = re.compile(r"^附件\s*\d*\s*(?::.*)?$")
# A results page's table of fields above the letter (提案号: 0123, 协办单位: …): neither title nor text.
# A form's fields may be numbered (一、建议编号: …, 六、答复内容:).
_FIELD_LABELS = [
    *("提案号", "建议号", "议案号", "提案编号", "建议编号", "提案人", "提出人", "领衔代表", "领衔人", "代表", "案由"),
    *("标题", "主办单位", "协办单位", "会办单位", "分办单位", "承办单位", "办理单位", "办理结果", "答复类别", "类别"),
    *("办理类别", "答复时间", "办结时间", "建议名称", "提案名称", "答复内容", "提案题目", "建议题目", "签发人"),
]
FIELD_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\))?\s*(?:"
    # a form's labels may be letter-spaced to one width (提 案 号, 签 发 人)
    + "|".join("[ \u3000]?".join(label) for label in sorted(_FIELD_LABELS, key=len, reverse=True))
    + r")\s*:"
)
# A line announcing the text that follows (以下为答复全文: / 现答复如下:) ends a preface; it
# addresses nobody.
ANNOUNCING = re.compile(r"(?:如下|全文|原文)\s*:$")
# A web page's links and footer after the letter (【打印】【关闭】, 主办:…, ICP备…), and a printing line
# (…办公室　2023年9月15日印发): none is the letter's signature or date.
PAGE_FOOTER = re.compile(
    r"^(?:【|相关链接|主办\s*:|承办\s*:|网站标识码|版权所有|技术支持|网站地图|.*ICP备|.*公网安备|.*印发$|"
    r"阅读\s*\d|扫一扫|打印本页|关闭窗口|返回顶部|(?:分享|收藏|点赞|在看|转发|留言|写留言)(?:\s|$))"
)
# A printed page's running line (义乌市人民法院　第 1 页 共 2 页, - 2 -), wherever the page broke.
PAGE_MARK = re.compile(r"第\s*\d+\s*页\s*[/,]?\s*共\s*\d+\s*页\s*$|^[-—–－]\s*\d+\s*[-—–－]$")
# A labelled line of the closing (分管领导:…, (联系单位:…), 编辑:…, 注1:…): after the signature,
# a line that starts with a short label and a colon is contact, credits or a note, never the date
# or the signing body.
CLOSING_LABEL = re.compile(r"^\(?[\u4e00-\u9fff]{1,8}\d{0,2}\s*:")
# A signature's second line giving the body's second name (厦门市市场监督管理局 / （厦门市知识产权局）).
SIGNER_SECOND_NAME = re.compile(r"^\([\u4e00-\u9fff]{2,30}\)$")
# A signature's second line naming a unit of the body above it (大连市商务局 / 办公室).
SIGNER_UNIT = re.compile(r"^(?:办公室|综合处|综合科|办公厅|秘书处|[\u4e00-\u9fff]{1,6}(?:处|科|室))$")
META_KEYED_DATE = re.compile(r"(?:发布日期|发布时间|时间|日期|成文日期)\s*:\s*")
META_STAMP_SOURCE = re.compile(r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(\S{4,30})$")
CONTACT_LINE = re.compile(
    r"^(?:联系人|联系电话|联系单位|联系地址|抄送|公开方式|公开属性|附件|邮编|电话|传真|签发人|"
    r"\(此件|\(联系人|\(公开)"
)
SALUTATION = re.compile(r"^[^,。;:]{2,40}[:]$")
# A salutation naming several addressees, each with its own address word or a body's ending
# (胡嘉铭委员,郑若溪等4名委员,九三学社宁波市委会:): commas there separate names, not clauses.
ADDRESSEE = re.compile(
    r"^(?:尊敬的|敬爱的)?\s*[\u4e00-\u9fff\d]{2,24}"
    r"(?:委员|代表|同志|先生|女士|委员会|市委会|省委会|[会委党社联盟团组局部院所办]|界别)$"
)


def several_addressees(body: str) -> bool:
    """A line ending in a colon that names two or more addressees separated by commas."""
    if not body.endswith(":") or len(body) > 80 or "," not in body:
        return False
    parts = [p.strip() for p in body[:-1].split(",")]
    return len(parts) >= 2 and all(ADDRESSEE.match(p) for p in parts)
CLASS_LINE = re.compile(r"^[A-D]类$|^\(?[A-D]类\)?$")
ENDINGS = "。!?"
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


def split_lines(text: str) -> tuple[Line, ...]:
    """Lines with their offsets (line breaks excluded; CR LF and CR handled)."""
    lines = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", text):
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


def iso_date(match: re.Match[str]) -> str | None:
    """ISO date (``YYYY-MM-DD`` or ``YYYY-MM``) from a DATE or ISO_DATE match, or None."""
    year = chinese_to_int(match.group("y"))
    month = chinese_to_int(_digits(match.group("m")) or "")
    day_text = _digits(match.group("d"))
    day = chinese_to_int(day_text) if day_text else None
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if day_text and (day is None or not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def english_iso(match: re.Match[str]) -> str | None:
    """ISO date of an ENGLISH_DATE match (12 Jun 2024 → 2024-06-12), or None."""
    day, month = int(match.group("d")), _MONTHS.index(match.group("m")) + 1
    return f"{match.group('y')}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def _digits(text: str | None) -> str | None:
    """A date part without the spaces an OCR put between its digits (1 5 → 15)."""
    return text.replace(" ", "") if text else text


def _find_header(lines: tuple[Line, ...], norm: str) -> Header:
    content = [(ln, *_stripped(ln, norm)) for ln in lines if norm[ln.start : ln.end].strip()]
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
            meta_date = _meta_date(body, start) or meta_date
            meta_source = _meta_source(body, start) or meta_source
            continue
        salutes = (SALUTATION.match(body) or several_addressees(body)) and not _translation(body)
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
        while first_body < min(len(content), 10) and _is_header_line(content[first_body][3]):
            first_body += 1
    # Title: the lines before the salutation that are not the 文号, a class or date line.
    # (a line of one or two characters is a page's leftover, 字号：大 中 小 copied onto one line)
    title_lines = [
        (start, end, body)
        for index, (_, start, end, body) in enumerate(
            content[: salutation_index if salutation_index is not None else first_body]
        )
        if index not in meta_indices and not DOC_NUMBER.match(body) and not CLASS_LINE.match(body) and len(body) > 2
        and _CJK_CHAR.search(body) and not _translation(body)  # a URL, a code, a Hangul line: no title
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
    if len(title_lines) >= 2 and _is_heading_agency(title_lines[0][2]):
        start, _end, body = title_lines[0]
        heading = Span(start, start + len(_without_second_name(_RED_HEAD.sub("", body))))
        title_lines = title_lines[1:]
    if title_lines:
        title = Span(title_lines[0][0], title_lines[-1][1])
    # Closing: walk back over contact, page-metadata and footer lines to the date and the
    # signing body, in either order, the body perhaps with its unit on a line of its own.
    tail = _annex_after_signature(content)
    while tail > 0 and _closing_extra(content[tail - 1][3], content[tail - 2][3] if tail > 1 else ""):
        _, start, _end, body = content[tail - 1]
        if META_LINE.match(body):
            meta_date = meta_date or _meta_date(body, start)
        tail -= 1
    contacts = tuple(Line(s, e, b) for _, s, e, b in content[tail:] if CONTACT_LINE.match(b))
    body_end_index = tail
    closing: list[int] = []
    while body_end_index > 0 and len(closing) < 3:
        body = content[body_end_index - 1][3]
        is_date = bool(DATE.fullmatch(body) or ISO_DATE.fullmatch(body))
        signs = SIGNER_UNIT.match(body) or _signer_line(body) or SIGNER_SECOND_NAME.match(body)
        if not (is_date or signs or _translation(body)):
            break
        closing.append(body_end_index - 1)
        body_end_index -= 1
    if not any(_is_date_line(content[i][3]) for i in closing):
        # no signature and date at the end: the letter may be followed by what was printed with it
        # (its English translation, the proposal appended, the next item of a gazette); the first
        # signing body with its date under the body is the letter's closing
        found_closing = _first_signature(content, first_body)
        if found_closing is not None:
            closing, body_end_index = [found_closing, found_closing + 1], found_closing
    body_end_index = _before_attachments(content, body_end_index)
    for index in sorted(closing):
        _, start, end, body = content[index]
        found = DATE.fullmatch(body) or ISO_DATE.fullmatch(body)
        if found and iso_date(found):
            date = date or Span(start, end)
        elif signer is None and _signer_line(body) and not (SIGNER_UNIT.match(body) and index != min(closing)):
            parts = _joint_signers(body, start)
            first = parts[0]
            signer = Span(first.start, first.start + len(_without_second_name(norm[first.start : first.end])))
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


ATTACHMENT = re.compile(r"^附件\s*(?:\d+\s*)?[:：]")


def _before_attachments(content: list[tuple[Line, int, int, str]], end: int) -> int:
    """Where the body ends above a list of attachments (附件：1.…统计表 / 2.…案例汇编) that stands
    before the signature: the titles of documents sent with the letter, not its text."""
    for index in range(end - 1, max(-1, end - 8), -1):
        body = content[index][3]
        if ATTACHMENT.match(body):
            rest = [content[i][3] for i in range(index + 1, end)]
            if all(len(line) <= 60 and not line.endswith("。") for line in rest):
                return index
            return end
    return end


def _signer_line(body: str) -> bool:
    """A short line that names a body and ends no sentence."""
    return len(body) <= 40 and body[-1] not in ENDINGS + ",;:" and _looks_like_signer(body)


_SIGNERS_APART = re.compile(r"\s{2,}")


def _joint_signers(body: str, start: int) -> list[Span]:
    """A joint reply signed side by side (辽宁省知识产权局　　　　辽宁省公安厅): each body's span, the
    first the writing body; one span for the line otherwise."""
    parts, at = [], 0
    for gap in [*_SIGNERS_APART.finditer(body), None]:
        stop = gap.start() if gap else len(body)
        parts.append(Span(start + at, start + stop))
        at = gap.end() if gap else at
    if len(parts) > 1 and all(_looks_like_signer(body[p.start - start : p.end - start]) for p in parts):
        return parts
    return [Span(start, start + len(body))]


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


def _translation(body: str) -> bool:
    """A line in another script above or under its Chinese one (연변조선족자치주…): half of it Hangul."""
    return len(_HANGUL.findall(body)) * 2 >= len(body.replace(" ", ""))


def _is_date_line(body: str) -> bool:
    found = DATE.fullmatch(body) or ISO_DATE.fullmatch(body)
    return bool(found and iso_date(found))


def _first_signature(content: list[tuple[Line, int, int, str]], first_body: int) -> int | None:
    """The first line under the body's first paragraph that names a signing body and has a date
    on the next line (烟台市人民政府 / 2024年8月12日)."""
    for index in range(first_body + 1, len(content) - 1):
        body = content[index][3]
        if _signer_line(body) and not SIGNER_UNIT.match(body) and _is_date_line(content[index + 1][3]):
            return index
    return None


def _annex_after_signature(content: list[tuple[Line, int, int, str]]) -> int:
    """Where an annex begins that stands after the letter's date (a feedback form, a table), else
    the end: the closing is looked for above it."""
    for index in range(len(content) - 1, 0, -1):
        if ANNEX_HEAD.match(content[index][3]) and any(
            DATE.fullmatch(content[j][3]) or ISO_DATE.fullmatch(content[j][3]) for j in range(max(0, index - 6), index)
        ):
            return index
    return len(content)


def _closing_extra(body: str, before: str) -> bool:
    """A line after the letter's date and signature: contact, page metadata, footer, or the short
    end of a contact line broken in two (抄送：…市政府督查 / 室。)."""
    if CONTACT_LINE.match(body) or META_LINE.match(body) or PAGE_FOOTER.match(body):
        return True
    if CLOSING_LABEL.match(body) or PAGE_MARK.search(body):
        return True
    return len(body) <= 4 and body.endswith(("。", ")")) and bool(CONTACT_LINE.match(before))


def _meta_date(body: str, start: int) -> Span | None:
    """The date a metadata line gives (after 时间:/发布日期:…, or its leading timestamp)."""
    keyed = META_KEYED_DATE.search(body)
    at = keyed.end() if keyed else 0
    found = DATE.match(body, at) or ISO_DATE.match(body, at)
    if found and iso_date(found):
        return Span(start + found.start(), start + found.end())
    return None


def _meta_source(body: str, start: int) -> Span | None:
    """The publishing body a metadata line names (来源:…, or after its timestamp), when it reads as one."""
    found = META_SOURCE.search(body) or META_STAMP_SOURCE.match(body)
    if found and _looks_like_signer(found.group(1)):
        return Span(start + found.start(1), start + found.start(1) + len(_without_second_name(found.group(1))))
    return None


def _is_heading_agency(body: str) -> bool:
    """A line that is only a body's name (资阳市市场监督管理局), not a title (关于…的答复)."""
    return len(body) <= 40 and "关于" not in body and "答复" not in body and _looks_like_signer(_RED_HEAD.sub("", body))


_RED_HEAD = re.compile(r"\s*文件$")
_SECOND_NAME = re.compile(r"\s*\([^()]{2,20}\)$")


def _without_second_name(body: str) -> str:
    """A signing body's name without the second name it carries in brackets
    (苏州市市场监督管理局(苏州市知识产权局) → 苏州市市场监督管理局)."""
    bare = _SECOND_NAME.sub("", body)
    return bare if len(bare) >= 2 and _looks_like_signer(bare) else body


def _is_header_line(body: str) -> bool:
    if DOC_NUMBER.match(body) or CLASS_LINE.match(body) or META_LINE.match(body) or FIELD_LINE.match(body):
        return True
    return len(body) <= 60 and "。" not in body and not body.endswith((",", ";"))


_SIGNER_END = re.compile(
    r"(局|委员会|委|厅|院|办公室|办|政府|部|署|会|中心|所|庭|处|公司|法院|检察院|党组|市委|政协|人大|海关)$"
)


def _looks_like_signer(body: str) -> bool:
    return bool(_SIGNER_END.search(_SECOND_NAME.sub("", body))) and "。" not in body


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
    lines = page_lines(text, norm, split_lines(norm))
    header = _find_header(lines, norm)
    sections = _sections(lines, norm, header.body)
    sentences = _sentences(norm, text, header.body, sections)
    return Letter(key, path, text, norm, sha256, encoding, lines, header, sections, sentences)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def parse_letter(path: str | Path) -> Letter:
    """Read, decode and parse a letter file.

    :raises InputError: when the file cannot be read or is not a Chinese reply letter
    """
    data, text, encoding = read_letter_file(path)
    if sum(1 for _ in islice(_CJK.finditer(text), 20)) < 20:
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
