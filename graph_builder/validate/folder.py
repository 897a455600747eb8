"""Validate a build output folder letter by letter, in bounded memory, reusing unchanged letters.

A build folder holds every letter graph in ``dataset.nq``, at the ranges its manifest gives
(``blocks``). Each letter is validated in a worker process that reads its range itself, so
the parent never holds the dataset, and the outcome is kept in ``.cache/validation/<key>.json``
under what the graph was made from (the letter's sha256, tool and gazetteer) and a digest
of the shapes: a rebuild validates only the letters that changed.

The union shapes compare what letters say of the same thing, so they need only the quads
about shared things (organisations, people, places, policies, provisions, platforms, cases,
events): the workers hand those back and they alone go into a store (on disk when they are
many). The vocabulary shape looks at one triple at a time, so its union results are the union
of its results on each letter; it runs in the workers.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import cache, partial
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from graph_builder.corpus import layout
from graph_builder.corpus.blocks import Block, letter_blocks
from graph_builder.errors import InputError
from graph_builder.iri import SHARED_KINDS
from graph_builder.namespaces import IPGOV, IPGOV_ID, IPGOV_SHAPES
from graph_builder.validate.context import labels
from graph_builder.validate.letters import DEFAULT_ENGINE, Outcome, compiled_core, describe, validate_letter_store
from graph_builder.validate.report import Report, finish_report
from graph_builder.validate.results import Result
from graph_builder.validate.shapes import SparqlCheck, shape_set, subclass_triples
from graph_builder.validate.sparql import run_check
from graph_builder.worker_setup import prepare_worker

# Shared triples up to this many bytes of N-Triples are queried in memory, above it on disk. In
# memory is the faster and, up to here, the leaner: 10,000 synthetic seed-size letters share 276 MB
# of lines, 807,182 distinct triples, loaded in memory in 3.1 s and 414 MB against 4.2 s and
# 1,372 MB for the on-disk store's bulk load (1,000 letters: 28 MB, half the time of the disk).
UNION_IN_MEMORY = 1024 * 1024 * 1024
# Union shapes whose query matches one triple at a time: per-letter results, merged, are theirs.
PER_TRIPLE_UNION_SHAPES = frozenset({str(IPGOV_SHAPES.VocabularyShape)})
# What a cached outcome holds (in the shapes digest, so that an older cache is redone): 2 since the
# shared triples are kept as N-Triples lines (they were N-Quads, turned back into triples by the parent).
CACHE_FORMAT = 2
# Subjects that letters share (iri.SHARED_KINDS): the only ones compared across letters.
_SHARED = tuple(sorted(f"<{IPGOV_ID}{kind}/" for kind in SHARED_KINDS))


def engine_files() -> list[Path]:
    """The Python code a letter's outcome depends on beside the shapes: the lint checks, every
    module of the fast engine (the ``shacl_core`` package, by name), the triple reader and the
    span checks in Python."""
    from graph_builder.validate import lint, shacl_core, span_checks, triples

    package = Path(str(shacl_core.__file__)).parent
    engine = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())
    return [Path(str(lint.__file__)), *engine, Path(str(triples.__file__)), Path(str(span_checks.__file__))]


@cache
def shapes_digest() -> str:
    """What the outcome of a letter depends on besides its graph: shapes, lint, word lists, ontology,
    the fast engine's code, tool."""
    from graph_builder.corpus.manifest import tool_version
    from graph_builder.resources import data_path, ontology_path, shapes_paths

    digest = hashlib.sha256(tool_version().encode())
    names = sorted((p for p in data_path("names").iterdir() if p.name.endswith(".tsv")), key=lambda p: p.name)
    for path in [*shapes_paths(), ontology_path(), *names]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in engine_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(f"cache format {CACHE_FORMAT}".encode())
    return digest.hexdigest()[:16]


def _stamp(block: Block, engine: str = DEFAULT_ENGINE) -> str:
    return f"{block.stamp}:{shapes_digest()}:{engine}"


def _per_triple_union_checks() -> tuple[SparqlCheck, ...]:
    return tuple(c for c in shape_set(True).checks if c.shape in PER_TRIPLE_UNION_SHAPES)


def _whole_union_checks() -> tuple[SparqlCheck, ...]:
    return tuple(c for c in shape_set(True).checks if c.shape not in PER_TRIPLE_UNION_SHAPES)


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    """``asdict(outcome)`` with each result as a list of its fields (written out by hand: asdict's deep copy
    cost more than a letter's SHACL Core checks)."""
    return {
        "graph": outcome.graph,
        "triples": outcome.triples,
        "results": [
            [r.letter, r.focus, r.path, r.value, r.shape, r.component, r.severity, [list(m) for m in r.messages]]
            for r in outcome.results
        ],
        "labels": {term: dict(by_lang) for term, by_lang in outcome.labels.items()},
        "sentences": dict(outcome.sentences),
        "classes": dict(outcome.classes),
    }


