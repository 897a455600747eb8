"""A letter's cached validation outcome, keyed by focus node, for its review page."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from graph_builder.corpus.blocks import Block


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
    from graph_builder.corpus.layout import VALIDATION_CACHE
    from graph_builder.validate.folder import shapes_digest

    try:
        data = json.loads((out / VALIDATION_CACHE / f"{block.key}.json").read_text(encoding="utf-8"))
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
