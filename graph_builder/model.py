"""The values that flow between stages: a parsed Letter and the LetterFacts found in it.

``LetterFacts.to_json()`` gives the JSON of ``eval/FORMAT.md`` (extra keys allowed there:
``type``, ``iri``, ``evidence``).
"""

from __future__ import annotations

import re
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
    cosigners: tuple[Span, ...] = ()  # a joint reply's other signing bodies, on the signer's line


# A placeholder for a party's real name (某科技公司, 陈某, XX贸易公司): it names one party in one letter.
_PLACEHOLDER = re.compile(r"某|[Xx×]{2,}")


def anonymised(name: str) -> bool:
    """Whether a name is written with a placeholder for the real one."""
    return bool(_PLACEHOLDER.search(name))


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
    # by attribute: the evidence of that attribute (graph_builder.fact_table says which are so).
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
    """A fact linking two things, with the span that states it. ``obj`` may be a literal: its
    datatype is the one ``graph_builder.fact_table`` gives ``predicate``, or emit refuses it."""

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

