"""Checking entries against the letters: where each entry's text is, which letters it names,
which letters to rebuild; stale entries reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph_builder.corrections.entry import Entry
from graph_builder.model import Span
from graph_builder.text.normalize import normalize_text

if TYPE_CHECKING:
    from graph_builder.corpus.manifest import Manifest


def occurrences(letter_text: str, norm: str, needle: str) -> list[Span]:
    """Where ``needle`` is in the letter: in its text as written, else in its normalised copy."""
    found = _find_all(letter_text, needle)
    return found or _find_all(norm, normalize_text(needle))


def _find_all(haystack: str, needle: str) -> list[Span]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(Span(start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return found


def locate(entry: Entry, letter_text: str, norm: str) -> Span | str:
    """The span the entry is about, or why there is none."""
    spans = occurrences(letter_text, norm, entry.text)
    if not spans:
        return f"text {entry.text!r} is not in the letter"
    if entry.occurrence is not None:
        if entry.occurrence > len(spans):
            return f"text {entry.text!r} occurs {len(spans)} time(s) in the letter, not {entry.occurrence}"
        return spans[entry.occurrence - 1]
    if len(spans) > 1:
        return f"text {entry.text!r} occurs {len(spans)} times in the letter; add occurrence: N (1–{len(spans)})"
    return spans[0]


@dataclass
class Plan:
    """The entries of a build by letter, the problems that refuse it and lines about the others."""

    by_letter: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "file:line: problem": exit 2
    notes: list[str] = field(default_factory=list)  # "file:line: stale: …" of entries naming no letter built


def plan(entries: Sequence[Entry], letters: Mapping[str, Path], previous: Manifest | None = None) -> Plan:
    """Check each entry's text in each letter it names and group the entries by letter.

    Text not found (or found more than once without ``occurrence``) refuses the entry, unless
    the letter's last build applied it: then the letter changed under it and it is stale (the
    build goes on; the letter's build reports it).

    :param letters: the build's letters, key → file
    :param previous: the output folder's manifest, if any
    """
    from graph_builder.errors import InputError
    from graph_builder.text.decode import read_letter_file

    result = Plan()
    texts: dict[str, tuple[str, str] | None] = {}
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        for key in entry.letters:
            if key not in letters:
                result.notes.append(f"{entry.where}: stale: no letter {key} in this build")
                continue
            if key not in texts:  # read and decoded only: checking needs no parse
                try:
                    text = read_letter_file(letters[key])[1]
                    texts[key] = (text, normalize_text(text))
                except InputError:
                    texts[key] = None  # the letter's build reports it
            known = texts[key]
            found = locate(entry, *known) if known is not None else None
            if isinstance(found, str):
                old = previous.letters.get(key) if previous is not None else None
                if old is None or entry.digest(key) not in old.corrections:
                    result.problems.append(f"{entry.where}: {found} ({key})")
                    continue
            grouped.setdefault(key, []).append(entry)
    result.by_letter = {key: tuple(found) for key, found in grouped.items()}
    return result


def stale_lines(entries: Sequence[Entry], stale: Mapping[str, Iterable[tuple[str, str]]]) -> list[str]:
    """``file:line: stale: reason`` for the (letter key → (digest, reason)) pairs of a build."""
    where = {(key, entry.digest(key)): entry for entry in entries for key in entry.letters}
    lines = []
    for key in sorted(stale):
        for digest, reason in stale[key]:
            entry = where.get((key, digest))
            if entry is not None:
                lines.append(f"{entry.where}: stale: {reason} ({key})")
    return lines
