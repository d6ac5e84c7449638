"""The 政府信息公开目录 fields on every document page, however the CMS lays them out.

The county's report asks to "对照政府信息公开目录编制规范…进一步完善《政府信息公开目录》":
each document page shows 索引号, 发布机构, 成文日期 (or 生成日期) and 发布日期. Sites write
the labels spaced for alignment (索 引 号, 索　引　号 with full-width spaces), under other
names (发文机关 for 发布机构, 公开日期 for 发布日期), in a two-column table, one cell per
label and value, a definition list, or only in `<meta name="…">` tags of the page's head
(TRS and Hanweb templates write them for the catalogue system). A field shown in any of
these ways is present; a label with an empty cell, or with nothing after its colon, is a
missing field, named in the problem.
"""

from __future__ import annotations

from .model import ExampleColumn, IdiomExample, Served, html

DOCUMENTS = ExampleColumn("zfwj", "政府文件", "documents", "/zfxxgk/zfwj/index.htm")
JUDGED = ("document.metadata",)

TITLE = "关于做好2026年冬季森林防火工作的通知"
BODY = "<div class=\"content\"><p>各乡镇人民政府，县直各单位：</p><p>现将有关事项通知如下……</p></div>"


def _doc_path(number: int) -> str:
    return f"/zfxxgk/zfwj/202611/t2026110{number}_{400 + number}.html"


def _list(*numbers: int) -> Served:
    rows = "".join(f'<li><a href="./202611/t2026110{n}_{400 + n}.html">{TITLE}（{n}）</a><span>2026-11-0{n}</span></li>'
                   for n in numbers)
    return Served(html("政府文件", f'<div class="nav"><a href="/">首页</a></div><ul class="list">{rows}</ul>'))


def _site(*documents: str) -> dict[str, Served]:
    numbers = range(1, len(documents) + 1)
    return {DOCUMENTS.path: _list(*numbers), **{_doc_path(n): Served(doc) for n, doc in zip(numbers, documents, strict=True)}}


def _table(cells: list[tuple[str, str]], label_tag: str = "th") -> str:
    """A TRS metadata table: two label/value pairs a row."""
    rows = []
    for start in range(0, len(cells), 2):
        pair = "".join(f"<{label_tag}>{label}</{label_tag}><td>{value}</td>" for label, value in cells[start:start + 2])
        rows.append(f"<tr>{pair}</tr>")
    return f'<table class="xxgk_table">{"".join(rows)}</table>'


def _document(meta_block: str, head: str = "") -> str:
    return html(TITLE, f'<div class="nav"><a href="/">首页</a></div>{meta_block}<h1>{TITLE}</h1>{BODY}', head=head)


