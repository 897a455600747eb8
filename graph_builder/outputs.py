"""Tables people open: CSV for spreadsheets, TSV and JSON lines for programs, aligned terminal tables.

One table model for every command that prints rows (``ipgov query``, ``ipgov entities``):
columns and rows of plain values (text, numbers, booleans, None). The formats:

- ``csv``: RFC 4180 with a UTF-8 byte-order mark unless ``--no-bom``. Excel opens a CSV
  without one in the machine's legacy code page and shows Chinese as mojibake; with it, Excel,
  LibreOffice, pandas and Python's ``utf-8-sig`` read it right. A tool that wants bare UTF-8
  (``cut``, older ``awk`` scripts, a database loader) gets it with ``--no-bom``.
- ``tsv``: plain values separated by tabs, a tab or line break inside a value written as a space.
- ``jsonl``: one JSON object per row (``pandas.read_json(..., lines=True)``); numbers stay numbers,
  an empty cell is null.
- ``table``: aligned by display width (East Asian wide and full-width characters take two
  columns), long cells wrapped onto more lines instead of cut, as wide as the terminal.

A cell a spreadsheet would read as a formula gets a leading quote in csv and tsv unless ``raw``
(``safe_text.csv_cell``); the table escapes control characters (``safe_text.printable``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from graph_builder.errors import UsageError
from graph_builder.safe_text import csv_cell, printable

BOM = "\ufeff"
PLAIN_FORMATS = ("table", "csv", "tsv", "jsonl")
CELL_WIDTH = 48  # display columns a table cell takes at most before it wraps
MIN_WIDTH = 6  # a column is never squeezed narrower than this to fit the terminal
GAP = "  "

Value = str | int | float | bool | None


@dataclass
class Table:
    """Columns and rows of plain values."""

    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]] = field(default_factory=list)

    def select(self, wanted: str | None) -> Table:
        """Only the columns named in ``wanted`` (``a,b``), in that order; all when None.

        :raises UsageError: a name that is not a column (the message lists them)
        """
        if not wanted:
            return self
        names = [name.strip().lstrip("?") for name in wanted.split(",") if name.strip()]
        unknown = [name for name in names if name not in self.columns]
        if unknown or not names:
            raise UsageError(f"--columns: no column {', '.join(unknown) or '(none named)'}; "
                             f"the columns are {','.join(self.columns)}")
        index = [self.columns.index(name) for name in names]
        return Table(tuple(names), [tuple(row[i] for i in index) for row in self.rows])


def add_output_arguments(
    parser: argparse.ArgumentParser, formats: Sequence[str], default: str = "table", extra: str = ""
) -> None:
    """``--format``, ``--columns``, ``--no-bom`` and ``--raw``, the same for every command printing rows."""
    parser.add_argument("--format", choices=tuple(formats), default=default,
                        help=f"output format (default: {default}); " + FORMAT_HELP + (f"; {extra}" if extra else ""))
    parser.add_argument("--columns", metavar="A,B", help="only these columns, in this order (any format)")
    parser.add_argument("--no-bom", dest="bom", action="store_false",
                        help="csv: no UTF-8 byte-order mark (by default there is one, so that Excel shows "
                             "Chinese right; leave it out for tools that take it for part of the first name)")
    parser.add_argument("--raw", action="store_true",
                        help="csv/tsv: write cells as they are (by default a cell starting with = + - @ "
                             "gets a leading ')")


FORMAT_HELP = (
    "table: aligned for a terminal, long cells wrapped; csv: for spreadsheets, with a byte-order mark; "
    "tsv: plain values, tab-separated; jsonl: one JSON object per row (pandas: read_json(lines=True))"
)


def char_width(char: str) -> int:
    """Columns (or half-width cells) one character takes: East Asian wide and full-width count 2."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: East Asian wide and full-width characters count 2.

    >>> display_width("深圳 ab")
    7
    """
    return sum(char_width(ch) for ch in text)


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _distinct_cells(table: Table, make: Callable[[Value], str]) -> Callable[[Value], str]:
    """``make``, done once per distinct text: the same texts recur row after row (a thing, a
    predicate, a letter). Only for texts (and unbound): ``True == 1`` would share a cell."""
    values = {value for row in table.rows for value in row}
    if all(value is None or type(value) is str for value in values):
        return {value: make(value) for value in values}.__getitem__
    return make


def to_csv(table: Table, bom: bool = True, raw: bool = False) -> str:
    """RFC 4180 CSV (CRLF line ends), with a byte-order mark unless ``bom`` is False."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    cell = _distinct_cells(table, lambda value: csv_cell(_text(value), raw))
    writer.writerows([list(map(cell, row)) for row in table.rows])
    return (BOM if bom else "") + buffer.getvalue()


