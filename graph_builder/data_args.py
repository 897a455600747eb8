"""DATA: how every command that reads a build names it, and what those names resolve to.

Every reader (``query``, ``export``, ``validate``, ``push``, ``serve``, ``review``, ``diff``,
``entities``) takes its input the same way: positional ``DATA…`` and ``--data DATA`` as a
synonym (repeatable), defaulting to ``./ipgov-out``; ``-o`` is only ever an output. A DATA is a
build folder (what ``ipgov build`` writes), a folder of RDF files, or an RDF file (.nq, .trig,
.ttl, .nt). This module is the one place that turns DATA into paths and files, with one set of
messages; the file names of a build come from ``corpus.layout``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from graph_builder.corpus.layout import DATASET, DEFAULT_OUT, MANIFEST
from graph_builder.errors import InputError, UsageError

if TYPE_CHECKING:  # pyoxigraph is imported when a file is read, not for `ipgov --help`
    import pyoxigraph as ox

DEFAULT_DATA = Path(DEFAULT_OUT)  # what `ipgov build` writes when given no -o
# file suffix → (pyoxigraph.RdfFormat member, whether the file names its own graphs)
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    ".nq": ("N_QUADS", True),
    ".trig": ("TRIG", True),
    ".ttl": ("TURTLE", False),
    ".nt": ("N_TRIPLES", False),
}
SUFFIXES = "/".join(RDF_FORMATS)
HELP_DATA = f"build folders, folders of RDF files, or {SUFFIXES} files (default: ./{DEFAULT_DATA})"
HELP_BUILD = f"a build folder, as `ipgov build -o DIR` writes it (default: ./{DEFAULT_DATA})"

# the messages, once
NO_DEFAULT = f"no build here; run `ipgov build` first, or name the DATA ({HELP_DATA})"
MISSING = "no such file or folder"
NOT_RDF = f"not a dataset: expected a build folder or a {SUFFIXES} file"


def no_rdf(folder: Path) -> str:
    """A folder with nothing to read."""
    return f"holds no {DATASET} nor any {SUFFIXES} file; run `ipgov build -o {folder}` first"


def not_build(folder: Path) -> str:
    """A folder that a build-only command cannot read."""
    return f"not a build output folder (no {MANIFEST} and {DATASET}); run: ipgov build -o {folder}"


def add_data_arguments(
    parser: argparse.ArgumentParser,
    help_text: str = HELP_DATA,
    deprecated: Sequence[str] = (),
    metavar: str = "DATA",
) -> None:
    """Positional ``DATA…`` and ``--data DATA`` (repeatable); ``deprecated`` option strings
    (``-o``, ``--out`` where an input was once named so) still work, with a note on stderr."""
    parser.add_argument("data", nargs="*", metavar=metavar, help=help_text)
    parser.add_argument("--data", dest="data_option", action="append", default=[], metavar=metavar,
                        help="the same as the positional DATA (repeatable)")
    if deprecated:
        parser.add_argument(*deprecated, dest="data_deprecated", action="append", default=[],
                            metavar="DIR", help=f"deprecated spelling of DATA ({', '.join(deprecated)})")


def data_paths(args: argparse.Namespace, exactly: int | None = None, default: bool = True) -> list[Path]:
    """The DATA of a parsed command line, positional and ``--data`` together, in order.

    :param exactly: how many the command takes (push, serve, review, entities: 1; diff: 2)
    :param default: ``./ipgov-out`` when none is given
    :raises UsageError: when the count is not the one the command takes
    """
    old = list(getattr(args, "data_deprecated", None) or [])
    if old:
        command = getattr(args, "command", None) or "ipgov"
        sys.stderr.write(f"ipgov: note: `{command} -o DIR` is deprecated for an input; write `ipgov {command} DIR`\n")
    given = [Path(p) for p in [*args.data, *(getattr(args, "data_option", None) or []), *old]]
    if not given and default:
        given = [DEFAULT_DATA]
    if exactly is not None and len(given) != exactly:
        need = "one build folder" if exactly == 1 else f"{exactly} build folders"
        raise UsageError(f"takes {need} as DATA, not {len(given)} ({', '.join(map(str, given)) or 'none'})")
    return given


def given_explicitly(args: argparse.Namespace) -> bool:
    """True when DATA was named on the command line (not the default)."""
    return bool(args.data or getattr(args, "data_option", None) or getattr(args, "data_deprecated", None))


def _missing(path: Path) -> InputError:
    return InputError(path, NO_DEFAULT if path == DEFAULT_DATA else MISSING)


def rdf_files(paths: Sequence[str | Path]) -> list[Path]:
    """The RDF files DATA names, in the order given.

    A build folder stands for its ``dataset.nq``; another folder for its RDF files (sorted).

    :raises InputError: a path that is missing, a file that is not RDF, a folder without RDF
    """
    files: list[Path] = []
    for item in paths or [DEFAULT_DATA]:
        path = Path(item)
        if path.is_dir():
            dataset = path / DATASET
            if dataset.is_file():
                files.append(dataset)
                continue
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in RDF_FORMATS and p.is_file())
            if not found or (path / MANIFEST).is_file():
                raise InputError(path, no_rdf(path))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in RDF_FORMATS:
                raise InputError(path, NOT_RDF)
            files.append(path)
        else:
            raise _missing(path)
    return files


def rdf_format(path: Path) -> tuple[ox.RdfFormat, bool]:
    """(format, whether it names its graphs) of an RDF file, by its suffix."""
    import pyoxigraph

    try:
        name, has_graphs = RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(path, NOT_RDF) from None
    return getattr(pyoxigraph.RdfFormat, name), has_graphs


def invalid(path: Path | str, fmt: ox.RdfFormat, error: BaseException) -> InputError:
    """The one message for a file that does not parse."""
    problem = str(error).splitlines()[0] if str(error) else type(error).__name__
    return InputError(path, f"not valid {fmt.name}: {problem}")


def build_folder(path: Path) -> Path:
    """``path`` when it is a build folder (a manifest and its dataset).

    :raises InputError: otherwise, saying what to run
    """
    if not path.exists():
        missing = f"no such folder; build one with: ipgov build -o {path}"
        raise InputError(path, NO_DEFAULT if path == DEFAULT_DATA else missing)
    if not path.is_dir() or not (path / MANIFEST).is_file():
        raise InputError(path, not_build(path))
    return path


def is_build(path: Path) -> bool:
    """A folder with a manifest (``ipgov build``'s output)."""
    return path.is_dir() and (path / MANIFEST).is_file()
