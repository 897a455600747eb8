"""Letters published in a page's or a machine's form: the matching copy that reads them as letters.

A letter copied with its page's HTML, an RSS item, a JSON record, a form drawn with box characters,
or a web page copied onto one line keeps its text as read (offsets index it); only the same-length
matching copy (``Letter.norm``) blanks what is not the letter's words, and the letter's lines are
found where the page had them.
"""

from __future__ import annotations

import json
import re

from graph_builder.model import Line


def matching_copy(text: str, norm: str) -> str:
    """``norm`` with a page's markup, a JSON record's or a CSV row's syntax and a form's rules blanked
    (same length)."""
    return _without_box_drawing(_without_csv(text, _without_json(text, _without_markup(norm))))


# A web page copied onto one line (标题 发布时间：… 余市监建〔2024〕7号 沈嘉禾代表： 您提出的…): its lines
# were joined by single spaces; a space beside a Chinese character or a bracket separated two of them.
_JOINED_LINES = re.compile(
    r"(?<=[\u4e00-\u9fff\d:：。)）】」”])[ \t\u3000]+(?=[\u4e00-\u9fff【(（「“])|(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=\d)"
)


# A page's HTML left in the copied text (<p style="…">…</p>, &nbsp;): blanked in the matching copy, so
# that lines, names and dates read as on the page (the text itself is kept as read).
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|strong|b|i|em|font|td|tr|th|table|tbody|h[1-6]|li|ul|ol|a|img|section)\b[^<>\n]{0,300}>", re.I
)
# Any tag, once the text is markup (an RSS item, an XML export): <title>, <pubDate>, CDATA's brackets.
_ANY_TAG = re.compile(r"<\?xml[^<>\n]{0,200}\?>|<!\[CDATA\[|\]\]>|</?[A-Za-z][\w:.-]{0,30}(?:\s[^<>\n]{0,300})?/?>")
_HTML_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot|#\d{2,5});")


def _without_markup(norm: str) -> str:
    """``norm`` with HTML tags and entities replaced by spaces of the same length, when the text
    holds enough of them to be a page's markup (three tags at least)."""
    if "<" not in norm or len(_HTML_TAG.findall(norm, 0, 20000)) < 3:
        return norm
    blank = lambda found: " " * (found.end() - found.start())  # noqa: E731 -- same length, offsets kept
    return _HTML_ENTITY.sub(blank, _ANY_TAG.sub(blank, norm))


# A form drawn with box characters (│ 答复时间 │ 2024年6月14日 │): its rules are blanks in the matching
# copy and a row's first inner bar a colon, so that a row reads as a field (答复时间: 2024年6月14日).
_BOX_RULE = re.compile(r"^[ \t\u3000]*[┌├└╔╠╚][─━┬┼┴═╦╬╩┐┤┘╗╣╝ \t]*$", re.M)
_BOX_ROW = re.compile(r"^([ \t\u3000]*)[│┃║]([^│┃║\n]*)[│┃║](.*)$", re.M)


def _without_box_drawing(norm: str) -> str:
    if "│" not in norm and "┃" not in norm and "║" not in norm:
        return norm
    norm = _BOX_RULE.sub(lambda found: " " * (found.end() - found.start()), norm)

    def row(found: re.Match[str]) -> str:
        label, rest = found.group(2), found.group(3)
        colon = ":" if label.strip() else " "  # a row that goes on the one above keeps no label
        rest = re.sub(r"[│┃║]", " ", rest)
        return found.group(1) + " " + label + colon + rest

    return _BOX_ROW.sub(row, norm)


def page_lines(text: str, lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """The letter's lines, or, when it arrived as one or two very long lines, those lines split where
    the page's line breaks were (the text is not changed: the lines are spans of it)."""
    filled = [line for line in lines if line.end - line.start > 0 and text[line.start : line.end].strip()]
    if len(filled) > 3 or max((ln.end - ln.start for ln in filled), default=0) < 600:
        return lines
    out: list[Line] = []
    for line in lines:
        start = line.start
        for gap in _JOINED_LINES.finditer(text, line.start, line.end):
            out.append(Line(start, gap.start(), text[start : gap.start()]))
            start = gap.end()
        out.append(Line(start, line.end, text[start : line.end]))
    return tuple(out) if len(out) >= 8 else lines


# A JSON record (an open-data API's answer): its keys, quotes, brackets and commas are blanked and its
# escaped line breaks become line breaks, so that the letter in its content field reads line by line.
_JSON_KEY = re.compile(r'"[A-Za-z_][\w.-]{0,40}"\s*:\s*')
_JSON_ESCAPE = re.compile(r'\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})')


def _without_json(text: str, norm: str) -> str:
    if not text.lstrip().startswith(("{", "[")) or "\\n" not in text:
        return norm
    try:
        json.loads(text)
    except ValueError:
        return norm
    out = list(norm)
    escaped: set[int] = set()
    for found in _JSON_ESCAPE.finditer(text):
        escaped.update(range(found.start(), found.end()))
        out[found.start()] = " "
        kind = text[found.start() + 1]
        out[found.start() + 1] = "\n" if kind in "nr" else ('"' if kind == '"' else " ")
        if kind == "u":
            for at in range(found.start() + 2, found.end()):
                out[at] = " "
    for at, char in enumerate(text):
        if at not in escaped and char in '{}[]",':
            out[at] = " "
    for found in _JSON_KEY.finditer(text):
        out[found.start()] = "\n"
        for at in range(found.start() + 1, found.end()):
            out[at] = " "
    return "".join(out)


# A CSV export of an open-data portal (序号,建议编号,…,答复内容 / 1,2024058,…,"晁红梅代表：…"): each cell on
# a line of its own in the matching copy, the quotes blanked (a doubled quote read as one).
_CSV_HEADER = re.compile(r"^[^\n]*(?:答复内容|办理结果|建议标题|提案标题|建议名称|提案名称)[^\n]*$")


def _without_csv(text: str, norm: str) -> str:
    first = text[: text.find("\n")] if "\n" in text else text
    if first.count(",") < 4 or not _CSV_HEADER.match(first):
        return norm
    out = list(norm)
    quoted = False
    at = 0
    while at < len(text):
        char = text[at]
        if char == '"':
            if quoted and text[at + 1 : at + 2] == '"':
                out[at] = " "  # "" inside a quoted cell: one quote
                at += 2
                continue
            quoted = not quoted
            out[at] = " "
        elif char == "," and not quoted:
            out[at] = "\n"
        at += 1
    return "".join(out)
