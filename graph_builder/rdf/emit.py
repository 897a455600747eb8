"""LetterFacts → the N-Quads of one letter's named graph: facts, labels, evidence, PROV.

Each part of the letter's facts is written by one function below, through the ``Emitter``
(``rdf/emitter.py``), which keeps each fact with its evidence; predicates come from the fact
table (``graph_builder/fact_table.py``, docs/adding-a-fact.md). Terms are N-Triples strings
(``rdf.terms``) and lines are formatted directly: this is the hot path of a corpus build.
``letter_graph`` gives the same triples as an rdflib Graph for API users.
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from graph_builder import __version__
from graph_builder import namespaces as V
from graph_builder.fact_table import ANNOTATION, UnknownFactError
from graph_builder.iri import name_key
from graph_builder.model import Case, Entity, Letter, LetterFacts, Span
from graph_builder.rdf.emitter import (
    ALT_LABEL,
    ATTRIBUTE_IRIS,
    ATTRIBUTES,
    DCT_DATE,
    DCT_IDENTIFIER,
    DCT_IS_PART_OF,
    DCT_TITLE,
    GRAPH,
    ID,
    INTEGER,
    KNOWN_ATTRS,
    PREF_LABEL,
    PROV,
    RDF_VALUE,
    RELATIONS,
    ROLE_PREDICATES,
    SOFTWARE,
    Emitter,
    date_literal,
    literal_terms,
    local_term,
    predicate_term,
    thing_term,
)
from graph_builder.rdf.emitter import class_term as _t
from graph_builder.rdf.emitter import ipgov_term as _ipgov
from graph_builder.rdf.emitter import pred as _p
from graph_builder.rdf.evidence import Triple, span_term
from graph_builder.rdf.terms import RDF_TYPE, XSD, decimal_lexical, iri, lang, plain, typed
from graph_builder.text.normalize import display_form
from graph_builder.text.numerals import chinese_to_int

if TYPE_CHECKING:
    from rdflib import Graph

# the emitter's names that other modules import from here
__all__ = [
    "date_literal", "letter_graph", "letter_nquads", "letter_nquads_counted", "letter_nquads_text",
    "letter_triples", "literal_terms", "local_term", "predicate_term", "statements_of", "thing_term",
]


def letter_nquads(facts: LetterFacts, letter: Letter) -> bytes:
    """The letter's named graph as UTF-8 N-Quads (``letter_nquads_counted`` without the count)."""
    return letter_nquads_counted(facts, letter)[0]


def letter_nquads_counted(facts: LetterFacts, letter: Letter) -> tuple[bytes, int]:
    """The letter's named graph as UTF-8 N-Quads, de-duplicated lines in a fixed order, and
    how many lines (quads) that is, counted as they are made (counting them in the bytes
    cost 0.3 ms a letter).

    The order is the emitter's (the letter, its proposal, the things it names, relations,
    cases, figures, measures, provenance; each fact followed by its evidence), not sorted:
    sorting cost as much as emitting. TriG and Turtle writers sort for themselves.

    The pieces are encoded one by one, not joined first: most are ASCII and encode by a
    copy, while a joined text would be two bytes a character throughout.
    """
    out = Emitter(facts, letter)
    _document(out)
    _motion(out)
    for entity in facts.entities.values():
        _entity(out, entity)
    _relations(out)
    _cases(out)
    _figures(out)
    _measures(out)
    if facts.corrected:
        _corrections(out)
    _provenance(out)
    return b"".join([piece.encode() for piece in out.pieces]), out.quads


def letter_nquads_text(facts: LetterFacts, letter: Letter) -> str:
    """``letter_nquads`` as text."""
    return letter_nquads(facts, letter).decode()


def statements_of(nquads_text: str) -> list[Triple]:
    """The sorted, unique (s, p, o) N-Triples terms of one graph's N-Quads text.

    Sorting the tuples gives the order of sorted N-Quads lines: terms cannot be prefixes
    of one another except a literal of its tagged or typed form, and there the space that
    ends a line's term sorts first as the shorter tuple member does.
    """
    from graph_builder.rdf.turtle import split_triple

    triples = set()
    for line in nquads_text.splitlines():
        triples.add(split_triple(line[: line.rindex(" <", 0, len(line) - 2)]))
    return sorted(triples)


def letter_graph(facts: LetterFacts, letter: Letter) -> Graph:
    """The letter's named graph as an rdflib Graph (identifier = its graph IRI)."""
    from rdflib import Graph, URIRef

    text = letter_nquads_text(facts, letter)
    graph = V.bind_prefixes(Graph(identifier=URIRef(f"{GRAPH}{letter.key}")))
    graph.parse(data=text.replace(f" <{GRAPH}{letter.key}> .\n", " .\n"), format="nt")
    return graph


