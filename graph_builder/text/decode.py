"""Bytes of a letter file → text: BOM, UTF-8 or GB18030, with a clear error otherwise."""

from __future__ import annotations

import codecs
from pathlib import Path

from graph_builder.errors import InputError

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
    :raises InputError: empty, binary or undecodable input

    >>> decode_letter("函".encode("gb18030"), "x.txt")
    ('函', 'gb18030')
    """
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
    :raises InputError: unreadable, empty, binary or undecodable
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(path, error.strerror or "cannot read") from error
    text, encoding = decode_letter(data, path)
    return data, text, encoding
