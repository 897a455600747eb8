"""Corpus build benchmark: ``python bench/bench_build.py [--sizes 1000 10000] [--large] [--work DIR]``.

For each corpus size it writes synthetic letters (bench/make_corpus.py), builds them with
``ipgov build`` on 1 core and on all cores (each in a fresh output folder, as a separate
process whose resident memory, children included, is sampled from /proc), and measures
on the result: output bytes per letter, validation (``validate_build``, timed on its own),
the Gephi export, and the median time of the canned queries in an embedded pyoxigraph
store (these three up to ``--full-max`` letters). Beside it, in the same run, the plain
way: the first ``--plain`` letters parsed and extracted, their facts added one by one to an
rdflib Graph, then serialised as N-Quads (bytes in, N-Quads out, one process; rdflib is
too slow to take all 10,000). It prints one table, and the slope of build time against
corpus size (1.0 = linear).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from graph_builder.corpus.layout import DATASET, MANIFEST  # noqa: E402


def _tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants (Linux /proc): the sum of their PSS.

    PSS (proportional set size) shares each page among the processes that map it, so
    pages a forked worker still shares with its parent are not counted twice, as a sum of
    RSS would.
    """
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            total += _pss(current)
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def settle(limit: float = 60.0) -> None:
    """Wait (untimed) until the disk has caught up: writeback of earlier outputs, and the freeing
    of deleted ones, took a fifth of the time of a 1,000-letter build that started beside them."""
    if not hasattr(os, "sync"):
        return
    deadline = time.monotonic() + limit
    os.sync()
    while time.monotonic() < deadline:
        before = _busy_ticks()
        time.sleep(1.0)
        if _busy_ticks() - before < 5:  # under 5 % of one core busy over a second: quiet
            return


def _busy_ticks() -> int:
    """Clock ticks the machine spent not idle (Linux), or 0 where /proc/stat is missing."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:]
    except OSError:
        return 0
    ticks = [int(value) for value in fields]
    return sum(ticks) - ticks[3] - ticks[4]  # all but idle and iowait


def run_measured(
    command: list[str], quiet: bool = True, timeout: float | None = None
) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Run a command, once the machine is quiet (``settle``); returns (seconds, peak resident
    bytes of its process tree, result). On ``timeout`` the command is killed and its return
    code is -1."""
    if quiet:
        settle()
    peak = 0
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        code = -1
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return seconds, peak, subprocess.CompletedProcess(command, code, stdout, stderr)


def ipgov(*args: str) -> list[str]:
    """The command line of the installed ``ipgov`` (this interpreter's module).

    ``-P``: not the current folder's ``graph_builder`` (a checkout's sources) before the
    installed, possibly compiled, package.
    """
    return [sys.executable, "-P", "-m", "graph_builder", *args]


def plain_way(paths: list[Path], sink: Path) -> float:
    """Seconds for the plain way, bytes in to N-Quads out like ours, one process.

    Per letter: parse and extract (the same rules), add each fact to an rdflib Dataset's
    named graph one by one, then ``serialize`` N-Quads. The rdflib terms are made inside
    the timing, as a plain program would make them.
    """
    from rdflib import Dataset, URIRef

    from graph_builder.pipeline import facts_of
    from graph_builder.rdf.emit import letter_nquads_text

    started = time.perf_counter()
    for path in paths:
        letter, facts = facts_of(path)
        dataset = Dataset()
        graph = dataset.graph(URIRef(f"https://w3id.org/ipgov/graph/{letter.key}"))
        for triple in _rdflib_triples(letter_nquads_text(facts, letter)):
            graph.add(triple)
        dataset.serialize(destination=str(sink / f"{letter.key}.nq"), format="nquads")
    return time.perf_counter() - started


def _rdflib_triples(nquads: str) -> list[tuple[object, object, object]]:
    """The facts as rdflib terms (URIRef / Literal), made from our term strings."""
    from rdflib import Literal, URIRef
    from rdflib.plugins.parsers.ntriples import unquote

    def term(text: str) -> object:
        if text.startswith("<"):
            return URIRef(text[1:-1])
        closing = text.rindex('"')
        lexical = unquote(text[1:closing])
        rest = text[closing + 1 :]
        if rest.startswith("@"):
            return Literal(lexical, lang=rest[1:])
        if rest.startswith("^^"):
            return Literal(lexical, datatype=URIRef(rest[3:-1]))
        return Literal(lexical)

    from graph_builder.rdf.emit import statements_of

    return [(term(s), term(p), term(o)) for s, p, o in statements_of(nquads)]


