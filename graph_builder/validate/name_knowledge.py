"""What the lint knows of names: the word lists of ``graph_builder/data/names/`` (surnames, function
words) and whether a label is grounded in its letter (written there, a gazetteer alias of what is
written, or a bare-prefix completion of it). General knowledge only."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from graph_builder.resources import data_path
from graph_builder.text.normalize import normalize_text

# --- word lists (general knowledge, graph_builder/data/names/) --------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with data_path("names", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@cache
def function_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word, name beginnings that are not that word) of ``function_words.tsv`` and of the verbs of
    ``verbs.tsv`` with the role ``function_word`` (read here as extract/verbs.py reads them), longest first."""
    words = [(row["word"], row["except"]) for row in _rows("function_words.tsv")]
    for row in _rows("verbs.tsv"):
        if "function_word" in row["roles"].split("|"):
            honoured = not row["except_in"] or "function_word" in row["except_in"].split("|")
            words.append((row["verb"], row["except"] if honoured else ""))
    rows = [(normalize_text(word), tuple(normalize_text(e) for e in but.split("|") if e)) for word, but in words]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def leading_function_word(name: str) -> str:
    """The listed function word or verb a (normalised) name starts with, or ""."""
    for word, exceptions in function_words():
        if name.startswith(word) and not name.startswith(exceptions):
            return word
    return ""


# --- grounding -----------------------------------------------------------------------------
#
# The gazetteer's matcher and the divisions' index take most of a second to build (thousands
# of names through the traditional→simplified converter), more than validating a letter. So
# names are grounded first against a plain index of the same tables (``_Index``: aliases,
# stems and division names, read as written); only a name it leaves ungrounded is tried on
# the gazetteer itself (``Gazetteer.lookup`` and ``find``, which also sees an alias inside a
# longer quote and a place-prefixed stem). Either index can only ground more, never less.

_WHITE = re.compile(r"\s+")
_BARE = ("自治区", "省", "市", "区", "县")  # a bare level: the letter's own province, city …
_LEVEL_ENDS = "省市区县州盟旗"


@dataclass(frozen=True)
class _Index:
    """Plain lookups over the gazetteer's and the divisions' tables (normalised → normalised)."""

    names: dict[str, str]  # alias or canonical name → canonical name
    stems: dict[str, str]  # agency stem alias (发展改革委) → its canonical form (发展和改革委员会)
    divisions: frozenset[str]  # full names (资阳市, 郫都区) and district names with their city (成都市郫都区)
    # a division as written (full or short: 晋江, 德化县) → the names a place of it is given (晋江市, 泉州市德化县)
    division_forms: dict[str, frozenset[str]]


def _table(*parts: str) -> list[dict[str, str]]:
    with data_path(*parts).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# gazetteer.KIND_OF_FILE's tables, named here so that validating does not import the rules
# (a fifth of a second); tests/test_validate_facts.py checks that the two agree
NAME_TABLES = ("organizations", "places", "policies", "events")


@cache
def name_index() -> _Index:
    def aliases(file: str, into: dict[str, str]) -> None:
        for row in _table("gazetteer", file):
            canonical = normalize_text(row["canonical"])
            for alias in [row["canonical"], *filter(None, row["aliases"].split("|"))]:
                into.setdefault(normalize_text(alias), canonical)

    names: dict[str, str] = {}
    stems: dict[str, str] = {}
    for file in NAME_TABLES:
        aliases(f"{file}.tsv", names)
    aliases("stems.tsv", stems)
    rows = _table("gazetteer", "divisions.tsv")
    by_code = {row["code"]: row for row in rows}
    divisions = {row["name"] for row in rows}
    forms: dict[str, set[str]] = {}
    for row in rows:  # as jurisdiction.qualified_name names them: a district or county with its city
        parent = by_code.get(row["parent"])
        qualified = row["name"]
        if row["level"] == "county" and not row["name"].endswith("市") and parent is not None:
            qualified = parent["name"] + row["name"]
            divisions.add(qualified)
        prefecture = row["short"] + "州" if row["short"] and row["name"].endswith("自治州") else ""
        for written in filter(None, (row["name"], row["short"], prefecture)):
            forms.setdefault(normalize_text(written), set()).update({row["name"], qualified})
    division_forms = {key: frozenset(normalize_text(v) for v in values) for key, values in forms.items()}
    return _Index(names, stems, frozenset(divisions), division_forms)


def is_division(name: str) -> bool:
    """Whether ``name`` is how a body's name gives a division in full: 资阳市, 成都市郫都区, 郫都区."""
    return name in name_index().divisions


def _completes(name: str, quote: str, index: _Index) -> bool:
    """``name`` is ``quote`` with its bare 省/市/区/县 prefix completed by a division's name.

    The rest of the quote may be a short form of an agency stem (市发展改革委 → 广州市发展和改革委员会)
    or give, with the division, a name the gazetteer knows (省政府 → 广东省人民政府).
    """
    for bare in _BARE:
        if not quote.startswith(bare) or len(quote) == len(bare):
            continue
        rest = quote[len(bare) :]
        stem = index.stems.get(rest)
        tails = {rest, stem} if stem else {rest}
        for tail in tails:
            if name.endswith(tail) and len(name) > len(tail):
                place = name[: -len(tail)]
                if place == bare or place in index.divisions:
                    return True
        for cut in range(2, min(len(name), 12)):
            place = name[:cut]
            if place[-1] in _LEVEL_ENDS and place in index.divisions and any(
                index.names.get(place + tail) == name for tail in tails
            ):
                return True
    return False


def grounded(label: str, quotes: Iterable[str]) -> bool:
    """Whether a zh label is borne out by the quotes of its thing's evidence (compared normalised).

    It is when it occurs in a quote, is the gazetteer's canonical name of an alias a quote
    is or holds, or completes a quote's bare 省/市/区/县 prefix with a division's name.
    """
    # compared without white space: a name may be written across a line break (a PDF's title)
    name = _WHITE.sub("", normalize_text(label))
    quotes = sorted(_WHITE.sub("", normalize_text(q)) for q in quotes)
    if any(name in quote for quote in quotes):
        return True
    index = name_index()
    if any(index.names.get(quote) == name or _completes(name, quote, index) for quote in quotes):
        return True
    if any(name in index.division_forms.get(quote, ()) for quote in quotes):
        return True  # a place named by a division's full or short form (晋江 → 晋江市, 德化 → 泉州市德化县)
    from graph_builder.extract.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    return any(normalize_text(hit.entry.canonical) == name for quote in quotes for hit in gazetteer.find(quote))
