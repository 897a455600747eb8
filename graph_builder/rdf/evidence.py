"""Evidence: an oa:Annotation per (fact, span); its target, the span, carries the selectors.

A span of a letter is one oa:SpecificResource with a position and a quote selector,
shared by every annotation of a fact that span states (a name is evidence for the
thing's type and for the relation the sentence gives it).

Every node gets an IRI (no blank nodes) so that graphs from separate builds merge by
plain union and serialise byte-identically. Terms are N-Triples strings (``<iri>``,
``"lexical"@zh`` ...): the emitter formats lines directly, without rdflib terms, because
term objects cost more than the rest of a letter's build (docs/corpus.md).
"""

from __future__ import annotations

import hashlib

from graph_builder.model import Span
from graph_builder.namespaces import IPGOV_ID, OA
from graph_builder.rdf.terms import RDF_TYPE, iri, plain

CONTEXT = 12  # characters of prefix and suffix kept in the quote selector
ANNOTATION_QUADS = 5  # the lines of ``annotation_lines``
Triple = tuple[str, str, str]  # (subject, predicate, object) as N-Triples terms

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SUBJECT, _PREDICATE, _OBJECT = iri(f"{_RDF}subject"), iri(f"{_RDF}predicate"), iri(f"{_RDF}object")
_ANNOTATION, _HAS_TARGET = iri(str(OA.Annotation)), iri(str(OA.hasTarget))
_SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = iri(str(OA.SpecificResource)), iri(str(OA.hasSource)), iri(str(OA.hasSelector))
_POSITION, _START, _END = iri(str(OA.TextPositionSelector)), iri(str(OA.start)), iri(str(OA.end))
_QUOTE, _EXACT = iri(str(OA.TextQuoteSelector)), iri(str(OA.exact))
_PREFIX, _SUFFIX = iri(str(OA.prefix)), iri(str(OA.suffix))
_NON_NEGATIVE = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
_EVIDENCE = f"{IPGOV_ID}evidence/"


def evidence_key(s: str, p: str, o_n3: str, start: int, end: int) -> str:
    """The hash part of an annotation IRI; the same formula as ``iri.evidence_iri``.

    :param s: the subject IRI (bare)
    :param p: the predicate IRI (bare)
    :param o_n3: the object as rdflib's ``n3()`` writes it (see ``terms.literal_n3``)
    """
    return hashlib.sha256(f"{s}\n{p}\n{o_n3}\n{start}\n{end}".encode()).hexdigest()[:16]


def _span_base(letter_key: str, start: int, end: int) -> str:
    """``iri.span_iri`` as a bare string (its selectors add ``#position`` and ``#quote``)."""
    return f"{_EVIDENCE}{letter_key}/span-{start}-{end}"


def span_term(letter_key: str, start: int, end: int) -> str:
    """``iri.span_iri`` as an N-Triples IRI."""
    return f"<{_span_base(letter_key, start, end)}>"


def annotation_lines(letter_key: str, fact: Triple, o_n3: str, span: Span, tail: str) -> str:
    """The N-Quads lines saying that the span states ``fact``, as one string.

    :param letter_key: the letter's key (evidence IRIs are per letter)
    :param fact: the (subject, predicate, object) the span supports, as N-Triples terms
    :param o_n3: the object as rdflib's ``n3()`` writes it (the IRI hash is computed on it)
    :param span: code-point offsets, end exclusive
    :param tail: what ends each line: the graph term, `` .`` and a newline
    """
    s, p, o = fact
    start, end = span.start, span.end
    annotation = f"<{_EVIDENCE}{letter_key}/{evidence_key(s[1:-1], p[1:-1], o_n3, start, end)}>"
    return (
        f"{annotation} {RDF_TYPE} {_ANNOTATION}{tail}"
        f"{annotation} {_SUBJECT} {s}{tail}"
        f"{annotation} {_PREDICATE} {p}{tail}"
        f"{annotation} {_OBJECT} {o}{tail}"
        f"{annotation} {_HAS_TARGET} {span_term(letter_key, start, end)}{tail}"
    )


def span_lines(letter_key: str, source: str, text: str, span: Span, tail: str) -> tuple[str, str, int]:
    """The N-Quads lines of the span itself (target and selectors), as two strings, and how
    many lines they hold.

    The first string holds the lines made of IRIs and numbers, which are ASCII; the
    second the quote's lines, which carry the letter's characters. Kept apart because
    CPython stores an ASCII string one byte a character and encodes it as UTF-8 by copying,
    while one Chinese character makes a whole string two bytes a character and its
    encoding character by character (docs/corpus.md).

    :param source: the N-Triples IRI of the letter's source text
    :param text: the decoded letter text the offsets index
    """
    start, end = span.start, span.end
    base = _span_base(letter_key, start, end)
    target, position, quote = f"<{base}>", f"<{base}#position>", f"<{base}#quote>"
    structure = (
        f"{target} {RDF_TYPE} {_SPECIFIC}{tail}"
        f"{target} {_HAS_SOURCE} {source}{tail}"
        f"{target} {_HAS_SELECTOR} {position}{tail}"
        f"{target} {_HAS_SELECTOR} {quote}{tail}"
        f"{position} {RDF_TYPE} {_POSITION}{tail}"
        f'{position} {_START} "{start}"^^<{_NON_NEGATIVE}>{tail}'
        f'{position} {_END} "{end}"^^<{_NON_NEGATIVE}>{tail}'
        f"{quote} {RDF_TYPE} {_QUOTE}{tail}"
    )
    quoted = f"{quote} {_EXACT} {plain(text[start:end])}{tail}"
    lines = 9  # the eight of the structure and the exact quote
    if start > 0:
        quoted += f"{quote} {_PREFIX} {plain(text[max(0, start - CONTEXT) : start])}{tail}"
        lines += 1
    if end < len(text):
        quoted += f"{quote} {_SUFFIX} {plain(text[end : end + CONTEXT])}{tail}"
        lines += 1
    return structure, quoted, lines
