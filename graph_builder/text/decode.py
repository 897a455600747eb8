"""Bytes of a letter file → text: BOM, UTF-8 or GB18030, with a clear error otherwise."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from graph_builder.errors import InputError
from graph_builder.text.unwrap import join_hard_wraps

# A reply letter is 2-30 kB. The rules compare each name with the others around it, so
# their cost grows faster than the text: a 1.7 MB file took 3 s, a 7 MB one over a minute.
# A file past this size is not one letter (a dump, a log, letters pasted together) and
# would hold a worker for minutes; it is refused like any other bad input.
MAX_LETTER_BYTES = 1_000_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Invisible characters that change how text reads or hide what it holds: zero-width space,
# joiners and marks, bidi embeddings, overrides and isolates, invisible operators, and a
# byte-order mark inside the text. Dropped at decoding, so the stored text, its offsets and
# the evidence quotes all index the cleaned text (the file's sha256 is of its bytes, as read).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def decode_letter(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode a letter file's bytes; the result is what evidence offsets index.

    A byte-order mark is dropped (it is not part of the text), and so are zero-width and bidi
    control characters (``INVISIBLE``); line breaks are kept as they are, except in text copied
    out of a PDF, whose hard line breaks inside paragraphs are joined and page numbers dropped
    (``unwrap.join_hard_wraps``).

    :param data: the file's bytes
    :param path: the file, for error messages
    :returns: (text, encoding name)
    :raises InputError: empty, too large, binary or undecodable input

    >>> decode_letter("函".encode("gb18030"), "x.txt")
    ('函', 'gb18030')
    >>> decode_letter("知\\u200b识\\u202e产权".encode(), "x.txt")
    ('知识产权', 'utf-8')
    """
    text, encoding = _decode(data, path)
    cleaned = join_hard_wraps(INVISIBLE.sub("", text))
    if not cleaned.strip():
        raise InputError(path, "empty file")
    return cleaned, encoding


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    if len(data) > MAX_LETTER_BYTES:
        raise InputError(path, _too_large(len(data)))
    if not data.strip():
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InputError(path, f"not valid {encoding} after its byte-order mark") from error
    if b"\x00" in data:
        raise InputError(path, "binary file (NUL bytes), not a text letter")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise InputError(
                path,
                f"cannot decode as UTF-8 or GB18030 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})",
            ) from None


def read_letter_file(path: str | Path) -> tuple[bytes, str, str]:
    """Read and decode a letter file.

    :returns: (bytes, text, encoding)
    :raises InputError: unreadable, empty, too large, binary or undecodable
    """
    try:
        with os.fdopen(_open_regular(path), "rb") as file:
            data = file.read(MAX_LETTER_BYTES + 1)  # no more than that into memory
            if len(data) > MAX_LETTER_BYTES:
                raise InputError(path, _too_large(os.fstat(file.fileno()).st_size))
    except OSError as error:
        raise InputError(path, error.strerror or "cannot read") from error
    text, encoding = decode_letter(data, path)
    return data, text, encoding


def _open_regular(path: str | Path) -> int:
    """A descriptor of ``path`` if it is a regular file (or a link to one).

    Opened without blocking, then checked: a FIFO would otherwise wait for a writer forever,
    and a folder, a device or a socket is no letter.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(path, "not a regular file (a symbolic link loop)") from None
        if error.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(path, "not a regular file (a dangling symbolic link)") from None
        if error.errno == errno.EISDIR:
            raise InputError(path, "not a regular file (a folder)") from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(path, f"not a regular file ({file_kind(mode)})")
    return fd


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, from its ``st_mode``."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _too_large(size: int) -> str:
    limit = MAX_LETTER_BYTES / 1e6
    return f"{size / 1e6:.1f} MB, too large for one reply letter (limit {limit:g} MB): split it into a file per letter"
