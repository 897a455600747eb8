"""Rules of the genre from issue 16's eleventh round: several addressees in one salutation, a list of
co-handlers before 为会办单位, events named with a count, places that begin a body's name.

Each rule has a short text that exercises it and a control that the rule keeps what it should;
the development letters it came from are tests/data/blind4/letters/blind4_01 and blind4_07.
"""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.model import LetterFacts
from graph_builder.text.parse import parse_text, several_addressees


def _letter(salutation: str, body: str, agency: str = "宁波市市场监督管理局") -> LetterFacts:
    head = f"{agency}关于市政协十七届三次会议第0213号提案的答复\n甬市监函〔2024〕58号\n{salutation}\n"
    return extract_facts(parse_text(f"{head}　　{body}\n{agency}\n2024年6月18日\n", key="t"))


def _proposers(facts: LetterFacts) -> list[tuple[str, str]]:
    return [(facts.entities[r].name, facts.entities[r].kind) for r in facts.proposers]


def _names(facts: LetterFacts, kind: str) -> set[str]:
    return {e.name for e in facts.of_kind(kind)}


def test_a_salutation_of_addressees_of_three_kinds_separated_by_commas() -> None:
    facts = _letter("胡嘉铭委员，郑若溪等4名委员，九三学社宁波市委会：", "你们分别提出的提案均已收悉。现答复如下：")
    assert _proposers(facts) == [("胡嘉铭", "person"), ("郑若溪等4名委员", "group"), ("九三学社宁波市委会", "org")]
    # the title is the title line alone, not run on into the 文号 and the salutation
    assert facts.title is not None and facts.title.value.endswith("第0213号提案的答复")


def test_two_members_each_with_their_own_title() -> None:
    facts = _letter("黄丽桦委员、莫振邦委员：", "你们提出的提案收悉。现答复如下：")
    assert _proposers(facts) == [("黄丽桦", "person"), ("莫振邦", "person")]


def test_a_sentence_ending_in_a_colon_is_not_a_salutation_of_several() -> None:
    assert several_addressees("胡嘉铭委员,郑若溪等4名委员,九三学社宁波市委会:")
    assert not several_addressees("经研究,现将有关情况答复如下:")
    assert not several_addressees("近年来,我局会同市科技局开展了以下工作:")
    # one addressee keeps the plain salutation rule
    facts = _letter("尊敬的胡嘉铭委员：", "您提出的提案收悉。现答复如下：")
    assert _proposers(facts) == [("胡嘉铭", "person")]


def test_bodies_listed_before_wei_huiban_danwei_are_co_handlers() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。经市政协提案委员会同意，由我局主办，市科技局、市教育局、市财政局为会办单位。现将办理情况答复如下：",
    )
    assert [facts.entities[r].name for r in facts.co_handlers] == ["市科技局", "市教育局", "市财政局"]
    assert not {"市科技局", "市教育局"} & _names(facts, "org") - {facts.entities[r].name for r in facts.co_handlers}


def test_an_event_named_with_a_count_is_a_kind_of_event() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：下一步，我局将每季度举办一次开放许可专场对接会，并开办首期技术经理人培训班。"
        "我局还将参加2024中国国际专利技术与产品交易会。",
    )
    events = _names(facts, "event")
    assert not any("对接会" in e or "培训班" in e for e in events)
    assert any(e.endswith("专利技术与产品交易会") for e in events)  # a named fair is kept


def test_an_event_name_does_not_start_on_a_verb_or_hold_another_clause() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：我局与宁波工程学院合作开办技术经理人培训班，并将总结试点经验。",
    )
    events = _names(facts, "event")
    assert not any("合作开办" in e for e in events) and "总结试点" not in events and "试点" not in events


def test_a_place_that_begins_a_bodys_or_a_platforms_name_is_not_a_place_on_its_own() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：宁波大学、浙江大学已完成专利盘点，我局依托浙江知识产权在线发布许可信息，"
        "并会同人民银行青岛市分行推广质押融资。",
    )
    assert not {"宁波", "浙江", "青岛市"} & _names(facts, "place")
    control = _letter("胡嘉铭委员：", "您提出的提案收悉。现答复如下：我局赴浙江、江苏等地学习开放许可经验。")
    assert {"浙江", "江苏"} <= _names(control, "place")