def _tsv_cell(value: Value, raw: bool) -> str:
    text = _text(value).replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return csv_cell(text, raw)


def to_tsv(table: Table, raw: bool = False) -> str:
    """Plain values, tab-separated, one row a line; tabs and line breaks inside values become spaces.

    >>> to_tsv(Table(("name", "n"), [("深圳\\t法院", 2)]))
    'name\\tn\\n深圳 法院\\t2\\n'
    """
    lines = ["\t".join(table.columns)]
    cell = _distinct_cells(table, lambda value: _tsv_cell(value, raw))
    lines += ["\t".join(map(cell, row)) for row in table.rows]
    return "\n".join(lines) + "\n"


def to_jsonl(table: Table) -> str:
    """One JSON object per row, keys in column order.

    >>> to_jsonl(Table(("name", "n"), [("深圳", 2), (None, 1)]))
    '{"name": "深圳", "n": 2}\\n{"name": null, "n": 1}\\n'
    """
    return "".join(json.dumps(dict(zip(table.columns, row, strict=True)), ensure_ascii=False) + "\n"
                   for row in table.rows)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns; Latin text breaks at a space when it can.

    >>> wrap("深圳市市场监督管理局", 8)
    ['深圳市市', '场监督管', '理局']
    >>> wrap("Supreme People's Court", 10)
    ['Supreme', "People's", 'Court']
    """
    lines: list[str] = []
    while display_width(text) > width:
        used, cut = 0, 0
        for i, ch in enumerate(text):
            step = display_width(ch)
            if used + step > width:
                break
            used, cut = used + step, i + 1
        space = text.rfind(" ", 0, cut)
        if cut < len(text) and text[cut] != " " and space > 0:
            cut = space  # mid-word: break at the last space instead
        cut = max(cut, 1)
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*lines, text] if text or not lines else lines


def terminal_width() -> int | None:
    """Columns of the terminal stdout writes to (``$COLUMNS`` when set); None when stdout is no
    terminal (a file or a pipe: no limit, cells wrap at ``CELL_WIDTH`` only)."""
    try:
        if not sys.stdout.isatty():
            return None
        if os.environ.get("COLUMNS", "").isdigit():
            return int(os.environ["COLUMNS"])
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return None


def _widths(natural: list[int], limit: int | None) -> list[int]:
    widths = [min(w, CELL_WIDTH) for w in natural]
    if limit is None:
        return widths
    room = limit - len(GAP) * (len(widths) - 1)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_WIDTH:
            break
        widths[widest] -= 1
    return widths


def to_table(table: Table, width: int | None = None, count: bool = True) -> str:
    """An aligned text table: header, rule, rows (a wrapped row takes several lines), ``(N rows)``.

    >>> print(to_table(Table(("a", "b"), [("深圳法院", "x"), ("abc", "y")])), end="")
    a         b
    --------  -
    深圳法院  x
    abc       y
    (2 rows)
    """
    cells = [[printable(" ".join(_text(v).split())) for v in row] for row in table.rows]
    natural = [display_width(c) for c in table.columns]
    for row in cells:
        natural = [max(w, display_width(c)) for w, c in zip(natural, row, strict=True)]
    widths = _widths(natural, width)
    wrapped = any(display_width(c) > w for row in cells for c, w in zip(row, widths, strict=True))
    lines: list[str] = []
    for number, row in enumerate([list(table.columns), *cells]):
        if number > 1 and wrapped:
            lines.append("")  # a blank line between rows when some take more than one line
        pieces = [wrap(c, w) for c, w in zip(row, widths, strict=True)]
        for i in range(max(len(p) for p in pieces)):
            parts = [(p[i] if i < len(p) else "") for p in pieces]
            padded = (t + " " * (w - display_width(t)) for t, w in zip(parts, widths, strict=True))
            lines.append(GAP.join(padded).rstrip())
        if number == 0:
            lines.append(GAP.join("-" * w for w in widths))
    if count:
        lines.append(f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_table(table: Table, fmt: str, bom: bool = False, raw: bool = False, width: int | None = None) -> str:
    """``table`` in ``fmt`` (table, csv, tsv or jsonl)."""
    if fmt == "csv":
        return to_csv(table, bom, raw)
    if fmt == "tsv":
        return to_tsv(table, raw)
    if fmt == "jsonl":
        return to_jsonl(table)
    if fmt == "table":
        return to_table(table, width)
    raise ValueError(f"unknown format {fmt!r}")
