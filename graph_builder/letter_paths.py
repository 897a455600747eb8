"""Which files of the paths given to ``ipgov build`` are letters, and which are odd.

A letters folder is walked without following links to folders (a link loop cannot trap the
walk). Its ``*.txt`` regular files (or links to regular files) are letters. Every special
entry is reported as ``path: not a regular file (what it is)`` and skipped: FIFOs, sockets,
devices, dangling links, link loops, and folders named ``*.txt``. Nothing here opens a file,
so a FIFO cannot hang the walk; the worker that reads a letter checks again
(``text.decode.read_letter_file``), without blocking.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from graph_builder.errors import InputError
from graph_builder.pipeline import LETTER_SUFFIXES
from graph_builder.text.decode import file_kind


def _is_letter_name(name: str) -> bool:
    return name.lower().endswith(LETTER_SUFFIXES)


def classify(path: Path) -> str:
    """``"file"`` (a regular file or a link to one), ``"dir"``, ``"missing"``, or what else it is."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
        if os.path.islink(path):
            return "a dangling symbolic link"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return "missing"
        return f"unreadable: {error.strerror or error}"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return file_kind(mode)


def find_letters(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The letter files named by ``paths`` (files as given, folders' ``*.txt``, recursive,
    sorted), and one line per odd entry, ``path: not a regular file (…)``.

    :raises InputError: a path that does not exist
    """
    found: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        kind = classify(path)
        if kind == "dir":
            letters, odd = _walk(path)
            found.extend(letters)
            problems.extend(odd)
        elif kind == "file":
            found.append(path)
        elif kind == "missing":
            raise InputError(path, "no such file or folder")
        else:
            problems.append(f"{path}: not a regular file ({kind})")
    return found, problems


def _walk(folder: Path) -> tuple[list[Path], list[str]]:
    letters: list[Path] = []
    problems: list[str] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files + dirs):
            path = Path(top) / name
            kind = classify(path)
            if kind == "file":
                if _is_letter_name(name):
                    letters.append(path)
            elif kind == "dir":
                if _is_letter_name(name):
                    problems.append(f"{path}: not a regular file (a folder)")
            elif kind != "missing":  # gone since the listing: nothing to say
                problems.append(f"{path}: not a regular file ({kind})")
    return sorted(letters), problems
