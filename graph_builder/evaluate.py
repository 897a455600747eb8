"""``ipgov eval``: score extracted facts against gold annotations (eval/FORMAT.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_builder.errors import InputError

LIST_KEYS = (
    "proposers",
    "co_handlers",
    "suggestions",
    "persons",
    "organizations",
    "policies",
    "platforms",
    "cases",
    "places",
    "events",
    "figures",
)
SINGLE_KEYS = ("genre", "doc_number", "proposal_number", "session", "responding_agency", "date", "title_of_proposal")
_DROP = re.compile(r"[\s《》〈〉“”‘’\"']")


def norm_text(value: object) -> str:
    """Text as compared: NFKC, no white space, no quote marks.

    >>> norm_text("《民事诉讼法》 ")
    '民事诉讼法'
    """
    if value is None:
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", str(value)))


def _digits(value: object) -> str:
    found = re.search(r"\d+", str(value or ""))
    return found.group(0) if found else ""


def _key(item: Any, list_key: str) -> tuple[str, ...]:
    if list_key == "cases":
        defendant = item.get("defendant")
        defendants = defendant if isinstance(defendant, list) else [defendant]
        return (norm_text(item.get("plaintiff")), "、".join(sorted(norm_text(d) for d in defendants if d)))
    if list_key == "figures":
        return (norm_text(item.get("value")), norm_text(item.get("unit")))
    if isinstance(item, dict):
        return (norm_text(item.get("name")),)
    return (norm_text(item),)


def _same(a: tuple[str, ...], b: tuple[str, ...], lenient: bool) -> bool:
    if a == b:
        return True
    if not lenient or len(a) != len(b):
        return False
    return all(x == y or (x and y and (x in y or y in x)) for x, y in zip(a, b, strict=True))


@dataclass
class Tally:
    """True positives, predicted and gold counts for one list key."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        """Accumulate another tally."""
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        """Matched / predicted (1.0 when nothing was predicted)."""
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Matched / gold (1.0 when gold is empty)."""
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def match_list(predicted: Iterable[Any], gold: Iterable[Any], list_key: str, lenient: bool) -> Tally:
    """One-to-one matching: exact matches first, then (lenient) containment."""
    tp, spurious, missed = _match(predicted, gold, list_key, lenient)
    return Tally(tp, tp + len(spurious), tp + len(missed))


def unmatched_items(
    predicted: Iterable[Any], gold: Iterable[Any], list_key: str, lenient: bool
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The predicted items no gold item matched (spurious) and the gold items left unmatched (missed)."""
    _, spurious, missed = _match(predicted, gold, list_key, lenient)
    return spurious, missed


def _match(
    predicted: Iterable[Any], gold: Iterable[Any], list_key: str, lenient: bool
) -> tuple[int, list[tuple[str, ...]], list[tuple[str, ...]]]:
    pred_keys = list(dict.fromkeys(_key(p, list_key) for p in predicted))
    gold_keys = list(dict.fromkeys(_key(g, list_key) for g in gold))
    unmatched = list(gold_keys)
    tp = 0
    for exact_pass in (True, False) if lenient else (True,):
        for p in list(pred_keys):
            for g in unmatched:
                if (p == g) if exact_pass else _same(p, g, True):
                    unmatched.remove(g)
                    pred_keys.remove(p)
                    tp += 1
                    break
    return tp, pred_keys, unmatched


@dataclass
class LetterScore:
    """Scores of one letter: single fields right or wrong, list tallies per mode."""

    letter: str
    single: dict[str, bool] = field(default_factory=dict)
    strict: dict[str, Tally] = field(default_factory=dict)
    lenient: dict[str, Tally] = field(default_factory=dict)


def score_letter(predicted: dict[str, Any], gold: dict[str, Any]) -> LetterScore:
    """Score one letter's extracted facts against its gold annotation."""
    score = LetterScore(str(gold.get("id")))
    for key in SINGLE_KEYS:
        if key not in gold:
            continue
        if key == "proposal_number":
            score.single[key] = _digits(predicted.get(key)) == _digits(gold.get(key))
        else:
            score.single[key] = norm_text(predicted.get(key)) == norm_text(gold.get(key))
    for key in LIST_KEYS:
        if key not in gold or gold[key] is None:
            continue
        score.strict[key] = match_list(predicted.get(key) or [], gold[key], key, lenient=False)
        score.lenient[key] = match_list(predicted.get(key) or [], gold[key], key, lenient=True)
    return score


def letter_errors(predicted: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    """What a letter's extraction got wrong, a line each: single fields, then spurious (+) and missed (-) items.

    Lenient matching, as the headline figures use.
    """
    lines: list[str] = []
    for key in SINGLE_KEYS:
        if key not in gold:
            continue
        got, want = predicted.get(key), gold.get(key)
        same = _digits(got) == _digits(want) if key == "proposal_number" else norm_text(got) == norm_text(want)
        if not same:
            lines.append(f"  {key}: got {got!r}, gold {want!r}")
    for key in LIST_KEYS:
        if key not in gold or gold[key] is None:
            continue
        spurious, missed = unmatched_items(predicted.get(key) or [], gold[key], key, lenient=True)
        lines.extend(f"  {key} + {' / '.join(item)}" for item in spurious)
        lines.extend(f"  {key} - {' / '.join(item)}" for item in missed)
    return lines


def micro(scores: list[LetterScore], mode: str) -> tuple[Tally, dict[str, Tally]]:
    """Micro-averaged tally over all list keys, and per key."""
    total, per_key = Tally(), {key: Tally() for key in LIST_KEYS}
    for score in scores:
        for key, tally in getattr(score, mode).items():
            total.add(tally)
            per_key[key].add(tally)
    return total, per_key


def load_gold(path: Path) -> dict[str, Any]:
    """Read a gold YAML (or JSON) file.

    :raises InputError: unreadable or not a mapping with an ``id``
    """
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError(path, f"cannot read gold: {str(error).splitlines()[0]}") from error
    if not isinstance(data, dict) or "id" not in data:
        raise InputError(path, "gold file has no 'id' key")
    return data
