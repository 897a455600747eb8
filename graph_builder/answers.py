"""Canned queries answered from each letter's own rows: the per-letter answer cache.

Most canned queries read the letter graphs through one ``GRAPH ?g { … }`` group and do the rest
(a parameter's filter, ``GROUP BY`` with ``COUNT``, ``DISTINCT``, ``ORDER BY``) outside it. By
SPARQL's semantics such a group's solutions over the dataset are the union of its solutions
over each named graph alone, so they can be computed once per letter and kept:

1. **Per letter** (worker processes, like validation): the group's text, copied from the
   ``.rq`` file, runs as ``SELECT <its variables> WHERE { GRAPH ?g { … } }`` on a store that
   holds that letter's graph only. The rows are kept in ``.cache/answers/<key>.json`` under the
   letter's stamp (its sha256, tool and gazetteer: ``blocks.Block.stamp``) and a digest of the
   row queries (``cache_digest``), so a rebuild recomputes only the letters that changed.
2. **Per build**: the letters' rows are concatenated (``.cache/answers/<name>.rows.json``, a line
   per letter; search-label's also as a search index), under a digest of every letter's stamp;
   the answer without parameters is kept too (``<name>.final.json``), and by ``ipgov query`` its
   text per output format (``<name>.<digest>.out``), under that digest and this module's.
3. **Per call**: the given parameters are applied in Python as the query's ``VALUES`` join and
   outer ``FILTER`` would (``_SPECS``: one small function per query, written against its text);
   ``COUNT(DISTINCT …)`` groups are counted in Python; ``DISTINCT`` and the order are left to
   pyoxigraph itself, on an in-memory store: the rows go into a ``VALUES`` block under the
   query's own ``ORDER BY`` clause, so the order is the engine's, comparator and all.

A query is served this way only when it is a canned query whose text is the one its spec was
written against (``_SPECS[name].digest``); everything else, ``--sparql``, and any endpoint run
the SPARQL itself. ``tests/test_answers.py`` compares both ways on a multi-letter build for
every served query, with and without parameters, in every output format.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from graph_builder.corpus import layout
from graph_builder.corpus.blocks import Block, letter_blocks
from graph_builder.query_text import mask
from graph_builder.store.results import Result, Term

ANSWERS_CACHE = layout.ANSWERS_CACHE  # <key>.json per letter; <name>.rows.json, <name>.final.json
_ID = "https://w3id.org/ipgov/id/"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

ROWS_VERSION = 1  # the form of the rows kept (``encode``, the files): change it when they change
Row = tuple[str | None, ...]  # encoded terms (``encode``), None for unbound
Terms = dict[str, Term | None]
Apply = Callable[[list[Row], dict[str, str | None], tuple[str, ...]], list[Row]]  # parameters on rows


# ---------------------------------------------------------------- terms as short strings


def encode(term: Term | None) -> str | None:
    """A term as a string that ``decode`` reads back: ``<iri`` (``~key`` for ``ipgov-id:key``),
    ``"text``, ``@lang value``, ``^datatype value``, ``_id``.

    >>> [encode(t) for t in (ox.NamedNode("http://a/b"), ox.Literal("x"), ox.Literal("y", language="zh"))]
    ['<http://a/b', '"x', '@zh y']
    >>> decode(encode(ox.Literal("3", datatype=XSD_INTEGER))) == ox.Literal("3", datatype=XSD_INTEGER)
    True
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        iri = term.value
        return "~" + iri[len(_ID) :] if iri.startswith(_ID) else "<" + iri
    if isinstance(term, ox.BlankNode):
        return "_" + term.value
    if term.language:
        return f"@{term.language} {term.value}"
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return '"' + term.value
    return f"^{datatype} {term.value}"


@cache
def decode(text: str) -> Term:
    """The term ``encode`` wrote as ``text``."""
    kind, body = text[0], text[1:]
    if kind == "~":
        return ox.NamedNode(_ID + body)
    if kind == "<":
        return ox.NamedNode(body)
    if kind == '"':
        return ox.Literal(body)
    if kind == "_":
        return ox.BlankNode(body)
    tag, _, value = body.partition(" ")
    if kind == "@":
        return ox.Literal(value, language=tag)
    return ox.Literal(value, datatype=ox.NamedNode(tag))


