"""The emitter's tools: the ``Emitter`` that collects a letter's N-Quads lines with their
evidence, the terms of predicates (through the fact table, ``graph_builder.fact_table``),
literals of the table's datatypes, and the IRIs of things. ``rdf/emit.py`` writes the facts.

Terms are N-Triples strings (``rdf.terms``) and lines are formatted directly: this is the
hot path of a corpus build.
"""

from __future__ import annotations

from functools import cache, lru_cache

from graph_builder import __version__
from graph_builder import namespaces as V
from graph_builder.fact_table import ANNOTATION, FACT_PREDICATE, FACT_PREDICATES, JSON_ONLY_ATTRS, UnknownFactError
from graph_builder.iri import local_thing_uri, thing_uri
from graph_builder.model import Letter, LetterFacts, Span
from graph_builder.rdf.evidence import (
    ANNOTATION_QUADS,
    annotation_lines,
    annotation_term,
    named_line,
    quote_line,
    span_term,
)
from graph_builder.rdf.terms import (
    RDF_TYPE,
    XSD,
    escape,
    iri,
    lang,
    literal_n3,
    plain,
    typed,
)

ID = str(V.IPGOV_ID)
GRAPH = str(V.IPGOV_GRAPH)
PROV = str(V.PROV)



def predicate_term(curie: str) -> str:
    """The N-Triples term of a predicate of the fact table (``fact_table.FACT_PREDICATES``).

    :raises UnknownFactError: when the table does not list it: a predicate is written only once
        its evidence and facts-JSON key are decided there (docs/adding-a-fact.md)
    """
    if curie not in FACT_PREDICATE:
        raise UnknownFactError(f"{curie} is not in graph_builder.fact_table.FACT_PREDICATES (docs/adding-a-fact.md)")
    prefix, local = curie.split(":", 1)
    return iri(f"{V.PREFIXES[prefix]}{local}")


pred = cache(predicate_term)
RDF_VALUE = pred("rdf:value")
PREF_LABEL, ALT_LABEL = pred("skos:prefLabel"), pred("skos:altLabel")
DCT_IDENTIFIER, DCT_TITLE, DCT_DATE = pred("dcterms:identifier"), pred("dcterms:title"), pred("dcterms:date")
DCT_IS_PART_OF = pred("dcterms:isPartOf")
SOFTWARE = iri(f"{ID}software/ipgov-{__version__}")
ROLE_PREDICATES = {
    "respondingAgency": iri(str(V.RoleAuthor)),
    "coHandler": iri(str(V.RoleCoHandler)),
    "addressedTo": iri(str(V.RoleAddressee)),
}
_DATE_TYPES = {10: "date", 7: "gYearMonth", 4: "gYear"}
INTEGER = XSD + "integer"


@cache
def class_term(term: object) -> str:
    return iri(str(term))


@cache
def ipgov_term(local: str) -> str:
    return f"<{V.IPGOV}{local}>"


def date_literal(value: str) -> tuple[str, str]:
    """An ISO date, year-month or year as the matching XSD literal: (N-Triples, n3).

    >>> [date_literal(v)[0].split("#")[1] for v in ("2018-08-15", "2017-03", "2013")]
    ['date>', 'gYearMonth>', 'gYear>']
    """
    datatype = XSD + _DATE_TYPES[len(value)]
    return typed(value, datatype), literal_n3(value, f"^^<{datatype}>")


_SUFFIXES = {"zh": "@zh", "string": "", "gYear": f"^^<{XSD}gYear>", "integer": f"^^<{INTEGER}>",
             "decimal": f"^^<{XSD}decimal>", "boolean": f"^^<{XSD}boolean>"}


def literal_terms(kind: str, value: object) -> tuple[str, str]:
    """A literal of the fact table's datatype ``kind`` (``FactPredicate.literal``): (N-Triples, n3).

    >>> literal_terms("integer", 5)[0].split("#")[1], literal_terms("zh", "局长")[1]
    ('integer>', '"局长"@zh')
    """
    if kind == "date":
        if len(str(value)) not in _DATE_TYPES:
            raise UnknownFactError(f"{value!r} is no ISO date, year-month or year")
        return date_literal(str(value))
    suffix = _SUFFIXES.get(kind)
    if suffix is None:
        raise UnknownFactError(f"no datatype {kind!r} for the literal {value!r} (FactPredicate.literal)")
    lexical = ("true" if value else "false") if kind == "boolean" else str(value)
    return '"' + escape(lexical) + '"' + suffix, literal_n3(lexical, suffix)


@lru_cache(maxsize=1 << 16)
def thing_term(kind: str, canonical_name: str) -> str:
    """The IRI term of a shared thing: ``iri.thing_iri`` as an N-Triples string (memoised)."""
    return f"<{thing_uri(kind, canonical_name)}>"


def local_term(kind: str, letter_key: str, *parts: object) -> str:
    """``iri.local_iri`` as an N-Triples string."""
    if len(parts) == 1:  # most nodes: measure-3, item-1, figure-815
        return f"<{ID}{kind}/{letter_key}-{parts[0]}>" if parts[0] != "" else f"<{ID}{kind}/{letter_key}>"
    suffix = "-".join(str(p) for p in parts)
    return f"<{ID}{kind}/{letter_key}" + (f"-{suffix}>" if suffix else ">")


