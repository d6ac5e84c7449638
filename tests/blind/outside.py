"""The outside world (127.0.0.199): healthy pages, 404s, a gambling page and a soft 404."""

from __future__ import annotations

from .common import COMMON_OUTSIDE, OUT_IP, Site


def simple(title, text):
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{text}</p><p><a href="/">返回首页</a></p></body></html>"""


GAMBLING = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>澳门新葡京娱乐场-官方网站-百家乐在线投注</title>
<meta name="keywords" content="澳门赌场,百家乐,真人娱乐,在线投注,时时彩"></head>
<body><h1>澳门新葡京 真人娱乐 百家乐</h1><p>注册即送88元彩金，首存再送100%，在线投注 时时彩 六合彩 体育博彩。</p>
<p>This domain may be for sale. 本域名出售 QQ:88886666</p></body></html>"""

SOFT404 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head>
<body><div class="err"><h1>抱歉，您访问的页面不存在！</h1><p>404 Not Found：您要查看的网页可能已被删除、名称已被更改，或者暂时不可用。</p>
<p><a href="/">返回首页</a></p></div></body></html>"""


def build_outside(est):
    s = Site(est, "outside", "外部网站", OUT_IP, "county", home="/")
    s.robots()
    s.add("/", simple("外部网站", "外部网站首页"))
    for p, t in COMMON_OUTSIDE:
        s.add(p, simple(t, f"{t}首页"))
    for p, t in [("/ok/henan-fgw.html", "省发展和改革委员会"), ("/ok/henan-jyt.html", "省教育厅"),
                 ("/ok/shi-rsj.html", "市人社局"), ("/ok/xinhuanet.html", "新华网河南频道"),
                 ("/ok/shi-mzj.html", "市民政局"), ("/ok/sheng-rst.html", "省人社厅"),
                 ("/ok/shi-jyj.html", "市教育局"), ("/ok/zwfw.html", "省政务服务网"),
                 ("/ok/ndrc.html", "国家发展和改革委员会"), ("/ok/sheng-tjj.html", "省统计局"),
                 ("/ok/sheng-czt.html", "省财政厅")]:
        s.add(p, simple(t, f"欢迎访问{t}"))
    # query strings in their own order only (the page links them so)
    s.add("/jyt/list.aspx?type=2&id=1", simple("省教育厅 通知公告", "通知公告列表"))
    s.add("/zxx/index.html", simple("中小学信息网", "中小学信息网首页"))  # linked with a trailing ?
    s.add("/slow/jxjy.html", simple("继续教育网", "慢速站点"), delay=2.5)
    s.add("/www.yxly.com.cn/", GAMBLING)
    s.add("/www.bmly.net/", GAMBLING.replace("澳门新葡京", "金沙娱乐"))
    s.add("/old/hksq.html", SOFT404)
    s.add("/__truth__.json", b"", ctype="application/json")  # filled by the server
    est.outside = s
    return s
