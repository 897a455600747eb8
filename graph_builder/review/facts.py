"""What a review page lists: the letter's facts (facts JSON) with IRIs, labels and evidence spans
from its graph, grouped by role."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.corpus.blocks import Block
from graph_builder.export.palette import group_of
from graph_builder.review.graph import ONT, RDF, Graph, parse_graph
from graph_builder.review.validation import Finding, Validation, load_validation

# Sentence-long facts: underlined, not filled, so the names inside them stay readable.
SENTENCE_CLASSES = frozenset({"SuggestionItem", "Commitment", "Achievement", "Statement", "Measure"})
# The sections of the fact list: facts JSON key → (zh, en), in page order; keys not listed
# here follow as they come.
SECTIONS: dict[str, tuple[str, str]] = {
    "letter": ("答复函与提案", "reply and proposal"),
    "proposers": ("提案人", "proposers"),
    "responding_agency": ("主办单位", "responding agency"),
    "co_handlers": ("会办单位", "co-handlers"),
    "addressee": ("收件人", "addressee"),
    "suggestions": ("建议与答复措施", "suggestions and the measures answering each"),
    "cases": ("案例", "court cases"),
    "policies": ("政策法规", "policies"),
    "instruments": ("其他文件", "other instruments"),
    "platforms": ("平台", "platforms"),
    "places": ("地点", "places"),
    "events": ("事件", "events"),
    "figures": ("数据", "figures"),
    "persons": ("其他人员", "other persons"),
    "organizations": ("其他机构", "other organisations"),
}
# Letter-level values of the facts JSON, and the class of what they describe.
SCALARS = {"doc_number": "ReplyLetter", "date": "ReplyLetter", "genre": "ReplyLetter",
           "proposal_number": "Proposal", "session": "Proposal", "title_of_proposal": "Proposal"}
# The kinds of IRI a section's items have, to find an item's IRI by its evidence span.
KINDS = {"proposers": ("person", "group", "org"), "cases": ("case",), "suggestions": ("item",),
         "measures": ("measure",), "figures": ("figure",), "addressee": ("person", "group", "org")}
# The graph predicate stating a role, to find its evidence when the facts JSON gives none.
ROLE_PREDICATES = {"responding_agency": ONT + "respondingAgency", "co_handlers": ONT + "coHandler",
                   "addressee": ONT + "addressedTo", "proposers": ONT + "proposer"}
_SKIP_EXTRA = frozenset({"name", "type", "iri", "evidence", "name_en", "corrected"})


@dataclass
class Fact:
    """One entry of the fact list."""

    id: str
    role: str
    name: str
    cls: str = ""
    iri: str = ""
    zh: str = ""
    en: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    children: list[Fact] = field(default_factory=list)
    corrected: str = ""  # the corrections entry that asserted it ("corrections.yaml#3"), docs/corrections.md

    @property
    def sentence(self) -> bool:
        """True for facts that span a sentence (suggestions, measures)."""
        return self.cls in SENTENCE_CLASSES

    @property
    def colour(self) -> str:
        """The palette colour of its class."""
        return group_of(self.cls).hex

    @property
    def group(self) -> str:
        """The palette group key of its class."""
        return group_of(self.cls).key


def _spans(item: Any) -> list[tuple[int, int]]:
    found = []
    for ev in item.get("evidence", []) if isinstance(item, dict) else []:
        try:
            found.append((int(ev["start"]), int(ev["end"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def show(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "、".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Builder:
    """Turns a letter's facts JSON and graph into sections of ``Fact``s."""

    def __init__(self, key: str, facts: dict[str, Any], graph: Graph, validation: Validation) -> None:
        self.key, self.facts, self.graph, self.validation = key, facts, graph, validation
        self.count = 0
        self.used: set[str] = set()  # IRIs shown, so findings about others can be listed apart

    def fact(self, role: str, name: str, *, cls: str = "", iri: str = "", spans: list[tuple[int, int]] | None = None,
             item: dict[str, Any] | None = None, look_up: bool = True) -> Fact:
        self.count += 1
        graph = self.graph
        item = item or {}
        cls = cls or graph.cls(iri) or str(item.get("type") or "")
        labels = graph.labels.get(iri, {})
        spans = sorted(set(spans or []))
        if not spans and iri and look_up:  # evidence from the graph: the role's triple, else the thing's mentions
            predicate = ROLE_PREDICATES.get(role)
            spans = sorted({span for (s, p, o), found in graph.evidence.items()
                            if (predicate and p == predicate and o == iri) for span in found})
            if not spans:
                spans = sorted({span for (s, p, _), found in graph.evidence.items()
                                if s == iri and p == RDF + "type" for span in found})
        extras = [(k, show(v)) for k, v in item.items() if k not in _SKIP_EXTRA]
        found = Fact(
            f"f{self.count}", role, name, cls, iri,
            labels.get("zh", name if not labels else ""), labels.get("en", str(item.get("name_en") or "")),
            spans, extras, list(self.validation.findings.get(iri, [])) if iri and self.validation.findings else [],
        )
        roles = self.facts.get("corrected")  # single-valued roles a correction gave: role → entry
        found.corrected = str(item.get("corrected") or (roles.get(role, "") if isinstance(roles, dict) else ""))
        if iri:
            self.used.add(iri)
        return found

    def item(self, role: str, item: Any) -> Fact:
        if not isinstance(item, dict):
            value = show(item)
            return self.fact(role, value, iri=self._by_name(role, value))
        spans = _spans(item)
        iri = str(item.get("iri") or "") or self.graph.iri_at(spans, KINDS.get(role, ()))
        name = item.get("name")
        if name in (None, ""):
            name = next((item[k] for k in ("value", "text", "label") if item.get(k) not in (None, "")), "")
        if not name and spans:
            start, end = spans[0]
            name = self.graph.text[start:end]
        iri = iri or self._by_name(role, show(name))
        return self.fact(role, show(name), iri=iri, spans=spans, item=item)

    def _by_name(self, role: str, name: str) -> str:
        """The IRI of a thing the facts JSON names by a string only (the responding agency)."""
        predicate = ROLE_PREDICATES.get(role)
        if predicate and self.graph.letter:
            found = self.graph.links.get((self.graph.letter, predicate), [])
            for iri in found:
                if name in self.graph.labels.get(iri, {}).values() or len(found) == 1:
                    return iri
        return ""

    def document(self, cls: str) -> Fact | None:
        """The reply letter or the proposal, with its letter-level values of the facts JSON."""
        graph, facts = self.graph, self.facts
        keys = [k for k, c in SCALARS.items() if c == cls and facts.get(k) not in (None, "")]
        if cls == "ReplyLetter":
            iri = graph.letter
        else:
            answered = graph.links.get((graph.letter, ONT + "answers"), [])
            iri = answered[0] if answered else ""
        if not keys and not iri:
            return None
        spans = []
        for key in keys:
            text = show(facts[key])
            found = [span for (s, _, o), at in graph.evidence.items() if o == text and s == iri for span in at]
            spans += found or [span for (_, _, o), at in graph.evidence.items() if o == text for span in at]
        name_keys = ("doc_number", "date") if cls == "ReplyLetter" else ("title_of_proposal", "proposal_number")
        name = next((show(facts[k]) for k in name_keys if k in keys), cls)
        return self.fact("letter", name, cls=graph.cls(iri) or cls, iri=iri, spans=spans,
                         item={k: facts[k] for k in keys}, look_up=False)

    def sections(self) -> list[tuple[str, list[Fact]]]:
        facts, out = self.facts, []
        letter = [self.document("ReplyLetter"), self.document("Proposal")]
        out.append(("letter", [f for f in letter if f is not None]))
        done = {"id", "measures", "corrected", *SCALARS}
        measures: list[Any] = facts["measures"] if isinstance(facts.get("measures"), list) else []
        for key in [*SECTIONS, *facts]:
            if key in done or key == "letter":
                continue
            done.add(key)
            value = facts.get(key)
            if key == "addressee" and value in (None, "", []):
                value = [{"name": self.graph.labels.get(i, {}).get("zh", i), "iri": i}
                         for i in self.graph.links.get((self.graph.letter, ONT + "addressedTo"), [])]
            if value in (None, "", []):
                continue
            items = value if isinstance(value, list) else [value]
            listed = [self.item(key, item) for item in items]
            if key == "suggestions":
                listed = self._with_measures(listed, measures)
            out.append((key, listed))
        if measures and "suggestions" not in facts:
            out.append(("measures", self._with_measures([], measures)))
        return out

    def _with_measures(self, items: list[Fact], measures: list[Any]) -> list[Fact]:
        rest = []
        for measure in measures:
            fact = self.item("measures", measure)
            ordinal = measure.get("suggestion") if isinstance(measure, dict) else None
            if isinstance(ordinal, int) and 1 <= ordinal <= len(items):
                items[ordinal - 1].children.append(fact)
            else:
                rest.append(fact)
        if rest:
            self.count += 1
            holder = Fact(f"f{self.count}", "suggestions", "(measures answering no numbered suggestion)")
            holder.children = rest
            items.append(holder)
        return items

    def others(self) -> list[tuple[str, Finding]]:
        """Findings about nodes no fact shows."""
        if not self.validation.findings:
            return []
        return [(iri, f) for iri, fs in sorted(self.validation.findings.items()) if iri not in self.used for f in fs]


