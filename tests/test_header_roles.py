"""The letter's structure decides roles: salutation, opinion letters, metadata lines, the motion's title."""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.facts_json import facts_to_json
from graph_builder.model import LetterFacts
from graph_builder.text.parse import parse_text

BODY = "　　一、工作情况\n　　我局持续加强知识产权保护工作，取得积极成效。\n　　感谢对我们工作的关心和支持。\n"


def _facts(text: str) -> LetterFacts:
    return extract_facts(parse_text(text, key="t"))


def _names(facts: LetterFacts, refs: list[tuple[str, str]]) -> list[str]:
    return [facts.entities[r].name for r in refs]


def test_several_deputies_in_one_salutation_are_several_persons() -> None:
    facts = _facts(
        "关于市人大第25号建议的答复\n杨世奇、刘盾、王鑫代表：\n"
        "　　你们提出的《关于加强商标保护的建议》收悉。现答复如下：\n"
        + BODY + "资阳市市场监督管理局\n2023年5月23日\n"
    )
    assert _names(facts, facts.proposers) == ["杨世奇", "刘盾", "王鑫"]
    assert {facts.entities[r].kind for r in facts.proposers} == {"person"}


def test_respect_and_group_salutations() -> None:
    one = _facts("关于第1号提案的答复\n尊敬的王立新代表：\n　　您提出的建议收悉。\n" + BODY + "深圳市知识产权局\n")
    assert _names(one, one.proposers) == ["王立新"]
    group = _facts("关于第2号提案的答复\n黄振球等委员：\n　　你们提出的提案收悉。\n" + BODY + "深圳市知识产权局\n")
    assert [group.entities[r].kind for r in group.proposers] == ["group"]


def test_an_opinion_is_written_to_the_main_handler_never_a_proposer() -> None:
    facts = _facts(
        "关于对省政协第20240749号提案会办工作的意见\n省工商联：\n"
        "　　徐佳东委员提出的提案中关于企业转型的内容，现将我局对该项建议的办理情况函告如下，"
        "请贵单位综合后一并答复提案者。\n"
        + BODY + "湖北省知识产权局\n2024年9月5日\n"
    )
    assert facts.main_handler is not None
    assert facts.entities[facts.main_handler].canonical == "湖北省工商业联合会"
    assert _names(facts, facts.proposers) == ["徐佳东"]
    assert facts_to_json(facts)["main_handler"] == "省工商联"


def test_page_metadata_gives_the_date_and_a_heading_is_not_the_title() -> None:
    facts = _facts(
        "资阳市市场监督管理局\n对市第五届人大第三次会议第25号建议答复的函\n"
        "来源：资阳市市场监督管理局　发布时间：2023-05-23\n"
        "王鑫代表：\n　　您提出的建议收悉。现答复如下：\n" + BODY + "资阳市市场监督管理局\n发布时间：2023-05-23\n"
    )
    assert facts.date is not None and facts.date.value == "2023-05-23"
    assert facts.title is not None and facts.title.value == "对市第五届人大第三次会议第25号建议答复的函"
    assert facts.responding_agency is not None
    assert facts.entities[facts.responding_agency].canonical == "资阳市市场监督管理局"


def test_the_motions_title_is_not_a_policy_the_opening_cites() -> None:
    facts = _facts(
        "关于第3号提案的答复\n李明委员：\n　　根据《深圳经济特区知识产权保护条例》的规定，"
        "您在《关于完善知识产权快速维权机制的提案》"
        "（第3号）中提出的建议收悉。现答复如下：\n" + BODY + "深圳市知识产权局\n"
    )
    assert facts.title_of_proposal is not None
    assert facts.title_of_proposal.value == "关于完善知识产权快速维权机制的提案"
