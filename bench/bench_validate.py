"""Benchmark validation: the fast SHACL Core engine against pySHACL, and the plain pySHACL call.

Default (engines): writes N synthetic seed-size letters (bench/make_corpus.py), builds them
(``ipgov build --no-validate``), then validates the build folder as ``ipgov build`` does
(letter by letter in --jobs processes, then the union shapes; nothing cached), in a child
process each:

1. with the fast engine (the default, ``--engine fast``), all N letters;
2. with pySHACL (``--engine pyshacl``), the first --sample letters only (it does about 3.5
   letters/s on two cores), built into a folder of their own;

and prints letters per second, CPU seconds per letter and peak memory for both (with the
load average at the end of each run), and whether the two give the same results on the sample
letters (compared as whole results: letter, focus, path, value, shape, component, severity and
messages). ``--repeat N`` runs the fast engine N times and prints the median and best.

    python bench/bench_validate.py --letters 1000 --sample 100 --repeat 3

``--plain`` runs the older comparison instead: ``ipgov validate`` against one plain
``pyshacl.validate`` call on the real letters copied into a corpus of --letters letter
graphs (as one rdflib Dataset), compared as sets of (focus, path, value, shape, severity).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph_builder.corpus.layout import DATASET

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
    return out / DATASET


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


def folder_run(folder: Path, engine: str, jobs: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """``ipgov validate FOLDER --engine ENGINE`` as ``ipgov build`` runs it, nothing cached (child process)."""
    import shutil

    from graph_builder.validate import validate_paths

    shutil.rmtree(folder / ".cache" / "validation", ignore_errors=True)
    letters_done = [0.0]

    def progress(done: int, total: int) -> None:
        if done == total:
            letters_done[0] = time.perf_counter()

    start, cpu = time.perf_counter(), time.process_time()
    report = validate_paths([folder], "both", jobs, progress, engine=engine)
    seconds = time.perf_counter() - start
    letter_phase = letters_done[0] - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = time.process_time() - cpu + children.ru_utime + children.ru_stime
    memory = max(peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN))
    results = [(r.letter, r.focus, r.path, r.value, r.shape, r.component, r.severity, r.messages)
               for r in report.results if r.letter]  # the per-letter results (the union's are not per letter)
    queue.put((seconds, letter_phase, cpu_seconds, memory, len(report.letters), results))


def build_synthetic(letters: int, sample: int, tmp: Path) -> tuple[Path, Path]:
    """Write and build ``letters`` synthetic letters, and the first ``sample`` of them on their own."""
    corpus = tmp / "letters"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(letters), str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    few = tmp / "sample-letters"
    few.mkdir()
    for path in sorted(corpus.iterdir())[:sample]:
        (few / path.name).write_bytes(path.read_bytes())
    for source, out in ((corpus, tmp / "build"), (few, tmp / "sample-build")):
        # in a process of its own, so that this one (whose peak memory the children inherit) stays small
        command = f"from graph_builder.cli import main; raise SystemExit(main(['build', {str(source)!r}, '-o', "
        command += f"{str(out)!r}, '-j', '2', '--no-validate']))"
        if subprocess.run([sys.executable, "-c", command], stdout=subprocess.DEVNULL, check=False).returncode != 0:
            raise SystemExit(f"build of {source} failed")
    return tmp / "build", tmp / "sample-build"


def engines(args: argparse.Namespace) -> int:
    """Both engines on synthetic seed-size letters; agreement on the sample."""
    with tempfile.TemporaryDirectory(prefix="ipgov-bench-") as tmp:
        build, sample_build = build_synthetic(args.letters, args.sample, Path(tmp))
        quads = sum(1 for _ in (build / DATASET).open("rb"))
        print(f"corpus: {args.letters} synthetic letters, {quads} quads ({quads / args.letters:.0f} a letter), "
              f"{args.jobs} worker processes, scope both (letters, then the union)")
        rows = []
        runs = [("fast", build)] * args.repeat + [("pyshacl", sample_build)]
        fast_runs: list[tuple[float, float]] = []
        for engine, folder in runs:
            seconds, letter_phase, cpu, memory, letters, results = in_child(folder_run, folder, engine, args.jobs)
            if engine == "fast":
                fast_runs.append((letters / seconds, cpu / letters * 1000))
            if engine == "pyshacl" or len(fast_runs) == 1:
                rows.append((engine, letters, results))
            print(f"  --engine {engine:8s} {letters:5d} letters {seconds:8.1f} s  {letters / seconds:7.1f} letters/s "
                  f"(letter phase {letter_phase:.1f} s: {letters / letter_phase:.1f} letters/s)  "
                  f"{cpu / letters * 1000:6.1f} ms CPU a letter  peak {memory:5.0f} MB  "
                  f"(load {os.getloadavg()[0]:.1f})")
        if len(fast_runs) > 1:
            rates, cpus = sorted(r for r, _ in fast_runs), sorted(c for _, c in fast_runs)
            print(f"  --engine fast over {len(fast_runs)} runs: {rates[len(rates) // 2]:.1f} letters/s median "
                  f"(best {rates[-1]:.1f}), {cpus[len(cpus) // 2]:.1f} ms CPU a letter median (best {cpus[0]:.1f})")
        sample_letters = {r[0] for r in rows[1][2]}
        fast_sample = sorted(r for r in rows[0][2] if r[0] in sample_letters)
        same = fast_sample == sorted(rows[1][2])
        print(f"  same results on the {rows[1][1]} sample letters ({len(rows[1][2])} results): {same}")
        if not same:
            only_fast, only_slow = set(fast_sample) - set(rows[1][2]), set(rows[1][2]) - set(fast_sample)
            for result in sorted(only_fast)[:5] + sorted(only_slow)[:5]:
                print(f"    {'fast' if result in only_fast else 'pyshacl'} only: {result[:7]}", file=sys.stderr)
        return 0 if same else 1


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=1000, help="letters in the corpus (default 1000)")
    parser.add_argument("--sample", type=int, default=100, help="letters validated by pySHACL too (default 100)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the fast engine this many times (a shared machine is noisy; default 1)")
    parser.add_argument("--plain", action="store_true", help="ipgov validate against one plain pyshacl call instead")
    parser.add_argument("--skip-plain", action="store_true", help="with --plain: do not run the plain pyshacl call")
    args = parser.parse_args()
    if args.plain:
        return plain(args)
    return engines(args)


def plain(args: argparse.Namespace) -> int:
    """ipgov validate against one plain pyshacl.validate call on the real letters, copied."""
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
