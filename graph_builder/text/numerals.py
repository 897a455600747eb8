"""Chinese numerals: 一 … 九十九, 〇 digits, and dates written with them."""

from __future__ import annotations

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "○": 0,
    "O": 0,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(numeral: str) -> int | None:
    """Value of a Chinese or Arabic numeral, or None.

    >>> [chinese_to_int(n) for n in ("十", "十二", "二十", "三十五", "一百零三", "17")]
    [10, 12, 20, 35, 103, 17]
    """
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _DIGITS and c not in _UNITS for c in numeral):
        return None
    if all(c in _DIGITS for c in numeral) and len(numeral) > 1:
        return int("".join(str(_DIGITS[c]) for c in numeral))  # 二〇一八
    total, current = 0, 0
    for char in numeral:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            total += (current or 1) * _UNITS[char]
            current = 0
    return total + current
