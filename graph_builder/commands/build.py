"""``ipgov build [PATH…] [-o DIR] [-j N] [--force]``: build letters into a dataset, incrementally."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.corpus.layout import DEFAULT_OUT
from graph_builder.errors import EXIT_DATA, EXIT_OK

EXIT_INTERRUPTED = 130  # the shell's code for a process ended by Ctrl-C


def add_parser(subparsers: Any) -> None:
    """Register ``build``."""
    parser = add_command(
        subparsers,
        "build",
        "build the knowledge graph of letters (default: the bundled seed letter)",
        "Build letters into an output folder: one named graph per letter, appended to dataset.nq\n"
        "in key order as letters are done (manifest.json gives each letter's byte range), and,\n"
        "with --formats, dataset.trig and merged.ttl assembled by streaming.\n"
        "A rebuild skips letters whose bytes, tool and gazetteer did not change (manifest.json).\n"
        "Corrections (docs/corrections.md): corrections.yaml in each letter folder given, and\n"
        "--corrections FILE, applied after extraction; a changed entry rebuilds its letters.",
    )
    parser.add_argument("paths", nargs="*", help="letter files or folders of letters (*.txt)")
    parser.add_argument("-o", "--out", default=DEFAULT_OUT, help=f"output folder (default: ./{DEFAULT_OUT})")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--force", action="store_true", help="rebuild every letter, ignoring the manifest")
    parser.add_argument("--no-validate", action="store_true", help="skip SHACL validation of the result")
    # Opt-in: pyoxigraph's bulk load makes a first build of a corpus several times slower and
    # peaks near 2 GB at 1,000 letters, while most builds are followed by few queries.
    store = parser.add_mutually_exclusive_group()
    store.add_argument(
        "--store", action="store_true",
        help="also keep a persistent store (DIR/store/), which query, export and serve open instead of loading "
        "dataset.nq; later builds update it incrementally. Costs a first build of a corpus several times its time",
    )
    store.add_argument(
        "--no-store", action="store_true", help="remove the persistent store a folder has (the default keeps none)"
    )
    parser.add_argument(
        "--answers", action="store_true",
        help="also fill the answer cache of `ipgov query` (DIR/.cache/answers/: each letter's rows of the canned "
        "queries it serves, for new and changed letters); without it the first such query after the build does",
    )
    parser.add_argument(
        "--corrections", action="append", default=[], metavar="FILE",
        help="a corrections file (docs/corrections.md), besides corrections.yaml in each letter folder; repeatable",
    )
    parser.add_argument(
        "--wait", action="store_true",
        help="if another ipgov writes the output folder, wait for it (default: stop with exit 2)",
    )
    parser.add_argument(
        "--formats", default="nq", type=_formats, metavar="LIST",
        help="merged outputs, comma-separated, of nq,trig,ttl or 'all' (default: nq; N-Quads are always written)",
    )
    parser.set_defaults(run=run)


def _formats(text: str) -> frozenset[str]:
    from graph_builder.corpus.merge import FORMATS

    names = set(FORMATS) if text.strip() == "all" else {n.strip() for n in text.split(",") if n.strip()}
    unknown = names - set(FORMATS)
    if unknown:
        choices = ", ".join(FORMATS)
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(sorted(unknown))} (choose from {choices}, all)")
    return frozenset(names)


def run(args: argparse.Namespace) -> int:
    """Build, print a summary; exit 1 when any letter failed or the result does not conform."""
    from graph_builder.corpus.allocator import keep_freed_memory
    from graph_builder.letter_paths import find_letters
    from graph_builder.safe_text import printable

    keep_freed_memory()  # this process builds letters itself with -j 1
    if args.jobs is not None and args.jobs < 1:
        print("ipgov: --jobs must be at least 1", file=sys.stderr)
        return 2
    out = Path(args.out)
    if args.paths:
        paths, odd = find_letters(args.paths)
        for line in odd:  # FIFOs, folders named *.txt, dangling links…: reported and skipped, like a bad letter
            print(printable(line), file=sys.stderr)
        if not paths:
            if odd:
                return EXIT_DATA  # nothing to build: the folder keeps its outputs
            print("ipgov: no letters (*.txt) found in " + printable(", ".join(args.paths)), file=sys.stderr)
            return 2
        return max(_build(paths, out, args, args.paths), EXIT_DATA if odd else EXIT_OK)
    from importlib.resources import as_file

    from graph_builder.resources import seed_letter

    with as_file(seed_letter()) as seed:
        return _build([Path(seed)], out, args)


def _corrections(paths: list[Path], out: Path, args: argparse.Namespace, given: list[str]) -> dict[str, Any] | int:
    """The corrections entries of the build by letter key, or exit 2 after printing each
    problem (``file:line: problem``) of its corrections files."""
    from graph_builder import corrections as cx
    from graph_builder.corpus import manifest as mf
    from graph_builder.iri import letter_key_of
    from graph_builder.safe_text import printable

    files = cx.files_for(given, args.corrections)
    if not files:
        return {}
    try:
        entries = cx.load(files)
    except cx.CorrectionsError as error:
        for line in error.problems:
            print(printable(line), file=sys.stderr)
        return 2
    letters: dict[str, Path] = {}
    for path in paths:
        letters.setdefault(letter_key_of(path.stem), path)
    plan = cx.plan(entries, letters, mf.load(out))
    for line in plan.problems:
        print(printable(line), file=sys.stderr)
    if plan.problems:
        return 2
    for line in plan.notes:
        print(printable(line), file=sys.stderr)
    return dict(plan.by_letter)


def _build(paths: list[Path], out: Path, args: argparse.Namespace, given: list[str] | None = None) -> int:
    """Build under the output folder's lock; a write the system refuses is one line and exit 1."""
    from graph_builder.diskfull import is_refused_write, refused
    from graph_builder.lock import output_lock

    try:
        with output_lock(out, args.wait):
            corrections = _corrections(paths, out, args, given or [])
            if isinstance(corrections, int):
                return corrections
            try:
                return _build_locked(paths, out, args, corrections)
            except OSError as error:
                if is_refused_write(error):
                    _drop_staging(out)
                raise
    except OSError as error:  # also a lock file that cannot be made: a read-only folder
        if not is_refused_write(error):
            raise
        raise refused(error, out, paths) from None


