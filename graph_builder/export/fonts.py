"""Find a font with Chinese glyphs for pictures, and tell which characters a font cannot draw."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph_builder.errors import UsageError

# Families tried in this order; the first installed one draws the labels. CI installs the
# Debian package fonts-wqy-microhei (1.6 MB); fonts-noto-cjk (56 MB) is preferred when present.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
LATIN_FALLBACK = "DejaVu Sans"  # ships inside matplotlib
INSTALL_HINT = "apt-get install fonts-wqy-microhei (or fonts-noto-cjk)"
# What an SVG viewer tries, in order, since SVG text stays text.
SVG_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC",
                "Microsoft YaHei", "SimHei", "sans-serif")


@dataclass(frozen=True)
class Font:
    """An installed font: its family name (for matplotlib) and its file."""

    family: str
    path: str
    index: int = 0  # face number inside a .ttc collection


def _installed(names: tuple[str, ...]) -> Font | None:
    from matplotlib import font_manager

    by_name: dict[str, tuple[str, int]] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, (str(entry.fname), int(getattr(entry, "index", 0))))
    for name in names:
        if name in by_name:
            return Font(name, *by_name[name])
    return None


@cache
def cjk_font() -> Font:
    """The first installed font of ``CJK_FAMILIES``.

    matplotlib caches its font list; a font installed after the cache was made is found by
    scanning the system font folders once and adding the files.

    :raises UsageError: when no CJK font is installed (the message names the package)
    """
    from matplotlib import font_manager

    found = _installed(CJK_FAMILIES)
    if found is None:
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in sorted(font_manager.findSystemFonts()):
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = _installed(CJK_FAMILIES)
    if found is None:
        raise UsageError(f"no font with Chinese glyphs found for the picture; install one: {INSTALL_HINT}")
    return found


@cache
def covered(font: Font) -> frozenset[int]:
    """The code points ``font`` has glyphs for (its best cmap, read with fontTools)."""
    from fontTools.ttLib import TTFont

    collection = font.path.lower().endswith((".ttc", ".otc"))
    ttfont = TTFont(font.path, fontNumber=font.index, lazy=True) if collection else TTFont(font.path, lazy=True)
    try:
        return frozenset(ttfont.getBestCmap() or {})
    finally:
        ttfont.close()


def missing_glyphs(text: str, fonts: list[Font]) -> set[str]:
    """The characters of ``text`` (other than whitespace) that none of ``fonts`` can draw.

    >>> sorted(missing_glyphs("ab 中", [latin_font()]))
    ['中']
    """
    known = frozenset().union(*(covered(font) for font in fonts))
    return {char for char in text if not char.isspace() and ord(char) not in known}


def latin_font() -> Font:
    """matplotlib's own DejaVu Sans, which covers Latin, Greek, Cyrillic and symbols."""
    from matplotlib import font_manager

    return Font(LATIN_FALLBACK, str(font_manager.findfont(LATIN_FALLBACK, fallback_to_default=False)))
