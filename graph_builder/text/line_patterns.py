"""The kinds of line a letter's head and closing are made of (文号, dates, page metadata, fields,
salutations, contacts, page footers), as patterns on the normalised text, and dates read from them."""

from __future__ import annotations

import re

from graph_builder.text.numerals import chinese_to_int

# Patterns read the normalised text: full-width brackets, colons and commas are ASCII there.
# The 文号, alone on its line or with the signing official after it (…58号　签发人：高振东).
DOC_NUMBER = re.compile(
    r"^([\u4e00-\u9fff]{1,14}[〔\[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\d{1,5}号)(?:\s+签发人\s*:\s*\S{2,4})?$"
)
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2}|[一二〇○O零三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d(?: ?\d)?|[一二三四五六七八九十]{1,3})\s*月"
    r"(?:\s*(?P<d>\d(?: ?\d)?|[一二三四五六七八九十]{1,3})\s*日)?"
)
# A feed's or a mail's date (<pubDate>Wed, 12 Jun 2024 09:15:00 +0800</pubDate>, RFC 822).
ENGLISH_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(?P<d>\d{1,2})\s+"
    r"(?P<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<y>(?:19|20)\d{2})\b"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?")
# A web page's metadata keys: those naming who published it, those naming when.
_SOURCE_KEYS = ("来源", "发布机构", "发文机关")
_DATE_KEYS = ("发布日期", "发布时间", "时间", "日期", "成文日期")
META_SOURCE = re.compile(rf"(?:{'|'.join(_SOURCE_KEYS)})\s*:\s*([^\s:]{{4,30}})")
# A web page's metadata line: key-value pairs (来源:… 时间:… 浏览次数:…), or a timestamp
# followed by the publishing body (2024-09-05 17:15 湖北省知识产权局).
META_LINE = re.compile(
    rf"^(?:(?:{'|'.join((*_SOURCE_KEYS, '信息来源', *_DATE_KEYS))}|浏览次数|点击数|阅读次数|字号|作者)"
    r"\s*:|(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s|$))"
)
# A page's breadcrumb (首页 > 政务公开 > 建议提案办理): where the page sits, not the letter's title.
BREADCRUMB = re.compile(r"^(?:网站)?首页\s*[>»/]|^(?:[^>»\s]{2,12}\s*[>»]\s*){2,}")
# An annex after the signature (附件 / 附件2: …征询意见表): a form or a table, not the letter.
ANNEX_HEAD = re.compile(r"^附件\s*\d*\s*(?::.*)?$")
# A results page's table of fields above the letter (提案号: 0123, 协办单位: …): neither title nor text.
# A form's fields may be numbered (一、建议编号: …, 六、答复内容:).
_FIELD_LABELS = [
    *("提案号", "建议号", "议案号", "提案编号", "建议编号", "提案人", "提出人", "领衔代表", "领衔人", "代表", "案由"),
    *("标题", "主办单位", "协办单位", "会办单位", "分办单位", "承办单位", "办理单位", "办理结果", "答复类别", "类别"),
    *("办理类别", "答复时间", "办结时间", "建议名称", "提案名称", "答复内容", "提案题目", "建议题目", "签发人"),
]
FIELD_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,3}\))?\s*(?:"
    # a form's labels may be letter-spaced to one width (提 案 号, 签 发 人)
    + "|".join("[ \u3000]?".join(label) for label in sorted(_FIELD_LABELS, key=len, reverse=True))
    + r")\s*:"
)
# A line announcing the text that follows (以下为答复全文: / 现答复如下:) ends a preface; it
# addresses nobody.
ANNOUNCING = re.compile(r"(?:如下|全文|原文)\s*:$")
# A web page's links and footer after the letter (【打印】【关闭】, 主办:…, ICP备…), and a printing line
# (…办公室　2023年9月15日印发): none is the letter's signature or date.
PAGE_FOOTER = re.compile(
    r"^(?:【|相关链接|主办\s*:|承办\s*:|网站标识码|版权所有|技术支持|网站地图|.*ICP备|.*公网安备|.*印发$|"
    r"阅读\s*\d|扫一扫|打印本页|关闭窗口|返回顶部|(?:分享|收藏|点赞|在看|转发|留言|写留言)(?:\s|$))"
)
# A printed page's running line (义乌市人民法院　第 1 页 共 2 页, - 2 -), wherever the page broke.
PAGE_MARK = re.compile(r"第\s*\d+\s*页\s*[/,]?\s*共\s*\d+\s*页\s*$|^[-—–－]\s*\d+\s*[-—–－]$")
# A labelled line of the closing (分管领导:…, (联系单位:…), 编辑:…, 注1:…): after the signature,
# a line that starts with a short label and a colon is contact, credits or a note, never the date
# or the signing body.
CLOSING_LABEL = re.compile(r"^\(?[\u4e00-\u9fff]{1,8}\d{0,2}\s*:")
# A signature's second line giving the body's second name (厦门市市场监督管理局 / （厦门市知识产权局）).
SIGNER_SECOND_NAME = re.compile(r"^\([\u4e00-\u9fff]{2,30}\)$")
# A signature's second line naming a unit of the body above it (大连市商务局 / 办公室).
SIGNER_UNIT = re.compile(r"^(?:办公室|综合处|综合科|办公厅|秘书处|[\u4e00-\u9fff]{1,6}(?:处|科|室))$")
META_KEYED_DATE = re.compile(rf"(?:{'|'.join(_DATE_KEYS)})\s*:\s*")
META_STAMP_SOURCE = re.compile(r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(\S{4,30})$")
CONTACT_LINE = re.compile(
    r"^(?:联系人|联系电话|联系单位|联系地址|抄送|公开方式|公开属性|附件|邮编|电话|传真|签发人|"
    r"\(此件|\(联系人|\(公开)"
)
SALUTATION = re.compile(r"^[^,。;:]{2,40}[:]$")
# A salutation naming several addressees, each with its own address word or a body's ending
# (胡嘉铭委员,郑若溪等4名委员,九三学社宁波市委会:): commas there separate names, not clauses.
ADDRESSEE = re.compile(
    r"^(?:尊敬的|敬爱的)?\s*[\u4e00-\u9fff\d]{2,24}"
    r"(?:委员|代表|同志|先生|女士|委员会|市委会|省委会|[会委党社联盟团组局部院所办]|界别)$"
)


def several_addressees(body: str) -> bool:
    """A line ending in a colon that names two or more addressees separated by commas."""
    if not body.endswith(":") or len(body) > 80 or "," not in body:
        return False
    parts = [p.strip() for p in body[:-1].split(",")]
    return len(parts) >= 2 and all(ADDRESSEE.match(p) for p in parts)
CLASS_LINE = re.compile(r"^[A-D]类$|^\(?[A-D]类\)?$")
ENDINGS = "。!?"


def iso_date(match: re.Match[str]) -> str | None:
    """ISO date (``YYYY-MM-DD`` or ``YYYY-MM``) from a DATE or ISO_DATE match, or None."""
    year = chinese_to_int(match.group("y"))
    month = chinese_to_int(_digits(match.group("m")) or "")
    day_text = _digits(match.group("d"))
    day = chinese_to_int(day_text) if day_text else None
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if day_text and (day is None or not 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def english_iso(match: re.Match[str]) -> str | None:
    """ISO date of an ENGLISH_DATE match (12 Jun 2024 → 2024-06-12), or None."""
    day, month = int(match.group("d")), _MONTHS.index(match.group("m")) + 1
    return f"{match.group('y')}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def _digits(text: str | None) -> str | None:
    """A date part without the spaces an OCR put between its digits (1 5 → 15)."""
    return text.replace(" ", "") if text else text
