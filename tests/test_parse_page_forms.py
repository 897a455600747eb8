"""Page forms of issue 16's eleventh round (development letters blind5_06, 07, 10, 11): a web page
copied onto one line, an annexed form after the signature, a breadcrumb above the title, a PDF's
page number in dashes, a delegation's suggestion with a one-digit number."""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.model import Letter
from graph_builder.text.parse import parse_text

BODY = (
    "您提出的《关于加强直播电商领域知识产权保护的建议》收悉。现将办理情况答复如下：我局已开展专项整治，查处案件37件。"
)


def _span(letter: Letter, name: str) -> str | None:
    span = getattr(letter.header, name)
    return letter.text[span.start : span.end] if span else None


def test_a_web_page_copied_onto_one_line_is_read_by_its_former_lines() -> None:
    text = (
        "余杭区市场监督管理局关于区十七届人大四次会议第71号建议的答复 发布时间：2024-06-18 10:26 来源：区市场监管局 "
        "字号：大 中 小 余市监建〔2024〕7号 办理结果：A类 沈嘉禾代表： "
        + BODY
        * 12
        + " 感谢您对市场监管工作的关心和支持。 "
        "杭州市余杭区市场监督管理局 2024年6月11日 （联系人：范晓婷，联系电话：0571-86271935） 扫一扫在手机打开当前页 "
        "【打印本页】 【关闭窗口】"
    )
    letter = parse_text(text, key="flat")
    assert _span(letter, "salutation") == "沈嘉禾代表："
    assert _span(letter, "signer") == "杭州市余杭区市场监督管理局"
    assert _span(letter, "date") == "2024年6月11日"
    assert _span(letter, "doc_number") == "余市监建〔2024〕7号"
    assert _span(letter, "title") == "余杭区市场监督管理局关于区十七届人大四次会议第71号建议的答复"
    assert "\n" not in letter.text  # the text is as read: the lines are spans of it
    # a letter with its line breaks is not re-split
    plain = parse_text(
        "关于第1号提案的答复\n李明委员：\n　　" + BODY + "\n某市市场监督管理局\n2024年6月11日\n", key="p"
    )
    assert len(plain.lines) == 5


def test_an_annexed_form_after_the_signature_is_not_the_closing() -> None:
    letter = parse_text(
        "关于市政协十四届三次会议第143号提案的答复\n宋怀瑾委员：\n　　"
        + BODY
        + "\n洛阳市市场监督管理局\n2024年6月24日\n"
        "抄送：市政协提案委员会。\n\n附件\n洛阳市政协提案办理情况征询意见表\n提案编号：143　　提案人：宋怀瑾\n"
        "对办理结果的意见：满意□　基本满意□　不满意□\n提案人签名：　　　　年　　月　　日\n"
        "（请于收到答复后15日内将此表寄回承办单位）\n",
        key="annex",
    )
    assert _span(letter, "signer") == "洛阳市市场监督管理局"
    assert _span(letter, "date") == "2024年6月24日"


def test_a_pdf_page_number_in_dashes_after_the_closing() -> None:
    letter = parse_text(
        "关于十四届全国人大二次会议第3318号建议的答复\n张伟代表：\n　　" + BODY + "\n\n最高人民检察院\n2024年6月30日\n"
        "（此件主动公开）\n\n— 4 —\n",
        key="pdf",
    )
    assert _span(letter, "date") == "2024年6月30日" and _span(letter, "signer") == "最高人民检察院"


def test_a_breadcrumb_is_not_the_title_and_a_delegations_suggestion_has_its_number() -> None:
    letter = parse_text(
        "首页 > 政务公开 > 建议提案办理 > 人大代表建议\n"
        "安化县市场监督管理局关于县十八届人大三次会议梅城镇代表团第5号建议的答复\n"
        "发布时间：2024/07/03 09:41:27　来源：县市场监督管理局　浏览次数：213\n梅城镇代表团：\n　　你团提出的建议收悉。"
        "现答复如下：我局已开展专项整治。\n安化县市场监督管理局\n2024年6月26日\n",
        key="crumb",
    )
    assert _span(letter, "title") == "安化县市场监督管理局关于县十八届人大三次会议梅城镇代表团第5号建议的答复"
    facts = extract_facts(letter)
    assert facts.genre == "suggestion_reply"
    assert facts.proposal_number is not None and facts.proposal_number.value == "第5号"
    # a one-digit number elsewhere is no proposal number (第3条, 第5名)
    other = extract_facts(
        parse_text("关于加强保护的答复\n李明委员：\n　　依据第5条规定，我市排名第5名。\n某局\n2024年6月26日\n", key="n")
    )
    assert other.proposal_number is None


