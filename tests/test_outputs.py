"""Outputs people open (CSV with a BOM, plain TSV, JSON lines, aligned and wrapped tables, --columns),
and parameters that find things (ambiguous and unknown names, letters by file name, both scripts,
foreign actors)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from cli_runner import run_cli as _cli

from graph_builder.cli import main
from graph_builder.errors import UsageError
from graph_builder.outputs import Table, display_width, to_csv, to_table, wrap
from graph_builder.queries import find_query, param_terms, run_query
from graph_builder.query_params import text_variants
from graph_builder.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("outputs") / "seed"
    assert _cli("build", "-o", str(out), "--no-validate")[0] == 0
    return out


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test letters (several agencies named 市司法局, a traditional letter, foreign parties)."""
    out = tmp_path_factory.mktemp("outputs") / "letters"
    assert _cli("build", str(DATA / "letters"), "-o", str(out), "--no-validate", "-j", "2")[0] in (0, 1)
    return out


# --- formats -----------------------------------------------------------------------------------


def test_csv_has_a_bom_and_reads_back(seed: Path, tmp_path: Path) -> None:
    code, out, _ = _cli("query", "co-handlers", str(seed), "--format", "csv")
    file = tmp_path / "co.csv"
    file.write_bytes(out.encode("utf-8"))
    assert code == 0 and file.read_bytes().startswith(b"\xef\xbb\xbfagency,")
    with file.open(encoding="utf-8-sig", newline="") as stream:  # as Excel and pandas read it
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == ["agency", "agencyName", "coHandler", "coHandlerName", "replies"]
    assert {r["coHandlerName"] for r in rows} == {"深圳法院", "深圳市经济贸易和信息化委员会"}
    assert all(r["agencyName"] == "深圳市市场和质量监督管理委员会" for r in rows)
    code, bare, _ = _cli("query", "co-handlers", str(seed), "--format", "csv", "--no-bom")
    assert bare == out[1:] and bare.startswith("agency,")


