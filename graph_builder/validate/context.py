"""What a reader needs beside a result: labels of its nodes and the sentence behind them."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, TypeAlias, cast

import pyoxigraph as ox

from graph_builder.namespaces import IPGOV as _IPGOV
from graph_builder.namespaces import OA as _OA
from graph_builder.namespaces import RDF, SKOS, namedAt
from graph_builder.rdf.evidence import span_offsets

if TYPE_CHECKING:
    from graph_builder.validate.triples import LetterTriples

    # A term of the annotation graphs walked here (they hold no RDF 1.2 triple terms).
    _Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

RDF_NS = str(RDF)
OA = str(_OA)
NAMED_AT = str(namedAt)
IPGOV = str(_IPGOV)
_IPGOV_TERM = "<" + IPGOV
PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
_SENTENCE_END = "。！？；!?;\n"
_MAX = 160


def _objects(store: ox.Store, s: _Term, p: str) -> list[_Term]:
    # ``s`` is an IRI or a blank node in these graphs (pyoxigraph raises TypeError on a literal subject)
    subject = cast("ox.NamedNode | ox.BlankNode", s)
    return cast("list[_Term]", [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(p), None)])


def _subjects(store: ox.Store, p: str, o: _Term) -> list[_Term]:
    return cast("list[_Term]", [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(p), o)])


def labels(store: ox.Store, iri: str) -> dict[str, str]:
    """The skos:prefLabel of ``iri`` per language (the smallest one when several)."""
    out: dict[str, str] = {}
    for label in _objects(store, ox.NamedNode(iri), PREF_LABEL.value):
        if isinstance(label, ox.Literal):
            lang = label.language or ""
            if lang not in out or label.value < out[lang]:
                out[lang] = label.value
    return out


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``[start, end)``, cut to a readable length.

    >>> sentence("甲。乙丙丁。戊", 3, 4)
    '乙丙丁。'
    """
    left = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return _cut(text[left:right])


def _cut(found: str) -> str:
    found = found.strip()
    return found if len(found) <= _MAX else found[: _MAX - 1] + "…"


_ENDS = re.compile("[" + re.escape(_SENTENCE_END) + "]")


def _sentence_by_ends(text: str, ends: list[int], start: int, end: int) -> str:
    """:func:`sentence`, given the sorted offsets of the text's sentence ends (each letter's text is
    read once, not once per thing)."""
    before = bisect_left(ends, start)
    left = ends[before - 1] + 1 if before else 0
    after = bisect_left(ends, end)
    right = ends[after] + 1 if after < len(ends) else len(text)
    return _cut(text[left:right])


def evidence_sentence(store: ox.Store, iri: str, index: Evidence | None = None) -> str:
    """The first sentence of the letter that evidence for ``iri`` points at, or ""."""
    best = evidence_sentence_at(store, iri, index)
    return best[1] if best else ""


def evidence_sentence_at(store: ox.Store, iri: str, index: Evidence | None = None) -> tuple[int, str] | None:
    """(start offset, sentence) of the first evidence for ``iri``, or None.

    ``index``: the store's :class:`Evidence`, when several IRIs of one store are looked up.
    """
    index = index or Evidence(store)
    best: tuple[int, _Term] | None = None
    for target in index.targets(ox.NamedNode(iri)):
        span = index.span(target)
        source = index.source_text(target)
        if span is None or source is None:
            continue
        if best is None or span[0] < best[0]:
            best = (span[0], target)
    if best is None:
        return None
    span = index.span(best[1])
    text = index.source_text(best[1])
    assert span is not None and text is not None
    return span[0], _sentence_by_ends(text, index.sentence_ends(text), *span)


