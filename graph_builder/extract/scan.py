"""Find a pattern's matches faster when each match holds an anchor at a known distance from its start.

A pattern that begins with a character class (``[汉字]{2,20}?诉…``) is tried by the regex
engine at every position of a letter. When every match holds an *anchor* (诉, 海关, a post
such as 局长) starting between ``near`` and ``far`` characters after the match's start, a
match can start only there: the pattern is tried at those positions alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast


@dataclass(frozen=True)
class Anchored:
    """``pattern``, whose every match holds an ``anchor`` match starting ``near``..``far`` after its start."""

    pattern: re.Pattern[str]
    anchor: re.Pattern[str]  # may be a lookahead, to see anchors that overlap
    near: int
    far: int

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """The matches ``pattern.finditer(text, pos, endpos)`` gives, in order.

        Start positions are tried in increasing order, each once: for each anchor, those
        ``far``..``near`` before it that no earlier anchor covered. The first that matches
        is the leftmost match, as in ``finditer``, which then goes on from its end.
        """
        end = len(text) if endpos is None else min(endpos, len(text))
        tried = pos  # every start before this has been tried, or lies before pos
        for anchor in self.anchor.finditer(text, pos, end):
            last = anchor.start() - self.near
            for start in range(max(tried, anchor.start() - self.far), last + 1):
                found = self.pattern.match(text, start, end)
                if found:
                    yield found
                    tried = found.end()  # beyond this anchor's starts: the match holds it or a later one
                    break
            else:
                tried = max(tried, last + 1)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)``."""
        return next(self.finditer(text, pos, endpos), None)


def first_char_class(source: str) -> str | None:
    """A regex character class holding every character a match of ``source`` can begin with,
    or None when that is not simply known (a match may be empty or begin with any character)."""
    from re import _constants as c  # type: ignore[attr-defined]  # CPython's private regex modules: no stubs
    from re import _parser  # type: ignore[attr-defined]

    items: set[str] = set()

    def sequence(parsed: list[tuple[object, object]]) -> bool:
        """Collect the first characters of a sequence; True when the sequence may match empty."""
        for op, value in parsed:
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # zero-width: the next item starts the match
            if op is c.LITERAL:
                items.add(re.escape(chr(value)))  # type: ignore[arg-type]
                return False
            if op is c.IN:
                for kind, arg in value:  # type: ignore[attr-defined]
                    if kind is c.LITERAL:
                        items.add(re.escape(chr(arg)))
                    elif kind is c.RANGE:
                        items.add(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
                    elif kind is c.CATEGORY and arg in _CATEGORIES:
                        items.add(_CATEGORIES[arg])
                    else:
                        raise _UnknownStartError
                return False
            if op is c.BRANCH:
                empty = [sequence(list(branch)) for branch in value[1]]  # type: ignore[index]
                if not any(empty):
                    return False
                continue
            if op is c.SUBPATTERN:
                if not sequence(list(value[-1])):  # type: ignore[index]
                    return False
                continue
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, _high, item = cast("tuple[int, int, Iterable[tuple[object, object]]]", value)  # (min, max, item)
                if not sequence(list(item)) and low > 0:
                    return False
                continue
            raise _UnknownStartError  # ANY, NOT_LITERAL, back-references …
        return True

    try:
        if sequence(list(_parser.parse(source))):
            return None
    except _UnknownStartError:
        return None
    return "[" + "".join(sorted(items)) + "]"


class _UnknownStartError(Exception):
    """A construct whose first characters ``first_char_class`` does not work out."""


def _categories() -> dict[object, str]:
    from re import _constants as c  # type: ignore[attr-defined]  # CPython's private regex module: no stubs

    return {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_SPACE: r"\s", c.CATEGORY_WORD: r"\w"}


_CATEGORIES = _categories()


def quick_start(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)`` led by a lookahead for its first characters, when they are known.

    The regex engine scans a text quickly for a pattern's first character when it can tell
    it; an alternation of many words (论坛|博览会|…) hides it. The lookahead gives the same
    matches: every match begins with one of those characters anyway. Where the engine
    already sees the first character (a short list of words) the lookahead costs instead:
    use it where it measures faster.
    """
    first = first_char_class(pattern)
    return re.compile(pattern if first is None else f"(?={first})(?:{pattern})")
