"""SPARQL text of a query: its syntax without comments, strings and IRIs, where its WHERE group
opens, and the text with parameters bound there as one ``VALUES`` block of RDF terms.

Parameters are bound one way for every store: the values become RDF terms (pyoxigraph's
N-Triples serialisation) in a ``VALUES`` block placed as the first element of the query's
outermost ``WHERE`` group; user text is never spliced into the query.
"""

from __future__ import annotations

import re
from typing import Any

from graph_builder.errors import HeaderError
from graph_builder.query_params import literal_term as literal_term
from graph_builder.query_params import param_terms, values_rows
from graph_builder.store import SparqlStore
from graph_builder.store.results import Result, Term

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''" r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'",
    re.DOTALL,
)


def mask(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length, newlines kept).

    What is left is SPARQL syntax only: keywords, variables, prefixed names, braces.

    >>> mask('SELECT ?a WHERE { ?a <x:y> "b:c" } # d:e')
    'SELECT ?a WHERE { ?a       "   " }      '
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out.append(" " * (end - i))
            i = end
            continue
        if ch in "\"'":
            found = _STRING.match(text, i)
            if found:
                body = found.group(0)
                quote = ch * 3 if body.startswith(ch * 3) and len(body) >= 6 else ch
                inner = re.sub(r"[^\n]", " ", body[len(quote) : len(body) - len(quote)])
                out.append(quote + inner + quote)
                i = found.end()
                continue
        if ch == "<":
            found = _IRIREF.match(text, i)
            if found:
                out.append(" " * len(found.group(0)))
                i = found.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def where_brace(text: str, path: str = "<query>") -> int:
    """Offset just after the ``{`` that opens the query's outermost WHERE group.

    >>> q = "SELECT ?a WHERE { ?a ?b ?c }"
    >>> q[: where_brace(q)]
    'SELECT ?a WHERE {'

    :raises HeaderError: when the query has no WHERE group (e.g. ``DESCRIBE <x>``)
    """
    masked = mask(text)
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.IGNORECASE)
    if not form:
        raise HeaderError(path, 1, "no SELECT, ASK, CONSTRUCT or DESCRIBE")
    depth = 0
    after_where: int | None = None
    where_seen = False
    top: list[int] = []
    for found in re.finditer(r"[{}]|\bWHERE\b", masked[form.end() :], re.IGNORECASE):
        token, at = found.group(0), form.end() + found.start()
        if token == "{":
            if depth == 0:
                top.append(at + 1)
                if where_seen and after_where is None:
                    after_where = at + 1
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            where_seen = True
    if after_where is not None:
        return after_where
    kind = form.group(1).upper()
    if kind == "CONSTRUCT" and len(top) >= 2:
        return top[1]
    if kind != "CONSTRUCT" and top:
        return top[0]
    raise HeaderError(path, _line_of(text, form.start()), "parameters need a WHERE group to bind into")


def values_block(terms: dict[str, Term | None]) -> str:
    """The ``VALUES`` clause binding ``terms`` (``UNDEF`` for None); a string with other forms
    (traditional, full-width) gets a row for each (``query_params.text_variants``).

    >>> values_block({"year": literal_term("year", "2018"), "agency": None})
    'VALUES (?year ?agency) { ("2018"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF) }'
    >>> values_block({"text": literal_term("string", "華為")})
    'VALUES (?text) { ("華為") ("华为") ("華爲") }'
    """
    names = " ".join(f"?{name}" for name in terms)
    rows = [" ".join("UNDEF" if term is None else str(term) for term in row) for row in values_rows(terms)]
    return f"VALUES ({names}) {{ " + " ".join(f"({row})" for row in rows) + " }"


def bound_text(query: Any, terms: dict[str, Term | None]) -> str:
    """The query text with ``terms`` bound: a VALUES block opening the outermost WHERE group.

    Absent optional parameters are left out rather than bound to ``UNDEF`` (the same
    meaning; Virtuoso 7 mishandles projected variables bound to ``UNDEF``).
    """
    terms = {name: term for name, term in terms.items() if term is not None}
    if not terms:
        return query.text
    at = where_brace(query.text, query.path)
    return f"{query.text[:at]}\n  {values_block(terms)}\n{query.text[at:]}"


def run_query(query: Any, raw: dict[str, str], store: SparqlStore) -> Result:
    """Bind ``raw`` parameter values and run ``query`` on ``store``.

    :raises UsageError: on a bad parameter
    :raises HeaderError: when the query text does not parse
    """
    text = bound_text(query, param_terms(query, raw, store))
    try:
        return store.run(text)
    except SyntaxError as error:
        raise HeaderError(query.path, 1, f"query does not parse: {str(error).splitlines()[0]}") from None
