"""Rules of the genre from issue 16's eleventh round: several addressees in one salutation, a list of
co-handlers before 为会办单位, events named with a count, places that begin a body's name, a court or
a company cited again by its usual short name, anonymised parties.

Each rule has a short text that exercises it and a control that the rule keeps what it should;
the development letters it came from are blind4_01, 04, 05, 07 and 12, blind_08 and blind3_12.
"""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.model import LetterFacts
from graph_builder.text.line_patterns import several_addressees
from graph_builder.text.parse import parse_text


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
    more = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：我局支持杭州数据交易所开展登记，在吉林长白山人参节期间举办展会，并与中国科学院宁波材料所实验室合作。",
    )
    assert not {"杭州", "吉林"} & _names(more, "place")
    control = _letter("胡嘉铭委员：", "您提出的提案收悉。现答复如下：我局赴浙江、江苏等地学习开放许可经验。")
    assert {"浙江", "江苏"} <= _names(control, "place")


def test_a_court_cited_in_full_and_then_as_zhongyuan_is_one_court() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。该提案由我局主办，苏州市中级人民法院会办。现答复如下：我局与苏州中院、市公安局签署了合作备忘录。",
        agency="苏州市市场监督管理局",
    )
    courts = [e for e in facts.of_kind("org") if "法院" in e.canonical or "中院" in e.canonical]
    assert [(c.canonical, "苏州中院" in c.aliases) for c in courts] == [("苏州市中级人民法院", True)]
    # without the full name in the letter the short form stays a thing of its own
    alone = _letter(
        "胡嘉铭委员：", "您提出的提案收悉。现答复如下：我局与东莞中院签署了合作备忘录。", agency="东莞市市场监督管理局"
    )
    assert "东莞中院" in _names(alone, "org")


def test_a_company_cited_again_by_its_trade_name_is_the_same_company() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：我院审理的原告长安坊食品有限公司诉被告西安鼎和餐饮管理有限公司侵害商标权纠纷案，"
        "鼎和公司不服一审判决提起上诉。",
        agency="西安市中级人民法院",
    )
    names = _names(facts, "org")
    assert "鼎和公司" not in names and "西安鼎和餐饮管理有限公司" in names
    merged = next(e for e in facts.of_kind("org") if e.canonical == "西安鼎和餐饮管理有限公司")
    assert "鼎和公司" in merged.aliases


def test_an_anonymised_party_is_local_to_its_letter_and_not_a_listed_organisation() -> None:
    from graph_builder.facts_json import facts_to_json

    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：我院审结的宁波甬芯微电子有限公司诉某科技公司侵害发明专利权纠纷案，判赔120万元。",
        agency="宁波市中级人民法院",
    )
    anonymous = next(e for e in facts.of_kind("org") if e.canonical == "某科技公司")
    named = next(e for e in facts.of_kind("org") if e.canonical == "宁波甬芯微电子有限公司")
    assert anonymous.local and not named.local
    out = facts_to_json(facts)
    assert [o["name"] for o in out["organizations"]] == ["宁波甬芯微电子有限公司"]
    assert out["cases"][0]["defendant"] == "某科技公司"


def test_people_named_after_a_post_of_any_surname_and_in_credit_lines() -> None:
    facts = _letter(
        "胡嘉铭委员：",
        "您提出的提案收悉。现答复如下：局党组书记、局长邝振宇带队走访重点企业，副局长蒙其骏率队赴越南考察，"
        "副关长孙伟明带领法规处调研。局长高度重视此项工作。",
    )
    people = _names(facts, "person")
    assert {"邝振宇", "蒙其骏", "孙伟明"} <= people
    assert not any(p.startswith("高度") for p in people)  # a post, then a word that is no name
    credits = extract_facts(
        parse_text(
            "温州市市场监督管理局答复市政协委员提案\n来源：温州市市场监督管理局　　作者：黄一鸣　陶思远\n"
            "李明委员：\n　　您提出的提案收悉。现答复如下：我局已开展专项整治。\n温州市市场监督管理局\n2024年6月18日\n"
            "签发领导：谢岷\n（承办人：农晓敏　联系电话：0771-5551234）\n"
            "联系人及电话：韦嘉树，0579-8561234\n（责任编辑：赵小棠）\n",
            key="c",
        )
    )
    assert {"黄一鸣", "陶思远", "谢岷", "农晓敏", "韦嘉树", "赵小棠"} <= _names(credits, "person")


def test_two_parties_in_one_salutation_and_contacts_on_lines_of_their_own() -> None:
    facts = _letter("民盟贵州省委、民建贵州省委：", "你们联合提出的提案收悉。现答复如下：我局已开展专项整治。")
    assert _proposers(facts) == [("民盟贵州省委", "org"), ("民建贵州省委", "org")]
    closing = extract_facts(
        parse_text(
            "关于第1342号提案的答复\n高雅琪委员：\n"
            "　　您提出的提案收悉。现答复如下：党组书记、检察长热合曼·吐尔逊同志专题研究。\n"
            "辽宁省知识产权局\n2024年7月18日\n联系人：省知识产权局知识产权保护处　韩东旭，电话：024-23456789\n"
            "　　　　　　省公安厅食品药品环境犯罪侦查总队　马骁，电话：024-23456790\n咨询电话：12345\n",
            key="contacts",
        )
    )
    people = _names(closing, "person")
    assert {"韩东旭", "马骁", "热合曼·吐尔逊"} <= people
    assert not any(p.startswith(("联系", "咨询")) for p in people)
