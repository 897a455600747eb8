"""Parsing: header lines, sections, sentences and the same-length normalised text."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_builder.text.normalize import normalize_text
from graph_builder.text.parse import parse_letter, parse_text


def _span_text(letter, span):  # type: ignore[no-untyped-def]
    return None if span is None else letter.text[span.start : span.end]


def test_seed_header(seed_path: Path) -> None:
    """The seed's 文号, salutation, signer and date lines are found where they are."""
    letter = parse_letter(seed_path)
    header = letter.header
    assert _span_text(letter, header.doc_number) == "深市质政案函〔2018〕44号"
    assert _span_text(letter, header.salutation) == "杨浩勃委员："
    assert _span_text(letter, header.signer) == "深圳市市场和质量监督管理委员会"
    assert _span_text(letter, header.date) == "2018年8月15日"
    title = _span_text(letter, header.title)
    assert title is not None
    assert title.startswith("深圳市市场和质量监督管理委员会关于对") and title.endswith("提案答复的函")
    assert letter.text[header.body.start :].startswith("您提出的《关于深入推动")


def test_seed_sections_and_sentences(seed_path: Path) -> None:
    """Numbered parts nest (一、 then （一）), and sentence offsets index the text."""
    letter = parse_letter(seed_path)
    top = [s for s in letter.sections if s.level == 1]
    assert [s.number for s in top] == [1, 2, 3, 4]
    assert [s.number for s in letter.sections if s.level == 2][:4] == [1, 2, 3, 4]
    for sentence in letter.sentences:
        assert letter.text[sentence.start : sentence.end] == sentence.text
    cases = next(s for s in letter.sentences if "华为诉三星" in s.text)
    assert cases.section == (4, 3)


def test_normalised_text_has_the_same_length() -> None:
    """Traditional characters and full-width marks normalise one for one."""
    text = "中國（深圳）知識產權保護中心，２０２３年"
    norm = normalize_text(text)
    assert len(norm) == len(text)
    assert norm == "中国(深圳)知识产权保护中心,2023年"


def test_table_fold_is_nfkc() -> None:
    """The table that stands in for NFKC gives NFKC's result on any mix of its characters."""
    import random
    import unicodedata

    from graph_builder.text import normalize

    plain = [c for c in map(chr, range(0x20, 0xFF66)) if normalize._fold_by_table(c) is not None]
    assert "（" in plain and "，" in plain and "中" in plain and "\u3000" in plain
    assert normalize._fold_by_table("（") == "("
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choices(plain, k=rng.randint(1, 60)))
        assert normalize._fold_by_table(text) == unicodedata.normalize("NFKC", text)
    # widening (…), combining (゙) and compatibility ideographs leave it to NFKC itself
    for other in ("…", "ｶﾞ", "ガ\u3099", "e\u0301", "\uf900"):
        assert normalize._fold_by_table(f"中{other}") is None


def test_normalising_widening_characters_keeps_the_length() -> None:
    """A character NFKC widens (… to ...) stays as it is; the rest still folds."""
    text = "中國（深圳）……ｶﾞ"
    norm = normalize_text(text)
    assert len(norm) == len(text)
    assert norm.startswith("中国(深圳)……")


@pytest.mark.parametrize(
    ("line", "iso"),
    [("2018年8月15日", "2018-08-15"), ("二〇一八年八月十五日", "2018-08-15"), ("2018-08-15", "2018-08-15")],
)
def test_closing_date_forms(line: str, iso: str) -> None:
    """The closing date is found in its three written forms."""
    from graph_builder.extract import extract_facts

    text = (
        "某某局关于市政协第1号提案答复的函\n张三委员：\n"
        f"您提出的提案收悉，现答复如下。我局将继续努力工作。\n某某市知识产权局\n{line}\n"
    )
    letter = parse_text(text, key="t")
    assert letter.header.date is not None
    assert extract_facts(letter).date.value == iso  # type: ignore[union-attr]


def test_missing_header_lines_still_parse() -> None:
    """A letter with no 文号, salutation, signer or date parses; its body is the prose."""
    text = (
        "关于市政协十四届二次会议第0012号提案的答复\n"
        "王五委员在会上提出的提案收悉。我局高度重视。\n一、工作情况\n我局已建立工作机制。\n"
    )
    letter = parse_text(text, key="t")
    assert letter.header.salutation is None and letter.header.signer is None
    assert letter.text[letter.header.body.start :].startswith("王五委员")
    assert [s.number for s in letter.sections] == [1]


def test_publication_date_line(shared_dir: Path) -> None:
    """A 发布日期 line gives the date when the letter has no closing date."""
    letter = parse_letter(shared_dir / "eval/dev/letters/02_gz_2161_chenxiaodan.txt")
    assert _span_text(letter, letter.header.date) == "2025-08-20"
