"""Figures: statistics written as a number and a unit (78亿, 759家, 第一), with what
they count and their period; not article numbers, criteria, dates or the proposal's
own counts."""

from __future__ import annotations

import re

from graph_builder.extract.scan import quick_start
from graph_builder.extract.zones import ZoneIndex
from graph_builder.model import Figure, Letter, LetterFacts, Span

UNITS = (
    "亿元|万元|千元|元|分|亿美元|万美元|美元|万件|万人次|万人|万家|亿|万|件|家|个工作日|个月|个百分点|个|项|年|条|位|名|人次|人|次|"
    "天|处|期|单|张|"
    "方面|%|倍|场|批|篇|部|所|种|起|宗|户|套|台|份|家次|个百分点|平方米|亩|公里"
)
# led by a lookahead for a digit: the engine then skips to digits instead of trying the lookbehind everywhere
# 10多个, 300余家: an approximate count keeps its 多/余 in the value, as written.
DIGIT_FIGURE = quick_start(
    rf"(?<![\d.第])(?P<value>\d+(?:\.\d+)?(?:多|余)?)\s*(?P<unit>{UNITS})?(?![\d号月日])"
)
CHINESE_FIGURE = re.compile(
    r"(?P<lead>连续|共|共计|合计|累计|制定|出台|新增|达到|达)"
    r"(?P<value>[两二三四五六七八九十百千]{1,4})(?P<unit>年|条|项|个|家|件|批|次)"
)
RANK = re.compile(
    r"(?:位列|位居|居|排|排名|列|名列)(?:[^,。;第\d]{0,8}?)"
    r"(?:第)(?P<value>[一二三四五六七八九十\d]{1,3})(?P<unit>位|名)?"
)
NOT_AFTER = re.compile(
    r"^(?:以上|以下|以内|内(?![容部地外蒙])|以来|左右之内|月|日|号|届|次会议|年度|年以来|年前|年[-—至到]|周年|点建议|条建议|个方面的问题|条具体建议|方面的问题|大|小|类)"
)
YEARISH = re.compile(r"^(?:19|20)\d{2}$")
# A cap or threshold (最高5000元, 不超过10万元), not a statistic.
CRITERION_BEFORE = re.compile(
    r"(?:(?:最高|最多|不超过|不高于|上限)(?:补助|补贴|资助|奖励|给予|贴息)?|每件|每项|每家|每人|单笔|权重)$"
)
# A rate of support (按许可费的30%给予补助, 给予50%补贴): a criterion of a policy, not a statistic.
SUPPORT_AFTER = re.compile(r"^的?(?:给予|补贴|补助|补偿|奖励|资助|贴息)")
TIME_LIMIT = re.compile(r"时限|期限")
# A figure a measure changed to (由98天缩短至71天, 提高至43%): the new value, not the end of a range.
CHANGED_TO = re.compile(r"(?:缩短|压缩|提高|提升|增加|增长|降低|下降|减少|扩大|上升)至$")
APPROXIMATE = re.compile(r"(?:近|约|超过|逾|超|达|达到|共|共计|累计|合计|高达)$")


def find_figures(letter: Letter, facts: LetterFacts) -> None:
    """Every statistic in the body, in text order."""
    norm = letter.norm
    found: list[Figure] = []
    names = ZoneIndex(s for e in facts.entities.values() if e.kind in ("event", "platform", "policy") for s in e.spans)
    for sentence in letter.sentences:
        text_start = sentence.start
        in_sentence = len(found)  # sentences do not overlap: only this one's figures can clash
        for pattern in (RANK, CHINESE_FIGURE, DIGIT_FIGURE):
            for match in pattern.finditer(norm, sentence.start, sentence.end):
                value, unit = match.group("value"), match.group("unit")
                after = norm[match.end() : match.end() + 6]
                if pattern is DIGIT_FIGURE:
                    if unit is None or (YEARISH.match(value) and unit in (None, "年")):
                        continue
                    if NOT_AFTER.match(after) or NOT_AFTER.match(unit + after):
                        continue
                    if TIME_LIMIT.search(norm, _clause(norm, text_start, match.start())[0], match.start()):
                        continue  # 办理时限压缩至1个工作日: a time limit, a criterion
                    before = norm[match.start() - 1 : match.start()]
                    changed = CHANGED_TO.search(norm, max(0, match.start() - 3), match.start())
                    if (before in ("-", "—", "~", "至") and not changed) or after.startswith(("-", "—")):
                        continue  # a range (3至5年), not a figure; 缩短至71天 is the figure it became
                    if CRITERION_BEFORE.search(norm, max(0, match.start() - 6), match.start()) and unit in (
                        "元",
                        "万元",
                        "亿元",
                        "件",
                        "年",
                        "%",
                    ):
                        continue
                    if unit == "%" and SUPPORT_AFTER.match(after):
                        continue
                    if (
                        unit in ("方面", "条", "点", "个")
                        and re.search(r"提案|建议|问题", norm[match.end() : match.end() + 8])
                        and "提案" in norm[sentence.start : match.start()]
                    ):
                        continue
                span = Span(match.start("value"), match.end("unit") if unit else match.end("value"))
                clashes = any(f.span.start < span.end and span.start < f.span.end for f in found[in_sentence:])
                if clashes or names.contains(span):
                    continue
                if pattern is RANK:
                    span = Span(match.start("value") - 1, span.end)
                clause = _clause(norm, text_start, span.start)
                # Value and unit as the letter writes them (萬元 stays 萬元).
                value = letter.text[match.start("value") : match.end("value")]
                value = "第" + value if pattern is RANK else value
                unit = letter.text[match.start("unit") : match.end("unit")] if unit else None
                found.append(
                    Figure(value, unit, letter.text[clause[0] : clause[1]].strip(), span, _period(norm, clause))
                )
    facts.figures = sorted(found, key=lambda f: f.span)


def _clause(norm: str, sentence_start: int, at: int) -> tuple[int, int]:
    start = max(norm.rfind(c, sentence_start, at) for c in ",;:、") + 1
    return (max(start, sentence_start), at)


PERIOD = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}(?:-\d{1,2})?月)?|截至(?:19|20)\d{2}年(?:底)?|全年|今年|去年|上半年")


def _period(norm: str, clause: tuple[int, int]) -> str | None:
    found = PERIOD.search(norm, max(0, clause[0] - 12), clause[1])
    return found.group(0) if found else None
