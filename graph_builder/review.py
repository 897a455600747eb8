"""Review pages for a build (``ipgov review``): a letter's text with every fact's evidence
highlighted beside the facts, grouped by role, and an index of the letters.

Each page is one self-contained HTML file (inline CSS and a few lines of inline script, no
network), every text escaped. What a page shows comes from the build folder:

- the facts: the letter's line of ``facts.jsonl`` (``eval/FORMAT.md``), grouped by role;
  keys this module does not know are shown as a generic section, item keys it does not
  know as key–value rows;
- the text, the IRIs, classes and labels of things the facts JSON names without an IRI,
  and the evidence of facts it gives no offsets for (the responding agency, the 文号, the
  date …): the letter's graph in ``dataset.nq`` (its ``ipgov:SourceText`` is the text the
  offsets index; its ``oa:Annotation``s tie triples to spans);
- validation: the letter's outcome that validation cached (``.cache/validation/<key>.json``),
  used when it was made from this graph by these shapes, keyed by focus node.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graph_builder import manifest as mf
from graph_builder.blocks import DATASET, Block, blocks_of, stream_matches
from graph_builder.errors import InputError
from graph_builder.export.palette import FALLBACK, GROUPS, group_of
from graph_builder.rdf.evidence import span_offsets

ID = "https://w3id.org/ipgov/id/"
ONT = "https://w3id.org/ipgov/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"

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
class Graph:
    """What a page needs from a letter graph."""

    text: str = ""
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    links: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))  # (s, p) → objects
    # annotated triples with their spans: (subject, predicate, object) → spans
    evidence: dict[tuple[str, str, str], list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    at_span: dict[tuple[int, int], list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    letter: str = ""

    def cls(self, iri: str) -> str:
        """The ipgov class of a thing (the first, sorted), or ""."""
        found = sorted(t[len(ONT):] for t in self.types.get(iri, []) if t.startswith(ONT))
        return found[0] if found else ""

    def kind(self, iri: str) -> str:
        """The kind part of an IRI (org, case, figure …); a sentence's span is an item or a measure."""
        if not iri.startswith(ID):
            return ""
        kind = iri[len(ID):].split("/")[0]
        if kind == "source" and "#char=" in iri:
            return "item" if ONT + "SuggestionItem" in self.types.get(iri, []) else "measure"
        return kind

    def iri_at(self, spans: list[tuple[int, int]], kinds: tuple[str, ...]) -> str:
        """The thing of one of ``kinds`` that the first of ``spans`` is evidence about."""
        for span in spans[:1]:
            found = [(p != RDF + "type", s) for s, p, _ in self.at_span.get(span, []) if self.kind(s) in kinds]
            if found:
                return min(found)[1]  # a mention (rdf:type) first, else what the span states of it
        return ""


def parse_graph(nquads: bytes) -> Graph:
    """Read a letter graph (N-Quads) into a ``Graph``.

    Evidence comes three ways (docs/MODEL.md): an annotation reifying a fact and targeting a
    span; a thing named at a span (evidence of its types); a sentence that is a thing of its
    own (a measure, a suggestion), its IRI the span. A span's offsets are in its IRI.
    """
    import pyoxigraph as ox

    graph = Graph()
    ann: dict[str, dict[str, str]] = defaultdict(dict)
    targets: dict[str, list[str]] = defaultdict(list)
    named: list[tuple[str, str]] = []  # (thing, span)
    quoted: list[str] = []  # spans with a quote
    source = ""
    texts: dict[str, str] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        value = o.value
        if p == RDF + "type":
            graph.types[s].append(value)
            if value == ONT + "ReplyLetter":
                graph.letter = s
        elif p == SKOS + "prefLabel" and isinstance(o, ox.Literal):
            graph.labels[s].setdefault(o.language or "", value)
        elif p in (RDF + "subject", RDF + "predicate", RDF + "object"):
            ann[s][p] = value
        elif p == OA + "hasTarget":
            targets[s].append(value)
        elif p == ONT + "namedAt":
            named.append((s, value))
        elif p == OA + "exact":
            quoted.append(s)
        elif p == ONT + "hasSourceText":
            source = value
        elif p == RDF + "value" and isinstance(o, ox.Literal):
            texts[s] = value
        if isinstance(o, ox.NamedNode) and p.startswith(ONT) and p != ONT + "namedAt":
            graph.links[(s, p)].append(value)
    graph.text = texts.get(source, "")

    def add(key: tuple[str, str, str], span_iri: str) -> None:
        offsets = span_offsets(span_iri)
        if offsets is not None:
            span = (offsets[1], offsets[2])
            graph.evidence[key].append(span)
            graph.at_span[span].append(key)

    for node, triple in ann.items():
        key = (triple.get(RDF + "subject", ""), triple.get(RDF + "predicate", ""), triple.get(RDF + "object", ""))
        for target in targets.get(node, []):
            add(key, target)
    for thing, span_iri in named:
        for cls in graph.types.get(thing, []):
            add((thing, RDF + "type", cls), span_iri)
    for passage in quoted:
        for cls in graph.types.get(passage, []):
            add((passage, RDF + "type", cls), passage)
    for spans in graph.evidence.values():
        spans.sort()
    return graph


