"""Corrections that survive rebuilds (issue 17): corrections.yaml applied during ``ipgov build``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph_builder import corrections as cx
from graph_builder.cli import main
from graph_builder.corpus import manifest as mf
from graph_builder.corpus.blocks import letter_facts, letter_graph
from graph_builder.corpus.build import build_corpus
from graph_builder.iri import thing_uri

ROOT = Path(__file__).resolve().parents[1]
SEED_KEY = "000_cf6b83477be807db"
OWN = ROOT / "tests" / "data" / "letters"
DEV = ROOT.parent / "shared" / "eval" / "dev" / "letters"
PROV = "http://www.w3.org/ns/prov#"
ONT = "https://w3id.org/ipgov/ontology#"

# One entry of each kind on the seed and two of the tests' letters.
ENTRIES = f"""\
# a person the rules read off 伟中书记 (a given name only): dropped with its relations
- letter: {SEED_KEY}
  drop: entity
  kind: person
  text: 伟中书记对
- letter: {SEED_KEY}
  id: uni-cohandler
  add: org
  role: co_handler
  text: 深圳大学
  occurrence: 1
- letter: {SEED_KEY}
  change: class
  text: 中国版权保护中心
  class: Organization
- letter: {SEED_KEY}
  change: role
  text: 深圳法院
  occurrence: 1
  from: co_handler
  to: none
- letter: {SEED_KEY}
  drop: relation
  predicate: cites
  text: 深圳市知识产权专项资金管理办法
- letter: {SEED_KEY}
  merge: 深圳市中小企业发展促进会
  text: 中小企业促进会
- split:
    {SEED_KEY}: 国家知识产权局
    mine_22_autonomous_region: 国家知识产权局商标局
  kind: org
  text: 国家知识产权局
  occurrence: 1
- letter: mine_14_city_b_bare_bureau
  rename:
    canonical: 绵阳科睿新材料有限责任公司
    name_en: Mianyang Kerui New Materials Co., Ltd.
  text: 绵阳科睿新材料有限公司
- letter: mine_14_city_b_bare_bureau
  drop: role
  role: proposer
  text: 何建平
"""
LETTERS = ("mine_14_city_b_bare_bureau.txt", "mine_22_autonomous_region.txt", "mine_03_party_jiusan.txt")


@pytest.fixture()
def letters(tmp_path: Path, seed_path: Path) -> Path:
    """The seed and three of the tests' letters in one folder."""
    folder = tmp_path / "letters"
    folder.mkdir()
    shutil.copy(seed_path, folder / seed_path.name)
    for name in LETTERS:
        shutil.copy(OWN / name, folder / name)
    return folder


def _build(folder: Path, out: Path, *extra: str) -> int:
    return main(["build", str(folder), "-o", str(out), "--no-validate", "-j", "1", *extra])


def _facts(out: Path, key: str) -> dict[str, Any]:
    found = letter_facts(out, key)
    assert found is not None
    return found


def _names(items: list[dict[str, Any]]) -> list[str]:
    return [item["name"] for item in items]


def _items(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for value in facts.values() if isinstance(value, list) for item in value if isinstance(item, dict)]


