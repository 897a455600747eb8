"""Checks that catch wrong facts: proposers, grounded names, function words, person names, local things.

Each check also has an invalid fixture in tests/data/shapes/invalid (test_shapes_fixtures.py);
these tests pin the rules themselves and the word lists they read.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from graph_builder.surnames import surname_of, surnames
from graph_builder.validate import validate_paths
from graph_builder.validate.lint import CHECKS, Named, _person_name
from graph_builder.validate.name_knowledge import (
    function_words,
    grounded,
    is_division,
    leading_function_word,
)

NAMES = Path(__file__).resolve().parents[1] / "graph_builder" / "data" / "names"
SHAPES = "https://w3id.org/ipgov/shapes#"
IPGOV = "https://w3id.org/ipgov/ontology#"
# the checks of wrong facts that are violations: the seed must raise none of them
FACT_VIOLATIONS = {SHAPES + "MotionShape-proposerHandler", SHAPES + "LabelShape-grounded",
                   SHAPES + "LabelShape-functionWord"}


def _rows(name: str) -> list[dict[str, str]]:
    with (NAMES / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_seed_raises_none_of_the_fact_violations(seed_nquads: Path) -> None:
    """The seed letter: no proposer that handles, no ungrounded name, no name cut after a function word."""
    report = validate_paths([seed_nquads], jobs=1)
    assert [r for r in report.results if r.shape in FACT_VIOLATIONS] == []
    assert report.conforms


@pytest.mark.parametrize(
    ("label", "quotes"),
    [
        ("资阳市市场监督管理局", ["市市场监督管理局"]),  # a bare prefix completed by a division
        ("广东省发展和改革委员会", ["省发展改革委"]),  # … and a stem's short form
        ("广东省人民政府", ["省政府"]),  # … giving a name the gazetteer knows
        ("市人民政府", ["市政府"]),  # a bare prefix left bare, the stem in full
        ("成都市郫都区市场监督管理局", ["区市场监督管理局"]),  # a district with its city
        ("华为技术有限公司", ["华为公司"]),  # the gazetteer's name of a quoted alias
        ("中共中央", ["要坚决贯彻党中央的部署"]),  # … an alias inside a longer quote
        ("国家知识产权局", ["國家知識產權局"]),  # traditional script
        ("中国（深圳）知识产权保护中心", ["中国(深圳)知识产权保护中心"]),  # full-width brackets
    ],
)
def test_grounded_names(label: str, quotes: list[str]) -> None:
    """A name is grounded when written, an alias's canonical name or a division's completion."""
    assert grounded(label, quotes)


@pytest.mark.parametrize(
    ("label", "quotes"),
    [
        ("深圳市市场监督管理局", ["广州市市场监督管理局"]),  # another city's bureau
        ("资阳市市场监督管理局", ["市场监督管理局"]),  # no bare prefix to complete
        ("双龙湖市市场监督管理局", ["市市场监督管理局"]),  # not a division
        ("三星重工", ["三星"]),
        ("湖北省知识产权局", ["我局"]),  # a self-reference does not name the body
        ("张三", []),
    ],
)
def test_ungrounded_names(label: str, quotes: list[str]) -> None:
    """Nothing else grounds a name."""
    assert not grounded(label, quotes)


def test_divisions() -> None:
    """Full names of divisions (a district with its city or alone), not short forms or other names."""
    assert is_division("资阳市") and is_division("成都市郫都区") and is_division("郫都区")
    assert not is_division("深圳") and not is_division("双龙湖街道") and not is_division("了省")


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("了省发展改革委", "了"),
        ("下简称市知识产权局", "下简称"),
        ("级知识产权保护中心", "级"),
        ("相继出台配套行动", "相继"),
        ("诉三星公司", "诉"),
        ("对外经济贸易大学", ""),  # the except column
        ("从化区市场监督管理局", ""),
        ("经开区管委会", ""),
        ("广东省发展和改革委员会", ""),
    ],
)
def test_leading_function_word(name: str, word: str) -> None:
    """The longest listed word a name starts with, unless the name begins a listed exception."""
    assert leading_function_word(name) == word


def test_function_words_file() -> None:
    """word, except, note; every word once, in it or among the verbs of verbs.tsv with the role
    function_word; the brief's list is there; every row says why."""
    rows = _rows("function_words.tsv")
    assert rows and all(list(r) == ["word", "except", "note"] and r["word"] and r["note"] for r in rows)
    verbs = [r["verb"] for r in _rows("verbs.tsv") if "function_word" in r["roles"].split("|")]
    words = [r["word"] for r in rows] + verbs
    assert len(words) == len(set(words)) == len(function_words()) and "推动" in verbs and "诉" in verbs
    required = "了 的 在 对 将 把 被 为 与 和 及 向 由 经 于 从 请 提升 赋予 加强 推动 支持 下简称 简称 诉 确认"
    required += " 不侵害 级"
    assert set(required.split()) <= set(words)
    lengths = [len(w) for w, _ in function_words()]
    assert lengths == sorted(lengths, reverse=True)  # longest first: 被上诉人 before 被


