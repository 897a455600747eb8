"""The human report as plain text or Markdown: counts first, a line per repeated shape, then one entry per result."""

from __future__ import annotations

from collections import Counter

from graph_builder.safe_text import markdown_text, printable
from graph_builder.validate import display as d
from graph_builder.validate.grouping import GROUP_AT, Group, split
from graph_builder.validate.report import Report, tally
from graph_builder.validate.results import SEVERITY_ORDER, Result, shape_counts


def _summary(report: Report) -> list[str]:
    verdict = "yes 符合" if report.conforms else "no 不符合"
    return [
        f"letters {len(report.letters)} · triples {report.triples} · scope {report.scope}",
        f"conforms: {verdict} ({tally(report)})",
    ]


def _severity_rows(report: Report) -> list[tuple[str, int]]:
    counts = Counter(r.severity for r in report.results)
    return [(d.severity(s), counts[s]) for s in sorted(counts, key=lambda s: SEVERITY_ORDER.get(s, 9))]


def _shape_rows(report: Report) -> list[tuple[str, str, int]]:
    counts = shape_counts(report.results)
    keys = sorted(counts, key=lambda k: (SEVERITY_ORDER.get(k[1], 9), -counts[k], k[0]))
    return [(d.severity(sev), d.curie(shape), counts[(shape, sev)]) for shape, sev in keys]


def _grouped(report: Report) -> tuple[list[Group], list[Result]]:
    """The shapes given as one line each (grouping.py), and the results given one by one:
    those of the other shapes, and every violation (each is to be fixed)."""
    groups, _ = split(report.results, report.labels, report.classes)
    grouped = {(g.severity, g.shape) for g in groups}
    return groups, [r for r in report.results if r.is_violation or (r.severity, r.shape) not in grouped]


GROUPED_HEAD = f"Grouped 归并 (one line per shape with {GROUP_AT}+ results 每约束一行; violations also listed below)"


def _entry(report: Report, result: Result) -> list[tuple[str, str]]:
    focus_label = d.label(report.labels.get(result.focus, {}))
    value_label = d.label(report.labels.get(result.value, {}))
    rows = [
        ("letter 答复函", d.letter(result.letter)),
        ("focus 对象", f"{focus_label} {d.term(result.focus)}".strip()),
        ("path 属性", d.term(result.path)),
        ("value 值", f"{value_label} {d.term(result.value)}".strip() if result.value else "—"),
        ("message 说明", d.message(result.messages, "zh")),
        ("", d.message(result.messages, "en")),
    ]
    sentence = report.sentences.get(result.focus) or report.sentences.get(result.value)
    if sentence:
        rows.append(("sentence 原文", f"「{sentence}」"))
    return rows


def render_text(report: Report) -> str:
    """The report as plain text."""
    lines = ["ipgov validation report 校验报告", *_summary(report), "", "By severity 按严重程度"]
    lines += [f"  {name:<10} {count:>6}" for name, count in _severity_rows(report)] or ["  (no results)"]
    lines += ["", "By shape 按约束"]
    lines += [f"  {sev:<10} {count:>6}  {shape}" for sev, shape, count in _shape_rows(report)] or ["  (no results)"]
    groups, listed = _grouped(report)
    if groups:
        lines += ["", GROUPED_HEAD]
        lines += [f"  {printable(group.line())}" for group in groups]
    for number, result in enumerate(listed, 1):
        lines += ["", f"[{number}] {d.severity(result.severity)} · {d.curie(result.shape)}"]
        lines += [f"    {key:<14} {printable(value)}" for key, value in _entry(report, result)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Letter text as literal Markdown: markup escaped (no raw HTML), controls escaped, one line."""
    return markdown_text(text)


def render_markdown(report: Report) -> str:
    """The report as Markdown (tables for the counts, a list per result)."""
    lines = ["# ipgov validation report 校验报告", "", *[f"- {s}" for s in _summary(report)], ""]
    lines += ["## By severity 按严重程度", "", "| severity | results |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in _severity_rows(report)]
    lines += ["", "## By shape 按约束", "", "| severity | shape | results |", "| --- | --- | ---: |"]
    lines += [f"| {sev} | `{shape}` | {count} |" for sev, shape, count in _shape_rows(report)]
    groups, listed = _grouped(report)
    if groups:
        lines += ["", f"## {GROUPED_HEAD}", ""]
        lines += [f"- {_md(group.line())}" for group in groups]
    lines += ["", "## Results 结果"]
    for number, result in enumerate(listed, 1):
        lines += ["", f"### {number}. {d.severity(result.severity)} · `{d.curie(result.shape)}`", ""]
        lines += [f"- **{key or 'message'}**: {_md(value)}" for key, value in _entry(report, result)]
    return "\n".join(lines) + "\n"
