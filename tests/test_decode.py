"""Decoding letter files: encodings, byte-order marks and clear errors for bad bytes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from graph_builder.errors import InputError
from graph_builder.text.decode import MAX_LETTER_BYTES, decode_letter, read_letter_file

TEXT = "深圳市市场和质量监督管理委员会关于提案答复的函\n杨浩勃委员：\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    """Every supported encoding gives the same text; a BOM is not part of it."""
    text, found = decode_letter(data, "x.txt")
    assert text == TEXT
    assert found == encoding


def test_traditional_characters_survive_gb18030() -> None:
    """GB18030 carries traditional characters too."""
    text = "東莞市市場監督管理局關於提案答覆的函"
    assert decode_letter(text.encode("gb18030"), "t.txt")[0] == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("答复".encode() + b"\xff\xff\xff", "cannot decode"),
        ("答复函。".encode() * 100_000, "1.2 MB, too large for one reply letter (limit 1 MB)"),
    ],
)
def test_bad_bytes_raise_one_line_naming_the_file(data: bytes, problem: str) -> None:
    """Empty, binary and undecodable input give an InputError naming the file."""
    with pytest.raises(InputError) as caught:
        decode_letter(data, "letters/bad.txt")
    message = str(caught.value)
    assert message.startswith("letters/bad.txt: ")
    assert problem in message
    assert "\n" not in message


def test_a_file_past_the_limit_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    """A 50 MB text (a dump, letters pasted together) is one clear error, not minutes of rules."""
    big = tmp_path / "dump.txt"
    with big.open("wb") as file:
        file.truncate(50_000_000)  # sparse: no 50 MB written
    with pytest.raises(InputError, match=r"dump\.txt: 50\.0 MB, too large for one reply letter"):
        read_letter_file(big)
    at_limit = tmp_path / "at_limit.txt"
    at_limit.write_bytes("答".encode() * (MAX_LETTER_BYTES // 3))
    assert len(read_letter_file(at_limit)[1]) == MAX_LETTER_BYTES // 3
