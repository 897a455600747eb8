"""Draw a network (normally the actor view) as PNG or SVG with matplotlib: Chinese labels, legend."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from typing import Any

import networkx as nx

from graph_builder.export.fonts import LATIN_FALLBACK, SVG_FAMILIES, Font, cjk_font, covered, latin_font
from graph_builder.export.nodes import label
from graph_builder.export.palette import GROUPS, group_of
from graph_builder.outputs import char_width

FORMATS = ("png", "svg")
MAX_LABELS = 60  # above this many nodes only the best connected ones are named
LABEL_WIDTH = 26  # in half-width cells: 13 Chinese characters or 26 Latin letters
DPI = 150
SIZE_INCHES = (12.0, 9.0)

_EDGE_STYLES: dict[str, Any] = {  # relation key → line style; other keys are drawn solid
    "answered": "-",
    "coHandledWith": "-.",
    "citedTogether": "--",
    "sameMeasure": ":",
    "samePlatform": (0, (4, 1.5, 1, 1.5, 1, 1.5)),
}
_TITLE = {"zh": "ipgov-kg 行动者网络", "en": "ipgov-kg actor network"}
_SUBTITLE = {"zh": "{nodes} 个主体，{edges} 条关系，来自 {letters} 封答复函",
             "en": "{nodes} actors, {edges} relations, from {letters} letter(s)"}
_KIND = {"zh": "类别", "en": "Kind"}
_RELATION = {"zh": "关系（线宽 = 依据数）", "en": "Relation (width = support)"}


def drawable(text: str, fonts: list[Font], limit: int = LABEL_WIDTH) -> str:
    """``text`` on one line, cut to ``limit`` half-width cells, without the characters no font
    can draw (so the picture never shows a missing-glyph box).
    """
    known = frozenset().union(*(covered(font) for font in fonts))
    kept = " ".join("".join(
        c for c in text if c.isspace() or (ord(c) in known and unicodedata.category(c)[0] != "C")
    ).split())
    if sum(char_width(c) for c in kept) <= limit:
        return kept
    cut, width = [], 1
    for char in kept:
        width += char_width(char)
        if width > limit:
            break
        cut.append(char)
    return "".join(cut).rstrip() + "…"


def _labelled(graph: nx.MultiDiGraph) -> set[str]:
    if graph.number_of_nodes() <= MAX_LABELS:
        return set(graph.nodes)
    ranked = sorted(graph.nodes, key=lambda n: (-int(graph.nodes[n].get("degree", 0)), n))
    return set(ranked[:MAX_LABELS])


def picture_bytes(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *,
                  fmt: str = "png", lang: str = "zh", letters: int | None = None) -> bytes:
    """The picture of ``graph`` laid out at ``positions``, as PNG or SVG bytes.

    Nodes are coloured as in the GEXF file (one colour per group, see ``palette``), sized by
    degree; edge width grows with weight and the line style tells the relation. SVG keeps the
    text as text with a CJK font-family list. No date is written, so the bytes repeat.

    :raises UsageError: when no CJK font is installed (see ``fonts.cjk_font``)
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}")
    cjk, latin = cjk_font(), latin_font()
    fonts = [cjk, latin]
    rc = {
        "font.family": [cjk.family, latin.family],
        "svg.fonttype": "none",
        "svg.hashsalt": "ipgov-kg",
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]  # the stubs want literal rcParams keys
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.05, 0.02, 0.66, 0.87))
        axes.set_axis_off()
        nodes = sorted(graph.nodes)
        xy = {n: positions.get(n, (0.0, 0.0)) for n in nodes}
        by_style: dict[str, tuple[Any, list[Any], list[float]]] = {}
        for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
            if u == v:
                continue
            style = _EDGE_STYLES.get(key, "-")
            _, segments, widths = by_style.setdefault(repr(style), (style, [], []))
            segments.append((xy[u], xy[v]))
            widths.append(0.6 + 0.9 * math.log2(1 + float(attrs.get("weight", 1))))
        for _, (style, segments, widths) in sorted(by_style.items()):
            axes.add_collection(LineCollection(segments, linewidths=widths, linestyles=style,
                                               colors="#444444", alpha=0.6, zorder=1))
        sizes = [30 + 40 * math.sqrt(int(graph.nodes[n].get("degree", 0))) for n in nodes]
        colours = [group_of(graph.nodes[n].get("cls", "")).hex for n in nodes]
        if nodes:
            axes.scatter([xy[n][0] for n in nodes], [xy[n][1] for n in nodes], s=sizes, c=colours,
                         edgecolors="#333333", linewidths=0.6, zorder=2)
        axes.set_aspect("equal", adjustable="datalim")
        axes.autoscale_view()
        axes.margins(0.1)
        axes.apply_aspect()
        _place_labels(figure, axes, graph, xy, lang, fonts)
        letters_count = letters if letters is not None else _letters(graph)  # at least this many
        figure.text(0.01, 0.975, _TITLE[lang], fontsize=16, va="top")
        figure.text(0.01, 0.935, _SUBTITLE[lang].format(nodes=len(nodes), edges=graph.number_of_edges(),
                                                      letters=letters_count), fontsize=9.5, va="top")
        _legends(figure, graph, lang, Line2D)
        buffer = io.BytesIO()
        if fmt == "png":
            figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        else:
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    data = buffer.getvalue()
    return _svg_families(data, cjk.family) if fmt == "svg" else data


