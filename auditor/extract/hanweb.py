"""Column lists of the Hanweb (大汉) CMS: the jpage component's `<datastore>` and its data proxy.

A Hanweb list page ships its first group of records inside a script an HTML parser
does not read as markup:

    <div id="5678"><script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=2&columnid=1234&..."></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/2026/9/20/art_1234_1.html">…</a><span>2026-09-20</span></li>]]></record>…</recordset>
    </datastore></script></div>
    <script>$('#5678').jpage({totalRecord: 130, perPage: 15, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp',
                              ajaxParam: {col: 1, webid: 2, path: '/', columnid: 1234, unitid: '5678', ...}});</script>

Older pages ship the records as a JavaScript array of HTML strings named by the call
(`var InitData5678 = ['<li>…</li>', …]; … dataStore: InitData5678`). Further groups come
from the data proxy as XML (`<datastore><totalrecord>130</totalrecord><recordset>…`),
asked for with `startrecord`, `endrecord`, `perpage` and the unit's parameters. The
component POSTs them; the proxy answers the same query as a GET.

Parameters are gathered liberally, first source first: the nextgroup link, the jpage
call (`$('#1').jpage({…})`, `$.jpage({…})`, `new jpage({…})`), other scripts
(`var perpage = 15`), hidden inputs, the page URL (`/col/col1234/index.html?uid=5678`)
and the id of the element around the datastore. A setting may be a string (`'45'`), a
`parseInt('15')`, or a variable's name (`totalRecord: totalRecord`, `perPage: size`):
the name is looked up in the page's scripts (the last literal assigned to it, a few
names deep); a name or an expression that gives no literal says nothing, so a later
source may. A page that ships no records at all asks the proxy for its first group
(`startrecord=1`) when the call gives a total and a page size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import lxml.html

from .html import MAX_URL_CHARS, fold, parse_html
from .jsliteral import read_literal
from .links import resolve

DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
DEFAULT_GROUP_SIZE = 3  # jpage's own default: a group is three pages of records
MAX_RECORDS = 2_000
MAX_RECORD_CHARS = 20_000
MAX_SCRIPT_CHARS = 5_000_000
MAX_TOTAL = 10_000_000
MAX_PER_PAGE = 1_000
MAX_STORE_NAMES = 5  # jpage units per page whose InitData arrays are looked for
# the form fields the component sends, in its order, with the values it sends by default
FIELD_DEFAULTS = {
    "col": "1", "appid": "1", "webid": None, "path": "/", "columnid": None,
    "sourceContentType": "1", "unitid": None, "webname": None, "permissiontype": "0",
}
_FIELD_NAMES = {name.lower(): name for name in FIELD_DEFAULTS}
_NUMBER_NAMES = {"totalrecord": "total", "perpage": "perpage", "pagesize": "perpage", "groupsize": "group_size"}
_PROXY_NAMES = frozenset({"proxyurl", "dataurl"})
_ALL_NAMES = "|".join(sorted({*_FIELD_NAMES, *_NUMBER_NAMES, *_PROXY_NAMES}, key=len, reverse=True))
# a value as scripts write one: "45", '45', 45, parseInt('45', 10), Number(total), or a variable's name
_VALUE = (
    r"""(?:(?:parseInt|parseFloat|Number|String)\s*\(\s*(?:"(?P<cdouble>[^"\n]{0,300})"|'(?P<csingle>[^'\n]{0,300})'"""
    r"""|(?P<cbare>[\w$.]{1,300}))\s*(?:,\s*\d{1,2}\s*)?\)"""
    r"""|"(?P<double>[^"\n]{0,300})"|'(?P<single>[^'\n]{0,300})'|(?P<bare>[\w./%$-]{1,300}))"""
)
_SETTING = re.compile(rf"""(?<![\w$])["']?(?P<name>{_ALL_NAMES})["']?\s*[:=](?!=)\s*{_VALUE}""", re.IGNORECASE)
_VARIABLE = re.compile(r"[A-Za-z_$][\w$]{0,80}", re.ASCII)
_NOT_VARIABLES = frozenset({"true", "false", "null", "undefined", "NaN", "Infinity", "this", "new", "function"})
_JPAGE_CALL = re.compile(r"(?:\.\s*|\bnew\s+)jpage\s*\(")
MAX_RESOLVE_DEPTH = 3  # var a = b; var b = 45: names followed this far
MAX_ASSIGNMENTS = 50  # assignments of one name looked at
MAX_RESOLVED_CHARS = 1_000_000  # of each script, searched for a name's assignments
MAX_SCRIPTS = 200
MAX_NAMES = 20  # variables looked up per page
_DATASTORE = re.compile(r"<datastore\b", re.IGNORECASE)
_RECORD_START = re.compile(r"<record\b", re.IGNORECASE)
_RECORD_END = re.compile(r"</record\s*>", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]{1,4000})""", re.IGNORECASE)
_STORE_NAME = re.compile(r"dataStore\s*:\s*([A-Za-z_$][\w$]{0,80})")
_COLUMN_IN_URL = re.compile(r"/col/col(\d{1,20})/")
_UNIT_IN_QUERY = re.compile(r"[?&]uid=(\d{1,20})")
_SAFE_VALUE = re.compile(r"^[\w.\-/%:]{1,200}$")
_MARKERS = ("datastore", "jpage", "dataproxy")
_SETTING_MARKERS = ("columnid", "perpage", "pagesize", "unitid", "dataproxy", "totalrecord")
_MARKER_SCAN = 200_000  # characters of a script looked at for settings outside the jpage call


@dataclass(frozen=True, slots=True)
class Datastore:
    """One group of records: the HTML fragment of each item, and what the source says of the rest."""

    records: tuple[str, ...]
    total: int | None = None  # <totalrecord>, when given
    nextgroup: str = ""  # the href of <nextgroup>, raw


@dataclass(frozen=True, slots=True)
class JpageParams:
    """What is needed to ask the data proxy for further groups of a unit's records."""

    proxy: str = DEFAULT_PROXY
    perpage: int | None = None
    group_size: int | None = None
    total: int | None = None
    fields: dict[str, str] = field(default_factory=dict)  # col, webid, columnid, unitid, ...


