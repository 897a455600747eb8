"""Organisations and persons named in a letter (co-handling bodies: co_handlers.py)."""

from __future__ import annotations

import re

from graph_builder.extract import patterns as P
from graph_builder.extract.boundaries import leading_function_word
from graph_builder.extract.gazetteer import Gazetteer, Hit
from graph_builder.extract.header import classify_org
from graph_builder.extract.jurisdiction import Jurisdiction
from graph_builder.extract.places import PROVINCE_ABBREVIATIONS
from graph_builder.extract.registry import add_entity, add_hit
from graph_builder.extract.scan import Anchored
from graph_builder.extract.verbs import CLAUSE_VERB, GOVERNING_VERB, LEADING_VERB, PARTY_ACTION
from graph_builder.extract.zones import extend_left, inside
from graph_builder.model import Letter, LetterFacts, Span

# Endings that make a name an organisation even when the gazetteer does not know it. Centres that are
# public institutions by their function (疾病预防控制中心, 公共资源交易中心, 检验检测中心) are bodies, not the
# service platforms other 中心 name.
ORG_SUFFIX = re.compile(
    rf"(?:疾病预防控制中心|公共资源交易中心|检验检测中心|质量检验中心|急救中心|血液中心|信息中心|审查协作{P.HAN}{{0,3}}中心|"
    r"股份有限公司|有限责任公司|有限公司|股份公司|公司|集团|行业协会|协会|促进会|商会|联合会|工作委员会|委员会|大学|学院|研究院|研究所|"
    r"人民法院|法院|中院|法庭|检察院|报社|管理局|监管局|知识产权局|仲裁院|仲裁委员会|仲裁中心|公证处|交易所|"
    r"保护办公室|基金会|领导小组办公室|领导小组|联席会议|广播电视台|电视台|卫视|广播电台|日报社|融媒体中心|研究中心|日报|晚报|银行|"
    r"代表团|管理总站|管理站)"
)
GENERIC_ORG_START = re.compile(
    r"(?:各|该|本|我|其(?![他它])|贵(?![州阳港溪定])|有关|相关|其他|一批|多家|部分|全市|全省|全国|统一|年|月|日|两地|各地|本地|当地|外地|异地)"
)
# A customs office is named by its place: 厦门海关, 东莞海关 (not 知识产权海关备案).
CUSTOMS = Anchored(
    re.compile(rf"(?<![{P.CJK}])({P.HAN}{{2,3}}海关)|(?<=[、,和及与同])({P.HAN}{{1,3}}海关)"), re.compile("海关"), 1, 3
)
# 会同海关, 联合海关: a lead verb before 海关, not a customs office's place
CUSTOMS_LEAD = re.compile(r"(?:会同|联合|经商|协调|配合|商请|邀请|依托)")
# A branch written after its parent's name: 国家金融监督管理总局 + 江苏监管局, 人民银行 + 广州分行.
BRANCH = re.compile(
    rf"{P.HAN}{{0,6}}?(?:监管局|监管分局|分局|分行|支行|办事处|代办处|分中心|分会|分院|代表处|人民法庭)"
)