def test_the_first_signature_with_its_date_closes_a_letter_printed_with_more_after_it() -> None:
    letter = parse_text(
        "深圳市前海管理局关于市政协七届一次会议第0321号提案的答复\n黄嘉豪委员：\n　　" + BODY + "\n"
        "　　感谢您对前海开发开放工作的关心和支持。\n\n深圳市前海深港现代服务业合作区管理局\n2024年8月2日\n\n"
        "Reply to Proposal No. 0321\nDear Member Huang Jiahao,\nThank you for your proposal.\n"
        "Shenzhen Qianhai Authority\n2 August 2024\n",
        key="bilingual",
    )
    assert _span(letter, "signer") == "深圳市前海深港现代服务业合作区管理局"
    assert _span(letter, "date") == "2024年8月2日"
    appended = parse_text(
        "关于第0264号提案的答复\n蒋文韬委员：\n　　" + BODY + "\n无锡市市场监督管理局\n2024年6月25日\n\n附：提案原文\n"
        "关于加强集成电路布图设计保护的提案\n提案人：蒋文韬\n　　建议设立集成电路知识产权保护工作站。\n",
        key="appended",
    )
    assert _span(appended, "signer") == "无锡市市场监督管理局" and _span(appended, "date") == "2024年6月25日"


def test_a_joint_reply_signed_side_by_side() -> None:
    letter = parse_text(
        "辽宁省知识产权局　辽宁省公安厅\n关于省政协十三届二次会议第1342号提案的答复\n高雅琪委员：\n"
        "　　您提出的提案收悉。该提案由省知识产权局主办、省公安厅会办。现答复如下：两家单位开展了联合执法。\n"
        "辽宁省知识产权局　　　　　　　　辽宁省公安厅\n　　　　　　　2024年7月18日\n",
        key="joint",
    )
    assert _span(letter, "signer") == "辽宁省知识产权局"
    facts = extract_facts(letter)
    assert facts.responding_agency is not None and facts.entities[facts.responding_agency].name == "辽宁省知识产权局"
    assert [facts.entities[r].name for r in facts.co_handlers] == ["辽宁省公安厅"]  # not 该提案由…主办


def test_the_agency_in_a_title_written_with_dui() -> None:
    facts = extract_facts(
        parse_text(
            "国家体育总局对十四届全国人大二次会议第6133号建议的答复（摘要）\n发布时间：2024-07-30\n戴海宁代表：\n"
            "　　您提出的建议收悉。现将答复摘要如下：我局依托监测平台开展监测。\n（以上为答复摘要）\n",
            key="summary",
        )
    )
    assert facts.responding_agency is not None and facts.entities[facts.responding_agency].name == "国家体育总局"


def test_html_left_in_a_copied_page_is_read_past() -> None:
    text = (
        '<p style="text-align:center"><strong>兰州市市场监督管理局关于市十七届人大三次会议第0217号建议的答复'
        "</strong></p>\n"
        '<p style="text-align:center">兰市监函〔2024〕37号</p>\n<p>马文斌代表：</p>\n'
        "<p>&nbsp;&nbsp;&nbsp;&nbsp;" + BODY + "</p>\n"
        '<p style="text-align:right">兰州市市场监督管理局</p>\n<p style="text-align:right">2024年7月19日</p>\n'
    )
    letter = parse_text(text, key="html")
    assert letter.text == text and len(letter.norm) == len(text)  # offsets still index the text as read
    assert _span(letter, "salutation") == "马文斌代表："
    assert _span(letter, "doc_number") == "兰市监函〔2024〕37号"
    assert _span(letter, "signer") == "兰州市市场监督管理局" and _span(letter, "date") == "2024年7月19日"
    facts = extract_facts(letter)
    assert [facts.entities[r].name for r in facts.proposers] == ["马文斌"]