# -- reading records -------------------------------------------------------------------------


def page_datastore(tree: lxml.html.HtmlElement) -> Datastore | None:
    """The largest group of records a list page ships, from a datastore script or an InitData array."""
    best: Datastore | None = None
    for store in _page_datastores(tree):
        if best is None or len(store.records) > len(best.records):
            best = store
    return best


def parse_datastore(text: str) -> Datastore | None:
    """A `<datastore>` document (a script's text or a data proxy answer), or None when there is none."""
    start = _DATASTORE.search(text, 0, MAX_SCRIPT_CHARS)
    if start is None:
        return None
    body = text[start.start():MAX_SCRIPT_CHARS]
    records = tuple(_records(body))
    return Datastore(records, _number(_element(body, "totalrecord"), MAX_TOTAL), _nextgroup_href(body))


def _records(body: str) -> Iterator[str]:
    """The content of each <record>; searched forward only, so unclosed records cost one scan."""
    position, count = 0, 0
    while count < MAX_RECORDS:
        opening = _RECORD_START.search(body, position)
        content_start = body.find(">", opening.end()) if opening else -1
        closing = _RECORD_END.search(body, content_start) if content_start >= 0 else None
        if closing is None:
            return
        yield _cdata(body[content_start + 1:closing.start()][: MAX_RECORD_CHARS * 2])[:MAX_RECORD_CHARS]
        position = closing.end()
        count += 1


def is_dataproxy_answer(text: str) -> bool:
    """Whether a fetched text is an XML answer of the data proxy rather than an HTML page."""
    head = text[:300].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<datastore") or (head.startswith("<?xml") and "<datastore" in head)


def answer_base(answer_url: str) -> str:
    """What relative record URLs of a proxy answer resolve against.

    In the browser the records land in the list page, whose URL the answer does not
    carry; the unit's `path` parameter (the site's root, `/` almost always) stands in.
    """
    path = dict(parse_qsl(urlsplit(answer_url[:MAX_URL_CHARS]).query)).get("path", "/")
    return resolve(path if path.startswith("/") else "/", answer_url) or answer_url


