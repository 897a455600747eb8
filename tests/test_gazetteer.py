"""Gazetteer integrity: the format of every row, and no facts of one letter."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph_builder.extract.gazetteer import KIND_OF_FILE, default_gazetteer, load_gazetteer
from graph_builder.namespaces import POLICY_TYPES

FOLDER = Path(__file__).resolve().parents[1] / "graph_builder" / "data" / "gazetteer"
CLASSES = {
    "organizations": {
        "GovernmentAgency",
        "Court",
        "Legislature",
        "PartyBody",
        "Company",
        "University",
        "Association",
        "Media",
        "InternationalOrganization",
        "Organization",
    },
    "places": {"Place"},
    "events": {"Event"},
    "policies": set(POLICY_TYPES),
}
CLASSES["stems"] = CLASSES["organizations"]


def _rows(name: str) -> list[dict[str, str]]:
    with (FOLDER / f"{name}.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("name", [*KIND_OF_FILE, "stems"])
def test_rows_are_well_formed(name: str) -> None:
    """Four columns, a known class, no stray white space, no duplicate canonical names or aliases."""
    rows = _rows(name)
    assert rows, name
    seen: set[str] = set()
    for row in rows:
        assert list(row) == ["canonical", "class", "aliases", "name_en"], row
        assert row["class"] in CLASSES[name], row
        names = [row["canonical"], *filter(None, row["aliases"].split("|"))]
        for value in [*names, row["name_en"]]:
            assert value == value.strip() and "\t" not in value, row
        for value in names:
            assert value not in seen, f"{name}: {value} twice"
            seen.add(value)


def test_every_folder_file_is_loaded_and_documented() -> None:
    """Each .tsv is read by the loader and described in data/README.md."""
    readme = (FOLDER.parent / "README.md").read_text(encoding="utf-8")
    for path in FOLDER.glob("*.tsv"):
        assert path.name in readme, path.name
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("國家知識產權局").canonical == "国家知识产权局"  # type: ignore[union-attr]


def test_no_facts_of_one_letter(shared_dir: Path) -> None:
    """General knowledge only: no proposer, document number, proposal number or figure of a letter."""
    import yaml

    text = "\n".join(p.read_text(encoding="utf-8") for p in FOLDER.glob("*.tsv"))
    golds = [*shared_dir.glob("eval/**/*.yaml"), *(Path(__file__).parent / "data").glob("**/gold/*.yaml")]
    for gold_path in golds:
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        facts = [p["name"] for p in gold.get("proposers") or []]
        facts += [gold.get("doc_number") or "", gold.get("proposal_number") or "", gold.get("title_of_proposal") or ""]
        for fact in filter(None, facts):
            if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", fact) or len(fact) > 4:
                assert fact not in text, f"{gold_path.name}: {fact} is in the gazetteer"


def test_stem_scan_from_first_characters_equals_plain_finditer(own_letters: list[Path], seed_path: Path) -> None:
    """The faster stem scan finds exactly what the regex's own finditer finds, on every letter."""
    from graph_builder.text.parse import parse_letter

    gazetteer = default_gazetteer()
    total = 0
    for path in [seed_path, *own_letters]:
        norm = parse_letter(path).norm
        expected = [(m.start(), m.end(), m.group(0)) for m in gazetteer._stem.finditer(norm)]
        assert [(m.start(), m.end(), m.group(0)) for m in gazetteer._stem_matches(norm)] == expected, path.name
        total += len(expected)
    assert total > 20
