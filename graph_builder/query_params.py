"""Parameter values of the canned queries as RDF terms: typed literals, and IRIs found by name.

An ``iri`` parameter takes a full IRI, a prefixed name, a letter (its key or its file name),
or a name: the graph's labels in either script and width first, then the gazetteer. A name
that several things carry is refused with each candidate's label, class and letters; a name
that nothing in the data carries is refused too (exit 2), rather than answering no rows.

A ``string`` value is bound together with its normalised forms (NFKC, simplified and
traditional characters), so that ``華為`` finds labels written ``华为`` and the other way round.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from functools import cache
from pathlib import PurePath
from typing import Any, Protocol

import pyoxigraph as ox

from graph_builder.errors import UsageError
from graph_builder.prefixes import IPGOV, IPGOV_ID, SKOS
from graph_builder.prefixes import XSD as XSD
from graph_builder.store import SparqlStore
from graph_builder.store.results import Term

XSD_STRING = XSD + "string"
MAX_VALUE_LENGTH = 100_000
ID = IPGOV_ID
_ONT = IPGOV
_SKOS = SKOS
_CODEPOINT_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_KEY_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-%]*")
_LETTER_FILE = re.compile(r".*\.txt", re.IGNORECASE)
MAX_CANDIDATES = 8


class ParamLike(Protocol):
    """What binding needs of a declared parameter (``queries.Param``)."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str
    choices: tuple[str, ...]


class QueryLike(Protocol):
    """What binding needs of a query (``queries.Query``)."""

    name: str
    prefixes: dict[str, str]

    @property
    def params(self) -> Sequence[ParamLike]: ...

    def param(self, name: str) -> Any: ...


def check_text(value: str) -> None:
    """Refuse a value too long, or one holding a ``\\uXXXX`` escape."""
    if len(value) > MAX_VALUE_LENGTH:
        raise UsageError(f"value longer than {MAX_VALUE_LENGTH} characters")
    if _CODEPOINT_ESCAPE.search(value):
        # SPARQL engines disagree on whether \uXXXX in a query is decoded before parsing.
        raise UsageError("a backslash followed by u/U and hex digits is not accepted in a value")


