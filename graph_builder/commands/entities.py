"""``ipgov entities [DATA] [--kind K] [--format table|csv|tsv|jsonl|json]``: every entity of a built corpus."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from graph_builder.commands._common import add_command
from graph_builder.data_args import HELP_BUILD, add_data_arguments
from graph_builder.errors import EXIT_OK, InputError
from graph_builder.outputs import add_output_arguments

COLUMNS = ("iri", "canonical", "kinds", "names", "letters", "suspect")
TABLE_COLUMNS = "canonical,kinds,letters,names,suspect"  # the table's default: what a person reads


def add_parser(subparsers: Any) -> None:
    """Register ``entities``."""
    parser = add_command(
        subparsers,
        "entities",
        "list every entity of a built corpus with its names, kinds and letters; flag likely duplicates",
        "List every entity of a build (DATA, default ./ipgov-out) with its names, kinds and letters, "
        f"and the likely duplicates to review. Columns: {', '.join(COLUMNS)} (letters: how many; the "
        f"table shows {TABLE_COLUMNS} unless --columns). json: the entities with their letters, and the "
        "suspects, as one document.",
        intermixed=True,
    )
    add_data_arguments(parser, HELP_BUILD, deprecated=("-o", "--out"))
    parser.add_argument("--kind", help="only this kind (org, person, policy, platform, place, event, case, group)")
    add_output_arguments(parser, ("table", "csv", "tsv", "jsonl", "json"),
                         extra="json: {entities: [...], suspects: [...]} with each entity's letters listed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List entities, then (table only) the suspected duplicates after a blank line."""
    from graph_builder.data_args import build_folder, data_paths
    from graph_builder.entities import ENTITIES, gazetteer_places, load_index, suspects
    from graph_builder.outputs import Table, render_table, terminal_width
    from graph_builder.safe_text import printable
    from graph_builder.snapshot import read_consistently

    [out] = data_paths(args, exactly=1)
    build_folder(out)
    if not (out / ENTITIES).is_file():
        raise InputError(out, f"no {ENTITIES}: run `ipgov build -o {out}` first")
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
        if args.columns:
            chosen = Table(COLUMNS).select(args.columns).columns
            data["entities"] = [{c: r.get(c) for c in chosen} for r in rows]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    reasons: dict[str, list[str]] = {}
    for s in flagged:
        for iri in s.iris:
            reasons.setdefault(iri, []).append(f"{s.reason}: {s.key}")
    table = Table(COLUMNS, [(
        str(r["iri"]), str(r["canonical"]), " | ".join(_texts(r["kinds"])),
        " | ".join(n for n in _texts(r["names"]) if args.format != "table" or n != r["canonical"]),
        len(_texts(r["letters"])), "; ".join(reasons.get(str(r["iri"]), [])),
    ) for r in rows])
    wanted = args.columns or (TABLE_COLUMNS if args.format == "table" else None)
    sys.stdout.write(render_table(table.select(wanted), args.format, bom=args.bom, raw=args.raw,
                                  width=terminal_width()))
    if args.format == "table" and flagged:
        print(f"\n{len(flagged)} likely duplicate(s) to review:")
        for s in flagged:
            labels = " / ".join(things[i].canonical for i in s.iris)
            print(printable(f"  {s.reason}: {s.key}: {labels}"))
    return EXIT_OK


def _texts(value: object) -> list[str]:
    """A list of a row (``entities.Thing.row``) as texts."""
    return [str(item) for item in value] if isinstance(value, list) else []
