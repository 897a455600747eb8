"""``ipgov diff OLD NEW [--format text|md|json] [--letter KEY…]``: compare two builds fact by fact."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.data_args import add_data_arguments
from graph_builder.errors import EXIT_DATA, EXIT_OK


def add_parser(subparsers: Any) -> None:
    """Register ``diff``."""
    parser = add_command(
        subparsers,
        "diff",
        "compare two build folders fact by fact, letter by letter (exit 0 equal, 1 different)",
        "Compare two build folders letter by letter: letters added, removed and changed; for a "
        "changed letter the facts added and removed (role, label, class, details, as the facts "
        "JSON names them) and those whose IRI changed; over the compared letters, entities "
        "merged, split or moved to another IRI. Letters with the same source digest built by "
        "the same tool and gazetteer are not opened. Exit 0 when the builds are equal, 1 when "
        "they differ, 2 on bad input. OLD and NEW are DATA: positional, or --data OLD --data NEW.",
        intermixed=True,
    )
    add_data_arguments(parser, "the old build folder, then the new one", metavar="OLD NEW")
    parser.add_argument("--format", choices=("text", "md", "json"), default="text", help="output format (default text)")
    parser.add_argument("--letter", nargs="+", metavar="KEY", help="compare only these letters")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the differences; 0 when there are none, 1 when there are."""
    from graph_builder.data_args import data_paths
    from graph_builder.diff import Report, compare, open_build, render_json, render_markdown, render_text
    from graph_builder.snapshot import read_consistently

    old_path, new_path = data_paths(args, exactly=2, default=False)

    def read() -> Report:
        old, new = open_build(old_path), open_build(new_path)
        return compare(old, new, args.letter)

    # each build as one state, the old or the new, never a mix, while a build may be writing it
    report = read_consistently([old_path, new_path], ("nq", "facts", "entities"), read)
    render = {"text": render_text, "md": render_markdown, "json": render_json}[args.format]
    sys.stdout.write(render(report))
    return EXIT_DATA if report.differs else EXIT_OK
