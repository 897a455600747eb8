"""Checks of a letter graph that SHACL cannot state: names against the letter's text and word lists.

Each check has one job and gives results of the same structure as the shapes' (``Result``:
severity, focus node, path, value, message in zh and en), so they join the same report under
a shape IRI of their own (``ipgov-shape:LabelShape-grounded`` …; ``shapes/README.md``).
They run on the pyoxigraph store of one letter graph that the SPARQL checks use, with two
queries a letter, and read general knowledge only: the gazetteer and the word lists of
``graph_builder/data/names/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graph_builder import namespaces
from graph_builder.namespaces import SH, sparql_prefixes
from graph_builder.surnames import surname_of
from graph_builder.text.normalize import normalize_text
from graph_builder.validate.name_knowledge import grounded, leading_function_word, name_index
from graph_builder.validate.results import Result

if TYPE_CHECKING:
    from graph_builder.validate.triples import LetterTriples

SHAPES = str(namespaces.IPGOV_SHAPES)
IPGOV = str(namespaces.IPGOV)
SKOS = str(namespaces.SKOS)
RDF_NS, OA, PROV = str(namespaces.RDF), str(namespaces.OA), str(namespaces.PROV)
COMPONENT = SHAPES + "LintConstraintComponent"
PREF_LABEL, ALT_LABEL = f"<{SKOS}prefLabel>", f"<{SKOS}altLabel>"

# Things with names of their own (the label is a name found in the text) ...
NAMED = frozenset(
    IPGOV + c
    for c in (
        "Person", "PersonGroup", "Organization", "GovernmentAgency", "Court", "Legislature", "PartyBody",
        "Company", "University", "Association", "Media", "InternationalOrganization", "Policy", "Platform",
        "Event", "Place",
    )
)
# ... and things whose label is composed from other names (case: parties and subject; provision:
# law and article): their names are checked, not their grounding.
COMPOSED = frozenset({IPGOV + "CourtCase", IPGOV + "Provision"})

# (the two predicates by VALUES, not FILTER(?property IN …): a free predicate reads every triple)
_LABELS = f"""
SELECT ?thing ?class ?property ?label WHERE {{
  VALUES ?property {{ <{SKOS}prefLabel> <{SKOS}altLabel> }}
  ?thing ?property ?label .
  FILTER(LANG(?label) = "zh")
  ?thing a ?class .
}}"""
# the quotes of the spans a thing is named at or the subject of an annotation on (the quote
# joined inside each branch: joined after the union, pyoxigraph took 25 times longer)
_QUOTES = sparql_prefixes("rdf", "oa", "ipgov") + """
SELECT ?thing ?exact WHERE {
  {
    ?thing ipgov:namedAt ?span .
    ?span oa:exact ?exact .
  } UNION {
    ?annotation rdf:subject ?thing ;
        oa:hasTarget ?span .
    ?span oa:exact ?exact .
  }
}"""
# Things a corrections file named (docs/corrections.md): their name is the corrector's, not the text's.
_CORRECTED = sparql_prefixes("rdf", "prov", "ipgov") + """
SELECT DISTINCT ?thing WHERE {
  ?annotation rdf:subject ?thing ;
      prov:wasGeneratedBy ?correction .
  ?correction a ipgov:Correction .
}"""


@dataclass
class Named:
    """One thing of a letter: its classes, labels and evidence quotes."""

    iri: str
    classes: set[str] = field(default_factory=set)
    pref: set[str] = field(default_factory=set)  # skos:prefLabel@zh, as written
    alt: set[str] = field(default_factory=set)  # skos:altLabel@zh, as written
    quotes: set[str] = field(default_factory=set)  # normalised quotes of the spans naming it or stating its facts
    corrected: bool = False  # a correction's annotation names it: its labels need no grounding


def things(store: ox.Store) -> list[Named]:
    """The named and composed things of the letter graph in ``store`` (default graph), by IRI."""
    found: dict[str, Named] = {}
    for row in cast(ox.QuerySolutions, store.query(_LABELS)):
        cls = row["class"].value
        if cls not in NAMED and cls not in COMPOSED:
            continue
        iri = row["thing"].value
        named = found.get(iri) or found.setdefault(iri, Named(iri))
        named.classes.add(cls)
        (named.pref if row["property"].value == PREF_LABEL[1:-1] else named.alt).add(row["label"].value)
    for row in cast(ox.QuerySolutions, store.query(_QUOTES)):
        thing = found.get(row["thing"].value)
        if thing is not None:
            thing.quotes.add(normalize_text(row["exact"].value))
    for row in cast(ox.QuerySolutions, store.query(_CORRECTED)):
        thing = found.get(row["thing"].value)
        if thing is not None:
            thing.corrected = True
    return [found[iri] for iri in sorted(found)]


_TYPE, _PREF, _ALT = f"<{RDF_NS}type>", PREF_LABEL, ALT_LABEL
_SUBJECT, _NAMED_AT = f"<{RDF_NS}subject>", f"<{IPGOV}namedAt>"
_HAS_TARGET, _EXACT = f"<{OA}hasTarget>", f"<{OA}exact>"
_GENERATED_BY, _CORRECTION = f"<{PROV}wasGeneratedBy>", f"<{IPGOV}Correction>"
# the predicates things_from_text reads (give them to LetterTriples.from_ntriples)
PREDICATES = frozenset({_TYPE, _PREF, _ALT, _SUBJECT, _NAMED_AT, _HAS_TARGET, _EXACT, _GENERATED_BY})


def things_from_text(data: LetterTriples) -> list[Named] | None:
    """:func:`things`, read off the letter's triples as text (its three queries cost about 1 ms a
    letter); None when a term is not one it reads as the queries would (a thing, class, span or
    correction that is not an IRI written plainly, a quote that is not a plain or tagged literal,
    a language tag not in lower case): then ask the store."""
    from graph_builder.validate.span_checks import Unusual, _lexical

    def iri(term: str) -> str:
        if term[0] != "<" or "\\" in term:
            raise Unusual(term)
        return term[1:-1]

    try:
        found: dict[str, Named] = {}
        types = data.objects_of(_TYPE)
        for predicate in (_PREF, _ALT):
            for subject, values in data.objects_of(predicate).items():
                labels = [_lexical(v) for v in values if v[0] == '"' and _tag(v) == "zh"]
                if not labels:
                    continue
                classes = {iri(c) for c in types.get(subject, ())} & (NAMED | COMPOSED)
                if not classes:
                    continue
                named = found.get(iri(subject)) or found.setdefault(iri(subject), Named(iri(subject)))
                named.classes |= classes
                (named.pref if predicate == _PREF else named.alt).update(labels)
        exact = data.objects_of(_EXACT)

        def quote(span: str, thing: str) -> None:
            named = found.get(iri(thing))
            for value in exact.get(span, ()) if named is not None else ():
                if value[0] != '"':
                    raise Unusual(value)
                named.quotes.add(normalize_text(_lexical(value)))  # type: ignore[union-attr]

        for thing, spans in data.objects_of(_NAMED_AT).items():
            for span in spans:
                quote(span, thing)
        targets, generated = data.objects_of(_HAS_TARGET), data.objects_of(_GENERATED_BY)
        for annotation, subjects in data.objects_of(_SUBJECT).items():
            for thing in subjects:
                for span in targets.get(annotation, ()):
                    quote(span, thing)
                about = found.get(iri(thing)) if thing[0] == "<" else None
                if about is not None and any(_CORRECTION in types.get(c, ()) for c in generated.get(annotation, ())):
                    about.corrected = True
    except Unusual:
        return None
    return [found[key] for key in sorted(found)]


def _tag(literal: str) -> str:
    """A literal's language tag as written ("" for none); Unusual when not in lower case (the store lowers it)."""
    from graph_builder.validate.span_checks import Unusual

    if literal[-1] == ">":
        return ""
    tag = literal[literal.rindex('"') + 1 :][1:]
    if tag != tag.lower():
        raise Unusual(literal)
    return tag



