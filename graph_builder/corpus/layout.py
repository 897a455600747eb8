"""Every file and folder name of a build folder (``ipgov build -o DIR``), named once.

Layout of a build folder::

    dataset.nq               every letter graph, N-Quads, in key order (each fact followed by its evidence)
    facts.jsonl              every letter's facts (eval/FORMAT.md), one line per letter, in key order
    entities.jsonl           the things each letter names (for ``ipgov entities``), one line per letter
    manifest.json            which letters, from which bytes, by which tool, at which ranges of those files
    dataset.trig             the same as TriG (``formats`` with "trig")
    merged.ttl               the union of the letter graphs as one Turtle graph, sorted ("ttl")
    .cache/trig/<key>.trig   a letter's TriG block, kept for the next assembly ("trig")
    store/                   the persistent store (``ipgov build --store``)
    validation-report.txt    the validation report of the build (and .html)
    .cache/validation/       each letter's validation outcome, kept for the next validation
    .cache/answers/          the answer cache of ``ipgov query`` (``graph_builder.answers``): each letter's
                             rows (<key>.json), each query's rows (<name>.rows.json) and answer (<name>.final.json)
    review/                  ``ipgov review``'s pages
    .staging/                a build under way: journal.jsonl, part-N/ stream files, trig/ blocks
    .ipgov.lock              held while a command writes the folder
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_OUT = "ipgov-out"  # the build folder when none is named: ./ipgov-out

DATASET = "dataset.nq"
FACTS = "facts.jsonl"
ENTITIES = "entities.jsonl"
MANIFEST = "manifest.json"
DATASET_TRIG = "dataset.trig"
MERGED_TTL = "merged.ttl"

STREAMS = {"nq": DATASET, "facts": FACTS, "entities": ENTITIES}  # a letter's outputs: byte ranges of these
MERGED_FILES = {"nq": DATASET, "trig": DATASET_TRIG, "ttl": MERGED_TTL}  # by ``--formats`` name

CACHE = ".cache"  # what a build or validation keeps for the next one, and scratch space
TRIG_CACHE = Path(CACHE, "trig")  # <key>.trig: a letter's TriG block (kept with "trig" only)
STORE = "store"  # the persistent store's folder
VALIDATION_REPORT = "validation-report.txt"  # what `ipgov build` and `validate_build` write
VALIDATION_REPORT_HTML = "validation-report.html"
VALIDATION_CACHE = Path(CACHE, "validation")  # <key>.json: a letter's validation outcome
ANSWERS_CACHE = Path(CACHE, "answers")  # <key>.json, <name>.rows.json, <name>.final.json: graph_builder.answers
REVIEW = "review"  # `ipgov review DATA` writes its pages into DATA/review/ by default
LOCK = ".ipgov.lock"

STAGING = ".staging"  # a build under way
JOURNAL = "journal.jsonl"  # in STAGING: the letters written so far
STAGED_TRIG = "trig"  # in STAGING: the TriG blocks the workers write
PART_PREFIX = "part-"  # in STAGING: part-N/, the stream files being assembled
SPILL_PREFIX = "spill-"  # in STAGING: spill-<pid>, a worker's letters waiting for their turn
MERGE_PREFIX = ".merge-"  # scratch folder of the external merge sort

OLD_LAYOUT = ("graphs", "facts", "entities")  # per-letter folders of builds before the stream files


def default_out() -> Path:
    """The build folder when none is named."""
    return Path(DEFAULT_OUT)
