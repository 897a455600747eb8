"""Review pages and the index as HTML (every text escaped)."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import quote

from graph_builder.export.palette import FALLBACK, GROUPS
from graph_builder.review.assets import CSS, INDEX_JS, PAGE_JS
from graph_builder.review.facts import SECTIONS, Fact, Page, show
from graph_builder.review.validation import Validation


def esc(text: Any) -> str:
    """Text escaped for HTML content and attribute values; U+2028/2029 as character references."""
    return html.escape(str(text), quote=True).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")


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
    title = show(facts.get("title_of_proposal") or page.key)
    meta = " · ".join(esc(x) for x in [
        page.key, show(facts.get("doc_number") or ""), show(facts.get("date") or ""), page.agency,
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
    return Row(page.key, show(page.facts.get("date") or ""), page.agency, page.proposers, len(facts),
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