# --- the checks ------------------------------------------------------------------------------

Finding = tuple[str, str, dict[str, str]]  # (path, label, message fields)


@dataclass(frozen=True)
class LintCheck:
    """A Python check with the fields of a shape: IRI, severity, message templates (zh, en)."""

    shape: str
    severity: str
    zh: str  # str.format templates over the finding's fields and {label}
    en: str
    run: Callable[[Named], Iterable[Finding]]


def _ungrounded(thing: Named) -> Iterable[Finding]:
    if thing.classes & NAMED and not thing.corrected:
        for label in sorted(thing.pref):
            if not grounded(label, thing.quotes):
                yield PREF_LABEL, label, {}


def _function_word(thing: Named) -> Iterable[Finding]:
    person = IPGOV + "Person" in thing.classes
    for path, labels in ((PREF_LABEL, thing.pref), (ALT_LABEL, thing.alt)):
        for label in sorted(labels):
            name = normalize_text(label)
            word = leading_function_word(name)
            if not word or (person and surname_of(name)) or name in name_index().names:
                continue
            yield path, label, {"word": word}


def _person_name(thing: Named) -> Iterable[Finding]:
    if IPGOV + "Person" not in thing.classes:
        return
    for label in sorted(thing.pref):
        name = normalize_text(label)
        if len(name) > 4:
            yield PREF_LABEL, label, {"zh_reason": "超过四个字", "en_reason": "longer than four characters"}
        elif not surname_of(name):
            yield PREF_LABEL, label, {"zh_reason": "不以常见姓氏开头", "en_reason": "no common Chinese surname first"}


