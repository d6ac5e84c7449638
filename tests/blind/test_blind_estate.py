"""Fast checks of the blind estate itself (no auditor import)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import socket
import ssl
import time
import zipfile
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import httpx
import pytest

from tests.blind import serve_blind_estate
from tests.blind.common import PATTERNS, PATTERNS_19
from tests.blind.estate import build
from tests.blind.issue19 import id_number, luhn

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def estate():
    with serve_blind_estate(AS_OF) as h:
        yield h


@pytest.fixture(scope="module")
def client(estate):
    with httpx.Client(timeout=15, verify=ssl.create_default_context(cafile=estate.ca_bundle)) as c:
        yield c


def base(h, sid):
    return dict(h.sites)[sid].rstrip("/")


def get(client, url):
    r = client.get(url)
    if r.status_code == 503 and r.headers.get("Retry-After"):
        r = client.get(url)
    return r


def test_each_family_is_served(estate, client):
    b = lambda sid: base(estate, sid)  # noqa: E731
    r = client.get(b("portal") + "/ywdt/index.htm")
    assert r.status_code == 200 and 'createPageHTML(3, 0, "index", "htm")' in r.text
    assert client.get(b("portal") + "/ywdt/index_2.htm").status_code == 200
    r = client.get(b("chengguan") + "/col/col1001/index.html")
    assert "<datastore>" in r.text and "totalRecord: totalRecord" in r.text and r.text.count("<record>") == 15
    r = client.get(b("chengguan") + "/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=45&perpage=15"
                   "&col=1&appid=1&webid=31&path=/&columnid=1001&sourceContentType=1&unitid=4451"
                   "&webname=x&permissiontype=0")
    assert r.status_code == 200 and r.text.count("<record>") == 30
    r = client.post(b("chengguan") + "/module/web/jpage/dataproxy.jsp?col=1&webid=31&columnid=1001",
                    data={"startrecord": "31", "endrecord": "45", "perpage": "15"})
    assert r.text.count("<record>") == 15
    r = client.get(b("jyj") + "/col/col2001/index.html")
    assert "var list=[" in r.text and "<li><a" not in r.text.split("var list=[")[0].split('id="list2001"')[1]
    r = client.get(b("qingshi") + "/news/list.asp?classid=12&page=2")
    assert r.status_code == 200 and "青石镇".encode("gbk") in r.content
    assert client.get(b("fgw") + "/view.jsp?id=204").status_code == 200
    assert client.get(b("fgw") + "/content.jsp?id=303&cid=3").status_code == 200
    assert client.get(b("rsj") + "/channels/101_2.html").status_code == 200
    r = client.get(b("baima") + "/bm/news.php?cid=2")
    assert "<base href=" in r.text and "[" + f"{AS_OF.month:02d}-{AS_OF.day:02d}]" in r.text
    listening = {x.id for x in estate.estate.sites if x.listening}
    for site, url in estate.sites:
        if site not in listening:
            continue
        r = client.get(url + "robots.txt")
        assert r.status_code == 200 and "Disallow:" in r.text


def test_gbk_pages_without_charset(estate, client):
    for url in (base(estate, "qingshi") + "/news/show.asp?id=501",
                base(estate, "mzj") + "/Article/ShowArticle.asp?ArticleID=700"):
        r = client.get(url)
        assert r.headers["content-type"] == "text/html"
        assert b"charset" not in r.content.lower()
        text = r.content.decode("gbk")
        assert "简历" in text
        with pytest.raises(UnicodeDecodeError):
            r.content.decode("utf-8")


def test_reordered_query_is_404(estate, client):
    cg, qs = base(estate, "chengguan"), base(estate, "qingshi")
    assert client.get(cg + "/col/col1004/index.html?uid=4454&pageNum=2").status_code == 200
    assert client.get(cg + "/col/col1004/index.html?pageNum=2&uid=4454").status_code == 404
    assert client.get(cg + "/letter.jsp?lid=7&col=3").status_code == 200
    assert client.get(cg + "/letter.jsp?col=3&lid=7").status_code == 404
    assert client.get(qs + "/news/show.asp?id=5&classid=2").status_code == 200
    assert client.get(qs + "/news/show.asp?classid=2&id=5").status_code == 404


def test_truth_counts(estate, client):
    t = estate.truth
    assert t["as_of"] == AS_OF.isoformat()
    per = Counter(e["pattern"] for e in t["must_not_flag"])
    for p in PATTERNS:
        assert per[p] >= 5, (p, per[p])
    assert 55 <= len(t["planted"]) <= 140  # 64 before issue 19, 29 more with it, 30 more with issue19b
    assert client.get(estate.truth_url).json() == t
    ids = {sid for sid, _ in estate.sites}
    assert all(e["site"] in ids for e in t["planted"] + t["must_not_flag"])
    assert t["failing_sites"] == [{"site": "shuili", "reason": "首页无法访问"},
                                  {"site": "czj", "reason": "首页无法访问"}]
    planted = Counter(e["pattern"] for e in t["planted"])
    assert planted["full-depth-columns"] >= 7 and planted["catalogue"] >= 6
    assert planted["letters-in-full"] >= 6 and planted["dead-home"] == 5
    for p in ("full-depth-columns", "catalogue", "letters-in-full"):
        assert per[p] >= 6, (p, per[p])


def status(client, url):
    """The HTTP status, or "refused" when nothing listens."""
    try:
        return get(client, url).status_code
    except httpx.ConnectError:
        return "refused"


def test_truth_urls_are_served_as_intended(estate, client):
    t = estate.truth
    dead = {x.id for x in estate.estate.sites if not x.listening}
    for e in t["planted"]:
        got = status(client, e["url"])
        if e["site"] in dead:
            assert got == "refused", e
        elif e["check"] == "site.availability" or (e["check"] == "link.broken" and e["pattern"] == "dead-home") \
                or (e["check"] == "site.https" and e["site"] == "czj"):
            assert got == 500, e
        elif e["check"] in ("link.broken", "column.unreachable"):
            assert got == 404, e
        else:
            assert got == 200, e
    for e in t["must_not_flag"]:
        assert status(client, e["url"]) == 200, e


def test_deterministic_build():
    def digest(est):
        h = hashlib.sha256()
        for s in est.sites + [est.outside]:
            for raw in sorted(s.pages):
                h.update(raw.encode() + s.pages[raw].body)
        return h.hexdigest()
    a, b = build(AS_OF, 8000), build(AS_OF, 8000)
    assert digest(a) == digest(b) and a.truth() == b.truth()
    assert digest(build(AS_OF + dt.timedelta(days=1), 8000)) != digest(a)


@pytest.mark.parametrize("as_of", ["2027-01-03", "2028-02-29", "2026-03-01", "2029-12-31"])
def test_other_dates_build(as_of):
    est = build(dt.date.fromisoformat(as_of), 8000)
    assert len(est.sites) == 16 and len(est.planted) >= 55
    key = lambda e: (e["pattern"], e["check"], e["site"])  # noqa: E731
    ref = build(AS_OF, 8000)
    assert Counter(map(key, est.planted)) == Counter(map(key, ref.planted))
    assert Counter(map(key, est.mnf)) == Counter(map(key, ref.mnf))


# ---------------------------------------------------------------- the later patterns

def column_of(h, site, cid):
    s = next(x for x in h.estate.sites if x.id == site)
    return s, next(c for c in s.columns if c["id"] == cid)


class Links(HTMLParser):
    TAGS = {"a": "href", "img": "src", "script": "src", "link": "href", "iframe": "src", "area": "href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.base = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and a.get("href"):
            self.base = a["href"]
        if tag in self.TAGS and a.get(self.TAGS[tag]):
            self.links.append(a[self.TAGS[tag]])


def parse_links(html):
    p = Links()
    p.feed(html)
    return p.base, p.links


def page_no(url):
    """The list page number a pager URL names (1 for the column URL itself)."""
    m = (re.search(r"[?&](?:pageNum|page)=(\d+)", url) or re.search(r"/channels/\d+_(\d+)\.html$", url))
    if m:
        return int(m.group(1))
    m = re.search(r"index_(\d+)\.htm$", url)
    return int(m.group(1)) + 1 if m else 1


def walk_column(client, col_url, enc="utf-8"):
    """Every item link of a column, over every pager idiom, as {absolute url: list page number}.
    Follows links that stay on the column (same path with a page parameter, /channels/N_K.html),
    TRS createPageHTML scripts and Hanweb jpage datastores (dataproxy.jsp ranges)."""
    path = urlsplit(col_url).path
    ch = re.match(r"/channels/(\d+)\.html$", path)
    todo, seen, items = [col_url], set(), {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        r = get(client, url)
        assert r.status_code == 200, url
        html = r.content.decode(enc)
        base, links = parse_links(html)
        n = page_no(url)
        for m in re.finditer(r'createPageHTML\((\d+), (\d+), "index", "htm"\)', html):
            todo += [urljoin(url, f"index_{i}.htm") for i in range(1, int(m.group(1)))]
        if "<datastore>" in html:
            total = int(re.search(r"totalRecord\s*[:=]\s*(\d+)", html).group(1))
            per = int(re.search(r"perpage\s*[:=]\s*(\d+)", html, re.I).group(1))
            ajax = re.search(r"ajaxParam: '([^']+)'", html).group(1)
            recs = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", html, re.S)
            for start in range(per + 1, total + 1, 3 * per):
                x = get(client, urljoin(url, "/module/web/jpage/dataproxy.jsp") +
                        f"?startrecord={start}&endrecord={start + 3 * per - 1}&perpage={per}&{ajax}")
                recs += re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", x.text, re.S)
            assert len(recs) == total
            for i, rec in enumerate(recs):
                items[urljoin(url, re.search(r'href="([^"]+)"', rec).group(1))] = i // per + 1
            continue
        for href in links:
            u = urljoin(urljoin(url, base) if base else url, href)
            up = urlsplit(u)
            if u in seen:
                continue
            if (up.path == path and "page" in up.query.lower()) or \
                    (ch and re.fullmatch(rf"/channels/{ch.group(1)}_\d+\.html", up.path)) or \
                    (up.path == path and up.query == urlsplit(col_url).query + "" and u != col_url and "page=" in u):
                todo.append(u)
            elif up.netloc == urlsplit(col_url).netloc and not href.startswith(("/", "http")) or \
                    re.search(r"/(art|contents)/|ShowArticle|show\.asp|article\.php|view\.jsp|letter\.jsp|/xjxx/\d", u):
                items.setdefault(u, n)
    return items


DEEP = {  # (site, column): the pager idiom
    ("portal", "plans"): "TRS createPageHTML index_N.htm",
    ("portal", "finance"): "TRS createPageHTML index_N.htm",
    ("chengguan", "special"): "Hanweb jpage dataproxy.jsp",
    ("jyj", "rules"): "Hanweb ?uid=&pageNum=",
    ("mzj", "personnel"): "ASP list.asp?…&page=N",
    ("rsj", "finance"): "SiteServer /channels/N_K.html",
    ("baima", "special"): "PHP bm/news.php?cid=&page= under <base href>",
}


def test_deep_columns_reach_every_item(estate, client):
    t = estate.truth
    idioms = set()
    for (sid, cid), idiom in DEEP.items():
        site, col = column_of(estate, sid, cid)
        found = walk_column(client, col["url"], site.enc)
        planted = [e for e in t["planted"] if e["site"] == sid and e["column"] == cid
                   and e["check"] == "content.outdated"]
        assert planted, (sid, cid)
        for e in planted:
            assert e["url"] in found, e
            assert 5 <= found[e["url"]] <= 9, (e, found[e["url"]])
        for e in t["must_not_flag"]:
            if e["site"] == sid and e["check"] == "content.outdated" and e["pattern"] == "full-depth-columns" \
                    and e["url"].startswith(site.base) and "年度报告" not in e["note"]:
                if any(u == e["url"] for u in found):
                    assert found[e["url"]] >= 5 or "第 5 页" in e["note"], e
        idioms.add(idiom)
        assert max(found.values()) >= 6 or (sid, cid) == ("mzj", "personnel")
    assert len(idioms) == 6


def test_letter_lists_are_three_pages(estate, client):
    t = estate.truth
    for sid in ("portal", "jyj", "qingshi"):
        site, col = column_of(estate, sid, "mailbox")
        found = walk_column(client, col["url"], site.enc)
        assert max(found.values()) == 3, sid
        mine = [e for e in t["planted"] + t["must_not_flag"]
                if e["site"] == sid and e["pattern"] == "letters-in-full" and e["check"] == "mailbox.overdue"]
        assert len(mine) >= 4
        for e in mine:
            assert e["url"] in found, e
            if "第 3 页" in e["note"]:
                assert found[e["url"]] == 3, e
            if "第 2 页" in e["note"]:
                assert found[e["url"]] == 2, e


def test_letter_pages_say_what_the_truth_says(estate, client):
    t = estate.truth
    for e in t["planted"] + t["must_not_flag"]:
        if e["pattern"] != "letters-in-full" or e["check"] != "mailbox.overdue":
            continue
        site = next(x for x in estate.estate.sites if x.id == e["site"])
        text = get(client, e["url"]).content.decode(site.enc)
        if "暂无回复" in e["note"]:
            assert "暂无回复" in text
        if "无内容" in e["note"]:
            assert re.search(r"<th>答复内容</th><td></td>", text)
        if "恰第 15 天" in e["note"]:
            dates = re.findall(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d)", text)
            (d1, t1), (d2, t2) = dates[0], dates[1]
            assert (dt.date.fromisoformat(d2) - dt.date.fromisoformat(d1)).days == 15 and t2 < t1


def test_catalogue_pages(estate, client):
    t = estate.truth
    cat = [e for e in t["planted"] + t["must_not_flag"] if e["pattern"] == "catalogue"
           and e["check"] == "document.metadata"]
    assert len(cat) >= 12
    for e in cat:
        site = next(x for x in estate.estate.sites if x.id == e["site"])
        text = get(client, e["url"]).content.decode(site.enc)
        head, body = text.split("</head>", 1)
        if "meta name=IndexNo" in e["note"]:
            for name in ("IndexNo", "ContentSource", "CreateDate", "PubDate"):
                assert f'<meta name="{name}"' in head
            assert "索" not in body.split('<div class="main">')[1].split('<div class="footer">')[0].replace("索引", "")
        if "ContentSource" in e["note"]:
            assert '<meta name="ContentSource"' in head and "发布机构" not in body and "发文机关" not in body
        if "无发布机构" in e["note"] and e in t["planted"]:
            assert "发布机构" not in body and "发文机关" not in body and "ContentSource" not in head
        if "“发布机构：”后为空" in e["note"]:
            assert "<td>发布机构：</td>" in body


def test_dead_home(estate, client):
    shuili, czj = dict(estate.sites)["shuili"], dict(estate.sites)["czj"]
    with pytest.raises(httpx.ConnectError):
        client.get(shuili)
    for c in column_of(estate, "shuili", "news")[0].columns:
        with pytest.raises(httpx.ConnectError):
            client.get(c["url"])
    assert client.get(czj).status_code == 500 and client.head(czj).status_code == 500
    assert client.get(czj).status_code == 500  # every time
    for c in column_of(estate, "czj", "news")[0].columns:
        r = client.get(c["url"])
        assert r.status_code == 200 and 'href="/"' in r.text
    toml = estate.config_toml("sqlite:///x.db")
    assert "home_retry_span = 2" in toml and shuili in toml and czj in toml


def test_links_on_town_and_department_sites_resolve():
    """Offline: every link on every page of a town or department site is served, except the
    planted link.broken targets (which are not)."""
    est = build(AS_OF, 8000)
    by_host = {f"{s.ip}:8000": s for s in est.sites + [est.outside] if s.listening}
    broken = {e["url"] for e in est.planted if e["check"] == "link.broken"}

    def served(url):
        sp = urlsplit(url)
        s = by_host.get(sp.netloc)
        if s is None:
            return False
        raw = sp.path + (f"?{sp.query}" if sp.query else "") + ("?" if url.endswith("?") else "")
        r = s.pages.get(raw) or (s.pages.get(raw[:-1]) if raw.endswith("?") else None)
        if r is None:
            fn = s.dynamic.get("jsessionid") if ";jsessionid=" in sp.path else s.dynamic.get(sp.path)
            r = fn(sp.path, dict(parse_qsl(sp.query, keep_blank_values=True))) if fn else None
        return r is not None and r.status == 200

    checked = 0
    for s in est.sites:
        if s.kind == "county" or not s.listening:
            continue
        for raw, r in s.pages.items():
            if not r.ctype.startswith("text/html"):
                continue
            base, links = parse_links(r.body.decode(s.enc))
            page = s.base + raw
            for href in links:
                if href.startswith(("javascript:", "#", "mailto:")):
                    continue
                u = urljoin(urljoin(page, base) if base else page, href)
                checked += 1
                assert served(u) != (u in broken), (s.id, raw, href, u)
    assert checked > 10000


# ---------------------------------------------------------------- issue 19

def test_issue19_counts(estate):
    t = estate.truth
    planted = Counter(e["check"] for e in t["planted"])
    assert planted["content.wording"] >= 4 and planted["content.personal_data"] >= 4
    assert planted["link.hidden"] >= 3 and planted["site.https"] >= 3
    assert len({e["site"] for e in t["planted"] if e["check"] == "content.wording"}) >= 4
    per = Counter(e["pattern"] for e in t["must_not_flag"])
    assert all(per[p] >= 2 for p in PATTERNS_19), per


def test_issue19_numbers():
    assert id_number("11010519491231002") == "11010519491231002X"  # GB 11643's own example
    assert luhn("7992739871") == "79927398713"
    est = build(AS_OF, 8000)
    digits = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
    s = {x.id: x for x in est.sites}
    for e in est.planted + est.mnf:
        if e["check"] != "content.personal_data":
            continue
        site = s[e["site"]]
        raw = urlsplit(e["url"]).path + (f"?{urlsplit(e['url']).query}" if urlsplit(e["url"]).query else "")
        text = site.pages[raw].body.decode(site.enc)
        for href in re.findall(r'href="([^"]+\.(?:docx|xlsx|pdf))"', text):
            u = urlsplit(urljoin(e["url"], href))
            body = site.pages[u.path].body
            if body.startswith(b"PK"):
                with zipfile.ZipFile(io.BytesIO(body)) as z:
                    text += "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
            else:
                text += body.decode("latin-1")
        ids = digits.findall(text)
        valid = [i for i in ids if id_number(i[:17]) == i]
        if e in est.planted and "身份证" in e["note"]:
            assert valid, e
        if e in est.mnf:
            assert not valid, e
            assert ids or "订单" in e["note"] or "手机号" in e["note"], e


def test_issue19_https(estate, client):
    sites = dict(estate.sites)
    for sid, ip, days in (("scjg", "127.0.0.162", 400), ("wjw", "127.0.0.163", 5)):
        url = sites[sid]
        assert url.startswith("https://") and get(client, url).status_code == 200
        ctx = ssl.create_default_context(cafile=estate.ca_bundle)
        with socket.create_connection((ip, estate.port), 5) as raw, ctx.wrap_socket(raw, server_hostname=ip) as tls:
            left = ssl.cert_time_to_seconds(tls.getpeercert()["notAfter"]) - time.time()
        assert days - 1 < left / 86400 <= days
    plain = "http://" + sites["scjg"].split("://", 1)[1]
    r = httpx.get(plain + "robots.txt", follow_redirects=False, timeout=10)
    assert r.status_code == 301 and r.headers["location"] == sites["scjg"] + "robots.txt"
    r = httpx.get("http://" + sites["tyj"].split("://", 1)[1], follow_redirects=False, timeout=10)
    assert r.status_code == 200  # no redirect
    assert f'src="http://127.0.0.199:{estate.port}/js/tongji.js"' in get(client, sites["zrzy"]).text
    with pytest.raises(httpx.HTTPError):  # the http sites: no TLS on their port
        client.get(sites["portal"].replace("http://", "https://"))


# ---------------------------------------------------------------- issue 19, second set (issue19b.py)

def _mine(est):
    p0, m0 = est.issue19b_from
    return est.planted[p0:], est.mnf[m0:]


def _served_text(est, url):
    """The text of a page (in its site's encoding) plus the XML or PDF text of its attachments."""
    sp = urlsplit(url)
    site = next(x for x in est.sites if x.base == f"{sp.scheme}://{sp.netloc}")
    page = site.pages[sp.path + (f"?{sp.query}" if sp.query else "")].body.decode(site.enc)
    text = page
    for href in re.findall(r'href="([^"]+\.(?:docx|xlsx|pdf))"', page):
        body = site.pages[urlsplit(urljoin(url, href)).path].body
        if body.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(body)) as z:
                text += "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
        else:
            text += body.decode("latin-1")
    return text


