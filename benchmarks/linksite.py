"""The generated site that `benchmarks/links.py` audits, its truth, and the nginx that serves it.

A town government site (城关镇人民政府) on 127.0.0.1: a home page, a link column
(网站链接), eight columns of paginated lists and their articles, each page carrying
about 20 links (navigation, breadcrumb, related articles, previous/next, an image or
PDF attachment, friendly links, now and then a link elsewhere). "External" sites are
other loopback addresses served by the same nginx. Planted, with their truth:

    broken      deleted articles and attachments (404), missing pages on external
                hosts (404), a CMS search that answers 500, a port and an address
                where nothing listens (connection refused)
    wrong       an expired friendly-link domain now a gambling page, a host that
                answers "您访问的页面不存在" with 200 for every unknown path (soft 404),
                links that redirect (302) from one host to the gambling host
    unverified  a host that answers 403 to everything (a firewall refusing robots)
    ok          the traps that must not be reported: a same-site 301 to the moved
                page, the soft-404 host's and the redirecting host's real pages

Everything is drawn from one seeded `random.Random`, so a seed gives the same site.
"""

from __future__ import annotations

import math
import random
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

SITE_HOST = "127.0.0.1"
SITE_NAME = "清河县城关镇人民政府"
LIST_SIZE = 25  # items on one list page, as the CMS paginates
COLUMNS = [
    ("xwzx", "新闻中心"), ("tzgg", "通知公告"), ("zwgk", "政务公开"), ("zcwj", "政策文件"),
    ("bsfw", "办事服务"), ("hdjl", "互动交流"), ("rsxx", "人事信息"), ("ghjh", "规划计划"),
]
LINK_COLUMN = ("wzlj", "网站链接")

# the other "sites": loopback addresses on the same port, one nginx server block each
ORDINARY_HOSTS = {  # address -> the site's name (its title; the link text drops the county)
    "127.0.0.61": "清河县教育局", "127.0.0.62": "清河县卫生健康委员会", "127.0.0.63": "清河县人力资源和社会保障局",
    "127.0.0.64": "清河县自然资源局", "127.0.0.65": "清河县市场监督管理局", "127.0.0.70": "清河县人民政府",
}
GAMBLING_HOST = "127.0.0.66"   # the expired 清河县旅游网, now a parked gambling page on every path
SOFT404_HOST = "127.0.0.67"    # 清河县文化馆: real pages, and "页面不存在" with 200 for any other path
REDIRECT_HOST = "127.0.0.68"   # 清河县农业农村局: real pages, and /go/N answering 302 to the gambling host
FORBIDDEN_HOST = "127.0.0.69"  # 清河县公安局: a firewall answering 403 to every request
SILENT_HOST = "127.0.0.71"     # nothing listens here: connection refused
SERVED_HOSTS = [SITE_HOST, *ORDINARY_HOSTS, GAMBLING_HOST, SOFT404_HOST, REDIRECT_HOST, FORBIDDEN_HOST]

GAMBLING_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>澳门葡京娱乐城_在线博彩_百家乐_真人荷官</title></head><body>
<h1>澳门葡京娱乐城</h1><p>在线博彩 百家乐 真人荷官 老虎机 注册送彩金 首存返水</p>
<p>本域名出售，有意者请联系。</p></body></html>
"""
SOFT404_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面不存在</title></head>
<body><h1>页面不存在</h1><p>对不起，您访问的页面不存在或已被删除。</p><p><a href="/">返回首页</a></p></body></html>
"""
ROBOTS_TXT = "User-agent: *\nDisallow:\n"

TOPICS = ["冬季森林防火", "安全生产大检查", "人居环境整治", "秋粮收购", "疫苗接种", "防汛抗旱", "乡村振兴",
          "营商环境优化", "文明城市创建", "民生实事", "农村饮水安全", "义务教育招生", "医疗保障", "消防安全"]
ACTIONS = ["关于做好", "关于开展", "关于印发", "关于公布", "关于进一步加强", "城关镇召开", "城关镇部署"]
ENDINGS = ["工作的通知", "专项行动的通知", "实施方案的通知", "工作会议", "推进会", "情况的公示", "工作的意见"]
BODY = ("为深入贯彻落实县委、县政府决策部署，扎实推进{topic}工作，切实保障人民群众生命财产安全，"
        "结合我镇实际，现将有关事项通知如下。各村（社区）、各站所要高度重视，明确责任，狠抓落实。")


