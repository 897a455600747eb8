"""The answer cache (graph_builder.answers) gives what the SPARQL gives: same rows, same order,
same text in every output format, on a multi-letter build, with and without parameters."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_runner import run_cli
from conftest import DATA, SEED, SHARED

from graph_builder import answers
from graph_builder.answers.by_iri import IRI_SPECS, iri_canned
from graph_builder.answers.by_iri import SHARED as SHARED_THING
from graph_builder.answers.ranks import order_keys, ranked
from graph_builder.answers.sparql_text import order_clause
from graph_builder.answers.specs import SPECS, canned
from graph_builder.answers.terms import encode
from graph_builder.commands.query import SERVED, SERVED_BY_IRI
from graph_builder.corpus.blocks import letter_blocks
from graph_builder.queries import find_query
from graph_builder.query_params import literal_term, param_terms
from graph_builder.query_text import bound_text
from graph_builder.store.embedded import EmbeddedStore
from graph_builder.store.results import FORMATS, render

ID = "https://w3id.org/ipgov/id/"
ONT = "https://w3id.org/ipgov/ontology#"

# A letter graph made by hand, for what the built letters do not hold: a letter with no
# responding agency (a commitment whose body is unbound; a reply with no agency), a case with
# no parties, a platform with a bare year, dates of three datatypes, a figure with no unit.
ODD = f"""
<{ID}letter/zz_odd> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}ReplyLetter> <G> .
<{ID}letter/zz_odd> <{ONT}hasSourceText> <{ID}source/zz_odd> <G> .
<{ID}letter/zz_odd> <{ONT}hasMeasure> <{ID}source/zz_odd#char=0,4> <G> .
<{ID}letter/zz_odd> <http://purl.org/dc/terms/date> "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> <G> .
<{ID}source/zz_odd#char=0,4> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Commitment> <G> .
<{ID}source/zz_odd#char=0,4> <{ONT}ordinal> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <G> .
<{ID}source/zz_odd#char=0,4> <http://www.w3.org/ns/oa#exact> "将推进" <G> .
<{ID}source/zz_odd#char=0,4> <{ONT}mentions> <{ID}figure/zz_odd-1> <G> .
<{ID}letter/zz_odd> <{ONT}mentions> <{ID}figure/zz_odd-1> <G> .
<{ID}figure/zz_odd-1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Figure> <G> .
<{ID}figure/zz_odd-1> <{ONT}value> "3" <G> .
<{ID}figure/zz_odd-1> <{ONT}namedAt> <{ID}source/zz_odd#char=2,3> <G> .
<{ID}letter/zz_odd> <{ONT}cites> <{ID}case/zz> <G> .
<{ID}case/zz> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}CourtCase> <G> .
<{ID}letter/zz_odd> <{ONT}mentions> <{ID}platform/zz> <G> .
<{ID}platform/zz> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ONT}Platform> <G> .
<{ID}platform/zz> <{ONT}startDate> "2019"^^<http://www.w3.org/2001/XMLSchema#gYear> <G> .
""".replace("<G>", "<https://w3id.org/ipgov/graph/zz_odd>").lstrip().encode()


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the test letters, the development letters (when ../shared is there) and the
    seed, with the hand-made letter added to its dataset."""
    work = tmp_path_factory.mktemp("answers")
    letters = work / "letters"
    letters.mkdir()
    sources = [*sorted((DATA / "letters").glob("*.txt")), SEED]
    dev = SHARED / "eval" / "dev" / "letters"
    if dev.is_dir():
        sources += sorted(dev.glob("*.txt"))
    for source in sources:
        shutil.copy(source, letters / source.name)
    code, _, err = run_cli("build", str(letters), "-o", str(work / "built"), "--no-validate", "--no-store", "-j", "2")
    assert code == 0, err
    return work / "built"