def test_a_signatures_second_name_on_the_line_under_it() -> None:
    letter = parse_text(
        "关于市政协十四届三次会议第20240187号提案办理情况的答复\n林晓峰委员：\n　　" + BODY + "\n"
        "　　感谢您对我市知识产权工作的关心和支持。\n\n厦门市市场监督管理局\n（厦门市知识产权局）\n2024年7月5日\n"
        "（联系人：洪志斌，联系电话：0592-5396621）\n",
        key="second",
    )
    assert _span(letter, "signer") == "厦门市市场监督管理局" and _span(letter, "date") == "2024年7月5日"
    facts = extract_facts(letter)
    assert facts.responding_agency is not None
    agency = facts.entities[facts.responding_agency]
    assert agency.name == "厦门市市场监督管理局" and "厦门市知识产权局" in agency.aliases
    assert "厦门市知识产权局" not in {e.name for e in facts.of_kind("org")}


def test_a_form_drawn_with_box_characters_above_the_letter() -> None:
    text = (
        "                    包头市政协提案答复单\n"
        "┌────────────┬────────────────────────────┐\n"
        "│ 提 案 号   │ 第112号                    │\n"
        "├────────────┼────────────────────────────┤\n"
        "│ 会办单位   │ 包头市工业和信息化局       │\n"
        "│            │ 包头稀土高新区管理委员会   │\n"
        "├────────────┼────────────────────────────┤\n"
        "│ 签 发 人   │ 王  磊                     │\n"
        "├────────────┼────────────────────────────┤\n"
        "│ 答复时间   │ 2024年6月14日              │\n"
        "└────────────┴────────────────────────────┘\n"
        "答复内容：\n苏日娜委员：\n　　您在市政协十五届三次会议上提出的《关于加强稀土产业专利布局和导航的提案》收悉。"
        "现答复如下：我局已开展专利导航。\n包头市市场监督管理局\n"
    )
    letter = parse_text(text, key="box")
    assert letter.text == text and len(letter.norm) == len(text)
    assert _span(letter, "title") == "包头市政协提案答复单"
    assert _span(letter, "salutation") == "苏日娜委员："
    assert _span(letter, "date") == "2024年6月14日"
    facts = extract_facts(letter)
    assert facts.proposal_number is not None and facts.proposal_number.value == "第112号"
    assert facts.title_of_proposal is not None
    assert facts.title_of_proposal.value == "关于加强稀土产业专利布局和导航的提案"


def test_a_web_captures_banner_an_rss_item_and_a_bilingual_header() -> None:
    banner = "".join(f"banner line {i}\n" for i in range(16))
    capture = parse_text(
        banner + "首页 > 信息公开 > 建议提案办理\n柳州市科学技术局关于市政协十四届二次会议第20230148号提案的答复\n"
        "柳科函〔2023〕52号\n覃振华委员：\n　　" + BODY + "\n柳州市科学技术局\n2023年7月3日\n",
        key="capture",
    )
    assert _span(capture, "salutation") == "覃振华委员：" and _span(capture, "doc_number") == "柳科函〔2023〕52号"
    rss = extract_facts(
        parse_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
            "<title>安徽省知识产权局 - 建议提案办理</title>\n"
            "<link>https://example.invalid/list</link>\n<item>\n"
            "<title>安徽省知识产权局关于省政协十三届二次会议第0521号提案的答复</title>\n"
            "<description><![CDATA[\n<p>皖知函〔2024〕36号</p>\n<p>民革安徽省委会：</p>\n<p>"
            + BODY
            + "</p>\n]]></description>\n"
            "</item>\n</channel>\n</rss>\n",
            key="rss",
        )
    )
    assert rss.responding_agency is not None and rss.entities[rss.responding_agency].name == "安徽省知识产权局"
    assert rss.doc_number is not None and rss.doc_number.value == "皖知函〔2024〕36号"
    bilingual = parse_text(
        "연변조선족자치주시장감독관리국\n延边朝鲜族自治州市场监督管理局\n"
        "주 제16기 인민대표대회 제3차회의 제0073호 건의에 대한 답복\n"
        "关于州十六届人大三次会议第0073号建议的答复\n김성호 대표:\n金成浩代表：\n　　" + BODY + "\n"
        "연변조선족자치주시장감독관리국\n延边朝鲜族自治州市场监督管理局\n2024年7月10日\n",
        key="bilingual",
    )
    assert _span(bilingual, "salutation") == "金成浩代表："
    assert _span(bilingual, "signer") == "延边朝鲜族自治州市场监督管理局"
    assert _span(bilingual, "date") == "2024年7月10日"


