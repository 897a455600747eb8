"""Results the human reports give as one line per class instead of one entry per thing.

A missing English label is advice about hundreds of things at once: the text, Markdown and
HTML reports say it once per class ("Warning ×N: no English label … on N things of class
ipgov:X (e.g. A, B, C …)"). The counts by severity and by shape, and the Turtle and JSON-LD
``sh:ValidationReport``, keep every result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph_builder.validate import display as d
from graph_builder.validate.results import SEVERITY_ORDER, Result

SHAPES = "https://w3id.org/ipgov/shapes#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
IPGOV = "https://w3id.org/ipgov/ontology#"
# shape IRI → what its results say, in English and Chinese
GROUPED = {
    SHAPES + "LabelShape-prefLabelEn": ("no English label (skos:prefLabel@en)", "缺英文名称（skos:prefLabel@en）"),
}
EXAMPLES = 3


@dataclass(frozen=True)
class Group:
    """The results of one grouped shape on the things of one class."""

    severity: str
    shape: str
    cls: str  # CURIE of the things' class, "" when unknown
    results: int
    things: tuple[str, ...]  # the things' display labels, in report order, each once

    def line(self) -> str:
        """One line of the report: severity ×N, what, how many things of which class, examples."""
        en, zh = GROUPED[self.shape]
        shown = ", ".join(self.things[:EXAMPLES]) + (" …" if len(self.things) > EXAMPLES else "")
        count = len(self.things)
        return (
            f"{d.severity(self.severity)} ×{self.results}: {en} on {count} thing{'s' if count != 1 else ''} "
            f"of class {self.cls or '(no class)'} (e.g. {shown}) · {zh}"
        )


def most_specific_class(store: ox.Store, iri: str, subclasses: Iterable[tuple[object, object, object]]) -> str:
    """The CURIE of the ipgov: class of ``iri`` that no other class of it specialises, or ""."""
    classes = {
        q.object.value
        for q in store.quads_for_pattern(ox.NamedNode(iri), RDF_TYPE, None)
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(IPGOV)
    }
    broader = {str(o) for s, _, o in subclasses if str(s) in classes}
    specific = sorted(classes - broader) or sorted(classes)
    return d.curie(specific[0]) if specific else ""


def split(results: list[Result], labels: dict[str, dict[str, str]], classes: dict[str, str]) -> tuple[
    list[Group], list[Result]
]:
    """The groups (by severity, shape, class) and the results still listed one by one."""
    grouped: dict[tuple[str, str, str], list[Result]] = {}
    rest = []
    for result in results:
        if result.shape in GROUPED:
            grouped.setdefault((result.severity, result.shape, classes.get(result.focus, "")), []).append(result)
        else:
            rest.append(result)
    groups = []
    for (severity, shape, cls), members in grouped.items():
        things = dict.fromkeys(d.label(labels.get(r.focus, {})) or d.term(r.focus) for r in members)
        groups.append(Group(severity, shape, cls, len(members), tuple(things)))
    groups.sort(key=lambda g: (SEVERITY_ORDER.get(g.severity, 9), g.shape, -g.results, g.cls))
    return groups, rest
