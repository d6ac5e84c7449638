"""`[queue]`: refused without a broker, with a password in the file, with another scheme, with a
visibility timeout shorter than a site's crawl; the broker's URL gets its password from the
environment and masks it in logs; without `[queue]` the command never imports Celery. `rate_limits`,
where workers share their request starts (issue 21 part 3): refused with a password in the file,
another scheme, or a password variable for no Redis; the broker's when the broker is Redis, none
for RabbitMQ, its password from the environment, masked in logs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from auditor.config import Config, parse_config
from auditor.errors import ConfigError, UsageError
from auditor.logs import redact
from auditor.queue.app import broker_url, make_app, rate_limits_url

BASE = """
rulesets = ["mengjin-2011"]
[[sites]]
id = "portal"
name = "清河县人民政府"
url = "http://127.0.0.10/"
kind = "county"
"""


def _config(queue: str, tmp_path: Path, crawl: str = "") -> Config:
    return parse_config(BASE + crawl + queue, tmp_path / "auditor.toml")


def _refusal(queue: str, tmp_path: Path, crawl: str = "") -> str:
    with pytest.raises(ConfigError) as refused:
        _config(queue, tmp_path, crawl)
    return str(refused.value)


def test_without_a_queue_table_there_is_none(tmp_path: Path) -> None:
    assert _config("", tmp_path).queue is None


def test_the_defaults(tmp_path: Path) -> None:
    config = _config('[queue]\nbroker = "redis://127.0.0.1:6379/0"\n', tmp_path, "[crawl]\nsite_timeout = 600\n")
    assert config.queue is not None
    assert (config.queue.name, config.queue.worker_concurrency, config.queue.task_retries) == ("auditor", 2, 3)
    assert config.queue_visibility_seconds() == 600 + 1800  # longer than a site's crawl, with its links and judgement


@pytest.mark.parametrize(("queue", "crawl", "said"), [
    ("[queue]\n", "", "请填写 broker 或 url_env"),
    ('[queue]\nbroker = "amqp://guest:hunter2@127.0.0.1//"\n', "", "密码不能写在配置文件里"),
    ('[queue]\nbroker = "http://127.0.0.1/"\n', "", "须为 amqp:// 或 redis://"),
    ('[queue]\nurl_env = "B"\nbroker = "amqp://127.0.0.1//"\n', "", "请填写 broker 或 url_env 其中之一"),
    ('[queue]\nurl_env = "B"\npassword_env = "P"\n', "", "url_env 的地址已含密码"),
    ('[queue]\nbroker = "redis://h/0"\nvisibility_timeout = 60\n', "[crawl]\nsite_timeout = 60\n", "须长于 [crawl] site_timeout"),
    ('[queue]\nbroker = "redis://h/0"\nworker_concurrency = 0\n', "", "queue.worker_concurrency"),
])
def test_a_queue_that_cannot_work_is_refused(queue: str, crawl: str, said: str, tmp_path: Path) -> None:
    message = _refusal(queue, tmp_path, crawl)
    assert said in message and "hunter2" not in message


def test_the_password_comes_from_the_environment_and_is_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config('[queue]\nbroker = "amqp://auditor@127.0.0.1:5672/office"\npassword_env = "BROKER_PW"\n', tmp_path)
    with pytest.raises(UsageError, match="BROKER_PW 未设置"):
        broker_url(config)
    monkeypatch.setenv("BROKER_PW", "s3cret/with@odd:chars")
    url = broker_url(config)
    assert url == "amqp://auditor:s3cret%2Fwith%40odd%3Achars@127.0.0.1:5672/office"
    assert "s3cret" not in redact(f"connecting to {url}")
    monkeypatch.setenv("BROKER_URL", "redis://:an0ther-secret@127.0.0.1:6379/2")
    whole = _config('[queue]\nurl_env = "BROKER_URL"\n', tmp_path)
    assert broker_url(whole) == "redis://:an0ther-secret@127.0.0.1:6379/2"
    assert "an0ther-secret" not in redact("redis://:an0ther-secret@127.0.0.1:6379/2")


def test_the_app_acknowledges_late_and_speaks_json_only(tmp_path: Path) -> None:
    config = _config('[queue]\nbroker = "redis://127.0.0.1:6379/0"\nname = "county"\nvisibility_timeout = 7200\n', tmp_path)
    app = make_app(config)
    try:
        conf = app.conf
        assert conf.task_acks_late and conf.task_reject_on_worker_lost and conf.worker_prefetch_multiplier == 1
        assert conf.accept_content == ["json"] and conf.task_serializer == "json" and conf.task_ignore_result
        assert conf.task_default_queue == "county"
        assert conf.broker_transport_options == {"visibility_timeout": 7200}
    finally:
        app.close()


def test_without_a_queue_the_audit_command_imports_no_celery() -> None:
    code = ("import sys; from auditor import cli, api, audit; from auditor.service import jobs; "
            "print(any(name == 'celery' or name.startswith(('celery.', 'kombu')) for name in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- rate_limits --


@pytest.mark.parametrize(("queue", "said"), [
    ('broker = "amqp://127.0.0.1//"\nrate_limits = "redis://:hunter2@127.0.0.1:6379/1"\n', "密码不能写在配置文件里"),
    ('broker = "amqp://127.0.0.1//"\nrate_limits = "amqp://127.0.0.1//"\n', "须为 redis:// 地址"),
    ('broker = "amqp://127.0.0.1//"\nrate_limits_password_env = "P"\n', "请同时填写 rate_limits"),
])
def test_rate_limits_that_cannot_work_are_refused(queue: str, said: str, tmp_path: Path) -> None:
    message = _refusal("[queue]\n" + queue, tmp_path)
    assert said in message and "hunter2" not in message


def test_a_redis_broker_is_the_default_and_rabbitmq_shares_nothing(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert rate_limits_url(_config('[queue]\nbroker = "redis://127.0.0.1:6379/0"\n', tmp_path)) == "redis://127.0.0.1:6379/0"
    monkeypatch.setenv("AUDITOR_TEST_BROKER_PW", "s3cret")
    config = _config('[queue]\nbroker = "redis://mq@127.0.0.1:6379/0"\npassword_env = "AUDITOR_TEST_BROKER_PW"\n', tmp_path)
    assert rate_limits_url(config) == "redis://mq:s3cret@127.0.0.1:6379/0"
    assert rate_limits_url(_config('[queue]\nbroker = "amqp://guest@127.0.0.1//"\n', tmp_path)) is None


def test_rate_limits_get_their_password_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config('[queue]\nbroker = "amqp://127.0.0.1//"\nrate_limits = "redis://127.0.0.1:6379/1"\n'
                     'rate_limits_password_env = "AUDITOR_TEST_RATE_PW"\n', tmp_path)
    with pytest.raises(UsageError, match="AUDITOR_TEST_RATE_PW"):
        rate_limits_url(config)
    monkeypatch.setenv("AUDITOR_TEST_RATE_PW", "p@ss/word")
    url = rate_limits_url(config)
    assert url == "redis://:p%40ss%2Fword@127.0.0.1:6379/1"
    assert "p@ss/word" not in redact("connecting with p@ss/word")
    assert rate_limits_url(_config('[queue]\nbroker = "amqp://127.0.0.1//"\nrate_limits = "redis://127.0.0.1:6379/1"\n',
                                   tmp_path)) == "redis://127.0.0.1:6379/1"
