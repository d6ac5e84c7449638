"""Shared pieces of the corpus generator: sites, Chinese text, dates and page chrome.

Every page is a `Spec`: the markup of its main content, the labels a correct extractor
must find, and the chrome options. `wrap_page` puts the content inside a header (with
the "今天是…" banner), navigation, breadcrumb, a sidebar of hot news with newer dates
and a footer carrying the site's identity block. Those parts are the traps: each holds
dates or lists that are not the page's own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

AS_OF = date(2026, 11, 28)
WEEKDAYS = "一二三四五六日"
PROVINCES = [("豫", "41", "0379"), ("晋", "14", "0351"), ("浙", "33", "0571"), ("皖", "34", "0551"),
             ("鲁", "37", "0531"), ("湘", "43", "0731"), ("赣", "36", "0791"), ("陕", "61", "029")]
COUNTIES = ["孟津", "伊川", "宜阳", "卢氏", "汝阳", "洛宁", "栾川", "新安", "偃师", "临汾",
            "德清", "安吉", "桐庐", "淳安", "太湖", "宿松", "平阴", "商河", "浏阳", "宁乡"]
TOWNS = ["城关镇", "白鹤镇", "会盟镇", "平乐镇", "朝阳镇", "送庄镇", "麻屯镇", "横水镇", "常袋镇", "小浪底镇"]
TOPICS = ["秋冬季大气污染防治", "安全生产大检查", "乡村振兴", "营商环境优化", "冬季供暖保障", "防汛抗旱",
          "森林防火", "耕地保护", "消费品以旧换新", "农村人居环境整治", "基层医疗服务", "义务教育均衡发展",
          "河长制", "食品安全", "就业创业", "城乡居民医保参保", "文明城市创建", "招商引资"]
ACTIONS = ["召开{t}工作推进会", "部署{t}重点工作", "开展{t}专项督查", "举办{t}培训班", "通报{t}进展情况",
           "调研{t}工作", "推进{t}取得阶段性成效", "启动{t}百日攻坚行动"]
DOC_TITLES = ["关于印发{c}县{t}实施方案的通知", "关于做好{t}工作的通知", "关于进一步加强{t}的意见",
              "关于公布{c}县{t}责任清单的通知", "关于开展{t}专项行动的通知", "{c}县{t}管理办法"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建国志强海燕秀英卫东红梅明辉晓峰丽娟春生国庆文斌永刚玉兰振华桂芳新民立新德胜宏伟少华"


@dataclass
class Site:
    family: str
    county: str
    province: tuple[str, str, str]
    host: str
    site_id_code: str
    icp: str
    police_record: str
    sponsor: str
    phone: str

    @property
    def base(self) -> str:
        return f"http://{self.host}"

    @property
    def name(self) -> str:
        return f"{self.county}县人民政府"


@dataclass
class Spec:
    """One page to write: its content, its labels and how to dress it."""

    path: str
    kind: str
    content: str
    expect: dict[str, Any]
    title: str = ""
    metas: list[tuple[str, str]] = field(default_factory=list)
    as_of: date = AS_OF
    chrome: bool = True
    head_extra: str = ""


def make_site(rng: random.Random, family: str, index: int) -> Site:
    county = COUNTIES[index % len(COUNTIES)]
    province = PROVINCES[index % len(PROVINCES)]
    short, code, area = province
    slug = f"{family}{index:02d}"
    site_id_code = f"{code}{rng.randrange(10**7, 10**8):08d}"
    icp_suffix = rng.choice(["", "", "-1", "-2"])
    spaced = rng.random() < 0.5
    police = f"{short}公网安备{' ' if spaced else ''}{code}{rng.randrange(10**11, 10**12)}号"
    return Site(family=family, county=county, province=province, host=f"www.{slug}.gov.cn",
                site_id_code=site_id_code, icp=f"{short}ICP备{rng.randrange(10**7, 10**8)}号{icp_suffix}",
                police_record=police, sponsor=f"{county}县人民政府办公室",
                phone=f"{area}-6{rng.randrange(10**6, 10**7)}")


def person(rng: random.Random) -> str:
    given = "".join(rng.choice([GIVEN[i:i + 2] for i in range(0, len(GIVEN), 2)]))
    return rng.choice(SURNAMES) + (given[: rng.choice([1, 2])])


def news_title(rng: random.Random, site: Site) -> str:
    who = rng.choice([f"{site.county}县", rng.choice(TOWNS), "县政府", "县发改委", "县应急管理局"])
    return who + rng.choice(ACTIONS).format(t=rng.choice(TOPICS))


def doc_title(rng: random.Random, site: Site) -> str:
    return rng.choice(DOC_TITLES).format(c=site.county, t=rng.choice(TOPICS))


def fmt_date(day: date, style: int) -> str:
    styles = [f"{day:%Y-%m-%d}", f"{day.year}年{day.month}月{day.day}日", f"{day:%Y/%m/%d}",
              f"{day:%Y.%m.%d}", f"{day.year}年{day.month:02d}月{day.day:02d}日"]
    return styles[style % len(styles)]


def banner(as_of: date) -> str:
    return f"今天是 {as_of.year}年{as_of.month}月{as_of.day}日 星期{WEEKDAYS[as_of.weekday()]}"


def body_text(rng: random.Random, site: Site, anchor: date, paragraphs: int = 4) -> str:
    """Article prose with its own dates (meeting days, deadlines): none is the page's date."""
    later = anchor + timedelta(days=rng.randrange(3, 40))
    earlier = anchor - timedelta(days=rng.randrange(1, 6))
    lines = [f"{earlier.month}月{earlier.day}日，{site.county}县召开{rng.choice(TOPICS)}工作会议，"
             f"总结前一阶段工作，安排部署下一步任务。",
             f"会议要求，各乡镇、各部门要进一步提高认识，压实责任，确保{rng.choice(TOPICS)}各项措施落到实处。",
             f"本方案自{later.year}年{later.month}月{later.day}日起施行，有效期至{later.year + 2}年12月31日。",
             f"截至{anchor.year}年{anchor.month}月底，全县累计完成投资{rng.randrange(10, 300)}.{rng.randrange(10)}亿元，"
             f"同比增长{rng.randrange(2, 20)}.{rng.randrange(10)}%。",
             "会议强调，要坚持问题导向，聚焦群众急难愁盼，持续抓好整改落实，以实际成效取信于民。"]
    rng.shuffle(lines)
    return "\n".join(f"<p style=\"text-indent:2em\">{line}</p>" for line in lines[:paragraphs])


def recent_dates(rng: random.Random, newest: date, count: int, max_gap: int = 3) -> list[date]:
    days, day = [], newest
    for _ in range(count):
        days.append(day)
        day -= timedelta(days=rng.randrange(0, max_gap + 1))
    return days
