"""Query results as RDF terms, and their rendering as a table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode

from graph_builder.safe_text import csv_cell, printable

Term = NamedNode | BlankNode | Literal
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("table", "csv", "tsv", "json")
TABLE_CELL_WIDTH = 48  # display columns; longer cells are cut with "…" in tables only


@dataclass(frozen=True)
class Result:
    """The answer of one query: rows of terms (SELECT, or triples of CONSTRUCT) or a boolean (ASK)."""

    variables: tuple[str, ...]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None


def term_text(term: Term | None) -> str:
    """A cell as SPARQL 1.1 CSV writes it: the IRI, the lexical form, or ``_:id``; empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, NamedNode | Literal):
        return term.value
    return f"_:{term.value}"


def term_key(term: Term | None) -> str:
    """A canonical N-Triples form of a term, for comparing answers of different stores."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype.value == XSD_STRING and not term.language:
        return str(Literal(term.value))
    return str(term)


def compact(iri: str, prefixes: dict[str, str]) -> str:
    """``iri`` as a prefixed name when one of ``prefixes`` covers it (longest namespace wins)."""
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else iri


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        step = display_width(ch)
        if used + step > width - 1:
            break
        out.append(ch)
        used += step
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render(result: Result, fmt: str, prefixes: dict[str, str] | None = None, raw: bool = False) -> str:
    """The result as text in ``fmt`` (table, csv, tsv or json), ending with a newline.

    CSV cells that a spreadsheet would read as a formula get a leading quote unless ``raw``
    (``safe_text.csv_cell``); the table escapes control characters (``safe_text.printable``).

    >>> render(Result(("n",), [(Literal("深圳"),)]), "table").splitlines()
    ['n', '----', '深圳', '(1 row)']
    """
    if result.boolean is not None:
        return _render_boolean(result.boolean, fmt)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([csv_cell(term_text(t), raw) for t in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(str(t) if t is not None else "" for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        return json.dumps(_json_results(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _render_table(result, prefixes or {})
    raise ValueError(f"unknown format {fmt!r}")


def _render_boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    return ("true" if value else "false") + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json_results(result: Result) -> dict[str, object]:
    bindings = [
        {var: _json_term(term) for var, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _table_cell(term: Term | None, prefixes: dict[str, str]) -> str:
    text = compact(term.value, prefixes) if isinstance(term, NamedNode) else term_text(term)
    return _fit(printable(" ".join(text.split())), TABLE_CELL_WIDTH)


def _render_table(result: Result, prefixes: dict[str, str]) -> str:
    cells = [[_table_cell(t, prefixes) for t in row] for row in result.rows]
    widths = [display_width(v) for v in result.variables]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    rows = [list(result.variables), ["-" * w for w in widths], *cells]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
