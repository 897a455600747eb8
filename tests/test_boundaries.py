"""Where a name begins: never on a function word, a verb, a party's role or a date."""

from __future__ import annotations

import pytest

from graph_builder.extract import extract_facts
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.text.parse import parse_text


@pytest.mark.parametrize(
    ("name", "cut"),
    [
        ("了省发展改革委", 1),
        ("下简称深圳分中心", 3),
        ("被告上海快帧信息科技有限公司", 2),
        ("上诉人宁波澳腾电器有限公司", 3),
        ("诉某某有限公司", 1),
        ("级人民法院", 1),
        ("对外经济贸易大学", 0),  # a name that begins with the characters of a function word
        ("和平区人民法院", 0),
        ("经信委", 0),
        ("深圳市知识产权局", 0),
    ],
)
def test_leading_function_words(name: str, cut: int) -> None:
    assert leading_function_word(name) == cut


def _names(body: str) -> set[str]:
    head = "关于第1号提案的答复\n李明委员：\n　　您提出的提案收悉。现答复如下：\n"
    text = f"{head}　　{body}\n深圳市知识产权局\n2024年5月20日\n"
    facts = extract_facts(parse_text(text, key="b"))
    return {e.name for e in facts.entities.values() if e.kind in ("org", "platform", "event")}


def test_names_start_after_the_clause_before_them() -> None:
    names = _names(
        "我局带队赴西安交通大学调研，并汇总了省发展改革委的意见。"
        "2023年起安排专项资金支持企业，相继出台配套行动方案，电商平台开设老字号专区。"
    )
    assert "西安交通大学" in names
    assert not any(n.startswith(("带队", "赴", "了", "年起", "安排", "相继", "出台")) for n in names), names
    assert not any("开设" in n for n in names), names


def test_a_case_party_is_named_without_its_role() -> None:
    text = (
        "关于第2号提案的答复\n王芳委员：\n　　您提出的提案收悉。现答复如下：\n"
        "　　深圳市中级人民法院审理的原告华为技术有限公司诉被告三星（中国）投资有限公司侵害发明专利权纠纷一案，"
        "于2018年作出判决。法院认定被诉侵权产品落入涉案专利权保护范围。\n深圳市知识产权局\n2024年5月20日\n"
    )
    facts = extract_facts(parse_text(text, key="c"))
    assert len(facts.cases) == 1  # 被诉侵权产品 is no second case
    case = facts.cases[0]
    assert case.plaintiff is not None and facts.entities[case.plaintiff].canonical == "华为技术有限公司"
    assert [case.written[d] for d in case.defendants] == ["三星（中国）投资有限公司"]
