"""Deterministic serialisation: sorted N-Quads written directly.

Formatting N-Quads lines ourselves is two orders of magnitude faster than rdflib's
serialiser (PERF_NOTES.md) and gives the same bytes on every machine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from graph_builder.rdf.terms import XSD, iri, lang, plain, typed

if TYPE_CHECKING:
    from rdflib import BNode, Literal, URIRef


def term_nt(term: URIRef | Literal | BNode) -> str:
    """A term in N-Triples syntax (UTF-8 kept, only the required escapes).

    >>> from rdflib import Literal
    >>> term_nt(Literal('a "b"\\n', lang="zh"))
    '"a \\\\"b\\\\"\\\\n"@zh'
    """
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, Literal):
        if term.language:
            return lang(str(term), term.language)
        if term.datatype and str(term.datatype) != XSD + "string":
            return typed(str(term), str(term.datatype))
        return plain(str(term))
    return f"_:{term}"


def nquad_lines(triples: Iterable[tuple[Any, Any, Any]], graph: URIRef) -> list[str]:
    """Sorted, de-duplicated N-Quads lines (each ending in a newline)."""
    g = f"<{graph}>"
    lines = {f"{term_nt(s)} {term_nt(p)} {term_nt(o)} {g} .\n" for s, p, o in triples}
    return sorted(lines)
