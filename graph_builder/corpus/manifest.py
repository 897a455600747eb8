"""The build manifest: which letters an output folder holds, from which bytes, by which tool.

``manifest.json`` in the output folder records, per letter key, the source path, the
sha256 of its bytes, its quad count and class counts and where its outputs lie: its graph
in ``dataset.nq`` (``offset`` and ``size`` in bytes), its line of ``facts.jsonl`` and of
``entities.jsonl`` (``[offset, size]``). For the whole folder it records the tool version
(with a digest of the code, so a changed rule invalidates old outputs even when the
version number did not move), a digest of the data the rules read (the gazetteer and the
word lists of ``data/names/``) and the size of each of those
files. A rebuild keeps a letter whose sha256, tool and gazetteer all match, and whose
corrections match: the digests of the entries of corrections files that name it
(``corrections``; ``stale``: those that changed nothing, with why), written only when it has any.

While a build runs, each letter whose outputs have been appended to the new files
(``.staging/part-N/``) is recorded in ``.staging/journal.jsonl`` with its ranges in them;
an interrupted build leaves the old manifest in place and the next run picks the journal
up, so work already done is not redone.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from graph_builder import __version__
from graph_builder.corpus.atomic import atomic_write
from graph_builder.corpus.layout import MANIFEST, STREAMS
from graph_builder.corpus.per_letter import patterns

FORMAT = 3  # 2: graphs live in dataset.nq only; 3: facts and entities in one JSON Lines file each


@dataclass
class Entry:
    """One built letter."""

    source: str
    sha256: str
    quads: int
    classes: dict[str, int] = field(default_factory=dict)
    offset: int = 0  # where the letter's graph starts in dataset.nq (bytes)
    size: int = 0  # how many bytes it takes
    facts: tuple[int, int] = (0, 0)  # (offset, size) of its line in facts.jsonl
    entities: tuple[int, int] = (0, 0)  # (offset, size) of its line in entities.jsonl
    corrections: tuple[str, ...] = ()  # digests of the corrections entries that name it, in file order
    stale: tuple[tuple[str, str], ...] = ()  # (digest, why) of those that changed nothing

    def at(self, stream: str) -> tuple[int, int]:
        """(offset, size) of the letter's bytes in the file of ``stream`` (``STREAMS``)."""
        if stream == "nq":
            return self.offset, self.size
        return self.facts if stream == "facts" else self.entities

    def as_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data (``dataclasses.asdict`` deep-copies, ten times slower)."""
        data: dict[str, Any] = {
            "source": self.source, "sha256": self.sha256, "quads": self.quads, "classes": self.classes,
            "offset": self.offset, "size": self.size, "facts": list(self.facts), "entities": list(self.entities),
        }
        if self.corrections:
            data["corrections"] = list(self.corrections)
        if self.stale:
            data["stale"] = [list(pair) for pair in self.stale]
        return data

    def placed(self, ranges: list[tuple[int, int]]) -> Entry:
        """A copy whose bytes of each stream are at the (offset, size) given, in ``STREAMS`` order."""
        (offset, size), facts, entities = ranges
        return replace(self, offset=offset, size=size, facts=facts, entities=entities)


@dataclass
class Manifest:
    """What an output folder holds."""

    tool: str
    gazetteer: str
    letters: dict[str, Entry] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)  # stream → the size of its file the ranges index

    def to_json(self) -> str:
        """JSON with sorted keys, a letter per line (the same manifest gives the same bytes).

        Each line is written by the standard library's C encoder: indenting the whole
        document ran its pure-Python encoder, half a second at 10,000 letters.
        """
        head = {
            "format": FORMAT,
            "tool": self.tool,
            "gazetteer": self.gazetteer,
            "sizes": {stream: self.sizes.get(stream, 0) for stream in STREAMS},
        }
        lines = [
            json.dumps(key, ensure_ascii=False) + ": "
            + json.dumps(self.letters[key].as_dict(), ensure_ascii=False, sort_keys=True)
            for key in sorted(self.letters)
        ]
        letters = "{\n" + ",\n".join(lines) + "\n}" if lines else "{}"
        return json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "letters": ' + letters + "}\n"

    def compatible(self, other: Manifest) -> bool:
        """True when graphs built under ``other`` can be kept under this one."""
        return self.tool == other.tool and self.gazetteer == other.gazetteer


@cache
def tool_version() -> str:
    """The package version plus a digest of the code that makes a letter's outputs.

    >>> tool_version().startswith(__version__ + "+")
    True
    """
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    files = {path for pattern in patterns() for path in package.glob(pattern)}
    for path in sorted(files):
        relative = path.relative_to(package).as_posix()
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


# The data folders the extraction reads: the gazetteer, and the word lists of names/ (function words,
# verbs, surnames) that decide where a name begins as much as the rules' code does.
RULE_DATA = ("gazetteer", "names")


@cache
def gazetteer_version() -> str:
    """A digest of the data files the extraction reads (``RULE_DATA``)."""
    from graph_builder.resources import data_path

    digest = hashlib.sha256()
    for name in RULE_DATA:
        for path in sorted(data_path(name).iterdir(), key=lambda p: p.name):
            if path.is_file():
                digest.update(f"{name}/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def current() -> Manifest:
    """An empty manifest for the running tool and gazetteer."""
    return Manifest(tool_version(), gazetteer_version())


def _entry(data: dict[str, Any]) -> Entry:
    return Entry(
        str(data["source"]), str(data["sha256"]), int(data["quads"]), dict(data.get("classes", {})),
        int(data["offset"]), int(data["size"]), _range(data["facts"]), _range(data["entities"]),
        tuple(str(d) for d in data.get("corrections", ())),
        tuple((str(d), str(why)) for d, why in data.get("stale", ())),
    )


def _range(value: Any) -> tuple[int, int]:
    offset, size = value
    return int(offset), int(size)


def load(out: Path) -> Manifest | None:
    """The manifest of an output folder, or None when it has none (or an unreadable one, or
    one of another format: its letters are built again)."""
    try:
        data = orjson.loads((out / MANIFEST).read_bytes())  # orjson: 10,000 letters' manifest in a third less time
        if data["format"] != FORMAT:
            return None
        letters = {key: _entry(value) for key, value in data["letters"].items()}
        sizes = {stream: int(data["sizes"][stream]) for stream in STREAMS}
        return Manifest(str(data["tool"]), str(data["gazetteer"]), letters, sizes)
    except (OSError, ValueError, KeyError, TypeError):
        return None


_SHARED: dict[str, tuple[tuple[int, int, int], Manifest | None]] = {}


def load_shared(out: Path) -> Manifest | None:
    """``load``, read again only when manifest.json is another file or was changed (inode, size,
    modification time): for readers, which must not change what it returns. A query reads the
    manifest of a 10,000-letter build three times (its snapshot check before and after, its
    letters), 0.15–0.3 s each."""
    path = out / MANIFEST
    try:
        info = os.stat(path)
    except OSError:
        return None
    stamp = (info.st_ino, info.st_size, info.st_mtime_ns)
    seen = _SHARED.get(str(path))
    if seen is not None and seen[0] == stamp:
        return seen[1]
    manifest = load(out)
    _SHARED[str(path)] = (stamp, manifest)
    return manifest


def save(out: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` atomically."""
    atomic_write(out / MANIFEST, manifest.to_json())


def journal_header(manifest: Manifest) -> str:
    """The first line of a journal: which tool and gazetteer its entries were built with."""
    return json.dumps({"tool": manifest.tool, "gazetteer": manifest.gazetteer}) + "\n"


def journal_line(key: str, entry: Entry, part: str) -> str:
    """One finished letter as a journal line: its entry, with its ranges in the files of the
    folder ``part``."""
    return json.dumps({"key": key, "part": part, **entry.as_dict()}, ensure_ascii=False, sort_keys=True) + "\n"


def read_journal(path: Path, manifest: Manifest) -> dict[str, tuple[Entry, str]]:
    """Entries of an interrupted build's journal, with the part folder holding each letter's
    outputs, if it was made by the same tool and gazetteer; a later line for a letter wins.

    A torn last line (the process died while writing it) is ignored.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    if not lines or lines[0] + "\n" != journal_header(manifest):
        return {}
    entries: dict[str, tuple[Entry, str]] = {}
    for line in lines[1:]:
        try:
            data = json.loads(line)
            entries[str(data.pop("key"))] = (_entry(data), str(data["part"]))
        except (ValueError, KeyError, TypeError):
            continue
    return entries