# The fact table (fact_table.FACT_PREDICATES) read once: relations by Relation.predicate (the ipgov:
# predicates with annotations) → (term, literal datatype); Entity.attrs keys → (attr, term, datatype,
# annotated); attributes whose object is an IRI map their value to it.
RELATIONS = {p.curie[len("ipgov:"):]: (pred(p.curie), p.literal) for p in FACT_PREDICATES
              if p.curie.startswith("ipgov:") and p.evidence == ANNOTATION}
ATTRIBUTES = tuple((p.attr, pred(p.curie), p.literal, p.evidence == ANNOTATION) for p in FACT_PREDICATES if p.attr)
ATTRIBUTE_IRIS = {"policyType": {key: class_term(term) for key, term in V.POLICY_TYPES.items()}}
KNOWN_ATTRS = frozenset({*(attr for attr, *_ in ATTRIBUTES), *JSON_ONLY_ATTRS})
assert all(literal or attr in ATTRIBUTE_IRIS for attr, _, literal, _ in ATTRIBUTES), "an attribute without a datatype"


class Emitter:
    """Collects one letter's N-Quads lines; every fact goes through ``fact`` with its span.

    Pieces are kept in the order they are made, each once, so each fact is followed by its
    evidence and the same letter always gives the same bytes. A fact's line is the key that
    tells a repeated fact (and its evidence, with the span) from a new one: hashing the
    long evidence pieces as well cost more than the set lookups.
    """

    def __init__(self, facts: LetterFacts, letter: Letter) -> None:
        self.facts = facts
        self.letter = letter
        self.key = letter.key
        self.graph = f"<{GRAPH}{self.key}>"
        self.tail = f" {self.graph} .\n"
        self.source = f"<{ID}source/{self.key}>"
        self.doc = local_term("letter", self.key)
        self.pieces: list[str] = []
        self.quads = 0
        self.seen: set[str] = set()  # lines of facts
        self.named_at: set[tuple[str, int, int]] = set()  # (thing, span) pairs written
        self.annotations: set[str] = set()  # annotation IRIs written (their hash holds fact and span)
        self.spans: set[tuple[int, int]] = set()  # spans whose quote is written

    def iri(self, ref: tuple[str, str]) -> str:
        kind, name = ref
        if kind == "letter":
            return self.doc
        entity = self.facts.entities.get(ref)
        if entity is not None and entity.local:
            return f"<{local_thing_uri(kind, self.key, name)}>"
        return thing_term(kind, name)

    def add(self, s: str, p: str, o: str) -> None:
        line = f"{s} {p} {o}{self.tail}"
        if line not in self.seen:
            self.seen.add(line)
            self.pieces.append(line)
            self.quads += 1

    def fact(self, s: str, p: str, o: str, span: Span | None, o_n3: str | None = None) -> None:
        """Add (s, p, o) and, with a span, its evidence; ``o_n3`` is needed when o is a literal.

        A type is evidenced by the thing being named at the span (one triple), any other
        fact by an annotation that reifies it (``rdf.evidence``)."""
        line = f"{s} {p} {o}{self.tail}"
        if line not in self.seen:
            self.seen.add(line)
            self.pieces.append(line)
            self.quads += 1
        if span is None:
            return
        if p == RDF_TYPE:
            self.named(s, span)
        else:
            self.annotate(s, p, o, span, o_n3)

    def named(self, thing: str, span: Span) -> None:
        """Say that ``thing`` is named (or stated, for a sentence) at ``span``."""
        start, end = span.start, span.end
        if (thing, start, end) in self.named_at:
            return
        self.named_at.add((thing, start, end))
        self.pieces.append(named_line(thing, self.key, start, end, self.tail))
        self.quads += 1
        self.quote(start, end)

    def annotate(self, s: str, p: str, o: str, span: Span, o_n3: str | None = None) -> str:
        """Add the annotation saying that ``span`` states (s, p, o); its IRI."""
        start, end = span.start, span.end
        annotation = annotation_term(self.key, (s, p, o), o_n3 or o, start, end)
        if annotation not in self.annotations:
            self.annotations.add(annotation)
            target = span_term(self.key, start, end)
            self.pieces.append(annotation_lines(annotation, (s, p, o), target, self.tail))
            self.quads += ANNOTATION_QUADS
            self.quote(start, end)
        return annotation

    def quote(self, start: int, end: int) -> None:
        if (start, end) not in self.spans:
            self.spans.add((start, end))
            self.pieces.append(quote_line(self.key, self.letter.text, start, end, self.tail))
            self.quads += 1

    def passage(self, span: Span) -> str:
        """The node of a sentence that is a thing of its own (a suggestion, a measure): the
        span itself, its text the span's quote, so the sentence is written once."""
        self.quote(span.start, span.end)
        return span_term(self.key, span.start, span.end)

    def fact_zh(self, s: str, p: str, text: str, span: Span | None) -> None:
        self.fact(s, p, lang(text, "zh"), span, literal_n3(text, "@zh"))

    def fact_plain(self, s: str, p: str, text: str, span: Span | None) -> None:
        self.fact(s, p, plain(text), span, literal_n3(text))
