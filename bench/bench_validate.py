"""Benchmark ``ipgov validate`` against one plain ``pyshacl.validate`` call on the union.

Builds the seed, tests/data/letters and ../shared/eval/dev/letters, copies their letter graphs
under new letter keys (string substitution in the N-Quads) until the corpus holds --letters
letters, then, in the same run:

1. validates it the ipgov way: each letter graph on its own in a process pool (--jobs),
   the union shapes once on the whole store;
2. validates it as one rdflib Dataset with one plain ``pyshacl.validate`` call (same shapes,
   same ontology subclass axioms), in a child process so that its memory is its own;

and prints letters per second, peak memory (max RSS) and whether the results agree. Results
are compared as sets of (focus, path, value, shape, severity): the per-letter report repeats a
shared thing's result once per letter that holds it, the union call once.

    python bench/bench_validate.py --letters 1000
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPH_LINE = re.compile(r"<https://w3id\.org/ipgov/graph/([^>]+)> \.\n$")


def build_sources(out: Path) -> Path:
    """Build the real letters once; returns the dataset.nq."""
    from graph_builder.cli import main
    from graph_builder.resources import seed_letter

    letters = [str(seed_letter()), str(ROOT / "tests" / "data" / "letters")]
    dev = ROOT.parent / "shared" / "eval" / "dev" / "letters"
    if dev.is_dir():
        letters.append(str(dev))
    if main(["build", *letters, "-o", str(out), "-j", "2", "--no-validate"]) != 0:
        raise SystemExit("build failed")
    return out / "dataset.nq"


def synthetic_corpus(dataset: Path, letters: int, out: Path) -> int:
    """Write ``letters`` letter graphs (copies under new keys) to ``out``; returns the quad count."""
    by_key: dict[str, list[str]] = {}
    with dataset.open(encoding="utf-8") as stream:
        for line in stream:
            match = GRAPH_LINE.search(line)
            if match:
                by_key.setdefault(match.group(1), []).append(line)
    keys = sorted(by_key)
    quads = 0
    with out.open("w", encoding="utf-8") as stream:
        for n in range(letters):
            key = keys[n % len(keys)]
            new = key if n < len(keys) else f"{key}-syn{n:05d}"
            lines = by_key[key] if new == key else [line.replace(key, new) for line in by_key[key]]
            stream.writelines(lines)
            quads += len(lines)
    return quads


def peak_mb(who: int) -> float:
    """Peak resident memory in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def plain_call(corpus: Path, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One pyshacl.validate call on the whole corpus as an rdflib Dataset (child process)."""
    import pyshacl
    from rdflib import Dataset, URIRef

    from graph_builder.validate.results import results_from_report
    from graph_builder.validate.shapes import shape_set, subclass_triples

    start = time.perf_counter()
    dataset = Dataset()
    dataset.parse(corpus, format="nquads")
    ontology = dataset.graph(URIRef("urn:x-ipgov:ontology-subclasses"))
    for triple in subclass_triples():
        ontology.add(triple)
    shapes = shape_set(False).graph + shape_set(True).graph
    loaded = time.perf_counter()
    _, report, _ = pyshacl.validate(dataset, shacl_graph=shapes, allow_warnings=True)
    done = time.perf_counter()
    keys = sorted({r.key() for r in results_from_report(report, "")})
    queue.put((loaded - start, done - start, peak_mb(resource.RUSAGE_SELF), keys))


def ipgov_way(corpus: Path, jobs: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Per-letter validation in a pool plus the union shapes (child process, for clean memory)."""
    from graph_builder.validate import validate_paths

    start = time.perf_counter()
    report = validate_paths([corpus], "both", jobs)
    done = time.perf_counter()
    memory = max(peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN))
    queue.put((done - start, memory, sorted({r.key() for r in report.results}), len(report.letters)))


def in_child(target, *args):  # type: ignore[no-untyped-def]
    """Run ``target(*args, queue)`` in a fresh process and return what it put on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    value = queue.get()
    process.join()
    return value


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=1000, help="letters in the corpus (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the ipgov way (default 2)")
    parser.add_argument("--skip-plain", action="store_true", help="do not run the plain pyshacl call")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipgov-bench-") as tmp:
        tmpdir = Path(tmp)
        corpus = tmpdir / "corpus.nq"
        quads = synthetic_corpus(build_sources(tmpdir / "build"), args.letters, corpus)
        print(f"corpus: {args.letters} letters, {quads} quads ({corpus.stat().st_size / 1e6:.1f} MB N-Quads)")
        seconds, memory, keys, letters = in_child(ipgov_way, corpus, args.jobs)
        print(f"ipgov validate  (--jobs {args.jobs}): {seconds:8.1f} s  {letters / seconds:8.1f} letters/s  "
              f"peak {memory:7.0f} MB per process  {len(keys)} distinct results")
        if args.skip_plain:
            return 0
        load, total, plain_memory, plain_keys = in_child(plain_call, corpus)
        print(f"plain pyshacl.validate (union):  {total:8.1f} s  {letters / total:8.1f} letters/s  "
              f"peak {plain_memory:7.0f} MB  {len(plain_keys)} distinct results  (parse {load:.1f} s)")
        print(f"speed-up: {total / seconds:.1f}x   identical results: {keys == plain_keys}")
        if keys != plain_keys:
            only_ipgov, only_plain = set(keys) - set(plain_keys), set(plain_keys) - set(keys)
            print(f"  only ipgov: {len(only_ipgov)}  only plain: {len(only_plain)}", file=sys.stderr)
            for key in sorted(only_ipgov)[:5] + sorted(only_plain)[:5]:
                print(f"  {key}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
