"""The human report as one self-contained HTML page.

A summary first (the verdict; counts by severity, by shape and by letter, each row an anchor:
``#sev-Warning``, ``#shape-LabelShape-prefLabelEn``, ``#letter-KEY``), then the results by
severity and shape, each shape a ``<details>``: a repeated warning's results (``grouping``) as
a folded table, the others as one entry each. A small inline script filters by severity,
shape and letter; without it the page shows everything. Inline CSS, no links out, no
external assets, the same bytes for the same report. Each letter links to its review page
(``ipgov review``, written by default into ``review/`` of the build folder).
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path
from urllib.parse import quote

from graph_builder.validate import display as d
from graph_builder.validate.grouping import Group, group
from graph_builder.validate.report import Report, tally
from graph_builder.validate.report_text import _entry, _severity_rows, _summary
from graph_builder.validate.results import Result

REVIEW_FOLDER = "review"  # where `ipgov review DATA` writes its pages by default (DATA/review)
OPEN_LETTERS = 50  # the table by letter is unfolded up to this many letters
SHOWN = 2000  # results shown of a shape (about 1.5 MB of page); the counts and groups tell them all

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem auto;max-width:78rem;
 padding:0 1rem;color:#1b1b1b;line-height:1.5}
[hidden]{display:none!important}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;
 vertical-align:top}
th{background:#f3f3f3}td.n{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}
.Violation{color:#a40000;font-weight:600}.Warning{color:#8a5a00;font-weight:600}.Info{color:#035;font-weight:600}
.ok{color:#0a6b16;font-weight:600}.bad{color:#a40000;font-weight:600}
nav .cols{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-start}nav h3{font-size:1rem;margin:.8rem 0 0}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.5rem 0;z-index:1}
#filters label{margin-right:1rem}#filters select{max-width:22rem}
details.shape{border:1px solid #ddd;border-left:6px solid #bbb;border-radius:4px;padding:.3rem 1rem;margin:.8rem 0}
details[data-sev=Violation]{border-left-color:#a40000}details[data-sev=Warning]{border-left-color:#d29200}
details[data-sev=Info]{border-left-color:#357}
summary{cursor:pointer}summary h3{display:inline}summary .what{font-weight:normal;color:#333}
table.rows{font-size:.9rem;width:100%}table.rows td{overflow-wrap:anywhere}
article{border-top:1px solid #eee;padding:.5rem 0;margin:.3rem 0}
article h3{font-size:1rem;margin:.2rem 0 .4rem}dl{display:grid;grid-template-columns:9rem 1fr;gap:.15rem .8rem;margin:0}
dt{color:#555}dd{margin:0;overflow-wrap:anywhere}code{font-size:.9em}
blockquote{margin:.3rem 0;padding:.2rem .8rem;background:#f7f7f2;border-left:3px solid #c8c8a0}
.note{color:#555;font-size:.9rem}button{font-size:.8rem}
"""

# Filters: every result (.r) carries data-s (severity), data-h (shape) and data-l (letter).
_SCRIPT = """
(function(){
var form=document.getElementById("filters"),count=document.getElementById("f-count");
var pick={s:document.getElementById("f-sev"),h:document.getElementById("f-shape"),
 l:document.getElementById("f-letter")};
var rows=document.querySelectorAll(".r"),blocks=document.querySelectorAll("details.shape");
var sections=document.querySelectorAll("section.sev");
function apply(){
 var shown=0,narrow=pick.h.value||pick.l.value;
 rows.forEach(function(r){
  var ok=["s","h","l"].every(function(k){return !pick[k].value||r.dataset[k]===pick[k].value;});
  r.hidden=!ok;if(ok){shown++;}
 });
 blocks.forEach(function(b){var any=b.querySelector(".r:not([hidden])");b.hidden=!any;if(any&&narrow){b.open=true;}});
 sections.forEach(function(s){s.hidden=!s.querySelector("details.shape:not([hidden])");});
 count.textContent=shown+" / "+rows.length+" shown 显示";
}
function reveal(){
 var id=decodeURIComponent(location.hash.slice(1)),node=id&&document.getElementById(id);
 for(;node;node=node.parentElement){if(node.tagName==="DETAILS"){node.open=true;}}
}
Object.keys(pick).forEach(function(k){pick[k].addEventListener("change",apply);});
document.getElementById("f-reset").addEventListener("click",function(){
 Object.keys(pick).forEach(function(k){pick[k].value="";});apply();
});
document.querySelectorAll("button[data-k]").forEach(function(b){
 b.hidden=false;
 b.addEventListener("click",function(){pick[b.dataset.k].value=b.dataset.v;apply();form.scrollIntoView();});
});
window.addEventListener("hashchange",reveal);
form.hidden=false;apply();reveal();
})();
"""


def _review_base(report: Report, at: Path | None) -> str | None:
    """The URL of the review pages' folder relative to the page at ``at`` (None: the page is in
    the build folder, as ``ipgov build`` writes it); None when no build folder was validated."""
    if not report.folder:
        return None
    folder = Path(report.folder).absolute()
    here = at.absolute().parent if at is not None else folder
    try:
        return Path(os.path.relpath(folder / REVIEW_FOLDER, here)).as_posix() + "/"
    except ValueError:  # another drive (Windows)
        return (folder / REVIEW_FOLDER).as_uri() + "/"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]+", "-", text).strip("-") or "x"


