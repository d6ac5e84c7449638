"""dead-home: two department sites whose home page cannot be fetched during the audit.

- `shuili` (云溪县水利局, 127.0.0.160): nothing listens on the address at the estate's port
  (the server checks the port is free there and never binds it): every request is refused.
- `czj` (云溪县财政局, 127.0.0.161): the home page `/` answers 500 on every request (GET, HEAD,
  retries); its columns and articles answer normally, and every page links the home page.
"""

from __future__ import annotations

import datetime as dt

from .common import Site, article_body, dates, iso, news_items
from .fam_siteserver import channel

DEAD_IP = "127.0.0.160"
ERROR_IP = "127.0.0.161"
REASON = "首页无法访问"

ERROR_500 = """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head><title>500 Internal Server Error</title></head><body>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error or misconfiguration and was unable to complete your request.</p>
<p>java.lang.NullPointerException at com.cms.web.IndexServlet.service(IndexServlet.java:87)</p>
</body></html>"""


def build_shuili(est):
    s = Site(est, "shuili", "云溪县水利局", DEAD_IP, "department", listening=False)
    est.sites.append(s)
    news = s.column("news", "水利动态", "/sldt/index.html", "news")
    notes = s.column("notices", "通知公告", "/tzgg/index.html", "notices")
    home = s.base + "/"
    est.plant("site.availability", s, None, home, "dead-home",
              "整个主机拒绝连接（该地址上无服务监听）：首页无法访问，网站不合格")
    est.plant("column.unreachable", s, "news", news["url"], "dead-home", "主机拒绝连接：栏目无法打开")
    est.plant("column.unreachable", s, "notices", notes["url"], "dead-home", "主机拒绝连接：栏目无法打开")
    est.fail(s, REASON)
    return s


def build_czj(est):
    s = Site(est, "czj", "云溪县财政局", ERROR_IP, "department")
    est.sites.append(s)
    s.robots()
    news = s.column("news", "财政动态", "/channels/301.html", "news")
    fin = s.column("finance", "财政预决算", "/channels/302.html", "other", "其他")
    s.add("/", ERROR_500, status=500, ctype="text/html; charset=iso-8859-1")

    items = news_items(est, "县财政局", dates(est, 25))
    u = channel(s, 301, news["name"], items, per_page=15)
    fitems = []
    for k, d in enumerate(dates(est, 12, start=2, step=9)):
        t = f"云溪县{['教育', '卫生健康', '农业农村', '交通运输'][k % 4]}支出{d.year}年{d.month}月预算执行情况"
        fitems.append({"id": est.xid(), "title": t, "date": d, "body": article_body(t, d, "云溪县财政局")})
    fu = channel(s, 302, fin["name"], fitems)

    home = s.base + "/"
    est.plant("site.availability", s, None, home, "dead-home",
              "首页 / 对每次请求（含 HEAD、重试）都返回 500：首页无法访问，网站不合格")
    est.plant("link.broken", s, None, home, "dead-home",
              "本站每个页面的“首页”导航和网站标志都链接首页，首页返回 500（部门网站的每个链接都要检查）")
    est.fail(s, REASON)
    est.ok("column.unreachable", s, news["url"], "dead-home", "首页 500，但栏目页正常（200）")
    est.ok("column.unreachable", s, fin["url"], "dead-home", "首页 500，但栏目页正常（200）")
    est.ok("column.cadence", s, news["url"], "dead-home", "财政动态每日更新（首页坏了，栏目照常）")
    est.ok("column.empty", s, fin["url"], "dead-home", f"财政预决算 12 条，最新 {iso(est.d(2))}")
    est.ok("link.broken", s, u[items[0]["id"]], "dead-home", "文章页正常（200）")
    est.ok("content.outdated", s, fu[fitems[-1]["id"]], "dead-home",
           f"{iso(fitems[-1]['date'])}：三个多月前，未满两年")
    assert fitems[-1]["date"] > est.as_of - dt.timedelta(days=365)
    return s
