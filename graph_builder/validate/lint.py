"""Checks of a letter graph that SHACL cannot state: names against the letter's text and word lists.

Each check has one job and gives results of the same structure as the shapes' (``Result``:
severity, focus node, path, value, message in zh and en), so they join the same report under
a shape IRI of their own (``ipgov-shape:LabelShape-grounded`` …; ``shapes/README.md``).
They run on the pyoxigraph store of one letter graph that the SPARQL checks use, with two
queries a letter, and read general knowledge only: the gazetteer and the word lists of
``graph_builder/data/names/``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graph_builder import namespaces
from graph_builder.namespaces import SH, sparql_prefixes
from graph_builder.resources import data_path
from graph_builder.text.normalize import normalize_text
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


# --- word lists (general knowledge, graph_builder/data/names/) --------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with data_path("names", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """The single-character and the compound surnames of ``surnames.tsv`` (normalised)."""
    names = [normalize_text(row["surname"]) for row in _rows("surnames.tsv")]
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) > 1)


def surname_of(name: str) -> str:
    """The surname a (normalised) name starts with, compound first, or ""."""
    single, compound = surnames()
    if len(name) > 2 and name[:2] in compound:
        return name[:2]
    return name[:1] if name[:1] in single else ""


@cache
def function_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word, name beginnings that are not that word) of ``function_words.tsv``, longest first."""
    rows = [
        (normalize_text(row["word"]), tuple(normalize_text(e) for e in row["except"].split("|") if e))
        for row in _rows("function_words.tsv")
    ]
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def leading_function_word(name: str) -> str:
    """The listed function word or verb a (normalised) name starts with, or ""."""
    for word, exceptions in function_words():
        if name.startswith(word) and not name.startswith(exceptions):
            return word
    return ""


# --- grounding -----------------------------------------------------------------------------
#
# The gazetteer's matcher and the divisions' index take most of a second to build (thousands
# of names through the traditional→simplified converter), more than validating a letter. So
# names are grounded first against a plain index of the same tables (``_Index``: aliases,
# stems and division names, read as written); only a name it leaves ungrounded is tried on
# the gazetteer itself (``Gazetteer.lookup`` and ``find``, which also sees an alias inside a
# longer quote and a place-prefixed stem). Either index can only ground more, never less.

_WHITE = re.compile(r"\s+")
_BARE = ("自治区", "省", "市", "区", "县")  # a bare level: the letter's own province, city …
_LEVEL_ENDS = "省市区县州盟旗"


@dataclass(frozen=True)
class _Index:
    """Plain lookups over the gazetteer's and the divisions' tables (normalised → normalised)."""

    names: dict[str, str]  # alias or canonical name → canonical name
    stems: dict[str, str]  # agency stem alias (发展改革委) → its canonical form (发展和改革委员会)
    divisions: frozenset[str]  # full names (资阳市, 郫都区) and district names with their city (成都市郫都区)
    # a division as written (full or short: 晋江, 德化县) → the names a place of it is given (晋江市, 泉州市德化县)
    division_forms: dict[str, frozenset[str]]


def _table(*parts: str) -> list[dict[str, str]]:
    with data_path(*parts).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


# gazetteer.KIND_OF_FILE's tables, named here so that validating does not import the rules
# (a fifth of a second); tests/test_validate_facts.py checks that the two agree
NAME_TABLES = ("organizations", "places", "policies", "events")


@cache
def _index() -> _Index:
    def aliases(file: str, into: dict[str, str]) -> None:
        for row in _table("gazetteer", file):
            canonical = normalize_text(row["canonical"])
            for alias in [row["canonical"], *filter(None, row["aliases"].split("|"))]:
                into.setdefault(normalize_text(alias), canonical)

    names: dict[str, str] = {}
    stems: dict[str, str] = {}
    for file in NAME_TABLES:
        aliases(f"{file}.tsv", names)
    aliases("stems.tsv", stems)
    rows = _table("gazetteer", "divisions.tsv")
    by_code = {row["code"]: row for row in rows}
    divisions = {row["name"] for row in rows}
    forms: dict[str, set[str]] = {}
    for row in rows:  # as jurisdiction.qualified_name names them: a district or county with its city
        parent = by_code.get(row["parent"])
        qualified = row["name"]
        if row["level"] == "county" and not row["name"].endswith("市") and parent is not None:
            qualified = parent["name"] + row["name"]
            divisions.add(qualified)
        prefecture = row["short"] + "州" if row["short"] and row["name"].endswith("自治州") else ""
        for written in filter(None, (row["name"], row["short"], prefecture)):
            forms.setdefault(normalize_text(written), set()).update({row["name"], qualified})
    division_forms = {key: frozenset(normalize_text(v) for v in values) for key, values in forms.items()}
    return _Index(names, stems, frozenset(divisions), division_forms)


def is_division(name: str) -> bool:
    """Whether ``name`` is how a body's name gives a division in full: 资阳市, 成都市郫都区, 郫都区."""
    return name in _index().divisions


def _completes(name: str, quote: str, index: _Index) -> bool:
    """``name`` is ``quote`` with its bare 省/市/区/县 prefix completed by a division's name.

    The rest of the quote may be a short form of an agency stem (市发展改革委 → 广州市发展和改革委员会)
    or give, with the division, a name the gazetteer knows (省政府 → 广东省人民政府).
    """
    for bare in _BARE:
        if not quote.startswith(bare) or len(quote) == len(bare):
            continue
        rest = quote[len(bare) :]
        stem = index.stems.get(rest)
        tails = {rest, stem} if stem else {rest}
        for tail in tails:
            if name.endswith(tail) and len(name) > len(tail):
                place = name[: -len(tail)]
                if place == bare or place in index.divisions:
                    return True
        for cut in range(2, min(len(name), 12)):
            place = name[:cut]
            if place[-1] in _LEVEL_ENDS and place in index.divisions and any(
                index.names.get(place + tail) == name for tail in tails
            ):
                return True
    return False


def grounded(label: str, quotes: Iterable[str]) -> bool:
    """Whether a zh label is borne out by the quotes of its thing's evidence (compared normalised).

    It is when it occurs in a quote, is the gazetteer's canonical name of an alias a quote
    is or holds, or completes a quote's bare 省/市/区/县 prefix with a division's name.
    """
    # compared without white space: a name may be written across a line break (a PDF's title)
    name = _WHITE.sub("", normalize_text(label))
    quotes = sorted(_WHITE.sub("", normalize_text(q)) for q in quotes)
    if any(name in quote for quote in quotes):
        return True
    index = _index()
    if any(index.names.get(quote) == name or _completes(name, quote, index) for quote in quotes):
        return True
    if any(name in index.division_forms.get(quote, ()) for quote in quotes):
        return True  # a place named by a division's full or short form (晋江 → 晋江市, 德化 → 泉州市德化县)
    from graph_builder.extract.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    return any(normalize_text(hit.entry.canonical) == name for quote in quotes for hit in gazetteer.find(quote))


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
            if not word or (person and surname_of(name)) or name in _index().names:
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