def records_document(records: tuple[str, ...]) -> lxml.html.HtmlElement:
    """The records parsed once, each inside its own `<hwrecord>` element under <body>."""
    markup = "".join(f"<hwrecord>{record}</hwrecord>" for record in records)
    return parse_html(f"<html><body>{markup}</body></html>")


def record_rows(document: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The elements of `records_document`, one per record, in order."""
    return list(document.iter("hwrecord"))


def _page_datastores(tree: lxml.html.HtmlElement) -> Iterator[Datastore]:
    arrays: dict[str, str] = {}
    for script in tree.iter("script"):
        text = script.text
        if not text or script.get("src"):
            continue
        if "xml" in (script.get("type") or "").lower():
            store = parse_datastore(text)
            if store is not None and store.records:
                yield store
        elif "dataStore" in text:
            names = _STORE_NAME.findall(text, 0, MAX_SCRIPT_CHARS)[:MAX_STORE_NAMES]
            arrays.update((name, text) for name in names[: MAX_STORE_NAMES - len(arrays)])
    for name, text in arrays.items():
        store = _array_datastore(tree, name, text)
        if store is not None:
            yield store


def _array_datastore(tree: lxml.html.HtmlElement, name: str, call_text: str) -> Datastore | None:
    """`var InitData5678 = ['<li>…</li>', …]` in any script of the page."""
    assignment = re.compile(r"(?<![\w$])" + re.escape(name) + r"\s*=\s*(?=\[)")
    for text in (call_text, *(script.text or "" for script in tree.iter("script"))):
        match = assignment.search(text, 0, MAX_SCRIPT_CHARS)
        if match is None:
            continue
        value, _ = read_literal(text, match.end())
        if isinstance(value, list):
            records = tuple(entry[:MAX_RECORD_CHARS] for entry in value[:MAX_RECORDS] if isinstance(entry, str) and entry.strip())
            return Datastore(records) if records else None
    return None


def _element(body: str, name: str) -> str:
    start = re.search(f"<{name}>", body, re.IGNORECASE)
    end = re.compile(f"</{name}>", re.IGNORECASE).search(body, start.end()) if start else None
    return _cdata(body[start.end():end.start()][:MAX_RECORD_CHARS]) if start and end else ""


def _cdata(raw: str) -> str:
    """The text of the CDATA sections in `raw` (searched forward only), or `raw` unescaped when there is none."""
    start = raw.find("<![CDATA[")
    if start < 0:
        return unescape(raw)
    parts = []
    while start >= 0:
        end = raw.find("]]>", start + 9)
        parts.append(raw[start + 9:] if end < 0 else raw[start + 9:end])
        start = -1 if end < 0 else raw.find("<![CDATA[", end + 3)
    return "".join(parts)


def _nextgroup_href(body: str) -> str:
    match = _HREF.search(_element(body, "nextgroup"))
    return unescape(match.group(1)) if match else ""


def _number(raw: str | None, limit: int) -> int | None:
    value = (raw or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    number = int(value)
    return number if 0 <= number <= limit else None


# -- parameters and further groups -------------------------------------------------------------


def jpage_params(tree: lxml.html.HtmlElement, page_url: str, store: Datastore | None) -> JpageParams:
    """The unit's data proxy parameters, from every place a Hanweb page writes them."""
    found: dict[str, str] = {}
    if store is not None and store.nextgroup:
        _merge(found, _query_settings(store.nextgroup))
    scripts = _Scripts(tree)
    for text in _jpage_scripts(tree):
        _merge(found, _script_settings(text, scripts))
    _merge(found, _hidden_inputs(tree))
    _merge(found, _url_settings(page_url, tree))
    fields = {name: found[name] for name in FIELD_DEFAULTS if name in found}
    proxy = found.get("proxy") or (urlsplit(store.nextgroup).path if store and store.nextgroup else "") or DEFAULT_PROXY
    return JpageParams(
        proxy=proxy,
        perpage=_bounded(found.get("perpage"), MAX_PER_PAGE),
        group_size=_bounded(found.get("group_size"), 100),
        total=_number(found.get("total"), MAX_TOTAL),
        fields=fields,
    )


def next_group_url(page_url: str, store: Datastore, params: JpageParams) -> str | None:
    """The data proxy URL of the group after the records a list page ships, or None after the last."""
    shipped = len(store.records)
    total = store.total if store.total is not None else params.total
    if "columnid" not in params.fields:
        return None
    if shipped == 0 and not (total and params.perpage):
        return None  # a page that ships no records is a list only when the call says how many and how
    perpage = params.perpage or shipped
    group = perpage * (params.group_size or DEFAULT_GROUP_SIZE) if params.perpage else shipped
    start, end = shipped + 1, shipped + group
    if total is None and (params.perpage is None or shipped < group):
        return None  # nothing says there is more: a guessed proxy URL could be reported as broken
    if total is not None:
        if start > total:
            return None
        end = min(end, total)
    query = {"startrecord": str(start), "endrecord": str(end), "perpage": str(perpage)}
    for name, default in FIELD_DEFAULTS.items():
        value = params.fields.get(name, default)
        if value is not None:
            query[name] = value
    return _absolute(params.proxy, page_url, _query_text(query.items()))


def next_answer_url(answer_url: str, store: Datastore) -> str | None:
    """The data proxy URL after this answer's group, or None when the answer holds the last records."""
    parts = urlsplit(answer_url)
    values = dict(parse_qsl(parts.query, keep_blank_values=True))
    start = _number(values.get("startrecord"), MAX_TOTAL)
    end = _number(values.get("endrecord"), MAX_TOTAL)
    received = len(store.records)
    if start is None or received == 0:
        return None
    perpage = _bounded(values.get("perpage"), MAX_PER_PAGE) or received
    group = end - start + 1 if end is not None and end >= start else perpage * DEFAULT_GROUP_SIZE
    following = start + group
    if store.total is None and received < group:
        return None
    if store.total is not None and following > store.total:
        return None
    last = following + group - 1 if store.total is None else min(following + group - 1, store.total)
    # the answer's own query, byte for byte, with only the record range changed
    replaced = {"startrecord": str(following), "endrecord": str(last)}
    pairs = []
    for pair in parts.query.split("&"):
        name = unquote(pair.partition("=")[0])
        pairs.append(f"{name}={replaced.pop(name)}" if name in replaced else pair)
    pairs += [f"{name}={value}" for name, value in replaced.items()]
    return urlunsplit(parts._replace(query="&".join(pairs), fragment=""))


def hanweb_next_pages(tree: lxml.html.HtmlElement, html_text: str, page_url: str) -> list[str]:
    """The next data proxy group of a Hanweb list page or of a data proxy answer, if any."""
    if is_dataproxy_answer(html_text):
        store = parse_datastore(html_text)
        following = next_answer_url(page_url, store) if store is not None else None
        return [following] if following else []
    if not _mentions_jpage(tree):
        return []
    # a page may ship no records at all: the component then asks the proxy for the first group too
    store = page_datastore(tree) or Datastore(())
    following = next_group_url(page_url, store, jpage_params(tree, page_url, store))
    return [following] if following else []


def _mentions_jpage(tree: lxml.html.HtmlElement) -> bool:
    """A cheap first look: only scripts can hold a datastore or configure the component."""
    for script in tree.iter("script"):
        text = script.text
        if text and any(marker in text for marker in _MARKERS):
            return True
    return False


def _jpage_scripts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Inline scripts that configure the component; the jpage call's own text comes first."""
    later = []
    for script in tree.iter("script"):
        text = script.text
        if not text or "xml" in (script.get("type") or "").lower():
            continue
        text = text[:MAX_SCRIPT_CHARS]
        call = _JPAGE_CALL.search(text) if "jpage" in text else None
        if call is not None:  # $('#1').jpage({…}), $.jpage({…}), new jpage({…})
            yield text[call.start():call.start() + 5_000]
            later.append(text)
        elif any(marker in text[:_MARKER_SCAN].lower() for marker in _SETTING_MARKERS):
            later.append(text)
    yield from later


def _script_settings(text: str, scripts: _Scripts) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _SETTING.finditer(text):
        value = scripts.value_of(match)
        if value is not None:
            _put(found, match.group("name"), value)
    return found


class _Scripts:
    """The page's inline scripts, where a setting given by a variable's name finds its value."""

    def __init__(self, tree: lxml.html.HtmlElement) -> None:
        self._tree = tree
        self._texts: list[str] | None = None
        self._known: dict[str, str | None] = {}

    def value_of(self, match: re.Match[str], depth: int = 0) -> str | None:
        """The literal a matched value stands for: itself, or what its variable is assigned."""
        for group in ("double", "single", "cdouble", "csingle"):
            if match.group(group) is not None:
                return match.group(group)
        raw = match.group("bare") or match.group("cbare") or ""
        if not raw[:1].isalpha() and raw[:1] not in "_$":
            return raw or None  # 45, /, /module/web/jpage/dataproxy.jsp
        if _VARIABLE.fullmatch(raw) and raw not in _NOT_VARIABLES:
            return self.variable(raw, depth)
        return None  # true, data.total, Math.ceil: nothing to read

    def variable(self, name: str, depth: int = 0) -> str | None:
        """The last literal assigned to `var name`, following `var a = b` a few names deep."""
        if depth >= MAX_RESOLVE_DEPTH:
            return None
        if name in self._known:
            return self._known[name]
        if len(self._known) >= MAX_NAMES:
            return None
        self._known[name] = None  # `var a = a` ends here
        assignment = re.compile(r"(?<![\w$.])" + re.escape(name) + r"\s*=(?!=)\s*" + _VALUE)
        value = None
        for text in self.texts():
            for count, match in enumerate(assignment.finditer(text, 0, MAX_RESOLVED_CHARS)):
                if count >= MAX_ASSIGNMENTS:
                    break
                found = self.value_of(match, depth + 1)
                if found is not None:  # the last literal assigned: `var total = 0; … total = 45;`
                    value = found
        self._known[name] = value
        return value

    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = []
            for script in self._tree.iter("script"):
                if script.text and not script.get("src") and "xml" not in (script.get("type") or "").lower():
                    self._texts.append(script.text)
                    if len(self._texts) >= MAX_SCRIPTS:
                        break
        return self._texts


def _query_settings(href: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in parse_qsl(urlsplit(href[:MAX_URL_CHARS]).query, keep_blank_values=False):
        _put(found, name, value)
    return found


def _hidden_inputs(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("input"):
        if (element.get("type") or "").lower() == "hidden":
            _put(found, element.get("name") or element.get("id") or "", element.get("value") or "")
    return found


def _url_settings(page_url: str, tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    column = _COLUMN_IN_URL.search(page_url)
    if column:
        found["columnid"] = column.group(1)
    unit = _UNIT_IN_QUERY.search(page_url)
    if unit:
        found["unitid"] = unit.group(1)
    for script in tree.iter("script"):  # the element around the datastore carries the unit's id
        if "xml" in (script.get("type") or "").lower():
            holder = script.getparent()
            holder_id = (holder.get("id") or "") if holder is not None else ""
            if holder_id.isascii() and holder_id.isdigit():
                found.setdefault("unitid", holder_id)
                break
    return found


def _put(found: dict[str, str], raw_name: str, raw_value: str) -> None:
    name = raw_name.lower()
    value = fold(unescape(raw_value), 200)
    if name in _NUMBER_NAMES:
        key = _NUMBER_NAMES[name]
    elif name in _PROXY_NAMES:
        key = "proxy"
        value = value if value.startswith(("/", "http://", "https://")) and "jpage" in value else ""
    elif name in _FIELD_NAMES:
        key = _FIELD_NAMES[name]
        if key != "webname" and not _SAFE_VALUE.match(value):
            return
    else:
        return
    if value and key not in found:
        found[key] = value


def _merge(found: dict[str, str], more: dict[str, str]) -> None:
    for key, value in more.items():
        found.setdefault(key, value)


def _bounded(raw: str | None, limit: int) -> int | None:
    number = _number(raw, limit)
    return number if number else None


def _query_text(pairs: Iterable[tuple[str, str]]) -> str:
    """A query as the component's form fields would be sent; `/` stays as it is (`path=/`),
    as transports that re-quote a query would turn `%2F` into it anyway."""
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='/')}" for name, value in pairs)


def _absolute(proxy: str, page_url: str, query: str) -> str | None:
    target = resolve(proxy.split("?", 1)[0], page_url)
    if target is None or not target.startswith(("http://", "https://")):
        return None
    url = f"{target}?{query}"
    return url if len(url) <= MAX_URL_CHARS else None
