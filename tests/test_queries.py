"""Canned queries: strict headers, parsing, total order, safe binding, golden answers, CLI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cli_runner import run_cli as _cli

from graph_builder.errors import HeaderError, UsageError
from graph_builder.queries import (
    Query,
    bound_text,
    canned_queries,
    find_query,
    literal_term,
    param_terms,
    parse_query,
    run_query,
    values_block,
)
from graph_builder.resources import query_files
from graph_builder.store.embedded import EmbeddedStore
from graph_builder.store.results import display_width, render

if TYPE_CHECKING:
    from conftest import Snapshot

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "queries"
QUERIES = canned_queries()
EXAMPLES = [(q, i) for q in QUERIES for i in range(len(q.examples))]
# rdflib's evaluator joins these range-joined evidence patterns in minutes, not milliseconds
RDFLIB_SLOW = frozenset({"evidence-for", "figures"})
BOUND_EXAMPLES = [
    pytest.param(q, i, id=f"{q.name}-{i}", marks=[pytest.mark.slow] if q.name in RDFLIB_SLOW else [])
    for q, i in EXAMPLES
    if q.examples[i]
]
LIST_BEGIN = "<!-- BEGIN QUERY LIST (generated from the headers; tests/test_queries.py) -->"
LIST_END = "<!-- END QUERY LIST -->"
HOSTILE = [
    '"',
    "'",
    "{ } }",
    "} ; DROP ALL ; #",
    '" } ; DROP ALL ; #',
    "> } ; DROP ALL ; #",
    "line one\nline two\r\n} DROP ALL",
    "\\",
    "x" * 10_000,
    "華為\u0000\u2028\ufeff",
]


@pytest.fixture(scope="module")
def seed_embedded(seed_nquads: Path) -> EmbeddedStore:
    """The seed letter in the embedded store."""
    return EmbeddedStore.from_paths([seed_nquads])


def golden_path(query: Query, index: int) -> Path:
    """tests/golden/queries/<name>.csv for the first example, <name>.<n>.csv for the n-th."""
    return GOLDEN / (f"{query.name}.csv" if index == 0 else f"{query.name}.{index + 1}.csv")


# --- headers ---------------------------------------------------------------------------------


def test_at_least_fifteen_queries() -> None:
    assert len(QUERIES) >= 15
    assert len({q.name for q in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_header_complete(query: Query) -> None:
    assert query.titles.get("title@zh") and query.titles.get("title@en")
    assert query.description
    assert query.examples, "every canned query needs an example (an empty one when it has no parameters)"
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", query.name) for _ in [0])


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_parses_in_both_engines(query: Query, seed_embedded: EmbeddedStore) -> None:
    from rdflib.plugins.sparql import prepareQuery

    unbound = {p.name: None for p in query.params}
    prepareQuery(bound_text(query, unbound))  # type: ignore[arg-type]
    prepareQuery(query.text)
    seed_embedded.run(bound_text(query, unbound))  # type: ignore[arg-type]


def _order_variables(expr: object, out: set[str]) -> None:
    from rdflib.term import Variable

    if isinstance(expr, Variable):
        out.add(str(expr))
    elif isinstance(expr, dict):
        for value in expr.values():
            _order_variables(value, out)
    elif isinstance(expr, list | tuple):
        for value in expr:
            _order_variables(value, out)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_total_order(query: Query) -> None:
    """ORDER BY names every projected variable, so rows come in one order on every store."""
    from rdflib.plugins.sparql import prepareQuery

    algebra = prepareQuery(query.text).algebra
    projected = {str(v) for v in algebra["PV"]}
    node = algebra["p"]
    while node.name not in ("OrderBy",) and "p" in node:
        node = node["p"]
    assert node.name == "OrderBy", f"{query.name}: no ORDER BY"
    ordered: set[str] = set()
    _order_variables([c["expr"] for c in node["expr"]], ordered)
    assert projected <= ordered, f"{query.name}: ORDER BY misses {sorted(projected - ordered)}"


def test_readme_lists_exactly_the_queries(snapshot: Snapshot) -> None:
    from graph_builder.queries import query_list_markdown

    table = query_list_markdown(QUERIES)
    for path in (ROOT / "queries" / "README.md", ROOT / "docs" / "queries.md", ROOT / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert LIST_BEGIN in text and LIST_END in text, f"{path}: list markers missing"
        head, rest = text.split(LIST_BEGIN, 1)
        _, tail = rest.split(LIST_END, 1)
        snapshot.check(path, f"{head}{LIST_BEGIN}\n{table}{LIST_END}{tail}", "the query list")
    names = {f.name[:-3] for f in query_files()}
    assert {q.name for q in QUERIES} == names
    assert all(f"`{name}`" in table for name in names)


BAD_HEADERS = [
    ("#+ name: t\n#+ titel@en: x\nSELECT * WHERE {}\n", 2, "unknown key 'titel@en'"),
    ("#+ name: other\n#+ title@en: x\nSELECT * WHERE {}\n", 1, "differs from the file name"),
    ("#+ name: t\n#+ description: x\nSELECT * WHERE {}\n", 1, "missing key 'title@zh' or 'title@en'"),
    ("#+ name: t\n#+ title@en: x\n#+ title@en: y\nSELECT * WHERE {}\n", 3, "given twice"),
    ("#+ name: t\n#+ title@en: x\n#+ param: a iri optional  An a\nSELECT ?b WHERE { ?b ?c ?d }\n", 3, "not used"),
    (
        "#+ name: t\n#+ title@en: x\n#+ param: a uri optional  An a\nSELECT ?a WHERE { ?a ?c ?d }\n",
        3,
        "unknown parameter type",
    ),
    ("#+ name: t\n#+ title@en: x\n#+ param: a iri maybe  An a\nSELECT ?a WHERE { ?a ?c ?d }\n", 3, "expected required"),
    ("#+ name: t\n#+ title@en: x\n#+ param: a iri optional\nSELECT ?a WHERE { ?a ?c ?d }\n", 3, "no description"),
    (
        "#+ name: t\n#+ title@en: x\nPREFIX a: <http://a/>\n\nSELECT * WHERE {\n  ?s b:p ?o }\n",
        6,
        "undeclared prefix 'b:'",
    ),
    (
        "#+ name: t\n#+ title@en: x\n#+ param: year year optional  A year\nSELECT ?Year WHERE {\n ?s ?p ?Year }\n",
        4,
        "looks like",
    ),
    (
        "#+ name: t\n#+ title@en: x\n#+ param: y year optional  Y\n#+ example: y=20x8\nSELECT ?y WHERE { ?s ?p ?y }\n",
        4,
        "not a year",
    ),
    (
        "#+ name: t\n#+ title@en: x\n#+ param: y year required  Y\n#+ example:\nSELECT ?y WHERE { ?s ?p ?y }\n",
        4,
        "missing",
    ),
    ("#+ name: t\n#+ title@en: x\n#+ example: z=1\nSELECT ?y WHERE { ?s ?p ?y }\n", 3, "unknown parameter 'z'"),
    ("#+    continued\n#+ name: t\nSELECT * WHERE {}\n", 1, "continuation line before any key"),
    ("#+ name: t\n#+ title@en: x\n#+ kind: report\nSELECT * WHERE {}\n", 3, "unknown kind"),
    ("#+name: t\nSELECT * WHERE {}\n", 1, "not a header line"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BAD_HEADERS)
def test_bad_header_names_file_and_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(HeaderError) as caught:
        parse_query(text, "queries/t.rq")
    assert str(caught.value).startswith(f"queries/t.rq:{line}: ")
    assert problem in str(caught.value)


def test_header_continuation_and_prefix_in_strings_are_fine() -> None:
    text = (
        "#+ name: t\n#+ title@en: x\n#+ description: one\n#+    two\n"
        '#+ param: a string default=b  A\n#+ example: a="x y"\n'
        'PREFIX p: <http://p/>\nSELECT ?a WHERE { ?s p:q ?a FILTER(?a != "no:prefix") } # c:d\n'
    )
    query = parse_query(text, "queries/t.rq")
    assert query.description == "one two"
    assert query.examples == ({"a": "x y"},)
    assert query.params[0].default == "b"


def test_ad_hoc_file_without_header(tmp_path: Path, seed_embedded: EmbeddedStore) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/ipgov/ontology#ReplyLetter> } }\n"
    )
    query = find_query(str(path))
    assert query.name == "mine" and not query.params
    assert run_query(query, {}, seed_embedded).rows[0][0].value == "1"  # type: ignore[union-attr]


# --- golden answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "index"), EXAMPLES, ids=lambda v: v.name if isinstance(v, Query) else str(v))
def test_example_equals_golden(query: Query, index: int, seed_embedded: EmbeddedStore, snapshot: Snapshot) -> None:
    result = run_query(query, query.examples[index], seed_embedded)
    snapshot.check(golden_path(query, index), render(result, "csv"), f"{query.name}'s answer")


def test_goldens_have_no_strays() -> None:
    expected = {golden_path(q, i).name for q, i in EXAMPLES}
    assert {p.name for p in GOLDEN.glob("*.csv")} == expected


def test_seed_answers_hold_known_facts(seed_embedded: EmbeddedStore) -> None:
    """A few facts of the seed letter, independent of the golden files."""
    rows = run_query(find_query("co-handlers"), {}, seed_embedded).rows
    assert {r[3].value for r in rows if r[3]} >= {"深圳法院", "深圳市经济贸易和信息化委员会"}  # type: ignore[union-attr]
    cases = run_query(find_query("court-cases"), {"party": "三星"}, seed_embedded).rows
    assert [r[1].value for r in cases] == ["华为技术有限公司诉三星无线通信国际标准必要专利侵权案"]  # type: ignore[union-attr]
    replies = run_query(find_query("replies-by-agency-year"), {"year": "2018"}, seed_embedded)
    assert {r[5].value for r in replies.rows} == {"深市质政案函〔2018〕44号"}  # type: ignore[union-attr]
    assert run_query(find_query("replies-by-agency-year"), {"year": "2017"}, seed_embedded).rows == []


@pytest.mark.parametrize(("query", "index"), BOUND_EXAMPLES)
def test_values_binding_matches_rdflib_init_bindings(
    query: Query, index: int, seed_dataset, seed_embedded: EmbeddedStore
) -> None:
    """The VALUES block and rdflib's initBindings give the same rows (catches binding slips)."""
    terms = param_terms(query, query.examples[index], seed_embedded)
    if not any(t is not None for t in terms.values()):
        pytest.skip("no parameter bound in this example")
    from rdflib.term import Literal, URIRef

    def rdflib_term(term):  # type: ignore[no-untyped-def]
        if term.__class__.__name__ == "NamedNode":
            return URIRef(term.value)
        return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))

    init = {name: rdflib_term(t) for name, t in terms.items() if t is not None}
    via_init = seed_dataset.query(query.text, initBindings=init)
    via_values = seed_dataset.query(bound_text(query, terms))
    assert sorted(map(_row_key, via_init)) == sorted(map(_row_key, via_values))
    assert len(list(via_values)) == len(run_query(query, query.examples[index], seed_embedded).rows)


