"""Names that began on a verb or a count, events, and a feedback form (issue 16's eleventh round,
development letters blind5_03, 04, 07, 11, 12): each rule on a short text, with a control."""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.model import LetterFacts
from graph_builder.text.parse import parse_text


def _letter(body: str, tail: str = "") -> LetterFacts:
    head = "关于市政协十四届三次会议第143号提案的答复\n宋怀瑾委员：\n　　您提出的提案收悉。现答复如下："
    return extract_facts(parse_text(f"{head}{body}\n洛阳市市场监督管理局\n2024年6月24日\n{tail}", key="t"))


def _names(facts: LetterFacts, kind: str) -> set[str]:
    return {e.name for e in facts.of_kind(kind)}


def test_a_body_is_named_after_the_verb_or_the_count_before_it() -> None:
    facts = _letter(
        "权利人请求处理诸城鑫源农机有限公司的侵权行为，法院受理澜芯公司的起诉后，31个省级检察院和几件典型案例均有涉及。"
    )
    orgs = _names(facts, "org")
    assert "诸城鑫源农机有限公司" in orgs
    assert not any(o.startswith(("处理", "求", "受理", "个", "件")) for o in orgs)
    assert "省级检察院" not in orgs  # a level and a class: a kind of body
    events = _names(facts, "event")
    assert not any(e.startswith(("件", "几")) for e in events)


def test_an_event_after_a_year_and_an_edition_and_its_short_form() -> None:
    facts = _letter("2024年第41届中国洛阳牡丹文化节期间，我局开展专项检查。牡丹文化节期间共查处案件26件。")
    festivals = [e for e in facts.of_kind("event") if e.canonical.endswith("牡丹文化节")]
    assert [(e.canonical, "牡丹文化节" in e.aliases) for e in festivals] == [("第41届中国洛阳牡丹文化节", True)]


def test_verbs_ending_in_jin_and_a_press_conference_are_no_events() -> None:
    facts = _letter("我局把地理标志作为推进乡村振兴的抓手，召开新闻发布会，并开展“商标品牌进乡村”活动。")
    events = _names(facts, "event")
    assert not any("推进乡村" in e for e in events) and "新闻发布会" not in events
    assert any("商标品牌进乡村" in e for e in events)  # the campaign is kept


def test_a_feedback_form_after_the_signature_names_nothing() -> None:
    form = "\n附件\n洛阳市政协提案办理情况征询意见表\n承办单位：洛阳市市场监督管理局\n对办理结果的意见：满意□\n"
    facts = _letter("我局已开展专项整治。", form)
    assert "洛阳市政协" not in _names(facts, "org")
    # an annex of statistics is part of what the letter says
    table = "\n附件\n2023年质押融资统计表\n青岛银行　质押融资额\t612\n"
    stats = _letter("我局已开展专项整治。", table)
    assert "青岛银行" in _names(stats, "org")


def test_a_platform_only_sought_applied_for_or_intended_is_left_out() -> None:
    facts = _letter(
        "下一步，我局将争取建设琴澳知识产权公共服务平台，探索设立面向葡语国家的知识产权信息服务专窗；"
        "我局正积极争取国家知识产权局支持，申报建设科尔沁牛国家地理标志产品保护示范区。"
        "我院拟在临港新片区设立涉外知识产权诉讼服务站。我局还将建设全市知识产权公共服务平台。"
    )
    platforms = _names(facts, "platform")
    assert not {"琴澳知识产权公共服务平台", "知识产权信息服务专窗", "涉外知识产权诉讼服务站"} & platforms
    assert not any("示范区" in p for p in platforms)
    assert "全市知识产权公共服务平台" in platforms or "知识产权公共服务平台" in platforms  # committed: kept


def test_the_country_that_begins_a_fairs_a_systems_or_an_eras_name_is_no_place() -> None:
    facts = _letter(
        "我院在中国国际消费品博览会期间设立调解工作室；权利人可通过中国海关知识产权保护系统备案；"
        "我局在中国知识产权年会期间组织培训。长春是新中国汽车工业的发祥地。"
    )
    assert "中国" not in _names(facts, "place")
    control = _letter("我局组织企业赴中国香港、澳门参展，中国的专利申请量已居世界第一。")
    assert "中国" in _names(control, "place")


