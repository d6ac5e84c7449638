"""The demo's bulletins: sent through the normal outbox path to a local SMTP sink.

`auditor demo` calls `deliver_demo_bulletins` after its audit. The demo config has no
`[mail]` and its sites no contacts, so the demo fills them in with addresses on the
estate's own (fictional) domain; a real config's contacts and `[mail]` are kept
except host, port and TLS, which point at the sink.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..config import Config, MailConfig
from ..report.data import load_run_report
from ..rules import load_rulesets
from ..store import Store
from .commands import compose_for_run
from .outbox import deliver, queue_bulletins
from .sink import MailSink

DEMO_DOMAIN = "example.gov.cn"


def deliver_demo_bulletins(config: Config, store: Store, run_id: int, folder: Path) -> list[Path]:
    """Send run `run_id`'s bulletins to a sink on 127.0.0.1; return the `.eml` files it received.

    A run whose bulletins were already sent is not sent again (the outbox): the list is
    then empty.
    """
    with _quiet("mail.log", "auditor.mail"), MailSink(folder) as sink:
        demo_config, mail = _pointed_at(config, sink.host, sink.port)
        rulesets = load_rulesets(demo_config.ruleset_paths())
        report = load_run_report(store, demo_config, rulesets, run_id)
        composition = compose_for_run(store, report, demo_config, rulesets)
        queue_bulletins(store, composition.bulletins)
        deliver(store, mail, run_id=report.run.id, attempts=2, backoff=0.2)
        return sorted(sink.paths)


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """The demo prints one line for its mail: aiosmtpd's and the outbox's per-message lines are kept for real runs."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _pointed_at(config: Config, host: str, port: int) -> tuple[Config, MailConfig]:
    domain = _domain(config)
    office = list(config.mail.office) if config.mail and config.mail.office else [f"xxgk@{domain}"]
    sender = config.mail.sender if config.mail else f"auditor@{domain}"
    mail = MailConfig(host=host, port=port, starttls=False, ssl=False, sender=sender, office=office, timeout=10)
    sites = [s if s.contacts else s.model_copy(update={"contacts": [f"{s.id}@{domain}"]}) for s in config.sites]
    return config.model_copy(update={"mail": mail, "sites": sites}), mail


def _domain(config: Config) -> str:
    contact = config.crawl.contact
    return contact.rpartition("@")[2] if "@" in contact else DEMO_DOMAIN
