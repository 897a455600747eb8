"""The fact table: every predicate a letter's graph holds, its evidence, facts-JSON key and datatype.

One table read by ``rdf/emitter.py`` and ``rdf/emit.py`` (which write predicates only through
it and refuse what it does not describe), by ``tests/test_fact_model.py`` (every fact has evidence and a JSON key the
letters fill; FactEvidenceShape in ``shapes/evidence.ttl`` checks exactly the annotated ones)
and by people adding a kind of fact (``docs/adding-a-fact.md``).

Evidence (``docs/MODEL.md``): a fact stated at a span of the text is *annotated* there; an
attribute read from the thing's own name (a policy's type from 法/条例/办法, a platform's
kind from its ending, a collective court) rests on the thing's ``ipgov:namedAt`` spans; an
attribute read off the text beside the name (局长李卫东, 5名委员) is annotated at the span
that states it (``Entity.attr_spans``, filled by ``extract.registry.add_entity``).
"""

from __future__ import annotations

from typing import NamedTuple

ANNOTATION = "annotation"  # reified once per span that states it (rdf:subject/predicate/object, oa:hasTarget)
NAMED = "namedAt"  # read from the subject's own name: the subject's ipgov:namedAt spans are its evidence
SPAN = "span"  # the subject is a span of the text (a measure, a suggestion item): its own evidence
NONE = "none"  # no statement read from the text: structure, labels of documents, provenance, the evidence itself


class FactPredicate(NamedTuple):
    """One predicate the emitter (``rdf/emit.py``) may write (docs/adding-a-fact.md).

    :param curie: the predicate, ``prefix:local`` (prefixes of ``namespaces.PREFIXES``)
    :param evidence: ANNOTATION, NAMED, SPAN or NONE; an ANNOTATION predicate is listed in
        ``shapes/evidence.ttl`` FactEvidenceShape
    :param json: where the facts JSON (``facts_json.py``) carries it: ``key`` or ``list[].key``,
        several separated by ``, `` (``things[]``: any list of things, ``THINGS_JSON``); required
        unless evidence is NONE
    :param literal: the object's datatype when it is a literal: ``date`` (xsd:date,
        gYearMonth or gYear by the value's length), ``gYear``, ``zh`` (a @zh string),
        ``lang`` (any language tag), ``string``, ``integer``, ``decimal``, ``boolean``, ``any``
        (an IRI or a literal); empty when the object is an IRI
    :param attr: the ``Entity.attrs`` key it is written from, if any
    :param why: for NAMED and NONE, why no annotation is needed
    """

    curie: str
    evidence: str
    json: str = ""
    literal: str = ""
    attr: str = ""
    why: str = ""


# ``things[]`` in a JSON key: the lists of things, any of them (the letter's own roles are keys of their own)
THINGS_JSON = ("persons", "organizations", "policies", "instruments", "platforms", "places", "events", "co_handlers")