@dataclass
class Truth:
    """Every distinct link target the pages carry: its verdict and why (the manifest kept in memory)."""

    verdict: dict[str, str] = field(default_factory=dict)  # url -> ok | broken | wrong | unverified
    kind: dict[str, str] = field(default_factory=dict)     # url -> what was planted, e.g. "404 attachment"
    pages: int = 0                                         # HTML pages on the audited site
    occurrences: int = 0                                   # links written into those pages

    def add(self, url: str, verdict: str, kind: str) -> str:
        self.verdict.setdefault(url, verdict)
        self.kind.setdefault(url, kind)
        return url

    def urls(self, verdict: str) -> set[str]:
        return {url for url, v in self.verdict.items() if v == verdict}

    def counts_by_kind(self) -> Counter:
        return Counter((self.verdict[url], kind) for url, kind in self.kind.items())


@dataclass(frozen=True)
class Ports:
    """The port every served host listens on, and one where nothing listens."""

    served: int
    refused: int

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.served}{path}"

    @property
    def home(self) -> str:
        return self.url(SITE_HOST)


def free_ports() -> Ports:
    """A port free on every served address, and another free one that stays closed."""
    for _ in range(50):
        candidate = _unused_port()
        if all(_can_bind(host, candidate) for host in SERVED_HOSTS + [SILENT_HOST]):
            refused = _unused_port()
            if refused != candidate:
                return Ports(served=candidate, refused=refused)
    raise RuntimeError("no port free on every 127.0.0.x address the site needs")


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind((SITE_HOST, 0))
        return sock.getsockname()[1]


def _can_bind(host: str, port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


# ---------------------------------------------------------------- the pages


@dataclass
class Article:
    column: str
    path: str
    title: str
    day: date
    image: str = ""   # attachment paths, "" when the article has none
    pdf: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text) beyond the common ones


@dataclass
class Plan:
    """The site before it is written: articles by column, and the files that exist."""

    articles: dict[str, list[Article]]
    missing_files: set[str]
    pages: int  # the size asked for


def write_site(root: Path, pages: int, seed: int, ports: Ports) -> Truth:
    """Generate the audited site and the external hosts under `root`; return the truth."""
    rng = random.Random(seed)
    truth = Truth()
    plan = _plan_articles(rng, pages)
    _plant_attachments(rng, plan, truth, ports)
    extras = _extra_targets(rng, plan, truth, ports)
    _scatter(rng, plan, extras)
    _write_external_hosts(root, ports, truth)
    _write_site_pages(root / "site", plan, truth, ports, rng)
    return truth


def _articles_per_column(pages: int) -> int:
    # pages = home + link column + per column (articles + ceil(articles / LIST_SIZE) list pages)
    per_column = (pages - 2) / len(COLUMNS)
    return max(1, math.floor(per_column * LIST_SIZE / (LIST_SIZE + 1)))


def _plan_articles(rng: random.Random, pages: int) -> Plan:
    count = _articles_per_column(pages)
    articles: dict[str, list[Article]] = {}
    next_id = 10000
    for column, _name in COLUMNS:
        day = date(2026, 11, 27)
        column_articles = []
        for _ in range(count):
            next_id += rng.randint(1, 3)  # gaps, as a CMS's ids have: deleted articles live there
            column_articles.append(Article(column, _article_path(column, day, next_id), _title(rng), day))
            day -= timedelta(days=rng.randint(0, 2))
        articles[column] = column_articles
    return Plan(articles=articles, missing_files=set(), pages=pages)


def _article_path(column: str, day: date, number: int) -> str:
    return f"/{column}/{day:%Y%m}/t{day:%Y%m%d}_{number}.html"


def _title(rng: random.Random) -> str:
    return rng.choice(ACTIONS) + rng.choice(TOPICS) + rng.choice(ENDINGS)


def _plant_attachments(rng: random.Random, plan: Plan, truth: Truth, ports: Ports) -> None:
    """About 40% of articles show a photo and 20% attach a PDF; one in ten of those files is gone."""
    for article in _all_articles(plan):
        stem = article.path.rsplit("/", 1)[0] + "/W0" + article.path.rsplit("_", 1)[1].removesuffix(".html")
        if rng.random() < 0.4:
            article.image = _attachment(rng, plan, truth, ports, stem + ".jpg")
        if rng.random() < 0.2:
            article.pdf = _attachment(rng, plan, truth, ports, stem + ".pdf")


