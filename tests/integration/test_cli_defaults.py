"""Safe defaults (Office's view, item 5): `report`, `scores` and `bulletin` read the latest complete
full run unless one is named; unknown sites and runs exit 2 naming the known ones; `--config` goes
before or after the command."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.mail_fixtures import run_auditor

HOME = '<html><head><title>{name}</title></head><body><a href="news.html">新闻</a></body></html>'
SITES = {"aa": "清河县甲镇人民政府", "bb": "清河县乙镇人民政府"}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Iterator[str]:
    """Two small sites under one real HTTP server on 127.0.0.1."""
    root = tmp_path_factory.mktemp("www")
    for site, name in SITES.items():
        (root / site).mkdir()
        (root / site / "index.html").write_text(HOME.format(name=name), encoding="utf-8")
        (root / site / "news.html").write_text("<html><body><p>新闻</p></body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def audited(web: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A full audit of both sites, then a re-audit of one site alone: the latest run is partial."""
    sites = "".join(
        f'\n[[sites]]\nid = "{site}"\nname = "{name}"\nurl = "{web}/{site}/"\nkind = "town"\n' for site, name in SITES.items()
    )
    config = tmp_path / "office.toml"
    config.write_text(f'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///{tmp_path}/a.db"\n[crawl]\nper_host_delay = 0\n{sites}',
                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_auditor("audit", "--config", str(config), "--as-of", "2026-12-01", "--format", "json").code == 0
    assert run_auditor("audit", "--config", str(config), "--site", "aa", "--as-of", "2026-12-02", "--format", "json").code == 0
    return config


def test_scores_and_report_default_to_the_latest_full_run_not_a_one_site_re_audit(audited: Path) -> None:
    scores = run_auditor("scores", "--config", str(audited), "--format", "json")
    assert scores.code == 0
    assert sorted(s["site"] for s in json.loads(scores.stdout)) == ["aa", "bb"]  # run 1, not run 2 (aa alone)
    report = run_auditor("report", "--config", str(audited), "--format", "json", "--out", "-")
    assert report.code == 0
    named = run_auditor("scores", "--config", str(audited), "--run", "2", "--format", "json")
    assert [s["site"] for s in json.loads(named.stdout)] == ["aa"]  # a named run is read as named


def test_the_score_table_names_sites_in_chinese(audited: Path) -> None:
    table = run_auditor("scores", "--config", str(audited))
    assert table.code == 0 and SITES["aa"] in table.output and SITES["bb"] in table.output


def test_config_is_accepted_before_or_after_the_command(audited: Path) -> None:
    before = run_auditor("--config", str(audited), "scores", "--format", "json")
    after = run_auditor("scores", "--format", "json", "--config", str(audited))
    assert before.code == after.code == 0 and json.loads(before.stdout) == json.loads(after.stdout)


def test_an_unknown_site_exits_2_listing_the_known_ones(audited: Path) -> None:
    for command in (("violations", "--site", "nowhere"), ("audit", "--site", "nowhere"), ("stats", "--year", "2026", "--site", "nowhere")):
        result = run_auditor(*command, "--config", str(audited))
        assert result.code == 2, command
        assert "nowhere" in result.output and f"aa（{SITES['aa']}）" in result.output and f"bb（{SITES['bb']}）" in result.output


@pytest.mark.parametrize("command", [("scores",), ("report", "--format", "json", "--out", "-"), ("violations",), ("bulletin",)])
def test_an_unknown_run_exits_2_listing_recent_runs(audited: Path, command: tuple[str, ...]) -> None:
    result = run_auditor(*command, "--run", "99", "--config", str(audited))
    assert result.code == 2
    assert "99" in result.output and "#1" in result.output and "#2" in result.output
