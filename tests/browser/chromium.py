"""Headless Debian Chromium driven by Playwright (never `playwright install`: the browser is the system's)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# what this machine's closed network needs: no background fetches, no component updates
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None; in CI a missing browser is a failure, not a skip."""
    if CHROMIUM.exists():
        return None
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium")
    return f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it"


@contextmanager
def browser_page(width: int = 1280, height: int = 900) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