_QUERY_CHILD = """
import sys, time, pyoxigraph as ox
from graph_builder.queries import find_query, run_query
from graph_builder.store.embedded import EmbeddedStore
store = EmbeddedStore(ox.Store.read_only(sys.argv[1]))
query = find_query(sys.argv[2])
# as a user runs it: a query with a required parameter takes the examples of its header,
# the first that finds something (an example may name a thing of the seed letter only)
required = any(p.required for p in query.params)
if required and not query.examples:
    sys.exit(f"{query.name}: a required parameter and no example to time it with")
for raw in query.examples if required else [{}]:
    started = time.perf_counter()
    rows = len(run_query(query, raw, store).rows)
    seconds = time.perf_counter() - started
    if rows:
        break
print(seconds, rows)
"""


def query_median(out: Path, work: Path, timeout: float = 60.0) -> tuple[float | None, int]:
    """Median seconds of the canned queries, and how many took longer than ``timeout``.

    Each query runs as ``ipgov query`` runs it: a query with a required parameter takes an
    example of its header. The dataset goes once into an on-disk pyoxigraph store;
    each query runs in a child process with a time limit and an address-space cap, so one
    exploding query cannot take the machine down.
    """
    import pyoxigraph as ox

    from graph_builder.queries import canned_queries

    folder = work / "store"
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    store.bulk_load(path=str(out / DATASET), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    times, slow = [], 0
    for query in canned_queries():
        command = [sys.executable, "-P", "-c", _QUERY_CHILD, str(folder), query.name]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False,
                                    preexec_fn=_cap_memory)
        except subprocess.TimeoutExpired:
            slow += 1
            print(f"… query {query.name}: over {timeout:.0f} s", file=sys.stderr)
            continue
        if result.returncode != 0:
            raise SystemExit(f"query {query.name} failed: {result.stderr[-2000:]}")
        seconds, rows = result.stdout.split()
        print(f"… query {query.name}: {float(seconds):.2f} s, {rows} rows", file=sys.stderr)
        times.append(float(seconds))
    shutil.rmtree(folder, ignore_errors=True)
    return (statistics.median(times) if times else None), slow


def _cap_memory() -> None:
    import resource

    cap = 4 << 30
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def validation_seconds(out: Path, jobs: int) -> float:
    """Seconds of ``validate_build`` on a build folder."""
    from graph_builder.validate import validate_build

    started = time.perf_counter()
    validate_build(out, jobs)
    return time.perf_counter() - started


SEED_QUADS = 4564  # quads of the seed letter's graph (tests/golden/seed.nq)
SEED_BYTES = 15863  # bytes of the seed letter
QUADS_ROW = f"quads/letter (seed: {SEED_QUADS})"


def _quads(out: Path) -> int:
    import json

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    return sum(int(entry["quads"]) for entry in manifest["letters"].values())


