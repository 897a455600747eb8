"""Rules of the genre added for issue 16's precision round, each on the development letter written
for it (tests/data/letters/mine_40…44) and, where a rule is about one phrase, on a short text.

Every test asserts the values extracted, and a control that the rule keeps what it should.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph_builder.extract import extract_facts
from graph_builder.model import Letter, LetterFacts
from graph_builder.text.parse import parse_letter, parse_text

LETTERS = Path(__file__).resolve().parent / "data" / "letters"


@cache
def _read(stem: str) -> tuple[Letter, LetterFacts]:
    letter = parse_letter(LETTERS / f"{stem}.txt")
    return letter, extract_facts(letter)


def _names(facts: LetterFacts, kind: str) -> set[str]:
    return {e.name for e in facts.of_kind(kind)}


def _refs(facts: LetterFacts, refs: list[tuple[str, str]]) -> list[str]:
    return [facts.entities[r].name for r in refs]


def _text(body: str, agency: str = "绍兴市市场监督管理局") -> LetterFacts:
    head = "关于第1号提案的答复\n李明委员：\n　　您提出的提案收悉。现答复如下：\n"
    return extract_facts(parse_text(f"{head}　　{body}\n{agency}\n2024年5月20日\n", key="p"))


# --- the header: closing lines, a repost's preface, red heads, OCR dates --------------------------


def test_a_reposts_credits_read_count_and_share_row_are_not_the_signature() -> None:
    _letter, facts = _read("mine_40_zhangzhou_wechat_repost")
    assert facts.date is not None and facts.date.value == "2025-08-05"
    assert facts.responding_agency is not None
    # the signature carries its second name in brackets: the agency is the name before them
    assert facts.entities[facts.responding_agency].name == "漳州市市场监督管理局"
    assert {"许志强", "蔡晓燕", "陈国良"} <= _names(facts, "person")  # contact, 编辑, 审核


def test_the_title_is_the_line_after_a_reposts_preface() -> None:
    _letter, facts = _read("mine_40_zhangzhou_wechat_repost")
    assert facts.title is not None
    assert facts.title.value == "漳州市市场监督管理局关于市十八届人大三次会议第0207号建议的答复"
    # 漳州市场监管 (the account's name) is 漳州 and 市场, not the city 漳州市
    assert "漳州市" not in _names(facts, "place")
    assert {"福建", "平和县", "东盟"} <= _names(facts, "place")



def test_a_forms_numbered_fields_are_fields_not_the_salutation() -> None:
    """六、答复内容： ends with a colon but addresses nobody; 五、答复时间： gives the date."""
    letter, facts = _read("mine_45_chengguan_numbered_form")
    assert letter.header.salutation is not None
    assert letter.norm[letter.header.salutation.start : letter.header.salutation.end] == "马文斌代表:"
    assert _refs(facts, facts.proposers) == ["马文斌"]
    assert facts.date is not None and facts.date.value == "2024-06-18"
    assert facts.title_of_proposal is not None and facts.title_of_proposal.value == "关于加强社区商业商标侵权治理的建议"
    assert _refs(facts, facts.co_handlers) == ["区商务局"]


def test_a_line_announcing_the_full_text_ends_a_news_items_preface() -> None:
    """以下为答复全文： is not a salutation, and the title is the line after it, not the headline."""
    _letter, facts = _read("mine_46_jiaxing_news_item")
    assert _refs(facts, facts.proposers) == ["沈嘉禾"]
    assert facts.title is not None and facts.title.value == "嘉兴市知识产权局关于市政协十届三次会议第0235号提案的答复"
    assert facts.date is not None and facts.date.value == "2024-07-26"  # the letter's, not the news item's
    assert facts.title_of_proposal is not None and facts.title_of_proposal.value == "关于推动高校院所专利转化运用的提案"



def test_a_copy_lines_list_marked_as_co_handlers_is_the_co_handlers() -> None:
    _letter, facts = _read("mine_47_fuzhou_copy_line_cohandlers")
    assert _refs(facts, facts.co_handlers) == ["市市场监管局", "市科技局"]
    assert "市政协提案委" in _names(facts, "org")  # the line's recipient, before the marked list: no co-handler


def test_bing_shang_leads_a_co_handler_list_but_not_inside_merging_trademarks() -> None:
    head = "关于第1号提案的答复\n李明委员：\n　　您提出的提案收悉。经认真研究，并商{}，现答复如下：\n　　{}\n"
    tail = "绍兴市市场监督管理局\n2024年5月20日\n"
    facts = extract_facts(parse_text(head.format("市商务局、市科技局", "我局开展了工作。") + tail, key="p"))
    assert _refs(facts, facts.co_handlers) == ["市商务局", "市科技局"]
    text = head.replace("经认真研究，并商{}，", "经认真研究{}，").format("", "企业合并商标市商务局备案。")
    assert extract_facts(parse_text(text + tail, key="p")).co_handlers == []


def test_a_limited_liability_company_is_read_whole() -> None:
    """有 of 有限责任公司 is not the verb 'have' a name cannot begin after (限责任公司 was read)."""
    names = _names(_text("安科无线有限责任公司与宁波华泰股份有限公司签订了许可合同。"), "org")
    assert {"安科无线有限责任公司", "宁波华泰股份有限公司"} <= names
    assert not any(name.startswith(("限", "份")) for name in names)


def test_such_as_is_no_part_of_a_name_but_rugao_is() -> None:
    body = "审结技术秘密案件31件。如东莞精恒模具有限公司诉东莞锐展五金制品有限公司侵害技术秘密纠纷案，法院判令赔偿。"
    names = _names(_text(body), "org")
    assert "东莞精恒模具有限公司" in names and not any(name.startswith("如") for name in names)
    assert "如皋市科技局" in _names(_text("如皋市科技局开展了专项检查。"), "org")  # control: a city's name


def test_non_litigation_and_pre_litigation_are_no_case() -> None:
    """非诉, 诉前, 诉源, 诉调 hold 诉 without anyone suing; a case cited after them is still read."""
    body = ("该院建立了诉前调解机制，推进诉源治理和诉调对接，体现了诉讼与非诉方式的衔接："
            "（2022）琼73民初41号蓝湾潜水装备有限公司诉海途户外用品有限公司侵害商标权纠纷案，已调解结案。")
    facts = _text(body)
    assert [c.name for c in facts.cases] == ["蓝湾潜水装备有限公司诉海途户外用品有限公司侵害商标权纠纷案"]
    # the number cited before the plaintiff is no part of its name
    assert "蓝湾潜水装备有限公司" in _names(facts, "org") and not any(n.startswith("号") for n in _names(facts, "org"))


def test_a_case_cited_again_by_short_names_is_the_same_case() -> None:
    """捷锐诉安科案 after the case between the full names: no second case, no companies 捷锐 and 安科."""
    body = ("东莞捷锐通信科技有限公司诉安科无线有限责任公司标准必要专利许可使用费纠纷案，2022年作出一审判决；"
            "捷锐诉安科案入选十大案例。另有华为诉三星案。")
    facts = _text(body)
    assert [c.name for c in facts.cases] == [
        "东莞捷锐通信科技有限公司诉安科无线有限责任公司标准必要专利许可使用费纠纷案",
        "华为诉三星案",  # control: short names of no case named before make a case
    ]
    assert not {"捷锐", "安科"} & _names(facts, "org")

def test_a_city_short_form_run_into_market_is_the_short_form() -> None:
    facts = _text("义乌市场经营商品涉及26个大类。", agency="义乌市市场监督管理局")
    places = {e.name: e.canonical for e in facts.of_kind("place")}
    assert places == {"义乌": "义乌市"}, places


def test_labelled_closing_lines_and_a_contact_unit_in_brackets() -> None:
    _letter, facts = _read("mine_41_jiangxi_word_outline")
    assert facts.date is not None and facts.date.value == "2025-07-18"
    assert facts.responding_agency is not None
    assert facts.entities[facts.responding_agency].name == "江西省工业和信息化厅"
    assert {"刘建华", "胡敏"} <= _names(facts, "person")  # 分管领导：… 经办人：…
    # the red head (…文件) is a heading, not part of the title
    assert facts.title is not None and facts.title.value.startswith("关于省政协十三届四次会议")


def test_a_red_heads_name_signs_a_letter_without_a_signature() -> None:
    text = (
        "苏州市市场监督管理局（苏州市知识产权局）文件\n\n苏市监知〔2025〕64号　　签发人：蒋国平\n\n"
        "关于对市政协十五届四次会议第0276号提案的答复\n\n沈宏斌委员：\n您提出的提案收悉。现答复如下：\n"
        "我局将继续推进知识产权保护工作。\n"
    )
    letter = parse_text(text, key="h")
    assert letter.header.signer is not None
    assert letter.text[letter.header.signer.start : letter.header.signer.end] == "苏州市市场监督管理局"
    assert letter.header.doc_number is not None


def test_an_ocr_date_with_a_space_in_its_day_and_a_pages_running_lines() -> None:
    letter, facts = _read("mine_42_wuyi_court_blocks_ocr")
    assert facts.date is not None and facts.date.value == "2025-05-20"
    assert facts.responding_agency is not None
    assert facts.entities[facts.responding_agency].name == "武义县人民法院"
    # the running lines (武义县人民法院 … 第 1 页 共 2 页) are the page's, not mentions in the letter
    running = [ln for ln in letter.lines if "页 共" in ln.text]
    assert len(running) == 2
    spans = [s for e in facts.entities.values() for s in e.spans]
    assert not [s for s in spans for ln in running if ln.start <= s.start < ln.end]


# --- suggestions ---------------------------------------------------------------------------------


def test_sections_that_open_by_quoting_the_ask_give_the_quotations() -> None:
    _letter, facts = _read("mine_40_zhangzhou_wechat_repost")
    assert [i.text for i in facts.items] == [
        "建立平和蜜柚地理标志专用标志使用企业名录，实行动态管理",
        "联合农业农村部门开展产地溯源检查，严厉打击冒用产地行为",
        "支持蜜柚企业申请境外商标注册，开拓东盟市场",
    ]


def test_an_announced_enumeration_in_the_opening_gives_the_suggestions() -> None:
    letter, facts = _read("mine_41_jiangxi_word_outline")
    assert [i.text for i in facts.items] == [
        "在重点产业链开展专利导航",
        "设立中小企业专利运营补助",
        "培育专业化知识产权服务机构",
    ]
    # the outline numbering (1 关于… / 1.1 …) makes sections
    outline = [(s.level, s.number) for s in letter.sections]
    assert outline[:3] == [(3, 1), (4, 1), (4, 2)], outline
    numbered = _text("提案建议：1.推动企业开展数据知识产权登记；2.探索数据知识产权质押融资。")
    assert [i.text for i in numbered.items] == ["推动企业开展数据知识产权登记", "探索数据知识产权质押融资"]


def test_suggestion_blocks_of_a_table_give_the_suggestions() -> None:
    _letter, facts = _read("mine_42_wuyi_court_blocks_ocr")
    assert [i.text for i in facts.items] == [
        "缩短五金产品外观设计侵权案件审理周期",
        "加大对恶意诉讼的审查力度",
        "加强司法与行政保护衔接",
    ]


# --- roles and identity --------------------------------------------------------------------------


def test_a_co_handler_list_goes_on_after_a_bracketed_second_name() -> None:
    _letter, facts = _read("mine_40_zhangzhou_wechat_repost")
    assert _refs(facts, facts.co_handlers) == ["市农业农村局", "市商务局"]
    _letter, facts = _read("mine_41_jiangxi_word_outline")  # 我厅联合…进行了认真研究
    assert _refs(facts, facts.co_handlers) == ["省知识产权局", "省财政厅"]


def test_a_co_handler_list_after_a_colon_and_the_verb_huitong() -> None:
    _letter, facts = _read("mine_42_wuyi_court_blocks_ocr")
    co_handlers = [facts.entities[r].canonical for r in facts.co_handlers]
    assert co_handlers == ["金华市武义县市场监督管理局", "金华市武义县科学技术局"]
    # 我院将会同县市场监督管理局: the verb 会同, not the county 会同县
    assert not any("会同县" in e.canonical for e in facts.entities.values())


def test_short_forms_of_names_written_in_full_are_those_bodies() -> None:
    letter, facts = _read("mine_43_xiamen_customs_short_forms")
    assert [facts.entities[r].canonical for r in facts.co_handlers] == ["福建省市场监督管理局", "福建省公安厅"]
    bureau = facts.entities[("org", "福建省市场监督管理局")]
    assert "省知识产权局" in {letter.norm[s.start : s.end] for s in bureau.spans}
    assert not [e.name for e in facts.of_kind("org") if e.local], "a short form stayed local"


def test_customs_offices_begin_with_a_place_and_two_bodies_joined_by_he_stay_two() -> None:
    _letter, facts = _read("mine_43_xiamen_customs_short_forms")
    orgs = _names(facts, "org")
    assert {"福州海关", "福建省高级人民法院", "贵州黔云科技有限公司"} <= orgs, orgs
    assert not any(n.endswith("海关") and n.startswith("健全") for n in orgs)
    assert "福州海关和福建省高级人民法院" not in orgs and "州黔云科技有限公司" not in orgs


def test_an_opinions_fellow_co_handlers_are_organisations_and_its_proposer_is_read() -> None:
    _letter, facts = _read("mine_44_shanxi_huiban_fellows")
    assert facts.co_handlers == []
    assert facts.main_handler is not None and facts.entities[facts.main_handler].name == "省文化和旅游厅"
    assert _refs(facts, facts.proposers) == ["民革山西省委"]
    orgs = _names(facts, "org")
    assert {"省商务厅", "省市场监督管理局", "省乡村振兴局"} <= orgs, orgs
    assert "山西省委" not in orgs  # inside the proposer's name


def test_court_verbs_and_roles_end_or_are_no_names() -> None:
    orgs = _names(
        _text("原审法院认定澄锐公司构成侵权，最高人民法院知识产权法庭综合考虑澄锐公司的侵权情节改判。"), "org"
    )
    assert "原审法院" not in orgs and not any("认定" in n or "考虑" in n for n in orgs), orgs
    assert "最高人民法院知识产权法庭" in orgs or "最高人民法院" in orgs, orgs


# --- platforms -----------------------------------------------------------------------------------


def test_platforms_counted_in_bulk_or_listed_by_field_are_no_names() -> None:
    _letter, facts = _read("mine_41_jiangxi_word_outline")
    assert _names(facts, "platform") == {"产业专利数据库", "江西省知识产权运营专项资金", "江西省知识产权公共服务平台"}


def test_joined_anonymised_ordinal_and_second_plate_platforms_are_left_out() -> None:
    _letter, facts = _read("mine_44_shanxi_huiban_fellows")
    assert _names(facts, "platform") == {"省知识产权保护中心", "老字号知识产权维权工作站", "山西省作品登记管理系统"}
    # 知识产权保护中心 is a platform, not an agency
    assert "省知识产权保护中心" not in _names(facts, "org")


# --- closing blocks, persons and figures ---------------------------------------------------------


def test_an_attachment_list_before_the_signature_is_not_the_letters_text() -> None:
    letter, facts = _read("mine_43_xiamen_customs_short_forms")
    attachments = letter.norm.index("附件")
    signer = letter.header.signer
    assert signer is not None and letter.text[signer.start : signer.end] == "厦门海关"
    assert letter.header.body.end < attachments < signer.start
    named = [s for e in facts.entities.values() for s in e.spans]
    assert not [s for s in named if attachments < s.start < signer.start], "a name read in the attachment list"
    assert not [f for f in facts.figures if attachments < f.span.start < signer.start]


def test_a_contact_person_after_their_unit_and_a_secretary_of_a_party_group() -> None:
    _letter, facts = _read("mine_42_wuyi_court_blocks_ocr")
    persons = _names(facts, "person")
    assert "吕晓燕" in persons and not any(p.endswith("庭") for p in persons), persons
    _letter, facts = _read("mine_44_shanxi_huiban_fellows")
    assert {"赵建国", "郭丽萍"} == _names(facts, "person")  # 局党组书记、局长赵建国: no person 党组


def test_figures_in_days_and_the_value_a_measure_changed_to_but_no_time_limit() -> None:
    _letter, facts = _read("mine_42_wuyi_court_blocks_ocr")
    assert {("86", "天"), ("62", "天")} <= {(f.value, f.unit) for f in facts.figures}
    _letter, facts = _read("mine_41_jiangxi_word_outline")
    assert not [f for f in facts.figures if f.unit and "工作日" in f.unit]  # 时限压缩至3个工作日


def test_a_co_handler_after_xian_jiehe_and_a_platform_only_suggested_in_quotes() -> None:
    head = "关于第1号提案的答复\n李明委员：\n　　您提出的提案收悉。现结合省知识产权局会办意见，答复如下：\n"
    body = (
        "　　您在提案中还建议建立“绍兴产业专利数据库”，我们将研究论证。"
        "市知识产权局一方面指导快速维权中心开展预审，一方面在柯桥建成纺织品知识产权服务站。\n"
    )
    facts = extract_facts(parse_text(f"{head}{body}浙江省市场监督管理局\n2024年5月20日\n", key="q"))
    assert [facts.entities[r].name for r in facts.co_handlers] == ["省知识产权局"]
    platforms = _names(facts, "platform")
    assert "绍兴产业专利数据库" not in platforms  # suggested by the proposer, nobody committed to it
    assert not any("一方面" in p or p.startswith("指导") for p in platforms), platforms
    assert "纺织品知识产权服务站" in platforms


def test_delegations_management_stations_and_branches_are_bodies_and_a_registration_system_a_platform() -> None:
    _letter, facts = _read("mine_42_wuyi_court_blocks_ocr")
    assert "履坦镇代表团" in _names(facts, "org") and "履坦镇" not in _names(facts, "place")
    _letter, facts = _read("mine_40_zhangzhou_wechat_repost")
    assert "福建省种子管理总站" in _names(facts, "org") and "福建省" not in _names(facts, "place")
    _letter, facts = _read("mine_43_xiamen_customs_short_forms")
    orgs = _names(facts, "org")
    assert "中国出口信用保险公司福建分公司" in orgs and "福建分公司" not in orgs, orgs
    _letter, facts = _read("mine_44_shanxi_huiban_fellows")
    assert "山西省作品登记管理系统" in _names(facts, "platform")
    # a market's own management system is no named platform
    assert not [p for p in _names(_text("推动快速维权中心与市场管理系统数据对接。"), "platform") if "系统" in p]


def test_a_run_inside_a_co_handlers_name_is_no_other_body() -> None:
    text = (
        "关于第15号提案的答复\n李明委员：\n　　您提出的提案收悉。本提案由我局主办，会办单位：区科技和经济委员会、"
        "区人民检察院。现答复如下：\n　　我局将继续推进知识产权保护。\n上海市浦东新区知识产权局\n2024年5月20日\n"
    )
    facts = extract_facts(parse_text(text, key="r"))
    assert [facts.entities[r].name for r in facts.co_handlers] == ["区科技和经济委员会", "区人民检察院"]
    assert "经济委员会" not in _names(facts, "org")


def test_parts_of_a_market_are_no_district() -> None:
    places = _names(_text("我局在市场各经营区设立知识产权保护工作站5个，在柯桥区设立服务点。"), "place")
    assert "市场各经营区" not in places and "柯桥区" in places, places


def test_a_book_of_cases_and_more_pilots_are_no_events() -> None:
    _letter, facts = _read("mine_44_shanxi_huiban_fellows")
    assert _names(facts, "event") == set()
    kept = _names(_text("我局发布2023年度知识产权保护典型案例，开展专利开放许可试点。"), "event")
    assert kept, "a list of cases published and a named pilot stay events"
