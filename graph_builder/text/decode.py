"""Bytes of a letter file → text: BOM, UTF-8 or GB18030, with a clear error otherwise."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from graph_builder.errors import InputError

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


def decode_letter(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode a letter file's bytes; the result is what evidence offsets index.

    A byte-order mark is dropped (it is not part of the text); line breaks are kept as they are.

    :param data: the file's bytes
    :param path: the file, for error messages
    :returns: (text, encoding name)
    :raises InputError: empty, too large, binary or undecodable input

    >>> decode_letter("函".encode("gb18030"), "x.txt")
    ('函', 'gb18030')
    """
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
        with Path(path).open("rb") as file:
            data = file.read(MAX_LETTER_BYTES + 1)  # no more than that into memory
            if len(data) > MAX_LETTER_BYTES:
                raise InputError(path, _too_large(os.fstat(file.fileno()).st_size))
    except OSError as error:
        raise InputError(path, error.strerror or "cannot read") from error
    text, encoding = decode_letter(data, path)
    return data, text, encoding


def _too_large(size: int) -> str:
    limit = MAX_LETTER_BYTES / 1e6
    return f"{size / 1e6:.1f} MB, too large for one reply letter (limit {limit:g} MB): split it into a file per letter"
