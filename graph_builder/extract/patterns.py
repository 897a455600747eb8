"""Named regular expressions shared by the rules; they read the normalised text.

In the normalised text full-width brackets, colons, commas and semicolons are ASCII
(``(`` ``)`` ``:`` ``,`` ``;``); 《》 “” 、 。 〔〕 stay as they are.
"""

from __future__ import annotations

import re

from graph_builder.extract.scan import Anchored

CJK = r"\u4e00-\u9fff"
HAN = f"[{CJK}]"
HAN_RUN = re.compile(f"{HAN}+")
# Characters that end a name when a rule extends a name leftwards from its suffix.
NAME_BREAK = set(',。;:!?、“”"《》()[]{}〔〕 \t\r\n—…·/')
# Words that stand before a name and are not part of it (prepositions, verbs, quantifiers).
LEFT_STOPWORDS = (
    "探索",
    "安排",
    "开设",
    "新建",
    "再建",
    "确保",
    "具备",
    "邀请",
    "委托",
    "诉",
    "共建",
    "开通",
    "上线",
    "授权",
    "被上诉人",
    "上诉人",
    "被申请人",
    "申请人",
    "原告",
    "被告",
    "我局",
    "我委",
    "我厅",
    "我部",
    "我院",
    "我办",
    "本局",
    "本委",
    "建立健全",
    "提供",
    "我国",
    "全国",
    "各地",
    "我市",
    "我省",
    "本市",
    "加快建设",
    "搭建",
    "约谈",
    "压实",
    "遭遇",
    "扩大",
    "完成",
    "启动",
    "实施",
    "举行",
    "承办",
    "主办",
    "组织",
    "参与",
    "出席",
    "各类",
    "相关",
    "多个",
    "一批",
    "利用各类",
    "贵",
    "设有",
    "建有",
    "用好",
    "办理",
    "推荐",
    "支持",
    "积极争取",
    "推动建设",
    "推进建设",
    "依托",
    "建设",
    "建立",
    "组建",
    "设立",
    "打造",
    "成立",
    "支持",
    "推动",
    "推进",
    "加强",
    "加快",
    "完善",
    "培育",
    "承担",
    "落户",
    "争取",
    "开展",
    "新组建",
    "整合了",
    "整合",
    "建成",
    "引进",
    "依据",
    "根据",
    "按照",
    "通过",
    "联合",
    "会同",
    "结合",
    "经过",
    "同意",
    "批复",
    "授予",
    "获得",
    "获评",
    "评为",
    "入选",
    "列入",
    "纳入",
    "参加",
    "举办",
    "召开",
    "面向",
    "对接",
    "发挥",
    "利用",
    "运用",
    "成为",
    "作为",
    "已有",
    "已经",
    "已",
    "共有",
    "拥有",
    "目前",
    "今年",
    "去年",
    "全年",
    "近年来",
    "同时",
    "其中",
    "以上",
    "以下",
    "并",
    "在",
    "由",
    "与",
    "向",
    "对",
    "把",
    "将",
    "被",
    "给",
    "为",
    "以",
    "从",
    "经",
    "据",
    "和",
    "及",
    "等",
    "是",
    "有",
    "了",
    "的",
    "其",
    "该",
    "各",
    "我",
    "您",
    "你",
    "他",
    "她",
    "也",
    "又",
    "还",
    "于",
    "至",
    "到",
    "即",
    "就",
    "使",
    "让",
    "且",
    "或",
)
# Words that end in a stop word but belong inside names (应对 ≠ 对, 开发区 ≠ 发区).
WORDS_OVER_STOPS: dict[str, tuple[str, ...]] = {
    "对": ("应对", "面对", "相对"),
    "和": ("共和",),
    "与": ("参与",),
    "使": ("天使", "大使"),  # 天使投资基金
    "全国": ("中华全国",),  # 中华全国律师协会, 中华全国工商业联合会
    "诉": ("投诉", "申诉", "起诉", "上诉", "公诉", "告诉", "信诉"),  # A诉B公司: B's name starts after 诉
    "对接": ("诉调对接",),  # 知识产权诉调对接工作站: the fixed term, not the verb 对接
}
# One-character stop words that begin a word with the character after them (经理人, 经济, 经营): there
# they are the first character of a word inside the name, not the preposition (经商…).
STOPS_BEGINNING_WORDS: dict[str, str] = {"经": "理济营销验费典贸纬", "诉": "讼求调前源", "贵": "州阳港溪定"}
STOPWORDS_BY_LAST: dict[str, tuple[str, ...]] = {}
for _word in sorted(set(LEFT_STOPWORDS), key=len, reverse=True):
    STOPWORDS_BY_LAST[_word[-1]] = (*STOPWORDS_BY_LAST.get(_word[-1], ()), _word)

QUANTIFIER = re.compile(r"(?:\d+|[一二三四五六七八九十两百千]+)(?:家|个|批|项|座|所|支|类|种|多家|余家|多个)")
GENERIC_MODIFIERS = re.compile(
    r"(?:一批|一些|部分|相关|各类|各级|有关|其他|若干|多个|更多|大型|重点|国家级|省级|市级|区级)"
)
YEAR_PREFIX = re.compile(r"(?:19|20)\d{2}年度?")

QUOTED = re.compile(r"[“\"]([^“”\"]{2,40})[”\"]")
BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")
SHORT_NAME = re.compile(r"以下简称\s*[“\"]?\s*(《?[^”\"),。]{1,20}》?)\s*[”\"]?")
PROPOSAL_NUMBER = re.compile(
    r"第\s*[A-Za-z]?(?:\d{2,}|\d(?=\s*号\s*(?:代表)?(?:提案|建议|议案)))\s*号(?:\s*\([^()]{1,20}\d+号\))?"
)
# The run of numerals before 届 starts at most five characters (全国政协第) into a match.
SESSION_CORE = Anchored(
    re.compile(
        r"(?:全国)?(?:政协|人大)?(?:第?[一二三四五六七八九十]+届)(?:全国)?"
        r"(?:政协|人大|人民代表大会|委员会)?(?:第?[一二三四五六七八九十]+次(?:全体)?会议)"
    ),
    re.compile(r"(?=[一二三四五六七八九十]+届)"),
    0,
    5,
)
SESSION_LEFT_BOUNDARY = re.compile(r"(?:关于|对|在|于|的|向|将|,|。|:|\s|\(|《)$")
# How far back a match of it can start: two characters, and $ also matches before a final newline.
SESSION_LEFT_REACH = 3
TITLE_AFTER_PROPOSED = re.compile(
    r"提出的\s*(?:《(?P<book>[^》]{2,120})》|(?P<plain>关于[^(),。《]{2,120}?(?:提案|建议)))"
)
SALUTATION_SUFFIX = re.compile(r"(委员|代表|同志|先生|女士)$")
GROUP_PROPOSER = re.compile(
    rf"^(?P<lead>{HAN}{{2,4}})等\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?:名|位)(?:委员|代表)$"
)
# Common Chinese surnames (general knowledge): a three-character name before a post must
# start with one, else the name is the last two characters (落实伟中书记 → 伟中).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习温胡李"
)
PERSON_NAME = re.compile(rf"^{HAN}{{2,4}}$")
# A group named by its first member without a count: 黄振球等委员.
GROUP_UNCOUNTED = re.compile(rf"^(?P<lead>{HAN}{{2,4}})等\s*(?P<n>)(?:委员|代表)$")
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "钟离",
    }
)
