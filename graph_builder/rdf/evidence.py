"""Evidence: which span of the letter's text states each fact, with the quote once per span.

A span is an RFC 5147 fragment of the letter's source text, ``<…/source/K#char=S,E>``
(code points, end exclusive): the Web Annotation model's way of naming a segment of a
resource by IRI. Its one triple is the quote, ``oa:exact``. Facts point at spans:

- a thing named at a span (the evidence of its ``rdf:type`` in this letter): one triple,
  ``<thing> ipgov:namedAt <span>``;
- any other fact: an annotation that reifies it (``rdf:subject``, ``rdf:predicate``,
  ``rdf:object``) and targets the span (``oa:hasTarget``); ``oa:hasTarget``'s domain makes
  it an ``oa:Annotation``.

So a span stated by several facts is written once, and no prefix or suffix copies text the
source already holds (docs/MODEL.md has the before and after). Every node gets an IRI (no
blank nodes) so that graphs from separate builds merge by plain union and serialise
byte-identically. Terms are N-Triples strings: the emitter formats lines directly, without
rdflib terms, because term objects cost more than the rest of a letter's build.
"""

from __future__ import annotations

import hashlib
import re

from graph_builder.namespaces import EVIDENCE_OBJECT, EVIDENCE_PREDICATE, EVIDENCE_SUBJECT, IPGOV, IPGOV_ID, OA
from graph_builder.rdf.terms import iri, plain

ANNOTATION_QUADS = 4  # the lines of ``annotation_lines``
Triple = tuple[str, str, str]  # (subject, predicate, object) as N-Triples terms

_SUBJECT, _PREDICATE, _OBJECT = iri(str(EVIDENCE_SUBJECT)), iri(str(EVIDENCE_PREDICATE)), iri(str(EVIDENCE_OBJECT))
_HAS_TARGET, _EXACT = iri(str(OA.hasTarget)), iri(str(OA.exact))
NAMED_AT = iri(f"{IPGOV}namedAt")
_EVIDENCE = f"{IPGOV_ID}evidence/"
_SOURCE = f"{IPGOV_ID}source/"
# a span IRI: the source text's IRI, then the RFC 5147 character range
SPAN_IRI = re.compile(r"(?P<source>[^#<>]+/source/[^#<>/]+)#char=(?P<start>[0-9]+),(?P<end>[0-9]+)")


def evidence_key(s: str, p: str, o_n3: str, start: int, end: int) -> str:
    """The hash part of an annotation IRI; the same formula as ``iri.evidence_iri``.

    :param s: the subject IRI (bare)
    :param p: the predicate IRI (bare)
    :param o_n3: the object as rdflib's ``n3()`` writes it (see ``terms.literal_n3``)
    """
    return hashlib.sha256(f"{s}\n{p}\n{o_n3}\n{start}\n{end}".encode()).hexdigest()[:16]


def span_uri(letter_key: str, start: int, end: int) -> str:
    """``iri.span_iri`` as a bare string."""
    return f"{_SOURCE}{letter_key}#char={start},{end}"


def span_term(letter_key: str, start: int, end: int) -> str:
    """``iri.span_iri`` as an N-Triples IRI."""
    return f"<{_SOURCE}{letter_key}#char={start},{end}>"


def span_offsets(span: str) -> tuple[str, int, int] | None:
    """(source IRI, start, end) of a span IRI (bare or in <>), or None for any other IRI.

    >>> span_offsets("<https://w3id.org/ipgov/id/source/000_ab#char=3,7>")
    ('https://w3id.org/ipgov/id/source/000_ab', 3, 7)
    """
    found = SPAN_IRI.fullmatch(span.strip("<>"))
    if found is None:
        return None
    return found["source"], int(found["start"]), int(found["end"])


def annotation_term(letter_key: str, fact: Triple, o_n3: str, start: int, end: int) -> str:
    """The IRI of the annotation saying that text[start:end] states ``fact`` (N-Triples)."""
    s, p, _ = fact
    return f"<{_EVIDENCE}{letter_key}/{evidence_key(s[1:-1], p[1:-1], o_n3, start, end)}>"


def annotation_lines(annotation: str, fact: Triple, target: str, tail: str) -> str:
    """The N-Quads lines saying that the span ``target`` states ``fact``, as one string.

    :param annotation: the annotation's IRI (``annotation_term``), computed once by the caller
    :param fact: the (subject, predicate, object) the span supports, as N-Triples terms
    :param target: the span's IRI (``span_term``)
    :param tail: what ends each line: the graph term, `` .`` and a newline
    """
    s, p, o = fact
    return (
        f"{annotation} {_SUBJECT} {s}{tail}"
        f"{annotation} {_PREDICATE} {p}{tail}"
        f"{annotation} {_OBJECT} {o}{tail}"
        f"{annotation} {_HAS_TARGET} {target}{tail}"
    )


def named_line(thing: str, letter_key: str, start: int, end: int, tail: str) -> str:
    """The N-Quads line saying that ``thing`` is named at [start, end) of the letter."""
    return f"{thing} {NAMED_AT} {span_term(letter_key, start, end)}{tail}"


def quote_line(letter_key: str, text: str, start: int, end: int, tail: str) -> str:
    """The N-Quads line of a span's quote, text[start:end] (the span's only triple)."""
    return f"{span_term(letter_key, start, end)} {_EXACT} {plain(text[start:end])}{tail}"
