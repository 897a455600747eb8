"""SPARQL checks of ``shapes/evidence.ttl`` in Python: the rows their SPARQL gives on a letter.

Four SHACL-SPARQL constraints compare every span of a letter with its text: its offsets in
order (``EvidenceSpanShape-order``), within the text (``-end``), its quote equal to the text
there (``-quote``), and a span of the letter's own text (``SpanSourceShape``). pyoxigraph
evaluates their string functions once per span (``SUBSTR`` walks the whole text each time):
about 4 ms of a seed-size letter's validation, the largest part of its SPARQL. Here the same
rows come from the letter's triples as text (``LetterTriples``), with Python's string slicing.
A fifth, ``FactEvidenceShape`` (a fact without an annotation stating it), is answered here
only when it has no rows, the common case (1.6 ms a letter in SPARQL); a letter with a fact
without evidence runs the SPARQL, which writes the row's terms as the store holds them.

Each function answers only for the query text it was written from (:data:`NATIVE`, by the
sha256 of the check's ``select``: an edited shape runs as SPARQL until its function is
reviewed and its digest updated; ``tests/test_span_checks.py`` fails meanwhile) and only for
letters whose terms it reads exactly as SPARQL would: IRIs and plain or language-tagged
literals, span IRIs ``<source>#char=<digits>,<digits>``, a source IRI without ``#char=`` of
its own, texts that are literals. Anything else (what the invalid fixtures are made of)
returns None and the caller runs the SPARQL. The reference engine (``--engine pyshacl``)
always runs the SPARQL; the two are compared on every fixture and, in
``bench/bench_validate.py``, on the sample letters.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph_builder.namespaces import DCTERMS, IPGOV, IPGOV_SHAPES, OA, RDF

if TYPE_CHECKING:
    from graph_builder.validate.shapes import SparqlCheck
    from graph_builder.validate.triples import LetterTriples

Row = tuple[str, dict[str, str]]  # (focus IRI, the row's bindings as run_check reads them: name → value)
Native = Callable[["SpanData", set[str]], "list[Row] | None"]

EXACT = f"<{OA.exact}>"
HAS_TARGET = f"<{OA.hasTarget}>"
NAMED_AT = f"<{IPGOV.namedAt}>"
HAS_SOURCE_TEXT = f"<{IPGOV.hasSourceText}>"
RDF_TYPE = f"<{RDF.type}>"
SOURCE_TEXT = f"<{IPGOV.SourceText}>"
REPLY_LETTER = f"<{IPGOV.ReplyLetter}>"
RDF_VALUE = ox.NamedNode(str(RDF.value))
# the predicates the functions read (give them to LetterTriples.from_ntriples)
PREDICATES = frozenset({EXACT, HAS_TARGET, NAMED_AT, HAS_SOURCE_TEXT, RDF_TYPE})  # (and FactEvidenceShape's, below)
_RANGE = re.compile(r"(0|[1-9][0-9]{0,17}),(0|[1-9][0-9]{0,17})")
_CHAR = "#char="


class Unusual(Exception):  # noqa: N818 (a signal: SPARQL must decide)
    """A term the functions do not read as SPARQL would: the check runs as SPARQL."""


class SpanData:
    """One letter's spans and texts, read once for the four checks."""

    def __init__(self, data: LetterTriples, store: ox.Store) -> None:
        self.data = data
        self.store = store
        self._texts: dict[str, list[str]] = {}
        self._exact: list[tuple[str, str]] | None = None
        self._spans: dict[str, list[tuple[str, str, int, int]]] = {}

    def exact(self) -> list[tuple[str, str]]:
        """Every (span IRI, quote as written) of ``oa:exact`` (a blank span: none, as STR fails on it)."""
        if self._exact is None:
            found = []
            for span, quotes in self.data.objects_of(EXACT).items():
                if span[0] == "_":
                    continue
                if span[0] != "<" or "\\" in span:
                    raise Unusual(span)
                for quote in quotes:
                    found.append((span[1:-1], quote))
            self._exact = found
        return self._exact

    def spans_of(self, source: str) -> list[tuple[str, str, int, int]]:
        """(span IRI, quote as written, start, end) of every quoted span of ``source``'s text (read once)."""
        if source not in self._spans:
            found = []
            for span, written in self.exact():
                offsets = _offsets(source, span)
                if offsets is not None:
                    found.append((span, written, *offsets))
            self._spans[source] = found
        return self._spans[source]

    def texts(self, source: str) -> list[str]:
        """The rdf:value texts of ``source`` (every value a literal, or Unusual)."""
        if source not in self._texts:
            values = [q.object for q in self.store.quads_for_pattern(ox.NamedNode(source), RDF_VALUE, None)]
            if not all(isinstance(v, ox.Literal) for v in values):
                raise Unusual(source)
            self._texts[source] = [v.value for v in values]  # type: ignore[union-attr]
        return self._texts[source]

    def typed(self, node: str, cls: str) -> bool:
        """Whether ``node`` has ``rdf:type cls`` itself (no subclasses, as a plain triple pattern)."""
        return cls in self.data.objects_of(RDF_TYPE).get(f"<{node}>", ())


