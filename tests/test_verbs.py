"""The verb lexicon (graph_builder/data/names/verbs.tsv) and the patterns built from it."""

from __future__ import annotations

import re

import pytest

from graph_builder.extract import verbs as V
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.resources import data_path


def test_the_lexicon_loads_one_row_a_verb_with_a_note() -> None:
    lines = (data_path("names") / "verbs.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["verb", "roles", "except", "except_in", "note"]
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 5 and row[4] and '"' not in row[4] for row in rows)
    words = [v.word for v in V.VERBS]
    assert len(words) == len(set(words)) == len(rows) == 90
    by_word = {v.word: v for v in V.VERBS}
    assert by_word["指导"].roles == {"leading", "governing"}
    assert by_word["推动"].roles == {"leading", "governing", "clause", "function_word"}
    assert by_word["诉"].exceptions == ("诉讼", "诉调", "诉前", "诉源")
    assert by_word["诉"].except_in == {"party", "function_word"}  # empty: every role of the row
    assert by_word["处理"].except_in == {"function_word"}


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (V.LEADING_VERB, "引导行业协会", "引导"),
        (V.LEADING_VERB, "指导督促企业", "指导督促"),  # a run of them
        (V.LEADING_VERB, "服务于中小企业", "服务于"),
        (V.GOVERNING_VERB, "省法院指导全省法院", "指导"),
        (V.CLAUSE_VERB, "电商平台开设老字号专区", "开设"),
        (V.CLAUSE_VERB, "我局开展了省级试点", "开展了"),  # with its particle: the name begins after 了
        (V.CLAUSE_VERB, "会办单位赴郑州大学", "赴"),
        (V.PARTY_ACTION, "依法请求处理甲公司", "请求"),
        (V.PARTY_ACTION, "法院受理甲公司的起诉", "受理"),
        (V.PARTY_ACTION, "甲公司诉乙公司", "诉"),
    ],
)
def test_each_role_finds_its_verbs(pattern: re.Pattern[str], text: str, found: str) -> None:
    match = pattern.search(text)
    assert match is not None and match.group(0) == found


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (V.PARTY_ACTION, "甲申请人"),  # a party's role, not the verb
        (V.PARTY_ACTION, "市诉讼服务中心"),
        (V.PARTY_ACTION, "诉调对接"),
        (V.PARTY_ACTION, "诉前调解"),
        (V.PARTY_ACTION, "诉源治理"),
        (V.CLAUSE_VERB, "开设专区"),  # a verb that opens the searched text is not inside a run
        (V.GOVERNING_VERB, "指导中心"),
        (V.LEADING_VERB, "鼓"),
    ],
)
def test_an_exception_or_the_start_is_not_a_verb(pattern: re.Pattern[str], text: str) -> None:
    assert pattern.search(text) is None


def test_only_the_listed_verbs_have_each_role() -> None:
    governing = {v.word for v in V.VERBS if "governing" in v.roles}
    assert governing == {"指导", "督促", "推动", "要求", "组织", "帮助", "协调"}
    leading = {v.word for v in V.VERBS if "leading" in v.roles}
    assert governing <= leading and leading - governing == {"鼓励", "引导", "支持", "服务于", "面向"}
    party = {v.word for v in V.VERBS if "party" in v.roles}
    assert party == {"请求", "处理", "受理", "申请", "审结", "审理", "诉"}


def test_the_function_word_verbs_keep_only_their_honoured_exceptions() -> None:
    pairs = dict(V.FUNCTION_WORD_VERBS)
    assert len(pairs) == 21 and pairs["推动"] == () and pairs["用"] == ("用友",)
    assert pairs["诉"] == ("诉讼", "诉调", "诉前", "诉源") and pairs["处理"] == ("处理中心",)
    found = V.PARTY_ACTION.search("数据处理中心"), V.CLAUSE_VERB.search("新闻发布会")
    # the party pattern does not honour 处理中心, nor the clause pattern 发布会
    assert [m.group(0) if m else None for m in found] == ["处理", "发布"]
    assert "审理" not in pairs and "指导" not in pairs  # a verb without the role is no function word


def test_the_lint_reads_the_function_word_verbs_as_the_rules_do() -> None:
    """validate/name_knowledge.py reads verbs.tsv itself (it does not import the rules)."""
    from graph_builder.validate.name_knowledge import function_words

    assert set(V.FUNCTION_WORD_VERBS) <= set(function_words())
    assert ("处理", ("处理中心",)) in function_words() and ("推动", ()) in function_words()


@pytest.mark.parametrize(("name", "cut"), [("推动企业", 2), ("诉讼服务中心", 0), ("处理中心", 0), ("诉甲公司", 1)])
def test_the_boundaries_trim_the_function_word_verbs(name: str, cut: int) -> None:
    assert leading_function_word(name) == cut


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("开设\tclauses\t\t\tno such role", "unknown roles"),
        ("开设\t\t\t\tno role", "unknown roles"),
        ("处理\tparty\t处理中心\tclause\texceptions honoured by a role the verb has not", "unknown roles"),
        ("申请\tparty\t人\t\tan exception shorter than the verb", "longer word"),
        ("申请\tparty\t请求书\t\tan exception not beginning with it", "longer word"),
    ],
)
def test_a_bad_row_is_an_error(row: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        V.read_verbs("verb\troles\texcept\texcept_in\tnote\n" + row)
