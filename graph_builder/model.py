"""The values that flow between stages: a parsed Letter and the LetterFacts found in it.

``LetterFacts.to_json()`` gives the JSON of ``eval/FORMAT.md`` (extra keys allowed there:
``type``, ``iri``, ``evidence``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple


class Span(NamedTuple):
    """A run of the letter's text: code-point offsets, end exclusive.

    A named tuple, not a dataclass: rules make, compare and sort spans by the thousand per
    letter, and a tuple does that in C (a frozen dataclass took a fifth of extraction).
    """

    start: int
    end: int

    def text(self, letter_text: str) -> str:
        """The text the span covers."""
        return letter_text[self.start : self.end]


@dataclass(frozen=True)
class Line:
    """One line of the letter, without its line break."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body with the numbered section it stands in (``(1, 2)`` = 一、（二）)."""

    start: int
    end: int
    text: str
    section: tuple[int, ...] = ()


@dataclass(frozen=True)
class Section:
    """A numbered part of the body: its level, number, heading line and extent."""

    level: int
    number: int
    marker: str
    start: int
    end: int
    heading: Span


@dataclass(frozen=True)
class Header:
    """Where the parser found the letter's structural lines (each optional)."""

    doc_number: Span | None = None
    title: Span | None = None
    salutation: Span | None = None
    signer: Span | None = None
    date: Span | None = None
    contact_lines: tuple[Line, ...] = ()
    body: Span = Span(0, 0)  # noqa: RUF009 -- an immutable tuple, safe to share
    heading: Span | None = None  # the writing body's name alone above the title


