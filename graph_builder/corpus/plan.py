"""Planning a build and its journal: one task per letter file, in key order (its slot), and
where each letter's outputs go in the part files being assembled in ``.staging/part-N/``.

Each letter built or resumed is journaled in ``.staging/journal.jsonl`` once its slot is
written, with its ranges in the part files; an interrupted build leaves the previous
outputs and manifest as they were, and the next run keeps what the journal says was written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph_builder.corpus import layout
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.appender import Turns
from graph_builder.corpus.blocks import Block, record_blocks
from graph_builder.iri import letter_key_of

Record = tuple[Block, ...]  # where a letter's bytes of each stream lie, in ``layout.STREAMS`` order


@dataclass(frozen=True)
class Task:
    """One letter to build."""

    path: str
    key: str
    sha256: str
    slot: int  # the letter's place in key order: its turn to be appended
    fallback: Record | None = None  # its last good outputs, kept if it fails now
    corrections: tuple[Any, ...] = ()  # the corrections entries that name it (``corrections.Entry``)

    @property
    def digests(self) -> tuple[str, ...]:
        """The digests of its corrections entries, as its manifest entry records them."""
        return tuple(entry.digest(self.key) for entry in self.corrections)



def sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()




def plan(paths: list[Path], failed: list[str], digests: bool = True) -> list[Task]:
    """One task per letter file, in key order (its slot); a second file with an already used
    key is reported in ``failed``, as is a file that cannot be read.

    :param digests: hash every file now (to compare with a manifest or a journal); without,
        the worker that builds a letter reports the digest of the bytes it read
    """
    found: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for path in paths:
        key = letter_key_of(path.stem)
        if key in seen:
            failed.append(f"{path}: same letter key {key!r} as {seen[key]}; rename one of them")
            continue
        try:
            digest = sha256(path) if digests else ""
        except OSError as error:
            failed.append(f"{path}: cannot read ({error.strerror or error})")
            continue
        seen[key] = str(path)
        found.append((key, str(path), digest))
    return [Task(path, key, digest, slot) for slot, (key, path, digest) in enumerate(sorted(found))]



def in_output(out: Path, key: str, trig: bool) -> bool:
    """The letter's own file, if the build needs one (its TriG block), is in the output folder."""
    return not trig or (out / layout.TRIG_CACHE / f"{key}.trig").is_file()


def in_staging(staging: Path, key: str, trig: bool) -> bool:
    """The letter's own file, if the build needs one, is in the staging folder."""
    return not trig or (staging / layout.STAGED_TRIG / f"{key}.trig").is_file()


class Ledger:
    """Where each letter's outputs go in the part files: offsets in key order from the sizes
    reported, as the appenders place them; a journal line for each letter built or resumed
    in this run once its slot is written.
    """

    def __init__(self, part: Path, keys: list[str], fresh: mf.Manifest, log: IO[str], turns: Turns) -> None:
        self.part = part
        self.keys = keys
        self.fresh = fresh
        self.log = log
        self.turns = turns
        self.sizes: dict[str, tuple[int, ...] | None] = {}
        self.journaled: set[str] = set()
        self.placed = 0  # slots whose offsets are known (every slot before them reported)
        self.logged = 0  # slots the journal is up to date with
        self.ends = [0] * len(layout.STREAMS)

    def resolve(self, key: str, sizes: tuple[int, ...] | None, journal: bool = False) -> None:
        """The letter's outputs take ``sizes`` bytes of each stream (None: none this time);
        ``journal``: record it once written."""
        self.sizes[key] = sizes
        if journal:
            self.journaled.add(key)
        while self.placed < len(self.keys) and self.keys[self.placed] in self.sizes:
            key = self.keys[self.placed]
            taken = self.sizes.pop(key)
            if taken is not None:
                ranges = list(zip(self.ends, taken, strict=True))
                self.ends = [end + size for end, size in ranges]
                self.fresh.letters[key] = self.fresh.letters[key].placed(ranges)
            self.placed += 1

    def journal(self, written: int | None = None) -> None:
        """Journal the letters written so far (``written``: slots, default: ask the turns)."""
        upto = min(self.placed, self.turns.written() if written is None else written)
        lines = [
            mf.journal_line(key, self.fresh.letters[key], self.part.name)
            for key in self.keys[self.logged : upto]
            if key in self.journaled
        ]
        self.logged = max(self.logged, upto)
        if lines:
            self.log.write("".join(lines))
            self.log.flush()

    def check_complete(self, ends: list[int]) -> None:
        """Every slot is placed and the part files end where the sizes say."""
        if self.placed != len(self.keys):
            raise RuntimeError(f"assembly stopped before {self.keys[self.placed]}")
        if ends != self.ends:
            raise RuntimeError(f"part files end at {ends}, the letters' sizes add up to {self.ends}")


def part_files(part: Path) -> list[Path]:
    """The stream files being assembled in a part folder, in ``layout.STREAMS`` order."""
    return [part / name for name in layout.STREAMS.values()]


def part_folder(staging: Path) -> Path:
    """A new folder for the stream files being assembled: ``part-N``, N above any an
    interrupted build left."""
    start = len(layout.PART_PREFIX)
    numbers = [int(p.name[start:]) for p in staging.glob(layout.PART_PREFIX + "*") if p.name[start:].isdigit()]
    folder = staging / f"{layout.PART_PREFIX}{max(numbers, default=0) + 1}"
    folder.mkdir()
    for path in part_files(folder):
        path.touch()
    return folder


def resumable(staging: Path, key: str, entry: mf.Entry, part: str) -> Record | None:
    """The ranges an interrupted build journaled for a letter, while its part files still hold them."""
    record = record_blocks(key, entry, staging / part)
    try:
        if all(block.offset + block.size <= block.path.stat().st_size for block in record):
            return record
    except OSError:
        pass
    return None




def start_journal(staging: Path, fresh: mf.Manifest, keep: bool) -> Path:
    """Make the staging folders; keep a compatible journal, else start a new one. Returns the journal's path."""
    (staging / layout.STAGED_TRIG).mkdir(parents=True, exist_ok=True)
    journal_path = staging / layout.JOURNAL
    if not keep:
        journal_path.write_text(mf.journal_header(fresh), encoding="utf-8")
    return journal_path
