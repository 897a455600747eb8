"""The fast engine: SHACL Core shapes compiled once into Python checks over a letter's triples.

pySHACL (the reference engine, ``--engine pyshacl``) needs an rdflib Graph of the letter and
evaluates every constraint through rdflib objects: about 0.45 s of CPU a letter. This module
reads the same shapes graph once per process, compiles each shape into a list of checks,
and runs them on :class:`~graph_builder.validate.triples.LetterTriples` (terms as N-Triples
text, no RDF objects), giving the same ``sh:ValidationResult`` fields as pySHACL: focus
node, path, value, source shape, constraint component, severity and messages.

It follows pySHACL 0.40's semantics rather than the letter of the SHACL spec where the two
differ (``tests/test_validate_engines.py`` compares both on every fixture and letter):

- value nodes follow pySHACL's path walk (an inverse flag carried into sequences too);
- a property shape is evaluated once per value node of its parent, a nested shape
  (``sh:or``, ``sh:node``, ``sh:qualifiedValueShape``) once per value node, and it
  "conforms" as pySHACL decides with warnings and infos allowed (a shape of severity
  Warning or Info always conforms; otherwise a failing constraint breaks conformance
  unless all its results are warnings or infos);
- literal checks (``sh:datatype``, ``sh:minInclusive``, ``sh:lessThan``, ``sh:in``,
  ``sh:pattern``, ``sh:minLength``) decide the common case from the N-Triples text and
  hand any other to rdflib, as pySHACL would see it (an ill-typed literal fails
  ``sh:datatype``; ``"abc"^^xsd:gYear`` passes it, since rdflib does not check gYear).

What it does not know it refuses at compile time (:class:`Unsupported`): SPARQL-based
targets, implicit class targets, recursive shapes, a shape that can report without a
``sh:message``, and constraint parameters outside :data:`SUPPORTED`. The caller then falls
back to pySHACL (``letters.core_results``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from graph_builder.validate.results import Result, path_text
from graph_builder.validate.triples import (
    KEPT,
    RDF_TYPE,
    SUBCLASS_OF,
    LetterTriples,
    literal_parts,
    rdflib_term,
    report_text,
)

# pySHACL's allow_warnings=True (and allow_infos=True): the severities that never break conformance
ALLOWED = frozenset({str(SH.Warning), str(SH.Info)})
VIOLATION = str(SH.Violation)
SUPPORTED = frozenset(
    {
        SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH["in"],
        SH["or"], SH.node, SH.property, SH.minInclusive, SH.minLength, SH.lessThan, SH.uniqueLang,
        SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
        SH.languageIn,
    }
)
# Every SHACL Core and SHACL-SPARQL constraint parameter (what a shape may carry at all).
PARAMETERS = SUPPORTED | frozenset(
    {
        SH.minExclusive, SH.maxInclusive, SH.maxExclusive, SH.maxLength, SH.equals, SH.disjoint,
        SH.lessThanOrEquals, SH["not"], SH["and"], SH.xone, SH.closed, SH.ignoredProperties, SH.hasValue,
        SH.sparql, SH.expression, SH.js,
    }
)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_XSD_STRING, _LANG_STRING, _XSD_DATE = str(XSD.string), str(RDF.langString), str(XSD.date)
_INTEGER_KEYS = frozenset({f"<{XSD.integer}>", f"<{XSD.nonNegativeInteger}>"})
_DIGITS = re.compile(r"(?:0|[1-9][0-9]*)\Z")


class Unsupported(Exception):  # noqa: N818 (what it says: the shapes are unsupported)
    """The shapes use something this engine does not implement (pySHACL must run them)."""


# --- reports ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One result before it is written out: the shape that gives it, focus, value, component."""

    shape: CompiledShape
    focus: str
    value: str | None
    component: str


# --- paths --------------------------------------------------------------------------------


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


# --- literal checks: the common case from the text, the rest through rdflib ----------------


_INTEGERS: dict[str, int | None] = {}


def _integer_value(term: str) -> int | None:
    """The value of ``"digits"^^xsd:integer`` or ``…nonNegativeInteger``, else None."""
    if term[-1] != ">" or term[0] != '"':
        return None
    if term in _INTEGERS:
        return _INTEGERS[term]
    close = term.rindex('"')
    value = int(term[1:close]) if term[close + 3 :] in _INTEGER_KEYS and _DIGITS.match(term, 1, close) else None
    if len(_INTEGERS) > 100_000:
        _INTEGERS.clear()
    _INTEGERS[term] = value
    return value