@pytest.fixture(scope="module")
def folder(build: Path, tmp_path_factory: pytest.TempPathFactory, write_build) -> Path:  # type: ignore[no-untyped-def]
    """The build's letter graphs and the hand-made one, as a build folder."""
    graphs = {block.key: block.read() for block in letter_blocks(build)}
    graphs["zz_odd"] = ODD
    return write_build(tmp_path_factory.mktemp("answers-odd") / "out", graphs)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def store(folder: Path) -> EmbeddedStore:
    return EmbeddedStore.from_paths([folder])


def _values(store: EmbeddedStore, query: str) -> list[ox.NamedNode]:
    """The IRIs a query's first column gives, a handful of them."""
    found = [row[0] for row in store.run(query).rows if isinstance(row[0], ox.NamedNode)]
    return list(dict.fromkeys(found))[:4]


def _cases(name: str, store: EmbeddedStore) -> list[dict[str, ox.NamedNode | ox.Literal | None]]:
    """Parameter values to try: none, each example's, and values the data holds (and one it does not)."""
    query = find_query(name)
    cases: list[dict[str, ox.NamedNode | ox.Literal | None]] = [{p.name: None for p in query.params}]
    cases += [param_terms(query, example, store) for example in query.examples]  # type: ignore[misc]
    absent = ox.NamedNode(ID + "org/0000000000000000")
    by_param = {
        "actor": f"SELECT ?x WHERE {{ GRAPH ?g {{ ?m <{ONT}mentions> ?x . ?l <{ONT}hasMeasure> ?m }} }} ORDER BY ?x",
        "agency": f"SELECT ?x WHERE {{ GRAPH ?g {{ ?l <{ONT}respondingAgency> ?x }} }} ORDER BY DESC(?x)",
        "body": f"SELECT ?x WHERE {{ GRAPH ?g {{ ?l <{ONT}respondingAgency> ?x }} }} ORDER BY ?x",
        "party": f"SELECT ?x WHERE {{ GRAPH ?g {{ ?c <{ONT}plaintiff>|<{ONT}defendant> ?x }} }} ORDER BY ?x",
        "letter": f"SELECT ?x WHERE {{ GRAPH ?g {{ ?x a <{ONT}ReplyLetter> }} }} ORDER BY DESC(?x)",
        "policy": f"SELECT ?x WHERE {{ GRAPH ?g {{ ?l <{ONT}cites> ?x . ?x a <{ONT}Policy> }} }} ORDER BY ?x",
    }
    for param in query.params:
        if param.type == "iri":
            values: list[ox.NamedNode | ox.Literal] = [*_values(store, by_param[param.name]), absent]
        elif param.type == "year":
            values = [literal_term("year", year) for year in ("2016", "2017", "2018", "2019", "2030")]
        elif param.choices:
            values = [literal_term("string", choice) for choice in param.choices]
        else:  # search-label's text: scripts, widths, case
            values = [literal_term("string", text) for text in ("华为", "華為", "法院", "COURT", "ＩＤＣ", "局", "zz")]
        cases += [{**cases[0], param.name: value} for value in values]
    if name == "search-label":
        cases += [{"text": literal_term("string", text), "lang": literal_term("string", lang)}
                  for text in ("华为", "court", "深圳") for lang in ("zh", "en")]
    elif len(query.params) == 2:  # both at once
        first, second = query.params
        pairs = itertools.product(_values(store, by_param[first.name])[:2], ("2017", "2018"))
        cases += [{first.name: a, second.name: literal_term("year", b)} for a, b in pairs]
    return cases