def _lexical(literal: str) -> str:
    """A quote's lexical form (STR of it), or Unusual when it is not a plain or tagged literal."""
    if literal[0] != '"' or literal[-1] == ">":
        raise Unusual(literal)
    text = literal[1 : literal.rindex('"')]
    return _ESCAPE.sub(_unescape, text) if "\\" in text else text


# N-Triples' escapes in a literal (ECHAR and UCHAR); the store has already refused any other
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    code = match[1] or match[2]
    if code:
        point = int(code, 16)
        if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
            raise Unusual(match[0])
        return chr(point)
    char = _ECHAR.get(match[3])
    if char is None:
        raise Unusual(match[0])
    return char


def _offsets(source: str, span: str) -> tuple[int, int] | None:
    """(start, end) of a span of ``source`` (None when the span is of another text), or Unusual."""
    if not span.startswith(source + _CHAR):
        return None
    found = _RANGE.fullmatch(span, len(source) + len(_CHAR))
    if found is None:
        raise Unusual(span)
    return int(found[1]), int(found[2])


def _sources(focus: set[str]) -> list[str]:
    if any(_CHAR in node for node in focus):  # STRAFTER would cut at the source's own #char=
        raise Unusual(_CHAR)
    return sorted(focus)


def order(data: SpanData, focus: set[str]) -> list[Row]:
    """``EvidenceSpanShape-order``: a span that does not start before its end."""
    rows = []
    for source in _sources(focus):
        if not data.typed(source, SOURCE_TEXT):
            continue
        for span, _, start, stop in data.spans_of(source):
            if start >= stop:
                rows.append((source, {"value": span, "start": str(start), "end": str(stop)}))
    return rows


def end(data: SpanData, focus: set[str]) -> list[Row]:
    """``EvidenceSpanShape-end``: a span that ends beyond its text."""
    rows = []
    for source in _sources(focus):
        for text in data.texts(source):
            for span, _, _, stop in data.spans_of(source):
                if stop > len(text):
                    rows.append((source, {"value": span, "end": str(stop), "length": str(len(text))}))
    return rows


def quote(data: SpanData, focus: set[str]) -> list[Row]:
    """``EvidenceSpanShape-quote``: a quote that is not the text at its span's offsets."""
    rows = []
    for source in _sources(focus):
        for text in data.texts(source):
            for span, written, start, stop in data.spans_of(source):
                if start >= stop:
                    continue
                exact = _lexical(written)
                if exact != text[start:stop]:
                    bindings = {"value": span, "exact": exact, "actual": text[start:stop], "start": str(start),
                                "end": str(stop)}
                    rows.append((source, bindings))
    return rows


def span_source(data: SpanData, focus: set[str]) -> list[Row]:
    """``SpanSourceShape``: a span (quoted, named at or targeted) that is not of the letter's text."""
    spans: set[str] = set(data.data.objects_of(EXACT))
    for predicate in (NAMED_AT, HAS_TARGET):
        for values in data.data.objects_of(predicate).values():
            spans.update(values)
    for span in spans:
        if span[0] != "<" or "\\" in span:
            raise Unusual(span)
    rows = []
    has_source = data.data.objects_of(HAS_SOURCE_TEXT)
    for letter in sorted(focus):
        if not data.typed(letter, REPLY_LETTER):
            continue
        sources = has_source.get(f"<{letter}>", ())
        if any(s[0] != "<" or "\\" in s for s in sources):
            raise Unusual(letter)
        prefixes = tuple(s[1:-1] + _CHAR for s in sources)
        rows += [(letter, {"value": s[1:-1]}) for s in sorted(spans) if not s[1:-1].startswith(prefixes)]
    return rows


