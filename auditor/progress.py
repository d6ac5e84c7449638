"""Progress of a run: a live bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import time
from typing import Protocol

log = logging.getLogger("auditor.progress")


class Progress(Protocol):
    def start(self, sites: int) -> None: ...
    def page(self) -> None: ...
    def site_done(self, site_id: str, pages: int) -> None: ...
    def links_start(self, total: int) -> None: ...
    def link(self) -> None: ...
    def finish(self) -> None: ...


class SilentProgress:
    def start(self, sites: int) -> None: ...
    def page(self) -> None: ...
    def site_done(self, site_id: str, pages: int) -> None: ...
    def links_start(self, total: int) -> None: ...
    def link(self) -> None: ...
    def finish(self) -> None: ...


class LogProgress(SilentProgress):
    """One line every few seconds: what a log file or CI wants."""

    def __init__(self, every: float = 5.0) -> None:
        self._every = every
        self._last = time.monotonic()
        self.sites = self.sites_done = self.pages = self.links = self.links_total = 0

    def start(self, sites: int) -> None:
        self.sites = sites
        log.debug("审计开始：%d 个网站", sites)  # the run.start event says it, with the run id

    def page(self) -> None:
        self.pages += 1
        self._maybe_log()

    def site_done(self, site_id: str, pages: int) -> None:
        self.sites_done += 1
        log.debug("网站 %s 抓取完成：%d 个页面（%d/%d）", site_id, pages, self.sites_done, self.sites)  # and site.done

    def links_start(self, total: int) -> None:
        self.links_total = total
        log.info("检查链接：%d 个待检查目标", total)

    def link(self) -> None:
        self.links += 1
        self._maybe_log()

    def finish(self) -> None:
        log.debug("审计结束：%d 个网站，%d 个页面，%d 个链接目标", self.sites_done, self.pages, self.links)  # and run.finish

    def _maybe_log(self) -> None:
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            log.info("进度：网站 %d/%d，页面 %d，链接 %d/%d", self.sites_done, self.sites, self.pages, self.links, self.links_total)


class RichProgress(SilentProgress):
    """Bars for sites, pages and links on a terminal (rich)."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        self._bars = Bars(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=False)
        self._sites = self._bars.add_task("网站", total=None, visible=False)
        self._pages = self._bars.add_task("页面", total=None, visible=False)
        self._links = self._bars.add_task("链接", total=None, visible=False)

    def start(self, sites: int) -> None:
        self._bars.start()
        self._bars.update(self._sites, total=sites, visible=True)
        self._bars.update(self._pages, visible=True)

    def page(self) -> None:
        self._bars.advance(self._pages)

    def site_done(self, site_id: str, pages: int) -> None:
        self._bars.advance(self._sites)

    def links_start(self, total: int) -> None:
        self._bars.update(self._pages, total=self._bars.tasks[self._pages].completed)
        self._bars.update(self._links, total=total, visible=True)

    def link(self) -> None:
        self._bars.advance(self._links)

    def finish(self) -> None:
        self._bars.stop()