class Evidence:
    """The evidence of one letter store, read once (three pattern scans) instead of per IRI.

    A node's spans (docs/MODEL.md): the targets of the annotations it is the subject or
    object of, the spans it is named at, its own target when it is an annotation, and itself
    when it is a span (a measure, a suggestion). A span's offsets are in its IRI.
    """

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._built = False
        self._ends: tuple[str, list[int]] | None = None
        self._parsed: dict[str, tuple[str, int, int] | None] = {}

    def _build(self) -> None:
        store = self._store
        self._built = True

        def pairs(predicate: str) -> list[tuple[_Term, _Term]]:
            return cast(
                "list[tuple[_Term, _Term]]",
                [(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None)],
            )

        self.annotations: dict[_Term, list[_Term]] = {}  # fact node → annotations (rdf:subject, then rdf:object)
        for predicate in (RDF_NS + "subject", RDF_NS + "object"):
            for annotation, node in pairs(predicate):
                self.annotations.setdefault(node, []).append(annotation)
        self.has_target = _group(pairs(OA + "hasTarget"))
        self.named_at = _group(pairs(NAMED_AT))
        self._texts: dict[str, str | None] = {}

    def targets(self, node: _Term) -> list[_Term]:
        """The spans that are evidence for ``node``, in the store's order."""
        if not self._built:
            self._build()
        targets: list[_Term] = []
        for annotation in self.annotations.get(node, ()):
            targets += self.has_target.get(annotation, ())
        targets += self.named_at.get(node, ())
        targets += self.has_target.get(node, ())
        if self._offsets(node) is not None:
            targets.append(node)
        return targets

    def _offsets(self, target: _Term) -> tuple[str, int, int] | None:
        # a span is looked up once per result that names it: its IRI is read once per letter
        if not isinstance(target, ox.NamedNode):
            return None
        iri = target.value
        if iri not in self._parsed:
            self._parsed[iri] = span_offsets(iri)
        return self._parsed[iri]

    def span(self, target: _Term) -> tuple[int, int] | None:
        """(start, end) of a span, read off its IRI, or None for anything else."""
        offsets = self._offsets(target)
        return (offsets[1], offsets[2]) if offsets else None

    def sentence_ends(self, text: str) -> list[int]:
        """The sorted offsets of ``text``'s sentence ends (remembered for the last text)."""
        if self._ends is None or self._ends[0] is not text:
            self._ends = (text, [m.start() for m in _ENDS.finditer(text)])
        return self._ends[1]

    def source_text(self, target: _Term) -> str | None:
        """The text (rdf:value) of the source a span belongs to, or None."""
        offsets = self._offsets(target)
        if offsets is None:
            return None
        source = offsets[0]
        if source not in self._texts:
            values = _objects(self._store, ox.NamedNode(source), RDF_NS + "value")
            self._texts[source] = values[0].value if values and isinstance(values[0], ox.Literal) else None
        return self._texts[source]


def _group(pairs: list[tuple[_Term, _Term]]) -> dict[_Term, list[_Term]]:
    grouped: dict[_Term, list[_Term]] = {}
    for subject, value in pairs:
        grouped.setdefault(subject, []).append(value)
    return grouped


# --- the same, read off the letter's triples as text ----------------------------------------------

_PREF_LABEL_TERM = f"<{PREF_LABEL.value}>"
_TYPE_TERM = f"<{RDF_NS}type>"
_SUBJECT_TERM, _OBJECT_TERM = f"<{RDF_NS}subject>", f"<{RDF_NS}object>"
_HAS_TARGET_TERM, _NAMED_AT_TERM = f"<{OA}hasTarget>", f"<{NAMED_AT}>"
# the predicates a LetterIndex reads (give them to LetterTriples.from_ntriples)
DESCRIBE_PREDICATES = frozenset(
    {_PREF_LABEL_TERM, _TYPE_TERM, _SUBJECT_TERM, _OBJECT_TERM, _HAS_TARGET_TERM, _NAMED_AT_TERM}
)


