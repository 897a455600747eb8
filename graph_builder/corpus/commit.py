"""Committing a build: the part files, the TriG blocks and the manifest moved into the build
folder, the merged outputs assembled, the persistent store kept in step.

The new manifest is staged beside the part files before they are moved in, dataset.nq
first, so a build stopped among the moves is finished by the next run (``roll_forward``).
The store's new generation is made and stamped before anything is moved in
(``graph_builder.store.persistent``); older generations are removed once the manifest is in.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from graph_builder.corpus import layout
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.atomic import atomic_write
from graph_builder.corpus.merge import write_merged
from graph_builder.corpus.migrate import drop_old_layout
from graph_builder.corpus.summary import BuildSummary


def roll_forward(out: Path, staging: Path) -> None:
    """Finish a commit that was stopped after its dataset file was moved in, before its manifest."""
    for staged_manifest in staging.glob(f"{layout.PART_PREFIX}*/{layout.MANIFEST}"):
        part = staged_manifest.parent
        if not (part / layout.DATASET).exists():
            for name in layout.STREAMS.values():
                if (part / name).exists():
                    os.replace(part / name, out / name)
            os.replace(staged_manifest, out / layout.MANIFEST)


@dataclass(frozen=True)
class Stored:
    """What the persistent store needs to know of a build."""

    wanted: bool
    previous_digest: str | None  # sha256 of the manifest the folder held at the start
    changed: list[str]  # letters whose graphs differ from the previous manifest's


def manifest_digest(out: Path) -> str | None:
    from graph_builder.store.persistent import manifest_digest

    return manifest_digest(out)


def _update_store(
    out: Path, dataset: Path, fresh: mf.Manifest, text: str, previous: mf.Manifest | None,
    stored: Stored, summary: BuildSummary,
) -> None:
    """Make the store's generation for the manifest ``text`` (before that manifest is moved in)."""
    if not stored.wanted:
        return
    import time

    from graph_builder.store import persistent

    started = time.perf_counter()
    digest = persistent.text_digest(text)
    found = persistent.generation_for(out, digest)
    if found is None:
        summary.store = persistent.update_store(
            out, dataset, fresh, digest, previous, stored.previous_digest, stored.changed
        )
    else:
        summary.store = persistent.StoreReport("kept", found.name)
    summary.seconds["store"] = time.perf_counter() - started


def _collect_store(out: Path, stored: Stored) -> None:
    """Once the manifest is in: remove the generations that do not match it (all without a store)."""
    from graph_builder.store import persistent

    if stored.wanted:
        persistent.collect(out, persistent.manifest_digest(out))
    elif (out / persistent.STORE).exists():
        persistent.remove_all(out)


def commit(
    out: Path,
    staging: Path,
    fresh: mf.Manifest,
    previous: mf.Manifest | None,
    summary: BuildSummary,
    jobs: int,
    formats: frozenset[str],
    part: Path | None,
    stored: Stored | None = None,
) -> None:
    """Move staged TriG blocks in, drop letters no longer built, move the stream files in,
    assemble TriG and Turtle, write the manifest last (the order is the module's docstring's)."""
    stored = stored or Stored(False, None, [])
    cache = out / layout.TRIG_CACHE
    for key in summary.built:
        staged = staging / layout.STAGED_TRIG / f"{key}.trig"
        if staged.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            os.replace(staged, cache / f"{key}.trig")
        elif "trig" not in formats:  # built without TriG: an older block would describe the letter's old graph
            (cache / f"{key}.trig").unlink(missing_ok=True)
    gone = set(previous.letters) - set(fresh.letters) if previous else set()
    if cache.is_dir():  # blocks of letters not built this time (gone or now failing)
        for path in cache.glob("*.trig"):
            if path.stem not in fresh.letters:
                path.unlink()
                gone.add(path.stem)
    summary.dropped = sorted(gone)
    drop_old_layout(out)
    if part is None:
        fresh.sizes = dict(previous.sizes) if previous else {}
        write_merged(out, fresh, jobs, formats)
        _update_store(out, out / layout.DATASET, fresh, fresh.to_json(), previous, stored, summary)
        mf.save(out, fresh)
    else:
        fresh.sizes = {stream: (part / name).stat().st_size for stream, name in layout.STREAMS.items()}
        staged_manifest = part / layout.MANIFEST
        text = fresh.to_json()
        atomic_write(staged_manifest, text)
        _update_store(out, part / layout.DATASET, fresh, text, previous, stored, summary)
        for name in layout.STREAMS.values():  # dataset.nq first, as ``roll_forward`` expects
            os.replace(part / name, out / name)
        write_merged(out, fresh, jobs, formats)
        os.replace(staged_manifest, out / layout.MANIFEST)
    _collect_store(out, stored)
    shutil.rmtree(staging, ignore_errors=True)
