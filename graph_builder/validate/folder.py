"""Validate a build output folder letter by letter, in bounded memory, reusing unchanged letters.

A build folder holds every letter graph in ``dataset.nq``, at the ranges its manifest gives
(``blocks``). Each letter is validated in a worker process that reads its range itself, so
the parent never holds the dataset, and the outcome is kept in ``.cache/validation/<key>.json``
under what the graph was made from (the letter's sha256, tool and gazetteer) and a digest
of the shapes: a rebuild validates only the letters that changed.

The union shapes compare what letters say of the same thing, so they need only the quads
about shared things (organisations, people, places, policies, provisions, platforms, cases,
events): the workers hand those back and they alone go into an on-disk store. The
vocabulary shape looks at one triple at a time, so its union results are the union of its
results on each letter; it runs in the workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from graph_builder.blocks import Block, letter_blocks
from graph_builder.errors import InputError
from graph_builder.iri import SHARED_KINDS
from graph_builder.validate.context import evidence_sentence_at, labels
from graph_builder.validate.letters import Outcome, describe, validate_letter_store
from graph_builder.validate.results import Result
from graph_builder.validate.run import ONTOLOGY_GRAPH, Report, finish_report
from graph_builder.validate.shapes import SparqlCheck, shape_set, subclass_triples
from graph_builder.validate.sparql import run_check

CACHE = Path(".cache") / "validation"
# Union shapes whose query matches one triple at a time: per-letter results, merged, are theirs.
PER_TRIPLE_UNION_SHAPES = frozenset({"https://w3id.org/ipgov/shapes#VocabularyShape"})
# Subjects that letters share (iri.SHARED_KINDS): the only ones compared across letters.
_SHARED = tuple(sorted(f"<https://w3id.org/ipgov/id/{kind}/" for kind in SHARED_KINDS))


@cache
def shapes_digest() -> str:
    """What the outcome of a letter depends on besides its graph: shapes, lint, word lists, ontology, tool."""
    from graph_builder.manifest import tool_version
    from graph_builder.resources import data_path, ontology_path, shapes_paths
    from graph_builder.validate import lint

    digest = hashlib.sha256(tool_version().encode())
    names = sorted((p for p in data_path("names").iterdir() if p.name.endswith(".tsv")), key=lambda p: p.name)
    for path in [*shapes_paths(), ontology_path(), *names]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(Path(lint.__file__).read_bytes())  # the Python checks, beside the shapes
    return digest.hexdigest()[:16]


def _stamp(block: Block) -> str:
    return f"{block.stamp}:{shapes_digest()}"


def _per_triple_union_checks() -> tuple[SparqlCheck, ...]:
    return tuple(c for c in shape_set(True).checks if c.shape in PER_TRIPLE_UNION_SHAPES)


def _whole_union_checks() -> tuple[SparqlCheck, ...]:
    return tuple(c for c in shape_set(True).checks if c.shape not in PER_TRIPLE_UNION_SHAPES)


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    data = asdict(outcome)
    data["results"] = [[*asdict(r).values()] for r in outcome.results]
    return data


def _outcome_of(data: dict[str, Any]) -> Outcome:
    results = [
        Result(
            *cast("tuple[str, str, str, str, str, str, str]", fields[:7]),  # a JSON list: the seven string fields
            messages=tuple(tuple(m) for m in fields[7]),
        )
        for fields in data["results"]
    ]
    return Outcome(data["graph"], data["triples"], results, data["labels"], data["sentences"], data.get("classes", {}))


def check_letter(block: Block) -> dict[str, Any]:
    """Everything validation needs from one letter graph (worker side; JSON-ready)."""
    from graph_builder.validate.inputs import read_nquads

    stamp = _stamp(block)
    graphs = read_nquads(block.read(), block.where)
    outcomes, union_results, shared_lines = [], [], []
    union_outcome = Outcome("", 0, [])
    sentences: dict[str, list[Any]] = {}
    for graph, nt in sorted(graphs.items()):
        outcome, store = validate_letter_store(graph, nt)
        outcomes.append(_outcome_json(outcome))
        graph_results = [r for check in _per_triple_union_checks() for r in run_check(store, check, "")]
        describe(store, graph_results, union_outcome)
        union_results += graph_results
        shared = _shared_lines(nt, graph)
        shared_lines.append(shared)
        for iri in _subjects(shared):
            found = evidence_sentence_at(store, iri)
            if found and (iri not in sentences or found[0] < sentences[iri][0]):
                sentences[iri] = list(found)
    # one result per distinct solution, as run_check gives on a single store
    union_outcome.results = sorted({(r, r.messages): r for r in union_results}.values())
    return {
        "stamp": stamp,
        "outcomes": outcomes,
        "union": _outcome_json(union_outcome),
        "shared": "".join(shared_lines),
        "sentences": sentences,
    }


def _shared_lines(nt: bytes, graph: str) -> str:
    """The N-Quads lines (in ``graph``) of the triples whose subject is a shared thing."""
    tail = f" <{graph}> .\n" if graph else " .\n"
    lines = []
    for line in nt.decode("utf-8").splitlines():
        if line.startswith(_SHARED):
            lines.append(line[: line.rindex(" .")] + tail)
    return "".join(lines)


def _subjects(nquads: str) -> list[str]:
    return sorted({line[1 : line.index("> ")] for line in nquads.splitlines() if line.startswith("<")})


def _cached(out: Path, block: Block) -> dict[str, Any] | None:
    try:
        data = json.loads((out / CACHE / f"{block.key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("stamp") == _stamp(block) else None


def _keep(out: Path, block: Block, data: dict[str, Any]) -> None:
    """Cache one letter's outcome (no fsync: a torn file reads as missing and is redone)."""
    folder = out / CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{block.key}.", suffix=".tmp", dir=folder)
    except OSError:
        return  # a read-only folder: validate without remembering
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False)
    os.replace(temporary, folder / f"{block.key}.json")


