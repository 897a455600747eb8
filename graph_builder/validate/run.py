"""Validate a dataset: each letter graph on its own (in parallel), the union once."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from graph_builder.corpus import layout
from graph_builder.validate.inputs import read_graphs
from graph_builder.validate.letters import DEFAULT_ENGINE, Outcome, compiled_core, describe, validate_letter
from graph_builder.validate.report import Report, finish_report
from graph_builder.validate.results import Result
from graph_builder.validate.shapes import shape_set, subclass_triples
from graph_builder.validate.sparql import run_check
from graph_builder.worker_setup import prepare_worker

SCOPES = ("letter", "union", "both")


def _init_worker(engine: str = DEFAULT_ENGINE) -> None:
    prepare_worker()
    shape_set(False)
    subclass_triples()
    if engine == "fast":
        compiled_core()
    from graph_builder.validate.gc_tuning import tune_worker

    tune_worker()


def letter_outcomes(
    graphs: dict[str, bytes],
    jobs: int | None,
    progress: Callable[[int, int], None] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> list[Outcome]:
    """Validate every graph on its own, in ``jobs`` processes (default: all cores)."""
    items = sorted(graphs.items())
    workers = min(jobs or os.cpu_count() or 1, len(items))
    validate = partial(validate_letter, engine=engine)
    if workers <= 1:
        outcomes = []
        for done, item in enumerate(items, 1):
            outcomes.append(validate(item))
            if progress:
                progress(done, len(items))
        return outcomes
    chunk = max(1, min(16, len(items) // (workers * 8)))
    outcomes = []
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(engine,)) as pool:
        for done, outcome in enumerate(pool.map(validate, items, chunksize=chunk), 1):
            outcomes.append(outcome)
            if progress:
                progress(done, len(items))
    return outcomes


def union_store(graphs: dict[str, bytes]) -> ox.Store:
    """The union of all graphs, merged into the default graph, with the ontology's subclass axioms.

    Merged, not kept as named graphs queried as their union: a union graph repeats a triple
    once per letter that states it, so a pattern joining a thing's values with each other
    (``UnionValueShape``, ``UnionLabelShape``) grew with the square of its letters (1,000
    letters: more than two minutes). The merge is what pySHACL validates, and the rows a
    constraint gives are the same but for these repetitions, which ``run_check`` drops.
    """
    store = ox.Store()
    for nt in graphs.values():
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    store.extend(
        ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), ox.DefaultGraph())
        for s, p, o in subclass_triples()
    )
    return store


def union_outcome(graphs: dict[str, bytes]) -> Outcome:
    """The union shapes run once over the whole store (one query per constraint)."""
    store = union_store(graphs)
    results: list[Result] = []
    for check in shape_set(True).checks:
        results += run_check(store, check, "")
    results.sort()
    outcome = Outcome("", triple_count(graphs), results)
    describe(store, results, outcome)
    return outcome


def triple_count(graphs: dict[str, bytes]) -> int:
    """How many triples the graphs hold (one N-Triples line each)."""
    return sum(nt.count(b"\n") for nt in graphs.values())


def validate_graphs(
    graphs: dict[str, bytes],
    scope: str = "both",
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate parsed graphs in ``scope`` (letter, union or both) with the SHACL Core ``engine``."""
    outcomes = letter_outcomes(graphs, jobs, progress, engine) if scope in ("letter", "both") else []
    if scope in ("union", "both"):
        outcomes.append(union_outcome(graphs))
    return finish_report(scope, sorted(graphs), triple_count(graphs), outcomes)


def validate_paths(
    paths: list[Path], scope: str = "both", jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None, engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate N-Quads/TriG files or build folders; raises InputError on unreadable input.

    One build folder alone is validated letter file by letter file (``validate.folder``):
    bounded memory, and letters unchanged since the last validation are not redone.
    ``engine`` runs SHACL Core: ``fast`` (compiled shapes) or ``pyshacl`` (the reference).
    """
    if len(paths) == 1 and paths[0].is_dir() and (paths[0] / layout.MANIFEST).is_file():
        from graph_builder.validate.folder import validate_folder

        return validate_folder(paths[0], scope, jobs, progress, engine)
    return validate_graphs(read_graphs(paths), scope, jobs, progress, engine)


def validate_build_folder(out: Path, jobs: int | None = None, engine: str = DEFAULT_ENGINE) -> tuple[Report, Path]:
    """What ``ipgov build`` does after building: validate the folder ``out`` and write
    ``validation-report.txt`` and ``validation-report.html`` beside its outputs.

    :returns: the report and the path of the text report
    :raises InputError: when the folder holds no readable build
    """
    from graph_builder.corpus.atomic import atomic_write
    from graph_builder.validate.report_html import render_html
    from graph_builder.validate.report_text import render_text

    report = validate_paths([Path(out)], "both", jobs, engine=engine)
    text_path = Path(out) / layout.VALIDATION_REPORT
    atomic_write(text_path, render_text(report))
    atomic_write(Path(out) / layout.VALIDATION_REPORT_HTML, render_html(report))
    return report, text_path