@pytest.fixture()
def corrected(letters: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(build without corrections, build with them) of the same letters."""
    plain, fixed = tmp_path / "plain", tmp_path / "fixed"
    assert _build(letters, plain) == 0
    (letters / "corrections.yaml").write_text(ENTRIES, encoding="utf-8")
    assert _build(letters, fixed) == 0
    return plain, fixed


def test_each_kind_of_entry_changes_the_facts(corrected: tuple[Path, Path]) -> None:
    plain, fixed = corrected
    before, after = _facts(plain, SEED_KEY), _facts(fixed, SEED_KEY)
    # drop an entity
    assert "伟中" in _names(before["persons"]) and "伟中" not in _names(after["persons"])
    # add one, with a role, marked as corrected by its entry's id
    added = [c for c in after["co_handlers"] if c["name"] == "深圳大学"]
    assert added and added[0]["corrected"] == "corrections.yaml#uni-cohandler"
    assert added[0]["type"] == "University"  # the gazetteer's class for a name it knows
    # change a class
    centre = [o for o in after["organizations"] if o["name"] == "中国版权保护中心"]
    assert centre[0]["type"] == "Organization" and centre[0]["corrected"] == "corrections.yaml#3"
    # change a role: 深圳法院 is no co-handler, only a court the letter names
    assert "深圳法院" in _names(before["co_handlers"]) and "深圳法院" not in _names(after["co_handlers"])
    assert "深圳法院" in _names(after["organizations"])
    # merge: 中小企业促进会 is the thing named 深圳市中小企业发展促进会 in other letters
    sme = next(o for o in after["organizations"] if o["name"] == "中小企业促进会")
    assert sme["iri"] == thing_uri("org", "深圳市中小企业发展促进会") and sme["corrected"] == "corrections.yaml#6"
    # split: one name, two bodies (mine_22 names the office's 商标局, which the rules cut to the office)
    other = _facts(fixed, "mine_22_autonomous_region")
    trademark = next(o for o in other["organizations"] if o["name"] == "国家知识产权局")
    assert trademark["iri"] == thing_uri("org", "国家知识产权局商标局")
    assert trademark["corrected"] == "corrections.yaml#7"
    seed_office = next(o for o in after["organizations"] if o["name"] == "国家知识产权局")
    assert seed_office["iri"] == thing_uri("org", "国家知识产权局")
    assert "corrected" not in seed_office  # it had that canonical already: nothing changed there
    # rename: canonical and English label
    mianyang = _facts(fixed, "mine_14_city_b_bare_bureau")
    company = next(o for o in mianyang["organizations"] if o["name"] == "绵阳科睿新材料有限公司")
    assert company["iri"] == thing_uri("org", "绵阳科睿新材料有限责任公司")
    assert company["name_en"] == "Mianyang Kerui New Materials Co., Ltd."
    # drop a role: 何建平 is no proposer any more, still a person the letter names
    assert mianyang["proposers"] == [] and "何建平" in _names(mianyang["persons"])
    # a letter no entry names is as it was
    assert _facts(plain, "mine_03_party_jiusan") == _facts(fixed, "mine_03_party_jiusan")


def test_corrected_facts_keep_evidence_and_carry_prov(corrected: tuple[Path, Path]) -> None:
    import pyoxigraph as ox

    _, fixed = corrected
    graph = letter_graph(fixed, SEED_KEY)
    assert graph is not None
    store = ox.Store()
    store.load(graph, format=ox.RdfFormat.N_QUADS)
    query = f"""
        PREFIX prov: <{PROV}> PREFIX ipgov: <{ONT}> PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?entry ?exact ?start WHERE {{ GRAPH ?g {{
            ?letter ipgov:coHandler ?org .
            ?ann rdf:subject ?letter ; rdf:predicate ipgov:coHandler ; rdf:object ?org ;
                 oa:hasTarget ?t ; prov:wasGeneratedBy ?c .
            ?c a ipgov:Correction ; ipgov:correctionEntry ?entry ; ipgov:correctionDigest ?digest .
            ?g prov:wasInfluencedBy ?c .
            ?t oa:exact ?exact .
            BIND(STRBEFORE(STRAFTER(STR(?t), "#char="), ",") AS ?start)
        }} }}"""
    rows = [(r["entry"].value, r["exact"].value, int(r["start"].value)) for r in store.query(query)]
    text = (ROOT / "graph_builder/data/letters" / f"{SEED_KEY}.txt").read_text(encoding="utf-8")
    assert rows == [("corrections.yaml#uni-cohandler", "深圳大学", text.index("深圳大学"))]
    # facts the extractor read have no such generation: a query tells read from corrected
    read = f"""PREFIX prov: <{PROV}> PREFIX ipgov: <{ONT}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        ASK {{ GRAPH ?g {{ ?ann rdf:predicate ipgov:respondingAgency ; prov:wasGeneratedBy ?c . }} }}"""
    assert store.query(read) is False or not bool(store.query(read))


def test_corrected_build_conforms(letters: Path, tmp_path: Path) -> None:
    (letters / "corrections.yaml").write_text(ENTRIES, encoding="utf-8")
    assert main(["build", str(letters), "-o", str(tmp_path / "out"), "-j", "1"]) == 0


def test_queries_return_the_corrected_answers(corrected: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, fixed = corrected
    capsys.readouterr()
    assert main(["query", "co-handlers", "--data", str(fixed), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    flat = json.dumps(rows, ensure_ascii=False)
    assert "深圳大学" in flat and "深圳法院" not in flat, flat


def test_diff_lists_exactly_the_corrected_facts(
    corrected: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    plain, fixed = corrected
    capsys.readouterr()
    assert main(["diff", str(plain), str(fixed), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    changed = {letter["key"]: letter for letter in report["letters"]["changed"]}
    assert sorted(changed) == [SEED_KEY, "mine_14_city_b_bare_bureau", "mine_22_autonomous_region"]
    # every fact that came is marked with the entry that made it
    for letter in changed.values():
        for fact in letter["added"]:
            assert fact["role"] == "corrected" or "corrected" in fact.get("detail", {}), fact
    removed = {(f["role"], f["label"]) for f in changed[SEED_KEY]["removed"]}
    assert removed == {
        ("persons", "伟中"), ("organizations", "深圳大学"), ("organizations", "中国版权保护中心"),
        ("co_handlers", "深圳法院"), ("organizations", "中小企业促进会"),
    }
    assert {(f["role"], f["label"]) for f in changed["mine_14_city_b_bare_bureau"]["removed"]} == {
        ("proposers", "何建平"), ("organizations", "绵阳科睿新材料有限公司"),
    }


def test_facts_jsonl_marks_corrected_items_only(corrected: tuple[Path, Path]) -> None:
    plain, fixed = corrected
    assert not any("corrected" in item for item in _items(_facts(plain, SEED_KEY)))
    marked = sorted(item["corrected"] for item in _items(_facts(fixed, SEED_KEY)) if "corrected" in item)
    assert marked == [f"corrections.yaml#{n}" for n in ("3", "4", "6", "uni-cohandler")]


def test_a_changed_entry_rebuilds_only_its_letters(letters: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    file = letters / "corrections.yaml"
    file.write_text(ENTRIES, encoding="utf-8")
    keys = sorted(p.stem for p in letters.glob("*.txt"))

    def build() -> Any:
        entries = cx.load([file])
        plan = cx.plan(entries, {p.stem: p for p in letters.glob("*.txt")}, mf.load(out))
        assert plan.problems == []
        return build_corpus(sorted(letters.glob("*.txt")), out, jobs=1, corrections=plan.by_letter)

    assert build().built == keys
    again = build()
    assert again.built == [] and again.unchanged == keys
    manifest = mf.load(out)
    assert manifest is not None and len(manifest.letters["mine_14_city_b_bare_bureau"].corrections) == 2
    assert manifest.letters["mine_03_party_jiusan"].corrections == ()
    # an edited entry (the rename's English name) and a comment elsewhere: its letter only
    file.write_text("# reviewed\n" + ENTRIES.replace("Co., Ltd.", "Company Limited"), encoding="utf-8")
    third = build()
    assert third.built == ["mine_14_city_b_bare_bureau"]
    # the entries removed: the letters they named are built again, as they were
    file.write_text("[]\n", encoding="utf-8")
    fourth = build()
    assert fourth.built == [SEED_KEY, "mine_14_city_b_bare_bureau", "mine_22_autonomous_region"]
    # and the result equals a full build of the same input
    full = tmp_path / "full"
    build_corpus(sorted(letters.glob("*.txt")), full, jobs=1)
    assert (out / "dataset.nq").read_bytes() == (full / "dataset.nq").read_bytes()
    assert (out / "facts.jsonl").read_bytes() == (full / "facts.jsonl").read_bytes()


def test_incremental_with_corrections_equals_full_and_parallel(letters: Path, tmp_path: Path) -> None:
    file = letters / "corrections.yaml"
    file.write_text(ENTRIES.split("- split:")[0], encoding="utf-8")
    assert _build(letters, tmp_path / "inc") == 0
    file.write_text(ENTRIES, encoding="utf-8")
    assert _build(letters, tmp_path / "inc") == 0
    assert main(["build", str(letters), "-o", str(tmp_path / "full"), "--no-validate", "-j", "2"]) == 0
    for name in ("dataset.nq", "facts.jsonl", "entities.jsonl", "manifest.json"):
        left = (tmp_path / "inc" / name).read_bytes()
        right = (tmp_path / "full" / name).read_bytes()
        if name == "manifest.json":
            left, right = (json.loads(x)["letters"] for x in (left, right))
            for side in (left, right):
                for entry in side.values():
                    entry.pop("source")
        assert left == right, name


def test_corrections_option_and_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "fix.yaml"
    file.write_text(f"- letter: {SEED_KEY}\n  drop: role\n  role: proposer\n  text: 杨浩勃\n", encoding="utf-8")
    assert main(["build", "-o", str(tmp_path / "out"), "--no-validate", "--corrections", str(file)]) == 0
    facts = _facts(tmp_path / "out", SEED_KEY)
    assert facts["proposers"] == []
    assert next(p for p in facts["persons"] if p["name"] == "杨浩勃")["corrected"] == "fix.yaml#1"


# --- refusals and stale entries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        (f"- letter: {SEED_KEY}\n  drop: entity\n  text: 不在函中的字\n", 1, "is not in the letter"),
        (f"- letter: {SEED_KEY}\n  drop: entity\n  text: 深圳法院\n", 1, "occurs 4 times in the letter; add"),
        (f"- letter: {SEED_KEY}\n  drop: entity\n  text: 深圳法院\n  occurrence: 9\n", 1, "occurs 4 time(s)"),
        (f"# fixes\n\n- letter: {SEED_KEY}\n  add: ministry\n  text: 深圳大学\n", 4, "bad add 'ministry'"),
        (f"- letter: {SEED_KEY}\n  drop: entity\n  kind: thing\n  text: 三星\n", 3, "bad kind 'thing'"),
        (f"- letter: {SEED_KEY}\n  change: class\n  class: Ministry\n  text: 三星\n", 3, "bad class 'Ministry'"),
        (f"- letter: {SEED_KEY}\n  text: 三星\n", 1, "exactly one of drop, add"),
        (f"- letter: {SEED_KEY}\n  drop: entity\n  text: 三星\n  colour: red\n", 4, "unknown key 'colour'"),
        (f"- letter: {SEED_KEY}\n  drop: entity\n  text: 三星\n  class: Company\n", 4, "class: not used by drop"),
        (f"- letter: {SEED_KEY}\n  drop: entity\n  text: [三星\n", 4, "not valid YAML"),
        ("letter: x\n", 1, "expected a list of entries"),
    ],
)
def test_bad_entries_are_refused_with_file_line(
    body: str, line: int, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "c.yaml"
    file.write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "-o", str(out), "--no-validate", "--corrections", str(file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{file}:{line}: ") and problem in err, err
    assert not (out / "manifest.json").exists()  # refused before anything was built


def test_stale_entries_are_reported_and_the_build_goes_on(
    letters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = letters / "corrections.yaml"
    file.write_text(
        f"- letter: {SEED_KEY}\n  add: person\n  text: 习近平\n  occurrence: 1\n"  # the rules find it already
        "- letter: mine_14_city_b_bare_bureau\n  drop: entity\n  text: 西南科技大学\n"
        "- letter: no_such_letter\n  drop: entity\n  text: 三星\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    capsys.readouterr()
    assert _build(letters, out) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"{file}:1: stale: person '习近平' is already in the facts (the extractor finds it now) ({SEED_KEY})" in err
    assert f"{file}:8: stale: no letter no_such_letter in this build" in err
    assert not any(line.startswith(f"{file}:5:") for line in err)
    # an unchanged letter's stale entry is reported again, not forgotten
    assert _build(letters, out) == 0
    assert any(line.startswith(f"{file}:1: stale:") for line in capsys.readouterr().err.splitlines())
    # the letter changed and the text is gone: the entry it applied before is stale, not refused
    letter = letters / "mine_14_city_b_bare_bureau.txt"
    letter.write_text(letter.read_text(encoding="utf-8").replace("西南科技大学", "绵阳师范学院"), encoding="utf-8")
    assert _build(letters, out) == 0
    err = capsys.readouterr().err
    assert f"{file}:5: stale: text '西南科技大学' is not in the letter (mine_14_city_b_bare_bureau)" in err
    # a new output folder has no record of it: there the entry is refused
    assert _build(letters, tmp_path / "new") == 2


def test_apply_corrections_on_a_dev_letter() -> None:
    """The shared dev letters, when present: a co-handler's opinion whose main handler is set by hand."""
    path = DEV / "12_cq_yubei_201_xieban.txt"
    if not path.is_file():
        pytest.skip("../shared/eval/dev/letters is not beside this checkout")
    from graph_builder.pipeline import facts_of

    letter, facts = facts_of(path)
    entity = next(iter(e for e in facts.entities.values() if e.kind == "org" and e.ref != facts.main_handler))
    text = letter.text[entity.spans[0].start : entity.spans[0].end]
    count = len(cx.occurrences(letter.text, letter.norm, text))
    body = f"- letter: {letter.key}\n  change: role\n  to: main_handler\n  text: {text}\n  occurrence: 1\n"
    entries, problems = cx.parse("dev.yaml", body)
    assert problems == [] and count >= 1
    stale: list[tuple[str, str]] = []
    fixed = cx.apply_corrections(letter, facts, entries, stale)
    if stale:
        assert "already" in stale[0][1]
    else:
        assert fixed.main_handler is not None and fixed.corrected


def test_parse_gives_line_numbers_and_digests() -> None:
    body = f"- letter: {SEED_KEY}\n  drop: entity\n  text: 三星\n\n- letters: [a, b]\n  merge: 甲\n  text: 乙\n"
    entries, problems = cx.parse("x/c.yaml", body)
    assert problems == []
    assert [(e.line, e.label, e.action, e.letters) for e in entries] == [
        (1, "c.yaml#1", "drop-entity", (SEED_KEY,)), (5, "c.yaml#2", "merge", ("a", "b")),
    ]
    again, _ = cx.parse("x/c.yaml", "# moved down\n" + body)
    assert [e.digest(SEED_KEY) for e in again[:1]] == [entries[0].digest(SEED_KEY)]  # lines do not count


def test_drop_relation_takes_the_relation_stated_at_the_text(seed_path: Path) -> None:
    """A case's plaintiff dropped: that case only (华为公司 is the plaintiff of two more)."""
    from graph_builder.pipeline import facts_of

    letter, facts = facts_of(seed_path)
    entries, problems = cx.parse("c.yaml", f"- letter: {SEED_KEY}\n  drop: relation\n  predicate: plaintiff\n"
                                           "  text: 华为公司诉美国IDC公司\n")
    assert problems == []
    before = [c.plaintiff for c in facts.cases]
    cx.apply_corrections(letter, facts, entries)
    after = [c.plaintiff for c in facts.cases]
    assert before[0] is not None and after == [None, *before[1:]]
    assert sum(r.predicate == "plaintiff" for r in facts.relations) == len(before) - 1