def _attachment(rng: random.Random, plan: Plan, truth: Truth, ports: Ports, path: str) -> str:
    if rng.random() < 0.1:
        plan.missing_files.add(path)
        truth.add(ports.url(SITE_HOST, path), "broken", "404 attachment")
    else:
        truth.add(ports.url(SITE_HOST, path), "ok", "attachment")
    return path


def _all_articles(plan: Plan) -> Iterator[Article]:
    for column_articles in plan.articles.values():
        yield from column_articles


def _extra_targets(rng: random.Random, plan: Plan, truth: Truth, ports: Ports) -> list[tuple[str, str]]:
    """Links placed now and then in articles: (href, text), each planted target once in the list."""
    def scaled(count: int) -> int:  # counts are for 2,000 pages: the shares stay whatever the size
        return max(2, round(count * plan.pages / 2000))

    extras: list[tuple[str, str]] = []
    extras += _deleted_articles(rng, plan, truth, ports, scaled(120))
    extras += _moved_articles(rng, plan, truth, ports, scaled(20))
    extras += _site_failures(truth, ports, failing=scaled(20), refused=scaled(10))
    extras += _ordinary_external(rng, truth, ports, pages_per_host=scaled(50), missing_per_host=scaled(14))
    extras += _wrong_external(truth, ports, gambling=scaled(12), soft404=scaled(15), redirects=scaled(10))
    extras += _forbidden_external(truth, ports, scaled(10))
    return extras


def _deleted_articles(rng, plan: Plan, truth: Truth, ports: Ports, count: int) -> list[tuple[str, str]]:
    """Links to ids the CMS skipped: articles since deleted (404)."""
    used = {a.path for a in _all_articles(plan)}
    found: list[tuple[str, str]] = []
    while len(found) < count:
        article = rng.choice(list(_all_articles(plan)))
        number = int(article.path.rsplit("_", 1)[1].removesuffix(".html")) + 1
        path = _article_path(article.column, article.day, number)
        if path not in used:
            used.add(path)
            truth.add(ports.url(SITE_HOST, path), "broken", "404 deleted article")
            found.append((path, _title(rng)))
    return found


def _moved_articles(rng, plan: Plan, truth: Truth, ports: Ports, count: int) -> list[tuple[str, str]]:
    """Old addresses under /old/ that answer 301 with the article's new address: not broken."""
    moved = rng.sample(list(_all_articles(plan)), count)
    return [(truth.add(ports.url(SITE_HOST, "/old" + a.path), "ok", "same-site 301"), a.title) for a in moved]


def _site_failures(truth: Truth, ports: Ports, failing: int, refused: int) -> list[tuple[str, str]]:
    """A CMS search that answers 500, and two kinds of connection refused."""
    links = []
    for n in range(failing):
        links.append((truth.add(ports.url(SITE_HOST, f"/dynamic/search.jsp?id={n}"), "broken", "500"), "站内检索"))
    for n in range(refused):
        url = f"http://{SITE_HOST}:{ports.refused}/bsdt/{n}.html"
        links.append((truth.add(url, "broken", "refused port"), "网上办事大厅"))
        links.append((truth.add(ports.url(SILENT_HOST, f"/xxgk/{n}.html"), "broken", "refused address"), "信息公开平台"))
    return links


def external_page_path(number: int) -> str:
    return f"/art/2026/11/{number}.html"


def _ordinary_external(rng, truth: Truth, ports: Ports, pages_per_host: int, missing_per_host: int):
    """Deep links to the other county sites: most exist, some were removed (404)."""
    links = []
    for host, name in ORDINARY_HOSTS.items():
        for number in range(pages_per_host):
            url = ports.url(host, external_page_path(number))
            links.append((truth.add(url, "ok", "external page"), name + _title(rng)))
        for number in range(missing_per_host):
            url = ports.url(host, external_page_path(1000 + number))
            links.append((truth.add(url, "broken", "404 external"), name + _title(rng)))
    return links


def _wrong_external(truth: Truth, ports: Ports, gambling: int, soft404: int, redirects: int) -> list[tuple[str, str]]:
    links = []
    for number in range(gambling):
        path = "/" if number == 0 else f"/lvyou/{number}.html"
        links.append((truth.add(ports.url(GAMBLING_HOST, path), "wrong", "gambling"), "清河旅游"))
    for number in range(soft404):
        url = ports.url(SOFT404_HOST, f"/whhd/{number}.html")
        links.append((truth.add(url, "wrong", "soft 404"), "文化活动"))
        links.append((truth.add(ports.url(SOFT404_HOST, external_page_path(number)), "ok", "external page"), "文化活动"))
    for number in range(redirects):
        url = ports.url(REDIRECT_HOST, f"/go/{number}")
        links.append((truth.add(url, "wrong", "302 to gambling"), "农业信息"))
        links.append((truth.add(ports.url(REDIRECT_HOST, external_page_path(number)), "ok", "external page"), "农业信息"))
    return links


