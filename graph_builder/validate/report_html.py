"""The human report as one self-contained HTML page (inline CSS, no scripts, no links out)."""

from __future__ import annotations

from html import escape

from graph_builder.validate import display as d
from graph_builder.validate.report_text import _entry, _grouped, _severity_rows, _shape_rows, _summary
from graph_builder.validate.run import Report

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem auto;max-width:72rem;
 padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.Violation{color:#a40000;font-weight:600}.Warning{color:#8a5a00;font-weight:600}.Info{color:#035;font-weight:600}
.ok{color:#0a6b16;font-weight:600}.bad{color:#a40000;font-weight:600}
article{border:1px solid #ddd;border-left:6px solid #bbb;border-radius:4px;padding:.5rem 1rem;margin:.8rem 0}
article.Violation{border-left-color:#a40000}article.Warning{border-left-color:#d29200}article.Info{border-left-color:#357}
article h3{font-size:1rem;margin:.2rem 0 .4rem}dl{display:grid;grid-template-columns:9rem 1fr;gap:.15rem .8rem;margin:0}
dt{color:#555}dd{margin:0;overflow-wrap:anywhere}code{font-size:.9em}
blockquote{margin:.3rem 0;padding:.2rem .8rem;background:#f7f7f2;border-left:3px solid #c8c8a0}
"""


def render_html(report: Report) -> str:
    """The report as a standalone HTML document."""
    summary = _summary(report)
    verdict_class = "ok" if report.conforms else "bad"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>ipgov validation report 校验报告</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>ipgov validation report 校验报告</h1>",
        f"<p>{escape(summary[0])}<br><span class=\"{verdict_class}\">{escape(summary[1])}</span></p>",
        "<h2>By severity 按严重程度</h2><table><tr><th>severity</th><th>results</th></tr>",
    ]
    parts += [
        f'<tr><td class="{name}">{name} {d.SEVERITY_ZH.get(name, "")}</td><td class="n">{count}</td></tr>'
        for name, count in _severity_rows(report)
    ]
    parts += ["</table>", "<h2>By shape 按约束</h2><table><tr><th>severity</th><th>shape</th><th>results</th></tr>"]
    parts += [
        f'<tr><td class="{sev}">{sev}</td><td><code>{escape(shape)}</code></td><td class="n">{count}</td></tr>'
        for sev, shape, count in _shape_rows(report)
    ]
    parts.append("</table>")
    groups, listed = _grouped(report)
    if groups:
        parts.append("<h2>Grouped 归并 (one line per class 每类一行)</h2><ul>")
        parts += [f'<li class="{d.severity(g.severity)}">{escape(g.line())}</li>' for g in groups]
        parts.append("</ul>")
    parts.append(f"<h2>Results 结果 ({len(listed)})</h2>")
    for number, result in enumerate(listed, 1):
        sev = d.severity(result.severity)
        parts.append(f'<article class="{sev}"><h3>{number}. <span class="{sev}">{sev}</span> · '
                     f"<code>{escape(d.curie(result.shape))}</code></h3><dl>")
        for key, value in _entry(report, result):
            if key.startswith("sentence"):
                parts.append(f"<dt>{escape(key)}</dt><dd><blockquote>{escape(value)}</blockquote></dd>")
            else:
                parts.append(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>")
        parts.append("</dl></article>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
