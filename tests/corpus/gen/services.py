"""Service guides (办事指南: complete or not, with forms) and home pages.

Service labels: name, the canonical element keys present, the form URLs. Label
spellings vary (办事流程 for 办理流程, 申请材料 for 办理材料, ...). Home labels: the
identity the footer shows (filled in by the writer from the footer it made).
"""

from __future__ import annotations

import random
from datetime import timedelta
from urllib.parse import urljoin

from .common import AS_OF, TOPICS, Site, Spec, news_title, recent_dates

ELEMENTS = {
    "事项名称": ["事项名称"], "设定依据": ["设定依据", "办理依据"], "申请条件": ["申请条件", "受理条件"],
    "办理材料": ["办理材料", "申请材料"], "办理流程": ["办理流程", "办事流程"], "办理时限": ["办理时限", "承诺时限"],
    "收费依据": ["收费依据", "收费标准及依据"], "优惠政策": ["优惠政策"], "表格下载": ["表格下载", "申请表格下载"],
    "办理地点": ["办理地点", "受理地点"], "咨询电话": ["咨询电话"],
}
SERVICES = ["个体工商户设立登记", "城乡居民基本养老保险参保登记", "建设工程规划许可证核发", "食品经营许可",
            "农村宅基地审批", "残疾人证办理", "道路运输经营许可", "取水许可", "医师执业注册", "民办学校设立审批"]


def element_text(key: str, site: Site, name: str) -> str:
    return {"事项名称": name, "设定依据": "《中华人民共和国行政许可法》及相关法律法规",
            "申请条件": "符合法定条件的公民、法人或其他组织", "办理材料": "1.申请书；2.身份证明复印件；3.其他相关材料",
            "办理流程": "申请—受理—审查—决定—送达", "办理时限": "法定时限20个工作日，承诺时限5个工作日",
            "收费依据": "不收费", "优惠政策": "无", "办理地点": f"{site.county}县政务服务中心一楼{random.Random(name).randrange(1, 40)}号窗口",
            "咨询电话": site.phone}[key]


def service_page(rng: random.Random, site: Site, index: int) -> Spec:
    url = f"{site.base}/zwfw/bszn/{AS_OF:%Y%m}/t{AS_OF:%Y%m}0{rng.randrange(1, 9)}_{rng.randrange(10**6, 10**7)}.html"
    name = rng.choice(SERVICES)
    keys = list(ELEMENTS)
    if index % 3 != 0:  # two of three guides are incomplete
        for dropped in rng.sample(keys[1:], rng.randrange(1, 5)):
            keys.remove(dropped)
    forms = []
    if "表格下载" in keys:
        forms = [f"./P0{AS_OF:%Y%m%d}{rng.randrange(1000, 9999)}.{ext}" for ext in rng.sample(["doc", "docx", "xls", "pdf"], rng.randrange(1, 3))]
    sections = []
    for key in keys:
        label = rng.choice(ELEMENTS[key])
        if key == "表格下载":
            value = "".join(f'<a href="{href}">{name}申请表{i + 1}</a><br>' for i, href in enumerate(forms))
        else:
            value = element_text(key, site, name)
        sections.append((label, value))
    if index % 2:
        rows = "".join(f'<tr><td class="name" width="150">{label}</td><td>{value}</td></tr>' for label, value in sections)
        main = f'<table class="bszn" border="1">{rows}</table>'
    else:
        main = "".join(f'<div class="sec"><h3>{i + 1}、{label}</h3><div class="txt">{value}</div></div>'
                       for i, (label, value) in enumerate(sections))
    content = f'<div class="guide"><h1>{name}办事指南</h1>{main}</div>'
    service = {"name": name if "事项名称" in keys else None, "elements": keys, "forms": [urljoin(url, href) for href in forms]}
    if service["name"] is None:
        del service["name"]
    return Spec(path=url, kind="service", content=content, title=f"{name}办事指南_{site.name}",
                expect={"kind": "service", "service": service})


def home_page(rng: random.Random, site: Site, index: int) -> Spec:
    blocks = []
    for column, href in [("政务要闻", "/xwdt/zwyw/"), ("通知公告", "/zwgk/tzgg/"), ("乡镇动态", "/xwdt/xzdt/")]:
        days = recent_dates(rng, AS_OF - timedelta(days=rng.randrange(0, 3)), 7)
        lis = "".join(f'<li><a href="{href}{day:%Y%m}/t{day:%Y%m%d}_{rng.randrange(10**6, 10**7)}.html">{news_title(rng, site)}</a>'
                      f'<span>{day:%m-%d}</span></li>' for day in days)
        blocks.append(f'<div class="box"><div class="box-hd"><h3>{column}</h3><a href="{href}" class="more">更多&gt;&gt;</a></div><ul>{lis}</ul></div>')
    services = "".join(f'<li><a href="/zwfw/bszn/#{i}">{s}</a></li>' for i, s in enumerate(rng.sample(SERVICES, 4)))
    links = "".join(f'<option value="http://www.{c}.gov.cn/">{c}</option>' for c in ["henan", "ly", "gov"])
    content = (f'<div class="focus"><img src="/images/focus1.jpg" alt="{rng.choice(TOPICS)}"></div>{"".join(blocks)}'
               f'<div class="fw"><h3>办事服务</h3><ul>{services}</ul></div>'
               f'<div class="yqlj">友情链接：<select onchange="window.open(this.value)"><option>政府网站</option>{links}</select></div>')
    metas = [("SiteIDCode", site.site_id_code)] if rng.random() < 0.5 else []
    if site.family == "hanweb":
        metas.append(("ColumnName", "首页"))
    return Spec(path=site.base + rng.choice(["/", "/index.html", "/index.shtml"]), kind="home", content=content,
                title=site.name, metas=metas, chrome=index % 4 != 3, expect={"kind": "home"})
