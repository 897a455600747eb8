"""``actor`` and ``evidence-for`` answered by IRI: each letter's answer rows for the shared things
it holds, kept by thing.

Both queries read the letter graphs through one ``GRAPH ?g { … }`` group in which the IRI parameter
is the subject or the object of a triple (so only the graphs that hold the IRI give rows), and do
the rest outside it: ``actor`` DISTINCT and ORDER BY; ``evidence-for`` BINDs, a GROUP BY whose
keys include ``?letter`` and ORDER BY. So each letter's rows (the whole query without its ORDER BY,
run on that letter's graph alone with the parameter bound by ``VALUES`` to every shared thing the
letter holds) are that letter's share of the answer for each of those things; their union over the
letters, DISTINCT and ordered by pyoxigraph (``order.ordered``), is the answer. A group of
``evidence-for`` made of two letters' rows (two graphs typing the same letter) would need its MAX
across them: such an answer is left to the SPARQL (``groups_apart``).

Only shared things (``prefixes.SHARED_KINDS``: ``ipgov-id:org/<16 hex digits>`` and the like) are kept:
they recur across letters and carry the large answers; any other IRI (a letter, a measure, a span)
is in one letter's graph and its SPARQL reaches the store's indexes in little time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from graph_builder.answers.order import by_ranks
from graph_builder.answers.sparql_text import projection
from graph_builder.answers.specs import text_digest
from graph_builder.answers.terms import Row, encode
from graph_builder.prefixes import IPGOV_ID, SHARED_KINDS
from graph_builder.query_text import mask, where_brace

SHARED = re.compile(re.escape(IPGOV_ID) + "(?:" + "|".join(sorted(SHARED_KINDS)) + ")/[0-9a-f]{16}")
MARK = "#iris#"  # where a letter's things go in its row query's VALUES block (a comment until then)


@dataclass(frozen=True)
class IriSpec:
    """How one canned query is answered from rows kept by the IRI of one parameter."""

    digest: str  # sha256 (first 16 hex digits) of the query text this spec was written against
    param: str  # the IRI parameter (the rows' first variable)
    variables: tuple[str, ...]  # the variables of each kept row: the query's projection
    joined: tuple[str, ...] = ()  # other parameters: joined by VALUES with variables never unbound


IRI_SPECS: dict[str, IriSpec] = {
    "actor": IriSpec("38d4625d634ddd14", "actor", ("actor", "direction", "predicate", "other", "otherText", "letter")),
    "evidence-for": IriSpec(
        "337fb9056b8ba6e7", "subject", ("subject", "predicate", "object", "letter", "start", "end", "exact",
                                        "sentence"), ("predicate", "object")),
}
EVIDENCE_KEYS = 7  # evidence-for's GROUP BY keys: its first seven variables (all but the MAX)


def iri_canned(query: Any) -> IriSpec | None:
    """The spec of ``query`` when it is a canned query answered by IRI, with the text its spec was written for."""
    spec = IRI_SPECS.get(query.name)
    if spec is None or query.path != f"queries/{query.name}.rq" or text_digest(query.text) != spec.digest:
        return None
    return spec


def letter_text(text: str, param: str) -> str:
    """The query without its ORDER BY, ``param`` bound by a VALUES block opening its WHERE group
    (its values written in place of ``MARK`` for each letter)."""
    masked = mask(text)
    at = where_brace(text)
    order = list(re.finditer(r"\bORDER\s+BY\b", masked, re.IGNORECASE))[-1].start()
    return f"{text[:at]}\n  VALUES ?{param} {{ {MARK}\n }}\n{text[at:order]}"


def shared_things(store: ox.Store) -> list[ox.NamedNode]:
    """The shared things a letter's graph holds as a subject or an object, in IRI order."""
    found: set[str] = set()
    for quad in store:
        if type(quad.subject) is ox.NamedNode:
            found.add(quad.subject.value)
        if type(quad.object) is ox.NamedNode:
            found.add(quad.object.value)
    return [ox.NamedNode(iri) for iri in sorted(found) if SHARED.fullmatch(iri)]


def letter_iri_rows(store: ox.Store, texts: dict[str, str]) -> dict[str, list[Row]]:
    """Each query's rows (``texts``: from ``letter_text``) on one letter's graph, for its shared things."""
    things = " ".join(map(str, shared_things(store)))
    rows: dict[str, list[Row]] = {}
    for name, text in texts.items():
        if not things:
            rows[name] = []
            continue
        solutions = store.query(text.replace(MARK, things, 1))
        assert isinstance(solutions, ox.QuerySolutions)
        rows[name] = [tuple(encode(term) for term in solution) for solution in solutions]
    return rows


@cache
def _query(name: str) -> Any:
    from graph_builder.queries import find_query

    return find_query(name)


def letter_texts() -> dict[str, str]:
    """The row queries of the queries answered by IRI (those whose text is still their spec's)."""
    return {name: letter_text(_query(name).text, spec.param) for name, spec in IRI_SPECS.items()
            if iri_canned(_query(name)) is spec}


def groups_apart(name: str, rows: list[Row]) -> bool:
    """No GROUP BY group of ``rows`` came from two letters (``evidence-for``; nothing to check for ``actor``)."""
    if name != "evidence-for":
        return True
    return len({row[:EVIDENCE_KEYS] for row in rows}) == len(rows)


def final_order(name: str, rows: list[Row]) -> list[Row] | None:
    """One IRI's rows as its answer's (DISTINCT when the query says so), in its order, when ``ranks``
    is sure of that order; else None (then pyoxigraph orders them per call)."""
    spec, text = IRI_SPECS[name], _query(name).text
    if projection(text)[0] != spec.variables or not groups_apart(name, rows):
        return None
    return by_ranks(text, spec.variables, rows)
