"""Persistent store benchmark: ``python bench/bench_store.py [--letters 1000] [--work DIR]``.

Writes synthetic letters (bench/make_corpus.py) and the seed letter (which the queries'
examples name) and measures, each command a separate
process as a user runs it (``ipgov`` of this interpreter), its wall time and the peak memory
of its process tree (sum of PSS, sampled from /proc):

- ``ipgov build --no-validate`` with ``--store`` and with ``--no-store`` (a first build), the
  store's share of it and its size on disk;
- a rebuild with nothing changed, and one after one letter changed and one removed, both
  ways (the store updated letter by letter);
- the answer cache (``graph_builder.answers``): the first served query after the build, which
  computes every letter's rows, and the first one after a one-letter rebuild;
- every canned query as ``ipgov query`` runs it on the folder with the store (with ``--sparql``,
  also with the SPARQL evaluated instead of the answer cache), twice (the first call of a query
  without parameters also orders and keeps its answer and its text): with each
  example of its header, and without parameters when it has no required one (wall time from
  process start; targets < 1 s and < 10 s at 10,000 letters), and one query on the folder
  without a store (dataset.nq loaded into memory, as before);
- with ``--options``: the two ways of updating a store, measured on the store just built:
  a bulk load of the whole dataset into an empty store (the first build's figure), against
  a hard-link checkpoint with K letters' graphs removed and bulk-loaded again (K = 1, 10,
  N/10), per letter.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import run_measured, settle  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from graph_builder.corpus.layout import DATASET, MANIFEST  # noqa: E402

SEED = "000_cf6b83477be807db.txt"
_STORE_LINE = re.compile(r"store ([0-9.]+) s \((\w+)\)")
_LETTERS_LINE = re.compile(r"time: letters ([0-9.]+) s")


def ipgov(*args: str) -> list[str]:
    """The installed ``ipgov`` of this interpreter (``-P``: not a checkout's sources before it)."""
    return [sys.executable, "-P", "-m", "graph_builder", *args]


def measured(command: list[str], quiet: float, timeout: float | None = None) -> tuple[float, int, str, int]:
    """(wall seconds, peak PSS bytes of the process tree, stdout, exit code); -1 code on timeout."""
    if quiet:
        settle(quiet)
    seconds, peak, result = run_measured(command, quiet=False, timeout=timeout)
    if result.returncode not in (0, -1):
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr[-2000:]}")
    return seconds, peak, result.stdout, result.returncode


def du(path: Path) -> int:
    """Bytes on disk under ``path`` (hard links counted once)."""
    seen: set[int] = set()
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            info = os.lstat(os.path.join(root, name))
            if info.st_ino not in seen:
                seen.add(info.st_ino)
                total += info.st_blocks * 512
    return total


def _mb(value: int) -> str:
    return f"{value / 2**20:,.0f} MB"


def _store_seconds(stdout: str) -> tuple[float, str]:
    found = _STORE_LINE.search(stdout)
    return (float(found.group(1)), found.group(2)) if found else (0.0, "none")


