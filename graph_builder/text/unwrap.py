"""Text copied out of a PDF: join the hard line breaks inside paragraphs, drop page numbers.

A reply letter published as a PDF and copied to text breaks every line at the page's width,
in the middle of names and sentences (深圳市知识\\n产权局), and carries page numbers (— 2 —)
between its pages. The rules read names and sentences within lines, so such a letter is
joined back into paragraphs when it is read: a line as long as the page's width that does not
end a sentence continues on the next line, unless that one starts a numbered part, a header or
closing line. Letters whose lines are not so wrapped are returned unchanged.
"""

from __future__ import annotations

import re
from collections import Counter

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$")
# A line that ends so is the end of a paragraph, not a wrap.
_ENDS = frozenset("。！？!?：:；;")
# A line that starts so begins a part of its own: a numbered heading, a closing or header line.
BLOCK_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．](?!\d)|"
    r"附件|抄送|印发|联系人|联系电话|签发人|公开方式|主送|来源|发布时间)"
)
_MIN_WIDTH = 16  # shorter lines are headings, signatures and dates, not a page's width
_SPLIT = re.compile(r"\r\n|\r|\n")


def join_hard_wraps(text: str) -> str:
    """The text with a PDF conversion's hard line breaks joined and its page-number lines dropped.

    >>> page = "\\n".join(["我局" * 10] * 9 + ["— 2 —", "完毕。", "深圳市知识产权局"])
    >>> join_hard_wraps(page).splitlines()[1:]
    ['深圳市知识产权局']
    >>> join_hard_wraps("短行\\n另一行") == "短行\\n另一行"
    True
    """
    lines = _SPLIT.split(text)
    width = _wrap_width(lines)
    if width is None:
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        if PAGE_NUMBER.match(line):
            continue  # a page number between two pages: the paragraph goes on across it
        body = line.strip()
        if joining and body and not BLOCK_START.match(body):
            out[-1] += body
        else:
            out.append(line.rstrip())
        # a line as wide as the page that ends no sentence goes on in the next one
        joining = bool(body) and len(body) >= width - 2 and body[-1] not in _ENDS
    return "\n".join(out)


def _wrap_width(lines: list[str]) -> int | None:
    """The page's line width when most long lines break without ending a sentence, else None."""
    bodies = [line.strip() for line in lines if line.strip() and not PAGE_NUMBER.match(line)]
    long_lines = [b for b in bodies if len(b) >= _MIN_WIDTH]
    if len(long_lines) < 8:
        return None
    width, count = Counter(len(b) for b in long_lines).most_common(1)[0]
    near = [b for b in long_lines if abs(len(b) - width) <= 2]
    broken = [b for b in near if b[-1] not in _ENDS]
    # A hand-typed letter has paragraphs of every length; a PDF's lines share one width.
    if count < 5 or len(near) < 0.5 * len(long_lines) or len(broken) < 0.6 * len(near):
        return None
    return width
