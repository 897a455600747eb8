"""Load the shapes once: per-letter and union shape graphs, SPARQL checks, ontology subclasses.

Shapes files whose name starts with ``union`` run on the union of all letters; the others on
each letter graph. SHACL Core constraints go to pySHACL; each SHACL-SPARQL constraint becomes a
:class:`SparqlCheck` that :mod:`graph_builder.validate.sparql` runs as one query per graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from graph_builder.namespaces import IPGOV as IPGOV_NS
from graph_builder.validate.results import path_text

IPGOV = str(IPGOV_NS)


@dataclass(frozen=True)
class Targets:
    """The targets of a shape (SHACL Core target declarations only)."""

    classes: tuple[str, ...] = ()
    subjects_of: tuple[str, ...] = ()
    objects_of: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SparqlCheck:
    """One SHACL-SPARQL constraint, ready to run as a single query over a whole graph."""

    shape: str
    select: str  # with PREFIX lines and $PATH replaced; $this still in place
    path: str  # the property shape's path (SPARQL syntax), "" for a node shape
    severity: str
    messages: tuple[Literal, ...]  # the shape's and the constraint's, language-tagged
    targets: Targets


@dataclass(frozen=True)
class ShapeSet:
    """The shapes of one scope: the full graph, the Core-only graph, the SPARQL checks."""

    graph: Graph
    core: Graph
    checks: tuple[SparqlCheck, ...]


def _read(names: list[str] | None, union: bool) -> Graph:
    from graph_builder.resources import shapes_paths

    graph = Graph()
    for path in shapes_paths():
        if path.name == "prefixes.ttl" or path.name.startswith("union") == union:
            graph.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    return graph


def _prefixes(graph: Graph) -> str:
    lines = []
    for declaration in graph.objects(None, SH.declare):
        prefix = graph.value(declaration, SH.prefix)
        namespace = graph.value(declaration, SH.namespace)
        lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines))) + "\n"


def _targets(graph: Graph, shape: Node) -> Targets:
    def iris(predicate: URIRef) -> tuple[str, ...]:
        return tuple(sorted(str(o) for o in graph.objects(shape, predicate)))

    return Targets(iris(SH.targetClass), iris(SH.targetSubjectsOf), iris(SH.targetObjectsOf), iris(SH.targetNode))


def _owners(graph: Graph, shape: Node) -> list[Node]:
    """The node shapes whose targets apply to ``shape`` (itself, or those that sh:property it)."""
    owners = list(graph.subjects(SH.property, shape))
    return owners or [shape]


def sparql_checks(graph: Graph) -> tuple[SparqlCheck, ...]:
    """Every SHACL-SPARQL constraint of ``graph`` as a :class:`SparqlCheck`, sorted by shape."""
    prefixes = _prefixes(graph)
    checks = []
    for shape, constraint in graph.subject_objects(SH.sparql):
        select = str(graph.value(constraint, SH.select))
        path_node = graph.value(shape, SH.path)
        path = path_text(graph, path_node) if path_node is not None else ""
        if path:
            select = select.replace("$PATH", path)
        messages = tuple(
            m for source in (shape, constraint) for m in graph.objects(source, SH.message) if isinstance(m, Literal)
        )
        for owner in _owners(graph, shape):
            checks.append(
                SparqlCheck(
                    shape=str(shape),
                    select=prefixes + select,
                    path=path,
                    severity=str(graph.value(shape, SH.severity) or SH.Violation),
                    messages=messages,
                    targets=_targets(graph, owner),
                )
            )
    return tuple(sorted(checks, key=lambda c: (c.shape, c.select)))


def core_only(graph: Graph) -> Graph:
    """A copy of ``graph`` without its sh:sparql constraints (pySHACL runs only the Core)."""
    core = Graph()
    for triple in graph:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


@cache
def shape_set(union: bool) -> ShapeSet:
    """The per-letter (``union=False``) or union shapes, loaded once per process."""
    graph = _read(None, union)
    return ShapeSet(graph=graph, core=core_only(graph), checks=sparql_checks(graph))


@cache
def subclass_triples() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """The ontology's ``rdfs:subClassOf`` axioms between ipgov: classes.

    SHACL's sh:class and sh:targetClass follow rdfs:subClassOf in the data graph, so these
    few triples go into every graph validated (a Court is an Organization is an Agent).
    """
    from graph_builder.resources import ontology_path

    ontology = Graph().parse(data=ontology_path().read_text(encoding="utf-8"), format="turtle")
    return tuple(
        sorted(
            (s, RDFS.subClassOf, o)
            for s, o in ontology.subject_objects(RDFS.subClassOf)
            if isinstance(s, URIRef) and isinstance(o, URIRef) and str(s).startswith(IPGOV) and str(o).startswith(IPGOV)
        )
    )


def subclass_graph() -> Graph:
    """:func:`subclass_triples` as an rdflib Graph."""
    graph = Graph()
    for triple in subclass_triples():
        graph.add(triple)
    return graph


