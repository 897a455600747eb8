"""Deterministic serialisation: sorted N-Quads written directly, and atomic file writes.

Formatting N-Quads lines ourselves is two orders of magnitude faster than rdflib's
serialiser (PERF_NOTES.md) and gives the same bytes on every machine.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
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


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(raw)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