def _forbidden_external(truth: Truth, ports: Ports, count: int) -> list[tuple[str, str]]:
    truth.add(ports.url(FORBIDDEN_HOST), "unverified", "403")  # its home page is in the link column
    return [(truth.add(ports.url(FORBIDDEN_HOST, f"/jwgk/{n}.html"), "unverified", "403"), "警务公开") for n in range(count)]


def _scatter(rng: random.Random, plan: Plan, extras: list[tuple[str, str]]) -> None:
    """Every extra target on one to four articles, so each planted target is really linked."""
    placements = [link for link in extras for _ in range(rng.randint(1, 4))]
    rng.shuffle(placements)
    articles = list(_all_articles(plan))
    for index, link in enumerate(placements):
        articles[index % len(articles)].links.append(link)


# ---------------------------------------------------------------- writing HTML


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{title}_{SITE_NAME}</title></head>\n<body>\n{body}\n</body></html>\n")


def _anchor(href: str, text: str) -> str:
    return f'<a href="{href}">{text}</a>'


class Writer:
    """Writes the site's pages and counts every link written, recording site targets in the truth."""

    def __init__(self, root: Path, truth: Truth, ports: Ports, plan: Plan) -> None:
        self.root, self.truth, self.ports, self.plan = root, truth, ports, plan

    def link(self, href: str, text: str) -> str:
        self.truth.occurrences += 1
        url = href if href.startswith("http") else self.ports.url(SITE_HOST, href)
        self.truth.add(url, "ok", "site page")  # planted targets were added first and keep their verdict
        return _anchor(href, text)

    def image(self, src: str) -> str:
        self.truth.occurrences += 1
        return f'<p><img src="{src}" alt="图片"></p>'

    def nav(self) -> str:
        items = [self.link("/index.html", "首页")]
        items += [self.link(f"/{column}/index.html", name) for column, name in COLUMNS]
        items.append(self.link(f"/{LINK_COLUMN[0]}/index.html", LINK_COLUMN[1]))
        return '<div class="nav">' + " ".join(items) + "</div>"

    def footer(self, friends: list[tuple[str, str]]) -> str:
        items = " ".join(self.link(href, text) for href, text in friends)
        return (f'<div class="footer">友情链接：{items}<p>主办单位：{SITE_NAME} 网站标识码：4103220001 '
                "豫ICP备12345678号</p></div>")

    def write(self, path: str, title: str, body: str) -> None:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_page(title, body), encoding="utf-8")
        self.truth.pages += 1


def friendly_links(ports: Ports) -> list[tuple[str, str]]:
    """The link column's entries: the county's sites by their names, county dropped from the text."""
    links = [(ports.url(host), name.removeprefix("清河")) for host, name in ORDINARY_HOSTS.items()]
    links.append((ports.url(GAMBLING_HOST), "县旅游网"))  # the expired domain, still listed
    links.append((ports.url(SOFT404_HOST), "县文化馆"))
    links.append((ports.url(REDIRECT_HOST), "县农业农村局"))
    links.append((ports.url(FORBIDDEN_HOST), "县公安局"))
    return links


def _write_site_pages(root: Path, plan: Plan, truth: Truth, ports: Ports, rng: random.Random) -> None:
    writer = Writer(root, truth, ports, plan)
    friends = friendly_links(ports)
    for url, _text in friends:
        truth.add(url, "ok", "external home")
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
    _write_home(writer, plan, friends)
    _write_link_column(writer, friends)
    for column, name in COLUMNS:
        _write_lists(writer, column, name, plan.articles[column], friends)
        _write_articles(writer, name, plan.articles[column], friends, rng)
    _write_attachments(root, plan)


def _write_home(writer: Writer, plan: Plan, friends: list[tuple[str, str]]) -> None:
    blocks = [writer.nav()]
    for column, name in COLUMNS:
        latest = "".join(f"<li>{writer.link(a.path, a.title)} <span>{a.day}</span></li>" for a in plan.articles[column][:8])
        blocks.append(f'<div class="block"><h2>{writer.link(f"/{column}/index.html", name)}</h2><ul>{latest}</ul></div>')
    blocks.append(writer.footer(friends[:2]))
    writer.write("/index.html", "首页", "\n".join(blocks))


