"""``actor``'s DISTINCT and ORDER BY on one thing's rows without a VALUES block of them all.

Its ORDER BY is ``STR(?actor) ?direction STR(?predicate) STR(?other) ?otherText STR(?letter)``. All
but ``?otherText`` compare plain strings (STR of IRIs and literals; ``?direction`` is "in" or
"out"), which pyoxigraph orders by code point, as Python does. ``?otherText`` (a label, a value or
unbound) is ranked by pyoxigraph itself: its distinct values in a VALUES block under ``ORDER BY``.
Ordering 40,000 rows through pyoxigraph takes over a second (a VALUES block of every row, STR
evaluated at each comparison); this takes a few hundredths.

Where this could differ from pyoxigraph, it gives up (None; then ``order.ordered`` orders): a blank
node (its STR is an error), a ``?direction`` that is not a plain string, two values of
``?otherText`` with the same text (a plain and a tagged one: their order is the engine's business),
or two rows equal in every key (their order would be the engine's sort's).
"""

from __future__ import annotations

import itertools

import pyoxigraph as ox

from graph_builder.answers.terms import Row, decode

ORDER = "ORDER BY STR(?actor) ?direction STR(?predicate) STR(?other) ?otherText STR(?letter)"


def _str(text: str | None) -> str | None:
    """STR of an encoded term (an IRI's text, a literal's lexical form); None for a blank node or unbound."""
    if text is None or text[0] == "_":
        return None
    term = decode(text)
    return term.value


def _ranks(values: list[str | None]) -> dict[str | None, int] | None:
    """Each distinct ``?otherText`` value's place in pyoxigraph's ORDER BY; None when two share a text."""
    texts = [_str(value) for value in values if value is not None]
    if any(text is None for text in texts) or len(set(texts)) != len(texts):
        return None
    block = " ".join("(UNDEF)" if value is None else f"({decode(value)})" for value in values)
    solutions = ox.Store().query(f"SELECT ?t WHERE {{ VALUES (?t) {{ {block} }} }} ORDER BY ?t")
    assert isinstance(solutions, ox.QuerySolutions)
    by_term = {None if value is None else decode(value): value for value in values}
    return {by_term[solution[0]]: rank for rank, solution in enumerate(solutions)}


def actor_order(rows: list[Row]) -> list[Row] | None:
    """``rows`` (actor, direction, predicate, other, otherText, letter) DISTINCT, in the query's order;
    None where that order is not certain here."""
    rows = list(dict.fromkeys(rows))
    ranks = _ranks(list(dict.fromkeys(row[4] for row in rows)))
    if ranks is None:
        return None
    keyed = []
    for row in rows:
        actor, direction, predicate, other, other_text, letter = row
        if direction is None or direction[0] != '"':
            return None
        strings = (_str(actor), direction[1:], _str(predicate), _str(other), _str(letter))
        if None in strings:
            return None
        keyed.append(((*strings[:4], ranks[other_text], strings[4]), row))
    keyed.sort(key=lambda pair: pair[0])
    if any(a[0] == b[0] for a, b in itertools.pairwise(keyed)):
        return None
    return [row for _, row in keyed]
