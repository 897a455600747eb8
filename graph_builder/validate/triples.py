"""One letter graph as plain Python dicts of N-Triples terms, for the fast SHACL Core engine.

A term is kept as its N-Triples text (``<iri>``, ``_:b0``, ``"text"``, ``"text"@zh``,
``"5"^^<…#integer>``), which is also what a report shows (rdflib's ``n3()``), so that
almost no term is ever turned into an object. The text is split line by line, not parsed
by an RDF library: the letter graphs come either from pyoxigraph's serialiser or from the
build's own N-Quads writer, one triple a line, each term always spelled one way.

Two things make two spellings one term in rdflib, and pySHACL compares terms as rdflib
does: a typed literal's lexical form is normalised for some datatypes (``"01"^^xsd:integer``
is ``"1"``, ``"1"^^xsd:boolean`` is ``"true"``), and ``"x"^^xsd:string`` is ``"x"``. Typed
literals are therefore keyed by rdflib's form, computed once per distinct spelling (a
digit string of an integer datatype is its own form and is not looked up).

The index maps predicate → subject → objects as the lines are read (only the predicates the
shapes use); a predicate's object → subjects map is made the first time a shape asks for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from graph_builder import namespaces as V

if TYPE_CHECKING:
    from rdflib.term import Node

XSD = str(V.XSD)
RDF_TYPE = f"<{V.RDF.type}>"
SUBCLASS_OF = f"<{V.RDFS.subClassOf}>"
# Datatypes whose digit strings rdflib keeps as written (int(lexical) printed back).
INTEGERS = frozenset(
    f"<{XSD}{name}>"
    for name in (
        "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)
_STRING_SUFFIX = f'"^^<{XSD}string>'
_DIGITS = re.compile(r"(?:0|[1-9][0-9]*)\Z")
# Lexical forms that rdflib keeps as written, per datatype (others are looked up once through rdflib).
KEPT = {
    **{datatype: _DIGITS for datatype in INTEGERS},
    f"<{XSD}decimal>": re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z"),
    f"<{XSD}date>": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    f"<{XSD}gYear>": re.compile(r"[1-9][0-9]{3}\Z"),
    f"<{XSD}gYearMonth>": re.compile(r"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])\Z"),
}


def is_literal(term: str) -> bool:
    """Whether an N-Triples term is a literal."""
    return term[0] == '"'


def is_iri(term: str) -> bool:
    """Whether an N-Triples term is an IRI."""
    return term[0] == "<"


def is_blank(term: str) -> bool:
    """Whether an N-Triples term is a blank node."""
    return term[0] == "_"


def literal_parts(term: str) -> tuple[str, str, str]:
    """(lexical text as written between the quotes, language, datatype IRI text or "") of a literal."""
    close = term.rindex('"')
    tail = term[close + 1 :]
    if tail.startswith("@"):
        return term[1:close], tail[1:], ""
    if tail.startswith("^^"):
        return term[1:close], "", tail[2:]
    return term[1:close], "", ""


@lru_cache(maxsize=4096)
def rdflib_term(term: str) -> Node:
    """The rdflib term pySHACL would see for an N-Triples term (through pyoxigraph's parser)."""
    import pyoxigraph as ox

    from graph_builder.validate.sparql import to_rdflib

    if term[0] == "_":
        from rdflib import BNode

        return BNode(term[2:])
    triple = next(iter(ox.parse(f"<x:s> <x:p> {term} .\n".encode(), format=ox.RdfFormat.N_TRIPLES)))
    return to_rdflib(triple.object)


@lru_cache(maxsize=4096)
def _typed_key(term: str) -> str:
    return rdflib_term(term).n3()


_KEYS: dict[str, str] = {}


def literal_key(term: str) -> str:
    """The key of a literal: as written, but a typed literal in rdflib's normalised form."""
    if term[-1] != ">":  # a plain or a language-tagged literal
        return term
    key = _KEYS.get(term)
    if key is None:
        if len(_KEYS) > 100_000:
            _KEYS.clear()
        key = _KEYS[term] = _typed_key_of(term)
    return key


def _typed_key_of(term: str) -> str:
    if term.endswith(_STRING_SUFFIX):
        return term[: -len(_STRING_SUFFIX) + 1]
    close = term.rindex('"')
    kept = KEPT.get(term[close + 3 :])
    if kept is not None and kept.match(term, 1, close):
        return term
    return _typed_key(term)


def report_text(term: str) -> str:
    """A term as ``results.term_text`` gives rdflib's term (``n3()``; every blank node ``_:b``)."""
    if term[0] == "_":
        return "_:b"
    if term[0] == "<" or "\\" not in term:
        return term
    return rdflib_term(term).n3()


class LetterTriples:
    """The triples of one graph: predicate → subject → objects, and the inverse made on demand."""

    __slots__ = ("_objects", "_subjects", "normalized", "triples")

    def __init__(self, objects: dict[str, dict[str, set[str]]], triples: int, normalized: bool = False) -> None:
        self._objects = objects
        self._subjects: dict[str, dict[str, set[str]]] = {}
        self.triples = triples
        self.normalized = normalized  # a typed literal is keyed otherwise than written (two spellings may be one key)

    @classmethod
    def from_ntriples(
        cls,
        nt: bytes | str,
        extra: tuple[tuple[str, str, str], ...] = (),
        predicates: frozenset[str] | None = None,
    ) -> LetterTriples:
        """Read N-Triples text (one triple a line); ``extra`` triples are added as (s, p, o) terms.

        ``predicates``: the only predicates kept (None: all).
        """
        text = nt.decode("utf-8") if isinstance(nt, bytes) else nt
        objects: dict[str, dict[str, set[str]]] = {}
        get = objects.get
        lines = text.splitlines()
        normalized = False
        for line in lines:
            try:
                s, p, rest = line.split(" ", 2)
            except ValueError:  # an empty line
                continue
            if predicates is not None and p not in predicates:
                continue
            o = rest[:-2] if rest[-2:] == " ." else rest[: rest.rindex(".")].rstrip()
            if o[-1] == ">" and o[0] == '"':
                key = literal_key(o)
                if key != o:
                    normalized = True
                o = key
            by_subject = get(p)
            if by_subject is None:
                objects[p] = {s: {o}}
                continue
            values = by_subject.get(s)
            if values is None:
                by_subject[s] = {o}
            else:
                values.add(o)
        for s, p, o in extra:
            objects.setdefault(p, {}).setdefault(s, set()).add(o)
        return cls(objects, len(lines), normalized)

    def objects_of(self, predicate: str) -> dict[str, set[str]]:
        """subject → the set of its objects of ``predicate`` (literals keyed by :func:`literal_key`)."""
        return self._objects.get(predicate, _NONE)

    def subjects_of(self, predicate: str) -> dict[str, set[str]]:
        """object → the set of its subjects by ``predicate``."""
        found = self._subjects.get(predicate)
        if found is None:
            found = {}
            for s, values in self._objects.get(predicate, _NONE).items():
                for o in values:
                    subjects = found.get(o)
                    if subjects is None:
                        found[o] = {s}
                    else:
                        subjects.add(s)
            self._subjects[predicate] = found
        return found


_NONE: dict[str, set[str]] = {}
