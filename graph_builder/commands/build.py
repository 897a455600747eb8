"""``ipgov build [PATH…] [-o DIR]``: build letters (default: the bundled seed) into a dataset."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.errors import EXIT_DATA, EXIT_OK


def add_parser(subparsers: Any) -> None:
    """Register ``build``."""
    parser = add_command(
        subparsers,
        "build",
        "build the knowledge graph of letters (default: the bundled seed letter)",
    )
    parser.add_argument("paths", nargs="*", help="letter files or folders of letters (*.txt)")
    parser.add_argument("-o", "--out", default="ipgov-out", help="output folder (default: ./ipgov-out)")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and print a summary; exit 1 when any letter failed."""
    from graph_builder.corpus import build_corpus, stderr_progress
    from graph_builder.pipeline import letter_files
    from graph_builder.resources import seed_letter

    if args.paths:
        paths = letter_files(args.paths)
    else:
        from importlib.resources import as_file

        with as_file(seed_letter()) as seed:
            paths = [Path(seed)]
            return _report(build_corpus(paths, Path(args.out), args.jobs, stderr_progress()), Path(args.out))
    if not paths:
        print("ipgov: no letters (*.txt) found in " + ", ".join(args.paths), file=sys.stderr)
        return 2
    return _report(build_corpus(paths, Path(args.out), args.jobs, stderr_progress()), Path(args.out))


def _report(summary: Any, out: Path) -> int:
    for line in summary.failed:
        print(line, file=sys.stderr)
    print(f"built {len(summary.built)} letter(s), failed {len(summary.failed)}, {summary.quads} quads → {out}/")
    for cls, count in sorted(summary.classes.items()):
        print(f"  {cls:<24} {count}")
    return EXIT_DATA if summary.failed else EXIT_OK