def letter_triples(facts: LetterFacts, letter: Letter) -> list[tuple[object, object, object]]:
    """All triples of the letter's named graph as rdflib terms (API users; the build uses N-Quads)."""
    return list(letter_graph(facts, letter))


def _document(out: Emitter) -> None:
    facts, letter, doc = out.facts, out.letter, out.doc
    out.add(doc, RDF_TYPE, _t(V.ReplyLetter))
    out.add(doc, _p("ipgov:genre"), plain(facts.genre))
    out.add(doc, _p("ipgov:hasSourceText"), out.source)
    out.add(out.source, RDF_TYPE, _t(V.SourceText))
    out.add(out.source, RDF_VALUE, plain(letter.text))
    out.add(out.source, _p("ipgov:sha256"), plain(letter.sha256))
    out.add(out.source, _p("ipgov:characterCount"), typed(str(len(letter.text)), INTEGER))
    out.add(doc, PREF_LABEL, lang(_letter_label(facts), "zh"))
    if facts.doc_number:
        out.fact_plain(doc, DCT_IDENTIFIER, facts.doc_number.value, facts.doc_number.span)
    if facts.title:
        out.fact_zh(doc, DCT_TITLE, " ".join(facts.title.value.split()), facts.title.span)
    if facts.date:
        term, n3 = literal_terms("date", facts.date.value)
        out.fact(doc, DCT_DATE, term, facts.date.span, n3)
    if facts.responding_agency:
        agency = facts.responding_agency
        out.fact(doc, _p("ipgov:respondingAgency"), out.iri(agency), _first_span(out, agency))
    # A co-handler's opinion is addressed to the main handler; a reply, to its proposers.
    addressees = [facts.main_handler] if facts.main_handler else facts.proposers
    for addressee in addressees:
        out.fact(doc, _p("ipgov:addressedTo"), out.iri(addressee), _first_span(out, addressee))
    if facts.main_handler:
        out.fact(doc, _p("ipgov:mainHandler"), out.iri(facts.main_handler), _first_span(out, facts.main_handler))
    roles = [("respondingAgency", facts.responding_agency), *[("coHandler", r) for r in facts.co_handlers],
             *[("addressedTo", r) for r in addressees]]
    for role, ref in roles:
        if ref is None:
            continue
        participation = local_term("participation", out.key, role, name_key(ref[1]))
        out.add(doc, _p("ipgov:hasParticipation"), participation)
        out.add(participation, RDF_TYPE, _t(V.Participation))
        out.add(participation, _p("ipgov:participant"), out.iri(ref))
        out.add(participation, _p("ipgov:role"), ROLE_PREDICATES[role])


def _letter_label(facts: LetterFacts) -> str:
    if facts.title:
        return " ".join(facts.title.value.split())
    if facts.doc_number:
        return facts.doc_number.value
    return f"答复函 {facts.id}"


def _first_span(out: Emitter, ref: tuple[str, str]) -> Span | None:
    entity = out.facts.entities.get(ref)
    return entity.spans[0] if entity and entity.spans else None


def _motion(out: Emitter) -> None:
    facts = out.facts
    motion = local_term("proposal", out.key)
    out.add(out.doc, _p("ipgov:answers"), motion)
    out.add(motion, RDF_TYPE, _t(V.Suggestion if facts.genre == "suggestion_reply" else V.Proposal))
    title = facts.title_of_proposal
    out.add(motion, PREF_LABEL, lang(title.value if title else f"{facts.id} 所答复的提案", "zh"))
    if title:
        out.fact_zh(motion, DCT_TITLE, title.value, title.span)
    if facts.proposal_number:
        out.fact_plain(motion, DCT_IDENTIFIER, facts.proposal_number.value, facts.proposal_number.span)
    if facts.session:
        out.fact_zh(motion, _p("ipgov:session"), facts.session.value, facts.session.span)
    for ref in facts.proposers:
        out.fact(motion, _p("ipgov:proposer"), out.iri(ref), _first_span(out, ref))
    for item in facts.items:
        node = out.passage(item.span)
        out.add(motion, _p("ipgov:hasSuggestionItem"), node)
        out.add(node, RDF_TYPE, _t(V.SuggestionItem))
        out.add(node, _p("ipgov:ordinal"), typed(str(item.ordinal), INTEGER))


