"""China's administrative divisions (``data/gazetteer/divisions.tsv``) and their loader."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from graph_builder.errors import InputError
from graph_builder.extract.divisions import (
    COLUMNS,
    Division,
    Divisions,
    _normalize_all,
    default_divisions,
    load_divisions,
)
from graph_builder.text.normalize import normalize_text

TSV = Path(__file__).resolve().parents[1] / "graph_builder" / "data" / "gazetteer" / "divisions.tsv"


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return default_divisions()


def _one(divisions: Divisions, name: str) -> Division:
    found = divisions.named(name)
    assert len(found) == 1, (name, found)
    return found[0]


def _raw_rows() -> list[list[str]]:
    lines = TSV.read_text(encoding="utf-8").split("\n")
    assert lines[0].split("\t") == COLUMNS
    assert lines[-1] == "", "ends with a line break"
    return [line.split("\t") for line in lines[1:-1]]


def test_counts_per_level(divisions: Divisions) -> None:
    """34 province-level (with Hong Kong, Macao, Taiwan), ~333 prefecture-level, ~2,840 county-level."""
    counts = Counter(division.level for division in divisions)
    assert counts["province"] == 34, counts
    assert 325 <= counts["city"] <= 340, counts  # 333 in the 2026 snapshot
    assert 2800 <= counts["county"] <= 2900, counts  # 2,847 in the 2026 snapshot
    assert len(divisions) == sum(counts.values())


def test_rows_are_well_formed() -> None:
    """6-digit codes, sorted, none twice; every parent exists and has the right level; no empty name."""
    rows = _raw_rows()
    codes = [row[0] for row in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes), [code for code, n in Counter(codes).items() if n > 1]
    level_of = {row[0]: row[3] for row in rows}
    for row in rows:
        assert len(row) == len(COLUMNS), row
        code, name, short, level, parent, name_en, abbr = row
        assert re.fullmatch(r"\d{6}", code), row
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,}", name), row
        assert name_en and name_en == name_en.strip() and '"' not in name_en, row
        assert short == "" or (len(short) >= 2 and short != name and name.startswith(short[:1])), row
        assert all(value == value.strip() for value in row), row
        if level == "province":
            assert parent == "" and code.endswith("0000") and abbr, row
        else:
            assert abbr == "", row
            assert parent in level_of, f"{code} {name}: parent {parent} unknown"
            assert code[:2] == parent[:2], row
            expected = {"province"} if level == "city" else {"province", "city"}
            assert level_of[parent] in expected, row


def test_pseudo_levels_are_dropped(divisions: Divisions) -> None:
    for pseudo in ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]:
        assert divisions.named(pseudo) == [], pseudo


def test_hong_kong_macao_taiwan_are_provinces(divisions: Divisions) -> None:
    for code, english in [("810000", "Hong Kong"), ("820000", "Macao"), ("710000", "Taiwan")]:
        division = divisions.by_code(code)
        assert division is not None and division.level == "province" and division.name_en == english


def test_shenzhen_is_in_guangdong(divisions: Divisions) -> None:
    shenzhen = _one(divisions, "深圳市")
    assert shenzhen == _one(divisions, "深圳")
    assert (shenzhen.code, shenzhen.level, shenzhen.name_en) == ("440300", "city", "Shenzhen")
    guangdong = divisions.parent(shenzhen)
    assert guangdong is not None and guangdong.name == "广东省"
    assert divisions.city_of(shenzhen) == shenzhen
    assert divisions.province_of(shenzhen) == guangdong
    assert divisions.parent(guangdong) is None and divisions.city_of(guangdong) is None
    assert divisions.province_of(guangdong) == guangdong


def test_nanshan_district_is_in_shenzhen_and_in_hegang(divisions: Divisions) -> None:
    """As the data says: 南山区 names two districts, Hegang's (Heilongjiang) and Shenzhen's."""
    found = divisions.named("南山区")
    assert [(d.code, d.name_en) for d in found] == [("230404", "Nanshan District"), ("440305", "Nanshan District")]
    assert [divisions.city_of(d).name for d in found] == ["鹤岗市", "深圳市"]  # type: ignore[union-attr]
    assert divisions.named("南山") == found
    shenzhen = _one(divisions, "深圳市")
    assert [d.code for d in divisions.within("南山区", shenzhen)] == ["440305"]
    assert [d.code for d in divisions.within("南山", _one(divisions, "广东省"))] == ["440305"]


def test_lezhi_county_is_in_ziyang_in_sichuan(divisions: Divisions) -> None:
    lezhi = _one(divisions, "乐至县")
    assert (lezhi.short, lezhi.level, lezhi.name_en) == ("乐至", "county", "Lezhi County")
    ziyang = divisions.parent(lezhi)
    assert ziyang is not None and ziyang.name == "资阳市" and divisions.city_of(lezhi) == ziyang
    assert divisions.province_of(lezhi).name == "四川省"
    assert divisions.parent(ziyang) == divisions.province_of(lezhi)


def test_county_level_divisions_directly_under_a_province(divisions: Divisions) -> None:
    """省直辖县级 (仙桃市, 济源市) and the municipalities' districts: the province is the parent."""
    for name, province in [
        ("仙桃市", "湖北省"),
        ("济源市", "河南省"),
        ("神农架林区", "湖北省"),
        ("石河子市", "新疆维吾尔自治区"),
    ]:
        division = _one(divisions, name)
        assert division.level == "county", name
        assert divisions.parent(division) == divisions.province_of(division) == _one(divisions, province), name
        assert divisions.city_of(division) is None, name
    haidian = _one(divisions, "海淀区")
    assert divisions.parent(haidian) == _one(divisions, "北京市") and divisions.city_of(haidian) is None


