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
   outer ``FILTER`` would (``SPECS``: one small function per query, written against its text);
   ``COUNT(DISTINCT …)`` groups are counted in Python; ``DISTINCT`` and the order are left to
   pyoxigraph itself, on an in-memory store: the rows go into a ``VALUES`` block under the
   query's own ``ORDER BY`` clause, so the order is the engine's, comparator and all.

A query is served this way only when it is a canned query whose text is the one its spec was
written against (``SPECS[name].digest``); ``actor`` and ``evidence-for`` are served from rows kept
by IRI when their IRI is a shared thing (``by_iri``, ``IRI_SPECS``); everything else, ``--sparql``,
and any endpoint run the SPARQL itself. ``tests/test_answers.py`` compares both ways on a multi-letter build for
every served query, with and without parameters, in every output format.

The modules: ``terms`` (a row's terms as short strings), ``specs`` (what each query needs),
``sparql_text`` (the parts of a query's text used), ``rows`` (per letter and per build),
``index`` and ``search`` (search-label), ``by_iri`` and ``iri_index`` (actor and evidence-for, kept
by IRI), ``order`` (pyoxigraph's projection, DISTINCT and order), ``ranks`` (the same order by ranks),
this one (per call).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from graph_builder.answers.by_iri import SHARED, groups_apart, iri_canned
from graph_builder.answers.order import ordered
from graph_builder.answers.rows import (
    ANSWERS_CACHE,
    answer_stamp,
    keep_iri_rows,
    merged_iri_rows,
    merged_rows,
    read_lines,
    write_lines,
)
from graph_builder.answers.search import search_label_rows
from graph_builder.answers.sparql_text import projection
from graph_builder.answers.specs import SPECS, canned
from graph_builder.answers.terms import XSD_INTEGER, Row, Terms, decode, encode, plain_value
from graph_builder.corpus.blocks import letter_blocks
from graph_builder.store.results import CodedRows, Result

__all__ = ["answer", "fill", "keep_output", "kept_output", "ordered"]


@cache
def _render_digest() -> str:
    """The code that turns an answer into text: a kept output is of this code."""
    root = Path(__file__).parent.parent  # graph_builder/
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
    if canned(query) is None:
        return None
    stamp = answer_stamp(letter_blocks(out))
    try:
        with _output_path(query, out, how).open("rb") as stream:
            if orjson.loads(stream.readline()) != stamp:
                return None
            return stream.read().decode("utf-8")
    except (OSError, ValueError):
        return None


def keep_output(query: Any, out: Path, how: str, text: str) -> None:
    """Keep the rendered answer of this query without parameters (``kept_output``)."""
    if canned(query) is not None and text.endswith("\n"):  # (write_lines ends each line it writes)
        write_lines(_output_path(query, out, how), (orjson.dumps(answer_stamp(letter_blocks(out))), text[:-1].encode()))


def fill(out: Path, jobs: int | None = None) -> None:
    """Compute and keep every served query's rows and its answer without parameters."""
    from graph_builder.queries import find_query

    keep_iri_rows(out, jobs)  # actor and evidence-for (first: a merge for them merges the others too)
    for name in SPECS:
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


def _coded(result: Result) -> CodedRows:
    """The answer's rows as kept in ``<name>.final.json``: the distinct terms' texts and each row's codes."""
    if isinstance(result.rows, CodedRows):
        return result.rows
    return CodedRows.of([tuple(encode(t) for t in row) for row in result.rows], decode, plain_value)


def answer(query: Any, terms: Terms, out: Path, jobs: int | None = None) -> Result | None:
    """The answer of ``query`` with ``terms`` bound, from the cache, or None when the cache does not
    serve this query (then run its SPARQL)."""
    if iri_canned(query) is not None:
        return _answer_by_iri(query, terms, out, jobs)
    spec = canned(query)
    if spec is None:
        return None
    given = {name: encode(term) for name, term in terms.items() if term is not None}
    blocks = letter_blocks(out)
    if not given:
        stamp = answer_stamp(blocks)
        path = out / ANSWERS_CACHE / f"{query.name}.final.json"
        chunks = read_lines(path, stamp)
        if chunks is not None:  # kept coded: no distinct texts to find again (a second at 384,192 rows)
            texts, codes = chunks
            return Result(projection(query.text)[0], CodedRows(texts, codes, decode, plain_value))
    names = spec.variables
    if query.name == "search-label":
        names, rows = search_label_rows(out, blocks, jobs, terms)
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
        coded = _coded(result)
        final = (orjson.dumps(stamp), orjson.dumps(coded.texts), orjson.dumps(coded.codes))
        write_lines(out / ANSWERS_CACHE / f"{query.name}.final.json", final)
    return result


def _answer_by_iri(query: Any, terms: Terms, out: Path, jobs: int | None) -> Result | None:
    """``actor`` or ``evidence-for`` from the rows kept by IRI (``by_iri``), when its IRI parameter is a
    shared thing; else None (then run its SPARQL)."""
    spec = iri_canned(query)
    assert spec is not None
    thing = terms.get(spec.param)
    if not isinstance(thing, ox.NamedNode) or not SHARED.fullmatch(thing.value):
        return None
    kept = merged_iri_rows(out, query.name, str(encode(thing)), jobs)
    if kept is None:
        return None
    rows, final = kept
    for name in spec.joined:  # VALUES joins: these variables are bound in every row, so a join is a filter
        value = terms.get(name)
        if value is not None:
            at, wanted = spec.variables.index(name), encode(value)
            rows = [row for row in rows if row[at] == wanted]
    if not final:
        as_rows: list[Row] = [tuple(row) for row in rows]
        if not groups_apart(query.name, as_rows):
            return None
        return ordered(query.text, spec.variables, as_rows)
    return Result(spec.variables, CodedRows.of(rows, decode, plain_value))
