"""Text from letters and servers made safe to show: in a terminal, a spreadsheet or Markdown.

Letter text, file names and endpoint answers are data, not instructions: a control character
in a message can move the cursor or rewrite the terminal's title, a bidi control can make
a line read differently from what it holds, a CSV cell starting with ``=`` is a formula to a
spreadsheet, and ``<script>`` in Markdown is HTML to most renderers.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text
# (zero-width, bidi embeddings, overrides and isolates, word joiner, byte-order mark).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_UNSAFE_KEEP_LAYOUT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# OWASP "CSV Injection": a cell a spreadsheet would read as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    r"""``text`` on one line with every control and invisible format character escaped.

    >>> printable("a\nb\x1b[31m\u202ec")
    'a\\x0ab\\x1b[31m\\u202ec'
    """
    return _UNSAFE.sub(_escape, str(text))


def printable_block(text: object) -> str:
    r"""Like :func:`printable`, but newlines and tabs are kept (for multi-line output).

    >>> printable_block("a\nb\x07")
    'a\nb\\x07'
    """
    return _UNSAFE_KEEP_LAYOUT.sub(_escape, str(text))


def csv_cell(value: object, raw: bool = False) -> str:
    """A CSV cell a spreadsheet will not run: one that starts with = + - @, a tab or a carriage
    return gets a leading single quote (OWASP), unless it is a plain number or ``raw``.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-3.5"), csv_cell("@SUM(A1)", raw=True)
    ('\\'=HYPERLINK("http://x")', '-3.5', '@SUM(A1)')
    """
    text = "" if value is None else str(value)
    if raw or not text.startswith(FORMULA_START) or _NUMBER.fullmatch(text):
        return text
    return "'" + text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


def markdown_text(text: object) -> str:
    r"""``text`` as literal Markdown inline text: markup characters backslash-escaped (so ``<b>``
    is shown, not rendered as HTML), controls escaped, line breaks made spaces.

    >>> markdown_text("<script>*x*</script>")
    '\\<script\\>\\*x\\*\\</script\\>'
    """
    flat = str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(flat))