def find_organizations(
    letter: Letter,
    facts: LetterFacts,
    gazetteer: Gazetteer,
    hits: list[Hit],
    home: Jurisdiction | None,
    zones: list[Span],
    titles: list[Span],
    events: list[Span],
) -> None:
    """Organisations from the gazetteer and from unmistakable endings (公司, 协会 …)."""
    taken: list[Span] = []
    companies = _place_led_companies(letter, gazetteer)
    # a name inside a party's already read (山西省委 in the proposer 民革山西省委) is part of that name
    parties = [s for ref in facts.proposers if ref in facts.entities for s in facts.entities[ref].spans]
    # the co-handlers read from the opening: a run inside one (经济委员会 of 区科技和经济委员会) is part of it
    handlers = [s for ref in facts.co_handlers if ref in facts.entities for s in facts.entities[ref].spans]
    for hit in hits:
        span = Span(hit.start, hit.end)
        if hit.entry.kind != "org":
            continue
        if any(p.start <= span.start and span.end <= p.end and p != span for p in parties):
            continue
        if letter.norm.startswith("门", hit.end) and letter.norm[hit.start : hit.end].endswith("部"):
            continue  # 公安部门, 农业农村部门: the departments of a field everywhere, not the ministry
        if any(c.start <= span.start and span.end <= c.end and c != span for c in companies):
            continue  # 三星 inside 惠州三星电子有限公司: the company is the name
        whole_title = any(t.start == span.start and t.end == span.end for t in titles)
        if inside(span, zones) and not (whole_title and hit.entry.cls == "Media"):
            continue
        branch = BRANCH.match(letter.norm, hit.end)
        if branch and not hit.via_stem and not GENERIC_ORG_START.match(letter.norm, hit.end):
            span = Span(hit.start, branch.end())
            name = letter.norm[span.start : span.end]
            add_entity(facts, "org", hit.entry.cls, name, letter.text[span.start : span.end], span)
        else:
            add_hit(letter, facts, hit)
        taken.append(span)
    body = Span(letter.header.body.start, len(letter.norm))  # the body and the closing lines
    for found in ORG_SUFFIX.finditer(letter.norm, body.start, body.end):
        end = found.end()
        if any(t.start <= found.start() < t.end for t in taken):
            continue
        start = extend_left(letter.norm, found.start(), body.start)
        start = _unit_of_a_named_body(letter.norm, start, taken)
        verbs = list(CLAUSE_VERB.finditer(letter.norm, start, found.start()))
        verbs += PARTY_ACTION.finditer(letter.norm, start, found.start())
        verbs += (v for v in GOVERNING_VERB.finditer(letter.norm, start, found.start()) if end - v.end() >= 4)
        verbs.sort(key=lambda v: v.end())
        if verbs:
            start = verbs[-1].end()  # 带队赴西安交通大学: the name starts after the clause's verb
        start = _after_other_names(letter.norm, start, found.start(), gazetteer)
        verb = LEADING_VERB.match(letter.norm, start, found.start())
        if verb:
            start = verb.end()  # 引导行业协会制定…: a verb before a name never begins it
        if SECTOR_AFTER.match(letter.norm, end):
            continue  # 银行业金融机构, 更多银行机构: the ending names a sector here, not one body
        if found.group(0) == "大学" and letter.norm.startswith(("科技园", "城"), end):
            continue  # 国家大学科技园, 大学城: a park or a town named after universities, not one
        branch = BRANCH.match(letter.norm, end)
        if branch and found.group(0) == "银行" and gazetteer.leading_place(letter.norm[end : branch.end()]):
            end = branch.end()  # 中国银行绍兴分行: the branch is the body the letter names
        name = letter.norm[start:end]
        span = Span(start, end)
        if any(h.start <= start and end <= h.end and h != span for h in handlers):
            continue
        if len(name) < 4 or name in gazetteer.generic or inside(span, zones) or TASK_GROUP.fullmatch(name):
            continue
        overlapping = [t for t in taken + events if t.start < end and start < t.end]
        # 中国海洋大学海洋药物国家工程研究中心: a unit named after the body it belongs to is a name
        # of its own; any other overlap means the run ran into another name
        if overlapping and not all(t.start == start and t.end <= found.start() for t in overlapping):
            continue
        if GENERIC_ORG_START.match(name) or _generic_after_joiner(name, gazetteer) or _place_and_class(name, gazetteer):
            continue
        if letter.norm.endswith(("以上", "以下"), body.start, start):
            continue  # 省级以上工程技术研究中心180个, 规模以上企业: a kind of body counted in a scope
        if PLACEHOLDER.fullmatch(letter.norm, start, found.start()):
            continue  # 某某集团, XX公司: a placeholder for any body (宁波某机械公司 is one anonymised body)
        if CLASS_STEM.fullmatch(letter.norm, start, found.start()) and not found.group(0).endswith("委员会"):
            continue  # 商业银行, 保险公司, 基层人民法院: a kind of body (a committee is named by its field)
        add_entity(facts, "org", classify_org(name, "Organization"), name, letter.text[start:end], span)
        taken.append(span)
        for parent in overlapping:  # its parent's name, written inside it, is not a mention of the parent
            _forget_mention(facts, parent)
    _listed_stems(letter, facts, gazetteer, taken, zones)
    for found in CUSTOMS.finditer(letter.norm, body.start, body.end):
        group = 1 if found.group(1) else 2
        span = Span(found.start(group), found.end(group))
        if not any(t.start < span.end and span.start < t.end for t in taken) and not inside(span, zones):
            name = letter.norm[span.start : span.end]
            if GENERIC_ORG_START.match(name) or CUSTOMS_LEAD.match(name) or leading_function_word(name):
                continue
            # 杭州海关, 澳海关 (of 港、澳海关); 健全海关 is a verb and the customs in general
            if gazetteer.starts_with_place(name) or (len(name) == 3 and name[0] in PROVINCE_ABBREVIATIONS):
                add_entity(facts, "org", "GovernmentAgency", name, letter.text[span.start : span.end], span)
                taken.append(span)


# After an ending, these make it a sector or a kind (银行业, 银行机构, 协会类), not one body's name.
SECTOR_AFTER = re.compile(r"业|机构|类")
# Words that only say what kind of body follows (商业银行, 担保公司, 基层人民法院, 技术公司): an ending
# with nothing but these before it names a kind of body; a body's own name has a proper part (a
# place, a brand). A committee is the exception: it is named by its field (知识产权专业委员会).
CLASS_STEM = re.compile(
    r"(?:商业|保险|担保|投资|融资|信托|证券|基金|科技|技术|贸易|网络|信息|电子商务|电商|互联网|物流|"
    r"(?:基层|中级|高级)人民|基层|中级|高级|专门|地方|民营|国有|外资|外商投资|中小|小微|中小微|龙头|骨干|重点|创新型|高新技术|"
    r"平台|代理|服务|咨询|评估|律师|会计师|知识产权|行业|产业|专业|合作|更多|辖内|辖区|域内|境外|境内|新设|涉案|外国|国外|"
    r"各|有关|相关|部分|一些|其他|多家|大型|头部|新型|股份制|城市|农村|村镇|"
    r"上级|下级|同级|两级|三级|省级|市级|县级|区级)+"
)
PLACEHOLDER = re.compile(r"某+|[Xx×]+")
# A group named only by its task (办理工作领导小组, 提案办理领导小组): a class of groups, not one body.
TASK_GROUP = re.compile(r"(?:提案|建议|议案)?(?:办理|答复)?(?:工作)?(?:领导小组|领导小组办公室|联席会议)")
COMPANY_END = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")


