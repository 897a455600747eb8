"""People a letter names: with a post (习近平总书记, 伟中书记, 局长王某) or as a contact person."""

from __future__ import annotations

import re
from functools import cache

from graph_builder.extract import patterns as P
from graph_builder.extract.gazetteer import Gazetteer
from graph_builder.extract.registry import add_entity
from graph_builder.extract.scan import Anchored
from graph_builder.extract.trie import trie_pattern
from graph_builder.extract.zones import inside
from graph_builder.model import Letter, LetterFacts, Span
from graph_builder.surnames import surnames

POSTS = (
    "总书记|书记|副书记|省长|副省长|市长|副市长|区长|县长|主席|副主席|主任|副主任|局长|副局长|"
    "部长|副部长|厅长|副厅长|院长|副院长|处长|副处长|科长|委员长|总理|副总理|秘书长|庭长|检察长"
)
# A name of 2-3 characters, then a post (posts may overlap: 副主任 holds 主任).
PERSON_WITH_POST = Anchored(
    re.compile(rf"(?P<name>{P.HAN}{{2,3}})(?P<post>{POSTS})"), re.compile(f"(?={trie_pattern(POSTS.split('|'))})"), 2, 3
)
# Posts a name may follow (局长王某, 副关长孙伟明带领…, 行长…).
POSTS_BEFORE_NAME = (
    "局长|副局长|主任|副主任|处长|副处长|科长|厅长|副厅长|院长|副院长|庭长|部长|书记|市长|区长|县长|"
    "检察长|副检察长|关长|副关长|署长|副署长|行长|副行长|会长|副会长|所长|副所长|馆长|站长|队长|副队长|董事长|总经理|主委|副主委"
)
# Characters that usually follow a name rather than end it (李卫东专门召开 → 李卫东).
AFTER_NAME = set("专亲主召率出在到对就等同表指强提要带赴参与和及、,。先也还又均曾已将为是")
@cache
def _post_then_surnamed_name() -> re.Pattern[str]:
    """A post, then a name that starts with any surname of ``surnames.tsv`` and is followed by what
    follows names (局长邝振宇带队, 副局长蒙其骏率队): the follower keeps a common word out."""
    single, _compound = surnames()
    followers = "".join(sorted(AFTER_NAME | set("率带牵审批讲作任介召")))
    # the name: one with a middle dot (检察长热合曼·吐尔逊), or a surname and one or two characters
    return re.compile(
        rf"(?P<post>{POSTS_BEFORE_NAME})(?P<name>{P.HAN}{{1,6}}·{P.HAN}{{1,8}}?|"
        rf"[{''.join(sorted(single))}]{P.HAN}{{1,2}}?)(?=[{re.escape(followers)}]|[^\u4e00-\u9fff]|$)"
    )


# A contact person, or the official who signed the letter off (签发人：高振东).
# The contact person may follow the unit they work in (联系人：民三庭　王丽娟, 经侦总队　孙卫东).
CONTACT = re.compile(
    rf"(?:联系人(?:及电话|及联系电话)?|签发人|经办人)\s*[:]?\s*(?:{P.HAN}{{1,20}}?(?:庭|队|处|科|室|办|局|部|中心|所)\s+)?"
    rf"(?P<name>{P.HAN}{{2,4}}?)(?=[,;\s(]|联系|电话|$)"
)
# A labelled line of the closing or of a repost's credits (分管领导：周宏亮　经办人：马丽娜, 编辑：蔡晓燕): the
# label at a line's start or after white space, then a colon, then the name alone.
CREDIT = re.compile(
    rf"(?:^|(?<=[\s(]))(?:分管领导|分管负责人|签发领导|承办人|核稿人|责任编辑|编辑|审核|审校|校对|初审|复审|终审|"
    rf"作者|记者|通讯员)\s*:\s*(?P<name>{P.HAN}{{2,4}}?)(?=[,;\s()]|$)",
    re.MULTILINE,
)
# A contact on a line of its own, after their unit: 省公安厅食品药品环境犯罪侦查总队　马骁，电话：024-…
PHONE_CONTACT = re.compile(
    rf"(?:^|(?<=\s))(?P<name>{P.HAN}{{2,4}}?)(?:\s+|\s*,\s*)(?:联系)?电话\s*:?\s*[\d(]", re.MULTILINE
)
# A second name after a credit's first, separated by white space (作者：黄一鸣　陶思远).
CREDIT_MORE = re.compile(
    rf"(?:^|(?<=[\s(]))(?:作者|记者|通讯员|编辑)\s*:\s*{P.HAN}{{2,4}}?[ \t\u3000]+"
    rf"(?P<name>{P.HAN}{{2,4}}?)(?=[,;\s()]|$)",
    re.MULTILINE,
)
NOT_NAMES = re.compile(
    r"(^党组$|^常务|^执行|^专职|^兼职|^时任|^现任|^原任|分管|主管|负责|专门|市委|省委|区委|县委|党委|支部|总|副|委|会|局|院|部|办|厅|市|省|区|县|^.?国|我|您|其|该|"
    r"长|主任|成员)$"  # 由副市长任组长: a post served in (任组长), not a name
)


def find_persons(letter: Letter, facts: LetterFacts, gazetteer: Gazetteer, zones: list[Span]) -> None:
    """People named with a post (习近平总书记, 伟中书记, 局长王某) or as contact persons."""
    norm = letter.norm
    for pattern in (PERSON_WITH_POST, _post_then_surnamed_name(), CONTACT, CREDIT, CREDIT_MORE, PHONE_CONTACT):
        for found in pattern.finditer(norm):
            start, end = found.start("name"), found.end("name")
            name = norm[start:end]
            if pattern is PERSON_WITH_POST and len(name) == 3 and name[0] not in P.SURNAMES:
                start, name = start + 1, name[1:]
            if len(name) < 2 or NOT_NAMES.search(name) or gazetteer.lookup(name) or inside(Span(start, end), zones):
                continue
            post = found.groupdict().get("post") or (found.group(0)[:3] if pattern is CONTACT else None)
            if pattern is CREDIT:
                post = "分管领导" if found.group(0).startswith("分管领导") else None
            stated = Span(start, found.end()) if pattern is PERSON_WITH_POST else Span(found.start(), end)  # with post
            add_entity(facts, "person", "Person", name, letter.text[start:end], Span(start, end), post=post,
                       stated_at=stated)
