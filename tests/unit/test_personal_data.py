"""content.personal_data's scanner (extract/personal.py): ID numbers by GB 11643-1999, bank cards by
Luhn, mobiles outside contact fields; everything masked; and what must never be flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from auditor.extract import parse_page
from auditor.extract.personal import (
    luhn,
    mask,
    scan_personal,
    scan_text,
    valid_id_number,
    value_key,
)
from auditor.models import FetchResult, Outcome, PageFinding

AS_OF = date(2026, 11, 28)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(body: str) -> str:
    """17 digits and their GB 11643 check code."""
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def card(body: str) -> str:
    """`body` and the digit that makes it pass Luhn."""
    return next(body + d for d in "0123456789" if luhn(body + d))


ID = id_number("41032219900307123")  # 410322199003071237
ID_X = id_number("11010519491231002")  # ends in X
CARD = card("622202123456789012")  # 19 digits, UnionPay


def scan(body: str, title: str = "公示") -> list[PageFinding]:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    fetch = FetchResult(url="http://127.0.0.1/gs/1.html", final_url="http://127.0.0.1/gs/1.html", outcome=Outcome.OK,
                        status=200, text=html, fetched_at=datetime(2026, 11, 28, 1, tzinfo=UTC))
    return scan_personal(parse_page(fetch))


def kinds(body: str, title: str = "公示") -> list[str]:
    return [f.kind for f in scan(body, title)]


def test_the_check_code_date_and_province_of_an_id_number() -> None:
    assert ID_X.endswith("X") and valid_id_number(ID_X, AS_OF)
    assert valid_id_number(ID, AS_OF)
    assert not valid_id_number(ID[:17] + str((int(ID[17]) + 1) % 10), AS_OF)  # a wrong check code
    assert not valid_id_number(id_number("41032219900230123"), AS_OF)  # 30 February
    assert not valid_id_number(id_number("41032218991231123"), AS_OF)  # born before 1900
    assert not valid_id_number(id_number("41032220261129123"), AS_OF)  # born after the audit day
    assert valid_id_number(id_number("41032220261128123"), AS_OF)  # born on it
    assert not valid_id_number(id_number("99032219900307123"), AS_OF)  # no province 99
    assert not valid_id_number(id_number("24032219900307123"), AS_OF)  # nor 24


def test_an_id_number_a_card_and_a_mobile_in_a_notice_are_found_and_masked() -> None:
    found = scan(f"<p>经审核，张三（身份证号：{ID}）银行卡号{CARD}，13812345678，予以公示。</p>")
    assert [(f.kind, f.found) for f in found] == [
        ("id_number", "4103**********1237"), ("bank_card", CARD[:4] + "*" * 11 + CARD[-4:]), ("mobile", "138****5678")]
    for f in found:
        assert ID not in f.context and CARD not in f.context and "13812345678" not in f.context
        assert f.found in f.context and f.key == value_key(
            f.kind, {"id_number": ID, "bank_card": CARD, "mobile": "13812345678"}[f.kind], "http://127.0.0.1/gs/1.html")
        assert ID not in repr(f) and CARD not in repr(f)
    assert found[0].context.startswith("经审核，张三（身份证号：4103**********1237）")


def test_masks() -> None:
    assert mask("id_number", ID) == "4103**********1237"
    assert mask("bank_card", "6222021234567890") == "6222********7890"
    assert mask("mobile", "13812345678") == "138****5678"


def test_an_id_number_in_a_table_and_one_ending_in_x_fullwidth_digits_too() -> None:
    table = f"<table><tr><th>姓名</th><th>身份证号</th></tr><tr><td>李四</td><td>{ID_X.lower()}</td></tr></table>"
    assert kinds(table) == ["id_number"]
    fullwidth = ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert kinds(f"<p>王五{fullwidth}</p>") == ["id_number"]


def test_an_18_digit_document_number_that_fails_the_checksum_is_not_an_id() -> None:
    number = "410322202611280001"
    assert not valid_id_number(number, AS_OF)
    assert kinds(f"<p>索引号：{number}</p><p>{number}</p><p>编号{ID}</p>") == []


OLD = id_number("41032219520317002")  # 410322195203170020, born 1952
OLD_X = id_number("41032219520317008")  # ends in X


def grouped(number: str, separator: str) -> str:
    """An ID number written 6-8-4: region, birth date, sequence and check code."""
    return separator.join((number[:6], number[6:14], number[14:]))


@pytest.mark.parametrize("separator", [" ", "&nbsp;", "\u00a0", "\u3000", "-"])
def test_an_id_number_in_groups_of_6_8_4_is_found(separator: str) -> None:
    assert OLD_X.endswith("X")
    table = ("<table><tr><th>序号</th><th>户主</th><th>身份证号码</th><th>危房等级</th></tr>"
             f"<tr><td>1</td><td>张三</td><td>{grouped(OLD, separator)}</td><td>C级</td></tr>"
             f"<tr><td>2</td><td>李四</td><td>{grouped(OLD_X, separator).lower()}</td><td>D级</td></tr></table>")
    found = scan(table, "2026年农村危房改造对象公示")
    assert [(f.kind, f.found, f.context) for f in found] == [
        ("id_number", "4103**********0020", "4103**********0020"), ("id_number", "4103**********008X", "4103**********008X")]
    prose = scan(f"<p>户主王五，身份证号{grouped(OLD, separator)}，房屋鉴定为D级。</p>")
    assert [f.context for f in prose] == ["户主王五，身份证号4103**********0020，房屋鉴定为D级。"]
    assert [(p.kind, p.value) for p in scan_text(grouped(OLD_X, separator).replace("&nbsp;", " "), AS_OF)] == [
        ("id_number", OLD_X)]


def test_grouped_numbers_that_are_no_id_number() -> None:
    bad = OLD[:17] + str((int(OLD[17]) + 1) % 10)  # the check code wrong
    assert not valid_id_number(bad, AS_OF)
    texts = [
        grouped(bad, " "), grouped(bad, "-"),
        f"{OLD[:6]} {OLD[6:14]}-{OLD[14:]}", f"{OLD[:6]}  {OLD[6:14]} {OLD[14:]}",  # two separators, two spaces
        f"{OLD[:3]} {OLD[3:6]} {OLD[6:14]} {OLD[14:]}", f"{OLD[:6]} {OLD[6:10]} {OLD[10:14]} {OLD[14:]}",  # other groups
        f"8 {grouped(OLD, ' ')}", f"{grouped(OLD, '-')}-01",  # a longer number in groups
        "联系电话：0379-67912345 13812345678 13987654321 15012345678",  # a phone list: no ID
        "有效期 20260101-20261231，编号 410322-20260101-0017",  # a date range; a number after its label
        "邮编 471100 63912345 0379", "地址：洛阳市孟津区 邮编 450000 20250101",  # a postcode, then 8 digits
    ]
    for text in texts:
        assert [p for p in scan_text(text, AS_OF) if p.kind == "id_number"] == [], text
    assert kinds(f"<p>索引号：{grouped(OLD, ' ')}</p>") == []  # a document's number, however written


def test_no_part_of_a_longer_run() -> None:
    assert kinds(f"<p>1{ID}</p><p>{ID}5</p><p>a{ID}</p><p>{CARD}0</p><p>138123456789</p><p>813812345678</p>") == []
    assert kinds("<p>http://www.example.gov.cn/art/13812345678.html</p><p>3.13812345678</p>") == []


def test_bank_cards_need_luhn_an_issuer_and_no_order_number_before_them() -> None:
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert kinds(f"<p>卡号{bad}</p>") == []
    assert kinds(f"<p>卡号{card('411111111111111')}</p>") == ["bank_card"]  # 16 digits, prefix 4
    assert kinds(f"<p>{card('41111111111111111')}</p>") == []  # prefix 4, 18 digits: no card of ours
    assert kinds(f"<p>{card('123456789012345')}</p>") == []  # no issuer
    for label in ("订单号", "编号：", "索引号 ", "文号:", "流水号"):
        assert kinds(f"<p>{label}{CARD}</p>") == [], label
    assert kinds(f"<p>户名：孟津县财政局 开户行：农业银行 账号：{card('622848123456789012')}</p>") == []
    grouped = " ".join((CARD[:4], CARD[4:8], CARD[8:12], CARD[12:16], CARD[16:]))
    assert [f.found for f in scan(f"<p>卡号 {grouped}</p>")] == [CARD[:4] + "*" * 11 + CARD[-4:]]


def test_mobiles_in_contact_fields_are_not_leaks() -> None:
    guide = ("<table><tr><td>办理地点</td><td>县政务服务中心</td></tr>"
             "<tr><td>联系电话</td><td>13912345678</td></tr></table>")
    assert kinds(guide, "办事指南") == []
    for field in ("联系电话：13912345678", "咨询电话：0379-67912345、13912345678", "手机：13912345678",
                  "联系人：王科长 13912345678", "投诉电话 139-1234-5678", "如有疑问，请拨打咨询电话13912345678。",
                  "监督电话（0379）67912345 13912345678", "传真：13912345678", "服务热线13912345678"):
        assert kinds(f"<p>{field}</p>") == [], field
    column = ("<table><tr><th>单位</th><th>联系人</th><th>联系电话</th></tr>"
              "<tr><td>城关镇</td><td>赵六</td><td>13912345678</td></tr></table>")
    assert kinds(column) == []
    assert kinds('<div class="footer"><p>地址：孟津县 13912345678</p></div>') == []
    assert kinds('<div id="contact"><p>13912345678</p></div>') == []
    assert kinds("<div><h3>联系我们</h3><p>办公室 13912345678</p></div>") == []
    assert kinds("<p>办公室 13912345678</p>", "联系我们") == []


def test_a_12345_hotline_a_landline_and_amounts_are_no_mobiles() -> None:
    assert kinds("<p>12345政务服务便民热线，24小时受理</p><p>0379-67912345</p><p>037967912345</p>"
                 "<p>(0379)67912345</p><p>总投资15000000000元</p><p>13000000000</p>") == []


def test_a_mobile_next_to_a_name_in_an_article_is_a_leak() -> None:
    assert kinds("<p>经村民推荐，张三 13812345678 家庭困难，拟纳入低保。</p>") == ["mobile"]
    assert [f.found for f in scan("<p>李四，男，139-1234-5678。</p>")] == ["139****5678"]
    assert kinds("<table><tr><th>姓名</th><th>住址</th></tr><tr><td>张三</td><td>某村 13812345678</td></tr></table>") \
        == ["mobile"]


def test_mail_addresses_counters_and_qq_are_no_leaks() -> None:
    assert kinds("<p>来信请寄 13812345678@163.com</p><p>访问量：13812345678</p><p>QQ：13812345678</p>") == []


def test_numbers_already_masked_are_not_leaks() -> None:
    assert kinds("<p>张三 410322********1237，4103221990****1237，138****5678，6222 **** **** 0128</p>") == []


def test_scripts_styles_attributes_and_comments_are_not_read() -> None:
    body = (f'<script>var id="{ID}";</script><style>.a{{content:"{ID}"}}</style>'
            f'<a href="/s?q={ID}" title="{CARD}">链接</a><input value="13812345678"><!-- {ID} -->')
    assert kinds(body) == []


def test_the_same_value_twice_is_two_sightings_with_one_key() -> None:
    found = scan(f"<p>张三{ID}</p><p>张三{ID}</p>")
    assert len(found) == 2 and found[0].key == found[1].key


def test_scan_text_reads_plain_text() -> None:
    assert [(p.kind, p.value) for p in scan_text(f"张三{ID}，13812345678", AS_OF)] == [
        ("id_number", ID), ("mobile", "13812345678")]


@pytest.mark.parametrize("text", ["", "<p></p>", "<p>" + "1" * 5000 + "</p>"])
def test_nothing_on_empty_or_odd_pages(text: str) -> None:
    assert kinds(text) == []


# ---- attachments (.docx, .xlsx) ----


def test_the_text_of_a_docx_and_an_xlsx() -> None:
    from auditor.extract.attachments import attachment_kind, attachment_text
    from tests.officefiles import docx, xlsx

    word = docx(["关于低保对象的公示"], [["姓名", "身份证号"], ["张三", ID]])
    assert attachment_text(word, ".docx") == f"关于低保对象的公示\n姓名\t身份证号\n张三\t{ID}"
    sheet = xlsx([["序号", "姓名", "身份证号"], ["1", "张三", ID]])
    assert attachment_text(sheet, ".xlsx") == f"序号\t姓名\t身份证号\n1\t张三\t{ID}"
    assert attachment_text(b"PK not a zip", ".docx") == "" and attachment_text(sheet, ".docx") == ""
    assert attachment_kind("http://x/files/a.XLSX?v=1") == ".xlsx" and attachment_kind("http://x/a.doc") is None


def test_a_zip_bomb_and_entities_give_nothing() -> None:
    import io
    import zipfile

    from auditor.extract.attachments import MAX_MEMBER_BYTES, attachment_text

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (MAX_MEMBER_BYTES + 10) + b"</a>")
    assert attachment_text(out.getvalue(), ".docx") == ""
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "' + "x" * 100 + '"><!ENTITY b "&a;&a;&a;&a;">]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
              "<w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", laughs)
    assert "x" not in attachment_text(out.getvalue(), ".docx")


def test_an_attachment_gives_its_id_and_card_numbers_masked_not_its_mobiles() -> None:
    from auditor.extract.personal import scan_personal_attachment
    from tests.officefiles import xlsx

    sheet = xlsx([["姓名", "身份证号", "银行卡号", "联系电话"], ["张三", ID, CARD, "13812345678"]])
    found = scan_personal_attachment(sheet, ".xlsx", "http://127.0.0.1/f/a.xlsx", "http://127.0.0.1/gs/2.html", AS_OF)
    assert [(f.kind, f.found, f.url, f.source) for f in found] == [
        ("id_number", "4103**********1237", "http://127.0.0.1/f/a.xlsx", "http://127.0.0.1/gs/2.html"),
        ("bank_card", CARD[:4] + "*" * 11 + CARD[-4:], "http://127.0.0.1/f/a.xlsx", "http://127.0.0.1/gs/2.html")]
    for f in found:
        assert ID not in f.context and CARD not in f.context and "13812345678" not in f.context
        assert f.found in f.context


def test_a_clipped_sentence_never_keeps_part_of_another_number() -> None:
    far = "甲" * 24
    for f in scan(f"<p>{ID}{far}13812345678</p><p>13912345678{far}{ID_X}</p>"):
        assert "1381234" not in f.context and "1391234" not in f.context and "11010519" not in f.context
