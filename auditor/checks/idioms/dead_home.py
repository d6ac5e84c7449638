"""A home page that does not open at the audit: the site's first problem, and 不合格.

A county site whose home page did not answer once ranked first with 99.0: nothing of it
was read, so nothing was wrong. Now a home page that still fails after the retries of
`[crawl] home_retry_span` (two minutes by default, so a web server restarting for a
minute is not a dead site) is a critical `site.availability` problem at the home page,
a veto in both rulesets. A home page that answers on a later try is fine, and one that
refuses robots (403, a script challenge) is not dead: it is listed as unverified.
"""

from __future__ import annotations

from .model import ExampleColumn, IdiomExample, Served, html

NEWS = ExampleColumn("xwdt", "新闻动态", "news", "/xwdt/index.html")
JUDGED = ("site.availability",)
HOME = html("示例县人民政府", f'<ul class="nav"><li><a href="{NEWS.path}">{NEWS.name}</a></li></ul>')
COLUMN = Served(html(NEWS.name, '<ul class="list"><li><a href="/xwdt/1.html">县政府召开常务会议</a><span>2026-11-27</span></li></ul>'))
ERROR_PAGE = "<html><body><h1>500 Internal Server Error</h1></body></html>"

EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="dead-home", verdict="FAIL",
        title="首页每次都返回 500，栏目页正常",
        columns=(NEWS,), pages={"/": Served(ERROR_PAGE, status=500), NEWS.path: COLUMN}, judges=JUDGED,
        expect=(("site.availability", "/"),), rulesets=("mengjin-2011", "gov-cn-2019"),
    ),
    IdiomExample(
        pattern="dead-home", verdict="PASS",
        title="首页前 3 次返回 503（服务器重启），之后正常",
        columns=(NEWS,), pages={"/": Served(HOME, fail_first=3), NEWS.path: COLUMN}, judges=JUDGED,
    ),
    IdiomExample(
        pattern="dead-home", verdict="PASS",
        title="首页对机器返回 403：不是打不开，列为未能判定",
        columns=(NEWS,), pages={"/": Served("<html><body>Forbidden</body></html>", status=403), NEWS.path: COLUMN},
        judges=JUDGED, unverified=(("site.availability", "/"),),
    ),
)
