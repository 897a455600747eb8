"""The ``ipgov`` command: argument parsing and dispatch only.

Each sub-command lives in ``graph_builder/commands/<name>.py`` and exposes
``add_parser(subparsers)`` (registering itself with ``set_defaults(run=...)``); heavy
imports happen inside ``run`` so that ``ipgov --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from graph_builder import __version__, commands, is_compiled
from graph_builder.errors import EPILOG, EXIT_EXTERNAL, EXIT_USAGE, IpgovError
from graph_builder.safe_text import printable


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line (the usage is in ``--help``); sub-command
    parsers are made of this class too."""

    def error(self, message: str) -> NoReturn:
        """Print one line and exit 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every sub-command found in ``graph_builder.commands``."""
    parser = _Parser(
        prog="ipgov",
        description="Build a knowledge graph of IP-governance actors from Chinese reply letters.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build = "compiled" if is_compiled() else "pure Python"
    parser.add_argument("--version", action="version", version=f"ipgov {__version__} ({build})")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"graph_builder.commands.{module_info.name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ipgov`` with ``argv`` (default: the process arguments); returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except IpgovError as error:
        print(f"ipgov: {printable(error)}", file=sys.stderr)  # file names and answers are data: no controls
        return error.exit_code
    except KeyboardInterrupt:
        print("ipgov: interrupted; finished outputs were kept", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of stdout went away (| head): no "Exception ignored" at exit
        _silence_stdout()
        return 0
    except ConnectionError as error:  # pragma: no cover - defensive; endpoints raise EndpointError
        print(f"ipgov: {error}", file=sys.stderr)
        return EXIT_EXTERNAL
    except OSError as error:  # a path the system refuses (-o on a file, a missing or forbidden folder)
        print(f"ipgov: {printable(_os_problem(error))}", file=sys.stderr)
        return _os_exit(error)


def _os_problem(error: OSError) -> str:
    """One line for an OSError: the file, and what the system said."""
    import errno

    where = error.filename if error.filename is not None else "ipgov"
    if error.errno in (errno.EEXIST, errno.ENOTDIR):
        return f"{where}: not a folder (a file of that name is in the way)"
    return f"{where}: {error.strerror or error}"


def _os_exit(error: OSError) -> int:
    """1 for a write the machine refused (disk full, read-only, forbidden), 2 for a bad path."""
    from graph_builder.diskfull import is_refused_write
    from graph_builder.errors import EXIT_DATA

    return EXIT_DATA if is_refused_write(error) else EXIT_USAGE


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
