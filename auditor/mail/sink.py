"""A local SMTP server that keeps every message it receives as a `.eml` file (aiosmtpd).

For `auditor demo`, and for trying `auditor bulletin --send` without a real mail server:

    python -m auditor.mail.sink --folder received --port 8025

then `[mail] host = "127.0.0.1"`, `port = 8025`, `starttls = false`. Files are named by
arrival order and the first recipient (letters, digits and `@._-` only); a file already
in the folder is never overwritten.
"""

from __future__ import annotations

import argparse
import re
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session


class FolderHandler:
    """Writes each message, exactly as received, to `<folder>/<n>-<recipient>.eml`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: list[Path] = []
        self._count = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content or b""
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        recipient = re.sub(r"[^A-Za-z0-9@._-]", "_", (envelope.rcpt_tos or ["unknown"])[0])[:80]
        with self._lock:
            self._count += 1
            path = self.folder / f"{self._count:03d}-{recipient}.eml"
            while path.exists():  # a folder used before: never overwrite what an earlier sink kept
                self._count += 1
                path = self.folder / f"{self._count:03d}-{recipient}.eml"
            path.write_bytes(data)
            self.paths.append(path)
        return "250 Message accepted for delivery"


class MailSink:
    """`with MailSink(folder) as sink:` an SMTP server on `sink.host`:`sink.port` until the block ends."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.host = host
        self.port = port or free_port(host)
        self.handler = FolderHandler(folder)
        self._controller = Controller(self.handler, hostname=host, port=self.port)

    @property
    def paths(self) -> list[Path]:
        return list(self.handler.paths)

    def __enter__(self) -> MailSink:
        self._controller.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._controller.stop()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(description="keep every message sent to this SMTP server as a .eml file")
    parser.add_argument("--folder", type=Path, default=Path("received"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()
    with MailSink(args.folder, args.host, args.port) as sink:
        print(f"SMTP sink on {sink.host}:{sink.port}, writing to {args.folder}/ (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
