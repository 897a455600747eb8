"""``ipgov validate [DATA…]``: check letter graphs against the SHACL shapes and report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.data_args import add_data_arguments, data_paths
from graph_builder.errors import EXIT_DATA, EXIT_OK

DESCRIPTION = """Validate letter graphs against shapes/*.ttl.

Each letter's named graph is validated on its own (in parallel); the union shapes
(shapes/union*.ttl: one kind and one Chinese label per IRI, no ipgov: term outside the
ontology) run once on the union of all graphs. DATA are build folders (their dataset.nq),
folders of RDF files, or .nq/.trig/.ttl/.nt files, positional or with --data; the default is
./ipgov-out; -o names the report file only. Warnings and infos are reported but do not break
conformance."""


def add_parser(subparsers: Any) -> None:
    """Register ``validate``."""
    parser = add_command(subparsers, "validate", "validate letter graphs against the SHACL shapes", DESCRIPTION,
                         intermixed=True)
    add_data_arguments(parser)
    parser.add_argument("--scope", choices=("letter", "union", "both"), default="both",
                        help="per-letter shapes, union shapes, or both (default)")
    parser.add_argument("--format", dest="fmt", choices=("text", "md", "html", "ttl", "json"), default="text",
                        help="report format (default: text); ttl and json give the sh:ValidationReport")
    parser.add_argument("-o", "--output", help="write the report to this file instead of stdout")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--engine", choices=("fast", "pyshacl"), default="fast",
                        help="SHACL Core engine: fast (compiled shapes, default) or pyshacl (the reference, "
                             "about 100x slower); both give the same results")
    parser.add_argument("--wait", action="store_true",
                        help="with -o into a build folder another ipgov writes: wait for it (default: exit 2)")
    parser.set_defaults(run=run)


def _progress() -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\rvalidated {done}/{total} letter graph(s)", end="\n" if done == total else "", file=sys.stderr)

    return show


def run(args: argparse.Namespace) -> int:
    """Validate, write the report, exit 0 when the data conform and 1 when they do not."""
    paths = data_paths(args)
    folder = _written_folder(paths, args.output)
    if folder is None:
        return _validate(paths, args)
    from graph_builder.diskfull import is_refused_write, refused
    from graph_builder.lock import output_lock

    try:
        with output_lock(folder, args.wait):  # the report goes into a build folder: one writer at a time
            return _validate(paths, args)
    except OSError as error:
        if not is_refused_write(error):
            raise
        raise refused(error, folder) from None


def _written_folder(paths: list[Path], output: str | None) -> Path | None:
    """The build folder among ``paths`` that ``-o`` writes into, if any."""
    if not output:
        return None
    target = Path(output).absolute()
    for path in paths:
        if path.is_dir() and target.is_relative_to(path.absolute()):
            return path
    return None


def _validate(paths: list[Path], args: argparse.Namespace) -> int:
    from graph_builder.validate import render, validate_paths
    from graph_builder.validate.report import verdict
    from graph_builder.validate.report_html import render_html

    report = validate_paths(paths, args.scope, args.jobs, _progress(), args.engine)
    # the HTML report links the review pages relative to where it is written (stdout: here)
    text = render_html(report, Path(args.output or "-")) if args.fmt == "html" else render(report, args.fmt)
    if args.output:
        from graph_builder.corpus.atomic import atomic_write
        from graph_builder.safe_text import printable

        atomic_write(Path(args.output), text)
        print(f"wrote the {args.fmt} report to {printable(args.output)}\n{verdict(report)}")
    else:
        sys.stdout.write(text)
    return EXIT_OK if report.conforms else EXIT_DATA