def _datatype_test(datatype: str) -> Test:
    """The sh:datatype test of one rule: strings and tags from the text, typed literals remembered."""
    slow = _memo(lambda v: datatype_matches(v, datatype))

    def simple(ctx: Context, v: str) -> bool:
        return (v[0] == '"' and v[-1] == '"') or slow(v)

    def tagged(ctx: Context, v: str) -> bool:
        return (v[0] == '"' and v[-1] not in '">') or slow(v)

    def other(ctx: Context, v: str) -> bool:
        return slow(v)

    return simple if datatype == _XSD_STRING else tagged if datatype == _LANG_STRING else other


def datatype_matches(term: str, datatype: str) -> bool:
    """pySHACL's sh:datatype test of one value (``datatype`` an IRI string)."""
    if term[0] == '"':
        if datatype == _XSD_STRING:
            if term[-1] == '"':
                return True  # a simple literal
        elif datatype == _LANG_STRING:
            if term[-1] not in '">':
                return True  # a language-tagged literal
        elif term[-1] == ">" and _well_typed(term, datatype):
            return True
    return _datatype_matches_rdflib(term, datatype)


# Datatypes whose common lexical forms are known well-typed here, as rdflib reads them: digits for
# xsd:integer and xsd:nonNegativeInteger (a Python int), a plain decimal (a Decimal), a calendar
# date (a date), and gYear and gYearMonth, which rdflib does not check (pySHACL accepts them).
_WELL_TYPED = {
    str(XSD.integer): KEPT[f"<{XSD.integer}>"], str(XSD.nonNegativeInteger): KEPT[f"<{XSD.nonNegativeInteger}>"],
    str(XSD.decimal): KEPT[f"<{XSD.decimal}>"], str(XSD.date): KEPT[f"<{XSD.date}>"],
    str(XSD.gYear): KEPT[f"<{XSD.gYear}>"], str(XSD.gYearMonth): KEPT[f"<{XSD.gYearMonth}>"],
}


def _well_typed(term: str, datatype: str) -> bool:
    """Whether a typed literal certainly has ``datatype`` and a form rdflib reads as that type."""
    pattern = _WELL_TYPED.get(datatype)
    if pattern is None or not term.endswith(f'"^^<{datatype}>'):
        return False
    close = term.rindex('"')
    if not pattern.match(term, 1, close):
        return False
    if datatype == _XSD_DATE:
        try:
            date.fromisoformat(term[1:close])
        except ValueError:
            return False
    return True


