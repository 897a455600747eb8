"""Find a pattern's matches faster when each match holds an anchor at a known distance from its start.

A pattern that begins with a character class (``[汉字]{2,20}?诉…``) is tried by the regex
engine at every position of a letter. When every match holds an *anchor* (诉, 海关, a post
such as 局长) starting between ``near`` and ``far`` characters after the match's start, a
match can start only there: the pattern is tried at those positions alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


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
