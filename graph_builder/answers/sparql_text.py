"""The parts of a canned query's text the answer cache uses: its letter group, projection and order."""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph_builder.query_text import mask


def _group_end(masked: str, start: int) -> int:
    """Offset just after the ``}`` that closes the group opening at ``start`` (a ``{``)."""
    depth = 0
    for at in range(start, len(masked)):
        if masked[at] == "{":
            depth += 1
        elif masked[at] == "}":
            depth -= 1
            if depth == 0:
                return at + 1
    raise ValueError("unbalanced braces")


def prologue(text: str, masked: str) -> str:
    start = re.search(r"\bSELECT\b", masked, re.IGNORECASE)
    assert start is not None
    return text[: start.start()]


def row_query(text: str, variables: Iterable[str], which: int = 0) -> str:
    """The query's ``GRAPH ?g { … }`` group (the first, or the one ``which`` counts from 0), as its
    own SELECT of ``variables`` (names, or ``(expression AS ?name)``).

    >>> row_query("PREFIX a: <x:> SELECT ?x WHERE { GRAPH ?g { ?x a:p ?y } FILTER(?y) }", ["x", "y"])
    'PREFIX a: <x:> SELECT ?x ?y WHERE { GRAPH ?g { ?x a:p ?y } }'
    """
    masked = mask(text)
    found = list(re.finditer(r"\bGRAPH\s+\?\w+\s*\{", masked))[which]
    end = _group_end(masked, found.end() - 1)
    names = " ".join(v if v.startswith("(") else f"?{v}" for v in variables)
    return f"{prologue(text, masked)}SELECT {names} WHERE {{ {text[found.start() : end]} }}"


def order_clause(text: str) -> str:
    masked = mask(text)
    found = list(re.finditer(r"\bORDER\s+BY\b", masked, re.IGNORECASE))
    return text[found[-1].start() :] if found else ""


def projection(text: str) -> tuple[tuple[str, ...], bool]:
    """The variables the query's outermost SELECT projects (an aggregate by its ``AS`` name),
    and whether it is DISTINCT.

    >>> projection("SELECT DISTINCT ?a (COUNT(DISTINCT ?b) AS ?n) WHERE { }")
    (('a', 'n'), True)
    """
    masked = mask(text)
    found = re.search(r"\bSELECT\b(.*?)\bWHERE\b", masked, re.IGNORECASE | re.DOTALL)
    assert found is not None
    clause = found.group(1)
    while "(" in clause:
        clause = re.sub(r"\(([^()]*)\)", lambda m: m.group(1).rsplit("AS", 1)[-1] if " AS " in m.group(1) else "",
                        clause)
    distinct = bool(re.match(r"\s*DISTINCT\b", clause, re.IGNORECASE))
    return tuple(re.findall(r"[?$](\w+)", clause)), distinct
