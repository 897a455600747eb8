"""``ipgov review [DATA] [-o DIR] [--letter KEY…]``: an HTML page per letter and an index."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.data_args import HELP_BUILD, add_data_arguments
from graph_builder.errors import EXIT_OK


def add_parser(subparsers: Any) -> None:
    """Register ``review``."""
    parser = add_command(
        subparsers,
        "review",
        "write an HTML review page per letter (text with evidence highlighted beside the facts) and an index",
        "Write one self-contained HTML page per letter of a build: the letter's text with every "
        "fact's evidence highlighted in the export palette's colours, beside the facts grouped by "
        "role with their class, IRI and labels, and validation findings from the build's cache; "
        "and index.html, a sortable table of the letters. Works offline.",
        intermixed=True,
    )
    add_data_arguments(parser, HELP_BUILD)
    parser.add_argument("-o", "--out", type=Path, help="where to write the pages (default: DATA/review)")
    parser.add_argument("--letter", nargs="+", metavar="KEY", help="only these letters")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the pages and print where the index is."""
    from graph_builder.data_args import build_folder, data_paths
    from graph_builder.review import review
    from graph_builder.snapshot import read_consistently

    [data] = data_paths(args, exactly=1)
    build_folder(data)
    target = args.out or data / "review"
    # the old build or the new one, never a mix, while a build may be writing the folder
    written = read_consistently([data], ("nq", "facts"), lambda: review(data, target, args.letter))
    print(f"wrote {len(written) - 1} letter page(s) and {written[-1]}")
    return EXIT_OK
