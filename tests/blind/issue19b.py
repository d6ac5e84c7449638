"""Issue 19, second set: new cases for content.wording, content.personal_data, link.hidden and
site.https, different from issue19.py's (other strings, other sites and CMS idioms).

Added after build_issue19, in the same way: new pages in each family's URL shape, dated 1–4 days
before as_of (one archive page years old), outside every configured column, linked from a visible
block on the home page; new outside targets. Nothing that existed before changes except the home
pages, which get the new blocks (a visible list of links, and on some homes an ordinary hidden UI
element: a dropdown, a toolbar, a carousel, a collapsed list, a statistics script, a badge).

Hidden links to gambling pages on town and department sites are also `link.wrong` problems (every
link there is checked, and a gambling page is a wrong target), so each has its own target page and
a planted `link.wrong` at it. The county portal's spam targets (loan, invoices) are outside that
rule's scope (links columns only on the county portal).

Everything is a pure function of (as_of, port).
"""

from __future__ import annotations

import datetime as dt

from .common import Site, cn_date, form_bytes, guide_body, iso, page_html
from .issue19 import (  # the same deterministic zip writer as the first set's attachments
    DOCX,
    XLSX,
    _esc,
    _zip,
    art_page,
    bad_id_number,
    block,
    id_number,
    inject,
    luhn,
    not_luhn,
    para,
    pdf_bytes,
    site_of,
    trs_path,
)

# ---------------------------------------------------------------- numbers (checked by the tests)

# Resident ID numbers: the first 17 digits (410322 = the estate's county code, a real date, a sequence).
ID_CHENGGUAN = "41032219870315231"           # 行政处罚决定书, running text
ID_QINGSHI = ("41032219620708002", "41032219550211001", "41032219710930004")  # 6-8-4 with spaces
ID_FGW_PDF = ("41032219680422003", "41032219750619001")                      # PDF text layer
ID_HEKOU_XLSX = ("41032219660527002", "41032219790103003")                   # xlsx shared strings
ID_MZJ_DOCX = ("41032219380211002", "41032219400917001", "41032219441205004")  # docx table, one split
ID_MASKED = ("41032220090613002", "41032220100204001", "41032220081117003", "41032220110830002")
ID_SHIMEN_MASKED = ("41032219580306001", "41032219630714002")
# 18 digits with a valid region and date (a 受理编号: region + date + sequence) whose last digit is wrong
BAD_ID_FGW = "41032220261124001"

# Bank cards (Luhn): social security cards with a bank function (UnionPay 62…), 19 digits.
CARDS_RSJ = ("623059100012345678", "621700212300456789", "622848001200678901")
CARDS_HEKOU = ("622991710000123456", "623105300001234567")
# A unit's own bank account (工商银行对公账户, 19 digits, not a card BIN), Luhn-valid by construction.
ACCOUNT_BAIMA = "170502010902490123"
# A 16-digit 缴款书编号 starting with 4 (a Visa-like start) that fails Luhn.
NOTLUHN_BAIMA = "410322202611000"

MOBILE_BAIMA = "13607791234"       # a private person's mobile in a news story
MOBILES_OK = {"rsj": "15837912345", "qingshi": "13937956789", "baima": "15937961234",
              "hekou": ("13903791122", "13837913344")}

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_code(body8: str) -> str:
    """A 9-character organisation code: 8 characters and the GB 11714 check character."""
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    val = [int(c) if c.isdigit() else ord(c) - 55 for c in body8]
    c = 11 - sum(v * k for v, k in zip(val, w, strict=True)) % 11
    return body8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def credit_code(first17: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character."""
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    s = sum(CREDIT_CHARS.index(c) * k for c, k in zip(first17, w, strict=True))
    return first17 + CREDIT_CHARS[(31 - s % 31) % 31]


CREDIT_FGW = (credit_code("91410322" + org_code("MA45X7B2")),   # a company set up after 2015
              credit_code("91410322" + org_code("MA9F2K1C")),
              credit_code("12410322" + org_code("41600123")))   # a public institution (事业单位)


def spaced_id(n18: str) -> str:
    return f"{n18[:6]} {n18[6:14]} {n18[14:]}"


def first_with_x(prefix: str) -> str:
    """The first sequence after prefix (14 digits) whose ID check digit is X."""
    return next(p for p in (f"{prefix}{k:03d}" for k in range(1, 1000)) if id_number(p).endswith("X"))


# one of qingshi's IDs ends in X (written as the standard says, upper case)
ID_QINGSHI = ID_QINGSHI[:2] + (first_with_x("41032219710930"),)


# ---------------------------------------------------------------- attachments

CT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="{}"/></Relationships>')


def docx_table(title: str, header: list[str], rows: list[list[list[str]]], tail: list[str]) -> bytes:
    """A .docx as Word writes it: a title paragraph, a table whose cells hold one or more runs
    (Word splits text into runs at editing and spell-check boundaries, with rsid attributes),
    and closing paragraphs."""
    def run(t):
        return f'<w:r w:rsidRPr="00A41C2E"><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' \
               f'<w:t xml:space="preserve">{_esc(t)}</w:t></w:r>'

    def cell(runs):
        return f'<w:tc><w:tcPr><w:tcW w:w="1800" w:type="dxa"/></w:tcPr><w:p w:rsidR="00D2" w:rsidRDefault="00D2">' \
               f'{"".join(run(r) for r in runs)}</w:p></w:tc>'
    trs = "".join("<w:tr>" + "".join(cell(c) for c in r) + "</w:tr>" for r in [[[h] for h in header]] + rows)
    body = (f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{run(title)}</w:p>'
            f'<w:tbl><w:tblPr><w:tblStyle w:val="a3"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>{trs}</w:tbl>'
            + "".join(f"<w:p>{run(t)}</w:p>" for t in tail))
    return _zip({
        "[Content_Types].xml": CT_HEAD + '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": RELS.format("word/document.xml"),
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>',
    })


def xlsx_shared(rows: list[list[str | float]]) -> bytes:
    """An .xlsx as Excel writes it: text in xl/sharedStrings.xml (cells t="s" hold an index),
    numbers as <v> values; ID and card numbers are text (Excel would round them as numbers)."""
    strings: list[str] = []
    idx: dict[str, int] = {}

    def sref(t):
        if t not in idx:
            idx[t] = len(strings)
            strings.append(t)
        return idx[t]
    cells = []
    for r, row in enumerate(rows):
        cs = []
        for c, v in enumerate(row):
            ref = f"{'ABCDEFGH'[c]}{r + 1}"
            if isinstance(v, str):
                cs.append(f'<c r="{ref}" t="s"><v>{sref(v)}</v></c>')
            else:
                cs.append(f'<c r="{ref}"><v>{v}</v></c>')
        cells.append(f'<row r="{r + 1}">{"".join(cs)}</row>')
    sst = "".join(f"<si><t>{_esc(t)}</t></si>" for t in strings)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _zip({
        "[Content_Types].xml": CT_HEAD
        + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": RELS.format("xl/workbook.xml"),
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}" xmlns:r="{rel}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="{ns}" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{ns}">'
        f'<sheetData>{"".join(cells)}</sheetData></worksheet>',
    })


# ---------------------------------------------------------------- outside targets

# gambling pages, one per hidden link on a town or department site (each also a link.wrong problem)
GAMBLING = {
    "chengguan": ("/www.yl8866.com/", "永利皇宫娱乐城", "永利皇宫 百家乐 龙虎斗 真人荷官 在线投注"),
    "qingshi": ("/www.pj2277.com/", "澳门葡京娱乐场", "葡京娱乐场 老虎机 百家乐 注册送彩金"),
    "mzj": ("/www.hg0088.cc/", "皇冠体育投注", "皇冠体育 足球投注 滚球 赔率 真人娱乐"),
    "hekou": ("/www.hgty365.net/", "皇冠体育-真人娱乐", "皇冠体育 在线投注 真人娱乐 电子游艺"),
    "jyj": ("/www.xg49tk.com/", "香港六合彩图库", "香港六合彩 特码 开奖结果 六合彩资料 心水论坛"),
    "fgw": ("/www.ky0099.com/", "开元棋牌", "开元棋牌 斗地主 炸金花 真钱棋牌 提现秒到账"),
}
SPAM = {  # the county portal's hidden spam (not gambling)
    "/www.dk-360.cn/": ("无抵押贷款-网贷秒批", "无抵押贷款 网贷秒批 黑户可贷 当天放款"),
    "/www.fp6688.cn/": ("代开发票-各地正规发票", "代开增值税发票 代开普通发票 各地正规发票 点数优惠"),
}
MEDIA = [("/ok/people.html", "人民网"), ("/ok/cctv.html", "央视网"), ("/ok/hnr.html", "河南日报")]


def outside(est):
    o = est.outside
    for path, title, words in GAMBLING.values():
        o.add(path, f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>
<meta name="keywords" content="{words.replace(' ', ',')}"></head>
<body><h1>{title}</h1><p>{words}，新用户注册即送88元彩金，首存再送100%，24小时在线投注。</p></body></html>""")
    for path, (title, words) in SPAM.items():
        o.add(path, f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{words}，联系QQ：88886666。</p></body></html>""")
    for path, title in MEDIA + [("/ok/ztjy.html", "学习贯彻专题"), ("/ok/yxly.html", "云溪文旅"),
                                ("/ok/sheng-scjg.html", "省市场监督管理局"), ("/ok/shi-fgw.html", "市发展和改革委员会"),
                                ("/ok/credit.html", "信用中国（河南）"), ("/ok/ggzy.html", "公共资源交易中心"),
                                ("/ok/wza-help.html", "无障碍服务使用帮助"), ("/ok/qzone.html", "QQ空间分享"),
                                ("/ok/weibo-share.html", "新浪微博分享")]:
        o.add(path, f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>欢迎访问{title}</p></body></html>""")
    o.add("/cnzz/z_stat.php?id=1280123456&web_id=1280123456", b"/* cnzz site statistics */\n",
          ctype="application/javascript")