# FactEvidenceShape: the predicates of the facts that need evidence (its FILTER(?path IN …)) and
# the predicates that lead from the letter to the things whose facts these are
FACT_PREDICATES = frozenset(
    [f"<{DCTERMS[name]}>" for name in ("date", "identifier", "title")]
    + [
        f"<{IPGOV[name]}>"
        for name in (
            "respondingAgency", "coHandler", "addressedTo", "mainHandler", "proposer", "session", "cites",
            "citesProvision", "plaintiff", "defendant", "court", "year", "caseSubject", "recognition", "locatedIn",
            "approvedBy", "hostedBy", "startDate", "responsibleBody", "post", "memberCount",
        )
    ]
)
FACT_LINKS = tuple(f"<{IPGOV[name]}>" for name in ("answers", "mentions", "hasMeasure"))
REIFIED = tuple(f"<{RDF[name]}>" for name in ("subject", "predicate", "object"))


def fact_evidence(data: SpanData, focus: set[str]) -> list[Row] | None:
    """``FactEvidenceShape``, when every fact has evidence: no rows. A fact without is left to the
    SPARQL (None), which writes its row's terms as the store holds them, as are letters whose typed
    literals are keyed otherwise than written (two spellings one key here, perhaps not in the store)."""
    triples = data.data
    if triples.normalized:
        return None
    subjects, predicates, objects = (triples.objects_of(p) for p in REIFIED)
    stated = {
        (s, p, o)
        for annotation, ss in subjects.items()
        for s in ss
        for p in predicates.get(annotation, ())
        for o in objects.get(annotation, ())
    }
    for letter in focus:
        node = f"<{letter}>"
        things = {node}
        for link in FACT_LINKS:
            things.update(triples.objects_of(link).get(node, ()))
        for predicate in FACT_PREDICATES:
            values = triples.objects_of(predicate)  # (most predicates have fewer subjects than a letter has things)
            for thing in things.intersection(values) if len(values) < len(things) else things:
                for value in values.get(thing, ()):
                    if (thing, predicate, value) not in stated:
                        return None
    return []


def _digest(select: str) -> str:
    return hashlib.sha256(select.encode("utf-8")).hexdigest()


# shape IRI → (sha256 of the check's select it answers for, the function)
PREDICATES |= FACT_PREDICATES | frozenset(FACT_LINKS) | frozenset(REIFIED)
NATIVE: dict[str, tuple[str, Native]] = {
    f"{IPGOV_SHAPES}FactEvidenceShape": (
        "a20a95a7aa0e8ae77ab58c7bb9b6b42a3b416eba24febce8deb6861393de9f09", fact_evidence,
    ),
    f"{IPGOV_SHAPES}EvidenceSpanShape-order": (
        "ec0b793cb397f7739230fa50ccdcdf369a998864e577068c60bb5243f7c59a6a", order,
    ),
    f"{IPGOV_SHAPES}EvidenceSpanShape-end": (
        "f67f093823cf8e1229a032b907e3a3bad96b60156cd9bca474fb2bc784c9a36d", end,
    ),
    f"{IPGOV_SHAPES}EvidenceSpanShape-quote": (
        "a86811bf8b0d2cc25671da1c7d4cfc24186b4d7601d85be4c846084acd5f1b9c", quote,
    ),
    f"{IPGOV_SHAPES}SpanSourceShape": (
        "38459cfc25b3d2686111d99209c448223592745407bceb8922aedfc8fddbd24b", span_source,
    ),
}


def native(check: SparqlCheck) -> Native | None:
    """The function that gives ``check``'s rows, or None when it has none (or the query was edited)."""
    known = NATIVE.get(check.shape)
    if known is None or known[0] != _digest(check.select):
        return None
    return known[1]


def native_rows(check: SparqlCheck, data: SpanData, focus: set[str]) -> list[Row] | None:
    """``check``'s rows on the letter, or None when SPARQL must give them (no function, or an unusual term)."""
    function = native(check)
    if function is None:
        return None
    try:
        return function(data, focus)
    except Unusual:
        return None
