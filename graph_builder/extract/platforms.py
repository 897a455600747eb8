"""Platforms (centres, bases, windows, halls, stations, funds, databases) and their
date, place and approving or hosting body when the sentence states them."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Gazetteer, Hit
from graph_builder.extract.places import inside_a_name
from graph_builder.extract.registry import add_entity, add_hit
from graph_builder.extract.verbs import CLAUSE_VERB, LEADING_VERB
from graph_builder.extract.zones import extend_left, inside
from graph_builder.model import Letter, LetterFacts, Relation, Sentence, Span
from graph_builder.text.line_patterns import DATE, iso_date

PLATFORM_SUFFIX = re.compile(
    r"(?:分中心|中心|受理窗口|窗口|专窗|大厅|工作站|服务站点|服务站|工作室|基地|平台|专项资金|基金|"
    r"数据库|案例库|信息库|培育库|专家库|人才库|名录库|智库|联系点|产业园|孵化器|知识产权联盟|产业联盟|"
    r"专区|大市场|示范区|登记管理系统|管理系统|登记系统|服务系统|信息系统)"
)
KIND_OF_SUFFIX = {"统": "系统", "库": "数据库", "台": "平台", "金": "基金", "盟": "联盟", "点": "联系点", "心": "中心"}
# A bare ending with only generic words before it names a class of things, not one platform.
GENERIC_STEM = re.compile(
    r"(?:知识产权|行业|产业|国家级|省级|市级|相关|各类|大型|国家|方面|多个|一批|公共服务|服务|专业|综合|信息|"
    r"海外|境外|直播|网络|重点|电商|数据|交易|创新|科技|分|地方|各地|培训|工作|媒体|展会|保护|维权|督促|监督|"
    r"跨境|电子商务|主要|快速|党群|标准化|生产|公益|法律|集散|产品|展示|市场|专业|线上|线下|网上|在线|新|独立|"
    r"运营|综合性|一个|和|及|、|出口|进口|外贸|研发|共享|实践|实训|双创|创业|消费|高校|企业|园区|基层|调解|援助|"
    r"一体化|政务|技术|交流|合作|对接|推介|洽谈|设计)*"
)
ASPIRATION = re.compile(r"(?:国际|全球|世界)")
# Endings that name a class of things unless the words before them are specific.
WEAK_SUFFIXES = frozenset(
    {"平台", "中心", "窗口", "专项资金", "数据库", "专区", "分中心", "产业园", "基地"}
    | {"登记管理系统", "管理系统", "登记系统", "服务系统", "信息系统"}  # 市场管理系统: a market's system
)
# A goal (目标是建成…, 打造成为…), not one built (已建成…, 建成了…).
GOAL_BEFORE = re.compile(
    r"(?:目标是|(?<![已先])建成(?!了)(?=[^,。;]*$)|建设成为|打造成为|成为)[“\"]?[^,。;]{0,20}$"
)
# 建成 is a goal only where the clause looks ahead (到2025年建成…, 力争建成…); 织里镇建成…中心, 我局在高新区建成…
# report a thing built.
GOAL_CUE = re.compile(r"到|至20|力争|将|计划|争取|目标|努力|确保|加快|全力|打造")
# An ending followed by these is a class of things or a system (平台体系, 窗口服务).
NOT_FOLLOWED_BY = re.compile(
    r"体系|服务(?!中心|站)|机制|网络|功能|项目|和项目|城区|城市|任务|经济|企业|的作用|经营者|用户|内|上(?!线)"
)
# A thing the letter only studies, explores, suggests, seeks or applies for (研究建设…平台, 探索建立…专家库,
# 建议各地设立…基金, 引导电商平台开设…专区, 研究设立…的可行性, 争取建设…平台, 申报建设…示范区, 拟在…设立…):
# nobody has committed to it, so it is left out (dev 18 and the seed's gold). A thing the writer commits
# to (将建立…信息库, 建设全门类服务大厅) stays. The build verb stands right before the name (or before
# whom it serves: 设立面向…的…专窗) and the cue earlier in the same clause, with no sign of a thing done
# (已, 了) after the cue.
INTENT_CUE = re.compile(
    r"研究(?![所院会室中])|探索|建议|希望|鼓励|引导(?!基金)|倡导|谋划|考虑|论证|争取|申报|拟(?=[在于建设开筹])"
)
BUILD_VERB_BEFORE = re.compile(
    r"(?:建设|设立|建立|组建|搭建|打造|成立|筹建|创建|开设|设置|布局|申建|培育)(?:一批|一个|若干|更多)?[“\"]?$"
)
DONE_AFTER_CUE = re.compile(r"已|了|成功|获批|建成")
# A title a thing was given or is applied for (被认定为国家级科技企业孵化器, 评为…示范基地, 申报国家…示范区)
# or a role a place plays (昆明是全国重要的鲜切花交易中心) names a class or a description, not one platform.
DESIGNATION_BEFORE = re.compile(
    r"(?:认定为|评为|评定为|命名为|列为|确定为|获批为?|获评|授予|入选为?|晋升为|申报|争创|创建|"
    r"(?:重要|最大|最重要|主要|知名|著名|领先|关键)的?)$"
)
# 研究设立…专项资金的可行性: a study of whether to set it up.
PLANNED_AFTER = re.compile(r"的可行性")
AFTER_DATE = re.compile(r"(?:正式)?(?:揭牌|挂牌|开业|运行|启用|成立|获批|落户)")
APPROVER = re.compile(rf"({P.HAN}{{2,20}}?(?:局|部|院|政府|委员会|总局))(?:正式)?(?:批复|批准|同意|授牌|认定)")
HOSTED_AT = re.compile(rf"在({P.HAN}{{2,12}}?(?:大学|学院|研究院|研究所|园区|公司|协会))(?:建设|设立|成立|揭牌|建立)")


def find_platforms(
    letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, zones: list[Span], hits: list[Hit]
) -> None:
    """Named platforms, each with the facts its own sentence gives about it."""
    norm = letter.norm
    body = letter.header.body
    candidates: list[tuple[Span, str]] = []
    # a name already found as an organisation (上海国际仲裁中心) is not also a platform
    org_ends = {s.end for e in facts.of_kind("org") for s in e.spans}
    # a body named as an organisation elsewhere in the letter (a co-handler 县中医药产业发展服务中心) is
    # that body wherever it is written; one in brackets after a body's name is its second plate
    # (自治区林业和草原局（自治区葡萄酒产业发展服务中心）), not a platform
    org_names = {n for e in facts.of_kind("org") for n in (e.name, e.canonical, *e.aliases)}
    for found in PLATFORM_SUFFIX.finditer(norm, body.start, body.end):
        end = found.end()
        start = extend_left(norm, found.start(), body.start, limit=32, joins=_no_name_ends_before)
        verbs = list(CLAUSE_VERB.finditer(norm, start, found.start()))
        if verbs:
            start = verbs[-1].end()  # 探索借助福建省…追溯平台: the name starts after the clause's verb
            verb = LEADING_VERB.match(norm, start, found.start())
            start = verb.end() if verb else start  # …一方面指导快速维权中心: nor with a verb after it
        start = _strip_quantifiers(norm, start, found.start())
        start += leading_function_word(norm[start : found.start()])  # 下简称市茶咖中心 → 市茶咖中心
        name = norm[start:end]
        stem = name[: len(name) - len(found.group(0))]
        weak = found.group(0) in WEAK_SUFFIXES
        counted = COUNTED_HEAD.search(norm, max(body.start, start - 8), start)
        members = _members_before(norm, counted.start(), body.start) if counted else []
        # the members name platforms when each is a place's (中山灯饰、顺德家电); 纳米技术、生物医药、光子等8个
        # 产业专利专题数据库 lists fields of the databases, which are not named one by one
        placed = all(gazetteer.starts_with_place(norm[m.start : m.end]) for m in members)
        if len(members) >= 2 and placed and not inside(Span(start, end), zones):
            candidates.extend((member, found.group(0)) for member in members)
            continue  # the listed members are the platforms; their shared head counts them
        quoted = QUOTED_NAME_BEFORE.search(norm, max(body.start, start - 16), start)
        if quoted:  # “浙江知识产权在线”平台, “甬知通”知识产权公共服务平台: the quoted name makes it one platform
            start, name, stem = quoted.start(), norm[quoted.start() : end], norm[quoted.start() : found.start()]
        if (
            (len(name) < 4 and not quoted)
            or (weak and GENERIC_STEM.fullmatch(stem))
            or ASPIRATION.match(stem)
            or inside(Span(start, end), zones)
        ):
            continue
        second_plate = norm[start - 1 : start] == "(" and start - 1 in org_ends and norm[end : end + 1] == ")"
        if name in org_names or second_plate:
            continue
        if not stem or _a_goal(norm, max(body.start, start - 24), start) or end in org_ends:
            continue  # an organisation's name (…国家工程研究中心, 上海国际仲裁中心) is not also a platform
        if NOT_FOLLOWED_BY.match(norm, end) or gazetteer.lookup(name) or _only_proposed(facts, gazetteer, name):
            continue
        if _only_planned(norm, letter.sentence_at(start), start, end):
            continue
        if DESIGNATION_BEFORE.search(norm, max(body.start, start - 6), start):
            continue
        if norm.endswith(("以上", "以下"), 0, start):
            continue  # 省级以上企业技术中心86家: a kind of thing counted in a scope
        if re.match(r"^(?:国家级|省级|市级)", name) and len(stem) <= 5:
            continue
        own_unit = SELF_BEFORE.search(norm, max(0, start - 2), start)  # 我局绿化中心: a unit, read below
        short = len(stem) < 2 or (weak and len(stem) == 2 and found.group(0) != "分中心" and not own_unit)
        if short and not quoted:
            continue  # 再建一个新平台 → 新, 研发中心、技术中心和设计中心: a kind of thing, not a name
        if NOT_A_NAME_INSIDE.search(name) or KIND_BEFORE.search(norm, max(body.start, start - 4), start):
            continue
        if DESCRIPTION_INSIDE.search(name) or _generic_after_joiner(stem, found.group(0)):
            continue  # 交易会这一重要平台, 中央财政资金和省级专项资金: a description, a class after a joiner
        # A platform name begins with its quoted modifier when it has one (“一带一路”沿线…).
        if not quoted and start >= 1 and norm[start - 1] == "”":
            opening = norm.rfind("“", body.start, start)
            if opening >= 0 and start - opening <= 12:
                start = opening
        candidates.append((Span(start, end), found.group(0)))
    candidates = _second_names(norm, candidates)
    candidates = _units_and_short_forms(letter, facts, candidates)
    bounds = [(span.start, span.end) for span, _ in candidates]
    for span, suffix in candidates:
        start, end = span.start, span.end
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in bounds):
            continue  # 国家…公共服务平台 inside 国家…公共服务平台金融创新试点平台
        kind = KIND_OF_SUFFIX.get(suffix[-1], suffix[-2:])
        ref = add_entity(
            facts, "platform", "Platform", norm[start:end], letter.text[start:end], span, platformKind=kind
        )
        _platform_context(letter, facts, gazetteer, ref, span, hits)


# 中山灯饰、顺德家电、…、潮州餐具炊具等7家国家级知识产权快速维权中心: the listed names are the
# platforms, each written without the head they share; the head counts them, it is none itself.
COUNTED_HEAD = re.compile(r"等\s*(?:\d+|[一二三四五六七八九十两]+)\s*(?:家|个|所|座)\s*$")
LIST_ITEM = re.compile(r"[^、,。;:!?\s“”《》]{2,12}$")


SELF_BEFORE = re.compile(r"(?:我局|我委|我厅|我院|我办|本局|本委|我部)$")


def _second_names(norm: str, candidates: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """香河家具设计研发中心（家具设计孵化器）: a name in brackets right after a platform's name is its second
    name (one platform with two plates), not another platform."""
    ends = {span.end for span, _ in candidates}

    def bracketed_after_one(span: Span) -> bool:
        opened, closed = norm[span.start - 1 : span.start], norm[span.end : span.end + 1]
        return opened == "(" and closed == ")" and span.start - 1 in ends

    return [(span, suffix) for span, suffix in candidates if not bracketed_after_one(span)]


def _units_and_short_forms(
    letter: Letter, facts: LetterFacts, candidates: list[tuple[Span, str]]
) -> list[tuple[Span, str]]:
    """A centre of the writing body (我局绿化中心) is its unit, an organisation; a name that is the
    tail of a longer platform named in the letter (厦门分中心 of …指导中心厦门分中心) is that one."""
    norm = letter.norm
    names = [norm[s.start : s.end] for s, _ in candidates]
    kept: list[tuple[Span, str]] = []
    for (span, suffix), name in zip(candidates, names, strict=True):
        if SELF_BEFORE.search(norm, max(0, span.start - 2), span.start):
            add_entity(facts, "org", "GovernmentAgency", name, letter.text[span.start : span.end], span, local=True)
            continue
        longer = {other for other in names if other != name and other.endswith(name)}
        if len(longer) == 1:  # a short form of the longer one: a mention of it, not another platform
            add_entity(facts, "platform", "Platform", longer.pop(), letter.text[span.start : span.end], span)
            continue
        if longer:
            continue  # 知识产权运营中心 after two …知识产权运营中心: the letter does not say which one
        kept.append((span, suffix))
    return kept


def _members_before(norm: str, end: int, floor: int) -> list[Span]:
    """The 、-separated items that end at ``end`` (the last may follow 和/及), first to last."""
    members: list[Span] = []
    while end > floor:
        item = LIST_ITEM.search(norm, max(floor, end - 12), end)
        if not item:
            break
        start = item.start()
        separator = norm[start - 1 : start] if start > floor else ""
        if separator != "、":
            start = extend_left(norm, end, floor, limit=12)  # the first item: cut at the words before it
            if end - start >= 2:
                members.append(Span(start, end))
            break
        members.append(Span(start, end))
        end = start - 1
    members.reverse()
    return members


def _strip_quantifiers(norm: str, start: int, stop: int) -> int:
    if norm[start - 1 : start].isdigit() and norm[start : start + 1] in "家个批项座所支类种年月日":
        start += 1  # 41家审查员实践基地, 2023年重点电商平台
    while True:
        rest = norm[start:stop]
        found = P.QUANTIFIER.match(rest) or P.GENERIC_MODIFIERS.match(rest)
        if not found or found.end() == 0 or found.group(0) in ("国家级", "重点", "大型", "省级", "市级", "区级"):
            return start
        start += found.end()


MONTH_ONLY = re.compile(r"(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?")


def _platform_context(
    letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, ref: tuple[str, str], span: Span, hits: list[Hit]
) -> None:
    """Date, place, approving and hosting body from the platform's own clause.

    The clause runs between semicolons or full stops (2017年3月，…窗口正式运行；7月，…大厅
    …开业); a month written alone takes the year of the last date before it in the paragraph.
    """
    sentence = letter.sentence_at(span.start)
    if sentence is None:
        return
    norm = letter.norm
    semi_start = (
        max(
            norm.rfind(";", sentence.start, span.start),
            norm.rfind("。", sentence.start, span.start),
            sentence.start - 1,
        )
        + 1
    )
    semi_end = min((i for i in (norm.find(";", span.end, sentence.end), sentence.end) if i >= 0), default=sentence.end)
    comma_start = max(norm.rfind(",", semi_start, span.start), semi_start - 1) + 1
    date = _clause_date(norm, semi_start, span.start)
    launched = AFTER_DATE.search(norm, span.end, min(semi_end, span.end + 12))
    if date and (launched or re.search(r"批复|批准|同意|授牌", norm[semi_start : span.start])):
        value, date_span = date
        facts.relations.append(Relation(ref, "startDate", value, date_span))
    for hit in hits:
        in_clause = hit.entry.kind == "place" and comma_start < hit.start < semi_end and norm[hit.start - 1] == "在"
        if not in_clause or not (hit.start < span.start or hit.start - span.end <= 2):
            continue
        # 在郑州大学设立…, 在中国（宁波）知识产权保护中心设立…: the place begins a body's or another
        # platform's name, the platform is hosted there, not located
        named = (s for e in facts.of_kind("org", "platform", "event") for s in e.spans)
        if inside_a_name(norm, hit):
            continue  # 在中国国际消费品博览会期间设立…: the country begins the fair's name
        if norm[hit.end : hit.end + 1] != "(" and not any(s.start <= hit.start < s.end for s in named):
            place = add_hit(letter, facts, hit)
            facts.relations.append(Relation(ref, "locatedIn", place, Span(hit.start - 1, hit.end)))
            break
    approvers = list(APPROVER.finditer(norm, semi_start, span.start))
    if approvers:
        approver = approvers[-1]
        known = [h for h in hits if h.start == approver.start(1) and h.end == approver.end(1) and h.entry.kind == "org"]
        if known:
            org = add_hit(letter, facts, known[0])
            facts.relations.append(Relation(ref, "approvedBy", org, Span(approver.start(), approver.end())))
    hosted = HOSTED_AT.search(norm, comma_start, span.start)
    if hosted:
        host = [h for h in hits if h.start == hosted.start(1) and h.end == hosted.end(1) and h.entry.kind == "org"]
        if host:
            org = add_hit(letter, facts, host[0])
            facts.relations.append(Relation(ref, "hostedBy", org, Span(hosted.start(), span.end)))


def _clause_date(norm: str, start: int, stop: int) -> tuple[str, Span] | None:
    full = list(DATE.finditer(norm, start, stop))
    if full and (value := iso_date(full[-1])):
        return value, Span(full[-1].start(), full[-1].end())
    month = MONTH_ONLY.match(norm, start, stop)
    if not month:
        return None
    paragraph_start = norm.rfind("\n", 0, start) + 1
    earlier = [m for m in DATE.finditer(norm, paragraph_start, start)]
    if not earlier:
        return None
    year = earlier[-1].group("y")
    if not year.isdigit():
        return None
    day = f"-{int(month.group('d')):02d}" if month.group("d") else ""
    return f"{year}-{int(month.group('m')):02d}{day}", Span(month.start(), month.end())


def _only_proposed(facts: LetterFacts, gazetteer: Gazetteer, name: str) -> bool:
    """A name that only restates the proposal's own suggestion (建立…信息库) is not a platform."""
    place = gazetteer.leading_place(name)
    core = name[len(place) :] if place and name.startswith(place) else name
    return any(core in item.text for item in facts.items)