def test_a_name_does_not_begin_on_a_verb_of_making_or_coordinating() -> None:
    facts = _letter("我委将推动建设经典名方研发平台，支持企业做强产业联盟，统筹解决跨平台侵权问题。")
    platforms = _names(facts, "platform")
    assert "经典名方研发平台" in platforms and "典名方研发平台" not in platforms
    assert not any(p.startswith(("做强", "统筹", "解决")) or p == "跨平台" for p in platforms)
    joint = _letter("我局与柳州职业技术学院共同筹建汽车零部件产业知识产权联盟。")
    assert not any("筹建" in p for p in _names(joint, "platform") | _names(joint, "org"))


def test_a_co_handler_named_with_its_short_form_in_brackets_and_a_reference_by_qi() -> None:
    head = "关于市政协七届一次会议第0321号提案的答复\n黄嘉豪委员：\n　　您提出的提案收悉。"
    facts = extract_facts(
        parse_text(
            f"{head}我局会同深圳前海合作区人民法院（以下简称前海法院）、深圳国际仲裁院进行了认真研究，现答复如下："
            "德国某公司及其德国子公司被诉侵权。\n深圳市前海深港现代服务业合作区管理局\n2024年8月2日\n",
            key="q",
        )
    )
    assert [facts.entities[r].name for r in facts.co_handlers] == ["深圳前海合作区人民法院", "深圳国际仲裁院"]
    assert not any(e.name.startswith("其") or e.name == "德国子公司" for e in facts.of_kind("org"))


def test_a_plaintiff_after_gai_yuan_shenjie_keeps_its_name() -> None:
    facts = _letter("2024年，该院审结杭州墨言文化传媒有限公司诉杭州某智能科技有限公司侵害作品信息网络传播权纠纷案。")
    assert len(facts.cases) == 1 and facts.cases[0].plaintiff is not None
    assert facts.entities[facts.cases[0].plaintiff].name == "杭州墨言文化传媒有限公司"


def test_co_handlers_consulted_with_shang_and_verbs_inside_a_run_of_names() -> None:
    head = "关于省政协十三届二次会议第0612号提案答复的函\n蒲晓东委员：\n　　您提出的提案收悉。"
    facts = extract_facts(
        parse_text(
            f"{head}我部（省版权局）高度重视，商省高级人民法院、省公安厅提出了会办意见，现答复如下："
            "省高级人民法院指导全省法院加强审判。该院审结杭州墨言文化传媒有限公司诉杭州某智能科技有限公司纠纷案；"
            "法院审结东乌珠穆沁旗羊肉产业协会诉呼和浩特市塞北鲜肉食品有限公司侵害商标权纠纷案。"
            "国家海外知识产权纠纷应对指导中心提供指导。\n中共四川省委宣传部\n2024年6月28日\n",
            key="s",
        )
    )
    assert [facts.entities[r].name for r in facts.co_handlers] == ["省高级人民法院", "省公安厅"]
    orgs = _names(facts, "org")
    assert not any(("指导全省" in o) or o.startswith(("院审结", "审结")) or "诉" in o for o in orgs)
    assert {"杭州墨言文化传媒有限公司", "呼和浩特市塞北鲜肉食品有限公司"} <= orgs
    assert any(o.endswith("应对指导中心") for o in orgs | _names(facts, "platform"))  # 指导 inside a name stays


def test_rates_and_caps_of_support_are_criteria_not_figures() -> None:
    facts = _letter(
        "我区对通过开放许可实施专利的中小企业按许可费的30%给予补助，单个企业最高补助20万元；"
        "对企业投保保费给予50%补贴，对质押贷款损失给予最高50%的补偿。2023年全区专利授权量增长12.5%，资助企业46家。"
    )
    figures = [(f.value, f.unit) for f in facts.figures]
    assert ("30", "%") not in figures and ("20", "万元") not in figures and ("50", "%") not in figures
    assert ("12.5", "%") in figures and ("46", "家") in figures


def test_a_bracketed_heading_announces_the_proposals_asks() -> None:
    facts = _letter(
        "\n【提案主要建议】\n一是严厉打击仿冒酱香白酒商标和包装的违法行为；二是支持白酒企业加强商标注册和品牌布局；"
        "三是建立酱香白酒产品溯源体系。\n【办理情况】\n我局开展了专项整治。"
    )
    assert [i.text for i in facts.items] == [
        "严厉打击仿冒酱香白酒商标和包装的违法行为",
        "支持白酒企业加强商标注册和品牌布局",
        "建立酱香白酒产品溯源体系",
    ]
