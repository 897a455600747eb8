"""Canned SPARQL queries: read and check their ``#+`` headers, bind typed parameters, run them.

A query file starts with a strict ``#+`` header (``queries/README.md`` gives the grammar).
Parameters are bound one way for every store: a ``VALUES`` block of RDF terms, each
serialised by pyoxigraph as an N-Triples term, placed as the first element of the query's
outermost ``WHERE`` group. User text is never spliced into the query: a value becomes
exactly one RDF term or the run stops with a :class:`~graph_builder.errors.UsageError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph_builder.errors import HeaderError, InputError, UsageError
from graph_builder.namespaces import PREFIXES
from graph_builder.store import SparqlStore
from graph_builder.store.results import Result, Term

KEYS = ("name", "title@zh", "title@en", "description", "param", "tags", "example", "kind")
REPEATABLE = frozenset({"param", "example"})
TYPES = ("iri", "string", "integer", "date", "year")
XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_VALUE_LENGTH = 100_000

_HEADER_LINE = re.compile(r"^#\+ (?P<key>[^:\s]+):(?: (?P<value>.*))?$")
_CONTINUATION = re.compile(r"^#\+ {3,}(?P<value>\S.*)$")
_VAR_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''" r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'",
    re.DOTALL,
)
_PNAME = re.compile(r"(?<![\w?$:\-.])(?P<prefix>[A-Za-z](?:[\w.\-]*[\w\-])?)?:")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+(?P<prefix>(?:[A-Za-z](?:[\w.\-]*[\w\-])?)?):\s*$", re.IGNORECASE)
_VARIABLE = re.compile(r"[?$](?P<name>[A-Za-z_0-9]\w*)")
_CODEPOINT_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True)
class Param:
    """A declared parameter: ``param: <var> <type> <required|optional|default=VALUE> <description>``."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str
    line: int


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


def mask(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length, newlines kept).

    What is left is SPARQL syntax only: keywords, variables, prefixed names, braces.

    >>> mask('SELECT ?a WHERE { ?a <x:y> "b:c" } # d:e')
    'SELECT ?a WHERE { ?a       "   " }      '
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out.append(" " * (end - i))
            i = end
            continue
        if ch in "\"'":
            found = _STRING.match(text, i)
            if found:
                body = found.group(0)
                quote = ch * 3 if body.startswith(ch * 3) and len(body) >= 6 else ch
                inner = re.sub(r"[^\n]", " ", body[len(quote) : len(body) - len(quote)])
                out.append(quote + inner + quote)
                i = found.end()
                continue
        if ch == "<":
            found = _IRIREF.match(text, i)
            if found:
                out.append(" " * len(found.group(0)))
                i = found.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


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
    return Param(var, kind, need == "required", default, description, line)


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


def where_brace(text: str, path: str = "<query>") -> int:
    """Offset just after the ``{`` that opens the query's outermost WHERE group.

    >>> q = "SELECT ?a WHERE { ?a ?b ?c }"
    >>> q[: where_brace(q)]
    'SELECT ?a WHERE {'

    :raises HeaderError: when the query has no WHERE group (e.g. ``DESCRIBE <x>``)
    """
    masked = mask(text)
    form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", masked, re.IGNORECASE)
    if not form:
        raise HeaderError(path, 1, "no SELECT, ASK, CONSTRUCT or DESCRIBE")
    depth = 0
    after_where: int | None = None
    where_seen = False
    top: list[int] = []
    for found in re.finditer(r"[{}]|\bWHERE\b", masked[form.end() :], re.IGNORECASE):
        token, at = found.group(0), form.end() + found.start()
        if token == "{":
            if depth == 0:
                top.append(at + 1)
                if where_seen and after_where is None:
                    after_where = at + 1
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            where_seen = True
    if after_where is not None:
        return after_where
    kind = form.group(1).upper()
    if kind == "CONSTRUCT" and len(top) >= 2:
        return top[1]
    if kind != "CONSTRUCT" and top:
        return top[0]
    raise HeaderError(path, _line_of(text, form.start()), "parameters need a WHERE group to bind into")


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


# --- parameters ---------------------------------------------------------------------------


def _check_text(value: str) -> None:
    if len(value) > MAX_VALUE_LENGTH:
        raise UsageError(f"value longer than {MAX_VALUE_LENGTH} characters")
    if _CODEPOINT_ESCAPE.search(value):
        # SPARQL engines disagree on whether \uXXXX in a query is decoded before parsing.
        raise UsageError("a backslash followed by u/U and hex digits is not accepted in a value")