# ---------------------------------------------------------------- helpers

def cg_path(d, n, col=1098):
    return f"/art/{d.year}/{d.month}/{d.day}/art_{col}_{n}.html"


class Links:
    """The new pages of each site, injected as one visible block on its home page at the end."""

    def __init__(self):
        self.by_site: dict[str, list[tuple[str, str]]] = {}

    def add(self, site: Site, path: str, title: str) -> str:
        self.by_site.setdefault(site.id, []).append((path, title))
        return site.url(path)


# ---------------------------------------------------------------- the cases

def build_issue19b(est):
    est.issue19b_from = (len(est.planted), len(est.mnf))  # where this module's truth entries start
    outside(est)
    links = Links()
    wording(est, links)
    personal(est, links)
    hidden(est, links)
    https(est, links)
    titles = {"portal": "要闻专题", "chengguan": "镇务动态", "qingshi": "青石资讯", "fgw": "发改要闻",
              "rsj": "人社资讯", "baima": "白马资讯", "jyj": "教育资讯", "shimen": "石门资讯", "mzj": "民政资讯",
              "hekou": "河口资讯", "scjg": "政务公开"}
    for sid, ls in links.by_site.items():
        s = site_of(est, sid)
        keys = [k for k in ("/", s.home, "/index.html") if k in s.pages]
        inject(s, block(titles[sid], ls), keys=keys)