# A quoted name right before the ending, or before the generic words that end the run: the run is
# that one platform's name, however generic its other words (“甬知通”知识产权公共服务平台). A slogan with
# + (“互联网+”平台) names a way of working, not one platform.
QUOTED_NAME_BEFORE = re.compile(r"“[^“”+＋,。;:、\s]{2,12}”$")
# A demonstrative inside a run read as a name makes it a description (…交易会这一重要平台).
# So does a count (洛川、眉县两个国家…示范区: two things described, each named elsewhere or not at all).
DESCRIPTION_INSIDE = re.compile(
    r"这一|这个|这些|这类|此类|那些|(?:[两三四五六七八九十]|\d+)(?:个|家|所|座|批)|第(?:[一二三四五六七八九十]+|\d+)个"
)
# 一批概念验证中心, 若干孵化器: things of a kind, counted in bulk; 保护中心+快维中心+工作站: a model of work
# joined with +; 景德镇市某陶瓷工作室: an anonymised party (a placeholder), none of them one named platform.
KIND_BEFORE = re.compile(r"(?:一批|若干|多个|一些|一系列|各类|各种)$")
NOT_A_NAME_INSIDE = re.compile(r"[+＋]|某")


def _generic_after_joiner(stem: str, suffix: str) -> bool:
    """中央财政资金和省级专项资金: a joined run whose last part is generic words and a weak ending names
    a kind of thing, whatever stands before the joiner."""
    last = re.split(r"和|及|与", stem)[-1]
    return last != stem and suffix in WEAK_SUFFIXES and bool(GENERIC_STEM.fullmatch(last))


