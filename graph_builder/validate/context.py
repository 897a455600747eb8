"""What a reader needs beside a result: labels of its nodes and the sentence behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast

import pyoxigraph as ox

if TYPE_CHECKING:
    # A term of the annotation graphs walked here (they hold no RDF 1.2 triple terms).
    _Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OA = "http://www.w3.org/ns/oa#"
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
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


def _targets(store: ox.Store, node: ox.NamedNode) -> list[_Term]:
    targets: list[_Term] = []
    for predicate in (RDF_NS + "subject", RDF_NS + "object"):
        for annotation in _subjects(store, predicate, node):
            targets += _objects(store, annotation, OA + "hasTarget")
    targets += _objects(store, node, OA + "hasTarget")
    if _objects(store, node, OA + "hasSelector"):
        targets.append(node)
    targets += _subjects(store, OA + "hasSelector", node)
    return targets


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds ``[start, end)``, cut to a readable length.

    >>> sentence("甲。乙丙丁。戊", 3, 4)
    '乙丙丁。'
    """
    left = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    found = text[left:right].strip()
    return found if len(found) <= _MAX else found[: _MAX - 1] + "…"


def evidence_sentence(store: ox.Store, iri: str) -> str:
    """The first sentence of the letter that evidence for ``iri`` points at, or ""."""
    best = evidence_sentence_at(store, iri)
    return best[1] if best else ""


def evidence_sentence_at(store: ox.Store, iri: str) -> tuple[int, str] | None:
    """(start offset, sentence) of the first evidence for ``iri``, or None."""
    best: tuple[int, str] | None = None
    for target in _targets(store, ox.NamedNode(iri)):
        span = None
        for selector in _objects(store, target, OA + "hasSelector"):
            starts = _objects(store, selector, OA + "start")
            ends = _objects(store, selector, OA + "end")
            if starts and ends and starts[0].value.isdigit() and ends[0].value.isdigit():
                span = (int(starts[0].value), int(ends[0].value))
        sources = _objects(store, target, OA + "hasSource")
        texts = [t for s in sources for t in _objects(store, s, RDF_NS + "value")]
        if span is None or not texts:
            continue
        if best is None or span[0] < best[0]:
            best = (span[0], sentence(texts[0].value, *span))
    return best
