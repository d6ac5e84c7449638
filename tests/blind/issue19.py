"""Issue 19's cases: serious wording errors, personal data, hidden links (暗链) and HTTPS.

Added after the twelve sites are built: new pages linked from a "专题/公示" block on the home
pages (visible links), new outside targets, and four new HTTPS department sites on 127.0.0.162
… 165. Nothing that existed before changes except the home pages' new block (and the hidden
links planted into two home pages). Every new page is dated within the last week, sits outside
every configured column, and links only to pages that answer 200.

Everything is a pure function of (as_of, port); only the HTTPS sites' certificates (made by the
server at start, `tls_material`) depend on the wall clock, as a TLS handshake does.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from .common import (
    COUNTY,
    Site,
    cn_date,
    form_bytes,
    guide_body,
    iso,
    page_html,
)

# The HTTPS sites: (id, name, ip, certificate, redirect http → https, mixed content on the home page)
HTTPS_SITES = (
    ("scjg", "云溪县市场监督管理局", "127.0.0.162", "valid", True, False),
    ("wjw", "云溪县卫生健康委员会", "127.0.0.163", "expiring", True, False),
    ("zrzy", "云溪县自然资源局", "127.0.0.164", "valid", True, True),
    ("tyj", "云溪县文化广电和旅游局", "127.0.0.165", "valid", False, False),
)
TLS_IPS = [ip for _, _, ip, _, _, _ in HTTPS_SITES]
EXPIRING_DAYS, VALID_DAYS = 5, 400


# ---------------------------------------------------------------- numbers

def id_number(first17: str) -> str:
    """A resident ID number with its GB 11643 check digit."""
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w, strict=True)) % 11]


def bad_id_number(first17: str) -> str:
    """18 digits with a valid region and date whose last digit is NOT the check digit."""
    good = id_number(first17)[-1]
    return first17 + next(c for c in "0123456789" if c != good)


def luhn(prefix: str) -> str:
    """prefix + its Luhn check digit."""
    total = 0
    for i, c in enumerate(reversed(prefix)):
        n = int(c)
        if i % 2 == 0:
            n *= 2
            n -= 9 if n > 9 else 0
        total += n
    return prefix + str((10 - total % 10) % 10)


def not_luhn(prefix: str) -> str:
    good = luhn(prefix)[-1]
    return prefix + str((int(good) + 1) % 10)


def mask(s: str) -> str:
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


# ---------------------------------------------------------------- attachments (deterministic zips)

def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def _esc(t: str) -> str:
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_esc(p)}</w:t></w:r></w:p>' for p in paragraphs)
    return _zip({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>",
    })


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    def col(i):
        return "ABCDEFGHIJ"[i]
    sheet = "".join(
        f'<row r="{r + 1}">' + "".join(
            f'<c r="{col(c)}{r + 1}" t="inlineStr"><is><t>{_esc(v)}</t></is></c>' for c, v in enumerate(row))
        + "</row>" for r, row in enumerate(rows))
    return _zip({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet}</sheetData></worksheet>",
    })


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds the (ASCII) lines, in Helvetica."""
    text = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- helpers

def inject(site: Site, html: str, keys=None):
    """Insert html before the footer of the home page and its copies ("/", the home path)."""
    marker = '<div class="footer">'
    for k in sorted(set(keys or [k for k in ("/", site.home, "/index.html") if k in site.pages])):
        r = site.pages[k]
        text = r.body.decode(site.enc)
        assert marker in text, (site.id, k)
        r.body = text.replace(marker, html + "\n" + marker, 1).encode(site.enc, "xmlcharrefreplace")


def block(title, links):
    lis = "".join(f'<li><a href="{h}" target="_blank">{t}</a></li>' for h, t in links)
    return f'<div class="block ztzl"><h3>{title}</h3><ul>{lis}</ul></div>'


def para(*texts):
    return "".join(f"<p>　　{t}</p>" for t in texts)