def _write_link_column(writer: Writer, friends: list[tuple[str, str]]) -> None:
    items = "".join(f"<li>{writer.link(href, text)}</li>" for href, text in friends)
    body = f'{writer.nav()}<div class="main"><h1>{LINK_COLUMN[1]}</h1><ul class="links">{items}</ul></div>{writer.footer(friends[:2])}'
    writer.write(f"/{LINK_COLUMN[0]}/index.html", LINK_COLUMN[1], body)


def _list_path(column: str, page: int) -> str:
    return f"/{column}/index.html" if page == 0 else f"/{column}/index_{page}.html"


def _write_lists(writer: Writer, column: str, name: str, articles: list[Article], friends) -> None:
    """List pages with every page number linked, as TRS's createPageHTML shows them: depth stays 2."""
    count = math.ceil(len(articles) / LIST_SIZE)
    for page in range(count):
        chunk = articles[page * LIST_SIZE:(page + 1) * LIST_SIZE]
        items = "".join(f"<li>{writer.link(a.path, a.title)} <span>{a.day}</span></li>" for a in chunk)
        pager = " ".join(writer.link(_list_path(column, n), str(n + 1)) for n in range(count) if n != page)
        body = (f'{writer.nav()}<div class="crumb">{writer.link("/index.html", "首页")} &gt; {name}</div>'
                f'<div class="main"><h1>{name}</h1><ul class="list">{items}</ul><div class="pager">{pager}</div></div>'
                f"{writer.footer(friends[:2])}")
        writer.write(_list_path(column, page), name, body)


def _write_articles(writer: Writer, name: str, articles: list[Article], friends, rng: random.Random) -> None:
    for index, article in enumerate(articles):
        neighbours = [articles[i] for i in (index - 1, index + 1) if 0 <= i < len(articles)]
        related = rng.sample(articles, min(2, len(articles)))
        writer.write(article.path, article.title, _article_body(writer, name, article, neighbours, related, friends))


def _article_body(writer: Writer, name: str, article: Article, neighbours, related, friends) -> str:
    column_index = f"/{article.column}/index.html"
    content = [f"<p>{BODY.format(topic=article.title)}</p>"]
    if article.image:
        content.append(writer.image(article.image))
    if article.pdf:
        content.append(f"<p>附件：{writer.link(article.pdf, article.title + '.pdf')}</p>")
    content += [f"<p>{writer.link(href, text)}</p>" for href, text in article.links]
    related_items = "".join(f"<li>{writer.link(a.path, a.title)}</li>" for a in related)
    pager = " ".join(writer.link(a.path, a.title) for a in neighbours)
    return (f'{writer.nav()}<div class="crumb">{writer.link("/index.html", "首页")} &gt; '
            f'{writer.link(column_index, name)}</div><div class="main"><h1>{article.title}</h1>'
            f'<div class="info">发布时间：{article.day} 来源：{SITE_NAME}</div>{"".join(content)}'
            f'<div class="related"><h3>相关信息</h3><ul>{related_items}</ul></div>'
            f'<div class="pn">{pager}</div></div>{writer.footer(friends[:2])}')


def _write_attachments(root: Path, plan: Plan) -> None:
    # small stand-ins: what is checked is that the file answers, not what it holds
    for article in _all_articles(plan):
        for path, payload in ((article.image, b"\xff\xd8\xff\xe0 jpeg stand-in"), (article.pdf, b"%PDF-1.4 stand-in\n")):
            if path and path not in plan.missing_files:
                target = root / path.lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(payload)


EXTERNAL_NAMES = {**ORDINARY_HOSTS, SOFT404_HOST: "清河县文化馆", REDIRECT_HOST: "清河县农业农村局"}


