"""What the tests read from ../shared beside the checkout (SPEC.md, the saved real pages), as fixtures.

Nothing is read at import time: a checkout without ../shared still collects, and the tests
that need it skip with the reason; in CI (CI set) they fail instead, since there they must run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
# the three saved government pages in ../shared/corpus/real (their labels: expected.json)
REAL_PAGES = ("gzggw.html", "other.html", "shanxi.html")


def _missing(path: Path) -> None:
    message = f"{path} is absent: the tests read SPEC.md and the saved real pages from ../shared beside the checkout"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: these tests must run, not skip)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        _missing(SHARED_DIR)
    return SHARED_DIR


@pytest.fixture(scope="session")
def spec_text(shared_dir: Path) -> str:
    """SPEC.md's text."""
    spec = shared_dir / "SPEC.md"
    if not spec.is_file():
        _missing(spec)
    return spec.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def real_corpus(shared_dir: Path) -> Path:
    """The folder of the saved real pages and their expected.json."""
    real = shared_dir / "corpus" / "real"
    if not (real / "expected.json").is_file():
        _missing(real / "expected.json")
    return real


@pytest.fixture(scope="session")
def real_expected(real_corpus: Path) -> dict[str, Any]:
    """The real pages' labels, by file name."""
    labels: dict[str, Any] = json.loads((real_corpus / "expected.json").read_text(encoding="utf-8"))
    return labels
