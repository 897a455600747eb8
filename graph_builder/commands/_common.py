"""Helpers shared by sub-commands: subcommand registration with the common epilog."""

from __future__ import annotations

import argparse
from typing import Any

from graph_builder.errors import EPILOG


def add_command(
    subparsers: Any, name: str, help_text: str, description: str | None = None, intermixed: bool = False,
    **options: Any,
) -> argparse.ArgumentParser:
    """Register a sub-command with the shared exit-code epilog (``options`` go to ``add_parser``).

    ``intermixed``: positionals may come after options (``ipgov query NAME -p k=v DATA``), which
    argparse's default parsing refuses once a ``nargs="*"`` positional has been passed.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help_text,
        description=description or help_text,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **options,
    )
    if intermixed:
        parser.__class__ = type("Intermixed" + type(parser).__name__, (_Intermixed, type(parser)), {})
    return parser


class _Intermixed(argparse.ArgumentParser):
    """A sub-command parser that parses options and positionals in any order (the sub-command
    action calls ``parse_known_args``; this runs ``parse_known_intermixed_args`` instead, which
    itself calls ``parse_known_args`` twice: those calls parse as usual)."""

    _mixing = False
    given: tuple[str, ...] = ()  # the command line of the sub-command, for a help action that looks at it

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._mixing:
            return super().parse_known_args(args, namespace)
        self._mixing, self.given = True, tuple(args or ())
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False


def first_positional(parser: argparse.ArgumentParser) -> str | None:
    """The first positional word of a sub-command's command line (before ``--help`` has parsed it)."""
    words = list(getattr(parser, "given", []))
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return words[i + 1] if i + 1 < len(words) else None
        if word.startswith("-") and len(word) > 1:
            action = parser._option_string_actions.get(word.split("=", 1)[0])
            takes_value = action is not None and action.nargs != 0 and "=" not in word
            i += 2 if takes_value else 1
            continue
        return word
    return None


def seconds_argument(text: str) -> float:
    """An argparse type: a number of seconds, more than 0 and less than a day (``--timeout``)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < 86400:
        raise argparse.ArgumentTypeError(f"must be between 0 and 86400 seconds: {text!r}")
    return value