def _row_key(row) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple("" if t is None else t.n3() for t in row)


# --- binding is safe ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_string_gives_correct_answer(value: str, seed_embedded: EmbeddedStore) -> None:
    before = len(seed_embedded)
    query = find_query("search-label")
    result = run_query(query, {"text": value}, seed_embedded)
    assert result.variables == ("thing", "class", "label", "labelLang", "labelKind")
    # the value is searched for as text: only labels that contain it come back ("People's …")
    assert all(value.lower() in row[2].value.lower() for row in result.rows)  # type: ignore[union-attr]
    assert (result.rows != []) == (value == "'")
    assert len(seed_embedded) == before
    text = bound_text(query, param_terms(query, {"text": value}))
    assert text.count("VALUES (?text)") == 1  # the absent optional ?lang is left out
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(text)  # still one well-formed query in the other engine too


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize(("name", "param"), [("actor", "actor"), ("platforms", "since"), ("evidence-for", "subject")])
def test_hostile_typed_value_is_refused(name: str, param: str, value: str, seed_embedded: EmbeddedStore) -> None:
    with pytest.raises(UsageError) as caught:
        run_query(find_query(name), {param: value}, seed_embedded)
    assert f"parameter {param!r}" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_codepoint_escapes_are_refused() -> None:
    with pytest.raises(UsageError, match="backslash"):
        literal_term("string", "x\\u0022} ; DROP ALL")