def art_page(site, title, date, content, source=None, gov_meta=True):
    body = f"""<div class="article"><h1>{title}</h1>
<div class="info">发布时间：{iso(date)} 来源：{source or site.name} 浏览次数：<span id="hits"></span></div>
<div class="content">{content}</div></div>"""
    meta = {"ArticleTitle": title, "PubDate": iso(date)} if gov_meta else None
    return page_html(site, title, body, meta_charset="gb2312" if site.enc != "utf-8" else "utf-8",
                     gov_meta=meta)


def site_of(est, sid) -> Site:
    return next(s for s in est.sites if s.id == sid)


def trs_path(dirpath, d, n):
    return f"{dirpath}{d.year}{d.month:02d}/t{d.year}{d.month:02d}{d.day:02d}_{n}.html"


# ---------------------------------------------------------------- the cases

def build_issue19(est):
    out = est.outside
    gamble = {
        "/bc/index.html": ("澳门新葡京娱乐场", "澳门新葡京 百家乐 真人娱乐 在线投注"),
        "/cp/index.html": ("时时彩计划网-北京赛车PK10", "时时彩 北京赛车 PK10 重庆时时彩 开奖直播"),
        "/lhc/index.html": ("六合彩资料大全", "六合彩 香港马会 特码 开奖结果"),
        "/ag/index.html": ("AG真人视讯", "AG真人 电子游艺 棋牌 体育投注"),
    }
    for p, (t, words) in gamble.items():
        out.add(p, f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t}</title></head>
<body><h1>{t}</h1><p>{words}，注册即送彩金，在线投注。</p></body></html>""")
    out.add("/ok/tcsc.html", """<!DOCTYPE html><html><head><meta charset="utf-8"><title>云溪特产商城</title></head>
