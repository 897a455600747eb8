"""What a corpus build did (``build.build_corpus``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class BuildSummary:
    """What a corpus build did."""

    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: problem" lines
    classes: Counter[str] = field(default_factory=Counter)
    quads: int = 0  # quads of every letter in the output, built or kept
    seconds: dict[str, float] = field(default_factory=dict)  # "letters", "merge", "store"
    store: Any = None  # what was done to DIR/store/ (``persistent.StoreReport``), None without a store
    stale: list[str] = field(default_factory=list)  # "file:line: stale: …": corrections entries that changed nothing

