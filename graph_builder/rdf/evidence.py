"""Evidence: an oa:Annotation per (fact, span) with position and quote selectors.

Every node gets an IRI (no blank nodes) so that graphs from separate builds merge by
plain union and serialise byte-identically.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph_builder.iri import evidence_iri
from graph_builder.model import Span
from graph_builder.namespaces import OA

CONTEXT = 12  # characters of prefix and suffix kept in the quote selector
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def evidence_triples(
    letter_key: str, source: URIRef, text: str, fact: Triple, span: Span
) -> list[Triple]:
    """The triples saying that ``text[span]`` states ``fact``.

    :param letter_key: the letter's key (evidence IRIs are per letter)
    :param source: the IRI of the letter's source text
    :param text: the decoded letter text the offsets index
    :param fact: the (subject, predicate, object) the span supports
    :param span: code-point offsets, end exclusive
    """
    s, p, o = fact
    annotation = evidence_iri(letter_key, str(s), str(p), o.n3(), span.start, span.end)
    target = URIRef(f"{annotation}#target")
    position = URIRef(f"{annotation}#position")
    quote = URIRef(f"{annotation}#quote")
    triples: list[Triple] = [
        (annotation, RDF.type, OA.Annotation),
        (annotation, RDF.subject, s),
        (annotation, RDF.predicate, p),
        (annotation, RDF.object, o),
        (annotation, OA.hasTarget, target),
        (target, RDF.type, OA.SpecificResource),
        (target, OA.hasSource, source),
        (target, OA.hasSelector, position),
        (target, OA.hasSelector, quote),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)),
        (position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(text[span.start : span.end])),
    ]
    prefix = text[max(0, span.start - CONTEXT) : span.start]
    suffix = text[span.end : span.end + CONTEXT]
    if prefix:
        triples.append((quote, OA.prefix, Literal(prefix)))
    if suffix:
        triples.append((quote, OA.suffix, Literal(suffix)))
    return triples
