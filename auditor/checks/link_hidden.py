"""暗链 / hidden links: links hidden by style or written by script, to another site.

The page scan (`auditor.extract.hidden`) finds links to another registrable domain made
invisible (display:none, visibility:hidden, zero size, far off-screen, text-indent,
font-size 0, the background's colour, a one-pixel <marquee>; by inline styles, the page's
own <style> rules, or a hiding tag one `document.write` opens and a later one closes) or
written by script, and drops what menus, tabs and skip links look like. This check reports
a page, once, when

- a hidden link's text, title or host carries a gambling, lottery or adult word of the
  link lexicon (any target, a government one included), or
- it hides `min_links` or more links to other, non-government sites, or `min_strong_links`
  hidden in a way no menu uses (off-screen, zero size, marquee, indent, font size, colour),
  or `min_sealed_links` (one) hidden where nothing could ever show it: the inline style of
  an element with no id, class or handler, holding only text links to other sites, not one
  entry of a list switched off (planted spam; a menu, a tab or a hidden template block has
  a name, images or the site's own links).

Never reported: a single hidden link to another site without such words that a menu or
a script could show (a collapsed menu of partner sites), links to the site's own domain, to government hosts (.gov.cn,
.gov, 政务) or to `trusted_domains` (central media, the reporting centres, statistics
services) without such words. Styles of external stylesheets are not read, so links
hidden only there are missed: a documented limit.

Examples::

    PASS: a hidden menu of the site's own columns is never a candidate; no page finding, no finding
        site_kind = "county"

    PASS: one hidden link to a partner site, no lexicon word
        page_findings = [{ check = "link.hidden", kind = "display-none", found = "http://www.bank-partner.com/", context = "农商银行", key = "http://www.bank-partner.com/" }]

    PASS: three hidden links to central media and the reporting centre are trusted
        page_findings = [{ check = "link.hidden", kind = "display-none", found = "http://www.xinhuanet.com/", context = "新华网" }, { check = "link.hidden", kind = "display-none", found = "http://www.people.com.cn/", context = "人民网" }, { check = "link.hidden", kind = "display-none", found = "https://www.12377.cn/", context = "举报中心" }]

    FAIL: one hidden gambling link is enough
        requirement = "严禁出现暗链等安全问题"
        page_findings = [{ check = "link.hidden", url = "http://127.0.0.1/index.html", kind = "off-screen", found = "http://www.am-pj888.com/", context = "澳门葡京", correction = "葡京,澳门葡京", source = "strong" }]
        keys = ["http://127.0.0.1/index.html"]
        messages = ["网页 http://127.0.0.1/index.html 含 1 个隐藏的外部链接（暗链），如 http://www.am-pj888.com/「澳门葡京」（移出屏幕外），链接含赌博、色情词语：葡京、澳门葡京（严禁出现暗链等安全问题）"]

    FAIL: three hidden links to unrelated sites on one page
        page_findings = [{ check = "link.hidden", kind = "display-none", found = "http://www.shop-a.com/", context = "女装批发" }, { check = "link.hidden", kind = "display-none", found = "http://www.shop-b.net/", context = "减肥药" }, { check = "link.hidden", kind = "display-none", found = "http://www.shop-c.cn/", context = "代孕咨询" }]
        messages = ["网页 http://127.0.0.1/page.html 含 3 个隐藏的外部链接（暗链），如 http://www.shop-a.com/「女装批发」（display:none 隐藏）"]

    FAIL: one link hidden where nothing could show it (sealed)
        page_findings = [{ check = "link.hidden", url = "http://127.0.0.1/a.html", kind = "visibility-hidden", found = "http://www.shop-a.com/", context = "特产商城", source = "sealed" }]
        keys = ["http://127.0.0.1/a.html"]

    FAIL: two links in a one-pixel marquee
        params = { min_strong_links = 2 }
        page_findings = [{ check = "link.hidden", kind = "marquee", found = "http://a.example.com/", context = "a", source = "strong" }, { check = "link.hidden", kind = "marquee", found = "http://b.example.net/", context = "b", source = "strong" }]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import ColumnSnapshot, Finding, PageFinding, SiteSnapshot
from ..urls import host_of, registrable_domain, under_suffix
from .common import (
    MAX_TEXT_IN_MESSAGE,
    MAX_URL_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    Words,
    clip,
    make_finding,
    requirement,
)

INFO = CheckInfo(
    id="link.hidden",
    scope="site",
    title=Words("暗链", "hidden links"),
    fix=Words(
        "立即删除页面中的隐藏链接（暗链），排查网站程序和模板是否被篡改、服务器是否被入侵，修补漏洞并修改管理密码，按网络安全事件处置要求报告",
        "Remove the hidden links at once, check the site's code and templates for tampering and the server for intrusion, patch and change passwords, and report it as a security incident",
    ),
)

CHECK = INFO.id  # the check its page findings are filed under
MAX_TARGETS_IN_EVIDENCE = 10
GOVERNMENT_SUFFIXES = ("gov.cn", "gov", "政务")
METHODS_ZH = {
    "display-none": "display:none 隐藏",
    "visibility-hidden": "visibility:hidden 隐藏",
    "zero-size": "零尺寸区域",
    "off-screen": "移出屏幕外",
    "text-indent": "文字缩进到屏幕外",
    "font-size-0": "字号为 0",
    "same-colour": "文字与背景同色",
    "marquee": "一像素滚动框",
    "script": "脚本写入",
}


class Params(CheckParams):
    min_links: int = 3  # hidden links to other, non-government sites on one page
    min_strong_links: int = 2  # the same, hidden in a way no menu uses
    min_sealed_links: int = 1  # the same, hidden where nothing could ever show them (extract.hidden.sealed)
    # their links, hidden, are a collapsed partner menu at worst (a lexicon word still counts)
    trusted_domains: tuple[str, ...] = (
        "xinhuanet.com", "news.cn", "people.com.cn", "cctv.com", "cntv.cn", "chinadaily.com.cn", "gmw.cn",
        "chinanews.com.cn", "chinanews.com", "china.com.cn", "cnr.cn", "12377.cn", "12321.cn", "conac.cn",
        "kaipuyun.cn", "cnzz.com", "51.la", "baidu.com", "qq.com", "weibo.com", "12345.cn",
        # statistics and share services, and the CMS vendors' own credit links
        "statcounter.com", "51yes.com", "linezing.com", "umeng.com", "jiathis.com", "bshare.cn",
        "hanweb.com", "trs.com.cn", "siteserver.cn", "dedecms.com", "zoomla.cn", "foosun.net",
    )


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    own = registrable_domain(host_of(site.url))
    pages: dict[str, list[PageFinding]] = {}
    for found in site.page_findings:
        if found.check == CHECK:
            pages.setdefault(found.url, []).append(found)
    for url, hidden in pages.items():
        reported = _reported(hidden, own, params)
        if reported:
            yield _finding(site, rule, url, reported)


def _reported(hidden: list[PageFinding], own: str, params: Params) -> list[PageFinding]:
    """The page's hidden links worth reporting, lexicon hits first; none when they are not enough."""
    lexicon: list[PageFinding] = []
    suspicious: list[PageFinding] = []
    for found in dict((f.found, f) for f in hidden).values():
        host = host_of(found.found)
        if not host or registrable_domain(host) == own:
            continue
        if found.correction:
            lexicon.append(found)
        elif not under_suffix(host, GOVERNMENT_SUFFIXES) and not under_suffix(host, params.trusted_domains):
            suspicious.append(found)
    strong = [f for f in suspicious if f.source in ("strong", "sealed")]
    sealed = [f for f in suspicious if f.source == "sealed"]
    if (lexicon or len(suspicious) >= params.min_links or len(strong) >= params.min_strong_links
            or len(sealed) >= params.min_sealed_links):
        return lexicon + suspicious
    return []