def _unit_of_a_named_body(norm: str, start: int, taken: list[Span]) -> int:
    """中国科学院宁波材料技术与工程研究所: a run read leftwards that stopped at 与/和/及 inside a unit's
    name goes on to the body named just before it, when only the unit's words lie between them (the
    unit's name begins with its parent's); otherwise the run stands."""
    if norm[start - 1 : start] not in ("与", "和", "及"):
        return start
    before = [span for span in taken if span.end < start]
    if not before:
        return start
    parent = max(before, key=lambda span: span.end)  # the nearest name before the joiner
    between = norm[parent.end : start - 1]
    if 0 < len(between) <= 10 and P.HAN_RUN.fullmatch(between) and not UNIT_BREAK.search(between):
        return parent.start
    return start


# Words that end a list or a clause, never inside a unit's name (…学院等高校和…公司).
UNIT_BREAK = re.compile(r"[等的了在和与及或对向由为是将已]")


def _place_led_companies(letter: Letter, gazetteer: Gazetteer) -> list[Span]:
    """Company names that begin with a place (惠州三星电子有限公司): a known brand inside one
    is part of it, not a name of its own."""
    norm = letter.norm
    body = letter.header.body.start
    found_spans: list[Span] = []
    for found in COMPANY_END.finditer(norm, body):
        start = extend_left(norm, found.start(), body)
        name = norm[start : found.start()]
        if len(name) >= 4 and gazetteer.leading_place(name) and not GENERIC_ORG_START.match(name):
            found_spans.append(Span(start, found.end()))
    return found_spans




def _listed_stems(
    letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, taken: list[Span], zones: list[Span]
) -> None:
    """A body named by its bare function in a list of bodies (与银保监会、版权局、发展改革委等部门):
    the letter does not say whose, so it is kept as written and local to the letter."""
    norm = letter.norm
    named = {s for e in facts.entities.values() for s in e.spans}  # co-handlers already read, with their level
    for found in gazetteer.listed_stem_pattern().finditer(norm, letter.header.body.start):
        span = Span(found.start(1), found.end(1))
        if span in named or any(t.start < span.end and span.start < t.end for t in taken) or inside(span, zones):
            continue
        stem = gazetteer.stems[found.group(1)]
        add_entity(facts, "org", stem.cls, found.group(1), letter.text[span.start : span.end], span, local=True)
        taken.append(span)


def _after_other_names(norm: str, start: int, stop: int, gazetteer: Gazetteer) -> int:
    """Where a name read leftwards really starts: after another company's name that ends inside
    the run (…有限公司科学技术研究院), and after the 中 of a preposition (在…中, 其中) before a place."""
    inner = norm.rfind("公司", start, stop)
    if inner >= 0 and not norm.endswith("分", start, stop):
        start = inner + 2  # …有限公司科学技术研究院; 中国出口信用保险公司浙江分公司 is one branch
    before_place = norm[start : start + 1] in "中其" and gazetteer.starts_with_place(norm[start + 1 : stop])
    if before_place and not gazetteer.starts_with_place(norm[start:stop]):
        start += 1  # 中浙江正宏电器… → 浙江正宏电器…; 中山… stays
    return start


def _forget_mention(facts: LetterFacts, span: Span) -> None:
    """Drop a mention read inside a longer name; the entity goes when it has no mention left and
    no fact holds it."""
    for entity in list(facts.entities.values()):
        if span in entity.spans and entity.kind == "org":
            entity.spans.remove(span)
            held = {*facts.proposers, *facts.co_handlers, facts.responding_agency, facts.main_handler}
            held.update(r.subject for r in facts.relations)
            held.update(r.obj for r in facts.relations if isinstance(r.obj, tuple))
            if not entity.spans and entity.ref not in held:
                del facts.entities[entity.ref]


def _place_and_class(name: str, gazetteer: Gazetteer) -> bool:
    """深圳商协会, 行业协会与深圳商协会: a place and a class noun name the class there, not one body."""
    last = re.split(r"和|及|与", name)[-1]
    place = gazetteer.leading_place(last)
    if place is None:
        return False
    rest = last[len(place) :].lstrip("市省区县")
    # 成都知识产权法庭 is one court: a place before a court's or an agency's name makes it one body.
    return rest in gazetteer.generic and not re.search(r"(?:法庭|法院|检察院|局|厅|委员会|委)$", rest)


def _generic_after_joiner(name: str, gazetteer: Gazetteer) -> bool:
    """专业市场和行业协会: a joined name whose last part is a generic noun names a class."""
    last = re.split(r"和|及|与", name)[-1]
    return last != name and last in gazetteer.generic