def bench_size(
    size: int, work: Path, plain: int, queries: bool, export: bool, full_max: int, repeats: int = 1
) -> dict[str, object]:
    """Every figure for one corpus size (validation, export and queries only up to ``full_max`` letters)."""
    if size > full_max:
        queries = export = False
    corpus = work / f"corpus-{size}"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != size:
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(size, corpus)
    paths = sorted(corpus.glob("*.txt"))
    bytes_in = sum(p.stat().st_size for p in paths)
    row: dict[str, object] = {"letters": size, "kB in/letter": bytes_in / size / 1000}
    row[QUADS_ROW] = None
    cores = os.cpu_count() or 1
    # All cores first, then one; old outputs go before any timing and every output stays until
    # the size is done. Deleting a 1,000-letter folder just before a build made that build pay
    # for it (ext4 searches past recently deleted inodes for every new file), and at 10,000
    # letters a first output still being written back slowed the build after it.
    # Small corpora are built `repeats` times, each into a new folder, and the fastest run
    # counts (as timeit does): on this machine two runs of one build differed by up to 20 %.
    order = sorted({1, cores}, reverse=True)
    for old in work.glob(f"out-{size}-*"):
        shutil.rmtree(old, ignore_errors=True)
    done: list[Path] = []
    for jobs in order:
        runs = []
        for attempt in range(repeats):
            out = work / f"out-{size}-{jobs}-{attempt}"
            # the letter pipeline alone: the persistent store is measured by bench_store.py
            command = ipgov("build", str(corpus), "-o", str(out), "-j", str(jobs), "--no-validate", "--no-store")
            seconds, peak, result = run_measured(command)
            if result.returncode != 0:
                raise SystemExit(f"build failed ({result.returncode}): {result.stderr[-2000:]}")
            runs.append((seconds, peak, out))
            done.append(out)
        print(f"… {size} letters, {jobs} core(s): " + ", ".join(f"{r[0]:.2f} s" for r in runs), file=sys.stderr)
        seconds, _, out = min(runs)
        peak = max(r[1] for r in runs)
        row[f"letters/s {jobs} core(s)"] = size / seconds
        row[f"seconds {jobs} core(s)"] = seconds
        row[f"peak MB {jobs} core(s)"] = peak / 1e6
        if jobs == cores:
            row["seconds"] = seconds
            quads = _quads(out)
            row[QUADS_ROW] = quads / size
            # the target counts letters of seed size: the same rate in seed-size letters (by bytes in,
            # the smaller of the two size ratios, so the figure is not flattered)
            row["seed-size letters/s"] = size / seconds * min(bytes_in / size / SEED_BYTES, quads / size / SEED_QUADS)
            nq = (out / DATASET).stat().st_size
            row["N-Quads bytes/letter"] = nq / size
            row["all outputs bytes/letter"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / size
            # validation is timed on its own, and only up to --full-max letters (it is the slow part)
            row["validation s"] = validation_seconds(out, cores) if size <= full_max else None
            if row["validation s"]:
                row["validation letters/s"] = size / float(row["validation s"])  # type: ignore[arg-type]
            if export:
                started = time.perf_counter()
                exported = subprocess.run(ipgov("export", "gephi", str(out), "-o", str(work / f"g-{size}.gexf")),
                                          capture_output=True, text=True, check=False)
                row["Gephi export s"] = time.perf_counter() - started if exported.returncode == 0 else None
            if queries:
                row["median query s"], row["queries over 60 s"] = query_median(out, work)
    sample = paths[:plain]
    sink = work / "plain"
    shutil.rmtree(sink, ignore_errors=True)
    sink.mkdir(parents=True)
    plain_seconds = plain_way(sample, sink)
    shutil.rmtree(sink, ignore_errors=True)
    # Both ways: bytes in, N-Quads out (ours also writes facts JSON, entities, manifest).
    row["plain letters/s (1 core)"] = len(sample) / plain_seconds
    row["ratio all cores / plain"] = float(row[f"letters/s {cores} core(s)"]) / float(row["plain letters/s (1 core)"])  # type: ignore[arg-type]
    for out in done:
        shutil.rmtree(out, ignore_errors=True)
    return row


def _cell(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.3g}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--large", action="store_true", help="add 100,000 letters")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ipgov-bench"), help="scratch folder")
    parser.add_argument("--plain", type=int, default=100, help="letters taken the plain way (default 100)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="builds of corpora up to 1,000 letters, the fastest counting (default 3)")
    parser.add_argument("--no-queries", action="store_true", help="skip the canned-query timing")
    parser.add_argument("--no-export", action="store_true", help="skip the Gephi export")
    parser.add_argument("--full-max", type=int, default=1000,
                        help="validate, export and query corpora up to this many letters (default 1000); "
                             "larger ones are timed building only")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([100000] if args.large else [])))
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        repeats = args.repeat if size <= 1000 else 1
        rows.append(bench_size(size, args.work, args.plain, not args.no_queries, not args.no_export,
                               args.full_max, repeats))
        print(f"… {size} letters done", file=sys.stderr)
    keys = [k for k in dict.fromkeys(k for row in rows for k in row) if k != "seconds"]
    width = max(len(k) for k in keys)
    version = subprocess.run(ipgov("--version"), capture_output=True, text=True, check=True).stdout.strip()
    print(f"{version}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'':<{width}} " + " ".join(f"{r['letters']:>12,}" for r in rows))
    for key in keys[1:]:
        print(f"{key:<{width}} " + " ".join(f"{_cell(r.get(key)):>12}" for r in rows))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        slope = math.log(float(last["seconds"]) / float(first["seconds"])) / math.log(  # type: ignore[arg-type]
            int(last["letters"]) / int(first["letters"]))  # type: ignore[call-overload]
        print(f"{'slope of time vs size (1.0 = linear)':<{width}} {slope:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
