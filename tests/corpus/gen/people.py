"""Leader pages (lists and single profiles) and mailbox pages (letter lists, single letters).

Leader labels: name, post, photo (absolute or None) and, where the page shows them,
duties, cv and the profile url. Some profiles miss a photo, duties or CV.
Letter labels: subject, url, sent, status, answered, replied, replier where shown.
Traps: the writer's own name and dates in the letter text, the banner date.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin

from .common import AS_OF, TOPICS, TOWNS, Site, Spec, fmt_date, person

POSTS = ["县长", "常务副县长", "副县长", "县委常委、副县长", "县政府党组成员", "副县长（挂职）"]
ANSWERED = {"已回复": True, "已办结": True, "未回复": False, "办理中": False, "待处理": False}


def leader_entry(rng: random.Random, site: Site, with_cv: bool) -> dict[str, Any]:
    name = person(rng)
    birth = rng.randrange(1965, 1985)
    duties = (f"负责县政府{rng.choice(['常务', '农业农村', '工业和信息化', '教育', '卫生健康'])}方面工作。"
              f"分管{rng.choice(['财政', '审计', '自然资源', '交通运输', '水利'])}、{rng.choice(['统计', '应急管理', '民政', '林业'])}等方面工作。")
    cv = (f"{name}，男，汉族，{birth}年{rng.randrange(1, 13)}月生，{rng.choice(TOWNS)}人，{birth + 22}年参加工作，"
          f"中共党员，大学学历。历任{site.county}县{rng.choice(TOPICS)}办公室主任、{rng.choice(TOWNS)}党委书记等职。") if with_cv else ""
    return {"name": name, "post": rng.choice(POSTS), "duties": duties, "cv": cv}


def leader_list_page(rng: random.Random, site: Site, index: int) -> Spec:
    url = f"{site.base}/{rng.choice(['zwgk/ldxx', 'ldzc', 'zfld'])}/index.html"
    leaders, cards = [], []
    for position in range(rng.randrange(3, 7)):
        entry = leader_entry(rng, site, with_cv=False)
        href = f"./{position + 1:02d}/t{AS_OF:%Y%m}{rng.randrange(10, 28)}_{rng.randrange(10**6, 10**7)}.html"
        photo = f"/images/ld/{rng.randrange(1000, 9999)}.jpg" if rng.random() < 0.85 else None
        img = f'<img src="{photo}" alt="{entry["name"]}" width="120" height="160">' if photo else '<div class="nophoto"></div>'
        if index % 2 == 0:
            cards.append(f'<div class="ld-item"><a href="{href}">{img}</a><div class="ld-name"><a href="{href}">{entry["name"]}</a></div>'
                         f'<div class="ld-post">{entry["post"]}</div><div class="ld-fg">分工：{entry["duties"]}</div></div>')
            labelled = {"duties": entry["duties"]}
        else:
            cards.append(f'<tr><td width="130"><a href="{href}">{img}</a></td><td><p><strong>姓名：</strong><a href="{href}">{entry["name"]}</a></p>'
                         f'<p><strong>职务：</strong>{entry["post"]}</p></td></tr>')
            labelled = {}
        leaders.append({"name": entry["name"], "post": entry["post"], "photo": urljoin(url, photo) if photo else None,
                        "url": urljoin(url, href), **labelled})
    body = "".join(cards) if index % 2 == 0 else f'<table class="ldtable">{"".join(cards)}</table>'
    content = f'<div class="ld-list"><h2>政府领导</h2>{body}</div>'
    return Spec(path=url, kind="leader", content=content, title=f"政府领导_{site.name}",
                expect={"kind": "leader", "leaders": leaders})


def leader_single_page(rng: random.Random, site: Site, index: int) -> Spec:
    url = f"{site.base}/zwgk/ldxx/{rng.randrange(1, 9):02d}/t{AS_OF:%Y%m}05_{rng.randrange(10**6, 10**7)}.html"
    missing = rng.choice(["", "", "photo", "cv", "duties"])
    entry = leader_entry(rng, site, with_cv=missing != "cv")
    if missing == "duties":
        entry["duties"] = ""
    photo = None if missing == "photo" else f"./W0{AS_OF:%Y%m%d}{rng.randrange(100000, 999999)}.jpg"
    img = f'<div class="pic"><img src="{photo}" alt="{entry["name"]}"></div>' if photo else ""
    duties_label = rng.choice(["工作分工", "分工", "分管工作"])
    cv_label = rng.choice(["个人简历", "简历", "简　　历"])
    duties = f'<div class="fg"><h4>{duties_label}</h4><p>{entry["duties"]}</p></div>' if entry["duties"] else ""
    cv = f'<div class="jl"><h4>{cv_label}</h4><p>{entry["cv"]}</p></div>' if entry["cv"] else ""
    if index % 2:
        duties = f"<tr><th>{duties_label}：</th><td>{entry['duties']}</td></tr>" if entry["duties"] else ""
        cv = f"<tr><th>{cv_label}：</th><td>{entry['cv']}</td></tr>" if entry["cv"] else ""
        main = (f'<table class="ld-detail"><tr><td rowspan="4">{img}</td><th>姓名：</th><td>{entry["name"]}</td></tr>'
                f'<tr><th>职务：</th><td>{entry["post"]}</td></tr>{duties}{cv}</table>')
    else:
        main = f'{img}<div class="ld-info"><h2>{entry["name"]}</h2><p class="zw">{entry["post"]}</p>{duties}{cv}</div>'
    expected = {"name": entry["name"], "post": entry["post"], "photo": urljoin(url, photo) if photo else None,
                "duties": entry["duties"], "cv": entry["cv"]}
    return Spec(path=url, kind="leader", content=f'<div class="leader">{main}</div>',
                title=f"{entry['name']}_{site.name}", expect={"kind": "leader", "leaders": [expected]})


def letter_subject(rng: random.Random) -> str:
    return rng.choice(["关于{t}的建议", "咨询{t}相关政策", "反映{w}{t}问题", "{w}道路破损何时维修", "请求解决{w}自来水供应问题"]).format(
        t=rng.choice(TOPICS), w=rng.choice(TOWNS))


def mailbox_list_page(rng: random.Random, site: Site, index: int) -> Spec:
    url = f"{site.base}/{rng.choice(['hdjl/xzxx', 'xzxx', 'hdjl/zxts'])}/list.jsp"
    letters, rows = [], []
    for _ in range(rng.randrange(6, 15)):
        sent = AS_OF - timedelta(days=rng.randrange(1, 200))
        status = rng.choice(list(ANSWERED))
        replied = sent + timedelta(days=rng.randrange(1, 30)) if ANSWERED[status] else None
        replied = replied if replied is None or replied <= AS_OF else AS_OF
        href = f"detail.jsp?id={rng.randrange(10**5, 10**6)}"
        subject = letter_subject(rng)
        style = rng.randrange(3)
        rows.append(f'<tr><td class="bt"><a href="{href}" title="{subject}">{subject}</a></td><td>{fmt_date(sent, style)}</td>'
                    f'<td><span class="zt">{status}</span></td><td>{fmt_date(replied, style) if replied else "-"}</td></tr>')
        letters.append({"subject": subject, "url": urljoin(url, href), "sent": sent.isoformat(), "status": status,
                        "answered": ANSWERED[status], "replied": replied.isoformat() if replied else None})
    heads = rng.choice([("信件标题", "来信时间", "状态", "回复时间"), ("留言主题", "留言时间", "办理状态", "答复时间")])
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>"
    content = f'<div class="xx-list"><h2>县长信箱</h2><table class="letters" width="100%">{head}{"".join(rows)}</table></div>'
    return Spec(path=url, kind="mailbox", content=content, title=f"县长信箱_{site.name}",
                expect={"kind": "mailbox", "letters": letters})


def mailbox_single_page(rng: random.Random, site: Site, index: int) -> Spec:
    url = f"{site.base}/hdjl/xzxx/detail.jsp?id={rng.randrange(10**5, 10**6)}"
    sent = AS_OF - timedelta(days=rng.randrange(2, 150))
    answered = rng.random() < 0.7
    replied = min(sent + timedelta(days=rng.randrange(1, 40)), AS_OF) if answered else None
    replier = rng.choice([f"{site.county}县住房和城乡建设局", f"{site.county}县交通运输局", f"{site.county}县教育局"])
    subject = letter_subject(rng)
    status = "已回复" if answered else rng.choice(["未回复", "办理中"])
    style = rng.randrange(3)
    earlier = sent - timedelta(days=rng.randrange(10, 90))
    letter_text = (f"尊敬的领导：我是{rng.choice(TOWNS)}村民，{earlier.year}年{earlier.month}月{earlier.day}日曾经反映过此事，"
                   f"至今没有解决，希望有关部门尽快处理。")
    rows = [("来信标题", subject), ("来信人", person(rng)), ("来信时间", fmt_date(sent, style)), ("办理状态", status),
            ("来信内容", letter_text)]
    if answered:
        rows += [("回复单位", replier), ("回复时间", fmt_date(replied, style)),
                 ("回复内容", "您好！您反映的问题已转交相关部门办理，现答复如下：经核实，该问题已纳入今年整改计划。感谢您的关注。")]
    if index % 2:
        body = "".join(f"<tr><th width=\"100\">{k}：</th><td>{v}</td></tr>" for k, v in rows)
        content = f'<table class="letter-detail">{body}</table>'
    else:
        body = "".join(f'<div class="row"><label>{k}：</label><span>{v}</span></div>' for k, v in rows[:5])
        reply = "".join(f'<div class="row"><label>{k}：</label><span>{v}</span></div>' for k, v in rows[5:])
        content = f'<div class="letter"><div class="ask">{body}</div>' + (f'<div class="reply"><h3>回复信息</h3>{reply}</div>' if reply else "") + "</div>"
    letter: dict[str, Any] = {"subject": subject, "sent": sent.isoformat(), "status": status, "answered": answered,
                              "replied": replied.isoformat() if replied else None}
    if answered:
        letter["replier"] = replier
    return Spec(path=url, kind="mailbox", content=content, title=f"{subject}_{site.name}",
                expect={"kind": "mailbox", "letters": [letter]})