def test_no_bom_is_explained_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("query", "entities"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "--no-bom" in text and "Excel shows Chinese right" in text, command


def test_tsv_is_plain_values_and_sparql_tsv_stays(seed: Path) -> None:
    _, out, _ = _cli("query", "co-handlers", str(seed), "--format", "tsv")
    lines = out.splitlines()
    assert lines[0] == "agency\tagencyName\tcoHandler\tcoHandlerName\treplies"
    assert lines[1].split("\t")[1:2] == ["深圳市市场和质量监督管理委员会"] and lines[1].endswith("\t1")
    _, sparql, _ = _cli("query", "co-handlers", str(seed), "--format", "sparql-tsv")
    assert sparql.splitlines()[0].startswith("?agency\t") and '"深圳法院"@zh' in sparql


def test_jsonl_rows_for_pandas_and_json_results(seed: Path) -> None:
    _, out, _ = _cli("query", "class-counts", str(seed), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    total = next(r for r in rows if r["class"].endswith("#ReplyLetter") and r["letter"] is None)
    assert total["count"] == 1 and isinstance(total["count"], int)
    _, out, _ = _cli("query", "class-counts", str(seed), "--format", "json")
    assert json.loads(out)["head"]["vars"] == ["class", "letter", "count"]


def test_columns_choose_and_order(seed: Path) -> None:
    _, out, _ = _cli("query", "co-handlers", str(seed), "--format", "csv", "--no-bom",
                     "--columns", "replies,coHandlerName")
    assert out.splitlines()[0] == "replies,coHandlerName" and out.splitlines()[1].startswith("1,")
    code, _, err = _cli("query", "co-handlers", str(seed), "--columns", "agency,nope")
    assert code == 2 and "no column nope; the columns are agency,agencyName" in err


def test_table_aligns_by_display_width_and_wraps() -> None:
    table = Table(("名称", "n"), [("深圳市市场和质量监督管理委员会", 1), ("abc", 22)])
    lines = to_table(table).splitlines()
    assert lines[2] == "深圳市市场和质量监督管理委员会  1"
    assert lines[3] == "abc                             22"
    narrow = to_table(table, width=20).splitlines()
    assert all(display_width(line) <= 20 for line in narrow)
    assert "".join(line.split()[0] for line in narrow[2:4]) == "深圳市市场和质量监督管理委员会"  # wrapped, not cut
    assert narrow[2].endswith("1") and narrow[4] == ""  # a blank line after a row that took two lines
    assert wrap("Supreme People's Court of China", 12) == ["Supreme", "People's", "Court of", "China"]
    assert wrap("深圳ab", 3) == ["深", "圳a", "b"]


def test_long_cells_are_wrapped_in_the_query_table(seed: Path) -> None:
    _, out, _ = _cli("query", "court-cases", str(seed), "--columns", "caseName")
    assert "…" not in out and len(out.splitlines()) > 6  # three rows, some on two lines
    assert all(display_width(line) <= 48 for line in out.splitlines())
    text = "".join(line.strip() for line in out.splitlines()[2:-1])
    assert "华为技术有限公司诉三星无线通信国际标准必要专利侵权案" in text


def test_csv_model_escapes_formulas() -> None:
    assert to_csv(Table(("a",), [("=1+1",)]), bom=False) == "a\r\n'=1+1\r\n"
    assert to_csv(Table(("a",), [("=1+1",)]), bom=False, raw=True) == "a\r\n=1+1\r\n"


def test_entities_outputs(seed: Path) -> None:
    code, out, _ = _cli("entities", str(seed), "--format", "csv", "--kind", "org")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert out.startswith("\ufeff") and code == 0
    agency = next(r for r in rows if r["canonical"] == "深圳市市场和质量监督管理委员会")
    assert agency["letters"] == "1" and agency["kinds"] == "org/GovernmentAgency"
    _, out, _ = _cli("entities", str(seed), "--kind", "org", "--columns", "canonical,letters")
    lines = out.splitlines()
    assert lines[0].split() == ["canonical", "letters"]
    starts = {display_width(line[: line.rfind(" ") + 1]) for line in lines[2:] if line and not line.startswith("(")}
    assert len(starts) == 1  # every count in one column, whatever the width of the names before it


# --- parameters --------------------------------------------------------------------------------


def test_ambiguous_name_lists_label_class_and_letters(letters: Path) -> None:
    code, _, err = _cli("query", "actor", str(letters), "-p", "actor=市司法局")
    assert code == 2 and err.count("\n") == 1
    found = re.findall(r"ipgov-id:org/\w+ (\S+) \((\w+); letter (\w+)\)", err)
    assert len(found) >= 2 and all(cls == "GovernmentAgency" and label.endswith("市司法局") for label, cls, _ in found)
    assert len({label for label, _, _ in found}) == len(found)  # the labels tell them apart


def test_name_nothing_holds_exits_2(seed: Path) -> None:
    code, out, err = _cli("query", "actor", str(seed), "-p", "actor=中兴通讯")
    assert (code, out) == (2, "") and "the data does not mention" in err
    code, out, err = _cli("query", "actor", str(seed), "-p", "actor=没有这个局")
    assert (code, out) == (2, "") and "names nothing in the data" in err


def test_letter_by_key_or_file_name(seed: Path) -> None:
    key = "000_cf6b83477be807db"
    store = EmbeddedStore.from_paths([seed])
    query = find_query("suggestion-measures")
    forms = [key, f"{key}.txt", f"some/folder/{key}.txt", f"ipgov-id:letter/{key}"]
    assert {param_terms(query, {"letter": f}, store)["letter"].value for f in forms} == {  # type: ignore[union-attr]
        f"https://w3id.org/ipgov/id/letter/{key}"
    }
    assert run_query(query, {"letter": f"{key}.txt"}, store).rows == run_query(query, {"letter": key}, store).rows
    with pytest.raises(UsageError, match="no letter other in the data"):
        param_terms(query, {"letter": "other.txt"}, store)


def test_search_label_both_scripts_and_widths(seed: Path, letters: Path) -> None:
    assert text_variants("華為")[:2] == ["華為", "华为"]
    store = EmbeddedStore.from_paths([seed])
    query = find_query("search-label")
    simplified = {r[2].value for r in run_query(query, {"text": "华为"}, store).rows}  # type: ignore[union-attr]
    assert "华为技术有限公司" in simplified
    assert {r[2].value for r in run_query(query, {"text": "華為"}, store).rows} == simplified  # type: ignore[union-attr]
    assert {r[2].value for r in run_query(query, {"text": "ＩＤＣ"}, store).rows} >= {"美国IDC公司"}  # type: ignore[union-attr]
    code, out, _ = _cli("query", "search-label", str(letters), "-p", "text=中国(东莞)", "--format", "tsv",
                        "--columns", "label")
    assert code == 0 and set(out.splitlines()[1:]) == {"中国（东莞）知识产权保护中心", "中國（東莞）知識產權保護中心"}


def test_search_label_refuses_an_empty_text(seed: Path) -> None:
    for text in ("", "  "):
        code, out, err = _cli("query", "search-label", str(seed), "-p", f"text={text}")
        assert (code, out) == (2, "") and "parameter 'text' is empty" in err


def test_foreign_actors_are_foreign(letters: Path) -> None:
    code, out, _ = _cli("query", "foreign-actors", str(letters), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    names = {r["name"] for r in rows}
    assert code == 0 and {"美国", "德国", "日本", "德国某机械有限公司", "337调查"} <= names
    domestic = {"深圳", "东莞", "广东", "香港", "东莞某塑胶制品有限公司", "华为技术有限公司", "中国"}
    assert not names & domestic
    assert {r["asRole"] for r in rows} <= {"plaintiff", "defendant", "location", "named"}
    code, out, _ = _cli("query", "foreign-actors", str(letters), "-p", "role=plaintiff", "--format", "jsonl")
    assert {json.loads(line)["asRole"] for line in out.splitlines()} == {"plaintiff"}
    code, _, err = _cli("query", "foreign-actors", str(letters), "-p", "role=victim")
    assert code == 2 and "is not one of plaintiff, defendant, location, named" in err


def test_query_help_lists_the_role_values(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["query", "foreign-actors", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "query foreign-actors:" in out and "one of: plaintiff, defendant, location, named" in out


def test_foreign_names_in_the_query_come_from_the_gazetteer() -> None:
    """The query's list of places abroad is every place of places.tsv that is neither a division of
    China (divisions.tsv) nor one of China's regions, zones and areas listed here."""
    gazetteer = ROOT / "graph_builder" / "data" / "gazetteer"
    divisions = set()
    with (gazetteer / "divisions.tsv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            divisions |= {row["name"], row["short"]} - {""}
    domestic_regions = {
        "中国", "中部", "西部", "东部", "粤港澳大湾区", "长三角", "横琴", "前海", "成渝地区双城经济圈", "京津冀",
        "珠三角", "海峡两岸", "港澳", "临港新片区", "东湖新技术开发区", "成都高新区", "中关村", "海南自由贸易港",
    }
    abroad = set()
    with (gazetteer / "places.tsv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            names = {row["canonical"], *row["aliases"].split("|")} - {""}
            if names & divisions or row["canonical"] in domestic_regions or row["canonical"].endswith("新区"):
                continue
            abroad |= names
    text = (ROOT / "queries" / "foreign-actors.rq").read_text(encoding="utf-8")
    values = text.split("VALUES ?abroad {", 1)[1].split("}", 1)[0]
    assert set(re.findall(r'"([^"]+)"@zh', values)) == abroad
    known = set(re.findall(r'"([^"]+)"@zh', text.split("VALUES ?known {", 1)[1].split("}", 1)[0]))
    assert len(known) == 7
    companies = (gazetteer / "organizations.tsv").read_text(encoding="utf-8")
    assert all(f"\n{name}\tCompany\t" in companies for name in known)


def test_coded_rows_read_as_the_rows_they_code_and_render_the_same() -> None:
    """An answer from the cache carries its rows as codes into distinct terms: every format must
    print what the same rows as plain terms print, and the rows compare equal to those terms."""
    import pyoxigraph as ox

    from graph_builder.answers.terms import decode, encode, plain_value
    from graph_builder.store.results import CodedRows, Result, render

    org, label = ox.NamedNode("https://w3id.org/ipgov/id/org/0123456789abcdef"), ox.Literal("华为", language="zh")
    rows = [(org, label, ox.Literal("=1+1")), (org, None, ox.Literal("3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))), (org, label, ox.Literal("a,\"b\""))]
    rows += [(ox.BlankNode("b0"), ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
              ox.Literal("2.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))]
    texts = [[encode(t) for t in row] for row in rows]
    for made in (None, plain_value):  # values from terms, or straight from the texts
        coded = CodedRows.of(texts, decode, made)
        assert len(coded.terms) == 9 and coded.codes[0][0] == coded.codes[1][0] == coded.codes[2][0]
        assert list(coded) == rows and coded[1] == rows[1] and coded[1:] == rows[1:]
        assert coded == rows and coded != rows[:2] and coded != [rows[0], rows[2], rows[1], rows[3]]
        plain, served = Result(("a", "b", "c"), rows), Result(("a", "b", "c"), coded)
        for fmt in ("table", "csv", "tsv", "jsonl", "json", "sparql-tsv"):
            assert render(served, fmt, {"ipgov-id": "https://w3id.org/ipgov/id/"}) == render(
                plain, fmt, {"ipgov-id": "https://w3id.org/ipgov/id/"}), fmt
            assert render(served, fmt) == render(plain, fmt), fmt
        assert render(served, "csv", columns="c") == render(plain, "csv", columns="c")
