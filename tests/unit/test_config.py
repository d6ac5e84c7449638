"""The config contract: every key validated before any work, every refusal explained."""

from __future__ import annotations

import tomllib
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from auditor.config import Config, load_config, parse_config
from auditor.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.toml"

MINIMAL = """
rulesets = ["mengjin-2011"]

[[sites]]
id = "portal"
name = "清河县人民政府"
url = "http://127.0.0.10/"
kind = "county"

  [[sites.columns]]
  id = "news"
  name = "清河要闻"
  url = "http://127.0.0.10/xwzx/"
  kind = "news"
"""


def refusal(text: str, tmp_path: Path) -> str:
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value)


def test_example_config_loads():
    config = load_config(EXAMPLE)
    assert config.sites[0].columns[0].update_within_days == 1.0
    assert config.mail is not None and config.mail.password_env == "AUDITOR_SMTP_PASSWORD"


def _model_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    keys = set()
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        keys.add(prefix + name)
        for arg in (field.annotation, *typing.get_args(field.annotation)):
            for inner in (arg, *typing.get_args(arg)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    keys |= _model_keys(inner, f"{prefix}{name}.")
    return keys


def _document_keys(value, prefix: str = "") -> set[str]:
    keys = set()
    if isinstance(value, dict):
        for name, inner in value.items():
            keys.add(prefix + name)
            keys |= _document_keys(inner, f"{prefix}{name}.")
    elif isinstance(value, list):
        for inner in value:
            keys |= _document_keys(inner, prefix)
    return keys


def test_example_documents_every_config_key():
    documented = _document_keys(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))
    missing = _model_keys(Config) - documented
    assert not missing, f"config.example.toml lacks {sorted(missing)}"


def test_minimal_config_takes_defaults(tmp_path):
    config = parse_config(MINIMAL, tmp_path / "a.toml")
    assert config.crawl.per_host_concurrency == 2
    assert config.crawl.per_host_delay == 0.5
    assert config.mail is None and config.schedule is None
    assert config.ruleset_paths()[0].name == "mengjin-2011.toml"


def test_unknown_key_names_key_and_line(tmp_path):
    text = MINIMAL.replace('kind = "county"', 'kind = "county"\nadress = "x"')
    message = refusal(text, tmp_path)
    assert "sites[0].adress" in message
    assert "line 9" in message
    assert "unknown key" in message


def test_duplicate_site_id(tmp_path):
    text = MINIMAL + '\n[[sites]]\nid = "portal"\nname = "重复"\nurl = "http://127.0.0.11/"\nkind = "town"\n'
    assert "duplicate site id 'portal'" in refusal(text, tmp_path)


def test_column_outside_site(tmp_path):
    text = MINIMAL.replace("http://127.0.0.10/xwzx/", "http://127.0.0.99/xwzx/")
    message = refusal(text, tmp_path)
    assert "outside site 'portal'" in message and "columns[0].url" in message


def test_bad_cron(tmp_path):
    message = refusal(MINIMAL.replace("[[sites]]", '[schedule]\nfull_audit = "0 2 32 * *"\n\n[[sites]]', 1), tmp_path)
    assert "schedule.full_audit" in message and "does not parse" in message


def test_missing_ruleset_file(tmp_path):
    message = refusal(MINIMAL.replace('"mengjin-2011"', '"rules/nope.toml"'), tmp_path)
    assert "rules/nope.toml" in message and "neither a file" in message


def test_invalid_toml(tmp_path):
    assert "invalid TOML" in refusal(MINIMAL + "\n[[sites]\n", tmp_path)


def test_malformed_url(tmp_path):
    message = refusal(MINIMAL.replace('url = "http://127.0.0.10/"', 'url = "htp:/127.0.0.10"'), tmp_path)
    assert "sites[0].url" in message and "not an http(s) URL" in message


def test_bad_site_id_cannot_name_a_path(tmp_path):
    assert "sites[0].id" in refusal(MINIMAL.replace('id = "portal"', 'id = "../etc"'), tmp_path)


def test_bad_duration(tmp_path):
    message = refusal(MINIMAL.replace('kind = "news"', 'kind = "news"\nupdate_within = "3x"'), tmp_path)
    assert "update_within" in message and "invalid duration '3x'" in message


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "absent.toml")