def _term(text: str | None) -> Term | None:
    return None if text is None else decode(text)


# ---------------------------------------------------------------- what each query needs


@dataclass(frozen=True)
class Spec:
    """How one canned query is answered from per-letter rows."""

    digest: str  # sha256 (first 16 hex digits) of the query text this spec was written against
    variables: tuple[str, ...]  # the variables each letter's rows keep
    params: Apply | None = None
    group: tuple[tuple[str, ...], str, str] | None = None  # (keys, counted variable, count's name)
    select: tuple[str, ...] | None = None  # the row query's SELECT items, when not just ``variables``


def _join(variable: str) -> Apply:
    """A parameter bound by ``VALUES`` and joined with the group: a row whose value is another
    term is dropped, an unbound one takes the parameter's value (SPARQL's join)."""

    def apply(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
        value = given.get(variable)
        if value is None:
            return rows
        at = names.index(variable)
        kept = []
        for row in rows:
            if row[at] == value:
                kept.append(row)
            elif row[at] is None:
                kept.append((*row[:at], value, *row[at + 1:]))
        return kept

    return apply


def _either(left: str, right: str, param: str) -> Apply:
    """``FILTER(!BOUND(?param) || ?left = ?param || ?right = ?param)`` for an IRI parameter:
    ``=`` of two IRIs is their identity, and an unbound side is an error (false here)."""

    def apply(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
        value = given.get(param)
        if value is None:
            return rows
        a, b = names.index(left), names.index(right)
        return [row for row in rows if row[a] == value or row[b] == value]

    return apply


def _equal_iri(variable: str, param: str) -> Apply:
    return _either(variable, variable, param)


def _replies_by_agency_year(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
    # FILTER(!BOUND(?agency) || ?respondingAgency = ?agency) and FILTER(!BOUND(?year) || ?replyYear = ?year):
    # ?replyYear is an xsd:integer (or unbound, then the test is an error: no row); ?year too
    rows = _equal_iri("respondingAgency", "agency")(rows, given, names)
    year = given.get("year")
    if year is None:
        return rows
    at, wanted = names.index("replyYear"), _integer(year)
    return [row for row in rows if row[at] is not None and _integer(row[at]) == wanted]


def _integer(text: str | None) -> int | None:
    term = _term(text)
    if isinstance(term, ox.Literal) and term.datatype == XSD_INTEGER:
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def _platforms(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
    # FILTER(!BOUND(?since) || (BOUND(?startDate) && STR(?startDate) >= STR(?since))): code point order
    since = given.get("since")
    if since is None:
        return rows
    at, floor = names.index("startDate"), _lexical(since)
    return [row for row in rows if row[at] is not None and _lexical(row[at]) >= floor]


def _lexical(text: str | None) -> str:
    term = _term(text)
    assert term is not None
    return term.value


def _foreign_actors(rows: list[Row], given: dict[str, str | None], names: tuple[str, ...]) -> list[Row]:
    # FILTER(!BOUND(?role) || ?asRole = STR(?role)): ?asRole is a plain literal
    role = given.get("role")
    if role is None:
        return rows
    at, wanted = names.index("asRole"), '"' + _lexical(role)
    return [row for row in rows if row[at] == wanted]


_SPECS: dict[str, Spec] = {
    "actor-cooccurrence": Spec(
        "2d64a8247520c045", ("actorA", "nameA", "actorB", "nameB", "measure"), _either("actorA", "actorB", "actor"),
        (("actorA", "nameA", "actorB", "nameB"), "measure", "measures")),
    "class-counts": Spec("8e0bdc0a5b958976", ("class", "letter", "thing")),  # its own merge: _class_counts
    "co-handlers": Spec(
        "f89523b5ed2a1c78", ("agency", "agencyName", "coHandler", "coHandlerName", "letter"), _join("agency"),
        (("agency", "agencyName", "coHandler", "coHandlerName"), "letter", "replies")),
    "commitments-by-body": Spec(
        "7b1e4a222e5a3711", ("body", "bodyName", "how", "letter", "ordinal", "promise"), _join("body")),
    "court-cases": Spec(
        "1c2e7c3a2a3b584d", ("case", "caseName", "plaintiffName", "defendantName", "courtName", "year", "subject",
                             "recognitionName", "letter", "citingAgencyName", "plaintiff", "defendant"),
        _either("plaintiff", "defendant", "party")),
    "figures": Spec(
        "91605e363d95cb22", ("letter", "start", "end", "figure", "value", "numericValue", "unit", "what", "period",
                             "sentence"), _join("letter")),
    "foreign-actors": Spec(
        "225ded9b0c319159", ("kind", "thing", "name", "nameEn", "asRole", "context", "letter"), _foreign_actors),
    "platforms": Spec(
        "7537736557f9095d", ("startDate", "platform", "platformName", "platformKind", "placeName", "approvedByName",
                             "hostedByName", "letter"), _platforms),
    "policies-cited": Spec(
        "b3ab344fc802a4ca", ("policy", "policyName", "policyNameEn", "policyType", "letter", "measure",
                             "measureOrdinal", "measureText"), _join("policy")),
    "provisions-cited": Spec(
        "b0b08defde089402", ("provision", "article", "policy", "policyName", "letter", "agencyName"), _join("policy")),
    "replies-by-agency-year": Spec(
        "dcd3d3f4332c2bfd", ("respondingAgency", "agencyName", "replyYear", "date", "letter", "docNumber",
                             "motionNumber", "motionTitle"), _replies_by_agency_year),
    "replies": Spec(
        "4bcbf479cc596cbf", ("letter", "docNumber", "date", "motion", "motionNumber", "session", "proposer",
                             "proposerName", "respondingAgency", "agencyName", "coHandler", "coHandlerName"),
        _equal_iri("respondingAgency", "agency")),
    "suggestion-measures": Spec(
        "322d6cb75f7f754b", ("letter", "itemOrdinal", "suggestion", "measureOrdinal", "measureType", "measureText"),
        _join("letter")),
    # the labels' group (deduplicated, as its sub-select); the classes' group is kept as _CLASSES
    "search-label": Spec(
        "100966e7119ce6e3", ("thing", "label", "labelKind", "labelLang", "lower"),
        select=("thing", "label", "labelKind", "(LANG(?label) AS ?labelLang)", "(LCASE(STR(?label)) AS ?lower)")),
}
_CLASSES = "search-label-classes"  # (thing, class) of search-label's GRAPH ?h group
_DISTINCT = ("search-label", _CLASSES)  # rows kept once: their queries use them only under DISTINCT


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _canned(query: Any) -> Spec | None:
    """The spec of ``query`` when it is a served canned query with the text its spec was written for."""
    spec = _SPECS.get(query.name)
    if spec is None or query.path != f"queries/{query.name}.rq" or _digest(query.text) != spec.digest:
        return None
    return spec


# ---------------------------------------------------------------- the query's parts


def _group_end(masked: str, start: int) -> int:
    """Offset just after the ``}`` that closes the group opening at ``start`` (a ``{``)."""
    depth = 0
    for at in range(start, len(masked)):
        if masked[at] == "{":
            depth += 1
        elif masked[at] == "}":
            depth -= 1
            if depth == 0:
                return at + 1
    raise ValueError("unbalanced braces")


def _prologue(text: str, masked: str) -> str:
    start = re.search(r"\bSELECT\b", masked, re.IGNORECASE)
    assert start is not None
    return text[: start.start()]


def row_query(text: str, variables: Iterable[str], which: int = 0) -> str:
    """The query's ``GRAPH ?g { … }`` group (the first, or the one ``which`` counts from 0), as its
    own SELECT of ``variables`` (names, or ``(expression AS ?name)``).

    >>> row_query("PREFIX a: <x:> SELECT ?x WHERE { GRAPH ?g { ?x a:p ?y } FILTER(?y) }", ["x", "y"])
    'PREFIX a: <x:> SELECT ?x ?y WHERE { GRAPH ?g { ?x a:p ?y } }'
    """
    masked = mask(text)
    found = list(re.finditer(r"\bGRAPH\s+\?\w+\s*\{", masked))[which]
    end = _group_end(masked, found.end() - 1)
    names = " ".join(v if v.startswith("(") else f"?{v}" for v in variables)
    return f"{_prologue(text, masked)}SELECT {names} WHERE {{ {text[found.start() : end]} }}"


def _order_clause(text: str) -> str:
    masked = mask(text)
    found = list(re.finditer(r"\bORDER\s+BY\b", masked, re.IGNORECASE))
    return text[found[-1].start() :] if found else ""


def projection(text: str) -> tuple[tuple[str, ...], bool]:
    """The variables the query's outermost SELECT projects (an aggregate by its ``AS`` name),
    and whether it is DISTINCT.

    >>> projection("SELECT DISTINCT ?a (COUNT(DISTINCT ?b) AS ?n) WHERE { }")
    (('a', 'n'), True)
    """
    masked = mask(text)
    found = re.search(r"\bSELECT\b(.*?)\bWHERE\b", masked, re.IGNORECASE | re.DOTALL)
    assert found is not None
    clause = found.group(1)
    while "(" in clause:
        clause = re.sub(r"\(([^()]*)\)", lambda m: m.group(1).rsplit("AS", 1)[-1] if " AS " in m.group(1) else "",
                        clause)
    distinct = bool(re.match(r"\s*DISTINCT\b", clause, re.IGNORECASE))
    return tuple(re.findall(r"[?$](\w+)", clause)), distinct


# ---------------------------------------------------------------- per letter


@cache
def _row_queries() -> dict[str, str]:
    from graph_builder.queries import find_query

    texts = {}
    for name, spec in _SPECS.items():
        query = find_query(name)
        if _canned(query) is spec:
            texts[name] = row_query(query.text, spec.select or spec.variables)
            if name == "search-label":
                texts[_CLASSES] = row_query(query.text, ("thing", "class"), which=1)
    return texts


@cache
def cache_digest() -> str:
    """What a letter's rows depend on besides the letter: the row queries (the served queries' groups),
    the rows' form (``ROWS_VERSION``) and pyoxigraph's version. Not the rest of this module: an edit
    to the code that merges, filters or orders rows makes only the answers (``_answer_stamp``) stale."""
    digest = hashlib.sha256(f"{ROWS_VERSION}\0{ox.__version__}\0".encode())
    for name, text in sorted(_row_queries().items()):
        digest.update(f"{name}\0{text}\0".encode())
    return digest.hexdigest()[:16]


def letter_rows(nquads: bytes) -> dict[str, list[Row]]:
    """Each served query's rows on one letter's graph (N-Quads)."""
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)  # the build wrote it: a third faster
    rows: dict[str, list[Row]] = {}
    for name, text in _row_queries().items():
        solutions = store.query(text)
        assert isinstance(solutions, ox.QuerySolutions)
        rows[name] = [tuple(encode(term) for term in solution) for solution in solutions]
    return rows


def _letter_entry(block: Block) -> tuple[str, dict[str, list[Row]]]:
    return f"{block.stamp}:{cache_digest()}", letter_rows(block.read())


def _letter_file(out: Path, block: Block) -> Path:
    return out / ANSWERS_CACHE / f"{block.key}.json"


def _fresh(out: Path, block: Block) -> bool:
    """The letter's kept rows are of its current graph (its file's first line is its stamp)."""
    try:
        with _letter_file(out, block).open("rb") as stream:
            return bool(orjson.loads(stream.readline()) == f"{block.stamp}:{cache_digest()}")
    except (OSError, ValueError):
        return False


def _load_letter(out: Path, block: Block) -> dict[str, list[Row]] | None:
    try:
        stamp, rows = _letter_file(out, block).read_bytes().split(b"\n", 1)
        if orjson.loads(stamp) == f"{block.stamp}:{cache_digest()}":
            return orjson.loads(rows)  # type: ignore[no-any-return]
    except (OSError, ValueError):
        pass
    return None


def _write(path: Path, lines: Iterable[bytes]) -> bool:
    """Write ``lines`` to ``path`` atomically (no fsync: a torn file reads as stale and is redone);
    False in a folder that cannot be written (then the answer is computed, not kept)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            for line in lines:
                stream.write(line + b"\n")
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    return True


def _init_worker() -> None:
    from graph_builder.worker_setup import prepare_worker

    prepare_worker()
    cache_digest()


def letters_rows(out: Path, blocks: list[Block], jobs: int | None = None) -> Iterator[dict[str, list[Row]]]:
    """Every letter's rows, in ``blocks`` order: those not kept yet are computed first, in ``jobs``
    processes, and kept; then each is read back in turn (memory: a letter's rows at a time)."""
    todo = [block for block in blocks if not _fresh(out, block)]
    held: dict[str, dict[str, list[Row]]] = {}  # what could not be kept (a read-only folder)
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    pool = None
    if workers <= 1:
        computed: Iterator[tuple[str, dict[str, list[Row]]]] = map(_letter_entry, todo)
    else:
        from graph_builder.corpus.workers import context

        cache_digest()
        pool = context().Pool(workers, initializer=_init_worker)
        computed = pool.imap(_letter_entry, todo, chunksize=max(1, min(16, len(todo) // (workers * 8))))
    try:
        for block, (stamp, rows) in zip(todo, computed, strict=True):
            if not _write(_letter_file(out, block), (orjson.dumps(stamp), orjson.dumps(rows))):
                held[block.key] = rows
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    for block in blocks:
        kept = held.pop(block.key) if block.key in held else _load_letter(out, block)
        yield kept if kept is not None else _letter_entry(block)[1]


# ---------------------------------------------------------------- per build


def _build_stamp(blocks: list[Block]) -> str:
    digest = hashlib.sha256(cache_digest().encode())
    for block in blocks:
        digest.update(f"{block.key}\0{block.stamp}\n".encode())
    return digest.hexdigest()[:32]


def _answer_stamp(blocks: list[Block]) -> str:
    """What a kept answer depends on: the rows (``_build_stamp``) and this module's code."""
    return hashlib.sha256(f"{_build_stamp(blocks)}\0".encode() + Path(__file__).read_bytes()).hexdigest()[:32]


def _read(path: Path, stamp: str) -> list[Any] | None:
    """The JSON lines after the first of ``path``, when its first line is ``stamp``."""
    try:
        with path.open("rb") as stream:
            if orjson.loads(stream.readline()) != stamp:
                return None
            return [orjson.loads(line) for line in stream]
    except (OSError, ValueError):
        return None


def _prune(out: Path, blocks: list[Block]) -> None:
    """Remove the rows kept for letters the build no longer holds."""
    keep = {f"{block.key}.json" for block in blocks} | {f"{name}.{kind}.json" for name in _row_queries()
                                                       for kind in ("rows", "final")}  # and no .out: stale now
    keep.add("search-label.index")
    try:
        for path in (out / ANSWERS_CACHE).iterdir():
            if path.name not in keep and not path.name.startswith(".") and path.is_file():
                path.unlink()
    except OSError:
        return


def merged_rows(out: Path, name: str, jobs: int | None = None, blocks: list[Block] | None = None) -> list[Row]:
    """The rows of query ``name`` over every letter of the build (``blocks``: its letters, when read
    already), in dataset order."""
    blocks = letter_blocks(out) if blocks is None else blocks
    stamp = _build_stamp(blocks)
    chunks = _read(out / ANSWERS_CACHE / f"{name}.rows.json", stamp)
    if chunks is None:
        return _merge(out, blocks, stamp, name, jobs)
    return [tuple(row) for chunk in chunks for row in chunk]


def _merge(out: Path, blocks: list[Block], stamp: str, name: str, jobs: int | None) -> list[Row]:
    """Every served query's rows over the build, kept (``<name>.rows.json``: the stamp, then a line of
    rows per letter), the rows of ``name`` returned. The rows of ``_DISTINCT`` are kept once each."""
    names = list(_row_queries())
    wanted: list[Row] = []
    once: dict[str, dict[Row, None]] = {other: {} for other in _DISTINCT}
    spool = tempfile.TemporaryDirectory(prefix=".merge-", dir=out / ANSWERS_CACHE) if _writable(out) else None
    streams = {other: (Path(spool.name) / other).open("wb") for other in names} if spool else {}
    try:
        for rows in letters_rows(out, blocks, jobs):
            for other, these in rows.items():
                if other in once:
                    once[other].update(dict.fromkeys(map(tuple, these)))
                    continue
                if other in streams:
                    streams[other].write(orjson.dumps(these) + b"\n")
                if other == name:
                    wanted.extend(map(tuple, these))
        labelled = {row[0] for row in once["search-label"]}  # search-label joins classes to labels by thing
        once[_CLASSES] = {row: None for row in once[_CLASSES] if row[0] in labelled}
        for other, rows_once in once.items():
            if other in streams:
                streams[other].write(orjson.dumps(list(rows_once)) + b"\n")
            if other == name:
                wanted = list(rows_once)
        for stream in streams.values():
            stream.close()
        _prune(out, blocks)
        if spool is not None and "search-label" in _row_queries():
            _write(out / ANSWERS_CACHE / "search-label.index", _search_index(stamp, once))
        for other in streams:
            with (Path(spool.name) / other).open("rb") as source:  # type: ignore[union-attr]
                _write(out / ANSWERS_CACHE / f"{other}.rows.json", itertools.chain([orjson.dumps(stamp)],
                                                                               (line[:-1] for line in source)))
    finally:
        for stream in streams.values():
            stream.close()
        if spool is not None:
            spool.cleanup()
    return wanted


@cache
def _render_digest() -> str:
    """The code that turns an answer into text: a kept output is of this code."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("outputs.py", "safe_text.py", "namespaces.py", "store/results.py", "commands/query.py"):
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return digest.hexdigest()[:16]


def _output_path(query: Any, out: Path, how: str) -> Path:
    key = hashlib.sha256(f"{how}\0{_render_digest()}".encode()).hexdigest()[:16]
    return out / ANSWERS_CACHE / f"{query.name}.{key}.out"


def kept_output(query: Any, out: Path, how: str) -> str | None:
    """The text kept by ``keep_output`` for this query without parameters, rendered ``how``, when it is
    still the build's answer (its first line is the build's stamp); else None."""
    if _canned(query) is None:
        return None
    stamp = _answer_stamp(letter_blocks(out))
    try:
        with _output_path(query, out, how).open("rb") as stream:
            if orjson.loads(stream.readline()) != stamp:
                return None
            return stream.read().decode("utf-8")
    except (OSError, ValueError):
        return None


def keep_output(query: Any, out: Path, how: str, text: str) -> None:
    """Keep the rendered answer of this query without parameters (``kept_output``)."""
    if _canned(query) is not None and text.endswith("\n"):  # (_write ends each line it writes)
        _write(_output_path(query, out, how), (orjson.dumps(_answer_stamp(letter_blocks(out))), text[:-1].encode()))


def _writable(out: Path) -> bool:
    try:
        (out / ANSWERS_CACHE).mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(out / ANSWERS_CACHE, os.W_OK)


def fill(out: Path, jobs: int | None = None) -> None:
    """Compute and keep every served query's rows and its answer without parameters."""
    from graph_builder.queries import find_query

    for name in _SPECS:
        query = find_query(name)
        if any(param.required for param in query.params):
            merged_rows(out, name, jobs)  # no answer without its parameters
        else:
            answer(query, {}, out, jobs)


# ---------------------------------------------------------------- per call


def _grouped(rows: list[Row], names: tuple[str, ...], group: tuple[tuple[str, ...], str, str]) -> tuple[
        tuple[str, ...], list[Row]]:
    """``GROUP BY keys`` with ``COUNT(DISTINCT counted) AS name``, groups in first-seen order."""
    keys, counted, alias = group
    at = [names.index(k) for k in keys]
    of = names.index(counted)
    seen: dict[Row, set[str | None]] = {}
    for row in rows:
        seen.setdefault(tuple(row[i] for i in at), set()).add(row[of])
    out = [(*key, _count(values)) for key, values in seen.items()]
    return (*keys, alias), out


def _count(values: set[str | None]) -> str | None:
    """``COUNT(DISTINCT ?v)`` of the values a group's rows give (unbound ones not counted), as SPARQL writes it."""
    return encode(ox.Literal(str(len(values - {None})), datatype=XSD_INTEGER))


def _class_counts(rows: list[Row]) -> tuple[tuple[str, ...], list[Row]]:
    """The two sub-selects of class-counts: per class and letter, and per class over the dataset."""
    per_letter: dict[tuple[str | None, str | None], set[str | None]] = {}
    per_class: dict[str | None, set[str | None]] = {}
    for cls, letter, thing in rows:
        per_letter.setdefault((cls, letter), set()).add(thing)
        per_class.setdefault(cls, set()).add(thing)

    out: list[Row] = [(cls, letter, _count(things)) for (cls, letter), things in per_letter.items()]
    out += [(cls, None, _count(things)) for cls, things in per_class.items()]
    return ("class", "letter", "count"), out


def _search_index(stamp: str, once: dict[str, dict[Row, None]]) -> Iterator[bytes]:
    """search-label's labels ready to search: the stamp; every label's LCASE as plain text; the byte
    offset of each label's line from the file's start; then a line per label: thing, label, kind,
    LANG and the thing's classes."""
    of: dict[str | None, list[str | None]] = {}
    for thing, cls in once[_CLASSES]:
        of.setdefault(thing, []).append(cls)
    labels = list(once["search-label"])
    lines = [orjson.dumps([thing, label, kind, lang, of.get(thing, [])]) for thing, label, kind, lang, _ in labels]
    head = [orjson.dumps(stamp), orjson.dumps([_lexical(row[4]) for row in labels])]
    start = sum(len(line) + 1 for line in head)
    offsets = []
    for line in lines:
        offsets.append(start)
        start += len(line) + 1
    # the offsets' own line comes before the rows: count it in (its length shifts every row)
    shift = len(orjson.dumps(offsets)) + 1
    while True:
        moved = [at + shift for at in offsets]
        width = len(orjson.dumps(moved)) + 1
        if width == shift:
            break
        shift = width
    yield from head
    yield orjson.dumps(moved)
    yield from lines


def _searched(out: Path, blocks: list[Block], jobs: int | None, parts: list[str]) -> list[tuple[str, Any]] | None:
    """The labels whose LCASE holds one of ``parts``, each as (its LCASE, [thing, label, kind, LANG,
    classes]), from the search index (None when it is stale or missing)."""
    path = out / ANSWERS_CACHE / "search-label.index"
    try:
        with path.open("rb") as stream:
            if orjson.loads(stream.readline()) != _build_stamp(blocks):
                return None
            lowers = orjson.loads(stream.readline())
            offsets = orjson.loads(stream.readline())
            found = [i for i, text in enumerate(lowers) if any(part in text for part in parts)]
            rows = []
            for i in found:
                stream.seek(offsets[i])
                rows.append((lowers[i], orjson.loads(stream.readline())))
            return rows
    except (OSError, ValueError, IndexError):
        return None


def _search_label_indexed(out: Path, blocks: list[Block], jobs: int | None, terms: Terms) -> tuple[
        tuple[str, ...], list[Row]]:
    """search-label's outer group on the search index (``_search_label`` says what it does)."""
    wanted = _lowered(terms)
    parts = [part for part, _ in wanted if part is not None]
    found = _searched(out, blocks, jobs, parts)
    if found is None:  # no index yet: made from the rows
        once = {name: dict.fromkeys(merged_rows(out, name, jobs, blocks)) for name in _DISTINCT}
        _write(out / ANSWERS_CACHE / "search-label.index", _search_index(_build_stamp(blocks), once))
        found = _searched(out, blocks, jobs, parts)
    if found is None:  # a folder that cannot be written: from the rows
        return _search_label(merged_rows(out, "search-label", jobs, blocks), terms,
                             merged_rows(out, _CLASSES, jobs, blocks))
    rows: list[Row] = []
    for text, (thing, label, kind, lang, classes) in found:
        for part, want_lang in wanted:
            if part is None or part not in text:
                continue
            if want_lang is not None and _lexical(lang) != want_lang.value:
                continue
            rows += [(thing, cls, label, lang, kind) for cls in classes]
            break
    return ("thing", "class", "label", "labelLang", "labelKind"), rows


def _lowered(terms: Terms) -> list[tuple[str | None, Any]]:
    """LCASE of each (text, lang) row search-label's VALUES binds, by pyoxigraph."""
    from graph_builder.query_params import values_rows

    names = list(terms)
    lowered = ox.Store().query(
        "SELECT (LCASE(?text) AS ?t) (LCASE(?lang) AS ?l) WHERE { VALUES (" + " ".join(f"?{n}" for n in names)
        + ") { " + " ".join("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")"
                            for row in values_rows(terms)) + " } }")
    assert isinstance(lowered, ox.QuerySolutions)
    return [(text.value if text is not None else None, lang) for text, lang in lowered]


def _search_label(labels: list[Row], terms: Terms, classes: list[Row]) -> tuple[tuple[str, ...], list[Row]]:
    """search-label's outer group: ``FILTER(CONTAINS(LCASE(STR(?label)), LCASE(?text)))`` for any of the
    forms of the text its VALUES binds, ``FILTER(!BOUND(?lang) || ?labelLang = LCASE(?lang))``, and the
    join with ``GRAPH ?h { ?anyLetter a ipgov:ReplyLetter . ?thing a ?class }``. LCASE is pyoxigraph's:
    the labels' were computed with their rows, the parameters' are computed here."""
    wanted = _lowered(terms)
    of: dict[str | None, list[str | None]] = {}
    for thing, cls in classes:
        of.setdefault(thing, []).append(cls)
    rows: list[Row] = []
    for thing, label, kind, lang, lower in labels:
        assert lower is not None
        text = _lexical(lower)
        for part, want_lang in wanted:
            if part is None or part not in text:
                continue
            if want_lang is not None and (lang is None or _lexical(lang) != want_lang.value):
                continue
            rows += [(thing, cls, label, lang, kind) for cls in of.get(thing, [])]
            break
    return ("thing", "class", "label", "labelLang", "labelKind"), rows


def ordered(text: str, names: tuple[str, ...], rows: list[Row]) -> Result:
    """``rows`` (of ``names``) projected, made DISTINCT and ordered as the query ``text`` says,
    by pyoxigraph: a VALUES block under the query's own ORDER BY clause."""
    variables, distinct = projection(text)
    header = " ".join(f"?{n}" for n in names)
    masked = mask(text)
    lines = [f"{_prologue(text, masked)}SELECT {'DISTINCT ' if distinct else ''}"
             f"{' '.join('?' + v for v in variables)} WHERE {{ VALUES ({header}) {{"]
    for row in rows:
        lines.append("(" + " ".join("UNDEF" if t is None else str(decode(t)) for t in row) + ")")
    lines.append("} }")
    lines.append(_order_clause(text))
    solutions = ox.Store().query("\n".join(lines))
    assert isinstance(solutions, ox.QuerySolutions)
    return Result(variables, [tuple(solution) for solution in solutions])


def _final_rows(result: Result) -> list[Row]:
    return [tuple(encode(t) for t in row) for row in result.rows]


def answer(query: Any, terms: Terms, out: Path, jobs: int | None = None) -> Result | None:
    """The answer of ``query`` with ``terms`` bound, from the cache, or None when the cache does not
    serve this query (then run its SPARQL)."""
    spec = _canned(query)
    if spec is None:
        return None
    given = {name: encode(term) for name, term in terms.items() if term is not None}
    blocks = letter_blocks(out)
    if not given:
        stamp = _answer_stamp(blocks)
        path = out / ANSWERS_CACHE / f"{query.name}.final.json"
        chunks = _read(path, stamp)
        if chunks is not None:
            data = chunks[0]
            known: dict[str | None, Term | None] = {None: None}
            for row in data:
                for text in row:
                    if text not in known:
                        known[text] = decode(text)
            return Result(projection(query.text)[0], [tuple(map(known.__getitem__, row)) for row in data])
    names = spec.variables
    if query.name == "search-label":
        names, rows = _search_label_indexed(out, blocks, jobs, terms)
    else:
        rows = merged_rows(out, query.name, jobs, blocks)
    if query.name != "search-label" and spec.params is not None:
        rows = spec.params(rows, given, names)
    if query.name == "class-counts":
        names, rows = _class_counts(rows)
    elif spec.group is not None:
        names, rows = _grouped(rows, names, spec.group)
    result = ordered(query.text, names, rows)
    if not given:
        final = (orjson.dumps(stamp), orjson.dumps(_final_rows(result)))
        _write(out / ANSWERS_CACHE / f"{query.name}.final.json", final)
    return result
