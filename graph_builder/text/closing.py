"""The letter's closing: which lines sign it, date it, or follow it (contacts, page footers,
annexes, a translation), and the signature of a letter printed with more after it."""

from __future__ import annotations

import re

from graph_builder.model import Line, Span
from graph_builder.text.line_patterns import (
    ANNEX_HEAD,
    CLASS_LINE,
    CLOSING_LABEL,
    CONTACT_LINE,
    DATE,
    DOC_NUMBER,
    ENDINGS,
    FIELD_LINE,
    ISO_DATE,
    META_KEYED_DATE,
    META_LINE,
    META_SOURCE,
    META_STAMP_SOURCE,
    PAGE_FOOTER,
    PAGE_MARK,
    SALUTATION,
    SIGNER_UNIT,
    iso_date,
)

ATTACHMENT = re.compile(r"^附件\s*(?:\d+\s*)?[:：]")


def before_attachments(content: list[tuple[Line, int, int, str]], end: int) -> int:
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


def signer_line(body: str) -> bool:
    """A short line that names a body and ends no sentence."""
    return len(body) <= 40 and body[-1] not in ENDINGS + ",;:" and looks_like_signer(body)


_SIGNERS_APART = re.compile(r"\s{2,}")


def joint_signers(body: str, start: int) -> list[Span]:
    """A joint reply signed side by side (辽宁省知识产权局　　　　辽宁省公安厅): each body's span, the
    first the writing body; one span for the line otherwise."""
    parts, at = [], 0
    for gap in [*_SIGNERS_APART.finditer(body), None]:
        stop = gap.start() if gap else len(body)
        parts.append(Span(start + at, start + stop))
        at = gap.end() if gap else at
    if len(parts) > 1 and all(looks_like_signer(body[p.start - start : p.end - start]) for p in parts):
        return parts
    return [Span(start, start + len(body))]


CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")


def translation(body: str) -> bool:
    """A line in another script above or under its Chinese one (연변조선족자치주…): half of it Hangul."""
    return len(_HANGUL.findall(body)) * 2 >= len(body.replace(" ", ""))


def date_shaped(body: str) -> bool:
    """A line that is a date and nothing else (its value may still be impossible)."""
    return bool(DATE.fullmatch(body) or ISO_DATE.fullmatch(body))


def is_date_line(body: str) -> bool:
    found = DATE.fullmatch(body) or ISO_DATE.fullmatch(body)
    return bool(found and iso_date(found))


def first_signature(content: list[tuple[Line, int, int, str]], first_body: int) -> int | None:
    """The first line under the body's first paragraph that names a signing body and has a date
    on the next line (烟台市人民政府 / 2024年8月12日)."""
    for index in range(first_body + 1, len(content) - 1):
        body = content[index][3]
        if signer_line(body) and not SIGNER_UNIT.match(body) and is_date_line(content[index + 1][3]):
            return index
    return None


def annex_after_signature(content: list[tuple[Line, int, int, str]]) -> int:
    """Where an annex begins that stands after the letter's date (a feedback form, a table), else
    the end: the closing is looked for above it."""
    for index in range(len(content) - 1, 0, -1):
        if ANNEX_HEAD.match(content[index][3]) and any(
            date_shaped(content[j][3]) for j in range(max(0, index - 6), index)
        ):
            return index
    return len(content)


def wrapped_letter(content: list[tuple[Line, int, int, str]]) -> int:
    """Where the letter begins when it is the annex of a cover note (an information-disclosure
    notice, a forwarding note signed and dated above 附件：): the first line of an annex, after a
    date, that a salutation follows within six lines; 0 when the text is the letter itself."""
    for index in range(1, len(content) - 4):
        if not ANNEX_HEAD.match(content[index][3]) or not any(
            is_date_line(content[j][3]) for j in range(max(0, index - 4), index)
        ):
            continue
        following = [body for _, _, _, body in content[index + 1 : index + 7]]
        if any(SALUTATION.match(body) and not translation(body) for body in following):
            return index + 1
    return 0


def closing_extra(body: str, before: str) -> bool:
    """A line after the letter's date and signature: contact, page metadata, footer, or the short
    end of a contact line broken in two (抄送：…市政府督查 / 室。)."""
    if CONTACT_LINE.match(body) or META_LINE.match(body) or PAGE_FOOTER.match(body):
        return True
    if CLOSING_LABEL.match(body) or PAGE_MARK.search(body):
        return True
    return len(body) <= 4 and body.endswith(("。", ")")) and bool(CONTACT_LINE.match(before))


def date_in_meta_line(body: str, start: int) -> Span | None:
    """The date a metadata line gives (after 时间:/发布日期:…, or its leading timestamp)."""
    keyed = META_KEYED_DATE.search(body)
    at = keyed.end() if keyed else 0
    found = DATE.match(body, at) or ISO_DATE.match(body, at)
    if found and iso_date(found):
        return Span(start + found.start(), start + found.end())
    return None


def source_in_meta_line(body: str, start: int) -> Span | None:
    """The publishing body a metadata line names (来源:…, or after its timestamp), when it reads as one."""
    found = META_SOURCE.search(body) or META_STAMP_SOURCE.match(body)
    if found and looks_like_signer(found.group(1)):
        return Span(start + found.start(1), start + found.start(1) + len(without_second_name(found.group(1))))
    return None


def is_heading_agency(body: str) -> bool:
    """A line that is only a body's name (资阳市市场监督管理局), not a title (关于…的答复)."""
    return len(body) <= 40 and "关于" not in body and "答复" not in body and looks_like_signer(RED_HEAD.sub("", body))


RED_HEAD = re.compile(r"\s*文件$")
_SECOND_NAME = re.compile(r"\s*\([^()]{2,20}\)$")


def without_second_name(body: str) -> str:
    """A signing body's name without the second name it carries in brackets
    (苏州市市场监督管理局(苏州市知识产权局) → 苏州市市场监督管理局)."""
    bare = _SECOND_NAME.sub("", body)
    return bare if len(bare) >= 2 and looks_like_signer(bare) else body


def is_header_line(body: str) -> bool:
    if DOC_NUMBER.match(body) or CLASS_LINE.match(body) or META_LINE.match(body) or FIELD_LINE.match(body):
        return True
    return len(body) <= 60 and "。" not in body and not body.endswith((",", ";"))


_SIGNER_END = re.compile(
    r"(局|委员会|委|厅|院|办公室|办|政府|部|署|会|中心|所|庭|处|公司|法院|检察院|党组|市委|政协|人大|海关)$"
)


def looks_like_signer(body: str) -> bool:
    return bool(_SIGNER_END.search(_SECOND_NAME.sub("", body))) and "。" not in body
