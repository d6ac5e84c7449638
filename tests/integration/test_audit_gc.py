"""A run raises the collector's first threshold while it goes on and puts it back when the last
run of the process ends, however it ends (benchmarks/scale.py: full collections grew with the pages)."""

from __future__ import annotations

import asyncio
import gc

import pytest

from auditor import api
from auditor.audit import RUN_GC_THRESHOLD, run_audit
from auditor.errors import RunError
from auditor.progress import SilentProgress
from tests.httpserver import Page, make_app, serve

PAGES = {
    "/": Page('<html><head><title>首页</title></head><body><a href="/news/">要闻</a></body></html>'),
    "/news/": Page('<html><head><title>要闻</title></head><body><ul><li><a href="/news/1.html">第1条</a>'
                   "<span>2026-11-20</span></li></ul></body></html>"),
    "/news/1.html": Page("<html><body>第1条</body></html>"),
}


def config_text(sites: list[tuple[str, str]]) -> str:
    text = 'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///gc.db"\n[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\n'
    for site_id, url in sites:
        text += (
            f'\n[[sites]]\nid = "{site_id}"\nname = "{site_id}镇人民政府"\nurl = "{url}"\nkind = "town"\n'
            f'  [[sites.columns]]\n  id = "news"\n  name = "{site_id}要闻"\n  url = "{url}news/"\n  kind = "news"\n'
        )
    return text


class Thresholds(SilentProgress):
    """Notes the collector's thresholds as each site's crawl ends, inside the run."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def site_done(self, site_id: str, pages: int) -> None:
        self.seen.append(gc.get_threshold())


class Failing(SilentProgress):
    def site_done(self, site_id: str, pages: int) -> None:
        raise RuntimeError("进度显示出错")


@pytest.fixture
def default_thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*saved)


async def test_overlapping_runs_raise_the_threshold_and_the_last_one_puts_it_back(tmp_path, default_thresholds):
    async with serve(make_app(PAGES), "127.0.0.63") as a, serve(make_app(PAGES), "127.0.0.64") as b:
        (tmp_path / "auditor.toml").write_text(config_text([("a", a.url("/")), ("b", b.url("/"))]), encoding="utf-8")
        config, rulesets = api.load(tmp_path / "auditor.toml")
        as_of = api.parse_as_of("2026-11-28T09:00", config.tz)
        first, second = Thresholds(), Thresholds()
        with api.open_store(config) as store:
            store.sync_sites(config)  # two runs' first syncs would race to insert the sites
            done = await asyncio.gather(
                run_audit(config, rulesets, store, as_of=as_of, site_ids=["a"], progress=first),
                run_audit(config, rulesets, store, as_of=as_of, site_ids=["b"], progress=second),
            )
            assert [result.run.pages for result in done] == [3, 3]
            assert first.seen == second.seen == [(RUN_GC_THRESHOLD, 10, 10)]
            assert gc.get_threshold() == default_thresholds

            with pytest.raises(RunError, match="进度显示出错"):
                await run_audit(config, rulesets, store, as_of=as_of, site_ids=["a"], progress=Failing())
            assert gc.get_threshold() == default_thresholds