@dataclass(frozen=True)
class Letter:
    """A decoded letter: its text, a same-length normalised copy for matching, its structure.

    ``norm`` has exactly the length of ``text`` (NFKC and traditional→simplified, char by
    char), so an offset found in ``norm`` indexes ``text`` too.
    """

    key: str
    path: str
    text: str
    norm: str
    sha256: str
    encoding: str
    lines: tuple[Line, ...]
    header: Header
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds ``offset``, if any (sentences are in text order and do not overlap)."""
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None


@dataclass
class Entity:
    """A thing the letter names: an actor, policy, platform, place, event ..."""

    kind: str  # person, group, org, policy, platform, event, place
    cls: str  # ontology class local name: Person, Court, Policy ...
    canonical: str  # the name identity is computed on (after alias resolution)
    name: str  # surface form reported (the fullest form written in the letter)
    spans: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    name_en: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    # The spans that state an attribute read off the text beside the name (局长李卫东 for post),
    # by attribute: the evidence of that attribute (FACT_PREDICATES says which attributes are so).
    attr_spans: dict[str, list[Span]] = field(default_factory=dict)
    # True when the name does not settle which body it is (a bare 市/省 prefix in a letter whose
    # own place is unknown): its IRI is scoped to the letter and never merges across letters.
    local: bool = False
    # How sure the name is: "known" (the gazetteer's name, or its alias), "resolved" (a bare
    # 省/市/区/县 prefix completed by the letter's place), "local" (a prefix the letter does not
    # settle) or "read" (read off the text by a rule of the genre, the least sure).
    basis: str = ""

    @property
    def ref(self) -> tuple[str, str]:
        """The (kind, canonical) pair that identifies the entity within and across letters."""
        return (self.kind, self.canonical)

    @property
    def is_collective(self) -> bool:
        """A court named as a group of courts (深圳法院, 两级法院), read from its name."""
        name = self.canonical
        return self.kind == "org" and self.cls == "Court" and name.endswith("法院") and "人民法院" not in name


@dataclass
class TextValue:
    """A single value read from the text, with the span that states it."""

    value: str
    span: Span | None


@dataclass
class Relation:
    """A fact linking two things, with the span that states it (``obj`` may be a literal)."""

    subject: tuple[str, str]
    predicate: str
    obj: tuple[str, str] | str
    span: Span


@dataclass
class Case:
    """A court case: ``A诉B…案``."""

    name: str
    span: Span
    plaintiff: tuple[str, str] | None = None
    defendants: list[tuple[str, str]] = field(default_factory=list)
    court: tuple[str, str] | None = None
    year: int | None = None
    subject: str | None = None
    recognitions: list[tuple[str, str]] = field(default_factory=list)
    written: dict[tuple[str, str], str] = field(default_factory=dict)  # party → as the case names it
    canonical: str = ""  # identity: plaintiff 诉 defendants + subject, canonical names

    @property
    def ref(self) -> tuple[str, str]:
        """The (kind, canonical) pair that identifies the case."""
        return ("case", self.canonical or self.name)


@dataclass
class Figure:
    """A statistic: value and unit as written, what it counts, its period."""

    value: str
    unit: str | None
    what: str
    span: Span
    period: str | None = None


@dataclass
class Item:
    """One numbered suggestion of the proposal as the letter restates it."""

    ordinal: int
    text: str
    span: Span


@dataclass
class Measure:
    """A sentence of the answer: a commitment, an achievement or a statement."""

    ordinal: int
    kind: str  # Commitment, Achievement, Statement
    span: Span
    item: int | None = None
    responsible: tuple[str, str] | None = None
    mentions: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Corrected:
    """A fact an entry of a corrections file asserted (``graph_builder.corrections``).

    ``entity`` is None for an entry that only took something away (a dropped entity, role or
    relation): the letter's graph then records that the entry influenced it. Otherwise the
    fact is the entity's role (``role``: proposer, co_handler, responding_agency,
    main_handler) or, with ``role`` empty, the entity itself (its type), stated at ``span``.
    """

    label: str  # the file's name and the entry's reference: "corrections.yaml#3"
    digest: str  # SHA-256 (hex) of the entry as it applies to this letter
    entity: Entity | None = None
    role: str = ""
    span: Span | None = None


@dataclass
class LetterFacts:
    """Everything extracted from one letter: the contract between extraction and RDF."""

    id: str
    genre: str
    doc_number: TextValue | None = None
    proposal_number: TextValue | None = None
    session: TextValue | None = None
    title: TextValue | None = None
    title_of_proposal: TextValue | None = None
    proposal_short_name: str | None = None
    date: TextValue | None = None  # ISO value, span of the written date
    proposers: list[tuple[str, str]] = field(default_factory=list)
    responding_agency: tuple[str, str] | None = None
    co_handlers: list[tuple[str, str]] = field(default_factory=list)
    main_handler: tuple[str, str] | None = None  # a co-handler's opinion letter: the body it is addressed to
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    provisions: list[tuple[tuple[str, str], str, Span]] = field(default_factory=list)
    written: dict[tuple[str, str], str] = field(default_factory=dict)  # co-handler → as the letter names it
    corrected: list[Corrected] = field(default_factory=list)  # facts a corrections file asserted

    def entity(self, ref: tuple[str, str]) -> Entity:
        """The entity with this (kind, canonical) reference."""
        return self.entities[ref]

    def of_kind(self, *kinds: str) -> list[Entity]:
        """Entities of the given kinds in order of first mention."""
        found = [e for e in self.entities.values() if e.kind in kinds]
        return sorted(found, key=lambda e: (e.spans[0].start if e.spans else 1 << 30, e.canonical))


# --- the fact table: every predicate a letter's graph holds, its evidence and JSON key ------------

ANNOTATION = "annotation"  # reified once per span that states it (rdf:subject/predicate/object, oa:hasTarget)
NAMED = "namedAt"  # read from the subject's own name: the subject's ipgov:namedAt spans are its evidence
SPAN = "span"  # the subject is a span of the text (a measure, a suggestion item): its own evidence
NONE = "none"  # no statement read from the text: structure, labels of documents, provenance, the evidence itself


class FactPredicate(NamedTuple):
    """One predicate ``rdf/emit.py`` may write (docs/adding-a-fact.md).

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