class LetterIndex:
    """Labels, classes and evidence sentences of one letter's nodes, as :func:`labels`,
    :func:`~graph_builder.validate.grouping.most_specific_class` and :func:`evidence_sentence_at`
    give them, read off the letter's triples as text (``LetterTriples``, its terms in N-Triples
    form) rather than through the store's Python objects (a fifth of the time).

    The store answers whatever the text cannot settle the same way: a label or span IRI written
    with an escape, a typed label, a language tag not in lower case (the store lowers it), a
    source's text (read once from the store), and a thing whose earliest spans start at one
    offset but give different sentences (the store's order picks one of them). Without ``data``
    every answer is the store's.
    """

    def __init__(self, store: ox.Store, data: LetterTriples | None = None) -> None:
        self.store = store
        self.data = data
        self._evidence: Evidence | None = None
        self._texts: dict[str, str | None] = {}
        self._spans: dict[str, tuple[str, int, int] | None] = {}
        self._ends: tuple[str, list[int]] | None = None

    @property
    def evidence(self) -> Evidence:
        """The store's :class:`Evidence` (made when first needed)."""
        if self._evidence is None:
            self._evidence = Evidence(self.store)
        return self._evidence

    def labels(self, iri: str) -> dict[str, str]:
        """:func:`labels` of ``iri``."""
        if self.data is None:
            return labels(self.store, iri)
        out: dict[str, str] = {}
        for term in self.data.objects_of(_PREF_LABEL_TERM).get(f"<{iri}>", ()):
            if term[0] != '"':
                continue  # an IRI or a blank node: no label
            if term[-1] == ">" or "\\" in term:
                return labels(self.store, iri)
            close = term.rindex('"')
            value, lang = term[1:close], term[close + 2 :]
            if lang != lang.lower():
                return labels(self.store, iri)
            if lang not in out or value < out[lang]:
                out[lang] = value
        return out

    def classes(self, iri: str) -> set[str]:
        """The IRIs of the ``ipgov:`` classes ``iri`` is typed with."""
        if self.data is None:
            return {
                q.object.value
                for q in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDF_NS + "type"), None)
                if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(IPGOV)
            }
        types = self.data.objects_of(_TYPE_TERM).get(f"<{iri}>", ())
        if any("\\" in t for t in types):
            return LetterIndex(self.store).classes(iri)
        return {t[1:-1] for t in types if t.startswith(_IPGOV_TERM)}

    def sentence_at(self, iri: str) -> tuple[int, str] | None:
        """:func:`evidence_sentence_at` of ``iri``."""
        data = self.data
        if data is None:
            return evidence_sentence_at(self.store, iri, self.evidence)
        node = f"<{iri}>"
        has_target = data.objects_of(_HAS_TARGET_TERM)
        annotations = [*data.subjects_of(_SUBJECT_TERM).get(node, ()), *data.subjects_of(_OBJECT_TERM).get(node, ())]
        targets = [t for a in annotations for t in has_target.get(a, ())]
        targets += data.objects_of(_NAMED_AT_TERM).get(node, ())
        targets += has_target.get(node, ())
        targets.append(node)
        first: set[tuple[str, int, int]] = set()  # the spans that start first
        for target in targets:
            if target[0] != "<":
                continue
            if "\\" in target:
                return evidence_sentence_at(self.store, iri, self.evidence)
            span = self._span(target)
            if span is None or self._text(span[0]) is None:
                continue
            if not first or span[1] < next(iter(first))[1]:
                first = {span}
            elif span[1] == next(iter(first))[1]:
                first.add(span)
        sentences = {self._sentence(*span) for span in first}
        if len(sentences) > 1:  # spans that start at one offset but give other sentences: the store's order picks
            return evidence_sentence_at(self.store, iri, self.evidence)
        return next(iter(sentences), None)

    def _sentence(self, source: str, start: int, end: int) -> tuple[int, str]:
        text = self._text(source)
        assert text is not None
        if self._ends is None or self._ends[0] is not text:
            self._ends = (text, [m.start() for m in _ENDS.finditer(text)])
        return start, _sentence_by_ends(text, self._ends[1], start, end)

    def sentence(self, iri: str) -> str:
        """:func:`evidence_sentence` of ``iri``."""
        found = self.sentence_at(iri)
        return found[1] if found else ""

    def _span(self, target: str) -> tuple[str, int, int] | None:
        if target not in self._spans:
            self._spans[target] = span_offsets(target[1:-1])
        return self._spans[target]

    def _text(self, source: str) -> str | None:
        if source not in self._texts:
            values = _objects(self.store, ox.NamedNode(source), RDF_NS + "value")
            self._texts[source] = values[0].value if values and isinstance(values[0], ox.Literal) else None
        return self._texts[source]