def bench_builds(corpus: Path, work: Path, quiet: float, jobs: str | None) -> dict[str, object]:
    extra = ["-j", jobs] if jobs else []
    rows: dict[str, object] = {}
    for name, flags in (("without store", ["--no-store"]), ("with store", ["--store"])):
        out = work / name.replace(" ", "-")
        shutil.rmtree(out, ignore_errors=True)
        command = ipgov("build", str(corpus), "-o", str(out), "--no-validate", *extra, *flags)
        seconds, peak, stdout, _ = measured(command, quiet)
        store_s, mode = _store_seconds(stdout)
        rows[name] = (seconds, peak, store_s, mode)
        print(f"… first build {name}: {seconds:.1f} s, peak {_mb(peak)}, store {store_s:.1f} s ({mode})",
              file=sys.stderr)
    store_dir = work / "with-store" / "store"
    rows["store size"] = du(store_dir)
    rows["dataset.nq size"] = (work / "with-store" / DATASET).stat().st_size
    for name, flags in (("without store", ["--no-store"]), ("with store", ["--store"])):
        out = work / name.replace(" ", "-")
        command = ipgov("build", str(corpus), "-o", str(out), "--no-validate", *extra, *flags)
        seconds, peak, stdout, _ = measured(command, quiet)
        rows[f"unchanged {name}"] = (seconds, peak, *_store_seconds(stdout))
    letters = sorted(corpus.glob("*.txt"))
    changed, removed = letters[len(letters) // 2], letters[len(letters) // 3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n附件：无\n", encoding="utf-8")
    aside = work / removed.name
    shutil.move(removed, aside)
    try:
        for name, flags in (("without store", ["--no-store"]), ("with store", ["--store"])):
            out = work / name.replace(" ", "-")
            seconds, peak, stdout, _ = measured(
                ipgov("build", str(corpus), "-o", str(out), "--no-validate", *extra, *flags), quiet)
            rows[f"one changed, one removed {name}"] = (seconds, peak, *_store_seconds(stdout))
    finally:
        shutil.move(aside, removed)
    return rows


def bench_cache_fill(work: Path, quiet: float, timeout: float) -> tuple[float, int, int]:
    """The first query the answer cache serves after a build computes every letter's rows:
    (wall seconds, peak bytes, bytes of .cache/answers)."""
    out = work / "with-store"
    shutil.rmtree(out / ".cache" / "answers", ignore_errors=True)
    seconds, peak, _, code = measured(
        ipgov("query", "provisions-cited", "--data", str(out), "--format", "csv"), quiet, timeout * 20)
    assert code == 0, "the answer cache's first query failed"
    size = sum(path.stat().st_size for path in (out / ".cache" / "answers").iterdir())
    print(f"… answer cache filled by the first served query: {seconds:.1f} s, {size / 1e6:.0f} MB", file=sys.stderr)
    return seconds, peak, size


def bench_cache_update(corpus: Path, work: Path, quiet: float, timeout: float) -> tuple[float, float]:
    """After one letter changed and a rebuild: (the rebuild's wall seconds, the first served query's)."""
    out = work / "with-store"
    letters = sorted(corpus.glob("*.txt"))
    changed = letters[len(letters) // 5]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n特此函复。\n", encoding="utf-8")
    build, _, _, _ = measured(ipgov("build", str(corpus), "-o", str(out), "--no-validate", "--store"), quiet)
    seconds, _, _, code = measured(
        ipgov("query", "figures", "--data", str(out), "--format", "csv"), quiet, timeout * 5)
    assert code == 0
    print(f"… one letter changed: rebuild {build:.1f} s, then figures {seconds:.2f} s", file=sys.stderr)
    return build, seconds


def bench_queries(work: Path, quiet: float, timeout: float, sparql: bool = False,
                  ) -> list[tuple[str, str, float | None, int, int]]:
    """(query, parameters, wall seconds or None past the timeout, rows, peak bytes) per run; with
    ``sparql``, the SPARQL evaluated instead of the answer cache (``ipgov query --sparql``)."""
    from graph_builder.queries import canned_queries

    out = work / "with-store"
    runs = []
    for query in canned_queries():
        required = any(p.required for p in query.params)
        cases = [dict(example) for example in query.examples]
        if not required and {} not in cases:
            cases.append({})
        for raw in cases:
            params = [arg for key, value in raw.items() for arg in ("-p", f"{key}={value}")]
            flags = ["--sparql"] if sparql else []
            seconds, peak, stdout, code = measured(
                ipgov("query", query.name, "--data", str(out), "--format", "csv", *params, *flags), quiet, timeout)
            rows = max(0, stdout.count("\n") - 1)
            shown = " ".join(f"{k}={v}" for k, v in raw.items()) or "(none)"
            runs.append((query.name, shown, None if code == -1 else seconds, rows, peak))
            cell = f"over {timeout:.0f} s" if code == -1 else f"{seconds:.2f} s"
            print(f"… query {query.name} {shown}{' --sparql' if sparql else ''}: {cell}, {rows} rows", file=sys.stderr)
    return runs


def bench_options(work: Path, samples: list[int]) -> list[tuple[int, float, float, float]]:
    """(K, seconds to checkpoint + open, to remove K graphs, to bulk-load K graphs) on the built store."""
    import json

    import pyoxigraph as ox

    from graph_builder.store import persistent

    out = work / "with-store"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    keys = sorted(manifest["letters"])
    generation = persistent.current_generation(out)
    assert generation is not None
    results = []
    fd = os.open(out / DATASET, os.O_RDONLY)
    try:
        for count in samples:
            chosen = keys[len(keys) // 4 : len(keys) // 4 + count]
            copy = work / f"option-{count}"
            shutil.rmtree(copy, ignore_errors=True)
            started = time.perf_counter()
            ox.Store.read_only(str(generation)).backup(str(copy))
            store = ox.Store(str(copy))
            opened = time.perf_counter()
            for key in chosen:
                store.remove_graph(ox.NamedNode("https://w3id.org/ipgov/graph/" + key))
            removed = time.perf_counter()
            data = b"".join(os.pread(fd, manifest["letters"][k]["size"], manifest["letters"][k]["offset"])
                            for k in chosen)
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
            loaded = time.perf_counter()
            results.append((count, opened - started, removed - opened, loaded - removed))
            print(f"… option K={count}: checkpoint {opened - started:.2f} s, remove {removed - opened:.1f} s, "
                  f"load {loaded - removed:.1f} s", file=sys.stderr)
            shutil.rmtree(copy, ignore_errors=True)
    finally:
        os.close(fd)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=1000, help="synthetic letters (default 1000)")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a new one under /tmp)")
    parser.add_argument("-j", "--jobs", default=None, help="build workers (default: all cores)")
    parser.add_argument("--query-timeout", type=float, default=120.0, help="seconds per query run (default 120)")
    parser.add_argument("--quiet", type=float, default=10.0,
                        help="seconds to wait at most for a quiet machine before each run (default 10; 0: none)")
    parser.add_argument("--no-queries", action="store_true", help="skip the canned queries")
    parser.add_argument("--sparql", action="store_true",
                        help="also time each query with --sparql (the SPARQL on the store, not the answer cache)")
    parser.add_argument("--options", action="store_true", help="also time per-graph updates against the bulk load")
    args = parser.parse_args(argv)

    import tempfile

    work = args.work or Path(tempfile.mkdtemp(prefix="ipgov-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "letters"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != args.letters + 1:
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(args.letters, corpus)
        # and the seed letter, which the queries' examples name (its letter, agency, year)
        shutil.copy(HERE.parent / "graph_builder" / "data" / "letters" / SEED, corpus / SEED)
    version = subprocess.run(ipgov("--version"), capture_output=True, text=True, check=False).stdout.strip()
    load = os.getloadavg()[0]
    print(f"{version}; {args.letters:,} synthetic letters and the seed; {os.cpu_count()} cores; load {load:.1f}")

    rows = bench_builds(corpus, work, args.quiet, args.jobs)
    without, with_store = rows["without store"], rows["with store"]
    assert isinstance(without, tuple) and isinstance(with_store, tuple)
    print("\n| build (ipgov build --no-validate) | without store | with store | store's part |")
    print("| --- | ---: | ---: | ---: |")
    for label, key in (("first build", ""), ("nothing changed", "unchanged "),
                       ("one letter changed, one removed", "one changed, one removed ")):
        a, b = rows[f"{key}without store"], rows[f"{key}with store"]
        assert isinstance(a, tuple) and isinstance(b, tuple)
        print(f"| {label}: wall | {a[0]:.1f} s | {b[0]:.1f} s | {b[2]:.2f} s ({b[3]}), "
              f"{(b[0] - a[0]) / a[0] * 100:+.0f} % |")
    print(f"| first build: peak memory (process tree, PSS) | {_mb(without[1])} | {_mb(with_store[1])} | |")
    store_size, nq_size = rows["store size"], rows["dataset.nq size"]
    assert isinstance(store_size, int) and isinstance(nq_size, int)
    print(f"| store on disk | | {_mb(store_size)} ({store_size / nq_size:.2f}× dataset.nq, "
          f"{_mb(nq_size)}) | |")

    if not args.no_queries:
        fill, fill_peak, fill_size = bench_cache_fill(work, args.quiet, args.query_timeout)
        runs = bench_queries(work, args.quiet, args.query_timeout)
        again = {(r[0], r[1]): r[2] for r in bench_queries(work, args.quiet, args.query_timeout)}
        by_sparql = {(r[0], r[1]): r for r in bench_queries(work, args.quiet, args.query_timeout, sparql=True)
                     } if args.sparql else {}
        print(f"\nanswer cache: filled by the first served query after the build in {fill:.1f} s "
              f"(peak {_mb(fill_peak)}, {_mb(fill_size)} in .cache/answers)")
        print("\n| query | parameters | rows | wall (ipgov query, from process start): first · again | peak memory "
              "| target |" + (" --sparql |" if by_sparql else ""))
        print("| --- | --- | ---: | ---: | ---: | --- |" + (" ---: |" if by_sparql else ""))
        for name, shown, seconds, count, peak in runs:
            limit = 10.0 if shown == "(none)" else 1.0
            second = again[(name, shown)]
            cell = " · ".join(f"> {args.query_timeout:.0f} s" if t is None else f"{t:.2f} s" for t in (seconds, second))
            met = "met" if seconds is not None and second is not None and max(seconds, second) < limit else "not met"
            extra = ""
            if by_sparql:
                other = by_sparql[(name, shown)][2]
                extra = f" > {args.query_timeout:.0f} s |" if other is None else f" {other:.2f} s |"
            print(f"| `{name}` | {shown} | {count} | {cell} | {_mb(peak)} | < {limit:.0f} s: {met} |{extra}")
        build, first = bench_cache_update(corpus, work, args.quiet, args.query_timeout)
        print(f"\none letter changed: rebuild with store {build:.1f} s, then the first served query "
              f"(`figures`: one letter's rows, the merge, the answer) {first:.2f} s")
        if args.letters <= 2000:  # dataset.nq in memory: about 2.2 GB per 1,000 letters
            seconds, peak, _, _ = measured(
                ipgov("query", "co-handlers", "--data", str(work / "without-store"), "--format", "csv"),
                args.quiet, args.query_timeout * 3)
            print(f"\nwithout a store (dataset.nq loaded): `co-handlers` {seconds:.2f} s, peak {_mb(peak)}")

    if args.options:
        samples = sorted({1, 10, max(1, args.letters // 10)})
        results = bench_options(work, samples)
        full = with_store[2]
        print(f"\nbulk load of the whole dataset into an empty store: {full:.1f} s, "
              f"{full / args.letters * 1000:.0f} ms a letter")
        print("| K letters replaced | checkpoint + open | remove K graphs | bulk-load K graphs | per letter |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        for count, opened, removed, loaded in results:
            print(f"| {count} | {opened:.2f} s | {removed:.1f} s | {loaded:.1f} s | "
                  f"{(removed + loaded) / count * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