@dataclass
class Finding:
    """One validation result about a focus node."""

    severity: str  # Violation, Warning, Info
    path: str
    messages: dict[str, str]

    def text(self) -> str:
        """English and Chinese message on one line."""
        parts = [self.messages.get("en", ""), self.messages.get("zh", "")]
        return " / ".join(p for p in parts if p) or self.path


@dataclass
class Validation:
    """A letter's cached validation outcome: findings by focus node IRI, or None when not cached."""

    findings: dict[str, list[Finding]] | None
    stale: bool = False  # validated with other shapes or another tool than the running one

    @property
    def counts(self) -> tuple[int, int]:
        """(violations, warnings)."""
        found = [f for fs in (self.findings or {}).values() for f in fs]
        return sum(f.severity == "Violation" for f in found), sum(f.severity == "Warning" for f in found)

    def status(self, short: bool = False) -> str:
        """conforms / N violation(s) / not validated, with warnings."""
        if self.findings is None:
            return "not validated" if short else "not validated (or changed since): run ipgov validate"
        violations, warnings = self.counts
        head = f"{violations} violation(s)" if violations else "conforms"
        tail = " (by other shapes or tool than this one)" if self.stale and not short else ""
        return head + (f", {warnings} warning(s)" if warnings else "") + tail


def load_validation(out: Path, block: Block) -> Validation:
    """The validation outcome cached for ``block``, if made from this graph (by these shapes
    and tool or, marked stale, by others)."""
    from graph_builder.validate.folder import CACHE, shapes_digest

    try:
        data = json.loads((out / CACHE / f"{block.key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Validation(None)
    stamp = data.get("stamp") if isinstance(data, dict) else None
    if not isinstance(stamp, str) or not stamp.startswith(block.stamp + ":"):
        return Validation(None)  # the outcome of another graph
    findings: dict[str, list[Finding]] = defaultdict(list)
    seen = set()
    outcomes = [*data.get("outcomes", []), data.get("union") or {}]
    for outcome in outcomes:
        for row in outcome.get("results", []):
            try:
                focus, path, value, shape, severity, messages = row[1], row[2], row[3], row[4], row[6], row[7]
            except (IndexError, TypeError):
                continue
            if (focus, path, value, shape) in seen:
                continue
            seen.add((focus, path, value, shape))
            iri = focus[1:-1] if focus.startswith("<") and focus.endswith(">") else focus
            text = {str(m[0]): str(m[1]) for m in messages if isinstance(m, list | tuple) and len(m) == 2}
            findings[iri].append(Finding(severity.rsplit("#", 1)[-1], path, text))
    return Validation(dict(findings), stamp != f"{block.stamp}:{shapes_digest()}")


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


def _show(value: Any) -> str:
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
        extras = [(k, _show(v)) for k, v in item.items() if k not in _SKIP_EXTRA]
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
            value = _show(item)
            return self.fact(role, value, iri=self._by_name(role, value))
        spans = _spans(item)
        iri = str(item.get("iri") or "") or self.graph.iri_at(spans, KINDS.get(role, ()))
        name = item.get("name")
        if name in (None, ""):
            name = next((item[k] for k in ("value", "text", "label") if item.get(k) not in (None, "")), "")
        if not name and spans:
            start, end = spans[0]
            name = self.graph.text[start:end]
        iri = iri or self._by_name(role, _show(name))
        return self.fact(role, _show(name), iri=iri, spans=spans, item=item)

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
            text = _show(facts[key])
            found = [span for (s, _, o), at in graph.evidence.items() if o == text and s == iri for span in at]
            spans += found or [span for (_, _, o), at in graph.evidence.items() if o == text for span in at]
        name_keys = ("doc_number", "date") if cls == "ReplyLetter" else ("title_of_proposal", "proposal_number")
        name = next((_show(facts[k]) for k in name_keys if k in keys), cls)
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
        return _show(value.get("name") if isinstance(value, dict) else value or "")

    @property
    def proposers(self) -> str:
        names = [p.get("name", "") if isinstance(p, dict) else p for p in self.facts.get("proposers") or []]
        return "、".join(_show(n) for n in names)


def load_page(out: Path, block: Block, facts_block: Block) -> Page:
    """A letter's page data from the build in ``out``."""
    return make_page(block.key, json.loads(facts_block.read()), parse_graph(block.read()), load_validation(out, block))


def make_page(key: str, facts: dict[str, Any], graph: Graph, validation: Validation) -> Page:
    """A letter's page data from its facts JSON, graph and validation outcome."""
    builder = _Builder(key, facts, graph, validation)
    sections = builder.sections()
    return Page(key, facts, graph.text, sections, builder.others(), validation)


# ---------------------------------------------------------------- HTML

def esc(text: Any) -> str:
    """Text escaped for HTML content and attribute values; U+2028/2029 as character references."""
    return html.escape(str(text), quote=True).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


CSS = """
:root{--bg:#fff;--fg:#1b1b1b;--muted:#666;--line:#ddd}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC",
"Microsoft YaHei",system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:8px 16px;border-bottom:1px solid var(--line);background:#f7f7f7}
header h1{font-size:17px;margin:0 0 2px}
header .meta{color:var(--muted);font-size:13px}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:4px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;flex:none;border:1px solid rgba(0,0,0,.2)}
body.page{display:flex;flex-direction:column;height:100vh;overflow:hidden}
body.page main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr)}
#text{overflow:auto;padding:12px 20px;white-space:pre-wrap;word-break:break-word;border-right:1px solid var(--line);
font-size:16px;line-height:1.9}
#facts{overflow:auto;padding:8px 16px 40px}
.ev{border-bottom:2px solid var(--c,#999);background:var(--b,transparent);cursor:pointer;border-radius:2px}
.ev.sent{border-bottom:2px dotted #777}
.ev.sent.ent{border-bottom:2px solid var(--c)}
.ev.sel{background:#ffe066;border-bottom:3px solid #e8590c}
.ev.hot{outline:1px dashed #333}
h2{font-size:15px;margin:14px 0 4px;border-bottom:1px solid var(--line)}
h2 small{color:var(--muted);font-weight:normal}
ul.fl{list-style:none;margin:0;padding:0}
ul.fl ul.fl{margin-left:18px;border-left:2px solid #eee;padding-left:6px}
.fact{padding:3px 6px;margin:2px 0;border-radius:4px;cursor:pointer;border:1px solid transparent}
.fact:hover,.fact.hot{background:#f1f3f5}
.fact.sel{border-color:#e8590c;background:#fff4e6}
.fact .nm{font-weight:600}
.fact .cl{font-size:12px;color:#fff;background:#555;border-radius:3px;padding:0 4px;margin-left:4px}
.fact .lb,.fact .ir,.fact .xx{font-size:12px;color:var(--muted)}
.fact .ir{font-family:ui-monospace,monospace;word-break:break-all}
.fact .xx b{font-weight:normal;color:#333}
.fact .nosp{font-size:12px;color:#a61e4d}
.fact .cx{font-size:12px;color:#7a4b00;border:1px solid #c98a1b;border-radius:3px;padding:0 4px;margin-left:4px}
.fd{font-size:12px;margin:2px 0 0;padding-left:16px}
.fd li.Violation{color:#c92a2a}.fd li.Warning{color:#b35c00}.fd li.Info{color:#1c7ed6}
.fact.flag-Violation{border-left:4px solid #c92a2a}.fact.flag-Warning{border-left:4px solid #f08c00}
.st-Violation{color:#c92a2a;font-weight:600}.st-ok{color:#2b8a3e;font-weight:600}
#hover{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;font-size:13px;padding:3px 10px;
min-height:1.6em;opacity:.92}
#hover:empty{display:none}
table{border-collapse:collapse;font-size:14px;margin:12px 16px}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f1f3f5;user-select:none}
th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
td.n{text-align:right}
"""

PAGE_JS = """
(function(){
var hover=document.getElementById('hover');
function facts(ids){return ids.split(' ').map(function(i){return document.getElementById(i)}).filter(Boolean)}
function spansOf(id){return document.querySelectorAll('#text .ev[data-f~="'+id+'"]')}
var turn={};
function select(id,scroll){
  document.querySelectorAll('.sel').forEach(function(e){e.classList.remove('sel')});
  var f=document.getElementById(id);if(!f)return;
  f.classList.add('sel');
  var spans=spansOf(id);
  spans.forEach(function(s){s.classList.add('sel')});
  if(spans.length&&scroll!==false){
    var n=(turn[id]||0)%spans.length;turn[id]=n+1;
    spans[n].scrollIntoView({block:'center'});
  }
}
document.getElementById('facts').addEventListener('click',function(e){
  var f=e.target.closest('.fact');if(f){e.stopPropagation();select(f.id)}
});
var text=document.getElementById('text');
text.addEventListener('mouseover',function(e){
  var s=e.target.closest('.ev');
  document.querySelectorAll('.fact.hot').forEach(function(x){x.classList.remove('hot')});
  if(!s){hover.textContent='';return}
  var fs=facts(s.getAttribute('data-f'));
  fs.forEach(function(x){x.classList.add('hot')});
  hover.textContent=s.getAttribute('data-names');
});
text.addEventListener('click',function(e){
  var s=e.target.closest('.ev');if(!s)return;
  var fs=facts(s.getAttribute('data-f'));
  if(fs.length){select(fs[0].id,false);fs[0].scrollIntoView({block:'center'})}
});
if(location.hash.length>1){var h=decodeURIComponent(location.hash.slice(1));select(h);
  var e=document.getElementById(h);if(e)e.scrollIntoView({block:'start'})}
})();
"""

INDEX_JS = """
(function(){
var table=document.getElementById('letters'),body=table.tBodies[0];
table.tHead.addEventListener('click',function(e){
  var th=e.target.closest('th');if(!th)return;
  var col=th.cellIndex,asc=!th.classList.contains('asc');
  table.tHead.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc')});
  th.classList.add(asc?'asc':'desc');
  var num=th.hasAttribute('data-num');
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){
    var x=a.cells[col].getAttribute('data-v'),y=b.cells[col].getAttribute('data-v');
    var c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'zh');
    return asc?c:-c;
  });
  rows.forEach(function(r){body.appendChild(r)});
});
})();
"""


def _legend() -> str:
    parts = [f'<span><i class="sw" style="background:{g.hex}"></i>{esc(g.label_zh)} {esc(g.label_en)}'
             + (" · 数据等 figures, other" if g is FALLBACK else "") + "</span>" for g in GROUPS]
    parts.append('<span><i class="sw" style="background:#fff;border-bottom:2px dotted #777"></i>'
                 "建议与措施（句） suggestions and measures (sentences)</span>")
    parts.append('<span><i class="sw" style="background:#ffe066;border-bottom:3px solid #e8590c"></i>'
                 "选中 selected</span>")
    return '<div class="legend">' + "".join(parts) + "</div>"


def _tint(hex_colour: str, alpha: float) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def render_text(text: str, facts: list[Fact]) -> str:
    """The letter text with a ``span.ev`` per stretch covered by the same facts."""
    spans = [(start, end, fact) for fact in facts for start, end in fact.spans
             if 0 <= start < end <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[tuple[int, int, Fact]]] = defaultdict(list)
    for span in spans:
        starts[span[0]].append(span)
    active: list[tuple[int, int, Fact]] = []
    out = []
    for left, right in pairwise(cuts):
        active = [a for a in active if a[1] > left] + starts.get(left, [])
        piece = esc(text[left:right])
        if not active:
            out.append(piece)
            continue
        covering = sorted(active, key=lambda a: (a[1] - a[0], a[2].id))
        ids = list(dict.fromkeys(a[2].id for a in covering))
        names = list(dict.fromkeys(f"{a[2].name} — {a[2].role} ({a[2].cls or '?'})" for a in covering))
        entities = [a for a in covering if not a[2].sentence]
        classes = ["ev"]
        style = ""
        if any(a[2].sentence for a in covering):
            classes.append("sent")
        if entities:
            fact = entities[0][2]
            classes += ["ent", f"g-{fact.group}"]
            pale = _ink(fact.colour) == "#000"  # a light colour needs more of it to show
            style = f' style="--c:{fact.colour};--b:{_tint(fact.colour, 0.55 if pale else 0.28)}"'
        joined = "; ".join(names)
        out.append(f'<span class="{" ".join(classes)}" data-f="{esc(" ".join(ids))}" '
                   f'data-names="{esc(joined)}" title="{esc(chr(10).join(names))}"{style}>{piece}</span>')
    return "".join(out)


def _fact_html(fact: Fact) -> str:
    flags = {f.severity for f in fact.findings}
    flag = next((f" flag-{s}" for s in ("Violation", "Warning", "Info") if s in flags), "")
    swatch = f'<i class="sw" style="background:{fact.colour if not fact.sentence else "#fff"}"></i> '
    parts = [f'<li class="fact{flag}" id="{esc(fact.id)}" data-fact="{esc(fact.id)}" tabindex="0">',
             swatch, f'<span class="nm">{esc(fact.name)}</span>']
    if fact.corrected:
        parts.append(f'<span class="cx" title="{esc(fact.corrected)}">已校正 corrected</span>')
    if fact.cls:
        parts.append(f'<span class="cl" style="background:{fact.colour if not fact.sentence else "#666"};'
                     f'color:{_ink(fact.colour) if not fact.sentence else "#fff"}">{esc(fact.cls)}</span>')
    labels = []
    if fact.zh:
        labels.append(f"zh: {esc(fact.zh)}")
    if fact.en:
        labels.append(f"en: {esc(fact.en)}")
    if labels:
        parts.append(f'<div class="lb">{" · ".join(labels)}</div>')
    if fact.iri:
        parts.append(f'<div class="ir">{esc(fact.iri)}</div>')
    if fact.extras:
        rows = " · ".join(f"{esc(k)}: <b>{esc(v)}</b>" for k, v in fact.extras)
        parts.append(f'<div class="xx">{rows}</div>')
    if fact.spans:
        parts.append(f'<div class="xx">{len(fact.spans)} span(s): '
                     + ", ".join(f"{s}–{e}" for s, e in fact.spans[:6]) + (" …" if len(fact.spans) > 6 else "")
                     + "</div>")
    elif not fact.children:
        parts.append('<div class="nosp">no evidence span 无证据位置</div>')
    if fact.findings:
        items = "".join(f'<li class="{esc(f.severity)}">{esc(f.severity)}: {esc(f.text())}</li>' for f in fact.findings)
        parts.append(f'<ul class="fd">{items}</ul>')
    if fact.children:
        parts.append('<ul class="fl">' + "".join(_fact_html(c) for c in fact.children) + "</ul>")
    parts.append("</li>")
    return "".join(parts)


def _ink(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#fff"


def _status_html(validation: Validation, short: bool = False) -> str:
    violations, _ = validation.counts
    css = "st-Violation" if violations else ("st-ok" if validation.findings is not None else "")
    return f'<span class="{css}">{esc(validation.status(short))}</span>'


def render_page(page: Page) -> str:
    """A letter's self-contained review page."""
    facts = page.facts
    title = _show(facts.get("title_of_proposal") or page.key)
    meta = " · ".join(esc(x) for x in [
        page.key, _show(facts.get("doc_number") or ""), _show(facts.get("date") or ""), page.agency,
        f"提案人 proposers: {page.proposers}" if page.proposers else "",
    ] if x)
    sections = []
    for key, listed in page.sections:
        zh, en = SECTIONS.get(key, ("", key.replace("_", " ")))
        count = len(listed) if key != "suggestions" else sum(1 for f in listed if not f.name.startswith("("))
        head = f"<h2>{esc(zh)} <small>{esc(en)} · {count}</small></h2>"
        sections.append(head + '<ul class="fl">' + "".join(_fact_html(f) for f in listed) + "</ul>")
    if page.others:
        rows = "".join(f'<li class="{esc(f.severity)}">{esc(f.severity)}: <code>{esc(iri)}</code> {esc(f.path)} — '
                       f"{esc(f.text())}</li>" for iri, f in page.others)
        sections.append(f'<h2>其他校验结果 <small>other validation findings · {len(page.others)}</small></h2>'
                        f'<ul class="fd">{rows}</ul>')
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width\"><title>{esc(title)} — ipgov review</title>"
        f"<style>{CSS}</style></head><body class=\"page\">"
        f'<header><h1>{esc(title)}</h1><div class="meta"><a href="index.html">index</a> · {meta} · '
        f"validation: {_status_html(page.validation)}</div>{_legend()}</header>"
        f'<main><div id="text" lang="zh">{render_text(page.text, page.all_facts())}</div>'
        f'<div id="facts">{"".join(sections)}</div></main><div id="hover"></div>'
        f"<script>{PAGE_JS}</script></body></html>\n"
    )


def page_file(key: str) -> str:
    """The file name of a letter's page (the key is already file-safe: ASCII or percent-encoded)."""
    return f"{key}.html"


@dataclass(frozen=True)
class Row:
    """A letter's line of the index."""

    key: str
    date: str
    agency: str
    proposers: str
    facts: int
    spans: int
    measures: int
    validation: Validation


def index_row(page: Page) -> Row:
    """What the index shows of a page."""
    facts = page.all_facts()
    return Row(page.key, _show(page.facts.get("date") or ""), page.agency, page.proposers, len(facts),
               len({s for f in facts for s in f.spans}), len(page.facts.get("measures") or []), page.validation)


def render_index(rows: list[Row], title: str) -> str:
    """The index page: a sortable table of letters."""
    head = ("<tr><th>letter</th><th>date 日期</th><th>agency 主办单位</th><th>proposers 提案人</th>"
            "<th data-num>facts</th><th data-num>spans</th><th data-num>measures</th>"
            "<th data-num>violations</th><th data-num>warnings</th><th>validation</th></tr>")
    body = []
    for row in rows:
        violations, warnings = row.validation.counts
        known = row.validation.findings is not None
        cells = [
            (row.key, f'<a href="{esc(quote(page_file(row.key)))}">{esc(row.key)}</a>', ""),
            (row.date, esc(row.date), ""),
            (row.agency, esc(row.agency), ""),
            (row.proposers, esc(row.proposers), ""),
            (str(row.facts), str(row.facts), "n"),
            (str(row.spans), str(row.spans), "n"),
            (str(row.measures), str(row.measures), "n"),
            (str(violations if known else -1), str(violations) if known else "", "n"),
            (str(warnings if known else -1), str(warnings) if known else "", "n"),
            (row.validation.status(True), _status_html(row.validation, True), ""),
        ]
        body.append("<tr>" + "".join(f'<td data-v="{esc(v)}" class="{c}">{h}</td>' for v, h, c in cells) + "</tr>")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{esc(title)}</h1><div class="meta">{len(rows)} letter(s); click a column to sort</div></header>'
        f'<table id="letters"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
        f"<script>{INDEX_JS}</script></body></html>\n"
    )


def review(out: Path, target: Path, keys: list[str] | None = None) -> list[Path]:
    """Write a page per letter of the build in ``out`` (only ``keys`` when given) and the
    index into ``target``; returns the paths written.

    :raises InputError: when ``out`` holds no build, or a key is not in it
    """
    from graph_builder.rdf.canonical import atomic_write

    manifest = mf.load(out)
    if manifest is None:
        if not out.is_dir():
            raise InputError(out, f"no such folder; build one with: ipgov build -o {out}")
        raise InputError(out, f"not a build output folder (no readable manifest.json); run: ipgov build -o {out}")
    for stream in ("nq", "facts"):
        if not stream_matches(out, manifest, stream):
            problem = f"missing or not the file manifest.json indexes; run: ipgov build -o {out}"
            raise InputError(out / mf.STREAMS[stream], problem)
    blocks = {b.key: b for b in blocks_of(manifest, out / DATASET)}
    wanted = sorted(blocks) if not keys else list(dict.fromkeys(keys))
    for key in wanted:
        if key not in blocks:
            raise InputError(out, f"no letter {key!r} in this build")
    target.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    for key in wanted:
        entry = manifest.letters[key]
        page = load_page(out, blocks[key], Block(key, out / mf.STREAMS["facts"], *entry.facts))
        path = target / page_file(key)
        atomic_write(path, render_page(page))
        written.append(path)
        rows.append(index_row(page))
    index = target / "index.html"
    atomic_write(index, render_index(rows, f"ipgov review — {out}"))
    written.append(index)
    return written
