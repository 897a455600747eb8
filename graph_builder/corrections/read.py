"""Reading corrections files: each entry checked, every problem as ``file:line: problem``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graph_builder.corrections.entry import (
    ACTIONS,
    CLASS_KIND,
    FILE_NAME,
    KINDS,
    PREDICATES,
    ROLES,
    CorrectionsError,
    Entry,
)
from graph_builder.text.normalize import normalize_text

_DROPS = ("role", "entity", "relation")
_CHANGES = ("role", "class")
_KEYS = frozenset({"letter", "letters", "text", "occurrence", "kind", "id", "note", "role", "from", "to", "class",
                   "canonical", "name_en", "predicate", *ACTIONS})


def files_for(paths: Iterable[str | Path], extra: Iterable[str | Path] = ()) -> list[Path]:
    """The corrections files of a build: ``corrections.yaml`` of each folder given, then ``extra``."""
    found = [Path(p) / FILE_NAME for p in paths if Path(p).is_dir() and (Path(p) / FILE_NAME).is_file()]
    return found + [Path(p) for p in extra]


def load(paths: Iterable[str | Path]) -> list[Entry]:
    """Every entry of the files, in order.

    :raises CorrectionsError: a file that cannot be read, is not YAML, or holds a bad entry
    """
    entries: list[Entry] = []
    problems: list[str] = []
    labels: dict[str, str] = {}
    for path in paths:
        found, bad = parse(path)
        for entry in found:
            if entry.label in labels:
                bad.append(f"{entry.where}: entry {entry.label} is also at {labels[entry.label]}; give it another id")
            labels.setdefault(entry.label, entry.where)
        entries += found
        problems += bad
    if problems:
        raise CorrectionsError(problems)
    return entries


def parse(path: str | Path, text: str | None = None) -> tuple[list[Entry], list[str]]:
    """The entries of one corrections file and its problems (``file:line: problem``)."""
    import yaml

    source = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
            return [], [f"{source}: cannot read ({reason or error})"]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        return [], [f"{source}:{line}: not valid YAML ({error.problem or error.context})"]
    except yaml.YAMLError as error:
        return [], [f"{source}: not valid YAML ({error})"]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        return [], [f"{source}:{root.start_mark.line + 1}: expected a list of entries (- letter: …)"]
    entries, problems = [], []
    for number, node in enumerate(root.value, start=1):
        try:
            entries.append(_entry(source, number, node))
        except _EntryError as bad:
            problems.append(f"{source}:{bad.line}: {bad.problem}")
    return entries, problems


class _EntryError(Exception):
    def __init__(self, line: int, problem: str) -> None:
        self.line, self.problem = line, problem
        super().__init__(problem)


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _scalar(node: Any, name: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise _EntryError(_line(node), f"{name}: expected a single value")
    return str(node.value)


def _mapping(node: Any, what: str) -> dict[str, tuple[Any, Any]]:
    """A mapping node's items: key → (key node, value node); duplicate keys refused."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise _EntryError(_line(node), f"{what}: expected key: value pairs")
    items: dict[str, tuple[Any, Any]] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, "key")
        if key in items:
            raise _EntryError(_line(key_node), f"{key}: given twice")
        items[key] = (key_node, value_node)
    return items


def _choice(items: dict[str, tuple[Any, Any]], name: str, choices: Sequence[str]) -> str | None:
    if name not in items:
        return None
    value = _scalar(items[name][1], name)
    if value not in choices:
        raise _EntryError(_line(items[name][1]), f"bad {name} {value!r} (one of: {', '.join(choices)})")
    return value


def _text(items: dict[str, tuple[Any, Any]], name: str) -> str | None:
    if name not in items:
        return None
    value = _scalar(items[name][1], name).strip()
    if not value:
        raise _EntryError(_line(items[name][1]), f"{name}: empty")
    return value


