"""`auditor bulletin`: previews and sending to a real SMTP server (aiosmtpd), checked byte by byte."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.header import decode_header, make_header
from email.policy import default as default_policy
from io import BytesIO

import openpyxl
import pytest

from auditor import api
from tests.httpserver import free_port
from tests.mail_fixtures import (
    OFFICE,
    SCRIPT,
    UNIT_ADDRESSES,
    RecordingHandler,
    SmtpServer,
    county_config,
    mail_table,
    run_auditor,
    seed_runs,
)
from tests.untrusted import assert_escaped, assert_shown_escaped

HOST = "127.0.0.151"


@pytest.fixture
def county(tmp_path):
    """A config pointing at a fresh port on HOST, and its database seeded with two audits."""
    port = free_port(HOST)
    config_path = county_config(tmp_path, mail=mail_table(HOST, port))
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        runs = seed_runs(store)
    return config_path, port, runs


def _units_with_mail() -> dict[str, tuple[str, ...]]:
    return {"office": OFFICE, **{f"unit:{key}": addresses for key, addresses in UNIT_ADDRESSES.items()}}


def test_send_delivers_one_message_to_the_office_and_to_every_unit_with_problems(county):
    config_path, port, runs = county
    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        first = run_auditor("bulletin", "--send", "--config", str(config_path))
        again = run_auditor("bulletin", "--send", "--config", str(config_path))
    assert first.code == 0, first.output
    assert "县水利局（slj）没有联系人" in first.output  # problems, but nobody to tell: said, not sent
    assert "县统计局" in first.output  # no problems: no bulletin
    expected = [address for addresses in _units_with_mail().values() for address in addresses]
    assert handler.per_recipient() == {address: 1 for address in expected}
    assert len(handler.received) == 4  # office + 3 units; a unit's two addresses share one message
    assert again.code == 0 and "没有待发送的邮件" in again.output and len(handler.received) == 4

    for received in handler.received:
        assert received.mail_from == "auditor@county.test"
        message = received.message
        assert message["Message-ID"].startswith(f"<bulletin.run{runs.second}.")
        assert message["From"] == "auditor@county.test" and message["Date"]
        assert_escaped(message.get_body(("html",)).get_content())
    office_html = next(r for r in handler.received if OFFICE[0] in r.rcpt_tos).message.get_body(("html",)).get_content()
    town_html = next(r for r in handler.received if "cg@county.test" in r.rcpt_tos).message.get_body(("html",)).get_content()
    assert_shown_escaped(office_html)  # a site name in the ranking, a page title in a message
    assert_shown_escaped(town_html)  # a link text, a URL in an href, a site name


def test_the_chinese_subject_is_rfc2047_encoded_and_the_bodies_are_utf8(county):
    config_path, port, runs = county
    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        assert run_auditor("bulletin", "--send", "--config", str(config_path)).code == 0
    by_key = {r.message["Message-ID"].split(".")[2].split("@")[0]: r for r in handler.received}
    office, unit = by_key["office"], by_key["unit-chengguan"]

    raw_headers = office.content.split(b"\r\n\r\n", 1)[0].decode("ascii")  # headers are 7-bit on the wire
    assert re.search(r"^Subject: =\?utf-8\?[bq]\?", raw_headers, re.MULTILINE | re.IGNORECASE)
    raw_subject = re.search(r"^Subject: ([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)", raw_headers, re.MULTILINE).group(1)
    # the second complete full audit of 2026: 〔2026〕2号
    assert str(make_header(decode_header(raw_subject))) == "【网站检查通报】2026年11月28日检查：6个网站，问题6个（网站检查通报〔2026〕2号）"
    assert unit.message["Subject"] == (
        "【网站检查通报】城关镇人民政府：问题2个，请按期整改并于2026年12月13日前反馈（网站检查通报〔2026〕2号）")

    for received in (office, unit):
        assert b'Content-Type: text/plain; charset="utf-8"' in received.content
        assert b'Content-Type: text/html; charset="utf-8"' in received.content
        text = received.message.get_body(("plain",)).get_content()
        assert "本通报由网站检查系统" in text
    unit_text = unit.message.get_body(("plain",)).get_content()
    assert SCRIPT in unit_text  # plain text stays as the page wrote it
    assert "整改建议：修复或删除失效链接；外部网站的链接请确认对方网址" in unit_text
    assert "首次发现：2026年11月28日" in unit_text
    assert "整改期限：2026年12月13日前（15 日内）" in unit_text and "反馈至xxgk@county.test、leader@county.test" in unit_text
    office_text = office.message.get_body(("plain",)).get_content()
    assert "通报批评" in office_text and "县人民政府门户网站" in office_text and "单项否决" in office_text
    assert "表扬" in office_text and "县统计局（100.00 分）" in office_text
    assert "不参与排名：\n  - 县人民政府门户网站  不合格（单项否决）" in office_text.replace("\r\n", "\n")
    assert "97.00" not in office_text  # the vetoed portal's score is never shown
    assert "已整改问题 1 个：空白栏目 1 个" in office_text


def test_the_attachment_opens_with_openpyxl_and_holds_the_units_violations_only(county):
    config_path, port, runs = county
    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        assert run_auditor("bulletin", "--send", "--config", str(config_path)).code == 0
    (education,) = [r for r in handler.received if "jyj@county.test" in r.rcpt_tos]
    (attachment,) = list(education.message.iter_attachments())
    assert attachment.get_filename() == f"audit-{runs.second}-jyj-violations.xlsx"
    workbook = openpyxl.load_workbook(BytesIO(attachment.get_content()))
    cells = [str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    text = "\n".join(cells)
    assert "http://parked.example/" in text and "http://127.0.0.164/ldxx/" in text  # jyj's new, jyj-zx's open
    assert "127.0.0.162" not in text and "127.0.0.161" not in text  # other units' problems are not there


def test_previews_are_eml_files_named_by_run_and_unit_key(county, tmp_path):
    config_path, port, runs = county
    out = tmp_path / "previews"
    done = run_auditor("bulletin", "--config", str(config_path), "--out", str(out))
    assert done.code == 0, done.output
    names = sorted(p.name for p in out.iterdir())
    second = runs.second
    assert names == sorted(f"{second}-{stem}.eml" for stem in ("office", "unit-portal", "unit-chengguan", "unit-jyj", "unit-slj"))
    for name in names:
        assert str(out / name) in done.output
        message = message_from_bytes((out / name).read_bytes(), policy=default_policy)
        assert_escaped(message.get_body(("html",)).get_content())
    assert "（无收件人，不会发送" in done.output  # slj's preview has nobody to go to

    earlier = run_auditor("bulletin", "--config", str(config_path), "--out", str(out), "--run", str(runs.first), "--unit", "县教育局")
    assert earlier.code == 0 and (out / f"{runs.first}-unit-jyj.eml").is_file()
    assert not (out / f"{runs.first}-office.eml").exists()


def test_one_unit_only_is_sent_with_unit(county):
    config_path, port, _ = county
    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        done = run_auditor("bulletin", "--send", "--unit", "chengguan", "--config", str(config_path))
        rest = run_auditor("bulletin", "--send", "--config", str(config_path))
    assert done.code == 0, done.output
    assert rest.code == 0, rest.output
    assert handler.per_recipient()["cg@county.test"] == 1  # not again with the rest
    assert sum(handler.per_recipient().values()) == 6


def test_english_bulletins(tmp_path):
    port = free_port(HOST)
    config_path = county_config(tmp_path, mail=mail_table(HOST, port), language="en")
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        seed_runs(store)
    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        assert run_auditor("bulletin", "--send", "--config", str(config_path)).code == 0
    subjects = sorted(r.message["Subject"].strip() for r in handler.received)  # a folded ASCII subject may start with a space
    assert ("[Website inspection bulletin] inspection of 28 November 2026: 6 sites, 6 problems "
            "(Website inspection bulletin 2026-2)") in subjects
    assert ("[Website inspection bulletin] 城关镇人民政府: 2 problems, please fix them in time and report back by "
            "13 December 2026 (Website inspection bulletin 2026-2)") in subjects
    (unit,) = [r for r in handler.received if "cg@county.test" in r.rcpt_tos]
    unit_text = unit.message.get_body(("plain",)).get_content()
    assert "How to fix: Repair or remove the broken link" in unit_text
    assert "Fix by: 13 December 2026 (within 15 days)" in unit_text and "Report back" in unit_text


def test_the_test_bulletin_checks_the_settings_and_prints_the_answer(county):
    config_path, port, _ = county
    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        done = run_auditor("bulletin", "--test", "--config", str(config_path))
    assert done.code == 0, done.output
    assert "250 2.0.0 OK queued" in done.output
    (received,) = handler.received
    assert sorted(received.rcpt_tos) == sorted(OFFICE)
    assert received.message["Subject"].startswith("【测试】【网站检查通报】")
    assert "网站检查通报〔测试〕" in received.message["Subject"] and "第0次" not in received.message["Subject"]
    assert received.message.get_body(("plain",)).get_content().startswith("【测试】")

    down = run_auditor("bulletin", "--test", "--config", str(config_path))  # nothing listens any more
    assert down.code == 2 and "测试邮件发送失败" in down.output and "connection refused" in down.output


def test_sending_needs_a_mail_table(tmp_path):
    config_path = county_config(tmp_path)
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        seed_runs(store)
    done = run_auditor("bulletin", "--send", "--config", str(config_path))
    assert done.code == 2 and "[mail]" in done.output
    preview = run_auditor("bulletin", "--config", str(config_path), "--out", str(tmp_path / "p"))
    assert preview.code == 0 and (tmp_path / "p" / "2-office.eml").is_file()
