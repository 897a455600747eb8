"""A same-length normalised copy of a text for matching: NFKC and traditional→simplified.

Rules and the gazetteer match against the normalised copy; since it has exactly the
length of the original, every offset found in it indexes the original text as well.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache


@cache
def _t2s():  # type: ignore[no-untyped-def]
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


def _normalize(text: str) -> str:
    whole = _t2s().convert(unicodedata.normalize("NFKC", text))
    if len(whole) == len(text) and all(map(_folds_to_one, set(text))):
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
