"""Build a set of letters into an output folder: one graph file per letter, written as
soon as it is done, then the merged dataset assembled by streaming those files.

Layout of the output folder::

    graphs/<key>.nq     one letter's named graph, sorted N-Quads
    facts/<key>.json    one letter's facts (eval/FORMAT.md)
    dataset.nq          every letter graph, concatenated in key order
    dataset.trig        the same as TriG
    merged.ttl          the union of the letter graphs as one Turtle graph
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph_builder.errors import IpgovError
from graph_builder.pipeline import BuiltLetter, build_letter
from graph_builder.rdf.canonical import atomic_write


@dataclass
class BuildSummary:
    """What a corpus build did."""

    built: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: problem" lines
    classes: Counter[str] = field(default_factory=Counter)
    quads: int = 0


def _build_one(path: str) -> BuiltLetter | str:
    try:
        return build_letter(path)
    except IpgovError as error:
        return str(error)
    except (ValueError, UnicodeError, RecursionError) as error:  # a letter no rule expected
        return f"{path}: cannot extract ({type(error).__name__}: {error})"


def built_letters(paths: list[Path], jobs: int) -> Iterator[BuiltLetter | str]:
    """Build letters, in parallel when ``jobs`` > 1; yields results in input order."""
    names = [str(p) for p in paths]
    if jobs <= 1 or len(names) < 4:
        yield from map(_build_one, names)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_build_one, names, chunksize=max(1, min(64, len(names) // (jobs * 8))))


def build_corpus(
    paths: list[Path],
    out: Path,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildSummary:
    """Build ``paths`` into ``out``; bad letters are reported and skipped, never fatal.

    :param jobs: worker processes (default: all cores)
    :param progress: called with (done, total) after each letter
    """
    jobs = jobs or os.cpu_count() or 1
    summary = BuildSummary()
    keys: list[str] = []
    for done, result in enumerate(built_letters(paths, jobs), start=1):
        if isinstance(result, str):
            summary.failed.append(result)
        else:
            atomic_write(out / "graphs" / f"{result.key}.nq", "".join(result.nquads))
            facts_text = json.dumps(result.facts, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
            atomic_write(out / "facts" / f"{result.key}.json", facts_text)
            summary.built.append(result.key)
            summary.classes.update(result.classes)
            summary.quads += len(result.nquads)
            keys.append(result.key)
        if progress:
            progress(done, len(paths))
    if summary.built:
        write_merged(out, sorted(keys))
    return summary


def write_merged(out: Path, keys: list[str]) -> None:
    """Assemble dataset.nq, dataset.trig and merged.ttl from the per-letter graph files."""
    import pyoxigraph as ox

    from graph_builder.namespaces import PREFIXES

    graphs = [out / "graphs" / f"{key}.nq" for key in keys]
    dataset = out / "dataset.nq"
    temporary = dataset.with_name(".dataset.nq.tmp")
    with temporary.open("wb") as sink:
        for graph in graphs:
            sink.write(graph.read_bytes())
    os.replace(temporary, dataset)
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    quads = list(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))
    atomic_write(out / "dataset.trig", ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes) or b"")
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    atomic_write(out / "merged.ttl", ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"")


def stderr_progress() -> Callable[[int, int], None] | None:
    """A progress line on stderr when it is a terminal; None when piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done}/{total} letters")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
