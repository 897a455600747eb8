"""``ipgov entities [-o DIR] [--kind K] [--format table|csv|json]``: every entity of a built corpus."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.errors import EXIT_OK, InputError
from graph_builder.safe_text import csv_cell, printable


def add_parser(subparsers: Any) -> None:
    """Register ``entities``."""
    parser = add_command(
        subparsers,
        "entities",
        "list every entity of a built corpus with its names, kinds and letters; flag likely duplicates",
    )
    parser.add_argument("-o", "--out", default="ipgov-out", help="the build's output folder (default: ./ipgov-out)")
    parser.add_argument("--kind", help="only this kind (org, person, policy, platform, place, event, case, group)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")
    parser.add_argument("--raw", action="store_true",
                        help="csv: write cells as they are (by default a cell starting with = + - @ gets a leading ')")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List entities, then the suspected duplicates (table: on stderr-free stdout, after a blank line)."""
    from graph_builder.entities import ENTITIES, gazetteer_places, load_index, suspects

    out = Path(args.out)
    if not (out / ENTITIES).is_file():
        raise InputError(out, f"no {ENTITIES}: run `ipgov build -o {out}` first")
    from graph_builder.snapshot import read_consistently

    things = read_consistently([out], ("entities",), lambda: load_index(out))
    rows = [t.row() for t in sorted(things.values(), key=lambda t: (sorted(t.kinds), t.canonical, t.iri))]
    if args.kind:
        rows = [r for r in rows if any(str(k).split("/")[0] == args.kind for k in r["kinds"])]  # type: ignore[attr-defined]
    flagged = suspects(things, gazetteer_places())
    if args.kind:
        keep = {r["iri"] for r in rows}
        flagged = [s for s in flagged if keep.intersection(s.iris)]
    if args.format == "json":
        found = [{"reason": s.reason, "key": s.key, "iris": list(s.iris)} for s in flagged]
        data = {"entities": rows, "suspects": found}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["iri", "canonical", "kinds", "names", "letters", "suspect"])
        reasons: dict[str, list[str]] = {}
        for s in flagged:
            for iri in s.iris:
                reasons.setdefault(iri, []).append(f"{s.reason}: {s.key}")
        for r in rows:
            cells = [r["iri"], r["canonical"], " | ".join(r["kinds"]), " | ".join(r["names"]),  # type: ignore[arg-type]
                     len(r["letters"]), "; ".join(reasons.get(str(r["iri"]), []))]  # type: ignore[arg-type]
            writer.writerow([c if isinstance(c, int) else csv_cell(c, args.raw) for c in cells])
    else:  # a terminal: names from letters with their control characters escaped
        for r in rows:
            names = "、".join(n for n in r["names"] if n != r["canonical"])  # type: ignore[attr-defined]
            print(printable(f"{r['canonical']:<24}") + f"\t{','.join(r['kinds'])}\t{len(r['letters'])} letter(s)"  # type: ignore[arg-type]
                  + (f"\talso: {printable(names)}" if names else ""))
        if flagged:
            print(f"\n{len(flagged)} likely duplicate(s) to review:")
            for s in flagged:
                labels = " / ".join(things[i].canonical for i in s.iris)
                print(printable(f"  {s.reason}: {s.key}: {labels}"))
    return EXIT_OK
