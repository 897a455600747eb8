"""A served answer's projection, DISTINCT and order: pyoxigraph's own, on the rows given."""

from __future__ import annotations

import pyoxigraph as ox

from graph_builder.answers.ranks import ranked
from graph_builder.answers.sparql_text import order_clause, projection, prologue
from graph_builder.answers.terms import Row, decode, plain_value
from graph_builder.query_text import mask
from graph_builder.store.results import CodedRows, Result


def ordered(text: str, names: tuple[str, ...], rows: list[Row]) -> Result:
    """``rows`` (of ``names``) projected, made DISTINCT and ordered as the query ``text`` says: by
    ranks (``ranks.ranked``) where the engine's order is certain, else by pyoxigraph, a VALUES block
    under the query's own ORDER BY clause (tens of seconds for a few hundred thousand rows)."""
    variables, distinct = projection(text)
    answer = by_ranks(text, names, rows)
    if answer is not None:
        return Result(variables, CodedRows.of(answer, decode, plain_value))
    header = " ".join(f"?{n}" for n in names)
    masked = mask(text)
    lines = [f"{prologue(text, masked)}SELECT {'DISTINCT ' if distinct else ''}"
             f"{' '.join('?' + v for v in variables)} WHERE {{ VALUES ({header}) {{"]
    for row in rows:
        lines.append("(" + " ".join("UNDEF" if t is None else str(decode(t)) for t in row) + ")")
    lines.append("} }")
    lines.append(order_clause(text))
    solutions = ox.Store().query("\n".join(lines))
    assert isinstance(solutions, ox.QuerySolutions)
    return Result(variables, [tuple(solution) for solution in solutions])


def by_ranks(text: str, names: tuple[str, ...], rows: list[Row]) -> list[Row] | None:
    """``rows`` (of ``names``) as the query ``text``'s answer rows, ordered by ranks (``ranks.ranked``);
    None where that order is not certain. SPARQL orders, then projects, then drops repeats (the first
    one stays)."""
    variables, distinct = projection(text)
    if any(variable not in names for variable in variables):
        return None
    in_order = ranked(rows, names, order_clause(text))
    if in_order is None:
        return None
    at = [names.index(variable) for variable in variables]
    projected = [tuple([row[i] for i in at]) for row in in_order]
    return list(dict.fromkeys(projected)) if distinct else projected