def _shape_ids(groups: list[Group]) -> dict[tuple[str, str], str]:
    """An anchor per (severity, shape): ``shape-<local name>`` (the severity added when a shape has two)."""
    ids: dict[tuple[str, str], str] = {}
    for g in groups:
        name = "shape-" + _slug(g.shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        ids[(g.severity, g.shape)] = name if name not in ids.values() else f"{name}-{d.severity(g.severity)}"
    return ids


class _Page:
    """What the parts of the page share: the review pages' URL and the result numbers."""

    def __init__(self, report: Report, review: str | None) -> None:
        self.report = report
        self.review = review
        self.number = 0

    def letter_link(self, key: str) -> str:
        """A letter key linked to its review page (a union result has none)."""
        if self.review is None or key == d.letter(""):
            return escape(key)
        from graph_builder.review import page_file

        return f'<a href="{escape(self.review + quote(page_file(key)))}" title="review page 审阅页">{escape(key)}</a>'

    def attrs(self, result: Result) -> str:
        """The next result's id and what the filters read."""
        self.number += 1
        key = d.letter(result.letter)
        return (f'id="r{self.number}" data-s="{d.severity(result.severity)}" '
                f'data-h="{escape(d.curie(result.shape))}" data-l="{escape(key)}"')

    def rows(self, g: Group) -> list[str]:
        """A repeated shape's results as table rows (the path and message once above when all share them)."""
        same_path = len({r.path for r in g.results}) == 1
        same_message = len({r.messages for r in g.results}) == 1
        first = g.results[0]
        shared = [("path 属性", f"<code>{escape(d.term(first.path))}</code>")] if same_path else []
        if same_message:
            message = "<br>".join(escape(d.message(first.messages, lang)) for lang in ("zh", "en"))
            shared.append(("message 说明", message))
        out = ["<dl>" + "".join(f"<dt>{key}</dt><dd>{value}</dd>" for key, value in shared) + "</dl>"] if shared else []
        head = ["#", "letter 答复函", "focus 对象"] + ([] if same_path else ["path 属性"]) + ["value 值"]
        head += ([] if same_message else ["message 说明"]) + ["sentence 原文"]
        out.append('<table class="rows"><tr>' + "".join(f"<th>{h}</th>" for h in head) + "</tr>")
        labels = self.report.labels
        for result in g.results[:SHOWN]:
            attrs = self.attrs(result)
            focus = f"{escape(d.label(labels.get(result.focus, {})))} <code>{escape(d.term(result.focus))}</code>"
            cells = [f'<td class="n">{self.number}</td>', f"<td>{self.letter_link(d.letter(result.letter))}</td>",
                     f"<td>{focus.strip()}</td>"]
            if not same_path:
                cells.append(f"<td><code>{escape(d.term(result.path))}</code></td>")
            value = (f"{escape(d.label(labels.get(result.value, {})))} <code>{escape(d.term(result.value))}</code>"
                     if result.value else "—")
            cells.append(f"<td>{value.strip()}</td>")
            if not same_message:
                cells.append("<td>" + "<br>".join(escape(d.message(result.messages, lang)) for lang in ("zh", "en"))
                             + "</td>")
            sentence = self.report.sentences.get(result.focus) or self.report.sentences.get(result.value) or ""
            cells.append(f"<td>{'「' + escape(sentence) + '」' if sentence else ''}</td>")
            out.append(f'<tr class="r" {attrs}>{"".join(cells)}</tr>')
        out.append("</table>")
        return out

    def articles(self, g: Group) -> list[str]:
        """A shape's results one entry each."""
        out = []
        for result in g.results[:SHOWN]:
            sev = d.severity(result.severity)
            out.append(f'<article class="r" {self.attrs(result)}><h3>{self.number}. <span class="{sev}">{sev}</span>'
                       f" · <code>{escape(d.curie(result.shape))}</code></h3><dl>")
            for key, value in _entry(self.report, result):
                if key.startswith("letter"):
                    out.append(f"<dt>{escape(key)}</dt><dd>{self.letter_link(value)}</dd>")
                elif key.startswith("sentence"):
                    out.append(f"<dt>{escape(key)}</dt><dd><blockquote>{escape(value)}</blockquote></dd>")
                else:
                    out.append(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>")
            out.append("</dl></article>")
        return out


def _filter_button(kind: str, value: str) -> str:
    return f'<button type="button" data-k="{kind}" data-v="{escape(value)}" hidden>filter 筛选</button>'


def _summary_html(report: Report, groups: list[Group], ids: dict[tuple[str, str], str], page: _Page) -> list[str]:
    parts = ['<nav id="summary"><h2>Summary 概要</h2><div class="cols"><div><h3>By severity 按严重程度</h3>',
             "<table><tr><th>severity</th><th>results</th></tr>"]
    parts += [f'<tr id="count-{name}"><td><a class="{name}" href="#sev-{name}">{name} {d.SEVERITY_ZH.get(name, "")}'
              f'</a></td><td class="n">{count}</td></tr>' for name, count in _severity_rows(report)]
    parts += ["</table></div><div><h3>By shape 按约束</h3>",
              "<table><tr><th>severity</th><th>shape</th><th>results</th><th>letters</th><th></th></tr>"]
    for g in groups:
        sev, shape = d.severity(g.severity), d.curie(g.shape)
        parts.append(f'<tr><td class="{sev}">{sev}</td><td><a href="#{ids[(g.severity, g.shape)]}"><code>'
                     f'{escape(shape)}</code></a></td><td class="n">{len(g.results)}</td>'
                     f'<td class="n">{len(g.letters)}</td><td>{_filter_button("h", shape)}</td></tr>')
    parts.append("</table></div></div>")
    by_letter: dict[str, dict[str, int]] = {}
    for result in report.results:
        counts = by_letter.setdefault(d.letter(result.letter), {"Violation": 0, "Warning": 0, "Info": 0})
        counts[d.severity(result.severity)] = counts.get(d.severity(result.severity), 0) + 1
    with_results = sum(1 for key in by_letter if key != d.letter(""))
    parts.append(f'<details id="letters"{" open" if len(by_letter) <= OPEN_LETTERS else ""}><summary><h3>By letter '
                 f"按答复函</h3> {with_results} with results, {len(report.letters) - with_results} without</summary>")
    if page.review is not None:
        parts.append(f'<p class="note">Each letter links to its review page, in <code>{escape(page.review)}</code> '
                     "(<code>ipgov review</code> writes them).</p>")
    parts += ["<table><tr><th>letter 答复函</th><th>violations</th><th>warnings</th><th>infos</th><th></th></tr>"]
    for key, counts in sorted(by_letter.items()):
        parts.append(f'<tr id="letter-{escape(key)}"><td>{page.letter_link(key)}</td>'
                     + "".join(f'<td class="n">{counts[s]}</td>' for s in ("Violation", "Warning", "Info"))
                     + f"<td>{_filter_button('l', key)}</td></tr>")
    parts.append("</table></details></nav>")
    return parts


def _filters(report: Report, groups: list[Group]) -> str:
    def select(ident: str, label: str, values: list[str]) -> str:
        options = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
        return f'<label>{label} <select id="{ident}"><option value="">all 全部</option>{options}</select></label>'

    severities = [name for name, _ in _severity_rows(report)]
    letters = sorted({d.letter(r.letter) for r in report.results})
    return (f'<form id="filters" hidden>{select("f-sev", "severity 严重程度", severities)}'
            f'{select("f-shape", "shape 约束", sorted({d.curie(g.shape) for g in groups}))}'
            f'{select("f-letter", "letter 答复函", letters)}'
            '<button type="button" id="f-reset">show all 全部显示</button> <span id="f-count"></span></form>')


def render_html(report: Report, at: Path | None = None) -> str:
    """The report as a standalone HTML document.

    :param at: where the page will be written, for the links to the review pages (relative);
        None: in the validated build folder itself, as ``ipgov build`` writes it
    """
    summary = _summary(report)
    groups = group(report.results, report.labels, report.classes)
    ids = _shape_ids(groups)
    page = _Page(report, _review_base(report, at))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ipgov validation report 校验报告</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>ipgov validation report 校验报告</h1>",
        f'<p>{escape(summary[0])}<br><span class="{"ok" if report.conforms else "bad"}">{escape(summary[1])}'
        "</span></p>",
        *_summary_html(report, groups, ids, page),
        _filters(report, groups),
    ]
    for severity in dict.fromkeys(g.severity for g in groups):
        sev = d.severity(severity)
        members = [g for g in groups if g.severity == severity]
        total = sum(len(g.results) for g in members)
        parts.append(f'<section class="sev" id="sev-{sev}"><h2 class="{sev}">{sev} {d.SEVERITY_ZH.get(sev, "")} '
                     f"({total})</h2>")
        for g in members:
            folded = g.repeated and sev != "Violation"
            parts.append(
                f'<details class="shape" data-sev="{sev}" id="{ids[(g.severity, g.shape)]}"{"" if folded else " open"}>'
                f'<summary><span class="{sev}">{sev} ×{len(g.results)}</span> <code>{escape(d.curie(g.shape))}</code>'
                f' <span class="what">— {escape(g.what())} — {escape(g.scope())}</span></summary>'
            )
            parts += page.rows(g) if folded else page.articles(g)
            if len(g.results) > SHOWN:
                parts.append(f'<p class="note">The first {SHOWN:,} of {len(g.results):,} results, in letter order; '
                             "every one is in <code>ipgov validate --format json</code> (or <code>ttl</code>), and a "
                             "letter's own on its review page.</p>")
            parts.append("</details>")
        parts.append("</section>")
    if not groups:
        parts.append(f"<p>No results 无结果 ({escape(tally(report))}).</p>")
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"
