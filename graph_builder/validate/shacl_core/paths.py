"""SHACL paths compiled, their value nodes, and the letter being validated (:class:`Context`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph_builder.validate.shacl_core.base import Unsupported
from graph_builder.validate.triples import RDF_TYPE, SUBCLASS_OF, LetterTriples


@dataclass(frozen=True)
class PathStep:
    """A SHACL path: ``kind`` is pred, seq, alt, inv, zeroOrMore, oneOrMore or zeroOrOne."""

    kind: str
    predicate: str = ""  # "<iri>" for pred
    parts: tuple[PathStep, ...] = ()


def compile_path(graph: Graph, node: Node) -> PathStep:
    """The path of ``node`` in the shapes graph, as pySHACL reads it."""
    if isinstance(node, URIRef):
        return PathStep("pred", f"<{node}>")
    if isinstance(node, Literal):
        raise Unsupported(f"a literal path: {node!r}")
    if graph.value(node, RDF.first) is not None:
        items = list(Collection(graph, node))
        if len(items) < 2:
            raise Unsupported("a sequence path of fewer than two items")
        return PathStep("seq", parts=tuple(compile_path(graph, n) for n in items))
    for predicate, kind in (
        (SH.inversePath, "inv"), (SH.zeroOrMorePath, "zeroOrMore"), (SH.oneOrMorePath, "oneOrMore"),
        (SH.zeroOrOnePath, "zeroOrOne"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return PathStep(kind, parts=(compile_path(graph, inner),))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        items = list(Collection(graph, alternatives))
        if len(items) < 2:
            raise Unsupported("an alternative path of fewer than two items")
        return PathStep("alt", parts=tuple(compile_path(graph, n) for n in items))
    raise Unsupported(f"a path node that is no SHACL path: {node!r}")


def path_values(data: LetterTriples, path: PathStep, focus: str, inverse: bool = False) -> set[str]:
    """The value nodes of ``focus`` along ``path`` (pySHACL's ``value_nodes_from_path``)."""
    kind = path.kind
    if kind == "pred":
        index = data.subjects_of(path.predicate) if inverse else data.objects_of(path.predicate)
        return set(index.get(focus, ()))
    if kind == "inv":
        return path_values(data, path.parts[0], focus, not inverse)
    if kind == "seq":
        nodes = path_values(data, path.parts[0], focus, inverse)
        for part in path.parts[1:]:
            nodes = {v for n in nodes for v in path_values(data, part, n, inverse)}
        return nodes
    if kind == "alt":
        return {v for part in path.parts for v in path_values(data, part, focus, inverse)}
    inner = path.parts[0]
    if kind == "zeroOrOne":
        return {focus} | path_values(data, inner, focus, inverse)
    found: set[str] = {focus} if kind == "zeroOrMore" else set()
    todo = path_values(data, inner, focus, inverse)
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo |= path_values(data, inner, node, inverse)
    return found


# --- the letter being validated -----------------------------------------------------------


class Context:
    """One letter's triples, with the class lookups the checks share."""

    def __init__(self, data: LetterTriples) -> None:
        self.data = data
        self.types = data.objects_of(RDF_TYPE)
        self._supers: dict[str, set[str]] = {}
        self._instances: dict[str, set[str]] = {}
        self._paths: dict[PathStep, dict[str, set[str]] | None] = {}

    def superclasses(self, cls: str) -> set[str]:
        """``cls`` and every class it is an rdfs:subClassOf, transitively, in the data."""
        found = self._supers.get(cls)
        if found is None:
            found = _closure(self.data.objects_of(SUBCLASS_OF), cls)
            self._supers[cls] = found
        return found

    def instances(self, cls: str) -> set[str]:
        """The nodes typed ``cls`` or a subclass of it (pySHACL's targetClass and sh:class)."""
        found = self._instances.get(cls)
        if found is None:
            typed = self.data.subjects_of(RDF_TYPE)
            subclasses = _closure(self.data.subjects_of(SUBCLASS_OF), cls)
            found = self._instances[cls] = {s for c in subclasses for s in typed.get(c, ())}
        return found

    def is_instance(self, node: str, cls: str) -> bool:
        """pySHACL's sh:class test: a type of ``node`` is ``cls`` or one of its subclasses."""
        return node in self.instances(cls)  # (a literal is never a subject)

    def path_map(self, path: PathStep) -> dict[str, set[str]] | None:
        """Every node's values along a path of predicates, inverses and alternatives of them, or None."""
        if path in self._paths:
            return self._paths[path]
        found = _path_map(self.data, path, False)
        self._paths[path] = found
        return found


def _path_map(data: LetterTriples, path: PathStep, inverse: bool) -> dict[str, set[str]] | None:
    if path.kind == "pred":
        return data.subjects_of(path.predicate) if inverse else data.objects_of(path.predicate)
    if path.kind == "inv":
        return _path_map(data, path.parts[0], not inverse)
    if path.kind == "alt":
        maps = [_path_map(data, part, inverse) for part in path.parts]
        if any(m is None for m in maps):
            return None
        merged: dict[str, set[str]] = {}
        for m in maps:
            for node, values in m.items():  # type: ignore[union-attr]
                merged.setdefault(node, set()).update(values)
        return merged
    return None


def _closure(edges: dict[str, set[str]], start: str) -> set[str]:
    found = {start}
    todo = list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(edges.get(node, ()))
    return found


Values = dict[str, set[str]]  # focus node → its value nodes
Test = Callable[[Context, str], bool]  # a per-value test
