"""The shapes graph compiled: each shape node read once into a :class:`CompiledShape`, the
shapes with targets gathered into :class:`CompiledShapes`, ready to run on any letter."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graph_builder.validate.results import Result, path_text
from graph_builder.validate.shacl_core import checks as c
from graph_builder.validate.shacl_core.base import PARAMETERS, SUPPORTED, Unsupported
from graph_builder.validate.shacl_core.literals import datatype_test
from graph_builder.validate.shacl_core.paths import Context, PathStep, compile_path
from graph_builder.validate.shacl_core.shape import CompiledShape, Outcome, Report, per_value
from graph_builder.validate.triples import RDF_TYPE, SUBCLASS_OF, LetterTriples, report_text

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


class _Compiler:
    """Reads a shapes graph into :class:`CompiledShape` objects (each shape node once)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.shapes: dict[Node, CompiledShape] = {}
        self.compiling: set[Node] = set()

    def shape(self, node: Node) -> CompiledShape:
        if node in self.shapes:
            return self.shapes[node]
        if node in self.compiling:
            raise Unsupported(f"a recursive shape: {node}")
        self.compiling.add(node)
        graph = self.graph
        compiled = CompiledShape(node)
        path = graph.value(node, SH.path)
        if path is not None:
            compiled.path = compile_path(graph, path)
            compiled.path_text = path_text(graph, path)
        compiled.severity = str(graph.value(node, SH.severity) or SH.Violation)
        compiled.messages = tuple(
            sorted((m.language or "", str(m)) for m in graph.objects(node, SH.message) if isinstance(m, Literal))
        )
        if (node, SH.target, None) in graph:
            raise Unsupported(f"a SPARQL-based target on {node}")

        def terms(predicate: URIRef) -> tuple[str, ...]:
            return tuple(sorted(c.node_term(o) for o in graph.objects(node, predicate)))

        compiled.target_classes = terms(SH.targetClass)
        compiled.target_nodes = terms(SH.targetNode)
        compiled.target_subjects_of = terms(SH.targetSubjectsOf)
        compiled.target_objects_of = terms(SH.targetObjectsOf)
        deactivated = graph.value(node, SH.deactivated)
        if deactivated is not None and c.python(deactivated) is True:
            self.compiling.discard(node)
            self.shapes[node] = compiled
            return compiled  # pySHACL skips it
        parameters = {p for p in graph.predicates(node) if p in PARAMETERS}
        unknown = parameters - SUPPORTED
        if unknown:
            raise Unsupported(f"{node} uses {', '.join(sorted(str(p) for p in unknown))}")
        self.shapes[node] = compiled  # before nested shapes, so that a repeated reference resolves
        compiled.checks = [c for p in _ORDER if p in parameters for c in self.checks(compiled, p)]
        tests = [getattr(c, "test", None) for c in compiled.checks]
        if compiled.path is None and all(t is not None for t in tests):
            compiled.tests = tests  # type: ignore[assignment]
        self.compiling.discard(node)
        return compiled

    def one(self, node: Node, predicate: URIRef) -> Node:
        values = list(self.graph.objects(node, predicate))
        if len(values) != 1:
            raise Unsupported(f"{node} has {len(values)} values of {predicate}")
        return values[0]

    def checks(self, shape: CompiledShape, parameter: URIRef) -> list[Callable[..., Outcome]]:
        graph, node = self.graph, shape.node
        made: list[Callable[..., Outcome]] = []
        if parameter == SH.minCount:
            made.append(c.count_check(shape, int(c.python(self.one(node, SH.minCount))), at_least=True))
        elif parameter == SH.maxCount:
            made.append(c.count_check(shape, int(c.python(self.one(node, SH.maxCount))), at_least=False))
        elif parameter == SH["class"]:
            for cls in graph.objects(node, SH["class"]):
                made.append(c.class_check(shape, f"<{cls}>"))
        elif parameter == SH.datatype:
            rule = str(self.one(node, SH.datatype))
            made.append(per_value(shape, str(SH.DatatypeConstraintComponent), datatype_test(rule)))
        elif parameter == SH.nodeKind:
            kind = c.node_kind_test(self.one(node, SH.nodeKind))
            made.append(per_value(shape, str(SH.NodeKindConstraintComponent), kind))
        elif parameter == SH.pattern:
            made.append(c.pattern_check(shape, list(graph.objects(node, SH.pattern)), graph.value(node, SH.flags)))
        elif parameter == SH["in"]:
            for lst in graph.objects(node, SH["in"]):
                made.append(c.in_check(shape, set(Collection(graph, lst))))
        elif parameter == SH.minInclusive:
            for bound in graph.objects(node, SH.minInclusive):
                if not isinstance(bound, Literal):
                    raise Unsupported("a non-literal sh:minInclusive")
                made.append(per_value(shape, str(SH.MinInclusiveConstraintComponent), c.min_inclusive_test(bound)))
        elif parameter == SH.minLength:
            length = int(c.python(self.one(node, SH.minLength)))
            made.append(per_value(shape, str(SH.MinLengthConstraintComponent), c.min_length_test(length)))
        elif parameter == SH.lessThan:
            for other in graph.objects(node, SH.lessThan):
                if not isinstance(other, URIRef):
                    raise Unsupported("sh:lessThan must be an IRI")
                made.append(c.less_than_check(shape, f"<{other}>"))
                shape.less_than += (f"<{other}>",)
        elif parameter == SH.uniqueLang:
            flag = self.one(node, SH.uniqueLang)
            if c.python(flag) is True:
                made.append(c.unique_lang_check(shape))
        elif parameter == SH.languageIn:
            for lst in graph.objects(node, SH.languageIn):
                test = c.language_test(list(Collection(graph, lst)))
                made.append(per_value(shape, str(SH.LanguageInConstraintComponent), test))
        elif parameter == SH["or"]:
            for lst in graph.objects(node, SH["or"]):
                members = [self.shape(m) for m in dict.fromkeys(Collection(graph, lst))]
                if not members:
                    raise Unsupported("an empty sh:or")
                made.append(c.nested_check(shape, str(SH.OrConstraintComponent), members, any_of=True))
        elif parameter == SH.node:
            for other in graph.objects(node, SH.node):
                made.append(c.nested_check(shape, str(SH.NodeConstraintComponent), [self.shape(other)], any_of=False))
        elif parameter == SH.property:
            made.append(c.property_check([self.shape(p) for p in graph.objects(node, SH.property)]))
        elif parameter == SH.qualifiedValueShape:
            made.append(self.qualified(shape))
        return made

    def qualified(self, shape: CompiledShape) -> Callable[..., Outcome]:
        graph, node = self.graph, shape.node
        value_shapes = [self.shape(v) for v in graph.objects(node, SH.qualifiedValueShape)]
        low = graph.value(node, SH.qualifiedMinCount)
        high = graph.value(node, SH.qualifiedMaxCount)
        disjoint_flag = graph.value(node, SH.qualifiedValueShapesDisjoint)
        disjoint = bool(disjoint_flag is not None and c.python(disjoint_flag) is True)
        siblings: dict[Node, list[CompiledShape]] = {}
        if disjoint:
            for own in value_shapes:
                nodes = {
                    sibling
                    for parent in graph.subjects(SH.property, node)
                    for prop in graph.objects(parent, SH.property)
                    for sibling in graph.objects(prop, SH.qualifiedValueShape)
                    if sibling != own.node
                }
                siblings[own.node] = [self.shape(s) for s in nodes]
        return c.qualified_check(
            shape, value_shapes, None if low is None else int(c.python(low)),
            None if high is None else int(c.python(high)), disjoint, siblings,
        )