@pytest.mark.parametrize("name", SERVED)
def test_cache_answers_as_the_sparql_does(name: str, folder: Path, store: EmbeddedStore) -> None:
    query = find_query(name)
    cases = _cases(name, store)
    nonempty = 0
    for terms in cases:
        want = store.run(bound_text(query, terms))
        got = answers.answer(query, terms, folder)
        assert got is not None, f"{name} is not served"
        assert got.variables == want.variables
        assert got.rows == want.rows, f"{name} {terms}: {len(got.rows)} rows, SPARQL {len(want.rows)}"
        nonempty += bool(want.rows)
        for fmt in FORMATS:
            assert render(got, fmt, {"ipgov-id": ID}) == render(want, fmt, {"ipgov-id": ID}), (name, fmt)
        if all(term is None for term in terms.values()):  # kept by the first call: read back the same
            again = answers.answer(query, terms, folder)
            assert again is not None and again.rows == want.rows and render(again, "jsonl") == render(want, "jsonl")
    assert nonempty >= 2, f"{name}: too few answers with rows to compare"


def _shared_cases(name: str, store: EmbeddedStore) -> list[dict[str, ox.NamedNode | ox.Literal | None]]:
    """actor's and evidence-for's parameters: each example, the first shared things of each kind (and
    the most named ones), one the data does not hold; evidence-for also with a predicate and an object."""
    query = find_query(name)
    param = IRI_SPECS[name].param
    cases: list[dict[str, ox.NamedNode | ox.Literal | None]] = [
        param_terms(query, example, store) for example in query.examples]  # type: ignore[misc]
    counted = store.run("SELECT ?x (COUNT(*) AS ?n) WHERE { GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } } "
                        "FILTER(isIRI(?x)) } GROUP BY ?x ORDER BY DESC(?n) ?x").rows
    shared = [row[0] for row in counted if isinstance(row[0], ox.NamedNode) and SHARED_THING.fullmatch(row[0].value)]
    kinds: dict[str, ox.NamedNode] = {}
    for thing in shared:
        kinds.setdefault(thing.value[len(ID):].split("/")[0], thing)
    things = list(dict.fromkeys([*shared[:4], *kinds.values(), ox.NamedNode(ID + "org/0000000000000000")]))
    cases += [{param: thing} for thing in things]
    if name == "evidence-for":  # with a predicate, and an object, of relations a shared thing is the subject of
        rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        stated = store.run(f"SELECT DISTINCT ?x ?p ?o WHERE {{ GRAPH ?g {{ ?e <{rdf}subject> ?x ; "
                           f"<{rdf}predicate> ?p ; <{rdf}object> ?o }} }} ORDER BY ?x ?p ?o").rows
        by_thing: dict[ox.NamedNode, list[tuple[ox.NamedNode, ox.NamedNode]]] = {}
        for thing, p, o in stated:
            if isinstance(thing, ox.NamedNode) and SHARED_THING.fullmatch(thing.value):
                by_thing.setdefault(thing, []).append((p, o))  # type: ignore[arg-type]
        for thing, pairs in list(by_thing.items())[:4]:
            cases += [{param: thing, "predicate": p, "object": None} for p, _ in pairs[:2]]
            cases += [{param: thing, "predicate": p, "object": o} for p, o in pairs[:2]]
            cases += [{param: thing, "predicate": None, "object": pairs[0][1]},
                      {param: thing, "predicate": ox.NamedNode(rdf + "type"), "object": None}]
    return cases


