"""search-label answered from the answer cache: its labels' group searched by the given text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from graph_builder.answers.index import search_index
from graph_builder.answers.rows import ANSWERS_CACHE, build_stamp, merged_rows, write_lines
from graph_builder.answers.specs import CLASSES, DISTINCT
from graph_builder.answers.terms import Row, Terms, lexical
from graph_builder.corpus.blocks import Block


def _searched(out: Path, blocks: list[Block], jobs: int | None, parts: list[str]) -> list[tuple[str, Any]] | None:
    """The labels whose LCASE holds one of ``parts``, each as (its LCASE, [thing, label, kind, LANG,
    classes]), from the search index (None when it is stale or missing)."""
    path = out / ANSWERS_CACHE / "search-label.index"
    try:
        with path.open("rb") as stream:
            if orjson.loads(stream.readline()) != build_stamp(blocks):
                return None
            lowers = orjson.loads(stream.readline())
            offsets = orjson.loads(stream.readline())
            found = [i for i, text in enumerate(lowers) if any(part in text for part in parts)]
            rows = []
            for i in found:
                stream.seek(offsets[i])
                rows.append((lowers[i], orjson.loads(stream.readline())))
            return rows
    except (OSError, ValueError, IndexError):
        return None


def search_label_rows(out: Path, blocks: list[Block], jobs: int | None, terms: Terms) -> tuple[
        tuple[str, ...], list[Row]]:
    """search-label's outer group on the search index (``_search_label`` says what it does)."""
    wanted = _lowered(terms)
    parts = [part for part, _ in wanted if part is not None]
    found = _searched(out, blocks, jobs, parts)
    if found is None:  # no index yet: made from the rows
        once = {name: dict.fromkeys(merged_rows(out, name, jobs, blocks)) for name in DISTINCT}
        write_lines(out / ANSWERS_CACHE / "search-label.index", search_index(build_stamp(blocks), once))
        found = _searched(out, blocks, jobs, parts)
    if found is None:  # a folder that cannot be written: from the rows
        return _search_label(merged_rows(out, "search-label", jobs, blocks), terms,
                             merged_rows(out, CLASSES, jobs, blocks))
    rows: list[Row] = []
    for text, (thing, label, kind, lang, classes) in found:
        for part, want_lang in wanted:
            if part is None or part not in text:
                continue
            if want_lang is not None and lexical(lang) != want_lang.value:
                continue
            rows += [(thing, cls, label, lang, kind) for cls in classes]
            break
    return ("thing", "class", "label", "labelLang", "labelKind"), rows


def _lowered(terms: Terms) -> list[tuple[str | None, Any]]:
    """LCASE of each (text, lang) row search-label's VALUES binds, by pyoxigraph."""
    from graph_builder.query_params import values_rows

    names = list(terms)
    lowered = ox.Store().query(
        "SELECT (LCASE(?text) AS ?t) (LCASE(?lang) AS ?l) WHERE { VALUES (" + " ".join(f"?{n}" for n in names)
        + ") { " + " ".join("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")"
                            for row in values_rows(terms)) + " } }")
    assert isinstance(lowered, ox.QuerySolutions)
    return [(text.value if text is not None else None, lang) for text, lang in lowered]


def _search_label(labels: list[Row], terms: Terms, classes: list[Row]) -> tuple[tuple[str, ...], list[Row]]:
    """search-label's outer group: ``FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?text)))`` for any of the
    forms of the text its VALUES binds, ``FILTER(!BOUND(?lang) || ?labelLang = LCASE(?lang))``, and the
    join with ``GRAPH ?h { ?anyLetter a ipgov:ReplyLetter . ?thing a ?class }``. LCASE is pyoxigraph's:
    the labels' were computed with their rows, the parameters' are computed here."""
    wanted = _lowered(terms)
    of: dict[str | None, list[str | None]] = {}
    for thing, cls in classes:
        of.setdefault(thing, []).append(cls)
    rows: list[Row] = []
    for thing, label, kind, lang, lower in labels:
        assert lower is not None
        text = lexical(lower)
        for part, want_lang in wanted:
            if part is None or part not in text:
                continue
            if want_lang is not None and (lang is None or lexical(lang) != want_lang.value):
                continue
            rows += [(thing, cls, label, lang, kind) for cls in of.get(thing, [])]
            break
    return ("thing", "class", "label", "labelLang", "labelKind"), rows
