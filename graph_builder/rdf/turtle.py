"""TriG and Turtle text from sorted N-Quads lines, written directly (no parser, no term objects).

The text is what pyoxigraph's serialisers write for the same statements with the
project's prefixes (prefixed names with ``\\``-escaped local names, ``a`` for rdf:type,
bare integers, decimals and booleans, ``;`` and ``,`` grouping); ``tests/test_determinism.py``
compares the two on every letter it builds. Parsing and re-serialising with pyoxigraph
cost more than building the letter, so the corpus build uses this instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from graph_builder.namespaces import PREFIXES, RDF, XSD

_RDF_TYPE = f"<{RDF.type!s}>"
_XSD_INTEGER, _XSD_DECIMAL, _XSD_BOOLEAN = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)
_PREFIXES = sorted(((str(ns), name) for name, ns in PREFIXES.items()), reverse=True)
_LOCAL_FIRST = re.compile(r"[A-Za-z0-9_:]")
_LOCAL_REST = re.compile(r"[A-Za-z0-9_:\-]")
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_:][A-Za-z0-9_:\-]*")
# Letter keys and hashes: escape only / # % ~ (the usual case, without the loop below).
_COMMON_LOCAL = re.compile(r"[A-Za-z0-9_:][A-Za-z0-9_:\-./#%~]*")
_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_ESCAPES = {"\b": "\\b", "\t": "\\t", "\f": "\\f"}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


def _escape_local(local: str) -> str | None:
    """A local name as Turtle writes it, or None when it cannot be one (then ``<iri>``)."""
    if not local:
        return ""
    if _PLAIN_LOCAL.fullmatch(local):
        return local
    if _COMMON_LOCAL.fullmatch(local) and local[-1] != ".":
        return local.replace("/", "\\/").replace("#", "\\#").replace("%", "\\%").replace("~", "\\~")
    out = []
    last = len(local) - 1
    for index, char in enumerate(local):
        if (index == 0 and _LOCAL_FIRST.match(char)) or (
            index > 0 and (_LOCAL_REST.match(char) or (char == "." and index < last))
        ):
            out.append(char)
        elif char in _ESCAPABLE:
            out.append("\\" + char)
        else:
            return None
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def iri_turtle(term: str) -> str:
    """An ``<iri>`` term as Turtle writes it: a prefixed name when a prefix fits.

    >>> iri_turtle("<https://w3id.org/ipgov/id/org/abc>")
    'ipgov-id:org\\\\/abc'
    """
    iri = term[1:-1]
    for base, name in _PREFIXES:
        if iri.startswith(base):
            local = _escape_local(iri[len(base):])
            if local is not None:
                return f"{name}:{local}"
    return term


def _control(match: re.Match[str]) -> str:
    char = match.group(0)
    return _CONTROL_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def literal_turtle(term: str) -> str:
    """A literal in N-Triples form (``rdf.terms``) as Turtle writes it.

    >>> literal_turtle('"5"^^<http://www.w3.org/2001/XMLSchema#integer>')
    '5'
    """
    end = term.rindex('"')
    body, suffix = term[: end + 1], term[end + 1 :]
    if _CONTROL.search(body):
        body = _CONTROL.sub(_control, body)
    if not suffix.startswith("^^"):
        return body + suffix
    datatype = suffix[3:-1]
    value = body[1:-1]
    if (
        (datatype == _XSD_INTEGER and _INTEGER.fullmatch(value))
        or (datatype == _XSD_DECIMAL and _DECIMAL.fullmatch(value))
        or (datatype == _XSD_BOOLEAN and value in ("true", "false"))
    ):
        return value
    return f"{body}^^{iri_turtle(suffix[2:])}"


def _object(term: str) -> str:
    return iri_turtle(term) if term.startswith("<") else literal_turtle(term)


def _statements(triples: Iterable[tuple[str, str, str]], indent: str) -> Iterator[str]:
    """Subject blocks: ``s p o , o ;`` grouping, as pyoxigraph writes them."""
    subject = predicate = None
    for s, p, o in triples:
        if s == subject:
            if p == predicate:
                yield " , " + _object(o)
            else:
                yield f" ;\n{indent}\t{'a' if p == _RDF_TYPE else iri_turtle(p)} {_object(o)}"
        else:
            if subject is not None:
                yield " .\n"
            yield f"{indent}{iri_turtle(s)} {'a' if p == _RDF_TYPE else iri_turtle(p)} {_object(o)}"
        subject, predicate = s, p
    if subject is not None:
        yield " .\n"


def trig_block(graph: str, triples: Iterable[tuple[str, str, str]]) -> str:
    """One named graph's sorted triples (N-Triples terms) as a TriG block, without prefix header.

    :param graph: the graph's ``<iri>`` term
    """
    body = "".join(_statements(triples, "\t"))
    return f"{iri_turtle(graph)} {{\n{body}}}\n" if body else ""


def split_triple(text: str) -> tuple[str, str, str]:
    """(subject, predicate, object) of ``"s p o"`` in our N-Triples form (IRIs have no spaces)."""
    first = text.index(" ")
    second = text.index(" ", first + 1)
    return text[:first], text[first + 1 : second], text[second + 1 :]


def turtle_statements(triples: Iterable[tuple[str, str, str]]) -> Iterator[str]:
    """Sorted, de-duplicated triples as the statements of a Turtle file (no prefix header)."""
    return _statements(triples, "")


def prefix_header() -> str:
    """The ``@prefix`` lines, in the order pyoxigraph writes them (see ``corpus.trig_header``)."""
    import pyoxigraph as ox

    probe = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"), ox.NamedNode("urn:x:g"))
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    text = (ox.serialize([probe], format=ox.RdfFormat.TRIG, prefixes=prefixes) or b"").decode("utf-8")
    return text[: text.index("<urn:x:g>")]