def _method(kind: str) -> str:
    return "，".join(METHODS_ZH.get(part, part) for part in kind.split("+"))


def _finding(site: SiteSnapshot, rule: CheckRule, url: str, reported: list[PageFinding]) -> Finding:
    first = reported[0]
    words = list(dict.fromkeys(w for f in reported for w in f.correction.split(",") if w))
    text = f"「{clip(first.context, MAX_TEXT_IN_MESSAGE)}」" if first.context else ""
    message = (f"网页 {clip(url, MAX_URL_IN_MESSAGE)} 含 {len(reported)} 个隐藏的外部链接（暗链），"
               f"如 {clip(first.found, MAX_URL_IN_MESSAGE)}{text}（{_method(first.kind)}）")
    if words:
        message += f"，链接含赌博、色情词语：{'、'.join(clip(w, MAX_TEXT_IN_MESSAGE) for w in words[:5])}"
    evidence = {
        "hidden": len(reported),
        "lexicon_words": words[:20],
        "targets": [
            {"url": clip(f.found, MAX_URL_IN_MESSAGE), "how": f.kind, "method_zh": _method(f.kind),
             "text": clip(f.context, MAX_TEXT_IN_MESSAGE), "words": [w for w in f.correction.split(",") if w]}
            for f in reported[:MAX_TARGETS_IN_EVIDENCE]
        ],
    }
    return make_finding(rule, site, column=None, url=url, message=message + requirement(rule),
                        key=clip(url, MAX_URL_IN_MESSAGE), evidence=evidence)
