"""Review pages for a build (``ipgov review``): a letter's text with every fact's evidence
highlighted beside the facts, grouped by role, and an index of the letters.

Each page is one self-contained HTML file (inline CSS and a few lines of inline script, no
network), every text escaped. What a page shows comes from the build folder:

- the facts: the letter's line of ``facts.jsonl`` (``eval/FORMAT.md``), grouped by role;
  keys this module does not know are shown as a generic section, item keys it does not
  know as key–value rows;
- the text, the IRIs, classes and labels of things the facts JSON names without an IRI,
  and the evidence of facts it gives no offsets for (the responding agency, the 文号, the
  date …): the letter's graph in ``dataset.nq`` (its ``ipgov:SourceText`` is the text the
  offsets index; its spans and annotations tie facts to offsets);
- validation: the letter's outcome that validation cached (``.cache/validation/<key>.json``),
  used when it was made from this graph by these shapes, keyed by focus node.
"""

from __future__ import annotations

from pathlib import Path

from graph_builder.corpus import manifest as mf
from graph_builder.corpus.blocks import Block, blocks_of, stream_matches
from graph_builder.corpus.layout import DATASET
from graph_builder.errors import InputError
from graph_builder.review.facts import Fact, Page, load_page, make_page
from graph_builder.review.graph import Graph, parse_graph
from graph_builder.review.html import Row, index_row, page_file, render_index, render_page
from graph_builder.review.validation import Finding, Validation, load_validation

__all__ = [
    "Fact", "Finding", "Graph", "Page", "Row", "Validation", "index_row", "load_page", "load_validation",
    "make_page", "page_file", "parse_graph", "render_index", "render_page", "review",
]


def review(out: Path, target: Path, keys: list[str] | None = None) -> list[Path]:
    """Write a page per letter of the build in ``out`` (only ``keys`` when given) and the
    index into ``target``; returns the paths written.

    :raises InputError: when ``out`` holds no build, or a key is not in it
    """
    from graph_builder.corpus.atomic import atomic_write

    manifest = mf.load(out)
    if manifest is None:
        if not out.is_dir():
            raise InputError(out, f"no such folder; build one with: ipgov build -o {out}")
        raise InputError(out, f"not a build output folder (no readable manifest.json); run: ipgov build -o {out}")
    for stream in ("nq", "facts"):
        if not stream_matches(out, manifest, stream):
            problem = f"missing or not the file manifest.json indexes; run: ipgov build -o {out}"
            raise InputError(out / mf.STREAMS[stream], problem)
    blocks = {b.key: b for b in blocks_of(manifest, out / DATASET)}
    wanted = sorted(blocks) if not keys else list(dict.fromkeys(keys))
    for key in wanted:
        if key not in blocks:
            raise InputError(out, f"no letter {key!r} in this build")
    target.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    for key in wanted:
        entry = manifest.letters[key]
        page = load_page(out, blocks[key], Block(key, out / mf.STREAMS["facts"], *entry.facts))
        path = target / page_file(key)
        atomic_write(path, render_page(page))
        written.append(path)
        rows.append(index_row(page))
    index = target / "index.html"
    atomic_write(index, render_index(rows, f"ipgov review — {out}"))
    written.append(index)
    return written
