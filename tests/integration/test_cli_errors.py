"""Bad input gets a clear message and exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

GOOD = """
rulesets = ["mengjin-2011"]
[storage]
url = "sqlite:///a.db"

[[sites]]
id = "portal"
name = "清河县人民政府"
url = "http://127.0.0.10:9/"
kind = "county"
"""


def run_cli(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=60)


CASES = {
    "missing file": (None, "file not found"),
    "invalid toml": (GOOD + "\n[[sites]\n", "invalid TOML"),
    "unknown key": (GOOD.replace('kind = "county"', 'kind = "county"\ncolour = "red"'), "sites[0].colour"),
    "duplicate site": (GOOD + '\n[[sites]]\nid = "portal"\nname = "x"\nurl = "http://127.0.0.11/"\nkind = "town"\n', "duplicate site id"),
    "malformed url": (GOOD.replace("http://127.0.0.10:9/", "http//127.0.0.10"), "not an http(s) URL"),
    "bad port": (GOOD.replace("http://127.0.0.10:9/", "http://127.0.0.10:99999/"), "port"),
    "unreachable database": (GOOD.replace("sqlite:///a.db", "postgresql+psycopg://postgres@127.0.0.1:1/none"), "127.0.0.1"),
    "schedule without [schedule]": (GOOD, "[schedule]"),
    "cron with 4 fields": (GOOD + '\n[schedule]\nfull_audit = "0 2 1 *"\n', "4 fields"),
    "weekday 8": (GOOD + '\n[schedule]\ncadence_check = "0 9 * * 1-8"\n', "'1-8' is not a weekday"),
    "database password variable unset": (
        GOOD.replace('url = "sqlite:///a.db"', 'url = "postgresql+psycopg://auditor@127.0.0.1/a"\npassword_env = "AUDITOR_TEST_UNSET_PW"'),
        "AUDITOR_TEST_UNSET_PW",
    ),
}
COMMANDS = {"unreachable database": ("runs",), "schedule without [schedule]": ("schedule",),
            "database password variable unset": ("runs",)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exit_2_without_traceback(case, tmp_path):
    text, expected = CASES[case]
    if text is not None:
        (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
    command = COMMANDS.get(case, ("config", "check"))
    done = run_cli(*command, "--config", "auditor.toml", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert expected in done.stderr


def test_config_check_ok(tmp_path):
    (tmp_path / "auditor.toml").write_text(GOOD, encoding="utf-8")
    done = run_cli("config", "check", "auditor.toml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 个网站" in done.stdout


def test_bad_as_of_is_usage_error(tmp_path):
    (tmp_path / "auditor.toml").write_text(GOOD, encoding="utf-8")
    done = run_cli("audit", "--as-of", "yesterday", cwd=tmp_path)
    assert done.returncode == 2 and "--as-of" in done.stderr and "Traceback" not in done.stderr


def test_unknown_site_is_usage_error(tmp_path):
    (tmp_path / "auditor.toml").write_text(GOOD, encoding="utf-8")
    done = run_cli("audit", "--site", "nowhere", cwd=tmp_path)
    assert done.returncode == 2 and "nowhere" in done.stderr
