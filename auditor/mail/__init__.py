"""Bulletins (通报) by email: composed from the run report, recorded in the outbox, sent by SMTP.

    RunReport ─▶ content.py ─▶ compose.py (templates/*.j2, XLSX) ─▶ outbox.py ─▶ smtp.py
                  what to say    EmailMessage per recipient          once each    STARTTLS/TLS

`auditor bulletin` previews (`.eml` files) or sends (`--send`); `auditor outbox` shows
the queue; `sink.py` is a local SMTP server for the demo and for trying things out.
"""

from .compose import Bulletin, Composition, compose_bulletins, compose_test_bulletin, write_previews
from .outbox import Delivery, deliver, queue_bulletins

__all__ = [
    "Bulletin", "Composition", "Delivery", "compose_bulletins", "compose_test_bulletin", "deliver",
    "queue_bulletins", "write_previews",
]