def _init_worker() -> None:
    shape_set(False)
    shape_set(True)
    subclass_triples()
    shapes_digest()


def _letter_data(
    out: Path, blocks: list[Block], jobs: int | None, progress: Callable[[int, int], None] | None
) -> Iterator[dict[str, Any]]:
    """Each letter's data, from the cache or computed (in ``jobs`` processes), in dataset order."""
    found: dict[str, dict[str, Any]] = {}
    todo = []
    for block in blocks:
        data = _cached(out, block)
        if data is None:
            todo.append(block)
        else:
            found[block.key] = data
    done = len(found)
    if progress and done:
        progress(done, len(blocks))
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        computed: Iterator[dict[str, Any]] = map(check_letter, todo)
        pool = None
    else:
        import multiprocessing

        context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        pool = context.Pool(workers, initializer=_init_worker)
        computed = pool.imap(check_letter, todo, chunksize=max(1, min(8, len(todo) // (workers * 8))))
    try:
        for block, data in zip(todo, computed, strict=True):
            _keep(out, block, data)
            found[block.key] = data
            done += 1
            if progress:
                progress(done, len(blocks))
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    for block in blocks:
        yield found.pop(block.key)


def validate_folder(
    out: Path, scope: str = "both", jobs: int | None = None, progress: Callable[[int, int], None] | None = None
) -> Report:
    """Validate the letter graphs of a build folder (see the module's docstring).

    :raises InputError: when the folder holds no build (no manifest.json and dataset.nq)
    """
    blocks = letter_blocks(out)
    if not blocks:
        raise InputError(out, "no letter graphs in this build; run `ipgov build -o FOLDER` with letters first")
    outcomes: list[Outcome] = []
    per_triple: dict[tuple[Result, tuple[Any, ...]], Result] = {}
    union_side = Outcome("", 0, [])
    sentences: dict[str, tuple[int, str]] = {}
    letters: list[str] = []
    triples = 0
    (out / ".cache").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="union-", dir=out / ".cache") as scratch:
        shared_path = Path(scratch) / "shared.nq"
        with shared_path.open("w", encoding="utf-8", newline="\n") as shared:
            for data in _letter_data(out, blocks, jobs, progress):
                for outcome in map(_outcome_of, data["outcomes"]):
                    letters.append(outcome.graph)
                    triples += outcome.triples
                    if scope in ("letter", "both"):
                        outcomes.append(outcome)
                union = _outcome_of(data["union"])
                for result in union.results:
                    per_triple.setdefault((result, result.messages), result)
                union_side.labels.update(union.labels)
                union_side.sentences.update(union.sentences)
                shared.write(data["shared"])
                for iri, (start, text) in data["sentences"].items():
                    if iri not in sentences or start < sentences[iri][0]:
                        sentences[iri] = (start, text)
        if scope in ("union", "both"):
            outcomes.append(_union_outcome(shared_path, Path(scratch) / "store", union_side, per_triple, sentences))
    return finish_report(scope, sorted(set(letters)), triples, outcomes)


def _union_outcome(
    shared: Path,
    folder: Path,
    outcome: Outcome,
    per_triple: dict[tuple[Result, tuple[Any, ...]], Result],
    sentences: dict[str, tuple[int, str]],
) -> Outcome:
    """The union shapes: per-triple ones merged from the letters, the others on an on-disk store."""
    store = ox.Store(str(folder))
    try:
        store.bulk_load(path=str(shared), format=ox.RdfFormat.N_QUADS)
        store.extend(
            ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), ONTOLOGY_GRAPH)
            for s, p, o in subclass_triples()
        )
        results = list(per_triple.values())
        for check in _whole_union_checks():
            results += run_check(store, check, "", union=True)
        outcome.results = sorted(results)
        for result in outcome.results:
            for term in (result.focus, result.value):
                if term.startswith("<") and term not in outcome.labels:
                    outcome.labels[term] = labels(store, term[1:-1])
                    if term[1:-1] in sentences:
                        outcome.sentences[term] = sentences[term[1:-1]][1]
    finally:
        del store
        shutil.rmtree(folder, ignore_errors=True)
    return outcome
