"""Write tests/data/shapes/valid/minimal.trig and one invalid/<Shape>-<defect>.trig per rule.

Run from the repository root: ``python tests/data/shapes/make_fixtures.py``. Each invalid
fixture is the minimal valid letter with one defect; its first lines say which shape and
path must fire (``# expect: <shape> <path>``), and nothing else may.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph_builder.namespaces import IPGOV, OA, bind_prefixes

HERE = Path(__file__).resolve().parent
ID = Namespace("https://w3id.org/ipgov/id/")
KEY = "fixture_minimal"
GRAPH = URIRef(f"https://w3id.org/ipgov/graph/{KEY}")
TEXT = (
    "深圳市知识产权局关于市政协第1号提案答复的函\n"
    "张三委员：\n"
    "一、建议在深圳设立保护中心。\n"
    "我局会同深圳市中级人民法院，依据《专利法》第2条，支持中国（深圳）知识产权保护中心建设。"
    "该中心经国家知识产权局批准，由我局依托，于2017年3月设立。"
    "华为诉三星一案由深圳市中级人民法院审理，2018年入选十大案例。"
    "全市专利授权7.8万件。王五等5名委员参与。\n"
    "2018年8月15日"
)


def h(name: str) -> str:
    """A 16-hex key, as graph_builder.iri mints them."""
    return hashlib.sha256(name.encode()).hexdigest()[:16]


L = ID[f"letter/{KEY}"]
S = ID[f"source/{KEY}"]
M = ID[f"proposal/{KEY}"]
PA = ID[f"participation/{KEY}-respondingAgency-{h('a')}"]
A = ID[f"org/{h('深圳市知识产权局')}"]
CO = ID[f"org/{h('深圳市中级人民法院')}"]
N = ID[f"org/{h('国家知识产权局')}"]
HW = ID[f"org/{h('华为')}"]
SS = ID[f"org/{h('三星')}"]
P1 = ID[f"person/{h('张三')}"]
G = ID[f"group/{h('王五等5名委员')}"]
PO = ID[f"policy/{h('专利法')}"]
PR = ID[f"provision/{h('专利法第2条')}"]
PF = ID[f"platform/{h('中国（深圳）知识产权保护中心')}"]
CA = ID[f"case/{h('华为诉三星')}"]
EV = ID[f"event/{h('十大案例')}"]
PL = ID[f"place/{h('深圳')}"]
FI = ID[f"figure/{KEY}-{TEXT.index('7.8万')}"]


def span(quote: str, nth: int = 0) -> tuple[int, int]:
    """The span of the nth occurrence of ``quote`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return start, start + len(quote)


def span_node(where: tuple[int, int]) -> URIRef:
    """The IRI of TEXT[start:end]: an RFC 5147 fragment of the source text."""
    return URIRef(f"{S}#char={where[0]},{where[1]}")


I1 = span_node(span("建议在深圳设立保护中心。"))  # a suggestion is its own span
ME = span_node(span("支持中国（深圳）知识产权保护中心建设"))  # so is a measure


def evidence_triples(fact: tuple, where: tuple[int, int]) -> list[tuple]:
    """The evidence that TEXT[start:end] states ``fact`` (as docs/MODEL.md shows): a type by the
    thing named at the span, any other fact by an annotation reifying it; the span's quote."""
    s, p, o = fact
    start, end = where
    target = span_node(where)
    quote = (target, OA.exact, Literal(TEXT[start:end]))
    if p == RDF.type:
        return [(s, IPGOV.namedAt, target), quote]
    digest = hashlib.sha256(f"{s}\n{p}\n{o.n3()}\n{start}\n{end}".encode()).hexdigest()[:16]
    annotation = ID[f"evidence/{KEY}/{digest}"]
    return [
        (annotation, RDF.subject, s), (annotation, RDF.predicate, p), (annotation, RDF.object, o),
        (annotation, OA.hasTarget, target), quote,
    ]


def minimal() -> Graph:
    """The minimal letter graph that every shape accepts (with zh and en labels everywhere)."""
    g = bind_prefixes(Graph(identifier=GRAPH))

    def add(s, p, o, quote: str | None = None, nth: int = 0) -> None:  # type: ignore[no-untyped-def]
        g.add((s, p, o))
        if quote is not None:
            for triple in evidence_triples((s, p, o), span(quote, nth)):
                g.add(triple)

    def thing(node: URIRef, cls: URIRef, zh: str, en: str, quote: str | None = None) -> None:
        add(node, RDF.type, cls, quote or zh)
        g.add((node, SKOS.prefLabel, Literal(zh, lang="zh")))
        g.add((node, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((L, IPGOV.mentions, node))

    add(L, RDF.type, IPGOV.ReplyLetter)
    g.add((L, SKOS.prefLabel, Literal("深圳市知识产权局关于市政协第1号提案答复的函", lang="zh")))
    g.add((L, SKOS.prefLabel, Literal("Reply to proposal No. 1", lang="en")))
    add(L, IPGOV.genre, Literal("proposal_reply"))
    add(L, IPGOV.hasSourceText, S)
    add(S, RDF.type, IPGOV.SourceText)
    add(S, RDF.value, Literal(TEXT))
    add(S, IPGOV.sha256, Literal(hashlib.sha256(TEXT.encode()).hexdigest()))
    add(S, IPGOV.characterCount, Literal(len(TEXT), datatype=XSD.integer))
    add(L, DCTERMS.identifier, Literal("第1号"), "第1号")
    add(L, DCTERMS.title, Literal("深圳市知识产权局关于市政协第1号提案答复的函", lang="zh"),
        "深圳市知识产权局关于市政协第1号提案答复的函")
    add(L, DCTERMS.date, Literal("2018-08-15", datatype=XSD.date), "2018年8月15日")
    add(L, IPGOV.answers, M)
    add(M, RDF.type, IPGOV.Proposal)
    g.add((M, SKOS.prefLabel, Literal("市政协第1号提案", lang="zh")))
    g.add((M, SKOS.prefLabel, Literal("Proposal No. 1", lang="en")))
    add(M, DCTERMS.identifier, Literal("1"), "1号")
    add(M, DCTERMS.title, Literal("关于设立保护中心的提案", lang="zh"), "建议在深圳设立保护中心")
    add(M, IPGOV.session, Literal("市政协", lang="zh"), "市政协")
    add(M, IPGOV.proposer, P1, "张三")
    add(M, IPGOV.hasSuggestionItem, I1)
    add(I1, RDF.type, IPGOV.SuggestionItem)
    add(I1, IPGOV.ordinal, Literal(1, datatype=XSD.integer))
    add(I1, OA.exact, Literal("建议在深圳设立保护中心。"))
    add(L, IPGOV.hasMeasure, ME)
    add(ME, RDF.type, IPGOV.Commitment)
    add(ME, IPGOV.ordinal, Literal(1, datatype=XSD.integer))
    add(ME, OA.exact, Literal("支持中国（深圳）知识产权保护中心建设"))
    add(ME, IPGOV.respondsTo, I1)
    add(ME, IPGOV.responsibleBody, A, "支持中国（深圳）知识产权保护中心建设")
    add(L, IPGOV.hasParticipation, PA)
    add(PA, RDF.type, IPGOV.Participation)
    add(PA, IPGOV.participant, A)
    add(PA, IPGOV.role, IPGOV.role_author)
    thing(A, IPGOV.GovernmentAgency, "深圳市知识产权局", "Shenzhen IP Office")
    add(L, IPGOV.respondingAgency, A, "深圳市知识产权局")
    add(A, IPGOV.locatedIn, PL, "深圳市知识产权局")
    g.add((A, SKOS.altLabel, Literal("我局", lang="zh")))
    thing(CO, IPGOV.Court, "深圳市中级人民法院", "Shenzhen Intermediate People's Court")
    add(L, IPGOV.coHandler, CO, "深圳市中级人民法院")
    thing(N, IPGOV.GovernmentAgency, "国家知识产权局", "CNIPA")
    thing(HW, IPGOV.Company, "华为", "Huawei")
    thing(SS, IPGOV.Company, "三星", "Samsung")
    thing(P1, IPGOV.Person, "张三", "Zhang San")
    add(P1, IPGOV.post, Literal("委员", lang="zh"), "张三委员")
    add(L, IPGOV.addressedTo, P1, "张三")
    thing(G, IPGOV.PersonGroup, "王五等5名委员", "Wang Wu and 4 other members")
    add(G, IPGOV.memberCount, Literal(5, datatype=XSD.integer), "王五等5名委员")
    thing(PO, IPGOV.Policy, "专利法", "Patent Law")
    add(PO, IPGOV.policyType, IPGOV.policyType_law)
    add(L, IPGOV.cites, PO, "《专利法》")
    add(PR, RDF.type, IPGOV.Provision, "第2条")
    g.add((PR, SKOS.prefLabel, Literal("专利法第2条", lang="zh")))
    g.add((PR, SKOS.prefLabel, Literal("Patent Law, article 2", lang="en")))
    add(PR, DCTERMS.isPartOf, PO)
    add(PR, IPGOV.articleNumber, Literal("第2条"))
    add(L, IPGOV.citesProvision, PR, "《专利法》第2条")
    thing(PF, IPGOV.Platform, "中国（深圳）知识产权保护中心", "China (Shenzhen) IP Protection Center")
    add(PF, IPGOV.platformKind, Literal("中心", lang="zh"))
    add(PF, IPGOV.locatedIn, PL, "中国（深圳）知识产权保护中心")
    add(PF, IPGOV.approvedBy, N, "该中心经国家知识产权局批准")
    add(PF, IPGOV.hostedBy, A, "由我局依托")
    add(PF, IPGOV.startDate, Literal("2017-03", datatype=XSD.gYearMonth), "2017年3月")
    thing(CA, IPGOV.CourtCase, "华为诉三星", "Huawei v. Samsung")
    add(CA, IPGOV.plaintiff, HW, "华为诉三星")
    add(CA, IPGOV.defendant, SS, "华为诉三星")
    add(CA, IPGOV.court, CO, "由深圳市中级人民法院审理")
    add(CA, IPGOV.year, Literal("2018", datatype=XSD.gYear), "2018年入选")
    add(CA, IPGOV.caseSubject, Literal("专利", lang="zh"), "华为诉三星")
    add(CA, DCTERMS.identifier, Literal("（2016）粤03民初816号"), "华为诉三星")
    add(CA, IPGOV.recognition, EV, "2018年入选十大案例")
    thing(EV, IPGOV.Event, "十大案例", "Top ten cases")
    add(EV, IPGOV.startDate, Literal("2018", datatype=XSD.gYear), "2018年入选十大案例")
    add(EV, IPGOV.locatedIn, PL, "十大案例")
    thing(PL, IPGOV.Place, "深圳", "Shenzhen")
    thing(FI, IPGOV.Figure, "全市专利授权7.8万件", "78,000 patents granted", "7.8万件")
    add(FI, IPGOV.value, Literal("7.8万"))
    add(FI, IPGOV.numericValue, Literal("78000", datatype=XSD.decimal))
    add(FI, IPGOV.unit, Literal("件"))
    add(FI, IPGOV.countedThing, Literal("专利授权", lang="zh"))
    add(FI, IPGOV.refPeriod, Literal("全年", lang="zh"))
    return g


# --- mutations ---------------------------------------------------------------------------

def rename(g: Graph, old: URIRef, new: URIRef) -> None:
    """Replace an IRI everywhere (subjects and objects)."""
    for s, p, o in list(g):
        if old in (s, o):
            g.remove((s, p, o))
            g.add((new if s == old else s, p, new if o == old else o))


def replace_object(g: Graph, s: URIRef, p: URIRef, new: object) -> None:
    """Change the object of (s, p, ·), in the fact and in its evidence (rdf:object)."""
    for o in list(g.objects(s, p)):
        g.remove((s, p, o))
        g.add((s, p, new))
        for annotation in list(g.subjects(RDF.object, o)):
            if (annotation, RDF.subject, s) in g and (annotation, RDF.predicate, p) in g:
                g.remove((annotation, RDF.object, o))
                g.add((annotation, RDF.object, new))


def drop(g: Graph, s: URIRef, p: URIRef) -> None:
    """Remove every (s, p, ·) fact (its evidence stays, which no shape forbids)."""
    g.remove((s, p, None))


def _drop_unused_span(g: Graph, target: URIRef) -> None:
    if next(g.subjects(OA.hasTarget, target), None) is None and next(g.subjects(IPGOV.namedAt, target), None) is None:
        g.remove((target, OA.exact, None))  # no other fact points at the span


def drop_evidence(g: Graph, s: URIRef, p: URIRef) -> None:
    """Remove the evidence of the facts (s, p, ·), and the spans' quotes where nothing else points at them."""
    if p == RDF.type:
        for target in list(g.objects(s, IPGOV.namedAt)):
            g.remove((s, IPGOV.namedAt, target))
            _drop_unused_span(g, target)
    for annotation in list(g.subjects(RDF.subject, s)):
        if (annotation, RDF.predicate, p) in g:
            targets = list(g.objects(annotation, OA.hasTarget))
            g.remove((annotation, None, None))
            for target in targets:
                _drop_unused_span(g, target)


def annotation_of(g: Graph, s: URIRef, p: URIRef) -> URIRef:
    """The first annotation of (s, p, ·)."""
    return sorted(a for a in g.subjects(RDF.subject, s) if (a, RDF.predicate, p) in g)[0]


def target_of(g: Graph, s: URIRef, p: URIRef) -> URIRef:
    """The target (the span) of the first annotation of (s, p, ·)."""
    return g.value(annotation_of(g, s, p), OA.hasTarget)


def move_span(g: Graph, old: URIRef, new: str) -> None:
    """Give a span another IRI (its quote and everything pointing at it follow)."""
    rename(g, old, URIRef(new))


def zh(text: str) -> Literal:
    """A @zh literal."""
    return Literal(text, lang="zh")


def relabel(g: Graph, node: URIRef, name: str) -> None:
    """Give ``node`` another zh prefLabel (its en label stays)."""
    for label in list(g.objects(node, SKOS.prefLabel)):
        if isinstance(label, Literal) and label.language == "zh":
            g.remove((node, SKOS.prefLabel, label))
    g.add((node, SKOS.prefLabel, zh(name)))


X = ID["org/ffffffffffffffff"]  # an IRI that no triple types
BAD = URIRef("https://example.org/bad")
Mutation = Callable[[Graph], None]


def _date_span(g: Graph) -> URIRef:
    return target_of(g, L, DCTERMS.date)


def _date_span_at(start: int, end: int) -> Mutation:
    # on the date's span: a name's span moved would also leave the name ungrounded (LabelShape-grounded)
    def mutate(g: Graph) -> None:
        move_span(g, _date_span(g), f"{S}#char={start},{end}")
    return mutate


def _source_renamed(g: Graph) -> None:
    # its spans are fragments of its IRI, so they follow; "~" is not a letter key's character
    for node in {n for triple in g for n in triple if isinstance(n, URIRef) and str(n).startswith(str(S))}:
        rename(g, node, URIRef(str(node).replace(str(S), f"{S}~1", 1)))


def _measure_without_sentence(g: Graph) -> None:
    # nothing else may point at the measure's span, or the span check fires too
    drop_evidence(g, ME, IPGOV.responsibleBody)
    drop(g, ME, IPGOV.responsibleBody)
    g.remove((ME, OA.exact, None))


def _other_graph_start(ds: Dataset) -> None:
    other = ds.graph(URIRef("https://w3id.org/ipgov/graph/fixture_other"))
    other.add((PF, IPGOV.startDate, Literal("2019", datatype=XSD.gYear)))


def _main_handler_proposes(g: Graph) -> None:
    """A co-handler's opinion letter sent to 国家知识产权局, which is also taken for the proposer."""
    g.add((L, IPGOV.mainHandler, N))
    for triple in evidence_triples((L, IPGOV.mainHandler, N), span("国家知识产权局")):
        g.add(triple)
    replace_object(g, M, IPGOV.proposer, N)


def _other_graph_local(ds: Dataset) -> None:
    """A second letter whose thing, scoped to it (ipgov:localTo), has a shared thing's label."""
    key = "fixture_other"
    other = ds.graph(URIRef(f"https://w3id.org/ipgov/graph/{key}"))
    local = ID[f"org/local/{key}/{h('深圳市知识产权局')}"]
    other.add((local, IPGOV.localTo, ID[f"letter/{key}"]))
    other.add((local, SKOS.prefLabel, zh("深圳市知识产权局")))


def _other_graph_label(ds: Dataset) -> None:
    other = ds.graph(URIRef("https://w3id.org/ipgov/graph/fixture_other"))
    other.add((A, SKOS.prefLabel, zh("深圳市知识产权管理局")))


P = IPGOV
# (fixture name, shape local name, expected path in SPARQL syntax, mutation)
INVALID: list[tuple[str, str, str, Mutation]] = [
    ("ReplyLetterShape-iri", "ReplyLetterShape", "", lambda g: rename(g, L, ID[f"doc/{KEY}"])),
    ("ReplyLetterShape-answers-two", "ReplyLetterShape-answers", "answers", lambda g: g.add((L, P.answers, X))),
    ("ReplyLetterShape-respondingAgency-none", "ReplyLetterShape-respondingAgency", "respondingAgency",
     lambda g: drop(g, L, P.respondingAgency)),
    # a group, not the person: the proposer as co-handler is MotionShape-proposerHandler
    ("ReplyLetterShape-coHandler-group", "ReplyLetterShape-coHandler", "coHandler",
     lambda g: replace_object(g, L, P.coHandler, G)),
    ("ReplyLetterShape-addressedTo-place", "ReplyLetterShape-addressedTo", "addressedTo",
     lambda g: replace_object(g, L, P.addressedTo, PL)),
    ("ReplyLetterShape-hasParticipation-untyped", "ReplyLetterShape-hasParticipation", "hasParticipation",
     lambda g: g.add((L, P.hasParticipation, X))),
    ("ReplyLetterShape-hasMeasure-item", "ReplyLetterShape-hasMeasure", "hasMeasure",
     lambda g: g.add((L, P.hasMeasure, I1))),
    ("ReplyLetterShape-hasSourceText-two", "ReplyLetterShape-hasSourceText", "hasSourceText",
     lambda g: g.add((L, P.hasSourceText, X))),
    ("ReplyLetterShape-genre-unknown", "ReplyLetterShape-genre", "genre",
     lambda g: g.set((L, P.genre, Literal("reply")))),
    ("ReplyLetterShape-date-string", "ReplyLetterShape-date", "date",
     lambda g: replace_object(g, L, DCTERMS.date, Literal("2018年8月15日"))),
    ("ReplyLetterShape-dateMissing", "ReplyLetterShape-dateMissing", "date", lambda g: drop(g, L, DCTERMS.date)),
    ("ReplyLetterShape-identifier-empty", "ReplyLetterShape-identifier", "identifier",
     lambda g: replace_object(g, L, DCTERMS.identifier, Literal(""))),
    ("ReplyLetterShape-title-untagged", "ReplyLetterShape-title", "title",
     lambda g: replace_object(g, L, DCTERMS.title, Literal("答复函"))),
    ("ReplyLetterShape-cites-place", "ReplyLetterShape-cites", "cites", lambda g: replace_object(g, L, P.cites, PL)),
    ("ReplyLetterShape-citesProvision-policy", "ReplyLetterShape-citesProvision", "citesProvision",
     lambda g: replace_object(g, L, P.citesProvision, PO)),
    ("ReplyLetterShape-mentions-literal", "ReplyLetterShape-mentions", "mentions",
     lambda g: g.add((L, P.mentions, Literal("深圳")))),
    ("MotionShape-iri", "MotionShape", "", lambda g: rename(g, M, ID[f"motion/{KEY}"])),
    ("MotionShape-proposer-none", "MotionShape-proposer", "proposer", lambda g: drop(g, M, P.proposer)),
    ("MotionShape-proposerClass-policy", "MotionShape-proposerClass", "proposer",
     lambda g: replace_object(g, M, P.proposer, PO)),
    ("MotionShape-identifier-integer", "MotionShape-identifier", "identifier",
     lambda g: replace_object(g, M, DCTERMS.identifier, Literal(1))),
    ("MotionShape-title-untagged", "MotionShape-title", "title",
     lambda g: replace_object(g, M, DCTERMS.title, Literal("提案"))),
    ("MotionShape-session-untagged", "MotionShape-session", "session",
     lambda g: replace_object(g, M, P.session, Literal("市政协"))),
    ("MotionShape-hasSuggestionItem-untyped", "MotionShape-hasSuggestionItem", "hasSuggestionItem",
     lambda g: g.add((M, P.hasSuggestionItem, X))),
    ("MotionShape-answeredBy-none", "MotionShape-answeredBy", "^answers",
     lambda g: [g.add(t) for t in [(ID[f"proposal/{KEY}-2"], RDF.type, P.Suggestion),
                                   (ID[f"proposal/{KEY}-2"], SKOS.prefLabel, zh("建议")),
                                   (ID[f"proposal/{KEY}-2"], SKOS.prefLabel, Literal("Suggestion", lang="en")),
                                   (ID[f"proposal/{KEY}-2"], P.proposer, P1)]]),
    ("SuggestionItemShape-ordinal-string", "SuggestionItemShape-ordinal", "ordinal",
     lambda g: g.set((I1, P.ordinal, Literal("1")))),
    ("SuggestionItemShape-value-none", "SuggestionItemShape-value", "exact", lambda g: drop(g, I1, OA.exact)),
    ("SuggestionItemShape-motion-none", "SuggestionItemShape-motion", "^hasSuggestionItem",
     lambda g: g.remove((M, P.hasSuggestionItem, I1))),
    ("MeasureShape-ordinal-zero", "MeasureShape-ordinal", "ordinal",
     lambda g: g.set((ME, P.ordinal, Literal(0, datatype=XSD.integer)))),
    ("MeasureShape-value-none", "MeasureShape-value", "exact", _measure_without_sentence),
    ("MeasureShape-respondsTo-motion", "MeasureShape-respondsTo", "respondsTo",
     lambda g: g.set((ME, P.respondsTo, M))),
    ("MeasureShape-responsibleBody-person", "MeasureShape-responsibleBody", "responsibleBody",
     lambda g: replace_object(g, ME, P.responsibleBody, P1)),
    ("MeasureShape-letter-none", "MeasureShape-letter", "^hasMeasure", lambda g: g.remove((L, P.hasMeasure, ME))),
    ("SourceTextShape-iri", "SourceTextShape", "", _source_renamed),
    ("SourceTextShape-value-tagged", "SourceTextShape-value", "value",
     lambda g: g.set((S, RDF.value, Literal(TEXT, lang="zh")))),
    ("SourceTextShape-sha256-short", "SourceTextShape-sha256", "sha256",
     lambda g: g.set((S, P.sha256, Literal("abc")))),
    ("SourceTextShape-characterCount-wrong", "SourceTextShape-characterCount", "characterCount",
     lambda g: g.set((S, P.characterCount, Literal(len(TEXT) - 1, datatype=XSD.integer)))),
    ("ParticipationShape-iri", "ParticipationShape", "", lambda g: rename(g, PA, ID[f"role/{KEY}"])),
    ("ParticipationShape-participant-place", "ParticipationShape-participant", "participant",
     lambda g: g.set((PA, P.participant, PL))),
    ("ParticipationShape-role-policyType", "ParticipationShape-role", "role",
     lambda g: g.set((PA, P.role, P.policyType_law))),
    ("ParticipationShape-letter-none", "ParticipationShape-letter", "^hasParticipation",
     lambda g: g.remove((L, P.hasParticipation, PA))),
    ("PersonShape-iri", "PersonShape", "", lambda g: rename(g, P1, ID["person/张三"])),
    ("PersonShape-post-untagged", "PersonShape-post", "post", lambda g: replace_object(g, P1, P.post, Literal("委员"))),
    ("PersonGroupShape-iri", "PersonGroupShape", "", lambda g: rename(g, G, ID["group/5"])),
    ("PersonGroupShape-memberCount-zero", "PersonGroupShape-memberCount", "memberCount",
     lambda g: replace_object(g, G, P.memberCount, Literal(0, datatype=XSD.integer))),
    ("OrganizationShape-iri", "OrganizationShape", "", lambda g: rename(g, N, ID["org/CNIPA"])),
    ("OrganizationShape-isCollective-string", "OrganizationShape-isCollective", "isCollective",
     lambda g: g.add((CO, P.isCollective, Literal("yes")))),
    ("OrganizationShape-locatedIn-person", "OrganizationShape-locatedIn", "locatedIn",
     lambda g: replace_object(g, A, P.locatedIn, P1)),
    ("PolicyShape-iri", "PolicyShape", "", lambda g: rename(g, PO, ID["policy/patent-law"])),
    ("PolicyShape-policyType-none", "PolicyShape-policyType", "policyType", lambda g: drop(g, PO, P.policyType)),
    ("ProvisionShape-iri", "ProvisionShape", "", lambda g: rename(g, PR, ID["provision/2"])),
    ("ProvisionShape-isPartOf-place", "ProvisionShape-isPartOf", "isPartOf",
     lambda g: g.set((PR, DCTERMS.isPartOf, PL))),
    ("ProvisionShape-articleNumber-integer", "ProvisionShape-articleNumber", "articleNumber",
     lambda g: g.set((PR, P.articleNumber, Literal(2)))),
    ("PlatformShape-iri", "PlatformShape", "", lambda g: rename(g, PF, ID["platform/center"])),
    ("PlatformShape-platformKind-two", "PlatformShape-platformKind", "platformKind",
     lambda g: g.add((PF, P.platformKind, zh("基地")))),
    ("PlatformShape-locatedIn-person", "PlatformShape-locatedIn", "locatedIn",
     lambda g: replace_object(g, PF, P.locatedIn, P1)),
    ("PlatformShape-approvedBy-place", "PlatformShape-approvedBy", "approvedBy",
     lambda g: replace_object(g, PF, P.approvedBy, PL)),
    ("PlatformShape-hostedBy-place", "PlatformShape-hostedBy", "hostedBy",
     lambda g: replace_object(g, PF, P.hostedBy, PL)),
    ("PlatformShape-startDate-string", "PlatformShape-startDate", "startDate",
     lambda g: replace_object(g, PF, P.startDate, Literal("2017年3月"))),
    ("CourtCaseShape-iri", "CourtCaseShape", "", lambda g: rename(g, CA, ID["case/huawei-samsung"])),
    ("CourtCaseShape-plaintiff-none", "CourtCaseShape-plaintiff", "plaintiff", lambda g: drop(g, CA, P.plaintiff)),
    ("CourtCaseShape-defendant-none", "CourtCaseShape-defendant", "defendant", lambda g: drop(g, CA, P.defendant)),
    ("CourtCaseShape-court-agency", "CourtCaseShape-court", "court", lambda g: replace_object(g, CA, P.court, N)),
    ("CourtCaseShape-year-string", "CourtCaseShape-year", "year",
     lambda g: replace_object(g, CA, P.year, Literal("2018"))),
    ("CourtCaseShape-caseSubject-untagged", "CourtCaseShape-caseSubject", "caseSubject",
     lambda g: replace_object(g, CA, P.caseSubject, Literal("专利"))),
    ("CourtCaseShape-recognition-place", "CourtCaseShape-recognition", "recognition",
     lambda g: replace_object(g, CA, P.recognition, PL)),
    ("CourtCaseShape-identifier-integer", "CourtCaseShape-identifier", "identifier",
     lambda g: replace_object(g, CA, DCTERMS.identifier, Literal(816))),
    ("EventShape-iri", "EventShape", "", lambda g: rename(g, EV, ID["event/top-ten"])),
    ("EventShape-startDate-string", "EventShape-startDate", "startDate",
     lambda g: replace_object(g, EV, P.startDate, Literal("2018年"))),
    ("EventShape-locatedIn-person", "EventShape-locatedIn", "locatedIn",
     lambda g: replace_object(g, EV, P.locatedIn, P1)),
    ("PlaceShape-iri", "PlaceShape", "", lambda g: rename(g, PL, ID["place/shenzhen"])),
    ("FigureShape-iri", "FigureShape", "", lambda g: rename(g, FI, ID[f"figure/{KEY}"])),
    ("FigureShape-value-integer", "FigureShape-value", "ipgov:value", lambda g: g.set((FI, P.value, Literal(78000)))),
    ("FigureShape-numericValue-string", "FigureShape-numericValue", "numericValue",
     lambda g: g.set((FI, P.numericValue, Literal("7.8万")))),
    ("FigureShape-unit-two", "FigureShape-unit", "unit", lambda g: g.add((FI, P.unit, Literal("项")))),
    ("FigureShape-countedThing-untagged", "FigureShape-countedThing", "countedThing",
     lambda g: g.set((FI, P.countedThing, Literal("专利授权")))),
    ("FigureShape-refPeriod-untagged", "FigureShape-refPeriod", "refPeriod",
     lambda g: g.set((FI, P.refPeriod, Literal("全年")))),
    ("LabelShape-prefLabelZh-none", "LabelShape-prefLabelZh", "prefLabel",
     lambda g: g.remove((PL, SKOS.prefLabel, zh("深圳")))),
    ("LabelShape-prefLabel-twoEn", "LabelShape-prefLabel", "prefLabel",
     lambda g: g.add((PL, SKOS.prefLabel, Literal("Shenzhen City", lang="en")))),
    ("LabelShape-prefLabelEn-none", "LabelShape-prefLabelEn", "prefLabel",
     lambda g: g.remove((PL, SKOS.prefLabel, Literal("Shenzhen", lang="en")))),
    ("LabelShape-altLabel-untagged", "LabelShape-altLabel", "altLabel",
     lambda g: g.set((A, SKOS.altLabel, Literal("我局")))),
    ("AnnotationShape-iri", "AnnotationShape", "",
     lambda g: rename(g, annotation_of(g, L, P.coHandler), ID[f"evidence/{KEY}/co-handler"])),
    ("AnnotationShape-subject-two", "AnnotationShape-subject", "subject",
     lambda g: g.add((annotation_of(g, L, P.coHandler), RDF.subject, M))),
    ("AnnotationShape-predicate-two", "AnnotationShape-predicate", "predicate",
     lambda g: g.add((annotation_of(g, L, P.coHandler), RDF.predicate, P.cites))),
    ("AnnotationShape-object-two", "AnnotationShape-object", "object",
     lambda g: g.add((annotation_of(g, L, P.coHandler), RDF.object, PL))),
    ("AnnotationShape-hasTarget-two", "AnnotationShape-hasTarget", "hasTarget",
     lambda g: g.add((annotation_of(g, L, P.coHandler), OA.hasTarget, _date_span(g)))),
    ("SpanShape-iri", "SpanShape", "",
     lambda g: move_span(g, next(g.objects(PL, IPGOV.namedAt)), f"{S}#char=0-2")),
    ("SpanShape-exact-tagged", "SpanShape-exact", "exact",
     lambda g: g.set((target_of(g, L, P.coHandler), OA.exact, zh("深圳市中级人民法院")))),
    ("EvidenceSpanShape-order-empty", "EvidenceSpanShape-order", "",
     _date_span_at(len(TEXT) - len("2018年8月15日"), len(TEXT) - len("2018年8月15日"))),
    ("EvidenceSpanShape-end-beyondText", "EvidenceSpanShape-end", "",
     _date_span_at(len(TEXT) - len("2018年8月15日"), len(TEXT) + 3)),
    ("EvidenceSpanShape-quote-wrongText", "EvidenceSpanShape-quote", "",
     lambda g: g.set((_date_span(g), OA.exact, Literal("2018年8月16日")))),
    ("SpanSourceShape-otherLetter", "SpanSourceShape", "",
     lambda g: move_span(g, _date_span(g), str(_date_span(g)).replace(KEY, "fixture_other"))),
    ("ThingEvidenceShape-annotation-none", "ThingEvidenceShape-annotation", "(namedAt|^subject|^object)",
     lambda g: drop_evidence(g, FI, RDF.type)),
    ("FactEvidenceShape-noEvidence", "FactEvidenceShape", "coHandler", lambda g: drop_evidence(g, L, P.coHandler)),
    ("UnionKindShape-twoKinds", "UnionKindShape-type", "type", lambda g: g.add((A, RDF.type, P.Court))),
    ("VocabularyShape-undeclaredTerm", "VocabularyShape", "", lambda g: g.add((L, P.signedBy, A))),
]
# wrong facts (shapes) and wrong names (the Python checks of graph_builder/validate/lint.py)
INVALID += [
    ("MotionShape-proposerHandler-coHandler", "MotionShape-proposerHandler", "proposer",
     lambda g: replace_object(g, M, P.proposer, CO)),
    ("MotionShape-proposerHandler-mainHandler", "MotionShape-proposerHandler", "proposer", _main_handler_proposes),
    ("MotionShape-proposerAgency-agency", "MotionShape-proposerAgency", "proposer",
     lambda g: replace_object(g, M, P.proposer, N)),
    # 国家知识产权局 typed a party body: its name still says agency
    ("MotionShape-proposerAgency-bureauName", "MotionShape-proposerAgency", "proposer",
     lambda g: [replace_object(g, N, RDF.type, P.PartyBody), replace_object(g, M, P.proposer, N)]),
    ("LabelShape-grounded-notInQuote", "LabelShape-grounded", "prefLabel",
     lambda g: relabel(g, SS, "三星重工")),
    # 由我局依托 is a quote of the platform's evidence, so the name is grounded but cut wrong
    ("LabelShape-functionWord-you", "LabelShape-functionWord", "prefLabel",
     lambda g: relabel(g, PF, "由我局依托")),
    ("PersonShape-name-noSurname", "PersonShape-name", "prefLabel", lambda g: relabel(g, P1, "三")),
]
# fixtures that need a second letter graph
INVALID_DATASET: list[tuple[str, str, str, Callable[[Dataset], None]]] = [
    ("UnionLabelShape-twoChineseLabels", "UnionLabelShape-prefLabelZh", "prefLabel", _other_graph_label),
    ("UnionValueShape-twoStartDates", "UnionValueShape", "startDate", _other_graph_start),
    ("UnionLocalShape-sameLabel", "UnionLocalShape-prefLabelZh", "prefLabel", _other_graph_local),
]

NAMESPACES = {"rdf": str(RDF), "skos": str(SKOS), "dcterms": str(DCTERMS), "oa": str(OA), "ipgov": str(IPGOV)}


def path_iri(path: str) -> str:
    """A short expected path (``answers``, ``^hasSource``) as full SPARQL path text."""
    def one(name: str) -> str:
        inverse = name.startswith("^")
        name = name.lstrip("^")
        if ":" in name:
            prefix, local = name.split(":")
            return ("^" if inverse else "") + f"<{NAMESPACES[prefix]}{local}>"
        for prefix in ("rdf", "skos", "dcterms", "oa", "ipgov"):
            local = {"subject", "predicate", "object", "type", "value"} if prefix == "rdf" else None
            if prefix == "rdf" and name not in local:
                continue
            if prefix == "skos" and name not in {"prefLabel", "altLabel"}:
                continue
            if prefix == "dcterms" and name not in {"date", "identifier", "title", "isPartOf"}:
                continue
            if prefix == "oa" and name not in {"hasTarget", "hasSource", "hasSelector", "start", "end",
                                                "exact", "prefix", "suffix"}:
                continue
            return ("^" if inverse else "") + f"<{NAMESPACES[prefix]}{name}>"
        raise ValueError(name)
    if not path:
        return ""
    if path.startswith("("):
        return "(" + "|".join(one(p) for p in path[1:-1].split("|")) + ")"
    return one(path)


def write(dataset: Dataset, path: Path, header: str) -> None:
    """Write a dataset as TriG with a comment header."""
    bind_prefixes(dataset)
    body = dataset.serialize(format="trig")
    path.write_text(header + body, encoding="utf-8")


def dataset_of(graph: Graph) -> Dataset:
    """A Dataset holding ``graph`` as its named graph."""
    ds = Dataset()
    named = ds.graph(GRAPH)
    for triple in graph:
        named.add(triple)
    return ds


def main() -> None:
    """Write every fixture."""
    valid, invalid = HERE / "valid", HERE / "invalid"
    valid.mkdir(exist_ok=True)
    invalid.mkdir(exist_ok=True)
    for old in invalid.glob("*.trig"):
        old.unlink()
    write(dataset_of(minimal()), valid / "minimal.trig",
          "# The minimal letter graph: every shape accepts it, with no warning.\n")
    shapes = "https://w3id.org/ipgov/shapes#"
    for name, shape, path, mutate in INVALID:
        g = minimal()
        mutate(g)
        header = f"# expect: <{shapes}{shape}> {path_iri(path) or '-'}\n"
        write(dataset_of(g), invalid / f"{name}.trig", header)
    for name, shape, path, mutate_ds in INVALID_DATASET:
        ds = dataset_of(minimal())
        mutate_ds(ds)
        header = f"# expect: <{shapes}{shape}> {path_iri(path) or '-'}\n"
        write(ds, invalid / f"{name}.trig", header)


if __name__ == "__main__":
    main()
