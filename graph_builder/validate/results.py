"""Validation results as plain, picklable, sortable values, and their counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

SEVERITY_ORDER = {str(SH.Violation): 0, str(SH.Warning): 1, str(SH.Info): 2}


@dataclass(frozen=True, order=True, slots=True)
class Result:
    """One sh:ValidationResult; terms in N-Triples form, the path in SPARQL path syntax."""

    letter: str  # the letter graph IRI, or "" for a union result
    focus: str
    path: str
    value: str
    shape: str
    component: str
    severity: str
    messages: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def key(self) -> tuple[str, str, str, str, str]:
        """What identifies a result regardless of where it was computed."""
        return (self.focus, self.path, self.value, self.shape, self.severity)

    @property
    def is_violation(self) -> bool:
        """True for sh:Violation results (they make a graph non-conformant)."""
        return self.severity == str(SH.Violation)


def path_text(graph: Graph, node: Node) -> str:
    """A SHACL path node as SPARQL property-path text (``<p>``, ``^<p>``, ``(<a>|<b>)``)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(graph, inverse)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, n) for n in Collection(graph, alternatives)) + ")"
    if graph.value(node, RDF.first) is not None:
        return "/".join(path_text(graph, n) for n in Collection(graph, node))
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, predicate)
        if inner is not None:
            return path_text(graph, inner) + suffix
    return str(node)


def term_text(term: Node | None) -> str:
    """A term in N-Triples form, or "" for none."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return "_:b"
    return term.n3()


def results_from_report(report: Graph, letter: str) -> list[Result]:
    """The results of a pySHACL report graph (``messages`` keep their language tags)."""
    out = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(node, SH.resultPath)
        messages = tuple(
            sorted(
                (m.language or "", str(m))
                for m in report.objects(node, SH.resultMessage)
                if isinstance(m, Literal)
            )
        )
        out.append(
            Result(
                letter=letter,
                focus=term_text(report.value(node, SH.focusNode)),
                path=path_text(report, path) if path is not None else "",
                value=term_text(report.value(node, SH.value)),
                shape=str(report.value(node, SH.sourceShape)),
                component=str(report.value(node, SH.sourceConstraintComponent)),
                severity=str(report.value(node, SH.resultSeverity)),
                messages=messages,
            )
        )
    return sorted(out)


def severity_counts(results: list[Result]) -> Counter[str]:
    """How many results of each severity (IRI)."""
    return Counter(r.severity for r in results)


def shape_counts(results: list[Result]) -> Counter[tuple[str, str]]:
    """How many results per (source shape, severity)."""
    return Counter((r.shape, r.severity) for r in results)


def conforms(results: list[Result]) -> bool:
    """A graph conforms when no result is a violation (warnings and infos are advice)."""
    return not any(r.is_violation for r in results)