<body><h1>云溪特产商城</h1><p>核桃、小米、红薯粉条，产地直发。</p></body></html>""")
    out.add("/js/tongji.js", b"var _hmt=_hmt||[];/* site statistics */\n", ctype="application/javascript")
    out.add("/img/banner.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9",
            ctype="image/jpeg")

    wording(est)
    personal(est)
    hidden(est)
    https(est)


def wording(est):
    P = "wording"
    # portal (TRS, county): a leader's title wrong in a news item; leaders: 王建国 县委副书记、县长,
    # 李红梅 县委常委、常务副县长, 张卫东 / 赵志刚 副县长 (the 领导之窗 pages)
    s = site_of(est, "portal")
    d1, d2 = est.d(1), est.d(2)
    n1, n2 = est.xid(), est.xid()
    p1, p2 = trs_path("/ztzl/", d1, n1), trs_path("/ztzl/", d2, n2)
    t1 = "我县召开冬春农田水利基本建设推进会"
    s.add(p1, art_page(s, t1, d1, para(
        f"{cn_date(d1)}，我县召开冬春农田水利基本建设推进会。县委副书记、县长王建国出席会议并讲话，"
        "常务副县长赵志刚主持会议。",
        "会议要求，各乡镇要抢抓冬春有利时机，加快推进高标准农田建设，确保工程质量和进度。")))
    est.plant("content.wording", s, None, s.url(p1), P,
              "领导职务错误：“常务副县长赵志刚”（领导之窗：赵志刚为副县长，常务副县长为李红梅）")
    t2 = "县政府党组召开理论学习中心组学习会"
    s.add(p2, art_page(s, t2, d2, para(
        f"{cn_date(d2)}，县政府党组召开理论学习中心组学习会，深入学习贯彻党的二十大和二十届三中全会精神。"
        "县委副书记、县长王建国主持会议，县委常委、常务副县长李红梅，副县长张卫东、赵志刚参加。",
        "会议回顾了党的十八届三中全会以来全面深化改革的历程，强调要坚持以人民为中心的发展思想，"
        "认真贯彻《中华人民共和国预算法》和《中华人民共和国政府采购法》，依法行政。")))
    est.ok("content.wording", s, s.url(p2), P,
           "正确的表述：党的二十大、二十届三中全会、十八届三中全会，领导姓名职务与领导之窗一致，法律全称正确")
    inject(s, block("专题专栏", [(p1[1:], t1), (p2[1:], t2)]), keys=["/", "/index.html"])

    # chengguan (Hanweb): a wrong ordinal form of a party plenum (二十大三中全会 for 二十届三中全会)
    s = site_of(est, "chengguan")
    n = est.xid()
    p = f"/art/{d1.year}/{d1.month}/{d1.day}/art_1099_{n}.html"
    t = "城关镇召开党委理论学习中心组（扩大）学习会"
    s.add(p, art_page(s, t, d1, para(
        f"{cn_date(d1)}，城关镇召开党委理论学习中心组（扩大）学习会，传达学习党的二十大三中全会精神。",
        "会议要求，全镇党员干部要把思想和行动统一到中央决策部署上来，推动各项工作落地见效。")))
    est.plant("content.wording", s, None, s.url(p), P,
              "党的会议届次表述错误：“党的二十大三中全会”应为“党的二十届三中全会”")
    zt = [(p, t)]

    # qingshi (ASP, GBK): a misspelled state body (最高人民检查院 for 最高人民检察院)
    s = site_of(est, "qingshi")
    n = est.xid()
    p = f"/news/show.asp?id={n}"
    t = "青石镇开展“送法进村”普法宣传活动"
    s.add(p, art_page(s, t, d2, para(
        f"{cn_date(d2)}，青石镇联合县司法局开展“送法进村”普法宣传活动，向群众讲解最高人民法院、"
        "最高人民检查院发布的典型案例。",
        "活动共发放宣传资料800余份，解答群众法律咨询60余人次。")))
    est.plant("content.wording", s, None, s.url(p), P,
              "国家机关名称错误：“最高人民检查院”应为“最高人民检察院”")
    qs_block = [(p, t)]

    # fgw (JSP): a wrong formal name of a law (招投标法 for 招标投标法); a page quoting it right
    s = site_of(est, "fgw")
    n1, n2 = est.xid(), est.xid()
    pa, pb = f"/view.jsp?id={n1}", f"/view.jsp?id={n2}"
    ta = "县发改委开展工程建设项目招标投标领域专项检查"
    s.add(pa, art_page(s, ta, d1, para(
        f"{cn_date(d1)}，县发改委依据《中华人民共和国招投标法》，对全县在建工程建设项目开展招标投标领域专项检查。",
        "检查组重点查看了招标文件、评标报告和合同签订等资料。")))
    est.plant("content.wording", s, None, s.url(pa), P,
              "法律名称错误：《中华人民共和国招投标法》应为《中华人民共和国招标投标法》")
    tb = "县发改委举办优化营商环境政策培训会"
    s.add(pb, art_page(s, tb, d2, para(
        "培训会解读了《中华人民共和国招标投标法》《中华人民共和国个人信息保护法》和《优化营商环境条例》，"
        "并结合最高人民检察院、国家发展和改革委员会发布的典型案例进行讲解。",
        "参训人员纷纷表示，将再接再厉，持续优化营商环境。")))
    est.ok("content.wording", s, s.url(pb), P, "法律全称、国家机关名称、“再接再厉”均正确")
    fgw_block = [(pa, ta), (pb, tb)]

    # rsj (SiteServer): a common 错别字 of official writing (再接再励 for 再接再厉)
    s = site_of(est, "rsj")
    n = est.xid()
    p = f"/contents/199/{n}.html"
    t = "县人社局召开2026年度工作总结会"
    s.add(p, art_page(s, t, d1, para(
        "会议总结了全年就业创业、社会保障等各项工作，部署了下一阶段重点任务。",
        "局长冯建设要求，全局干部职工要再接再励，推动人社事业高质量发展。")))
    est.plant("content.wording", s, None, s.url(p), P, "错别字：“再接再励”应为“再接再厉”")
    est._i19 = {"chengguan": zt, "qingshi": qs_block, "fgw": fgw_block, "rsj": [(p, t)]}


def personal(est):
    P = "personal-data"
    d1, d2, d3 = est.d(1), est.d(2), est.d(3)
    blocks = est._i19

    # mzj (ASP, GBK): resident ID numbers in full in a 低保 公示 list
    s = site_of(est, "mzj")
    n = est.xid()
    p = f"/Article/ShowArticle.asp?ArticleID={n}"
    people = [("张桂兰", "41032219520317002"), ("李德胜", "41032219480905001"), ("王秀英", "41032219610122004")]
    rows = "".join(f"<tr><td>{k + 1}</td><td>{nm}</td><td>{id_number(no)}</td><td>{3 - k}</td><td>城关镇</td></tr>"
                   for k, (nm, no) in enumerate(people))
    t = f"{est.as_of.year}年第四季度新增城乡低保对象公示"
    s.add(p, art_page(s, t, d1, para("经个人申请、入户调查、民主评议和审核审批，现将新增低保对象公示如下，公示期7天。")
                      + '<table border="1" class="gs"><tr><th>序号</th><th>户主姓名</th><th>身份证号码</th>'
                      f'<th>保障人口</th><th>乡镇</th></tr>{rows}</table>'
                      + para("监督电话：0377-66125678")))
    est.plant("content.personal_data", s, None, s.url(p), P, "低保公示名单中完整的居民身份证号码（校验位有效）")
    # mzj: the same kind of list, masked; an index number that looks like an ID but fails the checksum
    n2 = est.xid()
    p2 = f"/Article/ShowArticle.asp?ArticleID={n2}"
    rows = "".join(f"<tr><td>{k + 1}</td><td>{nm[0]}**</td><td>{mask(id_number(no))}</td></tr>"
                   for k, (nm, no) in enumerate(people))
    fake = bad_id_number("41032220261125003")
    t2 = f"{est.as_of.year}年临时救助对象公示"
    s.add(p2, art_page(s, t2, d2, f'<p class="syh">索引号：{fake}</p>' + para("现将临时救助对象公示如下：")
                       + '<table border="1" class="gs"><tr><th>序号</th><th>姓名</th><th>身份证号码</th></tr>'
                       f"{rows}</table>" + para("如有异议，请拨打政务服务便民热线12345或民政局办公电话0377-66125678反映。")))
    est.ok("content.personal_data", s, s.url(p2), P,
           f"身份证号已脱敏（4103**********1234 式）；索引号 {fake} 像身份证号但校验位不符；12345 热线；办公座机")
    inject(s, block("公示公告", [(p, t), (p2, t2)]))

    # baima (PHP under <base>): bank card numbers in a subsidy notice; an order number failing Luhn
    s = site_of(est, "baima")
    n = est.xid()
    p = f"/article.php?ArticleID={n}"
    cards = [("刘长海", luhn("622848001234567801"), "1260.50"), ("陈玉梅", luhn("621700212345678"), "980.00"),
             ("赵满仓", luhn("622202170012345678"), "1532.20")]
    rows = "".join(f"<tr><td>{nm}</td><td>{c}</td><td>{amt}</td></tr>" for nm, c, amt in cards)
    t = f"白马镇{est.as_of.year}年耕地地力保护补贴发放情况公示"
    s.add(p, art_page(s, t, d1, para("根据县财政局、县农业农村局有关文件要求，现将补贴发放情况公示如下：")
                      + '<table border="1"><tr><th>户主</th><th>一卡通账号</th><th>补贴金额（元）</th></tr>'
                      f"{rows}</table>" + para("联系人：镇财政所 孙会计 联系电话：0377-66123456")))
    est.plant("content.personal_data", s, None, s.url(p), P, "补贴公示中完整的银行卡号（Luhn 校验通过）")
    n2 = est.xid()
    p2 = f"/article.php?ArticleID={n2}"
    order = not_luhn("622202123456789012")
    t2 = "白马镇政府采购办公用品成交结果公告"
    s.add(p2, art_page(s, t2, d2, para(
        f"采购订单编号：{order}，成交供应商：云溪县文达办公用品有限公司，成交金额：12,860元。",
        "采购人联系方式：白马镇人民政府 联系人：周女士 联系电话：13837912580。",
        "供应商咨询电话：0377-66129876。")))
    est.ok("content.personal_data", s, s.url(p2), P,
           f"订单编号 {order}（19 位，Luhn 不通过）；联系电话字段中的手机号；座机")
    inject(s, block("公示公告", [(p[1:], t), (p2[1:], t2)]))

    # hekou (SiteServer): a private mobile number in an article body; a guide with a mobile in 联系电话
    s = site_of(est, "hekou")
    n = est.xid()
    p = f"/contents/299/{n}.html"
    mob = "13938812467"
    t = "河口镇成功调解一起土地承包纠纷"
    s.add(p, art_page(s, t, d1, para(
        f"近日，河口村村民刘某某（{mob}）与邻居因承包地边界发生纠纷，镇司法所、综治中心联合进行调解。",
        "经耐心细致的工作，双方达成一致意见，签订了调解协议。")))
    est.plant("content.personal_data", s, None, s.url(p), P, f"新闻正文中当事人的私人手机号 {mob}")
    n2 = est.xid()
    p2 = f"/contents/299/{n2}.html"
    form = f"/upload/files/{n2}.doc"
    s.add(form, form_bytes("残疾人证申领表"), ctype="application/msword")
    g = guide_body("残疾人证办理", form, "残疾人证申领表.doc").replace(
        "</table>", "<tr><th>联系电话</th><td>13703791258（镇残联专职委员 李某）</td></tr>"
        "<tr><th>咨询电话</th><td>0377-66127788，政务服务便民热线 12345</td></tr></table>")
    t2 = "残疾人证办理办事指南"
    s.add(p2, page_html(s, t2, g))
    est.ok("content.personal_data", s, s.url(p2), P, "办事指南联系电话字段中的手机号、咨询电话座机、12345")
    inject(s, block("便民信息", [(p, t), (p2, t2)]))

    # jyj (Hanweb): an .xlsx attachment with resident ID numbers, linked from a notice
    s = site_of(est, "jyj")
    n = est.xid()
    p = f"/art/{d2.year}/{d2.month}/{d2.day}/art_2099_{n}.html"
    x = f"/picture/0/{d2.year % 100}{d2.month:02d}{d2.day:02d}0930{n}.xlsx"
    s.add(x, xlsx_bytes([["序号", "姓名", "身份证号", "资格种类", "任教学科"],
                          ["1", "孙晓雨", id_number("41032219980614002"), "初级中学", "语文"],
                          ["2", "周文博", id_number("41032219970203003"), "小学", "数学"],
                          ["3", "吴佳怡", id_number("41032219991120002"), "幼儿园", "—"]]), ctype=XLSX)
    t = f"关于{est.as_of.year}年秋季中小学教师资格认定结果的公示"
    s.add(p, art_page(s, t, d2, para("经审核，下列人员符合教师资格认定条件，现予公示，公示期5个工作日。",
                                     f'附件：<a href="{x}">教师资格认定合格人员名单.xlsx</a>',
                                     "监督电话：0377-66121234")))
    est.plant("content.personal_data", s, None, s.url(p), P,
              "附件 xlsx 中完整的身份证号码（页面正文无个人信息；违规报在链接附件的页面）")
    inject(s, block("通知公告", [(p, t)]))

    # shimen (TRS): a .docx attachment with ID and mobile numbers; a PDF attachment with none
    s = site_of(est, "shimen")
    n, n2 = est.xid(), est.xid()
    p, p2 = trs_path("/gsgg/", d1, n), trs_path("/gsgg/", d3, n2)
    dname = f"P0{d1.year}{d1.month:02d}{d1.day:02d}{n}.docx"
    s.add(p.rsplit("/", 1)[0] + "/" + dname, docx_bytes([
        "石门镇2026年度困难群众临时救助名单",
        f"1．杨春花，身份证号{id_number('41032219700815002')}，联系电话13523791146，救助金额2000元",
        f"2．马建军，身份证号{id_number('41032219830301001')}，联系电话15837961129，救助金额1500元",
    ]), ctype=DOCX)
    t = "石门镇困难群众临时救助审批结果公示"
    s.add(p, art_page(s, t, d1, para("现将临时救助审批结果予以公示，详见附件。",
                                     f'附件：<a href="./{dname}">临时救助名单.docx</a>')))
    est.plant("content.personal_data", s, None, s.url(p), P,
              "附件 docx 中完整的身份证号码和私人手机号（违规报在链接附件的页面）")
    pname = f"P0{d3.year}{d3.month:02d}{d3.day:02d}{n2}.pdf"
    s.add(p2.rsplit("/", 1)[0] + "/" + pname, pdf_bytes([
        "Shimen Town procurement result",
        f"Project No.: {bad_id_number('41032220260901001')}",
        f"Order No.: {not_luhn('621700212345678901')}",
        "Hotline: 12345   Office: 0377-66120857",
    ]), ctype="application/pdf")
    t2 = "石门镇政府采购结果公告"
    s.add(p2, art_page(s, t2, d3, para("采购结果详见附件。",
                                       f'附件：<a href="./{pname}">采购结果公告.pdf</a>')))
    est.ok("content.personal_data", s, s.url(p2), P,
           "PDF 附件（文字层）：像身份证号但校验位不符的项目编号、Luhn 不通过的订单号、12345、座机")
    inject(s, block("公示公告", [(p[1:], t), (p2[1:], t2)]))

    # the wording pages of the town and department sites, on their home pages
    for sid, links in blocks.items():
        if sid != "chengguan":  # chengguan's block also carries a hidden-link page (hidden())
            inject(site_of(est, sid), block("工作动态", links))


def hidden(est):
    P = "hidden-links"
    s = site_of(est, "portal")
    o = est.out
    d1, d2, d3 = est.d(1), est.d(2), est.d(3)
    # 1. the home page: far off-screen (the classic injected footer)
    inject(s, f'<div style="position:absolute;top:-9999px;left:-9999px;">'
              f'<a href="{o("/bc/index.html")}">澳门新葡京</a> <a href="{o("/bc/index.html")}">百家乐</a></div>',
           keys=["/"])
    est.plant("link.hidden", s, None, s.url("/"), P, "首页页脚前 position:absolute;top:-9999px 的博彩暗链")
    # 2. written by script
    n = est.xid()
    p = trs_path("/ztzl/", d1, n)
    t = "我县举办2026年农民丰收节系列活动"
    s.add(p, art_page(s, t, d1, para("活动期间，各乡镇组织开展了农产品展销、农技咨询和文艺演出。")
                      + f"""<script type="text/javascript">
