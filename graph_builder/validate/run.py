"""Validate a dataset: each letter graph on its own (in parallel), the union once."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from graph_builder.validate.inputs import read_graphs
from graph_builder.validate.letters import DEFAULT_ENGINE, Outcome, compiled_core, describe, validate_letter
from graph_builder.validate.results import Result, conforms
from graph_builder.validate.shapes import shape_set, subclass_triples
from graph_builder.validate.sparql import run_check

SCOPES = ("letter", "union", "both")


@dataclass
class Report:
    """Everything a report shows: the results, and the labels and sentences beside them."""

    scope: str
    letters: list[str]
    triples: int
    results: list[Result]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    sentences: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)  # focus → class CURIE (grouping.py)

    @property
    def conforms(self) -> bool:
        """True when no result is a violation."""
        return conforms(self.results)


def _init_worker(engine: str = DEFAULT_ENGINE) -> None:
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


def finish_report(scope: str, letters: list[str], triples: int, outcomes: list[Outcome]) -> Report:
    """One report from the outcomes of letters and of the union, results in report order."""
    report = Report(scope, letters, triples, [])
    for outcome in outcomes:
        report.results += outcome.results
        report.labels.update(outcome.labels)
        report.sentences.update(outcome.sentences)
        report.classes.update(outcome.classes)
    report.results.sort(key=_order)
    return report


def _order(result: Result) -> tuple:
    from graph_builder.validate.results import SEVERITY_ORDER

    severity = SEVERITY_ORDER.get(result.severity, 9)
    return (severity, result.letter, result.shape, result.focus, result.path, result.value)


def validate_paths(
    paths: list[Path], scope: str = "both", jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None, engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate N-Quads/TriG files or build folders; raises InputError on unreadable input.

    One build folder alone is validated letter file by letter file (``validate.folder``):
    bounded memory, and letters unchanged since the last validation are not redone.
    ``engine`` runs SHACL Core: ``fast`` (compiled shapes) or ``pyshacl`` (the reference).
    """
    if len(paths) == 1 and paths[0].is_dir() and (paths[0] / "manifest.json").is_file():
        from graph_builder.validate.folder import validate_folder

        return validate_folder(paths[0], scope, jobs, progress, engine)
    return validate_graphs(read_graphs(paths), scope, jobs, progress, engine)