def test_a_json_record_and_a_feed_items_english_date() -> None:
    import json

    record = {
        "code": 200,
        "data": {
            "title": "银川市市场监督管理局关于市十六届人大四次会议第125号建议的答复",
            "zbdw": "银川市市场监督管理局",
            "content": "银市监函〔2024〕64号\n张国栋等3名代表：\n" + BODY + "\n银川市市场监督管理局\n2024年7月15日",
            "fbsj": "2024-07-22 10:05:31",
        },
    }
    text = json.dumps(record, ensure_ascii=False)
    letter = parse_text(text, key="json")
    assert letter.text == text and len(letter.norm) == len(text)
    assert _span(letter, "doc_number") == "银市监函〔2024〕64号"
    assert _span(letter, "salutation") == "张国栋等3名代表："
    facts = extract_facts(letter)
    assert facts.date is not None and facts.date.value == "2024-07-15"
    assert (
        facts.responding_agency is not None and facts.entities[facts.responding_agency].name == "银川市市场监督管理局"
    )
    feed = extract_facts(
        parse_text(
            "<rss>\n<channel>\n<title>某局 - 建议提案办理</title>\n"
            "<lastBuildDate>Mon, 01 Jul 2024 08:00:00 +0800</lastBuildDate>\n"
            "<item>\n<title>安徽省知识产权局关于省政协十三届二次会议第0521号提案的答复</title>\n"
            "<pubDate>Wed, 12 Jun 2024 09:15:00 +0800</pubDate>\n<description><![CDATA[\n<p>民革安徽省委会：</p>\n"
            "<p>" + BODY + "</p>\n]]></description>\n</item>\n</channel>\n</rss>\n",
            key="feed",
        )
    )
    assert feed.date is not None and feed.date.value == "2024-06-12"  # the item's, not the channel's


def test_a_letter_sent_as_the_annex_of_a_cover_note() -> None:
    letter = parse_text(
        "佛山市顺德区人民政府办公室\n政府信息公开申请答复告知书\n顺府办信〔2024〕依申请第0215号\n\n何某某：\n"
        "　　本机关于2024年8月5日收到您提出的政府信息公开申请，现将有关答复提供给您。\n\n"
        "佛山市顺德区人民政府办公室\n2024年8月19日\n\n附件：\n\n"
        "佛山市顺德区市场监督管理局关于区政协十五届三次会议第20240061号提案的答复\n顺市监函〔2024〕46号\n\n"
        "苏嘉铭委员：\n　　" + BODY + "\n\n佛山市顺德区市场监督管理局\n2024年6月20日\n",
        key="wrapped",
    )
    assert _span(letter, "salutation") == "苏嘉铭委员："
    assert _span(letter, "doc_number") == "顺市监函〔2024〕46号"
    assert _span(letter, "signer") == "佛山市顺德区市场监督管理局" and _span(letter, "date") == "2024年6月20日"
    facts = extract_facts(letter)
    assert [facts.entities[r].name for r in facts.proposers] == ["苏嘉铭"]
    # a letter whose own annex is a form keeps its closing above it
    form = parse_text(
        "关于第143号提案的答复\n宋怀瑾委员：\n　　" + BODY + "\n洛阳市市场监督管理局\n2024年6月24日\n\n附件\n"
        "提案办理情况征询意见表\n对办理结果的意见：满意□\n",
        key="form",
    )
    assert _span(form, "salutation") == "宋怀瑾委员：" and _span(form, "date") == "2024年6月24日"


def test_a_csv_row_of_an_open_data_export() -> None:
    content = "晁红梅代表：\n　　" + BODY.replace("提出的", "提出的“关键”") + "\n西宁市市场监督管理局\n2024年7月3日"
    cell = '"' + content.replace('"', '""') + '"'
    text = (
        "序号,建议编号,届次,建议标题,领衔代表,承办单位,答复日期,答复内容\n"
        f"1,2024058,西宁市第十七届人民代表大会第四次会议,关于加强湟中银铜器知识产权保护的建议,晁红梅,西宁市市场监督管理局,2024/7/3,{cell}\n"
    )
    letter = parse_text(text, key="csv")
    assert letter.text == text and len(letter.norm) == len(text)
    assert _span(letter, "salutation") == "晁红梅代表："
    assert _span(letter, "signer") == "西宁市市场监督管理局" and _span(letter, "date") == "2024年7月3日"
    # a letter with commas in its first line is not a CSV export
    plain = parse_text(
        "关于第1号提案的答复,附件1,附件2,附件3,附件4\n李明委员：\n　　" + BODY + "\n某局\n2024年6月1日\n", key="p"
    )
    assert len(plain.lines) == 5 and _span(plain, "salutation") == "李明委员："