document.write('<div class="f_l"><a href="{o("/cp/index.html")}" target="_blank">时时彩计划</a><a href="{o("/cp/index.html")}" target="_blank">北京赛车PK10</a></div>');
</script>"""))
    est.plant("link.hidden", s, None, s.url(p), P, "document.write 写入的彩票网站链接")
    # 3. same colour as the background
    n2 = est.xid()
    p2 = trs_path("/ztzl/", d2, n2)
    t2 = "县住建局开展冬季建筑工地安全检查"
    s.add(p2, art_page(s, t2, d2, para("检查组深入在建工地，重点检查了塔吊、脚手架和临时用电。")
                       + f'<div style="background-color:#FFFFFF"><a href="{o("/lhc/index.html")}" '
                       f'style="color:#FFFFFF;font-size:12px;text-decoration:none">六合彩资料</a></div>'))
    est.plant("link.hidden", s, None, s.url(p2), P, "白底白字（color:#FFFFFF 于 background-color:#FFFFFF）的六合彩链接")
    # 4. a zero-size marquee
    n3 = est.xid()
    p3 = trs_path("/ztzl/", d3, n3)
    t3 = "县卫健委开展冬季传染病防控宣传"
    s.add(p3, art_page(s, t3, d3, para("宣传活动发放资料1200余份。")
                       + f'<marquee width="0" height="0" scrollamount="1"><a href="{o("/ag/index.html")}">AG真人视讯</a> '
                       f'<a href="{o("/ag/index.html")}">体育投注</a></marquee>'))
    est.plant("link.hidden", s, None, s.url(p3), P, "width=0 height=0 的 marquee 中的博彩链接")
    inject(s, block("图片新闻", [(p[1:], t), (p2[1:], t2), (p3[1:], t3)]), keys=["/", "/index.html"])

    # 5. chengguan (Hanweb town): visibility:hidden link to a shop on another host (no gambling words)
    s = site_of(est, "chengguan")
    n = est.xid()
    p = f"/art/{d2.year}/{d2.month}/{d2.day}/art_1099_{n}.html"
    t = "城关镇开展冬季征兵宣传活动"
    s.add(p, art_page(s, t, d2, para("活动通过悬挂横幅、发放资料等形式宣传征兵政策。")
                      + f'<span style="visibility:hidden"><a href="{o("/ok/tcsc.html")}">云溪特产商城</a></span>'))
    est.plant("link.hidden", s, None, s.url(p), P, "visibility:hidden 的外站商城链接（无博彩词）")
    zt = est._i19["chengguan"] + [(p, t)]
    est._i19["chengguan"] = zt
    inject(s, block("工作动态", zt))
    del est._i19

    # must not flag: a skip link and an 无障碍 link to the same site, visually hidden (jyj)
    s = site_of(est, "jyj")
    s.add("/wza/index.html", page_html(s, "无障碍浏览", "<p>本站支持无障碍浏览：大字幕、高对比度、语音读屏。</p>"))
    html = ('<a href="#main" class="skip" style="position:absolute;left:-9999px;top:auto;width:1px;height:1px;'
            'overflow:hidden">跳到主要内容</a><a href="/wza/index.html" class="wza" style="display:none">无障碍浏览</a>'
            '<a name="main" id="main"></a>')
    inject(s, html)
    for k in ("/", "/index.html"):
        est.ok("link.hidden", s, s.url(k), P, "视觉隐藏的“跳到主要内容”和“无障碍浏览”链接，指向本站")
    # a hidden dropdown menu of the site's own channels (hekou, SiteServer)
    s = site_of(est, "hekou")
    menu = "".join(f'<li><a href="{h}">{nm}</a></li>' for h, nm in s.nav)
    inject(s, f'<div class="menu"><a href="javascript:void(0)" onmouseover="document.getElementById(\'sub\').style.display=\'block\'">'
              f'栏目导航</a><ul id="sub" class="submenu" style="display:none">{menu}</ul></div>')
    for k in ("/", "/index.html"):
        est.ok("link.hidden", s, s.url(k), P, "display:none 的下拉菜单，全部是本站栏目")
    # a visible scrolling notice bar (marquee of normal size) of the site's own pages (baima)
    s = site_of(est, "baima")
    inject(s, '<marquee direction="left" scrollamount="3" width="600" height="24" onmouseover="this.stop()">'
              + "".join(f'<a href="{h}">{nm}</a>　' for h, nm in s.nav[:3]) + "</marquee>")
    for k in ("/", "/index.php"):
        est.ok("link.hidden", s, s.url(k), P, "正常尺寸的滚动公告栏（marquee），链接本站栏目")
    # links written by script to the site's own pages (the Hanweb JS-array news list)
    s = site_of(est, "chengguan")
    news = next(c for c in s.columns if c["kind"] == "news")
    est.ok("link.hidden", s, news["url"], P, "大汉 datastore/document.write 写出的本站文章链接")


def https(est):
    P = "https"
    # every http site that answers: no HTTPS (a TLS handshake on its port fails, nothing on 443)
    for s in est.sites:
        if s.listening and s.scheme == "http":
            est.plant("site.https", s, None, s.base + "/", P, "未启用 HTTPS（仅 HTTP 提供服务）")
    for sid, name, ip, cert, redirect, mixed in HTTPS_SITES:
        s = Site(est, sid, name, ip, "department")
        s.scheme = "https"
        s.redirect_http = redirect
        s.cert = cert
        est.sites.append(s)
        s.robots()
        d = est.d(1)
        n = est.xid()
        p = f"/xwdt/{d.year}{d.month:02d}/t{d.year}{d.month:02d}{d.day:02d}_{n}.html"
        t = f"{name.replace(COUNTY, '县')}召开年终工作推进会"
        s.add(p, art_page(s, t, d, para(f"{cn_date(d)}，{t}，部署年底前重点工作。")))
        head = ""
        if mixed:
            head = f'<script type="text/javascript" src="{est.out("/js/tongji.js")}"></script>'
        body = block("工作动态", [(p, t)])
        if mixed:
            body += f'<div class="banner"><img src="{est.out("/img/banner.jpg")}" width="980" height="120" alt="横幅"></div>'
        s.add("/", page_html(s, "首页", body, head_extra=head))
        home = s.base + "/"
        if cert == "expiring":
            est.plant("site.https", s, None, home, P,
                      f"证书按时钟 {EXPIRING_DAYS} 天后到期（7 天内为严重）；按 --as-of 计为 "
                      f"{EXPIRING_DAYS} + (今天 − as_of) 天（30 天内为警告）")
        elif mixed:
            est.plant("site.https", s, None, home, P,
                      "HTTPS 首页以 http:// 引用脚本（统计代码）和图片（混合内容）")
        elif not redirect:
            est.plant("site.https", s, None, home, P,
                      "证书有效，但 http://同一主机与端口/ 直接以 HTTP 提供页面，不跳转到 HTTPS")
        else:
            est.ok("site.https", s, home, P,
                   f"证书有效（{VALID_DAYS} 天后到期，签发给该 IP，CA 见 [crawl] ca_bundle），"
                   "http:// 同一主机与端口 301 跳转到 https://，无混合内容")
        est.ok("*", s, s.url(p), P, "HTTPS 站点的普通文章页")


def tls_material(est, tls_dir, now=None):
    """Certificates for the HTTPS sites (trustme), written under tls_dir: ca.pem. Returns
    {ip: ssl.SSLContext}. Validity is relative to the wall clock (the TLS handshake's clock):
    from min(now, as_of) − 30 days to now + 400 days, or now + 5 days for the expiring one."""
    import ssl

    import trustme

    now = now or dt.datetime.now(dt.UTC)
    as_of = dt.datetime.combine(est.as_of, dt.time(), tzinfo=dt.UTC)
    start = min(now, as_of) - dt.timedelta(days=30)
    ca = trustme.CA(organization_name="云溪县测试CA")
    ca.cert_pem.write_to_path(f"{tls_dir}/ca.pem")
    out = {}
    for _sid, _, ip, cert, _, _ in HTTPS_SITES:
        days = EXPIRING_DAYS if cert == "expiring" else VALID_DAYS
        leaf = ca.issue_cert(ip, common_name=ip, not_before=start, not_after=now + dt.timedelta(days=days))
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        leaf.configure_cert(ctx)
        out[ip] = ctx
    return out
