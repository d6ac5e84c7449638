"""The alert outbox and the outage state on SQLite and PostgreSQL: an event recorded once per channel,
a claim on a stale read refused, an outage kept across a reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from auditor.models import OutboxStatus
from auditor.store import Store
from auditor.store.alerts import AlertEntry, SiteOutage

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def entry(channel: str = "wecom-1", key: str = "site.down:portal:2026-11-28T10:00") -> AlertEntry:
    return AlertEntry(event_key=key, channel=channel, event="site.down", site_id="portal", payload={"text": "首页无法访问"})


def test_an_event_is_recorded_once_per_channel_and_sent_once(store: Store) -> None:
    assert store.alert_enqueue([entry(), entry("dingtalk-1")], NOW) == 2
    assert store.alert_enqueue([entry(), entry("dingtalk-1")], NOW + timedelta(minutes=1)) == 0  # the same event again
    rows = store.alerts(due_by=NOW)
    assert sorted(r.channel for r in rows) == ["dingtalk-1", "wecom-1"]
    first = rows[0]
    assert store.alert_claim(first) is True
    assert store.alert_claim(first) is False  # a second process read the row before the first claimed it
    store.alert_mark_sent([first.id], NOW)
    assert store.alert_enqueue([entry(first.channel)], NOW) == 0  # sent stays sent
    statuses = {r.channel: r.status for r in store.alerts()}
    assert statuses[first.channel] == OutboxStatus.SENT and list(statuses.values()).count(OutboxStatus.PENDING) == 1


def test_an_outage_survives_a_reopen(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.alert_probe_round([SiteOutage("portal", 2, NOW, True, "http-500")], [entry()], NOW)
    with Store.open(store_url) as store:
        outage = store.alert_outages()["portal"]
        assert (outage.failures, outage.first_failed_at, outage.down_alerted) == (2, NOW, True)
        assert [r.event_key for r in store.alerts()] == [entry().event_key]