def test_chaoyang_district_is_ambiguous(divisions: Divisions) -> None:
    found = divisions.named("朝阳区")
    assert [(d.code, divisions.province_of(d).name) for d in found] == [("110105", "北京市"), ("220104", "吉林省")]
    assert [d.code for d in divisions.named("朝阳")] == ["110105", "211300", "220104"]  # and 朝阳市, Liaoning
    assert divisions.within("朝阳区", _one(divisions, "北京市")) == found[:1]
    assert divisions.within("朝阳区", _one(divisions, "长春市")) == found[1:]
    assert divisions.within("朝阳区", _one(divisions, "广东省")) == []


def test_traditional_characters_find_divisions(divisions: Divisions) -> None:
    assert _one(divisions, "廣州市").code == "440100"
    assert _one(divisions, "廣東").code == "440000"
    assert _one(divisions, "臺灣").code == "710000"
    # opencc folds 乾 to 干 in letters' text; the index holds the same normal form
    assert _one(divisions, "乾安县").code == "220723"
    assert normalize_text("乾安县") in divisions.names()


def test_by_abbreviation(divisions: Divisions) -> None:
    expected = {"粤": "广东省", "鄂": "湖北省", "京": "北京市", "沪": "上海市", "蜀": "四川省", "川": "四川省"}
    expected |= {"黔": "贵州省", "滇": "云南省", "陇": "甘肃省", "秦": "陕西省", "港": "香港特别行政区", "台": "台湾省"}
    for char, name in expected.items():
        province = divisions.by_abbreviation(char)
        assert province is not None and province.name == name, char
    assert divisions.by_abbreviation("粵") == divisions.by_abbreviation("粤")  # traditional
    assert divisions.by_abbreviation("深") is None
    assert sum(1 for row in _raw_rows() if row[6]) == 34


