"""The text layer of an attached PDF (extract.pdftext) and what content.personal_data finds in
it: a real ID number is found and masked; an ID-like number failing its check code, an order
number failing Luhn, 12345 and a landline are not; a scanned, encrypted, broken, hostile or
not-a-PDF file gives no text and raises nothing; the page and time caps hold."""

from __future__ import annotations

import random
import time
import zlib
from datetime import date

from auditor.extract.attachments import attachment_kind, attachment_text
from auditor.extract.pdftext import MAX_PAGES, MAX_SECONDS, pdf_text
from auditor.extract.personal import scan_personal_attachment
from tests.officefiles import docx
from tests.pdffiles import assemble, encrypted, image_only, pdf, stream

AS_OF = date(2026, 11, 28)
ID = "410322199003071237"  # a valid check code (GB 11643)
BAD_ID = ID[:-1] + "8"  # the same with a wrong check code: a project number, not a person
CARD = "6222021234567890128"  # passes Luhn
BAD_CARD = CARD[:-1] + "9"  # fails Luhn: an order number
PDF_URL, PAGE_URL = "http://127.0.0.1/files/gs.pdf", "http://127.0.0.1/gs/1.html"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def found(data: bytes) -> list[tuple[str, str]]:
    return [(f.kind, f.found) for f in scan_personal_attachment(data, ".pdf", PDF_URL, PAGE_URL, AS_OF)]


def test_the_text_layer_of_a_pdf_page_by_page() -> None:
    data = pdf([["Minimum living allowance", f"1 Zhang San ID {ID}"], ["Page two"]])
    assert attachment_text(data, ".pdf") == f"Minimum living allowance\n1 Zhang San ID {ID}\nPage two"
    assert attachment_kind("http://x/files/P020261127.PDF?v=2") == ".pdf"


def test_chinese_labels_through_a_cid_font_do_not_break_the_numbers() -> None:
    data = pdf([["2026年低保对象公示", f"1　张三　身份证号：{ID}　联系电话：13812345678"]], cjk=True)
    assert pdf_text(data) == f"2026年低保对象公示\n1　张三　身份证号：{ID}　联系电话：13812345678"
    findings = scan_personal_attachment(data, ".pdf", PDF_URL, PAGE_URL, AS_OF)
    assert [(f.kind, f.found, f.url, f.source) for f in findings] == [("id_number", "4103**********1237", PDF_URL, PAGE_URL)]
    assert findings[0].context.startswith("1 张三 身份证号：4103**********1237")
    assert ID not in findings[0].context and "13812345678" not in findings[0].context  # the mobile masked too


def test_a_card_number_is_found_and_masked() -> None:
    assert found(pdf([["Zhang San", f"Bank card: {CARD}"]])) == [("bank_card", CARD[:4] + "*" * 11 + CARD[-4:])]


def test_numbers_that_are_not_personal_are_not_reported() -> None:
    lines = [f"Project No.: {BAD_ID}", f"Order: {BAD_CARD}", "Hotline: 12345   Office: 0377-66120857"]
    assert pdf_text(pdf([lines])) == "\n".join(lines)  # read, and nothing in it is personal
    assert found(pdf([lines])) == []
    cjk = [f"项目编号：{BAD_ID}", f"订单号：{BAD_CARD}", "服务热线：12345  办公室电话：0377-66120857"]
    assert found(pdf([cjk], cjk=True)) == []


def test_a_scanned_pdf_has_no_text_and_so_no_finding() -> None:
    assert pdf_text(image_only()) == "" and found(image_only()) == []


def test_an_encrypted_pdf_is_not_read() -> None:
    plain = pdf([[f"ID {ID}"]])
    assert found(plain) == [("id_number", "4103**********1237")]
    assert pdf_text(encrypted(plain, "secret")) == ""
    assert pdf_text(encrypted(plain)) == ""  # opens without a password, permissions only: not read either


def test_what_is_not_a_readable_pdf_gives_nothing_and_raises_nothing() -> None:
    good = pdf([[f"ID {ID}"]] * 3)
    for data in (b"", b"%PDF-1.7\n", b"<html><body>404 Not Found</body></html>", good[: len(good) // 2],
                 b"%PDF-1.4\n" + random.Random(1).randbytes(200_000), docx([f"ID {ID}"])):
        assert pdf_text(data) == ""
        assert found(data) == []


def test_mangled_copies_of_a_pdf_never_raise_nor_hang() -> None:
    good = pdf([["Name: Zhang San", f"ID {ID}"]] * 3)
    rng = random.Random(19)
    started, read = time.monotonic(), 0
    for _ in range(300):
        data = bytearray(good)
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(9, len(data))] = rng.randrange(256)
        read += ID in pdf_text(bytes(data))  # raises nothing, whatever the bytes
    assert 0 < read < 300 and time.monotonic() - started < 30


def test_a_page_tree_naming_itself_and_forms_drawing_themselves_end() -> None:
    cycle = assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"BT /F1 11 Tf (" + ID.encode() + b") Tj ET", False), HELVETICA,
    ])
    assert pdf_text(cycle) == ""
    form = stream(b"BT /F1 11 Tf (b) Tj ET /X Do /X Do", False).replace(
        b"<<", b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>", 1)
    forms = assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
        stream(b"BT /F1 11 Tf (a) Tj ET /X Do /X Do", False), HELVETICA, form,
    ])
    assert pdf_text(forms).split() == ["a", "b", "b"]


def test_a_flate_bomb_gives_nothing_quickly() -> None:
    squeeze = zlib.compressobj(9)
    body = squeeze.compress(b"BT /F1 11 Tf (" + ID.encode() + b") Tj ET ")
    body += b"".join(squeeze.compress(b" " * 10_000_000) for _ in range(6)) + squeeze.flush()  # 60 MB inflated
    bomb = assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body), HELVETICA,
    ])
    started = time.monotonic()
    assert len(bomb) < 600_000 and pdf_text(bomb) == ""
    assert time.monotonic() - started < 2


def test_only_the_first_pages_are_read() -> None:
    pages = [[f"page {n}"] for n in range(1, MAX_PAGES + 11)]
    pages[MAX_PAGES] = [f"ID {ID}"]  # the first page past the cap
    text = pdf_text(pdf(pages))
    assert text.splitlines() == [f"page {n}" for n in range(1, MAX_PAGES + 1)] and ID not in text


def test_reading_stops_at_the_deadline() -> None:
    # 5,000 pages sharing one content stream of 99,000 drawing operators (just under pypdf's
    # parsing budget as set here): about a second a page, so only the deadline ends it
    kids = " ".join("3 0 R" for _ in range(5000)).encode()
    heavy = stream(b"BT /F1 11 Tf " + b"(a) Tj " * 99_000 + b"ET", True)
    data = assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count 5000 >>" % kids,
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        heavy, HELVETICA,
    ])
    started = time.monotonic()
    text = pdf_text(data)
    elapsed = time.monotonic() - started
    assert elapsed < MAX_SECONDS + 3, elapsed  # the deadline, plus at most one stream's parse (on a busy machine)
    assert len(text) < MAX_PAGES * 99_000  # stopped before the page cap
