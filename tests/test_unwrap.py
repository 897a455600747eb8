"""Text copied out of a PDF: hard line breaks inside paragraphs are joined when a letter is read."""

from __future__ import annotations

from graph_builder.extract import extract_facts
from graph_builder.text.decode import decode_letter
from graph_builder.text.parse import parse_text
from graph_builder.text.unwrap import join_hard_wraps

BODY = (
    "　　您提出的《关于加强商标品牌培育的提案》收悉。我局会同泉州市公安局、泉州市司法局进行了认真研究，现答复如下："
    "一是持续开展商标品牌培育工作，指导企业建立商标管理制度，全年共培育重点商标一百余件。二是联合开展执法行动，"
    "查处商标侵权案件，维护公平竞争的市场秩序，切实保护权利人的合法权益，取得积极成效。三是加强宣传培训，"
    "举办培训班多期，提升企业商标意识和维权能力，营造良好的知识产权保护氛围。感谢您对我们工作的关心和支持。"
)


def _wrapped(width: int) -> str:
    lines = [BODY[i : i + width] for i in range(0, len(BODY), width)]
    lines.insert(5, "— 2 —")
    head = ["泉州市市场监督管理局关于市政协第88号提案的答复", "", "陈志明委员："]
    return "\n".join([*head, *lines, "", "泉州市市场监督管理局", "2023年9月15日"])


def test_a_wrapped_letter_is_joined_and_its_page_numbers_dropped() -> None:
    text = join_hard_wraps(_wrapped(26))
    assert "— 2 —" not in text
    assert BODY in text  # the paragraph is whole again
    assert text.splitlines()[-2:] == ["泉州市市场监督管理局", "2023年9月15日"]


def test_names_split_by_a_wrap_are_read_whole() -> None:
    text, _ = decode_letter(_wrapped(26).encode(), "x.txt")
    facts = extract_facts(parse_text(text, key="pdf"))
    names = {facts.entities[ref].canonical for ref in facts.co_handlers}
    assert names == {"泉州市公安局", "泉州市司法局"}
    assert facts.date is not None and facts.date.value == "2023-09-15"


def test_a_typed_letter_is_left_alone() -> None:
    typed = "\n".join(["关于第1号提案的答复", "张三委员：", BODY, "深圳市知识产权局", "2023年9月15日"])
    assert join_hard_wraps(typed) == typed
