"""`auditor extract`: what is read from one page, from a file or a URL."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parents[1] / "corpus" / "pages"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor.cli", "extract", *args], capture_output=True, text=True, timeout=60)


def labelled(kind: str) -> tuple[Path, dict]:
    label = next(p for p in sorted(PAGES.glob(f"*-{kind}.expected.json")))
    return label.with_name(label.name.replace(".expected.json", ".html")), json.loads(label.read_text(encoding="utf-8"))


def test_extract_a_document_file_as_json():
    page, label = labelled("document")
    done = run_cli(str(page), "--as-of", label["as_of"], "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["kind"] == "document"
    assert document["document"]["doc_no"] == label["expect"]["document"]["doc_no"]
    assert set(document) >= {"published", "items", "document", "identity", "links"}
    assert all(link["url"].startswith(("file:", "http", "mailto:", "javascript:", "tel:")) for link in document["links"])


def test_extract_table_shows_the_fields():
    page, label = labelled("document")
    done = run_cli(str(page), "--as-of", label["as_of"])
    assert done.returncode == 0, done.stderr
    assert "文号" in done.stdout and label["expect"]["document"]["doc_no"][:2] in done.stdout


@pytest.fixture()
def corpus_server():
    handler = functools.partial(QuietHandler, directory=str(PAGES))
    server = ThreadingHTTPServer(("127.0.0.81", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.81:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def test_extract_a_url_with_a_forced_kind(corpus_server):
    page, label = labelled("list")
    done = run_cli(f"{corpus_server}/{page.name}", "--as-of", label["as_of"], "--kind", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["kind"] == "list"
    assert len(document["items"]) == label["expect"]["items"]["count"]
    assert document["fetch"]["status"] == 200


def test_extract_errors_are_usage_errors(corpus_server):
    missing = run_cli("/nonexistent/page.html")
    assert missing.returncode == 2 and "无法读取" in missing.stderr and "Traceback" not in missing.stderr
    gone = run_cli(f"{corpus_server}/absent.html")
    assert gone.returncode == 2 and "无法访问（HTTP 404）" in gone.stderr  # the outcome and the reason, in words
