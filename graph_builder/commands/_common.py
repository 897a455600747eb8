"""Helpers shared by sub-commands: subcommand registration with the common epilog."""

from __future__ import annotations

import argparse
from typing import Any

from graph_builder.errors import EPILOG


def add_command(subparsers: Any, name: str, help_text: str, description: str | None = None) -> argparse.ArgumentParser:
    """Register a sub-command with the shared exit-code epilog."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help_text,
        description=description or help_text,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def seconds_argument(text: str) -> float:
    """An argparse type: a number of seconds, more than 0 and less than a day (``--timeout``)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < 86400:
        raise argparse.ArgumentTypeError(f"must be between 0 and 86400 seconds: {text!r}")
    return value