def _outcome_of(data: dict[str, Any], once: dict[Any, Any] | None = None) -> Outcome:
    """An outcome read back from its JSON form. With ``once``, the fields that recur from result to
    result (letter, path, shape, component, severity, messages) are one object each across all the
    outcomes read with it: 10,000 letters give over half a million results, most of them alike
    (their results took 740 MB, 166 MB so)."""
    kept: dict[Any, Any] = {} if once is None else once

    def same(value: Any) -> Any:
        return kept.setdefault(value, value)

    results = [
        Result(same(letter), focus, same(path), value, same(shape), same(component), same(severity),
               messages=same(tuple(tuple(m) for m in messages)))
        for letter, focus, path, value, shape, component, severity, messages in data["results"]
    ]
    return Outcome(data["graph"], data["triples"], results, data["labels"], data["sentences"], data.get("classes", {}))


def check_letter(block: Block, engine: str = DEFAULT_ENGINE) -> dict[str, Any]:
    """Everything validation needs from one letter graph (worker side; JSON-ready).

    ``shared``: the N-Triples lines of the letter's triples about shared things (every graph's).
    """
    from graph_builder.validate.inputs import read_letter_block, read_nquads

    stamp = _stamp(block, engine)
    graphs = read_letter_block(block.read(), block.where)
    outcomes, union_results, shared_lines = [], [], []
    union_outcome = Outcome("", 0, [])
    sentences: dict[str, list[Any]] = {}
    for graph, nt in sorted(graphs.items()):
        try:
            outcome, store, index = validate_letter_store(graph, nt, engine)
        except SyntaxError:
            read_nquads(block.read(), block.where)  # raises InputError, naming what is wrong
            raise
        outcomes.append(_outcome_json(outcome))
        graph_results = [r for check in _per_triple_union_checks() for r in _per_triple_results(store, nt, check)]
        describe(store, graph_results, union_outcome, index)
        union_results += graph_results
        shared = _shared_lines(nt)
        shared_lines.append(shared)
        for iri in _subjects(shared):
            found = index.sentence_at(iri)
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


# a shared thing's line, found after the newline that ends the line before it: a pattern that
# starts with a literal is searched for fast; "^" with re.M is tried at every byte (10x slower)
_KINDS = b"|".join(re.escape(kind.encode()) for kind in sorted(SHARED_KINDS))
_SHARED_LINE = re.compile(rb"\n<" + re.escape(str(IPGOV_ID).encode()) + rb"(?:" + _KINDS + rb")/[^\n]*")


_ONTOLOGY_TERM = re.compile(b"<" + re.escape(str(IPGOV).encode()) + rb"[^>]*>")
_PROBE = ox.NamedNode("urn:x-ipgov:probe")


_TERM_FAILS: dict[tuple[str, bytes], bool] = {}  # (check's shape, term) → the check's filter rejects the term


def _per_triple_results(store: ox.Store, nt: bytes, check: SparqlCheck) -> list[Result]:
    """``run_check`` of a per-triple union check on one letter, skipped when it cannot fire.

    The vocabulary check's rows are single triples whose predicate or object, an ``ipgov:``
    term, fails the check's filter, a filter on that term alone. So each distinct ``ipgov:``
    term of the letter's text is tried once per process, as an object in a probe store: when
    no term of the letter fails there, none fails in the letter, and the letter's own store
    (every triple read twice, ~10 ms) is queried only otherwise. The text is pyoxigraph's or a
    build's N-Triples, where an IRI is never spelled with escapes.
    """
    terms = set(_ONTOLOGY_TERM.findall(nt))
    unknown = [term for term in terms if (check.shape, term) not in _TERM_FAILS]
    if unknown:
        probe = ox.Store()
        probe.extend(
            ox.Quad(_PROBE, _PROBE, ox.NamedNode(term[1:-1].decode("utf-8")), ox.DefaultGraph()) for term in unknown
        )
        failing = {r.value.encode("utf-8") for r in run_check(probe, check, "")}
        for term in unknown:
            _TERM_FAILS[(check.shape, term)] = term in failing
    if any(_TERM_FAILS[(check.shape, term)] for term in terms):
        return run_check(store, check, "")
    return []


def _shared_lines(nt: bytes) -> str:
    """The N-Triples lines of the triples whose subject is a shared thing."""
    lines = b"".join(_SHARED_LINE.findall(b"\n" + nt))  # "\nline\nline…"
    # a raw newline ends a line (never inside a term), so each line found is one whole triple
    return (lines[1:] + b"\n").decode("utf-8") if lines else ""


def _subjects(lines: str) -> list[str]:
    return sorted({line[1 : line.index("> ")] for line in lines.splitlines() if line.startswith("<")})


def _cached(out: Path, block: Block, engine: str = DEFAULT_ENGINE) -> dict[str, Any] | None:
    """The letter's cached outcome when it is of its graph, shapes and engine (its stamp), else None."""
    try:
        data: dict[str, Any] = orjson.loads((out / layout.VALIDATION_CACHE / f"{block.key}.json").read_bytes())
    except (OSError, ValueError):
        return None
    return data if data.get("stamp") == _stamp(block, engine) else None