def test_surnames_file() -> None:
    """百家姓 (single and compound) plus a few common modern surnames, each with its source."""
    rows = _rows("surnames.tsv")
    assert all(list(r) == ["surname", "source", "note"] and r["surname"] and r["source"] for r in rows)
    names = [r["surname"] for r in rows]
    assert len(names) == len(set(names)) and 450 <= len(names) <= 600
    single, compound = surnames()
    assert {"王", "李", "张", "刘", "陈", "肖", "覃"} <= single and {"欧阳", "司马", "诸葛"} <= compound
    assert surname_of("欧阳明") == "欧阳" and surname_of("王强") == "王" and surname_of("教猛") == ""


def _person(name: str) -> list[str]:
    thing = Named("https://w3id.org/ipgov/id/person/0000000000000000", {IPGOV + "Person"}, {name})
    return [fields["en_reason"] for _, _, fields in _person_name(thing)]


def test_person_names() -> None:
    """Longer than four characters, or no surname first: a warning; a usual name: none."""
    assert _person("李伟文") == [] and _person("欧阳明华") == [] and _person("司马相如") == []
    assert _person("教猛") == ["no common Chinese surname first"]
    assert _person("杨世奇刘盾") == ["longer than four characters"]


def test_checks_name_their_shapes_with_both_languages() -> None:
    """Every Python check has an ipgov-shape IRI, a severity and zh and en messages."""
    for check in CHECKS:
        assert check.shape.startswith(SHAPES) and check.severity.endswith(("Violation", "Warning"))
        assert check.zh and check.en


def test_human_reports_group_missing_english_labels_by_shape(seed_nquads: Path) -> None:
    """One line for the @en warnings in text and Markdown, counted by class; one folded <details> in HTML;
    the sh:ValidationReport keeps them all."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    from graph_builder.validate import render

    report = validate_paths([seed_nquads], jobs=1)
    missing = [r for r in report.results if r.shape == SHAPES + "LabelShape-prefLabelEn"]
    assert len(missing) > 10
    text = render(report, "text")
    assert "· ipgov-shape:LabelShape-prefLabelEn" not in text  # no entry per thing
    lines = [line for line in text.splitlines() if "no English label (skos:prefLabel@en)" in line]
    assert len(lines) == 1
    classes = Counter(report.classes[focus] for focus in {r.focus for r in missing})
    assert lines[0].startswith(f"  Warning ×{len(missing)} ipgov-shape:LabelShape-prefLabelEn — ")
    assert f"ipgov:Platform {classes['ipgov:Platform']}" in lines[0] and classes["ipgov:Platform"] > 1
    assert f"  Warning    {len(missing):>6}  ipgov-shape:LabelShape-prefLabelEn" in text  # counts stay whole
    assert render(report, "md").count("no English label") == 1
    html = render(report, "html")
    assert '<details class="shape" data-sev="Warning" id="shape-LabelShape-prefLabelEn">' in html  # folded
    assert html.count('data-h="ipgov-shape:LabelShape-prefLabelEn"') == len(missing)  # one row per result
    graph = Graph().parse(data=render(report, "ttl"), format="turtle")
    assert len(set(graph.subjects(RDF.type, SH.ValidationResult))) == len(report.results)


def test_plain_index_reads_the_gazetteers_tables() -> None:
    """The lint's plain index reads the tables the gazetteer reads, and agrees with its lookups."""
    from graph_builder.extract.gazetteer import KIND_OF_FILE, default_gazetteer
    from graph_builder.text.normalize import normalize_text
    from graph_builder.validate.name_knowledge import NAME_TABLES, name_index

    assert set(NAME_TABLES) == set(KIND_OF_FILE)
    gazetteer, index = default_gazetteer(), name_index()
    for alias, canonical in index.names.items():
        known = gazetteer.lookup(alias)
        assert known is not None and normalize_text(known.canonical) == canonical, alias
    assert {a: normalize_text(s.canonical) for a, s in gazetteer.stems.items()} == index.stems


def test_a_letter_local_thing_is_well_formed(tmp_path: Path) -> None:
    """A thing local to its letter (…/org/local/<letter-key>/<16 hex>, ipgov:localTo) passes every shape."""
    import hashlib

    from rdflib import Dataset, URIRef

    fixtures = Path(__file__).resolve().parent / "data" / "shapes"
    dataset = Dataset()
    dataset.parse(fixtures / "valid" / "minimal.trig", format="trig")
    graph = dataset.graph(URIRef("https://w3id.org/ipgov/graph/fixture_minimal"))
    court = URIRef("https://w3id.org/ipgov/id/org/" + hashlib.sha256("深圳市中级人民法院".encode()).hexdigest()[:16])
    assert (court, None, None) in graph
    local = URIRef(str(court).replace("/org/", "/org/local/fixture_minimal/"))
    for s, p, o in list(graph):
        if court in (s, o):
            graph.remove((s, p, o))
            graph.add((local if s == court else s, p, local if o == court else o))
    graph.add((local, URIRef(IPGOV + "localTo"), URIRef("https://w3id.org/ipgov/id/letter/fixture_minimal")))
    path = tmp_path / "local.trig"
    path.write_text(dataset.serialize(format="trig"), encoding="utf-8")
    assert validate_paths([path], jobs=1).results == []
