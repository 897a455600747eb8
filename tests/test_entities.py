"""``ipgov entities``: the entity index of a built corpus and the duplicates it flags."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph_builder.entities import Thing, add_letter, split_place, suspects

ORG = "https://w3id.org/ipgov/id/org/"


def _index(rows_by_letter: dict[str, list[list[object]]]) -> dict[str, Thing]:
    things: dict[str, Thing] = {}
    for letter, rows in rows_by_letter.items():
        add_letter(things, letter, rows)
    return things


def test_one_iri_collects_names_kinds_and_letters() -> None:
    things = _index({
        "a": [[ORG + "1", "org", "GovernmentAgency", "深圳市经济贸易和信息化委员会",
               ["深圳市经济贸易和信息化委员会", "市经信委"]]],
        "b": [[ORG + "1", "org", "GovernmentAgency", "深圳市经济贸易和信息化委员会", ["市经信委"]]],
    })
    row = things[ORG + "1"].row()
    assert row["names"] == ["市经信委", "深圳市经济贸易和信息化委员会"]
    assert row["letters"] == ["a", "b"]
    assert row["kinds"] == ["org/GovernmentAgency"]
    assert suspects(things) == []


def test_one_name_two_kinds_is_flagged() -> None:
    things = _index({
        "a": [[ORG + "1", "org", "Organization", "知识产权保护中心", ["知识产权保护中心"]]],
        "b": [["https://w3id.org/ipgov/id/platform/2", "platform", "Platform", "知识产权保护中心",
               ["知识产权保护中心"]]],
    })
    found = suspects(things)
    assert [(s.reason, s.key) for s in found] == [("one name, two kinds", "知识产权保护中心")]


def test_place_prefix_and_company_suffix_are_flagged_but_two_places_are_not() -> None:
    things = _index({
        "a": [[ORG + "1", "org", "GovernmentAgency", "深圳市知识产权局", ["深圳市知识产权局"]],
              [ORG + "3", "org", "GovernmentAgency", "广州市知识产权局", ["广州市知识产权局"]],
              [ORG + "4", "org", "Company", "华为公司", ["华为公司"]]],
        "b": [[ORG + "2", "org", "GovernmentAgency", "市知识产权局", ["市知识产权局"]],
              [ORG + "5", "org", "Company", "华为有限公司", ["华为有限公司"]]],
    })
    found = {(s.key, s.iris) for s in suspects(things, ["深圳", "广州"])}
    assert ("知识产权局", (ORG + "1", ORG + "2")) in found
    assert ("知识产权局", (ORG + "2", ORG + "3")) in found
    assert ("华为", (ORG + "4", ORG + "5")) in found
    assert not any(ORG + "1" in iris and ORG + "3" in iris for _, iris in found)


def test_split_place() -> None:
    assert split_place("深圳市市场监督管理局", ["深圳"]) == ("深圳", "市场监督管理局")
    assert split_place("华为技术有限公司") == ("", "华为技术")


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_on_a_built_corpus(tmp_path: Path, seed_path: Path, own_letters: list[Path], fmt: str) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    for path in [seed_path, *own_letters[:3]]:
        shutil.copy(path, folder)
    out = tmp_path / "out"
    from graph_builder.corpus.build import build_corpus

    build_corpus(sorted(folder.glob("*.txt")), out, jobs=1)
    result = subprocess.run(
        [sys.executable, "-P", "-m", "graph_builder", "entities", "-o", str(out), "--format", fmt, "--kind", "org"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        seed_orgs = [e for e in data["entities"] if "000_cf6b83477be807db" in e["letters"]]
        assert any("市经信委" in e["names"] for e in seed_orgs)
        assert all(k.startswith("org/") for e in data["entities"] for k in e["kinds"])
    elif fmt == "csv":
        assert result.stdout.splitlines()[0] == "\ufeffiri,canonical,kinds,names,letters,suspect"  # BOM: Excel
    else:
        assert "深圳市市场和质量监督管理委员会" in result.stdout


def test_cli_without_a_build_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-P", "-m", "graph_builder", "entities", "-o", str(tmp_path / "none")],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "no such folder; build one with: ipgov build -o" in result.stderr
