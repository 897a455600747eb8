"""An ORDER BY of plain variables and ``STR(?v)`` on kept rows, in the engine's order, without a
VALUES block of every row.

pyoxigraph orders 40,000 rows given as a VALUES block in over a second (STR evaluated at each
comparison). Here each key's distinct values are ordered by pyoxigraph itself (one small query a
key, ``ORDER BY ?t``; plain strings, which it compares by code point, by Python), and the rows are
sorted in Python by the tuple of their values' places: the
same order, as long as the engine's comparison of a key's values is a strict order that no two
of them tie in. So this gives up (None; then ``order.ordered`` orders) when that is not certain:
two distinct values of a key with the same text (``"a"`` and ``"a"@zh``, an IRI and its STR), a
blank node, literals other than strings, integers and decimals, two numbers of one value (``1``
and ``1.0`` compare equal), numbers beside strings (they compare out of order), a key that is
neither ``?v`` nor ``STR(?v)``, or two different rows with the same places (their order would be
the sort's). A key whose values cannot be ranked ends the keys used: when the keys before it
already set every row apart it is never compared, and the last check says whether they did.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pyoxigraph as ox

from graph_builder.answers.terms import ID, XSD_INTEGER, Row, decode
from graph_builder.query_text import mask

_KEY = re.compile(r"\?(\w+)|STR\(\s*\?(\w+)\s*\)", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # an integer's or a decimal's lexical form
_NUMBERS = (XSD_INTEGER.value, "http://www.w3.org/2001/XMLSchema#decimal")
_STRINGS = ("http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def order_keys(clause: str) -> list[tuple[str, bool]] | None:
    """The keys of an ``ORDER BY`` clause as (variable, under STR), or None when one is anything else.

    >>> order_keys("ORDER BY STR(?a) ?b")
    [('a', True), ('b', False)]
    >>> order_keys("ORDER BY DESC(?n) ?a") is None
    True
    """
    body = mask(clause).strip()
    head = re.match(r"ORDER\s+BY\b", body, re.IGNORECASE)
    if head is None:
        return None
    keys, at = [], head.end()
    for found in _KEY.finditer(body, at):
        if body[at:found.start()].strip():
            return None
        keys.append((found.group(1) or found.group(2), found.group(1) is None))
        at = found.end()
    return keys if keys and not body[at:].strip() else None


def _str(text: str) -> str | None:
    """STR of an encoded term (``terms.encode``), as an encoded plain literal; None for a blank node."""
    kind = text[0]
    if kind == "~":
        return '"' + ID + text[1:]
    if kind in "<\"":
        return '"' + text[1:]
    if kind in "@^":
        return '"' + text.partition(" ")[2]
    return None


def _ranks(values: list[str | None]) -> dict[str | None, int] | None:
    """Each distinct value's place in pyoxigraph's ``ORDER BY``; None when two of them could tie."""
    if all(value is None or value[0] == '"' for value in values):
        # plain strings (and unbound, first): the engine compares their text, by code point as Python does
        return {value: place for place, value in enumerate(sorted(values, key=lambda v: (v is not None, v or "")))}
    lexical: set[str] = set()
    kinds: set[str] = set()
    numbers: list[Decimal] = []
    for value in values:
        if value is None or value[0] in "~<":
            continue
        term = decode(value)
        if not isinstance(term, ox.Literal) or term.value in lexical:
            return None  # a blank node, or two literals of one text
        lexical.add(term.value)
        if term.datatype.value in _NUMBERS and _NUMBER.fullmatch(term.value):
            kinds.add("number")
            numbers.append(Decimal(term.value))
        elif term.datatype.value in _STRINGS:
            kinds.add("string")
        else:
            return None
    if len(kinds) > 1 or len(set(numbers)) < len(numbers):
        return None  # numbers beside texts, or two numbers of one value (1 and 1.0, 2 and 02): they could tie
    block = " ".join("(UNDEF)" if value is None else f"({decode(value)})" for value in values)
    solutions = ox.Store().query(f"SELECT ?t WHERE {{ VALUES (?t) {{ {block} }} }} ORDER BY ?t")
    assert isinstance(solutions, ox.QuerySolutions)
    by_term = {None if value is None else decode(value): value for value in values}
    return {by_term[solution[0]]: place for place, solution in enumerate(solutions)}


def ranked(rows: list[Row], names: tuple[str, ...], clause: str) -> list[Row] | None:
    """``rows`` (of ``names``) in the order of the ``ORDER BY`` ``clause``; None where that is not certain."""
    keys = order_keys(clause)
    if keys is None or any(name not in names for name, _ in keys):
        return None
    columns: list[list[int]] = []
    for name, under_str in keys:
        at = names.index(name)
        texts: list[str | None] = [row[at] for row in rows]
        if under_str:
            strs = {text: None if text is None else _str(text) for text in set(texts)}
            if any(text is not None and found is None for text, found in strs.items()):
                return None
            texts = [strs[text] for text in texts]
        places = _ranks(list(dict.fromkeys(texts)))
        if places is None:
            break  # the keys before may order every row already (checked below): then this one is never compared
        columns.append([places[text] for text in texts])
    if not columns:
        return None
    keyed = list(zip(*columns, strict=True))
    order = sorted(range(len(rows)), key=keyed.__getitem__)
    for a, b in itertools.pairwise(order):
        if keyed[a] == keyed[b] and rows[a] != rows[b]:
            return None
    return [rows[i] for i in order]
