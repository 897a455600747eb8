"""What a reader needs beside a result: labels of its nodes and the sentence behind them."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, TypeAlias, cast

import pyoxigraph as ox

from graph_builder.namespaces import OA as _OA
from graph_builder.namespaces import RDF, SKOS, namedAt
from graph_builder.rdf.evidence import span_offsets

if TYPE_CHECKING:
    # A term of the annotation graphs walked here (they hold no RDF 1.2 triple terms).
    _Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

RDF_NS = str(RDF)
OA = str(_OA)
NAMED_AT = str(namedAt)
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
