"""``ipgov extract LETTER``: print the facts of one letter (eval/FORMAT.md JSON, or text)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from graph_builder.commands._common import add_command


def add_parser(subparsers: Any) -> None:
    """Register ``extract``."""
    parser = add_command(subparsers, "extract", "print the facts found in one letter")
    parser.add_argument("letter", help="a letter file (.txt; UTF-8, UTF-8 with BOM or GB18030)")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="output format (default: json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Extract and print."""
    from graph_builder.facts_json import facts_to_json
    from graph_builder.pipeline import facts_of

    _, facts = facts_of(args.letter)
    data = facts_to_json(facts)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from graph_builder.safe_text import printable

    for key, value in data.items():  # a terminal: the letter's text with its control characters escaped
        if isinstance(value, list):
            print(f"{key} ({len(value)}):")
            for item in value:
                print(f"  - {printable(_short(item))}")
        else:
            print(f"{key}: {printable(value)}")
    return 0


def _short(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    if "name" in item:
        extra = f" [{item['type']}]" if "type" in item else ""
        return f"{item['name']}{extra}"
    if "value" in item:
        return f"{item['value']}{item.get('unit') or ''}  ({item.get('what', '')})"
    return ", ".join(f"{k}={v}" for k, v in item.items() if k != "evidence")
