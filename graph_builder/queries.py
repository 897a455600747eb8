"""Canned SPARQL queries: read and check their ``#+`` headers, bind typed parameters, run them.

A query file starts with a strict ``#+`` header (``queries/README.md`` gives the grammar).
Parameters are bound one way for every store: a ``VALUES`` block of RDF terms, each
serialised by pyoxigraph as an N-Triples term, placed as the first element of the query's
outermost ``WHERE`` group. User text is never spliced into the query: a value becomes
exactly one RDF term or the run stops with a :class:`~graph_builder.errors.UsageError`.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from graph_builder.errors import HeaderError, InputError, UsageError
from graph_builder.query_params import iri_term as iri_term
from graph_builder.query_params import literal_term
from graph_builder.query_params import param_terms as param_terms
from graph_builder.query_text import bound_text as bound_text
from graph_builder.query_text import mask, where_brace
from graph_builder.query_text import run_query as run_query
from graph_builder.query_text import values_block as values_block

__all__ = ["Param", "Query", "bound_text", "canned_queries", "find_query", "iri_term", "literal_term", "mask",
           "param_terms", "parse_query", "query_help", "run_query", "values_block", "where_brace"]

KEYS = ("name", "title@zh", "title@en", "description", "param", "tags", "example", "kind")
REPEATABLE = frozenset({"param", "example"})
TYPES = ("iri", "string", "integer", "date", "year")

_HEADER_LINE = re.compile(r"^#\+ (?P<key>[^:\s]+):(?: (?P<value>.*))?$")
_CONTINUATION = re.compile(r"^#\+ {3,}(?P<value>\S.*)$")
_VAR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PNAME = re.compile(r"(?<![\w?$:\-.])(?P<prefix>[A-Za-z](?:[\w.\-]*[\w\-])?)?:")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+(?P<prefix>(?:[A-Za-z](?:[\w.\-]*[\w\-])?)?):\s*$", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](?P<name>[A-Za-z_0-9]\w*)")


@dataclass(frozen=True)
class Param:
    """A declared parameter: ``param: <var> <type> <required|optional|default=VALUE> <description>``."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str
    line: int
    choices: tuple[str, ...] = ()  # the values a string takes, when the header lists them


@dataclass(frozen=True)
class Query:
    """One query file: its header and its SPARQL text."""

    name: str
    path: str
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    description: str = ""
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = ()
    examples: tuple[dict[str, str], ...] = ()
    kind: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str = "en") -> str:
        """The title in ``lang`` (zh or en), else the other one."""
        return self.titles.get(f"title@{lang}") or next(iter(self.titles.values()), self.name)

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


# --- reading -------------------------------------------------------------------------------


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def parse_query(text: str, path: str | Path) -> Query:
    """Parse and check a query file's text.

    :param text: the whole file
    :param path: the file, for messages (``queries/x.rq:3: ...``) and the name check
    :raises HeaderError: on any violation of the header grammar or of the body checks
    """
    path = str(path)
    lines = text.split("\n")
    fields: dict[str, list[tuple[int, str]]] = {}
    last: list[object] | None = None  # [key, line, value] of the entry being continued
    entries: list[list[object]] = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#+"):
            break
        cont = _CONTINUATION.match(line)
        if cont:
            if last is None:
                raise HeaderError(path, number, "continuation line before any key")
            last[2] = f"{last[2]} {cont.group('value').strip()}".strip()
            continue
        found = _HEADER_LINE.match(line.rstrip())
        if not found:
            raise HeaderError(path, number, "not a header line: expected '#+ key: value'")
        key = found.group("key")
        if key not in KEYS:
            raise HeaderError(path, number, f"unknown key {key!r} (known: {', '.join(KEYS)})")
        if key in fields and key not in REPEATABLE:
            raise HeaderError(path, number, f"key {key!r} given twice")
        last = [key, number, (found.group("value") or "").strip()]
        entries.append(last)
        fields.setdefault(key, [])
    for key, entry_line, value in entries:
        fields[str(key)].append((int(entry_line), str(value)))  # type: ignore[call-overload]
    return _build_query(text, path, fields)


def _single(fields: dict[str, list[tuple[int, str]]], key: str) -> tuple[int, str] | None:
    found = fields.get(key)
    return found[0] if found else None