@lru_cache(maxsize=4096)
def _datatype_matches_rdflib(term: str, datatype: str) -> bool:
    """``DatatypeConstraintComponent.evaluate`` of pySHACL 0.40 for one value node."""
    value, rule = rdflib_term(term), URIRef(datatype)
    if not isinstance(value, Literal):
        return False
    if value.datatype == rule:
        return value.ill_typed is not True and _actual_datatype(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual_datatype(value, rule)
    if rule == RDF.langString and value.language:
        return _actual_datatype(value, rule)
    return False


def _actual_datatype(value: Literal, rule: URIRef) -> bool:
    """pySHACL's ``_assert_actual_datatype``: the Python value has the datatype's type."""
    from datetime import date, datetime, time
    from decimal import Decimal

    python = value.value
    checks: dict[URIRef, Any] = {
        XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
        XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
    }
    expected = checks.get(rule)
    return True if expected is None else isinstance(python, expected)


def value_string(term: str) -> str:
    """pySHACL's ``value_node_to_string`` (for sh:pattern and sh:minLength)."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"' and "\\" not in term:
        return literal_parts(term)[0]
    node = rdflib_term(term)
    if isinstance(node, Literal) and node.value is not None and node.datatype in (None, RDF.langString, XSD.string):
        return str(node.value)
    return str(node)


def _compare_literal(left: Literal, right: Literal) -> int:
    """pySHACL's ``compare_literal`` (rdfutil.compare)."""
    import datetime

    if left.eq(right):
        return 0
    if left.value.__class__ in (datetime.datetime, datetime.time):
        if left.value == right.value:
            return 0
        if left.value > right.value:
            return 1
    elif left > right:
        return 1
    return -1


def _min_inclusive(term: str, bound: Literal) -> bool:
    """pySHACL's sh:minInclusive test of one value."""
    number = _integer_value(term)
    if number is not None and bound.datatype == XSD.integer and isinstance(bound.value, int):
        return number >= bound.value
    if term[0] != '"':
        return False
    value = rdflib_term(term)
    assert isinstance(value, Literal)
    if isinstance(bound.value, str) != isinstance(value.value, str):
        return False
    try:
        return _compare_literal(value, bound) >= 0
    except (TypeError, NotImplementedError):
        return False


def _less_than(term: str, other: str) -> bool:
    """pySHACL's sh:lessThan test of one pair (``_compare_lt``); raises as pySHACL does on a blank node."""
    left, right = _integer_value(term), _integer_value(other)
    if left is not None and right is not None:
        return left < right

    def comparable(node: Node) -> tuple[Any, bool]:
        if isinstance(node, BNode):
            raise ValueError("Cannot use sh:lessThan to compare a BlankNode.")
        if isinstance(node, URIRef):
            return str(node), True
        if isinstance(node, Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False

    value, value_is_string = comparable(rdflib_term(term) if term[0] != "<" else URIRef(term[1:-1]))
    compare, compare_is_string = comparable(rdflib_term(other) if other[0] != "<" else URIRef(other[1:-1]))
    if value_is_string != compare_is_string:
        return False
    return bool(value < compare)


# --- constraints --------------------------------------------------------------------------

Values = dict[str, set[str]]  # focus node → its value nodes
Test = Callable[[Context, str], bool]  # a per-value test
Outcome = tuple[bool, list[Report]]


@dataclass
class CompiledShape:
    """One shape: its path (property shapes), severity, messages, checks and targets."""

    node: Node
    path: PathStep | None = None
    path_text: str = ""
    severity: str = VIOLATION
    messages: tuple[tuple[str, str], ...] = ()
    checks: list[Callable[[Context, Values, bool], Outcome]] = field(default_factory=list)
    target_classes: tuple[str, ...] = ()
    target_nodes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    target_objects_of: tuple[str, ...] = ()
    tests: list[Test] | None = None  # a node shape made only of per-value tests: those tests
    less_than: tuple[str, ...] = ()  # the sh:lessThan predicates (read beside the path)

    def conforms_one(self, ctx: Context, node: str) -> bool:
        """Whether ``node`` conforms to the shape (pySHACL's nested validation, warnings allowed)."""
        tests = self.tests
        if tests is not None:
            return self.severity in ALLOWED or all(test(ctx, node) for test in tests)
        return self.validate(ctx, (node,))[0]

    @property
    def has_targets(self) -> bool:
        """Whether the shape declares targets of its own (pySHACL validates it at the top)."""
        return bool(self.target_classes or self.target_nodes or self.target_subjects_of or self.target_objects_of)

    def value_nodes(self, ctx: Context, focus: Iterable[str]) -> Values:
        """Each focus node's value nodes: itself for a node shape, its path's values otherwise."""
        if self.path is None:
            return {f: {f} for f in focus}
        index = ctx.path_map(self.path)
        if index is not None:
            empty: set[str] = set()
            return {f: index.get(f, empty) for f in focus}
        return {f: path_values(ctx.data, self.path, f) for f in focus}

    def validate(self, ctx: Context, focus: Iterable[str], batch: bool = False) -> Outcome:
        """(conforms, reports) of ``focus``, as pySHACL's ``Shape.validate`` with warnings allowed."""
        values = self.value_nodes(ctx, focus)
        allow = self.severity in ALLOWED
        failed = False
        reports: list[Report] = []
        for check in self.checks:
            conforms, found = check(ctx, values, batch)
            reports += found
            if conforms or allow:
                continue
            if not all(r.shape.severity in ALLOWED for r in found):
                failed = True
        return not failed, reports

    def focus_nodes(self, ctx: Context) -> set[str]:
        """The shape's targets in the letter (pySHACL's ``focus_nodes``)."""
        found = set(self.target_nodes)
        for cls in self.target_classes:
            found |= ctx.instances(cls)
        for predicate in self.target_subjects_of:
            found.update(ctx.data.objects_of(predicate))
        for predicate in self.target_objects_of:
            found.update(ctx.data.subjects_of(predicate))
        return found


def _per_value(shape: CompiledShape, component: str, test: Test) -> Callable[..., Outcome]:
    """A check that gives a result for each value node failing ``test``."""

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        reports = [Report(shape, f, v, component) for f, vs in values.items() for v in vs if not test(ctx, v)]
        return not reports, reports

    check.test = test  # type: ignore[attr-defined]  # for CompiledShape.conforms_one
    return check


def _memo(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """``test`` remembered for typed literals (their texts are short and recur across letters)."""
    known: dict[str, bool] = {}

    def remembered(v: str) -> bool:
        found = known.get(v)
        if found is None:
            found = test(v)
            if v[-1] == ">" and v[0] == '"':
                if len(known) > 50_000:
                    known.clear()
                known[v] = found
        return found

    return remembered


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
            return tuple(sorted(_node_term(o) for o in graph.objects(node, predicate)))

        compiled.target_classes = terms(SH.targetClass)
        compiled.target_nodes = terms(SH.targetNode)
        compiled.target_subjects_of = terms(SH.targetSubjectsOf)
        compiled.target_objects_of = terms(SH.targetObjectsOf)
        deactivated = graph.value(node, SH.deactivated)
        if deactivated is not None and _python(deactivated) is True:
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
            made.append(_count_check(shape, int(_python(self.one(node, SH.minCount))), at_least=True))
        elif parameter == SH.maxCount:
            made.append(_count_check(shape, int(_python(self.one(node, SH.maxCount))), at_least=False))
        elif parameter == SH["class"]:
            for cls in graph.objects(node, SH["class"]):
                made.append(_class_check(shape, f"<{cls}>"))
        elif parameter == SH.datatype:
            rule = str(self.one(node, SH.datatype))
            made.append(_per_value(shape, str(SH.DatatypeConstraintComponent), _datatype_test(rule)))
        elif parameter == SH.nodeKind:
            kind = _node_kind_test(self.one(node, SH.nodeKind))
            made.append(_per_value(shape, str(SH.NodeKindConstraintComponent), kind))
        elif parameter == SH.pattern:
            made.append(_pattern_check(shape, list(graph.objects(node, SH.pattern)), graph.value(node, SH.flags)))
        elif parameter == SH["in"]:
            for lst in graph.objects(node, SH["in"]):
                made.append(_in_check(shape, set(Collection(graph, lst))))
        elif parameter == SH.minInclusive:
            for bound in graph.objects(node, SH.minInclusive):
                if not isinstance(bound, Literal):
                    raise Unsupported("a non-literal sh:minInclusive")
                made.append(_per_value(shape, str(SH.MinInclusiveConstraintComponent), _min_inclusive_test(bound)))
        elif parameter == SH.minLength:
            length = int(_python(self.one(node, SH.minLength)))
            made.append(_per_value(shape, str(SH.MinLengthConstraintComponent), _min_length_test(length)))
        elif parameter == SH.lessThan:
            for other in graph.objects(node, SH.lessThan):
                if not isinstance(other, URIRef):
                    raise Unsupported("sh:lessThan must be an IRI")
                made.append(_less_than_check(shape, f"<{other}>"))
                shape.less_than += (f"<{other}>",)
        elif parameter == SH.uniqueLang:
            flag = self.one(node, SH.uniqueLang)
            if _python(flag) is True:
                made.append(_unique_lang_check(shape))
        elif parameter == SH.languageIn:
            for lst in graph.objects(node, SH.languageIn):
                test = _language_test(list(Collection(graph, lst)))
                made.append(_per_value(shape, str(SH.LanguageInConstraintComponent), test))
        elif parameter == SH["or"]:
            for lst in graph.objects(node, SH["or"]):
                members = [self.shape(m) for m in dict.fromkeys(Collection(graph, lst))]
                if not members:
                    raise Unsupported("an empty sh:or")
                made.append(_nested_check(shape, str(SH.OrConstraintComponent), members, any_of=True))
        elif parameter == SH.node:
            for other in graph.objects(node, SH.node):
                made.append(_nested_check(shape, str(SH.NodeConstraintComponent), [self.shape(other)], any_of=False))
        elif parameter == SH.property:
            made.append(_property_check([self.shape(p) for p in graph.objects(node, SH.property)]))
        elif parameter == SH.qualifiedValueShape:
            made.append(self.qualified(shape))
        return made

    def qualified(self, shape: CompiledShape) -> Callable[..., Outcome]:
        graph, node = self.graph, shape.node
        value_shapes = [self.shape(v) for v in graph.objects(node, SH.qualifiedValueShape)]
        low = graph.value(node, SH.qualifiedMinCount)
        high = graph.value(node, SH.qualifiedMaxCount)
        disjoint_flag = graph.value(node, SH.qualifiedValueShapesDisjoint)
        disjoint = bool(disjoint_flag is not None and _python(disjoint_flag) is True)
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
        return _qualified_check(
            shape, value_shapes, None if low is None else int(_python(low)),
            None if high is None else int(_python(high)), disjoint, siblings,
        )


# the order of the checks of a shape (any order gives the same results; this one fails fast)
_ORDER = (
    SH.minCount, SH.maxCount, SH.nodeKind, SH.datatype, SH.pattern, SH.minLength, SH.languageIn, SH.uniqueLang,
    SH["in"], SH.minInclusive, SH.lessThan, SH["class"], SH["or"], SH.node, SH.qualifiedValueShape, SH.property,
)


def _python(node: Node) -> Any:
    """A literal's Python value (an IRI or blank node itself)."""
    return node.toPython() if isinstance(node, Literal) else node


def _min_inclusive_test(bound: Literal) -> Test:
    remembered = _memo(lambda v: _min_inclusive(v, bound))
    return lambda ctx, v: remembered(v)


def _node_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3()


def _count_check(shape: CompiledShape, count: int, at_least: bool) -> Callable[..., Outcome]:
    component = str(SH.MinCountConstraintComponent if at_least else SH.MaxCountConstraintComponent)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        if at_least:
            if count == 0:
                return True, []
            reports = [Report(shape, f, None, component) for f, vs in values.items() if len(vs) < count]
        else:
            reports = [Report(shape, f, None, component) for f, vs in values.items() if len(vs) > count]
        return not reports, reports

    return check


def _class_check(shape: CompiledShape, cls: str) -> Callable[..., Outcome]:
    component = str(SH.ClassConstraintComponent)

    def test(ctx: Context, v: str) -> bool:
        return ctx.is_instance(v, cls)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        members = ctx.instances(cls)
        reports = [Report(shape, f, v, component) for f, vs in values.items() for v in vs if v not in members]
        return not reports, reports

    check.test = test  # type: ignore[attr-defined]
    return check


def _node_kind_test(kind: Node) -> Test:
    allowed = {
        SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<", SH.BlankNodeOrLiteral: '_"',
        SH.IRIOrLiteral: '<"',
    }.get(kind)  # type: ignore[call-overload]
    if allowed is None:
        raise Unsupported(f"sh:nodeKind {kind}")
    return lambda ctx, v: v[0] in allowed


def _pattern_check(shape: CompiledShape, patterns: list[Node], flags: Node | None) -> Callable[..., Outcome]:
    re_flags = 0
    if flags is not None:
        text = str(flags).lower()
        re_flags |= re.I if "i" in text else 0
        re_flags |= re.M if "m" in text else 0
    compiled = []
    for pattern in patterns:
        if not isinstance(pattern, Literal):
            raise Unsupported("a non-literal sh:pattern")
        source = str(pattern.value) if pattern.value is not None and len(pattern.value) > 1 else str(pattern)
        compiled.append(re.compile(source, re_flags))
    component = str(SH.PatternConstraintComponent)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        reports = []
        for regex in compiled:
            search = regex.search
            for f, vs in values.items():
                for v in vs:
                    if v[0] == "_" or not search(value_string(v)):
                        reports.append(Report(shape, f, v, component))
        return not reports, reports

    return check


def _min_length_test(length: int) -> Test:
    if length < 0:
        raise Unsupported("a negative sh:minLength")

    def test(ctx: Context, v: str) -> bool:
        if length == 0:
            return True
        if v[0] == "_":
            return False
        return len(value_string(v)) >= length

    return test


def _in_check(shape: CompiledShape, members: set[Node]) -> Callable[..., Outcome]:
    keys = {_node_term(m) for m in members}
    component = str(SH.InConstraintComponent)

    def test(ctx: Context, v: str) -> bool:
        if v in keys:
            return True
        if v[0] == "<":
            return False
        return rdflib_term(v) in members

    return _per_value(shape, component, test)


def _less_than_check(shape: CompiledShape, other: str) -> Callable[..., Outcome]:
    component = str(SH.LessThanConstraintComponent)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        index = ctx.data.objects_of(other)
        reports = []
        for f, vs in values.items():
            compare = index.get(f)
            if not compare:
                continue
            for v in vs:
                reports += [Report(shape, f, v, component) for c in compare if not _less_than(v, c)]
        return not reports, reports

    return check


def _unique_lang_check(shape: CompiledShape) -> Callable[..., Outcome]:
    component = str(SH.UniqueLangConstraintComponent)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        reports = []
        for f, vs in values.items():
            seen: set[str] = set()
            duplicates: set[str] = set()
            for v in vs:
                if v[0] == '"':
                    language = _language(v)
                    if language:
                        (duplicates if language in seen else seen).add(language)
            reports += [Report(shape, f, None, component) for _ in duplicates]
        return not reports, reports

    return check


def _language(term: str) -> str:
    """The lower-cased language tag of a literal, or ""."""
    if term[-1] in '">':
        return ""
    return literal_parts(term)[1].lower()


def _language_test(languages: list[Node]) -> Test:
    wanted = set()
    for language in languages:
        if not isinstance(language, Literal) or not isinstance(language.value, str):
            raise Unsupported("sh:languageIn needs string literals")
        wanted.add(str(language.value).lower())
    wildcard = "*" in wanted

    def test(ctx: Context, v: str) -> bool:
        if v[0] != '"':
            return False
        language = _language(v)
        if not language:
            return False
        return wildcard or language in wanted or language.split("-")[0] in wanted

    return test


def _nested_check(
    shape: CompiledShape, component: str, members: list[CompiledShape], any_of: bool
) -> Callable[..., Outcome]:
    """sh:or (a value conforms to one member) or sh:node (to the one shape)."""

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        reports: list[Report] = []
        if any_of:
            for f, vs in values.items():
                for v in vs:
                    if not any(m.conforms_one(ctx, v) for m in members):
                        reports.append(Report(shape, f, v, component))
            return not reports, reports
        if not any(values.values()):
            return True, []
        # pySHACL's sh:node: a result when the value does not conform or the shape reports anything
        # (a warning too), and the shape's own results beside it (its sh:detail, which a report lists)
        for member in members:
            for f, vs in values.items():
                for v in vs:
                    conforms, nested = member.validate(ctx, (v,))
                    if not conforms or nested:
                        reports.append(Report(shape, f, v, component))
                        reports += nested
        return not reports, reports

    return check


def _property_check(properties: list[CompiledShape]) -> Callable[..., Outcome]:
    """sh:property: each property shape validated on each value node (pySHACL's loop, or one batch)."""

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        failed = False
        reports: list[Report] = []
        nodes = [v for vs in values.values() for v in vs]
        if batch and len(set(nodes)) == len(nodes):  # (a node of several focus nodes: once for each, below)
            for prop in properties:
                conforms, found = prop.validate(ctx, nodes, batch=True)
                failed = failed or not conforms
                reports += found
            return not failed, reports
        for prop in properties:
            for v in nodes:
                conforms, found = prop.validate(ctx, (v,))
                failed = failed or not conforms
                reports += found
        return not failed, reports

    return check


def _qualified_check(
    shape: CompiledShape,
    value_shapes: list[CompiledShape],
    low: int | None,
    high: int | None,
    disjoint: bool,
    siblings: dict[Node, list[CompiledShape]],
) -> Callable[..., Outcome]:
    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        count = sum(len(vs) for vs in values.values())
        if not disjoint and count < 1 and (low is None or low < 1):
            return True, []
        reports = []
        for value_shape in value_shapes:
            others = siblings.get(value_shape.node, [])
            for f, vs in values.items():
                conforming = 0
                for v in vs:
                    if value_shape.conforms_one(ctx, v) and not any(s.conforms_one(ctx, v) for s in others):
                        conforming += 1
                if high is not None and conforming > high:
                    reports.append(Report(shape, f, None, str(SH.QualifiedMaxCountConstraintComponent)))
                if low is not None and conforming < low:
                    reports.append(Report(shape, f, None, str(SH.QualifiedMinCountConstraintComponent)))
        return not reports, reports

    return check


# --- the compiled shapes graph --------------------------------------------------------------


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
