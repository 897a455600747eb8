"""Time every canned query on ≥1 M synthetic triples: embedded pyoxigraph beside rdflib's default store.

The synthetic corpus multiplies real letter graphs (the bundled seed letter, the test
letters, and the team's dev letters when ``../shared`` is present): copy ``k`` of a letter
(k ≥ 1) renames every letter-local IRI (letter, source, proposal, items, measures, figures,
evidence, graph) with a ``-s<k>`` suffix and moves its date into another year, while shared
things (agencies, courts, policies, places) keep their IRIs, as they would across real letters.

Run:  python bench/bench_queries.py [--triples 1000000] [--repeat 5] [--rdflib-timeout 60]
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_builder.pipeline import build_letter  # noqa: E402
from graph_builder.queries import bound_text, canned_queries, param_terms  # noqa: E402
from graph_builder.store.embedded import EmbeddedStore  # noqa: E402

_DATE = re.compile(r'(<http://purl\.org/dc/terms/date> ")(\d{4})')


def source_letters() -> list[Path]:
    """The real letters the corpus is made of."""
    letters = sorted((ROOT / "graph_builder" / "data" / "letters").glob("*.txt"))
    letters += sorted((ROOT / "tests" / "data" / "letters").glob("*.txt"))
    dev = ROOT.parent / "shared" / "eval" / "dev" / "letters"
    if dev.is_dir():
        letters += sorted(dev.glob("*.txt"))
    return letters


def synthetic_nquads(target: int, out: Path) -> int:
    """Write at least ``target`` quads of renamed letter copies to ``out``; return the count."""
    built = [build_letter(path) for path in source_letters()]
    per_round = sum(len(b.nquads) for b in built)
    copies = -(-target // per_round)
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for k in range(copies):
            for letter in built:
                key = re.escape(letter.key)
                local = re.compile(rf"(/(?:[a-z]+)/){key}(?=[-/>#])")
                year = str(2010 + k % 12)
                for line in letter.nquads:
                    if k:  # copy 0 keeps the real keys, so the queries' examples find their letter
                        line = local.sub(rf"\g<1>{letter.key}-s{k}", line)
                        line = _DATE.sub(rf"\g<1>{year}", line)
                    handle.write(line)
                    written += 1
    return written


class _TimeoutError(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TimeoutError


def time_rdflib(dataset: object, text: str, limit: float) -> float | str | None:
    """Seconds rdflib needs for one run (parse + evaluate + fetch), None past ``limit``, or its error."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        rows = list(dataset.query(text))  # type: ignore[attr-defined]
        del rows
        return time.perf_counter() - start
    except _TimeoutError:
        return None
    except Exception as error:  # rdflib fails on some valid queries (e.g. ORDER BY over unbound values)
        return type(error).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main() -> int:
    """Build the corpus, load both stores, time every query; print a table and the summary."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="at least this many quads (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query on the embedded store (default 5)")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds per rdflib query (default 60)")
    parser.add_argument("--skip-rdflib", action="store_true", help="time the embedded store only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.nq"
        start = time.perf_counter()
        quads = synthetic_nquads(args.triples, path)
        print(f"generated {quads:,} quads in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        store = EmbeddedStore.from_paths([path])
        print(f"pyoxigraph: loaded {len(store):,} quads in {time.perf_counter() - start:.1f} s")
        dataset = None
        if not args.skip_rdflib:
            from rdflib import Dataset

            start = time.perf_counter()
            dataset = Dataset()
            dataset.parse(path, format="nquads")
            print(f"rdflib:     loaded {len(dataset):,} quads in {time.perf_counter() - start:.1f} s")

    medians: list[float] = []
    print(f"\n{'query':<26} {'rows':>7} {'oxigraph median':>16} {'slowest':>9} {'rdflib':>10} {'ratio':>8}")
    for query in canned_queries():
        example = query.examples[0] if query.examples else {}
        text = bound_text(query, param_terms(query, example, store))
        times, rows = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            rows = len(store.run(text).rows)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        medians.append(median)
        rdflib_cell, ratio_cell = "-", "-"
        if dataset is not None:
            seconds = time_rdflib(dataset, text, args.rdflib_timeout)
            if isinstance(seconds, str):
                rdflib_cell = f"fails: {seconds}"
            elif seconds is None:
                rdflib_cell, ratio_cell = f">{args.rdflib_timeout:.0f} s", f">{args.rdflib_timeout / median:,.0f}×"
            else:
                rdflib_cell, ratio_cell = f"{seconds:.2f} s", f"{seconds / median:,.0f}×"
        slowest = max(times) * 1000
        cells = f"{median * 1000:>13.1f} ms {slowest:>6.1f} ms {rdflib_cell:>10} {ratio_cell:>8}"
        print(f"{query.name:<26} {rows:>7} {cells}")
    print(
        f"\nembedded store, {len(medians)} queries: median of medians {statistics.median(medians) * 1000:.1f} ms, "
        f"slowest median {max(medians) * 1000:.1f} ms (target < 1000 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
