"""search-label's search index: every label's LCASE in one list, each label's row by byte offset."""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from graph_builder.answers.specs import CLASSES
from graph_builder.answers.terms import Row, lexical


def search_index(stamp: str, once: dict[str, dict[Row, None]]) -> Iterator[bytes]:
    """search-label's labels ready to search: the stamp; every label's LCASE as plain text; the byte
    offset of each label's line from the file's start; then a line per label: thing, label, kind,
    LANG and the thing's classes."""
    of: dict[str | None, list[str | None]] = {}
    for thing, cls in once[CLASSES]:
        of.setdefault(thing, []).append(cls)
    labels = list(once["search-label"])

    def line(thing: str | None, label: str | None, kind: str | None, lang: str | None, _: str | None) -> bytes:
        return orjson.dumps([thing, label, kind, lang, of.get(thing, [])])

    head = [orjson.dumps(stamp), orjson.dumps([lexical(row[4]) for row in labels])]
    start = sum(len(line) + 1 for line in head)
    offsets = []
    for row in labels:  # each line measured, then let go: 400,000 kept lines of orjson took 1.6 GB
        offsets.append(start)
        start += len(line(*row)) + 1
    # the offsets' own line comes before the rows: count it in (its length shifts every row)
    shift = len(orjson.dumps(offsets)) + 1
    while True:
        moved = [at + shift for at in offsets]
        width = len(orjson.dumps(moved)) + 1
        if width == shift:
            break
        shift = width
    yield from head
    yield orjson.dumps(moved)
    for row in labels:
        yield line(*row)
