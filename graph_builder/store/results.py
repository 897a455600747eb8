"""Query results as RDF terms, and their rendering: the plain tables of ``outputs`` (table, csv,
tsv, jsonl), SPARQL 1.1 JSON results (json) and SPARQL 1.1 TSV (sparql-tsv)."""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from pyoxigraph import BlankNode, Literal, NamedNode

from graph_builder import prefixes
from graph_builder.outputs import PLAIN_FORMATS, Table, Value, render_table
from graph_builder.outputs import display_width as display_width

Term = NamedNode | BlankNode | Literal
XSD = prefixes.XSD
XSD_STRING = XSD + "string"
RDF_LANG_STRING = prefixes.RDF + "langString"
FORMATS = (*PLAIN_FORMATS, "json", "sparql-tsv")
_INTEGERS = frozenset(XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                        "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))
_NUMBERS = frozenset(XSD + t for t in ("decimal", "double", "float"))


Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Result:
    """The answer of one query: rows of terms (SELECT, or triples of CONSTRUCT) or a boolean (ASK)."""

    variables: tuple[str, ...]
    rows: Sequence[Row] = field(default_factory=list)
    boolean: bool | None = None


class CodedRows(Sequence[Row]):
    """Rows as codes into a list of distinct texts, each the form a term is kept in (an answer read
    from the answer cache, ``answers.terms``). A term that recurs row after row (a thing, a
    predicate, a letter) is one text, made into a plain value once (``as_table``, by ``plain``
    straight from its text when given); terms, and rows of them, are made only when asked for."""

    def __init__(self, texts: Sequence[str | None], codes: Sequence[Sequence[int]], decode: Callable[[str], Term],
                 plain: Callable[[str, dict[str, str] | None, bool], Value] | None = None) -> None:
        self.texts, self.codes, self._decode, self._plain = texts, codes, decode, plain

    @classmethod
    def of(cls, rows: Iterable[Sequence[str | None]], decode: Callable[[str], Term],
           plain: Callable[[str, dict[str, str] | None, bool], Value] | None = None) -> CodedRows:
        """Rows of texts (``decode`` reads each back as a term, ``plain`` as a plain value; None is
        unbound), coded."""
        rows = rows if isinstance(rows, list) else list(rows)
        distinct = list(dict.fromkeys(itertools.chain.from_iterable(rows)))
        code = {text: at for at, text in enumerate(distinct)}.__getitem__
        return cls(distinct, [tuple(map(code, row)) for row in rows], decode, plain)

    @functools.cached_property
    def terms(self) -> list[Term | None]:
        return [None if text is None else self._decode(text) for text in self.texts]

    def values(self, prefixes: dict[str, str] | None, typed: bool) -> list[Value]:
        """Each distinct text's plain value (``plain``, below)."""
        if self._plain is None:
            return [None if term is None else plain(term, prefixes, typed) for term in self.terms]
        return [None if text is None else self._plain(text, prefixes, typed) for text in self.texts]

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, at: int) -> Row: ...
    @overload
    def __getitem__(self, at: slice) -> list[Row]: ...
    def __getitem__(self, at: int | slice) -> Row | list[Row]:
        if isinstance(at, slice):
            return [tuple(map(self.terms.__getitem__, codes)) for codes in self.codes[at]]
        return tuple(map(self.terms.__getitem__, self.codes[at]))

    def __iter__(self) -> Iterator[Row]:
        terms = self.terms.__getitem__
        return (tuple(map(terms, codes)) for codes in self.codes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(other) == len(self) and all(
            a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # (mutable, like the list it stands for)


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


def plain(term: Term | None, prefixes: dict[str, str] | None = None, typed: bool = False) -> Value:
    """A term as a plain value: the IRI (compacted by ``prefixes`` when given), the lexical form;
    with ``typed``, numbers and booleans as such (for JSON lines)."""
    if isinstance(term, NamedNode) and prefixes:
        return compact(term.value, prefixes)
    if typed and isinstance(term, Literal) and not term.language:
        return typed_value(term.datatype.value, term.value)
    return None if term is None else term_text(term)


def typed_value(datatype: str, value: str) -> Value:
    """A literal of ``datatype`` as a JSON value: numbers and booleans as such, else its lexical form."""
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _NUMBERS:
            return float(value)
    except ValueError:
        return value
    if datatype == XSD + "boolean":
        return value in ("true", "1")
    return value


def as_table(result: Result, prefixes: dict[str, str] | None = None, typed: bool = False) -> Table:
    """The rows of a SELECT (or triples of a CONSTRUCT) as a plain table."""
    if isinstance(result.rows, CodedRows):  # each distinct term once, then codes to values
        values = result.rows.values(prefixes, typed)
        return Table(tuple(result.variables), [tuple(map(values.__getitem__, codes)) for codes in result.rows.codes])
    seen: dict[Term, Value] = {}  # the same terms recur row after row (a thing, a predicate, a letter)

    def value(term: Term | None) -> Value:
        if term is None:
            return None
        if term not in seen:
            seen[term] = plain(term, prefixes, typed)
        return seen[term]

    rows = [tuple(map(value, row)) for row in result.rows]
    return Table(tuple(result.variables), rows)


def render(
    result: Result, fmt: str, prefixes: dict[str, str] | None = None, raw: bool = False,
    bom: bool = False, columns: str | None = None, width: int | None = None,
) -> str:
    """The result as text in ``fmt`` (``FORMATS``), ending with a newline.

    ``table``, ``csv``, ``tsv`` and ``jsonl`` are plain values (``outputs``; the table compacts
    IRIs with ``prefixes``); ``json`` is SPARQL 1.1 JSON results and ``sparql-tsv`` SPARQL 1.1
    TSV (terms in N-Triples syntax). ``columns`` (``a,b``) keeps those variables only.

    >>> render(Result(("n",), [(Literal("深圳"),)]), "table").splitlines()
    ['n', '----', '深圳', '(1 row)']
    """
    if result.boolean is not None:
        return _render_boolean(result.boolean, fmt)
    if columns:
        keep = Table(tuple(result.variables)).select(columns).columns
        index = [result.variables.index(v) for v in keep]
        result = Result(keep, [tuple(row[i] for i in index) for row in result.rows])
    if fmt == "sparql-tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(str(t) if t is not None else "" for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        return json.dumps(_json_results(result), ensure_ascii=False, indent=2) + "\n"
    if fmt in PLAIN_FORMATS:
        table = as_table(result, (prefixes or {}) if fmt == "table" else None, typed=fmt == "jsonl")
        return render_table(table, fmt, bom=bom, raw=raw, width=width)
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