# the order of the checks of a shape (any order gives the same results; this one fails fast)
_ORDER = (
    SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype, SH.pattern, SH.minLength, SH.languageIn, SH.uniqueLang,
    SH["in"], SH.minInclusive, SH.lessThan, SH["class"], SH["or"], SH.node, SH.qualifiedValueShape, SH.property,
)


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes with targets, ready to run on any letter."""

    roots: tuple[CompiledShape, ...]
    predicates: frozenset[str]  # every predicate the shapes read (paths, targets, classes, sh:lessThan)

    def validate(self, data: LetterTriples, letter: str) -> list[Result]:
        """Every result of the shapes on one letter's triples, as :class:`Result` values."""
        ctx = Context(data)
        results = []
        for shape in self.roots:
            focus = shape.focus_nodes(ctx)
            if focus:
                for report in shape.validate(ctx, focus, batch=True)[1]:
                    results.append(_result(report, letter))
        return sorted(results)


def _result(report: Report, letter: str) -> Result:
    shape = report.shape
    return Result(
        letter=letter,
        focus=report_text(report.focus),
        path=shape.path_text,
        value="" if report.value is None else report_text(report.value),
        shape=str(shape.node),
        component=report.component,
        severity=shape.severity,
        messages=shape.messages,
    )


def compile_shapes(graph: Graph) -> CompiledShapes:
    """Compile the SHACL Core shapes of ``graph``; raises :class:`Unsupported` on what this engine lacks."""
    compiler = _Compiler(graph)
    classes = set(graph.subjects(RDF.type, RDFS.Class))
    if any((s, RDF.type, t) in graph for s in classes for t in (SH.NodeShape, SH.PropertyShape)):
        raise Unsupported("a shape that is also an rdfs:Class (an implicit class target)")
    starts = sorted({s for t in _TARGETS for s in graph.subjects(t, None)}, key=str)
    roots = tuple(compiler.shape(s) for s in starts)
    reporting: list[CompiledShape] = list(roots)
    seen: set[Node] = set()
    while reporting:  # the shapes whose results reach the report must say what is wrong
        shape = reporting.pop()
        if shape.node in seen:
            continue
        seen.add(shape.node)
        reports = any(p in SUPPORTED - {SH.property} for p in graph.predicates(shape.node))
        if shape.checks and not shape.messages and reports:
            raise Unsupported(f"{shape.node} can report a result but has no sh:message")
        reporting += [compiler.shape(p) for p in graph.objects(shape.node, SH.property)]
        reporting += [compiler.shape(n) for n in graph.objects(shape.node, SH.node)]  # its sh:detail results
    return CompiledShapes(roots, _predicates(compiler.shapes.values()) | {RDF_TYPE, SUBCLASS_OF})


def _predicates(shapes: Iterable[CompiledShape]) -> frozenset[str]:
    found: set[str] = set()

    def walk(path: PathStep) -> None:
        if path.kind == "pred":
            found.add(path.predicate)
        for part in path.parts:
            walk(part)

    for shape in shapes:
        if shape.path is not None:
            walk(shape.path)
        found.update(shape.target_subjects_of, shape.target_objects_of, shape.less_than)
    return frozenset(found)
