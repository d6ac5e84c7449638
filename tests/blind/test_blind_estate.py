"""Fast checks of the blind estate itself (no auditor import)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import httpx
import pytest

from tests.blind import serve_blind_estate
from tests.blind.common import PATTERNS
from tests.blind.estate import build

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def estate():
    with serve_blind_estate(AS_OF) as h:
        yield h


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=15) as c:
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
    for _site, url in estate.sites:
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
    assert 30 <= len(t["planted"]) <= 45
    assert client.get(estate.truth_url).json() == t
    ids = {sid for sid, _ in estate.sites}
    assert all(e["site"] in ids for e in t["planted"] + t["must_not_flag"])


def test_truth_urls_are_served_as_intended(estate, client):
    t = estate.truth
    for e in t["planted"]:
        want = 404 if e["check"] in ("link.broken", "column.unreachable") else 200
        assert get(client, e["url"]).status_code == want, e
    for e in t["must_not_flag"]:
        assert get(client, e["url"]).status_code == 200, e


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


@pytest.mark.parametrize("as_of", ["2027-01-03", "2028-02-29"])
def test_other_dates_build(as_of):
    est = build(dt.date.fromisoformat(as_of), 8000)
    assert len(est.sites) == 10 and len(est.planted) >= 30