def _write_external_hosts(root: Path, ports: Ports, truth: Truth) -> None:
    """Each external page the truth calls ok exists; anything else there is missing (404)."""
    for host, name in EXTERNAL_NAMES.items():
        _write_plain(root / host / "index.html", name, f"<h1>{name}</h1><p>欢迎访问{name}网站。</p>")
    for url in truth.urls("ok"):
        if truth.kind[url] == "external page":
            parts = urlsplit(url)
            name = EXTERNAL_NAMES[parts.hostname]
            _write_plain(root / parts.hostname / parts.path.lstrip("/"), f"工作动态_{name}", f"<h1>{name}工作动态</h1>")
    (root / SOFT404_HOST / "notfound.html").write_text(SOFT404_PAGE, encoding="utf-8")
    (root / GAMBLING_HOST).mkdir(parents=True, exist_ok=True)
    (root / GAMBLING_HOST / "index.html").write_text(GAMBLING_PAGE, encoding="utf-8")
    (root / FORBIDDEN_HOST).mkdir(parents=True, exist_ok=True)


def _write_plain(path: Path, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
                    f"<body>{body}</body></html>\n", encoding="utf-8")


# ---------------------------------------------------------------- nginx


def nginx_conf(root: Path, ports: Ports) -> str:
    """One worker (the tools get the other core); a one-line access log; every answer says `LinkChecker: 1`."""
    temp = root / "nginx-temp"
    servers = [_server(SITE_HOST, ports, root / "site", "location /old/ { rewrite ^/old(/.*)$ $1 permanent; }\n"
                       "    location /dynamic/ { return 500; }")]
    servers += [_server(host, ports, root / host, "") for host in ORDINARY_HOSTS]
    servers.append(_server(GAMBLING_HOST, ports, root / GAMBLING_HOST, "location / { try_files /index.html =404; }"))
    servers.append(_server(SOFT404_HOST, ports, root / SOFT404_HOST, "error_page 404 =200 /notfound.html;"))
    servers.append(_server(REDIRECT_HOST, ports, root / REDIRECT_HOST,
                           f"location /go/ {{ return 302 {ports.url(GAMBLING_HOST)}; }}"))
    servers.append(_server(FORBIDDEN_HOST, ports, root / FORBIDDEN_HOST, "location / { return 403; }"))
    return f"""worker_processes 1;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  types {{ text/html html; image/jpeg jpg; application/pdf pdf; text/plain txt; }}
  default_type application/octet-stream;
  charset utf-8;
  # one short line a request (the address asked, the bytes sent): requests per host and bytes per tool
  log_format perhost '$server_addr $bytes_sent $msec $status $request_method $request_uri';
  access_log {root}/access.log perhost buffer=256k flush=1s;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  # LinkChecker waits 0.1-0.6 s between requests to a host unless its answers carry this header
  add_header LinkChecker 1 always;
{chr(10).join(servers)}
}}
"""


def _server(host: str, ports: Ports, docroot: Path, extra: str) -> str:
    return f"  server {{\n    listen {host}:{ports.served};\n    root {docroot};\n    {extra}\n  }}"


@contextmanager
def serve_nginx(root: Path, ports: Ports) -> Iterator[subprocess.Popen]:
    """Run nginx in the foreground on the generated config; stop it (by its own pid) on exit."""
    conf = root / "nginx.conf"
    conf.write_text(nginx_conf(root, ports), encoding="utf-8")
    (root / "nginx-temp").mkdir(exist_ok=True)
    command = ["nginx", "-p", str(root), "-e", str(root / "nginx-error.log"), "-c", str(conf),
               "-g", f"daemon off; pid {root / 'nginx.pid'};"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_listening(process, ports.served)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


ACCESS_LOG = "access.log"


def access_log_size(root: Path) -> int:
    """Where the log ends once what nginx buffered (the capacity test's, the last tool's) is written."""
    time.sleep(1.5)
    path = root / ACCESS_LOG
    return path.stat().st_size if path.exists() else 0


def requests_since(root: Path, offset: int, keep: Path | None = None) -> tuple[Counter, int, int]:
    """Requests per server address, bytes sent and distinct URLs asked, logged since `offset` (nginx
    flushes each second); the lines (address, bytes, time, status, method, path) copied to `keep`."""
    time.sleep(1.5)
    per_host: Counter = Counter()
    sent = 0
    asked: set[tuple[str, str]] = set()
    with open(root / ACCESS_LOG, "rb") as log:
        log.seek(offset)
        lines = log.readlines()
    if keep is not None:
        keep.write_bytes(b"".join(lines))
    for line in lines:
        address, size, _time, _status, _method, path, *_ = line.decode("ascii", "replace").split() + [""] * 6
        per_host[address] += 1
        sent += int(size) if size.isdigit() else 0
        asked.add((address, path))
    return per_host, sent, len(asked)


def _wait_until_listening(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            socket.create_connection((SITE_HOST, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start listening within 10 s")