def _entry(source: str, number: int, node: Any) -> Entry:
    import yaml

    from graph_builder.iri import letter_key_of

    items = _mapping(node, "entry")
    line = _line(node)
    unknown = sorted(set(items) - _KEYS)
    if unknown:
        raise _EntryError(_line(items[unknown[0]][0]), f"unknown key {unknown[0]!r} (see docs/corrections.md)")
    actions = [a for a in ACTIONS if a in items]
    if len(actions) != 1:
        found = ", ".join(actions) if actions else "none"
        raise _EntryError(line, f"an entry takes exactly one of {', '.join(ACTIONS)} (found: {found})")
    action = actions[0]
    text = _text(items, "text")
    if text is None:
        raise _EntryError(line, "no text: name the words of the letter the entry is about")
    occurrence = None
    if "occurrence" in items:
        raw = _scalar(items["occurrence"][1], "occurrence")
        if not raw.isdigit() or int(raw) < 1:
            raise _EntryError(_line(items["occurrence"][1]), f"occurrence: expected a number from 1, not {raw!r}")
        occurrence = int(raw)
    ref = _text(items, "id") or str(number)
    values: dict[str, Any] = {"kind": _choice(items, "kind", KINDS)}
    targets: tuple[tuple[str, str], ...] = ()

    if action == "split":
        split_items = _mapping(items["split"][1], "split (letter key: its canonical name)")
        if len(split_items) < 1:
            raise _EntryError(_line(items["split"][1]), "split: name the letters and the canonical of each")
        targets = tuple((letter_key_of(k), _nonempty(v, k)) for k, (_, v) in split_items.items())
        letters = tuple(k for k, _ in targets)
        if "letter" in items or "letters" in items:
            raise _EntryError(line, "split: the letters are the keys under split, not letter/letters")
    else:
        letters = _letters(items, line)
    if action == "drop":
        what = _choice(items, "drop", _DROPS)
        if what == "role":
            values["role"] = _choice(items, "role", ROLES)
            if values["role"] is None:
                raise _EntryError(line, f"drop: role needs role: (one of {', '.join(ROLES)})")
        elif what == "relation":
            values["predicate"] = _choice(items, "predicate", PREDICATES)
            if values["predicate"] is None:
                raise _EntryError(line, f"drop: relation needs predicate: (one of {', '.join(PREDICATES)})")
        action = f"drop-{what}"
    elif action == "add":
        values["kind"] = _choice(items, "add", KINDS)
        role = _choice(items, "role", (*ROLES, "none"))
        values["role"] = None if role == "none" else role
        values["cls"] = _class(items, values["kind"])
        values["canonical"] = _canonical(items, "canonical")
        values["name_en"] = _text(items, "name_en")
    elif action == "change":
        what = _choice(items, "change", _CHANGES)
        if what == "role":
            values["from_role"] = _choice(items, "from", ROLES)
            values["to_role"] = _choice(items, "to", (*ROLES, "none"))
            if values["to_role"] is None:
                raise _EntryError(line, f"change: role needs to: (one of {', '.join(ROLES)}, none)")
        else:
            values["cls"] = _class(items, values["kind"])
            if values["cls"] is None:
                raise _EntryError(line, "change: class needs class: (an ontology class such as Company)")
        action = f"change-{what}"
    elif action == "merge":
        values["canonical"] = _canonical(items, "merge")
    elif action == "rename":
        rename = items["rename"][1]
        if isinstance(rename, yaml.MappingNode):
            sub = _mapping(rename, "rename")
            bad = sorted(set(sub) - {"canonical", "name_en"})
            if bad:
                raise _EntryError(_line(sub[bad[0]][0]), f"rename: unknown key {bad[0]!r} (canonical, name_en)")
            values["canonical"] = _canonical(sub, "canonical")
            values["name_en"] = _text(sub, "name_en")
        else:
            values["canonical"] = _canonical(items, "rename")
        values["name_en"] = values.get("name_en") or _text(items, "name_en")
        if not values["canonical"] and not values["name_en"]:
            raise _EntryError(line, "rename: give the new canonical name, name_en, or both")
    unused = _unused(action, items)
    if unused:
        raise _EntryError(_line(items[unused][0]), f"{unused}: not used by {action.replace('-', ': ')}")
    entry = Entry(source, line, f"{Path(source).name}#{ref}", action, letters, text, occurrence, targets=targets,
                  **values)
    digests = tuple((key, hashlib.sha256(entry._content(key).encode()).hexdigest()) for key in letters)
    return Entry(source, line, entry.label, action, letters, text, occurrence, targets=targets, digests=digests,
                 **values)


_USES = {
    "drop-role": {"role"}, "drop-entity": set(), "drop-relation": {"predicate"},
    "add": {"role", "class", "canonical", "name_en"}, "change-role": {"from", "to"}, "change-class": {"class"},
    "merge": set(), "split": set(), "rename": {"name_en"},
}
_COMMON = frozenset({"letter", "letters", "text", "occurrence", "kind", "id", "note", *ACTIONS})


def _unused(action: str, items: dict[str, tuple[Any, Any]]) -> str | None:
    allowed = _COMMON | _USES[action]
    return next((key for key in items if key not in allowed), None)


def _nonempty(node: Any, name: str) -> str:
    value = _scalar(node, name).strip()
    if not value:
        raise _EntryError(_line(node), f"{name}: empty")
    return normalize_text(value)


def _canonical(items: dict[str, tuple[Any, Any]], name: str) -> str | None:
    value = _text(items, name)
    return normalize_text(value) if value is not None else None


def _class(items: dict[str, tuple[Any, Any]], kind: str | None) -> str | None:
    if "class" not in items:
        return None
    value = _scalar(items["class"][1], "class")
    if value not in CLASS_KIND:
        raise _EntryError(_line(items["class"][1]), f"bad class {value!r} (one of: {', '.join(sorted(CLASS_KIND))})")
    if kind is not None and CLASS_KIND[value] != kind:
        raise _EntryError(_line(items["class"][1]), f"class {value} is not a class of kind {kind}")
    return value


def _letters(items: dict[str, tuple[Any, Any]], line: int) -> tuple[str, ...]:
    import yaml

    from graph_builder.iri import letter_key_of

    if ("letter" in items) == ("letters" in items):
        raise _EntryError(line, "name the letter: letter: KEY (or letters: [KEY, …])")
    node = items["letter" if "letter" in items else "letters"][1]
    if isinstance(node, yaml.SequenceNode):
        keys = [_scalar(item, "letters") for item in node.value]
    else:
        keys = [_scalar(node, "letter")]
    keys = [k.strip().removesuffix(".txt") for k in keys if k.strip()]
    if not keys:
        raise _EntryError(_line(node), "letter: empty")
    return tuple(dict.fromkeys(letter_key_of(k) for k in keys))