def test_values_block_serialises_terms() -> None:
    block = values_block({"text": literal_term("string", 'a"b\nc\\'), "year": literal_term("year", "2018"), "x": None})
    assert (
        block
        == 'VALUES (?text ?year ?x) { ("a\\"b\\nc\\\\" "2018"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF) }'
    )


@pytest.mark.parametrize(
    ("kind", "value"),
    [("integer", "1.5"), ("integer", "12 OR 1"), ("date", "2018-02-30"), ("date", "2018-8-1"), ("year", "18")],
)
def test_bad_typed_values(kind: str, value: str) -> None:
    with pytest.raises(UsageError):
        literal_term(kind, value)


def test_iri_forms_resolve_alike(seed_embedded: EmbeddedStore) -> None:
    query = find_query("actor")
    full = "https://w3id.org/ipgov/id/org/4ef9ef9358b4a2e0"
    forms = [full, f"<{full}>", "ipgov-id:org/4ef9ef9358b4a2e0", "华为", "华为技术有限公司", "Huawei Technologies"]
    assert {param_terms(query, {"actor": f}, seed_embedded)["actor"].value for f in forms} == {full}  # type: ignore[union-attr]
    assert run_query(query, {"actor": "国家知识产权局"}, seed_embedded).rows != []
    # a gazetteer name that this graph does not hold is refused, not answered with no rows
    with pytest.raises(UsageError, match="the data does not mention"):
        run_query(query, {"actor": "中兴通讯"}, seed_embedded)
    assert param_terms(query, {"actor": "中兴通讯"})["actor"].value.startswith("https://w3id.org/ipgov/id/org/")  # type: ignore[union-attr]


