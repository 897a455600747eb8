"""LetterFacts → the triples of one letter's named graph: facts, labels, evidence, PROV."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from graph_builder import __version__
from graph_builder import namespaces as V
from graph_builder.iri import graph_iri, local_iri, name_key, thing_iri
from graph_builder.model import Letter, LetterFacts, Span
from graph_builder.rdf.evidence import Triple, evidence_triples
from graph_builder.text.numerals import chinese_to_int

SOFTWARE = V.IPGOV_ID[f"software/ipgov-{__version__}"]
ROLE_PREDICATES = {"respondingAgency": V.RoleAuthor, "coHandler": V.RoleCoHandler, "addressedTo": V.RoleAddressee}


def date_literal(value: str) -> Literal:
    """An ISO date, year-month or year as the matching XSD literal.

    >>> [date_literal(v).datatype.split("#")[1] for v in ("2018-08-15", "2017-03", "2013")]
    ['date', 'gYearMonth', 'gYear']
    """
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


class _Emitter:
    """Collects one letter's triples; every fact goes through ``fact`` with its span."""

    def __init__(self, facts: LetterFacts, letter: Letter) -> None:
        self.facts = facts
        self.letter = letter
        self.key = letter.key
        self.source = V.IPGOV_ID[f"source/{self.key}"]
        self.doc = local_iri("letter", self.key)
        self.triples: list[Triple] = []

    def iri(self, ref: tuple[str, str]) -> URIRef:
        kind, name = ref
        if kind == "letter":
            return self.doc
        return thing_iri(kind, name)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples.append((s, p, o))

    def fact(self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span | None) -> None:
        self.add(s, p, o)
        if span is not None:
            self.triples.extend(evidence_triples(self.key, self.source, self.letter.text, (s, p, o), span))

    def zh(self, text: str) -> Literal:
        return Literal(text, lang="zh")


def letter_triples(facts: LetterFacts, letter: Letter) -> list[Triple]:
    """All triples of the letter's named graph (unsorted; ``rdf.canonical`` orders them)."""
    out = _Emitter(facts, letter)
    _document(out)
    _motion(out)
    for entity in facts.entities.values():
        _entity(out, entity)
    _relations(out)
    _cases(out)
    _figures(out)
    _measures(out)
    _provenance(out)
    return out.triples


def letter_graph(facts: LetterFacts, letter: Letter) -> Graph:
    """The letter's named graph as an rdflib Graph (identifier = its graph IRI)."""
    graph = V.bind_prefixes(Graph(identifier=graph_iri(letter.key)))
    for triple in letter_triples(facts, letter):
        graph.add(triple)
    return graph


def _document(out: _Emitter) -> None:
    facts, letter, doc = out.facts, out.letter, out.doc
    out.add(doc, RDF.type, V.ReplyLetter)
    out.add(doc, V.genre, Literal(facts.genre))
    out.add(doc, V.hasSourceText, out.source)
    out.add(out.source, RDF.type, V.SourceText)
    out.add(out.source, RDF.value, Literal(letter.text))
    out.add(out.source, V.sha256, Literal(letter.sha256))
    out.add(out.source, V.characterCount, Literal(len(letter.text), datatype=XSD.integer))
    out.add(doc, SKOS.prefLabel, out.zh(_letter_label(facts)))
    if facts.doc_number:
        out.fact(doc, DCTERMS.identifier, Literal(facts.doc_number.value), facts.doc_number.span)
    if facts.title:
        out.fact(doc, DCTERMS.title, out.zh(" ".join(facts.title.value.split())), facts.title.span)
    if facts.date:
        out.fact(doc, DCTERMS.date, date_literal(facts.date.value), facts.date.span)
    if facts.responding_agency:
        out.fact(doc, V.respondingAgency, out.iri(facts.responding_agency), _first_span(out, facts.responding_agency))
    for ref in facts.proposers:
        out.fact(doc, V.addressedTo, out.iri(ref), _first_span(out, ref))
    roles = [("respondingAgency", facts.responding_agency), *[("coHandler", r) for r in facts.co_handlers],
             *[("addressedTo", r) for r in facts.proposers]]
    for role, ref in roles:
        if ref is None:
            continue
        participation = local_iri("participation", out.key, role, name_key(ref[1]))
        out.add(doc, V.hasParticipation, participation)
        out.add(participation, RDF.type, V.Participation)
        out.add(participation, V.participant, out.iri(ref))
        out.add(participation, V.role, ROLE_PREDICATES[role])


def _letter_label(facts: LetterFacts) -> str:
    if facts.title:
        return " ".join(facts.title.value.split())
    if facts.doc_number:
        return facts.doc_number.value
    return f"答复函 {facts.id}"


def _first_span(out: _Emitter, ref: tuple[str, str]) -> Span | None:
    entity = out.facts.entities.get(ref)
    return entity.spans[0] if entity and entity.spans else None


def _motion(out: _Emitter) -> None:
    facts = out.facts
    motion = local_iri("proposal", out.key)
    out.add(out.doc, V.answers, motion)
    out.add(motion, RDF.type, V.Suggestion if facts.genre == "suggestion_reply" else V.Proposal)
    title = facts.title_of_proposal
    out.add(motion, SKOS.prefLabel, out.zh(title.value if title else f"{facts.id} 所答复的提案"))
    if title:
        out.fact(motion, DCTERMS.title, out.zh(title.value), title.span)
    if facts.proposal_number:
        out.fact(motion, DCTERMS.identifier, Literal(facts.proposal_number.value), facts.proposal_number.span)
    if facts.session:
        out.fact(motion, V.session, out.zh(facts.session.value), facts.session.span)
    for ref in facts.proposers:
        out.fact(motion, V.proposer, out.iri(ref), _first_span(out, ref))
    for item in facts.items:
        node = local_iri("item", out.key, item.ordinal)
        out.add(motion, V.hasSuggestionItem, node)
        out.add(node, RDF.type, V.SuggestionItem)
        out.add(node, V.ordinal, Literal(item.ordinal, datatype=XSD.integer))
        out.fact(node, RDF.value, out.zh(item.text), item.span)