def literal_term(kind: str, value: str) -> ox.Literal:
    """The RDF literal for a ``string``, ``integer``, ``date`` or ``year`` parameter value.

    >>> str(literal_term("year", "2018"))
    '"2018"^^<http://www.w3.org/2001/XMLSchema#integer>'

    :raises UsageError: when the value is not of that type
    """
    if kind == "string":
        check_text(value)
        return ox.Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value.strip()):
            raise UsageError(f"{value[:40]!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "year":
        if not re.fullmatch(r"[0-9]{4}", value.strip()):
            raise UsageError(f"{value[:40]!r} is not a year (four digits, e.g. 2018)")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "date":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
                raise ValueError
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    raise UsageError(f"unknown parameter type {kind!r}")


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def text_variants(text: str) -> list[str]:
    """``text`` and the forms a label may have it in: NFKC and simplified (what the build
    matches on), with full-width brackets (how labels are written), and traditional.

    >>> text_variants("華為")
    ['華為', '华为', '華爲']
    >>> text_variants("ＩＤＣ")
    ['ＩＤＣ', 'IDC']
    """
    from graph_builder.text.normalize import display_form, normalize_text

    if text.isascii():
        return [text]
    simple = normalize_text(text)
    forms = [text, simple, display_form(simple)]
    if any("\u4e00" <= ch <= "\u9fff" for ch in simple):
        forms += [_converter(config).convert(form) for form in forms[1:] for config in ("s2t", "s2tw")]
    return list(dict.fromkeys(forms))


def _named_node(iri: str, original: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise UsageError(f"{original[:60]!r} is not a valid IRI ({error})") from None


def iri_term(value: str, prefixes: dict[str, str], store: SparqlStore | None = None) -> ox.NamedNode:
    """The IRI for an ``iri`` parameter: a full IRI, a prefixed name, a letter, or a name.

    Letters are found by key (``000_cf6b83477be807db``) or file name (``….txt``); names in
    the graph's labels (``skos:prefLabel``/``skos:altLabel``, any language, either script and
    width) and then in the gazetteer, whose canonical names mint the same IRIs as the build.
    Without a store only IRIs, prefixed names and gazetteer names resolve.

    :raises UsageError: when the value is none of these, names several things, or names
        something the data does not hold
    """
    check_text(value)
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        return _named_node(prefixes[prefix] + local, value)
    if _SCHEME.match(text) and " " not in text:
        return _named_node(text, value)
    if not text:
        raise UsageError("an empty name")
    if store is not None:
        letter = _letter(text, store)
        if letter is not None:
            return letter
        found = _label_lookup(text, store)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UsageError(_ambiguous(value, found, store))
    from_gazetteer = _gazetteer_iri(text)
    if from_gazetteer is not None:
        if store is not None and not _holds(store, from_gazetteer):
            raise UsageError(f"{value[:60]!r} is {from_gazetteer.value} in the gazetteer, which the data does not "
                             "mention; `ipgov query search-label -p text=…` finds what it holds")
        return from_gazetteer
    if store is not None:
        raise UsageError(f"{value[:60]!r} names nothing in the data: no label, letter or gazetteer name; "
                         "`ipgov query search-label -p text=…` finds names, or pass an IRI")
    raise UsageError(f"{value[:60]!r} is not an IRI, a prefixed name, nor a name the gazetteer knows")


def _letter(text: str, store: SparqlStore) -> ox.NamedNode | None:
    """The letter named by its key or its file name (a path is fine), if the data holds it."""
    is_file = bool(_LETTER_FILE.fullmatch(text))
    if not is_file and not _KEY_LIKE.fullmatch(text):
        return None
    from graph_builder.iri import letter_key_of

    key = letter_key_of(PurePath(text).stem) if is_file else text
    node = ox.NamedNode(f"{ID}letter/{key}")
    query = f"ASK {{ GRAPH ?g {{ {node} a <{_ONT}ReplyLetter> }} }}"
    if store.run(query).boolean:
        return node
    if is_file:
        raise UsageError(f"{text[:60]!r}: no letter {key} in the data (a letter is named by its key or file name)")
    return None


def _label_lookup(name: str, store: SparqlStore) -> list[ox.NamedNode]:
    if len(name) > 1000:
        return []
    forms = [ox.Literal(v, language=lang) if lang else ox.Literal(v) for v in text_variants(name)
             for lang in ("", "zh", "en")]
    query = (
        "SELECT DISTINCT ?thing WHERE { VALUES ?label { " + " ".join(str(f) for f in forms) + " } "
        f"GRAPH ?g {{ ?thing <{_SKOS}prefLabel>|<{_SKOS}altLabel> ?label }} }} ORDER BY ?thing"
    )
    result = store.run(query)
    return [row[0] for row in result.rows if isinstance(row[0], ox.NamedNode)]


def _holds(store: SparqlStore, node: ox.NamedNode) -> bool:
    """The data names ``node`` in some letter graph."""
    return bool(store.run(f"ASK {{ GRAPH ?g {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }} }}").boolean)


def _ambiguous(value: str, found: list[ox.NamedNode], store: SparqlStore) -> str:
    """One line listing each candidate with its label, class and letters."""
    shown = found[:MAX_CANDIDATES]
    query = (
        "SELECT DISTINCT ?thing ?label ?class ?letter WHERE { VALUES ?thing { " + " ".join(map(str, shown)) + " } "
        f"GRAPH ?g {{ ?thing a ?class . ?letter a <{_ONT}ReplyLetter> . "
        f"OPTIONAL {{ ?thing <{_SKOS}prefLabel> ?label FILTER(LANG(?label) = \"zh\") }} }} }} "
        "ORDER BY ?thing ?label ?class ?letter"
    )
    about: dict[str, tuple[list[str], list[str], list[str]]] = {n.value: ([], [], []) for n in shown}
    for thing, label, cls, letter in store.run(query).rows:
        labels, classes, letters = about[thing.value]  # type: ignore[union-attr]
        for seen, new in ((labels, label), (classes, cls), (letters, letter)):
            text = "" if new is None else new.value.rsplit("#", 1)[-1].rsplit("/letter/", 1)[-1]
            if text and text not in seen:
                seen.append(text)
    parts = []
    for iri, (labels, classes, letters) in about.items():
        where = ", ".join(letters[:3]) + (f" and {len(letters) - 3} more" if len(letters) > 3 else "")
        parts.append(f"{iri.replace(ID, 'ipgov-id:')} {'/'.join(labels) or '?'} "
                     f"({', '.join(classes) or '?'}; letter {where or '?'})")
    more = f"; and {len(found) - len(shown)} more" if len(found) > len(shown) else ""
    return f"{value[:60]!r} names {len(found)} things; pass one of these IRIs: {'; '.join(parts)}{more}"


def _gazetteer_iri(name: str) -> ox.NamedNode | None:
    from graph_builder.extract.gazetteer import default_gazetteer
    from graph_builder.iri import thing_iri
    from graph_builder.text.normalize import normalize_text

    if not name or len(name) > 200:
        return None
    norm = normalize_text(name)
    hits = default_gazetteer().find(norm)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(norm):
        entry = hits[0].entry
        return ox.NamedNode(str(thing_iri(entry.kind, entry.canonical)))
    return None


def param_terms(query: QueryLike, raw: dict[str, str], store: SparqlStore | None = None) -> dict[str, Term | None]:
    """Typed terms for the given parameter values (defaults filled in, absent optionals None).

    :raises UsageError: on an unknown or missing parameter, an empty required text, a value of
        the wrong type or not among the parameter's choices
    """
    for key in raw:
        if query.param(key) is None:
            known = ", ".join(p.name for p in query.params) or "none"
            raise UsageError(f"{query.name}: unknown parameter {key!r} (known: {known})")
    from graph_builder.prefixes import PREFIXES

    prefixes = {**PREFIXES, **query.prefixes}
    terms: dict[str, Term | None] = {}
    for param in query.params:
        value = raw.get(param.name, param.default)
        if value is None:
            if param.required:
                raise UsageError(f"{query.name}: parameter {param.name!r} is required ({param.description})")
            terms[param.name] = None
            continue
        where = f"{query.name}: parameter {param.name!r}"
        if not value.strip():
            raise UsageError(f"{where} is empty ({param.description})")
        if param.choices and value not in param.choices:
            raise UsageError(f"{where}: {value[:40]!r} is not one of {', '.join(param.choices)}")
        try:
            if param.type == "iri":
                terms[param.name] = iri_term(value, prefixes, store)
            else:
                terms[param.name] = literal_term(param.type, value)
        except UsageError as error:
            raise UsageError(f"{where}: {error}") from None
    return terms


def values_rows(terms: dict[str, Term | None]) -> list[tuple[Term | None, ...]]:
    """The rows a VALUES block binds: one, or one per combination of a string's forms (``text_variants``)."""
    choices: list[list[Term | None]] = []
    for term in terms.values():
        if isinstance(term, ox.Literal) and not term.language and term.datatype.value == XSD_STRING:
            choices.append([ox.Literal(v) for v in text_variants(term.value)])
        else:
            choices.append([term])
    return list(itertools.product(*choices))
