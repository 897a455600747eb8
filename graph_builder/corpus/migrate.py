"""What builds of an older layout left in a build folder, removed when a build commits.

Builds before the stream files kept a file per letter in ``graphs/``, ``facts/`` and
``entities/``; their manifest is of an older format, so ``manifest.load``
ignores it and every letter is built again into the stream files. The per-letter folders
would only take space.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from graph_builder.corpus import layout


def drop_old_layout(out: Path) -> None:
    """Remove the per-letter folders of an older build from ``out``, if any."""
    for folder in layout.OLD_LAYOUT:
        shutil.rmtree(out / folder, ignore_errors=True)