VIOLATION, WARNING = str(SH.Violation), str(SH.Warning)
CHECKS = (
    LintCheck(
        SHAPES + "LabelShape-grounded", VIOLATION,
        "名称在原文中找不到依据：「{label}」不见于它的证据引文，也不是引文中别名的规范名称或省/市/区/县简称的补全",
        "Name not grounded in the letter's text: {label} is in none of its evidence quotes, nor the canonical "
        "name of an alias quoted there, nor a bare 省/市/区/县 prefix completed by a division's name",
        _ungrounded,
    ),
    LintCheck(
        SHAPES + "LabelShape-functionWord", VIOLATION,
        "名称以虚词或不能作名称开头的词「{word}」开头：「{label}」",
        "Name starts with a function word or a verb that cannot begin a name ({word}): {label}",
        _function_word,
    ),
    LintCheck(
        SHAPES + "PersonShape-name", WARNING,
        "人名可疑（{zh_reason}）：「{label}」",
        "Unlikely person name ({en_reason}): {label}",
        _person_name,
    ),
)


def lint_results(
    store: ox.Store, letter: str, checks: tuple[LintCheck, ...] = CHECKS, data: LetterTriples | None = None
) -> list[Result]:
    """The results of the Python checks on the letter graph in ``store`` (its default graph).

    ``data``: the same triples as text, with :data:`PREDICATES` (read instead of querying the store).
    """
    results = []
    found = None if data is None else things_from_text(data)
    for thing in things(store) if found is None else found:
        focus = URIRef(thing.iri).n3()
        for check in checks:
            for path, label, fields in check.run(thing):
                fields = {**fields, "label": label}
                results.append(
                    Result(
                        letter=letter,
                        focus=focus,
                        path=path,
                        value=Literal(label, lang="zh").n3(),
                        shape=check.shape,
                        component=COMPONENT,
                        severity=check.severity,
                        messages=(("en", check.en.format(**fields)), ("zh", check.zh.format(**fields))),
                    )
                )
    return sorted(results)