def wording(est, links):
    P = "wording"
    d1, d2, d3, d4 = est.d(1), est.d(2), est.d(3), est.d(4)

    # chengguan (Hanweb): a leader's post wrong against the site's own leader pages
    # (领导信息: 刘振华 镇党委书记, 陈国庆 镇长, 杨秀英 镇人大主席, 黄志明 副镇长)
    s = site_of(est, "chengguan")
    n = est.xid()
    p = cg_path(d1, n)
    t = "城关镇召开冬季安全生产工作部署会"
    s.add(p, art_page(s, t, d1, para(
        f"{cn_date(d1)}上午，城关镇召开冬季安全生产工作部署会。镇长刘振华出席会议并讲话。",
        "会议对全镇道路交通、消防、燃气等领域安全隐患排查整治工作进行了安排部署。")))
    est.plant("content.wording", s, None, links.add(s, p, t), P,
              "领导职务错误：“镇长刘振华”（领导信息：刘振华为镇党委书记，镇长为陈国庆）")
    n = est.xid()
    p = cg_path(d3, n)
    t = "县领导到城关镇调研老旧小区改造工作"
    s.add(p, art_page(s, t, d3, para(
        f"{cn_date(d3)}，县委常委、常务副县长李红梅到城关镇调研老旧小区改造工作，镇党委书记刘振华、"
        "镇长陈国庆陪同。",
        "调研组一行先后来到城北社区、建设路社区，实地查看改造进度。副镇长黄志明汇报了项目推进情况，"
        "镇人大主席杨秀英就群众关心的加装电梯问题作了说明。")))
    est.ok("content.wording", s, links.add(s, p, t), P,
           "县领导李红梅（县委常委、常务副县长，不在本镇领导信息中）出现在镇网站：不应按本镇领导核对；"
           "镇领导职务均与领导信息一致")

    # mzj (ASP, GBK): a leader's post wrong (局长 written 副局长) and a law's name with one character
    # swapped; a page with the right forms (领导班子: 邓国华 局长, 曹淑芬 / 彭立新 副局长)
    s = site_of(est, "mzj")
    n1, n2, n3 = est.xid(), est.xid(), est.xid()
    p1, p2, p3 = (f"/Article/ShowArticle.asp?ArticleID={k}" for k in (n1, n2, n3))
    t1 = "县民政局开展冬季困难群众走访慰问活动"
    s.add(p1, art_page(s, t1, d2, para(
        f"{cn_date(d2)}，副局长邓国华带队深入各乡镇，走访慰问特困供养人员和低保家庭，送去米、面、油和棉被。",
        "走访中，工作人员详细询问困难群众的生活状况，叮嘱大家注意防寒保暖。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "领导职务错误：“副局长邓国华”（领导班子：邓国华为局长）")
    t2 = "县民政局开展敬老月系列宣传活动"
    s.add(p2, art_page(s, t2, d3, para(
        "活动现场，工作人员向老年人宣讲了《中华人民共和国老年人权益保护法》，解答了高龄津贴、养老服务补贴等政策问题。",
        "此次活动共发放宣传资料600余份。")))
    est.plant("content.wording", s, None, links.add(s, p2, t2), P,
              "法律名称错误：《中华人民共和国老年人权益保护法》应为《中华人民共和国老年人权益保障法》")
    t3 = "县民政局召开养老服务体系建设推进会"
    s.add(p3, art_page(s, t3, d4, para(
        "局长邓国华主持会议，副局长曹淑芬、彭立新分别通报了居家养老服务中心建设和特困人员供养情况。",
        "会议要求，认真贯彻《中华人民共和国老年人权益保障法》和《中华人民共和国民法典》有关规定，"
        "一如既往做好兜底保障工作。")))
    est.ok("content.wording", s, links.add(s, p3, t3), P,
           "领导姓名职务与领导班子一致；《中华人民共和国老年人权益保障法》《中华人民共和国民法典》；一如既往")

    # baima (PHP): a wrong form of a plenum (十八大五中全会 for 十八届五中全会); the right forms
    # (领导信息: 田保国 镇党委书记, 白玉兰 镇长)
    s = site_of(est, "baima")
    n1, n2 = est.xid(), est.xid()
    p1, p2 = f"/article.php?ArticleID={n1}", f"/article.php?ArticleID={n2}"
    t1 = "白马镇召开“十五五”规划编制座谈会"
    s.add(p1, art_page(s, t1, d2, para(
        "座谈会回顾了党的十八大五中全会提出创新、协调、绿色、开放、共享的新发展理念以来全镇经济社会发展取得的成就。",
        "与会人员围绕产业发展、乡村建设等方面提出意见建议。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "党的会议届次表述错误：“党的十八大五中全会”应为“党的十八届五中全会”")
    t2 = "白马镇党委理论学习中心组开展专题学习"
    s.add(p2, art_page(s, t2, d3, para(
        "镇党委书记田保国主持学习，镇长白玉兰作交流发言。",
        "会议深入学习党的二十届四中全会精神，回顾了党的十八届五中全会提出的新发展理念，"
        "要求全镇党员干部把学习成果转化为推动发展的实际行动。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "二十届四中全会、十八届五中全会；镇党委书记田保国、镇长白玉兰与领导信息一致")

    # qingshi (ASP, GBK): a wrong form of the guiding thought (社会 dropped); the right forms
    s = site_of(est, "qingshi")
    n1, n2 = est.xid(), est.xid()
    p1, p2 = f"/news/show.asp?id={n1}", f"/news/show.asp?id={n2}"
    t1 = "青石镇举办党员冬训示范班"
    s.add(p1, art_page(s, t1, d1, para(
        "培训班以深入学习习近平新时代中国特色主义思想为主线，采取专题辅导、现场教学等方式进行。",
        "全镇各村（社区）党支部书记、党员代表共120余人参加培训。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "重要思想表述错误：“习近平新时代中国特色主义思想”漏“社会”，应为“习近平新时代中国特色社会主义思想”")
    t2 = "青石镇开展“宪法宣传周”活动"
    s.add(p2, art_page(s, t2, d4, para(
        "中国特色社会主义进入新时代，全面依法治国深入推进。活动以学习宣传习近平新时代中国特色社会主义思想为主线，"
        "宣讲了全国人大常委会近年通过的法律。",
        "工作人员表示，要坚持和发展新时代中国特色社会主义，不断增强群众的法治意识。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "习近平新时代中国特色社会主义思想、中国特色社会主义进入新时代、新时代中国特色社会主义、全国人大常委会：均正确")

    # hekou (SiteServer): a misspelled state body (人民→人名, an input-method slip); legitimate
    # words that look like body names (检查组, 检查院内, 督查/督察) and 既使…又…
    s = site_of(est, "hekou")
    n1, n2 = est.xid(), est.xid()
    p1, p2 = f"/contents/298/{n1}.html", f"/contents/298/{n2}.html"
    t1 = "河口镇举办农民工法律维权讲座"
    s.add(p1, art_page(s, t1, d2, para(
        "讲座结合最高人名法院发布的拖欠农民工工资典型案例，讲解了劳动报酬争议的处理途径。",
        "参加讲座的务工人员纷纷表示受益匪浅。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "国家机关名称错误：“最高人名法院”应为“最高人民法院”")
    t2 = "河口镇开展冬季消防安全大检查"
    s.add(p2, art_page(s, t2, d3, para(
        "镇检查组联合派出所逐户检查院内柴草堆放和电动车充电情况，对发现的隐患当场督促整改。",
        "此前，县人民检察院到河口镇开展公益诉讼检察宣传，镇政府督查室同步对中央生态环境保护督察反馈问题整改情况进行了督查。",
        "镇里将一如既往抓好安全生产，既使群众住得安心，又使村庄面貌得到改善；即使在节假日，值班人员也坚守岗位。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "检查组、检查院内（不是机关名）、县人民检察院、督查室与生态环境保护督察、一如既往、“既使…又…”、即使：均正确")

    # fgw (JSP): a wrong form of a state body (国家市场监督管理局 for …总局); correct short forms
    s = site_of(est, "fgw")
    n1, n2 = est.xid(), est.xid()
    p1, p2 = f"/view.jsp?id={n1}", f"/view.jsp?id={n2}"
    t1 = "县发改委开展涉企收费专项检查"
    s.add(p1, art_page(s, t1, d1, para(
        "按照国家发展改革委、国家市场监督管理局等部门关于清理规范涉企收费的部署，县发改委会同有关部门开展专项检查。",
        "检查重点为行业协会商会、中介机构收费行为。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "国家机关名称错误：“国家市场监督管理局”应为“国家市场监督管理总局”（简称国家市场监管总局）")
    t2 = "县发改委召开民营经济发展座谈会"
    s.add(p2, art_page(s, t2, d4, para(
        "座谈会传达了国家发展改革委、国家市场监管总局关于促进民营经济发展的部署，解读了《中华人民共和国民营经济促进法》"
        "《中华人民共和国价格法》和《中华人民共和国招标投标法实施条例》。",
        "云溪县市场监督管理局、县市场监管局各股室负责同志参加座谈。国家发改委有关文件已转发各乡镇。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "国家发展改革委、国家发改委、国家市场监管总局、云溪县市场监督管理局、县市场监管局；民营经济促进法、价格法、"
           "招标投标法实施条例：均正确")

    # jyj (Hanweb): a law's name with two characters dropped (家庭教育促进法); laws one character
    # apart that are all real; a correction notice that quotes the error to correct it
    s = site_of(est, "jyj")
    n1, n2, n3 = est.xid(), est.xid(), est.xid()
    p1, p2, p3 = cg_path(d1, n1, 2098), cg_path(d3, n2, 2098), cg_path(d2, n3, 2098)
    t1 = "县教育局举办家庭教育指导服务培训班"
    s.add(p1, art_page(s, t1, d1, para(
        "培训班解读了《中华人民共和国家庭教育法》的主要内容，要求各学校建立家庭教育指导服务站点。",
        "全县中小学、幼儿园分管负责人共150余人参加培训。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "法律名称错误：《中华人民共和国家庭教育法》应为《中华人民共和国家庭教育促进法》")
    t2 = "县教育局开展教育法治宣传月活动"
    s.add(p2, art_page(s, t2, d3, para(
        "活动期间，各学校组织学习《中华人民共和国教育法》《中华人民共和国教师法》《中华人民共和国学前教育法》"
        "《中华人民共和国学位法》《中华人民共和国未成年人保护法》和《中华人民共和国家庭教育促进法》。",
        "各校通过主题班会、国旗下讲话等形式开展宣传。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "教育法、教师法（一字之差，均为现行法律）、学前教育法、学位法、未成年人保护法、家庭教育促进法：法律全称正确")
    t3 = "更正启事"
    s.add(p3, art_page(s, t3, d2, para(
        f"本网于{cn_date(est.d(5))}发布的《县教育局召开安全工作会议》一文中，“贯切落实”应为“贯彻落实”，"
        "现已更正。特此说明，并向读者致歉。")))
    est.ok("content.wording", s, links.add(s, p3, t3), P,
           "更正启事引用错误写法以纠正（“贯切落实”应为“贯彻落实”）：issue 19 称此为已记录的局限；"
           "列为不应报告，因为“……”应为“……”、标题“更正启事”的格式固定，认真的检查应能识别")

    # rsj (SiteServer): a law's name with two words in the wrong order; the right names
    # (领导信息: 冯建设 局长)
    s = site_of(est, "rsj")
    n1, n2 = est.xid(), est.xid()
    p1, p2 = f"/contents/198/{n1}.html", f"/contents/198/{n2}.html"
    t1 = "县人社局举办2026年冬季就业援助月启动仪式"
    s.add(p1, art_page(s, t1, d2, para(
        "启动仪式上，工作人员向求职群众宣传《中华人民共和国促进就业法》和各项就业创业扶持政策。",
        "现场共有42家企业提供就业岗位860余个。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P,
              "法律名称错误：《中华人民共和国促进就业法》应为《中华人民共和国就业促进法》")
    t2 = "县人社局开展根治欠薪冬季专项行动"
    s.add(p2, art_page(s, t2, d4, para(
        "局长冯建设在动员会上要求，严格落实《中华人民共和国就业促进法》《中华人民共和国劳动合同法实施条例》"
        "和《河南省人力资源市场条例》，依法维护劳动者合法权益。",
        "专项行动期间，劳动保障监察大队将对在建工程项目落实《劳动合同法》情况进行全面检查。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "就业促进法、劳动合同法实施条例（法律名加“实施条例”的行政法规）、省条例、简称《劳动合同法》；局长冯建设：均正确")

    # shimen (TRS): a common 错别字 (按步就班 for 按部就班); the right forms and leaders
    # (领导班子: 孙海涛 镇党委书记, 周丽 镇长, 吴强 副镇长)
    s = site_of(est, "shimen")
    n1, n2 = est.xid(), est.xid()
    p1, p2 = trs_path("/bmxx/", d1, n1), trs_path("/bmxx/", d2, n2)
    t1 = "石门镇部署年终各项重点工作"
    s.add(p1, art_page(s, t1, d1, para(
        "会议强调，年终岁末各项工作任务繁重，各村各部门不能按步就班，要倒排工期、挂图作战，确保全年目标任务圆满完成。",
        "会议还对冬季森林防火、安全生产等工作进行了安排。")))
    est.plant("content.wording", s, None, links.add(s, p1, t1), P, "错别字：“按步就班”应为“按部就班”")
    t2 = "石门镇召开村“两委”干部培训会"
    s.add(p2, art_page(s, t2, d2, para(
        "镇党委书记孙海涛主持会议，镇长周丽就村级财务管理作专题辅导，副镇长吴强通报了乡村建设项目进展。",
        "会议要求，各项工作既要按部就班、依规推进，又要敢于创新。党委书记孙海涛最后作总结讲话。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "按部就班；镇党委书记孙海涛、镇长周丽、副镇长吴强及省略“镇”的“党委书记孙海涛”：均与领导班子一致")

    # portal (TRS): a leader's former post on a page published years ago (reached from an archive
    # list), and 时任 on a recent page; correct names of central bodies
    s = site_of(est, "portal")
    old = dt.date(est.as_of.year - 6, 11, 10)
    n1, n2 = est.xid(), est.xid()
    p1, p2 = trs_path("/zxzx/", old, n1), trs_path("/zxzx/", d3, n2)
    t1 = f"我县召开{old.year}年秋冬季农田水利建设动员会"
    s.add(p1, art_page(s, t1, old, para(
        f"{cn_date(old)}，我县召开秋冬季农田水利建设动员会。县委常委、副县长王建国出席会议并讲话。",
        "会议要求，各乡镇要及早谋划，确保农田水利建设任务按期完成。")))
    archive = "/zxzx/lshg/index.htm"
    s.add(archive, page_html(s, "往年回顾", '<div class="list"><h2>往年回顾</h2><ul>'
                             f'<li><a href="../{p1[len("/zxzx/"):]}" target="_blank">{t1}</a>'
                             f"<span>{iso(old)}</span></li></ul></div>"))
    links.add(s, archive, "往年回顾")
    est.ok("content.wording", s, s.url(p1), P,
           f"{iso(old)} 发布的旧页面（经“往年回顾”链接可达）：当时王建国任县委常委、副县长，现任县长；旧页面上的原职务不是错误")
    t2 = "我县农田水利建设十年回顾"
    s.add(p2, art_page(s, t2, d3, para(
        f"{old.year}年秋冬，时任副县长王建国带队督导农田水利建设，全县新建高标准农田5万亩。",
        "十年来，我县认真落实全国人大常委会、国务院和中央纪委国家监委有关部署，党的十八届五中全会以来累计投入资金12亿元。")))
    est.ok("content.wording", s, links.add(s, p2, t2), P,
           "“时任副县长王建国”（时任：当时的职务）；全国人大常委会、中央纪委国家监委、十八届五中全会：均正确")


def personal(est, links):
    P = "personal-data"
    d1, d2, d3, d4 = est.d(1), est.d(2), est.d(3), est.d(4)

    # chengguan (Hanweb): a published 行政处罚决定书 whose party is half anonymised (王某某) but whose
    # ID number is printed in full, in running text
    s = site_of(est, "chengguan")
    n = est.xid()
    p = cg_path(d2, n)
    t = f"城关镇综合行政执法大队行政处罚决定书（城综执罚〔{d2.year}〕{n % 100}号）"
    s.add(p, art_page(s, t, d2, para(
        f"当事人：王某某，性别：男，身份证号码：{id_number(ID_CHENGGUAN)}，住址：云溪县城关镇北关村。",
        f"经查，当事人于{cn_date(est.d(40))}未经批准在城关镇北关村擅自搭建彩钢板房一处，面积约35平方米，"
        "违反了《河南省城市市容和环境卫生管理条例》的规定。",
        "依据有关规定，本机关决定责令当事人限期拆除，并处罚款人民币贰仟元整。",
        "当事人如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。")))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              "行政处罚决定书正文中当事人完整的身份证号码（姓名已作“王某某”处理，号码未脱敏）")

    # qingshi (ASP, GBK): ID numbers grouped 6-8-4 with spaces (as pasted from a spreadsheet)
    s = site_of(est, "qingshi")
    n = est.xid()
    p = f"/news/show.asp?id={n}"
    names = ("杨老五", "孙桂芝", "刘满囤")
    rows = "".join(f"<tr><td>{k + 1}</td><td>{nm}</td><td>{spaced_id(id_number(no))}</td><td>{v}</td><td>C级</td></tr>"
                   for k, (nm, no, v) in enumerate(zip(names, ID_QINGSHI, ("后河村", "石板沟村", "青石村"), strict=True)))
    t = f"青石镇{est.as_of.year}年农村危房改造对象公示"
    s.add(p, art_page(s, t, d1, para("经农户申请、村民评议、镇级审核，现将拟列入农村危房改造的对象公示如下，公示期7天。")
                      + '<table border="1" cellpadding="3"><tr><th>序号</th><th>户主姓名</th><th>身份证号</th>'
                      f"<th>所在村</th><th>危房等级</th></tr>{rows}</table>"
                      + para("监督电话：0377-66128765")))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              "危房改造公示表中完整的公民身份号码，按 6-8-4 分组、中间有空格（校验位有效，两个末位为 X）")

    # rsj (SiteServer): bank card numbers (social security cards with a bank function) in a 公示
    s = site_of(est, "rsj")
    n = est.xid()
    p = f"/contents/198/{n}.html"
    people = ("郭春生", "马丽娟", "周建平")
    rows = "".join(f"<tr><td>{nm}</td><td>灵活就业</td><td>{luhn(c)}</td><td>{amt}</td></tr>"
                   for nm, c, amt in zip(people, CARDS_RSJ, ("1680.00", "1680.00", "840.00"), strict=True))
    t = f"{est.as_of.year}年第三季度灵活就业人员社会保险补贴发放公示"
    s.add(p, art_page(s, t, d3, para("根据就业补助资金管理有关规定，现将第三季度灵活就业人员社会保险补贴发放情况公示如下：")
                      + '<table border="1"><tr><th>姓名</th><th>人员类别</th><th>社会保障卡金融账号</th><th>补贴金额（元）</th></tr>'
                      f"{rows}</table>" + para("公示期5个工作日。监督电话：0377-66123330")))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              "补贴公示表中完整的社会保障卡金融账号（19 位银行卡号，Luhn 校验通过）")

    # baima (PHP): a private person's mobile in a news story
    s = site_of(est, "baima")
    n = est.xid()
    p = f"/article.php?ArticleID={n}"
    t = "一面锦旗 见证为民服务真情"
    s.add(p, art_page(s, t, d2, para(
        f"近日，白马镇前进村村民赵某某（{MOBILE_BAIMA}）将一面写有“为民办实事 真情暖人心”的锦旗送到镇便民服务中心，"
        "感谢工作人员帮助其办理了养老保险待遇领取手续。",
        "便民服务中心将继续优化服务流程，让群众办事更加便捷。")))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              f"新闻正文中群众的私人手机号 {MOBILE_BAIMA}（括号内，不在联系电话字段）")

    # fgw (JSP): a PDF attachment (text layer) listing ID numbers
    s = site_of(est, "fgw")
    n = est.xid()
    p = f"/view.jsp?id={n}"
    pdf = f"/upload/file/{d2.year}{d2.month:02d}/{n}.pdf"
    s.add(pdf, pdf_bytes([
        "Yunxi County grain producer subsidy list",
        f"1  Wang Moumou  ID {id_number(ID_FGW_PDF[0])}  area 320 mu  amount 9600.00",
        f"2  Li Moumou  ID {id_number(ID_FGW_PDF[1])}  area 215 mu  amount 6450.00",
        "Supervision: 0377-66121020",
    ]), ctype="application/pdf")
    t = f"关于{est.as_of.year}年种粮大户补贴资金发放名单的公示"
    s.add(p, art_page(s, t, d2, para("现将种粮大户补贴资金发放名单予以公示，详见附件。",
                                     f'附件：<a href="{pdf}">种粮大户补贴名单.pdf</a>')))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              "PDF 附件（文字层）中完整的身份证号码；页面正文无个人信息（违规报在链接附件的页面）")

    # hekou (SiteServer): an .xlsx attachment (shared strings) with ID and bank card numbers
    s = site_of(est, "hekou")
    n = est.xid()
    p = f"/contents/298/{n}.html"
    x = f"/upload/files/{d3.year}/{d3.month}/{n}.xlsx"
    s.add(x, xlsx_shared([
        ["序号", "姓名", "身份证号码", "一卡通账号", "补贴机具", "补贴金额（元）"],
        [1, "陈老三", id_number(ID_HEKOU_XLSX[0]), luhn(CARDS_HEKOU[0]), "轮式拖拉机", 12800],
        [2, "黄秀琴", id_number(ID_HEKOU_XLSX[1]), luhn(CARDS_HEKOU[1]), "玉米收获机", 36500],
    ]), ctype=XLSX)
    t = f"河口镇{est.as_of.year}年农机购置补贴受益对象公示"
    s.add(p, art_page(s, t, d3, para("现将农机购置补贴受益对象予以公示，名单见附件。",
                                     f'附件：<a href="{x}">农机购置补贴受益对象名单.xlsx</a>')))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              "xlsx 附件（共享字符串表）中完整的身份证号码和银行卡号（违规报在链接附件的页面）")

    # mzj (ASP, GBK): a .docx attachment, a table; one ID number split across two runs
    s = site_of(est, "mzj")
    n = est.xid()
    p = f"/Article/ShowArticle.asp?ArticleID={n}"
    doc = f"/UploadFiles/{d1.year}{d1.month:02d}/{n}.docx"
    ids = [id_number(x) for x in ID_MZJ_DOCX]
    s.add(doc, docx_table(f"{est.as_of.year}年12月新增高龄津贴人员名单", ["序号", "姓名", "身份证号码", "年龄", "乡镇"], [
        [["1"], ["张老栓"], [ids[0]], ["88"], ["城关镇"]],
        [["2"], ["李桂花"], [ids[1][:10], ids[1][10:]], ["86"], ["白马镇"]],
        [["3"], ["王有福"], [ids[2]], ["81"], ["河口镇"]],
    ], ["云溪县民政局", cn_date(d1)]), ctype=DOCX)
    t = "关于新增高龄津贴发放对象的公示"
    s.add(p, art_page(s, t, d1, para("经本人申请、乡镇审核，现将新增高龄津贴发放对象公示如下（见附件）。",
                                     f'附件：<a href="../UploadFiles/{d1.year}{d1.month:02d}/{n}.docx">高龄津贴人员名单.docx</a>')))
    est.plant("content.personal_data", s, None, links.add(s, p, t), P,
              "docx 附件表格中完整的身份证号码（其一被 Word 拆成两个 run）")

    # ---- must not flag
    # jyj (Hanweb): masked numbers in several styles
    s = site_of(est, "jyj")
    n = est.xid()
    p = cg_path(d2, n, 2098)
    full = [id_number(x) for x in ID_MASKED]
    masks = [full[0][:6] + "*" * 8 + full[0][-4:], full[1][:4] + "*" * 10 + full[1][-4:],
             full[2][:10] + "****" + full[2][-4:], full[3][:1] + "*" * 16 + full[3][-1:]]
    studs = ("张*涵", "李*", "王*轩", "赵*琪")
    cards = ("6217 **** **** 3456", "6228********5678", "6230****1234", "尾号8899")
    rows = "".join(f"<tr><td>{k + 1}</td><td>{nm}</td><td>{m}</td><td>{c}</td><td>1000</td></tr>"
                   for k, (nm, m, c) in enumerate(zip(studs, masks, cards, strict=True)))
    t = f"{est.as_of.year}年秋季学期家庭经济困难学生资助名单公示"
    s.add(p, art_page(s, t, d2, para("根据学生资助有关规定，现将资助名单公示如下：")
                      + '<table border="1"><tr><th>序号</th><th>学生姓名</th><th>身份证号</th><th>银行卡号</th>'
                      f"<th>资助金额（元）</th></tr>{rows}</table>"
                      + para("如有异议，请联系学生资助管理中心，联系人手机：138****5678。")))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           "身份证号四种脱敏样式（6+8*+4、4+10*+4、仅遮月日、首尾各一位）、银行卡号脱敏、手机号 138****5678 脱敏")

    # fgw (JSP): 18-character credit codes (real format), an investment project code, a 受理编号
    s = site_of(est, "fgw")
    n = est.xid()
    p = f"/view.jsp?id={n}"
    bad = bad_id_number(BAD_ID_FGW)
    t = "县发改委企业投资项目备案信息公示"
    rows = "".join(f"<tr><td>{nm}</td><td>{cc}</td><td>{code}</td></tr>" for nm, cc, code in zip(
        ("云溪县绿源农业科技有限公司", "云溪县恒信建材有限公司", "云溪县农业技术推广中心"), CREDIT_FGW,
        (f"{d4.year}-410322-01-03-582736", f"{d4.year}-410322-30-03-104529", f"{d4.year}-410322-05-01-377104"),
        strict=True))
    s.add(p, art_page(s, t, d4, '<table border="1"><tr><th>项目单位</th><th>统一社会信用代码</th><th>项目代码</th></tr>'
                      f"{rows}</table>" + para(f"受理编号：{bad}，办理结果：已备案。", "咨询电话：0377-66125300")))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           f"统一社会信用代码（18 位，含字母，GB 32100 校验位正确；事业单位代码首位 12）、投资项目代码、受理编号 {bad}"
           "（地区码与日期有效但身份证校验位不符）")

    # rsj (SiteServer): a recruitment notice with mobiles in 咨询电话 / 联系方式, landline, fax, 12333
    s = site_of(est, "rsj")
    n = est.xid()
    p = f"/contents/198/{n}.html"
    t = f"云溪县{est.as_of.year + 1}年公益性岗位招聘公告"
    s.add(p, art_page(s, t, d1, para(
        "为做好就业困难人员就业援助工作，现面向社会招聘公益性岗位人员40名。",
        "报名地点：县公共就业服务中心一楼大厅。",
        f"咨询电话：0377-66123331，{MOBILES_OK['rsj']}（王老师）；传真：0377-66123332。",
        "联系方式：云溪县人力资源和社会保障局就业股，邮编：471100。人社服务热线：12333。")))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           f"招聘公告“咨询电话”中的工作手机号 {MOBILES_OK['rsj']}、座机、传真、邮编、12333")

    # qingshi (ASP, GBK): a complete service guide whose 联系方式 row is a mobile
    s = site_of(est, "qingshi")
    n = est.xid()
    p = f"/news/show.asp?id={n}"
    form = f"/UploadFiles/bg/{n}.doc"
    s.add(form, form_bytes("临时救助申请表"), ctype="application/msword")
    g = guide_body("临时救助申请", form, "临时救助申请表.doc", style="table", variant=1).replace(
        "</table>", f"<tr><th>联系方式</th><td>镇民政所 {MOBILES_OK['qingshi']}，0377-66128800</td></tr></table>")
    t = "临时救助申请办事指南"
    s.add(p, page_html(s, t, g, meta_charset="gb2312"))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           f"完整的办事指南（表格可下载）：“联系方式”中的民政所手机号 {MOBILES_OK['qingshi']} 与座机")

    # baima (PHP): a payment notice with the town's own bank account and a 缴款书 number
    s = site_of(est, "baima")
    n = est.xid()
    p = f"/article.php?ArticleID={n}"
    acct = luhn(ACCOUNT_BAIMA)
    slip = not_luhn(NOTLUHN_BAIMA)
    t = f"关于缴纳{est.as_of.year + 1}年度城乡居民医疗保险费的通知"
    s.add(p, art_page(s, t, d3, para(
        f"{est.as_of.year + 1}年度城乡居民医保个人缴费标准为每人每年400元，缴费截止时间为{est.as_of.year + 1}年2月28日。",
        f"单位代收户名：云溪县白马镇人民政府，开户行：中国工商银行云溪县支行，账号：{acct}。",
        f"缴款书编号：{slip}。",
        f"咨询电话：镇医保所 {MOBILES_OK['baima']}，0377-66125588。")))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           f"镇政府对公账号 {acct}（19 位，Luhn 恰好通过，但不是银行卡号段 62/4/5，户名为单位）、"
           f"缴款书编号 {slip}（16 位，4 开头，Luhn 不通过）、咨询电话字段中的手机号")

    # hekou (SiteServer): a flood-control duty roster: officials' mobiles in the 联系电话 column
    s = site_of(est, "hekou")
    n = est.xid()
    p = f"/contents/298/{n}.html"
    m1, m2 = MOBILES_OK["hekou"]
    t = f"河口镇{est.as_of.year}年度防汛抗旱责任人调整公示"
    s.add(p, art_page(s, t, d4, '<table border="1"><tr><th>责任类别</th><th>姓名</th><th>职务</th><th>联系电话</th></tr>'
                      f"<tr><td>镇级防汛行政责任人</td><td>谢红霞</td><td>镇长</td><td>{m1}</td></tr>"
                      f"<tr><td>镇级防汛技术责任人</td><td>王志勇</td><td>镇水利站技术员</td><td>{m2}</td></tr>"
                      "</table>" + para("镇防汛抗旱指挥部办公室值班电话：0377-66129110。")))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           "防汛责任人公示“联系电话”栏中责任人的手机号（按规定向社会公布）、值班座机")

    # shimen (TRS): a .docx with masked IDs; 15-digit business registration numbers, fax, 400 number
    s = site_of(est, "shimen")
    n = est.xid()
    p = trs_path("/bmxx/", d3, n)
    dname = f"P0{d3.year}{d3.month:02d}{d3.day:02d}{n}.docx"
    mids = [id_number(x) for x in ID_SHIMEN_MASKED]
    s.add(p.rsplit("/", 1)[0] + "/" + dname, docx_table("石门镇农村低保动态调整名单（脱敏）", ["序号", "户主", "身份证号", "联系电话"], [
        [["1"], ["孙*兰"], [mids[0][:6] + "********" + mids[0][-4:]], ["139****2467"]],
        [["2"], ["杜*军"], [mids[1][:6] + "********" + mids[1][-4:]], ["158****1129"]],
    ], ["经办人：镇民政所 0377-66120857"]), ctype=DOCX)
    t = "石门镇农村低保动态调整情况公示"
    s.add(p, art_page(s, t, d3, para(
        "现将本季度农村低保动态调整情况予以公示，名单详见附件。",
        "承办超市：云溪县石门镇惠民超市（注册号：410322000012345），服务热线：400-6677-123，传真：0377-66120858。",
        f'附件：<a href="./{dname}">低保动态调整名单.docx</a>')))
    est.ok("content.personal_data", s, links.add(s, p, t), P,
           "docx 附件中身份证号与手机号均已脱敏（410322********1234、139****2467）；15 位工商注册号、400 热线、传真")


def hidden(est, links):
    P = "hidden-links"
    o = est.out
    d1, d2, d3, d4 = est.d(1), est.d(2), est.d(3), est.d(4)

    def plant_wrong(site, note):
        path, title, _ = GAMBLING[site.id]
        est.plant("link.wrong", site, None, o(path), P, f"{title}：博彩页面（200），由本站隐藏链接指向，{note}")

    # portal (TRS): a zero-height block (overflow hidden) of loan and invoice spam in an article
    s = site_of(est, "portal")
    n = est.xid()
    p = trs_path("/zxzx/", d2, n)
    t = "我县开展冬季农村道路交通安全专项整治"
    spam = " ".join(f'<a href="{o(k)}" target="_blank">{v[0].split("-")[0]}</a>' for k, v in SPAM.items())
    s.add(p, art_page(s, t, d2, para("整治期间，交警、交通运输部门联合开展农村道路隐患排查，整改隐患点23处。")
                      + f'<div style="height:0px;overflow:hidden">{spam}</div>'))
    est.plant("link.hidden", s, None, links.add(s, p, t), P,
              "height:0;overflow:hidden 的块中的贷款、代开发票垃圾链接（外站，无博彩词）")

    # chengguan (Hanweb): an off-screen block hidden by a class in an injected <style>
    s = site_of(est, "chengguan")
    n = est.xid()
    p = cg_path(d4, n)
    t = "城关镇开展冬季供暖安全检查"
    g = o(GAMBLING["chengguan"][0])
    s.add(p, art_page(s, t, d4, para("检查组深入各小区换热站，对供暖设施运行情况逐一检查。")
                      + '<style type="text/css">.art-fx{position:absolute;left:-5000px;top:-5000px;}</style>'
                      f'<div class="art-fx"><a href="{g}" target="_blank">永利皇宫</a> <a href="{g}" target="_blank">百家乐</a></div>'))
    est.plant("link.hidden", s, None, links.add(s, p, t), P,
              "<style> 中 .art-fx{position:absolute;left:-5000px} 的类所隐藏的博彩链接（样式不在元素上）")
    plant_wrong(s, "城关镇文章页")

    # qingshi (ASP, GBK): font-size:0
    s = site_of(est, "qingshi")
    n = est.xid()
    p = f"/news/show.asp?id={n}"
    t = "青石镇开展冬季征兵体检工作"
    g = o(GAMBLING["qingshi"][0])
    s.add(p, art_page(s, t, d2, para("全镇32名应征青年参加了体检。")
                      + f'<span style="font-size:0px;line-height:0px"><a href="{g}">葡京娱乐场</a><a href="{g}">老虎机</a></span>'))
    est.plant("link.hidden", s, None, links.add(s, p, t), P, "font-size:0px 的 span 中的博彩链接")
    plant_wrong(s, "青石镇文章页")

    # mzj (ASP, GBK): white text on a white page, the background set on <body>
    s = site_of(est, "mzj")
    n = est.xid()
    p = f"/Article/ShowArticle.asp?ArticleID={n}"
    t = "县民政局开展婚姻登记“跨省通办”政策宣传"
    g = o(GAMBLING["mzj"][0])
    html = art_page(s, t, d3, para("宣传活动共发放资料500余份，解答群众咨询80余人次。")
                    + f'<p class="tj"><a href="{g}" target="_blank" style="text-decoration:none"><font color="#FFFFFF">皇冠体育</font></a></p>')
    s.add(p, html.replace("<body>", '<body bgcolor="#FFFFFF">', 1))
    est.plant("link.hidden", s, None, links.add(s, p, t), P,
              "<body bgcolor=#FFFFFF> 页面上 <font color=#FFFFFF> 白字的博彩链接")
    plant_wrong(s, "民政局文章页")

    # hekou (SiteServer): a zero-size box; the gambling words only in the title attribute
    s = site_of(est, "hekou")
    n = est.xid()
    p = f"/contents/298/{n}.html"
    t = "河口镇开展冬春农田水利建设"
    g = o(GAMBLING["hekou"][0])
    s.add(p, art_page(s, t, d1, para("全镇共清淤沟渠12公里，新修机井8眼。")
                      + f'<div style="width:0;height:0;overflow:hidden"><a href="{g}" title="皇冠体育 在线投注 真人娱乐">'
                      "河口旅游</a></div>"))
    est.plant("link.hidden", s, None, links.add(s, p, t), P,
              "宽高为 0 的块中的外站链接，链接文字“河口旅游”无害，博彩词只在 title 属性中")
    plant_wrong(s, "河口镇文章页，链接文字与目标不符")

    # jyj (Hanweb): a display:none wrapper opened and closed by two document.write calls
    s = site_of(est, "jyj")
    n = est.xid()
    p = cg_path(d3, n, 2098)
    t = "县教育局召开中小学冬季校园安全工作会"
    g = o(GAMBLING["jyj"][0])
    s.add(p, art_page(s, t, d3, para("会议对冬季校园消防、食品、交通安全工作进行了部署。")
                      + '<script type="text/javascript">document.write("<div style=\\"display:none\\">");</script>'
                      f'<a href="{g}" target="_blank">香港六合彩</a> <a href="{g}" target="_blank">六合彩资料</a>'
                      '<script type="text/javascript">document.write("</div>");</script>'))
    est.plant("link.hidden", s, None, links.add(s, p, t), P,
              "两段 document.write 写出 <div style=display:none> 的开始和结束标签，中间的六合彩链接被隐藏")
    plant_wrong(s, "教育局文章页")

    # fgw (JSP): the plain display:none block
    s = site_of(est, "fgw")
    n = est.xid()
    p = f"/view.jsp?id={n}"
    t = "县发改委开展粮食储备库安全检查"
    g = o(GAMBLING["fgw"][0])
    s.add(p, art_page(s, t, d3, para("检查组对储备粮数量、质量和储存安全进行了全面检查。")
                      + f'<div style="display:none"><a href="{g}">开元棋牌</a> <a href="{g}">真钱棋牌</a></div>'))
    est.plant("link.hidden", s, None, links.add(s, p, t), P, "display:none 块中的棋牌赌博链接")
    plant_wrong(s, "发改委文章页")

    # ---- must not flag: ordinary hidden UI on home pages and article pages
    # chengguan: the 党政机关 badge written by document.write (visible once rendered; conac)
    s = site_of(est, "chengguan")
    inject(s, '<div class="dzjg"><script type="text/javascript">document.write(\'<a href="'
              + o("/conac/bsjs.html") + '" target="_blank" title="党政机关"><img src="/images/red.png" '
              'width="50" height="60" border="0" alt="党政机关"></a>\');</script></div>',
           keys=["/", "/index.html"])
    s.add("/images/red.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, ctype="image/png")
    est.ok("link.hidden", s, s.base + "/", P,
           "页脚由 document.write 写出的“党政机关”标识（可见，链向党政机关网站标识页）")

    # qingshi: an accessibility toolbar hidden until its button is clicked (one link to the vendor's help)
    s = site_of(est, "qingshi")
    inject(s, '<div class="wza"><a href="javascript:void(0)" onclick="document.getElementById(\'wzaBar\').style.display'
              '=\'block\'">无障碍浏览</a><div id="wzaBar" style="display:none"><a href="javascript:void(0)">放大</a> '
              '<a href="javascript:void(0)">缩小</a> <a href="javascript:void(0)">高对比度</a> '
              f'<a href="{o("/ok/wza-help.html")}" target="_blank">使用帮助</a></div></div>', keys=["/", "/index.asp"])
    est.ok("link.hidden", s, s.base + "/", P,
           "点击“无障碍浏览”才显示的无障碍工具条（display:none，按钮的 onclick 打开），含外站“使用帮助”链接")

    # fgw: the friend links' collapsed "更多" list
    s = site_of(est, "fgw")
    more = "".join(f'<li><a href="{o(h)}" target="_blank">{nm}</a></li>' for h, nm in
                   (("/ok/shi-fgw.html", "市发展和改革委员会"), ("/ok/credit.html", "信用中国（河南）"),
                    ("/ok/ggzy.html", "公共资源交易中心")))
    inject(s, '<div class="yqlj"><h3>友情链接</h3><ul>'
              f'<li><a href="{o("/ok/ndrc.html")}" target="_blank">国家发展和改革委员会</a></li>'
              f'<li><a href="{o("/ok/henan-fgw.html")}" target="_blank">省发展和改革委员会</a></li></ul>'
              f'<ul id="moreLinks" style="display:none">{more}</ul>'
              '<a href="javascript:;" onclick="var m=document.getElementById(\'moreLinks\');'
              'm.style.display=m.style.display==\'none\'?\'block\':\'none\';">更多&gt;&gt;</a></div>',
           keys=["/", "/index.jsp"])
    est.ok("link.hidden", s, s.base + "/", P, "友情链接“更多>>”折叠的列表（display:none，onclick 展开），均为政府网站")

    # rsj: the site-group dropdown of other county sites, shown on hover
    s = site_of(est, "rsj")
    sites = [x for x in est.sites if x.id in ("portal", "chengguan", "fgw", "jyj", "mzj")]
    lis = "".join(f'<li><a href="{x.base}/" target="_blank">{x.name}</a></li>' for x in sites)
    inject(s, '<div class="zqdh" onmouseover="document.getElementById(\'zq\').style.display=\'block\'" '
              'onmouseout="document.getElementById(\'zq\').style.display=\'none\'"><span>县内网站导航</span>'
              f'<ul id="zq" style="display:none">{lis}</ul></div>', keys=["/", "/index.html"])
    est.ok("link.hidden", s, s.base + "/", P,
           "鼠标悬停展开的县内网站导航（display:none，onmouseover 显示），链向本县其他政府网站；"
           "在本测试中它们是其他 IP（每个 IP 自成一个“可注册域”），现实中同属 *.gov.cn 的本县站群")

    # shimen: a carousel of banners whose other slides are display:none until the script rotates them
    s = site_of(est, "shimen")
    slides = [("/ok/ztjy.html", "学习贯彻专题"), ("/ok/yxly.html", "云溪文旅"), ("/ok/zwfw.html", "省政务服务网")]
    off = ' style="display:none"'
    lis = "".join(f'<li class="slide"{"" if k == 0 else off}><a href="{o(h)}" target="_blank">'
                  f'<img src="/images/banner{k + 1}.jpg" width="600" height="200" alt="{nm}"></a></li>'
                  for k, (h, nm) in enumerate(slides))
    for k in range(len(slides)):
        s.add(f"/images/banner{k + 1}.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes([k]) * 64 + b"\xff\xd9",
              ctype="image/jpeg")
    inject(s, f'<div class="banner"><ul id="slides">{lis}</ul></div><script type="text/javascript">'
              'var sl=document.getElementById("slides").getElementsByTagName("li"),cur=0;'
              'setInterval(function(){sl[cur].style.display="none";cur=(cur+1)%sl.length;sl[cur].style.display="block";},4000);'
              '</script>', keys=["/", "/index.html"])
    est.ok("link.hidden", s, s.base + "/", P, "首页轮播图：其余幻灯片 display:none，由脚本轮换显示，链向专题和政务服务网")

    # mzj: the statistics script in a display:none box (a script, not a link)
    s = site_of(est, "mzj")
    inject(s, '<div style="display:none"><script src="' + o("/cnzz/z_stat.php?id=1280123456&web_id=1280123456")
              + '" language="JavaScript"></script></div>', keys=["/"])
    est.ok("link.hidden", s, s.base + "/", P, "display:none 块中的站长统计脚本（script，不是链接）")

    # baima: share buttons hidden until the reader hovers over 分享
    s = site_of(est, "baima")
    n = est.xid()
    p = f"/article.php?ArticleID={n}"
    t = "白马镇举办农民丰收节农产品展销会"
    s.add(p, page_html(s, t, f"""<style type="text/css">.fx .fx-list{{display:none}}.fx:hover .fx-list{{display:block}}</style>
<div class="article"><h1>{t}</h1>
<div class="info">发布时间：{iso(d2)} 来源：{s.name}</div>
<div class="content">{para("展销会共吸引30余家合作社参展，现场销售额达15万元。")}</div>
<div class="fx">分享到：<div class="fx-list"><a href="{o("/ok/weibo-share.html")}" target="_blank">新浪微博</a>
<a href="{o("/ok/qzone.html")}" target="_blank">QQ空间</a></div></div></div>""",
                       gov_meta={"ArticleTitle": t, "PubDate": iso(d2)}))
    est.ok("link.hidden", s, links.add(s, p, t), P, "文章页“分享到”：鼠标悬停（.fx:hover）才显示的微博、QQ空间分享链接")

    # hekou: a tab control; the other panes of media reports are display:none until their tab is hovered
    s = site_of(est, "hekou")
    n = est.xid()
    p = f"/contents/298/{n}.html"
    t = "媒体看河口"
    tabs = "".join(f'<li id="tab{k}" onmouseover="showTab({k})">{nm}</li>' for k, (_, nm) in enumerate(MEDIA))
    off = ' style="display:none"'
    panes = "".join(f'<div id="con{k}"{"" if k == 0 else off}><ul>'
                    f'<li><a href="{o(h)}" target="_blank">{nm}：河口镇发展特色产业助农增收</a></li></ul></div>'
                    for k, (h, nm) in enumerate(MEDIA))
    s.add(p, page_html(s, t, f"""<h1>{t}</h1><div class="info">发布时间：{iso(d1)}</div><div class="tabbox"><ul class="tabs">{tabs}</ul>{panes}</div>
<script type="text/javascript">function showTab(n){{for(var i=0;i<{len(MEDIA)};i++){{document.getElementById("con"+i).style.display=(i==n)?"block":"none";}}}}</script>"""))
    est.ok("link.hidden", s, links.add(s, p, t), P, "选项卡：未选中的面板 display:none（onmouseover 切换），链向媒体报道")


def https(est, links):
    P = "https"
    # scjg (HTTPS, valid, redirects): a page with plain http:// hyperlinks (not subresources)
    s = site_of(est, "scjg")
    n = est.xid()
    d = est.d(2)
    p = f"/zwgk/{d.year}{d.month:02d}/t{d.year}{d.month:02d}{d.day:02d}_{n}.html"
    t = "县市场监管局开展冬季食品安全监督抽检"
    s.add(p, art_page(s, t, d, para(
        "抽检结果可在省市场监督管理局网站查询。",
        f'相关链接：<a href="{est.out("/ok/sheng-scjg.html")}" target="_blank">省市场监督管理局</a> '
        f'<a href="{est.out("/ok/credit.html")}" target="_blank">信用中国（河南）</a>',
        f"网址：{est.out('/ok/sheng-scjg.html')}")
        + '<img src="/images/gs.png" width="20" height="20" alt="">'))
    s.add("/images/gs.png", b"\x89PNG\r\n\x1a\n" + b"\x01" * 32, ctype="image/png")
    est.ok("*", s, links.add(s, p, t), P,
           "HTTPS 页面上的 http:// 超链接和正文中的 http:// 网址（不是脚本或图片等子资源，不是混合内容）；图片为相对地址")