def _a_goal(norm: str, floor: int, start: int) -> bool:
    """Whether the name at ``start`` is a goal (目标是建成…, 打造成为…), not a thing that exists."""
    goal = GOAL_BEFORE.search(norm, floor, start)
    if goal is None or not goal.group(0).startswith("建成"):
        return goal is not None
    clause = max(norm.rfind(c, 0, goal.start()) for c in ",。;\n") + 1
    return bool(GOAL_CUE.search(norm, clause, goal.start()))


def _only_planned(norm: str, sentence: Sentence | None, start: int, end: int) -> bool:
    """Whether its clause only studies or suggests the thing named at ``start:end`` (see INTENT_CUE)."""
    if PLANNED_AFTER.match(norm, end):
        return True
    floor = sentence.start if sentence is not None else max(0, start - 60)
    floor = max(floor, norm.rfind(",", floor, start) + 1)
    if not BUILD_VERB_BEFORE.search(norm, max(floor, start - 8), start) and not _built_for(norm, floor, start):
        return False
    cues = list(INTENT_CUE.finditer(norm, floor, start))
    return bool(cues) and not DONE_AFTER_CUE.search(norm, cues[-1].end(), start)


# 设立面向葡语国家的…专窗: a build verb, then whom the thing serves, then its name.
BUILD_FOR = re.compile(r"(?:建设|设立|建立|组建|搭建|打造|开设|筹建)(?:面向|服务|针对)[^,。;]{1,14}的$")


def _built_for(norm: str, floor: int, start: int) -> bool:
    return bool(BUILD_FOR.search(norm, max(floor, start - 24), start))


def _no_name_ends_before(left: str) -> bool:
    """和/与 inside a platform's name unless a complete name ends before it (工作站和…站点)."""
    return not PLATFORM_SUFFIX.search(left[-6:]) and not left.endswith(("、", ","))

