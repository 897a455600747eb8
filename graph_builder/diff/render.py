"""A comparison as text, Markdown or JSON."""

from __future__ import annotations

import json
from typing import Any

from graph_builder.diff.compare import Report
from graph_builder.namespaces import IPGOV_ID


def _short(iri: str) -> str:
    return iri.removeprefix(str(IPGOV_ID))


def _group_lines(groups: dict[str, list[dict[str, Any]]], bullet: str, code: str, esc: Any = str) -> list[str]:
    lines = []

    def one(thing: dict[str, str]) -> str:
        label = f" {esc(thing['label'])}" if thing["label"] else ""
        return f"{code}{_short(thing['iri'])}{code}{label}"

    for group in groups["merged"]:
        sources = " + ".join(one(t) for t in group["from"])
        lines.append(f"{bullet}merged: {sources} → {one(group['into'])} (names: {esc('、'.join(group['names']))}; "
                     f"{len(group['letters'])} letter(s))")
    for group in groups["split"]:
        targets = " + ".join(one(t) for t in group["into"])
        lines.append(f"{bullet}split: {one(group['from'])} → {targets} (names: {esc('、'.join(group['names']))}; "
                     f"{len(group['letters'])} letter(s))")
    for group in groups["moved"]:
        lines.append(f"{bullet}IRI changed: {one(group['from'])} → {one(group['into'])} "
                     f"(names: {esc('、'.join(group['names']))}; {len(group['letters'])} letter(s))")
    return lines


def _summary_line(report: Report) -> str:
    s = report.summary()
    return (f"{s['added']} letter(s) added, {s['removed']} removed, {s['changed']} changed "
            f"({s['facts_added']} fact(s) added, {s['facts_removed']} removed, {s['iri_changed']} IRI(s) changed), "
            f"{s['unchanged'] + s['same_facts']} unchanged; entities: {s['merged']} merged, {s['split']} split, "
            f"{s['moved']} moved")


def render_text(report: Report) -> str:
    """Like ``diff``: ``+``/``-`` lines per letter, then entity IRI changes and a summary."""
    lines = [f"--- {report.old.out} ({report.old.manifest.tool}, {len(report.old.manifest.letters)} letters)",
             f"+++ {report.new.out} ({report.new.manifest.tool}, {len(report.new.manifest.letters)} letters)"]
    lines += [f"+ letter {key}" for key in report.added]
    lines += [f"- letter {key}" for key in report.removed]
    for letter in report.changed:
        lines.append(f"~ letter {letter.key}")
        lines += [f"  - {fact.text()}" for fact in letter.removed]
        lines += [f"  + {fact.text()}" for fact in letter.added]
        lines += [f"  ~ {fact.text()}: IRI {_short(old)} → {_short(fact.iri)}" for fact, old in letter.moved]
    lines += _group_lines(report.groups(), "entities ", "")
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown list item (no markup, no line break)."""
    out = " ".join(text.split())
    for char in "\\`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out


def render_markdown(report: Report) -> str:
    """A Markdown report: a section per kind of change."""
    lines = ["# Build diff", "",
             f"- old: `{report.old.out}` ({_md(report.old.manifest.tool)}, {len(report.old.manifest.letters)} letters)",
             f"- new: `{report.new.out}` ({_md(report.new.manifest.tool)}, {len(report.new.manifest.letters)} letters)",
             f"- {_summary_line(report)}", ""]
    if report.added:
        lines += ["## Letters added", "", *[f"- `{key}`" for key in report.added], ""]
    if report.removed:
        lines += ["## Letters removed", "", *[f"- `{key}`" for key in report.removed], ""]
    if report.changed:
        lines += ["## Letters changed", ""]
        for letter in report.changed:
            lines += [f"### `{letter.key}`", ""]
            lines += [f"- removed: {_md(fact.text())}" for fact in letter.removed]
            lines += [f"- added: {_md(fact.text())}" for fact in letter.added]
            lines += [f"- IRI changed: {_md(fact.text())}: `{_short(old)}` → `{_short(fact.iri)}`"
                      for fact, old in letter.moved]
            lines.append("")
    entity_lines = _group_lines(report.groups(), "- ", "`", _md)
    if entity_lines:
        lines += ["## Entities whose IRI changed", "", *entity_lines, ""]
    return "\n".join(lines)


def render_json(report: Report) -> str:
    """The report as JSON."""
    return json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n"