def _build_query(text: str, path: str, fields: dict[str, list[tuple[int, str]]]) -> Query:
    stem = Path(path).stem
    name_field = _single(fields, "name")
    if not fields:
        name = stem  # an ad-hoc query file without a header: no parameters
    elif name_field is None:
        raise HeaderError(path, 1, "missing key 'name'")
    else:
        name = name_field[1]
        if name != stem:
            raise HeaderError(path, name_field[0], f"name {name!r} differs from the file name {stem!r}")
    titles = {key: value for key in ("title@zh", "title@en") if (found := _single(fields, key)) for _, value in [found]}
    if fields and not titles:
        raise HeaderError(path, 1, "missing key 'title@zh' or 'title@en'")
    for key in ("title@zh", "title@en", "description", "name"):
        found = _single(fields, key)
        if found and not found[1]:
            raise HeaderError(path, found[0], f"empty value for {key!r}")
    kind_field = _single(fields, "kind")
    if kind_field and kind_field[1] != "check":
        raise HeaderError(path, kind_field[0], f"unknown kind {kind_field[1]!r} (known: check)")
    params = tuple(_param(path, number, value) for number, value in fields.get("param", []))
    seen: set[str] = set()
    for param in params:
        if param.name in seen:
            raise HeaderError(path, param.line, f"parameter {param.name!r} declared twice")
        seen.add(param.name)
    query = Query(
        name=name,
        path=path,
        text=text,
        titles=titles,
        description=(_single(fields, "description") or (0, ""))[1],
        params=params,
        tags=tuple(t.strip() for t in (_single(fields, "tags") or (0, ""))[1].split(",") if t.strip()),
        examples=tuple(_example(path, number, value, params) for number, value in fields.get("example", [])),
        kind=kind_field[1] if kind_field else None,
        prefixes=_check_body(path, text, params),
    )
    return query


def _param(path: str, line: int, value: str) -> Param:
    parts = value.split(None, 3)
    if len(parts) < 3:
        raise HeaderError(path, line, "param needs '<var> <type> <required|optional|default=VALUE> <description>'")
    var, kind, need = parts[0], parts[1], parts[2]
    kind, _, listed = kind.partition(":")  # string:a|b|c: a string taking one of these values
    choices = tuple(v for v in listed.split("|") if v) if listed else ()
    if listed and (kind != "string" or not choices):
        raise HeaderError(path, line, f"only a string lists its values (string:a|b|c), not {parts[1]!r}")
    description = parts[3].strip() if len(parts) > 3 else ""
    if not _VAR_NAME.fullmatch(var):
        raise HeaderError(path, line, f"parameter name {var!r} is not a plain SPARQL variable name")
    if kind not in TYPES:
        raise HeaderError(path, line, f"unknown parameter type {kind!r} (known: {', '.join(TYPES)})")
    if not description:
        raise HeaderError(path, line, f"parameter {var!r} has no description")
    default: str | None = None
    if need.startswith("default="):
        default = need[len("default=") :]
        if kind != "iri":
            try:
                literal_term(kind, default)
            except UsageError as error:
                raise HeaderError(path, line, f"default of {var!r}: {error}") from None
    elif need not in ("required", "optional"):
        raise HeaderError(path, line, f"expected required, optional or default=VALUE, not {need!r}")
    if default is not None and choices and default not in choices:
        raise HeaderError(path, line, f"default of {var!r} is not one of {', '.join(choices)}")
    return Param(var, kind, need == "required", default, description, line, choices)


def _example(path: str, line: int, value: str, params: tuple[Param, ...]) -> dict[str, str]:
    try:
        words = shlex.split(value)
    except ValueError as error:
        raise HeaderError(path, line, f"example: {error}") from None
    pairs: dict[str, str] = {}
    declared = {p.name: p for p in params}
    for word in words:
        key, sep, val = word.partition("=")
        if not sep:
            raise HeaderError(path, line, f"example: expected key=value, not {word!r}")
        if key not in declared:
            raise HeaderError(path, line, f"example: unknown parameter {key!r}")
        if declared[key].choices and val not in declared[key].choices:
            raise HeaderError(path, line, f"example: {key}={val!r} is not one of {', '.join(declared[key].choices)}")
        if declared[key].type != "iri":
            try:
                literal_term(declared[key].type, val)
            except UsageError as error:
                raise HeaderError(path, line, f"example: {error}") from None
        pairs[key] = val
    for param in params:
        if param.required and param.name not in pairs:
            raise HeaderError(path, line, f"example: required parameter {param.name!r} missing")
    return pairs


