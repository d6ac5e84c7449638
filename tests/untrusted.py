"""The one check every HTML output passes: crawled text shown as text, never as markup."""

from __future__ import annotations

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = (SCRIPT, IMG)


def assert_escaped(html: str) -> None:
    """No hostile string appears raw, and no script or img element exists at all."""
    for raw in HOSTILE:
        assert raw not in html
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered


def assert_shown_escaped(html: str) -> None:
    """The hostile strings are in the HTML as text a reader sees, not dropped."""
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