def test_short_forms(divisions: Divisions) -> None:
    """The commonly used short form; none of one character or a common word."""
    expected = {"广西壮族自治区": "广西", "内蒙古自治区": "内蒙古", "延边朝鲜族自治州": "延边", "深圳市": "深圳"}
    expected |= {
        "沛县": "",
        "乐至县": "乐至",
        "锡林郭勒盟": "锡林郭勒",
        "兰坪白族普米族自治县": "兰坪",
        "神农架林区": "神农架",
    }
    expected |= {"吉林市": "", "长沙县": "", "中方县": "", "合作市": "", "津市市": "", "东乡族自治县": ""}
    for name, short in expected.items():
        assert [d.short for d in divisions.named(name)] == [short], name
    for word in ["中方", "合作", "比如", "共和", "资源", "沛", "市中"]:
        assert divisions.named(word) == [], word
    assert [d.name for d in divisions.named("长沙")] == ["长沙市"]
    assert [d.name for d in divisions.named("吉林")] == ["吉林省"]


def test_english_names(divisions: Divisions) -> None:
    expected = {
        "广东省": "Guangdong",
        "内蒙古自治区": "Inner Mongolia",
        "广西壮族自治区": "Guangxi",
        "西藏自治区": "Tibet",
        "宁夏回族自治区": "Ningxia",
        "新疆维吾尔自治区": "Xinjiang",
        "香港特别行政区": "Hong Kong",
        "澳门特别行政区": "Macao",
        "陕西省": "Shaanxi",
        "西安市": "Xi'an",
        "延边朝鲜族自治州": "Yanbian Korean Autonomous Prefecture",
        "阿拉善盟": "Alxa League",
        "阿克苏地区": "Aksu Prefecture",
        "乌鲁木齐市": "Urumqi",
        "义乌市": "Yiwu",
        "长治市": "Changzhi",
        "成都市": "Chengdu",
        "漯河市": "Luohe",
        "兰坪白族普米族自治县": "Lanping Bai and Pumi Autonomous County",
        "科尔沁右翼前旗": "Horqin Right Wing Front Banner",
        "浦东新区": "Pudong New Area",
        "神农架林区": "Shennongjia Forestry District",
        "沛县": "Pei County",
    }
    for name, english in expected.items():
        assert [d.name_en for d in divisions.named(name)] == [english], name


def test_names_are_normalised_for_a_matcher(divisions: Divisions) -> None:
    names = divisions.names()
    assert names == sorted(set(names))
    assert {"深圳", "深圳市", "广东", "广东省", "朝阳区", "甘孜州", "延边州"} <= set(names)
    assert all(normalize_text(name) == name for name in names)
    every = [d.name for d in divisions] + [d.short for d in divisions if d.short]
    every += [d.short + "州" for d in divisions if d.short and d.name.endswith("自治州")]
    assert len(names) == len({normalize_text(name) for name in every})


def test_batch_normalisation_equals_one_by_one() -> None:
    """The loader normalises all names in one call; it gives what a call per name gives."""
    texts = [d.name for d in default_divisions()] + [d.short for d in default_divisions() if d.short]
    texts += ["廣州市", "乾安县", "（中國）", "ＡＢＣ"]
    assert _normalize_all(texts) == [normalize_text(text) for text in texts]


def test_default_is_loaded_once_and_fast() -> None:
    assert default_divisions() is default_divisions()
    load_divisions()  # the normaliser's own start-up is not the loader's
    best = min(_cpu_seconds_to_load() for _ in range(3))
    assert best < 0.1, f"loading divisions.tsv took {best * 1000:.1f} ms of CPU"  # about 10 ms


def _cpu_seconds_to_load() -> float:
    start = time.process_time()
    load_divisions()
    return time.process_time() - start


def test_a_table_with_another_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "divisions.tsv"
    path.write_text("canonical\tclass\taliases\tname_en\n深圳\tPlace\t深圳市\tShenzhen\n", encoding="utf-8")
    with pytest.raises(InputError, match="header"):
        load_divisions(path)
    path.write_text("\t".join(COLUMNS) + "\n440300\t深圳市\t深圳\tcity\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        load_divisions(path)
