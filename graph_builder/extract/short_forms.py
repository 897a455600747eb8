"""A body named in full once and later by its bare-prefixed short form, in one letter.

A letter writes 海南省知识产权局 in its opening and 省知识产权局 after it. Where the letter's own
place does not settle whose 省知识产权局 that is (a customs office's letter, a court's), the short
form would stay a thing local to the letter, beside the full name. The letter itself settles it:
a division's name at the prefix's level (海南省) followed by the same words is the body the short
form means, when exactly one such full name is written in the letter.
"""

from __future__ import annotations

from graph_builder.extract.divisions import Divisions
from graph_builder.extract.registry import recanonical
from graph_builder.model import LetterFacts

_LEVELS = ("自治区", "省", "市", "区", "县")


def resolve_short_forms(facts: LetterFacts, divisions: Divisions) -> None:
    """Merge each local bare-prefixed body into the one body of the letter whose full name (or second
    name, 福建省市场监督管理局（福建省知识产权局）) it abbreviates."""
    full = [e for e in facts.entities.values() if e.kind == "org" and not e.local]
    for entity in [e for e in facts.entities.values() if e.kind == "org" and e.local]:
        level = next((lv for lv in _LEVELS if entity.canonical.startswith(lv)), None)
        if level is None or len(entity.canonical) <= len(level) + 1:
            continue
        short = entity.canonical
        matches = [
            other
            for other in full
            if any(
                form.endswith(short) and _division_at_level(form[: len(form) - len(short)] + level, divisions)
                for form in {other.canonical, other.name, *other.aliases}  # 福建省知识产权局: a second name
            )
        ]
        if len(matches) == 1 and matches[0].ref in facts.entities:
            recanonical(facts, entity, matches[0].canonical)


def _division_at_level(name: str, divisions: Divisions) -> bool:
    """海南省, 贵阳市: the whole name is a division's (and ends with the prefix's level)."""
    return len(name) >= 3 and bool(divisions.named(name))


__all__ = ["resolve_short_forms"]
