"""A letter's graph as a review page needs it: text, types, labels, links and evidence spans."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph_builder import namespaces
from graph_builder.rdf.evidence import span_offsets

ID = str(namespaces.IPGOV_ID)
ONT = str(namespaces.IPGOV)
RDF = str(namespaces.RDF)
OA = str(namespaces.OA)
SKOS = str(namespaces.SKOS)

@dataclass
class Graph:
    """What a page needs from a letter graph."""

    text: str = ""
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    links: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))  # (s, p) → objects
    # annotated triples with their spans: (subject, predicate, object) → spans
    evidence: dict[tuple[str, str, str], list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    at_span: dict[tuple[int, int], list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    letter: str = ""

    def cls(self, iri: str) -> str:
        """The ipgov class of a thing (the first, sorted), or ""."""
        found = sorted(t[len(ONT):] for t in self.types.get(iri, []) if t.startswith(ONT))
        return found[0] if found else ""

    def kind(self, iri: str) -> str:
        """The kind part of an IRI (org, case, figure …); a sentence's span is an item or a measure."""
        if not iri.startswith(ID):
            return ""
        kind = iri[len(ID):].split("/")[0]
        if kind == "source" and "#char=" in iri:
            return "item" if ONT + "SuggestionItem" in self.types.get(iri, []) else "measure"
        return kind

    def iri_at(self, spans: list[tuple[int, int]], kinds: tuple[str, ...]) -> str:
        """The thing of one of ``kinds`` that the first of ``spans`` is evidence about."""
        for span in spans[:1]:
            found = [(p != RDF + "type", s) for s, p, _ in self.at_span.get(span, []) if self.kind(s) in kinds]
            if found:
                return min(found)[1]  # a mention (rdf:type) first, else what the span states of it
        return ""


def parse_graph(nquads: bytes) -> Graph:
    """Read a letter graph (N-Quads) into a ``Graph``.

    Evidence comes three ways (docs/MODEL.md): an annotation reifying a fact and targeting a
    span; a thing named at a span (evidence of its types); a sentence that is a thing of its
    own (a measure, a suggestion), its IRI the span. A span's offsets are in its IRI.
    """
    import pyoxigraph as ox

    graph = Graph()
    ann: dict[str, dict[str, str]] = defaultdict(dict)
    targets: dict[str, list[str]] = defaultdict(list)
    named: list[tuple[str, str]] = []  # (thing, span)
    quoted: list[str] = []  # spans with a quote
    source = ""
    texts: dict[str, str] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        value = o.value
        if p == RDF + "type":
            graph.types[s].append(value)
            if value == ONT + "ReplyLetter":
                graph.letter = s
        elif p == SKOS + "prefLabel" and isinstance(o, ox.Literal):
            graph.labels[s].setdefault(o.language or "", value)
        elif p in (RDF + "subject", RDF + "predicate", RDF + "object"):
            ann[s][p] = value
        elif p == OA + "hasTarget":
            targets[s].append(value)
        elif p == ONT + "namedAt":
            named.append((s, value))
        elif p == OA + "exact":
            quoted.append(s)
        elif p == ONT + "hasSourceText":
            source = value
        elif p == RDF + "value" and isinstance(o, ox.Literal):
            texts[s] = value
        if isinstance(o, ox.NamedNode) and p.startswith(ONT) and p != ONT + "namedAt":
            graph.links[(s, p)].append(value)
    graph.text = texts.get(source, "")

    def add(key: tuple[str, str, str], span_iri: str) -> None:
        offsets = span_offsets(span_iri)
        if offsets is not None:
            span = (offsets[1], offsets[2])
            graph.evidence[key].append(span)
            graph.at_span[span].append(key)

    for node, triple in ann.items():
        key = (triple.get(RDF + "subject", ""), triple.get(RDF + "predicate", ""), triple.get(RDF + "object", ""))
        for target in targets.get(node, []):
            add(key, target)
    for thing, span_iri in named:
        for cls in graph.types.get(thing, []):
            add((thing, RDF + "type", cls), span_iri)
    for passage in quoted:
        for cls in graph.types.get(passage, []):
            add((passage, RDF + "type", cls), passage)
    for spans in graph.evidence.values():
        spans.sort()
    return graph