def test_unknown_and_missing_parameters(seed_embedded: EmbeddedStore) -> None:
    with pytest.raises(UsageError, match="unknown parameter 'agncy'"):
        run_query(find_query("replies"), {"agncy": "x"}, seed_embedded)
    with pytest.raises(UsageError, match="'actor' is required"):
        run_query(find_query("actor"), {}, seed_embedded)
    with pytest.raises(UsageError, match="did you mean co-handlers"):
        find_query("co-handler")


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory: pytest.TempPathFactory, seed_nquads: Path) -> Path:
    folder = tmp_path_factory.mktemp("out")
    (folder / "dataset.nq").write_bytes(seed_nquads.read_bytes())
    return folder


def test_cli_lists_queries_in_both_languages() -> None:
    code, out_zh, _ = _cli("queries", "--lang", "zh")
    assert code == 0
    assert "co-handlers  各主办单位的会办（协办）单位及次数" in out_zh
    code, out_en, _ = _cli("queries")
    assert "co-handlers  Co-handling bodies per responding agency, with how often" in out_en
    assert "--param actor=<iri>  (required)" in out_en


def test_cli_query_formats(seed_folder: Path) -> None:
    code, out, err = _cli("query", "court-cases", "--data", str(seed_folder), "--format", "csv", "-p", "party=三星")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].split(",")[1] == "华为技术有限公司诉三星无线通信国际标准必要专利侵权案"
    code, out, _ = _cli("query", "court-cases", "--data", str(seed_folder), "--format", "json")
    import json

    data = json.loads(out)
    assert data["head"]["vars"][0] == "case" and len(data["results"]["bindings"]) == 3
    assert data["results"]["bindings"][0]["year"]["datatype"].endswith("#gYear")
    code, out, _ = _cli("query", "co-handlers", "--data", str(seed_folder), "--format", "sparql-tsv")
    assert out.splitlines()[0].startswith("?agency\t?agencyName")
    assert '"深圳法院"@zh' in out


def test_cli_table_aligns_wide_characters(seed_folder: Path) -> None:
    code, out, _ = _cli("query", "co-handlers", "--data", str(seed_folder))
    lines = out.splitlines()[:-1]
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"(?<=  )\S", header)]
    assert code == 0 and len(lines) == 4
    for line in lines[2:]:
        # each column starts at the same display column as its header
        cols = [
            display_width(line[:i]) for i in range(len(line)) if i > 1 and line[i - 2 : i] == "  " and line[i] != " "
        ]
        assert cols == [display_width(header[:s]) for s in starts]


def test_table_render_pads_by_display_width() -> None:
    from pyoxigraph import Literal

    from graph_builder.store.results import Result

    text = render(Result(("a", "b"), [(Literal("深圳法院"), Literal("x")), (Literal("abc"), Literal("y"))]), "table")
    lines = text.splitlines()
    assert lines[2] == "深圳法院  x"
    assert lines[3] == "abc       y"


def test_cli_errors(seed_folder: Path, tmp_path: Path) -> None:
    code, _, err = _cli("query", "replies", "--data", str(tmp_path / "none"))
    assert code == 2 and err == f"ipgov: {tmp_path / 'none'}: no such file or folder\n"
    code, _, err = _cli("query", "actor", "--data", str(seed_folder), "-p", "actor=} ; DROP ALL ; #")
    assert code == 2 and err.startswith("ipgov: actor: parameter 'actor'")
    code, _, err = _cli("query", "no-such-query", "--data", str(seed_folder))
    assert code == 2 and "unknown query" in err
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ name: bad\n#+ title@en: x\n#+ tilte@zh: y\nSELECT * WHERE {}\n")
    code, _, err = _cli("query", str(bad), "--data", str(seed_folder))
    assert code == 2 and f"{bad}:3: unknown key 'tilte@zh'" in err
    code, _, err = _cli("query", "replies", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "2")
    assert code == 3 and "127.0.0.1:9" in err


def test_embedded_loads_turtle_into_its_own_graph(tmp_path: Path, seed_built) -> None:  # type: ignore[no-untyped-def]
    ttl = tmp_path / "one.ttl"
    ttl.write_text("<https://w3id.org/ipgov/id/letter/x> a <https://w3id.org/ipgov/ontology#ReplyLetter> .\n")
    store = EmbeddedStore.from_paths([tmp_path])
    rows = run_query(find_query("class-counts"), {}, store).rows
    assert [(r[0].value.split("#")[1], r[2].value) for r in rows if r[1] is None] == [("ReplyLetter", "1")]  # type: ignore[union-attr]
