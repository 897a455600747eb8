"""A same-length normalised copy of a text for matching: NFKC and traditional→simplified.

Rules and the gazetteer match against the normalised copy; since it has exactly the
length of the original, every offset found in it indexes the original text as well.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any


@cache
def _t2s() -> Any:  # opencc ships no type hints
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    converted = _t2s().convert(folded)
    return converted if len(converted) == 1 else folded


@lru_cache(maxsize=65536)
def _folds_to_one(ch: str) -> bool:
    """NFKC keeps ``ch`` one character (checked once per distinct character of a text)."""
    return len(unicodedata.normalize("NFKC", ch)) == 1


def normalize_text(text: str) -> str:
    """NFKC + traditional→simplified, one character for one character.

    >>> normalize_text("中國（汕頭）")
    '中国(汕头)'
    """
    if text.isascii():
        return text
    if len(text) <= _SHORT:
        return _normalize_name(text)
    return _normalize(text)


_SHORT = 40  # names and phrases: looked up again and again, so their results are kept


@lru_cache(maxsize=1 << 16)
def _normalize_name(text: str) -> str:
    return _normalize(text)


def _plain_folds() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Characters whose NFKC form is one character that composes and reorders with nothing.

    For a text made only of them NFKC works character by character, so a table of the few
    that change replaces the whole-text normalisation (a third of parsing a letter). They
    are ASCII, the CJK ideographs and the punctuation and full-width forms around them.
    """
    blocks = ((0x20, 0x7F), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF01, 0xFF66))
    candidates = [chr(code) for first, stop in blocks for code in range(first, stop)]
    plain: list[str] = []
    changed: dict[str, str] = {}
    for char in candidates:
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and not unicodedata.combining(char) and not unicodedata.combining(folded):
            plain.append(char)
            if folded != char:
                changed[char] = folded
    allowed = "".join(re.escape(c) for c in plain if c not in "\n\r\t")
    other = re.compile(f"[^\t\n\r{allowed}\u4e00-\u9fff]")
    return other, re.compile("[" + "".join(map(re.escape, changed)) + "]"), changed


_OTHER_CHAR, _CHANGED_CHAR, _CHANGED = _plain_folds()


def _fold_by_table(text: str) -> str | None:
    """NFKC of a text made only of plain-folding characters (``_plain_folds``), else None."""
    if _OTHER_CHAR.search(text):
        return None
    for char in set(_CHANGED_CHAR.findall(text)):  # a few distinct ones (，（）：), each replaced in one pass
        text = text.replace(char, _CHANGED[char])
    return text


def _normalize(text: str) -> str:
    folded = _fold_by_table(text)
    whole = _t2s().convert(unicodedata.normalize("NFKC", text) if folded is None else folded)
    # a text the table folded has no character that NFKC widens: no need to look at each
    if len(whole) == len(text) and (folded is not None or all(map(_folds_to_one, set(text)))):
        return whole
    return "".join(_char(c) for c in text)


_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})
_HAN_RANGE = ("\u4e00", "\u9fff")


def display_form(name: str) -> str:
    """A canonical (normalised) name as a label: ASCII brackets and commas among Chinese
    characters go back to their full-width forms. A function of the name alone, so every
    letter gives one thing the same label.

    >>> display_form("中国(南方)知识产权运营中心")
    '中国（南方）知识产权运营中心'
    >>> display_form("TRIPS (WTO)")
    'TRIPS (WTO)'
    """
    if not any(_HAN_RANGE[0] <= c <= _HAN_RANGE[1] for c in name):
        return name
    return name.translate(_FULL_WIDTH)