def test_a_served_query_by_name_imports_no_rdflib(tmp_path: Path) -> None:
    """rdflib's import is about a tenth of a second: a query answered from the cache, its parameter
    a name looked up in the store, runs without it (``prefixes``, not ``namespaces``)."""
    import subprocess
    import sys

    code, _, err = run_cli("build", str(SEED), "-o", str(tmp_path / "out"), "--no-validate", "--store", "--answers")
    assert code == 0, err
    script = ("import sys; from graph_builder.cli import main; "
              f"code = main(['query', 'actor', '-p', 'actor=深圳法院', '--format', 'csv', {str(tmp_path / 'out')!r}]); "
              "print('rdflib' in sys.modules, code, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.stderr.splitlines()[-1] == "False 0", done.stderr
    assert "深圳市中级人民法院" in done.stdout or "深圳法院" in done.stdout


@pytest.mark.parametrize("name", SERVED_BY_IRI)
def test_answers_by_iri_are_the_sparql_s(name: str, folder: Path, store: EmbeddedStore) -> None:
    """actor and evidence-for of a shared thing from the rows kept by IRI: the SPARQL's rows, order and text."""
    query = find_query(name)
    assert iri_canned(query) is IRI_SPECS[name], f"{name}: update its IriSpec digest"
    served = nonempty = 0
    for terms in _shared_cases(name, store):
        want = store.run(bound_text(query, terms))
        got = answers.answer(query, terms, folder)
        if not SHARED_THING.fullmatch(terms[IRI_SPECS[name].param].value):  # type: ignore[union-attr]
            assert got is None, f"{name} {terms}: a thing that is not shared is left to the SPARQL"
            continue
        assert got is not None, f"{name} {terms} is not served"
        served += 1
        assert got.variables == want.variables
        assert got.rows == want.rows, f"{name} {terms}: {len(got.rows)} rows, SPARQL {len(want.rows)}"
        nonempty += bool(want.rows)
        for fmt in FORMATS:
            assert render(got, fmt, {"ipgov-id": ID}) == render(want, fmt, {"ipgov-id": ID}), (name, fmt)
    assert served >= 8 and nonempty >= 6, f"{name}: too few answers with rows to compare"


def test_the_hand_made_letter_is_answered(folder: Path, store: EmbeddedStore) -> None:
    """The odd letter's commitment has no body: with a body parameter, SPARQL's join binds it to it."""
    query = find_query("commitments-by-body")
    body = ox.NamedNode(ID + "org/0000000000000000")
    got = answers.answer(query, {"body": body}, folder)
    assert got is not None
    assert [(row[0], row[1], row[2], row[5]) for row in got.rows] == [
        (body, None, ox.Literal("responding agency"), ox.Literal("将推进"))]


def test_served_list_is_the_cache_s(folder: Path) -> None:
    assert set(SERVED) == set(SPECS)
    for name in SERVED:  # each spec was written for its query's current text
        assert canned(find_query(name)) is SPECS[name], f"{name}: update its Spec digest"


def test_other_queries_are_not_served(folder: Path) -> None:
    letter = ox.NamedNode(ID + "letter/000_cf6b83477be807db")  # not a shared thing: its SPARQL is quick
    for name in SERVED_BY_IRI:
        query = find_query(name)
        assert answers.answer(query, {IRI_SPECS[name].param: letter}, folder) is None
        edited = type(query)(**{**query.__dict__, "text": query.text.replace("SELECT", "SELECT  ")})
        assert answers.answer(edited, {IRI_SPECS[name].param: ox.NamedNode(ID + "org/4ef9ef9358b4a2e0")},
                              folder) is None
    edited = find_query("figures")
    edited = type(edited)(**{**edited.__dict__, "text": edited.text.replace("?period ?sentence\n", "?period\n")})
    assert answers.answer(edited, {}, folder) is None


def test_a_changed_letter_is_recomputed(folder: Path, tmp_path: Path, write_build) -> None:  # type: ignore[no-untyped-def]
    """Only letters whose stamp changed are computed again; the answer follows the new data."""
    query = find_query("class-counts")
    graphs = {block.key: block.read() for block in letter_blocks(folder)}
    out = tmp_path / "out"
    shutil.copytree(folder, out)
    answers.answer(query, {}, out)
    kept = {p.name: p.stat().st_mtime_ns for p in (out / answers.ANSWERS_CACHE).glob("*.json")}
    del graphs["zz_odd"]
    write_build(out, graphs)
    got = answers.answer(query, {}, out)
    want = EmbeddedStore.from_paths([out]).run(query.text)
    assert got is not None and got.rows == want.rows
    after = {p.name: p.stat().st_mtime_ns for p in (out / answers.ANSWERS_CACHE).glob("*.json")}
    letters = [name for name in kept if not name.endswith((".rows.json", ".final.json"))]
    assert all(after[name] == kept[name] for name in letters if name != "zz_odd.json")
    assert "zz_odd.json" in kept, sorted(kept)
    assert "zz_odd.json" not in after  # a gone letter's rows are removed
    first = next(key for key in graphs if key != "000_cf6b83477be807db")
    del graphs[first]  # and the rows kept by IRI follow the letters too
    write_build(out, graphs)
    store = EmbeddedStore.from_paths([out])
    for name in SERVED_BY_IRI:
        query = find_query(name)
        for thing in _shared_cases(name, store)[1:4]:
            want = store.run(bound_text(query, thing))
            got = answers.answer(query, thing, out)
            assert got is not None and got.rows == want.rows, (name, thing)


def test_cli_uses_the_cache_and_sparql_on_request(folder: Path) -> None:
    for argv in (["figures"], ["court-cases", "-p", "party=三星"], ["platforms", "-p", "since=2017"]):
        code, cached, err = run_cli("query", *argv, "--data", str(folder), "--format", "json")
        assert code == 0, err
        code, sparql, err = run_cli("query", *argv, "--data", str(folder), "--format", "json", "--sparql")
        assert code == 0, err
        assert cached == sparql and '"bindings": [' in cached
        if argv == ["figures"]:
            cached_figures = cached
    assert (folder / answers.ANSWERS_CACHE / "figures.final.json").is_file()
    # without parameters the rendered text is kept, and given again as it was
    kept = sorted((folder / answers.ANSWERS_CACHE).glob("figures.*.out"))
    assert len(kept) == 1
    code, again, _ = run_cli("query", "figures", "--data", str(folder), "--format", "json")
    assert code == 0 and again == cached_figures
    code, csv_text, _ = run_cli("query", "figures", "--data", str(folder), "--format", "csv", "--no-bom")
    code, csv_sparql, _ = run_cli("query", "figures", "--data", str(folder), "--format", "csv", "--no-bom", "--sparql")
    assert csv_text == csv_sparql and len(sorted((folder / answers.ANSWERS_CACHE).glob("figures.*.out"))) == 2


def test_build_fills_the_cache_on_request(tmp_path: Path) -> None:
    code, out, err = run_cli("build", str(SEED), "-o", str(tmp_path / "out"), "--no-validate", "--answers")
    assert code == 0, err
    assert "answers: " in out
    cache = tmp_path / "out" / answers.ANSWERS_CACHE
    assert (cache / "000_cf6b83477be807db.json").is_file()
    assert {p.name for p in cache.glob("*.final.json")} == {f"{name}.final.json" for name in SERVED
                                                             if name != "search-label"}  # its text is required


@pytest.mark.parametrize("name", SERVED_BY_IRI)
def test_ranked_order_is_pyoxigraph_s(name: str, folder: Path, store: EmbeddedStore) -> None:
    """The order by ranks (each key's values ordered by pyoxigraph, rows sorted in Python) is the
    VALUES-block order, on the kept rows of the most named things; where it is unsure it says so."""
    from graph_builder.answers.rows import merged_iri_rows
    from graph_builder.answers.sparql_text import order_clause

    query, spec = find_query(name), IRI_SPECS[name]
    fast = 0
    for case in _shared_cases(name, store):
        kept = merged_iri_rows(folder, name, str(encode(case[spec.param])))
        assert kept is not None
        rows, final = [tuple(row) for row in kept[0]], kept[1]
        if final:  # ordered by ranks when the rows were merged: pyoxigraph keeps them as they are
            fast += bool(rows)
            assert rows == [tuple(map(encode, row)) for row in answers.ordered(query.text, spec.variables, rows).rows]
            assert ranked(rows[::-1], spec.variables, order_clause(query.text)) == rows
    assert fast >= 6


def test_ranked_order_on_awkward_rows() -> None:
    query = find_query("actor")
    names, clause = IRI_SPECS["actor"].variables, order_clause(query.text)
    a, p, letter = "~org/a", "<http://x/p", "~letter/k"
    odd = [(a, '"out', p, '"b', '@zh 乙', letter), (a, '"out', p, '"b', None, letter),
           (a, '"in', p, "<http://x/b", '"甲', letter), (a, '"out', p, '"a', '@en b', letter),
           (a, '"out', "<http://x/o", '"c', '"a', letter), (a, '"out', p, '"a', '@en b', "~letter/j")]
    want = [tuple(map(encode, row)) for row in answers.ordered(query.text, names, odd).rows]
    assert ranked(odd, names, clause) == want and len(want) == 6
    assert ranked([*odd, (a, '"out', p, '"c', '@zh a', letter)], names, clause) is None  # "a" and "a"@zh
    tie = [(a, '"out', p, '"http://x/b', None, letter), (a, '"out', p, "<http://x/b", None, letter)]
    assert ranked([*odd, *tie], names, clause) is None  # STR(<http://x/b>) = STR("http://x/b")
    assert ranked([*odd, (a, '"out', p, "_b0", None, letter)], names, clause) is None  # a blank node
    numbers = [(a, '"out', p, '"b', "^http://www.w3.org/2001/XMLSchema#integer 10", letter),
               (a, '"out', p, '"b', "^http://www.w3.org/2001/XMLSchema#integer 9", letter)]
    assert ranked(numbers, names, clause) == [numbers[1], numbers[0]]  # 9 before 10: numbers, not text
    assert ranked([*numbers, (a, '"out', p, '"b', '"5', letter)], names, clause) is None  # 10 < 9 < "5" < 10
    integer, decimal = "^http://www.w3.org/2001/XMLSchema#integer ", "^http://www.w3.org/2001/XMLSchema#decimal "
    mixed = [(a, '"out', p, '"b', decimal + "9.5", letter), (a, '"out', p, '"b', integer + "10", letter),
             (a, '"out', p, '"b', decimal + "-0.25", letter), (a, '"out', p, '"b', integer + "9", letter)]
    want = [tuple(map(encode, row)) for row in answers.ordered(query.text, names, mixed).rows]
    assert ranked(mixed, names, clause) == want == [mixed[2], mixed[3], mixed[0], mixed[1]]
    assert ranked([*mixed, (a, '"out', p, '"b', decimal + "10.0", letter)], names, clause) is None  # 10 = 10.0
    # a key that cannot be ranked (a blank node) is never compared when the keys before set the rows apart
    apart = [(a, '"out', p, '"b', "_b0", letter), (a, '"out', p, '"a', "_b1", letter)]
    assert ranked(apart, names, clause) == [apart[1], apart[0]]
    assert ranked([*apart, (a, '"out', p, '"a', '"x', letter)], names, clause) is None  # there it would be
    assert order_keys(clause) == [("actor", True), ("direction", False), ("predicate", True), ("other", True),
                                  ("otherText", False), ("letter", True)]
    assert order_keys("ORDER BY DESC(?measures) ?nameA") is None


def test_a_long_fill_says_what_the_wait_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Computing every letter's rows takes minutes at 10,000 letters: the first served query says so on
    stderr (stdout stays the answer), and a call that reads kept rows says nothing."""
    from graph_builder.answers import rows

    code, _, err = run_cli("build", str(SEED), "-o", str(tmp_path / "out"), "--no-validate")
    assert code == 0, err
    monkeypatch.setattr(rows, "ANNOUNCE_AT", 1)
    code, out, err = run_cli("query", "co-handlers", str(tmp_path / "out"), "--format", "csv")
    assert code == 0 and "深圳法院" in out and "ipgov:" not in out
    assert "computing the answer cache's rows of 1 letter(s)" in err and "--answers" in err
    code, figures, err = run_cli("query", "figures", str(tmp_path / "out"), "--format", "csv")
    assert code == 0 and err == "" and figures.count("\n") == 11  # the header and the seed's ten figures
