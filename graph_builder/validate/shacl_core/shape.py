"""A compiled shape: its path, severity, messages, targets and checks, validated pySHACL's way."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib.term import Node

from graph_builder.validate.shacl_core.base import ALLOWED, VIOLATION
from graph_builder.validate.shacl_core.paths import Context, PathStep, Test, Values, path_values

Outcome = tuple[bool, list["Report"]]


@dataclass(frozen=True)
class Report:
    """One result before it is written out: the shape that gives it, focus, value, component."""

    shape: CompiledShape
    focus: str
    value: str | None
    component: str


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


def per_value(shape: CompiledShape, component: str, test: Test) -> Callable[..., Outcome]:
    """A check that gives a result for each value node failing ``test``."""

    def check(ctx: Context, values: Values, batch: bool) -> Outcome:
        reports = [Report(shape, f, v, component) for f, vs in values.items() for v in vs if not test(ctx, v)]
        return not reports, reports

    check.test = test  # type: ignore[attr-defined]  # for CompiledShape.conforms_one
    return check
