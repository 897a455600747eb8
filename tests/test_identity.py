"""Identity: deterministic IRIs, shared across letters, scripts and short forms."""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.iri import graph_iri, letter_key_of, thing_iri
from graph_builder.text.parse import parse_text

LETTER = (
    "深圳市科技创新委员会关于提案答复的函\n"
    "李四委员：\n"
    "您提出的提案收悉。结合{cohandler}的会办意见，答复如下。\n"
    "一、我委已与{again}开展合作。\n"
    "深圳市科技创新委员会\n"
    "2020年1月2日\n"
)


def _org_iris(text: str) -> dict[str, str]:
    facts = extract_facts(parse_text(text, key="t"))
    return {e.name: str(thing_iri(e.kind, e.canonical)) for e in facts.of_kind("org")}


def test_iris_are_deterministic_and_hash_based() -> None:
    """The same name always gives the same IRI; its key is 16 hex digits."""
    iri = str(thing_iri("org", "国家知识产权局"))
    assert iri == str(thing_iri("org", "国家知识产权局"))
    assert iri.startswith("https://w3id.org/ipgov/id/org/")
    assert len(iri.rsplit("/", 1)[1]) == 16
    assert str(graph_iri("000_cf6b83477be807db")) == "https://w3id.org/ipgov/graph/000_cf6b83477be807db"
    assert letter_key_of("答复 1") == "%E7%AD%94%E5%A4%8D%201"


def test_short_form_and_full_name_share_one_iri() -> None:
    """市经信委 in a Shenzhen letter and the full name mint one IRI (the gazetteer ties them)."""
    short = _org_iris(LETTER.format(cohandler="市经信委", again="市经信委"))
    full = _org_iris(LETTER.format(cohandler="深圳市经济贸易和信息化委员会", again="深圳市经济贸易和信息化委员会"))
    assert short["市经信委"] == full["深圳市经济贸易和信息化委员会"]


def test_traditional_and_simplified_share_one_iri() -> None:
    """國家知識產權局 and 国家知识产权局 are one body."""
    simplified = _org_iris(LETTER.format(cohandler="国家知识产权局", again="市经信委"))
    traditional = _org_iris(LETTER.format(cohandler="國家知識產權局", again="市經信委"))
    assert simplified["国家知识产权局"] == traditional["國家知識產權局"]
