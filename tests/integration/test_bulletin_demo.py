"""The demo's path: the run's bulletins through the outbox to the aiosmtpd sink, kept as .eml files."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default as default_policy

from auditor import api
from auditor.mail.demo import deliver_demo_bulletins
from tests.mail_fixtures import IMG, SCRIPT, county_config, seed_runs


def test_demo_bulletins_arrive_in_the_sink_folder_once(tmp_path):
    config_path = county_config(tmp_path)  # no [mail]; 县水利局 has no contacts: the demo gives it one
    config, _ = api.load(config_path)
    folder = tmp_path / "received"
    with api.open_store(config) as store:
        runs = seed_runs(store)
        paths = deliver_demo_bulletins(config, store, runs.second, folder)
        again = deliver_demo_bulletins(config, store, runs.second, folder)
        rows = store.outbox(runs.second)
    assert len(paths) == 5 and all(p.parent == folder and p.suffix == ".eml" for p in paths)
    assert again == []  # already delivered: the outbox sends nothing twice
    assert {m.status for m in rows} == {"sent"} and len(rows) == 5
    recipients = set()
    for path in paths:
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        assert message["Subject"].startswith("【网站检查通报】")
        html = message.get_body(("html",)).get_content()
        assert SCRIPT not in html and IMG not in html
        recipients.update(a.strip() for a in message["To"].split(","))
    assert "slj@example.gov.cn" in recipients and "xxgk@example.gov.cn" in recipients
    assert "cg@county.test" in recipients  # a configured contact is kept


def test_a_reused_sink_folder_keeps_earlier_messages(tmp_path):
    config, _ = api.load(county_config(tmp_path))
    folder = tmp_path / "received"
    with api.open_store(config) as store:
        runs = seed_runs(store)
        earlier = deliver_demo_bulletins(config, store, runs.first, folder)
        later = deliver_demo_bulletins(config, store, runs.second, folder)
    assert len(earlier) == 3 and len(later) == 5  # run 1: office, 县政府办公室, 县教育局
    assert not set(earlier) & set(later)
    assert sorted(folder.iterdir()) == sorted(earlier + later)
    subjects = [message_from_bytes(p.read_bytes(), policy=default_policy)["Subject"] for p in earlier + later]
    assert all("审计" not in subject and "第" not in subject for subject in subjects)
    assert all(subject.endswith("（网站检查通报〔2026〕1号）") for subject in subjects[:3])  # the year's first audit
    assert all(subject.endswith("（网站检查通报〔2026〕2号）") for subject in subjects[3:])