def _drop_staging(out: Path) -> None:
    """Give the space of a half-done build back (its journal would resume it, but the disk is full)."""
    import shutil

    from graph_builder.corpus.layout import STAGING

    shutil.rmtree(out / STAGING, ignore_errors=True)
    for leftover in out.glob(".*.tmp*"):  # temporary names of atomic writes
        leftover.unlink(missing_ok=True)


def _build_locked(paths: list[Path], out: Path, args: argparse.Namespace, corrections: dict[str, Any]) -> int:
    """Build, print the summary, validate; the last line printed is the verdict (``conforms: …``)."""
    from graph_builder.corpus.build import build_corpus
    from graph_builder.progress import Progress

    bar: Progress | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(total)
        bar.advance()

    try:
        summary = build_corpus(
            paths, out, args.jobs, progress, force=args.force, formats=args.formats, corrections=corrections,
            store=args.store,
        )
    except BaseException as stopped:
        if bar is not None:
            bar.close()  # the error's line starts a line of its own
        if isinstance(stopped, KeyboardInterrupt):
            print(f"ipgov: interrupted; {out}/ keeps its previous outputs, the next build resumes", file=sys.stderr)
            return EXIT_INTERRUPTED
        raise
    if bar is not None:
        bar.close()
    code = _report(summary, out)
    if args.answers:
        _fill_answers(out, args.jobs)
    if args.no_validate:
        from graph_builder.safe_text import printable

        print(f"conforms: not checked (--no-validate; run: ipgov validate {printable(str(out))})")
        return code
    return max(code, _validate(out, args.jobs))


def _fill_answers(out: Path, jobs: int | None) -> None:
    """Fill the answer cache (``graph_builder.answers``) and say how long it took."""
    import time

    from graph_builder.answers import fill

    started = time.perf_counter()
    fill(out, jobs)
    print(f"answers: {time.perf_counter() - started:.1f} s (the answer cache of ipgov query, .cache/answers/)")


def _validate(out: Path, jobs: int | None) -> int:
    """Validate the build and write its reports; end with the verdict line; exit 1 when it does not conform."""
    import time

    from graph_builder.validate.report import verdict
    from graph_builder.validate.run import validate_build_folder

    started = time.perf_counter()
    report, text_path = validate_build_folder(out, jobs)
    html = text_path.with_suffix(".html").name
    print(f"time: validation {time.perf_counter() - started:.2f} s → {text_path}, {html}")
    if not report.conforms:
        sys.stdout.flush()  # the verdict stays the last line when both streams go to one place
        print(f"ipgov: the graph does not conform to the shapes; see {text_path}", file=sys.stderr)
    print(verdict(report))
    return EXIT_OK if report.conforms else EXIT_DATA


def _report(summary: Any, out: Path) -> int:
    from graph_builder.safe_text import printable

    for line in [*summary.failed, *summary.stale]:
        print(printable(line), file=sys.stderr)
    print(
        f"built {len(summary.built)} letter(s), failed {len(summary.failed)}, unchanged {len(summary.unchanged)}, "
        f"dropped {len(summary.dropped)}, {summary.quads} quads → {out}/"
    )
    for cls, count in sorted(summary.classes.items()):
        if count:
            print(f"  {cls:<24} {count}")
    letters, merge = summary.seconds.get("letters", 0.0), summary.seconds.get("merge", 0.0)
    rate = f" ({len(summary.built) / letters:,.0f} letters/s)" if summary.built and letters > 0 else ""
    stored = ""
    if summary.store is not None:
        stored = f", store {summary.seconds.get('store', 0.0):.2f} s ({summary.store.mode})"
    print(f"time: letters {letters:.2f} s{rate}, merged files {merge:.2f} s{stored}")
    return EXIT_DATA if summary.failed else EXIT_OK