def _fresh(out: Path, block: Block, engine: str = DEFAULT_ENGINE) -> bool:
    """``_cached`` for its verdict only (the outcome is let go: it is read again when its turn comes)."""
    return _cached(out, block, engine) is not None


def check_and_keep(block: Block, out: Path, engine: str = DEFAULT_ENGINE) -> dict[str, Any]:
    """:func:`check_letter`, its outcome cached in ``out`` by the worker that made it (the JSON
    written in parallel, not by the parent that gathers the letters)."""
    data = check_letter(block) if engine == DEFAULT_ENGINE else check_letter(block, engine)
    _keep(out, block, data)
    return data


def _keep(out: Path, block: Block, data: dict[str, Any]) -> None:
    """Cache one letter's outcome (no fsync: a torn file reads as missing and is redone)."""
    folder = out / layout.VALIDATION_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{block.key}.", suffix=".tmp", dir=folder)
    except OSError:
        return  # a read-only folder: validate without remembering
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(json.dumps(data, ensure_ascii=False))  # dumps: the C encoder (dump to a stream is Python's)
    os.replace(temporary, folder / f"{block.key}.json")


def _load_shapes(engine: str = DEFAULT_ENGINE) -> None:
    """What every letter needs, loaded once per process: the shapes (both scopes: the union ones
    are the parent's too), the ontology's subclass axioms, the digest, the compiled Core shapes."""
    shape_set(False)
    shape_set(True)
    subclass_triples()
    shapes_digest()
    if engine == "fast":
        compiled_core()


def _init_worker(engine: str = DEFAULT_ENGINE) -> None:
    prepare_worker()
    _load_shapes(engine)  # inherited from the parent when forked: nothing left to do
    from graph_builder.validate.gc_tuning import tune_worker

    tune_worker()


def _letter_data(
    out: Path, blocks: list[Block], jobs: int | None, progress: Callable[[int, int], None] | None,
    engine: str = DEFAULT_ENGINE,
) -> Iterator[dict[str, Any]]:
    """Each letter's data, from the cache or computed (in ``jobs`` processes), in dataset order, one
    at a time: the cached ones are read when their turn comes, not all first (at 10,000 letters
    that held 1.7 GB)."""
    todo = [block for block in blocks if not _fresh(out, block, engine)]
    stale = {block.key for block in todo}
    done = len(blocks) - len(todo)
    if progress and done:
        progress(done, len(blocks))
    from graph_builder.corpus.workers import in_order  # not at the top: the build imports validation

    check = partial(check_and_keep, out=out, engine=engine)
    # the shapes loaded once here, before the fork, not once in every worker (0.6 s of CPU each)
    computed = in_order(check, todo, jobs, _init_worker, (engine,), before_fork=partial(_load_shapes, engine))
    with closing(computed):
        for block in blocks:
            data = next(computed) if block.key in stale else _cached(out, block, engine)
            if data is None:  # its cache went stale since it was looked at: check it here
                data = check(block)
            if block.key in stale:
                done += 1
                if progress:
                    progress(done, len(blocks))
            yield data


def validate_folder(
    out: Path, scope: str = "both", jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
    engine: str = DEFAULT_ENGINE,
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
    once: dict[Any, Any] = {}  # fields that recur across results, kept once (``_outcome_of``)
    (out / layout.CACHE).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="union-", dir=out / layout.CACHE) as scratch:
        shared_path = Path(scratch) / "shared.nt"
        with shared_path.open("w", encoding="utf-8", newline="\n") as shared:
            for data in _letter_data(out, blocks, jobs, progress, engine):
                for outcome in (_outcome_of(item, once) for item in data["outcomes"]):
                    letters.append(outcome.graph)
                    triples += outcome.triples
                    if scope in ("letter", "both"):
                        outcomes.append(outcome)
                union = _outcome_of(data["union"], once)
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
    report = finish_report(scope, sorted(set(letters)), triples, outcomes)
    report.folder = str(out)
    return report


def _union_outcome(
    shared: Path,
    folder: Path,
    outcome: Outcome,
    per_triple: dict[tuple[Result, tuple[Any, ...]], Result],
    sentences: dict[str, tuple[int, str]],
) -> Outcome:
    """The union shapes: per-triple ones merged from the letters, the others on a store of the shared
    triples, in memory when they are few (:data:`UNION_IN_MEMORY`), else on disk."""
    # merged into the default graph, as run.union_store does (and why); lenient, as each letter's
    # store was loaded: its lines were already read there (a quarter less time)
    if shared.stat().st_size <= UNION_IN_MEMORY:
        store = ox.Store()
        store.load(path=str(shared), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
    else:
        store = ox.Store(str(folder))
        store.bulk_load(path=str(shared), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
    try:
        store.extend(
            ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), ox.DefaultGraph())
            for s, p, o in subclass_triples()
        )
        results = list(per_triple.values())
        for check in _whole_union_checks():
            results += run_check(store, check, "")
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