def test_issue19b_counts():
    est = build(AS_OF, 8000)
    planted, mnf = _mine(est)
    assert Counter(e["check"] for e in planted) == {
        "content.wording": 10, "content.personal_data": 7, "link.hidden": 7, "link.wrong": 6}
    assert Counter(e["check"] for e in mnf) == {
        "content.wording": 12, "content.personal_data": 7, "link.hidden": 8, "*": 1}
    assert all(e["pattern"] in PATTERNS_19 for e in planted + mnf)
    for check, n in (("content.wording", 9), ("content.personal_data", 7), ("link.hidden", 7)):
        assert len({e["site"] for e in planted if e["check"] == check}) >= n, check
    # a hidden gambling link on a town or department site is also a wrong link, at its own target
    wrong = {e["site"]: e["url"] for e in planted if e["check"] == "link.wrong"}
    kinds = {x.id: x.kind for x in est.sites}
    hidden = {e["site"] for e in planted if e["check"] == "link.hidden"}
    assert set(wrong) == {sid for sid in hidden if kinds[sid] != "county"}
    assert len(set(wrong.values())) == len(wrong)
    for e in planted:
        if e["check"] == "link.hidden" and e["site"] in wrong:
            assert wrong[e["site"]] in _served_text(est, e["url"]), e
    # nothing of the earlier truth moved: the same (check, site, url) never appears twice
    keys = Counter((e["check"], e["site"], e["url"]) for e in est.planted + est.mnf)
    assert max(keys.values()) == 1


