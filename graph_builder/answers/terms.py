"""Terms of the answer cache's rows as short strings, and back."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from graph_builder.outputs import Value
from graph_builder.store.results import Term, compact, typed_value

ID = "https://w3id.org/ipgov/id/"  # written ``~`` in a row
_ID = ID
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
Row = tuple[str | None, ...]  # encoded terms (``encode``), None for unbound
Terms = dict[str, Term | None]


def encode(term: Term | None) -> str | None:
    """A term as a string that ``decode`` reads back: ``<iri`` (``~key`` for ``ipgov-id:key``),
    ``"text``, ``@lang value``, ``^datatype value``, ``_id``.

    >>> [encode(t) for t in (ox.NamedNode("http://a/b"), ox.Literal("x"), ox.Literal("y", language="zh"))]
    ['<http://a/b', '"x', '@zh y']
    >>> decode(encode(ox.Literal("3", datatype=XSD_INTEGER))) == ox.Literal("3", datatype=XSD_INTEGER)
    True
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        iri = term.value
        return "~" + iri[len(_ID) :] if iri.startswith(_ID) else "<" + iri
    if isinstance(term, ox.BlankNode):
        return "_" + term.value
    if term.language:
        return f"@{term.language} {term.value}"
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return '"' + term.value
    return f"^{datatype} {term.value}"


@cache
def decode(text: str) -> Term:
    """The term ``encode`` wrote as ``text``."""
    kind, body = text[0], text[1:]
    if kind == "~":
        return ox.NamedNode(_ID + body)
    if kind == "<":
        return ox.NamedNode(body)
    if kind == '"':
        return ox.Literal(body)
    if kind == "_":
        return ox.BlankNode(body)
    tag, _, value = body.partition(" ")
    if kind == "@":
        return ox.Literal(value, language=tag)
    return ox.Literal(value, datatype=ox.NamedNode(tag))


def term_of(text: str | None) -> Term | None:
    return None if text is None else decode(text)


def lexical(text: str | None) -> str:
    term = term_of(text)
    assert term is not None
    return term.value


def plain_value(text: str, prefixes: dict[str, str] | None, typed: bool) -> Value:
    """What ``store.results.plain`` makes of the term ``text`` stands for, read from the text itself
    (no term made: an answer of 384,192 rows has 630,000 distinct texts)."""
    kind, body = text[0], text[1:]
    if kind in "~<":
        iri = _ID + body if kind == "~" else body
        return compact(iri, prefixes) if prefixes else iri
    if kind == '"':
        return body
    if kind == "_":
        return "_:" + body
    tag, _, value = body.partition(" ")
    return typed_value(tag, value) if kind == "^" and typed else value
