"""``ipgov eval GOLD…``: score extraction against gold annotations (eval/FORMAT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.errors import InputError


def add_parser(subparsers: Any) -> None:
    """Register ``eval``."""
    parser = add_command(
        subparsers,
        "eval",
        "score extracted facts against gold annotations",
        "Score the extractor on letters with gold annotations. Each gold file names its letter by "
        "'id'; the letter <id>.txt is looked for in --letters folders, in ../letters beside the gold "
        "folder, then among the bundled letters.",
    )
    parser.add_argument("gold", nargs="+", help="gold files (.yaml/.json) or folders of them")
    parser.add_argument("--letters", action="append", default=[], help="folder holding the letters (repeatable)")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    parser.add_argument("--per-key", action="store_true", help="also print precision/recall per list key")
    parser.add_argument(
        "--errors",
        action="store_true",
        help="also list, per letter, the wrong single fields and the spurious (+) and missed (-) items",
    )
    parser.set_defaults(run=run)


def _gold_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return files


def _letter_for(gold_path: Path, letter_id: str, folders: list[str]) -> Path:
    from graph_builder.resources import data_path

    candidates = [Path(f) / f"{letter_id}.txt" for f in folders]
    candidates += [
        gold_path.parent.parent / "letters" / f"{letter_id}.txt",
        gold_path.parent.parent.parent / "seed" / f"{letter_id}.txt",
    ]
    bundled = data_path("letters") / f"{letter_id}.txt"
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    if bundled.is_file():
        return Path(str(bundled))
    raise InputError(gold_path, f"letter {letter_id}.txt not found (give its folder with --letters)")


def run(args: argparse.Namespace) -> int:
    """Score every gold file and print the tables."""
    from graph_builder.evaluate import LIST_KEYS, letter_errors, load_gold, micro, score_letter
    from graph_builder.facts_json import facts_to_json
    from graph_builder.pipeline import facts_of

    scores = []
    errors: list[str] = []
    for gold_path in _gold_files(args.gold):
        gold = load_gold(gold_path)
        _, facts = facts_of(_letter_for(gold_path, str(gold["id"]), args.letters))
        predicted = facts_to_json(facts)
        scores.append(score_letter(predicted, gold))
        if args.errors:
            wrong = letter_errors(predicted, gold)
            if wrong:
                errors.extend([str(gold["id"]), *wrong])
    rows = []
    for score in scores:
        strict, _ = micro([score], "strict")
        lenient, _ = micro([score], "lenient")
        single = f"{sum(score.single.values())}/{len(score.single)}"
        rows.append([score.letter, single, *_prf(strict), *_prf(lenient)])
    total_strict, keys_strict = micro(scores, "strict")
    total_lenient, keys_lenient = micro(scores, "lenient")
    singles = sum(sum(s.single.values()) for s in scores)
    count = sum(len(s.single) for s in scores)
    rows.append(["ALL (micro)", f"{singles}/{count}", *_prf(total_strict), *_prf(total_lenient)])
    header = ["letter", "single", "P strict", "R strict", "F1 strict", "P lenient", "R lenient", "F1 lenient"]
    key_rows = [
        [key, *_prf(keys_strict[key]), *_prf(keys_lenient[key])]
        for key in LIST_KEYS
        if keys_lenient[key].gold or keys_lenient[key].predicted
    ]
    key_header = ["key", "P strict", "R strict", "F1 strict", "P lenient", "R lenient", "F1 lenient"]
    if args.format == "json":
        json.dump(
            {
                "letters": [dict(zip(header, r, strict=True)) for r in rows],
                "keys": [dict(zip(key_header, r, strict=True)) for r in key_rows],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    _print_table(header, rows, args.format)
    if args.per_key:
        print()
        _print_table(key_header, key_rows, args.format)
    if errors:
        print()
        print("\n".join(errors))
    return 0


def _prf(tally: Any) -> list[str]:
    return [f"{tally.precision:.3f}", f"{tally.recall:.3f}", f"{tally.f1:.3f}"]


def _print_table(header: list[str], rows: list[list[str]], style: str) -> None:
    if style == "markdown":
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(" --- " for _ in header) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
