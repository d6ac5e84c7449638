"""Real webhook receivers for the alert tests: WeCom-style, DingTalk-style (signature checked) and plain JSON.

    with Receiver("dingtalk", secret="SEC123", fail_first=3) as robot:
        url = robot.url          # http://127.0.0.1:<port>/robot/send?access_token=…
        ...
        assert len(robot.accepted) == 1

A receiver answers like the real robot: HTTP 200 with {"errcode": 0} when it takes a
message; a DingTalk receiver recomputes the signature from its own secret and the
request's timestamp and answers errcode 310000 when it does not match (or when the
timestamp is more than an hour off). `fail_first` failures come first, as HTTP 500
(`fail_with="http"`) or as HTTP 200 with an errcode (`fail_with="errcode"`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from httpserver import free_port

WECOM_KEY = "wecom-key-7f3a9c21-SECRET"
DINGTALK_TOKEN = "dingtalk-token-5e8b0d44SECRET"
DINGTALK_SECRET = "SECdingtalk-secret-91c2ff"


@dataclass
class Request:
    path: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    kind: str  # wecom | dingtalk | webhook
    secret: str = ""  # dingtalk: verify signatures with it
    fail_first: int = 0
    fail_with: str = "http"  # http | errcode
    echo_key_in_error: bool = False  # a failing answer quotes the URL's key, as a careless server might
    requests: list[Request] = field(default_factory=list)
    accepted: list[Request] = field(default_factory=list)
    rejected_signatures: int = 0

    def __post_init__(self) -> None:
        self.port = free_port()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                status, answer = receiver._answer(self.path, raw)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        base = f"http://127.0.0.1:{self.port}"
        if self.kind == "wecom":
            return f"{base}/cgi-bin/webhook/send?key={WECOM_KEY}"
        if self.kind == "dingtalk":
            return f"{base}/robot/send?access_token={DINGTALK_TOKEN}"
        return f"{base}/hooks/auditor"

    def _answer(self, path: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        request = Request(parts.path, query, json.loads(raw.decode("utf-8")))
        with self._lock:
            self.requests.append(request)
            if self.kind == "dingtalk" and self.secret and not self._signed(query):
                self.rejected_signatures += 1
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
            if len(self.requests) - self.rejected_signatures <= self.fail_first:
                message = f"invalid key {WECOM_KEY}" if self.echo_key_in_error else "system busy"
                if self.fail_with == "http":
                    return 500, {"error": message}
                return 200, {"errcode": 45009, "errmsg": message}
            self.accepted.append(request)
        return 200, {"errcode": 0, "errmsg": "ok"} if self.kind != "webhook" else {"ok": True}

    def _signed(self, query: dict[str, str]) -> bool:
        timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
        if not timestamp.isdigit() or abs(int(timestamp) - time.time() * 1000) > 3_600_000:
            return False
        expected = base64.b64encode(hmac.new(self.secret.encode(), f"{timestamp}\n{self.secret}".encode(),
                                             hashlib.sha256).digest()).decode()
        return hmac.compare_digest(expected, sign)  # parse_qs already url-decoded it

    def __enter__(self) -> Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
