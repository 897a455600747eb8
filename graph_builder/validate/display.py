"""Short display forms shared by the human reports: CURIEs, severities, labels, letters."""

from __future__ import annotations

from rdflib.namespace import SH

from graph_builder.namespaces import IPGOV_GRAPH, IPGOV_SHAPES, PREFIXES

SHAPES_NS = str(IPGOV_SHAPES)
SH_NS = str(SH)
GRAPH_NS = str(IPGOV_GRAPH)
_NAMESPACES = sorted(
    [(str(ns), prefix) for prefix, ns in PREFIXES.items()] + [(SHAPES_NS, "ipgov-shape"), (SH_NS, "sh")],
    key=lambda item: -len(item[0]),
)
SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}


def curie(iri: str) -> str:
    """An IRI in prefix form when a project prefix covers it.

    >>> curie("https://w3id.org/ipgov/ontology#answers")
    'ipgov:answers'
    """
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def term(text: str) -> str:
    """An N-Triples term or SPARQL path for reading: IRIs shortened, literals as written."""
    if not text:
        return "—"
    out = []
    i = 0
    while i < len(text):
        if text[i] == "<":
            end = text.index(">", i)
            out.append(curie(text[i + 1 : end]))
            i = end + 1
        elif text[i] == '"':
            return text if len(text) <= 120 else text[:119] + "…"
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def severity(iri: str) -> str:
    """``Violation`` for sh:Violation, and so on."""
    return iri.removeprefix(SH_NS)


def letter(graph: str) -> str:
    """The letter key of a letter graph IRI ("union" for union results)."""
    return graph.removeprefix(GRAPH_NS) if graph else "(union)"


def label(labels: dict[str, str]) -> str:
    """``zh（en）`` from a label map, or "" when there is none."""
    zh, en = labels.get("zh", ""), labels.get("en", "")
    if zh and en:
        return f"{zh}（{en}）"
    return zh or en or next(iter(labels.values()), "")


def message(messages: tuple[tuple[str, str], ...], lang: str) -> str:
    """The message in ``lang``, else the untagged one(s)."""
    chosen = [text for tag, text in messages if tag == lang] or [text for tag, text in messages if not tag]
    return " ".join(chosen)