@dataclass
class Page:
    """One letter's review page data."""

    key: str
    facts: dict[str, Any]
    text: str
    sections: list[tuple[str, list[Fact]]]
    others: list[tuple[str, Finding]]
    validation: Validation

    def all_facts(self) -> list[Fact]:
        """Every fact, children after their parent."""
        found = []
        for _, facts in self.sections:
            for fact in facts:
                found.append(fact)
                found += fact.children
        return found

    @property
    def agency(self) -> str:
        value = self.facts.get("responding_agency")
        return show(value.get("name") if isinstance(value, dict) else value or "")

    @property
    def proposers(self) -> str:
        names = [p.get("name", "") if isinstance(p, dict) else p for p in self.facts.get("proposers") or []]
        return "、".join(show(n) for n in names)


def load_page(out: Path, block: Block, facts_block: Block) -> Page:
    """A letter's page data from the build in ``out``."""
    return make_page(block.key, json.loads(facts_block.read()), parse_graph(block.read()), load_validation(out, block))


def make_page(key: str, facts: dict[str, Any], graph: Graph, validation: Validation) -> Page:
    """A letter's page data from its facts JSON, graph and validation outcome."""
    builder = _Builder(key, facts, graph, validation)
    sections = builder.sections()
    return Page(key, facts, graph.text, sections, builder.others(), validation)


# ---------------------------------------------------------------- HTML