def _check_body(path: str, text: str, params: tuple[Param, ...]) -> dict[str, str]:
    """Check prefixes and parameter use; return the prefixes the query declares."""
    masked = mask(text)
    declared: dict[str, str] = {}
    for found in re.finditer(r"\bPREFIX\s+((?:[A-Za-z](?:[\w.\-]*[\w\-])?)?):\s*(<[^>]*>)", text, re.IGNORECASE):
        if masked[found.start()] != " ":  # not inside a comment or string
            declared[found.group(1)] = found.group(2)[1:-1]
    for found in _PNAME.finditer(masked):
        prefix = found.group("prefix") or ""
        before = masked[max(0, found.start() - 40) : found.start()]
        if re.search(r"\bPREFIX\s*$", before, re.IGNORECASE):
            continue
        if prefix not in declared:
            raise HeaderError(path, _line_of(text, found.start()), f"undeclared prefix '{prefix}:'")
    used: dict[str, int] = {}
    for found in _VARIABLE.finditer(masked):
        used.setdefault(found.group("name"), found.start())
    names = {p.name for p in params}
    lower = {p.name.lower(): p.name for p in params}
    for var, offset in sorted(used.items(), key=lambda item: item[1]):
        if var not in names and var.lower() in lower:
            raise HeaderError(
                path,
                _line_of(text, offset),
                f"variable ?{var} looks like parameter {lower[var.lower()]!r} but is not it",
            )
    for param in params:
        if param.name not in used:
            raise HeaderError(path, param.line, f"parameter {param.name!r} is not used in the query")
    if params:
        where_brace(text, path)
    return declared


def read_query(path: str | Path) -> Query:
    """Read and check one query file.

    :raises InputError: when the file cannot be read
    :raises HeaderError: when its header or body breaks the rules
    """
    import os
    import stat

    try:  # without blocking, and no further than a query can be long: a FIFO or /dev/zero is no query file
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(path, "not a regular file")
            data = file.read(MAX_QUERY_BYTES + 1)
        if len(data) > MAX_QUERY_BYTES:
            raise InputError(path, f"over {MAX_QUERY_BYTES // 1000} kB: not a query file")
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise InputError(path, f"cannot read query file ({problem})") from None
    return parse_query(text, _display_path(path))


MAX_QUERY_BYTES = 1_000_000


def _display_path(path: str | Path) -> str:
    path = Path(path)
    return f"queries/{path.name}" if path.parent.name == "queries" else str(path)


def canned_queries() -> list[Query]:
    """Every query of ``queries/``, sorted by name."""
    from graph_builder.resources import query_files

    return [parse_query(file.read_text(encoding="utf-8"), f"queries/{file.name}") for file in query_files()]


def find_query(name: str) -> Query:
    """A canned query by name, or any ``.rq`` file by path.

    :raises UsageError: when no canned query has that name
    """
    if name.endswith(".rq") or "/" in name or "\\" in name:
        return read_query(name)
    from graph_builder.resources import query_files

    files = {file.name[:-3]: file for file in query_files()}
    if name not in files:
        near = difflib.get_close_matches(name, list(files), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; `ipgov queries` lists them"
        raise UsageError(f"unknown query {name!r}{hint}")
    return parse_query(files[name].read_text(encoding="utf-8"), f"queries/{name}.rq")


def parse_param_args(pairs: list[str]) -> dict[str, str]:
    """``["k=v", ...]`` from the command line as a dict.

    :raises UsageError: on a pair without ``=`` or a key given twice
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param expects key=value, not {pair[:60]!r}")
        if key in out:
            raise UsageError(f"--param {key} given twice")
        out[key] = value
    return out


def query_help(query: Query) -> str:
    """What ``ipgov query NAME --help`` adds: the query's titles, description, parameters, examples."""
    import textwrap

    lines = [f"query {query.name}: {query.title('en')}"]
    if query.titles.get("title@zh"):
        lines.append(f"  {query.title('zh')}")
    if query.description:
        lines += textwrap.wrap(query.description, 96, initial_indent="  ", subsequent_indent="  ")
    lines.append("parameters:" if query.params else "parameters: none")
    for param in query.params:
        need = "required" if param.required else (f"default {param.default}" if param.default else "optional")
        lines.append(f"  --param {param.name}=<{param.type}>  ({need}) {param.description}")
        if param.choices:
            lines.append(f"      one of: {', '.join(param.choices)}")
    for example in query.examples:
        words = " ".join(f"-p {k}={shlex.quote(v)}" for k, v in example.items())
        lines.append(f"example: ipgov query {query.name}{' ' + words if words else ''}")
    return "\n".join(lines) + "\n"


def query_list_markdown(queries: list[Query]) -> str:
    """The Markdown table of queries (name, zh and en titles, parameters) for the READMEs."""
    lines = ["| query | 标题 | title | parameters |", "| --- | --- | --- | --- |"]
    for query in queries:
        params = ", ".join(f"`{p.name}` ({p.type}{'' if p.required else ', optional'})" for p in query.params)
        cells = [f"`{query.name}`", query.title("zh"), query.title("en"), params or "—"]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