def literal_term(kind: str, value: str) -> ox.Literal:
    """The RDF literal for a ``string``, ``integer``, ``date`` or ``year`` parameter value.

    >>> str(literal_term("year", "2018"))
    '"2018"^^<http://www.w3.org/2001/XMLSchema#integer>'

    :raises UsageError: when the value is not of that type
    """
    if kind == "string":
        _check_text(value)
        return ox.Literal(value)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value.strip()):
            raise UsageError(f"{value[:40]!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "year":
        if not re.fullmatch(r"[0-9]{4}", value.strip()):
            raise UsageError(f"{value[:40]!r} is not a year (four digits, e.g. 2018)")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "date":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
                raise ValueError
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    raise UsageError(f"unknown parameter type {kind!r}")


def iri_term(value: str, prefixes: dict[str, str], store: SparqlStore | None = None) -> ox.NamedNode:
    """The IRI for an ``iri`` parameter: a full IRI, a prefixed name, or a name of a thing.

    Names are looked up in the graph's labels (``skos:prefLabel``/``skos:altLabel``, any
    language) and then in the gazetteer, whose canonical names mint the same IRIs as the build.

    :raises UsageError: when the value is none of these, or names several things
    """
    _check_text(value)
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        return _named_node(prefixes[prefix] + local, value)
    if _SCHEME.match(text) and " " not in text:
        return _named_node(text, value)
    found = _label_lookup(text, store) if store is not None else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(node.value for node in found[:5])
        raise UsageError(f"{value[:60]!r} names {len(found)} things ({listed}); pass one IRI")
    from_gazetteer = _gazetteer_iri(text)
    if from_gazetteer is not None:
        return from_gazetteer
    raise UsageError(f"{value[:60]!r} is not an IRI, a prefixed name, nor a name the graph or the gazetteer knows")


def _named_node(iri: str, original: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise UsageError(f"{original[:60]!r} is not a valid IRI ({error})") from None


def _label_lookup(name: str, store: SparqlStore) -> list[ox.NamedNode]:
    if not name or len(name) > 1000:
        return []
    forms = [ox.Literal(name), ox.Literal(name, language="zh"), ox.Literal(name, language="en")]
    query = (
        "SELECT DISTINCT ?thing WHERE { VALUES ?label { " + " ".join(str(f) for f in forms) + " } "
        "GRAPH ?g { ?thing <http://www.w3.org/2004/02/skos/core#prefLabel>|"
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?label } } ORDER BY ?thing"
    )
    result = store.run(query)
    return [row[0] for row in result.rows if isinstance(row[0], ox.NamedNode)]


def _gazetteer_iri(name: str) -> ox.NamedNode | None:
    from graph_builder.extract.gazetteer import default_gazetteer
    from graph_builder.iri import thing_iri
    from graph_builder.text.normalize import normalize_text

    if not name or len(name) > 200:
        return None
    norm = normalize_text(name)
    hits = default_gazetteer().find(norm)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(norm):
        entry = hits[0].entry
        return ox.NamedNode(str(thing_iri(entry.kind, entry.canonical)))
    return None


def param_terms(query: Query, raw: dict[str, str], store: SparqlStore | None = None) -> dict[str, Term | None]:
    """Typed terms for the given parameter values (defaults filled in, absent optionals None).

    :raises UsageError: on an unknown or missing parameter, or a value of the wrong type
    """
    for key in raw:
        if query.param(key) is None:
            known = ", ".join(p.name for p in query.params) or "none"
            raise UsageError(f"{query.name}: unknown parameter {key!r} (known: {known})")
    prefixes = {**{k: str(v) for k, v in PREFIXES.items()}, **query.prefixes}
    terms: dict[str, Term | None] = {}
    for param in query.params:
        value = raw.get(param.name, param.default)
        if value is None:
            if param.required:
                raise UsageError(f"{query.name}: parameter {param.name!r} is required ({param.description})")
            terms[param.name] = None
            continue
        try:
            if param.type == "iri":
                terms[param.name] = iri_term(value, prefixes, store)
            else:
                terms[param.name] = literal_term(param.type, value)
        except UsageError as error:
            raise UsageError(f"{query.name}: parameter {param.name!r}: {error}") from None
    return terms


def values_block(terms: dict[str, Term | None]) -> str:
    """The ``VALUES`` clause binding ``terms`` (``UNDEF`` for None).

    >>> values_block({"year": literal_term("year", "2018"), "agency": None})
    'VALUES (?year ?agency) { ("2018"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF) }'
    """
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join("UNDEF" if term is None else str(term) for term in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def bound_text(query: Query, terms: dict[str, Term | None]) -> str:
    """The query text with ``terms`` bound: a VALUES block opening the outermost WHERE group.

    Absent optional parameters are left out rather than bound to ``UNDEF`` (the same
    meaning; Virtuoso 7 mishandles projected variables bound to ``UNDEF``).
    """
    terms = {name: term for name, term in terms.items() if term is not None}
    if not terms:
        return query.text
    at = where_brace(query.text, query.path)
    return f"{query.text[:at]}\n  {values_block(terms)}\n{query.text[at:]}"


def run_query(query: Query, raw: dict[str, str], store: SparqlStore) -> Result:
    """Bind ``raw`` parameter values and run ``query`` on ``store``.

    :raises UsageError: on a bad parameter
    :raises HeaderError: when the query text does not parse
    """
    text = bound_text(query, param_terms(query, raw, store))
    try:
        return store.run(text)
    except SyntaxError as error:
        raise HeaderError(query.path, 1, f"query does not parse: {str(error).splitlines()[0]}") from None


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


def query_list_markdown(queries: list[Query]) -> str:
    """The Markdown table of queries (name, zh and en titles, parameters) for the READMEs."""
    lines = ["| query | 标题 | title | parameters |", "| --- | --- | --- | --- |"]
    for query in queries:
        params = ", ".join(f"`{p.name}` ({p.type}{'' if p.required else ', optional'})" for p in query.params)
        cells = [f"`{query.name}`", query.title("zh"), query.title("en"), params or "—"]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