def _entity(out: _Emitter, entity) -> None:  # type: ignore[no-untyped-def]
    node = out.iri(entity.ref)
    cls = V.IPGOV[entity.cls]
    for span in entity.spans:
        out.fact(node, RDF.type, cls, span)
    if not entity.spans:
        out.add(node, RDF.type, cls)
    out.add(node, SKOS.prefLabel, out.zh(entity.canonical if entity.kind != "group" else entity.name))
    if entity.name_en:
        out.add(node, SKOS.prefLabel, Literal(entity.name_en, lang="en"))
    for alias in sorted({entity.name, *entity.aliases} - {entity.canonical}):
        out.add(node, SKOS.altLabel, out.zh(alias))
    out.add(out.doc, V.mentions, node)
    attrs = entity.attrs
    if "post" in attrs:
        out.add(node, V.post, out.zh(attrs["post"]))
    if attrs.get("memberCount"):
        out.add(node, V.memberCount, Literal(attrs["memberCount"], datatype=XSD.integer))
    if "policyType" in attrs:
        out.add(node, V.policyType, V.POLICY_TYPES[attrs["policyType"]])
    if "platformKind" in attrs:
        out.add(node, V.platformKind, out.zh(attrs["platformKind"]))
    if entity.kind == "org" and entity.cls == "Court" and entity.canonical.endswith(("法院", "两级法院")) and "人民法院" not in entity.canonical:
        out.add(node, V.isCollective, Literal(True))


def _relations(out: _Emitter) -> None:
    for relation in out.facts.relations:
        subject = out.iri(relation.subject)
        predicate = V.IPGOV[relation.predicate]
        obj = relation.obj
        value = out.iri(obj) if isinstance(obj, tuple) else date_literal(obj)
        out.fact(subject, predicate, value, relation.span)
    for policy, article, span in out.facts.provisions:
        node = thing_iri("provision", f"{policy[1]}{article}")
        out.add(node, RDF.type, V.Provision)
        out.add(node, SKOS.prefLabel, out.zh(f"{policy[1]}{article}"))
        out.add(node, DCTERMS.isPartOf, out.iri(policy))
        out.add(node, V.articleNumber, Literal(article))
        out.fact(out.doc, V.citesProvision, node, span)


def _cases(out: _Emitter) -> None:
    for case in out.facts.cases:
        node = out.iri(case.ref)
        out.fact(node, RDF.type, V.CourtCase, case.span)
        out.add(node, SKOS.prefLabel, out.zh(case.name))
        out.add(out.doc, V.mentions, node)
        if case.year:
            out.fact(node, V.year, Literal(str(case.year), datatype=XSD.gYear), case.span)
        if case.subject:
            out.fact(node, V.caseSubject, out.zh(case.subject), case.span)


def _figures(out: _Emitter) -> None:
    for figure in out.facts.figures:
        node = local_iri("figure", out.key, figure.span.start)
        out.fact(node, RDF.type, V.Figure, figure.span)
        out.add(out.doc, V.mentions, node)
        out.add(node, SKOS.prefLabel, out.zh(f"{figure.what}{figure.value}{figure.unit or ''}"))
        out.add(node, V.value, Literal(figure.value))
        number = _number(figure.value)
        if number is not None:
            out.add(node, V.numericValue, Literal(number, datatype=XSD.decimal))
        if figure.unit:
            out.add(node, V.unit, Literal(figure.unit))
        if figure.what:
            out.add(node, V.countedThing, out.zh(figure.what))
        if figure.period:
            out.add(node, V.refPeriod, out.zh(figure.period))


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        number = chinese_to_int(value.removeprefix("第"))
        return Decimal(number) if number is not None else None


def _measures(out: _Emitter) -> None:
    text = out.letter.text
    for measure in out.facts.measures:
        node = local_iri("measure", out.key, measure.ordinal)
        out.add(out.doc, V.hasMeasure, node)
        out.fact(node, RDF.type, V.IPGOV[measure.kind], measure.span)
        out.add(node, V.ordinal, Literal(measure.ordinal, datatype=XSD.integer))
        out.add(node, RDF.value, out.zh(text[measure.span.start : measure.span.end]))
        if measure.item is not None:
            out.add(node, V.respondsTo, local_iri("item", out.key, measure.item))
        if measure.responsible is not None:
            out.fact(node, V.responsibleBody, out.iri(measure.responsible), measure.span)
        for ref in measure.mentions:
            out.add(node, V.mentions, out.iri(ref))


def _provenance(out: _Emitter) -> None:
    graph = graph_iri(out.key)
    activity = V.IPGOV_ID[f"activity/{out.key}-{out.letter.sha256[:12]}-{__version__}"]
    out.add(graph, PROV.wasDerivedFrom, out.source)
    out.add(graph, PROV.wasGeneratedBy, activity)
    out.add(activity, RDF.type, PROV.Activity)
    out.add(activity, PROV.used, out.source)
    out.add(activity, PROV.wasAssociatedWith, SOFTWARE)
    out.add(SOFTWARE, RDF.type, PROV.SoftwareAgent)
    out.add(SOFTWARE, SKOS.prefLabel, Literal(f"ipgov {__version__}", lang="en"))
