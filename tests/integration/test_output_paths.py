"""Files named from data stay in their folder (issue 8, part 4).

Every file the program writes whose name could come from data: `auditor report --out`
(and its default name), `auditor bulletin --out DIR` (one .eml per unit), the mail sink of
`auditor demo` and `auditor bulletin --send` (named by recipient), `auditor demo --out`.
Unit names, site names and contact addresses are free text in the config, so they hold
`../../x`, `/etc/passwd`, `..\\..\\x`, NUL, an absolute path and a 5,000-character name here;
the real CLI runs against real sites on 127.0.0.x and a real SMTP sink, and every file that
appears anywhere under the test's temporary root must be inside the folder it was asked
for, with a plain name. Ids do name files (`<run>-unit-<site id>.eml`): the config loader
refuses any id with `/`, `\\` or `..`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from auditor.config import load_config
from auditor.errors import ConfigError
from auditor.mail.sink import MailSink
from tests.httpserver import Page, make_app, serve
from tests.mail_fixtures import run_auditor

AS_OF = date(2026, 11, 28)
CLI_TIMEOUT = 180  # seconds: a hang guard, not a speed requirement
SANE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,150}$")
LONG_NAME = "很长的单位名称" * 700 + "/../x"  # 4,905 characters, a separator at the end


def hostile_names(root: Path) -> list[str]:
    """One per site: what a unit (and its site) may be called in a config."""
    return ["../../x", "/etc/passwd", "..\\..\\x", "单位\x00名称/../../..", str(root / "absolute-escape"), LONG_NAME]


def site_pages() -> dict[str, Page]:
    """A home page with a dead link and a stale news column: every unit gets a bulletin.

    The dead link's text carries terminal escapes and control characters: it is quoted in
    the violation's message, which goes into the XLSX report and each bulletin's attachment.
    """
    stale = (AS_OF - timedelta(days=9)).isoformat()
    return {
        "/": Page('<html><head><title>首页</title></head><body><a href="/news/">要闻</a>'
                  '<a href="/gone.html">\x1b[31m旧链接\x07\x01</a></body></html>'),
        "/news/": Page(f'<html><body><ul><li><a href="/news/1.html">动态</a><span>{stale}</span></li></ul></body></html>'),
        "/news/1.html": Page("<html><body>动态</body></html>"),
    }


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string: the same escapes, \u0000 for NUL


def config_text(origins: list[str], names: list[str], sink_port: int) -> str:
    text = (
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///auditor.db"\n'
        "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\ntimeout = 5\n"
        f'[mail]\nhost = "127.0.0.1"\nport = {sink_port}\nstarttls = false\nsender = "auditor@county.test"\n'
        'office = ["../../office@county.test", "/etc/passwd@county.test"]\ntimeout = 10\n'
    )
    for number, (origin, name) in enumerate(zip(origins, names, strict=True)):
        text += (
            f'\n[[sites]]\nid = "site-{number}"\nname = {toml_string(name)}\nurl = "{origin}/"\nkind = "town"\n'
            f"unit = {toml_string(name)}\ncontacts = [{toml_string(f'../../{number}@county.test')}]\n"
            f'  [[sites.columns]]\n  id = "news"\n  name = {toml_string(name)}\n  url = "{origin}/news/"\n  kind = "news"\n'
        )
    return text


async def run_cli(*args: str, cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "auditor.cli", *args, cwd=cwd,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), CLI_TIMEOUT)
    return process.returncode or 0, out.decode("utf-8", "replace") + err.decode("utf-8", "replace")


def files_under(folder: Path) -> set[Path]:
    return {Path(top) / name for top, _, names in os.walk(folder) for name in names}


def assert_contained(written: Iterable[Path], allowed: Path) -> None:
    for path in written:
        assert path.resolve().is_relative_to(allowed.resolve()), f"{path} written outside {allowed}"
        assert SANE_NAME.match(path.name), f"unsafe file name {path.name!r}"


async def test_reports_and_bulletins_stay_in_their_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, work = tmp_path / "root", tmp_path / "root" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # relative --out paths and the default report name land here
    names = hostile_names(root)
    before, etc_before = files_under(tmp_path.parent), set(os.listdir("/etc"))
    hosts = [f"127.0.0.{181 + n}" for n in range(len(names))]
    async with _sites(hosts) as origins:
        with MailSink(work / "sink") as sink:
            (work / "auditor.toml").write_text(config_text(origins, names, sink.port), encoding="utf-8")
            # the audit as a separate process (the installed entry point); the rest in this process, in a
            # thread: the sites are served by this event loop
            code, output = await run_cli("audit", "--config", "auditor.toml", "--as-of", "2026-11-28T09:00", cwd=work)
            assert code == 0, output
            commands = [("report", "--format", fmt, "--out", f"reports/report.{fmt}") for fmt in ("html", "xlsx", "csv", "json")]
            commands += [("report",), ("bulletin", "--out", "bulletins"), ("bulletin", "--unit", "../../x", "--out", "one-unit"),
                         ("bulletin", "--send")]
            for command in commands:
                result = await asyncio.to_thread(run_auditor, *command)
                assert result.code == 0, (command, result.output)
    written = files_under(tmp_path.parent) - before
    assert_contained(written, work)
    assert _remove_new_files(Path("/etc"), etc_before) == []  # tests run as root in CI: clean up before failing
    assert {p.name for p in (work / "reports").iterdir()} == {f"report.{fmt}" for fmt in ("html", "xlsx", "csv", "json")}
    assert (work / "report.html").is_file()
    # one summary and one bulletin per unit, named by run and site id, never by the unit's name
    previews = sorted(p.name for p in (work / "bulletins").iterdir())
    assert previews == ["1-office.eml", *(f"1-unit-site-{n}.eml" for n in range(len(names)))]
    assert [p.name for p in (work / "one-unit").iterdir()] == ["1-unit-site-0.eml"]
    # the sink names its files by recipient: every address of the config arrived, each a plain name in the sink
    received = sorted(p.name for p in (work / "sink").iterdir())
    assert len(received) == 1 + len(names) and all(name.endswith("@county.test.eml") for name in received)


@pytest.mark.slow
def test_the_demo_writes_only_into_its_folder(tmp_path: Path) -> None:
    import subprocess

    work = tmp_path / "work"
    work.mkdir()
    before = files_under(tmp_path.parent)
    done = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "demo", "--scale", "0.05", "--as-of", "2026-11-28", "--out", "demo"],
        cwd=work, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    written = files_under(tmp_path.parent) - before
    assert_contained(written, work / "demo")
    assert {"auditor.toml", "auditor.db", "audit.json", "report.html"} <= {p.name for p in written}
    assert any(p.parent.name == "mail" and p.suffix == ".eml" for p in written)


ID_ATTACKS = ["../x", "a/b", "..", ".", "/etc/passwd", "..\\x", "a\\b", "x\x00y", "portal\n", ".hidden", "a" * 65, "", "站点", "a b"]


@pytest.mark.parametrize("where", ["site", "column"])
@pytest.mark.parametrize("attack", ID_ATTACKS)
def test_ids_that_could_leave_a_folder_are_refused(tmp_path: Path, attack: str, where: str) -> None:
    site_id, column_id = (attack, "news") if where == "site" else ("portal", attack)
    path = tmp_path / "auditor.toml"
    path.write_text(
        f'rulesets = ["mengjin-2011"]\n[[sites]]\nid = {toml_string(site_id)}\nname = "县政府"\nurl = "http://127.0.0.10/"\n'
        f'kind = "county"\n  [[sites.columns]]\n  id = {toml_string(column_id)}\n  name = "要闻"\n'
        f'  url = "http://127.0.0.10/news/"\n  kind = "news"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    key = "sites[0].id" if where == "site" else "sites[0].columns[0].id"
    assert str(path) in str(refused.value) and any(p.startswith(key) for p in refused.value.problems), refused.value.problems


def _remove_new_files(folder: Path, names_before: set[str]) -> list[str]:
    """The files that appeared in `folder` since, removed."""
    appeared = sorted(set(os.listdir(folder)) - names_before)
    for name in appeared:
        if (folder / name).is_file():
            (folder / name).unlink()
    return appeared


@asynccontextmanager
async def _sites(hosts: list[str]) -> AsyncIterator[list[str]]:
    """Each host serving `site_pages()`; yields the origins (http://host:port)."""
    async with AsyncExitStack() as stack:
        served = [await stack.enter_async_context(serve(make_app(site_pages()), host)) for host in hosts]
        yield [s.url("").rstrip("/") for s in served]
