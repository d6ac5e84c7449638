"""The Celery app, built from `[queue]`: the broker's URL (its password from the environment),
late acknowledgement, JSON only, no result backend (a run's completion lives in the database)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from ..config import Config, QueueConfig
from ..errors import UsageError
from ..logs import register_secret

TASK_NAME = "auditor.audit_site"


def queue_config(config: Config) -> QueueConfig:
    if config.queue is None:
        raise UsageError("配置中没有 [queue]：worker 需要消息队列 (no [queue] in the config: set its broker)")
    return config.queue


def broker_url(config: Config) -> str:
    """The broker's URL with its password from the environment, registered to be masked in logs."""
    queue = queue_config(config)
    if queue.url_env:
        url = os.environ.get(queue.url_env)
        if not url:
            raise UsageError(f"[queue] url_env: 环境变量 {queue.url_env} 未设置 (set it to the broker URL)")
        register_secret(urlsplit(url).password)
        return url
    if not queue.password_env:
        return queue.broker
    password = os.environ.get(queue.password_env)
    if password is None:
        raise UsageError(f"[queue] password_env: 环境变量 {queue.password_env} 未设置 (set it to the broker password)")
    return _with_password(queue.broker, password)


def rate_limits_url(config: Config) -> str | None:
    """The Redis where workers share their request starts to each host (issue 21 part 3):
    `rate_limits` with its password from the environment, else the broker when it is Redis,
    else None (each worker keeps its own per-host limits)."""
    queue = queue_config(config)
    if not queue.rate_limits:
        broker = broker_url(config)
        return broker if urlsplit(broker).scheme in ("redis", "rediss") else None
    if not queue.rate_limits_password_env:
        return queue.rate_limits
    password = os.environ.get(queue.rate_limits_password_env)
    if password is None:
        raise UsageError(f"[queue] rate_limits_password_env: 环境变量 {queue.rate_limits_password_env} 未设置 "
                         "(set it to the rate_limits Redis's password)")
    return _with_password(queue.rate_limits, password)


def _with_password(url: str, password: str) -> str:
    """`url` with `password` in it, the password registered to be masked in logs."""
    register_secret(password)
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    user = quote(parts.username or "", safe="")
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))


def make_app(config: Config) -> Any:
    """A Celery app for `config`'s broker (Celery has no type hints: the app is `Any` here)."""
    from celery import Celery

    queue = queue_config(config)
    app = Celery("auditor", broker=broker_url(config), set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # a task is acknowledged when it ends: a dead worker's task goes to another
        task_reject_on_worker_lost=True,  # ... also when the pool's child running it is killed
        worker_prefetch_multiplier=1,  # a worker holds no more tasks than it runs: none wait behind a long site
        task_serializer="json", accept_content=["json"], result_serializer="json",
        task_ignore_result=True, result_backend=None,  # completion is in the database (tasks.py)
        task_default_queue=queue.name,
        # Redis gives an unacknowledged task to another worker after this; RabbitMQ when the connection drops
        broker_transport_options={"visibility_timeout": config.queue_visibility_seconds()},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,  # the auditor's JSON logs, secrets masked (logs.py) ...
        worker_redirect_stdouts=False,  # ... written to stderr itself, not through a logger back to the root one
        worker_enable_remote_control=False,  # no pidbox queue per worker on the broker
        worker_send_task_events=False,
    )
    return app


def delete_queue(config: Config, name: str) -> None:
    """Delete the queue `name` on `config`'s broker, and the tasks waiting in it (an estate retired,
    a test's or a benchmark's own queue after its run)."""
    app = make_app(config)
    try:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(name)
    finally:
        app.close()
