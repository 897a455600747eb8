"""The checks of one constraint each, built from the shapes graph's values (``compiler``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph_builder.validate.shacl_core.base import Unsupported
from graph_builder.validate.shacl_core.literals import less_than, memo, min_inclusive, value_string
from graph_builder.validate.shacl_core.paths import Context, Test, Values
from graph_builder.validate.shacl_core.shape import CompiledShape, Outcome, Report, per_value
from graph_builder.validate.triples import literal_parts, rdflib_term


def python(node: Node) -> Any:
    """A literal's Python value (an IRI or blank node itself)."""
    return node.toPython() if isinstance(node, Literal) else node


def min_inclusive_test(bound: Literal) -> Test:
    remembered = memo(lambda v: min_inclusive(v, bound))
    return lambda ctx, v: remembered(v)


def node_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        return f"_:{node}"
    return node.n3()


def count_check(shape: CompiledShape, count: int, at_least: bool) -> Callable[..., Outcome]:
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


def class_check(shape: CompiledShape, cls: str) -> Callable[..., Outcome]:
    component = str(SH.ClassConstraintComponent)

    def test(ctx: Context, v: str) -> bool:
        return ctx.is_instance(v, cls)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        members = ctx.instances(cls)
        reports = [Report(shape, f, v, component) for f, vs in values.items() for v in vs if v not in members]
        return not reports, reports

    check.test = test  # type: ignore[attr-defined]
    return check


def node_kind_test(kind: Node) -> Test:
    allowed = {
        SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "_<", SH.BlankNodeOrLiteral: '_"',
        SH.IRIOrLiteral: '<"',
    }.get(kind)  # type: ignore[call-overload]
    if allowed is None:
        raise Unsupported(f"sh:nodeKind {kind}")
    return lambda ctx, v: v[0] in allowed


def pattern_check(shape: CompiledShape, patterns: list[Node], flags: Node | None) -> Callable[..., Outcome]:
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


def min_length_test(length: int) -> Test:
    if length < 0:
        raise Unsupported("a negative sh:minLength")

    def test(ctx: Context, v: str) -> bool:
        if length == 0:
            return True
        if v[0] == "_":
            return False
        return len(value_string(v)) >= length

    return test


def in_check(shape: CompiledShape, members: set[Node]) -> Callable[..., Outcome]:
    keys = {node_term(m) for m in members}
    component = str(SH.InConstraintComponent)

    def test(ctx: Context, v: str) -> bool:
        if v in keys:
            return True
        if v[0] == "<":
            return False
        return rdflib_term(v) in members

    return per_value(shape, component, test)


def less_than_check(shape: CompiledShape, other: str) -> Callable[..., Outcome]:
    component = str(SH.LessThanConstraintComponent)

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        index = ctx.data.objects_of(other)
        reports = []
        for f, vs in values.items():
            compare = index.get(f)
            if not compare:
                continue
            for v in vs:
                reports += [Report(shape, f, v, component) for c in compare if not less_than(v, c)]
        return not reports, reports

    return check


def unique_lang_check(shape: CompiledShape) -> Callable[..., Outcome]:
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


def language_test(languages: list[Node]) -> Test:
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


def nested_check(
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


def property_check(properties: list[CompiledShape]) -> Callable[..., Outcome]:
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


def qualified_check(
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
