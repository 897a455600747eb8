"""The network picture: PNG and SVG of the actor view, Chinese glyphs present, a clear error without a font."""

from __future__ import annotations

import os
import struct
import warnings
from pathlib import Path

import pytest

from graph_builder.cli import main
from graph_builder.errors import UsageError
from graph_builder.export import fonts
from graph_builder.export.fonts import cjk_font, latin_font, missing_glyphs
from graph_builder.export.layout import positions
from graph_builder.export.load import load_store
from graph_builder.export.nodes import label
from graph_builder.export.picture import DPI, SIZE_INCHES, drawable, picture_bytes
from graph_builder.export.project import project
from graph_builder.export.read import read_tables

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _font_or_skip() -> fonts.Font:
    """The CJK font; outside CI a machine without one skips, in CI that is a failure."""
    try:
        return cjk_font()
    except UsageError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def actors(seed_nquads: Path):  # type: ignore[no-untyped-def]
    """The seed's actor view."""
    return project(read_tables(load_store([seed_nquads])), "actors")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_of_the_seed(actors) -> None:  # type: ignore[no-untyped-def]
    _font_or_skip()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        data = picture_bytes(actors, positions(actors), fmt="png", lang="zh", letters=1)
    assert png_size(data) == (int(SIZE_INCHES[0] * DPI), int(SIZE_INCHES[1] * DPI))
    assert 30_000 < len(data) < 3_000_000
    assert data == picture_bytes(actors, positions(actors), fmt="png", lang="zh", letters=1)


def test_the_font_has_every_glyph_of_the_labels(actors) -> None:  # type: ignore[no-untyped-def]
    font = _font_or_skip()
    text = "".join(label(attrs, "zh") for _, attrs in actors.nodes(data=True))
    assert sum(1 for c in text if "\u4e00" <= c <= "\u9fff") > 50
    assert missing_glyphs(text, [font]) == set()
    assert missing_glyphs("深圳法院", [latin_font()]) == set("深圳法院")  # the check can fail


def test_svg_keeps_chinese_text_as_text(actors) -> None:  # type: ignore[no-untyped-def]
    font = _font_or_skip()
    svg = picture_bytes(actors, positions(actors), fmt="svg", lang="zh", letters=1).decode("utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "深圳法院" in svg and "类别" in svg
    assert f"'{font.family}'" in svg and "sans-serif" in svg and "Noto Sans CJK SC" in svg
    assert "<dc:date>" not in svg
    assert svg == picture_bytes(actors, positions(actors), fmt="svg", lang="zh", letters=1).decode("utf-8")


def test_english_picture_uses_english_labels(actors) -> None:  # type: ignore[no-untyped-def]
    _font_or_skip()
    svg = picture_bytes(actors, positions(actors), fmt="svg", lang="en", letters=1).decode("utf-8")
    assert "InterDigital" in svg and "co-handled with" in svg and "杨浩勃" in svg


def test_labels_are_cut_and_undrawable_characters_dropped() -> None:
    font = _font_or_skip()
    assert drawable("深" * 5000, [font, latin_font()]) == "深" * 12 + "…"
    assert drawable("Shenzhen Market and Quality Supervision", [font, latin_font()]) == "Shenzhen Market and Quali…"
    assert drawable("a\x00\x01b\nc", [font, latin_font()]) == "ab c"


def test_command_writes_png_and_svg(tmp_path: Path, seed_nquads: Path) -> None:
    _font_or_skip()
    assert main(["export", "png", str(seed_nquads), "-o", str(tmp_path / "n.png")]) == 0
    assert png_size((tmp_path / "n.png").read_bytes())[0] == int(SIZE_INCHES[0] * DPI)
    assert main(["export", "svg", str(seed_nquads), "-o", str(tmp_path / "n.svg"), "--lang", "en"]) == 0
    assert "<svg" in (tmp_path / "n.svg").read_text(encoding="utf-8")


def test_no_cjk_font_is_a_one_line_error_naming_the_package(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path, seed_nquads: Path) -> None:
    from matplotlib import font_manager

    monkeypatch.setattr(fonts, "CJK_FAMILIES", ("No Such Font Family",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    cjk_font.cache_clear()
    try:
        assert main(["export", "png", str(seed_nquads), "-o", str(tmp_path / "n.png")]) == 2
    finally:
        cjk_font.cache_clear()
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "fonts-wqy-microhei" in error
    assert not (tmp_path / "n.png").exists()


def test_hostile_and_empty_graphs_draw_without_missing_glyphs() -> None:
    import networkx as nx

    _font_or_skip()
    graph = nx.MultiDiGraph(view="actors", edgetype="undirected")
    names = ["<b>&\"'", "a\nb\x00\x07c", "深" * 5000, "emoji 🙂 ✓", "\U0010fffd private"]
    for number, name in enumerate(names):
        graph.add_node(f"n{number}", cls="Company", group="company", label_zh=name, label_en="", degree=1)
    graph.add_edge("n0", "n1", key="answered", label_zh="答复", label_en="answered", weight=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for graph_to_draw in (graph, nx.MultiDiGraph(view="actors")):
            data = picture_bytes(graph_to_draw, positions(graph_to_draw), fmt="png", letters=0)
            assert png_size(data) == (int(SIZE_INCHES[0] * DPI), int(SIZE_INCHES[1] * DPI))