FACT_PREDICATES: tuple[FactPredicate, ...] = (
    # things and their names
    FactPredicate("rdf:type", NAMED, "things[].type",
                  why="a thing's class: evidenced by the spans naming it (a measure's: its span; the letter's, "
                      "its text's, its motion's and provenance nodes' are structure)"),
    FactPredicate("skos:prefLabel", NAMED, "things[].name", "lang",
                  why="a thing's canonical name, written at its namedAt spans (documents' labels are their titles)"),
    FactPredicate("skos:altLabel", NAMED, "things[].aliases", "zh",
                  why="the other forms the letter writes, each at one of the thing's namedAt spans"),
    FactPredicate("ipgov:mentions", NAMED, "things[], figures[]",
                  why="the letter (or measure) names the thing: the thing's namedAt spans are in it"),
    # attributes of things (Entity.attrs): read beside the name → annotation; from the name → namedAt
    FactPredicate("ipgov:post", ANNOTATION, "persons[].post", "zh", attr="post",
                  why="read off the text beside the name (局长李卫东): the span of post and name states it"),
    FactPredicate("ipgov:memberCount", ANNOTATION, "proposers[].memberCount", "integer", attr="memberCount",
                  why="a number the letter writes (赵国栋等5名委员): the span that counts the group states it"),
    FactPredicate("ipgov:policyType", NAMED, "policies[].policyType, instruments[].policyType", attr="policyType",
                  why="from the title's ending (法, 条例, 办法 …) or the gazetteer's entry for that name"),
    FactPredicate("ipgov:platformKind", NAMED, "platforms[].platformKind", "zh", attr="platformKind",
                  why="the ending of the platform's name (中心, 基地, 窗口 …)"),
    FactPredicate("ipgov:isCollective", NAMED, "organizations[].isCollective", "boolean",
                  why="a court's name that is no one court's (深圳法院): Entity.is_collective"),
    # the letter
    FactPredicate("dcterms:identifier", ANNOTATION, "doc_number, proposal_number", "string"),
    FactPredicate("dcterms:title", ANNOTATION, "title, title_of_proposal", "zh"),
    FactPredicate("dcterms:date", ANNOTATION, "date", "date"),
    FactPredicate("ipgov:respondingAgency", ANNOTATION, "responding_agency"),
    FactPredicate("ipgov:coHandler", ANNOTATION, "co_handlers"),
    FactPredicate("ipgov:addressedTo", ANNOTATION, "proposers, main_handler"),
    FactPredicate("ipgov:mainHandler", ANNOTATION, "main_handler"),
    FactPredicate("ipgov:cites", ANNOTATION, "policies, instruments, cases"),
    FactPredicate("ipgov:citesProvision", ANNOTATION, "provisions"),
    FactPredicate("ipgov:hasMeasure", SPAN, "measures", why="the measure is a sentence of the letter: its span"),
    # the motion
    FactPredicate("ipgov:proposer", ANNOTATION, "proposers"),
    FactPredicate("ipgov:session", ANNOTATION, "session", "zh"),
    FactPredicate("ipgov:hasSuggestionItem", SPAN, "suggestions", why="the item is a sentence of the letter"),
    FactPredicate("ipgov:ordinal", SPAN, "suggestions, measures[].ordinal", "integer",
                  why="the order of the item's or measure's span in the letter"),
    # measures
    FactPredicate("ipgov:respondsTo", SPAN, "measures[].suggestion",
                  why="a measure answers the item its section restates: both are spans"),
    FactPredicate("ipgov:responsibleBody", ANNOTATION, "measures[].responsible"),
    # provisions: named at the article (第265条) after the policy's title
    FactPredicate("dcterms:isPartOf", NAMED, "provisions[].policy", why="the policy whose title the article follows"),
    FactPredicate("ipgov:articleNumber", NAMED, "provisions[].article", "string",
                  why="the article as written, the provision's name"),
    # relations (Relation.predicate): platforms
    FactPredicate("ipgov:locatedIn", ANNOTATION, "platforms[].locatedIn"),
    FactPredicate("ipgov:approvedBy", ANNOTATION, "platforms[].approvedBy"),
    FactPredicate("ipgov:hostedBy", ANNOTATION, "platforms[].hostedBy"),
    FactPredicate("ipgov:startDate", ANNOTATION, "platforms[].startDate", "date"),
    # cases
    FactPredicate("ipgov:plaintiff", ANNOTATION, "cases[].plaintiff"),
    FactPredicate("ipgov:defendant", ANNOTATION, "cases[].defendant"),
    FactPredicate("ipgov:court", ANNOTATION, "cases[].court"),
    FactPredicate("ipgov:recognition", ANNOTATION, "cases[].recognitions"),
    FactPredicate("ipgov:year", ANNOTATION, "cases[].year", "gYear"),
    FactPredicate("ipgov:caseSubject", ANNOTATION, "cases[].subject", "zh"),
    # figures: named at their span, which states value, unit, what and period
    FactPredicate("ipgov:value", NAMED, "figures[].value", "string", why="read from the figure's own span"),
    FactPredicate("ipgov:numericValue", NAMED, "figures[].value", "decimal", why="the value as a number"),
    FactPredicate("ipgov:unit", NAMED, "figures[].unit", "string", why="read from the figure's own span"),
    FactPredicate("ipgov:countedThing", NAMED, "figures[].what", "zh", why="read from the figure's own span"),
    FactPredicate("ipgov:refPeriod", NAMED, "figures[].period", "zh", why="read from the figure's own span"),
    # structure: no statement of the text
    FactPredicate("ipgov:genre", NONE, "genre", "string", why="the kind of reply the whole text is"),
    FactPredicate("ipgov:answers", NONE, why="a letter answers the one motion its graph describes"),
    FactPredicate("ipgov:hasParticipation", NONE, why="a role as a node; the role's own triple has the evidence"),
    FactPredicate("ipgov:participant", NONE, why="a role as a node; the role's own triple has the evidence"),
    FactPredicate("ipgov:role", NONE, why="a role as a node; the role's own triple has the evidence"),
    FactPredicate("ipgov:localTo", NONE, "things[].local", why="identity: the name settles no thing beyond the letter"),
    FactPredicate("ipgov:nameBasis", NONE, "things[].basis", "string", why="how sure a name is, not what it says"),
    FactPredicate("ipgov:hasSourceText", NONE, why="the letter's text"),
    FactPredicate("rdf:value", NONE, literal="string", why="the letter's text itself"),
    FactPredicate("ipgov:sha256", NONE, literal="string", why="of the letter's file"),
    FactPredicate("ipgov:characterCount", NONE, literal="integer", why="of the letter's text"),
    FactPredicate("ipgov:namedAt", NONE, why="evidence itself (rdf/evidence.py)"),
    FactPredicate("oa:exact", NONE, literal="string", why="evidence itself: a span's quote"),
    FactPredicate("oa:hasTarget", NONE, why="evidence itself: an annotation's span"),
    FactPredicate("rdf:subject", NONE, why="evidence itself: the fact an annotation reifies"),
    FactPredicate("rdf:predicate", NONE, why="evidence itself: the fact an annotation reifies"),
    FactPredicate("rdf:object", NONE, literal="any", why="evidence itself: the fact an annotation reifies"),
    FactPredicate("prov:wasDerivedFrom", NONE, why="provenance"),
    FactPredicate("prov:wasGeneratedBy", NONE, why="provenance"),
    FactPredicate("prov:wasInfluencedBy", NONE, why="provenance: a corrections entry"),
    FactPredicate("prov:used", NONE, why="provenance"),
    FactPredicate("prov:wasAssociatedWith", NONE, why="provenance"),
    FactPredicate("ipgov:correctionEntry", NONE, literal="string", why="provenance: a corrections entry"),
    FactPredicate("ipgov:correctionDigest", NONE, literal="string", why="provenance: a corrections entry"),
)
FACT_PREDICATE = {p.curie: p for p in FACT_PREDICATES}
# Entity.attrs keys that only the facts JSON carries (no predicate): what they say is not a fact of the graph.
JSON_ONLY_ATTRS = {
    "edition": "the edition in a policy's title (2020年修订): part of the title, which the label holds",
    "bracketed": "whether a policy is cited in 《》 (policies) or not (instruments): how it is written",
    "corrected": "which corrections entry changed the thing: the graph says so with prov:wasInfluencedBy",
}


class UnknownFactError(ValueError):
    """A fact the fact table (``FACT_PREDICATES``) does not describe: an unknown predicate or
    attribute, or a literal whose datatype it does not give. Raised rather than written as a guess."""