SPACED_COMPLETE = _document(_table([
    ("索 引 号：", "11410322MB1234567X/2026-00101"), ("发布机构：", "示例县人民政府办公室"),
    ("成文日期：", "2026年11月01日"), ("发布日期：", "2026年11月03日"),
    ("文　　号：", "示政办〔2026〕31号"), ("主题分类：", "综合政务"),
]))
SPACED_NO_PUBLISHER = _document(_table([
    ("索 引 号：", "11410322MB1234567X/2026-00102"), ("发布机构：", ""),
    ("成文日期：", "2026年11月01日"), ("发布日期：", "2026年11月03日"),
]))
FULL_WIDTH_VARIANTS = _document(_table([
    ("索　引　号", "11410322MB1234567X/2026-00103"), ("发文机关", "示例县人民政府"),
    ("生成日期", "2026-11-01"), ("公开日期", "2026-11-04"),
], label_tag="td"))
ONE_CELL_EMPTY_INDEX = _document(
    '<table class="xxgk"><tr><td>索引号：</td><td>发布机构：示例县发展和改革委员会</td></tr>'
    "<tr><td>成文日期：2026-11-01</td><td>发布日期：2026-11-05</td></tr></table>"
)
DEFINITION_LIST = _document(
    '<dl class="xxgk"><dt>索引号:</dt><dd>11410322MB1234567X/2026-00105</dd><dt>发布机构:</dt><dd>示例县教育局</dd>'
    "<dt>成文日期:</dt><dd>2026-11-02</dd><dt>发布日期:</dt><dd>2026-11-05</dd></dl>"
)
META_FILLS_THE_BLOCK = _document(
    _table([("索 引 号：", "11410322MB1234567X/2026-00106"), ("成文日期：", "2026-11-01"), ("发布日期：", "2026-11-06")]),
    head='<meta name="ContentSource" content="示例县人民政府办公室"><meta name="PubDate" content="2026-11-06 09:30">',
)
META_ONLY = _document(
    '<div class="wh">文号：示政〔2026〕12号</div>',
    head=('<meta name="IndexNo" content="11410322MB1234567X/2026-00107"><meta name="Publisher" content="示例县人民政府">'
          '<meta name="FormedDate" content="2026-11-02"><meta name="PubDate" content="2026-11-07">'),
)
META_CREATE_DATE = _document(
    '<div class="wh">文号：示政办〔2026〕40号</div>',
    head=('<meta name="IndexNo" content="11410322MB1234567X/2026-00109"><meta name="ContentSource" content="示例县人民政府办公室">'
          '<meta name="CreateDate" content="2026-11-02"><meta name="PubDate" content="2026-11-09">'),
)
# the national page standard's tags head every article: an explainer listed among the documents
NATIONAL_STANDARD_ARTICLE = html(
    "《冬季森林防火工作方案》政策解读",
    '<div class="nav"><a href="/">首页</a></div><h1>《冬季森林防火工作方案》政策解读</h1><p>一、出台背景……</p>',
    head=('<meta name="SiteName" content="示例县人民政府"><meta name="ColumnName" content="政府文件">'
          '<meta name="ArticleTitle" content="《冬季森林防火工作方案》政策解读"><meta name="PubDate" content="2026-11-05 10:12">'
          '<meta name="ContentSource" content="示例县林业局"><meta name="CreateDate" content="2026-11-05">'),
)
NO_FORMED_DATE = _document(_table([
    ("索 引 号：", "11410322MB1234567X/2026-00108"), ("发布机构：", "示例县民政局"),
    ("文　　号：", "示民〔2026〕8号"), ("发布日期：", "2026-11-08"),
]))

EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="catalogue", verdict="FAIL",
        title="TRS 空格标签表格：发布机构一格为空",
        columns=(DOCUMENTS,), pages=_site(SPACED_COMPLETE, SPACED_NO_PUBLISHER), judges=JUDGED,
        expect=(("document.metadata", _doc_path(2)),),
    ),
    IdiomExample(
        pattern="catalogue", verdict="PASS",
        title="全角空格标签、发文机关、生成日期、公开日期：四项齐全",
        columns=(DOCUMENTS,), pages=_site(FULL_WIDTH_VARIANTS, SPACED_COMPLETE), judges=JUDGED,
    ),
    IdiomExample(
        pattern="catalogue", verdict="FAIL",
        title="标签与内容同格：“索引号：”后面什么也没有；缺成文日期的另一份文件",
        columns=(DOCUMENTS,), pages=_site(ONE_CELL_EMPTY_INDEX, DEFINITION_LIST, NO_FORMED_DATE), judges=JUDGED,
        expect=(("document.metadata", _doc_path(1)), ("document.metadata", _doc_path(3))),
    ),
    IdiomExample(
        pattern="catalogue", verdict="PASS",
        title="页面表格缺发布机构、<meta name=\"ContentSource\"> 写有；四项全在 meta 标签里（CreateDate 为生成日期）",
        columns=(DOCUMENTS,), pages=_site(META_FILLS_THE_BLOCK, META_ONLY, DEFINITION_LIST, META_CREATE_DATE),
        judges=JUDGED,
    ),
    IdiomExample(
        pattern="catalogue", verdict="PASS",
        title="文件栏目里的政策解读只有全国规范的 PubDate、ContentSource、CreateDate：不按文件判定，列为未能判定",
        columns=(DOCUMENTS,), pages=_site(SPACED_COMPLETE, NATIONAL_STANDARD_ARTICLE), judges=JUDGED,
        unverified=(("document.metadata", _doc_path(2)),),
    ),
)
