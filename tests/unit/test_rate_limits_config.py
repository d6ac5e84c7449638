"""`[queue] rate_limits`: where workers share their request starts (issue 21 part 3). Refused with a
password in the file, another scheme, or a password variable for no Redis; its URL is the broker's
when the broker is Redis, none for RabbitMQ, and gets its password from the environment, masked in logs."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import Config, parse_config
from auditor.errors import ConfigError, UsageError
from auditor.logs import redact
from auditor.queue.app import rate_limits_url

BASE = """
rulesets = ["mengjin-2011"]
[[sites]]
id = "portal"
name = "清河县人民政府"
url = "http://127.0.0.10/"
kind = "county"
"""


def _config(queue: str, tmp_path: Path) -> Config:
    return parse_config(BASE + "[queue]\n" + queue, tmp_path / "auditor.toml")


@pytest.mark.parametrize(("queue", "said"), [
    ('broker = "amqp://127.0.0.1//"\nrate_limits = "redis://:hunter2@127.0.0.1:6379/1"\n', "密码不能写在配置文件里"),
    ('broker = "amqp://127.0.0.1//"\nrate_limits = "amqp://127.0.0.1//"\n', "须为 redis:// 地址"),
    ('broker = "amqp://127.0.0.1//"\nrate_limits_password_env = "P"\n', "请同时填写 rate_limits"),
])
def test_rate_limits_that_cannot_work_are_refused(queue: str, said: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        _config(queue, tmp_path)
    assert said in str(refused.value) and "hunter2" not in str(refused.value)


def test_a_redis_broker_is_the_default_and_rabbitmq_shares_nothing(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert rate_limits_url(_config('broker = "redis://127.0.0.1:6379/0"\n', tmp_path)) == "redis://127.0.0.1:6379/0"
    monkeypatch.setenv("AUDITOR_TEST_BROKER_PW", "s3cret")
    config = _config('broker = "redis://mq@127.0.0.1:6379/0"\npassword_env = "AUDITOR_TEST_BROKER_PW"\n', tmp_path)
    assert rate_limits_url(config) == "redis://mq:s3cret@127.0.0.1:6379/0"
    assert rate_limits_url(_config('broker = "amqp://guest@127.0.0.1//"\n', tmp_path)) is None


def test_rate_limits_get_their_password_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config('broker = "amqp://127.0.0.1//"\nrate_limits = "redis://127.0.0.1:6379/1"\n'
                     'rate_limits_password_env = "AUDITOR_TEST_RATE_PW"\n', tmp_path)
    with pytest.raises(UsageError, match="AUDITOR_TEST_RATE_PW"):
        rate_limits_url(config)
    monkeypatch.setenv("AUDITOR_TEST_RATE_PW", "p@ss/word")
    url = rate_limits_url(config)
    assert url == "redis://:p%40ss%2Fword@127.0.0.1:6379/1"
    assert "p@ss/word" not in redact("connecting with p@ss/word")
    assert rate_limits_url(_config('broker = "amqp://127.0.0.1//"\nrate_limits = "redis://127.0.0.1:6379/1"\n',
                                   tmp_path)) == "redis://127.0.0.1:6379/1"
