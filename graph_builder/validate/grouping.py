"""Results by shape: the human reports give a shape's repeated results as one group.

A missing English label is advice about hundreds of things at once, and a lint check can
question dozens of names: the text and Markdown reports say each shape with :data:`GROUP_AT`
results or more once ("Warning ×N ipgov-shape:S — what · 中文 — K things in M letters (by
class): A, B, C … +n other names"), and the HTML report folds its results into a ``<details>``.
The counts by severity and by shape, and the Turtle and JSON-LD ``sh:ValidationReport``,
keep every result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import RDF

from graph_builder.namespaces import IPGOV as IPGOV_NS
from graph_builder.validate import display as d
from graph_builder.validate.results import SEVERITY_ORDER, Result

SHAPES = d.SHAPES_NS
RDF_TYPE = ox.NamedNode(str(RDF.type))
IPGOV = str(IPGOV_NS)
# shape IRI → what its results say, in English and Chinese; the validation also finds the class of
# their focus nodes (letters.describe), which the group's line counts things by
GROUPED = {
    SHAPES + "LabelShape-prefLabelEn": ("no English label (skos:prefLabel@en)", "缺英文名称（skos:prefLabel@en）"),
}
GROUP_AT = 3  # a shape with this many results or more is one group in the human reports
EXAMPLES = 5  # things named on a group's line
_CUT = " :：「“\"'(（,，;；、"


@dataclass(frozen=True)
class Group:
    """The results of one shape at one severity, in report order."""

    severity: str
    shape: str
    results: tuple[Result, ...]
    things: tuple[str, ...]  # the display labels of the focus nodes (each node once), in report order
    classes: tuple[tuple[str, int], ...]  # (class CURIE, things of it), most first; () when not known
    letters: tuple[str, ...]  # the letter keys ("(union)" for union results), each once, sorted
    en: str  # what the results say
    zh: str

    @property
    def repeated(self) -> bool:
        """True when the shape has :data:`GROUP_AT` results or more (the reports group them)."""
        return len(self.results) >= GROUP_AT

    def what(self) -> str:
        """What the results say, in both languages."""
        return " · ".join(text for text in (self.en, self.zh) if text)

    def scope(self) -> str:
        """``1014 things in 32 letters (ipgov:Figure 436, …)``."""
        count, letters = len(self.things), len(self.letters)
        text = f"{count} thing{'s' if count != 1 else ''} in {letters} letter{'s' if letters != 1 else ''}"
        if self.classes:
            text += " (" + ", ".join(f"{cls} {n}" for cls, n in self.classes) + ")"
        return text

    def examples(self, shown: int = EXAMPLES) -> str:
        """The first things by name, each name once: ``A, B, C … +12 other names``."""
        names = list(dict.fromkeys(self.things))
        text = ", ".join(names[:shown])
        rest = len(names) - shown
        return text + (f" … +{rest} other names" if rest > 0 else "")

    def line(self) -> str:
        """The group's line in the text and Markdown reports."""
        return (
            f"{d.severity(self.severity)} ×{len(self.results)} {d.curie(self.shape)} — {self.what()} — "
            f"{self.scope()}: {self.examples()}"
        )


def most_specific_class(store: ox.Store, iri: str, subclasses: Iterable[tuple[object, object, object]]) -> str:
    """The CURIE of the ipgov: class of ``iri`` that no other class of it specialises, or ""."""
    classes = {
        q.object.value
        for q in store.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None)
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(IPGOV)
    }
    return specific_class(classes, subclasses)


def specific_class(classes: set[str] | frozenset[str], subclasses: Iterable[tuple[object, object, object]]) -> str:
    """The CURIE of the class of ``classes`` (IRIs) that no other of them specialises, or ""."""
    broader = {str(o) for s, _, o in subclasses if str(s) in classes}
    specific = sorted(classes - broader) or sorted(classes)
    return d.curie(specific[0]) if specific else ""


def common_message(texts: Iterable[str]) -> str:
    """What messages that differ only in the name they quote have in common.

    >>> common_message(["Odd name (no surname first): 伟中", "Odd name (no surname first): 佳宁"])
    'Odd name (no surname first) …'
    >>> common_message(["人名可疑：「伟中」", "人名可疑：「佳宁」"])
    '人名可疑 …'
    >>> common_message(["Same.", "Same."])
    'Same.'
    >>> common_message(["Apples", "Pears"])
    '2 different messages, e.g. Apples'
    """
    distinct = sorted({text for text in texts if text})
    if len(distinct) <= 1:
        return distinct[0] if distinct else ""
    first, last = distinct[0], distinct[-1]  # sorted: what they share, all the others share
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    prefix = first[:size]
    stem = prefix[: max(prefix.rfind(char) for char in _CUT)].rstrip(_CUT)
    if len(stem) < 4:
        return f"{len(distinct)} different messages, e.g. {distinct[0]}"
    return stem + " …"


def group(results: list[Result], labels: dict[str, dict[str, str]], classes: dict[str, str]) -> list[Group]:
    """The results by (severity, shape), each group in report order; groups by severity, then most results first."""
    by_shape: dict[tuple[str, str], list[Result]] = {}
    for result in results:
        by_shape.setdefault((result.severity, result.shape), []).append(result)
    groups = []
    for (severity, shape), members in by_shape.items():
        things = [d.label(labels.get(focus, {})) or d.term(focus) for focus in dict.fromkeys(r.focus for r in members)]
        known = Counter(classes[f] or "(no class)" for f in dict.fromkeys(r.focus for r in members) if f in classes)
        if shape in GROUPED:
            en, zh = GROUPED[shape]
        else:
            en = common_message(d.message(r.messages, "en") for r in members)
            zh = common_message(d.message(r.messages, "zh") for r in members)
            zh = "" if zh == en else zh
        groups.append(Group(
            severity, shape, tuple(members), tuple(things),
            tuple(sorted(known.items(), key=lambda item: (-item[1], item[0]))),
            tuple(sorted({d.letter(r.letter) for r in members})), en, zh,
        ))
    groups.sort(key=lambda g: (SEVERITY_ORDER.get(g.severity, 9), -len(g.results), g.shape))
    return groups


def split(results: list[Result], labels: dict[str, dict[str, str]], classes: dict[str, str]) -> tuple[
    list[Group], list[Result]
]:
    """The repeated groups, and the results of the other shapes (given one by one), in report order."""
    groups = group(results, labels, classes)
    single = {(g.severity, g.shape) for g in groups if not g.repeated}
    return [g for g in groups if g.repeated], [r for r in results if (r.severity, r.shape) in single]