def _entity(out: Emitter, entity: Entity) -> None:
    node = out.iri(entity.ref)
    cls = _ipgov(entity.cls)
    for span in entity.spans:
        out.fact(node, RDF_TYPE, cls, span)
    if not entity.spans:
        out.add(node, RDF_TYPE, cls)
    out.add(node, PREF_LABEL, lang(display_form(entity.canonical), "zh"))
    if entity.name_en:
        out.add(node, PREF_LABEL, lang(entity.name_en, "en"))
    for alias in sorted({entity.name, *entity.aliases} - {entity.canonical, display_form(entity.canonical)}):
        out.add(node, ALT_LABEL, lang(alias, "zh"))
    out.add(out.doc, _p("ipgov:mentions"), node)
    if entity.local:
        out.add(node, _p("ipgov:localTo"), out.doc)
    if entity.basis:
        out.add(node, _p("ipgov:nameBasis"), plain(entity.basis))
    attrs = entity.attrs
    if attrs:
        for key in attrs:
            if key not in KNOWN_ATTRS:
                raise UnknownFactError(f"attribute {key!r} of {entity.canonical}: neither in graph_builder.fact_table."
                                       "FACT_PREDICATES (attr) nor in JSON_ONLY_ATTRS")
        for attr, predicate, literal, annotated in ATTRIBUTES:
            value = attrs.get(attr)
            if value is None:
                continue
            if literal:
                term, n3 = literal_terms(literal, value)
            else:
                term = n3 = ATTRIBUTE_IRIS[attr][value]
            if annotated:  # read beside the name: each span that states it (none: unevidenced, the shapes say so)
                for at in entity.attr_spans.get(attr) or (None,):
                    out.fact(node, predicate, term, at, n3)
            else:  # read from the name: evidenced by the thing's namedAt spans
                out.add(node, predicate, term)
    if entity.is_collective:
        out.add(node, _p("ipgov:isCollective"), typed("true", XSD + "boolean"))


def _relations(out: Emitter) -> None:
    for relation in out.facts.relations:
        spec = RELATIONS.get(relation.predicate)
        if spec is None:
            raise UnknownFactError(f"relation {relation.predicate!r}: not an ipgov: predicate with evidence "
                                   f"{ANNOTATION!r} in graph_builder.fact_table.FACT_PREDICATES")
        predicate, literal = spec
        subject, obj = out.iri(relation.subject), relation.obj
        if isinstance(obj, tuple) and not literal:
            out.fact(subject, predicate, out.iri(obj), relation.span)
        elif isinstance(obj, str) and literal:
            term, n3 = literal_terms(literal, obj)
            out.fact(subject, predicate, term, relation.span, n3)
        else:
            raise UnknownFactError(f"relation {relation.predicate!r} with object {obj!r}: the fact table gives it "
                                   + (f"a {literal} literal" if literal else "an IRI (a thing)"))
    for policy, article, span in out.facts.provisions:
        node = thing_term("provision", f"{policy[1]}{article}")
        out.fact(node, RDF_TYPE, _t(V.Provision), span)  # named at its article, after the policy's title
        out.add(node, PREF_LABEL, lang(f"{policy[1]}{article}", "zh"))
        out.add(node, DCT_IS_PART_OF, out.iri(policy))
        out.add(node, _p("ipgov:articleNumber"), plain(article))
        out.fact(out.doc, _p("ipgov:citesProvision"), node, span)


def _cases(out: Emitter) -> None:
    for case in out.facts.cases:
        node = out.iri(case.ref)
        out.fact(node, RDF_TYPE, _t(V.CourtCase), case.span)
        out.add(node, PREF_LABEL, lang(display_form(case.canonical) + "案", "zh"))
        out.add(node, ALT_LABEL, lang(case.name, "zh"))
        english = _case_english(out.facts, case)
        if english:
            out.add(node, PREF_LABEL, lang(english, "en"))
        out.add(out.doc, _p("ipgov:mentions"), node)
        if case.year:
            term, n3 = literal_terms("gYear", str(case.year))
            out.fact(node, _p("ipgov:year"), term, case.span, n3)
        if case.subject:
            out.fact_zh(node, _p("ipgov:caseSubject"), case.subject, case.span)


def _case_english(facts: LetterFacts, case: Case) -> str | None:
    """"Huawei Technologies v. InterDigital" when every party has an English name."""
    parties = [case.plaintiff, *case.defendants]
    names = [facts.entities[p].name_en if p in facts.entities else None for p in parties if p]
    if len(names) < 2 or not all(names):
        return None
    return f"{names[0]} v. {', '.join(n for n in names[1:] if n)}"


def _figures(out: Emitter) -> None:
    for figure in out.facts.figures:
        node = local_term("figure", out.key, figure.span.start)
        out.fact(node, RDF_TYPE, _t(V.Figure), figure.span)
        out.add(out.doc, _p("ipgov:mentions"), node)
        out.add(node, PREF_LABEL, lang(f"{figure.what}{figure.value}{figure.unit or ''}", "zh"))
        out.add(node, _p("ipgov:value"), plain(figure.value))
        number = _number(figure.value)
        if number is not None:
            out.add(node, _p("ipgov:numericValue"), typed(decimal_lexical(number), XSD + "decimal"))
        if figure.unit:
            out.add(node, _p("ipgov:unit"), plain(figure.unit))
        if figure.what:
            out.add(node, _p("ipgov:countedThing"), lang(figure.what, "zh"))
        if figure.period:
            out.add(node, _p("ipgov:refPeriod"), lang(figure.period, "zh"))


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        number = chinese_to_int(value.removeprefix("第"))
        return Decimal(number) if number is not None else None


