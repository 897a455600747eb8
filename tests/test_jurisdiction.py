"""Identity by jurisdiction: a bare 省/市/区/县 prefix means the letter's own place, and names are grounded.

Two cities' letters each write 市市场监督管理局 for their own bureau: those are two bodies.
A city letter's 省委 is its province's. Where a letter does not say whose body a bare prefix
names, the thing stays local to the letter. Every entity's name is one the letter writes,
the gazetteer's name for an alias it writes, or such a prefix completion.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_builder.extract import extract_facts
from graph_builder.extract.divisions import default_divisions
from graph_builder.extract.gazetteer import default_gazetteer
from graph_builder.extract.jurisdiction import qualified_name
from graph_builder.facts_json import facts_to_json
from graph_builder.iri import entity_uri
from graph_builder.model import LetterFacts
from graph_builder.pipeline import facts_of
from graph_builder.text.parse import parse_text

DATA = Path(__file__).resolve().parent / "data"


def _letter(signer: str, body: str, key: str) -> LetterFacts:
    text = (
        "关于市政协十三届二次会议第0101号提案的答复\n\n张立新委员：\n"
        f"　　您提出的《关于加强知识产权保护的提案》收悉。{body}现答复如下：\n"
        "　　一、工作情况\n　　我局持续加强知识产权保护，取得积极成效。\n"
        f"　　感谢您对我们工作的关心和支持。\n\n{signer}\n2024年5月20日\n"
    )
    return extract_facts(parse_text(text, key=key))


def _orgs(facts: LetterFacts) -> dict[str, str]:
    """Canonical name → IRI of every organisation of the letter."""
    return {e.canonical: entity_uri(e, facts.id) for e in facts.of_kind("org")}


BODY = "我局会同市公安局、市知识产权局进行了认真研究，并报省委、省政府同意，市市场监督管理局将牵头落实。"


def test_two_cities_bare_bureaus_are_two_bodies() -> None:
    quanzhou = _orgs(_letter("泉州市市场监督管理局", BODY, "a"))
    mianyang = _orgs(_letter("绵阳市市场监督管理局", BODY, "b"))
    assert "泉州市公安局" in quanzhou and "绵阳市公安局" in mianyang
    assert "泉州市知识产权局" in quanzhou and "绵阳市知识产权局" in mianyang
    assert "福建省委" in quanzhou and "四川省委" in mianyang
    assert "福建省人民政府" in quanzhou and "四川省人民政府" in mianyang
    assert not set(quanzhou.values()) & set(mianyang.values())
    # the bureau's bare self-reference is the signer itself
    assert "市市场监督管理局" not in quanzhou and "泉州市市场监督管理局" in quanzhou


def test_a_city_letter_never_invents_a_city_province() -> None:
    names = _orgs(_letter("资阳市市场监督管理局", BODY, "c"))
    assert not [n for n in names if re.match(r"资阳(省|市省)", n)], names
    assert "四川省委" in names


def test_a_county_level_city_calls_itself_shi() -> None:
    names = _orgs(_letter("义乌市市场监督管理局", BODY, "d"))
    assert "义乌市公安局" in names and "金华市公安局" not in names


def test_a_district_body_is_named_with_its_city() -> None:
    facts = _letter("成都市郫都区市场监督管理局", "我局征求了区农业农村局的意见，", "e")
    assert "成都市郫都区农业农村局" in _orgs(facts)
    assert facts.entities[facts.responding_agency].canonical == "成都市郫都区市场监督管理局"  # type: ignore[index]


def test_an_unsettled_bare_prefix_stays_local_to_its_letter() -> None:
    one = _letter("某某办公室", BODY, "f")
    two = _letter("某某办公室", BODY, "g")
    local_one = {e.canonical: entity_uri(e, "f") for e in one.of_kind("org") if e.local}
    local_two = {e.canonical: entity_uri(e, "g") for e in two.of_kind("org") if e.local}
    assert "市公安局" in local_one and "省委" in local_one
    assert local_one["市公安局"] != local_two["市公安局"]
    assert "/org/local/f/" in local_one["市公安局"]
    json_orgs = {o["name"]: o for o in facts_to_json(one)["organizations"]}
    assert json_orgs["省委"]["local"] is True


def _letters() -> list[Path]:
    blind = ["blind", *(f"blind{n}" for n in range(2, 13))]
    folders = [DATA / "letters", DATA / "heldout" / "letters", *(DATA / b / "letters" for b in blind)]
    shared = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "letters"
    return sorted(p for folder in [*folders, shared] if folder.is_dir() for p in folder.glob("*.txt"))


_LEVEL = re.compile(r"^(?:自治区|省|市|区|县)")


def _grounded(canonical: str, written: list[str], norm: str) -> bool:
    """A name written in the letter, the gazetteer's name for an alias written there, or the
    completion of a written bare prefix by a division (市公安局 → 泉州市公安局)."""
    gazetteer, divisions = default_gazetteer(), default_divisions()
    if canonical in norm:
        return True
    for surface in written:
        known = gazetteer.lookup(surface)
        if known is not None and known.canonical == canonical:
            return True
        hits = gazetteer.find(surface)
        if hits and hits[0].entry.canonical == canonical:
            return True
        if any(qualified_name(d, divisions) == canonical for d in divisions.named(surface)):
            return True  # a division named by its full or short form (鄞州 → 宁波市鄞州区)
        rest = _LEVEL.sub("", surface)
        stem = gazetteer.stems.get(rest)
        tails = {rest, stem.canonical} if stem else {rest}
        for tail in tails:
            if canonical.endswith(tail) and canonical != tail:
                owner = canonical[: -len(tail)]
                if any(qualified_name(d, divisions) == owner for d in divisions.named(_last_division(owner))):
                    return True
    return False


def _last_division(owner: str) -> str:
    """The last division name of 成都市郫都区 (郫都区), or the owner itself."""
    found = re.search(r"[^省市区县]+(?:自治区|省|市|区|县)$", owner)
    return found.group(0) if found else owner


@pytest.mark.parametrize("path", _letters(), ids=lambda p: p.stem)
def test_every_entity_name_is_grounded(path: Path) -> None:
    letter, facts = facts_of(path)
    ungrounded = []
    for entity in facts.entities.values():
        # compared without white space: a name may be written across a line break
        written = sorted({re.sub(r"\s+", "", letter.norm[s.start : s.end]) for s in entity.spans})
        canonical = re.sub(r"\s+", "", entity.canonical)
        if entity.spans and not _grounded(canonical, written, re.sub(r"\s+", "", letter.norm)):
            ungrounded.append((entity.canonical, written))
    assert not ungrounded, ungrounded


def test_two_prefectures_bare_bureaus_are_two_bodies() -> None:
    body = "本提案由我会主办，州市场监管局、州文化和旅游局协办。州市场监管局表示将加强保护。"
    enshi = _orgs(_letter("恩施土家族苗族自治州妇女联合会", body, "e"))
    ili = _orgs(_letter("伊犁哈萨克自治州市场监督管理局", body, "i"))
    shared = set(enshi.values()) & set(ili.values())
    assert not shared, shared
    assert "/org/local/e/" in enshi["州市场监管局"]
