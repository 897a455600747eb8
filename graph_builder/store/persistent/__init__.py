"""The persistent store of a build folder: the letter graphs in an on-disk pyoxigraph store.

``ipgov build`` keeps ``DIR/store/`` in step with ``manifest.json``, so that ``ipgov query``
and ``ipgov export`` open an indexed store (tens of milliseconds) instead of loading
``dataset.nq`` into memory (a second per 40 letters). ``dataset.nq`` stays the portable
output; the store holds exactly its quads.

Layout::

    store/g-<N>/        one generation: a RocksDB folder, never written once it is stamped
    store/g-<N>.json    its stamp: {"format": 1, "manifest": sha256 of manifest.json, …}, never rewritten
    store/.new-g-<N>/   a generation being made (a killed build leaves it; the next build removes it)

A generation serves a folder when its stamp names the sha256 of the folder's
``manifest.json`` bytes: the store records which manifest it matches, so a reader never
takes a store for another state of the folder. A build makes generation N+1 while
generation N stays as it was:

- few letters changed (at most ``INCREMENTAL_SHARE`` of them, changed plus gone): a
  checkpoint of generation N (``Store.backup``: hard links to its immutable files, a few
  milliseconds), then in the copy each changed or gone letter's graph removed and the
  changed letters' graphs bulk-loaded from their ranges of the new ``dataset.nq``;
- otherwise (a first build, a changed rule, ``--force``): the whole new ``dataset.nq``
  bulk-loaded into an empty store.

Per-graph updates cost about six times a letter's share of a bulk load into an empty
store (removing a graph 0.15-0.33 s, loading it into a full store 0.15-0.2 s, against
0.07 s a letter bulk-loaded from scratch; ``bench/bench_store.py``, docs/corpus.md), hence
the share. The new generation is renamed into ``store/`` and stamped before the build moves
its stream files and manifest in; once the manifest is in, generations that match it no
more are removed. A build stopped at any point leaves the previous generation, which
matches the previous manifest, and the next build removes what is left over and makes the
store it needs from the one that still matches.

Readers pin the generation they use by a shared ``flock`` on its stamp (released by the
system when they exit, however they exit); a build removes only generations it can lock
exclusively, and a later build removes the rest. A folder without a matching generation
(an older build, a build with ``--no-store``, a folder of RDF files) is read as before, by
loading its ``dataset.nq``.

The modules: ``generations`` (which generation serves a folder, and its readers) and ``update``
(a build's generation made, old ones removed).
"""

from __future__ import annotations

from graph_builder.store.persistent.generations import (
    FORMAT,
    STORE,
    current_generation,
    engine,
    generation_for,
    manifest_digest,
    open_store,
    pinned_generation,
    release_pins,
    text_digest,
)
from graph_builder.store.persistent.update import INCREMENTAL_SHARE, StoreReport, collect, remove_all, update_store

__all__ = [
    "FORMAT", "INCREMENTAL_SHARE", "STORE", "StoreReport", "collect", "current_generation", "engine", "generation_for",
    "manifest_digest", "open_store", "pinned_generation", "release_pins", "remove_all", "text_digest", "update_store",
]