def test_issue19b_numbers():
    from tests.blind import issue19b as b
    from tests.blind.issue19 import not_luhn

    def luhn_ok(n):
        return luhn(n[:-1]) == n

    def id_ok(n):
        return len(n) == 18 and n[:17].isdigit() and id_number(n[:17]) == n

    est = build(AS_OF, 8000)
    planted, mnf = _mine(est)
    P, M = "planted", "must not flag"
    text = {(kind, e["site"]): _served_text(est, e["url"]) for kind, es in ((P, planted), (M, mnf))
            for e in es if e["check"] == "content.personal_data"}
    # planted: full, valid numbers where the truth says they are
    assert id_number(b.ID_CHENGGUAN) in text[P, "chengguan"]
    assert id_number(b.ID_QINGSHI[2]).endswith("X")
    for x in b.ID_QINGSHI:
        assert b.spaced_id(id_number(x)) in text[P, "qingshi"] and id_number(x) not in text[P, "qingshi"]
    for x in b.ID_FGW_PDF:
        assert id_number(x) in text[P, "fgw"]
    for x in b.ID_HEKOU_XLSX:
        assert id_number(x) in text[P, "hekou"]
    for c in b.CARDS_RSJ:
        assert luhn_ok(luhn(c)) and len(luhn(c)) == 19 and luhn(c) in text[P, "rsj"]
    for c in b.CARDS_HEKOU:
        assert luhn(c) in text[P, "hekou"]
    ids = [id_number(x) for x in b.ID_MZJ_DOCX]
    assert ids[0] in text[P, "mzj"] and ids[1] not in text[P, "mzj"]  # split across two runs
    assert ids[1] in re.sub(r"<[^>]+>", "", text[P, "mzj"])
    assert b.MOBILE_BAIMA in text[P, "baima"]
    # must not flag: the tempting numbers fail the checks they look like
    assert not id_ok(b.bad_id_number(b.BAD_ID_FGW)) and b.bad_id_number(b.BAD_ID_FGW) in text[M, "fgw"]
    for cc in b.CREDIT_FGW:
        assert b.credit_code(cc[:17]) == cc and cc == cc[:8] + b.org_code(cc[8:16]) + cc[17]
        assert not id_ok(cc) and cc in text[M, "fgw"]
    assert b.credit_code("91350100M000100Y4"[:17])[-1] == "3"  # GB 32100's example: 91350100M000100Y43
    acct = luhn(b.ACCOUNT_BAIMA)
    assert luhn_ok(acct) and not acct.startswith(("62", "4", "5")) and acct in text[M, "baima"]
    slip = not_luhn(b.NOTLUHN_BAIMA)
    assert len(slip) == 16 and slip.startswith("4") and not luhn_ok(slip) and slip in text[M, "baima"]
    for x in b.ID_MASKED:
        assert id_number(x) not in text[M, "jyj"]
    assert len(re.findall(r"\d[\d*]{16}[\dX]", text[M, "jyj"])) == len(b.ID_MASKED)  # the four masked forms
    for x in b.ID_SHIMEN_MASKED:
        assert id_number(x) not in text[M, "shimen"] and id_number(x)[-4:] in text[M, "shimen"]
    for sid, m in b.MOBILES_OK.items():
        for mob in (m,) if isinstance(m, str) else m:
            assert mob in text[M, sid]
    for (kind, sid), t in text.items():
        if kind == M:
            assert not [n for n in re.findall(r"(?<![\dA-Z])\d{17}[\dX](?![\dA-Z])", t) if id_ok(n)], sid
