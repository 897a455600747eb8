"""Write N synthetic reply letters for benchmarks: ``python bench/make_corpus.py N DIR [--seed S]``.

The letters follow the genre's two formats (政协提案答复函 and 人大建议答复) with varied
agencies, proposers, co-handlers, policies, platforms, cases, figures and dates, and are
about the size of the seed letter (about 5,000 characters). They exist to measure speed
and memory only: extraction quality is measured on real letters (eval/). The same N and
seed give the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

CITIES = [
    ("深圳", "广东"), ("广州", "广东"), ("东莞", "广东"), ("杭州", "浙江"), ("宁波", "浙江"),
    ("南京", "江苏"), ("苏州", "江苏"), ("成都", "四川"), ("武汉", "湖北"), ("西安", "陕西"),
    ("厦门", "福建"), ("青岛", "山东"), ("长沙", "湖南"), ("合肥", "安徽"), ("昆明", "云南"),
]
AGENCIES = [
    ("市场监督管理局", "市场监管局"), ("知识产权局", "知识产权局"), ("科学技术局", "科技局"),
    ("工业和信息化局", "工信局"), ("商务局", "商务局"), ("司法局", "司法局"), ("财政局", "财政局"),
    ("文化广电旅游体育局", "文广旅体局"), ("经济贸易和信息化委员会", "经信委"), ("发展和改革委员会", "发展改革委"),
]
COURTS = ["中级人民法院", "知识产权法庭", "人民检察院"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "浩勃建国思远明华晓丹立新卫东文静海燕志强丽娟春梅国庆永红秀英玉兰伟中宏伟"
TOPICS = [
    ("知识产权质押融资", "质押融资"), ("海外知识产权维权援助", "海外维权"), ("专利导航产业发展", "专利导航"),
    ("商标品牌建设", "商标品牌"), ("地理标志保护", "地理标志"), ("数字版权产业发展", "数字版权"),
    ("知识产权快速协同保护", "快速保护"), ("高价值专利培育", "高价值专利"), ("知识产权人才培养", "人才培养"),
    ("标准必要专利许可", "标准必要专利"),
]
POLICIES = [
    "《中华人民共和国专利法》", "《中华人民共和国商标法》", "《中华人民共和国著作权法》",
    "《知识产权强国建设纲要（2021－2035年）》", "《“十四五”国家知识产权保护和运用规划》",
    "《关于强化知识产权保护的意见》", "《专利侵权纠纷行政裁决办案指南》", "《与贸易有关的知识产权协定》",
    "《{city}市知识产权保护条例》", "《{city}市知识产权质押融资风险补偿资金管理办法》",
]
PLATFORMS = [
    "中国（{city}）知识产权保护中心", "{city}知识产权运营服务中心", "国家海外知识产权纠纷应对指导中心{city}分中心",
    "{city}市知识产权维权援助中心", "{city}技术与创新支持中心", "{city}知识产权金融服务中心",
]
CASES = [
    ("华为", "IDC", "标准必要专利使用费纠纷"), ("华为", "三星", "标准必要专利侵权"), ("腾讯", "字节跳动", "著作权侵权"),
    ("格力", "美的", "专利侵权"), ("大疆", "道通", "专利侵权"), ("比亚迪", "宁德时代", "专利无效"),
]
UNITS = [("亿元", "质押融资登记金额"), ("件", "发明专利授权量"), ("万件", "有效注册商标"), ("家", "服务企业"),
         ("场", "举办培训"), ("人次", "培训人员"), ("%", "同比增长")]
CN_DIGITS = "〇一二三四五六七八九"
ORDINALS = "一二三四五六七八九十"
FILLER = [
    "我们高度重视，认真研究，积极推动各项工作落实",
    "持续优化营商环境，提升知识产权公共服务水平",
    "加强部门协同，形成工作合力，推动政策落地见效",
    "引导企业提高知识产权创造、运用、保护和管理能力",
    "强化宣传培训，营造尊重知识、崇尚创新的良好氛围",
    "深入开展调查研究，及时总结推广典型经验做法",
]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _date(rng: random.Random, year: int, chinese: bool) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if not chinese:
        return f"{year}年{month}月{day}日"
    digits = "".join(CN_DIGITS[int(c)] for c in str(year))
    return f"{digits}年{_cn_number(month)}月{_cn_number(day)}日"


def _cn_number(n: int) -> str:
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else ORDINALS[tens - 1]) + "十" + (ORDINALS[ones - 1] if ones else "")


def _paragraph(rng: random.Random, city: str, topic: str, year: int) -> str:
    """One paragraph of the answer: a measure, a figure, a policy or platform, filler."""
    unit, what = rng.choice(UNITS)
    value = f"{rng.randint(1, 999)}.{rng.randint(0, 9)}" if unit in ("亿元", "%") else str(rng.randint(3, 9999))
    policy = rng.choice(POLICIES).format(city=city)
    platform = rng.choice(PLATFORMS).format(city=city)
    sentences = [
        f"{year - rng.randint(0, 2)}年，全市{what}达到{value}{unit}，{rng.choice(FILLER)}。",
        f"我局依据{policy}，会同相关部门推进{topic}工作，{rng.choice(FILLER)}。",
        f"依托{platform}，为企业提供咨询、预警、维权等一站式服务，{rng.choice(FILLER)}。",
        f"下一步，我们将继续{rng.choice(FILLER)}，推动{topic}工作再上新台阶。",
        f"目前已建成{rng.randint(2, 40)}个工作站，{rng.choice(FILLER)}。",
    ]
    rng.shuffle(sentences)
    return "".join(sentences[: rng.randint(3, 5)])


def make_letter(index: int, rng: random.Random) -> str:
    """The text of synthetic letter ``index``."""
    city, _province = rng.choice(CITIES)
    agency, agency_short = rng.choice(AGENCIES)
    sender = f"{city}市{agency}"
    co = rng.sample([a for a in AGENCIES if a[0] != agency], rng.randint(1, 3))
    topic, topic_short = rng.choice(TOPICS)
    year = rng.randint(2016, 2024)
    proposer = _person(rng)
    suggestion = rng.random() < 0.4
    number = f"{year}{rng.randint(1, 999):04d}"
    title = f"关于加快推进{topic}的{'建议' if suggestion else '提案'}"
    doc = f"{city[0]}{agency_short[0]}{'建' if suggestion else '提'}函〔{year}〕{rng.randint(1, 300)}号"
    indent = "　　" if rng.random() < 0.5 else ""
    lines: list[str] = []
    if suggestion:
        lines += [sender, f"关于市人大{rng.randint(5, 16)}届{rng.randint(1, 6)}次会议", f"第{number}号代表建议的",
                  "答复", "", doc, "", f"{proposer}代表："]
    else:
        lines += [doc, f"{sender}关于对", "", f"市政协{rng.randint(5, 14)}届{rng.randint(1, 6)}次会议第{number}号",
                  "", "提案答复的函", f"{proposer}委员："]
    co_names = "、".join(f"市{a[1]}" for a in co)
    lines.append(
        f"{indent}您提出的《{title}》（第{number}号，以下简称“《提案》”）收悉。本{'建议' if suggestion else '提案'}"
        f"由我局主办，{co_names}会办。{city}市{co[0][0]}（以下简称“市{co[0][1]}”）提出了会办意见。"
        f"我局高度重视，经认真研究，现答复如下："
    )
    for section in range(rng.randint(5, 7)):
        heading = rng.choice(("工作情况", "建议", "下一步工作"))
        lines.append(f"{indent}{ORDINALS[section]}、关于{topic_short}的{heading}")
        for sub in range(rng.randint(2, 4)):
            lines.append(f"{indent}（{ORDINALS[sub]}）{_paragraph(rng, city, topic, year)}")
        if rng.random() < 0.3:
            plaintiff, defendant, subject = rng.choice(CASES)
            court = f"{city}{rng.choice(COURTS)}"
            filler = rng.choice(FILLER)
            lines.append(f"{indent}{court}审结的{plaintiff}诉{defendant}{subject}案，入选年度典型案例，{filler}。")
        lines.append(f"{indent}{_paragraph(rng, city, topic, year)}")
    lines.append(f"{indent}感谢您对{city}知识产权工作的关心和支持，欢迎继续提出宝贵意见。")
    lines += ["", sender, _date(rng, year, chinese=rng.random() < 0.3)]
    if rng.random() < 0.5:
        lines.append(f"（联系人：{_person(rng)}，联系电话：0{rng.randint(10, 999)}-{rng.randint(10000000, 99999999)}）")
    return "\n".join(lines) + "\n"


def make_corpus(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write ``count`` letters into ``folder`` (``syn_000000.txt`` …); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    width = max(6, len(str(count)))
    paths = []
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")  # per-letter stream: letter i is the same for any N
        path = folder / f"syn_{index:0{width}d}.txt"
        path.write_text(make_letter(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many letters")
    parser.add_argument("folder", type=Path, help="where to write them")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    paths = make_corpus(args.count, args.folder, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} letters, {size / max(len(paths), 1) / 1000:.1f} kB each on average → {args.folder}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