def _measures(out: Emitter) -> None:
    has_measure, ordinal, responds_to = _p("ipgov:hasMeasure"), _p("ipgov:ordinal"), _p("ipgov:respondsTo")
    responsible, mentions = _p("ipgov:responsibleBody"), _p("ipgov:mentions")
    figures = out.facts.figures  # sorted by span
    figure_starts = [figure.span.start for figure in figures]
    items = {item.ordinal: item.span for item in out.facts.items}
    for measure in out.facts.measures:
        node = out.passage(measure.span)
        out.add(out.doc, has_measure, node)
        out.add(node, RDF_TYPE, _ipgov(measure.kind))
        out.add(node, ordinal, typed(str(measure.ordinal), INTEGER))
        if measure.item is not None:
            item = items[measure.item]
            out.add(node, responds_to, span_term(out.key, item.start, item.end))
        if measure.responsible is not None:
            out.fact(node, responsible, out.iri(measure.responsible), measure.span)
        for ref in measure.mentions:
            out.add(node, mentions, out.iri(ref))
        # the figures a measure states, for "which sentence"
        for index in range(bisect_left(figure_starts, measure.span.start), len(figures)):
            figure = figures[index]
            if figure.span.start >= measure.span.end:
                break
            if figure.span.end <= measure.span.end:
                out.add(node, mentions, local_term("figure", out.key, figure.span.start))


def _corrections(out: Emitter) -> None:
    """What entries of a corrections file did (``graph_builder.corrections``): each is an
    ``ipgov:Correction`` activity that influenced the letter's graph, and generated the
    evidence annotation of each fact it asserted (the fact, with the span its text names)."""
    facts = out.facts
    motion = local_term("proposal", out.key)
    generated, influenced = _p("prov:wasGeneratedBy"), _p("prov:wasInfluencedBy")
    for mark in facts.corrected:
        activity = f"<{ID}activity/{out.key}-correction-{mark.digest[:16]}>"
        out.add(out.graph, influenced, activity)
        out.add(activity, RDF_TYPE, iri(f"{PROV}Activity"))
        out.add(activity, RDF_TYPE, _t(V.Correction))
        out.add(activity, _p("ipgov:correctionEntry"), plain(mark.label))
        out.add(activity, _p("ipgov:correctionDigest"), plain(mark.digest))
        entity, span = mark.entity, mark.span
        if entity is None or span is None or facts.entities.get(entity.ref) is not entity:
            continue
        node = out.iri(entity.ref)
        triples: list[tuple[str, str, str]] = []
        if not mark.role:
            triples.append((node, RDF_TYPE, _ipgov(entity.cls)))
        elif mark.role == "proposer" and entity.ref in facts.proposers:
            triples.append((motion, _p("ipgov:proposer"), node))
        elif mark.role == "co_handler" and entity.ref in facts.co_handlers:
            triples.append((out.doc, _p("ipgov:coHandler"), node))
        elif mark.role == "responding_agency" and facts.responding_agency == entity.ref:
            triples.append((out.doc, _p("ipgov:respondingAgency"), node))
        elif mark.role == "main_handler" and facts.main_handler == entity.ref:
            triples += [(out.doc, _p("ipgov:mainHandler"), node), (out.doc, _p("ipgov:addressedTo"), node)]
        for s, p, o in triples:
            out.fact(s, p, o, span)
            # reified even for a type, so that the correction can be said to have made it
            out.add(out.annotate(s, p, o, span), generated, activity)


def _provenance(out: Emitter) -> None:
    graph = out.graph
    activity = f"<{ID}activity/{out.key}-{out.letter.sha256[:12]}-{__version__}>"
    out.add(graph, _p("prov:wasDerivedFrom"), out.source)
    out.add(graph, _p("prov:wasGeneratedBy"), activity)
    out.add(activity, RDF_TYPE, iri(f"{PROV}Activity"))
    out.add(activity, _p("prov:used"), out.source)
    out.add(activity, _p("prov:wasAssociatedWith"), SOFTWARE)
    out.add(SOFTWARE, RDF_TYPE, iri(f"{PROV}SoftwareAgent"))
    out.add(SOFTWARE, PREF_LABEL, lang(f"ipgov {__version__}", "en"))