# Where a label may sit relative to its node, in points, tried in this order.
_OFFSETS = ((0, 7, "center", "bottom"), (0, -8, "center", "top"), (8, 0, "left", "center"),
            (-8, 0, "right", "center"), (0, 16, "center", "bottom"), (0, -17, "center", "top"))


def _place_labels(figure: Any, axes: Any, graph: nx.MultiDiGraph, xy: dict[str, tuple[float, float]],
                  lang: str, fonts: list[Font]) -> None:
    """Label the best-connected nodes first, each at the first offset where it overlaps no
    label already placed (greedy; the last offset is kept when all overlap)."""
    renderer = figure.canvas.get_renderer()
    # a pale box, not a path-effect halo: path effects turn SVG text into outlines
    backdrop = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
    placed: list[Any] = []
    order = sorted(_labelled(graph), key=lambda n: (-int(graph.nodes[n].get("degree", 0)), n))
    for node in order:
        text = drawable(label(graph.nodes[node], lang), fonts)
        if not text:
            continue
        for dx, dy, ha, va in _OFFSETS:
            note = axes.annotate(text, xy[node], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                 fontsize=7.5, zorder=3, bbox=backdrop)
            extent = note.get_window_extent(renderer).expanded(1.04, 1.1)
            if not any(extent.overlaps(other) for other in placed) or (dx, dy) == _OFFSETS[-1][:2]:
                placed.append(extent)
                break
            note.remove()


def _letters(graph: nx.MultiDiGraph) -> int:
    return max((int(attrs.get("letters", 0)) for _, attrs in graph.nodes(data=True)), default=0)


def _legends(figure: Any, graph: nx.MultiDiGraph, lang: str, line: Any) -> None:
    present = {graph.nodes[n].get("group") for n in graph.nodes}
    kinds = [line([], [], marker="o", linestyle="", markersize=9, markerfacecolor=g.hex,
                  markeredgecolor="#333333", label=g.label(lang)) for g in GROUPS if g.key in present]
    if kinds:
        figure.legend(handles=kinds, title=_KIND[lang], loc="upper left", bbox_to_anchor=(0.75, 0.90),
                      frameon=False, fontsize=9, title_fontsize=10, alignment="left")
    relations: dict[str, str] = {}
    for _, _, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        relations.setdefault(key, str(label(attrs, lang)))
    styles = [line([], [], color="#555555", linestyle=_EDGE_STYLES.get(k, "-"), linewidth=1.5, label=name)
              for k, name in sorted(relations.items())]
    if styles:
        figure.legend(handles=styles, title=_RELATION[lang], loc="upper left", bbox_to_anchor=(0.75, 0.42),
                      frameon=False, fontsize=9, title_fontsize=10, alignment="left")


def _svg_families(svg: bytes, family: str) -> bytes:
    """Give SVG text a CSS family list, so a viewer without ``family`` still finds a CJK font."""
    names = [family, *[f for f in SVG_FAMILIES if f not in (family, "sans-serif")], LATIN_FALLBACK, "sans-serif"]
    css = ", ".join(f"'{n}'" if " " in n else n for n in names)
    return re.sub(r"font-family: ?[^;\"]*", f"font-family: {css}", svg.decode("utf-8")).encode("utf-8")
